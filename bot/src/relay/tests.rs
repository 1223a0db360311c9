use super::*;

#[test]
fn pieces_keep_every_character_and_stay_within_the_limit() {
    for text in [
        "ä".repeat(10_000),
        "🔄".repeat(9_000),
        "Grüße aus Köln 👋 ".repeat(700),
        format!("{}\n{}", "x".repeat(3_000), "ü".repeat(3_000)),
    ] {
        let pieces = pieces(&text, 4096);
        assert!(pieces.len() > 1);
        assert!(pieces.iter().all(|p| p.chars().count() <= 4096));
        assert!(pieces.iter().all(|p| !p.is_empty()));
        assert_eq!(pieces.concat(), text);
    }
}

#[test]
fn pieces_are_cut_after_a_line_break_or_a_space_when_there_is_one() {
    let text = format!("{}\n{}", "x".repeat(3_000), "ü".repeat(3_000));
    assert_eq!(pieces(&text, 4096)[0], format!("{}\n", "x".repeat(3_000)));
    let words = "Grüße aus Köln 👋 ".repeat(700);
    let pieces = pieces(&words, 4096);
    for piece in &pieces {
        assert!(!piece.starts_with(' '), "{piece:?}");
        assert!(piece.ends_with(' '), "cut inside a word: {piece:?}");
    }
}

#[test]
fn a_short_text_is_one_piece_and_an_empty_one_too() {
    assert_eq!(pieces("Danke 🙂", 4096), ["Danke 🙂"]);
    assert_eq!(pieces("", 4096), [""]);
}

/// A reply in three pieces, by a moderator whose name fills the title.
fn long_reply() -> Delivery {
    Delivery {
        id: 7,
        ticket: TicketId(42),
        kind: DeliveryKind::Reply,
        discord_user: "601".into(),
        lang: Lang::De,
        author: "M".repeat(300),
        body: "Grüße aus Köln 👋 ".repeat(700),
        attempts: 0,
        pieces_sent: 0,
        tried: false,
        unconfirmed: false,
    }
}

#[test]
fn a_resumed_piece_is_headed_as_continued_in_the_members_language_within_the_limits() {
    let l = Localizer::embedded().expect("locales");
    let embed = |dm: &Dm| {
        let json = serde_json::to_value(&dm.message).expect("json");
        json["embeds"][0].clone()
    };
    let chars = |v: &serde_json::Value| v.as_str().map_or(0, |s| s.chars().count());
    let fresh = render(&l, &long_reply(), 0);
    assert_eq!(fresh.len(), 3);
    assert!(
        embed(&fresh[1])["title"].is_null(),
        "a piece in a row has none"
    );
    let resumed = render(&l, &long_reply(), 1);
    assert_eq!(
        embed(&resumed[1])["title"],
        "(Fortsetzung: Antwort auf Ticket #42)"
    );
    assert!(embed(&resumed[2])["title"].is_null());
    let english = Delivery {
        lang: Lang::En,
        ..long_reply()
    };
    assert_eq!(
        embed(&render(&l, &english, 2)[2])["title"],
        "(continued: reply to ticket #42)"
    );
    for dm in fresh.iter().chain(&resumed) {
        let embed = embed(dm);
        assert!(chars(&embed["title"]) <= EMBED_TITLE);
        assert!(chars(&embed["description"]) <= EMBED_DESCRIPTION);
        let total =
            chars(&embed["title"]) + chars(&embed["description"]) + chars(&embed["footer"]["text"]);
        assert!(total <= 6000, "{total}");
    }
    // The words are the same either way: a piece is found again by them.
    for (a, b) in fresh.iter().zip(&resumed) {
        assert_eq!(a.description, b.description);
        assert_eq!(embed(a)["description"], embed(b)["description"]);
    }
}

#[test]
fn a_previous_delivery_that_cannot_be_read_stops_the_search_instead_of_widening_it() {
    assert_eq!(search_from::<String>(Ok(None)), Ok(None));
    assert_eq!(
        search_from::<String>(Ok(Some("1234".into()))),
        Ok(Some(1234))
    );
    assert_eq!(search_from::<String>(Ok(Some("0".into()))), Ok(None));
    assert!(search_from::<String>(Err("database is locked".into())).is_err());
}

/// A bot message in a DM as Discord lists it, with one embed.
fn listed(content: &str, title: Option<&str>, description: &str) -> Message {
    let value = serde_json::json!({
        "id": "900",
        "channel_id": "77",
        "author": {"id": "1", "username": "helpdesk", "discriminator": "0",
                   "global_name": null, "avatar": null, "bot": true},
        "content": content,
        "timestamp": "2026-11-25T10:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [{"type": "rich", "title": title, "description": description}],
        "pinned": false,
        "type": 0,
    });
    serde_json::from_value(value).expect("a message serenity reads")
}

/// `message` as Discord lists a reply to the member's message 5: type 19,
/// with its reference (as the fake Discord lists the bot's FAQ answers).
fn quoting(message: Message) -> Message {
    let mut value = serde_json::to_value(&message).expect("json");
    value["type"] = serde_json::json!(19);
    value["message_reference"] = serde_json::json!({"message_id": "5", "channel_id": "77"});
    serde_json::from_value(value).expect("a reply serenity reads")
}

#[test]
fn a_piece_listed_without_white_space_at_its_ends_is_still_found() {
    let dm = Dm {
        message: CreateMessage::new(),
        content: None,
        description: Some("Erster Teil der Antwort, bis hier\n".into()),
        title: Some("Antwort auf Ticket #4 ".into()),
    };
    assert!(dm.is(&listed(
        "",
        Some("Antwort auf Ticket #4"),
        "Erster Teil der Antwort, bis hier"
    )));
    assert!(dm.is(&listed(
        "",
        Some("Antwort auf Ticket #4 "),
        "Erster Teil der Antwort, bis hier\n"
    )));
    // A piece cut before an indented line, given back trimmed.
    let indented = Dm {
        message: CreateMessage::new(),
        content: None,
        description: Some("\n    2. Schritt: neu anmelden\n".into()),
        title: None,
    };
    assert!(indented.is(&listed("", None, "2. Schritt: neu anmelden")));
    // An FAQ answer in the same words quotes the member's question.
    let answer = quoting(listed(
        "",
        Some("Antwort auf Ticket #4"),
        "Erster Teil der Antwort, bis hier",
    ));
    assert!(!dm.is(&answer));
    // Other words are another message.
    assert!(!dm.is(&listed(
        "",
        Some("Antwort auf Ticket #4"),
        "Erster Teil der Antwort, bis dort"
    )));
}

/// `message` with the snowflake `id`.
fn numbered(message: Message, id: u64) -> Message {
    let mut value = serde_json::to_value(&message).expect("json");
    value["id"] = serde_json::json!(id.to_string());
    serde_json::from_value(value).expect("a message serenity reads")
}

/// A piece of a reply without a title, as the relay renders it.
fn piece(words: &str) -> Dm {
    Dm {
        message: CreateMessage::new(),
        content: None,
        description: Some(words.into()),
        title: None,
    }
}

#[test]
fn every_piece_in_a_row_is_found_in_one_look_each_after_the_one_before() {
    let dms = [
        piece("Teil eins "),
        piece("Teil zwei "),
        piece("Teil drei "),
        piece("Teil vier"),
    ];
    let shown = |id: u64, words: &str| numbered(listed("", None, words), id);
    // Newest first, as Discord lists them; the member wrote in between.
    let recent = [
        shown(14, "Teil drei"),
        shown(13, "Danke!"),
        shown(12, "Teil zwei"),
        shown(11, "Teil eins"),
        shown(10, "Teil vier"),
    ];
    let ids = |found: Vec<MessageId>| found.into_iter().map(MessageId::get).collect::<Vec<_>>();
    // Pieces 2 to 4 not recorded: the second and third are there, in order;
    // the fourth, before them, is an older message, not this send's.
    assert_eq!(ids(already_there(&dms, 1, &recent, None)), [12, 14]);
    assert_eq!(ids(already_there(&dms, 0, &recent, None)), [11, 12, 14]);
    // Only what came after the previous delivery counts.
    assert_eq!(
        ids(already_there(&dms, 0, &recent, Some(11))),
        Vec::<u64>::new()
    );
    assert_eq!(ids(already_there(&dms, 1, &recent, Some(11))), [12, 14]);
    // The row ends at a piece listed before the one it follows.
    let swapped = [
        shown(12, "Teil zwei"),
        shown(11, "Teil drei"),
        shown(10, "Teil eins"),
    ];
    assert_eq!(ids(already_there(&dms, 0, &swapped, None)), [10, 12]);
    // A message quoting another never passes for a piece.
    let quoted = [quoting(shown(12, "Teil zwei")), shown(11, "Teil eins")];
    assert_eq!(ids(already_there(&dms, 0, &quoted, None)), [11]);
    // Nothing left to look for.
    assert_eq!(
        ids(already_there(&dms, 4, &recent, None)),
        Vec::<u64>::new()
    );
}

#[test]
fn the_members_own_copy_of_a_notice_is_not_the_notice() {
    let notice = Dm {
        message: CreateMessage::new(),
        content: Some("Ticket #4 ist geschlossen. Wie war unsere Hilfe?".into()),
        description: None,
        title: None,
    };
    let as_sent = |bot: bool| {
        let mut value = serde_json::to_value(listed("", None, "")).expect("json");
        value["content"] = serde_json::json!("Ticket #4 ist geschlossen. Wie war unsere Hilfe?");
        value["embeds"] = serde_json::json!([]);
        value["author"]["bot"] = serde_json::json!(bot);
        serde_json::from_value::<Message>(value).expect("a message serenity reads")
    };
    assert!(notice.is(&as_sent(true)));
    // The member pasted the words back: the notice is still to be sent.
    assert!(!notice.is(&as_sent(false)));
    assert!(already_there(std::slice::from_ref(&notice), 0, &[as_sent(false)], None).is_empty());
}
