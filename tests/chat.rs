//! `helpdesk chat`: the bot's engine in the terminal, in both languages.

mod common;

use common::{run_with_stdin, stderr, stdout};

#[test]
fn chat_answers_in_both_languages_and_presses_buttons_by_number() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("chat.db");
    let db = db.to_str().expect("utf-8 path");
    let input = "Why won't my Gmail contacts sync?\nund auf Deutsch?\n7\nWhat is the best pizza in town?\n3\n";
    let out = run_with_stdin(&["chat", "--db", db], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("== My Gmail contacts"),
        "an English article title: {text}"
    );
    assert!(text.contains("[1] Helpful"), "{text}");
    assert!(
        text.contains("[1] Hilfreich"),
        "German after the switch: {text}"
    );
    assert!(text.contains("There is no such button"), "{text}");
    assert!(text.contains("I am not sure I understood"), "{text}");
    // Declined, with the two closest articles offered before the handover.
    assert!(text.contains("[3] Talk to a human"), "{text}");
    assert!(
        text.contains("ticket #1"),
        "pressing 'Talk to a human' opens ticket 1: {text}"
    );
}

#[test]
fn chat_in_german_from_the_start() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("chat.db");
    let out = run_with_stdin(
        &["chat", "--db", db.to_str().expect("path"), "--lang", "de"],
        "Wie setze ich mein Passwort zurück?\n".as_bytes(),
    );
    let text = stdout(&out);
    assert!(text.starts_with("Stellen Sie eine Frage"), "{text}");
    assert!(text.contains("Passwort"), "{text}");
    assert!(text.contains("[1] Hilfreich"), "{text}");
}
