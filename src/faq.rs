//! `helpdesk faq check`.

use crate::Outcome;
use crate::cli::CheckArgs;
use knowledge::Topics;
use knowledge::analysis::AnalysisData;
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
    let mut problems = Vec::new();
    let (files, topics) = match args.dir.as_deref().or(faq_dir) {
        Some(dir) => {
            let files = match read_dir_files(dir) {
                Ok(files) => files,
                Err(problems) => return Ok(report(l, lang, &problems)),
            };
            // A broken topics file is reported; the tags are then checked
            // against the built-in topics so their problems still show.
            let topics = Topics::load_dir(dir).unwrap_or_else(|p| {
                problems.extend(p);
                Topics::embedded()
            });
            if let Err(p) = AnalysisData::load_dir(dir) {
                problems.extend(p);
            }
            (files, topics)
        }
        None => (embedded_files(), Topics::embedded()),
    };
    problems.extend(knowledge::check(&files, &topics));
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
