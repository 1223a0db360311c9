//! The SQLite store: the only place in the project that writes SQL.
//!
//! One file, WAL, foreign keys on, a busy timeout so that a console and a bot
//! can share it. The schema comes from the numbered migrations in
//! `desk/migrations/`, tracked in `PRAGMA user_version`. Every user action
//! that touches more than one row runs in one transaction.

pub mod community;
mod contact_search;
pub(crate) mod deliveries;
pub(crate) mod events;
pub(crate) mod invitations;
pub(crate) mod moderators;
mod question_clusters;
pub(crate) mod referrals;
mod review;
pub(crate) mod support;

pub use deliveries::{
    Claimed, DeskFigures, LastCheck, MailProblem, MailState, QueuedMail, Released, Requeued,
    busy_retries,
};
pub use events::{Event, NewEvent, events_kept_from, events_listed_from};
pub use invitations::{FlaggedInvitation, NewsItem, OutboxMail};
pub use moderators::{LinkError, OsUserLink};
pub use question_clusters::{QUESTION_SIMILARITY, QuestionCluster, cluster_questions};
pub use review::{Decision, InviterQueue, ReviewOutcome, Reviewed, TextCluster};
pub use support::handover::{
    Delivery, DeliveryKind, LangCount, MemberWrote, StaffNotice, SweepOutcome, TicketGuess,
    TicketStats, TicketTimes, WaitingFor,
};
pub use support::{
    AuditEntry, FileContent, FileFailure, FileState, FileToFetch, MAX_KEPT_FILE,
    MEMBER_REQUESTER_PREFIX, MemberFile, NewTicket, Ticket, TicketAuthor, TicketFile,
    TicketMessage, TicketRefusal, TicketStatus, UnansweredQuestion, member_requester,
};

use crate::DeskError;
use crate::clock::{self, Timestamp};
use crate::records::MemberId;
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, config::DbConfig,
    params,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The schema migrations, in order; their position + 1 is the schema version.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_community",
        include_str!("../../migrations/0001_community.sql"),
    ),
    (
        "0002_settings",
        include_str!("../../migrations/0002_settings.sql"),
    ),
    (
        "0003_reliability",
        include_str!("../../migrations/0003_reliability.sql"),
    ),
    (
        "0004_tickets",
        include_str!("../../migrations/0004_tickets.sql"),
    ),
    (
        "0005_mail_delivery",
        include_str!("../../migrations/0005_mail_delivery.sql"),
    ),
    (
        "0006_console",
        include_str!("../../migrations/0006_console.sql"),
    ),
    (
        "0007_fewer_pages_per_send",
        include_str!("../../migrations/0007_fewer_pages_per_send.sql"),
    ),
    (
        "0008_refold",
        include_str!("../../migrations/0008_refold.sql"),
    ),
    (
        "0009_withdrawn_notices",
        include_str!("../../migrations/0009_withdrawn_notices.sql"),
    ),
    (
        "0010_refold_questions",
        include_str!("../../migrations/0010_refold_questions.sql"),
    ),
    (
        "0011_approved_invitations",
        include_str!("../../migrations/0011_approved_invitations.sql"),
    ),
    (
        "0012_unreachable_deliveries",
        include_str!("../../migrations/0012_unreachable_deliveries.sql"),
    ),
    (
        "0013_opted_out",
        include_str!("../../migrations/0013_opted_out.sql"),
    ),
    (
        "0014_pieces_and_files",
        include_str!("../../migrations/0014_pieces_and_files.sql"),
    ),
    (
        "0015_renormalized_emails",
        include_str!("../../migrations/0015_renormalized_emails.sql"),
    ),
    (
        "0016_withdrawn_undelivered",
        include_str!("../../migrations/0016_withdrawn_undelivered.sql"),
    ),
    (
        "0017_handed_over",
        include_str!("../../migrations/0017_handed_over.sql"),
    ),
    (
        "0018_discord_ids",
        include_str!("../../migrations/0018_discord_ids.sql"),
    ),
];

/// Migrations that rebuild a table other tables refer to. They run with
/// foreign keys off, as SQLite's procedure for changing a table asks: with
/// them on, dropping the old table would delete (by cascade) every row that
/// refers to it. The keys are checked before the commit, in the tables each
/// rebuilds and those that refer to them: on a large file a check of every
/// table takes seconds.
const REBUILDS_REFERRED_TABLES: &[(&str, &[&str])] =
    &[("0013_opted_out", &["group_invitations", "outbox"])];

/// The tables that a migration `name` rebuilds with foreign keys off.
fn rebuilt_by(name: &str) -> Option<&'static [&'static str]> {
    REBUILDS_REFERRED_TABLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, tables)| *tables)
}

/// Refuses a path with no file, naming it: SQLite would only say that it
/// cannot open it.
fn must_exist(path: &Path) -> Result<(), DeskError> {
    match path.try_exists() {
        Ok(true) => Ok(()),
        Ok(false) => Err(DeskError::Unusable {
            path: path.to_path_buf(),
            problem: crate::FileProblem::Missing,
        }),
        Err(cause) => Err(DeskError::Io {
            path: path.to_path_buf(),
            cause,
        }),
    }
}

/// How long a writer waits for another process's transaction before giving
/// up: the longest one statement of the store waits for the lock.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open community database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The operating-system account acting through this store; every audit
    /// entry records it.
    os_user: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to the
    /// newest schema. Only the commands that fill a community or run the
    /// bot open through here; the others use [`Store::open_existing`], so a
    /// mistyped path is not quietly a new, empty community. A failure on the
    /// file itself names it ([`DeskError::Unusable`]).
    pub fn open(path: &Path) -> Result<Store, DeskError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|cause| DeskError::Io {
                path: parent.to_path_buf(),
                cause,
            })?;
        }
        Store::open_with(path, OpenFlags::default())
    }

    /// Opens the database at `path`, which must exist, and migrates it to
    /// the newest schema, as [`Store::open`] does. No file or directory is
    /// created: a missing file is [`FileProblem::Missing`](crate::FileProblem::Missing).
    pub fn open_existing(path: &Path) -> Result<Store, DeskError> {
        must_exist(path)?;
        // Without SQLITE_OPEN_CREATE, a file removed since the check is
        // refused by SQLite rather than made anew.
        Store::open_with(path, OpenFlags::default() - OpenFlags::SQLITE_OPEN_CREATE)
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Store, DeskError> {
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|cause| DeskError::from(cause).in_file(path))?;
        // SQLite quietly falls back to reading a file it may not write; say
        // so now rather than at the first write, wherever that is.
        if conn
            .is_readonly(rusqlite::MAIN_DB)
            .map_err(|cause| DeskError::from(cause).in_file(path))?
        {
            return Err(DeskError::Unusable {
                path: path.to_path_buf(),
                problem: crate::FileProblem::ReadOnly,
            });
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            os_user: None,
        };
        store.configure().map_err(|e| e.in_file(path))?;
        store.migrate().map_err(|e| e.in_file(path))?;
        Ok(store)
    }

    /// Opens an existing database for reading only; nothing can be written
    /// through it, which is what the address-book comparison promises. So it
    /// cannot upgrade an older file either: that is refused with
    /// [`DeskError::SchemaTooOld`], which says how to upgrade it.
    pub fn open_read_only(path: &Path) -> Result<Store, DeskError> {
        Store::read_only(path).map_err(|e| e.in_file(path))
    }

    fn read_only(path: &Path) -> Result<Store, DeskError> {
        must_exist(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update_and_check(None, "mmap_size", 1_i64 << 30, |_| Ok(()))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            os_user: None,
        };
        let found = store.schema_version()?;
        let known = latest_version();
        if found > known {
            return Err(DeskError::SchemaTooNew {
                path: path.to_path_buf(),
                found,
                known,
            });
        }
        if found < known {
            return Err(DeskError::SchemaTooOld {
                path: path.to_path_buf(),
                found,
                known,
            });
        }
        Ok(store)
    }

    /// The default database: `helpdesk.db` in the platform's data directory
    /// (`~/.local/share/helpdesk/` on Linux, `~/Library/Application
    /// Support/org.helpdesk.helpdesk/` on macOS, `%APPDATA%\helpdesk\helpdesk\data\`
    /// on Windows).
    pub fn default_path() -> Result<PathBuf, DeskError> {
        directories::ProjectDirs::from("org", "helpdesk", "helpdesk")
            .map(|dirs| dirs.data_dir().join("helpdesk.db"))
            .ok_or(DeskError::NoDataDir)
    }

    /// Names the operating-system account acting through this store (see
    /// `helpdesk`'s peer identity); the audit log records it beside the member.
    pub fn set_os_user(&mut self, os_user: Option<&str>) {
        self.os_user = os_user.map(str::to_string);
    }

    /// The operating-system account acting through this store, if named.
    pub fn os_user(&self) -> Option<&str> {
        self.os_user.as_deref()
    }

    /// Where this store lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs a public method's work and names this store's file in its
    /// SQLite failure, so that no caller (the bot, the mail courier, the
    /// web page, the console) has to remember to: every method of `Store`
    /// that can fail goes through here or [`Store::in_its_file_mut`].
    fn in_its_file<T>(&self, work: impl FnOnce() -> Result<T, DeskError>) -> Result<T, DeskError> {
        work().map_err(|e| e.in_file(&self.path))
    }

    /// [`Store::in_its_file`] for a method that writes.
    fn in_its_file_mut<T>(
        &mut self,
        work: impl FnOnce(&mut Store) -> Result<T, DeskError>,
    ) -> Result<T, DeskError> {
        work(self).map_err(|e| e.in_file(&self.path))
    }

    /// Whether `helpdesk demo` made this database (the console says DEMO).
    pub fn is_demo(&self) -> Result<bool, DeskError> {
        self.in_its_file(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT value FROM settings WHERE key = 'demo'")?
                .query_row([], |row| row.get::<_, String>(0))
                .optional()?
                .is_some_and(|v| v == "1"))
        })
    }

    /// Waits at most `patience` for another connection's write lock from
    /// now on instead of [`BUSY_TIMEOUT`], so that a test of what happens
    /// when the lock outlasts the wait need not sit out ten seconds a
    /// statement. These waits are not counted in [`busy_retries`].
    pub fn set_busy_timeout(&mut self, patience: Duration) -> Result<(), DeskError> {
        self.in_its_file(|| Ok(self.conn.busy_timeout(patience)?))
    }

    /// Folds the write-ahead log into the database file, so that the file
    /// alone holds every commit (an import's new database is put in place
    /// as that one file).
    pub fn fold_log(&self) -> Result<(), DeskError> {
        self.in_its_file(|| {
            // SQLite folds the log when its last connection closes too, but
            // then a failure (a disk that fills) is silent and the log, the
            // only copy of the commits, stays beside a file without them.
            let (busy, logged, folded): (i64, i64, i64) =
                self.conn
                    .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                    })?;
            // Another connection's reading holds the log back (busy).
            if busy != 0 || logged != folded {
                return Err(DeskError::Unusable {
                    path: self.path.clone(),
                    problem: crate::FileProblem::Unfolded,
                });
            }
            Ok(())
        })
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, DeskError> {
        self.in_its_file(|| {
            Ok(self
                .conn
                .query_row("PRAGMA user_version", [], |row| row.get(0))?)
        })
    }

    fn configure(&mut self) -> Result<(), DeskError> {
        // Like a busy timeout, but each wait is counted for the metrics.
        self.conn.busy_handler(Some(deliveries::wait_when_busy))?;
        // WAL lets the console read while the bot writes; NORMAL sync is safe in
        // WAL mode (a power cut may lose the last commits, never corrupt).
        //
        // On a new file still in rollback mode, switching to WAL while another
        // process migrates can fail with SQLITE_BUSY at once: SQLite skips the
        // busy handler there to avoid a deadlock. So the switch is retried for
        // as long as a busy wait would last.
        let started = std::time::Instant::now();
        loop {
            match self
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
            {
                Ok(()) => break,
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(e.into()),
            }
        }
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // Reads through a memory map instead of a read() per page: the
        // policy's lookups hop across a large file. The page cache stays at
        // SQLite's default on purpose: mapped pages bypass it, and every
        // commit walks its whole hash table, so a 64 MB cache cost a fifth
        // of a send on the 1M demo.
        self.conn
            .pragma_update_and_check(None, "mmap_size", 1_i64 << 30, |_| Ok(()))?;
        // Without the planner's stability guarantee, SQLite marks a
        // bound `LIMIT ?` (and some `= ?` terms) so that every new value
        // re-parses and re-plans the cached statement: a tenth of a send.
        // The store pins its plans itself and never runs ANALYZE.
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        Ok(())
    }

    /// A 64 MB page cache for one large transaction (the demo seed), or
    /// back to SQLite's default, which suits the many small ones (see
    /// `configure`).
    pub(crate) fn set_bulk_cache(&mut self, on: bool) -> Result<(), DeskError> {
        let kib: i64 = if on { 65_536 } else { 2_000 };
        self.conn.pragma_update(None, "cache_size", -kib)?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<(), DeskError> {
        let known = latest_version();
        loop {
            let found = self.schema_version()?;
            if found > known {
                return Err(DeskError::SchemaTooNew {
                    path: self.path.clone(),
                    found,
                    known,
                });
            }
            if found == known {
                return Ok(());
            }
            let rebuild = usize::try_from(found)
                .ok()
                .and_then(|i| MIGRATIONS.get(i))
                .is_some_and(|(name, _)| rebuilt_by(name).is_some());
            if rebuild {
                // Only outside a transaction does this pragma take effect.
                self.conn.pragma_update(None, "foreign_keys", "OFF")?;
            }
            let step = migrate_from(&mut self.conn, found);
            if rebuild {
                self.conn.pragma_update(None, "foreign_keys", "ON")?;
            }
            step?;
        }
    }

    /// A write transaction that holds the database's write lock from its first
    /// statement, so that a check and the write it guards cannot interleave
    /// with another process.
    pub(crate) fn write(&mut self) -> Result<Write<'_>, DeskError> {
        Ok(Write {
            tx: self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?,
            os_user: self.os_user.as_deref(),
        })
    }
}

/// Runs the migration after version `found` in one transaction; does nothing
/// when another process migrated in the meantime.
fn migrate_from(conn: &mut Connection, found: i64) -> Result<(), DeskError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated between our read and our
    // lock: only the version read under the write lock counts.
    let locked: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if locked != found {
        return Ok(());
    }
    let Some((name, sql)) = usize::try_from(found).ok().and_then(|i| MIGRATIONS.get(i)) else {
        return Err(crate::Refusal::UnknownSchema(found).into());
    };
    let rebuilt = rebuilt_by(name).unwrap_or_default();
    // Rows a foreign key already missed (a member deleted with the sqlite3
    // shell, whose keys are off by default) are the file's, not the
    // rebuild's doing: only a violation the rebuild adds stops it.
    let orphans_before = foreign_key_violations(&tx, rebuilt)?;
    tx.execute_batch(sql)?;
    // Search keys are folded in Rust, so an SQL script cannot fill them.
    if *name == "0006_console" {
        community::backfill_search_keys(&tx)?;
    }
    if *name == "0008_refold" {
        community::refold_search_keys(&tx)?;
        invitations::refold_fingerprints(&tx)?;
    }
    if *name == "0010_refold_questions" {
        question_clusters::refold_unanswered(&tx)?;
    }
    if *name == "0015_renormalized_emails" {
        community::renormalize_emails(&tx)?;
    }
    if !rebuilt.is_empty() {
        // With the keys off nothing checked them while the tables were
        // rebuilt; a row that lost its parent must not be committed.
        let broken = foreign_key_violations(&tx, rebuilt)?
            .into_iter()
            .find(|(table, parent, count)| {
                !orphans_before
                    .iter()
                    .any(|(t, p, c)| t == table && p == parent && c >= count)
            })
            .map(|(table, _, _)| table);
        if let Some(table) = broken {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                Some(format!("migration {name} broke a foreign key of {table}")),
            )
            .into());
        }
    }
    tx.pragma_update(None, "user_version", found + 1)?;
    tx.commit()?;
    Ok(())
}

/// The rows whose parent is missing, counted by table and parent table, in
/// the tables `rebuilt` and the tables that refer to them (none: nothing).
fn foreign_key_violations(
    conn: &Connection,
    rebuilt: &[&str],
) -> Result<Vec<(String, String, i64)>, DeskError> {
    if rebuilt.is_empty() {
        return Ok(Vec::new());
    }
    let mut tables: Vec<String> = rebuilt.iter().map(|t| t.to_string()).collect();
    let mut referring = conn.prepare(
        "SELECT DISTINCT m.name FROM sqlite_schema m, pragma_foreign_key_list(m.name) f \
         WHERE m.type = 'table' AND f.\"table\" = ?1",
    )?;
    for table in rebuilt {
        for child in referring.query_map([table], |row| row.get::<_, String>(0))? {
            tables.push(child?);
        }
    }
    tables.sort();
    tables.dedup();
    let mut check = conn.prepare(
        "SELECT \"table\", parent, count(*) FROM pragma_foreign_key_check(?1) \
         GROUP BY \"table\", parent",
    )?;
    let mut found = Vec::new();
    for table in &tables {
        for row in check.query_map([table], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))? {
            found.push(row?);
        }
    }
    Ok(found)
}

/// A write transaction that knows which operating-system account acts, so
/// that [`audit`] can record it without every caller passing it along.
pub(crate) struct Write<'a> {
    tx: Transaction<'a>,
    os_user: Option<&'a str>,
}

impl<'a> Write<'a> {
    /// Commits the transaction.
    pub(crate) fn commit(self) -> Result<(), DeskError> {
        Ok(self.tx.commit()?)
    }

    /// Rolls the transaction back.
    pub(crate) fn rollback(self) -> Result<(), DeskError> {
        Ok(self.tx.rollback()?)
    }
}

impl<'a> std::ops::Deref for Write<'a> {
    type Target = Transaction<'a>;
    fn deref(&self) -> &Transaction<'a> {
        &self.tx
    }
}

/// Marks the database as made by `helpdesk demo`, inside the seeding
/// transaction, so that the mark and the demo appear together or not at all.
pub(crate) fn mark_demo_in(tx: &Transaction<'_>) -> Result<(), DeskError> {
    tx.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES ('demo', '1')",
        [],
    )?;
    Ok(())
}

/// The newest schema version this build knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Writes one audit-log entry inside the caller's transaction.
pub(crate) fn audit(
    tx: &Write<'_>,
    moderator: Option<MemberId>,
    action: &str,
    target: &str,
    note: &str,
    at: Timestamp,
) -> Result<(), DeskError> {
    tx.prepare_cached(
        "INSERT INTO audit_log (at, moderator, os_user, action, target, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        clock::to_unix(at),
        moderator.map(|m| m.0),
        tx.os_user,
        action,
        target,
        note
    ])?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::records::{GroupId, InvitationId};

    /// A fresh store in a temporary directory that lives as long as the guard.
    pub(crate) fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("desk.db")).expect("open store");
        (dir, store)
    }

    #[test]
    fn an_empty_database_migrates_to_the_latest_version() {
        let (_dir, store) = temp_store();
        assert_eq!(store.schema_version().expect("version"), latest_version());
        let tables: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN \
                 ('members', 'contacts', 'groups', 'memberships', 'group_invitations', 'outbox', \
                  'referral_invitations', 'registrations', 'premium_credits', \
                  'campaigns', 'events', 'tickets', 'ticket_messages', 'unanswered_questions', \
                  'article_feedback', 'audit_log')",
                [],
                |row| row.get(0),
            )
            .expect("count tables");
        assert_eq!(tables, 16);
    }

    /// A database file as an older helpdesk left it: the first `version`
    /// migrations, nothing after them.
    fn database_at_version(path: &Path, version: usize) -> Connection {
        let conn = Connection::open(path).expect("open");
        for (index, (_, sql)) in MIGRATIONS.iter().enumerate().take(version) {
            conn.execute_batch(sql).expect("old migration");
            conn.pragma_update(None, "user_version", index as i64 + 1)
                .expect("version");
        }
        conn
    }

    #[test]
    fn an_older_database_refolds_what_full_width_and_invisible_characters_moved() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        let body = "Ｊｏｉｎ the best busi\u{00ad}ness group in town, everyone is here!";
        {
            // Keys and a fingerprint as the folding before 0008 made them.
            let conn = database_at_version(&path, 7);
            conn.execute_batch(
                "INSERT INTO members (id, email, name, lang, invite_token, created_at) VALUES \
                   (1, 'a@example.org', 'Anna Berg', 'de', 't1', 0), \
                   (2, 'm@example.org', 'ＭＵＥＬＬＥＲ Jo', 'de', 't2', 0); \
                 INSERT INTO member_search_keys (key, member_id) VALUES \
                   ('anna berg', 1), ('berg', 1), ('a@example.org', 1), \
                   ('ｍｕｅｌｌｅｒ jo', 2), ('jo', 2), ('m@example.org', 2); \
                 INSERT INTO groups (id, name, description, kind) \
                   VALUES (1, 'Berlin Networking', '', 'regional');",
            )
            .expect("old rows");
            conn.execute(
                "INSERT INTO group_invitations (id, inviter, invitee, group_id, subject, body, \
                   route, status, fingerprint, sent_at) \
                   VALUES (1, 1, 2, 1, 's', ?1, 'profile', 'sent', x'00', 100)",
                [body],
            )
            .expect("old invitation");
        }
        let store = Store::open(&path).expect("migrates");
        let found: Vec<String> = store
            .search_members("muller", 10)
            .expect("search")
            .into_iter()
            .map(|m| m.email)
            .collect();
        assert_eq!(found, ["m@example.org"]);
        assert_eq!(
            store.search_members("berg", 10).expect("search").len(),
            1,
            "ASCII members keep their keys"
        );
        let stored: Vec<u8> = store
            .conn
            .query_row(
                "SELECT fingerprint FROM group_invitations WHERE id = 1",
                [],
                |row| row.get(0),
            )
            .expect("fingerprint");
        let plain = crate::invitations::mass_mail::fingerprint(
            "Join the best business group in town, everyone is here!",
        );
        assert_eq!(stored, crate::invitations::mass_mail::to_bytes(&plain));
    }

    /// The schema version just before the migration `name`.
    fn version_before(name: &str) -> usize {
        MIGRATIONS
            .iter()
            .position(|(n, _)| *n == name)
            .expect("a migration of that name")
    }

    #[test]
    fn an_older_database_renormalizes_addresses_without_merging_two_members() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            // Addresses as the normalisation before 0015 stored them.
            let conn = database_at_version(&path, version_before("0015_renormalized_emails"));
            conn.execute_batch(
                "INSERT INTO members (id, email, name, lang, invite_token, created_at) VALUES \
                   (1, 'ben@example.org.', 'Ben Ott', 'de', 't1', 0), \
                   (2, 'cara\u{200b}@example.org', 'Cara Lind', 'en', 't2', 0), \
                   (3, 'cara@example.org', 'Cara Lind', 'en', 't3', 0), \
                   (4, 'eva@example.org', 'Eva Roth', 'de', 't4', 0); \
                 INSERT INTO member_search_keys (key, member_id) VALUES \
                   ('ben@example.org.', 1), ('ott', 1), ('ben ott', 1); \
                 INSERT INTO referral_invitations (id, referrer, email, sent_at) VALUES \
                   (1, 4, 'dora@example.org.', 10), (2, 4, 'finn@example.org', 11);",
            )
            .expect("old rows");
        }
        let store = Store::open(&path).expect("migrates");
        let ben = store
            .member_by_email("ben@example.org")
            .expect("lookup")
            .expect("Ben is found by his normalised address");
        assert_eq!((ben.id.0, ben.email.as_str()), (1, "ben@example.org"));
        let searched: Vec<i64> = store
            .search_members("ben@example.org", 10)
            .expect("search")
            .into_iter()
            .map(|m| m.id.0)
            .collect();
        assert_eq!(searched, [1], "the search keys follow the new address");
        let column = |sql: &str| -> Vec<String> {
            store
                .conn
                .prepare(sql)
                .expect("select")
                .query_map([], |row| row.get(0))
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("emails")
        };
        // Cara's second row would collide with her first: both stay apart.
        assert_eq!(
            column("SELECT email FROM members WHERE id IN (2, 3) ORDER BY id"),
            ["cara\u{200b}@example.org", "cara@example.org"]
        );
        assert_eq!(
            column("SELECT email FROM referral_invitations ORDER BY id"),
            ["dora@example.org", "finn@example.org"]
        );
    }

    #[test]
    fn an_older_databases_padded_discord_ids_lose_their_zeros_without_merging_two_members() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            // Ids as imports before 0018 stored them.
            let conn = database_at_version(&path, version_before("0018_discord_ids"));
            conn.execute_batch(
                "INSERT INTO members (id, email, name, lang, invite_token, created_at, discord_id) \
                 VALUES \
                   (1, 'a@example.org', 'Anna', 'de', 't1', 0, '00123'), \
                   (2, 'b@example.org', 'Ben', 'en', 't2', 0, '456'), \
                   (3, 'c@example.org', 'Cara', 'en', 't3', 0, '0456'), \
                   (4, 'd@example.org', 'Dora', 'de', 't4', 0, '0789'), \
                   (5, 'e@example.org', 'Eva', 'de', 't5', 0, '00789'), \
                   (6, 'f@example.org', 'Finn', 'de', 't6', 0, '0'), \
                   (7, 'g@example.org', 'Gus', 'en', 't7', 0, '000'), \
                   (8, 'h@example.org', 'Hana', 'en', 't8', 0, '1000'), \
                   (9, 'i@example.org', 'Ida', 'en', 't9', 0, NULL);",
            )
            .expect("old rows");
        }
        let store = Store::open(&path).expect("migrates");
        let anna = store
            .member_by_discord("123")
            .expect("lookup")
            .expect("Anna is found by the id Discord sends");
        assert_eq!(anna.id.0, 1);
        let ids: Vec<(i64, Option<String>)> = store
            .conn
            .prepare("SELECT id, discord_id FROM members ORDER BY id")
            .expect("select")
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("ids");
        let id = |s: &str| Some(s.to_string());
        assert_eq!(
            ids,
            [
                (1, id("123")),
                // Another member has 456, and 789 would be two members':
                // they stay apart, as they were.
                (2, id("456")),
                (3, id("0456")),
                (4, id("0789")),
                (5, id("00789")),
                // Discord has no user 0.
                (6, None),
                (7, None),
                (8, id("1000")),
                (9, None),
            ]
        );
        let logged: Vec<(String, String, String)> = store
            .conn
            .prepare("SELECT action, target, note FROM audit_log ORDER BY id")
            .expect("select")
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("log");
        let entry = |action: &str, member: i64, note: &str| {
            (
                action.to_string(),
                format!("member:{member}"),
                note.to_string(),
            )
        };
        assert_eq!(
            logged,
            [
                entry("discord-id-kept", 3, "0456"),
                entry("discord-id-kept", 4, "0789"),
                entry("discord-id-kept", 5, "00789"),
                entry("discord-id-removed", 6, "0"),
                entry("discord-id-removed", 7, "000"),
            ],
            "what was not made plain is on the record"
        );
    }

    #[test]
    fn an_older_databases_deliveries_survive_and_a_withdrawn_notice_keeps_its_id() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            // Before 0009: a sent reply (1) and a closing notice tried once (3);
            // row 2 was an untried notice that the old code deleted.
            let conn = database_at_version(&path, 8);
            conn.execute_batch(
                "INSERT INTO tickets (id, source, requester, lang, subject, status, created_at, \
                   updated_at, closed_at) \
                   VALUES (1, 'bot', 'discord:42', 'de', 's', 'closed', 0, 0, 0); \
                 INSERT INTO ticket_deliveries (id, ticket_id, kind, discord_user, lang, author, \
                   body, status, attempts, next_attempt, created_at) VALUES \
                   (1, 1, 'reply', '42', 'de', 'Mia', 'hi', 'sent', 1, 0, 0), \
                   (3, 1, 'closed', '42', 'de', '', '', 'pending', 1, 0, 0);",
            )
            .expect("old rows");
        }
        let mut store = Store::open(&path).expect("migrates");
        let by = store
            .upsert_member(&crate::store::community::NewMember::new(
                "mod@example.org",
                "Mia Moderator",
                locales::Lang::En,
            ))
            .expect("moderator");
        crate::store::support::handover::tests::moderates_a_group(&mut store, by);
        store
            .reopen_ticket(crate::records::TicketId(1), by, clock::from_unix(10))
            .expect("reopen");
        let rows: Vec<(i64, DeliveryKind, String)> = store
            .ticket_deliveries(crate::records::TicketId(1))
            .expect("deliveries")
            .into_iter()
            .map(|(d, status)| (d.id, d.kind, status))
            .collect();
        assert_eq!(
            rows,
            [
                (1, DeliveryKind::Reply, "sent".to_string()),
                (3, DeliveryKind::Closed, "withdrawn".to_string()),
                (4, DeliveryKind::Reopened, "pending".to_string()),
            ]
        );
    }

    #[test]
    fn an_older_database_merges_the_unanswered_questions_that_now_fold_alike() {
        // Before 0010, from a database that has 0009 (the withdrawn notices)
        // and from one that has not: the refold does not depend on it.
        for version in [8, 9] {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join(format!("desk-{version}.db"));
            {
                // Keys as the lowercasing before 0010 made them.
                let conn = database_at_version(&path, version);
                conn.execute_batch(
                    "INSERT INTO unanswered_questions (id, question, normalized, lang, count, \
                       first_asked, last_asked, linked_article) VALUES \
                       (1, 'Ｐａｓｓｗｏｒｔ vergessen?', 'ｐａｓｓｗｏｒｔ vergessen', 'de', 3, 10, 50, NULL), \
                       (2, 'passwort vergessen', 'passwort vergessen', 'de', 2, 5, 40, NULL), \
                       (3, 'passwort vergessen', 'passwort vergessen', 'en', 1, 7, 7, NULL), \
                       (4, 'Wie ändere ich mein Passwort', 'wie ändere ich mein passwort', 'de', 4, 1, 9, \
                         'password-change'), \
                       (5, 'wie aendere ich mein passwort', 'wie aendere ich mein passwort', 'de', 1, \
                         2, 60, NULL), \
                       (6, 'Konto\u{200b} gesperrt', 'konto\u{200b} gesperrt', 'de', 2, 3, 3, 'locked'), \
                       (7, 'konto gesperrt', 'konto gesperrt', 'de', 1, 4, 4, 'blocked');",
                )
                .expect("old rows");
            }
            let mut store = Store::open(&path).expect("migrates");
            let rows: Vec<(i64, String, i64, Option<String>)> = store
                .conn
                .prepare("SELECT id, normalized, count, linked_article FROM unanswered_questions ORDER BY id")
                .expect("prepare")
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("read");
            let row = |id: i64, key: &str, count: i64, linked: Option<&str>| {
                (id, key.to_string(), count, linked.map(str::to_string))
            };
            assert_eq!(
                rows,
                [
                    row(1, "passwort vergessen", 5, None),
                    row(3, "passwort vergessen", 1, None),
                    row(
                        4,
                        "wie andere ich mein passwort",
                        5,
                        Some("password-change")
                    ),
                    // Linked to different articles: both links stay, the
                    // second under a key no question folds to.
                    row(6, "KEPT 6 konto gesperrt", 2, Some("locked")),
                    row(7, "konto gesperrt", 1, Some("blocked")),
                ]
            );
            let times: (i64, i64) = store
                .conn
                .query_row(
                    "SELECT first_asked, last_asked FROM unanswered_questions WHERE id = 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("times");
            assert_eq!(times, (5, 50));
            store
                .record_unanswered(
                    "PASSWORT VERGESSEN",
                    locales::Lang::De,
                    clock::from_unix(70),
                )
                .expect("record");
            assert_eq!(store.unanswered_question(1).expect("row").count, 6);
        }
    }

    #[test]
    fn a_row_kept_apart_by_its_link_never_blocks_the_refold_of_another() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            // "quen" folds to "qun" (joining 11, but linked elsewhere), and
            // "queen" folds to "quen", the key 10 had.
            let conn = database_at_version(&path, 9);
            conn.execute_batch(
                "INSERT INTO unanswered_questions (id, question, normalized, lang, count, \
                   first_asked, last_asked, linked_article) VALUES \
                   (10, 'quen', 'quen', 'de', 1, 1, 1, 'b'), \
                   (11, 'qun', 'qun', 'de', 1, 1, 1, 'a'), \
                   (12, 'queen', 'queen', 'de', 2, 1, 1, NULL);",
            )
            .expect("old rows");
        }
        let store = Store::open(&path).expect("the upgrade finishes");
        let keys: Vec<(i64, String)> = store
            .conn
            .prepare("SELECT id, normalized FROM unanswered_questions ORDER BY id")
            .expect("prepare")
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("read");
        assert_eq!(
            keys,
            [
                (10, "KEPT 10 qun".to_string()),
                (11, "qun".to_string()),
                (12, "quen".to_string())
            ]
        );
    }

    #[test]
    fn the_invitations_and_their_mails_survive_the_rebuild_for_opt_outs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            // The schema before 0013, with an invitation, its mail and one held.
            let conn = database_at_version(&path, 12);
            conn.execute_batch(
                "INSERT INTO members (id, email, name, lang, invite_token, created_at) VALUES \
                   (1, 'a@example.org', 'Anna Berg', 'de', 't1', 0), \
                   (2, 'b@example.org', 'Ben Kurz', 'de', 't2', 0); \
                 INSERT INTO groups (id, name, description, kind) \
                   VALUES (1, 'Berlin Networking', '', 'regional'); \
                 INSERT INTO group_invitations (id, inviter, invitee, group_id, subject, body, \
                   route, status, sent_at, delivered_at) VALUES \
                   (1, 1, 2, 1, 's', 'b', 'profile', 'sent', 100, 100), \
                   (2, 1, 2, 1, 's', 'b', 'profile', 'flagged', 150, NULL); \
                 INSERT INTO outbox (id, to_member, to_email, lang, subject, body, \
                   invitation_id, created_at, state) \
                   VALUES (7, 2, 'b@example.org', 'de', 's', 'b', 1, 100, 'queued');",
            )
            .expect("old rows");
        }
        let mut store = Store::open(&path).expect("migrate");
        assert_eq!(
            store.invitation_mail(InvitationId(1)).expect("mail"),
            Some(MailState::Queued {
                attempts: 0,
                last_error: None
            }),
            "the mail outlived the rebuild of the invitations it refers to"
        );
        let (fk, problems): (i64, i64) = store
            .conn
            .query_row(
                "SELECT (SELECT foreign_keys FROM pragma_foreign_keys), \
                 (SELECT count(*) FROM pragma_foreign_key_check)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .expect("pragmas");
        assert_eq!((fk, problems), (1, 0), "foreign keys on again, and kept");
        store
            .set_group_invitations(MemberId(2), false)
            .expect("the new state fits the rebuilt table");
        assert_eq!(
            store.invitation(InvitationId(2)).expect("held").status,
            crate::InvitationStatus::OptedOut
        );
    }

    #[test]
    fn invitations_held_for_someone_who_had_opted_out_before_the_upgrade_are_withdrawn() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            // Before 0013 an opt-out left what was held for review held:
            // a moderator could only reject it, a strike against the sender.
            let conn = database_at_version(&path, version_before("0013_opted_out"));
            conn.execute_batch(
                "INSERT INTO members (id, email, name, lang, invite_token, created_at, \
                   group_invitations) VALUES \
                   (1, 'a@example.org', 'Anna Berg', 'de', 't1', 0, 1), \
                   (2, 'b@example.org', 'Ben Kurz', 'de', 't2', 0, 0), \
                   (3, 'c@example.org', 'Cara Lind', 'en', 't3', 0, 1); \
                 INSERT INTO groups (id, name, description, kind) \
                   VALUES (1, 'Berlin Networking', '', 'regional'); \
                 INSERT INTO group_invitations (id, inviter, invitee, group_id, subject, body, \
                   route, status, sent_at, delivered_at) VALUES \
                   (1, 1, 2, 1, 's', 'b', 'profile', 'flagged', 150, NULL), \
                   (2, 1, 3, 1, 's', 'b', 'profile', 'flagged', 160, NULL), \
                   (3, 1, 2, 1, 's', 'b', 'profile', 'sent', 100, 100);",
            )
            .expect("old rows");
        }
        let store = Store::open(&path).expect("migrate");
        let status = |id: i64| {
            store
                .invitation(InvitationId(id))
                .expect("invitation")
                .status
        };
        assert_eq!(
            status(1),
            crate::InvitationStatus::OptedOut,
            "held for Ben, who had switched invitations off"
        );
        assert_eq!(status(2), crate::InvitationStatus::Flagged, "Cara's waits");
        assert_eq!(status(3), crate::InvitationStatus::Sent, "history stays");
    }

    #[test]
    fn mails_an_older_version_left_sending_count_as_possibly_sent_if_a_try_was_counted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            let conn = database_at_version(&path, version_before("0017_handed_over"));
            conn.execute_batch(
                "INSERT INTO members (id, email, name, lang, invite_token, created_at) VALUES \
                   (1, 'a@example.org', 'Anna Berg', 'de', 't1', 0); \
                 INSERT INTO outbox (id, to_member, to_email, lang, subject, body, \
                   created_at, state, attempts) VALUES \
                   (1, 1, 'a@example.org', 'de', 's', 'b', 100, 'sending', 1), \
                   (2, 1, 'a@example.org', 'de', 's', 'b', 100, 'sending', 0), \
                   (3, 1, 'a@example.org', 'de', 's', 'b', 100, 'queued', 2); \
                 INSERT INTO outbox (id, to_member, to_email, lang, subject, body, \
                   created_at, state, attempts, last_error) VALUES \
                   (4, 1, 'a@example.org', 'de', 's', 'b', 100, 'failed', 1, 'refused 550 no'), \
                   (5, 1, 'a@example.org', 'de', 's', 'b', 100, 'failed', 3, 'refused 550 no'), \
                   (6, 1, 'a@example.org', 'de', 's', 'b', 100, 'failed', 1, 'timeout 30'), \
                   (7, 1, 'a@example.org', 'de', 's', 'b', 100, 'failed', 2, 'tries 2'), \
                   (8, 1, 'a@example.org', 'de', 's', 'b', 100, 'failed', 1, 'check x'), \
                   (9, 1, 'a@example.org', 'de', 's', 'b', 100, 'failed', 1, 'bounced');",
            )
            .expect("old rows");
        }
        let mut store = Store::open(&path).expect("migrate");
        // Only the last reason was kept: a mail refused or unchecked at its
        // one try surely never arrived; with more tries, or a reason that
        // does not rule it out (old free text too), it may have.
        let maybe: Vec<i64> = store
            .conn
            .prepare("SELECT id FROM outbox WHERE maybe_accepted = 1 ORDER BY id")
            .expect("statement")
            .query_map([], |row| row.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("ids");
        assert_eq!(maybe, [1, 3, 5, 6, 7, 9]);
        // Which of them was let go is not known: one with a try may have been.
        assert_eq!(
            store.release_unfinished_mails().expect("released"),
            super::Requeued {
                handed_over: 1,
                never_handed_over: 1
            }
        );
    }

    #[test]
    fn invitations_whose_mail_an_opt_out_withdrew_before_the_upgrade_read_as_withdrawn() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            // Before 0016 an opt-out ended the mail but left its invitation
            // delivered: Ben's sent one and Cara's approved one. Cara's
            // other invitation went out before she opted out.
            let conn = database_at_version(&path, version_before("0016_withdrawn_undelivered"));
            conn.execute_batch(
                "INSERT INTO members (id, email, name, lang, invite_token, created_at, \
                   group_invitations) VALUES \
                   (1, 'a@example.org', 'Anna Berg', 'de', 't1', 0, 1), \
                   (2, 'b@example.org', 'Ben Kurz', 'de', 't2', 0, 0), \
                   (3, 'c@example.org', 'Cara Lind', 'en', 't3', 0, 0), \
                   (4, 'd@example.org', 'Dora Frank', 'en', 't4', 0, 1); \
                 INSERT INTO groups (id, name, description, kind) \
                   VALUES (1, 'Berlin Networking', '', 'regional'), \
                   (2, 'Logistik', '', 'regional'); \
                 INSERT INTO group_invitations (id, inviter, invitee, group_id, subject, body, \
                   route, status, sent_at, reviewed_by, reviewed_at, delivered_at) VALUES \
                   (1, 1, 2, 1, 's', 'b', 'profile', 'sent', 100, NULL, NULL, 100), \
                   (2, 1, 3, 1, 's', 'b', 'profile', 'approved', 110, 4, 120, 120), \
                   (3, 1, 3, 2, 's', 'b', 'profile', 'sent', 90, NULL, NULL, 90), \
                   (4, 1, 4, 1, 's', 'b', 'profile', 'sent', 95, NULL, NULL, 95); \
                 INSERT INTO outbox (id, to_member, to_email, lang, subject, body, \
                   invitation_id, created_at, state) VALUES \
                   (1, 2, 'b@example.org', 'de', 's', 'b', 1, 100, 'opted-out'), \
                   (2, 3, 'c@example.org', 'en', 's', 'b', 2, 120, 'opted-out'), \
                   (3, 3, 'c@example.org', 'en', 's', 'b', 3, 90, 'sent'), \
                   (4, 4, 'd@example.org', 'en', 's', 'b', 4, 95, 'queued');",
            )
            .expect("old rows");
        }
        let store = Store::open(&path).expect("migrate");
        let read = |id: i64| -> (String, Option<i64>, Option<i64>, Option<i64>) {
            store
                .conn
                .query_row(
                    "SELECT status, delivered_at, reviewed_by, reviewed_at \
                     FROM group_invitations WHERE id = ?1",
                    [id],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                )
                .expect("invitation")
        };
        let (status, delivered, by, at) = read(1);
        assert_eq!((status.as_str(), delivered, by), ("opted-out", None, None));
        assert!(at.is_some_and(|at| at > 1_000_000_000), "when: the upgrade");
        assert_eq!(
            read(2),
            ("opted-out".into(), None, Some(4), Some(120)),
            "the approval stays on record"
        );
        assert_eq!(
            read(3),
            ("sent".into(), Some(90), None, None),
            "it went out"
        );
        assert_eq!(
            read(4),
            ("sent".into(), Some(95), None, None),
            "still queued"
        );
        let news = store.group_news(GroupId(1), 10).expect("news");
        assert_eq!(
            news.iter()
                .map(|n| n.subject.clone().unwrap_or_default())
                .collect::<Vec<_>>(),
            ["Dora Frank"],
            "only what reached its invitee"
        );
    }

    #[test]
    fn rows_orphaned_before_the_upgrade_do_not_stop_the_rebuild_for_opt_outs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            // A member deleted with the sqlite3 shell, whose foreign keys are
            // off by default: their contact row and their mail stay behind.
            let conn = database_at_version(&path, version_before("0013_opted_out"));
            conn.execute_batch(
                "INSERT INTO members (id, email, name, lang, invite_token, created_at) VALUES \
                   (1, 'a@example.org', 'Anna Berg', 'de', 't1', 0), \
                   (2, 'b@example.org', 'Ben Kurz', 'de', 't2', 0); \
                 INSERT INTO contacts (a, b, since) VALUES (1, 2, 0); \
                 INSERT INTO outbox (id, to_member, to_email, lang, subject, body, created_at) \
                   VALUES (5, 2, 'b@example.org', 'de', 's', 'b', 100); \
                 PRAGMA foreign_keys = OFF; \
                 DELETE FROM members WHERE id = 2;",
            )
            .expect("old rows");
        }
        let store = Store::open(&path).expect("the upgrade runs on a file with old orphans");
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .expect("version");
        assert_eq!(version, MIGRATIONS.len() as i64);
        let mails: i64 = store
            .conn
            .query_row("SELECT count(*) FROM outbox", [], |row| row.get(0))
            .expect("count");
        assert_eq!(mails, 1, "the rebuild copied the orphan as it was");
    }

    #[test]
    fn the_group_news_of_an_older_database_survives_its_move_into_the_invitations() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            // The schema before migration 0007: news was a table of its own.
            let conn = database_at_version(&path, 6);
            conn.execute_batch(
                "INSERT INTO members (id, email, name, lang, invite_token, created_at) VALUES \
                   (1, 'a@example.org', 'Anna Berg', 'de', 't1', 0), \
                   (2, 'b@example.org', 'Ben Kurz', 'de', 't2', 0); \
                 INSERT INTO groups (id, name, description, kind) \
                   VALUES (1, 'Berlin Networking', '', 'regional'); \
                 INSERT INTO group_invitations (id, inviter, invitee, group_id, subject, body, \
                   route, status, sent_at) VALUES \
                   (1, 1, 2, 1, 's', 'b', 'profile', 'approved', 100), \
                   (2, 2, 1, 1, 's', 'b', 'profile', 'flagged', 150); \
                 INSERT INTO group_news (group_id, kind, actor, subject, invitation_id, at) \
                   VALUES (1, 'invitation', 1, 2, 1, 200);",
            )
            .expect("old rows");
        }
        let store = Store::open(&path).expect("migrate");
        let news = store
            .group_news(crate::records::GroupId(1), 10)
            .expect("news");
        assert_eq!(news.len(), 1, "{news:?}");
        assert_eq!(news[0].actor.as_deref(), Some("Anna Berg"));
        assert_eq!(news[0].subject.as_deref(), Some("Ben Kurz"));
        assert_eq!(news[0].at, clock::from_unix(200));
    }

    #[test]
    fn an_older_database_gets_search_keys_for_its_members() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            // The schema before the console's migration, with one member.
            let conn = database_at_version(&path, 2);
            conn.execute(
                "INSERT INTO members (email, name, lang, invite_token, created_at) \
                 VALUES ('k@example.org', 'Käthe Krüger', 'de', 't', 0)",
                [],
            )
            .expect("member");
        }
        let store = Store::open(&path).expect("migrate");
        let found = store.search_members("KRUEGER", 5).expect("search");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "Käthe Krüger");
    }

    #[test]
    fn a_failing_method_names_the_file_without_its_caller() {
        let (dir, mut store) = temp_store();
        let path = dir.path().join("desk.db");
        // Damaged behind the store's back, as another program might.
        Connection::open(&path)
            .expect("second connection")
            .execute_batch("DROP TABLE member_search_keys; DROP TABLE memberships;")
            .expect("drop");
        let reading = store.moderators().expect_err("no memberships");
        let writing = store
            .upsert_member(&crate::store::community::NewMember::new(
                "a@example.org",
                "Anna Berg",
                locales::Lang::En,
            ))
            .expect_err("no search keys");
        for err in [reading, writing] {
            let said = err.to_string();
            assert!(said.starts_with(&format!("{}: ", path.display())), "{said}");
            assert!(said.contains("no such table"), "{said}");
            // Named once, however often it is named again.
            assert_eq!(err.in_file(&path).to_string(), said);
        }
    }

    /// The public `Store` methods that can fail, as `(file, line, name)`,
    /// each with whether its body starts in `in_its_file(_mut)`.
    fn failing_methods(dir: &std::path::Path, found: &mut Vec<(String, usize, String, bool)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("store sources")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "tests" || name == "tests.rs" {
                continue;
            }
            if path.is_dir() {
                failing_methods(&path, found);
                continue;
            }
            if !name.ends_with(".rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            let lines: Vec<&str> = text.lines().collect();
            let mut in_store = false;
            let mut i = 0;
            while i < lines.len() {
                match lines[i] {
                    "impl Store {" => in_store = true,
                    "}" => in_store = false,
                    line if in_store && line.starts_with("    pub fn ") => {
                        let mut signature = line.to_string();
                        let mut end = i;
                        while !lines[end].trim_end().ends_with('{') && end + 1 < lines.len() {
                            end += 1;
                            signature.push_str(lines[end]);
                        }
                        let takes_self = signature
                            .split(')')
                            .next()
                            .is_some_and(|params| params.contains("self"));
                        if takes_self && signature.contains("DeskError") {
                            let body = lines[end + 1..(end + 3).min(lines.len())].join(" ");
                            found.push((
                                path.display().to_string(),
                                i + 1,
                                line.trim().to_string(),
                                body.contains("in_its_file"),
                            ));
                        }
                        i = end;
                    }
                    _ => {}
                }
                i += 1;
            }
        }
    }

    #[test]
    fn every_public_store_method_that_can_fail_names_its_file() {
        let mut found = Vec::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
        failing_methods(&dir, &mut found);
        // So that a change in layout cannot make the check pass by finding nothing.
        assert!(found.len() >= 90, "only {} methods found", found.len());
        let unwrapped: Vec<String> = found
            .iter()
            .filter(|(.., wrapped)| !wrapped)
            .map(|(file, line, name, _)| format!("{file}:{line}: {name}"))
            .collect();
        assert!(
            unwrapped.is_empty(),
            "run these through in_its_file or in_its_file_mut:\n{}",
            unwrapped.join("\n")
        );
    }

    #[test]
    fn reopening_does_not_migrate_twice() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        drop(Store::open(&path).expect("first open"));
        let store = Store::open(&path).expect("second open");
        assert_eq!(store.schema_version().expect("version"), latest_version());
    }

    #[test]
    fn after_fold_log_the_database_file_alone_holds_every_commit() {
        let (dir, store) = temp_store();
        store
            .conn
            .execute(
                "INSERT INTO settings (key, value) VALUES ('folded', 'yes')",
                [],
            )
            .expect("write");
        store.fold_log().expect("folded");
        // The file without its log, as an import puts it in place.
        let alone = dir.path().join("alone.db");
        std::fs::copy(store.path(), &alone).expect("copy");
        let copy = rusqlite::Connection::open(&alone).expect("open the copy");
        let value: Option<String> = copy
            .query_row(
                "SELECT value FROM settings WHERE key = 'folded'",
                [],
                |row| row.get(0),
            )
            .optional()
            .expect("read");
        assert_eq!(value.as_deref(), Some("yes"));
    }

    #[test]
    fn a_log_another_reader_holds_back_is_not_folded_and_said_so() {
        let (dir, mut store) = temp_store();
        store
            .set_busy_timeout(Duration::from_millis(50))
            .expect("patience");
        store
            .conn
            .execute("INSERT INTO settings (key, value) VALUES ('a', '1')", [])
            .expect("write");
        // A reader that began before the next commit keeps that commit's
        // pages in the log.
        let reader = rusqlite::Connection::open(dir.path().join("desk.db")).expect("reader");
        reader.execute_batch("BEGIN").expect("begin");
        let _: i64 = reader
            .query_row("SELECT count(*) FROM settings", [], |row| row.get(0))
            .expect("read");
        store
            .conn
            .execute("INSERT INTO settings (key, value) VALUES ('b', '2')", [])
            .expect("write");
        let refused = store.fold_log().expect_err("held back");
        assert!(
            matches!(
                refused,
                DeskError::Unusable {
                    problem: crate::FileProblem::Unfolded,
                    ..
                }
            ),
            "{refused:?}"
        );
        let l = locales::Localizer::embedded().expect("locales");
        let said = refused.in_language(&l, locales::Lang::De, None);
        assert!(said.contains("Write-Ahead-Log"), "{said}");
        reader.execute_batch("COMMIT").expect("end");
        store.fold_log().expect("folded once the reader is gone");
    }

    #[test]
    fn wal_and_foreign_keys_are_on() {
        let (_dir, store) = temp_store();
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .expect("journal mode");
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", [], |row| row.get(0))
            .expect("foreign keys");
        assert_eq!(fk, 1);
    }

    #[test]
    fn a_newer_schema_is_refused_with_a_clear_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        {
            let conn = Connection::open(&path).expect("open");
            conn.pragma_update(None, "user_version", 99)
                .expect("set version");
        }
        let err = Store::open(&path).expect_err("newer schema");
        assert!(err.to_string().contains("99"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_named_with_what_is_wrong() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("junk.db");
        std::fs::write(&path, "junk\n".repeat(200)).expect("junk");
        for result in [Store::open(&path), Store::open_read_only(&path)] {
            match result {
                Err(DeskError::Unusable {
                    path: named,
                    problem,
                }) => {
                    assert_eq!(named, path);
                    assert_eq!(problem, crate::FileProblem::NotSqlite);
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn reading_only_refuses_an_older_database_it_cannot_upgrade() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        drop(database_at_version(&path, 3));
        match Store::open_read_only(&path) {
            Err(DeskError::SchemaTooOld {
                path: named,
                found: 3,
                known,
            }) => {
                assert_eq!(named, path);
                assert_eq!(known, latest_version());
            }
            other => panic!("{other:?}"),
        }
        let store = Store::open(&path).expect("a writing opening upgrades it");
        drop(store);
        Store::open_read_only(&path).expect("then reading only works");
    }

    #[test]
    fn a_missing_database_is_named_and_only_the_creating_opening_makes_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("not-yet").join("typo.db");
        for result in [Store::open_existing(&path), Store::open_read_only(&path)] {
            match result {
                Err(DeskError::Unusable {
                    path: named,
                    problem,
                }) => {
                    assert_eq!(named, path);
                    assert_eq!(problem, crate::FileProblem::Missing);
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(
            !dir.path().join("not-yet").exists(),
            "neither the file nor its folder is made"
        );
        std::fs::create_dir(dir.path().join("not-yet")).expect("folder");
        drop(database_at_version(&path, 3));
        let store = Store::open_existing(&path).expect("an existing file opens");
        assert_eq!(store.schema_version().expect("version"), latest_version());
        drop(store);
        Store::open(&path).expect("the creating opening opens it too");
    }
}
