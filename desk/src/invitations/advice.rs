//! Advice on a draft: what the group-invitation page asks of a personal
//! invitation, checked while it is written. Advice never blocks sending;
//! the rules in `policy` do that.
//!
//! The page says an invitation must be personal, must relate clearly to the
//! person's profile and should follow their "I seek" and "I offer".

use super::mass_mail::{fingerprint, similarity, words};
use super::policy::EarlierText;
use crate::records::{Member, MemberId};
use locales::fold::fold_umlaut_spellings;
use locales::{Lang, Localizer};

/// Profile words this long or longer match a text word sharing their first
/// this many letters, so "Beratung" meets "Beratungserfahrung" and
/// "logistics" meets "Logistik".
const STEM_LETTERS: usize = 5;

/// A hint on a draft, with a stable id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Advice {
    /// `not-personal`: the text neither addresses the invitee by name nor
    /// shares a word with their "I seek" or "I offer".
    NotPersonal,
    /// `same-text`: nearly the same text already went to `recipients`
    /// other people.
    SameText {
        /// How many other people got it.
        recipients: usize,
    },
}

impl Advice {
    /// The stable id: `not-personal`, `same-text`.
    pub fn id(&self) -> &'static str {
        match self {
            Advice::NotPersonal => "not-personal",
            Advice::SameText { .. } => "same-text",
        }
    }

    /// The hint in plain words, in `lang`.
    pub fn message(&self, l: &Localizer, lang: Lang) -> String {
        let id = format!("advice-{}", self.id());
        match self {
            Advice::NotPersonal => l.text(lang, &id),
            Advice::SameText { recipients } => {
                l.format(lang, &id, &[("recipients", (*recipients as u64).into())])
            }
        }
    }
}

/// The telling words of a text, folded as the FAQ and search fold them.
fn telling_words(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .map(|w| fold_umlaut_spellings(&w))
        .filter(|w| w.chars().count() >= 4)
        .collect()
}

fn same_stem(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let stem = |w: &str| w.chars().take(STEM_LETTERS).collect::<String>();
    a.chars().count() >= STEM_LETTERS && b.chars().count() >= STEM_LETTERS && stem(a) == stem(b)
}

/// Whether `text` greets `invitee` by a part of their name.
fn addresses(text: &str, invitee: &Member) -> bool {
    let names: Vec<String> = words(&invitee.name)
        .into_iter()
        .map(|w| fold_umlaut_spellings(&w))
        .filter(|w| w.chars().count() >= 2)
        .collect();
    words(text)
        .into_iter()
        .map(|w| fold_umlaut_spellings(&w))
        .any(|w| names.contains(&w))
}

/// Whether `text` shares a word with the invitee's "I seek" or "I offer".
fn relates_to_profile(text: &str, invitee: &Member) -> bool {
    let profile = telling_words(&format!("{} {}", invitee.seeks, invitee.offers));
    telling_words(text)
        .iter()
        .any(|w| profile.iter().any(|p| same_stem(w, p)))
}

/// The advice on `text` for `invitee`, given the inviter's earlier texts:
/// pure, so the composer can run it on every key. `threshold` is the
/// policy's near-duplicate similarity.
pub fn advise(
    text: &str,
    invitee: &Member,
    earlier: &[EarlierText],
    threshold: f64,
) -> Vec<Advice> {
    let mut out = Vec::new();
    if text.trim().is_empty() {
        return out;
    }
    if !addresses(text, invitee) && !relates_to_profile(text, invitee) {
        out.push(Advice::NotPersonal);
    }
    let print = fingerprint(text);
    let mut others: Vec<MemberId> = earlier
        .iter()
        .filter(|e| e.invitee != invitee.id && similarity(&e.fingerprint, &print) >= threshold)
        .map(|e| e.invitee)
        .collect();
    others.sort_unstable_by_key(|m| m.0);
    others.dedup();
    if !others.is_empty() {
        out.push(Advice::SameText {
            recipients: others.len(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::InvitationId;

    fn carla() -> Member {
        Member {
            id: MemberId(3),
            email: "carla@example.org".into(),
            name: "Carla Díaz".into(),
            lang: Lang::De,
            premium: false,
            group_invitations: true,
            discord_id: None,
            seeks: "Partner für Logistik in Hamburg".into(),
            offers: "Beratung zu Schienenverkehr".into(),
            suspended: false,
        }
    }

    fn ids(advice: &[Advice]) -> Vec<&'static str> {
        advice.iter().map(Advice::id).collect()
    }

    #[test]
    fn a_text_for_anyone_is_not_personal() {
        let advice = advise(
            "Join our great group, everyone is welcome!",
            &carla(),
            &[],
            0.6,
        );
        assert_eq!(ids(&advice), ["not-personal"]);
    }

    #[test]
    fn the_name_or_the_profile_makes_it_personal() {
        for text in [
            "Hallo carla, komm in unsere Gruppe!",
            "Hi Ms DIAZ, join us.",
            "Your logistics experience fits our group.",
            "Wir suchen deine Beratungserfahrung.",
        ] {
            assert!(advise(text, &carla(), &[], 0.6).is_empty(), "{text}");
        }
        // A shared short word ("für") is no relation.
        assert_eq!(
            ids(&advise("Eine Gruppe für alle", &carla(), &[], 0.6)),
            ["not-personal"]
        );
    }

    #[test]
    fn the_same_text_sent_to_others_is_named_with_the_count() {
        let text = "Hi Carla, join the Berlin founders group, we meet every month!";
        let earlier: Vec<EarlierText> = [1, 2, 2, 3]
            .iter()
            .enumerate()
            .map(|(i, invitee)| EarlierText {
                id: InvitationId(i as i64),
                invitee: MemberId(*invitee),
                fingerprint: fingerprint(&text.replace("Carla", "Ben")),
            })
            .collect();
        let advice = advise(text, &carla(), &earlier, 0.6);
        // Invitee 3 is Carla herself; 1 and 2 are two other people.
        assert_eq!(advice, [Advice::SameText { recipients: 2 }]);
        let l = Localizer::embedded().expect("locales");
        assert!(advice[0].message(&l, Lang::En).contains('2'));
        assert!(advise("", &carla(), &earlier, 0.6).is_empty());
    }
}
