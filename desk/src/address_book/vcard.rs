//! vCard 3.0 and 4.0 (Apple Contacts, Google, Nextcloud) and the older 2.1
//! that phones and Outlook still write, with its QUOTED-PRINTABLE values in
//! any CHARSET.
//!
//! Read one logical line at a time, so that memory holds the current line
//! and the entries, never a copy of every line of the file.

use super::{AddressBookError, Budget, CharsetProblem, RawEntry, SyntaxProblem};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

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

/// Decodes QUOTED-PRINTABLE (`=C3=BC`); a `=` not followed by two hex digits
/// stays as it is, and a soft line break (`=` at the end) has already been
/// joined by the unfolding.
fn quoted_printable(value: &str) -> Vec<u8> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'=', Some(&high), Some(&low)) => match (hex(high), hex(low)) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            },
            (b'=', None, None) => i += 1,
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// A property's value as text: QUOTED-PRINTABLE decoded in its CHARSET
/// (UTF-8 when none is named and the bytes are UTF-8, else Windows-1252).
/// A CHARSET that no encoding goes by, or bytes that are not valid in the
/// one named, is an error on `line`: decoding anyway would put U+FFFD into
/// names without a word.
fn value_text(
    parameters: &Parameters,
    value: &str,
    line: usize,
) -> Result<String, AddressBookError> {
    if !parameters.quoted_printable {
        return Ok(value.to_string());
    }
    let bytes = quoted_printable(value);
    let Some(label) = parameters.charset.as_deref() else {
        let encoding = match std::str::from_utf8(&bytes) {
            Ok(_) => UTF_8,
            Err(_) => WINDOWS_1252,
        };
        return Ok(encoding.decode_without_bom_handling(&bytes).0.into_owned());
    };
    let charset_error = |problem| AddressBookError::Charset {
        line,
        label: label.to_string(),
        problem,
    };
    let encoding = Encoding::for_label(label.as_bytes())
        .ok_or_else(|| charset_error(CharsetProblem::Unknown))?;
    let (text, malformed) = encoding.decode_without_bom_handling(&bytes);
    if malformed {
        return Err(charset_error(CharsetProblem::Malformed));
    }
    Ok(text.into_owned())
}

/// What a property's parameters say about its value.
#[derive(Debug, Default)]
struct Parameters {
    quoted_printable: bool,
    charset: Option<String>,
}

impl Parameters {
    /// Reads `;ENCODING=QUOTED-PRINTABLE;CHARSET=...` and 2.1's bare
    /// `;QUOTED-PRINTABLE`.
    fn read(key: &str) -> Parameters {
        let mut out = Parameters::default();
        for parameter in key.split(';').skip(1) {
            let (name, value) = parameter.split_once('=').unwrap_or(("", parameter));
            let name = name.trim();
            if (name.is_empty() || name.eq_ignore_ascii_case("ENCODING"))
                && value.trim().eq_ignore_ascii_case("QUOTED-PRINTABLE")
            {
                out.quoted_printable = true;
            } else if name.eq_ignore_ascii_case("CHARSET") {
                out.charset = Some(value.trim().trim_matches('"').trim().to_string());
            }
        }
        out
    }
}

/// A vCard being read: where it starts, its FN, its N, its addresses.
#[derive(Debug, Default)]
struct Card {
    start: usize,
    full: String,
    structured: String,
    emails: Vec<String>,
}

/// The reader's state between logical lines.
struct Cards<'b> {
    card: Option<Card>,
    entries: Vec<RawEntry>,
    budget: &'b mut Budget,
}

impl Cards<'_> {
    /// Takes one logical (unfolded) line.
    fn line(&mut self, number: usize, line: &str) -> Result<(), AddressBookError> {
        if line.trim().is_empty() {
            return Ok(());
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(AddressBookError::at(number, SyntaxProblem::NoColon));
        };
        let name = key.split(';').next().unwrap_or_default();
        // Apple groups properties as `item1.EMAIL`.
        let name = name.rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
        match (name.as_str(), &mut self.card) {
            ("BEGIN", None) if value.trim().eq_ignore_ascii_case("VCARD") => {
                self.card = Some(Card {
                    start: number,
                    ..Card::default()
                });
            }
            ("BEGIN", Some(card)) => {
                return Err(AddressBookError::at(
                    number,
                    SyntaxProblem::BeginInsideCard { start: card.start },
                ));
            }
            ("END", Some(_)) => {
                if let Some(card) = self.card.take()
                    && !card.emails.is_empty()
                {
                    let name = if card.full.trim().is_empty() {
                        card.structured
                    } else {
                        card.full
                    };
                    self.entries.push((name, card.emails, card.start));
                }
            }
            (_, None) => {
                return Err(AddressBookError::at(number, SyntaxProblem::OutsideCard));
            }
            ("VERSION", Some(_)) if !matches!(value.trim(), "2.1" | "3.0" | "4.0") => {
                return Err(AddressBookError::at(
                    number,
                    SyntaxProblem::UnsupportedVersion {
                        version: value.trim().to_string(),
                    },
                ));
            }
            ("FN", Some(card)) => {
                card.full = unescape(&value_text(&Parameters::read(key), value, number)?);
            }
            ("N", Some(card)) => {
                // N is family;given;additional;prefix;suffix.
                let value = value_text(&Parameters::read(key), value, number)?;
                let mut parts = value.split(';').map(unescape);
                let family = parts.next().unwrap_or_default();
                let given = parts.next().unwrap_or_default();
                card.structured = format!("{given} {family}").trim().to_string();
            }
            ("EMAIL", Some(card)) => {
                self.budget.take(number)?;
                card.emails.push(unescape(&value_text(
                    &Parameters::read(key),
                    value,
                    number,
                )?));
            }
            _ => {}
        }
        Ok(())
    }
}

/// Whether a logical line's value is QUOTED-PRINTABLE and ends in a soft
/// line break, so that the next physical line continues it.
fn continues_softly(line: &str) -> bool {
    line.ends_with('=')
        && line
            .split_once(':')
            .is_some_and(|(key, _)| Parameters::read(key).quoted_printable)
}

/// Parses one or more vCards.
pub(super) fn parse(text: &str, budget: &mut Budget) -> Result<Vec<RawEntry>, AddressBookError> {
    let mut cards = Cards {
        card: None,
        entries: Vec::new(),
        budget,
    };
    // The logical line being gathered, with the number of its first line.
    let mut pending: Option<(usize, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let physical = raw.trim_end_matches('\r');
        match pending.as_mut() {
            // A line that starts with a space or tab continues the one before.
            Some((_, logical)) if physical.starts_with([' ', '\t']) => {
                logical.push_str(&physical[1..]);
            }
            // vCard 2.1: a QUOTED-PRINTABLE value ending in `=` goes on.
            Some((_, logical)) if continues_softly(logical) => {
                logical.pop();
                logical.push_str(physical);
            }
            _ => {
                if let Some((number, logical)) = pending.take() {
                    cards.line(number, &logical)?;
                }
                pending = Some((index + 1, physical.to_string()));
            }
        }
    }
    if let Some((number, logical)) = pending.take() {
        cards.line(number, &logical)?;
    }
    if let Some(card) = cards.card {
        return Err(AddressBookError::at(card.start, SyntaxProblem::NoEnd));
    }
    Ok(cards.entries)
}
