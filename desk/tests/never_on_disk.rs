//! The contact search promises that an address book serves one scan and is
//! gone. We do better: it never reaches the disk at all.

use desk::address_book::AddressBook;
use desk::store::community::NewMember;
use desk::{Store, demo};
use locales::{Lang, Localizer};
use std::path::Path;

const SECRETS: [&str; 3] = [
    "zelda.secret-1@private-mail.example",
    "yannick.hidden@another-host.example",
    "xaver.unseen+tag@third.example",
];

fn files_of(db: &Path) -> Vec<std::path::PathBuf> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            name.into()
        })
        .collect()
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
    drop(store);

    let mut checked = 0;
    for path in files_of(&db) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        checked += 1;
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
    assert!(checked >= 1, "the database file itself was searched");
    // The member found is a real member, so their address is in the database;
    // the search itself is not blind.
    let bytes = std::fs::read(&db).expect("db");
    assert!(contains(&bytes, ben.email.as_bytes()));
}
