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

/// An error and every cause after it, joined by ": ": serenity's and
/// reqwest's own words ("Error while sending HTTP request.") do not say why.
pub(crate) fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl std::fmt::Display for Outer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("Error while sending HTTP request.")
        }
    }

    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn an_error_is_said_with_every_cause() {
        let error = Outer(std::io::Error::other("connection refused"));
        assert_eq!(
            super::with_causes(&error),
            "Error while sending HTTP request.: connection refused"
        );
    }
}
