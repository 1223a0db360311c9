//! Support tickets (age, state, assignee, the conversation, a statistics
//! panel) and the questions the bot could not answer, gathered in clusters
//! of similar phrasings that one key links to an FAQ article.

use super::{Ask, Ctx, Out, Screen};
use crate::keymap::Action;
use crate::widgets::{
    Cursor, ListArea, bold, cell, dim, draw_list, framed, mark, scrolled, split, with_more,
};
use crate::worker::{Done, FaqHit, Job, TicketAction};
use desk::clock::Timestamp;
use desk::records::TicketId;
use desk::store::{
    FileState, QuestionCluster, Ticket, TicketAuthor, TicketFile, TicketMessage, TicketStats,
    TicketStatus, UnansweredQuestion, WaitingFor,
};
use locales::Lang;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use std::cell::Cell;
use std::collections::BTreeMap;

/// The width a ticket's row needs for whom it waits for and its assignee
/// and still 16 columns of its subject.
const ROOMY_ROW: usize = 62;

const REPLY: &str = "console-prompt-reply";
const PHRASING: &str = "console-prompt-phrasing";
const ARTICLE: &str = "console-prompt-link";

/// Unanswered questions that ask the same thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// The questions' rows, most asked first.
    pub ids: Vec<i64>,
    /// Their phrasings, in the same order.
    pub phrasings: Vec<String>,
    /// How often they were asked, together.
    pub asked: u64,
    /// Their language.
    pub lang: Lang,
    /// The article they are linked to, when all are.
    pub linked: Option<String>,
}

impl From<&QuestionCluster> for Cluster {
    fn from(c: &QuestionCluster) -> Cluster {
        Cluster {
            ids: c.ids(),
            phrasings: c.phrasings.iter().map(|q| q.question.clone()).collect(),
            asked: c.asked,
            lang: c.lang,
            linked: None,
        }
    }
}

/// What the right-hand panel shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Panel {
    /// The opened conversation.
    #[default]
    Conversation,
    /// Figures over 7 and 30 days.
    Stats,
}

/// The Tickets screen.
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
    /// The same, in clusters.
    pub clusters: Vec<Cluster>,
    /// The highlighted cluster.
    pub ucursor: Cursor,
    /// Show the unanswered clusters instead of the tickets.
    pub show_unanswered: bool,
    /// The right-hand panel.
    pub panel: Panel,
    /// The engine's best article for a cluster's first phrasing.
    pub candidates: BTreeMap<String, Option<FaqHit>>,
    /// The phrasing the moderator settled on, while the article is asked.
    pub phrasing: Option<String>,
    /// The database's change counter when the list was last loaded.
    pub version: Option<i64>,
    /// Figures over 7 and 30 days.
    pub stats: Vec<TicketStats>,
    /// The ticket whose reply is on its way to the worker: another reply
    /// waits until that one is stored or refused.
    pub replying: Option<TicketId>,
    /// The first line of the conversation shown; `None` keeps its newest
    /// message in view, also as more come in.
    pub scroll: Option<usize>,
    /// How far the conversation can be scrolled, as the last frame drew it
    /// (the view alone knows the width it wraps at).
    pub extent: Cell<usize>,
    /// How many of its lines the last frame showed: fewer than the list's
    /// rows under a failed delivery's warning, which PgUp/PgDn must not skip.
    pub rows: Cell<usize>,
}

impl TicketsScreen {
    /// Whether the conversation is in front and the moving keys scroll it:
    /// the highlighted ticket is then the one being read, so a reply, a
    /// close or an assignment goes to the ticket on the screen.
    pub fn reading(&self) -> bool {
        !self.show_unanswered && self.panel == Panel::Conversation && self.open.is_some()
    }

    fn list_len(&self) -> usize {
        if self.show_unanswered {
            self.clusters.len()
        } else {
            self.tickets.len()
        }
    }

    fn cursor_mut(&mut self) -> &mut Cursor {
        if self.show_unanswered {
            &mut self.ucursor
        } else {
            &mut self.cursor
        }
    }

    fn step(&mut self, by: isize, out: &mut Out) {
        let len = self.list_len();
        self.cursor_mut().step(len, by);
        self.forget_stale();
        self.want_candidate(out);
    }

    /// Drops a conversation that is no longer the highlighted ticket's
    /// (the highlight moved under the statistics): shown again beside
    /// another ticket, a reply would go to the one highlighted, not the one read.
    fn forget_stale(&mut self) {
        let highlighted = self.tickets.get(self.cursor.selected).map(|t| t.id);
        if self
            .open
            .as_ref()
            .is_some_and(|(id, _)| Some(*id) != highlighted)
        {
            self.open = None;
        }
    }

    /// Asks the engine for the highlighted cluster's best article, once.
    fn want_candidate(&mut self, out: &mut Out) {
        if !self.show_unanswered {
            return;
        }
        if let Some(c) = self.clusters.get(self.ucursor.selected)
            && let Some(first) = c.phrasings.first()
            && !self.candidates.contains_key(first)
        {
            self.candidates.insert(first.clone(), None);
            out.job(Job::Candidate(first.clone(), c.lang));
        }
    }

    fn reload(&mut self) -> Vec<Job> {
        // The change counter first: a write between it and the list shows
        // at the next tick, never one that the list missed.
        let mut jobs = vec![Job::DataVersion(self.id()), Job::Tickets];
        if self.panel == Panel::Stats {
            jobs.push(Job::TicketStats);
        }
        jobs
    }
}

impl Screen for TicketsScreen {
    fn id(&self) -> &'static str {
        "tickets"
    }

    fn load(&mut self, _ctx: &Ctx) -> Vec<Job> {
        self.reload()
    }

    fn shown(&mut self, _ctx: &Ctx) -> Vec<Job> {
        self.reload()
    }

    fn scrolls(&self) -> bool {
        self.reading()
    }

    fn act(&mut self, ctx: &Ctx, action: Action, out: &mut Out) {
        if self.reading() {
            let end = self.extent.get();
            let page = match self.rows.get() {
                0 => ctx.page,
                drawn => drawn,
            };
            if let Some(to) = scrolled(action, self.scroll.unwrap_or(end), end, page) {
                // Back at the end, it follows the newest message again.
                self.scroll = (to < end).then_some(to);
                return;
            }
        }
        let page = ctx.page.max(1) as isize;
        match action {
            Action::Up => return self.step(-1, out),
            Action::Down => return self.step(1, out),
            Action::PageUp => return self.step(-page, out),
            Action::PageDown => return self.step(page, out),
            Action::First => return self.step(isize::MIN / 2, out),
            Action::Last => return self.step(isize::MAX / 2, out),
            Action::Unanswered => {
                self.show_unanswered = !self.show_unanswered;
                self.want_candidate(out);
                return;
            }
            Action::Stats => {
                self.panel = match self.panel {
                    Panel::Stats => Panel::Conversation,
                    Panel::Conversation => {
                        out.job(Job::TicketStats);
                        Panel::Stats
                    }
                };
                return;
            }
            _ => {}
        }
        let Some(me) = ctx.me() else {
            return;
        };
        if self.show_unanswered {
            match action {
                Action::Back => self.show_unanswered = false,
                Action::Link | Action::Open => {
                    if let Some(c) = self.clusters.get(self.ucursor.selected) {
                        // The phrasing goes into the FAQ: the moderator edits out
                        // anything personal before it is linked.
                        out.ask = Some(Ask {
                            label: PHRASING,
                            target: self.ucursor.selected as i64,
                            text: c.phrasings.first().cloned().unwrap_or_default(),
                        });
                    }
                }
                _ => {}
            }
            return;
        }
        let selected = self.tickets.get(self.cursor.selected).map(|t| t.id);
        match (action, selected) {
            (Action::Back, _) => self.open = None,
            (Action::Open, Some(id)) => {
                self.scroll = None;
                out.job(Job::TicketMessages(id));
            }
            (Action::Assign, Some(id)) => out.job(Job::TicketAction {
                id,
                by: me,
                action: TicketAction::Assign,
            }),
            (Action::Close, Some(id)) => out.job(Job::TicketAction {
                id,
                by: me,
                action: TicketAction::Close,
            }),
            (Action::Reopen, Some(id)) => out.job(Job::TicketAction {
                id,
                by: me,
                action: TicketAction::Reopen,
            }),
            (Action::Reply, Some(_)) if self.replying.is_some() => {
                // The worker is still storing the last reply: a second one
                // now is most often the same words sent twice.
                let busy = self.replying.map_or(0, |t| t.0);
                out.error(ctx.fmt("console-ticket-reply-pending", &[("ticket", busy.into())]));
            }
            (Action::Reply, Some(id)) => {
                out.ask = Some(Ask {
                    label: REPLY,
                    target: id.0,
                    text: String::new(),
                })
            }
            _ => {}
        }
    }

    fn click(&mut self, _ctx: &Ctx, row: usize, out: &mut Out) {
        // While a conversation is read, the clicked ticket's comes instead:
        // the highlighted ticket stays the one on the screen.
        if self.reading()
            && let Some(ticket) = self.tickets.get(row)
        {
            self.scroll = None;
            out.job(Job::TicketMessages(ticket.id));
        }
        self.cursor_mut().selected = row;
        if !self.reading() {
            self.forget_stale();
        }
        self.want_candidate(out);
    }

    fn failed(&mut self, job: &Job) {
        match job {
            Job::TicketAction {
                id,
                action: TicketAction::Reply(_),
                ..
            } if self.replying == Some(*id) => self.replying = None,
            // Asked again when the cluster is highlighted again.
            Job::Candidate(question, _)
                if self.candidates.get(question).is_some_and(Option::is_none) =>
            {
                self.candidates.remove(question);
            }
            _ => {}
        }
    }

    fn answer(&mut self, ctx: &Ctx, ask: Ask, out: &mut Out) {
        let Some(me) = ctx.me() else {
            return;
        };
        let text = ask.text.trim().to_string();
        match ask.label {
            REPLY => {
                self.replying = Some(TicketId(ask.target));
                out.job(Job::TicketAction {
                    id: TicketId(ask.target),
                    by: me,
                    action: TicketAction::Reply(text),
                });
            }
            PHRASING if !text.is_empty() => {
                // Refused now, with the text kept to mend, not after the
                // article was asked too.
                if let Err(why) = knowledge::corpus::tidy_phrasing(&text) {
                    out.error(phrasing_refused(ctx, &why));
                    out.ask = Some(Ask {
                        label: PHRASING,
                        target: ask.target,
                        text,
                    });
                    return;
                }
                let first = self
                    .clusters
                    .get(ask.target as usize)
                    .and_then(|c| c.phrasings.first());
                let candidate = first
                    .and_then(|p| self.candidates.get(p))
                    .and_then(|hit| hit.as_ref())
                    .map(|hit| hit.id.clone())
                    .unwrap_or_default();
                self.phrasing = Some(text);
                out.ask = Some(Ask {
                    label: ARTICLE,
                    target: ask.target,
                    text: candidate,
                });
            }
            ARTICLE => {
                let (Some(c), Some(phrasing)) =
                    (self.clusters.get(ask.target as usize), self.phrasing.take())
                else {
                    return;
                };
                out.job(Job::Link {
                    questions: c.ids.clone(),
                    phrasing,
                    article: text,
                    by: me,
                });
            }
            _ => {}
        }
    }

    fn tick(&mut self, _ctx: &Ctx, out: &mut Out) {
        // The bot writes into the same database: ask (cheaply) whether
        // anyone did, and reload only then.
        out.job(Job::DataVersion(self.id()));
    }

    fn done(&mut self, ctx: &Ctx, done: Done, out: &mut Out) -> Option<Done> {
        match done {
            Done::Tickets(tickets, unanswered, clusters) => {
                // A new or reopened ticket moves the others down: the
                // highlight stays on its ticket, so that a key acts on the
                // ticket the moderator chose, and the one being read.
                let chosen = self.tickets.get(self.cursor.selected).map(|t| t.id);
                if let Some(at) = chosen.and_then(|id| tickets.iter().position(|t| t.id == id)) {
                    self.cursor.selected = at;
                }
                self.tickets = tickets;
                self.unanswered = unanswered;
                self.clusters = clusters.iter().map(Cluster::from).collect();
                self.cursor.step(self.tickets.len(), 0);
                self.ucursor.step(self.clusters.len(), 0);
                self.want_candidate(out);
            }
            Done::TicketMessages(id, messages) => {
                if self.open.as_ref().is_none_or(|(open, _)| *open != id) {
                    self.scroll = None;
                }
                // Reading it saw the member's messages (the worker marked
                // them): the list says so before it is read again.
                if let Some(ticket) = self.tickets.iter_mut().find(|t| t.id == id) {
                    ticket.unread = 0;
                }
                self.open = Some((id, messages));
            }
            Done::TicketChanged(id, action) => {
                // An assignment or closing queued before the reply answers
                // first: the reply is still on its way.
                if matches!(action, TicketAction::Reply(_)) && self.replying == Some(id) {
                    self.replying = None;
                }
                let said = match action {
                    TicketAction::Assign => "console-ticket-assigned",
                    TicketAction::Reply(_) => "console-ticket-replied",
                    TicketAction::Close => "console-ticket-closed-done",
                    TicketAction::Reopen => "console-ticket-reopened",
                };
                out.info(ctx.fmt(said, &[("ticket", id.0.into())]));
                out.jobs.extend(self.reload());
                if self.open.as_ref().is_some_and(|(open, _)| *open == id) {
                    out.job(Job::TicketMessages(id));
                }
            }
            Done::TicketRefused(action, refusal) => {
                if matches!(action, TicketAction::Reply(_)) {
                    self.replying = None;
                }
                // The command it suggests works on this console's database.
                out.error(refusal.message_for(&ctx.l, ctx.lang, &ctx.db_flag));
            }
            Done::Linked { article, count } => {
                out.info(ctx.fmt(
                    "console-linked",
                    &[
                        ("article", article.into()),
                        ("count", (count as u64).into()),
                    ],
                ));
                out.jobs.extend(self.reload());
            }
            Done::NoSuchArticle(id) => {
                out.error(ctx.fmt("console-no-such-article", &[("id", id.into())]));
            }
            Done::PhrasingRefused(why) => out.error(phrasing_refused(ctx, &why)),
            Done::Candidate(question, hit) => {
                self.candidates.insert(question, hit);
            }
            Done::DataVersion("tickets", version) => {
                if self.version.is_some_and(|v| v != version) {
                    out.jobs.extend(self.reload());
                    if let Some((id, _)) = &self.open {
                        out.job(Job::TicketMessages(*id));
                    }
                }
                self.version = Some(version);
            }
            Done::TicketStats(stats) => self.stats = stats,
            other => return Some(other),
        }
        None
    }

    fn view(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) -> Option<ListArea> {
        let [left, right] = split(area, 55);
        if self.show_unanswered {
            let list = &self.clusters;
            let drawn = draw_list(
                frame,
                left,
                ctx.text("console-unanswered-title"),
                list.len(),
                Some(self.ucursor),
                &|i| {
                    let c = &list[i];
                    let linked = c
                        .linked
                        .as_ref()
                        .map(|a| format!(" → {a}"))
                        .unwrap_or_default();
                    let more = if c.ids.len() > 1 {
                        format!(" (+{})", c.ids.len() - 1)
                    } else {
                        String::new()
                    };
                    Line::raw(format!(
                        "{:>4}× [{}] {}{more}{linked}",
                        c.asked,
                        c.lang.code(),
                        c.phrasings.first().cloned().unwrap_or_default()
                    ))
                },
            );
            let mut lines: Vec<Line> = Vec::new();
            if let Some(c) = list.get(self.ucursor.selected) {
                lines.push(Line::styled(
                    ctx.fmt("console-cluster-asked", &[("count", c.asked.into())]),
                    bold(),
                ));
                for p in c.phrasings.iter().take(8) {
                    lines.push(Line::raw(format!("· {p}")));
                }
                lines.push(Line::raw(""));
                let best = c
                    .phrasings
                    .first()
                    .and_then(|p| self.candidates.get(p))
                    .and_then(|h| h.as_ref());
                lines.push(match best {
                    Some(hit) => Line::from(vec![
                        Span::styled(format!("{} ", ctx.text("console-cluster-candidate")), dim()),
                        Span::raw(format!("{} ({}, {:.2})", hit.title, hit.id, hit.confidence)),
                    ]),
                    None => Line::styled(ctx.text("console-cluster-no-candidate"), dim()),
                });
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(unanswered_hint(ctx), dim()));
            frame.render_widget(framed(ctx.text("console-tickets-side"), lines), right);
            return Some(drawn);
        }
        let list = &self.tickets;
        // At 80 columns the list is 42 wide: whom an open ticket waits for
        // takes its state's column (a closed one waits for no one), beside
        // its age, and the assignee is left out so the subject keeps its room.
        let roomy = usize::from(left.width.saturating_sub(2)) >= ROOMY_ROW;
        let drawn = draw_list(
            frame,
            left,
            ctx.text("console-tickets-title"),
            list.len(),
            Some(self.cursor),
            &|i| {
                let k = &list[i];
                let state = ctx.text(match k.status {
                    TicketStatus::Open => "console-ticket-open",
                    TicketStatus::Closed => "console-ticket-closed",
                });
                let waits = match (k.status, k.waiting_for) {
                    (TicketStatus::Closed, _) => "–".to_string(),
                    (_, WaitingFor::Team) => ctx.text("console-ticket-waits-team"),
                    (_, WaitingFor::Member) => ctx.text("console-ticket-waits-member"),
                };
                let first = match (roomy, k.status) {
                    (false, TicketStatus::Open) => &waits,
                    _ => &state,
                };
                let mut spans = vec![
                    Span::raw(format!("#{:<4} {} ", k.id.0, cell(first, 8))),
                    Span::styled(format!("{:>4} ", age(ctx.now, k.created_at)), dim()),
                ];
                if roomy {
                    spans.push(Span::raw(format!(
                        "{} {} ",
                        cell(&waits, 10),
                        cell(k.assignee.as_deref().unwrap_or("–"), 14),
                    )));
                }
                if k.unread > 0 {
                    spans.push(Span::styled(format!("●{} ", k.unread), mark()));
                }
                if k.delivery_failure.is_some() {
                    spans.push(Span::styled("⚠ ", Style::default().fg(Color::Red)));
                }
                spans.push(Span::raw(k.subject.clone()));
                Line::from(spans)
            },
        );
        let mut lines: Vec<Line> = Vec::new();
        match (self.panel, &self.open) {
            (Panel::Stats, _) => stats(ctx, &self.stats, &mut lines),
            (Panel::Conversation, Some((id, messages))) => {
                self.conversation(ctx, frame, right, *id, messages);
                return Some(drawn);
            }
            (Panel::Conversation, None) => {
                lines.push(Line::styled(tickets_hint(ctx), dim()));
            }
        }
        frame.render_widget(framed(ctx.text("console-tickets-side"), lines), right);
        Some(drawn)
    }
}

impl TicketsScreen {
    /// Draws a conversation scrolled to where the moderator left it, or to
    /// its newest message; a failed delivery stays in view above it.
    fn conversation(
        &self,
        ctx: &Ctx,
        frame: &mut Frame,
        area: Rect,
        id: TicketId,
        messages: &[TicketMessage],
    ) {
        let mut lines: Vec<Line> = Vec::new();
        for m in messages {
            let author = ctx.text(match m.author {
                TicketAuthor::Member => "console-author-member",
                TicketAuthor::Bot => "console-author-bot",
                TicketAuthor::Moderator => "console-author-moderator",
            });
            // A member writes in several lines; each stays a line here.
            let mut body = m.body.lines();
            lines.push(Line::from(vec![
                Span::styled(format!("{} {author}: ", ctx.when(m.at)), dim()),
                Span::raw(body.next().unwrap_or_default().to_string()),
            ]));
            lines.extend(body.map(|l| Line::raw(l.to_string())));
            lines.extend(m.files.iter().map(|f| file_line(ctx, f)));
        }
        let inner = Block::default().borders(Borders::ALL).inner(area);
        let mut room = inner;
        if let Some(why) = self
            .tickets
            .iter()
            .find(|t| t.id == id)
            .and_then(|t| t.delivery_failure.as_ref())
        {
            let warning = Paragraph::new(Line::styled(
                ctx.fmt(
                    "console-ticket-undelivered",
                    &[("reason", why.as_str().into())],
                ),
                Style::default().fg(Color::Red),
            ))
            .wrap(Wrap { trim: false });
            // At most half the panel: the conversation stays readable.
            let height = u16::try_from(warning.line_count(inner.width))
                .unwrap_or(u16::MAX)
                .min(inner.height / 2);
            let [top, below] =
                Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(inner);
            frame.render_widget(warning, top);
            room = below;
        }
        let text = Paragraph::new(lines).wrap(Wrap { trim: false });
        let end = text
            .line_count(room.width)
            .saturating_sub(usize::from(room.height));
        self.extent.set(end);
        self.rows.set(usize::from(room.height));
        let at = self.scroll.unwrap_or(end).min(end);
        let title = with_more(
            format!("{} #{}", ctx.text("console-tickets-side"), id.0),
            at,
            end,
        );
        frame.render_widget(Block::default().borders(Borders::ALL).title(title), area);
        frame.render_widget(
            text.scroll((u16::try_from(at).unwrap_or(u16::MAX), 0)),
            room,
        );
    }
}

/// Why a phrasing cannot be linked, as the console says it: the FAQ's
/// words, which start lower case in English, lead its sentence.
fn phrasing_refused(ctx: &Ctx, why: &knowledge::corpus::PhrasingError) -> String {
    let said = why.said().in_lang(&ctx.l, ctx.lang);
    let mut letters = said.chars();
    let why: String = letters
        .next()
        .map(|first| first.to_uppercase().chain(letters).collect())
        .unwrap_or_default();
    ctx.fmt("console-phrasing-refused", &[("why", why.into())])
}

/// A member's file under their message: kept (and how to save it), or
/// only its link, which Discord lets expire, and why.
fn file_line(ctx: &Ctx, file: &TicketFile) -> Line<'static> {
    let name = || ("name", locales::one_line(&file.filename).into());
    let id = || ("file", file.id.into());
    let kib = || ("kib", file.size.div_ceil(1024).into());
    let url = || ("url", file.url.as_str().into());
    let (text, style) = match &file.state {
        FileState::Kept => (
            ctx.fmt(
                "console-ticket-file-kept",
                &[id(), name(), kib(), ("db", ctx.db_flag.as_str().into())],
            ),
            dim(),
        ),
        FileState::TooLarge => (
            ctx.fmt(
                "console-ticket-file-too-large",
                &[id(), name(), kib(), url()],
            ),
            Style::default().fg(Color::Yellow),
        ),
        FileState::Failed(why) => (
            ctx.fmt(
                "console-ticket-file-failed",
                &[
                    id(),
                    name(),
                    ("reason", why.message(&ctx.l, ctx.lang).into()),
                    url(),
                ],
            ),
            Style::default().fg(Color::Yellow),
        ),
    };
    Line::styled(format!("    {text}"), style)
}

/// What the keys in force do on the list of tickets.
fn tickets_hint(ctx: &Ctx) -> String {
    let key = |action| ctx.keys("tickets", action).into();
    ctx.fmt(
        "console-tickets-hint",
        &[
            ("open", key(Action::Open)),
            ("assign", key(Action::Assign)),
            ("reply", key(Action::Reply)),
            ("close", key(Action::Close)),
            ("reopen", key(Action::Reopen)),
            ("unanswered", key(Action::Unanswered)),
        ],
    )
}

/// What the keys in force do on the unanswered questions.
fn unanswered_hint(ctx: &Ctx) -> String {
    let key = |action| ctx.keys("tickets", action).into();
    ctx.fmt(
        "console-unanswered-hint",
        &[
            ("link", key(Action::Link)),
            ("open", key(Action::Open)),
            ("unanswered", key(Action::Unanswered)),
            ("back", key(Action::Back)),
        ],
    )
}

/// How long ago, in the largest whole unit: `5m`, `3h`, `2d`, `15w`, `3y`;
/// never more than three characters, the width of the list's column.
pub fn age(now: Timestamp, then: Timestamp) -> String {
    const DAY: i64 = 86_400;
    let secs = (now - then).whole_seconds().max(0);
    match secs {
        s if s < 3600 => format!("{}m", s / 60),
        s if s < DAY => format!("{}h", s / 3600),
        s if s < 100 * DAY => format!("{}d", s / DAY),
        s if s < 700 * DAY => format!("{}w", s / (7 * DAY)),
        s => format!("{}y", (s / (365 * DAY)).min(99)),
    }
}

/// A duration as the statistics show it: `45m`, `3.5h`, `2.0d`, or `–`.
fn span(seconds: Option<i64>) -> String {
    match seconds {
        None => "–".into(),
        Some(s) if s < 3600 => format!("{}m", s / 60),
        Some(s) if s < 86_400 => format!("{:.1}h", s as f64 / 3600.0),
        Some(s) => format!("{:.1}d", s as f64 / 86_400.0),
    }
}

/// The team's figures over 7 and 30 days.
fn stats(ctx: &Ctx, periods: &[TicketStats], lines: &mut Vec<Line<'static>>) {
    lines.push(Line::styled(ctx.text("console-stats-title"), bold()));
    if periods.is_empty() {
        lines.push(Line::styled(ctx.text("console-loading"), dim()));
    }
    for p in periods {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            ctx.fmt(
                "console-stats-days",
                &[
                    ("days", u64::from(p.days).into()),
                    ("opened", p.all.opened.into()),
                    ("open", p.open_now.into()),
                ],
            ),
            Style::default().fg(Color::Cyan),
        ));
        lines.push(Line::raw(ctx.fmt(
            "console-stats-times",
            &[
                ("first", span(p.all.median_first_response).into()),
                ("resolved", span(p.all.median_resolution).into()),
            ],
        )));
        let ratings: u64 = p.ratings.iter().sum();
        lines.push(Line::raw(
            ctx.fmt(
                "console-stats-ratings",
                &[
                    ("count", ratings.into()),
                    (
                        "mean",
                        p.mean_rating
                            .map_or_else(|| "–".to_string(), |m| format!("{m:.1}"))
                            .into(),
                    ),
                    (
                        "stars",
                        p.ratings
                            .iter()
                            .enumerate()
                            .map(|(i, n)| format!("{}★ {n}", i + 1))
                            .collect::<Vec<_>>()
                            .join("  ")
                            .into(),
                    ),
                ],
            ),
        ));
        lines.push(Line::raw(ctx.fmt(
            "console-stats-languages",
            &[("en", p.en.opened.into()), ("de", p.de.opened.into())],
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screens::Status;
    use crate::screens::tests::ctx;
    use crate::screens::tests::drawn;
    use desk::clock;
    use desk::store::cluster_questions;

    fn question(id: i64, text: &str, count: u64) -> UnansweredQuestion {
        UnansweredQuestion {
            id,
            question: text.into(),
            lang: Lang::En,
            count,
            last_asked: clock::from_unix(0),
            linked_article: None,
        }
    }

    #[test]
    fn an_age_fits_its_column_however_old_the_ticket() {
        let now = clock::from_unix(crate::screens::tests::NOW);
        let ago = |secs: i64| age(now, clock::from_unix(crate::screens::tests::NOW - secs));
        assert_eq!(ago(59 * 60), "59m");
        assert_eq!(ago(5 * 3600), "5h");
        assert_eq!(ago(99 * 86_400), "99d");
        assert_eq!(ago(100 * 86_400), "14w");
        assert_eq!(ago(1_000 * 86_400), "2y");
        assert!(ago(i64::from(i32::MAX)).chars().count() <= 3);
    }

    #[test]
    fn the_hints_name_the_keys_in_force() {
        let mut ctx = ctx();
        assert!(tickets_hint(&ctx).contains("r: reply"));
        let mut keys = crate::keymap::Keymap::default();
        keys.apply("keys.toml", "[tickets]\nreply = [\"R\"]\nlink = [\"L\"]\n")
            .expect("keys");
        ctx.keymap = std::sync::Arc::new(keys);
        let hint = tickets_hint(&ctx);
        assert!(
            hint.contains("R: reply") && !hint.contains("r: reply"),
            "{hint}"
        );
        let hint = unanswered_hint(&ctx);
        assert!(hint.starts_with("L or Enter: link"), "{hint}");
        assert!(hint.contains("u or Esc: back"), "{hint}");
    }

    #[test]
    fn linking_a_cluster_asks_for_the_phrasing_then_the_article_then_links_them_all() {
        let ctx = ctx();
        let mut s = TicketsScreen::default();
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::Tickets(
                Vec::new(),
                Vec::new(),
                cluster_questions(vec![
                    question(1, "Export contacts to Outlook, I am Max Muster", 9),
                    question(3, "export contacts to outlook", 7),
                ]),
            ),
            &mut out,
        );
        s.act(&ctx, Action::Unanswered, &mut out);
        assert!(
            matches!(&out.jobs[..], [Job::Candidate(_, Lang::En)]),
            "{:?}",
            out.jobs
        );
        s.done(
            &ctx,
            Done::Candidate(
                "Export contacts to Outlook, I am Max Muster".into(),
                Some(FaqHit {
                    id: "export-contacts".into(),
                    lang: Lang::En,
                    title: "Export".into(),
                    confidence: 0.4,
                }),
            ),
            &mut out,
        );
        let mut out = Out::default();
        s.act(&ctx, Action::Link, &mut out);
        let mut ask = out.ask.take().expect("the phrasing is asked");
        assert_eq!(ask.text, "Export contacts to Outlook, I am Max Muster");
        // A phrasing the FAQ would refuse is refused at once, kept to mend.
        ask.text = "!!!".into();
        s.answer(&ctx, ask, &mut out);
        let mut ask = out.ask.take().expect("the phrasing again");
        assert_eq!((ask.label, ask.text.as_str()), (PHRASING, "!!!"));
        assert!(out.jobs.is_empty(), "{:?}", out.jobs);
        assert!(
            matches!(&out.status, Some(Status::Error(why)) if why.contains("letter or digit")),
            "{:?}",
            out.status
        );
        ask.text = "Export contacts to Outlook".into();
        s.answer(&ctx, ask, &mut out);
        let ask = out.ask.take().expect("then the article");
        assert_eq!(
            ask.text, "export-contacts",
            "the engine's candidate is offered"
        );
        s.answer(&ctx, ask, &mut out);
        match &out.jobs[..] {
            [
                Job::Link {
                    questions,
                    phrasing,
                    article,
                    ..
                },
            ] => {
                assert_eq!(questions, &[1, 3]);
                assert_eq!(phrasing, "Export contacts to Outlook");
                assert_eq!(article, "export-contacts");
            }
            other => panic!("{other:?}"),
        }
    }

    fn closed_ticket(id: i64) -> Ticket {
        Ticket {
            id: TicketId(id),
            from_bot: false,
            requester: "member:7".into(),
            lang: Lang::De,
            subject: "Passwort".into(),
            status: TicketStatus::Closed,
            assignee: None,
            updated_at: clock::from_unix(0),
            created_at: clock::from_unix(0),
            waiting_for: WaitingFor::Member,
            unread: 0,
            delivery_failure: None,
            rating: None,
        }
    }

    #[test]
    fn o_reopens_the_highlighted_ticket_and_a_refusal_is_said_in_my_language() {
        let mut ctx = ctx();
        let mut s = TicketsScreen::default();
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::Tickets(
                vec![closed_ticket(4), closed_ticket(9)],
                Vec::new(),
                Vec::new(),
            ),
            &mut out,
        );
        s.act(&ctx, Action::Down, &mut out);
        let mut out = Out::default();
        s.act(&ctx, Action::Reopen, &mut out);
        assert!(
            matches!(
                &out.jobs[..],
                [Job::TicketAction { id: TicketId(9), by, action: TicketAction::Reopen }]
                    if Some(*by) == ctx.me()
            ),
            "{:?}",
            out.jobs
        );
        ctx.lang = Lang::De;
        let mut out = Out::default();
        let back = s.done(
            &ctx,
            Done::TicketRefused(
                TicketAction::Reopen,
                desk::store::TicketRefusal::AlreadyOpen(TicketId(9)),
            ),
            &mut out,
        );
        assert!(back.is_none());
        assert_eq!(
            out.status,
            Some(crate::screens::Status::Error(
                "Ticket #9 ist bereits offen; es gibt nichts wieder zu öffnen.".into()
            ))
        );
    }

    #[test]
    fn a_reply_to_a_closed_ticket_suggests_reopening_it_on_the_consoles_database() {
        let mut ctx = ctx();
        ctx.db_flag = format!(
            " {}",
            locales::db_flag(std::path::Path::new("/srv/desk/hd.db"))
        );
        let mut s = TicketsScreen::default();
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::TicketRefused(
                TicketAction::Reply("Hello".into()),
                desk::store::TicketRefusal::Closed(TicketId(4)),
            ),
            &mut out,
        );
        let Some(crate::screens::Status::Error(said)) = &out.status else {
            panic!("{:?}", out.status);
        };
        assert!(
            said.ends_with("run helpdesk tickets reopen 4 --db /srv/desk/hd.db --as YOUR-ADDRESS."),
            "{said}"
        );
    }

    fn open_ticket(id: i64) -> Ticket {
        Ticket {
            status: TicketStatus::Open,
            waiting_for: WaitingFor::Team,
            ..closed_ticket(id)
        }
    }

    #[test]
    fn at_80_columns_each_ticket_says_whom_it_waits_for_and_how_long() {
        let mut ctx = ctx();
        let hours = |h: i64| clock::from_unix(crate::screens::tests::NOW - h * 3600);
        let tickets = vec![
            Ticket {
                created_at: hours(3),
                subject: "Konto gesperrt".into(),
                unread: 2,
                ..open_ticket(1)
            },
            Ticket {
                created_at: hours(30),
                waiting_for: WaitingFor::Member,
                ..open_ticket(2)
            },
            Ticket {
                created_at: hours(50),
                ..closed_ticket(3)
            },
        ];
        for (lang, team, member, closed) in [
            (Lang::En, "team", "member", "closed"),
            (Lang::De, "Team", "Mitglied", "erledigt"),
        ] {
            ctx.lang = lang;
            let mut s = TicketsScreen::default();
            let mut out = Out::default();
            s.done(
                &ctx,
                Done::Tickets(tickets.clone(), Vec::new(), Vec::new()),
                &mut out,
            );
            // The console's smallest window, 80 columns, gives the screen all 80.
            let screen = drawn(&ctx, &s);
            let row = |id: &str| {
                screen
                    .lines()
                    .find(|l| l.contains(id))
                    .unwrap_or_default()
                    .to_string()
            };
            let first = row("│#1 ");
            assert!(
                first.contains(&format!("#1    {team:<8}   3h ●2 Konto gesperrt")),
                "{screen}"
            );
            let second = row("│#2 ");
            assert!(
                second.contains(member) && second.contains(" 1d "),
                "{screen}"
            );
            let third = row("│#3 ");
            assert!(third.contains(closed) && third.contains(" 2d "), "{screen}");
        }
    }

    /// A ticket with `count` messages, numbered from the oldest, opened.
    fn reading(ctx: &Ctx, count: usize) -> TicketsScreen {
        let mut s = TicketsScreen::default();
        let mut out = Out::default();
        s.done(
            ctx,
            Done::Tickets(vec![open_ticket(4), open_ticket(9)], Vec::new(), Vec::new()),
            &mut out,
        );
        s.act(ctx, Action::Open, &mut out);
        assert!(matches!(&out.jobs[..], [Job::TicketMessages(TicketId(4))]));
        let messages = (1..=count)
            .map(|n| TicketMessage {
                author: if n % 2 == 1 {
                    TicketAuthor::Member
                } else {
                    TicketAuthor::Moderator
                },
                body: format!("message {n} of {count}"),
                at: clock::from_unix(crate::screens::tests::NOW + n as i64 * 60),
                files: Vec::new(),
            })
            .collect();
        s.done(ctx, Done::TicketMessages(TicketId(4), messages), &mut out);
        s
    }

    #[test]
    fn a_long_conversation_opens_at_its_newest_message_and_scrolls_with_the_list_keys() {
        let ctx = ctx();
        let mut s = reading(&ctx, 40);
        let screen = drawn(&ctx, &s);
        assert!(screen.contains("message 40 of 40"), "{screen}");
        assert!(!screen.contains("message 1 of 40"), "{screen}");
        assert!(screen.contains("Conversation #4 ↑"), "more above: {screen}");
        // Home is its start: the first message, and more below.
        let mut out = Out::default();
        s.act(&ctx, Action::First, &mut out);
        let screen = drawn(&ctx, &s);
        assert!(screen.contains("message 1 of 40"), "{screen}");
        assert!(!screen.contains("message 40 of 40"), "{screen}");
        assert!(screen.contains("#4 ↓"), "{screen}");
        // Down moves one line; the list's highlight stays on the ticket being read.
        s.act(&ctx, Action::Down, &mut out);
        assert_eq!(s.scroll, Some(1));
        s.act(&ctx, Action::PageDown, &mut out);
        assert_eq!(s.scroll, Some(1 + ctx.page));
        assert_eq!(s.cursor.selected, 0);
        assert!(out.jobs.is_empty(), "{:?}", out.jobs);
        // End follows the newest again, also when one more comes in.
        s.act(&ctx, Action::Last, &mut out);
        assert_eq!(s.scroll, None);
        let Some((_, messages)) = s.open.clone() else {
            panic!("open");
        };
        let mut more = messages;
        more.push(TicketMessage {
            author: TicketAuthor::Member,
            body: "one more\nin two lines".into(),
            at: ctx.now,
            files: Vec::new(),
        });
        s.done(&ctx, Done::TicketMessages(TicketId(4), more), &mut out);
        let screen = drawn(&ctx, &s);
        assert!(screen.contains("Member: one more"), "{screen}");
        assert!(screen.contains("│in two lines"), "{screen}");
        // Esc closes it, and the keys move in the list again.
        s.act(&ctx, Action::Back, &mut out);
        s.act(&ctx, Action::Down, &mut out);
        assert_eq!(s.cursor.selected, 1);
    }

    #[test]
    fn a_short_conversation_does_not_scroll_and_shows_its_failed_delivery() {
        let ctx = ctx();
        let mut s = reading(&ctx, 2);
        s.tickets[0].delivery_failure = Some("DMs closed".into());
        let mut out = Out::default();
        s.act(&ctx, Action::Up, &mut out);
        s.act(&ctx, Action::Up, &mut out);
        let screen = drawn(&ctx, &s);
        assert!(screen.contains("message 1 of 2"), "{screen}");
        assert!(screen.contains("message 2 of 2"), "{screen}");
        assert!(screen.contains("DMs closed"), "{screen}");
        assert!(screen.contains("Conversation #4─"), "no arrow: {screen}");
        let mut s = reading(&ctx, 40);
        s.tickets[0].delivery_failure = Some("DMs closed".into());
        let screen = drawn(&ctx, &s);
        assert!(
            screen.contains("DMs closed") && screen.contains("message 40 of 40"),
            "the warning stays above the newest message: {screen}"
        );
        // Under the warning fewer lines show: a page down skips none.
        let mut out = Out::default();
        s.act(&ctx, Action::First, &mut out);
        let top = drawn(&ctx, &s);
        let last_seen = (1..=40)
            .rev()
            .find(|n| top.contains(&format!("message {n} of 40")))
            .expect("a message shown");
        s.act(&ctx, Action::PageDown, &mut out);
        let next = drawn(&ctx, &s);
        assert!(
            next.contains(&format!("message {} of 40", last_seen + 1)),
            "message {} skipped:\n{top}\n{next}",
            last_seen + 1
        );
    }

    #[test]
    fn an_unrelated_failure_leaves_the_reply_guard_set_and_the_replys_own_clears_it() {
        let ctx = ctx();
        let mut s = TicketsScreen::default();
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::Tickets(vec![open_ticket(4)], Vec::new(), Vec::new()),
            &mut out,
        );
        s.act(&ctx, Action::Reply, &mut out);
        let mut ask = out.ask.take().expect("the reply is asked");
        ask.text = "Please try the CSV export.".into();
        s.answer(&ctx, ask, &mut out);
        let reply = out.jobs.pop().expect("the reply goes to the worker");
        assert!(matches!(
            &reply,
            Job::TicketAction {
                id: TicketId(4),
                action: TicketAction::Reply(_),
                ..
            }
        ));
        // Another job fails while the reply is on its way: the guard holds.
        s.failed(&Job::Tickets);
        s.failed(&Job::TicketAction {
            id: TicketId(4),
            by: desk::records::MemberId(1),
            action: TicketAction::Assign,
        });
        assert_eq!(s.replying, Some(TicketId(4)));
        let mut out = Out::default();
        s.act(&ctx, Action::Reply, &mut out);
        assert!(
            out.ask.is_none(),
            "no second reply while the first is stored"
        );
        assert!(
            matches!(&out.status, Some(crate::screens::Status::Error(e)) if e.contains("#4")),
            "{:?}",
            out.status
        );
        // The reply itself failing frees it for another try.
        s.failed(&reply);
        assert_eq!(s.replying, None);
        let mut out = Out::default();
        s.act(&ctx, Action::Reply, &mut out);
        let ask = out.ask.take().expect("asked again");
        s.answer(&ctx, ask, &mut out);
        assert_eq!(s.replying, Some(TicketId(4)));
        s.done(
            &ctx,
            Done::TicketChanged(TicketId(4), TicketAction::Reply("Thanks.".into())),
            &mut out,
        );
        assert_eq!(s.replying, None, "stored");
    }

    #[test]
    fn an_assignment_or_closing_queued_before_the_reply_leaves_the_reply_guard_set() {
        let ctx = ctx();
        let mut s = TicketsScreen::default();
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::Tickets(vec![open_ticket(4)], Vec::new(), Vec::new()),
            &mut out,
        );
        // Assign, close, then reply, all before the worker answers any.
        s.act(&ctx, Action::Assign, &mut out);
        s.act(&ctx, Action::Close, &mut out);
        s.act(&ctx, Action::Reply, &mut out);
        let mut ask = out.ask.take().expect("the reply is asked");
        ask.text = "Please try the CSV export.".into();
        s.answer(&ctx, ask, &mut out);
        let jobs: Vec<Job> = std::mem::take(&mut out.jobs);
        assert!(
            matches!(
                &jobs[..],
                [
                    Job::TicketAction {
                        action: TicketAction::Assign,
                        ..
                    },
                    Job::TicketAction {
                        action: TicketAction::Close,
                        ..
                    },
                    Job::TicketAction {
                        action: TicketAction::Reply(_),
                        ..
                    },
                ]
            ),
            "{jobs:?}"
        );
        // The assignment is stored and the closing refused: both are about
        // ticket 4, neither is the reply.
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::TicketChanged(TicketId(4), TicketAction::Assign),
            &mut out,
        );
        s.done(
            &ctx,
            Done::TicketRefused(
                TicketAction::Close,
                desk::store::TicketRefusal::AlreadyClosed(TicketId(4)),
            ),
            &mut out,
        );
        assert_eq!(
            s.replying,
            Some(TicketId(4)),
            "the reply is still on its way"
        );
        let mut out = Out::default();
        s.act(&ctx, Action::Reply, &mut out);
        assert!(out.ask.is_none(), "the same reply cannot be sent twice");
        // The reply's own answer frees the guard.
        s.done(
            &ctx,
            Done::TicketChanged(
                TicketId(4),
                TicketAction::Reply("Please try the CSV export.".into()),
            ),
            &mut out,
        );
        assert_eq!(s.replying, None);
    }

    #[test]
    fn a_candidate_that_failed_is_asked_for_again_when_its_cluster_is_highlighted() {
        let ctx = ctx();
        let mut s = TicketsScreen::default();
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::Tickets(
                Vec::new(),
                Vec::new(),
                cluster_questions(vec![
                    question(1, "export contacts to outlook", 9),
                    question(2, "change my password please", 3),
                ]),
            ),
            &mut out,
        );
        s.act(&ctx, Action::Unanswered, &mut out);
        let asked = out.jobs.pop().expect("the candidate is asked");
        s.failed(&asked);
        let mut out = Out::default();
        s.act(&ctx, Action::Down, &mut out);
        s.act(&ctx, Action::Up, &mut out);
        assert!(
            matches!(&out.jobs[..], [Job::Candidate(..), Job::Candidate(q, _)] if q.contains("outlook")),
            "{:?}",
            out.jobs
        );
    }

    #[test]
    fn at_80_columns_a_ticket_row_shows_its_subject_and_marks() {
        let ctx = ctx();
        let mut s = TicketsScreen::default();
        let mut out = Out::default();
        let mut ticket = open_ticket(4);
        ticket.subject = "Gmail-Kontakte fehlen".into();
        ticket.unread = 2;
        ticket.delivery_failure = Some("DMs closed".into());
        ticket.assignee = Some("Anna Berg".into());
        ticket.created_at = ctx.now - time::Duration::hours(3);
        s.done(
            &ctx,
            Done::Tickets(vec![ticket], Vec::new(), Vec::new()),
            &mut out,
        );
        let screen = drawn(&ctx, &s);
        let row = screen.lines().nth(1).expect("the first row");
        assert!(row.contains("●2 ⚠ Gmail-Kontakte"), "{row}");
        // With room for them, the state and the assignee come back.
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 10)).expect("terminal");
        terminal
            .draw(|frame| {
                s.view(&ctx, frame, frame.area());
            })
            .expect("draw");
        let buffer = terminal.backend().buffer();
        let row: String = (0..120u16).map(|x| buffer[(x, 1)].symbol()).collect();
        assert!(row.contains("team       Anna Berg"), "{row}");
        assert!(row.contains("●2 ⚠ Gmail"), "{row}");
    }

    #[test]
    fn a_conversation_left_behind_under_the_statistics_is_not_shown_beside_another_ticket() {
        let ctx = ctx();
        let mut s = reading(&ctx, 3);
        let mut out = Out::default();
        s.act(&ctx, Action::Stats, &mut out);
        s.act(&ctx, Action::Down, &mut out);
        s.act(&ctx, Action::Stats, &mut out);
        assert!(s.open.is_none(), "#4's conversation beside #9");
        let screen = drawn(&ctx, &s);
        assert!(!screen.contains("message 1 of 3"), "{screen}");
        // Moving back onto the ticket keeps nothing stale either.
        s.act(&ctx, Action::Open, &mut out);
        assert!(
            matches!(out.jobs.last(), Some(Job::TicketMessages(TicketId(9)))),
            "{:?}",
            out.jobs
        );
    }

    #[test]
    fn reading_a_conversation_clears_its_unread_mark() {
        let ctx = ctx();
        let mut s = TicketsScreen::default();
        let mut out = Out::default();
        let mut ticket = open_ticket(4);
        ticket.unread = 2;
        s.done(
            &ctx,
            Done::Tickets(vec![ticket], Vec::new(), Vec::new()),
            &mut out,
        );
        s.done(
            &ctx,
            Done::TicketMessages(TicketId(4), Vec::new()),
            &mut out,
        );
        assert_eq!(s.tickets[0].unread, 0);
    }

    #[test]
    fn the_highlight_stays_on_its_ticket_when_a_new_one_comes_in() {
        let ctx = ctx();
        let mut s = reading(&ctx, 3);
        let mut out = Out::default();
        // A member opens a ticket: it leads the list.
        s.done(
            &ctx,
            Done::Tickets(
                vec![open_ticket(12), open_ticket(4), open_ticket(9)],
                Vec::new(),
                Vec::new(),
            ),
            &mut out,
        );
        s.act(&ctx, Action::Close, &mut out);
        assert!(
            matches!(
                &out.jobs[..],
                [
                    ..,
                    Job::TicketAction {
                        id: TicketId(4),
                        action: TicketAction::Close,
                        ..
                    }
                ]
            ),
            "the ticket being read is closed: {:?}",
            out.jobs
        );
    }

    #[test]
    fn the_list_reloads_by_itself_when_another_process_wrote() {
        let ctx = ctx();
        let mut s = TicketsScreen::default();
        let mut out = Out::default();
        s.tick(&ctx, &mut out);
        assert!(
            matches!(&out.jobs[..], [Job::DataVersion("tickets")]),
            "{:?}",
            out.jobs
        );
        let mut out = Out::default();
        s.done(&ctx, Done::DataVersion("tickets", 3), &mut out);
        assert!(out.jobs.is_empty(), "the first answer is the baseline");
        s.done(&ctx, Done::DataVersion("tickets", 3), &mut out);
        assert!(out.jobs.is_empty(), "nothing changed");
        let back = s.done(&ctx, Done::DataVersion("invite", 9), &mut out);
        assert!(
            out.jobs.is_empty() && back.is_some(),
            "another screen's answer"
        );
        s.done(&ctx, Done::DataVersion("tickets", 4), &mut out);
        assert!(
            matches!(&out.jobs[..], [Job::DataVersion("tickets"), Job::Tickets]),
            "{:?}",
            out.jobs
        );
    }

    #[test]
    fn a_write_before_the_first_tick_is_not_missed() {
        let ctx = ctx();
        let mut s = TicketsScreen::default();
        // The screen comes to the front: the counter is read before the list.
        let jobs = s.shown(&ctx);
        assert!(
            matches!(&jobs[..], [Job::DataVersion("tickets"), Job::Tickets]),
            "{jobs:?}"
        );
        let mut out = Out::default();
        s.done(&ctx, Done::DataVersion("tickets", 3), &mut out);
        // Another process writes before the first tick: the tick notices it.
        s.tick(&ctx, &mut out);
        let mut out = Out::default();
        s.done(&ctx, Done::DataVersion("tickets", 4), &mut out);
        assert!(
            out.jobs.iter().any(|j| matches!(j, Job::Tickets)),
            "{:?}",
            out.jobs
        );
    }

    #[test]
    fn a_members_files_show_how_to_save_them_or_why_only_the_link_is_left() {
        let mut ctx = ctx();
        ctx.db_flag = format!(
            " {}",
            locales::db_flag(std::path::Path::new("team desk/hd.db"))
        );
        let file = |id: i64, size: u64, state: FileState| TicketFile {
            id,
            filename: "Fehler\nü.png".into(),
            content_type: Some("image/png".into()),
            size,
            url: "https://cdn.discordapp.com/attachments/1/2/f.png".into(),
            state,
        };
        let shown = |f: TicketFile| -> String {
            file_line(&ctx, &f)
                .spans
                .iter()
                .map(|s| s.content.to_string())
                .collect()
        };
        assert_eq!(
            shown(file(3, 48_213, FileState::Kept)),
            "    📎 #3 Fehler ü.png (48 KB), kept: helpdesk tickets file 3 --db 'team desk/hd.db' --out PATH"
        );
        assert!(shown(file(4, 9_000_000, FileState::TooLarge)).contains(
            "(8790 KB) was too large to keep; only the link, which expires after about \
                 a day: https://cdn.discordapp.com/attachments/1/2/f.png"
        ));
        let failed = || {
            file(
                5,
                10,
                FileState::Failed(desk::store::FileFailure::Http(404)),
            )
        };
        assert!(
            shown(failed())
                .contains("could not be fetched (Discord's file server answered HTTP 404)"),
            "{}",
            shown(failed())
        );
        // Why, in the moderator's language too.
        let mut german = crate::screens::tests::ctx();
        german.lang = Lang::De;
        let line: String = file_line(&german, &failed())
            .spans
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert!(
            line.contains("Discords Dateiserver antwortete mit HTTP 404"),
            "{line}"
        );
    }
}
