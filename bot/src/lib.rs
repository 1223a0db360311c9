//! The support bot: a transport-free conversation engine and its adapters.
//!
//! The engine takes plain messages ([`Incoming`]) and returns plain replies
//! ([`Reply`]); it answers from `knowledge`, records in `desk` and speaks
//! through `locales`. Only an adapter knows its transport: [`chat`] is the
//! terminal one; the Discord adapter is the only place serenity may appear.

pub mod chat;
mod engine;

pub use engine::{
    Button, ButtonAction, ChannelKind, Engine, EngineConfig, EngineError, Incoming, Reply,
};
