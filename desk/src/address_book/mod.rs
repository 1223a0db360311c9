//! Address books that members upload for the contact search: Google Contacts
//! CSV (English and German), Outlook CSV (English and German, comma or
//! semicolon), Thunderbird CSV and vCard 2.1/3/4, read in memory only.
//!
//! Nothing here touches the disk except reading the file the member chose,
//! and nothing here is ever stored: the network promises that an address book
//! serves one scan and is gone. Memory stays bounded by [`MAX_BYTES`]: no
//! step builds more than a few strings per address, and at most
//! [`MAX_ADDRESSES`] addresses are read.

mod csv;
mod vcard;

use crate::records::{MemberId, is_plausible_email, normalize_email};
use encoding_rs::{Encoding, WINDOWS_1252};
use locales::{FluentValue, Lang, Localizer, Said, line_of};
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// The largest address book we read: far above any real one, far below a
/// size that would hurt the desk.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;

/// The most addresses one file may hold: four times Google's limit of 25,000
/// contacts, and a bound on the strings a hostile file can make us build.
pub const MAX_ADDRESSES: usize = 100_000;

/// Which export a file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Google Contacts CSV (`E-mail 1 - Value`, in German `E-Mail 1 - Wert`).
    GoogleCsv,
    /// Outlook CSV (`E-mail Address`, in German `E-Mail-Adresse`, ...).
    OutlookCsv,
    /// Thunderbird CSV (`Primary Email`, in German `Primäre E-Mail-Adresse`).
    ThunderbirdCsv,
    /// vCard 2.1, 3.0 or 4.0.
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

/// Why a file is not an address book we can read. `Display` says it in
/// English (logs); [`AddressBookError::in_file`] says it to a person, in
/// their language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressBookError {
    /// The file could not be read.
    #[error("cannot read the address book: {0}")]
    Read(ReadProblem),
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
    /// The bytes are neither UTF-8, UTF-16 with a byte-order mark, nor
    /// Windows-1252 throughout.
    #[error("line {line}: {}", NOT_TEXT)]
    Encoding {
        /// The first line with a bad byte.
        line: usize,
    },
    /// The file is empty.
    #[error("the address book is empty")]
    Empty,
    /// The content breaks the format.
    #[error("line {line}: {problem}")]
    Syntax {
        /// Where.
        line: usize,
        /// What is wrong.
        problem: SyntaxProblem,
    },
    /// A vCard value's CHARSET is unknown, or its bytes are not valid in it:
    /// guessing would turn names into U+FFFD without a word.
    #[error("line {line}: {}", problem.english(label))]
    Charset {
        /// The line of the property.
        line: usize,
        /// The CHARSET as the file names it.
        label: String,
        /// Unknown, or known with bytes that are not valid in it.
        problem: CharsetProblem,
    },
}

/// Why the file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadProblem {
    /// There is no file at that path.
    #[error("there is no such file")]
    NotFound,
    /// The file may not be read by this user.
    #[error("permission denied")]
    NoPermission,
    /// Anything else, by the system's kind of failure where we have words
    /// for it, else in its English ([`Said::io`]).
    #[error("{0}")]
    Other(Said),
}

impl ReadProblem {
    fn of(e: &std::io::Error) -> ReadProblem {
        match e.kind() {
            std::io::ErrorKind::NotFound => ReadProblem::NotFound,
            std::io::ErrorKind::PermissionDenied => ReadProblem::NoPermission,
            _ => ReadProblem::Other(Said::io(e)),
        }
    }
}

/// How the content of a line breaks the format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxProblem {
    /// A CSV header wider than any contacts export.
    #[error("the header has more than {max} columns; a contacts export has far fewer")]
    TooManyColumns {
        /// The most columns accepted.
        max: usize,
    },
    /// A CSV record with more fields than its header.
    #[error("more fields than the {width} of the header; is a comma missing its quotes?")]
    MoreFieldsThanHeader {
        /// The header's fields.
        width: usize,
    },
    /// A quote that is never closed, or one inside an unquoted field.
    #[error(
        "a quote that is never closed, or a quote inside an unquoted field; put the whole field in quotes and double the inner quote"
    )]
    UnclosedQuote,
    /// A CSV field longer than any real one.
    #[error("a field of {size} bytes; at most {max} are accepted")]
    FieldTooLong {
        /// Its length in bytes.
        size: usize,
        /// The most accepted.
        max: usize,
    },
    /// Text between a closing quote and the delimiter.
    #[error(
        "text after a closing quote; a quoted field must end at a delimiter or the end of the line"
    )]
    TextAfterQuote,
    /// The CSV reader's own complaint.
    #[error("{0}")]
    Csv(String),
    /// A CSV header with no address column we know.
    #[error(
        "not a Google, Outlook or Thunderbird contacts header: expected a column \"E-mail 1 - Value\" (Google), \"E-mail Address\" or \"E-Mail-Adresse\" (Outlook) or \"Primary Email\" (Thunderbird)"
    )]
    NotAContactsHeader,
    /// More addresses than [`MAX_ADDRESSES`].
    #[error("more than {max} addresses; split the address book into smaller files")]
    TooManyAddresses {
        /// The most accepted.
        max: usize,
    },
    /// A vCard line without a colon.
    #[error("a vCard line needs a \"NAME:value\" form")]
    NoColon,
    /// A `BEGIN:VCARD` before the previous card ended.
    #[error("BEGIN inside the vCard that starts on line {start}; is an END:VCARD missing?")]
    BeginInsideCard {
        /// The line the open card starts on.
        start: usize,
    },
    /// A line outside any card.
    #[error("text outside BEGIN:VCARD ... END:VCARD")]
    OutsideCard,
    /// A vCard version we do not read.
    #[error("vCard version {version:?} is not supported; use 2.1, 3.0 or 4.0")]
    UnsupportedVersion {
        /// The version as the file gives it.
        version: String,
    },
    /// A card that is never closed.
    #[error("this vCard has no END:VCARD")]
    NoEnd,
}

impl SyntaxProblem {
    /// The fluent message that words it, with `$file` and `$line`, and the
    /// problem's own variables.
    fn message(&self) -> (&'static str, Vec<(&'static str, FluentValue<'_>)>) {
        match self {
            SyntaxProblem::TooManyColumns { max } => (
                "address-book-too-many-columns",
                vec![("max", (*max).into())],
            ),
            SyntaxProblem::MoreFieldsThanHeader { width } => (
                "address-book-more-fields-than-header",
                vec![("width", (*width).into())],
            ),
            SyntaxProblem::UnclosedQuote => ("address-book-unclosed-quote", Vec::new()),
            SyntaxProblem::FieldTooLong { size, max } => (
                "address-book-field-too-long",
                vec![("size", (*size).into()), ("max", (*max).into())],
            ),
            SyntaxProblem::TextAfterQuote => ("address-book-text-after-quote", Vec::new()),
            SyntaxProblem::Csv(reason) => {
                ("address-book-csv", vec![("reason", reason.as_str().into())])
            }
            SyntaxProblem::NotAContactsHeader => ("address-book-not-a-contacts-header", Vec::new()),
            SyntaxProblem::TooManyAddresses { max } => (
                "address-book-too-many-addresses",
                vec![("max", (*max).into())],
            ),
            SyntaxProblem::NoColon => ("address-book-vcard-no-colon", Vec::new()),
            SyntaxProblem::BeginInsideCard { start } => (
                "address-book-vcard-begin-inside",
                vec![("start", (*start).into())],
            ),
            SyntaxProblem::OutsideCard => ("address-book-vcard-outside", Vec::new()),
            SyntaxProblem::UnsupportedVersion { version } => (
                "address-book-vcard-version",
                vec![("version", version.as_str().into())],
            ),
            SyntaxProblem::NoEnd => ("address-book-vcard-no-end", Vec::new()),
        }
    }
}

/// What is wrong with a vCard value's CHARSET.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetProblem {
    /// No encoding goes by that name.
    Unknown,
    /// The encoding is known, but the value's bytes are not valid in it.
    Malformed,
}

impl CharsetProblem {
    /// The fluent message that words it, with `$file`, `$line` and `$label`.
    fn message_id(self) -> &'static str {
        match self {
            CharsetProblem::Unknown => "address-book-unknown-charset",
            CharsetProblem::Malformed => "address-book-malformed-charset",
        }
    }

    /// In English, for `Display` (logs and `Debug`-level reports).
    fn english(self, label: &str) -> String {
        match self {
            CharsetProblem::Unknown => format!("unknown CHARSET {label:?}; {EXPORT_AS_UTF8}"),
            CharsetProblem::Malformed => {
                format!("the value's bytes are not valid {label:?}; {EXPORT_AS_UTF8}")
            }
        }
    }
}

/// What to do about text in an encoding we cannot read.
const EXPORT_AS_UTF8: &str = "export the address book again as UTF-8 (Unicode)";

/// What an [`AddressBookError::Encoding`] says after its line number.
const NOT_TEXT: &str = "not text in a known encoding (UTF-8, UTF-16 or Windows-1252); export the address book again as UTF-8 (Unicode)";

impl AddressBookError {
    /// The error in `lang` as `file:line: what is wrong`, or
    /// `file: what is wrong` when no line is to blame.
    pub fn in_file(&self, file: &Path, l: &Localizer, lang: Lang) -> String {
        let file = ("file", FluentValue::from(file.display().to_string()));
        let line = |line: &usize| ("line", FluentValue::from(*line));
        match self {
            AddressBookError::Read(problem) => match problem {
                ReadProblem::NotFound => l.format(lang, "address-book-not-found", &[file]),
                ReadProblem::NoPermission => l.format(lang, "address-book-no-permission", &[file]),
                ReadProblem::Other(reason) => l.format(
                    lang,
                    "address-book-cannot-read",
                    &[file, ("reason", reason.in_lang(l, lang).into())],
                ),
            },
            AddressBookError::TooLarge { size, max } => l.format(
                lang,
                "address-book-too-large",
                &[file, ("size", (*size).into()), ("max", (*max).into())],
            ),
            AddressBookError::Encoding { line: at } => {
                l.format(lang, "address-book-not-text", &[file, line(at)])
            }
            AddressBookError::Empty => l.format(lang, "address-book-empty", &[file]),
            AddressBookError::Syntax { line: at, problem } => {
                let (id, mut args) = problem.message();
                args.extend([file, line(at)]);
                l.format(lang, id, &args)
            }
            AddressBookError::Charset {
                line: at,
                label,
                problem,
            } => l.format(
                lang,
                problem.message_id(),
                &[file, line(at), ("label", label.as_str().into())],
            ),
        }
    }

    pub(crate) fn at(line: usize, problem: SyntaxProblem) -> AddressBookError {
        AddressBookError::Syntax { line, problem }
    }
}

/// A record as a format reads it: (name, addresses as written, first line).
pub(super) type RawEntry = (String, Vec<String>, usize);

/// Counts the addresses read so far against [`MAX_ADDRESSES`].
#[derive(Debug, Default)]
pub(super) struct Budget {
    addresses: usize,
}

impl Budget {
    /// Takes one address, or says on which line the file went over.
    pub(super) fn take(&mut self, line: usize) -> Result<(), AddressBookError> {
        self.addresses += 1;
        if self.addresses > MAX_ADDRESSES {
            return Err(AddressBookError::at(
                line,
                SyntaxProblem::TooManyAddresses { max: MAX_ADDRESSES },
            ));
        }
        Ok(())
    }
}

impl AddressBook {
    /// Reads and parses a file, refusing anything over [`MAX_BYTES`] before
    /// reading it whole.
    pub fn read_file(path: &Path) -> Result<AddressBook, AddressBookError> {
        let file =
            std::fs::File::open(path).map_err(|e| AddressBookError::Read(ReadProblem::of(&e)))?;
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
            .map_err(|e| AddressBookError::Read(ReadProblem::of(&e)))?;
        AddressBook::parse(&bytes)
    }

    /// Parses the bytes of a Google, Outlook or Thunderbird CSV or a vCard
    /// export.
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
        let mut budget = Budget::default();
        let (format, raw) = if text
            .trim_start()
            .get(..11)
            .is_some_and(|start| start.eq_ignore_ascii_case("BEGIN:VCARD"))
        {
            (Format::VCard, vcard::parse(&text, &mut budget)?)
        } else {
            csv::parse(&text, &mut budget)?
        };
        drop(text);
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
                    // Shown in terminals and mails: an escape sequence in
                    // an uploaded name must not act there.
                    name: locales::one_line(&name),
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

/// The file's text. A byte-order mark decides (UTF-8, UTF-16 LE or BE, as
/// Outlook's "Unicode" export writes it); without one, UTF-8 if the bytes are
/// UTF-8, else Windows-1252, which Outlook's "CSV (Windows)" writes and in
/// which every byte is a character. A file with valid UTF-8 sequences and
/// invalid ones is damaged UTF-8, not Windows-1252, and a NUL byte means
/// UTF-16 without its mark or no text at all: both are refused at the line
/// of the first bad byte rather than read as mojibake.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, AddressBookError> {
    if let Some((encoding, mark)) = Encoding::for_bom(bytes) {
        let body = &bytes[mark..];
        return match encoding.decode_without_bom_handling_and_without_replacement(body) {
            Some(Cow::Owned(mut text)) => {
                text.shrink_to_fit();
                Ok(Cow::Owned(text))
            }
            Some(text) => Ok(text),
            None => {
                let (lossy, _) = encoding.decode_without_bom_handling(body);
                let bad = lossy.find('\u{FFFD}').unwrap_or(lossy.len());
                Err(AddressBookError::Encoding {
                    line: line_of(lossy.as_bytes(), bad),
                })
            }
        };
    }
    if let Some(nul) = bytes.iter().position(|b| *b == 0) {
        return Err(AddressBookError::Encoding {
            line: line_of(bytes, nul),
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    let mut offset = 0;
    let mut multibyte = false;
    let mut first_bad = None;
    for chunk in bytes.utf8_chunks() {
        multibyte |= !chunk.valid().is_ascii();
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() && first_bad.is_none() {
            first_bad = Some(offset);
        }
        offset += chunk.invalid().len();
    }
    match first_bad {
        Some(bad) if multibyte => Err(AddressBookError::Encoding {
            line: line_of(bytes, bad),
        }),
        _ => {
            // The decoder reserves for the worst case (three bytes for each
            // one); give back what the text does not use.
            let mut text = WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned();
            text.shrink_to_fit();
            Ok(Cow::Owned(text))
        }
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
    /// Their first address not listed before: the one to invite.
    pub email: String,
    /// Their other addresses in the same entry, in the file's order: one
    /// person is offered once, not once per address.
    pub also: Vec<String>,
}

impl Invitable {
    /// Their other addresses as a note to print after the first (empty
    /// when there are none), in `lang`.
    pub fn also_note(&self, l: &Localizer, lang: Lang) -> String {
        if self.also.is_empty() {
            return String::new();
        }
        let emails: FluentValue = self.also.join(", ").into();
        format!(" {}", l.format(lang, "compare-also", &[("emails", emails)]))
    }
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
