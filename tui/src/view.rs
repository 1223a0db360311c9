//! Drawing the frame around the screens: title, tabs, the status or hint
//! line, help, the command palette and the quit question. The screen in
//! front draws itself. Nothing here changes state; it returns where it drew
//! what can be clicked.

use crate::app::{App, Hits, MIN_SIZE};
use crate::keymap::{Action, GLOBAL, LIST};
use crate::screens::Status;
use crate::widgets::{ACCENT, centered, dim, mark, selected, tail, with_more};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// A tab's title as the tab bar shows it, with counts where they help.
pub fn tab_title(app: &App, tab: usize) -> String {
    let Some(screen) = app.screens.get(tab) else {
        return String::new();
    };
    let name = app.ctx.text(&format!("console-tab-{}", screen.id()));
    match screen.badge() {
        Some(n) => format!("{} {name} ({n})", tab + 1),
        None => format!("{} {name}", tab + 1),
    }
}

/// Draws the whole console; returns where the tabs and the list are.
pub fn view(app: &App, frame: &mut Frame) -> Hits {
    let mut hits = Hits::default();
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        // `App::too_small` ignores every key but Ctrl-C meanwhile.
        let text = app.ctx.fmt(
            "console-too-small",
            &[
                ("width", u64::from(area.width).into()),
                ("height", u64::from(area.height).into()),
            ],
        );
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .alignment(Alignment::Center),
            area,
        );
        return hits;
    }
    let [title, tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_rows(app, area.width)),
    ])
    .areas(area);
    draw_title(app, frame, title);
    match &app.ctx.me {
        None => hits.list = Some(app.picker.view(&app.ctx, frame, body)),
        Some(_) => {
            hits.tabs = draw_tabs(app, frame, tabs);
            hits.list = app.current().view(&app.ctx, frame, body);
        }
    }
    hits.page = usize::from(
        hits.list
            .map_or(body.height.saturating_sub(2), |list| list.rows.height),
    );
    draw_status(app, frame, status);
    if app.help {
        draw_help(app, frame, area);
    }
    if let Some(palette) = &app.palette {
        draw_palette(app, frame, area, &palette.query, palette.selected);
    }
    let question = if app.confirm_quit {
        Some("console-quit-confirm")
    } else if app.confirm_drop {
        Some("console-drop-confirm")
    } else {
        None
    };
    if let Some(question) = question {
        let popup = centered(area, 50, 5);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(app.ctx.text(question))
                .wrap(Wrap { trim: true })
                .block(Block::default().borders(Borders::ALL).border_style(mark())),
            popup,
        );
    }
    hits
}

fn draw_title(app: &App, frame: &mut Frame, area: Rect) {
    // Who I am matters more than the console's name: at 80 columns the
    // short name goes first, then my name, so my address is never cut.
    let width = usize::from(area.width);
    for (title, name) in [
        ("console-title", true),
        ("console-title-short", true),
        ("console-title-short", false),
    ] {
        let line = title_line(app, title, name);
        if line.width() <= width || !name {
            frame.render_widget(Paragraph::new(line), area);
            return;
        }
    }
}

/// The title bar with the console's name `title` and my name too or not.
fn title_line(app: &App, title: &str, name: bool) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!(" {} ", app.ctx.text(title)),
        Style::default().fg(Color::Black).bg(ACCENT),
    )];
    if app.demo {
        spans.push(Span::styled(
            format!(" {} ", app.ctx.text("console-demo")),
            Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        ));
    }
    spans.push(Span::styled(
        format!(
            " [{}] {}",
            app.ctx.lang.code().to_uppercase(),
            app.ctx.zone.name()
        ),
        dim(),
    ));
    if let Some(me) = &app.ctx.me {
        spans.push(Span::raw(if name {
            format!(" {} <{}>", me.name, me.email)
        } else {
            format!(" <{}>", me.email)
        }));
    }
    Line::from(spans)
}

fn draw_tabs(app: &App, frame: &mut Frame, area: Rect) -> Vec<Rect> {
    let mut spans = Vec::new();
    let mut cells = Vec::new();
    let mut x = area.x;
    let titles: Vec<String> = (0..app.screens.len()).map(|t| tab_title(app, t)).collect();
    // A badge of 10 or more held invitations pushed the last tab off an
    // 80-column bar (German names are as long): without the padding the
    // bar is 14 columns shorter, and every tab stays visible and clickable.
    // The separator after the last tab may fall off the edge.
    let padded = titles
        .iter()
        .map(|t| t.width() + 3)
        .sum::<usize>()
        .saturating_sub(1);
    let pad = if padded <= usize::from(area.width) {
        " "
    } else {
        ""
    };
    for (tab, title) in titles.into_iter().enumerate() {
        let style = if tab == app.tab {
            Style::default().fg(Color::Black).bg(ACCENT)
        } else {
            Style::default()
        };
        let label = format!("{pad}{title}{pad}");
        let width = u16::try_from(label.width())
            .unwrap_or(u16::MAX)
            .saturating_add(1);
        cells.push(Rect {
            x,
            y: area.y,
            width: width.min((area.x + area.width).saturating_sub(x)),
            height: 1,
        });
        x = x.saturating_add(width);
        spans.push(Span::styled(label, style));
        spans.push(Span::styled("│", dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    cells
}

/// The hint line: help and the palette first (so they show on a narrow
/// terminal), then the screen's own commands, then quit; all from the keymap.
pub fn hint(app: &App) -> String {
    let scope = app.scope();
    let moving = [
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
        Action::PageUp,
        Action::PageDown,
        Action::First,
        Action::Last,
        Action::Back,
    ];
    let mut actions = vec![Action::Help, Action::Palette];
    let mut entries = Vec::new();
    if !app.typing() && app.ctx.me.is_some() && app.current().scrolls() {
        // The moving keys scroll a text now: say so, since they are not listed.
        let keys: Vec<String> = [Action::Up, Action::Down, Action::PageUp, Action::PageDown]
            .into_iter()
            .filter_map(|a| {
                let keys = app.ctx.keymap.keys_for(scope, a);
                keys.split(" / ").next().map(str::to_string)
            })
            .filter(|k| !k.is_empty())
            .collect();
        if !keys.is_empty() {
            entries.push(format!(
                "{}: {}",
                keys.join("/"),
                app.ctx.text("console-hint-scroll")
            ));
        }
    }
    actions.extend(
        app.ctx
            .keymap
            .scope(scope)
            .into_iter()
            .filter(|(a, keys)| !keys.is_empty() && !moving.contains(a))
            .map(|(a, _)| a),
    );
    // In a text field q is a letter: the way out is Esc.
    actions.push(if app.typing() {
        Action::Back
    } else {
        Action::Quit
    });
    let named: Vec<String> = actions
        .into_iter()
        .filter_map(|action| {
            let keys = app.ctx.keymap.keys_for(scope, action);
            let first = keys.split(" / ").next().unwrap_or_default();
            (!first.is_empty()).then(|| format!("{first}: {}", app.action_name(action)))
        })
        .collect();
    // Help and the palette first, so they show on a narrow terminal; then scrolling.
    let (first, rest) = named.split_at(named.len().min(2));
    first
        .iter()
        .chain(&entries)
        .chain(rest)
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The most rows a message on the status line takes from the screen.
const STATUS_ROWS: u16 = 3;

/// Rows the status line needs: a message longer than the width (a German
/// refusal with its fix at the end) wraps instead of losing its end.
pub fn status_rows(app: &App, width: u16) -> u16 {
    let text = match (&app.ask, &app.status) {
        (None, Some(Status::Info(text) | Status::Error(text))) => text,
        _ => return 1,
    };
    let rows = Paragraph::new(text.as_str())
        .wrap(Wrap { trim: true })
        .line_count(width);
    u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .clamp(1, STATUS_ROWS)
}

fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    let line = if let Some(ask) = &app.ask {
        let label = format!("{} ", app.ctx.text(ask.label));
        // A reply is often longer than the line: show its end, where the caret is.
        let room = usize::from(area.width).saturating_sub(label.width() + 1);
        Line::from(vec![
            Span::styled(label, mark()),
            Span::raw(format!("{}▏", tail(&ask.text, room))),
        ])
    } else {
        match &app.status {
            Some(Status::Info(text)) => {
                Line::styled(text.clone(), Style::default().fg(Color::Green))
            }
            Some(Status::Error(text)) => {
                Line::styled(text.clone(), Style::default().fg(Color::Red))
            }
            // The hint line is cut: its first entries are the ones that matter.
            None => {
                frame.render_widget(Paragraph::new(Line::styled(hint(app), dim())), area);
                return;
            }
        }
    };
    // A message wraps onto the rows `status_rows` gave it, so its end
    // (often the fix) is read too.
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), area);
}

/// The help's rows: the screen's keys, the list keys, then the global ones.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let scope = app.scope();
    let mut lines = Vec::new();
    let mut seen = Vec::new();
    for s in [scope, LIST, GLOBAL] {
        let rows: Vec<(Action, String)> = app
            .ctx
            .keymap
            .scope(s)
            .into_iter()
            .filter(|(a, keys)| !keys.is_empty() && !seen.contains(a) && app.offers(*a))
            .map(|(a, _)| (a, app.ctx.keymap.keys_for(scope, a)))
            .collect();
        if rows.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        for (action, keys) in rows {
            seen.push(action);
            lines.push(Line::from(vec![
                Span::styled(format!("{keys:>14}  "), mark()),
                Span::raw(app.action_name(action)),
            ]));
        }
    }
    lines.push(Line::from(vec![
        Span::styled(format!("{:>14}  ", "Ctrl-C"), mark()),
        Span::raw(app.ctx.text("console-action-quit")),
    ]));
    lines
}

fn draw_help(app: &App, frame: &mut Frame, area: Rect) {
    let popup = centered(area, 70, area.height.saturating_sub(4));
    frame.render_widget(Clear, popup);
    let lines = help_lines(app);
    let rows = usize::from(popup.height.saturating_sub(2));
    let end = lines.len().saturating_sub(rows);
    app.help_extent.set(end);
    let scroll = app.help_scroll.min(end);
    // The frame says when there is more below or above.
    let title = with_more(app.ctx.text("console-help-title"), scroll, end);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::default().borders(Borders::ALL).title(title))
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        popup,
    );
}

fn draw_palette(app: &App, frame: &mut Frame, area: Rect, query: &str, chosen: usize) {
    let popup = centered(area, 60, 14);
    frame.render_widget(Clear, popup);
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", mark()),
        Span::raw(format!("{query}▏")),
    ])];
    let scope = app.scope();
    for (i, (action, name)) in app.palette_entries(query).into_iter().take(11).enumerate() {
        let line = Line::from(vec![
            Span::raw(format!("{name:<40}")),
            Span::styled(app.ctx.keymap.keys_for(scope, action), dim()),
        ]);
        lines.push(if i == chosen {
            line.patch_style(selected())
        } else {
            line
        });
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(app.ctx.text("console-palette-title")),
        ),
        popup,
    );
}
