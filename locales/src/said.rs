//! What is wrong, kept as a message id and its arguments, so that a library
//! can say a problem and whoever shows it words it in the reader's language.

use crate::{FluentValue, Lang, Localizer};

/// A message of `locales/` with its arguments, worded only when shown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Said {
    /// The message id.
    pub id: &'static str,
    /// Its arguments, by name.
    pub args: Vec<(&'static str, Arg)>,
}

/// One argument of a [`Said`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    /// Text that is shown as it is (a name, a path, a foreign library's words).
    Text(String),
    /// A count, which a message may choose its words by.
    Number(u64),
    /// Another message, worded in the same language as the one it is in.
    Said(Said),
}

impl Said {
    /// The message `id` with text arguments.
    pub fn new(id: &'static str, args: &[(&'static str, String)]) -> Said {
        Said {
            id,
            args: args
                .iter()
                .map(|(name, text)| (*name, Arg::Text(text.clone())))
                .collect(),
        }
    }

    /// The message `id` without arguments yet, to add them to with
    /// [`Said::with`].
    pub fn of(id: &'static str) -> Said {
        Said {
            id,
            args: Vec::new(),
        }
    }

    /// The same message with one more argument.
    pub fn with(mut self, name: &'static str, arg: impl Into<Arg>) -> Said {
        self.args.push((name, arg.into()));
        self
    }

    /// The message in `lang`.
    pub fn in_lang(&self, l: &Localizer, lang: Lang) -> String {
        let args: Vec<(&str, FluentValue<'_>)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(text) => FluentValue::from(text.as_str()),
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Said(inner) => FluentValue::from(inner.in_lang(l, lang)),
                };
                (*name, value)
            })
            .collect();
        l.format(lang, self.id, &args)
    }

    /// The message in English, for logs and `Display`; its id and arguments
    /// should the embedded messages not load.
    pub fn english(&self) -> String {
        // Built once: a long list of problems is said one by one.
        static ENGLISH: std::sync::OnceLock<Option<Localizer>> = std::sync::OnceLock::new();
        match ENGLISH.get_or_init(|| Localizer::embedded().ok()) {
            Some(l) => self.in_lang(l, Lang::En),
            None => format!("{} {:?}", self.id, self.args),
        }
    }

    /// Why a file, a folder or an address could not be used: by the
    /// system's kind where we have words for it, else the system's English
    /// words, marked as its (`io-*`).
    pub fn io(e: &std::io::Error) -> Said {
        use std::io::ErrorKind;
        let id = match e.kind() {
            ErrorKind::NotFound => "io-missing",
            ErrorKind::PermissionDenied => "io-forbidden",
            ErrorKind::AddrInUse => "io-address-in-use",
            ErrorKind::AddrNotAvailable => "io-address-not-here",
            ErrorKind::AlreadyExists => "io-exists",
            ErrorKind::NotADirectory => "io-not-a-folder",
            ErrorKind::IsADirectory => "io-is-a-folder",
            _ => "io-other",
        };
        Said::new(id, &[("words", e.to_string())])
    }

    /// What the TOML reader found wrong, in our messages (`toml-*`) where
    /// its message says which kind of mistake it is. The toml crate gives
    /// no kind, only text; the shapes read here are serde's own fixed ones
    /// (`unknown field`, `missing field`, `invalid type`), which serde
    /// writes for derived types. Anything else (the syntax, a value out of
    /// range) keeps a lead of ours and the reader's English, marked as its
    /// own.
    pub fn toml(message: &str) -> Said {
        let message = message.trim_end();
        if let Some(rest) = message.strip_prefix("unknown field `")
            && let Some((key, known)) = rest.split_once('`')
        {
            let known = known
                .strip_prefix(", expected one of ")
                .or_else(|| known.strip_prefix(", expected "))
                .unwrap_or_default();
            return match known {
                "" | "there are no fields" => Said::new("toml-unknown-key", &[("key", key.into())]),
                known => Said::new(
                    "toml-unknown-key-known",
                    &[("key", key.into()), ("known", known.into())],
                ),
            };
        }
        if let Some(rest) = message.strip_prefix("missing field `")
            && let Some((key, "")) = rest.split_once('`')
        {
            return Said::new("toml-missing-key", &[("key", key.into())]);
        }
        if let Some(rest) = message.strip_prefix("invalid type: ")
            && let Some((_, expected)) = rest.rsplit_once(", expected ")
        {
            let wanted = match expected {
                "i64" | "u64" | "u32" | "i32" => Some(("toml-wrong-type-number", String::new())),
                "a string" => Some(("toml-wrong-type-text", String::new())),
                "a sequence" => Some(("toml-wrong-type-list", String::new())),
                table => table
                    .strip_prefix("a table: ")
                    .map(|name| ("toml-wrong-type-table", name.to_string())),
            };
            if let Some((id, table)) = wanted {
                return Said::new(id, &[("table", table)]);
            }
        }
        Said::new("toml-unreadable", &[("reason", message.to_string())])
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_string())
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Number(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(n as u64)
    }
}

impl From<Said> for Arg {
    fn from(said: Said) -> Arg {
        Arg::Said(said)
    }
}

/// In English, for logs; a reader gets [`Said::in_lang`].
impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}
