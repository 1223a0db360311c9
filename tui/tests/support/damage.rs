//! A disk going bad under a running program, for the console's tests and
//! the binary's: shared by path, since crates cannot share test code.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

/// Overwrites the root page of `table` (or of an index) in the closed
/// database at `db` with bytes that are no b-tree page. Opening still works,
/// since it reads only the header and the schema; the first read of that
/// table fails, as a disk going bad under a running command would make it.
pub fn damage_table(db: &Path, table: &str) {
    let (page_size, root): (i64, i64) = {
        let conn = rusqlite::Connection::open(db).expect("open");
        let page_size = conn
            .query_row("PRAGMA page_size", [], |row| row.get(0))
            .expect("page size");
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
                [table],
                |row| row.get(0),
            )
            .expect("root page");
        (page_size, root)
    };
    // The connection is closed, so the WAL is checkpointed into the file.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(db)
        .expect("open file");
    file.seek(SeekFrom::Start(((root - 1) * page_size) as u64))
        .expect("seek");
    file.write_all(&vec![0xff; page_size as usize])
        .expect("damage");
}
