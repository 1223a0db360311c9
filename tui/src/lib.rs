//! The moderator console: a ratatui application over `desk` and `knowledge`.
//!
//! The Elm architecture, one module per screen: [`screens`] each own their
//! state, update and view; [`app::App`] routes messages through the
//! [`keymap`] to the screen in front and returns [`worker::Job`]s for slow
//! work; [`view::view`] draws the frame around them. The [`worker::Worker`]
//! owns the SQLite store and the FAQ on its own thread; [`terminal::run`]
//! wires them to a real terminal. It never writes SQL and never talks to
//! Discord. [`line_editor`] is the one-line editor `helpdesk chat` uses.

pub mod app;
pub mod keymap;
pub mod line_editor;
pub mod screens;
pub mod terminal;
pub mod view;
pub mod widgets;
pub mod worker;

pub use app::{App, Msg};
pub use keymap::Keymap;
pub use worker::{Job, Knowledge, Worker};
