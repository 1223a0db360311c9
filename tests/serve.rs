//! `helpdesk serve`, the real binary, against real servers on 127.0.0.1: an
//! SMTP server inside the test, the fake Discord, and its own HTTP endpoints.

mod common;
#[path = "../bot/tests/support/fake_discord.rs"]
mod fake_discord;
#[path = "../mail/tests/support/queue.rs"]
mod queue;
#[path = "../mail/tests/support/smtp_server.rs"]
mod smtp_server;

use common::helpdesk;
use desk::Store;
use queue::queue_invitations;
use serde_json::Value;
use smtp_server::{SmtpServer, header};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The longest any wait in these tests may take before it counts as a failure.
const PATIENCE: Duration = Duration::from_secs(60);
const TOKEN: &str = "MTAwMA.fake-token.for-serve-tests";
const PASSWORD: &str = "richtig-geheim";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A running `helpdesk serve`, its log in a file.
struct Serve {
    child: Child,
    log: PathBuf,
    listen: String,
}

impl Serve {
    fn start(dir: &Path, config: &str, env: &[(&str, &str)]) -> Serve {
        let port = free_port();
        let listen = format!("127.0.0.1:{port}");
        let path = dir.join("helpdesk.toml");
        std::fs::write(&path, format!("{config}\n[http]\nlisten = \"{listen}\"\n"))
            .expect("config");
        let log = dir.join(format!("serve-{port}.log"));
        let mut cmd = helpdesk();
        cmd.args(["serve", "--config"])
            .arg(&path)
            .env_remove("DISCORD_TOKEN")
            .env_remove("SMTP_PASSWORD")
            .env_remove("RUST_LOG")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"));
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = cmd.spawn().expect("start serve");
        Serve { child, log, listen }
    }

    fn get(&self, path: &str) -> Option<(u16, String)> {
        let mut stream = TcpStream::connect(&self.listen).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .ok()?;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: test\r\n\r\n").ok()?;
        let mut text = String::new();
        stream.read_to_string(&mut text).ok()?;
        let status = text.split_whitespace().nth(1)?.parse().ok()?;
        let body = text.split_once("\r\n\r\n")?.1.to_string();
        Some((status, body))
    }

    /// Waits until `/healthz` answers with `status`, and returns its report.
    fn health_becomes(&self, status: u16) -> Value {
        let until = Instant::now() + PATIENCE;
        let mut last = None;
        while Instant::now() < until {
            last = self.get("/healthz");
            if let Some((got, body)) = &last
                && *got == status
            {
                return serde_json::from_str(body).expect("JSON health report");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "/healthz never answered {status}; last {last:?}\n{}",
            self.log_text()
        );
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends SIGTERM and waits for the process to end.
    fn terminate(&mut self) -> ExitStatus {
        self.signal("TERM")
    }

    /// Sends the signal `name` and waits for the process to end.
    fn signal(&mut self, name: &str) -> ExitStatus {
        // The shell's own `kill`: no procps needed on the machine.
        let sent = std::process::Command::new("sh")
            .args(["-c", &format!("kill -{name} {}", self.child.id())])
            .status()
            .expect("kill");
        assert!(sent.success());
        let until = Instant::now() + PATIENCE;
        while Instant::now() < until {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("serve did not stop after SIG{name}\n{}", self.log_text());
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn mail_states(db: &Path) -> Vec<(String, u64)> {
    let mut states = Store::open(db)
        .expect("store")
        .figures()
        .expect("figures")
        .mails;
    states.sort();
    states
}

#[test]
fn sigterm_during_a_burst_of_500_mails_sends_each_exactly_once_across_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("helpdesk.db");
    queue_invitations(&db, 500);
    let smtp = SmtpServer::start_with_login();
    // A busy server: the burst takes long enough to be cut in the middle.
    smtp.slow_down(Duration::from_millis(4));
    let config = format!(
        "db = \"helpdesk.db\"\n[smtp]\nurl = \"smtp://helpdesk@{}\"\nfrom = \"Helpdesk <helpdesk@example.org>\"\n",
        smtp.addr
    );

    let mut first = Serve::start(dir.path(), &config, &[("SMTP_PASSWORD", PASSWORD)]);
    let got = smtp.wait_for(20, PATIENCE);
    assert!(got >= 20, "only {got} mails arrived\n{}", first.log_text());
    let status = first.terminate();
    assert!(status.success(), "{status:?}\n{}", first.log_text());
    let after_stop = smtp.received().len();
    assert!(
        after_stop < 500,
        "the stop came after the burst; slow the server down"
    );
    let states = mail_states(&db);
    assert_eq!(
        states,
        vec![
            ("queued".to_string(), (500 - after_stop) as u64),
            ("sent".to_string(), after_stop as u64)
        ],
        "every mail the server has is recorded as sent, nothing is left half-sent\n{}",
        first.log_text()
    );
    assert!(!first.log_text().contains(PASSWORD), "{}", first.log_text());

    let mut second = Serve::start(dir.path(), &config, &[("SMTP_PASSWORD", PASSWORD)]);
    assert_eq!(smtp.wait_for(500, PATIENCE), 500, "{}", second.log_text());
    let health = second.health_becomes(200);
    assert_eq!(health["mail"]["queued"], 0, "{health}");
    // After a clean stop nothing is in flight: the count is final.
    assert!(second.terminate().success());

    let received = smtp.received();
    assert_eq!(received.len(), 500);
    let ids: HashSet<String> = received
        .iter()
        .map(|m| {
            let text = String::from_utf8_lossy(&m.data).into_owned();
            header(&text, "Message-ID").expect("Message-ID")
        })
        .collect();
    assert_eq!(ids.len(), 500, "every mail exactly once");
    assert_eq!(mail_states(&db), vec![("sent".to_string(), 500)]);
    assert!(smtp.logins().iter().all(|(user, _)| user == "helpdesk"));
}

#[test]
fn serve_sends_over_starttls_to_a_relay_signed_by_the_ca_file() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("helpdesk.db");
    queue_invitations(&db, 5);
    let smtp = SmtpServer::start_with_starttls();
    let test_ca = Path::new(env!("CARGO_MANIFEST_DIR")).join("mail/tests/fixtures/ca.pem");
    std::fs::copy(&test_ca, dir.path().join("relay-ca.pem")).expect("copy the test CA");
    let config = format!(
        "db = \"helpdesk.db\"\n[smtp]\nurl = \"smtp://{}?tls=required\"\nfrom = \"Helpdesk <helpdesk@example.org>\"\nca_file = \"relay-ca.pem\"\n",
        smtp.addr
    );

    let mut serve = Serve::start(dir.path(), &config, &[]);
    assert_eq!(smtp.wait_for(5, PATIENCE), 5, "{}", serve.log_text());
    assert!(serve.terminate().success());
    assert!(smtp.received().iter().all(|m| m.encrypted));
    let in_clear = smtp.commands_in_clear();
    assert!(
        in_clear.iter().all(|c| c == "EHLO" || c == "STARTTLS"),
        "{in_clear:?}"
    );
    assert_eq!(mail_states(&db), vec![("sent".to_string(), 5)]);
}

#[test]
fn health_and_metrics_without_discord_and_mail_into_a_maildir() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("helpdesk.db");
    queue_invitations(&db, 5);
    let mut serve = Serve::start(dir.path(), "db = \"helpdesk.db\"\n", &[]);
    let until = Instant::now() + PATIENCE;
    while mail_states(&db) != vec![("sent".to_string(), 5)] && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        mail_states(&db),
        vec![("sent".to_string(), 5)],
        "{}",
        serve.log_text()
    );
    let maildir = dir.path().join("Maildir/new");
    assert_eq!(std::fs::read_dir(&maildir).expect("Maildir").count(), 5);

    let health = serve.health_becomes(200);
    assert_eq!(health["status"], "ok", "{health}");
    assert_eq!(health["database"]["ok"], true, "{health}");
    assert_eq!(health["discord"]["configured"], false, "{health}");
    assert!(
        health["mail"]["transport"]
            .as_str()
            .is_some_and(|t| t.starts_with("maildir:")),
        "{health}"
    );
    let (status, metrics) = serve.get("/metrics").expect("metrics");
    assert_eq!(status, 200);
    for line in [
        "helpdesk_deliveries{channel=\"email\",state=\"sent\"} 5",
        "helpdesk_deliveries{channel=\"email\",state=\"queued\"} 0",
        "helpdesk_deliveries{channel=\"email\",state=\"failed\"} 0",
        "helpdesk_deliveries_total{channel=\"maildir\",outcome=\"sent\"} 5",
        "helpdesk_tickets{status=\"open\"} 0",
        "helpdesk_sqlite_busy_retries_total",
    ] {
        assert!(metrics.contains(line), "{line} missing from\n{metrics}");
    }
    assert_eq!(serve.get("/nothing").map(|r| r.0), Some(404));

    // The database is gone: the service is not healthy.
    std::fs::rename(&db, dir.path().join("moved.db")).expect("move the database");
    let health = serve.health_becomes(503);
    assert_eq!(health["database"]["ok"], false, "{health}");
    let status = serve.terminate();
    assert!(status.success(), "{status:?}\n{}", serve.log_text());
}

#[test]
fn health_follows_the_discord_gateway_up_and_then_down() {
    let dir = tempfile::tempdir().expect("dir");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut fake = runtime.block_on(fake_discord::FakeDiscord::start(
        fake_discord::Behaviour::default(),
    ));
    let config = format!(
        "db = \"helpdesk.db\"\n[discord]\napi_base = \"{}\"\n",
        fake.api_base
    );
    let mut serve = Serve::start(dir.path(), &config, &[("DISCORD_TOKEN", TOKEN)]);

    let health = serve.health_becomes(200);
    assert_eq!(health["discord"]["connected"], true, "{health}");

    // A member asks; the answer counts in the metrics.
    let id = fake.next_id();
    fake.dispatch(
        "MESSAGE_CREATE",
        fake_discord::message(
            id,
            fake_discord::user(501, "member", false),
            &format!(
                "<@{}> How often may I invite someone to a group?",
                fake_discord::BOT_ID
            ),
            &[fake_discord::BOT_ID],
            true,
        ),
    );
    let reply = runtime.block_on(fake.call_to("/messages", PATIENCE));
    assert!(reply.is_some(), "no answer\n{}", serve.log_text());
    let (_, metrics) = serve.get("/metrics").expect("metrics");
    for line in [
        "helpdesk_questions_total{lang=\"en\",outcome=\"answered\"} 1",
        "helpdesk_answer_confidence_bucket{le=\"1\"} 1",
        "helpdesk_gateway_connected 1",
    ] {
        assert!(metrics.contains(line), "{line} missing from\n{metrics}");
    }

    // Discord goes away.
    drop(fake);
    runtime.shutdown_background();
    let health = serve.health_becomes(503);
    assert_eq!(health["discord"]["ok"], false, "{health}");
    assert_eq!(health["database"]["ok"], true, "{health}");
    let (_, metrics) = serve.get("/metrics").expect("metrics");
    assert!(
        metrics.contains("helpdesk_gateway_connected 0"),
        "{metrics}"
    );

    assert!(serve.terminate().success(), "{}", serve.log_text());
    let log = serve.log_text();
    assert!(!log.contains(TOKEN) && !log.contains("fake-token"), "{log}");
    assert!(
        !log.contains("invite someone"),
        "member text in the log: {log}"
    );
}

#[test]
fn a_bad_config_names_the_file_and_line_and_json_logs_are_json() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("helpdesk.toml");
    std::fs::write(
        &path,
        "db = \"helpdesk.db\"\n\n[http]\nlisten = \"everywhere\"\n",
    )
    .expect("config");
    let out = helpdesk()
        .args(["serve", "--config"])
        .arg(&path)
        .output()
        .expect("serve");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("helpdesk.toml:4:") && err.contains("listen"),
        "{err}"
    );

    let mut json_serve = {
        let port = free_port();
        let listen = format!("127.0.0.1:{port}");
        std::fs::write(
            &path,
            format!("db = \"helpdesk.db\"\n[http]\nlisten = \"{listen}\"\n"),
        )
        .expect("config");
        let log = dir.path().join("json.log");
        let child = helpdesk()
            .args(["serve", "--log-format", "json", "--config"])
            .arg(&path)
            .stderr(std::fs::File::create(&log).expect("log"))
            .spawn()
            .expect("serve");
        Serve { child, log, listen }
    };
    json_serve.health_becomes(200);
    assert!(json_serve.terminate().success());
    let log = json_serve.log_text();
    assert!(!log.trim().is_empty());
    for line in log.lines() {
        let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(value["level"].is_string(), "{line}");
    }
    assert!(log.contains("helpdesk serve is running"), "{log}");
    // The start line's values are plain, each a field of its own.
    let running: Value = log
        .lines()
        .find(|line| line.contains("helpdesk serve is running"))
        .and_then(|line| serde_json::from_str(line).ok())
        .expect("the start line");
    assert_eq!(running["close_after_days"], 7, "{running}");
    assert_eq!(running["warn_before_days"], 1, "{running}");
    assert_eq!(running["discord"], false, "{running}");
    assert!(running.get("staff_channel").is_none(), "{running}");
    assert!(running.get("tickets").is_none(), "{running}");
    for debug in ["TicketTimes", "None", "Some("] {
        assert!(!log.contains(debug), "{debug}: {log}");
    }
}

/// A database whose `table` (or index) is damaged after it was made: serve
/// opens it, and the first read of that table fails.
fn damaged_database(dir: &Path, table: &str) -> PathBuf {
    let db = dir.join("helpdesk.db");
    queue_invitations(&db, 2);
    common::damage::damage_table(&db, table);
    db
}

#[test]
fn a_damaged_page_is_named_with_the_database_in_the_health_report_and_the_log() {
    let dir = tempfile::tempdir().expect("dir");
    // Both the health report and the ticket sweep read tickets by status.
    let db = damaged_database(dir.path(), "tickets_by_status");
    let mut serve = Serve::start(dir.path(), "db = \"helpdesk.db\"\n", &[]);
    let said = format!("{}: the database is damaged", db.display());
    let health = serve.health_becomes(503);
    assert_eq!(health["database"]["error"], said.as_str(), "{health}");
    // The ticket sweep runs at the start and reads the damaged table.
    let until = Instant::now() + PATIENCE;
    while !serve.log_text().contains(&format!("ticket sweep: {said}")) {
        assert!(Instant::now() < until, "{}", serve.log_text());
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = serve.terminate();
    assert!(status.success(), "{status:?}\n{}", serve.log_text());
}

#[test]
fn a_failure_that_stops_serve_ends_with_one_line_naming_the_database() {
    let dir = tempfile::tempdir().expect("dir");
    // The courier's first step looks up the outbox by state: it cannot, so
    // it stops, and serve with it.
    let db = damaged_database(dir.path(), "outbox_due");
    let mut serve = Serve::start(dir.path(), "db = \"helpdesk.db\"\n", &[]);
    let until = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = serve.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < until,
            "serve kept running\n{}",
            serve.log_text()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(1), "{}", serve.log_text());
    let log = serve.log_text();
    assert_eq!(
        log.lines().last(),
        Some(
            format!(
                "error: the mail courier stopped: {}: the database is damaged",
                db.display()
            )
            .as_str()
        ),
        "{log}"
    );
    // Said once: the log line on stopping names the part, not the reason again.
    assert_eq!(log.matches("the database is damaged").count(), 1, "{log}");
    let stopping = log
        .lines()
        .find(|line| line.contains("stopping everything"))
        .unwrap_or_else(|| panic!("no line on stopping:\n{log}"));
    assert!(stopping.contains("mail courier"), "{stopping}");
}

/// What `serve` prints last when it stops before starting, with `config`.
fn refusal(dir: &Path, config: &str) -> String {
    refusal_with(dir, config, &[])
}

/// [`refusal`] with `env` set. Each config here names `helpdesk.db` in
/// `dir`, and a refused one leaves no new database there.
fn refusal_with(dir: &Path, config: &str, env: &[(&str, &str)]) -> String {
    let database = dir.join("helpdesk.db");
    let there_before = database.exists();
    let path = dir.join("helpdesk.toml");
    std::fs::write(&path, config).expect("config");
    let entries = || {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        names
    };
    let before = entries();
    let mut cmd = helpdesk();
    cmd.args(["serve", "--config"])
        .arg(&path)
        .env_remove("DISCORD_TOKEN")
        .env_remove("SMTP_PASSWORD");
    for (key, value) in env {
        cmd.env(key, value);
    }
    // A serve that starts anyway would run until stopped: it gets the
    // patience of these tests, then counts as having started.
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            let out = child.wait_with_output().expect("serve");
            panic!(
                "serve started with {config}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("serve");
    assert!(!out.status.success(), "serve started with {config}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        there_before || !database.exists(),
        "serve refused {config} and left a new database behind:\n{err}"
    );
    // Nor a Maildir, or anything else.
    assert_eq!(entries(), before, "serve refused {config}:\n{err}");
    // The reason is main's last line; a list of problems follows its first line.
    let start = err.rfind("error: ").unwrap_or(0);
    err[start..].to_string()
}

#[test]
fn a_port_in_use_and_a_maildir_that_is_a_file_name_the_line_of_the_config() {
    let dir = tempfile::tempdir().expect("dir");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let err = refusal(
        dir.path(),
        &format!("db = \"helpdesk.db\"\n\n[http]\nlisten = \"127.0.0.1:{port}\"\n"),
    );
    assert!(
        err.contains("helpdesk.toml:4:") && err.contains(&format!("127.0.0.1:{port}")),
        "{err}"
    );
    drop(taken);

    std::fs::write(dir.path().join("letters"), "not a folder\n").expect("file");
    let err = refusal(
        dir.path(),
        &format!(
            "db = \"helpdesk.db\"\n[mail]\nmaildir = \"letters\"\n[http]\nlisten = \"127.0.0.1:{}\"\n",
            free_port()
        ),
    );
    assert!(
        err.contains("helpdesk.toml:3:") && err.contains("letters"),
        "{err}"
    );
    // The default Maildir, next to the database: no line to name, so the key to set.
    let dir = tempfile::tempdir().expect("another dir");
    std::fs::write(dir.path().join("Maildir"), "not a folder\n").expect("file");
    let err = refusal(
        dir.path(),
        &format!(
            "db = \"helpdesk.db\"\n[http]\nlisten = \"127.0.0.1:{}\"\n",
            free_port()
        ),
    );
    assert!(
        err.contains("helpdesk.toml:") && err.contains("[mail] maildir"),
        "{err}"
    );
}

#[test]
fn a_faq_dir_that_is_not_there_is_named_at_its_line_whichever_parts_run() {
    // With the Discord part and without it: the same bad line stops serve.
    for env in [&[("DISCORD_TOKEN", TOKEN)][..], &[]] {
        let dir = tempfile::tempdir().expect("dir");
        let err = refusal_with(
            dir.path(),
            &format!(
                "db = \"helpdesk.db\"\n\nfaq_dir = \"no-such-faq\"\n[http]\nlisten = \"127.0.0.1:{}\"\n",
                free_port()
            ),
            env,
        );
        assert!(
            err.contains("helpdesk.toml:3:") && err.contains("no-such-faq"),
            "{env:?}: {err}"
        );
    }
}

/// The most threads `pid` had while `work` ran, read from /proc.
fn peak_threads(pid: u32, work: impl FnOnce()) -> usize {
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let done = std::sync::Arc::clone(&done);
        std::thread::spawn(move || {
            let mut peak = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let status =
                    std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                let threads = status
                    .lines()
                    .find_map(|l| l.strip_prefix("Threads:"))
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(0);
                peak = peak.max(threads);
                std::thread::sleep(Duration::from_millis(2));
            }
            peak
        })
    };
    work();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    watcher.join().expect("watcher")
}

#[test]
fn a_burst_of_scrapes_is_answered_without_a_thread_for_each() {
    let dir = tempfile::tempdir().expect("dir");
    let serve = Serve::start(dir.path(), "db = \"helpdesk.db\"\n", &[]);
    serve.health_becomes(200);
    let pid = serve.child.id();
    let mut answered = 0;
    let peak = peak_threads(pid, || {
        // All connected and asked before any answer is read: 300 at once.
        let mut streams: Vec<TcpStream> = (0..300)
            .map(|_| TcpStream::connect(&serve.listen).expect("connect"))
            .collect();
        for (n, stream) in streams.iter_mut().enumerate() {
            let path = if n % 2 == 0 { "/metrics" } else { "/healthz" };
            write!(stream, "GET {path} HTTP/1.1\r\n\r\n").expect("ask");
        }
        for mut stream in streams {
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .expect("timeout");
            let mut text = String::new();
            if stream.read_to_string(&mut text).is_ok() && text.starts_with("HTTP/1.1 200") {
                answered += 1;
            }
        }
    });
    assert_eq!(answered, 300, "{}", serve.log_text());
    // The runtime's workers, the courier, the sweep and two readers; without
    // a bound, tokio's blocking pool grows toward a thread per request.
    assert!(peak < 40, "{peak} threads for 300 requests");
}

#[test]
fn a_hangup_stops_serve_cleanly_with_the_mail_recorded() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("helpdesk.db");
    queue_invitations(&db, 3);
    let mut serve = Serve::start(dir.path(), "db = \"helpdesk.db\"\n", &[]);
    serve.health_becomes(200);
    let status = serve.signal("HUP");
    assert!(status.success(), "{status:?}\n{}", serve.log_text());
    assert!(serve.log_text().contains("helpdesk serve stopped"));
    assert!(
        !mail_states(&db).iter().any(|(state, _)| state == "sending"),
        "{:?}",
        mail_states(&db)
    );
}

/// A second serve would take the first one's mails in hand for leftovers
/// of a crash and send them again: it refuses to start, naming the database.
#[test]
fn a_second_serve_on_the_same_database_refuses_to_start() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("helpdesk.db");
    queue_invitations(&db, 5);
    let mut first = Serve::start(dir.path(), "db = \"helpdesk.db\"\n", &[]);
    first.health_becomes(200);
    for (lang, words) in [
        ("en", "is served already by another `helpdesk serve`"),
        (
            "de",
            "wird schon von einem anderen „helpdesk serve“ bedient",
        ),
    ] {
        let mut second = Serve::start(
            dir.path(),
            "db = \"helpdesk.db\"\n",
            &[("HELPDESK_LANG", lang)],
        );
        let until = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = second.child.try_wait().expect("wait") {
                break status;
            }
            assert!(
                Instant::now() < until,
                "a second serve started\n{}",
                second.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let log = second.log_text();
        assert!(!status.success(), "{log}");
        assert!(
            log.lines()
                .any(|line| line.contains(&db.display().to_string()) && line.contains(words)),
            "{log}"
        );
    }
    // The same config twice, its port too: said as served already, not as
    // a port in use, and nothing is left behind.
    let err = refusal(
        dir.path(),
        &format!(
            "db = \"helpdesk.db\"\n[http]\nlisten = \"{}\"\n",
            first.listen
        ),
    );
    assert!(err.contains("is served already"), "{err}");
    assert!(
        first.child.try_wait().expect("wait").is_none(),
        "the first runs on"
    );
    let status = first.terminate();
    assert!(status.success(), "{status:?}\n{}", first.log_text());
    assert_eq!(mail_states(&db), vec![("sent".to_string(), 5)]);

    // The lock goes with the process: the next serve starts.
    let mut next = Serve::start(dir.path(), "db = \"helpdesk.db\"\n", &[]);
    next.health_becomes(200);
    assert!(next.terminate().success(), "{}", next.log_text());
}

/// A Maildir that became a file fails every mail: health says mail is not
/// well, the log names the Maildir, and a written mail makes it well again.
#[test]
fn health_says_mail_fails_while_every_try_fails_and_the_log_names_the_maildir() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("helpdesk.db");
    queue_invitations(&db, 0);
    let mut serve = Serve::start(
        dir.path(),
        "db = \"helpdesk.db\"\n[mail]\nfirst_retry_seconds = 1\nlongest_retry_seconds = 1\n",
        &[],
    );
    let health = serve.health_becomes(200);
    assert_eq!(health["mail"]["ok"], true, "{health}");
    let maildir = dir.path().join("Maildir");
    std::fs::remove_dir_all(&maildir).expect("remove the Maildir");
    std::fs::write(&maildir, "not a folder").expect("a file in its place");
    queue_invitations(&db, 5);

    let health = serve.health_becomes(503);
    assert_eq!(health["mail"]["ok"], false, "{health}");
    assert_eq!(health["database"]["ok"], true, "{health}");
    let shown = maildir.display().to_string();
    assert!(
        health["mail"]["error"]
            .as_str()
            .is_some_and(|e| e.contains(&shown)),
        "{health}"
    );
    assert!(
        serve
            .log_text()
            .lines()
            .any(|line| line.contains("mail deferred") && line.contains(&shown)),
        "{}",
        serve.log_text()
    );

    std::fs::remove_file(&maildir).expect("remove the file");
    for sub in ["tmp", "new", "cur"] {
        std::fs::create_dir_all(maildir.join(sub)).expect("Maildir again");
    }
    let health = serve.health_becomes(200);
    assert_eq!(health["mail"]["ok"], true, "{health}");
    assert!(serve.terminate().success(), "{}", serve.log_text());
}

#[test]
fn a_request_head_beyond_the_limit_is_refused_not_guessed_at() {
    let dir = tempfile::tempdir().expect("dir");
    let serve = Serve::start(dir.path(), "db = \"helpdesk.db\"\n", &[]);
    serve.health_becomes(200);
    let mut stream = TcpStream::connect(&serve.listen).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    // 16 KiB of one header, never ended: what follows the limit is not read.
    let head = format!(
        "GET /healthz HTTP/1.1\r\nX-Filler: {}",
        "a".repeat(16 * 1024)
    );
    let _ = stream.write_all(head.as_bytes());
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
    // And the server goes on answering.
    assert_eq!(serve.get("/healthz").map(|r| r.0), Some(200));
}

#[test]
fn start_up_failures_are_said_in_the_users_language() {
    let dir = tempfile::tempdir().expect("dir");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let config = format!("db = \"helpdesk.db\"\n[http]\nlisten = \"127.0.0.1:{port}\"\n");
    let err = refusal_with(dir.path(), &config, &[("HELPDESK_LANG", "de")]);
    assert!(
        err.lines().any(|line| line.starts_with("Fehler: ")
            && line.contains("helpdesk.toml:3:")
            && line.contains("kann nicht gelauscht werden: Die Adresse ist schon belegt")),
        "{err}"
    );
    assert!(
        !err.contains("in use"),
        "the system's English stays out: {err}"
    );
    drop(taken);

    // The relay's URL is checked when mail starts: said in German too.
    let err = refusal_with(
        dir.path(),
        &format!(
            "db = \"helpdesk.db\"\n[smtp]\nurl = \"smtp://helpdesk@127.0.0.1:{}\"\nfrom = \"help@example.org\"\n[http]\nlisten = \"127.0.0.1:{}\"\n",
            free_port(),
            free_port()
        ),
        &[("HELPDESK_LANG", "de")],
    );
    assert!(
        err.lines().any(|line| line.starts_with("Fehler: ")
            && line.contains("helpdesk.toml:3: `smtp://helpdesk@127.0.0.1:")
            && line.contains("nennt einen Benutzer, aber kein Passwort: SMTP_PASSWORD setzen")),
        "{err}"
    );
    assert!(!err.contains("names a user"), "{err}");

    // A wrong value is named at its line, in words of the user's language.
    let err = refusal_with(
        dir.path(),
        "db = \"helpdesk.db\"\n[mail]\nattempts = 0\n",
        &[("HELPDESK_LANG", "de")],
    );
    assert!(
        err.lines().any(|line| line.starts_with("Fehler: ")
            && line.contains("helpdesk.toml:3: `attempts` muss 1 oder mehr sein, nicht 0")),
        "{err}"
    );

    let out = helpdesk()
        .args(["serve", "--config"])
        .arg(dir.path().join("missing.toml"))
        .env("HELPDESK_LANG", "de")
        .output()
        .expect("serve");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("missing.toml")
            && err.contains("kann nicht gelesen werden: Eine solche Datei oder einen solchen Ordner gibt es nicht"),
        "{err}"
    );
    assert!(!err.contains("No such file"), "{err}");
}

#[test]
fn idle_connections_beyond_the_cap_wait_instead_of_taking_descriptors() {
    let dir = tempfile::tempdir().expect("dir");
    let serve = Serve::start(dir.path(), "db = \"helpdesk.db\"\n", &[]);
    serve.health_becomes(200);
    // As many connections as serve takes at once, none saying anything.
    let idle: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(&serve.listen).expect("connect"))
        .collect();
    let mut waiting = TcpStream::connect(&serve.listen).expect("connect");
    write!(waiting, "GET /healthz HTTP/1.1\r\n\r\n").expect("ask");
    waiting
        .set_read_timeout(Some(Duration::from_millis(500)))
        .expect("timeout");
    let mut first = [0u8; 1];
    // Not accepted while the idle ones hold every turn (they would be
    // closed after serve's 5 s read timeout; this looks well before).
    let early = waiting.read(&mut first);
    assert!(
        matches!(&early, Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)),
        "answered beyond the cap: {early:?}"
    );
    drop(idle);
    waiting
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut answer = String::new();
    waiting.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
}

#[test]
fn a_faq_dir_that_faq_check_refuses_stops_serve_with_the_same_problems() {
    let dir = tempfile::tempdir().expect("dir");
    common::faq_with_problems(&dir.path().join("faq"));
    // Not UTF-8, it stopped every reader at itself: without it, they read on.
    std::fs::remove_file(dir.path().join("faq/en/aa-latin1.md")).expect("remove");
    let problems = common::problems_checked(&dir.path().join("faq").to_string_lossy());
    let err = refusal(
        dir.path(),
        &format!(
            "db = \"helpdesk.db\"\nfaq_dir = \"faq\"\n[http]\nlisten = \"127.0.0.1:{}\"\n",
            free_port()
        ),
    );
    let mut lines = err.lines();
    let lead = lines.next().unwrap_or_default();
    assert!(lead.contains("helpdesk.toml:2:"), "{err}");
    assert_eq!(lines.collect::<Vec<_>>(), problems, "{err}");
}
