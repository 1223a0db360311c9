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
                let mut found_all = Vec::with_capacity(entry.emails.len());
                for email in &entry.emails {
                    let found: Option<(i64, String)> = lookup
                        .query_row([email], |row| Ok((row.get(0)?, row.get(1)?)))
                        .optional()?;
                    found_all.push(found);
                }
                // An entry is one person: once one of their addresses is a
                // member (or me), their other addresses are that member's
                // too, and inviting them would invite a member again.
                let is_member = found_all.iter().any(Option::is_some);
                let mut invitable: Option<Invitable> = None;
                for (email, found) in entry.emails.iter().zip(found_all) {
                    if !seen.insert(email.as_str()) {
                        continue;
                    }
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
                        None if is_member => {}
                        None => match &mut invitable {
                            Some(person) => person.also.push(email.clone()),
                            None => {
                                invitable = Some(Invitable {
                                    name: entry.name.clone(),
                                    email: email.clone(),
                                    also: Vec::new(),
                                })
                            }
                        },
                    }
                }
                out.to_invite.extend(invitable);
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::address_book::AddressBook;
    use crate::store::invitations::tests::world;
    use crate::store::tests::temp_store;

    #[test]
    fn a_members_other_addresses_are_not_offered_for_invitation() {
        let (_dir, mut store) = temp_store();
        let w = world(&mut store);
        // Ben and Anna herself each with a second address (Ben's folded
        // over two lines), and one stranger.
        let book = AddressBook::parse(
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Kurz\r\nEMAIL:ben.kurz@wo\r\n rk.example\r\n\
              EMAIL:Ben@Example.org\r\nEND:VCARD\r\n\
              BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nEMAIL:anna@example.org\r\n\
              EMAIL:anna.private@home.example\r\nEND:VCARD\r\n\
              BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nina Neu\r\nEMAIL:nina@new.example\r\n\
              END:VCARD\r\n",
        )
        .expect("parse");
        assert_eq!(
            book.entries[0].emails,
            ["ben.kurz@work.example", "ben@example.org"]
        );
        let found = store.compare_address_book(w.anna, &book).expect("compare");
        let invite: Vec<&str> = found.to_invite.iter().map(|i| i.email.as_str()).collect();
        assert_eq!(invite, ["nina@new.example"]);
        assert_eq!(found.contacts.len(), 1, "Ben, once");
    }

    #[test]
    fn a_stranger_with_several_addresses_is_offered_once() {
        let (_dir, mut store) = temp_store();
        let w = world(&mut store);
        // Google's export puts several addresses in one field; the second
        // stranger repeats an address of the first, which is not offered again.
        let book = AddressBook::parse(
            b"Name,E-mail 1 - Value\n\
              Zoe O'Neil,zoe.oneil@example.com ::: zoe@example.net\n\
              Zoe at work,zoe@example.net ::: zoe@work.example\n",
        )
        .expect("parse");
        let found = store.compare_address_book(w.anna, &book).expect("compare");
        let invite: Vec<(&str, &[String])> = found
            .to_invite
            .iter()
            .map(|i| (i.email.as_str(), i.also.as_slice()))
            .collect();
        assert_eq!(
            invite,
            [
                (
                    "zoe.oneil@example.com",
                    &["zoe@example.net".to_string()][..]
                ),
                ("zoe@work.example", &[][..]),
            ]
        );
    }
}
