//! The relay: what the team writes reaches the member on Discord, and the
//! staff channel hears about tickets.
//!
//! It reads `desk`'s durable delivery queue and sends each message as a DM,
//! in order per ticket. Every send carries a nonce made from the delivery's
//! row id with `enforce_nonce`, so when the bot dies between Discord
//! accepting a message and the row being marked sent, the resend after the
//! restart returns the message Discord already has instead of a second one.
//! Discord remembers a nonce for minutes only, so a delivery is also noted
//! as on its way before its first piece goes (`Store::delivery_on_its_way`):
//! a restart after longer looks in the member's DMs for it first.
//! The queue is read in batches, so each delivery is claimed again right
//! before its send (`Store::claim_delivery`): a "ticket closed" notice read
//! just before a moderator reopened the ticket is withdrawn, not sent.
//! Server errors, 429s and network failures are retried with exponential
//! backoff; after the last try, or at once on any other refusal, the reason
//! is stored and the console shows it on the ticket.
//!
//! Like [`crate::discord`], this module sees serenity; it needs only an
//! `Http`, so `helpdesk bot` and `helpdesk serve` run it the same way.

use crate::engine::ButtonAction;
use desk::store::{Delivery, DeliveryKind, StaffNotice, TicketStatus, WaitingFor};
use desk::{Store, TicketId, clock};
use locales::{FluentValue, Lang, Localizer};
use serenity::all::{
    ButtonStyle, ChannelId, CreateActionRow, CreateButton, CreateEmbed, CreateEmbedFooter,
    CreateMessage, EditMessage, GetMessages, Http, Message, MessageId, Nonce, UserId,
};
use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::watch;

/// How the relay paces itself.
#[derive(Debug, Clone)]
pub struct RelayOptions {
    /// How often an idle relay asks SQLite whether anything changed
    /// (`PRAGMA data_version`, which costs no table read).
    pub poll: Duration,
    /// How often an idle relay reads the queue even when nothing changed,
    /// for retries that have come due.
    pub rescan: Duration,
    /// The first retry's wait; it doubles with every try.
    pub backoff: Duration,
    /// The longest wait between tries.
    pub max_backoff: Duration,
    /// Tries before a delivery is given up.
    pub max_attempts: u32,
    /// The longest wait for Discord's answer to one request: a connection
    /// that never answers would otherwise hold every later delivery back.
    pub send_timeout: Duration,
    /// The language of the staff channel's announcements (the team's, not the member's).
    pub staff_lang: Lang,
}

impl Default for RelayOptions {
    fn default() -> RelayOptions {
        RelayOptions {
            poll: Duration::from_millis(20),
            rescan: Duration::from_secs(1),
            backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(300),
            max_attempts: 8,
            send_timeout: Duration::from_secs(30),
            staff_lang: Lang::En,
        }
    }
}

/// What the relay needs that every task shares.
struct Relay {
    http: Arc<Http>,
    store: Arc<Mutex<Store>>,
    l: Arc<Localizer>,
    options: RelayOptions,
    dms: HashMap<String, ChannelId>,
}

/// Runs `work` on the relay's own connection, off the async threads.
async fn blocking<T: Send + 'static>(
    store: &Arc<Mutex<Store>>,
    work: impl FnOnce(&mut Store) -> Result<T, desk::DeskError> + Send + 'static,
) -> Result<T, String> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || {
        let mut store = store.lock().unwrap_or_else(PoisonError::into_inner);
        // The log must say which file failed; SQLite's words do not.
        work(&mut store).map_err(|e| e.in_file(store.path()))
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())
}

/// Why a request to Discord did not go through.
#[derive(Debug)]
enum Failure {
    /// Discord (or the way there) said no.
    Discord(serenity::Error),
    /// No answer came within [`RelayOptions::send_timeout`].
    TimedOut(Duration),
}

impl From<serenity::Error> for Failure {
    fn from(error: serenity::Error) -> Failure {
        Failure::Discord(error)
    }
}

impl Failure {
    /// Whether a failed send may succeed later: server errors, rate limits,
    /// the network and silence. Anything else (a member who blocks DMs:
    /// 403) will not.
    fn retryable(&self) -> bool {
        use serenity::all::HttpError;
        match self {
            Failure::Discord(serenity::Error::Http(HttpError::UnsuccessfulRequest(response))) => {
                let code = response.status_code.as_u16();
                code == 429 || code >= 500
            }
            Failure::Discord(serenity::Error::Http(HttpError::Request(_))) => true,
            Failure::Discord(serenity::Error::Io(_)) => true,
            // A garbled answer may follow an accepted message; the nonce makes
            // the retry safe.
            Failure::Discord(serenity::Error::Json(_)) => true,
            // Discord may have the message and its answer got lost: the same.
            Failure::TimedOut(_) => true,
            Failure::Discord(_) => false,
        }
    }

    /// Whether Discord no longer has what was asked for (HTTP 404).
    fn is_gone(&self) -> bool {
        use serenity::all::HttpError;
        matches!(
            self,
            Failure::Discord(serenity::Error::Http(HttpError::UnsuccessfulRequest(response)))
                if response.status_code.as_u16() == 404
        )
    }

    /// Discord's own code for what it refused (50007: no DMs to this user).
    fn code(&self) -> Option<isize> {
        use serenity::all::HttpError;
        match self {
            Failure::Discord(serenity::Error::Http(HttpError::UnsuccessfulRequest(response))) => {
                Some(response.error.code)
            }
            _ => None,
        }
    }

    /// Why a delivery failed, for the team (in their language, `lang`):
    /// the refusals they can act on in words, anything else as Discord said it.
    fn reason_for_team(&self, l: &Localizer, lang: Lang) -> String {
        match self.code() {
            // DMs closed, or no server shared with the bot any more.
            Some(CANNOT_SEND_TO_USER) => format!(
                "{} (HTTP 403, {CANNOT_SEND_TO_USER})",
                l.text(lang, "discord-undelivered-dms-closed")
            ),
            _ => self.reason(),
        }
    }

    /// A short reason for the log.
    fn reason(&self) -> String {
        use serenity::all::HttpError;
        match self {
            Failure::Discord(serenity::Error::Http(HttpError::UnsuccessfulRequest(response))) => {
                format!(
                    "Discord answered HTTP {}: {}",
                    response.status_code.as_u16(),
                    response.error.message
                )
            }
            Failure::TimedOut(waited) => {
                format!("Discord did not answer within {} s", waited.as_secs_f32())
            }
            Failure::Discord(other) => crate::with_causes(other),
        }
    }
}

/// `request`, or [`Failure::TimedOut`] when Discord does not answer within `limit`.
async fn within<T>(
    limit: Duration,
    request: impl Future<Output = Result<T, serenity::Error>>,
) -> Result<T, Failure> {
    match tokio::time::timeout(limit, request).await {
        Ok(answer) => answer.map_err(Failure::Discord),
        Err(_) => Err(Failure::TimedOut(limit)),
    }
}

/// Discord's error code for a DM it will not deliver: the member closed
/// their DMs, blocked the bot, or shares no server with it any more.
const CANNOT_SEND_TO_USER: isize = 50007;

/// Messages in one listing of a channel: Discord gives no more at once.
const DM_LISTING: u8 = 100;

/// Listings of a member's DM channel one look reads at most (1,000
/// messages): see `Relay::dm_history`.
const DM_LISTINGS: usize = 10;

/// Characters in an embed's description: Discord refuses more.
const EMBED_DESCRIPTION: usize = 4096;

/// Characters in an embed's title: Discord refuses more.
const EMBED_TITLE: usize = 256;

/// `text` in pieces of at most `max` characters, cut after a line break
/// or else a space in the second half of a piece when there is one, so that
/// words, umlauts and emoji stay whole; only a piece without either is cut
/// between two characters. The pieces, joined, are `text` (cuts land on
/// the whitespace, which stays at the end of the earlier piece).
fn pieces(text: &str, max: usize) -> Vec<&str> {
    let max = max.max(1);
    let mut pieces = Vec::new();
    let mut rest = text;
    while rest.chars().count() > max {
        // The byte offset just past the `max`th character.
        let end = rest
            .char_indices()
            .nth(max)
            .map_or(rest.len(), |(at, _)| at);
        let window = &rest[..end];
        let half = window.char_indices().nth(max / 2).map_or(0, |(at, _)| at);
        // Just past the last character in the window's second half that
        // `fits`, searched from the end.
        let after_last = |fits: fn(char) -> bool| {
            window[half..]
                .char_indices()
                .rev()
                .find(|(_, ch)| fits(*ch))
                .map(|(at, ch)| half + at + ch.len_utf8())
        };
        let line_break = after_last(|c| c == '\n');
        let space = after_last(char::is_whitespace);
        let cut = line_break.or(space).unwrap_or(end);
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    if !rest.is_empty() || pieces.is_empty() {
        pieces.push(rest);
    }
    pieces
}

/// The message after which a delivery's pieces are looked for in the DM
/// channel (`Store::delivery_search_start`: its last piece recorded, or the
/// previous delivery): `None` to look through all of it (neither), or `Err`
/// when that cannot be read. Then nothing is searched:
/// searching everything could take an earlier reply in the same words for
/// this one, which the member would then never get; sending again at worst
/// repeats a piece.
fn search_from<E: std::fmt::Display>(
    read: Result<Option<String>, E>,
) -> Result<Option<u64>, String> {
    match read {
        Ok(message) => Ok(message
            .and_then(|m| m.parse::<u64>().ok())
            .filter(|m| *m != 0)),
        Err(e) => Err(e.to_string()),
    }
}

/// The messages in the DM channel that are a delivery's pieces from
/// piece `from` on, in a row: piece `from` is the first message after
/// `since` (see [`search_from`]) that [`Dm::is`] it, and each next
/// piece the first such message after the one before, as the relay sent
/// them. `recent` is the channel as listed, in any order. Stops at the
/// first piece not there: the pieces after it are sent again, in order.
fn already_there(
    dms: &[Dm],
    from: usize,
    recent: &[Message],
    since: Option<u64>,
) -> Vec<MessageId> {
    let mut listed: Vec<&Message> = recent
        .iter()
        .filter(|m| since.is_none_or(|since| m.id.get() > since))
        .collect();
    // Snowflakes grow with time: oldest first.
    listed.sort_by_key(|m| m.id);
    let mut wanted = dms.iter().skip(from).peekable();
    let mut found = Vec::new();
    for message in listed {
        let Some(piece) = wanted.peek() else {
            break;
        };
        if piece.is(message) {
            found.push(message.id);
            wanted.next();
        }
    }
    found
}

/// One DM of a delivery: the message to create, and what it says as
/// Discord shows it back, to find it among the DM channel's messages.
pub struct Dm {
    /// The message, with its nonce.
    pub message: CreateMessage,
    /// Its text, when it is plain text.
    pub content: Option<String>,
    /// Its embed's description, when it is an embed (a reply's piece).
    pub description: Option<String>,
    /// Its embed's title when that is always the same: the first piece's,
    /// which names the ticket (a later piece's depends on the send).
    pub title: Option<String>,
}

impl Dm {
    /// Whether `message` in the DM channel is this one, sent before: the
    /// bot's, with the same words (a title may differ: a piece sent again
    /// is headed as continued).
    ///
    /// A message that quotes another is not one: the relay never quotes.
    /// Compared without white space at either end, since Discord keeps a
    /// message's text trimmed: every piece but the last ends in the space or
    /// line break it was cut at, and one cut before an indented line begins
    /// with spaces; given back trimmed, it must still be found, or it goes
    /// out twice. The pieces themselves keep that white space (joined, they
    /// are the moderator's text), so it is the comparison that tolerates it.
    fn is(&self, message: &Message) -> bool {
        let same =
            |shown: Option<&str>, sent: Option<&str>| shown.map(str::trim) == sent.map(str::trim);
        // The relay never quotes; the bot's FAQ answers quote the member's
        // question, and one of them must not pass for a piece.
        message.author.bot
            && message.message_reference.is_none()
            && same(
                Some(&message.content),
                Some(self.content.as_deref().unwrap_or_default()),
            )
            && same(
                message
                    .embeds
                    .first()
                    .and_then(|e| e.description.as_deref()),
                self.description.as_deref(),
            )
            && self.title.as_deref().is_none_or(|title| {
                same(
                    message.embeds.first().and_then(|e| e.title.as_deref()),
                    Some(title),
                )
            })
    }
}

/// The DMs that carry a delivery, in the member's language: one, or for a
/// reply longer than an embed holds, one per piece (the first with the
/// title, the last with the footer), so nothing the team wrote is cut off.
/// A send that resumes at piece `from` (> 0) heads that piece as the
/// continued reply to the ticket, for a member who reads it days after the
/// pieces before it. Each has its own nonce: the first `hd-<id>`, as
/// before pieces, the others `hd-<id>-<n>`.
pub fn render(l: &Localizer, delivery: &Delivery, from: usize) -> Vec<Dm> {
    let lang = delivery.lang;
    let ticket = FluentValue::from(delivery.ticket.0);
    let text = |content: String| Dm {
        content: Some(content.clone()),
        description: None,
        message: CreateMessage::new().content(content),
        title: None,
    };
    let messages = match delivery.kind {
        DeliveryKind::Reply => {
            let title = clip(
                &if delivery.author.is_empty() {
                    l.format(
                        lang,
                        "discord-ticket-team-reply-title",
                        &[("ticket", ticket.clone())],
                    )
                } else {
                    l.format(
                        lang,
                        "discord-ticket-reply-title",
                        &[
                            ("ticket", ticket.clone()),
                            ("moderator", delivery.author.as_str().into()),
                        ],
                    )
                },
                EMBED_TITLE,
            );
            let continued = clip(
                &l.format(
                    lang,
                    "discord-ticket-reply-continued",
                    &[("ticket", ticket)],
                ),
                EMBED_TITLE,
            );
            let pieces = pieces(&delivery.body, EMBED_DESCRIPTION);
            let last = pieces.len() - 1;
            pieces
                .into_iter()
                .enumerate()
                .map(|(n, piece)| {
                    let mut embed = CreateEmbed::new().description(piece).colour(0x2f6f9f);
                    // The title stays within an embed's 6,000 characters:
                    // 256 + a piece's 4,096 + the footer.
                    if n == 0 {
                        embed = embed.title(title.clone());
                    } else if n == from {
                        embed = embed.title(continued.clone());
                    }
                    if n == last {
                        embed = embed.footer(CreateEmbedFooter::new(
                            l.text(lang, "discord-ticket-reply-footer"),
                        ));
                    }
                    Dm {
                        content: None,
                        description: Some(piece.to_string()),
                        message: CreateMessage::new().embed(embed),
                        title: (n == 0).then(|| title.clone()),
                    }
                })
                .collect()
        }
        DeliveryKind::Warning => vec![text(l.format(
            lang,
            "discord-ticket-warning",
            &[
                ("ticket", ticket),
                (
                    "days",
                    FluentValue::from(delivery.body.parse::<u32>().unwrap_or(1)),
                ),
            ],
        ))],
        DeliveryKind::Closed => {
            let dm = text(l.format(lang, "discord-ticket-closed", &[("ticket", ticket)]));
            vec![Dm {
                message: dm.message.components(vec![rating_row(delivery.ticket)]),
                ..dm
            }]
        }
        DeliveryKind::Reopened => vec![text(l.format(
            lang,
            "discord-ticket-reopened",
            &[("ticket", ticket)],
        ))],
    };
    messages
        .into_iter()
        .enumerate()
        .map(|(n, dm)| {
            let nonce = match n {
                0 => delivery.nonce(),
                n => format!("{}-{}", delivery.nonce(), n + 1),
            };
            Dm {
                message: dm.message.nonce(Nonce::String(nonce)).enforce_nonce(true),
                ..dm
            }
        })
        .collect()
}

/// Five buttons, 1 to 5 stars.
fn rating_row(ticket: TicketId) -> CreateActionRow {
    CreateActionRow::Buttons(
        (1..=5u8)
            .map(|stars| {
                CreateButton::new(ButtonAction::Rate(ticket, stars).id())
                    .label(format!("{stars} ★"))
                    .style(if stars >= 4 {
                        ButtonStyle::Success
                    } else {
                        ButtonStyle::Secondary
                    })
            })
            .collect(),
    )
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// An embed field's value as Discord takes it: 1 to 1,024 characters. An
/// empty one (a name nobody gave) would make Discord refuse the whole
/// announcement, and every later one behind it.
fn field_value(text: &str) -> String {
    if text.trim().is_empty() {
        "–".to_string()
    } else {
        clip(text, 1024)
    }
}

/// The staff channel's embed for a ticket, in the team's language.
pub fn staff_embed(l: &Localizer, notice: &StaffNotice, lang: Lang) -> CreateEmbed {
    let t = &notice.ticket;
    let state = match (t.status, t.waiting_for) {
        (TicketStatus::Closed, _) => "discord-staff-closed",
        (TicketStatus::Open, WaitingFor::Member) => "discord-staff-waiting-member",
        (TicketStatus::Open, WaitingFor::Team) => "discord-staff-waiting-team",
    };
    // A member imported without a name is named by their Discord account.
    let member = notice
        .member_name
        .clone()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| match t.requester.strip_prefix("discord:") {
            Some(id) => format!("<@{id}>"),
            None => t.requester.clone(),
        });
    let guesses = if notice.guesses.is_empty() {
        l.text(lang, "discord-staff-no-guesses")
    } else {
        notice
            .guesses
            .iter()
            .map(|g| format!("{} ({:.0} %)", g.title, g.confidence * 100.0))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut embed = CreateEmbed::new()
        .title(clip(
            &l.format(
                lang,
                "discord-staff-title",
                &[
                    ("ticket", FluentValue::from(t.id.0)),
                    ("subject", t.subject.as_str().into()),
                ],
            ),
            256,
        ))
        .field(
            l.text(lang, "discord-staff-member"),
            field_value(&member),
            true,
        )
        .field(
            l.text(lang, "discord-staff-language"),
            l.text(lang, &format!("discord-staff-lang-{}", t.lang.code())),
            true,
        )
        .field(
            l.text(lang, "discord-staff-state"),
            l.text(lang, state),
            true,
        )
        .field(
            l.text(lang, "discord-staff-guesses"),
            field_value(&guesses),
            false,
        )
        .colour(match t.status {
            TicketStatus::Closed => 0x808080,
            TicketStatus::Open => 0xd08020,
        });
    if let Some(assignee) = &t.assignee {
        embed = embed.field(
            l.text(lang, "discord-staff-assignee"),
            field_value(assignee),
            true,
        );
    }
    if let Some(last) = &notice.last_member_text {
        embed = embed.field(
            l.format(
                lang,
                "discord-staff-latest",
                &[("messages", FluentValue::from(notice.messages))],
            ),
            field_value(last),
            false,
        );
    }
    if let Some(rating) = t.rating {
        embed = embed.field(
            l.text(lang, "discord-staff-rating"),
            "★".repeat(rating.into()),
            true,
        );
    }
    if let Some(failure) = &t.delivery_failure {
        embed = embed.field(
            l.text(lang, "discord-staff-undelivered"),
            field_value(failure),
            false,
        );
    }
    embed
}

impl Relay {
    /// Waits until another connection commits after `seen` (read before
    /// the queue was), a rescan is due, or `stop`.
    async fn idle(&self, seen: Option<i64>, stop: &mut watch::Receiver<bool>) {
        let rescan_at = tokio::time::Instant::now() + self.options.rescan;
        while tokio::time::Instant::now() < rescan_at && !*stop.borrow() {
            tokio::select! {
                _ = tokio::time::sleep(self.options.poll) => {}
                _ = stop.changed() => return,
            }
            let now = blocking(&self.store, |s| s.data_version()).await.ok();
            if now.is_none() || now != seen {
                return;
            }
        }
    }

    /// Sends one delivery and records the outcome. `read` is the delivery
    /// as the queue was read, maybe a while ago; what is sent is what
    /// [`Store::claim_delivery`] finds right before the send.
    async fn deliver(&mut self, read: Delivery) -> Result<(), String> {
        let id = read.id;
        let channel = self.dm_channel(&read).await;
        // Claimed even when the channel could not be opened: a notice that
        // no longer applies is withdrawn, not shown to the team as failed.
        let Some(delivery) = blocking(&self.store, move |s| s.claim_delivery(id)).await? else {
            tracing::info!(
                "delivery {id} (ticket #{}) no longer applies; withdrawn",
                read.ticket
            );
            return Ok(());
        };
        // The pieces Discord surely has, as recorded; the last piece is
        // recorded by the delivery being sent, so at least it goes out.
        let recorded = usize::try_from(delivery.pieces_sent).unwrap_or(usize::MAX);
        let mut dms = render(&self.l, &delivery, recorded);
        let total = dms.len();
        let mut arrived = recorded.min(total.saturating_sub(1));
        let sent = match channel {
            Err(error) => Err(error),
            Ok(channel) => {
                // A piece left on its way (the relay was stopped after
                // Discord took it, before the record) may have arrived too.
                let found = if delivery.tried
                    || delivery.unconfirmed
                    || delivery.attempts > 0
                    || delivery.pieces_sent > 0
                {
                    self.sent_before(channel, &delivery, &dms, &mut arrived)
                        .await
                } else {
                    None
                };
                match found {
                    Some(message) => Ok(message),
                    None => {
                        if arrived != recorded {
                            dms = render(&self.l, &delivery, arrived);
                        }
                        // Without its note on its way no piece goes out:
                        // the delivery stays as it is, for the next round.
                        self.send(channel, id, dms, &mut arrived).await?
                    }
                }
            }
        };
        match sent {
            Ok(message) => {
                blocking(&self.store, move |s| {
                    s.delivery_sent(id, &message.to_string(), clock::now())
                })
                .await
            }
            Err(error) => {
                let mut why = error.reason_for_team(&self.l, self.options.staff_lang);
                if total > 1 {
                    // The team must know what the member surely has: the
                    // pieces after these may or may not have arrived.
                    why = format!(
                        "{} {why}",
                        self.l.format(
                            self.options.staff_lang,
                            "discord-undelivered-pieces",
                            &[
                                ("sent", FluentValue::from(arrived)),
                                ("total", FluentValue::from(total)),
                            ],
                        )
                    );
                }
                let tries = delivery.attempts + 1;
                let retry_at =
                    (error.retryable() && tries < self.options.max_attempts).then(|| {
                        let wait = self
                            .options
                            .backoff
                            .saturating_mul(1u32 << tries.min(16).saturating_sub(1))
                            .min(self.options.max_backoff);
                        clock::now() + wait
                    });
                tracing::warn!("delivery {id} (ticket #{}) failed: {why}", delivery.ticket);
                // Only a member Discord cannot reach is sure not to have it:
                // their reply goes out again once they write.
                if error.code() == Some(CANNOT_SEND_TO_USER) {
                    blocking(&self.store, move |s| s.delivery_unreachable(id, &why)).await
                } else {
                    blocking(&self.store, move |s| s.delivery_failed(id, &why, retry_at)).await
                }
            }
        }
    }

    /// Sends delivery `id`'s DMs (`messages`) in order from piece
    /// `arrived` on, the pieces Discord accepted on an earlier try (maybe
    /// days ago, when it then could not reach the member) being skipped, and
    /// counts up `arrived` as Discord accepts more. Every piece but the last
    /// is recorded in the store as soon as it is accepted, each on its own
    /// commit, so the count survives a failure, a restart and the weeks a
    /// refused reply may wait; the last one's id stands for them all.
    /// Before the first piece goes out, the store notes the delivery as on
    /// its way ([`Store::delivery_on_its_way`], one statement): a relay
    /// killed after Discord took a piece and before its record looks for it
    /// in the member's DMs when it starts again, since by then Discord may
    /// have forgotten the nonce. `Err` when that note could not be written:
    /// nothing was sent.
    async fn send(
        &mut self,
        channel: ChannelId,
        id: i64,
        messages: Vec<Dm>,
        arrived: &mut usize,
    ) -> Result<Result<MessageId, Failure>, String> {
        let total = messages.len();
        if *arrived < total {
            // Once per send is enough: after a piece, either its record
            // clears this note and counts it (a restart then looks, as for
            // any delivery with pieces recorded), or the record failed and
            // the note still stands.
            let piece = *arrived + 1;
            blocking(&self.store, move |s| {
                s.delivery_on_its_way(id, clock::now())
            })
            .await
            .map_err(|e| format!("noting piece {piece} of delivery {id} before its send: {e}"))?;
        }
        let mut last = None;
        for (n, Dm { message, .. }) in messages.into_iter().enumerate().skip(*arrived) {
            let sent = match within(
                self.options.send_timeout,
                channel.send_message(&self.http, message),
            )
            .await
            {
                Ok(sent) => sent,
                Err(failure) => return Ok(Err(failure)),
            };
            *arrived = n + 1;
            last = Some(sent.id);
            if n + 1 < total {
                self.record_pieces(id, n + 1, sent.id).await;
            }
        }
        Ok(last.ok_or(Failure::Discord(serenity::Error::Other(
            "a delivery without a message",
        ))))
    }

    /// Records that Discord has the first `pieces` pieces of delivery `id`,
    /// the last of them as message `last`.
    async fn record_pieces(&self, id: i64, pieces: usize, last: MessageId) {
        let pieces = u32::try_from(pieces).unwrap_or(u32::MAX);
        let last = last.to_string();
        if let Err(e) = blocking(&self.store, move |s| {
            s.delivery_pieces_sent(id, pieces, &last)
        })
        .await
        {
            // The nonces still keep a retry within minutes from showing
            // the piece twice.
            tracing::warn!("recording piece {pieces} of delivery {id}: {e}");
        }
    }

    /// Before a delivery is sent again: which of its pieces from `arrived`
    /// on, the first not recorded, Discord already has, among the member's
    /// DM channel's messages since its last piece recorded, or else the
    /// ticket's previous delivery (`Relay::dm_history`).
    /// A piece whose send went unanswered may have arrived, and when the
    /// retry is refused (the member closed their DMs) or comes after the
    /// minutes Discord remembers a nonce, only the channel can tell. So may
    /// several, when their records failed (the database was locked for a
    /// while): every piece found in a row counts as arrived (and is
    /// recorded, on one commit), so only the rest is sent; when that is
    /// all of them, the last one found is the delivery's message, returned.
    /// A channel that cannot be read leaves it to the nonce.
    async fn sent_before(
        &self,
        channel: ChannelId,
        delivery: &Delivery,
        dms: &[Dm],
        arrived: &mut usize,
    ) -> Option<MessageId> {
        if *arrived >= dms.len() {
            return None;
        }
        let id = delivery.id;
        // Only what the bot sent after the ticket's delivery before this
        // one, and after this one's last piece recorded, can be one of the
        // pieces looked for: a reply worded like an earlier one is not it,
        // nor is a piece the same words as one recorded before it.
        let read = blocking(&self.store, move |s| s.delivery_search_start(id)).await;
        let since = match search_from(read) {
            Ok(since) => since,
            Err(why) => {
                tracing::warn!(
                    "not searching the DM channel before delivery {}: {why}",
                    delivery.id
                );
                return None;
            }
        };
        // A notice withdrawn after it may have arrived is in the same words
        // as this one and at an unknown place among those messages: it
        // could pass for this one, which the member would then never get.
        // Sending again at worst repeats the notice.
        if delivery.kind != DeliveryKind::Reply {
            let why = match blocking(&self.store, move |s| s.notice_twin_may_have_arrived(id)).await
            {
                Ok(false) => None,
                Ok(true) => Some("a withdrawn notice in its words may be there".to_string()),
                Err(e) => Some(e),
            };
            if let Some(why) = why {
                tracing::info!("not searching the DM channel before delivery {id}: {why}");
                return None;
            }
        }
        let recent = match self.dm_history(channel, since).await {
            Ok(recent) => recent,
            Err(failure) => {
                tracing::warn!(
                    "reading the DM channel before delivery {} again: {}",
                    delivery.id,
                    failure.reason()
                );
                return None;
            }
        };
        let found = already_there(dms, *arrived, &recent, since);
        let last = *found.last()?;
        tracing::info!(
            "pieces {} to {} of delivery {} are in the member's DMs already; not sent again",
            *arrived + 1,
            *arrived + found.len(),
            delivery.id
        );
        *arrived += found.len();
        if *arrived == dms.len() {
            return Some(last);
        }
        self.record_pieces(delivery.id, *arrived, last).await;
        None
    }

    /// The DM channel's messages back from the newest to the first after
    /// `since` (all of them without it), a listing (100) at a time.
    /// From the newest, not `after(since)`: with `after` Discord lists the
    /// messages right after that one, and a piece that went out after more
    /// than a listing of chat would need as many listings forward, while
    /// a relay that died with a piece on its way looks soon after, when
    /// that piece is among the newest. At most [`DM_LISTINGS`] listings:
    /// every one is a request under Discord's rate limit, the relay sends
    /// nothing else meanwhile, and a DM channel of years of chat would hold
    /// every other member's reply back; a piece beyond them is sent again.
    async fn dm_history(
        &self,
        channel: ChannelId,
        since: Option<u64>,
    ) -> Result<Vec<Message>, Failure> {
        let mut history: Vec<Message> = Vec::new();
        let mut before: Option<MessageId> = None;
        for _ in 0..DM_LISTINGS {
            let mut listing = GetMessages::new().limit(DM_LISTING);
            if let Some(before) = before {
                listing = listing.before(before);
            }
            let page = within(
                self.options.send_timeout,
                channel.messages(&self.http, listing),
            )
            .await?;
            let full = page.len() >= usize::from(DM_LISTING);
            let oldest = page.iter().map(|m| m.id).min();
            history.extend(page);
            match oldest {
                Some(oldest) if full && since.is_none_or(|since| oldest.get() > since) => {
                    before = Some(oldest);
                }
                // The channel's first message, or the search's start, is read.
                _ => break,
            }
        }
        Ok(history)
    }

    /// The member's DM channel, asked of Discord once per member.
    async fn dm_channel(&mut self, delivery: &Delivery) -> Result<ChannelId, Failure> {
        if let Some(channel) = self.dms.get(&delivery.discord_user) {
            return Ok(*channel);
        }
        let user = delivery
            .discord_user
            .parse::<u64>()
            .ok()
            .filter(|id| *id != 0)
            .ok_or(serenity::Error::Other("not a Discord user id"))?;
        let channel = within(
            self.options.send_timeout,
            UserId::new(user).create_dm_channel(&self.http),
        )
        .await?
        .id;
        self.dms.insert(delivery.discord_user.clone(), channel);
        Ok(channel)
    }

    /// Posts or edits the staff channel's announcements that are out of date.
    async fn announce(&mut self, channel: ChannelId) -> Result<usize, String> {
        let notices = blocking(&self.store, |s| s.staff_notices(20)).await?;
        let count = notices.len();
        for notice in notices {
            let embed = staff_embed(&self.l, &notice, self.options.staff_lang);
            let limit = self.options.send_timeout;
            let edited = match notice
                .message_id
                .as_deref()
                .and_then(|m| m.parse::<u64>().ok())
            {
                Some(existing) => match within(
                    limit,
                    channel.edit_message(
                        &self.http,
                        MessageId::new(existing.max(1)),
                        EditMessage::new().embed(embed.clone()),
                    ),
                )
                .await
                {
                    Ok(message) => Some(Ok(message.id)),
                    // Someone deleted the announcement: it is posted anew.
                    Err(failure) if failure.is_gone() => None,
                    // Any other failure leaves the announcement there, to
                    // be edited on a later round, not posted a second time.
                    Err(failure) => Some(Err(failure)),
                },
                None => None,
            };
            let posted = match edited {
                Some(done) => done,
                None => within(
                    limit,
                    channel.send_message(&self.http, CreateMessage::new().embed(embed)),
                )
                .await
                .map(|m| m.id),
            };
            match posted {
                Ok(message) => {
                    let (ticket, changes) = (notice.ticket.id, notice.changes);
                    blocking(&self.store, move |s| {
                        s.staff_posted(ticket, &message.to_string(), changes)
                    })
                    .await?;
                }
                Err(e) => return Err(format!("staff channel: {}", e.reason())),
            }
        }
        Ok(count)
    }
}

/// Delivers until `stop` turns true: pending deliveries (including those
/// queued while the bot was down) first, then whatever the team writes.
/// With a `staff_channel`, ticket announcements are posted and kept current there.
pub async fn run(
    http: Arc<Http>,
    db: &Path,
    l: Arc<Localizer>,
    options: RelayOptions,
    staff_channel: Option<u64>,
    mut stop: watch::Receiver<bool>,
) -> Result<(), String> {
    let path: PathBuf = db.to_path_buf();
    let store = tokio::task::spawn_blocking(move || Store::open(&path))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let mut relay = Relay {
        http,
        store: Arc::new(Mutex::new(store)),
        l,
        options,
        dms: HashMap::new(),
    };
    let staff = staff_channel.filter(|c| *c != 0).map(ChannelId::new);
    // A broken staff channel (deleted, no permission) is retried now and then,
    // not on every round.
    let mut staff_pause_until = tokio::time::Instant::now();
    while !*stop.borrow() {
        // Read before the queue: a reply committed while the queue is read
        // then counts as a change, not as seen.
        let seen = blocking(&relay.store, |s| s.data_version()).await.ok();
        let due = blocking(&relay.store, |s| s.due_deliveries(clock::now(), 50)).await;
        let mut busy = false;
        match due {
            Ok(due) => {
                for delivery in due {
                    match relay.deliver(delivery).await {
                        Ok(()) => busy = true,
                        // The delivery is as it was (its note on its way or
                        // its outcome could not be written): tried again at
                        // the idle pace, not at once, or a database that
                        // refuses every write (a full disk) spins the relay.
                        Err(e) => tracing::warn!("recording a delivery: {e}"),
                    }
                }
            }
            Err(e) => tracing::warn!("reading the deliveries: {e}"),
        }
        if let Some(channel) = staff
            && tokio::time::Instant::now() >= staff_pause_until
        {
            match relay.announce(channel).await {
                Ok(n) => busy |= n > 0,
                Err(e) => {
                    tracing::warn!("{e}");
                    staff_pause_until = tokio::time::Instant::now()
                        + relay.options.max_backoff.min(Duration::from_secs(30));
                }
            }
        }
        if !busy {
            relay.idle(seen, &mut stop).await;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
