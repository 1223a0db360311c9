//! The community's records as plain values: what the store reads and writes.

use locales::Lang;
use serde::{Deserialize, Serialize};

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

record_id!(
    /// A member's row id.
    MemberId
);
record_id!(
    /// A group's row id.
    GroupId
);
record_id!(
    /// A group invitation's row id.
    InvitationId
);
record_id!(
    /// A support ticket's number, as the member is told it.
    TicketId
);
record_id!(
    /// An ambassador event's row id.
    EventId
);

/// A member of the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Row id.
    pub id: MemberId,
    /// Normalised e-mail address (trimmed, lower case); unique.
    pub email: String,
    /// Display name.
    pub name: String,
    /// The language mail and messages are written in.
    pub lang: Lang,
    /// Premium or basic; both may invite.
    pub premium: bool,
    /// False when the member switched group invitations off.
    pub group_invitations: bool,
    /// The linked Discord user, if any.
    pub discord_id: Option<String>,
    /// The profile's "I seek" field.
    pub seeks: String,
    /// The profile's "I offer" field.
    pub offers: String,
    /// True once moderators rejected too many of the member's invitations.
    pub suspended: bool,
}

/// Whether a group is about a region or an industry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupKind {
    /// A city or region.
    Regional,
    /// A trade or profession.
    Industry,
}

/// A community group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Row id.
    pub id: GroupId,
    /// Unique name.
    pub name: String,
    /// What the group is about.
    pub description: String,
    /// Region or industry.
    pub kind: GroupKind,
}

/// The two kinds of ambassador.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmbassadorKind {
    /// Represents the network in a region and hosts its events.
    Regional,
    /// An expert who runs events on a professional topic.
    Xpert,
}

/// A member's role in one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// An ordinary member.
    Member,
    /// Runs the group.
    Moderator,
    /// A moderator who also represents the network officially.
    Ambassador(AmbassadorKind),
}

impl Role {
    /// Moderators and ambassadors may moderate.
    pub fn moderates(self) -> bool {
        !matches!(self, Role::Member)
    }

    /// The stable id used in files and messages: `member`, `moderator`,
    /// `ambassador-regional`, `ambassador-xpert`.
    pub fn id(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Moderator => "moderator",
            Role::Ambassador(AmbassadorKind::Regional) => "ambassador-regional",
            Role::Ambassador(AmbassadorKind::Xpert) => "ambassador-xpert",
        }
    }
}

impl GroupKind {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Regional => "regional",
            GroupKind::Industry => "industry",
        }
    }

    /// Reads the stored text.
    pub fn parse(text: &str) -> Option<GroupKind> {
        match text {
            "regional" => Some(GroupKind::Regional),
            "industry" => Some(GroupKind::Industry),
            _ => None,
        }
    }
}

impl AmbassadorKind {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            AmbassadorKind::Regional => "regional",
            AmbassadorKind::Xpert => "xpert",
        }
    }

    /// Reads the stored text.
    pub fn parse(text: &str) -> Option<AmbassadorKind> {
        match text {
            "regional" => Some(AmbassadorKind::Regional),
            "xpert" => Some(AmbassadorKind::Xpert),
            _ => None,
        }
    }
}

/// Trims and lower-cases an e-mail address, so that `Anna@Example.org ` and
/// `anna@example.org` are one person. A leading `mailto:` is dropped, and so
/// are invisible characters (a zero-width space pasted from a web page) and
/// the root dot of a domain (`example.org.` is `example.org`), which mail
/// delivers to the same mailbox.
pub fn normalize_email(raw: &str) -> String {
    let trimmed = raw.trim().trim_matches(|c| c == '<' || c == '>');
    let trimmed = trimmed
        .strip_prefix("mailto:")
        .or_else(|| trimmed.strip_prefix("MAILTO:"))
        .unwrap_or(trimmed);
    let email = locales::fold::visible(trimmed).trim().to_lowercase();
    match email.split_once('@') {
        Some((local, domain)) if domain.ends_with('.') => {
            format!("{local}@{}", domain.trim_end_matches('.'))
        }
        _ => email,
    }
}

/// A plausible address: one `@`, something before it, a dot after it, no spaces.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_compared_normalised() {
        assert_eq!(
            normalize_email("  Anna.Berg@Example.ORG "),
            "anna.berg@example.org"
        );
        assert_eq!(normalize_email("mailto:ben@example.org"), "ben@example.org");
        assert_eq!(normalize_email("<ben@example.org>"), "ben@example.org");
    }

    #[test]
    fn the_same_mailbox_written_otherwise_is_one_address() {
        for spelling in [
            "Ben@Example.org.",
            "ben@example.org..",
            "ben\u{200B}@example.org",
            "\u{FEFF}ben@exam\u{00AD}ple.org",
            "<mailto:ben@example.org.>",
        ] {
            assert_eq!(normalize_email(spelling), "ben@example.org", "{spelling:?}");
        }
        // A dot inside the local part is the mailbox's own.
        assert_eq!(normalize_email("ben.@example.org"), "ben.@example.org");
    }

    #[test]
    fn implausible_emails_are_recognised() {
        assert!(is_plausible_email("anna@example.org"));
        assert!(!is_plausible_email("anna"));
        assert!(!is_plausible_email("anna@localhost"));
        assert!(!is_plausible_email("an na@example.org"));
        assert!(!is_plausible_email("@example.org"));
    }

    #[test]
    fn only_members_do_not_moderate() {
        assert!(!Role::Member.moderates());
        assert!(Role::Moderator.moderates());
        assert!(Role::Ambassador(AmbassadorKind::Xpert).moderates());
    }
}
