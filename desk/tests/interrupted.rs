//! `kill -9` at random points during an import, a demo seed and a batch of
//! invitations: the database is always as it was before or as it is after,
//! `PRAGMA integrity_check` is ok, and nothing is half-written.
//!
//! The writers are this test binary run again as child processes (the same
//! library calls `helpdesk import`, `helpdesk demo` and an import of history
//! make), killed with SIGKILL by the parent.

use desk::invitations::policy::InvitePolicy;
use desk::store::community::{NewGroup, NewMember};
use desk::{Draft, GroupKind, Role, Route, Store, demo};
use locales::{Lang, Localizer};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Set in a child: which writer to be, and on which database.
const CHILD_JOB: &str = "HELPDESK_TEST_INTERRUPTED_JOB";
const CHILD_DB: &str = "HELPDESK_TEST_INTERRUPTED_DB";

/// Kills per writer; 17 + 17 + 16 = 50 in all.
const KILLS: [(Job, usize); 3] = [(Job::Import, 17), (Job::Demo, 17), (Job::Batch, 16)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    Import,
    Demo,
    Batch,
}

impl Job {
    fn name(self) -> &'static str {
        match self {
            Job::Import => "import",
            Job::Demo => "demo",
            Job::Batch => "batch",
        }
    }
}

/// How many people the batch invites, and the import brings: enough for
/// the work to take a while, few enough for the test to take seconds.
const PEOPLE: usize = 300;

/// An import file of `PEOPLE` members, two groups, memberships and contacts.
fn import_text() -> String {
    let mut text = String::from(
        "[[groups]]\nname = \"Berlin Networking\"\nkind = \"regional\"\n\n\
         [[groups]]\nname = \"Logistik\"\nkind = \"industry\"\n\n",
    );
    for i in 0..PEOPLE {
        text.push_str(&format!(
            "[[members]]\nemail = \"m{i}@example.org\"\nname = \"Member {i}\"\nlang = \"{}\"\n\n",
            if i % 2 == 0 { "de" } else { "en" }
        ));
    }
    for i in 0..PEOPLE {
        let group = if i % 3 == 0 {
            "Logistik"
        } else {
            "Berlin Networking"
        };
        text.push_str(&format!(
            "[[memberships]]\ngroup = \"{group}\"\nemail = \"m{i}@example.org\"\nrole = \"member\"\n\n\
             [[contacts]]\na = \"m{i}@example.org\"\nb = \"m{}@example.org\"\n\n",
            (i + 1) % PEOPLE
        ));
    }
    text
}

/// The database a writer starts from: empty for import and demo; for the
/// batch, an inviter in a group and the people to invite.
fn before(job: Job, path: &Path) {
    let mut store = Store::open(path).expect("open");
    if job == Job::Batch {
        let anna = store
            .upsert_member(&NewMember::new("anna@example.org", "Anna", Lang::De))
            .expect("anna");
        let group = store
            .upsert_group(&NewGroup {
                name: "Berlin Networking".into(),
                description: String::new(),
                kind: GroupKind::Regional,
            })
            .expect("group");
        store.set_role(group, anna, Role::Moderator).expect("role");
        for i in 0..PEOPLE {
            store
                .upsert_member(&NewMember::new(
                    &format!("p{i}@example.org"),
                    &format!("P {i}"),
                    Lang::En,
                ))
                .expect("person");
        }
    }
}

/// In a child: do the job, saying when the work starts and when it is done.
#[test]
fn child_writes() {
    let (Ok(job), Some(db)) = (std::env::var(CHILD_JOB), std::env::var_os(CHILD_DB)) else {
        return;
    };
    let db = PathBuf::from(db);
    let l = Localizer::embedded().expect("locales");
    let mut store = Store::open(&db).expect("open");
    let import_file = db.with_extension("toml");
    if job == "import" {
        std::fs::write(&import_file, import_text()).expect("import file");
    }
    println!("started");
    match job.as_str() {
        "import" => {
            desk::import::import_file(&mut store, &import_file).expect("import");
        }
        "demo" => {
            let options = demo::DemoOptions {
                members: 300,
                ..Default::default()
            };
            demo::seed(&mut store, &l, &options, &mut |_| {}).expect("demo");
        }
        "batch" => {
            let anna = store
                .member_by_email("anna@example.org")
                .expect("read")
                .expect("anna");
            let group = store
                .group_by_name("Berlin Networking")
                .expect("read")
                .expect("group");
            let drafts: Vec<Draft> = (0..PEOPLE)
                .map(|i| {
                    let invitee = store
                        .member_by_email(&format!("p{i}@example.org"))
                        .expect("read")
                        .expect("person");
                    Draft {
                        inviter: anna.id,
                        invitee: invitee.id,
                        group: group.id,
                        route: Route::Profile,
                        subject: String::new(),
                        text: format!("Hello P {i}, number {} would enjoy our meet-ups.", i * 31),
                        at: desk::clock::now(),
                    }
                })
                .collect();
            store
                .send_invitations(&InvitePolicy::default(), &l, &drafts, desk::clock::now())
                .expect("batch");
        }
        other => panic!("unknown job {other}"),
    }
    println!("done");
}

/// What the database holds: row counts of every table a writer touches,
/// after `PRAGMA integrity_check` said ok.
fn state(path: &Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(path).expect("open after the kill");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity check");
    assert_eq!(check, "ok", "{}", path.display());
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .expect("tables")
        .query_map([], |row| row.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("tables");
    tables
        .into_iter()
        .map(|table| {
            let count = conn
                .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |row| {
                    row.get(0)
                })
                .expect("count");
            (table, count)
        })
        .collect()
}

fn spawn(job: Job, db: &Path) -> std::process::Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "child_writes", "--nocapture", "--test-threads=1"])
        .env(CHILD_JOB, job.name())
        .env(CHILD_DB, db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start a writer")
}

/// Waits for the child's "started" line and returns the reader for the rest.
fn started(child: &mut std::process::Child) -> BufReader<std::process::ChildStdout> {
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    let mut seen = String::new();
    while !line.contains("started") {
        line.clear();
        let read = out.read_line(&mut line).expect("read the child");
        seen.push_str(&line);
        assert!(read > 0, "the writer ended before it started: {seen}");
    }
    out
}

/// SplitMix64: reproducible random kill points.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }
}

#[test]
fn killed_writers_leave_the_database_before_or_after() {
    let dir = tempfile::tempdir().expect("dir");
    let mut dice = Dice(0x5EED_0014);
    for (job, kills) in KILLS {
        let base = dir.path().join(format!("{}-before.db", job.name()));
        before(job, &base);
        let before_state = state(&base);
        // One run to the end gives the state after and how long the work takes.
        let finished = dir.path().join(format!("{}-after.db", job.name()));
        std::fs::copy(&base, &finished).expect("copy");
        let mut child = spawn(job, &finished);
        let mut out = started(&mut child);
        let clock = Instant::now();
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut out, &mut rest).expect("read");
        let work = clock.elapsed();
        assert!(
            child.wait().expect("wait").success(),
            "{job:?} ran to the end"
        );
        assert!(rest.contains("done"), "{job:?}: {rest}");
        let after_state = state(&finished);
        assert_ne!(before_state, after_state, "{job:?} changed nothing");

        let (mut saw_before, mut saw_after) = (0, 0);
        for kill in 0..kills {
            let db = dir.path().join(format!("{}-{kill}.db", job.name()));
            std::fs::copy(&base, &db).expect("copy");
            let mut child = spawn(job, &db);
            let _out = started(&mut child);
            // Anywhere in the work, and now and then just after it.
            let micros = dice.below(work.as_micros() as u64 * 11 / 10);
            std::thread::sleep(Duration::from_micros(micros));
            // SIGKILL: no destructor, no rollback, no checkpoint runs.
            let _ = child.kill();
            let _ = child.wait();
            let now = state(&db);
            if now == before_state {
                saw_before += 1;
            } else if now == after_state {
                saw_after += 1;
            } else {
                panic!(
                    "{job:?} killed after {micros} µs left a half state:\n{now:?}\nbefore: {before_state:?}\nafter: {after_state:?}"
                );
            }
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
            }
        }
        eprintln!(
            "{job:?}: work {work:?}; {kills} kills left {saw_before} before, {saw_after} after"
        );
        assert!(saw_before > 0, "{job:?}: no kill landed inside the work");
    }
}
