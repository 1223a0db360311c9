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
        let path = dir.join(TOPICS_FILE);
        let shown = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Topics::parse(&shown, &text),
                // Named by line, as the articles and word lists beside it are.
                Err(e) => Err(vec![Diagnostic::not_utf8(shown, &e)]),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Topics::embedded()),
            Err(e) => Err(vec![Diagnostic::unreadable(shown, &e)]),
        }
    }

    /// Reads a topics file; `shown` names it in messages.
    pub fn parse(shown: &str, text: &str) -> Result<Topics, Vec<Diagnostic>> {
        let line_of = |byte: usize| locales::line_of(text.as_bytes(), byte);
        let file: TopicsFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(s.start)).unwrap_or(1);
            vec![Diagnostic::new(shown, line, Said::toml(e.message()))]
        })?;
        let mut problems = Vec::new();
        let mut topics: Vec<Topic> = Vec::new();
        for entry in file.topic {
            let line = line_of(entry.span().start);
            let entry = entry.into_inner();
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
            for (lang, name) in [(Lang::En, &entry.en), (Lang::De, &entry.de)] {
                if name.trim().is_empty() {
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
        if problems.is_empty() {
            Ok(Topics { topics })
        } else {
            Err(problems)
        }
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
