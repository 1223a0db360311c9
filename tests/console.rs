//! The real binary driven in tmux (`send-keys`, `capture-pane`): the console
//! on a demo database, with what it did read back from the database, and the
//! chat's line history.

mod common;

use common::{run, stderr};
use desk::invitations::policy::InvitePolicy;
use desk::{Draft, Route, Store, clock};
use locales::{Lang, Localizer};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const ANNA: &str = "anna.berg@example.org";

/// A tmux server of its own, killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, db: &Path, lang: &str) -> Tmux {
        Tmux::run(
            name,
            &format!("console --db {} --as {ANNA} --lang {lang}", db.display()),
            lang,
        )
    }

    fn run(name: &str, args: &str, lang: &str) -> Tmux {
        let binary = env!("CARGO_BIN_EXE_helpdesk");
        Tmux::spawn(name, &format!("{binary} {args}"), lang)
    }

    /// Runs a shell command line in the pane.
    fn spawn(name: &str, command: &str, lang: &str) -> Tmux {
        let socket = format!("helpdesk-{}-{name}", std::process::id());
        let tmux = Tmux { socket };
        let status = Command::new("tmux")
            .args([
                "-L",
                &tmux.socket,
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "40",
            ])
            .arg(command)
            .env("HELPDESK_LANG", lang)
            .status()
            .expect("tmux runs (.ci/run installs it)");
        assert!(status.success(), "tmux could not start the console");
        tmux
    }

    fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0"])
            .args(keys)
            .status()
            .expect("send-keys");
        assert!(status.success());
    }

    fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0", "-l", text])
            .status()
            .expect("send-keys");
        assert!(status.success());
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            // -J joins lines the terminal wrapped, so long messages read whole.
            .args(["-L", &self.socket, "capture-pane", "-p", "-J", "-t", "0"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The whole pane, scrolled-off lines included.
    fn history(&self) -> String {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "capture-pane",
                "-p",
                "-S",
                "-",
                "-t",
                "0",
            ])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until `test` holds for the visible screen.
    fn wait_until(&self, what: &str, test: impl Fn(&str) -> bool) -> String {
        self.poll(what, || self.screen(), test)
    }

    /// Waits until `test` holds for the whole history.
    fn wait_until_history(&self, what: &str, test: impl Fn(&str) -> bool) -> String {
        self.poll(what, || self.history(), test)
    }

    fn poll(
        &self,
        what: &str,
        capture: impl Fn() -> String,
        test: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = capture();
            if test(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {what}; the pane:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the screen shows `text`; the screen is in the failure message.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits for the console to exit (the pane closes).
    fn wait_exit(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let alive = Command::new("tmux")
                .args(["-L", &self.socket, "has-session"])
                .output()
                .is_ok_and(|o| o.status.success());
            if !alive {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the console did not quit; the screen:\n{}", self.screen());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    let out = run(&[
        "demo",
        "--db",
        db.to_str().expect("path"),
        "--members",
        "300",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

/// A contact of Anna whom she may invite to Berlin Networking right now.
fn invitable_contact(db: &Path) -> desk::Member {
    let store = Store::open_read_only(db).expect("db");
    let anna = store.member_by_email(ANNA).expect("db").expect("anna");
    let berlin = store
        .group_by_name("Berlin Networking")
        .expect("db")
        .expect("group");
    let policy = InvitePolicy::default();
    store
        .contacts_of(anna.id)
        .expect("contacts")
        .into_iter()
        .find(|m| {
            let draft = Draft {
                inviter: anna.id,
                invitee: m.id,
                group: berlin.id,
                route: Route::Group,
                subject: String::new(),
                text: "x".into(),
                at: clock::now(),
            };
            store
                .check_invitation(&policy, &draft)
                .is_ok_and(|v| v.breaches.is_empty())
        })
        .expect("some contact may be invited")
}

/// In the composer: the invitee field, a search, the first match, a text.
fn compose(tmux: &Tmux, invitee: &desk::Member, text: &str) {
    tmux.keys(&["2"]);
    tmux.wait_for("New group invitation");
    tmux.keys(&["Down"]);
    tmux.type_text(&invitee.email);
    tmux.wait_for(&format!("{} <{}>", invitee.name, invitee.email));
    tmux.keys(&["Enter"]);
    tmux.type_text(text);
}

#[test]
fn compose_and_send_a_valid_invitation() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ben = invitable_contact(&db);
    let tmux = Tmux::start("send", &db, "en");
    tmux.wait_for("DEMO DATA");
    let text = "Our Berlin meet-ups would suit you well.";
    compose(&tmux, &ben, text);
    tmux.wait_for("The invitation follows every rule.");
    tmux.wait_for(&format!("{}/500", text.chars().count()));
    tmux.keys(&["C-s"]);
    tmux.wait_for("queued for e-mail");
    tmux.keys(&["C-c"]);
    tmux.wait_exit();

    let store = Store::open_read_only(&db).expect("db");
    let anna = store.member_by_email(ANNA).expect("db").expect("anna");
    let sent = store.invitations_sent_by(anna.id, 5).expect("sent");
    let mine = sent
        .iter()
        .find(|i| i.text == text)
        .expect("the invitation is in the database");
    assert_eq!(mine.invitee, ben.id);
    assert_eq!(mine.group_name, "Berlin Networking");
    assert_eq!(mine.status, desk::InvitationStatus::Sent);
}

#[test]
fn inviting_the_same_person_again_shows_the_six_month_date_in_german() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let ben = invitable_contact(&db);
    let first = run(&[
        "invite",
        "--db",
        db.to_str().expect("path"),
        "--from",
        ANNA,
        "--to",
        &ben.email,
        "--group",
        "Berlin Networking",
        "--route",
        "group",
        "--text",
        "Come and join us.",
    ]);
    assert!(first.status.success(), "{}", stderr(&first));

    let tmux = Tmux::start("again", &db, "en");
    tmux.wait_for("DEMO DATA");
    compose(&tmux, &ben, "Are you coming?");
    tmux.wait_for("You invited this person on");
    tmux.keys(&["F2"]);
    let l = Localizer::embedded().expect("locales");
    let again = clock::add_months(clock::now(), 6);
    let date = l.date(Lang::De, again.date());
    let screen = tmux.wait_for("DEMODATEN");
    // The rules are in the right-hand box; read it as one text.
    let flat: String = screen
        .lines()
        .filter_map(|line| {
            line.split_once("││")
                .map(|(_, right)| right.trim_end_matches('│'))
        })
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains(&format!("Ab dem {date}")),
        "the German message names {date}:\n{screen}"
    );
    // Send is refused while the rule is broken.
    tmux.keys(&["C-s"]);
    tmux.wait_for("Nicht gesendet");
}

#[test]
fn approve_a_flagged_invitation() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let (before, anna) = {
        let store = Store::open_read_only(&db).expect("db");
        let anna = store.member_by_email(ANNA).expect("db").expect("anna");
        (store.flagged_count(Some(anna.id)).expect("count"), anna.id)
    };
    assert!(before > 0, "the demo holds some invitations for review");

    let tmux = Tmux::start("review", &db, "en");
    tmux.wait_for("DEMO DATA");
    tmux.keys(&["3"]);
    tmux.wait_for("Held for review:");
    tmux.keys(&["a"]);
    tmux.wait_for("Approve, note for the log:");
    tmux.type_text("checked by hand");
    tmux.keys(&["Enter"]);
    tmux.wait_for("1 invitation approved and delivered.");
    tmux.keys(&["A"]);
    tmux.wait_for("checked by hand");
    tmux.keys(&["q"]);
    tmux.wait_exit();

    let store = Store::open_read_only(&db).expect("db");
    assert_eq!(store.flagged_count(Some(anna)).expect("count"), before - 1);
    let audit = store.audit_log(0, 10).expect("audit");
    assert!(
        audit.iter().any(|e| e.note == "checked by hand"),
        "{audit:?}"
    );
}

#[test]
fn a_click_on_the_review_tab_while_a_reply_is_typed_decides_no_invitation() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let (before, anna) = {
        let store = Store::open_read_only(&db).expect("db");
        let anna = store.member_by_email(ANNA).expect("db").expect("anna");
        (store.flagged_count(Some(anna.id)).expect("count"), anna.id)
    };
    assert!(before > 0, "the demo holds some invitations for review");
    let tmux = Tmux::start("click-under-prompt", &db, "en");
    let screen = tmux.wait_for("DEMO DATA");
    tmux.keys(&["5"]);
    tmux.wait_for("r: reply");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply:");
    tmux.type_text("Thanks, fixed.");
    tmux.wait_for("Thanks, fixed.▏");
    // A left click on the Review tab, as the terminal reports it (SGR mouse).
    let tab_bar = screen.lines().nth(1).expect("the tab bar");
    let column = tab_bar
        .find("Review")
        .map(|at| tab_bar[..at].chars().count() + 1)
        .expect("the Review tab");
    tmux.type_text(&format!("\x1b[<0;{column};2M\x1b[<0;{column};2m"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("saved; it waits");
    let screen = tmux.screen();
    assert!(
        screen.contains("Conversation"),
        "still on Tickets:\n{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_exit();

    let store = Store::open_read_only(&db).expect("db");
    assert_eq!(
        store.flagged_count(Some(anna)).expect("count"),
        before,
        "no invitation was decided"
    );
    let audit = store.audit_log(0, 20).expect("audit");
    assert!(
        audit.iter().all(|e| e.note != "Thanks, fixed."),
        "{audit:?}"
    );
    let replied = store.tickets(0, 100).expect("tickets").iter().any(|t| {
        store
            .ticket_messages(t.id)
            .expect("messages")
            .iter()
            .any(|m| m.body == "Thanks, fixed.")
    });
    assert!(replied, "the reply reached its ticket");
}

#[test]
fn esc_always_leaves_a_text_field_and_q_then_quits() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    // Open, Tab, Esc, q: the console is gone.
    let tmux = Tmux::start("focus", &db, "en");
    tmux.wait_for("DEMO DATA");
    tmux.keys(&["Tab"]);
    tmux.wait_for("New group invitation");
    tmux.keys(&["Escape"]);
    tmux.keys(&["q"]);
    tmux.wait_exit();

    // The FAQ opens with the keyboard in its search box: there q is a
    // letter, Esc leaves the box (the query stays), and then q quits.
    let tmux = Tmux::start("focus-faq", &db, "en");
    tmux.wait_for("DEMO DATA");
    tmux.keys(&["6"]);
    tmux.type_text("gmail q");
    tmux.wait_for("gmail q▏");
    tmux.keys(&["Escape"]);
    // The hint line offers q again once the keyboard is out of the box.
    tmux.wait_for("q: quit");
    tmux.keys(&["q"]);
    tmux.wait_exit();

    // A second Esc clears the search and stays out of it: the next digit
    // switches the screen and q quits, neither is typed into the box.
    let tmux = Tmux::start("focus-faq-twice", &db, "en");
    tmux.wait_for("DEMO DATA");
    tmux.keys(&["6"]);
    tmux.type_text("gmail");
    tmux.wait_for("gmail▏");
    tmux.keys(&["Escape"]);
    tmux.wait_for("q: quit");
    tmux.keys(&["Escape"]);
    tmux.keys(&["5"]);
    tmux.wait_for("u: unanswered questions");
    tmux.keys(&["6"]);
    tmux.keys(&["q"]);
    tmux.wait_exit();
}

#[test]
fn an_event_the_desk_refuses_is_said_in_the_consoles_language() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let tmux = Tmux::start("event", &db, "de");
    tmux.wait_for("DEMODATEN");
    tmux.keys(&["4"]);
    tmux.wait_for("Kommende offizielle Events");
    // Anna is Berlin's ambassador: a new event with a time, but no title
    // and no place, reaches the desk, which refuses it.
    tmux.keys(&["n"]);
    tmux.keys(&["Enter", "Enter"]);
    tmux.type_text("2030-01-15 19:00");
    tmux.keys(&["Enter", "Enter", "Enter"]);
    let screen = tmux.wait_for("Ein Event braucht einen Titel und einen Ort.");
    assert!(!screen.contains("an event needs"), "{screen}");
}

#[test]
fn on_a_real_database_the_console_knows_the_moderator_from_the_os_account() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("community.db");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/community.toml");
    let out = run(&["import", "--db", db.to_str().expect("path"), fixture]);
    assert!(out.status.success(), "{}", stderr(&out));
    let me = Command::new("id").arg("-un").output().expect("id -un");
    let me = String::from_utf8_lossy(&me.stdout).trim().to_string();

    // Not linked yet: a refusal that names the command to run, and no picker.
    let tmux = Tmux::run(
        "identity",
        &format!(
            "console --db {} --lang en; echo EXIT=$?; sleep 60",
            db.display()
        ),
        "en",
    );
    let screen = tmux.wait_for("EXIT=");
    assert!(
        screen.contains(&format!("\"{me}\" is not linked to a moderator")),
        "{screen}"
    );
    assert!(
        screen.contains(&format!(
            "helpdesk moderators link --db {} --os-user {me} EMAIL",
            db.display()
        )),
        "{screen}"
    );
    assert!(screen.contains("EXIT=1"), "{screen}");
    drop(tmux);

    // --as is for demo databases only.
    let tmux = Tmux::run(
        "identity-as",
        &format!(
            "console --db {} --as carla@example.org --lang en; echo EXIT=$?; sleep 60",
            db.display()
        ),
        "en",
    );
    let screen = tmux.wait_for("EXIT=");
    assert!(
        screen.contains("--as works on demo databases only"),
        "{screen}"
    );
    drop(tmux);

    // Linked: the console opens as that moderator.
    let out = run(&[
        "moderators",
        "link",
        "--db",
        db.to_str().expect("path"),
        "--os-user",
        &me,
        "carla@example.org",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let tmux = Tmux::run(
        "identity-ok",
        &format!("console --db {} --lang en", db.display()),
        "en",
    );
    let screen = tmux.wait_for("Carla Diaz <carla@example.org>");
    assert!(!screen.contains("DEMO DATA"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_exit();
}

#[test]
fn a_closed_ticket_of_a_member_without_discord_is_reopened_with_o_and_then_takes_a_reply() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    // The one closed ticket sits at the bottom of the list; a member
    // without Discord could never reopen it by writing.
    let ticket = {
        let mut store = Store::open(&db).expect("db");
        let anna = store.member_by_email(ANNA).expect("db").expect("anna");
        let tickets = store.tickets(0, 100).expect("tickets");
        let by_mail = tickets.iter().find(|t| {
            t.requester
                .strip_prefix(desk::store::MEMBER_REQUESTER_PREFIX)
                .and_then(|id| id.parse().ok())
                .and_then(|id| store.member(desk::MemberId(id)).ok())
                .is_some_and(|m| m.discord_id.is_none())
        });
        let ticket = by_mail.or(tickets.first()).expect("demo tickets").id;
        store
            .close_ticket(ticket, anna.id, clock::now())
            .expect("close");
        ticket
    };
    let tmux = Tmux::start("reopen", &db, "en");
    tmux.wait_for("DEMO DATA");
    tmux.keys(&["5"]);
    tmux.wait_for("o: reopen");
    tmux.keys(&["End"]);
    // Closing it again is refused: the member is not told twice.
    tmux.keys(&["c"]);
    tmux.wait_for(&format!(
        "Ticket #{ticket} is already closed; nothing was changed"
    ));
    // A reply is refused, and the refusal says how to reopen, with a
    // command for this console's database.
    tmux.keys(&["r"]);
    tmux.type_text("Have you tried again?");
    tmux.keys(&["Enter"]);
    let said = tmux.wait_for(&format!(
        "Ticket #{ticket} is closed, so nothing was sent. Reopen it first"
    ));
    let flat = said.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!(
            "helpdesk tickets reopen {ticket} {} --as YOUR-ADDRESS.",
            locales::db_flag(&db)
        )),
        "{said}"
    );
    tmux.keys(&["o"]);
    tmux.wait_for(&format!("Ticket #{ticket} is open again"));
    // Reopened just now, it leads the list.
    tmux.keys(&["Home"]);
    tmux.keys(&["o"]);
    tmux.wait_for(&format!("Ticket #{ticket} is already open"));
    tmux.keys(&["r"]);
    tmux.type_text("Have you tried again?");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("Reply to ticket #{ticket} saved"));
    tmux.keys(&["q"]);
    tmux.wait_exit();

    let store = Store::open_read_only(&db).expect("db");
    let t = store.ticket(ticket).expect("ticket");
    assert_eq!(t.status, desk::store::TicketStatus::Open);
    let messages = store.ticket_messages(ticket).expect("messages");
    assert_eq!(
        messages.last().map(|m| m.body.as_str()),
        Some("Have you tried again?"),
        "the reply after reopening is stored"
    );
    let reopened = store
        .audit_log(0, 20)
        .expect("audit")
        .into_iter()
        .find(|e| e.action == "ticket-reopened")
        .expect("the reopening is logged");
    assert_eq!(reopened.target, format!("ticket:{ticket}"));
    assert_eq!(reopened.moderator.as_deref(), Some("Anna Berg"));
}

#[test]
fn a_long_ticket_conversation_opens_at_its_newest_message_and_scrolls_to_its_start() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let mut store = Store::open(&db).expect("db");
    let anna = store.member_by_email(ANNA).expect("db").expect("anna");
    let ticket = store.tickets(0, 100).expect("tickets")[0].id;
    let reply = |store: &mut Store, n: u32| {
        store
            .reply_to_ticket(
                ticket,
                anna.id,
                &format!("Antwort Nummer {n:02}."),
                clock::now(),
            )
            .expect("reply");
    };
    for n in 1..=60 {
        reply(&mut store, n);
    }
    let row = store
        .tickets(0, 500)
        .expect("tickets")
        .iter()
        .position(|t| t.id == ticket)
        .expect("listed");
    drop(store);
    let tmux = Tmux::start("long-conversation", &db, "de");
    tmux.wait_for("DEMODATEN");
    tmux.keys(&["5"]);
    tmux.wait_for("m: mir zuweisen");
    for _ in 0..row {
        tmux.keys(&["Down"]);
    }
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Antwort Nummer 60.");
    assert!(
        screen.contains(&format!("Verlauf #{} ↑", ticket.0)),
        "{screen}"
    );
    assert!(!screen.contains("Antwort Nummer 01."), "{screen}");
    assert!(screen.contains("↑/↓/PgUp/PgDn: scrollen"), "{screen}");
    tmux.keys(&["Home"]);
    let screen = tmux.wait_for("Antwort Nummer 01.");
    assert!(!screen.contains("Antwort Nummer 60."), "{screen}");
    tmux.keys(&["End"]);
    tmux.wait_for("Antwort Nummer 60.");
    // Another process writes while it is read at its end, within a second
    // of the screen being shown: the new message comes into view.
    let out = run(&[
        "tickets",
        "reply",
        "--db",
        db.to_str().expect("path"),
        "--as",
        ANNA,
        "--text",
        "Antwort Nummer 61.",
        &ticket.0.to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    tmux.wait_for("Antwort Nummer 61.");
    tmux.keys(&["q"]);
    tmux.wait_exit();
}

#[test]
fn the_chat_recalls_earlier_questions_with_the_up_arrow() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("chat.db");
    let tmux = Tmux::run("chat", &format!("chat --db {}", db.display()), "en");
    tmux.wait_for("Ask a question");
    tmux.type_text("How do I reset my password?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Helpful");
    tmux.type_text("My Gmail contacts won't sync");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Gmail contacts won't synchronise ==");
    let answers = |text: &str| {
        text.matches("== I forgot my password").count() + text.matches("== Forgot").count()
    };
    let asked = |text: &str| text.matches("> How do I reset my password?").count();
    let before = tmux.history();
    assert_eq!(asked(&before), 1, "{before}");
    // Two steps back is the first question, typed again by the editor: the
    // prompt line (the last one) holds it, which no earlier line makes true.
    tmux.keys(&["Up", "Up"]);
    tmux.wait_until("the first question recalled on the prompt line", |screen| {
        screen
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|last| last.trim_end() == "> How do I reset my password?")
    });
    tmux.keys(&["Enter"]);
    // Asked again, and answered again: one more of each in the history.
    let after = tmux.wait_until_history("the recalled question answered", |history| {
        asked(history) == 2 && answers(history) > answers(&before)
    });
    assert!(answers(&after) >= 2, "{after}");
    tmux.keys(&["C-d"]);
    tmux.wait_exit();
}

impl Tmux {
    /// A tmux format variable of the pane, such as `#{pane_pid}`.
    fn pane(&self, format: &str) -> String {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "display-message",
                "-p",
                "-t",
                "0",
                format,
            ])
            .output()
            .expect("display-message");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

/// The process whose parent is `parent`, read from /proc (no procps needed).
fn child_of(parent: &str) -> String {
    let children: Vec<String> = std::fs::read_dir("/proc")
        .expect("/proc")
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_string_lossy().into_owned();
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // The fourth field, after the command name in parentheses.
            let after_name = &stat[stat.rfind(')')? + 1..];
            let ppid = after_name.split_whitespace().nth(1)?;
            (ppid == parent).then_some(pid)
        })
        .collect();
    assert_eq!(
        children.len(),
        1,
        "one process under {parent}: {children:?}"
    );
    children.into_iter().next().unwrap_or_default()
}

/// Sends `signal` (TERM, KILL) through the shell's own `kill`.
fn signal(pid: &str, signal: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("kill -{signal} {pid}")])
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn sigterm_restores_the_terminal_and_exits_cleanly() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    // A shell runs the console and then says how it ended, on whatever
    // screen the console left behind.
    let binary = env!("CARGO_BIN_EXE_helpdesk");
    let tmux = Tmux::spawn(
        "sigterm",
        &format!(
            "{binary} console --db {} --as {ANNA} --lang en; echo \"console ended: $?\"; sleep 60",
            db.display()
        ),
        "en",
    );
    tmux.wait_for("DEMO DATA");
    assert_eq!(
        tmux.pane("#{alternate_on}"),
        "1",
        "the console draws on the alternate screen"
    );
    let console = child_of(&tmux.pane("#{pane_pid}"));
    assert!(signal(&console, "TERM"), "no console process {console}");
    let screen = tmux.wait_for("console ended:");
    assert!(
        screen.contains("console ended: 0"),
        "a clean exit, not death by signal:\n{screen}"
    );
    assert_eq!(
        tmux.pane("#{alternate_on}"),
        "0",
        "back on the normal screen"
    );
    assert_eq!(
        tmux.pane("#{mouse_any_flag}"),
        "0",
        "mouse reporting switched off"
    );
}

#[test]
fn a_closed_terminal_ends_the_console() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let binary = env!("CARGO_BIN_EXE_helpdesk");
    let tmux = Tmux::spawn(
        "hangup",
        &format!(
            "{binary} console --db {} --as {ANNA} --lang en; sleep 60",
            db.display()
        ),
        "en",
    );
    tmux.wait_for("DEMO DATA");
    let console = child_of(&tmux.pane("#{pane_pid}"));
    // The terminal goes away (the window is closed, ssh drops).
    drop(tmux);
    let deadline = Instant::now() + Duration::from_secs(10);
    while Path::new(&format!("/proc/{console}")).exists() {
        if Instant::now() > deadline {
            signal(&console, "KILL");
            panic!("the console kept running without its terminal");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_database_failure_after_opening_names_the_file_once_in_the_consoles_language() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    common::damage::damage_table(&db, "tickets");
    let tmux = Tmux::start("damaged", &db, "de");
    tmux.wait_for("DEMODATEN");
    tmux.keys(&["5"]);
    let said = format!("{}: die Datenbank ist beschädigt", db.display());
    let screen = tmux.wait_for(&said);
    let line = screen
        .lines()
        .find(|line| line.contains(&said))
        .expect("the status line");
    assert_eq!(line.matches(&db.display().to_string()).count(), 1, "{line}");
    assert!(!screen.contains("database disk image"), "{screen}");
    tmux.keys(&["C-c"]);
    tmux.wait_exit();
}

#[test]
fn a_database_failure_while_starting_names_the_file_once_in_the_chosen_language() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    // The FAQ's linked phrasings are read before the first frame.
    common::damage::damage_table(&db, "unanswered_questions");
    let err = dir.path().join("stderr.txt");
    let binary = env!("CARGO_BIN_EXE_helpdesk");
    let tmux = Tmux::spawn(
        "damaged-start",
        &format!(
            "{binary} console --db {} --as {ANNA} --lang de 2>{}; echo \"exit $?\"; sleep 60",
            db.display(),
            err.display()
        ),
        "en",
    );
    tmux.wait_for("exit 1");
    assert_eq!(
        std::fs::read_to_string(&err).expect("stderr"),
        format!("Fehler: {}: die Datenbank ist beschädigt\n", db.display())
    );
}

#[test]
fn a_key_files_mistakes_are_said_in_the_chosen_language_at_their_lines() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo_db(dir.path());
    let keys = dir.path().join("keys.toml");
    std::fs::write(&keys, "[review]\napprove = [\"a\"]\nfly = [\"f\"]\n").expect("keys");
    // The key file is read before the terminal is needed, so no tmux.
    let out = run(&[
        "console",
        "--db",
        db.to_str().expect("path"),
        "--as",
        ANNA,
        "--lang",
        "de",
        "--keys",
        keys.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "Fehler: {}:3: Eine Aktion namens „fly“ gibt es nicht\n",
            keys.display()
        )
    );
}
