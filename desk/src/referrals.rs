//! The referral bonus: every 7th credited registration earns a Premium month;
//! during a campaign every credited registration earns one.

use serde::Serialize;

/// Credited registrations outside campaigns needed for one Premium month.
pub const REGISTRATIONS_PER_MONTH: u64 = 7;

/// How a new member found the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// A member's personal invitation link, by its token.
    Link(String),
    /// An e-mail invitation; the referrer is whoever invited this address last.
    EmailInvitation,
    /// On their own.
    Direct,
}

/// What became of a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credit {
    /// Counted for `referrer`, who was granted `months` Premium months by it.
    Credited {
        /// Who gets the credit.
        referrer: crate::MemberId,
        /// Months granted by this registration (0 until the 7th).
        months: u32,
    },
    /// Not counted: no referrer found.
    NoReferrer,
    /// Not counted: the referrer registered themself.
    SelfReferral,
    /// Not counted: the address was already registered.
    AlreadyRegistered,
}

/// A member's referral standing: what the bot answers to "how many more do I need?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BonusProgress {
    /// Credited registrations in all.
    pub credited: u64,
    /// Of those, the ones made during a campaign.
    pub credited_in_campaigns: u64,
    /// Premium months earned so far.
    pub months_earned: u64,
    /// Registrations still needed for the next month (1 during a campaign).
    pub needed_for_next: u64,
    /// Whether a campaign runs right now.
    pub campaign_running: bool,
}

impl BonusProgress {
    /// The standing from the counts and the months granted for
    /// registrations outside campaigns: more than the count gives once a
    /// credited registration was deleted, and the next month comes at the
    /// next multiple of seven above them.
    pub fn from_grants(
        credited: u64,
        in_campaigns: u64,
        regular_months: u64,
        campaign_running: bool,
    ) -> BonusProgress {
        let regular = credited.saturating_sub(in_campaigns);
        let needed_for_next = if campaign_running {
            1
        } else {
            (REGISTRATIONS_PER_MONTH * (regular_months + 1))
                .saturating_sub(regular)
                .max(1)
        };
        BonusProgress {
            credited,
            credited_in_campaigns: in_campaigns,
            months_earned: regular_months + in_campaigns,
            needed_for_next,
            campaign_running,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The standing when no credited registration was ever deleted: the
    /// months granted are one per seven outside campaigns.
    fn never_deleted(credited: u64, in_campaigns: u64, campaign_running: bool) -> BonusProgress {
        let regular = credited - in_campaigns;
        BonusProgress::from_grants(credited, in_campaigns, regular / 7, campaign_running)
    }

    #[test]
    fn every_seventh_registration_earns_a_month() {
        let p = never_deleted(6, 0, false);
        assert_eq!((p.months_earned, p.needed_for_next), (0, 1));
        let p = never_deleted(7, 0, false);
        assert_eq!((p.months_earned, p.needed_for_next), (1, 7));
        let p = never_deleted(4, 0, false);
        assert_eq!((p.months_earned, p.needed_for_next), (0, 3));
    }

    #[test]
    fn campaign_registrations_earn_a_month_each() {
        let p = never_deleted(10, 3, false);
        assert_eq!(p.months_earned, 1 + 3);
        assert_eq!(p.needed_for_next, 7);
        let p = never_deleted(10, 3, true);
        assert_eq!(p.needed_for_next, 1);
    }
}
