//! The moderator picker, for demo databases only: on a real database the
//! console knows the moderator from the operating-system user.

use super::Ctx;
use crate::keymap::Action;
use crate::widgets::{Cursor, ListArea, draw_list};
use desk::records::Member;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

/// The list of moderators to start as.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    /// Everyone who moderates a group.
    pub moderators: Vec<Member>,
    /// The selection.
    pub cursor: Cursor,
}

impl Picker {
    /// Moves or chooses; returns the moderator chosen.
    pub fn act(&mut self, ctx: &Ctx, action: Action) -> Option<Member> {
        let len = self.moderators.len();
        match action {
            Action::Up => self.cursor.step(len, -1),
            Action::Down => self.cursor.step(len, 1),
            Action::PageUp => self.cursor.step(len, -(ctx.page as isize)),
            Action::PageDown => self.cursor.step(len, ctx.page as isize),
            Action::First => self.cursor.step(len, isize::MIN / 2),
            Action::Last => self.cursor.step(len, isize::MAX / 2),
            Action::Open => return self.moderators.get(self.cursor.selected).cloned(),
            _ => {}
        }
        None
    }

    /// A click on a row chooses it.
    pub fn click(&mut self, row: usize) -> Option<Member> {
        self.cursor.selected = row;
        self.moderators.get(row).cloned()
    }

    /// Draws the list.
    pub fn view(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) -> ListArea {
        let list = &self.moderators;
        draw_list(
            frame,
            area,
            ctx.text("console-picker-title"),
            list.len(),
            Some(self.cursor),
            &|i| Line::from(format!("{}  <{}>", list[i].name, list[i].email)),
        )
    }
}
