//! `demo`, `import`, `invite` and `contacts compare`, run as the real binary
//! against a real SQLite file.

mod common;

use common::{FIXTURE, imported, path, run, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn invite(db: &Path, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["invite", "--db", path(db), "--json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    let json = serde_json::from_str(stdout(&out).trim())
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (json, out.status.code().unwrap_or(-1))
}

fn rules(json: &Value) -> Vec<String> {
    json["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["rule"].as_str().expect("rule").to_string())
        .collect()
}

#[test]
fn import_is_idempotent_and_reports_what_it_loaded() {
    let (_dir, db) = imported();
    let again = run(&["import", "--db", path(&db), FIXTURE]);
    assert!(again.status.success());
    assert!(
        stdout(&again).contains("Imported 5 members, 2 groups, 3 memberships and 1 contact."),
        "{}",
        stdout(&again)
    );
}

/// `bad.toml` in `dir`: the fixture with a contact no member has, which
/// only the database can tell, so the import is refused after it began.
fn refused_later(dir: &Path) -> (PathBuf, String) {
    let bad = dir.join("bad.toml");
    let text = std::fs::read_to_string(FIXTURE)
        .expect("fixture")
        .replace("b = \"ben@example.org\"", "b = \"nobody@example.org\"");
    std::fs::write(&bad, &text).expect("write");
    (bad, text)
}

#[test]
fn a_bad_import_names_file_and_line_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("c.db");
    let (bad, text) = refused_later(dir.path());
    let out = run(&["import", "--db", path(&db), path(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let line = text
        .lines()
        .position(|l| l.contains("nobody@"))
        .expect("line")
        + 1;
    assert!(
        stderr(&out).contains(&format!(
            "bad.toml:{line}: no member with the address \"nobody@example.org\""
        )),
        "{}",
        stderr(&out)
    );
    assert!(
        !db.exists(),
        "the database made for the refused import is gone with it"
    );
    assert_eq!(
        files_in(dir.path()),
        ["bad.toml"],
        "nothing staged is left behind"
    );
    // Into a community that exists, the refused import changes nothing,
    // and the file stays.
    let (_dir, db) = imported();
    let out = run(&["import", "--db", path(&db), path(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let (json, _) = invite(
        &db,
        &[
            "--from",
            "anna@example.org",
            "--to",
            "carla@example.org",
            "--group",
            "Berlin Networking",
            "--text",
            "Hi Carla",
            "--dry-run",
        ],
    );
    assert_eq!(json["outcome"], "sent", "{json}");
}

/// The names in `dir`, sorted.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_import_into_a_new_database_puts_it_in_place_only_when_it_succeeds() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("new.db");
    let out = run(&["import", "--db", path(&db), FIXTURE]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(files_in(dir.path()), ["new.db"], "nothing staged is left");
    let store = desk::Store::open_read_only(&db).expect("the new database");
    assert_eq!(store.member_count().expect("count"), 5);
}

#[cfg(unix)]
#[test]
fn a_refused_import_never_removes_a_link_the_user_put_at_the_database_path() {
    let dir = tempfile::tempdir().expect("dir");
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(dir.path().join("elsewhere.db"), &link).expect("link");
    let (bad, _) = refused_later(dir.path());
    let out = run(&["import", "--db", path(&link), path(&bad)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()),
        "the user's link is still there"
    );
    assert_eq!(
        files_in(dir.path()),
        ["bad.toml", "link.db"],
        "nothing is left where the link leads"
    );
}

#[cfg(unix)]
#[test]
fn an_import_through_a_link_to_nothing_makes_the_database_where_it_leads() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join("links")).expect("folder");
    let link = dir.path().join("links/link.db");
    // A relative link leads from its own folder, as the system reads it.
    std::os::unix::fs::symlink("../data.db", &link).expect("link");
    let out = run(&["import", "--db", path(&link), FIXTURE]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        files_in(dir.path()),
        ["data.db", "links"],
        "nothing staged is left"
    );
    assert_eq!(
        std::fs::read_link(&link).expect("still a link"),
        Path::new("../data.db")
    );
    let store = desk::Store::open_read_only(&link).expect("the new database");
    assert_eq!(store.member_count().expect("count"), 5);
}

/// The largest file a new, empty database takes while it is open (the
/// database or its write-ahead log).
fn size_of_a_new_database() -> u64 {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("empty.db");
    let _store = desk::Store::open(&db).expect("empty database");
    ["empty.db", "empty.db-wal"]
        .iter()
        .filter_map(|name| std::fs::metadata(dir.path().join(name)).ok())
        .map(|m| m.len())
        .max()
        .expect("a file")
}

/// `import --db db file` in a process whose files may grow to `limit`
/// bytes and no further, as on a full disk.
#[cfg(unix)]
fn import_on_a_small_disk(db: &Path, file: &Path, limit: u64) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut command = common::helpdesk();
    command.args(["import", "--db", path(db), path(file)]);
    // SAFETY: between fork and exec only async-signal-safe calls are made.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.output().expect("run")
}

#[cfg(unix)]
#[test]
fn a_database_failure_during_an_import_into_a_new_database_names_the_db_flag() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("c.db");
    let names_the_db_flag = |out: &std::process::Output| {
        assert_eq!(out.status.code(), Some(1), "{}", stdout(out));
        let err = stderr(out);
        assert!(err.contains(&format!("{}: ", db.display())), "{err}");
        assert!(!err.contains(".import-"), "{err}");
        assert_eq!(
            files_in(dir.path()),
            ["big.toml"],
            "nothing staged is left behind"
        );
    };
    // No room even for the schema: the new database cannot be made.
    let big = dir.path().join("big.toml");
    std::fs::write(&big, "").expect("write");
    names_the_db_flag(&import_on_a_small_disk(&db, &big, 4096));

    // Room for the schema and a little more, not for the import.
    let limit = size_of_a_new_database() + 64 * 1024;
    let seeks = "mentors ".repeat(usize::try_from(limit).expect("size") / 4);
    std::fs::write(
        &big,
        format!(
            "[[members]]\nemail = \"jo@example.org\"\nname = \"Jo\"\nlang = \"de\"\nseeks = \"{seeks}\"\n"
        ),
    )
    .expect("write");
    names_the_db_flag(&import_on_a_small_disk(&db, &big, limit));
}

#[test]
fn an_import_file_that_cannot_be_read_creates_no_database() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("newx.db");
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[[members]\nemail = 1\n").expect("write");
    let missing = dir.path().join("nonexist.toml");
    for file in [&missing, &broken] {
        let out = run(&["import", "--db", path(&db), path(file)]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains(path(file)), "{}", stderr(&out));
        assert!(!db.exists(), "{} made a database", file.display());
    }
}

#[test]
fn chat_with_a_broken_faq_creates_no_database() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("new.db");
    let faq = dir.path().join("no-such-faq");
    let out = common::run_with_stdin(
        &["--faq-dir", path(&faq), "chat", "--db", path(&db)],
        b"hello\n",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!db.exists(), "{}", stderr(&out));
}

#[test]
fn an_import_with_only_addresses_and_names_keeps_the_rest() {
    let (dir, db) = imported();
    let names = dir.path().join("min.toml");
    std::fs::write(
        &names,
        "[[members]] \nemail = \"anna@example.org\"\nname = \"Anna B.\"\n\n\
         [[members]]\nemail = \"dora@example.org\"\nname = \"Dora E.\"\n",
    )
    .expect("write");
    let out = run(&["import", "--db", path(&db), path(&names)]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Dora's opt-out stands: the invitation to her is refused for it.
    let (json, _) = invite(
        &db,
        &[
            "--from",
            "anna@example.org",
            "--to",
            "dora@example.org",
            "--group",
            "Berlin Networking",
            "--text",
            "Hi Dora",
            "--dry-run",
        ],
    );
    assert!(
        rules(&json).contains(&"invitations-off".to_string()),
        "{json}"
    );
}

#[test]
fn an_import_says_a_duplicate_and_a_bad_discord_id_at_their_lines() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("c.db");
    let file = dir.path().join("twice.toml");
    let member = |email: &str, extra: &str| {
        format!("[[members]]\nemail = \"{email}\"\nname = \"X\"\nlang = \"en\"\n{extra}\n")
    };
    let cases = [
        (
            [member("a@example.org", ""), member("a@example.org", "")].concat(),
            "twice.toml:6: member a@example.org is already in this file, at line 1",
        ),
        (
            [
                member("a@example.org", ""),
                member("b@example.org", ""),
                "[[contacts]]\na = \"a@example.org\"\nb = \"b@example.org\"\n\n".to_string(),
                "[[contacts]]\na = \"b@example.org\"\nb = \"a@example.org\"\n".to_string(),
            ]
            .concat(),
            "twice.toml:15: the contact b@example.org – a@example.org is already in this file, at line 11",
        ),
        (
            member("a@example.org", "discord_id = \"abc\""),
            "twice.toml:5: \"abc\" is not a Discord user id",
        ),
    ];
    for (text, said) in cases {
        std::fs::write(&file, &text).expect("write");
        let out = run(&["import", "--db", path(&db), path(&file)]);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
        assert!(!db.exists());
    }
}

#[test]
fn a_bad_import_is_said_in_german_with_its_file_and_line() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("c.db");
    let bad = dir.path().join("kaputt.toml");
    std::fs::write(
        &bad,
        "[[members]]\nemail = \"jo@example.org\"\nname = \"Jo\"\nlang = \"de\"\n\n\
         [[memberships]]\ngroup = \"Nirgendwo\"\nemail = \"jo@example.org\"\nrole = \"member\"\n",
    )
    .expect("write");
    let out = run(&["import", "--db", path(&db), "--lang", "de", path(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "Fehler: {}:7: Keine Gruppe heißt „Nirgendwo“\n",
            bad.display()
        )
    );
}

#[test]
fn a_valid_invitation_counts_and_the_second_is_refused_with_its_date() {
    let (_dir, db) = imported();
    let args = [
        "--from",
        "anna@example.org",
        "--to",
        "carla@example.org",
        "--group",
        "Berlin Networking",
        "--text",
        "Hi Carla, our Berlin meet-ups would suit you.",
        "--at",
        "2026-11-22T10:00:00Z",
    ];
    // Dated in the past, so recorded as history; it counts all the same.
    let (json, code) = invite(&db, &args);
    assert_eq!(
        (json["outcome"].as_str(), code),
        (Some("recorded"), 0),
        "{json}"
    );
    assert_eq!(json["reasons"], Value::Array(Vec::new()));
    assert_eq!(json["next_allowed"], Value::Null);
    let (json, code) = invite(&db, &args);
    assert_eq!(
        (json["outcome"].as_str(), code),
        (Some("refused"), 1),
        "{json}"
    );
    assert_eq!(rules(&json), ["invited-within-6-months"]);
    assert_eq!(json["next_allowed"], "2027-05-22T10:00:00Z");
    assert!(
        json["reasons"][0]["message"]
            .as_str()
            .expect("message")
            .contains("May 22, 2027")
    );
    // Human output, in German.
    let mut german = vec!["invite", "--db", path(&db), "--lang", "de"];
    german.extend_from_slice(&args);
    let out = run(&german);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("Ab dem 22. Mai 2027 können Sie sie wieder einladen."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_command_line_counts_what_the_member_will_read_and_sends_that() {
    let (_dir, db) = imported();
    // 500 characters to the eye, each `é` typed as `e` and a combining
    // accent (1,000 code points), between the blank lines of a paste; the
    // invitee's address as a mail header may write it.
    let seen = "e\u{301}".repeat(500);
    let text = format!("\r\n  {seen}  \r\n");
    let args = [
        "--from",
        "anna@example.org",
        "--to",
        "Carla@Example.org.",
        "--group",
        "Berlin Networking",
        "--text",
        &text,
    ];
    let (json, code) = invite(&db, &args);
    assert_eq!(
        (json["outcome"].as_str(), code),
        (Some("sent"), 0),
        "{json}"
    );
    let conn = rusqlite::Connection::open(&db).expect("open");
    let (to, body): (String, String) = conn
        .query_row(
            "SELECT to_email, body FROM outbox WHERE invitation_id IS NOT NULL",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("the mail");
    assert_eq!(to, "carla@example.org");
    assert!(body.contains(&format!("\n\n{seen}\n\n")), "{body:?}");
    // One more character is one too many, and the count says so.
    let (json, code) = invite(
        &db,
        &[
            "--from",
            "anna@example.org",
            "--to",
            "ben@example.org",
            "--group",
            "Berlin Networking",
            "--text",
            &format!("{seen}e\u{301}"),
            "--dry-run",
        ],
    );
    assert_eq!((rules(&json), code), (vec!["text-too-long".to_string()], 1));
    let message = json["reasons"][0]["message"].as_str().expect("message");
    assert!(message.contains("501"), "{message}");
}

#[test]
fn the_six_month_dates_are_days_on_the_callers_calendar() {
    let (_dir, db) = imported();
    let invitation = |at: &'static str| {
        [
            "invite",
            "--db",
            path(&db),
            "--from",
            "anna@example.org",
            "--to",
            "carla@example.org",
            "--group",
            "Berlin Networking",
            "--text",
            "Hi Carla, our Berlin meet-ups would suit you.",
            "--at",
            at,
        ]
    };
    // Half past one in the morning of 2 September in Berlin.
    let out = run(&invitation("2026-09-01T23:30:00Z"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = common::helpdesk()
        .args(invitation("2026-10-01T10:00:00Z"))
        .env("TZ", "Europe/Berlin")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "You invited this person on September 2, 2026. \
             You can invite them again from March 2, 2027."
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn every_rule_is_named_by_its_stable_id() {
    let (_dir, db) = imported();
    let base = |from: &'static str, to: &'static str, group: &'static str| {
        vec!["--from", from, "--to", to, "--group", group, "--dry-run"]
    };
    let cases: Vec<(Vec<&str>, &[&str])> = vec![
        (
            [
                base(
                    "anna@example.org",
                    "nobody@example.org",
                    "Berlin Networking",
                ),
                vec!["--text", "Hi"],
            ]
            .concat(),
            &["unknown-member"],
        ),
        (
            [
                base("anna@example.org", "ben@example.org", "Atlantis"),
                vec!["--text", "Hi"],
            ]
            .concat(),
            &["unknown-group"],
        ),
        (
            [
                base("ben@example.org", "carla@example.org", "Berlin Networking"),
                vec!["--text", "Hi"],
            ]
            .concat(),
            &["inviter-not-in-group"],
        ),
        (
            [
                base("anna@example.org", "emil@example.org", "Berlin Networking"),
                vec!["--text", "Hi"],
            ]
            .concat(),
            &["already-member"],
        ),
        (
            [
                base("anna@example.org", "dora@example.org", "Berlin Networking"),
                vec!["--text", "Hi"],
            ]
            .concat(),
            &["invitations-off"],
        ),
        (
            [
                base("anna@example.org", "ben@example.org", "Berlin Networking"),
                vec!["--text", "  "],
            ]
            .concat(),
            &["text-empty"],
        ),
        (
            [
                base("anna@example.org", "carla@example.org", "Berlin Networking"),
                vec!["--text", "Hi", "--route", "group"],
            ]
            .concat(),
            &["not-a-direct-contact"],
        ),
    ];
    for (args, expected) in cases {
        let (json, code) = invite(&db, &args);
        assert_eq!(code, 1, "{args:?}: {json}");
        assert_eq!(rules(&json), expected, "{args:?}");
        assert!(
            !json["reasons"][0]["message"]
                .as_str()
                .expect("message")
                .is_empty()
        );
    }
    let long_text = "ü".repeat(501);
    let long_subject = "s".repeat(101);
    let (json, _) = invite(
        &db,
        &[
            base("anna@example.org", "ben@example.org", "Berlin Networking"),
            vec!["--text", &long_text, "--subject", &long_subject],
        ]
        .concat(),
    );
    assert_eq!(rules(&json), ["text-too-long", "subject-too-long"]);
    // The group route to a direct contact passes, and a dry run writes nothing.
    let ok = [
        base("anna@example.org", "ben@example.org", "Berlin Networking"),
        vec!["--text", "Hallo Ben!", "--route", "group"],
    ]
    .concat();
    assert_eq!(
        invite(&db, &ok),
        (
            serde_json::json!({"outcome": "sent", "reasons": [], "next_allowed": null, "advice": [], "dry_run": true}),
            0
        )
    );
    assert_eq!(
        invite(&db, &ok).0["outcome"],
        "sent",
        "the dry run left no invitation behind"
    );
}

#[test]
fn spam_is_held_and_the_exit_code_says_it_was_accepted() {
    let (_dir, db) = imported();
    let (json, code) = invite(
        &db,
        &[
            "--from",
            "anna@example.org",
            "--to",
            "carla@example.org",
            "--group",
            "Berlin Networking",
            "--text",
            "Earn passive income from home!",
        ],
    );
    assert_eq!(
        (json["outcome"].as_str(), code),
        (Some("held"), 0),
        "{json}"
    );
    assert_eq!(rules(&json), ["spam-marker"]);
}

#[test]
fn a_bad_time_is_a_clear_error() {
    let (_dir, db) = imported();
    let out = run(&[
        "invite",
        "--db",
        path(&db),
        "--from",
        "anna@example.org",
        "--to",
        "carla@example.org",
        "--group",
        "Berlin Networking",
        "--text",
        "Hi",
        "--at",
        "yesterday",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("\"yesterday\" is not a time in RFC 3339 form"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_invitation_dated_in_the_future_is_refused_and_nothing_is_queued() {
    let (_dir, db) = imported();
    let out = run(&[
        "invite",
        "--db",
        path(&db),
        "--from",
        "anna@example.org",
        "--to",
        "carla@example.org",
        "--group",
        "Berlin Networking",
        "--text",
        "Hi Carla",
        "--at",
        "2099-01-01T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("\"2099-01-01T00:00:00Z\" lies in the future"),
        "{}",
        stderr(&out)
    );
    // Under --json as everywhere: standard output has a verdict or nothing;
    // a failure that prevents one is an error on standard error.
    let json = [
        "invite",
        "--db",
        path(&db),
        "--json",
        "--from",
        "anna@example.org",
        "--to",
        "carla@example.org",
        "--group",
        "Berlin Networking",
        "--text",
        "Hi Carla",
        "--at",
        "2099-01-01T00:00:00Z",
    ];
    let out = run(&json);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    // Nothing was recorded: the same invitation, dated now, goes out.
    let (json, code) = invite(
        &db,
        &[
            "--from",
            "anna@example.org",
            "--to",
            "carla@example.org",
            "--group",
            "Berlin Networking",
            "--text",
            "Hi Carla",
        ],
    );
    assert_eq!(
        (json["outcome"].as_str(), code, json["dry_run"].as_bool()),
        (Some("sent"), 0, Some(false)),
        "{json}"
    );
}

/// The invitees' addresses in the mail queue, oldest first.
fn queued_invitation_mails(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare("SELECT to_email FROM outbox WHERE invitation_id IS NOT NULL ORDER BY id")
        .expect("query");
    stmt.query_map([], |row| row.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("addresses")
}

/// The invitations stored for `invitee`: (status, sent at, delivered at).
fn stored_invitations(db: &Path, invitee: &str) -> Vec<(String, i64, Option<i64>)> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT i.status, i.sent_at, i.delivered_at FROM group_invitations i \
             JOIN members m ON m.id = i.invitee WHERE m.email = ?1 ORDER BY i.id",
        )
        .expect("query");
    stmt.query_map([invitee], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("invitations")
}

#[test]
fn a_back_dated_invitation_is_recorded_as_history_and_mails_no_one() {
    let (_dir, db) = imported();
    let ago =
        |seconds: i64| desk::clock::from_unix(desk::clock::to_unix(desk::clock::now()) - seconds);
    let last_month = ago(30 * 86_400);
    let at = desk::clock::rfc3339(last_month);
    let invitation = |from: &'static str, to: &'static str, group: &'static str| {
        vec![
            "--from",
            from,
            "--to",
            to,
            "--group",
            group,
            "--text",
            "Hi, our meet-ups would suit you.",
        ]
    };
    fn dated<'a>(mut args: Vec<&'a str>, at: &'a str) -> Vec<&'a str> {
        args.extend(["--at", at]);
        args
    }
    let back_dated = |args: Vec<&'static str>| dated(args, &at);
    let anna = "anna@example.org";
    let berlin = "Berlin Networking";

    let (json, code) = invite(
        &db,
        &back_dated(invitation(anna, "carla@example.org", berlin)),
    );
    assert_eq!(
        (json["outcome"].as_str(), code),
        (Some("recorded"), 0),
        "{json}"
    );
    assert_eq!(queued_invitation_mails(&db), Vec::<String>::new());
    let unix = last_month.unix_timestamp();
    assert_eq!(
        stored_invitations(&db, "carla@example.org"),
        [("sent".to_string(), unix, Some(unix))],
        "recorded at its date, and in the group news there"
    );
    // It counts for the six-month rule: Carla cannot be invited again now.
    let (json, code) = invite(&db, &invitation(anna, "carla@example.org", berlin));
    assert_eq!(
        (json["outcome"].as_str(), code),
        (Some("refused"), 1),
        "{json}"
    );
    assert_eq!(rules(&json), ["invited-within-6-months"]);

    // Said in words, in both languages; a dry run says what it would do.
    let words = |lang: &str, args: Vec<&str>| {
        let mut all = vec!["invite", "--db", path(&db), "--lang", lang];
        all.extend(args);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let mut dry = back_dated(invitation(anna, "ben@example.org", berlin));
    dry.push("--dry-run");
    assert_eq!(
        words("en", dry),
        format!(
            "Check passed: this invitation is dated {at}, in the past, so it would be \
             recorded as history and no e-mail would be sent.\n"
        )
    );
    let said = words(
        "en",
        back_dated(invitation(
            "carla@example.org",
            "emil@example.org",
            "Logistik",
        )),
    );
    assert!(
        said.starts_with("Recorded as history, not sent: invitation #")
            && said.contains(&format!(
                "is dated {at}, in the past, so no e-mail was queued"
            )),
        "{said}"
    );
    let said = words(
        "de",
        back_dated(invitation(
            "carla@example.org",
            "ben@example.org",
            "Logistik",
        )),
    );
    assert!(
        said.starts_with("Als frühere Einladung erfasst, nicht verschickt: Einladung #")
            && said.contains("daher geht keine E-Mail hinaus"),
        "{said}"
    );
    assert_eq!(queued_invitation_mails(&db), Vec::<String>::new());

    // Dated a minute ago, as someone typing "now" by hand would, it is mailed.
    // The binary reads its own clock (a way to set it would also let anyone
    // mail a year-old invitation as new), so what it must do depends on when
    // it ran: if it finished within the tolerance of the date, it must have
    // mailed it; on a machine so slow that it did not, either is right, as
    // long as the outcome and the outbox agree.
    let a_minute_ago = ago(60);
    let at = desk::clock::rfc3339(a_minute_ago);
    let now = dated(invitation(anna, "ben@example.org", berlin), &at);
    let (json, code) = invite(&db, &now);
    let finished = desk::clock::now();
    let outcome = json["outcome"].as_str();
    if finished - a_minute_ago <= desk::invitations::Dating::TOLERANCE {
        assert_eq!((outcome, code), (Some("sent"), 0), "{json}");
    } else {
        assert!(
            matches!(outcome, Some("sent" | "recorded")) && code == 0,
            "{json}"
        );
    }
    let mailed: &[&str] = if outcome == Some("sent") {
        &["ben@example.org"]
    } else {
        &[]
    };
    assert_eq!(queued_invitation_mails(&db), mailed);
}

#[test]
fn contacts_compare_sorts_an_address_book_and_stores_none_of_it() {
    let (dir, db) = imported();
    // A connection of our own keeps the WAL and its index on disk while the
    // binary runs and after it exits (the last connection to close would
    // checkpoint the WAL away); its write puts a known address in the WAL.
    let mut held = desk::Store::open(&db).expect("hold the database open");
    held.upsert_member(&desk::store::community::NewMember::new(
        "held.open@example.org",
        "Held Open",
        locales::Lang::En,
    ))
    .expect("write to the WAL");
    let book = dir.path().join("google.csv");
    std::fs::write(
        &book,
        "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value\n\
         Ben Kurz,Ben,Kurz,Home,BEN@example.org\n\
         Carla Diaz,Carla,Diaz,Work,carla@example.org\n\
         Quentin Secret,Quentin,Secret,Home,quentin.secret@hidden.example ::: quentin.secret@old.example\n\
         Broken,,,,not-an-address\n",
    )
    .expect("book");
    let out = run(&[
        "contacts",
        "compare",
        "--db",
        path(&db),
        "--as",
        "anna@example.org",
        path(&book),
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(stdout(&out).trim()).expect("json");
    assert_eq!(json["contacts"][0]["email"], "ben@example.org");
    assert_eq!(json["members_not_contacts"][0]["name"], "Carla Diaz");
    assert_eq!(
        json["to_invite"][0]["email"],
        "quentin.secret@hidden.example"
    );
    // One person with two addresses is offered once.
    assert_eq!(
        json["to_invite"][0]["also"],
        serde_json::json!(["quentin.secret@old.example"])
    );
    assert_eq!(json["to_invite"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["skipped"], 1);
    let human = run(&[
        "contacts",
        "compare",
        "--db",
        path(&db),
        "--as",
        "anna@example.org",
        path(&book),
    ]);
    assert!(
        stdout(&human).contains(
            "Not members yet, invite them (1):\n  Quentin Secret <quentin.secret@hidden.example> \
             (also quentin.secret@old.example)\n"
        ),
        "{}",
        stdout(&human)
    );
    let file = |suffix: &str| PathBuf::from(format!("{}{suffix}", db.display()));
    for suffix in ["", "-wal", "-shm"] {
        let bytes = std::fs::read(file(suffix))
            .unwrap_or_else(|e| panic!("{}: {e}", file(suffix).display()));
        assert!(!bytes.is_empty(), "{} is empty", file(suffix).display());
        assert!(
            !bytes.windows(14).any(|w| w == b"quentin.secret"),
            "found in {}",
            file(suffix).display()
        );
    }
    assert!(!file("-journal").exists(), "a WAL database has no journal");
    let wal = std::fs::read(file("-wal")).expect("wal");
    assert!(
        wal.windows(11).any(|w| w == b"held.open@e"),
        "the search is not blind: the WAL holds our own write"
    );
    drop(held);
}

#[test]
fn contacts_compare_names_the_line_of_a_broken_file() {
    let (dir, db) = imported();
    let book = dir.path().join("outlook.csv");
    std::fs::write(&book, "First Name,Last Name,E-mail Address\nAnna,Berg,anna@example.org\n\"Ben,Kurz,ben@example.org\n").expect("book");
    let out = run(&[
        "contacts",
        "compare",
        "--db",
        path(&db),
        "--as",
        "anna@example.org",
        path(&book),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("outlook.csv:3: a quote that is never closed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn contacts_compare_names_an_unknown_vcard_charset_in_the_chosen_language() {
    let (dir, db) = imported();
    let book = dir.path().join("phone.vcf");
    std::fs::write(
        &book,
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=KLINGON;QUOTED-PRINTABLE:Ren=E9\r\n\
         EMAIL;INTERNET:rene@example.fr\r\nEND:VCARD\r\n",
    )
    .expect("book");
    let compare = |lang: &str| {
        run(&[
            "contacts",
            "compare",
            "--db",
            path(&db),
            "--lang",
            lang,
            "--as",
            "anna@example.org",
            path(&book),
        ])
    };
    let out = compare("de");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "Fehler: {}:3: Die vCard nennt den Zeichensatz „KLINGON“, den helpdesk nicht kennt. \
             Exportieren Sie das Adressbuch noch einmal als UTF-8 (Unicode).\n",
            book.display()
        )
    );
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let out = compare("en");
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}:3: the vCard names the character set \"KLINGON\", which helpdesk does not \
             know. Export the address book again as UTF-8 (Unicode).\n",
            book.display()
        )
    );
}

#[test]
fn contacts_compare_words_every_other_refusal_in_the_chosen_language_too() {
    let (dir, db) = imported();
    let compare = |book: &Path, lang: &str| {
        run(&[
            "contacts",
            "compare",
            "--db",
            path(&db),
            "--lang",
            lang,
            "--as",
            "anna@example.org",
            path(book),
        ])
    };
    let csv = dir.path().join("outlook.csv");
    std::fs::write(
        &csv,
        "Name,E-mail Address\nBen,ben@example.org\nAn\"na,anna@example.org\n",
    )
    .expect("book");
    let out = compare(&csv, "de");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "Fehler: {}:3: Ein Anführungszeichen wird nicht geschlossen oder steht mitten in einem \
             Feld ohne Anführungszeichen. Setzen Sie das ganze Feld in Anführungszeichen und \
             verdoppeln Sie das innere.\n",
            csv.display()
        )
    );
    let empty = dir.path().join("leer.vcf");
    std::fs::write(&empty, "\n \n").expect("book");
    let out = compare(&empty, "de");
    assert_eq!(
        stderr(&out),
        format!("Fehler: {}: Das Adressbuch ist leer.\n", empty.display())
    );
    let missing = dir.path().join("fehlt.csv");
    let out = compare(&missing, "de");
    assert_eq!(
        stderr(&out),
        format!(
            "Fehler: {}: Diese Datei gibt es nicht.\n",
            missing.display()
        )
    );
    // The path is said once, in English too.
    let out = compare(&missing, "en");
    assert_eq!(
        stderr(&out),
        format!("error: {}: there is no such file\n", missing.display())
    );
    let bytes = dir.path().join("bytes.csv");
    std::fs::write(
        &bytes,
        b"Name,E-mail Address\nJ\xc3\xb6rg,j@example.org\n\xf6,x@example.org\n",
    )
    .expect("book");
    let out = compare(&bytes, "de");
    assert_eq!(
        stderr(&out),
        format!(
            "Fehler: {}:3: Das ist kein Text in einer bekannten Kodierung (UTF-8, UTF-16 oder \
             Windows-1252). Exportieren Sie das Adressbuch noch einmal als UTF-8 (Unicode).\n",
            bytes.display()
        )
    );
}

#[test]
fn the_console_refuses_a_demo_database_without_the_demo_mark() {
    // Members but no mark: what an interrupted seed of an older helpdesk left.
    let data = tempfile::tempdir().expect("data dir");
    let db = data.path().join("helpdesk").join("demo.db");
    std::fs::create_dir_all(db.parent().expect("parent")).expect("dir");
    let out = run(&["import", "--db", path(&db), FIXTURE]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = common::helpdesk()
        .env("XDG_DATA_HOME", data.path())
        .env("HOME", data.path())
        .output()
        .expect("helpdesk runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no complete demo"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn demo_builds_a_community_and_refuses_to_seed_twice() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("demo.db");
    let out = run(&["demo", "--db", path(&db), "--members", "150"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "Demo community ready in {}: 184 members (34 of them joined through a referral link)"
                .replace("{}", path(&db))
                .as_str()
        ),
        "the report counts every member the file holds: {}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("Members: 150 of 150"),
        "progress is shown: {}",
        stderr(&out)
    );
    let again = run(&["demo", "--db", path(&db)]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already holds"),
        "{}",
        stderr(&again)
    );
    // The demo's moderator can invite someone from the demo.
    let (json, _) = invite(
        &db,
        &[
            "--from",
            "anna.berg@example.org",
            "--to",
            "ben.carter@example.org",
            "--group",
            "Berlin Networking",
            "--text",
            "Hi Ben, join us in Berlin!",
            "--dry-run",
        ],
    );
    assert_eq!(json["outcome"], "sent", "{json}");
}

#[test]
fn a_database_path_under_a_file_is_named_once() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "not a folder").expect("write");
    let db = file.join("sub").join("demo.db");
    let out = run(&["demo", "--db", db.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("plain-file"), "{err}");
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

fn advice(json: &Value) -> Vec<String> {
    json["advice"]
        .as_array()
        .expect("advice")
        .iter()
        .map(|a| a["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn invite_lists_advice_without_refusing() {
    let (_dir, db) = imported();
    // Sent now, one after the other, so the later ones see the earlier.
    let to = |email: &'static str, text: &'static str| {
        [
            "--from",
            "anna@example.org",
            "--to",
            email,
            "--group",
            "Berlin Networking",
            "--text",
            text,
        ]
    };
    // Addressed to nobody in particular: advice, but still sent.
    let generic = "Join our Berlin meet-ups, every month, great people!";
    let (json, code) = invite(&db, &to("carla@example.org", generic));
    assert_eq!(
        (json["outcome"].as_str(), code),
        (Some("sent"), 0),
        "{json}"
    );
    assert_eq!(advice(&json), ["not-personal"]);
    assert!(
        json["advice"][0]["message"]
            .as_str()
            .expect("message")
            .contains("greet the person by name")
    );
    // By name it is personal; the same words went to Carla before.
    let (json, _) = invite(
        &db,
        &[
            to(
                "ben@example.org",
                "Ben! Join our Berlin meet-ups, every month, great people!",
            )
            .as_slice(),
            &["--dry-run"],
        ]
        .concat(),
    );
    assert_eq!(json["outcome"], "sent", "{json}");
    assert_eq!(advice(&json), ["same-text"]);
    let (json, _) = invite(
        &db,
        &[
            to(
                "ben@example.org",
                "Hi Ben, you asked about our founders' evenings: come along!",
            )
            .as_slice(),
            &["--dry-run"],
        ]
        .concat(),
    );
    assert!(advice(&json).is_empty(), "{json}");
    // The plain output shows it too, in German.
    let mut german = vec!["invite", "--db", path(&db), "--lang", "de", "--dry-run"];
    german.extend_from_slice(&to("emil@example.org", generic));
    let out = run(&german);
    assert!(
        stdout(&out).contains("Hinweis (hält das Senden nicht auf): Schreiben Sie persönlich"),
        "{}",
        stdout(&out)
    );
}
