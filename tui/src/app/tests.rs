//! The composer's update function against a real store: each broken rule
//! shows in the verdict, and fixing the draft clears it.

#[path = "../../tests/support/damage.rs"]
mod damage;

use super::*;
use crate::screens::invite::{Composer, Field};
use crate::worker::Worker;
use damage::damage_table;
use desk::records::{GroupKind, Role};
use desk::store::community::{NewGroup, NewMember};
use desk::{Route, SendOutcome};
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
    desk.app.update(Msg::Tick(clock::from_unix(NOW)));
    let jobs = desk.app.start();
    desk.run(jobs);
    desk.app.update(Msg::Resize(120, 40));
    desk.key(KeyCode::Char('2'));
    desk
}

impl Desk {
    /// Runs jobs (and the jobs their answers ask for) to the end, as the worker thread would.
    fn run(&mut self, jobs: Vec<Job>) {
        self.app.settle(&mut self.worker, jobs);
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

    fn c(&self) -> &Composer {
        self.app.screen::<Composer>().expect("composer")
    }

    fn focus(&mut self, field: Field) {
        if let Some(c) = self.app.screen_mut::<Composer>() {
            c.field = field;
        }
    }

    /// Picks the invitee whose name starts with `name`.
    fn pick(&mut self, name: &str) {
        self.focus(Field::Invitee);
        while !self.c().query.is_empty() {
            self.key(KeyCode::Backspace);
        }
        self.type_text(name);
        assert!(
            self.c()
                .candidates
                .first()
                .is_some_and(|m| m.name.starts_with(name)),
            "{name} is offered: {:?}",
            self.c().candidates
        );
        self.key(KeyCode::Enter);
    }

    fn broken(&self) -> Vec<&'static str> {
        self.c()
            .verdict
            .as_ref()
            .expect("a verdict came back")
            .breaches
            .iter()
            .map(|b| b.rule().id())
            .collect()
    }

    fn messages(&self) -> Vec<String> {
        self.c()
            .verdict
            .as_ref()
            .map(|v| {
                v.breaches
                    .iter()
                    .map(|b| b.message(&self.app.ctx.l, self.app.ctx.lang))
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
    assert!(!d.c().can_send());
    d.type_text("Hi Ben");
    assert!(d.broken().is_empty());
    assert!(d.c().can_send());
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
    assert!(d.c().candidates.is_empty(), "not a contact");
    // From a profile, anyone may be invited.
    d.focus(Field::Route);
    d.key(KeyCode::Right);
    assert_eq!(d.c().route, Route::Profile);
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
    assert!(matches!(d.c().outcome, Some(SendOutcome::Sent(_))));
    assert_eq!(d.c().sent.len(), 1);
    assert!(!d.c().has_draft(), "the draft is cleared");

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
    assert_eq!(d.c().sent.len(), 1);
    d.pick("Dora");
    assert!(!d.broken().contains(&Rule::InvitedWithin6Months.id()));
}

#[test]
fn a_second_ctrl_s_while_the_first_is_on_its_way_sends_nothing_more() {
    let mut d = desk();
    d.pick("Ben");
    d.type_text("Our Berlin meet-ups would suit you.");
    let ctrl_s = || Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    // The worker is busy: both presses arrive before the first answer.
    let mut jobs = d.app.update(ctrl_s());
    jobs.extend(d.app.update(ctrl_s()));
    let sends = jobs.iter().filter(|j| matches!(j, Job::Send(_))).count();
    assert_eq!(sends, 1, "{jobs:?}");
    d.run(jobs);
    assert!(
        matches!(d.c().outcome, Some(SendOutcome::Sent(_))),
        "{:?}",
        d.c().outcome
    );
    assert_eq!(d.c().sent.len(), 1);
    // A send that fails leaves the button working for another try.
    d.pick("Dora");
    d.type_text("Hello");
    if let Some(c) = d.app.screen_mut::<Composer>() {
        c.sending = true;
    }
    let busy = || crate::worker::Failure::Said("the database is busy".into());
    // Another screen's job failing says nothing about the send: still guarded.
    d.app.update(Msg::Done(Done::Failed(Job::Events, busy())));
    assert!(d.c().sending);
    let draft = d.c().draft(&d.app.ctx).expect("a draft");
    d.app
        .update(Msg::Done(Done::Failed(Job::Send(draft), busy())));
    assert!(!d.c().sending);
}

#[test]
fn an_old_verdict_does_not_overwrite_a_newer_edit() {
    let mut d = desk();
    d.pick("Ben");
    d.type_text(&"a".repeat(500));
    assert!(d.broken().is_empty());
    // The 501st character breaks a rule; its verdict is held back...
    let stale = d.app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('b'),
        KeyModifiers::NONE,
    )));
    // ...while the moderator deletes it again, and that verdict passes.
    d.key(KeyCode::Backspace);
    assert!(d.broken().is_empty());
    // The verdict for 501 characters arrives late: it differs, and is ignored.
    d.run(stale);
    assert_eq!(d.c().text.chars().count(), 500);
    assert!(d.broken().is_empty(), "{:?}", d.broken());
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

#[test]
fn quitting_with_a_reply_typed_on_the_bottom_line_asks_first() {
    let mut d = desk();
    d.key(KeyCode::Char('5'));
    // As `r` on a ticket opens it: an empty prompt on the bottom line.
    d.app.ask = Some(Ask {
        label: "console-prompt-reply",
        target: 1,
        text: String::new(),
    });
    d.ctrl('c');
    assert!(d.app.quit, "nothing typed yet, nothing to lose");
    d.app.quit = false;
    d.type_text("Liebe Frau Müller, Ihr Konto ist wieder frei.");
    d.ctrl('c');
    assert!(
        d.app.confirm_quit && !d.app.quit,
        "the typed reply is a draft"
    );
    d.key(KeyCode::Char('n'));
    assert_eq!(
        d.app.ask.as_ref().map(|a| a.text.as_str()),
        Some("Liebe Frau Müller, Ihr Konto ist wieder frei."),
        "staying keeps the reply"
    );
    d.ctrl('c');
    d.key(KeyCode::Char('y'));
    assert!(d.app.quit);
}

#[test]
fn esc_on_a_typed_reply_asks_first_and_on_an_empty_prompt_closes_it() {
    let mut d = desk();
    d.key(KeyCode::Char('5'));
    let reply = || Ask {
        label: "console-prompt-reply",
        target: 1,
        text: String::new(),
    };
    d.app.ask = Some(reply());
    d.key(KeyCode::Esc);
    assert!(
        d.app.ask.is_none() && !d.app.confirm_drop,
        "nothing typed, nothing to lose"
    );
    d.app.ask = Some(reply());
    d.type_text("Liebe Frau Müller");
    d.key(KeyCode::Esc);
    assert!(
        d.app.confirm_drop,
        "Esc asks before the typed reply is lost"
    );
    d.key(KeyCode::Char('n'));
    assert!(!d.app.confirm_drop);
    assert_eq!(
        d.app.ask.as_ref().map(|a| a.text.as_str()),
        Some("Liebe Frau Müller"),
        "any other key keeps the reply"
    );
    // Enter is what a writer presses to carry on: it keeps the reply too.
    d.key(KeyCode::Esc);
    d.key(KeyCode::Enter);
    assert_eq!(
        d.app.ask.as_ref().map(|a| a.text.as_str()),
        Some("Liebe Frau Müller"),
        "Enter keeps the reply"
    );
    d.type_text(",");
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('y'));
    assert!(d.app.ask.is_none() && !d.app.confirm_drop && !d.app.quit);
}

#[test]
fn a_second_esc_on_the_faq_search_stays_out_of_it_so_digits_and_q_are_keys() {
    let mut d = desk();
    d.key(KeyCode::Char('6'));
    assert!(d.app.typing(), "the FAQ opens in its search field");
    d.type_text("konto");
    d.key(KeyCode::Esc);
    d.key(KeyCode::Esc);
    assert!(
        !d.app.typing(),
        "the second Esc does not re-enter the field"
    );
    d.key(KeyCode::Char('5'));
    assert_eq!(d.app.current().id(), "tickets", "5 switched the screen");
    d.key(KeyCode::Char('6'));
    d.key(KeyCode::Char('q'));
    assert!(d.app.confirm_quit || d.app.quit, "q quits");
}

#[test]
fn the_help_and_the_palette_name_no_digit_without_a_screen() {
    let mut d = desk();
    d.key(KeyCode::Char('?'));
    let help: Vec<String> = crate::view::help_lines(&d.app)
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(
        help.iter()
            .any(|l| l.trim_start().starts_with("7  go to") && l.contains("Bonus")),
        "{help:?}"
    );
    assert!(
        !help
            .iter()
            .any(|l| l.trim_start().starts_with("8 ") || l.trim_start().starts_with("9 ")),
        "{help:?}"
    );
    let entries = d.app.palette_entries("go to");
    assert!(
        entries.iter().all(|(_, name)| name.trim() != "go to"),
        "{entries:?}"
    );
}

/// The console drawn at `width`x`height`, one line per row.
fn drawn(app: &App, width: u16, height: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("terminal");
    terminal
        .draw(|frame| {
            crate::view::view(app, frame);
        })
        .expect("draw");
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

#[test]
fn a_message_longer_than_the_status_line_wraps_so_its_fix_is_read() {
    let mut d = desk();
    d.app.update(Msg::Resize(80, 24));
    let said = "kontakte.csv:3: In dieser Zeile fehlt die E-Mail-Adresse. Tragen Sie in der Spalte „E-Mail“ eine Adresse ein und öffnen Sie die Datei dann noch einmal mit o.";
    d.app.status = Some(Status::Error(said.into()));
    let screen = drawn(&d.app, 80, 24);
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("noch einmal mit o."), "{screen}");
    assert!(flat.contains("kontakte.csv:3: In dieser Zeile"), "{screen}");
    // Without a message the hint line keeps its one row.
    d.app.status = None;
    assert_eq!(crate::view::status_rows(&d.app, 80), 1);
}

#[test]
fn at_80_columns_the_title_bar_keeps_the_moderators_whole_address() {
    let mut d = desk();
    d.app.update(Msg::Resize(80, 24));
    d.app.ctx.zone = Zone::named("Europe/Berlin").expect("zone");
    d.app.demo = true;
    for lang in [Lang::En, Lang::De] {
        d.app.ctx.lang = lang;
        let screen = drawn(&d.app, 80, 24);
        let title = screen.lines().next().unwrap_or_default();
        assert!(title.contains("<anna@example.org>"), "{title}");
    }
    let wide = drawn(&d.app, 120, 40);
    let title = wide.lines().next().unwrap_or_default();
    assert!(
        title.contains("Moderatorenkonsole") && title.contains("Anna Berg <anna@example.org>"),
        "{title}"
    );
}

#[test]
fn a_click_or_a_scroll_while_a_prompt_is_open_changes_nothing_beneath_it() {
    let mut d = desk();
    d.key(KeyCode::Char('5'));
    d.app.ask = Some(Ask {
        label: "console-prompt-reply",
        target: 1,
        text: "Thanks, fixed.".into(),
    });
    let tabs: Vec<Rect> = (0..7).map(|i| Rect::new(i * 12, 1, 12, 1)).collect();
    d.app.update(Msg::Drawn(Hits {
        tabs,
        list: Some(ListArea {
            rows: Rect::new(1, 3, 60, 20),
            top: 0,
            len: 5,
        }),
        ..Hits::default()
    }));
    let mouse = |kind, column| {
        Msg::Mouse(MouseEvent {
            kind,
            column,
            row: 1,
            modifiers: KeyModifiers::NONE,
        })
    };
    // The Review tab: its Enter would have decided an invitation with the reply as note.
    let jobs = d
        .app
        .update(mouse(MouseEventKind::Down(MouseButton::Left), 30));
    assert!(jobs.is_empty(), "{jobs:?}");
    assert_eq!(d.app.current().id(), "tickets");
    d.app.update(mouse(MouseEventKind::ScrollDown, 30));
    assert_eq!(
        d.app.ask.as_ref().map(|a| a.text.as_str()),
        Some("Thanks, fixed.")
    );
    // Esc on a typed reply asks first; meanwhile a click changes nothing either.
    d.key(KeyCode::Esc);
    d.app
        .update(mouse(MouseEventKind::Down(MouseButton::Left), 30));
    assert_eq!(d.app.current().id(), "tickets");
    d.key(KeyCode::Char('y'));
    d.app
        .update(mouse(MouseEventKind::Down(MouseButton::Left), 30));
    assert_eq!(
        d.app.current().id(),
        "review",
        "without a prompt the tab bar works"
    );
}

#[test]
fn send_without_a_person_asks_for_one_and_with_a_broken_rule_points_at_the_rules() {
    let mut d = desk();
    let error = |d: &Desk| match &d.app.status {
        Some(Status::Error(text)) => text.clone(),
        other => panic!("no error: {other:?}"),
    };
    d.ctrl('s');
    assert_eq!(
        error(&d),
        d.app.ctx.text("console-invite-pick"),
        "no rule is broken yet"
    );
    d.pick("Ben");
    d.ctrl('s');
    assert!(error(&d).starts_with("Not sent: the invitation breaks a rule"));
}

#[test]
fn a_message_on_the_status_line_gives_way_to_the_hint_line_at_the_next_key() {
    let mut d = desk();
    d.ctrl('s');
    assert!(
        matches!(&d.app.status, Some(Status::Error(text)) if text.starts_with("Choose the person")),
        "{:?}",
        d.app.status
    );
    d.key(KeyCode::Char('1'));
    assert_eq!(d.app.status, None, "the Groups screen shows its keys");
    assert!(crate::view::hint(&d.app).contains("/: search"));
}

#[test]
fn below_80x24_keys_act_on_nothing_unseen_and_ctrl_c_still_quits() {
    let mut d = desk();
    d.pick("Ben");
    d.type_text("Hi Ben");
    assert!(d.c().can_send());
    d.app.update(Msg::Resize(60, 15));
    // The moderator sees only "make the window larger".
    d.ctrl('s');
    d.key(KeyCode::Char('x'));
    d.key(KeyCode::Char('3'));
    assert!(d.c().outcome.is_none(), "nothing was sent");
    assert_eq!(d.c().text, "Hi Ben");
    assert_eq!(d.app.current().id(), "invite");
    d.ctrl('c');
    assert!(d.app.confirm_quit, "Ctrl-C still asks");
    d.key(KeyCode::Char('n'));
    d.app.update(Msg::Resize(80, 24));
    d.ctrl('s');
    assert!(d.c().outcome.is_some(), "at full size Ctrl-S sends");
}

#[test]
fn esc_leaves_the_text_field_and_q_then_quits() {
    let mut d = desk();
    d.focus(Field::Subject);
    d.key(KeyCode::Char('q'));
    assert_eq!(d.c().subject, "q", "in a text field q is a letter");
    d.key(KeyCode::Esc);
    assert!(!d.app.typing());
    d.key(KeyCode::Char('q'));
    assert!(d.app.quit);
}

#[test]
fn esc_and_q_arriving_together_as_alt_q_still_leave_the_field_and_quit() {
    let mut d = desk();
    d.focus(Field::Subject);
    d.type_text("Hello");
    // Crossterm reports the bytes ESC q, read in one go, as Alt-q.
    let alt_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT);
    let jobs = d.app.update(Msg::Key(alt_q));
    d.run(jobs);
    assert_eq!(d.c().subject, "Hello", "the q is not typed into the field");
    assert!(!d.app.typing());
    assert!(d.app.quit, "the q after Esc quits");
}

#[test]
fn the_palette_finds_and_runs_an_action_of_the_screen_in_front() {
    let mut d = desk();
    d.key(KeyCode::Char('5'));
    d.key(KeyCode::Char(':'));
    assert!(d.app.palette.is_some());
    d.type_text("unansw");
    let entries = d.app.palette_entries("unansw");
    assert_eq!(
        entries.first().map(|e| e.0),
        Some(Action::Unanswered),
        "{entries:?}"
    );
    d.key(KeyCode::Enter);
    assert!(d.app.palette.is_none());
    let tickets = d
        .app
        .screen::<crate::screens::tickets::TicketsScreen>()
        .expect("tickets");
    assert!(tickets.show_unanswered);
}

#[test]
fn the_hint_line_and_the_help_come_from_the_keymap() {
    let mut d = desk();
    d.key(KeyCode::Char('3'));
    let hint = crate::view::hint(&d.app);
    assert!(hint.contains("a: approve"), "{hint}");
    let mut keys = crate::keymap::Keymap::default();
    keys.apply("keys.toml", "[review]\napprove = [\"y\"]\n")
        .expect("keys");
    d.app.ctx.keymap = std::sync::Arc::new(keys);
    let hint = crate::view::hint(&d.app);
    assert!(
        hint.contains("y: approve") && !hint.contains("a: approve"),
        "{hint}"
    );
    let help: Vec<String> = crate::view::help_lines(&d.app)
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(
        help.iter()
            .any(|l| l.trim_start().starts_with("y  approve")),
        "{help:?}"
    );
}

#[test]
fn a_database_failure_names_the_file_once_in_the_consoles_language() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("damaged.db");
    let anna = {
        let mut store = Store::open(&db).expect("store");
        let anna = store
            .upsert_member(&NewMember::new("anna@example.org", "Anna Berg", Lang::En))
            .expect("member");
        store.member(anna).expect("anna")
    };
    // Closed, so the write-ahead log is in the file that is damaged.
    damage_table(&db, "tickets");
    let l = Arc::new(Localizer::embedded().expect("locales"));
    let mut worker = Worker::new(
        Store::open(&db).expect("the file still opens"),
        Corpus::embedded().expect("corpus"),
        Arc::clone(&l),
        Some(clock::from_unix(NOW)),
    )
    .expect("worker");
    let mut app = App::new(l, Lang::De, false, Some(anna), worker.knowledge());
    app.update(Msg::Resize(120, 40));

    let status = |app: &App| match &app.status {
        Some(Status::Error(text)) => text.clone(),
        other => panic!("no error on the status line: {other:?}"),
    };
    let done = worker.perform(Job::Tickets);
    app.update(Msg::Done(done));
    let shown = db.display().to_string();
    assert_eq!(
        status(&app),
        format!("{shown}: die Datenbank ist beschädigt")
    );
    // After switching, the next failure is in the other language.
    app.run(Action::Language);
    let done = worker.perform(Job::TicketStats);
    app.update(Msg::Done(done));
    assert_eq!(status(&app), format!("{shown}: the database is damaged"));
}

#[test]
fn an_address_book_that_is_refused_is_named_in_the_consoles_language() {
    let mut d = desk();
    let book = d._dir.path().join("telefon.csv");
    std::fs::write(&book, "Name,Telefon\nAnna,123\n").expect("book");
    d.key(KeyCode::F(2));
    d.key(KeyCode::Char('7'));
    d.key(KeyCode::Enter);
    d.key(KeyCode::Char('o'));
    d.type_text(&book.display().to_string());
    d.key(KeyCode::Enter);
    match &d.app.status {
        Some(Status::Error(text)) => assert!(
            text.starts_with(&format!(
                "{}:1: Das ist keine Kopfzeile eines Kontakte-Exports",
                book.display()
            )),
            "{text}"
        ),
        other => panic!("no error on the status line: {other:?}"),
    }
}

#[test]
fn a_linked_phrasing_is_stored_as_linked_and_one_without_words_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("desk.db")).expect("store");
    let anna = store
        .upsert_member(&NewMember::new("anna@example.org", "Anna Berg", Lang::En))
        .expect("member");
    let me = store.member(anna).expect("anna");
    store
        .record_unanswered(
            "export contacts to outlook, I am Max",
            Lang::En,
            clock::from_unix(NOW),
        )
        .expect("recorded");
    let question = store.unanswered_questions(0, 10).expect("list")[0].id;
    let l = Arc::new(Localizer::embedded().expect("locales"));
    let mut worker = Worker::new(
        store,
        Corpus::embedded().expect("corpus"),
        Arc::clone(&l),
        Some(clock::from_unix(NOW)),
    )
    .expect("worker");
    let mut app = App::new(l, Lang::De, false, Some(me), worker.knowledge());
    let link = |phrasing: &str| Job::Link {
        questions: vec![question],
        phrasing: phrasing.to_string(),
        article: "invite-address-book-search".to_string(),
        by: anna,
    };

    let done = worker.perform(link("?!? …"));
    app.update(Msg::Done(done));
    match &app.status {
        Some(Status::Error(text)) => assert_eq!(
            text,
            "Die Formulierung enthält keinen Buchstaben und keine Ziffer; nichts wurde verknüpft."
        ),
        other => panic!("no error on the status line: {other:?}"),
    }
    let kept = worker
        .store()
        .unanswered_question(question)
        .expect("question");
    assert_eq!(kept.question, "export contacts to outlook, I am Max");
    assert_eq!(kept.linked_article, None);

    // A line break and a zero-width space pasted with it are not kept.
    let done = worker.perform(link("export\n contacts \u{200b}to  outlook"));
    assert!(matches!(done, Done::Linked { count: 1, .. }), "{done:?}");
    let linked = worker
        .store()
        .unanswered_question(question)
        .expect("question");
    assert_eq!(linked.question, "export contacts to outlook");
}

#[test]
fn a_faq_file_that_cannot_take_the_phrasing_is_named_in_the_consoles_language() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("desk.db")).expect("store");
    let anna = store
        .upsert_member(&NewMember::new("anna@example.org", "Anna Berg", Lang::En))
        .expect("member");
    let me = store.member(anna).expect("anna");
    store
        .record_unanswered(
            "export contacts to outlook",
            Lang::En,
            clock::from_unix(NOW),
        )
        .expect("recorded");
    let question = store.unanswered_questions(0, 10).expect("list")[0].id;
    // A folder without the article's file: the link cannot write it.
    let faq = dir.path().join("faq");
    std::fs::create_dir_all(&faq).expect("faq folder");
    let l = Arc::new(Localizer::embedded().expect("locales"));
    let mut worker = Worker::new(
        store,
        Corpus::embedded().expect("corpus"),
        Arc::clone(&l),
        Some(clock::from_unix(NOW)),
    )
    .expect("worker")
    .with_faq_dir(Some(faq.clone()));
    let mut app = App::new(l, Lang::De, false, Some(me), worker.knowledge());
    let done = worker.perform(Job::Link {
        questions: vec![question],
        phrasing: "export contacts to outlook".into(),
        article: "invite-address-book-search".into(),
        by: anna,
    });
    app.update(Msg::Done(done));
    let file = faq.join("en").join("invite-address-book-search.md");
    match &app.status {
        Some(Status::Error(text)) => {
            assert!(
                text.contains(&format!(
                    "{}: Eine solche Datei oder einen solchen Ordner gibt es nicht",
                    file.display()
                )),
                "{text}"
            );
            assert!(!text.contains("No such file"), "{text}");
        }
        other => panic!("no error on the status line: {other:?}"),
    }
}

#[test]
fn an_assignment_answered_while_the_reply_waits_does_not_let_the_reply_go_twice() {
    let mut d = desk();
    // The bot opens a ticket in the same file, as it does beside the console.
    let mut bot = Store::open(&d._dir.path().join("console.db")).expect("second connection");
    let ticket = bot
        .open_ticket(
            &desk::store::NewTicket {
                from_bot: true,
                member: None,
                requester: "discord:42".into(),
                lang: Lang::En,
                subject: "Export fails".into(),
                conversation: vec![(desk::store::TicketAuthor::Member, "Export fails".into())],
            },
            clock::from_unix(NOW),
        )
        .expect("ticket");
    d.key(KeyCode::Char('5'));
    let jobs = d.app.update(Msg::Tick(clock::from_unix(NOW + 1)));
    d.run(jobs);
    let press = |d: &mut Desk, c: char| {
        d.app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )))
    };
    // Take the ticket, then reply, both before the worker gets to either.
    let mut queued = press(&mut d, 'm');
    queued.extend(press(&mut d, 'r'));
    for c in "Please try the CSV export.".chars() {
        queued.extend(press(&mut d, c));
    }
    queued.extend(
        d.app
            .update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))),
    );
    assert!(
        matches!(
            &queued[..],
            [
                Job::TicketAction {
                    id,
                    action: crate::worker::TicketAction::Assign,
                    ..
                },
                Job::TicketAction {
                    action: crate::worker::TicketAction::Reply(_),
                    ..
                },
            ] if *id == ticket
        ),
        "{queued:?}"
    );
    let reply = queued.pop().expect("the reply");
    let assign = queued.pop().expect("the assignment");
    // The assignment is stored and answers while the reply still waits.
    let done = d.worker.perform(assign);
    let later = d.app.update(Msg::Done(done));
    let again = press(&mut d, 'r');
    assert!(
        d.app.ask.is_none() && again.is_empty(),
        "a second reply is refused while the first waits"
    );
    assert!(
        matches!(&d.app.status, Some(Status::Error(e)) if e.contains(&format!("#{}", ticket.0))),
        "{:?}",
        d.app.status
    );
    let done = d.worker.perform(reply);
    let mut next = d.app.update(Msg::Done(done));
    next.extend(later);
    d.run(next);
    let replies = bot
        .ticket_messages(ticket)
        .expect("messages")
        .into_iter()
        .filter(|m| m.author == desk::store::TicketAuthor::Moderator)
        .count();
    assert_eq!(replies, 1);
    let tickets = d.app.screen::<TicketsScreen>().expect("tickets");
    assert_eq!(
        tickets.replying, None,
        "the reply's own answer frees the guard"
    );
}

#[test]
fn a_failing_faq_engine_is_said_in_the_consoles_language() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(&dir.path().join("desk.db")).expect("store");
    let l = Arc::new(Localizer::embedded().expect("locales"));
    let worker = Worker::new(
        store,
        Corpus::default(),
        Arc::clone(&l),
        Some(clock::from_unix(NOW)),
    )
    .expect("worker");
    let mut app = App::new(l, Lang::De, false, None, worker.knowledge());
    // No in-memory build fails on any corpus (tantivy drops what it cannot
    // take), so the engine's failure is tantivy's own, for a folder without
    // an index.
    let empty = dir.path().join("no-index");
    std::fs::create_dir_all(&empty).expect("folder");
    let error = knowledge::KnowledgeBase::open_dir(&empty).expect_err("no index there");
    let job = Job::Faq {
        seq: 1,
        query: "Passwort".into(),
    };
    app.update(Msg::Done(Done::Failed(job, error.into())));
    match &app.status {
        Some(Status::Error(text)) => assert!(
            text.starts_with(
                "Der Suchindex hat versagt; die Suchbibliothek meldet (auf Englisch): "
            ),
            "{text}"
        ),
        other => panic!("no error on the status line: {other:?}"),
    }
}

#[test]
fn page_down_moves_by_the_rows_shown_while_a_message_takes_three() {
    use crate::screens::tickets::TicketsScreen;
    use desk::records::TicketId;
    use desk::store::{Ticket, TicketStatus, WaitingFor};
    let mut d = desk();
    d.app.update(Msg::Resize(80, 24));
    d.key(KeyCode::Char('5'));
    let ticket = |n: i64| Ticket {
        id: TicketId(n),
        from_bot: false,
        requester: "member:1".into(),
        lang: Lang::En,
        subject: format!("question {n}"),
        status: TicketStatus::Open,
        assignee: None,
        updated_at: clock::from_unix(NOW),
        created_at: clock::from_unix(NOW),
        waiting_for: WaitingFor::Team,
        unread: 0,
        delivery_failure: None,
        rating: None,
    };
    if let Some(s) = d.app.screen_mut::<TicketsScreen>() {
        s.tickets = (1..=60).map(ticket).collect();
    }
    d.app.status = Some(Status::Error(
        "kontakte.csv:3: In dieser Zeile fehlt die E-Mail-Adresse. Tragen Sie in der Spalte „E-Mail“ \
         eine Adresse ein und öffnen Sie die Datei dann noch einmal mit o. Es wurde nichts gespeichert."
            .into(),
    ));
    assert_eq!(crate::view::status_rows(&d.app, 80), 3);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    let mut hits = Hits::default();
    terminal
        .draw(|frame| hits = crate::view::view(&d.app, frame))
        .expect("draw");
    let shown = usize::from(hits.list.expect("the tickets").rows.height);
    d.app.update(Msg::Drawn(hits));
    d.key(KeyCode::PageDown);
    let selected = |d: &Desk| {
        d.app
            .screen::<TicketsScreen>()
            .expect("tickets")
            .cursor
            .selected
    };
    assert_eq!(
        selected(&d),
        shown,
        "the first ticket the list did not show, none skipped"
    );
    d.key(KeyCode::PageUp);
    assert_eq!(selected(&d), 0);
}
