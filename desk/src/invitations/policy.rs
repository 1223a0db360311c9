//! `InvitePolicy`: every rule a group invitation must pass, in one place.
//!
//! The policy is pure: the store gathers the [`DraftFacts`] it needs (in the
//! same transaction as the write that follows), and [`InvitePolicy::check`]
//! returns every rule the draft breaks plus the reasons it would be held.

use super::Draft;
use super::mass_mail::{SpamMarkers, fingerprint, similarity};
use crate::clock::{self, Timestamp, Zone};
use crate::records::{InvitationId, MemberId, Role};
use locales::{FluentValue, Lang, Localizer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The numbers behind the rules; the defaults are the network's published rules.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyConfig {
    /// Longest text, in characters as a reader sees them ([`super::characters`]).
    pub max_text_chars: usize,
    /// Longest subject, in characters as a reader sees them.
    pub max_subject_chars: usize,
    /// Calendar months before the same inviter may invite the same person again.
    pub months_between: i32,
    /// A text nearly the same as texts already sent to this many people is held.
    pub mass_mail_recipients: usize,
    /// How far back, in days, earlier texts count for mass mail.
    pub mass_mail_window_days: i64,
    /// Shingle similarity from which two texts count as nearly the same.
    pub near_duplicate_similarity: f64,
    /// Rejected invitations after which a member can no longer invite.
    pub rejections_before_suspension: u32,
}

impl Default for PolicyConfig {
    fn default() -> PolicyConfig {
        PolicyConfig {
            max_text_chars: 500,
            max_subject_chars: 100,
            months_between: 6,
            mass_mail_recipients: 5,
            mass_mail_window_days: 30,
            near_duplicate_similarity: 0.6,
            rejections_before_suspension: 3,
        }
    }
}

/// A rule of the group-invitation policy, with its stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The inviter or invitee is not a member of the network.
    UnknownMember,
    /// There is no such group.
    UnknownGroup,
    /// The inviter was suspended after repeated rejections.
    InviterSuspended,
    /// Only members and moderators of a group may invite into it.
    InviterNotInGroup,
    /// The invitee already belongs to the group.
    AlreadyMember,
    /// The invitee switched group invitations off.
    InvitationsOff,
    /// At most one invitation per person and inviter in six months.
    InvitedWithin6Months,
    /// The text must not be empty.
    TextEmpty,
    /// The text is limited to 500 characters.
    TextTooLong,
    /// The subject is limited to 100 characters.
    SubjectTooLong,
    /// From the group's page only direct contacts can be invited.
    NotADirectContact,
}

impl Rule {
    /// The stable id scripts rely on, e.g. `invited-within-6-months`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::UnknownMember => "unknown-member",
            Rule::UnknownGroup => "unknown-group",
            Rule::InviterSuspended => "inviter-suspended",
            Rule::InviterNotInGroup => "inviter-not-in-group",
            Rule::AlreadyMember => "already-member",
            Rule::InvitationsOff => "invitations-off",
            Rule::InvitedWithin6Months => "invited-within-6-months",
            Rule::TextEmpty => "text-empty",
            Rule::TextTooLong => "text-too-long",
            Rule::SubjectTooLong => "subject-too-long",
            Rule::NotADirectContact => "not-a-direct-contact",
        }
    }
}

/// One broken rule, with what the user needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Breach {
    /// No member has this address.
    UnknownMember {
        /// The address given.
        email: String,
    },
    /// No group has this name.
    UnknownGroup {
        /// The name given.
        name: String,
    },
    /// The inviter is suspended.
    InviterSuspended,
    /// The inviter is not in the group.
    InviterNotInGroup,
    /// The invitee is already in the group.
    AlreadyMember,
    /// The invitee switched group invitations off.
    InvitationsOff,
    /// The inviter invited this person less than six months ago (or, for a
    /// back-dated draft, will have within six months).
    InvitedWithin6Months {
        /// The invitation in the way.
        previous: Timestamp,
        /// The first instant at which this draft would be allowed.
        next_allowed: Timestamp,
    },
    /// The text is empty.
    TextEmpty,
    /// The text is too long.
    TextTooLong {
        /// Its length in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// The subject is too long.
    SubjectTooLong {
        /// Its length in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// The group route needs a direct contact.
    NotADirectContact,
}

impl Breach {
    /// The rule broken.
    pub fn rule(&self) -> Rule {
        match self {
            Breach::UnknownMember { .. } => Rule::UnknownMember,
            Breach::UnknownGroup { .. } => Rule::UnknownGroup,
            Breach::InviterSuspended => Rule::InviterSuspended,
            Breach::InviterNotInGroup => Rule::InviterNotInGroup,
            Breach::AlreadyMember => Rule::AlreadyMember,
            Breach::InvitationsOff => Rule::InvitationsOff,
            Breach::InvitedWithin6Months { .. } => Rule::InvitedWithin6Months,
            Breach::TextEmpty => Rule::TextEmpty,
            Breach::TextTooLong { .. } => Rule::TextTooLong,
            Breach::SubjectTooLong { .. } => Rule::SubjectTooLong,
            Breach::NotADirectContact => Rule::NotADirectContact,
        }
    }

    /// The instant from which the draft would pass this rule, where there is one.
    pub fn next_allowed(&self) -> Option<Timestamp> {
        match self {
            Breach::InvitedWithin6Months { next_allowed, .. } => Some(*next_allowed),
            _ => None,
        }
    }

    /// The breach in plain words, in `lang`, with its dates as UTC days.
    pub fn message(&self, l: &Localizer, lang: Lang) -> String {
        self.message_in(l, lang, &Zone::utc())
    }

    /// The breach in plain words, in `lang`, with its dates on `zone`'s
    /// calendar: an instant late in a UTC day is the next day in Berlin,
    /// and "from 1 March" must not be a day on which the rule still refuses.
    pub fn message_in(&self, l: &Localizer, lang: Lang, zone: &Zone) -> String {
        let id = format!("rule-{}", self.rule().id());
        match self {
            Breach::UnknownMember { email } => {
                l.format(lang, &id, &[("email", email.as_str().into())])
            }
            Breach::UnknownGroup { name } => {
                l.format(lang, &id, &[("group", name.as_str().into())])
            }
            Breach::InvitedWithin6Months {
                previous,
                next_allowed,
            } => l.format(
                lang,
                &id,
                &[
                    (
                        "previous",
                        l.date(lang, zone.local(*previous).date()).into(),
                    ),
                    (
                        "next",
                        l.date(lang, zone.local(*next_allowed).date()).into(),
                    ),
                ],
            ),
            Breach::TextTooLong { chars, max } | Breach::SubjectTooLong { chars, max } => l.format(
                lang,
                &id,
                &[
                    ("chars", FluentValue::from(*chars as u64)),
                    ("max", FluentValue::from(*max as u64)),
                ],
            ),
            _ => l.text(lang, &id),
        }
    }
}

/// Why an invitation that breaks no rule is still held for a moderator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "flag", rename_all = "kebab-case")]
pub enum Flag {
    /// The text is (nearly) the same as texts sent to many people.
    NearDuplicate {
        /// To how many other people the inviter sent a similar text.
        recipients: usize,
        /// Those earlier invitations, newest first, for the review screen.
        similar: Vec<InvitationId>,
    },
    /// The text carries spam or MLM phrases.
    SpamMarker {
        /// The phrases found.
        phrases: Vec<String>,
    },
}

impl Flag {
    /// The stable id: `near-duplicate` or `spam-marker`.
    pub fn id(&self) -> &'static str {
        match self {
            Flag::NearDuplicate { .. } => "near-duplicate",
            Flag::SpamMarker { .. } => "spam-marker",
        }
    }

    /// The reason in plain words, in `lang`.
    pub fn message(&self, l: &Localizer, lang: Lang) -> String {
        match self {
            Flag::NearDuplicate { recipients, .. } => l.format(
                lang,
                "flag-near-duplicate",
                &[("recipients", FluentValue::from(*recipients as u64))],
            ),
            Flag::SpamMarker { phrases } => l.format(
                lang,
                "flag-spam-marker",
                &[("phrases", phrases.join(", ").into())],
            ),
        }
    }
}

/// What the policy needs to know about the people in a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonFacts {
    /// Suspended from inviting.
    pub suspended: bool,
    /// Accepts group invitations.
    pub group_invitations: bool,
    /// Has Premium. No rule may ask: premium and basic members alike may
    /// invite and be invited (a test holds every rule to that).
    pub premium: bool,
}

/// An earlier text by the same inviter, within the mass-mail window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierText {
    /// The earlier invitation.
    pub id: InvitationId,
    /// Its invitee.
    pub invitee: MemberId,
    /// Its text's fingerprint (see [`fingerprint`]).
    pub fingerprint: Vec<u64>,
}

/// Everything about the world that the rules look at, gathered by the store.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DraftFacts {
    /// The inviter, if they exist.
    pub inviter: Option<PersonFacts>,
    /// The invitee, if they exist.
    pub invitee: Option<PersonFacts>,
    /// Whether the group exists.
    pub group_exists: bool,
    /// The inviter's role in the group.
    pub inviter_role: Option<Role>,
    /// Whether the invitee is already in the group.
    pub invitee_in_group: bool,
    /// Whether the two are direct contacts.
    pub direct_contacts: bool,
    /// The inviter's invitation to the same person closest to the draft's
    /// time within the six-month span, in either direction.
    pub previous_invitation: Option<Timestamp>,
    /// The inviter's earlier texts in the mass-mail window, newest first.
    pub earlier_texts: Vec<EarlierText>,
}

/// The policy's verdict on a draft.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    /// Every broken rule; empty means the draft may be sent.
    pub breaches: Vec<Breach>,
    /// Reasons to hold it for review once sent.
    pub flags: Vec<Flag>,
}

impl Verdict {
    /// True when no rule is broken.
    pub fn passes(&self) -> bool {
        self.breaches.is_empty()
    }

    /// The earliest instant at which the broken time rule lifts.
    pub fn next_allowed(&self) -> Option<Timestamp> {
        self.breaches.iter().find_map(Breach::next_allowed)
    }
}

/// The group-invitation policy.
#[derive(Debug, Clone)]
pub struct InvitePolicy {
    config: PolicyConfig,
    markers: SpamMarkers,
}

impl Default for InvitePolicy {
    fn default() -> InvitePolicy {
        InvitePolicy::new(PolicyConfig::default())
    }
}

impl InvitePolicy {
    /// A policy with these numbers and the shipped spam markers.
    pub fn new(config: PolicyConfig) -> InvitePolicy {
        InvitePolicy {
            config,
            markers: SpamMarkers::shipped(),
        }
    }

    /// The numbers in force.
    pub fn config(&self) -> &PolicyConfig {
        &self.config
    }

    /// The earliest instant from which an invitation would be counted as a
    /// conflict with one sent at `at`, and the latest: the six-month span.
    pub fn conflict_span(&self, at: Timestamp) -> (Timestamp, Timestamp) {
        (
            clock::add_months(at, -self.config.months_between),
            clock::add_months(at, self.config.months_between),
        )
    }

    /// The start of the mass-mail window for a draft sent at `at`.
    pub fn mass_mail_since(&self, at: Timestamp) -> Timestamp {
        at - time::Duration::days(self.config.mass_mail_window_days)
    }

    /// Every rule `draft` breaks, and why it would be held.
    pub fn check(&self, draft: &Draft, facts: &DraftFacts) -> Verdict {
        let mut breaches = Vec::new();
        let (Some(inviter), Some(invitee)) = (facts.inviter, facts.invitee) else {
            let missing = if facts.inviter.is_none() {
                draft.inviter
            } else {
                draft.invitee
            };
            breaches.push(Breach::UnknownMember {
                email: format!("#{missing}"),
            });
            return Verdict {
                breaches,
                flags: Vec::new(),
            };
        };
        if !facts.group_exists {
            breaches.push(Breach::UnknownGroup {
                name: format!("#{}", draft.group),
            });
            return Verdict {
                breaches,
                flags: Vec::new(),
            };
        }
        if inviter.suspended {
            breaches.push(Breach::InviterSuspended);
        }
        if facts.inviter_role.is_none() {
            breaches.push(Breach::InviterNotInGroup);
        }
        if facts.invitee_in_group {
            breaches.push(Breach::AlreadyMember);
        }
        if !invitee.group_invitations {
            breaches.push(Breach::InvitationsOff);
        }
        if let Some(previous) = facts.previous_invitation {
            let next_allowed = clock::add_months(previous, self.config.months_between);
            let blocks_now = previous <= draft.at && draft.at < next_allowed;
            let blocks_backdated = previous > draft.at
                && previous < clock::add_months(draft.at, self.config.months_between);
            if blocks_now || blocks_backdated {
                breaches.push(Breach::InvitedWithin6Months {
                    previous,
                    next_allowed,
                });
            }
        }
        let text = super::text_as_sent(&draft.text);
        let text_chars = super::characters(text);
        if text.is_empty() {
            breaches.push(Breach::TextEmpty);
        } else if text_chars > self.config.max_text_chars {
            breaches.push(Breach::TextTooLong {
                chars: text_chars,
                max: self.config.max_text_chars,
            });
        }
        // Counted as the mail's subject line will read (see the store's send).
        let subject_chars = super::characters(&locales::one_line(&draft.subject));
        if subject_chars > self.config.max_subject_chars {
            breaches.push(Breach::SubjectTooLong {
                chars: subject_chars,
                max: self.config.max_subject_chars,
            });
        }
        if draft.route == super::Route::Group && !facts.direct_contacts {
            breaches.push(Breach::NotADirectContact);
        }
        Verdict {
            flags: self.flags(draft, facts),
            breaches,
        }
    }

    fn flags(&self, draft: &Draft, facts: &DraftFacts) -> Vec<Flag> {
        let mut flags = Vec::new();
        if draft.text.trim().is_empty() {
            return flags;
        }
        let others: BTreeSet<MemberId> = facts
            .earlier_texts
            .iter()
            .map(|e| e.invitee)
            .filter(|invitee| *invitee != draft.invitee)
            .collect();
        // Too few other recipients to be mass mail: spare the shingling.
        if others.len() >= self.config.mass_mail_recipients
            && let Some(flag) = self.near_duplicate(draft, facts)
        {
            flags.push(flag);
        }
        // The subject goes out in the same mail, and is read first.
        let mut phrases = self.markers.found_in(&draft.text);
        for phrase in self.markers.found_in(&draft.subject) {
            if !phrases.contains(&phrase) {
                phrases.push(phrase);
            }
        }
        if !phrases.is_empty() {
            flags.push(Flag::SpamMarker { phrases });
        }
        flags
    }

    fn near_duplicate(&self, draft: &Draft, facts: &DraftFacts) -> Option<Flag> {
        let mine = fingerprint(&draft.text);
        let mut recipients = BTreeSet::new();
        let mut similar = Vec::new();
        for earlier in &facts.earlier_texts {
            if earlier.invitee == draft.invitee {
                continue;
            }
            if similarity(&mine, &earlier.fingerprint) >= self.config.near_duplicate_similarity {
                recipients.insert(earlier.invitee);
                similar.push(earlier.id);
            }
        }
        (recipients.len() >= self.config.mass_mail_recipients).then_some(Flag::NearDuplicate {
            recipients: recipients.len(),
            similar,
        })
    }
}

#[cfg(test)]
mod tests;
