//! The real serenity client against a fake Discord on 127.0.0.1.

mod support;

use bot::discord::{self, BotOptions, DiscordError, Shards, Token};
use bot::{Engine, EngineConfig};
use desk::Store;
use knowledge::corpus::Corpus;
use locales::Lang;
use serde_json::Value;
use std::time::Duration;
use support::fake_discord::{
    BOT_ID, Behaviour, DM_CHANNEL_BASE, FakeDiscord, Session, button, command, message, select,
    user,
};
use tokio::sync::oneshot;

const WAIT: Duration = Duration::from_secs(20);
const TOKEN: &str = "MTAwMA.fake-token.for-tests-only";

/// A running bot and what the test needs to reach it.
struct Running {
    fake: FakeDiscord,
    db: std::path::PathBuf,
    stop: Option<oneshot::Sender<()>>,
    bot: tokio::task::JoinHandle<Result<(), DiscordError>>,
    _dir: tempfile::TempDir,
}

/// The bot's options for the tests: the fake's address and quick retries.
fn options(fake: &FakeDiscord, staff_channel: Option<u64>) -> BotOptions {
    let mut options = BotOptions::new(Token::new(TOKEN).expect("token"));
    options.api_base = Some(fake.api_base.clone());
    options.shards = Shards::One;
    options.staff_channel = staff_channel;
    options.relay.poll = Duration::from_millis(20);
    options.relay.rescan = Duration::from_millis(200);
    options.relay.backoff = Duration::from_millis(50);
    options.links_every = Duration::from_millis(100);
    options
}

fn spawn_bot(
    db: &std::path::Path,
    options: BotOptions,
) -> (
    oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), DiscordError>>,
) {
    let engine = Engine::new(
        Corpus::embedded().expect("corpus"),
        Store::open(db).expect("store"),
        EngineConfig::default(),
    )
    .expect("engine");
    let (stop, stopped) = oneshot::channel::<()>();
    let bot = tokio::spawn(discord::run(engine, options, async move {
        let _ = stopped.await;
    }));
    (stop, bot)
}

impl Running {
    async fn start(behaviour: Behaviour) -> Running {
        Running::start_with(behaviour, None).await
    }

    async fn start_with(behaviour: Behaviour, staff_channel: Option<u64>) -> Running {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("bot.db");
        let fake = FakeDiscord::start(behaviour).await;
        let (stop, bot) = spawn_bot(&db, options(&fake, staff_channel));
        Running {
            fake,
            db,
            stop: Some(stop),
            bot,
            _dir: dir,
        }
    }

    /// Starts the bot with options changed by `tune`.
    async fn start_tuned(behaviour: Behaviour, tune: impl FnOnce(&mut BotOptions)) -> Running {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("bot.db");
        let fake = FakeDiscord::start(behaviour).await;
        let mut options = options(&fake, None);
        tune(&mut options);
        let (stop, bot) = spawn_bot(&db, options);
        Running {
            fake,
            db,
            stop: Some(stop),
            bot,
            _dir: dir,
        }
    }

    /// Starts the bot and waits until it has identified.
    async fn connected() -> Running {
        let mut running = Running::start(Behaviour::default()).await;
        assert_eq!(
            running.fake.session(WAIT).await,
            Some(Session::Identified),
            "the bot never identified"
        );
        running
    }

    /// A member mentions the bot in the guild channel; returns the message id.
    fn mention(&self, author: u64, text: &str) -> u64 {
        let id = self.fake.next_id();
        let text = format!("<@{BOT_ID}> {text}");
        self.fake.dispatch(
            "MESSAGE_CREATE",
            message(id, user(author, "member", false), &text, &[BOT_ID], true),
        );
        id
    }

    /// The next message the bot posts in a channel.
    async fn next_post(&mut self) -> Value {
        self.fake
            .call_to("/messages", WAIT)
            .await
            .expect("the bot posted no reply")
            .body
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let ended = tokio::time::timeout(WAIT, &mut self.bot).await;
        assert!(
            matches!(ended, Ok(Ok(Ok(())))),
            "the bot did not shut down cleanly: {ended:?}"
        );
    }
}

/// The messages of a ticket, oldest first, as the console reads them.
fn ticket_messages(
    db: &std::path::Path,
    ticket: desk::TicketId,
) -> Vec<desk::store::TicketMessage> {
    Store::open_read_only(db)
        .expect("db")
        .ticket_messages(ticket)
        .expect("messages")
}

fn content(body: &Value) -> &str {
    body["content"].as_str().unwrap_or_default()
}

fn title(body: &Value) -> &str {
    body["embeds"][0]["title"].as_str().unwrap_or_default()
}

fn custom_ids(body: &Value) -> Vec<String> {
    body["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_string))
        .collect()
}

fn article(id: &str, lang: Lang) -> knowledge::corpus::Article {
    Corpus::embedded()
        .expect("corpus")
        .get(id, lang)
        .cloned()
        .expect("article exists")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_about_gmail_sync_gets_the_sync_article() {
    let mut bot = Running::connected().await;
    let asked = bot.mention(501, "My Gmail contacts won't sync, what can I do?");
    let reply = bot.next_post().await;
    let expected = article("sync-gmail-two-step", Lang::En);
    assert_eq!(title(&reply), expected.title);
    assert_eq!(
        reply["message_reference"]["message_id"],
        asked.to_string(),
        "the answer replies to the question"
    );
    let text = reply["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default();
    let first_words: String = knowledge::markdown::to_plain(&expected.body)
        .chars()
        .take(40)
        .collect();
    assert!(text.starts_with(&first_words), "{text}");
    assert!(custom_ids(&reply).contains(&"helpful:sync-gmail-two-step".to_string()));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_ask_with_a_german_locale_answers_in_german() {
    let mut bot = Running::connected().await;
    // The slash commands are registered once, with German localizations.
    let registered = bot
        .fake
        .call_to("/commands", WAIT)
        .await
        .expect("commands registered");
    assert_eq!(registered.method, "PUT");
    assert_eq!(registered.body[0]["name"], "ask");
    assert_eq!(registered.body[0]["name_localizations"]["de"], "frage");

    let id = bot.fake.next_id();
    let data = &bot
        .interact(
            id,
            command(id, 502, "de", "ask", &[("question", "gmail sync")]),
        )
        .await;
    assert_eq!(
        data["embeds"][0]["title"],
        article("sync-gmail-two-step", Lang::De).title
    );
    assert!(custom_ids(data).contains(&"helpful:sync-gmail-two-step".to_string()));
    let labels: Vec<&str> = data["components"][0]["components"]
        .as_array()
        .expect("buttons")
        .iter()
        .filter_map(|b| b["label"].as_str())
        .collect();
    assert_eq!(labels, ["Hilfreich", "Nicht hilfreich"]);
    bot.stop().await;
}

impl Running {
    /// Sends an interaction and returns the bot's answer: the callback's
    /// `data`, or for a deferred one, the edit that follows it.
    async fn interact(&mut self, id: u64, interaction: Value) -> Value {
        self.fake.dispatch("INTERACTION_CREATE", interaction);
        self.answer_to(id).await
    }

    async fn answer_to(&mut self, id: u64) -> Value {
        let callback = self
            .fake
            .call_to(&format!("/interactions/{id}/"), WAIT)
            .await
            .expect("interaction answered");
        assert!(callback.path.ends_with("/callback"), "{}", callback.path);
        if callback.body["type"] != 5 {
            return callback.body["data"].clone();
        }
        // Deferred: "thinking…" for the asker only, then the answer.
        assert_eq!(callback.body["data"]["flags"], 64, "{}", callback.body);
        let token = format!("interaction-token-{id}");
        let edit = self
            .fake
            .call_to(&format!("/{token}/messages/@original"), WAIT)
            .await
            .expect("the deferred answer follows");
        assert_eq!(edit.method, "PATCH");
        edit.body
    }
}

fn menu_values(data: &Value) -> Vec<String> {
    data["components"][0]["components"][0]["options"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["value"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_faq_browses_topics_then_articles_in_german() {
    let mut bot = Running::connected().await;
    let id = bot.fake.next_id();
    let topics = bot.interact(id, command(id, 506, "de", "faq", &[])).await;
    assert_eq!(topics["content"], "Thema wählen");
    assert_eq!(
        menu_values(&topics),
        [
            "login",
            "sync",
            "invitations",
            "bonus",
            "groups",
            "moderation"
        ]
    );

    let id = bot.fake.next_id();
    let articles = bot
        .interact(id, select(id, 506, "de", "faq-topic", "sync"))
        .await;
    assert!(
        menu_values(&articles).contains(&"sync-gmail-two-step".to_string()),
        "{articles}"
    );

    let id = bot.fake.next_id();
    let shown = bot
        .interact(
            id,
            select(id, 506, "de", "faq-article", "sync-gmail-two-step"),
        )
        .await;
    assert_eq!(
        shown["embeds"][0]["title"],
        article("sync-gmail-two-step", Lang::De).title
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsure_answer_offers_a_human_and_pressing_it_opens_a_ticket() {
    let mut bot = Running::connected().await;
    bot.mention(503, "What's the weather in Berlin tomorrow?");
    let reply = bot.next_post().await;
    assert!(title(&reply).is_empty(), "no article for the weather");
    assert!(custom_ids(&reply).contains(&"human".to_string()), "{reply}");

    let id = bot.fake.next_id();
    let answer = bot.interact(id, button(id, 503, "en-US", "human")).await;
    let text = answer["content"].as_str().unwrap_or_default();

    let store = Store::open_read_only(&bot.db).expect("db");
    let tickets = store.tickets(0, 10).expect("tickets");
    assert_eq!(tickets.len(), 1, "one ticket");
    let ticket = &tickets[0];
    assert_eq!(ticket.requester, "discord:503");
    assert!(ticket.from_bot);
    assert!(text.contains(&format!("#{}", ticket.id.0)), "{text}");
    let messages = store.ticket_messages(ticket.id).expect("messages");
    assert!(
        messages
            .iter()
            .any(|m| m.body.contains("weather in Berlin")),
        "the ticket carries the conversation"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_dropped_connection_the_bot_resumes_and_answers() {
    let mut bot = Running::connected().await;
    bot.mention(504, "How do I reset my password?");
    let first = bot.next_post().await;
    assert_eq!(
        title(&first),
        article("login-password-reset", Lang::En).title
    );

    bot.fake.drop_connection();
    let again = bot.fake.session(WAIT).await;
    assert!(again == Some(Session::Resumed), "no reconnect: {again:?}");
    bot.mention(504, "My Gmail contacts won't sync");
    let second = bot.next_post().await;
    assert_eq!(
        title(&second),
        article("sync-gmail-two-step", Lang::En).title
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_bots_message_gets_no_reply() {
    let mut bot = Running::connected().await;
    let from_bot = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        message(
            from_bot,
            user(777, "otherbot", true),
            &format!("<@{BOT_ID}> My Gmail contacts won't sync"),
            &[BOT_ID],
            true,
        ),
    );
    // Its own messages come back through the gateway too; they are ignored as well.
    let own = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        message(
            own,
            user(BOT_ID, "helpdesk", true),
            "How do I reset my password?",
            &[],
            false,
        ),
    );
    let human = bot.mention(505, "How do I reset my password?");
    let reply = bot.next_post().await;
    assert_eq!(reply["message_reference"]["message_id"], human.to_string());
    // Nothing else follows.
    assert!(
        bot.fake
            .call_to("/messages", Duration::from_millis(1500))
            .await
            .is_none(),
        "a bot's message was answered"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_stops_the_bot_without_printing_it() {
    let running = Running::start(Behaviour {
        reject_identify: true,
        ..Behaviour::default()
    })
    .await;
    let ended = tokio::time::timeout(WAIT, running.bot)
        .await
        .expect("the bot gave up")
        .expect("no panic");
    let err = ended.expect_err("a rejected token is an error");
    assert!(matches!(err, DiscordError::TokenRejected), "{err:?}");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains("fake-token"), "{shown}");
    }
}

/// Waits (boundedly) until `check` holds.
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..400 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never happened: {what}");
}

/// A moderator, and a German ticket for Discord user `member`.
fn ticket_for(db: &std::path::Path, member: u64) -> (desk::MemberId, desk::TicketId) {
    use desk::store::{NewTicket, TicketAuthor, TicketGuess};
    let mut store = Store::open(db).expect("store");
    let moderator = support::moderator::mia_moderates_support(&mut store);
    let ticket = store
        .open_ticket_with_guesses(
            &NewTicket {
                from_bot: true,
                member: None,
                requester: format!("discord:{member}"),
                lang: Lang::De,
                subject: "Rechnung für Premium".into(),
                conversation: vec![(TicketAuthor::Member, "Kann ich per Rechnung zahlen?".into())],
            },
            &[TicketGuess {
                article: "premium-payment".into(),
                title: "Premium bezahlen".into(),
                confidence: 0.31,
            }],
            desk::clock::now(),
        )
        .expect("ticket");
    (moderator, ticket)
}

fn reply(db: &std::path::Path, moderator: desk::MemberId, ticket: desk::TicketId, text: &str) {
    Store::open(db)
        .expect("store")
        .reply_to_ticket(ticket, moderator, text, desk::clock::now())
        .expect("reply");
}

fn delivery_states(db: &std::path::Path, ticket: desk::TicketId) -> Vec<(String, u32)> {
    Store::open_read_only(db)
        .expect("db")
        .ticket_deliveries(ticket)
        .expect("deliveries")
        .into_iter()
        .map(|(d, status)| (status, d.attempts))
        .collect()
}

/// The pieces each delivery of a ticket surely delivered, as recorded.
fn pieces_sent(db: &std::path::Path, ticket: desk::TicketId) -> Vec<u32> {
    Store::open_read_only(db)
        .expect("db")
        .ticket_deliveries(ticket)
        .expect("deliveries")
        .into_iter()
        .map(|(d, _)| d.pieces_sent)
        .collect()
}

impl Running {
    /// Stops the bot as Ctrl-C would and starts it again on the same
    /// database and fake Discord.
    async fn restart(&mut self) {
        self.restart_after(|_| {}).await;
    }

    /// Stops the bot as Ctrl-C would, lets `meanwhile` change the database
    /// (as the console would while the bot is down), and starts it again.
    async fn restart_after(&mut self, meanwhile: impl FnOnce(&std::path::Path)) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let ended = tokio::time::timeout(WAIT, &mut self.bot).await;
        assert!(matches!(ended, Ok(Ok(Ok(())))), "{ended:?}");
        meanwhile(&self.db);
        let (stop, bot) = spawn_bot(&self.db, options(&self.fake, None));
        self.stop = Some(stop);
        self.bot = bot;
        assert_eq!(self.fake.session(WAIT).await, Some(Session::Identified));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_reaches_the_member_by_dm_in_german_after_a_503_once() {
    let mut bot = Running::start(Behaviour {
        fail_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 601);
    reply(&bot.db, moderator, ticket, "Ja, ab 12 Monaten geht das.");
    let db = bot.db.clone();
    eventually("the delivery is recorded as sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 2)]
    })
    .await;
    let dms = bot.fake.dms_to(601);
    assert_eq!(dms.len(), 1, "exactly one DM: {dms:?}");
    let title = dms[0]["embeds"][0]["title"].as_str().unwrap_or_default();
    assert!(title.contains(&format!("Ticket #{ticket}")), "{title}");
    assert!(
        title.contains("Mia Moderator") && title.contains("hat geantwortet"),
        "{title}"
    );
    assert_eq!(
        dms[0]["embeds"][0]["description"],
        "Ja, ab 12 Monaten geht das."
    );
    assert_eq!(dms[0]["nonce"], "hd-1");
    bot.stop().await;
}

/// A German reply of about 9,000 characters, with umlauts and emoji, in paragraphs.
fn long_german_reply() -> String {
    (1..=60)
        .map(|n| {
            format!(
                "Schritt {n}: Öffnen Sie die Einstellungen, wählen Sie „Konten“ und prüfen Sie, \
                 ob die Synchronisierung für Ihr Adressbuch aktiv ist 🔄✅. Danach bitte \
                 neu anmelden 👍."
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_longer_than_an_embed_reaches_the_member_whole_in_pieces() {
    let bot = Running::connected().await;
    let (moderator, ticket) = ticket_for(&bot.db, 620);
    let text = long_german_reply();
    assert!(text.chars().count() > 2 * 4096, "{}", text.chars().count());
    reply(&bot.db, moderator, ticket, &text);
    let db = bot.db.clone();
    eventually("the long reply is recorded as sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    let dms = bot.fake.dms_to(620);
    assert_eq!(dms.len(), 3, "three pieces: {dms:?}");
    let mut whole = String::new();
    for (n, dm) in dms.iter().enumerate() {
        let message: serenity::all::Message = serde_json::from_value(dm.clone())
            .unwrap_or_else(|e| panic!("not a Discord message ({e}): {dm}"));
        let embed = &message.embeds[0];
        let piece = embed.description.clone().unwrap_or_default();
        assert!(piece.chars().count() <= 4096, "piece {n} too long");
        assert!(
            !piece.trim().is_empty() && !piece.starts_with(char::is_whitespace),
            "piece {n} is cut between words: {piece:?}"
        );
        assert_eq!(
            embed.title.is_some(),
            n == 0,
            "only the first has the title"
        );
        assert_eq!(
            embed.footer.is_some(),
            n == 2,
            "only the last has the footer"
        );
        let nonce = if n == 0 {
            "hd-1".to_string()
        } else {
            format!("hd-1-{}", n + 1)
        };
        assert_eq!(dm["nonce"], nonce.as_str());
        whole.push_str(&piece);
    }
    assert_eq!(
        whole, text,
        "nothing the moderator wrote is lost or changed"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_stopped_in_the_middle_of_a_long_reply_sends_each_piece_once_after_restart() {
    let mut bot = Running::start(Behaviour {
        hang_after_dms: 1,
        hang_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 626);
    let text = long_german_reply();
    reply(&bot.db, moderator, ticket, &text);
    // The first piece is answered, Discord takes the second and the bot
    // never hears back.
    eventually("Discord has two pieces", || bot.fake.dms_to(626).len() == 2).await;
    assert_eq!(
        delivery_states(&bot.db, ticket),
        [("pending".to_string(), 0)]
    );
    bot.restart().await;
    let db = bot.db.clone();
    eventually("the reply is recorded as sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    let dms = bot.fake.dms_to(626);
    let nonces: Vec<&str> = dms.iter().filter_map(|m| m["nonce"].as_str()).collect();
    assert_eq!(nonces, ["hd-1", "hd-1-2", "hd-1-3"], "each piece once");
    let whole: String = dms
        .iter()
        .filter_map(|m| m["embeds"][0]["description"].as_str())
        .collect();
    assert_eq!(whole, text);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_discord_never_answers_is_tried_again_and_the_member_sees_it_once() {
    let mut bot = Running::start_tuned(
        Behaviour {
            hang_dms: 1,
            ..Behaviour::default()
        },
        |options| options.relay.send_timeout = Duration::from_millis(300),
    )
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 621);
    reply(&bot.db, moderator, ticket, "Grüße 👋 – es klappt jetzt.");
    let (moderator2, ticket2) = (moderator, ticket_for(&bot.db, 622).1);
    reply(&bot.db, moderator2, ticket2, "Die nächste Antwort.");
    let db = bot.db.clone();
    eventually(
        "both replies are recorded as sent, without a restart",
        || {
            delivery_states(&db, ticket) == [("sent".to_string(), 2)]
                && delivery_states(&db, ticket2) == [("sent".to_string(), 1)]
        },
    )
    .await;
    let dms = bot.fake.dms_to(621);
    assert_eq!(dms.len(), 1, "the member sees the reply once: {dms:?}");
    assert_eq!(
        dms[0]["embeds"][0]["description"],
        "Grüße 👋 – es klappt jetzt."
    );
    assert_eq!(bot.fake.dms_to(622).len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_who_refuses_dms_shows_the_reason_on_the_ticket() {
    let mut bot = Running::start_tuned(
        Behaviour {
            refuse_dms: Some(403),
            ..Behaviour::default()
        },
        // A German team reads why in German.
        |options| options.relay.staff_lang = Lang::De,
    )
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 602);
    reply(&bot.db, moderator, ticket, "Hallo?");
    let db = bot.db.clone();
    eventually("the failure is on the ticket", || {
        Store::open_read_only(&db)
            .expect("db")
            .ticket(ticket)
            .expect("ticket")
            .delivery_failure
            .is_some_and(|why| {
                why.starts_with(
                    "Discord stellt diesem Mitglied keine Direktnachrichten vom Bot zu \
                     (seine DMs sind geschlossen, oder es teilt keinen Server mehr mit dem Bot).",
                ) && why.ends_with("(HTTP 403, 50007)")
            })
    })
    .await;
    assert_eq!(
        delivery_states(&bot.db, ticket),
        [("failed".to_string(), 1)],
        "a 403 is not retried"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_refused_while_dms_were_closed_arrives_once_the_member_writes_again() {
    let mut bot = Running::start(Behaviour {
        refuse_first_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 627);
    reply(
        &bot.db,
        moderator,
        ticket,
        "Haben Sie es schon mit „Passwort vergessen“ versucht? 🔑",
    );
    let db = bot.db.clone();
    eventually("the refusal is on the ticket", || {
        delivery_states(&db, ticket) == [("failed".to_string(), 1)]
    })
    .await;
    // The member opens their DMs and asks where the answer is.
    let id = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        support::fake_discord::dm(id, 627, "Hallo? Ich warte noch auf eine Antwort."),
    );
    eventually("the reply is sent after all", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    let dms = bot.fake.dms_to(627);
    assert_eq!(dms.len(), 1, "{dms:?}");
    assert_eq!(
        dms[0]["embeds"][0]["description"],
        "Haben Sie es schon mit „Passwort vergessen“ versucht? 🔑"
    );
    assert_eq!(
        Store::open_read_only(&db)
            .expect("db")
            .ticket(ticket)
            .expect("ticket")
            .delivery_failure,
        None
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_reply_refused_after_its_first_piece_goes_on_from_the_second_once_the_member_writes()
{
    let mut bot = Running::start(Behaviour {
        accept_before_refusing: 1,
        refuse_first_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 628);
    let text = long_german_reply();
    reply(&bot.db, moderator, ticket, &text);
    let db = bot.db.clone();
    // The first piece arrives; then the member closes their DMs.
    eventually("the refusal is on the ticket", || {
        delivery_states(&db, ticket) == [("failed".to_string(), 1)]
    })
    .await;
    assert_eq!(pieces_sent(&db, ticket), [1], "the first piece is recorded");
    let failure = Store::open_read_only(&db)
        .expect("db")
        .ticket(ticket)
        .expect("ticket")
        .delivery_failure
        .unwrap_or_default();
    assert!(
        failure.starts_with("Of the 3 parts of this reply, the first surely arrived."),
        "{failure}"
    );
    // Days later Discord has long forgotten the nonces, and the member writes.
    bot.fake.forget_nonces();
    let id = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        support::fake_discord::dm(id, 628, "Jetzt sind meine DMs offen."),
    );
    eventually("the rest of the reply is sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    let dms = bot.fake.dms_to(628);
    let nonces: Vec<&str> = dms.iter().filter_map(|m| m["nonce"].as_str()).collect();
    assert_eq!(nonces, ["hd-1", "hd-1-2", "hd-1-3"], "each piece once");
    // Days after the first piece, the second says what it continues.
    let titles: Vec<&str> = dms.iter().map(title).collect();
    assert_eq!(
        titles,
        [
            format!("Ticket #{ticket} · Mia Moderator aus unserem Team hat geantwortet").as_str(),
            format!("(Fortsetzung: Antwort auf Ticket #{ticket})").as_str(),
            "",
        ],
    );
    let whole: String = dms
        .iter()
        .filter_map(|m| m["embeds"][0]["description"].as_str())
        .collect();
    assert_eq!(whole, text, "nothing twice, nothing lost");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_reply_given_up_after_a_silent_piece_records_what_surely_arrived_and_is_not_resent()
{
    let mut bot = Running::start_tuned(
        Behaviour {
            hang_after_dms: 1,
            hang_dms: 1,
            ..Behaviour::default()
        },
        |options| {
            options.relay.send_timeout = Duration::from_millis(300);
            options.relay.max_attempts = 1;
            options.relay.staff_lang = Lang::De;
        },
    )
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 629);
    reply(&bot.db, moderator, ticket, &long_german_reply());
    let db = bot.db.clone();
    eventually("the reply is given up", || {
        delivery_states(&db, ticket) == [("failed".to_string(), 1)]
    })
    .await;
    // Discord has two pieces; only the first surely arrived.
    assert_eq!(bot.fake.dms_to(629).len(), 2);
    assert_eq!(pieces_sent(&db, ticket), [1]);
    let failure = Store::open_read_only(&db)
        .expect("db")
        .ticket(ticket)
        .expect("ticket")
        .delivery_failure
        .unwrap_or_default();
    assert_eq!(
        failure,
        "Von den 3 Teilen dieser Antwort kam der erste sicher an. \
         Discord did not answer within 0.3 s"
    );
    // The member writes: a reply that may have arrived is not sent again.
    bot.fake.forget_nonces();
    let id = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        support::fake_discord::dm(id, 629, "Danke, ich lese gerade."),
    );
    eventually("the member's message is on the ticket", || {
        ticket_messages(&db, ticket)
            .last()
            .is_some_and(|m| m.body == "Danke, ich lese gerade.")
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(delivery_states(&db, ticket), [("failed".to_string(), 1)]);
    assert_eq!(bot.fake.dms_to(629).len(), 2);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_piece_discord_took_without_answering_is_not_sent_again_after_a_refusal_days_later() {
    let mut bot = Running::start_tuned(
        Behaviour {
            // The first piece is answered; Discord takes the second and
            // never answers; the try after it is refused (50007): the
            // member closed their DMs meanwhile.
            hang_after_dms: 1,
            hang_dms: 1,
            accept_before_refusing: 2,
            refuse_first_dms: 1,
            ..Behaviour::default()
        },
        |options| options.relay.send_timeout = Duration::from_millis(300),
    )
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 630);
    let text = long_german_reply();
    reply(&bot.db, moderator, ticket, &text);
    let db = bot.db.clone();
    eventually("the refusal is on the ticket", || {
        delivery_states(&db, ticket)
            .first()
            .map(|(s, _)| s.as_str())
            == Some("failed")
    })
    .await;
    assert_eq!(bot.fake.dms_to(630).len(), 2, "Discord has two pieces");
    // Days later Discord has long forgotten the nonces, and the member writes.
    bot.fake.forget_nonces();
    let id = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        support::fake_discord::dm(id, 630, "Jetzt sind meine DMs offen."),
    );
    eventually("the rest of the reply is sent", || {
        delivery_states(&db, ticket)
            .first()
            .map(|(s, _)| s.as_str())
            == Some("sent")
    })
    .await;
    let dms = bot.fake.dms_to(630);
    let nonces: Vec<&str> = dms.iter().filter_map(|m| m["nonce"].as_str()).collect();
    assert_eq!(nonces, ["hd-1", "hd-1-2", "hd-1-3"], "each piece once");
    let whole: String = dms
        .iter()
        .filter_map(|m| m["embeds"][0]["description"].as_str())
        .collect();
    assert_eq!(whole, text, "nothing twice, nothing lost");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pieces_discord_took_while_their_records_failed_are_all_found_and_none_is_sent_again() {
    let mut bot = Running::start(Behaviour {
        // Discord takes the first two pieces; the third is refused
        // (50007): the member closed their DMs meanwhile.
        accept_before_refusing: 2,
        refuse_first_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 636);
    // For a while the database takes no count of pieces, as when another
    // process holds it locked for longer than the relay waits.
    let console = rusqlite::Connection::open(&bot.db).expect("second connection");
    console
        .execute_batch(
            "CREATE TRIGGER pieces_unrecorded BEFORE UPDATE OF pieces_sent ON ticket_deliveries \
             BEGIN SELECT RAISE(ABORT, 'database is locked'); END;",
        )
        .expect("trigger");
    let text = long_german_reply();
    reply(&bot.db, moderator, ticket, &text);
    let db = bot.db.clone();
    eventually("the refusal is on the ticket", || {
        delivery_states(&db, ticket)
            .first()
            .is_some_and(|(s, _)| s == "failed")
    })
    .await;
    assert_eq!(bot.fake.dms_to(636).len(), 2, "Discord has two pieces");
    assert_eq!(pieces_sent(&db, ticket), [0], "neither is recorded");
    console
        .execute_batch("DROP TRIGGER pieces_unrecorded")
        .expect("the database records again");
    // Days later Discord has long forgotten the nonces, and the member writes.
    bot.fake.forget_nonces();
    let id = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        support::fake_discord::dm(id, 636, "Jetzt sind meine DMs offen."),
    );
    eventually("the rest of the reply is sent", || {
        delivery_states(&db, ticket)
            .first()
            .is_some_and(|(s, _)| s == "sent")
    })
    .await;
    let dms = bot.fake.dms_to(636);
    let nonces: Vec<&str> = dms.iter().filter_map(|m| m["nonce"].as_str()).collect();
    assert_eq!(nonces, ["hd-1", "hd-1-2", "hd-1-3"], "each piece once");
    let whole: String = dms
        .iter()
        .filter_map(|m| m["embeds"][0]["description"].as_str())
        .collect();
    assert_eq!(whole, text, "nothing twice, nothing lost");
    for dm in &dms {
        let _: serenity::all::Message = serde_json::from_value(dm.clone())
            .unwrap_or_else(|e| panic!("not a Discord message ({e}): {dm}"));
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_discord_took_without_answering_and_then_refused_is_not_sent_twice_days_later() {
    let mut bot = Running::start_tuned(
        Behaviour {
            // Discord takes the reply and never answers; the retry cannot
            // read the DMs (503) and is refused (50007): the member closed
            // their DMs meanwhile.
            hang_dms: 1,
            fail_channel_reads: 1,
            accept_before_refusing: 1,
            refuse_first_dms: 1,
            ..Behaviour::default()
        },
        |options| options.relay.send_timeout = Duration::from_millis(300),
    )
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 634);
    let db = bot.db.clone();
    reply(&db, moderator, ticket, "Bitte einmal neu anmelden 🔑");
    eventually("the refusal is on the ticket", || {
        delivery_states(&db, ticket)
            .first()
            .map(|(s, _)| s.as_str())
            == Some("failed")
    })
    .await;
    assert_eq!(bot.fake.dms_to(634).len(), 1, "Discord has the reply");
    bot.fake.forget_nonces();
    let id = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        support::fake_discord::dm(id, 634, "Meine DMs sind wieder offen."),
    );
    eventually("the reply counts as sent", || {
        delivery_states(&db, ticket)
            .first()
            .map(|(s, _)| s.as_str())
            == Some("sent")
    })
    .await;
    assert_eq!(bot.fake.dms_to(634).len(), 1, "the member has it once");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_reply_worded_like_an_earlier_one_is_still_sent_once_the_member_writes() {
    let mut bot = Running::start(Behaviour {
        accept_before_refusing: 1,
        refuse_first_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 633);
    let db = bot.db.clone();
    reply(&db, moderator, ticket, "Ja.");
    eventually("the first reply is sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    // The same words again, to another question; the member closed their DMs.
    reply(&db, moderator, ticket, "Ja.");
    eventually("the refusal is on the ticket", || {
        delivery_states(&db, ticket).get(1).map(|(s, _)| s.as_str()) == Some("failed")
    })
    .await;
    let id = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        support::fake_discord::dm(id, 633, "Und meine zweite Frage?"),
    );
    eventually("the second reply is sent", || {
        delivery_states(&db, ticket).get(1).map(|(s, _)| s.as_str()) == Some("sent")
    })
    .await;
    let nonces: Vec<String> = bot
        .fake
        .dms_to(633)
        .iter()
        .filter_map(|m| m["nonce"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        nonces,
        ["hd-1", "hd-2"],
        "the second is not taken for the first"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_discord_took_without_answering_is_found_behind_more_chat_than_one_listing() {
    let mut bot = Running::start_tuned(
        Behaviour {
            // The first reply is answered; Discord takes the second and
            // never answers; a try after it is refused (50007).
            hang_after_dms: 1,
            hang_dms: 1,
            accept_before_refusing: 2,
            refuse_first_dms: 1,
            ..Behaviour::default()
        },
        |options| options.relay.send_timeout = Duration::from_millis(300),
    )
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 635);
    let db = bot.db.clone();
    reply(&db, moderator, ticket, "Ja, ab 12 Monaten geht das.");
    eventually("the first reply is sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    // Weeks of questions to the FAQ since: more than one listing of the
    // DM channel (100) holds.
    bot.fake.chat_in_dm(635, 120);
    reply(&db, moderator, ticket, "Die Rechnung ist unterwegs 📬");
    eventually("Discord has the second reply", || {
        bot.fake.dms_to(635).len() == 2
    })
    .await;
    eventually("the try after the silent one is over", || {
        delivery_states(&db, ticket)
            .get(1)
            .is_some_and(|(s, _)| s != "pending")
    })
    .await;
    // Days later Discord has forgotten the nonce, and the member writes.
    bot.fake.forget_nonces();
    let id = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        support::fake_discord::dm(id, 635, "Ist die Rechnung schon raus?"),
    );
    eventually("the second reply counts as sent", || {
        delivery_states(&db, ticket).get(1).map(|(s, _)| s.as_str()) == Some("sent")
    })
    .await;
    let nonces: Vec<String> = bot
        .fake
        .dms_to(635)
        .iter()
        .filter_map(|m| m["nonce"].as_str().map(str::to_string))
        .collect();
    assert_eq!(nonces, ["hd-1", "hd-2"], "each reply once");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_killed_between_the_post_and_the_record_delivers_once_after_restart() {
    let mut bot = Running::start(Behaviour {
        hang_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 603);
    reply(&bot.db, moderator, ticket, "Erste Antwort");
    let fake_created = || bot.fake.dms_to(603).len();
    eventually("Discord has the message", || fake_created() == 1).await;
    // Discord has it, the bot never heard back: the row is still pending.
    assert_eq!(
        delivery_states(&bot.db, ticket),
        [("pending".to_string(), 0)]
    );
    bot.restart().await;
    let db = bot.db.clone();
    eventually("the resend is recorded", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    let posts = {
        let mut n = 0;
        while bot
            .fake
            .call_to("/channels/900000603/messages", Duration::from_millis(200))
            .await
            .is_some()
        {
            n += 1;
        }
        n
    };
    assert_eq!(posts, 2, "sent twice with the same nonce");
    assert_eq!(bot.fake.dms_to(603).len(), 1, "the member sees it once");
    bot.stop().await;
}

/// A running bot whose reply to `member`'s ticket Discord took without
/// ever answering: the DM is there, the bot has heard nothing back.
async fn a_reply_discord_took_silently(member: u64) -> (Running, desk::TicketId) {
    let mut bot = Running::start(Behaviour {
        hang_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, member);
    reply(&bot.db, moderator, ticket, "Die Rechnung ist unterwegs 📬");
    eventually("Discord has the reply", || {
        bot.fake.dms_to(member).len() == 1
    })
    .await;
    (bot, ticket)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_killed_after_discord_took_a_reply_sends_it_once_after_discord_forgot_the_nonce() {
    let (mut bot, ticket) = a_reply_discord_took_silently(637).await;
    // The bot never heard back: nothing failed, nothing is recorded.
    assert_eq!(
        delivery_states(&bot.db, ticket),
        [("pending".to_string(), 0)]
    );
    // It is stopped there, and by the time it runs again Discord has
    // forgotten the nonce: a send would be a second message.
    bot.fake.forget_nonces();
    bot.restart().await;
    let db = bot.db.clone();
    eventually("the reply counts as sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    let dms = bot.fake.dms_to(637);
    assert_eq!(dms.len(), 1, "the member sees the reply once: {dms:?}");
    let told: serenity::all::Message = serde_json::from_value(dms[0].clone())
        .unwrap_or_else(|e| panic!("not a Discord message ({e}): {}", dms[0]));
    assert_eq!(
        told.embeds[0].description.as_deref(),
        Some("Die Rechnung ist unterwegs 📬")
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_killed_after_discord_took_a_long_replys_first_piece_sends_each_piece_once_after_discord_forgot_the_nonces()
 {
    let mut bot = Running::start(Behaviour {
        hang_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 638);
    let text = long_german_reply();
    reply(&bot.db, moderator, ticket, &text);
    eventually("Discord has the first piece", || {
        bot.fake.dms_to(638).len() == 1
    })
    .await;
    assert_eq!(pieces_sent(&bot.db, ticket), [0], "nothing recorded");
    bot.fake.forget_nonces();
    bot.restart().await;
    let db = bot.db.clone();
    eventually("the reply is recorded as sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    let dms = bot.fake.dms_to(638);
    let nonces: Vec<&str> = dms.iter().filter_map(|m| m["nonce"].as_str()).collect();
    assert_eq!(nonces, ["hd-1", "hd-1-2", "hd-1-3"], "each piece once");
    let mut whole = String::new();
    for dm in &dms {
        let message: serenity::all::Message = serde_json::from_value(dm.clone())
            .unwrap_or_else(|e| panic!("not a Discord message ({e}): {dm}"));
        whole.push_str(message.embeds[0].description.as_deref().unwrap_or_default());
    }
    assert_eq!(whole, text, "nothing twice, nothing lost");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_discord_took_before_more_chat_than_one_listing_holds_is_found_and_sent_once() {
    let (mut bot, ticket) = a_reply_discord_took_silently(641).await;
    // The bot never heard back. Before it runs again the member and the
    // bot have said more than one listing (100) holds, and Discord has
    // forgotten the nonce.
    bot.fake.chat_in_dm(641, 250);
    bot.fake.forget_nonces();
    bot.restart().await;
    let db = bot.db.clone();
    eventually("the reply counts as sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    assert_eq!(bot.fake.dms_to(641).len(), 1, "the member sees it once");
    // It paged back, 100 at a time, to the reply and no further.
    let reads = dm_reads(&mut bot.fake, 641).await;
    assert_eq!(reads.len(), 3, "{reads:?}");
    assert!(
        reads[1..].iter().all(|r| r.contains("before=")),
        "{reads:?}"
    );
    bot.stop().await;
}

/// The paths of the reads of `member`'s DM channel the bot made so far
/// (and not yet counted), in order.
async fn dm_reads(fake: &mut FakeDiscord, member: u64) -> Vec<String> {
    let channel = format!("/channels/{}/messages?", DM_CHANNEL_BASE + member);
    let mut reads = Vec::new();
    while let Some(call) = fake.call_to(&channel, Duration::from_millis(200)).await {
        reads.push(call.path);
    }
    reads
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_look_for_a_silent_reply_pages_back_no_further_than_the_reply_before_it() {
    let mut bot = Running::start(Behaviour {
        // The first reply is answered; Discord takes the second and never
        // answers.
        hang_after_dms: 1,
        hang_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    // Questions to the FAQ long before the ticket: three listings more.
    bot.fake.chat_in_dm(642, 300);
    let (moderator, ticket) = ticket_for(&bot.db, 642);
    let db = bot.db.clone();
    reply(&db, moderator, ticket, "Ja, ab 12 Monaten geht das.");
    eventually("the first reply is sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    bot.fake.chat_in_dm(642, 150);
    reply(&db, moderator, ticket, "Die Rechnung ist unterwegs 📬");
    eventually("Discord has the second reply", || {
        bot.fake.dms_to(642).len() == 2
    })
    .await;
    bot.fake.chat_in_dm(642, 20);
    bot.fake.forget_nonces();
    bot.restart().await;
    eventually("the second reply counts as sent", || {
        delivery_states(&db, ticket).get(1).map(|(s, _)| s.as_str()) == Some("sent")
    })
    .await;
    assert_eq!(bot.fake.dms_to(642).len(), 2, "each reply once");
    // The newest 100 hold the second reply; the next 100 reach back past
    // the first, where the search starts, and the chat before it is not read.
    let reads = dm_reads(&mut bot.fake, 642).await;
    assert_eq!(reads.len(), 2, "{reads:?}");
    assert!(reads[1].contains("before="), "{reads:?}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_look_for_a_silent_reply_reads_ten_listings_at_most_and_sends_it_again_beyond_them() {
    let (mut bot, ticket) = a_reply_discord_took_silently(643).await;
    // The bot never heard back, and before it runs again more chat than
    // ten listings (1,000) hold follows the reply.
    bot.fake.chat_in_dm(643, 1_050);
    bot.fake.forget_nonces();
    bot.restart().await;
    let db = bot.db.clone();
    eventually("the reply counts as sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    let reads = dm_reads(&mut bot.fake, 643).await;
    assert_eq!(reads.len(), 10, "{reads:?}");
    // Beyond them the reply is not looked for: it is sent again, which at
    // worst repeats it, rather than holding every other member's back.
    assert_eq!(bot.fake.dms_to(643).len(), 2, "sent again");
    bot.stop().await;
}

/// A reply of three pieces in the same words: a block repeated three times.
fn thrice_the_same_block() -> String {
    let block: String = (0..37)
        .map(|_| "Bitte melden Sie sich ab und wieder an, dann prüfen Sie die Synchronisierung. ")
        .collect();
    // The desk keeps a reply without white space at its end.
    format!("{block}\n").repeat(3).trim_end().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_repeating_its_first_piece_is_not_taken_as_delivered_by_that_piece() {
    let mut bot = Running::start(Behaviour {
        // The first piece arrives; then the member closes their DMs.
        accept_before_refusing: 1,
        refuse_first_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 642);
    let text = thrice_the_same_block();
    reply(&bot.db, moderator, ticket, &text);
    let db = bot.db.clone();
    eventually("the refusal is on the ticket", || {
        delivery_states(&db, ticket) == [("failed".to_string(), 1)]
    })
    .await;
    assert_eq!(pieces_sent(&db, ticket), [1], "the first piece is recorded");
    // Days later the member writes: the second and third piece, in the
    // first one's words, are still to come.
    bot.fake.forget_nonces();
    let id = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        support::fake_discord::dm(id, 642, "Jetzt sind meine DMs offen."),
    );
    eventually("the rest of the reply is sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    let dms = bot.fake.dms_to(642);
    let nonces: Vec<&str> = dms.iter().filter_map(|m| m["nonce"].as_str()).collect();
    assert_eq!(nonces, ["hd-1", "hd-1-2", "hd-1-3"], "each piece once");
    let whole: String = dms
        .iter()
        .filter_map(|m| m["embeds"][0]["description"].as_str())
        .collect();
    assert_eq!(whole, text, "nothing twice, nothing lost");
    bot.stop().await;
}

/// A reply of two pieces in indented lines: the second begins with spaces.
fn indented_steps() -> String {
    (1..=80)
        .map(|n| format!("    {n}. Öffnen Sie die Einstellungen und prüfen Sie das Konto 🔄\n"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_piece_beginning_with_spaces_that_discord_shows_trimmed_is_found_and_not_sent_twice() {
    let mut bot = Running::start(Behaviour {
        // The first piece is answered; Discord takes the second and the
        // bot never hears back.
        hang_after_dms: 1,
        hang_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 643);
    let text = indented_steps();
    reply(&bot.db, moderator, ticket, &text);
    eventually("Discord has both pieces", || {
        bot.fake.dms_to(643).len() == 2
    })
    .await;
    let second = bot.fake.dms_to(643)[1]["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(second.starts_with("    "), "{second:?}");
    bot.fake.forget_nonces();
    bot.restart().await;
    let db = bot.db.clone();
    eventually("the reply counts as sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    let dms = bot.fake.dms_to(643);
    let nonces: Vec<&str> = dms.iter().filter_map(|m| m["nonce"].as_str()).collect();
    assert_eq!(nonces, ["hd-1", "hd-1-2"], "each piece once");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closing_notice_is_not_taken_for_an_earlier_one_in_the_same_words_that_was_withdrawn() {
    let mut bot = Running::start(Behaviour {
        hang_dms: 1,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 644);
    Store::open(&bot.db)
        .expect("store")
        .close_ticket(ticket, moderator, desk::clock::now())
        .expect("closed");
    // Discord takes the notice; the bot never hears back.
    eventually("Discord has the notice", || bot.fake.dms_to(644).len() == 1).await;
    bot.restart_after(|db| {
        let mut store = Store::open(db).expect("store");
        let now = desk::clock::now();
        // The member writes: the ticket is open again, the notice withdrawn.
        store
            .add_member_message(ticket, "Doch noch eine Frage.", now)
            .expect("member writes");
        store
            .close_ticket(ticket, moderator, now)
            .expect("closed again");
        // The relay was stopped right before handing the second notice,
        // in the first one's words, to Discord.
        let second = store.due_deliveries(now, 10).expect("due")[0].id;
        store.delivery_on_its_way(second, now).expect("noted");
    })
    .await;
    let db = bot.db.clone();
    eventually("the second notice counts as sent", || {
        delivery_states(&db, ticket)
            .iter()
            .map(|(s, _)| s.as_str())
            .eq(["withdrawn", "sent"])
    })
    .await;
    let dms = bot.fake.dms_to(644);
    assert_eq!(
        dms.len(),
        2,
        "the member is told it is closed again: {dms:?}"
    );
    assert_eq!(content(&dms[0]), content(&dms[1]));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_on_its_way_that_cannot_be_written_is_tried_again_at_the_relays_pace_not_in_a_spin()
{
    let bot = Running::connected().await;
    let (moderator, ticket) = ticket_for(&bot.db, 640);
    // The database refuses the note at once, as a full disk does, and
    // counts each try (RAISE(FAIL) keeps what the trigger wrote before it).
    let console = rusqlite::Connection::open(&bot.db).expect("second connection");
    console
        .execute_batch(
            "CREATE TABLE note_tries (at INTEGER); \
             CREATE TRIGGER no_notes BEFORE UPDATE OF sent_at ON ticket_deliveries \
             WHEN NEW.status <> 'sent' BEGIN INSERT INTO note_tries VALUES (1); \
             SELECT RAISE(FAIL, 'database or disk is full'); END;",
        )
        .expect("trigger");
    reply(&bot.db, moderator, ticket, "Bitte einmal neu anmelden 🔑");
    let tries = || -> i64 {
        console
            .query_row("SELECT count(*) FROM note_tries", [], |row| row.get(0))
            .expect("count")
    };
    let db = bot.db.clone();
    eventually("the relay tries the note", || tries() > 0).await;
    let first = tries();
    // A second at a rescan every 200 ms: a handful of rounds, not thousands.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let more = tries() - first;
    assert!(
        more <= 15,
        "{more} tries in a second: the relay spins on a database that refuses"
    );
    assert!(
        bot.fake.dms_to(640).is_empty(),
        "nothing goes out without its note"
    );
    console
        .execute_batch("DROP TRIGGER no_notes")
        .expect("the database takes notes again");
    eventually("the reply is sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    assert_eq!(bot.fake.dms_to(640).len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_is_not_sent_while_its_note_on_its_way_cannot_be_written() {
    let mut bot = Running::connected().await;
    let (moderator, ticket) = ticket_for(&bot.db, 639);
    // The database takes no note of a piece on its way for a while.
    let console = rusqlite::Connection::open(&bot.db).expect("second connection");
    console
        .execute_batch(
            "CREATE TRIGGER no_notes BEFORE UPDATE OF sent_at ON ticket_deliveries \
             WHEN NEW.status <> 'sent' BEGIN SELECT RAISE(ABORT, 'database is locked'); END;",
        )
        .expect("trigger");
    reply(&bot.db, moderator, ticket, "Bitte einmal neu anmelden 🔑");
    // The relay takes the reply up (opens the member's DM channel) and
    // rounds go by.
    assert!(
        bot.fake
            .call_to("/users/@me/channels", WAIT)
            .await
            .is_some(),
        "the relay never took the reply up"
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        bot.fake.dms_to(639).is_empty(),
        "nothing goes out without its note"
    );
    assert_eq!(
        delivery_states(&bot.db, ticket),
        [("pending".to_string(), 0)],
        "no try is counted against the reply"
    );
    console
        .execute_batch("DROP TRIGGER no_notes")
        .expect("the database takes notes again");
    let db = bot.db.clone();
    eventually("the reply is sent", || {
        delivery_states(&db, ticket) == [("sent".to_string(), 1)]
    })
    .await;
    assert_eq!(bot.fake.dms_to(639).len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closing_notice_read_just_before_a_reopening_is_withdrawn_and_the_member_hears_it_is_open_again()
 {
    let mut bot = Running::start(Behaviour {
        hold_dm_channels: true,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 612);
    Store::open(&bot.db)
        .expect("db")
        .close_ticket(ticket, moderator, desk::clock::now())
        .expect("close");
    // The relay has read the closing notice and asks Discord for the
    // member's DM channel; Discord holds its answer...
    bot.fake
        .call_to("/users/@me/channels", WAIT)
        .await
        .expect("the relay opens the member's DM channel");
    // ...while a moderator reopens the ticket, and only then answers.
    Store::open(&bot.db)
        .expect("db")
        .reopen_ticket(ticket, moderator, desk::clock::now())
        .expect("reopen");
    bot.fake.release_dm_channel();
    let db = bot.db.clone();
    eventually(
        "the notice that the ticket is open again is delivered",
        || {
            delivery_states(&db, ticket)
                .last()
                .is_some_and(|(status, _)| status == "sent")
        },
    )
    .await;
    assert_eq!(
        delivery_states(&bot.db, ticket),
        [("withdrawn".to_string(), 0), ("sent".to_string(), 1)],
        "the closing notice is withdrawn, untried, and keeps its row"
    );
    let dms = bot.fake.dms_to(612);
    assert_eq!(dms.len(), 1, "no 'closed' for an open ticket: {dms:?}");
    let told: serenity::all::Message = serde_json::from_value(dms[0].clone())
        .unwrap_or_else(|e| panic!("not a Discord message ({e}): {}", dms[0]));
    assert_eq!(
        told.content,
        format!(
            "Ihr Ticket #{ticket} ist wieder offen: Jemand aus unserem Moderationsteam \
             kümmert sich erneut um Ihr Anliegen und meldet sich hier bei Ihnen."
        )
    );
    assert!(told.components.is_empty(), "no rating buttons: {}", dms[0]);
    assert_eq!(dms[0]["nonce"], "hd-2", "a nonce of its own");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_withdrawn_while_its_dm_channel_was_refused_is_not_shown_as_failed() {
    let mut bot = Running::start(Behaviour {
        hold_dm_channels: true,
        refuse_dm_channels: Some(400),
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 613);
    let act = |close: bool| {
        let mut store = Store::open(&bot.db).expect("db");
        if close {
            store.close_ticket(ticket, moderator, desk::clock::now())
        } else {
            store
                .reopen_ticket(ticket, moderator, desk::clock::now())
                .map(|_| ())
        }
        .expect("the moderator acts")
    };
    act(true);
    bot.fake
        .call_to("/users/@me/channels", WAIT)
        .await
        .expect("the relay opens the DM channel for the closing notice");
    act(false);
    bot.fake.release_dm_channel();
    bot.fake
        .call_to("/users/@me/channels", WAIT)
        .await
        .expect("the relay opens the DM channel for the notice that the ticket is open again");
    // Closed again while Discord holds the channel for "open again": that
    // notice no longer applies. Discord then refuses the channel for good.
    act(true);
    bot.fake.release_dm_channel();
    bot.fake
        .call_to("/users/@me/channels", WAIT)
        .await
        .expect("the relay opens the DM channel for the second closing notice");
    bot.fake.release_dm_channel();
    let db = bot.db.clone();
    eventually("the second closing notice has failed", || {
        delivery_states(&db, ticket)
            .last()
            .is_some_and(|(status, _)| status == "failed")
    })
    .await;
    assert_eq!(
        delivery_states(&bot.db, ticket),
        [
            ("withdrawn".to_string(), 0),
            ("withdrawn".to_string(), 0),
            ("failed".to_string(), 1)
        ],
        "only the notice that still applied is shown as failed"
    );
    assert!(bot.fake.dms_to(613).is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dms_join_the_open_ticket_until_the_member_asks_a_new_question() {
    let mut bot = Running::connected().await;
    let dm = |bot: &Running, text: &str| {
        let id = bot.fake.next_id();
        bot.fake
            .dispatch("MESSAGE_CREATE", support::fake_discord::dm(id, 604, text));
    };
    dm(&bot, "What's the weather in Berlin tomorrow?");
    let unsure = bot.next_post().await;
    assert!(
        custom_ids(&unsure).contains(&"human".to_string()),
        "{unsure}"
    );
    let id = bot.fake.next_id();
    let opened = bot.interact(id, button(id, 604, "en-US", "human")).await;
    let ticket = Store::open_read_only(&bot.db)
        .expect("db")
        .tickets(0, 1)
        .expect("t")[0]
        .id;
    assert!(content(&opened).contains(&format!("#{ticket}")));

    dm(&bot, "Any news? It is urgent.");
    let ack = bot.next_post().await;
    assert!(
        content(&ack).contains(&format!("ticket #{ticket}")),
        "{ack}"
    );
    assert!(custom_ids(&ack).contains(&"new-question".to_string()));
    let messages = ticket_messages(&bot.db, ticket);
    assert_eq!(
        messages.last().map(|m| m.body.as_str()),
        Some("Any news? It is urgent.")
    );

    dm(&bot, "new question: how do I reset my password?");
    let answer = bot.next_post().await;
    assert_eq!(
        title(&answer),
        article("login-password-reset", Lang::En).title
    );
    let after = ticket_messages(&bot.db, ticket);
    assert_eq!(
        after.len(),
        messages.len(),
        "the new question stays out of the ticket"
    );
    bot.stop().await;
}

/// Whether a message body lets nothing ping: no `@everyone`/`@here`, no
/// role, no user (only the member an answer replies to).
fn pings_nobody(body: &Value) -> bool {
    let mentions = &body["allowed_mentions"];
    mentions["parse"] == serde_json::json!([])
        && mentions["users"].as_array().is_none_or(Vec::is_empty)
        && mentions["roles"].as_array().is_none_or(Vec::is_empty)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_the_bot_posts_can_ping_everyone_a_role_or_a_user() {
    const STAFF: u64 = 7_100;
    let mut bot = Running::start_with(Behaviour::default(), Some(STAFF)).await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    // A member's words with every kind of mention, in the guild...
    bot.mention(
        624,
        "@everyone @here <@&5000> <@777> wie synchronisiere ich Gmail?",
    );
    let answer = bot.next_post().await;
    assert!(pings_nobody(&answer), "{answer}");
    assert_eq!(answer["allowed_mentions"]["replied_user"], true);
    // ...in a ticket announced in the staff channel...
    let (moderator, ticket) = ticket_for(&bot.db, 624);
    Store::open(&bot.db)
        .expect("db")
        .add_member_message(
            ticket,
            "@everyone <@&5000> bitte schnell!",
            desk::clock::now(),
        )
        .expect("follow-up");
    let staff = bot
        .fake
        .call_to(&format!("/channels/{STAFF}/messages"), WAIT)
        .await
        .expect("announced");
    assert!(pings_nobody(&staff.body), "{}", staff.body);
    // ...and a moderator's reply quoting them, by DM.
    reply(
        &bot.db,
        moderator,
        ticket,
        "Sie schrieben: @everyone <@&5000> – gern!",
    );
    let dm = bot
        .fake
        .call_to("/channels/900000624/messages", WAIT)
        .await
        .expect("the reply is sent");
    assert!(pings_nobody(&dm.body), "{}", dm.body);
    // The slash commands' deferred answers too.
    let id = bot.fake.next_id();
    let edit = bot
        .interact(
            id,
            command(
                id,
                624,
                "de",
                "ask",
                &[("question", "@everyone gmail sync")],
            ),
        )
        .await;
    assert!(pings_nobody(&edit), "{edit}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screenshot_without_words_joins_the_open_ticket_and_is_kept_after_its_link_expires() {
    use desk::store::{FileState, MAX_KEPT_FILE};
    let mut bot = Running::connected().await;
    let (_moderator, ticket) = ticket_for(&bot.db, 623);
    let id = bot.fake.next_id();
    // A screenshot, a video too large to keep, and a file the CDN no longer has.
    let screenshot: Vec<u8> = b"\x89PNG\r\n\x1a\n"
        .iter()
        .copied()
        .chain((0..200_000u32).map(|n| (n % 251) as u8))
        .collect();
    let video = vec![7u8; usize::try_from(MAX_KEPT_FILE).expect("size") + 1];
    let dm = bot.fake.dm_with_served_files(
        id,
        623,
        &[
            ("Bildschirmfoto_Übersicht.png", Some(screenshot.clone())),
            ("Bildschirmaufnahme.mp4", Some(video)),
            ("alt.png", None),
        ],
    );
    let links: Vec<String> = dm["attachments"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["url"].as_str().map(str::to_string))
        .collect();
    assert!(
        links.iter().all(|l| l.starts_with("http://127.0.0.1:")),
        "{links:?}"
    );
    let parsed: serenity::all::Message = serde_json::from_value(dm.clone()).expect("a Message");
    assert_eq!(parsed.attachments.len(), 3);
    bot.fake.dispatch("MESSAGE_CREATE", dm);
    // Acknowledged at once, without waiting for the files.
    let ack = bot.next_post().await;
    assert!(
        content(&ack).contains(&format!("Ticket #{ticket}")),
        "acknowledged in the ticket's German: {ack}"
    );
    // Fetched in order; the video never, since Discord said how large it is.
    let mut fetched = Vec::new();
    for _ in 0..2 {
        let call = bot
            .fake
            .call_to("/cdn/", WAIT)
            .await
            .expect("a file fetched");
        fetched.push(call.path);
    }
    assert!(
        fetched[0].ends_with(".png") && fetched[1].ends_with("alt.png"),
        "{fetched:?}"
    );
    let db = bot.db.clone();
    eventually("the last file's fate is kept", || {
        ticket_messages(&db, ticket)
            .last()
            .and_then(|m| m.files.last().map(|f| f.state.clone()))
            == Some(FileState::Failed(desk::store::FileFailure::Http(404)))
    })
    .await;
    let messages = ticket_messages(&bot.db, ticket);
    let last = messages.last().expect("the member's message");
    assert_eq!(last.body, links.join("\n"), "the team gets the links");
    let states: Vec<(&str, FileState)> = last
        .files
        .iter()
        .map(|f| (f.filename.as_str(), f.state.clone()))
        .collect();
    assert_eq!(
        states,
        [
            ("Bildschirmfoto_Übersicht.png", FileState::Kept),
            ("Bildschirmaufnahme.mp4", FileState::TooLarge),
            (
                "alt.png",
                FileState::Failed(desk::store::FileFailure::Http(404))
            ),
        ]
    );
    // A day later the link is dead; the file is still in the ticket.
    let (file, bytes) = Store::open_read_only(&bot.db)
        .expect("db")
        .ticket_file(last.files[0].id)
        .expect("file");
    assert_eq!(file.content_type.as_deref(), Some("image/png"));
    assert_eq!(bytes, Some(screenshot), "the screenshot, byte for byte");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dms_files_are_fetched_one_at_a_time_each_kept_before_the_next_is_asked_for() {
    use desk::store::{FileFailure, FileState};
    let mut bot = Running::start(Behaviour {
        hold_files: true,
        ..Behaviour::default()
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (_moderator, ticket) = ticket_for(&bot.db, 631);
    let id = bot.fake.next_id();
    let files: Vec<(String, Option<Vec<u8>>)> = (1..=3u8)
        .map(|n| (format!("Bild{n}.png"), Some(vec![n; 50_000])))
        .collect();
    let served: Vec<(&str, Option<Vec<u8>>)> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.clone()))
        .collect();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        bot.fake.dm_with_served_files(id, 631, &served),
    );
    let states = |db: &std::path::Path| -> Vec<FileState> {
        ticket_messages(db, ticket)
            .last()
            .map(|m| m.files.iter().map(|f| f.state.clone()).collect())
            .unwrap_or_default()
    };
    let fetching = FileState::Failed(FileFailure::Fetching);
    for n in 0..3 {
        // The CDN holds its answer: the bot has asked for file n only,
        // and every file before it is in the database already.
        let call = bot
            .fake
            .call_to("/cdn/", WAIT)
            .await
            .expect("a file asked for");
        assert!(
            call.path.ends_with(&format!("Bild{}.png", n + 1)),
            "{}",
            call.path
        );
        let mut expected = vec![FileState::Kept; n];
        expected.resize(3, fetching.clone());
        assert_eq!(states(&bot.db), expected, "before file {}", n + 1);
        bot.fake.release_file();
    }
    let db = bot.db.clone();
    eventually("every file is kept", || {
        states(&db) == vec![FileState::Kept; 3]
    })
    .await;
    let last = ticket_messages(&bot.db, ticket).pop().expect("message");
    for (file, (_, bytes)) in last.files.iter().zip(&files) {
        let kept = Store::open_read_only(&bot.db)
            .expect("db")
            .ticket_file(file.id)
            .expect("file")
            .1;
        assert_eq!(&kept, bytes, "{}", file.filename);
    }
    assert!(
        bot.fake
            .call_to("/cdn/", Duration::from_millis(300))
            .await
            .is_none(),
        "each file fetched once"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_a_stopped_bot_left_waiting_are_fetched_when_it_starts_again() {
    use desk::store::{FileContent, FileFailure, FileState, MemberFile};
    let mut bot = Running::connected().await;
    let (_moderator, ticket) = ticket_for(&bot.db, 633);
    // As a bot stopped between the answer and the downloads leaves them:
    // the links stored, the bytes still to fetch.
    let served = [
        ("Protokoll.txt", Some(b"Fehler 42".to_vec())),
        ("Bild.png", Some(vec![9u8; 20_000])),
    ];
    let dm = bot
        .fake
        .dm_with_served_files(bot.fake.next_id(), 633, &served);
    let files: Vec<MemberFile> = dm["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .map(|a| MemberFile {
            filename: a["filename"].as_str().expect("name").to_string(),
            content_type: None,
            size: a["size"].as_u64().expect("size"),
            url: a["url"].as_str().expect("url").to_string(),
            content: FileContent::Failed(FileFailure::Fetching),
        })
        .collect();
    Store::open(&bot.db)
        .expect("store")
        .add_member_message_with_files(ticket, "Hier die Dateien", &files, desk::clock::now())
        .expect("message with files");
    bot.restart().await;
    let db = bot.db.clone();
    let states = move || -> Vec<FileState> {
        ticket_messages(&db, ticket)
            .last()
            .map(|m| m.files.iter().map(|f| f.state.clone()).collect())
            .unwrap_or_default()
    };
    eventually("both files are kept", || {
        states() == vec![FileState::Kept, FileState::Kept]
    })
    .await;
    let last = ticket_messages(&bot.db, ticket).pop().expect("message");
    let kept = Store::open_read_only(&bot.db)
        .expect("db")
        .ticket_file(last.files[0].id)
        .expect("file")
        .1;
    assert_eq!(kept.as_deref(), Some(&b"Fehler 42"[..]));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screenshot_with_the_message_that_asks_for_a_person_is_kept_with_the_new_ticket() {
    use desk::store::FileState;
    let mut bot = Running::connected().await;
    let id = bot.fake.next_id();
    let screenshot = vec![5u8; 30_000];
    let mut dm =
        bot.fake
            .dm_with_served_files(id, 632, &[("Fehler.png", Some(screenshot.clone()))]);
    dm["content"] = serde_json::json!("talk to a human");
    bot.fake.dispatch("MESSAGE_CREATE", dm);
    let ack = bot.next_post().await;
    let db = bot.db.clone();
    let ticket = Store::open_read_only(&db)
        .expect("db")
        .active_ticket("discord:632", desk::clock::now(), &Default::default())
        .expect("ticket")
        .unwrap_or_else(|| panic!("no ticket opened: {ack}"))
        .id;
    eventually("the screenshot is kept with the ticket", || {
        ticket_messages(&db, ticket)
            .iter()
            .flat_map(|m| m.files.iter().map(|f| f.state.clone()))
            .collect::<Vec<_>>()
            == [FileState::Kept]
    })
    .await;
    let file = ticket_messages(&db, ticket)
        .into_iter()
        .flat_map(|m| m.files)
        .next()
        .expect("file");
    let kept = Store::open_read_only(&db)
        .expect("db")
        .ticket_file(file.id)
        .expect("file")
        .1;
    assert_eq!(kept, Some(screenshot), "byte for byte");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_from_a_member_without_a_ticket_is_not_fetched_before_the_answer() {
    let mut bot = Running::connected().await;
    let id = bot.fake.next_id();
    let mut dm =
        bot.fake
            .dm_with_served_files(id, 626, &[("screenshot.png", Some(vec![1u8; 4096]))]);
    dm["content"] = serde_json::json!("how do I reset my password");
    let parsed: serenity::all::Message = serde_json::from_value(dm.clone()).expect("a Message");
    assert_eq!(parsed.attachments.len(), 1);
    bot.fake.dispatch("MESSAGE_CREATE", dm);
    // Every call up to the answer, in order: none of them to the CDN.
    let mut before = Vec::new();
    loop {
        let call = bot.fake.call_to("", WAIT).await.expect("the bot answers");
        if call.path.contains("/messages") {
            assert!(
                call.body.to_string().contains("login-password-reset"),
                "answered from the FAQ: {}",
                call.body
            );
            break;
        }
        before.push(call.path);
    }
    assert!(
        !before.iter().any(|p| p.contains("/cdn/")),
        "fetched for nothing: {before:?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_staff_channel_gets_one_embed_per_ticket_edited_on_a_follow_up() {
    const STAFF: u64 = 7_000;
    let mut bot = Running::start_with(Behaviour::default(), Some(STAFF)).await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (_moderator, ticket) = ticket_for(&bot.db, 605);
    let posted = bot
        .fake
        .call_to(&format!("/channels/{STAFF}/messages"), WAIT)
        .await
        .expect("announced");
    assert_eq!(posted.method, "POST");
    let embed = &posted.body["embeds"][0];
    assert_eq!(
        embed["title"],
        format!("Ticket #{ticket}: Rechnung für Premium")
    );
    let fields = embed["fields"].to_string();
    assert!(
        fields.contains("German") && fields.contains("Premium bezahlen (31 %)"),
        "{fields}"
    );
    let message_id = bot.fake.created().last().expect("created")["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    Store::open(&bot.db)
        .expect("db")
        .add_member_message(ticket, "Noch jemand da?", desk::clock::now())
        .expect("follow-up");
    let edited = bot
        .fake
        .call_to(&format!("/channels/{STAFF}/messages/{message_id}"), WAIT)
        .await
        .expect("edited");
    assert_eq!(edited.method, "PATCH");
    assert!(
        edited.body["embeds"][0]["fields"]
            .to_string()
            .contains("Noch jemand da?")
    );
    let staff_posts = bot
        .fake
        .created()
        .iter()
        .filter(|m| m["channel_id"] == STAFF.to_string().as_str())
        .count();
    assert_eq!(staff_posts, 1, "one message per ticket");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_edit_keeps_one_announcement_and_a_deleted_one_is_posted_anew() {
    const STAFF: u64 = 7_200;
    let mut bot = Running::start_tuned(
        Behaviour {
            fail_edits: 1,
            ..Behaviour::default()
        },
        |options| {
            options.staff_channel = Some(STAFF);
            options.relay.max_backoff = Duration::from_millis(100);
        },
    )
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (_moderator, ticket) = ticket_for(&bot.db, 625);
    let staff = format!("/channels/{STAFF}/messages");
    let first = bot.fake.call_to(&staff, WAIT).await.expect("announced");
    assert_eq!(first.method, "POST");
    let follow_up = |text: &str| {
        Store::open(&bot.db)
            .expect("db")
            .add_member_message(ticket, text, desk::clock::now())
            .expect("follow-up");
    };
    follow_up("Hallo? Gibt es schon Neuigkeiten? 🙏");
    // Discord fails the edit once (503); the announcement is edited on a
    // later round, never posted twice.
    let failed = bot.fake.call_to(&staff, WAIT).await.expect("edit tried");
    assert_eq!(failed.method, "PATCH");
    let retried = bot.fake.call_to(&staff, WAIT).await.expect("edit again");
    assert_eq!(retried.method, "PATCH", "{}", retried.body);
    let in_channel = |bot: &Running| {
        bot.fake
            .created()
            .into_iter()
            .filter(|m| m["channel_id"] == STAFF.to_string().as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(in_channel(&bot).len(), 1, "one announcement");
    // A moderator deletes it; the next change is announced anew.
    let id = in_channel(&bot)[0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    bot.fake.delete(&id);
    follow_up("Ich habe es noch einmal versucht.");
    let gone = bot.fake.call_to(&staff, WAIT).await.expect("edit tried");
    assert_eq!(gone.method, "PATCH");
    let anew = bot.fake.call_to(&staff, WAIT).await.expect("posted anew");
    assert_eq!(anew.method, "POST");
    assert_eq!(in_channel(&bot).len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_without_a_name_holds_up_no_announcement() {
    use desk::store::community::NewMember;
    use desk::store::{NewTicket, TicketAuthor};
    const STAFF: u64 = 7_300;
    let mut bot = Running::start_tuned(Behaviour::default(), |options| {
        options.staff_channel = Some(STAFF);
        options.relay.max_backoff = Duration::from_millis(100);
    })
    .await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    // Imported from an address book without a name, then linked to Discord.
    let nameless = {
        let mut store = Store::open(&bot.db).expect("db");
        let mut member = NewMember::new("ohne.namen@example.org", "", Lang::De);
        member.discord_id = Some("628".into());
        let member = store.upsert_member(&member).expect("member");
        store
            .open_ticket(
                &NewTicket {
                    from_bot: true,
                    member: Some(member),
                    requester: "discord:628".into(),
                    lang: Lang::De,
                    subject: "Kontakte weg 😱".into(),
                    conversation: vec![(TicketAuthor::Member, "Kontakte weg 😱".into())],
                },
                desk::clock::now(),
            )
            .expect("ticket")
    };
    let (_moderator, next) = ticket_for(&bot.db, 629);
    let db = bot.db.clone();
    eventually("both tickets are announced", || {
        Store::open_read_only(&db)
            .expect("db")
            .staff_notices(10)
            .expect("notices")
            .is_empty()
    })
    .await;
    let posts: Vec<Value> = bot
        .fake
        .created()
        .into_iter()
        .filter(|m| m["channel_id"] == STAFF.to_string().as_str())
        .collect();
    assert_eq!(posts.len(), 2, "{posts:?}");
    let titled = |ticket: desk::TicketId| {
        posts
            .iter()
            .find(|m| {
                m["embeds"][0]["title"]
                    .as_str()
                    .is_some_and(|t| t.starts_with(&format!("Ticket #{ticket}:")))
            })
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        titled(nameless)["embeds"][0]["fields"][0]["value"],
        "<@628>"
    );
    assert!(titled(next)["embeds"][0].is_object());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_linked_german_member_asking_in_english_gets_a_german_ticket() {
    let mut bot = Running::connected().await;
    let mut lena =
        desk::store::community::NewMember::new("lena@example.org", "Lena Vogel", Lang::De);
    lena.discord_id = Some("612".into());
    Store::open(&bot.db)
        .expect("db")
        .upsert_member(&lena)
        .expect("lena");
    let id = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        support::fake_discord::dm(id, 612, "talk to a human"),
    );
    let opened = bot.next_post().await;
    let store = Store::open_read_only(&bot.db).expect("db");
    let tickets = store.tickets(0, 10).expect("tickets");
    assert_eq!(tickets.len(), 1, "one ticket");
    assert_eq!(tickets[0].requester, "discord:612");
    assert_eq!(
        tickets[0].lang,
        Lang::De,
        "her record's language, not her words'"
    );
    assert!(
        content(&opened).contains(&format!(
            "Ich habe Ihre Frage an unser Team übergeben: Ticket #{}",
            tickets[0].id
        )),
        "{opened}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_staff_channel_shows_a_ticket_closed_and_then_reopened_by_a_moderator() {
    const STAFF: u64 = 7_002;
    let mut bot = Running::start_with(Behaviour::default(), Some(STAFF)).await;
    assert_eq!(bot.fake.session(WAIT).await, Some(Session::Identified));
    let (moderator, ticket) = ticket_for(&bot.db, 611);
    bot.fake
        .call_to(&format!("/channels/{STAFF}/messages"), WAIT)
        .await
        .expect("announced");
    let message_id = bot.fake.created().last().expect("created")["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let edit = format!("/channels/{STAFF}/messages/{message_id}");
    let state = |call: &support::fake_discord::RestCall| {
        call.body["embeds"][0]["fields"]
            .as_array()
            .and_then(|fields| fields.iter().find(|f| f["name"] == "State"))
            .map(|f| f["value"].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    };

    Store::open(&bot.db)
        .expect("db")
        .close_ticket(ticket, moderator, desk::clock::now())
        .expect("close");
    let closed = bot.fake.call_to(&edit, WAIT).await.expect("edited");
    assert_eq!(closed.method, "PATCH");
    assert_eq!(state(&closed), "Closed", "{}", closed.body);

    Store::open(&bot.db)
        .expect("db")
        .reopen_ticket(ticket, moderator, desk::clock::now())
        .expect("reopen");
    let reopened = bot.fake.call_to(&edit, WAIT).await.expect("edited again");
    assert_eq!(reopened.method, "PATCH");
    assert_eq!(
        state(&reopened),
        "Waiting for the team",
        "{}",
        reopened.body
    );
    let staff_posts = bot
        .fake
        .created()
        .iter()
        .filter(|m| m["channel_id"] == STAFF.to_string().as_str())
        .count();
    assert_eq!(staff_posts, 1, "the same announcement, edited");
    bot.stop().await;
}

#[test]
fn every_payload_the_fake_sends_parses_as_serenity_models() {
    use serenity::all::{Command, Guild, Interaction, Message, PrivateChannel, Ready};
    use support::fake_discord::{dm, dm_channel, guild, ready_payload, registered_commands};
    fn parses<T: serde::de::DeserializeOwned>(what: &str, value: Value) -> T {
        serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("{what} does not parse as serenity's model: {e}\n{value}"))
    }
    let ready: Ready = parses("READY", ready_payload("ws://127.0.0.1:1"));
    assert_eq!(ready.user.id.get(), BOT_ID);
    let guild: Guild = parses("GUILD_CREATE", guild());
    assert_eq!(guild.channels.len(), 1);
    let _: Message = parses(
        "a mention",
        message(1, user(5, "m", false), "hi", &[BOT_ID], true),
    );
    let direct: Message = parses("a DM", dm(2, 5, "hi"));
    assert!(direct.guild_id.is_none());
    let screenshot: Message = parses(
        "a DM with only a file",
        support::fake_discord::dm_with_files(6, 5, &["Bildschirmfoto_Übersicht.png"]),
    );
    assert_eq!(screenshot.attachments.len(), 1);
    let _: PrivateChannel = parses("a DM channel", dm_channel(5));
    let mut piece = message(7, user(BOT_ID, "helpdesk", true), "", &[], false);
    piece["channel_id"] = serde_json::json!("900000005");
    piece["embeds"] =
        serde_json::json!([{"description": "\n  Teil 2\n", "title": "(Fortsetzung)"}]);
    piece["nonce"] = serde_json::json!("hd-1-2");
    use support::fake_discord::Page;
    for page in [Page::Newest, Page::Before(8), Page::After(6)] {
        let listed: Vec<Message> = parses(
            "a DM channel's messages",
            support::fake_discord::channel_messages(
                std::slice::from_ref(&piece),
                "900000005",
                page,
                50,
            ),
        );
        assert_eq!(
            listed[0].embeds[0].description.as_deref(),
            Some("Teil 2"),
            "{page:?}"
        );
    }
    for (what, payload) in [
        (
            "a slash command",
            command(3, 5, "de", "ask", &[("question", "x")]),
        ),
        ("a button", button(4, 5, "en-US", "rate:1:5")),
        ("a select menu", select(5, 5, "en-US", "faq-topic", "sync")),
    ] {
        let _: Interaction = parses(what, payload);
    }
    let sent = serde_json::to_value(discord::commands(
        &locales::Localizer::embedded().expect("locales"),
    ))
    .expect("commands as json");
    let commands: Vec<Command> = parses("registered commands", registered_commands(&sent));
    assert_eq!(commands.len(), 4);
    for (what, payload) in [
        ("a refused DM", support::fake_discord::cannot_send_to_user()),
        (
            "a refused DM channel",
            support::fake_discord::refused_recipient(),
        ),
        (
            "a deleted message",
            support::fake_discord::unknown_message(),
        ),
        (
            "a message beyond the limits",
            support::fake_discord::invalid_form_body("content"),
        ),
    ] {
        let _: serenity::all::DiscordJsonError = parses(what, payload);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_waiting_on_a_slow_write_holds_up_no_one_else() {
    let mut bot = Running::connected().await;
    let (_moderator, ticket) = ticket_for(&bot.db, 606);
    // Another process (the console seeding, a batch approval) holds SQLite's
    // write lock for as long as this test says.
    let console = rusqlite::Connection::open(&bot.db).expect("second connection");
    console
        .execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value WHERE 0;")
        .expect("write lock");
    let waits_before = desk::store::busy_retries();

    // The member with a ticket writes by DM: appending it must wait for the lock.
    let id = bot.fake.next_id();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        support::fake_discord::dm(id, 606, "Gibt es schon etwas Neues?"),
    );
    eventually("the DM's write waits for the lock", || {
        desk::store::busy_retries() > waits_before
    })
    .await;

    // Meanwhile another member asks the FAQ and gets the answer.
    bot.mention(607, "My Gmail contacts won't sync, what can I do?");
    let answer = bot.next_post().await;
    assert_eq!(
        title(&answer),
        article("sync-gmail-two-step", Lang::En).title,
        "the first post is the other member's answer: {answer}"
    );
    let dm_channel = (support::fake_discord::DM_CHANNEL_BASE + 606).to_string();
    assert!(
        !bot.fake
            .created()
            .iter()
            .any(|m| m["channel_id"] == dm_channel.as_str()),
        "the DM's ack waits for the lock"
    );

    console.execute_batch("COMMIT").expect("release");
    let ack = bot.next_post().await;
    assert!(content(&ack).contains(&format!("#{ticket}")), "{ack}");
    let messages = ticket_messages(&bot.db, ticket);
    assert_eq!(
        messages.last().map(|m| m.body.as_str()),
        Some("Gibt es schon etwas Neues?")
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_linked_in_the_console_is_answered_without_a_restart() {
    let mut bot = Running::connected().await;
    let question = "Can I pay for Premium by invoice?";
    bot.mention(608, question);
    let unsure = bot.next_post().await;
    assert!(
        custom_ids(&unsure).contains(&"human".to_string()),
        "{unsure}"
    );

    // The console links the logged question while the bot runs.
    let mut console = Store::open(&bot.db).expect("store");
    let moderator = console
        .upsert_member(&desk::store::community::NewMember::new(
            "mia@example.org",
            "Mia Moderator",
            Lang::En,
        ))
        .expect("moderator");
    let logged = console.unanswered_questions(0, 1).expect("log")[0].id;
    console
        .link_unanswered(logged, "moderator-support", moderator, desk::clock::now())
        .expect("link");

    let expected = article("moderator-support", Lang::En).title;
    let mut answered = false;
    // Each try is another member: one member asking again and again would
    // meet the rate limit.
    for member in 700..750 {
        bot.mention(member, question);
        if title(&bot.next_post().await) == expected {
            answered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        answered,
        "the running bot never answered with the linked article"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_staff_channel_speaks_the_teams_language() {
    const STAFF: u64 = 7_001;
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("bot.db");
    let fake = FakeDiscord::start(Behaviour::default()).await;
    let mut german_team = options(&fake, Some(STAFF));
    german_team.relay.staff_lang = Lang::De;
    let (stop, bot) = spawn_bot(&db, german_team);
    let mut running = Running {
        fake,
        db,
        stop: Some(stop),
        bot,
        _dir: dir,
    };
    assert_eq!(running.fake.session(WAIT).await, Some(Session::Identified));
    ticket_for(&running.db, 609);
    let posted = running
        .fake
        .call_to(&format!("/channels/{STAFF}/messages"), WAIT)
        .await
        .expect("announced");
    let fields = posted.body["embeds"][0]["fields"].to_string();
    assert!(
        fields.contains("Sprache")
            && fields.contains("eine Nachricht insgesamt")
            && !fields.contains("Language"),
        "{fields}"
    );
    running.stop().await;
}
