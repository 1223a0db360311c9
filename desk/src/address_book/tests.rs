use super::*;

const GOOGLE: &str = "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value\n\
Anna Berg,Anna,Berg,* Home,anna@example.org,Work,anna.berg@firma.example\n\
\"Kurz, Ben\",Ben,Kurz,,BEN@example.org ::: ben.k@example.org,,\n";

const OUTLOOK: &str = "\u{feff}\"First Name\",\"Middle Name\",\"Last Name\",\"E-mail Address\",\"E-mail Display Name\",\"E-mail 2 Address\"\r\n\
\"Carla\",\"\",\"Diaz\",\"carla@example.org\",\"Carla Diaz (carla@example.org)\",\"\"\r\n\
\"Dirk\",\"\",\"Engel\",\"not an address\",\"\",\"dirk@example.org\"\r\n";

const VCARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eva Fischer\r\nN:Fischer;Eva;;;\r\n\
EMAIL;TYPE=INTERNET,HOME:eva@example.org\r\nitem1.EMAIL;type=INTERNET:eva.f@\r\n example.org\r\nEND:VCARD\r\n\
BEGIN:VCARD\nVERSION:4.0\nN:Gross;Gerd;;;\nEMAIL;TYPE=work:gerd@example.org\nEND:VCARD\n";

#[test]
fn google_csv_reads_names_and_every_address() {
    let book = AddressBook::parse(GOOGLE.as_bytes()).expect("google");
    assert_eq!(book.format, Format::GoogleCsv);
    assert_eq!(book.entries.len(), 2);
    assert_eq!(
        book.entries[0].emails,
        ["anna@example.org", "anna.berg@firma.example"]
    );
    assert_eq!(book.entries[1].name, "Kurz, Ben");
    assert_eq!(
        book.entries[1].emails,
        ["ben@example.org", "ben.k@example.org"]
    );
    assert_eq!(book.entries[1].line, 3);
}

#[test]
fn outlook_csv_with_bom_and_crlf_reads_and_skips_non_addresses() {
    let book = AddressBook::parse(OUTLOOK.as_bytes()).expect("outlook");
    assert_eq!(book.format, Format::OutlookCsv);
    assert_eq!(book.entries[0].name, "Carla Diaz");
    assert_eq!(book.entries[1].emails, ["dirk@example.org"]);
    assert_eq!(book.skipped, 1);
}

#[test]
fn outlook_csv_with_semicolons_reads() {
    let text = "Vorname;Nachname;E-mail Address\nHanna;Ill;hanna@example.org\n";
    let book = AddressBook::parse(text.as_bytes()).expect("semicolons");
    assert_eq!(book.entries[0].emails, ["hanna@example.org"]);
}

#[test]
fn utf16_outlook_exports_are_decoded() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "First Name,Last Name,E-mail Address\nJörg,Jäger,joerg@example.org\n".encode_utf16()
    {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let book = AddressBook::parse(&bytes).expect("utf-16");
    assert_eq!(book.entries[0].name, "Jörg Jäger");
}

#[test]
fn vcards_3_and_4_with_folded_lines_read() {
    let book = AddressBook::parse(VCARD.as_bytes()).expect("vcard");
    assert_eq!(book.format, Format::VCard);
    assert_eq!(book.entries[0].name, "Eva Fischer");
    assert_eq!(
        book.entries[0].emails,
        ["eva@example.org", "eva.f@example.org"]
    );
    assert_eq!(book.entries[1].name, "Gerd Gross");
    assert_eq!(book.entries[1].line, 9);
}

fn error(text: &[u8]) -> String {
    AddressBook::parse(text)
        .expect_err("must be refused")
        .to_string()
}

#[test]
fn a_wrong_header_is_named() {
    let message = error(b"Name,Phone\nAnna,123\n");
    assert!(message.starts_with("line 1:"), "{message}");
    assert!(message.contains("E-mail Address"), "{message}");
}

#[test]
fn bad_quoting_names_the_line() {
    assert!(
        error(b"Name,E-mail Address\nAnna,\"anna@example.org\nBen,ben@example.org\n")
            .starts_with("line 2:")
    );
    assert!(
        error(b"Name,E-mail Address\nBen,ben@example.org\nAn\"na,anna@example.org\n")
            .starts_with("line 3:")
    );
    assert!(error(b"Name,E-mail Address\n\"Anna\"x,anna@example.org\n").starts_with("line 2:"));
    assert!(error(b"Name,E-mail Address\nAnna,a@example.org,extra\n").starts_with("line 2:"));
}

#[test]
fn damaged_utf8_names_the_line() {
    // Valid UTF-8 "Jörg" on line 2, then a lone byte on line 3: damaged, not
    // Windows-1252.
    let message = error("Name,E-mail Address\nJörg,joerg@example.org\nJ\u{0}".as_bytes());
    assert!(message.starts_with("line 3:"), "{message}");
    let message =
        error(b"Name,E-mail Address\nJ\xc3\xb6rg,joerg@example.org\n\n\xf6,x@example.org\n");
    assert!(message.starts_with("line 4:"), "{message}");
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn errors_name_the_file_and_the_line() {
    let l = Localizer::embedded().expect("locales");
    let file = Path::new("contacts.csv");
    let encoding =
        AddressBook::parse(b"Name,E-mail Address\n\xc3\xa4\xff\n").expect_err("bad byte");
    assert_eq!(
        encoding.in_file(file, &l, Lang::En),
        format!("contacts.csv:2: {NOT_TEXT}")
    );
    assert_eq!(encoding.to_string(), format!("line 2: {NOT_TEXT}"));
    assert_eq!(
        AddressBookError::Empty.in_file(file, &l, Lang::En),
        "contacts.csv: the address book is empty"
    );
}

/// A vCard 2.1 whose name on line 3 is QUOTED-PRINTABLE `Ren=E9` in `charset`.
fn vcard_in(charset: &str, name: &str) -> Vec<u8> {
    format!(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:{name};;;;\r\n\
         EMAIL;INTERNET:rene@example.fr\r\nEND:VCARD\r\n"
    )
    .into_bytes()
}

fn vcard_name(bytes: &[u8]) -> String {
    let book = AddressBook::parse(bytes).expect("vcard");
    book.entries[0].name.clone()
}

#[test]
fn an_unknown_vcard_charset_names_the_file_the_line_and_the_label() {
    let l = Localizer::embedded().expect("locales");
    let err = AddressBook::parse(&vcard_in("KLINGON", "Ren=E9")).expect_err("unknown charset");
    assert_eq!(
        err,
        AddressBookError::Charset {
            line: 3,
            label: "KLINGON".into(),
            problem: CharsetProblem::Unknown
        }
    );
    let file = Path::new("phone.vcf");
    assert_eq!(
        err.in_file(file, &l, Lang::En),
        "phone.vcf:3: the vCard names the character set \"KLINGON\", which helpdesk does not \
         know. Export the address book again as UTF-8 (Unicode)."
    );
    assert_eq!(
        err.in_file(file, &l, Lang::De),
        "phone.vcf:3: Die vCard nennt den Zeichensatz „KLINGON“, den helpdesk nicht kennt. \
         Exportieren Sie das Adressbuch noch einmal als UTF-8 (Unicode)."
    );
    assert!(
        err.to_string()
            .starts_with("line 3: unknown CHARSET \"KLINGON\""),
        "{err}"
    );
}

#[test]
fn known_vcard_charsets_decode_and_bytes_not_valid_in_them_are_named() {
    assert_eq!(vcard_name(&vcard_in("ISO-8859-1", "Ren=E9")), "René");
    assert_eq!(vcard_name(&vcard_in(" \"utf-8\" ", "Ren=C3=A9")), "René");
    assert_eq!(vcard_name(&vcard_in("windows-1252", "Ren=E9")), "René");
    // Said to be UTF-8, but =E9 alone is Latin-1: U+FFFD would creep in.
    let l = Localizer::embedded().expect("locales");
    let err = AddressBook::parse(&vcard_in("UTF-8", "Ren=E9")).expect_err("malformed");
    assert_eq!(
        err,
        AddressBookError::Charset {
            line: 3,
            label: "UTF-8".into(),
            problem: CharsetProblem::Malformed
        }
    );
    assert_eq!(
        err.in_file(Path::new("phone.vcf"), &l, Lang::De),
        "phone.vcf:3: Dieser vCard-Wert ist kein gültiger „UTF-8“-Text, obwohl die Datei das \
         angibt. Exportieren Sie das Adressbuch noch einmal als UTF-8 (Unicode)."
    );
}

#[test]
fn broken_vcards_name_the_line() {
    assert!(error(b"BEGIN:VCARD\nVERSION:3.0\nFN:Anna\n").starts_with("line 1:"));
    assert!(error(b"BEGIN:VCARD\nVERSION:9.9\nEND:VCARD\n").starts_with("line 2:"));
    assert!(
        error(b"BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\nEMAIL:x@example.org\n").starts_with("line 4:")
    );
    assert!(error(b"BEGIN:VCARD\nVERSION:3.0\nBEGIN:VCARD\n").starts_with("line 3:"));
}

#[test]
fn empty_and_huge_files_are_refused_clearly() {
    assert_eq!(AddressBook::parse(b"  \n"), Err(AddressBookError::Empty));
    let huge = vec![b'a'; (MAX_BYTES + 1) as usize];
    assert!(matches!(
        AddressBook::parse(&huge),
        Err(AddressBookError::TooLarge { .. })
    ));
}

#[test]
fn a_50_megabyte_file_is_refused_without_reading_it_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("huge.csv");
    let file = std::fs::File::create(&path).expect("create");
    // A sparse file: 50 MB on paper, nothing on disk.
    file.set_len(50 * 1024 * 1024).expect("size");
    let err = AddressBook::read_file(&path).expect_err("refused");
    assert!(err.to_string().contains("52428800 bytes"), "{err}");
}

#[test]
fn hostile_bytes_never_panic() {
    let samples: [&[u8]; 8] = [
        b"\"",
        b"BEGIN:VCARD",
        b"\xff\xfe\x00",
        b"\xfe\xff\xd8\x00",
        b",,,,\n,,,\n",
        b"E-mail Address\n\"\"\"\"\n",
        b"BEGIN:VCARD\nEND:VCARD\nEND:VCARD\n",
        b"\r\r\r\n\n",
    ];
    for sample in samples {
        let _ = AddressBook::parse(sample);
    }
}

#[test]
fn oversized_shapes_are_refused_at_their_line() {
    let wide = format!("{}E-mail Address\n", "x,".repeat(1_000));
    assert!(error(wide.as_bytes()).starts_with("line 1: the header has more than 1000"));
    let long = format!(
        "Name,E-mail Address\nAnna,anna@example.org\n\n\"{}\",b@example.org\n",
        "n".repeat(1024 * 1024)
    );
    let message = error(long.as_bytes());
    assert!(message.starts_with("line 4: a field of"), "{message}");
    let mut many = String::from("Name,E-mail Address\n");
    for i in 0..=MAX_ADDRESSES {
        many.push_str(&format!("P,p{i}@example.org\n"));
    }
    let message = error(many.as_bytes());
    assert_eq!(
        message,
        format!(
            "line {}: more than {MAX_ADDRESSES} addresses; split the address book into smaller files",
            MAX_ADDRESSES + 2
        )
    );
}

#[test]
fn windows_1252_without_a_mark_is_read() {
    let book = AddressBook::parse(
        b"Vorname;Nachname;E-Mail-Adresse\r\nJ\xf6rg;M\xfcller \x80;joerg@example.org\r\n",
    )
    .expect("windows-1252");
    assert_eq!(book.entries[0].name, "Jörg Müller €");
}

#[test]
fn control_characters_in_names_never_reach_a_terminal() {
    let csv = "First Name,Last Name,E-mail 1 - Value\n\
               \u{1b}[31mEvil\u{1b}]0;pwned\u{7},Name,evil@example.org\n\
               \"Line\nBreak\",Tab\tbed,lb@example.org\n";
    let book = AddressBook::parse(csv.as_bytes()).expect("csv");
    let names: Vec<&str> = book.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["[31mEvil ]0;pwned Name", "Line Break Tab bed"]);
    assert!(names.iter().all(|n| !n.chars().any(char::is_control)));
}

/// Every way an address book is refused, as the member sees it in `lang`.
fn refused_in(bytes: &[u8], lang: Lang) -> String {
    let l = Localizer::embedded().expect("locales");
    AddressBook::parse(bytes)
        .expect_err("must be refused")
        .in_file(Path::new("kontakte.csv"), &l, lang)
}

#[test]
fn every_refusal_is_worded_in_german_with_the_file_and_the_line() {
    let cases: [(&[u8], &str); 9] = [
        (
            b"Name,Phone\nAnna,123\n",
            "kontakte.csv:1: Das ist keine Kopfzeile eines Kontakte-Exports",
        ),
        (
            b"Name,E-mail Address\nAnna,\"anna@example.org\nBen,ben@example.org\n",
            "kontakte.csv:2: Ein Anführungszeichen wird nicht geschlossen",
        ),
        (
            b"Name,E-mail Address\n\"Anna\"x,anna@example.org\n",
            "kontakte.csv:2: Text nach einem schließenden Anführungszeichen.",
        ),
        (
            b"Name,E-mail Address\nAnna,a@example.org,extra\n",
            "kontakte.csv:2: Die Zeile hat mehr Felder als die Kopfzeile (2).",
        ),
        (
            b"Name,E-mail Address\nJ\xc3\xb6rg,joerg@example.org\n\n\xf6,x@example.org\n",
            "kontakte.csv:4: Das ist kein Text in einer bekannten Kodierung",
        ),
        (b"  \n", "kontakte.csv: Das Adressbuch ist leer."),
        (
            b"BEGIN:VCARD\nVERSION:9.9\nEND:VCARD\n",
            "kontakte.csv:2: Die vCard-Version „9.9“ wird nicht unterstützt",
        ),
        (
            b"BEGIN:VCARD\nVERSION:3.0\nBEGIN:VCARD\n",
            "kontakte.csv:3: BEGIN innerhalb der vCard, die in Zeile 1 beginnt. Fehlt ein END:VCARD?",
        ),
        (
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Anna\n",
            "kontakte.csv:1: Dieser vCard fehlt das END:VCARD.",
        ),
    ];
    for (bytes, start) in cases {
        let german = refused_in(bytes, Lang::De);
        assert!(german.starts_with(start), "{german}\nexpected {start}");
        // The English wording is the one `Display` gives, behind the file.
        let english = refused_in(bytes, Lang::En);
        let display = AddressBook::parse(bytes).expect_err("refused").to_string();
        let expected = match display.strip_prefix("line ") {
            Some(at_line) => format!("kontakte.csv:{at_line}"),
            None => format!("kontakte.csv: {display}"),
        };
        assert_eq!(english, expected);
    }
    let many = format!(
        "BEGIN:VCARD\nVERSION:3.0\n{}END:VCARD\n",
        "EMAIL:a@example.org\n".repeat(MAX_ADDRESSES + 1)
    );
    assert_eq!(
        refused_in(many.as_bytes(), Lang::De),
        format!(
            "kontakte.csv:{}: Mehr als {MAX_ADDRESSES} Adressen. Teilen Sie das Adressbuch in kleinere Dateien auf.",
            MAX_ADDRESSES + 3
        )
    );
    let vcard_line = refused_in(b"BEGIN:VCARD\nno colon here\nEND:VCARD\n", Lang::De);
    assert_eq!(
        vcard_line,
        "kontakte.csv:2: Eine vCard-Zeile braucht die Form „NAME:Wert“."
    );
    let outside = refused_in(
        b"BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\nEMAIL:x@example.org\n",
        Lang::De,
    );
    assert_eq!(
        outside,
        "kontakte.csv:4: Text außerhalb von BEGIN:VCARD … END:VCARD"
    );
}

#[test]
fn a_file_that_cannot_be_read_or_is_too_large_is_said_in_german() {
    let l = Localizer::embedded().expect("locales");
    let dir = tempfile::tempdir().expect("dir");
    let missing = dir.path().join("fehlt.csv");
    let err = AddressBook::read_file(&missing).expect_err("missing");
    assert_eq!(err, AddressBookError::Read(ReadProblem::NotFound));
    assert_eq!(
        err.in_file(&missing, &l, Lang::De),
        format!("{}: Diese Datei gibt es nicht.", missing.display())
    );
    assert_eq!(
        err.in_file(&missing, &l, Lang::En),
        format!("{}: there is no such file", missing.display())
    );
    let huge = dir.path().join("huge.csv");
    std::fs::File::create(&huge)
        .expect("create")
        .set_len(MAX_BYTES + 1)
        .expect("size");
    let err = AddressBook::read_file(&huge).expect_err("too large");
    assert_eq!(
        err.in_file(Path::new("huge.csv"), &l, Lang::De),
        format!(
            "huge.csv: Das Adressbuch ist {} Bytes groß; angenommen werden höchstens {MAX_BYTES} Bytes. \
             Exportieren Sie nur Ihre Kontakte oder teilen Sie die Datei auf.",
            MAX_BYTES + 1
        )
    );
}

#[test]
fn a_folder_and_the_csv_readers_own_words_are_said_in_german() {
    let l = Localizer::embedded().expect("locales");
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("kontakte.csv");
    std::fs::create_dir(&folder).expect("folder");
    let err = AddressBook::read_file(&folder).expect_err("a folder");
    assert_eq!(
        err.in_file(&folder, &l, Lang::De),
        format!(
            "{}: Das Adressbuch lässt sich nicht lesen: Das ist ein Ordner, keine Datei",
            folder.display()
        )
    );
    // The CSV reader's complaint stays in its English, and says so.
    let err = AddressBookError::at(4, SyntaxProblem::Csv("found record with 2 fields".into()));
    assert_eq!(
        err.in_file(Path::new("kontakte.csv"), &l, Lang::De),
        "kontakte.csv:4: Die CSV-Datei lässt sich nicht lesen; \
         der CSV-Leser meldet (auf Englisch): found record with 2 fields"
    );
}
