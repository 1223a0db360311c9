//! The quality bar: the frozen model on the test part of the labelled
//! questions (`knowledge/eval/test.tsv`), written blind and never used for
//! fitting or tuning.
//!
//! The targets are top-1 >= 0.95, precision >= 0.97, out-of-scope
//! rejection >= 0.95, answer language >= 0.98, and top-1 above FTS5 and the
//! character n-gram search at equal precision. The shipped model (v3, with
//! the tuning questions as exemplars) does NOT reach the first three: at the
//! threshold chosen on tuning for precision 0.97 it measured top-1 0.425
//! (85 of 200), precision 0.914 (85 of 93) and rejection 0.946 on this file.
//! This file has now been measured after three frozen models: round 1 v1
//! (top-1 0.310, precision 0.954), v2 (0.310, 0.939, rejection 0.99) and v3;
//! each was frozen on cross-validation inside tuning.tsv before it was run
//! here, and only aggregates were read. The measured levels are asserted as
//! floors so that a regression fails; the targets that are met as targets.

use knowledge::eval::{evaluate_all, parse_questions};
use knowledge::{Corpus, KnowledgeBase};

#[test]
fn the_engine_holds_its_measured_level_on_the_test_questions() {
    let questions = parse_questions("knowledge/eval/test.tsv", include_str!("../eval/test.tsv"))
        .expect("test.tsv parses");
    assert!(questions.len() >= 270);
    let corpus = Corpus::embedded().expect("corpus");
    let kb = KnowledgeBase::from_corpus(&corpus).expect("index");
    let report = evaluate_all(&kb, &corpus, &questions).expect("evaluation runs");
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

    // Targets not met (0.95, 0.97 and 0.95): the measured floors.
    assert!(
        f.top1 >= 0.425 - 1e-6,
        "top-1 below its measured 0.425: {shown}"
    );
    assert!(
        f.precision >= 0.913,
        "precision below its measured 0.914: {shown}"
    );
    assert!(
        f.rejection >= 0.945,
        "out-of-scope rejection below its measured 0.946: {shown}"
    );
}
