//! Property tests for the bot engine on Discord message text: whatever a
//! member types (or pastes), in DMs, mentions or commands, with any locale,
//! the engine answers or stays quiet without an error or a panic, and its
//! reply fits in a Discord message. Case counts are bounded (seconds in CI).

use bot::{ChannelKind, Engine, EngineConfig, Incoming};
use desk::Store;
use knowledge::Corpus;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use std::time::Duration;

fn message_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(<@!?[0-9]{1,20}> ?)?[a-zA-ZäöüÄÖÜß ?!.,\"*_~`|>#@:()-]{0,300}",
        proptest::collection::vec(
            prop_oneof![
                Just("<@1234>"),
                Just("and in German?"),
                Just("und auf Englisch?"),
                Just("what about Gmail?"),
                Just("talk to a human"),
                Just("how many more do I need?"),
                Just("Passwort vergessen"),
                Just("```"),
                Just("@everyone"),
                Just("\u{200b}"),
                Just("\n"),
            ],
            0..12
        )
        .prop_map(|words| words.join(" ")),
        // A wall of text, far over Discord's limits.
        "[a-z ]{2000,6000}",
    ]
}

fn incoming() -> impl Strategy<Value = Incoming> {
    (
        "[0-9]{1,4}",
        message_text(),
        prop_oneof![
            Just(None),
            Just(Some("de".to_string())),
            Just(Some("en-US".to_string())),
            "[a-zA-Z_-]{0,8}".prop_map(Some),
        ],
        prop_oneof![
            Just(ChannelKind::Direct),
            Just(ChannelKind::Mention),
            Just(ChannelKind::Command)
        ],
        any::<bool>(),
    )
        .prop_map(|(user, text, locale, channel, from_bot)| Incoming {
            user,
            text,
            locale,
            channel,
            from_bot,
            attachments: Vec::new(),
        })
}

#[test]
fn any_message_gets_a_reply_that_fits_or_none() {
    let dir = tempfile::tempdir().expect("dir");
    let config = EngineConfig {
        // The rate limit is tested on its own; here every message is read.
        rate_limit: usize::MAX,
        rate_window: Duration::from_secs(60),
        ..EngineConfig::default()
    };
    let max_text = config.max_text;
    let engine = std::cell::RefCell::new(
        Engine::new(
            Corpus::embedded().expect("corpus"),
            Store::open(&dir.path().join("bot.db")).expect("store"),
            config,
        )
        .expect("engine"),
    );
    let mut runner = TestRunner::new(ProptestConfig::with_cases(192));
    let outcome = runner.run(&incoming(), |message| {
        let reply = engine.borrow_mut().handle(&message);
        let reply = match reply {
            Ok(reply) => reply,
            Err(e) => {
                prop_assert!(false, "{e}");
                None
            }
        };
        if message.from_bot {
            prop_assert!(reply.is_none(), "a bot was answered");
        }
        if let Some(reply) = reply {
            prop_assert!(
                reply.text.chars().count() <= max_text,
                "{} characters",
                reply.text.chars().count()
            );
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
