//! The quality bar: the frozen model on the test part of the labelled
//! questions (`knowledge/eval/test.tsv`), written blind and never used for
//! fitting or tuning.
//!
//! The targets are top-1 >= 0.95, precision >= 0.97, out-of-scope
//! rejection >= 0.95, answer language >= 0.98, and top-1 above FTS5 and the
//! character n-gram search at equal precision. The shipped model (thirteenth
//! measured; chosen by cross-validation inside tuning.tsv and the growth
//! check on the tuning questions, then shipped by a rule set before it was
//! measured: the second corpus's tests must hold) reaches rejection,
//! language and the baselines: top-1 0.650 (130 of 200), precision 0.949
//! (130 of 137), rejection 0.973 (72 of 74), language 0.993. Measured
//! before it: 0.600 / 0.968 (the twelfth, rejection 0.986), 0.655 / 0.949
//! (the eleventh, rejection 0.973)
//! and 0.655 / 0.942 (the ninth, rejection 0.959), not shipped because with
//! the extra corpus the shipped articles lost 11 and 2 right answers (the
//! tenth, 0.655 / 0.949, lost 12); 0.590 / 0.967 (the eighth), 0.620 /
//! 0.954 (the seventh, and the sixth alike), 0.550 / 0.948, 0.530 / 0.946,
//! 0.310 / 0.954, 0.310 / 0.939 and 0.425 / 0.914 (not shipped). The
//! measured levels are asserted as floors so that a regression fails; the
//! targets that are met are asserted as targets.

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

    assert!(f.rejection >= 0.95, "out-of-scope rejection: {shown}");

    // Targets not met (0.95 and 0.97): the measured floors.
    assert!(
        f.top1 >= 0.65 - 1e-6,
        "top-1 below its measured 0.650 (130 of 200): {shown}"
    );
    assert!(
        f.precision >= 0.948,
        "precision below its measured 0.949 (130 of 137): {shown}"
    );
}
