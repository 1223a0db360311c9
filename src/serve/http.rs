//! `/healthz` and `/metrics`: a small HTTP/1.1 responder on tokio.
//!
//! Two read-only GET routes do not need a web framework: each connection
//! gets one answer and is closed.

use bot::discord::GatewayStatus;
use desk::Store;
use metrics_exporter_prometheus::PrometheusHandle;
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// The longest request head we read.
const MAX_HEAD: usize = 8 * 1024;
/// How long a client may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the rest of a request is read and dropped after the answer.
const LINGER: Duration = Duration::from_secs(1);
/// Database reads for answers at once. Each is a thread of tokio's blocking
/// pool (up to 512, shared with the mail courier) and an SQLite connection,
/// so a burst of scrapes would otherwise take hundreds of threads and
/// starve the courier; the others wait their turn.
const DATABASE_READS: usize = 2;
/// Connections served at once. Each holds a file descriptor for up to
/// [`READ_TIMEOUT`]; beyond this many, new ones wait in the kernel's backlog
/// instead of taking the descriptors that the database and the mail need.
pub const MAX_CONNECTIONS: usize = 100;

/// Failed tries in a row (for a reason that may pass) after which mail
/// counts as not well: one or two are a greylisting relay's everyday 451.
pub const FAILING_TRIES: u32 = 3;

/// What the health report and the metrics look at.
#[derive(Clone)]
pub struct Watched {
    /// The community database.
    pub db: PathBuf,
    /// The Discord gateway, when the Discord part runs.
    pub gateway: Option<Arc<GatewayStatus>>,
    /// How mail goes out, for the report (no secrets).
    pub transport: String,
    /// How the courier's latest hand-overs went.
    pub handovers: Arc<mail::Handovers>,
    /// The Prometheus recorder.
    pub metrics: PrometheusHandle,
    /// Turns at the database, [`DATABASE_READS`] at once.
    pub reads: Arc<tokio::sync::Semaphore>,
}

impl Watched {
    /// What to watch; the database is read by at most a few answers at once.
    pub fn new(
        db: PathBuf,
        gateway: Option<Arc<GatewayStatus>>,
        transport: String,
        handovers: Arc<mail::Handovers>,
        metrics: PrometheusHandle,
    ) -> Watched {
        Watched {
            db,
            gateway,
            transport,
            handovers,
            metrics,
            reads: Arc::new(tokio::sync::Semaphore::new(DATABASE_READS)),
        }
    }

    /// Runs `read` on the database off the async threads, when it is our turn.
    async fn read_database<T: Send + 'static>(
        &self,
        read: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, String> {
        // The semaphore is never closed, so acquiring fails only in theory.
        let _turn = self.reads.acquire().await.map_err(|e| e.to_string())?;
        tokio::task::spawn_blocking(read)
            .await
            .map_err(|e| e.to_string())
    }
}

/// Connections the kernel holds for us while every turn is taken; the
/// default of 128 would reset a burst of scrapes beyond it.
const BACKLOG: u32 = 1024;

/// Listens on `address` with room for [`BACKLOG`] waiting connections.
pub fn listen(address: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if address.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    // As tokio's own bind: a restarted serve may take its port at once.
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(BACKLOG)
}

/// Answers on `listener` until `stop` turns true, [`MAX_CONNECTIONS`] at once.
pub async fn serve(listener: TcpListener, watched: Watched, mut stop: watch::Receiver<bool>) {
    let connections = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        // A turn first, then a connection: while all turns are taken, the
        // next connection is not accepted at all.
        let turn = tokio::select! {
            turn = Arc::clone(&connections).acquire_owned() => match turn {
                Ok(turn) => turn,
                // Never closed; should it be, no answer could be given.
                Err(_) => return,
            },
            _ = stop.changed() => {
                if *stop.borrow() {
                    return;
                }
                continue;
            }
        };
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let watched = watched.clone();
                    tokio::spawn(async move {
                        if let Err(e) = answer(stream, &watched).await {
                            tracing::debug!(error = %e, "http: connection ended");
                        }
                        drop(turn);
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "http: accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            _ = stop.changed() => {
                if *stop.borrow() {
                    return;
                }
            }
        }
    }
}

async fn answer(mut stream: TcpStream, watched: &Watched) -> std::io::Result<()> {
    let head = match tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await {
        Ok(head) => head?,
        Err(_) => return Ok(()),
    };
    // A head that did not end within MAX_HEAD is not a request we read to
    // its end; answering it as if it were would act on a guess.
    let complete = head.contains("\r\n\r\n") || head.contains("\n\n");
    let request_line = head.lines().next().unwrap_or_default();
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = target.split('?').next().unwrap_or("");
    let (status, content_type, body) = match (method, path) {
        _ if !complete && head.len() >= MAX_HEAD => (
            431,
            "text/plain; charset=utf-8",
            "request header fields too large\n".into(),
        ),
        ("GET" | "HEAD", "/healthz") => {
            let (healthy, report) = health(watched).await;
            let status = if healthy { 200 } else { 503 };
            (status, "application/json", report.to_string() + "\n")
        }
        ("GET" | "HEAD", "/metrics") => (
            200,
            "text/plain; version=0.0.4; charset=utf-8",
            metrics(watched).await,
        ),
        ("GET" | "HEAD", _) => (404, "text/plain; charset=utf-8", "not found\n".into()),
        _ => (
            405,
            "text/plain; charset=utf-8",
            "only GET and HEAD\n".into(),
        ),
    };
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    if method != "HEAD" {
        response.extend_from_slice(body.as_bytes());
    }
    stream.write_all(&response).await?;
    stream.shutdown().await?;
    // What the client sent beyond the head (a body, the rest of a head too
    // large) is read and dropped, boundedly: closing with unread input
    // makes the kernel reset the connection, and the client may lose the
    // answer it has not read yet.
    let _ = tokio::time::timeout(LINGER, async {
        let mut left = MAX_HEAD * 8;
        let mut buf = [0u8; 1024];
        while left > 0 {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => left = left.saturating_sub(n),
            }
        }
    })
    .await;
    Ok(())
}

async fn read_head(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut head = Vec::with_capacity(512);
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_HEAD {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

/// Whether every running part is well, and a report naming each.
pub async fn health(watched: &Watched) -> (bool, serde_json::Value) {
    let db = watched.db.clone();
    let database = watched
        .read_database(move || {
            let read = || {
                let store = Store::open_read_only(&db)?;
                store.schema_version()?;
                store.figures()
            };
            read().map_err(|e: desk::DeskError| e.in_file(&db))
        })
        .await;
    let (db_ok, db_report, figures) = match database {
        Ok(Ok(figures)) => (true, json!({ "ok": true }), Some(figures)),
        Ok(Err(e)) => (false, json!({ "ok": false, "error": e.to_string() }), None),
        Err(e) => (false, json!({ "ok": false, "error": e.to_string() }), None),
    };
    let (discord_ok, discord_report) = match &watched.gateway {
        None => (true, json!({ "ok": true, "configured": false })),
        Some(gateway) => {
            let connected = gateway.connected();
            (
                connected,
                json!({
                    "ok": connected,
                    "configured": true,
                    "connected": connected,
                    "reconnects": gateway.reconnects(),
                }),
            )
        }
    };
    let count = |state: &str| {
        figures.as_ref().map_or(0, |f| {
            f.mails
                .iter()
                .find(|(s, _)| s == state)
                .map_or(0, |(_, n)| *n)
        })
    };
    let failing = watched.handovers.failing_in_a_row();
    let mail_ok = failing < FAILING_TRIES;
    let mut mail_report = json!({
        "ok": mail_ok,
        "transport": watched.transport,
        "queued": count("queued") + count("sending"),
        "failed": count("failed"),
    });
    if !mail_ok {
        mail_report["failing_tries"] = json!(failing);
        mail_report["error"] = json!(watched.handovers.last_problem());
    }
    let healthy = db_ok && discord_ok && mail_ok;
    (
        healthy,
        json!({
            "status": if healthy { "ok" } else { "failing" },
            "database": db_report,
            "discord": discord_report,
            "mail": mail_report,
        }),
    )
}

/// The Prometheus text: the counters of this process, plus the database's
/// figures read now.
pub async fn metrics(watched: &Watched) -> String {
    let db = watched.db.clone();
    let figures = watched
        .read_database(move || {
            Store::open_read_only(&db)
                .and_then(|store| store.figures())
                .map_err(|e| e.in_file(&db))
        })
        .await;
    match figures {
        Ok(Ok(figures)) => {
            // States with no rows are not in the counts; they are 0, not absent.
            for state in ["queued", "sending", "sent", "failed", "opted-out"] {
                let n = figures
                    .mails
                    .iter()
                    .find(|(s, _)| s == state)
                    .map_or(0, |(_, n)| *n);
                metrics::gauge!("helpdesk_deliveries", "channel" => "email", "state" => state)
                    .set(n as f64);
            }
            for status in ["open", "waiting", "closed"] {
                if !figures.tickets.iter().any(|(s, _)| s == status) {
                    metrics::gauge!("helpdesk_tickets", "status" => status).set(0.0);
                }
            }
            for (status, n) in figures.tickets {
                metrics::gauge!("helpdesk_tickets", "status" => status).set(n as f64);
            }
        }
        Ok(Err(e)) => tracing::warn!(error = %e, "metrics: cannot read the database"),
        Err(e) => tracing::warn!(error = %e, "metrics: the database task failed"),
    }
    metrics::counter!("helpdesk_sqlite_busy_retries_total").absolute(desk::store::busy_retries());
    if let Some(gateway) = &watched.gateway {
        metrics::gauge!("helpdesk_gateway_connected").set(if gateway.connected() {
            1.0
        } else {
            0.0
        });
    }
    watched.metrics.run_upkeep();
    watched.metrics.render()
}
