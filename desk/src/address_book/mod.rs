//! Address books that members upload for the contact search: Google Contacts
//! CSV, Outlook CSV and vCard 3/4, read in memory only.
//!
//! Nothing here touches the disk except reading the file the member chose,
//! and nothing here is ever stored: the network promises that an address book
//! serves one scan and is gone.

mod csv;
mod vcard;

use crate::records::{MemberId, is_plausible_email, normalize_email};
use std::io::Read;
use std::path::Path;

/// The largest address book we read: far above any real one, far below a
/// size that would hurt the desk.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;

/// Which export a file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Google Contacts CSV (`E-mail 1 - Value`, ...).
    GoogleCsv,
    /// Outlook CSV (`E-mail Address`, `E-mail 2 Address`, ...).
    OutlookCsv,
    /// vCard 3.0 or 4.0.
    VCard,
}

/// One person in an address book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name as the file gives it (may be empty).
    pub name: String,
    /// Their addresses, normalised.
    pub emails: Vec<String>,
    /// The line the entry starts on.
    pub line: usize,
}

/// A parsed address book, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressBook {
    /// Which export it was.
    pub format: Format,
    /// The people in it.
    pub entries: Vec<Entry>,
    /// Addresses left out because they are not e-mail addresses.
    pub skipped: usize,
}

/// Why a file is not an address book we can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressBookError {
    /// The file could not be read.
    #[error("cannot read the address book: {0}")]
    Read(String),
    /// The file is larger than [`MAX_BYTES`].
    #[error(
        "the address book is {size} bytes; at most {max} bytes are accepted (export only your contacts, or split the file)"
    )]
    TooLarge {
        /// Its size, or a lower bound.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The bytes are not UTF-8 or UTF-16 text.
    #[error("line {line}: {}", NOT_TEXT)]
    Encoding {
        /// The first line with a bad byte.
        line: usize,
    },
    /// The file is empty.
    #[error("the address book is empty")]
    Empty,
    /// The content breaks the format.
    #[error("line {line}: {message}")]
    Syntax {
        /// Where.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// What an [`AddressBookError::Encoding`] says after its line number.
const NOT_TEXT: &str = "not UTF-8 text; export the address book as UTF-8 (Unicode)";

impl AddressBookError {
    /// The error as `file:line: what is wrong`, or `file: what is wrong`
    /// when no line is to blame.
    pub fn in_file(&self, file: &Path) -> String {
        match self {
            AddressBookError::Syntax { line, message } => {
                format!("{}:{line}: {message}", file.display())
            }
            AddressBookError::Encoding { line } => format!("{}:{line}: {NOT_TEXT}", file.display()),
            other => format!("{}: {other}", file.display()),
        }
    }

    pub(crate) fn at(line: usize, message: impl Into<String>) -> AddressBookError {
        AddressBookError::Syntax {
            line,
            message: message.into(),
        }
    }
}

impl AddressBook {
    /// Reads and parses a file, refusing anything over [`MAX_BYTES`] before
    /// reading it whole.
    pub fn read_file(path: &Path) -> Result<AddressBook, AddressBookError> {
        let file = std::fs::File::open(path)
            .map_err(|e| AddressBookError::Read(format!("{}: {e}", path.display())))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_BYTES {
            return Err(AddressBookError::TooLarge {
                size,
                max: MAX_BYTES,
            });
        }
        let mut bytes = Vec::new();
        file.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| AddressBookError::Read(format!("{}: {e}", path.display())))?;
        AddressBook::parse(&bytes)
    }

    /// Parses the bytes of a Google CSV, Outlook CSV or vCard export.
    pub fn parse(bytes: &[u8]) -> Result<AddressBook, AddressBookError> {
        if bytes.len() as u64 > MAX_BYTES {
            return Err(AddressBookError::TooLarge {
                size: bytes.len() as u64,
                max: MAX_BYTES,
            });
        }
        let text = decode(bytes)?;
        if text.trim().is_empty() {
            return Err(AddressBookError::Empty);
        }
        let (format, raw) = if text
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("BEGIN:VCARD")
        {
            (Format::VCard, vcard::parse(&text)?)
        } else {
            csv::parse(&text)?
        };
        let mut skipped = 0;
        let entries = raw
            .into_iter()
            .filter_map(|(name, emails, line)| {
                let mut good = Vec::new();
                for email in emails {
                    let email = normalize_email(&email);
                    if email.is_empty() {
                        continue;
                    }
                    if is_plausible_email(&email) {
                        if !good.contains(&email) {
                            good.push(email);
                        }
                    } else {
                        skipped += 1;
                    }
                }
                (!good.is_empty()).then(|| Entry {
                    name: name.trim().to_string(),
                    emails: good,
                    line,
                })
            })
            .collect();
        Ok(AddressBook {
            format,
            entries,
            skipped,
        })
    }
}

/// UTF-8 (with or without BOM) or UTF-16 with a BOM, as Outlook writes it.
fn decode(bytes: &[u8]) -> Result<String, AddressBookError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    let utf16 = |rest: &[u8], le: bool| -> Result<String, AddressBookError> {
        if !rest.len().is_multiple_of(2) {
            return Err(AddressBookError::Encoding {
                line: 1 + rest.iter().filter(|b| **b == b'\n').count(),
            });
        }
        let units = rest.chunks_exact(2).map(|pair| {
            if le {
                u16::from_le_bytes([pair[0], pair[1]])
            } else {
                u16::from_be_bytes([pair[0], pair[1]])
            }
        });
        let mut out = String::with_capacity(rest.len() / 2);
        let mut line = 1;
        for unit in char::decode_utf16(units) {
            match unit {
                Ok(c) => {
                    if c == '\n' {
                        line += 1;
                    }
                    out.push(c);
                }
                Err(_) => return Err(AddressBookError::Encoding { line }),
            }
        }
        Ok(out)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    utf8(bytes)
}

fn utf8(bytes: &[u8]) -> Result<String, AddressBookError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(AddressBookError::Encoding {
            line: 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count(),
        }),
    }
}

/// Someone from the address book who is a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundMember {
    /// The member.
    pub member: MemberId,
    /// Their name in the network.
    pub name: String,
    /// The address that matched.
    pub email: String,
}

/// Someone from the address book who is not a member yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitable {
    /// The name in the address book.
    pub name: String,
    /// Their address.
    pub email: String,
}

/// The three lists of the contact search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Comparison {
    /// Members who are not yet direct contacts: offer to connect.
    pub members_not_contacts: Vec<FoundMember>,
    /// Already direct contacts.
    pub contacts: Vec<FoundMember>,
    /// Not members: offer to invite.
    pub to_invite: Vec<Invitable>,
    /// Addresses skipped as not e-mail addresses.
    pub skipped: usize,
}

#[cfg(test)]
mod tests;
