//! Referral invitations, registrations, campaigns and Premium credits.

use super::Store;
use super::community::{NewMember, member_id_by_email, upsert_member};
use crate::clock::{self, Timestamp};
use crate::records::{MemberId, normalize_email};
use crate::referrals::{BonusProgress, Credit, REGISTRATIONS_PER_MONTH, Via};
use crate::{DeskError, Refusal};
use rusqlite::{Connection, OptionalExtension, params};

fn campaign_at(conn: &Connection, at: Timestamp) -> Result<Option<i64>, DeskError> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM campaigns WHERE starts_at <= ?1 AND ?1 < ends_at ORDER BY id LIMIT 1",
        )?
        .query_row([clock::to_unix(at)], |row| row.get(0))
        .optional()?)
}

/// Registers a new member and credits their referrer, in the caller's transaction.
pub(crate) fn register_in(
    conn: &Connection,
    member: &NewMember,
    via: &Via,
    at: Timestamp,
) -> Result<(MemberId, Credit), DeskError> {
    let email = normalize_email(&member.email);
    if let Some(existing) = member_id_by_email(conn, &email)? {
        return Ok((existing, Credit::AlreadyRegistered));
    }
    let referrer: Option<MemberId> = match via {
        Via::Link(token) => conn
            .prepare_cached("SELECT id FROM members WHERE invite_token = ?1")?
            .query_row([token.trim()], |row| row.get(0))
            .optional()?
            .map(MemberId),
        Via::EmailInvitation => conn
            .prepare_cached(
                "SELECT referrer FROM referral_invitations WHERE email = ?1 AND sent_at <= ?2 \
                 ORDER BY sent_at DESC, id DESC LIMIT 1",
            )?
            .query_row(params![email, clock::to_unix(at)], |row| row.get(0))
            .optional()?
            .map(MemberId),
        Via::Direct => None,
    };
    let id = upsert_member(conn, member, None, at)?;
    let via_text = match via {
        Via::Link(_) => "link",
        Via::EmailInvitation => "email",
        Via::Direct => "none",
    };
    let Some(referrer) = referrer else {
        insert_registration(conn, id, None, via_text, None, at)?;
        return Ok((id, Credit::NoReferrer));
    };
    // A known address never gets this far, so a self-referral is the same
    // mailbox under a `+tag` alias (`anna+2@...` for `anna@...`).
    let referrer_email: String = conn
        .prepare_cached("SELECT email FROM members WHERE id = ?1")?
        .query_row([referrer.0], |row| row.get(0))?;
    if mailbox(&referrer_email) == mailbox(&email) || referrer == id {
        insert_registration(conn, id, None, via_text, None, at)?;
        return Ok((id, Credit::SelfReferral));
    }
    let campaign = campaign_at(conn, at)?;
    let registration = insert_registration(conn, id, Some(referrer), via_text, campaign, at)?;
    let months = if campaign.is_some() {
        1
    } else {
        // A month for every 7 registrations, less the months already
        // granted for them: a registration deleted since (its member's row
        // went, and the row with it) must not make a later one the 7th again.
        let regular = regular_registrations(conn, referrer)?;
        let granted = regular_months_granted(conn, referrer)?;
        u32::from(regular / REGISTRATIONS_PER_MONTH > granted)
    };
    if months > 0 {
        conn.prepare_cached(
            "INSERT INTO premium_credits (member_id, months, registration_id, at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![referrer.0, months, registration, clock::to_unix(at)])?;
    }
    Ok((id, Credit::Credited { referrer, months }))
}

/// Credited registrations outside campaigns that still stand.
fn regular_registrations(conn: &Connection, referrer: MemberId) -> Result<u64, DeskError> {
    let count: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM registrations WHERE referrer = ?1 AND credited = 1 \
             AND campaign_id IS NULL",
        )?
        .query_row([referrer.0], |row| row.get(0))?;
    Ok(count as u64)
}

/// Premium months granted for registrations outside campaigns.
fn regular_months_granted(conn: &Connection, referrer: MemberId) -> Result<u64, DeskError> {
    let months: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(p.months), 0) FROM premium_credits p \
             JOIN registrations r ON r.id = p.registration_id \
             WHERE p.member_id = ?1 AND r.campaign_id IS NULL",
        )?
        .query_row([referrer.0], |row| row.get(0))?;
    Ok(months as u64)
}

/// The mailbox an address delivers to: the local part without its `+tag`.
fn mailbox(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let local = local.split('+').next().unwrap_or(local);
            format!("{local}@{domain}")
        }
        None => email.to_string(),
    }
}

fn insert_registration(
    conn: &Connection,
    member: MemberId,
    referrer: Option<MemberId>,
    via: &str,
    campaign: Option<i64>,
    at: Timestamp,
) -> Result<i64, DeskError> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO registrations (member_id, referrer, via, credited, campaign_id, at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        )?
        .query_row(
            params![
                member.0,
                referrer.map(|r| r.0),
                via,
                referrer.is_some(),
                campaign,
                clock::to_unix(at)
            ],
            |row| row.get(0),
        )?)
}

pub(crate) fn record_referral_invitation_in(
    conn: &Connection,
    referrer: MemberId,
    email: &str,
    at: Timestamp,
) -> Result<(), DeskError> {
    conn.prepare_cached(
        "INSERT INTO referral_invitations (referrer, email, sent_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        referrer.0,
        normalize_email(email),
        clock::to_unix(at)
    ])?;
    Ok(())
}

pub(crate) fn invite_token_in(conn: &Connection, member: MemberId) -> Result<String, DeskError> {
    conn.prepare_cached("SELECT invite_token FROM members WHERE id = ?1")?
        .query_row([member.0], |row| row.get(0))
        .optional()?
        .ok_or_else(|| DeskError::not_found("member", member))
}

pub(crate) fn add_campaign_in(
    conn: &Connection,
    name: &str,
    starts: Timestamp,
    ends: Timestamp,
) -> Result<(), DeskError> {
    if starts >= ends {
        return Err(Refusal::CampaignEndsFirst(name.to_string()).into());
    }
    conn.execute(
        "INSERT INTO campaigns (name, starts_at, ends_at) VALUES (?1, ?2, ?3)",
        params![name, clock::to_unix(starts), clock::to_unix(ends)],
    )?;
    Ok(())
}

impl Store {
    /// A member's personal invitation-link token.
    pub fn invite_token(&self, member: MemberId) -> Result<String, DeskError> {
        self.in_its_file(|| invite_token_in(&self.conn, member))
    }

    /// Records that `referrer` invited `email` to the network by e-mail.
    pub fn record_referral_invitation(
        &mut self,
        referrer: MemberId,
        email: &str,
        at: Timestamp,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            record_referral_invitation_in(&store.conn, referrer, email, at)
        })
    }

    /// Adds a campaign during which each credited registration earns a month.
    pub fn add_campaign(
        &mut self,
        name: &str,
        starts: Timestamp,
        ends: Timestamp,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| add_campaign_in(&store.conn, name, starts, ends))
    }

    /// Registers a new member; credits and rewards their referrer in the same
    /// transaction.
    pub fn register(
        &mut self,
        member: &NewMember,
        via: &Via,
        at: Timestamp,
    ) -> Result<(MemberId, Credit), DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let result = register_in(&tx, member, via, at)?;
            tx.commit()?;
            Ok(result)
        })
    }

    /// A member's referral standing at `at`.
    pub fn bonus_progress(
        &self,
        member: MemberId,
        at: Timestamp,
    ) -> Result<BonusProgress, DeskError> {
        self.in_its_file(|| {
        let (credited, in_campaigns): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT count(*), count(campaign_id) FROM registrations WHERE referrer = ?1 AND credited = 1",
            )?
            .query_row([member.0], |row| Ok((row.get(0)?, row.get(1)?)))?;
        let running = campaign_at(&self.conn, at)?.is_some();
        Ok(BonusProgress::from_grants(
            credited as u64,
            in_campaigns as u64,
            regular_months_granted(&self.conn, member)?,
            running,
        ))
        })
    }

    /// Premium months credited to a member so far.
    pub fn premium_months_credited(&self, member: MemberId) -> Result<u64, DeskError> {
        self.in_its_file(|| {
            let months: i64 = self
                .conn
                .prepare_cached(
                    "SELECT coalesce(sum(months), 0) FROM premium_credits WHERE member_id = ?1",
                )?
                .query_row([member.0], |row| row.get(0))?;
            Ok(months as u64)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::temp_store;
    use locales::Lang;
    use time::macros::datetime;

    const AT: Timestamp = datetime!(2026-11-22 10:00 UTC);

    fn referrer(store: &mut Store) -> MemberId {
        store
            .upsert_member(&NewMember::new("anna@example.org", "Anna Berg", Lang::De))
            .expect("anna")
    }

    fn newcomer(i: u32) -> NewMember {
        NewMember::new(
            &format!("new{i}@example.org"),
            &format!("New {i}"),
            Lang::En,
        )
    }

    #[test]
    fn the_seventh_link_registration_earns_a_premium_month() {
        let (_dir, mut store) = temp_store();
        let anna = referrer(&mut store);
        let token = store.invite_token(anna).expect("token");
        for i in 1..=6 {
            let (_, credit) = store
                .register(&newcomer(i), &Via::Link(token.clone()), AT)
                .expect("register");
            assert_eq!(
                credit,
                Credit::Credited {
                    referrer: anna,
                    months: 0
                }
            );
        }
        let progress = store.bonus_progress(anna, AT).expect("progress");
        assert_eq!(
            (
                progress.credited,
                progress.months_earned,
                progress.needed_for_next
            ),
            (6, 0, 1)
        );
        let (_, credit) = store
            .register(&newcomer(7), &Via::Link(token), AT)
            .expect("7th");
        assert_eq!(
            credit,
            Credit::Credited {
                referrer: anna,
                months: 1
            }
        );
        assert_eq!(store.premium_months_credited(anna).expect("months"), 1);
        let progress = store.bonus_progress(anna, AT).expect("progress");
        assert_eq!(
            (
                progress.credited,
                progress.months_earned,
                progress.needed_for_next
            ),
            (7, 1, 7)
        );
    }

    #[test]
    fn a_deleted_registration_does_not_make_a_later_one_the_seventh_again() {
        let (_dir, mut store) = temp_store();
        let anna = referrer(&mut store);
        let token = store.invite_token(anna).expect("token");
        let mut ids = Vec::new();
        for i in 1..=7 {
            let (id, _) = store
                .register(&newcomer(i), &Via::Link(token.clone()), AT)
                .expect("register");
            ids.push(id);
        }
        assert_eq!(store.premium_months_credited(anna).expect("months"), 1);
        // The third newcomer's account is deleted; their registration goes with it.
        store
            .conn
            .execute("DELETE FROM members WHERE id = ?1", [ids[2].0])
            .expect("delete");
        let months = |i: u32, store: &mut Store| match store
            .register(&newcomer(i), &Via::Link(token.clone()), AT)
            .expect("register")
            .1
        {
            Credit::Credited { months, .. } => months,
            other => panic!("not credited: {other:?}"),
        };
        // What the bot tells Anna now: one month, and 14 standing for the next.
        let progress = store.bonus_progress(anna, AT).expect("progress");
        assert_eq!(
            (
                progress.credited,
                progress.months_earned,
                progress.needed_for_next
            ),
            (6, 1, 8)
        );
        assert_eq!(
            months(8, &mut store),
            0,
            "7 registrations stand, 1 month given"
        );
        assert_eq!(store.premium_months_credited(anna).expect("months"), 1);
        let later: Vec<u32> = (9..=15).map(|i| months(i, &mut store)).collect();
        // The 14th registration that still stands is the 15th made.
        assert_eq!(later, [0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(store.premium_months_credited(anna).expect("months"), 2);
        let progress = store.bonus_progress(anna, AT).expect("progress");
        assert_eq!(
            (
                progress.credited,
                progress.months_earned,
                progress.needed_for_next
            ),
            (14, 2, 7)
        );
    }

    #[test]
    fn an_email_invitation_credits_the_member_who_sent_it() {
        let (_dir, mut store) = temp_store();
        let anna = referrer(&mut store);
        store
            .record_referral_invitation(anna, "New1@Example.org", AT)
            .expect("invite");
        let (_, credit) = store
            .register(&newcomer(1), &Via::EmailInvitation, AT)
            .expect("register");
        assert_eq!(
            credit,
            Credit::Credited {
                referrer: anna,
                months: 0
            }
        );
        let (_, credit) = store
            .register(&newcomer(2), &Via::EmailInvitation, AT)
            .expect("register");
        assert_eq!(credit, Credit::NoReferrer, "nobody invited new2");
    }

    #[test]
    fn a_campaign_grants_a_month_for_each_registration() {
        let (_dir, mut store) = temp_store();
        let anna = referrer(&mut store);
        let token = store.invite_token(anna).expect("token");
        store
            .add_campaign(
                "Winter",
                datetime!(2026-11-01 00:00 UTC),
                datetime!(2026-12-01 00:00 UTC),
            )
            .expect("campaign");
        let (_, credit) = store
            .register(&newcomer(1), &Via::Link(token.clone()), AT)
            .expect("in");
        assert_eq!(
            credit,
            Credit::Credited {
                referrer: anna,
                months: 1
            }
        );
        let after = datetime!(2026-12-05 10:00 UTC);
        let (_, credit) = store
            .register(&newcomer(2), &Via::Link(token), after)
            .expect("after");
        assert_eq!(
            credit,
            Credit::Credited {
                referrer: anna,
                months: 0
            }
        );
        let progress = store.bonus_progress(anna, after).expect("progress");
        assert_eq!(
            (
                progress.credited,
                progress.months_earned,
                progress.needed_for_next
            ),
            (2, 1, 6)
        );
        assert!(
            store
                .bonus_progress(anna, AT)
                .expect("during")
                .campaign_running
        );
    }

    #[test]
    fn self_referral_and_known_addresses_are_not_credited() {
        let (_dir, mut store) = temp_store();
        let anna = referrer(&mut store);
        let token = store.invite_token(anna).expect("token");
        let (_, credit) = store
            .register(
                &NewMember::new("ANNA@example.org", "Anna", Lang::De),
                &Via::Link(token.clone()),
                AT,
            )
            .expect("self");
        assert_eq!(credit, Credit::AlreadyRegistered);
        let (_, credit) = store
            .register(
                &NewMember::new("anna+second@example.org", "Anna", Lang::De),
                &Via::Link(token.clone()),
                AT,
            )
            .expect("alias");
        assert_eq!(credit, Credit::SelfReferral);
        let (_, credit) = store
            .register(
                &NewMember::new("anna+third@example.org.", "Anna", Lang::De),
                &Via::Link(token.clone()),
                AT,
            )
            .expect("alias with the root dot");
        assert_eq!(credit, Credit::SelfReferral);
        store
            .register(&newcomer(1), &Via::Direct, AT)
            .expect("direct");
        let (_, credit) = store
            .register(&newcomer(1), &Via::Link(token), AT)
            .expect("again");
        assert_eq!(credit, Credit::AlreadyRegistered);
        assert_eq!(
            store.bonus_progress(anna, AT).expect("progress").credited,
            0
        );
    }
}
