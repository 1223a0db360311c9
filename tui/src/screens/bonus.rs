//! Referral bonus: find a member, see their progress, and compare an address
//! book with the network (nothing of the file is kept).

use super::{Ask, Ctx, Out, Screen};
use crate::keymap::Action;
use crate::widgets::{Cursor, ListArea, bold, dim, draw_list, edit, framed, search_box};
use crate::worker::{Done, Job};
use desk::address_book::Comparison;
use desk::records::Member;
use desk::referrals::BonusProgress;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use std::path::PathBuf;

/// The Bonus screen.
#[derive(Debug, Clone)]
pub struct BonusScreen {
    /// The member search.
    pub query: String,
    /// The search box has the keyboard.
    pub editing: bool,
    /// Members found.
    pub found: Vec<Member>,
    /// The highlighted one.
    pub cursor: Cursor,
    /// The figures shown.
    pub progress: Option<(Member, BonusProgress)>,
    /// The last address-book comparison.
    pub comparison: Option<(PathBuf, Comparison)>,
}

impl Default for BonusScreen {
    fn default() -> BonusScreen {
        BonusScreen {
            query: String::new(),
            editing: true,
            found: Vec::new(),
            cursor: Cursor::default(),
            progress: None,
            comparison: None,
        }
    }
}

impl Screen for BonusScreen {
    fn id(&self) -> &'static str {
        "bonus"
    }

    fn load(&mut self, ctx: &Ctx) -> Vec<Job> {
        ctx.me().map(Job::Bonus).into_iter().collect()
    }

    fn typing(&self) -> bool {
        self.editing && self.progress.is_none()
    }

    fn act(&mut self, ctx: &Ctx, action: Action, out: &mut Out) {
        if self.progress.is_some() {
            match action {
                Action::AddressBook => {
                    out.ask = Some(Ask {
                        label: "console-prompt-address-book",
                        target: 0,
                        text: String::new(),
                    })
                }
                Action::Search | Action::Back => {
                    self.progress = None;
                    self.comparison = None;
                    self.editing = true;
                }
                _ => {}
            }
            return;
        }
        let len = self.found.len();
        match action {
            Action::Up => self.cursor.step(len, -1),
            Action::Down => self.cursor.step(len, 1),
            Action::Open => match self.found.get(self.cursor.selected) {
                Some(m) => out.job(Job::Bonus(m.id)),
                None => out.jobs.extend(ctx.me().map(Job::Bonus)),
            },
            Action::Back if self.editing => self.editing = false,
            Action::Search => self.editing = true,
            _ => {}
        }
    }

    fn type_key(&mut self, _ctx: &Ctx, key: &KeyEvent, out: &mut Out) {
        if edit(&mut self.query, key) {
            out.job(Job::FindMembers(self.query.clone()));
        }
    }

    fn click(&mut self, _ctx: &Ctx, row: usize, _out: &mut Out) {
        self.cursor.selected = row;
    }

    fn answer(&mut self, ctx: &Ctx, ask: Ask, out: &mut Out) {
        if let Some(me) = ctx.me() {
            out.job(Job::Compare {
                me,
                path: PathBuf::from(ask.text.trim()),
                lang: ctx.lang,
            });
        }
    }

    fn done(&mut self, _ctx: &Ctx, done: Done, _out: &mut Out) -> Option<Done> {
        match done {
            Done::Bonus(member, progress) => self.progress = Some((member, progress)),
            Done::FoundMembers(query, found) => {
                // An answer for an older query would replace a newer one.
                if query == self.query {
                    self.found = found;
                    self.cursor = Cursor::default();
                }
            }
            Done::Compared(path, comparison) => self.comparison = Some((path, comparison)),
            other => return Some(other),
        }
        None
    }

    fn view(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) -> Option<ListArea> {
        let Some((member, p)) = &self.progress else {
            let list = search_box(
                frame,
                area,
                ctx.text("console-bonus-search"),
                &self.query,
                self.editing,
            );
            let found = &self.found;
            return Some(draw_list(
                frame,
                list,
                String::new(),
                found.len(),
                Some(self.cursor),
                &|i| Line::raw(format!("{}  <{}>", found[i].name, found[i].email)),
            ));
        };
        let [top, bottom] =
            Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(area);
        let lines = vec![
            Line::styled(format!("{} <{}>", member.name, member.email), bold()),
            Line::raw(ctx.fmt(
                "console-bonus-progress",
                &[
                    ("credited", p.credited.into()),
                    ("months", p.months_earned.into()),
                    ("needed", p.needed_for_next.into()),
                ],
            )),
            Line::styled(ctx.text("console-bonus-rule"), dim()),
        ];
        frame.render_widget(framed(ctx.text("console-bonus-title"), lines), top);
        let mut lines: Vec<Line> = Vec::new();
        match &self.comparison {
            None => lines.push(Line::styled(
                ctx.fmt(
                    "console-compare-hint",
                    &[
                        ("book", ctx.keys("bonus", Action::AddressBook).into()),
                        ("search", ctx.keys("bonus", Action::Search).into()),
                    ],
                ),
                dim(),
            )),
            Some((path, c)) => {
                lines.push(Line::raw(ctx.fmt(
                    "console-compare-summary",
                    &[
                        ("file", path.display().to_string().into()),
                        ("members", (c.members_not_contacts.len() as u64).into()),
                        ("contacts", (c.contacts.len() as u64).into()),
                        ("invite", (c.to_invite.len() as u64).into()),
                    ],
                )));
                for m in c.members_not_contacts.iter().take(5) {
                    lines.push(Line::raw(format!("  + {} <{}>", m.name, m.email)));
                }
                for m in c.to_invite.iter().take(5) {
                    let also = m.also_note(&ctx.l, ctx.lang);
                    lines.push(Line::raw(format!("  ✉ {} <{}>{also}", m.name, m.email)));
                }
                lines.push(Line::styled(
                    ctx.text("console-compare-nothing-kept"),
                    dim(),
                ));
            }
        }
        frame.render_widget(framed(ctx.text("console-compare-title"), lines), bottom);
        None
    }
}
