//! The real terminal: raw mode, the event loop and the worker thread.
//! `ratatui::init` restores the terminal on panic; `run` restores it on every
//! other way out: Ctrl-C (a key in raw mode), and SIGTERM or SIGINT from
//! outside. SIGHUP keeps its default (the process ends): the terminal is
//! gone, so there is nothing to restore.

use crate::app::{App, Msg};
use crate::view::view;
use crate::worker::{Done, Job, Worker};
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// How long the loop has to notice a signal before the process just ends.
const GRACE: Duration = Duration::from_secs(3);

/// A flag that SIGTERM and SIGINT raise, for the loop to leave and restore
/// the terminal. A watchman thread ends the process when the loop has not
/// finished within [`GRACE`] of the flag, or when standard input stops being
/// a terminal: crossterm 0.29 spins inside its read on a closed terminal and
/// never returns to the loop. A second signal ends the process at once.
fn stop_on_signals() -> Arc<AtomicBool> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGINT] {
        // Registration only fails for signals that cannot be caught; these can.
        let _ = signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&stop));
        let _ = signal_hook::flag::register(signal, Arc::clone(&stop));
    }
    let watched = Arc::clone(&stop);
    let _ = std::thread::Builder::new()
        .name("console-watchman".into())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(200));
                if !std::io::stdin().is_terminal() {
                    std::process::exit(1);
                }
                if watched.load(Ordering::Relaxed) {
                    std::thread::sleep(GRACE);
                    std::process::exit(1);
                }
            }
        });
    stop
}

/// Runs the console until the moderator quits.
pub fn run(mut app: App, worker: Worker) -> std::io::Result<()> {
    let (jobs, job_rx) = mpsc::channel::<Job>();
    let (done_tx, done) = mpsc::channel::<Done>();
    let handle = worker.spawn(job_rx, done_tx);
    let stop = stop_on_signals();
    let mut terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let result = (|| -> std::io::Result<()> {
        let size = terminal.size()?;
        app.update(Msg::Resize(size.width, size.height));
        for job in app.start() {
            let _ = jobs.send(job);
        }
        // Draw only after something happened: an idle console costs nothing.
        let mut changed = true;
        let mut last_tick = std::time::Instant::now();
        for job in app.update(Msg::Tick(desk::clock::now())) {
            let _ = jobs.send(job);
        }
        // The poll below wakes every 30 ms, so a signal is seen within that.
        while !app.quit && !stop.load(Ordering::Relaxed) {
            if changed {
                let mut hits = None;
                terminal.draw(|frame| hits = Some(view(&app, frame)))?;
                if let Some(hits) = hits {
                    app.update(Msg::Drawn(hits));
                }
            }
            // Wait for a key or for the worker, whichever comes first.
            let mut messages = Vec::new();
            if event::poll(Duration::from_millis(30))? {
                match event::read()? {
                    Event::Key(key) => messages.push(Msg::Key(key)),
                    Event::Mouse(mouse) => messages.push(Msg::Mouse(mouse)),
                    Event::Resize(w, h) => messages.push(Msg::Resize(w, h)),
                    _ => {}
                }
            }
            messages.extend(done.try_iter().map(Msg::Done));
            // The clock reaches the app as a message, once a second, so
            // screens that age or reload by themselves do so while idle.
            if last_tick.elapsed() >= Duration::from_secs(1) {
                last_tick = std::time::Instant::now();
                messages.push(Msg::Tick(desk::clock::now()));
            }
            changed = !messages.is_empty();
            for msg in messages {
                for job in app.update(msg) {
                    let _ = jobs.send(job);
                }
            }
        }
        Ok(())
    })();
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    drop(jobs);
    let _ = handle.join();
    result
}
