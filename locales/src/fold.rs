//! Folding letters so that spellings of one word meet: case, accents, `ß`
//! and the German `ae/oe/ue` for umlauts. The FAQ analysis, the mass-mail
//! fingerprints and the member search all fold through here, so a word a
//! member types is the same word everywhere.

/// Characters that show as nothing: zero-width space and joiners, direction
/// marks, the word joiner and invisible operators, the byte-order mark and
/// the soft hyphen. Pasted text carries them (web pages put them into long
/// compounds as break points), and they can hide a word from matching, so
/// every reader skips them and the letters on both sides stay one word.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// `text` without its [`is_invisible`] characters, otherwise as written: what
/// is kept of a pasted address or phrasing.
pub fn visible(text: &str) -> String {
    text.chars().filter(|c| !is_invisible(*c)).collect()
}

/// Appends `c` lowercased and without diacritics (`Ä` → `a`, `ß` → `ss`);
/// full-width forms (`Ｐ`, `１`, as East Asian keyboards type them) as their
/// ASCII letter or digit; nothing for an invisible character.
pub fn push_folded(out: &mut String, c: char) {
    if is_invisible(c) {
        return;
    }
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    for lower in c.to_lowercase() {
        match lower {
            'ä' | 'á' | 'à' | 'â' | 'ã' | 'å' => out.push('a'),
            'ö' | 'ó' | 'ò' | 'ô' | 'õ' | 'ø' => out.push('o'),
            'ü' | 'ú' | 'ù' | 'û' => out.push('u'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ß' => out.push_str("ss"),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            other => out.push(other),
        }
    }
}

/// German writers without umlaut keys type `ae`, `oe`, `ue`; others drop the
/// dots. Folding all three spellings to the bare vowel makes `für`, `fuer` and
/// `fur` (and `Müller`, `Mueller`, `Muller`) the same word. Expects a word
/// already passed through [`push_folded`].
pub fn fold_umlaut_spellings(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if matches!(c, 'a' | 'o' | 'u') && chars.peek() == Some(&'e') {
            chars.next();
        }
    }
    out
}

/// A whole name or address folded for searching: every character through
/// [`push_folded`], then the umlaut spellings, so that `MÜLLER`, `Mueller`
/// and `muller` give one key. Spacing is kept as single spaces.
pub fn search_key(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for (i, part) in text.split_whitespace().enumerate() {
        if i > 0 {
            folded.push(' ');
        }
        for c in part.chars() {
            push_folded(&mut folded, c);
        }
    }
    fold_umlaut_spellings(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_and_umlaut_spellings_fold_to_one_key() {
        for name in ["MÜLLER", "Müller", "muller", "Mueller", "MUELLER"] {
            assert_eq!(search_key(name), "muller", "{name}");
        }
        assert_eq!(search_key("  José   Groß "), "jose gross");
        assert_eq!(search_key("Øre"), "ore");
    }

    #[test]
    fn visible_drops_only_what_shows_as_nothing() {
        assert_eq!(visible("Gro\u{00ad}ß \u{200b}Ａ\u{feff}"), "Groß Ａ");
    }

    #[test]
    fn full_width_and_invisible_characters_fold_to_the_plain_word() {
        assert_eq!(search_key("ＭＵＥＬＬＥＲ"), "muller");
        assert_eq!(search_key("Mül\u{200b}ler\u{feff} Ａ１"), "muller a1");
        assert_eq!(search_key("\u{00ad}"), "");
    }
}
