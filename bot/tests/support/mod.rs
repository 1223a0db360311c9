//! Test support shared by the bot's end-to-end tests and benches.

pub mod fake_discord;
pub mod moderator;
