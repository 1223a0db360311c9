//! The conversation engine: from one member message to one reply.

use desk::store::{NewTicket, TicketAuthor};
use desk::{Store, clock};
use knowledge::corpus::Corpus;
use knowledge::{Answer, KnowledgeBase, SmallTalk, SmallTalkRecognizer, markdown};
use locales::{FluentValue, Lang, Localizer};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
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
    /// The transport's user id (a Discord snowflake, or `terminal`).
    pub user: String,
    /// The text, as typed.
    pub text: String,
    /// The locale the client reports (Discord sends one with interactions).
    pub locale: Option<String>,
    /// Where it came from.
    pub channel: ChannelKind,
    /// Whether the author is a bot (or this bot itself): such messages are ignored.
    pub from_bot: bool,
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
}

impl ButtonAction {
    /// A compact id for transports (Discord's `custom_id`, at most 100 bytes).
    pub fn id(&self) -> String {
        match self {
            ButtonAction::Article(id) => format!("article:{id}"),
            ButtonAction::Helpful(id) => format!("helpful:{id}"),
            ButtonAction::NotHelpful(id) => format!("not-helpful:{id}"),
            ButtonAction::TalkToHuman => "human".into(),
        }
    }

    /// Reads a compact id back.
    pub fn parse(id: &str) -> Option<ButtonAction> {
        match id.split_once(':') {
            Some(("article", a)) => Some(ButtonAction::Article(a.into())),
            Some(("helpful", a)) => Some(ButtonAction::Helpful(a.into())),
            Some(("not-helpful", a)) => Some(ButtonAction::NotHelpful(a.into())),
            None if id == "human" => Some(ButtonAction::TalkToHuman),
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
        }
    }
}

/// What the engine remembers about one user.
#[derive(Debug, Default)]
struct Session {
    last_question: Option<(String, Lang, Instant)>,
    transcript: Vec<(TicketAuthor, String)>,
    recent: VecDeque<Instant>,
}

/// The conversation engine; one per bot, shared by all users.
pub struct Engine {
    kb: KnowledgeBase,
    corpus: Corpus,
    store: Store,
    l: Arc<Localizer>,
    config: EngineConfig,
    sessions: HashMap<String, Session>,
    small_talk: SmallTalkRecognizer,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("store", &self.store)
            .finish()
    }
}

/// Characters that render as nothing and only hide words from us.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}')
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
            .filter(|c| !is_invisible(*c) && !c.is_control())
            .collect();
        if !word.is_empty() {
            words.push(word);
        }
    }
    words.join(" ").chars().take(max).collect()
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

impl Engine {
    /// An engine over a knowledge base built from `corpus` and a desk store.
    pub fn new(
        mut corpus: Corpus,
        store: Store,
        config: EngineConfig,
    ) -> Result<Engine, EngineError> {
        // Questions a moderator linked to an article in the console are
        // phrasings of that article from now on.
        for q in store.linked_questions()? {
            if let Some(article) = &q.linked_article {
                corpus.add_phrasing(article, q.lang, &q.question);
            }
        }
        let kb = KnowledgeBase::from_corpus(&corpus)?;
        let l = Arc::new(Localizer::embedded()?);
        Ok(Engine {
            kb,
            corpus,
            store,
            l,
            config,
            sessions: HashMap::new(),
            small_talk: SmallTalkRecognizer::embedded(),
        })
    }

    /// The engine's words, for adapters that write a few of their own.
    pub fn localizer(&self) -> Arc<Localizer> {
        Arc::clone(&self.l)
    }

    /// The store, for adapters that need to look something up.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The topics that have articles, with their names from the corpus'
    /// topics file, in its order, for a browse menu.
    pub fn topics(&self, lang: Lang) -> Vec<(String, String)> {
        self.corpus
            .topics
            .iter()
            .filter(|t| !self.corpus.in_topic(&t.id).is_empty())
            .map(|t| (t.id.clone(), t.name(lang).to_string()))
            .collect()
    }

    /// The articles tagged with one topic as (id, title), in `lang` where it exists.
    pub fn articles_in(&self, topic: &str, lang: Lang) -> Vec<(String, String)> {
        self.corpus
            .in_topic(topic)
            .into_iter()
            .filter_map(|id| {
                let article = self
                    .corpus
                    .get(id, lang)
                    .or_else(|| self.corpus.get(id, lang.other()))?;
                Some((article.id.clone(), article.title.clone()))
            })
            .collect()
    }

    fn text(&self, lang: Lang, id: &str) -> String {
        self.l.text(lang, id)
    }

    /// The language to reply in when no article decides it: the client's
    /// locale, else the text's language, else the user's last question's.
    fn reply_lang(&self, user: &str, locale: Option<Lang>, text: Option<&str>) -> Lang {
        locale
            .or_else(|| text.and_then(|t| self.kb.detect_language(t)))
            .or_else(|| {
                self.sessions
                    .get(user)
                    .and_then(|s| s.last_question.as_ref().map(|q| q.1))
            })
            .unwrap_or(Lang::En)
    }

    /// Answers one message; `None` means the message is ignored (bots).
    pub fn handle(&mut self, input: &Incoming) -> Result<Option<Reply>, EngineError> {
        if input.from_bot {
            return Ok(None);
        }
        let now = Instant::now();
        let question = clean(&input.text, self.config.max_question);
        let locale_lang = input.locale.as_deref().map(Lang::negotiate);
        if question.is_empty() {
            let lang = self.reply_lang(&input.user, locale_lang, None);
            return Ok(Some(self.plain(lang, "bot-empty", input.channel)));
        }
        let session = self.sessions.entry(input.user.clone()).or_default();
        while session
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) > self.config.rate_window)
        {
            session.recent.pop_front();
        }
        if session.recent.len() >= self.config.rate_limit {
            let lang = self.reply_lang(&input.user, locale_lang, Some(&question));
            return Ok(Some(self.plain(lang, "bot-rate-limited", input.channel)));
        }
        session.recent.push_back(now);
        session
            .transcript
            .push((TicketAuthor::Member, question.clone()));

        let recent_question = session
            .last_question
            .clone()
            .filter(|(_, _, at)| now.duration_since(*at) <= self.config.follow_up_window);
        if let Some(talk) = self.small_talk.recognise(&question) {
            let lang = locale_lang.unwrap_or(talk.lang);
            let previous = recent_question.map(|(q, l, _)| (q, l));
            return self
                .small_talk_reply(&input.user, talk.kind, lang, previous, input.channel)
                .map(Some);
        }
        if let Some(target) = language_switch(&question)
            && let Some((previous, _, _)) = &recent_question
        {
            let answer = self.kb.answer(previous, None)?;
            let translated = answer
                .article
                .as_ref()
                .and_then(|found| self.corpus.get(&found.id, target));
            if let Some(article) = translated {
                let (id, title, text, related) = (
                    article.id.clone(),
                    article.title.clone(),
                    markdown::to_plain(&article.body),
                    article.related.clone(),
                );
                if let Some(session) = self.sessions.get_mut(&input.user) {
                    session.last_question = Some((previous.clone(), target, now));
                }
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
        let mut answer = self.kb.answer(&question, lang)?;
        if is_short_follow_up(&question)
            && let Some((previous, previous_lang, _)) = &recent_question
        {
            let combined = format!("{previous} {question}");
            let joined = self.kb.answer(&combined, lang.or(Some(*previous_lang)))?;
            // The member is continuing the conversation: read together, if
            // that makes sense at all, is what they meant.
            if joined.answered() {
                answer = joined;
                asked = combined;
            }
        }
        if let Some(session) = self.sessions.get_mut(&input.user) {
            session.last_question = Some((asked.clone(), answer.question_lang, now));
        }
        if !answer.answered() {
            self.store
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

    /// A button was pressed.
    pub fn press(
        &mut self,
        user: &str,
        locale: Option<&str>,
        action: &ButtonAction,
    ) -> Result<Reply, EngineError> {
        let lang = self.reply_lang(user, locale.map(Lang::negotiate), None);
        match action {
            ButtonAction::Article(id) => {
                let Some(article) = self
                    .corpus
                    .get(id, lang)
                    .or_else(|| self.corpus.get(id, lang.other()))
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
                self.store.record_feedback(id, lang, helpful)?;
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
            ButtonAction::TalkToHuman => {
                let session = self.sessions.entry(user.to_string()).or_default();
                let conversation = std::mem::take(&mut session.transcript);
                let subject = conversation
                    .iter()
                    .find(|(author, _)| *author == TicketAuthor::Member)
                    .map(|(_, text)| text.chars().take(80).collect())
                    .unwrap_or_else(|| self.text(lang, "bot-ticket-subject"));
                let member = self.store.member_by_discord(user)?.map(|m| m.id);
                let ticket = self.store.open_ticket(
                    &NewTicket {
                        from_bot: true,
                        member,
                        requester: format!("discord:{user}"),
                        lang,
                        subject,
                        conversation,
                    },
                    clock::now(),
                )?;
                let text = self.l.format(
                    lang,
                    "bot-ticket-opened",
                    &[("ticket", FluentValue::from(ticket.0))],
                );
                Ok(Reply {
                    lang,
                    title: None,
                    text,
                    see_also: Vec::new(),
                    buttons: Vec::new(),
                    ephemeral: true,
                })
            }
        }
    }

    /// A reply to what is not a question: never an article, never "I only
    /// know about...". Not counted as unanswered, and the last question stays
    /// the one a "that didn't help" refers to.
    fn small_talk_reply(
        &mut self,
        user: &str,
        kind: SmallTalk,
        lang: Lang,
        previous: Option<(String, Lang)>,
        channel: ChannelKind,
    ) -> Result<Reply, EngineError> {
        let human = |engine: &Engine| Button {
            label: engine.text(lang, "bot-button-human"),
            action: ButtonAction::TalkToHuman,
        };
        let reply = match kind {
            // The same ticket as the button; the language goes in as a locale.
            SmallTalk::Handover => {
                return self.press(user, Some(lang.code()), &ButtonAction::TalkToHuman);
            }
            SmallTalk::Greeting => self.plain(lang, "bot-greeting", channel),
            SmallTalk::Thanks => self.plain(lang, "bot-you-are-welcome", channel),
            SmallTalk::NotHelpful => match previous {
                Some((question, previous_lang)) => {
                    let answer = self.kb.answer(&question, Some(previous_lang))?;
                    let shown = answer.article.as_ref().map(|a| a.id.clone());
                    if let Some(id) = &shown {
                        self.store.record_feedback(id, answer.lang, false)?;
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
        &mut self,
        user: &str,
        lang: Lang,
        channel: ChannelKind,
    ) -> Result<Reply, EngineError> {
        let text = match self.store.member_by_discord(user)? {
            Some(member) => {
                let p = self.store.bonus_progress(member.id, clock::now())?;
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

    fn note_bot(&mut self, user: &str, text: &str) {
        self.sessions
            .entry(user.to_string())
            .or_default()
            .transcript
            .push((TicketAuthor::Bot, text.to_string()));
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
        &mut self,
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
                self.corpus
                    .get(r, lang)
                    .or_else(|| self.corpus.get(r, lang.other()))
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
