//! The second baseline: the nearest article question by character n-gram TF-IDF.

use super::{Prediction, Responder};
use crate::analysis::text;
use crate::{Corpus, KnowledgeError};
use locales::Lang;
// Ordered maps: a float sum in hash order differed in the last digit between
// runs, and so did the baseline's figures.
use std::collections::BTreeMap;

/// Below this cosine the baseline declines (its own default; reports also
/// compare it at the engine's precision, whatever the threshold).
pub const NGRAM_THRESHOLD: f32 = 0.3;

/// Every title and article question as a TF-IDF vector of character
/// trigrams; a question goes to the article of its nearest neighbour.
pub struct NgramBaseline {
    idf: BTreeMap<String, f32>,
    /// (article id, language, unit-length vector).
    phrasings: Vec<(String, Lang, BTreeMap<String, f32>)>,
}

/// Character trigrams of the folded words, each word padded with spaces.
pub(crate) fn trigrams(text: &str) -> BTreeMap<String, f32> {
    let mut counts = BTreeMap::new();
    for word in text::words(Lang::De, text) {
        let padded: Vec<char> = format!(" {} ", word.text).chars().collect();
        for gram in padded.windows(3) {
            *counts.entry(gram.iter().collect::<String>()).or_insert(0.0) += 1.0;
        }
    }
    counts
}

fn normalise(vector: &mut BTreeMap<String, f32>) {
    let norm = vector.values().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        for v in vector.values_mut() {
            *v /= norm;
        }
    }
}

impl NgramBaseline {
    /// Builds the vectors for `corpus`.
    pub fn new(corpus: &Corpus) -> NgramBaseline {
        let mut raw = Vec::new();
        for a in &corpus.articles {
            for phrasing in std::iter::once(&a.title).chain(&a.questions) {
                raw.push((a.id.clone(), a.lang, trigrams(phrasing)));
            }
        }
        let mut df: BTreeMap<String, f32> = BTreeMap::new();
        for (_, _, grams) in &raw {
            for gram in grams.keys() {
                *df.entry(gram.clone()).or_insert(0.0) += 1.0;
            }
        }
        let n = raw.len() as f32;
        let idf: BTreeMap<String, f32> = df
            .into_iter()
            .map(|(g, d)| (g, (1.0 + n / d).ln()))
            .collect();
        let phrasings = raw
            .into_iter()
            .map(|(id, lang, mut grams)| {
                for (g, v) in grams.iter_mut() {
                    *v *= idf.get(g).copied().unwrap_or(0.0);
                }
                normalise(&mut grams);
                (id, lang, grams)
            })
            .collect();
        NgramBaseline { idf, phrasings }
    }
}

impl Responder for NgramBaseline {
    fn name(&self) -> &str {
        "char-ngram"
    }

    fn predict(&self, question: &str) -> Result<Prediction, KnowledgeError> {
        let mut query = trigrams(question);
        for (g, v) in query.iter_mut() {
            // A trigram no phrasing has cannot match, but it still makes the
            // question less like any of them.
            *v *= self.idf.get(g).copied().unwrap_or(1.0);
        }
        normalise(&mut query);
        let mut best: Option<(f32, &str, Lang)> = None;
        for (id, lang, vector) in &self.phrasings {
            let cosine: f32 = query
                .iter()
                .filter_map(|(g, v)| vector.get(g).map(|w| v * w))
                .sum();
            if best.is_none_or(|(b, _, _)| cosine > b) {
                best = Some((cosine, id, *lang));
            }
        }
        Ok(match best {
            Some((cosine, id, lang)) if cosine > 0.0 => Prediction {
                top: Some(id.to_string()),
                answered: cosine >= NGRAM_THRESHOLD,
                confidence: cosine,
                lang: Some(lang),
            },
            _ => Prediction {
                top: None,
                answered: false,
                confidence: 0.0,
                lang: None,
            },
        })
    }
}
