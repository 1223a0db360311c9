use super::*;

#[test]
fn reads_ids_languages_and_comments() {
    let text = "# comment\nlogin-password-reset,login-account-locked\tde\tpw vergessen\n\n-\ten\tweather?\n";
    let questions = parse_questions("q.tsv", text).expect("parses");
    assert_eq!(questions.len(), 2);
    assert_eq!(questions[0].line, 2);
    assert_eq!(
        questions[0].accepted,
        ["login-password-reset", "login-account-locked"]
    );
    assert_eq!(questions[0].lang, Lang::De);
    assert!(!questions[1].in_scope());
}

#[test]
fn names_the_line_of_every_malformed_row() {
    let text = "a\ten\tfine\nonly two\tcolumns\nb\tfr\tquestion\nBad Id\ten\tq\nc\tde\t  \n";
    let problems = parse_questions("q.tsv", text).expect_err("malformed");
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 4, "{shown:?}");
    assert!(shown[0].starts_with("q.tsv:2: expected 3"), "{shown:?}");
    assert!(shown[1].starts_with("q.tsv:3: language"), "{shown:?}");
    assert!(shown[2].starts_with("q.tsv:4: accepted ids"), "{shown:?}");
    assert!(
        shown[3].starts_with("q.tsv:5: the question is empty"),
        "{shown:?}"
    );
}

#[test]
fn an_empty_id_column_or_a_comma_too_many_is_said_in_plain_words() {
    let text = "\ten\tq\nlogin-password-reset,\ten\tq\na,,b\ten\tq\n , \ten\tq\n";
    let shown: Vec<String> = parse_questions("q.tsv", text)
        .expect_err("malformed")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        [
            "q.tsv:1: the accepted ids are empty: write `-` for a question the FAQ does not answer",
            "q.tsv:2: the accepted ids `login-password-reset,` have an empty one: a comma too many",
            "q.tsv:3: the accepted ids `a,,b` have an empty one: a comma too many",
            "q.tsv:4: the accepted ids `,` have an empty one: a comma too many",
        ]
    );
}

#[test]
fn a_byte_order_mark_is_read_past_and_out_of_scope_is_not_an_id() {
    let questions =
        parse_questions("q.tsv", "\u{feff}login-password-reset\ten\tpw\n").expect("bom");
    assert_eq!(questions[0].accepted, ["login-password-reset"]);
    let problems = parse_questions("q.tsv", "-,login-password-reset\ten\tpw\n")
        .expect_err("both in and out of scope");
    assert!(problems[0].to_string().starts_with("q.tsv:1: accepted ids"));
}

#[test]
fn old_mac_line_ends_are_named_and_crlf_is_read() {
    let mac = "login-password-reset\ten\tpw\r-\tde\tRechnung\r";
    let problems = parse_questions("q.tsv", mac).expect_err("bare CR");
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .to_string()
            .starts_with("q.tsv:1: a carriage return inside the line"),
        "{}",
        problems[0]
    );
    let windows = mac.replace('\r', "\r\n");
    assert_eq!(parse_questions("q.tsv", &windows).expect("CRLF").len(), 2);
}

#[test]
fn a_file_without_questions_or_with_a_huge_one_is_refused() {
    for text in ["", "# only a comment\n\n"] {
        let problems = parse_questions("q.tsv", text).expect_err("empty");
        assert_eq!(
            problems[0].to_string(),
            "q.tsv: no questions: every line is empty or a comment"
        );
    }
    let long = format!("-\ten\t{}\n", "a".repeat(MAX_QUESTION_CHARS + 1));
    let problems = parse_questions("q.tsv", &long).expect_err("too long");
    assert!(
        problems[0]
            .to_string()
            .starts_with("q.tsv:1: the question has 4001 characters"),
        "{}",
        problems[0]
    );
    let longest = format!("-\ten\t{}\n", "ä".repeat(MAX_QUESTION_CHARS));
    assert!(
        parse_questions("q.tsv", &longest).is_ok(),
        "characters, not bytes"
    );
}

fn q(accepted: &[&str], lang: Lang) -> LabelledQuestion {
    LabelledQuestion {
        line: 1,
        accepted: accepted.iter().map(|s| s.to_string()).collect(),
        lang,
        text: "x".into(),
    }
}

fn p(top: &str, answered: bool, confidence: f32, lang: Lang) -> Prediction {
    Prediction {
        top: Some(top.into()),
        answered,
        confidence,
        lang: Some(lang),
    }
}

#[test]
fn counts_top1_precision_rejection_and_language() {
    let questions = vec![
        q(&["a"], Lang::En),
        q(&["a", "b"], Lang::De),
        q(&["c"], Lang::En),
        q(&[], Lang::En),
        q(&[], Lang::De),
    ];
    let predictions = vec![
        p("a", true, 0.9, Lang::En),
        p("b", true, 0.8, Lang::En),
        p("a", true, 0.7, Lang::En),
        p("a", true, 0.6, Lang::En),
        p("c", false, 0.1, Lang::De),
    ];
    let report = Report::new(&questions, &[("engine".into(), predictions)], None);
    let f = &report.responders[0].overall;
    assert_eq!((f.in_scope, f.answered, f.right, f.rejected), (3, 4, 2, 1));
    assert!((f.top1 - 2.0 / 3.0).abs() < 1e-6);
    assert!((f.precision - 0.5).abs() < 1e-6);
    assert!((f.rejection - 0.5).abs() < 1e-6);
    // The German question was answered in English.
    assert!((f.language - 0.75).abs() < 1e-6);
    let confusions = &report.responders[0].confusions;
    assert!(
        confusions
            .iter()
            .any(|c| c.expected == "c" && c.given == "a")
    );
    assert!(
        confusions
            .iter()
            .any(|c| c.expected == "-" && c.given == "a")
    );
    // From 0.8 on only right answers are left: full precision at coverage 2/3.
    let best = report.responders[0]
        .top1_at_reference_precision
        .expect("reachable");
    assert!((best - 2.0 / 3.0).abs() < 1e-6);
    let bin = &report.responders[0].calibration[9];
    assert_eq!((bin.questions, bin.accuracy), (1, 1.0));
}

#[test]
fn top1_is_compared_at_the_precision_asked_for() {
    let questions = vec![q(&["a"], Lang::En); 4];
    let predictions = vec![
        p("a", true, 0.9, Lang::En),
        p("b", true, 0.8, Lang::En),
        p("a", true, 0.7, Lang::En),
        p("a", true, 0.6, Lang::En),
    ];
    let runs = [("engine".to_string(), predictions)];
    let own = Report::new(&questions, &runs, None);
    assert!((own.reference_precision - 0.75).abs() < 1e-6);
    assert_eq!(own.responders[0].top1_at_reference_precision, Some(0.75));
    // Held to 1.0, only the answer at 0.9 is left.
    let strict = Report::new(&questions, &runs, Some(1.0));
    assert_eq!(strict.reference_precision, 1.0);
    assert_eq!(strict.responders[0].top1_at_reference_precision, Some(0.25));
}

#[test]
fn one_question_is_counted_as_one_in_both_languages() {
    let l = locales::Localizer::embedded().expect("locales");
    let runs = [("engine".to_string(), vec![p("a", true, 0.9, Lang::En)])];
    let one = Report::new(&[q(&["a"], Lang::En)], &runs, None);
    assert!(one.render(&l, Lang::En).starts_with("1 question\n"));
    assert!(one.render(&l, Lang::De).starts_with("1 Frage\n"));
    let runs = [("engine".to_string(), vec![p("a", true, 0.9, Lang::En); 2])];
    let two = Report::new(&[q(&["a"], Lang::En), q(&["a"], Lang::En)], &runs, None);
    assert!(two.render(&l, Lang::En).starts_with("2 questions\n"));
    assert!(two.render(&l, Lang::De).starts_with("2 Fragen\n"));
}

#[test]
fn questions_the_engine_cannot_tell_apart_share_a_link_fold() {
    let text = |t: &str| LabelledQuestion {
        text: t.into(),
        ..q(&["a"], Lang::De)
    };
    let questions: Vec<LabelledQuestion> = [
        "Wie lade ich ein?",
        "bonus",
        "wie  lade ich EIN",
        "Bonus!",
        "something else",
    ]
    .into_iter()
    .map(text)
    .collect();
    let folds = link_folds(&questions, 5, &[]);
    assert_eq!(folds[2], folds[0]);
    assert_eq!(folds[3], folds[1]);
    assert_eq!(folds[4], 4);
    assert_ne!(folds[0], folds[1]);
}

#[test]
fn with_several_groups_of_writers_each_group_is_one_link_fold() {
    let text = |t: &str| LabelledQuestion {
        text: t.into(),
        ..q(&["a"], Lang::De)
    };
    let questions: Vec<LabelledQuestion> = ["eins", "zwei", "drei", "eins", "fünf"]
        .into_iter()
        .map(text)
        .collect();
    // Group numbers need not be dense: a file without questions leaves a gap.
    assert_eq!(link_folds(&questions, 5, &[4, 4, 7, 7, 4]), [0, 0, 1, 1, 0]);
    // One group is no grouping: the questions are dealt as before.
    assert_eq!(
        link_folds(&questions, 5, &[2; 5]),
        link_folds(&questions, 5, &[])
    );
}
