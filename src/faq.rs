//! `helpdesk faq check`, `eval`, `fit` and `link`.

use crate::Outcome;
use crate::cli::{CheckArgs, EvalArgs, FaqLinkArgs, FitArgs};
use knowledge::Topics;
use knowledge::corpus::embedded_files;
use locales::{Lang, Localizer};
use std::path::{Path, PathBuf};

/// Checks the corpus and prints every problem as `file:line: message`.
pub fn check(
    l: &Localizer,
    lang: Lang,
    faq_dir: Option<&Path>,
    args: CheckArgs,
) -> anyhow::Result<Outcome> {
    let (files, problems, thin) = match args.dir.as_deref().or(faq_dir) {
        Some(dir) => {
            let folder = knowledge::check::examine_dir(dir);
            (folder.files, folder.problems, folder.thin)
        }
        None => {
            let files = embedded_files();
            let found = knowledge::examine(&files, &Topics::embedded());
            (files, found.problems, found.thin)
        }
    };
    if !problems.is_empty() {
        return Ok(report(l, lang, &problems, false));
    }
    println!(
        "{}",
        l.format(lang, "faq-check-clean", &[("articles", files.len().into())])
    );
    // Not problems, so only said of a clean folder: a new article is right to
    // start with few questions, but the team should know it will seldom be
    // answered until members' questions are linked to it.
    for article in thin {
        println!(
            "{}",
            l.format(
                lang,
                "faq-check-thin",
                &[
                    ("path", article.path.into()),
                    ("phrasings", article.phrasings.into())
                ]
            )
        );
    }
    Ok(Outcome::Done)
}

/// Says `problems` and their count and gives [`Outcome::Problems`]. `faq
/// check` prints them on standard output, since they are what it was asked
/// for; `faq link` on standard error (`as_errors`), as `faq eval` and `faq
/// fit` say theirs, so that its standard output only carries what was linked.
fn report(
    l: &Localizer,
    lang: Lang,
    problems: &[knowledge::Diagnostic],
    as_errors: bool,
) -> Outcome {
    for problem in problems {
        if as_errors {
            eprintln!("{}", problem.in_lang(l, lang));
        } else {
            println!("{}", problem.in_lang(l, lang));
        }
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
    let Some(questions) = read_questions(l, lang, &args.questions) else {
        return Ok(Outcome::Problems);
    };
    let corpus = load_corpus(faq_dir)?;
    let shown = args.questions.display().to_string();
    let problems = unknown_labels(&corpus, &questions, |_| shown.as_str());
    if !problems.is_empty() {
        say_problems(l, lang, &problems);
        return Ok(Outcome::Problems);
    }
    let kb = knowledge::KnowledgeBase::from_corpus(&corpus)?;
    let report = knowledge::eval::evaluate_all(&kb, &corpus, &questions, args.at_precision)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.render(l, lang));
    }
    Ok(Outcome::Done)
}

/// Every question whose label names an article `corpus` does not have, as
/// `file:line` (`file_of` gives the file of the `i`th question). Such a
/// label counts its question as missed, and hides a typo in the labels
/// behind a lower figure, or in `faq fit` behind a model fitted to it.
fn unknown_labels<'a>(
    corpus: &knowledge::Corpus,
    questions: &[knowledge::eval::LabelledQuestion],
    file_of: impl Fn(usize) -> &'a str,
) -> Vec<knowledge::Diagnostic> {
    questions
        .iter()
        .enumerate()
        .filter_map(|(i, q)| {
            knowledge::eval::unknown_ids(corpus, &q.accepted)
                .map(|problem| knowledge::Diagnostic::new(file_of(i), q.line, problem))
        })
        .collect()
}

/// Prints `problems` on standard error, each as `file:line: message` in `lang`.
fn say_problems(l: &Localizer, lang: Lang, problems: &[knowledge::Diagnostic]) {
    for problem in problems {
        eprintln!("{}", problem.in_lang(l, lang));
    }
}

/// The labelled questions in `path`, or `None` after printing why not.
fn read_questions(
    l: &Localizer,
    lang: Lang,
    path: &Path,
) -> Option<Vec<knowledge::eval::LabelledQuestion>> {
    let shown = path.display().to_string();
    let problem = match std::fs::read(path) {
        Err(e) => knowledge::Diagnostic::unreadable(shown, &e),
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => match knowledge::eval::parse_questions(&shown, &text) {
                Ok(questions) => return Some(questions),
                Err(problems) => {
                    say_problems(l, lang, &problems);
                    return None;
                }
            },
            // At the line `not_utf8` finds, with the hint for a questions file.
            Err(e) => knowledge::Diagnostic {
                message: locales::Said::of("faq-questions-not-utf8"),
                ..knowledge::Diagnostic::not_utf8(shown, &e)
            },
        },
    };
    say_problems(l, lang, &[problem]);
    None
}

fn load_corpus(faq_dir: Option<&Path>) -> anyhow::Result<knowledge::Corpus> {
    Ok(match faq_dir {
        Some(dir) => knowledge::Corpus::load_dir(dir),
        None => knowledge::Corpus::embedded(),
    }
    .map_err(knowledge::KnowledgeError::Corpus)?)
}

/// Fits the ranker and calibrator on tuning questions and writes the model file.
pub fn fit(
    l: &Localizer,
    lang: Lang,
    faq_dir: Option<&Path>,
    args: FitArgs,
) -> anyhow::Result<Outcome> {
    // Every file's problems (a file that cannot be opened, by its path; a
    // file's malformed lines) are said before any file is refused.
    let mut questions = Vec::new();
    let mut groups = Vec::new();
    let mut unreadable = false;
    let mut read_before: Vec<PathBuf> = Vec::new();
    for (group, path) in args.tuning.iter().enumerate() {
        // One file twice is one group of writers seen as two: each copy's
        // questions would be judged by models fitted on the other.
        let same = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if read_before.contains(&same) {
            eprintln!(
                "{}",
                l.format(
                    lang,
                    "faq-fit-tuning-twice",
                    &[("path", path.display().to_string().into())]
                )
            );
            unreadable = true;
            continue;
        }
        read_before.push(same);
        match read_questions(l, lang, path) {
            Some(read) => {
                groups.extend(std::iter::repeat_n(group, read.len()));
                questions.extend(read);
            }
            None => unreadable = true,
        }
    }
    // Said now, not after a fit of minutes whose model could not be kept.
    let out_refused = match args
        .out
        .as_deref()
        .and_then(|out| out_problem(l, lang, out, &read_before))
    {
        Some(problem) => {
            eprintln!("{problem}");
            true
        }
        None => false,
    };
    if unreadable {
        return Ok(Outcome::Problems);
    }
    let shown: Vec<String> = args
        .tuning
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    // Fewer leave a fold without one kind: the threshold would be chosen on
    // nothing and the file would report precision and top-1 of 1.000.
    let folds = knowledge::ranker::fit::FOLDS;
    let out_of_scope = questions.iter().filter(|q| q.accepted.is_empty()).count();
    let in_scope = questions.len() - out_of_scope;
    if in_scope < folds || out_of_scope < folds {
        eprintln!(
            "{}",
            l.format(
                lang,
                "faq-fit-too-few",
                &[
                    ("path", shown.join(", ").into()),
                    ("folds", (folds as u64).into()),
                    ("in_scope", (in_scope as u64).into()),
                    ("out_of_scope", (out_of_scope as u64).into()),
                ]
            )
        );
        return Ok(Outcome::Problems);
    }
    if out_refused {
        return Ok(Outcome::Problems);
    }
    let corpus = load_corpus(faq_dir)?;
    let problems = unknown_labels(&corpus, &questions, |i| shown[groups[i]].as_str());
    if !problems.is_empty() {
        say_problems(l, lang, &problems);
        return Ok(Outcome::Problems);
    }
    let examples = knowledge::KnowledgeBase::examples(&corpus, &questions, folds, &groups)?;
    let (model, summary) =
        knowledge::ranker::fit::fit(&examples, &groups, knowledge::ranker::fit::TARGET_PRECISION);
    // The figures pool both views of a question when the corpus links them.
    let views = if examples.len() > questions.len() {
        "\n# Each question is seen twice: with the others linked, and with\n\
         # nothing linked, as a new article is."
    } else {
        ""
    };
    let groups_note = if args.tuning.len() > 1 {
        "\n# Each file's questions are seen with none of that file's linked, and\n\
         # the threshold is set on them as judged by models fitted without\n\
         # that file: a new member's writing has been neither linked nor fitted."
    } else {
        ""
    };
    let header = format!(
        "# The answering model, fitted by `helpdesk faq fit --tuning {}`.\n\
         # Do not edit by hand: refit instead. Cross-validated on the tuning\n\
         # questions (5 folds, 6 fold assignments pooled): precision {:.3},\n\
         # top-1 {:.3}, out-of-scope rejection {:.3} (L2 {} for the ranker,\n\
         # {} for the calibrator, chosen by cross-validation);\n\
         # ranking alone, every question answered: top-1 {:.3}.{views}{groups_note}",
        shown.join(" --tuning "),
        summary.precision,
        summary.top1,
        summary.rejection,
        summary.l2.ranker,
        summary.l2.calibrator,
        summary.ranked_top1
    );
    let file = model.to_file(&header);
    match &args.out {
        Some(path) => {
            write_whole(path, &file).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            println!(
                "{}",
                l.format(
                    lang,
                    "faq-fit-written",
                    &[
                        ("path", path.display().to_string().into()),
                        ("threshold", format!("{:.3}", summary.threshold).into()),
                        ("precision", format!("{:.3}", summary.precision).into()),
                        ("top1", format!("{:.3}", summary.top1).into()),
                    ]
                )
            );
        }
        None => print!("{file}"),
    }
    Ok(Outcome::Done)
}

/// What is wrong with `path` as the model file `faq fit --out` writes, if
/// anything: a folder, a folder that does not exist, a read-only file, or
/// one of the `tuning` files, whose labelled questions it would replace.
fn out_problem(l: &Localizer, lang: Lang, path: &Path, tuning: &[PathBuf]) -> Option<String> {
    let shown = path.display().to_string();
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (id, folder_shown) = if path.is_dir() {
        ("faq-fit-out-is-folder", None)
    } else if !folder.is_dir() {
        ("faq-fit-out-no-folder", Some(folder.display().to_string()))
    } else if std::fs::canonicalize(path).is_ok_and(|same| tuning.contains(&same)) {
        ("faq-fit-out-is-tuning", None)
    } else if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        // The rename below would replace it all the same.
        ("faq-fit-out-read-only", None)
    } else {
        return None;
    };
    Some(l.format(
        lang,
        id,
        &[
            ("path", shown.into()),
            ("folder", folder_shown.unwrap_or_default().into()),
        ],
    ))
}

/// Writes `text` to `path` whole or not at all: beside it first, then
/// renamed over it, so a full disk never leaves half a model behind.
fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    let mut staged = path.as_os_str().to_owned();
    staged.push(".fitting");
    let staged = std::path::PathBuf::from(staged);
    let written = std::fs::write(&staged, text).and_then(|()| std::fs::rename(&staged, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&staged);
    }
    written
}

/// Links every in-scope labelled question to its first article in
/// `--faq-dir`. Every question is checked before any file is written; a
/// second run with the same questions changes nothing.
pub fn link(
    l: &Localizer,
    lang: Lang,
    faq_dir: Option<&Path>,
    args: FaqLinkArgs,
) -> anyhow::Result<Outcome> {
    let Some(dir) = faq_dir else {
        eprintln!("{}", l.text(lang, "faq-link-needs-dir"));
        return Ok(Outcome::Problems);
    };
    let Some(questions) = read_questions(l, lang, &args.questions) else {
        return Ok(Outcome::Problems);
    };
    // Linking into a folder that `faq check` refuses would write more into
    // files that need fixing first, and hide their problems behind success.
    // The folder is read once: the files checked are the ones planned from,
    // and each edited file must still say what was checked.
    let folder = knowledge::check::examine_dir(dir);
    if !folder.problems.is_empty() {
        return Ok(report(l, lang, &folder.problems, true));
    }
    let corpus = knowledge::Corpus {
        topics: folder.topics,
        analysis: folder.analysis,
        ..knowledge::Corpus::from_files(folder.files.clone())
            .map_err(knowledge::KnowledgeError::Corpus)?
    };
    let plan = match knowledge::corpus::LinkPlan::new(
        &corpus,
        &args.questions.display().to_string(),
        &questions,
    ) {
        Ok(plan) => plan,
        Err(problems) => return Ok(report(l, lang, &problems, true)),
    };
    let done = match plan.write(dir, &folder.files) {
        Ok(done) => done,
        // Nothing was replaced unless the problems say so; a second run
        // skips what is linked and finishes the rest.
        Err(problems) => return Ok(report(l, lang, &problems, true)),
    };
    println!(
        "{}",
        l.format(
            lang,
            "faq-link-done",
            &[
                ("linked", (done.linked as u64).into()),
                ("files", (done.files as u64).into()),
                ("known", (done.known as u64).into()),
                ("skipped", (plan.skipped as u64).into()),
                ("dir", dir.display().to_string().into()),
            ]
        )
    );
    Ok(Outcome::Done)
}
