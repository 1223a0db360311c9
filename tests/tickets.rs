//! `helpdesk tickets reply`: who may sign a reply, and closed tickets.

mod common;

use common::{imported, path, run, run_with_stdin, stderr, stdout};

/// An imported community with ticket #1, opened by Carla in the chat.
fn with_ticket() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = imported();
    let out = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "carla@example.org"],
        b"talk to a human\n",
    );
    assert!(stdout(&out).contains("ticket #1"), "{}", stdout(&out));
    (dir, db)
}

fn outbox(db: &std::path::Path) -> usize {
    let store = desk::Store::open_read_only(db).expect("store");
    store
        .ticket_deliveries(desk::TicketId(1))
        .expect("deliveries")
        .len()
        + store
            .outbox_for(
                store
                    .member_by_email("carla@example.org")
                    .expect("lookup")
                    .expect("carla")
                    .id,
            )
            .expect("outbox")
            .len()
}

#[test]
fn a_reply_signed_by_a_member_who_moderates_nothing_is_refused() {
    let (_dir, db) = with_ticket();
    let before = outbox(&db);
    let out = run(&[
        "tickets",
        "reply",
        "--db",
        path(&db),
        "1",
        "--text",
        "hi",
        "--as",
        "ben@example.org",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("ben@example.org is no moderator"),
        "{}",
        stderr(&out)
    );
    assert_eq!(outbox(&db), before, "nothing is queued");
    // Anna is a regional ambassador: she may sign.
    let out = run(&[
        "tickets",
        "reply",
        "--db",
        path(&db),
        "1",
        "--text",
        "hi",
        "--as",
        "anna@example.org",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_reply_to_a_closed_ticket_is_refused() {
    let (_dir, db) = with_ticket();
    let reply = run(&[
        "tickets",
        "reply",
        "--db",
        path(&db),
        "1",
        "--text",
        "Try this.",
    ]);
    assert!(reply.status.success(), "{}", stderr(&reply));
    let at = |days: i64| {
        desk::clock::rfc3339(desk::clock::from_unix(
            desk::clock::to_unix(desk::clock::now()) + days * 86_400 + 60,
        ))
    };
    for days in [6, 7] {
        let sweep = run(&["tickets", "sweep", "--db", path(&db), "--at", &at(days)]);
        assert!(sweep.status.success(), "{}", stderr(&sweep));
    }
    let before = outbox(&db);
    let out = run(&[
        "tickets",
        "reply",
        "--db",
        path(&db),
        "1",
        "--text",
        "One more thing",
    ]);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("Ticket #1 is closed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(outbox(&db), before, "nothing is queued");
}
