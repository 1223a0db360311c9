//! Mail deliveries: the outbox as a queue that a courier works off.
//!
//! The store only records where each mail stands (queued, sending, sent,
//! failed) and when to try again; it never learns how a mail travels. A mail
//! is claimed (`sending`) before it is handed to a transport and recorded as
//! sent right after, so a courier that stops between the two leaves a trace
//! that [`Store::release_unfinished_mails`] turns back into a queued mail.
//! A try is counted by the courier's last check ([`Store::still_to_send`]),
//! not by the claim: a mail claimed and never handed over has used none,
//! however the courier stopped, while one that may have reached the server
//! keeps the try it used.

use super::Store;
use super::community::withdraw_undelivered;
use crate::clock::{self, Timestamp};
use crate::records::{InvitationId, MemberId};
use crate::{DeskError, Refusal};
use locales::{FluentValue, Lang, Localizer};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// An outbox mail a courier has claimed and now has to hand to a transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    /// The outbox row.
    pub id: i64,
    /// Recipient address.
    pub to: String,
    /// The recipient's language, which the mail is written in.
    pub lang: Lang,
    /// Subject line.
    pub subject: String,
    /// Body text.
    pub body: String,
    /// The group invitation it carries, if any (then it can be switched off).
    pub invitation: Option<InvitationId>,
    /// When it was queued.
    pub created_at: Timestamp,
    /// Tries before this one.
    pub attempts: u32,
}

/// What [`Store::claim_mails`] found due.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claimed {
    /// Mails now `sending`, for the courier to hand over, oldest first.
    pub mails: Vec<QueuedMail>,
    /// Due mails whose row cannot be read (a column that does not convert):
    /// each ended `failed` ([`MailProblem::Unreadable`]) in the claim's
    /// transaction, unsent, so that it holds up no other mail; listed once,
    /// for the courier's log.
    pub set_aside: Vec<(i64, MailProblem)>,
}

/// What [`Store::release_unstarted_mails`] did with the mails handed back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Released {
    /// Queued again, with all their tries.
    pub queued: usize,
    /// Mails whose row refused to go back to the queue (a constraint, a
    /// trigger): each ended `failed` ([`MailProblem::Unreleased`]) in the
    /// same transaction, unsent, so that it fails no later hand-back, and
    /// `true`; `false` if the row refused that too: it stays claimed, for
    /// the caller to set aside again ([`Store::set_aside_mail`]) or the
    /// next start to queue.
    pub set_aside: Vec<(i64, MailProblem, bool)>,
}

/// What [`Store::release_unfinished_mails`] queued again, told apart by
/// whether the earlier courier let each go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Requeued {
    /// Let go by the last check, the outcome never recorded: they may have
    /// reached the server, and may go out a second time (with the same
    /// `Message-ID`); each keeps the try it used.
    pub handed_over: usize,
    /// Claimed and never let go: they did not leave, and have all their tries.
    pub never_handed_over: usize,
}

/// What the courier's last check before the hand-over found
/// ([`Store::still_to_send`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastCheck {
    /// Hand it over now: this try is counted.
    Send,
    /// An invitation whose invitee switched invitations off: it ended
    /// `opted-out` and is not sent.
    OptedOut,
    /// The courier is stopping: still claimed, no try counted, for the
    /// courier to hand back (or the next start, if it cannot).
    Stopping,
    /// All its tries are used, each let go without an outcome recorded (the
    /// courier stopped while the server had it), or fewer are allowed now:
    /// it ended `failed` ([`MailProblem::OutOfTries`]) and is not sent again.
    OutOfTries,
    /// The check itself failed for what it asked of this row, not for the
    /// database as a whole ([`MailProblem::Unchecked`]): not sent, and the
    /// try counted with that reason, so that the mail waits for its next
    /// try behind the others or, its tries used up, ended `failed`.
    Unchecked {
        /// Why the check failed.
        problem: MailProblem,
        /// Whether that was its last try: it ended `failed`.
        given_up: bool,
    },
    /// The check failed with an I/O error ([`DeskError::is_io_failure`]):
    /// a bad page of this row, or the whole file gone (a lost network
    /// mount), which this one mail cannot tell. Nothing is written and no
    /// try counted; the mail stays claimed for the caller, who sees the
    /// other mails: if their checks fail so too, the file is at fault and
    /// it hands them back; if not, it counts this one's try
    /// ([`Store::count_failed_check`]).
    InDoubt {
        /// Why the check failed ([`MailProblem::Unchecked`]).
        problem: MailProblem,
    },
    /// The check failed, and so did counting its try, for what they asked
    /// of this row ([`MailProblem::Uncounted`]): a mail whose tries cannot
    /// be counted could go out for ever, so it is not sent. `recorded`: it
    /// ended `failed` with that reason; if the row refused even that write,
    /// it stays claimed (`sending`), so that no claim takes it, for the
    /// caller to set aside again ([`Store::set_aside_mail`]) until that is
    /// written, or for the next start to queue it again.
    SetAside {
        /// Why its try could not be counted.
        problem: MailProblem,
        /// Whether it ended `failed` with the reason.
        recorded: bool,
    },
}

/// Where one mail stands, as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailState {
    /// Waiting to go out (perhaps for a retry after a temporary failure).
    Queued {
        /// Failed tries so far.
        attempts: u32,
        /// Why the last try failed, if one did: a [`MailProblem`] code
        /// (read it with [`MailState::problem`]).
        last_error: Option<String>,
    },
    /// Handed to a transport right now.
    Sending,
    /// Out: the mail server (or the Maildir) took it.
    Sent {
        /// When.
        at: Timestamp,
        /// Its `Message-ID` header.
        message_id: Option<String>,
    },
    /// Given up on: refused for good, or out of tries.
    Failed {
        /// Why, as a [`MailProblem`] code (read it with
        /// [`MailState::problem`]); an older row's free text.
        reason: String,
    },
    /// Never sent: an invitation whose invitee switched group invitations
    /// off before the courier handed it over.
    OptedOut,
}

/// Why a mail did not go out (yet), by its kind, so that it can be said in
/// the reader's language (`mail-problem-*`); the words it came with (the mail
/// server's reply, the network's or the TLS library's message) are kept and
/// shown as theirs. Stored in `outbox.last_error` as a short code and those
/// words; a reason stored before there were codes reads as [`MailProblem::Other`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailProblem {
    /// The server refused this mail for good: a 5xx reply.
    Refused {
        /// The reply code.
        code: u16,
        /// The server's words.
        words: String,
    },
    /// The server asked to try again later: a 4xx reply.
    Deferred {
        /// The reply code.
        code: u16,
        /// The server's words.
        words: String,
    },
    /// The server refused our login (530, 534, 535, 538): the operator's to fix.
    Login {
        /// The reply code.
        code: u16,
        /// The server's words.
        words: String,
    },
    /// The server refused the session (greeting, EHLO, STARTTLS), not this mail.
    Session(String),
    /// No answer within this many seconds.
    Timeout(u64),
    /// The encrypted connection could not be set up (TLS, its certificate).
    Tls(String),
    /// No connection to the server could be made (its name, a refused or
    /// timed-out connect): nothing about the mail was said.
    Unreachable(String),
    /// The connection broke, or the server's reply could not be read.
    Connection(String),
    /// The conversation with the server went wrong on our side (such as a
    /// server without STARTTLS where TLS is required).
    Handover(String),
    /// The Maildir could not be written.
    Maildir(String),
    /// The mail could not be written as a message (an unusable address).
    Unwritable(String),
    /// Given up before another try: all this many tries were used, the
    /// last ones let go without an outcome recorded (or fewer are allowed
    /// now than when they were made).
    OutOfTries(u32),
    /// The last check before sending failed, in the database's words (an
    /// invitation that cannot be withdrawn, a row that cannot be read).
    Unchecked(String),
    /// Its outbox row cannot be read (a column that does not convert, such
    /// as a subject stored as bytes), in the database's words: set aside
    /// unsent when claimed.
    Unreadable(String),
    /// Its last check failed and its try could not be counted either, in the
    /// database's words: set aside unsent, as it could go out for ever.
    Uncounted(String),
    /// Claimed and never handed over, its row refused to go back to the
    /// queue, in the database's words: set aside unsent, as it would make
    /// every hand-back fail.
    Unreleased(String),
    /// Anything else, in the words it came with.
    Other(String),
}

impl MailProblem {
    /// Whether a try that ended so may still have reached the server (or
    /// the Maildir): no answer, a broken connection, a Maildir file written
    /// but not made durable, tries let go without an outcome, words not
    /// known. Only a reply that said no (refused, deferred, our login, the
    /// session), a mail that could not be written, or one never let go
    /// (its check failed, set aside) rules that out. Kept in
    /// `outbox.maybe_accepted`, which rule 4 and the group's news read.
    pub fn may_hide_a_delivery(&self) -> bool {
        match self {
            MailProblem::Refused { .. }
            | MailProblem::Deferred { .. }
            | MailProblem::Login { .. }
            | MailProblem::Session(_)
            | MailProblem::Unwritable(_)
            | MailProblem::Unchecked(_)
            | MailProblem::Unreadable(_)
            | MailProblem::Uncounted(_)
            | MailProblem::Unreleased(_)
            | MailProblem::Unreachable(_) => false,
            // lettre 0.11 (rustls) meets these only before MAIL FROM: TLS
            // in the handshake (or its set-up), our side of the talk when
            // the server lacks STARTTLS, a login mechanism or 8BITMIME /
            // SMTPUTF8 for this mail, which it checks before sending MAIL.
            MailProblem::Tls(_) | MailProblem::Handover(_) => false,
            MailProblem::Timeout(_)
            | MailProblem::Connection(_)
            | MailProblem::Maildir(_)
            | MailProblem::OutOfTries(_)
            | MailProblem::Other(_) => true,
        }
    }

    /// The code stored in `outbox.last_error`.
    pub fn code(&self) -> String {
        match self {
            MailProblem::Refused { code, words } => format!("refused {code} {words}"),
            MailProblem::Deferred { code, words } => format!("deferred {code} {words}"),
            MailProblem::Login { code, words } => format!("login {code} {words}"),
            MailProblem::Session(words) => format!("session {words}"),
            MailProblem::Timeout(seconds) => format!("timeout {seconds}"),
            MailProblem::Tls(words) => format!("tls {words}"),
            MailProblem::Unreachable(words) => format!("unreachable {words}"),
            MailProblem::Connection(words) => format!("connection {words}"),
            MailProblem::Handover(words) => format!("handover {words}"),
            MailProblem::Maildir(words) => format!("maildir {words}"),
            MailProblem::Unwritable(words) => format!("unwritable {words}"),
            MailProblem::OutOfTries(tries) => format!("tries {tries}"),
            MailProblem::Unchecked(words) => format!("check {words}"),
            MailProblem::Unreadable(words) => format!("unreadable {words}"),
            MailProblem::Uncounted(words) => format!("uncounted {words}"),
            MailProblem::Unreleased(words) => format!("unreleased {words}"),
            // Marked too: bare words that begin like a kind ("tls …")
            // would read back as that kind.
            MailProblem::Other(words) => format!("other {words}"),
        }
    }

    /// Reads a stored code; anything else (an older row's free text) is
    /// [`MailProblem::Other`].
    pub fn parse(stored: &str) -> MailProblem {
        let (kind, rest) = stored.split_once(' ').unwrap_or((stored, ""));
        let with_code = |make: fn(u16, String) -> MailProblem| {
            let (code, words) = rest.split_once(' ').unwrap_or((rest, ""));
            match code.parse::<u16>() {
                Ok(code) if (400..600).contains(&code) => make(code, words.to_string()),
                _ => MailProblem::Other(stored.to_string()),
            }
        };
        let words = rest.to_string();
        match kind {
            "refused" => with_code(|code, words| MailProblem::Refused { code, words }),
            "deferred" => with_code(|code, words| MailProblem::Deferred { code, words }),
            "login" => with_code(|code, words| MailProblem::Login { code, words }),
            "session" => MailProblem::Session(words),
            "timeout" => rest.parse().map_or_else(
                |_| MailProblem::Other(stored.to_string()),
                MailProblem::Timeout,
            ),
            "tls" => MailProblem::Tls(words),
            "unreachable" => MailProblem::Unreachable(words),
            "connection" => MailProblem::Connection(words),
            "handover" => MailProblem::Handover(words),
            "maildir" => MailProblem::Maildir(words),
            "unwritable" => MailProblem::Unwritable(words),
            "tries" => rest.parse().map_or_else(
                |_| MailProblem::Other(stored.to_string()),
                MailProblem::OutOfTries,
            ),
            "check" => MailProblem::Unchecked(words),
            "unreadable" => MailProblem::Unreadable(words),
            "uncounted" => MailProblem::Uncounted(words),
            "unreleased" => MailProblem::Unreleased(words),
            "other" => MailProblem::Other(words),
            _ => MailProblem::Other(stored.to_string()),
        }
    }

    /// Why, in `lang`; the words it came with follow, marked as theirs.
    pub fn message(&self, l: &Localizer, lang: Lang) -> String {
        let (id, code, words) = match self {
            MailProblem::Refused { code, words } => ("mail-problem-refused", *code, words),
            MailProblem::Deferred { code, words } => ("mail-problem-deferred", *code, words),
            MailProblem::Login { code, words } => ("mail-problem-login", *code, words),
            MailProblem::Session(words) => ("mail-problem-session", 0, words),
            MailProblem::Timeout(seconds) => {
                return l.format(
                    lang,
                    "mail-problem-timeout",
                    &[("seconds", FluentValue::from(*seconds))],
                );
            }
            MailProblem::OutOfTries(tries) => {
                return l.format(
                    lang,
                    "mail-problem-out-of-tries",
                    &[("tries", FluentValue::from(*tries))],
                );
            }
            MailProblem::Tls(words) => ("mail-problem-tls", 0, words),
            MailProblem::Unreachable(words) => ("mail-problem-unreachable", 0, words),
            MailProblem::Connection(words) => ("mail-problem-connection", 0, words),
            MailProblem::Handover(words) => ("mail-problem-handover", 0, words),
            MailProblem::Maildir(words) => ("mail-problem-maildir", 0, words),
            MailProblem::Unwritable(words) => ("mail-problem-unwritable", 0, words),
            MailProblem::Unchecked(words) => ("mail-problem-unchecked", 0, words),
            MailProblem::Unreadable(words) => ("mail-problem-unreadable", 0, words),
            MailProblem::Uncounted(words) => ("mail-problem-uncounted", 0, words),
            MailProblem::Unreleased(words) => ("mail-problem-unreleased", 0, words),
            MailProblem::Other(words) => ("mail-problem-other", 0, words),
        };
        l.format(
            lang,
            id,
            &[
                ("code", FluentValue::from(u64::from(code))),
                ("words", FluentValue::from(words.as_str())),
            ],
        )
    }
}

/// English, for logs (the console says it with [`MailProblem::message`]).
impl std::fmt::Display for MailProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MailProblem::Refused { code, words } => write!(f, "refused for good ({code}): {words}"),
            MailProblem::Deferred { code, words } => write!(f, "try again later ({code}): {words}"),
            MailProblem::Login { code, words } => {
                write!(f, "our login was refused ({code}): {words}")
            }
            MailProblem::Session(words) => write!(f, "the server refuses the session: {words}"),
            MailProblem::Timeout(seconds) => write!(f, "no answer within {seconds} s"),
            MailProblem::Tls(words) => write!(f, "TLS failed: {words}"),
            MailProblem::Unreachable(words) => {
                write!(f, "the mail server could not be reached: {words}")
            }
            MailProblem::Connection(words) => write!(f, "connection failed: {words}"),
            MailProblem::Handover(words) => write!(f, "hand-over failed: {words}"),
            MailProblem::Maildir(words) => write!(f, "maildir: {words}"),
            MailProblem::Unwritable(words) => write!(f, "cannot be written: {words}"),
            MailProblem::OutOfTries(tries) => write!(f, "all {tries} tries are used up"),
            MailProblem::Unchecked(words) => {
                write!(f, "the last check before sending failed: {words}")
            }
            MailProblem::Unreadable(words) => {
                write!(f, "its outbox row cannot be read: {words}")
            }
            MailProblem::Uncounted(words) => {
                write!(f, "its try cannot be counted: {words}")
            }
            MailProblem::Unreleased(words) => {
                write!(f, "it cannot be put back in the queue: {words}")
            }
            MailProblem::Other(words) => f.write_str(words),
        }
    }
}

impl MailState {
    /// Why the last try failed, if one did.
    pub fn problem(&self) -> Option<MailProblem> {
        match self {
            MailState::Queued {
                last_error: Some(stored),
                ..
            } => Some(MailProblem::parse(stored)),
            MailState::Failed { reason } => Some(MailProblem::parse(reason)),
            _ => None,
        }
    }

    /// The fluent message id that names this state (`mail-state-*`).
    pub fn message_id(&self) -> &'static str {
        match self {
            // Tries but no reason: the last one was let go and the courier
            // stopped before its outcome was recorded. It may have arrived,
            // so "the last try failed" would be a guess.
            MailState::Queued { attempts: 0, .. }
            | MailState::Queued {
                last_error: None, ..
            }
            | MailState::Sending => "mail-state-queued",
            MailState::Queued { .. } => "mail-state-retrying",
            MailState::Sent { .. } => "mail-state-sent",
            MailState::Failed { .. } => "mail-state-failed",
            MailState::OptedOut => "mail-state-opted-out",
        }
    }
}

/// Counts at one instant, for health and metrics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskFigures {
    /// Outbox mails by state (`queued`, `sending`, `sent`, `failed`, `opted-out`).
    pub mails: Vec<(String, u64)>,
    /// Tickets by status: `open` (waiting for the team), `waiting` (for
    /// the member), `closed`, and whatever later versions add.
    pub tickets: Vec<(String, u64)>,
}

/// How often a connection had to wait for another one's write lock.
static BUSY_RETRIES: AtomicU64 = AtomicU64::new(0);

/// SQLite's busy handler: waits a little longer each time, counts the wait,
/// and gives up after [`super::BUSY_TIMEOUT`] as the plain busy timeout did.
pub(crate) fn wait_when_busy(tries: i32) -> bool {
    BUSY_RETRIES.fetch_add(1, Ordering::Relaxed);
    let tries = u32::try_from(tries).unwrap_or(0);
    let pause = Duration::from_millis(u64::from(1u32 << tries.min(7)).min(100));
    // The sum of the pauses so far, without tracking state: 1+2+4+..+64 = 127 ms,
    // then 100 ms a try.
    let waited = if tries <= 7 {
        Duration::from_millis((1u64 << tries) - 1)
    } else {
        Duration::from_millis(127 + 100 * u64::from(tries - 7))
    };
    if waited >= super::BUSY_TIMEOUT {
        return false;
    }
    std::thread::sleep(pause);
    true
}

/// How often any connection of this process waited for a busy database.
pub fn busy_retries() -> u64 {
    BUSY_RETRIES.load(Ordering::Relaxed)
}

const QUEUED_COLUMNS: &str =
    "id, to_email, lang, subject, body, invitation_id, created_at, attempts";

/// The queued mail of `row` (in [`QUEUED_COLUMNS`], then
/// `next_attempt_at`), or `None` if it is not due at `now` (unix seconds).
fn due_mail(row: &rusqlite::Row<'_>, now: i64) -> rusqlite::Result<Option<QueuedMail>> {
    let next: i64 = row.get(8)?;
    if next > now {
        return Ok(None);
    }
    let lang: String = row.get(2)?;
    Ok(Some(QueuedMail {
        id: row.get(0)?,
        to: row.get(1)?,
        lang: Lang::parse(&lang).unwrap_or(Lang::En),
        subject: row.get(3)?,
        body: row.get(4)?,
        invitation: row.get::<_, Option<i64>>(5)?.map(InvitationId),
        created_at: clock::from_unix(row.get(6)?),
        attempts: row.get(7)?,
    }))
}

impl Store {
    /// Claims up to `limit` queued mails that are due at `now`, oldest first,
    /// and marks them as being sent. The claim counts no try: a mail is
    /// tried when [`Store::still_to_send`] lets it go. A due row that cannot
    /// be read is set aside in the same transaction ([`Claimed::set_aside`]):
    /// as the oldest due mail it would come first at every claim, and fail
    /// each one, so that no mail would ever go out again.
    pub fn claim_mails(&mut self, now: Timestamp, limit: usize) -> Result<Claimed, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let now = clock::to_unix(now);
            let mut claimed = Claimed::default();
            {
                // Ordered by the index (state, next_attempt_at, id): the first row
                // that is not due yet ends the walk.
                let mut stmt = tx.prepare_cached(&format!(
                    "SELECT {QUEUED_COLUMNS}, next_attempt_at FROM outbox \
                 WHERE state = 'queued' ORDER BY next_attempt_at, id LIMIT ?1"
                ))?;
                let mut rows = stmt.query([limit as i64])?;
                while let Some(row) = rows.next()? {
                    // The row's key: an integer, whatever else it holds.
                    let id: i64 = row.get(0)?;
                    match due_mail(row, now) {
                        Ok(Some(mail)) => claimed.mails.push(mail),
                        Ok(None) => break,
                        // Only a value of this row fails here; stepping
                        // to the next row is the `rows.next()` above.
                        Err(e) => claimed
                            .set_aside
                            .push((id, MailProblem::Unreadable(e.to_string()))),
                    }
                }
            }
            {
                let mut claim = tx.prepare_cached(
                    "UPDATE outbox SET state = 'sending', handed_over = 0 WHERE id = ?1",
                )?;
                for mail in &claimed.mails {
                    claim.execute([mail.id])?;
                }
                let mut set_aside = tx.prepare_cached(
                    "UPDATE outbox SET state = 'failed', last_error = ?2 WHERE id = ?1",
                )?;
                for (id, problem) in &claimed.set_aside {
                    set_aside.execute(params![id, problem.code()])?;
                }
            }
            tx.commit()?;
            Ok(claimed)
        })
    }

    /// Whether claimed mail `id` may still go out, asked right before it is
    /// handed to a transport: an invitation whose invitee switched group
    /// invitations off since it was queued (or claimed) does not, and its
    /// row ends in `opted-out`, with its invitation withdrawn
    /// ([`withdraw_undelivered`]), in the same transaction that finds it. Other
    /// mail (ticket replies) always may. An invitation whose member row is
    /// gone (deleted with the foreign keys off) is not sent either, and
    /// holds up no other mail. A row that is not claimed is
    /// [`Refusal::MailNotClaimed`].
    ///
    /// A mail that may go counts its try in the same transaction, so a row
    /// left `sending` keeps a try only if it was let go. One that has used
    /// all `tries` (each let go without an outcome recorded, as when the
    /// courier stops every time it has it) is given up
    /// ([`LastCheck::OutOfTries`]) instead of going out again for ever.
    /// `stopping` is asked once the write lock is held: a stop that came
    /// while this waited for it keeps the mail back ([`LastCheck::Stopping`])
    /// with no try counted.
    ///
    /// A check that fails for the database as a whole (another connection
    /// holds it, the disk is full, the file read-only or unreadable:
    /// [`DeskError::is_about_the_database`]) is the caller's to hand back,
    /// with no try counted: the mail is not at fault, and the next round
    /// tries it again. One that fails for what it asks of this row (a
    /// constraint, a trigger, a value that does not convert) would fail
    /// again each time, and the oldest due mail is claimed first: handed
    /// back, it would hold up all mail for ever. So it counts the try, keeps
    /// why ([`MailProblem::Unchecked`]) and waits until `retry_at` behind
    /// the others, or ends `failed` once its tries are used
    /// ([`LastCheck::Unchecked`]). If that count fails too, for the row,
    /// the mail is set aside unsent ([`LastCheck::SetAside`]); for the
    /// database, it is the caller's again. So a passing failure of the
    /// database never fails a good mail for good. An I/O error may be
    /// either: it is left to the caller ([`LastCheck::InDoubt`]).
    pub fn still_to_send(
        &mut self,
        id: i64,
        tries: u32,
        retry_at: Timestamp,
        stopping: impl FnOnce() -> bool,
    ) -> Result<LastCheck, DeskError> {
        let checked =
            self.in_its_file_mut(|store| row_fault(store.last_check(id, tries, stopping)))?;
        let problem = match checked {
            Ok(check) => return Ok(check),
            Err(e) if e.is_io_failure() => {
                let problem = MailProblem::Unchecked(row_fault_words(e));
                return Ok(LastCheck::InDoubt { problem });
            }
            Err(e) => MailProblem::Unchecked(row_fault_words(e)),
        };
        self.count_failed_check(id, problem, tries, retry_at)
    }

    /// Counts the try of claimed mail `id` whose last check failed for
    /// what it asked of the row, with why (`problem`), as
    /// [`Store::still_to_send`] does itself, and for the caller once it
    /// has judged an I/O error the row's ([`LastCheck::InDoubt`]): the
    /// mail waits until `retry_at`, or ends `failed` at its last try
    /// ([`LastCheck::Unchecked`]), or is set aside if the row refuses the
    /// count ([`LastCheck::SetAside`]).
    pub fn count_failed_check(
        &mut self,
        id: i64,
        problem: MailProblem,
        tries: u32,
        retry_at: Timestamp,
    ) -> Result<LastCheck, DeskError> {
        let code = problem.code();
        let counted = self.in_its_file_mut(|store| {
            row_fault(store.count_unchecked_try(id, &code, retry_at, tries))
        })?;
        let cause = match counted {
            Ok(given_up) => return Ok(LastCheck::Unchecked { problem, given_up }),
            Err(e) => row_fault_words(e),
        };
        // Counting fails for this mail and not for the database: handed
        // back, it would come first again at every claim, and it may not
        // go out uncounted. Its state alone is written, not its tries.
        let problem = MailProblem::Uncounted(cause);
        let recorded = self.set_aside_mail(id, &problem)?;
        Ok(LastCheck::SetAside { problem, recorded })
    }

    /// Ends claimed mail `id` `failed` with `problem`, unsent, and says
    /// whether that was written: not if the row itself refuses it (a
    /// constraint, a trigger), when it stays claimed for the caller to try
    /// again ([`LastCheck::SetAside`]). A failure of the database as a whole
    /// ([`DeskError::is_about_the_database`]) is the caller's, as is a row
    /// that is not claimed ([`Refusal::MailNotClaimed`]).
    pub fn set_aside_mail(&mut self, id: i64, problem: &MailProblem) -> Result<bool, DeskError> {
        self.in_its_file_mut(|store| {
            let set_aside = store
                .conn
                .prepare_cached(
                    "UPDATE outbox SET state = 'failed', last_error = ?2 \
                     WHERE id = ?1 AND state = 'sending'",
                )?
                .execute(params![id, problem.code()]);
            match set_aside {
                Ok(0) => Err(Refusal::MailNotClaimed(id).into()),
                Ok(_) => Ok(true),
                Err(e) => {
                    let e = DeskError::from(e);
                    if e.is_about_the_database() {
                        Err(e)
                    } else {
                        Ok(false)
                    }
                }
            }
        })
    }

    /// Counts the try of a claimed mail whose last check failed, with why,
    /// and queues it for `retry_at`, or ends it `failed` if that was its
    /// last one; returns whether it did.
    fn count_unchecked_try(
        &mut self,
        id: i64,
        code: &str,
        retry_at: Timestamp,
        tries: u32,
    ) -> Result<bool, DeskError> {
        let tx = self.write()?;
        let given_up = tx
            .prepare_cached(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, \
                 next_attempt_at = ?3, \
                 state = CASE WHEN attempts + 1 >= ?4 THEN 'failed' ELSE 'queued' END \
                 WHERE id = ?1 AND state = 'sending' RETURNING state = 'failed'",
            )?
            .query_row(params![id, code, clock::to_unix(retry_at), tries], |row| {
                row.get::<_, bool>(0)
            })
            .optional()?
            .ok_or(Refusal::MailNotClaimed(id))?;
        tx.commit()?;
        Ok(given_up)
    }

    /// [`Store::still_to_send`] in one transaction, or none of it.
    fn last_check(
        &mut self,
        id: i64,
        tries: u32,
        stopping: impl FnOnce() -> bool,
    ) -> Result<LastCheck, DeskError> {
        let tx = self.write()?;
        let found: Option<(String, bool, Option<i64>, u32)> = tx
            .prepare_cached(
                "SELECT o.state, \
                 o.invitation_id IS NOT NULL AND NOT coalesce(m.group_invitations, 0), \
                 o.invitation_id, o.attempts \
                 FROM outbox o LEFT JOIN members m ON m.id = o.to_member WHERE o.id = ?1",
            )?
            .query_row([id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?;
        let (opted_out, invitation, used) = match found {
            Some((state, opted_out, invitation, used)) if state == "sending" => {
                (opted_out, invitation, used)
            }
            _ => return Err(Refusal::MailNotClaimed(id).into()),
        };
        let check = if opted_out {
            tx.prepare_cached(
                "UPDATE outbox SET state = 'opted-out', last_error = NULL WHERE id = ?1",
            )?
            .execute([id])?;
            if let Some(invitation) = invitation {
                withdraw_undelivered(&tx, InvitationId(invitation), clock::now())?;
            }
            LastCheck::OptedOut
        } else if used >= tries {
            tx.prepare_cached("UPDATE outbox SET state = 'failed', last_error = ?2 WHERE id = ?1")?
                .execute(params![id, MailProblem::OutOfTries(used).code()])?;
            LastCheck::OutOfTries
        } else if stopping() {
            LastCheck::Stopping
        } else {
            tx.prepare_cached(
                "UPDATE outbox SET attempts = attempts + 1, handed_over = 1 WHERE id = ?1",
            )?
            .execute([id])?;
            LastCheck::Send
        };
        tx.commit()?;
        Ok(check)
    }

    /// Records that a claimed mail is out, with its `Message-ID`.
    pub fn record_mail_sent(
        &mut self,
        id: i64,
        at: Timestamp,
        message_id: &str,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            store.finish_mail(
            "UPDATE outbox SET state = 'sent', sent_at = ?2, message_id = ?3, last_error = NULL \
             WHERE id = ?1 AND state = 'sending'",
            params![id, clock::to_unix(at), message_id],
            id,
        )
        })
    }

    /// Puts a claimed mail back in the queue after a temporary failure, to be
    /// tried again at `retry_at`. A `reason` that does not rule out that the
    /// server took it ([`MailProblem::may_hide_a_delivery`]) marks the mail
    /// as maybe accepted for good.
    pub fn record_mail_deferred(
        &mut self,
        id: i64,
        retry_at: Timestamp,
        reason: &str,
    ) -> Result<(), DeskError> {
        let doubt = MailProblem::parse(reason).may_hide_a_delivery();
        self.in_its_file_mut(|store| {
            store.finish_mail(
                "UPDATE outbox SET state = 'queued', next_attempt_at = ?2, last_error = ?3, \
                 maybe_accepted = max(maybe_accepted, ?4) \
                 WHERE id = ?1 AND state = 'sending'",
                params![id, clock::to_unix(retry_at), reason, doubt],
                id,
            )
        })
    }

    /// Records that a claimed mail failed for good, with the reason: refused,
    /// or a temporary failure at its last try. One that does not rule out
    /// that the server took it ([`MailProblem::may_hide_a_delivery`]) marks
    /// the mail as maybe accepted, so that it is not taken for undelivered.
    pub fn record_mail_failed(&mut self, id: i64, reason: &str) -> Result<(), DeskError> {
        let doubt = MailProblem::parse(reason).may_hide_a_delivery();
        self.in_its_file_mut(|store| {
            store.finish_mail(
                "UPDATE outbox SET state = 'failed', last_error = ?2, \
                 maybe_accepted = max(maybe_accepted, ?3) \
                 WHERE id = ?1 AND state = 'sending'",
                params![id, reason, doubt],
                id,
            )
        })
    }

    fn finish_mail(
        &mut self,
        sql: &str,
        params: impl rusqlite::Params,
        id: i64,
    ) -> Result<(), DeskError> {
        let changed = self.conn.prepare_cached(sql)?.execute(params)?;
        if changed == 0 {
            return Err(Refusal::MailNotClaimed(id).into());
        }
        Ok(())
    }

    /// Puts mails that a stopped courier left in `sending` back in the queue
    /// and returns how many, those it had let go apart from the others. Only
    /// one courier may work an outbox, so this runs when it starts. Their
    /// tries stay as they are: one let go by [`Store::still_to_send`] may
    /// have reached the server and keeps its try (so a mail that stops every
    /// courier still runs out of them), one never let go has none counted.
    /// One let go is marked as maybe accepted (`outbox.maybe_accepted`) for
    /// good: should it fail in the end, it may still have arrived.
    pub fn release_unfinished_mails(&mut self) -> Result<Requeued, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let mut requeued = Requeued::default();
            {
                let mut counted = tx.prepare_cached(
                    "SELECT handed_over, count(*) FROM outbox INDEXED BY outbox_due \
                     WHERE state = 'sending' GROUP BY handed_over",
                )?;
                let mut rows = counted.query([])?;
                while let Some(row) = rows.next()? {
                    let count = usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0);
                    if row.get::<_, bool>(0)? {
                        requeued.handed_over += count;
                    } else {
                        requeued.never_handed_over += count;
                    }
                }
            }
            // One let go whose outcome was never recorded may have reached
            // the server: kept for good, as the next claim clears handed_over.
            tx.prepare_cached(
                "UPDATE outbox SET state = 'queued', \
                 maybe_accepted = max(maybe_accepted, handed_over) WHERE state = 'sending'",
            )?
            .execute([])?;
            tx.commit()?;
            Ok(requeued)
        })
    }

    /// Puts claimed mails that a courier never handed to a transport back in
    /// the queue. They keep all their tries: none was counted for them
    /// ([`Store::still_to_send`] let none of them go). A row that refuses
    /// (a constraint, a trigger) is set aside instead ([`Released::set_aside`]):
    /// failing the whole hand-back, it would be handed back and fail it
    /// again at every round, and hold up all mail. A failure of the
    /// database, or an I/O error, is the caller's: nothing is handed back.
    pub fn release_unstarted_mails(&mut self, ids: &[i64]) -> Result<Released, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let mut released = Released::default();
            {
                let mut release = tx.prepare_cached(
                    "UPDATE outbox SET state = 'queued' WHERE id = ?1 AND state = 'sending'",
                )?;
                let mut set_aside = tx.prepare_cached(
                    "UPDATE outbox SET state = 'failed', last_error = ?2 \
                     WHERE id = ?1 AND state = 'sending'",
                )?;
                // A row's refusal undoes its own statement only, not the
                // transaction; an I/O error may be the whole file's.
                let refused = |result: rusqlite::Result<usize>| match row_fault(
                    result.map_err(DeskError::from),
                )? {
                    Err(e) if e.is_io_failure() => Err(e),
                    other => Ok(other),
                };
                for &id in ids {
                    let cause = match refused(release.execute([id]))? {
                        Ok(queued) => {
                            released.queued += queued;
                            continue;
                        }
                        Err(e) => row_fault_words(e),
                    };
                    let problem = MailProblem::Unreleased(cause);
                    let recorded = refused(set_aside.execute(params![id, problem.code()]))?.is_ok();
                    released.set_aside.push((id, problem, recorded));
                }
            }
            tx.commit()?;
            Ok(released)
        })
    }

    /// Records every queued mail as sent when it was written: `helpdesk demo`
    /// makes a past in which those mails went out long ago.
    pub fn settle_mail_history(&mut self) -> Result<usize, DeskError> {
        self.in_its_file_mut(|store| {
            Ok(store
                .conn
                .prepare_cached(
                    "UPDATE outbox SET state = 'sent', sent_at = created_at WHERE state = 'queued'",
                )?
                .execute([])?)
        })
    }

    /// The mail of one group invitation, if it has one.
    pub fn invitation_mail(
        &self,
        invitation: InvitationId,
    ) -> Result<Option<MailState>, DeskError> {
        self.in_its_file(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT state, attempts, sent_at, message_id, last_error FROM outbox \
                 WHERE invitation_id = ?1 ORDER BY id DESC LIMIT 1",
                )?
                .query_row([invitation.0], mail_state_from_row)
                .optional()?)
        })
    }

    /// The mails of several invitations at once (the console's list).
    pub fn invitation_mails(
        &self,
        invitations: &[InvitationId],
    ) -> Result<HashMap<InvitationId, MailState>, DeskError> {
        self.in_its_file(|| {
            let mut states = HashMap::with_capacity(invitations.len());
            for &id in invitations {
                if let Some(state) = self.invitation_mail(id)? {
                    states.insert(id, state);
                }
            }
            Ok(states)
        })
    }

    /// Where each outbox mail of `member` stands, oldest first.
    pub fn mail_states_for(&self, member: MemberId) -> Result<Vec<MailState>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT state, attempts, sent_at, message_id, last_error FROM outbox \
             WHERE to_member = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([member.0], mail_state_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Outbox mails and tickets counted by state, for health and metrics.
    pub fn figures(&self) -> Result<DeskFigures, DeskError> {
        self.in_its_file(|| {
            let count = |sql: &str| -> Result<Vec<(String, u64)>, DeskError> {
                let mut stmt = self.conn.prepare_cached(sql)?;
                let rows = stmt.query_map([], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?.max(0) as u64,
                    ))
                })?;
                Ok(rows.collect::<Result<_, _>>()?)
            };
            Ok(DeskFigures {
                mails: count("SELECT state, count(*) FROM outbox GROUP BY state")?,
                tickets: {
                    // An open ticket waits for the team or for the member;
                    // the one waiting for the member is counted as `waiting`.
                    let mut tickets =
                        count("SELECT status, count(*) FROM tickets GROUP BY status")?;
                    let waiting: i64 = self
                        .conn
                        .prepare_cached(
                            "SELECT count(*) FROM tickets WHERE status = 'open' \
                         AND waiting_for = 'member'",
                        )?
                        .query_row([], |row| row.get(0))?;
                    let waiting = waiting.max(0) as u64;
                    if let Some((_, open)) = tickets.iter_mut().find(|(s, _)| s == "open") {
                        *open = open.saturating_sub(waiting);
                    }
                    // A state with no tickets is left out, as GROUP BY does.
                    if waiting > 0 {
                        tickets.push(("waiting".to_string(), waiting));
                    }
                    tickets
                },
            })
        })
    }
}

fn mail_state_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<MailState> {
    let state: String = row.get(0)?;
    Ok(match state.as_str() {
        "sent" => MailState::Sent {
            at: clock::from_unix(row.get::<_, Option<i64>>(2)?.unwrap_or(0)),
            message_id: row.get(3)?,
        },
        "failed" => MailState::Failed {
            reason: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
        },
        "sending" => MailState::Sending,
        "opted-out" => MailState::OptedOut,
        _ => MailState::Queued {
            attempts: row.get(1)?,
            last_error: row.get(4)?,
        },
    })
}

/// `result` with a failure that is the row's kept apart (`Ok(Err)`) from
/// one of the database as a whole or a refusal, which are the caller's.
/// Asked inside the store's closure, before the file's name hides SQLite's
/// code.
fn row_fault<T>(result: Result<T, DeskError>) -> Result<Result<T, DeskError>, DeskError> {
    match result {
        Err(e) if e.is_about_the_database() || matches!(e, DeskError::Refused(_)) => Err(e),
        other => Ok(other),
    }
}

/// The words of a row's failure for the console: SQLite's own, without
/// the desk's wrapping.
fn row_fault_words(e: DeskError) -> String {
    match e {
        DeskError::Sqlite(cause) => cause.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
