//! Telling a personal invitation from mass mail: near-duplicate texts (word
//! shingles) and spam or MLM marker phrases.

use locales::fold::{fold_umlaut_spellings, is_invisible, push_folded};

/// How many consecutive words make one shingle.
const SHINGLE_WORDS: usize = 3;

/// The words of a text, folded as everywhere else (`locales::fold`: case,
/// accents, `ß` → `ss`, full-width letters, invisible characters), so that small edits in case, punctuation or umlaut
/// spelling do not hide a copy.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        // A zero-width space inside a word must not make a copy look new.
        if is_invisible(c) {
            continue;
        }
        if c.is_alphanumeric() || c == '%' {
            push_folded(&mut word, c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// FNV-1a: a hash that stays the same across builds, because fingerprints
/// are stored in the database.
fn stable_hash(parts: &[String]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// A text's fingerprint: its hashed word shingles, sorted and without
/// repeats; a short text is fingerprinted by its words.
pub fn fingerprint(text: &str) -> Vec<u64> {
    let words = words(text);
    let mut hashes: Vec<u64> = if words.len() < SHINGLE_WORDS {
        words
            .iter()
            .map(|w| stable_hash(std::slice::from_ref(w)))
            .collect()
    } else {
        words.windows(SHINGLE_WORDS).map(stable_hash).collect()
    };
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// Jaccard similarity of two fingerprints, in 0..=1, by one merge pass.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// A fingerprint as stored: 8 little-endian bytes per hash.
pub fn to_bytes(fingerprint: &[u64]) -> Vec<u8> {
    fingerprint.iter().flat_map(|h| h.to_le_bytes()).collect()
}

/// Reads a stored fingerprint; a torn tail is ignored.
pub fn from_bytes(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .map(|chunk| {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            u64::from_le_bytes(word)
        })
        .collect()
}

/// Groups texts whose fingerprints are at least `threshold` similar: each
/// text joins the first group whose first text it resembles, else starts
/// one. Returns the groups as indices into `prints`, in first-seen order;
/// callers sort `prints` (biggest or oldest first) to choose the leaders.
pub fn clusters(prints: &[Vec<u64>], threshold: f64) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, print) in prints.iter().enumerate() {
        let home = groups
            .iter_mut()
            .find(|group| similarity(&prints[group[0]], print) >= threshold);
        match home {
            Some(group) => group.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

/// Words too common in questions to say what one is about, written folded
/// (`über` is `ubr`); short words (under four letters) are dropped anyway.
const QUESTION_FILLERS: &[&str] = &[
    "what", "when", "where", "which", "with", "this", "that", "have", "does", "there", "their",
    "about", "from", "your", "would", "could", "should", "into", "been", "will", "please", "kann",
    "konnen", "mein", "meine", "meinen", "meinem", "wird", "wenn", "eine", "einen", "einer",
    "dass", "habe", "haben", "nicht", "auch", "wieder", "gibt", "muss", "oder", "sich", "bitte",
    "noch", "schon", "ubr", "warum", "welche", "werden",
];

/// A question's fingerprint for grouping rephrasings: its telling words,
/// hashed, sorted, without repeats. Word order and filler words do not
/// count, so "How do I delete my account?" and "delete account how" meet.
pub fn question_fingerprint(question: &str) -> Vec<u64> {
    let mut hashes: Vec<u64> = words(question)
        .into_iter()
        .map(|w| fold_umlaut_spellings(&w))
        .filter(|w| w.chars().count() >= 4 && !QUESTION_FILLERS.contains(&w.as_str()))
        .map(|w| stable_hash(std::slice::from_ref(&w)))
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
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
        let a = fingerprint(
            "Hello Anna, I would love to see you in our Berlin group for founders and freelancers!",
        );
        let b = fingerprint(
            "Hello Ben, I would love to see you in our Berlin group for founders and freelancers.",
        );
        assert!(similarity(&a, &b) >= 0.7, "{}", similarity(&a, &b));
    }

    #[test]
    fn invisible_characters_and_full_width_letters_do_not_disguise_a_copy() {
        let text = "Join the best business group in town, everyone is here, come now!";
        let disguised = "Jo\u{200b}in the ｂｅｓｔ busi\u{00ad}ness group in to\u{200b}wn, everyone is here, come now!";
        assert_eq!(fingerprint(disguised), fingerprint(text));
        assert_eq!(
            SpamMarkers::shipped().found_in("Earn pass\u{200b}ive ＩＮＣＯＭＥ today"),
            vec!["passive income".to_string()]
        );
    }

    #[test]
    fn different_personal_texts_are_not_similar() {
        let a = fingerprint(
            "Hi Carla, we met at the logistics fair in Hamburg, and your talk on rail freight fits our group.",
        );
        let b = fingerprint(
            "Dear Tom, since you offer UX coaching, our design group would profit from your experience.",
        );
        assert!(similarity(&a, &b) < 0.2, "{}", similarity(&a, &b));
    }

    #[test]
    fn copies_cluster_and_personal_texts_stay_alone() {
        let prints: Vec<Vec<u64>> = [
            "Join the best business group in town, everyone is here, come now!",
            "Hi Carla, your rail freight talk in Hamburg fits our logistics group.",
            "Join the best business group in town, everyone is here, come today!",
        ]
        .iter()
        .map(|t| fingerprint(t))
        .collect();
        assert_eq!(clusters(&prints, 0.6), vec![vec![0, 2], vec![1]]);
    }

    #[test]
    fn rephrased_questions_meet_and_different_ones_do_not() {
        let a = question_fingerprint("How do I delete my account?");
        let b = question_fingerprint("delete account how");
        let c = question_fingerprint("How do I change my password?");
        let d = question_fingerprint("Wie kann ich mein Konto löschen?");
        let e = question_fingerprint("Konto loeschen");
        assert_eq!(similarity(&a, &b), 1.0);
        assert_eq!(similarity(&a, &c), 0.0);
        assert_eq!(similarity(&d, &e), 1.0, "umlaut spellings meet");
    }

    #[test]
    fn fingerprints_survive_the_database() {
        let print = fingerprint("Hallo Anna, komm in unsere Gruppe für Gründerinnen!");
        assert_eq!(from_bytes(&to_bytes(&print)), print);
        assert!(print.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
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
