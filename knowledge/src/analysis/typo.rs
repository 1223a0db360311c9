//! Typo tolerance: a misspelt word is replaced by the nearest word the corpus
//! knows, one edit away (insert, delete, replace, or swap two neighbours).
//!
//! Lookup uses the deletion trick: a word and every form of it with one letter
//! deleted are keys, so a query word finds its neighbours with a handful of
//! hash lookups instead of comparing against the whole vocabulary.

/// Words shorter than this are not corrected: too many short words are one edit apart.
pub const MIN_CORRECTABLE_CHARS: usize = 4;

/// Finds the known word nearest to a misspelling.
#[derive(Debug, Clone, Default)]
pub struct Corrector {
    words: Vec<(String, u32)>,
    by_key: rustc_hash::FxHashMap<String, Vec<u32>>,
}

fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(i, c)| {
        let mut s = String::with_capacity(word.len());
        s.push_str(&word[..i]);
        s.push_str(&word[i + c.len_utf8()..]);
        s
    })
}

/// The optimal-string-alignment distance, stopping early above 1.
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (0, _) | (_, 0) => a.len() + b.len() <= 1,
        (x, y) if x == y => {
            a[1..] == b[1..] || (x >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        (x, y) if x > y => a[1..] == *b,
        _ => b[1..] == *a,
    }
}

impl Corrector {
    /// A corrector over `(word, frequency)` pairs.
    pub fn new(words: impl IntoIterator<Item = (String, u32)>) -> Corrector {
        let mut corrector = Corrector::default();
        for (word, freq) in words {
            if word.chars().count() < MIN_CORRECTABLE_CHARS {
                continue;
            }
            let index = corrector.words.len() as u32;
            corrector
                .by_key
                .entry(word.clone())
                .or_default()
                .push(index);
            for key in deletions(&word) {
                corrector.by_key.entry(key).or_default().push(index);
            }
            corrector.words.push((word, freq));
        }
        corrector
    }

    /// The most frequent known word one edit away from `word`, if any.
    pub fn correct(&self, word: &str) -> Option<&str> {
        if word.chars().count() < MIN_CORRECTABLE_CHARS {
            return None;
        }
        let exact = self.by_key.get(word).into_iter().flatten();
        if exact.into_iter().any(|&i| self.words[i as usize].0 == word) {
            return None;
        }
        let keys = std::iter::once(word.to_string()).chain(deletions(word));
        let mut best: Option<&(String, u32)> = None;
        for key in keys {
            for &index in self.by_key.get(&key).into_iter().flatten() {
                let candidate = &self.words[index as usize];
                if candidate.0 == word || !within_one_edit(word, &candidate.0) {
                    continue;
                }
                let better = best.is_none_or(|b| {
                    (candidate.1, std::cmp::Reverse(&candidate.0)) > (b.1, std::cmp::Reverse(&b.0))
                });
                if better {
                    best = Some(candidate);
                }
            }
        }
        best.map(|(w, _)| w.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corrector() -> Corrector {
        Corrector::new(
            [
                ("password", 5),
                ("gmail", 3),
                ("einladung", 4),
                ("email", 9),
                ("mail", 2),
            ]
            .map(|(w, f)| (w.to_string(), f)),
        )
    }

    #[test]
    fn corrects_each_kind_of_single_edit() {
        let c = corrector();
        assert_eq!(c.correct("pasword"), Some("password"));
        assert_eq!(c.correct("passwordd"), Some("password"));
        assert_eq!(c.correct("passwurd"), Some("password"));
        assert_eq!(c.correct("gmial"), Some("gmail"));
        assert_eq!(c.correct("einladng"), Some("einladung"));
    }

    #[test]
    fn leaves_distant_short_and_known_words_alone() {
        let c = corrector();
        assert_eq!(c.correct("weather"), None);
        assert_eq!(c.correct("psswrd"), None);
        assert_eq!(c.correct("mal"), None);
        assert_eq!(c.correct("email"), None);
    }

    #[test]
    fn prefers_the_more_frequent_word() {
        // "gmail" and "email" are both one edit from "fmail"; email is more common.
        assert_eq!(corrector().correct("fmail"), Some("email"));
    }

    #[test]
    fn distance_check_is_exact() {
        assert!(within_one_edit("abcd", "abdc"));
        assert!(within_one_edit("abc", "abcd"));
        assert!(!within_one_edit("abxd", "abdy"));
        assert!(!within_one_edit("abcd", "badc"));
    }
}
