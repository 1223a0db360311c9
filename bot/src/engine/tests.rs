use super::*;
use desk::referrals::Via;
use desk::store::community::NewMember;

fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("bot.db")).expect("store");
    let mut anna = NewMember::new("anna@example.org", "Anna Berg", Lang::De);
    anna.discord_id = Some("111".into());
    let anna = store.upsert_member(&anna).expect("anna");
    let token = store.invite_token(anna).expect("token");
    for i in 0..4 {
        store
            .register(
                &NewMember::new(&format!("n{i}@example.org"), "N", Lang::En),
                &Via::Link(token.clone()),
                clock::now(),
            )
            .expect("register");
    }
    let engine = Engine::new(
        Corpus::embedded().expect("corpus"),
        store,
        EngineConfig::default(),
    )
    .expect("engine");
    (dir, engine)
}

fn ask(engine: &Engine, user: &str, text: &str, locale: Option<&str>) -> Reply {
    engine
        .handle(&Incoming {
            user: user.into(),
            text: text.into(),
            locale: locale.map(str::to_string),
            channel: ChannelKind::Mention,
            from_bot: false,
            attachments: Vec::new(),
        })
        .expect("handle")
        .expect("a reply")
}

/// The one ticket in the store, and its messages.
fn only_ticket(engine: &Engine) -> (desk::store::Ticket, Vec<desk::store::TicketMessage>) {
    let store = engine.store().expect("store");
    let tickets = store.tickets(0, 10).expect("tickets");
    assert_eq!(tickets.len(), 1);
    let messages = store.ticket_messages(tickets[0].id).expect("messages");
    (tickets[0].clone(), messages)
}

fn article_of(reply: &Reply) -> Option<&str> {
    reply.buttons.iter().find_map(|b| match &b.action {
        ButtonAction::Helpful(id) => Some(id.as_str()),
        _ => None,
    })
}

#[test]
fn answers_in_the_language_of_the_question() {
    let (_dir, engine) = engine();
    let reply = ask(&engine, "1", "<@999> My Gmail contacts won't sync", None);
    assert_eq!(article_of(&reply), Some("sync-gmail-two-step"));
    assert_eq!(reply.lang, Lang::En);
    let reply = ask(
        &engine,
        "2",
        "Warum werden meine Gmail-Kontakte nicht synchronisiert?",
        None,
    );
    assert_eq!(article_of(&reply), Some("sync-gmail-two-step"));
    assert_eq!(reply.lang, Lang::De);
    assert_eq!(reply.buttons[0].label, "Hilfreich");
}

#[test]
fn the_client_locale_wins_over_detection() {
    let (_dir, engine) = engine();
    let reply = ask(&engine, "1", "gmail sync", Some("de"));
    assert_eq!(reply.lang, Lang::De);
    assert_eq!(article_of(&reply), Some("sync-gmail-two-step"));
}

#[test]
fn unsure_answers_offer_articles_and_a_human_and_are_recorded() {
    let (_dir, engine) = engine();
    let reply = ask(&engine, "1", "What's the weather in Berlin tomorrow?", None);
    assert!(reply.title.is_none());
    assert!(
        reply.text.starts_with("I only know about") || reply.text.starts_with("I am not sure"),
        "{}",
        reply.text
    );
    assert_eq!(
        reply.buttons.last().map(|b| &b.action),
        Some(&ButtonAction::TalkToHuman)
    );
    let unanswered = engine
        .store()
        .expect("store")
        .unanswered_questions(0, 10)
        .expect("log");
    assert_eq!(
        unanswered[0].question,
        "What's the weather in Berlin tomorrow?"
    );
}

#[test]
fn talk_to_a_human_opens_a_ticket_with_the_conversation() {
    let (_dir, engine) = engine();
    ask(&engine, "111", "Can I pay Premium by invoice?", None);
    let reply = engine
        .press("111", None, &ButtonAction::TalkToHuman)
        .expect("press");
    let (ticket, messages) = only_ticket(&engine);
    assert!(
        reply.text.contains(&format!("#{}", ticket.id)),
        "{}",
        reply.text
    );
    assert_eq!(messages[0].body, "Can I pay Premium by invoice?");
    assert!(
        messages.len() >= 2,
        "the bot's answer is part of the conversation"
    );
}

#[test]
fn and_in_german_re_answers_the_last_question() {
    let (_dir, engine) = engine();
    let first = ask(&engine, "1", "How do I reset my password?", None);
    assert_eq!(first.lang, Lang::En);
    let again = ask(&engine, "1", "and in German?", None);
    assert_eq!(again.lang, Lang::De);
    assert_eq!(article_of(&again), article_of(&first));
    let back = ask(&engine, "1", "in English please", None);
    assert_eq!(back.lang, Lang::En);
}

#[test]
fn a_short_follow_up_is_read_with_the_previous_question() {
    let (_dir, engine) = engine();
    ask(&engine, "1", "My contacts won't sync", None);
    let reply = ask(&engine, "1", "what about Gmail?", None);
    assert_eq!(article_of(&reply), Some("sync-gmail-two-step"));
}

#[test]
fn a_linked_member_gets_their_own_bonus_figures() {
    let (_dir, engine) = engine();
    let mine = ask(&engine, "111", "How many more do I need?", Some("en"));
    assert!(
        mine.text.contains("4 credited registrations, 3 more"),
        "{}",
        mine.text
    );
    let german = engine
        .bonus("111", Lang::De, ChannelKind::Command)
        .expect("bonus");
    assert!(
        german
            .text
            .contains("4 gutgeschriebene Registrierungen, noch 3"),
        "{}",
        german.text
    );
    let stranger = ask(&engine, "222", "/bonus", Some("en"));
    assert!(
        stranger.text.contains("every 7th") || stranger.text.contains("Every 7th"),
        "{}",
        stranger.text
    );
    assert!(stranger.text.contains("link your Discord account"));
}

#[test]
fn feedback_is_counted_per_article() {
    let (_dir, engine) = engine();
    engine
        .press(
            "1",
            Some("en"),
            &ButtonAction::Helpful("sync-gmail-two-step".into()),
        )
        .expect("helpful");
    let reply = engine
        .press(
            "1",
            Some("en"),
            &ButtonAction::NotHelpful("sync-gmail-two-step".into()),
        )
        .expect("not");
    assert_eq!(reply.buttons[0].action, ButtonAction::TalkToHuman);
    assert_eq!(
        engine
            .store()
            .expect("store")
            .feedback("sync-gmail-two-step")
            .expect("feedback"),
        (1, 1)
    );
}

#[test]
fn bots_are_ignored_and_floods_are_slowed_calmly() {
    let (_dir, engine) = engine();
    let from_bot = Incoming {
        user: "9".into(),
        text: "hello".into(),
        locale: None,
        channel: ChannelKind::Mention,
        from_bot: true,
        attachments: Vec::new(),
    };
    assert_eq!(engine.handle(&from_bot).expect("handle"), None);
    for _ in 0..5 {
        ask(&engine, "5", "How do I reset my password?", Some("en"));
    }
    let sixth = ask(&engine, "5", "How do I reset my password?", Some("en"));
    assert!(
        sixth.text.contains("faster than I can read"),
        "{}",
        sixth.text
    );
    assert!(
        ask(&engine, "6", "How do I reset my password?", Some("en"))
            .title
            .is_some(),
        "others are not slowed"
    );
}

#[test]
fn hostile_text_is_handled_calmly() {
    let (_dir, engine) = engine();
    let empty = ask(
        &engine,
        "1",
        " \u{200b}\u{200b} <@1> <@2> <@3> ",
        Some("en"),
    );
    assert!(empty.text.starts_with("Hi!"), "{}", empty.text);
    let wall = "password ".repeat(500) + &"x".repeat(4000);
    let reply = ask(&engine, "2", &wall, Some("en"));
    assert!(reply.text.chars().count() <= 2000);
    let zero_width = ask(&engine, "3", "pass\u{200b}word reset", Some("en"));
    assert!(
        zero_width.title.is_some(),
        "zero-width characters do not hide words"
    );
}

#[test]
fn long_answers_are_trimmed_with_a_link_to_the_full_article() {
    let (_dir, mut engine) = engine();
    engine.config.max_text = 120;
    let reply = ask(&engine, "1", "How do I reset my password?", Some("en"));
    assert!(reply.text.chars().count() <= 120, "{}", reply.text);
    assert!(
        reply.text.contains("https://help.example.org/faq/en/"),
        "{}",
        reply.text
    );
}

#[test]
fn button_ids_round_trip_within_discords_limit() {
    for action in [
        ButtonAction::Article("group-invitation-limits".into()),
        ButtonAction::Helpful("x".into()),
        ButtonAction::NotHelpful("y".into()),
        ButtonAction::TalkToHuman,
    ] {
        assert!(action.id().len() <= 100);
        assert_eq!(ButtonAction::parse(&action.id()), Some(action));
    }
}

#[test]
fn a_question_linked_in_the_console_is_answered_next_time() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("bot.db")).expect("store");
    let question = "Can I pay for Premium by invoice?";
    store
        .record_unanswered(question, Lang::En, clock::now())
        .expect("record");
    let mod_id = store
        .upsert_member(&NewMember::new("mod@example.org", "Mod", Lang::En))
        .expect("moderator");
    let id = store.unanswered_questions(0, 1).expect("log")[0].id;
    store
        .link_unanswered(id, "moderator-support", mod_id, clock::now())
        .expect("link");
    let engine = Engine::new(
        Corpus::embedded().expect("corpus"),
        store,
        EngineConfig::default(),
    )
    .expect("engine");
    let reply = ask(&engine, "1", question, None);
    assert_eq!(article_of(&reply), Some("moderator-support"));
}

#[test]
fn a_running_engine_learns_a_question_linked_after_it_started() {
    let dir = tempfile::tempdir().expect("dir");
    let engine = Engine::new(
        Corpus::embedded().expect("corpus"),
        Store::open(&dir.path().join("bot.db")).expect("store"),
        EngineConfig::default(),
    )
    .expect("engine");
    let question = "Can I pay for Premium by invoice?";
    let before = ask(&engine, "1", question, None);
    assert_eq!(article_of(&before), None, "not in the FAQ yet");
    assert!(
        !engine.refresh_links().expect("refresh"),
        "nothing linked yet"
    );

    // The console, another connection, links the logged question.
    let mut console = Store::open(&dir.path().join("bot.db")).expect("store");
    let moderator = console
        .upsert_member(&NewMember::new("mod@example.org", "Mod", Lang::En))
        .expect("moderator");
    let id = console.unanswered_questions(0, 1).expect("log")[0].id;
    console
        .link_unanswered(id, "moderator-support", moderator, clock::now())
        .expect("link");

    assert!(engine.refresh_links().expect("refresh"), "the link is seen");
    assert!(
        !engine.refresh_links().expect("refresh"),
        "and rebuilt only once"
    );
    let after = ask(&engine, "2", question, None);
    assert_eq!(article_of(&after), Some("moderator-support"));
}

#[test]
fn sessions_are_bounded_in_number_and_transcripts_in_length() {
    let dir = tempfile::tempdir().expect("dir");
    let engine = Engine::new(
        Corpus::embedded().expect("corpus"),
        Store::open(&dir.path().join("bot.db")).expect("store"),
        EngineConfig {
            max_sessions: 3,
            max_transcript: 4,
            rate_limit: 100,
            ..EngineConfig::default()
        },
    )
    .expect("engine");
    for user in ["a", "b", "c", "d", "e"] {
        ask(&engine, user, "How do I reset my password?", Some("en"));
    }
    assert_eq!(engine.session_count(), 3, "the stalest sessions went");
    for _ in 0..10 {
        ask(&engine, "e", "How do I reset my password?", Some("en"));
    }
    assert_eq!(engine.transcript_len("e"), 4);
}

#[test]
fn an_expired_session_starts_afresh() {
    let mut sessions = Sessions {
        map: HashMap::new(),
        max: 10,
        ttl: Duration::from_secs(60),
    };
    let start = Instant::now();
    sessions
        .touch("a", start)
        .note(TicketAuthor::Member, "hello", 10);
    let later = sessions.touch("a", start + Duration::from_secs(59));
    assert_eq!(later.transcript.len(), 1, "within the TTL it is kept");
    let expired = sessions.touch("a", start + Duration::from_secs(59 + 61));
    assert!(
        expired.transcript.is_empty(),
        "after the TTL it starts afresh"
    );
}

#[test]
fn button_ids_round_trip_and_bad_ratings_are_refused() {
    for action in [
        ButtonAction::NewQuestion,
        ButtonAction::Rate(TicketId(12), 5),
        ButtonAction::TalkToHuman,
    ] {
        assert_eq!(ButtonAction::parse(&action.id()), Some(action));
    }
    assert_eq!(ButtonAction::parse("rate:12:6"), None);
    assert_eq!(ButtonAction::parse("rate:x:3"), None);
}

#[test]
fn new_question_words_leave_the_ticket_and_keep_the_rest() {
    assert_eq!(
        new_question("New question: how do I log in?").as_deref(),
        Some("how do I log in?")
    );
    assert_eq!(new_question("neue Frage").as_deref(), Some(""));
    assert_eq!(new_question("I have a new question"), None);
    // Letters whose lower case is shorter or longer than they are keep
    // the rest of the question whole.
    assert_eq!(
        new_question("Neue Frage: Wo ist die GROẞE Liste der STRAẞEN und MAẞE?").as_deref(),
        Some("Wo ist die GROẞE Liste der STRAẞEN und MAẞE?")
    );
    assert_eq!(
        new_question("NEW QUESTION: İstanbul group?").as_deref(),
        Some("İstanbul group?")
    );
}

#[test]
fn a_direct_message_joins_the_open_ticket_and_a_mention_does_not() {
    let (_dir, engine) = engine();
    engine
        .press("77", Some("de"), &ButtonAction::TalkToHuman)
        .expect("ticket");
    let dm = engine
        .handle(&Incoming {
            user: "77".into(),
            text: "Noch eine Sache".into(),
            locale: None,
            channel: ChannelKind::Direct,
            from_bot: false,
            attachments: Vec::new(),
        })
        .expect("handle")
        .expect("reply");
    assert!(dm.text.contains("Ticket #1"), "{}", dm.text);
    let mention = ask(&engine, "77", "How do I reset my password?", None);
    assert_eq!(article_of(&mention), Some("login-password-reset"));
    let messages = engine
        .store()
        .expect("store")
        .ticket_messages(TicketId(1))
        .expect("m");
    assert_eq!(
        messages.last().map(|m| m.body.as_str()),
        Some("Noch eine Sache")
    );
}

#[test]
fn greetings_and_thanks_get_a_reply_of_their_own_not_an_article() {
    let (_dir, engine) = engine();
    let l = engine.localizer();
    let hi = ask(&engine, "1", "hi 👋", None);
    assert_eq!(hi.text, l.text(Lang::En, "bot-greeting"));
    assert_eq!(article_of(&hi), None);
    let moin = ask(&engine, "2", "Moin moin!", None);
    assert_eq!(moin.text, l.text(Lang::De, "bot-greeting"));
    let danke = ask(&engine, "2", "danke, hat geklappt", None);
    assert_eq!(danke.text, l.text(Lang::De, "bot-you-are-welcome"));
    assert!(danke.buttons.is_empty());
    let unanswered = engine
        .store()
        .expect("store")
        .unanswered_questions(0, 10)
        .expect("log");
    assert!(unanswered.is_empty(), "{unanswered:?}");
    // A greeting with a question is a question.
    let question = ask(&engine, "3", "hi, how do I reset my password", None);
    assert_eq!(article_of(&question), Some("login-password-reset"));
}

#[test]
fn asking_for_a_person_in_words_opens_a_ticket() {
    let (_dir, engine) = engine();
    ask(
        &engine,
        "111",
        "Kann ich Premium per Rechnung zahlen?",
        None,
    );
    let reply = ask(&engine, "111", "ich will mit einem Menschen sprechen", None);
    let (ticket, messages) = only_ticket(&engine);
    assert_eq!(reply.lang, Lang::De);
    assert!(
        reply.text.contains(&format!("#{}", ticket.id)),
        "{}",
        reply.text
    );
    assert_eq!(messages[0].body, "Kann ich Premium per Rechnung zahlen?");
}

#[test]
fn that_did_not_help_offers_the_other_articles_and_a_person() {
    let (_dir, engine) = engine();
    let first = ask(&engine, "1", "My Gmail contacts won't sync", None);
    let shown = article_of(&first).expect("an article").to_string();
    let reply = ask(&engine, "1", "that didn't help", None);
    assert_eq!(
        reply.text,
        engine
            .localizer()
            .text(Lang::En, "bot-not-helpful-alternatives")
    );
    assert!(reply.title.is_none());
    assert_eq!(
        reply.buttons.last().map(|b| &b.action),
        Some(&ButtonAction::TalkToHuman)
    );
    assert!(
        reply
            .buttons
            .iter()
            .all(|b| b.action != ButtonAction::Article(shown.clone())),
        "{reply:?}"
    );
    assert_eq!(
        engine
            .store()
            .expect("store")
            .feedback(&shown)
            .expect("feedback"),
        (0, 1)
    );
    // With nothing asked before, there is nothing to offer but a person.
    let alone = ask(&engine, "2", "hilft mir nicht", None);
    assert_eq!(
        alone.text,
        engine
            .localizer()
            .text(Lang::De, "bot-not-helpful-no-context")
    );
    assert_eq!(alone.buttons.len(), 1);
}

#[test]
fn the_browse_menu_takes_topics_from_the_corpus() {
    let (_dir, engine) = engine();
    let topics = engine.topics(Lang::De);
    assert_eq!(topics[0], ("login".to_string(), "Anmelden".to_string()));
    assert!(
        engine
            .articles_in("sync", Lang::En)
            .iter()
            .any(|(id, _)| id == "invite-address-book-search")
    );
    assert!(engine.articles_in("no-such-topic", Lang::En).is_empty());
}

#[test]
fn asking_for_a_person_is_never_swallowed_by_the_rate_limit() {
    let (_dir, engine) = engine();
    for _ in 0..5 {
        ask(&engine, "111", "What is the referral bonus?", Some("en"));
    }
    // Questions are still slowed...
    let sixth = ask(&engine, "111", "What is the referral bonus?", Some("en"));
    assert!(
        sixth.text.contains("faster than I can read"),
        "{}",
        sixth.text
    );
    // ...but a request for a person, as a mention and as a DM, gets through.
    let reply = ask(&engine, "111", "talk to a human", Some("en"));
    let (ticket, _) = only_ticket(&engine);
    assert!(
        reply.text.contains(&format!("#{}", ticket.id)),
        "{}",
        reply.text
    );
    for _ in 0..6 {
        ask(&engine, "112", "What is the referral bonus?", Some("en"));
    }
    let dm = engine
        .handle(&Incoming {
            user: "112".into(),
            text: "talk to a human".into(),
            locale: Some("en".into()),
            channel: ChannelKind::Direct,
            from_bot: false,
            attachments: Vec::new(),
        })
        .expect("handle")
        .expect("a reply");
    assert!(dm.text.contains("ticket #"), "{}", dm.text);
}

#[test]
fn a_member_without_discord_hands_over_by_desk_id_and_the_terminal_cannot() {
    let (_dir, engine) = engine();
    let ben = engine
        .store()
        .expect("store")
        .upsert_member(&NewMember::new("ben@example.org", "Ben Kurz", Lang::En))
        .expect("ben");
    let user = format!("{MEMBER_USER_PREFIX}{ben}");
    let reply = engine
        .press(&user, Some("en"), &ButtonAction::TalkToHuman)
        .expect("press");
    assert!(reply.text.contains("by e-mail"), "{}", reply.text);
    let (ticket, _) = only_ticket(&engine);
    assert_eq!(ticket.requester, user);
    let anonymous = engine
        .press(
            crate::chat::TERMINAL_USER,
            Some("en"),
            &ButtonAction::TalkToHuman,
        )
        .expect("press");
    assert!(anonymous.text.contains("no ticket"), "{}", anonymous.text);
    only_ticket(&engine);
}

#[test]
fn a_known_member_gets_a_ticket_in_their_own_language_a_stranger_one_in_their_words() {
    let (_dir, engine) = engine();
    // Anna (German on her record, Discord 111) asks in English.
    let reply = ask(&engine, "111", "talk to a human", None);
    let (ticket, _) = only_ticket(&engine);
    assert_eq!(
        ticket.lang,
        Lang::De,
        "the member's language, not the text's"
    );
    assert_eq!(reply.lang, Lang::De, "told in the ticket's language");
    assert!(reply.text.contains("Ticket #"), "{}", reply.text);
    // Someone the desk does not know gets the language of their words.
    let english = ask(&engine, "999", "talk to a human", None);
    let german = ask(&engine, "998", "ich will mit einem Menschen sprechen", None);
    let store = engine.store().expect("store");
    let lang_of = |requester: &str| {
        store
            .tickets(0, 10)
            .expect("tickets")
            .into_iter()
            .find(|t| t.requester == requester)
            .map(|t| t.lang)
    };
    assert_eq!(lang_of("discord:999"), Some(Lang::En), "{}", english.text);
    assert_eq!(lang_of("discord:998"), Some(Lang::De), "{}", german.text);
}

#[test]
fn a_desk_failure_is_named_with_the_database_for_the_log() {
    let damaged = rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
        Some("database disk image is malformed".into()),
    );
    let e = EngineError::Desk(desk::DeskError::from(damaged));
    assert_eq!(
        e.in_file(Path::new("/var/lib/helpdesk/helpdesk.db"))
            .to_string(),
        "/var/lib/helpdesk/helpdesk.db: the database is damaged"
    );
}

fn dm(engine: &Engine, user: &str, text: &str) -> Reply {
    engine
        .handle(&Incoming {
            user: user.into(),
            text: text.into(),
            locale: None,
            channel: ChannelKind::Direct,
            from_bot: false,
            attachments: Vec::new(),
        })
        .expect("handle")
        .expect("a reply")
}

#[test]
fn a_long_follow_up_reaches_the_team_whole_with_its_line_breaks() {
    let (_dir, engine) = engine();
    engine
        .press("78", Some("de"), &ButtonAction::TalkToHuman)
        .expect("ticket");
    let steps: Vec<String> = (1..=20)
        .map(|n| {
            format!(
                "{n}. Ich öffne die App, tippe auf „Kontakte“ und sehe nur 🔄 – nichts passiert."
            )
        })
        .collect();
    let text = steps.join("\n");
    assert!(text.chars().count() > 1500);
    let reply = dm(&engine, "78", &format!("\u{200b}{text}\n"));
    assert!(reply.text.contains("Ticket #1"), "{}", reply.text);
    let (_, messages) = only_ticket(&engine);
    assert_eq!(
        messages.last().map(|m| m.body.as_str()),
        Some(text.as_str())
    );
}

/// A moderator of a group, who may sign replies.
fn moderator(engine: &Engine) -> desk::MemberId {
    use desk::store::community::NewGroup;
    let mut store = engine.store().expect("store");
    let mia = store
        .upsert_member(&NewMember::new("mia@example.org", "Mia", Lang::En))
        .expect("mia");
    let group = store
        .upsert_group(&NewGroup {
            name: "Support".into(),
            description: String::new(),
            kind: desk::GroupKind::Regional,
        })
        .expect("group");
    store
        .set_role(group, mia, desk::Role::Moderator)
        .expect("role");
    mia
}

#[test]
fn a_member_who_left_the_ticket_is_back_in_it_once_the_team_writes() {
    let (_dir, engine) = engine();
    let mia = moderator(&engine);
    engine
        .press("79", Some("de"), &ButtonAction::TalkToHuman)
        .expect("ticket");
    engine
        .press("79", Some("de"), &ButtonAction::NewQuestion)
        .expect("new question");
    let faq = dm(&engine, "79", "Wie setze ich mein Passwort zurück?");
    assert_eq!(article_of(&faq), Some("login-password-reset"));
    let (ticket, before) = only_ticket(&engine);
    // The team answers the ticket later; the reply's footer says that
    // writing back reaches the same ticket.
    engine
        .store()
        .expect("store")
        .reply_to_ticket(
            ticket.id,
            mia,
            "Haben Sie die App neu gestartet?",
            clock::now(),
        )
        .expect("reply");
    let back = dm(&engine, "79", "Ja, zweimal, leider ohne Erfolg.");
    assert!(back.text.contains("Ticket #1"), "{}", back.text);
    let (_, after) = only_ticket(&engine);
    assert_eq!(
        after.len(),
        before.len() + 2,
        "the reply and the answer to it"
    );
    assert_eq!(
        after.last().map(|m| m.body.as_str()),
        Some("Ja, zweimal, leider ohne Erfolg.")
    );
}

#[test]
fn a_file_without_words_joins_the_ticket_and_without_a_ticket_gets_the_hint() {
    let (_dir, engine) = engine();
    let file = |user: &str| Incoming {
        user: user.into(),
        text: " \u{200b}".into(),
        locale: None,
        channel: ChannelKind::Direct,
        from_bot: false,
        attachments: vec![desk::store::MemberFile {
            filename: "Fehler_ü.png".into(),
            content_type: Some("image/png".into()),
            size: 4,
            url: "https://cdn.discordapp.com/attachments/1/2/Fehler_ü.png".into(),
            content: desk::store::FileContent::Kept(b"\x89PNG".to_vec()),
        }],
    };
    let alone = engine.handle(&file("80")).expect("handle").expect("reply");
    assert_eq!(alone.text, engine.localizer().text(Lang::En, "bot-empty"));
    engine
        .press("80", Some("de"), &ButtonAction::TalkToHuman)
        .expect("ticket");
    let joined = engine.handle(&file("80")).expect("handle").expect("reply");
    assert!(joined.text.contains("Ticket #1"), "{}", joined.text);
    let (_, messages) = only_ticket(&engine);
    assert_eq!(
        messages.last().map(|m| m.body.as_str()),
        Some("https://cdn.discordapp.com/attachments/1/2/Fehler_ü.png")
    );
    let files = &messages.last().expect("message").files;
    assert_eq!(files.len(), 1, "the file itself is kept with the message");
    assert_eq!(files[0].filename, "Fehler_ü.png");
}

#[test]
fn a_member_writing_to_the_team_in_many_quick_messages_is_heard_in_full() {
    let (_dir, engine) = engine();
    engine
        .press("81", Some("de"), &ButtonAction::TalkToHuman)
        .expect("ticket");
    let lines = [
        "Hallo",
        "ich komme immer noch nicht rein",
        "das Passwort habe ich schon zurückgesetzt",
        "die App sagt „Fehler 403“",
        "auf dem Handy und am PC",
        "was kann ich noch tun? 🙁",
        "danke!",
    ];
    for line in lines {
        let reply = dm(&engine, "81", line);
        assert!(reply.text.contains("Ticket #1"), "{line}: {}", reply.text);
    }
    let (_, messages) = only_ticket(&engine);
    let bodies: Vec<&str> = messages.iter().map(|m| m.body.as_str()).collect();
    assert!(bodies.ends_with(&lines), "{bodies:?}");
    // Questions to the FAQ are still limited, ticket or not.
    for _ in 0..5 {
        ask(&engine, "81", "Wie setze ich mein Passwort zurück?", None);
    }
    let limited = ask(&engine, "81", "Wie setze ich mein Passwort zurück?", None);
    assert_eq!(
        limited.text,
        engine.localizer().text(Lang::De, "bot-rate-limited")
    );
}

#[test]
fn asking_for_a_person_again_adds_nothing_the_ticket_already_has() {
    let (_dir, engine) = engine();
    ask(
        &engine,
        "82",
        "Meine Kontakte aus Outlook fehlen nach dem Import",
        None,
    );
    engine
        .press("82", Some("de"), &ButtonAction::TalkToHuman)
        .expect("ticket");
    dm(&engine, "82", "Gibt es schon Neuigkeiten?");
    // `/ticket` again, or the button under an older answer.
    let again = engine
        .press("82", Some("de"), &ButtonAction::TalkToHuman)
        .expect("same ticket");
    assert!(again.text.contains("Ticket #1"), "{}", again.text);
    let (_, messages) = only_ticket(&engine);
    let news = messages
        .iter()
        .filter(|m| m.body.contains("Gibt es schon Neuigkeiten?"))
        .count();
    let first = messages
        .iter()
        .filter(|m| m.body.contains("Outlook fehlen"))
        .count();
    assert_eq!((first, news), (1, 1), "{messages:?}");
}

#[test]
fn a_handover_the_database_refused_keeps_the_conversation_for_the_next_try() {
    let (dir, engine) = engine();
    engine
        .store()
        .expect("store")
        .set_busy_timeout(std::time::Duration::from_millis(100))
        .expect("patience");
    ask(&engine, "111", "how do I reset my password", Some("en"));
    // Another program writes: the ticket cannot be opened now.
    let holder = rusqlite::Connection::open(dir.path().join("bot.db")).expect("database");
    holder.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    let refused = engine.handle(&Incoming {
        user: "111".into(),
        text: "talk to a human".into(),
        locale: Some("en".into()),
        channel: ChannelKind::Mention,
        from_bot: false,
        attachments: Vec::new(),
    });
    assert!(refused.is_err(), "{refused:?}");
    holder.execute_batch("ROLLBACK").expect("released");
    ask(&engine, "111", "talk to a human", Some("en"));
    let (_, messages) = only_ticket(&engine);
    assert!(
        messages
            .iter()
            .any(|m| m.body.contains("reset my password")),
        "the question before the refused handover is lost: {messages:?}"
    );
}
