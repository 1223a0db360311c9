//! The address-book comparison: reads only, so nothing of the file reaches the disk.

use super::Store;
use super::community::are_contacts;
use crate::DeskError;
use crate::address_book::{AddressBook, Comparison, FoundMember, Invitable};
use crate::records::MemberId;
use rusqlite::OptionalExtension;
use std::collections::HashSet;

impl Store {
    /// Sorts an address book into members to connect with, existing contacts
    /// and people to invite. Only SELECTs run, so neither the database nor its
    /// WAL ever holds an address from the file.
    pub fn compare_address_book(
        &self,
        me: MemberId,
        book: &AddressBook,
    ) -> Result<Comparison, DeskError> {
        self.in_its_file(|| {
            let mut out = Comparison {
                skipped: book.skipped,
                ..Comparison::default()
            };
            let mut seen = HashSet::new();
            let mut lookup = self
                .conn
                .prepare_cached("SELECT id, name FROM members WHERE email = ?1")?;
            for entry in &book.entries {
                for email in &entry.emails {
                    if !seen.insert(email.as_str()) {
                        continue;
                    }
                    let found: Option<(i64, String)> = lookup
                        .query_row([email], |row| Ok((row.get(0)?, row.get(1)?)))
                        .optional()?;
                    match found {
                        Some((id, _)) if MemberId(id) == me => {}
                        Some((id, name)) => {
                            let member = MemberId(id);
                            let found = FoundMember {
                                member,
                                name,
                                email: email.clone(),
                            };
                            if are_contacts(&self.conn, me, member)? {
                                out.contacts.push(found);
                            } else {
                                out.members_not_contacts.push(found);
                            }
                        }
                        None => out.to_invite.push(Invitable {
                            name: entry.name.clone(),
                            email: email.clone(),
                        }),
                    }
                }
            }
            Ok(out)
        })
    }
}
