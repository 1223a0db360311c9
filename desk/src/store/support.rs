//! Support tickets, the questions the bot could not answer, article feedback
//! and the audit log. The handover (deliveries to the member, the lifecycle,
//! the staff channel and the figures) lives in [`handover`].

pub(crate) mod handover;

use super::{Store, Write, audit};
use crate::DeskError;
use crate::clock::{self, Timestamp};
use crate::records::{MemberId, TicketId};
use locales::{FluentValue, Lang, Localizer};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Why the team's reply to a ticket was refused, naming what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketRefusal {
    /// The reply was to be signed by someone who moderates no group.
    #[error("{0} is no moderator: they moderate no group, so they cannot sign a reply")]
    NotAModerator(String),
    /// The ticket is closed; nothing was stored or sent.
    #[error("ticket #{0} is closed; nothing was sent")]
    Closed(TicketId),
    /// The ticket was to be reopened by someone who moderates no group.
    #[error("{0} is no moderator: they moderate no group, so they cannot reopen a ticket")]
    MayNotReopen(String),
    /// The ticket to reopen is open; nothing was changed.
    #[error("ticket #{0} is already open; nothing was changed")]
    AlreadyOpen(TicketId),
    /// The ticket was to be closed by someone who moderates no group.
    #[error("{0} is no moderator: they moderate no group, so they cannot close a ticket")]
    MayNotClose(String),
    /// The ticket to close is closed; nothing was changed or sent.
    #[error("ticket #{0} is already closed; nothing was changed")]
    AlreadyClosed(TicketId),
    /// The ticket was to be assigned to someone who moderates no group.
    #[error("{0} is no moderator: they moderate no group, so they cannot take a ticket")]
    MayNotAssign(String),
}

impl TicketRefusal {
    /// The reason in plain words, in `lang`; a command it suggests works
    /// on the default database.
    pub fn message(&self, l: &Localizer, lang: Lang) -> String {
        self.message_for(l, lang, "")
    }

    /// [`TicketRefusal::message`] with `db_flag` (` --db PATH`, as the
    /// user gave it) in the command it suggests, so that the command works
    /// on the same database as the one refused.
    pub fn message_for(&self, l: &Localizer, lang: Lang, db_flag: &str) -> String {
        let email = |e: &str| ("email", FluentValue::from(e.to_string()));
        let ticket = |id: &TicketId| ("ticket", FluentValue::from(id.0));
        let (message, argument) = match self {
            TicketRefusal::NotAModerator(e) => ("ticket-reply-not-a-moderator", email(e)),
            TicketRefusal::Closed(id) => ("ticket-reply-closed", ticket(id)),
            TicketRefusal::MayNotReopen(e) => ("ticket-reopen-not-a-moderator", email(e)),
            TicketRefusal::AlreadyOpen(id) => ("ticket-reopen-open", ticket(id)),
            TicketRefusal::MayNotClose(e) => ("ticket-close-not-a-moderator", email(e)),
            TicketRefusal::AlreadyClosed(id) => ("ticket-close-closed", ticket(id)),
            TicketRefusal::MayNotAssign(e) => ("ticket-assign-not-a-moderator", email(e)),
        };
        l.format(lang, message, &[argument, ("db", db_flag.into())])
    }
}

/// The rule for acting for the team (replying, closing, reopening), as for
/// linking a console account: `moderator` must moderate a group, else
/// `refusal` names them for the action at hand.
fn must_moderate(
    conn: &rusqlite::Connection,
    moderator: MemberId,
    refusal: fn(String) -> TicketRefusal,
) -> Result<(), DeskError> {
    let (email, moderates) = super::moderators::moderates(conn, moderator)?
        .ok_or_else(|| DeskError::not_found("member", moderator.0))?;
    if moderates {
        Ok(())
    } else {
        Err(refusal(email).into())
    }
}

/// How a ticket's requester names a member by their desk id rather than
/// a Discord account: the demo's tickets and `helpdesk chat --as` must
/// agree, or a member's chat would not find their open ticket.
pub const MEMBER_REQUESTER_PREFIX: &str = "member:";

/// The requester of a ticket for `member`, known by their desk id.
pub fn member_requester(member: MemberId) -> String {
    format!("{MEMBER_REQUESTER_PREFIX}{member}")
}

/// Where a ticket came from and who it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    /// `bot` or `console`.
    pub from_bot: bool,
    /// The member, when known.
    pub member: Option<MemberId>,
    /// How to reach the requester (a Discord user, a name, an address).
    pub requester: String,
    /// The requester's language.
    pub lang: Lang,
    /// A one-line summary.
    pub subject: String,
    /// The conversation so far, oldest first.
    pub conversation: Vec<(TicketAuthor, String)>,
}

/// Who wrote a ticket message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketAuthor {
    /// The member asking.
    Member,
    /// The bot's answer.
    Bot,
    /// A moderator's reply.
    Moderator,
}

impl TicketAuthor {
    fn as_str(self) -> &'static str {
        match self {
            TicketAuthor::Member => "member",
            TicketAuthor::Bot => "bot",
            TicketAuthor::Moderator => "moderator",
        }
    }

    fn parse(text: &str) -> TicketAuthor {
        match text {
            "bot" => TicketAuthor::Bot,
            "moderator" => TicketAuthor::Moderator,
            _ => TicketAuthor::Member,
        }
    }
}

/// Open or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketStatus {
    /// Waiting for the team.
    Open,
    /// Done.
    Closed,
}

/// A support ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// The number the member is told.
    pub id: TicketId,
    /// Opened by the bot (else from the console).
    pub from_bot: bool,
    /// Who asked.
    pub requester: String,
    /// Their language.
    pub lang: Lang,
    /// Summary.
    pub subject: String,
    /// Open or closed.
    pub status: TicketStatus,
    /// The moderator who took it.
    pub assignee: Option<String>,
    /// Last change.
    pub updated_at: Timestamp,
    /// When it was opened.
    pub created_at: Timestamp,
    /// Whose turn it is while it is open.
    pub waiting_for: handover::WaitingFor,
    /// Member messages no moderator has seen yet.
    pub unread: u32,
    /// Why the last message to the member could not be delivered, if it could not.
    pub delivery_failure: Option<String>,
    /// The member's 1–5 rating after closing.
    pub rating: Option<u8>,
}

/// One message of a ticket's conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketMessage {
    /// Who wrote it.
    pub author: TicketAuthor,
    /// What they wrote.
    pub body: String,
    /// When.
    pub at: Timestamp,
    /// The files the member sent with it, in their order.
    pub files: Vec<TicketFile>,
}

/// The most bytes of one file the bot keeps with a ticket: a phone's
/// screenshot is well below, a video is not what the team needs.
pub const MAX_KEPT_FILE: u64 = 8 * 1024 * 1024;

/// A file a member sent to their ticket, as the bot fetched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFile {
    /// Its name, as the member's device gave it.
    pub filename: String,
    /// Its media type, when Discord names one.
    pub content_type: Option<String>,
    /// Its size in bytes, as Discord gives it.
    pub size: u64,
    /// Its link on Discord's CDN (it expires after about a day).
    pub url: String,
    /// What the bot could keep of it.
    pub content: FileContent,
}

/// What the bot could keep of a member's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileContent {
    /// The file itself (at most [`MAX_KEPT_FILE`] bytes).
    Kept(Vec<u8>),
    /// Larger than [`MAX_KEPT_FILE`]: only its link is kept.
    TooLarge,
    /// Fetching it failed (why, for the team): only its link is kept.
    Failed(FileFailure),
}

/// Why a member's file could not be fetched, said to the team in their
/// language (`file-failure-*` in `locales/`); stored as a short code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileFailure {
    /// Discord's CDN answered with this HTTP status.
    Http(u16),
    /// No answer within this many seconds.
    Timeout(u64),
    /// The connection failed (the network's own words, in English).
    Network(String),
    /// The member had no ticket the file could join when they sent it.
    NoTicket,
    /// It came with a mention in a channel, not in a DM.
    NotDirect,
    /// Not fetched yet: the bot keeps a message's files one by one after
    /// the message, and one still in this state was being fetched, or the
    /// bot stopped before it was.
    Fetching,
}

impl FileFailure {
    /// The code stored in `ticket_files.problem`.
    pub fn code(&self) -> String {
        match self {
            FileFailure::Http(status) => format!("http {status}"),
            FileFailure::Timeout(seconds) => format!("timeout {seconds}"),
            FileFailure::Network(words) => format!("network {words}"),
            FileFailure::NoTicket => "no-ticket".into(),
            FileFailure::NotDirect => "not-direct".into(),
            FileFailure::Fetching => FETCHING.into(),
        }
    }

    /// Reads a stored code; anything else is the network's words.
    pub fn parse(code: &str) -> FileFailure {
        let (kind, rest) = code.split_once(' ').unwrap_or((code, ""));
        match kind {
            "http" => rest
                .parse()
                .map_or_else(|_| FileFailure::Network(code.into()), FileFailure::Http),
            "timeout" => rest
                .parse()
                .map_or_else(|_| FileFailure::Network(code.into()), FileFailure::Timeout),
            "network" => FileFailure::Network(rest.into()),
            "no-ticket" => FileFailure::NoTicket,
            "not-direct" => FileFailure::NotDirect,
            FETCHING => FileFailure::Fetching,
            _ => FileFailure::Network(code.into()),
        }
    }

    /// Why, in `lang`.
    pub fn message(&self, l: &Localizer, lang: Lang) -> String {
        match self {
            FileFailure::Http(status) => l.format(
                lang,
                "file-failure-http",
                &[("status", FluentValue::from(u64::from(*status)))],
            ),
            FileFailure::Timeout(seconds) => l.format(
                lang,
                "file-failure-timeout",
                &[("seconds", FluentValue::from(*seconds))],
            ),
            FileFailure::Network(words) => l.format(
                lang,
                "file-failure-network",
                &[("reason", FluentValue::from(words.as_str()))],
            ),
            FileFailure::NoTicket => l.text(lang, "file-failure-no-ticket"),
            FileFailure::NotDirect => l.text(lang, "file-failure-not-direct"),
            FileFailure::Fetching => l.text(lang, "file-failure-fetching"),
        }
    }
}

/// The stored code of [`FileFailure::Fetching`].
const FETCHING: &str = "fetching";

/// A member's file stored before its bytes ([`FileFailure::Fetching`]),
/// for the bot to fetch and keep with [`Store::keep_member_file`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileToFetch {
    /// The `ticket_files` row.
    pub id: i64,
    /// Its link on Discord's CDN.
    pub url: String,
    /// Its size in bytes, as Discord gave it.
    pub size: u64,
}

fn file_to_fetch_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<FileToFetch> {
    Ok(FileToFetch {
        id: row.get(0)?,
        url: row.get(1)?,
        size: row.get::<_, i64>(2)?.max(0) as u64,
    })
}

/// Whether a ticket's file is kept, as the team sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// Its bytes are in the database ([`Store::ticket_file`]).
    Kept,
    /// Too large to keep; only the link.
    TooLarge,
    /// It could not be fetched (why); only the link.
    Failed(FileFailure),
}

/// A file of a ticket's conversation, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFile {
    /// Row id: what `helpdesk tickets file` is given.
    pub id: i64,
    /// Its name, as the member's device gave it.
    pub filename: String,
    /// Its media type, when Discord named one.
    pub content_type: Option<String>,
    /// Its size in bytes, as Discord gave it.
    pub size: u64,
    /// Its link on Discord's CDN, which may have expired.
    pub url: String,
    /// Whether the bytes are kept.
    pub state: FileState,
}

/// The columns [`ticket_file_from_row`] reads, from `ticket_files`.
const TICKET_FILE_COLUMNS: &str = "id, filename, content_type, size, url, state, problem";

fn ticket_file_from_row(row: &Row<'_>) -> rusqlite::Result<TicketFile> {
    let state: String = row.get(5)?;
    Ok(TicketFile {
        id: row.get(0)?,
        filename: row.get(1)?,
        content_type: row.get(2)?,
        size: row.get::<_, i64>(3)?.max(0) as u64,
        url: row.get(4)?,
        state: match state.as_str() {
            "kept" => FileState::Kept,
            "too-large" => FileState::TooLarge,
            _ => FileState::Failed(FileFailure::parse(
                &row.get::<_, Option<String>>(6)?.unwrap_or_default(),
            )),
        },
    })
}

/// `ticket_files`' state, problem and content for what was kept of a file.
fn file_columns(content: &FileContent) -> (&'static str, Option<String>, Option<&[u8]>) {
    match content {
        FileContent::Kept(bytes) => ("kept", None, Some(bytes.as_slice())),
        FileContent::TooLarge => ("too-large", None, None),
        FileContent::Failed(why) => ("failed", Some(why.code()), None),
    }
}

/// Keeps a member's files with their message `message` (a `ticket_messages` row).
pub(crate) fn add_files(
    conn: &Connection,
    message: i64,
    files: &[MemberFile],
) -> Result<(), DeskError> {
    for file in files {
        let (state, problem, content) = file_columns(&file.content);
        conn.prepare_cached(
            "INSERT INTO ticket_files (message_id, filename, content_type, size, url, state, \
             problem, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            message,
            file.filename,
            file.content_type,
            i64::try_from(file.size).unwrap_or(i64::MAX),
            file.url,
            state,
            problem,
            content
        ])?;
    }
    Ok(())
}

/// A question the bot could not answer, counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnansweredQuestion {
    /// Row id.
    pub id: i64,
    /// The question as first asked.
    pub question: String,
    /// Its language.
    pub lang: Lang,
    /// How often it was asked.
    pub count: u64,
    /// Most recently.
    pub last_asked: Timestamp,
    /// The article it was linked to as an extra phrasing.
    pub linked_article: Option<String>,
}

/// One audit-log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// When.
    pub at: Timestamp,
    /// Who, as a member.
    pub moderator: Option<String>,
    /// Who, as the operating-system account that ran the command.
    pub os_user: Option<String>,
    /// What (`invitation-approved`, ...).
    pub action: String,
    /// On what (`invitation:12`).
    pub target: String,
    /// Their note.
    pub note: String,
}

fn ticket_from_row(row: &Row<'_>) -> rusqlite::Result<Ticket> {
    let source: String = row.get(1)?;
    let lang: String = row.get(3)?;
    let status: String = row.get(5)?;
    Ok(Ticket {
        id: TicketId(row.get(0)?),
        from_bot: source == "bot",
        requester: row.get(2)?,
        lang: Lang::parse(&lang).unwrap_or(Lang::En),
        subject: row.get(4)?,
        status: if status == "closed" {
            TicketStatus::Closed
        } else {
            TicketStatus::Open
        },
        assignee: row.get(6)?,
        updated_at: clock::from_unix(row.get(7)?),
        created_at: clock::from_unix(row.get(8)?),
        waiting_for: handover::WaitingFor::parse(&row.get::<_, String>(9)?),
        unread: row.get::<_, i64>(10)?.max(0) as u32,
        delivery_failure: row.get(11)?,
        rating: row.get::<_, Option<i64>>(12)?.map(|r| r.clamp(1, 5) as u8),
    })
}

const TICKET_SELECT: &str = "SELECT t.id, t.source, t.requester, t.lang, t.subject, t.status, \
     a.name, t.updated_at, t.created_at, t.waiting_for, \
     (SELECT count(*) FROM ticket_messages m WHERE m.ticket_id = t.id AND m.author = 'member' \
        AND m.id > t.seen_upto), \
     (SELECT d.last_error FROM ticket_deliveries d WHERE d.ticket_id = t.id AND d.status = 'failed' \
        AND NOT EXISTS (SELECT 1 FROM ticket_deliveries s WHERE s.ticket_id = t.id \
          AND s.status = 'sent' AND s.id > d.id) ORDER BY d.id DESC LIMIT 1), \
     t.rating \
     FROM tickets t LEFT JOIN members a ON a.id = t.assignee";

/// Folds a question for counting repeats through the project's one folding
/// (`locales::fold`): case, accents and umlaut spellings, full-width
/// letters, invisible characters, spacing and trailing punctuation do not
/// make a new question. Migration 0010 refolds the keys of older databases.
pub(super) fn fold_question(question: &str) -> String {
    locales::fold::search_key(question)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['?', '!', '.', ' '])
        .to_string()
}

pub(crate) fn open_ticket_in(
    conn: &Connection,
    ticket: &NewTicket,
    at: Timestamp,
) -> Result<TicketId, DeskError> {
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO tickets (source, member_id, requester, lang, subject, status, created_at, \
             updated_at, last_member_at) VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?6, ?6) RETURNING id",
        )?
        .query_row(
            params![
                if ticket.from_bot { "bot" } else { "console" },
                ticket.member.map(|m| m.0),
                ticket.requester,
                ticket.lang.code(),
                ticket.subject,
                clock::to_unix(at)
            ],
            |row| row.get(0),
        )?;
    for (author, body) in &ticket.conversation {
        add_message(conn, TicketId(id), *author, body, at)?;
    }
    Ok(TicketId(id))
}

pub(crate) fn add_message(
    conn: &Connection,
    ticket: TicketId,
    author: TicketAuthor,
    body: &str,
    at: Timestamp,
) -> Result<(), DeskError> {
    conn.prepare_cached(
        "INSERT INTO ticket_messages (ticket_id, author, body, at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![ticket.0, author.as_str(), body, clock::to_unix(at)])?;
    Ok(())
}

pub(crate) fn record_unanswered_in(
    conn: &Connection,
    question: &str,
    lang: Lang,
    at: Timestamp,
) -> Result<(), DeskError> {
    let folded = fold_question(question);
    if folded.is_empty() {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO unanswered_questions (question, normalized, lang, count, first_asked, last_asked) \
         VALUES (?1, ?2, ?3, 1, ?4, ?4) ON CONFLICT (normalized, lang) \
         DO UPDATE SET count = count + 1, last_asked = max(last_asked, excluded.last_asked)",
    )?
    .execute(params![question.trim(), folded, lang.code(), clock::to_unix(at)])?;
    Ok(())
}

/// Logs `action` on ticket `id` in the caller's transaction, under the one
/// target name every ticket entry of the audit log uses.
pub(crate) fn ticket_audit(
    tx: &Write<'_>,
    moderator: Option<MemberId>,
    action: &str,
    id: TicketId,
    at: Timestamp,
) -> Result<(), DeskError> {
    audit(tx, moderator, action, &format!("ticket:{id}"), "", at)
}

impl Store {
    /// Opens a ticket with the conversation so far; returns its number.
    pub fn open_ticket(
        &mut self,
        ticket: &NewTicket,
        at: Timestamp,
    ) -> Result<TicketId, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let id = open_ticket_in(&tx, ticket, at)?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// One ticket.
    pub fn ticket(&self, id: TicketId) -> Result<Ticket, DeskError> {
        self.in_its_file(|| {
            self.conn
                .prepare_cached(&format!("{TICKET_SELECT} WHERE t.id = ?1"))?
                .query_row([id.0], ticket_from_row)
                .optional()?
                .ok_or_else(|| DeskError::not_found("ticket", id))
        })
    }

    /// Tickets, open ones first, most recently changed first.
    pub fn tickets(&self, offset: usize, limit: usize) -> Result<Vec<Ticket>, DeskError> {
        self.in_its_file(|| {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{TICKET_SELECT} ORDER BY t.status = 'closed', t.updated_at DESC, t.id DESC LIMIT ?1 OFFSET ?2"
        ))?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], ticket_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// A ticket's conversation, oldest first.
    pub fn ticket_messages(&self, id: TicketId) -> Result<Vec<TicketMessage>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT author, body, at, id FROM ticket_messages WHERE ticket_id = ?1 \
                 ORDER BY at, id",
            )?;
            let rows = stmt.query_map([id.0], |row| {
                let author: String = row.get(0)?;
                Ok((
                    row.get::<_, i64>(3)?,
                    TicketMessage {
                        author: TicketAuthor::parse(&author),
                        body: row.get(1)?,
                        at: clock::from_unix(row.get(2)?),
                        files: Vec::new(),
                    },
                ))
            })?;
            let mut messages = rows.collect::<Result<Vec<_>, _>>()?;
            let mut files = self.conn.prepare_cached(&format!(
                "SELECT {TICKET_FILE_COLUMNS} FROM ticket_files WHERE message_id = ?1 ORDER BY id"
            ))?;
            for (message, kept) in &mut messages {
                kept.files = files
                    .query_map([*message], ticket_file_from_row)?
                    .collect::<Result<_, _>>()?;
            }
            Ok(messages.into_iter().map(|(_, m)| m).collect())
        })
    }

    /// A file a member sent to a ticket, with its bytes when they are kept.
    pub fn ticket_file(&self, id: i64) -> Result<(TicketFile, Option<Vec<u8>>), DeskError> {
        self.in_its_file(|| {
            self.conn
                .prepare_cached(&format!(
                    "SELECT {TICKET_FILE_COLUMNS}, content FROM ticket_files WHERE id = ?1"
                ))?
                .query_row([id], |row| Ok((ticket_file_from_row(row)?, row.get(7)?)))
                .optional()?
                .ok_or_else(|| DeskError::not_found("ticket file", id))
        })
    }

    /// The files of `requester`'s tickets still waiting for their bytes
    /// ([`FileFailure::Fetching`]), oldest first.
    pub fn files_to_fetch(&self, requester: &str) -> Result<Vec<FileToFetch>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT f.id, f.url, f.size FROM tickets t \
                 JOIN ticket_messages m ON m.ticket_id = t.id \
                 JOIN ticket_files f ON f.message_id = m.id \
                 WHERE t.requester = ?1 AND f.state = 'failed' AND f.problem = ?2 ORDER BY f.id",
            )?;
            let rows = stmt.query_map(params![requester, FETCHING], file_to_fetch_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Every member's files still waiting for their bytes, oldest first:
    /// those a stopped or failed fetch left behind, for the bot to fetch
    /// when it starts (while Discord's links still work).
    pub fn files_left_fetching(&self) -> Result<Vec<FileToFetch>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT f.id, f.url, f.size FROM ticket_files f \
                 WHERE f.state = 'failed' AND f.problem = ?1 ORDER BY f.id",
            )?;
            let rows = stmt.query_map(params![FETCHING], file_to_fetch_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Keeps what the bot fetched of file `id`, stored before its bytes
    /// ([`FileFailure::Fetching`]): one file per statement, so the bot holds
    /// one file's bytes at a time, never a whole message's. Whether the
    /// file was still waiting (a second fetch of it changes nothing).
    pub fn keep_member_file(&mut self, id: i64, content: &FileContent) -> Result<bool, DeskError> {
        self.in_its_file_mut(|store| {
            let (state, problem, bytes) = file_columns(content);
            let changed = store
                .conn
                .prepare_cached(
                    "UPDATE ticket_files SET state = ?2, problem = ?3, content = ?4 \
                     WHERE id = ?1 AND state = 'failed' AND problem = ?5",
                )?
                .execute(params![id, state, problem, bytes, FETCHING])?;
            Ok(changed > 0)
        })
    }

    /// Assigns a ticket to a moderator. Logged. Refused, like a reply or
    /// a closing, for someone who moderates no group: the ticket would wait
    /// on a person who may not answer it.
    pub fn assign_ticket(
        &mut self,
        id: TicketId,
        moderator: MemberId,
        at: Timestamp,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            // An unknown ticket is named before anything is said about the signer.
            ticket_closed(&tx, id)?;
            must_moderate(&tx, moderator, TicketRefusal::MayNotAssign)?;
            touch(&tx, id, TicketChange::Assign(moderator), at)?;
            ticket_audit(&tx, Some(moderator), "ticket-assigned", id, at)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Adds a moderator's reply to a ticket and queues it for the member
    /// (Discord, else e-mail). Logged.
    pub fn reply_to_ticket(
        &mut self,
        id: TicketId,
        moderator: MemberId,
        body: &str,
        at: Timestamp,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| store.reply_to_ticket_as(id, Some(moderator), body, at))
    }

    /// A reply signed by a moderator, or by the team as a whole (`None`,
    /// e.g. from a script). Queued for the member and logged.
    pub fn reply_to_ticket_as(
        &mut self,
        id: TicketId,
        moderator: Option<MemberId>,
        body: &str,
        at: Timestamp,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            // Spaces and invisible characters alone (a zero-width space
            // pasted from elsewhere) would reach the member as a blank DM.
            if body
                .chars()
                .all(|c| c.is_whitespace() || c.is_control() || locales::fold::is_invisible(c))
            {
                return Err(crate::Refusal::EmptyReply.into());
            }
            let tx = store.write()?;
            // Like ModMail and discord-tickets, a closed ticket takes no reply:
            // the member was already asked to rate it, and a reply arriving
            // after that, on a ticket still shown as closed, would read as a
            // mistake. The member reopens it by writing again, a moderator with
            // `reopen_ticket` (the only way for a member without Discord).
            if ticket_closed(&tx, id)? {
                return Err(TicketRefusal::Closed(id).into());
            }
            if let Some(moderator) = moderator {
                must_moderate(&tx, moderator, TicketRefusal::NotAModerator)?;
            }
            touch(&tx, id, TicketChange::Reply, at)?;
            add_message(&tx, id, TicketAuthor::Moderator, body.trim(), at)?;
            handover::after_reply(&tx, id, moderator, body.trim(), at)?;
            ticket_audit(&tx, moderator, "ticket-replied", id, at)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Closes an open ticket for the team, in one transaction: the member is
    /// told it is closed and asked for a rating (queued like a reply), and
    /// the audit log names the moderator. Refused for someone who moderates
    /// no group and for a ticket that is closed, so the member is never told
    /// twice. The sweep's closing for silence is no moderator's act and
    /// goes its own way ([`Store::sweep_tickets`]).
    pub fn close_ticket(
        &mut self,
        id: TicketId,
        moderator: MemberId,
        at: Timestamp,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            // An unknown ticket is named before anything is said about the signer.
            let closed = ticket_closed(&tx, id)?;
            must_moderate(&tx, moderator, TicketRefusal::MayNotClose)?;
            if closed {
                return Err(TicketRefusal::AlreadyClosed(id).into());
            }
            touch(&tx, id, TicketChange::Close, at)?;
            handover::after_close(&tx, id, at)?;
            ticket_audit(&tx, Some(moderator), "ticket-closed", id, at)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Reopens a closed ticket for the team, in one transaction: it waits
    /// for the team again, a "closed" or "will close" notice not yet sent is
    /// withdrawn (the member would read it after the reopening), the member
    /// is told the ticket is open again (on Discord, like the closing
    /// notice), and the audit log names the moderator. Refused for someone who moderates no
    /// group and for a ticket that is open. True when the member will be
    /// told on Discord.
    pub fn reopen_ticket(
        &mut self,
        id: TicketId,
        moderator: MemberId,
        at: Timestamp,
    ) -> Result<bool, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            // An unknown ticket is named before anything is said about the signer.
            let closed = ticket_closed(&tx, id)?;
            must_moderate(&tx, moderator, TicketRefusal::MayNotReopen)?;
            if !closed {
                return Err(TicketRefusal::AlreadyOpen(id).into());
            }
            touch(&tx, id, TicketChange::Reopen, at)?;
            let told = handover::after_reopen(&tx, id, at)?;
            ticket_audit(&tx, Some(moderator), "ticket-reopened", id, at)?;
            tx.commit()?;
            Ok(told)
        })
    }

    /// Counts a question the bot could not answer.
    pub fn record_unanswered(
        &mut self,
        question: &str,
        lang: Lang,
        at: Timestamp,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| record_unanswered_in(&store.conn, question, lang, at))
    }

    /// One page of the questions the bot could not answer, most asked first.
    pub fn unanswered_questions(
        &self,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<UnansweredQuestion>, DeskError> {
        self.in_its_file(|| {
            self.unanswered_where(
                "1 ORDER BY count DESC, last_asked DESC, id LIMIT ?1 OFFSET ?2",
                params![limit as i64, offset as i64],
            )
        })
    }

    /// Every question a moderator linked to an article: the FAQ's extra phrasings.
    pub fn linked_questions(&self) -> Result<Vec<UnansweredQuestion>, DeskError> {
        self.in_its_file(|| {
            self.unanswered_where("linked_article IS NOT NULL ORDER BY id", params![])
        })
    }

    /// One unanswered question by its row id.
    pub fn unanswered_question(&self, id: i64) -> Result<UnansweredQuestion, DeskError> {
        self.in_its_file(|| {
            self.unanswered_where("id = ?1", params![id])?
                .pop()
                .ok_or_else(|| DeskError::not_found("unanswered question", id))
        })
    }

    pub(super) fn unanswered_where(
        &self,
        condition: &str,
        values: impl rusqlite::Params,
    ) -> Result<Vec<UnansweredQuestion>, DeskError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, question, lang, count, last_asked, linked_article FROM unanswered_questions \
             WHERE {condition}"
        ))?;
        let rows = stmt.query_map(values, |row| {
            let lang: String = row.get(2)?;
            Ok(UnansweredQuestion {
                id: row.get(0)?,
                question: row.get(1)?,
                lang: Lang::parse(&lang).unwrap_or(Lang::En),
                count: row.get::<_, i64>(3)? as u64,
                last_asked: clock::from_unix(row.get(4)?),
                linked_article: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Links an unanswered question to the article that answers it. Logged.
    pub fn link_unanswered(
        &mut self,
        id: i64,
        article: &str,
        moderator: MemberId,
        at: Timestamp,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let changed = tx
                .prepare_cached(
                    "UPDATE unanswered_questions SET linked_article = ?2 WHERE id = ?1",
                )?
                .execute(params![id, article])?;
            if changed == 0 {
                return Err(DeskError::not_found("unanswered question", id));
            }
            audit(
                &tx,
                Some(moderator),
                "question-linked",
                &format!("question:{id}"),
                article,
                at,
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Counts a "Helpful" or "Not helpful" press on an article.
    pub fn record_feedback(
        &mut self,
        article: &str,
        lang: Lang,
        helpful: bool,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
        store.conn
            .prepare_cached(
                "INSERT INTO article_feedback (article_id, lang, helpful, not_helpful) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (article_id, lang) DO UPDATE SET helpful = helpful + excluded.helpful, \
                 not_helpful = not_helpful + excluded.not_helpful",
            )?
            .execute(params![article, lang.code(), i64::from(helpful), i64::from(!helpful)])?;
        Ok(())
        })
    }

    /// An article's feedback: (helpful, not helpful), both languages together.
    pub fn feedback(&self, article: &str) -> Result<(u64, u64), DeskError> {
        self.in_its_file(|| {
        let (helpful, not_helpful): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(helpful), 0), coalesce(sum(not_helpful), 0) FROM article_feedback \
                 WHERE article_id = ?1",
            )?
            .query_row([article], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok((helpful as u64, not_helpful as u64))
        })
    }

    /// The audit log, newest first.
    pub fn audit_log(&self, offset: usize, limit: usize) -> Result<Vec<AuditEntry>, DeskError> {
        self.in_its_file(|| {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.at, m.name, l.action, l.target, l.note, l.os_user FROM audit_log l \
             LEFT JOIN members m ON m.id = l.moderator ORDER BY l.at DESC, l.id DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], |row| {
            Ok(AuditEntry {
                at: clock::from_unix(row.get(0)?),
                moderator: row.get(1)?,
                action: row.get(2)?,
                target: row.get(3)?,
                note: row.get(4)?,
                os_user: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

/// Whether the ticket is closed; an unknown ticket is named.
fn ticket_closed(conn: &Connection, id: TicketId) -> Result<bool, DeskError> {
    conn.prepare_cached("SELECT status = 'closed' FROM tickets WHERE id = ?1")?
        .query_row([id.0], |row| row.get(0))
        .optional()?
        .ok_or_else(|| DeskError::not_found("ticket", id))
}

/// What a moderator does to a ticket.
enum TicketChange {
    Assign(MemberId),
    Reply,
    Close,
    Reopen,
}

/// Applies a change to a ticket and stamps it.
fn touch(
    conn: &Connection,
    id: TicketId,
    change: TicketChange,
    at: Timestamp,
) -> Result<(), DeskError> {
    let at = clock::to_unix(at);
    let changed = match change {
        TicketChange::Assign(moderator) => conn
            .prepare_cached(
                "UPDATE tickets SET assignee = ?3, updated_at = ?2, staff_dirty = staff_dirty + 1 \
                 WHERE id = ?1",
            )?
            .execute(params![id.0, at, moderator.0])?,
        TicketChange::Reply => conn
            .prepare_cached("UPDATE tickets SET updated_at = ?2 WHERE id = ?1")?
            .execute(params![id.0, at])?,
        TicketChange::Close => conn
            .prepare_cached(
                "UPDATE tickets SET status = 'closed', updated_at = ?2, closed_at = ?2, \
                 staff_dirty = staff_dirty + 1 WHERE id = ?1",
            )?
            .execute(params![id.0, at])?,
        // As when the member writes again: the team's turn, a fresh silence
        // count, and no closing time while it is open.
        TicketChange::Reopen => conn
            .prepare_cached(
                "UPDATE tickets SET status = 'open', closed_at = NULL, waiting_for = 'team', \
                 waiting_since = NULL, warned_at = NULL, updated_at = ?2, \
                 staff_dirty = staff_dirty + 1 WHERE id = ?1",
            )?
            .execute(params![id.0, at])?,
    };
    if changed == 0 {
        return Err(DeskError::not_found("ticket", id));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::community::NewMember;
    use crate::store::tests::temp_store;
    use time::macros::datetime;

    const AT: Timestamp = datetime!(2026-11-22 10:00 UTC);

    #[test]
    fn a_file_failure_is_stored_as_a_code_and_said_in_the_teams_language() {
        let all = [
            FileFailure::Http(404),
            FileFailure::Timeout(30),
            FileFailure::Network("error sending request: connection refused".into()),
            FileFailure::NoTicket,
            FileFailure::NotDirect,
            FileFailure::Fetching,
        ];
        let l = Localizer::embedded().expect("locales");
        for failure in &all {
            assert_eq!(&FileFailure::parse(&failure.code()), failure);
            for lang in [Lang::En, Lang::De] {
                let said = failure.message(&l, lang);
                assert!(!said.contains("file-failure"), "{said}");
            }
        }
        assert_eq!(
            FileFailure::Http(404).message(&l, Lang::De),
            "Discords Dateiserver antwortete mit HTTP 404"
        );
        // Words stored before there were codes are kept as they are.
        assert_eq!(
            FileFailure::parse("the CDN answered HTTP 404"),
            FileFailure::Network("the CDN answered HTTP 404".into())
        );
    }

    #[test]
    fn a_ticket_keeps_its_conversation_and_its_life() {
        let (_dir, mut store) = temp_store();
        let moderator = store
            .upsert_member(&NewMember::new(
                "mod@example.org",
                "Mia Moderator",
                Lang::En,
            ))
            .expect("moderator");
        handover::tests::moderates_a_group(&mut store, moderator);
        let id = store
            .open_ticket(
                &NewTicket {
                    from_bot: true,
                    member: None,
                    requester: "discord:42".into(),
                    lang: Lang::De,
                    subject: "Gmail sync".into(),
                    conversation: vec![
                        (
                            TicketAuthor::Member,
                            "Warum synchronisiert Gmail nicht?".into(),
                        ),
                        (TicketAuthor::Bot, "Ich weiß es leider nicht.".into()),
                    ],
                },
                AT,
            )
            .expect("open");
        store.assign_ticket(id, moderator, AT).expect("assign");
        store
            .reply_to_ticket(
                id,
                moderator,
                "Bitte prüfen Sie die Zwei-Faktor-Anmeldung.",
                AT,
            )
            .expect("reply");
        store.close_ticket(id, moderator, AT).expect("close");
        let ticket = store.ticket(id).expect("ticket");
        assert_eq!(ticket.status, TicketStatus::Closed);
        assert_eq!(ticket.assignee.as_deref(), Some("Mia Moderator"));
        let messages = store.ticket_messages(id).expect("messages");
        assert_eq!(messages.len(), 3);
        assert_eq!(messages[2].author, TicketAuthor::Moderator);
        let actions: Vec<String> = store
            .audit_log(0, 10)
            .expect("audit")
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert!(
            actions.contains(&"ticket-closed".to_string()),
            "{actions:?}"
        );
        assert!(store.close_ticket(TicketId(999), moderator, AT).is_err());
    }

    #[test]
    fn unanswered_questions_are_counted_and_ranked() {
        let (_dir, mut store) = temp_store();
        store
            .record_unanswered("Can I pay by invoice?", Lang::En, AT)
            .expect("1");
        store
            .record_unanswered("can I  pay by invoice", Lang::En, AT)
            .expect("2");
        store
            .record_unanswered("What is the weather?", Lang::En, AT)
            .expect("3");
        store
            .record_unanswered("   ", Lang::En, AT)
            .expect("blank is ignored");
        let list = store.unanswered_questions(0, 10).expect("list");
        assert_eq!(list.len(), 2);
        assert_eq!(
            (list[0].question.as_str(), list[0].count),
            ("Can I pay by invoice?", 2)
        );

        assert!(store.linked_questions().expect("linked").is_empty());
        let moderator = store
            .upsert_member(&NewMember::new("mod@example.org", "Mod", Lang::En))
            .expect("moderator");
        let weather = list[1].id;
        store
            .link_unanswered(weather, "off-topic-weather", moderator, AT)
            .expect("link");
        let linked = store.linked_questions().expect("linked");
        assert_eq!(linked.len(), 1);
        assert_eq!(linked[0].question, "What is the weather?");
        assert_eq!(
            store
                .unanswered_question(weather)
                .expect("one")
                .linked_article
                .as_deref(),
            Some("off-topic-weather")
        );
        assert!(store.unanswered_question(9_999).is_err());
    }

    #[test]
    fn feedback_is_counted_per_article() {
        let (_dir, mut store) = temp_store();
        store
            .record_feedback("sync-gmail-two-step", Lang::En, true)
            .expect("1");
        store
            .record_feedback("sync-gmail-two-step", Lang::De, true)
            .expect("2");
        store
            .record_feedback("sync-gmail-two-step", Lang::En, false)
            .expect("3");
        assert_eq!(
            store.feedback("sync-gmail-two-step").expect("feedback"),
            (2, 1)
        );
    }
}
