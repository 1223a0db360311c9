//! My groups: filter them, open one to page through its members and read its news.

use super::{Ctx, Out, Screen};
use crate::keymap::Action;
use crate::widgets::{ACCENT, Cursor, ListArea, cell, dim, draw_list, edit, framed, split};
use crate::worker::{Done, Job, PAGE};
use desk::store::NewsItem;
use desk::store::community::{GroupMember, MyGroup};
use locales::fold::search_key;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// A group opened from the list: a window of its members and its news.
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

/// The Groups screen.
#[derive(Debug, Clone, Default)]
pub struct GroupsScreen {
    /// My groups.
    pub groups: Vec<MyGroup>,
    /// The selection among the filtered groups.
    pub cursor: Cursor,
    /// The `/` filter.
    pub filter: String,
    /// Typing into the filter.
    pub filtering: bool,
    /// The opened group.
    pub open: Option<OpenGroup>,
}

impl GroupsScreen {
    /// The groups that match the filter. Both sides are folded as the
    /// member search folds names, so `koln` finds Köln and `muenchen` München.
    pub fn visible(&self) -> Vec<&MyGroup> {
        let f = search_key(&self.filter);
        self.groups
            .iter()
            .filter(|g| f.is_empty() || search_key(&g.group.name).contains(&f))
            .collect()
    }

    fn step(&mut self, by: isize, out: &mut Out) {
        match &mut self.open {
            Some(open) => {
                open.cursor.step(open.group.members as usize, by);
                self.fetch_page(out);
            }
            None => {
                let len = self.visible().len();
                self.cursor.step(len, by);
            }
        }
    }

    /// After the selection moved: fetch the page it landed on, if missing.
    fn fetch_page(&mut self, out: &mut Out) {
        if let Some(open) = &mut self.open {
            let at = open.cursor.selected;
            let loaded = at >= open.offset && at < open.offset + open.rows.len();
            if !loaded && !open.loading {
                open.loading = true;
                out.job(Job::Members {
                    group: open.group.group.id,
                    offset: at.saturating_sub(PAGE / 2),
                });
            }
        }
    }

    fn open_selected(&mut self, out: &mut Out) {
        let chosen = self
            .visible()
            .get(self.cursor.selected)
            .map(|g| (*g).clone());
        if let Some(group) = chosen {
            let id = group.group.id;
            self.open = Some(OpenGroup {
                group,
                rows: Vec::new(),
                offset: 0,
                cursor: Cursor::default(),
                loading: true,
                news: Vec::new(),
            });
            out.job(Job::Members {
                group: id,
                offset: 0,
            });
            out.job(Job::News(id));
        }
    }
}

impl Screen for GroupsScreen {
    fn id(&self) -> &'static str {
        "groups"
    }

    fn typing(&self) -> bool {
        self.filtering
    }

    fn act(&mut self, ctx: &Ctx, action: Action, out: &mut Out) {
        let page = ctx.page.max(1) as isize;
        match action {
            Action::Back if self.filtering => {
                self.filtering = false;
                self.filter.clear();
            }
            Action::Open if self.filtering => self.filtering = false,
            Action::Up => self.step(-1, out),
            Action::Down => self.step(1, out),
            Action::PageUp => self.step(-page, out),
            Action::PageDown => self.step(page, out),
            Action::First => self.step(isize::MIN / 2, out),
            Action::Last => self.step(isize::MAX / 2, out),
            Action::Search if self.open.is_none() => self.filtering = true,
            Action::Back => self.open = None,
            Action::Open if self.open.is_none() => self.open_selected(out),
            _ => {}
        }
    }

    fn type_key(&mut self, _ctx: &Ctx, key: &KeyEvent, _out: &mut Out) {
        if edit(&mut self.filter, key) {
            self.cursor = Cursor::default();
        }
    }

    fn click(&mut self, _ctx: &Ctx, row: usize, out: &mut Out) {
        match &mut self.open {
            Some(open) => {
                open.cursor.selected = row;
                self.fetch_page(out);
            }
            None => self.cursor.selected = row,
        }
    }

    fn failed(&mut self, job: &Job) {
        // The page will not come: the next move asks for it again, instead
        // of "loading…" standing there until the group is opened anew.
        if let (Job::Members { group, .. }, Some(open)) = (job, &mut self.open)
            && *group == open.group.group.id
        {
            open.loading = false;
        }
    }

    fn done(&mut self, _ctx: &Ctx, done: Done, out: &mut Out) -> Option<Done> {
        match done {
            Done::Groups(groups) => {
                self.groups = groups;
                let len = self.visible().len();
                self.cursor.step(len, 0);
                // The router shares the list with the other screens too.
                return Some(Done::Groups(self.groups.clone()));
            }
            Done::Members {
                group,
                offset,
                rows,
            } => {
                if let Some(open) = &mut self.open
                    && open.group.group.id == group
                {
                    open.offset = offset;
                    open.rows = rows;
                    open.loading = false;
                    // The selection may have moved on while this page was on
                    // its way (End, then Home): fetch the page it is on now.
                    // A page asked for where it is stays as it came, even
                    // short (members left since the count), so this never loops.
                    if !(offset..offset + PAGE).contains(&open.cursor.selected) {
                        self.fetch_page(out);
                    }
                }
            }
            Done::News(group, news) => {
                if let Some(open) = &mut self.open
                    && open.group.group.id == group
                {
                    open.news = news;
                }
            }
            other => return Some(other),
        }
        None
    }

    fn view(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) -> Option<ListArea> {
        if let Some(open) = &self.open {
            let [left, right] = split(area, 60);
            let title = ctx.fmt(
                "console-group-members",
                &[
                    ("group", open.group.group.name.as_str().into()),
                    ("count", open.group.members.into()),
                ],
            );
            let loading = ctx.text("console-loading");
            let list = draw_list(
                frame,
                left,
                title,
                open.group.members as usize,
                Some(open.cursor),
                &|i| match open.row(i) {
                    Some(m) => Line::from(vec![
                        Span::raw(format!("{} ", cell(&m.name, 24))),
                        Span::styled(
                            format!("{} ", cell(&ctx.role(m.role), 21)),
                            Style::default().fg(ACCENT),
                        ),
                        Span::styled(m.email.clone(), dim()),
                    ]),
                    None => Line::styled(loading.clone(), dim()),
                },
            );
            let news: Vec<Line> = open
                .news
                .iter()
                .map(|n| {
                    Line::from(vec![
                        Span::styled(format!("{} ", ctx.day(n.at)), dim()),
                        Span::raw(news_line(ctx, n)),
                    ])
                })
                .collect();
            frame.render_widget(framed(ctx.text("console-group-news"), news), right);
            return Some(list);
        }
        let visible = self.visible();
        let title = if self.filtering || !self.filter.is_empty() {
            let caret = if self.filtering { "▏" } else { "" };
            ctx.fmt(
                "console-groups-filtered",
                &[("filter", format!("{}{caret}", self.filter).into())],
            )
        } else {
            ctx.text("console-groups-title")
        };
        Some(draw_list(
            frame,
            area,
            title,
            visible.len(),
            Some(self.cursor),
            &|i| {
                let g = visible[i];
                Line::from(vec![
                    Span::raw(format!("{} ", cell(&g.group.name, 32))),
                    Span::styled(
                        format!("{} ", cell(&ctx.role(g.role), 21)),
                        Style::default().fg(ACCENT),
                    ),
                    Span::raw(ctx.fmt("console-members-count", &[("count", g.members.into())])),
                ])
            },
        ))
    }
}

/// One item of a group's news, in the console's language.
fn news_line(ctx: &Ctx, n: &NewsItem) -> String {
    let id = match n.kind.as_str() {
        "invitation" => "news-group-invitation",
        // Its mail failed for good: the moderator must not read it as
        // having reached the invitee.
        "invitation-failed" => "news-group-invitation-failed",
        // Failed in a way that may hide a delivery (out of tries, no
        // answer): neither "delivered" nor "not delivered" would be true.
        "invitation-unconfirmed" => "news-group-invitation-unconfirmed",
        other => return other.to_string(),
    };
    ctx.fmt(
        id,
        &[
            ("inviter", n.actor.clone().unwrap_or_default().into()),
            ("invitee", n.subject.clone().unwrap_or_default().into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screens::tests::{ctx, key};
    use desk::records::{Group, GroupId, GroupKind, Role};

    #[test]
    fn an_invitation_whose_mail_failed_says_so_in_the_news() {
        let mut ctx = ctx();
        let item = |kind: &str| NewsItem {
            kind: kind.into(),
            actor: Some("Anna Berg".into()),
            subject: Some("Ben Kurz".into()),
            at: desk::clock::now(),
        };
        assert_eq!(
            news_line(&ctx, &item("invitation")),
            "Anna Berg invited Ben Kurz to the group."
        );
        assert_eq!(
            news_line(&ctx, &item("invitation-failed")),
            "Anna Berg invited Ben Kurz to the group, but the e-mail could not be delivered."
        );
        assert_eq!(
            news_line(&ctx, &item("invitation-unconfirmed")),
            "Anna Berg invited Ben Kurz to the group; whether the e-mail arrived is not known \
             (the mail server may have taken it before the sending broke off)."
        );
        ctx.lang = locales::Lang::De;
        assert!(
            news_line(&ctx, &item("invitation-unconfirmed")).contains("nicht bekannt"),
            "{}",
            news_line(&ctx, &item("invitation-unconfirmed"))
        );
        assert!(
            news_line(&ctx, &item("invitation-failed")).contains("nicht zustellen"),
            "{}",
            news_line(&ctx, &item("invitation-failed"))
        );
    }

    fn group(id: i64, name: &str, members: u64) -> MyGroup {
        MyGroup {
            group: Group {
                id: GroupId(id),
                name: name.into(),
                description: String::new(),
                kind: GroupKind::Regional,
            },
            role: Role::Moderator,
            members,
        }
    }

    #[test]
    fn the_filter_narrows_and_esc_leaves_it_empty() {
        let ctx = ctx();
        let mut s = GroupsScreen::default();
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::Groups(vec![group(1, "Berlin", 3), group(2, "Hamburg", 4)]),
            &mut out,
        );
        s.act(&ctx, Action::Search, &mut out);
        assert!(s.typing());
        s.type_key(&ctx, &key('h'), &mut out);
        assert_eq!(s.visible().len(), 1);
        s.act(&ctx, Action::Back, &mut out);
        assert!(!s.typing() && s.filter.is_empty());
        assert_eq!(s.visible().len(), 2);
    }

    #[test]
    fn the_filter_finds_umlauts_and_accents_however_they_are_typed() {
        let ctx = ctx();
        let mut s = GroupsScreen::default();
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::Groups(vec![
                group(1, "Köln Gründer", 3),
                group(2, "München Networking", 4),
                group(3, "Café Crème Zürich", 5),
                group(4, "Berlin", 6),
            ]),
            &mut out,
        );
        let names = |s: &GroupsScreen| -> Vec<String> {
            s.visible().iter().map(|g| g.group.name.clone()).collect()
        };
        for (typed, found) in [
            ("koln", "Köln Gründer"),
            ("KOELN", "Köln Gründer"),
            ("grunder", "Köln Gründer"),
            ("muenchen", "München Networking"),
            ("munchen", "München Networking"),
            ("MÜNCHEN", "München Networking"),
            ("cafe creme", "Café Crème Zürich"),
            ("zuerich", "Café Crème Zürich"),
        ] {
            s.filter = typed.to_string();
            assert_eq!(names(&s), [found], "{typed}");
        }
        s.filter = "hamburg".into();
        assert!(names(&s).is_empty());
    }

    /// The column at which `word` starts on each row of the drawn list.
    fn columns_of(s: &GroupsScreen, word: &str) -> Vec<u16> {
        let ctx = ctx();
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 10)).expect("terminal");
        terminal
            .draw(|frame| {
                s.view(&ctx, frame, frame.area());
            })
            .expect("draw");
        let buffer = terminal.backend().buffer();
        let letters: Vec<char> = word.chars().collect();
        (1..9)
            .filter_map(|y| {
                (0..80u16).find(|&x| {
                    letters.iter().enumerate().all(|(i, c)| {
                        let x = x + i as u16;
                        x < 80 && buffer[(x, y)].symbol() == c.to_string()
                    })
                })
            })
            .collect()
    }

    #[test]
    fn wide_and_long_group_names_keep_the_role_column_in_line() {
        let ctx = ctx();
        let mut s = GroupsScreen::default();
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::Groups(vec![
                group(1, "Berlin", 3),
                group(2, "東京ビジネスクラブ", 4),
                group(
                    3,
                    "Digital Marketing Fachleute aus Düsseldorf und Umgebung",
                    5,
                ),
                group(4, "Gründer 🚀 Hamburg", 6),
            ]),
            &mut out,
        );
        let columns = columns_of(&s, "moderator");
        assert_eq!(columns.len(), 4, "{columns:?}");
        assert!(columns.iter().all(|&x| x == columns[0]), "{columns:?}");
    }

    #[test]
    fn a_page_that_arrives_after_the_selection_moved_on_asks_for_the_right_one() {
        let ctx = ctx();
        let mut s = GroupsScreen::default();
        let mut out = Out::default();
        s.done(&ctx, Done::Groups(vec![group(1, "Berlin", 1000)]), &mut out);
        s.act(&ctx, Action::Open, &mut out);
        let first = GroupMember {
            member: desk::records::MemberId(1),
            name: "Anna".into(),
            email: "anna@example.org".into(),
            role: Role::Member,
        };
        s.done(
            &ctx,
            Done::Members {
                group: GroupId(1),
                offset: 0,
                rows: vec![first; PAGE],
            },
            &mut out,
        );
        // End asks for the last page; Home comes back before it arrives.
        let mut out = Out::default();
        s.act(&ctx, Action::Last, &mut out);
        assert!(
            matches!(out.jobs[..], [Job::Members { offset: 899, .. }]),
            "{:?}",
            out.jobs
        );
        s.act(&ctx, Action::First, &mut out);
        let mut out = Out::default();
        s.done(
            &ctx,
            Done::Members {
                group: GroupId(1),
                offset: 899,
                rows: Vec::new(),
            },
            &mut out,
        );
        assert!(
            matches!(out.jobs[..], [Job::Members { offset: 0, .. }]),
            "the page under the selection is asked for: {:?}",
            out.jobs
        );
    }

    #[test]
    fn a_page_that_failed_to_load_is_asked_for_again_at_the_next_move() {
        let ctx = ctx();
        let mut s = GroupsScreen::default();
        let mut out = Out::default();
        s.done(&ctx, Done::Groups(vec![group(1, "Berlin", 1000)]), &mut out);
        s.act(&ctx, Action::Open, &mut out);
        let members = Job::Members {
            group: GroupId(1),
            offset: 0,
        };
        // Another screen's failure says nothing about this page.
        s.failed(&Job::Events);
        assert!(s.open.as_ref().is_some_and(|o| o.loading));
        s.failed(&members);
        let mut out = Out::default();
        s.act(&ctx, Action::Down, &mut out);
        assert!(
            matches!(out.jobs[..], [Job::Members { offset: 0, .. }]),
            "{:?}",
            out.jobs
        );
    }

    #[test]
    fn moving_past_the_loaded_page_asks_for_the_next_one_once() {
        let ctx = ctx();
        let mut s = GroupsScreen::default();
        let mut out = Out::default();
        s.done(&ctx, Done::Groups(vec![group(1, "Berlin", 1000)]), &mut out);
        s.act(&ctx, Action::Open, &mut out);
        assert_eq!(out.jobs.len(), 2, "members and news");
        s.done(
            &ctx,
            Done::Members {
                group: GroupId(1),
                offset: 0,
                rows: Vec::new(),
            },
            &mut out,
        );
        let mut out = Out::default();
        s.click(&ctx, 500, &mut out);
        assert!(
            matches!(out.jobs[..], [Job::Members { offset: 400, .. }]),
            "{:?}",
            out.jobs
        );
        let mut out = Out::default();
        s.act(&ctx, Action::Down, &mut out);
        assert!(out.jobs.is_empty(), "a page is already on its way");
    }
}
