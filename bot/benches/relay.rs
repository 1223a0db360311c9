//! How fast the team's replies reach members: the relay with the real
//! serenity client against the fake Discord on loopback.
//!
//! `cargo bench -p bot --bench relay`. Knobs: `HELPDESK_BENCH_REPLIES`
//! (single replies timed one by one, default 200) and `HELPDESK_BENCH_QUEUED`
//! (replies queued while the bot is down, default 1,000).
//!
//! Latency runs from the reply's commit in SQLite (what the console does) to
//! the fake Discord receiving the DM's POST; it includes the relay's poll
//! interval, reading the queue, the HTTP round trip and nothing else.

#[path = "../tests/support/mod.rs"]
mod support;

use bot::discord::{self, BotOptions, Shards, Token};
use bot::{Engine, EngineConfig};
use desk::store::{NewTicket, TicketAuthor};
use desk::{MemberId, Store, TicketId, clock};
use knowledge::corpus::Corpus;
use locales::Lang;
use std::path::Path;
use std::time::{Duration, Instant};
use support::fake_discord::{Behaviour, FakeDiscord, Session};

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
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

/// A moderator and `count` tickets from Discord users 1.., in both languages.
fn tickets(db: &Path, count: usize) -> (MemberId, Vec<TicketId>) {
    let mut store = Store::open(db).expect("store");
    let moderator = support::moderator::mia_moderates_support(&mut store);
    let tickets = (0..count)
        .map(|i| {
            store
                .open_ticket(
                    &NewTicket {
                        from_bot: true,
                        member: None,
                        requester: format!("discord:{}", 1 + i),
                        lang: if i % 2 == 0 { Lang::En } else { Lang::De },
                        subject: "Question".into(),
                        conversation: vec![(TicketAuthor::Member, "Help?".into())],
                    },
                    clock::now(),
                )
                .expect("ticket")
        })
        .collect();
    (moderator, tickets)
}

fn start(
    db: &Path,
    fake: &FakeDiscord,
) -> (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), discord::DiscordError>>,
) {
    let engine = Engine::new(
        Corpus::embedded().expect("corpus"),
        Store::open(db).expect("store"),
        EngineConfig::default(),
    )
    .expect("engine");
    let mut options = BotOptions::new(Token::new("bench-token").expect("token"));
    options.api_base = Some(fake.api_base.clone());
    options.shards = Shards::One;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(discord::run(engine, options, async move {
        let _ = stopped.await;
    }));
    (stop, bot)
}

async fn latency(count: usize) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("relay.db");
    let (moderator, tickets) = tickets(&db, count);
    let mut fake = FakeDiscord::start(Behaviour::default()).await;
    let (stop, bot) = start(&db, &fake);
    assert_eq!(
        fake.session(Duration::from_secs(20)).await,
        Some(Session::Identified)
    );
    let mut store = Store::open(&db).expect("store");
    let mut times = Vec::with_capacity(count);
    for (i, ticket) in tickets.iter().enumerate() {
        let channel = support::fake_discord::DM_CHANNEL_BASE + 1 + i as u64;
        let replied = Instant::now();
        store
            .reply_to_ticket(*ticket, moderator, "Here is what to do.", clock::now())
            .expect("reply");
        let call = fake
            .call_to(
                &format!("/channels/{channel}/messages"),
                Duration::from_secs(10),
            )
            .await
            .expect("the DM arrives");
        times.push(call.at.duration_since(replied));
    }
    let (p50, p99) = percentiles(times);
    println!("relay latency, {count} replies one at a time: p50 {p50:.1} ms, p99 {p99:.1} ms");
    let _ = stop.send(());
    let _ = bot.await;
}

async fn throughput(count: usize) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("relay.db");
    // 100 members with 10 replies each: in order per ticket, side by side across them.
    let (moderator, tickets) = tickets(&db, count.div_ceil(10));
    let mut store = Store::open(&db).expect("store");
    for i in 0..count {
        store
            .reply_to_ticket(
                tickets[i % tickets.len()],
                moderator,
                &format!("Reply {i}"),
                clock::now(),
            )
            .expect("reply");
    }
    let mut fake = FakeDiscord::start(Behaviour::default()).await;
    let started = Instant::now();
    let (stop, bot) = start(&db, &fake);
    assert_eq!(
        fake.session(Duration::from_secs(20)).await,
        Some(Session::Identified)
    );
    let mut delivered = 0;
    while delivered < count {
        if fake
            .call_to("/messages", Duration::from_secs(30))
            .await
            .is_none()
        {
            break;
        }
        delivered = fake.created().len();
    }
    // The last POST is in; wait until its row is marked sent too.
    for _ in 0..400 {
        if store.pending_deliveries().expect("pending") == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let took = started.elapsed();
    println!(
        "delivery throughput, {count} replies queued while the bot was down: {delivered} sent and recorded in {:.2} s ({:.0}/s, from the bot's start)",
        took.as_secs_f64(),
        delivered as f64 / took.as_secs_f64()
    );
    let _ = stop.send(());
    let _ = bot.await;
}

fn main() {
    // `cargo test --benches` runs benches once with `--bench` absent; keep that quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let replies = if quick {
        5
    } else {
        knob("HELPDESK_BENCH_REPLIES", 200)
    };
    let queued = if quick {
        20
    } else {
        knob("HELPDESK_BENCH_QUEUED", 1000)
    };
    runtime.block_on(latency(replies));
    runtime.block_on(throughput(queued));
}
