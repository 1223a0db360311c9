//! `helpdesk faq check`.

use crate::Outcome;
use crate::cli::CheckArgs;
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
