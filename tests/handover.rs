//! The handover end to end, with the real binaries: `helpdesk bot` against
//! the fake Discord, `helpdesk tickets reply|sweep|stats` from a "script".
//! A member asks in German, hands over, writes a follow-up; a moderator
//! replies from the command line; the bot is killed after Discord accepted
//! the DM but before it recorded that, restarted, and the member still gets
//! the reply exactly once; the ticket warns, closes, and the rating and
//! comment are stored; a moderator reopens it and the member is told once.

mod common;
#[path = "../bot/tests/support/fake_discord.rs"]
mod fake_discord;
#[path = "../bot/tests/support/moderator.rs"]
mod moderator;

use common::helpdesk;
use desk::{Store, TicketId};
use fake_discord::{Behaviour, FakeDiscord, Session, button, dm};
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);
const MEMBER: u64 = 701;

fn start_bot(db: &Path, fake: &FakeDiscord) -> Child {
    helpdesk()
        .args(["bot", "--db", db.to_str().expect("path")])
        .args(["--api-base", &fake.api_base])
        .env("DISCORD_TOKEN", "MTAwMA.fake-token.for-tests-only")
        .env("HELPDESK_RELAY_BACKOFF_MS", "50")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the bot")
}

/// Waits (boundedly) until `check` holds.
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..400 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never happened: {what}");
}

fn ok(args: &[&str]) -> String {
    let out = helpdesk().args(args).output().expect("helpdesk runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn deliveries(db: &Path, ticket: TicketId) -> Vec<String> {
    Store::open_read_only(db)
        .expect("db")
        .ticket_deliveries(ticket)
        .expect("deliveries")
        .into_iter()
        .map(|(_, status)| status)
        .collect()
}

/// The answer to an interaction: its callback, or the deferred edit.
async fn answer(fake: &mut FakeDiscord, id: u64) -> Value {
    let callback = fake
        .call_to(&format!("/interactions/{id}/"), WAIT)
        .await
        .expect("answered");
    if callback.body["type"] != 5 {
        return callback.body["data"].clone();
    }
    fake.call_to(&format!("interaction-token-{id}/messages/@original"), WAIT)
        .await
        .expect("deferred answer")
        .body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_from_question_to_rating_with_the_bot_killed_in_between() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    let db_arg = db.to_str().expect("path").to_string();
    let mut store = Store::open(&db).expect("db");
    moderator::mia_moderates_support(&mut store);
    drop(store);
    // Discord takes the first DM but its answer never reaches the bot.
    let mut fake = FakeDiscord::start(Behaviour {
        hang_dms: 1,
        ..Behaviour::default()
    })
    .await;
    let mut bot = start_bot(&db, &fake);
    assert_eq!(fake.session(WAIT).await, Some(Session::Identified));

    // The member asks something the FAQ cannot answer and hands over.
    fake.dispatch(
        "MESSAGE_CREATE",
        dm(
            fake.next_id(),
            MEMBER,
            "Wie wird das Wetter morgen in Berlin?",
        ),
    );
    let unsure = fake.call_to("/messages", WAIT).await.expect("answer").body;
    assert!(unsure.to_string().contains("\"human\""), "{unsure}");
    let id = fake.next_id();
    fake.dispatch("INTERACTION_CREATE", button(id, MEMBER, "de", "human"));
    let opened = answer(&mut fake, id).await;
    let ticket = Store::open_read_only(&db)
        .expect("db")
        .tickets(0, 1)
        .expect("tickets")[0]
        .id;
    assert!(
        opened["content"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!("Ticket #{ticket}")),
        "{opened}"
    );

    // A follow-up joins the ticket and is acknowledged in German.
    fake.dispatch(
        "MESSAGE_CREATE",
        dm(fake.next_id(), MEMBER, "Ist schon jemand dran?"),
    );
    let ack = fake.call_to("/messages", WAIT).await.expect("ack").body;
    assert!(
        ack["content"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!("Ticket #{ticket} hinzugefügt")),
        "{ack}"
    );

    // A reply from a script; an unknown ticket is named.
    let bad = helpdesk()
        .args(["tickets", "reply", "--db", &db_arg, "999", "--text", "x"])
        .output()
        .expect("runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("#999"));
    ok(&[
        "tickets",
        "reply",
        "--db",
        &db_arg,
        &ticket.0.to_string(),
        "--as",
        "mia@example.org",
        "--text",
        "Leider kein Wetterdienst, aber gern bei allem anderen.",
    ]);

    // Discord has the DM; the bot dies before recording it.
    eventually("Discord has the DM", || fake.dms_to(MEMBER).len() == 1).await;
    bot.kill().expect("kill");
    bot.wait().expect("reaped");
    assert_eq!(deliveries(&db, ticket), ["pending"]);
    let mut bot = start_bot(&db, &fake);
    eventually("the reply is recorded as delivered", || {
        deliveries(&db, ticket) == ["sent"]
    })
    .await;
    let dms = fake.dms_to(MEMBER);
    assert_eq!(dms.len(), 1, "exactly once: {dms:?}");
    let title = dms[0]["embeds"][0]["title"].as_str().unwrap_or_default();
    assert_eq!(
        title,
        format!("Ticket #{ticket} · Mia Moderator aus unserem Team hat geantwortet")
    );

    // Silence: a warning after 6 days, closing after 7, each once.
    // The running bot sweeps too (every minute): the one that comes first
    // warns, and the deliveries below show it was done once.
    common::age_tickets(&db, 6);
    let swept = ok(&["tickets", "sweep", "--db", &db_arg]);
    assert!(
        swept.contains("1 warned, 0 closed") || swept.contains("0 warned, 0 closed"),
        "{swept}"
    );
    // A day apart, as in life: a warning still unsent when the ticket
    // closes no longer applies and is withdrawn, not sent.
    eventually("the warning is delivered", || {
        deliveries(&db, ticket) == ["sent", "sent"]
    })
    .await;
    common::age_tickets(&db, 1);
    let swept = ok(&["tickets", "sweep", "--db", &db_arg]);
    assert!(
        swept.contains("0 warned, 1 closed") || swept.contains("0 warned, 0 closed"),
        "{swept}"
    );
    eventually("warning and closing delivered", || {
        deliveries(&db, ticket) == ["sent", "sent", "sent"]
    })
    .await;
    let dms = fake.dms_to(MEMBER);
    assert_eq!(dms.len(), 3);
    assert!(
        dms[1]["content"]
            .as_str()
            .unwrap_or_default()
            .contains("morgen geschlossen"),
        "{}",
        dms[1]
    );
    let closing = &dms[2];
    assert!(
        closing["content"]
            .as_str()
            .unwrap_or_default()
            .contains("ist geschlossen"),
        "{closing}"
    );
    let rate = format!("rate:{ticket}:5");
    assert!(
        closing["components"].to_string().contains(&rate),
        "{closing}"
    );

    // The member rates and comments.
    let id = fake.next_id();
    fake.dispatch("INTERACTION_CREATE", button(id, MEMBER, "de", &rate));
    let thanks = answer(&mut fake, id).await;
    assert!(
        thanks["content"]
            .as_str()
            .unwrap_or_default()
            .contains("Bewertung"),
        "{thanks}"
    );
    fake.dispatch(
        "MESSAGE_CREATE",
        dm(fake.next_id(), MEMBER, "Schnell und freundlich"),
    );
    let ack = fake
        .call_to("/messages", WAIT)
        .await
        .expect("comment ack")
        .body;
    assert!(
        ack["content"]
            .as_str()
            .unwrap_or_default()
            .contains("Kommentar"),
        "{ack}"
    );
    assert_eq!(
        Store::open_read_only(&db)
            .expect("db")
            .ticket_rating(ticket)
            .expect("rating"),
        (Some(5), Some("Schnell und freundlich".into()))
    );

    let stats: Value =
        serde_json::from_str(&ok(&["tickets", "stats", "--db", &db_arg, "--json"])).expect("json");
    // Opened a little over 7 days ago (the tickets were aged): in the 30 days.
    assert_eq!(stats["periods"][1]["all"]["opened"], 1);
    assert_eq!(stats["periods"][1]["by_language"]["de"]["opened"], 1);
    assert_eq!(stats["periods"][1]["ratings"]["5"], 1);

    // A moderator opens the rated ticket again from a script: the member
    // hears of it once, in German, with no rating buttons.
    let reopened = ok(&[
        "tickets",
        "reopen",
        "--db",
        &db_arg,
        "--lang",
        "en",
        &ticket.0.to_string(),
        "--as",
        "mia@example.org",
    ]);
    assert!(
        reopened.contains(&format!("Ticket #{ticket} is open again"))
            && reopened.contains("told on Discord"),
        "{reopened}"
    );
    eventually("the reopening is delivered", || {
        deliveries(&db, ticket) == ["sent", "sent", "sent", "sent"]
    })
    .await;
    let dms = fake.dms_to(MEMBER);
    assert_eq!(dms.len(), 4, "told once: {dms:?}");
    let told = &dms[3];
    assert!(
        told["content"]
            .as_str()
            .unwrap_or_default()
            .starts_with(&format!("Ihr Ticket #{ticket} ist wieder offen")),
        "{told}"
    );
    assert!(!told["components"].to_string().contains("rate:"), "{told}");
    assert_eq!(told["nonce"], "hd-4");
    bot.kill().expect("kill");
    bot.wait().expect("reaped");
}
