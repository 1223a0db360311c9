//! `helpdesk moderators link|unlink|list`, run as the real binary against a
//! real SQLite file.

mod common;

use common::{imported, path, run, stderr, stdout};
use std::path::Path;

#[test]
fn an_account_is_linked_listed_and_unlinked() {
    let (_dir, db) = imported();
    let db = path(&db);
    let none = run(&["moderators", "list", "--db", db]);
    assert!(stdout(&none).contains("No operating-system account is linked"));

    let out = run(&[
        "moderators",
        "link",
        "--db",
        db,
        "--os-user",
        "carla",
        "Carla@Example.org",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("The account carla now works as Carla Diaz <carla@example.org>."),
        "{}",
        stdout(&out)
    );

    let list = run(&["moderators", "list", "--db", db, "--json"]);
    let json: serde_json::Value = serde_json::from_str(stdout(&list).trim()).expect("json");
    assert_eq!(json[0]["os_user"], "carla");
    assert_eq!(json[0]["email"], "carla@example.org");
    assert_eq!(json[0]["moderates"], true);
    let german = run(&["moderators", "list", "--db", db, "--lang", "de"]);
    assert!(stdout(&german).contains("carla → Carla Diaz <carla@example.org>"));

    // The audit log names the account that ran the command.
    let me = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("id -un");
    let me = String::from_utf8_lossy(&me.stdout).trim().to_string();
    let store = desk::Store::open(Path::new(db)).expect("open");
    let log = store.audit_log(0, 1).expect("audit log");
    assert_eq!(log[0].action, "os-user-linked");
    assert_eq!(log[0].os_user.as_deref(), Some(me.as_str()));
    drop(store);

    let out = run(&["moderators", "unlink", "--db", db, "--os-user", "carla"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("The account carla no longer works as Carla Diaz."));
    let again = run(&["moderators", "unlink", "--db", db, "--os-user", "carla"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("The operating-system account \"carla\" is not linked"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn refusals_name_what_is_wrong() {
    let (_dir, db) = imported();
    let db = path(&db);
    let member = run(&[
        "moderators",
        "link",
        "--db",
        db,
        "--os-user",
        "emil",
        "emil@example.org",
    ]);
    assert_eq!(member.status.code(), Some(1));
    assert!(
        stderr(&member).contains("emil@example.org is no moderator"),
        "{}",
        stderr(&member)
    );
    let unknown = run(&[
        "moderators",
        "link",
        "--db",
        db,
        "--os-user",
        "x",
        "nobody@example.org",
        "--lang",
        "de",
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("Es gibt kein Mitglied mit der Adresse nobody@example.org."),
        "{}",
        stderr(&unknown)
    );
    let bad = run(&[
        "moderators",
        "link",
        "--db",
        db,
        "--os-user",
        "a b",
        "carla@example.org",
    ]);
    assert!(stderr(&bad).contains("\"a b\" is not an operating-system account name"));
    let list = run(&["moderators", "list", "--db", db, "--json"]);
    assert_eq!(stdout(&list).trim(), "[]");
}
