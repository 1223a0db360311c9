//! Several processes opening one new database at the same instant all get a
//! migrated database: none of them runs a migration that another already ran.

use desk::Store;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Set in the child processes: the database to open and the file whose
/// appearance starts them all at once.
const CHILD_DB: &str = "HELPDESK_TEST_FIRST_OPEN_DB";
const CHILD_GO: &str = "HELPDESK_TEST_FIRST_OPEN_GO";

/// In a child: wait for the start signal, then open. In the parent's own run
/// (no variables set) it does nothing.
#[test]
fn child_opens_the_database() {
    let (Some(db), Some(go)) = (std::env::var_os(CHILD_DB), std::env::var_os(CHILD_GO)) else {
        return;
    };
    let go = PathBuf::from(go);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !go.exists() {
        assert!(Instant::now() < deadline, "the start signal never came");
        std::thread::yield_now();
    }
    let store = Store::open(&PathBuf::from(db)).expect("open the new database");
    assert_eq!(
        store.schema_version().expect("version"),
        desk::store::latest_version()
    );
}

#[test]
fn processes_opening_a_new_database_at_once_all_succeed() {
    let exe = std::env::current_exe().expect("test binary");
    for round in 0..3 {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("new.db");
        let go = dir.path().join("go");
        let children: Vec<_> = (0..6)
            .map(|_| {
                Command::new(&exe)
                    .args(["--exact", "child_opens_the_database", "--nocapture"])
                    .env(CHILD_DB, &db)
                    .env(CHILD_GO, &go)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start a child process")
            })
            .collect();
        // Let them all reach the spin before the signal.
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(&go, b"go").expect("signal");
        for child in children {
            let output = child.wait_with_output().expect("child ran");
            assert!(
                output.status.success(),
                "round {round}: a process failed to open the new database:\n{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let store = Store::open(&db).expect("reopen");
        assert_eq!(
            store.schema_version().expect("version"),
            desk::store::latest_version()
        );
    }
}
