//! The moderator console: a ratatui application over `desk` and `knowledge`.
//!
//! Everything a moderator sees is drawn here; the rules it shows come from
//! `desk`, the answers from `knowledge`, the words from `locales`.
