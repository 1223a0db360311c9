//! Member search as the console's search-as-you-type runs it: one query per
//! key, on the 1,000,000-member demo. Prints p50, p99 and the maximum.
//!
//! `HELPDESK_BENCH_DB=/tmp/big.db cargo bench -p desk --bench search`
//! (the database is seeded there first when missing; about a minute).
//! `HELPDESK_BENCH_ROUNDS` repeats the typing (default 20).

mod support;

use desk::{Store, demo};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// What moderators type, one key at a time: surnames with umlauts in any
/// case and spelling, first names, a second name part, an e-mail address.
const TYPED: &[&str] = &[
    "MÜLLER",
    "mueller",
    "Schröder",
    "krug",
    "käthe",
    "JÖRG",
    "anna berg",
    "hoffmann",
    "williams",
    "wood",
    "jonas.mueller.4",
    "zz-nobody",
];

fn percentiles(label: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    eprintln!(
        "{label}: {} queries, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3,
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that excludes us skips the run.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if args.iter().any(|f| !"search".contains(f.as_str())) {
        return;
    }
    let (_guard, path) = support::bench_db();
    let store = Store::open(&path).expect("open");
    let anna = store
        .member_by_email(demo::DEMO_MODERATORS[0])
        .expect("read")
        .expect("anna");
    let contacts = store.contacts_of(anna.id).expect("contacts").len();
    let rounds: usize = std::env::var("HELPDESK_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let members = store.member_count().expect("count");
    let (mut all, mut mine) = (Vec::new(), Vec::new());
    // The best time of each typed prefix over the rounds: what the query
    // itself costs, without the scheduler of a busy machine.
    let mut best = std::collections::BTreeMap::<String, Duration>::new();
    let mut found = 0;
    for _ in 0..rounds {
        for word in TYPED {
            let mut typed = String::new();
            for c in word.chars() {
                typed.push(c);
                let start = Instant::now();
                found += black_box(store.search_members(&typed, 50).expect("search")).len();
                let took = start.elapsed();
                all.push(took);
                let entry = best.entry(typed.clone()).or_insert(took);
                *entry = (*entry).min(took);
                let start = Instant::now();
                black_box(
                    store
                        .search_contacts(anna.id, &typed, 50)
                        .expect("contacts"),
                );
                mine.push(start.elapsed());
            }
        }
    }
    assert!(found > 0, "the demo has members to find");
    if let Some((typed, took)) = best.iter().max_by_key(|(_, took)| **took) {
        eprintln!(
            "slowest prefix, best of {rounds} rounds: \"{typed}\" {:.3} ms",
            took.as_secs_f64() * 1e3
        );
    }
    percentiles(&format!("search_members, {members} members, limit 50"), all);
    percentiles(
        &format!("search_contacts, a moderator with {contacts} contacts, limit 50"),
        mine,
    );
}
