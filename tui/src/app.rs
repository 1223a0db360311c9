//! The router: it owns the screens and what they share, turns a terminal
//! event into an action through the keymap, hands it to the screen in
//! front, and handles what belongs to no screen (tabs, help, the command
//! palette, the bottom-line prompt, quitting). It never draws and never
//! reads a clock: time arrives in [`Msg::Tick`].

use crate::keymap::{Action, GLOBAL, Key, Keymap, LIST, fuzzy};
use crate::screens::bonus::BonusScreen;
use crate::screens::events::EventsScreen;
use crate::screens::faq::FaqScreen;
use crate::screens::groups::GroupsScreen;
use crate::screens::invite::Composer;
use crate::screens::picker::Picker;
use crate::screens::review::ReviewScreen;
use crate::screens::tickets::TicketsScreen;
use crate::screens::{Ask, Ctx, Out, Screen, Status};
use crate::widgets::{ListArea, edit, edits_text, scrolled};
use crate::worker::{Done, Job, Knowledge, Worker};
use desk::clock::local::Zone;
use desk::clock::{self, Timestamp};
use desk::records::Member;
use locales::{Lang, Localizer};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use std::cell::Cell;
use std::sync::Arc;

/// The smallest terminal the console draws in.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// The screens, in tab order. Adding a screen is one line here.
fn screens() -> Vec<Box<dyn Screen>> {
    vec![
        Box::new(GroupsScreen::default()),
        Box::new(Composer::default()),
        Box::new(ReviewScreen::default()),
        Box::new(EventsScreen::default()),
        Box::new(TicketsScreen::default()),
        Box::new(FaqScreen::default()),
        Box::new(BonusScreen::default()),
    ]
}

/// A message: something happened.
#[derive(Debug)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// The mouse did something.
    Mouse(MouseEvent),
    /// The terminal has a new size.
    Resize(u16, u16),
    /// Slow work came back.
    Done(Done),
    /// The time now.
    Tick(Timestamp),
    /// Where the last frame drew what can be clicked.
    Drawn(Hits),
}

/// Where the last frame drew its tabs and its list, for the mouse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    /// Each tab's cell on the tab bar.
    pub tabs: Vec<Rect>,
    /// The list of the screen in front (or the picker).
    pub list: Option<ListArea>,
    /// Rows a page showed: the list's, else the screen's inside its frame
    /// (none when nothing but the request to grow was drawn).
    pub page: usize,
}

/// The command palette: a fuzzy search over the actions of the screen in front.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Palette {
    /// What is typed.
    pub query: String,
    /// The highlighted entry.
    pub selected: usize,
}

/// The whole console.
pub struct App {
    /// What the screens share.
    pub ctx: Ctx,
    /// A demo database (the title bar says so).
    pub demo: bool,
    /// The terminal size.
    pub size: (u16, u16),
    /// The moderator picker (demo databases).
    pub picker: Picker,
    /// The screens, in tab order.
    pub screens: Vec<Box<dyn Screen>>,
    /// The screen in front.
    pub tab: usize,
    /// The open bottom-line question.
    pub ask: Option<Ask>,
    /// The status line.
    pub status: Option<Status>,
    /// The help overlay.
    pub help: bool,
    /// How many lines the help is scrolled down.
    pub help_scroll: usize,
    /// How far the help can be scrolled, as the last frame drew it.
    pub help_extent: Cell<usize>,
    /// The command palette.
    pub palette: Option<Palette>,
    /// Asking whether to quit and lose a draft.
    pub confirm_quit: bool,
    /// Asking whether Esc may throw away what is typed on the bottom line.
    pub confirm_drop: bool,
    /// What the bottom-line question was opened with (a prefilled
    /// phrasing or article): Esc on it as it was loses nothing.
    pub ask_opened_with: String,
    /// Time to go.
    pub quit: bool,
    /// What the last frame drew where.
    pub hits: Hits,
}

impl App {
    /// A console for `me` (or a picker when none is given).
    pub fn new(
        l: Arc<Localizer>,
        lang: Lang,
        demo: bool,
        me: Option<Member>,
        knowledge: Arc<Knowledge>,
    ) -> App {
        App {
            ctx: Ctx {
                l,
                lang,
                me,
                groups: Vec::new(),
                now: clock::from_unix(0),
                zone: Zone::utc(),
                knowledge,
                page: list_height(MIN_SIZE.1),
                keymap: Arc::new(Keymap::default()),
                db_flag: String::new(),
            },
            demo,
            size: MIN_SIZE,
            picker: Picker::default(),
            screens: screens(),
            tab: 0,
            ask: None,
            status: None,
            help: false,
            help_scroll: 0,
            help_extent: Cell::new(0),
            palette: None,
            confirm_quit: false,
            confirm_drop: false,
            ask_opened_with: String::new(),
            quit: false,
            hits: Hits::default(),
        }
    }

    /// The same console in the moderator's time zone.
    pub fn with_zone(mut self, zone: Zone) -> App {
        self.ctx.zone = zone;
        self
    }

    /// The same console on the database at `path`, which the commands it
    /// suggests name.
    pub fn with_database(mut self, path: &std::path::Path) -> App {
        self.ctx.db_flag = format!(" {}", locales::db_flag(path));
        self
    }

    /// The same console with other keys.
    pub fn with_keymap(mut self, keymap: Keymap) -> App {
        self.ctx.keymap = Arc::new(keymap);
        self
    }

    /// The jobs to run at start.
    pub fn start(&mut self) -> Vec<Job> {
        match self.ctx.me() {
            Some(_) => self.load_all(),
            None => vec![Job::Moderators],
        }
    }

    fn load_all(&mut self) -> Vec<Job> {
        let mut jobs: Vec<Job> = self.ctx.me().map(Job::Groups).into_iter().collect();
        for s in &mut self.screens {
            jobs.extend(s.load(&self.ctx));
        }
        jobs
    }

    /// The screen of type `T`.
    pub fn screen<T: Screen>(&self) -> Option<&T> {
        self.screens
            .iter()
            .find_map(|s| (&**s as &dyn std::any::Any).downcast_ref::<T>())
    }

    /// The screen of type `T`, to change.
    pub fn screen_mut<T: Screen>(&mut self) -> Option<&mut T> {
        self.screens
            .iter_mut()
            .find_map(|s| (&mut **s as &mut dyn std::any::Any).downcast_mut::<T>())
    }

    /// The screen in front.
    pub fn current(&self) -> &dyn Screen {
        &*self.screens[self.tab]
    }

    /// The keymap scope in force: the picker's or the screen's.
    pub fn scope(&self) -> &'static str {
        if self.ctx.me.is_none() {
            "picker"
        } else {
            self.current().id()
        }
    }

    /// Whether a text field has the keyboard, so letters are not commands.
    pub fn typing(&self) -> bool {
        self.ask.is_some()
            || self.palette.is_some()
            || (self.ctx.me.is_some() && self.current().typing())
    }

    /// Runs `jobs` here and now, and the jobs their answers lead to, until
    /// the console is settled: the worker thread's loop without the thread,
    /// for tests and benches.
    pub fn settle(&mut self, worker: &mut Worker, mut jobs: Vec<Job>) {
        while !jobs.is_empty() {
            let mut next = Vec::new();
            for job in jobs {
                let done = worker.perform(job);
                next.extend(self.update(Msg::Done(done)));
            }
            jobs = next;
        }
    }

    /// Handles one message; returns the slow work it needs.
    pub fn update(&mut self, msg: Msg) -> Vec<Job> {
        match msg {
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.ctx.page = list_height(h);
                Vec::new()
            }
            Msg::Tick(now) => {
                self.ctx.now = now;
                let mut out = Out::default();
                if self.ctx.me.is_some() {
                    self.screens[self.tab].tick(&self.ctx, &mut out);
                }
                self.apply(out)
            }
            Msg::Drawn(hits) => {
                // A message that wraps onto two or three rows, or a search
                // box above the list, leaves fewer rows than the window
                // minus its fixed lines: a page is what was drawn.
                if hits.page > 0 {
                    self.ctx.page = hits.page;
                }
                self.hits = hits;
                Vec::new()
            }
            Msg::Done(done) => self.done(done),
            Msg::Mouse(mouse) => self.mouse(mouse),
            Msg::Key(key) if key.kind == KeyEventKind::Release => Vec::new(),
            Msg::Key(key) => self.key(key),
        }
    }

    fn apply(&mut self, out: Out) -> Vec<Job> {
        if let Some(status) = out.status {
            self.status = Some(status);
        }
        if let Some(ask) = out.ask {
            self.ask_opened_with = ask.text.clone();
            self.ask = Some(ask);
        }
        out.jobs
    }

    fn done(&mut self, done: Done) -> Vec<Job> {
        let mut out = Out::default();
        let mut left = match done {
            Done::Failed(job, why) => {
                self.status = Some(Status::Error(why.words(&self.ctx.l, self.ctx.lang)));
                for s in &mut self.screens {
                    s.failed(&job);
                }
                return Vec::new();
            }
            Done::Moderators(list) => {
                self.picker.moderators = list;
                return Vec::new();
            }
            other => Some(other),
        };
        for s in &mut self.screens {
            match left.take() {
                Some(done) => left = s.done(&self.ctx, done, &mut out),
                None => break,
            }
        }
        if let Some(Done::Groups(groups)) = left {
            self.ctx.groups = groups;
        }
        self.apply(out)
    }

    fn mouse(&mut self, mouse: MouseEvent) -> Vec<Job> {
        // A prompt, the palette or the quit question has the keyboard: a click
        // or a scroll beneath it must not change the screen or the row its
        // Enter acts on (a reply's Enter on the Review tab rejected an invitation).
        if self.ask.is_some()
            || self.palette.is_some()
            || self.confirm_quit
            || self.confirm_drop
            || self.too_small()
        {
            return Vec::new();
        }
        let (column, row) = (mouse.column, mouse.row);
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(tab) = self.hits.tabs.iter().position(|r| {
                    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
                }) {
                    return self.switch_tab(tab);
                }
                let Some(at) = self.hits.list.and_then(|l| l.hit(column, row)) else {
                    return Vec::new();
                };
                if self.ctx.me.is_none() {
                    return match self.picker.click(at) {
                        Some(me) => self.become_moderator(me),
                        None => Vec::new(),
                    };
                }
                let mut out = Out::default();
                self.screens[self.tab].click(&self.ctx, at, &mut out);
                self.apply(out)
            }
            MouseEventKind::ScrollDown => self.run(Action::Down),
            MouseEventKind::ScrollUp => self.run(Action::Up),
            _ => Vec::new(),
        }
    }

    fn switch_tab(&mut self, tab: usize) -> Vec<Job> {
        if tab >= self.screens.len() || self.ctx.me.is_none() {
            return Vec::new();
        }
        self.tab = tab;
        self.help = false;
        self.screens[tab].shown(&self.ctx)
    }

    fn become_moderator(&mut self, me: Member) -> Vec<Job> {
        self.ctx.me = Some(me);
        self.load_all()
    }

    /// Whether the terminal is below [`MIN_SIZE`], where nothing but the request to grow it is drawn.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1
    }

    fn ask_to_quit(&mut self) {
        // A reply or a note typed on the bottom line is a draft too.
        let typed = self.ask.as_ref().is_some_and(|a| !a.text.trim().is_empty());
        if typed || self.screens.iter().any(|s| s.has_draft()) {
            self.confirm_quit = true;
        } else {
            self.quit = true;
        }
    }

    fn key(&mut self, key: KeyEvent) -> Vec<Job> {
        if self.confirm_quit {
            match key.code {
                KeyCode::Char('y' | 'j') | KeyCode::Enter => self.quit = true,
                _ => self.confirm_quit = false,
            }
            return Vec::new();
        }
        // Below the smallest size only the request to grow the window is
        // drawn: a key would act on a screen nobody sees (Ctrl-S sends, Enter
        // decides), so only Ctrl-C works there.
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        if self.too_small() && !ctrl_c {
            return Vec::new();
        }
        // A message is read until the next key; then the hint line is back,
        // and an old message never stands on another screen or in the other language.
        self.status = None;
        // Ctrl-C is not in the keymap: it must work from anywhere, always.
        if ctrl_c {
            self.confirm_drop = false;
            self.ask_to_quit();
            return Vec::new();
        }
        if self.confirm_drop {
            // Only yes throws the typed text away: the question says any
            // other key goes back to it, and Enter is what a writer presses
            // to carry on.
            self.confirm_drop = false;
            if matches!(key.code, KeyCode::Char('y' | 'j')) {
                self.ask = None;
            }
            return Vec::new();
        }
        // A terminal sends Esc and then a letter as the same bytes as Alt and
        // that letter; when they arrive together (a quick typist, a slow ssh
        // link) crossterm reports Alt. Without an Alt binding, it was meant as two keys.
        if let Some((esc, letter)) = self.split_escape(&key) {
            let mut jobs = self.key(esc);
            if !self.quit {
                jobs.extend(self.key(letter));
            }
            return jobs;
        }
        if let Some(palette) = self.palette.take() {
            return self.palette_key(key, palette);
        }
        if let Some(ask) = self.ask.take() {
            return self.ask_key(key, ask);
        }
        let typing = self.typing();
        if typing && edits_text(&key) {
            let mut out = Out::default();
            self.screens[self.tab].type_key(&self.ctx, &key, &mut out);
            return self.apply(out);
        }
        let Some(action) = self.ctx.keymap.action(self.scope(), Key::of(&key)) else {
            return Vec::new();
        };
        if self.help {
            // Only leaving the help, scrolling it (at 80x24 it is longer
            // than the window) or quitting passes through it.
            let end = self.help_extent.get();
            if let Some(to) = scrolled(action, self.help_scroll, end, self.ctx.page) {
                self.help_scroll = to;
                return Vec::new();
            }
            match action {
                Action::Help | Action::Back => self.help = false,
                Action::Quit => self.ask_to_quit(),
                _ => {}
            }
            return Vec::new();
        }
        self.run(action)
    }

    /// Esc and the plain key, when `key` is Alt and a letter that no binding claims.
    fn split_escape(&self, key: &KeyEvent) -> Option<(KeyEvent, KeyEvent)> {
        let KeyCode::Char(_) = key.code else {
            return None;
        };
        let extra = key.modifiers - KeyModifiers::ALT - KeyModifiers::SHIFT;
        if !key.modifiers.contains(KeyModifiers::ALT) || !extra.is_empty() {
            return None;
        }
        if self.ctx.keymap.action(self.scope(), Key::of(key)).is_some() {
            return None;
        }
        let mut letter = *key;
        letter.modifiers.remove(KeyModifiers::ALT);
        let esc = KeyEvent::new_with_kind(KeyCode::Esc, KeyModifiers::NONE, key.kind);
        Some((esc, letter))
    }

    /// Runs an action: a global one here, any other on the screen in front.
    pub fn run(&mut self, action: Action) -> Vec<Job> {
        match action {
            Action::Quit => {
                self.ask_to_quit();
                return Vec::new();
            }
            Action::Help => {
                self.help = !self.help;
                self.help_scroll = 0;
                return Vec::new();
            }
            Action::Palette => {
                self.palette = Some(Palette::default());
                return Vec::new();
            }
            Action::Language => {
                self.ctx.lang = self.ctx.lang.other();
                return Vec::new();
            }
            _ => {}
        }
        if self.ctx.me.is_none() {
            if action == Action::Back {
                self.quit = true;
                return Vec::new();
            }
            return match self.picker.act(&self.ctx, action) {
                Some(me) => self.become_moderator(me),
                None => Vec::new(),
            };
        }
        let n = self.screens.len();
        match action {
            Action::NextTab => self.switch_tab((self.tab + 1) % n),
            Action::PrevTab => self.switch_tab((self.tab + n - 1) % n),
            Action::Tab(k) => self.switch_tab(usize::from(k).saturating_sub(1)),
            other => {
                let mut out = Out::default();
                self.screens[self.tab].act(&self.ctx, other, &mut out);
                self.apply(out)
            }
        }
    }

    fn ask_key(&mut self, key: KeyEvent, mut ask: Ask) -> Vec<Job> {
        match key.code {
            // A typed reply is a draft, as for Ctrl-C: Esc asks before it is
            // lost (an empty prompt, or one only prefilled, closes at once).
            KeyCode::Esc if !ask.text.trim().is_empty() && ask.text != self.ask_opened_with => {
                self.ask = Some(ask);
                self.confirm_drop = true;
                Vec::new()
            }
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter => {
                let mut out = Out::default();
                self.screens[self.tab].answer(&self.ctx, ask, &mut out);
                self.apply(out)
            }
            _ => {
                edit(&mut ask.text, &key);
                self.ask = Some(ask);
                Vec::new()
            }
        }
    }

    /// The palette's entries for its query: actions of the screen in front,
    /// its list keys and the global ones, best match first.
    pub fn palette_entries(&self, query: &str) -> Vec<(Action, String)> {
        let scope = self.scope();
        let mut seen = Vec::new();
        let mut entries = Vec::new();
        for s in [scope, LIST, GLOBAL] {
            for (action, _) in self.ctx.keymap.scope(s) {
                if seen.contains(&action) || action == Action::Palette || !self.offers(action) {
                    continue;
                }
                seen.push(action);
                let name = self.action_name(action);
                if let Some(score) = fuzzy(query, &name) {
                    entries.push((score, action, name));
                }
            }
        }
        entries.sort_by_key(|e| std::cmp::Reverse(e.0));
        entries.into_iter().map(|(_, a, n)| (a, n)).collect()
    }

    /// Whether the action leads anywhere: the digits 8 and 9 are bound
    /// for screens still to come, and the help and the palette leave them
    /// out until there is one.
    pub fn offers(&self, action: Action) -> bool {
        match action {
            Action::Tab(n) => usize::from(n) <= self.screens.len(),
            _ => true,
        }
    }

    /// What an action does, in the UI language: the moving keys say that
    /// they scroll while the screen in front shows a text that scrolls.
    pub fn action_name(&self, action: Action) -> String {
        let scrolling = self.ctx.me.is_some() && self.current().scrolls();
        let scroll = match action {
            Action::Up => Some("console-action-scroll-up"),
            Action::Down => Some("console-action-scroll-down"),
            Action::PageUp => Some("console-action-scroll-page-up"),
            Action::PageDown => Some("console-action-scroll-page-down"),
            Action::First => Some("console-action-scroll-first"),
            Action::Last => Some("console-action-scroll-last"),
            _ => None,
        };
        if let (true, Some(id)) = (scrolling, scroll) {
            return self.ctx.text(id);
        }
        match action {
            Action::Tab(n) => {
                let name = self
                    .screens
                    .get(usize::from(n).saturating_sub(1))
                    .map(|s| self.ctx.text(&format!("console-tab-{}", s.id())))
                    .unwrap_or_default();
                self.ctx
                    .fmt("console-action-tab", &[("screen", name.into())])
            }
            other => self.ctx.text(other.fluent_id()),
        }
    }

    fn palette_key(&mut self, key: KeyEvent, mut palette: Palette) -> Vec<Job> {
        let count = self.palette_entries(&palette.query).len();
        match key.code {
            KeyCode::Esc => return Vec::new(),
            KeyCode::Enter => {
                let chosen = self
                    .palette_entries(&palette.query)
                    .get(palette.selected)
                    .map(|(a, _)| *a);
                return match chosen {
                    Some(action) => self.run(action),
                    None => Vec::new(),
                };
            }
            KeyCode::Up => palette.selected = palette.selected.saturating_sub(1),
            KeyCode::Down => palette.selected = (palette.selected + 1).min(count.saturating_sub(1)),
            _ => {
                if edit(&mut palette.query, &key) {
                    palette.selected = 0;
                }
            }
        }
        self.palette = Some(palette);
        Vec::new()
    }
}

/// Rows a list shows before a frame is drawn: the body minus its frame,
/// under a one-row status line.
fn list_height(rows: u16) -> usize {
    usize::from(rows.saturating_sub(6))
}

#[cfg(test)]
mod tests;
