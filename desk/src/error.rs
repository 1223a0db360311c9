use crate::records::{GroupId, InvitationId, MemberId};
use crate::store::ReviewOutcome;
use locales::{FluentValue, Lang, Localizer};
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
    Refused(Refusal),
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
    /// Whether SQLite failed because another connection holds the database
    /// (busy or locked): a wait, not a fault of what was asked. Only a
    /// failure not yet named by its file ([`DeskError::in_file`]) says so.
    ///
    /// SQLITE_PROTOCOL is one too: in WAL mode SQLite returns it when a
    /// connection starting a transaction lost the race for the WAL's locks
    /// to other writers again and again for seconds (its result-code page),
    /// so it is contention, which the next try may win.
    pub fn is_locked(&self) -> bool {
        use rusqlite::ErrorCode;
        matches!(self, DeskError::Sqlite(cause) if matches!(
            cause.sqlite_error_code(),
            Some(
                ErrorCode::DatabaseBusy
                    | ErrorCode::DatabaseLocked
                    | ErrorCode::FileLockingProtocolFailed
            )
        ))
    }

    /// Whether SQLite failed for the database as a whole rather than for
    /// what was asked of one row: held by another connection
    /// ([`DeskError::is_locked`]), full, read-only, not a database, out of
    /// memory, interrupted. Every statement fails alike until that passes or
    /// is mended, so no one row is to blame for it. A constraint or trigger,
    /// a value that does not convert, SQLite's plain error are about what was
    /// asked; so are a damaged page and an I/O error, which often hit one
    /// page only: counted as the whole database's, one mail on such a page
    /// would be handed back untried at every round and hold up the rest
    /// (an I/O error that hits row after row is the file's: the caller
    /// tells by [`DeskError::is_io_failure`]).
    /// Only a failure not yet named by its file says so.
    pub fn is_about_the_database(&self) -> bool {
        use rusqlite::ErrorCode;
        self.is_locked()
            || matches!(self, DeskError::Sqlite(cause) if matches!(
                cause.sqlite_error_code(),
                Some(
                    ErrorCode::DiskFull
                        | ErrorCode::ReadOnly
                        | ErrorCode::PermissionDenied
                        | ErrorCode::CannotOpen
                        | ErrorCode::NoLargeFileSupport
                        | ErrorCode::NotADatabase
                        | ErrorCode::OutOfMemory
                        | ErrorCode::OperationInterrupted
                        | ErrorCode::OperationAborted
                        | ErrorCode::SchemaChanged
                )
            ))
    }

    /// Whether SQLite failed reading or writing the file (SQLITE_IOERR):
    /// one bad page, or the whole file gone (a lost network mount), which
    /// one failure cannot tell; only the caller, who sees whether other
    /// rows fail so too, can. Only a failure not yet named by its file says so.
    pub fn is_io_failure(&self) -> bool {
        matches!(self, DeskError::Sqlite(cause)
            if cause.sqlite_error_code() == Some(rusqlite::ErrorCode::SystemIoFailure))
    }

    /// Names `path` in an SQLite failure: the one met while opening it is
    /// about the file itself, and a later one comes from the only file a
    /// store has, which a long-running service must name in its logs.
    pub fn in_file(self, path: &std::path::Path) -> DeskError {
        let problem = self.file_problem();
        match (self, problem) {
            (DeskError::Sqlite(_), Some(problem)) => DeskError::Unusable {
                path: path.to_path_buf(),
                problem,
            },
            (other, _) => other,
        }
    }

    /// What an SQLite failure says about the file; `None` for the other
    /// desk errors. Another connection holding the file is told as such
    /// ([`DeskError::is_locked`]), so that it is said in the user's
    /// language and not in SQLite's "database is locked".
    fn file_problem(&self) -> Option<FileProblem> {
        match self {
            DeskError::Sqlite(_) if self.is_locked() => Some(FileProblem::Locked),
            DeskError::Sqlite(cause) => Some(FileProblem::of(cause)),
            _ => None,
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
                FileProblem::Locked => "error-db-locked",
                FileProblem::Unfolded => "error-db-unfolded",
                FileProblem::Other(reason) => {
                    return l.format(
                        lang,
                        "error-db-other",
                        &[("path", shown(path)), ("reason", reason.as_str().into())],
                    );
                }
            };
            // A command the message suggests carries the path as the
            // shell must read it back.
            l.format(
                lang,
                id,
                &[("path", shown(path)), ("db", locales::db_flag(path).into())],
            )
        };
        Some(match self {
            DeskError::Unusable { path, problem } => file_problem(path, problem),
            DeskError::Sqlite(_) => file_problem(database?, &self.file_problem()?),
            DeskError::SchemaTooOld { path, found, known } => l.format(
                lang,
                "error-db-too-old",
                &[
                    ("path", shown(path)),
                    ("db", locales::db_flag(path).into()),
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

    /// The whole error in `lang`, for the command line's error line and the
    /// console's status line: the database file's failures as
    /// [`DeskError::about_the_file`] words them, a missing record, a refusal
    /// and the other reasons of the desk's own from fluent. Only what
    /// another part said (SQLite without a file to name, the operating
    /// system) stays in its words.
    pub fn in_language(&self, l: &Localizer, lang: Lang, database: Option<&Path>) -> String {
        if let Some(said) = self.about_the_file(l, lang, database) {
            return said;
        }
        match self {
            DeskError::NotFound { kind, key } => {
                let key = ("key", FluentValue::from(key.as_str()));
                match not_found_message(kind) {
                    Some(id) => l.format(lang, id, &[key]),
                    None => l.format(lang, "error-not-found", &[("kind", (*kind).into()), key]),
                }
            }
            DeskError::Refused(refusal) => refusal.message(l, lang),
            DeskError::Ticket(refusal) => refusal.message(l, lang),
            DeskError::Link(refusal) => refusal.message(l, lang),
            DeskError::NoDataDir => l.text(lang, "error-no-data-dir"),
            DeskError::Randomness(reason) => l.format(
                lang,
                "error-randomness",
                &[("reason", reason.as_str().into())],
            ),
            other => other.to_string(),
        }
    }

    pub(crate) fn not_found(kind: &'static str, key: impl ToString) -> DeskError {
        DeskError::NotFound {
            kind,
            key: key.to_string(),
        }
    }
}

/// The message that says a record of `kind` (as [`DeskError::not_found`]
/// was given it) does not exist. Every kind the desk names is here; a test
/// reads the sources for them.
fn not_found_message(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "member" => "error-not-found-member",
        "group" => "error-not-found-group",
        "member or group" => "error-not-found-member-or-group",
        "invitation" => "error-not-found-invitation",
        "event" => "error-not-found-event",
        "ticket" => "error-not-found-ticket",
        "ticket file" => "error-not-found-ticket-file",
        "ticket of this member" => "error-not-found-ticket-of-member",
        "closed ticket of this member" => "error-not-found-closed-ticket-of-member",
        "unanswered question" => "error-not-found-unanswered-question",
        _ => return None,
    })
}

/// Why the desk's rules refused a change, each naming what was wrong.
/// `Display` is English, for logs; [`Refusal::message`] says it in a
/// user's language.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// A demo is seeded only into an empty database.
    #[error("the database already has {0} members; a demo is seeded only into an empty one")]
    DemoIntoCommunity(u64),
    /// A campaign's end is not after its start.
    #[error("campaign {0:?} ends before it starts")]
    CampaignEndsFirst(String),
    /// Only an ambassador of the group manages its official events.
    #[error(
        "member {member} is not an ambassador of group {group}; only ambassadors manage official events"
    )]
    NotAnAmbassador {
        /// Who tried.
        member: MemberId,
        /// The event's group.
        group: GroupId,
    },
    /// An event without a title or a place.
    #[error("an event needs a title and a place")]
    EventIncomplete,
    /// An event that starts more than a day back: no moderator's upcoming
    /// list, which starts at their today, would show it again.
    #[error("an event starting {} has passed; it would never be listed", crate::clock::rfc3339(*.0))]
    EventInThePast(crate::clock::Timestamp),
    /// A reply to a ticket without text.
    #[error("a reply needs some text")]
    EmptyReply,
    /// A rating outside 1 to 5.
    #[error("a rating is 1 to 5, not {0}")]
    Rating(u8),
    /// The courier finished a mail that it had not claimed.
    #[error("outbox mail {0} is not being sent")]
    MailNotClaimed(i64),
    /// A schema version below the newest that no migration leads on from.
    #[error("the database has schema version {0}, which no helpdesk writes")]
    UnknownSchema(i64),
    /// One invitation could not be decided: decided already, another
    /// group, or (approving) rules broken meanwhile.
    #[error("invitation {invitation} was not decided: {}", outcome.id())]
    NotDecided {
        /// The invitation.
        invitation: InvitationId,
        /// What became of the decision.
        outcome: ReviewOutcome,
    },
}

impl Refusal {
    /// The reason in plain words, in `lang`.
    pub fn message(&self, l: &Localizer, lang: Lang) -> String {
        let (id, args): (&str, Vec<(&str, FluentValue<'_>)>) = match self {
            Refusal::DemoIntoCommunity(members) => (
                "error-demo-into-community",
                vec![("members", (*members).into())],
            ),
            Refusal::CampaignEndsFirst(name) => (
                "error-campaign-ends-first",
                vec![("name", name.as_str().into())],
            ),
            Refusal::NotAnAmbassador { member, group } => (
                "error-not-an-ambassador",
                vec![("member", member.0.into()), ("group", group.0.into())],
            ),
            Refusal::EventIncomplete => ("error-event-incomplete", vec![]),
            Refusal::EventInThePast(starts_at) => {
                let utc = crate::clock::local::Zone::utc().local(*starts_at);
                let when = format!("{} {}", l.date(lang, utc.date()), utc.clock_text());
                ("error-event-in-the-past", vec![("when", when.into())])
            }
            Refusal::EmptyReply => ("error-empty-reply", vec![]),
            Refusal::Rating(rating) => ("error-rating", vec![("rating", (*rating).into())]),
            Refusal::MailNotClaimed(mail) => {
                ("error-mail-not-claimed", vec![("mail", (*mail).into())])
            }
            Refusal::UnknownSchema(found) => {
                ("error-unknown-schema", vec![("found", (*found).into())])
            }
            Refusal::NotDecided { outcome, .. } => return outcome.message(l, lang),
        };
        l.format(lang, id, &args)
    }
}

impl From<Refusal> for DeskError {
    fn from(refusal: Refusal) -> DeskError {
        DeskError::Refused(refusal)
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
    /// Another program holds the database (busy or locked) longer than
    /// the desk waits: try again in a moment.
    #[error("another program is using the database; try again in a moment")]
    Locked,
    /// Its write-ahead log could not be folded into the file in full, so
    /// the file alone lacks commits.
    #[error("the write-ahead log could not be folded into the file")]
    Unfolded,
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
    fn only_a_busy_locked_or_raced_for_database_counts_as_held_by_another_connection() {
        let failure = |code, words: &str| {
            DeskError::from(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                Some(words.into()),
            ))
        };
        assert!(failure(rusqlite::ffi::SQLITE_BUSY, "database is locked").is_locked());
        assert!(failure(rusqlite::ffi::SQLITE_LOCKED, "database table is locked").is_locked());
        // WAL's lock race lost for seconds to other writers.
        assert!(failure(rusqlite::ffi::SQLITE_PROTOCOL, "locking protocol").is_locked());
        // A trigger's RAISE(ABORT) reads like a lock but is none.
        assert!(!failure(rusqlite::ffi::SQLITE_CONSTRAINT, "database is locked").is_locked());
        assert!(!failure(rusqlite::ffi::SQLITE_FULL, "database or disk is full").is_locked());
    }

    #[test]
    fn a_suggested_command_carries_the_path_as_the_shell_reads_it_back() {
        let l = Localizer::embedded().expect("messages");
        let missing = |path: &str| {
            DeskError::Unusable {
                path: PathBuf::from(path),
                problem: FileProblem::Missing,
            }
            .about_the_file(&l, Lang::En, None)
            .expect("said")
        };
        let said = missing("/srv/our desk/hd.db");
        assert!(
            said.contains("\"helpdesk demo --db '/srv/our desk/hd.db'\""),
            "{said}"
        );
        assert!(missing("-x.db").contains("\"helpdesk demo --db=-x.db\""));
    }

    #[test]
    fn a_full_or_read_only_database_is_no_rows_fault_and_a_trigger_is() {
        let failure = |code, words: &str| {
            DeskError::from(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                Some(words.into()),
            ))
        };
        for (code, words) in [
            (rusqlite::ffi::SQLITE_BUSY, "database is locked"),
            (rusqlite::ffi::SQLITE_FULL, "database or disk is full"),
            (
                rusqlite::ffi::SQLITE_READONLY,
                "attempt to write a readonly database",
            ),
            (
                rusqlite::ffi::SQLITE_CANTOPEN,
                "unable to open database file",
            ),
        ] {
            assert!(failure(code, words).is_about_the_database(), "{words}");
        }
        for (code, words) in [
            (rusqlite::ffi::SQLITE_CONSTRAINT, "the tries are stuck"),
            (rusqlite::ffi::SQLITE_ERROR, "no such column: x"),
            (rusqlite::ffi::SQLITE_TOOBIG, "string or blob too big"),
            (rusqlite::ffi::SQLITE_IOERR, "disk I/O error"),
            (
                rusqlite::ffi::SQLITE_CORRUPT,
                "database disk image is malformed",
            ),
        ] {
            assert!(!failure(code, words).is_about_the_database(), "{words}");
            assert_eq!(
                failure(code, words).is_io_failure(),
                code == rusqlite::ffi::SQLITE_IOERR,
                "{words}"
            );
        }
        let unconvertible = DeskError::from(rusqlite::Error::InvalidColumnType(
            3,
            "subject".into(),
            rusqlite::types::Type::Blob,
        ));
        assert!(!unconvertible.is_about_the_database());
        // Named by its file, the code is gone: told apart before that.
        let named = failure(rusqlite::ffi::SQLITE_FULL, "full").in_file(Path::new("desk.db"));
        assert!(!named.is_about_the_database());
    }

    /// Every kind that `not_found` is given in the desk's sources; this
    /// file aside, whose tests name an unknown kind on purpose.
    fn kinds_named_in(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read the sources") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                kinds_named_in(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("error.rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                for (_, rest) in text
                    .match_indices("not_found(\"")
                    .map(|(i, m)| text.split_at(i + m.len()))
                {
                    if let Some(end) = rest.find('"') {
                        out.push(rest[..end].to_string());
                    }
                }
            }
        }
    }

    #[test]
    fn every_kind_of_missing_record_has_its_words() {
        let mut kinds = Vec::new();
        kinds_named_in(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut kinds,
        );
        assert!(kinds.len() > 10, "{kinds:?}");
        for kind in kinds {
            assert!(not_found_message(&kind).is_some(), "no words for {kind:?}");
        }
    }

    #[test]
    fn missing_records_and_refusals_are_said_in_the_users_language() {
        let l = Localizer::embedded().expect("locales");
        let said = |e: DeskError, lang| e.in_language(&l, lang, None);
        assert_eq!(
            said(DeskError::not_found("unanswered question", 7), Lang::De),
            "Es gibt keine unbeantwortete Frage #7; vielleicht wurde sie inzwischen \
             verknüpft oder entfernt."
        );
        assert_eq!(
            said(DeskError::not_found("member", MemberId(3)), Lang::En),
            "There is no member 3."
        );
        assert_eq!(
            said(Refusal::EmptyReply.into(), Lang::De),
            "Eine Antwort braucht Text."
        );
        let ambassador = Refusal::NotAnAmbassador {
            member: MemberId(4),
            group: GroupId(2),
        };
        assert_eq!(
            said(ambassador.clone().into(), Lang::De),
            "Mitglied 4 ist kein Botschafter der Gruppe 2; offizielle Events verwalten nur \
             Botschafter."
        );
        assert_eq!(
            said(ambassador.clone().into(), Lang::En),
            "Member 4 is not an ambassador of group 2; only ambassadors manage official events."
        );
        let not_yours = Refusal::NotDecided {
            invitation: InvitationId(9),
            outcome: ReviewOutcome::NotYourGroup,
        };
        assert_eq!(
            said(not_yours.into(), Lang::De),
            l.text(Lang::De, "review-not-your-group")
        );
        // An unknown kind is still said in the language, naming the kind.
        assert_eq!(
            said(DeskError::not_found("spaceship", 1), Lang::De),
            "Nicht gefunden: spaceship 1."
        );
        // Logs keep the English of `Display`.
        assert_eq!(
            DeskError::from(ambassador).to_string(),
            "member 4 is not an ambassador of group 2; only ambassadors manage official events"
        );
    }

    #[test]
    fn a_database_held_by_another_program_is_said_in_the_users_language() {
        let l = Localizer::embedded().expect("locales");
        let busy = || {
            DeskError::from(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                Some("database is locked".into()),
            ))
        };
        let db = Path::new("lk.db");
        // Met after opening (the file comes from the command) and met while
        // opening (the file is in the error): the same words.
        for said in [
            busy().in_language(&l, Lang::De, Some(db)),
            busy().in_file(db).in_language(&l, Lang::De, None),
        ] {
            assert!(
                said.starts_with("lk.db: ein anderes Programm arbeitet gerade mit der Datenbank"),
                "{said}"
            );
            assert!(!said.contains("locked"), "{said}");
        }
        let said = busy().in_file(db).in_language(&l, Lang::En, None);
        assert!(
            said.contains("another program is using the database"),
            "{said}"
        );
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
