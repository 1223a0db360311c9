//! What members type that is not a question: greetings, thanks, asking for a
//! person, saying an answer did not help. The bot answers these itself
//! instead of searching the FAQ.
//!
//! The phrases are data (`smalltalk/<lang>.toml`). A message is small talk
//! only when every word belongs to a phrase or is a filler word: a single
//! word with content ("hi, how do I reset my password") makes it a question.

use crate::analysis::text;
use locales::Lang;
use serde::Deserialize;
use std::collections::HashSet;

/// Messages longer than this are questions, however friendly.
const MAX_WORDS: usize = 14;

const SOURCES: [(Lang, &str, &str); 2] = [
    (
        Lang::En,
        "knowledge/smalltalk/en.toml",
        include_str!("../smalltalk/en.toml"),
    ),
    (
        Lang::De,
        "knowledge/smalltalk/de.toml",
        include_str!("../smalltalk/de.toml"),
    ),
];

/// The kind of small talk, strongest first: a message with both a greeting
/// and a request for a person is a request for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SmallTalk {
    /// "talk to a human", "ich will mit einem Menschen sprechen".
    Handover,
    /// "that didn't help", "falsche Antwort".
    NotHelpful,
    /// "thanks", "danke, hat geklappt".
    Thanks,
    /// "hi", "moin".
    Greeting,
}

impl SmallTalk {
    /// The name used in data files and labelled sets (`not_helpful`).
    pub fn name(self) -> &'static str {
        match self {
            SmallTalk::Handover => "handover",
            SmallTalk::NotHelpful => "not_helpful",
            SmallTalk::Thanks => "thanks",
            SmallTalk::Greeting => "greeting",
        }
    }

    /// Reads a name back.
    pub fn parse(name: &str) -> Option<SmallTalk> {
        [
            SmallTalk::Handover,
            SmallTalk::NotHelpful,
            SmallTalk::Thanks,
            SmallTalk::Greeting,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// A recognised message: what it is and the language its phrases are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recognised {
    /// What kind of small talk.
    pub kind: SmallTalk,
    /// The language of the phrases it matched (most of them, English on a tie).
    pub lang: Lang,
    /// Whether the words told the language: not on a tie, as with "hallo"
    /// or "ok", which are said alike in both.
    pub told: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseFile {
    greeting: Vec<String>,
    thanks: Vec<String>,
    handover: Vec<String>,
    not_helpful: Vec<String>,
    filler: Vec<String>,
}

#[derive(Debug, Clone)]
struct Phrase {
    lang: Lang,
    words: Vec<String>,
    kind: SmallTalk,
}

/// Recognises small talk in both languages.
#[derive(Debug, Clone)]
pub struct SmallTalkRecognizer {
    /// Longest first, so "thank you" wins over "thank".
    phrases: Vec<Phrase>,
    filler: HashSet<(Lang, String)>,
}

/// Why the phrase files could not be read (a test keeps the built-in ones clean).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct PhraseFileError {
    /// The file.
    pub file: String,
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A word as the recogniser compares it: folded, letters stretched for
/// effect ("heyyy", "dankeee") read once.
fn squeeze(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let mut run = 1;
        while i + run < chars.len() && chars[i + run] == chars[i] {
            run += 1;
        }
        let keep = if run >= 3 { 1 } else { run };
        out.extend(std::iter::repeat_n(chars[i], keep));
        i += run;
    }
    out
}

fn folded_words(lang: Lang, text: &str) -> Vec<String> {
    text::words_limited(lang, text, MAX_WORDS + 1)
        .into_iter()
        .map(|w| squeeze(&w.text))
        .collect()
}

impl SmallTalkRecognizer {
    /// The recogniser with the built-in phrases.
    pub fn embedded() -> SmallTalkRecognizer {
        SmallTalkRecognizer::parse(&SOURCES).unwrap_or_else(|_| SmallTalkRecognizer {
            phrases: Vec::new(),
            filler: HashSet::new(),
        })
    }

    fn parse(sources: &[(Lang, &str, &str)]) -> Result<SmallTalkRecognizer, PhraseFileError> {
        let mut phrases = Vec::new();
        let mut filler = HashSet::new();
        for &(lang, file, source) in sources {
            let parsed: PhraseFile = toml::from_str(source).map_err(|e| PhraseFileError {
                file: file.to_string(),
                line: e
                    .span()
                    .map(|s| locales::line_of(source.as_bytes(), s.start))
                    .unwrap_or(1),
                message: e.message().to_string(),
            })?;
            for (kind, list) in [
                (SmallTalk::Greeting, &parsed.greeting),
                (SmallTalk::Thanks, &parsed.thanks),
                (SmallTalk::Handover, &parsed.handover),
                (SmallTalk::NotHelpful, &parsed.not_helpful),
            ] {
                for entry in list {
                    let words = folded_words(lang, entry);
                    if !words.is_empty() {
                        phrases.push(Phrase { lang, words, kind });
                    }
                }
            }
            // Stop words carry no topic, so they cannot turn small talk
            // into a question either.
            let stop = crate::analysis::stopwords(lang);
            for entry in parsed.filler.iter().chain(&stop) {
                for word in folded_words(lang, entry) {
                    filler.insert((lang, word));
                }
            }
        }
        phrases.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        Ok(SmallTalkRecognizer { phrases, filler })
    }

    /// What `message` is, when it is small talk and not a question.
    pub fn recognise(&self, message: &str) -> Option<Recognised> {
        let en = folded_words(Lang::En, message);
        let de = folded_words(Lang::De, message);
        if en.is_empty() || en.len() > MAX_WORDS || en.len() != de.len() {
            return None;
        }
        let words = |lang: Lang| if lang == Lang::En { &en } else { &de };
        let mut kinds = Vec::new();
        let mut votes = [0usize; 2];
        let is_filler = |at: usize| {
            Lang::ALL
                .iter()
                .any(|&lang| self.filler.contains(&(lang, words(lang)[at].clone())))
        };
        // A phrase may have filler words inside it ("doesn't *really* help",
        // "beantwortet meine Frage *überhaupt* nicht"); returns where it ends.
        let match_at = |phrase: &Phrase, at: usize| -> Option<usize> {
            let w = words(phrase.lang);
            let mut i = at;
            for (n, want) in phrase.words.iter().enumerate() {
                if n > 0 {
                    while i < w.len() && w[i] != *want && is_filler(i) {
                        i += 1;
                    }
                }
                if w.get(i) != Some(want) {
                    return None;
                }
                i += 1;
            }
            Some(i)
        };
        let mut at = 0;
        while at < en.len() {
            let matched = self
                .phrases
                .iter()
                .find_map(|p| match_at(p, at).map(|end| (p, end)));
            if let Some((phrase, end)) = matched {
                kinds.push(phrase.kind);
                // A phrase of both languages ("hallo") tells neither.
                let both = self.phrases.iter().any(|other| {
                    other.lang != phrase.lang
                        && other.words.len() == phrase.words.len()
                        && match_at(other, at).is_some()
                });
                if !both {
                    votes[usize::from(phrase.lang == Lang::De)] += phrase.words.len();
                }
                at = end;
                continue;
            }
            if !is_filler(at) {
                return None;
            }
            at += 1;
        }
        let kind = kinds.into_iter().min()?;
        let lang = if votes[1] > votes[0] {
            Lang::De
        } else {
            Lang::En
        };
        Some(Recognised {
            kind,
            lang,
            told: votes[0] != votes[1],
        })
    }
}

impl Default for SmallTalkRecognizer {
    fn default() -> SmallTalkRecognizer {
        SmallTalkRecognizer::embedded()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_phrase_files_parse() {
        let recognizer = SmallTalkRecognizer::parse(&SOURCES).expect("phrase files");
        assert!(recognizer.phrases.len() > 100);
    }

    #[test]
    fn a_broken_phrase_file_is_named_with_its_line() {
        let err = SmallTalkRecognizer::parse(&[(Lang::En, "x.toml", "greeting = [\n  1,\n]\n")])
            .expect_err("broken");
        assert_eq!(err.file, "x.toml");
        assert!(err.line == 1 || err.line == 2, "{err}");
    }

    #[test]
    fn stretched_letters_are_read_once() {
        assert_eq!(squeeze("heyyy"), "hey");
        assert_eq!(squeeze("hallo"), "hallo");
        let r = SmallTalkRecognizer::embedded();
        assert_eq!(
            r.recognise("dankeeee!!").map(|r| r.kind),
            Some(SmallTalk::Thanks)
        );
    }

    #[test]
    fn the_strongest_kind_wins_and_a_content_word_makes_a_question() {
        let r = SmallTalkRecognizer::embedded();
        let kind = |text: &str| r.recognise(text).map(|r| r.kind);
        assert_eq!(
            kind("hi, can I talk to a human please"),
            Some(SmallTalk::Handover)
        );
        assert_eq!(
            kind("thanks but that didn't help"),
            Some(SmallTalk::NotHelpful)
        );
        assert_eq!(kind("hi, how do I reset my password"), None);
        assert_eq!(kind("hallo, mein Passwort geht nicht"), None);
        assert_eq!(
            r.recognise("ich will mit einem Menschen sprechen"),
            Some(Recognised {
                kind: SmallTalk::Handover,
                lang: Lang::De,
                told: true,
            })
        );
        // Said alike in both languages, it tells neither.
        let hallo = r.recognise("hallo").expect("a greeting");
        assert_eq!((hallo.kind, hallo.told), (SmallTalk::Greeting, false));
        assert!(r.recognise("danke").expect("thanks").told);
    }
}
