//! Sends the help desk's outbox: each mail once, over SMTP (lettre, STARTTLS
//! or TLS, optional login) or into a Maildir when there is no SMTP server.
//!
//! It reads the queue and records every outcome through `desk::Store`, which in
//! turn never learns how mail travels. It knows nothing of Discord or screens,
//! and only counts through the `metrics` facade, without knowing who exports it.

pub mod courier;
pub mod letter;
pub mod maildir;
pub mod transport;

pub use courier::{Courier, CourierOptions, Retry, Round};
pub use letter::Sender;
pub use maildir::Maildir;
pub use transport::{Failure, Smtp, Transport, TrustedRoots};

use std::path::PathBuf;

/// What can stop mail from being set up or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// A setting is unusable; `what` is its key.
    #[error("{what}: {problem}")]
    Setting {
        /// The key (`url`, `from`, `unsubscribe`, `ca_file`).
        what: &'static str,
        /// What is wrong with its value.
        problem: String,
    },
    /// A recipient address cannot be written into a message.
    #[error("the address {address} cannot be used: {problem}")]
    Address {
        /// The address.
        address: String,
        /// Why.
        problem: String,
    },
    /// The Maildir cannot be created.
    #[error("cannot create the Maildir {path}: {cause}")]
    Maildir {
        /// Its folder.
        path: PathBuf,
        /// Why (in the message, not chained again as a source).
        cause: std::io::Error,
    },
    /// The database refused.
    #[error(transparent)]
    Desk(#[from] desk::DeskError),
    /// A mail left our hands, but what became of it cannot be written down:
    /// it stays claimed, and the next start queues it again.
    #[error("what became of outbox mail {id} cannot be recorded: {cause}")]
    Unrecorded {
        /// The outbox row.
        id: i64,
        /// The database's refusal (in the message, not chained again).
        cause: desk::DeskError,
    },
    /// A worker task ended abnormally.
    #[error("a mail task stopped: {0}")]
    Task(String),
}
