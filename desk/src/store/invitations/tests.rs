//! The invitation write path against a real SQLite file.

use super::*;
use crate::invitations::policy::{Breach, Rule};
use crate::records::{GroupKind, Role};
use crate::store::community::{NewGroup, NewMember};
use crate::store::tests::temp_store;
use time::macros::datetime;

const AT: Timestamp = datetime!(2026-11-22 10:00 UTC);

pub(crate) struct World {
    pub anna: MemberId,
    pub ben: MemberId,
    pub carla: MemberId,
    pub group: GroupId,
}

/// Anna moderates "Berlin Networking"; Ben (German) and Carla are not in it;
/// Anna and Ben are direct contacts.
pub(crate) fn world(store: &mut Store) -> World {
    let anna = store
        .upsert_member(&NewMember::new("anna@example.org", "Anna Berg", Lang::De))
        .expect("anna");
    let ben = store
        .upsert_member(&NewMember::new("ben@example.org", "Ben Kurz", Lang::De))
        .expect("ben");
    let carla = store
        .upsert_member(&NewMember::new("carla@example.org", "Carla Diaz", Lang::En))
        .expect("carla");
    let group = store
        .upsert_group(&NewGroup {
            name: "Berlin Networking".into(),
            description: String::new(),
            kind: GroupKind::Regional,
        })
        .expect("group");
    store.set_role(group, anna, Role::Moderator).expect("role");
    store.connect(anna, ben).expect("contacts");
    World {
        anna,
        ben,
        carla,
        group,
    }
}

fn draft(w: &World, invitee: MemberId, text: &str) -> Draft {
    Draft {
        inviter: w.anna,
        invitee,
        group: w.group,
        route: Route::Profile,
        subject: String::new(),
        text: text.into(),
        at: AT,
    }
}

fn rules(outcome: &SendOutcome) -> Vec<Rule> {
    match outcome {
        SendOutcome::Refused(breaches) => breaches.iter().map(Breach::rule).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn sending_delivers_mail_in_the_invitees_language_and_group_news() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let outcome = store
        .send_invitation(
            &InvitePolicy::default(),
            &l,
            &draft(&w, w.ben, "Hallo Ben, komm doch zu unserem Stammtisch!"),
            AT,
        )
        .expect("send");
    let SendOutcome::Sent(id) = outcome else {
        panic!("{outcome:?}")
    };
    let mail = store.outbox_for(w.ben).expect("outbox");
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].lang, Lang::De);
    assert_eq!(
        mail[0].subject,
        "Anna Berg lädt Sie in die Gruppe „Berlin Networking“ ein"
    );
    assert!(
        mail[0].body.contains("komm doch zu unserem Stammtisch"),
        "{}",
        mail[0].body
    );
    assert!(
        mail[0].body.starts_with("Hallo Ben Kurz"),
        "{}",
        mail[0].body
    );
    let news = store.group_news(w.group, 10).expect("news");
    assert_eq!(news[0].actor.as_deref(), Some("Anna Berg"));
    assert_eq!(
        store.invitation(id).expect("stored").status,
        InvitationStatus::Sent
    );
    assert_eq!(
        store.invitations_sent_by(w.anna, 10).expect("sent").len(),
        1
    );
}

#[test]
fn an_invitation_is_refused_within_six_months_across_groups() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    store
        .send_invitation(&policy, &l, &draft(&w, w.carla, "Hi Carla, join us!"), AT)
        .expect("first");
    let other = store
        .upsert_group(&NewGroup {
            name: "Logistik".into(),
            description: String::new(),
            kind: GroupKind::Industry,
        })
        .expect("group");
    store.set_role(other, w.anna, Role::Member).expect("join");
    let mut again = draft(&w, w.carla, "Hi Carla, and this group too?");
    again.group = other;
    again.at = datetime!(2027-05-22 09:59:59 UTC);
    let outcome = store
        .send_invitation(&policy, &l, &again, again.at)
        .expect("second");
    assert_eq!(rules(&outcome), [Rule::InvitedWithin6Months]);
    let SendOutcome::Refused(breaches) = outcome else {
        unreachable!()
    };
    assert_eq!(
        breaches[0].next_allowed(),
        Some(datetime!(2027-05-22 10:00 UTC))
    );
    again.at = datetime!(2027-05-22 10:00 UTC);
    assert!(matches!(
        store
            .send_invitation(&policy, &l, &again, again.at)
            .expect("later"),
        SendOutcome::Sent(_)
    ));
    assert_eq!(
        store.outbox_for(w.carla).expect("mail").len(),
        2,
        "the refused one wrote nothing"
    );
}

#[test]
fn the_store_gathers_every_fact_the_rules_need() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    // Carla is not Anna's contact: the group route refuses, the profile route does not.
    let mut group_route = draft(&w, w.carla, "Hi Carla!");
    group_route.route = Route::Group;
    assert_eq!(
        rules(
            &store
                .send_invitation(&policy, &l, &group_route, group_route.at)
                .expect("send")
        ),
        [Rule::NotADirectContact]
    );
    let mut ben_route = draft(&w, w.ben, "Hallo Ben!");
    ben_route.route = Route::Group;
    assert!(
        store
            .check_invitation(&policy, &ben_route)
            .expect("check")
            .passes()
    );
    // Ben switches invitations off.
    store.set_group_invitations(w.ben, false).expect("off");
    assert_eq!(
        rules(
            &store
                .send_invitation(&policy, &l, &ben_route, ben_route.at)
                .expect("send")
        ),
        [Rule::InvitationsOff]
    );
    // Carla joins: already a member; and she may not invite into a group she left.
    store
        .set_role(w.group, w.carla, Role::Member)
        .expect("join");
    assert_eq!(
        rules(
            &store
                .send_invitation(&policy, &l, &draft(&w, w.carla, "Hi"), AT)
                .expect("send")
        ),
        [Rule::AlreadyMember]
    );
    let mut by_ben = draft(&w, w.anna, "Hallo Anna");
    by_ben.inviter = w.ben;
    assert_eq!(
        rules(
            &store
                .send_invitation(&policy, &l, &by_ben, by_ben.at)
                .expect("send")
        ),
        [Rule::InviterNotInGroup, Rule::AlreadyMember]
    );
    let mut unknown = draft(&w, MemberId(999), "Hi");
    unknown.group = GroupId(1);
    assert_eq!(
        rules(
            &store
                .send_invitation(&policy, &l, &unknown, unknown.at)
                .expect("send")
        ),
        [Rule::UnknownMember]
    );
}

#[test]
fn mass_mail_is_held_then_approved_or_rejected_and_rejections_suspend() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let spammer = store
        .upsert_member(&NewMember::new("spam@example.org", "Sam Spam", Lang::En))
        .expect("sam");
    store
        .set_role(w.group, spammer, Role::Member)
        .expect("join");
    let mut held = Vec::new();
    for i in 0..9 {
        let invitee = store
            .upsert_member(&NewMember::new(
                &format!("p{i}@example.org"),
                &format!("P{i}"),
                Lang::En,
            ))
            .expect("invitee");
        let mut d = draft(
            &w,
            invitee,
            "Join the best business group in town, everyone is here, invite your friends!",
        );
        d.inviter = spammer;
        d.at = AT + time::Duration::minutes(i);
        match store.send_invitation(&policy, &l, &d, d.at).expect("send") {
            SendOutcome::Sent(_) => assert!(i < 5, "the 6th copy must be held"),
            SendOutcome::Held(id, flags) => {
                assert!(matches!(flags[0], Flag::NearDuplicate { .. }));
                assert!(
                    store.outbox_for(invitee).expect("mail").is_empty(),
                    "held means not delivered"
                );
                held.push((id, invitee));
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(held.len(), 4);
    let queue = store
        .flagged_invitations(Some(w.anna), 0, 10)
        .expect("queue");
    assert_eq!(queue.len(), 4);
    assert_eq!(queue[0].similar_texts.len(), 5);
    assert!(
        store
            .flagged_invitations(Some(w.ben), 0, 10)
            .expect("ben moderates nothing")
            .is_empty()
    );

    // Only moderators review.
    assert!(
        store
            .approve_invitation(&policy, &l, held[0].0, w.ben, "", AT)
            .is_err()
    );
    store
        .approve_invitation(&policy, &l, held[0].0, w.anna, "Looks fine", AT)
        .expect("approve");
    assert_eq!(
        store.outbox_for(held[0].1).expect("mail").len(),
        1,
        "approved means delivered"
    );
    assert!(
        store
            .approve_invitation(&policy, &l, held[0].0, w.anna, "", AT)
            .is_err(),
        "not twice"
    );

    assert!(
        !store
            .reject_invitation(&policy, &l, held[1].0, w.anna, "copy-paste", AT)
            .expect("1")
    );
    assert!(
        !store
            .reject_invitation(&policy, &l, held[2].0, w.anna, "copy-paste", AT)
            .expect("2")
    );
    assert!(
        store
            .reject_invitation(&policy, &l, held[3].0, w.anna, "copy-paste", AT)
            .expect("3")
    );
    assert!(store.outbox_for(held[3].1).expect("mail").is_empty());
    assert!(store.member(spammer).expect("sam").suspended);
    let mut next = draft(&w, w.carla, "Hi Carla, a personal note this time.");
    next.inviter = spammer;
    assert_eq!(
        rules(
            &store
                .send_invitation(&policy, &l, &next, next.at)
                .expect("send")
        ),
        [Rule::InviterSuspended]
    );
    let actions: Vec<String> = store
        .audit_log(0, 20)
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "invitation-rejected")
            .count(),
        3
    );
    assert!(actions.contains(&"invitation-approved".to_string()));
    assert!(actions.contains(&"member-suspended".to_string()));
}

#[test]
fn a_spam_marker_holds_the_first_invitation() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let outcome = store
        .send_invitation(
            &InvitePolicy::default(),
            &l,
            &draft(&w, w.carla, "Hi Carla, earn passive income with me!"),
            AT,
        )
        .expect("send");
    assert!(
        matches!(outcome, SendOutcome::Held(_, ref flags) if flags[0].id() == "spam-marker"),
        "{outcome:?}"
    );
}

#[test]
fn a_blank_subject_gets_the_default_and_a_given_one_is_kept() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let mut d = draft(&w, w.carla, "Hi Carla!");
    assert_eq!(
        store.default_subject(&l, &d).expect("default"),
        "Anna Berg invites you to the group \"Berlin Networking\""
    );
    d.subject = "  Our Berlin\r\nBcc: all@example.org  meet-up  ".into();
    let SendOutcome::Sent(id) = store
        .send_invitation(&InvitePolicy::default(), &l, &d, d.at)
        .expect("send")
    else {
        panic!("not sent")
    };
    assert_eq!(
        store.invitation(id).expect("stored").subject,
        "Our Berlin Bcc: all@example.org meet-up",
        "one line, whatever was typed"
    );
}

#[test]
fn six_months_end_on_the_clamped_day_to_the_second_through_the_store() {
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    // (first invitation, last refused second, first allowed instant)
    let cases = [
        (
            datetime!(2026-08-31 12:00 UTC),
            datetime!(2027-02-28 11:59:59 UTC),
            datetime!(2027-02-28 12:00 UTC),
        ),
        (
            datetime!(2027-08-31 12:00 UTC),
            datetime!(2028-02-29 11:59:59 UTC),
            datetime!(2028-02-29 12:00 UTC),
        ),
        (
            datetime!(2028-02-29 12:00 UTC),
            datetime!(2028-08-29 11:59:59 UTC),
            datetime!(2028-08-29 12:00 UTC),
        ),
        (
            datetime!(2026-03-31 23:59:59 UTC),
            datetime!(2026-09-30 23:59:58 UTC),
            datetime!(2026-09-30 23:59:59 UTC),
        ),
    ];
    for (first, refused, allowed) in cases {
        let (_dir, mut store) = temp_store();
        let w = world(&mut store);
        let at = |at: Timestamp| Draft {
            at,
            ..draft(&w, w.carla, "Hi Carla, our Berlin meet-ups would suit you.")
        };
        let sent = store
            .send_invitation(&policy, &l, &at(first), first)
            .expect("first");
        assert!(matches!(sent, SendOutcome::Sent(_)), "{first}: {sent:?}");
        match store
            .send_invitation(&policy, &l, &at(refused), refused)
            .expect("early")
        {
            SendOutcome::Refused(b) => assert_eq!(b[0].next_allowed(), Some(allowed)),
            other => panic!("{refused}: {other:?}"),
        }
        let again = store
            .send_invitation(&policy, &l, &at(allowed), allowed)
            .expect("again");
        assert!(
            matches!(again, SendOutcome::Sent(_)),
            "{allowed}: {again:?}"
        );
    }
}

#[test]
fn the_member_gets_the_text_the_rules_counted() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    // 500 characters to the eye (each `é` written as `e` and an accent),
    // wrapped in the blank lines a pasted text brings along.
    let seen = "e\u{301}".repeat(500);
    let d = draft(&w, w.carla, &format!("\r\n\n   {seen} \t\r\n"));
    let SendOutcome::Sent(id) = store
        .send_invitation(&InvitePolicy::default(), &l, &d, d.at)
        .expect("send")
    else {
        panic!("refused what shows as 500 characters")
    };
    assert_eq!(store.invitation(id).expect("stored").text, seen);
    let mail = store.outbox_for(w.carla).expect("outbox");
    assert!(
        mail[0].body.contains(&format!("writes:\n\n{seen}\n\n")),
        "{:?}",
        mail[0].body
    );
}

#[test]
fn a_batch_applies_every_rule_to_every_draft_in_order() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let first = draft(&w, w.carla, "Hi Carla, join us!");
    let outcomes = store
        .send_invitations(&InvitePolicy::default(), &l, &[first.clone(), first], AT)
        .expect("batch");
    assert!(matches!(outcomes[0], SendOutcome::Sent(_)));
    assert_eq!(
        rules(&outcomes[1]),
        [Rule::InvitedWithin6Months],
        "the second sees the first"
    );
}

#[test]
fn a_back_dated_invitation_is_recorded_counted_and_listed_but_not_mailed() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let now = AT + time::Duration::days(30);
    let last_month = draft(&w, w.carla, "Hi Carla, join us!");
    let outcome = store
        .send_invitation(&policy, &l, &last_month, now)
        .expect("record");
    let SendOutcome::Recorded(id) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(store.outbox_for(w.carla).expect("outbox"), []);
    assert_eq!(store.invitation_mail(id).expect("mail state"), None);
    let listed = store.invitations_sent_by(w.anna, 10).expect("listed");
    assert_eq!(listed.iter().map(|i| i.id).collect::<Vec<_>>(), [id]);
    assert_eq!(listed[0].sent_at, AT);
    assert_eq!(listed[0].status, InvitationStatus::Sent);
    let news = store.group_news(w.group, 10).expect("news");
    assert_eq!(news.iter().map(|n| n.at).collect::<Vec<_>>(), [AT]);
    // Rule 4 sees it: the same person again today is refused.
    let mut today = last_month.clone();
    today.at = now;
    assert_eq!(
        rules(
            &store
                .send_invitation(&policy, &l, &today, now)
                .expect("again")
        ),
        [Rule::InvitedWithin6Months]
    );
}

#[test]
fn history_that_would_be_held_is_recorded_and_never_reaches_the_review_queue() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let spam = draft(&w, w.carla, "Hi Carla, earn passive income with me!");
    let outcome = store
        .send_invitation(
            &InvitePolicy::default(),
            &l,
            &spam,
            AT + time::Duration::hours(1),
        )
        .expect("record");
    assert!(matches!(outcome, SendOutcome::Recorded(_)), "{outcome:?}");
    assert_eq!(store.flagged_count(None).expect("queue"), 0);
    assert_eq!(store.outbox_for(w.carla).expect("outbox"), []);
}

#[test]
fn a_draft_dated_within_the_tolerance_is_sent_and_one_beyond_it_is_history() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let to_ben = draft(&w, w.ben, "Hallo Ben, komm doch vorbei!");
    let just_in_time = AT + Dating::TOLERANCE;
    assert!(matches!(
        store
            .send_invitation(&policy, &l, &to_ben, just_in_time)
            .expect("send"),
        SendOutcome::Sent(_)
    ));
    assert_eq!(store.outbox_for(w.ben).expect("outbox").len(), 1);
    let to_carla = draft(&w, w.carla, "Hi Carla, join us!");
    let batch = store
        .send_invitations(
            &policy,
            &l,
            &[to_carla],
            just_in_time + time::Duration::seconds(1),
        )
        .expect("batch");
    assert!(matches!(batch[..], [SendOutcome::Recorded(_)]), "{batch:?}");
    assert_eq!(store.outbox_for(w.carla).expect("outbox"), []);
}

/// Writes an invitation row as if it had been sent at `at`, bypassing the
/// rules: the history a test needs, quickly.
fn sent_before(store: &Store, w: &World, invitee: MemberId, text: &str, at: Timestamp) {
    store
        .conn
        .execute(
            "INSERT INTO group_invitations (inviter, invitee, group_id, subject, body, route, \
             status, fingerprint, sent_at) VALUES (?1, ?2, ?3, '', ?4, 'profile', 'sent', ?5, ?6)",
            params![
                w.anna.0,
                invitee.0,
                w.group.0,
                text,
                mass_mail::to_bytes(&mass_mail::fingerprint(text)),
                clock::to_unix(at)
            ],
        )
        .expect("history");
}

#[test]
fn the_mass_mail_rule_reads_the_newest_texts_of_its_window() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let copy = "Dear friend, our regional group meets every Thursday and you would fit right in.";
    let person = |store: &mut Store, i: usize| {
        store
            .upsert_member(&NewMember::new(
                &format!("p{i}@example.org"),
                &format!("P{i}"),
                Lang::En,
            ))
            .expect("person")
    };
    // Members made first have the lowest ids: an index ordered by invitee
    // would meet their (older, distinct) texts before the recent copies.
    let early: Vec<MemberId> = (0..250).map(|i| person(&mut store, i)).collect();
    let late: Vec<MemberId> = (250..265).map(|i| person(&mut store, i)).collect();
    // Copies older than the 30-day window do not count...
    for invitee in &late[..10] {
        sent_before(&store, &w, *invitee, copy, AT - time::Duration::days(31));
    }
    let policy = InvitePolicy::default();
    let fresh = person(&mut store, 999);
    let verdict = store
        .check_invitation(&policy, &draft(&w, fresh, copy))
        .expect("check");
    assert!(verdict.flags.is_empty(), "{verdict:?}");
    // ...the newest five, within it, do, even behind 250 older texts.
    for (i, invitee) in early.iter().enumerate() {
        let text = format!("Note {i}: {} about {}", i * 7919, i * 104_729);
        sent_before(&store, &w, *invitee, &text, AT - time::Duration::days(20));
    }
    for (i, invitee) in late[10..].iter().enumerate() {
        sent_before(
            &store,
            &w,
            *invitee,
            copy,
            AT - time::Duration::hours(i as i64 + 1),
        );
    }
    let verdict = store
        .check_invitation(&policy, &draft(&w, fresh, copy))
        .expect("check");
    assert!(
        matches!(verdict.flags.as_slice(), [Flag::NearDuplicate { .. }]),
        "{verdict:?}"
    );
}

#[test]
fn the_invitation_facts_say_who_has_premium() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let mut ben = NewMember::new("ben@example.org", "Ben Kurz", Lang::De);
    ben.premium = true;
    store.upsert_member(&ben).expect("premium");
    let facts = gather(
        &store.conn,
        &InvitePolicy::default(),
        &draft(&w, w.ben, "Hallo Ben, komm doch vorbei."),
        None,
    )
    .expect("facts");
    assert_eq!(facts.inviter.map(|p| p.premium), Some(false));
    assert_eq!(facts.invitee.map(|p| p.premium), Some(true));
}

#[test]
fn checking_drafts_never_re_plans_the_cached_statements() {
    // Without the planner's stability guarantee, binding `LIMIT ?` marks a
    // statement for a fresh parse and plan on every use.
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let policy = InvitePolicy::default();
    for invitee in [w.ben, w.carla, w.ben] {
        store
            .check_invitation(&policy, &draft(&w, invitee, "Hallo!"))
            .expect("check");
    }
    for sql in [FACTS_SQL, EARLIER_TEXTS_SQL] {
        let stmt = store.conn.prepare_cached(sql).expect("cached");
        assert_eq!(
            stmt.get_status(rusqlite::StatementStatus::RePrepare),
            0,
            "{sql}"
        );
    }
}
