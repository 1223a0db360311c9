//! The outbox queue against a real SQLite file.

use super::*;
use crate::InvitePolicy;
use crate::invitations::{Draft, InvitationStatus, Route, SendOutcome};
use crate::store::invitations::tests::world;
use crate::store::tests::temp_store;
use locales::Localizer;
use time::macros::datetime;

const AT: Timestamp = datetime!(2026-11-22 10:00 UTC);
/// Tries a mail has in all, as the courier allows them.
const TRIES: u32 = 30;

/// Anna invites Ben (German) and Carla (English); returns both invitation ids.
fn two_invitations(store: &mut Store) -> (InvitationId, InvitationId) {
    let w = world(store);
    let l = Localizer::embedded().expect("locales");
    let mut send = |invitee, text: &str| {
        let draft = Draft {
            inviter: w.anna,
            invitee,
            group: w.group,
            route: Route::Profile,
            subject: String::new(),
            text: text.into(),
            at: AT,
        };
        match store
            .send_invitation(&InvitePolicy::default(), &l, &draft, draft.at)
            .expect("send")
        {
            SendOutcome::Sent(id) => id,
            other => panic!("{other:?}"),
        }
    };
    (
        send(w.ben, "Komm zum Stammtisch, Grüße aus Köln!"),
        send(w.carla, "Join our meet-ups in Berlin."),
    )
}

#[test]
fn a_claimed_mail_is_not_claimed_again_and_sent_records_the_message_id() {
    let (_dir, mut store) = temp_store();
    let (ben, carla) = two_invitations(&mut store);
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::Queued {
            attempts: 0,
            last_error: None
        })
    );
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    assert_eq!(claimed.len(), 2);
    assert_eq!(claimed[0].lang, Lang::De);
    assert_eq!(claimed[0].invitation, Some(ben));
    assert!(
        claimed[0].body.contains("Grüße aus Köln"),
        "{}",
        claimed[0].body
    );
    assert!(store.claim_mails(AT, 10).expect("again").mails.is_empty());
    assert_eq!(
        store.invitation_mail(carla).expect("state"),
        Some(MailState::Sending)
    );

    store
        .record_mail_sent(claimed[0].id, AT, "<1@example.org>")
        .expect("sent");
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::Sent {
            at: AT,
            message_id: Some("<1@example.org>".into())
        })
    );
    // Recording twice is a mistake the courier must hear about.
    assert!(
        store
            .record_mail_sent(claimed[0].id, AT, "<1@example.org>")
            .is_err()
    );
}

#[test]
fn a_deferred_mail_waits_for_its_time_and_a_failed_one_keeps_the_reason() {
    let (_dir, mut store) = temp_store();
    let (ben, carla) = two_invitations(&mut store);
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    for mail in &claimed {
        assert_eq!(
            store
                .still_to_send(mail.id, TRIES, AT, || false)
                .expect("asked"),
            LastCheck::Send
        );
    }
    let later = AT + time::Duration::minutes(5);
    store
        .record_mail_deferred(claimed[0].id, later, "451 try again later")
        .expect("defer");
    store
        .record_mail_failed(claimed[1].id, "550 no such user")
        .expect("fail");
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::Queued {
            attempts: 1,
            last_error: Some("451 try again later".into())
        })
    );
    assert_eq!(
        store.invitation_mail(carla).expect("state"),
        Some(MailState::Failed {
            reason: "550 no such user".into()
        })
    );
    assert!(
        store
            .claim_mails(AT, 10)
            .expect("too early")
            .mails
            .is_empty()
    );
    let again = store.claim_mails(later, 10).expect("due").mails;
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1);
    assert!(
        store
            .claim_mails(later, 10)
            .expect("failed stays")
            .mails
            .is_empty()
    );
}

#[test]
fn mails_left_sending_are_released_once() {
    let (_dir, mut store) = temp_store();
    two_invitations(&mut store);
    assert_eq!(store.claim_mails(AT, 1).expect("claim").mails.len(), 1);
    assert_eq!(
        store.release_unfinished_mails().expect("release"),
        Requeued {
            handed_over: 0,
            never_handed_over: 1
        }
    );
    assert_eq!(store.claim_mails(AT, 10).expect("claim").mails.len(), 2);
}

#[test]
fn a_mail_left_sending_keeps_a_try_only_if_its_last_check_let_it_go() {
    let (_dir, mut store) = temp_store();
    let (ben, carla) = two_invitations(&mut store);
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    // Ben's may have reached the server when the courier died; Carla's was
    // claimed with it and never handed over.
    assert_eq!(
        store
            .still_to_send(claimed[0].id, TRIES, AT, || false)
            .expect("asked"),
        LastCheck::Send
    );
    assert_eq!(
        store.release_unfinished_mails().expect("release"),
        // Told apart: one may go out twice, the other did not leave.
        Requeued {
            handed_over: 1,
            never_handed_over: 1
        }
    );
    let bens = store.invitation_mail(ben).expect("state");
    assert_eq!(
        bens,
        Some(MailState::Queued {
            attempts: 1,
            last_error: None
        })
    );
    // Nothing says that try failed (it may well have arrived): the console
    // must not tell the moderator it did.
    assert_eq!(
        bens.as_ref().map(MailState::message_id),
        Some("mail-state-queued")
    );
    assert_eq!(
        store.invitation_mail(carla).expect("state"),
        Some(MailState::Queued {
            attempts: 0,
            last_error: None
        })
    );
    // Claimed again and neither let go this time: Ben's try of the run
    // before does not make it one that may have gone out.
    assert_eq!(store.claim_mails(AT, 10).expect("claim").mails.len(), 2);
    assert_eq!(
        store.release_unfinished_mails().expect("release"),
        Requeued {
            handed_over: 0,
            never_handed_over: 2
        }
    );
}

#[test]
fn a_last_check_that_finds_the_courier_stopping_counts_no_try() {
    let (_dir, mut store) = temp_store();
    let (ben, _) = two_invitations(&mut store);
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    assert_eq!(
        store
            .still_to_send(claimed[0].id, TRIES, AT, || true)
            .expect("asked"),
        LastCheck::Stopping
    );
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::Sending),
        "still claimed, for the courier to hand back"
    );
    let ids: Vec<i64> = claimed.iter().map(|m| m.id).collect();
    assert_eq!(
        store
            .release_unstarted_mails(&ids)
            .expect("handed back")
            .queued,
        2
    );
    let again = store.claim_mails(AT, 10).expect("claim").mails;
    assert_eq!(
        again.iter().map(|m| m.attempts).collect::<Vec<_>>(),
        [0, 0],
        "all their tries left"
    );
}

#[test]
fn a_mail_let_go_as_often_as_it_may_without_an_outcome_is_given_up() {
    let (_dir, mut store) = temp_store();
    let (ben, carla) = two_invitations(&mut store);
    // Three times the courier let Ben's mail go and stopped before it could
    // record how it went; Carla's stayed behind it each time.
    for _ in 0..3 {
        let claimed = store.claim_mails(AT, 1).expect("claim").mails;
        assert_eq!(
            store
                .still_to_send(claimed[0].id, 3, AT, || false)
                .expect("asked"),
            LastCheck::Send
        );
        assert_eq!(
            store.release_unfinished_mails().expect("next start"),
            Requeued {
                handed_over: 1,
                never_handed_over: 0
            }
        );
    }
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    assert_eq!(
        store
            .still_to_send(claimed[0].id, 3, AT, || false)
            .expect("asked"),
        LastCheck::OutOfTries
    );
    let given_up = store.invitation_mail(ben).expect("state");
    assert_eq!(
        given_up.as_ref().and_then(MailState::problem),
        Some(MailProblem::OutOfTries(3)),
        "{given_up:?}"
    );
    assert_eq!(
        store
            .still_to_send(claimed[1].id, 3, AT, || false)
            .expect("asked"),
        LastCheck::Send,
        "the next mail goes on"
    );
    assert!(!withdrawn(&store, carla));
}

#[test]
fn figures_count_mails_and_tickets_by_state() {
    let (_dir, mut store) = temp_store();
    two_invitations(&mut store);
    let claimed = store.claim_mails(AT, 1).expect("claim").mails;
    store
        .record_mail_sent(claimed[0].id, AT, "<x@example.org>")
        .expect("sent");
    let figures = store.figures().expect("figures");
    let mut mails = figures.mails.clone();
    mails.sort();
    assert_eq!(mails, vec![("queued".into(), 1), ("sent".into(), 1)]);
    assert!(figures.tickets.is_empty());
}

#[test]
fn the_demo_history_counts_as_sent() {
    let (_dir, mut store) = temp_store();
    let (ben, _) = two_invitations(&mut store);
    assert_eq!(store.settle_mail_history().expect("settle"), 2);
    assert!(matches!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::Sent { .. })
    ));
    assert!(store.claim_mails(AT, 10).expect("claim").mails.is_empty());
}

#[test]
fn the_busy_handler_gives_up_after_the_timeout() {
    assert!(wait_when_busy(0));
    // 127 ms for the first eight tries, then 100 ms each: try 106 has waited 10 s.
    assert!(!wait_when_busy(106));
    assert!(busy_retries() >= 2);
}

#[test]
fn a_store_given_less_patience_gives_up_on_a_held_lock_after_that_long() {
    let (dir, mut store) = temp_store();
    two_invitations(&mut store);
    let console = rusqlite::Connection::open(dir.path().join("desk.db")).expect("console");
    console
        .execute_batch("BEGIN IMMEDIATE")
        .expect("the console's write lock");
    let patience = Duration::from_millis(300);
    store.set_busy_timeout(patience).expect("patience");
    let started = std::time::Instant::now();
    assert!(store.claim_mails(AT, 10).is_err(), "the lock outlasts it");
    let waited = started.elapsed();
    assert!(
        waited >= patience && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    console
        .execute_batch("COMMIT")
        .expect("the console lets go");
    assert_eq!(store.claim_mails(AT, 10).expect("claim").mails.len(), 2);
}

#[test]
fn an_invitation_whose_member_row_is_gone_is_not_sent_and_blocks_no_other_mail() {
    let (_dir, mut store) = temp_store();
    let (ben, _) = two_invitations(&mut store);
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    // Ben deleted with the sqlite3 shell, whose foreign keys are off by
    // default: the invitation's mail stays in the outbox.
    store
        .conn
        .execute_batch("PRAGMA foreign_keys = OFF")
        .expect("keys off");
    store
        .conn
        .execute(
            "DELETE FROM members WHERE id = (SELECT to_member FROM outbox WHERE invitation_id = ?1)",
            [ben.0],
        )
        .expect("deleted");
    store
        .conn
        .execute_batch("PRAGMA foreign_keys = ON")
        .expect("keys on");
    assert_eq!(claimed[0].invitation, Some(ben));
    // Refused as not claimed, it went back to the queue and came first
    // again at every claim: no mail after it was ever sent.
    // Gone, the invitee can no more have agreed to invitations than opt out.
    assert_eq!(
        store
            .still_to_send(claimed[0].id, TRIES, AT, || false)
            .expect("asked"),
        LastCheck::OptedOut
    );
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::OptedOut)
    );
    assert_eq!(
        store
            .still_to_send(claimed[1].id, TRIES, AT, || false)
            .expect("asked"),
        LastCheck::Send
    );
}

#[test]
fn a_check_that_fails_but_not_for_a_lock_counts_a_try_and_keeps_why() {
    let (_dir, mut store) = temp_store();
    let (ben, carla) = two_invitations(&mut store);
    // Ben switched invitations off behind the desk's back, and his
    // invitation cannot be withdrawn: the check's write fails for it alone.
    store
        .conn
        .execute_batch(&format!(
            "UPDATE members SET group_invitations = 0 \
             WHERE id = (SELECT to_member FROM outbox WHERE invitation_id = {ben});
             CREATE TRIGGER stuck BEFORE UPDATE ON group_invitations WHEN OLD.id = {ben} \
             BEGIN SELECT RAISE(ABORT, 'the invitation is stuck'); END;",
            ben = ben.0
        ))
        .expect("a mail whose check fails");
    let later = AT + time::Duration::minutes(1);
    for used in 1..=3 {
        let claimed = store.claim_mails(later, 1).expect("claim").mails;
        assert_eq!(claimed[0].invitation, Some(ben), "try {used}");
        let Ok(LastCheck::Unchecked { problem, given_up }) =
            store.still_to_send(claimed[0].id, 3, later, || false)
        else {
            panic!("try {used}: the check's failure is not the caller's");
        };
        assert!(
            matches!(&problem, MailProblem::Unchecked(words) if words.contains("the invitation is stuck")),
            "{problem:?}"
        );
        assert_eq!(given_up, used == 3);
        let state = store.invitation_mail(ben).expect("state");
        if used < 3 {
            assert_eq!(
                state,
                Some(MailState::Queued {
                    attempts: used,
                    last_error: Some(problem.code())
                })
            );
        } else {
            assert_eq!(
                state,
                Some(MailState::Failed {
                    reason: problem.code()
                })
            );
        }
        // It waits until its retry; Carla's, which waited behind it, goes.
        let before_retry = later - time::Duration::seconds(1);
        let claimed = store.claim_mails(before_retry, 10).expect("claim").mails;
        if used == 1 {
            assert_eq!(claimed.len(), 1, "{claimed:?}");
            assert_eq!(claimed[0].invitation, Some(carla));
            assert_eq!(
                store
                    .still_to_send(claimed[0].id, 3, later, || false)
                    .expect("asked"),
                LastCheck::Send
            );
            store
                .record_mail_sent(claimed[0].id, later, "<c@example.org>")
                .expect("sent");
        } else {
            assert!(claimed.is_empty(), "{claimed:?}");
        }
    }
    assert!(
        store
            .claim_mails(later, 10)
            .expect("claim")
            .mails
            .is_empty()
    );
    assert!(!withdrawn(&store, ben), "the trigger kept it");
}

#[test]
fn a_due_row_that_cannot_be_read_is_set_aside_once_and_the_others_are_claimed() {
    let l = Localizer::embedded().expect("locales");
    // Each written behind the desk's back, as the sqlite3 shell could: the
    // columns' types are affinities, not checks.
    for poison in [
        "subject = x'c328'",
        "body = x'00ff'",
        "to_email = x'616e6e61'",
        "lang = x'6465'",
        "subject = CAST(x'c328' AS TEXT)",
        "attempts = -1",
        "attempts = 'many'",
        "created_at = 'yesterday'",
    ] {
        let (_dir, mut store) = temp_store();
        let (ben, carla) = two_invitations(&mut store);
        store
            .conn
            .execute_batch(&format!(
                "UPDATE outbox SET {poison} WHERE invitation_id = {ben}",
                ben = ben.0
            ))
            .expect("a poisoned row");
        let bad: i64 = store
            .conn
            .query_row("SELECT id FROM outbox ORDER BY id LIMIT 1", [], |row| {
                row.get(0)
            })
            .expect("ben's mail");
        // Before, the claim failed as a whole, at every round: Carla's,
        // queued after it, never went out.
        let claimed = store.claim_mails(AT, 10).expect(poison);
        assert_eq!(
            claimed
                .mails
                .iter()
                .map(|m| m.invitation)
                .collect::<Vec<_>>(),
            [Some(carla)],
            "{poison}"
        );
        let [(id, problem)] = claimed.set_aside.as_slice() else {
            panic!("{poison}: {:?}", claimed.set_aside);
        };
        assert_eq!(*id, bad, "{poison}");
        assert!(
            matches!(problem, MailProblem::Unreadable(_)),
            "{poison}: {problem:?}"
        );
        // A moderator sees why, in either language.
        let state = store.invitation_mail(ben).expect("state").expect("a mail");
        assert_eq!(
            state,
            MailState::Failed {
                reason: problem.code()
            },
            "{poison}"
        );
        let said = state.problem().expect("a reason");
        assert!(
            said.message(&l, Lang::En)
                .starts_with("the mail's row in the outbox cannot be read"),
            "{poison}: {said:?}"
        );
        assert!(
            said.message(&l, Lang::De).contains("nicht lesbar"),
            "{poison}: {said:?}"
        );
        // Set aside once: not claimed, nor reported, again.
        assert_eq!(
            store.claim_mails(AT, 10).expect("again"),
            Claimed::default(),
            "{poison}"
        );
    }
}

#[test]
fn a_mail_whose_try_cannot_be_counted_is_set_aside_and_not_sent() {
    let (_dir, mut store) = temp_store();
    let (ben, _) = two_invitations(&mut store);
    // Ben's mail's tries cannot be written: neither the last check's count
    // nor the count of its failure gets through.
    store
        .conn
        .execute_batch(&format!(
            "CREATE TRIGGER stuck BEFORE UPDATE OF attempts ON outbox WHEN OLD.invitation_id = {ben} \
             BEGIN SELECT RAISE(ABORT, 'the tries are stuck'); END;",
            ben = ben.0
        ))
        .expect("a mail whose try cannot be counted");
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    assert_eq!(claimed[0].invitation, Some(ben));
    // Before, this was an error as if the lock were held: the courier
    // handed the batch back, and claimed Ben's first again each round.
    let Ok(LastCheck::SetAside { problem, recorded }) =
        store.still_to_send(claimed[0].id, TRIES, AT, || false)
    else {
        panic!("the count's failure is not the caller's");
    };
    assert!(recorded);
    assert!(
        matches!(&problem, MailProblem::Uncounted(words) if words.contains("the tries are stuck")),
        "{problem:?}"
    );
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::Failed {
            reason: problem.code()
        })
    );
    let l = Localizer::embedded().expect("locales");
    assert!(
        problem
            .message(&l, Lang::De)
            .starts_with("Der Versuch ließ sich nicht zählen")
    );
    assert_eq!(
        store
            .still_to_send(claimed[1].id, TRIES, AT, || false)
            .expect("asked"),
        LastCheck::Send
    );
    assert_eq!(
        store.claim_mails(AT, 10).expect("claim"),
        Claimed::default()
    );
}

#[test]
fn a_mail_that_cannot_even_be_set_aside_stays_claimed_for_the_next_start() {
    let (_dir, mut store) = temp_store();
    let (ben, _) = two_invitations(&mut store);
    store
        .conn
        .execute_batch(&format!(
            "CREATE TRIGGER stuck BEFORE UPDATE ON outbox \
             WHEN OLD.invitation_id = {ben} AND OLD.state = 'sending' \
             BEGIN SELECT RAISE(ABORT, 'the row is stuck'); END;",
            ben = ben.0
        ))
        .expect("a mail that cannot be written once claimed");
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    let Ok(LastCheck::SetAside { problem, recorded }) =
        store.still_to_send(claimed[0].id, TRIES, AT, || false)
    else {
        panic!("the count's failure is not the caller's");
    };
    assert!(!recorded, "{problem:?}");
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::Sending)
    );
    // No claim takes it again, and the row still refuses the set-aside
    // that the courier writes again each round.
    assert_eq!(
        store.claim_mails(AT, 10).expect("claim"),
        Claimed::default()
    );
    assert!(
        !store
            .set_aside_mail(claimed[0].id, &problem)
            .expect("no fault of the database")
    );
    // Once the row takes writes again, the next start queues it (with
    // Carla's, claimed and not asked about), no try counted: it never left.
    store
        .conn
        .execute_batch("DROP TRIGGER stuck")
        .expect("mended");
    assert_eq!(
        store.release_unfinished_mails().expect("next start"),
        Requeued {
            handed_over: 0,
            never_handed_over: 2
        }
    );
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::Queued {
            attempts: 0,
            last_error: None
        })
    );
}

#[test]
fn a_row_that_refuses_its_hand_back_is_set_aside_and_the_others_go_back() {
    let (_dir, mut store) = temp_store();
    let (ben, carla) = two_invitations(&mut store);
    // Ben's claimed mail refuses to go back to the queue, behind the
    // desk's back; a failure it still takes.
    store
        .conn
        .execute_batch(&format!(
            "CREATE TRIGGER stuck BEFORE UPDATE OF state ON outbox \
             WHEN OLD.invitation_id = {ben} AND NEW.state = 'queued' \
             BEGIN SELECT RAISE(ABORT, 'the row is stuck'); END;",
            ben = ben.0
        ))
        .expect("a row that refuses its hand-back");
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    let ids: Vec<i64> = claimed.iter().map(|m| m.id).collect();
    // Before, the whole hand-back failed, and failed again at each try:
    // Carla's mail stayed claimed with it.
    let released = store.release_unstarted_mails(&ids).expect("handed back");
    assert_eq!(released.queued, 1);
    let [(id, problem, true)] = released.set_aside.as_slice() else {
        panic!("{released:?}");
    };
    assert_eq!(*id, claimed[0].id);
    assert!(
        matches!(problem, MailProblem::Unreleased(words) if words.contains("the row is stuck")),
        "{problem:?}"
    );
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::Failed {
            reason: problem.code()
        })
    );
    assert_eq!(
        store.invitation_mail(carla).expect("state"),
        Some(MailState::Queued {
            attempts: 0,
            last_error: None
        })
    );
    let l = Localizer::embedded().expect("locales");
    assert!(
        problem
            .message(&l, Lang::De)
            .starts_with("Die E-Mail ließ sich nicht in die Warteschlange zurücklegen"),
        "{problem:?}"
    );
    assert!(!problem.may_hide_a_delivery(), "it never left");

    // A row that refuses its failure too stays claimed, for the caller.
    store
        .conn
        .execute_batch(&format!(
            "DROP TRIGGER stuck; \
             CREATE TRIGGER stuck BEFORE UPDATE ON outbox \
             WHEN OLD.invitation_id = {carla} AND OLD.state = 'sending' \
             BEGIN SELECT RAISE(ABORT, 'the row is stuck'); END;",
            carla = carla.0
        ))
        .expect("a row that refuses every write once claimed");
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    let released = store
        .release_unstarted_mails(&[claimed[0].id])
        .expect("handed back");
    assert_eq!(released.queued, 0);
    assert!(
        matches!(released.set_aside.as_slice(), [(id, MailProblem::Unreleased(_), false)] if *id == claimed[0].id),
        "{released:?}"
    );
    assert_eq!(
        store.invitation_mail(carla).expect("state"),
        Some(MailState::Sending)
    );
}

#[test]
fn a_database_that_takes_no_writes_fails_no_mail_and_the_mail_keeps_its_tries() {
    let (_dir, mut store) = temp_store();
    let (ben, _) = two_invitations(&mut store);
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    // The database refuses every write for a while, as when the disk is
    // full or the file turned read-only: no one row is to blame.
    store
        .conn
        .execute_batch("PRAGMA query_only = 1")
        .expect("no writes");
    // Before, that was taken as the row's fault: neither the try nor the
    // set-aside could be written, so the mail stayed claimed, handed back
    // by no later round; and had the set-aside got through, a good mail
    // would have failed for good.
    let asked = store.still_to_send(claimed[0].id, TRIES, AT, || false);
    assert!(
        matches!(
            &asked,
            Err(DeskError::Unusable {
                problem: crate::FileProblem::ReadOnly,
                ..
            })
        ),
        "{asked:?}"
    );
    assert!(store.release_unstarted_mails(&[claimed[0].id]).is_err());
    // It is the caller's to hand back, as for the lock, once writes go
    // through again: queued, no try counted, no reason kept.
    store
        .conn
        .execute_batch("PRAGMA query_only = 0")
        .expect("writes again");
    assert_eq!(
        store
            .release_unstarted_mails(&[claimed[0].id])
            .expect("handed back")
            .queued,
        1
    );
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::Queued {
            attempts: 0,
            last_error: None
        })
    );
}

/// Claims Ben's mail (`ben`) alone and lets it go, its try counted as
/// `tries` allow; returns its outbox row.
fn let_go(store: &mut Store, ben: InvitationId, tries: u32) -> i64 {
    let id = claim_alone(store, ben);
    assert_eq!(
        store.still_to_send(id, tries, AT, || false).expect("asked"),
        LastCheck::Send
    );
    id
}

/// Claims the due mails, hands back all but the one of invitation `ben`,
/// and returns its outbox row.
fn claim_alone(store: &mut Store, ben: InvitationId) -> i64 {
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    let (mine, rest): (Vec<_>, Vec<_>) = claimed.iter().partition(|m| m.invitation == Some(ben));
    let rest: Vec<i64> = rest.iter().map(|m| m.id).collect();
    store.release_unstarted_mails(&rest).expect("the rest back");
    mine.first().expect("ben's mail is due").id
}

fn refusal() -> String {
    MailProblem::Refused {
        code: 550,
        words: "5.1.1 No such user".into(),
    }
    .code()
}

fn deferral() -> String {
    MailProblem::Deferred {
        code: 451,
        words: "4.3.0 Try later".into(),
    }
    .code()
}

/// How Ben's invitation mail ends `failed`.
type Failing = fn(&mut Store, InvitationId);

#[test]
fn only_a_mail_that_surely_never_arrived_frees_its_invitation_under_rule_4() {
    // Each way to fail, and whether it proves that no try reached the
    // server: then the invitation never reached Ben, as a rejected one.
    let cases: [(&str, Failing, bool); 9] = [
        (
            "refused",
            |s, ben| {
                let id = let_go(s, ben, TRIES);
                s.record_mail_failed(id, &refusal()).expect("failed");
            },
            true,
        ),
        (
            "refused after a try the server deferred",
            |s, ben| {
                let id = let_go(s, ben, TRIES);
                s.record_mail_deferred(id, AT, &deferral())
                    .expect("deferred");
                let id = let_go(s, ben, TRIES);
                s.record_mail_failed(id, &refusal()).expect("failed");
            },
            true,
        ),
        (
            "fewer tries allowed now, each deferred by the server",
            |s, ben| {
                for _ in 0..2 {
                    let id = let_go(s, ben, TRIES);
                    s.record_mail_deferred(id, AT, &deferral())
                        .expect("deferred");
                }
                let id = claim_alone(s, ben);
                let check = s.still_to_send(id, 2, AT, || false).expect("asked");
                assert_eq!(check, LastCheck::OutOfTries);
            },
            true,
        ),
        (
            "set aside unread, never let go",
            |s, ben| {
                poison(s, ben);
                assert_eq!(s.claim_mails(AT, 10).expect("claim").set_aside.len(), 1);
            },
            true,
        ),
        // Each try let go, and the courier killed before it recorded the
        // server's answer: the server may have taken it every time.
        (
            "out of tries, each let go and never recorded",
            |s, ben| {
                for _ in 0..3 {
                    let_go(s, ben, 3);
                    s.release_unfinished_mails().expect("next start");
                }
                let id = claim_alone(s, ben);
                let check = s.still_to_send(id, 3, AT, || false).expect("asked");
                assert_eq!(check, LastCheck::OutOfTries);
            },
            false,
        ),
        (
            "no answer at its last try",
            |s, ben| {
                let id = let_go(s, ben, TRIES);
                s.record_mail_failed(id, &MailProblem::Timeout(30).code())
                    .expect("failed");
            },
            false,
        ),
        (
            "refused after a try whose connection broke",
            |s, ben| {
                let id = let_go(s, ben, TRIES);
                let broke = MailProblem::Connection("connection reset".into()).code();
                s.record_mail_deferred(id, AT, &broke).expect("deferred");
                let id = let_go(s, ben, TRIES);
                s.record_mail_failed(id, &refusal()).expect("failed");
            },
            false,
        ),
        (
            "refused after a try whose outcome was never recorded",
            |s, ben| {
                let_go(s, ben, TRIES);
                s.release_unfinished_mails().expect("next start");
                let id = let_go(s, ben, TRIES);
                s.record_mail_failed(id, &refusal()).expect("failed");
            },
            false,
        ),
        (
            "set aside unread after a try whose outcome was never recorded",
            |s, ben| {
                let_go(s, ben, TRIES);
                s.release_unfinished_mails().expect("next start");
                poison(s, ben);
                assert_eq!(s.claim_mails(AT, 10).expect("claim").set_aside.len(), 1);
            },
            false,
        ),
    ];
    for (case, fail, never_arrived) in cases {
        let (_dir, mut store) = temp_store();
        let (ben, carla) = two_invitations(&mut store);
        fail(&mut store, ben);
        assert!(
            matches!(
                store.invitation_mail(ben).expect("state"),
                Some(MailState::Failed { .. })
            ),
            "{case}"
        );
        // Asking Ben again is no second invitation within six months only
        // if the first never reached him. Carla's, still queued, counts.
        let later = AT + time::Duration::days(1);
        let again = |store: &Store, id: InvitationId| {
            let first = store.invitation(id).expect("invitation");
            let draft = Draft {
                inviter: first.inviter,
                invitee: first.invitee,
                group: first.group,
                route: Route::Profile,
                subject: String::new(),
                text: "Second try: join us.".into(),
                at: later,
            };
            store
                .check_invitation(&InvitePolicy::default(), &draft)
                .expect("check")
        };
        assert_eq!(again(&store, ben).passes(), never_arrived, "{case}");
        assert!(!again(&store, carla).passes(), "{case}");
        // The group's news tells a moderator that Ben's never reached him,
        // or that whether it did is not known: never that it did not
        // when it may have.
        let group = store.invitation(ben).expect("ben's").group;
        let news: Vec<_> = store
            .group_news(group, 10)
            .expect("news")
            .into_iter()
            .map(|n| (n.kind, n.subject.unwrap_or_default()))
            .collect();
        let ben_news = if never_arrived {
            "invitation-failed"
        } else {
            "invitation-unconfirmed"
        };
        assert_eq!(
            news,
            [
                ("invitation".to_string(), "Carla Diaz".to_string()),
                (ben_news.to_string(), "Ben Kurz".to_string())
            ],
            "{case}"
        );
    }
}

/// Spoils the outbox row of invitation `ben` behind the desk's back: a
/// subject stored as bytes, which no claim can read.
fn poison(store: &mut Store, ben: InvitationId) {
    store
        .conn
        .execute(
            "UPDATE outbox SET subject = x'c328' WHERE invitation_id = ?1",
            [ben.0],
        )
        .expect("a poisoned row");
}

/// Whether invitation `id` is withdrawn (opted out, not in its group's
/// news), or delivered (sent, in the news).
fn withdrawn(store: &Store, id: InvitationId) -> bool {
    let invitation = store.invitation(id).expect("invitation");
    let delivered: Option<i64> = store
        .conn
        .query_row(
            "SELECT delivered_at FROM group_invitations WHERE id = ?1",
            [id.0],
            |row| row.get(0),
        )
        .expect("delivered_at");
    let news = store.group_news(invitation.group, 10).expect("news");
    let in_news = news
        .iter()
        .any(|n| n.subject.as_deref() == Some(invitation.invitee_name.as_str()));
    match invitation.status {
        InvitationStatus::OptedOut => {
            assert!(delivered.is_none() && !in_news, "{id}: {news:?}");
            true
        }
        InvitationStatus::Sent => {
            assert!(delivered.is_some() && in_news, "{id}: {news:?}");
            false
        }
        other => panic!("{id}: {other:?}"),
    }
}

#[test]
fn an_opt_out_while_the_mail_is_queued_withdraws_the_invitation_too() {
    let (_dir, mut store) = temp_store();
    let (ben, carla) = two_invitations(&mut store);
    assert!(!withdrawn(&store, ben));
    let ben_member = store.invitation(ben).expect("ben's").invitee;
    store
        .set_group_invitations(ben_member, false)
        .expect("Ben switches invitations off");
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::OptedOut)
    );
    assert!(withdrawn(&store, ben), "never reached Ben");
    assert!(!withdrawn(&store, carla), "Carla's goes out as before");
}

#[test]
fn the_couriers_last_check_finding_an_opt_out_withdraws_the_invitation_too() {
    let (_dir, mut store) = temp_store();
    let (ben, carla) = two_invitations(&mut store);
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    assert_eq!(claimed[0].invitation, Some(ben));
    let ben_member = store.invitation(ben).expect("ben's").invitee;
    // Claimed, so the opt-out leaves the mail to the courier's check.
    store
        .set_group_invitations(ben_member, false)
        .expect("Ben switches invitations off");
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::Sending)
    );
    assert_eq!(
        store
            .still_to_send(claimed[0].id, TRIES, AT, || false)
            .expect("asked"),
        LastCheck::OptedOut
    );
    assert_eq!(
        store.invitation_mail(ben).expect("state"),
        Some(MailState::OptedOut)
    );
    assert!(withdrawn(&store, ben), "never reached Ben");
    assert_eq!(
        store
            .still_to_send(claimed[1].id, TRIES, AT, || false)
            .expect("asked"),
        LastCheck::Send
    );
    assert!(!withdrawn(&store, carla));
}

#[test]
fn an_opt_out_after_the_mail_went_out_leaves_the_invitation_delivered() {
    let (_dir, mut store) = temp_store();
    let (ben, _) = two_invitations(&mut store);
    let claimed = store.claim_mails(AT, 10).expect("claim").mails;
    assert_eq!(
        store
            .still_to_send(claimed[0].id, TRIES, AT, || false)
            .expect("asked"),
        LastCheck::Send
    );
    store
        .record_mail_sent(claimed[0].id, AT, "<1@example.org>")
        .expect("sent");
    let ben_member = store.invitation(ben).expect("ben's").invitee;
    store
        .set_group_invitations(ben_member, false)
        .expect("Ben switches invitations off");
    assert!(!withdrawn(&store, ben), "Ben has it");
}

#[test]
fn a_mail_problem_is_kept_as_a_code_and_said_in_each_language_without_english_around_the_servers_words()
 {
    use crate::store::MailProblem;
    let l = locales::Localizer::embedded().expect("locales");
    let words = |w: &str| w.to_string();
    let all = [
        MailProblem::Refused {
            code: 550,
            words: words("5.1.1 No such user"),
        },
        MailProblem::Deferred {
            code: 451,
            words: words("4.3.0 Greylisted"),
        },
        MailProblem::Login {
            code: 535,
            words: words("5.7.8 Authentication failed"),
        },
        MailProblem::Session(words("554 go away")),
        MailProblem::Timeout(30),
        MailProblem::Tls(words("invalid peer certificate: UnknownIssuer")),
        MailProblem::Unreachable(words("Connection refused (os error 111)")),
        MailProblem::Connection(words("Connection reset by peer (os error 104)")),
        MailProblem::Handover(words("STARTTLS is not supported by this server")),
        MailProblem::Maildir(words("No space left on device (os error 28)")),
        MailProblem::Unwritable(words("the address x cannot be used")),
        MailProblem::OutOfTries(30),
        MailProblem::Unchecked(words("the invitation cannot be withdrawn")),
        MailProblem::Unreadable(words("Invalid column type Blob at index: 3, name: subject")),
        MailProblem::Uncounted(words("the tries are stuck")),
        MailProblem::Unreleased(words("the row is stuck")),
    ];
    // lettre's and our English lead words, which a German reader must not meet
    // outside the quoted words.
    let english = [
        "permanent error",
        "transient error",
        "tls error",
        "network error",
        "the mail server",
        "failed",
    ];
    for problem in all {
        assert_eq!(
            MailProblem::parse(&problem.code()),
            problem,
            "{}",
            problem.code()
        );
        let de = problem.message(&l, Lang::De);
        let theirs = match &problem {
            MailProblem::Refused { words, .. }
            | MailProblem::Deferred { words, .. }
            | MailProblem::Login { words, .. }
            | MailProblem::Session(words)
            | MailProblem::Tls(words)
            | MailProblem::Unreachable(words)
            | MailProblem::Connection(words)
            | MailProblem::Handover(words)
            | MailProblem::Maildir(words)
            | MailProblem::Unwritable(words)
            | MailProblem::Unchecked(words)
            | MailProblem::Unreadable(words)
            | MailProblem::Uncounted(words)
            | MailProblem::Unreleased(words)
            | MailProblem::Other(words) => words.clone(),
            MailProblem::Timeout(_) | MailProblem::OutOfTries(_) => String::new(),
        };
        let ours = de.replace(&theirs, "");
        for word in english {
            assert!(!ours.contains(word), "{word:?} in {de}");
        }
        let en = problem.message(&l, Lang::En);
        assert_ne!(de, en);
        assert!(!problem.to_string().is_empty());
        // The words of a library or of the system are English whatever
        // the mail server speaks: German marks them so, as it does for the
        // settings (`mail-setting-*`) and the files (`io-other`).
        if matches!(
            problem,
            MailProblem::Tls(_)
                | MailProblem::Unreachable(_)
                | MailProblem::Connection(_)
                | MailProblem::Handover(_)
                | MailProblem::Maildir(_)
                | MailProblem::Unwritable(_)
                | MailProblem::Unchecked(_)
                | MailProblem::Unreadable(_)
                | MailProblem::Uncounted(_)
                | MailProblem::Unreleased(_)
        ) {
            assert!(de.ends_with(&format!("(auf Englisch): {theirs}")), "{de}");
        }
    }
    // Words that begin like a kind stay what they were.
    for words in ["tls handshake with the relay", "timeout 30", "", "other"] {
        let other = MailProblem::Other(words.into());
        assert_eq!(MailProblem::parse(&other.code()), other, "{words:?}");
    }
    // Reasons stored before the kinds were kept read as they were.
    for old in [
        "permanent error (550): gone",
        "550 no such user",
        "refused soon",
        "timeout x",
        "tries x",
    ] {
        assert_eq!(MailProblem::parse(old), MailProblem::Other(old.into()));
        assert_eq!(MailProblem::parse(old).message(&l, Lang::De), old);
    }
}
