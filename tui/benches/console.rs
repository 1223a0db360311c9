//! How fast the console is where a moderator feels it: the first frame, and
//! key to redraw while scrolling the biggest list (a group's members).
//!
//! `HELPDESK_BENCH_DB=/tmp/big.db cargo bench -p tui --bench console` on a
//! database from `helpdesk demo --members 1000000`; without it, a
//! 20,000-member demo is made in a temporary directory.

use desk::Store;
use desk::demo::{self, DemoOptions};
use knowledge::corpus::Corpus;
use locales::{Lang, Localizer};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tui::app::{App, Msg};
use tui::screens::groups::GroupsScreen;
use tui::worker::Worker;

fn percentiles(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1;
        times[i].as_secs_f64() * 1000.0
    };
    (at(0.5), at(0.99), at(1.0))
}

fn groups(app: &App) -> &GroupsScreen {
    app.screen::<GroupsScreen>().expect("groups screen")
}

/// The console as Anna (the demo's moderator) sees it, every screen loaded.
fn console(db: &Path) -> (App, Worker) {
    let store = Store::open(db).expect("store");
    let me = store
        .member_by_email("anna.berg@example.org")
        .expect("db")
        .expect("the demo's moderator");
    let l = Arc::new(Localizer::embedded().expect("locales"));
    let mut worker = Worker::new(
        store,
        Corpus::embedded().expect("corpus"),
        Arc::clone(&l),
        None,
    )
    .expect("worker");
    let mut app = App::new(l, Lang::En, true, Some(me), worker.knowledge());
    app.update(Msg::Resize(120, 40));
    let jobs = app.start();
    app.settle(&mut worker, jobs);
    (app, worker)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let _dir;
    let db = match std::env::var_os("HELPDESK_BENCH_DB") {
        Some(path) => PathBuf::from(path),
        None => {
            let dir = tempfile::tempdir().expect("dir");
            let path = dir.path().join("bench.db");
            let mut store = Store::open(&path).expect("store");
            let l = Localizer::embedded().expect("locales");
            let options = DemoOptions {
                members: 20_000,
                ..DemoOptions::default()
            };
            demo::seed(&mut store, &l, &options, &mut |_| {}).expect("demo");
            _dir = dir;
            path
        }
    };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");

    // First frame: open the database, build the FAQ, load the moderator's
    // screens and draw. (The real console draws before its worker answers;
    // this measures the slower, complete first frame.)
    let mut firsts = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let (app, _worker) = console(&db);
        terminal
            .draw(|f| {
                tui::view::view(&app, f);
            })
            .expect("draw");
        firsts.push(t.elapsed());
    }
    let (p50, p99, _) = percentiles(firsts);
    println!("first frame (complete): p50 {p50:.1} ms, worst of 10 {p99:.1} ms");

    // Key to redraw: open the biggest of the moderator's groups and scroll.
    let members = Store::open(&db)
        .expect("store")
        .member_count()
        .expect("count");
    println!("database: {} ({members} members)", db.display());
    let (mut app, mut worker) = console(&db);
    let biggest = groups(&app)
        .groups
        .iter()
        .enumerate()
        .max_by_key(|(_, g)| g.members)
        .map(|(i, _)| i)
        .unwrap_or(0);
    if let Some(g) = app.screen_mut::<GroupsScreen>() {
        g.cursor.selected = biggest;
    }
    let jobs = app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    app.settle(&mut worker, jobs);
    let total = groups(&app)
        .open
        .as_ref()
        .map(|o| o.group.members)
        .unwrap_or(0);
    let mut keys = Vec::new();
    let mut pages = Vec::new();
    for i in 0..3000 {
        // Mostly single steps, with a page down every 50 keys.
        let code = if i % 50 == 49 {
            KeyCode::PageDown
        } else {
            KeyCode::Down
        };
        let t = Instant::now();
        let jobs = app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        let fetched = !jobs.is_empty();
        // The worker fetches pages off the UI thread; counted separately.
        let page = Instant::now();
        app.settle(&mut worker, jobs);
        if fetched {
            pages.push(page.elapsed());
        }
        terminal
            .draw(|f| {
                tui::view::view(&app, f);
            })
            .expect("draw");
        keys.push(
            t.elapsed()
                - if fetched {
                    page.elapsed()
                } else {
                    Duration::ZERO
                },
        );
    }
    let (p50, p99, max) = percentiles(keys);
    println!(
        "key to redraw, scrolling {total} members: p50 {p50:.3} ms, p99 {p99:.3} ms, max {max:.3} ms"
    );
    if !pages.is_empty() {
        let n = pages.len();
        let (p50, p99, _) = percentiles(pages);
        println!(
            "page of 200 members from SQLite (worker thread, {n} pages): p50 {p50:.2} ms, p99 {p99:.2} ms"
        );
    }

    search_as_you_type(&mut app, &mut worker);
}

/// Search as you type on the Bonus screen (`search_members`) and in the
/// composer's profile route (`Job::Invitees`): each key's search, from the
/// key to the answer applied, and how many searches a burst of keys costs
/// once the worker's queue coalesces them.
fn search_as_you_type(app: &mut App, worker: &mut Worker) {
    let words = [
        "müller", "MÜLLER", "muller", "anna", "schmidt", "berg", "thomas", "weber",
    ];
    let key = |c: char| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let backspace = || Msg::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('7'),
        KeyModifiers::NONE,
    )));
    // `/` puts the keyboard into the search box; without it the letters
    // would be commands and nothing would be searched.
    app.update(key('/'));
    assert!(
        app.typing(),
        "the Bonus screen's search box has the keyboard"
    );
    let mut searched = 0;
    let mut times = Vec::new();
    for _ in 0..5 {
        for word in words {
            for c in word.chars() {
                let t = Instant::now();
                let jobs = app.update(key(c));
                if jobs.iter().any(|j| matches!(j, tui::Job::FindMembers(_))) {
                    searched += 1;
                }
                app.settle(worker, jobs);
                times.push(t.elapsed());
            }
            for _ in word.chars() {
                let jobs = app.update(backspace());
                app.settle(worker, jobs);
            }
        }
    }
    let n = times.len();
    assert_eq!(searched, n, "every key searched");
    let (p50, p99, max) = percentiles(times);
    println!(
        "member search as you type (Bonus, {n} keys): p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms"
    );

    // The composer, profile route: anyone in the network.
    let me = app.ctx.me.as_ref().map(|m| m.id).expect("moderator");
    let mut times = Vec::new();
    for _ in 0..5 {
        for word in words {
            let mut query = String::new();
            for c in word.chars() {
                query.push(c);
                let t = Instant::now();
                let done = worker.perform(tui::Job::Invitees {
                    me,
                    route: desk::Route::Profile,
                    query: query.clone(),
                });
                app.update(Msg::Done(done));
                times.push(t.elapsed());
            }
        }
    }
    let n = times.len();
    let (p50, p99, max) = percentiles(times);
    println!(
        "invitee search as you type (profile route, {n} keys): p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms"
    );

    // A burst: six keys typed while the worker was busy become one search.
    let mut queue: VecDeque<tui::Job> = "müller"
        .char_indices()
        .map(|(i, c)| tui::Job::FindMembers("müller"[..i + c.len_utf8()].to_string()))
        .collect();
    let typed = queue.len();
    tui::worker::coalesce(&mut queue);
    println!(
        "a burst of {typed} keys reaches SQLite as {} search(es)",
        queue.len()
    );
}
