//! Rule 4 holds when two processes send at once: exactly one of them wins.

use desk::invitations::policy::{InvitePolicy, Rule};
use desk::store::community::{NewGroup, NewMember};
use desk::{Draft, GroupKind, Role, Route, SendOutcome, Store};
use locales::{Lang, Localizer};
use std::sync::{Arc, Barrier};

#[test]
fn two_connections_racing_to_invite_the_same_person_send_exactly_once() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("race.db");
    let mut setup = Store::open(&path).expect("open");
    let anna = setup
        .upsert_member(&NewMember::new("anna@example.org", "Anna", Lang::En))
        .expect("anna");
    let mut groups = Vec::new();
    for name in ["Berlin Networking", "Logistik"] {
        let group = setup
            .upsert_group(&NewGroup {
                name: name.into(),
                description: String::new(),
                kind: GroupKind::Regional,
            })
            .expect("group");
        setup.set_role(group, anna, Role::Member).expect("join");
        groups.push(group);
    }
    let rounds = 25;
    let invitees: Vec<_> = (0..rounds)
        .map(|i| {
            setup
                .upsert_member(&NewMember::new(
                    &format!("p{i}@example.org"),
                    &format!("P {i}"),
                    Lang::En,
                ))
                .expect("invitee")
        })
        .collect();
    drop(setup);

    let barrier = Arc::new(Barrier::new(2));
    let racers: Vec<_> = groups
        .iter()
        .map(|&group| {
            let path = path.clone();
            let barrier = Arc::clone(&barrier);
            let invitees = invitees.clone();
            std::thread::spawn(move || {
                // Each racer has its own connection, as two processes would.
                let mut store = Store::open(&path).expect("open");
                let l = Localizer::embedded().expect("locales");
                let policy = InvitePolicy::default();
                let mut outcomes = Vec::new();
                for invitee in invitees {
                    let draft = Draft {
                        inviter: anna,
                        invitee,
                        group,
                        route: Route::Profile,
                        subject: String::new(),
                        text: format!("A personal note for {invitee}."),
                        at: desk::clock::now(),
                    };
                    barrier.wait();
                    outcomes.push(
                        store
                            .send_invitation(&policy, &l, &draft, draft.at)
                            .expect("send"),
                    );
                }
                outcomes
            })
        })
        .collect();
    let results: Vec<Vec<SendOutcome>> = racers
        .into_iter()
        .map(|r| r.join().expect("racer"))
        .collect();
    for (round, (first, second)) in results[0].iter().zip(&results[1]).enumerate() {
        let pair = [first, second];
        let sent = pair
            .iter()
            .filter(|o| matches!(o, SendOutcome::Sent(_)))
            .count();
        assert_eq!(sent, 1, "round {round}: {pair:?}");
        let refused = pair.iter().find_map(|o| match o {
            SendOutcome::Refused(breaches) => Some(breaches[0].rule()),
            _ => None,
        });
        assert_eq!(refused, Some(Rule::InvitedWithin6Months), "round {round}");
    }
    let store = Store::open(&path).expect("reopen");
    assert_eq!(
        store.invitations_sent_by(anna, 1000).expect("sent").len(),
        rounds
    );
}

#[test]
fn two_moderators_approving_the_same_held_invitation_at_once_deliver_it_once() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("review-race.db");
    let mut setup = Store::open(&path).expect("open");
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let group = setup
        .upsert_group(&NewGroup {
            name: "Berlin Networking".into(),
            description: String::new(),
            kind: GroupKind::Regional,
        })
        .expect("group");
    let mut person = |email: &str| {
        setup
            .upsert_member(&NewMember::new(email, email, Lang::En))
            .expect("member")
    };
    let (ivo, mods) = (
        person("ivo@example.org"),
        [person("mo@example.org"), person("maja@example.org")],
    );
    let rounds = 20;
    let invitees: Vec<_> = (0..rounds)
        .map(|i| person(&format!("p{i}@example.org")))
        .collect();
    setup.set_role(group, ivo, Role::Member).expect("join");
    for moderator in mods {
        setup
            .set_role(group, moderator, Role::Moderator)
            .expect("mod");
    }
    let held: Vec<_> = invitees
        .iter()
        .map(|&invitee| {
            let draft = Draft {
                inviter: ivo,
                invitee,
                group,
                route: Route::Profile,
                subject: String::new(),
                text: format!("Earn passive income with me, {invitee}!"),
                at: desk::clock::now(),
            };
            match setup
                .send_invitation(&policy, &l, &draft, draft.at)
                .expect("send")
            {
                SendOutcome::Held(id, _) => id,
                other => panic!("not held: {other:?}"),
            }
        })
        .collect();
    drop(setup);

    let barrier = Arc::new(Barrier::new(2));
    let racers: Vec<_> = mods
        .iter()
        .map(|&moderator| {
            let (path, barrier, held) = (path.clone(), Arc::clone(&barrier), held.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&path).expect("open");
                let l = Localizer::embedded().expect("locales");
                let policy = InvitePolicy::default();
                held.into_iter()
                    .map(|id| {
                        barrier.wait();
                        store
                            .approve_invitation(
                                &policy,
                                &l,
                                id,
                                moderator,
                                "ok",
                                desk::clock::now(),
                            )
                            .is_ok_and(|o| o == desk::store::ReviewOutcome::Approved)
                    })
                    .collect::<Vec<bool>>()
            })
        })
        .collect();
    let results: Vec<Vec<bool>> = racers
        .into_iter()
        .map(|r| r.join().expect("racer"))
        .collect();
    let store = Store::open(&path).expect("reopen");
    for (round, invitee) in invitees.iter().enumerate() {
        let approvals = usize::from(results[0][round]) + usize::from(results[1][round]);
        assert_eq!(approvals, 1, "round {round}");
        assert_eq!(
            store.outbox_for(*invitee).expect("mail").len(),
            1,
            "round {round}"
        );
    }
}
