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
