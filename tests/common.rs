//! Running the real `helpdesk` binary.

#![allow(dead_code)]

/// Breaking a table of a closed database, shared with tui's unit tests.
#[path = "../tui/tests/support/damage.rs"]
pub mod damage;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test, with a fixed UI language.
pub fn helpdesk() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_helpdesk"));
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("HELPDESK_LANG", "en");
    cmd
}

/// Runs `helpdesk args...` with `input` on standard input.
pub fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = helpdesk()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start helpdesk");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    // Write on another thread so a full stdout pipe cannot deadlock the test.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("helpdesk runs");
    writer.join().expect("writer");
    output
}

/// Runs `helpdesk args...`.
pub fn run(args: &[&str]) -> Output {
    helpdesk().args(args).output().expect("helpdesk runs")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The small test community (`tests/fixtures/community.toml`).
pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/community.toml");

/// A fresh database with the fixture imported, in a directory that lives as
/// long as the guard.
pub fn imported() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("community.db");
    let out = run(&["import", "--db", path(&db), FIXTURE]);
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, db)
}

/// A temporary path as an argument.
pub fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// A copy of the shipped FAQ folder with what the prober found `serve`,
/// `chat` and `ask` accepting: ids no URL or button can carry, a missing
/// translation, an unknown `related` id, one question, a control character,
/// and a file that is not UTF-8 (with problems after it).
pub fn faq_with_problems(dir: &Path) {
    let shipped = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge/faq"));
    for lang in ["en", "de"] {
        std::fs::create_dir_all(dir.join(lang)).expect("mkdir");
        for entry in std::fs::read_dir(shipped.join(lang)).expect("shipped") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), dir.join(lang).join(entry.file_name())).expect("copy");
        }
    }
    std::fs::copy(shipped.join("topics.toml"), dir.join("topics.toml")).expect("copy");
    let good =
        "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\n+++\nBody\n";
    for lang in ["en", "de"] {
        std::fs::write(dir.join(lang).join("my article.md"), good).expect("write");
        std::fs::write(dir.join(lang).join("-dash.md"), good).expect("write");
    }
    std::fs::write(dir.join("en/only-english.md"), good).expect("write");
    std::fs::write(
        dir.join("en/ghost.md"),
        good.replace("+++\nBody", "related = [\"nobody\"]\n+++\nBody"),
    )
    .expect("write");
    std::fs::write(
        dir.join("de/ghost.md"),
        good.replace("\"a\", \"b\", \"c\"", "\"a\""),
    )
    .expect("write");
    std::fs::write(
        dir.join("en/aa-latin1.md"),
        b"+++\ntitle = \"Gr\xfc\xdfe\"\n+++\n",
    )
    .expect("write");
    std::fs::write(dir.join("de/aa-latin1.md"), good).expect("write");
    std::fs::write(
        dir.join("en/zz-bell.md"),
        good.replace("title = \"T\"", "title = \"T\\u001b[31m\\u0007\""),
    )
    .expect("write");
    std::fs::write(
        dir.join("de/zz-bell.md"),
        good.replace("\"b\"", "\"b\\u001b]0;x\\u0007\""),
    )
    .expect("write");
}

/// The lines `faq check --dir` gives for `dir`: its problems.
pub fn problems_checked(dir: &str) -> Vec<String> {
    let out = run(&["faq", "check", "--dir", dir]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    stdout(&out).lines().map(str::to_string).collect()
}

/// Moves every ticket's times `days` days (and a minute) into the past, as
/// if that time had gone by: the sweep refuses an instant in the future.
pub fn age_tickets(db: &Path, days: i64) {
    let conn = rusqlite::Connection::open(db).expect("database");
    conn.execute(
        "UPDATE tickets SET created_at = created_at - ?1, updated_at = updated_at - ?1, \
         first_response_at = first_response_at - ?1, closed_at = closed_at - ?1, \
         last_member_at = last_member_at - ?1, waiting_since = waiting_since - ?1, \
         warned_at = warned_at - ?1",
        [days * 86_400 + 60],
    )
    .expect("aged");
}
