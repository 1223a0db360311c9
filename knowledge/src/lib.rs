//! The FAQ corpus in English and German, its analysis, the tantivy index over
//! both languages, and answering questions from it.
//!
//! Start with [`KnowledgeBase`]: build it from the embedded corpus (or a folder
//! the support team edits), then [`KnowledgeBase::answer`] questions. This crate
//! never knows about a terminal screen or Discord; it returns plain [`Answer`]s.

pub mod analysis;
mod answer;
pub mod check;
pub mod corpus;
pub mod eval;
mod index;
pub mod markdown;
pub mod ranker;
pub mod smalltalk;
pub mod topics;

pub use answer::{Answer, Found, MAX_ALTERNATIVES, Snippet, Suggestion};
pub use check::{Diagnostic, Examination, ThinArticle, check, examine};
pub use corpus::{Article, Corpus};
pub use locales::Lang;
pub use smalltalk::{Recognised, SmallTalk, SmallTalkRecognizer};
pub use topics::{Topic, Topics};

use std::path::Path;

/// Why the knowledge base could not be built or searched.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    /// The corpus has files that do not parse.
    #[error("the FAQ corpus has problems:\n{}", list(.0))]
    Corpus(Vec<Diagnostic>),
    /// The search index failed. Like every wrapped cause here, it is said
    /// in the message and not chained as a source too, so `{:#}` says it once.
    #[error("search index: {0}")]
    Index(tantivy::TantivyError),
    /// The FTS5 baseline of an evaluation failed.
    #[error("FTS5 baseline: {0}")]
    Baseline(rusqlite::Error),
}

impl KnowledgeError {
    /// The error in `lang`: a corpus's problems each as `file:line:
    /// message`; the index's and the baseline's failures with a lead of
    /// ours and their libraries' English, marked as theirs.
    pub fn in_lang(&self, l: &locales::Localizer, lang: Lang) -> String {
        match self {
            KnowledgeError::Corpus(problems) => {
                let mut out = l.text(lang, "faq-corpus-problems");
                for problem in problems {
                    out.push('\n');
                    out.push_str(&problem.in_lang(l, lang));
                }
                out
            }
            KnowledgeError::Index(cause) => {
                locales::Said::new("faq-index-failed", &[("words", cause.to_string())])
                    .in_lang(l, lang)
            }
            KnowledgeError::Baseline(cause) => {
                locales::Said::new("faq-baseline-failed", &[("words", cause.to_string())])
                    .in_lang(l, lang)
            }
        }
    }
}

impl From<tantivy::TantivyError> for KnowledgeError {
    fn from(cause: tantivy::TantivyError) -> KnowledgeError {
        KnowledgeError::Index(cause)
    }
}

impl From<rusqlite::Error> for KnowledgeError {
    fn from(cause: rusqlite::Error) -> KnowledgeError {
        KnowledgeError::Baseline(cause)
    }
}

fn list(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The searchable FAQ in both languages.
pub struct KnowledgeBase {
    index: index::OpenIndex,
}

impl std::fmt::Debug for KnowledgeBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KnowledgeBase")
    }
}

impl KnowledgeBase {
    /// Indexes the corpus compiled into the binary.
    pub fn embedded() -> Result<KnowledgeBase, KnowledgeError> {
        KnowledgeBase::from_corpus(&Corpus::embedded().map_err(KnowledgeError::Corpus)?)
    }

    /// Loads and indexes the corpus in `dir` (with `en/` and `de/` inside).
    pub fn load_dir(dir: &Path) -> Result<KnowledgeBase, KnowledgeError> {
        KnowledgeBase::from_corpus(&Corpus::load_dir(dir).map_err(KnowledgeError::Corpus)?)
    }

    /// Indexes `corpus` in memory.
    pub fn from_corpus(corpus: &Corpus) -> Result<KnowledgeBase, KnowledgeError> {
        Ok(KnowledgeBase {
            index: index::build_in_ram(corpus)?,
        })
    }

    /// Indexes `corpus` into the empty folder `index_dir`, for corpora too big to rebuild at start.
    pub fn build_in_dir(
        corpus: &Corpus,
        index_dir: &Path,
    ) -> Result<KnowledgeBase, KnowledgeError> {
        Ok(KnowledgeBase {
            index: index::build_in_dir(corpus, index_dir)?,
        })
    }

    /// Opens an index written by [`KnowledgeBase::build_in_dir`] (memory-mapped).
    pub fn open_dir(index_dir: &Path) -> Result<KnowledgeBase, KnowledgeError> {
        Ok(KnowledgeBase {
            index: index::open_dir(index_dir)?,
        })
    }

    /// Answers `question` in `lang`, or in the language it is written in.
    pub fn answer(&self, question: &str, lang: Option<Lang>) -> Result<Answer, KnowledgeError> {
        Ok(self.index.answer(question, lang)?)
    }

    /// The confidence from which a question counts as answered (from the model file).
    pub fn confidence_threshold(&self) -> f32 {
        self.index.model.threshold
    }

    /// Uses `model` instead of the shipped one (for fitting and experiments).
    pub fn set_model(&mut self, model: ranker::Model) {
        self.index.model = model;
    }

    /// How the engine sees each labelled question, for fitting the model.
    ///
    /// The shipped corpus links the tuning questions to their articles, as a
    /// moderator links a member's question. Seen with itself linked, a
    /// question would match its own phrasing word for word and teach the fit
    /// an engine that already knows the answer. So the questions are dealt
    /// into `folds` folds ([`eval::link_folds`]), and each fold is seen by an
    /// index from which that fold's questions are unlinked. Each question is
    /// then seen a second time by the corpus with nothing linked, as a
    /// support team's new article is seen before anyone links to it: the
    /// model must answer both kinds of article. A corpus that links none of
    /// the questions is indexed once and each question seen once. With
    /// several groups of writers (`writers`, as in [`eval::link_folds`]),
    /// each group is unlinked together.
    pub fn examples(
        corpus: &Corpus,
        questions: &[eval::LabelledQuestion],
        folds: usize,
        writers: &[usize],
    ) -> Result<Vec<ranker::Example>, KnowledgeError> {
        let linked: std::collections::HashSet<String> = corpus
            .articles
            .iter()
            .flat_map(|a| a.linked.iter().map(|p| corpus::phrasing_key(a.lang, p)))
            .collect();
        let links_any = questions.iter().any(|q| {
            Lang::ALL
                .iter()
                .any(|lang| linked.contains(&corpus::phrasing_key(*lang, &q.text)))
        });
        let seen_by = |corpus: &Corpus, which: &mut dyn FnMut(usize) -> bool| {
            let kb = KnowledgeBase::from_corpus(corpus)?;
            let mut seen = Vec::new();
            for (i, q) in questions.iter().enumerate().filter(|(i, _)| which(*i)) {
                seen.push((i, kb.index.example(i, q)?));
            }
            Ok::<_, KnowledgeError>(seen)
        };
        if !links_any {
            let seen = seen_by(corpus, &mut |_| true)?;
            return Ok(seen.into_iter().map(|(_, e)| e).collect());
        }
        let mut linked_view: Vec<Option<ranker::Example>> = vec![None; questions.len()];
        for (seen, members) in eval::link_fold_corpora(corpus, questions, folds, writers) {
            for (i, e) in seen_by(&seen, &mut |i| members.binary_search(&i).is_ok())? {
                linked_view[i] = Some(e);
            }
        }
        let bare = corpus.without_links();
        let bare_view = seen_by(&bare, &mut |_| true)?;
        Ok(linked_view
            .into_iter()
            .flatten()
            .chain(bare_view.into_iter().map(|(_, e)| e))
            .collect())
    }

    /// Whether typo correction knows `word` (folded) as a word of `lang`'s
    /// articles; members' linked phrasings never add to it.
    pub fn knows_word(&self, word: &str, lang: Lang) -> bool {
        let analyzer = match lang {
            Lang::En => &self.index.en,
            Lang::De => &self.index.de,
        };
        analyzer.knows(word)
    }

    /// The language `question` is written in, when the words make it clear.
    pub fn detect_language(&self, question: &str) -> Option<Lang> {
        analysis::detect_language(question, &self.index.en, &self.index.de).lang()
    }
}

#[cfg(test)]
mod tests;
