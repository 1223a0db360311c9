//! A one-line editor with history for terminal REPLs (`helpdesk chat`):
//! typing, Backspace, ↑/↓ through earlier lines, Enter, and Ctrl-D or Ctrl-C
//! to end. Raw mode lasts only while a line is read.

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::terminal;
use std::io::Write;

/// Earlier lines and where ↑/↓ currently are among them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct History {
    entries: Vec<String>,
    at: Option<usize>,
}

impl History {
    /// Remembers a line (not blanks, not the same line twice in a row).
    pub fn push(&mut self, line: &str) {
        let line = line.trim();
        if !line.is_empty() && self.entries.last().is_none_or(|last| last != line) {
            self.entries.push(line.to_string());
        }
        self.at = None;
    }

    /// One line further back, if there is one.
    pub fn up(&mut self) -> Option<&str> {
        let next = match self.at {
            None => self.entries.len().checked_sub(1)?,
            Some(0) => 0,
            Some(i) => i - 1,
        };
        self.at = Some(next);
        self.entries.get(next).map(String::as_str)
    }

    /// One line forward; past the newest, an empty line.
    pub fn down(&mut self) -> &str {
        match self.at {
            Some(i) if i + 1 < self.entries.len() => {
                self.at = Some(i + 1);
                &self.entries[i + 1]
            }
            _ => {
                self.at = None;
                ""
            }
        }
    }
}

/// Leaves raw mode however the read ends.
struct Raw;

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Reads lines from the terminal with history.
#[derive(Debug, Default)]
pub struct LineEditor {
    history: History,
}

impl LineEditor {
    /// Shows `prompt` and reads one line; `None` on Ctrl-D (empty line) or Ctrl-C.
    pub fn read(&mut self, prompt: &str, out: &mut dyn Write) -> std::io::Result<Option<String>> {
        terminal::enable_raw_mode()?;
        let _raw = Raw;
        let mut line = String::new();
        write!(out, "{prompt}")?;
        out.flush()?;
        loop {
            let Event::Key(key) = event::read()? else {
                continue;
            };
            if key.kind == KeyEventKind::Release {
                continue;
            }
            let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
            match key.code {
                KeyCode::Char('c') if ctrl => {
                    write!(out, "\r\n")?;
                    return Ok(None);
                }
                KeyCode::Char('d') if ctrl && line.is_empty() => {
                    write!(out, "\r\n")?;
                    return Ok(None);
                }
                KeyCode::Enter => {
                    write!(out, "\r\n")?;
                    out.flush()?;
                    self.history.push(&line);
                    return Ok(Some(line));
                }
                KeyCode::Backspace if line.pop().is_some() => {
                    write!(out, "\u{8} \u{8}")?;
                }
                KeyCode::Up | KeyCode::Down => {
                    let recalled = if key.code == KeyCode::Up {
                        self.history.up().map(str::to_string)
                    } else {
                        Some(self.history.down().to_string())
                    };
                    if let Some(recalled) = recalled {
                        line = recalled;
                        // Back to the start of the row, clear it, draw again.
                        write!(out, "\r\u{1b}[2K{prompt}{line}")?;
                    }
                }
                KeyCode::Char(c) if !ctrl => {
                    line.push(c);
                    write!(out, "{c}")?;
                }
                _ => {}
            }
            out.flush()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_and_down_walk_the_history_and_come_back_to_an_empty_line() {
        let mut h = History::default();
        assert_eq!(h.up(), None, "nothing yet");
        for line in ["first", "second", "second", " ", "third"] {
            h.push(line);
        }
        assert_eq!(h.up(), Some("third"));
        assert_eq!(h.up(), Some("second"));
        assert_eq!(h.up(), Some("first"));
        assert_eq!(h.up(), Some("first"), "stays at the oldest");
        assert_eq!(h.down(), "second");
        assert_eq!(h.down(), "third");
        assert_eq!(h.down(), "");
        h.push("fourth");
        assert_eq!(h.up(), Some("fourth"), "a new line starts from the newest");
    }
}
