//! Measuring answering on labelled questions: the engine and two baselines in
//! one run, with the figures the support team needs to trust a threshold.
//!
//! The questions file has one `accepted-ids<TAB>lang<TAB>question` per line
//! (`-` = the FAQ does not answer it, several ids comma-separated, `#` starts
//! a comment line).

mod fts;
mod ngram;
mod report;

pub use fts::Fts5Baseline;
pub use ngram::NgramBaseline;
pub use report::{ArticleFigures, Bin, Confusion, Figures, Report, ResponderReport, ThresholdRow};

use crate::check::Diagnostic;
use crate::{KnowledgeBase, KnowledgeError};
use locales::Lang;
use locales::Said;

/// One labelled question.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledQuestion {
    /// The 1-based line in its file.
    pub line: usize,
    /// Every article that answers it; empty when the FAQ does not.
    pub accepted: Vec<String>,
    /// The language it is written in.
    pub lang: Lang,
    /// What the member typed.
    pub text: String,
}

impl LabelledQuestion {
    /// Whether the FAQ answers it.
    pub fn in_scope(&self) -> bool {
        !self.accepted.is_empty()
    }
}

/// The fold each question is held out in when the corpus links the
/// questions themselves (`faq fit`, and tests that measure such a corpus):
/// questions with the same folded words (case, punctuation and spacing
/// aside, as the engine compares a question with a phrasing) fall in the
/// fold of the first of them, so that none sees another linked.
///
/// With several groups of writers (`writers[i]`, the tuning file of question
/// `i`; empty: one group), each group is one fold instead: a writer's other
/// questions are often rephrasings of the same one, and seen linked they
/// would point to its article as nothing points a new member's question.
pub fn link_folds(questions: &[LabelledQuestion], folds: usize, writers: &[usize]) -> Vec<usize> {
    let writer_of = |i: usize| writers.get(i).copied().unwrap_or(0);
    let groups: std::collections::BTreeSet<usize> = (0..questions.len()).map(writer_of).collect();
    if groups.len() > 1 {
        let groups: Vec<usize> = groups.into_iter().collect();
        return (0..questions.len())
            .map(|i| groups.binary_search(&writer_of(i)).unwrap_or(0))
            .collect();
    }
    let folds = folds.max(1);
    let mut first_asked: std::collections::HashMap<String, usize> = Default::default();
    questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let key = crate::corpus::phrasing_key(q.lang, &q.text);
            if key.is_empty() {
                i % folds
            } else {
                *first_asked.entry(key).or_insert(i) % folds
            }
        })
        .collect()
}

/// Each fold of [`link_folds`] with the corpus its questions are asked of:
/// `corpus` with that fold's questions unlinked, so that none finds itself.
/// The questions are given by their places in `questions`.
pub fn link_fold_corpora(
    corpus: &crate::Corpus,
    questions: &[LabelledQuestion],
    folds: usize,
    writers: &[usize],
) -> Vec<(crate::Corpus, Vec<usize>)> {
    let fold_of = link_folds(questions, folds, writers);
    let count = fold_of.iter().max().map_or(0, |last| last + 1);
    (0..count)
        .map(|fold| {
            let members: Vec<usize> = (0..questions.len())
                .filter(|i| fold_of[*i] == fold)
                .collect();
            let seen_by = corpus.unlinking(members.iter().map(|i| questions[*i].text.as_str()));
            (seen_by, members)
        })
        .collect()
}

/// The longest question a questions file may hold: Discord's longest
/// message. The baselines compare whole texts, and a megabyte-long line kept
/// `faq eval` busy for minutes.
pub const MAX_QUESTION_CHARS: usize = 4_000;

/// Reads a questions file; every malformed line becomes a `path:line` problem.
/// A file without a single question is a problem too: its figures would all
/// read 1.000.
pub fn parse_questions(path: &str, text: &str) -> Result<Vec<LabelledQuestion>, Vec<Diagnostic>> {
    let mut questions = Vec::new();
    let mut problems = Vec::new();
    // A byte-order mark is invisible: left in, it would make the first id
    // look right and be refused.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        // Old Mac line ends make the whole file one line, whose column
        // count alone would not say why.
        if raw.contains('\r') {
            problems.push(Diagnostic::new(
                path,
                line,
                Said::of("faq-questions-bare-cr"),
            ));
            continue;
        }
        let parts: Vec<&str> = raw.split('\t').collect();
        if parts.len() != 3 {
            problems.push(Diagnostic::new(
                path,
                line,
                Said::of("faq-questions-columns").with("found", parts.len()),
            ));
            continue;
        }
        let Some(lang) = Lang::parse(parts[1]) else {
            problems.push(Diagnostic::new(
                path,
                line,
                Said::of("faq-questions-lang").with("given", parts[1]),
            ));
            continue;
        };
        let ids = parts[0].trim();
        let accepted: Vec<String> = if ids == "-" {
            Vec::new()
        } else {
            ids.split(',').map(|id| id.trim().to_string()).collect()
        };
        // An empty column or entry gets its own words: `not ``` or a
        // trailing comma is hard to see in the message that names the text.
        let wrong = if ids.is_empty() {
            Some(Said::of("faq-questions-ids-empty"))
        } else if accepted.iter().any(String::is_empty) {
            Some(Said::of("faq-questions-ids-empty-one").with("ids", ids))
        } else if accepted.iter().any(|id| !valid_id(id)) {
            Some(Said::of("faq-questions-ids-invalid").with("ids", ids))
        } else {
            None
        };
        if let Some(wrong) = wrong {
            problems.push(Diagnostic::new(path, line, wrong));
            continue;
        }
        let question = parts[2].trim();
        if question.is_empty() {
            problems.push(Diagnostic::new(path, line, Said::of("faq-questions-empty")));
            continue;
        }
        let chars = question.chars().count();
        if chars > MAX_QUESTION_CHARS {
            problems.push(Diagnostic::new(
                path,
                line,
                Said::of("faq-questions-too-long")
                    .with("chars", chars)
                    .with("most", MAX_QUESTION_CHARS),
            ));
            continue;
        }
        questions.push(LabelledQuestion {
            line,
            accepted,
            lang,
            text: question.to_string(),
        });
    }
    if problems.is_empty() && questions.is_empty() {
        problems.push(Diagnostic::new(path, 0, Said::of("faq-questions-none")));
    }
    if problems.is_empty() {
        Ok(questions)
    } else {
        Err(problems)
    }
}

/// Whether `accepted` names only articles of `corpus`; the problem names the
/// unknown ones. `faq eval` and `faq link` refuse the same labels.
pub fn unknown_ids(corpus: &crate::Corpus, accepted: &[String]) -> Option<Said> {
    let unknown: Vec<&str> = accepted
        .iter()
        .filter(|id| corpus.articles.iter().all(|a| &a.id != *id))
        .map(String::as_str)
        .collect();
    (!unknown.is_empty()).then(|| Said::of("faq-unknown-ids").with("ids", unknown.join("`, `")))
}

/// An article id as the corpus spells them: lower-case letters, digits and
/// hyphens, starting with a letter or digit (so `-` stays "out of scope").
fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// What one system said to one question.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The best article, also when the system declined to answer with it.
    pub top: Option<String>,
    /// Whether the system answered with `top`.
    pub answered: bool,
    /// How sure the system is that `top` is right, 0..1.
    pub confidence: f32,
    /// The language of the answer.
    pub lang: Option<Lang>,
}

/// A system that answers questions from the FAQ.
pub trait Responder {
    /// Its name in reports.
    fn name(&self) -> &str;
    /// Its answer to `question`.
    fn predict(&self, question: &str) -> Result<Prediction, KnowledgeError>;
}

/// The engine, asked the way the bot asks it (language detected).
pub struct Engine<'a>(pub &'a KnowledgeBase);

impl Responder for Engine<'_> {
    fn name(&self) -> &str {
        "engine"
    }

    fn predict(&self, question: &str) -> Result<Prediction, KnowledgeError> {
        let answer = self.0.answer(question, None)?;
        let top = match &answer.article {
            Some(found) => Some(found.id.clone()),
            None => answer.alternatives.first().map(|s| s.id.clone()),
        };
        Ok(Prediction {
            answered: answer.article.is_some(),
            top,
            confidence: answer.confidence,
            lang: Some(answer.lang),
        })
    }
}

/// Runs every question through every responder and gathers the figures.
/// Each system's top-1 is also compared at precision `at` (default: the
/// first system's).
pub fn evaluate(
    questions: &[LabelledQuestion],
    responders: &[&dyn Responder],
    at: Option<f32>,
) -> Result<Report, KnowledgeError> {
    let mut runs = Vec::new();
    for responder in responders {
        let mut predictions = Vec::with_capacity(questions.len());
        for q in questions {
            predictions.push(responder.predict(&q.text)?);
        }
        runs.push((responder.name().to_string(), predictions));
    }
    Ok(Report::new(questions, &runs, at))
}

/// The engine, the FTS5 baseline and the character n-gram baseline over
/// `corpus`, compared at precision `at` (default: the engine's).
pub fn evaluate_all(
    kb: &KnowledgeBase,
    corpus: &crate::Corpus,
    questions: &[LabelledQuestion],
    at: Option<f32>,
) -> Result<Report, KnowledgeError> {
    let fts = Fts5Baseline::new(corpus)?;
    let ngram = NgramBaseline::new(corpus);
    evaluate(questions, &[&Engine(kb), &fts, &ngram], at)
}

#[cfg(test)]
mod tests;
