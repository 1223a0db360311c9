//! The conversation engine: from one member message to one reply.

use desk::store::{
    FileContent, FileToFetch, MemberFile, NewTicket, TicketAuthor, TicketGuess, TicketTimes,
};
use desk::{Store, TicketId, clock};
use knowledge::corpus::Corpus;
use knowledge::{Answer, KnowledgeBase, SmallTalk, SmallTalkRecognizer, markdown};
use locales::{FluentValue, Lang, Localizer};
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// What can go wrong under the engine; the adapters log it and apologise.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The FAQ failed.
    #[error(transparent)]
    Knowledge(#[from] knowledge::KnowledgeError),
    /// The desk failed.
    #[error(transparent)]
    Desk(#[from] desk::DeskError),
    /// The embedded fluent files do not parse.
    #[error(transparent)]
    Locale(#[from] locales::LocaleError),
}

impl EngineError {
    /// Names the database file in a desk failure: the log of a running bot
    /// must say which file failed, and SQLite's own words do not.
    pub fn in_file(self, db: &Path) -> EngineError {
        match self {
            EngineError::Desk(e) => EngineError::Desk(e.in_file(db)),
            other => other,
        }
    }
}

/// Where a message came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelKind {
    /// A direct message.
    Direct,
    /// A mention in a guild channel.
    Mention,
    /// A slash command or a button press.
    Command,
}

/// One message from a member, as any transport delivers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// The transport's user id: a Discord snowflake, `member:<id>` for a
    /// member chatting without Discord, or `terminal` for nobody in particular.
    pub user: String,
    /// The text, as typed.
    pub text: String,
    /// The locale the client reports (Discord sends one with interactions).
    pub locale: Option<String>,
    /// Where it came from.
    pub channel: ChannelKind,
    /// Whether the author is a bot (or this bot itself): such messages are ignored.
    pub from_bot: bool,
    /// The files attached to it (a screenshot for the team), fetched by
    /// the transport as far as it could: their links go into the text, and
    /// the files are kept with the member's message to their ticket.
    pub attachments: Vec<MemberFile>,
}

/// What a button does when pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ButtonAction {
    /// Show this article.
    Article(String),
    /// The answer helped.
    Helpful(String),
    /// The answer did not help.
    NotHelpful(String),
    /// Open a ticket for a human.
    TalkToHuman,
    /// Leave the open ticket and ask the FAQ something new.
    NewQuestion,
    /// Rate a closed ticket 1–5.
    Rate(TicketId, u8),
}

impl ButtonAction {
    /// A compact id for transports (Discord's `custom_id`, at most 100 bytes).
    pub fn id(&self) -> String {
        match self {
            ButtonAction::Article(id) => format!("article:{id}"),
            ButtonAction::Helpful(id) => format!("helpful:{id}"),
            ButtonAction::NotHelpful(id) => format!("not-helpful:{id}"),
            ButtonAction::TalkToHuman => "human".into(),
            ButtonAction::NewQuestion => "new-question".into(),
            ButtonAction::Rate(ticket, stars) => format!("rate:{}:{stars}", ticket.0),
        }
    }

    /// Reads a compact id back.
    pub fn parse(id: &str) -> Option<ButtonAction> {
        match id.split_once(':') {
            Some(("article", a)) => Some(ButtonAction::Article(a.into())),
            Some(("helpful", a)) => Some(ButtonAction::Helpful(a.into())),
            Some(("not-helpful", a)) => Some(ButtonAction::NotHelpful(a.into())),
            Some(("rate", rest)) => {
                let (ticket, stars) = rest.split_once(':')?;
                let stars: u8 = stars.parse().ok().filter(|s| (1..=5).contains(s))?;
                Some(ButtonAction::Rate(TicketId(ticket.parse().ok()?), stars))
            }
            None if id == "human" => Some(ButtonAction::TalkToHuman),
            None if id == "new-question" => Some(ButtonAction::NewQuestion),
            _ => None,
        }
    }
}

/// A button under a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    /// Its label, localized.
    pub label: String,
    /// What it does.
    pub action: ButtonAction,
}

/// The engine's reply: a card (title, text, see-also) and buttons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The language it is written in.
    pub lang: Lang,
    /// A headline, when the reply is an article.
    pub title: Option<String>,
    /// The text, within [`EngineConfig::max_text`] characters.
    pub text: String,
    /// Titles of related articles.
    pub see_also: Vec<String>,
    /// Buttons, in order.
    pub buttons: Vec<Button>,
    /// Only the asker sees it (Discord interactions).
    pub ephemeral: bool,
}

/// Limits and addresses.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Questions allowed per user within `rate_window`.
    pub rate_limit: usize,
    /// The rate-limit window.
    pub rate_window: Duration,
    /// How long "and in German?" refers to the last question.
    pub follow_up_window: Duration,
    /// The longest reply text (Discord allows 2,000 per message).
    pub max_text: usize,
    /// The longest question we read; longer walls of text are cut.
    pub max_question: usize,
    /// Where the full articles live: `{base}/{lang}/{id}`.
    pub article_url_base: String,
    /// The ticket lifecycle's times (reopening counts from closing).
    pub tickets: TicketTimes,
    /// The most member sessions held at once; the least recently seen goes first.
    pub max_sessions: usize,
    /// A session forgotten after this long without a message.
    pub session_ttl: Duration,
    /// Lines of conversation kept per member for a handover.
    pub max_transcript: usize,
    /// ` --db PATH` as the terminal chat was started with it (empty for the
    /// default database): its hint to chat as a member carries it, so that
    /// the suggested command opens the same community.
    pub chat_db_flag: String,
    /// The language when neither the client's locale nor the words tell
    /// one: the terminal chat's is its user's (`--lang`, else the
    /// environment's), so that a "hallo" is answered as they read.
    pub fallback_lang: Lang,
}

impl Default for EngineConfig {
    fn default() -> EngineConfig {
        EngineConfig {
            rate_limit: 5,
            rate_window: Duration::from_secs(30),
            follow_up_window: Duration::from_secs(300),
            max_text: 2000,
            max_question: 1000,
            article_url_base: "https://help.example.org/faq".into(),
            tickets: TicketTimes::default(),
            max_sessions: 10_000,
            session_ttl: Duration::from_secs(30 * 60),
            max_transcript: 40,
            chat_db_flag: String::new(),
            fallback_lang: Lang::En,
        }
    }
}

/// What the engine remembers about one user.
#[derive(Debug)]
struct Session {
    last_question: Option<(String, Lang, Instant)>,
    transcript: VecDeque<(TicketAuthor, String)>,
    recent: VecDeque<Instant>,
    /// When the member asked for a new question: their messages go to the
    /// FAQ instead of their open ticket, until they hand over again, the
    /// team writes to them again (the footer of every reply promises that
    /// writing back reaches the ticket) or the session expires.
    left_ticket: Option<clock::Timestamp>,
    /// The ticket the member just rated: their next message is the comment.
    awaiting_comment: Option<TicketId>,
    last_seen: Instant,
}

impl Session {
    fn new(now: Instant) -> Session {
        Session {
            last_question: None,
            transcript: VecDeque::new(),
            recent: VecDeque::new(),
            left_ticket: None,
            awaiting_comment: None,
            last_seen: now,
        }
    }

    fn note(&mut self, author: TicketAuthor, text: &str, max: usize) {
        if self.transcript.len() >= max {
            self.transcript.pop_front();
        }
        self.transcript.push_back((author, text.to_string()));
    }
}

/// The per-member sessions, bounded in number (least recently seen goes
/// first) and in age.
#[derive(Debug)]
struct Sessions {
    map: HashMap<String, Session>,
    max: usize,
    ttl: Duration,
}

impl Sessions {
    /// The user's session, fresh if it expired; may evict the stalest one.
    fn touch(&mut self, user: &str, now: Instant) -> &mut Session {
        let expired = self
            .map
            .get(user)
            .is_some_and(|s| now.duration_since(s.last_seen) > self.ttl);
        if expired {
            self.map.remove(user);
        }
        if !self.map.contains_key(user) && self.map.len() >= self.max {
            let ttl = self.ttl;
            self.map
                .retain(|_, s| now.duration_since(s.last_seen) <= ttl);
            if self.map.len() >= self.max
                && let Some(stalest) = self
                    .map
                    .iter()
                    .min_by_key(|(_, s)| s.last_seen)
                    .map(|(k, _)| k.clone())
            {
                self.map.remove(&stalest);
            }
        }
        let session = self
            .map
            .entry(user.to_string())
            .or_insert_with(|| Session::new(now));
        session.last_seen = now;
        session
    }

    fn len(&self) -> usize {
        self.map.len()
    }
}

/// Database connections, one per concurrent conversation: a member whose
/// write waits for SQLite's lock holds up nobody else.
struct StorePool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
}

/// A connection borrowed from the pool; it goes back when dropped.
pub struct PooledStore<'a> {
    store: Option<Store>,
    pool: &'a StorePool,
}

impl std::ops::Deref for PooledStore<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store
            .as_ref()
            .unwrap_or_else(|| unreachable!("taken only on drop"))
    }
}

impl std::ops::DerefMut for PooledStore<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.store
            .as_mut()
            .unwrap_or_else(|| unreachable!("taken only on drop"))
    }
}

impl Drop for PooledStore<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            let mut idle = self
                .pool
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            // Keep a few for the next burst; the rest close.
            if idle.len() < 8 {
                idle.push(store);
            }
        }
    }
}

impl StorePool {
    fn get(&self) -> Result<PooledStore<'_>, EngineError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let store = match idle {
            Some(store) => store,
            None => Store::open(&self.path)?,
        };
        Ok(PooledStore {
            store: Some(store),
            pool: self,
        })
    }
}

/// A question a moderator linked to an article: (row id, article, language, phrasing).
type Link = (i64, String, Lang, String);

/// The FAQ as the engine answers from it: the articles plus the phrasings
/// moderators linked, indexed together.
struct Faq {
    kb: KnowledgeBase,
    corpus: Corpus,
    links: Vec<Link>,
}

impl Faq {
    fn build(base: &Corpus, links: Vec<Link>) -> Result<Faq, EngineError> {
        let mut corpus = base.clone();
        for (_, article, lang, question) in &links {
            corpus.add_phrasing(article, *lang, question);
        }
        let kb = KnowledgeBase::from_corpus(&corpus)?;
        Ok(Faq { kb, corpus, links })
    }
}

/// The questions moderators linked, oldest link first.
fn links(store: &Store) -> Result<Vec<Link>, EngineError> {
    Ok(store
        .linked_questions()?
        .into_iter()
        .filter_map(|q| Some((q.id, q.linked_article?, q.lang, q.question)))
        .collect())
}

/// The conversation engine; one per bot, shared by all users. Each FAQ
/// version is immutable (a new one replaces it when moderators link
/// questions); sessions sit behind a lock that is never held during a
/// search or a database call.
pub struct Engine {
    base: Corpus,
    faq: RwLock<Arc<Faq>>,
    stores: StorePool,
    l: Arc<Localizer>,
    config: EngineConfig,
    sessions: Mutex<Sessions>,
    small_talk: SmallTalkRecognizer,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("db", &self.stores.path)
            .finish()
    }
}

/// The question without mentions, invisible characters and extra space, cut
/// to `max` characters.
fn clean(text: &str, max: usize) -> String {
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        // Discord mentions look like <@123>, <@!123>, <@&123>, <#123>.
        if word.starts_with("<@") || word.starts_with("<#") {
            continue;
        }
        let word: String = word
            .chars()
            .filter(|c| !locales::fold::is_invisible(*c) && !c.is_control())
            .collect();
        if !word.is_empty() {
            words.push(word);
        }
    }
    words.join(" ").chars().take(max).collect()
}

/// The most characters of a member's message that go to the team: what
/// Discord lets anyone send, so only text from elsewhere is ever cut.
const MAX_FOR_TEAM: usize = 4000;

/// A member's message as the team reads it in their ticket: whole (up to
/// [`MAX_FOR_TEAM`]), with its line breaks, without invisible and other
/// control characters, and the links to its attachments each on a line of
/// its own. The FAQ reads [`clean`]'s shorter, flatter form.
fn for_the_team(text: &str, attachments: &[MemberFile]) -> String {
    let kept: String = text
        .chars()
        .filter(|c| *c == '\n' || (!locales::fold::is_invisible(*c) && !c.is_control()))
        .take(MAX_FOR_TEAM)
        .collect();
    let text = kept
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    std::iter::once(text.trim())
        .chain(attachments.iter().map(|a| a.url.trim()))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// "and in German?", "in English please", "und auf Deutsch?": the language asked for.
fn language_switch(text: &str) -> Option<Lang> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 5 {
        return None;
    }
    if words
        .iter()
        .any(|w| matches!(*w, "german" | "deutsch" | "deutsche"))
    {
        Some(Lang::De)
    } else if words
        .iter()
        .any(|w| matches!(*w, "english" | "englisch" | "englische"))
    {
        Some(Lang::En)
    } else {
        None
    }
}

/// "How many more do I need?", "/bonus", "wie viele fehlen mir noch".
fn asks_for_bonus(text: &str) -> bool {
    let lower = text.to_lowercase();
    let mine = [
        "how many more",
        "how many do i need",
        "my bonus",
        "my progress",
        "wie viele fehlen",
        "wie viele brauche",
        "mein bonus",
        "meine empfehlungen",
    ];
    lower.trim() == "/bonus" || mine.iter().any(|m| lower.contains(m))
}

/// A short follow-up that leans on the previous question: "what about Gmail?".
fn is_short_follow_up(text: &str) -> bool {
    let lower = text.to_lowercase();
    let starts = [
        "what about",
        "and ",
        "how about",
        "und ",
        "was ist mit",
        "wie ist es mit",
        "and what about",
    ];
    text.split_whitespace().count() <= 5 && starts.iter().any(|s| lower.starts_with(s))
}

/// The prefix of a user id that names a member by their desk id: a member
/// chatting without a Discord account (`helpdesk chat --as EMAIL`).
/// It is the ticket's requester as it is, so it is desk's form.
pub const MEMBER_USER_PREFIX: &str = desk::store::MEMBER_REQUESTER_PREFIX;

/// The member's ticket key, as the ticket stores it: `member:<id>` for a
/// member known by the desk without Discord (the team answers by e-mail),
/// `discord:<id>` for a Discord user; `None` for the anonymous terminal
/// user, whom no reply could ever reach.
fn requester(user: &str) -> Option<String> {
    if user == crate::chat::TERMINAL_USER {
        None
    } else if user.starts_with(MEMBER_USER_PREFIX) {
        Some(user.to_string())
    } else {
        Some(format!("discord:{user}"))
    }
}

/// The member behind a user id: by desk id for `member:<id>`, else by the
/// linked Discord account.
fn member_of(store: &Store, user: &str) -> Result<Option<desk::Member>, EngineError> {
    match user.strip_prefix(MEMBER_USER_PREFIX) {
        Some(id) => match id.parse::<i64>() {
            Ok(id) => match store.member(desk::MemberId(id)) {
                Ok(member) => Ok(Some(member)),
                Err(desk::DeskError::NotFound { .. }) => Ok(None),
                Err(e) => Err(e.into()),
            },
            Err(_) => Ok(None),
        },
        None => Ok(store.member_by_discord(user)?),
    }
}

/// Whether a request for a person: small talk of the handover kind.
fn asks_for_human(recognizer: &SmallTalkRecognizer, text: &str) -> bool {
    recognizer
        .recognise(text)
        .is_some_and(|talk| talk.kind == SmallTalk::Handover)
}

/// "new question", "neue Frage: ...": the member leaves their ticket; returns
/// what follows the words (possibly nothing).
fn new_question(text: &str) -> Option<String> {
    for phrase in [
        "new question",
        "neue frage",
        "another question",
        "andere frage",
    ] {
        // The phrase compared as it is written (ASCII, any case); what
        // follows stays untouched: lowering the whole text would shift
        // byte offsets wherever a letter changes length ("STRAẞE").
        if let Some(rest) = text
            .get(..phrase.len())
            .filter(|start| start.eq_ignore_ascii_case(phrase))
            .and_then(|_| text.get(phrase.len()..))
        {
            return Some(
                rest.trim_start_matches([':', ',', '.', '!', '-', ' '])
                    .trim()
                    .to_string(),
            );
        }
    }
    None
}

impl Engine {
    /// An engine over a knowledge base built from `corpus` and a desk store.
    /// More connections to the same file are opened as members talk at once.
    pub fn new(corpus: Corpus, store: Store, config: EngineConfig) -> Result<Engine, EngineError> {
        // Questions a moderator linked to an article in the console are
        // phrasings of that article from now on.
        let faq = Faq::build(&corpus, links(&store)?)?;
        let l = Arc::new(Localizer::embedded()?);
        let sessions = Mutex::new(Sessions {
            map: HashMap::new(),
            max: config.max_sessions.max(1),
            ttl: config.session_ttl,
        });
        Ok(Engine {
            base: corpus,
            faq: RwLock::new(Arc::new(faq)),
            stores: StorePool {
                path: store.path().to_path_buf(),
                idle: Mutex::new(vec![store]),
            },
            l,
            config,
            sessions,
            small_talk: SmallTalkRecognizer::embedded(),
        })
    }

    /// The FAQ version that answers now.
    fn faq(&self) -> Arc<Faq> {
        Arc::clone(&self.faq.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Rebuilds the FAQ when moderators linked (or edited a linked) question
    /// since it was built, so a running bot learns from the console without a
    /// restart; true when it did. Members mid-question keep the version they started with.
    pub fn refresh_links(&self) -> Result<bool, EngineError> {
        let links = links(&*self.stores.get()?)?;
        if links == self.faq().links {
            return Ok(false);
        }
        let faq = Arc::new(Faq::build(&self.base, links)?);
        *self.faq.write().unwrap_or_else(PoisonError::into_inner) = faq;
        Ok(true)
    }

    /// The engine's words, for adapters that write a few of their own.
    pub fn localizer(&self) -> Arc<Localizer> {
        Arc::clone(&self.l)
    }

    /// The language when nothing else tells one ([`EngineConfig::fallback_lang`]).
    pub fn fallback_lang(&self) -> Lang {
        self.config.fallback_lang
    }

    /// A connection to the store, for adapters that need to look something up.
    pub fn store(&self) -> Result<PooledStore<'_>, EngineError> {
        self.stores.get()
    }

    /// The database file.
    pub fn db_path(&self) -> &Path {
        &self.stores.path
    }

    /// How many member sessions are held now.
    pub fn session_count(&self) -> usize {
        self.lock_sessions().len()
    }

    /// The transcript kept for a user (oldest first), for tests and tickets.
    pub fn transcript_len(&self, user: &str) -> usize {
        self.lock_sessions()
            .map
            .get(user)
            .map_or(0, |s| s.transcript.len())
    }

    fn lock_sessions(&self) -> std::sync::MutexGuard<'_, Sessions> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `change` on the user's session under the lock.
    fn session<T>(&self, user: &str, change: impl FnOnce(&mut Session) -> T) -> T {
        let mut sessions = self.lock_sessions();
        change(sessions.touch(user, Instant::now()))
    }

    /// The topics that have articles, with their names from the corpus'
    /// topics file, in its order, for a browse menu.
    pub fn topics(&self, lang: Lang) -> Vec<(String, String)> {
        let faq = self.faq();
        faq.corpus
            .topics
            .iter()
            .filter(|t| !faq.corpus.in_topic(&t.id).is_empty())
            .map(|t| (t.id.clone(), t.name(lang).to_string()))
            .collect()
    }

    /// The articles tagged with one topic as (id, title), in `lang` where it exists.
    pub fn articles_in(&self, topic: &str, lang: Lang) -> Vec<(String, String)> {
        let faq = self.faq();
        faq.corpus
            .in_topic(topic)
            .into_iter()
            .filter_map(|id| {
                let article = faq
                    .corpus
                    .get(id, lang)
                    .or_else(|| faq.corpus.get(id, lang.other()))?;
                Some((article.id.clone(), article.title.clone()))
            })
            .collect()
    }

    fn text(&self, lang: Lang, id: &str) -> String {
        self.l.text(lang, id)
    }

    /// The language to reply in when no article decides it: the client's
    /// locale, else the text's language, else the user's last question's,
    /// else [`EngineConfig::fallback_lang`].
    fn reply_lang(&self, user: &str, locale: Option<Lang>, text: Option<&str>) -> Lang {
        let faq = self.faq();
        locale
            .or_else(|| text.and_then(|t| faq.kb.detect_language(t)))
            .or_else(|| {
                self.lock_sessions()
                    .map
                    .get(user)
                    .and_then(|s| s.last_question.as_ref().map(|q| q.1))
            })
            .unwrap_or(self.config.fallback_lang)
    }

    /// The files `user` sent to their tickets that wait for their bytes
    /// ([`desk::store::FileFailure::Fetching`]), oldest first.
    pub fn files_to_fetch(&self, user: &str) -> Result<Vec<FileToFetch>, EngineError> {
        let Some(requester) = requester(user) else {
            return Ok(Vec::new());
        };
        Ok(self.stores.get()?.files_to_fetch(&requester)?)
    }

    /// Every member's files that wait for their bytes, oldest first: what a
    /// stopped bot left, fetched when it starts again.
    pub fn files_left_fetching(&self) -> Result<Vec<FileToFetch>, EngineError> {
        Ok(self.stores.get()?.files_left_fetching()?)
    }

    /// Keeps what was fetched of a member's file `id`; whether it was
    /// still waiting.
    pub fn keep_file(&self, id: i64, content: &FileContent) -> Result<bool, EngineError> {
        Ok(self.stores.get()?.keep_member_file(id, content)?)
    }

    /// Answers one message; `None` means the message is ignored (bots).
    pub fn handle(&self, input: &Incoming) -> Result<Option<Reply>, EngineError> {
        let faq = self.faq();
        if input.from_bot {
            return Ok(None);
        }
        let now = Instant::now();
        let mut question = clean(&input.text, self.config.max_question);
        let for_team = for_the_team(&input.text, &input.attachments);
        let locale_lang = input.locale.as_deref().map(Lang::negotiate);
        // A file alone is for the team, when the member has a ticket.
        if question.is_empty() && for_team.is_empty() {
            let lang = self.reply_lang(&input.user, locale_lang, None);
            return Ok(Some(self.plain(lang, "bot-empty", input.channel)));
        }
        let (rate, window, max_transcript) = (
            self.config.rate_limit,
            self.config.rate_window,
            self.config.max_transcript,
        );
        let follow_up_window = self.config.follow_up_window;
        // The limit keeps a flood of questions off the FAQ; asking for a
        // person is no question, and swallowing it would leave a member
        // who has just hit the limit with nobody to turn to.
        let for_human = asks_for_human(&self.small_talk, &question);
        let (limited, recent_question, awaiting_comment, left_ticket) =
            self.session(&input.user, |session| {
                while session
                    .recent
                    .front()
                    .is_some_and(|t| now.duration_since(*t) > window)
                {
                    session.recent.pop_front();
                }
                if !for_human {
                    if session.recent.len() >= rate {
                        return (true, None, None, session.left_ticket);
                    }
                    session.recent.push_back(now);
                }
                session.note(TicketAuthor::Member, &for_team, max_transcript);
                (
                    false,
                    session
                        .last_question
                        .clone()
                        .filter(|(_, _, at)| now.duration_since(*at) <= follow_up_window),
                    session.awaiting_comment.take(),
                    session.left_ticket,
                )
            });
        if limited {
            // The limit is for questions to the FAQ. A member telling the
            // team about their problem in several quick messages is heard
            // in full; the first of a flood of questions beyond it is not.
            if input.channel == ChannelKind::Direct
                && let Some(requester) = requester(&input.user)
                && new_question(&question).is_none()
                && let Some(reply) = self.to_ticket(
                    &input.user,
                    &requester,
                    left_ticket,
                    &for_team,
                    &input.attachments,
                )?
            {
                return Ok(Some(reply));
            }
            let lang = self.reply_lang(&input.user, locale_lang, Some(&question));
            return Ok(Some(self.plain(lang, "bot-rate-limited", input.channel)));
        }

        if input.channel == ChannelKind::Direct
            && let Some(requester) = requester(&input.user)
        {
            if let Some(ticket) = awaiting_comment {
                let mut store = self.stores.get()?;
                store.comment_ticket(ticket, &requester, &for_team)?;
                let lang = store.ticket(ticket)?.lang;
                return Ok(Some(self.plain(
                    lang,
                    "bot-rating-comment-thanks",
                    input.channel,
                )));
            }
            match new_question(&question) {
                Some(rest) => {
                    self.session(&input.user, |s| s.left_ticket = Some(clock::now()));
                    if rest.is_empty() {
                        let lang = self.reply_lang(&input.user, locale_lang, None);
                        return Ok(Some(self.plain(lang, "bot-new-question", input.channel)));
                    }
                    question = rest;
                }
                None => {
                    if let Some(reply) = self.to_ticket(
                        &input.user,
                        &requester,
                        left_ticket,
                        &for_team,
                        &input.attachments,
                    )? {
                        return Ok(Some(reply));
                    }
                }
            }
        }

        if question.is_empty() {
            // Only a file, and no ticket to put it in.
            let lang = self.reply_lang(&input.user, locale_lang, None);
            return Ok(Some(self.plain(lang, "bot-empty", input.channel)));
        }

        // Small talk comes before the FAQ, but after the ticket: a member
        // with an open ticket who writes "thanks" by DM is talking to the team.
        if let Some(talk) = self.small_talk.recognise(&question) {
            // Words of both languages ("hallo") leave it to the member's
            // last question, else to the fallback.
            let lang = match (locale_lang, talk.told) {
                (Some(lang), _) => lang,
                (None, true) => talk.lang,
                (None, false) => self.reply_lang(&input.user, None, None),
            };
            let previous = recent_question.map(|(q, l, _)| (q, l));
            return self
                .small_talk_reply(
                    &input.user,
                    talk.kind,
                    lang,
                    previous,
                    input.channel,
                    &input.attachments,
                )
                .map(Some);
        }
        if let Some(target) = language_switch(&question)
            && let Some((previous, _, _)) = &recent_question
        {
            let answer = faq.kb.answer(previous, None)?;
            let translated = answer
                .article
                .as_ref()
                .and_then(|found| faq.corpus.get(&found.id, target));
            if let Some(article) = translated {
                let (id, title, text, related) = (
                    article.id.clone(),
                    article.title.clone(),
                    markdown::to_plain(&article.body),
                    article.related.clone(),
                );
                self.session(&input.user, |s| {
                    s.last_question = Some((previous.clone(), target, now));
                });
                return Ok(Some(self.article_reply(
                    target,
                    &id,
                    &title,
                    &text,
                    &related,
                    input.channel,
                )));
            }
            return self
                .answer_reply(&input.user, &answer, input.channel)
                .map(Some);
        }
        if asks_for_bonus(&question) {
            let lang = self.reply_lang(&input.user, locale_lang, Some(&question));
            return self.bonus(&input.user, lang, input.channel).map(Some);
        }
        let lang = locale_lang;
        let mut asked = question.clone();
        let mut answer = faq.kb.answer(&question, lang)?;
        if is_short_follow_up(&question)
            && let Some((previous, previous_lang, _)) = &recent_question
        {
            let combined = format!("{previous} {question}");
            let joined = faq.kb.answer(&combined, lang.or(Some(*previous_lang)))?;
            // The member is continuing the conversation: read together, if
            // that makes sense at all, is what they meant.
            if joined.answered() {
                answer = joined;
                asked = combined;
            }
        }
        let question_lang = answer.question_lang;
        self.session(&input.user, |s| {
            s.last_question = Some((asked.clone(), question_lang, now));
        });
        if !answer.answered() {
            self.stores
                .get()?
                .record_unanswered(&question, answer.question_lang, clock::now())?;
        }
        let outcome = if answer.answered() {
            "answered"
        } else {
            "declined"
        };
        metrics::counter!(
            "helpdesk_questions_total",
            "lang" => answer.question_lang.code(),
            "outcome" => outcome
        )
        .increment(1);
        metrics::histogram!("helpdesk_answer_confidence").record(f64::from(answer.confidence));
        self.answer_reply(&input.user, &answer, input.channel)
            .map(Some)
    }

    /// A DM from a member with an open (or recently closed) ticket joins
    /// that ticket; the reply acknowledges it in the ticket's language. A
    /// member who `left` the ticket for the FAQ at that moment is back in
    /// it once the team has written since.
    fn to_ticket(
        &self,
        user: &str,
        requester: &str,
        left: Option<clock::Timestamp>,
        text: &str,
        files: &[MemberFile],
    ) -> Result<Option<Reply>, EngineError> {
        let mut store = self.stores.get()?;
        let now = clock::now();
        let Some(ticket) = store.active_ticket(requester, now, &self.config.tickets)? else {
            return Ok(None);
        };
        if let Some(left) = left {
            let team_wrote_since = store
                .ticket_messages(ticket.id)?
                .iter()
                // Whole seconds: a reply in the second the member left
                // counts as after it, since nobody leaves a reply unread so fast.
                .any(|m| m.author == TicketAuthor::Moderator && m.at >= left);
            if !team_wrote_since {
                return Ok(None);
            }
            self.session(user, |s| s.left_ticket = None);
        }
        let wrote = store.add_member_message_with_files(ticket.id, text, files, now)?;
        // The ticket has the conversation now: a later "talk to a human"
        // (`/ticket`, an older button) must not add it a second time.
        self.session(user, |s| s.transcript.clear());
        let lang = ticket.lang;
        // A member known only by their desk id is answered by e-mail, and
        // told so, as when the ticket was opened.
        let by_mail = requester.starts_with(MEMBER_USER_PREFIX);
        let text = self.l.format(
            lang,
            match (wrote.reopened, by_mail) {
                (true, _) => "bot-ticket-reopened",
                (false, false) => "bot-ticket-appended",
                (false, true) => "bot-ticket-appended-mail",
            },
            &[("ticket", FluentValue::from(ticket.id.0))],
        );
        Ok(Some(Reply {
            lang,
            title: None,
            text,
            see_also: Vec::new(),
            buttons: vec![Button {
                label: self.text(lang, "bot-button-new-question"),
                action: ButtonAction::NewQuestion,
            }],
            ephemeral: false,
        }))
    }

    /// What the FAQ guessed for the member's last question, best first.
    fn guesses(&self, user: &str) -> Vec<TicketGuess> {
        let faq = self.faq();
        let last = self
            .lock_sessions()
            .map
            .get(user)
            .and_then(|s| s.last_question.clone());
        let Some((question, lang, _)) = last else {
            return Vec::new();
        };
        let Ok(answer) = faq.kb.answer(&question, Some(lang)) else {
            return Vec::new();
        };
        let mut guesses: Vec<TicketGuess> = answer
            .article
            .iter()
            .map(|found| TicketGuess {
                article: found.id.clone(),
                title: found.title.clone(),
                confidence: answer.confidence,
            })
            .collect();
        guesses.extend(answer.alternatives.iter().map(|alt| TicketGuess {
            article: alt.id.clone(),
            title: alt.title.clone(),
            confidence: alt.confidence,
        }));
        guesses.truncate(3);
        guesses
    }

    /// A button was pressed.
    pub fn press(
        &self,
        user: &str,
        locale: Option<&str>,
        action: &ButtonAction,
    ) -> Result<Reply, EngineError> {
        let faq = self.faq();
        let lang = self.reply_lang(user, locale.map(Lang::negotiate), None);
        match action {
            ButtonAction::Article(id) => {
                let Some(article) = faq
                    .corpus
                    .get(id, lang)
                    .or_else(|| faq.corpus.get(id, lang.other()))
                else {
                    return Ok(self.plain(lang, "bot-no-such-article", ChannelKind::Command));
                };
                let text = markdown::to_plain(&article.body);
                let related = article.related.clone();
                let (id, title, article_lang) =
                    (article.id.clone(), article.title.clone(), article.lang);
                Ok(self.article_reply(
                    article_lang,
                    &id,
                    &title,
                    &text,
                    &related,
                    ChannelKind::Command,
                ))
            }
            ButtonAction::Helpful(id) | ButtonAction::NotHelpful(id) => {
                let helpful = matches!(action, ButtonAction::Helpful(_));
                self.stores.get()?.record_feedback(id, lang, helpful)?;
                let mut reply = self.plain(
                    lang,
                    if helpful {
                        "bot-thanks-helpful"
                    } else {
                        "bot-thanks-not-helpful"
                    },
                    ChannelKind::Command,
                );
                if !helpful {
                    reply.buttons.push(Button {
                        label: self.text(lang, "bot-button-human"),
                        action: ButtonAction::TalkToHuman,
                    });
                }
                Ok(reply)
            }
            ButtonAction::TalkToHuman => self.hand_over(user, lang, &[]),
            ButtonAction::NewQuestion => {
                self.session(user, |s| s.left_ticket = Some(clock::now()));
                Ok(self.plain(lang, "bot-new-question", ChannelKind::Command))
            }
            ButtonAction::Rate(ticket, stars) => {
                let mut store = self.stores.get()?;
                let requester = requester(user).unwrap_or_default();
                store.rate_ticket(*ticket, &requester, *stars)?;
                let lang = store.ticket(*ticket)?.lang;
                self.session(user, |s| s.awaiting_comment = Some(*ticket));
                Ok(Reply {
                    ephemeral: false,
                    ..self.plain(lang, "bot-rating-thanks", ChannelKind::Command)
                })
            }
        }
    }

    /// Hands the conversation to the team: a new ticket with the transcript
    /// and the FAQ's guesses (in the member's own language when the desk
    /// knows them, else in `lang`), or the member's open ticket gets it.
    /// `files` came with the member's last message (the one that asked for
    /// a person) and are kept with it.
    fn hand_over(
        &self,
        user: &str,
        lang: Lang,
        files: &[MemberFile],
    ) -> Result<Reply, EngineError> {
        let Some(requester) = requester(user) else {
            // A ticket nobody could be answered on would only mislead the
            // team; the conversation stays, so a later handover has it.
            return Ok(Reply {
                lang,
                title: None,
                text: self.l.format(
                    lang,
                    "chat-handover-anonymous",
                    &[("db", self.config.chat_db_flag.as_str().into())],
                ),
                see_also: Vec::new(),
                buttons: Vec::new(),
                ephemeral: false,
            });
        };
        let guesses = self.guesses(user);
        let (left, kept) = self.session(user, |s| {
            (s.left_ticket.take(), std::mem::take(&mut s.transcript))
        });
        let conversation: Vec<(TicketAuthor, String)> = kept.iter().cloned().collect();
        let written = self.write_handover(user, lang, files, requester, &guesses, conversation);
        if written.is_err() {
            // Nothing was written (a busy database, say): the conversation
            // stays, ahead of anything said since, for the member's next try.
            let most = self.config.max_transcript;
            self.session(user, |s| {
                s.left_ticket = s.left_ticket.or(left);
                let since = std::mem::replace(&mut s.transcript, kept);
                s.transcript.extend(since);
                while s.transcript.len() > most {
                    s.transcript.pop_front();
                }
            });
        }
        written
    }

    /// [`Engine::hand_over`]'s writing: the member's open ticket gets the
    /// conversation, or a new ticket is opened with it.
    fn write_handover(
        &self,
        user: &str,
        lang: Lang,
        files: &[MemberFile],
        requester: String,
        guesses: &[TicketGuess],
        conversation: Vec<(TicketAuthor, String)>,
    ) -> Result<Reply, EngineError> {
        let mut store = self.stores.get()?;
        let now = clock::now();
        if let Some(open) = store
            .active_ticket(&requester, now, &self.config.tickets)?
            .filter(|t| t.status == desk::store::TicketStatus::Open)
        {
            let text: Vec<String> = conversation
                .iter()
                .filter(|(author, _)| *author == TicketAuthor::Member)
                .map(|(_, text)| text.clone())
                .collect();
            if !text.is_empty() {
                store.add_member_message_with_files(open.id, &text.join("\n"), files, now)?;
            }
            return Ok(self.ticket_reply(open.lang, "bot-ticket-appended", open.id));
        }
        let found = member_of(&store, user)?;
        // A member the desk knows chose a language; the words they typed to
        // reach a person ("talk to a human") say little about it, and the
        // team's replies go out in the ticket's language. The guess from the
        // conversation is for people the desk does not know.
        let lang = found.as_ref().map_or(lang, |m| m.lang);
        let subject = conversation
            .iter()
            .find(|(author, _)| *author == TicketAuthor::Member)
            .map(|(_, text)| locales::one_line(text).chars().take(80).collect())
            .unwrap_or_else(|| self.text(lang, "bot-ticket-subject"));
        // A member without Discord is answered by e-mail, and told so.
        let by_mail = found.as_ref().is_some_and(|m| m.discord_id.is_none())
            && user.starts_with(MEMBER_USER_PREFIX);
        let member = found.map(|m| m.id);
        let ticket = store.open_ticket_with_files(
            &NewTicket {
                from_bot: true,
                member,
                requester,
                lang,
                subject,
                conversation,
            },
            guesses,
            files,
            now,
        )?;
        let said = if by_mail {
            "bot-ticket-opened-mail"
        } else {
            "bot-ticket-opened"
        };
        Ok(self.ticket_reply(lang, said, ticket))
    }

    fn ticket_reply(&self, lang: Lang, id: &str, ticket: TicketId) -> Reply {
        Reply {
            lang,
            title: None,
            text: self
                .l
                .format(lang, id, &[("ticket", FluentValue::from(ticket.0))]),
            see_also: Vec::new(),
            buttons: Vec::new(),
            ephemeral: true,
        }
    }

    /// A reply to what is not a question: never an article, never "I only
    /// know about...". Not counted as unanswered, and the last question stays
    /// the one a "that didn't help" refers to.
    fn small_talk_reply(
        &self,
        user: &str,
        kind: SmallTalk,
        lang: Lang,
        previous: Option<(String, Lang)>,
        channel: ChannelKind,
        files: &[MemberFile],
    ) -> Result<Reply, EngineError> {
        let faq = self.faq();
        let human = |engine: &Engine| Button {
            label: engine.text(lang, "bot-button-human"),
            action: ButtonAction::TalkToHuman,
        };
        let reply = match kind {
            // The same ticket as the button; the language goes in as a locale.
            SmallTalk::Handover => return self.hand_over(user, lang, files),
            SmallTalk::Greeting => self.plain(lang, "bot-greeting", channel),
            SmallTalk::Thanks => self.plain(lang, "bot-you-are-welcome", channel),
            SmallTalk::NotHelpful => match previous {
                Some((question, previous_lang)) => {
                    let answer = faq.kb.answer(&question, Some(previous_lang))?;
                    let shown = answer.article.as_ref().map(|a| a.id.clone());
                    if let Some(id) = &shown {
                        self.stores.get()?.record_feedback(id, answer.lang, false)?;
                    }
                    let mut reply = self.plain(lang, "bot-not-helpful-alternatives", channel);
                    for alt in answer
                        .alternatives
                        .iter()
                        .filter(|a| Some(&a.id) != shown.as_ref())
                    {
                        reply.buttons.push(Button {
                            label: alt.title.clone(),
                            action: ButtonAction::Article(alt.id.clone()),
                        });
                    }
                    reply.buttons.push(human(self));
                    reply
                }
                None => {
                    let mut reply = self.plain(lang, "bot-not-helpful-no-context", channel);
                    reply.buttons.push(human(self));
                    reply
                }
            },
        };
        self.note_bot(user, &reply.text);
        Ok(reply)
    }

    /// The member's own bonus figures, or the rule and how to link.
    pub fn bonus(
        &self,
        user: &str,
        lang: Lang,
        channel: ChannelKind,
    ) -> Result<Reply, EngineError> {
        let text = {
            let store = self.stores.get()?;
            match member_of(&store, user)? {
                Some(member) => {
                    let p = store.bonus_progress(member.id, clock::now())?;
                    self.l.format(
                        lang,
                        "bot-bonus-mine",
                        &[
                            ("credited", FluentValue::from(p.credited)),
                            ("needed", FluentValue::from(p.needed_for_next)),
                            ("months", FluentValue::from(p.months_earned)),
                        ],
                    )
                }
                None => self.text(lang, "bot-bonus-unlinked"),
            }
        };
        self.note_bot(user, &text);
        Ok(Reply {
            lang,
            title: Some(self.text(lang, "bot-bonus-title")),
            text,
            see_also: Vec::new(),
            buttons: Vec::new(),
            ephemeral: channel == ChannelKind::Command,
        })
    }

    fn note_bot(&self, user: &str, text: &str) {
        let max = self.config.max_transcript;
        self.session(user, |s| s.note(TicketAuthor::Bot, text, max));
    }

    fn plain(&self, lang: Lang, id: &str, channel: ChannelKind) -> Reply {
        Reply {
            lang,
            title: None,
            text: self.text(lang, id),
            see_also: Vec::new(),
            buttons: Vec::new(),
            ephemeral: channel == ChannelKind::Command,
        }
    }

    fn answer_reply(
        &self,
        user: &str,
        answer: &Answer,
        channel: ChannelKind,
    ) -> Result<Reply, EngineError> {
        let lang = answer.question_lang;
        let Some(found) = &answer.article else {
            let off_topic = answer.alternatives.is_empty();
            let mut reply = self.plain(
                lang,
                if off_topic {
                    "bot-off-topic"
                } else {
                    "bot-not-sure"
                },
                channel,
            );
            for alt in &answer.alternatives {
                reply.buttons.push(Button {
                    label: alt.title.clone(),
                    action: ButtonAction::Article(alt.id.clone()),
                });
            }
            reply.buttons.push(Button {
                label: self.text(lang, "bot-button-human"),
                action: ButtonAction::TalkToHuman,
            });
            self.note_bot(user, &reply.text);
            return Ok(reply);
        };
        let mut text = markdown::to_plain(&found.body);
        if answer.in_other_language() {
            text = format!(
                "{}\n\n{text}",
                self.l.format(
                    lang,
                    "bot-other-language",
                    &[("language", answer.lang.code().into())]
                )
            );
        }
        let mut reply = self.article_reply(
            answer.lang,
            &found.id,
            &found.title,
            &text,
            &found.related,
            channel,
        );
        reply.lang = lang;
        self.note_bot(user, &format!("{}: {}", found.title, found.id));
        Ok(reply)
    }

    fn article_reply(
        &self,
        lang: Lang,
        id: &str,
        title: &str,
        text: &str,
        related: &[String],
        channel: ChannelKind,
    ) -> Reply {
        let faq = self.faq();
        let max = self.config.max_text;
        let text = if text.chars().count() > max {
            let link = format!("{}/{}/{}", self.config.article_url_base, lang.code(), id);
            let more = self
                .l
                .format(lang, "bot-read-more", &[("link", link.into())]);
            let keep = max.saturating_sub(more.chars().count() + 3);
            let cut: String = text.chars().take(keep).collect();
            format!("{}…\n\n{more}", cut.trim_end())
        } else {
            text.to_string()
        };
        let see_also = related
            .iter()
            .filter_map(|r| {
                faq.corpus
                    .get(r, lang)
                    .or_else(|| faq.corpus.get(r, lang.other()))
            })
            .map(|a| a.title.clone())
            .collect();
        let buttons = vec![
            Button {
                label: self.text(lang, "bot-button-helpful"),
                action: ButtonAction::Helpful(id.into()),
            },
            Button {
                label: self.text(lang, "bot-button-not-helpful"),
                action: ButtonAction::NotHelpful(id.into()),
            },
        ];
        Reply {
            lang,
            title: Some(title.chars().take(256).collect()),
            text,
            see_also,
            buttons,
            ephemeral: channel == ChannelKind::Command,
        }
    }
}

#[cfg(test)]
mod tests;
