//! From a question to an [`Answer`]: pick the language, gather candidates
//! with tantivy's BM25, rank them with the fitted model and answer only when
//! the calibrated probability that the best one is right reaches the threshold.

use crate::analysis::{Analyzer, detect_language};
use crate::eval::LabelledQuestion;
use crate::index::OpenIndex;
use crate::markdown;
use crate::ranker::Example;
use crate::ranker::classifier::ArticleClassifier;
use crate::ranker::features::{
    Profile, QueryTerm, QueryView, candidate_features, content_grams, query_stats,
    question_features,
};
use locales::Lang;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// How many articles tantivy hands over for ranking.
const CANDIDATES: usize = 10;
/// How many other articles an answer suggests.
pub const MAX_ALTERNATIVES: usize = 2;
/// Profiles kept before the cache starts over (bounds memory on big corpora).
const MAX_PROFILES: usize = 4096;

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
    /// How likely it is to be what the member wants, 0..1.
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
    /// The probability that the best article is the right answer.
    pub confidence: f32,
    /// The answer, when `confidence` reaches the model's threshold.
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

struct Candidate {
    address: DocAddress,
    profile: Arc<Profile>,
    features: Vec<f32>,
    logit: f32,
}

struct Ranking {
    lang: Lang,
    query: QueryView,
    /// Best first, by the ranker.
    candidates: Vec<Candidate>,
    /// Calibrated probability that the first candidate is right.
    probability: f32,
    /// The ranker's own best candidate: its calibrated probability and
    /// logit, which the alternatives' confidences are relative to. Not the
    /// answer's when a phrasing asked word for word overrode the ranker.
    reference: (f32, f32),
}

/// Tantivy's candidates with their features, before the model orders them.
struct Gathered {
    query: QueryView,
    candidates: Vec<(DocAddress, Arc<Profile>, Vec<f32>)>,
}

fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn idf(articles: f32, df: f32) -> f32 {
    (1.0 + (articles - df + 0.5) / (df + 0.5)).ln()
}

impl OpenIndex {
    fn analyzer(&self, lang: Lang) -> &Analyzer {
        match lang {
            Lang::En => &self.en,
            Lang::De => &self.de,
        }
    }

    fn classifier(&self, lang: Lang) -> &ArticleClassifier {
        match lang {
            Lang::En => &self.classifiers[0],
            Lang::De => &self.classifiers[1],
        }
    }

    /// Answers `question`, in `lang` when given, else in the detected language.
    pub(crate) fn answer(&self, question: &str, lang: Option<Lang>) -> tantivy::Result<Answer> {
        let searcher = self.reader.searcher();
        let ranking = match lang.or_else(|| detect_language(question, &self.en, &self.de).lang()) {
            Some(lang) => self.rank(&searcher, question, lang)?,
            None => {
                // Too few words to tell the language: the one whose best
                // article is more likely right wins, English on a tie.
                let en = self.rank(&searcher, question, Lang::En)?;
                let de = self.rank(&searcher, question, Lang::De)?;
                if de.probability > en.probability {
                    de
                } else {
                    en
                }
            }
        };
        let question_lang = ranking.lang;
        if ranking.probability < self.model.threshold {
            // An article that exists only in the other language still helps.
            // The question's own function words ("how", "do", "I") would count
            // as unknown words there; only its content can match.
            let content = self.analyzer(question_lang).without_stopwords(question);
            let other = self.rank(&searcher, &content, question_lang.other())?;
            if other.probability >= self.model.threshold
                && let Some(best) = other.candidates.first()
                && !self.has_article(&searcher, &best.profile.id, question_lang)?
            {
                let mut answer = self.answer_from(&searcher, &other)?;
                answer.question_lang = question_lang;
                return Ok(answer);
            }
        }
        self.answer_from(&searcher, &ranking)
    }

    /// The candidates and features of a labelled question, for fitting.
    pub(crate) fn example(&self, asked: usize, q: &LabelledQuestion) -> tantivy::Result<Example> {
        let searcher = self.reader.searcher();
        let lang = detect_language(&q.text, &self.en, &self.de)
            .lang()
            .unwrap_or(q.lang);
        let gathered = self.gather(&searcher, &q.text, lang)?;
        Ok(Example {
            accepted: q.accepted.clone(),
            stats: query_stats(&gathered.query),
            candidates: gathered
                .candidates
                .into_iter()
                .map(|(_, profile, features)| (profile.id.clone(), features))
                .collect(),
            asked,
        })
    }

    fn has_article(&self, searcher: &Searcher, id: &str, lang: Lang) -> tantivy::Result<bool> {
        let key = Term::from_field_text(self.fields.key, &format!("{}:{id}", lang.code()));
        Ok(searcher.doc_freq(&key)? > 0)
    }

    fn rank(&self, searcher: &Searcher, question: &str, lang: Lang) -> tantivy::Result<Ranking> {
        let gathered = self.gather(searcher, question, lang)?;
        let mut candidates: Vec<Candidate> = gathered
            .candidates
            .into_iter()
            .map(|(address, profile, features)| Candidate {
                logit: self.model.ranker.logit(&features),
                address,
                profile,
                features,
            })
            .collect();
        candidates.sort_by(|a, b| b.logit.total_cmp(&a.logit).then(a.address.cmp(&b.address)));
        let probability = if candidates.is_empty() {
            0.0
        } else {
            let ranked: Vec<(f32, Vec<f32>)> = candidates
                .iter()
                .map(|c| (c.logit, c.features.clone()))
                .collect();
            self.model
                .calibrator
                .probability(&question_features(&query_stats(&gathered.query), &ranked))
        };
        let reference = (probability, candidates.first().map_or(0.0, |c| c.logit));
        // A question that is word for word one of an article's own phrasings
        // (a moderator may have linked it) needs no model: that article
        // answers. When two articles list it, the model decides between them.
        let words = self.analyzer(lang).all_words(question);
        let listing: Vec<usize> = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| c.profile.lists(&words))
            .map(|(i, _)| i)
            .collect();
        if let [verbatim] = listing[..] {
            let listed = candidates.remove(verbatim);
            candidates.insert(0, listed);
            return Ok(Ranking {
                lang,
                query: gathered.query,
                candidates,
                probability: 1.0,
                reference,
            });
        }
        Ok(Ranking {
            lang,
            query: gathered.query,
            candidates,
            probability,
            reference,
        })
    }

    fn gather(&self, searcher: &Searcher, question: &str, lang: Lang) -> tantivy::Result<Gathered> {
        let analyzer = self.analyzer(lang);
        let fields = self.fields.of(lang);
        let weighted = fields.weighted();
        let articles =
            searcher.doc_freq(&Term::from_field_text(self.fields.lang, lang.code()))? as f32;
        let mut terms = Vec::new();
        for term in analyzer.query_terms(question) {
            let mut field_idf = [0.0f32; 3];
            let mut df_max = 0.0f32;
            for (i, (field, _)) in weighted.iter().enumerate() {
                let df = searcher.doc_freq(&Term::from_field_text(*field, &term.stem))? as f32;
                field_idf[i] = idf(articles, df);
                df_max = df_max.max(df);
            }
            terms.push(QueryTerm {
                weight: idf(articles, df_max),
                field_idf,
                indexed: df_max > 0.0,
                corrected: term.corrected,
                stem: term.stem,
            });
        }
        let mut mean_len = [0.0f32; 3];
        for (i, (field, _)) in weighted.iter().enumerate() {
            let mut tokens = 0u64;
            for segment in searcher.segment_readers() {
                tokens += segment.inverted_index(*field)?.total_num_tokens();
            }
            mean_len[i] = tokens as f32 / articles.max(1.0);
        }
        let query = QueryView {
            grams: content_grams(analyzer, question),
            terms,
            mean_len,
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in query.terms.iter().filter(|t| t.indexed) {
            for (field, boost) in weighted {
                let term_query = TermQuery::new(
                    Term::from_field_text(field, &t.stem),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(term_query), boost)),
                ));
            }
        }
        if clauses.is_empty() {
            return Ok(Gathered {
                query,
                candidates: Vec::new(),
            });
        }
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &tantivy::collector::TopDocs::with_limit(CANDIDATES).order_by_score(),
        )?;
        let best = top.first().map_or(1.0, |(s, _)| s.max(f32::EPSILON));
        let mut candidates = Vec::with_capacity(top.len());
        let mut profiles = Vec::with_capacity(top.len());
        for (score, address) in top {
            profiles.push((
                score,
                address,
                self.profile(searcher, address, lang, articles)?,
            ));
        }
        // How many candidates contain each term: a word only one of them
        // has tells it apart from its neighbours.
        let sharing: Vec<f32> = query
            .terms
            .iter()
            .map(|t| {
                profiles
                    .iter()
                    .filter(|(_, _, p)| p.contains(&t.stem))
                    .count() as f32
            })
            .collect();
        let stems: Vec<&str> = query.terms.iter().map(|t| t.stem.as_str()).collect();
        let ids: Vec<&str> = profiles.iter().map(|(_, _, p)| p.id.as_str()).collect();
        let shares = self.classifier(lang).shares(&stems, &ids);
        for (rank, ((score, address, profile), share)) in
            profiles.into_iter().zip(shares).enumerate()
        {
            let features =
                candidate_features(&query, &profile, score / best, rank, &sharing, share);
            candidates.push((address, profile, features));
        }
        Ok(Gathered { query, candidates })
    }

    /// The article's profile, built on first use.
    fn profile(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        lang: Lang,
        articles: f32,
    ) -> tantivy::Result<Arc<Profile>> {
        if let Ok(cache) = self.profiles.lock()
            && let Some(profile) = cache.get(&address)
        {
            return Ok(Arc::clone(profile));
        }
        let doc: TantivyDocument = searcher.doc(address)?;
        let questions: Vec<&str> = doc
            .get_all(self.fields.questions)
            .filter_map(|v| v.as_str())
            .collect();
        let fields = self.fields.of(lang).weighted();
        let idf_of = |stem: &str| {
            let df = fields
                .iter()
                .map(|(f, _)| {
                    searcher
                        .doc_freq(&Term::from_field_text(*f, stem))
                        .unwrap_or(0)
                })
                .max()
                .unwrap_or(0);
            idf(articles, df as f32)
        };
        let profile = Arc::new(Profile::new(
            self.analyzer(lang),
            stored_text(&doc, self.fields.id),
            &stored_text(&doc, self.fields.title),
            &questions,
            &stored_text(&doc, self.fields.body),
            &idf_of,
        ));
        // A poisoned cache only costs speed: the profile is rebuilt next time.
        if let Ok(mut cache) = self.profiles.lock() {
            if cache.len() >= MAX_PROFILES {
                cache.clear();
            }
            cache.insert(address, Arc::clone(&profile));
        }
        Ok(profile)
    }

    fn answer_from(&self, searcher: &Searcher, ranking: &Ranking) -> tantivy::Result<Answer> {
        let mut answer = Answer::empty(ranking.lang);
        answer.confidence = ranking.probability;
        let answered = ranking.probability >= self.model.threshold;
        let mut seen: Vec<&str> = Vec::new();
        for (rank, c) in ranking.candidates.iter().enumerate() {
            let id = c.profile.id.as_str();
            if seen.contains(&id) {
                continue;
            }
            seen.push(id);
            let doc: TantivyDocument = searcher.doc(c.address)?;
            let title = stored_text(&doc, self.fields.title);
            if rank == 0 && answered {
                let body = stored_text(&doc, self.fields.body);
                let snippet = self.snippet(ranking, &body);
                let related = doc
                    .get_all(self.fields.related)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
                answer.article = Some(Found {
                    id: id.to_string(),
                    title,
                    body,
                    snippet,
                    related,
                });
            } else if answer.alternatives.len() < MAX_ALTERNATIVES {
                // The ranker's best candidate carries the calibrated
                // probability; the others as much less as the ranker thinks
                // them less likely.
                let (probability, top) = ranking.reference;
                let confidence = probability * (c.logit - top).min(0.0).exp();
                answer.alternatives.push(Suggestion {
                    id: id.to_string(),
                    title,
                    confidence,
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
            .query
            .terms
            .iter()
            .map(|t| (t.stem.as_str(), t.weight))
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
