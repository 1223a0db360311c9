use locales::{Lang, Localizer};
use std::path::{Path, PathBuf};

/// Everything that can go wrong in `desk`.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// SQLite refused an operation. The cause is in the message and not
    /// chained as a source too, so that `{:#}` says it once (the house
    /// rule for every wrapped error: in the message or chained, not both).
    #[error("database: {0}")]
    Sqlite(rusqlite::Error),
    /// The database file cannot be used as it is: not SQLite, damaged,
    /// read-only, or not openable at all.
    #[error("{}: {problem}", path.display())]
    Unusable {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        problem: FileProblem,
    },
    /// The database was written by a newer helpdesk.
    #[error(
        "{}: the database has schema version {found}, newer than this helpdesk knows ({known}); update helpdesk",
        path.display()
    )]
    SchemaTooNew {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// A read-only opening found a database from an older helpdesk, which
    /// only a writing opening may upgrade.
    #[error(
        "{}: the database has schema version {found}, older than this helpdesk's ({known}); run `helpdesk tickets list --db {}` once to upgrade it",
        path.display(),
        path.display()
    )]
    SchemaTooOld {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: i64,
        /// The version this build would upgrade it to.
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
    #[error(transparent)]
    Link(#[from] crate::store::LinkError),
    /// A reply to a ticket was refused.
    #[error("{0}")]
    Ticket(#[from] crate::store::TicketRefusal),
    /// No platform data directory could be found for the default database.
    #[error("no home directory found for the default database; pass --db PATH")]
    NoDataDir,
}

impl From<rusqlite::Error> for DeskError {
    fn from(cause: rusqlite::Error) -> DeskError {
        DeskError::Sqlite(cause)
    }
}

impl DeskError {
    /// Names `path` in an SQLite failure: the one met while opening it is
    /// about the file itself, and a later one comes from the only file a
    /// store has, which a long-running service must name in its logs.
    pub fn in_file(self, path: &std::path::Path) -> DeskError {
        match self {
            DeskError::Sqlite(cause) => DeskError::Unusable {
                path: path.to_path_buf(),
                problem: FileProblem::of(&cause),
            },
            other => other,
        }
    }

    /// A failure of the database file in `lang`, named by its path
    /// (`database` for an SQLite failure met after opening, which carries no
    /// path of its own); `None` for the other desk errors, which explain
    /// themselves.
    pub fn about_the_file(
        &self,
        l: &Localizer,
        lang: Lang,
        database: Option<&Path>,
    ) -> Option<String> {
        let shown = |path: &Path| path.display().to_string().into();
        let file_problem = |path: &Path, problem: &FileProblem| {
            let id = match problem {
                FileProblem::Missing => "error-no-database",
                FileProblem::NotSqlite => "error-db-not-sqlite",
                FileProblem::Damaged => "error-db-damaged",
                FileProblem::ReadOnly => "error-db-read-only",
                FileProblem::CannotOpen => "error-db-cannot-open",
                FileProblem::DiskFull => "error-db-disk-full",
                FileProblem::Other(reason) => {
                    return l.format(
                        lang,
                        "error-db-other",
                        &[("path", shown(path)), ("reason", reason.as_str().into())],
                    );
                }
            };
            l.format(lang, id, &[("path", shown(path))])
        };
        Some(match self {
            DeskError::Unusable { path, problem } => file_problem(path, problem),
            DeskError::Sqlite(cause) => file_problem(database?, &FileProblem::of(cause)),
            DeskError::SchemaTooOld { path, found, known } => l.format(
                lang,
                "error-db-too-old",
                &[
                    ("path", shown(path)),
                    ("found", (*found).into()),
                    ("known", (*known).into()),
                ],
            ),
            DeskError::SchemaTooNew { path, found, known } => l.format(
                lang,
                "error-db-too-new",
                &[
                    ("path", shown(path)),
                    ("found", (*found).into()),
                    ("known", (*known).into()),
                ],
            ),
            _ => return None,
        })
    }

    /// The whole error in `lang` where it is about the database file (see
    /// [`DeskError::about_the_file`]), else as `Display` says it.
    pub fn in_language(&self, l: &Localizer, lang: Lang, database: Option<&Path>) -> String {
        self.about_the_file(l, lang, database)
            .unwrap_or_else(|| self.to_string())
    }

    pub(crate) fn not_found(kind: &'static str, key: impl ToString) -> DeskError {
        DeskError::NotFound {
            kind,
            key: key.to_string(),
        }
    }
}

/// What is wrong with a database file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    /// There is no file at the path, and the command may not create one.
    #[error("there is no database here")]
    Missing,
    /// The file is something other than an SQLite database.
    #[error("not a SQLite database")]
    NotSqlite,
    /// SQLite found the file damaged.
    #[error("the database is damaged")]
    Damaged,
    /// The file (or its directory) cannot be written.
    #[error("the file is read-only")]
    ReadOnly,
    /// The file cannot be opened or created at all.
    #[error("the file cannot be opened")]
    CannotOpen,
    /// The disk is full.
    #[error("the disk is full")]
    DiskFull,
    /// Anything else, in SQLite's words.
    #[error("{0}")]
    Other(String),
}

impl FileProblem {
    /// The problem behind an SQLite failure on the file as a whole.
    pub fn of(cause: &rusqlite::Error) -> FileProblem {
        use rusqlite::ErrorCode;
        match cause.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => FileProblem::NotSqlite,
            Some(ErrorCode::DatabaseCorrupt) => FileProblem::Damaged,
            Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => FileProblem::ReadOnly,
            Some(ErrorCode::CannotOpen) => FileProblem::CannotOpen,
            Some(ErrorCode::DiskFull) => FileProblem::DiskFull,
            _ => FileProblem::Other(cause.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message and every source after it, as `anyhow`'s `{:#}` prints them.
    fn with_causes(e: &dyn std::error::Error) -> String {
        let mut text = e.to_string();
        let mut cause = e.source();
        while let Some(c) = cause {
            text.push_str(&format!(": {c}"));
            cause = c.source();
        }
        text
    }

    #[test]
    fn a_wrapped_sqlite_failure_is_said_once() {
        let failure = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
            Some("attempt to write a readonly database".into()),
        );
        let said = with_causes(&DeskError::from(failure));
        assert_eq!(said.matches("readonly").count(), 1, "{said}");
    }

    #[test]
    fn a_failure_on_opening_names_the_file_and_what_is_wrong() {
        let failure = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_NOTADB),
            None,
        );
        let e = DeskError::from(failure).in_file(std::path::Path::new("junk.db"));
        assert_eq!(with_causes(&e), "junk.db: not a SQLite database");
    }
}
