//! Every screen, in both languages, at 80x24 and 120x40, on a small demo
//! community with a pinned clock (so the snapshots do not age).

use desk::Store;
use desk::clock;
use desk::demo::{self, DemoOptions};
use knowledge::corpus::Corpus;
use locales::{Lang, Localizer};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;
use tui::app::{App, Msg};
use tui::screens::bonus::BonusScreen;
use tui::screens::events::EventsScreen;
use tui::screens::faq::FaqScreen;
use tui::screens::tickets::TicketsScreen;
use tui::worker::{Job, Worker};

/// 2026-11-22 12:00 UTC.
const NOW: i64 = 1_795_348_800;

struct Console {
    app: App,
    worker: Worker,
    _dir: tempfile::TempDir,
}

impl Console {
    fn new(lang: Lang, size: (u16, u16), moderator: Option<&str>) -> Console {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("demo.db")).expect("store");
        let l = Arc::new(Localizer::embedded().expect("locales"));
        let options = DemoOptions {
            members: 150,
            seed: 7,
            today: clock::from_unix(NOW),
        };
        demo::seed(&mut store, &l, &options, &mut |_| {}).expect("demo");
        let me = moderator.map(|email| {
            store
                .member_by_email(email)
                .expect("db")
                .expect("moderator")
        });
        let worker = Worker::new(
            store,
            Corpus::embedded().expect("corpus"),
            Arc::clone(&l),
            Some(clock::from_unix(NOW)),
        )
        .expect("worker");
        let app = App::new(l, lang, true, me, worker.knowledge());
        let mut console = Console {
            app,
            worker,
            _dir: dir,
        };
        console.app.update(Msg::Resize(size.0, size.1));
        console.app.update(Msg::Tick(clock::from_unix(NOW)));
        let jobs = console.app.start();
        console.run(jobs);
        console
    }

    fn run(&mut self, jobs: Vec<Job>) {
        self.app.settle(&mut self.worker, jobs);
    }

    fn keys(&mut self, keys: &[KeyCode]) {
        for code in keys {
            let jobs = self
                .app
                .update(Msg::Key(KeyEvent::new(*code, KeyModifiers::NONE)));
            self.run(jobs);
        }
    }

    /// Empties the bottom-line prompt (it may start filled in).
    fn clear_prompt(&mut self) {
        while self.app.ask.as_ref().is_some_and(|a| !a.text.is_empty()) {
            self.keys(&[KeyCode::Backspace]);
        }
    }

    fn type_text(&mut self, text: &str) {
        let keys: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
        self.keys(&keys);
    }

    fn faq(&self) -> &FaqScreen {
        self.app.screen::<FaqScreen>().expect("faq")
    }

    fn tickets(&self) -> &TicketsScreen {
        self.app.screen::<TicketsScreen>().expect("tickets")
    }

    fn events(&self) -> &EventsScreen {
        self.app.screen::<EventsScreen>().expect("events")
    }

    /// Draws the console and tells it where it drew what, as the terminal loop does.
    fn screen(&mut self) -> String {
        let (w, h) = self.app.size;
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        let mut hits = None;
        terminal
            .draw(|frame| hits = Some(tui::view::view(&self.app, frame)))
            .expect("draw");
        if let Some(hits) = hits {
            self.app.update(Msg::Drawn(hits));
        }
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..h {
            let line: String = (0..w)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

const ANNA: &str = "anna.berg@example.org";
const BEN: &str = "ben.carter@example.org";

/// A screen's name, who works in it, and the keys that lead there.
type Screen = (
    &'static str,
    Option<&'static str>,
    Box<dyn Fn(&mut Console)>,
);

/// How to reach each screen from the start.
fn screens() -> Vec<Screen> {
    vec![
        ("picker", None, Box::new(|_| {})),
        ("groups", Some(ANNA), Box::new(|_| {})),
        (
            "group-members",
            Some(ANNA),
            Box::new(|c| c.keys(&[KeyCode::Enter, KeyCode::Down, KeyCode::Down])),
        ),
        (
            "invite",
            Some(ANNA),
            Box::new(|c| {
                c.keys(&[KeyCode::Char('2'), KeyCode::Down]);
                c.keys(&[KeyCode::Enter]);
                c.type_text(&"Komm in unsere Gruppe! ".repeat(24));
            }),
        ),
        (
            "review",
            Some(ANNA),
            Box::new(|c| c.keys(&[KeyCode::Char('3')])),
        ),
        (
            "audit",
            Some(ANNA),
            Box::new(|c| c.keys(&[KeyCode::Char('3'), KeyCode::Char('A')])),
        ),
        (
            "events-ambassador",
            Some(ANNA),
            Box::new(|c| c.keys(&[KeyCode::Char('4')])),
        ),
        (
            "event-form",
            Some(ANNA),
            Box::new(|c| {
                c.keys(&[KeyCode::Char('4'), KeyCode::Char('n'), KeyCode::Down]);
                c.type_text("Winter meet-up");
            }),
        ),
        (
            "tickets",
            Some(ANNA),
            Box::new(|c| c.keys(&[KeyCode::Char('5'), KeyCode::Enter])),
        ),
        (
            "tickets-stats",
            Some(ANNA),
            Box::new(|c| c.keys(&[KeyCode::Char('5'), KeyCode::Char('s')])),
        ),
        (
            "review-by-inviter",
            Some(ANNA),
            Box::new(|c| c.keys(&[KeyCode::Char('3'), KeyCode::Char('g')])),
        ),
        (
            "palette",
            Some(ANNA),
            Box::new(|c| {
                c.keys(&[KeyCode::Char('3'), KeyCode::Char(':')]);
                c.type_text("app");
            }),
        ),
        (
            "unanswered",
            Some(ANNA),
            Box::new(|c| c.keys(&[KeyCode::Char('5'), KeyCode::Char('u')])),
        ),
        (
            "faq",
            Some(BEN),
            Box::new(|c| {
                c.keys(&[KeyCode::Char('6')]);
                c.type_text("gmail sync");
            }),
        ),
        (
            "faq-article",
            Some(BEN),
            Box::new(|c| {
                c.keys(&[KeyCode::Char('6')]);
                c.type_text("gmail sync");
                c.keys(&[KeyCode::Enter]);
            }),
        ),
        (
            "bonus",
            Some(BEN),
            Box::new(|c| c.keys(&[KeyCode::Char('7')])),
        ),
        (
            "help",
            Some(ANNA),
            Box::new(|c| c.keys(&[KeyCode::Char('3'), KeyCode::Char('?')])),
        ),
    ]
}

#[test]
fn every_screen_in_both_languages_and_two_sizes() {
    for (name, moderator, reach) in screens() {
        for lang in [Lang::En, Lang::De] {
            for size in [(80, 24), (120, 40)] {
                let mut console = Console::new(lang, size, moderator);
                reach(&mut console);
                let snapshot = format!("{name}-{}-{}x{}", lang.code(), size.0, size.1);
                insta::assert_snapshot!(snapshot, console.screen());
            }
        }
    }
}

#[test]
fn a_terminal_below_80x24_gets_a_clear_message() {
    for lang in [Lang::En, Lang::De] {
        let mut console = Console::new(lang, (60, 20), Some(ANNA));
        insta::assert_snapshot!(format!("too-small-{}", lang.code()), console.screen());
    }
}

#[test]
fn events_are_read_only_for_moderators_and_the_screen_says_why() {
    let mut console = Console::new(Lang::En, (120, 40), None);
    // The first moderator who is no ambassador anywhere.
    let moderators = console.app.picker.moderators.clone();
    let plain = moderators.into_iter().find(|m| {
        console.app.ctx.me = Some(m.clone());
        let jobs = console.app.start();
        console.run(jobs);
        console.app.ctx.ambassador_groups().is_empty()
    });
    assert!(plain.is_some(), "the demo has plain moderators");
    console.keys(&[KeyCode::Char('4'), KeyCode::Char('n')]);
    let screen = console.screen();
    assert!(screen.contains("Only ambassadors"), "{screen}");
    assert!(console.events().form.is_none());
}

#[test]
fn an_ambassador_creates_an_event_through_the_form() {
    let mut console = Console::new(Lang::En, (120, 40), Some(ANNA));
    let before = console.events().events.len();
    console.keys(&[KeyCode::Char('4'), KeyCode::Char('n'), KeyCode::Down]);
    console.type_text("Winter meet-up");
    console.keys(&[KeyCode::Down]);
    console.type_text("2026-12-10 18:30");
    console.keys(&[KeyCode::Down]);
    console.type_text("Kulturbrauerei");
    console.keys(&[KeyCode::Down]);
    console.type_text("Berlin");
    console.keys(&[KeyCode::Enter]);
    assert!(console.events().form.is_none(), "{:?}", console.app.status);
    assert_eq!(console.events().events.len(), before + 1);
    assert!(
        console
            .events()
            .events
            .iter()
            .any(|e| e.title == "Winter meet-up" && e.place == "Kulturbrauerei")
    );
    // A date the form cannot read is named, and nothing is saved.
    console.keys(&[KeyCode::Char('n'), KeyCode::Down]);
    console.type_text("Later");
    console.keys(&[KeyCode::Down]);
    console.type_text("next week");
    console.keys(&[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    assert!(console.events().form.is_some());
    assert!(console.screen().contains("\"next week\" is not a date"));
    assert_eq!(console.events().events.len(), before + 1);
}

#[test]
fn the_conversation_names_who_wrote_in_the_consoles_language() {
    let mut console = Console::new(Lang::De, (120, 40), Some(ANNA));
    console.keys(&[KeyCode::Char('5'), KeyCode::Enter]);
    let screen = console.screen();
    assert!(screen.contains("UTC Mitglied: I connected"), "{screen}");
    assert!(!screen.contains("Member:"), "{screen}");
}

#[test]
fn a_long_reply_keeps_its_end_and_the_caret_in_view() {
    let mut console = Console::new(Lang::En, (80, 24), Some(ANNA));
    console.keys(&[KeyCode::Char('5'), KeyCode::Char('r')]);
    let reply = format!(
        "Dear member, {} 日本語 the end",
        "we checked it. ".repeat(8)
    );
    console.type_text(&reply);
    let screen = console.screen();
    let bottom = screen.lines().nth(23).expect("the bottom line");
    assert!(bottom.starts_with("Reply: "), "{bottom}");
    assert!(bottom.ends_with(" the end▏"), "{bottom}");
    assert!(!bottom.contains("Dear member"), "{bottom}");
}

#[test]
fn a_long_invitation_text_keeps_its_end_in_view_at_80x24() {
    let mut console = Console::new(Lang::De, (80, 24), Some(ANNA));
    // From the group line down to the text.
    console.keys(&[
        KeyCode::Char('2'),
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Down,
    ]);
    let text = format!(
        "{}Bis bald, Anna.",
        "Wir treffen uns jeden Monat in Berlin. ".repeat(12)
    );
    assert_eq!(text.chars().count(), 483);
    console.type_text(&text);
    // The first line under the counter, and the last line of the form.
    let text_lines = |screen: &str| {
        let lines: Vec<String> = screen.lines().map(str::to_string).collect();
        let counter = lines
            .iter()
            .position(|l| l.contains("483/500"))
            .expect("the counter shows");
        let end = lines[counter..]
            .iter()
            .position(|l| l.starts_with('└'))
            .map(|at| counter + at - 1)
            .expect("the form's frame");
        (lines[counter + 1].clone(), lines[end].clone())
    };
    let screen = console.screen();
    let (_, last) = text_lines(&screen);
    assert!(last.contains("Anna.▏"), "the caret is in view:\n{screen}");
    // Leaving the field shows the text from its start again.
    console.keys(&[KeyCode::Up]);
    let screen = console.screen();
    let (first, _) = text_lines(&screen);
    assert!(
        first.starts_with("│Wir treffen uns jeden Monat"),
        "{screen}"
    );
}

#[test]
fn an_article_longer_than_the_window_is_read_to_its_end() {
    let mut console = Console::new(Lang::En, (80, 24), Some(ANNA));
    console.keys(&[KeyCode::Char('6')]);
    console.type_text("address book comparison");
    let first = console.faq().hits.first().expect("a hit").id.clone();
    assert_eq!(first, "invite-address-book-search");
    console.keys(&[KeyCode::Enter]);
    let screen = console.screen();
    assert!(
        screen.contains("The address-book comparison checks"),
        "{screen}"
    );
    // The last words of both languages are below the window.
    assert!(!screen.contains("data-protection"), "{screen}");
    assert!(!screen.contains("Datenschutzes"), "{screen}");
    console.keys(&[KeyCode::End]);
    let screen = console.screen();
    assert!(screen.contains("data-protection technology."), "{screen}");
    assert!(screen.contains("Datenschutzes übertragen."), "{screen}");
    // Down at the end stays there; Up moves back at once; Home is the start.
    console.keys(&[KeyCode::Down, KeyCode::Up]);
    console.screen();
    assert_eq!(console.faq().scroll + 1, console.faq().extent.get());
    console.keys(&[KeyCode::Home]);
    let screen = console.screen();
    assert!(
        screen.contains("The address-book comparison checks"),
        "{screen}"
    );
}

#[test]
fn the_help_at_80x24_scrolls_to_its_last_key() {
    let mut console = Console::new(Lang::De, (80, 24), Some(ANNA));
    console.keys(&[KeyCode::Char('3'), KeyCode::Char('?')]);
    let screen = console.screen();
    assert!(screen.contains("Tasten ↓"), "{screen}");
    assert!(
        !screen.contains("Ctrl-C"),
        "the last line is below:\n{screen}"
    );
    console.keys(&[KeyCode::End]);
    let screen = console.screen();
    assert!(screen.contains("Ctrl-C  beenden"), "{screen}");
    assert!(screen.contains("Tasten ↑"), "{screen}");
    console.keys(&[KeyCode::Home]);
    assert!(
        console
            .screen()
            .contains("für Sammelentscheidung markieren")
    );
    console.keys(&[KeyCode::Esc]);
    assert!(!console.app.help);
}

#[test]
fn a_long_conversation_opens_at_its_newest_message_and_scrolls_back_to_the_first() {
    let mut console = Console::new(Lang::En, (80, 24), Some(ANNA));
    {
        let mut store = Store::open(&console._dir.path().join("demo.db")).expect("store");
        let anna = store.member_by_email(ANNA).expect("db").expect("anna");
        let ticket = store.tickets(0, 10).expect("tickets")[0].id;
        for n in 1..=30 {
            store
                .reply_to_ticket(
                    ticket,
                    anna.id,
                    &format!("Reply number {n:02}."),
                    clock::from_unix(NOW + n * 60),
                )
                .expect("reply");
        }
    }
    console.keys(&[KeyCode::Char('5'), KeyCode::Enter]);
    let screen = console.screen();
    assert!(screen.contains("Reply number 30."), "{screen}");
    assert!(!screen.contains("I connected Gmail"), "{screen}");
    assert!(screen.contains("Conversation #1 ↑"), "{screen}");
    console.keys(&[KeyCode::Home]);
    let screen = console.screen();
    assert!(screen.contains("I connected Gmail"), "{screen}");
    assert!(!screen.contains("Reply number 30."), "{screen}");
    console.keys(&[KeyCode::PageDown, KeyCode::End]);
    let screen = console.screen();
    assert!(screen.contains("Reply number 30."), "{screen}");
    // Esc gives the keys back to the list.
    console.keys(&[KeyCode::Esc, KeyCode::Down]);
    assert_eq!(console.tickets().cursor.selected, 1);
}

#[test]
fn while_a_conversation_is_open_the_help_and_the_hint_line_name_the_scroll_keys() {
    for (lang, hint, up, end) in [
        (Lang::En, "scroll", "scroll up", "scroll to the end"),
        (
            Lang::De,
            "scrollen",
            "nach oben scrollen",
            "zum Ende scrollen",
        ),
    ] {
        let mut console = Console::new(lang, (120, 40), Some(ANNA));
        console.keys(&[KeyCode::Char('5')]);
        let screen = console.screen();
        assert!(!screen.contains(&format!("PgDn: {hint}")), "{screen}");
        console.keys(&[KeyCode::Enter]);
        let screen = console.screen();
        assert!(
            screen.contains(&format!("↑/↓/PgUp/PgDn: {hint} ·")),
            "{screen}"
        );
        console.keys(&[KeyCode::Char('?')]);
        let screen = console.screen();
        assert!(screen.contains(&format!("↑ / k  {up}")), "{screen}");
        assert!(screen.contains(&format!("End  {end}")), "{screen}");
    }
}

#[test]
fn tickets_are_assigned_answered_and_closed() {
    let mut console = Console::new(Lang::En, (120, 40), Some(ANNA));
    console.keys(&[KeyCode::Char('5'), KeyCode::Char('m')]);
    let first = console.tickets().tickets[0].clone();
    assert_eq!(first.assignee.as_deref(), Some("Anna Berg"));
    console.keys(&[KeyCode::Char('r')]);
    console.type_text("Please try the CSV export.");
    console.keys(&[KeyCode::Enter, KeyCode::Enter]);
    let (_, messages) = console.tickets().open.clone().expect("conversation shown");
    assert!(
        messages
            .iter()
            .any(|m| m.body == "Please try the CSV export.")
    );
    console.keys(&[KeyCode::Char('c')]);
    let closed = console
        .tickets()
        .tickets
        .iter()
        .find(|t| t.id == first.id)
        .expect("still listed");
    assert_eq!(closed.status, desk::store::TicketStatus::Closed);
}

#[test]
fn linking_an_unanswered_cluster_teaches_the_faq_search() {
    let mut console = Console::new(Lang::En, (120, 40), Some(ANNA));
    console.keys(&[KeyCode::Char('5'), KeyCode::Char('u')]);
    let cluster = console.tickets().clusters[0].clone();
    let question = cluster.phrasings[0].clone();
    // The phrasing is offered for editing first, then the article.
    console.keys(&[KeyCode::Char('l'), KeyCode::Enter]);
    console.clear_prompt();
    console.type_text("no-such-article");
    console.keys(&[KeyCode::Enter]);
    assert!(console.screen().contains("There is no FAQ article"));
    console.keys(&[KeyCode::Char('l'), KeyCode::Enter]);
    console.clear_prompt();
    console.type_text("moderator-support");
    console.keys(&[KeyCode::Enter]);
    for id in &cluster.ids {
        let q = console
            .tickets()
            .unanswered
            .iter()
            .find(|q| q.id == *id)
            .expect("still listed");
        assert_eq!(q.linked_article.as_deref(), Some("moderator-support"));
    }
    console.keys(&[KeyCode::Char('6')]);
    console.type_text(&question);
    assert_eq!(
        console.faq().hits.first().map(|h| h.id.as_str()),
        Some("moderator-support"),
        "{:?}",
        console.faq().hits
    );
}

#[test]
fn with_a_faq_dir_the_edited_phrasing_is_written_into_the_article_file() {
    let faq = tempfile::tempdir().expect("dir");
    for file in knowledge::corpus::embedded_files() {
        let folder = faq.path().join(file.lang.code());
        std::fs::create_dir_all(&folder).expect("dir");
        std::fs::write(folder.join(format!("{}.md", file.id)), &file.text).expect("write");
    }
    let mut console = Console::new(Lang::En, (120, 40), Some(ANNA));
    let worker = std::mem::replace(
        &mut console.worker,
        Worker::new(
            Store::open(&console._dir.path().join("demo.db")).expect("store"),
            Corpus::load_dir(faq.path()).expect("corpus"),
            Arc::new(Localizer::embedded().expect("locales")),
            Some(clock::from_unix(NOW)),
        )
        .expect("worker")
        .with_faq_dir(Some(faq.path().to_path_buf())),
    );
    drop(worker);
    console.keys(&[KeyCode::Char('5'), KeyCode::Char('u')]);
    let cluster = console.tickets().clusters[0].clone();
    console.keys(&[KeyCode::Char('l')]);
    console.clear_prompt();
    let edited = "How do moderators get support quickly";
    console.type_text(edited);
    console.keys(&[KeyCode::Enter]);
    console.clear_prompt();
    console.type_text("moderator-support");
    console.keys(&[KeyCode::Enter]);
    let file = faq
        .path()
        .join(cluster.lang.code())
        .join("moderator-support.md");
    let text = std::fs::read_to_string(&file).expect("article file");
    assert!(text.contains(edited), "{text}");
    assert!(
        !text.contains(&cluster.phrasings[0]),
        "the member's own words stay out: {text}"
    );
    let corpus = Corpus::load_dir(faq.path()).expect("the corpus still loads");
    let article = corpus
        .get("moderator-support", cluster.lang)
        .expect("article");
    assert!(
        article.linked.iter().any(|q| q == edited),
        "{:?}",
        article.linked
    );
}

#[test]
fn the_bonus_screen_compares_an_address_book_and_names_a_bad_file() {
    let mut console = Console::new(Lang::En, (120, 40), Some(BEN));
    let dir = tempfile::tempdir().expect("dir");
    let book = dir.path().join("contacts.vcf");
    std::fs::write(
        &book,
        "BEGIN:VCARD\nVERSION:4.0\nFN:Anna Berg\nEMAIL:anna.berg@example.org\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:4.0\nFN:Nina Neu\nEMAIL:nina.neu@example.net\nEND:VCARD\n",
    )
    .expect("write");
    console.keys(&[KeyCode::Char('7'), KeyCode::Char('o')]);
    console.type_text(book.to_str().expect("path"));
    console.keys(&[KeyCode::Enter]);
    let (_, comparison) = console
        .app
        .screen::<BonusScreen>()
        .expect("bonus")
        .comparison
        .clone()
        .expect("compared");
    assert_eq!(comparison.to_invite.len(), 1);
    assert_eq!(comparison.to_invite[0].email, "nina.neu@example.net");
    assert!(
        console
            .screen()
            .contains("Nothing from the file was stored.")
    );

    let bad = dir.path().join("broken.csv");
    std::fs::write(&bad, "").expect("write");
    console.keys(&[KeyCode::Char('o')]);
    console.type_text(bad.to_str().expect("path"));
    console.keys(&[KeyCode::Enter]);
    let screen = console.screen();
    assert!(screen.contains("broken.csv"), "{screen}");
}

#[test]
fn a_large_review_badge_keeps_every_tab_on_an_80_column_bar() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut console = Console::new(Lang::De, (80, 24), Some(ANNA));
    let review = console
        .app
        .screen_mut::<tui::screens::review::ReviewScreen>()
        .expect("review");
    let first = review.items[0].clone();
    review.items = vec![first; 123];
    let screen = console.screen();
    let tab_line = screen.lines().nth(1).expect("tab bar");
    assert!(tab_line.contains("3 Prüfen (123)"), "{tab_line}");
    assert!(tab_line.contains("7 Bonus"), "{tab_line}");
    let byte = tab_line.find("7 Bonus").expect("Bonus tab");
    let column = tab_line[..byte].chars().count() as u16;
    let jobs = console.app.update(Msg::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: column + 2,
        row: 1,
        modifiers: KeyModifiers::NONE,
    }));
    console.run(jobs);
    assert_eq!(console.app.current().id(), "bonus");
}

#[test]
fn clicks_choose_tabs_and_rows() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut console = Console::new(Lang::En, (120, 40), Some(BEN));
    let click = |column: u16, row: u16| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Where "6 FAQ" is drawn on the tab bar, in columns (not bytes: "│" is wide in UTF-8).
    let screen = console.screen();
    let tab_line = screen.lines().nth(1).expect("tab bar");
    let byte = tab_line.find("6 FAQ").expect("FAQ tab");
    let column = tab_line[..byte].chars().count() as u16;
    let jobs = console.app.update(click(column + 1, 1));
    console.run(jobs);
    assert_eq!(console.app.current().id(), "faq");
    console.type_text("gmail");
    assert!(console.faq().hits.len() >= 2);
    // The real loop draws after every change; the click uses that frame.
    console.screen();
    // The second result row: title, tabs, the search box (3 rows), the list's frame.
    let jobs = console.app.update(click(10, 7));
    console.run(jobs);
    assert_eq!(console.faq().cursor.selected, 1);
}

/// The right-hand box of every line (the group's news), as one text.
fn right_box(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|line| {
            line.split_once("││")
                .map(|(_, right)| right.trim_end_matches('│'))
        })
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn an_invitation_whose_mail_an_opt_out_withdrew_shows_as_not_sent_and_is_no_news() {
    let cases = [
        (
            Lang::En,
            "not sent: the invitee switched",
            "Anna Berg invited {} to the group.",
        ),
        (
            Lang::De,
            "nicht versendet: Die eingeladene Person",
            "Anna Berg hat {} in die Gruppe eingeladen.",
        ),
    ];
    for (lang, not_sent, news) in cases {
        let mut console = Console::new(lang, (120, 40), Some(ANNA));
        // Another process on the same file: Anna invites two of her contacts
        // into Berlin Networking, and the first switches invitations off
        // before the courier came by.
        let mut store = Store::open(&console._dir.path().join("demo.db")).expect("store");
        let l = Localizer::embedded().expect("locales");
        let policy = desk::InvitePolicy::default();
        let anna = store.member_by_email(ANNA).expect("db").expect("anna");
        let berlin = store
            .group_by_name("Berlin Networking")
            .expect("db")
            .expect("group");
        let draft = |invitee: desk::records::MemberId| desk::Draft {
            inviter: anna.id,
            invitee,
            group: berlin.id,
            route: desk::Route::Profile,
            subject: String::new(),
            text: "Our Berlin meet-ups would suit you well.".into(),
            at: clock::now(),
        };
        let invitable: Vec<desk::Member> = store
            .contacts_of(anna.id)
            .expect("contacts")
            .into_iter()
            .filter(|m| {
                store
                    .check_invitation(&policy, &draft(m.id))
                    .is_ok_and(|v| v.breaches.is_empty() && v.flags.is_empty())
            })
            .take(2)
            .collect();
        let [gone, stays] = &invitable[..] else {
            panic!("two of Anna's contacts may be invited: {invitable:?}")
        };
        for m in [gone, stays] {
            let sent = store
                .send_invitation(&policy, &l, &draft(m.id), clock::now())
                .expect("send");
            assert!(matches!(sent, desk::SendOutcome::Sent(_)), "{sent:?}");
        }
        store
            .set_group_invitations(gone.id, false)
            .expect("switched off");

        console.keys(&[KeyCode::Char('2')]);
        let screen = console.screen();
        let row = |name: &str| {
            screen
                .lines()
                .find(|line| line.contains(name))
                .unwrap_or_else(|| panic!("{name} is in the list:\n{screen}"))
                .to_string()
        };
        assert!(row(&gone.name).contains(not_sent), "{screen}");
        assert!(!row(&stays.name).contains(not_sent), "{screen}");

        console.keys(&[KeyCode::Char('1'), KeyCode::Enter]);
        let screen = console.screen();
        assert!(screen.contains("Berlin Networking"), "{screen}");
        let said = right_box(&screen);
        assert!(
            said.contains(&news.replace("{}", &stays.name)),
            "{said}\n{screen}"
        );
        assert!(
            !said.contains(&news.replace("{}", &gone.name)),
            "{said}\n{screen}"
        );
    }
}
