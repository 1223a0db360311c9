//! One test per rule: each fails if its rule is removed from `check`.

use super::*;
use crate::invitations::Route;
use crate::records::GroupId;
use time::macros::datetime;

const NOW: Timestamp = datetime!(2026-11-22 10:00 UTC);

fn draft() -> Draft {
    Draft {
        inviter: MemberId(1),
        invitee: MemberId(2),
        group: GroupId(1),
        route: Route::Profile,
        subject: String::new(),
        text: "Hi Ben, your talk on rail freight would fit our logistics group well.".into(),
        at: NOW,
    }
}

fn facts() -> DraftFacts {
    let person = PersonFacts {
        suspended: false,
        group_invitations: true,
        premium: false,
    };
    DraftFacts {
        inviter: Some(person),
        invitee: Some(person),
        group_exists: true,
        inviter_role: Some(Role::Member),
        invitee_in_group: false,
        direct_contacts: false,
        previous_invitation: None,
        earlier_texts: Vec::new(),
    }
}

fn rules(verdict: &Verdict) -> Vec<Rule> {
    verdict.breaches.iter().map(Breach::rule).collect()
}

fn check(draft: &Draft, facts: &DraftFacts) -> Verdict {
    InvitePolicy::default().check(draft, facts)
}

#[test]
fn a_personal_draft_from_a_member_passes() {
    let verdict = check(&draft(), &facts());
    assert!(verdict.passes(), "{verdict:?}");
    assert!(verdict.flags.is_empty());
}

#[test]
fn premium_and_basic_members_alike_may_invite() {
    // Drafts that pass, break a rule or are held, each checked with every
    // mix of Premium and basic inviter and invitee: the verdict never changes.
    let mut scenarios = vec![(draft(), facts())];
    let mut outsider = facts();
    outsider.inviter_role = None;
    scenarios.push((draft(), outsider));
    let mut group_page = draft();
    group_page.route = Route::Group;
    scenarios.push((group_page.clone(), facts()));
    let mut contacts = facts();
    contacts.direct_contacts = true;
    scenarios.push((group_page, contacts));
    let mut again = facts();
    again.previous_invitation = Some(datetime!(2026-10-01 10:00 UTC));
    scenarios.push((draft(), again));
    let mut spam = draft();
    spam.text = "Earn passive income from home, join my team!".into();
    scenarios.push((spam, facts()));
    for (draft, facts) in scenarios {
        let basic = check(&draft, &facts);
        for (inviter, invitee) in [(true, false), (false, true), (true, true)] {
            let mut mixed = facts.clone();
            if let Some(person) = mixed.inviter.as_mut() {
                person.premium = inviter;
            }
            if let Some(person) = mixed.invitee.as_mut() {
                person.premium = invitee;
            }
            assert_eq!(
                check(&draft, &mixed),
                basic,
                "premium inviter {inviter}, premium invitee {invitee}: {draft:?}"
            );
        }
    }
    let mut premium = facts();
    if let Some(person) = premium.inviter.as_mut() {
        person.premium = true;
    }
    assert!(check(&draft(), &premium).passes());
    assert!(check(&draft(), &facts()).passes());
}

#[test]
fn the_inviter_must_be_in_the_group() {
    let mut facts = facts();
    facts.inviter_role = None;
    assert_eq!(rules(&check(&draft(), &facts)), [Rule::InviterNotInGroup]);
    facts.inviter_role = Some(Role::Moderator);
    assert!(check(&draft(), &facts).passes());
}

#[test]
fn the_invitee_must_not_be_in_the_group_already() {
    let mut facts = facts();
    facts.invitee_in_group = true;
    assert_eq!(rules(&check(&draft(), &facts)), [Rule::AlreadyMember]);
}

#[test]
fn switched_off_invitations_are_respected() {
    let mut facts = facts();
    facts.invitee = Some(PersonFacts {
        suspended: false,
        group_invitations: false,
        premium: false,
    });
    assert_eq!(rules(&check(&draft(), &facts)), [Rule::InvitationsOff]);
}

#[test]
fn six_calendar_months_must_pass_and_the_verdict_says_until_when() {
    let mut facts = facts();
    facts.previous_invitation = Some(datetime!(2026-08-31 09:00 UTC));
    let verdict = check(&draft(), &facts);
    assert_eq!(rules(&verdict), [Rule::InvitedWithin6Months]);
    // Six calendar months after 31 August end on 28 February, same time of day.
    assert_eq!(
        verdict.next_allowed(),
        Some(datetime!(2027-02-28 09:00 UTC))
    );

    let mut later = draft();
    later.at = datetime!(2027-02-28 08:59:59 UTC);
    assert!(!check(&later, &facts).passes(), "one second early");
    later.at = datetime!(2027-02-28 09:00 UTC);
    assert!(check(&later, &facts).passes(), "exactly six months later");
}

#[test]
fn a_backdated_draft_conflicts_with_a_later_invitation() {
    let mut facts = facts();
    facts.previous_invitation = Some(datetime!(2027-01-10 09:00 UTC));
    assert_eq!(
        rules(&check(&draft(), &facts)),
        [Rule::InvitedWithin6Months]
    );
}

#[test]
fn the_text_must_not_be_empty() {
    let mut draft = draft();
    draft.text = " \n\t ".into();
    assert_eq!(rules(&check(&draft, &facts())), [Rule::TextEmpty]);
    // Zero-width spaces and a byte-order mark show nothing either.
    draft.text = "\u{200B}\u{FEFF} \u{200B}\n".into();
    assert_eq!(rules(&check(&draft, &facts())), [Rule::TextEmpty]);
}

#[test]
fn the_text_limit_counts_characters_not_bytes() {
    let mut draft = draft();
    // 500 umlauts are 1000 bytes but exactly the limit.
    draft.text = "ü".repeat(500);
    assert!(check(&draft, &facts()).passes());
    draft.text = "ü".repeat(501);
    let verdict = check(&draft, &facts());
    assert_eq!(rules(&verdict), [Rule::TextTooLong]);
    assert_eq!(
        verdict.breaches[0],
        Breach::TextTooLong {
            chars: 501,
            max: 500
        }
    );
}

#[test]
fn the_text_limit_counts_characters_as_the_member_sees_them() {
    let passes = |text: String| check(&Draft { text, ..draft() }, &facts()).passes();
    // Each of these shows as 500 characters, though it has more code points.
    let seen_as_500 = [
        ("u + combining diaeresis", "u\u{308}".repeat(500)),
        (
            "family emoji (ZWJ sequence)",
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}".repeat(500),
        ),
        ("flag", "\u{1F1E9}\u{1F1EA}".repeat(500)),
        ("CRLF line breaks", format!("{}zz", "a\r\n".repeat(249))),
        (
            "blank space around it",
            format!("\r\n  {}  \n\n", "x".repeat(500)),
        ),
    ];
    for (what, text) in seen_as_500 {
        assert!(passes(text.clone()), "{what}: refused");
        let one_more = format!("{}y", text.trim_end());
        assert!(!passes(one_more), "{what}: 501 passed");
    }
    // Written with LF, the same text has the same count.
    assert!(passes(format!("{}zz", "a\n".repeat(249))));
    let verdict = check(
        &Draft {
            text: "e\u{301}".repeat(501),
            ..draft()
        },
        &facts(),
    );
    assert_eq!(
        verdict.breaches,
        [Breach::TextTooLong {
            chars: 501,
            max: 500
        }]
    );
}

#[test]
fn the_subject_is_counted_as_the_mail_will_show_it() {
    let mut draft = draft();
    // 100 accented letters written decomposed, as macOS pastes them.
    draft.subject = "e\u{301}".repeat(100);
    assert!(check(&draft, &facts()).passes());
    // A line break in a subject becomes one space, as the store sends it.
    draft.subject = format!("{}\r\n\r\n{}", "a".repeat(49), "b".repeat(50));
    assert!(check(&draft, &facts()).passes());
    draft.subject = "e\u{301}".repeat(101);
    assert_eq!(rules(&check(&draft, &facts())), [Rule::SubjectTooLong]);
}

#[test]
fn the_subject_is_limited_to_100_characters() {
    let mut draft = draft();
    draft.subject = "ß".repeat(100);
    assert!(check(&draft, &facts()).passes());
    draft.subject = "ß".repeat(101);
    assert_eq!(rules(&check(&draft, &facts())), [Rule::SubjectTooLong]);
}

#[test]
fn the_group_route_needs_a_direct_contact_and_the_profile_route_does_not() {
    let mut draft = draft();
    draft.route = Route::Group;
    let mut facts = facts();
    assert_eq!(rules(&check(&draft, &facts)), [Rule::NotADirectContact]);
    facts.direct_contacts = true;
    assert!(check(&draft, &facts).passes());
    draft.route = Route::Profile;
    facts.direct_contacts = false;
    assert!(check(&draft, &facts).passes());
}

#[test]
fn a_suspended_inviter_cannot_invite() {
    let mut facts = facts();
    facts.inviter = Some(PersonFacts {
        suspended: true,
        group_invitations: true,
        premium: false,
    });
    assert_eq!(rules(&check(&draft(), &facts)), [Rule::InviterSuspended]);
}

#[test]
fn unknown_people_and_groups_are_named() {
    let mut facts = facts();
    facts.invitee = None;
    assert_eq!(rules(&check(&draft(), &facts)), [Rule::UnknownMember]);
    let mut facts = self::facts();
    facts.group_exists = false;
    assert_eq!(rules(&check(&draft(), &facts)), [Rule::UnknownGroup]);
}

#[test]
fn every_broken_rule_is_reported_at_once() {
    let mut facts = facts();
    facts.inviter_role = None;
    facts.invitee_in_group = true;
    let mut draft = draft();
    draft.text = String::new();
    draft.route = Route::Group;
    assert_eq!(
        rules(&check(&draft, &facts)),
        [
            Rule::InviterNotInGroup,
            Rule::AlreadyMember,
            Rule::TextEmpty,
            Rule::NotADirectContact
        ]
    );
}

fn earlier(count: i64, text: &str) -> Vec<EarlierText> {
    (0..count)
        .map(|i| EarlierText {
            id: InvitationId(100 + i),
            invitee: MemberId(10 + i),
            fingerprint: crate::invitations::mass_mail::fingerprint(
                &text.replace("NAME", &format!("Person{i}")),
            ),
        })
        .collect()
}

#[test]
fn the_same_text_to_many_people_is_held_for_review() {
    let template = "Hi NAME, join our logistics group, we share freight tips every week.";
    let mut draft = draft();
    draft.text = template.replace("NAME", "Ben");
    let mut facts = facts();
    facts.earlier_texts = earlier(4, template);
    assert!(
        check(&draft, &facts).flags.is_empty(),
        "4 earlier people are fine"
    );
    facts.earlier_texts = earlier(5, template);
    let verdict = check(&draft, &facts);
    assert!(verdict.passes(), "held, not refused");
    assert!(matches!(
        &verdict.flags[..],
        [Flag::NearDuplicate { recipients: 5, similar }] if similar.len() == 5
    ));
}

#[test]
fn spam_markers_hold_an_invitation() {
    let mut draft = draft();
    draft.text = "Hi Ben, build passive income with my downline!".into();
    let verdict = check(&draft, &facts());
    assert!(verdict.passes());
    assert_eq!(
        verdict.flags,
        [Flag::SpamMarker {
            phrases: vec!["downline".into(), "passive income".into()]
        }]
    );
}

#[test]
fn spam_markers_in_the_subject_hold_an_invitation_too() {
    let mut draft = draft();
    // The invitee reads the subject first; the text is harmless.
    draft.subject = "Financial freedom: passive income for you".into();
    let verdict = check(&draft, &facts());
    assert!(verdict.passes());
    assert_eq!(
        verdict.flags,
        [Flag::SpamMarker {
            phrases: vec!["passive income".into(), "financial freedom".into()]
        }]
    );
    // A phrase in both is named once.
    draft.text = "Ben, passive income is our topic this month.".into();
    assert_eq!(
        check(&draft, &facts()).flags,
        [Flag::SpamMarker {
            phrases: vec!["passive income".into(), "financial freedom".into()]
        }]
    );
}

#[test]
fn breaches_and_flags_read_in_both_languages() {
    let l = Localizer::embedded().expect("locales");
    let breach = Breach::InvitedWithin6Months {
        previous: datetime!(2026-08-31 09:00 UTC),
        next_allowed: datetime!(2027-02-28 09:00 UTC),
    };
    let en = breach.message(&l, Lang::En);
    let de = breach.message(&l, Lang::De);
    assert!(en.contains("February 28, 2027"), "{en}");
    assert!(de.contains("28. Februar 2027"), "{de}");
    for rule_breach in [
        Breach::InviterNotInGroup,
        Breach::TextTooLong {
            chars: 501,
            max: 500,
        },
        Breach::UnknownMember {
            email: "x@example.org".into(),
        },
    ] {
        for lang in Lang::ALL {
            let text = rule_breach.message(&l, lang);
            assert!(!text.starts_with("rule-"), "missing message: {text}");
        }
    }
}

#[test]
fn the_dates_of_the_six_month_rule_are_said_on_the_readers_calendar() {
    let l = Localizer::embedded().expect("locales");
    // 23:30 UTC is half past one the next morning in Berlin, in summer and winter.
    let breach = Breach::InvitedWithin6Months {
        previous: datetime!(2026-09-01 23:30 UTC),
        next_allowed: datetime!(2027-03-01 23:30 UTC),
    };
    let berlin = crate::clock::Zone::named("Europe/Berlin").expect("zone");
    assert_eq!(
        breach.message_in(&l, Lang::En, &berlin),
        "You invited this person on September 2, 2026. \
         You can invite them again from March 2, 2027."
    );
    assert_eq!(
        breach.message(&l, Lang::En),
        "You invited this person on September 1, 2026. \
         You can invite them again from March 1, 2027."
    );
}
