//! The demo database the desk benches run on.

use desk::Store;
use desk::demo::{self, DemoOptions};
use locales::Localizer;
use std::path::PathBuf;

/// The demo database: `HELPDESK_BENCH_DB` when it exists; else seeded, at
/// that path when one is given (so the next run reuses it), or in a
/// temporary directory that lives as long as the guard.
pub fn bench_db() -> (Option<tempfile::TempDir>, PathBuf) {
    let wanted = std::env::var_os("HELPDESK_BENCH_DB").map(PathBuf::from);
    if let Some(path) = wanted.as_ref().filter(|p| p.exists()) {
        return (None, path.clone());
    }
    let members = std::env::var("HELPDESK_BENCH_MEMBERS")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(1_000_000);
    let (guard, path) = match wanted {
        Some(path) => (None, path),
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("bench.db");
            (Some(dir), path)
        }
    };
    let mut store = Store::open(&path).expect("open");
    let l = Localizer::embedded().expect("locales");
    eprintln!(
        "seeding a {members}-member demo community into {} ...",
        path.display()
    );
    demo::seed(
        &mut store,
        &l,
        &DemoOptions {
            members,
            ..DemoOptions::default()
        },
        &mut |_| {},
    )
    .expect("seed");
    (guard, path)
}
