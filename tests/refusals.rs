//! What the desk refuses, said on the command line in the command's
//! language, run as the real binary against a real SQLite file.

mod common;

use common::{imported, path, run, run_with_stdin, stderr, stdout};

#[test]
fn an_empty_reply_is_refused_in_the_chosen_language() {
    let (_dir, db) = imported();
    let chat = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "carla@example.org"],
        b"talk to a human\n",
    );
    assert!(stdout(&chat).contains("ticket #1"), "{}", stdout(&chat));
    let reply = |lang: &str| {
        let out = run(&[
            "tickets",
            "reply",
            "--db",
            path(&db),
            "--lang",
            lang,
            "1",
            "--text",
            "   ",
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        stderr(&out)
    };
    assert_eq!(reply("de"), "Fehler: Eine Antwort braucht Text.\n");
    assert_eq!(reply("en"), "error: A reply needs some text.\n");
}
