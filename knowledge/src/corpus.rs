//! FAQ articles: one markdown file per article and language, with TOML front matter.

use crate::check::Diagnostic;
use locales::Lang;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The topics an article may be tagged with.
pub const TAGS: &[&str] = &[
    "login",
    "sync",
    "bonus",
    "invitations",
    "groups",
    "moderation",
];

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
    /// Other ways members ask the same thing.
    pub questions: Vec<String>,
    /// Topics from [`TAGS`].
    pub tags: Vec<String>,
    /// Ids of articles worth reading next.
    pub related: Vec<String>,
    /// The answer, in markdown.
    pub body: String,
    /// Where the article came from, for messages (`en/invite-people.md`).
    pub source: String,
}

/// A set of articles in both languages.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The articles, sorted by id then language.
    pub articles: Vec<Article>,
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
}

/// A parsed file together with where its fields start, for later checks.
pub(crate) struct ParsedFile {
    pub article: Article,
    pub questions_line: usize,
    pub tags_line: usize,
    pub related_line: usize,
}

impl Corpus {
    /// The corpus compiled into the binary.
    pub fn embedded() -> Result<Corpus, Vec<Diagnostic>> {
        Corpus::from_files(embedded_files())
    }

    /// Loads `DIR/en/*.md` and `DIR/de/*.md`.
    pub fn load_dir(dir: &Path) -> Result<Corpus, Vec<Diagnostic>> {
        Corpus::from_files(read_dir_files(dir)?)
    }

    /// Parses files; any file that does not parse makes the whole load fail.
    ///
    /// Missing translations and unknown `related` ids are not fatal here (the
    /// answering engine copes with them); `faq check` reports them.
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
        Ok(Corpus { articles })
    }

    /// The article `id` in `lang`.
    pub fn get(&self, id: &str, lang: Lang) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id && a.lang == lang)
    }

    /// Adds `question` as one more phrasing of article `id` (in `lang`, else
    /// in the other language), as the console does when it links a question
    /// the bot could not answer; false when there is no such article.
    pub fn add_phrasing(&mut self, id: &str, lang: Lang, question: &str) -> bool {
        let position = |l: Lang| self.articles.iter().position(|a| a.id == id && a.lang == l);
        let Some(i) = position(lang).or_else(|| position(lang.other())) else {
            return false;
        };
        let questions = &mut self.articles[i].questions;
        if !questions.iter().any(|q| q == question) {
            questions.push(question.to_string());
        }
        true
    }
}

/// Writes `question` into the `questions` list of `dir/<lang>/<id>.md`, so
/// that the corpus on disk carries the phrasing. The new text is checked as a
/// corpus file before it replaces the old one, and the replacement is a rename.
pub fn add_phrasing_to_file(
    dir: &Path,
    id: &str,
    lang: Lang,
    question: &str,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let path = dir.join(lang.code()).join(format!("{id}.md"));
    let shown = path.display().to_string();
    let problem =
        |line: usize, message: String| vec![Diagnostic::new(shown.clone(), line, message)];
    let text = std::fs::read_to_string(&path).map_err(|e| problem(0, e.to_string()))?;
    let quoted = toml::Value::String(question.to_string()).to_string();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("questions") && l.contains('['))
        .ok_or_else(|| problem(1, "no `questions = [...]` list to add to".into()))?;
    let end = (start..lines.len())
        .find(|&i| lines[i].trim_end().ends_with(']'))
        .ok_or_else(|| problem(start + 1, "the `questions` list is not closed".into()))?;
    if lines[start..=end].iter().any(|l| l.contains(&quoted)) {
        return Ok(path);
    }
    let mut out = String::with_capacity(text.len() + quoted.len() + 8);
    for (i, line) in lines.iter().enumerate() {
        if i == end {
            if start == end {
                // `questions = ["a", "b"]` on one line.
                let cut = line.rfind(']').unwrap_or(line.len());
                out.push_str(&line[..cut]);
                out.push_str(&format!(", {quoted}"));
                out.push_str(&line[cut..]);
                continue;
            }
            out.push_str(&format!("  {quoted},\n"));
        }
        out.push_str(line);
    }
    Corpus::from_files(vec![SourceFile {
        path: shown.clone(),
        lang,
        id: id.to_string(),
        text: out.clone(),
    }])?;
    let temporary = path.with_extension("md.new");
    std::fs::write(&temporary, &out)
        .and_then(|()| std::fs::rename(&temporary, &path))
        .map_err(|e| problem(0, e.to_string()))?;
    Ok(path)
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

/// Reads the corpus files below `dir`; unreadable files become diagnostics.
pub fn read_dir_files(dir: &Path) -> Result<Vec<SourceFile>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return Err(vec![Diagnostic::new(
            dir.display().to_string(),
            0,
            "not a folder (expected a folder with en/ and de/ inside)",
        )]);
    }
    for lang in Lang::ALL {
        let lang_dir = dir.join(lang.code());
        let entries = match std::fs::read_dir(&lang_dir) {
            Ok(entries) => entries,
            Err(e) => {
                problems.push(Diagnostic::new(
                    lang_dir.display().to_string(),
                    0,
                    format!("cannot read the {} articles: {e}", lang.code()),
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
            match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => files.push(SourceFile {
                        path: shown,
                        lang,
                        id,
                        text,
                    }),
                    Err(e) => {
                        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                        let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
                        problems.push(Diagnostic::new(shown, line, "not valid UTF-8"));
                    }
                },
                Err(e) => problems.push(Diagnostic::new(shown, 0, format!("cannot read: {e}"))),
            }
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Parses one file; the error names the line.
pub(crate) fn parse_file(file: &SourceFile) -> Result<ParsedFile, Diagnostic> {
    let fail = |line: usize, message: String| Diagnostic::new(file.path.clone(), line, message);
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "+++" {
        return Err(fail(
            1,
            "expected front matter: the first line must be +++".into(),
        ));
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
        return Err(fail(
            1,
            "the front matter is not closed: add a line with +++".into(),
        ));
    };
    let front = &text[front_start..front_end];
    let line_of = |byte: usize| 2 + front[..byte.min(front.len())].matches('\n').count();
    let matter: FrontMatter = toml::from_str(front).map_err(|e| {
        let line = e.span().map(|s| line_of(s.start)).unwrap_or(2);
        fail(line, format!("front matter: {}", e.message()))
    })?;
    let body = text[body_start..].trim().to_string();
    let body_line = 1 + text[..body_start].matches('\n').count();
    if matter.title.get_ref().trim().is_empty() {
        return Err(fail(
            line_of(matter.title.span().start),
            "the title is empty".into(),
        ));
    }
    if body.is_empty() {
        return Err(fail(body_line, "the article has no body".into()));
    }
    let related_line = matter
        .related
        .as_ref()
        .map(|r| line_of(r.span().start))
        .unwrap_or(1);
    Ok(ParsedFile {
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
        assert_eq!(article.questions.last().map(String::as_str), Some(question));
    }

    #[test]
    fn a_missing_article_file_is_named() {
        let dir = tempfile::tempdir().expect("dir");
        let err =
            add_phrasing_to_file(dir.path(), "nothing-here", Lang::De, "x").expect_err("no file");
        assert!(err[0].to_string().contains("nothing-here.md"), "{}", err[0]);
    }
}
