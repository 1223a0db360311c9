//! The support bot: a transport-free conversation engine and its adapters.
//!
//! The engine takes plain messages and returns plain replies; only the Discord
//! adapter knows serenity types.
