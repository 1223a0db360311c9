//! Support tickets (age, state, assignee, the conversation, a statistics
//! panel) and the questions the bot could not answer, gathered in clusters
//! of similar phrasings that one key links to an FAQ article.

use super::{Ask, Ctx, Out, Screen};
use crate::keymap::Action;
use crate::widgets::{Cursor, ListArea, bold, cell, dim, draw_list, framed, mark, split};
use crate::worker::{Done, FaqHit, Job, TicketAction};
use desk::clock::Timestamp;
use desk::records::TicketId;
use desk::store::{
    FileState, QuestionCluster, Ticket, TicketAuthor, TicketFile, TicketMessage, TicketStats,
    TicketStatus, UnansweredQuestion, WaitingFor,
};
use knowledge::corpus::PhrasingError;
use locales::Lang;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use std::collections::BTreeMap;

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
}

impl TicketsScreen {
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
        self.want_candidate(out);
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
        let mut jobs = vec![Job::Tickets];
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

    fn act(&mut self, ctx: &Ctx, action: Action, out: &mut Out) {
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
            (Action::Open, Some(id)) => out.job(Job::TicketMessages(id)),
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
        self.cursor_mut().selected = row;
        self.want_candidate(out);
    }

    fn answer(&mut self, ctx: &Ctx, ask: Ask, out: &mut Out) {
        let Some(me) = ctx.me() else {
            return;
        };
        let text = ask.text.trim().to_string();
        match ask.label {
            REPLY => out.job(Job::TicketAction {
                id: TicketId(ask.target),
                by: me,
                action: TicketAction::Reply(text),
            }),
            PHRASING if !text.is_empty() => {
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
                self.tickets = tickets;
                self.unanswered = unanswered;
                self.clusters = clusters.iter().map(Cluster::from).collect();
                self.cursor.step(self.tickets.len(), 0);
                self.ucursor.step(self.clusters.len(), 0);
                self.want_candidate(out);
            }
            Done::TicketMessages(id, messages) => self.open = Some((id, messages)),
            Done::TicketChanged(id) => {
                out.info(ctx.fmt("console-ticket-changed", &[("ticket", id.0.into())]));
                out.jobs.extend(self.reload());
                if self.open.as_ref().is_some_and(|(open, _)| *open == id) {
                    out.job(Job::TicketMessages(id));
                }
            }
            Done::TicketRefused(refusal) => out.error(refusal.message(&ctx.l, ctx.lang)),
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
            Done::PhrasingRefused(why) => {
                let id = match why {
                    PhrasingError::Empty => "console-phrasing-empty",
                    PhrasingError::NoWords => "console-phrasing-no-words",
                    PhrasingError::TooLong => "console-phrasing-too-long",
                };
                out.error(ctx.fmt(
                    id,
                    &[(
                        "most",
                        (knowledge::corpus::MAX_PHRASING_CHARS as u64).into(),
                    )],
                ));
            }
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
            lines.push(Line::styled(ctx.text("console-unanswered-hint"), dim()));
            frame.render_widget(framed(ctx.text("console-tickets-side"), lines), right);
            return Some(drawn);
        }
        let list = &self.tickets;
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
                let mut spans = vec![
                    Span::raw(format!("#{:<4} {} ", k.id.0, cell(&state, 8))),
                    Span::styled(format!("{:>4} ", age(ctx.now, k.created_at)), dim()),
                    Span::raw(format!(
                        "{} {} ",
                        cell(&waits, 10),
                        cell(k.assignee.as_deref().unwrap_or("–"), 14),
                    )),
                ];
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
                lines.push(Line::styled(format!("#{}", id.0), bold()));
                if let Some(why) = self
                    .tickets
                    .iter()
                    .find(|t| t.id == *id)
                    .and_then(|t| t.delivery_failure.as_ref())
                {
                    lines.push(Line::styled(
                        ctx.fmt(
                            "console-ticket-undelivered",
                            &[("reason", why.as_str().into())],
                        ),
                        Style::default().fg(Color::Red),
                    ));
                }
                for m in messages {
                    let author = ctx.text(match m.author {
                        TicketAuthor::Member => "console-author-member",
                        TicketAuthor::Bot => "console-author-bot",
                        TicketAuthor::Moderator => "console-author-moderator",
                    });
                    lines.push(Line::from(vec![
                        Span::styled(format!("{} {author}: ", ctx.when(m.at)), dim()),
                        Span::raw(m.body.clone()),
                    ]));
                    lines.extend(m.files.iter().map(|f| file_line(ctx, f)));
                }
            }
            (Panel::Conversation, None) => {
                lines.push(Line::styled(ctx.text("console-tickets-hint"), dim()));
            }
        }
        frame.render_widget(framed(ctx.text("console-tickets-side"), lines), right);
        Some(drawn)
    }
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
            ctx.fmt("console-ticket-file-kept", &[id(), name(), kib()]),
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
                &[id(), name(), ("reason", why.as_str().into()), url()],
            ),
            Style::default().fg(Color::Yellow),
        ),
    };
    Line::styled(format!("    {text}"), style)
}

/// How long ago, in the largest whole unit: `5m`, `3h`, `2d`.
pub fn age(now: Timestamp, then: Timestamp) -> String {
    let secs = (now - then).whole_seconds().max(0);
    match secs {
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
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
    use crate::screens::tests::ctx;
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
            Done::TicketRefused(desk::store::TicketRefusal::AlreadyOpen(TicketId(9))),
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
        assert!(matches!(&out.jobs[..], [Job::Tickets]), "{:?}", out.jobs);
    }

    #[test]
    fn a_members_files_show_how_to_save_them_or_why_only_the_link_is_left() {
        let ctx = ctx();
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
            "    📎 #3 Fehler ü.png (48 KB), kept: helpdesk tickets file 3 --out PATH"
        );
        assert!(shown(file(4, 9_000_000, FileState::TooLarge)).contains(
            "(8790 KB) was too large to keep; only the link, which expires after about \
                 a day: https://cdn.discordapp.com/attachments/1/2/f.png"
        ));
        assert!(
            shown(file(
                5,
                10,
                FileState::Failed("the CDN answered HTTP 404".into())
            ))
            .contains("could not be fetched (the CDN answered HTTP 404)")
        );
    }
}
