//! `helpdesk demo`: a realistic, deterministic community in both languages.
//!
//! The same options give the same people, groups, contacts and texts; dates
//! are counted back from the `today` given, so the demo never looks stale.

use crate::clock::Timestamp;
use crate::invitations::policy::InvitePolicy;
use crate::invitations::{Draft, Route, SendOutcome};
use crate::records::{AmbassadorKind, GroupId, GroupKind, MemberId, Role};
use crate::referrals::Via;
use crate::store::Store;
use crate::store::community::{
    NewGroup, NewMember, connect, join_group, leave_group, member_count_in, set_group_invitations,
    set_role, upsert_group, upsert_member,
};
use crate::store::support::{NewTicket, TicketAuthor};
use crate::{DeskError, Refusal};
use locales::{Lang, Localizer};
use time::Duration;

/// What to seed.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// How many members (default 2,000).
    pub members: usize,
    /// The PRNG seed; the same seed gives the same community.
    pub seed: u64,
    /// The day the demo is "now".
    pub today: Timestamp,
}

impl Default for DemoOptions {
    fn default() -> DemoOptions {
        DemoOptions {
            members: 2_000,
            seed: 7,
            today: crate::clock::now(),
        }
    }
}

/// A stage of the seeding, for the progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Creating members.
    Members,
    /// Creating groups and memberships.
    Groups,
    /// Connecting contacts.
    Contacts,
    /// Sending group invitations (some get held).
    Invitations,
    /// Referrals, events, tickets, unanswered questions.
    Support,
}

impl Stage {
    /// The stage's message id in `locales`.
    pub fn message_id(self) -> &'static str {
        match self {
            Stage::Members => "demo-stage-members",
            Stage::Groups => "demo-stage-groups",
            Stage::Contacts => "demo-stage-contacts",
            Stage::Invitations => "demo-stage-invitations",
            Stage::Support => "demo-stage-support",
        }
    }
}

/// How far the seeding got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The current stage.
    pub stage: Stage,
    /// Done in this stage.
    pub done: u64,
    /// Total in this stage.
    pub total: u64,
}

/// What the demo created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DemoSummary {
    /// Members, all of them: the `--members` asked for and the referred.
    pub members: u64,
    /// Of those, the ones who joined through a member's referral link, which
    /// the demo adds to show the bonus.
    pub referred: u64,
    /// Groups.
    pub groups: u64,
    /// Contact pairs.
    pub contacts: u64,
    /// Group invitations sent or held.
    pub invitations: u64,
    /// Of those, held for review.
    pub flagged: u64,
}

/// The demo's two moderators, whom the console and the tests sign in as.
pub const DEMO_MODERATORS: [&str; 2] = ["anna.berg@example.org", "ben.carter@example.org"];

/// A small, fast, deterministic generator (SplitMix64); demo data needs no more.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const FIRST_DE: &[&str] = &[
    "Anna", "Jonas", "Lea", "Lukas", "Marie", "Felix", "Sophie", "Paul", "Emma", "Leon", "Hannah",
    "Jan", "Clara", "Tim", "Lena", "Moritz", "Jana", "Niklas", "Katrin", "Stefan", "Jörg", "Sören",
    "Jürgen", "Käthe",
];
const LAST_DE: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Braun",
    "Zimmermann",
    "Krüger",
    "Hartmann",
];
const FIRST_EN: &[&str] = &[
    "Oliver", "Amelia", "Harry", "Olivia", "George", "Isla", "Noah", "Ava", "Jack", "Mia",
    "Charlie", "Grace", "Thomas", "Emily", "James", "Lily", "William", "Ella", "Daniel", "Chloe",
];
const LAST_EN: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Jackson", "Clarke",
];
const REGIONS: &[&str] = &[
    "Berlin",
    "Hamburg",
    "München",
    "Köln",
    "Frankfurt",
    "Stuttgart",
    "Düsseldorf",
    "Leipzig",
    "Dresden",
    "Hannover",
    "Nürnberg",
    "Bremen",
    "Wien",
    "Zürich",
    "London",
    "Manchester",
    "Dublin",
    "Edinburgh",
    "Amsterdam",
    "Bristol",
];
const INDUSTRIES: &[&str] = &[
    "Software Engineering",
    "Digital Marketing",
    "Logistik",
    "Maschinenbau",
    "Finance & Banking",
    "Healthcare",
    "Consulting",
    "Erneuerbare Energien",
    "Human Resources",
    "E-Commerce",
    "Legal Tech",
    "Automotive",
    "Design & UX",
    "Data Science",
    "Immobilien",
    "Education",
    "Tourismus",
    "Public Sector",
    "Start-ups",
    "Journalism",
];
const SEEKS: &[&str] = &[
    "Aufträge im Bereich Webentwicklung",
    "a co-founder for a B2B start-up",
    "Kontakte in der Logistik",
    "mentoring in product management",
    "neue Projekte als Interim-Managerin",
    "speaking slots at conferences",
];
const OFFERS: &[&str] = &[
    "Beratung zu Cloud-Architektur",
    "UX research and usability tests",
    "Steuerberatung für Freiberufler",
    "data engineering workshops",
    "Übersetzungen Deutsch–Englisch",
    "coaching for job interviews",
];
const PERSONAL_EN: &[&str] = &[
    "Hi {name}, we talked about {topic} last week. Our group meets monthly and your view would add a lot.",
    "Dear {name}, I read your profile and your experience with {topic} fits our group very well. Join us?",
    "Hello {name}, a few of us share tips on {topic} in this group. I think you would enjoy it.",
];
const PERSONAL_DE: &[&str] = &[
    "Hallo {name}, wir haben letzte Woche über {topic} gesprochen. Unsere Gruppe trifft sich monatlich, Ihre Sicht wäre eine Bereicherung.",
    "Liebe(r) {name}, Ihr Profil und Ihre Erfahrung mit {topic} passen sehr gut zu unserer Gruppe. Haben Sie Lust?",
    "Hallo {name}, in dieser Gruppe tauschen wir uns zu {topic} aus. Ich glaube, das würde Ihnen gefallen.",
];
const MASS_MAIL: &str = "Hello {name}! Join our group now, we are the biggest network for business people. Invite all your friends too!";
const SPAM: &str = "Hi {name}, earn passive income from home with my team. Financial freedom in 3 months, join my team today!";
const UNANSWERED: &[(&str, Lang, u64)] = &[
    ("Can I pay for Premium by invoice?", Lang::En, 14),
    (
        "Kann ich meine Premium-Mitgliedschaft pausieren?",
        Lang::De,
        11,
    ),
    ("How do I export my contacts to Excel?", Lang::En, 9),
    ("Wie lösche ich ein altes Jobangebot?", Lang::De, 8),
    ("Is there a dark mode?", Lang::En, 6),
    ("Gibt es eine App für das iPad?", Lang::De, 5),
    ("Why can't I see who visited my profile?", Lang::En, 4),
    ("Wie ändere ich meinen Profil-Link?", Lang::De, 3),
    ("Can I merge two accounts?", Lang::En, 2),
    ("Warum bekomme ich keine Newsletter mehr?", Lang::De, 1),
];
const TICKETS: &[(&str, Lang, &str)] = &[
    (
        "My Gmail contacts do not show up",
        Lang::En,
        "I connected Gmail, but no contacts appear. What am I missing?",
    ),
    (
        "Passwort-Mail kommt nicht an",
        Lang::De,
        "Ich habe dreimal ein neues Passwort angefordert, aber keine E-Mail bekommen.",
    ),
    (
        "Bonus month missing",
        Lang::En,
        "Seven friends registered through my link, but I got no Premium month.",
    ),
    (
        "Konto gesperrt",
        Lang::De,
        "Mein Konto ist nach mehreren Anmeldeversuchen gesperrt.",
    ),
    (
        "Group invitation rejected",
        Lang::En,
        "Why was my invitation to the Berlin group held back?",
    ),
];

fn name(dice: &mut Dice, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{} {}", dice.pick(FIRST_DE), dice.pick(LAST_DE)),
        Lang::En => format!("{} {}", dice.pick(FIRST_EN), dice.pick(LAST_EN)),
    }
}

fn email_of(name: &str, n: usize) -> String {
    let local: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'ä' => "ae".to_string(),
            'ö' => "oe".to_string(),
            'ü' => "ue".to_string(),
            'ß' => "ss".to_string(),
            ' ' => ".".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!("{local}.{n}@example.org")
}

/// Reports item `index` of `total` in `stage`, every `every` items and at the end.
fn step(
    progress: &mut dyn FnMut(Progress),
    stage: Stage,
    index: usize,
    total: usize,
    every: usize,
) {
    if index.is_multiple_of(every) || index + 1 == total {
        progress(Progress {
            stage,
            done: index as u64 + 1,
            total: total as u64,
        });
    }
}

/// Seeds `store` with a demo community, reporting progress as it goes.
pub fn seed(
    store: &mut Store,
    l: &Localizer,
    options: &DemoOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary, DeskError> {
    // A million members in one transaction touch far more pages than the
    // default cache holds; without a large one the seed takes half as long
    // again, re-reading the indexes' leaves that it spilled.
    store.set_bulk_cache(true)?;
    let seeded = seed_in_one_transaction(store, l, options, progress);
    store.set_bulk_cache(false)?;
    seeded
}

fn seed_in_one_transaction(
    store: &mut Store,
    l: &Localizer,
    options: &DemoOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary, DeskError> {
    let mut dice = Dice(options.seed);
    let today = options.today;
    let policy = InvitePolicy::default();
    let total = options.members.max(10);
    let mut summary = DemoSummary::default();

    // One transaction for the whole community: a seed that is interrupted
    // (Ctrl-C, kill -9, a full disk) leaves the database as it was, never a
    // half-built demo. The emptiness check is inside it, so two seeds racing
    // for one file cannot both run.
    let tx = store.write()?;
    let existing = member_count_in(&tx)?;
    if existing > 0 {
        return Err(Refusal::DemoIntoCommunity(existing).into());
    }

    // Members: the two named moderators first, then everyone else.
    let mut ids: Vec<MemberId> = Vec::with_capacity(total);
    let mut langs: Vec<Lang> = Vec::with_capacity(total);
    let mut on_discord: Vec<bool> = Vec::with_capacity(total);
    for n in 0..total {
        let mut member = match n {
            0 => NewMember::new(DEMO_MODERATORS[0], "Anna Berg", Lang::De),
            1 => NewMember::new(DEMO_MODERATORS[1], "Ben Carter", Lang::En),
            _ => {
                let lang = if dice.chance(55) { Lang::De } else { Lang::En };
                let name = name(&mut dice, lang);
                NewMember::new(&email_of(&name, n), &name, lang)
            }
        };
        member.premium = n < 2 || dice.chance(20);
        member.group_invitations = n < 2 || !dice.chance(8);
        member.seeks = dice.pick(SEEKS).to_string();
        member.offers = dice.pick(OFFERS).to_string();
        if n < 2 || dice.chance(3) {
            member.discord_id = Some(format!("{}", 100_000_000_000_000_000u64 + n as u64));
        }
        let token = format!("{:016x}{:016x}", dice.next(), dice.next());
        let joined = today - Duration::days(30 + dice.below(900) as i64);
        langs.push(member.lang);
        on_discord.push(member.discord_id.is_some());
        ids.push(upsert_member(&tx, &member, Some(&token), joined)?);
        step(progress, Stage::Members, n, total, 10_000);
    }

    // Groups: twenty regions and twenty industries, each with moderators and an ambassador.
    let mut groups: Vec<(GroupId, GroupKind)> = Vec::new();
    for (i, region) in REGIONS.iter().enumerate() {
        let name = if i == 0 {
            "Berlin Networking".to_string()
        } else {
            format!("{region} Business Club")
        };
        let description = format!(
            "Treffen, Jobs und Austausch rund um {region} · meet-ups, jobs and news around {region}"
        );
        groups.push((
            upsert_group(
                &tx,
                &NewGroup {
                    name,
                    description,
                    kind: GroupKind::Regional,
                },
            )?,
            GroupKind::Regional,
        ));
    }
    for industry in INDUSTRIES {
        let description = format!("Fachgruppe {industry} · the professional group for {industry}");
        groups.push((
            upsert_group(
                &tx,
                &NewGroup {
                    name: industry.to_string(),
                    description,
                    kind: GroupKind::Industry,
                },
            )?,
            GroupKind::Industry,
        ));
    }
    let since = today - Duration::days(400);
    // Anna runs Berlin Networking as its regional ambassador and moderates
    // Digital Marketing; Ben is the Xpert of Software Engineering and moderates
    // the London club.
    set_role(
        &tx,
        groups[0].0,
        ids[0],
        Role::Ambassador(AmbassadorKind::Regional),
        since,
    )?;
    set_role(&tx, groups[21].0, ids[0], Role::Moderator, since)?;
    set_role(
        &tx,
        groups[20].0,
        ids[1],
        Role::Ambassador(AmbassadorKind::Xpert),
        since,
    )?;
    set_role(&tx, groups[14].0, ids[1], Role::Moderator, since)?;
    set_role(&tx, groups[20].0, ids[0], Role::Member, since)?;
    for (g, (group, kind)) in groups.iter().enumerate() {
        let moderator = ids[2 + (g * 7919) % (total - 2)];
        if g != 0 && g != 20 {
            let ambassador = ids[2 + (g * 104_729 + 13) % (total - 2)];
            let kind = match kind {
                GroupKind::Regional => AmbassadorKind::Regional,
                GroupKind::Industry => AmbassadorKind::Xpert,
            };
            set_role(&tx, *group, ambassador, Role::Ambassador(kind), since)?;
        }
        if g != 21 && g != 14 {
            set_role(&tx, *group, moderator, Role::Moderator, since)?;
        }
    }
    for (n, member) in ids.iter().enumerate().skip(2) {
        for _ in 0..1 + dice.below(3) {
            let group = groups[dice.below(groups.len())].0;
            join_group(&tx, group, *member, since)?;
        }
        step(progress, Stage::Groups, n, total, 10_000);
    }
    summary.groups = groups.len() as u64;

    // Contacts: a few per member, and a circle around the two moderators.
    let mut contacts = 0;
    for n in 0..total {
        let count = if n < 2 { 40 } else { 1 + dice.below(5) };
        for _ in 0..count {
            let other = ids[dice.below(total)];
            if connect(&tx, ids[n], other, since)? {
                contacts += 1;
            }
        }
        step(progress, Stage::Contacts, n, total, 10_000);
    }
    summary.contacts = contacts;

    // Invitations: personal ones through the real policy, plus two senders
    // whose mass mail and spam end up in the review queue of Anna's group.
    let personal = (total / 10).clamp(20, 20_000);
    let mut sent = 0;
    let mut flagged = 0;
    // The demo plays its invented past as it happened: each invitation is
    // sent at its own time, so mails are queued and spam is held for the
    // console to show, which an import of real history must not do.
    let mut send = |draft: &Draft| -> Result<(), DeskError> {
        match crate::store::invitations::send_in(&tx, &policy, l, draft, draft.at)? {
            SendOutcome::Sent(_) | SendOutcome::Recorded(_) => sent += 1,
            SendOutcome::Held(..) => {
                sent += 1;
                flagged += 1;
            }
            SendOutcome::Refused(_) => {}
        }
        Ok(())
    };
    for i in 0..personal {
        let inviter_index = dice.below(total);
        let inviter = ids[inviter_index];
        let invitee_index = dice.below(total);
        let group = groups[dice.below(groups.len())].0;
        let topic = dice.pick(INDUSTRIES).to_string();
        let template = match langs[inviter_index] {
            Lang::De => dice.pick(PERSONAL_DE),
            Lang::En => dice.pick(PERSONAL_EN),
        };
        let draft = Draft {
            inviter,
            invitee: ids[invitee_index],
            group,
            route: Route::Profile,
            subject: String::new(),
            text: template
                .replace("{name}", &format!("#{invitee_index}"))
                .replace("{topic}", &topic),
            at: today
                - Duration::days(1 + dice.below(300) as i64)
                - Duration::minutes(dice.below(1440) as i64),
        };
        // Members who are not in the group cannot invite into it; let them join first.
        join_group(&tx, group, inviter, since)?;
        send(&draft)?;
        step(progress, Stage::Invitations, i, personal, 1000);
    }
    let berlin = groups[0].0;
    for (sender, template, recipients) in [(ids[2], MASS_MAIL, 7usize), (ids[3], SPAM, 2)] {
        join_group(&tx, berlin, sender, since)?;
        for k in 0..recipients {
            let invitee_index = 100 + k * 17 + (sender.0 as usize % 5);
            let invitee = ids[invitee_index % total];
            leave_group(&tx, berlin, invitee)?;
            set_group_invitations(&tx, invitee, true, since)?;
            let draft = Draft {
                inviter: sender,
                invitee,
                group: berlin,
                route: Route::Profile,
                subject: String::new(),
                text: template.replace("{name}", &format!("friend {k}")),
                at: today - Duration::hours(48 - k as i64),
            };
            send(&draft)?;
        }
    }
    summary.invitations = sent;
    summary.flagged = flagged;

    // Referrals, a campaign, events, tickets and unanswered questions.
    progress(Progress {
        stage: Stage::Support,
        done: 0,
        total: 4,
    });
    crate::store::referrals::add_campaign_in(
        &tx,
        "Spring referral weeks",
        today - Duration::days(200),
        today - Duration::days(186),
    )?;
    for referrer in 0..4usize {
        let token = crate::store::referrals::invite_token_in(&tx, ids[referrer])?;
        for k in 0..(4 + referrer * 3) {
            let name = name(&mut dice, langs[referrer]);
            let member = NewMember::new(
                &email_of(&name, 1_000_000 + referrer * 100 + k),
                &name,
                langs[referrer],
            );
            let at = today - Duration::days(5 + (k as i64) * 17);
            crate::store::referrals::register_in(&tx, &member, &Via::Link(token.clone()), at)?;
            summary.referred += 1;
        }
    }
    progress(Progress {
        stage: Stage::Support,
        done: 1,
        total: 4,
    });
    for (i, (group, kind)) in groups.iter().enumerate().take(30) {
        let ambassador = crate::store::events::ambassador_of_in(&tx, *group)?;
        let Some(ambassador) = ambassador else {
            continue;
        };
        // A breakfast in the morning, a talk after work (UTC).
        let (title, focus, place, hour) = match kind {
            GroupKind::Regional => {
                let region = REGIONS[i % REGIONS.len()];
                (
                    format!("Business-Frühstück {region}"),
                    region.to_string(),
                    format!("{region}, Stadtmitte"),
                    7,
                )
            }
            GroupKind::Industry => {
                let topic = INDUSTRIES[i % INDUSTRIES.len()];
                (
                    format!("Xpert talk: {topic}"),
                    topic.to_string(),
                    "Online".to_string(),
                    17,
                )
            }
        };
        let event = crate::store::NewEvent {
            group: *group,
            title,
            starts_at: today.replace_time(time::Time::MIDNIGHT)
                + Duration::days(3 + i as i64 * 4)
                + Duration::hours(hour),
            place,
            focus,
        };
        crate::store::events::insert_event_in(&tx, ambassador, &event, today)?;
    }
    progress(Progress {
        stage: Stage::Support,
        done: 2,
        total: 4,
    });
    let mut asked: Vec<usize> = Vec::new();
    for (i, (subject, lang, text)) in TICKETS.iter().enumerate() {
        let from_bot = i % 2 == 0;
        // A member who speaks the ticket's language, and one on Discord for
        // a ticket the bot opened, each asking once; small demos (down to
        // 10 members) may have no such member, and take one anyway.
        let start = 10 + i;
        let fits =
            |k: &usize| langs[*k] == *lang && (!from_bot || on_discord[*k]) && !asked.contains(k);
        let index = (0..ids.len())
            .map(|k| (start + k) % ids.len())
            .find(fits)
            .unwrap_or(start % ids.len());
        asked.push(index);
        let member = ids[index];
        crate::store::support::open_ticket_in(
            &tx,
            &NewTicket {
                from_bot,
                member: Some(member),
                requester: crate::store::member_requester(member),
                lang: *lang,
                subject: subject.to_string(),
                conversation: vec![(TicketAuthor::Member, text.to_string())],
            },
            today - Duration::hours(5 * i as i64 + 1),
        )?;
    }
    progress(Progress {
        stage: Stage::Support,
        done: 3,
        total: 4,
    });
    for (question, lang, count) in UNANSWERED {
        for k in 0..*count {
            crate::store::support::record_unanswered_in(
                &tx,
                question,
                *lang,
                today - Duration::hours(k as i64 * 7),
            )?;
        }
    }
    // Counted, not added up: the report must be what the file holds.
    summary.members = member_count_in(&tx)?;
    crate::store::mark_demo_in(&tx)?;
    tx.commit()?;
    // The seeded invitations are history: their mails went out long ago.
    store.settle_mail_history()?;
    progress(Progress {
        stage: Stage::Support,
        done: 4,
        total: 4,
    });
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::temp_store;
    use time::macros::datetime;

    fn options(members: usize) -> DemoOptions {
        DemoOptions {
            members,
            seed: 7,
            today: datetime!(2026-11-22 09:00 UTC),
        }
    }

    #[test]
    fn a_demo_ticket_is_in_its_members_language_and_one_from_the_bot_is_on_discord() {
        let (_dir, mut store) = temp_store();
        let l = Localizer::embedded().expect("locales");
        seed(&mut store, &l, &options(300), &mut |_| {}).expect("seed");
        let reader = rusqlite::Connection::open(store.path()).expect("reader");
        let rows: Vec<(String, String, String, Option<String>)> = reader
            .prepare(
                "SELECT t.source, t.lang, m.lang, m.discord_id FROM tickets t \
                 JOIN members m ON m.id = t.member_id",
            )
            .expect("query")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("read");
        assert_eq!(rows.len(), TICKETS.len());
        for (source, ticket_lang, member_lang, discord) in rows {
            assert_eq!(ticket_lang, member_lang, "{source}");
            assert!(
                source != "bot" || discord.is_some(),
                "a bot ticket off Discord"
            );
        }
    }

    #[test]
    fn the_demo_has_everything_the_console_shows() {
        let (_dir, mut store) = temp_store();
        assert!(!store.is_demo().expect("flag"), "a fresh database is real");
        let l = Localizer::embedded().expect("locales");
        let mut stages = Vec::new();
        let summary =
            seed(&mut store, &l, &options(300), &mut |p| stages.push(p.stage)).expect("seed");
        assert_eq!(
            store.member_count().expect("count") as usize,
            300 + 4 + 7 + 10 + 13
        );
        assert_eq!(
            (summary.members, summary.referred),
            (300 + 34, 34),
            "the summary counts every member the file holds"
        );
        assert_eq!(summary.groups, 40);
        assert!(store.is_demo().expect("flag"), "the console will say DEMO");
        assert!(summary.contacts > 300);
        assert!(summary.flagged >= 3, "{summary:?}");
        assert!(stages.contains(&Stage::Members) && stages.contains(&Stage::Support));
        let anna = store
            .member_by_email(DEMO_MODERATORS[0])
            .expect("read")
            .expect("anna");
        assert_eq!(
            store.flagged_count(Some(anna.id)).expect("queue"),
            summary.flagged
        );
        assert!(store.groups_of(anna.id).expect("groups").len() >= 2);
        assert!(store.moderators().expect("moderators").len() >= 40);
        assert_eq!(store.tickets(0, 50).expect("tickets").len(), TICKETS.len());
        assert_eq!(
            store.unanswered_questions(0, 50).expect("unanswered")[0].count,
            14
        );
        assert!(
            store
                .events(datetime!(2026-11-22 00:00 UTC), 0, 50)
                .expect("events")
                .len()
                >= 20
        );
        assert!(
            store
                .bonus_progress(anna.id, datetime!(2026-11-22 09:00 UTC))
                .expect("bonus")
                .credited
                >= 4
        );
    }

    #[test]
    fn the_smallest_demo_seeds_too() {
        let (_dir, mut store) = temp_store();
        let l = Localizer::embedded().expect("locales");
        let summary = seed(&mut store, &l, &options(10), &mut |_| {}).expect("seed");
        assert_eq!(summary.groups, 40);
        assert_eq!(store.tickets(0, 50).expect("tickets").len(), TICKETS.len());
    }

    #[test]
    fn the_same_options_give_the_same_community() {
        let l = Localizer::embedded().expect("locales");
        let dump = |store: &Store| -> Vec<String> {
            store
                .search_members("", 2000)
                .expect("members")
                .into_iter()
                .map(|m| format!("{} {}", m.email, m.name))
                .collect()
        };
        let (_a, mut first) = temp_store();
        let (_b, mut second) = temp_store();
        seed(&mut first, &l, &options(120), &mut |_| {}).expect("first");
        seed(&mut second, &l, &options(120), &mut |_| {}).expect("second");
        assert_eq!(dump(&first), dump(&second));
    }
}
