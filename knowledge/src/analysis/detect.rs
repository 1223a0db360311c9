//! Telling German from English questions, which are often only a few words long.
//!
//! Letter statistics need long texts, so we count what short questions do
//! have: function words (`wie`, `ich`, `the`, `my`), words that one language's
//! articles use more than the other's, and umlauts.

use super::Analyzer;
use super::text;
use locales::Lang;

/// How sure the detector is, per language: positive means German.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LanguageEvidence {
    /// German evidence minus English evidence.
    pub score: f32,
}

impl LanguageEvidence {
    /// The language, when the evidence points clearly one way.
    pub fn lang(self) -> Option<Lang> {
        if self.score > 0.25 {
            Some(Lang::De)
        } else if self.score < -0.25 {
            Some(Lang::En)
        } else {
            None
        }
    }
}

const STOPWORD_WEIGHT: f32 = 1.0;
const VOCABULARY_WEIGHT: f32 = 0.7;
const UMLAUT_WEIGHT: f32 = 1.5;

/// Weighs the evidence for German against English in `question`.
pub fn detect_language(question: &str, en: &Analyzer, de: &Analyzer) -> LanguageEvidence {
    let limit = super::MAX_QUESTION_WORDS;
    let en_words = text::words_limited(Lang::En, question, limit);
    let de_words = text::words_limited(Lang::De, question, limit);
    let mut score = 0.0;
    for (en_word, de_word) in en_words.iter().zip(&de_words) {
        let (e, d) = (&en_word.text, &de_word.text);
        let en_stop = en.is_stopword(e);
        let de_stop = de.is_stopword(d);
        if en_stop != de_stop {
            score += if de_stop {
                STOPWORD_WEIGHT
            } else {
                -STOPWORD_WEIGHT
            };
            continue;
        }
        // A word counts by how much more one language's articles use it:
        // German phrasings quote English words ("Account", "Forgot
        // Password"), which must not silence the English articles' word.
        let (en_share, de_share) = (en.share_of_articles_with(e), de.share_of_articles_with(d));
        let both = en_share + de_share;
        if both > 0.0 {
            score += VOCABULARY_WEIGHT * (de_share - en_share) / both;
        }
    }
    let umlauts = question
        .chars()
        .filter(|c| matches!(c, 'ä' | 'ö' | 'ü' | 'Ä' | 'Ö' | 'Ü' | 'ß'))
        .count()
        .min(2);
    score += UMLAUT_WEIGHT * umlauts as f32;
    LanguageEvidence { score }
}
