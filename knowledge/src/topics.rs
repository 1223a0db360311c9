//! The FAQ's topics: data, not code, so the support team can add one.
//!
//! `faq/topics.toml` (or `topics.toml` in a `--faq-dir` folder) lists
//! `[[topic]]` tables with an `id` (what articles' `tags` say) and a name in
//! each language. Their order is the order a browsing member meets them.

use crate::check::Diagnostic;
use locales::Lang;
use locales::Said;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

const EMBEDDED: &str = include_str!("../faq/topics.toml");

/// The name of the topics file inside a corpus folder.
pub const TOPICS_FILE: &str = "topics.toml";

/// One topic, with its name in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// What articles put in their `tags` (`login`).
    pub id: String,
    /// The English name.
    pub en: String,
    /// The German name.
    pub de: String,
}

impl Topic {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::De => &self.de,
        }
    }
}

/// Every topic, in menu order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topics {
    topics: Vec<Topic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    #[serde(default)]
    topic: Vec<Spanned<TopicEntry>>,
}

/// A topics file read without its rules, to find the problems after the
/// first one the strict reading stops at.
#[derive(Deserialize)]
struct LooseTopicsFile {
    #[serde(default)]
    topic: Vec<Spanned<toml::Table>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicEntry {
    id: String,
    en: String,
    de: String,
}

impl Default for Topics {
    /// The built-in topics.
    fn default() -> Topics {
        Topics::embedded()
    }
}

impl Topics {
    /// The topics compiled into the binary.
    pub fn embedded() -> Topics {
        // Checked by a test; an empty list would only hide the menus.
        Topics::parse("knowledge/faq/topics.toml", EMBEDDED)
            .unwrap_or(Topics { topics: Vec::new() })
    }

    /// `dir/topics.toml` when the folder has one, else the built-in topics.
    pub fn load_dir(dir: &Path) -> Result<Topics, Vec<Diagnostic>> {
        match Topics::load_dir_all(dir) {
            (Some(topics), problems) if problems.is_empty() => Ok(topics),
            (_, problems) => Err(problems),
        }
    }

    /// As [`Topics::load_dir`], but with the topics that could be read from
    /// a file with problems too (`None` when none could), so that the tags
    /// of the articles are checked against what the file still says.
    pub fn load_dir_all(dir: &Path) -> (Option<Topics>, Vec<Diagnostic>) {
        let path = dir.join(TOPICS_FILE);
        let shown = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Topics::parse_all(&shown, &text),
                // Named by line, as the articles and word lists beside it are.
                Err(e) => (None, vec![Diagnostic::not_utf8(shown, &e)]),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                (Some(Topics::embedded()), vec![])
            }
            Err(e) => (None, vec![Diagnostic::unreadable(shown, &e)]),
        }
    }

    /// Reads a topics file; `shown` names it in messages.
    pub fn parse(shown: &str, text: &str) -> Result<Topics, Vec<Diagnostic>> {
        match Topics::parse_all(shown, text) {
            (Some(topics), problems) if problems.is_empty() => Ok(topics),
            (_, problems) => Err(problems),
        }
    }

    /// Reads a topics file as far as it can be read: every problem, and the
    /// topics it still names (`None` when its TOML cannot be read at all).
    fn parse_all(shown: &str, text: &str) -> (Option<Topics>, Vec<Diagnostic>) {
        let line_of = |byte: usize| locales::line_of(text.as_bytes(), byte);
        let mut problems = Vec::new();
        let entries: Vec<(usize, TopicEntry)> = match toml::from_str::<TopicsFile>(text) {
            Ok(file) => file
                .topic
                .into_iter()
                .map(|entry| (line_of(entry.span().start), entry.into_inner()))
                .collect(),
            Err(e) => {
                let line = e.span().map(|s| line_of(s.start)).unwrap_or(1);
                problems.push(Diagnostic::new(shown, line, Said::toml(e.message())));
                // A field the strict reading refused (an unknown key, a
                // missing name) hides no other problem: the topics are read
                // again loosely, their strings taken where they are strings.
                match toml::from_str::<LooseTopicsFile>(text) {
                    Ok(file) => file
                        .topic
                        .into_iter()
                        .map(|entry| {
                            let line = line_of(entry.span().start);
                            let table = entry.into_inner();
                            let field = |key: &str| {
                                table
                                    .get(key)
                                    .and_then(toml::Value::as_str)
                                    .unwrap_or_default()
                                    .to_string()
                            };
                            let entry = TopicEntry {
                                id: field("id"),
                                en: field("en"),
                                de: field("de"),
                            };
                            (line, entry)
                        })
                        .filter(|(_, entry)| !entry.id.trim().is_empty())
                        .collect(),
                    Err(_) => return (None, problems),
                }
            }
        };
        let strict = problems.is_empty();
        let mut topics: Vec<Topic> = Vec::new();
        for (line, entry) in entries {
            let id = entry.id.trim().to_string();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                problems.push(Diagnostic::new(
                    shown,
                    line,
                    Said::of("faq-topic-bad-id").with("id", id.as_str()),
                ));
            } else if topics.iter().any(|t| t.id == id) {
                problems.push(Diagnostic::new(
                    shown,
                    line,
                    Said::of("faq-topic-twice").with("id", id.as_str()),
                ));
            }
            // Loosely read, a missing name was the strict reading's problem.
            for (lang, name) in [(Lang::En, &entry.en), (Lang::De, &entry.de)] {
                if strict && name.trim().is_empty() {
                    problems.push(Diagnostic::new(
                        shown,
                        line,
                        Said::of("faq-topic-no-name")
                            .with("id", id.as_str())
                            .with("lang", lang.code()),
                    ));
                }
            }
            topics.push(Topic {
                id,
                en: entry.en.trim().to_string(),
                de: entry.de.trim().to_string(),
            });
        }
        if topics.is_empty() && problems.is_empty() {
            problems.push(Diagnostic::new(shown, 1, Said::of("faq-no-topics")));
        }
        (Some(Topics { topics }), problems)
    }

    /// The topic `id`.
    pub fn get(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    /// Every topic, in menu order.
    pub fn iter(&self) -> impl Iterator<Item = &Topic> {
        self.topics.iter()
    }

    /// The ids, joined for a message (`login, sync`).
    pub fn ids(&self) -> String {
        self.topics
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_topics_parse() {
        let topics = Topics::parse("topics.toml", EMBEDDED).expect("parses");
        assert_eq!(
            topics.get("login").map(|t| t.name(Lang::De)),
            Some("Anmelden")
        );
        assert!(topics.iter().count() >= 6);
    }

    #[test]
    fn problems_name_their_line() {
        let text = "[[topic]]\nid = \"a\"\nen = \"A\"\nde = \"A\"\n\n[[topic]]\nid = \"a\"\nen = \"\"\nde = \"B\"\n";
        let shown: Vec<String> = Topics::parse("t.toml", text)
            .expect_err("bad")
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "t.toml:6: the topic \"a\" is listed twice",
                "t.toml:6: the topic \"a\" has no en name"
            ]
        );
        let broken =
            Topics::parse("t.toml", "[[topic]]\nid = \"a\"\nname = \"A\"\n").expect_err("bad");
        assert_eq!(broken[0].line, 3, "{broken:?}");
    }

    #[test]
    fn a_broken_file_names_its_later_problems_and_the_topics_it_still_has() {
        let text = "[[topic]]\nid = \"a\"\nen = \"A\"\nde = \"A\"\nname = \"x\"\n\n\
                    [[topic]]\nid = \"b\"\nen = \"B\"\nde = \"B\"\n\n\
                    [[topic]]\nid = \"b\"\nen = \"C\"\nde = \"C\"\n";
        let (topics, problems) = Topics::parse_all("t.toml", text);
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert!(shown[0].starts_with("t.toml:5:"), "{shown:#?}");
        assert_eq!(shown[1], "t.toml:12: the topic \"b\" is listed twice");
        let topics = topics.expect("read loosely");
        assert_eq!(topics.ids(), "a, b, b");
        // Broken TOML names nothing the tags could be checked against.
        assert_eq!(Topics::parse_all("t.toml", "[[topic]\n").0, None);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_named_by_its_line() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join(TOPICS_FILE);
        std::fs::write(&path, b"# topics\n# Th\xe9men\n[[topic]]\n").expect("write");
        let problems = Topics::load_dir(dir.path()).expect_err("not UTF-8");
        assert_eq!(
            problems[0].to_string(),
            format!("{}:2: not valid UTF-8", path.display())
        );
    }
}
