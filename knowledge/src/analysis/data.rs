//! The word lists behind the analysis: stop words, synonyms and the German
//! compound lexicon. Built in, or read from a `--faq-dir` folder (the same
//! layout as `knowledge/`: `stopwords/<lang>.txt`, `synonyms/<lang>.toml`,
//! `lexicon/de.txt`), so the support team can extend them without a rebuild.

use super::synonyms::SynonymFile;
use crate::check::Diagnostic;
use locales::Lang;
use locales::Said;
use std::path::Path;

/// One language's word lists, as text in their file formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageData {
    /// Stop words, whitespace-separated; `#` starts a comment line.
    pub stopwords: String,
    /// Synonym groups (`groups = [["canonical", "other", ...], ...]`).
    pub synonyms: String,
    /// Known compound parts (German only), like `stopwords`.
    pub lexicon: String,
}

/// The word lists of both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisData {
    en: LanguageData,
    de: LanguageData,
}

impl Default for AnalysisData {
    /// The built-in lists.
    fn default() -> AnalysisData {
        AnalysisData::embedded()
    }
}

/// Where each list lives below a corpus folder, and its built-in text.
struct ListFile {
    path: fn(Lang) -> Option<String>,
    built_in: fn(Lang) -> &'static str,
    set: fn(&mut LanguageData, String),
}

const LISTS: [ListFile; 3] = [
    ListFile {
        path: |lang| Some(format!("stopwords/{}.txt", lang.code())),
        built_in: |lang| match lang {
            Lang::En => include_str!("../../stopwords/en.txt"),
            Lang::De => include_str!("../../stopwords/de.txt"),
        },
        set: |data, text| data.stopwords = text,
    },
    ListFile {
        path: |lang| Some(format!("synonyms/{}.toml", lang.code())),
        built_in: |lang| match lang {
            Lang::En => include_str!("../../synonyms/en.toml"),
            Lang::De => include_str!("../../synonyms/de.toml"),
        },
        set: |data, text| data.synonyms = text,
    },
    ListFile {
        path: |lang| (lang == Lang::De).then(|| "lexicon/de.txt".to_string()),
        built_in: |lang| match lang {
            Lang::En => "",
            Lang::De => include_str!("../../lexicon/de.txt"),
        },
        set: |data, text| data.lexicon = text,
    },
];

impl AnalysisData {
    /// The lists compiled into the binary.
    pub fn embedded() -> AnalysisData {
        let of = |lang: Lang| {
            let mut data = LanguageData {
                stopwords: String::new(),
                synonyms: String::new(),
                lexicon: String::new(),
            };
            for list in &LISTS {
                (list.set)(&mut data, (list.built_in)(lang).to_string());
            }
            data
        };
        AnalysisData {
            en: of(Lang::En),
            de: of(Lang::De),
        }
    }

    /// The lists in `dir` where it has them, the built-in ones otherwise;
    /// every file that does not parse is named with its line.
    pub fn load_dir(dir: &Path) -> Result<AnalysisData, Vec<Diagnostic>> {
        let mut data = AnalysisData::embedded();
        let mut problems = Vec::new();
        for lang in Lang::ALL {
            for list in &LISTS {
                let Some(relative) = (list.path)(lang) else {
                    continue;
                };
                let path = dir.join(&relative);
                let shown = path.display().to_string();
                let text = match std::fs::read(&path) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(text) => text,
                        Err(e) => {
                            problems.push(Diagnostic::not_utf8(shown, &e));
                            continue;
                        }
                    },
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => {
                        problems.push(Diagnostic::unreadable(shown, &e));
                        continue;
                    }
                };
                if relative.ends_with(".toml")
                    && let Err(problem) = check_synonyms(&shown, &text)
                {
                    problems.push(problem);
                    continue;
                }
                (list.set)(data.of_mut(lang), text);
            }
        }
        if problems.is_empty() {
            Ok(data)
        } else {
            Err(problems)
        }
    }

    /// Lists given in full, one set per language.
    pub fn new(en: LanguageData, de: LanguageData) -> AnalysisData {
        AnalysisData { en, de }
    }

    /// The lists of `lang`.
    pub fn of(&self, lang: Lang) -> &LanguageData {
        match lang {
            Lang::En => &self.en,
            Lang::De => &self.de,
        }
    }

    fn of_mut(&mut self, lang: Lang) -> &mut LanguageData {
        match lang {
            Lang::En => &mut self.en,
            Lang::De => &mut self.de,
        }
    }
}

/// Whether a synonym file has the right shape; the error names the line.
pub fn check_synonyms(shown: &str, text: &str) -> Result<(), Diagnostic> {
    let line_of = |byte: usize| locales::line_of(text.as_bytes(), byte);
    toml::from_str::<SynonymFile>(text)
        .map(|_| ())
        .map_err(|e| {
            let line = e.span().map(|s| line_of(s.start)).unwrap_or(1);
            Diagnostic::new(
                shown,
                line,
                Said::of("faq-synonyms").with("problem", Said::toml(e.message())),
            )
        })
}

/// The words of a word list: `#` lines are comments.
pub(crate) fn list_words(lang: Lang, source: &str) -> impl Iterator<Item = String> + '_ {
    source
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(move |line| super::text::words(lang, line))
        .map(|w| w.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_lists_uses_the_built_in_ones() {
        let dir = tempfile::tempdir().expect("dir");
        assert_eq!(
            AnalysisData::load_dir(dir.path()),
            Ok(AnalysisData::embedded())
        );
    }

    #[test]
    fn a_folder_replaces_the_lists_it_has_and_names_a_broken_one() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(dir.path().join("stopwords")).expect("dir");
        std::fs::create_dir_all(dir.path().join("synonyms")).expect("dir");
        std::fs::write(dir.path().join("stopwords/de.txt"), "# nur eins\nbitte\n").expect("write");
        let data = AnalysisData::load_dir(dir.path()).expect("loads");
        assert_eq!(data.of(Lang::De).stopwords, "# nur eins\nbitte\n");
        assert_eq!(data.of(Lang::En), AnalysisData::embedded().of(Lang::En));

        std::fs::write(
            dir.path().join("synonyms/en.toml"),
            "# groups\ngroups = [\n  [\"a\", \"b\"],\n  [\"c\", 3],\n]\n",
        )
        .expect("write");
        let problems = AnalysisData::load_dir(dir.path()).expect_err("broken");
        assert_eq!(problems.len(), 1, "{problems:?}");
        let shown = problems[0].to_string();
        assert!(shown.contains("synonyms/en.toml:4: synonyms:"), "{shown}");
    }
}
