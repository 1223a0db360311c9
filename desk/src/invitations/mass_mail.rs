//! Telling a personal invitation from mass mail: near-duplicate texts (word
//! shingles) and spam or MLM marker phrases.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// How many consecutive words make one shingle.
const SHINGLE_WORDS: usize = 3;

/// The words of a text, lower-cased and folded (`ä` → `a`, `ß` → `ss`), so that
/// small edits in case, punctuation or umlaut spelling do not hide a copy.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => word.push('a'),
            'ö' => word.push('o'),
            'ü' => word.push('u'),
            'ß' => word.push_str("ss"),
            c if c.is_alphanumeric() || c == '%' => word.push(c),
            _ => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The set of hashed word shingles of a text; a short text is its words.
pub fn shingles(text: &str) -> HashSet<u64> {
    let words = words(text);
    let hash = |parts: &[String]| {
        let mut hasher = DefaultHasher::new();
        parts.hash(&mut hasher);
        hasher.finish()
    };
    if words.len() < SHINGLE_WORDS {
        return words
            .iter()
            .map(|w| hash(std::slice::from_ref(w)))
            .collect();
    }
    words.windows(SHINGLE_WORDS).map(hash).collect()
}

/// Jaccard similarity of two shingle sets, in 0..=1.
pub fn similarity(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let shared = a.intersection(b).count();
    let all = a.len() + b.len() - shared;
    shared as f64 / all as f64
}

/// The marker phrases of both languages; a German member may well spam in English.
#[derive(Debug, Clone)]
pub struct SpamMarkers {
    phrases: Vec<(String, Vec<String>)>,
}

impl SpamMarkers {
    /// The shipped lists, `desk/markers/{en,de}.txt`.
    pub fn shipped() -> SpamMarkers {
        SpamMarkers::from_lists(&[
            include_str!("../../markers/en.txt"),
            include_str!("../../markers/de.txt"),
        ])
    }

    /// Reads lists with one phrase per line; `#` starts a comment.
    pub fn from_lists(lists: &[&str]) -> SpamMarkers {
        let phrases = lists
            .iter()
            .flat_map(|list| list.lines())
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| (line.to_string(), words(line)))
            .filter(|(_, words)| !words.is_empty())
            .collect();
        SpamMarkers { phrases }
    }

    /// Every marker phrase that occurs in `text` as whole words.
    pub fn found_in(&self, text: &str) -> Vec<String> {
        let text = words(text);
        self.phrases
            .iter()
            .filter(|(_, phrase)| {
                text.windows(phrase.len())
                    .any(|window| window == phrase.as_slice())
            })
            .map(|(original, _)| original.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lightly_edited_copy_is_nearly_the_same() {
        let a = shingles(
            "Hello Anna, I would love to see you in our Berlin group for founders and freelancers!",
        );
        let b = shingles(
            "Hello Ben, I would love to see you in our Berlin group for founders and freelancers.",
        );
        assert!(similarity(&a, &b) >= 0.7, "{}", similarity(&a, &b));
    }

    #[test]
    fn different_personal_texts_are_not_similar() {
        let a = shingles(
            "Hi Carla, we met at the logistics fair in Hamburg, and your talk on rail freight fits our group.",
        );
        let b = shingles(
            "Dear Tom, since you offer UX coaching, our design group would profit from your experience.",
        );
        assert!(similarity(&a, &b) < 0.2, "{}", similarity(&a, &b));
    }

    #[test]
    fn markers_match_whole_words_in_any_spelling() {
        let markers = SpamMarkers::shipped();
        assert_eq!(
            markers.found_in("Earn PASSIVE income with my team!"),
            vec!["passive income".to_string()]
        );
        assert_eq!(
            markers.found_in("Finanzielle Freiheit durch Strukturvertrieb"),
            vec![
                "strukturvertrieb".to_string(),
                "finanzielle freiheit".to_string()
            ]
        );
        assert!(markers.found_in("Our group meets in Mlmstadt").is_empty());
        assert!(
            markers
                .found_in("Hi Anna, our founders group meets monthly.")
                .is_empty()
        );
    }
}
