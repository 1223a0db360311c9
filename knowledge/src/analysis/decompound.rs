//! Splitting German compounds (`Gruppeneinladung` → `gruppen` + `einladung`).
//!
//! A split is accepted only when every part is a known word. The known words are
//! the corpus' own vocabulary plus a small lexicon, so the same split happens
//! when the articles are indexed and when a question is asked.

use std::collections::HashSet;

/// Parts shorter than this are not split off (`ein`, `mit` would split too much).
const MIN_PART_CHARS: usize = 4;
/// Compounds rarely have more than four parts; this also bounds the recursion.
const MAX_DEPTH: usize = 4;

/// Splits folded German words into known parts.
#[derive(Debug, Clone, Default)]
pub struct Decompounder {
    known_stems: rustc_hash::FxHashSet<String>,
}

impl Decompounder {
    /// A splitter that knows the stems in `known_stems`.
    pub fn new(known_stems: HashSet<String>) -> Decompounder {
        Decompounder {
            known_stems: known_stems.into_iter().collect(),
        }
    }

    /// The parts of `word` (folded), or the word itself when it does not split.
    pub fn split(&self, word: &str, stem: &dyn Fn(&str) -> String) -> Vec<String> {
        let mut parts = Vec::new();
        self.split_into(word, stem, MAX_DEPTH, &mut parts);
        parts
    }

    fn known(&self, part: &str, stem: &dyn Fn(&str) -> String) -> bool {
        part.chars().count() >= MIN_PART_CHARS && self.known_stems.contains(&stem(part))
    }

    /// A head that is known as it stands, or after dropping the linking `s`
    /// (`einladungs|regeln`).
    fn head_form<'w>(&self, head: &'w str, stem: &dyn Fn(&str) -> String) -> Option<&'w str> {
        if self.known(head, stem) {
            return Some(head);
        }
        let bare = head.strip_suffix('s')?;
        self.known(bare, stem).then_some(bare)
    }

    fn split_into(
        &self,
        word: &str,
        stem: &dyn Fn(&str) -> String,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        let chars = word.chars().count();
        if depth == 0 || chars < 2 * MIN_PART_CHARS || !word.is_ascii() {
            out.push(word.to_string());
            return;
        }
        // Of all splits into two known (or further splittable) halves, take the
        // most balanced one: short known heads (`ein|ladung`) are rarely right.
        let mut best: Option<(usize, &str, &str)> = None;
        for cut in MIN_PART_CHARS..=chars - MIN_PART_CHARS {
            let (head, tail) = word.split_at(cut);
            let Some(head) = self.head_form(head, stem) else {
                continue;
            };
            let tail_ok = self.known(tail, stem) || self.split(tail, stem).len() > 1;
            if !tail_ok {
                continue;
            }
            let balance = cut.min(chars - cut);
            if best.is_none_or(|(b, _, _)| balance > b) {
                best = Some((balance, head, tail));
            }
        }
        match best {
            Some((_, head, tail)) => {
                self.split_into(head, stem, depth - 1, out);
                self.split_into(tail, stem, depth - 1, out);
            }
            None => out.push(word.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splitter(words: &[&str]) -> Decompounder {
        Decompounder::new(words.iter().map(|w| w.to_string()).collect())
    }

    fn identity(s: &str) -> String {
        s.to_string()
    }

    #[test]
    fn splits_into_known_parts() {
        let d = splitter(&["gruppen", "einladung", "regeln"]);
        assert_eq!(
            d.split("gruppeneinladung", &identity),
            ["gruppen", "einladung"]
        );
        assert_eq!(
            d.split("gruppeneinladungsregeln", &identity),
            ["gruppen", "einladung", "regeln"]
        );
    }

    #[test]
    fn leaves_unknown_and_short_words_alone() {
        let d = splitter(&["gruppen", "einladung"]);
        assert_eq!(d.split("wetterbericht", &identity), ["wetterbericht"]);
        assert_eq!(d.split("gruppe", &identity), ["gruppe"]);
        assert_eq!(d.split("gruppenxyz", &identity), ["gruppenxyz"]);
    }
}
