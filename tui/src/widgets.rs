//! Drawing pieces every screen shares: styles, a list that draws only the
//! rows that fit, framed text, and the one-line text editing of a field.
//! Nothing here knows a screen.

use crate::keymap::Action;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The console's accent colour.
pub const ACCENT: Color = Color::Cyan;

/// The highlighted row.
pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

/// Secondary text.
pub fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

/// What needs the eye: the focused label, a prompt, a shared word.
pub fn mark() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

/// Bold text.
pub fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// A selection in a list; the view scrolls by whole screens around it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The selected row.
    pub selected: usize,
}

impl Cursor {
    /// Moves by `by` rows, kept inside a list of `len`.
    pub fn step(&mut self, len: usize, by: isize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let target = (self.selected as isize).saturating_add(by);
        self.selected = target.clamp(0, len as isize - 1) as usize;
    }

    /// The first row shown when `height` rows fit.
    pub fn top(&self, height: usize) -> usize {
        self.selected
            .checked_div(height)
            .map_or(0, |page| page * height)
    }
}

/// Where the last frame drew a clickable list: its rows and the first row's index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListArea {
    /// The rows, inside the frame.
    pub rows: Rect,
    /// The index of the row drawn at the top.
    pub top: usize,
    /// How many rows the list has.
    pub len: usize,
}

impl ListArea {
    /// The row index under a screen position, if a row is drawn there.
    pub fn hit(&self, column: u16, row: u16) -> Option<usize> {
        let r = self.rows;
        if column < r.x || column >= r.x + r.width || row < r.y || row >= r.y + r.height {
            return None;
        }
        let at = self.top + usize::from(row - r.y);
        (at < self.len).then_some(at)
    }
}

/// Whether a key is a plain character (no Ctrl or Alt).
pub fn plain_char(key: &KeyEvent) -> Option<char> {
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

/// Whether a key edits text: a plain character or Backspace.
pub fn edits_text(key: &KeyEvent) -> bool {
    plain_char(key).is_some() || key.code == KeyCode::Backspace
}

/// Edits a text with a key; true when it changed. Backspace takes the
/// last character as the eye sees it (a flag, an emoji family, a letter
/// with its accent), never half of one.
pub fn edit(text: &mut String, key: &KeyEvent) -> bool {
    if let Some(c) = plain_char(key) {
        text.push(c);
        return true;
    }
    if key.code == KeyCode::Backspace {
        return match text.grapheme_indices(true).next_back() {
            Some((at, _)) => {
                text.truncate(at);
                true
            }
            None => false,
        };
    }
    false
}

/// `text` in a column `width` terminal columns wide: padded with spaces, or
/// cut with "…" between whole characters. Wide characters (CJK, emoji)
/// take two columns, so the next column starts where it does on other rows.
pub fn cell(text: &str, width: usize) -> String {
    let (mut out, used) = if text.width() <= width {
        (text.to_string(), text.width())
    } else {
        cut_with_ellipsis(text, width)
    };
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// The start of `text` and "…" in at most `room` terminal columns, cut
/// between whole characters, with the columns it takes (nothing in none).
fn cut_with_ellipsis(text: &str, room: usize) -> (String, usize) {
    let mut kept = String::new();
    let mut used = 0;
    if room == 0 {
        return (kept, 0);
    }
    for grapheme in text.graphemes(true) {
        let w = grapheme.width();
        if used + w + 1 > room {
            break;
        }
        kept.push_str(grapheme);
        used += w;
    }
    kept.push('…');
    (kept, used + 1)
}

/// The end of `text` that fits in `width` terminal columns, cut between
/// whole characters: a one-line field shows where the typing happens.
pub fn tail(text: &str, width: usize) -> &str {
    let mut used = 0;
    let mut start = text.len();
    for (at, grapheme) in text.grapheme_indices(true).rev() {
        used += grapheme.width();
        if used > width {
            break;
        }
        start = at;
    }
    &text[start..]
}

/// Where a text scrolled to line `at` stands after `action`: a line or a
/// `page` up or down, or to its top or its `end` (the last line it can be
/// scrolled to, as the last frame drew it); `None` for any other action.
/// A window grown since that frame may have shortened the way, so `at` is
/// held to `end` first.
pub fn scrolled(action: Action, at: usize, end: usize, page: usize) -> Option<usize> {
    let at = at.min(end);
    let page = page.max(1);
    Some(match action {
        Action::Up => at.saturating_sub(1),
        Action::Down => (at + 1).min(end),
        Action::PageUp => at.saturating_sub(page),
        Action::PageDown => (at + page).min(end),
        Action::First => 0,
        Action::Last => end,
        _ => return None,
    })
}

/// A scrolled text's title with an arrow where more of it is: `↓` while
/// there is more below line `at`, else `↑` when scrolled down at all.
pub fn with_more(title: String, at: usize, end: usize) -> String {
    match (at > 0, at < end) {
        (_, true) => format!("{title} ↓"),
        (true, false) => format!("{title} ↑"),
        (false, false) => title,
    }
}

/// A framed list that draws only the rows that fit; returns where its rows are.
pub fn draw_list(
    frame: &mut Frame,
    area: Rect,
    title: String,
    len: usize,
    cursor: Option<Cursor>,
    row: &dyn Fn(usize) -> Line<'static>,
) -> ListArea {
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    // A list without a selection shows its start.
    let top = match cursor {
        Some(c) if c.selected < len => c.top(height),
        _ => 0,
    };
    let lines: Vec<Line> = (top..len.min(top.saturating_add(height)))
        .map(|i| {
            let line = fitted(row(i), usize::from(inner.width));
            if cursor.is_some_and(|c| c.selected == i) {
                line.patch_style(selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    ListArea {
        rows: inner,
        top,
        len,
    }
}

/// `line` cut to `width` terminal columns with "…" at its end when it is
/// longer, so that a row cut at the panel's edge says so.
pub fn fitted(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let w = span.content.width();
        if used + w < width {
            used += w;
            out.push(span);
            continue;
        }
        // This span reaches the edge: keep what fits beside the "…".
        let (kept, _) = cut_with_ellipsis(&span.content, width - used);
        out.push(Span::styled(kept, span.style));
        break;
    }
    Line { spans: out, ..line }
}

/// How far `text`, a [`framed`] paragraph drawn in `area`, can scroll: its
/// wrapped lines beyond what the frame shows.
pub fn scroll_end(text: &Paragraph<'_>, area: Rect) -> usize {
    // line_count counts the frame's two rows but wraps at the width it is
    // given: the width inside the frame.
    text.line_count(area.width.saturating_sub(2))
        .saturating_sub(usize::from(area.height))
}

/// Text in a titled frame, wrapped.
pub fn framed<'a>(title: String, text: impl Into<Text<'a>>) -> Paragraph<'a> {
    Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .block(Block::default().borders(Borders::ALL).title(title))
}

/// Two columns, the left one `left` percent wide.
pub fn split(area: Rect, left: u16) -> [Rect; 2] {
    Layout::horizontal([Constraint::Percentage(left), Constraint::Min(10)]).areas(area)
}

/// A box of at most `width`×`height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// A framed search box on top of `area`; returns the room left for results.
/// The caret shows only while the box has the keyboard.
pub fn search_box(
    frame: &mut Frame,
    area: Rect,
    title: String,
    query: &str,
    focused: bool,
) -> Rect {
    let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    let text = if focused {
        // The box holds one line: keep its end, where the typing happens, in view.
        let room = usize::from(input.width).saturating_sub(3);
        format!("{}▏", tail(query, room))
    } else {
        query.to_string()
    };
    frame.render_widget(framed(title, text), input);
    list
}

/// `text` with the words for which `common` holds marked.
pub fn highlighted(text: &str, common: &dyn Fn(&str) -> bool) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let bare: String = word
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        if bare.chars().count() >= 3 && common(&bare) {
            spans.push(Span::styled(word.to_string(), mark()));
        } else {
            spans.push(Span::raw(word.to_string()));
        }
    }
    Line::from(spans)
}

/// The lower-cased words of three letters or more.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_longer_than_its_panel_ends_in_an_ellipsis_and_keeps_its_styles() {
        let row = || {
            Line::from(vec![
                Span::styled("12:00 ", dim()),
                Span::raw("Sommerfest der Ambassadors in Köln"),
            ])
        };
        let short = fitted(row(), 60);
        assert_eq!(
            short.to_string(),
            "12:00 Sommerfest der Ambassadors in Köln"
        );
        let cut = fitted(row(), 20);
        assert_eq!(cut.to_string(), "12:00 Sommerfest de…");
        assert_eq!(cut.width(), 20);
        assert_eq!(cut.spans[0].style, dim());
        // Cut inside the first span, and with a wide character at the edge.
        assert_eq!(fitted(row(), 4).to_string(), "12:…");
        let wide = Line::from("日本語のイベント");
        assert_eq!(fitted(wide, 6).to_string(), "日本…");
    }

    #[test]
    fn a_click_lands_on_the_row_drawn_there_and_nowhere_else() {
        let area = ListArea {
            rows: Rect::new(1, 6, 30, 10),
            top: 20,
            len: 25,
        };
        assert_eq!(area.hit(5, 6), Some(20));
        assert_eq!(area.hit(5, 10), Some(24));
        // Past the last row, above the list, right of it.
        assert_eq!(area.hit(5, 11), None);
        assert_eq!(area.hit(5, 5), None);
        assert_eq!(area.hit(31, 7), None);
    }

    #[test]
    fn backspace_takes_a_whole_flag_emoji_family_or_accented_letter() {
        let backspace = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
        // A flag is two code points, the family five, "é" here e and a combining accent.
        let mut text = "Gruß aus 🇩🇪 von 👨\u{200d}👩\u{200d}👧 und Rene\u{301}".to_string();
        assert!(edit(&mut text, &backspace));
        assert_eq!(text, "Gruß aus 🇩🇪 von 👨\u{200d}👩\u{200d}👧 und Ren");
        text.truncate(text.len() - " und Ren".len());
        assert!(edit(&mut text, &backspace));
        assert_eq!(text, "Gruß aus 🇩🇪 von ");
        text.truncate(text.len() - " von ".len());
        assert!(edit(&mut text, &backspace));
        assert_eq!(text, "Gruß aus ");
        let mut empty = String::new();
        assert!(!edit(&mut empty, &backspace));
    }

    #[test]
    fn a_cell_is_as_wide_as_its_column_whatever_the_characters() {
        assert_eq!(cell("Anna", 6), "Anna  ");
        assert_eq!(cell("Jürgen Groß", 11), "Jürgen Groß");
        // Four CJK characters take eight columns.
        assert_eq!(cell("山田太郎", 10), "山田太郎  ");
        assert_eq!(cell("山田太郎", 6), "山田… ");
        assert_eq!(cell("Düsseldorfer Fachleute", 10), "Düsseldor…");
        for text in [
            "山田太郎",
            "a👨\u{200d}👩\u{200d}👧b",
            "Software Engineering Berlin",
            "",
        ] {
            for width in 0..12 {
                assert_eq!(cell(text, width).width(), width, "{text:?} in {width}");
            }
        }
    }

    #[test]
    fn the_tail_of_a_field_fits_its_columns_and_never_halves_a_wide_character() {
        assert_eq!(tail("Hallo Welt", 4), "Welt");
        assert_eq!(tail("Hallo", 40), "Hallo");
        // Each of these takes two columns: five columns hold two of them.
        assert_eq!(tail("日本語です", 5), "です");
        assert_eq!(tail("a🇩🇪b", 3), "🇩🇪b");
        assert_eq!(tail("abc", 0), "");
    }
}
