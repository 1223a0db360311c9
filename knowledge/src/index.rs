//! The one tantivy index over both languages: schema, building and opening.

use crate::analysis::{AnalysisData, Analyzer, Vocabulary, stopwords_in, vocabulary_without};
use crate::corpus::{Article, Corpus};
use crate::ranker::Model;
use crate::ranker::classifier::{ArticleClassifier, MAX_CLASSES};
use crate::ranker::features::Profile;
use locales::Lang;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::Value;
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

/// The fields of one language: analysed text, not stored.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LangFields {
    pub title: Field,
    pub questions: Field,
    pub body: Field,
    /// Folded but unstemmed words: the vocabulary for typo correction.
    pub plain: Field,
}

impl LangFields {
    /// The fields a question is matched against, with their boosts.
    pub fn weighted(&self) -> [(Field, f32); 3] {
        [(self.title, 2.0), (self.questions, 1.5), (self.body, 1.0)]
    }
}

/// Every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub lang: Field,
    /// `lang:id`, to ask whether a translation exists.
    pub key: Field,
    pub title: Field,
    /// The article's own questions, stored for the ranker's features.
    pub questions: Field,
    pub body: Field,
    pub related: Field,
    pub en: LangFields,
    pub de: LangFields,
}

impl Fields {
    pub fn of(&self, lang: Lang) -> &LangFields {
        match lang {
            Lang::En => &self.en,
            Lang::De => &self.de,
        }
    }
}

fn tokenizer_name(lang: Lang, plain: bool) -> String {
    format!(
        "helpdesk_{}{}",
        lang.code(),
        if plain { "_plain" } else { "" }
    )
}

/// Builds the schema; analyzers are named here and registered after opening.
pub(crate) fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let lang = builder.add_text_field("lang", STRING | STORED);
    let key = builder.add_text_field("key", STRING);
    let title = builder.add_text_field("title", STORED);
    let questions = builder.add_text_field("questions", STORED);
    let body = builder.add_text_field("body", STORED);
    let related = builder.add_text_field("related", STORED);
    let mut lang_fields = |lang: Lang| {
        let analysed = |plain: bool| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(&tokenizer_name(lang, plain))
                    .set_index_option(IndexRecordOption::WithFreqs),
            )
        };
        let code = lang.code();
        LangFields {
            title: builder.add_text_field(&format!("title_{code}"), analysed(false)),
            questions: builder.add_text_field(&format!("questions_{code}"), analysed(false)),
            body: builder.add_text_field(&format!("body_{code}"), analysed(false)),
            plain: builder.add_text_field(&format!("plain_{code}"), analysed(true)),
        }
    };
    let en = lang_fields(Lang::En);
    let de = lang_fields(Lang::De);
    let fields = Fields {
        id,
        lang,
        key,
        title,
        questions,
        body,
        related,
        en,
        de,
    };
    (builder.build(), fields)
}

/// Hands our own analysis to tantivy, so the index and the questions agree.
#[derive(Clone)]
struct PipelineTokenizer {
    analyzer: Arc<Analyzer>,
    plain: bool,
}

struct PreparedTokens {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for PreparedTokens {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1))]
    }

    fn token_mut(&mut self) -> &mut Token {
        let at = self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[at]
    }
}

impl Tokenizer for PipelineTokenizer {
    type TokenStream<'a> = PreparedTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreparedTokens {
        let terms = if self.plain {
            self.analyzer.plain_terms(text)
        } else {
            self.analyzer.index_terms(text)
        };
        let tokens = terms
            .into_iter()
            .enumerate()
            .map(|(position, text)| Token {
                position,
                text,
                ..Token::default()
            })
            .collect();
        PreparedTokens { tokens, next: 0 }
    }
}

/// A searchable index with the analyzers that built it.
pub(crate) struct OpenIndex {
    pub reader: IndexReader,
    pub fields: Fields,
    pub en: Arc<Analyzer>,
    pub de: Arc<Analyzer>,
    /// The fitted ranker and calibrator.
    pub model: Model,
    /// The articles as classes, learned from their own phrasings: English, German.
    pub classifiers: [ArticleClassifier; 2],
    /// Article profiles, built the first time an article is a candidate.
    pub profiles: Mutex<HashMap<DocAddress, Arc<Profile>>>,
}

fn register(index: &Index, en: &Arc<Analyzer>, de: &Arc<Analyzer>) {
    for analyzer in [en, de] {
        for plain in [false, true] {
            index.tokenizers().register(
                &tokenizer_name(analyzer.lang(), plain),
                PipelineTokenizer {
                    analyzer: Arc::clone(analyzer),
                    plain,
                },
            );
        }
    }
}

/// The texts whose words make up the typo vocabulary (not linked phrasings).
fn article_texts(article: &Article) -> impl Iterator<Item = &str> {
    std::iter::once(article.title.as_str())
        .chain(article.questions.iter().map(String::as_str))
        .chain(std::iter::once(article.body.as_str()))
}

fn corpus_vocabulary(corpus: &Corpus, lang: Lang) -> Vocabulary {
    let per_article: Vec<String> = corpus
        .articles
        .iter()
        .filter(|a| a.lang == lang)
        .map(|a| article_texts(a).collect::<Vec<_>>().join("\n"))
        .collect();
    let stop = stopwords_in(lang, corpus.analysis.of(lang));
    vocabulary_without(lang, &stop, per_article.iter().map(String::as_str))
}

/// The writer's heap; tantivy wants at least 15 MB per thread.
const WRITER_HEAP_BYTES: usize = 50_000_000;

/// Indexes `corpus` into `index` (fresh, RAM or folder).
pub(crate) fn build(index: Index, fields: Fields, corpus: &Corpus) -> tantivy::Result<OpenIndex> {
    let analyzer = |lang: Lang| {
        let vocabulary = corpus_vocabulary(corpus, lang);
        let articles = corpus.articles.iter().filter(|a| a.lang == lang).count();
        Arc::new(
            Analyzer::with_data(lang, vocabulary, corpus.analysis.of(lang))
                .counted_over(u32::try_from(articles).unwrap_or(u32::MAX)),
        )
    };
    // Independent work runs side by side, so that two cores make the index
    // ready sooner: first the two languages' analyzers, then the two
    // classifiers together with the document writer.
    let (en, de) = std::thread::scope(|scope| {
        let german = scope.spawn(|| analyzer(Lang::De));
        let english = analyzer(Lang::En);
        (english, rethrown(german.join()))
    });
    register(&index, &en, &de);
    // The classifiers learn from the corpus while tantivy indexes it; they
    // see the same texts as when an index is opened from disk.
    let (classifiers, written) = std::thread::scope(|scope| {
        let german = scope
            .spawn(|| ArticleClassifier::train(&de, &corpus_classifier_texts(corpus, Lang::De)));
        // The writer's own thread does the indexing; this one only waits
        // for its commit, so it must not hold up the English training.
        let written = scope.spawn(|| write_documents(&index, &fields, corpus));
        let english = ArticleClassifier::train(&en, &corpus_classifier_texts(corpus, Lang::En));
        ([english, rethrown(german.join())], rethrown(written.join()))
    });
    written?;
    finish(index, fields, en, de, classifiers)
}

/// What a helper thread returned. Its panic goes on in this thread, so that
/// German work fails the way English work on the calling thread does, rather
/// than leaving one language quietly without its part.
fn rethrown<T>(joined: std::thread::Result<T>) -> T {
    joined.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Adds every article of `corpus` to `index` and commits.
fn write_documents(index: &Index, fields: &Fields, corpus: &Corpus) -> tantivy::Result<()> {
    // One thread below 10,000 articles: with two, which thread takes which
    // article varies between runs, and three fits of the shipped corpus gave
    // three model files differing in the last digits.
    let threads = if corpus.articles.len() < 10_000 { 1 } else { 2 };
    let mut writer =
        index.writer_with_num_threads::<TantivyDocument>(threads, WRITER_HEAP_BYTES)?;
    for article in &corpus.articles {
        let lf = fields.of(article.lang);
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.id, &article.id);
        doc.add_text(fields.lang, article.lang.code());
        doc.add_text(
            fields.key,
            format!("{}:{}", article.lang.code(), article.id),
        );
        doc.add_text(fields.title, &article.title);
        // Linked phrasings too: the ranker compares a question with each of
        // them, and one asked word for word is answered by its article.
        for question in article.phrasings() {
            doc.add_text(fields.questions, question);
        }
        doc.add_text(fields.body, &article.body);
        for related in &article.related {
            doc.add_text(fields.related, related);
        }
        doc.add_text(lf.title, &article.title);
        // Linked phrasings are searched like the authors' questions but stay
        // out of `plain`: a member's typo must not become a word we "know".
        for question in article.phrasings() {
            doc.add_text(lf.questions, question);
        }
        doc.add_text(lf.body, &article.body);
        for text in article_texts(article) {
            doc.add_text(lf.plain, text);
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()
}

/// The id, title and phrasings (linked ones too) of `lang`'s articles, as
/// [`classifier_texts`] reads them back from a stored index; empty when the
/// language has too many articles to train on.
fn corpus_classifier_texts(corpus: &Corpus, lang: Lang) -> Vec<(String, Vec<String>)> {
    let articles = corpus.articles.iter().filter(|a| a.lang == lang);
    if articles.clone().count() > MAX_CLASSES {
        return Vec::new();
    }
    articles
        .map(|a| {
            let texts = std::iter::once(a.title.as_str())
                .chain(a.phrasings())
                .map(str::to_string)
                .collect();
            (a.id.clone(), texts)
        })
        .collect()
}

/// The stored id, title and phrasings (linked ones too) of `lang`'s articles,
/// for its classifier: a built index and one opened from disk train on the
/// same texts. Empty when the language has too many articles to train on.
fn classifier_texts(
    searcher: &Searcher,
    fields: &Fields,
    lang: Lang,
) -> tantivy::Result<Vec<(String, Vec<String>)>> {
    let lang = Term::from_field_text(fields.lang, lang.code());
    if searcher.doc_freq(&lang)? as usize > MAX_CLASSES {
        return Ok(Vec::new());
    }
    let mut addresses: Vec<DocAddress> = searcher
        .search(
            &TermQuery::new(lang, IndexRecordOption::Basic),
            &DocSetCollector,
        )?
        .into_iter()
        .collect();
    addresses.sort();
    let mut articles = Vec::with_capacity(addresses.len());
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field: Field| {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
        };
        let id = text(fields.id).next().unwrap_or_default();
        articles.push((
            id,
            text(fields.title).chain(text(fields.questions)).collect(),
        ));
    }
    Ok(articles)
}

fn finish(
    index: Index,
    fields: Fields,
    en: Arc<Analyzer>,
    de: Arc<Analyzer>,
    classifiers: [ArticleClassifier; 2],
) -> tantivy::Result<OpenIndex> {
    // Manual reload: the index never changes after it is built or opened.
    let reader: IndexReader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok(OpenIndex {
        reader,
        fields,
        en,
        de,
        model: Model::embedded(),
        classifiers,
        profiles: Mutex::new(HashMap::new()),
    })
}

/// Trains both languages' classifiers on the texts stored in `searcher`.
fn stored_classifiers(
    searcher: &Searcher,
    fields: &Fields,
    en: &Analyzer,
    de: &Analyzer,
) -> tantivy::Result<[ArticleClassifier; 2]> {
    let (en_articles, de_articles) = (
        classifier_texts(searcher, fields, Lang::En)?,
        classifier_texts(searcher, fields, Lang::De)?,
    );
    // The two languages train side by side: the index is ready sooner.
    Ok(std::thread::scope(|scope| {
        let german = scope.spawn(|| ArticleClassifier::train(de, &de_articles));
        let english = ArticleClassifier::train(en, &en_articles);
        [english, rethrown(german.join())]
    }))
}

/// Builds the index for `corpus` in memory.
pub(crate) fn build_in_ram(corpus: &Corpus) -> tantivy::Result<OpenIndex> {
    let (schema, fields) = schema();
    build(Index::create_in_ram(schema), fields, corpus)
}

/// The word lists an on-disk index was built with, kept beside it: they are
/// not in the index, and questions must be analysed with the same ones.
const WORD_LISTS: &str = "helpdesk-word-lists.toml";

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredLists {
    en: [String; 3],
    de: [String; 3],
}

/// Builds the index for `corpus` in the empty folder `dir`.
pub(crate) fn build_in_dir(corpus: &Corpus, dir: &Path) -> tantivy::Result<OpenIndex> {
    let (schema, fields) = schema();
    let open = build(Index::create_in_dir(dir, schema)?, fields, corpus)?;
    let lists = |lang: Lang| {
        let d = corpus.analysis.of(lang);
        [d.stopwords.clone(), d.synonyms.clone(), d.lexicon.clone()]
    };
    let stored = StoredLists {
        en: lists(Lang::En),
        de: lists(Lang::De),
    };
    let text = toml::to_string(&stored)
        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
    std::fs::write(dir.join(WORD_LISTS), text)
        .map_err(|e| tantivy::TantivyError::InternalError(format!("{WORD_LISTS}: {e}")))?;
    Ok(open)
}

fn stored_lists(dir: &Path) -> tantivy::Result<AnalysisData> {
    let text = match std::fs::read_to_string(dir.join(WORD_LISTS)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(AnalysisData::embedded()),
        Err(e) => {
            return Err(tantivy::TantivyError::InternalError(format!(
                "{WORD_LISTS}: {e}"
            )));
        }
    };
    let stored: StoredLists = toml::from_str(&text)
        .map_err(|e| tantivy::TantivyError::InternalError(format!("{WORD_LISTS}: {e}")))?;
    let [en_stop, en_syn, en_lex] = stored.en;
    let [de_stop, de_syn, de_lex] = stored.de;
    Ok(AnalysisData::new(
        crate::analysis::LanguageData {
            stopwords: en_stop,
            synonyms: en_syn,
            lexicon: en_lex,
        },
        crate::analysis::LanguageData {
            stopwords: de_stop,
            synonyms: de_syn,
            lexicon: de_lex,
        },
    ))
}

/// Opens an index built by [`build_in_dir`], reading the vocabularies back
/// from its plain fields so that questions are analysed as the articles were.
pub(crate) fn open_dir(dir: &Path) -> tantivy::Result<OpenIndex> {
    let index = Index::open_in_dir(dir)?;
    let (_, fields) = schema();
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let read_vocabulary = |field: Field| -> tantivy::Result<Vocabulary> {
        let mut vocabulary = Vocabulary::default();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                let word = String::from_utf8_lossy(stream.key()).into_owned();
                *vocabulary.entry(word).or_default() += stream.value().doc_freq;
            }
        }
        Ok(vocabulary)
    };
    let lists = stored_lists(dir)?;
    let analyzer = |lang: Lang| -> tantivy::Result<Arc<Analyzer>> {
        let vocabulary = read_vocabulary(fields.of(lang).plain)?;
        let articles = searcher.doc_freq(&Term::from_field_text(fields.lang, lang.code()))?;
        Ok(Arc::new(
            Analyzer::with_data(lang, vocabulary, lists.of(lang))
                .counted_over(u32::try_from(articles).unwrap_or(u32::MAX)),
        ))
    };
    let (en, de) = (analyzer(Lang::En)?, analyzer(Lang::De)?);
    register(&index, &en, &de);
    let classifiers = stored_classifiers(&searcher, &fields, &en, &de)?;
    finish(index, fields, en, de, classifiers)
}

#[cfg(test)]
mod tests {
    use super::rethrown;

    #[test]
    fn a_helper_threads_panic_goes_on_in_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            std::thread::scope(|scope| {
                let german = scope.spawn(|| -> u32 { panic!("training failed") });
                rethrown(german.join())
            })
        });
        assert!(caught.is_err());
        let fine = std::thread::scope(|scope| rethrown(scope.spawn(|| 7).join()));
        assert_eq!(fine, 7);
    }
}
