//! A queued outbox mail as an Internet message: headers and a UTF-8 body.

use crate::{AddressProblem, MailError, SettingProblem};
use desk::clock;
use desk::store::QueuedMail;
use lettre::Message;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, SinglePart};
use std::time::SystemTime;

/// Who the help desk's mail comes from, and where invitations are switched off.
#[derive(Debug, Clone)]
pub struct Sender {
    from: Mailbox,
    domain: String,
    unsubscribe: String,
}

impl Sender {
    /// `from` is an address, optionally with a name (`Help desk <help@example.org>`).
    /// `unsubscribe` is the `https:` page or `mailto:` address that switches
    /// group invitations off; without one it is a `mailto:` to `from`.
    pub fn new(from: &str, unsubscribe: Option<&str>) -> Result<Sender, MailError> {
        let from: Mailbox = from.trim().parse().map_err(|e| MailError::Setting {
            what: "from",
            problem: SettingProblem::NotAnAddress {
                given: from.to_string(),
                why: match AddressProblem::from(e) {
                    AddressProblem::Input if misses_a_part(from) => AddressProblem::MissingParts,
                    other => other,
                },
            },
        })?;
        let domain = from.email.domain().to_string();
        let unsubscribe = match unsubscribe.map(str::trim) {
            Some(target)
                if target.starts_with("https://")
                    || target.starts_with("http://")
                    || target.starts_with("mailto:") =>
            {
                target.to_string()
            }
            Some(other) => {
                return Err(MailError::Setting {
                    what: "unsubscribe",
                    problem: SettingProblem::NotUnsubscribe(other.to_string()),
                });
            }
            None => format!("mailto:{}?subject=group-invitations-off", from.email),
        };
        Ok(Sender {
            from,
            domain,
            unsubscribe,
        })
    }

    /// The domain that `Message-ID`s end in.
    pub fn domain(&self) -> &str {
        &self.domain
    }
}

/// Whether `from` lacks its `@`, or the part before or after it. lettre
/// calls every address it cannot read invalid input; these are the
/// commonest reasons, and are said as what they are.
fn misses_a_part(from: &str) -> bool {
    let address = from.trim();
    let address = match address.rsplit_once('<') {
        Some((_, inside)) => inside.trim_end().trim_end_matches('>'),
        None => address,
    };
    match address.rsplit_once('@') {
        Some((user, domain)) => user.trim().is_empty() || domain.trim().is_empty(),
        None => true,
    }
}

/// The `Message-ID` of an outbox mail. It depends only on the row, so a mail
/// that has to be tried again keeps its id and a receiver can tell it is the same.
pub fn message_id(sender: &Sender, mail: &QueuedMail) -> String {
    format!(
        "<outbox.{}.{}@{}>",
        mail.id,
        clock::to_unix(mail.created_at),
        sender.domain
    )
}

/// The `List-Unsubscribe` header (RFC 2369): where mail clients offer "unsubscribe".
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(text: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let inner = text.trim().trim_start_matches('<').trim_end_matches('>');
        Ok(ListUnsubscribe(inner.to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// The message for `mail`, dated `date`. Invitation mails carry `List-Unsubscribe`.
pub fn compose(sender: &Sender, mail: &QueuedMail, date: SystemTime) -> Result<Message, MailError> {
    let to: Mailbox = mail.to.trim().parse().map_err(|e| MailError::Address {
        address: mail.to.clone(),
        problem: format!("{e}"),
    })?;
    let mut builder = Message::builder()
        .from(sender.from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .date(date)
        .message_id(Some(message_id(sender, mail)))
        .header(ContentLanguage(mail.lang.code()))
        .header(AutoSubmitted);
    if mail.invitation.is_some() {
        builder = builder.header(ListUnsubscribe(sender.unsubscribe.clone()));
    }
    builder
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone()),
        )
        .map_err(|e| MailError::Address {
            address: mail.to.clone(),
            problem: e.to_string(),
        })
}

/// `Content-Language`: the recipient's language, which the text is written in.
#[derive(Debug, Clone)]
struct ContentLanguage(&'static str);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(_text: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Err("Content-Language is only written".into())
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.to_string())
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): no vacation replies, please.
#[derive(Debug, Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_text: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk::records::InvitationId;
    use locales::Lang;

    fn mail() -> QueuedMail {
        QueuedMail {
            id: 7,
            to: "juergen@example.org".into(),
            lang: Lang::De,
            subject: "Anna Berg lädt Sie in die Gruppe „Köln“ ein".into(),
            body: "Hallo Jürgen,\n\nGrüße aus Köln!".into(),
            invitation: Some(InvitationId(3)),
            created_at: clock::from_unix(1_700_000_000),
            attempts: 0,
        }
    }

    #[test]
    fn the_message_id_depends_only_on_the_row() {
        let sender = Sender::new("Help desk <help@example.org>", None).expect("sender");
        assert_eq!(
            message_id(&sender, &mail()),
            "<outbox.7.1700000000@example.org>"
        );
    }

    #[test]
    fn a_bad_from_address_or_unsubscribe_target_is_named() {
        let err = Sender::new("not an address", None).expect_err("bad from");
        assert!(err.to_string().contains("not an address"), "{err}");
        let err = Sender::new("help@example.org", Some("ftp://x")).expect_err("bad target");
        assert!(err.to_string().contains("ftp://x"), "{err}");
    }

    /// What a `from` value is called wrong for.
    fn why(from: &str) -> AddressProblem {
        match Sender::new(from, None) {
            Err(MailError::Setting {
                problem: SettingProblem::NotAnAddress { why, .. },
                ..
            }) => why,
            other => panic!("{from}: {other:?}"),
        }
    }

    #[test]
    fn an_address_without_its_at_or_a_side_of_it_is_said_to_miss_a_part() {
        // lettre calls every address it cannot read "invalid input"; the
        // commonest mistakes are a missing @ or nothing on one side of it,
        // which are not characters no address can have.
        for from in [
            "helpdesk",
            "help@",
            "@example.org",
            "Help desk <help@>",
            "Help desk <helpdesk>",
        ] {
            assert_eq!(why(from), AddressProblem::MissingParts, "{from}");
        }
        assert_eq!(why("help desk@example.org"), AddressProblem::Input);
    }

    #[test]
    fn an_invitation_carries_list_unsubscribe_and_other_mail_does_not() {
        let sender =
            Sender::new("help@example.org", Some("https://example.org/settings")).expect("sender");
        let text = String::from_utf8(
            compose(&sender, &mail(), SystemTime::UNIX_EPOCH)
                .expect("compose")
                .formatted(),
        )
        .expect("ascii headers");
        assert!(
            text.contains("List-Unsubscribe: <https://example.org/settings>"),
            "{text}"
        );
        assert!(text.contains("Content-Language: de"), "{text}");
        let mut plain = mail();
        plain.invitation = None;
        let text = String::from_utf8(
            compose(&sender, &plain, SystemTime::UNIX_EPOCH)
                .expect("compose")
                .formatted(),
        )
        .expect("ascii headers");
        assert!(!text.contains("List-Unsubscribe"), "{text}");
    }
}
