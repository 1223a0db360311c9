//! `helpdesk chat`: the bot's engine in the terminal, in both languages.

mod common;

use common::{imported, path, run, run_with_stdin, stderr, stdout};

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
    // Asked beside the German buttons, in their language.
    assert!(text.contains("Diesen Button gibt es nicht"), "{text}");
    assert!(text.contains("I am not sure I understood"), "{text}");
    // Declined, with the two closest articles offered before the handover.
    assert!(text.contains("[3] Talk to a human"), "{text}");
    // Nobody could read the team's answer in an anonymous chat.
    assert!(
        text.contains("no ticket was opened") && text.contains("--as EMAIL"),
        "pressing 'Talk to a human' without --as says why there is no ticket: {text}"
    );
    let list = stdout(&run(&["tickets", "list", "--db", db]));
    assert!(list.contains("No tickets"), "{list}");
}

#[test]
fn chat_as_a_member_without_discord_opens_their_ticket_and_the_reply_goes_by_mail() {
    let (_dir, db) = imported();
    let out = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "anna@example.org"],
        b"talk to a human\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // Anna's record says German, so she is told in German.
    assert!(stdout(&out).contains("Ticket #1"), "{}", stdout(&out));
    assert!(stdout(&out).contains("per E-Mail"), "{}", stdout(&out));
    // A number beside the German button is answered in German too.
    let again = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "anna@example.org"],
        b"talk to a human\n7\n",
    );
    assert!(
        stdout(&again).contains("Diesen Button gibt es nicht"),
        "{}",
        stdout(&again)
    );
    let list = stdout(&run(&["tickets", "list", "--db", path(&db), "--json"]));
    let ticket: serde_json::Value = serde_json::from_str(list.trim()).expect("one JSON line");
    assert_eq!(ticket["requester"], "member:1", "{ticket}");
    let reply = run(&[
        "tickets",
        "reply",
        "--db",
        path(&db),
        "1",
        "--text",
        "Hallo Anna",
    ]);
    assert!(reply.status.success(), "{}", stderr(&reply));
    assert!(
        stdout(&reply).contains("e-mail outbox"),
        "Anna has no Discord account: {}",
        stdout(&reply)
    );
    // Another member chatting gets a ticket of her own, not a shared one.
    let again = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "carla@example.org"],
        b"talk to a human\n",
    );
    assert!(stdout(&again).contains("ticket #2"), "{}", stdout(&again));
}

#[test]
fn asking_for_a_human_gets_through_the_question_rate_limit() {
    let (_dir, db) = imported();
    let mut input: String = (1..=6)
        .map(|i| format!("what is the referral bonus {i}\n"))
        .collect();
    input.push_str("talk to a human\n");
    let out = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "carla@example.org"],
        input.as_bytes(),
    );
    let text = stdout(&out);
    assert_eq!(
        text.matches("faster than I can read").count(),
        1,
        "the sixth question is slowed: {text}"
    );
    assert!(text.contains("ticket #1"), "the handover is not: {text}");
}

#[test]
fn numbers_without_buttons_are_questions_and_blank_lines_are_skipped() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("chat.db");
    let input = "1\n   \n\nHow do I reset my password?\n0\n-1\n";
    let out = run_with_stdin(&["chat", "--db", path(&db)], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains("1 to 0"), "{text}");
    assert!(
        text.contains("I am not sure I understood") || text.contains("I only know"),
        "a bare 1 with no buttons shown is a question: {text}"
    );
    assert!(
        text.contains("[1] Helpful"),
        "the question after the blank lines is answered: {text}"
    );
    assert_eq!(
        text.matches("There is no such button; choose a number from 1 to 2")
            .count(),
        2,
        "0 and -1 are not buttons while two are shown: {text}"
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

#[test]
fn a_line_that_is_not_utf8_is_read_as_it_can_be_and_the_chat_goes_on() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("chat.db");
    // Latin-1 "Straße" on the first line; the second is plain.
    let input = b"Stra\xdfe und Hausnummer\nHow do I reset my password?\n";
    let out = run_with_stdin(&["chat", "--db", path(&db)], input);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("[1] Helpful"),
        "the line after the Latin-1 one is answered: {text}"
    );
}

#[test]
fn a_handover_takes_the_members_language_on_record_not_the_language_of_the_words() {
    let (_dir, db) = imported();
    // Anna's record says German; she asks for a person in English.
    let out = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "anna@example.org"],
        b"talk to a human\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Ich habe Ihre Frage an unser Team übergeben: Ticket #1"),
        "{}",
        stdout(&out)
    );
    // Carla's record says English; she asks in German.
    let out = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "carla@example.org"],
        "ich will mit einem Menschen sprechen\n".as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("I have handed your question to our team: ticket #2"),
        "{}",
        stdout(&out)
    );
    let list = stdout(&run(&["tickets", "list", "--db", path(&db), "--json"]));
    let langs: std::collections::BTreeMap<String, String> = list
        .lines()
        .map(|line| {
            let t: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            (t["requester"].to_string(), t["lang"].to_string())
        })
        .collect();
    assert_eq!(langs["\"member:1\""], "\"de\"", "{list}");
    assert_eq!(langs["\"member:3\""], "\"en\"", "{list}");
    // The moderator's reply reaches Anna in German.
    let reply = run(&[
        "tickets",
        "reply",
        "--db",
        path(&db),
        "1",
        "--text",
        "Hallo Anna",
    ]);
    assert!(reply.status.success(), "{}", stderr(&reply));
    let store = desk::Store::open_read_only(&db).expect("store");
    let anna = store
        .member_by_email("anna@example.org")
        .expect("lookup")
        .expect("anna");
    let mails = store.outbox_for(anna.id).expect("outbox");
    let mail = mails.last().expect("the reply's mail");
    assert_eq!(mail.lang, locales::Lang::De);
    assert_eq!(mail.subject, "Ihr Support-Ticket #1");
}

#[test]
fn a_member_without_discord_is_told_each_time_that_the_answer_comes_by_mail() {
    let (_dir, db) = imported();
    // Carla (English, no Discord) hands over, writes more to her ticket,
    // then presses a button that is not there while one is shown.
    let out = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "carla@example.org"],
        b"talk to a human\nMy phone number is 0301234\n2\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("ticket #1. Their answer will come by e-mail."),
        "{text}"
    );
    assert!(
        text.contains(
            "I have added this to your ticket #1; the team's answer will come by e-mail."
        ),
        "{text}"
    );
    for here in ["back to you here", "answer here"] {
        assert!(
            !text.contains(here),
            "nothing comes back in this chat: {text}"
        );
    }
    assert!(
        text.contains("There is no such button; type 1 for the one shown"),
        "{text}"
    );
    assert!(!text.contains("from 1 to 1"), "{text}");
}

#[test]
fn the_hint_to_chat_as_a_member_carries_the_database_given() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("help desk");
    std::fs::create_dir(&folder).expect("folder");
    let db = folder.join("chat.db");
    let out = run_with_stdin(&["chat", "--db", path(&db)], b"talk to a human\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("helpdesk chat --db '{}' --as EMAIL.", path(&db))),
        "{}",
        stdout(&out)
    );
    // Without --db, the default database: nothing to carry.
    let home = tempfile::tempdir().expect("home");
    let mut child = common::helpdesk()
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .arg("chat")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("helpdesk runs");
    std::io::Write::write_all(
        &mut child.stdin.take().expect("stdin"),
        b"talk to a human\n",
    )
    .expect("write");
    let out = child.wait_with_output().expect("helpdesk runs");
    assert!(
        stdout(&out).contains("chat as a member: helpdesk chat --as EMAIL."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn without_lang_the_chat_speaks_the_environments_language_where_the_words_tell_none() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("chat.db");
    for env in [("LANG", "de_DE.UTF-8"), ("HELPDESK_LANG", "de")] {
        let out = common::helpdesk()
            .env_remove("HELPDESK_LANG")
            .env(env.0, env.1)
            .args(["chat", "--db", path(&db)])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().expect("stdin").write_all(b"hallo\n")?;
                child.wait_with_output()
            })
            .expect("helpdesk runs");
        let text = stdout(&out);
        assert!(
            text.starts_with("Stellen Sie eine Frage"),
            "{env:?}: {text}"
        );
        assert!(text.contains("Wobei kann ich helfen"), "{env:?}: {text}");
    }
    // Words that tell their language still decide it.
    let out = run_with_stdin(&["chat", "--db", path(&db)], "danke\n".as_bytes());
    assert!(stdout(&out).contains("Gern geschehen"), "{}", stdout(&out));
}

#[test]
fn a_database_held_by_another_program_is_told_to_the_member_and_the_chat_goes_on() {
    let (_dir, db) = imported();
    // Another program holds the database for writing, past our patience.
    let holder = rusqlite::Connection::open(&db).expect("database");
    holder
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("exclusive lock");
    let out = common::helpdesk()
        .env_remove("HELPDESK_LANG")
        .env("LANG", "de_DE.UTF-8")
        .args(["chat", "--db", path(&db), "--as", "carla@example.org"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(b"talk to a human\nhallo\n")?;
            child.wait_with_output()
        })
        .expect("helpdesk runs");
    holder.execute_batch("ROLLBACK").expect("released");
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    assert!(
        text.contains("Ein anderes Programm verwendet gerade die Datenbank")
            && text.contains("Bitte senden Sie sie gleich noch einmal"),
        "{text}"
    );
    // The chat went on to the next line.
    assert!(text.contains("Wobei kann ich helfen"), "{text}");
}
