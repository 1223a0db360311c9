//! A queue of group invitations for the mail tests and benches: shared by
//! `tests/serve.rs` and `mail/benches/delivery.rs` through `#[path]`.

use desk::store::community::{NewGroup, NewMember};
use desk::{Draft, GroupKind, InvitePolicy, Role, Route, SendOutcome, Store};
use locales::{Lang, Localizer};
use std::path::Path;

/// Queues `count` group invitations in a new database: 5 invitees for each of
/// `count / 5` inviters, so that none is held as mass mail.
pub fn queue_invitations(db: &Path, count: usize) {
    let mut store = Store::open(db).expect("store");
    let group = store
        .upsert_group(&NewGroup {
            name: "Köln Networking".into(),
            description: String::new(),
            kind: GroupKind::Regional,
        })
        .expect("group");
    let l = Localizer::embedded().expect("locales");
    let mut drafts = Vec::with_capacity(count);
    for i in 0..count.div_ceil(5) {
        let inviter = store
            .upsert_member(&NewMember::new(
                &format!("inviter{i}@example.org"),
                &format!("Jürgen Weiß {i}"),
                Lang::De,
            ))
            .expect("inviter");
        store.set_role(group, inviter, Role::Member).expect("role");
        for k in 0..5.min(count - i * 5) {
            let lang = if k % 2 == 0 { Lang::De } else { Lang::En };
            let invitee = store
                .upsert_member(&NewMember::new(
                    &format!("invitee{i}-{k}@example.org"),
                    &format!("Grete Müller {i}-{k}"),
                    lang,
                ))
                .expect("invitee");
            drafts.push(Draft {
                inviter,
                invitee,
                group,
                route: Route::Profile,
                subject: String::new(),
                text: format!("Grüße aus Köln, Nummer {i} {k}."),
                at: desk::clock::now(),
            });
        }
    }
    let outcomes = store
        .send_invitations(&InvitePolicy::default(), &l, &drafts, desk::clock::now())
        .expect("send");
    assert!(
        outcomes.iter().all(|o| matches!(o, SendOutcome::Sent(_))),
        "every invitation is sent: {:?}",
        outcomes.iter().find(|o| !matches!(o, SendOutcome::Sent(_)))
    );
}
