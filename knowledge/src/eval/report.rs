//! The figures of an evaluation run, as data (`--json`) and as text.

use super::{LabelledQuestion, Prediction};
use locales::{Lang, Localizer};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The headline figures over a set of questions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Questions counted.
    pub questions: usize,
    /// Of them, answered by the FAQ.
    pub in_scope: usize,
    /// Of them, not answered by the FAQ.
    pub out_of_scope: usize,
    /// Questions the system answered.
    pub answered: usize,
    /// Answers with an accepted article.
    pub right: usize,
    /// Out-of-scope questions the system declined.
    pub rejected: usize,
    /// Answers in the language of the question.
    pub same_language: usize,
    /// right / in scope.
    pub top1: f32,
    /// right / answered.
    pub precision: f32,
    /// rejected / out of scope.
    pub rejection: f32,
    /// same language / answered.
    pub language: f32,
}

fn ratio(a: usize, b: usize) -> f32 {
    if b == 0 { 1.0 } else { a as f32 / b as f32 }
}

impl Figures {
    fn of<'a>(pairs: impl Iterator<Item = (&'a LabelledQuestion, Outcome)>) -> Figures {
        let mut f = Figures::default();
        for (q, o) in pairs {
            f.questions += 1;
            if q.in_scope() {
                f.in_scope += 1;
            } else {
                f.out_of_scope += 1;
                if !o.answered {
                    f.rejected += 1;
                }
            }
            if o.answered {
                f.answered += 1;
                if o.right {
                    f.right += 1;
                }
                if o.lang == Some(q.lang) {
                    f.same_language += 1;
                }
            }
        }
        f.top1 = ratio(f.right, f.in_scope);
        f.precision = ratio(f.right, f.answered);
        f.rejection = ratio(f.rejected, f.out_of_scope);
        f.language = ratio(f.same_language, f.answered);
        f
    }
}

/// How one article fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleFigures {
    /// The article id.
    pub id: String,
    /// Questions it answers.
    pub questions: usize,
    /// Of them, answered with an accepted article.
    pub right: usize,
    /// Times it was given as the answer to a question it does not answer.
    pub wrongly_given: usize,
}

/// An article given in place of another (or for an out-of-scope question, `-`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    /// The first accepted article, or `-`.
    pub expected: String,
    /// The article given.
    pub given: String,
    /// How often.
    pub count: usize,
}

/// A confidence bin of the calibration table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    /// Lowest confidence in the bin.
    pub from: f32,
    /// Confidence the bin stops below (1.0 is included in the last bin).
    pub to: f32,
    /// Questions whose confidence falls in the bin.
    pub questions: usize,
    /// Their mean confidence.
    pub mean_confidence: f32,
    /// The share whose best article is right.
    pub accuracy: f32,
}

/// What answering from a threshold on would give.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdRow {
    /// Answer when the confidence is at least this.
    pub threshold: f32,
    /// right / answered.
    pub precision: f32,
    /// right / in scope (top-1 at this threshold).
    pub coverage: f32,
    /// Out-of-scope questions declined.
    pub rejection: f32,
}

/// Every figure of one system.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponderReport {
    /// `engine`, `fts5` or `char-ngram`.
    pub name: String,
    /// Over all questions.
    pub overall: Figures,
    /// Per language of the question.
    pub by_lang: BTreeMap<String, Figures>,
    /// Per article.
    pub by_article: Vec<ArticleFigures>,
    /// Wrong answers, most frequent first.
    pub confusions: Vec<Confusion>,
    /// Confidence against observed accuracy, in tenths.
    pub calibration: Vec<Bin>,
    /// Precision and coverage when answering from each threshold on.
    pub thresholds: Vec<ThresholdRow>,
    /// The best top-1 this system reaches at the reference precision or
    /// better, whatever its threshold (`None`: it never gets there).
    pub top1_at_reference_precision: Option<f32>,
}

/// The figures of every system in a run; the first one is the reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Questions in the file.
    pub questions: usize,
    /// The precision at which the systems' top-1 is compared: the first
    /// system's own unless one was asked for.
    pub reference_precision: f32,
    /// One entry per system, the engine first.
    pub responders: Vec<ResponderReport>,
}

#[derive(Debug, Clone, Copy)]
struct Outcome {
    answered: bool,
    /// The system named a best article.
    has_top: bool,
    /// The best article is accepted (also when declined).
    top_right: bool,
    /// Answered and right.
    right: bool,
    confidence: f32,
    lang: Option<Lang>,
}

fn outcome(q: &LabelledQuestion, p: &Prediction) -> Outcome {
    let top_right = p.top.as_ref().is_some_and(|t| q.accepted.contains(t));
    Outcome {
        answered: p.answered && p.top.is_some(),
        has_top: p.top.is_some(),
        top_right,
        right: p.answered && top_right,
        confidence: p.confidence,
        lang: p.lang,
    }
}

/// Answering at `threshold`: (precision, coverage, rejection).
fn at_threshold(
    questions: &[LabelledQuestion],
    outcomes: &[Outcome],
    threshold: f32,
) -> (f32, f32, f32) {
    let (mut answered, mut right, mut in_scope, mut oos, mut rejected) = (0, 0, 0, 0, 0);
    for (q, o) in questions.iter().zip(outcomes) {
        let answers = o.has_top && o.confidence >= threshold;
        if q.in_scope() {
            in_scope += 1;
        } else {
            oos += 1;
            if !answers {
                rejected += 1;
            }
        }
        if answers {
            answered += 1;
            if o.top_right {
                right += 1;
            }
        }
    }
    (
        ratio(right, answered),
        ratio(right, in_scope),
        ratio(rejected, oos),
    )
}

/// The best coverage at `precision` or better over every possible threshold.
fn top1_at_precision(
    questions: &[LabelledQuestion],
    outcomes: &[Outcome],
    precision: f32,
) -> Option<f32> {
    let mut thresholds: Vec<f32> = outcomes
        .iter()
        .map(|o| o.confidence)
        .filter(|c| *c > 0.0)
        .collect();
    thresholds.sort_by(f32::total_cmp);
    thresholds.dedup();
    thresholds
        .into_iter()
        .map(|t| at_threshold(questions, outcomes, t))
        .filter(|(p, _, _)| *p >= precision - 1e-6)
        .map(|(_, c, _)| c)
        .max_by(f32::total_cmp)
}

impl ResponderReport {
    fn new(
        name: &str,
        questions: &[LabelledQuestion],
        predictions: &[Prediction],
    ) -> ResponderReport {
        let outcomes: Vec<Outcome> = questions
            .iter()
            .zip(predictions)
            .map(|(q, p)| outcome(q, p))
            .collect();
        let pairs = || questions.iter().zip(outcomes.iter().copied());
        let overall = Figures::of(pairs());
        let by_lang = Lang::ALL
            .iter()
            .map(|lang| {
                (
                    lang.code().to_string(),
                    Figures::of(pairs().filter(|(q, _)| q.lang == *lang)),
                )
            })
            .collect();
        let mut articles: BTreeMap<String, ArticleFigures> = BTreeMap::new();
        let mut confusions: BTreeMap<(String, String), usize> = BTreeMap::new();
        for ((q, o), p) in pairs().zip(predictions) {
            for id in &q.accepted {
                let a = articles
                    .entry(id.clone())
                    .or_insert_with(|| ArticleFigures {
                        id: id.clone(),
                        questions: 0,
                        right: 0,
                        wrongly_given: 0,
                    });
                a.questions += 1;
                if o.right {
                    a.right += 1;
                }
            }
            if o.answered
                && !o.right
                && let Some(given) = &p.top
            {
                let a = articles
                    .entry(given.clone())
                    .or_insert_with(|| ArticleFigures {
                        id: given.clone(),
                        questions: 0,
                        right: 0,
                        wrongly_given: 0,
                    });
                a.wrongly_given += 1;
                let expected = q
                    .accepted
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "-".to_string());
                *confusions.entry((expected, given.clone())).or_default() += 1;
            }
        }
        let mut confusions: Vec<Confusion> = confusions
            .into_iter()
            .map(|((expected, given), count)| Confusion {
                expected,
                given,
                count,
            })
            .collect();
        confusions.sort_by_key(|c| std::cmp::Reverse(c.count));
        let calibration = (0..10)
            .map(|i| {
                let from = i as f32 / 10.0;
                let to = from + 0.1;
                let inside: Vec<&Outcome> = outcomes
                    .iter()
                    .filter(|o| {
                        o.confidence >= from
                            && (o.confidence < to || (i == 9 && o.confidence <= 1.0))
                    })
                    .collect();
                let n = inside.len();
                Bin {
                    from,
                    to,
                    questions: n,
                    mean_confidence: if n == 0 {
                        0.0
                    } else {
                        inside.iter().map(|o| o.confidence).sum::<f32>() / n as f32
                    },
                    accuracy: if n == 0 {
                        0.0
                    } else {
                        inside.iter().filter(|o| o.top_right).count() as f32 / n as f32
                    },
                }
            })
            .collect();
        let thresholds = (0..20)
            .map(|i| {
                let threshold = i as f32 / 20.0;
                let (precision, coverage, rejection) =
                    at_threshold(questions, &outcomes, threshold);
                ThresholdRow {
                    threshold,
                    precision,
                    coverage,
                    rejection,
                }
            })
            .collect();
        ResponderReport {
            name: name.to_string(),
            overall,
            by_lang,
            by_article: articles.into_values().collect(),
            confusions,
            calibration,
            thresholds,
            top1_at_reference_precision: None,
        }
    }
}

impl Report {
    /// The figures of each `(name, predictions)` run over `questions`, each
    /// system's top-1 compared at precision `at` (default: the first
    /// system's precision).
    pub fn new(
        questions: &[LabelledQuestion],
        runs: &[(String, Vec<Prediction>)],
        at: Option<f32>,
    ) -> Report {
        let mut responders: Vec<ResponderReport> = runs
            .iter()
            .map(|(name, predictions)| ResponderReport::new(name, questions, predictions))
            .collect();
        let reference = at.or_else(|| responders.first().map(|r| r.overall.precision));
        if let Some(reference) = reference {
            for ((_, predictions), report) in runs.iter().zip(responders.iter_mut()) {
                let outcomes: Vec<Outcome> = questions
                    .iter()
                    .zip(predictions)
                    .map(|(q, p)| outcome(q, p))
                    .collect();
                report.top1_at_reference_precision =
                    top1_at_precision(questions, &outcomes, reference);
            }
        }
        Report {
            questions: questions.len(),
            reference_precision: reference.unwrap_or(1.0),
            responders,
        }
    }

    /// The system called `name`.
    pub fn responder(&self, name: &str) -> Option<&ResponderReport> {
        self.responders.iter().find(|r| r.name == name)
    }

    /// The report as text for a terminal, headings in `lang`.
    pub fn render(&self, l: &Localizer, lang: Lang) -> String {
        let mut out = String::new();
        let pct = |x: f32| format!("{:.3}", x);
        let _ = writeln!(
            out,
            "{}",
            l.format(
                lang,
                "faq-eval-summary",
                &[("questions", self.questions.into())]
            )
        );
        let reference = self.reference_precision;
        let _ = writeln!(
            out,
            "{:<12} {:>7} {:>9} {:>9} {:>8} {:>9}  {}",
            l.text(lang, "faq-eval-system"),
            "top-1",
            l.text(lang, "faq-eval-precision"),
            l.text(lang, "faq-eval-rejection"),
            l.text(lang, "faq-eval-language"),
            l.text(lang, "faq-eval-answered"),
            l.format(
                lang,
                "faq-eval-at-precision",
                &[("precision", pct(reference).into())]
            ),
        );
        for r in &self.responders {
            for (label, f) in std::iter::once(("all", &r.overall))
                .chain(r.by_lang.iter().map(|(k, f)| (k.as_str(), f)))
            {
                let name = if label == "all" {
                    r.name.clone()
                } else {
                    format!("  {label}")
                };
                let equal = if label == "all" {
                    r.top1_at_reference_precision.map_or("-".to_string(), pct)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "{:<12} {:>7} {:>9} {:>9} {:>8} {:>9}  {}",
                    name,
                    pct(f.top1),
                    pct(f.precision),
                    pct(f.rejection),
                    pct(f.language),
                    format!("{}/{}", f.answered, f.questions),
                    equal
                );
            }
        }
        for r in &self.responders {
            let _ = writeln!(out, "\n== {} ==", r.name);
            let _ = writeln!(out, "{}", l.text(lang, "faq-eval-per-article"));
            for a in &r.by_article {
                let _ = writeln!(
                    out,
                    "  {:<32} {:>3}/{:<3} +{}",
                    a.id, a.right, a.questions, a.wrongly_given
                );
            }
            let _ = writeln!(out, "{}", l.text(lang, "faq-eval-confusions"));
            for c in r.confusions.iter().take(15) {
                let _ = writeln!(out, "  {:>3}  {} -> {}", c.count, c.expected, c.given);
            }
            let _ = writeln!(out, "{}", l.text(lang, "faq-eval-calibration"));
            for b in &r.calibration {
                if b.questions > 0 {
                    let _ = writeln!(
                        out,
                        "  {:.1}-{:.1}  {:>4}  {:.3}  {:.3}",
                        b.from, b.to, b.questions, b.mean_confidence, b.accuracy
                    );
                }
            }
            let _ = writeln!(out, "{}", l.text(lang, "faq-eval-thresholds"));
            for t in &r.thresholds {
                let _ = writeln!(
                    out,
                    "  {:.2}  {}  {}  {}",
                    t.threshold,
                    pct(t.precision),
                    pct(t.coverage),
                    pct(t.rejection)
                );
            }
        }
        out
    }
}
