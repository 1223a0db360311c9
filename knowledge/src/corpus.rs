//! FAQ articles: one markdown file per article and language, with TOML front matter.

use crate::analysis::AnalysisData;
use crate::check::Diagnostic;
use crate::topics::Topics;
use locales::Lang;
use locales::Said;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The corpus compiled into the binary, as `(path below faq/, contents)`.
const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/faq.rs"));

/// One FAQ article in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The id, shared by all translations (`group-invitation-limits`).
    pub id: String,
    /// The language this version is written in.
    pub lang: Lang,
    /// The headline.
    pub title: String,
    /// Other ways members ask the same thing, written by the FAQ's authors.
    pub questions: Vec<String>,
    /// Members' own phrasings that a moderator linked to this article: searched
    /// like `questions`, but their spelling never teaches typo correction.
    pub linked: Vec<String>,
    /// Topic ids from the corpus' [`Topics`].
    pub tags: Vec<String>,
    /// Ids of articles worth reading next.
    pub related: Vec<String>,
    /// The answer, in markdown.
    pub body: String,
    /// Where the article came from, for messages (`en/invite-people.md`).
    pub source: String,
}

/// A set of articles in both languages, with the topics they are tagged
/// with and the word lists they are analysed with.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The articles, sorted by id then language.
    pub articles: Vec<Article>,
    /// The topics, in menu order (built in, or the folder's `topics.toml`).
    pub topics: Topics,
    /// Stop words, synonyms and compound parts (built in, or the folder's).
    pub analysis: AnalysisData,
}

/// A corpus file before parsing: where it is and what it says.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown in messages.
    pub path: String,
    /// The language folder it sits in.
    pub lang: Lang,
    /// The file name without `.md`.
    pub id: String,
    /// The whole file.
    pub text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub title: Spanned<String>,
    pub questions: Spanned<Vec<String>>,
    pub tags: Spanned<Vec<String>>,
    #[serde(default)]
    pub related: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub linked: Option<Vec<Spanned<String>>>,
}

/// A parsed file together with where its fields start, for later checks.
pub(crate) struct ParsedFile {
    pub article: Article,
    pub title_line: usize,
    pub questions_line: usize,
    pub tags_line: usize,
    pub related_line: usize,
    /// The line of each linked phrasing, in order.
    pub linked_lines: Vec<usize>,
}

impl Corpus {
    /// The corpus compiled into the binary.
    pub fn embedded() -> Result<Corpus, Vec<Diagnostic>> {
        Corpus::from_files(embedded_files())
    }

    /// Loads `DIR/en/*.md` and `DIR/de/*.md`, with `DIR/topics.toml` and
    /// the word lists in `DIR` where it has them (built-in ones otherwise).
    ///
    /// A folder that `faq check` refuses is refused, with the same problems:
    /// a bad id or an unknown `related` one would reach members as a button
    /// that leads nowhere.
    pub fn load_dir(dir: &Path) -> Result<Corpus, Vec<Diagnostic>> {
        let folder = crate::check::examine_dir(dir);
        if !folder.problems.is_empty() {
            return Err(folder.problems);
        }
        let corpus = Corpus::from_files(folder.files)?;
        Ok(Corpus {
            topics: folder.topics,
            analysis: folder.analysis,
            ..corpus
        })
    }

    /// Parses files; any file that does not parse makes the whole load fail.
    ///
    /// Missing translations and unknown `related` ids are not checked here;
    /// [`Corpus::load_dir`] and `faq check` refuse them.
    pub fn from_files(files: Vec<SourceFile>) -> Result<Corpus, Vec<Diagnostic>> {
        let mut articles = Vec::new();
        let mut problems = Vec::new();
        for file in &files {
            match parse_file(file) {
                Ok(parsed) => articles.push(parsed.article),
                Err(diagnostic) => problems.push(diagnostic),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        articles.sort_by(|a, b| (&a.id, a.lang).cmp(&(&b.id, b.lang)));
        Ok(Corpus {
            articles,
            ..Corpus::default()
        })
    }

    /// The ids of the articles tagged with `topic`, each once, sorted.
    pub fn in_topic(&self, topic: &str) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .articles
            .iter()
            .filter(|a| a.tags.iter().any(|t| t == topic))
            .map(|a| a.id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The article `id` in `lang`.
    pub fn get(&self, id: &str, lang: Lang) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id && a.lang == lang)
    }

    /// Adds `question` as a member's phrasing of article `id` (in `lang`,
    /// else in the other language), as the console does when it links a
    /// question the bot could not answer; false when there is no such article.
    /// It lands in [`Article::linked`], so its typos stay out of the spelling
    /// vocabulary.
    pub fn add_phrasing(&mut self, id: &str, lang: Lang, question: &str) -> bool {
        let position = |l: Lang| self.articles.iter().position(|a| a.id == id && a.lang == l);
        let Some(i) = position(lang).or_else(|| position(lang.other())) else {
            return false;
        };
        let article = &mut self.articles[i];
        if !article.phrasings().any(|q| q == question) {
            article.linked.push(question.to_string());
        }
        true
    }
}

impl Corpus {
    /// The same corpus with none of `questions` linked to any article, nor
    /// any linked phrasing with the same folded words: how a question is
    /// seen by an engine that has not yet had it linked.
    pub fn unlinking<'a>(&self, questions: impl IntoIterator<Item = &'a str>) -> Corpus {
        let mut held: std::collections::HashSet<String> = Default::default();
        for question in questions {
            for lang in Lang::ALL {
                held.insert(phrasing_key(lang, question));
            }
        }
        let mut corpus = self.clone();
        for article in &mut corpus.articles {
            let lang = article.lang;
            article
                .linked
                .retain(|p| !held.contains(&phrasing_key(lang, p)));
        }
        corpus
    }

    /// The same corpus with no linked phrasings at all, as a support team's
    /// new articles are before anyone links to them.
    pub fn without_links(&self) -> Corpus {
        let mut corpus = self.clone();
        for article in &mut corpus.articles {
            article.linked.clear();
        }
        corpus
    }
}

/// A phrasing's folded words in `lang`, joined: two phrasings with the same
/// key are the same to the engine's word-for-word comparison.
pub fn phrasing_key(lang: Lang, text: &str) -> String {
    crate::analysis::text::words(lang, text)
        .into_iter()
        .map(|w| w.text)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Article {
    /// Every way of asking this article knows: the authors' questions, then
    /// the linked ones.
    pub fn phrasings(&self) -> impl Iterator<Item = &str> {
        self.questions
            .iter()
            .chain(&self.linked)
            .map(String::as_str)
    }
}

/// The longest phrasing a moderator may link, in characters.
pub const MAX_PHRASING_CHARS: usize = 300;

/// Why a phrasing cannot be linked as it stands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhrasingError {
    /// Nothing but spaces.
    #[error("the phrasing is empty")]
    Empty,
    /// Not a single letter or digit: nothing a question could match.
    #[error("the phrasing has no letter or digit")]
    NoWords,
    /// Longer than [`MAX_PHRASING_CHARS`].
    #[error("the phrasing is longer than {MAX_PHRASING_CHARS} characters")]
    TooLong,
}

impl PhrasingError {
    /// What is wrong, to be worded in the reader's language (`faq-phrasing-*`).
    pub fn said(&self) -> Said {
        match self {
            PhrasingError::Empty => Said::of("faq-phrasing-empty"),
            PhrasingError::NoWords => Said::of("faq-phrasing-no-words"),
            PhrasingError::TooLong => {
                Said::of("faq-phrasing-too-long").with("most", MAX_PHRASING_CHARS)
            }
        }
    }
}

/// The phrasing as it would be linked: on one line, spaces collapsed,
/// invisible characters dropped. The console's link job tidies a
/// moderator's edit with it, so the file, the database and the index agree.
pub fn tidy_phrasing(text: &str) -> Result<String, PhrasingError> {
    // A zero-width space pasted with the question is skipped by every
    // reader, so the engine sees no difference; kept, it would hide in the
    // file and let a phrasing the article has be linked a second time.
    let visible = locales::fold::visible(text);
    // Control characters (a NUL, an escape sequence) separate words like
    // spaces: written into the file they would act wherever it is shown.
    let tidy = locales::one_line(&visible);
    if tidy.is_empty() {
        Err(PhrasingError::Empty)
    } else if !tidy.chars().any(char::is_alphanumeric) {
        Err(PhrasingError::NoWords)
    } else if tidy.chars().count() > MAX_PHRASING_CHARS {
        Err(PhrasingError::TooLong)
    } else {
        Ok(tidy)
    }
}

/// Writes `question` into the `linked` list of `dir/<lang>/<id>.md`, so that
/// the corpus on disk carries the member's phrasing; see
/// [`add_phrasings_to_file`].
pub fn add_phrasing_to_file(
    dir: &Path,
    id: &str,
    lang: Lang,
    question: &str,
) -> Result<PathBuf, Vec<Diagnostic>> {
    add_phrasings_to_file(dir, id, lang, &[question]).map(|(path, _)| path)
}

/// Writes `questions` into the `linked` list of `dir/<lang>/<id>.md` in one
/// edit, and says how many were new.
///
/// Only the front matter is edited, with a TOML editor that keeps its layout
/// and comments; the body is copied byte for byte. A new list is written one
/// phrasing per line, as the authors' questions are. The new file is parsed
/// as a corpus file before it replaces the old one by a rename, so a failure
/// leaves the old file as it was. A phrasing the article already has is
/// skipped, so linking the same ones twice changes nothing.
pub fn add_phrasings_to_file(
    dir: &Path,
    id: &str,
    lang: Lang,
    questions: &[&str],
) -> Result<(PathBuf, usize), Vec<Diagnostic>> {
    match PhrasingEdit::prepare(dir, id, lang, questions, None)? {
        Some(edit) => {
            edit.stage()?;
            edit.commit()?;
            Ok((edit.path, edit.added))
        }
        None => Ok((article_path(dir, id, lang), 0)),
    }
}

/// Where the article `id` in `lang` lives under the FAQ folder `dir`.
fn article_path(dir: &Path, id: &str, lang: Lang) -> PathBuf {
    dir.join(lang.code()).join(format!("{id}.md"))
}

/// An article file with new phrasings in its `linked` list, checked and held
/// in memory: staged beside the file, then renamed over it. Several edits
/// are all staged before any is renamed, so a failure changes no file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PhrasingEdit {
    /// The article file.
    pub path: PathBuf,
    /// How many phrasings are new.
    pub added: usize,
    /// The file that is replaced: `path`, or where it links to.
    target: PathBuf,
    /// The replaced file's permissions, which the new one keeps.
    permissions: std::fs::Permissions,
    text: String,
}

impl PhrasingEdit {
    /// The edit that adds `questions` to `dir/<lang>/<id>.md`, or `None` when
    /// the article has them all. Nothing is written. With `checked`, the
    /// file must still say what was checked.
    pub(crate) fn prepare(
        dir: &Path,
        id: &str,
        lang: Lang,
        questions: &[&str],
        checked: Option<&str>,
    ) -> Result<Option<PhrasingEdit>, Vec<Diagnostic>> {
        let path = article_path(dir, id, lang);
        let shown = path.display().to_string();
        let problem =
            |line: usize, message: Said| vec![Diagnostic::new(shown.clone(), line, message)];
        let mut tidy = Vec::with_capacity(questions.len());
        for question in questions {
            // Named, since a batch may hold hundreds: the caller must see which.
            tidy.push(tidy_phrasing(question).map_err(|e| {
                problem(
                    0,
                    Said::of("faq-phrasing-refused")
                        .with("why", e.said())
                        .with("phrasing", shown_phrasing(question)),
                )
            })?);
        }
        let text = std::fs::read_to_string(&path).map_err(|e| problem(0, Said::io(&e)))?;
        // Someone's edit since the check would be replaced unchecked (or,
        // written from the checked text, lost).
        if checked.is_some_and(|checked| checked != text) {
            return Err(problem(0, Said::of("faq-changed-since-check")));
        }
        let file = SourceFile {
            path: shown.clone(),
            lang,
            id: id.to_string(),
            text,
        };
        let parsed = parse_file(&file).map_err(|d| vec![d])?;
        let mut new: Vec<String> = Vec::new();
        for question in tidy {
            if !parsed.article.phrasings().any(|q| q == question) && !new.contains(&question) {
                new.push(question);
            }
        }
        if new.is_empty() {
            return Ok(None);
        }
        // A linked article (one file shared by several folders) stays
        // linked: the edit replaces the file it points to.
        let target = std::fs::canonicalize(&path).map_err(|e| problem(0, Said::io(&e)))?;
        let permissions = std::fs::metadata(&target)
            .map_err(|e| problem(0, Said::io(&e)))?
            .permissions();
        // The rename would replace a read-only file all the same, and the
        // new one would be writable: someone made it read-only on purpose.
        if permissions.readonly() {
            return Err(problem(0, Said::of("faq-read-only")));
        }
        let parts = split_front_matter(&file.text)
            .ok_or_else(|| problem(1, Said::of("faq-front-matter-not-closed")))?;
        let mut front: toml_edit::DocumentMut =
            parts.front.parse().map_err(|e: toml_edit::TomlError| {
                let line = e
                    .span()
                    .map_or(2, |span| front_matter_line(parts.front, span.start));
                problem(line, front_matter_problem(e.message()))
            })?;
        match front.get_mut("linked") {
            Some(item) => {
                let list = item
                    .as_array_mut()
                    .ok_or_else(|| problem(2, Said::of("faq-linked-not-list")))?;
                for question in &new {
                    push_keeping_layout(list, question);
                }
            }
            None => {
                let mut list = toml_edit::Array::new();
                for question in &new {
                    list.push(question.as_str());
                    if let Some(last) = list.iter_mut().last() {
                        last.decor_mut().set_prefix("\n  ");
                    }
                }
                list.set_trailing_comma(true);
                list.set_trailing("\n");
                front.insert("linked", toml_edit::value(list));
            }
        }
        let mut edited = front.to_string();
        if !edited.ends_with('\n') {
            edited.push('\n');
        }
        // The editor writes bare line feeds; a file written on Windows keeps
        // its own line ends throughout, not a mix.
        if parts.before.ends_with("\r\n") {
            edited = edited.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        let out = format!("{}{edited}{}", parts.before, parts.after);
        let new_file = SourceFile { text: out, ..file };
        let reparsed = parse_file(&new_file).map_err(|d| vec![d])?;
        let mut expected = parsed.article.linked.clone();
        expected.extend(new.iter().cloned());
        if reparsed.article.body != parsed.article.body
            || reparsed.article.questions != parsed.article.questions
            || reparsed.article.linked != expected
        {
            return Err(problem(0, Said::of("faq-edit-too-wide")));
        }
        Ok(Some(PhrasingEdit {
            path,
            added: new.len(),
            target,
            permissions,
            text: new_file.text,
        }))
    }

    /// Where the edit waits to be renamed over the article.
    fn staged_path(&self) -> PathBuf {
        let mut staged = self.target.clone().into_os_string();
        staged.push(".linking");
        PathBuf::from(staged)
    }

    /// A failed write or rename, named by the article it was for; whatever
    /// was staged is removed.
    fn failed(&self, e: std::io::Error) -> Vec<Diagnostic> {
        self.unstage();
        vec![Diagnostic::new(
            self.path.display().to_string(),
            0,
            Said::io(&e),
        )]
    }

    /// Writes the edit beside the article; on failure nothing is left there.
    pub fn stage(&self) -> Result<(), Vec<Diagnostic>> {
        std::fs::write(self.staged_path(), &self.text)
            .and_then(|()| std::fs::set_permissions(self.staged_path(), self.permissions.clone()))
            .map_err(|e| self.failed(e))
    }

    /// Removes a staged edit that will not be renamed.
    pub fn unstage(&self) {
        let _ = std::fs::remove_file(self.staged_path());
    }

    /// Renames the staged edit over the article: the file is replaced whole.
    pub fn commit(&self) -> Result<(), Vec<Diagnostic>> {
        std::fs::rename(self.staged_path(), &self.target).map_err(|e| self.failed(e))
    }
}

/// Labelled questions checked for linking, grouped by the file each goes
/// into: what `helpdesk faq link` writes.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkPlan {
    /// The phrasings for each article file, in the order they were asked.
    pub by_article: Vec<(String, Lang, Vec<String>)>,
    /// Out-of-scope questions, which have no article to go to.
    pub skipped: usize,
}

/// What writing a [`LinkPlan`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkOutcome {
    /// Phrasings newly linked.
    pub linked: usize,
    /// Phrasings the articles already had, or asked twice in the file.
    pub known: usize,
    /// Article files written.
    pub files: usize,
}

impl LinkPlan {
    /// Checks every question against `corpus` before anything is written:
    /// each in-scope one goes to its first accepted article in its own
    /// language, every accepted id must exist, and the phrasing must be one a
    /// moderator could link. Problems name `path:line`.
    pub fn new(
        corpus: &Corpus,
        path: &str,
        questions: &[crate::eval::LabelledQuestion],
    ) -> Result<LinkPlan, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut by_article: Vec<(String, Lang, Vec<String>)> = Vec::new();
        let mut skipped = 0;
        // Who asks each phrasing already, by its folded words, as `faq
        // check` compares them: one question leads to one article.
        let mut asked: std::collections::HashMap<(Lang, String), Vec<&Article>> =
            Default::default();
        for article in &corpus.articles {
            for phrasing in article.phrasings() {
                asked
                    .entry((article.lang, phrasing_key(article.lang, phrasing)))
                    .or_default()
                    .push(article);
            }
        }
        for q in questions {
            let Some(first) = q.accepted.first() else {
                skipped += 1;
                continue;
            };
            if let Some(problem) = crate::eval::unknown_ids(corpus, &q.accepted) {
                problems.push(Diagnostic::new(path, q.line, problem));
                continue;
            }
            if corpus.get(first, q.lang).is_none() {
                problems.push(Diagnostic::new(
                    path,
                    q.line,
                    Said::of("faq-no-version")
                        .with("id", first.as_str())
                        .with("lang", q.lang.code()),
                ));
                continue;
            }
            let phrasing = match tidy_phrasing(&q.text) {
                Ok(p) => p,
                Err(e) => {
                    problems.push(Diagnostic::new(path, q.line, e.said()));
                    continue;
                }
            };
            // Where its own article asks it already, linking it again
            // changes nothing, so a second run of the same file passes even
            // where the corpus itself has such a twin (two articles that ask
            // one question, which a person must settle).
            let askers = asked
                .get(&(q.lang, phrasing_key(q.lang, &phrasing)))
                .map(Vec::as_slice)
                .unwrap_or_default();
            if let Some(other) = askers
                .iter()
                .find(|other| other.id != *first)
                .filter(|_| askers.iter().all(|a| a.id != *first))
            {
                problems.push(Diagnostic::new(
                    path,
                    q.line,
                    Said::of("faq-link-asked-by-other")
                        .with("phrasing", phrasing.as_str())
                        .with("id", first.as_str())
                        .with("other", other.source.as_str()),
                ));
                continue;
            }
            // A later line of the same file may not give it to another.
            if let Some(article) = corpus.get(first, q.lang) {
                asked
                    .entry((q.lang, phrasing_key(q.lang, &phrasing)))
                    .or_default()
                    .push(article);
            }
            match by_article
                .iter_mut()
                .find(|(id, lang, _)| id == first && *lang == q.lang)
            {
                Some((_, _, list)) => list.push(phrasing),
                None => by_article.push((first.clone(), q.lang, vec![phrasing])),
            }
        }
        if problems.is_empty() {
            Ok(LinkPlan {
                by_article,
                skipped,
            })
        } else {
            Err(problems)
        }
    }

    /// Writes the phrasings into the article files under `dir`, one edit per
    /// file. Every edit is checked and staged beside its file before any file
    /// is replaced, so a failure to write (a full disk, a read-only file)
    /// changes nothing. Only a rename failing after others succeeded, which
    /// a folder that took every staged file makes unlikely, leaves some done;
    /// running the plan again then finishes the rest.
    ///
    /// `checked` are the folder's files as they were read and checked (by
    /// `faq check`'s rules, and into the corpus the plan was made from): a
    /// file to edit must still say exactly that, or nothing is written.
    pub fn write(
        &self,
        dir: &Path,
        checked: &[SourceFile],
    ) -> Result<LinkOutcome, Vec<Diagnostic>> {
        let mut outcome = LinkOutcome::default();
        let mut edits = Vec::new();
        // Every file that cannot take its edit is named, not just the first.
        let mut problems = Vec::new();
        for (id, lang, phrasings) in &self.by_article {
            let asked: Vec<&str> = phrasings.iter().map(String::as_str).collect();
            let Some(seen) = checked.iter().find(|f| f.lang == *lang && f.id == *id) else {
                problems.push(Diagnostic::new(
                    article_path(dir, id, *lang).display().to_string(),
                    0,
                    Said::of("faq-not-checked"),
                ));
                continue;
            };
            let added = match PhrasingEdit::prepare(dir, id, *lang, &asked, Some(&seen.text)) {
                Ok(Some(edit)) => {
                    let added = edit.added;
                    edits.push(edit);
                    added
                }
                Ok(None) => 0,
                Err(found) => {
                    problems.extend(found);
                    0
                }
            };
            outcome.linked += added;
            outcome.known += phrasings.len() - added;
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        for (n, edit) in edits.iter().enumerate() {
            if let Err(problem) = edit.stage() {
                for earlier in &edits[..n] {
                    earlier.unstage();
                }
                return Err(problem);
            }
        }
        for (n, edit) in edits.iter().enumerate() {
            if let Err(mut problem) = edit.commit() {
                for later in &edits[n + 1..] {
                    later.unstage();
                }
                if n > 0 {
                    problem.push(Diagnostic::new(
                        dir.display().to_string(),
                        0,
                        Said::of("faq-partly-replaced").with("count", n),
                    ));
                }
                return Err(problem);
            }
        }
        outcome.files = edits.len();
        Ok(outcome)
    }
}

/// Appends to a TOML array in the style it is written in: one item per line
/// when it spans lines, inline otherwise.
fn push_keeping_layout(list: &mut toml_edit::Array, question: &str) {
    let decor_text = |d: Option<&toml_edit::RawString>| {
        d.and_then(|r| r.as_str()).unwrap_or_default().to_string()
    };
    let first_prefix = decor_text(
        list.iter()
            .next()
            .map(|v| v.decor())
            .and_then(|d| d.prefix()),
    );
    if !first_prefix.contains('\n') {
        list.push(question);
        return;
    }
    let indent = first_prefix
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .to_string();
    // What followed the last item (a comment, the line break before `]`)
    // now separates it from the new one.
    let mut between = String::new();
    if let Some(last) = list.iter_mut().last() {
        between.push_str(&decor_text(last.decor().suffix()));
        last.decor_mut().set_suffix("");
    }
    between.push_str(&decor_text(Some(list.trailing())));
    if !between.contains('\n') {
        between.push('\n');
    }
    list.push(question);
    if let Some(last) = list.iter_mut().last() {
        last.decor_mut().set_prefix(format!("{between}{indent}"));
    }
    list.set_trailing_comma(true);
    list.set_trailing("\n");
}

/// A corpus file cut around its front matter: `before` is the opening `+++`
/// line, `front` the TOML, `after` the closing line and the body, untouched.
struct FrontMatterParts<'t> {
    before: &'t str,
    front: &'t str,
    after: &'t str,
}

fn split_front_matter(text: &str) -> Option<FrontMatterParts<'_>> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    let opening = first.len();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if first[bom..].trim_end() != "+++" {
        return None;
    }
    let mut offset = opening;
    for line in lines {
        if line.trim_end() == "+++" {
            return Some(FrontMatterParts {
                before: &text[..opening],
                front: &text[opening..offset],
                after: &text[offset..],
            });
        }
        offset += line.len();
    }
    None
}

/// The embedded corpus as source files, for `faq check`.
pub fn embedded_files() -> Vec<SourceFile> {
    EMBEDDED
        .iter()
        .filter_map(|(path, text)| {
            let (lang, name) = path.split_once('/')?;
            Some(SourceFile {
                path: format!("knowledge/faq/{path}"),
                lang: Lang::parse(lang)?,
                id: name.trim_end_matches(".md").to_string(),
                text: (*text).to_string(),
            })
        })
        .collect()
}

/// The problem of an FAQ folder that holds no article at all.
pub fn no_articles(dir: &Path) -> Diagnostic {
    Diagnostic::new(dir.display().to_string(), 0, Said::of("faq-no-articles"))
}

/// What is wrong with `dir` as an FAQ folder, if it is none at all.
fn not_a_folder(dir: &Path) -> Option<Diagnostic> {
    let why = if dir.is_dir() {
        return None;
    } else if dir.exists() {
        "faq-not-a-folder"
    } else {
        "faq-no-folder"
    };
    Some(Diagnostic::new(dir.display().to_string(), 0, Said::of(why)))
}

/// Reads the corpus files below `dir`; unreadable files become diagnostics.
pub fn read_dir_files(dir: &Path) -> Result<Vec<SourceFile>, Vec<Diagnostic>> {
    let read = read_dir_files_all(dir)?;
    if read.problems.is_empty() {
        Ok(read.files)
    } else {
        Err(read.problems)
    }
}

/// The corpus files below a folder as far as they could be read.
#[derive(Debug, Clone, Default)]
pub struct ReadFiles {
    /// The files that were read.
    pub files: Vec<SourceFile>,
    /// Every file (or language folder) that could not be read.
    pub problems: Vec<Diagnostic>,
    /// The language and id of each article file that could not be read:
    /// it is there, so its translation is not missing.
    pub unread: Vec<(Lang, String)>,
}

/// Reads every corpus file below `dir` that can be read, and names each one
/// that cannot; `Err` only when `dir` is no folder at all.
pub fn read_dir_files_all(dir: &Path) -> Result<ReadFiles, Vec<Diagnostic>> {
    let mut read = ReadFiles::default();
    if let Some(problem) = not_a_folder(dir) {
        return Err(vec![problem]);
    }
    for lang in Lang::ALL {
        let lang_dir = dir.join(lang.code());
        let entries = match std::fs::read_dir(&lang_dir) {
            Ok(entries) => entries,
            Err(e) => {
                read.problems.push(Diagnostic::new(
                    lang_dir.display().to_string(),
                    0,
                    Said::of("faq-lang-unreadable")
                        .with("lang", lang.code())
                        .with("reason", Said::io(&e)),
                ));
                continue;
            }
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let shown = path.display().to_string();
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let problem = match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        read.files.push(SourceFile {
                            path: shown,
                            lang,
                            id,
                            text,
                        });
                        continue;
                    }
                    Err(e) => Diagnostic::not_utf8(shown, &e),
                },
                Err(e) => Diagnostic::unreadable(shown, &e),
            };
            read.problems.push(problem);
            read.unread.push((lang, id));
        }
    }
    Ok(read)
}

/// Parses one file; the error names the line.
/// The file's line of byte `byte` of the front matter `front`, which starts
/// on line 2, below the opening `+++`.
fn front_matter_line(front: &str, byte: usize) -> usize {
    1 + locales::line_of(front.as_bytes(), byte)
}

/// What the TOML reader found wrong in the front matter, in our words
/// where it has a known shape.
fn front_matter_problem(message: &str) -> Said {
    Said::of("faq-front-matter").with("problem", Said::toml(message))
}

/// A phrasing as an error message shows it: cut after 60 characters (the
/// message quotes it, in its language's quotation marks).
fn shown_phrasing(text: &str) -> String {
    let mut cut: String = text.chars().take(60).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

pub(crate) fn parse_file(file: &SourceFile) -> Result<ParsedFile, Diagnostic> {
    let fail = |line: usize, message: Said| Diagnostic::new(file.path.clone(), line, message);
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "+++" {
        return Err(fail(1, Said::of("faq-no-front-matter")));
    }
    let front_start = first.len();
    let mut offset = front_start;
    let mut front_end = None;
    for line in lines {
        if line.trim_end() == "+++" {
            front_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((front_end, body_start)) = front_end else {
        return Err(fail(1, Said::of("faq-front-matter-not-closed")));
    };
    let front = &text[front_start..front_end];
    let line_of = |byte: usize| front_matter_line(front, byte);
    let matter: FrontMatter = toml::from_str(front).map_err(|e| {
        let line = e.span().map(|s| line_of(s.start)).unwrap_or(2);
        fail(line, front_matter_problem(e.message()))
    })?;
    // Answers go to Discord and JSON with bare line feeds, whatever the
    // editor that saved the file.
    let body = text[body_start..].trim().replace("\r\n", "\n");
    let body_line = locales::line_of(text.as_bytes(), body_start);
    if matter.title.get_ref().trim().is_empty() {
        return Err(fail(
            line_of(matter.title.span().start),
            Said::of("faq-empty-title"),
        ));
    }
    if body.is_empty() {
        return Err(fail(body_line, Said::of("faq-no-body")));
    }
    let related_line = matter
        .related
        .as_ref()
        .map(|r| line_of(r.span().start))
        .unwrap_or(1);
    let linked = matter.linked.unwrap_or_default();
    Ok(ParsedFile {
        linked_lines: linked.iter().map(|p| line_of(p.span().start)).collect(),
        title_line: line_of(matter.title.span().start),
        questions_line: line_of(matter.questions.span().start),
        tags_line: line_of(matter.tags.span().start),
        related_line,
        article: Article {
            id: file.id.clone(),
            lang: file.lang,
            title: matter.title.into_inner().trim().to_string(),
            questions: matter.questions.into_inner(),
            tags: matter.tags.into_inner(),
            related: matter.related.map(Spanned::into_inner).unwrap_or_default(),
            linked: linked.into_iter().map(Spanned::into_inner).collect(),
            body,
            source: file.path.clone(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_of_embedded(dir: &Path) {
        for file in embedded_files() {
            let folder = dir.join(file.lang.code());
            std::fs::create_dir_all(&folder).expect("dir");
            std::fs::write(folder.join(format!("{}.md", file.id)), &file.text).expect("write");
        }
    }

    #[test]
    fn a_phrasing_is_written_into_the_file_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        copy_of_embedded(dir.path());
        let question = "Can I pay \"by invoice\"?";
        let path = add_phrasing_to_file(dir.path(), "moderator-support", Lang::En, question)
            .expect("written");
        // Twice changes nothing.
        let once = std::fs::read_to_string(&path).expect("read");
        add_phrasing_to_file(dir.path(), "moderator-support", Lang::En, question).expect("again");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), once);
        let corpus = Corpus::load_dir(dir.path()).expect("still a valid corpus");
        let article = corpus.get("moderator-support", Lang::En).expect("article");
        let shipped = Corpus::embedded().expect("corpus");
        let before = shipped.get("moderator-support", Lang::En).expect("article");
        let mut expected = before.linked.clone();
        expected.push(question.to_string());
        assert_eq!(article.linked, expected);
        assert_eq!(article.questions, before.questions);
        assert_eq!(article.body, before.body);
    }

    #[test]
    fn a_new_linked_list_is_written_one_phrasing_per_line_and_once() {
        let text =
            format!("+++\ntitle = \"T\"\nquestions = [\"a\", \"b\"]\ntags = [\"login\"]\n{BODY}");
        let (dir, path) = article_file(&text);
        let asked = ["how do i  get in", "b", "locked out", "how do i get in"];
        let (_, added) = add_phrasings_to_file(dir.path(), "x", Lang::En, &asked).expect("linked");
        assert_eq!(added, 2, "`b` is the authors', the last is the first again");
        let after = std::fs::read_to_string(&path).expect("read");
        assert!(
            after.contains("linked = [\n  \"how do i get in\",\n  \"locked out\",\n]\n+++"),
            "{after}"
        );
        assert_eq!(body_of(&after), body_of(&text));
        let (_, again) = add_phrasings_to_file(dir.path(), "x", Lang::En, &asked).expect("again");
        assert_eq!(again, 0);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), after);
    }

    #[test]
    fn a_file_with_windows_line_ends_keeps_them() {
        let text = format!(
            "+++\ntitle = \"T\"\nquestions = [\"a\"]\nlinked = [\n  \"b\",\n]\ntags = [\"login\"]\n{BODY}"
        )
        .replace('\n', "\r\n");
        let (dir, path) = article_file(&text);
        add_phrasings_to_file(dir.path(), "x", Lang::En, &["locked out"]).expect("linked");
        let after = std::fs::read_to_string(&path).expect("read");
        assert!(after.contains("\"locked out\""), "{after}");
        assert_eq!(
            after.matches('\n').count(),
            after.matches("\r\n").count(),
            "{after:?}"
        );
        assert!(!after.contains("\r\r"), "{after:?}");
        let corpus = read_back(dir.path());
        let article = corpus.get("x", Lang::En).expect("article");
        assert!(!article.body.contains('\r'), "{:?}", article.body);
    }

    #[test]
    fn a_rejected_phrasing_is_named_in_the_error() {
        let text = format!("+++\ntitle = \"T\"\nquestions = [\"a\"]\ntags = [\"login\"]\n{BODY}");
        let (dir, path) = article_file(&text);
        let rambling = format!("why {}", "so ".repeat(200));
        let asked = ["locked out", rambling.as_str()];
        let problems =
            add_phrasings_to_file(dir.path(), "x", Lang::En, &asked).expect_err("too long");
        let shown = problems[0].to_string();
        assert!(shown.contains("\"why so so"), "{shown}");
        assert!(shown.contains('…') && shown.len() < 200, "{shown}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_article_is_refused_and_left_as_it_was() {
        use std::os::unix::fs::PermissionsExt;
        let text = format!("+++\ntitle = \"T\"\nquestions = [\"a\"]\ntags = [\"login\"]\n{BODY}");
        let (dir, path) = article_file(&text);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        let err =
            add_phrasing_to_file(dir.path(), "x", Lang::En, "locked out").expect_err("read-only");
        assert!(
            err[0].to_string().ends_with(
                "x.md: the file is read-only; make it writable to link phrasings into it"
            ),
            "{}",
            err[0]
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o444);
        assert_eq!(
            std::fs::read_dir(dir.path().join("en"))
                .expect("dir")
                .count(),
            1
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_edited_article_keeps_its_permissions_and_a_linked_one_stays_linked() {
        use std::os::unix::fs::PermissionsExt;
        let text = format!("+++\ntitle = \"T\"\nquestions = [\"a\"]\ntags = [\"login\"]\n{BODY}");
        let (dir, path) = article_file(&text);
        let shared = dir.path().join("shared.md");
        std::fs::rename(&path, &shared).expect("move");
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        std::os::unix::fs::symlink(&shared, &path).expect("link");
        add_phrasing_to_file(dir.path(), "x", Lang::En, "locked out").expect("linked");
        assert!(
            std::fs::symlink_metadata(&path)
                .expect("stat")
                .file_type()
                .is_symlink(),
            "the article is still a link"
        );
        let after = std::fs::read_to_string(&shared).expect("read");
        assert!(after.contains("\"locked out\""), "{after}");
        let mode = std::fs::metadata(&shared)
            .expect("stat")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
        assert!(!dir.path().join("shared.md.linking").exists());
    }

    #[test]
    fn front_matter_bytes_are_counted_from_line_two() {
        let front = "title = \"T\"\nquestions = [\n  \"a\",\n]\n";
        assert_eq!(front_matter_line(front, 0), 2);
        assert_eq!(front_matter_line(front, front.find("\"a\"").expect("a")), 4);
        // The reader's end (an array left open): the front matter's last
        // line, not the closing `+++` below it, which is no TOML.
        assert_eq!(front_matter_line(front, front.len()), 5);
        assert_eq!(front_matter_line(front, 10_000), 5);
    }

    #[test]
    fn a_link_plan_checks_every_question_before_anything_is_written() {
        let corpus = Corpus::embedded().expect("corpus");
        let rambling = "please ".repeat(50);
        let questions = crate::eval::parse_questions(
            "q.tsv",
            &format!(
                "login-password-reset\tde\tpasswort weg\n\
                 -\ten\thow do I change my e-mail\n\
                 no-such-article\ten\twhat\n\
                 login-password-reset,also-missing\ten\tforgot it\n\
                 login-password-reset\ten\t{rambling}\n"
            ),
        )
        .expect("well formed");
        let problems = LinkPlan::new(&corpus, "q.tsv", &questions).expect_err("three problems");
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert!(shown[0].starts_with("q.tsv:3:") && shown[0].contains("no-such-article"));
        assert!(shown[1].starts_with("q.tsv:4:") && shown[1].contains("also-missing"));
        assert!(shown[2].starts_with("q.tsv:5:") && shown[2].contains("longer"));
        let plan = LinkPlan::new(&corpus, "q.tsv", &questions[..2]).expect("clean");
        // A phrasing another article asks already, curated or linked.
        let asked = corpus
            .get("login-password-reset", Lang::En)
            .expect("article")
            .questions[0]
            .clone();
        let twice =
            crate::eval::parse_questions("q.tsv", &format!("sync-gmail-two-step\ten\t{asked}\n"))
                .expect("well formed");
        let shown =
            LinkPlan::new(&corpus, "q.tsv", &twice).expect_err("asked by another")[0].to_string();
        assert!(
            shown.starts_with("q.tsv:1:")
                && shown.contains("sync-gmail-two-step")
                && shown.contains("login-password-reset.md"),
            "{shown}"
        );
        assert_eq!(plan.skipped, 1);
        assert_eq!(
            plan.by_article,
            [(
                "login-password-reset".to_string(),
                Lang::De,
                vec!["passwort weg".to_string()]
            )]
        );
        // Where its own article asks it too (a twin the corpus already has),
        // linking it again is no change: a second run of a file passes.
        let mut twinned = corpus.clone();
        let gmail = twinned
            .articles
            .iter_mut()
            .find(|a| a.id == "sync-gmail-two-step" && a.lang == Lang::En)
            .expect("article");
        gmail.linked.push(asked.clone());
        LinkPlan::new(&twinned, "q.tsv", &twice).expect("its own article asks it already");
        // Nor may one file give a new phrasing to two articles.
        let split = crate::eval::parse_questions(
            "q.tsv",
            "sync-gmail-two-step\ten\tbrand new words\n\
             login-password-reset\ten\tbrand new words\n",
        )
        .expect("well formed");
        let shown =
            LinkPlan::new(&corpus, "q.tsv", &split).expect_err("two articles")[0].to_string();
        assert!(shown.starts_with("q.tsv:2:"), "{shown}");
    }

    #[test]
    fn a_plan_writes_nothing_when_a_file_changed_after_it_was_checked() {
        let dir = tempfile::tempdir().expect("dir");
        copy_of_embedded(dir.path());
        let checked = read_dir_files(dir.path()).expect("read");
        let corpus = Corpus::from_files(checked.clone()).expect("corpus");
        let questions = crate::eval::parse_questions(
            "q.tsv",
            "login-password-reset\ten\tcant reset my pw\n\
             sync-gmail-two-step\ten\tgmail contacts refuse to come across\n",
        )
        .expect("well formed");
        let plan = LinkPlan::new(&corpus, "q.tsv", &questions).expect("clean");
        // Someone edits one of the files between the check and the write.
        let edited = dir.path().join("en/sync-gmail-two-step.md");
        let mut text = std::fs::read_to_string(&edited).expect("read");
        text.push_str("\nA line added by hand.\n");
        std::fs::write(&edited, &text).expect("write");
        let before: Vec<String> = ["en/login-password-reset.md", "en/sync-gmail-two-step.md"]
            .iter()
            .map(|f| std::fs::read_to_string(dir.path().join(f)).expect("read"))
            .collect();
        let problems = plan.write(dir.path(), &checked).expect_err("changed");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].to_string().ends_with(
                "sync-gmail-two-step.md: the file changed after it was checked; run the link again"
            ),
            "{}",
            problems[0]
        );
        let after: Vec<String> = ["en/login-password-reset.md", "en/sync-gmail-two-step.md"]
            .iter()
            .map(|f| std::fs::read_to_string(dir.path().join(f)).expect("read"))
            .collect();
        assert_eq!(after, before, "neither file written");
        // Read (and checked) again, the plan goes through and keeps the edit.
        let checked = read_dir_files(dir.path()).expect("read");
        let done = plan.write(dir.path(), &checked).expect("written");
        assert_eq!((done.linked, done.files), (2, 2));
        let written = std::fs::read_to_string(&edited).expect("read");
        assert!(written.ends_with("A line added by hand.\n"), "{written}");
    }

    /// The articles below `dir` as parsed, without `faq check`'s other rules:
    /// these folders hold one article in one language.
    fn read_back(dir: &Path) -> Corpus {
        Corpus::from_files(read_dir_files(dir).expect("read")).expect("parses")
    }

    /// Writes one article file and returns its folder and path.
    fn article_file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(dir.path().join("en")).expect("dir");
        std::fs::create_dir_all(dir.path().join("de")).expect("dir");
        let path = dir.path().join("en").join("x.md");
        std::fs::write(&path, text).expect("write");
        (dir, path)
    }

    #[test]
    fn an_article_or_word_list_that_is_not_utf8_is_named_by_its_line() {
        let (dir, path) = article_file("x");
        std::fs::write(
            &path,
            b"+++\ntitle = \"T\"\nquestions = [\"Gr\xfc\xdfe\"]\n",
        )
        .expect("write");
        let problems = read_dir_files(dir.path()).expect_err("not UTF-8");
        assert_eq!(
            problems[0].to_string(),
            format!("{}:3: not valid UTF-8", path.display())
        );
        std::fs::remove_file(&path).expect("remove");
        let list = dir.path().join("stopwords");
        std::fs::create_dir_all(&list).expect("dir");
        std::fs::write(list.join("de.txt"), b"und\noder\n\xe4h\n").expect("write");
        let problems = crate::analysis::AnalysisData::load_dir(dir.path()).expect_err("not UTF-8");
        assert_eq!(
            problems[0].to_string(),
            format!("{}:3: not valid UTF-8", list.join("de.txt").display())
        );
    }

    fn body_of(text: &str) -> &str {
        split_front_matter(text).expect("front matter").after
    }

    const BODY: &str =
        "+++\nquestions = [\"in the body\"]\nlinked = []\n\nThe body, *as written*.\n";

    #[test]
    fn a_comment_after_the_questions_keeps_the_phrasing_out_of_the_body() {
        let text = format!(
            "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]  # keep these short\ntags = [\"login\"]\n{BODY}"
        );
        let (dir, path) = article_file(&text);
        add_phrasing_to_file(dir.path(), "x", Lang::En, "how do i get in").expect("linked");
        let after = std::fs::read_to_string(&path).expect("read");
        assert_eq!(body_of(&after), body_of(&text), "{after}");
        assert!(after.contains("# keep these short"), "{after}");
        let corpus = read_back(dir.path());
        let article = &corpus.articles[0];
        assert_eq!(article.questions, ["a", "b", "c"]);
        assert_eq!(article.linked, ["how do i get in"]);
        assert!(!article.body.contains("how do i get in"));
    }

    #[test]
    fn a_multi_line_list_grows_by_one_line_and_keeps_its_comments() {
        let text = format!(
            "+++\ntitle = \"T\"\nquestions = [\n  \"a\",\n  \"b\",  # why b\n  \"c\"\n]\ntags = [\"login\"]\nlinked = [\n  \"first\", # from a ticket\n]\n{BODY}"
        );
        let (dir, path) = article_file(&text);
        add_phrasing_to_file(dir.path(), "x", Lang::En, "  second\n one ").expect("linked");
        let after = std::fs::read_to_string(&path).expect("read");
        assert_eq!(body_of(&after), body_of(&text), "{after}");
        assert!(
            after.contains("# why b") && after.contains("# from a ticket"),
            "{after}"
        );
        assert!(after.contains("\n  \"second one\",\n]"), "{after}");
        let corpus = read_back(dir.path());
        assert_eq!(corpus.articles[0].linked, ["first", "second one"]);
        assert_eq!(corpus.articles[0].questions, ["a", "b", "c"]);
    }

    #[test]
    fn a_multi_line_list_without_a_trailing_comma_gets_one() {
        let text = format!(
            "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\nlinked = [\n    \"first\"\n]\n{BODY}"
        );
        let (dir, path) = article_file(&text);
        add_phrasing_to_file(dir.path(), "x", Lang::En, "second").expect("linked");
        let after = std::fs::read_to_string(&path).expect("read");
        assert!(
            after.contains("linked = [\n    \"first\",\n    \"second\",\n]\n+++"),
            "{after}"
        );
    }

    #[test]
    fn a_phrasing_already_asked_by_the_authors_is_not_added() {
        let text = format!(
            "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\n{BODY}"
        );
        let (dir, path) = article_file(&text);
        add_phrasing_to_file(dir.path(), "x", Lang::En, "b").expect("nothing to do");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }

    #[test]
    fn a_broken_file_is_left_alone_and_named() {
        let text = "+++\ntitle = \"T\"\nquestions = [\"a\"\n+++\nBody\n";
        let (dir, path) = article_file(text);
        let err = add_phrasing_to_file(dir.path(), "x", Lang::En, "q").expect_err("broken");
        assert!(err[0].to_string().contains("x.md:"), "{}", err[0]);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
        assert_eq!(
            std::fs::read_dir(dir.path().join("en"))
                .expect("dir")
                .count(),
            1
        );
    }

    #[test]
    fn an_empty_phrasing_is_refused() {
        assert_eq!(tidy_phrasing(" \n\t"), Err(PhrasingError::Empty));
        assert_eq!(
            tidy_phrasing(&"x".repeat(MAX_PHRASING_CHARS + 1)),
            Err(PhrasingError::TooLong)
        );
        assert_eq!(tidy_phrasing(" a\n  b ").as_deref(), Ok("a b"));
        assert_eq!(tidy_phrasing("???"), Err(PhrasingError::NoWords));
        assert_eq!(tidy_phrasing("😀😀"), Err(PhrasingError::NoWords));
        assert_eq!(
            tidy_phrasing("\u{200b}pass\u{ad}wort\u{200b} weg\u{feff}").as_deref(),
            Ok("passwort weg")
        );
        assert_eq!(tidy_phrasing("\u{200b}\u{2060}"), Err(PhrasingError::Empty));
        assert_eq!(
            tidy_phrasing("ctrl\u{1} and esc\u{1b}[31m red\0").as_deref(),
            Ok("ctrl and esc [31m red")
        );
    }

    #[test]
    fn unlinking_a_question_also_unlinks_what_only_case_or_punctuation_tell_apart() {
        let mut corpus = Corpus::embedded().expect("corpus");
        for (lang, phrasing) in [
            (Lang::De, "Passwort vergessen!!"),
            (Lang::De, "passwort  VERGESSEN"),
            (Lang::De, "passwort vergessen, was nun"),
        ] {
            assert!(corpus.add_phrasing("login-password-reset", lang, phrasing));
        }
        let unlinked = corpus.unlinking(["Passwort vergessen?"]);
        let linked = &unlinked
            .get("login-password-reset", Lang::De)
            .expect("article")
            .linked;
        assert!(linked.contains(&"passwort vergessen, was nun".to_string()));
        assert!(
            !linked
                .iter()
                .any(|p| p.ends_with("!!") || p.contains("VERGESSEN"))
        );
        assert!(
            corpus
                .without_links()
                .articles
                .iter()
                .all(|a| a.linked.is_empty())
        );
    }

    #[test]
    fn the_database_overlay_adds_to_linked_only() {
        let mut corpus = Corpus::embedded().expect("corpus");
        let before = corpus
            .get("login-password-reset", Lang::De)
            .expect("a")
            .clone();
        assert!(corpus.add_phrasing("login-password-reset", Lang::De, "pasword vergesen"));
        assert!(corpus.add_phrasing("login-password-reset", Lang::De, "pasword vergesen"));
        let after = corpus.get("login-password-reset", Lang::De).expect("a");
        assert_eq!(after.questions, before.questions);
        let mut expected = before.linked.clone();
        expected.push("pasword vergesen".to_string());
        assert_eq!(after.linked, expected);
        assert!(!corpus.add_phrasing("no-such-article", Lang::De, "x"));
    }

    #[test]
    fn a_missing_article_file_is_named() {
        let dir = tempfile::tempdir().expect("dir");
        let err =
            add_phrasing_to_file(dir.path(), "nothing-here", Lang::De, "x").expect_err("no file");
        assert!(err[0].to_string().contains("nothing-here.md"), "{}", err[0]);
    }
}
