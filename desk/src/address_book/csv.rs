//! CSV exports of Google Contacts and Outlook, with their real header names.

use super::{AddressBookError, Format};

/// A record: (name, addresses, first line).
pub(super) type RawEntry = (String, Vec<String>, usize);

/// Splits CSV text into records of fields, each with the line it starts on.
/// Quotes follow RFC 4180: a quoted field may hold commas, newlines and `""`.
fn records(text: &str, delimiter: char) -> Result<Vec<(usize, Vec<String>)>, AddressBookError> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut quote_line = 0;
    let mut after_quote = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    in_quotes = false;
                    after_quote = true;
                }
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            c if c == delimiter => {
                fields.push(std::mem::take(&mut field));
                after_quote = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
                if !(fields.len() == 1 && fields[0].is_empty()) {
                    out.push((record_line, std::mem::take(&mut fields)));
                }
                fields.clear();
                line += 1;
                record_line = line;
                after_quote = false;
            }
            '"' if field.is_empty() && !after_quote => {
                in_quotes = true;
                quote_line = line;
            }
            '"' => {
                return Err(AddressBookError::at(
                    line,
                    "a quote inside an unquoted field; put the whole field in quotes and double the inner quote",
                ));
            }
            _ if after_quote => {
                return Err(AddressBookError::at(
                    line,
                    "text after a closing quote; a quoted field must end at a delimiter or the end of the line",
                ));
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(AddressBookError::at(
            quote_line,
            "a quoted field is never closed",
        ));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push((record_line, fields));
    }
    Ok(out)
}

/// Outlook in German settings separates with `;`; the header tells which.
fn delimiter(header_line: &str) -> char {
    if header_line.matches(';').count() > header_line.matches(',').count() {
        ';'
    } else {
        ','
    }
}

/// Parses a Google or Outlook CSV export.
pub(super) fn parse(text: &str) -> Result<(Format, Vec<RawEntry>), AddressBookError> {
    let first_line = text.lines().next().unwrap_or_default();
    let records = records(text, delimiter(first_line))?;
    let Some((_, header)) = records.first() else {
        return Err(AddressBookError::Empty);
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let column = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let google: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            let h = h.to_ascii_lowercase();
            h.starts_with("e-mail ") && h.ends_with(" - value")
        })
        .map(|(i, _)| i)
        .collect();
    let outlook: Vec<usize> = ["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"]
        .iter()
        .filter_map(|name| column(name))
        .collect();
    let (format, email_columns) = if !google.is_empty() {
        (Format::GoogleCsv, google)
    } else if !outlook.is_empty() {
        (Format::OutlookCsv, outlook)
    } else {
        return Err(AddressBookError::at(
            1,
            "not a Google or Outlook contacts header: expected a column \"E-mail 1 - Value\" (Google) or \"E-mail Address\" (Outlook)",
        ));
    };
    let full_name = column("Name").or_else(|| column("Display Name"));
    let first = column("First Name").or_else(|| column("Given Name"));
    let last = column("Last Name").or_else(|| column("Family Name"));
    let mut entries = Vec::new();
    for (line, fields) in records.iter().skip(1) {
        if fields.len() > header.len() {
            return Err(AddressBookError::at(
                *line,
                format!(
                    "{} fields, but the header has {}; is a comma missing its quotes?",
                    fields.len(),
                    header.len()
                ),
            ));
        }
        let get = |i: Option<usize>| {
            i.and_then(|i| fields.get(i))
                .map(|s| s.trim())
                .unwrap_or("")
        };
        let name = match get(full_name) {
            "" => format!("{} {}", get(first), get(last)).trim().to_string(),
            name => name.to_string(),
        };
        let emails = email_columns
            .iter()
            .filter_map(|i| fields.get(*i))
            // Google puts several addresses into one cell, separated by " ::: ".
            .flat_map(|cell| cell.split(":::"))
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty())
            .collect();
        entries.push((name, emails, *line));
    }
    Ok((format, entries))
}
