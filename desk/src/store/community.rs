//! Members, contacts, groups and memberships.

use super::Store;
use crate::DeskError;
use crate::clock::{self, Timestamp};
use crate::records::{
    AmbassadorKind, Group, GroupId, GroupKind, InvitationId, Member, MemberId, Role,
    normalize_email,
};
use locales::Lang;
use locales::fold::search_key;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// A member as an import or a registration describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    /// E-mail address; normalised on the way in.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Preferred language.
    pub lang: Lang,
    /// Premium or basic.
    pub premium: bool,
    /// False switches group invitations off.
    pub group_invitations: bool,
    /// Linked Discord user id.
    pub discord_id: Option<String>,
    /// "I seek".
    pub seeks: String,
    /// "I offer".
    pub offers: String,
}

impl NewMember {
    /// A basic member with invitations on and an empty profile.
    pub fn new(email: &str, name: &str, lang: Lang) -> NewMember {
        NewMember {
            email: email.to_string(),
            name: name.to_string(),
            lang,
            premium: false,
            group_invitations: true,
            discord_id: None,
            seeks: String::new(),
            offers: String::new(),
        }
    }
}

/// A group as an import describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGroup {
    /// Unique name.
    pub name: String,
    /// What it is about.
    pub description: String,
    /// Region or industry.
    pub kind: GroupKind,
}

/// One row of a group's member list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMember {
    /// The member.
    pub member: MemberId,
    /// Their name.
    pub name: String,
    /// Their e-mail address.
    pub email: String,
    /// Their role in the group.
    pub role: Role,
}

/// A group with the viewer's role and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyGroup {
    /// The group.
    pub group: Group,
    /// The viewer's role in it.
    pub role: Role,
    /// How many members it has.
    pub members: u64,
}

pub(crate) const MEMBER_COLUMNS: &str = "id, email, name, lang, premium, group_invitations, \
     discord_id, seeks, offers, suspended_at IS NOT NULL";

pub(crate) fn member_from_row(row: &Row<'_>) -> rusqlite::Result<Member> {
    let lang: String = row.get(3)?;
    Ok(Member {
        id: MemberId(row.get(0)?),
        email: row.get(1)?,
        name: row.get(2)?,
        lang: Lang::parse(&lang).unwrap_or(Lang::En),
        premium: row.get(4)?,
        group_invitations: row.get(5)?,
        discord_id: row.get(6)?,
        seeks: row.get(7)?,
        offers: row.get(8)?,
        suspended: row.get(9)?,
    })
}

fn group_from_row(row: &Row<'_>) -> rusqlite::Result<Group> {
    let kind: String = row.get(3)?;
    Ok(Group {
        id: GroupId(row.get(0)?),
        name: row.get(1)?,
        description: row.get(2)?,
        kind: GroupKind::parse(&kind).unwrap_or(GroupKind::Regional),
    })
}

pub(crate) fn role_from_columns(role: &str, ambassador: Option<&str>) -> Role {
    match (role, ambassador.and_then(AmbassadorKind::parse)) {
        ("ambassador", Some(kind)) => Role::Ambassador(kind),
        ("moderator", _) | ("ambassador", None) => Role::Moderator,
        _ => Role::Member,
    }
}

fn role_columns(role: Role) -> (&'static str, Option<&'static str>) {
    match role {
        Role::Member => ("member", None),
        Role::Moderator => ("moderator", None),
        Role::Ambassador(kind) => ("ambassador", Some(kind.as_str())),
    }
}

/// A fresh personal invitation-link token: 128 bits from the operating
/// system's CSPRNG as 32 lowercase hex digits, so that no link can be guessed
/// from an e-mail, a clock or another link.
pub(crate) fn fresh_token() -> Result<String, DeskError> {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| DeskError::Randomness(e.to_string()))?;
    let mut out = String::with_capacity(32);
    for byte in bytes {
        out.push_str(&format!("{byte:02x}"));
    }
    Ok(out)
}

/// How many members there are, inside the caller's transaction if any.
pub(crate) fn member_count_in(conn: &Connection) -> Result<u64, DeskError> {
    Ok(conn.query_row("SELECT count(*) FROM members", [], |row| {
        row.get::<_, i64>(0)
    })? as u64)
}

/// Inserts or updates a member by e-mail; returns the id.
pub(crate) fn upsert_member(
    conn: &Connection,
    member: &NewMember,
    token: Option<&str>,
    at: Timestamp,
) -> Result<MemberId, DeskError> {
    upsert_member_change(
        conn,
        &MemberChange {
            email: member.email.clone(),
            name: member.name.clone(),
            lang: member.lang,
            premium: Some(member.premium),
            group_invitations: Some(member.group_invitations),
            discord_id: Some(member.discord_id.clone()),
            seeks: Some(member.seeks.clone()),
            offers: Some(member.offers.clone()),
        },
        token,
        at,
    )
}

/// A member to add, or what to change of one who exists: a field left `None`
/// keeps its value (or the default for a new member). An import file that
/// names only the address must not switch a member's opt-out back on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MemberChange {
    /// E-mail address; normalised on the way in.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Preferred language.
    pub lang: Lang,
    /// Premium or basic; new members default to basic.
    pub premium: Option<bool>,
    /// Group invitations on or off; new members default to on.
    pub group_invitations: Option<bool>,
    /// `Some(None)` removes the Discord link.
    pub discord_id: Option<Option<String>>,
    /// "I seek"; new members default to empty.
    pub seeks: Option<String>,
    /// "I offer"; new members default to empty.
    pub offers: Option<String>,
}

/// Adds the member or changes the fields that `change` gives, by e-mail.
pub(crate) fn upsert_member_change(
    conn: &Connection,
    change: &MemberChange,
    token: Option<&str>,
    at: Timestamp,
) -> Result<MemberId, DeskError> {
    let email = normalize_email(&change.email);
    let token = match token {
        Some(token) => token.to_string(),
        None => fresh_token()?,
    };
    let id = conn
        .prepare_cached(
            "INSERT INTO members (email, name, lang, premium, group_invitations, discord_id, \
             seeks, offers, invite_token, created_at) \
             VALUES (?1, ?2, ?3, COALESCE(?4, 0), COALESCE(?5, 1), ?6, COALESCE(?7, ''), \
             COALESCE(?8, ''), ?9, ?10) \
             ON CONFLICT (email) DO UPDATE SET name = excluded.name, lang = excluded.lang, \
             premium = COALESCE(?4, premium), \
             group_invitations = COALESCE(?5, group_invitations), \
             discord_id = CASE WHEN ?11 THEN excluded.discord_id ELSE discord_id END, \
             seeks = COALESCE(?7, seeks), offers = COALESCE(?8, offers) \
             RETURNING id",
        )?
        .query_row(
            params![
                email,
                change.name.trim(),
                change.lang.code(),
                change.premium,
                change.group_invitations,
                change.discord_id.clone().flatten(),
                change.seeks,
                change.offers,
                token,
                clock::to_unix(at),
                change.discord_id.is_some(),
            ],
            |row| row.get(0),
        )?;
    let id = MemberId(id);
    write_search_keys(conn, id, change.name.trim(), &email)?;
    if change.group_invitations == Some(false) {
        withdraw_invitations_to(conn, id, at)?;
    }
    Ok(id)
}

/// The e-mail address of the member linked to Discord user `discord_id`,
/// inside the caller's transaction.
pub(crate) fn discord_holder(
    conn: &Connection,
    discord_id: &str,
) -> Result<Option<String>, DeskError> {
    Ok(conn
        .prepare_cached("SELECT email FROM members WHERE discord_id = ?1")?
        .query_row([discord_id], |row| row.get(0))
        .optional()?)
}

/// The folded keys a member is found by: the name from each of its parts on
/// ("anna maria muller", "maria muller", "muller"), and the e-mail address.
fn search_keys(name: &str, email: &str) -> Vec<String> {
    let name = search_key(name);
    let mut keys = vec![search_key(email)];
    let mut rest = name.as_str();
    while !rest.is_empty() {
        keys.push(rest.to_string());
        rest = rest.split_once(' ').map_or("", |(_, tail)| tail);
    }
    keys.retain(|k| !k.is_empty());
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Replaces a member's search keys (their name or address may have changed).
fn write_search_keys(
    conn: &Connection,
    member: MemberId,
    name: &str,
    email: &str,
) -> Result<(), DeskError> {
    conn.prepare_cached("DELETE FROM member_search_keys WHERE member_id = ?1")?
        .execute([member.0])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO member_search_keys (key, member_id) VALUES (?1, ?2)",
    )?;
    for key in search_keys(name, email) {
        insert.execute(params![key, member.0])?;
    }
    Ok(())
}

/// Fills the search keys of every member: run once, by the migration that
/// adds them, inside its transaction.
pub(crate) fn backfill_search_keys(conn: &Connection) -> Result<(), DeskError> {
    let mut members = conn.prepare("SELECT id, name, email FROM members")?;
    let mut rows = members.query([])?;
    let mut insert =
        conn.prepare("INSERT OR IGNORE INTO member_search_keys (key, member_id) VALUES (?1, ?2)")?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let name: String = row.get(1)?;
        let email: String = row.get(2)?;
        for key in search_keys(&name, &email) {
            insert.execute(params![key, id])?;
        }
    }
    Ok(())
}

/// Id, name and address of the members that `condition` (SQL) picks.
fn members_where(
    conn: &Connection,
    condition: &str,
) -> Result<Vec<(MemberId, String, String)>, DeskError> {
    Ok(conn
        .prepare(&format!(
            "SELECT id, name, email FROM members WHERE {condition} ORDER BY id"
        ))?
        .query_map([], |row| {
            Ok((
                MemberId(row.get(0)?),
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?)
}

/// Folds again the search keys of members whose name or address has a
/// character outside printable ASCII, the only ones a change to folding
/// can move; the rest keep their keys.
pub(crate) fn refold_search_keys(conn: &Connection) -> Result<(), DeskError> {
    let found = members_where(conn, "name GLOB '*[^ -~]*' OR email GLOB '*[^ -~]*'")?;
    for (id, name, email) in found {
        write_search_keys(conn, id, &name, &email)?;
    }
    Ok(())
}

/// Rewrites stored addresses that [`normalize_email`] now writes otherwise:
/// members' (with their search keys) and those that referral invitations
/// went to, so that lookups by the normalised form find them. Only rows with
/// a character outside printable ASCII, a capital, a space, angle brackets,
/// `mailto:` or a final dot can move. A member whose normalised address
/// another member has keeps theirs.
pub(crate) fn renormalize_emails(conn: &Connection) -> Result<(), DeskError> {
    const MOVABLE: &str = "(email GLOB '*[^ -~]*' OR email GLOB '*[A-Z <>]*' \
                           OR email GLOB '*.' OR email LIKE 'mailto:%')";
    let members = members_where(conn, MOVABLE)?;
    let mut update = conn.prepare(
        "UPDATE members SET email = ?2 WHERE id = ?1 \
         AND NOT EXISTS (SELECT 1 FROM members WHERE email = ?2)",
    )?;
    for (id, name, email) in members {
        let normalized = normalize_email(&email);
        if normalized != email && update.execute(params![id.0, normalized])? == 1 {
            write_search_keys(conn, id, &name, &normalized)?;
        }
    }
    let sent = conn
        .prepare(&format!(
            "SELECT id, email FROM referral_invitations WHERE {MOVABLE}"
        ))?
        .query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut update = conn.prepare("UPDATE referral_invitations SET email = ?2 WHERE id = ?1")?;
    for (id, email) in sent {
        let normalized = normalize_email(&email);
        if normalized != email {
            update.execute(params![id, normalized])?;
        }
    }
    Ok(())
}

/// The half-open key range `[from, to)` of every key that starts with the
/// folded `text`: an index range, unlike `LIKE` on a binary-collated column.
fn prefix_range(text: &str) -> (String, String) {
    let from = search_key(text);
    // U+10FFFF sorts after every valid UTF-8 continuation of `from`.
    let to = format!("{from}\u{10FFFF}");
    (from, to)
}

pub(crate) fn upsert_group(conn: &Connection, group: &NewGroup) -> Result<GroupId, DeskError> {
    let id = conn
        .prepare_cached(
            "INSERT INTO groups (name, description, kind) VALUES (?1, ?2, ?3) \
             ON CONFLICT (name) DO UPDATE SET description = excluded.description, \
             kind = excluded.kind RETURNING id",
        )?
        .query_row(
            params![group.name.trim(), group.description, group.kind.as_str()],
            |row| row.get(0),
        )?;
    Ok(GroupId(id))
}

pub(crate) fn set_role(
    conn: &Connection,
    group: GroupId,
    member: MemberId,
    role: Role,
    at: Timestamp,
) -> Result<(), DeskError> {
    let (role, ambassador) = role_columns(role);
    conn.prepare_cached(
        "INSERT INTO memberships (group_id, member_id, role, ambassador_kind, joined_at) \
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (group_id, member_id) \
         DO UPDATE SET role = excluded.role, ambassador_kind = excluded.ambassador_kind",
    )?
    .execute(params![
        group.0,
        member.0,
        role,
        ambassador,
        clock::to_unix(at)
    ])?;
    Ok(())
}

/// Joins `member` to `group` as a plain member, unless they already belong.
pub(crate) fn join_group(
    conn: &Connection,
    group: GroupId,
    member: MemberId,
    at: Timestamp,
) -> Result<(), DeskError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO memberships (group_id, member_id, role, joined_at) \
         VALUES (?1, ?2, 'member', ?3)",
    )?
    .execute(params![group.0, member.0, clock::to_unix(at)])?;
    Ok(())
}

/// Removes `member` from `group`.
pub(crate) fn leave_group(
    conn: &Connection,
    group: GroupId,
    member: MemberId,
) -> Result<(), DeskError> {
    conn.prepare_cached("DELETE FROM memberships WHERE group_id = ?1 AND member_id = ?2")?
        .execute(params![group.0, member.0])?;
    Ok(())
}

/// Switches a member's group invitations on or off, inside the caller's
/// transaction; off also withdraws what still waits for review
/// ([`withdraw_invitations_to`]). False if there is no such member.
pub(crate) fn set_group_invitations(
    conn: &Connection,
    member: MemberId,
    on: bool,
    at: Timestamp,
) -> Result<bool, DeskError> {
    let found = conn
        .prepare_cached("UPDATE members SET group_invitations = ?2 WHERE id = ?1")?
        .execute(params![member.0, on])?
        > 0;
    if found && !on {
        withdraw_invitations_to(conn, member, at)?;
    }
    Ok(found)
}

/// Withdraws what still waits to reach `member`, who switched group
/// invitations off. Held invitations: no moderator may deliver them any
/// more, and rejecting them would count a strike against senders who broke
/// no rule, so they become `opted-out` (when: `reviewed_at`, by no one) and
/// leave the review queue. Invitation mails still queued end `opted-out`
/// too, at once, so the console says so before the courier comes by (the
/// courier asks again for a mail it has already claimed), and so do their
/// invitations ([`withdraw_undelivered`]): they never reached the member.
/// Runs in the transaction that switches the invitations off; returns how
/// many invitations it withdrew.
pub(crate) fn withdraw_invitations_to(
    conn: &Connection,
    member: MemberId,
    at: Timestamp,
) -> Result<usize, DeskError> {
    let mut withdrawn = 0;
    {
        // Read before the mails change state, which is what finds them.
        let mut queued = conn.prepare_cached(
            "SELECT invitation_id FROM outbox INDEXED BY outbox_due \
             WHERE state = 'queued' AND to_member = ?1 AND invitation_id IS NOT NULL",
        )?;
        let invitations = queued
            .query_map([member.0], |row| row.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        for invitation in invitations {
            withdrawn += withdraw_undelivered(conn, InvitationId(invitation), at)?;
        }
    }
    conn.prepare_cached(
        "UPDATE outbox INDEXED BY outbox_due SET state = 'opted-out', last_error = NULL \
         WHERE state = 'queued' AND to_member = ?1 AND invitation_id IS NOT NULL",
    )?
    .execute([member.0])?;
    Ok(withdrawn
        + conn
            .prepare_cached(
                "UPDATE group_invitations INDEXED BY group_invitations_flagged \
             SET status = 'opted-out', reviewed_at = ?2 \
             WHERE status = 'flagged' AND invitee = ?1",
            )?
            .execute(params![member.0, clock::to_unix(at)])?)
}

/// Withdraws a sent (or approved) invitation whose mail an opt-out kept
/// from going out, inside the caller's transaction: it never reached the
/// invitee, so it is `opted-out` as a held one would be, with no
/// `delivered_at` (the group's news shows only what was delivered) and
/// counting under rule 4 no more than a held one. `reviewed_at` says when,
/// unless a moderator's approval already fills it. Returns 1 if it changed.
pub(crate) fn withdraw_undelivered(
    conn: &Connection,
    invitation: InvitationId,
    at: Timestamp,
) -> Result<usize, DeskError> {
    Ok(conn
        .prepare_cached(
            "UPDATE group_invitations SET status = 'opted-out', delivered_at = NULL, \
             reviewed_at = coalesce(reviewed_at, ?2) \
             WHERE id = ?1 AND status IN ('sent', 'approved')",
        )?
        .execute(params![invitation.0, clock::to_unix(at)])?)
}

pub(crate) fn connect(
    conn: &Connection,
    a: MemberId,
    b: MemberId,
    at: Timestamp,
) -> Result<bool, DeskError> {
    if a == b {
        return Ok(false);
    }
    let (low, high) = if a < b { (a, b) } else { (b, a) };
    let added = conn
        .prepare_cached("INSERT OR IGNORE INTO contacts (a, b, since) VALUES (?1, ?2, ?3)")?
        .execute(params![low.0, high.0, clock::to_unix(at)])?;
    Ok(added == 1)
}

pub(crate) fn member_id_by_email(
    conn: &Connection,
    email: &str,
) -> Result<Option<MemberId>, DeskError> {
    Ok(conn
        .prepare_cached("SELECT id FROM members WHERE email = ?1")?
        .query_row([normalize_email(email)], |row| row.get(0))
        .optional()?
        .map(MemberId))
}

/// The member with address `email`, inside the caller's transaction.
pub(crate) fn member_by_email_in(
    conn: &Connection,
    email: &str,
) -> Result<Option<Member>, DeskError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {MEMBER_COLUMNS} FROM members WHERE email = ?1"
        ))?
        .query_row([normalize_email(email)], member_from_row)
        .optional()?)
}

pub(crate) fn group_id_by_name(
    conn: &Connection,
    name: &str,
) -> Result<Option<GroupId>, DeskError> {
    Ok(conn
        .prepare_cached("SELECT id FROM groups WHERE name = ?1")?
        .query_row([name.trim()], |row| row.get(0))
        .optional()?
        .map(GroupId))
}

pub(crate) fn role_in(
    conn: &Connection,
    group: GroupId,
    member: MemberId,
) -> Result<Option<Role>, DeskError> {
    Ok(conn
        .prepare_cached(
            "SELECT role, ambassador_kind FROM memberships WHERE group_id = ?1 AND member_id = ?2",
        )?
        .query_row(params![group.0, member.0], |row| {
            let role: String = row.get(0)?;
            let kind: Option<String> = row.get(1)?;
            Ok(role_from_columns(&role, kind.as_deref()))
        })
        .optional()?)
}

pub(crate) fn are_contacts(conn: &Connection, a: MemberId, b: MemberId) -> Result<bool, DeskError> {
    let (low, high) = if a < b { (a, b) } else { (b, a) };
    Ok(conn
        .prepare_cached("SELECT 1 FROM contacts WHERE a = ?1 AND b = ?2")?
        .exists(params![low.0, high.0])?)
}

impl Store {
    /// Adds or updates a member (by e-mail).
    pub fn upsert_member(&mut self, member: &NewMember) -> Result<MemberId, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let id = upsert_member(&tx, member, None, clock::now())?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Adds or updates a group (by name).
    pub fn upsert_group(&mut self, group: &NewGroup) -> Result<GroupId, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let id = upsert_group(&tx, group)?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Gives `member` a role in `group`, joining them if needed.
    pub fn set_role(
        &mut self,
        group: GroupId,
        member: MemberId,
        role: Role,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            set_role(&tx, group, member, role, clock::now())?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Makes two members direct contacts (both ways); false if they already were.
    pub fn connect(&mut self, a: MemberId, b: MemberId) -> Result<bool, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let added = connect(&tx, a, b, clock::now())?;
            tx.commit()?;
            Ok(added)
        })
    }

    /// Switches a member's group invitations on or off; off withdraws, in
    /// the same transaction, their invitations still held for review.
    pub fn set_group_invitations(&mut self, member: MemberId, on: bool) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            if !set_group_invitations(&tx, member, on, clock::now())? {
                return Err(DeskError::not_found("member", member));
            }
            tx.commit()
        })
    }

    /// The member with this id.
    pub fn member(&self, id: MemberId) -> Result<Member, DeskError> {
        self.in_its_file(|| {
            self.conn
                .prepare_cached(&format!(
                    "SELECT {MEMBER_COLUMNS} FROM members WHERE id = ?1"
                ))?
                .query_row([id.0], member_from_row)
                .optional()?
                .ok_or_else(|| DeskError::not_found("member", id))
        })
    }

    /// The member with this e-mail address (compared normalised).
    pub fn member_by_email(&self, email: &str) -> Result<Option<Member>, DeskError> {
        self.in_its_file(|| {
            Ok(self
                .conn
                .prepare_cached(&format!(
                    "SELECT {MEMBER_COLUMNS} FROM members WHERE email = ?1"
                ))?
                .query_row([normalize_email(email)], member_from_row)
                .optional()?)
        })
    }

    /// The member linked to this Discord user.
    pub fn member_by_discord(&self, discord_id: &str) -> Result<Option<Member>, DeskError> {
        self.in_its_file(|| {
            Ok(self
                .conn
                .prepare_cached(&format!(
                    "SELECT {MEMBER_COLUMNS} FROM members WHERE discord_id = ?1"
                ))?
                .query_row([discord_id], member_from_row)
                .optional()?)
        })
    }

    /// Members any of whose name parts, or whose e-mail address, starts with
    /// `text`, ignoring case, accents and umlaut spelling ("MÜLLER", "muller"
    /// and "Mueller" all find "Müller"); at most `limit`, by name. One index
    /// range over the folded keys, however large the network.
    pub fn search_members(&self, text: &str, limit: usize) -> Result<Vec<Member>, DeskError> {
        self.in_its_file(|| {
            let (from, to) = prefix_range(text);
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {MEMBER_COLUMNS} FROM members WHERE id IN \
             (SELECT DISTINCT member_id FROM member_search_keys \
              WHERE key >= ?1 AND key < ?2 LIMIT ?3)"
            ))?;
            let rows = stmt.query_map(params![from, to, limit as i64], member_from_row)?;
            let mut found: Vec<Member> = rows.collect::<Result<_, _>>()?;
            sort_by_name(&mut found);
            Ok(found)
        })
    }

    /// `member`'s direct contacts whose name part or address starts with
    /// `text` (folded as in [`Store::search_members`]); at most `limit`, by
    /// name. Walks the member's contacts and their keys by index, so a key
    /// press on the group route never loads the whole address book.
    pub fn search_contacts(
        &self,
        member: MemberId,
        text: &str,
        limit: usize,
    ) -> Result<Vec<Member>, DeskError> {
        self.in_its_file(|| {
            let (from, to) = prefix_range(text);
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {MEMBER_COLUMNS} FROM members WHERE id IN \
             (SELECT DISTINCT k.member_id FROM \
               (SELECT b AS id FROM contacts WHERE a = ?1 \
                UNION ALL SELECT a FROM contacts WHERE b = ?1) c \
              JOIN member_search_keys k INDEXED BY member_search_keys_by_member \
                ON k.member_id = c.id AND k.key >= ?2 AND k.key < ?3 \
              LIMIT ?4)"
            ))?;
            let rows =
                stmt.query_map(params![member.0, from, to, limit as i64], member_from_row)?;
            let mut found: Vec<Member> = rows.collect::<Result<_, _>>()?;
            sort_by_name(&mut found);
            Ok(found)
        })
    }

    /// How many members the network has.
    pub fn member_count(&self) -> Result<u64, DeskError> {
        self.in_its_file(|| member_count_in(&self.conn))
    }

    /// Whether two members are direct contacts.
    pub fn are_contacts(&self, a: MemberId, b: MemberId) -> Result<bool, DeskError> {
        self.in_its_file(|| are_contacts(&self.conn, a, b))
    }

    /// A member's direct contacts, by name.
    pub fn contacts_of(&self, member: MemberId) -> Result<Vec<Member>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {MEMBER_COLUMNS} FROM members WHERE id IN \
             (SELECT b FROM contacts WHERE a = ?1 UNION SELECT a FROM contacts WHERE b = ?1) \
             ORDER BY name"
            ))?;
            let rows = stmt.query_map([member.0], member_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// The group with this name.
    pub fn group_by_name(&self, name: &str) -> Result<Option<Group>, DeskError> {
        self.in_its_file(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT id, name, description, kind FROM groups WHERE name = ?1")?
                .query_row([name.trim()], group_from_row)
                .optional()?)
        })
    }

    /// The group with this id.
    pub fn group(&self, id: GroupId) -> Result<Group, DeskError> {
        self.in_its_file(|| {
            self.conn
                .prepare_cached("SELECT id, name, description, kind FROM groups WHERE id = ?1")?
                .query_row([id.0], group_from_row)
                .optional()?
                .ok_or_else(|| DeskError::not_found("group", id))
        })
    }

    /// `member`'s role in `group`, if they belong to it.
    pub fn role_in(&self, group: GroupId, member: MemberId) -> Result<Option<Role>, DeskError> {
        self.in_its_file(|| role_in(&self.conn, group, member))
    }

    /// The groups `member` belongs to, with their role and the group's size.
    pub fn groups_of(&self, member: MemberId) -> Result<Vec<MyGroup>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT g.id, g.name, g.description, g.kind, m.role, m.ambassador_kind, \
             (SELECT count(*) FROM memberships c WHERE c.group_id = g.id) \
             FROM memberships m JOIN groups g ON g.id = m.group_id \
             WHERE m.member_id = ?1 ORDER BY g.name",
            )?;
            let rows = stmt.query_map([member.0], |row| {
                let role: String = row.get(4)?;
                let kind: Option<String> = row.get(5)?;
                Ok(MyGroup {
                    group: group_from_row(row)?,
                    role: role_from_columns(&role, kind.as_deref()),
                    members: row.get::<_, i64>(6)? as u64,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// One page of a group's members, moderators first, then by name.
    pub fn group_members(
        &self,
        group: GroupId,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<GroupMember>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT m.id, m.name, m.email, s.role, s.ambassador_kind \
             FROM memberships s JOIN members m ON m.id = s.member_id WHERE s.group_id = ?1 \
             ORDER BY s.role = 'member', m.name, m.id LIMIT ?2 OFFSET ?3",
            )?;
            let rows = stmt.query_map(params![group.0, limit as i64, offset as i64], |row| {
                let role: String = row.get(3)?;
                let kind: Option<String> = row.get(4)?;
                Ok(GroupMember {
                    member: MemberId(row.get(0)?),
                    name: row.get(1)?,
                    email: row.get(2)?,
                    role: role_from_columns(&role, kind.as_deref()),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Everyone who moderates at least one group, by name: the console's picker.
    pub fn moderators(&self) -> Result<Vec<Member>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {MEMBER_COLUMNS} FROM members WHERE id IN \
             (SELECT member_id FROM memberships WHERE role IN ('moderator', 'ambassador')) \
             ORDER BY name"
            ))?;
            let rows = stmt.query_map([], member_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

/// Sorts search results by folded name, then id, so "Ärger" sits beside "Arger".
fn sort_by_name(members: &mut [Member]) {
    members.sort_by_cached_key(|m| (search_key(&m.name), m.id.0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::temp_store;

    #[test]
    fn a_thousand_invitation_tokens_are_distinct_and_look_random() {
        let tokens: Vec<String> = (0..1000).map(|_| fresh_token().expect("token")).collect();
        let distinct: std::collections::HashSet<&String> = tokens.iter().collect();
        assert_eq!(distinct.len(), tokens.len(), "a token repeated");
        for token in &tokens {
            assert_eq!(token.len(), 32, "{token}");
            assert!(
                token
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
                "{token}"
            );
        }
        // A counter, a clock or a hash of either leaves most bits fixed; 128
        // bits from a CSPRNG set half of them on average (64 ± 0.2 over 1,000).
        let ones: u32 = tokens
            .iter()
            .map(|t| u128::from_str_radix(t, 16).expect("hex").count_ones())
            .sum();
        let mean = f64::from(ones) / tokens.len() as f64;
        assert!((62.0..=66.0).contains(&mean), "mean set bits {mean}");
        // Every hex digit position takes many values: nothing is shared.
        for position in 0..32 {
            let seen: std::collections::HashSet<u8> =
                tokens.iter().map(|t| t.as_bytes()[position]).collect();
            assert_eq!(seen.len(), 16, "position {position} takes only {seen:?}");
        }
    }

    #[test]
    fn members_are_upserted_by_normalised_email() {
        let (_dir, mut store) = temp_store();
        let first = store
            .upsert_member(&NewMember::new("Anna@Example.org", "Anna Berg", Lang::De))
            .expect("insert");
        let mut changed = NewMember::new("anna@example.org ", "Anna Berg-Klein", Lang::De);
        changed.premium = true;
        let second = store.upsert_member(&changed).expect("update");
        assert_eq!(first, second);
        let anna = store.member(first).expect("read");
        assert_eq!(anna.name, "Anna Berg-Klein");
        assert!(anna.premium);
        assert_eq!(store.member_count().expect("count"), 1);
    }

    #[test]
    fn contacts_are_symmetric() {
        let (_dir, mut store) = temp_store();
        let a = store
            .upsert_member(&NewMember::new("a@example.org", "A", Lang::En))
            .expect("a");
        let b = store
            .upsert_member(&NewMember::new("b@example.org", "B", Lang::En))
            .expect("b");
        assert!(store.connect(b, a).expect("connect"));
        assert!(!store.connect(a, b).expect("again"), "one pair, one row");
        assert!(store.are_contacts(a, b).expect("a-b"));
        assert!(store.are_contacts(b, a).expect("b-a"));
        assert_eq!(store.contacts_of(a).expect("of a")[0].id, b);
        assert_eq!(store.contacts_of(b).expect("of b")[0].id, a);
    }

    #[test]
    fn roles_are_stored_and_read_back() {
        let (_dir, mut store) = temp_store();
        let m = store
            .upsert_member(&NewMember::new("m@example.org", "M", Lang::En))
            .expect("member");
        let g = store
            .upsert_group(&NewGroup {
                name: "Köln Digital".into(),
                description: String::new(),
                kind: GroupKind::Regional,
            })
            .expect("group");
        for role in [
            Role::Member,
            Role::Moderator,
            Role::Ambassador(AmbassadorKind::Regional),
            Role::Ambassador(AmbassadorKind::Xpert),
        ] {
            store.set_role(g, m, role).expect("set role");
            assert_eq!(store.role_in(g, m).expect("role"), Some(role));
        }
        assert_eq!(store.groups_of(m).expect("groups")[0].members, 1);
        assert_eq!(store.moderators().expect("moderators").len(), 1);
    }

    #[test]
    fn member_search_treats_wildcards_literally() {
        let (_dir, mut store) = temp_store();
        store
            .upsert_member(&NewMember::new("ben@example.org", "Ben Kurz", Lang::En))
            .expect("ben");
        assert_eq!(store.search_members("ku", 10).expect("search").len(), 1);
        assert_eq!(store.search_members("BEN", 10).expect("search").len(), 1);
        assert!(store.search_members("%", 10).expect("search").is_empty());
    }

    fn names(found: &[Member]) -> Vec<&str> {
        found.iter().map(|m| m.name.as_str()).collect()
    }

    #[test]
    fn member_search_ignores_case_accents_and_umlaut_spelling() {
        let (_dir, mut store) = temp_store();
        for (email, name) in [
            ("jonas.mueller@example.org", "Jonas Müller"),
            ("zoe@example.org", "Zoë Anna Brandt"),
            ("mila@example.org", "Mila Mulder"),
        ] {
            store
                .upsert_member(&NewMember::new(email, name, Lang::De))
                .expect("member");
        }
        for query in [
            "MÜLLER",
            "muller",
            "Mueller",
            "müll",
            "jonas.mu",
            "JONAS MÜ",
        ] {
            assert_eq!(
                names(&store.search_members(query, 10).expect("search")),
                ["Jonas Müller"],
                "{query}"
            );
        }
        // Any name part, not only the first; prefix, not infix.
        assert_eq!(
            names(&store.search_members("anna", 10).expect("search")),
            ["Zoë Anna Brandt"]
        );
        assert_eq!(
            names(&store.search_members("zoe", 10).expect("search")),
            ["Zoë Anna Brandt"]
        );
        assert!(store.search_members("ller", 10).expect("search").is_empty());
        assert_eq!(
            names(&store.search_members("mu", 10).expect("search")),
            ["Jonas Müller", "Mila Mulder"]
        );
        assert_eq!(store.search_members("mu", 1).expect("search").len(), 1);
    }

    #[test]
    fn a_renamed_member_is_found_by_the_new_name_only() {
        let (_dir, mut store) = temp_store();
        let mut anna = NewMember::new("anna@example.org", "Anna Berg", Lang::De);
        store.upsert_member(&anna).expect("anna");
        anna.name = "Anna Öztürk".into();
        store.upsert_member(&anna).expect("renamed");
        assert_eq!(
            names(&store.search_members("ozt", 10).expect("search")),
            ["Anna Öztürk"]
        );
        assert!(store.search_members("berg", 10).expect("search").is_empty());
    }

    #[test]
    fn search_keys_are_backfilled_by_the_migration() {
        let (_dir, mut store) = temp_store();
        store
            .upsert_member(&NewMember::new("g@example.org", "Grete Groß", Lang::De))
            .expect("member");
        store
            .conn
            .execute("DELETE FROM member_search_keys", [])
            .expect("forget keys");
        assert!(
            store
                .search_members("gross", 10)
                .expect("search")
                .is_empty()
        );
        let tx = store.write().expect("tx");
        backfill_search_keys(&tx).expect("backfill");
        tx.commit().expect("commit");
        assert_eq!(
            names(&store.search_members("GROSS", 10).expect("search")),
            ["Grete Groß"]
        );
    }

    #[test]
    fn member_search_uses_the_key_index() {
        let (_dir, store) = temp_store();
        let plan: Vec<String> = store
            .conn
            .prepare(
                "EXPLAIN QUERY PLAN SELECT DISTINCT member_id FROM member_search_keys \
                 WHERE key >= 'a' AND key < 'b' LIMIT 5",
            )
            .expect("plan")
            .query_map([], |row| row.get(3))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("plan rows");
        assert!(
            plan.iter().any(|p| p.contains("key>? AND key<?")),
            "{plan:?}"
        );
    }

    #[test]
    fn contact_search_finds_only_contacts() {
        let (_dir, mut store) = temp_store();
        let me = store
            .upsert_member(&NewMember::new("me@example.org", "Me", Lang::De))
            .expect("me");
        let mut ids = Vec::new();
        for (email, name) in [
            ("a@example.org", "Ärne Sommer"),
            ("b@example.org", "Arne Winter"),
            ("c@example.org", "Arnold Frost"),
        ] {
            ids.push(
                store
                    .upsert_member(&NewMember::new(email, name, Lang::De))
                    .expect("member"),
            );
        }
        store.connect(me, ids[0]).expect("connect");
        store.connect(ids[2], me).expect("connect");
        assert_eq!(
            names(&store.search_contacts(me, "ARN", 10).expect("search")),
            ["Ärne Sommer", "Arnold Frost"]
        );
        assert_eq!(
            names(&store.search_contacts(me, "fro", 10).expect("search")),
            ["Arnold Frost"]
        );
        assert!(
            store
                .search_contacts(me, "winter", 10)
                .expect("search")
                .is_empty()
        );
        assert_eq!(store.search_contacts(me, "", 1).expect("search").len(), 1);
    }
}
