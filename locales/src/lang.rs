use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

/// A language the help desk speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English, the fallback for every language we do not speak.
    En,
    /// German.
    De,
}

impl Lang {
    /// Both languages, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// The two-letter code, as used in paths and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::De,
            Lang::De => Lang::En,
        }
    }

    /// Exactly `en` or `de` (any case); anything else is `None`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// The best language for a requested locale: `de-AT` and `de_DE.UTF-8` get
    /// German, anything we do not speak gets English.
    pub fn negotiate(requested: &str) -> Lang {
        // POSIX locales look like `de_DE.UTF-8@euro`; BCP 47 wants `de-DE`.
        let tag = requested
            .split(['.', '@'])
            .next()
            .unwrap_or_default()
            .replace('_', "-");
        match tag.parse::<LanguageIdentifier>() {
            Ok(id) if id.language.as_str() == "de" => Lang::De,
            _ => Lang::En,
        }
    }

    /// The language of the process environment (`HELPDESK_LANG`, then
    /// `LC_ALL`, `LC_MESSAGES`, `LANG`), English when none is set.
    pub fn from_env() -> Lang {
        ["HELPDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .map(|value| Lang::negotiate(&value))
            .unwrap_or(Lang::En)
    }

    pub(crate) fn langid(self) -> LanguageIdentifier {
        // Both codes are valid language subtags, so parsing cannot fail.
        self.code().parse().unwrap_or_default()
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s).ok_or_else(|| format!("unknown language \"{s}\" (expected en or de)"))
    }
}
