//! Property tests for what the knowledge engine reads from people: FAQ files
//! (front matter) and questions. Whatever the text, nothing panics, a
//! diagnostic names a line of its file, and an answer's confidence is a
//! share between 0 and 1. Case counts are bounded so each runs in seconds.

use knowledge::Lang;
use knowledge::corpus::SourceFile;
use knowledge::{KnowledgeBase, Topics, check};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Lines a front matter is made of, good and bad.
fn front_matter_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+++".to_string()),
        Just("title = \"How do I reset my password?\"".to_string()),
        Just("questions = [\"a\", \"b\", \"c\"]".to_string()),
        Just("questions = [\"only one\"]".to_string()),
        Just("tags = [\"login\"]".to_string()),
        Just("tags = [\"nonsense\"]".to_string()),
        Just("related = [\"login-password-reset\", \"no-such-article\"]".to_string()),
        Just("questions = [".to_string()),
        Just("]".to_string()),
        "[a-z_]{1,8} = \"[^\"\\\\\n]{0,12}\"",
        "[^\n]{0,20}",
        Just(String::new()),
    ]
}

fn faq_file() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(front_matter_line(), 0..16).prop_map(|l| l.join("\n")),
        proptest::collection::vec(front_matter_line(), 0..12)
            .prop_map(|l| format!("+++\n{}\n+++\nThe answer.\n", l.join("\n"))),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn faq_files_never_panic_and_diagnostics_name_a_line_of_the_file(text in faq_file()) {
        let lines = 1 + text.matches('\n').count();
        let file = SourceFile {
            path: "en/prop-article.md".into(),
            lang: Lang::En,
            id: "prop-article".into(),
            text,
        };
        for problem in check(&[file], &Topics::embedded()) {
            // Line 0 is a problem of the whole file (a missing translation).
            prop_assert!(problem.line <= lines, "{problem}");
            prop_assert_eq!(problem.path.as_str(), "en/prop-article.md");
        }
    }
}

/// The shipped FAQ, indexed once for all cases.
fn knowledge_base() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| KnowledgeBase::embedded().expect("the shipped FAQ"))
}

fn question() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-ZäöüÄÖÜß ?!.,\"*~^:()\\[\\]{}+-]{0,200}",
        proptest::collection::vec(
            prop_oneof![
                Just("passwort"),
                Just("password"),
                Just("Gruppeneinladung"),
                Just("gmail"),
                Just("AND"),
                Just("OR"),
                Just("NOT"),
                Just("\"")
            ],
            0..20
        )
        .prop_map(|words| words.join(" ")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_question_gets_an_answer_or_an_honest_no(
        text in question(),
        lang in prop_oneof![Just(None), Just(Some(Lang::En)), Just(Some(Lang::De))],
    ) {
        let answer = knowledge_base().answer(&text, lang).expect("answering never fails");
        prop_assert!((0.0..=1.0).contains(&answer.confidence), "{}", answer.confidence);
        // Answered means sure enough; below the threshold it says it does not know.
        if answer.answered() {
            let threshold = knowledge_base().confidence_threshold();
            prop_assert!(answer.confidence >= threshold, "{} < {threshold}", answer.confidence);
        }
        for alternative in &answer.alternatives {
            prop_assert!((0.0..=1.0).contains(&alternative.confidence));
        }
    }
}
