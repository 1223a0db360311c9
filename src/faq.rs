//! `helpdesk faq check` and `helpdesk faq eval`.

use crate::Outcome;
use crate::cli::{CheckArgs, EvalArgs};
use knowledge::corpus::{embedded_files, read_dir_files};
use locales::{Lang, Localizer};
use std::path::Path;

/// Checks the corpus and prints every problem as `file:line: message`.
pub fn check(
    l: &Localizer,
    lang: Lang,
    faq_dir: Option<&Path>,
    args: CheckArgs,
) -> anyhow::Result<Outcome> {
    let files = match args.dir.as_deref().or(faq_dir) {
        Some(dir) => match read_dir_files(dir) {
            Ok(files) => files,
            Err(problems) => return Ok(report(l, lang, &problems)),
        },
        None => embedded_files(),
    };
    let problems = knowledge::check(&files);
    if problems.is_empty() {
        println!(
            "{}",
            l.format(lang, "faq-check-clean", &[("articles", files.len().into())])
        );
        return Ok(Outcome::Done);
    }
    Ok(report(l, lang, &problems))
}

fn report(l: &Localizer, lang: Lang, problems: &[knowledge::Diagnostic]) -> Outcome {
    for problem in problems {
        println!("{problem}");
    }
    eprintln!(
        "{}",
        l.format(
            lang,
            "faq-check-problems",
            &[("problems", problems.len().into())]
        )
    );
    Outcome::Problems
}

/// Runs labelled questions through the engine and both baselines and prints the figures.
pub fn eval(
    l: &Localizer,
    lang: Lang,
    faq_dir: Option<&Path>,
    args: EvalArgs,
) -> anyhow::Result<Outcome> {
    let shown = args.questions.display().to_string();
    let text = std::fs::read_to_string(&args.questions)
        .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    let questions = match knowledge::eval::parse_questions(&shown, &text) {
        Ok(questions) => questions,
        Err(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            return Ok(Outcome::Problems);
        }
    };
    let corpus = match faq_dir {
        Some(dir) => knowledge::Corpus::load_dir(dir),
        None => knowledge::Corpus::embedded(),
    }
    .map_err(knowledge::KnowledgeError::Corpus)?;
    let kb = knowledge::KnowledgeBase::from_corpus(&corpus)?;
    let report = knowledge::eval::evaluate_all(&kb, &corpus, &questions)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.render(l, lang));
    }
    Ok(Outcome::Done)
}
