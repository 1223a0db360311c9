//! The ticket lifecycle's timer: warns members whose ticket is about to
//! close for silence and closes it when the warning has run out. The rules
//! and times live in `desk` ([`desk::Store::sweep_tickets`]); this only
//! calls them now and then, and the relay delivers what they queue.

use desk::store::{SweepOutcome, TicketTimes};
use desk::{Store, clock};
use std::path::Path;
use std::time::Duration;
use tokio::sync::watch;

/// One sweep at the current time, on a connection of its own.
pub fn sweep(db: &Path, times: &TicketTimes) -> Result<SweepOutcome, desk::DeskError> {
    // Named, since the sweep's log line is all an operator sees of it.
    Store::open(db)?
        .sweep_tickets(clock::now(), times)
        .map_err(|e| e.in_file(db))
}

/// Sweeps every `every` until `stop` turns true.
pub async fn run(db: &Path, times: TicketTimes, every: Duration, mut stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        let path = db.to_path_buf();
        let swept = tokio::task::spawn_blocking(move || sweep(&path, &times)).await;
        match swept {
            Ok(Ok(outcome)) if !outcome.warned.is_empty() || !outcome.closed.is_empty() => {
                tracing::info!(
                    "{} ticket(s) warned, {} closed for silence",
                    outcome.warned.len(),
                    outcome.closed.len()
                );
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!("ticket sweep: {e}"),
            Err(e) => tracing::warn!("ticket sweep: {e}"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => {}
        }
    }
}

/// [`run`] for a task that owns its path.
pub async fn run_owned(
    db: std::path::PathBuf,
    times: TicketTimes,
    every: Duration,
    stop: watch::Receiver<bool>,
) {
    run(&db, times, every, stop).await;
}
