//! The Discord adapter: serenity's client in front of the engine.
//!
//! This is the only module that knows serenity. It turns gateway events into
//! [`Incoming`] messages and button presses, and the engine's [`Reply`] into
//! Discord messages, embeds and components within Discord's limits.

use crate::engine::{ButtonAction, ChannelKind, Engine, EngineError, Incoming, Reply};
use crate::relay::RelayOptions;
use desk::store::{FileContent, FileFailure, FileToFetch, TicketTimes};
use locales::{Lang, Localizer};
use serenity::all::{
    ButtonStyle, ChannelId, Command, CommandDataOptionValue, CommandInteraction, CommandOptionType,
    ComponentInteraction, ComponentInteractionDataKind, Context, CreateActionRow,
    CreateAllowedMentions, CreateButton, CreateCommand, CreateCommandOption, CreateEmbed,
    CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage, CreateSelectMenu,
    CreateSelectMenuKind, CreateSelectMenuOption, EditInteractionResponse, EventHandler,
    GatewayIntents, Http, HttpBuilder, Interaction, Message, Ready, ResumedEvent, UserId,
};
use serenity::gateway::{ConnectionStage, ShardStageUpdateEvent};
use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

/// Discord's limits that our replies must stay within.
mod limits {
    /// Characters in a message's content.
    pub const CONTENT: usize = 2000;
    /// Characters in an embed title.
    pub const EMBED_TITLE: usize = 256;
    /// Characters in an embed description.
    pub const EMBED_DESCRIPTION: usize = 4096;
    /// Characters in an embed field's value.
    pub const FIELD_VALUE: usize = 1024;
    /// Characters in a button label or select option label.
    pub const LABEL: usize = 80;
    /// Bytes in a component's custom id.
    pub const CUSTOM_ID: usize = 100;
    /// Buttons per action row, and rows per message.
    pub const PER_ROW: usize = 5;
    /// Options in a select menu.
    pub const OPTIONS: usize = 25;
}

/// Whom the bot's messages may ping: nobody by `@everyone`, `@here`, a
/// role or a user mention, whatever text ends up in them (a member's words
/// in a ticket, a moderator's reply, an article); only the member a guild
/// answer replies to is notified, as a reply does.
pub fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .everyone(false)
        .all_users(false)
        .all_roles(false)
        .replied_user(true)
}

/// The custom id of the topic menu that `/faq` shows.
const FAQ_TOPIC: &str = "faq-topic";
/// The custom id of the article menu shown after a topic is chosen.
const FAQ_ARTICLE: &str = "faq-article";

/// What can stop the bot; none of these messages contains the token.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    /// Neither the environment nor the config file gives a token.
    #[error("no Discord token: set DISCORD_TOKEN or put `token = \"...\"` in the config file")]
    NoToken,
    /// The token is empty or contains whitespace.
    #[error("the Discord token is malformed (empty or containing spaces)")]
    MalformedToken,
    /// The config file cannot be read.
    #[error("cannot read the bot config {path}: {cause}")]
    ConfigRead {
        /// The file.
        path: PathBuf,
        /// Why (in the message itself, so that it is not printed twice as a cause).
        cause: std::io::Error,
    },
    /// The config file is not TOML of the expected shape.
    #[error("{path}:{line}: {message}")]
    ConfigSyntax {
        /// The file.
        path: PathBuf,
        /// The 1-based line of the problem.
        line: usize,
        /// What is wrong there, to be said in the reader's language; its
        /// `Display` is English, for logs.
        message: locales::Said,
    },
    /// `--shards` is neither `auto` nor a positive number.
    #[error("--shards must be `auto` or a number from 1 up, not `{0}`")]
    Shards(String),
    /// Discord refused the token (HTTP 401 or gateway close code 4004).
    #[error(
        "Discord rejected the token; check DISCORD_TOKEN (the bot's token, not the client secret)"
    )]
    TokenRejected,
    /// Discord or the connection failed; the text has the token removed.
    #[error("Discord: {0}")]
    Discord(String),
    /// The async runtime could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// The engine could not be built.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// A bot token. It prints as `***` so that it never reaches a log.
#[derive(Clone)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(***)")
    }
}

impl Token {
    /// A token from its text, refusing empty ones and ones with spaces inside.
    pub fn new(text: &str) -> Result<Token, DiscordError> {
        let text = text.trim();
        let text = text.strip_prefix("Bot ").unwrap_or(text);
        if text.is_empty() || text.contains(char::is_whitespace) {
            return Err(DiscordError::MalformedToken);
        }
        Ok(Token(text.to_string()))
    }

    /// `DISCORD_TOKEN` from the environment, else `token` from the config file.
    pub fn from_env_or_file(
        env: Option<String>,
        config: Option<&Path>,
    ) -> Result<Token, DiscordError> {
        if let Some(text) = env.filter(|t| !t.trim().is_empty()) {
            return Token::new(&text);
        }
        match config {
            Some(path) => BotConfig::read(path)?
                .token
                .ok_or(DiscordError::NoToken)
                .and_then(|t| Token::new(&t)),
            None => Err(DiscordError::NoToken),
        }
    }

    /// `text` with every occurrence of the token replaced by `***`.
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.0, "***")
    }
}

/// The optional config file: `token = "..."` at the top (the old form) or
/// in `[discord]`, with `staff_channel`; the lifecycle's times in `[tickets]`.
/// The keys `helpdesk serve` reads from the same file are let through.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BotFile {
    token: Option<String>,
    #[serde(default)]
    discord: DiscordSection,
    #[serde(default)]
    tickets: TicketsSection,
    // Used by `helpdesk serve` and `tickets sweep`.
    db: Option<String>,
    // Read by `helpdesk serve`, not by the bot.
    #[serde(rename = "faq_dir")]
    _faq_dir: Option<toml::Value>,
    #[serde(rename = "smtp")]
    _smtp: Option<toml::Value>,
    #[serde(rename = "mail")]
    _mail: Option<toml::Value>,
    #[serde(rename = "http")]
    _http: Option<toml::Value>,
}

// `expecting` gives serde's "wrong type" the shape `Said::toml` words
// (`toml-wrong-type-table`), as the serve config's sections do.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table: [discord]")]
struct DiscordSection {
    token: Option<String>,
    staff_channel: Option<u64>,
    // Spanned: a value we refuse is named at its own line.
    staff_lang: Option<toml::Spanned<String>>,
    // Read by `helpdesk serve`; `helpdesk bot` takes them as flags.
    #[serde(rename = "api_base")]
    _api_base: Option<toml::Value>,
    #[serde(rename = "shards")]
    _shards: Option<toml::Value>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table: [tickets]")]
struct TicketsSection {
    close_after_days: Option<toml::Spanned<u32>>,
    warn_before_days: Option<toml::Spanned<u32>>,
    reopen_within_days: Option<u32>,
}

/// What the bot's config file says, with defaults filled in.
#[derive(Debug, Clone, Default)]
pub struct BotConfig {
    /// `[discord] token` or the top-level `token`.
    pub token: Option<String>,
    /// `[discord] staff_channel`.
    pub staff_channel: Option<u64>,
    /// `[discord] staff_lang`: the team's language in the staff channel (English if unset).
    pub staff_lang: Option<Lang>,
    /// `[tickets]`.
    pub tickets: TicketTimes,
    /// The top-level `db`, relative to the file's folder as `serve` reads it.
    pub db: Option<std::path::PathBuf>,
}

impl BotConfig {
    /// Reads and checks the file; errors name the file and line.
    pub fn read(path: &Path) -> Result<BotConfig, DiscordError> {
        let (file, text) = BotFile::read(path)?;
        let line_at = |at: &std::ops::Range<usize>| locales::line_of(text.as_bytes(), at.start);
        let (close, warn) = (
            &file.tickets.close_after_days,
            &file.tickets.warn_before_days,
        );
        let defaults = TicketTimes::default();
        let tickets = TicketTimes {
            close_after_days: close
                .as_ref()
                .map_or(defaults.close_after_days, |d| *d.get_ref()),
            warn_before_days: warn
                .as_ref()
                .map_or(defaults.warn_before_days, |d| *d.get_ref()),
            reopen_within_days: file
                .tickets
                .reopen_within_days
                .unwrap_or(defaults.reopen_within_days),
        };
        if tickets.close_after_days == 0 || tickets.warn_before_days >= tickets.close_after_days {
            // The value that breaks the rule: a zero, else the warning if
            // it was given, else the closing day lowered below the default.
            let culprit = if tickets.close_after_days == 0 {
                close.as_ref()
            } else {
                warn.as_ref().or(close.as_ref())
            };
            return Err(DiscordError::ConfigSyntax {
                path: path.to_path_buf(),
                line: culprit.map_or(1, |d| line_at(&d.span())),
                message: locales::Said::of("bot-config-ticket-days"),
            });
        }
        let staff_lang = match &file.discord.staff_lang {
            None => None,
            Some(code) => {
                Some(
                    Lang::parse(code.get_ref()).ok_or_else(|| DiscordError::ConfigSyntax {
                        path: path.to_path_buf(),
                        line: line_at(&code.span()),
                        message: locales::Said::new(
                            "bot-config-staff-lang",
                            &[("value", code.get_ref().clone())],
                        ),
                    })?,
                )
            }
        };
        Ok(BotConfig {
            token: file.discord.token.or(file.token),
            staff_channel: file.discord.staff_channel,
            staff_lang,
            tickets,
            // An empty value is no database, as an unset one.
            db: file
                .db
                .as_deref()
                .map(str::trim)
                .filter(|db| !db.is_empty())
                .map(|db| path.parent().unwrap_or(Path::new(".")).join(db)),
        })
    }
}

impl BotFile {
    /// The file and its text, for the lines of the values it holds.
    fn read(path: &Path) -> Result<(BotFile, String), DiscordError> {
        let text = std::fs::read_to_string(path).map_err(|cause| DiscordError::ConfigRead {
            path: path.to_path_buf(),
            cause,
        })?;
        let file = toml::from_str(&text).map_err(|e| DiscordError::ConfigSyntax {
            path: path.to_path_buf(),
            line: e
                .span()
                .map(|s| locales::line_of(text.as_bytes(), s.start))
                .unwrap_or(1),
            message: locales::Said::toml(e.message()),
        })?;
        Ok((file, text))
    }
}

/// How many gateway shards to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shards {
    /// One shard: enough until the bot is in 2,500 servers.
    One,
    /// As many as Discord recommends (`GET /gateway/bot`).
    Auto,
    /// Exactly this many.
    Count(u32),
}

impl std::str::FromStr for Shards {
    type Err = DiscordError;

    fn from_str(text: &str) -> Result<Shards, DiscordError> {
        match text.trim() {
            "auto" => Ok(Shards::Auto),
            "1" => Ok(Shards::One),
            other => match other.parse::<u32>() {
                Ok(n) if n > 1 => Ok(Shards::Count(n)),
                _ => Err(DiscordError::Shards(text.to_string())),
            },
        }
    }
}

/// How to reach Discord.
#[derive(Debug, Clone)]
pub struct BotOptions {
    /// The bot token.
    pub token: Token,
    /// Send REST calls here instead of `https://discord.com`: a rate-limiting
    /// HTTP proxy such as twilight's http-proxy, or the fake Discord of the tests.
    pub api_base: Option<String>,
    /// Gateway shards.
    pub shards: Shards,
    /// The team's channel: one announcement per ticket, kept current.
    pub staff_channel: Option<u64>,
    /// The ticket lifecycle's times.
    pub tickets: TicketTimes,
    /// How often the lifecycle is checked.
    pub sweep_every: Duration,
    /// How deliveries are paced and retried.
    pub relay: RelayOptions,
    /// How often the bot looks for questions moderators linked to articles.
    pub links_every: Duration,
}

impl BotOptions {
    /// Options with the defaults: one shard, discord.com, no staff channel.
    pub fn new(token: Token) -> BotOptions {
        BotOptions {
            token,
            api_base: None,
            shards: Shards::One,
            staff_channel: None,
            tickets: TicketTimes::default(),
            sweep_every: Duration::from_secs(60),
            relay: RelayOptions::default(),
            links_every: Duration::from_secs(5),
        }
    }
}

/// Whether the gateway connections are up, for a health check.
#[derive(Debug, Default)]
pub struct GatewayStatus {
    shards: Mutex<HashMap<u32, bool>>,
    reconnects: AtomicU64,
}

impl GatewayStatus {
    /// True when at least one shard is known and every known shard is connected.
    pub fn connected(&self) -> bool {
        let shards = self.shards.lock().unwrap_or_else(PoisonError::into_inner);
        !shards.is_empty() && shards.values().all(|&up| up)
    }

    /// How often a shard came back after losing its connection.
    pub fn reconnects(&self) -> u64 {
        self.reconnects.load(Ordering::Relaxed)
    }

    /// Takes the shard manager's view: shards it no longer runs are down.
    fn observe(&self, running: &HashMap<u32, bool>) {
        let known: Vec<u32> = {
            let shards = self.shards.lock().unwrap_or_else(PoisonError::into_inner);
            shards.keys().copied().collect()
        };
        for shard in known {
            if !running.contains_key(&shard) {
                self.set(shard, false);
            }
        }
        for (&shard, &up) in running {
            self.set(shard, up);
        }
    }

    fn set(&self, shard: u32, up: bool) {
        let mut shards = self.shards.lock().unwrap_or_else(PoisonError::into_inner);
        let was = shards.insert(shard, up);
        // A shard that was known and down and is up again has reconnected.
        if up && was == Some(false) {
            self.reconnects.fetch_add(1, Ordering::Relaxed);
            metrics::counter!("helpdesk_gateway_reconnects_total").increment(1);
        }
        let connected = shards.values().filter(|&&up| up).count();
        metrics::gauge!("helpdesk_gateway_shards_connected").set(connected as f64);
    }
}

/// The intents the bot needs: messages in servers and DMs, and their text.
pub fn intents() -> GatewayIntents {
    GatewayIntents::GUILD_MESSAGES
        | GatewayIntents::DIRECT_MESSAGES
        | GatewayIntents::MESSAGE_CONTENT
}

/// The global slash commands, with German names and descriptions.
pub fn commands(l: &Localizer) -> Vec<CreateCommand> {
    let command = |id: &str| {
        let about = format!("{id}-about");
        CreateCommand::new(l.text(Lang::En, id))
            .description(l.text(Lang::En, &about))
            .name_localized("de", l.text(Lang::De, id))
            .description_localized("de", l.text(Lang::De, &about))
    };
    vec![
        command("discord-ask").add_option(
            CreateCommandOption::new(
                CommandOptionType::String,
                l.text(Lang::En, "discord-ask-question"),
                l.text(Lang::En, "discord-ask-question-about"),
            )
            .name_localized("de", l.text(Lang::De, "discord-ask-question"))
            .description_localized("de", l.text(Lang::De, "discord-ask-question-about"))
            .max_length(1000)
            .required(true),
        ),
        command("discord-faq"),
        command("discord-bonus"),
        command("discord-ticket"),
    ]
}

/// At most `max` characters of `text`, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// A reply as Discord pieces: text or an embed, and rows of buttons.
struct Outgoing {
    content: Option<String>,
    embed: Option<CreateEmbed>,
    rows: Vec<CreateActionRow>,
    ephemeral: bool,
}

impl Outgoing {
    /// Articles become embeds; everything else is plain text.
    fn from_reply(reply: &Reply, l: &Localizer) -> Outgoing {
        let (content, embed) = match &reply.title {
            Some(title) => {
                let mut embed = CreateEmbed::new()
                    .title(clip(title, limits::EMBED_TITLE))
                    .description(clip(&reply.text, limits::EMBED_DESCRIPTION))
                    .colour(0x2f6f9f);
                if !reply.see_also.is_empty() {
                    embed = embed.field(
                        l.text(reply.lang, "discord-see-also"),
                        clip(&reply.see_also.join(" · "), limits::FIELD_VALUE),
                        false,
                    );
                }
                (None, Some(embed))
            }
            None => (Some(clip(&reply.text, limits::CONTENT)), None),
        };
        let buttons: Vec<CreateButton> = reply
            .buttons
            .iter()
            .filter(|b| b.action.id().len() <= limits::CUSTOM_ID)
            .map(|b| {
                let style = match b.action {
                    ButtonAction::TalkToHuman | ButtonAction::NewQuestion => ButtonStyle::Primary,
                    ButtonAction::Rate(..) => ButtonStyle::Secondary,
                    ButtonAction::Helpful(_) => ButtonStyle::Success,
                    ButtonAction::NotHelpful(_) | ButtonAction::Article(_) => {
                        ButtonStyle::Secondary
                    }
                };
                CreateButton::new(b.action.id())
                    .label(clip(&b.label, limits::LABEL))
                    .style(style)
            })
            .collect();
        let rows = buttons
            .chunks(limits::PER_ROW)
            .take(limits::PER_ROW)
            .map(|row| CreateActionRow::Buttons(row.to_vec()))
            .collect();
        Outgoing {
            content,
            embed,
            rows,
            ephemeral: reply.ephemeral,
        }
    }

    /// A text with one select menu under it.
    fn menu(text: String, id: &str, options: Vec<(String, String)>) -> Outgoing {
        let options = options
            .into_iter()
            .take(limits::OPTIONS)
            .map(|(value, label)| CreateSelectMenuOption::new(clip(&label, limits::LABEL), value))
            .collect();
        Outgoing {
            content: Some(text),
            embed: None,
            rows: vec![CreateActionRow::SelectMenu(CreateSelectMenu::new(
                id,
                CreateSelectMenuKind::String { options },
            ))],
            ephemeral: true,
        }
    }

    fn message(self) -> CreateMessage {
        let mut m = CreateMessage::new().components(self.rows);
        if let Some(content) = self.content {
            m = m.content(content);
        }
        if let Some(embed) = self.embed {
            m = m.embed(embed);
        }
        m
    }

    /// The answer to a deferred interaction (its visibility was set when deferring).
    fn edit(self) -> EditInteractionResponse {
        // serenity gives an edited interaction answer no default mentions.
        let mut m = EditInteractionResponse::new()
            .components(self.rows)
            .allowed_mentions(no_pings());
        if let Some(content) = self.content {
            m = m.content(content);
        }
        if let Some(embed) = self.embed {
            m = m.embed(embed);
        }
        m
    }

    fn response(self) -> CreateInteractionResponse {
        let mut m = CreateInteractionResponseMessage::new()
            .components(self.rows)
            .ephemeral(self.ephemeral);
        if let Some(content) = self.content {
            m = m.content(content);
        }
        if let Some(embed) = self.embed {
            m = m.embed(embed);
        }
        CreateInteractionResponse::Message(m)
    }
}

/// serenity's event handler: one per bot, shared by all shards.
struct Handler {
    engine: Arc<Engine>,
    l: Arc<Localizer>,
    token: Token,
    me: OnceLock<UserId>,
    registered: AtomicBool,
    /// Whether this run has fetched the files an earlier one left waiting.
    swept_files: AtomicBool,
    status: Arc<GatewayStatus>,
    /// serenity's own HTTP client, shared, for the files members send.
    web: reqwest::Client,
}

impl Handler {
    /// Runs `work` on the engine off the async threads (it searches and
    /// writes SQLite). Members run side by side: the engine is shared, not locked.
    async fn with_engine<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Engine) -> Result<T, EngineError> + Send + 'static,
    ) -> Result<T, String> {
        let engine = Arc::clone(&self.engine);
        let done = tokio::task::spawn_blocking(move || {
            work(&engine).map_err(|e| e.in_file(engine.db_path()))
        })
        .await;
        match done {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(e.to_string()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Logs a problem, without the token.
    fn report(&self, what: &str, problem: &dyn std::fmt::Display) {
        tracing::warn!(
            problem = %self.token.redact(&problem.to_string()),
            "discord: {what}"
        );
    }

    fn sorry(&self, lang: Lang) -> Outgoing {
        Outgoing {
            content: Some(self.l.text(lang, "discord-sorry")),
            embed: None,
            rows: Vec::new(),
            ephemeral: true,
        }
    }

    /// The engine's answer to a message or `/ask`; `None` when it ignores it.
    async fn answer(&self, incoming: Incoming) -> Result<Option<Outgoing>, String> {
        let l = Arc::clone(&self.l);
        self.with_engine(move |engine| {
            Ok(engine
                .handle(&incoming)?
                .map(|reply| Outgoing::from_reply(&reply, &l)))
        })
        .await
    }

    /// The reply to a slash command or component, or the apology.
    fn interaction_reply(&self, lang: Lang, what: Result<Outgoing, String>) -> Outgoing {
        what.unwrap_or_else(|e| {
            self.report("answering an interaction", &e);
            self.sorry(lang)
        })
    }

    async fn on_message(&self, ctx: &Context, msg: &Message) {
        let me = self.me.get().copied();
        if msg.author.bot || Some(msg.author.id) == me {
            return;
        }
        let channel = if msg.guild_id.is_none() {
            ChannelKind::Direct
        } else if me.is_some_and(|me| msg.mentions.iter().any(|u| u.id == me)) {
            ChannelKind::Mention
        } else {
            return;
        };
        // A DM's files join the member's ticket, if the message does, as
        // links first; their bytes are fetched after the answer, one at a
        // time (`keep_files`), so a member is answered without waiting for
        // downloads, and a message of ten files never holds ten in memory.
        let attachments = msg
            .attachments
            .iter()
            .map(|file| {
                crate::files::Described {
                    filename: file.filename.clone(),
                    content_type: file.content_type.clone(),
                    size: u64::from(file.size),
                    url: file.url.clone(),
                }
                // Only a DM joins a ticket; elsewhere the link is all anyone reads.
                .without_bytes(FileContent::Failed(
                    if channel == ChannelKind::Direct {
                        FileFailure::Fetching
                    } else {
                        FileFailure::NotDirect
                    },
                ))
            })
            .collect();
        let incoming = Incoming {
            user: msg.author.id.to_string(),
            text: msg.content.clone(),
            locale: None,
            channel,
            from_bot: false,
            attachments,
        };
        let out = match self.answer(incoming).await {
            Ok(Some(out)) => out,
            Ok(None) => return,
            Err(e) => {
                self.report("answering a message", &e);
                self.sorry(Lang::En)
            }
        };
        self.send(
            &ctx.http,
            msg.channel_id,
            out.message().reference_message(msg),
        )
        .await;
        if channel == ChannelKind::Direct && !msg.attachments.is_empty() {
            let urls: Vec<&str> = msg.attachments.iter().map(|f| f.url.as_str()).collect();
            self.keep_files(msg.author.id.to_string(), &urls).await;
        }
    }

    /// Fetches and keeps the files at `urls` (one message's) that the
    /// engine stored for `user`'s ticket without their bytes, one at a
    /// time: each is in the database before the next is asked for, so at
    /// most one file's bytes are in memory. Files the message did not
    /// join a ticket with are not there, and not fetched.
    async fn keep_files(&self, user: String, urls: &[&str]) {
        let waiting = match self
            .with_engine(move |engine| engine.files_to_fetch(&user))
            .await
        {
            Ok(waiting) => waiting,
            Err(e) => {
                self.report("reading the files to keep", &e);
                return;
            }
        };
        self.fetch_and_keep(
            waiting
                .into_iter()
                .filter(|f| urls.contains(&f.url.as_str()))
                .collect(),
        )
        .await;
    }

    /// Fetches `files` one after another, each kept before the next is
    /// asked for.
    async fn fetch_and_keep(&self, files: Vec<FileToFetch>) {
        for file in files {
            let content =
                crate::files::content(&self.web, &file.url, file.size, crate::files::FETCH_WITHIN)
                    .await;
            let id = file.id;
            if let Err(e) = self
                .with_engine(move |engine| engine.keep_file(id, &content))
                .await
            {
                self.report("keeping a member's file", &e);
            }
        }
    }

    async fn send(&self, http: &Http, channel: ChannelId, message: CreateMessage) {
        if let Err(e) = channel.send_message(http, message).await {
            self.report("sending a reply", &e);
        }
    }

    async fn on_command(&self, ctx: &Context, command: &CommandInteraction) {
        let lang = Lang::negotiate(&command.locale);
        // Searching and writing may outlast Discord's 3 seconds: acknowledge
        // first, then fill in the answer.
        let deferred = matches!(command.data.name.as_str(), "ask" | "ticket" | "bonus");
        if deferred && let Err(e) = command.defer_ephemeral(&ctx.http).await {
            self.report("deferring a command", &e);
            return;
        }
        let user = command.user.id.to_string();
        let locale = command.locale.clone();
        let l = Arc::clone(&self.l);
        let out = match command.data.name.as_str() {
            "ask" => {
                let question = command
                    .data
                    .options
                    .iter()
                    .find_map(|o| match &o.value {
                        CommandDataOptionValue::String(s) => Some(s.clone()),
                        _ => None,
                    })
                    .unwrap_or_default();
                let incoming = Incoming {
                    user,
                    text: question,
                    locale: Some(locale),
                    channel: ChannelKind::Command,
                    from_bot: false,
                    attachments: Vec::new(),
                };
                self.answer(incoming)
                    .await
                    .map(|out| out.unwrap_or_else(|| self.sorry(lang)))
            }
            "bonus" => {
                self.with_engine(move |engine| {
                    let reply = engine.bonus(&user, lang, ChannelKind::Command)?;
                    Ok(Outgoing::from_reply(&reply, &l))
                })
                .await
            }
            "ticket" => self.press(user, locale, ButtonAction::TalkToHuman).await,
            "faq" => {
                self.with_engine(move |engine| {
                    Ok(Outgoing::menu(
                        l.text(lang, "discord-faq-pick-topic"),
                        FAQ_TOPIC,
                        engine.topics(lang),
                    ))
                })
                .await
            }
            other => Err(format!("unknown command /{other}")),
        };
        let out = self.interaction_reply(lang, out);
        let answered = if deferred {
            command
                .edit_response(&ctx.http, out.edit())
                .await
                .map(|_| ())
        } else {
            command.create_response(&ctx.http, out.response()).await
        };
        if let Err(e) = answered {
            self.report("answering a command", &e);
        }
    }

    async fn press(
        &self,
        user: String,
        locale: String,
        action: ButtonAction,
    ) -> Result<Outgoing, String> {
        let l = Arc::clone(&self.l);
        self.with_engine(move |engine| {
            let reply = engine.press(&user, Some(&locale), &action)?;
            Ok(Outgoing::from_reply(&reply, &l))
        })
        .await
    }

    async fn on_component(&self, ctx: &Context, component: &ComponentInteraction) {
        let lang = Lang::negotiate(&component.locale);
        let user = component.user.id.to_string();
        let locale = component.locale.clone();
        let chosen = match &component.data.kind {
            ComponentInteractionDataKind::StringSelect { values } => values.first().cloned(),
            _ => None,
        };
        let id = component.data.custom_id.as_str();
        // A handover writes the ticket: acknowledge first.
        let deferred = id == ButtonAction::TalkToHuman.id();
        if deferred && let Err(e) = component.defer_ephemeral(&ctx.http).await {
            self.report("deferring a button", &e);
            return;
        }
        let out = match (id, chosen) {
            (FAQ_TOPIC, Some(topic)) => {
                let l = Arc::clone(&self.l);
                self.with_engine(move |engine| {
                    Ok(Outgoing::menu(
                        l.text(lang, "discord-faq-pick-article"),
                        FAQ_ARTICLE,
                        engine.articles_in(&topic, lang),
                    ))
                })
                .await
            }
            (FAQ_ARTICLE, Some(article)) => {
                self.press(user, locale, ButtonAction::Article(article))
                    .await
            }
            _ => match ButtonAction::parse(id) {
                Some(action) => self.press(user, locale, action).await,
                None => Err(format!("unknown component {id}")),
            },
        };
        let out = self.interaction_reply(lang, out);
        let answered = if deferred {
            component
                .edit_response(&ctx.http, out.edit())
                .await
                .map(|_| ())
        } else {
            component.create_response(&ctx.http, out.response()).await
        };
        if let Err(e) = answered {
            self.report("answering a button", &e);
        }
    }
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let _ = self.me.set(ready.user.id);
        let shard = ready.shard.map_or(0, |s| s.id.0);
        self.status.set(shard, true);
        tracing::info!(
            user = %ready.user.name,
            shard,
            servers = ready.guilds.len(),
            "discord: connected"
        );
        // Every shard gets a READY; the commands are global, so once is enough.
        if !self.registered.swap(true, Ordering::SeqCst)
            && let Err(e) = Command::set_global_commands(&ctx.http, commands(&self.l)).await
        {
            self.registered.store(false, Ordering::SeqCst);
            self.report("registering the slash commands", &e);
        }
        // Files a stopped bot (or a failed write) left waiting would say
        // "still being fetched" for ever; once per start, while Discord's
        // links (valid for about a day) may still work.
        if !self.swept_files.swap(true, Ordering::SeqCst) {
            match self
                .with_engine(|engine| engine.files_left_fetching())
                .await
            {
                Ok(left) if !left.is_empty() => {
                    tracing::info!(files = left.len(), "fetching the files a stop left behind");
                    self.fetch_and_keep(left).await;
                }
                Ok(_) => {}
                Err(e) => self.report("reading the files left to fetch", &e),
            }
        }
    }

    async fn resume(&self, ctx: Context, _event: ResumedEvent) {
        self.status.set(ctx.shard_id.0, true);
        tracing::info!(shard = ctx.shard_id.0, "discord: session resumed");
    }

    async fn shard_stage_update(&self, _ctx: Context, event: ShardStageUpdateEvent) {
        let up = matches!(event.new, ConnectionStage::Connected);
        if !up {
            tracing::info!(shard = event.shard_id.0, stage = %event.new, "discord: gateway not connected");
        }
        self.status.set(event.shard_id.0, up);
    }

    async fn message(&self, ctx: Context, msg: Message) {
        self.on_message(&ctx, &msg).await;
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match &interaction {
            Interaction::Command(command) => self.on_command(&ctx, command).await,
            Interaction::Component(component) => self.on_component(&ctx, component).await,
            _ => {}
        }
    }
}

/// Turns serenity's error into ours, without the token.
fn discord_error(token: &Token, error: serenity::Error) -> DiscordError {
    use serenity::all::{GatewayError, HttpError};
    match &error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response))
            if response.status_code.as_u16() == 401 =>
        {
            DiscordError::TokenRejected
        }
        serenity::Error::Gateway(GatewayError::InvalidAuthentication) => {
            DiscordError::TokenRejected
        }
        _ => DiscordError::Discord(token.redact(&crate::with_causes(&error))),
    }
}

/// Runs the bot until `shutdown` completes or the connection fails for good.
pub async fn run(
    engine: Engine,
    options: BotOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), DiscordError> {
    run_watched(engine, options, Arc::default(), shutdown).await
}

/// [`run`], keeping `status` up to date with the gateway connections
/// (`helpdesk serve` reports it on `/healthz`).
pub async fn run_watched(
    engine: Engine,
    options: BotOptions,
    status: Arc<GatewayStatus>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), DiscordError> {
    let token = options.token.clone();
    // Every message, edit and interaction answer that does not say
    // otherwise takes these (the relay's DMs and the staff channel too).
    // One client, as serenity would build it, for Discord's API and the
    // files members attach.
    let web = reqwest::Client::builder()
        .use_rustls_tls()
        .build()
        .map_err(|e| DiscordError::Discord(e.to_string()))?;
    let mut http = HttpBuilder::new(&token.0)
        .client(web.clone())
        .default_allowed_mentions(no_pings());
    if let Some(base) = &options.api_base {
        // serenity's own rate limiter ignores the proxy and would still call
        // discord.com; behind a proxy, the proxy is the one that rate-limits.
        http = http.proxy(base.clone()).ratelimiter_disabled(true);
    }
    let http = http.build();
    // serenity falls back to Discord's public gateway when this call fails;
    // asking first turns a bad token or an unreachable proxy into a clear error.
    http.get_gateway()
        .await
        .map_err(|e| discord_error(&token, e))?;
    let db = engine.db_path().to_path_buf();
    let l = engine.localizer();
    let engine = Arc::new(engine);
    let handler = Handler {
        l: engine.localizer(),
        engine: Arc::clone(&engine),
        token: token.clone(),
        me: OnceLock::new(),
        registered: AtomicBool::new(false),
        swept_files: AtomicBool::new(false),
        status: Arc::clone(&status),
        web,
    };
    let mut client = serenity::all::ClientBuilder::new_with_http(http, intents())
        .event_handler(handler)
        .await
        .map_err(|e| discord_error(&token, e))?;
    // serenity reports a lost connection as a stage change only sometimes
    // (a failed resume replaces the shard runner silently), so the manager's
    // table of runners is looked at every second as well.
    let watched = Arc::clone(&client.shard_manager);
    let watcher = tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            let running: HashMap<u32, bool> = watched
                .runners
                .lock()
                .await
                .iter()
                .map(|(id, info)| (id.0, matches!(info.stage, ConnectionStage::Connected)))
                .collect();
            status.observe(&running);
        }
    });
    let manager = Arc::clone(&client.shard_manager);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!("discord: shutting down");
        let _ = stop.send(true);
        manager.shutdown_all().await;
    });
    // Deliveries queued while the bot was down go out now; the relay needs
    // only REST, so it does not wait for the gateway.
    let relay = tokio::spawn({
        let (http, db, stopped) = (Arc::clone(&client.http), db.clone(), stopped.clone());
        let (relay, staff) = (options.relay.clone(), options.staff_channel);
        async move {
            if let Err(e) = crate::relay::run(http, &db, l, relay, staff, stopped).await {
                tracing::warn!("the relay stopped: {e}");
            }
        }
    });
    let links = tokio::spawn(refresh_links(engine, options.links_every, stopped.clone()));
    let lifecycle = tokio::spawn(crate::tickets::run_owned(
        db,
        options.tickets,
        options.sweep_every,
        stopped,
    ));
    let started = match options.shards {
        Shards::One => client.start().await,
        Shards::Auto => client.start_autosharded().await,
        Shards::Count(n) => client.start_shards(n).await,
    };
    relay.abort();
    links.abort();
    lifecycle.abort();
    watcher.abort();
    started.map_err(|e| discord_error(&token, e))
}

/// Rebuilds the engine's FAQ every `every` when moderators linked questions
/// in the console, until the bot stops.
async fn refresh_links(
    engine: Arc<Engine>,
    every: Duration,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = stopped.changed() => return,
        }
        let engine = Arc::clone(&engine);
        match tokio::task::spawn_blocking(move || engine.refresh_links()).await {
            Ok(Ok(true)) => tracing::info!("faq: rebuilt with the questions moderators linked"),
            Ok(Ok(false)) => {}
            Ok(Err(e)) => tracing::warn!("faq: the linked questions could not be read: {e}"),
            Err(e) => tracing::warn!("faq: the rebuild stopped: {e}"),
        }
    }
}

/// Completes on Ctrl-C, or on SIGTERM where there are signals.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Runs the bot on its own runtime until Ctrl-C or SIGTERM.
pub fn serve(engine: Engine, options: BotOptions) -> Result<(), DiscordError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(DiscordError::Runtime)?;
    runtime.block_on(run(engine, options, shutdown_signal()))
}

#[cfg(test)]
mod tests;
