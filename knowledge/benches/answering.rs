//! How fast the knowledge base starts and answers.
//!
//! `cargo bench -p knowledge --bench answering` runs the criterion benches and
//! then prints p50/p99 per-question latencies for a mixed English/German batch,
//! on the shipped corpus and on a generated 100k-article corpus on disk.

use criterion::{Criterion, criterion_group};
use knowledge::corpus::{Article, Corpus};
use knowledge::{KnowledgeBase, Lang};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// A mixed batch, as the bot sees it: both languages, typos, off-topic.
const QUESTIONS: &[&str] = &[
    "How do I reset my password?",
    "Wie oft darf ich jemanden in eine Gruppe einladen?",
    "gmial contacts wont sync",
    "Gruppeneinladungen abschalten",
    "How many registrations until a free Premium month?",
    "Was ist ein Xpert-Botschafter?",
    "What's the weather like tomorrow?",
    "Passwort zuruecksetzen",
    "Can basic members send group invitations?",
    "Werden meine Adressbuchdaten gespeichert?",
];

fn bench_shipped(c: &mut Criterion) {
    let corpus = Corpus::embedded().expect("corpus");
    c.bench_function("index build, shipped corpus", |b| {
        b.iter(|| KnowledgeBase::from_corpus(black_box(&corpus)).expect("index"))
    });
    let kb = KnowledgeBase::from_corpus(&corpus).expect("index");
    c.bench_function("answer, shipped corpus, mixed batch of 10", |b| {
        b.iter(|| {
            for q in QUESTIONS {
                black_box(kb.answer(black_box(q), None).expect("answer"));
            }
        })
    });
}

criterion_group!(benches, bench_shipped);

/// Latency percentiles over `rounds` passes through the batch.
fn percentiles(kb: &KnowledgeBase, rounds: usize) -> (Duration, Duration, Duration) {
    let mut times = Vec::with_capacity(rounds * QUESTIONS.len());
    for _ in 0..rounds {
        for q in QUESTIONS {
            let start = Instant::now();
            black_box(kb.answer(q, None).expect("answer"));
            times.push(start.elapsed());
        }
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
    (at(0.5), at(0.99), at(1.0))
}

const WORDS_EN: &str = "account address book contact group invite member premium month bonus login password reset verification phone event ambassador moderator region industry news email settings profile link team support network sync import export file text subject rule spam";
const WORDS_DE: &str = "Konto Adresse Buch Kontakt Gruppe Einladung Mitglied Premium Monat Bonus Anmeldung Passwort Bestätigung Handy Veranstaltung Botschafter Moderator Region Branche Neuigkeit Einstellungen Profil Link Team Support Netzwerk Import Datei Text Betreff Regel Spam";

/// A deterministic article: words drawn from a pool, plus a unique token so the
/// vocabulary grows the way a real corpus does.
fn generated(n: usize) -> Corpus {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut articles = Vec::with_capacity(n);
    for i in 0..n {
        let lang = if i % 2 == 0 { Lang::En } else { Lang::De };
        let pool: Vec<&str> = if lang == Lang::En { WORDS_EN } else { WORDS_DE }
            .split_whitespace()
            .collect();
        let mut words = |count: usize| -> String {
            (0..count)
                .map(|_| pool[(next() % pool.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(" ")
        };
        articles.push(Article {
            id: format!("generated-{i}"),
            lang,
            title: format!("{} topic{i}", words(5)),
            linked: Vec::new(),
            questions: vec![words(6), words(6), words(6)],
            tags: vec!["login".into()],
            related: Vec::new(),
            body: format!("{} term{}", words(60), i % 5000),
            source: String::new(),
        });
    }
    Corpus {
        articles,
        ..Corpus::default()
    }
}

fn report_percentiles() {
    let corpus = Corpus::embedded().expect("corpus");
    let start = Instant::now();
    let kb = KnowledgeBase::from_corpus(&corpus).expect("index");
    let ready = start.elapsed();
    let (p50, p99, max) = percentiles(&kb, 500);
    println!(
        "shipped corpus ({} articles): ready in {ready:?}; per question p50 {p50:?}, p99 {p99:?}, max {max:?}",
        corpus.articles.len()
    );

    let n: usize = std::env::var("HELPDESK_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let big = generated(n);
    let start = Instant::now();
    drop(KnowledgeBase::build_in_dir(&big, dir.path()).expect("build"));
    let built = start.elapsed();
    let start = Instant::now();
    let kb = KnowledgeBase::open_dir(dir.path()).expect("open");
    let opened = start.elapsed();
    let (p50, p99, max) = percentiles(&kb, 200);
    println!(
        "generated corpus ({n} articles, on disk, mmap): built in {built:?}, opened in {opened:?}; per question p50 {p50:?}, p99 {p99:?}, max {max:?}"
    );
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    report_percentiles();
}
