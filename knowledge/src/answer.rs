//! From a question to an [`Answer`]: pick the language, rank, measure confidence.

use crate::analysis::{Analyzer, QueryTerm, detect_language};
use crate::index::OpenIndex;
use crate::markdown;
use locales::Lang;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED, TantivyDocument, Term};

/// Below this confidence the question counts as not answered.
pub const CONFIDENCE_THRESHOLD: f32 = 0.35;
/// How many articles tantivy hands over for re-ranking.
const CANDIDATES: usize = 10;
/// How many other articles an answer suggests.
pub const MAX_ALTERNATIVES: usize = 2;
/// A word no article uses says more about the question than any article word:
/// it is what makes "weather in Berlin" off-topic.
const UNKNOWN_WORD_WEIGHT: f32 = 1.4;
/// A corrected typo is probably, not certainly, what the member meant.
const CORRECTION_CREDIT: f32 = 0.85;
/// How much the BM25 score (relative to the best) counts next to coverage.
const BM25_SHARE: f32 = 0.3;
/// A word in more than this share of a language's articles ("how", "group")
/// says little; a match on such words alone is no evidence.
const GENERIC_SHARE: f32 = 0.5;
/// In a corpus this small every word is in half the articles; skip the rule.
const GENERIC_MIN_ARTICLES: f32 = 4.0;

/// A short passage of the answer with the matched words marked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snippet {
    /// Plain text, no markdown.
    pub text: String,
    /// Byte ranges in `text` of the words that matched the question.
    pub highlights: Vec<Range<usize>>,
}

/// The article chosen as the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    /// The article id.
    pub id: String,
    /// The headline.
    pub title: String,
    /// The full answer, in markdown.
    pub body: String,
    /// The passage that matches the question best.
    pub snippet: Snippet,
    /// Ids of articles worth reading next.
    pub related: Vec<String>,
}

/// Another article that might help.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The article id.
    pub id: String,
    /// The headline, in the answer's language.
    pub title: String,
    /// How well it matches, 0..1.
    pub confidence: f32,
}

/// What the FAQ says to a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// The language the question was asked in (given or detected).
    pub question_lang: Lang,
    /// The language of the answer; differs from `question_lang` only when the
    /// matching article has no translation.
    pub lang: Lang,
    /// How well the best article matches, 0..1.
    pub confidence: f32,
    /// The answer, when `confidence` reaches [`CONFIDENCE_THRESHOLD`].
    pub article: Option<Found>,
    /// Up to [`MAX_ALTERNATIVES`] other articles; when there is no answer,
    /// the closest ones.
    pub alternatives: Vec<Suggestion>,
}

impl Answer {
    /// Whether the FAQ answers the question.
    pub fn answered(&self) -> bool {
        self.article.is_some()
    }

    /// Whether the answer is in another language than the question.
    pub fn in_other_language(&self) -> bool {
        self.lang != self.question_lang
    }

    fn empty(lang: Lang) -> Answer {
        Answer {
            question_lang: lang,
            lang,
            confidence: 0.0,
            article: None,
            alternatives: Vec::new(),
        }
    }
}

struct WeightedTerm {
    term: QueryTerm,
    weight: f32,
    indexed: bool,
    generic: bool,
}

struct Candidate {
    address: DocAddress,
    coverage: f32,
    score: f32,
    /// Which query terms the article contains.
    matched: Vec<bool>,
}

struct Ranking {
    lang: Lang,
    terms: Vec<WeightedTerm>,
    candidates: Vec<Candidate>,
}

impl Ranking {
    fn confidence(&self) -> f32 {
        self.candidates.first().map_or(0.0, |c| c.coverage)
    }
}

fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl OpenIndex {
    fn analyzer(&self, lang: Lang) -> &Analyzer {
        match lang {
            Lang::En => &self.en,
            Lang::De => &self.de,
        }
    }

    /// Answers `question`, in `lang` when given, else in the detected language.
    pub(crate) fn answer(&self, question: &str, lang: Option<Lang>) -> tantivy::Result<Answer> {
        let searcher = self.reader.searcher();
        let ranking = match lang.or_else(|| detect_language(question, &self.en, &self.de).lang()) {
            Some(lang) => self.rank(&searcher, question, lang)?,
            None => {
                // Too few words to tell the language: the one whose articles
                // match better wins, English on a tie.
                let en = self.rank(&searcher, question, Lang::En)?;
                let de = self.rank(&searcher, question, Lang::De)?;
                if de.confidence() > en.confidence() {
                    de
                } else {
                    en
                }
            }
        };
        let question_lang = ranking.lang;
        if ranking.confidence() < CONFIDENCE_THRESHOLD {
            // An article that exists only in the other language still helps.
            // The question's own function words ("how", "do", "I") would count
            // as unknown words there; only its content can match.
            let content = self.analyzer(question_lang).without_stopwords(question);
            let other = self.rank(&searcher, &content, question_lang.other())?;
            if other.confidence() >= CONFIDENCE_THRESHOLD
                && let Some(best) = other.candidates.first()
            {
                let id = stored_text(&searcher.doc(best.address)?, self.fields.id);
                if !self.has_article(&searcher, &id, question_lang)? {
                    let mut answer = self.answer_from(&searcher, &other)?;
                    answer.question_lang = question_lang;
                    return Ok(answer);
                }
            }
        }
        self.answer_from(&searcher, &ranking)
    }

    fn has_article(&self, searcher: &Searcher, id: &str, lang: Lang) -> tantivy::Result<bool> {
        let key = Term::from_field_text(self.fields.key, &format!("{}:{id}", lang.code()));
        Ok(searcher.doc_freq(&key)? > 0)
    }

    fn rank(&self, searcher: &Searcher, question: &str, lang: Lang) -> tantivy::Result<Ranking> {
        let analyzer = self.analyzer(lang);
        let fields = self.fields.of(lang);
        let articles =
            searcher.doc_freq(&Term::from_field_text(self.fields.lang, lang.code()))? as f32;
        let mut terms = Vec::new();
        for term in analyzer.query_terms(question) {
            let mut df = 0;
            for (field, _) in fields.weighted() {
                df = df.max(searcher.doc_freq(&Term::from_field_text(field, &term.stem))?);
            }
            let df = df as f32;
            let idf = (1.0 + (articles - df + 0.5) / (df + 0.5)).ln();
            let weight = if df == 0.0 {
                idf * UNKNOWN_WORD_WEIGHT
            } else {
                idf
            };
            terms.push(WeightedTerm {
                term,
                weight,
                indexed: df > 0.0,
                generic: articles >= GENERIC_MIN_ARTICLES && df > GENERIC_SHARE * articles,
            });
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in terms.iter().filter(|t| t.indexed) {
            for (field, boost) in fields.weighted() {
                let query = TermQuery::new(
                    Term::from_field_text(field, &t.term.stem),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(query), boost)),
                ));
            }
        }
        if clauses.is_empty() {
            return Ok(Ranking {
                lang,
                terms,
                candidates: Vec::new(),
            });
        }
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &tantivy::collector::TopDocs::with_limit(CANDIDATES).order_by_score(),
        )?;
        let best_bm25 = top.first().map_or(1.0, |(s, _)| s.max(f32::EPSILON));
        let total_weight: f32 = terms.iter().map(|t| t.weight).sum();
        let mut candidates: Vec<Candidate> = top
            .into_iter()
            .map(|(bm25, address)| Candidate {
                address,
                coverage: 0.0,
                score: BM25_SHARE * bm25 / best_bm25,
                matched: vec![false; terms.len()],
            })
            .collect();
        self.mark_matches(searcher, lang, &terms, &mut candidates)?;
        for c in &mut candidates {
            let covered: f32 = terms
                .iter()
                .zip(&c.matched)
                .filter(|(_, m)| **m)
                .map(|(t, _)| {
                    if t.term.corrected {
                        t.weight * CORRECTION_CREDIT
                    } else {
                        t.weight
                    }
                })
                .sum();
            let specific = terms.iter().zip(&c.matched).any(|(t, m)| *m && !t.generic);
            c.coverage = if total_weight > 0.0 && specific {
                covered / total_weight
            } else {
                0.0
            };
            c.score += c.coverage;
        }
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.address.cmp(&b.address)));
        Ok(Ranking {
            lang,
            terms,
            candidates,
        })
    }

    /// Reads the postings of each query term to see which candidates contain it.
    fn mark_matches(
        &self,
        searcher: &Searcher,
        lang: Lang,
        terms: &[WeightedTerm],
        candidates: &mut [Candidate],
    ) -> tantivy::Result<()> {
        let mut by_segment: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, c) in candidates.iter().enumerate() {
            by_segment.entry(c.address.segment_ord).or_default().push(i);
        }
        for (segment, mut members) in by_segment {
            members.sort_by_key(|&i| candidates[i].address.doc_id);
            let reader = searcher.segment_reader(segment);
            for (field, _) in self.fields.of(lang).weighted() {
                let inverted = reader.inverted_index(field)?;
                for (t_index, t) in terms.iter().enumerate().filter(|(_, t)| t.indexed) {
                    let term = Term::from_field_text(field, &t.term.stem);
                    let Some(mut postings) =
                        inverted.read_postings(&term, IndexRecordOption::Basic)?
                    else {
                        continue;
                    };
                    for &i in &members {
                        let doc = candidates[i].address.doc_id;
                        let at = postings.doc();
                        if at == TERMINATED || at > doc {
                            continue;
                        }
                        if postings.seek(doc) == doc {
                            candidates[i].matched[t_index] = true;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn answer_from(&self, searcher: &Searcher, ranking: &Ranking) -> tantivy::Result<Answer> {
        let mut answer = Answer::empty(ranking.lang);
        let confidence = ranking.confidence();
        answer.confidence = confidence;
        let answered = confidence >= CONFIDENCE_THRESHOLD;
        let mut seen = Vec::new();
        for (rank, c) in ranking.candidates.iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(c.address)?;
            let id = stored_text(&doc, self.fields.id);
            if seen.contains(&id) {
                continue;
            }
            seen.push(id.clone());
            let title = stored_text(&doc, self.fields.title);
            if rank == 0 && answered {
                let body = stored_text(&doc, self.fields.body);
                let snippet = self.snippet(ranking, &body);
                let related = doc
                    .get_all(self.fields.related)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
                answer.article = Some(Found {
                    id,
                    title,
                    body,
                    snippet,
                    related,
                });
            } else if c.coverage > 0.0 && answer.alternatives.len() < MAX_ALTERNATIVES {
                answer.alternatives.push(Suggestion {
                    id,
                    title,
                    confidence: c.coverage,
                });
            }
        }
        Ok(answer)
    }

    /// The sentence of `body` that holds the most question weight, with the
    /// matching words marked.
    fn snippet(&self, ranking: &Ranking, body: &str) -> Snippet {
        let analyzer = self.analyzer(ranking.lang);
        let weights: HashMap<&str, f32> = ranking
            .terms
            .iter()
            .map(|t| (t.term.stem.as_str(), t.weight))
            .collect();
        let plain = markdown::to_plain(body);
        let mut best: Option<(f32, Snippet)> = None;
        for sentence in markdown::sentences(&plain) {
            let mut score = 0.0;
            let mut highlights: Vec<Range<usize>> = Vec::new();
            for piece in analyzer.word_stems(sentence) {
                if let Some(w) = weights.get(piece.stem.as_str()) {
                    score += w;
                    let range = piece.span.0..piece.span.1;
                    if !highlights.contains(&range) {
                        highlights.push(range);
                    }
                }
            }
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                highlights.sort_by_key(|r| r.start);
                best = Some((
                    score,
                    Snippet {
                        text: sentence.to_string(),
                        highlights,
                    },
                ));
            }
        }
        best.map(|(_, s)| s).unwrap_or(Snippet {
            text: plain,
            highlights: Vec::new(),
        })
    }
}
