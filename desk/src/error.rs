use std::path::PathBuf;

/// Everything that can go wrong in `desk`.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// SQLite refused an operation.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database file could not be opened.
    #[error("cannot open the database {path}: {cause}")]
    Open {
        /// The file we tried.
        path: PathBuf,
        /// Why it failed (in the message, so not chained as a source too).
        cause: rusqlite::Error,
    },
    /// The database was written by a newer helpdesk.
    #[error(
        "the database has schema version {found}, newer than this helpdesk knows ({known}); update helpdesk"
    )]
    SchemaTooNew {
        /// The version in the file.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// A file could not be read or written.
    #[error("{path}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why (in the message, so not chained as a source too).
        cause: std::io::Error,
    },
    /// A record that the caller named does not exist.
    #[error("no such {kind}: {key}")]
    NotFound {
        /// What kind of record (`member`, `group`, ...).
        kind: &'static str,
        /// How the caller named it.
        key: String,
    },
    /// The caller asked for something the rules do not allow.
    #[error("{0}")]
    Refused(String),
    /// The operating system gave no random bytes for a token.
    #[error("the operating system's random number generator failed: {0}")]
    Randomness(String),
    /// An operating-system account could not be linked or unlinked.
    #[error("{0}")]
    Link(#[from] crate::store::LinkError),
    /// A reply to a ticket was refused.
    #[error("{0}")]
    Ticket(#[from] crate::store::TicketRefusal),
    /// No platform data directory could be found for the default database.
    #[error("no home directory found for the default database; pass --db PATH")]
    NoDataDir,
}

impl DeskError {
    pub(crate) fn not_found(kind: &'static str, key: impl ToString) -> DeskError {
        DeskError::NotFound {
            kind,
            key: key.to_string(),
        }
    }
}
