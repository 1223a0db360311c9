//! Reviewing held invitations against a real SQLite file.

use super::*;
use crate::invitations::SendOutcome;
use crate::invitations::policy::Rule;
use crate::records::Role;
use crate::store::community::NewMember;
use crate::store::invitations::tests::world;
use crate::store::tests::temp_store;
use time::macros::datetime;

const AT: Timestamp = datetime!(2026-11-22 10:00 UTC);
const LATER: Timestamp = datetime!(2026-11-23 10:00 UTC);

/// Sends a text with a spam marker from `inviter` to `invitee`, so it is held.
fn held(
    store: &mut Store,
    inviter: MemberId,
    invitee: MemberId,
    group: GroupId,
    text: &str,
) -> InvitationId {
    let l = Localizer::embedded().expect("locales");
    let draft = Draft {
        inviter,
        invitee,
        group,
        route: Route::Profile,
        subject: String::new(),
        text: text.into(),
        at: AT,
    };
    match store
        .send_invitation(&InvitePolicy::default(), &l, &draft, draft.at)
        .expect("send")
    {
        SendOutcome::Held(id, _) => id,
        other => panic!("not held: {other:?}"),
    }
}

/// Dora, a second moderator of `group`: Anna's own held invitations are hers to decide.
fn dora(store: &mut Store, group: GroupId) -> MemberId {
    let dora = store
        .upsert_member(&NewMember::new("dora@example.org", "Dora Falk", Lang::De))
        .expect("dora");
    store.set_role(group, dora, Role::Moderator).expect("role");
    dora
}

fn broken(outcome: &ReviewOutcome) -> Vec<Rule> {
    match outcome {
        ReviewOutcome::RulesBroken(b) => b.iter().map(Breach::rule).collect(),
        other => panic!("approved after all: {other:?}"),
    }
}

fn status(store: &Store, id: InvitationId) -> InvitationStatus {
    store.invitation(id).expect("invitation").status
}

fn actions(store: &Store) -> Vec<(String, String, String)> {
    let mut log: Vec<_> = store
        .audit_log(0, 50)
        .expect("audit")
        .into_iter()
        .map(|e| (e.action, e.target, e.note))
        .collect();
    log.reverse();
    log
}

#[test]
fn approval_refuses_what_the_rules_no_longer_allow_and_names_the_rule() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let to_ben = held(
        &mut store,
        w.anna,
        w.ben,
        w.group,
        "Ben, earn passive income with me!",
    );
    let to_carla = held(
        &mut store,
        w.anna,
        w.carla,
        w.group,
        "Carla, earn passive income!",
    );

    // Meanwhile Ben switched invitations off (which withdrew his; see
    // below) and Carla joined the group.
    store.set_group_invitations(w.ben, false).expect("off");
    store
        .set_role(w.group, w.carla, Role::Member)
        .expect("join");
    let dora = dora(&mut store, w.group);
    let out = store
        .review_invitations(
            &policy,
            &l,
            &[(to_ben, Decision::Approve), (to_carla, Decision::Approve)],
            dora,
            "fine",
            LATER,
        )
        .expect("review");
    assert_eq!(out[0].outcome, ReviewOutcome::InviteeOptedOut);
    assert_eq!(broken(&out[1].outcome), [Rule::AlreadyMember]);
    assert!(
        out[1]
            .outcome
            .message(&l, Lang::En)
            .contains("already a member"),
        "{}",
        out[1].outcome.message(&l, Lang::En)
    );
    assert_eq!(
        status(&store, to_carla),
        InvitationStatus::Flagged,
        "still held"
    );
    assert!(
        store.outbox_for(w.ben).expect("mail").is_empty(),
        "not delivered"
    );
    let log = actions(&store);
    assert_eq!(
        log.last()
            .map(|(a, t, n)| (a.as_str(), t.as_str(), n.as_str())),
        Some((
            "invitation-approval-refused",
            format!("invitation:{to_carla}").as_str(),
            "already-member"
        ))
    );
}

#[test]
fn an_opt_out_withdraws_held_invitations_to_that_person_without_a_strike() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let limit = policy.config().rejections_before_suspension as usize;
    let sam = store
        .upsert_member(&NewMember::new("sam@example.org", "Sam Spam", Lang::En))
        .expect("sam");
    store.set_role(w.group, sam, Role::Member).expect("join");
    // As many held invitations as strikes suspend; the first is to Ben.
    let mut ids = vec![held(
        &mut store,
        sam,
        w.ben,
        w.group,
        "Ben, earn passive income!",
    )];
    for i in 1..limit {
        let invitee = store
            .upsert_member(&NewMember::new(
                &format!("p{i}@example.org"),
                &format!("P{i}"),
                Lang::En,
            ))
            .expect("invitee");
        ids.push(held(
            &mut store,
            sam,
            invitee,
            w.group,
            "Earn passive income!",
        ));
    }
    let queued = |store: &Store| -> Vec<InvitationId> {
        store
            .review_queue(&policy, None, 100)
            .expect("queue")
            .iter()
            .flat_map(|q| q.clusters.iter().flat_map(TextCluster::ids))
            .collect()
    };
    assert!(queued(&store).contains(&ids[0]));

    store.set_group_invitations(w.ben, false).expect("off");
    assert_eq!(status(&store, ids[0]), InvitationStatus::OptedOut);
    assert!(!queued(&store).contains(&ids[0]), "gone from the queue");
    assert_eq!(queued(&store).len(), limit - 1, "the others still wait");

    // A moderator who still has it on screen is told why it cannot be decided.
    let dora = dora(&mut store, w.group);
    for lang in [Lang::En, Lang::De] {
        let err = store
            .reject_invitation(&policy, &l, ids[0], dora, "spam", LATER)
            .expect_err("nothing to reject");
        assert_eq!(
            err.in_language(&l, lang, None),
            l.text(lang, "review-invitee-opted-out")
        );
    }
    let err = store
        .approve_invitation(&policy, &l, ids[0], dora, "", LATER)
        .expect_err("nothing to approve");
    assert_eq!(
        err.in_language(&l, Lang::En, None),
        l.text(Lang::En, "review-invitee-opted-out")
    );
    // Rejecting the whole batch counts only the others: one short of a suspension.
    let items: Vec<_> = ids.iter().map(|&id| (id, Decision::Reject)).collect();
    let out = store
        .review_invitations(&policy, &l, &items, dora, "spam", LATER)
        .expect("review");
    assert_eq!(out[0].outcome, ReviewOutcome::InviteeOptedOut);
    assert!(!out[0].outcome.applied());
    assert!(out[1..].iter().all(|r| r.outcome
        == ReviewOutcome::Rejected {
            inviter_suspended: false
        }));
    assert!(!store.member(sam).expect("sam").suspended);
    assert_eq!(status(&store, ids[0]), InvitationStatus::OptedOut);
    assert!(store.outbox_for(w.ben).expect("mail").is_empty());
}

#[test]
fn an_import_that_switches_invitations_off_withdraws_held_ones_too() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let id = held(
        &mut store,
        w.anna,
        w.ben,
        w.group,
        "Ben, earn passive income!",
    );
    let mut ben = NewMember::new("ben@example.org", "Ben Kurz", Lang::De);
    ben.group_invitations = false;
    store.upsert_member(&ben).expect("ben opts out");
    assert_eq!(status(&store, id), InvitationStatus::OptedOut);
}

#[test]
fn a_batch_reports_each_item_and_sees_a_suspension_made_earlier_in_it() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let sam = store
        .upsert_member(&NewMember::new("sam@example.org", "Sam Spam", Lang::En))
        .expect("sam");
    store.set_role(w.group, sam, Role::Member).expect("join");
    let mut ids = Vec::new();
    for i in 0..4 {
        let invitee = store
            .upsert_member(&NewMember::new(
                &format!("p{i}@example.org"),
                &format!("P{i}"),
                Lang::En,
            ))
            .expect("invitee");
        ids.push(held(
            &mut store,
            sam,
            invitee,
            w.group,
            &format!("P{i}, passive income awaits!"),
        ));
    }
    let mut batch: Vec<(InvitationId, Decision)> =
        ids[..3].iter().map(|id| (*id, Decision::Reject)).collect();
    batch.push((ids[3], Decision::Approve));
    batch.push((ids[0], Decision::Approve));
    let out = store
        .review_invitations(&policy, &l, &batch, w.anna, "", LATER)
        .expect("review");
    assert_eq!(
        out[0].outcome,
        ReviewOutcome::Rejected {
            inviter_suspended: false
        }
    );
    assert_eq!(
        out[2].outcome,
        ReviewOutcome::Rejected {
            inviter_suspended: true
        }
    );
    assert_eq!(broken(&out[3].outcome), [Rule::InviterSuspended]);
    assert_eq!(
        out[4].outcome,
        ReviewOutcome::AlreadyReviewed(InvitationStatus::Rejected)
    );
    assert_eq!(status(&store, ids[3]), InvitationStatus::Flagged);
    let log: Vec<String> = actions(&store).into_iter().map(|(a, ..)| a).collect();
    assert_eq!(
        log,
        [
            "invitation-rejected",
            "invitation-rejected",
            "invitation-rejected",
            "member-suspended",
            "invitation-approval-refused"
        ]
    );

    // Ben moderates nothing: reported, not applied, nothing logged.
    let out = store
        .review_invitations(&policy, &l, &[(ids[3], Decision::Reject)], w.ben, "", LATER)
        .expect("review");
    assert_eq!(out[0].outcome, ReviewOutcome::NotYourGroup);
    assert_eq!(actions(&store).len(), 5);
}

#[test]
fn six_months_run_from_the_approval_of_a_held_invitation() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let first = held(
        &mut store,
        w.anna,
        w.ben,
        w.group,
        "Ben, earn passive income with me!",
    );
    // The queue was long: Ben gets the mail five months after Anna wrote it.
    let approved = datetime!(2027-04-22 09:00 UTC);
    let dora = dora(&mut store, w.group);
    assert_eq!(
        store
            .approve_invitation(&policy, &l, first, dora, "ok", approved)
            .expect("approve"),
        ReviewOutcome::Approved
    );
    let again = |at: Timestamp| Draft {
        inviter: w.anna,
        invitee: w.ben,
        group: w.group,
        route: Route::Profile,
        subject: String::new(),
        text: "Ben, our logistics round table meets again in June.".into(),
        at,
    };
    // Six months after Anna wrote it, but six weeks after Ben got it.
    let june = again(datetime!(2027-06-01 10:00 UTC));
    match store
        .send_invitation(&policy, &l, &june, june.at)
        .expect("send")
    {
        SendOutcome::Refused(breaches) => assert_eq!(
            breaches,
            [Breach::InvitedWithin6Months {
                previous: approved,
                next_allowed: datetime!(2027-10-22 09:00 UTC),
            }]
        ),
        other => panic!("Ben is invited twice in six weeks: {other:?}"),
    }
    assert_eq!(store.outbox_for(w.ben).expect("mail").len(), 1);
    let october = again(datetime!(2027-10-22 09:00 UTC));
    assert!(matches!(
        store
            .send_invitation(&policy, &l, &october, october.at)
            .expect("send"),
        SendOutcome::Sent(_)
    ));
}

#[test]
fn approval_checks_six_months_against_other_invitations_but_not_itself() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let first = held(
        &mut store,
        w.anna,
        w.ben,
        w.group,
        "Ben, earn passive income with me!",
    );
    let second = held(
        &mut store,
        w.anna,
        w.carla,
        w.group,
        "Carla, earn passive income!",
    );
    let dora = dora(&mut store, w.group);
    // Imported history: Anna invited Carla (elsewhere) a month before the approval.
    store
        .conn
        .execute(
            "INSERT INTO group_invitations (inviter, invitee, group_id, subject, body, route, \
             status, sent_at) VALUES (?1, ?2, ?3, 's', 'b', 'profile', 'sent', ?4)",
            params![w.anna.0, w.carla.0, w.group.0, clock::to_unix(AT) + 3600],
        )
        .expect("history");
    assert_eq!(
        store
            .approve_invitation(&policy, &l, first, dora, "ok", LATER)
            .expect("approve"),
        ReviewOutcome::Approved
    );
    assert_eq!(store.outbox_for(w.ben).expect("mail").len(), 1);
    assert_eq!(
        broken(
            &store
                .approve_invitation(&policy, &l, second, dora, "ok", LATER)
                .expect("approve")
        ),
        [Rule::InvitedWithin6Months]
    );
}

#[test]
fn the_queue_groups_by_inviter_with_counts_and_near_duplicate_clusters() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let policy = InvitePolicy::default();
    let sam = store
        .upsert_member(&NewMember::new("sam@example.org", "Sam Spam", Lang::En))
        .expect("sam");
    store.set_role(w.group, sam, Role::Member).expect("join");
    for i in 0..5 {
        let invitee = store
            .upsert_member(&NewMember::new(
                &format!("p{i}@example.org"),
                &format!("P{i}"),
                Lang::En,
            ))
            .expect("invitee");
        let text = if i == 4 {
            "Finanzielle Freiheit durch Strukturvertrieb, ruf mich an".to_string()
        } else {
            format!("Hello P{i}, join my team and earn passive income from home, no risk at all!")
        };
        held(&mut store, sam, invitee, w.group, &text);
    }
    held(
        &mut store,
        w.anna,
        w.carla,
        w.group,
        "Carla, earn passive income!",
    );

    let queue = store
        .review_queue(&policy, Some(w.anna), 100)
        .expect("queue");
    let shape: Vec<(&str, usize, Vec<usize>)> = queue
        .iter()
        .map(|q| {
            (
                q.inviter_name.as_str(),
                q.held,
                q.clusters.iter().map(|c| c.invitations.len()).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [("Sam Spam", 5, vec![4, 1]), ("Anna Berg", 1, vec![1])]
    );
    assert_eq!(queue[0].clusters[0].ids().len(), 4);
    assert!(
        store
            .review_queue(&policy, Some(w.ben), 100)
            .expect("queue")
            .is_empty()
    );
}

#[test]
fn the_group_news_shows_an_invitation_once_its_mail_went_out() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let approved = held(
        &mut store,
        w.anna,
        w.ben,
        w.group,
        "Ben, earn passive income with me!",
    );
    let rejected = held(
        &mut store,
        w.anna,
        w.carla,
        w.group,
        "Carla, earn passive income!",
    );
    assert!(store.group_news(w.group, 10).expect("news").is_empty());
    let dora = dora(&mut store, w.group);
    store
        .approve_invitation(&policy, &l, approved, dora, "ok", LATER)
        .expect("approve");
    store
        .reject_invitation(&policy, &l, rejected, dora, "spam", LATER)
        .expect("reject");
    let news = store.group_news(w.group, 10).expect("news");
    let seen: Vec<_> = news
        .iter()
        .map(|n| (n.actor.as_deref(), n.subject.as_deref(), n.at))
        .collect();
    // At the approval, not at the writing: that is when Ben got the mail.
    assert_eq!(seen, [(Some("Anna Berg"), Some("Ben Kurz"), LATER)]);
}

#[test]
fn a_moderator_does_not_decide_their_own_held_invitation() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let own = held(
        &mut store,
        w.anna,
        w.ben,
        w.group,
        "Ben, earn passive income with me!",
    );
    // Anna moderates the group, but her own spam is not hers to wave through.
    let out = store
        .review_invitations(&policy, &l, &[(own, Decision::Approve)], w.anna, "", LATER)
        .expect("review");
    assert_eq!(out[0].outcome, ReviewOutcome::OwnInvitation);
    assert!(
        store
            .approve_invitation(&policy, &l, own, w.anna, "", LATER)
            .is_err()
    );
    assert_eq!(status(&store, own), InvitationStatus::Flagged);
    assert!(store.outbox_for(w.ben).expect("mail").is_empty());
    assert!(
        actions(&store).is_empty(),
        "nothing decided, nothing logged"
    );
    for lang in [Lang::En, Lang::De] {
        assert_eq!(
            out[0].outcome.message(&l, lang),
            l.text(lang, "review-own-invitation")
        );
    }
    let dora = dora(&mut store, w.group);
    assert_eq!(
        store
            .approve_invitation(&policy, &l, own, dora, "ok", LATER)
            .expect("approve"),
        ReviewOutcome::Approved
    );
}

#[test]
fn a_moderator_may_withdraw_their_own_held_invitation_without_a_strike() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let limit = policy.config().rejections_before_suspension as usize;
    // Anna is the group's only moderator: without a withdrawal her held
    // invitations would wait for good.
    for i in 0..limit {
        let id = held(
            &mut store,
            w.anna,
            w.ben,
            w.group,
            &format!("Ben, earn passive income with me! ({i})"),
        );
        let suspended = store
            .reject_invitation(&policy, &l, id, w.anna, "sent by mistake", LATER)
            .expect("withdrawn");
        assert!(!suspended);
        assert_eq!(status(&store, id), InvitationStatus::Rejected);
    }
    assert!(!store.member(w.anna).expect("anna").suspended);
    assert!(
        actions(&store)
            .iter()
            .all(|(action, _, _)| action == "invitation-withdrawn"),
        "{:?}",
        actions(&store)
    );
    // Another moderator's rejection is the first strike, not the last.
    let dora = dora(&mut store, w.group);
    let spam = held(&mut store, w.anna, w.ben, w.group, "Ben, passive income!");
    let suspended = store
        .reject_invitation(&policy, &l, spam, dora, "spam", LATER)
        .expect("rejected");
    assert!(!suspended);
}

#[test]
fn broken_rules_at_an_approval_name_their_days_on_the_moderators_calendar() {
    let l = Localizer::embedded().expect("locales");
    // 23:30 UTC on 1 September 2026 and on 1 March 2027: the next day in Berlin.
    let outcome = ReviewOutcome::RulesBroken(vec![crate::Breach::InvitedWithin6Months {
        previous: clock::from_unix(1_788_305_400),
        next_allowed: clock::from_unix(1_803_943_800),
    }]);
    let berlin = clock::Zone::named("Europe/Berlin").expect("zone");
    let said = outcome.message_in(&l, Lang::En, &berlin);
    assert!(
        said.contains("on September 2, 2026") && said.contains("from March 2, 2027"),
        "{said}"
    );
    assert!(outcome.message(&l, Lang::En).contains("from March 1, 2027"));
}

#[test]
fn an_invitation_withdrawn_by_an_opt_out_does_not_count_under_rule_4() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let id = held(
        &mut store,
        w.anna,
        w.ben,
        w.group,
        "Ben, earn passive income!",
    );
    store.set_group_invitations(w.ben, false).expect("off");
    assert_eq!(status(&store, id), InvitationStatus::OptedOut);
    // Ben switches invitations on again: the withdrawn one never reached
    // him, as a rejected one never does, so it blocks no invitation.
    store.set_group_invitations(w.ben, true).expect("on");
    let draft = Draft {
        inviter: w.anna,
        invitee: w.ben,
        group: w.group,
        route: Route::Profile,
        subject: String::new(),
        text: "Komm doch am Donnerstag zu unserem Stammtisch!".into(),
        at: LATER,
    };
    let outcome = store
        .send_invitation(&InvitePolicy::default(), &l, &draft, LATER)
        .expect("send");
    assert!(matches!(outcome, SendOutcome::Sent(_)), "{outcome:?}");
}

#[test]
fn an_approved_invitation_whose_mail_an_opt_out_kept_back_is_withdrawn_and_says_it_was_decided() {
    let (_dir, mut store) = temp_store();
    let w = world(&mut store);
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let id = held(
        &mut store,
        w.anna,
        w.ben,
        w.group,
        "Ben, earn passive income!",
    );
    let dora = dora(&mut store, w.group);
    let out = store
        .review_invitations(&policy, &l, &[(id, Decision::Approve)], dora, "ok", LATER)
        .expect("review");
    assert_eq!(out[0].outcome, ReviewOutcome::Approved);
    assert_eq!(store.group_news(w.group, 10).expect("news").len(), 1);

    // Ben switches invitations off before the courier came by.
    store.set_group_invitations(w.ben, false).expect("off");
    assert_eq!(status(&store, id), InvitationStatus::OptedOut);
    assert_eq!(
        store.invitation_mail(id).expect("mail"),
        Some(crate::store::MailState::OptedOut)
    );
    assert!(
        store.group_news(w.group, 10).expect("news").is_empty(),
        "never reached Ben"
    );

    // A moderator who still has it on screen learns that it was decided.
    let out = store
        .review_invitations(&policy, &l, &[(id, Decision::Reject)], w.anna, "", LATER)
        .expect("review");
    assert_eq!(
        out[0].outcome,
        ReviewOutcome::AlreadyReviewed(InvitationStatus::OptedOut)
    );
    assert!(!out[0].outcome.applied());
    assert_eq!(
        out[0].outcome.message(&l, Lang::En),
        "Already decided: this invitation was approved, then withdrawn: the invitee \
         switched group invitations off before its e-mail went out."
    );
    assert!(
        out[0]
            .outcome
            .message(&l, Lang::De)
            .contains("freigegeben und dann zurückgezogen"),
        "{}",
        out[0].outcome.message(&l, Lang::De)
    );
    assert_eq!(status(&store, id), InvitationStatus::OptedOut);
}
