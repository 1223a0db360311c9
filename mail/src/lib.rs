//! Sends the help desk's outbox: each mail once, over SMTP (lettre, STARTTLS
//! or TLS, optional login) or into a Maildir when there is no SMTP server.
//!
//! It reads the queue and records every outcome through `desk::Store`, which in
//! turn never learns how mail travels. It knows nothing of Discord or screens,
//! and only counts through the `metrics` facade, without knowing who exports it.

pub mod courier;
pub mod letter;
pub mod maildir;
pub mod transport;

pub use courier::{Courier, CourierOptions, Handovers, Retry, Round};
pub use letter::Sender;
pub use maildir::Maildir;
pub use transport::{Failure, Smtp, Transport, TrustedRoots};

use locales::{FluentValue, Lang, Localizer};
use std::path::PathBuf;

/// What can stop mail from being set up or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// A setting is unusable; `what` is its key.
    #[error("{what}: {problem}")]
    Setting {
        /// The key (`url`, `from`, `unsubscribe`, `ca_file`).
        what: &'static str,
        /// What is wrong with its value, by kind, for the user's language.
        problem: SettingProblem,
    },
    /// A recipient address cannot be written into a message.
    #[error("the address {address} cannot be used: {problem}")]
    Address {
        /// The address.
        address: String,
        /// Why.
        problem: String,
    },
    /// The Maildir cannot be created.
    #[error("cannot create the Maildir {path}: {cause}")]
    Maildir {
        /// Its folder.
        path: PathBuf,
        /// Why (in the message, not chained again as a source).
        cause: std::io::Error,
    },
    /// The database refused.
    #[error(transparent)]
    Desk(#[from] desk::DeskError),
    /// A mail left our hands, but what became of it cannot be written down:
    /// it stays claimed, and the next start queues it again.
    #[error("what became of outbox mail {id} cannot be recorded: {cause}")]
    Unrecorded {
        /// The outbox row.
        id: i64,
        /// The database's refusal (in the message, not chained again).
        cause: desk::DeskError,
    },
    /// The last checks of one mail after another failed reading or writing
    /// the database (I/O errors): the file fails as a whole (a lost network
    /// mount, a failing disk), not their rows. They went back to the queue
    /// with no try counted.
    #[error("{}: the outbox fails on I/O for one mail after another: {problem}", path.display())]
    FileFailing {
        /// The database file.
        path: PathBuf,
        /// The last one's failure.
        problem: desk::store::MailProblem,
    },
    /// A worker task ended abnormally.
    #[error("a mail task stopped: {0}")]
    Task(String),
}

/// What is wrong with a mail setting, by kind: `Display` is English, for
/// logs; [`SettingProblem::message`] says it in the user's language
/// (`mail-setting-*`), with a library's own words marked as its.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingProblem {
    /// `from` is not an e-mail address.
    #[error("`{given}` is not an e-mail address ({why})")]
    NotAnAddress {
        /// The value.
        given: String,
        /// What lettre found wrong with it.
        why: AddressProblem,
    },
    /// `unsubscribe` is neither a web page nor a `mailto:` address.
    #[error("`{0}` is neither an https:// page nor a mailto: address")]
    NotUnsubscribe(String),
    /// `url` is not a URL at all (it is not echoed: it may hold a password).
    #[error("not a URL ({0})")]
    NotAUrl(String),
    /// `url` has another scheme.
    #[error("`{0}` must start with smtp:// or smtps://")]
    Scheme(String),
    /// `url` asks for an unknown TLS mode.
    #[error("`tls={0}`: use tls=required (STARTTLS) or smtps://")]
    TlsMode(String),
    /// lettre refused the URL.
    #[error("`{shown}`: {words}")]
    Url {
        /// The URL without its password.
        shown: String,
        /// lettre's words.
        words: String,
    },
    /// `url` names a user but no password is given.
    #[error("`{0}` names a user but no password: set SMTP_PASSWORD")]
    NoPassword(String),
    /// `ca_file` cannot be read.
    #[error("{}: cannot be read ({words})", path.display())]
    CaUnreadable {
        /// The file.
        path: PathBuf,
        /// Missing, forbidden, or something else.
        kind: std::io::ErrorKind,
        /// The system's words.
        words: String,
    },
    /// A block of `ca_file` is not PEM.
    #[error("{}: certificate {number} is not PEM ({words})", path.display())]
    CaNotPem {
        /// The file.
        path: PathBuf,
        /// Which certificate, from 1.
        number: usize,
        /// The PEM reader's words.
        words: String,
    },
    /// A certificate of `ca_file` cannot be a trust anchor.
    #[error("{}: certificate {number} cannot be trusted ({words})", path.display())]
    CaUntrusted {
        /// The file.
        path: PathBuf,
        /// Which certificate, from 1.
        number: usize,
        /// The TLS library's words.
        words: String,
    },
    /// `ca_file` holds no certificate.
    #[error("{}: holds no certificate (expected PEM blocks `-----BEGIN CERTIFICATE-----`)", .0.display())]
    CaEmpty(PathBuf),
    /// The TLS settings with `ca_file` could not be built.
    #[error("{}: {words}", path.display())]
    CaTls {
        /// The file.
        path: PathBuf,
        /// The TLS library's words.
        words: String,
    },
    /// `ca_file` is set but `url` uses no TLS.
    #[error("{} is set, but `{shown}` does not use TLS: add ?tls=required or use smtps://", path.display())]
    CaWithoutTls {
        /// The file.
        path: PathBuf,
        /// The URL without its password.
        shown: String,
    },
}

/// What is wrong with an address, as lettre tells it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressProblem {
    /// No `@`, or nothing before or after it.
    #[error("missing domain or user")]
    MissingParts,
    /// An angle bracket is not closed.
    #[error("unbalanced angle bracket")]
    Unbalanced,
    /// The part before the `@` is not valid.
    #[error("invalid user")]
    User,
    /// The part after the `@` is not valid.
    #[error("invalid domain")]
    Domain,
    /// Characters no address can have.
    #[error("invalid input")]
    Input,
}

impl From<lettre::address::AddressError> for AddressProblem {
    fn from(e: lettre::address::AddressError) -> AddressProblem {
        use lettre::address::AddressError;
        match e {
            AddressError::MissingParts => AddressProblem::MissingParts,
            AddressError::Unbalanced => AddressProblem::Unbalanced,
            AddressError::InvalidUser => AddressProblem::User,
            AddressError::InvalidDomain => AddressProblem::Domain,
            _ => AddressProblem::Input,
        }
    }
}

impl SettingProblem {
    /// The message id and its arguments, for callers that say it later.
    pub fn said(&self) -> (&'static str, Vec<(&'static str, String)>) {
        let path = |p: &std::path::Path| ("path", p.display().to_string());
        match self {
            SettingProblem::NotAnAddress { given, why } => (
                match why {
                    AddressProblem::MissingParts => "mail-setting-address-parts",
                    AddressProblem::Unbalanced => "mail-setting-address-bracket",
                    AddressProblem::User => "mail-setting-address-user",
                    AddressProblem::Domain => "mail-setting-address-domain",
                    AddressProblem::Input => "mail-setting-address-input",
                },
                vec![("given", given.clone())],
            ),
            SettingProblem::NotUnsubscribe(given) => {
                ("mail-setting-unsubscribe", vec![("given", given.clone())])
            }
            SettingProblem::NotAUrl(words) => {
                ("mail-setting-not-a-url", vec![("words", words.clone())])
            }
            SettingProblem::Scheme(shown) => {
                ("mail-setting-scheme", vec![("shown", shown.clone())])
            }
            SettingProblem::TlsMode(given) => {
                ("mail-setting-tls-mode", vec![("given", given.clone())])
            }
            SettingProblem::Url { shown, words } => (
                "mail-setting-url",
                vec![("shown", shown.clone()), ("words", words.clone())],
            ),
            SettingProblem::NoPassword(shown) => {
                ("mail-setting-no-password", vec![("shown", shown.clone())])
            }
            SettingProblem::CaUnreadable {
                path: p,
                kind,
                words,
            } => (
                match kind {
                    std::io::ErrorKind::NotFound => "mail-setting-ca-missing",
                    std::io::ErrorKind::PermissionDenied => "mail-setting-ca-forbidden",
                    _ => "mail-setting-ca-unreadable",
                },
                vec![path(p), ("words", words.clone())],
            ),
            SettingProblem::CaNotPem {
                path: p,
                number,
                words,
            } => (
                "mail-setting-ca-not-pem",
                vec![
                    path(p),
                    ("number", number.to_string()),
                    ("words", words.clone()),
                ],
            ),
            SettingProblem::CaUntrusted {
                path: p,
                number,
                words,
            } => (
                "mail-setting-ca-untrusted",
                vec![
                    path(p),
                    ("number", number.to_string()),
                    ("words", words.clone()),
                ],
            ),
            SettingProblem::CaEmpty(p) => ("mail-setting-ca-empty", vec![path(p)]),
            SettingProblem::CaTls { path: p, words } => (
                "mail-setting-ca-tls",
                vec![path(p), ("words", words.clone())],
            ),
            SettingProblem::CaWithoutTls { path: p, shown } => (
                "mail-setting-ca-without-tls",
                vec![path(p), ("shown", shown.clone())],
            ),
        }
    }

    /// The problem in `lang`.
    pub fn message(&self, l: &Localizer, lang: Lang) -> String {
        let (id, args) = self.said();
        let args: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.as_str())))
            .collect();
        l.format(lang, id, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_problem_is_said_in_both_languages_and_german_keeps_english_to_the_quoted_words()
     {
        let l = Localizer::embedded().expect("locales");
        let path = PathBuf::from("/etc/helpdesk/ca.pem");
        let words = "library words".to_string();
        let mut all: Vec<SettingProblem> = [
            AddressProblem::MissingParts,
            AddressProblem::Unbalanced,
            AddressProblem::User,
            AddressProblem::Domain,
            AddressProblem::Input,
        ]
        .into_iter()
        .map(|why| SettingProblem::NotAnAddress {
            given: "nobody".into(),
            why,
        })
        .collect();
        all.extend([
            SettingProblem::NotUnsubscribe("ftp://x".into()),
            SettingProblem::NotAUrl(words.clone()),
            SettingProblem::Scheme("http://x".into()),
            SettingProblem::TlsMode("maybe".into()),
            SettingProblem::Url {
                shown: "smtp://x".into(),
                words: words.clone(),
            },
            SettingProblem::NoPassword("smtp://me@x".into()),
            SettingProblem::CaNotPem {
                path: path.clone(),
                number: 2,
                words: words.clone(),
            },
            SettingProblem::CaUntrusted {
                path: path.clone(),
                number: 1,
                words: words.clone(),
            },
            SettingProblem::CaEmpty(path.clone()),
            SettingProblem::CaTls {
                path: path.clone(),
                words: words.clone(),
            },
            SettingProblem::CaWithoutTls {
                path: path.clone(),
                shown: "smtp://x".into(),
            },
        ]);
        for kind in [
            std::io::ErrorKind::NotFound,
            std::io::ErrorKind::PermissionDenied,
            std::io::ErrorKind::Other,
        ] {
            all.push(SettingProblem::CaUnreadable {
                path: path.clone(),
                kind,
                words: words.clone(),
            });
        }
        let english = [
            "is not", "cannot", "must", "names a", "holds", "does not", "neither", "missing",
            "invalid", "says",
        ];
        for problem in all {
            let (id, _) = problem.said();
            for lang in [Lang::En, Lang::De] {
                assert!(l.has(lang, id), "{id} in {lang:?}");
            }
            let de = problem.message(&l, Lang::De).replace(&words, "");
            for word in english {
                assert!(!de.contains(word), "{word:?} in {de}");
            }
            if de.contains("(auf Englisch)") {
                assert!(problem.message(&l, Lang::De).contains(&words), "{de}");
            }
            assert_ne!(problem.message(&l, Lang::En), problem.message(&l, Lang::De));
        }
    }
}
