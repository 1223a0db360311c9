//! Where mail goes: an SMTP server (lettre) or a Maildir.

use crate::MailError;
use crate::maildir::Maildir;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::{AsyncSmtpTransport, PoolConfig};
use lettre::{AsyncTransport, Message, Tokio1Executor};
use std::path::Path;
use std::time::Duration;

/// Why a mail did not go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Worth trying again later: a 4xx reply, the network, a timeout, or a
    /// problem with our own login that an operator will fix.
    Temporary(String),
    /// The server refused this mail for good (5xx); the text is its reason.
    Permanent(String),
}

/// How long one SMTP conversation may take before it counts as a network failure.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// An SMTP relay, from a URL such as `smtps://user@mail.example.org` or
/// `smtp://mail.example.org:587?tls=required`.
#[derive(Clone)]
pub struct Smtp {
    inner: AsyncSmtpTransport<Tokio1Executor>,
    shown: String,
}

impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smtp").field("url", &self.shown).finish()
    }
}

impl Smtp {
    /// The relay at `url`; `password` (from `SMTP_PASSWORD`) wins over one in the URL.
    /// Call it inside a Tokio runtime: the connection pool lives there.
    ///
    /// `smtp://` is plain SMTP (port 25), `smtp://...?tls=required` STARTTLS
    /// (port 587), `smtps://` TLS from the first byte (port 465).
    pub fn from_url(url: &str, password: Option<&str>) -> Result<Smtp, MailError> {
        let parsed = url::Url::parse(url.trim()).map_err(|e| MailError::Setting {
            what: "url",
            problem: format!("not a URL ({e})"),
        })?;
        let shown = shown(&parsed);
        if !matches!(parsed.scheme(), "smtp" | "smtps") {
            return Err(MailError::Setting {
                what: "url",
                problem: format!("`{shown}` must start with smtp:// or smtps://"),
            });
        }
        let tls = parsed
            .query_pairs()
            .find(|(key, _)| key == "tls")
            .map(|(_, value)| value.into_owned());
        if let Some(tls) = tls.as_deref()
            && !matches!(tls, "required" | "opportunistic")
        {
            return Err(MailError::Setting {
                what: "url",
                problem: format!("`tls={tls}`: use tls=required (STARTTLS) or smtps://"),
            });
        }
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url.trim()).map_err(|e| {
                MailError::Setting {
                    what: "url",
                    problem: format!("`{shown}`: {e}"),
                }
            })?;
        let user = percent_decoded(parsed.username());
        let secret = password
            .map(str::to_string)
            .or_else(|| parsed.password().map(percent_decoded));
        match (user.is_empty(), secret) {
            (false, Some(secret)) => builder = builder.credentials(Credentials::new(user, secret)),
            (false, None) => {
                return Err(MailError::Setting {
                    what: "url",
                    problem: format!("`{shown}` names a user but no password: set SMTP_PASSWORD"),
                });
            }
            (true, _) => {}
        }
        let inner = builder
            .timeout(Some(SMTP_TIMEOUT))
            .pool_config(PoolConfig::new().max_size(4))
            .build();
        Ok(Smtp { inner, shown })
    }

    /// The URL without its password, for logs.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}

/// The URL as it may be printed: the password replaced by `***`.
fn shown(url: &url::Url) -> String {
    let mut shown = url.clone();
    if url.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(Some(h)), Some(Some(l))) = (
                bytes.get(i + 1).map(|&b| hex(b)),
                bytes.get(i + 2).map(|&b| hex(b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where the courier hands mail.
#[derive(Debug, Clone)]
pub enum Transport {
    /// An SMTP relay.
    Smtp(Smtp),
    /// Files in a Maildir.
    Maildir(Maildir),
}

impl Transport {
    /// A Maildir at `root`, created if needed.
    pub fn maildir(root: &Path) -> Result<Transport, MailError> {
        Maildir::create(root)
            .map(Transport::Maildir)
            .map_err(|cause| MailError::Maildir {
                path: root.to_path_buf(),
                cause,
            })
    }

    /// What this is, for logs and the health report (no secrets).
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(smtp) => smtp.shown.clone(),
            Transport::Maildir(dir) => format!("maildir:{}", dir.root().display()),
        }
    }

    /// The channel label for metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Transport::Smtp(_) => "smtp",
            Transport::Maildir(_) => "maildir",
        }
    }

    /// Hands `message` over; `name` is its unique Maildir file name.
    pub async fn send(&self, message: &Message, name: &str) -> Result<(), Failure> {
        match self {
            Transport::Smtp(smtp) => smtp
                .inner
                .send(message.clone())
                .await
                .map(|_| ())
                .map_err(|e| classify(&e)),
            Transport::Maildir(dir) => {
                let dir = dir.clone();
                let name = name.to_string();
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || dir.deliver(&name, &bytes))
                    .await
                    .map_err(|e| Failure::Temporary(e.to_string()))?
                    .map(|_| ())
                    .map_err(|e| Failure::Temporary(format!("maildir: {e}")))
            }
        }
    }
}

/// Sorts lettre's error into try-again or give-up.
fn classify(error: &lettre::transport::smtp::Error) -> Failure {
    let text = error.to_string();
    match error.status() {
        // 530/534/535/538: our login is wrong or missing. That is the
        // operator's to fix, not a reason to give up on the member's mail.
        Some(code) if error.is_permanent() && !is_login_problem(&code.to_string()) => {
            Failure::Permanent(text)
        }
        _ => Failure::Temporary(text),
    }
}

fn is_login_problem(code: &str) -> bool {
    matches!(code, "530" | "534" | "535" | "538")
}

#[cfg(test)]
mod tests {
    use super::*;

    // lettre's connection pool lives on the runtime, so these need one.
    #[tokio::test]
    async fn the_url_forms_of_the_config_are_accepted() {
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://mail.example.org?tls=required",
            "smtps://mail.example.org",
            "smtps://user:p%40ss@mail.example.org:465",
        ] {
            Smtp::from_url(url, None).unwrap_or_else(|e| panic!("{url}: {e}"));
        }
    }

    #[tokio::test]
    async fn a_password_never_shows_and_a_missing_one_is_named() {
        let smtp = Smtp::from_url("smtps://user:secret@mail.example.org", None).expect("smtp");
        assert!(!smtp.shown().contains("secret"), "{}", smtp.shown());
        assert!(!format!("{smtp:?}").contains("secret"));
        let err = Smtp::from_url("smtp://user@mail.example.org", None).expect_err("no password");
        assert!(err.to_string().contains("SMTP_PASSWORD"), "{err}");
        Smtp::from_url("smtp://user@mail.example.org", Some("from-env")).expect("env password");
    }

    #[test]
    fn bad_urls_say_what_is_wrong() {
        let err = Smtp::from_url("http://mail.example.org", None).expect_err("scheme");
        assert!(err.to_string().contains("smtp://"), "{err}");
        let err = Smtp::from_url("smtp://mail.example.org?tls=maybe", None).expect_err("tls");
        assert!(err.to_string().contains("tls=maybe"), "{err}");
        let err = Smtp::from_url("mail.example.org", None).expect_err("no scheme");
        assert!(err.to_string().contains("not a URL"), "{err}");
    }

    #[test]
    fn percent_escapes_in_user_names_are_decoded() {
        assert_eq!(percent_decoded("me%40example.org"), "me@example.org");
        assert_eq!(percent_decoded("100%"), "100%");
    }
}
