//! `helpdesk tickets reply`, `close` and `reopen`: who may sign, close or reopen, and closed tickets.

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

/// The sweep warns of silence and then closes ticket #1, 6 and 7 days on.
fn close_for_silence(db: &std::path::Path) {
    for days in [6, 1] {
        common::age_tickets(db, days);
        let sweep = run(&["tickets", "sweep", "--db", path(db)]);
        assert!(sweep.status.success(), "{}", stderr(&sweep));
    }
}

/// `helpdesk tickets close|reopen TICKET --as WHO`, in `lang`.
fn act(
    db: &std::path::Path,
    action: &str,
    who: &str,
    ticket: &str,
    lang: &str,
) -> std::process::Output {
    run(&[
        "tickets",
        action,
        "--db",
        path(db),
        "--lang",
        lang,
        ticket,
        "--as",
        who,
    ])
}

/// The state of the database's one ticket, as `tickets list --json` gives it.
fn state_of_the_ticket(db: &std::path::Path) -> String {
    let list = stdout(&run(&["tickets", "list", "--db", path(db), "--json"]));
    let ticket: serde_json::Value = serde_json::from_str(list.trim()).expect("one JSON line");
    ticket["state"].as_str().unwrap_or_default().to_string()
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
    close_for_silence(&db);
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

#[test]
fn a_moderator_reopens_a_closed_ticket_of_a_member_without_discord_and_then_replies() {
    // Carla has no Discord account: writing to the bot is no way back for her.
    let (_dir, db) = with_ticket();
    let reply = |text: &str| run(&["tickets", "reply", "--db", path(&db), "1", "--text", text]);
    let reopen = |who: &str, ticket: &str, lang: &str| act(&db, "reopen", who, ticket, lang);
    assert!(reply("Try this.").status.success());
    close_for_silence(&db);
    let refused = reply("One more thing");
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("Reopen it first")
            && stderr(&refused).contains(&format!(
                "helpdesk tickets reopen 1 --db {} --as",
                path(&db)
            )),
        "the refusal says how to reopen: {}",
        stderr(&refused)
    );

    let out = reopen("ben@example.org", "1", "en");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("ben@example.org is no moderator")
            && stderr(&out).contains("cannot reopen"),
        "{}",
        stderr(&out)
    );
    let out = reopen("nobody@example.org", "1", "en");
    assert!(
        stderr(&out).contains("No member with the address nobody@example.org"),
        "{}",
        stderr(&out)
    );
    let out = reopen("carla@example.org", "99", "en");
    assert!(
        stderr(&out).contains("There is no ticket #99"),
        "{}",
        stderr(&out)
    );
    let state = || state_of_the_ticket(&db);
    assert_eq!(state(), "closed", "nothing changed on a refusal");

    let out = reopen("carla@example.org", "1", "en");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Ticket #1 is open again")
            && stdout(&out).contains("no Discord account"),
        "{}",
        stdout(&out)
    );
    assert_eq!(state(), "open");
    let again = reopen("carla@example.org", "1", "de");
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("Ticket #1 ist bereits offen"),
        "{}",
        stderr(&again)
    );

    let before = outbox(&db);
    let out = reply("One more thing");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("e-mail outbox"), "{}", stdout(&out));
    assert_eq!(outbox(&db), before + 1, "the reply is queued by mail");
    let store = desk::Store::open_read_only(&db).expect("store");
    let logged = store
        .audit_log(0, 20)
        .expect("audit")
        .into_iter()
        .find(|e| e.action == "ticket-reopened")
        .expect("the reopening is logged");
    assert_eq!(logged.target, "ticket:1");
    assert_eq!(logged.moderator.as_deref(), Some("Carla Diaz"));
}

#[test]
fn a_moderator_closes_a_ticket_from_the_command_line_and_the_member_is_told_once() {
    // Emil has a Discord account: the closing notice and rating request go there.
    let (_dir, db) = imported();
    let out = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "emil@example.org"],
        b"talk to a human\n",
    );
    // Emil chats in German.
    assert!(stdout(&out).contains("Ticket #1"), "{}", stdout(&out));
    let close = |who: &str, ticket: &str, lang: &str| act(&db, "close", who, ticket, lang);
    let notices = || {
        desk::Store::open_read_only(&db)
            .expect("store")
            .ticket_deliveries(desk::TicketId(1))
            .expect("deliveries")
            .into_iter()
            .filter(|(d, status)| {
                d.kind == desk::store::DeliveryKind::Closed && status != "withdrawn"
            })
            .count()
    };
    let state = || state_of_the_ticket(&db);

    let out = close("ben@example.org", "1", "en");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("ben@example.org is no moderator")
            && stderr(&out).contains("cannot close"),
        "{}",
        stderr(&out)
    );
    let out = close("carla@example.org", "99", "en");
    assert!(
        stderr(&out).contains("There is no ticket #99"),
        "{}",
        stderr(&out)
    );
    assert_eq!(state(), "open", "nothing changed on a refusal");
    assert_eq!(notices(), 0);

    let out = close("carla@example.org", "1", "en");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Ticket #1 is closed") && stdout(&out).contains("asked for a rating"),
        "{}",
        stdout(&out)
    );
    assert_eq!(state(), "closed");
    assert_eq!(notices(), 1, "the member is told, as from the console");

    let again = close("carla@example.org", "1", "de");
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("Ticket #1 ist bereits geschlossen"),
        "{}",
        stderr(&again)
    );
    assert_eq!(notices(), 1, "and told only once");
    let store = desk::Store::open_read_only(&db).expect("store");
    let closings: Vec<_> = store
        .audit_log(0, 20)
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == "ticket-closed")
        .collect();
    assert_eq!(closings.len(), 1, "{closings:?}");
    assert_eq!(closings[0].target, "ticket:1");
    assert_eq!(closings[0].moderator.as_deref(), Some("Carla Diaz"));
    drop(store);

    let out = act(&db, "reopen", "anna@example.org", "1", "en");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Ticket #1 is open again")
            && stdout(&out).contains("told on Discord"),
        "{}",
        stdout(&out)
    );
    assert_eq!(state(), "open");
    assert_eq!(notices(), 0, "the notice not yet sent is withdrawn");
}

#[test]
fn a_file_a_member_sent_is_saved_whole_and_one_not_kept_is_refused_with_its_link() {
    use desk::store::{FileContent, MemberFile};
    let (dir, db) = with_ticket();
    let png: Vec<u8> = (0..100_000u32).map(|n| (n % 253) as u8).collect();
    let file = |name: &str, size: u64, content: FileContent| MemberFile {
        filename: name.into(),
        content_type: Some("image/png".into()),
        size,
        url: format!("https://cdn.discordapp.com/attachments/1/2/{name}"),
        content,
    };
    desk::Store::open(&db)
        .expect("store")
        .add_member_message_with_files(
            desk::TicketId(1),
            "Hier:",
            &[
                file("Fehler_ü.png", 100_000, FileContent::Kept(png.clone())),
                file("Video.mp4", 90_000_000, FileContent::TooLarge),
            ],
            desk::clock::now(),
        )
        .expect("files");
    let files = desk::Store::open_read_only(&db)
        .expect("store")
        .ticket_messages(desk::TicketId(1))
        .expect("messages")
        .pop()
        .expect("message")
        .files;
    let (kept, video) = (files[0].id.to_string(), files[1].id.to_string());
    let out = dir.path().join("fehler.png");
    let saved = run(&[
        "tickets",
        "file",
        "--db",
        path(&db),
        "--lang",
        "de",
        &kept,
        "--out",
        path(&out),
    ]);
    assert!(saved.status.success(), "{}", stderr(&saved));
    assert!(
        stdout(&saved).contains("„Fehler_ü.png“ (100000 Bytes) gespeichert"),
        "{}",
        stdout(&saved)
    );
    assert_eq!(std::fs::read(&out).expect("saved"), png, "byte for byte");
    let again = run(&[
        "tickets",
        "file",
        "--db",
        path(&db),
        &kept,
        "--out",
        path(&out),
    ]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("exists already; nothing was written"),
        "{}",
        stderr(&again)
    );
    let large = dir.path().join("video.mp4");
    let refused = run(&[
        "tickets",
        "file",
        "--db",
        path(&db),
        &video,
        "--out",
        path(&large),
    ]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("was too large to keep")
            && stderr(&refused).contains("https://cdn.discordapp.com/attachments/1/2/Video.mp4"),
        "{}",
        stderr(&refused)
    );
    assert!(!large.exists(), "nothing written");
    let unknown = run(&[
        "tickets",
        "file",
        "--db",
        path(&db),
        "99",
        "--out",
        path(&large),
    ]);
    assert!(
        stderr(&unknown).contains("There is no ticket file #99."),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn a_file_that_cannot_be_written_whole_leaves_nothing_behind() {
    use desk::store::{FileContent, MemberFile};
    let (dir, db) = with_ticket();
    let png: Vec<u8> = (0..200_000u32).map(|n| (n % 251) as u8).collect();
    desk::Store::open(&db)
        .expect("store")
        .add_member_message_with_files(
            desk::TicketId(1),
            "",
            &[MemberFile {
                filename: "screen.png".into(),
                content_type: Some("image/png".into()),
                size: 200_000,
                url: "https://cdn.discordapp.com/attachments/1/2/screen.png".into(),
                content: FileContent::Kept(png.clone()),
            }],
            desk::clock::now(),
        )
        .expect("file");
    let id = desk::Store::open_read_only(&db)
        .expect("store")
        .ticket_messages(desk::TicketId(1))
        .expect("messages")
        .pop()
        .expect("message")
        .files[0]
        .id
        .to_string();
    let out = dir.path().join("screen.png");
    // A full disk, as a limit on the size of files this process writes
    // (128 KiB; the signal it would send is ignored, so the write fails).
    let full = std::process::Command::new("bash")
        .args(["-c", "trap '' XFSZ; ulimit -f 128; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_helpdesk"))
        .args([
            "tickets",
            "file",
            "--db",
            path(&db),
            &id,
            "--out",
            path(&out),
        ])
        .env("HELPDESK_LANG", "en")
        .output()
        .expect("helpdesk runs");
    assert!(!full.status.success(), "{}", stdout(&full));
    assert!(
        !out.exists(),
        "a cut-off file was left, and the next try refused it as existing: {}",
        stderr(&full)
    );
    let saved = run(&[
        "tickets",
        "file",
        "--db",
        path(&db),
        &id,
        "--out",
        path(&out),
    ]);
    assert!(saved.status.success(), "{}", stderr(&saved));
    assert_eq!(std::fs::read(&out).expect("saved"), png, "byte for byte");
}

#[test]
fn the_sweep_says_the_bot_configs_problems_in_german_as_the_bot_does() {
    let (dir, db) = imported();
    let missing = dir.path().join("nonexist.toml");
    let typo = dir.path().join("bot.toml");
    std::fs::write(&typo, "# bot\n[tickets]\nclose_after = 3\n").expect("write");
    for (config, said) in [
        (
            &missing,
            format!(
                "Fehler: Die Bot-Konfiguration {} kann nicht gelesen werden: Eine solche Datei",
                missing.display()
            ),
        ),
        (
            &typo,
            format!(
                "Fehler: {}:3: Einen Schlüssel `close_after` gibt es hier nicht",
                typo.display()
            ),
        ),
    ] {
        let out = common::helpdesk()
            .env("LANG", "de_DE.UTF-8")
            .env_remove("HELPDESK_LANG")
            .args([
                "tickets",
                "sweep",
                "--db",
                path(&db),
                "--config",
                path(config),
            ])
            .output()
            .expect("helpdesk runs");
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.starts_with(&said), "{said}:\n{err}");
        for english in ["cannot read", "os error", "unknown field"] {
            assert!(!err.contains(english), "{english}:\n{err}");
        }
    }
}

#[test]
fn the_closed_tickets_refusal_suggests_reopening_on_the_same_database() {
    let dir = tempfile::tempdir().expect("dir");
    // A folder the shell would split and a quote it would take for its own.
    let folder = dir.path().join("the team's desk");
    std::fs::create_dir(&folder).expect("folder");
    let db = folder.join("community.db");
    let out = run(&["import", "--db", path(&db), common::FIXTURE]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "carla@example.org"],
        b"talk to a human\n",
    );
    assert!(stdout(&out).contains("ticket #1"), "{}", stdout(&out));
    // Answered, then closed for the member's silence.
    let out = run(&["tickets", "reply", "--db", path(&db), "1", "--text", "x"]);
    assert!(out.status.success(), "{}", stderr(&out));
    close_for_silence(&db);
    let out = run(&["tickets", "reply", "--db", path(&db), "1", "--text", "x"]);
    assert!(!out.status.success(), "{}", stdout(&out));
    let quoted = format!("'{}'", path(&db).replace('\'', "'\\''"));
    assert!(
        stderr(&out).contains(&format!(
            "run helpdesk tickets reopen 1 --db {quoted} --as YOUR-ADDRESS."
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_sweep_in_the_future_is_refused_and_closes_nothing() {
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
    for (lang, said) in [("en", "lies in the future"), ("de", "liegt in der Zukunft")] {
        let out = run(&[
            "tickets",
            "sweep",
            "--db",
            path(&db),
            "--lang",
            lang,
            "--at",
            "9999-12-31T23:59:59Z",
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
    }
    assert_eq!(state_of_the_ticket(&db), "open");
}

#[test]
fn the_sweep_works_on_the_config_files_database_unless_db_is_given() {
    let (dir, db) = with_ticket();
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
    common::age_tickets(&db, 6);
    // Relative to the file, as `serve` reads it.
    let config = dir.path().join("helpdesk.toml");
    let name = db.file_name().and_then(|n| n.to_str()).expect("name");
    std::fs::write(&config, format!("db = \"{name}\"\n")).expect("config");
    // A fallback to the default database would find none here.
    let elsewhere = tempfile::tempdir().expect("dir");
    let sweep = |extra: &[&str]| {
        common::helpdesk()
            .env("XDG_DATA_HOME", elsewhere.path())
            .env("HOME", elsewhere.path())
            .args(["tickets", "sweep", "--config", path(&config)])
            .args(extra)
            .output()
            .expect("helpdesk runs")
    };
    // An explicit --db wins over the file's.
    let (_other_dir, other) = imported();
    let out = sweep(&["--db", path(&other)]);
    assert!(
        stdout(&out).contains("0 warned, 0 closed"),
        "{}",
        stderr(&out)
    );
    let out = sweep(&[]);
    assert!(
        stdout(&out).contains("1 warned, 0 closed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_that_cannot_be_saved_says_why_in_the_users_language() {
    use desk::store::{FileContent, MemberFile};
    let (dir, db) = with_ticket();
    desk::Store::open(&db)
        .expect("store")
        .add_member_message_with_files(
            desk::TicketId(1),
            "",
            &[MemberFile {
                filename: "screen.png".into(),
                content_type: Some("image/png".into()),
                size: 3,
                url: "https://cdn.discordapp.com/attachments/1/2/screen.png".into(),
                content: FileContent::Kept(vec![1, 2, 3]),
            }],
            desk::clock::now(),
        )
        .expect("file");
    let id = desk::Store::open_read_only(&db)
        .expect("store")
        .ticket_messages(desk::TicketId(1))
        .expect("messages")
        .pop()
        .expect("message")
        .files[0]
        .id
        .to_string();
    let out = dir.path().join("missing-dir").join("x.png");
    let saved = common::helpdesk()
        .env("LANG", "de_DE.UTF-8")
        .env_remove("HELPDESK_LANG")
        .args([
            "tickets",
            "file",
            "--db",
            path(&db),
            &id,
            "--out",
            path(&out),
        ])
        .output()
        .expect("helpdesk runs");
    assert_eq!(saved.status.code(), Some(1));
    let err = stderr(&saved);
    assert!(
        err.contains("Eine solche Datei oder einen solchen Ordner gibt es nicht")
            && err.contains("nichts wurde gespeichert"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}
