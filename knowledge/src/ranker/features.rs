//! The signals the model weighs. Every one is a ratio or a similarity that
//! means the same on any corpus: no word lists, nothing fitted to questions.

use crate::analysis::Analyzer;
use std::collections::HashMap;

/// What the ranker sees of one candidate article.
pub const CANDIDATE_FEATURES: &[&str] = &[
    "bm25_title",
    "bm25_questions",
    "bm25_body",
    "bm25_relative",
    "coverage",
    "question_words",
    "question_covered",
    "question_chars",
    "title_coverage",
    "questions_coverage",
    "exclusive_coverage",
    "body_chars",
    "first",
    "class_share",
];

/// What the calibrator sees of a question and its best candidate.
pub const QUESTION_FEATURES: &[&str] = &[
    "top_logit",
    "top_share",
    "margin",
    "top_coverage",
    "top_question_words",
    "top_question_covered",
    "top_question_chars",
    "unknown_share",
    "unknown_words",
    "corrected_share",
    "terms",
    "top_class_share",
    "class_share_margin",
];

/// Where `name` sits among the candidate features; naming a feature that is
/// not there stops the build.
const fn candidate_feature(name: &str) -> usize {
    let mut i = 0;
    while i < CANDIDATE_FEATURES.len() {
        let (a, b) = (CANDIDATE_FEATURES[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("not a candidate feature")
}

const COVERAGE: usize = candidate_feature("coverage");
const QUESTION_WORDS: usize = candidate_feature("question_words");
const QUESTION_COVERED: usize = candidate_feature("question_covered");
const QUESTION_CHARS: usize = candidate_feature("question_chars");
const CLASS_SHARE: usize = candidate_feature("class_share");
/// BM25's usual constants.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Margins beyond this say nothing more; a lone candidate gets it.
const MAX_MARGIN: f32 = 8.0;

/// One term of the question with its statistics in one language.
#[derive(Debug, Clone)]
pub(crate) struct QueryTerm {
    pub stem: String,
    /// IDF in the language (a word no article uses gets the rarest IDF).
    pub weight: f32,
    /// IDF per field: title, questions, body.
    pub field_idf: [f32; 3],
    pub indexed: bool,
    pub corrected: bool,
}

/// The question as the features need it.
#[derive(Debug, Clone)]
pub(crate) struct QueryView {
    pub terms: Vec<QueryTerm>,
    /// Content-word trigrams, unit length.
    pub grams: Grams,
    /// Mean length of each field over the language's articles.
    pub mean_len: [f32; 3],
}

impl QueryView {
    fn total_weight(&self) -> f32 {
        self.terms.iter().map(|t| t.weight).sum()
    }

    fn norm(&self) -> f32 {
        self.terms
            .iter()
            .map(|t| t.weight * t.weight)
            .sum::<f32>()
            .sqrt()
    }
}

/// One of an article's own phrasings (its title or one of its questions).
#[derive(Debug, Clone)]
pub(crate) struct Phrasing {
    /// Unique stems with their IDF.
    pub terms: Vec<(String, f32)>,
    pub norm: f32,
    /// Content-word trigrams, unit length.
    pub grams: Grams,
    /// All its folded words, to recognise the phrasing asked verbatim.
    pub words: Vec<String>,
}

/// What an article looks like to the features; built once per article.
#[derive(Debug, Clone)]
pub(crate) struct Profile {
    pub id: String,
    /// Term counts per field: title, questions, body.
    pub counts: [HashMap<String, u32>; 3],
    pub lens: [f32; 3],
    pub phrasings: Vec<Phrasing>,
    /// Content-word trigrams of the body, unit length.
    pub body_grams: Grams,
}

/// Trigrams (as 64-bit FNV-1a hashes) with their weights, sorted: sums over
/// them always add up in the same order, so a refit gives the same weights
/// to the bit, and comparing numbers is cheaper than comparing strings.
pub(crate) type Grams = Vec<(u64, f32)>;

fn fnv1a(chars: &[char]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        for byte in (*c as u32).to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Content-word trigrams of `text`, unit length: survives typos and
/// compounds that the word pipeline cannot split.
pub(crate) fn content_grams(analyzer: &Analyzer, text: &str) -> Grams {
    let mut all: Vec<u64> = Vec::new();
    for word in analyzer.plain_terms(text) {
        let padded: Vec<char> = format!(" {word} ").chars().collect();
        for gram in padded.windows(3) {
            all.push(fnv1a(gram));
        }
    }
    all.sort_unstable();
    let mut grams: Grams = Vec::new();
    for gram in all {
        match grams.last_mut() {
            Some((last, count)) if *last == gram => *count += 1.0,
            _ => grams.push((gram, 1.0)),
        }
    }
    let norm = grams.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, v) in &mut grams {
            *v /= norm;
        }
    }
    grams
}

fn cosine(a: &Grams, b: &Grams) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

impl Profile {
    /// Builds the profile of an article from its stored texts.
    pub fn new(
        analyzer: &Analyzer,
        id: String,
        title: &str,
        questions: &[&str],
        body: &str,
        idf: &dyn Fn(&str) -> f32,
    ) -> Profile {
        let count = |texts: &[&str]| {
            let mut counts: HashMap<String, u32> = HashMap::new();
            let mut len = 0.0;
            for text in texts {
                for term in analyzer.index_terms(text) {
                    len += 1.0;
                    *counts.entry(term).or_default() += 1;
                }
            }
            (counts, len)
        };
        let (title_counts, title_len) = count(&[title]);
        let (question_counts, question_len) = count(questions);
        let (body_counts, body_len) = count(&[body]);
        let phrasings = std::iter::once(title)
            .chain(questions.iter().copied())
            .map(|text| {
                let terms: Vec<(String, f32)> = analyzer
                    .query_terms(text)
                    .into_iter()
                    .map(|t| {
                        let w = idf(&t.stem);
                        (t.stem, w)
                    })
                    .collect();
                let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                Phrasing {
                    terms,
                    norm,
                    grams: content_grams(analyzer, text),
                    words: analyzer.all_words(text),
                }
            })
            .collect();
        Profile {
            id,
            counts: [title_counts, question_counts, body_counts],
            lens: [title_len, question_len, body_len],
            phrasings,
            body_grams: content_grams(analyzer, body),
        }
    }
}

impl Profile {
    /// Whether any field of the article has `stem`.
    pub fn contains(&self, stem: &str) -> bool {
        self.counts.iter().any(|c| c.contains_key(stem))
    }

    /// Whether `words` (all folded words) are one of the article's own
    /// phrasings, word for word.
    pub fn lists(&self, words: &[String]) -> bool {
        !words.is_empty() && self.phrasings.iter().any(|p| p.words == words)
    }
}

/// The ranker's features of `profile` for `query`; `relative` is tantivy's
/// score over the best one's, `rank` its place in tantivy's list,
/// `class_share` the article classifier's share among the candidates.
pub(crate) fn candidate_features(
    query: &QueryView,
    profile: &Profile,
    relative: f32,
    rank: usize,
    sharing: &[f32],
    class_share: f32,
) -> Vec<f32> {
    let total = query.total_weight().max(f32::EPSILON);
    let mut bm25 = [0.0f32; 3];
    let mut covered = 0.0;
    let mut in_title = 0.0;
    let mut in_questions = 0.0;
    let mut exclusive = 0.0;
    for (i, t) in query.terms.iter().enumerate() {
        if profile.counts[0].contains_key(&t.stem) {
            in_title += t.weight;
        }
        if profile.counts[1].contains_key(&t.stem) {
            in_questions += t.weight;
        }
        if profile.contains(&t.stem) {
            exclusive += t.weight / sharing.get(i).copied().unwrap_or(1.0).max(1.0);
        }
        let mut found = false;
        for (f, score) in bm25.iter_mut().enumerate() {
            let tf = profile.counts[f].get(&t.stem).copied().unwrap_or(0) as f32;
            if tf > 0.0 {
                found = true;
                let norm = 1.0 - B + B * profile.lens[f] / query.mean_len[f].max(1.0);
                *score += t.field_idf[f] * tf * (K1 + 1.0) / (tf + K1 * norm);
            }
        }
        if found {
            covered += t.weight;
        }
    }
    let q_norm = query.norm().max(f32::EPSILON);
    let weights: HashMap<&str, f32> = query
        .terms
        .iter()
        .map(|t| (t.stem.as_str(), t.weight))
        .collect();
    let (mut best_words, mut best_covered, mut best_chars) = (0.0f32, 0.0f32, 0.0f32);
    for p in &profile.phrasings {
        let mut shared = 0.0;
        let mut shared_idf = 0.0;
        for (stem, w) in &p.terms {
            if let Some(qw) = weights.get(stem.as_str()) {
                shared += qw * w;
                shared_idf += w;
            }
        }
        let words = if p.norm > 0.0 {
            shared / (q_norm * p.norm)
        } else {
            0.0
        };
        if words > best_words {
            best_words = words;
            let p_total: f32 = p.terms.iter().map(|(_, w)| w).sum();
            best_covered = if p_total > 0.0 {
                shared_idf / p_total
            } else {
                0.0
            };
        }
        best_chars = best_chars.max(cosine(&query.grams, &p.grams));
    }
    vec![
        bm25[0] / total,
        bm25[1] / total,
        bm25[2] / total,
        relative,
        covered / total,
        best_words,
        best_covered,
        best_chars,
        in_title / total,
        in_questions / total,
        exclusive / total,
        cosine(&query.grams, &profile.body_grams),
        if rank == 0 { 1.0 } else { 0.0 },
        class_share,
    ]
}

/// What the calibrator needs of the question alone: the share of its weight
/// in words no article uses, how many such words (log), the share of
/// corrected words, the term count (log).
pub(crate) fn query_stats(query: &QueryView) -> [f32; 4] {
    let total = query.total_weight().max(f32::EPSILON);
    let unknown: f32 = query
        .terms
        .iter()
        .filter(|t| !t.indexed)
        .map(|t| t.weight)
        .sum();
    let corrected = query.terms.iter().filter(|t| t.corrected).count() as f32;
    let n = query.terms.len() as f32;
    let unknown_words = query.terms.iter().filter(|t| !t.indexed).count() as f32;
    [
        unknown / total,
        (1.0 + unknown_words).ln(),
        if n > 0.0 { corrected / n } else { 0.0 },
        (1.0 + n).ln(),
    ]
}

/// The calibrator's features, from the candidates in ranked order
/// (`(ranker logit, candidate features)`, best first).
pub(crate) fn question_features(stats: &[f32; 4], ranked: &[(f32, Vec<f32>)]) -> Vec<f32> {
    let (top, features) = match ranked.first() {
        Some((logit, f)) => (*logit, f.as_slice()),
        None => (-MAX_MARGIN, &[][..]),
    };
    let share = {
        let sum: f32 = ranked.iter().map(|(l, _)| (l - top).exp()).sum();
        if sum > 0.0 { 1.0 / sum } else { 0.0 }
    };
    let margin = match ranked.get(1) {
        Some((second, _)) => (top - second).min(MAX_MARGIN),
        None => MAX_MARGIN,
    };
    let at = |i: usize| features.get(i).copied().unwrap_or(0.0);
    vec![
        top,
        share,
        margin,
        at(COVERAGE),
        at(QUESTION_WORDS),
        at(QUESTION_COVERED),
        at(QUESTION_CHARS),
        stats[0],
        stats[1],
        stats[2],
        stats[3],
        at(CLASS_SHARE),
        // How far the classifier puts the ranker's choice ahead of the rest.
        at(CLASS_SHARE)
            - ranked
                .iter()
                .skip(1)
                .map(|(_, f)| f.get(CLASS_SHARE).copied().unwrap_or(0.0))
                .fold(0.0, f32::max),
    ]
}
