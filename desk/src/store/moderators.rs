//! Who runs the console: operating-system accounts linked to moderators, as
//! psql's peer authentication maps a Unix account to a database role.

use super::community::{MEMBER_COLUMNS, member_from_row};
use super::{Store, audit};
use crate::DeskError;
use crate::clock::{self, Timestamp};
use crate::records::{Member, normalize_email};
use locales::{Lang, Localizer};
use rusqlite::{OptionalExtension, params};

/// The longest operating-system account name we accept (Linux allows 32,
/// some directories more).
const MAX_OS_USER_CHARS: usize = 64;

/// One link from an operating-system account to a moderator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsUserLink {
    /// The operating-system account name.
    pub os_user: String,
    /// The moderator it acts as.
    pub member: Member,
    /// Whether the member still moderates a group; a link to someone who no
    /// longer does grants nothing.
    pub moderates: bool,
    /// When it was linked.
    pub linked_at: Timestamp,
}

/// Why a link could not be made or removed, each naming what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The account name is empty, too long or holds spaces or control characters.
    #[error("\"{0}\" is not an operating-system account name")]
    BadOsUser(String),
    /// No member has this e-mail address.
    #[error("there is no member with the address {0}")]
    UnknownEmail(String),
    /// The member moderates no group.
    #[error("{0} is no moderator: they moderate no group")]
    NotAModerator(String),
    /// The account is not linked to anyone.
    #[error("the operating-system account \"{0}\" is not linked to a moderator")]
    NotLinked(String),
}

impl LinkError {
    /// The reason in plain words, in `lang`.
    pub fn message(&self, l: &Localizer, lang: Lang) -> String {
        let (id, value) = match self {
            LinkError::BadOsUser(v) => ("link-bad-os-user", v),
            LinkError::UnknownEmail(v) => ("link-unknown-email", v),
            LinkError::NotAModerator(v) => ("link-not-a-moderator", v),
            LinkError::NotLinked(v) => ("link-not-linked", v),
        };
        l.format(lang, id, &[("value", value.as_str().into())])
    }
}

fn check_os_user(os_user: &str) -> Result<&str, LinkError> {
    let trimmed = os_user.trim();
    let fine = !trimmed.is_empty()
        && trimmed.chars().count() <= MAX_OS_USER_CHARS
        && !trimmed
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, ':' | '/'));
    if fine {
        Ok(trimmed)
    } else {
        Err(LinkError::BadOsUser(os_user.to_string()))
    }
}

const MODERATES_SQL: &str = "EXISTS (SELECT 1 FROM memberships s WHERE s.member_id = m.id \
     AND s.role IN ('moderator', 'ambassador'))";

/// A member's address and whether they moderate a group; `None` when there
/// is no such member.
pub(crate) fn moderates(
    conn: &rusqlite::Connection,
    member: crate::records::MemberId,
) -> Result<Option<(String, bool)>, DeskError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT m.email, {MODERATES_SQL} FROM members m WHERE m.id = ?1"
        ))?
        .query_row([member.0], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

impl Store {
    /// Links the operating-system account `os_user` to the moderator with
    /// `email`, replacing an earlier link of that account. Logged.
    pub fn link_os_user(
        &mut self,
        os_user: &str,
        email: &str,
        at: Timestamp,
    ) -> Result<OsUserLink, DeskError> {
        self.in_its_file_mut(|store| {
            let os_user = check_os_user(os_user)?.to_string();
            let email = normalize_email(email);
            let tx = store.write()?;
            let found: Option<(Member, bool)> = tx
                .prepare_cached(&format!(
                    "SELECT {MEMBER_COLUMNS}, {MODERATES_SQL} FROM members m WHERE m.email = ?1"
                ))?
                .query_row([&email], |row| Ok((member_from_row(row)?, row.get(10)?)))
                .optional()?;
            let Some((member, moderates)) = found else {
                return Err(LinkError::UnknownEmail(email).into());
            };
            if !moderates {
                return Err(LinkError::NotAModerator(email).into());
            }
            tx.prepare_cached(
            "INSERT INTO moderator_accounts (os_user, member_id, linked_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (os_user) DO UPDATE SET member_id = excluded.member_id, \
             linked_at = excluded.linked_at",
        )?
        .execute(params![os_user, member.id.0, clock::to_unix(at)])?;
            audit(
                &tx,
                None,
                "os-user-linked",
                &format!("member:{}", member.id),
                &os_user,
                at,
            )?;
            tx.commit()?;
            Ok(OsUserLink {
                os_user,
                member,
                moderates,
                linked_at: at,
            })
        })
    }

    /// Removes the link of `os_user`; returns the member it pointed to. Logged.
    pub fn unlink_os_user(&mut self, os_user: &str, at: Timestamp) -> Result<Member, DeskError> {
        self.in_its_file_mut(|store| {
            let name = check_os_user(os_user)?.to_string();
            let tx = store.write()?;
            let member = tx
                .prepare_cached(&format!(
                    "SELECT {MEMBER_COLUMNS} FROM members WHERE id = \
                 (SELECT member_id FROM moderator_accounts WHERE os_user = ?1)"
                ))?
                .query_row([&name], member_from_row)
                .optional()?
                .ok_or_else(|| LinkError::NotLinked(name.clone()))?;
            tx.prepare_cached("DELETE FROM moderator_accounts WHERE os_user = ?1")?
                .execute([&name])?;
            audit(
                &tx,
                None,
                "os-user-unlinked",
                &format!("member:{}", member.id),
                &name,
                at,
            )?;
            tx.commit()?;
            Ok(member)
        })
    }

    /// Every link, by account name.
    pub fn os_user_links(&self) -> Result<Vec<OsUserLink>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {MEMBER_COLUMNS}, {MODERATES_SQL}, a.os_user, a.linked_at \
             FROM moderator_accounts a JOIN members m ON m.id = a.member_id ORDER BY a.os_user"
            ))?;
            let rows = stmt.query_map([], |row| {
                Ok(OsUserLink {
                    member: member_from_row(row)?,
                    moderates: row.get(10)?,
                    os_user: row.get(11)?,
                    linked_at: clock::from_unix(row.get(12)?),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// The moderator the operating-system account `os_user` acts as: `None`
    /// when the account is not linked, or linked to someone who no longer
    /// moderates any group.
    pub fn moderator_for_os_user(&self, os_user: &str) -> Result<Option<Member>, DeskError> {
        self.in_its_file(|| {
            Ok(self
                .conn
                .prepare_cached(&format!(
                    "SELECT {MEMBER_COLUMNS} FROM moderator_accounts a JOIN members m \
                 ON m.id = a.member_id WHERE a.os_user = ?1 AND {MODERATES_SQL}"
                ))?
                .query_row([os_user.trim()], member_from_row)
                .optional()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{GroupKind, Role};
    use crate::store::community::{NewGroup, NewMember};
    use crate::store::tests::temp_store;

    fn moderator_and_member(store: &mut Store) {
        let group = store
            .upsert_group(&NewGroup {
                name: "Berlin".into(),
                description: String::new(),
                kind: GroupKind::Regional,
            })
            .expect("group");
        let mo = store
            .upsert_member(&NewMember::new("mo@example.org", "Mo Rahmani", Lang::De))
            .expect("mo");
        store.set_role(group, mo, Role::Moderator).expect("role");
        let ben = store
            .upsert_member(&NewMember::new("ben@example.org", "Ben Kurz", Lang::De))
            .expect("ben");
        store.set_role(group, ben, Role::Member).expect("role");
    }

    #[test]
    fn a_linked_account_finds_its_moderator_until_unlinked() {
        let (_dir, mut store) = temp_store();
        moderator_and_member(&mut store);
        let at = clock::from_unix(1_800_000_000);
        let link = store
            .link_os_user("mo", " MO@example.org ", at)
            .expect("link");
        assert_eq!(link.member.name, "Mo Rahmani");
        assert_eq!(
            store
                .moderator_for_os_user("mo")
                .expect("lookup")
                .map(|m| m.name),
            Some("Mo Rahmani".into())
        );
        assert_eq!(store.moderator_for_os_user("ben").expect("lookup"), None);
        let links = store.os_user_links().expect("list");
        assert_eq!(links.len(), 1);
        assert_eq!(
            (links[0].os_user.as_str(), links[0].moderates),
            ("mo", true)
        );
        assert_eq!(
            store.unlink_os_user("mo", at).expect("unlink").name,
            "Mo Rahmani"
        );
        assert_eq!(store.moderator_for_os_user("mo").expect("lookup"), None);
        assert!(store.os_user_links().expect("list").is_empty());
    }

    #[test]
    fn refusals_name_what_is_wrong() {
        let (_dir, mut store) = temp_store();
        moderator_and_member(&mut store);
        let at = clock::from_unix(1_800_000_000);
        let refusal = |e: DeskError| match e {
            DeskError::Link(e) => e,
            other => panic!("not a link error: {other}"),
        };
        assert_eq!(
            refusal(
                store
                    .link_os_user("ben", "ben@example.org", at)
                    .expect_err("member")
            ),
            LinkError::NotAModerator("ben@example.org".into())
        );
        assert_eq!(
            refusal(
                store
                    .link_os_user("x", "nobody@example.org", at)
                    .expect_err("unknown")
            ),
            LinkError::UnknownEmail("nobody@example.org".into())
        );
        assert_eq!(
            refusal(
                store
                    .link_os_user("two words", "mo@example.org", at)
                    .expect_err("name")
            ),
            LinkError::BadOsUser("two words".into())
        );
        assert_eq!(
            refusal(store.unlink_os_user("mo", at).expect_err("not linked")),
            LinkError::NotLinked("mo".into())
        );
        assert!(store.os_user_links().expect("list").is_empty());
    }

    #[test]
    fn audit_entries_record_the_os_user_beside_the_member() {
        let (_dir, mut store) = temp_store();
        moderator_and_member(&mut store);
        store.set_os_user(Some("root"));
        let at = clock::from_unix(1_800_000_000);
        store
            .link_os_user("mo", "mo@example.org", at)
            .expect("link");
        let log = store.audit_log(0, 5).expect("log");
        assert_eq!(log[0].action, "os-user-linked");
        assert_eq!(log[0].os_user.as_deref(), Some("root"));
    }
}
