//! The real terminal: raw mode, the event loop and the worker thread.
//! `ratatui::init` restores the terminal on panic; `run` restores it on every
//! other way out, Ctrl-C included (it arrives as a key in raw mode).

use crate::app::{App, Msg};
use crate::view::view;
use crate::worker::{Done, Job, Worker};
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use std::sync::mpsc;
use std::time::Duration;

/// Runs the console until the moderator quits.
pub fn run(mut app: App, worker: Worker) -> std::io::Result<()> {
    let (jobs, job_rx) = mpsc::channel::<Job>();
    let (done_tx, done) = mpsc::channel::<Done>();
    let handle = worker.spawn(job_rx, done_tx);
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
        while !app.quit {
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
