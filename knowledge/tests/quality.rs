//! The quality bar: the frozen model on the test part of the labelled
//! questions (`knowledge/eval/test.tsv`), written blind and never used for
//! fitting or tuning.
//!
//! The targets are top-1 >= 0.95, precision >= 0.97, out-of-scope
//! rejection >= 0.95, answer language >= 0.98, and top-1 above FTS5 and the
//! character n-gram search at equal precision. The measured levels are
//! asserted as floors so that a regression fails; the targets that are met
//! are asserted as targets.
//!
//! `test.tsv` is the second test part (2026-11-24). The shipped model (the
//! eighteenth) measured top-1 0.795 (264 of 332), precision 0.971 (264 of
//! 272), rejection 0.960 (120 of 125), language 1.000 on it. With the
//! seventeenth it is the first model with the tuning questions linked to
//! their articles in the shipped corpus (`helpdesk faq link`), fitted on
//! each question seen both with the others linked and with nothing linked.
//! Each was measured once, after passing the first test part, `growth.rs`
//! and `extra_corpus.rs` (rules set before it was measured). The
//! seventeenth measured 0.792 / 0.967, rejection 0.960; a review then found
//! that its fit let questions differing only in case or punctuation see each
//! other linked, and the eighteenth is that fit mended. The thirteenth
//! measured 0.596 (198 of 332) / 0.957 (198 of 207), rejection 0.968 (121 of
//! 125). The fourteenth (the first test part added to the tuning
//! questions), 0.554 / 0.953, failed the second corpus's precision floor;
//! the fifteenth (tuning questions relabelled) and the sixteenth (linked,
//! fitted on the linked view alone) were not measured here: the fifteenth
//! fell short of the thirteenth on the first test part, the sixteenth
//! failed the second corpus's precision floor by one answer.
//!
//! `first_test.tsv` is the first test part, retired because thirteen models
//! were measured on it, then used to choose among the fifteenth to the
//! seventeenth. 55 of its questions are also tuning questions, now linked
//! in the shipped corpus, so its figures flatter the linked models: the
//! eighteenth measured 0.845 (169 of 200), precision 0.988 (169 of 171),
//! rejection 0.973, and 0.803 / 0.984 without those 55. The thirteenth
//! measured 0.650 (130 of 200), precision 0.949 (130 of 137), rejection
//! 0.973 (72 of 74), language 0.993; the models before it 0.600 / 0.968
//! (the twelfth), 0.655 / 0.949 (the eleventh and tenth), 0.655 / 0.942 (the
//! ninth), 0.590 / 0.967 (the eighth), 0.620 / 0.954 (the seventh and
//! sixth), 0.550 / 0.948, 0.530 / 0.946, 0.310 / 0.954, 0.310 / 0.939 and
//! 0.425 / 0.914. It stays as a
//! regression check.

use knowledge::eval::{Report, evaluate_all, parse_questions};
use knowledge::{Corpus, KnowledgeBase};

fn evaluated(path: &str, text: &str) -> Report {
    let questions = parse_questions(path, text).expect("the questions parse");
    assert!(questions.len() >= 270, "{path}: {}", questions.len());
    let corpus = Corpus::embedded().expect("corpus");
    let kb = KnowledgeBase::from_corpus(&corpus).expect("index");
    evaluate_all(&kb, &corpus, &questions, None).expect("evaluation runs")
}

#[test]
fn the_engine_holds_its_measured_level_on_the_test_questions() {
    let report = evaluated("knowledge/eval/test.tsv", include_str!("../eval/test.tsv"));
    let engine = report.responder("engine").expect("engine");
    let fts5 = report.responder("fts5").expect("fts5");
    let ngram = report.responder("char-ngram").expect("char-ngram");
    let f = &engine.overall;
    let shown = format!("{f:?}");

    // Targets met.
    assert!(f.language >= 0.98, "answer language: {shown}");
    let at_equal_precision = engine.top1_at_reference_precision.unwrap_or(0.0);
    for baseline in [fts5, ngram] {
        let theirs = baseline.top1_at_reference_precision.unwrap_or(0.0);
        assert!(
            at_equal_precision > theirs,
            "{} reaches top-1 {theirs} at the engine's precision, the engine {at_equal_precision}",
            baseline.name
        );
    }
    assert!(f.rejection >= 0.95, "out-of-scope rejection: {shown}");

    // Met, by one answer: 264 of 272 right.
    assert!(f.precision >= 0.97, "precision: {shown}");

    // Not met (0.95): the measured floor.
    assert!(
        f.top1 >= 0.795 - 1e-3,
        "top-1 below its measured 0.795 (264 of 332): {shown}"
    );
}

#[test]
fn the_engine_holds_its_level_on_the_retired_first_test_part() {
    let report = evaluated(
        "knowledge/eval/first_test.tsv",
        include_str!("../eval/first_test.tsv"),
    );
    let f = &report.responder("engine").expect("engine").overall;
    let shown = format!("{f:?}");
    assert!(f.language >= 0.98, "answer language: {shown}");
    assert!(f.rejection >= 0.95, "out-of-scope rejection: {shown}");
    assert!(f.top1 >= 0.845 - 1e-6, "top-1 below 0.845: {shown}");
    assert!(f.precision >= 0.987, "precision below 0.988: {shown}");
}

/// The questions kept for the next model must stay usable as the FAQ
/// changes: each file parses and names only articles that exist. Their
/// figures are not asserted here; the validation part is read only when a
/// candidate model is screened.
#[test]
fn the_validation_and_next_tuning_questions_name_only_articles_that_exist() {
    let corpus = Corpus::embedded().expect("corpus");
    for (path, text, at_least) in [
        (
            "knowledge/eval/validation.tsv",
            include_str!("../eval/validation.tsv"),
            250,
        ),
        (
            "knowledge/eval/tuning_next.tsv",
            include_str!("../eval/tuning_next.tsv"),
            500,
        ),
        (
            "knowledge/eval/validation_second.tsv",
            include_str!("../eval/validation_second.tsv"),
            450,
        ),
    ] {
        let questions = parse_questions(path, text).expect("the questions parse");
        assert!(questions.len() >= at_least, "{path}: {}", questions.len());
        let out_of_scope = questions.iter().filter(|q| q.accepted.is_empty()).count();
        assert!(
            out_of_scope * 4 >= questions.len(),
            "{path}: {out_of_scope} out of scope"
        );
        for q in &questions {
            if let Some(problem) = knowledge::eval::unknown_ids(&corpus, &q.accepted) {
                panic!("{path}: {:?}: {problem}", q.text);
            }
        }
    }
}
