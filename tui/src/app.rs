//! The console's state and its update function: a message in, the state
//! changed and the slow work to do out. Nothing here draws or blocks.

use crate::worker::{Done, FaqHit, Job, Knowledge, PAGE, TicketAction};
use desk::address_book::Comparison;
use desk::invitations::policy::Verdict;
use desk::records::{EventId, InvitationId, Member, Role, TicketId};
use desk::referrals::BonusProgress;
use desk::store::community::{GroupMember, MyGroup};
use desk::store::{AuditEntry, Ticket, TicketMessage, UnansweredQuestion};
use desk::store::{Event, NewEvent};
use desk::store::{FlaggedInvitation, NewsItem};
use desk::{Draft, GroupInvitation, Route, SendOutcome, clock};
use locales::{Lang, Localizer};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

/// The smallest terminal the console draws in.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// The screens, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// My groups, their members and news.
    Groups,
    /// The group-invitation composer.
    Invite,
    /// Flagged invitations.
    Review,
    /// Official events.
    Events,
    /// Support tickets and unanswered questions.
    Tickets,
    /// Bilingual FAQ search.
    Faq,
    /// Referral bonus and address-book comparison.
    Bonus,
}

impl Tab {
    /// All tabs, in order.
    pub const ALL: [Tab; 7] = [
        Tab::Groups,
        Tab::Invite,
        Tab::Review,
        Tab::Events,
        Tab::Tickets,
        Tab::Faq,
        Tab::Bonus,
    ];

    /// Its fluent id.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Groups => "console-tab-groups",
            Tab::Invite => "console-tab-invite",
            Tab::Review => "console-tab-review",
            Tab::Events => "console-tab-events",
            Tab::Tickets => "console-tab-tickets",
            Tab::Faq => "console-tab-faq",
            Tab::Bonus => "console-tab-bonus",
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
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
}

/// A selection in a list; the view scrolls by whole screens around it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The selected row.
    pub selected: usize,
}

impl Cursor {
    fn step(&mut self, len: usize, by: isize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let target = self.selected as isize + by;
        self.selected = target.clamp(0, len as isize - 1) as usize;
    }

    /// The first row shown when `height` rows fit.
    pub fn top(&self, height: usize) -> usize {
        self.selected
            .checked_div(height)
            .map_or(0, |page| page * height)
    }
}

/// A group opened from the Groups tab: a window of its members and its news.
#[derive(Debug, Clone)]
pub struct OpenGroup {
    /// The group with my role and its size.
    pub group: MyGroup,
    /// Loaded rows, starting at `offset`.
    pub rows: Vec<GroupMember>,
    /// The position of `rows[0]`.
    pub offset: usize,
    /// The selection, over all members.
    pub cursor: Cursor,
    /// Whether a page is on its way.
    pub loading: bool,
    /// The news feed.
    pub news: Vec<NewsItem>,
}

impl OpenGroup {
    /// The member at a position, if loaded.
    pub fn row(&self, at: usize) -> Option<&GroupMember> {
        at.checked_sub(self.offset).and_then(|i| self.rows.get(i))
    }
}

/// The Groups tab.
#[derive(Debug, Clone, Default)]
pub struct GroupsScreen {
    /// My groups.
    pub groups: Vec<MyGroup>,
    /// The selection among the filtered groups.
    pub cursor: Cursor,
    /// The `/` filter.
    pub filter: String,
    /// The opened group.
    pub open: Option<OpenGroup>,
}

impl GroupsScreen {
    /// The groups that match the filter.
    pub fn visible(&self) -> Vec<&MyGroup> {
        let f = self.filter.to_lowercase();
        self.groups
            .iter()
            .filter(|g| f.is_empty() || g.group.name.to_lowercase().contains(&f))
            .collect()
    }
}

/// The composer's fields, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Group page or profile.
    Route,
    /// Which group.
    Group,
    /// Who.
    Invitee,
    /// The subject.
    Subject,
    /// The text.
    Text,
    /// The send button.
    Send,
}

impl Field {
    const ORDER: [Field; 6] = [
        Field::Route,
        Field::Group,
        Field::Invitee,
        Field::Subject,
        Field::Text,
        Field::Send,
    ];

    fn step(self, by: isize) -> Field {
        let i = Field::ORDER.iter().position(|f| *f == self).unwrap_or(0) as isize + by;
        Field::ORDER[i.clamp(0, Field::ORDER.len() as isize - 1) as usize]
    }
}

/// The group-invitation composer.
#[derive(Debug, Clone)]
pub struct Composer {
    /// The focused field.
    pub field: Field,
    /// Group page (direct contacts only) or profile.
    pub route: Route,
    /// Index into my groups.
    pub group: usize,
    /// The invitee search.
    pub query: String,
    /// People matching it.
    pub candidates: Vec<Member>,
    /// The highlighted candidate.
    pub candidate: usize,
    /// The chosen invitee.
    pub invitee: Option<Member>,
    /// The subject; blank means the default.
    pub subject: String,
    /// What the invitee gets when the subject is blank.
    pub default_subject: String,
    /// The text.
    pub text: String,
    /// The number of the latest edit.
    pub seq: u64,
    /// The verdict on the latest edit, when it has come back.
    pub verdict: Option<Verdict>,
    /// The outcome of the last send.
    pub outcome: Option<SendOutcome>,
    /// The invitations I sent.
    pub sent: Vec<GroupInvitation>,
}

impl Default for Composer {
    fn default() -> Composer {
        Composer {
            field: Field::Group,
            route: Route::Group,
            group: 0,
            query: String::new(),
            candidates: Vec::new(),
            candidate: 0,
            invitee: None,
            subject: String::new(),
            default_subject: String::new(),
            text: String::new(),
            seq: 0,
            verdict: None,
            outcome: None,
            sent: Vec::new(),
        }
    }
}

impl Composer {
    /// Whether leaving now would lose typed work.
    pub fn has_draft(&self) -> bool {
        !self.text.trim().is_empty()
    }

    /// Whether the send button works: an invitee and a current, passing verdict.
    pub fn can_send(&self) -> bool {
        self.invitee.is_some() && self.verdict.as_ref().is_some_and(|v| v.breaches.is_empty())
    }
}

/// The Review tab.
#[derive(Debug, Clone, Default)]
pub struct ReviewScreen {
    /// Flagged invitations in my groups.
    pub items: Vec<FlaggedInvitation>,
    /// The highlighted one.
    pub cursor: Cursor,
    /// Bulk selection.
    pub marked: BTreeSet<InvitationId>,
    /// The latest audit entries.
    pub audit: Vec<AuditEntry>,
    /// Show the audit log instead of the queue.
    pub show_audit: bool,
}

/// The event form: create or edit.
#[derive(Debug, Clone, Default)]
pub struct EventForm {
    /// The event being edited, or none for a new one.
    pub id: Option<EventId>,
    /// Index into the groups where I am an ambassador.
    pub group: usize,
    /// Title, date and time (`YYYY-MM-DD HH:MM`), place, region or topic.
    pub fields: [String; 4],
    /// The focused field (0..4).
    pub focus: usize,
}

/// The Events tab.
#[derive(Debug, Clone, Default)]
pub struct EventsScreen {
    /// Upcoming events.
    pub events: Vec<Event>,
    /// The highlighted one.
    pub cursor: Cursor,
    /// The open form.
    pub form: Option<EventForm>,
}

/// The Tickets tab.
#[derive(Debug, Clone, Default)]
pub struct TicketsScreen {
    /// Tickets, newest first.
    pub tickets: Vec<Ticket>,
    /// The highlighted one.
    pub cursor: Cursor,
    /// The conversation of the opened ticket.
    pub open: Option<(TicketId, Vec<TicketMessage>)>,
    /// Questions the bot could not answer, most asked first.
    pub unanswered: Vec<UnansweredQuestion>,
    /// The highlighted question.
    pub ucursor: Cursor,
    /// Show the unanswered list instead of the tickets.
    pub show_unanswered: bool,
}

/// The FAQ tab.
#[derive(Debug, Clone, Default)]
pub struct FaqScreen {
    /// What was typed.
    pub query: String,
    /// The number of the latest keystroke.
    pub seq: u64,
    /// Hits in both languages.
    pub hits: Vec<FaqHit>,
    /// The highlighted hit.
    pub cursor: Cursor,
    /// The article shown side by side.
    pub open: Option<String>,
}

/// The Bonus tab.
#[derive(Debug, Clone, Default)]
pub struct BonusScreen {
    /// The member search.
    pub query: String,
    /// Members found.
    pub found: Vec<Member>,
    /// The highlighted one.
    pub cursor: Cursor,
    /// The figures shown.
    pub progress: Option<(Member, BonusProgress)>,
    /// The last address-book comparison.
    pub comparison: Option<(PathBuf, Comparison)>,
}

/// A one-line question at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// The note for approving (true) or rejecting the marked invitations.
    ReviewNote(bool),
    /// A reply to a ticket.
    TicketReply(TicketId),
    /// The article id to link an unanswered question to.
    LinkArticle(i64),
    /// An address-book file to compare.
    AddressBook,
}

/// The status line: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Good news.
    Info(String),
    /// A problem.
    Error(String),
}

/// The whole console.
pub struct App {
    /// The words.
    pub l: Arc<Localizer>,
    /// The UI language.
    pub lang: Lang,
    /// A demo database (the title bar says so).
    pub demo: bool,
    /// The terminal size.
    pub size: (u16, u16),
    /// The moderator, once picked.
    pub me: Option<Member>,
    /// The picker's moderators.
    pub moderators: Vec<Member>,
    /// The picker's selection.
    pub picker: Cursor,
    /// The current tab.
    pub tab: Tab,
    /// The Groups tab.
    pub groups: GroupsScreen,
    /// Typing into the groups filter.
    pub filtering: bool,
    /// The composer.
    pub composer: Composer,
    /// The review queue.
    pub review: ReviewScreen,
    /// Events.
    pub events: EventsScreen,
    /// Tickets.
    pub tickets: TicketsScreen,
    /// FAQ search.
    pub faq: FaqScreen,
    /// Bonus.
    pub bonus: BonusScreen,
    /// The FAQ, for side-by-side articles.
    pub knowledge: Arc<Knowledge>,
    /// The open prompt and what is typed into it.
    pub prompt: Option<(Prompt, String)>,
    /// The status line.
    pub status: Option<Status>,
    /// The help overlay.
    pub help: bool,
    /// Asking whether to quit and lose the draft.
    pub confirm_quit: bool,
    /// Time to go.
    pub quit: bool,
}

/// Whether a key is a plain character (no Ctrl or Alt).
fn plain_char(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// Edits a text with a key; true when it changed.
fn edit(text: &mut String, key: &KeyEvent) -> bool {
    if let Some(c) = plain_char(key) {
        text.push(c);
        return true;
    }
    if key.code == KeyCode::Backspace {
        return text.pop().is_some();
    }
    false
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
            l,
            lang,
            demo,
            size: MIN_SIZE,
            me,
            moderators: Vec::new(),
            picker: Cursor::default(),
            tab: Tab::Groups,
            groups: GroupsScreen::default(),
            filtering: false,
            composer: Composer::default(),
            review: ReviewScreen::default(),
            events: EventsScreen::default(),
            tickets: TicketsScreen::default(),
            faq: FaqScreen::default(),
            bonus: BonusScreen::default(),
            knowledge,
            prompt: None,
            status: None,
            help: false,
            confirm_quit: false,
            quit: false,
        }
    }

    /// The jobs to run at start.
    pub fn start(&self) -> Vec<Job> {
        match &self.me {
            Some(me) => self.load_all(me),
            None => vec![Job::Moderators],
        }
    }

    fn load_all(&self, me: &Member) -> Vec<Job> {
        vec![
            Job::Groups(me.id),
            Job::Sent(me.id),
            Job::Review(me.id),
            Job::Events,
            Job::Tickets,
            Job::Bonus(me.id),
        ]
    }

    fn text(&self, id: &str) -> String {
        self.l.text(self.lang, id)
    }

    /// Whether a text field has the keyboard, so letters are not commands.
    pub fn typing(&self) -> bool {
        self.prompt.is_some()
            || self.filtering
            || self.events.form.is_some()
            || (self.tab == Tab::Invite
                && matches!(
                    self.composer.field,
                    Field::Invitee | Field::Subject | Field::Text
                ))
            || (self.tab == Tab::Faq && self.faq.open.is_none())
            || (self.tab == Tab::Bonus && self.bonus.progress.is_none())
    }

    /// The groups I may invite into: all of mine.
    pub fn invite_groups(&self) -> &[MyGroup] {
        &self.groups.groups
    }

    /// The groups where I am an ambassador (where I may create events).
    pub fn ambassador_groups(&self) -> Vec<&MyGroup> {
        self.groups
            .groups
            .iter()
            .filter(|g| matches!(g.role, Role::Ambassador(_)))
            .collect()
    }

    /// The composer's draft as `desk` checks it.
    pub fn draft(&self) -> Option<Draft> {
        let me = self.me.as_ref()?;
        let c = &self.composer;
        let invitee = c.invitee.as_ref()?;
        let group = self.invite_groups().get(c.group)?;
        Some(Draft {
            inviter: me.id,
            invitee: invitee.id,
            group: group.group.id,
            route: c.route,
            subject: c.subject.clone(),
            text: c.text.clone(),
            at: clock::now(),
        })
    }

    fn check(&mut self) -> Vec<Job> {
        self.composer.seq += 1;
        self.composer.verdict = None;
        match self.draft() {
            Some(draft) => vec![Job::Check {
                seq: self.composer.seq,
                draft,
            }],
            None => Vec::new(),
        }
    }

    fn search_invitees(&self) -> Vec<Job> {
        match &self.me {
            Some(me) => vec![Job::Invitees {
                me: me.id,
                route: self.composer.route,
                query: self.composer.query.clone(),
            }],
            None => Vec::new(),
        }
    }

    /// Handles one message; returns the slow work it needs.
    pub fn update(&mut self, msg: Msg) -> Vec<Job> {
        match msg {
            Msg::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Msg::Done(done) => self.done(done),
            Msg::Mouse(mouse) => self.mouse(mouse),
            Msg::Key(key) if key.kind == KeyEventKind::Release => Vec::new(),
            Msg::Key(key) => self.key(key),
        }
    }

    fn done(&mut self, done: Done) -> Vec<Job> {
        match done {
            Done::Failed(why) => self.status = Some(Status::Error(why)),
            Done::Moderators(list) => self.moderators = list,
            Done::Groups(groups) => {
                self.groups.groups = groups;
                self.groups.cursor.step(self.groups.visible().len(), 0);
            }
            Done::Members {
                group,
                offset,
                rows,
            } => {
                if let Some(open) = &mut self.groups.open
                    && open.group.group.id == group
                {
                    open.offset = offset;
                    open.rows = rows;
                    open.loading = false;
                }
            }
            Done::News(group, news) => {
                if let Some(open) = &mut self.groups.open
                    && open.group.group.id == group
                {
                    open.news = news;
                }
            }
            Done::Invitees(query, found) => {
                if query == self.composer.query {
                    self.composer.candidates = found;
                    self.composer.candidate = 0;
                }
            }
            Done::Checked {
                seq,
                verdict,
                default_subject,
            } => {
                if seq == self.composer.seq {
                    self.composer.verdict = Some(verdict);
                    self.composer.default_subject = default_subject;
                }
            }
            Done::Sent(outcome) => {
                let id = match &outcome {
                    SendOutcome::Sent(_) => Some("console-invite-delivered"),
                    SendOutcome::Held(..) => Some("console-invite-held"),
                    SendOutcome::Refused(_) => None,
                };
                if let Some(id) = id {
                    self.status = Some(Status::Info(self.text(id)));
                    self.composer.text.clear();
                    self.composer.subject.clear();
                    self.composer.invitee = None;
                    self.composer.query.clear();
                    self.composer.candidates.clear();
                    self.composer.verdict = None;
                    self.composer.default_subject.clear();
                    self.composer.field = Field::Invitee;
                }
                self.composer.outcome = Some(outcome);
                if let Some(me) = &self.me {
                    let mut jobs = vec![Job::Sent(me.id), Job::Review(me.id)];
                    jobs.extend(self.search_invitees());
                    return jobs;
                }
            }
            Done::SentList(list) => self.composer.sent = list,
            Done::Review(items, audit) => {
                self.review.items = items;
                self.review.audit = audit;
                let ids: BTreeSet<_> = self.review.items.iter().map(|f| f.invitation.id).collect();
                self.review.marked.retain(|id| ids.contains(id));
                self.review.cursor.step(self.review.items.len(), 0);
            }
            Done::Decided { count, approved } => {
                let id = if approved {
                    "console-review-approved"
                } else {
                    "console-review-rejected"
                };
                self.status = Some(Status::Info(self.l.format(
                    self.lang,
                    id,
                    &[("count", (count as u64).into())],
                )));
                self.review.marked.clear();
                if let Some(me) = &self.me {
                    return vec![Job::Review(me.id), Job::Sent(me.id)];
                }
            }
            Done::Events(events) => {
                self.events.events = events;
                self.events.cursor.step(self.events.events.len(), 0);
            }
            Done::EventSaved => {
                self.events.form = None;
                self.status = Some(Status::Info(self.text("console-event-saved")));
                return vec![Job::Events];
            }
            Done::Tickets(tickets, unanswered) => {
                self.tickets.tickets = tickets;
                self.tickets.unanswered = unanswered;
                self.tickets.cursor.step(self.tickets.tickets.len(), 0);
                self.tickets.ucursor.step(self.tickets.unanswered.len(), 0);
            }
            Done::TicketMessages(id, messages) => self.tickets.open = Some((id, messages)),
            Done::TicketChanged(id) => {
                self.status = Some(Status::Info(self.l.format(
                    self.lang,
                    "console-ticket-changed",
                    &[("ticket", id.0.into())],
                )));
                let mut jobs = vec![Job::Tickets];
                if self
                    .tickets
                    .open
                    .as_ref()
                    .is_some_and(|(open, _)| *open == id)
                {
                    jobs.push(Job::TicketMessages(id));
                }
                return jobs;
            }
            Done::Linked(article) => {
                self.status = Some(Status::Info(self.l.format(
                    self.lang,
                    "console-linked",
                    &[("article", article.into())],
                )));
                return vec![Job::Tickets];
            }
            Done::NoSuchArticle(id) => {
                self.status = Some(Status::Error(self.l.format(
                    self.lang,
                    "console-no-such-article",
                    &[("id", id.into())],
                )));
            }
            Done::Faq(seq, hits) => {
                if seq == self.faq.seq {
                    self.faq.hits = hits;
                    self.faq.cursor = Cursor::default();
                }
            }
            Done::Bonus(member, progress) => self.bonus.progress = Some((member, progress)),
            Done::FoundMembers(found) => {
                self.bonus.found = found;
                self.bonus.cursor = Cursor::default();
            }
            Done::Compared(path, comparison) => self.bonus.comparison = Some((path, comparison)),
        }
        Vec::new()
    }

    fn mouse(&mut self, mouse: MouseEvent) -> Vec<Job> {
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) if self.me.is_some() => {
                if mouse.row == 1 {
                    let mut x = 0u16;
                    for tab in Tab::ALL {
                        let width = crate::view::tab_title(self, tab).chars().count() as u16 + 3;
                        if mouse.column < x + width {
                            return self.switch_tab(tab);
                        }
                        x += width;
                    }
                } else if mouse.row >= self.list_top() {
                    let row = (mouse.row - self.list_top()) as usize;
                    let height = self.list_height();
                    let len = self.list_len();
                    let cursor = self.list_cursor();
                    let at = cursor.top(height) + row;
                    if row < height && at < len {
                        self.list_cursor_mut().selected = at;
                        return self.list_moved();
                    }
                }
                Vec::new()
            }
            MouseEventKind::ScrollDown => self.move_list(1),
            MouseEventKind::ScrollUp => self.move_list(-1),
            _ => Vec::new(),
        }
    }

    /// The screen row of a list's first row: under the title, the tabs and
    /// the frame, and under the search box where a screen has one.
    fn list_top(&self) -> u16 {
        match self.tab {
            Tab::Faq => 6,
            Tab::Bonus if self.bonus.progress.is_none() => 6,
            _ => 3,
        }
    }

    /// Rows a list shows: the body minus its frame.
    pub fn list_height(&self) -> usize {
        self.size.1.saturating_sub(6) as usize
    }

    fn list_len(&self) -> usize {
        match self.tab {
            Tab::Groups => match &self.groups.open {
                Some(open) => open.group.members as usize,
                None => self.groups.visible().len(),
            },
            Tab::Invite => self.composer.sent.len(),
            Tab::Review if self.review.show_audit => self.review.audit.len(),
            Tab::Review => self.review.items.len(),
            Tab::Events => self.events.events.len(),
            Tab::Tickets if self.tickets.show_unanswered => self.tickets.unanswered.len(),
            Tab::Tickets => self.tickets.tickets.len(),
            Tab::Faq => self.faq.hits.len(),
            Tab::Bonus => self.bonus.found.len(),
        }
    }

    fn list_cursor(&self) -> Cursor {
        match self.tab {
            Tab::Groups => match &self.groups.open {
                Some(open) => open.cursor,
                None => self.groups.cursor,
            },
            Tab::Review => self.review.cursor,
            Tab::Events => self.events.cursor,
            Tab::Tickets if self.tickets.show_unanswered => self.tickets.ucursor,
            Tab::Tickets => self.tickets.cursor,
            Tab::Faq => self.faq.cursor,
            Tab::Bonus => self.bonus.cursor,
            Tab::Invite => Cursor::default(),
        }
    }

    fn list_cursor_mut(&mut self) -> &mut Cursor {
        match self.tab {
            Tab::Groups => match &mut self.groups.open {
                Some(open) => &mut open.cursor,
                None => &mut self.groups.cursor,
            },
            Tab::Review => &mut self.review.cursor,
            Tab::Events => &mut self.events.cursor,
            Tab::Tickets if self.tickets.show_unanswered => &mut self.tickets.ucursor,
            Tab::Tickets => &mut self.tickets.cursor,
            Tab::Faq => &mut self.faq.cursor,
            Tab::Bonus => &mut self.bonus.cursor,
            Tab::Invite => &mut self.picker,
        }
    }

    fn move_list(&mut self, by: isize) -> Vec<Job> {
        let len = self.list_len();
        self.list_cursor_mut().step(len, by);
        self.list_moved()
    }

    /// After the selection moved: fetch the page it landed on, if missing.
    fn list_moved(&mut self) -> Vec<Job> {
        if self.tab == Tab::Groups
            && let Some(open) = &mut self.groups.open
        {
            let at = open.cursor.selected;
            let loaded = at >= open.offset && at < open.offset + open.rows.len();
            if !loaded && !open.loading {
                open.loading = true;
                return vec![Job::Members {
                    group: open.group.group.id,
                    offset: at.saturating_sub(PAGE / 2),
                }];
            }
        }
        Vec::new()
    }

    fn switch_tab(&mut self, tab: Tab) -> Vec<Job> {
        self.tab = tab;
        self.help = false;
        self.filtering = false;
        match (tab, &self.me) {
            (Tab::Review, Some(me)) => vec![Job::Review(me.id)],
            (Tab::Tickets, _) => vec![Job::Tickets],
            (Tab::Events, _) => vec![Job::Events],
            (Tab::Invite, Some(me)) => {
                let mut jobs = vec![Job::Sent(me.id)];
                if self.composer.candidates.is_empty() {
                    jobs.extend(self.search_invitees());
                }
                jobs
            }
            _ => Vec::new(),
        }
    }

    fn key(&mut self, key: KeyEvent) -> Vec<Job> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.confirm_quit {
            match key.code {
                KeyCode::Char('y' | 'j') | KeyCode::Enter => self.quit = true,
                _ => self.confirm_quit = false,
            }
            return Vec::new();
        }
        if ctrl && key.code == KeyCode::Char('c') {
            self.ask_to_quit();
            return Vec::new();
        }
        if key.code == KeyCode::F(2) || (!self.typing() && key.code == KeyCode::Char('L')) {
            self.lang = self.lang.other();
            return Vec::new();
        }
        if key.code == KeyCode::F(1) || (!self.typing() && key.code == KeyCode::Char('?')) {
            self.help = !self.help;
            return Vec::new();
        }
        if self.help {
            if key.code == KeyCode::Esc {
                self.help = false;
            }
            return Vec::new();
        }
        if self.me.is_none() {
            return self.picker_key(key);
        }
        if let Some((prompt, mut text)) = self.prompt.take() {
            return self.prompt_key(key, prompt, &mut text);
        }
        match key.code {
            KeyCode::Tab => return self.switch_tab(Tab::ALL[(self.tab.index() + 1) % 7]),
            KeyCode::BackTab => return self.switch_tab(Tab::ALL[(self.tab.index() + 6) % 7]),
            _ => {}
        }
        if !self.typing() {
            match key.code {
                KeyCode::Char('q') => {
                    self.ask_to_quit();
                    return Vec::new();
                }
                KeyCode::Char(c @ '1'..='7') => {
                    return self.switch_tab(Tab::ALL[c as usize - '1' as usize]);
                }
                _ => {}
            }
        }
        match self.tab {
            Tab::Groups => self.groups_key(key),
            Tab::Invite => self.invite_key(key),
            Tab::Review => self.review_key(key),
            Tab::Events => self.events_key(key),
            Tab::Tickets => self.tickets_key(key),
            Tab::Faq => self.faq_key(key),
            Tab::Bonus => self.bonus_key(key),
        }
    }

    fn ask_to_quit(&mut self) {
        if self.composer.has_draft() || self.events.form.is_some() {
            self.confirm_quit = true;
        } else {
            self.quit = true;
        }
    }

    /// Up, down, page and jump keys shared by every list; `None` when the key is not one.
    fn list_key(&mut self, key: &KeyEvent) -> Option<Vec<Job>> {
        let page = self.list_height().max(1) as isize;
        let by = match key.code {
            KeyCode::Up => -1,
            KeyCode::Down => 1,
            KeyCode::Char('k') if !self.typing() => -1,
            KeyCode::Char('j') if !self.typing() => 1,
            KeyCode::PageUp => -page,
            KeyCode::PageDown => page,
            KeyCode::Home => isize::MIN / 2,
            KeyCode::End => isize::MAX / 2,
            _ => return None,
        };
        Some(self.move_list(by))
    }

    fn picker_key(&mut self, key: KeyEvent) -> Vec<Job> {
        let len = self.moderators.len();
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.picker.step(len, -1),
            KeyCode::Down | KeyCode::Char('j') => self.picker.step(len, 1),
            KeyCode::Char('q') | KeyCode::Esc => self.quit = true,
            KeyCode::Enter => {
                if let Some(me) = self.moderators.get(self.picker.selected).cloned() {
                    let jobs = self.load_all(&me);
                    self.me = Some(me);
                    return jobs;
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn prompt_key(&mut self, key: KeyEvent, prompt: Prompt, text: &mut String) -> Vec<Job> {
        match key.code {
            KeyCode::Esc => return Vec::new(),
            KeyCode::Enter => return self.prompt_done(prompt, text.trim().to_string()),
            _ => {
                edit(text, &key);
            }
        }
        self.prompt = Some((prompt, std::mem::take(text)));
        Vec::new()
    }

    fn prompt_done(&mut self, prompt: Prompt, text: String) -> Vec<Job> {
        let Some(me) = self.me.as_ref().map(|m| m.id) else {
            return Vec::new();
        };
        match prompt {
            Prompt::ReviewNote(approve) => {
                let ids: Vec<InvitationId> = if self.review.marked.is_empty() {
                    self.review
                        .items
                        .get(self.review.cursor.selected)
                        .map(|f| f.invitation.id)
                        .into_iter()
                        .collect()
                } else {
                    self.review.marked.iter().copied().collect()
                };
                if ids.is_empty() {
                    return Vec::new();
                }
                vec![Job::Decide {
                    ids,
                    by: me,
                    approve,
                    note: text,
                }]
            }
            Prompt::TicketReply(id) => vec![Job::TicketAction {
                id,
                by: me,
                action: TicketAction::Reply(text),
            }],
            Prompt::LinkArticle(question) => vec![Job::Link {
                question,
                article: text,
                by: me,
            }],
            Prompt::AddressBook => vec![Job::Compare {
                me,
                path: PathBuf::from(text),
            }],
        }
    }

    fn groups_key(&mut self, key: KeyEvent) -> Vec<Job> {
        if self.filtering {
            match key.code {
                KeyCode::Esc => {
                    self.filtering = false;
                    self.groups.filter.clear();
                }
                KeyCode::Enter => self.filtering = false,
                _ => {
                    if edit(&mut self.groups.filter, &key) {
                        self.groups.cursor = Cursor::default();
                    }
                }
            }
            return Vec::new();
        }
        if let Some(jobs) = self.list_key(&key) {
            return jobs;
        }
        match key.code {
            KeyCode::Char('/') if self.groups.open.is_none() => self.filtering = true,
            KeyCode::Esc | KeyCode::Char('h') | KeyCode::Left => self.groups.open = None,
            KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right if self.groups.open.is_none() => {
                let chosen = self
                    .groups
                    .visible()
                    .get(self.groups.cursor.selected)
                    .map(|g| (*g).clone());
                if let Some(group) = chosen {
                    let id = group.group.id;
                    self.groups.open = Some(OpenGroup {
                        group,
                        rows: Vec::new(),
                        offset: 0,
                        cursor: Cursor::default(),
                        loading: true,
                        news: Vec::new(),
                    });
                    return vec![
                        Job::Members {
                            group: id,
                            offset: 0,
                        },
                        Job::News(id),
                    ];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn invite_key(&mut self, key: KeyEvent) -> Vec<Job> {
        let c = &mut self.composer;
        match key.code {
            KeyCode::Up => {
                c.field = c.field.step(-1);
                return Vec::new();
            }
            KeyCode::Down => {
                c.field = c.field.step(1);
                return Vec::new();
            }
            KeyCode::Char('s') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return self.send();
            }
            KeyCode::Esc => {
                c.field = Field::Send;
                return Vec::new();
            }
            _ => {}
        }
        let groups = self.groups.groups.len();
        let c = &mut self.composer;
        match (c.field, key.code) {
            (
                Field::Route,
                KeyCode::Left | KeyCode::Right | KeyCode::Enter | KeyCode::Char(' '),
            ) => {
                c.route = match c.route {
                    Route::Group => Route::Profile,
                    Route::Profile => Route::Group,
                };
                c.candidates.clear();
                let mut jobs = self.search_invitees();
                jobs.extend(self.check());
                jobs
            }
            (Field::Group, KeyCode::Left | KeyCode::Char('h')) if groups > 0 => {
                c.group = (c.group + groups - 1) % groups;
                self.check()
            }
            (Field::Group, KeyCode::Right | KeyCode::Char('l') | KeyCode::Enter) if groups > 0 => {
                c.group = (c.group + 1) % groups;
                self.check()
            }
            (Field::Invitee, KeyCode::Left) => {
                c.candidate = c.candidate.saturating_sub(1);
                Vec::new()
            }
            (Field::Invitee, KeyCode::Right) => {
                if c.candidate + 1 < c.candidates.len() {
                    c.candidate += 1;
                }
                Vec::new()
            }
            (Field::Invitee, KeyCode::Enter) => {
                if let Some(chosen) = c.candidates.get(c.candidate).cloned() {
                    c.query = chosen.name.clone();
                    c.invitee = Some(chosen);
                    c.field = Field::Text;
                    return self.check();
                }
                Vec::new()
            }
            (Field::Invitee, _) => {
                if edit(&mut c.query, &key) {
                    c.invitee = None;
                    let mut jobs = self.search_invitees();
                    jobs.extend(self.check());
                    return jobs;
                }
                Vec::new()
            }
            (Field::Subject, KeyCode::Enter) | (Field::Text, KeyCode::Enter) => {
                c.field = c.field.step(1);
                Vec::new()
            }
            (Field::Subject, _) => {
                if edit(&mut c.subject, &key) {
                    return self.check();
                }
                Vec::new()
            }
            (Field::Text, _) => {
                if edit(&mut c.text, &key) {
                    return self.check();
                }
                Vec::new()
            }
            (Field::Send, KeyCode::Enter) => self.send(),
            _ => Vec::new(),
        }
    }

    fn send(&mut self) -> Vec<Job> {
        if !self.composer.can_send() {
            self.status = Some(Status::Error(self.text("console-invite-cannot-send")));
            return Vec::new();
        }
        match self.draft() {
            Some(draft) => vec![Job::Send(draft)],
            None => Vec::new(),
        }
    }

    fn review_key(&mut self, key: KeyEvent) -> Vec<Job> {
        if let Some(jobs) = self.list_key(&key) {
            return jobs;
        }
        match key.code {
            KeyCode::Char('A') => self.review.show_audit = !self.review.show_audit,
            KeyCode::Esc => self.review.show_audit = false,
            KeyCode::Char(' ') if !self.review.show_audit => {
                if let Some(item) = self.review.items.get(self.review.cursor.selected) {
                    let id = item.invitation.id;
                    if !self.review.marked.remove(&id) {
                        self.review.marked.insert(id);
                    }
                    self.review.cursor.step(self.review.items.len(), 1);
                }
            }
            KeyCode::Char('a') if !self.review.show_audit && !self.review.items.is_empty() => {
                self.prompt = Some((Prompt::ReviewNote(true), String::new()));
            }
            KeyCode::Char('r') if !self.review.show_audit && !self.review.items.is_empty() => {
                self.prompt = Some((Prompt::ReviewNote(false), String::new()));
            }
            _ => {}
        }
        Vec::new()
    }

    fn events_key(&mut self, key: KeyEvent) -> Vec<Job> {
        if let Some(form) = &mut self.events.form {
            let count = self
                .groups
                .groups
                .iter()
                .filter(|g| matches!(g.role, Role::Ambassador(_)))
                .count()
                .max(1);
            match key.code {
                KeyCode::Esc => self.events.form = None,
                KeyCode::Up => form.focus = form.focus.saturating_sub(1),
                KeyCode::Down => form.focus = (form.focus + 1).min(4),
                KeyCode::Left if form.focus == 0 => form.group = (form.group + count - 1) % count,
                KeyCode::Right if form.focus == 0 => form.group = (form.group + 1) % count,
                KeyCode::Enter if form.focus < 4 => form.focus += 1,
                KeyCode::Enter => return self.save_event(),
                _ if form.focus > 0 => {
                    edit(&mut form.fields[form.focus - 1], &key);
                }
                _ => {}
            }
            return Vec::new();
        }
        if let Some(jobs) = self.list_key(&key) {
            return jobs;
        }
        let may_edit = !self.ambassador_groups().is_empty();
        match key.code {
            KeyCode::Char('n') if may_edit => {
                self.events.form = Some(EventForm::default());
            }
            KeyCode::Char('e') | KeyCode::Enter if may_edit => {
                if let Some(event) = self.events.events.get(self.events.cursor.selected) {
                    let group = self
                        .ambassador_groups()
                        .iter()
                        .position(|g| g.group.id == event.group);
                    match group {
                        Some(group) => {
                            self.events.form = Some(EventForm {
                                id: Some(event.id),
                                group,
                                fields: [
                                    event.title.clone(),
                                    clock::rfc3339(event.starts_at)
                                        .get(..16)
                                        .unwrap_or_default()
                                        .replace('T', " "),
                                    event.place.clone(),
                                    event.focus.clone(),
                                ],
                                focus: 1,
                            })
                        }
                        None => {
                            self.status = Some(Status::Error(self.text("console-event-not-yours")))
                        }
                    }
                }
            }
            KeyCode::Char('n' | 'e') => {
                self.status = Some(Status::Error(self.text("console-events-read-only")));
            }
            _ => {}
        }
        Vec::new()
    }

    fn save_event(&mut self) -> Vec<Job> {
        let (Some(me), Some(form)) = (self.me.as_ref(), self.events.form.as_ref()) else {
            return Vec::new();
        };
        let Some(group) = self.ambassador_groups().get(form.group).map(|g| g.group.id) else {
            return Vec::new();
        };
        let when = format!("{}:00Z", form.fields[1].trim().replace(' ', "T"));
        let Some(starts_at) = clock::parse_rfc3339(&when) else {
            self.status = Some(Status::Error(self.l.format(
                self.lang,
                "console-event-bad-date",
                &[("given", form.fields[1].clone().into())],
            )));
            return Vec::new();
        };
        vec![Job::SaveEvent {
            id: form.id,
            by: me.id,
            event: NewEvent {
                group,
                title: form.fields[0].trim().to_string(),
                starts_at,
                place: form.fields[2].trim().to_string(),
                focus: form.fields[3].trim().to_string(),
            },
        }]
    }

    fn tickets_key(&mut self, key: KeyEvent) -> Vec<Job> {
        if let Some(jobs) = self.list_key(&key) {
            return jobs;
        }
        let Some(me) = self.me.as_ref().map(|m| m.id) else {
            return Vec::new();
        };
        if self.tickets.show_unanswered {
            match key.code {
                KeyCode::Char('u') | KeyCode::Esc => self.tickets.show_unanswered = false,
                KeyCode::Char('l') | KeyCode::Enter => {
                    if let Some(q) = self.tickets.unanswered.get(self.tickets.ucursor.selected) {
                        self.prompt = Some((Prompt::LinkArticle(q.id), String::new()));
                    }
                }
                _ => {}
            }
            return Vec::new();
        }
        let selected = self
            .tickets
            .tickets
            .get(self.tickets.cursor.selected)
            .map(|t| t.id);
        match (key.code, selected) {
            (KeyCode::Char('u'), _) => self.tickets.show_unanswered = true,
            (KeyCode::Esc, _) => self.tickets.open = None,
            (KeyCode::Enter, Some(id)) => return vec![Job::TicketMessages(id)],
            (KeyCode::Char('m'), Some(id)) => {
                return vec![Job::TicketAction {
                    id,
                    by: me,
                    action: TicketAction::Assign,
                }];
            }
            (KeyCode::Char('c'), Some(id)) => {
                return vec![Job::TicketAction {
                    id,
                    by: me,
                    action: TicketAction::Close,
                }];
            }
            (KeyCode::Char('r'), Some(id)) => {
                self.prompt = Some((Prompt::TicketReply(id), String::new()));
            }
            _ => {}
        }
        Vec::new()
    }

    fn faq_key(&mut self, key: KeyEvent) -> Vec<Job> {
        if self.faq.open.is_some() {
            if matches!(key.code, KeyCode::Esc | KeyCode::Backspace) {
                self.faq.open = None;
            }
            return Vec::new();
        }
        if matches!(
            key.code,
            KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown
        ) {
            return self.list_key(&key).unwrap_or_default();
        }
        match key.code {
            KeyCode::Enter => {
                self.faq.open = self
                    .faq
                    .hits
                    .get(self.faq.cursor.selected)
                    .map(|h| h.id.clone());
                Vec::new()
            }
            KeyCode::Esc => {
                self.faq.query.clear();
                self.faq.hits.clear();
                Vec::new()
            }
            _ if edit(&mut self.faq.query, &key) => {
                self.faq.seq += 1;
                vec![Job::Faq {
                    seq: self.faq.seq,
                    query: self.faq.query.clone(),
                }]
            }
            _ => Vec::new(),
        }
    }

    fn bonus_key(&mut self, key: KeyEvent) -> Vec<Job> {
        if self.bonus.progress.is_some() {
            match key.code {
                KeyCode::Char('o') => self.prompt = Some((Prompt::AddressBook, String::new())),
                KeyCode::Char('/') | KeyCode::Esc => {
                    self.bonus.progress = None;
                    self.bonus.comparison = None;
                }
                _ => {}
            }
            return Vec::new();
        }
        if matches!(key.code, KeyCode::Up | KeyCode::Down) {
            return self.list_key(&key).unwrap_or_default();
        }
        match key.code {
            KeyCode::Enter => match self.bonus.found.get(self.bonus.cursor.selected) {
                Some(m) => vec![Job::Bonus(m.id)],
                None => self
                    .me
                    .as_ref()
                    .map(|m| vec![Job::Bonus(m.id)])
                    .unwrap_or_default(),
            },
            _ if edit(&mut self.bonus.query, &key) => {
                vec![Job::FindMembers(self.bonus.query.clone())]
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
