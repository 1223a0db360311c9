//! FAQ search as you type, in both languages, and an article side by side
//! in English and German.

use super::{Ctx, Out, Screen};
use crate::keymap::Action;
use crate::widgets::{
    ACCENT, Cursor, ListArea, dim, draw_list, edit, framed, highlighted, scroll_end, scrolled,
    search_box, split, words,
};
use crate::worker::{Done, FaqHit, Job};
use locales::Lang;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::cell::Cell;

/// The FAQ screen.
#[derive(Debug, Clone)]
pub struct FaqScreen {
    /// What was typed.
    pub query: String,
    /// The search box has the keyboard.
    pub editing: bool,
    /// The number of the latest keystroke.
    pub seq: u64,
    /// Hits in both languages.
    pub hits: Vec<FaqHit>,
    /// The highlighted hit.
    pub cursor: Cursor,
    /// The article shown side by side.
    pub open: Option<String>,
    /// How many lines the article is scrolled down.
    pub scroll: usize,
    /// How far it can be scrolled, as the last frame drew it (the view
    /// alone knows the width the text wraps at).
    pub extent: Cell<usize>,
}

impl Default for FaqScreen {
    fn default() -> FaqScreen {
        FaqScreen {
            query: String::new(),
            editing: true,
            seq: 0,
            hits: Vec::new(),
            cursor: Cursor::default(),
            open: None,
            scroll: 0,
            extent: Cell::new(0),
        }
    }
}

impl Screen for FaqScreen {
    fn id(&self) -> &'static str {
        "faq"
    }

    fn typing(&self) -> bool {
        self.editing && self.open.is_none()
    }

    fn scrolls(&self) -> bool {
        self.open.is_some()
    }

    fn act(&mut self, ctx: &Ctx, action: Action, _out: &mut Out) {
        if self.open.is_some() {
            // An article longer than the window is read by scrolling both languages together.
            let end = self.extent.get();
            self.scroll =
                scrolled(action, self.scroll, end, ctx.page).unwrap_or(self.scroll.min(end));
            if action == Action::Back {
                self.open = None;
            }
            return;
        }
        let len = self.hits.len();
        let page = ctx.page.max(1) as isize;
        match action {
            Action::Up => self.cursor.step(len, -1),
            Action::Down => self.cursor.step(len, 1),
            Action::PageUp => self.cursor.step(len, -page),
            Action::PageDown => self.cursor.step(len, page),
            Action::First if !self.editing => self.cursor.step(len, isize::MIN / 2),
            Action::Last if !self.editing => self.cursor.step(len, isize::MAX / 2),
            Action::Open => {
                self.open = self.hits.get(self.cursor.selected).map(|h| h.id.clone());
                self.scroll = 0;
                self.extent.set(0);
            }
            // Esc leaves the search box (the results stay); a second Esc
            // clears it but stays out of it, so the next digit or `q` is a
            // key again, not a letter of a new search (`/` goes back in).
            Action::Back if self.editing => self.editing = false,
            Action::Back => {
                self.query.clear();
                self.hits.clear();
                self.cursor = Cursor::default();
                // A search still on its way was abandoned: its answer must
                // not fill the list again.
                self.seq += 1;
            }
            Action::Search => self.editing = true,
            _ => {}
        }
    }

    fn type_key(&mut self, _ctx: &Ctx, key: &KeyEvent, out: &mut Out) {
        if edit(&mut self.query, key) {
            self.seq += 1;
            out.job(Job::Faq {
                seq: self.seq,
                query: self.query.clone(),
            });
        }
    }

    fn click(&mut self, _ctx: &Ctx, row: usize, _out: &mut Out) {
        self.cursor.selected = row;
    }

    fn done(&mut self, _ctx: &Ctx, done: Done, _out: &mut Out) -> Option<Done> {
        match done {
            Done::Faq(seq, hits) => {
                if seq == self.seq {
                    self.hits = hits;
                    self.cursor = Cursor::default();
                }
                None
            }
            other => Some(other),
        }
    }

    fn view(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) -> Option<ListArea> {
        if let Some(id) = &self.open {
            let [en, de] = split(area, 50);
            let query = words(&self.query);
            let mut extent = 0;
            for (lang, rect) in [(Lang::En, en), (Lang::De, de)] {
                let (title, body) = match ctx.knowledge.article(id, lang) {
                    Some(a) => (
                        format!("{} · {}", lang.code().to_uppercase(), a.title),
                        knowledge::markdown::to_plain(&a.body),
                    ),
                    None => (lang.code().to_uppercase(), ctx.text("console-faq-missing")),
                };
                let lines: Vec<Line> = body
                    .lines()
                    .map(|l| {
                        highlighted(l, &|w| {
                            query
                                .iter()
                                .any(|q| w.starts_with(q.as_str()) || q.starts_with(w))
                        })
                    })
                    .collect();
                let text = framed(title, lines);
                let own = scroll_end(&text, rect);
                extent = extent.max(own);
                let scroll = u16::try_from(self.scroll.min(own)).unwrap_or(u16::MAX);
                frame.render_widget(text.scroll((scroll, 0)), rect);
            }
            self.extent.set(extent);
            return None;
        }
        let list = search_box(
            frame,
            area,
            ctx.text("console-faq-search"),
            &self.query,
            self.editing,
        );
        let hits = &self.hits;
        Some(draw_list(
            frame,
            list,
            ctx.text("console-faq-results"),
            hits.len(),
            Some(self.cursor),
            &|i| {
                let h = &hits[i];
                Line::from(vec![
                    Span::styled(
                        format!("[{}] ", h.lang.code().to_uppercase()),
                        Style::default().fg(ACCENT),
                    ),
                    Span::raw(format!("{}  ", h.title)),
                    Span::styled(format!("{:.2}  {}", h.confidence, h.id), dim()),
                ])
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screens::tests::{ctx, key};

    #[test]
    fn esc_leaves_the_search_box_so_letters_are_keys_again() {
        let ctx = ctx();
        let mut s = FaqScreen::default();
        let mut out = Out::default();
        assert!(s.typing());
        s.type_key(&ctx, &key('q'), &mut out);
        assert_eq!(s.query, "q");
        s.act(&ctx, Action::Back, &mut out);
        assert!(!s.typing(), "Esc left the field");
        assert_eq!(s.query, "q", "the query stays");
        s.act(&ctx, Action::Back, &mut out);
        assert!(s.query.is_empty(), "a second Esc clears the search");
        assert!(!s.typing(), "a second Esc does not go back into the field");
        s.act(&ctx, Action::Search, &mut out);
        assert!(s.typing(), "`/` goes back into the field");
    }

    #[test]
    fn only_the_newest_answer_is_shown() {
        let ctx = ctx();
        let mut s = FaqScreen::default();
        let mut out = Out::default();
        s.type_key(&ctx, &key('g'), &mut out);
        s.type_key(&ctx, &key('m'), &mut out);
        let hit = |id: &str| FaqHit {
            id: id.into(),
            lang: Lang::En,
            title: id.into(),
            confidence: 1.0,
        };
        s.done(&ctx, Done::Faq(2, vec![hit("new")]), &mut out);
        s.done(&ctx, Done::Faq(1, vec![hit("old")]), &mut out);
        assert_eq!(s.hits[0].id, "new");
    }

    #[test]
    fn a_search_left_with_two_escs_drops_its_late_answer() {
        let ctx = ctx();
        let mut s = FaqScreen::default();
        let mut out = Out::default();
        s.type_key(&ctx, &key('g'), &mut out);
        let [Job::Faq { seq, .. }] = out.jobs[..] else {
            panic!("{:?}", out.jobs);
        };
        s.act(&ctx, Action::Back, &mut out);
        s.act(&ctx, Action::Back, &mut out);
        let hit = FaqHit {
            id: "gmail".into(),
            lang: Lang::En,
            title: "Gmail".into(),
            confidence: 1.0,
        };
        s.done(&ctx, Done::Faq(seq, vec![hit.clone()]), &mut out);
        assert!(s.hits.is_empty(), "{:?}", s.hits);
        assert!(s.query.is_empty());
        // A new search is answered as before.
        s.act(&ctx, Action::Search, &mut out);
        let mut out = Out::default();
        s.type_key(&ctx, &key('g'), &mut out);
        let [Job::Faq { seq, .. }] = out.jobs[..] else {
            panic!("{:?}", out.jobs);
        };
        s.done(&ctx, Done::Faq(seq, vec![hit]), &mut out);
        assert_eq!(s.hits.len(), 1);
    }
}
