//! The review queue: held invitations in my groups, one by one or grouped
//! by inviter (a mass mailer is one decision), approved or rejected with a
//! note, and the audit log.

use super::{Ask, Ctx, Out, Screen};
use crate::keymap::Action;
use crate::widgets::{
    Cursor, ListArea, bold, cell, dim, draw_list, framed, highlighted, scroll_end, scrolled, split,
    with_more, words,
};
use crate::worker::{Done, Job};
use desk::records::InvitationId;
use desk::store::{AuditEntry, FlaggedInvitation, InviterQueue};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use std::cell::Cell;
use std::collections::BTreeSet;

const APPROVE: &str = "console-prompt-approve";
const REJECT: &str = "console-prompt-reject";

/// What the queue shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReviewView {
    /// One row per held invitation.
    #[default]
    Queue,
    /// One row per inviter, with counts and near-duplicate clusters.
    ByInviter,
    /// The audit log.
    Audit,
}

/// One inviter's held invitations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviterGroup {
    /// Who sent them.
    pub inviter: String,
    /// Their held invitations.
    pub ids: Vec<InvitationId>,
    /// The size of each cluster of near-identical texts, largest first.
    pub clusters: Vec<usize>,
}

impl From<&InviterQueue> for InviterGroup {
    fn from(q: &InviterQueue) -> InviterGroup {
        InviterGroup {
            inviter: q.inviter_name.clone(),
            ids: q.clusters.iter().flat_map(|c| c.ids()).collect(),
            clusters: q.clusters.iter().map(|c| c.invitations.len()).collect(),
        }
    }
}

/// The Review screen.
#[derive(Debug, Clone, Default)]
pub struct ReviewScreen {
    /// Flagged invitations in my groups.
    pub items: Vec<FlaggedInvitation>,
    /// The highlighted one (or inviter, or audit entry).
    pub cursor: Cursor,
    /// Bulk selection.
    pub marked: BTreeSet<InvitationId>,
    /// The latest audit entries.
    pub audit: Vec<AuditEntry>,
    /// What is shown.
    pub view: ReviewView,
    /// The queue by inviter (kept in step with `items`).
    pub inviters: Vec<InviterGroup>,
    /// Where the latest decision stands.
    pub decision: Decision,
    /// Enter gave the moving keys to the detail (why it was held, the
    /// text, the similar texts), which at 80x24 is longer than the panel.
    pub reading: bool,
    /// How many lines the detail is scrolled down.
    pub scroll: usize,
    /// How far it can be scrolled, as the last frame drew it.
    pub extent: Cell<usize>,
}

/// A decision on its way: until the queue is read again after it, the rows
/// shown are the ones it decided, and deciding them again only fails.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Decision {
    /// Nothing on its way.
    #[default]
    None,
    /// Sent to the worker.
    Deciding,
    /// Decided; the queue is being read again.
    Reloading,
}

impl ReviewScreen {
    fn len(&self) -> usize {
        match self.view {
            ReviewView::Queue => self.items.len(),
            ReviewView::ByInviter => self.inviters.len(),
            ReviewView::Audit => self.audit.len(),
        }
    }

    fn toggle(&mut self, ids: &[InvitationId]) {
        if ids.iter().all(|id| self.marked.contains(id)) {
            for id in ids {
                self.marked.remove(id);
            }
        } else {
            self.marked.extend(ids.iter().copied());
        }
    }

    /// What a decision applies to: the marked, else the highlighted row.
    pub fn chosen(&self) -> Vec<InvitationId> {
        if !self.marked.is_empty() {
            return self.marked.iter().copied().collect();
        }
        self.highlighted()
    }

    /// The invitations of the highlighted row: one, or an inviter's whole group.
    fn highlighted(&self) -> Vec<InvitationId> {
        match self.view {
            ReviewView::Queue => self
                .items
                .get(self.cursor.selected)
                .map(|f| f.invitation.id)
                .into_iter()
                .collect(),
            ReviewView::ByInviter => self
                .inviters
                .get(self.cursor.selected)
                .map(|g| g.ids.clone())
                .unwrap_or_default(),
            ReviewView::Audit => Vec::new(),
        }
    }

    fn switch(&mut self, view: ReviewView) {
        self.view = if self.view == view {
            ReviewView::Queue
        } else {
            view
        };
        self.cursor = Cursor::default();
    }
}

impl Screen for ReviewScreen {
    fn id(&self) -> &'static str {
        "review"
    }

    fn badge(&self) -> Option<usize> {
        (!self.items.is_empty()).then_some(self.items.len())
    }

    fn load(&mut self, ctx: &Ctx) -> Vec<Job> {
        ctx.me().map(Job::Review).into_iter().collect()
    }

    fn shown(&mut self, ctx: &Ctx) -> Vec<Job> {
        self.load(ctx)
    }

    fn scrolls(&self) -> bool {
        self.reading
    }

    fn act(&mut self, ctx: &Ctx, action: Action, out: &mut Out) {
        if self.reading {
            let end = self.extent.get();
            if let Some(to) = scrolled(action, self.scroll, end, ctx.page) {
                self.scroll = to;
                return;
            }
            match action {
                Action::Back => {
                    self.reading = false;
                    return;
                }
                // The highlight stays on what is read: a decision is about it.
                Action::Mark => {
                    let ids = self.highlighted();
                    self.toggle(&ids);
                    return;
                }
                Action::Audit | Action::ByInviter => self.reading = false,
                _ => {}
            }
        }
        let len = self.len();
        let page = ctx.page.max(1) as isize;
        let deciding = self.view != ReviewView::Audit
            && !self.chosen().is_empty()
            && self.decision == Decision::None;
        match action {
            Action::Up => self.cursor.step(len, -1),
            Action::Down => self.cursor.step(len, 1),
            Action::PageUp => self.cursor.step(len, -page),
            Action::PageDown => self.cursor.step(len, page),
            Action::First => self.cursor.step(len, isize::MIN / 2),
            Action::Last => self.cursor.step(len, isize::MAX / 2),
            Action::Audit => self.switch(ReviewView::Audit),
            Action::ByInviter => self.switch(ReviewView::ByInviter),
            Action::Back => {
                self.view = ReviewView::Queue;
                self.cursor = Cursor::default();
            }
            Action::Open if !self.highlighted().is_empty() => {
                self.reading = true;
                self.scroll = 0;
            }
            Action::Mark => {
                let ids = self.highlighted();
                if !ids.is_empty() {
                    self.toggle(&ids);
                    self.cursor.step(len, 1);
                }
            }
            Action::Approve | Action::Reject if deciding => {
                out.ask = Some(Ask {
                    label: if action == Action::Approve {
                        APPROVE
                    } else {
                        REJECT
                    },
                    target: 0,
                    text: String::new(),
                });
            }
            _ => {}
        }
    }

    fn click(&mut self, _ctx: &Ctx, row: usize, _out: &mut Out) {
        if row != self.cursor.selected {
            self.scroll = 0;
        }
        self.cursor.selected = row;
    }

    fn failed(&mut self, job: &Job) {
        // The decision, or the reading of the queue after it, will not answer.
        if matches!(job, Job::Decide { .. } | Job::Review(_)) {
            self.decision = Decision::None;
        }
    }

    fn answer(&mut self, ctx: &Ctx, ask: Ask, out: &mut Out) {
        let ids = self.chosen();
        if let (Some(by), false) = (ctx.me(), ids.is_empty()) {
            self.decision = Decision::Deciding;
            out.job(Job::Decide {
                ids,
                by,
                approve: ask.label == APPROVE,
                note: ask.text.trim().to_string(),
            });
        }
    }

    fn done(&mut self, ctx: &Ctx, done: Done, out: &mut Out) -> Option<Done> {
        match done {
            Done::Review(items, audit, queue) => {
                if self.decision == Decision::Reloading {
                    self.decision = Decision::None;
                }
                let read = self.highlighted();
                self.items = items;
                self.audit = audit;
                self.inviters = queue.iter().map(InviterGroup::from).collect();
                let ids: BTreeSet<_> = self.items.iter().map(|f| f.invitation.id).collect();
                self.marked.retain(|id| ids.contains(id));
                let len = self.len();
                self.cursor.step(len, 0);
                if self.highlighted() != read {
                    self.reading = false;
                    self.scroll = 0;
                }
            }
            Done::Decided { approved, reviewed } => {
                self.decision = Decision::Reloading;
                // What was read is decided; the next one starts at its top.
                self.reading = false;
                self.scroll = 0;
                let decided = reviewed.iter().filter(|r| r.outcome.applied()).count();
                let failed: Vec<(InvitationId, String)> = reviewed
                    .iter()
                    .filter(|r| !r.outcome.applied())
                    .map(|r| (r.id, r.outcome.message_in(&ctx.l, ctx.lang, &ctx.zone)))
                    .collect();
                let id = if approved {
                    "console-review-approved"
                } else {
                    "console-review-rejected"
                };
                let mut text = ctx.fmt(id, &[("count", (decided as u64).into())]);
                if let Some((first, why)) = failed.first() {
                    text.push_str(" · ");
                    text.push_str(&ctx.fmt(
                        "console-review-refused",
                        &[
                            ("count", (failed.len() as u64).into()),
                            ("invitation", first.0.into()),
                            ("reason", why.as_str().into()),
                        ],
                    ));
                    out.error(text);
                } else {
                    out.info(text);
                }
                self.marked.clear();
                if let Some(me) = ctx.me() {
                    out.job(Job::Review(me));
                    out.job(Job::Sent(me));
                }
            }
            other => return Some(other),
        }
        None
    }

    fn view(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) -> Option<ListArea> {
        if self.view == ReviewView::Audit {
            let audit = &self.audit;
            return Some(draw_list(
                frame,
                area,
                ctx.text("console-audit-title"),
                audit.len(),
                Some(self.cursor),
                &|i| {
                    let e = &audit[i];
                    Line::from(vec![
                        Span::styled(format!("{} ", ctx.when(e.at)), dim()),
                        Span::raw(format!(
                            "{} {} {} {}",
                            cell(e.moderator.as_deref().unwrap_or_default(), 18),
                            cell(&e.action, 22),
                            e.target,
                            e.note
                        )),
                    ])
                },
            ));
        }
        let [left, right] = split(area, 50);
        let items = &self.items;
        let title = if items.is_empty() {
            ctx.text("console-review-empty")
        } else {
            ctx.fmt(
                "console-review-title",
                &[
                    ("count", (items.len() as u64).into()),
                    ("marked", (self.marked.len() as u64).into()),
                ],
            )
        };
        if self.view == ReviewView::ByInviter {
            let groups = &self.inviters;
            let list = draw_list(frame, left, title, groups.len(), Some(self.cursor), &|i| {
                let g = &groups[i];
                let tick = if g.ids.iter().all(|id| self.marked.contains(id)) {
                    "[x]"
                } else {
                    "[ ]"
                };
                Line::raw(format!(
                    "{tick} {} · {}",
                    g.inviter,
                    ctx.fmt(
                        "console-review-inviter-count",
                        &[
                            ("count", (g.ids.len() as u64).into()),
                            (
                                "largest",
                                (g.clusters.first().copied().unwrap_or(0) as u64).into()
                            ),
                        ],
                    )
                ))
            });
            let mut lines: Vec<Line> = Vec::new();
            if let Some(g) = groups.get(self.cursor.selected) {
                lines.push(Line::styled(g.inviter.clone(), bold()));
                for f in items
                    .iter()
                    .filter(|f| f.inviter_name == g.inviter)
                    .take(20)
                {
                    lines.push(Line::raw(format!(
                        "→ {} · {}",
                        f.invitation.invitee_name, f.invitation.group_name
                    )));
                }
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    ctx.fmt(
                        "console-review-inviter-hint",
                        &[
                            ("mark", ctx.keys("review", Action::Mark).into()),
                            ("approve", ctx.keys("review", Action::Approve).into()),
                            ("reject", ctx.keys("review", Action::Reject).into()),
                        ],
                    ),
                    dim(),
                ));
            }
            self.detail(ctx, frame, right, lines);
            return Some(list);
        }
        let list = draw_list(frame, left, title, items.len(), Some(self.cursor), &|i| {
            let f = &items[i];
            let tick = if self.marked.contains(&f.invitation.id) {
                "[x]"
            } else {
                "[ ]"
            };
            Line::raw(format!(
                "{tick} {} → {} · {}",
                f.inviter_name, f.invitation.invitee_name, f.invitation.group_name
            ))
        });
        let mut lines: Vec<Line> = Vec::new();
        if let Some(f) = items.get(self.cursor.selected) {
            for flag in &f.invitation.flags {
                lines.push(Line::styled(
                    format!("! {}", flag.message(&ctx.l, ctx.lang)),
                    Style::default().fg(Color::Yellow),
                ));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(f.invitation.subject.clone(), bold()));
            let others: Vec<String> = f.similar_texts.iter().flat_map(|(_, t)| words(t)).collect();
            lines.push(highlighted(&f.invitation.text, &|w| {
                others.iter().any(|o| o == w)
            }));
            if !f.similar_texts.is_empty() {
                lines.push(Line::raw(""));
                lines.push(Line::styled(ctx.text("console-review-similar"), dim()));
                let own = words(&f.invitation.text);
                for (_, text) in f.similar_texts.iter().take(3) {
                    lines.push(highlighted(text, &|w| own.iter().any(|o| o == w)));
                }
            }
        }
        self.detail(ctx, frame, right, lines);
        Some(list)
    }
}

impl ReviewScreen {
    /// The detail panel, scrolled as the moderator left it; its frame
    /// says when there is more below or above.
    fn detail(&self, ctx: &Ctx, frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
        // The title says whether there is more, so the lines are counted first.
        let end = scroll_end(&framed(String::new(), lines.clone()), area);
        self.extent.set(end);
        let at = if self.reading {
            self.scroll.min(end)
        } else {
            0
        };
        let title = with_more(ctx.text("console-review-detail"), at, end);
        frame.render_widget(
            framed(title, lines).scroll((u16::try_from(at).unwrap_or(u16::MAX), 0)),
            area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screens::tests::ctx;
    use crate::screens::tests::drawn;
    use desk::Breach;
    use desk::store::{ReviewOutcome, Reviewed};

    #[test]
    fn a_batch_reports_the_rule_that_failed_and_reloads_the_queue() {
        let ctx = ctx();
        let mut s = ReviewScreen::default();
        s.marked.insert(InvitationId(1));
        s.marked.insert(InvitationId(2));
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::Decided {
                approved: true,
                reviewed: vec![
                    Reviewed {
                        id: InvitationId(1),
                        outcome: ReviewOutcome::Approved,
                    },
                    Reviewed {
                        id: InvitationId(2),
                        outcome: ReviewOutcome::RulesBroken(vec![Breach::InvitationsOff]),
                    },
                ],
            },
            &mut out,
        );
        match &out.status {
            Some(crate::screens::Status::Error(text)) => {
                assert!(text.starts_with("1 invitation approved"), "{text}");
                assert!(text.contains("invitation 2"), "{text}");
                assert!(text.contains("switched group invitations off"), "{text}");
            }
            other => panic!("{other:?}"),
        }
        assert!(s.marked.is_empty());
        assert!(
            matches!(&out.jobs[..], [Job::Review(_), Job::Sent(_)]),
            "{:?}",
            out.jobs
        );
    }

    #[test]
    fn a_second_approve_before_the_queue_is_read_again_asks_nothing() {
        let ctx = ctx();
        let mut s = ReviewScreen::default();
        s.marked.insert(InvitationId(1));
        let mut out = Out::default();
        s.act(&ctx, Action::Approve, &mut out);
        let ask = out.ask.take().expect("a note is asked");
        s.answer(&ctx, ask, &mut out);
        assert!(
            matches!(&out.jobs[..], [Job::Decide { .. }]),
            "{:?}",
            out.jobs
        );
        // The worker is still busy with it: the same rows cannot be decided twice.
        let mut out = Out::default();
        s.act(&ctx, Action::Approve, &mut out);
        assert!(out.ask.is_none());
        s.done(
            &ctx,
            Done::Decided {
                approved: true,
                reviewed: vec![Reviewed {
                    id: InvitationId(1),
                    outcome: ReviewOutcome::Approved,
                }],
            },
            &mut out,
        );
        s.marked.insert(InvitationId(1));
        s.act(&ctx, Action::Approve, &mut out);
        assert!(out.ask.is_none(), "the queue is not read again yet");
        s.done(
            &ctx,
            Done::Review(Vec::new(), Vec::new(), Vec::new()),
            &mut out,
        );
        assert_eq!(s.decision, Decision::None);
    }

    fn held(id: i64, text: String) -> FlaggedInvitation {
        FlaggedInvitation {
            invitation: desk::GroupInvitation {
                id: InvitationId(id),
                inviter: desk::records::MemberId(2),
                invitee: desk::records::MemberId(3),
                invitee_name: "Ben Carter".into(),
                group: desk::records::GroupId(1),
                group_name: "Berlin Networking".into(),
                subject: "Join us".into(),
                text,
                route: desk::Route::Group,
                status: desk::InvitationStatus::Flagged,
                flags: Vec::new(),
                sent_at: desk::clock::from_unix(crate::screens::tests::NOW),
                review_note: None,
            },
            inviter_name: "Felix Neumann".into(),
            similar_texts: Vec::new(),
        }
    }

    #[test]
    fn enter_reads_a_held_text_longer_than_the_panel_to_its_end() {
        let ctx = ctx();
        let mut s = ReviewScreen::default();
        let mut out = Out::default();
        // A text near the 500 characters allowed, and the nearly identical
        // one sent before: the near-duplicate flag's evidence.
        let text = format!(
            "Hallo Ben, {}und bis bald, Felix.",
            "wir treffen uns jeden Monat. ".repeat(16)
        );
        let mut long = held(1, text.clone());
        long.similar_texts = vec![(
            InvitationId(7),
            text.replace("Ben", "Emil").replace("bis bald", "tschüss"),
        )];
        s.done(
            &ctx,
            Done::Review(vec![long, held(2, "Kurz.".into())], Vec::new(), Vec::new()),
            &mut out,
        );
        let screen = drawn(&ctx, &s);
        assert!(screen.contains("Hallo Ben"), "{screen}");
        assert!(!screen.contains("tschüss, Felix."), "{screen}");
        assert!(screen.contains("text ↓"), "{screen}");
        s.act(&ctx, Action::Open, &mut out);
        s.act(&ctx, Action::Last, &mut out);
        let screen = drawn(&ctx, &s);
        assert!(screen.contains("tschüss, Felix."), "{screen}");
        assert!(screen.contains("text ↑"), "{screen}");
        // The keys scroll; the highlight stays on what is read and decided.
        s.act(&ctx, Action::Down, &mut out);
        s.act(&ctx, Action::Up, &mut out);
        s.act(&ctx, Action::Mark, &mut out);
        assert_eq!(s.cursor.selected, 0);
        assert_eq!(s.chosen(), [InvitationId(1)]);
        s.act(&ctx, Action::Back, &mut out);
        s.act(&ctx, Action::Down, &mut out);
        assert_eq!(s.cursor.selected, 1);
        let screen = drawn(&ctx, &s);
        assert!(screen.contains("Kurz."), "{screen}");
    }

    #[test]
    fn marking_an_inviter_marks_all_their_invitations_for_one_decision() {
        let ctx = ctx();
        let mut s = ReviewScreen {
            view: ReviewView::ByInviter,
            inviters: vec![InviterGroup {
                inviter: "Mass Mailer".into(),
                ids: (1..=30).map(InvitationId).collect(),
                clusters: vec![30],
            }],
            ..ReviewScreen::default()
        };
        let mut out = Out::default();
        s.act(&ctx, Action::Mark, &mut out);
        assert_eq!(s.marked.len(), 30);
        s.act(&ctx, Action::Reject, &mut out);
        let ask = out.ask.take().expect("a note is asked");
        s.answer(&ctx, ask, &mut out);
        match &out.jobs[..] {
            [Job::Decide { ids, approve, .. }] => {
                assert_eq!(ids.len(), 30);
                assert!(!approve);
            }
            other => panic!("{other:?}"),
        }
    }
}
