//! A real SMTP server on 127.0.0.1 for tests: the `mailin` protocol engine
//! behind a thread per connection. It keeps every message it accepts and can
//! be told to answer the next messages with a given reply instead of 250.
//! It speaks plain SMTP, STARTTLS or TLS from the first byte (rustls, with
//! the test certificate in `tests/fixtures/`).

#![allow(dead_code)]

use mailin::{Action, AuthMechanism, Handler, Response, SessionBuilder, response};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender.
    pub from: String,
    /// The envelope recipients.
    pub to: Vec<String>,
    /// The message as it came over the wire (CRLF lines, dot-unstuffed).
    pub data: Vec<u8>,
    /// Whether the connection was encrypted when the message came.
    pub encrypted: bool,
}

#[derive(Default)]
struct Shared {
    pause: Duration,
    received: Vec<Received>,
    script: VecDeque<(u16, String)>,
    /// Replies to the next MAIL FROM commands instead of 250.
    senders: VecDeque<(u16, String)>,
    /// The reply to every EHLO/HELO instead of 250, while set.
    greeting: Option<(u16, String)>,
    /// Recipients refused every time, with the reply.
    refused: Vec<(String, u16, String)>,
    logins: Vec<(String, String)>,
    in_clear: Vec<String>,
    hold: Option<Held>,
}

/// The server's side of a [`Hold`]: it says that the data came, then waits.
struct Held {
    arrived: mpsc::Sender<()>,
    release: mpsc::Receiver<()>,
}

/// The next message waits, after its data and before the server's 250,
/// until the test lets it go: for changing things while a mail is in the
/// server's hands, without timing.
pub struct Hold {
    arrived: mpsc::Receiver<()>,
    release: mpsc::Sender<()>,
}

impl Hold {
    /// Waits until the held message's data has come (at most `patience`).
    pub fn arrived(&self, patience: Duration) -> bool {
        self.arrived.recv_timeout(patience).is_ok()
    }

    /// Lets the server answer 250.
    pub fn release(self) {
        let _ = self.release.send(());
    }
}

/// How the server protects its connections.
#[derive(Clone)]
enum Wire {
    Plain,
    /// Plain until the client says STARTTLS (offered in the EHLO reply).
    StartTls(Arc<ServerConfig>),
    /// TLS from the first byte, as on port 465.
    Implicit(Arc<ServerConfig>),
}

/// The running server.
#[derive(Clone)]
pub struct SmtpServer {
    /// Where it listens.
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
}

#[derive(Clone)]
struct Session {
    shared: Arc<Mutex<Shared>>,
    current: Option<Received>,
    encrypted: Arc<AtomicBool>,
}

impl Handler for Session {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received {
            from: from.to_string(),
            to: to.to_vec(),
            data: Vec::new(),
            encrypted: self.encrypted.load(Ordering::SeqCst),
        });
        response::START_DATA
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(current) = &mut self.current {
            current.data.extend_from_slice(buf);
        }
        Ok(())
    }

    // Greylisting and unknown users are answered at RCPT, as real servers do.
    // (mailin's state machine stays in DATA after an error at the end of
    // the data, so a scripted reply there would confuse the next command.)
    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        let shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        match &shared.greeting {
            Some((code, text)) => Response::custom(*code, text.clone()),
            None => response::OK,
        }
    }

    fn mail(&mut self, _ip: IpAddr, _domain: &str, _from: &str) -> Response {
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        match shared.senders.pop_front() {
            Some((code, text)) => Response::custom(code, text),
            None => response::OK,
        }
    }

    fn rcpt(&mut self, to: &str) -> Response {
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, code, text)) = shared.refused.iter().find(|(address, ..)| address == to) {
            return Response::custom(*code, text.clone());
        }
        match shared.script.pop_front() {
            Some((code, text)) => Response::custom(code, text),
            None => response::OK,
        }
    }

    fn data_end(&mut self) -> Response {
        let pause = self
            .shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pause;
        std::thread::sleep(pause);
        let held = self
            .shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .hold
            .take();
        if let Some(held) = held {
            let _ = held.arrived.send(());
            // Bounded, so that a test that forgets to release ends anyway.
            let _ = held.release.recv_timeout(Duration::from_secs(120));
        }
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(message) = self.current.take() {
            shared.received.push(message);
        }
        response::OK
    }

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        shared.logins.push((user.to_string(), password.to_string()));
        if password == "richtig-geheim" {
            response::AUTH_OK
        } else {
            response::INVALID_CREDENTIALS
        }
    }
}

impl SmtpServer {
    /// Starts a server on a free port of 127.0.0.1 that takes mail from anyone.
    pub fn start() -> SmtpServer {
        SmtpServer::serve(false, Wire::Plain)
    }

    /// Starts a server that insists on AUTH PLAIN with the password `richtig-geheim`.
    pub fn start_with_login() -> SmtpServer {
        SmtpServer::serve(true, Wire::Plain)
    }

    /// Starts a server that offers STARTTLS with the test certificate
    /// (`tests/fixtures/server.pem`, for `localhost` and 127.0.0.1).
    pub fn start_with_starttls() -> SmtpServer {
        SmtpServer::serve(false, Wire::StartTls(tls_config()))
    }

    /// Starts a server that speaks TLS from the first byte with the test certificate.
    pub fn start_with_implicit_tls() -> SmtpServer {
        SmtpServer::serve(false, Wire::Implicit(tls_config()))
    }

    fn serve(login: bool, wire: Wire) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind smtp");
        let addr = listener.local_addr().expect("smtp address");
        let shared = Arc::new(Mutex::new(Shared::default()));
        let server = SmtpServer {
            addr,
            shared: Arc::clone(&shared),
        };
        std::thread::spawn(move || {
            let mut builder = SessionBuilder::new("smtp.test.invalid");
            if login {
                builder
                    .enable_auth(AuthMechanism::Plain)
                    .insecure_enable_plaintext_auth();
            }
            if matches!(wire, Wire::StartTls(_)) {
                builder.enable_start_tls();
            }
            for stream in listener.incoming().flatten() {
                let builder = builder.clone();
                let shared = Arc::clone(&shared);
                let wire = wire.clone();
                std::thread::spawn(move || {
                    let _ = converse(stream, &builder, shared, &wire);
                });
            }
        });
        server
    }

    /// Each message from now on takes `pause` to be accepted, like a busy server.
    pub fn slow_down(&self, pause: Duration) {
        self.shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pause = pause;
    }

    /// Holds the next message before its 250 until [`Hold::release`].
    pub fn hold_next(&self) -> Hold {
        let (arrived_tx, arrived) = mpsc::channel();
        let (release, release_rx) = mpsc::channel();
        self.shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .hold = Some(Held {
            arrived: arrived_tx,
            release: release_rx,
        });
        Hold { arrived, release }
    }

    /// The URL to give the courier.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// The next `count` recipients get `code text` instead of 250.
    pub fn answer_next(&self, count: usize, code: u16, text: &str) {
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        for _ in 0..count {
            shared.script.push_back((code, text.to_string()));
        }
    }

    /// The next `count` MAIL FROM commands get `code text` instead of 250.
    pub fn answer_next_sender(&self, count: usize, code: u16, text: &str) {
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        for _ in 0..count {
            shared.senders.push_back((code, text.to_string()));
        }
    }

    /// Every EHLO from now on gets `code text`: the server refuses the
    /// session itself, whatever the mail (`None`: 250 again).
    pub fn answer_hello(&self, reply: Option<(u16, &str)>) {
        self.shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .greeting = reply.map(|(code, text)| (code, text.to_string()));
    }

    /// Every RCPT TO `address` from now on gets `code text`.
    pub fn refuse_recipient(&self, address: &str, code: u16, text: &str) {
        self.shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .refused
            .push((address.to_string(), code, text.to_string()));
    }

    /// Everything accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .received
            .clone()
    }

    /// The commands (their first word) that came before TLS, or over a plain
    /// connection, in order across all connections.
    pub fn commands_in_clear(&self) -> Vec<String> {
        self.shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .in_clear
            .clone()
    }

    /// The user names and passwords clients logged in with.
    pub fn logins(&self) -> Vec<(String, String)> {
        self.shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .logins
            .clone()
    }

    /// Waits until at least `count` messages arrived or `patience` ran out;
    /// returns how many arrived.
    pub fn wait_for(&self, count: usize, patience: Duration) -> usize {
        let until = Instant::now() + patience;
        loop {
            let got = self.received().len();
            if got >= count || Instant::now() >= until {
                return got;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The test certificate and key for `localhost` and 127.0.0.1.
fn tls_config() -> Arc<ServerConfig> {
    let chain = CertificateDer::pem_slice_iter(include_bytes!("../fixtures/server.pem"))
        .collect::<Result<Vec<_>, _>>()
        .expect("tests/fixtures/server.pem");
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("../fixtures/server.key"))
        .expect("tests/fixtures/server.key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("the test certificate and key match");
    Arc::new(config)
}

/// How a stretch of the conversation ended.
enum Ended {
    Closed,
    /// The client asked for STARTTLS and was told to go ahead.
    Upgrade,
}

fn converse(
    stream: TcpStream,
    builder: &SessionBuilder,
    shared: Arc<Mutex<Shared>>,
    wire: &Wire,
) -> std::io::Result<()> {
    let peer: IpAddr = stream.peer_addr()?.ip();
    // Replies are small writes; without this, Nagle's algorithm and delayed
    // ACKs hold each one back for tens of milliseconds.
    stream.set_nodelay(true)?;
    let encrypted = Arc::new(AtomicBool::new(false));
    let mut session = builder.build(
        peer,
        Session {
            shared: Arc::clone(&shared),
            current: None,
            encrypted: Arc::clone(&encrypted),
        },
    );
    let in_clear = |line: &[u8]| {
        let word = String::from_utf8_lossy(line)
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .in_clear
            .push(word);
    };
    let stream = match wire {
        Wire::Implicit(config) => {
            let tls = ServerConnection::new(Arc::clone(config)).map_err(std::io::Error::other)?;
            encrypted.store(true, Ordering::SeqCst);
            session.tls_active();
            let mut lines = BufReader::new(StreamOwned::new(tls, stream));
            session.greeting().write_to(lines.get_mut())?;
            lines.get_mut().flush()?;
            talk(&mut session, &mut lines, |_| {})?;
            return Ok(());
        }
        Wire::Plain | Wire::StartTls(_) => stream,
    };
    let mut lines = BufReader::new(stream);
    session.greeting().write_to(lines.get_mut())?;
    lines.get_mut().flush()?;
    let ended = talk(&mut session, &mut lines, in_clear)?;
    let (Ended::Upgrade, Wire::StartTls(config)) = (ended, wire) else {
        return Ok(());
    };
    // Anything the client sent after STARTTLS but before the handshake would
    // be plain text smuggled into the encrypted session (CVE-2011-0411).
    if !lines.buffer().is_empty() {
        return Ok(());
    }
    let tls = ServerConnection::new(Arc::clone(config)).map_err(std::io::Error::other)?;
    let mut lines = BufReader::new(StreamOwned::new(tls, lines.into_inner()));
    encrypted.store(true, Ordering::SeqCst);
    session.tls_active();
    talk(&mut session, &mut lines, |_| {})?;
    Ok(())
}

/// Reads commands and answers them until the client leaves or asks for TLS;
/// `seen` learns each line first.
fn talk<S: Read + Write>(
    session: &mut mailin::Session<Session>,
    lines: &mut BufReader<S>,
    mut seen: impl FnMut(&[u8]),
) -> std::io::Result<Ended> {
    let mut line = Vec::new();
    let mut in_data = false;
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line)? == 0 {
            return Ok(Ended::Closed);
        }
        if !in_data {
            seen(&line);
        }
        let reply = session.process(&line);
        let out = lines.get_mut();
        match reply.action {
            Action::Reply => reply.write_to(out)?,
            Action::Close => {
                reply.write_to(out)?;
                out.flush()?;
                return Ok(Ended::Closed);
            }
            Action::UpgradeTls => {
                reply.write_to(out)?;
                out.flush()?;
                return Ok(Ended::Upgrade);
            }
            Action::NoReply => {}
        }
        out.flush()?;
        in_data = reply.code == 354 || (in_data && reply.action == Action::NoReply);
    }
}

/// The header `name` of a message (unfolded, RFC 2047 words decoded).
pub fn header(message: &str, name: &str) -> Option<String> {
    let head = message.split("\r\n\r\n").next()?;
    let mut value: Option<String> = None;
    for line in head.split("\r\n") {
        if let Some(v) = &mut value {
            if line.starts_with([' ', '\t']) {
                v.push_str(line);
                continue;
            }
            break;
        }
        if let Some((key, rest)) = line.split_once(':')
            && key.eq_ignore_ascii_case(name)
        {
            value = Some(rest.trim().to_string());
        }
    }
    value.map(|v| decode_words(&v))
}

/// The body of a single-part message, decoded from its transfer encoding.
pub fn body(message: &str) -> String {
    let encoding = header(message, "Content-Transfer-Encoding").unwrap_or_default();
    let body = message.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    let bytes = match encoding.to_ascii_lowercase().as_str() {
        "base64" => base64(&body.replace("\r\n", "")),
        "quoted-printable" => quoted_printable(body),
        _ => body.as_bytes().to_vec(),
    };
    String::from_utf8(bytes).expect("the body is UTF-8")
}

/// RFC 2047 `=?utf-8?b?...?=` and `=?utf-8?q?...?=` words, joined.
fn decode_words(value: &str) -> String {
    let mut out = Vec::new();
    // Space between two encoded words is folding, not text (RFC 2047 6.2).
    let mut after_word = false;
    for part in value.split_whitespace() {
        let lower = part.to_ascii_lowercase();
        let encoded = part.ends_with("?=")
            && (lower.starts_with("=?utf-8?b?") || lower.starts_with("=?utf-8?q?"));
        if !(out.is_empty() || (encoded && after_word)) {
            out.push(b' ');
        }
        if lower.starts_with("=?utf-8?b?") && encoded {
            out.extend(base64(&part[10..part.len() - 2]));
        } else if encoded {
            out.extend(quoted_printable(
                &part[10..part.len() - 2].replace('_', " "),
            ));
        } else {
            out.extend(part.as_bytes());
        }
        after_word = encoded;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') {
                i += 3;
                continue;
            }
            let hex = std::str::from_utf8(&bytes[i + 1..(i + 3).min(bytes.len())])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}
