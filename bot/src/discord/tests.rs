use super::*;
use crate::engine::Button;

fn localizer() -> Localizer {
    Localizer::embedded().expect("embedded locales parse")
}

#[test]
fn the_token_never_prints() {
    let token = Token::new("  Bot abc.DEF-123_secret ").expect("a token");
    assert_eq!(format!("{token:?}"), "Token(***)");
    let options = BotOptions::new(token.clone());
    assert!(!format!("{options:?}").contains("secret"));
    assert_eq!(
        token.redact("GET /x failed for abc.DEF-123_secret"),
        "GET /x failed for ***"
    );
}

#[test]
fn malformed_and_missing_tokens_are_refused() {
    assert!(matches!(
        Token::new("  "),
        Err(DiscordError::MalformedToken)
    ));
    assert!(matches!(
        Token::new("two words"),
        Err(DiscordError::MalformedToken)
    ));
    assert!(matches!(
        Token::from_env_or_file(None, None),
        Err(DiscordError::NoToken)
    ));
    assert!(matches!(
        Token::from_env_or_file(Some(" ".into()), None),
        Err(DiscordError::NoToken)
    ));
}

#[test]
fn the_config_file_gives_the_token_and_names_its_bad_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("bot.toml");
    std::fs::write(&good, "# the bot\ntoken = \"from-file\"\n").expect("write");
    let token = Token::from_env_or_file(None, Some(&good)).expect("token from file");
    assert_eq!(token.redact("from-file"), "***");
    // The environment wins over the file.
    let token = Token::from_env_or_file(Some("from-env".into()), Some(&good)).expect("env");
    assert_eq!(token.redact("from-env"), "***");

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "# the bot\n\ntokn = \"x\"\n").expect("write");
    let err = Token::from_env_or_file(None, Some(&bad)).expect_err("unknown key");
    let text = err.to_string();
    assert!(text.contains("bad.toml:3:"), "{text}");

    let missing = dir.path().join("missing.toml");
    let err = Token::from_env_or_file(None, Some(&missing)).expect_err("missing file");
    assert!(err.to_string().contains("missing.toml"), "{err}");
}

#[test]
fn the_config_file_gives_the_staff_channel_and_ticket_times() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("helpdesk.toml");
    std::fs::write(
        &file,
        "db = \"helpdesk.db\"\nfaq_dir = \"faq\"\n[discord]\ntoken = \"in-section\"\n\
         staff_channel = 42\n[tickets]\nclose_after_days = 10\n[smtp]\nhost = \"mail\"\n",
    )
    .expect("write");
    let config = BotConfig::read(&file).expect("config");
    assert_eq!(config.staff_channel, Some(42));
    assert_eq!(config.token.as_deref(), Some("in-section"));
    assert_eq!(
        config.tickets,
        TicketTimes {
            close_after_days: 10,
            ..TicketTimes::default()
        }
    );

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "token = \"t\"\n\n[tickets]\nclose_after_days = 1\n").expect("write");
    let err = BotConfig::read(&bad).expect_err("warning as long as the wait");
    assert!(err.to_string().contains("bad.toml:4:"), "{err}");
    let typo = dir.path().join("typo.toml");
    std::fs::write(&typo, "[discord]\nstaf_channel = 1\n").expect("write");
    let err = BotConfig::read(&typo).expect_err("unknown key");
    assert!(err.to_string().contains("typo.toml:2:"), "{err}");
}

#[test]
fn a_refused_value_is_named_at_its_own_line_not_where_its_name_first_appears() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("helpdesk.toml");
    let line = |text: &str| {
        std::fs::write(&file, text).expect("write");
        match BotConfig::read(&file) {
            Err(DiscordError::ConfigSyntax { line, .. }) => line,
            other => panic!("{other:?}"),
        }
    };
    // The names in a comment above the values that count.
    assert_eq!(
        line("# staff_lang is explained below\n[discord]\ntoken = \"t\"\nstaff_lang = \"fr\"\n"),
        4
    );
    assert_eq!(
        line(
            "# [tickets] holds the days\n[tickets]\nclose_after_days = 10\nwarn_before_days = 12\n"
        ),
        4
    );
    assert_eq!(
        line("[tickets]\nwarn_before_days = 1\nclose_after_days = 0\n"),
        3
    );
}

#[test]
fn a_section_written_as_a_value_is_said_to_need_a_table_not_to_be_bad_toml() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (text, table) in [
        ("token = \"t\"\ntickets = 3\n", "[tickets]"),
        ("discord = \"x\"\n", "[discord]"),
    ] {
        let file = dir.path().join("helpdesk.toml");
        std::fs::write(&file, text).expect("write");
        match BotConfig::read(&file).expect_err("a value for a section") {
            DiscordError::ConfigSyntax { message, .. } => {
                assert_eq!(message.id, "toml-wrong-type-table", "{message}");
                assert!(message.to_string().starts_with(table), "{message}");
            }
            other => panic!("{other}"),
        }
    }
}

#[test]
fn the_config_file_gives_the_teams_language_and_lets_serves_keys_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("helpdesk.toml");
    std::fs::write(
        &file,
        "[discord]\ntoken = \"t\"\nstaff_lang = \"de\"\nshards = \"auto\"\n\
         api_base = \"http://127.0.0.1:9\"\n",
    )
    .expect("write");
    let config = BotConfig::read(&file).expect("config");
    assert_eq!(config.staff_lang, Some(Lang::De));

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[discord]\ntoken = \"t\"\nstaff_lang = \"fr\"\n").expect("write");
    let err = BotConfig::read(&bad).expect_err("unknown language");
    let text = err.to_string();
    assert!(
        text.contains("bad.toml:3:") && text.contains("fr"),
        "{text}"
    );
}

#[test]
fn shards_read_auto_or_a_count() {
    assert_eq!("auto".parse::<Shards>().ok(), Some(Shards::Auto));
    assert_eq!("1".parse::<Shards>().ok(), Some(Shards::One));
    assert_eq!("4".parse::<Shards>().ok(), Some(Shards::Count(4)));
    assert!("0".parse::<Shards>().is_err());
    assert!("many".parse::<Shards>().is_err());
}

#[test]
fn commands_carry_german_names_and_descriptions() {
    let json = serde_json::to_value(commands(&localizer())).expect("serializes");
    let names: Vec<&str> = json
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names, ["ask", "faq", "bonus", "ticket"]);
    for command in json.as_array().expect("a list") {
        let de_name = command["name_localizations"]["de"]
            .as_str()
            .expect("de name");
        let de_about = command["description_localizations"]["de"]
            .as_str()
            .expect("de description");
        // Discord's rules: lowercase names up to 32, descriptions up to 100.
        assert!(
            de_name.len() <= 32 && de_name == de_name.to_lowercase(),
            "{de_name}"
        );
        assert!(de_about.chars().count() <= 100, "{de_about}");
        assert!(command["description"].as_str().expect("en").chars().count() <= 100);
    }
    assert_eq!(json[0]["name_localizations"]["de"], "frage");
    assert_eq!(json[0]["options"][0]["required"], true);
}

#[test]
fn replies_stay_within_discords_limits() {
    let l = localizer();
    let long = "word ".repeat(2000);
    let reply = Reply {
        lang: Lang::En,
        title: Some("t".repeat(400)),
        text: long.clone(),
        see_also: vec!["s".repeat(700), "s".repeat(700)],
        buttons: (0..30)
            .map(|i| Button {
                label: "b".repeat(120),
                action: ButtonAction::Article(format!("article-{i}")),
            })
            .collect(),
        ephemeral: false,
    };
    let json = serde_json::to_value(Outgoing::from_reply(&reply, &l).message()).expect("json");
    let embed = &json["embeds"][0];
    assert_eq!(embed["title"].as_str().expect("title").chars().count(), 256);
    assert!(embed["description"].as_str().expect("text").chars().count() <= 4096);
    let field = embed["fields"][0]["value"].as_str().expect("see also");
    assert_eq!(field.chars().count(), 1024);
    let rows = json["components"].as_array().expect("rows");
    assert_eq!(rows.len(), 5);
    for row in rows {
        let buttons = row["components"].as_array().expect("buttons");
        assert!(buttons.len() <= 5);
        for b in buttons {
            assert_eq!(b["label"].as_str().expect("label").chars().count(), 80);
        }
    }

    let plain = Reply {
        title: None,
        text: "x".repeat(2500),
        see_also: Vec::new(),
        buttons: Vec::new(),
        ..reply
    };
    let json = serde_json::to_value(Outgoing::from_reply(&plain, &l).message()).expect("json");
    assert_eq!(
        json["content"].as_str().expect("content").chars().count(),
        2000
    );
}
