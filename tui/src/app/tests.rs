//! The composer's update function against a real store: each broken rule
//! shows in the verdict, and fixing the draft clears it.

use super::*;
use crate::worker::Worker;
use desk::records::GroupKind;
use desk::store::community::{NewGroup, NewMember};
use desk::{Rule, Store};
use knowledge::corpus::Corpus;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// 2026-11-22 12:00 UTC.
const NOW: i64 = 1_795_348_800;

struct Desk {
    app: App,
    worker: Worker,
    _dir: tempfile::TempDir,
}

/// Anna moderates Berlin; Ben and Dora are her contacts (Dora switched
/// invitations off); Carla is not a contact; Emil is already in Berlin.
fn desk() -> Desk {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("console.db")).expect("store");
    let mut member = |email: &str, name: &str| {
        store
            .upsert_member(&NewMember::new(email, name, Lang::En))
            .expect("member")
    };
    let anna = member("anna@example.org", "Anna Berg");
    let ben = member("ben@example.org", "Ben Carter");
    let carla = member("carla@example.org", "Carla Diaz");
    let dora = member("dora@example.org", "Dora Frank");
    let emil = member("emil@example.org", "Emil Gray");
    let berlin = store
        .upsert_group(&NewGroup {
            name: "Berlin Networking".into(),
            description: String::new(),
            kind: GroupKind::Regional,
        })
        .expect("group");
    store.set_role(berlin, anna, Role::Moderator).expect("role");
    store.set_role(berlin, emil, Role::Member).expect("role");
    for other in [ben, dora, emil] {
        store.connect(anna, other).expect("contact");
    }
    store.set_group_invitations(dora, false).expect("off");
    let _ = carla;
    let me = store.member(anna).expect("anna");
    let l = Arc::new(Localizer::embedded().expect("locales"));
    let worker = Worker::new(
        store,
        Corpus::embedded().expect("corpus"),
        Arc::clone(&l),
        Some(clock::from_unix(NOW)),
    )
    .expect("worker");
    let app = App::new(l, Lang::En, false, Some(me), worker.knowledge());
    let mut desk = Desk {
        app,
        worker,
        _dir: dir,
    };
    let jobs = desk.app.start();
    desk.run(jobs);
    desk.app.update(Msg::Resize(120, 40));
    desk.key(KeyCode::Char('2'));
    desk
}

impl Desk {
    /// Runs jobs (and the jobs their answers ask for) to the end, as the worker thread would.
    fn run(&mut self, jobs: Vec<Job>) {
        self.worker.settle(&mut self.app, jobs);
    }

    fn key(&mut self, code: KeyCode) {
        let jobs = self
            .app
            .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.run(jobs);
    }

    fn ctrl(&mut self, c: char) {
        let jobs = self.app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
        self.run(jobs);
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn focus(&mut self, field: Field) {
        self.app.composer.field = field;
    }

    /// Picks the invitee whose name starts with `name`.
    fn pick(&mut self, name: &str) {
        self.focus(Field::Invitee);
        while !self.app.composer.query.is_empty() {
            self.key(KeyCode::Backspace);
        }
        self.type_text(name);
        assert!(
            self.app
                .composer
                .candidates
                .first()
                .is_some_and(|m| m.name.starts_with(name)),
            "{name} is offered: {:?}",
            self.app.composer.candidates
        );
        self.key(KeyCode::Enter);
    }

    fn broken(&self) -> Vec<&'static str> {
        self.app
            .composer
            .verdict
            .as_ref()
            .expect("a verdict came back")
            .breaches
            .iter()
            .map(|b| b.rule().id())
            .collect()
    }

    fn messages(&self) -> Vec<String> {
        self.app
            .composer
            .verdict
            .as_ref()
            .map(|v| {
                v.breaches
                    .iter()
                    .map(|b| b.message(&self.app.l, self.app.lang))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[test]
fn an_empty_text_is_named_and_typing_clears_it() {
    let mut d = desk();
    d.pick("Ben");
    assert_eq!(d.broken(), [Rule::TextEmpty.id()]);
    assert!(!d.app.composer.can_send());
    d.type_text("Hi Ben");
    assert!(d.broken().is_empty());
    assert!(d.app.composer.can_send());
}

#[test]
fn a_text_over_500_characters_is_named_and_deleting_clears_it() {
    let mut d = desk();
    d.pick("Ben");
    d.type_text(&"ü".repeat(501));
    assert_eq!(d.broken(), [Rule::TextTooLong.id()]);
    assert!(d.messages()[0].contains("500"), "{:?}", d.messages());
    d.key(KeyCode::Backspace);
    assert!(d.broken().is_empty());
}

#[test]
fn a_long_subject_is_named_and_shortening_clears_it() {
    let mut d = desk();
    d.pick("Ben");
    d.type_text("Hello");
    d.focus(Field::Subject);
    d.type_text(&"s".repeat(101));
    assert_eq!(d.broken(), [Rule::SubjectTooLong.id()]);
    d.key(KeyCode::Backspace);
    assert!(d.broken().is_empty());
}

#[test]
fn invitations_switched_off_are_named_and_another_person_clears_it() {
    let mut d = desk();
    d.pick("Dora");
    d.type_text("Hello");
    assert_eq!(d.broken(), [Rule::InvitationsOff.id()]);
    d.pick("Ben");
    assert!(d.broken().is_empty());
}

#[test]
fn members_already_in_the_group_are_named() {
    let mut d = desk();
    d.pick("Emil");
    d.type_text("Hello");
    assert_eq!(d.broken(), [Rule::AlreadyMember.id()]);
    d.pick("Ben");
    assert!(d.broken().is_empty());
}

#[test]
fn the_group_route_offers_only_direct_contacts_and_the_profile_route_anyone() {
    let mut d = desk();
    d.focus(Field::Invitee);
    d.type_text("Carla");
    assert!(d.app.composer.candidates.is_empty(), "not a contact");
    // From a profile, anyone may be invited.
    d.focus(Field::Route);
    d.key(KeyCode::Right);
    assert_eq!(d.app.composer.route, Route::Profile);
    d.pick("Carla");
    d.type_text("Hello");
    assert!(d.broken().is_empty());
    // Back to the group page: Carla is not a direct contact.
    d.focus(Field::Route);
    d.key(KeyCode::Left);
    assert_eq!(d.broken(), [Rule::NotADirectContact.id()]);
    d.key(KeyCode::Left);
    assert!(d.broken().is_empty());
}

#[test]
fn sending_delivers_and_the_second_invitation_names_the_date_in_both_languages() {
    let mut d = desk();
    d.pick("Ben");
    d.type_text("Our Berlin meet-ups would suit you.");
    d.ctrl('s');
    assert!(matches!(d.app.composer.outcome, Some(SendOutcome::Sent(_))));
    assert_eq!(d.app.composer.sent.len(), 1);
    assert!(!d.app.composer.has_draft(), "the draft is cleared");

    d.pick("Ben");
    d.type_text("Again?");
    assert_eq!(d.broken(), [Rule::InvitedWithin6Months.id()]);
    assert!(
        d.messages()[0].contains("May 22, 2027"),
        "{:?}",
        d.messages()
    );
    d.key(KeyCode::F(2));
    assert!(
        d.messages()[0].contains("22. Mai 2027"),
        "{:?}",
        d.messages()
    );
    // Sending is refused without a trip to the database.
    d.ctrl('s');
    assert!(matches!(d.app.status, Some(Status::Error(_))));
    assert_eq!(d.app.composer.sent.len(), 1);
    d.pick("Dora");
    assert!(!d.broken().contains(&Rule::InvitedWithin6Months.id()));
}

#[test]
fn an_old_verdict_does_not_overwrite_a_newer_edit() {
    let mut d = desk();
    d.pick("Ben");
    let jobs = d.app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('a'),
        KeyModifiers::NONE,
    )));
    let stale = jobs;
    d.type_text("b");
    assert!(d.broken().is_empty());
    // The verdict for "a" arrives late: it is ignored.
    d.run(stale);
    assert_eq!(d.app.composer.text, "ab");
    assert!(d.broken().is_empty());
}

#[test]
fn quitting_with_a_draft_asks_first() {
    let mut d = desk();
    d.pick("Ben");
    d.type_text("Unsent words");
    d.ctrl('c');
    assert!(d.app.confirm_quit && !d.app.quit);
    d.key(KeyCode::Char('n'));
    assert!(!d.app.confirm_quit && !d.app.quit);
    d.ctrl('c');
    d.key(KeyCode::Char('y'));
    assert!(d.app.quit);
}
