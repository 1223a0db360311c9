//! `helpdesk.toml`: the one config file of `helpdesk serve`.
//!
//! Every key is checked when the file is read; an unknown key or a bad value
//! is an error naming `file:line`. Secrets may come from the environment
//! instead (`DISCORD_TOKEN`, `SMTP_PASSWORD`) and are never printed.

use bot::discord::{Shards, Token};
use locales::line_of;
use locales::{Lang, Said};
use mail::Retry;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml::Spanned;

/// Where `/healthz` and `/metrics` answer when `[http] listen` is not given.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9187";

/// A problem with the config file, at a line when there is one.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read the config {path}: {cause}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why (in the message, not chained again).
        cause: std::io::Error,
    },
    /// A key or value is wrong.
    #[error("{path}:{line}: {}", message.english())]
    At {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: Said,
    },
}

impl ConfigError {
    /// The problem in `lang`, with the file (and line) it is in.
    pub fn in_lang(&self, l: &locales::Localizer, lang: Lang) -> String {
        match self {
            ConfigError::Read { path, cause } => l.format(
                lang,
                "serve-error-config-unreadable",
                &[
                    ("path", path.display().to_string().into()),
                    ("reason", Said::io(cause).in_lang(l, lang).into()),
                ],
            ),
            ConfigError::At {
                path,
                line,
                message,
            } => format!("{}:{line}: {}", path.display(), message.in_lang(l, lang)),
        }
    }
}

/// The file as written; values that need checking keep their position.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    db: Option<Spanned<String>>,
    faq_dir: Option<Spanned<String>>,
    discord: Option<Spanned<DiscordFile>>,
    smtp: Option<SmtpFile>,
    mail: Option<MailFile>,
    http: Option<HttpFile>,
    tickets: Option<TicketsFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table: [discord]")]
struct DiscordFile {
    token: Option<Spanned<String>>,
    staff_channel: Option<Spanned<toml::Value>>,
    staff_lang: Option<Spanned<String>>,
    api_base: Option<Spanned<String>>,
    shards: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table: [smtp]")]
struct SmtpFile {
    url: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    ca_file: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table: [mail]")]
struct MailFile {
    maildir: Option<Spanned<String>>,
    unsubscribe: Option<Spanned<String>>,
    first_retry_seconds: Option<Spanned<i64>>,
    longest_retry_seconds: Option<Spanned<i64>>,
    attempts: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table: [http]")]
struct HttpFile {
    listen: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table: [tickets]")]
struct TicketsFile {
    close_after_days: Option<Spanned<i64>>,
    warn_before_days: Option<Spanned<i64>>,
    reopen_within_days: Option<Spanned<i64>>,
}

/// The Discord part: runs when there is a token.
#[derive(Debug, Clone)]
pub struct DiscordSettings {
    /// The bot token (prints as `***`).
    pub token: Token,
    /// Where new tickets are announced, if anywhere.
    pub staff_channel: Option<u64>,
    /// The language of those announcements (the team's).
    pub staff_lang: Lang,
    /// REST calls go here instead of discord.com.
    pub api_base: Option<String>,
    /// Gateway shards.
    pub shards: Shards,
}

/// The SMTP relay; its password is never printed.
#[derive(Clone)]
pub struct SmtpSettings {
    /// `smtp://`, `smtps://` or `smtp://...?tls=required`.
    pub url: String,
    /// The line of `url`, for errors found when the relay is set up.
    pub line: usize,
    /// `SMTP_PASSWORD`, which wins over one in the URL.
    pub password: Option<String>,
    /// `ca_file`: the private CA(s) the relay's certificate may be signed by.
    pub roots: Option<mail::TrustedRoots>,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

/// How mail goes out.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// The relay; without one, mail goes to `maildir`.
    pub smtp: Option<SmtpSettings>,
    /// `From:` of every mail.
    pub from: String,
    /// The Maildir used without SMTP.
    pub maildir: PathBuf,
    /// The line of `maildir`; none when it is the default next to the database.
    pub maildir_line: Option<usize>,
    /// Where invitations are switched off (`List-Unsubscribe`).
    pub unsubscribe: Option<String>,
    /// Retries of temporary failures.
    pub retry: Retry,
}

/// The ticket lifecycle's times, in days: desk's own, so that the bot
/// and the sweep read the same values.
pub use desk::store::TicketTimes;

/// `helpdesk.toml`, checked, with paths resolved against the file's folder.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from.
    pub path: PathBuf,
    /// The community database.
    pub db: PathBuf,
    /// The line of `db`, for errors found when the database is opened.
    pub db_line: usize,
    /// The FAQ folder, when not the built-in corpus.
    pub faq_dir: Option<PathBuf>,
    /// The line of `faq_dir`, when the file sets it.
    pub faq_dir_line: Option<usize>,
    /// The Discord part, when there is a token.
    pub discord: Option<DiscordSettings>,
    /// Mail.
    pub mail: MailSettings,
    /// Where `/healthz` and `/metrics` answer.
    pub listen: SocketAddr,
    /// The line of `listen`; none when it is the default.
    pub listen_line: Option<usize>,
    /// The ticket lifecycle.
    pub tickets: TicketTimes,
}

/// The environment's secrets, passed in so that tests need not set variables.
#[derive(Debug, Default, Clone)]
pub struct Secrets {
    /// `DISCORD_TOKEN`.
    pub discord_token: Option<String>,
    /// `SMTP_PASSWORD`.
    pub smtp_password: Option<String>,
}

impl Secrets {
    /// The secrets from the environment; empty values count as unset.
    pub fn from_env() -> Secrets {
        let var = |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Secrets {
            discord_token: var("DISCORD_TOKEN"),
            smtp_password: var("SMTP_PASSWORD"),
        }
    }
}

impl Config {
    /// `file:line` of a key, or only the file when the key was not written
    /// (its default is in use), for errors found when a part starts.
    pub fn place(&self, line: Option<usize>) -> String {
        match line {
            Some(line) => format!("{}:{line}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }

    /// Reads and checks the file at `path`.
    pub fn read(path: &Path, secrets: &Secrets) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|cause| ConfigError::Read {
            path: path.to_path_buf(),
            cause,
        })?;
        Config::parse(path, &text, secrets)
    }

    /// Checks `text` as if it were the file at `path`.
    pub fn parse(path: &Path, text: &str, secrets: &Secrets) -> Result<Config, ConfigError> {
        let at = |span: std::ops::Range<usize>, message: Said| ConfigError::At {
            path: path.to_path_buf(),
            line: line_of(text.as_bytes(), span.start),
            message,
        };
        let file: File = toml::from_str(text)
            .map_err(|e| at(e.span().unwrap_or(0..0), Said::toml(e.message())))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let resolve = |p: &str| {
            let p = Path::new(p);
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };
        let nonempty = |value: &Spanned<String>, key: &str| {
            if value.get_ref().trim().is_empty() {
                Err(at(
                    value.span(),
                    Said::new("config-empty", &[("key", key.to_string())]),
                ))
            } else {
                Ok(value.get_ref().trim().to_string())
            }
        };

        let (db, db_line) = match &file.db {
            Some(db) => (
                resolve(&nonempty(db, "db")?),
                line_of(text.as_bytes(), db.span().start),
            ),
            None => {
                return Err(at(0..0, Said::of("config-db-missing")));
            }
        };
        let faq_dir = match &file.faq_dir {
            Some(dir) => Some(resolve(&nonempty(dir, "faq_dir")?)),
            None => None,
        };
        let faq_dir_line = file
            .faq_dir
            .as_ref()
            .map(|dir| line_of(text.as_bytes(), dir.span().start));

        // A `[discord]` table with every line commented out, as in the
        // example, is no bot; one that sets something without a token is a
        // bot someone forgot the token of, and stops `serve`.
        let discord_table = file.discord.as_ref().filter(|d| {
            let d = d.get_ref();
            d.token.is_some()
                || d.staff_channel.is_some()
                || d.staff_lang.is_some()
                || d.api_base.is_some()
                || d.shards.is_some()
        });
        let discord = match (discord_table, &secrets.discord_token) {
            (None, None) => None,
            (section, env) => {
                let section_span = section.map_or(0..0, |s| s.span());
                let section = section.map(|s| s.get_ref());
                let token_text = env.clone().or_else(|| {
                    section
                        .and_then(|s| s.token.as_ref())
                        .map(|t| t.get_ref().clone())
                });
                let Some(token_text) = token_text else {
                    return Err(at(section_span, Said::of("config-discord-no-token")));
                };
                let token = Token::new(&token_text).map_err(|e| {
                    let span = section
                        .and_then(|s| s.token.as_ref())
                        .filter(|_| env.is_none())
                        .map_or(section_span.clone(), |t| t.span());
                    let from_env = if env.is_some() { "env" } else { "file" };
                    at(span, discord_problem(&e, from_env))
                })?;
                let staff_channel = match section.and_then(|s| s.staff_channel.as_ref()) {
                    None => None,
                    Some(value) => Some(
                        snowflake(value.get_ref())
                            .ok_or_else(|| at(value.span(), Said::of("config-staff-channel")))?,
                    ),
                };
                let staff_lang = match section.and_then(|s| s.staff_lang.as_ref()) {
                    None => Lang::En,
                    Some(code) => Lang::parse(code.get_ref().trim()).ok_or_else(|| {
                        at(
                            code.span(),
                            Said::new("config-staff-lang", &[("value", code.get_ref().clone())]),
                        )
                    })?,
                };
                let api_base = match section.and_then(|s| s.api_base.as_ref()) {
                    None => None,
                    Some(base) => {
                        let text = nonempty(base, "api_base")?;
                        if !(text.starts_with("http://") || text.starts_with("https://")) {
                            return Err(at(
                                base.span(),
                                Said::new("config-api-base", &[("value", text)]),
                            ));
                        }
                        Some(text)
                    }
                };
                let shards = match section.and_then(|s| s.shards.as_ref()) {
                    None => Shards::One,
                    Some(value) => {
                        let text = match value.get_ref() {
                            toml::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        text.parse::<Shards>()
                            .map_err(|e| at(value.span(), discord_problem(&e, "file")))?
                    }
                };
                Some(DiscordSettings {
                    token,
                    staff_channel,
                    staff_lang,
                    api_base,
                    shards,
                })
            }
        };

        let smtp_file = file.smtp.unwrap_or_default();
        let mail_file = file.mail.unwrap_or_default();
        let smtp = match &smtp_file.url {
            None => None,
            Some(url) => {
                let value = nonempty(url, "url")?;
                if !(value.starts_with("smtp://") || value.starts_with("smtps://")) {
                    return Err(at(url.span(), Said::of("config-smtp-url")));
                }
                let roots = match &smtp_file.ca_file {
                    None => None,
                    Some(ca_file) => {
                        let path = resolve(&nonempty(ca_file, "ca_file")?);
                        Some(
                            mail::TrustedRoots::read(&path)
                                .map_err(|e| at(ca_file.span(), mail_problem(&e)))?,
                        )
                    }
                };
                Some(SmtpSettings {
                    url: value,
                    line: line_of(text.as_bytes(), url.span().start),
                    password: secrets.smtp_password.clone(),
                    roots,
                })
            }
        };
        if let (None, Some(ca_file)) = (&smtp, &smtp_file.ca_file) {
            return Err(at(ca_file.span(), Said::of("config-ca-file-unused")));
        }
        let from = match &smtp_file.from {
            Some(from) => {
                let text = nonempty(from, "from")?;
                mail::Sender::new(&text, None).map_err(|e| at(from.span(), mail_problem(&e)))?;
                text
            }
            None if smtp.is_some() => {
                let span = smtp_file.url.as_ref().map_or(0..0, |url| url.span());
                return Err(at(span, Said::of("config-smtp-no-from")));
            }
            None => "Helpdesk <helpdesk@localhost>".to_string(),
        };
        let (maildir, maildir_line) = match &mail_file.maildir {
            Some(dir) => (
                resolve(&nonempty(dir, "maildir")?),
                Some(line_of(text.as_bytes(), dir.span().start)),
            ),
            None => (db.parent().unwrap_or(Path::new(".")).join("Maildir"), None),
        };
        let unsubscribe = match &mail_file.unsubscribe {
            Some(target) => {
                let text = nonempty(target, "unsubscribe")?;
                mail::Sender::new(&from, Some(&text))
                    .map_err(|e| at(target.span(), mail_problem(&e)))?;
                Some(text)
            }
            None => None,
        };
        let defaults = Retry::default();
        let seconds =
            |value: &Option<Spanned<i64>>, key: &str, default: Duration, least: i64| match value {
                None => Ok(default),
                Some(v) if *v.get_ref() >= least => Ok(Duration::from_secs(*v.get_ref() as u64)),
                Some(v) => Err(at(
                    v.span(),
                    Said::new(
                        "config-at-least",
                        &[
                            ("key", key.to_string()),
                            ("least", least.to_string()),
                            ("value", v.get_ref().to_string()),
                        ],
                    ),
                )),
            };
        // At least a second: a retry at once would hammer a relay that has
        // just said it is busy.
        let first = seconds(
            &mail_file.first_retry_seconds,
            "first_retry_seconds",
            defaults.first,
            1,
        )?;
        let longest = seconds(
            &mail_file.longest_retry_seconds,
            "longest_retry_seconds",
            defaults.longest,
            1,
        )?;
        if longest < first {
            let span = mail_file
                .longest_retry_seconds
                .as_ref()
                .or(mail_file.first_retry_seconds.as_ref())
                .map_or(0..0, |v| v.span());
            return Err(at(
                span,
                Said::new(
                    "config-retry-order",
                    &[
                        ("longest", longest.as_secs().to_string()),
                        ("first", first.as_secs().to_string()),
                    ],
                ),
            ));
        }
        let attempts = match &mail_file.attempts {
            None => defaults.attempts,
            Some(v) => u32::try_from(*v.get_ref())
                .ok()
                .filter(|&n| n >= 1)
                .ok_or_else(|| {
                    at(
                        v.span(),
                        Said::new("config-attempts", &[("value", v.get_ref().to_string())]),
                    )
                })?,
        };

        let listen_line = file
            .http
            .as_ref()
            .and_then(|h| h.listen.as_ref())
            .map(|listen| line_of(text.as_bytes(), listen.span().start));
        let listen = match file.http.and_then(|h| h.listen) {
            None => DEFAULT_LISTEN.parse().map_err(|_| {
                at(
                    0..0,
                    Said::new(
                        "config-listen",
                        &[
                            ("value", DEFAULT_LISTEN.to_string()),
                            ("default", DEFAULT_LISTEN.to_string()),
                        ],
                    ),
                )
            })?,
            Some(listen) => listen.get_ref().trim().parse::<SocketAddr>().map_err(|_| {
                at(
                    listen.span(),
                    Said::new(
                        "config-listen",
                        &[
                            ("value", listen.get_ref().clone()),
                            ("default", DEFAULT_LISTEN.to_string()),
                        ],
                    ),
                )
            })?,
        };

        let tickets_file = file.tickets.unwrap_or_default();
        let defaults = TicketTimes::default();
        let days = |value: &Option<Spanned<i64>>, key: &str, default: u32, least: i64| match value {
            None => Ok(default),
            Some(v) => u32::try_from(*v.get_ref())
                .ok()
                .filter(|&n| i64::from(n) >= least)
                .ok_or_else(|| {
                    at(
                        v.span(),
                        Said::new(
                            "config-days",
                            &[
                                ("key", key.to_string()),
                                ("least", least.to_string()),
                                ("value", v.get_ref().to_string()),
                            ],
                        ),
                    )
                }),
        };
        let tickets = TicketTimes {
            close_after_days: days(
                &tickets_file.close_after_days,
                "close_after_days",
                defaults.close_after_days,
                1,
            )?,
            warn_before_days: days(
                &tickets_file.warn_before_days,
                "warn_before_days",
                defaults.warn_before_days,
                0,
            )?,
            reopen_within_days: days(
                &tickets_file.reopen_within_days,
                "reopen_within_days",
                defaults.reopen_within_days,
                0,
            )?,
        };
        if tickets.warn_before_days >= tickets.close_after_days {
            let span = tickets_file
                .warn_before_days
                .as_ref()
                .map_or(0..0, |v| v.span());
            return Err(at(span, Said::of("config-warn-before")));
        }

        Ok(Config {
            path: path.to_path_buf(),
            db,
            db_line,
            faq_dir,
            faq_dir_line,
            discord,
            mail: MailSettings {
                smtp,
                from,
                maildir,
                maildir_line,
                unsubscribe,
                retry: Retry {
                    first,
                    longest,
                    attempts,
                },
            },
            listen,
            listen_line,
            tickets,
        })
    }
}

/// A mail setting the mail part refuses, in its messages (`mail-setting-*`).
fn mail_problem(e: &mail::MailError) -> Said {
    match e {
        mail::MailError::Setting { problem, .. } => {
            let (id, args) = problem.said();
            Said::new(id, &args)
        }
        // Not a setting's problem; kept, in case one ever is.
        other => Said::new("config-reason", &[("reason", other.to_string())]),
    }
}

/// A token or shard count the Discord part refuses, in our messages.
/// `from` is `env` when the token came from `DISCORD_TOKEN`, else `file`.
fn discord_problem(e: &bot::discord::DiscordError, from: &str) -> Said {
    use bot::discord::DiscordError;
    match e {
        DiscordError::MalformedToken => {
            Said::new("config-token-malformed", &[("from", from.to_string())])
        }
        DiscordError::NoToken => Said::of("config-discord-no-token"),
        DiscordError::Shards(given) => Said::new("config-shards", &[("value", given.clone())]),
        // Not from a token or a shard count; kept, in case one ever is.
        other => Said::new("config-reason", &[("reason", other.to_string())]),
    }
}

/// A Discord id written as a number or as digits in a string.
fn snowflake(value: &toml::Value) -> Option<u64> {
    match value {
        toml::Value::Integer(n) => u64::try_from(*n).ok().filter(|&n| n > 0),
        toml::Value::String(s) => s.trim().parse().ok().filter(|&n: &u64| n > 0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(
            Path::new("/etc/helpdesk/helpdesk.toml"),
            text,
            &Secrets::default(),
        )
    }

    #[test]
    fn every_message_is_in_both_languages() {
        let l = locales::Localizer::embedded().expect("messages");
        let bad = [
            "db = \"\"\n",
            "[http]\n",
            "db = 3\n",
            "db = \"x.db\"\n[discord]\nshards = 2\n",
            "db = \"x.db\"\n[discord]\ntoken = \"t\"\nstaff_channel = \"general\"\n",
            "db = \"x.db\"\n[discord]\ntoken = \"t\"\nstaff_lang = \"fr\"\n",
            "db = \"x.db\"\n[discord]\ntoken = \"t\"\napi_base = \"ftp://x\"\n",
            "db = \"x.db\"\n[smtp]\nurl = \"http://mail.example.org\"\nfrom = \"a@b.org\"\n",
            "db = \"x.db\"\n[smtp]\nca_file = \"ca.pem\"\n",
            "db = \"x.db\"\n[smtp]\nurl = \"smtp://h:25\"\n",
            "db = \"x.db\"\n[mail]\nfirst_retry_seconds = 0\n",
            "db = \"x.db\"\n[mail]\nfirst_retry_seconds = 7200\n",
            "db = \"x.db\"\n[mail]\nattempts = 0\n",
            "db = \"x.db\"\n[http]\nlisten = \"localhost\"\n",
            "db = \"x.db\"\n[tickets]\nclose_after_days = 0\n",
            "db = \"x.db\"\n[tickets]\nwarn_before_days = 9\nclose_after_days = 3\n",
        ];
        let mut ids = std::collections::BTreeSet::new();
        for text in bad {
            match parse(text) {
                Err(ConfigError::At { message, .. }) => {
                    for lang in [Lang::En, Lang::De] {
                        assert!(l.has(lang, message.id), "{} in {lang:?}", message.id);
                    }
                    ids.insert(message.id);
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert!(ids.len() >= 14, "{ids:?}");
    }

    fn error(text: &str) -> String {
        parse(text).expect_err("an error").to_string()
    }

    #[test]
    fn the_documented_example_is_valid() {
        let text = include_str!("../../contrib/helpdesk.toml");
        let config = Config::parse(
            Path::new("contrib/helpdesk.toml"),
            text,
            &Secrets {
                discord_token: Some("MTAwMA.example.token".into()),
                smtp_password: Some("secret".into()),
            },
        )
        .expect("the example parses");
        assert_eq!(config.db, Path::new("/var/lib/helpdesk/helpdesk.db"));
        assert_eq!(config.listen.to_string(), "127.0.0.1:9187");
        assert!(config.discord.is_some());
        assert!(config.mail.smtp.is_some());
        assert_eq!(config.tickets, TicketTimes::default());
    }

    #[test]
    fn the_documented_example_without_secrets_runs_without_a_bot() {
        let text = include_str!("../../contrib/helpdesk.toml");
        let config = Config::parse(
            Path::new("contrib/helpdesk.toml"),
            text,
            &Secrets {
                discord_token: None,
                smtp_password: Some("secret".into()),
            },
        )
        .expect("the example parses without a token");
        assert!(config.discord.is_none());
        let e = error("db = \"x.db\"\n[discord]\nshards = 2\n");
        assert!(e.contains(":2:") && e.contains("no token"), "{e}");
    }

    #[test]
    fn retries_wait_at_least_a_second_and_never_shrink() {
        let e = error("db = \"x.db\"\n[mail]\nfirst_retry_seconds = 0\n");
        assert!(
            e.contains(":3:") && e.contains("first_retry_seconds"),
            "{e}"
        );
        let e = error(
            "db = \"x.db\"\n[mail]\nfirst_retry_seconds = 7200\nlongest_retry_seconds = 60\n",
        );
        assert!(e.contains(":4:") && e.contains("shorter"), "{e}");
        let e = error("db = \"x.db\"\n[mail]\nfirst_retry_seconds = 7200\n");
        assert!(e.contains(":3:") && e.contains("shorter"), "{e}");
        let config = parse("db = \"x.db\"\n[mail]\nfirst_retry_seconds = 5\n").expect("ok");
        assert_eq!(config.mail.retry.first, Duration::from_secs(5));
    }

    #[test]
    fn a_minimal_file_runs_mail_into_a_maildir_next_to_the_database() {
        let config = parse("db = \"data/helpdesk.db\"\n").expect("minimal");
        assert_eq!(config.db, Path::new("/etc/helpdesk/data/helpdesk.db"));
        assert_eq!(config.mail.maildir, Path::new("/etc/helpdesk/data/Maildir"));
        assert!(config.mail.smtp.is_none());
        assert!(config.discord.is_none());
        assert_eq!(config.listen.to_string(), DEFAULT_LISTEN);
    }

    #[test]
    fn the_line_of_db_is_kept_for_errors_found_when_it_is_opened() {
        assert_eq!(parse("db = \"x.db\"\n").expect("first line").db_line, 1);
        let config = parse("# the community\n\ndb = \"x.db\"\n").expect("comment first");
        assert_eq!(config.db_line, 3, "the line is counted, not assumed");
    }

    #[test]
    fn the_staff_channel_speaks_english_unless_told_otherwise() {
        let english = parse("db = \"x.db\"\n[discord]\ntoken = \"t\"\n").expect("config");
        assert_eq!(english.discord.expect("discord").staff_lang, Lang::En);
        let german = parse("db = \"x.db\"\n[discord]\ntoken = \"t\"\nstaff_lang = \"de\"\n")
            .expect("config");
        assert_eq!(german.discord.expect("discord").staff_lang, Lang::De);
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_line() {
        let e = error("db = \"x.db\"\n[smtp]\nurl = \"smtp://h\"\nfrom = \"a@b.org\"\nport = 25\n");
        assert!(e.starts_with("/etc/helpdesk/helpdesk.toml:5:"), "{e}");
        assert!(e.contains("port"), "{e}");
        let e = error("db = \"x.db\"\n\n[http]\nlisten = \"localhost\"\n");
        assert!(e.starts_with("/etc/helpdesk/helpdesk.toml:4:"), "{e}");
        let e =
            error("db = \"x.db\"\n[smtp]\nurl = \"http://mail.example.org\"\nfrom = \"a@b.org\"\n");
        assert!(e.contains(":3:") && e.contains("smtp://"), "{e}");
        let e = error("db = \"x.db\"\n[smtp]\nfrom = \"nobody\"\n");
        assert!(e.contains(":3:") && e.contains("nobody"), "{e}");
        let e = error("db = \"x.db\"\n[tickets]\nclose_after_days = 0\n");
        assert!(e.contains(":3:") && e.contains("close_after_days"), "{e}");
        let e = error("db = \"x.db\"\n[discord]\ntoken = \"t\"\nstaff_channel = \"general\"\n");
        assert!(e.contains(":4:") && e.contains("staff_channel"), "{e}");
        let e = error("db = \"x.db\"\n[discord]\ntoken = \"t\"\nstaff_lang = \"fr\"\n");
        assert!(e.contains(":4:") && e.contains("staff_lang"), "{e}");
        let e = error("db = \"x.db\"\n[discord]\ntoken = \"t\"\nshards = 0\n");
        assert!(e.contains(":4:") && e.contains("shards"), "{e}");
        let e = error("[http]\n");
        assert!(e.contains("`db` is missing"), "{e}");
    }

    #[test]
    fn wrong_types_and_a_missing_from_are_said_in_the_files_words_at_their_line() {
        let e = error("db = \"x.db\"\nmail = 3\n");
        assert!(e.contains(":2:") && e.contains("[mail]"), "{e}");
        assert!(!e.contains("MailFile"), "{e}");
        let e = error("db = \"x.db\"\n[mail]\nattempts = \"x\"\n");
        assert!(e.contains(":3:") && e.contains("whole number"), "{e}");
        assert!(!e.contains("i64"), "{e}");
        let e = error("db = \"x.db\"\n\n[smtp]\nurl = \"smtp://h:25\"\n");
        assert!(e.contains(":4:") && e.contains("`from`"), "{e}");
        let config = parse("db = \"x.db\"\n\nfaq_dir = \"faq\"\n").expect("faq_dir");
        assert_eq!(config.faq_dir_line, Some(3));
    }

    /// Words that only English reasons (ours or a library's) carry.
    const ENGLISH: &[&str] = &[
        "unknown field",
        "invalid type",
        "expected",
        "malformed",
        "must be",
        "is no ",
        "not valid",
    ];

    #[test]
    fn a_german_user_reads_the_parsers_and_the_token_checks_reasons_in_german() {
        let l = locales::Localizer::embedded().expect("messages");
        let cases = [
            (
                "db = \"x.db\"\n[smtp]\nurl = \"smtp://h\"\nfrom = \"a@b.org\"\nport = 25\n",
                Secrets::default(),
                ":5: Einen Schlüssel `port` gibt es hier nicht",
                ":5: there is no key `port` here",
            ),
            (
                "db = \"x.db\"\nmail = 3\n",
                Secrets::default(),
                ":2: [mail] muss eine Tabelle sein",
                ":2: [mail] must be a table",
            ),
            (
                "db = \"x.db\"\n[mail]\nattempts = \"x\"\n",
                Secrets::default(),
                ":3: Hier gehört eine ganze Zahl hin",
                ":3: a whole number belongs here",
            ),
            (
                "db = 3\n",
                Secrets::default(),
                ":1: Hier gehört Text in Anführungszeichen hin",
                ":1: text in quotes belongs here",
            ),
            (
                "db = \"x.db\"\n[discord]\ntoken = \"two words\"\n",
                Secrets::default(),
                ":3: `token` ist kein Discord-Token",
                ":3: `token` is no Discord token",
            ),
            (
                "db = \"x.db\"\n[discord]\nstaff_lang = \"de\"\n",
                Secrets {
                    discord_token: Some("two words".into()),
                    smtp_password: None,
                },
                ":2: DISCORD_TOKEN ist kein Discord-Token",
                ":2: DISCORD_TOKEN is no Discord token",
            ),
            (
                "db = \"x.db\"\n[discord]\ntoken = \"t\"\nshards = 0\n",
                Secrets::default(),
                ":4: `shards` muss `\"auto\"` oder eine Zahl ab 1 sein, nicht `0`",
                ":4: `shards` must be `\"auto\"` or a number from 1 up, not `0`",
            ),
        ];
        for (text, secrets, german, english) in cases {
            let e = Config::parse(Path::new("/etc/helpdesk/helpdesk.toml"), text, &secrets)
                .expect_err(text);
            let de = e.in_lang(&l, Lang::De);
            assert!(de.contains(german), "{de}");
            for word in ENGLISH {
                assert!(!de.contains(word), "{word:?} in {de}");
            }
            let en = e.in_lang(&l, Lang::En);
            assert!(en.contains(english), "{en}");
            assert_eq!(e.to_string(), en, "logs and Display stay English");
        }
    }

    #[test]
    fn a_german_user_reads_the_mail_settings_reasons_in_german() {
        let l = locales::Localizer::embedded().expect("messages");
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("empty.pem"), "nothing here\n").expect("write");
        let config_path = dir.path().join("helpdesk.toml");
        let smtp = "db = \"x.db\"\n[smtp]\nurl = \"smtps://relay.internal\"\n";
        let cases = [
            (
                format!("{smtp}from = \"nobody\"\n"),
                ":4: `nobody` ist keine E-Mail-Adresse: Der Teil vor oder nach dem @ fehlt",
            ),
            (
                format!("{smtp}from = \"a@b.org\"\n[mail]\nunsubscribe = \"ftp://x\"\n"),
                ":6: `ftp://x` ist weder eine https://-Seite noch eine mailto:-Adresse",
            ),
            (
                format!("{smtp}from = \"a@b.org\"\nca_file = \"missing.pem\"\n"),
                "missing.pem gibt es nicht",
            ),
            (
                format!("{smtp}from = \"a@b.org\"\nca_file = \"empty.pem\"\n"),
                "empty.pem enthält kein Zertifikat",
            ),
        ];
        for (text, german) in cases {
            let e = Config::parse(&config_path, &text, &Secrets::default()).expect_err(&text);
            let de = e.in_lang(&l, Lang::De);
            assert!(de.contains(german), "{de}");
            for word in ENGLISH.iter().chain(&["cannot", "holds no", "neither"]) {
                assert!(!de.contains(word), "{word:?} in {de}");
            }
            assert_ne!(e.in_lang(&l, Lang::En), de);
        }
    }

    #[test]
    fn a_syntax_error_leads_in_german_and_marks_the_readers_english_as_its_own() {
        let l = locales::Localizer::embedded().expect("messages");
        let e = parse("db = \"x.db\"\n[smtp\n").expect_err("syntax");
        let de = e.in_lang(&l, Lang::De);
        let (lead, reader) = de
            .split_once("der TOML-Leser meldet (auf Englisch): ")
            .unwrap_or_else(|| panic!("marked: {de}"));
        assert!(
            lead.contains(":2: So kann der TOML-Leser das nicht übernehmen;"),
            "{de}"
        );
        assert!(!reader.is_empty(), "{de}");
        let en = e.in_lang(&l, Lang::En);
        assert!(
            en.contains(":2: the TOML reader cannot take this as it stands; it says: "),
            "{en}"
        );
    }

    #[test]
    fn a_ca_file_is_read_next_to_the_config_and_a_bad_one_is_named() {
        let dir = tempfile::tempdir().expect("dir");
        let test_ca = Path::new(env!("CARGO_MANIFEST_DIR")).join("mail/tests/fixtures/ca.pem");
        std::fs::create_dir(dir.path().join("tls")).expect("tls dir");
        std::fs::copy(&test_ca, dir.path().join("tls/relay-ca.pem")).expect("copy");
        let config_path = dir.path().join("helpdesk.toml");
        let with_ca = |ca: &str| {
            format!(
                "db = \"x.db\"\n[smtp]\nurl = \"smtp://relay.internal:587?tls=required\"\nfrom = \"a@b.org\"\nca_file = \"{ca}\"\n"
            )
        };
        let config = Config::parse(
            &config_path,
            &with_ca("tls/relay-ca.pem"),
            &Secrets::default(),
        )
        .expect("config with ca_file");
        let roots = config.mail.smtp.and_then(|s| s.roots).expect("roots");
        assert_eq!(roots.path(), dir.path().join("tls/relay-ca.pem"));
        assert_eq!(roots.len(), 1);

        let e = Config::parse(
            &config_path,
            &with_ca("tls/missing.pem"),
            &Secrets::default(),
        )
        .expect_err("missing CA file")
        .to_string();
        assert!(
            e.contains("helpdesk.toml:5:") && e.contains("tls/missing.pem"),
            "{e}"
        );
        std::fs::write(dir.path().join("empty.pem"), "nothing here\n").expect("write");
        let e = Config::parse(&config_path, &with_ca("empty.pem"), &Secrets::default())
            .expect_err("no certificate")
            .to_string();
        assert!(
            e.contains(":5:") && e.contains("empty.pem") && e.contains("no certificate"),
            "{e}"
        );
        let e = error("db = \"x.db\"\n[smtp]\nca_file = \"ca.pem\"\n");
        assert!(e.contains(":3:") && e.contains("no `url`"), "{e}");
    }

    #[test]
    fn secrets_from_the_environment_win_and_never_show() {
        let text = "db = \"x.db\"\n[discord]\ntoken = \"file-token\"\n[smtp]\nurl = \"smtp://me@h\"\nfrom = \"a@b.org\"\n";
        let config = Config::parse(
            Path::new("h.toml"),
            text,
            &Secrets {
                discord_token: Some("env-token".into()),
                smtp_password: Some("env-password".into()),
            },
        )
        .expect("config");
        let discord = config.discord.as_ref().expect("discord");
        assert_eq!(discord.token.redact("env-token"), "***");
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("env-token") && !shown.contains("env-password"),
            "{shown}"
        );
        let e = error("db = \"x.db\"\n[discord]\nshards = 2\n");
        assert!(e.contains("DISCORD_TOKEN"), "{e}");
    }
}
