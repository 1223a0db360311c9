//! How fast the desk checks and sends group invitations, reports bonus
//! progress and compares address books, on a demo community.
//!
//! `cargo bench -p desk --bench desk` seeds a 1,000,000-member demo (about a
//! minute) unless `HELPDESK_BENCH_DB` names an existing demo database to reuse
//! (it gains invitations; a missing one is seeded there and kept).
//! `HELPDESK_BENCH_MEMBERS` changes the size.

mod support;

use criterion::{Criterion, Throughput, criterion_group};
use desk::address_book::AddressBook;
use desk::demo;
use desk::invitations::policy::InvitePolicy;
use desk::{Draft, MemberId, Route, SendOutcome, Store, clock};
use locales::Localizer;
use std::hint::black_box;

/// Words for generated personal texts.
const VOCABULARY: &[&str] = &[
    "hello",
    "we",
    "met",
    "at",
    "the",
    "fair",
    "in",
    "Hamburg",
    "your",
    "talk",
    "on",
    "freight",
    "logistics",
    "fits",
    "our",
    "group",
    "founders",
    "meet",
    "monthly",
    "Berlin",
    "design",
    "coaching",
    "cloud",
    "data",
    "would",
    "love",
    "to",
    "see",
    "you",
    "there",
    "Gruppe",
    "Treffen",
    "Erfahrung",
    "passt",
    "gut",
    "zu",
    "uns",
    "Projekt",
    "Kunden",
    "Beratung",
    "mentoring",
    "product",
    "marketing",
    "finance",
    "health",
    "energy",
];

/// A small, fast generator for picking members.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn benches(c: &mut Criterion) {
    let (_guard, path) = support::bench_db();
    let mut store = Store::open(&path).expect("open");
    let l = Localizer::embedded().expect("locales");
    let policy = InvitePolicy::default();
    let members = store.member_count().expect("count");
    let anna = store
        .member_by_email(demo::DEMO_MODERATORS[0])
        .expect("read")
        .expect("anna");
    let berlin = store
        .group_by_name("Berlin Networking")
        .expect("read")
        .expect("group");
    // Inviters are members of the group, as in real life; invitees anyone.
    let inviters: Vec<MemberId> = store
        .group_members(berlin.id, 0, 20_000)
        .expect("members")
        .into_iter()
        .map(|m| m.member)
        .collect();
    // A new seed each run: with a fixed one a second run on the same database
    // would replay pairs already invited and measure refusals, not sends.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let mut dice = Dice(seed);
    // Personal texts differ from one another; a bench of one copied text
    // would measure the review queue instead.
    let mut draft = move || {
        let words: Vec<&str> = (0..18)
            .map(|_| VOCABULARY[dice.below(VOCABULARY.len() as u64) as usize])
            .collect();
        Draft {
            inviter: inviters[dice.below(inviters.len() as u64) as usize],
            invitee: MemberId(1 + dice.below(members) as i64),
            group: berlin.id,
            route: Route::Profile,
            subject: String::new(),
            text: words.join(" "),
            at: clock::now(),
        }
    };

    let mut group = c.benchmark_group("invitations");
    group.throughput(Throughput::Elements(1));
    group.bench_function(format!("check, {members} members"), |b| {
        b.iter_batched(
            &mut draft,
            |d| black_box(store.check_invitation(&policy, &d).expect("check")),
            criterion::BatchSize::SmallInput,
        )
    });
    let mut refused = std::collections::BTreeMap::<&'static str, u64>::new();
    group.bench_function(format!("check + send, {members} members"), |b| {
        b.iter_batched(
            &mut draft,
            |d| {
                let outcome = store.send_invitation(&policy, &l, &d, d.at).expect("send");
                if let SendOutcome::Refused(breaches) = &outcome {
                    for breach in breaches {
                        *refused.entry(breach.rule().id()).or_default() += 1;
                    }
                }
                black_box(outcome)
            },
            criterion::BatchSize::SmallInput,
        )
    });
    group.throughput(Throughput::Elements(100));
    group.bench_function(
        format!("check + send, batches of 100, {members} members"),
        |b| {
            b.iter_batched(
                || (0..100).map(|_| draft()).collect::<Vec<_>>(),
                |drafts| {
                    black_box(
                        store
                            .send_invitations(&policy, &l, &drafts, clock::now())
                            .expect("batch"),
                    )
                },
                criterion::BatchSize::SmallInput,
            )
        },
    );
    group.finish();
    eprintln!("refusals among the sends, by rule: {refused:?}");

    let now = clock::now();
    c.bench_function("bonus_progress", |b| {
        b.iter(|| {
            black_box(
                store
                    .bonus_progress(black_box(anna.id), now)
                    .expect("progress"),
            )
        })
    });

    // Half members, half strangers, as a real address book would be.
    let mut csv = String::from("Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value\n");
    let known: Vec<String> = store
        .search_members("a", 5_000)
        .expect("members")
        .into_iter()
        .map(|m| m.email)
        .collect();
    for i in 0..10_000 {
        match known.get(i / 2).filter(|_| i % 2 == 0) {
            Some(email) => csv.push_str(&format!("Known {i},,,,{email}\n")),
            None => csv.push_str(&format!("Stranger {i},,,,stranger{i}@elsewhere.example\n")),
        }
    }
    let mut group = c.benchmark_group("address book");
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("parse + compare 10k entries", |b| {
        b.iter(|| {
            let book = AddressBook::parse(black_box(csv.as_bytes())).expect("parse");
            black_box(store.compare_address_book(anna.id, &book).expect("compare"))
        })
    });
    group.finish();
}

criterion_group!(desk_benches, benches);

fn main() {
    desk_benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
