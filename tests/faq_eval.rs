//! `helpdesk faq eval` and `helpdesk faq fit`, end to end.

mod common;

use common::{run, stderr, stdout};

const QUESTIONS: &str = "# a small labelled set\n\
login-password-reset\ten\tforgot my password, how do I set a new one\n\
login-password-reset\tde\tpasswort vergessen\n\
-\ten\twhat is the weather in berlin tomorrow\n";

#[test]
fn prints_the_engine_and_both_baselines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("q.tsv");
    std::fs::write(&path, QUESTIONS).expect("write");
    let path = path.to_string_lossy().into_owned();
    let out = run(&["faq", "eval", &path]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    for name in ["engine", "fts5", "char-ngram", "login-password-reset"] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }

    let out = run(&["faq", "eval", &path, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["questions"], 3);
    let names: Vec<&str> = json["responders"]
        .as_array()
        .expect("responders")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["engine", "fts5", "char-ngram"]);
    assert_eq!(json["responders"][0]["overall"]["in_scope"], 2);
    assert_eq!(
        json["responders"][0]["calibration"]
            .as_array()
            .map(Vec::len),
        Some(10)
    );
}

#[test]
fn malformed_lines_are_named_and_fail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.tsv");
    std::fs::write(
        &path,
        "login-password-reset\ten\tfine\nno tabs here\n-\tfr\tbonjour\n",
    )
    .expect("write");
    let shown = path.to_string_lossy().into_owned();
    let out = run(&["faq", "eval", &shown]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{shown}:2: expected 3 tab-separated columns")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{shown}:3: language must be")),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
}

/// Runs `helpdesk faq fit` on the tuning file `tuning`, writing `model`.
fn fit(tuning: &std::path::Path, model: &std::path::Path) -> std::process::Output {
    run(&[
        "faq",
        "fit",
        "--tuning",
        &tuning.to_string_lossy(),
        "--out",
        &model.to_string_lossy(),
    ])
}

#[test]
fn fit_writes_a_model_the_engine_accepts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tuning = dir.path().join("tuning.tsv");
    // Five times: at least five out-of-scope questions, one per fold.
    std::fs::write(&tuning, QUESTIONS.repeat(5)).expect("write");
    let model = dir.path().join("ranker.toml");
    let out = fit(&tuning, &model);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = std::fs::read_to_string(&model).expect("model written");
    assert!(
        text.starts_with("# The answering model, fitted by"),
        "{text}"
    );
    knowledge::ranker::Model::parse(&text).expect("the written model parses");
}

#[test]
fn fit_refuses_too_few_questions_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tuning = dir.path().join("tuning.tsv");
    let model = dir.path().join("ranker.toml");
    for text in ["", QUESTIONS, &QUESTIONS.repeat(4)] {
        std::fs::write(&tuning, text).expect("write");
        let out = fit(&tuning, &model);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains("tuning.tsv: fitting needs at least 5"),
            "{err}"
        );
        assert!(!model.exists());
    }
}
