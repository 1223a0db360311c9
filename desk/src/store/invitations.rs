//! Group invitations: facts for the policy, sending, delivery and review.

use super::Store;
use super::community::{MEMBER_COLUMNS, member_from_row};
use crate::DeskError;
use crate::clock::{self, Timestamp};
use crate::invitations::advice::{Advice, advise};
use crate::invitations::mass_mail;
use crate::invitations::policy::{
    DraftFacts, EarlierText, Flag, InvitePolicy, PersonFacts, Verdict,
};
use crate::invitations::{
    Dating, Draft, GroupInvitation, InvitationStatus, Route, SendOutcome, text_as_sent,
};
use crate::records::{GroupId, InvitationId, MemberId};
use locales::{Lang, Localizer};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// How many earlier texts of one inviter the mass-mail rule compares against.
const EARLIER_TEXTS_LIMIT: usize = 200;

/// A held invitation as the review queue shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlaggedInvitation {
    /// The invitation.
    pub invitation: GroupInvitation,
    /// Who sent it.
    pub inviter_name: String,
    /// The earlier, nearly identical texts behind a near-duplicate flag.
    pub similar_texts: Vec<(InvitationId, String)>,
}

/// One item of a group's news feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsItem {
    /// What happened (`invitation`; `invitation-failed`: its mail failed
    /// for good and never reached the invitee; `invitation-unconfirmed`:
    /// its mail failed in a way that may hide a delivery).
    pub kind: String,
    /// Who did it.
    pub actor: Option<String>,
    /// To whom.
    pub subject: Option<String>,
    /// When.
    pub at: Timestamp,
}

/// An e-mail waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    /// Recipient address.
    pub to: String,
    /// The language it was written in.
    pub lang: Lang,
    /// Subject line.
    pub subject: String,
    /// Body text.
    pub body: String,
}

const INVITATION_COLUMNS: &str = "i.id, i.inviter, i.invitee, e.name, i.group_id, g.name, \
     i.subject, i.body, i.route, i.status, i.flags, i.sent_at, i.review_note";
const INVITATION_FROM: &str = "FROM group_invitations i JOIN members e ON e.id = i.invitee \
     JOIN groups g ON g.id = i.group_id";

fn invitation_from_row(row: &Row<'_>) -> rusqlite::Result<GroupInvitation> {
    let route: String = row.get(8)?;
    let status: String = row.get(9)?;
    let flags: String = row.get(10)?;
    Ok(GroupInvitation {
        id: InvitationId(row.get(0)?),
        inviter: MemberId(row.get(1)?),
        invitee: MemberId(row.get(2)?),
        invitee_name: row.get(3)?,
        group: GroupId(row.get(4)?),
        group_name: row.get(5)?,
        subject: row.get(6)?,
        text: row.get(7)?,
        route: Route::parse(&route).unwrap_or(Route::Profile),
        status: InvitationStatus::parse(&status).unwrap_or(InvitationStatus::Sent),
        flags: serde_json::from_str(&flags).unwrap_or_default(),
        sent_at: clock::from_unix(row.get(11)?),
        review_note: row.get(12)?,
    })
}

/// Everything the rules ask about the people and the group, and the names
/// a sent invitation's mail needs, in one statement: the composer runs this
/// on every keystroke and `send` inside its write lock. Joins read each row
/// once; a subquery per column walked the members table eight times.
const FACTS_SQL: &str = "SELECT \
     r.id, r.suspended_at IS NOT NULL, r.group_invitations, r.premium, \
     e.id, e.suspended_at IS NOT NULL, e.group_invitations, e.premium, \
     g.id IS NOT NULL, m.role, m.ambassador_kind, \
     EXISTS (SELECT 1 FROM memberships WHERE group_id = ?3 AND member_id = ?2), \
     EXISTS (SELECT 1 FROM contacts WHERE a = min(?1, ?2) AND b = max(?1, ?2)), \
     r.name, e.name, e.email, e.lang, g.name \
     FROM (SELECT 1) \
     LEFT JOIN members r ON r.id = ?1 \
     LEFT JOIN members e ON e.id = ?2 \
     LEFT JOIN groups g ON g.id = ?3 \
     LEFT JOIN memberships m ON m.group_id = ?3 AND m.member_id = ?1";

/// The inviter's newest texts in the mass-mail window, read in the index's
/// own order (no sort). Putting the fingerprint into the index would spare the
/// row reads (15 µs of a check) but costs more on every send than it saves.
const EARLIER_TEXTS_SQL: &str = "SELECT id, invitee, fingerprint FROM group_invitations \
     INDEXED BY group_invitations_by_inviter \
     WHERE inviter = ?1 AND sent_at >= ?2 AND sent_at <= ?3 AND id != ?5 \
     ORDER BY sent_at DESC LIMIT ?4";

/// Gathers what the policy needs, inside the caller's transaction.
pub(super) fn gather(
    conn: &Connection,
    policy: &InvitePolicy,
    draft: &Draft,
    exclude: Option<InvitationId>,
) -> Result<DraftFacts, DeskError> {
    gather_with_parties(conn, policy, draft, exclude).map(|(facts, _)| facts)
}

/// [`gather`], and the names for the mail when everyone exists: a send
/// needs both, and the rows are read once.
pub(super) fn gather_with_parties(
    conn: &Connection,
    policy: &InvitePolicy,
    draft: &Draft,
    exclude: Option<InvitationId>,
) -> Result<(DraftFacts, Option<Parties>), DeskError> {
    // A held invitation being approved must not count against itself.
    let exclude = exclude.map_or(-1, |id| id.0);
    // A missing member reads as no facts at all, not as a member with
    // every flag off.
    let person = |row: &Row<'_>, at: usize| -> rusqlite::Result<Option<PersonFacts>> {
        Ok(match row.get::<_, Option<i64>>(at)? {
            Some(_) => Some(PersonFacts {
                suspended: row.get(at + 1)?,
                group_invitations: row.get(at + 2)?,
                premium: row.get(at + 3)?,
            }),
            None => None,
        })
    };
    let (mut facts, parties) = conn.prepare_cached(FACTS_SQL)?.query_row(
        params![draft.inviter.0, draft.invitee.0, draft.group.0],
        |row| {
            let role: Option<String> = row.get(9)?;
            let kind: Option<String> = row.get(10)?;
            let names: [Option<String>; 5] = [
                row.get(13)?,
                row.get(14)?,
                row.get(15)?,
                row.get(16)?,
                row.get(17)?,
            ];
            let parties = match names {
                [
                    Some(inviter),
                    Some(invitee),
                    Some(invitee_email),
                    Some(lang),
                    Some(group),
                ] => Some(Parties {
                    inviter,
                    invitee,
                    invitee_email,
                    lang: Lang::parse(&lang).unwrap_or(Lang::En),
                    group,
                }),
                _ => None,
            };
            let facts = DraftFacts {
                inviter: person(row, 0)?,
                invitee: person(row, 4)?,
                group_exists: row.get(8)?,
                inviter_role: role
                    .map(|r| super::community::role_from_columns(&r, kind.as_deref())),
                invitee_in_group: row.get(11)?,
                direct_contacts: row.get(12)?,
                previous_invitation: None,
                earlier_texts: Vec::new(),
            };
            Ok((facts, parties))
        },
    )?;
    let at = clock::to_unix(draft.at);
    let (earliest, latest) = policy.conflict_span(draft.at);
    let (earliest, latest) = (clock::to_unix(earliest), clock::to_unix(latest));
    // Rule 4 walks the inviter's year in the inviter index, whose third
    // column is the invitee, so only an earlier invitation to this person
    // costs a row read. INDEXED BY pins the plan (see migration 0007).
    // An approved invitation reached the invitee at its approval, however
    // long it was held: it counts from then too (migration 0011). One whose
    // mail failed for good in a way that proves the server never took it
    // (refused, or never let go: `maybe_accepted` unset, migration 0017)
    // never reached them, as a rejected one: it does not count. One out of
    // tries, or failed with no answer or a broken connection, may have
    // arrived and counts (one outbox index probe for the few rows found).
    let mut pair = conn.prepare_cached(
        "SELECT sent_at FROM group_invitations INDEXED BY group_invitations_by_inviter \
         WHERE inviter = ?1 AND sent_at > ?3 AND sent_at < ?4 AND invitee = ?2 \
         AND status NOT IN ('rejected', 'opted-out') AND id != ?5 \
         AND NOT EXISTS (SELECT 1 FROM outbox INDEXED BY outbox_invitation \
           WHERE invitation_id = group_invitations.id AND state = 'failed' \
           AND maybe_accepted = 0) \
         UNION ALL \
         SELECT delivered_at FROM group_invitations INDEXED BY group_invitations_approved \
         WHERE inviter = ?1 AND invitee = ?2 AND status = 'approved' \
         AND delivered_at > ?3 AND delivered_at < ?4 AND id != ?5 \
         AND NOT EXISTS (SELECT 1 FROM outbox INDEXED BY outbox_invitation \
           WHERE invitation_id = group_invitations.id AND state = 'failed' \
           AND maybe_accepted = 0)",
    )?;
    let times: Vec<i64> = pair
        .query_map(
            params![draft.inviter.0, draft.invitee.0, earliest, latest, exclude],
            |row| row.get(0),
        )?
        .collect::<Result<_, _>>()?;
    facts.previous_invitation = times
        .iter()
        .filter(|t| **t <= at)
        .max()
        .or_else(|| times.iter().filter(|t| **t > at).min())
        .copied()
        .map(clock::from_unix);
    let since = clock::to_unix(policy.mass_mail_since(draft.at));
    let mut earlier = conn.prepare_cached(EARLIER_TEXTS_SQL)?;
    let mut rows = earlier.query(params![
        draft.inviter.0,
        since,
        at,
        EARLIER_TEXTS_LIMIT as i64,
        exclude
    ])?;
    while let Some(row) = rows.next()? {
        facts.earlier_texts.push(EarlierText {
            id: InvitationId(row.get(0)?),
            invitee: MemberId(row.get(1)?),
            fingerprint: mass_mail::from_bytes(&row.get::<_, Vec<u8>>(2)?),
        });
    }
    Ok((facts, parties))
}

/// The names an invitation's mail needs: inviter, invitee (with address and
/// language) and group, in one row.
pub(super) struct Parties {
    inviter: String,
    invitee: String,
    invitee_email: String,
    lang: Lang,
    group: String,
}

fn parties(
    conn: &Connection,
    inviter: MemberId,
    invitee: MemberId,
    group: GroupId,
) -> Result<Parties, DeskError> {
    let found = conn
        .prepare_cached(
            "SELECT r.name, e.name, e.email, e.lang, g.name FROM members r, members e, groups g \
             WHERE r.id = ?1 AND e.id = ?2 AND g.id = ?3",
        )?
        .query_row(params![inviter.0, invitee.0, group.0], |row| {
            let lang: String = row.get(3)?;
            Ok(Parties {
                inviter: row.get(0)?,
                invitee: row.get(1)?,
                invitee_email: row.get(2)?,
                lang: Lang::parse(&lang).unwrap_or(Lang::En),
                group: row.get(4)?,
            })
        })
        .optional()?;
    known(found, inviter, invitee, group)
}

/// The names, or the error that one of the people or the group is missing.
pub(super) fn known(
    found: Option<Parties>,
    inviter: MemberId,
    invitee: MemberId,
    group: GroupId,
) -> Result<Parties, DeskError> {
    found.ok_or_else(|| {
        DeskError::not_found("member or group", format!("{inviter}, {invitee}, {group}"))
    })
}

/// The subject an invitation gets when the inviter leaves it blank, in the
/// invitee's language.
fn default_subject(l: &Localizer, p: &Parties) -> String {
    l.format(
        p.lang,
        "invitation-default-subject",
        &[
            ("inviter", p.inviter.as_str().into()),
            ("group", p.group.as_str().into()),
        ],
    )
}

/// A written invitation, as delivery needs it.
struct Written<'a> {
    id: InvitationId,
    invitee: MemberId,
    subject: &'a str,
    text: &'a str,
}

/// Writes the e-mail, in the invitee's language. The group's news reads
/// delivered invitations, so it needs no write of its own.
fn deliver(
    conn: &Connection,
    l: &Localizer,
    w: &Written<'_>,
    p: &Parties,
    at: Timestamp,
) -> Result<(), DeskError> {
    let body = l.format(
        p.lang,
        "mail-group-invitation",
        &[
            ("invitee", p.invitee.as_str().into()),
            ("inviter", p.inviter.as_str().into()),
            ("group", p.group.as_str().into()),
            ("text", w.text.into()),
        ],
    );
    conn.prepare_cached(
        "INSERT INTO outbox (to_member, to_email, lang, subject, body, invitation_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        w.invitee.0,
        p.invitee_email,
        p.lang.code(),
        w.subject,
        body,
        w.id.0,
        clock::to_unix(at)
    ])?;
    Ok(())
}

/// Delivers a held invitation on its approval: `draft` is the invitation as
/// stored and `p` its names, both read by the approval's own check.
pub(super) fn deliver_held(
    conn: &Connection,
    l: &Localizer,
    id: InvitationId,
    draft: &Draft,
    p: &Parties,
    at: Timestamp,
) -> Result<(), DeskError> {
    let written = Written {
        id,
        invitee: draft.invitee,
        subject: &draft.subject,
        text: text_as_sent(&draft.text),
    };
    conn.prepare_cached("UPDATE group_invitations SET delivered_at = ?2 WHERE id = ?1")?
        .execute(params![id.0, clock::to_unix(at)])?;
    deliver(conn, l, &written, p, at)
}

/// Computes again the mass-mail fingerprint of invitations whose text has a
/// character outside printable ASCII, the only ones a change to folding can
/// move, so that an earlier copy and a new one are compared alike.
pub(super) fn refold_fingerprints(conn: &Connection) -> Result<(), DeskError> {
    let mut texts =
        conn.prepare("SELECT id, body FROM group_invitations WHERE body GLOB '*[^ -~]*'")?;
    let found = texts
        .query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut update = conn.prepare("UPDATE group_invitations SET fingerprint = ?2 WHERE id = ?1")?;
    for (id, text) in found {
        update.execute(params![
            id,
            mass_mail::to_bytes(&mass_mail::fingerprint(&text))
        ])?;
    }
    Ok(())
}

/// Sends a draft inside `conn`'s transaction, or records it as history
/// when it is dated before `now` ([`Dating`]): the write path shared by the
/// store and the demo seed.
pub(crate) fn send_in(
    conn: &Connection,
    policy: &InvitePolicy,
    l: &Localizer,
    draft: &Draft,
    now: Timestamp,
) -> Result<SendOutcome, DeskError> {
    let (facts, parties) = gather_with_parties(conn, policy, draft, None)?;
    let placeholder = InvitationId(0);
    let fate = SendOutcome::of(
        policy.check(draft, &facts),
        Dating::of(draft.at, now),
        placeholder,
    );
    if let SendOutcome::Refused(_) = fate {
        return Ok(fate);
    }
    // The rules refuse a draft whose people or group are missing, so the
    // names are there; one read serves the default subject and the mail.
    let p = known(parties, draft.inviter, draft.invitee, draft.group)?;
    // A subject is one line in every mail program: line breaks and other
    // control characters become spaces, runs of spaces one.
    let one_line = locales::one_line(&draft.subject);
    let subject = if one_line.is_empty() {
        default_subject(l, &p)
    } else {
        one_line
    };
    // History was delivered back then (by whatever sent it), so it is in
    // the group news at its own date, like a sent one.
    let (status, flags) = match &fate {
        SendOutcome::Held(_, flags) => (InvitationStatus::Flagged, flags.as_slice()),
        _ => (InvitationStatus::Sent, &[][..]),
    };
    let flags_json = serde_json::to_string(flags).unwrap_or_else(|_| "[]".into());
    // What the rules counted is what is stored, mailed and shown.
    let text = text_as_sent(&draft.text);
    let id = InvitationId(
        conn.prepare_cached(
            "INSERT INTO group_invitations (inviter, invitee, group_id, subject, body, route, \
             status, flags, fingerprint, sent_at, delivered_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
        )?
        .query_row(
            params![
                draft.inviter.0,
                draft.invitee.0,
                draft.group.0,
                subject,
                text,
                draft.route.as_str(),
                status.as_str(),
                flags_json,
                mass_mail::to_bytes(&mass_mail::fingerprint(text)),
                clock::to_unix(draft.at),
                (status == InvitationStatus::Sent).then(|| clock::to_unix(draft.at))
            ],
            |row| row.get(0),
        )?,
    );
    Ok(match fate {
        SendOutcome::Sent(_) => {
            let written = Written {
                id,
                invitee: draft.invitee,
                subject: &subject,
                text,
            };
            deliver(conn, l, &written, &p, draft.at)?;
            SendOutcome::Sent(id)
        }
        SendOutcome::Held(_, flags) => SendOutcome::Held(id, flags),
        SendOutcome::Recorded(_) => SendOutcome::Recorded(id),
        refused @ SendOutcome::Refused(_) => refused,
    })
}

impl Store {
    /// The policy's verdict on a draft, without writing anything: the
    /// composer's live check.
    pub fn check_invitation(
        &self,
        policy: &InvitePolicy,
        draft: &Draft,
    ) -> Result<Verdict, DeskError> {
        self.in_its_file(|| {
            let facts = gather(&self.conn, policy, draft, None)?;
            Ok(policy.check(draft, &facts))
        })
    }

    /// Advice on a draft (never blocking): whether it is personal and
    /// whether the inviter sent the same text to others. Cheap enough for
    /// every key in the composer.
    pub fn invitation_advice(
        &self,
        policy: &InvitePolicy,
        draft: &Draft,
    ) -> Result<Vec<Advice>, DeskError> {
        self.in_its_file(|| {
            let Some(invitee) = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {MEMBER_COLUMNS} FROM members WHERE id = ?1"
                ))?
                .query_row([draft.invitee.0], member_from_row)
                .optional()?
            else {
                return Ok(Vec::new());
            };
            let facts = gather(&self.conn, policy, draft, None)?;
            Ok(advise(
                &draft.text,
                &invitee,
                &facts.earlier_texts,
                policy.config().near_duplicate_similarity,
            ))
        })
    }

    /// Checks and sends a draft in one transaction, or records it as
    /// history when it is dated before `now` (see [`Dating`]). The
    /// transaction takes the write lock before it reads, so two processes
    /// sending to the same person at once are serialised and the second sees
    /// the first's invitation.
    pub fn send_invitation(
        &mut self,
        policy: &InvitePolicy,
        l: &Localizer,
        draft: &Draft,
        now: Timestamp,
    ) -> Result<SendOutcome, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let outcome = send_in(&tx, policy, l, draft, now)?;
            if matches!(outcome, SendOutcome::Refused(_)) {
                tx.rollback()?;
            } else {
                tx.commit()?;
            }
            Ok(outcome)
        })
    }

    /// Checks and sends (or records, see [`Dating`]) many drafts in one
    /// transaction, each as `send_invitation` would: for batches, where one
    /// commit per invitation would cost more than the rules.
    pub fn send_invitations(
        &mut self,
        policy: &InvitePolicy,
        l: &Localizer,
        drafts: &[Draft],
        now: Timestamp,
    ) -> Result<Vec<SendOutcome>, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let outcomes = drafts
                .iter()
                .map(|draft| send_in(&tx, policy, l, draft, now))
                .collect::<Result<Vec<_>, _>>()?;
            tx.commit()?;
            Ok(outcomes)
        })
    }

    /// The subject a blank draft would get.
    pub fn default_subject(&self, l: &Localizer, draft: &Draft) -> Result<String, DeskError> {
        self.in_its_file(|| {
            let p = parties(&self.conn, draft.inviter, draft.invitee, draft.group)?;
            Ok(default_subject(l, &p))
        })
    }

    /// One invitation.
    pub fn invitation(&self, id: InvitationId) -> Result<GroupInvitation, DeskError> {
        self.in_its_file(|| {
            self.conn
                .prepare_cached(&format!(
                    "SELECT {INVITATION_COLUMNS} {INVITATION_FROM} WHERE i.id = ?1"
                ))?
                .query_row([id.0], invitation_from_row)
                .optional()?
                .ok_or_else(|| DeskError::not_found("invitation", id))
        })
    }

    /// The invitations `inviter` sent, newest first.
    pub fn invitations_sent_by(
        &self,
        inviter: MemberId,
        limit: usize,
    ) -> Result<Vec<GroupInvitation>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {INVITATION_COLUMNS} {INVITATION_FROM} WHERE i.inviter = ?1 \
             ORDER BY i.sent_at DESC, i.id DESC LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![inviter.0, limit as i64], invitation_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// The review queue: held invitations in the groups `moderator` moderates
    /// (all groups when `None`), oldest first.
    pub fn flagged_invitations(
        &self,
        moderator: Option<MemberId>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<FlaggedInvitation>, DeskError> {
        self.in_its_file(|| {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {INVITATION_COLUMNS}, r.name {INVITATION_FROM} JOIN members r ON r.id = i.inviter \
             WHERE i.status = 'flagged' AND (?1 IS NULL OR i.group_id IN \
               (SELECT group_id FROM memberships WHERE member_id = ?1 AND role != 'member')) \
             ORDER BY i.sent_at, i.id LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = stmt.query_map(
            params![moderator.map(|m| m.0), limit as i64, offset as i64],
            |row| Ok((invitation_from_row(row)?, row.get::<_, String>(13)?)),
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (invitation, inviter_name) = row?;
            let mut similar_texts = Vec::new();
            for flag in &invitation.flags {
                if let Flag::NearDuplicate { similar, .. } = flag {
                    for id in similar.iter().take(5) {
                        let text: Option<String> = self
                            .conn
                            .prepare_cached("SELECT body FROM group_invitations WHERE id = ?1")?
                            .query_row([id.0], |row| row.get(0))
                            .optional()?;
                        if let Some(text) = text {
                            similar_texts.push((*id, text));
                        }
                    }
                }
            }
            out.push(FlaggedInvitation {
                invitation,
                inviter_name,
                similar_texts,
            });
        }
        Ok(out)
        })
    }

    /// How many invitations wait for review in `moderator`'s groups.
    pub fn flagged_count(&self, moderator: Option<MemberId>) -> Result<u64, DeskError> {
        self.in_its_file(|| {
        Ok(self.conn.prepare_cached(
            "SELECT count(*) FROM group_invitations i WHERE i.status = 'flagged' AND (?1 IS NULL OR \
             i.group_id IN (SELECT group_id FROM memberships WHERE member_id = ?1 AND role != 'member'))",
        )?
        .query_row(params![moderator.map(|m| m.0)], |row| row.get::<_, i64>(0))? as u64)
        })
    }

    /// The outbox e-mails for one member, oldest first.
    pub fn outbox_for(&self, member: MemberId) -> Result<Vec<OutboxMail>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT to_email, lang, subject, body FROM outbox WHERE to_member = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([member.0], |row| {
                let lang: String = row.get(1)?;
                Ok(OutboxMail {
                    to: row.get(0)?,
                    lang: Lang::parse(&lang).unwrap_or(Lang::En),
                    subject: row.get(2)?,
                    body: row.get(3)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// A group's news feed, newest first: the invitations delivered to the
    /// outbox; those whose mail failed for good as `invitation-failed` if
    /// the server surely never took it (as rule 4 reads it), so that a
    /// moderator sees they never reached the invitee, and as
    /// `invitation-unconfirmed` if it may have (out of tries, no answer):
    /// whether it arrived is not known.
    pub fn group_news(&self, group: GroupId, limit: usize) -> Result<Vec<NewsItem>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT coalesce((SELECT CASE min(o.maybe_accepted) \
               WHEN 0 THEN 'invitation-failed' WHEN 1 THEN 'invitation-unconfirmed' END \
               FROM outbox o INDEXED BY outbox_invitation \
               WHERE o.invitation_id = i.id AND o.state = 'failed'), 'invitation'), \
             a.name, s.name, i.delivered_at \
             FROM group_invitations i INDEXED BY group_invitations_news \
             LEFT JOIN members a ON a.id = i.inviter LEFT JOIN members s ON s.id = i.invitee \
             WHERE i.group_id = ?1 AND i.delivered_at IS NOT NULL \
             ORDER BY i.delivered_at DESC, i.id DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![group.0, limit as i64], |row| {
                Ok(NewsItem {
                    kind: row.get(0)?,
                    actor: row.get(1)?,
                    subject: row.get(2)?,
                    at: clock::from_unix(row.get(3)?),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests;
