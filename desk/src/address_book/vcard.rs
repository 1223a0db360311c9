//! vCard 3.0 and 4.0 (and the older 2.1, which phones still write).

use super::AddressBookError;
use super::csv::RawEntry;

/// Undoes vCard text escapes (`\,` `\;` `\\` `\n`).
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Parses one or more vCards.
pub(super) fn parse(text: &str) -> Result<Vec<RawEntry>, AddressBookError> {
    // Unfold: a line that starts with a space or tab continues the one before.
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        match (line.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some((_, previous))) => previous.push_str(rest),
            _ => lines.push((index + 1, line.to_string())),
        }
    }
    let mut entries = Vec::new();
    let mut card: Option<(usize, String, String, Vec<String>)> = None;
    for (number, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(AddressBookError::at(
                number,
                "a vCard line needs a \"NAME:value\" form",
            ));
        };
        let name = key.split(';').next().unwrap_or_default();
        // Apple groups properties as `item1.EMAIL`.
        let name = name.rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
        match (name.as_str(), &mut card) {
            ("BEGIN", None) if value.trim().eq_ignore_ascii_case("VCARD") => {
                card = Some((number, String::new(), String::new(), Vec::new()));
            }
            ("BEGIN", Some((start, ..))) => {
                return Err(AddressBookError::at(
                    number,
                    format!(
                        "BEGIN inside the vCard that starts on line {start}; is an END:VCARD missing?"
                    ),
                ));
            }
            ("END", Some(_)) => {
                if let Some((start, full, structured, emails)) = card.take() {
                    let name = if full.trim().is_empty() {
                        structured
                    } else {
                        full
                    };
                    entries.push((name, emails, start));
                }
            }
            (_, None) => {
                return Err(AddressBookError::at(
                    number,
                    "text outside BEGIN:VCARD ... END:VCARD",
                ));
            }
            ("VERSION", Some(_)) if !matches!(value.trim(), "2.1" | "3.0" | "4.0") => {
                return Err(AddressBookError::at(
                    number,
                    format!(
                        "vCard version {:?} is not supported; use 3.0 or 4.0",
                        value.trim()
                    ),
                ));
            }
            ("FN", Some((_, full, ..))) => *full = unescape(value),
            ("N", Some((_, _, structured, _))) => {
                // N is family;given;additional;prefix;suffix.
                let parts: Vec<String> = value.split(';').map(unescape).collect();
                let given = parts.get(1).map(String::as_str).unwrap_or("");
                let family = parts.first().map(String::as_str).unwrap_or("");
                *structured = format!("{given} {family}").trim().to_string();
            }
            ("EMAIL", Some((.., emails))) => emails.push(unescape(value)),
            _ => {}
        }
    }
    if let Some((start, ..)) = card {
        return Err(AddressBookError::at(start, "this vCard has no END:VCARD"));
    }
    Ok(entries)
}
