//! The moderator console: a ratatui application over `desk` and `knowledge`.
//!
//! The Elm architecture: [`app::App`] is the state, [`app::Msg`] what
//! happened, [`app::App::update`] the only place state changes (it returns
//! [`worker::Job`]s for slow work), and [`view::view`] draws the state. The
//! [`worker::Worker`] owns the SQLite store and the FAQ on its own thread;
//! [`terminal::run`] wires them to a real terminal. [`line_editor`] is the
//! one-line editor with history that `helpdesk chat` uses at a terminal.

pub mod app;
pub mod line_editor;
pub mod terminal;
pub mod view;
pub mod worker;

pub use app::{App, Msg, Tab};
pub use worker::{Job, Knowledge, Worker};
