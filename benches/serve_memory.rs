//! The memory of `helpdesk serve` (the real binary, resident set size from
//! /proc): idle on the fake Discord, then under the bot benchmark's load of
//! mentions (bot/benches/answers.rs: 3,000 offered at 600/s).
//!
//! `cargo bench --bench serve_memory` (Linux); `HELPDESK_BENCH_MESSAGES` and
//! `HELPDESK_BENCH_RATE` change the load.

#[path = "../bot/tests/support/fake_discord.rs"]
mod fake_discord;
#[path = "../bot/benches/load/mod.rs"]
mod load;

use fake_discord::{BOT_ID, Behaviour, FakeDiscord, Session, message, user};
use load::{QUESTIONS, knob};
use std::time::{Duration, Instant};

/// (current, peak) resident set size in MiB.
fn rss(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn main() {
    let count = knob("HELPDESK_BENCH_MESSAGES", 3000);
    let rate = knob("HELPDESK_BENCH_RATE", 600);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let mut fake = runtime.block_on(FakeDiscord::start(Behaviour::default()));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let config = dir.path().join("helpdesk.toml");
    std::fs::write(
        &config,
        format!(
            "db = \"helpdesk.db\"\n[discord]\napi_base = \"{}\"\n[http]\nlisten = \"127.0.0.1:{port}\"\n",
            fake.api_base
        ),
    )
    .expect("config");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["serve", "--config"])
        .arg(&config)
        .env("DISCORD_TOKEN", "MTAwMA.fake-token.for-benches")
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("serve");
    let pid = child.id();
    assert_eq!(
        runtime.block_on(fake.session(Duration::from_secs(30))),
        Some(Session::Identified)
    );
    std::thread::sleep(Duration::from_secs(3));
    let (idle, _) = rss(pid);

    let answered = runtime.block_on(async {
        let gap = Duration::from_secs_f64(1.0 / rate as f64);
        let started = Instant::now();
        for i in 0..count {
            tokio::time::sleep_until((started + gap * i as u32).into()).await;
            let id = fake.next_id();
            let text = format!("<@{BOT_ID}> {}", QUESTIONS[i % QUESTIONS.len()]);
            fake.dispatch(
                "MESSAGE_CREATE",
                message(
                    id,
                    user(10_000 + i as u64, "m", false),
                    &text,
                    &[BOT_ID],
                    true,
                ),
            );
        }
        let mut answered = 0;
        while answered < count {
            if fake
                .call_to("/messages", Duration::from_secs(30))
                .await
                .is_none()
            {
                break;
            }
            answered += 1;
        }
        answered
    });
    let (after, peak) = rss(pid);
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let _ = child.wait();
    println!(
        "serve: idle {idle:.1} MiB; {answered}/{count} mentions at {rate}/s answered, peak {peak:.1} MiB, after {after:.1} MiB"
    );
}
