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
