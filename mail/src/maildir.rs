//! A Maildir: one file per message in `new/`, written in `tmp/` first and then
//! renamed, so that a mail client never sees half a message (`mutt -f DIR`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A Maildir on disk, with its `tmp/`, `new/` and `cur/` folders.
#[derive(Debug, Clone)]
pub struct Maildir {
    root: PathBuf,
}

impl Maildir {
    /// Opens the Maildir at `root`, creating it and its three folders if needed.
    pub fn create(root: &Path) -> std::io::Result<Maildir> {
        for sub in ["tmp", "new", "cur"] {
            fs::create_dir_all(root.join(sub))?;
        }
        Ok(Maildir {
            root: root.to_path_buf(),
        })
    }

    /// Where it is.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Stores `message` under the unique name `name` and returns its path.
    ///
    /// The same message already in `new/` or `cur/` (where a mail client
    /// moves what it has seen, adding `:2,FLAGS`) is not written again: a
    /// courier that stopped after the rename but before recording it finds
    /// it there. It is recognised by its content, not by its name alone: a
    /// second database, or one restored from a backup, numbers its outbox
    /// the same, and its different mail gets `name.2` (and so on) instead.
    pub fn deliver(&self, name: &str, message: &[u8]) -> std::io::Result<PathBuf> {
        let message = unix_lines(message);
        let mut unique = name.to_string();
        let mut n = 1u32;
        while let Some(existing) = self.find(&unique)? {
            if fs::read(&existing).is_ok_and(|held| same_mail(&held, &message)) {
                return Ok(existing);
            }
            n += 1;
            unique = format!("{name}.{n}");
        }
        let new = self.root.join("new").join(&unique);
        let tmp = self.root.join("tmp").join(&unique);
        {
            let mut file = fs::File::create(&tmp)?;
            file.write_all(&message)?;
            file.sync_all()?;
        }
        fs::rename(&tmp, &new)?;
        // The rename is durable once the folder itself is on disk.
        if let Ok(dir) = fs::File::open(self.root.join("new")) {
            let _ = dir.sync_all();
        }
        Ok(new)
    }

    fn find(&self, name: &str) -> std::io::Result<Option<PathBuf>> {
        let new = self.root.join("new").join(name);
        if new.exists() {
            return Ok(Some(new));
        }
        let seen = format!("{name}:");
        for entry in fs::read_dir(self.root.join("cur"))? {
            let entry = entry?;
            let file = entry.file_name();
            let file = file.to_string_lossy();
            if *file == *name || file.starts_with(&seen) {
                return Ok(Some(entry.path()));
            }
        }
        Ok(None)
    }
}

/// Whether two messages are one mail: a try after a crash composes it anew,
/// and only its `Date:` header (the time of composing) differs.
fn same_mail(held: &[u8], composed: &[u8]) -> bool {
    fn without_date(message: &[u8]) -> impl Iterator<Item = &[u8]> {
        let mut in_head = true;
        message.split(|&b| b == b'\n').filter(move |line| {
            if line.is_empty() {
                in_head = false;
            }
            !(in_head && line.len() >= 5 && line[..5].eq_ignore_ascii_case(b"date:"))
        })
    }
    without_date(held).eq(without_date(composed))
}

/// Maildir files end lines with LF, as files on Unix do; SMTP uses CRLF.
fn unix_lines(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len());
    let mut bytes = message.iter().peekable();
    while let Some(&b) = bytes.next() {
        if b == b'\r' && bytes.peek() == Some(&&b'\n') {
            continue;
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_lands_in_new_with_unix_lines_and_tmp_stays_empty() {
        let dir = tempfile::tempdir().expect("dir");
        let maildir = Maildir::create(&dir.path().join("mail")).expect("maildir");
        let path = maildir
            .deliver(
                "1.O1.example.org",
                b"Subject: Gr\xc3\xbc\xc3\x9fe\r\n\r\nHallo\r\n",
            )
            .expect("deliver");
        assert_eq!(path, maildir.root().join("new/1.O1.example.org"));
        assert_eq!(
            fs::read(&path).expect("read"),
            "Subject: Grüße\n\nHallo\n".as_bytes()
        );
        assert_eq!(
            fs::read_dir(maildir.root().join("tmp"))
                .expect("tmp")
                .count(),
            0
        );
    }

    #[test]
    fn a_message_already_seen_by_a_client_is_not_written_again() {
        let dir = tempfile::tempdir().expect("dir");
        let maildir = Maildir::create(dir.path()).expect("maildir");
        let first = maildir
            .deliver(
                "2.O2.example.org",
                b"Date: Mon, 1 Jun 2026 10:00:00 +0000\r\nSubject: Hi\r\n\r\nfirst\r\n",
            )
            .expect("deliver");
        let seen = maildir.root().join("cur/2.O2.example.org:2,S");
        fs::rename(&first, &seen).expect("client reads it");
        let again = maildir
            .deliver(
                "2.O2.example.org",
                b"Date: Mon, 1 Jun 2026 10:05:00 +0000\r\nSubject: Hi\r\n\r\nfirst\r\n",
            )
            .expect("again");
        assert_eq!(again, seen);
        assert_eq!(
            fs::read_dir(maildir.root().join("new"))
                .expect("new")
                .count(),
            0
        );
        assert_eq!(
            fs::read(&seen).expect("read"),
            b"Date: Mon, 1 Jun 2026 10:00:00 +0000\nSubject: Hi\n\nfirst\n"
        );
    }

    #[test]
    fn a_different_mail_under_a_taken_name_is_written_beside_it() {
        let dir = tempfile::tempdir().expect("dir");
        let maildir = Maildir::create(dir.path()).expect("maildir");
        let first = maildir
            .deliver("3.O3.example.org", b"Subject: A\r\n\r\nfor a\r\n")
            .expect("deliver");
        let seen = maildir.root().join("cur/3.O3.example.org:2,S");
        fs::rename(&first, &seen).expect("client reads it");
        let other = maildir
            .deliver("3.O3.example.org", b"Subject: B\r\n\r\nfor b\r\n")
            .expect("other");
        assert_eq!(other, maildir.root().join("new/3.O3.example.org.2"));
        assert_eq!(fs::read(&other).expect("read"), b"Subject: B\n\nfor b\n");
        assert_eq!(fs::read(&seen).expect("read"), b"Subject: A\n\nfor a\n");
        let again = maildir
            .deliver("3.O3.example.org", b"Subject: B\r\n\r\nfor b\r\n")
            .expect("again");
        assert_eq!(
            again, other,
            "the second mail is found again, not written a third time"
        );
    }
}
