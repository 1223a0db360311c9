//! Group invitations: a draft, the policy it must pass, and what became of it.

pub mod advice;
pub mod mass_mail;
pub mod policy;

use crate::clock::Timestamp;
use crate::records::{GroupId, InvitationId, MemberId};
use policy::{Breach, Flag, Verdict};
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// The text as the invitee gets it: the blank space around it (white space
/// and invisible characters, [`locales::fold::is_invisible`]) is dropped,
/// since a mail shows it as nothing or as empty lines, so it is neither
/// counted nor sent, and a text of nothing else is empty.
pub fn text_as_sent(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || locales::fold::is_invisible(c))
}

/// How many characters a reader sees: one per grapheme cluster, so that an
/// `e` with a combining accent, a flag or a family emoji joined by ZWJ count
/// once, and a CRLF line break counts like a LF. The limits are the
/// network's published rules, and members count what they see.
pub fn characters(text: &str) -> usize {
    text.graphemes(true).count()
}

/// Where the invitation was written: on the invitee's profile (anyone may be
/// invited) or on the group's page (only direct contacts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Route {
    /// The "More" button on a member's profile.
    Profile,
    /// The group's page.
    Group,
}

impl Route {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Profile => "profile",
            Route::Group => "group",
        }
    }

    /// Reads the stored text.
    pub fn parse(text: &str) -> Option<Route> {
        match text {
            "profile" => Some(Route::Profile),
            "group" => Some(Route::Group),
            _ => None,
        }
    }
}

/// What became of a group invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InvitationStatus {
    /// Delivered at once.
    Sent,
    /// Held for a moderator.
    Flagged,
    /// Held, then approved and delivered.
    Approved,
    /// Held, then rejected; never delivered.
    Rejected,
    /// Withdrawn because the invitee switched group invitations off before
    /// it reached them: while held, or while its mail waited to go out (sent
    /// or approved before); never delivered, and no moderator's verdict on
    /// the sender.
    #[serde(rename = "opted-out")]
    OptedOut,
}

impl InvitationStatus {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationStatus::Sent => "sent",
            InvitationStatus::Flagged => "flagged",
            InvitationStatus::Approved => "approved",
            InvitationStatus::Rejected => "rejected",
            InvitationStatus::OptedOut => "opted-out",
        }
    }

    /// Reads the stored text.
    pub fn parse(text: &str) -> Option<InvitationStatus> {
        match text {
            "sent" => Some(InvitationStatus::Sent),
            "flagged" => Some(InvitationStatus::Flagged),
            "approved" => Some(InvitationStatus::Approved),
            "rejected" => Some(InvitationStatus::Rejected),
            "opted-out" => Some(InvitationStatus::OptedOut),
            _ => None,
        }
    }
}

/// An invitation as the composer holds it, before the policy has had its say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Who invites.
    pub inviter: MemberId,
    /// Who is invited.
    pub invitee: MemberId,
    /// Into which group.
    pub group: GroupId,
    /// Profile or group page.
    pub route: Route,
    /// The subject; blank gets the default subject in the invitee's language.
    pub subject: String,
    /// The personal text.
    pub text: String,
    /// When it is (or would be) sent.
    pub at: Timestamp,
}

/// Whether a draft is sent now or recorded as history, by how its date
/// compares with the moment it is handed to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dating {
    /// Dated now: checked, then delivered or held for review.
    Now,
    /// Dated in the past (importing earlier invitations): it counts for the
    /// rules and is listed, but no mail goes out, since the invitee had it
    /// (or not) back then, and a year-old invitation mailed today is spam.
    History,
}

impl Dating {
    /// How far before the moment of sending a draft may be dated and still
    /// go out. Someone who types "now" into `--at` by hand is a minute or
    /// two late, and a script that stamps its drafts on another machine may
    /// be off by seconds; an import of history is hours to years old. Five
    /// minutes tells the two apart with room on both sides.
    pub const TOLERANCE: time::Duration = time::Duration::minutes(5);

    /// The dating of a draft dated `at`, handed over at `now`.
    pub fn of(at: Timestamp, now: Timestamp) -> Dating {
        if at < now - Dating::TOLERANCE {
            Dating::History
        } else {
            Dating::Now
        }
    }
}

/// A stored group invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupInvitation {
    /// Row id.
    pub id: InvitationId,
    /// Who invited.
    pub inviter: MemberId,
    /// Who was invited.
    pub invitee: MemberId,
    /// The invitee's name, for lists.
    pub invitee_name: String,
    /// Into which group.
    pub group: GroupId,
    /// The group's name, for lists.
    pub group_name: String,
    /// The subject as sent.
    pub subject: String,
    /// The text as sent.
    pub text: String,
    /// Profile or group page.
    pub route: Route,
    /// What became of it.
    pub status: InvitationStatus,
    /// Why it was held, if it was.
    pub flags: Vec<Flag>,
    /// When it was sent.
    pub sent_at: Timestamp,
    /// The moderator's note, once reviewed.
    pub review_note: Option<String>,
}

/// The result of `send`: delivered, held for review, or refused with reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// Written and delivered (outbox e-mail and group news).
    Sent(InvitationId),
    /// Written and held in the review queue; nothing delivered yet.
    Held(InvitationId, Vec<Flag>),
    /// Written as history ([`Dating::History`]): it counts for the rules
    /// and is listed (group news at its date), but no mail is queued and it
    /// is never held, since review decides what goes out now.
    Recorded(InvitationId),
    /// Nothing written; every rule the draft breaks.
    Refused(Vec<Breach>),
}

impl SendOutcome {
    /// `sent`, `held` or `refused`, as the command line prints it.
    pub fn id(&self) -> &'static str {
        match self {
            SendOutcome::Sent(_) => "sent",
            SendOutcome::Held(..) => "held",
            SendOutcome::Recorded(_) => "recorded",
            SendOutcome::Refused(_) => "refused",
        }
    }

    /// What sending would do with a draft of this verdict and dating, with
    /// `id` for the invitation it would write: the one decision that the
    /// store's send and a dry run share.
    pub fn of(verdict: Verdict, dating: Dating, id: InvitationId) -> SendOutcome {
        let Verdict { breaches, flags } = verdict;
        if !breaches.is_empty() {
            SendOutcome::Refused(breaches)
        } else if dating == Dating::History {
            SendOutcome::Recorded(id)
        } else if flags.is_empty() {
            SendOutcome::Sent(id)
        } else {
            SendOutcome::Held(id, flags)
        }
    }
}
