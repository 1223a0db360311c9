//! The handover between the bot and the team: member follow-ups, the
//! durable queue of messages to the member, the lifecycle (waiting for the
//! member, warning, auto-close, reopening, rating), the staff channel's
//! pending announcements and the ticket figures.
//!
//! Nothing here knows Discord: a delivery is a row that some transport
//! claims, tries and marks; the staff channel is a counter of changes not
//! yet shown.

use super::{MemberFile, TicketAuthor, add_files, add_message, open_ticket_in, ticket_audit};
use crate::DeskError;
use crate::clock::{self, Timestamp};
use crate::records::{MemberId, TicketId};
use crate::store::{NewTicket, Store, Ticket};
use locales::{FluentValue, Lang, Localizer};
use rusqlite::{Connection, OptionalExtension, params};
use std::sync::OnceLock;

const DAY: i64 = 86_400;

/// Whose turn it is on an open ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitingFor {
    /// The member wrote last (or nobody answered yet).
    Team,
    /// The team replied; the member has not written since.
    Member,
}

impl WaitingFor {
    pub(crate) fn parse(text: &str) -> WaitingFor {
        if text == "member" {
            WaitingFor::Member
        } else {
            WaitingFor::Team
        }
    }
}

/// The lifecycle's times, from the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketTimes {
    /// A ticket waiting for the member closes after this many silent days.
    pub close_after_days: u32,
    /// The member is warned this many days before.
    pub warn_before_days: u32,
    /// A member who writes within this many days of closing reopens the ticket.
    pub reopen_within_days: u32,
}

impl Default for TicketTimes {
    fn default() -> TicketTimes {
        TicketTimes {
            close_after_days: 7,
            warn_before_days: 1,
            reopen_within_days: 14,
        }
    }
}

/// What a queued message to the member says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryKind {
    /// A moderator's reply.
    Reply,
    /// The ticket will close soon unless the member writes.
    Warning,
    /// The ticket was closed; asks for a rating.
    Closed,
    /// A moderator opened the closed ticket again.
    Reopened,
}

impl DeliveryKind {
    fn as_str(self) -> &'static str {
        match self {
            DeliveryKind::Reply => "reply",
            DeliveryKind::Warning => "warning",
            DeliveryKind::Closed => "closed",
            DeliveryKind::Reopened => "reopened",
        }
    }

    fn parse(text: &str) -> DeliveryKind {
        match text {
            "warning" => DeliveryKind::Warning,
            "closed" => DeliveryKind::Closed,
            "reopened" => DeliveryKind::Reopened,
            _ => DeliveryKind::Reply,
        }
    }
}

/// One message waiting to reach a member on Discord.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// Row id; also what the nonce is made from.
    pub id: i64,
    /// The ticket it belongs to.
    pub ticket: TicketId,
    /// What it says.
    pub kind: DeliveryKind,
    /// The member's Discord user id.
    pub discord_user: String,
    /// The member's language.
    pub lang: Lang,
    /// Who wrote it (a moderator's name), empty for the desk's own notices.
    pub author: String,
    /// The reply's text; for a warning, the days left.
    pub body: String,
    /// Tries so far.
    pub attempts: u32,
    /// The pieces of a reply in several DMs that Discord surely accepted,
    /// in order: a send (or a send again) starts after them.
    pub pieces_sent: u32,
    /// Whether a try failed before (its reason is kept, also when the
    /// member's message queued it again): Discord may have a piece that
    /// went unanswered.
    pub tried: bool,
    /// Whether a piece was on its way to Discord and never recorded as
    /// accepted ([`Store::delivery_on_its_way`]): the relay stopped (a
    /// crash, kill -9) or could not record it, and Discord may have it.
    pub unconfirmed: bool,
}

impl Delivery {
    /// A nonce unique to this delivery and stable across restarts
    /// (Discord allows at most 25 characters).
    pub fn nonce(&self) -> String {
        format!("hd-{}", self.id)
    }
}

/// What the bot guessed before the member asked for a human.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketGuess {
    /// The article's id.
    pub article: String,
    /// Its title.
    pub title: String,
    /// The engine's confidence, 0 to 1.
    pub confidence: f32,
}

/// What happened when a member wrote to their ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberWrote {
    /// The ticket.
    pub ticket: TicketId,
    /// It had been closed and is open again.
    pub reopened: bool,
}

/// What one lifecycle sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepOutcome {
    /// Tickets whose member was warned.
    pub warned: Vec<TicketId>,
    /// Tickets closed for silence.
    pub closed: Vec<TicketId>,
}

/// A ticket whose staff-channel announcement must be posted or edited.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffNotice {
    /// The ticket as it is now.
    pub ticket: Ticket,
    /// The member's name, when the ticket is linked to one.
    pub member_name: Option<String>,
    /// The bot's guesses, best first.
    pub guesses: Vec<TicketGuess>,
    /// Messages in the conversation.
    pub messages: u32,
    /// The member's latest words.
    pub last_member_text: Option<String>,
    /// The announcement's Discord message id, once posted.
    pub message_id: Option<String>,
    /// The change count this notice reflects (for [`Store::staff_posted`]).
    pub changes: i64,
}

/// Ticket figures for one language (or all).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LangCount {
    /// Tickets opened in the period.
    pub opened: u64,
    /// Median seconds from opening to the team's first reply.
    pub median_first_response: Option<i64>,
    /// Median seconds from opening to closing.
    pub median_resolution: Option<i64>,
}

/// The team's figures over the last `days` days.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketStats {
    /// The period, in days.
    pub days: u32,
    /// All languages together.
    pub all: LangCount,
    /// English tickets.
    pub en: LangCount,
    /// German tickets.
    pub de: LangCount,
    /// How many ratings of 1..=5 (index 0 is a 1).
    pub ratings: [u64; 5],
    /// The mean rating, when there is one.
    pub mean_rating: Option<f64>,
    /// Tickets open now.
    pub open_now: u64,
}

/// The embedded fluent files, parsed once: mail to members is written here.
fn words() -> Option<&'static Localizer> {
    static WORDS: OnceLock<Option<Localizer>> = OnceLock::new();
    WORDS.get_or_init(|| Localizer::embedded().ok()).as_ref()
}

/// How a ticket's requester can be reached.
struct Requester {
    discord: Option<String>,
    member: Option<(MemberId, String, String)>,
    lang: Lang,
}

fn requester_of(conn: &Connection, id: TicketId) -> Result<Requester, DeskError> {
    let (requester, lang, member, email, name, discord): (
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = conn
        .prepare_cached(
            "SELECT t.requester, t.lang, m.id, m.email, m.name, m.discord_id FROM tickets t \
             LEFT JOIN members m ON m.id = t.member_id WHERE t.id = ?1",
        )?
        .query_row([id.0], |row| row.try_into())
        .optional()?
        .ok_or_else(|| DeskError::not_found("ticket", id))?;
    let discord = requester
        .strip_prefix("discord:")
        .map(str::to_string)
        .or(discord)
        .filter(|d| !d.is_empty());
    let member = match (member, email, name) {
        (Some(m), Some(e), Some(n)) => Some((MemberId(m), e, n)),
        _ => None,
    };
    Ok(Requester {
        discord,
        member,
        lang: Lang::parse(&lang).unwrap_or(Lang::En),
    })
}

fn queue(
    conn: &Connection,
    id: TicketId,
    kind: DeliveryKind,
    to: &Requester,
    author: &str,
    body: &str,
    at: Timestamp,
) -> Result<(), DeskError> {
    let at = clock::to_unix(at);
    // A new delivery is due at once (`next_attempt` 0), whatever instant the
    // caller's clock says: a sweep run for a chosen time must not hold it back.
    match &to.discord {
        Some(user) => {
            conn.prepare_cached(
                "INSERT INTO ticket_deliveries (ticket_id, kind, discord_user, lang, author, body, \
                 next_attempt, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
            )?
            .execute(params![
                id.0,
                kind.as_str(),
                user,
                to.lang.code(),
                author,
                body,
                at
            ])?;
        }
        None if kind == DeliveryKind::Reply => match (&to.member, words()) {
            (Some((member, email, name)), Some(l)) => {
                let subject = l.format(
                    to.lang,
                    "mail-ticket-reply-subject",
                    &[("ticket", FluentValue::from(id.0))],
                );
                let author = if author.is_empty() {
                    l.text(to.lang, "mail-ticket-team")
                } else {
                    author.to_string()
                };
                let text = l.format(
                    to.lang,
                    "mail-ticket-reply",
                    &[
                        ("name", name.as_str().into()),
                        ("ticket", FluentValue::from(id.0)),
                        ("moderator", author.as_str().into()),
                        ("text", body.into()),
                    ],
                );
                conn.prepare_cached(
                    "INSERT INTO outbox (to_member, to_email, lang, subject, body, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    member.0,
                    email,
                    to.lang.code(),
                    subject,
                    text,
                    at
                ])?;
            }
            _ => {
                // Recorded as failed at once, so the console shows why the
                // reply went nowhere.
                conn.prepare_cached(
                    "INSERT INTO ticket_deliveries (ticket_id, kind, discord_user, lang, author, body, \
                     status, next_attempt, created_at, last_error) \
                     VALUES (?1, 'reply', '', ?2, ?3, ?4, 'failed', ?5, ?5, ?6)",
                )?
                .execute(params![
                    id.0,
                    to.lang.code(),
                    author,
                    body,
                    at,
                    "the requester has neither a Discord account nor a member e-mail address"
                ])?;
            }
        },
        // Notices without Discord would only be noise in a mailbox.
        None => {}
    }
    Ok(())
}

pub(crate) fn is_open(conn: &Connection, id: TicketId) -> Result<bool, DeskError> {
    Ok(conn
        .prepare_cached("SELECT status = 'open' FROM tickets WHERE id = ?1")?
        .query_row([id.0], |row| row.get(0))
        .optional()?
        .unwrap_or(false))
}

/// The reply is stored; now the ticket waits for the member and the reply
/// is queued for them.
pub(crate) fn after_reply(
    conn: &Connection,
    id: TicketId,
    moderator: Option<MemberId>,
    body: &str,
    at: Timestamp,
) -> Result<(), DeskError> {
    let unix = clock::to_unix(at);
    conn.prepare_cached(
        "UPDATE tickets SET waiting_for = 'member', waiting_since = ?2, warned_at = NULL, \
         first_response_at = coalesce(first_response_at, ?2), staff_dirty = staff_dirty + 1, \
         seen_upto = (SELECT coalesce(max(id), 0) FROM ticket_messages WHERE ticket_id = ?1) \
         WHERE id = ?1",
    )?
    .execute(params![id.0, unix])?;
    // An empty name stands for the team as a whole.
    let name: String = match moderator {
        Some(moderator) => conn
            .prepare_cached("SELECT name FROM members WHERE id = ?1")?
            .query_row([moderator.0], |row| row.get(0))
            .optional()?
            .unwrap_or_default(),
        None => String::new(),
    };
    let to = requester_of(conn, id)?;
    queue(conn, id, DeliveryKind::Reply, &to, &name, body, at)
}

/// The ticket was closed (by a moderator or the sweep): ask for a rating.
pub(crate) fn after_close(conn: &Connection, id: TicketId, at: Timestamp) -> Result<(), DeskError> {
    let to = requester_of(conn, id)?;
    queue(conn, id, DeliveryKind::Closed, &to, "", "", at)
}

/// A moderator opened the closed ticket again: the notices about its state
/// still waiting are withdrawn and the member is told, since only a
/// moderator's reopening is news to them (a member who writes reopens it themselves).
pub(crate) fn after_reopen(
    conn: &Connection,
    id: TicketId,
    at: Timestamp,
) -> Result<bool, DeskError> {
    withdraw_state_notices(conn, id)?;
    let to = requester_of(conn, id)?;
    queue(conn, id, DeliveryKind::Reopened, &to, "", "", at)?;
    // Only Discord carries notices; a member without it reads the next reply.
    Ok(to.discord.is_some())
}

/// The ticket is open again (a moderator reopened it, or the member wrote):
/// a "will close", "closed" or earlier "open again" notice not yet sent
/// would now be wrong or said twice, so it is withdrawn. Replies stay. The
/// row is marked, never deleted: deleting it could hand its id, and so its
/// nonce (`hd-<id>`), to the next delivery, which Discord would take for
/// the old message (it may have it, from a try whose answer was lost) and
/// drop. A notice the relay is sending at
/// this moment is past saving; the member then reads it before the news
/// that the ticket is open again, which is the order things happened in.
pub(crate) fn withdraw_state_notices(conn: &Connection, id: TicketId) -> Result<(), DeskError> {
    conn.prepare_cached(
        "UPDATE ticket_deliveries SET status = 'withdrawn' WHERE ticket_id = ?1 \
         AND status = 'pending' AND kind IN ('warning', 'closed', 'reopened')",
    )?
    .execute([id.0])?;
    Ok(())
}

/// The member wrote (on Discord, as a rule), so Discord takes messages for them again
/// (they opened their DMs, or share a server with the bot once more): the
/// team's replies that it refused are queued again, in their order, rather
/// than lost to a member who is plainly waiting for them. Failed notices
/// are not sent again but withdrawn, since the member's message made them
/// moot, so the ticket no longer shows their failure. A reply keeps its
/// count of pieces sent, so only the pieces not delivered go out again.
fn retry_failed_replies(conn: &Connection, id: TicketId) -> Result<(), DeskError> {
    conn.prepare_cached(
        "UPDATE ticket_deliveries SET status = 'pending', attempts = 0, next_attempt = 0, \
         unreachable = 0 WHERE ticket_id = ?1 AND status = 'failed' AND kind = 'reply' \
         AND unreachable = 1 AND discord_user <> ''",
    )?
    .execute([id.0])?;
    conn.prepare_cached(
        "UPDATE ticket_deliveries SET status = 'withdrawn' \
         WHERE ticket_id = ?1 AND status = 'failed' AND kind <> 'reply'",
    )?
    .execute([id.0])?;
    Ok(())
}

/// What [`delivery_from_row`] reads, in its order, of `ticket_deliveries d`.
/// A row not sent whose `sent_at` is set has a piece on its way
/// ([`Store::delivery_on_its_way`]).
const DELIVERY_COLUMNS: &str = "d.id, d.ticket_id, d.kind, d.discord_user, d.lang, d.author, \
     d.body, d.attempts, d.pieces_sent, d.last_error IS NOT NULL, \
     d.sent_at IS NOT NULL AND d.status <> 'sent'";
/// How many columns [`DELIVERY_COLUMNS`] are: a query's own columns after
/// them start at this index.
const DELIVERY_COLUMN_COUNT: usize = 11;

fn delivery_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Delivery> {
    let kind: String = row.get(2)?;
    let lang: String = row.get(4)?;
    Ok(Delivery {
        id: row.get(0)?,
        ticket: TicketId(row.get(1)?),
        kind: DeliveryKind::parse(&kind),
        discord_user: row.get(3)?,
        lang: Lang::parse(&lang).unwrap_or(Lang::En),
        author: row.get(5)?,
        body: row.get(6)?,
        attempts: row.get::<_, i64>(7)?.max(0) as u32,
        pieces_sent: row.get::<_, i64>(8)?.clamp(0, i64::from(u32::MAX)) as u32,
        tried: row.get(9)?,
        unconfirmed: row.get(10)?,
    })
}

/// One ticket as the figures see it: language, opened, first reply,
/// closed, rating.
type StatsRow = (String, i64, Option<i64>, Option<i64>, Option<i64>);

fn median(mut values: Vec<i64>) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2
    } else {
        values[mid]
    })
}

impl Store {
    /// Opens a ticket and keeps the bot's guesses for the team.
    pub fn open_ticket_with_guesses(
        &mut self,
        ticket: &NewTicket,
        guesses: &[TicketGuess],
        at: Timestamp,
    ) -> Result<TicketId, DeskError> {
        self.in_its_file_mut(|store| store.open_ticket_with_files(ticket, guesses, &[], at))
    }

    /// Opens a ticket, keeps the bot's guesses, and keeps `files` with the
    /// conversation's last message by the member: the message that asked
    /// for a person came with them, and they are as much for the team as
    /// the files of a message to an open ticket.
    pub fn open_ticket_with_files(
        &mut self,
        ticket: &NewTicket,
        guesses: &[TicketGuess],
        files: &[MemberFile],
        at: Timestamp,
    ) -> Result<TicketId, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let id = open_ticket_in(&tx, ticket, at)?;
            if !files.is_empty() {
                let last: Option<i64> = tx
                    .prepare_cached(
                        "SELECT max(id) FROM ticket_messages WHERE ticket_id = ?1 \
                         AND author = 'member'",
                    )?
                    .query_row([id.0], |row| row.get(0))?;
                if let Some(message) = last {
                    add_files(&tx, message, files)?;
                }
            }
            for (rank, guess) in guesses.iter().enumerate() {
                tx.prepare_cached(
                    "INSERT INTO ticket_guesses (ticket_id, rank, article_id, title, confidence) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    id.0,
                    rank as i64,
                    guess.article,
                    guess.title,
                    f64::from(guess.confidence)
                ])?;
            }
            tx.commit()?;
            Ok(id)
        })
    }

    /// The requester's ticket that a new message belongs to: the newest one
    /// that is open, or closed less than `reopen_within_days` ago.
    pub fn active_ticket(
        &self,
        requester: &str,
        now: Timestamp,
        times: &TicketTimes,
    ) -> Result<Option<Ticket>, DeskError> {
        self.in_its_file(|| {
        let since = clock::to_unix(now) - i64::from(times.reopen_within_days) * DAY;
        let id: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM tickets WHERE requester = ?1 \
                 AND (status = 'open' OR closed_at >= ?2) ORDER BY status = 'closed', id DESC LIMIT 1",
            )?
            .query_row(params![requester, since], |row| row.get(0))
            .optional()?;
        id.map(|id| self.ticket(TicketId(id))).transpose()
        })
    }

    /// The member wrote to their ticket: the text joins the conversation, the
    /// ticket waits for the team again, and a closed ticket reopens.
    pub fn add_member_message(
        &mut self,
        id: TicketId,
        body: &str,
        at: Timestamp,
    ) -> Result<MemberWrote, DeskError> {
        self.in_its_file_mut(|store| store.add_member_message_with_files(id, body, &[], at))
    }

    /// [`Store::add_member_message`] with the files the member sent, kept
    /// with the message in the same transaction.
    pub fn add_member_message_with_files(
        &mut self,
        id: TicketId,
        body: &str,
        files: &[MemberFile],
        at: Timestamp,
    ) -> Result<MemberWrote, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let was_open = is_open(&tx, id)?;
            let unix = clock::to_unix(at);
            let changed = tx
                .prepare_cached(
                    "UPDATE tickets SET status = 'open', closed_at = NULL, waiting_for = 'team', \
                 waiting_since = NULL, warned_at = NULL, last_member_at = ?2, updated_at = ?2, \
                 staff_dirty = staff_dirty + 1 WHERE id = ?1",
                )?
                .execute(params![id.0, unix])?;
            if changed == 0 {
                return Err(DeskError::not_found("ticket", id));
            }
            add_message(&tx, id, TicketAuthor::Member, body, at)?;
            add_files(&tx, tx.last_insert_rowid(), files)?;
            // Writing answers a "will close unless you write" warning, and
            // reopens a ticket whose "closed" notice may still be waiting.
            withdraw_state_notices(&tx, id)?;
            retry_failed_replies(&tx, id)?;
            if !was_open {
                ticket_audit(&tx, None, "ticket-reopened", id, at)?;
            }
            tx.commit()?;
            Ok(MemberWrote {
                ticket: id,
                reopened: !was_open,
            })
        })
    }

    /// Marks every message of a ticket as seen by the team.
    pub fn mark_ticket_seen(&mut self, id: TicketId) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            store.conn
            .prepare_cached(
                "UPDATE tickets SET seen_upto = (SELECT coalesce(max(id), 0) FROM ticket_messages \
                 WHERE ticket_id = ?1) WHERE id = ?1",
            )?
            .execute([id.0])?;
            Ok(())
        })
    }

    /// Warns the members of tickets about to close and closes the ones whose
    /// warning has run out, in one transaction. A ticket is always warned a
    /// full `warn_before_days` before it closes, even when a sweep was missed.
    pub fn sweep_tickets(
        &mut self,
        now: Timestamp,
        times: &TicketTimes,
    ) -> Result<SweepOutcome, DeskError> {
        self.in_its_file_mut(|store| {
            let unix = clock::to_unix(now);
            let close_after = i64::from(times.close_after_days) * DAY;
            let warn_before = i64::from(times.warn_before_days.min(times.close_after_days)) * DAY;
            let tx = store.write()?;
            let mut outcome = SweepOutcome::default();
            let to_close: Vec<i64> = tx
                .prepare_cached(
                    "SELECT id FROM tickets WHERE status = 'open' AND waiting_for = 'member' \
                 AND warned_at IS NOT NULL AND warned_at <= ?1 AND waiting_since <= ?2 ORDER BY id",
                )?
                .query_map(params![unix - warn_before, unix - close_after], |row| {
                    row.get(0)
                })?
                .collect::<Result<_, _>>()?;
            for id in to_close {
                let id = TicketId(id);
                tx.prepare_cached(
                    "UPDATE tickets SET status = 'closed', closed_at = ?2, updated_at = ?2, \
                 staff_dirty = staff_dirty + 1 WHERE id = ?1",
                )?
                .execute(params![id.0, unix])?;
                after_close(&tx, id, now)?;
                ticket_audit(&tx, None, "ticket-auto-closed", id, now)?;
                outcome.closed.push(id);
            }
            let to_warn: Vec<i64> = tx
                .prepare_cached(
                    "SELECT id FROM tickets WHERE status = 'open' AND waiting_for = 'member' \
                 AND warned_at IS NULL AND waiting_since <= ?1 ORDER BY id",
                )?
                .query_map([unix - (close_after - warn_before)], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            for id in to_warn {
                let id = TicketId(id);
                tx.prepare_cached("UPDATE tickets SET warned_at = ?2 WHERE id = ?1")?
                    .execute(params![id.0, unix])?;
                let to = requester_of(&tx, id)?;
                let days = times.warn_before_days.max(1).to_string();
                queue(&tx, id, DeliveryKind::Warning, &to, "", &days, now)?;
                outcome.warned.push(id);
            }
            tx.commit()?;
            Ok(outcome)
        })
    }

    /// Stores the member's 1–5 rating of a closed ticket. Only the ticket's
    /// own requester may rate it.
    pub fn rate_ticket(
        &mut self,
        id: TicketId,
        requester: &str,
        rating: u8,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            if !(1..=5).contains(&rating) {
                return Err(crate::Refusal::Rating(rating).into());
            }
            let changed = store
                .conn
                .prepare_cached(
                    "UPDATE tickets SET rating = ?3, staff_dirty = staff_dirty + 1 \
                 WHERE id = ?1 AND requester = ?2 AND status = 'closed'",
                )?
                .execute(params![id.0, requester, i64::from(rating)])?;
            if changed == 0 {
                return Err(DeskError::not_found("closed ticket of this member", id));
            }
            Ok(())
        })
    }

    /// Stores the member's comment on a rated ticket.
    pub fn comment_ticket(
        &mut self,
        id: TicketId,
        requester: &str,
        comment: &str,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            let comment: String = comment.trim().chars().take(1000).collect();
            let changed = store
                .conn
                .prepare_cached(
                    "UPDATE tickets SET rating_comment = ?3, staff_dirty = staff_dirty + 1 \
                 WHERE id = ?1 AND requester = ?2",
                )?
                .execute(params![id.0, requester, comment])?;
            if changed == 0 {
                return Err(DeskError::not_found("ticket of this member", id));
            }
            Ok(())
        })
    }

    /// The rating and comment a ticket got.
    pub fn ticket_rating(&self, id: TicketId) -> Result<(Option<u8>, Option<String>), DeskError> {
        self.in_its_file(|| {
            self.conn
                .prepare_cached("SELECT rating, rating_comment FROM tickets WHERE id = ?1")?
                .query_row([id.0], |row| {
                    Ok((
                        row.get::<_, Option<i64>>(0)?.map(|r| r.clamp(1, 5) as u8),
                        row.get(1)?,
                    ))
                })
                .optional()?
                .ok_or_else(|| DeskError::not_found("ticket", id))
        })
    }

    /// Deliveries that may be tried now: for each ticket only its oldest
    /// pending one, so that a member reads the replies in order.
    pub fn due_deliveries(&self, now: Timestamp, limit: usize) -> Result<Vec<Delivery>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {DELIVERY_COLUMNS} FROM ticket_deliveries d \
                 WHERE d.status = 'pending' AND d.next_attempt <= ?1 \
                 AND NOT EXISTS (SELECT 1 FROM ticket_deliveries e WHERE e.status = 'pending' \
                   AND e.ticket_id = d.ticket_id AND e.id < d.id) \
                 ORDER BY d.id LIMIT ?2"
            ))?;
            let rows = stmt.query_map(
                params![clock::to_unix(now), limit as i64],
                delivery_from_row,
            )?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Deliveries not yet sent (pending or waiting for a retry).
    pub fn pending_deliveries(&self) -> Result<u64, DeskError> {
        self.in_its_file(|| {
            let n: i64 = self
                .conn
                .prepare_cached("SELECT count(*) FROM ticket_deliveries WHERE status = 'pending'")?
                .query_row([], |row| row.get(0))?;
            Ok(n as u64)
        })
    }

    /// Every delivery of a ticket, oldest first.
    pub fn ticket_deliveries(&self, id: TicketId) -> Result<Vec<(Delivery, String)>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {DELIVERY_COLUMNS}, d.status FROM ticket_deliveries d \
                 WHERE d.ticket_id = ?1 ORDER BY d.id"
            ))?;
            let rows = stmt.query_map([id.0], |row| {
                Ok((delivery_from_row(row)?, row.get(DELIVERY_COLUMN_COUNT)?))
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Claims a delivery read earlier from [`Store::due_deliveries`], right
    /// before it is sent: the queue may have changed since it was read (a
    /// moderator reopened the ticket, the member wrote). Gives the delivery
    /// as it stands, or `None` when it is no longer to be sent: sent or
    /// withdrawn meanwhile, or a notice about the ticket's state that the
    /// state no longer bears out ("closed" on an open ticket, "will close"
    /// or "open again" on a closed one), which is marked withdrawn here.
    /// One transaction, so a reopening commits wholly before or after it.
    pub fn claim_delivery(&mut self, id: i64) -> Result<Option<Delivery>, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            tx.prepare_cached(
                "UPDATE ticket_deliveries SET status = 'withdrawn' WHERE id = ?1 \
             AND status = 'pending' AND kind <> 'reply' AND NOT EXISTS (SELECT 1 FROM tickets t \
               WHERE t.id = ticket_deliveries.ticket_id AND t.status = \
               CASE ticket_deliveries.kind WHEN 'closed' THEN 'closed' ELSE 'open' END)",
            )?
            .execute([id])?;
            let delivery = tx
                .prepare_cached(&format!(
                    "SELECT {DELIVERY_COLUMNS} FROM ticket_deliveries d \
                     WHERE d.id = ?1 AND d.status = 'pending'"
                ))?
                .query_row([id], delivery_from_row)
                .optional()?;
            tx.commit()?;
            Ok(delivery)
        })
    }

    /// Records that a delivery reached Discord as message `message_id`
    /// (even one withdrawn while it was on its way: the member has it).
    pub fn delivery_sent(
        &mut self,
        id: i64,
        message_id: &str,
        at: Timestamp,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            store
                .conn
                .prepare_cached(
                    "UPDATE ticket_deliveries SET status = 'sent', sent_at = ?2, message_id = ?3, \
                 attempts = attempts + 1, last_error = NULL WHERE id = ?1",
                )?
                .execute(params![id, clock::to_unix(at), message_id])?;
            Ok(())
        })
    }

    /// The Discord message after which the pieces of delivery `id` not
    /// recorded can be: its last piece recorded as accepted
    /// ([`Store::delivery_pieces_sent`]), or else the message of the latest
    /// delivery of the same ticket sent before it. Anything the bot sent
    /// after it may be one of those pieces; nothing before it is: a reply
    /// worded like an earlier one, or a piece that repeats a piece before
    /// it, is not taken for them. `None` when the channel holds nothing of
    /// the ticket's before them (or the row is unknown).
    pub fn delivery_search_start(&self, id: i64) -> Result<Option<String>, DeskError> {
        self.in_its_file(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT CASE WHEN d.status <> 'sent' AND d.pieces_sent > 0 \
                       AND d.message_id IS NOT NULL THEN d.message_id \
                     ELSE (SELECT e.message_id FROM ticket_deliveries e \
                       WHERE e.ticket_id = d.ticket_id AND e.id < d.id AND e.status = 'sent' \
                       AND e.message_id IS NOT NULL ORDER BY e.id DESC LIMIT 1) END \
                     FROM ticket_deliveries d WHERE d.id = ?1",
                )?
                .query_row([id], |row| row.get::<_, Option<String>>(0))
                .optional()?
                .flatten())
        })
    }

    /// Whether delivery `id`, a notice, has a twin that may be in the
    /// member's DMs where its look searches ([`Store::delivery_search_start`]):
    /// a notice of the same kind (so in the same words) withdrawn or given
    /// up since the ticket's delivery sent before `id`, after it was on its
    /// way or tried (a try that timed out may have arrived all the same),
    /// so Discord may have it, under an id nobody recorded. Such a twin
    /// would pass for `id`; a look then could count `id` as delivered when
    /// it never arrived. Replies have none: their pieces are embeds, a
    /// notice is plain text.
    pub fn notice_twin_may_have_arrived(&self, id: i64) -> Result<bool, DeskError> {
        self.in_its_file(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM ticket_deliveries d JOIN ticket_deliveries w \
                       ON w.ticket_id = d.ticket_id AND w.id < d.id AND w.kind = d.kind \
                     WHERE d.id = ?1 AND d.kind <> 'reply' AND w.status IN ('withdrawn', 'failed') \
                       AND (w.sent_at IS NOT NULL OR w.attempts > 0) \
                       AND w.id > coalesce((SELECT max(e.id) FROM ticket_deliveries e \
                         WHERE e.ticket_id = d.ticket_id AND e.id < d.id AND e.status = 'sent' \
                         AND e.message_id IS NOT NULL), 0))",
                )?
                .query_row([id], |row| row.get(0))?)
        })
    }

    /// Records that Discord accepted the first `pieces` pieces of delivery
    /// `id`, a reply in several DMs, right after the last of them, message
    /// `last`: on its own commit, so a failure at the next piece (or a
    /// crash) leaves the count of those that surely arrived, and where a
    /// look for the pieces after them starts ([`Store::delivery_search_start`];
    /// kept in `message_id`, which a delivery not sent has no other use
    /// for). The count never goes back, nor does that message. No
    /// piece is on its way any more ([`Store::delivery_on_its_way`]).
    pub fn delivery_pieces_sent(
        &mut self,
        id: i64,
        pieces: u32,
        last: &str,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            store
                .conn
                .prepare_cached(
                    "UPDATE ticket_deliveries SET pieces_sent = max(pieces_sent, ?2), \
                     message_id = CASE WHEN status <> 'sent' AND ?2 > pieces_sent THEN ?3 \
                       ELSE message_id END, \
                     sent_at = CASE status WHEN 'sent' THEN sent_at END WHERE id = ?1",
                )?
                .execute(params![id, i64::from(pieces), last])?;
            Ok(())
        })
    }

    /// Records, right before the relay hands a piece of delivery `id` to
    /// Discord at `at`, that it is on its way: until
    /// [`Store::delivery_pieces_sent`] or [`Store::delivery_sent`] records
    /// it, the delivery reads as [`Delivery::unconfirmed`]. A relay stopped
    /// after Discord took the piece and before the record (a crash, kill
    /// -9) then looks for it in the member's DMs when it starts again,
    /// instead of trusting a nonce Discord may have forgotten by then. One
    /// statement on its own commit, kept in `sent_at`, which a delivery not
    /// sent has no other use for.
    pub fn delivery_on_its_way(&mut self, id: i64, at: Timestamp) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            store
                .conn
                .prepare_cached(
                    "UPDATE ticket_deliveries SET sent_at = ?2 WHERE id = ?1 AND status <> 'sent'",
                )?
                .execute(params![id, clock::to_unix(at)])?;
            Ok(())
        })
    }

    /// Records a failed try: retried at `retry_at`, or given up for good
    /// (`None`), when the ticket shows `reason`.
    pub fn delivery_failed(
        &mut self,
        id: i64,
        reason: &str,
        retry_at: Option<Timestamp>,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| store.record_failure(id, reason, retry_at, false))
    }

    /// Records that Discord refused delivery `id` because it cannot reach
    /// the member (DMs closed, no server shared): it failed for now, and a
    /// reply is sent again once the member writes to the ticket. Only such a
    /// refusal is sent again; after a timeout the member may have it already.
    pub fn delivery_unreachable(&mut self, id: i64, reason: &str) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| store.record_failure(id, reason, None, true))
    }

    /// Inside [`Store::in_its_file_mut`]: the failed try of `delivery_failed`.
    fn record_failure(
        &mut self,
        id: i64,
        reason: &str,
        retry_at: Option<Timestamp>,
        unreachable: bool,
    ) -> Result<(), DeskError> {
        let tx = self.write()?;
        match retry_at {
            Some(at) => tx
                .prepare_cached(
                    "UPDATE ticket_deliveries SET attempts = attempts + 1, last_error = ?2, \
                 next_attempt = ?3 WHERE id = ?1",
                )?
                .execute(params![id, reason, clock::to_unix(at)])?,
            None => tx
                // A notice withdrawn meanwhile stays withdrawn: its
                // failure would only mislead the console.
                .prepare_cached(
                    "UPDATE ticket_deliveries SET attempts = attempts + 1, last_error = ?2, \
                 status = 'failed', unreachable = ?3 WHERE id = ?1 AND status = 'pending'",
                )?
                .execute(params![id, reason, unreachable])?,
        };
        if retry_at.is_none() {
            tx.prepare_cached(
                "UPDATE tickets SET staff_dirty = staff_dirty + 1 WHERE id = \
             (SELECT ticket_id FROM ticket_deliveries WHERE id = ?1)",
            )?
            .execute([id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Tickets whose staff-channel announcement is out of date, oldest first.
    pub fn staff_notices(&self, limit: usize) -> Result<Vec<StaffNotice>, DeskError> {
        self.in_its_file(|| {
            let rows: Vec<(i64, i64, Option<String>, Option<String>)> = self
                .conn
                .prepare_cached(
                    "SELECT t.id, t.staff_dirty, t.staff_message, m.name FROM tickets t \
                 LEFT JOIN members m ON m.id = t.member_id WHERE t.staff_dirty > 0 \
                 ORDER BY t.id LIMIT ?1",
                )?
                .query_map([limit as i64], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                })?
                .collect::<Result<_, _>>()?;
            let mut notices = Vec::with_capacity(rows.len());
            for (id, changes, message_id, member_name) in rows {
                let id = TicketId(id);
                let guesses = self
                .conn
                .prepare_cached(
                    "SELECT article_id, title, confidence FROM ticket_guesses WHERE ticket_id = ?1 \
                     ORDER BY rank",
                )?
                .query_map([id.0], |row| {
                    Ok(TicketGuess {
                        article: row.get(0)?,
                        title: row.get(1)?,
                        confidence: row.get::<_, f64>(2)? as f32,
                    })
                })?
                .collect::<Result<_, _>>()?;
                let (messages, last_member_text): (i64, Option<String>) = self
                    .conn
                    .prepare_cached(
                        "SELECT count(*), (SELECT body FROM ticket_messages WHERE ticket_id = ?1 \
                     AND author = 'member' ORDER BY id DESC LIMIT 1) \
                     FROM ticket_messages WHERE ticket_id = ?1",
                    )?
                    .query_row([id.0], |row| Ok((row.get(0)?, row.get(1)?)))?;
                notices.push(StaffNotice {
                    ticket: self.ticket(id)?,
                    member_name,
                    guesses,
                    messages: messages.max(0) as u32,
                    last_member_text,
                    message_id,
                    changes,
                });
            }
            Ok(notices)
        })
    }

    /// Records that the staff channel shows a notice as message `message_id`;
    /// changes made meanwhile stay pending.
    pub fn staff_posted(
        &mut self,
        id: TicketId,
        message_id: &str,
        changes: i64,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            store
                .conn
                .prepare_cached(
                    "UPDATE tickets SET staff_message = ?2, staff_dirty = max(staff_dirty - ?3, 0) \
                 WHERE id = ?1",
                )?
                .execute(params![id.0, message_id, changes])?;
            Ok(())
        })
    }

    /// The team's figures over the `days` days before `now`: tickets opened,
    /// the medians of first response and resolution (for the tickets opened
    /// in the period), the ratings, each per language too.
    pub fn ticket_stats(&self, now: Timestamp, days: u32) -> Result<TicketStats, DeskError> {
        self.in_its_file(|| {
            let since = clock::to_unix(now) - i64::from(days) * DAY;
            let rows: Vec<StatsRow> = self
                .conn
                .prepare_cached(
                    // As the tickets stood at `now`: a reply or a closing
                    // after it had not happened yet, nor a rating, which
                    // comes after the closing.
                    "SELECT lang, created_at, \
                            CASE WHEN first_response_at <= ?2 THEN first_response_at END, \
                            CASE WHEN closed_at <= ?2 THEN closed_at END, \
                            CASE WHEN closed_at <= ?2 THEN rating END \
                     FROM tickets WHERE created_at >= ?1 AND created_at <= ?2",
                )?
                .query_map(params![since, clock::to_unix(now)], |row| row.try_into())?
                .collect::<Result<_, _>>()?;
            let figures = |lang: Option<&str>| {
                let mine = rows
                    .iter()
                    .filter(|r| lang.is_none_or(|l| r.0 == l))
                    .collect::<Vec<_>>();
                LangCount {
                    opened: mine.len() as u64,
                    median_first_response: median(
                        mine.iter()
                            .filter_map(|r| r.2.map(|f| (f - r.1).max(0)))
                            .collect(),
                    ),
                    median_resolution: median(
                        mine.iter()
                            .filter_map(|r| r.3.map(|c| (c - r.1).max(0)))
                            .collect(),
                    ),
                }
            };
            let mut ratings = [0u64; 5];
            for rating in rows.iter().filter_map(|r| r.4) {
                if let Some(slot) = ratings.get_mut((rating.clamp(1, 5) - 1) as usize) {
                    *slot += 1;
                }
            }
            let rated: u64 = ratings.iter().sum();
            let mean_rating = (rated > 0).then(|| {
                ratings
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (i as u64 + 1) * n)
                    .sum::<u64>() as f64
                    / rated as f64
            });
            let open_now: i64 = self
                .conn
                // Open at `now`: opened by then and not closed by then (a
                // ticket closed later was still open).
                .prepare_cached(
                    "SELECT count(*) FROM tickets WHERE created_at <= ?1 \
                     AND (status = 'open' OR closed_at > ?1)",
                )?
                .query_row([clock::to_unix(now)], |row| row.get(0))?;
            Ok(TicketStats {
                days,
                all: figures(None),
                en: figures(Some("en")),
                de: figures(Some("de")),
                ratings,
                mean_rating,
                open_now: open_now.max(0) as u64,
            })
        })
    }

    /// A number that changes whenever another connection (another process,
    /// or another `Store`) commits to the database: cheap enough to poll.
    pub fn data_version(&self) -> Result<i64, DeskError> {
        self.in_its_file(|| {
            Ok(self
                .conn
                .query_row("PRAGMA data_version", [], |row| row.get(0))?)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests;
