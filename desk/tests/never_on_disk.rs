//! The contact search promises that an address book serves one scan and is
//! gone. We do better: it never reaches the disk at all.

use desk::address_book::AddressBook;
use desk::store::community::NewMember;
use desk::{Store, demo};
use locales::{Lang, Localizer};
use std::path::{Path, PathBuf};

const SECRETS: [&str; 3] = [
    "zelda.secret-1@private-mail.example",
    "yannick.hidden@another-host.example",
    "xaver.unseen+tag@third.example",
];

/// The database file, its WAL, its shared-memory index and its rollback
/// journal.
fn files_of(db: &Path) -> [PathBuf; 4] {
    ["", "-wal", "-shm", "-journal"].map(|suffix| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        name.into()
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn an_imported_address_book_leaves_no_trace_in_the_database_files() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    let l = Localizer::embedded().expect("locales");
    let mut store = Store::open(&db).expect("open");
    demo::seed(
        &mut store,
        &l,
        &demo::DemoOptions {
            members: 200,
            ..Default::default()
        },
        &mut |_| {},
    )
    .expect("demo");
    let anna = store
        .member_by_email(demo::DEMO_MODERATORS[0])
        .expect("read")
        .expect("anna");
    let ben = store
        .member_by_email(demo::DEMO_MODERATORS[1])
        .expect("read")
        .expect("ben");

    let mut csv = String::from("Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value\n");
    csv.push_str(&format!("Ben Carter,Ben,Carter,Work,{}\n", ben.email));
    for (i, secret) in SECRETS.iter().enumerate() {
        csv.push_str(&format!("Secret {i},Secret,{i},Home,{secret}\n"));
    }
    let upload = tempfile::tempdir().expect("upload dir");
    let file = upload.path().join("contacts.csv");
    std::fs::write(&file, csv).expect("write upload");

    let book = AddressBook::read_file(&file).expect("parse");
    let comparison = store.compare_address_book(anna.id, &book).expect("compare");
    assert_eq!(comparison.to_invite.len(), 3);
    assert_eq!(
        comparison.contacts.len() + comparison.members_not_contacts.len(),
        1
    );

    // Keep working as the console would, so the WAL sees real traffic afterwards.
    store
        .upsert_member(&NewMember::new("new@example.org", "New Member", Lang::En))
        .expect("write");

    // Search while the connection is open: closing it would checkpoint the
    // WAL into the main file and delete it, hiding what it held.
    let [main, wal, shm, journal] = files_of(&db);
    for path in [&main, &wal, &shm] {
        let bytes = std::fs::read(path).unwrap_or_else(|e| {
            panic!(
                "{} should exist while the store is open: {e}",
                path.display()
            )
        });
        assert!(!bytes.is_empty(), "{} is empty", path.display());
        for secret in SECRETS {
            assert!(
                !contains(&bytes, secret.as_bytes()),
                "{secret} found in {}",
                path.display()
            );
            let local = secret.split('@').next().unwrap_or(secret);
            assert!(
                !contains(&bytes, local.as_bytes()),
                "{local} found in {}",
                path.display()
            );
        }
    }
    assert!(
        !journal.exists(),
        "a WAL database keeps no rollback journal"
    );
    // The search is not blind: the last write is in the WAL, and the member
    // found is a real member, so their address is in the database.
    let wal_bytes = std::fs::read(&wal).expect("wal");
    assert!(
        contains(&wal_bytes, b"new@example.org"),
        "the WAL holds the last write"
    );
    let main_bytes = std::fs::read(&main).expect("db");
    assert!(
        contains(&main_bytes, ben.email.as_bytes()) || contains(&wal_bytes, ben.email.as_bytes()),
        "the member's address is in the database or its WAL"
    );
    drop(store);
}
