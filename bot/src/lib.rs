//! The support bot: a transport-free conversation engine and its adapters.
//!
//! The engine takes plain messages ([`Incoming`]) and returns plain replies
//! ([`Reply`]); it answers from `knowledge`, records in `desk` and speaks
//! through `locales`. Only an adapter knows its transport: [`chat`] is the
//! terminal one, [`discord`] the Discord one; [`relay`] carries the team's
//! replies to members on Discord and [`tickets`] runs the ticket lifecycle.
//! serenity appears only in `discord` and `relay`; [`files`] fetches the
//! files members attach, for their tickets.

pub mod chat;
pub mod discord;
mod engine;
pub mod files;
pub mod relay;
pub mod tickets;

pub use engine::{
    Button, ButtonAction, ChannelKind, Engine, EngineConfig, EngineError, Incoming,
    MEMBER_USER_PREFIX, PooledStore, Reply,
};
