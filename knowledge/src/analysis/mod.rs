//! Language analysis: the same pipeline turns articles into index terms and
//! questions into query terms, so that both sides always meet.
//!
//! Pipeline: fold and split into words → (questions only) correct typos →
//! split German compounds → stem → read synonyms as their canonical form →
//! drop stop words.

pub mod data;
mod decompound;
mod detect;
mod synonyms;
pub mod text;
mod typo;

pub use detect::{LanguageEvidence, detect_language};
pub use typo::Corrector;

pub use data::{AnalysisData, LanguageData};
use decompound::Decompounder;
use locales::Lang;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;
use synonyms::Synonyms;
use text::Word;

/// Questions longer than this many words are cut: nobody asks in 200 words,
/// and it bounds the work a hostile 100 KB question can cause.
pub const MAX_QUESTION_WORDS: usize = 200;

/// The words of one language's articles with the number of articles each occurs in.
pub type Vocabulary = rustc_hash::FxHashMap<String, u32>;

/// One analysed word: its stem and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The stem (or canonical synonym stem).
    pub stem: String,
    /// Whether it is a stop word, to be dropped at the end.
    pub stop: bool,
    /// Byte range of the source word in the analysed text.
    pub span: (usize, usize),
    /// Whether the word was a typo and this is its correction.
    pub corrected: bool,
}

/// A term of a question, ready to be looked up.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    /// The stem, as it is indexed.
    pub stem: String,
    /// Whether it came from a typo correction (weighs a little less).
    pub corrected: bool,
}

/// A language's analysis pipeline.
pub struct Analyzer {
    lang: Lang,
    stemmer: Stemmer,
    stopwords: rustc_hash::FxHashSet<String>,
    decompounder: Option<Decompounder>,
    synonyms: Synonyms,
    vocabulary: Vocabulary,
    corrector: Corrector,
    /// The stems each known word yields, worked out once: the articles
    /// repeat their words, and splitting a German word stems every part it
    /// tries.
    known_stems: rustc_hash::FxHashMap<String, Vec<String>>,
    /// How many articles the vocabulary was counted over.
    articles: u32,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("lang", &self.lang)
            .field("vocabulary", &self.vocabulary.len())
            .finish()
    }
}

/// The built-in stop words of `lang`, folded.
pub fn stopwords(lang: Lang) -> HashSet<String> {
    stopwords_in(lang, AnalysisData::embedded().of(lang))
}

/// The stop words of `lang` in `data`, folded.
pub fn stopwords_in(lang: Lang, data: &LanguageData) -> HashSet<String> {
    data::list_words(lang, &data.stopwords).collect()
}

/// Counts, for each folded non-stop word (built-in stop words), in how many
/// of `texts` it occurs.
pub fn vocabulary<'a>(lang: Lang, texts: impl IntoIterator<Item = &'a str>) -> Vocabulary {
    vocabulary_without(lang, &stopwords(lang), texts)
}

/// Counts, for each folded word not in `stop`, in how many of `texts` it occurs.
pub fn vocabulary_without<'a>(
    lang: Lang,
    stop: &HashSet<String>,
    texts: impl IntoIterator<Item = &'a str>,
) -> Vocabulary {
    let mut vocabulary = Vocabulary::default();
    for text in texts {
        let unique: HashSet<String> = text::words(lang, text)
            .into_iter()
            .map(|w| w.text)
            .filter(|w| !stop.contains(w))
            .collect();
        for word in unique {
            *vocabulary.entry(word).or_default() += 1;
        }
    }
    vocabulary
}

impl Analyzer {
    /// The pipeline for `lang` with the built-in word lists, knowing the
    /// words of that language's articles.
    pub fn new(lang: Lang, vocabulary: Vocabulary) -> Analyzer {
        Analyzer::with_data(lang, vocabulary, AnalysisData::embedded().of(lang))
    }

    /// The pipeline for `lang` with the word lists in `data`.
    pub fn with_data(lang: Lang, vocabulary: Vocabulary, data: &LanguageData) -> Analyzer {
        let stemmer = Stemmer::create(match lang {
            Lang::En => Algorithm::English,
            Lang::De => Algorithm::German,
        });
        let stopwords = stopwords_in(lang, data);
        let decompounder = (lang == Lang::De).then(|| {
            let lexicon = data::list_words(lang, &data.lexicon);
            let known = vocabulary
                .keys()
                .cloned()
                .chain(lexicon)
                .filter(|w| !stopwords.contains(w))
                .map(|w| stemmer.stem(&w).into_owned())
                .collect();
            Decompounder::new(known)
        });
        let corrector = Corrector::new(vocabulary.iter().map(|(w, f)| (w.clone(), *f)));
        // The most widely used word is in at least this many articles: the
        // best guess until `counted_over` says.
        let articles = vocabulary.values().copied().max().unwrap_or(1);
        let mut analyzer = Analyzer {
            lang,
            stemmer,
            stopwords: stopwords.into_iter().collect(),
            decompounder,
            synonyms: Synonyms::default(),
            vocabulary,
            corrector,
            known_stems: Default::default(),
            articles,
        };
        analyzer.known_stems = analyzer
            .vocabulary
            .keys()
            .filter(|w| !analyzer.stopwords.contains(*w))
            .map(|w| (w.clone(), analyzer.split_stems(w)))
            .collect();
        // Synonym files are checked when they are loaded (`data::check_synonyms`)
        // and the built-in ones by a test, so a parse failure cannot reach a
        // user here; an empty set keeps answering working.
        let synonyms = Synonyms::parse(&data.synonyms, |phrase| {
            analyzer
                .pieces(phrase, false)
                .into_iter()
                .map(|p| (p.stem, p.stop))
                .collect()
        })
        .unwrap_or_default();
        analyzer.synonyms = synonyms;
        analyzer
    }

    /// The language this pipeline is for.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether a folded word occurs in this language's articles.
    pub fn knows(&self, word: &str) -> bool {
        self.vocabulary.contains_key(word)
    }

    /// The share of this language's articles in which a folded word occurs.
    pub fn share_of_articles_with(&self, word: &str) -> f32 {
        let with = self.vocabulary.get(word).copied().unwrap_or(0);
        with as f32 / self.articles.max(with).max(1) as f32
    }

    /// Says how many articles the vocabulary was counted over: a share, not
    /// a count, tells the languages apart when one has more articles than
    /// the other.
    pub fn counted_over(mut self, articles: u32) -> Analyzer {
        self.articles = articles;
        self
    }

    /// Whether a folded word is a stop word in this language.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
    }

    fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }

    /// A word's parts: a German compound split into known words, any other
    /// word whole.
    fn parts(&self, word: &str) -> Vec<String> {
        match &self.decompounder {
            Some(d) => d.split(word, &|w: &str| self.stem(w)),
            None => vec![word.to_string()],
        }
    }

    /// The stems of a word's parts (compounds split), without correction.
    fn split_stems(&self, word: &str) -> Vec<String> {
        self.parts(word)
            .iter()
            .map(|part| self.stem(part))
            .collect()
    }

    /// Words to pieces: compounds split, stems taken; typos corrected when asked.
    fn pieces_of(&self, words: Vec<Word>, correct: bool) -> Vec<Piece> {
        let mut pieces = Vec::with_capacity(words.len());
        for word in words {
            let span = (word.start, word.end);
            if self.stopwords.contains(&word.text) {
                pieces.push(Piece {
                    stem: self.stem(&word.text),
                    stop: true,
                    span,
                    corrected: false,
                });
                continue;
            }
            // A known word is never corrected: its stems are settled. Every
            // word that gets past here is unknown.
            if let Some(stems) = self.known_stems.get(&word.text) {
                pieces.extend(stems.iter().map(|stem| Piece {
                    stem: stem.clone(),
                    stop: false,
                    span,
                    corrected: false,
                }));
                continue;
            }
            let parts = self.parts(&word.text);
            let mut corrected = false;
            let parts = if correct && parts.len() == 1 {
                match self.corrector.correct(&word.text) {
                    Some(fix) => {
                        corrected = true;
                        self.parts(fix)
                    }
                    None => parts,
                }
            } else {
                parts
            };
            for part in parts {
                pieces.push(Piece {
                    stem: self.stem(&part),
                    stop: false,
                    span,
                    corrected,
                });
            }
        }
        pieces
    }

    fn pieces(&self, text: &str, correct: bool) -> Vec<Piece> {
        self.pieces_of(text::words(self.lang, text), correct)
    }

    /// The terms an article's text is indexed under: stems, plus the canonical
    /// form of every synonym it contains.
    pub fn index_terms(&self, text: &str) -> Vec<String> {
        let pieces = self.synonyms.expand(self.pieces(text, false));
        pieces
            .into_iter()
            .filter(|p| !p.stop)
            .map(|p| p.stem)
            .collect()
    }

    /// Every folded word of `text`, stop words too: what "word for word"
    /// compares, so that "ambassador" is not taken for "ambassador help".
    pub fn all_words(&self, text: &str) -> Vec<String> {
        text::words(self.lang, text)
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    /// The folded words of an article, for the typo-tolerant plain field.
    pub fn plain_terms(&self, text: &str) -> Vec<String> {
        let mut words = self.all_words(text);
        words.retain(|w| !self.stopwords.contains(w));
        words
    }

    /// The terms of a question: typos corrected, synonyms made canonical,
    /// duplicates and stop words removed.
    pub fn query_terms(&self, question: &str) -> Vec<QueryTerm> {
        let words = text::words_limited(self.lang, question, MAX_QUESTION_WORDS);
        let pieces = self.synonyms.replace(self.pieces_of(words, true));
        let mut seen = HashSet::new();
        pieces
            .into_iter()
            .filter(|p| !p.stop && seen.insert(p.stem.clone()))
            .map(|p| QueryTerm {
                stem: p.stem,
                corrected: p.corrected,
            })
            .collect()
    }

    /// `text` with this language's stop words blanked out.
    pub fn without_stopwords(&self, text: &str) -> String {
        let mut out = text.to_string();
        for word in text::words_limited(self.lang, text, MAX_QUESTION_WORDS)
            .iter()
            .rev()
        {
            if self.stopwords.contains(&word.text) {
                out.replace_range(word.start..word.end, " ");
            }
        }
        out
    }

    /// Every word of `text` with the stems it yields (no synonyms), for highlighting.
    pub fn word_stems(&self, text: &str) -> Vec<Piece> {
        self.synonyms.replace(self.pieces(text, false))
    }
}

#[cfg(test)]
mod tests;
