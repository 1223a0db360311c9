//! The baseline any help centre gets for free: SQLite FTS5 over the same files.

use super::{Prediction, Responder};
use crate::analysis::text;
use crate::{Corpus, KnowledgeError};
use locales::Lang;
use rusqlite::Connection;

/// Titles, questions and bodies in an in-memory FTS5 table per language,
/// ranked by FTS5's bm25; answers whenever anything matches.
pub struct Fts5Baseline {
    db: Connection,
}

impl Fts5Baseline {
    /// Indexes `corpus` in memory.
    pub fn new(corpus: &Corpus) -> Result<Fts5Baseline, KnowledgeError> {
        let db = Connection::open_in_memory()?;
        db.execute_batch(
            "CREATE VIRTUAL TABLE article USING fts5(
                id UNINDEXED, lang UNINDEXED, title, questions, body,
                tokenize = 'unicode61 remove_diacritics 2');",
        )?;
        {
            let mut insert = db.prepare(
                "INSERT INTO article (id, lang, title, questions, body) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for a in &corpus.articles {
                insert.execute((
                    &a.id,
                    a.lang.code(),
                    &a.title,
                    a.questions.join("\n"),
                    &a.body,
                ))?;
            }
        }
        Ok(Fts5Baseline { db })
    }
}

impl Responder for Fts5Baseline {
    fn name(&self) -> &str {
        "fts5"
    }

    fn predict(&self, question: &str) -> Result<Prediction, KnowledgeError> {
        // Every word quoted and OR-ed: member text never becomes FTS5 syntax.
        let words: Vec<String> = text::words(Lang::En, question)
            .into_iter()
            .map(|w| format!("\"{}\"", w.text.replace('"', "")))
            .collect();
        if words.is_empty() {
            return Ok(Prediction {
                top: None,
                answered: false,
                confidence: 0.0,
                lang: None,
            });
        }
        let query = words.join(" OR ");
        let mut statement = self.db.prepare_cached(
            "SELECT id, lang, bm25(article, 2.0, 1.5, 1.0) AS score FROM article
             WHERE article MATCH ?1 ORDER BY score LIMIT 1",
        )?;
        let best = statement
            .query_map([&query], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, f64>(2)?,
                ))
            })?
            .next()
            .transpose()?;
        Ok(match best {
            Some((id, lang, score)) => {
                // bm25() is negative, better when lower; squash it into 0..1
                // so that thresholds can be compared.
                let strength = (-score).max(0.0) as f32;
                Prediction {
                    top: Some(id),
                    answered: true,
                    confidence: strength / (1.0 + strength),
                    lang: Lang::parse(&lang),
                }
            }
            None => Prediction {
                top: None,
                answered: false,
                confidence: 0.0,
                lang: None,
            },
        })
    }
}
