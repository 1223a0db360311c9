//! The review queue: held invitations, decided one by one or in a batch,
//! with the rules run again at the moment of approval.

use super::invitations::{FlaggedInvitation, deliver_held, gather_with_parties, known};
use super::{Store, Write, audit};
use crate::clock::{self, Timestamp};
use crate::invitations::mass_mail;
use crate::invitations::policy::{Breach, InvitePolicy};
use crate::invitations::{Draft, InvitationStatus, Route};
use crate::records::{GroupId, InvitationId, MemberId};
use crate::{DeskError, Refusal};
use locales::{Lang, Localizer};
use rusqlite::{OptionalExtension, params};

/// What a moderator decides about held invitations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Deliver it, if it still passes every rule.
    Approve,
    /// Never deliver it; counts towards the inviter's suspension.
    Reject,
}

/// What became of one held invitation in a review.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewOutcome {
    /// Approved and delivered.
    Approved,
    /// Rejected; `inviter_suspended` when this rejection (or an earlier one)
    /// leaves the inviter suspended.
    Rejected {
        /// Whether the inviter is now suspended.
        inviter_suspended: bool,
    },
    /// Not approved: at approval time the invitation breaks these rules
    /// (the invitee joined or switched invitations off meanwhile, the
    /// inviter was suspended, ...). It stays held, for rejecting.
    RulesBroken(Vec<Breach>),
    /// Someone already decided it.
    AlreadyReviewed(InvitationStatus),
    /// The invitee switched group invitations off while it was held, which
    /// withdrew it: there is nothing left to decide.
    InviteeOptedOut,
    /// The moderator does not moderate the invitation's group.
    NotYourGroup,
    /// The moderator sent it and would approve it: review is a second pair
    /// of eyes, so another moderator of the group approves it (the sender
    /// may withdraw it by rejecting it).
    OwnInvitation,
    /// There is no such invitation.
    NotFound,
}

impl ReviewOutcome {
    /// Whether the decision was carried out.
    pub fn applied(&self) -> bool {
        matches!(
            self,
            ReviewOutcome::Approved | ReviewOutcome::Rejected { .. }
        )
    }

    /// A stable id: `approved`, `rejected`, `rules-broken`,
    /// `already-reviewed`, `invitee-opted-out`, `not-your-group`,
    /// `own-invitation`, `not-found`.
    pub fn id(&self) -> &'static str {
        match self {
            ReviewOutcome::Approved => "approved",
            ReviewOutcome::Rejected { .. } => "rejected",
            ReviewOutcome::RulesBroken(_) => "rules-broken",
            ReviewOutcome::AlreadyReviewed(_) => "already-reviewed",
            ReviewOutcome::InviteeOptedOut => "invitee-opted-out",
            ReviewOutcome::NotYourGroup => "not-your-group",
            ReviewOutcome::OwnInvitation => "own-invitation",
            ReviewOutcome::NotFound => "not-found",
        }
    }

    /// What happened, in plain words, in `lang`; broken rules are each named,
    /// with their dates as UTC days.
    pub fn message(&self, l: &Localizer, lang: Lang) -> String {
        self.message_in(l, lang, &clock::Zone::utc())
    }

    /// What happened, as [`ReviewOutcome::message`], with the broken rules'
    /// dates on `zone`'s calendar (the moderator's).
    pub fn message_in(&self, l: &Localizer, lang: Lang, zone: &clock::Zone) -> String {
        match self {
            ReviewOutcome::Rejected {
                inviter_suspended: true,
            } => l.text(lang, "review-rejected-suspended"),
            ReviewOutcome::RulesBroken(breaches) => {
                let rules: Vec<String> = breaches
                    .iter()
                    .map(|b| b.message_in(l, lang, zone))
                    .collect();
                l.format(
                    lang,
                    "review-rules-broken",
                    &[("rules", rules.join(" ").into())],
                )
            }
            ReviewOutcome::AlreadyReviewed(status) => l.format(
                lang,
                "review-already-reviewed",
                &[("status", status.as_str().into())],
            ),
            other => l.text(lang, &format!("review-{}", other.id())),
        }
    }
}

/// One item of a review and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewed {
    /// The invitation.
    pub id: InvitationId,
    /// What became of it.
    pub outcome: ReviewOutcome,
}

/// All held invitations of one inviter, for deciding them together.
#[derive(Debug, Clone, PartialEq)]
pub struct InviterQueue {
    /// Who sent them.
    pub inviter: MemberId,
    /// Their name.
    pub inviter_name: String,
    /// How many of their invitations are held.
    pub held: usize,
    /// Their held invitations grouped by near-identical text, biggest
    /// group first: a mass mailer's thirty copies are one cluster.
    pub clusters: Vec<TextCluster>,
}

/// Held invitations with nearly the same text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextCluster {
    /// The invitations, oldest first.
    pub invitations: Vec<FlaggedInvitation>,
}

impl TextCluster {
    /// The ids, for a batch decision.
    pub fn ids(&self) -> Vec<InvitationId> {
        self.invitations.iter().map(|f| f.invitation.id).collect()
    }
}

/// Decides one held invitation inside the caller's transaction.
fn decide_in(
    tx: &Write<'_>,
    policy: &InvitePolicy,
    l: &Localizer,
    (id, decision): (InvitationId, Decision),
    moderator: MemberId,
    note: &str,
    at: Timestamp,
) -> Result<ReviewOutcome, DeskError> {
    type Row = (i64, i64, i64, String, String, String, String, Option<i64>);
    let found: Option<Row> = tx
        .prepare_cached(
            "SELECT inviter, invitee, group_id, route, status, subject, body, reviewed_by \
             FROM group_invitations WHERE id = ?1",
        )?
        .query_row([id.0], |row| row.try_into())
        .optional()?;
    let Some((inviter, invitee, group, route, status, subject, text, reviewed_by)) = found else {
        return Ok(ReviewOutcome::NotFound);
    };
    let status = InvitationStatus::parse(&status).unwrap_or(InvitationStatus::Sent);
    if status == InvitationStatus::OptedOut {
        // One a moderator approved was decided before the opt-out
        // withdrew its mail: a second moderator is told so.
        return Ok(match reviewed_by {
            Some(_) => ReviewOutcome::AlreadyReviewed(status),
            None => ReviewOutcome::InviteeOptedOut,
        });
    }
    if status != InvitationStatus::Flagged {
        return Ok(ReviewOutcome::AlreadyReviewed(status));
    }
    let moderates = super::community::role_in(tx, GroupId(group), moderator)?
        .is_some_and(|role| role.moderates());
    if !moderates {
        return Ok(ReviewOutcome::NotYourGroup);
    }
    // Review is a second pair of eyes: the sender may not wave their own
    // held invitation through, but may withdraw it, so that it never waits
    // for good in a group that has no other moderator.
    let own = MemberId(inviter) == moderator;
    if own && decision == Decision::Approve {
        return Ok(ReviewOutcome::OwnInvitation);
    }
    let target = format!("invitation:{id}");
    let (inviter, new_status) = (
        MemberId(inviter),
        match decision {
            Decision::Approve => InvitationStatus::Approved,
            Decision::Reject => InvitationStatus::Rejected,
        },
    );
    let approved = if decision == Decision::Approve {
        // The rules as they stand now: much may have changed since it was held.
        let draft = Draft {
            inviter,
            invitee: MemberId(invitee),
            group: GroupId(group),
            route: Route::parse(&route).unwrap_or(Route::Profile),
            subject,
            text,
            at,
        };
        let (facts, parties) = gather_with_parties(tx, policy, &draft, Some(id))?;
        let breaches = policy.check(&draft, &facts).breaches;
        if !breaches.is_empty() {
            let rules: Vec<&str> = breaches.iter().map(|b| b.rule().id()).collect();
            audit(
                tx,
                Some(moderator),
                "invitation-approval-refused",
                &target,
                &rules.join(", "),
                at,
            )?;
            return Ok(ReviewOutcome::RulesBroken(breaches));
        }
        let p = known(parties, draft.inviter, draft.invitee, draft.group)?;
        Some((draft, p))
    } else {
        None
    };
    tx.prepare_cached(
        "UPDATE group_invitations SET status = ?2, reviewed_by = ?3, reviewed_at = ?4, \
         review_note = ?5 WHERE id = ?1",
    )?
    .execute(params![
        id.0,
        new_status.as_str(),
        moderator.0,
        clock::to_unix(at),
        note
    ])?;
    if let Some((draft, p)) = approved {
        deliver_held(tx, l, id, &draft, &p, at)?;
        audit(
            tx,
            Some(moderator),
            "invitation-approved",
            &target,
            note,
            at,
        )?;
        return Ok(ReviewOutcome::Approved);
    }
    audit(
        tx,
        Some(moderator),
        if own {
            "invitation-withdrawn"
        } else {
            "invitation-rejected"
        },
        &target,
        note,
        at,
    )?;
    // A withdrawal is no one else's verdict on the sender: it is no strike.
    let rejections: i64 = tx
        .prepare_cached(
            "SELECT count(*) FROM group_invitations WHERE inviter = ?1 AND status = 'rejected' \
             AND coalesce(reviewed_by, 0) <> ?1",
        )?
        .query_row([inviter.0], |row| row.get(0))?;
    let suspend = rejections >= i64::from(policy.config().rejections_before_suspension);
    if suspend {
        let changed = tx
            .prepare_cached(
                "UPDATE members SET suspended_at = ?2 WHERE id = ?1 AND suspended_at IS NULL",
            )?
            .execute(params![inviter.0, clock::to_unix(at)])?;
        if changed > 0 {
            audit(
                tx,
                Some(moderator),
                "member-suspended",
                &format!("member:{inviter}"),
                &format!("{rejections} rejected invitations"),
                at,
            )?;
        }
    }
    Ok(ReviewOutcome::Rejected {
        inviter_suspended: suspend,
    })
}

impl Store {
    /// Decides held invitations in order (each with its own decision), in
    /// one transaction, and reports each one. An item that cannot be carried out (its rules now fail,
    /// someone decided it already, another group) is reported and skipped;
    /// the others are applied. Items see the earlier items' effects: after a
    /// rejection suspends an inviter, approving their next one is refused.
    /// Every decision, and every refused approval, is in the audit log. A
    /// database error rolls the whole batch back.
    pub fn review_invitations(
        &mut self,
        policy: &InvitePolicy,
        l: &Localizer,
        items: &[(InvitationId, Decision)],
        moderator: MemberId,
        note: &str,
        at: Timestamp,
    ) -> Result<Vec<Reviewed>, DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            let mut out = Vec::with_capacity(items.len());
            for &(id, decision) in items {
                let outcome = decide_in(&tx, policy, l, (id, decision), moderator, note, at)?;
                out.push(Reviewed { id, outcome });
            }
            tx.commit()?;
            Ok(out)
        })
    }

    /// Approves one held invitation if it still passes every rule; it is
    /// delivered now. See [`Store::review_invitations`].
    pub fn approve_invitation(
        &mut self,
        policy: &InvitePolicy,
        l: &Localizer,
        id: InvitationId,
        moderator: MemberId,
        note: &str,
        at: Timestamp,
    ) -> Result<ReviewOutcome, DeskError> {
        self.in_its_file_mut(|store| {
            store.decide_one(policy, l, id, Decision::Approve, moderator, note, at)
        })
    }

    /// Rejects one held invitation; it is never delivered. After too many
    /// rejections the inviter is suspended. Both are logged. Returns whether
    /// the inviter is now suspended.
    pub fn reject_invitation(
        &mut self,
        policy: &InvitePolicy,
        l: &Localizer,
        id: InvitationId,
        moderator: MemberId,
        note: &str,
        at: Timestamp,
    ) -> Result<bool, DeskError> {
        self.in_its_file_mut(|store| {
            match store.decide_one(policy, l, id, Decision::Reject, moderator, note, at)? {
                ReviewOutcome::Rejected { inviter_suspended } => Ok(inviter_suspended),
                outcome => Err(Refusal::NotDecided {
                    invitation: id,
                    outcome,
                }
                .into()),
            }
        })
    }

    /// One decision; a decision that cannot be carried out at all (not
    /// found, decided already, withdrawn by the invitee's opt-out, another
    /// group, one's own) is an error, broken
    /// rules are not.
    #[allow(clippy::too_many_arguments)]
    fn decide_one(
        &mut self,
        policy: &InvitePolicy,
        l: &Localizer,
        id: InvitationId,
        decision: Decision,
        moderator: MemberId,
        note: &str,
        at: Timestamp,
    ) -> Result<ReviewOutcome, DeskError> {
        let outcome = self
            .review_invitations(policy, l, &[(id, decision)], moderator, note, at)?
            .pop()
            .map_or(ReviewOutcome::NotFound, |r| r.outcome);
        match outcome {
            ReviewOutcome::NotFound => Err(DeskError::not_found("invitation", id)),
            outcome @ (ReviewOutcome::AlreadyReviewed(_)
            | ReviewOutcome::InviteeOptedOut
            | ReviewOutcome::NotYourGroup
            | ReviewOutcome::OwnInvitation) => Err(Refusal::NotDecided {
                invitation: id,
                outcome,
            }
            .into()),
            outcome => Ok(outcome),
        }
    }

    /// The review queue by inviter: everyone with held invitations in the
    /// groups `moderator` moderates (all groups when `None`), most held
    /// first, each with their texts clustered by the mass-mail fingerprint
    /// at the policy's near-duplicate similarity. At most `limit` held
    /// invitations are read, oldest first.
    pub fn review_queue(
        &self,
        policy: &InvitePolicy,
        moderator: Option<MemberId>,
        limit: usize,
    ) -> Result<Vec<InviterQueue>, DeskError> {
        self.in_its_file(|| {
            let held = self.flagged_invitations(moderator, 0, limit)?;
            let mut by_inviter: Vec<(MemberId, String, Vec<FlaggedInvitation>)> = Vec::new();
            for item in held {
                match by_inviter
                    .iter_mut()
                    .find(|(id, ..)| *id == item.invitation.inviter)
                {
                    Some((_, _, items)) => items.push(item),
                    None => by_inviter.push((
                        item.invitation.inviter,
                        item.inviter_name.clone(),
                        vec![item],
                    )),
                }
            }
            let threshold = policy.config().near_duplicate_similarity;
            let mut out: Vec<InviterQueue> = by_inviter
                .into_iter()
                .map(|(inviter, inviter_name, items)| {
                    let prints: Vec<Vec<u64>> = items
                        .iter()
                        .map(|f| mass_mail::fingerprint(&f.invitation.text))
                        .collect();
                    let groups = mass_mail::clusters(&prints, threshold);
                    let held = items.len();
                    let mut slots: Vec<Option<FlaggedInvitation>> =
                        items.into_iter().map(Some).collect();
                    let mut clusters: Vec<TextCluster> = groups
                        .into_iter()
                        .map(|group| TextCluster {
                            invitations: group
                                .into_iter()
                                .filter_map(|i| slots[i].take())
                                .collect(),
                        })
                        .collect();
                    clusters.sort_by_key(|c| std::cmp::Reverse(c.invitations.len()));
                    InviterQueue {
                        inviter,
                        inviter_name,
                        held,
                        clusters,
                    }
                })
                .collect();
            out.sort_by(|a, b| {
                b.held
                    .cmp(&a.held)
                    .then_with(|| a.inviter_name.cmp(&b.inviter_name))
            });
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests;
