//! Property tests for the parsers that take a member's or an admin's file:
//! address books and import TOML. Whatever the input, they never panic, an
//! error names a line that is in the input, and a failed import writes
//! nothing. Case counts are bounded so each property runs in seconds.

use desk::Store;
use desk::address_book::{AddressBook, AddressBookError};
use desk::import::{ImportError, import_text};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use std::path::Path;

/// The lines a text has (a final line without `\n` counts).
fn lines_in(bytes: &[u8]) -> usize {
    1 + bytes.iter().filter(|b| **b == b'\n').count()
}

/// Pieces that address-book parsers find interesting, glued at random.
fn address_book_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Name,E-mail 1 - Value\n".to_string()),
        Just("Vorname;Nachname;E-Mail-Adresse\r\n".to_string()),
        Just("First Name,Last Name,Primary Email,\n".to_string()),
        Just("BEGIN:VCARD\n".to_string()),
        Just("END:VCARD\n".to_string()),
        Just("VERSION:2.1\n".to_string()),
        Just("N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BC=\n".to_string()),
        Just("item1.EMAIL;type=INTERNET:a@example.org\n".to_string()),
        Just(" folded\n".to_string()),
        Just("\"".to_string()),
        Just("\"\"".to_string()),
        Just(",".to_string()),
        Just(";".to_string()),
        Just(":::".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        "[a-zA-Z0-9@.äöüß =]{0,12}",
    ]
}

fn address_book_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        proptest::collection::vec(address_book_piece(), 0..40)
            .prop_map(|pieces| pieces.concat().into_bytes()),
        // The same, as Windows-1252 or UTF-16 would carry it.
        proptest::collection::vec(address_book_piece(), 0..20).prop_map(|pieces| {
            let text = pieces.concat();
            let mut bytes = vec![0xFF, 0xFE];
            for unit in text.encode_utf16() {
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
            bytes
        }),
        proptest::collection::vec(address_book_piece(), 0..20).prop_map(|pieces| {
            pieces
                .concat()
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                .collect()
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn address_books_never_panic_and_errors_name_a_line_of_the_file(bytes in address_book_bytes()) {
        match AddressBook::parse(&bytes) {
            Ok(book) => {
                for entry in &book.entries {
                    prop_assert!(entry.line >= 1 && entry.line <= lines_in(&bytes), "{entry:?}");
                    prop_assert!(!entry.emails.is_empty());
                }
            }
            Err(AddressBookError::Syntax { line, problem }) => {
                prop_assert!(line >= 1 && line <= lines_in(&bytes), "line {line}: {problem}");
            }
            Err(AddressBookError::Charset { line, label, problem }) => {
                prop_assert!(line >= 1 && line <= lines_in(&bytes), "line {line}: {label} {problem:?}");
            }
            Err(AddressBookError::Encoding { line }) => {
                prop_assert!(line >= 1 && line <= lines_in(&bytes), "line {line}");
            }
            Err(AddressBookError::Empty) => {}
            Err(other) => prop_assert!(false, "{other}"),
        }
    }
}

/// Lines an import file is made of, good and bad.
fn import_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[[members]]".to_string()),
        Just("[[groups]]".to_string()),
        Just("[[memberships]]".to_string()),
        Just("[[contacts]]".to_string()),
        Just("kind = \"regional\"".to_string()),
        Just("lang = \"de\"".to_string()),
        Just("lang = \"fr\"".to_string()),
        Just("role = \"moderator\"".to_string()),
        Just("role = \"ambassador\"".to_string()),
        Just("premium = true".to_string()),
        Just("group = \"Berlin\"".to_string()),
        Just("a = \"x@example.org\"".to_string()),
        Just("b = \"y@example.org\"".to_string()),
        "(email|name|group) = \"[a-z@.]{0,10}\"",
        "(name|description) = \"[a-zäöü \\\\\"]{0,10}\"",
        "[a-z\\[\\]=\" ]{0,12}",
        Just(String::new()),
    ]
}

/// Rows in every table an import writes, read beside the store.
fn counts(db: &Path) -> Vec<i64> {
    let conn = rusqlite::Connection::open(db).expect("open");
    ["members", "groups", "memberships", "contacts"]
        .iter()
        .map(|table| {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .expect("count")
        })
        .collect()
}

#[test]
fn import_files_never_panic_and_a_refused_file_changes_nothing() {
    // One store for all cases: successful imports pile up, as they would.
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("import.db");
    let store = std::cell::RefCell::new(Store::open(&db).expect("store"));
    let mut runner = TestRunner::new(ProptestConfig::with_cases(256));
    let lines = proptest::collection::vec(import_line(), 0..30);
    let outcome = runner.run(&lines, |lines| {
        let text = lines.join("\n");
        let before = counts(&db);
        let result = import_text(&mut store.borrow_mut(), Path::new("community.toml"), &text);
        match result {
            Ok(_) => {}
            Err(ImportError::Invalid { line, message, .. }) => {
                prop_assert!(
                    line >= 1 && line <= lines_in(text.as_bytes()),
                    "line {line}: {message}"
                );
                prop_assert_eq!(counts(&db), before, "a refused import wrote something");
            }
            Err(other) => prop_assert!(false, "{other}"),
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
