//! The community's records and rules: members and their contacts, groups and
//! roles, group invitations and the policy that guards them, referrals and the
//! Premium bonus, the address-book comparison, ambassador events, support
//! tickets and unanswered questions, all in one SQLite file.
//!
//! `desk` never knows about a screen or about Discord: the console and the bot
//! call it with plain values and get plain values (and typed reasons) back.

pub mod address_book;
pub mod clock;
pub mod demo;
mod error;
pub mod import;
pub mod invitations;
pub mod records;
pub mod referrals;
pub mod store;

pub use error::{DeskError, FileProblem, Refusal};
pub use invitations::policy::{Breach, InvitePolicy, Rule, Verdict};
pub use invitations::{Dating, Draft, GroupInvitation, InvitationStatus, Route, SendOutcome};
pub use records::{AmbassadorKind, Group, GroupId, GroupKind, Member, MemberId, Role, TicketId};
pub use referrals::BonusProgress;
pub use store::Store;
