//! The support bot: a transport-free conversation engine and its adapters.
//!
//! The engine takes plain messages ([`Incoming`]) and returns plain replies
//! ([`Reply`]); it answers from `knowledge`, records in `desk` and speaks
//! through `locales`. Only an adapter knows its transport: [`chat`] is the
//! terminal one, [`discord`] the Discord one and the only place serenity
//! appears.

pub mod chat;
pub mod discord;
mod engine;

pub use engine::{
    Button, ButtonAction, ChannelKind, Engine, EngineConfig, EngineError, Incoming, Reply,
};
