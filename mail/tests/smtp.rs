//! The courier against a real SMTP server on 127.0.0.1 and a real Maildir,
//! with invitations written by `desk` into a real SQLite file.

mod support;

use desk::records::{InvitationId, MemberId};
use desk::store::community::{NewGroup, NewMember};
use desk::store::{MailProblem, MailState};
use desk::{Draft, GroupKind, InvitationStatus, InvitePolicy, Role, Route, SendOutcome, Store};
use locales::{Lang, Localizer};
use mail::{Courier, CourierOptions, Retry, Round, Sender, Smtp, Transport, TrustedRoots};
use std::path::PathBuf;
use std::time::Duration;
use support::smtp_server::{SmtpServer, body, header};

/// A file in `tests/fixtures/` (the test CA and server certificate).
fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The relay at `url`, trusting the test CA.
fn trusting_test_ca(url: &str) -> Transport {
    let roots = TrustedRoots::read(&fixture("ca.pem")).expect("test CA");
    Transport::Smtp(Smtp::from_url_trusting(url, None, Some(&roots)).expect("smtp"))
}

/// A database in which Anna invites Jürgen (German) into "Köln Networking".
fn invited(dir: &std::path::Path) -> (Store, InvitationId) {
    let mut store = Store::open(&dir.join("desk.db")).expect("store");
    let anna = store
        .upsert_member(&NewMember::new("anna@example.org", "Anna Berg", Lang::De))
        .expect("anna");
    let juergen = store
        .upsert_member(&NewMember::new(
            "juergen@example.org",
            "Jürgen Weiß",
            Lang::De,
        ))
        .expect("juergen");
    let group = store
        .upsert_group(&NewGroup {
            name: "Köln Networking".into(),
            description: String::new(),
            kind: GroupKind::Regional,
        })
        .expect("group");
    store.set_role(group, anna, Role::Moderator).expect("role");
    let l = Localizer::embedded().expect("locales");
    let draft = Draft {
        inviter: anna,
        invitee: juergen,
        group,
        route: Route::Profile,
        subject: String::new(),
        text: "Grüße aus Köln! Unser Stammtisch würde Ihnen gefallen.".into(),
        at: desk::clock::now(),
    };
    match store
        .send_invitation(&InvitePolicy::default(), &l, &draft, draft.at)
        .expect("send")
    {
        SendOutcome::Sent(id) => (store, id),
        other => panic!("{other:?}"),
    }
}

fn courier(dir: &std::path::Path, transport: Transport) -> Courier {
    courier_with_tries(dir, transport, Retry::default().attempts)
}

/// A courier that gives a mail `tries` in all, with no wait between them.
fn courier_with_tries(dir: &std::path::Path, transport: Transport, tries: u32) -> Courier {
    let store = Store::open(&dir.join("desk.db")).expect("courier's store");
    let sender = Sender::new(
        "Helpdesk <helpdesk@example.org>",
        Some("https://example.org/settings/notifications"),
    )
    .expect("sender");
    let options = CourierOptions {
        retry: Retry {
            first: Duration::ZERO,
            attempts: tries,
            ..Retry::default()
        },
        ..CourierOptions::default()
    };
    Courier::new(store, transport, sender, options)
}

/// Anna's invitation, and what one courier round through `transport` did.
struct Tried {
    _dir: tempfile::TempDir,
    store: Store,
    invitation: InvitationId,
    round: Round,
}

async fn one_round(transport: Transport) -> Tried {
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let courier = courier(dir.path(), transport);
    let round = courier.round(None).await.expect("round");
    Tried {
        _dir: dir,
        store,
        invitation,
        round,
    }
}

/// The mail went out and its row says so.
fn assert_sent(store: &Store, invitation: InvitationId) {
    assert!(matches!(
        store.invitation_mail(invitation).expect("state"),
        Some(MailState::Sent { .. })
    ));
}

/// The tries so far and the reason of a mail that waits for another try.
fn queued_reason(store: &Store, invitation: InvitationId) -> (u32, String) {
    match store.invitation_mail(invitation).expect("state") {
        Some(MailState::Queued {
            attempts,
            last_error: Some(reason),
        }) => (attempts, reason),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_arrives_with_its_headers_in_german_with_umlauts() {
    let server = SmtpServer::start_with_login();
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let url = format!("smtp://helpdesk@{}", server.addr);
    let smtp = Smtp::from_url(&url, Some("richtig-geheim")).expect("smtp");
    let courier = courier(dir.path(), Transport::Smtp(smtp));

    let round = courier.round(None).await.expect("round");
    assert_eq!(
        round,
        Round {
            sent: 1,
            ..Round::default()
        }
    );

    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        server.logins(),
        vec![("helpdesk".into(), "richtig-geheim".into())]
    );
    assert_eq!(received[0].from, "helpdesk@example.org");
    assert_eq!(received[0].to, vec!["juergen@example.org".to_string()]);
    let message = String::from_utf8(received[0].data.clone()).expect("ascii on the wire");
    assert_eq!(
        header(&message, "From").as_deref(),
        Some("Helpdesk <helpdesk@example.org>")
    );
    assert!(
        header(&message, "Date").is_some_and(|d| d.ends_with("+0000")),
        "{message}"
    );
    assert_eq!(
        header(&message, "List-Unsubscribe").as_deref(),
        Some("<https://example.org/settings/notifications>")
    );
    assert_eq!(header(&message, "Content-Language").as_deref(), Some("de"));
    assert!(
        header(&message, "Content-Type").is_some_and(|t| t.contains("charset=utf-8")),
        "{message}"
    );
    assert_eq!(
        header(&message, "Subject").as_deref(),
        Some("Anna Berg lädt Sie in die Gruppe „Köln Networking“ ein")
    );
    let text = body(&message);
    assert!(text.starts_with("Hallo Jürgen Weiß,"), "{text}");
    assert!(
        text.contains("Grüße aus Köln! Unser Stammtisch würde Ihnen gefallen."),
        "{text}"
    );
    assert!(text.contains("Benachrichtigungseinstellungen"), "{text}");

    let message_id = header(&message, "Message-ID").expect("Message-ID");
    match store.invitation_mail(invitation).expect("state") {
        Some(MailState::Sent {
            message_id: Some(recorded),
            ..
        }) => {
            assert_eq!(recorded, message_id)
        }
        other => panic!("{other:?}"),
    }
    // Nothing is sent twice.
    assert_eq!(courier.round(None).await.expect("again"), Round::default());
    assert_eq!(server.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_451_is_tried_again_and_the_mail_arrives_once() {
    let server = SmtpServer::start();
    server.answer_next(1, 451, "4.3.0 Greylisted, come back later");
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
    let courier = courier(dir.path(), Transport::Smtp(smtp));

    let first = courier.round(None).await.expect("first round");
    assert_eq!(
        first,
        Round {
            deferred: 1,
            ..Round::default()
        }
    );
    match store.invitation_mail(invitation).expect("state") {
        Some(MailState::Queued {
            attempts: 1,
            last_error: Some(reason),
        }) => {
            assert_eq!(
                MailProblem::parse(&reason),
                MailProblem::Deferred {
                    code: 451,
                    words: "4.3.0 Greylisted, come back later".into()
                }
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(server.received().is_empty());

    let second = courier.round(None).await.expect("second round");
    assert_eq!(
        second,
        Round {
            sent: 1,
            ..Round::default()
        }
    );
    assert_eq!(server.received().len(), 1);
    assert_sent(&store, invitation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_deferred_at_every_try_fails_at_exactly_the_last_one() {
    let server = SmtpServer::start();
    server.answer_next(10, 451, "4.3.0 Greylisted, come back later");
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
    let courier = courier_with_tries(dir.path(), Transport::Smtp(smtp), 3);
    for tries in 1..=2 {
        assert_eq!(
            courier.round(None).await.expect("round"),
            Round {
                deferred: 1,
                ..Round::default()
            }
        );
        assert_eq!(queued_reason(&store, invitation).0, tries);
    }
    assert_eq!(
        courier.round(None).await.expect("last round"),
        Round {
            failed: 1,
            ..Round::default()
        }
    );
    match store.invitation_mail(invitation).expect("state") {
        Some(MailState::Failed { reason }) => assert!(
            matches!(
                MailProblem::parse(&reason),
                MailProblem::Deferred { code: 451, .. }
            ),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(courier.round(None).await.expect("after"), Round::default());
    assert!(server.received().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_courier_given_no_tries_still_tries_each_mail_once() {
    let server = SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
    let courier = courier_with_tries(dir.path(), Transport::Smtp(smtp), 0);
    assert_eq!(
        courier.round(None).await.expect("round"),
        Round {
            sent: 1,
            ..Round::default()
        }
    );
    assert_sent(&store, invitation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_that_stops_the_courier_at_every_try_runs_out_of_tries_and_goes_out_no_more() {
    let server = SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, invitation) = invited(dir.path());
    let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
    // Three times a courier let the mail go and was killed before it could
    // record that the server took it (as a courier that the database stops
    // each time: it stops serve, whose next start queues the mail again).
    for _ in 0..3 {
        let claimed = store
            .claim_mails(desk::clock::now(), 1)
            .expect("claim")
            .mails;
        assert_eq!(
            store
                .still_to_send(claimed[0].id, 3, desk::clock::now(), || false)
                .expect("let go"),
            desk::store::LastCheck::Send
        );
        assert_eq!(
            store.release_unfinished_mails().expect("next start"),
            desk::store::Requeued {
                handed_over: 1,
                never_handed_over: 0
            }
        );
    }
    let courier = courier_with_tries(dir.path(), Transport::Smtp(smtp), 3);
    assert_eq!(
        courier.round(None).await.expect("round"),
        Round {
            failed: 1,
            ..Round::default()
        }
    );
    assert!(server.received().is_empty(), "not sent a fourth time");
    match store.invitation_mail(invitation).expect("state") {
        Some(MailState::Failed { reason }) => {
            assert_eq!(MailProblem::parse(&reason), MailProblem::OutOfTries(3));
        }
        other => panic!("{other:?}"),
    }
    // The server may have taken it each time: it still counts under rule
    // 4, and the news does not say that it never arrived.
    assert_eq!(
        news_and_rule_4(&store, invitation),
        ("invitation-unconfirmed".to_string(), false)
    );
}

/// What the group's news calls `invitation`, and whether its inviter may
/// invite the same person again a day later (rule 4).
fn news_and_rule_4(store: &Store, invitation: InvitationId) -> (String, bool) {
    let first = store.invitation(invitation).expect("invitation");
    let news = store.group_news(first.group, 10).expect("news");
    let kind = news
        .iter()
        .find(|n| n.subject.as_deref() == Some(first.invitee_name.as_str()))
        .map(|n| n.kind.clone())
        .expect("in the group's news");
    let draft = Draft {
        inviter: first.inviter,
        invitee: first.invitee,
        group: first.group,
        route: Route::Profile,
        subject: String::new(),
        text: "Noch einmal: unser Stammtisch.".into(),
        at: desk::clock::now() + Duration::from_secs(86_400),
    };
    let again = store
        .check_invitation(&InvitePolicy::default(), &draft)
        .expect("check")
        .passes();
    (kind, again)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_last_try_whose_250_came_too_late_counts_as_an_invitation_that_may_have_arrived() {
    let server = SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let smtp = Smtp::from_url(&server.url(), None)
        .expect("smtp")
        .answer_within(Duration::from_millis(500));
    let courier = courier_with_tries(dir.path(), Transport::Smtp(smtp), 1);
    // The server has the whole mail and answers only after the courier
    // stopped waiting: the one try fails, with no answer.
    let hold = server.hold_next();
    assert_eq!(
        courier.round(None).await.expect("round"),
        Round {
            failed: 1,
            ..Round::default()
        }
    );
    hold.release();
    assert_eq!(server.wait_for(1, Duration::from_secs(30)), 1, "it arrived");
    match store.invitation_mail(invitation).expect("state") {
        Some(MailState::Failed { reason }) => {
            assert!(
                matches!(MailProblem::parse(&reason), MailProblem::Timeout(_)),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    // Before, a failed mail was taken as never delivered: Anna could invite
    // Jürgen again at once, and the news said the e-mail never arrived.
    assert_eq!(
        news_and_rule_4(&store, invitation),
        ("invitation-unconfirmed".to_string(), false)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_invitation_mail_blocks_no_new_invitation_and_the_news_says_it_never_arrived() {
    let server = SmtpServer::start();
    server.answer_next(1, 550, "5.1.1 No such user here");
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
    let courier = courier(dir.path(), Transport::Smtp(smtp));
    assert_eq!(
        courier.round(None).await.expect("round"),
        Round {
            failed: 1,
            ..Round::default()
        }
    );
    assert!(server.received().is_empty());
    assert_eq!(
        news_and_rule_4(&store, invitation),
        ("invitation-failed".to_string(), true)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_550_fails_the_mail_with_the_servers_reason() {
    let server = SmtpServer::start();
    server.answer_next(1, 550, "5.1.1 No such user here");
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
    let courier = courier(dir.path(), Transport::Smtp(smtp));

    let round = courier.round(None).await.expect("round");
    assert_eq!(
        round,
        Round {
            failed: 1,
            ..Round::default()
        }
    );
    match store.invitation_mail(invitation).expect("state") {
        Some(MailState::Failed { reason }) => {
            assert!(
                reason.contains("550") && reason.contains("No such user here"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    // The console says the kind in its language and the server's words as its.
    let l = Localizer::embedded().expect("locales");
    let state = store
        .invitation_mail(invitation)
        .expect("state")
        .expect("a mail");
    let problem = state.problem().expect("a problem");
    assert_eq!(
        problem,
        MailProblem::Refused {
            code: 550,
            words: "5.1.1 No such user here".into()
        }
    );
    let de = problem.message(&l, Lang::De);
    assert_eq!(
        de,
        "Der Mailserver hat sie endgültig abgelehnt (550); seine Antwort: 5.1.1 No such user here"
    );
    assert!(!de.contains("permanent"), "{de}");
    let en = problem.message(&l, Lang::En);
    assert!(
        en.starts_with("the mail server refused it for good (550)"),
        "{en}"
    );
    assert_eq!(courier.round(None).await.expect("again"), Round::default());
    assert!(server.received().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_the_invitation_is_a_file_in_the_maildir() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let root = dir.path().join("Mail");
    let courier = courier(dir.path(), Transport::maildir(&root).expect("maildir"));

    assert_eq!(courier.round(None).await.expect("round").sent, 1);
    let files: Vec<_> = std::fs::read_dir(root.join("new"))
        .expect("new")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(std::fs::read_dir(root.join("tmp")).expect("tmp").count(), 0);
    let text = std::fs::read_to_string(&files[0]).expect("read");
    assert!(!text.contains('\r'), "Maildir files use Unix lines");
    let message = text.replace('\n', "\r\n");
    assert_eq!(
        header(&message, "To").as_deref(),
        Some("juergen@example.org")
    );
    assert!(body(&message).contains("Grüße aus Köln!"));
    assert_sent(&store, invitation);
}

/// A copied database numbers its outbox as the original does: its own
/// mail under the same row number is a mail of its own, not one already written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_databases_with_one_maildir_each_get_their_own_file() {
    let first = tempfile::tempdir().expect("first");
    let second = tempfile::tempdir().expect("second");
    let (store_a, invitation_a) = invited(first.path());
    let (store_b, invitation_b) = invited(second.path());
    let console = rusqlite::Connection::open(second.path().join("desk.db")).expect("console");
    let created: i64 = console
        .query_row("SELECT created_at FROM outbox", [], |r| r.get(0))
        .expect("created");
    let shell = rusqlite::Connection::open(first.path().join("desk.db")).expect("shell");
    shell
        .execute("UPDATE outbox SET created_at = ?1", [created])
        .expect("same second");
    console
        .execute("UPDATE outbox SET body = 'Only for database b.'", [])
        .expect("other body");
    let root = first.path().join("Maildir");

    for dir in [first.path(), second.path()] {
        let courier = courier(dir, Transport::maildir(&root).expect("maildir"));
        assert_eq!(courier.round(None).await.expect("round").sent, 1);
    }
    assert_sent(&store_a, invitation_a);
    assert_sent(&store_b, invitation_b);
    let bodies: Vec<String> = std::fs::read_dir(root.join("new"))
        .expect("new")
        .map(|e| {
            let text = std::fs::read_to_string(e.expect("entry").path()).expect("read");
            body(&text.replace('\n', "\r\n"))
        })
        .collect();
    assert_eq!(bodies.len(), 2, "each database's mail has its file");
    assert!(bodies.iter().any(|b| b.contains("Grüße aus Köln!")));
    assert!(bodies.iter().any(|b| b.contains("Only for database b.")));
}

/// A courier that stopped after writing a mail but before recording it
/// composes it anew on the next try, with a later `Date:`: it is the same
/// mail all the same, and its file is not written a second time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_written_but_not_recorded_is_not_written_again() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let root = dir.path().join("Maildir");
    let courier = courier(dir.path(), Transport::maildir(&root).expect("maildir"));
    assert_eq!(courier.round(None).await.expect("round").sent, 1);
    let console = rusqlite::Connection::open(dir.path().join("desk.db")).expect("console");
    console
        .execute(
            "UPDATE outbox SET state = 'queued', sent_at = NULL, message_id = NULL",
            [],
        )
        .expect("as if never recorded");
    // A later second in the new `Date:`.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(courier.round(None).await.expect("again").sent, 1);
    assert_eq!(std::fs::read_dir(root.join("new")).expect("new").count(), 1);
    assert_sent(&store, invitation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_courier_hands_back_what_it_did_not_start() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, invitation) = invited(dir.path());
    let root = dir.path().join("Mail");
    let courier = courier(dir.path(), Transport::maildir(&root).expect("maildir"));
    let (stop, stopped) = tokio::sync::watch::channel(true);
    let round = courier.round(Some(&stopped)).await.expect("round");
    assert_eq!(
        round,
        Round {
            released: 1,
            ..Round::default()
        }
    );
    // Never tried, so it has all its tries left (and does not show as retrying).
    assert_eq!(
        store.invitation_mail(invitation).expect("state"),
        Some(MailState::Queued {
            attempts: 0,
            last_error: None
        })
    );
    assert_eq!(
        store.release_unfinished_mails().expect("nothing left"),
        desk::store::Requeued::default()
    );
    drop(stop);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_tls_required_the_mail_goes_only_after_starttls() {
    let server = SmtpServer::start_with_starttls();
    let url = format!("smtp://{}?tls=required", server.addr);
    let tried = one_round(trusting_test_ca(&url)).await;
    assert_eq!(
        tried.round,
        Round {
            sent: 1,
            ..Round::default()
        }
    );
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].encrypted, "the mail came in the clear");
    assert!(body(&String::from_utf8_lossy(&received[0].data)).contains("Grüße aus Köln!"));
    // Before the handshake only the greeting and the upgrade itself.
    assert_eq!(server.commands_in_clear(), ["EHLO", "STARTTLS"]);
    assert_sent(&tried.store, tried.invitation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtps_speaks_tls_from_the_first_byte() {
    let server = SmtpServer::start_with_implicit_tls();
    let url = format!("smtps://{}", server.addr);
    let tried = one_round(trusting_test_ca(&url)).await;
    assert_eq!(
        tried.round,
        Round {
            sent: 1,
            ..Round::default()
        }
    );
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].encrypted);
    assert_eq!(received[0].to, vec!["juergen@example.org".to_string()]);
    assert!(server.commands_in_clear().is_empty());
    assert_sent(&tried.store, tried.invitation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_tls_required_a_server_without_starttls_gets_nothing() {
    let server = SmtpServer::start();
    let url = format!("smtp://{}?tls=required", server.addr);
    let tried = one_round(trusting_test_ca(&url)).await;
    assert_eq!(
        tried.round,
        Round {
            deferred: 1,
            ..Round::default()
        }
    );
    let (attempts, reason) = queued_reason(&tried.store, tried.invitation);
    assert_eq!(attempts, 1);
    assert!(reason.contains("STARTTLS"), "{reason}");
    assert!(
        matches!(MailProblem::parse(&reason), MailProblem::Handover(_)),
        "{reason}"
    );
    assert!(server.received().is_empty());
    let in_clear = server.commands_in_clear();
    assert!(
        !in_clear
            .iter()
            .any(|c| ["MAIL", "RCPT", "DATA", "AUTH"].contains(&c.as_str())),
        "{in_clear:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_from_another_ca_is_refused() {
    let other = TrustedRoots::read(&fixture("other-ca.pem")).expect("other CA");
    let starttls = SmtpServer::start_with_starttls();
    let implicit = SmtpServer::start_with_implicit_tls();
    let cases = [
        (
            &starttls,
            format!("smtp://{}?tls=required", starttls.addr),
            Some(&other),
        ),
        (
            &implicit,
            format!("smtps://{}", implicit.addr),
            Some(&other),
        ),
        // Without ca_file only the public authorities count.
        (&implicit, format!("smtps://{}", implicit.addr), None),
    ];
    for (server, url, roots) in cases {
        let smtp = Smtp::from_url_trusting(&url, None, roots).expect("smtp");
        let tried = one_round(Transport::Smtp(smtp)).await;
        assert_eq!(tried.round.deferred, 1, "{url}: {:?}", tried.round);
        let (_, reason) = queued_reason(&tried.store, tried.invitation);
        assert!(reason.contains("certificate"), "{url}: {reason}");
        // lettre calls a failed handshake a connection error, implicit
        // TLS or after STARTTLS; rustls's error beneath tells it apart.
        // Said in German, the library's words marked as its.
        let problem = MailProblem::parse(&reason);
        assert!(matches!(problem, MailProblem::Tls(_)), "{url}: {problem:?}");
        let de = problem.message(&Localizer::embedded().expect("locales"), Lang::De);
        assert!(
            de.starts_with("Die verschlüsselte Verbindung (TLS) zum Mailserver kam nicht zustande; die TLS-Bibliothek meldet (auf Englisch): "),
            "{de}"
        );
        assert!(!de.contains("Connection error"), "{de}");
        assert!(!de.contains("tls error"), "{de}");
        assert!(server.received().is_empty(), "{url}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_that_failed_before_mail_from_blocks_no_new_invitation() {
    let other = TrustedRoots::read(&fixture("other-ca.pem")).expect("other CA");
    let starttls = SmtpServer::start_with_starttls();
    let implicit = SmtpServer::start_with_implicit_tls();
    let plain = SmtpServer::start();
    let cases = [
        // The relay's certificate is refused in the handshake.
        (
            &starttls,
            Smtp::from_url_trusting(
                &format!("smtp://{}?tls=required", starttls.addr),
                None,
                Some(&other),
            ),
        ),
        (
            &implicit,
            Smtp::from_url_trusting(&format!("smtps://{}", implicit.addr), None, Some(&other)),
        ),
        // TLS is required and the relay offers no STARTTLS: our side stops.
        (
            &plain,
            Smtp::from_url(&format!("smtp://{}?tls=required", plain.addr), None),
        ),
    ];
    for (server, smtp) in cases {
        let dir = tempfile::tempdir().expect("dir");
        let (store, invitation) = invited(dir.path());
        // Its one try fails: given up, the way it failed decides.
        let courier = courier_with_tries(dir.path(), Transport::Smtp(smtp.expect("smtp")), 1);
        assert_eq!(
            courier.round(None).await.expect("round"),
            Round {
                failed: 1,
                ..Round::default()
            }
        );
        let reason = match store.invitation_mail(invitation).expect("state") {
            Some(MailState::Failed { reason }) => reason,
            other => panic!("{other:?}"),
        };
        assert!(
            matches!(
                MailProblem::parse(&reason),
                MailProblem::Tls(_) | MailProblem::Handover(_)
            ),
            "{reason}"
        );
        assert!(server.received().is_empty(), "{reason}");
        // Before, a TLS or hand-over failure counted as maybe delivered:
        // Anna could not invite Jürgen again for six months, and the news
        // said it might have arrived.
        assert_eq!(
            news_and_rule_4(&store, invitation),
            ("invitation-failed".to_string(), true),
            "{reason}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_that_is_down_blocks_no_new_invitation() {
    // A port nobody listens on: the connect is refused.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address");
    let smtp = Smtp::from_url(&format!("smtp://{addr}"), None).expect("smtp");
    // Before, a relay down for an hour kept its invitees from a new
    // invitation for six months, as if the mail might have arrived.
    let reason = unreachable_and_no_block(smtp).await;
    let l = Localizer::embedded().expect("locales");
    assert!(
        MailProblem::parse(&reason)
            .message(&l, Lang::De)
            .starts_with("Der Mailserver war nicht erreichbar"),
        "{reason}"
    );
}

/// A listener on 127.0.0.1 whose queue of connections is full: the next
/// connect hangs, its SYN dropped, as at a relay behind a firewall.
#[cfg(unix)]
fn a_full_listener() -> (std::net::TcpListener, Vec<std::net::TcpStream>) {
    use std::os::fd::FromRawFd;
    // SAFETY: plain socket calls on a descriptor made and owned here.
    let listener = unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert!(fd >= 0, "socket");
        let address = libc::sockaddr_in {
            sin_family: libc::AF_INET as libc::sa_family_t,
            sin_port: 0,
            sin_addr: libc::in_addr {
                s_addr: u32::from(std::net::Ipv4Addr::LOCALHOST).to_be(),
            },
            sin_zero: [0; 8],
        };
        let size = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        assert_eq!(libc::bind(fd, (&raw const address).cast(), size), 0, "bind");
        assert_eq!(libc::listen(fd, 0), 0, "listen");
        std::net::TcpListener::from_raw_fd(fd)
    };
    let addr = listener.local_addr().expect("address");
    let filling = (0..3)
        .filter_map(|_| {
            std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(300)).ok()
        })
        .collect();
    (listener, filling)
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_that_drops_the_connect_blocks_no_new_invitation() {
    let (listener, _filling) = a_full_listener();
    let addr = listener.local_addr().expect("address");
    let smtp = Smtp::from_url(&format!("smtp://{addr}"), None)
        .expect("smtp")
        .answer_within(Duration::from_secs(2));
    // Before, our own timeout came first: "no answer", which may hide a
    // delivery, and the invitee was kept from a new invitation.
    unreachable_and_no_block(smtp).await;
}

/// One invitation's mail tried once through `smtp`: it fails as a relay
/// not reached, and rule 4 lets its inviter invite again. Its reason.
async fn unreachable_and_no_block(smtp: Smtp) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let courier = courier_with_tries(dir.path(), Transport::Smtp(smtp), 1);
    assert_eq!(
        courier.round(None).await.expect("round"),
        Round {
            failed: 1,
            ..Round::default()
        }
    );
    let reason = match store.invitation_mail(invitation).expect("state") {
        Some(MailState::Failed { reason }) => reason,
        other => panic!("{other:?}"),
    };
    assert!(
        matches!(MailProblem::parse(&reason), MailProblem::Unreachable(_)),
        "{reason}"
    );
    assert_eq!(
        news_and_rule_4(&store, invitation),
        ("invitation-failed".to_string(), true),
        "{reason}"
    );
    reason
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_that_never_answers_is_a_temporary_failure() {
    // The kernel completes the connection into the backlog; nobody ever
    // greets, like a plain client on a TLS port or a hung relay.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = silent.local_addr().expect("address");
    let smtp = Smtp::from_url(&format!("smtp://{addr}"), None)
        .expect("smtp")
        .answer_within(Duration::from_millis(300));
    let tried = one_round(Transport::Smtp(smtp)).await;
    assert_eq!(
        tried.round,
        Round {
            deferred: 1,
            ..Round::default()
        }
    );
    let (_, reason) = queued_reason(&tried.store, tried.invitation);
    assert_eq!(
        MailProblem::parse(&reason),
        MailProblem::Timeout(1),
        "{reason}"
    );
    let l = Localizer::embedded().expect("locales");
    assert_eq!(
        MailProblem::parse(&reason).message(&l, Lang::De),
        "Der Mailserver hat nicht innerhalb von 1 s geantwortet"
    );
    drop(silent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sent_mail_is_recorded_once_the_console_lets_go_of_the_database() {
    let server = SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, invitation) = invited(dir.path());
    let courier = courier(
        dir.path(),
        Transport::Smtp(Smtp::from_url(&server.url(), None).expect("smtp")),
    );
    let hold = server.hold_next();
    let round = tokio::spawn(async move { (courier.round(None).await, courier) });
    assert!(
        hold.arrived(Duration::from_secs(30)),
        "the mail reaches the server"
    );

    // Another process (the console, an import) holds the write lock while
    // the server takes the mail, longer than SQLite's busy timeout.
    let console = rusqlite::Connection::open(dir.path().join("desk.db")).expect("console");
    console
        .execute_batch("BEGIN IMMEDIATE")
        .expect("the console's write lock");
    let waits_before = desk::store::busy_retries();
    hold.release();
    // The store's busy handler gives up after 10 s (127 ms in 8 waits, then
    // 100 ms a wait): the courier's first try to record has failed once it
    // waited 107 times.
    let mut polls = 0;
    while desk::store::busy_retries() < waits_before + 107 {
        polls += 1;
        assert!(polls < 3_000, "the courier never waited for the lock");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    console
        .execute_batch("COMMIT")
        .expect("the console lets go");

    let (round, courier) = round.await.expect("round task");
    let round = round.expect("the outcome is recorded once the lock is free");
    assert_eq!(
        round,
        Round {
            sent: 1,
            ..Round::default()
        }
    );
    assert_sent(&store, invitation);
    // A restart finds nothing unrecorded, so nothing goes out twice.
    assert_eq!(
        store.release_unfinished_mails().expect("release"),
        desk::store::Requeued::default()
    );
    let again = courier.round(None).await.expect("next round");
    assert_eq!(again, Round::default());
    assert_eq!(server.received().len(), 1);
}

/// The outbox of `count` invitations and a courier for it.
fn queued(dir: &std::path::Path, count: usize, transport: Transport) -> (Store, Courier) {
    support::queue::queue_invitations(&dir.join("desk.db"), count);
    let store = Store::open(&dir.join("desk.db")).expect("store");
    (store, courier(dir, transport))
}

/// Where each of the first `members` members' mails stands, by member id.
fn states(store: &Store, members: i64) -> Vec<MailState> {
    (1..=members)
        .flat_map(|m| store.mail_states_for(MemberId(m)).expect("states"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_for_one_mail_fails_only_that_mail_and_the_next_ones_go_out() {
    let server = SmtpServer::start();
    // The first mail's sender is refused, the third mail's recipient too.
    server.answer_next_sender(1, 550, "5.7.1 Sender refused for this message");
    server.refuse_recipient("invitee0-2@example.org", 550, "5.1.1 No such user here");
    let dir = tempfile::tempdir().expect("dir");
    let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
    let (store, courier) = queued(dir.path(), 4, Transport::Smtp(smtp));

    let round = courier.round(None).await.expect("round");
    assert_eq!(
        round,
        Round {
            sent: 2,
            failed: 2,
            ..Round::default()
        }
    );
    // Member 1 is the inviter; 2 to 5 the invitees, in the order of the queue.
    let states = states(&store, 5);
    assert!(
        matches!(&states[0], MailState::Failed { reason } if reason.contains("Sender refused")),
        "{states:?}"
    );
    assert!(matches!(&states[1], MailState::Sent { .. }), "{states:?}");
    assert!(
        matches!(&states[2], MailState::Failed { reason } if reason.contains("No such user")),
        "{states:?}"
    );
    assert!(matches!(&states[3], MailState::Sent { .. }), "{states:?}");
    let to: Vec<String> = server.received().into_iter().flat_map(|r| r.to).collect();
    assert_eq!(to, ["invitee0-1@example.org", "invitee0-3@example.org"]);
    assert_eq!(courier.round(None).await.expect("again"), Round::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_to_the_session_itself_fails_no_mail_for_good() {
    let server = SmtpServer::start();
    // A relay that refuses us at EHLO refuses every mail alike: that is the
    // operator's to fix, not a verdict on any one mail.
    server.answer_hello(Some((554, "5.7.1 Access denied for this client")));
    let dir = tempfile::tempdir().expect("dir");
    let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
    let (store, courier) = queued(dir.path(), 3, Transport::Smtp(smtp));

    let round = courier.round(None).await.expect("round");
    assert_eq!(
        round,
        Round {
            deferred: 3,
            ..Round::default()
        }
    );
    for state in states(&store, 4) {
        match state {
            MailState::Queued {
                attempts: 1,
                last_error: Some(reason),
            } => assert!(reason.contains("Access denied"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
    assert!(server.received().is_empty());

    // Once the relay lets us in again, every mail goes out.
    server.answer_hello(None);
    assert_eq!(courier.round(None).await.expect("again").sent, 3);
    assert_eq!(server.received().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_in_the_outbox_does_not_go_out_after_the_invitee_opted_out() {
    let server = SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, invitation) = invited(dir.path());
    let juergen = store
        .member_by_email("juergen@example.org")
        .expect("read")
        .expect("juergen");
    store
        .set_group_invitations(juergen.id, false)
        .expect("Jürgen switches invitations off");
    // Stopped by the opt-out itself, before any courier comes by.
    assert_eq!(
        store.invitation_mail(invitation).expect("state"),
        Some(MailState::OptedOut),
        "a final state that says why"
    );
    assert_eq!(
        store.invitation(invitation).expect("invitation").status,
        InvitationStatus::OptedOut,
        "withdrawn, not delivered"
    );
    let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
    let courier = courier(dir.path(), Transport::Smtp(smtp));

    let round = courier.round(None).await.expect("round");
    assert_eq!(round, Round::default(), "nothing left to claim");
    assert!(server.received().is_empty(), "no mail arrived");
    let l = Localizer::embedded().expect("locales");
    assert!(
        l.text(Lang::De, "mail-state-opted-out")
            .contains("abgeschaltet")
    );
    // Final: never claimed again.
    assert_eq!(courier.round(None).await.expect("again"), Round::default());
    assert!(server.received().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opt_out_while_the_batch_travels_stops_the_mails_not_yet_handed_over() {
    let server = SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
    let (mut store, courier) = queued(dir.path(), 2, Transport::Smtp(smtp));
    // Both mails are claimed at once; the first waits in the server's hands
    // while the second one's invitee opts out.
    let hold = server.hold_next();
    let round = tokio::spawn(async move { courier.round(None).await });
    assert!(
        hold.arrived(Duration::from_secs(30)),
        "the first mail arrives"
    );
    let second = store
        .member_by_email("invitee0-1@example.org")
        .expect("read")
        .expect("invitee");
    store
        .set_group_invitations(second.id, false)
        .expect("opts out");
    hold.release();

    let round = round.await.expect("task").expect("round");
    assert_eq!(
        round,
        Round {
            sent: 1,
            opted_out: 1,
            ..Round::default()
        }
    );
    let to: Vec<String> = server.received().into_iter().flat_map(|r| r.to).collect();
    assert_eq!(to, ["invitee0-0@example.org"]);
    assert_eq!(
        store.mail_states_for(second.id).expect("state"),
        [MailState::OptedOut]
    );
    // The withdrawn invitation is no news of the group: it never arrived.
    let sent = store
        .invitations_sent_by(MemberId(1), 10)
        .expect("invitations");
    let status_of = |invitee| {
        sent.iter()
            .find(|i| i.invitee == invitee)
            .map(|i| i.status)
            .expect("invitation")
    };
    assert_eq!(status_of(second.id), InvitationStatus::OptedOut);
    assert_eq!(status_of(MemberId(2)), InvitationStatus::Sent);
    let news = store.group_news(sent[0].group, 10).expect("news");
    let news: Vec<_> = news.iter().filter_map(|n| n.subject.as_deref()).collect();
    assert_eq!(news, ["Grete Müller 0-0"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_finished_by_someone_else_meanwhile_keeps_the_rest_of_the_batch_from_waiting() {
    let server = SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
    let (store, courier) = queued(dir.path(), 2, Transport::Smtp(smtp));
    // Both mails are claimed at once; while the server has the first, an
    // operator marks it failed in the sqlite3 shell.
    let hold = server.hold_next();
    let round = tokio::spawn(async move { (courier.round(None).await, courier) });
    assert!(
        hold.arrived(Duration::from_secs(30)),
        "the first mail arrives"
    );
    let shell = rusqlite::Connection::open(dir.path().join("desk.db")).expect("shell");
    shell
        .execute(
            "UPDATE outbox SET state = 'failed' WHERE id = (SELECT min(id) FROM outbox)",
            [],
        )
        .expect("marked failed");
    hold.release();
    let (round, courier) = round.await.expect("task");
    assert!(
        matches!(
            round,
            Err(mail::MailError::Desk(desk::DeskError::Refused(
                desk::Refusal::MailNotClaimed(_)
            )))
        ),
        "{round:?}"
    );
    // The second was never handed over: it goes with the next round, not
    // only after a restart.
    assert_eq!(
        courier.round(None).await.expect("next round"),
        Round {
            sent: 1,
            ..Round::default()
        }
    );
    let states = states(&store, 3);
    assert!(
        matches!(
            states.as_slice(),
            [MailState::Failed { .. }, MailState::Sent { .. }]
        ),
        "{states:?}"
    );
    assert_eq!(server.received().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_courier_gives_up_recording_within_what_its_caller_waits() {
    let server = SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let courier = Courier::new(
        Store::open(&dir.path().join("desk.db")).expect("courier's store"),
        Transport::Smtp(Smtp::from_url(&server.url(), None).expect("smtp")),
        Sender::new("helpdesk@example.org", None).expect("sender"),
        CourierOptions {
            // The caller waits no longer than the hand-over and one wait for
            // the lock: once stopped, a single try to record is all there is.
            stop_within: Some(Duration::from_secs(30) + desk::store::BUSY_TIMEOUT),
            ..CourierOptions::default()
        },
    );
    assert_eq!(courier.stopping_patience(), Duration::ZERO);
    let hold = server.hold_next();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let round = tokio::spawn(async move { courier.round(Some(&stopped)).await });
    assert!(
        hold.arrived(Duration::from_secs(30)),
        "the mail reaches the server"
    );
    // The stop comes while the server has the mail, and the database stays
    // locked by another process through the whole stop.
    let console = rusqlite::Connection::open(dir.path().join("desk.db")).expect("console");
    console.execute_batch("BEGIN IMMEDIATE").expect("the lock");
    stop.send(true).expect("stop");
    hold.release();
    // Only a guard against a hang: while running, the courier would try for
    // two minutes, far past what this caller waits.
    let outcome = tokio::time::timeout(Duration::from_secs(90), round)
        .await
        .expect("the stopped courier returns while the lock is still held")
        .expect("round task");
    match outcome {
        Err(mail::MailError::Unrecorded { id, .. }) => assert!(id > 0),
        other => panic!("{other:?}"),
    }
    console.execute_batch("COMMIT").expect("let go");
    // The mail left our hands unrecorded: the next start sends it again, as
    // after a hard kill, with the same Message-ID.
    assert_eq!(
        store.invitation_mail(invitation).expect("state"),
        Some(MailState::Sending)
    );
    assert_eq!(server.received().len(), 1);
}

/// Log lines written through `tracing`, kept for a test to read.
#[derive(Clone, Default)]
struct Log(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Log {
    fn text(&self) -> String {
        String::from_utf8_lossy(
            &self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
        .into_owned()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_stopped_by_an_unrecorded_mail_still_says_what_it_did() {
    use tracing::instrument::WithSubscriber;
    let server = SmtpServer::start();
    // The first mail's sender is refused; the second is held by the server.
    server.answer_next_sender(1, 550, "5.7.1 Sender refused for this message");
    let hold = server.hold_next();
    let dir = tempfile::tempdir().expect("dir");
    support::queue::queue_invitations(&dir.path().join("desk.db"), 2);
    let courier = Courier::new(
        Store::open(&dir.path().join("desk.db")).expect("courier's store"),
        Transport::Smtp(Smtp::from_url(&server.url(), None).expect("smtp")),
        Sender::new("helpdesk@example.org", None).expect("sender"),
        CourierOptions {
            // Once stopped, a single try to record.
            stop_within: Some(Duration::from_secs(30) + desk::store::BUSY_TIMEOUT),
            ..CourierOptions::default()
        },
    );
    let log = Log::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let run = tokio::spawn(courier.run(stopped).with_subscriber(subscriber));
    assert!(
        hold.arrived(Duration::from_secs(30)),
        "the second mail reaches the server"
    );
    // The stop comes while the server has it, and the database stays
    // locked through the whole stop: its outcome cannot be written.
    let console = rusqlite::Connection::open(dir.path().join("desk.db")).expect("console");
    console.execute_batch("BEGIN IMMEDIATE").expect("the lock");
    stop.send(true).expect("stop");
    hold.release();
    let outcome = tokio::time::timeout(Duration::from_secs(90), run)
        .await
        .expect("the stopped courier returns")
        .expect("run task");
    console.execute_batch("COMMIT").expect("let go");
    assert!(
        matches!(outcome, Err(mail::MailError::Unrecorded { .. })),
        "{outcome:?}"
    );
    // Before, the run returned without its last line: the failed mail and
    // the one that went out unrecorded were said nowhere.
    let text = log.text();
    let stopped = text
        .lines()
        .find(|line| line.contains("mail courier stopped"))
        .unwrap_or_else(|| panic!("no last line in:\n{text}"));
    for count in ["sent=0", "failed=1", "unrecorded=1"] {
        assert!(stopped.contains(count), "{count} in {stopped}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_during_the_hand_over_counts_the_first_try_to_record_within_the_bound() {
    let server = SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (store, invitation) = invited(dir.path());
    let courier = Courier::new(
        Store::open(&dir.path().join("desk.db")).expect("courier's store"),
        Transport::Smtp(Smtp::from_url(&server.url(), None).expect("smtp")),
        Sender::new("helpdesk@example.org", None).expect("sender"),
        CourierOptions {
            // Five seconds of patience once stopped, beyond the hand-over,
            // one wait for the lock and the margin.
            stop_within: Some(Duration::from_secs(30 + 10 + 5 + 5)),
            ..CourierOptions::default()
        },
    );
    assert_eq!(courier.stopping_patience(), Duration::from_secs(5));
    // What is left of the bound once the relay has answered.
    let after_hand_over = courier.longest_stop() - courier.transport().patience();
    let hold = server.hold_next();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let round = tokio::spawn(async move { courier.round(Some(&stopped)).await });
    assert!(
        hold.arrived(Duration::from_secs(30)),
        "the mail reaches the server"
    );
    // The stop comes while the server has the mail; another process holds
    // the database's lock through the whole stop.
    let console = rusqlite::Connection::open(dir.path().join("desk.db")).expect("console");
    console.execute_batch("BEGIN IMMEDIATE").expect("the lock");
    stop.send(true).expect("stop");
    let released = std::time::Instant::now();
    hold.release();
    let outcome = tokio::time::timeout(Duration::from_secs(90), round)
        .await
        .expect("the stopped courier returns")
        .expect("round task");
    let took = released.elapsed();
    assert!(
        matches!(outcome, Err(mail::MailError::Unrecorded { .. })),
        "{outcome:?}"
    );
    // Its first try to record already came after the stop: the patience is
    // counted from before it, or the bound is one wait for the lock short.
    assert!(
        took < after_hand_over,
        "returned {took:?} after the relay answered, beyond the {after_hand_over:?} promised"
    );
    console.execute_batch("COMMIT").expect("let go");
    assert_eq!(
        store.invitation_mail(invitation).expect("state"),
        Some(MailState::Sending)
    );
}
