//! Where mail goes: an SMTP server (lettre) or a Maildir.

use crate::maildir::Maildir;
use crate::{MailError, SettingProblem};
use desk::store::MailProblem;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::{AsyncSmtpTransport, AsyncSmtpTransportBuilder, PoolConfig};
use lettre::{AsyncTransport, Message, Tokio1Executor};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Why a mail did not go out, by kind, so that the console says it in its
/// language (`MailProblem::message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Worth trying again later: a 4xx reply, the network, a timeout, or a
    /// problem with our own login that an operator will fix.
    Temporary(MailProblem),
    /// The server refused this mail for good (5xx to this mail, while a new
    /// session still works).
    Permanent(MailProblem),
}

/// How long handing over one mail may take (connecting, TLS, the whole
/// conversation) before it counts as a network failure.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// An SMTP relay, from a URL such as `smtps://user@mail.example.org` or
/// `smtp://mail.example.org:587?tls=required`.
#[derive(Clone)]
pub struct Smtp {
    builder: Arc<AsyncSmtpTransportBuilder>,
    inner: Arc<Mutex<AsyncSmtpTransport<Tokio1Executor>>>,
    shown: String,
    patience: Duration,
}

impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smtp").field("url", &self.shown).finish()
    }
}

/// Certificate authorities trusted for the relay's certificate on top of the
/// public ones (`[smtp] ca_file`): for a private relay with its own CA.
#[derive(Clone)]
pub struct TrustedRoots {
    path: PathBuf,
    certificates: Vec<Certificate>,
}

impl std::fmt::Debug for TrustedRoots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustedRoots")
            .field("path", &self.path)
            .field("certificates", &self.certificates.len())
            .finish()
    }
}

impl TrustedRoots {
    /// Reads the PEM file at `path`: one or more `BEGIN CERTIFICATE` blocks.
    /// Other blocks (a key, say) are passed over; a file without any
    /// certificate, or with one that cannot be a trust anchor, is an error
    /// naming the file.
    pub fn read(path: &Path) -> Result<TrustedRoots, MailError> {
        let problem = |problem: SettingProblem| MailError::Setting {
            what: "ca_file",
            problem,
        };
        let path_buf = path.to_path_buf();
        let pem = std::fs::read(path).map_err(|e| {
            problem(SettingProblem::CaUnreadable {
                path: path_buf.clone(),
                kind: e.kind(),
                words: e.to_string(),
            })
        })?;
        let mut certificates = Vec::new();
        for (n, der) in CertificateDer::pem_slice_iter(&pem).enumerate() {
            let der = der.map_err(|e| {
                problem(SettingProblem::CaNotPem {
                    path: path_buf.clone(),
                    number: n + 1,
                    words: e.to_string(),
                })
            })?;
            let untrusted = |words: String| {
                problem(SettingProblem::CaUntrusted {
                    path: path_buf.clone(),
                    number: n + 1,
                    words,
                })
            };
            let certificate =
                Certificate::from_der(der.to_vec()).map_err(|e| untrusted(e.to_string()))?;
            // The store parses each certificate only when TLS is set up, so
            // try it now to name the bad one instead of failing later.
            TlsParameters::builder("localhost".into())
                .add_root_certificate(certificate.clone())
                .build()
                .map_err(|e| untrusted(e.to_string()))?;
            certificates.push(certificate);
        }
        if certificates.is_empty() {
            return Err(problem(SettingProblem::CaEmpty(path_buf)));
        }
        Ok(TrustedRoots {
            path: path.to_path_buf(),
            certificates,
        })
    }

    /// The file the certificates came from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many certificates it holds (at least one).
    pub fn len(&self) -> usize {
        self.certificates.len()
    }

    /// Never true: a file without certificates is refused by [`TrustedRoots::read`].
    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty()
    }
}

impl Smtp {
    /// The relay at `url`; `password` (from `SMTP_PASSWORD`) wins over one in the URL.
    /// Call it inside a Tokio runtime: the connection pool lives there.
    ///
    /// `smtp://` is plain SMTP (port 25), `smtp://...?tls=required` STARTTLS
    /// (port 587), `smtps://` TLS from the first byte (port 465).
    pub fn from_url(url: &str, password: Option<&str>) -> Result<Smtp, MailError> {
        Smtp::from_url_trusting(url, password, None)
    }

    /// Like [`Smtp::from_url`], and the relay's certificate may also be
    /// signed by one of `roots` (besides the public authorities).
    pub fn from_url_trusting(
        url: &str,
        password: Option<&str>,
        roots: Option<&TrustedRoots>,
    ) -> Result<Smtp, MailError> {
        let parsed = url::Url::parse(url.trim()).map_err(|e| MailError::Setting {
            what: "url",
            problem: SettingProblem::NotAUrl(e.to_string()),
        })?;
        let shown = shown(&parsed);
        if !matches!(parsed.scheme(), "smtp" | "smtps") {
            return Err(MailError::Setting {
                what: "url",
                problem: SettingProblem::Scheme(shown),
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
                problem: SettingProblem::TlsMode(tls.to_string()),
            });
        }
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url.trim()).map_err(|e| {
                MailError::Setting {
                    what: "url",
                    problem: SettingProblem::Url {
                        shown: shown.clone(),
                        words: e.to_string(),
                    },
                }
            })?;
        if let Some(roots) = roots {
            let host = parsed.host_str().unwrap_or_default();
            let mut parameters = TlsParameters::builder(host.to_string());
            for certificate in &roots.certificates {
                parameters = parameters.add_root_certificate(certificate.clone());
            }
            let parameters = parameters.build().map_err(|e| MailError::Setting {
                what: "ca_file",
                problem: SettingProblem::CaTls {
                    path: roots.path.clone(),
                    words: e.to_string(),
                },
            })?;
            // The same modes lettre's own URL parsing chose, now with the roots.
            builder = match (parsed.scheme(), tls.as_deref()) {
                ("smtps", _) => builder.tls(Tls::Wrapper(parameters)),
                (_, Some("required")) => builder.tls(Tls::Required(parameters)),
                (_, Some("opportunistic")) => builder.tls(Tls::Opportunistic(parameters)),
                _ => {
                    return Err(MailError::Setting {
                        what: "ca_file",
                        problem: SettingProblem::CaWithoutTls {
                            path: roots.path.clone(),
                            shown,
                        },
                    });
                }
            };
        }
        let user = percent_decoded(parsed.username());
        let secret = password
            .map(str::to_string)
            .or_else(|| parsed.password().map(percent_decoded));
        match (user.is_empty(), secret) {
            (false, Some(secret)) => builder = builder.credentials(Credentials::new(user, secret)),
            (false, None) => {
                return Err(MailError::Setting {
                    what: "url",
                    problem: SettingProblem::NoPassword(shown),
                });
            }
            (true, _) => {}
        }
        let builder = builder
            .timeout(Some(connect_within(SMTP_TIMEOUT)))
            .pool_config(PoolConfig::new().max_size(4));
        Ok(Smtp {
            inner: Arc::new(Mutex::new(builder.clone().build())),
            builder: Arc::new(builder),
            shown,
            patience: SMTP_TIMEOUT,
        })
    }

    /// The same relay, with `patience` instead of 30 s for handing over one mail.
    pub fn answer_within(mut self, patience: Duration) -> Smtp {
        let builder =
            AsyncSmtpTransportBuilder::clone(&self.builder).timeout(Some(connect_within(patience)));
        self.inner = Arc::new(Mutex::new(builder.clone().build()));
        self.builder = Arc::new(builder);
        self.patience = patience;
        self
    }

    async fn send(&self, message: &Message) -> Result<(), Failure> {
        let transport = self
            .inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        // lettre bounds only the TCP connect; a relay that accepts and then
        // stays silent (or a TLS port spoken to in plain text) would hold
        // the courier forever.
        let handed_over = async {
            match transport.send(message.clone()).await {
                Ok(_) => Ok(()),
                Err(e) => Err(judge(&transport, &e).await),
            }
        };
        match tokio::time::timeout(self.patience, handed_over).await {
            Ok(outcome) => outcome,
            Err(_) => {
                // The abandoned connection goes back to its pool with a reply
                // still owed; a fresh pool never hands it out again.
                *self.inner.lock().unwrap_or_else(PoisonError::into_inner) =
                    AsyncSmtpTransportBuilder::clone(&self.builder).build();
                Err(Failure::Temporary(MailProblem::Timeout(
                    self.patience.as_secs().max(1),
                )))
            }
        }
    }

    /// How long handing over one mail may take at most.
    pub fn patience(&self) -> Duration {
        self.patience
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

    /// How long handing over one mail may take at most: the SMTP bound, or
    /// nothing for a Maildir, whose local write is not bounded by a timer.
    pub fn patience(&self) -> Duration {
        match self {
            Transport::Smtp(smtp) => smtp.patience,
            Transport::Maildir(_) => Duration::ZERO,
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
            Transport::Smtp(smtp) => smtp.send(message).await,
            Transport::Maildir(dir) => {
                let dir = dir.clone();
                // Named, or a log of failing tries would not say where.
                let problem = |e: &dyn std::fmt::Display| {
                    Failure::Temporary(MailProblem::Maildir(format!(
                        "{}: {e}",
                        dir.root().display()
                    )))
                };
                let name = name.to_string();
                let bytes = message.formatted();
                let writer = dir.clone();
                tokio::task::spawn_blocking(move || writer.deliver(&name, &bytes))
                    .await
                    .map_err(|e| problem(&e))?
                    .map(|_| ())
                    .map_err(|e| problem(&e))
            }
        }
    }
}

/// Sorts a failed hand-over into try-again or give-up. lettre does not say
/// at which step the server said no: a 5xx to MAIL FROM, RCPT TO or the data
/// is about this mail, but a 5xx to the greeting, EHLO or STARTTLS refuses
/// the session, and giving up then would fail the whole outbox for good. So
/// a permanent refusal counts only when a new session still works.
async fn judge(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    error: &lettre::transport::smtp::Error,
) -> Failure {
    match classify(error) {
        Failure::Permanent(problem) => match transport.test_connection().await {
            Ok(true) => Failure::Permanent(problem),
            Ok(false) => Failure::Temporary(MailProblem::Session(words_of(&problem))),
            Err(session) => Failure::Temporary(MailProblem::Session(format!(
                "{}; {}",
                words_of(&problem),
                words(&session)
            ))),
        },
        temporary => temporary,
    }
}

/// The server's words of a refusal.
fn words_of(problem: &MailProblem) -> String {
    match problem {
        MailProblem::Refused { code, words } => format!("{code} {words}"),
        other => other.to_string(),
    }
}

/// Sorts lettre's error into try-again or give-up, by the kinds lettre
/// tells apart (a reply's code, timeout, TLS, our side of the talk), so that
/// the console can say which it was in its language.
fn classify(error: &lettre::transport::smtp::Error) -> Failure {
    let code = error
        .status()
        .and_then(|code| code.to_string().parse::<u16>().ok());
    if let Some(said) = failed_handshake(error) {
        return Failure::Temporary(MailProblem::Tls(said));
    }
    let said = words(error);
    // Before any command: the name, the connect (refused, or its timeout),
    // so the mail surely never reached the server.
    if is_connect_failure(error) {
        return Failure::Temporary(MailProblem::Unreachable(said));
    }
    match code {
        // 530/534/535/538: our login is wrong or missing. That is the
        // operator's to fix, not a reason to give up on the member's mail.
        Some(code) if is_login_problem(code) => {
            Failure::Temporary(MailProblem::Login { code, words: said })
        }
        Some(code) if error.is_permanent() => {
            Failure::Permanent(MailProblem::Refused { code, words: said })
        }
        Some(code) if error.is_transient() => {
            Failure::Temporary(MailProblem::Deferred { code, words: said })
        }
        _ if error.is_timeout() => Failure::Temporary(MailProblem::Timeout(SMTP_TIMEOUT.as_secs())),
        _ if error.is_tls() => Failure::Temporary(MailProblem::Tls(said)),
        _ if error.is_client() => Failure::Temporary(MailProblem::Handover(said)),
        // The network mid-talk, an unreadable reply, a pool shut down.
        _ => Failure::Temporary(MailProblem::Connection(said)),
    }
}

/// How long lettre may try to connect, within `patience` for the whole
/// hand-over: well inside it, so that a relay that drops the connect
/// silently (a firewall) ends as lettre's connection error, which surely
/// never reached the server, not as our timeout, which may have.
fn connect_within(patience: Duration) -> Duration {
    patience / 2
}

/// Whether lettre failed while setting up the connection: with the Tokio
/// transport, lettre 0.11 calls only that a connection error (resolving,
/// connecting, the TLS upgrade), and a failure later in the talk a network
/// error. lettre has no `is_connection`, but its message names its kind first.
fn is_connect_failure(error: &lettre::transport::smtp::Error) -> bool {
    error.to_string().starts_with("Connection error")
}

/// rustls's words, if lettre failed to set up the connection because TLS
/// failed: with rustls it calls a failed handshake (implicit TLS or after
/// STARTTLS) a connection error, as it does a refused TCP connect, both
/// before any command about a mail; rustls's own error lies beneath. lettre
/// has no `is_connection`, but its message names its kind first. A rustls
/// error in a "network error" came later in the talk: not this.
fn failed_handshake(error: &lettre::transport::smtp::Error) -> Option<String> {
    use std::error::Error as _;
    if !is_connect_failure(error) {
        return None;
    }
    let mut cause = error.source();
    while let Some(found) = cause {
        let tls = found.is::<rustls::Error>()
            || found
                .downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref)
                .is_some_and(|inner| inner.is::<rustls::Error>());
        if tls {
            return Some(found.to_string());
        }
        cause = found.source();
    }
    None
}

/// What lettre's error carries beneath its own kind: the server's reply, or
/// the network's or the TLS library's message (lettre's kind is said by us).
fn words(error: &lettre::transport::smtp::Error) -> String {
    use std::error::Error as _;
    match error.source() {
        Some(source) => source.to_string(),
        None => error.to_string(),
    }
}

fn is_login_problem(code: u16) -> bool {
    matches!(code, 530 | 534 | 535 | 538)
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

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
    }

    #[tokio::test]
    async fn a_ca_file_is_read_and_joins_the_tls_modes() {
        let roots = TrustedRoots::read(&fixture("ca.pem")).expect("ca.pem");
        assert_eq!(roots.len(), 1);
        // Two certificates in one file, and a key block, which is passed over.
        let dir = tempfile::tempdir().expect("dir");
        let bundle = dir.path().join("bundle.pem");
        let mut text = std::fs::read_to_string(fixture("ca.pem")).expect("ca");
        text += &std::fs::read_to_string(fixture("server.key")).expect("key");
        text += &std::fs::read_to_string(fixture("other-ca.pem")).expect("other");
        std::fs::write(&bundle, text).expect("write");
        let roots = TrustedRoots::read(&bundle).expect("bundle");
        assert_eq!(roots.len(), 2);
        for url in [
            "smtp://mail.example.org?tls=required",
            "smtp://mail.example.org?tls=opportunistic",
            "smtps://mail.example.org",
        ] {
            Smtp::from_url_trusting(url, None, Some(&roots))
                .unwrap_or_else(|e| panic!("{url}: {e}"));
        }
        let err = Smtp::from_url_trusting("smtp://mail.example.org", None, Some(&roots))
            .expect_err("plain SMTP with a CA");
        let text = err.to_string();
        assert!(
            text.starts_with("ca_file:")
                && text.contains("bundle.pem")
                && text.contains("tls=required"),
            "{text}"
        );
    }

    #[test]
    fn an_unusable_ca_file_is_named_with_the_reason() {
        let dir = tempfile::tempdir().expect("dir");
        let missing = dir.path().join("missing.pem");
        let err = TrustedRoots::read(&missing)
            .expect_err("missing")
            .to_string();
        assert!(
            err.contains("missing.pem") && err.contains("cannot be read"),
            "{err}"
        );

        let key_only = fixture("server.key");
        let err = TrustedRoots::read(&key_only)
            .expect_err("no certificate")
            .to_string();
        assert!(
            err.contains("server.key") && err.contains("no certificate"),
            "{err}"
        );

        let garbage = dir.path().join("garbage.pem");
        std::fs::write(
            &garbage,
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
        )
        .expect("write");
        let err = TrustedRoots::read(&garbage)
            .expect_err("not DER")
            .to_string();
        assert!(
            err.contains("garbage.pem") && err.contains("certificate 1"),
            "{err}"
        );
    }

    #[test]
    fn percent_escapes_in_user_names_are_decoded() {
        assert_eq!(percent_decoded("me%40example.org"), "me@example.org");
        assert_eq!(percent_decoded("100%"), "100%");
    }
}
