//! The screens, one module each. A screen owns its state, turns actions,
//! typed keys, clicks and worker answers into state and [`Job`]s (its
//! `update` side, pure: time comes in [`Ctx::now`]) and draws itself (its
//! `view` side). Screens never call each other; what they share (who I am,
//! my groups, the words, the clock) is in [`Ctx`], which the router owns.

pub mod bonus;
pub mod events;
pub mod faq;
pub mod groups;
pub mod invite;
pub mod picker;
pub mod review;
pub mod tickets;

use crate::keymap::{Action, Keymap};
use crate::widgets::ListArea;
use crate::worker::{Done, Job, Knowledge};
use desk::clock::Timestamp;
use desk::clock::local::Zone;
use desk::records::{AmbassadorKind, Member, MemberId, Role};
use desk::store::community::MyGroup;
use locales::{FluentValue, Lang, Localizer};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use std::any::Any;
use std::sync::Arc;

/// What every screen may read: the words, who I am, my groups, the time.
pub struct Ctx {
    /// The words.
    pub l: Arc<Localizer>,
    /// The UI language.
    pub lang: Lang,
    /// The moderator, once known.
    pub me: Option<Member>,
    /// My groups (loaded once, shared by the composer and the event form).
    pub groups: Vec<MyGroup>,
    /// The time of the latest message; `update` never reads a clock.
    pub now: Timestamp,
    /// The moderator's time zone: times show in it and typed times are read in it.
    pub zone: Zone,
    /// The FAQ, for side-by-side articles.
    pub knowledge: Arc<Knowledge>,
    /// Rows a list shows, for paging.
    pub page: usize,
    /// The keys, so that a hint names the ones in force.
    pub keymap: Arc<Keymap>,
    /// ` --db PATH` for a command the console suggests, so that it works
    /// on the console's database when pasted.
    pub db_flag: String,
}

impl Ctx {
    /// The keys of `action` on `scope`'s screen, as the help shows them.
    pub fn keys(&self, scope: &str, action: Action) -> String {
        self.keymap.keys_for(scope, action)
    }

    /// A message without variables.
    pub fn text(&self, id: &str) -> String {
        self.l.text(self.lang, id)
    }

    /// A message with variables.
    pub fn fmt(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.l.format(self.lang, id, args)
    }

    /// My member id.
    pub fn me(&self) -> Option<MemberId> {
        self.me.as_ref().map(|m| m.id)
    }

    /// A date and time as the console shows it: in my zone, the zone named
    /// (`November 22, 2026 13:00 CET`).
    pub fn when(&self, at: Timestamp) -> String {
        let local = self.zone.local(at);
        format!(
            "{} {}",
            self.l.date(self.lang, local.date()),
            local.clock_text()
        )
    }

    /// A date as the console shows it, in my zone.
    pub fn day(&self, at: Timestamp) -> String {
        self.l.date(self.lang, self.zone.local(at).date())
    }

    /// A role's name.
    pub fn role(&self, role: Role) -> String {
        self.text(match role {
            Role::Member => "console-role-member",
            Role::Moderator => "console-role-moderator",
            Role::Ambassador(AmbassadorKind::Regional) => "console-role-regional",
            Role::Ambassador(AmbassadorKind::Xpert) => "console-role-xpert",
        })
    }

    /// The groups where I am an ambassador (where I may create events).
    pub fn ambassador_groups(&self) -> Vec<&MyGroup> {
        self.groups
            .iter()
            .filter(|g| matches!(g.role, Role::Ambassador(_)))
            .collect()
    }
}

/// A one-line question at the bottom of the screen, asked for a screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The fluent id of its label.
    pub label: &'static str,
    /// What the screen asks about (a ticket, a question), as it knows it.
    pub target: i64,
    /// What is typed in it (it may start filled in).
    pub text: String,
}

/// The status line: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Good news.
    Info(String),
    /// A problem.
    Error(String),
}

/// What a screen's update asks of the router.
#[derive(Debug, Default)]
pub struct Out {
    /// Slow work.
    pub jobs: Vec<Job>,
    /// A new status line.
    pub status: Option<Status>,
    /// A question to ask on the bottom line.
    pub ask: Option<Ask>,
}

impl Out {
    /// Queues a job.
    pub fn job(&mut self, job: Job) {
        self.jobs.push(job);
    }

    /// Shows good news.
    pub fn info(&mut self, text: String) {
        self.status = Some(Status::Info(text));
    }

    /// Shows a problem.
    pub fn error(&mut self, text: String) {
        self.status = Some(Status::Error(text));
    }
}

/// One screen of the console.
pub trait Screen: Any {
    /// Its id: the keymap scope and the tail of its tab's fluent id (`console-tab-<id>`).
    fn id(&self) -> &'static str;

    /// A count shown beside the tab's name.
    fn badge(&self) -> Option<usize> {
        None
    }

    /// The jobs that load it once the moderator is known.
    fn load(&mut self, _ctx: &Ctx) -> Vec<Job> {
        Vec::new()
    }

    /// The jobs to run when it comes to the front.
    fn shown(&mut self, _ctx: &Ctx) -> Vec<Job> {
        Vec::new()
    }

    /// Whether a text field has the keyboard, so plain letters are text.
    fn typing(&self) -> bool {
        false
    }

    /// Whether the moving keys (↑, ↓, pages, Home, End) scroll a text now,
    /// an article or a conversation, rather than move in a list.
    fn scrolls(&self) -> bool {
        false
    }

    /// Whether leaving now would lose typed work.
    fn has_draft(&self) -> bool {
        false
    }

    /// An action from the keymap or the palette.
    fn act(&mut self, ctx: &Ctx, action: Action, out: &mut Out);

    /// A key typed into its text field (plain characters and Backspace).
    fn type_key(&mut self, _ctx: &Ctx, _key: &KeyEvent, _out: &mut Out) {}

    /// A click on row `row` of the list the last view drew.
    fn click(&mut self, _ctx: &Ctx, _row: usize, _out: &mut Out) {}

    /// A worker answer; returned when it is not this screen's.
    fn done(&mut self, ctx: &Ctx, done: Done, out: &mut Out) -> Option<Done>;

    /// A job failed (the router shows why): when it is one of this screen's,
    /// the answer it waits for will not come. Every screen hears of every
    /// failure, so each looks at the job before it stops waiting.
    fn failed(&mut self, _job: &Job) {}

    /// The answer to a question it asked.
    fn answer(&mut self, _ctx: &Ctx, _ask: Ask, _out: &mut Out) {}

    /// Time passed (the clock is in `ctx`).
    fn tick(&mut self, _ctx: &Ctx, _out: &mut Out) {}

    /// Draws it; returns where its clickable list is.
    fn view(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) -> Option<ListArea>;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use desk::clock;
    use knowledge::corpus::Corpus;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    /// 2026-11-22 12:00 UTC.
    pub const NOW: i64 = 1_795_348_800;

    /// A context without a database: an empty FAQ, moderator 1, a pinned clock.
    pub fn ctx() -> Ctx {
        let l = Arc::new(Localizer::embedded().expect("locales"));
        Ctx {
            l,
            lang: Lang::En,
            me: Some(Member {
                id: MemberId(1),
                email: "anna@example.org".into(),
                name: "Anna Berg".into(),
                lang: Lang::En,
                premium: false,
                group_invitations: true,
                discord_id: None,
                seeks: String::new(),
                offers: String::new(),
                suspended: false,
            }),
            groups: Vec::new(),
            now: clock::from_unix(NOW),
            zone: Zone::utc(),
            knowledge: Arc::new(Knowledge::from_corpus(Corpus::default()).expect("faq")),
            page: 18,
            keymap: Arc::new(Keymap::default()),
            db_flag: String::new(),
        }
    }

    /// `screen` drawn in 80x20 cells, one line per row.
    pub fn drawn(ctx: &Ctx, screen: &dyn Screen) -> String {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 20)).expect("terminal");
        terminal
            .draw(|frame| {
                screen.view(ctx, frame, frame.area());
            })
            .expect("draw");
        let buffer = terminal.backend().buffer();
        (0..20u16)
            .map(|y| {
                (0..80u16)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
                    + "\n"
            })
            .collect()
    }

    /// A plain key.
    pub fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }
}
