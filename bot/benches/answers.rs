//! How fast the bot answers: the engine alone, then the real serenity client
//! under load through the fake Discord on loopback.
//!
//! `cargo bench -p bot --bench answers`. Knobs: `HELPDESK_BENCH_ANSWERS`
//! (engine questions, default 5,000), `HELPDESK_BENCH_MESSAGES` (gateway
//! messages, default 3,000) and `HELPDESK_BENCH_RATE` (messages per second
//! offered, default 600).

#[path = "../tests/support/mod.rs"]
mod support;

mod load;

use bot::discord::{self, BotOptions, Shards, Token};
use bot::{ChannelKind, Engine, EngineConfig, Incoming};
use desk::Store;
use knowledge::corpus::Corpus;
use load::{QUESTIONS, knob};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use support::fake_discord::{BOT_ID, Behaviour, FakeDiscord, Session, message, user};

fn engine(dir: &tempfile::TempDir) -> Engine {
    Engine::new(
        Corpus::embedded().expect("corpus"),
        Store::open(&dir.path().join("bench.db")).expect("store"),
        EngineConfig::default(),
    )
    .expect("engine")
}

/// p50 and p99 of a set of durations, in milliseconds.
fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1;
        times[i].as_secs_f64() * 1000.0
    };
    (at(0.50), at(0.99))
}

fn engine_alone(count: usize) {
    let dir = tempfile::tempdir().expect("dir");
    let engine = engine(&dir);
    let mut times = Vec::with_capacity(count);
    let started = Instant::now();
    for i in 0..count {
        // A new user every time, so the rate limit never answers for the engine.
        let incoming = Incoming {
            user: format!("user-{i}"),
            text: QUESTIONS[i % QUESTIONS.len()].to_string(),
            locale: None,
            channel: ChannelKind::Mention,
            from_bot: false,
            attachments: Vec::new(),
        };
        let t = Instant::now();
        let reply = engine.handle(&incoming).expect("answers");
        times.push(t.elapsed());
        assert!(reply.is_some());
    }
    let total = started.elapsed().as_secs_f64();
    let (p50, p99) = percentiles(times);
    println!(
        "engine: {count} answers in {total:.2} s = {:.0} answers/s; p50 {p50:.3} ms, p99 {p99:.3} ms",
        count as f64 / total
    );
}

async fn through_the_gateway(count: usize, rate: usize) {
    let dir = tempfile::tempdir().expect("dir");
    let mut fake = FakeDiscord::start(Behaviour::default()).await;
    let mut options = BotOptions::new(Token::new("bench-token").expect("token"));
    options.api_base = Some(fake.api_base.clone());
    options.shards = Shards::One;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(discord::run(engine(&dir), options, async move {
        let _ = stopped.await;
    }));
    assert_eq!(
        fake.session(Duration::from_secs(20)).await,
        Some(Session::Identified)
    );
    let gap = Duration::from_secs_f64(1.0 / rate as f64);
    let mut sent: HashMap<String, Instant> = HashMap::with_capacity(count);
    let started = Instant::now();
    for i in 0..count {
        // Paced: message i goes out at i * gap, so the rate is what is offered.
        let due = started + gap * i as u32;
        tokio::time::sleep_until(due.into()).await;
        let id = fake.next_id();
        let text = format!("<@{BOT_ID}> {}", QUESTIONS[i % QUESTIONS.len()]);
        sent.insert(id.to_string(), Instant::now());
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
    let mut times = Vec::with_capacity(count);
    let mut last = started;
    while times.len() < count {
        let Some(call) = fake.call_to("/messages", Duration::from_secs(30)).await else {
            break;
        };
        let asked = call.body["message_reference"]["message_id"]
            .as_str()
            .and_then(|id| sent.get(id));
        if let Some(asked) = asked {
            times.push(call.at.duration_since(*asked));
            last = call.at;
        }
    }
    let _ = stop.send(());
    let _ = bot.await;
    let answered = times.len();
    let total = last.duration_since(started).as_secs_f64();
    let (p50, p99) = percentiles(times);
    println!(
        "gateway: {answered}/{count} answered, offered {rate}/s, sustained {:.0} messages/s; reply p50 {p50:.2} ms, p99 {p99:.2} ms",
        answered as f64 / total
    );
}

fn main() {
    // `cargo test --benches` runs this with `--test`-like flags; a real run has `--bench`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    engine_alone(knob("HELPDESK_BENCH_ANSWERS", 5000));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(through_the_gateway(
        knob("HELPDESK_BENCH_MESSAGES", 3000),
        knob("HELPDESK_BENCH_RATE", 600),
    ));
}
