use super::*;
use crate::store::community::NewMember;
use crate::store::tests::temp_store;
use crate::store::{FileFailure, TicketAuthor, TicketStatus};
use time::Duration;
use time::macros::datetime;

const AT: Timestamp = datetime!(2026-11-22 10:00 UTC);

fn discord_ticket(store: &mut Store, user: &str, lang: Lang) -> TicketId {
    store
        .open_ticket_with_guesses(
            &NewTicket {
                from_bot: true,
                member: None,
                requester: format!("discord:{user}"),
                lang,
                subject: "Gmail sync".into(),
                conversation: vec![(TicketAuthor::Member, "Gmail will nicht".into())],
            },
            &[TicketGuess {
                article: "sync-gmail-two-step".into(),
                title: "Gmail".into(),
                confidence: 0.3,
            }],
            AT,
        )
        .expect("open")
}

fn moderator(store: &mut Store) -> MemberId {
    let by = store
        .upsert_member(&NewMember::new(
            "mod@example.org",
            "Mia Moderator",
            Lang::En,
        ))
        .expect("moderator");
    moderates_a_group(store, by);
    by
}

/// A member who moderates no group (lily@example.org): may not sign for the team.
fn moderates_nothing(store: &mut Store) -> MemberId {
    store
        .upsert_member(&NewMember::new(
            "lily@example.org",
            "Lily Williams",
            Lang::En,
        ))
        .expect("member")
}

/// Makes `member` a moderator of a group, as signing a reply needs.
pub(crate) fn moderates_a_group(store: &mut Store, member: MemberId) {
    let group = store
        .upsert_group(&crate::store::community::NewGroup {
            name: "Support".into(),
            description: String::new(),
            kind: crate::records::GroupKind::Regional,
        })
        .expect("group");
    store
        .set_role(group, member, crate::records::Role::Moderator)
        .expect("role");
}

#[test]
fn a_reply_is_queued_for_discord_and_the_ticket_waits_for_the_member() {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "42", Lang::De);
    let by = moderator(&mut store);
    assert_eq!(store.ticket(id).expect("t").unread, 1);
    store
        .reply_to_ticket(id, by, "Bitte prüfen Sie 2FA.", AT + Duration::hours(2))
        .expect("reply");
    let ticket = store.ticket(id).expect("ticket");
    assert_eq!(ticket.waiting_for, WaitingFor::Member);
    assert_eq!(ticket.unread, 0, "replying means the moderator read it");
    let due = store
        .due_deliveries(AT + Duration::hours(2), 10)
        .expect("due");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].discord_user, "42");
    assert_eq!(due[0].lang, Lang::De);
    assert_eq!(due[0].author, "Mia Moderator");
    assert_eq!(due[0].kind, DeliveryKind::Reply);
    assert!(due[0].nonce().len() <= 25);
}

#[test]
fn deliveries_go_out_in_order_per_ticket_and_failures_show_on_the_ticket() {
    let (_dir, mut store) = temp_store();
    let a = discord_ticket(&mut store, "1", Lang::En);
    let b = discord_ticket(&mut store, "2", Lang::En);
    let by = moderator(&mut store);
    store.reply_to_ticket(a, by, "first", AT).expect("a1");
    store.reply_to_ticket(a, by, "second", AT).expect("a2");
    store.reply_to_ticket(b, by, "other", AT).expect("b1");
    let due = store.due_deliveries(AT, 10).expect("due");
    let bodies: Vec<&str> = due.iter().map(|d| d.body.as_str()).collect();
    assert_eq!(bodies, ["first", "other"], "one per ticket, oldest first");

    // A retry later holds back the ticket's second reply until it is done.
    store
        .delivery_failed(due[0].id, "HTTP 503", Some(AT + Duration::seconds(30)))
        .expect("retry");
    let due_now: Vec<String> = store
        .due_deliveries(AT, 10)
        .expect("due")
        .into_iter()
        .map(|d| d.body)
        .collect();
    assert_eq!(due_now, ["other"]);
    store
        .delivery_failed(
            due[0].id,
            "HTTP 403: Cannot send messages to this user",
            None,
        )
        .expect("give up");
    assert_eq!(
        store.ticket(a).expect("a").delivery_failure.as_deref(),
        Some("HTTP 403: Cannot send messages to this user")
    );
    let next = store.due_deliveries(AT, 10).expect("due");
    assert_eq!(next[0].body, "second");
    store.delivery_sent(next[0].id, "555", AT).expect("sent");
    assert_eq!(
        store.ticket(a).expect("a").delivery_failure,
        None,
        "a later success clears it"
    );
}

#[test]
fn a_member_without_discord_gets_the_reply_by_mail() {
    let (_dir, mut store) = temp_store();
    let member = store
        .upsert_member(&NewMember::new("lena@example.org", "Lena Roth", Lang::De))
        .expect("member");
    let by = moderator(&mut store);
    let id = store
        .open_ticket(
            &NewTicket {
                from_bot: false,
                member: Some(member),
                requester: "lena@example.org".into(),
                lang: Lang::De,
                subject: "Rechnung".into(),
                conversation: vec![],
            },
            AT,
        )
        .expect("open");
    store
        .reply_to_ticket(id, by, "Die Rechnung kommt.", AT)
        .expect("reply");
    assert!(store.due_deliveries(AT, 10).expect("due").is_empty());
    let mail = store.outbox_for(member).expect("outbox");
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].subject.contains(&format!("#{id}")),
        "{}",
        mail[0].subject
    );
    assert!(
        mail[0].body.contains("Mia Moderator hat"),
        "{}",
        mail[0].body
    );
    assert!(mail[0].body.contains("Die Rechnung kommt."));
}

#[test]
fn silence_warns_then_closes_and_a_late_message_reopens() {
    let (_dir, mut store) = temp_store();
    let times = TicketTimes::default();
    let id = discord_ticket(&mut store, "7", Lang::En);
    let by = moderator(&mut store);
    store
        .reply_to_ticket(id, by, "Try this.", AT)
        .expect("reply");
    let sent = store.due_deliveries(AT, 1).expect("due");
    store.delivery_sent(sent[0].id, "1", AT).expect("sent");

    let early = store
        .sweep_tickets(AT + Duration::days(5), &times)
        .expect("sweep");
    assert_eq!(early, SweepOutcome::default());
    let warned = store
        .sweep_tickets(AT + Duration::days(6), &times)
        .expect("sweep");
    assert_eq!(warned.warned, [id]);
    assert!(warned.closed.is_empty());
    let again = store
        .sweep_tickets(AT + Duration::days(6), &times)
        .expect("sweep");
    assert_eq!(again, SweepOutcome::default(), "warned once");
    let closed = store
        .sweep_tickets(AT + Duration::days(7), &times)
        .expect("sweep");
    assert_eq!(closed.closed, [id]);
    assert_eq!(store.ticket(id).expect("t").status, TicketStatus::Closed);
    let kinds: Vec<DeliveryKind> = store
        .ticket_deliveries(id)
        .expect("deliveries")
        .into_iter()
        .map(|(d, _)| d.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            DeliveryKind::Reply,
            DeliveryKind::Warning,
            DeliveryKind::Closed
        ]
    );

    store.rate_ticket(id, "discord:7", 4).expect("rate");
    store
        .comment_ticket(id, "discord:7", "quick, thanks")
        .expect("comment");
    assert!(
        store.rate_ticket(id, "discord:8", 1).is_err(),
        "only the requester rates"
    );
    assert!(store.rate_ticket(id, "discord:7", 6).is_err());
    assert_eq!(
        store.ticket_rating(id).expect("rating"),
        (Some(4), Some("quick, thanks".into()))
    );

    let within = AT + Duration::days(7 + 13);
    let found = store
        .active_ticket("discord:7", within, &times)
        .expect("active")
        .expect("still reopenable");
    let wrote = store
        .add_member_message(found.id, "still broken", within)
        .expect("write");
    assert!(wrote.reopened);
    let ticket = store.ticket(id).expect("t");
    assert_eq!(
        (ticket.status, ticket.waiting_for),
        (TicketStatus::Open, WaitingFor::Team)
    );
    assert_eq!(ticket.unread, 1);
    store.close_ticket(id, by, within).expect("close");
    assert!(
        store
            .active_ticket("discord:7", within + Duration::days(15), &times)
            .expect("active")
            .is_none(),
        "too late to reopen"
    );
}

#[test]
fn a_missed_sweep_still_warns_a_full_day_before_closing() {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "9", Lang::En);
    let by = moderator(&mut store);
    store
        .reply_to_ticket(id, by, "Try this.", AT)
        .expect("reply");
    let late = store
        .sweep_tickets(AT + Duration::days(30), &TicketTimes::default())
        .expect("sweep");
    assert_eq!(
        (late.warned.as_slice(), late.closed.len()),
        ([id].as_slice(), 0)
    );
    let next = store
        .sweep_tickets(AT + Duration::days(31), &TicketTimes::default())
        .expect("sweep");
    assert_eq!(next.closed, [id]);
}

#[test]
fn a_ticket_waiting_for_the_team_never_closes_by_itself() {
    let (_dir, mut store) = temp_store();
    discord_ticket(&mut store, "3", Lang::En);
    let out = store
        .sweep_tickets(AT + Duration::days(60), &TicketTimes::default())
        .expect("sweep");
    assert_eq!(out, SweepOutcome::default());
}

#[test]
fn stats_count_medians_ratings_and_languages() {
    let (_dir, mut store) = temp_store();
    let by = moderator(&mut store);
    let en = discord_ticket(&mut store, "1", Lang::En);
    let de = discord_ticket(&mut store, "2", Lang::De);
    let de2 = discord_ticket(&mut store, "3", Lang::De);
    store
        .reply_to_ticket(en, by, "a", AT + Duration::hours(1))
        .expect("r");
    store
        .reply_to_ticket(de, by, "b", AT + Duration::hours(3))
        .expect("r");
    store
        .reply_to_ticket(de2, by, "c", AT + Duration::hours(5))
        .expect("r");
    store
        .close_ticket(de, by, AT + Duration::days(1))
        .expect("c");
    store.rate_ticket(de, "discord:2", 5).expect("rate");
    let stats = store
        .ticket_stats(AT + Duration::days(2), 7)
        .expect("stats");
    assert_eq!(stats.all.opened, 3);
    assert_eq!(stats.all.median_first_response, Some(3 * 3600));
    assert_eq!(stats.de.opened, 2);
    assert_eq!(stats.de.median_first_response, Some(4 * 3600));
    assert_eq!(stats.en.median_first_response, Some(3600));
    assert_eq!(stats.all.median_resolution, Some(86_400));
    assert_eq!(stats.ratings, [0, 0, 0, 0, 1]);
    assert_eq!(stats.mean_rating, Some(5.0));
    assert_eq!(stats.open_now, 2);
    let later = store
        .ticket_stats(AT + Duration::days(40), 30)
        .expect("stats");
    assert_eq!(later.all.opened, 0);
    // As they stood two hours in: one reply, nothing closed or rated yet,
    // all three open.
    let then = store
        .ticket_stats(AT + Duration::hours(2), 7)
        .expect("stats");
    assert_eq!(then.all.opened, 3);
    assert_eq!(then.all.median_first_response, Some(3600));
    assert_eq!(then.de.median_first_response, None);
    assert_eq!(then.all.median_resolution, None);
    assert_eq!(then.ratings, [0, 0, 0, 0, 0]);
    assert_eq!(then.mean_rating, None);
    assert_eq!(then.open_now, 3);
    // Before any ticket was opened, none was open.
    let before = store
        .ticket_stats(AT - Duration::hours(1), 7)
        .expect("stats");
    assert_eq!(before.open_now, 0);
}

#[test]
fn figures_count_tickets_waiting_for_the_member_apart_from_those_for_the_team() {
    let (_dir, mut store) = temp_store();
    let by = moderator(&mut store);
    let replied = discord_ticket(&mut store, "1", Lang::En);
    discord_ticket(&mut store, "2", Lang::De);
    let closed = discord_ticket(&mut store, "3", Lang::De);
    store
        .reply_to_ticket(replied, by, "a", AT + Duration::hours(1))
        .expect("r");
    store
        .close_ticket(closed, by, AT + Duration::hours(1))
        .expect("c");
    let mut tickets = store.figures().expect("figures").tickets;
    tickets.sort();
    assert_eq!(
        tickets,
        [
            ("closed".to_string(), 1),
            ("open".to_string(), 1),
            ("waiting".to_string(), 1)
        ]
    );
}

#[test]
fn staff_notices_follow_changes_and_keep_ones_made_while_posting() {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "1", Lang::De);
    let notices = store.staff_notices(10).expect("notices");
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].guesses[0].article, "sync-gmail-two-step");
    assert_eq!(notices[0].message_id, None);
    let changes = notices[0].changes;
    // The member writes while the bot is posting the first announcement.
    store.add_member_message(id, "noch da?", AT).expect("write");
    store.staff_posted(id, "777", changes).expect("posted");
    let again = store.staff_notices(10).expect("notices");
    assert_eq!(again.len(), 1, "the follow-up still needs an edit");
    assert_eq!(again[0].message_id.as_deref(), Some("777"));
    assert_eq!(again[0].last_member_text.as_deref(), Some("noch da?"));
    store
        .staff_posted(id, "777", again[0].changes)
        .expect("posted");
    assert!(store.staff_notices(10).expect("notices").is_empty());
}

#[test]
fn data_version_moves_when_another_connection_writes() {
    let (dir, store) = temp_store();
    let before = store.data_version().expect("version");
    let mut other = Store::open(&dir.path().join("desk.db")).expect("other");
    discord_ticket(&mut other, "1", Lang::En);
    assert_ne!(store.data_version().expect("version"), before);
}

#[test]
fn a_reply_signed_by_someone_who_moderates_nothing_is_refused_and_nothing_queued() {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "42", Lang::De);
    let lily = moderates_nothing(&mut store);
    let refused = store.reply_to_ticket(id, lily, "hi", AT);
    assert!(
        matches!(
            &refused,
            Err(DeskError::Ticket(crate::store::TicketRefusal::NotAModerator(email)))
                if email == "lily@example.org"
        ),
        "{refused:?}"
    );
    assert!(store.ticket_deliveries(id).expect("deliveries").is_empty());
    assert_eq!(store.ticket_messages(id).expect("messages").len(), 1);
    // The team as a whole may still sign.
    store
        .reply_to_ticket_as(id, None, "hi", AT)
        .expect("the team signs");
}

#[test]
fn a_reply_to_a_closed_ticket_is_refused_and_nothing_queued() {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "42", Lang::De);
    let by = moderator(&mut store);
    store.close_ticket(id, by, AT).expect("close");
    let queued = store.ticket_deliveries(id).expect("deliveries").len();
    let refused = store.reply_to_ticket(id, by, "one more thing", AT);
    assert!(
        matches!(
            &refused,
            Err(DeskError::Ticket(crate::store::TicketRefusal::Closed(t))) if *t == id
        ),
        "{refused:?}"
    );
    assert_eq!(
        store.ticket_deliveries(id).expect("deliveries").len(),
        queued
    );
    assert_eq!(
        store.ticket(id).expect("ticket").status,
        TicketStatus::Closed
    );
    assert_eq!(store.ticket_messages(id).expect("messages").len(), 1);
}

#[test]
fn a_moderator_reopens_a_closed_ticket_the_closing_notice_is_withdrawn_and_the_log_names_them() {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "42", Lang::De);
    let by = moderator(&mut store);
    store
        .reply_to_ticket(id, by, "Bitte prüfen Sie 2FA.", AT)
        .expect("reply");
    store
        .close_ticket(id, by, AT + Duration::hours(1))
        .expect("close");
    let kinds = |store: &Store| -> Vec<(DeliveryKind, String)> {
        store
            .ticket_deliveries(id)
            .expect("deliveries")
            .into_iter()
            .map(|(d, status)| (d.kind, status))
            .collect()
    };
    let pending = |kind| (kind, "pending".to_string());
    assert_eq!(
        kinds(&store),
        [pending(DeliveryKind::Reply), pending(DeliveryKind::Closed)],
        "neither is sent yet"
    );
    let dirty_before = store.staff_notices(10).expect("notices")[0].changes;
    store
        .reopen_ticket(id, by, AT + Duration::hours(2))
        .expect("reopen");
    let ticket = store.ticket(id).expect("ticket");
    assert_eq!(ticket.status, TicketStatus::Open);
    assert_eq!(ticket.waiting_for, WaitingFor::Team);
    assert_eq!(
        kinds(&store),
        [
            pending(DeliveryKind::Reply),
            (DeliveryKind::Closed, "withdrawn".to_string()),
            pending(DeliveryKind::Reopened),
        ],
        "the member is not asked to rate a ticket that is open again; the reply still \
         goes, and then the news that it is open again"
    );
    assert!(
        store.staff_notices(10).expect("notices")[0].changes > dirty_before,
        "the staff channel hears of it"
    );
    let entry = store
        .audit_log(0, 1)
        .expect("audit")
        .pop()
        .expect("an entry");
    assert_eq!(entry.action, "ticket-reopened");
    assert_eq!(entry.target, format!("ticket:{id}"));
    assert_eq!(entry.moderator.as_deref(), Some("Mia Moderator"));
    // Open again, it takes the team's reply; and it closes again later.
    store
        .reply_to_ticket(id, by, "Noch eine Idee.", AT + Duration::hours(3))
        .expect("the reply after reopening");
    store
        .sweep_tickets(AT + Duration::days(30), &TicketTimes::default())
        .expect("sweep");
    store
        .sweep_tickets(AT + Duration::days(60), &TicketTimes::default())
        .expect("sweep");
    assert_eq!(store.ticket(id).expect("t").status, TicketStatus::Closed);
}

#[test]
fn a_member_who_writes_gets_no_stale_warning_or_closing_notice() {
    let (_dir, mut store) = temp_store();
    let times = TicketTimes::default();
    let id = discord_ticket(&mut store, "42", Lang::En);
    let by = moderator(&mut store);
    store
        .reply_to_ticket(id, by, "Try this.", AT)
        .expect("reply");
    let sent = store.due_deliveries(AT, 1).expect("due");
    store.delivery_sent(sent[0].id, "1", AT).expect("sent");
    let kinds = |store: &Store| -> Vec<(DeliveryKind, String)> {
        store
            .ticket_deliveries(id)
            .expect("deliveries")
            .into_iter()
            .map(|(d, status)| (d.kind, status))
            .collect()
    };
    // Warned of silence, the member writes before the warning went out.
    let warned = store
        .sweep_tickets(AT + Duration::days(6), &times)
        .expect("sweep");
    assert_eq!(warned.warned, [id]);
    store
        .add_member_message(id, "still there", AT + Duration::days(6))
        .expect("write");
    let warning = (DeliveryKind::Warning, "withdrawn".to_string());
    assert_eq!(
        kinds(&store),
        [(DeliveryKind::Reply, "sent".to_string()), warning.clone()]
    );
    // Closed by a moderator, the member writes before the notice went out.
    let later = AT + Duration::days(7);
    store.close_ticket(id, by, later).expect("close");
    let wrote = store
        .add_member_message(id, "wait, one more thing", later)
        .expect("write");
    assert!(wrote.reopened);
    assert_eq!(
        kinds(&store),
        [
            (DeliveryKind::Reply, "sent".to_string()),
            warning,
            (DeliveryKind::Closed, "withdrawn".to_string()),
        ],
        "no notice that the ticket is open again: the member opened it themselves"
    );
    assert!(store.due_deliveries(later, 10).expect("due").is_empty());
}

#[test]
fn a_closing_notice_already_tried_stays_and_its_nonce_is_never_reused() {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "42", Lang::En);
    let by = moderator(&mut store);
    store.close_ticket(id, by, AT).expect("close");
    let notice = store.due_deliveries(AT, 10).expect("due").remove(0);
    assert_eq!(notice.kind, DeliveryKind::Closed);
    // Discord timed out: it may have the message under this nonce.
    store
        .delivery_failed(notice.id, "timed out", Some(AT + Duration::minutes(1)))
        .expect("failed once");
    store
        .reopen_ticket(id, by, AT + Duration::seconds(30))
        .expect("reopen");
    store
        .reply_to_ticket(id, by, "Here is the answer.", AT + Duration::seconds(40))
        .expect("reply");
    let deliveries = store.ticket_deliveries(id).expect("deliveries");
    let reply = deliveries
        .iter()
        .find(|(d, _)| d.kind == DeliveryKind::Reply)
        .expect("the reply");
    assert!(
        deliveries
            .iter()
            .any(|(d, status)| d.id == notice.id && status == "withdrawn"),
        "the tried notice is kept, withdrawn: {deliveries:?}"
    );
    assert!(
        deliveries
            .iter()
            .all(|(d, _)| d.id == notice.id || d.nonce() != notice.nonce())
    );
    assert_ne!(reply.0.nonce(), notice.nonce());
}

#[test]
fn a_moderator_reopening_tells_the_member_once_in_the_tickets_language() {
    let (_dir, mut store) = temp_store();
    let by = moderator(&mut store);
    for (user, lang) in [("42", Lang::De), ("43", Lang::En)] {
        let id = discord_ticket(&mut store, user, lang);
        store.close_ticket(id, by, AT).expect("close");
        let closed = store.due_deliveries(AT, 10).expect("due").remove(0);
        store
            .delivery_sent(closed.id, "1", AT)
            .expect("the closing notice reached the member");
        let told = store
            .reopen_ticket(id, by, AT + Duration::days(3))
            .expect("reopen");
        assert!(told, "the reopening says the member is told");
        let due = store.due_deliveries(AT, 10).expect("due");
        assert_eq!(due.len(), 1, "one notice: {due:?}");
        let notice = &due[0];
        assert_eq!(
            (notice.ticket, notice.kind, notice.lang),
            (id, DeliveryKind::Reopened, lang)
        );
        assert_eq!(notice.discord_user, user);
        assert_eq!(notice.author, "", "the desk's own notice");
        assert_ne!(notice.nonce(), closed.nonce());
        store.delivery_sent(notice.id, "2", AT).expect("sent");
        // Closed and reopened once more: once more told, never twice.
        store
            .close_ticket(id, by, AT + Duration::days(4))
            .expect("close again");
        store
            .reopen_ticket(id, by, AT + Duration::days(4))
            .expect("reopen again");
        let reopened = store
            .ticket_deliveries(id)
            .expect("deliveries")
            .into_iter()
            .filter(|(d, _)| d.kind == DeliveryKind::Reopened)
            .map(|(_, status)| status)
            .collect::<Vec<_>>();
        assert_eq!(reopened, ["sent", "pending"]);
        let due = store.due_deliveries(AT, 10).expect("due");
        assert_eq!(due.len(), 1, "{due:?}");
        store.delivery_sent(due[0].id, "3", AT).expect("sent");
    }
}

#[test]
fn a_notice_that_the_ticket_is_open_again_is_never_said_twice_or_after_the_member_wrote() {
    let (_dir, mut store) = temp_store();
    let by = moderator(&mut store);
    let id = discord_ticket(&mut store, "44", Lang::En);
    let pending_reopened = |store: &Store| {
        store
            .ticket_deliveries(id)
            .expect("deliveries")
            .into_iter()
            .filter(|(d, status)| d.kind == DeliveryKind::Reopened && status == "pending")
            .count()
    };
    // The bot is away: nothing is sent between the moderator's steps.
    store.close_ticket(id, by, AT).expect("close");
    store.reopen_ticket(id, by, AT).expect("reopen");
    store.close_ticket(id, by, AT).expect("close again");
    store.reopen_ticket(id, by, AT).expect("reopen again");
    assert_eq!(pending_reopened(&store), 1, "told once that it is open");
    store
        .add_member_message(id, "thanks, I saw", AT)
        .expect("write");
    assert_eq!(
        pending_reopened(&store),
        0,
        "the member who writes knows it is open"
    );
}

#[test]
fn a_member_without_discord_gets_no_reopening_notice() {
    let (_dir, mut store) = temp_store();
    let by = moderator(&mut store);
    let id = store
        .open_ticket_with_guesses(
            &NewTicket {
                from_bot: false,
                member: None,
                requester: "someone at the fair".into(),
                lang: Lang::En,
                subject: "Badge".into(),
                conversation: vec![(TicketAuthor::Member, "my badge?".into())],
            },
            &[],
            AT,
        )
        .expect("open");
    store.close_ticket(id, by, AT).expect("close");
    let told = store.reopen_ticket(id, by, AT).expect("reopen");
    assert!(!told, "nobody to tell on Discord");
    assert!(store.ticket_deliveries(id).expect("deliveries").is_empty());
}

#[test]
fn a_closing_notice_read_before_a_reopening_is_withdrawn_at_its_claim_and_never_sent() {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "42", Lang::En);
    let by = moderator(&mut store);
    store.close_ticket(id, by, AT).expect("close");
    // The relay reads the queue...
    let read = store.due_deliveries(AT, 10).expect("due").remove(0);
    assert_eq!(read.kind, DeliveryKind::Closed);
    // ...a moderator reopens the ticket before the relay sends...
    store
        .reopen_ticket(id, by, AT + Duration::seconds(1))
        .expect("reopen");
    // ...and the claim right before the send finds the notice gone.
    assert_eq!(store.claim_delivery(read.id).expect("claim"), None);
    let status = |store: &Store, delivery: i64| {
        store
            .ticket_deliveries(id)
            .expect("deliveries")
            .into_iter()
            .find(|(d, _)| d.id == delivery)
            .map(|(_, status)| status)
    };
    assert_eq!(status(&store, read.id).as_deref(), Some("withdrawn"));
    let next = store.due_deliveries(AT, 10).expect("due").remove(0);
    assert_eq!(next.kind, DeliveryKind::Reopened);
    assert_eq!(store.claim_delivery(next.id).expect("claim"), Some(next));
}

#[test]
fn a_claim_withdraws_a_notice_the_tickets_state_no_longer_bears_out() {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "42", Lang::En);
    let by = moderator(&mut store);
    store
        .reply_to_ticket(id, by, "Try this.", AT)
        .expect("reply");
    let reply = store.due_deliveries(AT, 10).expect("due").remove(0);
    assert_eq!(
        store.claim_delivery(reply.id).expect("claim"),
        Some(reply.clone()),
        "a reply always goes"
    );
    store.delivery_sent(reply.id, "1", AT).expect("sent");
    assert_eq!(
        store.claim_delivery(reply.id).expect("claim"),
        None,
        "a sent delivery is not sent again"
    );
    store.close_ticket(id, by, AT).expect("close");
    store.reopen_ticket(id, by, AT).expect("reopen");
    // "Open again", read by the relay, then closed once more before the send.
    let reopened = store.due_deliveries(AT, 10).expect("due").remove(0);
    assert_eq!(reopened.kind, DeliveryKind::Reopened);
    store.close_ticket(id, by, AT).expect("close again");
    assert_eq!(store.claim_delivery(reopened.id).expect("claim"), None);
    let closed = store.due_deliveries(AT, 10).expect("due").remove(0);
    assert_eq!(closed.kind, DeliveryKind::Closed);
    assert_eq!(
        store.claim_delivery(closed.id).expect("claim"),
        Some(closed.clone())
    );
    store.delivery_sent(closed.id, "2", AT).expect("sent");
    // A warning overtaken by the closing no longer applies either.
    store.reopen_ticket(id, by, AT).expect("reopen");
    let reopened = store.due_deliveries(AT, 10).expect("due").remove(0);
    store.delivery_sent(reopened.id, "3", AT).expect("sent");
    store
        .reply_to_ticket(id, by, "Anything else?", AT)
        .expect("reply");
    let reply = store.due_deliveries(AT, 10).expect("due").remove(0);
    store.delivery_sent(reply.id, "4", AT).expect("sent");
    let times = TicketTimes::default();
    store
        .sweep_tickets(AT + Duration::days(6), &times)
        .expect("warns");
    let warning = store.due_deliveries(AT, 10).expect("due").remove(0);
    assert_eq!(warning.kind, DeliveryKind::Warning);
    store
        .sweep_tickets(AT + Duration::days(7), &times)
        .expect("closes");
    assert_eq!(store.claim_delivery(warning.id).expect("claim"), None);
    // A row the relay read is never deleted: the ids stay apart.
    let ids: Vec<i64> = store
        .ticket_deliveries(id)
        .expect("deliveries")
        .into_iter()
        .map(|(d, _)| d.id)
        .collect();
    assert_eq!(ids.len(), 8);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
}

#[test]
fn reopening_an_open_ticket_or_by_someone_who_moderates_nothing_is_refused_and_changes_nothing() {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "42", Lang::De);
    let by = moderator(&mut store);
    let open = store.reopen_ticket(id, by, AT);
    assert!(
        matches!(
            &open,
            Err(DeskError::Ticket(crate::store::TicketRefusal::AlreadyOpen(t))) if *t == id
        ),
        "an open ticket is no silent success: {open:?}"
    );
    store.close_ticket(id, by, AT).expect("close");
    let lily = moderates_nothing(&mut store);
    let logged = store.audit_log(0, 100).expect("audit").len();
    let refused = store.reopen_ticket(id, lily, AT);
    assert!(
        matches!(
            &refused,
            Err(DeskError::Ticket(crate::store::TicketRefusal::MayNotReopen(email)))
                if email == "lily@example.org"
        ),
        "{refused:?}"
    );
    assert_eq!(
        store.ticket(id).expect("ticket").status,
        TicketStatus::Closed
    );
    assert_eq!(store.audit_log(0, 100).expect("audit").len(), logged);
    assert!(matches!(
        store.reopen_ticket(TicketId(999), by, AT),
        Err(DeskError::NotFound { .. })
    ));
}

#[test]
fn assigning_a_ticket_to_someone_who_moderates_nothing_is_refused_and_not_logged() {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "42", Lang::En);
    let by = moderator(&mut store);
    let lily = moderates_nothing(&mut store);
    let logged = store.audit_log(0, 100).expect("audit").len();
    let refused = store.assign_ticket(id, lily, AT);
    assert!(
        matches!(
            &refused,
            Err(DeskError::Ticket(crate::store::TicketRefusal::MayNotAssign(email)))
                if email == "lily@example.org"
        ),
        "{refused:?}"
    );
    assert_eq!(store.ticket(id).expect("ticket").assignee, None);
    assert_eq!(store.audit_log(0, 100).expect("audit").len(), logged);

    store.assign_ticket(id, by, AT).expect("assign");
    assert!(store.ticket(id).expect("ticket").assignee.is_some());
    assert_eq!(store.audit_log(0, 100).expect("audit").len(), logged + 1);
    assert!(matches!(
        store.assign_ticket(TicketId(999), lily, AT),
        Err(DeskError::NotFound { .. })
    ));
}

#[test]
fn closing_a_closed_ticket_or_by_someone_who_moderates_nothing_is_refused_and_the_member_is_told_once()
 {
    let (_dir, mut store) = temp_store();
    let id = discord_ticket(&mut store, "42", Lang::De);
    let by = moderator(&mut store);
    let lily = moderates_nothing(&mut store);
    let logged = store.audit_log(0, 100).expect("audit").len();
    let refused = store.close_ticket(id, lily, AT);
    assert!(
        matches!(
            &refused,
            Err(DeskError::Ticket(crate::store::TicketRefusal::MayNotClose(email)))
                if email == "lily@example.org"
        ),
        "{refused:?}"
    );
    assert_eq!(store.ticket(id).expect("ticket").status, TicketStatus::Open);
    assert!(store.ticket_deliveries(id).expect("deliveries").is_empty());
    assert_eq!(store.audit_log(0, 100).expect("audit").len(), logged);

    store.close_ticket(id, by, AT).expect("close");
    let closings = |store: &Store| {
        store
            .ticket_deliveries(id)
            .expect("deliveries")
            .into_iter()
            .filter(|(d, _)| d.kind == DeliveryKind::Closed)
            .count()
    };
    assert_eq!(closings(&store), 1, "the member is asked for a rating");
    let logged = store.audit_log(0, 100).expect("audit").len();
    let again = store.close_ticket(id, by, AT + Duration::hours(1));
    assert!(
        matches!(
            &again,
            Err(DeskError::Ticket(crate::store::TicketRefusal::AlreadyClosed(t))) if *t == id
        ),
        "a closed ticket is no silent success: {again:?}"
    );
    assert_eq!(closings(&store), 1, "and only once");
    assert_eq!(store.audit_log(0, 100).expect("audit").len(), logged);
    assert!(matches!(
        store.close_ticket(TicketId(999), by, AT),
        Err(DeskError::NotFound { .. })
    ));
}

#[test]
fn a_reply_of_spaces_or_invisible_characters_alone_is_refused_and_queues_nothing() {
    let (_dir, mut store) = temp_store();
    let by = moderator(&mut store);
    let ticket = discord_ticket(&mut store, "901", Lang::De);
    for blank in [
        "",
        "  \n\t ",
        "\u{200b}",
        " \u{200b}\u{2060}\u{feff} ",
        "\u{3000}\u{a0}",
    ] {
        let refused = store.reply_to_ticket(ticket, by, blank, AT);
        assert!(
            matches!(
                refused,
                Err(crate::DeskError::Refused(crate::Refusal::EmptyReply))
            ),
            "{blank:?}: {refused:?}"
        );
    }
    assert!(
        store
            .ticket_deliveries(ticket)
            .expect("deliveries")
            .is_empty()
    );
    store
        .reply_to_ticket(ticket, by, "\u{200b}Grüße 👋", AT)
        .expect("a reply with words goes out");
    assert_eq!(
        store.ticket_deliveries(ticket).expect("deliveries").len(),
        1
    );
}

#[test]
fn a_reply_discord_refused_goes_out_again_once_the_member_writes_on_discord() {
    let (_dir, mut store) = temp_store();
    let by = moderator(&mut store);
    let ticket = discord_ticket(&mut store, "902", Lang::De);
    store
        .reply_to_ticket(ticket, by, "Bitte starten Sie die App neu. 🙂", AT)
        .expect("reply");
    let due = store.due_deliveries(AT, 10).expect("due");
    store
        .delivery_unreachable(
            due[0].id,
            "Discord answered HTTP 403: Cannot send messages to this user",
        )
        .expect("refused");
    // A second reply gave up after timeouts: Discord may have it, so it is
    // not sent again.
    store
        .reply_to_ticket(ticket, by, "Und bitte melden Sie sich neu an.", AT)
        .expect("reply");
    let timed_out = store.due_deliveries(AT, 10).expect("due");
    store
        .delivery_failed(timed_out[0].id, "Discord did not answer within 30 s", None)
        .expect("given up");
    store
        .sweep_tickets(AT + Duration::days(6), &TicketTimes::default())
        .expect("warned");
    let warning = store
        .due_deliveries(AT + Duration::days(6), 10)
        .expect("due");
    assert_eq!(warning[0].kind, DeliveryKind::Warning);
    store
        .delivery_failed(
            warning[0].id,
            "Discord answered HTTP 403: Cannot send messages to this user",
            None,
        )
        .expect("refused too");
    assert!(store.ticket(ticket).expect("t").delivery_failure.is_some());
    // The member opened their DMs and asks where the answer is.
    store
        .add_member_message(
            ticket,
            "Hallo? Ich warte noch auf eine Antwort.",
            AT + Duration::days(6),
        )
        .expect("member writes");
    let again = store
        .due_deliveries(AT + Duration::days(6), 10)
        .expect("due");
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].id, due[0].id, "the same row, so the same nonce");
    assert_eq!((again[0].kind, again[0].attempts), (DeliveryKind::Reply, 0));
    assert_eq!(again[0].body, "Bitte starten Sie die App neu. 🙂");
    // The one that may have arrived still shows, for the team to judge.
    assert_eq!(
        store.ticket(ticket).expect("t").delivery_failure.as_deref(),
        Some("Discord did not answer within 30 s")
    );
    let states: Vec<String> = store
        .ticket_deliveries(ticket)
        .expect("deliveries")
        .into_iter()
        .map(|(_, status)| status)
        .collect();
    assert_eq!(
        states,
        ["pending", "failed", "withdrawn"],
        "the warning is moot: withdrawn"
    );
}

#[test]
fn a_reply_refused_after_some_pieces_goes_out_again_from_the_first_piece_not_delivered() {
    let (_dir, mut store) = temp_store();
    let by = moderator(&mut store);
    let ticket = discord_ticket(&mut store, "903", Lang::De);
    store
        .reply_to_ticket(ticket, by, "Ein langer Text in drei Teilen.", AT)
        .expect("reply");
    let due = store.due_deliveries(AT, 10).expect("due");
    assert_eq!(due[0].pieces_sent, 0);
    // Two pieces arrive, each recorded as it arrives; then Discord refuses.
    store
        .delivery_pieces_sent(due[0].id, 1, "701")
        .expect("first");
    store
        .delivery_pieces_sent(due[0].id, 2, "702")
        .expect("second");
    store
        .delivery_pieces_sent(due[0].id, 1, "701")
        .expect("late and stale");
    store
        .delivery_unreachable(due[0].id, "Discord answered HTTP 403")
        .expect("refused");
    // A second reply was given up after a piece went unanswered: the count
    // says what surely arrived, and it is not sent again.
    store
        .reply_to_ticket(ticket, by, "Noch ein langer Text.", AT)
        .expect("reply");
    let second = store.due_deliveries(AT, 10).expect("due");
    store
        .delivery_pieces_sent(second[0].id, 1, "711")
        .expect("first");
    store
        .delivery_failed(second[0].id, "Discord did not answer within 30 s", None)
        .expect("given up");
    store
        .add_member_message(ticket, "Meine DMs sind offen.", AT)
        .expect("member writes");
    let again = store.due_deliveries(AT, 10).expect("due");
    assert_eq!(again.len(), 1);
    assert_eq!(
        (again[0].id, again[0].pieces_sent),
        (due[0].id, 2),
        "the same row, from its third piece"
    );
    let claimed = store.claim_delivery(again[0].id).expect("claim");
    assert_eq!(claimed.map(|d| d.pieces_sent), Some(2));
    let all = store.ticket_deliveries(ticket).expect("deliveries");
    assert_eq!(
        all.iter()
            .map(|(d, status)| (status.as_str(), d.pieces_sent))
            .collect::<Vec<_>>(),
        [("pending", 2), ("failed", 1)]
    );
}

#[test]
fn the_look_for_a_replys_pieces_starts_after_its_last_recorded_piece_or_else_the_delivery_before() {
    let (_dir, mut store) = temp_store();
    let by = moderator(&mut store);
    let ticket = discord_ticket(&mut store, "905", Lang::De);
    store
        .reply_to_ticket(ticket, by, "Erste Antwort.", AT)
        .expect("reply");
    let first = store.due_deliveries(AT, 10).expect("due")[0].id;
    assert_eq!(store.delivery_search_start(first).expect("start"), None);
    store.delivery_sent(first, "600", AT).expect("sent");
    store
        .reply_to_ticket(ticket, by, "Ein langer Text in drei Teilen.", AT)
        .expect("reply");
    let second = store.due_deliveries(AT, 10).expect("due")[0].id;
    let start = |store: &Store| store.delivery_search_start(second).expect("start");
    assert_eq!(start(&store).as_deref(), Some("600"), "the delivery before");
    // A piece that repeats one recorded before it is not taken for it.
    store
        .delivery_pieces_sent(second, 1, "610")
        .expect("first piece");
    assert_eq!(start(&store).as_deref(), Some("610"));
    store
        .delivery_pieces_sent(second, 2, "611")
        .expect("second piece");
    store
        .delivery_pieces_sent(second, 1, "610")
        .expect("late and stale");
    assert_eq!(start(&store).as_deref(), Some("611"), "never goes back");
    // Refused, queued again when the member writes: it goes on from there.
    store
        .delivery_unreachable(second, "Discord answered HTTP 403")
        .expect("refused");
    store
        .add_member_message(ticket, "Meine DMs sind offen.", AT)
        .expect("member writes");
    assert_eq!(start(&store).as_deref(), Some("611"));
    store.delivery_sent(second, "612", AT).expect("sent");
    store
        .delivery_pieces_sent(second, 3, "699")
        .expect("late, after the send");
    store
        .reply_to_ticket(ticket, by, "Dritte Antwort.", AT)
        .expect("reply");
    let third = store.due_deliveries(AT, 10).expect("due")[0].id;
    assert_eq!(
        store
            .delivery_search_start(third)
            .expect("start")
            .as_deref(),
        Some("612"),
        "the whole reply, not a late record of a piece"
    );
    assert_eq!(store.delivery_search_start(9_999).expect("start"), None);
}

#[test]
fn a_notice_withdrawn_after_it_may_have_arrived_is_a_twin_of_the_next_in_its_words() {
    let (_dir, mut store) = temp_store();
    let by = moderator(&mut store);
    let ticket = discord_ticket(&mut store, "906", Lang::De);
    let pending = |store: &Store| store.due_deliveries(AT, 10).expect("due")[0].id;
    // A "closed" withdrawn before it was ever handed to Discord is no twin.
    store.close_ticket(ticket, by, AT).expect("close");
    let quiet = pending(&store);
    store
        .add_member_message(ticket, "Noch da?", AT)
        .expect("member writes");
    store.close_ticket(ticket, by, AT).expect("close again");
    let second = pending(&store);
    assert_ne!(quiet, second);
    let twin = |store: &Store, id| store.notice_twin_may_have_arrived(id).expect("twin");
    assert!(!twin(&store, second));
    // One on its way when the member wrote may be in their DMs.
    store.delivery_on_its_way(second, AT).expect("noted");
    store
        .add_member_message(ticket, "Doch noch eine Frage.", AT)
        .expect("member writes");
    store
        .close_ticket(ticket, by, AT)
        .expect("close a third time");
    let third = pending(&store);
    assert!(twin(&store, third));
    // Once a delivery after it is sent, the look starts past it.
    store.delivery_sent(third, "620", AT).expect("sent");
    store.reopen_ticket(ticket, by, AT).expect("reopen");
    let reopened = pending(&store);
    assert!(!twin(&store, reopened), "another kind, other words");
    store.delivery_sent(reopened, "621", AT).expect("sent");
    store
        .close_ticket(ticket, by, AT)
        .expect("close a fourth time");
    assert!(!twin(&store, pending(&store)), "past a delivery sent");
}

#[test]
fn a_notice_given_up_after_a_try_that_may_have_arrived_is_a_twin_of_the_next_in_its_words() {
    let (_dir, mut store) = temp_store();
    let by = moderator(&mut store);
    let ticket = discord_ticket(&mut store, "907", Lang::En);
    let pending = |store: &Store| store.due_deliveries(AT, 10).expect("due")[0].id;
    // "Closed" times out until it is given up, though Discord took it; the
    // ticket is reopened and closed again before the member writes.
    store.close_ticket(ticket, by, AT).expect("close");
    let first = pending(&store);
    store.delivery_on_its_way(first, AT).expect("noted");
    store
        .delivery_failed(first, "timed out", None)
        .expect("given up");
    store.reopen_ticket(ticket, by, AT).expect("reopen");
    let reopened = pending(&store);
    store.delivery_sent(reopened, "700", AT).expect("sent");
    store.close_ticket(ticket, by, AT).expect("close again");
    let second = pending(&store);
    assert_ne!(first, second);
    // The reopening was sent after the first "closed", so the look starts
    // past it and cannot find it: no twin.
    assert!(!store.notice_twin_may_have_arrived(second).expect("twin"));
    // Without a delivery sent between them, the given-up one is a twin.
    store.delivery_on_its_way(second, AT).expect("noted");
    store
        .delivery_failed(second, "timed out", None)
        .expect("given up");
    store.reopen_ticket(ticket, by, AT).expect("reopen again");
    let third_open = pending(&store);
    store
        .delivery_failed(third_open, "timed out", None)
        .expect("given up");
    store
        .close_ticket(ticket, by, AT)
        .expect("close a third time");
    let third = pending(&store);
    assert!(store.notice_twin_may_have_arrived(third).expect("twin"));
}

#[test]
fn a_piece_on_its_way_and_never_recorded_leaves_its_delivery_unconfirmed_across_a_restart() {
    let (dir, mut store) = temp_store();
    let by = moderator(&mut store);
    let ticket = discord_ticket(&mut store, "904", Lang::De);
    store
        .reply_to_ticket(ticket, by, "Ein langer Text in drei Teilen.", AT)
        .expect("reply");
    let id = store.due_deliveries(AT, 10).expect("due")[0].id;
    let state = |store: &Store| {
        store
            .ticket_deliveries(ticket)
            .expect("deliveries")
            .into_iter()
            .map(|(d, status)| (status, d.pieces_sent, d.unconfirmed))
            .collect::<Vec<_>>()
    };
    assert_eq!(state(&store), [("pending".to_string(), 0, false)]);
    // The relay notes the first piece, hands it to Discord and is killed
    // before Discord's answer: the next start reads it as maybe arrived.
    store.delivery_on_its_way(id, AT).expect("noted");
    drop(store);
    let mut store = Store::open(&dir.path().join("desk.db")).expect("reopen");
    assert_eq!(state(&store), [("pending".to_string(), 0, true)]);
    let claimed = store.claim_delivery(id).expect("claim").expect("pending");
    assert!(claimed.unconfirmed && !claimed.tried);
    // Recorded as accepted: nothing is on its way any more.
    store.delivery_pieces_sent(id, 1, "554").expect("recorded");
    assert_eq!(state(&store), [("pending".to_string(), 1, false)]);
    // The last piece needs no count: the delivery is sent.
    store.delivery_on_its_way(id, AT).expect("noted");
    assert_eq!(state(&store), [("pending".to_string(), 1, true)]);
    store.delivery_sent(id, "555", AT).expect("sent");
    store
        .delivery_on_its_way(id, AT)
        .expect("too late, no harm");
    store
        .delivery_pieces_sent(id, 2, "556")
        .expect("late and stale");
    assert_eq!(state(&store), [("sent".to_string(), 2, false)]);
}

#[test]
fn a_members_files_are_kept_with_their_message_and_read_back_whole() {
    use crate::store::{FileContent, FileState, MemberFile};
    let (_dir, mut store) = temp_store();
    let ticket = discord_ticket(&mut store, "904", Lang::De);
    let png: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let file = |name: &str, size: u64, content: FileContent| MemberFile {
        filename: name.into(),
        content_type: Some("image/png".into()),
        size,
        url: format!("https://cdn.discordapp.com/attachments/1/2/{name}"),
        content,
    };
    store
        .add_member_message_with_files(
            ticket,
            "Hier der Fehler:",
            &[
                file("Fehler_ü.png", 70_000, FileContent::Kept(png.clone())),
                file("Video.mp4", 90_000_000, FileContent::TooLarge),
                file("weg.png", 10, FileContent::Failed(FileFailure::Http(404))),
            ],
            AT,
        )
        .expect("member writes");
    let messages = store.ticket_messages(ticket).expect("messages");
    assert!(messages[0].files.is_empty(), "the opening has none");
    let files = &messages.last().expect("message").files;
    assert_eq!(
        files
            .iter()
            .map(|f| (f.filename.as_str(), f.size, f.state.clone()))
            .collect::<Vec<_>>(),
        [
            ("Fehler_ü.png", 70_000, FileState::Kept),
            ("Video.mp4", 90_000_000, FileState::TooLarge),
            ("weg.png", 10, FileState::Failed(FileFailure::Http(404))),
        ]
    );
    let (kept, bytes) = store.ticket_file(files[0].id).expect("file");
    assert_eq!((kept.filename.as_str(), bytes), ("Fehler_ü.png", Some(png)));
    assert_eq!(store.ticket_file(files[1].id).expect("file").1, None);
    assert!(matches!(
        store.ticket_file(999),
        Err(DeskError::NotFound {
            kind: "ticket file",
            ..
        })
    ));
}

#[test]
fn files_stored_before_their_bytes_are_kept_one_by_one_and_only_once() {
    use crate::store::{FileContent, FileState, FileToFetch, MemberFile};
    let (_dir, mut store) = temp_store();
    let ticket = discord_ticket(&mut store, "905", Lang::De);
    let other = discord_ticket(&mut store, "906", Lang::En);
    let waiting = |name: &str| MemberFile {
        filename: name.into(),
        content_type: Some("image/png".into()),
        size: 3,
        url: format!("https://cdn.discordapp.com/attachments/1/2/{name}"),
        content: FileContent::Failed(FileFailure::Fetching),
    };
    for (ticket, names) in [(ticket, ["a.png", "b.png"]), (other, ["c.png", "d.png"])] {
        store
            .add_member_message_with_files(ticket, "", &names.map(waiting), AT)
            .expect("member writes");
    }
    let to_fetch = store.files_to_fetch("discord:905").expect("files");
    let urls: Vec<&str> = to_fetch.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://cdn.discordapp.com/attachments/1/2/a.png",
            "https://cdn.discordapp.com/attachments/1/2/b.png"
        ],
        "the member's own, in order"
    );
    let FileToFetch { id, size, .. } = to_fetch[0];
    assert_eq!(size, 3);
    assert!(
        store
            .keep_member_file(id, &FileContent::Kept(vec![1, 2, 3]))
            .expect("keep")
    );
    assert!(
        !store
            .keep_member_file(id, &FileContent::Kept(vec![9]))
            .expect("keep again"),
        "kept once"
    );
    assert_eq!(store.ticket_file(id).expect("file").1, Some(vec![1, 2, 3]));
    assert_eq!(store.files_to_fetch("discord:905").expect("files").len(), 1);
    let files = &store.ticket_messages(ticket).expect("messages")[1].files;
    assert_eq!(
        files.iter().map(|f| f.state.clone()).collect::<Vec<_>>(),
        [FileState::Kept, FileState::Failed(FileFailure::Fetching)]
    );
}
