//! The moderator who signs replies in the bot's tests and benches and in the
//! binary's handover test.

#![allow(dead_code)] // Not every test binary that includes the support signs a reply.

use desk::store::community::{NewGroup, NewMember};
use desk::{GroupKind, MemberId, Role, Store};
use locales::Lang;

/// Mia Moderator (mia@example.org), made a moderator of the group "Support",
/// since only someone who moderates a group may sign a reply.
pub fn mia_moderates_support(store: &mut Store) -> MemberId {
    let moderator = store
        .upsert_member(&NewMember::new(
            "mia@example.org",
            "Mia Moderator",
            Lang::En,
        ))
        .expect("moderator");
    let group = store
        .upsert_group(&NewGroup {
            name: "Support".into(),
            description: String::new(),
            kind: GroupKind::Regional,
        })
        .expect("group");
    store
        .set_role(group, moderator, Role::Moderator)
        .expect("role");
    moderator
}
