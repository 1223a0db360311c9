//! Address books in the shapes that Google, Outlook, Thunderbird, Apple
//! Contacts and phones really export, written by us for these tests: each
//! file is read through `AddressBook::read_file` exactly as `contacts compare`
//! reads an upload.

use desk::address_book::{AddressBook, Entry, Format};
use std::path::PathBuf;

fn read(name: &str) -> AddressBook {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/address_books")
        .join(name);
    AddressBook::read_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The entries as (name, addresses, line), easy to compare.
fn people(book: &AddressBook) -> Vec<(&str, Vec<&str>, usize)> {
    book.entries
        .iter()
        .map(|Entry { name, emails, line }| {
            (
                name.as_str(),
                emails.iter().map(String::as_str).collect(),
                *line,
            )
        })
        .collect()
}

#[test]
fn google_english_export() {
    let book = read("google_en.csv");
    assert_eq!(book.format, Format::GoogleCsv);
    assert_eq!(
        people(&book),
        [
            (
                "Anna Berg",
                vec!["anna.berg@example.org", "anna@berg-co.example"],
                2
            ),
            (
                "Zoë O'Neil",
                vec!["zoe.oneil@example.com", "zoe@example.net"],
                3
            ),
        ]
    );
}

#[test]
fn google_german_export() {
    let book = read("google_de.csv");
    assert_eq!(book.format, Format::GoogleCsv);
    assert_eq!(
        people(&book),
        [
            ("Jörg Müller", vec!["joerg.mueller@example.de"], 2),
            (
                "Schäfer, Grete",
                vec!["grete.schaefer@example.de", "grete@example.org"],
                3
            ),
        ]
    );
}

/// The three people of every Outlook sample, whatever its language.
fn outlook_english(book: &AddressBook) {
    assert_eq!(book.format, Format::OutlookCsv);
    assert_eq!(
        people(book),
        [
            ("Carla Díaz", vec!["carla.diaz@example.org"], 2),
            ("Dirk Engel", vec!["dirk.engel@example.org"], 3),
            (
                "Frida Öberg",
                vec!["frida@example.se", "f.oeberg@example.se"],
                5
            ),
        ]
    );
    assert_eq!(book.skipped, 1, "\"not an address\" is skipped");
}

#[test]
fn outlook_english_utf8_with_commas() {
    outlook_english(&read("outlook_en_utf8_comma.csv"));
}

#[test]
fn outlook_english_windows_1252_with_commas() {
    outlook_english(&read("outlook_en_cp1252_comma.csv"));
}

fn outlook_german(book: &AddressBook) {
    assert_eq!(book.format, Format::OutlookCsv);
    assert_eq!(
        people(book),
        [
            ("Hanna Groß", vec!["hanna.gross@example.de"], 2),
            ("Ülrich Weiß", vec!["u.weiss@example.de"], 3),
            ("Kathrin Jäger", vec!["kathrin@example.at"], 5),
        ]
    );
}

#[test]
fn outlook_german_windows_1252_with_semicolons() {
    outlook_german(&read("outlook_de_cp1252_semicolon.csv"));
}

#[test]
fn outlook_german_utf8_with_semicolons() {
    outlook_german(&read("outlook_de_utf8_semicolon.csv"));
}

#[test]
fn thunderbird_english_export() {
    let book = read("thunderbird_en.csv");
    assert_eq!(book.format, Format::ThunderbirdCsv);
    assert_eq!(
        people(&book),
        [
            (
                "Lena Schmidt",
                vec!["lena.schmidt@example.org", "lena@example.net"],
                2
            ),
            ("Marco Rossi", vec!["marco.rossi@example.it"], 3),
        ]
    );
}

#[test]
fn thunderbird_german_export() {
    let book = read("thunderbird_de.csv");
    assert_eq!(book.format, Format::ThunderbirdCsv);
    assert_eq!(
        people(&book),
        [
            ("Nina Böhm", vec!["nina.boehm@example.de"], 2),
            ("Otto Krüger", vec!["otto.krueger@example.de"], 3),
        ]
    );
}

#[test]
fn apple_contacts_vcard_3() {
    let book = read("apple.vcf");
    assert_eq!(book.format, Format::VCard);
    assert_eq!(
        people(&book),
        [
            (
                "Jörg Müller",
                vec!["joerg@mueller-soehne.example", "joerg.m@example.de"],
                1
            ),
            ("Paula Peters", vec!["paula@example.org"], 15),
        ]
    );
}

#[test]
fn vcard_2_1_with_quoted_printable_names() {
    let book = read("vcard21_qp.vcf");
    assert_eq!(book.format, Format::VCard);
    assert_eq!(
        people(&book),
        [
            ("Jörg Müller-Lüdenscheid", vec!["joerg@example.de"], 1),
            ("René Überall", vec!["rene@example.fr"], 9),
            ("Paul Plain", vec!["paul@example.com"], 14),
        ]
    );
}
