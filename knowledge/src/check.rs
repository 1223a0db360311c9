//! `faq check`: every problem in a corpus, as `file:line: message`.

use crate::analysis::AnalysisData;
use crate::corpus::{SourceFile, parse_file};
use crate::topics::Topics;
use locales::{Lang, Localizer, Said};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The fewest alternative phrasings an article must list.
pub const MIN_QUESTIONS: usize = 3;

/// One problem in one corpus file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, as shown to the user.
    pub path: String,
    /// The 1-based line, or 0 when the problem concerns the whole file.
    pub line: usize,
    /// What is wrong, worded in the reader's language when shown
    /// (`faq-*` messages).
    pub message: Said,
}

impl Diagnostic {
    /// A problem at `path:line`.
    pub fn new(path: impl Into<String>, line: usize, message: Said) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            line,
            message,
        }
    }

    /// A file at `path` that is not UTF-8, named at the line of its first
    /// bad byte.
    pub fn not_utf8(path: impl Into<String>, error: &std::string::FromUtf8Error) -> Diagnostic {
        let line = locales::line_of(error.as_bytes(), error.utf8_error().valid_up_to());
        Diagnostic::new(path, line, Said::of("faq-not-utf8"))
    }

    /// A file at `path` that cannot be read.
    pub fn unreadable(path: impl Into<String>, error: &std::io::Error) -> Diagnostic {
        Diagnostic::new(
            path,
            0,
            Said::of("faq-unreadable").with("reason", Said::io(error)),
        )
    }

    /// `file:line: message` in `lang`; `file: message` for a whole file.
    pub fn in_lang(&self, l: &Localizer, lang: Lang) -> String {
        self.shown(&self.message.in_lang(l, lang))
    }

    fn shown(&self, message: &str) -> String {
        if self.line == 0 {
            format!("{}: {message}", self.path)
        } else {
            format!("{}:{}: {message}", self.path, self.line)
        }
    }
}

/// In English, for logs; a reader gets [`Diagnostic::in_lang`].
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown(&self.message.english()))
    }
}

/// Checks a whole corpus: front matter, ids, tags (against `topics`),
/// translations and links.
pub fn check(files: &[SourceFile], topics: &Topics) -> Vec<Diagnostic> {
    examine(files, topics).problems
}

/// What [`examine`] finds in a corpus's files, from one reading of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examination {
    /// Every problem, as [`check`] gives them.
    pub problems: Vec<Diagnostic>,
    /// The articles that parse but have fewer than [`THIN_PHRASINGS`]
    /// phrasings, in path order: advice, not problems.
    pub thin: Vec<ThinArticle>,
}

/// An FAQ folder as read once and checked: what `faq check` says of it,
/// and what [`crate::Corpus::load_dir`] and `faq link` use when it is clean.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    /// The article files that could be read.
    pub files: Vec<SourceFile>,
    /// Its topics (built in when it has no `topics.toml`).
    pub topics: Topics,
    /// Its word lists (built in where it has none).
    pub analysis: AnalysisData,
    /// Every problem; the folder is only usable without.
    pub problems: Vec<Diagnostic>,
    /// The articles with few ways of asking, found in the same reading.
    pub thin: Vec<ThinArticle>,
}

/// Reads the FAQ folder `dir` and checks everything in it, every file that
/// can be read even when others cannot.
pub fn examine_dir(dir: &Path) -> Folder {
    let read = match crate::corpus::read_dir_files_all(dir) {
        Ok(read) => read,
        // Said once, rather than as every file that cannot be read in it.
        Err(problems) => {
            return Folder {
                problems,
                ..Folder::default()
            };
        }
    };
    let mut problems = read.problems;
    // A broken topics file is reported; the tags are then checked against
    // the topics it still names, or, when none can be read, the built-in
    // ones so that the tags' problems still show.
    let (topics, topic_problems) = Topics::load_dir_all(dir);
    problems.extend(topic_problems);
    let topics = topics.unwrap_or_else(Topics::embedded);
    let analysis = AnalysisData::load_dir(dir).unwrap_or_else(|p| {
        problems.extend(p);
        AnalysisData::embedded()
    });
    if read.files.is_empty() && read.unread.is_empty() {
        problems.push(crate::corpus::no_articles(dir));
    }
    let found = examine_among(&read.files, &read.unread, &topics);
    problems.extend(found.problems);
    Folder {
        files: read.files,
        topics,
        analysis,
        problems,
        thin: found.thin,
    }
}

/// Checks a whole corpus as [`check`] does and names its thin articles,
/// parsing each file once for both.
pub fn examine(files: &[SourceFile], topics: &Topics) -> Examination {
    examine_among(files, &[], topics)
}

/// [`examine`], for `files` beside the article files `unread` that could
/// not be read (and are reported as such): these are no missing translations.
fn examine_among(files: &[SourceFile], unread: &[(Lang, String)], topics: &Topics) -> Examination {
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    // Ids are file names, so two ids that differ only in case collide on
    // case-insensitive file systems and in URLs.
    let mut seen: BTreeMap<(Lang, String), &str> = BTreeMap::new();
    for file in files {
        if !is_valid_id(&file.id) {
            problems.push(Diagnostic::new(
                &file.path,
                0,
                Said::of("faq-bad-id").with("id", file.id.as_str()),
            ));
        }
        if let Some(first) = seen.insert((file.lang, file.id.to_lowercase()), &file.path) {
            problems.push(Diagnostic::new(
                &file.path,
                0,
                Said::of("faq-duplicate-id")
                    .with("id", file.id.as_str())
                    .with("first", first),
            ));
        }
        match parse_file(file) {
            Ok(p) => parsed.push(p),
            Err(d) => problems.push(d),
        }
    }
    let ids: BTreeMap<Lang, BTreeSet<&str>> = Lang::ALL
        .iter()
        .map(|&lang| {
            // From the files, not the parsed articles: a file that fails to
            // parse is reported once, not also as a missing translation.
            let ids = files
                .iter()
                .filter(|f| f.lang == lang)
                .map(|f| f.id.as_str())
                .chain(
                    unread
                        .iter()
                        .filter(|(l, _)| *l == lang)
                        .map(|(_, id)| id.as_str()),
                )
                .collect();
            (lang, ids)
        })
        .collect();
    let all_ids: BTreeSet<&str> = ids.values().flatten().copied().collect();
    for p in &parsed {
        let a = &p.article;
        if a.questions.len() < MIN_QUESTIONS {
            problems.push(Diagnostic::new(
                &a.source,
                p.questions_line,
                Said::of("faq-few-questions")
                    .with("least", MIN_QUESTIONS)
                    .with("found", a.questions.len()),
            ));
        }
        // Shown raw in a terminal's chat and the console, an escape or a
        // bell would act there; no editor shows them in the file.
        if a.title.chars().any(char::is_control) {
            problems.push(Diagnostic::new(
                &a.source,
                p.title_line,
                Said::of("faq-control-in-title"),
            ));
        }
        for (n, question) in a.questions.iter().enumerate() {
            if question.chars().any(char::is_control) {
                problems.push(Diagnostic::new(
                    &a.source,
                    p.questions_line,
                    Said::of("faq-control-in-question").with("number", n + 1),
                ));
            }
        }
        if a.questions.iter().any(|q| q.trim().is_empty()) {
            problems.push(Diagnostic::new(
                &a.source,
                p.questions_line,
                Said::of("faq-empty-question"),
            ));
        }
        // Linked phrasings are written by `faq link` and the console, which
        // refuse these; a hand edit must meet the same rules.
        for (n, (phrasing, line)) in a.linked.iter().zip(&p.linked_lines).enumerate() {
            match crate::corpus::tidy_phrasing(phrasing) {
                Err(e) => problems.push(Diagnostic::new(
                    &a.source,
                    *line,
                    Said::of("faq-linked-refused")
                        .with("number", n + 1)
                        .with("why", e.said()),
                )),
                Ok(tidy) if tidy != *phrasing => problems.push(Diagnostic::new(
                    &a.source,
                    *line,
                    // As the front matter must hold it, quoted and escaped
                    // as `faq link` writes it, so that it can be pasted.
                    Said::of("faq-linked-untidy")
                        .with("number", n + 1)
                        .with("tidy", toml_edit::Value::from(tidy).to_string()),
                )),
                Ok(_) => {}
            }
            if a.questions.contains(phrasing) || a.linked[..n].contains(phrasing) {
                problems.push(Diagnostic::new(
                    &a.source,
                    *line,
                    Said::of("faq-linked-twice")
                        .with("number", n + 1)
                        .with("phrasing", phrasing.as_str()),
                ));
            }
        }
        if a.tags.is_empty() {
            problems.push(Diagnostic::new(
                &a.source,
                p.tags_line,
                Said::of("faq-no-tag"),
            ));
        }
        for tag in a.tags.iter().filter(|t| topics.get(t).is_none()) {
            problems.push(Diagnostic::new(
                &a.source,
                p.tags_line,
                Said::of("faq-unknown-tag")
                    .with("tag", tag.as_str())
                    .with("topics", topics.ids()),
            ));
        }
        for related in &a.related {
            if related == &a.id {
                problems.push(Diagnostic::new(
                    &a.source,
                    p.related_line,
                    Said::of("faq-related-itself"),
                ));
            } else if !all_ids.contains(related.as_str()) {
                problems.push(Diagnostic::new(
                    &a.source,
                    p.related_line,
                    Said::of("faq-related-unknown").with("id", related.as_str()),
                ));
            }
        }
        let other = a.lang.other();
        if !ids[&other].contains(a.id.as_str()) {
            problems.push(Diagnostic::new(
                &a.source,
                0,
                Said::of("faq-missing-translation")
                    .with("lang", other.code())
                    .with("id", a.id.as_str()),
            ));
        }
    }
    problems.sort();
    problems.dedup();
    // Files that do not parse are named among the problems, not here.
    let mut thin: Vec<ThinArticle> = parsed
        .iter()
        .map(|p| ThinArticle {
            path: p.article.source.clone(),
            phrasings: p.article.phrasings().count(),
        })
        .filter(|a| a.phrasings < THIN_PHRASINGS)
        .collect();
    thin.sort();
    Examination { problems, thin }
}

/// Below this many phrasings (the authors' and the linked ones together) an
/// article is named among [`Examination::thin`]. Measured with `growth.rs`: articles
/// cut to five phrasings were answered for about a quarter of their
/// questions, those with about 45 for three quarters.
pub const THIN_PHRASINGS: usize = 10;

/// An article that is correct but has few ways of being asked: the engine
/// seldom answers it with confidence until members' questions are linked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ThinArticle {
    /// The file, as shown to the user.
    pub path: String,
    /// Its authors' and linked phrasings together.
    pub phrasings: usize,
}

/// Whether `id` can name an article everywhere it goes: a file, a URL, a
/// button's custom id, an argument (`-dash` would read as an option).
fn is_valid_id(id: &str) -> bool {
    !id.starts_with('-')
        && !id.ends_with('-')
        && !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::embedded_files;

    fn file(lang: Lang, id: &str, text: &str) -> SourceFile {
        SourceFile {
            path: format!("{}/{id}.md", lang.code()),
            lang,
            id: id.to_string(),
            text: text.to_string(),
        }
    }

    const GOOD: &str =
        "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\n+++\nBody.\n";

    #[test]
    fn the_shipped_corpus_is_clean() {
        let problems = check(&embedded_files(), &Topics::embedded());
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(embedded_files().len() >= 40);
    }

    #[test]
    fn a_clean_pair_passes() {
        let files = [file(Lang::En, "x", GOOD), file(Lang::De, "x", GOOD)];
        assert_eq!(check(&files, &Topics::embedded()), vec![]);
    }

    #[test]
    fn linked_phrasings_meet_the_rules_that_linking_does() {
        let text = GOOD.replace(
            "tags =",
            "linked = [\n  \"fine\",\n  \"\",\n  \"two  spaces\",\n  \"???\",\n  \"a\",\n  \"fine\",\n  \"zero\u{200b} width\",\n]\ntags =",
        );
        let files = [file(Lang::En, "x", &text), file(Lang::De, "x", GOOD)];
        let shown: Vec<String> = check(&files, &Topics::embedded())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "en/x.md:6: linked phrasing 2: the phrasing is empty",
                "en/x.md:7: linked phrasing 3 has line breaks, runs of spaces or invisible characters; write it as \"two spaces\"",
                "en/x.md:8: linked phrasing 4: the phrasing has no letter or digit",
                "en/x.md:9: linked phrasing 5 is listed twice: \"a\"",
                "en/x.md:10: linked phrasing 6 is listed twice: \"fine\"",
                "en/x.md:11: linked phrasing 7 has line breaks, runs of spaces or invisible characters; write it as \"zero width\"",
            ]
        );
    }

    #[test]
    fn an_untidy_phrasing_is_shown_as_the_front_matter_must_hold_it() {
        // A member's quotation marks and a backslash: pasted between two
        // more quotation marks, they would end the string or escape.
        let text = GOOD.replace(
            "tags =",
            "linked = [\"Was ist  \\\"Xpert\\\" und C:\\\\Xpert?\"]\ntags =",
        );
        let files = [file(Lang::De, "x", &text), file(Lang::En, "x", GOOD)];
        let problems = check(&files, &Topics::embedded());
        assert_eq!(problems.len(), 1, "{problems:#?}");
        let l = locales::Localizer::embedded().expect("locales");
        let shown = problems[0].in_lang(&l, Lang::De);
        let (_, value) = shown
            .split_once("schreiben Sie sie als ")
            .unwrap_or_else(|| panic!("{shown}"));
        let pasted: toml::Table = toml::from_str(&format!("linked = [{value}]"))
            .unwrap_or_else(|e| panic!("{value}: {e}"));
        assert_eq!(
            pasted["linked"][0].as_str(),
            Some("Was ist \"Xpert\" und C:\\Xpert?"),
            "{shown}"
        );
    }

    #[test]
    fn a_folder_with_a_broken_topics_file_has_its_tags_checked_against_what_it_still_names() {
        let dir = tempfile::tempdir().expect("dir");
        for lang in Lang::ALL {
            let folder = dir.path().join(lang.code());
            std::fs::create_dir_all(&folder).expect("dir");
            std::fs::write(folder.join("x.md"), GOOD).expect("write");
        }
        std::fs::write(
            dir.path().join(crate::topics::TOPICS_FILE),
            "[[topic]]\nid = \"sync\"\nen = \"Sync\"\nde = \"Sync\"\nicon = \"x\"\n",
        )
        .expect("write");
        let shown: Vec<String> = examine_dir(dir.path())
            .problems
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert!(shown[0].contains("topics.toml:5:"), "{shown:#?}");
        for (n, lang) in [(1, "de"), (2, "en")] {
            assert!(
                shown[n].contains(&format!("{lang}/x.md:4: unknown tag \"login\"")),
                "{shown:#?}"
            );
        }
    }

    #[test]
    fn reports_a_missing_translation() {
        let problems = check(&[file(Lang::En, "x", GOOD)], &Topics::embedded());
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "en/x.md: missing translation: there is no de/x.md"
        );
    }

    #[test]
    fn reports_bad_toml_with_its_line() {
        let bad = "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"\ntags = [\"login\"]\n+++\nBody.\n";
        let problems = check(
            &[file(Lang::En, "x", bad), file(Lang::De, "x", GOOD)],
            &Topics::embedded(),
        );
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].path, "en/x.md");
        assert!(
            problems[0].line >= 3 && problems[0].line <= 4,
            "{problems:#?}"
        );
        assert!(problems[0].message.to_string().starts_with("front matter"));
    }

    #[test]
    fn reports_missing_fields_unknown_fields_and_missing_front_matter() {
        let no_tags = "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\n+++\nBody.\n";
        let unknown = "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\nauthor = \"x\"\n+++\nBody.\n";
        let problems = check(
            &[
                file(Lang::En, "a", no_tags),
                file(Lang::De, "a", "no front matter"),
                file(Lang::En, "b", unknown),
                file(Lang::De, "b", "+++\ntitle = \"T\"\n"),
            ],
            &Topics::embedded(),
        );
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("en/a.md:") && s.contains("tags")),
            "{shown:#?}"
        );
        assert!(
            shown.iter().any(|s| s.starts_with("de/a.md:1:")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("en/b.md:5:") && s.contains("author")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("de/b.md:1:") && s.contains("not closed")),
            "{shown:#?}"
        );
    }

    #[test]
    fn reports_few_questions_unknown_tags_and_related() {
        let text = "+++\ntitle = \"T\"\nquestions = [\"a\"]\ntags = [\"cooking\"]\nrelated = [\"nope\", \"x\"]\n+++\nBody.\n";
        let problems = check(
            &[file(Lang::En, "x", text), file(Lang::De, "x", GOOD)],
            &Topics::embedded(),
        );
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            shown.contains(
                &"en/x.md:3: list at least 3 questions (other ways members ask this); found 1"
                    .to_string()
            ),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("en/x.md:4: unknown tag \"cooking\"")),
            "{shown:#?}"
        );
        assert!(
            shown.contains(&"en/x.md:5: related id \"nope\" is not an article".to_string()),
            "{shown:#?}"
        );
        assert!(
            shown.contains(&"en/x.md:5: an article cannot be related to itself".to_string()),
            "{shown:#?}"
        );
    }

    #[test]
    fn names_the_articles_with_few_phrasings_and_counts_linked_ones() {
        let linked = "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\n\
                      linked = [\"d\", \"e\", \"f\", \"g\", \"h\", \"i\", \"j\"]\n\
                      tags = [\"login\"]\n+++\nBody.\n";
        let thin = examine(
            &[
                file(Lang::En, "y", GOOD),
                file(Lang::De, "y", GOOD),
                file(Lang::En, "z", linked),
                file(Lang::En, "broken", "no front matter"),
            ],
            &Topics::embedded(),
        )
        .thin;
        assert_eq!(
            thin,
            vec![
                ThinArticle {
                    path: "de/y.md".into(),
                    phrasings: 3
                },
                ThinArticle {
                    path: "en/y.md".into(),
                    phrasings: 3
                },
            ]
        );
        // The shipped articles each have dozens.
        assert!(
            examine(&embedded_files(), &Topics::embedded())
                .thin
                .is_empty()
        );
    }

    #[test]
    fn reports_duplicate_and_malformed_ids() {
        let problems = check(
            &[
                file(Lang::En, "x", GOOD),
                file(Lang::En, "X", GOOD),
                file(Lang::De, "x", GOOD),
            ],
            &Topics::embedded(),
        );
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            shown.iter().any(|s| s.contains("duplicate id \"X\"")),
            "{shown:#?}"
        );
        assert!(
            shown.iter().any(|s| s.contains("may only use")),
            "{shown:#?}"
        );
    }

    #[test]
    fn reports_an_empty_body_and_title() {
        let empty_body = "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\n+++\n\n  \n";
        let empty_title = "+++\ntitle = \" \"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\n+++\nBody\n";
        let problems = check(
            &[
                file(Lang::En, "x", empty_body),
                file(Lang::De, "x", empty_title),
            ],
            &Topics::embedded(),
        );
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            shown.contains(&"en/x.md:6: the article has no body".to_string()),
            "{shown:#?}"
        );
        assert!(
            shown.contains(&"de/x.md:2: the title is empty".to_string()),
            "{shown:#?}"
        );
    }

    /// Every message id the crate says a problem with, as written in its
    /// source: `Said::of("…")`, `Said::new("…"` and any `"faq-…"` or
    /// `"toml-…"` literal (an id chosen first and said later, or one that
    /// rustfmt put on a line of its own).
    fn ids_in_source() -> BTreeSet<String> {
        fn walk(dir: &std::path::Path, ids: &mut BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).expect("src").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, ids);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("read");
                    for lead in ["Said::of(\"", "Said::new(\"", "\"faq-", "\"toml-"] {
                        for (at, _) in text.match_indices(lead) {
                            // A literal lead is part of the id.
                            let start = at + lead.find('"').expect("quote") + 1;
                            let rest = &text[start..];
                            let id = &rest[..rest.find('"').expect("closing quote")];
                            ids.insert(id.to_string());
                        }
                    }
                }
            }
        }
        let mut ids = BTreeSet::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut ids,
        );
        // This test's own patterns and doc comments are no ids.
        ids.retain(|id| {
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && id.contains('-')
                && !id.ends_with('-')
        });
        ids
    }

    #[test]
    fn every_problem_the_crate_says_has_words_in_both_languages() {
        let l = Localizer::embedded().expect("messages");
        let ids = ids_in_source();
        assert!(ids.len() > 40, "{ids:?}");
        for id in &ids {
            for lang in Lang::ALL {
                assert!(l.has(lang, id), "{id} is missing in {lang}");
            }
        }
    }

    #[test]
    fn problems_of_every_kind_are_worded_whole_in_both_languages() {
        let l = Localizer::embedded().expect("messages");
        let broken = [
            file(Lang::En, "Bad_Id", GOOD),
            file(Lang::En, "few", &GOOD.replace("\"b\", \"c\"", "\"\"")),
            file(
                Lang::De,
                "few",
                &GOOD.replace("tags =", "linked = [\"a\", \" x  y\", \"\"]\ntags ="),
            ),
            file(Lang::En, "open", "+++\ntitle = \"T\"\n"),
            file(Lang::De, "open", "no front matter"),
            file(
                Lang::En,
                "typed",
                &GOOD.replace("[\"a\", \"b\", \"c\"]", "3"),
            ),
            file(
                Lang::De,
                "typed",
                &GOOD.replace("title = \"T\"", "title = \" \""),
            ),
            file(
                Lang::En,
                "odd",
                &GOOD.replace(
                    "tags = [\"login\"]",
                    "tags = []\nrelated = [\"odd\", \"ghost\"]",
                ),
            ),
            file(
                Lang::De,
                "odd",
                "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"cooking\"]\n+++\n",
            ),
            file(Lang::En, "syntax", "+++\ntitle = = \"T\"\n+++\nBody\n"),
            file(
                Lang::De,
                "syntax",
                &GOOD.replace("tags =", "who = 1\ntags ="),
            ),
        ];
        let mut problems = check(&broken, &Topics::embedded());
        let questions = "x\tfr\tq\n\ten\tq\nx,\ten\tq\nX\ten\tq\nx\ten\t \na\tb\n";
        problems.extend(crate::eval::parse_questions("q.tsv", questions).expect_err("broken"));
        problems.extend(
            crate::topics::Topics::parse(
                "topics.toml",
                "[[topic]]\nid = \"A\"\nen = \"\"\nde = \"x\"\n",
            )
            .expect_err("broken"),
        );
        let ids: BTreeSet<&str> = problems.iter().map(|p| p.message.id).collect();
        assert!(ids.len() >= 20, "{ids:?}");
        for problem in &problems {
            let en = problem.in_lang(&l, Lang::En);
            let de = problem.in_lang(&l, Lang::De);
            assert_eq!(en, problem.to_string());
            assert_ne!(en, de, "{en}");
            for text in [&en, &de] {
                // A missing message shows its id, a missing variable its name in braces.
                assert!(!text.contains("faq-") && !text.contains("toml-"), "{text}");
                assert!(!text.contains("{$") && !text.contains("{ $"), "{text}");
            }
        }
    }
}
