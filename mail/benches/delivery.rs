//! Mails per second: the courier sending queued invitations to an SMTP server
//! on 127.0.0.1 (the tests' server) and into a Maildir.
//!
//! `cargo bench -p mail --bench delivery`; `HELPDESK_BENCH_MAILS` sets how many
//! (default 2,000).

#[path = "../tests/support/queue.rs"]
mod queue;
#[path = "../tests/support/smtp_server.rs"]
mod smtp_server;

use desk::Store;
use mail::{Courier, CourierOptions, Sender, Smtp, Transport};
use queue::queue_invitations;
use std::time::{Duration, Instant};

async fn drain(courier: &Courier, count: usize) -> f64 {
    let started = Instant::now();
    let mut sent = 0;
    while sent < count {
        sent += courier.round(None).await.expect("round").sent;
    }
    count as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let count = std::env::var("HELPDESK_BENCH_MAILS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let sender = Sender::new("Helpdesk <helpdesk@example.org>", None).expect("sender");

    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("bench.db");
    queue_invitations(&db, count);
    let server = smtp_server::SmtpServer::start();
    let rate = runtime.block_on(async {
        let smtp = Smtp::from_url(&server.url(), None).expect("smtp");
        let courier = Courier::new(
            Store::open(&db).expect("store"),
            Transport::Smtp(smtp),
            sender.clone(),
            CourierOptions::default(),
        );
        drain(&courier, count).await
    });
    assert_eq!(server.wait_for(count, Duration::from_secs(10)), count);
    println!("smtp: {count} mails to 127.0.0.1, {rate:.0} mails/s");

    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("bench.db");
    queue_invitations(&db, count);
    let rate = runtime.block_on(async {
        let transport = Transport::maildir(&dir.path().join("Maildir")).expect("maildir");
        let courier = Courier::new(
            Store::open(&db).expect("store"),
            transport,
            sender,
            CourierOptions::default(),
        );
        drain(&courier, count).await
    });
    println!("maildir: {count} mails, {rate:.0} mails/s (each file synced to disk)");
}
