//! Every word a member or moderator reads, in English and German.
//!
//! The fluent files in `locales/<lang>/*.ftl` are embedded at build time, so the
//! binary needs no files at run time. [`Localizer`] formats a message for a
//! [`Lang`], and [`Lang::negotiate`] turns whatever a client sends (`de-AT`,
//! `de_DE.UTF-8`, `fr`) into one of the languages we speak.

pub mod fold;
mod lang;
mod said;

pub use fluent_bundle::FluentValue;
pub use lang::Lang;
pub use said::{Arg, Said};

/// `text` as one line that is safe to show: line breaks, tabs and other
/// control characters (an escape sequence would act in a terminal) become
/// spaces, and runs of spaces one. Names from uploaded files, mail subjects
/// and linked phrasings all pass through here.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `word` as a POSIX shell reads it back: as it is when it has only
/// characters no shell treats specially, else in single quotes (a quote
/// inside becomes `'\''`).
pub fn for_the_shell(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "_-./,:=+@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// `--db PATH` for a command a message suggests, so that it works when
/// pasted: the path quoted for the shell, and joined to the flag when it
/// begins with a dash, which clap takes for an option, quoted or not.
pub fn db_flag(path: &std::path::Path) -> String {
    let shown = path.display().to_string();
    let word = for_the_shell(&shown);
    if shown.starts_with('-') {
        format!("--db={word}")
    } else {
        format!("--db {word}")
    }
}

/// The 1-based line that the byte at `offset` of `bytes` stands on (the
/// end, or an offset past it: the last line). Every `file:line` the help
/// desk names in a file it read is counted here.
pub fn line_of(bytes: &[u8], offset: usize) -> usize {
    let before = if offset < bytes.len() {
        &bytes[..offset]
    } else {
        // A reader that runs out of text (an unclosed string or list) points
        // at the end; after a final line break that is on no line of the
        // file, and the value it was reading is on the last one.
        bytes.strip_suffix(b"\n").unwrap_or(bytes)
    };
    1 + before.iter().filter(|b| **b == b'\n').count()
}

use fluent_bundle::FluentArgs;
use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;

/// The fluent sources of one language, as `(file name, contents)`.
pub type Sources = &'static [(&'static str, &'static str)];

/// The embedded English fluent files.
pub const EN_SOURCES: Sources = &[
    ("helpdesk.ftl", include_str!("../en/helpdesk.ftl")),
    ("desk.ftl", include_str!("../en/desk.ftl")),
    ("bot.ftl", include_str!("../en/bot.ftl")),
    ("console.ftl", include_str!("../en/console.ftl")),
    ("faq.ftl", include_str!("../en/faq.ftl")),
];
/// The embedded German fluent files.
pub const DE_SOURCES: Sources = &[
    ("helpdesk.ftl", include_str!("../de/helpdesk.ftl")),
    ("desk.ftl", include_str!("../de/desk.ftl")),
    ("bot.ftl", include_str!("../de/bot.ftl")),
    ("console.ftl", include_str!("../de/console.ftl")),
    ("faq.ftl", include_str!("../de/faq.ftl")),
];

/// The embedded sources of `lang`.
pub fn sources(lang: Lang) -> Sources {
    match lang {
        Lang::En => EN_SOURCES,
        Lang::De => DE_SOURCES,
    }
}

/// A fluent file that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("locales/{lang}/{file}: {message}")]
pub struct LocaleError {
    /// The language folder.
    pub lang: Lang,
    /// The file inside it.
    pub file: &'static str,
    /// What fluent reported.
    pub message: String,
}

/// Formats messages in both languages; cheap to share between threads.
pub struct Localizer {
    en: FluentBundle<FluentResource>,
    de: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Localizer")
    }
}

impl Localizer {
    /// Builds the localizer from the embedded fluent files.
    pub fn embedded() -> Result<Localizer, LocaleError> {
        Ok(Localizer {
            en: bundle(Lang::En)?,
            de: bundle(Lang::De)?,
        })
    }

    /// The message `id` in `lang`, without arguments.
    pub fn text(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, &[])
    }

    /// The message `id` in `lang`, with named arguments.
    ///
    /// A missing message yields its id, so that a gap shows on screen instead of
    /// crashing; the tests make sure there are no gaps.
    pub fn format(&self, lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let bundle = match lang {
            Lang::En => &self.en,
            Lang::De => &self.de,
        };
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let args = (!args.is_empty()).then_some(&fluent_args);
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// A calendar date written as people of `lang` write it: `May 22, 2027`,
    /// `22. Mai 2027`.
    pub fn date(&self, lang: Lang, date: time::Date) -> String {
        self.format(
            lang,
            "date-long",
            &[
                ("day", date.day().to_string().into()),
                ("month", date.month().to_string().to_lowercase().into()),
                ("year", date.year().to_string().into()),
            ],
        )
    }

    /// A whole number with the thousands separator of `lang`: `1,234,567`,
    /// `1.234.567`.
    pub fn number(&self, lang: Lang, n: u64) -> String {
        let separator = match lang {
            Lang::En => ',',
            Lang::De => '.',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }

    /// Whether `id` exists in `lang`.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        match lang {
            Lang::En => self.en.has_message(id),
            Lang::De => self.de.has_message(id),
        }
    }
}

/// Fluent's errors for one file, as one line.
fn joined(errors: &[impl std::fmt::Display]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn bundle(lang: Lang) -> Result<FluentBundle<FluentResource>, LocaleError> {
    let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
    // Isolation marks would show up as stray characters in terminals and in Discord.
    bundle.set_use_isolating(false);
    for (file, source) in sources(lang) {
        let resource =
            FluentResource::try_new((*source).to_string()).map_err(|(_, errors)| LocaleError {
                lang,
                file,
                message: joined(&errors),
            })?;
        bundle
            .add_resource(resource)
            .map_err(|errors| LocaleError {
                lang,
                file,
                message: joined(&errors),
            })?;
    }
    Ok(bundle)
}

#[cfg(test)]
mod tests;
