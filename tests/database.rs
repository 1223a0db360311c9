//! The database file as every command meets it, run as the real binary: an
//! older file is upgraded by whichever command opens it first, and a file
//! that cannot be used is named once, with what is wrong with it.

mod common;

use common::{path, run, stderr, stdout};
use std::path::{Path, PathBuf};

/// The newest schema version, as the migrations folder counts it.
fn newest_version() -> i64 {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/desk/migrations");
    std::fs::read_dir(folder)
        .expect("migrations folder")
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count() as i64
}

/// A database as a helpdesk three migrations old left it, written with
/// SQLite directly from the migration files of that time.
fn database_at_version_3(dir: &Path) -> PathBuf {
    let db = dir.join("old.db");
    let conn = rusqlite::Connection::open(&db).expect("open");
    for name in ["0001_community", "0002_settings", "0003_reliability"] {
        let file = format!("{}/desk/migrations/{name}.sql", env!("CARGO_MANIFEST_DIR"));
        let sql = std::fs::read_to_string(&file).expect("migration");
        conn.execute_batch(&sql).expect("old migration");
    }
    conn.pragma_update(None, "user_version", 3)
        .expect("version");
    db
}

fn schema_version(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .expect("version")
}

#[test]
fn tickets_list_and_stats_upgrade_an_older_database_like_every_command() {
    let dir = tempfile::tempdir().expect("dir");
    for command in [
        &["tickets", "list"][..],
        &["tickets", "list", "--json"],
        &["tickets", "stats"],
        &["tickets", "stats", "--json"],
    ] {
        let db = database_at_version_3(dir.path());
        let mut args = command.to_vec();
        args.extend(["--db", path(&db)]);
        let out = run(&args);
        assert!(out.status.success(), "{command:?}: {}", stderr(&out));
        assert_eq!(schema_version(&db), newest_version(), "{command:?}");
        std::fs::remove_file(&db).expect("remove");
    }

    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").expect("empty file");
    let out = run(&["tickets", "list", "--db", path(&empty)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "No tickets.\n");
    assert_eq!(schema_version(&empty), newest_version());
}

#[test]
fn contacts_compare_reads_only_and_says_how_to_upgrade_an_older_database() {
    let dir = tempfile::tempdir().expect("dir");
    let db = database_at_version_3(dir.path());
    let book = dir.path().join("book.csv");
    std::fs::write(&book, "Name,E-mail 1 - Value\nBen Kurz,ben@example.org\n").expect("book");
    let out = run(&[
        "contacts",
        "compare",
        "--db",
        path(&db),
        "--as",
        "anna@example.org",
        path(&book),
    ]);
    assert!(!out.status.success());
    assert_eq!(
        stderr(&out),
        format!(
            "error: {0}: the database has schema version 3, older than this helpdesk's ({1}). \
             Run \"helpdesk tickets list --db {0}\" once to upgrade it.\n",
            db.display(),
            newest_version()
        )
    );
    assert_eq!(schema_version(&db), 3, "a read-only command wrote");
}

#[test]
fn a_file_that_is_not_a_database_is_named_once() {
    let dir = tempfile::tempdir().expect("dir");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "junk\n".repeat(200)).expect("junk");
    let book = dir.path().join("book.csv");
    std::fs::write(&book, "Name,E-mail 1 - Value\n").expect("book");
    let expected = format!("error: {}: not a SQLite database\n", junk.display());
    for command in [
        &["tickets", "list", "--db", path(&junk)][..],
        &["tickets", "stats", "--db", path(&junk)],
        &["moderators", "list", "--db", path(&junk)],
        &[
            "contacts",
            "compare",
            "--db",
            path(&junk),
            "--as",
            "anna@example.org",
            path(&book),
        ],
    ] {
        let out = run(command);
        assert_eq!(out.status.code(), Some(1), "{command:?}");
        assert_eq!(stderr(&out), expected, "{command:?}");
    }
    let german = common::helpdesk()
        .env("HELPDESK_LANG", "de")
        .args(["tickets", "list", "--db", path(&junk)])
        .output()
        .expect("helpdesk runs");
    assert_eq!(
        stderr(&german),
        format!("Fehler: {}: keine SQLite-Datenbank\n", junk.display())
    );
}

#[test]
fn serve_names_the_config_line_of_a_database_that_is_not_one() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("afile"), "not sqlite\n".repeat(200)).expect("junk");
    let config = dir.path().join("helpdesk.toml");
    std::fs::write(&config, "# the community\n\ndb = \"afile\"\n").expect("config");
    let out = common::helpdesk()
        .args(["serve", "--config", path(&config)])
        .output()
        .expect("serve");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let expected = format!(
        "error: {}:3: {}: not a SQLite database\n",
        config.display(),
        dir.path().join("afile").display()
    );
    assert!(err.ends_with(&expected), "{err}");
    assert_eq!(err.matches("not a SQLite database").count(), 1, "{err}");
}

/// Makes a file unwritable even for root (`chattr +i`), and writable again
/// when dropped so that the temporary folder can be removed.
struct Unwritable<'a>(&'a Path);

impl<'a> Unwritable<'a> {
    /// `None` where this machine cannot make a file unwritable.
    fn make(file: &'a Path) -> Option<Unwritable<'a>> {
        use std::os::unix::fs::PermissionsExt;
        let writable = || std::fs::OpenOptions::new().append(true).open(file).is_ok();
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        if writable() {
            // Root writes whatever the mode says; only the immutable flag stops it.
            let _ = std::process::Command::new("chattr")
                .args(["+i", path(file)])
                .status();
        }
        (!writable()).then_some(Unwritable(file))
    }
}

impl Drop for Unwritable<'_> {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .args(["-i", path(self.0)])
            .status();
    }
}

#[test]
fn a_read_only_database_is_named_once() {
    // Made by a command that creates one: `moderators list` no longer does.
    let (_dir, db) = common::imported();
    let Some(_guard) = Unwritable::make(&db) else {
        eprintln!("skipped: this machine cannot make a file read-only");
        return;
    };
    let out = run(&["tickets", "sweep", "--db", path(&db)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}: the file is read-only, and helpdesk needs to write to it\n",
            db.display()
        )
    );
}

#[test]
fn a_failure_after_opening_names_the_database_once_in_the_chosen_language() {
    let (_dir, db) = common::imported();
    common::damage::damage_table(&db, "tickets");
    // The file still opens: what fails below fails after the opening.
    let out = run(&["moderators", "list", "--db", path(&db)]);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = run(&["tickets", "list", "--db", path(&db)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("error: {}: the database is damaged\n", db.display())
    );
    // `--lang` wins over the environment, for the prefix and the message.
    let out = run(&["tickets", "stats", "--db", path(&db), "--lang", "de"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("Fehler: {}: die Datenbank ist beschädigt\n", db.display())
    );
    let german = common::helpdesk()
        .env("HELPDESK_LANG", "de")
        .args(["tickets", "list", "--db", path(&db), "--lang", "en"])
        .output()
        .expect("helpdesk runs");
    assert_eq!(
        stderr(&german),
        format!("error: {}: the database is damaged\n", db.display())
    );
}

#[test]
fn a_database_that_cannot_be_opened_is_named_in_the_chosen_language() {
    let dir = tempfile::tempdir().expect("dir");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "junk\n".repeat(200)).expect("junk");
    let out = run(&["moderators", "list", "--db", path(&junk), "--lang", "de"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("Fehler: {}: keine SQLite-Datenbank\n", junk.display())
    );
}

#[test]
fn tickets_list_refuses_a_limit_of_zero() {
    let (_dir, db) = common::imported();
    let out = run(&["tickets", "list", "--limit", "0", "--db", path(&db)]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains("--limit") && stderr(&out).contains("from 1 to 1000000"),
        "{}",
        stderr(&out)
    );
    let out = run(&["tickets", "list", "--limit", "1", "--db", path(&db)]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn demo_refuses_too_many_members_before_making_any_file() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("d3.db");
    for members in ["99999999999999999999999", "1000001", "9"] {
        let out = run(&["demo", "--db", path(&db), "--members", members]);
        assert_eq!(out.status.code(), Some(2), "{members}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("--members") && stderr(&out).contains("from 10 to 1000000"),
            "{members}: {}",
            stderr(&out)
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert!(left.is_empty(), "{members}: {left:?}");
    }
}

#[test]
fn a_command_that_needs_a_community_names_a_missing_database_and_makes_no_file() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("typo");
    let db = folder.join("helpdesk.db");
    let db_arg = path(&db);
    let book = dir.path().join("book.vcf");
    std::fs::write(
        &book,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ben\nEMAIL:ben@example.org\nEND:VCARD\n",
    )
    .expect("address book");
    let anna = "anna@example.org";
    let commands: [&[&str]; 13] = [
        &["tickets", "list"],
        &["tickets", "stats"],
        &["tickets", "sweep"],
        &["tickets", "reply", "1", "--text", "Hello"],
        &["tickets", "close", "1", "--as", anna],
        &["tickets", "reopen", "1", "--as", anna],
        &["moderators", "list"],
        &["moderators", "link", "--os-user", "anna", anna],
        &["moderators", "unlink", "--os-user", "anna"],
        &[
            "invite",
            "--from",
            anna,
            "--to",
            "ben@example.org",
            "--group",
            "Berlin",
            "--text",
            "Hello Ben",
        ],
        &["contacts", "compare", "--as", anna, path(&book)],
        &["console"],
        &["chat", "--as", anna],
    ];
    for (lang, said) in [
        (
            "en",
            format!(
                "error: There is no database at {db_arg}, and this command does not create one."
            ),
        ),
        (
            "de",
            format!(
                "Fehler: Unter {db_arg} gibt es keine Datenbank, und dieser Befehl legt keine an."
            ),
        ),
    ] {
        for command in commands {
            let mut args = command.to_vec();
            args.extend(["--db", db_arg, "--lang", lang]);
            let out = run(&args);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
            assert!(
                stderr(&out).starts_with(&said),
                "{args:?}: {}",
                stderr(&out)
            );
            assert!(
                stderr(&out).contains(&format!("helpdesk import --db {db_arg} ")),
                "it says how to make one: {}",
                stderr(&out)
            );
            assert_eq!(stdout(&out), "", "{args:?}: no \"No tickets.\"");
            assert!(!folder.exists(), "{args:?} made {}", folder.display());
        }
    }
    // The commands that fill a community or run the bot still make the file.
    let out = common::run_with_stdin(&["chat", "--db", db_arg], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(db.exists(), "trying the bot makes a database");
    let out = run(&["import", "--db", db_arg, common::FIXTURE]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&["tickets", "list", "--db", db_arg]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "No tickets.\n");
}

#[test]
fn a_database_another_program_holds_is_said_in_the_users_language_with_its_file() {
    let (_dir, db) = common::imported();
    let out = common::run_with_stdin(
        &["chat", "--db", path(&db), "--as", "carla@example.org"],
        b"talk to a human\n",
    );
    assert!(stdout(&out).contains("ticket #1"), "{}", stdout(&out));
    // Another program (a console, serve) in the middle of a write.
    let holder = rusqlite::Connection::open(&db).expect("open");
    holder
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("hold the database");
    let out = common::helpdesk()
        .env("LANG", "de_DE.UTF-8")
        .env_remove("HELPDESK_LANG")
        .args(["tickets", "reply", "--db", path(&db), "1", "--text", "x"])
        .output()
        .expect("helpdesk runs");
    drop(holder);
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(
        said.starts_with(&format!(
            "Fehler: {}: ein anderes Programm arbeitet gerade mit der Datenbank",
            db.display()
        )),
        "{said}"
    );
    assert!(
        said.contains("Versuchen Sie es gleich noch einmal"),
        "{said}"
    );
    assert!(!said.contains("database is locked"), "{said}");
}
