//! CSV exports of Google Contacts, Outlook and Thunderbird, with their real
//! header names in English and German.
//!
//! Two passes over the text. The first (`csv_core`, no allocation) checks the
//! shape: the header's width, that no record is wider than the header and
//! that every record's quotes pair up. Only then does the second (`csv`)
//! build strings, one reused record at a time, so a file of ten million
//! commas is refused before it becomes ten million fields.

use super::{AddressBookError, Budget, Format, RawEntry, SyntaxProblem};
use csv_core::ReadFieldResult;
use locales::line_of;

/// The widest header we accept; real exports have fewer than 100 columns.
const MAX_COLUMNS: usize = 1_000;

/// The longest field we accept: a long note fits, a whole file does not.
const MAX_FIELD: usize = 1024 * 1024;

/// Outlook in German settings separates with `;`; the header line tells
/// which (its first 64 KiB: a real header is far shorter).
fn delimiter(text: &str) -> u8 {
    let head = &text.as_bytes()[..text.len().min(64 * 1024)];
    let header_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |wanted: u8| header_line.iter().filter(|b| **b == wanted).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// The first line of the record that starts at `offset` (blank lines before
/// a record belong to no record).
fn record_line(bytes: &[u8], offset: usize) -> usize {
    let start = bytes[offset..]
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .map_or(bytes.len(), |skip| offset + skip);
    line_of(bytes, start)
}

/// Line numbers of increasing byte offsets, counted once through the text.
struct LineCounter<'t> {
    bytes: &'t [u8],
    offset: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(bytes: &'t [u8]) -> LineCounter<'t> {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record starting at `offset`, at or after the last
    /// one asked for; blank lines before it are skipped.
    fn at(&mut self, offset: usize) -> usize {
        let mut start = offset.min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start >= self.offset {
            self.line += self.bytes[self.offset..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.offset = start;
        }
        self.line
    }
}

/// The first pass: refuses a file whose shape would make the second pass
/// build more fields than the header names, without allocating.
fn check_shape(text: &str, delimiter: u8) -> Result<(), AddressBookError> {
    let bytes = text.as_bytes();
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    // Field contents go nowhere: only the field boundaries matter here.
    let mut sink = [0_u8; 4096];
    let mut position = 0;
    let mut record_start = 0;
    let mut field_start = 0;
    let mut fields = 0_usize;
    let mut header: Option<usize> = None;
    loop {
        let (result, read, _) = reader.read_field(&bytes[position..], &mut sink);
        position += read;
        let record_end = match result {
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => continue,
            ReadFieldResult::End => break,
            ReadFieldResult::Field { record_end } => record_end,
        };
        fields += 1;
        let line = || record_line(bytes, record_start);
        // Stop at the first field too many, without counting the rest.
        match header {
            None if fields > MAX_COLUMNS => {
                return Err(AddressBookError::at(
                    line(),
                    SyntaxProblem::TooManyColumns { max: MAX_COLUMNS },
                ));
            }
            Some(width) if fields > width => {
                return Err(AddressBookError::at(
                    line(),
                    SyntaxProblem::MoreFieldsThanHeader { width },
                ));
            }
            _ => {}
        }
        // Quotes in a well-formed record come in pairs (enclosing pairs and
        // doubled inner quotes); an odd count is an unclosed quoted field,
        // which would swallow the rest of the file, or a stray quote.
        if record_end
            && bytes[record_start..position]
                .iter()
                .filter(|b| **b == b'"')
                .count()
                % 2
                == 1
        {
            return Err(AddressBookError::at(line(), SyntaxProblem::UnclosedQuote));
        }
        // A quoted field ends with its closing quote: `"Anna"x` is refused
        // rather than read as `Annax`.
        let raw_field = &bytes[field_start..position];
        let end = raw_field
            .iter()
            .rposition(|b| !matches!(b, b'\r' | b'\n') && *b != delimiter)
            .map_or(0, |last| last + 1);
        let raw_field = &raw_field[..end];
        if raw_field.len() > MAX_FIELD {
            return Err(AddressBookError::at(
                line_of(bytes, field_start + end.saturating_sub(1)),
                SyntaxProblem::FieldTooLong {
                    size: raw_field.len(),
                    max: MAX_FIELD,
                },
            ));
        }
        if raw_field.first() == Some(&b'"') && (raw_field.len() < 2 || !raw_field.ends_with(b"\""))
        {
            return Err(AddressBookError::at(
                line_of(bytes, field_start + end.saturating_sub(1)),
                SyntaxProblem::TextAfterQuote,
            ));
        }
        field_start = position;
        if !record_end {
            continue;
        }
        header.get_or_insert(fields);
        fields = 0;
        record_start = position;
    }
    Ok(())
}

/// The columns that hold addresses, and which export they say the file is.
fn email_columns(header: &[String]) -> Option<(Format, Vec<usize>)> {
    let matching = |test: &dyn Fn(&str) -> bool| -> Vec<usize> {
        header
            .iter()
            .enumerate()
            .filter(|(_, h)| test(h))
            .map(|(i, _)| i)
            .collect()
    };
    let google = matching(&|h| {
        h.starts_with("e-mail ") && (h.ends_with(" - value") || h.ends_with(" - wert"))
    });
    if !google.is_empty() {
        return Some((Format::GoogleCsv, google));
    }
    let outlook = matching(&|h| {
        matches!(
            h,
            "e-mail address"
                | "e-mail 2 address"
                | "e-mail 3 address"
                | "e-mail-adresse"
                | "e-mail 2: adresse"
                | "e-mail 3: adresse"
        )
    });
    if !outlook.is_empty() {
        return Some((Format::OutlookCsv, outlook));
    }
    let thunderbird = matching(&|h| {
        matches!(
            h,
            "primary email"
                | "secondary email"
                | "primäre e-mail-adresse"
                | "sekundäre e-mail-adresse"
        )
    });
    (!thunderbird.is_empty()).then_some((Format::ThunderbirdCsv, thunderbird))
}

/// Parses a Google, Outlook or Thunderbird CSV export.
pub(super) fn parse(
    text: &str,
    budget: &mut Budget,
) -> Result<(Format, Vec<RawEntry>), AddressBookError> {
    let delimiter = delimiter(text);
    check_shape(text, delimiter)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let failed = |record: &csv::StringRecord, e: csv::Error| {
        let line = e
            .position()
            .or(record.position())
            .map_or(1, |p| p.line() as usize);
        AddressBookError::at(line, SyntaxProblem::Csv(e.to_string()))
    };
    if !reader
        .read_record(&mut record)
        .map_err(|e| failed(&record, e))?
    {
        return Err(AddressBookError::Empty);
    }
    let header: Vec<String> = record.iter().map(|h| h.trim().to_lowercase()).collect();
    let column = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| header.iter().position(|h| h == name))
    };
    let Some((format, email_columns)) = email_columns(&header) else {
        return Err(AddressBookError::at(
            record_line(text.as_bytes(), 0),
            SyntaxProblem::NotAContactsHeader,
        ));
    };
    let full_name = column(&["name", "display name", "anzeigename"]);
    let first = column(&["first name", "given name", "vorname"]);
    let last = column(&["last name", "family name", "nachname"]);
    let mut lines = LineCounter::new(text.as_bytes());
    let mut entries = Vec::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| failed(&record, e))?
    {
        // The line from the record's byte offset: `csv` counts a CRLF
        // file's lines one short.
        let line = lines.at(record.position().map_or(0, |p| p.byte() as usize));
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).map_or("", str::trim);
        let mut emails = Vec::new();
        for cell in email_columns.iter().filter_map(|i| record.get(*i)) {
            if cell.is_empty() {
                continue;
            }
            // Google puts several addresses into one cell, separated by " ::: ".
            for email in cell.split(":::").map(str::trim).filter(|e| !e.is_empty()) {
                budget.take(line)?;
                emails.push(email.to_string());
            }
        }
        if emails.is_empty() {
            continue;
        }
        let name = match get(full_name) {
            "" => format!("{} {}", get(first), get(last)).trim().to_string(),
            name => name.to_string(),
        };
        entries.push((name, emails, line));
    }
    Ok((format, entries))
}
