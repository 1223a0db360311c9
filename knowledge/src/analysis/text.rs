//! Splitting raw text into folded words, the first step of every analysis.

use locales::Lang;
use locales::fold::{fold_umlaut_spellings, is_invisible, push_folded};

/// Words longer than this are not words (base64, URLs, key mashing): skipped.
pub const MAX_WORD_CHARS: usize = 40;

/// A folded word and where it stood in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lowercased, without accents; German also folds `ae/oe/ue`.
    pub text: String,
    /// Byte offset of the first character in the original text.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

/// Folds a single word (or phrase) the way [`words`] does.
pub fn fold(lang: Lang, text: &str) -> String {
    words(lang, text)
        .into_iter()
        .map(|w| w.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The folded words of `text`, at most `limit` of them.
pub fn words_limited(lang: Lang, text: &str, limit: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars_in_word = 0;
    let mut start = 0;
    let mut end = 0;
    let finish = |current: &mut String, chars: usize, start: usize, end: usize| {
        let word = (!current.is_empty() && chars <= MAX_WORD_CHARS).then(|| Word {
            text: match lang {
                Lang::De => fold_umlaut_spellings(current),
                Lang::En => current.clone(),
            },
            start,
            end,
        });
        current.clear();
        word
    };
    for (i, c) in text.char_indices() {
        if is_invisible(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
                chars_in_word = 0;
            }
            push_folded(&mut current, c);
            chars_in_word += 1;
            end = i + c.len_utf8();
        } else {
            out.extend(finish(&mut current, chars_in_word, start, end));
            if out.len() >= limit {
                return out;
            }
        }
    }
    out.extend(finish(&mut current, chars_in_word, start, end));
    out.truncate(limit);
    out
}

/// All folded words of `text`.
pub fn words(lang: Lang, text: &str) -> Vec<Word> {
    words_limited(lang, text, usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lang: Lang, s: &str) -> Vec<String> {
        words(lang, s).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn folds_umlauts_and_their_spellings_alike() {
        assert_eq!(texts(Lang::De, "für fuer fur"), ["fur", "fur", "fur"]);
        assert_eq!(texts(Lang::De, "Größe Groesse"), ["grosse", "grosse"]);
        assert_eq!(texts(Lang::En, "Café naïve"), ["cafe", "naive"]);
    }

    #[test]
    fn invisible_characters_do_not_split_words() {
        assert_eq!(texts(Lang::En, "pass\u{200b}word\u{feff}"), ["password"]);
        assert_eq!(texts(Lang::De, "Ein\u{200e}ladung\u{2063}"), ["einladung"]);
    }

    #[test]
    fn full_width_letters_are_the_plain_word() {
        assert_eq!(
            texts(Lang::En, "Ｐａｓｓｗｏｒｄ　ｒｅｓｅｔ！"),
            ["password", "reset"]
        );
    }

    #[test]
    fn punctuation_and_query_syntax_split_words() {
        assert_eq!(
            texts(Lang::En, "(sign) \"in\": ^2 -x* ~y [a] {b} \\c"),
            ["sign", "in", "2", "x", "y", "a", "b", "c"]
        );
    }

    #[test]
    fn keeps_offsets_into_the_original() {
        let text = "Wie oft für Gruppen?";
        let w = words(Lang::De, text);
        assert_eq!(&text[w[2].start..w[2].end], "für");
        assert_eq!(&text[w[3].start..w[3].end], "Gruppen");
    }

    #[test]
    fn skips_overlong_words_and_honours_the_limit() {
        let long = "x".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(texts(Lang::En, &format!("a {long} b")), ["a", "b"]);
        assert_eq!(words_limited(Lang::En, "a b c d", 2).len(), 2);
    }
}
