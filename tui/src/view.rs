//! Drawing: the state in, a frame out. Nothing here changes state or waits.

use crate::app::{App, Cursor, Field, MIN_SIZE, Prompt, Status, Tab};
use desk::clock::Timestamp;
use desk::records::{AmbassadorKind, Role};
use desk::{InvitationStatus, Route, SendOutcome};
use locales::{FluentValue, Lang};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

const ACCENT: Color = Color::Cyan;

fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

fn mark() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

/// A tab's title as the tab bar shows it, with counts where they help.
pub fn tab_title(app: &App, tab: Tab) -> String {
    let n = Tab::ALL.iter().position(|t| *t == tab).unwrap_or(0) + 1;
    let name = app.l.text(app.lang, tab.id());
    match tab {
        Tab::Review if !app.review.items.is_empty() => {
            format!("{n} {name} ({})", app.review.items.len())
        }
        _ => format!("{n} {name}"),
    }
}

fn when(app: &App, at: Timestamp) -> String {
    format!(
        "{} {:02}:{:02}",
        app.l.date(app.lang, at.date()),
        at.hour(),
        at.minute()
    )
}

fn role(app: &App, role: Role) -> String {
    app.l.text(
        app.lang,
        match role {
            Role::Member => "console-role-member",
            Role::Moderator => "console-role-moderator",
            Role::Ambassador(AmbassadorKind::Regional) => "console-role-regional",
            Role::Ambassador(AmbassadorKind::Xpert) => "console-role-xpert",
        },
    )
}

fn fmt(app: &App, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    app.l.format(app.lang, id, args)
}

/// Draws the whole console.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = fmt(
            app,
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
        return;
    }
    let [title, tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_title(app, frame, title);
    match &app.me {
        None => draw_picker(app, frame, body),
        Some(_) => {
            draw_tabs(app, frame, tabs);
            match app.tab {
                Tab::Groups => draw_groups(app, frame, body),
                Tab::Invite => draw_invite(app, frame, body),
                Tab::Review => draw_review(app, frame, body),
                Tab::Events => draw_events(app, frame, body),
                Tab::Tickets => draw_tickets(app, frame, body),
                Tab::Faq => draw_faq(app, frame, body),
                Tab::Bonus => draw_bonus(app, frame, body),
            }
        }
    }
    draw_status(app, frame, status);
    if app.help {
        draw_help(app, frame, area);
    }
    if app.confirm_quit {
        let popup = centered(area, 50, 5);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(app.l.text(app.lang, "console-quit-confirm"))
                .wrap(Wrap { trim: true })
                .block(Block::default().borders(Borders::ALL).border_style(mark())),
            popup,
        );
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn draw_title(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(
        format!(" {} ", app.l.text(app.lang, "console-title")),
        Style::default().fg(Color::Black).bg(ACCENT),
    )];
    if app.demo {
        spans.push(Span::styled(
            format!(" {} ", app.l.text(app.lang, "console-demo")),
            Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        ));
    }
    spans.push(Span::styled(
        format!(" [{}]", app.lang.code().to_uppercase()),
        dim(),
    ));
    if let Some(me) = &app.me {
        spans.push(Span::raw(format!(" {} <{}>", me.name, me.email)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for tab in Tab::ALL {
        let style = if tab == app.tab {
            Style::default().fg(Color::Black).bg(ACCENT)
        } else {
            Style::default()
        };
        spans.push(Span::styled(format!(" {} ", tab_title(app, tab)), style));
        spans.push(Span::styled("│", dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    let line = if let Some((prompt, text)) = &app.prompt {
        let label = match prompt {
            Prompt::ReviewNote(true) => "console-prompt-approve",
            Prompt::ReviewNote(false) => "console-prompt-reject",
            Prompt::TicketReply(_) => "console-prompt-reply",
            Prompt::LinkArticle(_) => "console-prompt-link",
            Prompt::AddressBook => "console-prompt-address-book",
        };
        Line::from(vec![
            Span::styled(format!("{} ", app.l.text(app.lang, label)), mark()),
            Span::raw(format!("{text}▏")),
        ])
    } else {
        match &app.status {
            Some(Status::Info(text)) => {
                Line::styled(text.clone(), Style::default().fg(Color::Green))
            }
            Some(Status::Error(text)) => {
                Line::styled(text.clone(), Style::default().fg(Color::Red))
            }
            None => Line::styled(app.l.text(app.lang, "console-hint"), dim()),
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_help(app: &App, frame: &mut Frame, area: Rect) {
    let id = match (app.me.is_some(), app.tab) {
        (false, _) => "console-help-picker",
        (true, Tab::Groups) => "console-help-groups",
        (true, Tab::Invite) => "console-help-invite",
        (true, Tab::Review) => "console-help-review",
        (true, Tab::Events) => "console-help-events",
        (true, Tab::Tickets) => "console-help-tickets",
        (true, Tab::Faq) => "console-help-faq",
        (true, Tab::Bonus) => "console-help-bonus",
    };
    let text = format!(
        "{}\n\n{}",
        app.l.text(app.lang, id),
        app.l.text(app.lang, "console-help-global")
    );
    let popup = centered(area, 70, 18);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(app.l.text(app.lang, "console-help-title")),
        ),
        popup,
    );
}

/// A framed list that draws only the rows that fit.
fn draw_list(
    frame: &mut Frame,
    area: Rect,
    title: String,
    len: usize,
    cursor: Cursor,
    row: &dyn Fn(usize) -> Line<'static>,
) {
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    // A cursor past the end (lists without a selection) shows the start.
    let top = if cursor.selected < len {
        cursor.top(height)
    } else {
        0
    };
    let lines: Vec<Line> = (top..len.min(top.saturating_add(height)))
        .map(|i| {
            let line = row(i);
            if i == cursor.selected {
                line.patch_style(selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn framed<'a>(title: String, text: impl Into<Text<'a>>) -> Paragraph<'a> {
    Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .block(Block::default().borders(Borders::ALL).title(title))
}

fn split(area: Rect, left: u16) -> [Rect; 2] {
    Layout::horizontal([Constraint::Percentage(left), Constraint::Min(10)]).areas(area)
}

fn draw_picker(app: &App, frame: &mut Frame, area: Rect) {
    let list = &app.moderators;
    draw_list(
        frame,
        area,
        app.l.text(app.lang, "console-picker-title"),
        list.len(),
        app.picker,
        &|i| Line::from(format!("{}  <{}>", list[i].name, list[i].email)),
    );
}

fn draw_groups(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(open) = &app.groups.open {
        let [left, right] = split(area, 60);
        let title = fmt(
            app,
            "console-group-members",
            &[
                ("group", open.group.group.name.as_str().into()),
                ("count", open.group.members.into()),
            ],
        );
        let loading = app.l.text(app.lang, "console-loading");
        draw_list(
            frame,
            left,
            title,
            open.group.members as usize,
            open.cursor,
            &|i| match open.row(i) {
                Some(m) => Line::from(vec![
                    Span::raw(format!("{:<24} ", m.name)),
                    Span::styled(
                        format!("{:<21} ", role(app, m.role)),
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
                    Span::styled(format!("{} ", app.l.date(app.lang, n.at.date())), dim()),
                    Span::raw(match n.kind.as_str() {
                        "invitation" => fmt(
                            app,
                            "news-group-invitation",
                            &[
                                ("inviter", n.actor.clone().unwrap_or_default().into()),
                                ("invitee", n.subject.clone().unwrap_or_default().into()),
                            ],
                        ),
                        other => other.to_string(),
                    }),
                ])
            })
            .collect();
        frame.render_widget(
            framed(app.l.text(app.lang, "console-group-news"), news),
            right,
        );
        return;
    }
    let visible = app.groups.visible();
    let title = if app.filtering || !app.groups.filter.is_empty() {
        fmt(
            app,
            "console-groups-filtered",
            &[("filter", format!("{}▏", app.groups.filter).into())],
        )
    } else {
        app.l.text(app.lang, "console-groups-title")
    };
    draw_list(frame, area, title, visible.len(), app.groups.cursor, &|i| {
        let g = visible[i];
        Line::from(vec![
            Span::raw(format!("{:<32} ", g.group.name)),
            Span::styled(
                format!("{:<21} ", role(app, g.role)),
                Style::default().fg(ACCENT),
            ),
            Span::raw(fmt(
                app,
                "console-members-count",
                &[("count", g.members.into())],
            )),
        ])
    });
}

fn draw_invite(app: &App, frame: &mut Frame, area: Rect) {
    let c = &app.composer;
    let [form, sent] =
        Layout::vertical([Constraint::Min(14), Constraint::Length(area.height / 3)]).areas(area);
    let [left, right] = split(form, 58);
    let label = |field: Field, id: &str| {
        let style = if field == c.field { mark() } else { dim() };
        Span::styled(format!("{:<10}", app.l.text(app.lang, id)), style)
    };
    let group = app
        .invite_groups()
        .get(c.group)
        .map(|g| g.group.name.clone())
        .unwrap_or_else(|| app.l.text(app.lang, "console-invite-no-groups"));
    let route = app.l.text(
        app.lang,
        match c.route {
            Route::Group => "console-route-group",
            Route::Profile => "console-route-profile",
        },
    );
    let invitee = match &c.invitee {
        Some(m) => format!("{} <{}>", m.name, m.email),
        None => format!("{}▏", c.query),
    };
    let subject = if c.subject.is_empty() && c.field != Field::Subject {
        Span::styled(c.default_subject.clone(), dim())
    } else {
        Span::raw(c.subject.clone())
    };
    let count = c.text.chars().count();
    let counter_style = if count > 500 {
        Style::default().fg(Color::Red)
    } else {
        dim()
    };
    let send_style = if c.can_send() {
        Style::default().fg(Color::Black).bg(Color::Green)
    } else {
        dim()
    };
    let send_label = if c.field == Field::Send {
        format!("[ {} ]", app.l.text(app.lang, "console-invite-send"))
    } else {
        format!("  {}  ", app.l.text(app.lang, "console-invite-send"))
    };
    let mut lines = vec![
        Line::from(vec![
            label(Field::Route, "console-field-route"),
            Span::raw(format!("‹ {route} ›")),
        ]),
        Line::from(vec![
            label(Field::Group, "console-field-group"),
            Span::raw(format!("‹ {group} ›")),
        ]),
        Line::from(vec![
            label(Field::Invitee, "console-field-invitee"),
            Span::raw(invitee),
        ]),
        Line::from(vec![
            label(Field::Subject, "console-field-subject"),
            subject,
        ]),
        Line::from(vec![
            label(Field::Text, "console-field-text"),
            Span::styled(format!("{count}/500   "), counter_style),
            Span::styled(send_label, send_style),
        ]),
        Line::raw(format!("{}▏", c.text)),
    ];
    if let Some(outcome) = &c.outcome {
        let (id, style) = match outcome {
            SendOutcome::Sent(_) => (
                "console-invite-delivered",
                Style::default().fg(Color::Green),
            ),
            SendOutcome::Held(..) => ("console-invite-held", Style::default().fg(Color::Yellow)),
            SendOutcome::Refused(_) => ("console-invite-refused", Style::default().fg(Color::Red)),
        };
        lines.insert(4, Line::styled(app.l.text(app.lang, id), style));
    }
    frame.render_widget(
        framed(app.l.text(app.lang, "console-invite-title"), lines),
        left,
    );

    let mut verdict: Vec<Line> = Vec::new();
    if c.field == Field::Invitee && c.invitee.is_none() {
        for (i, m) in c.candidates.iter().enumerate().take(8) {
            let line = Line::raw(format!("{} <{}>", m.name, m.email));
            verdict.push(if i == c.candidate {
                line.patch_style(selected())
            } else {
                line
            });
        }
        if c.candidates.is_empty() {
            verdict.push(Line::styled(
                app.l.text(app.lang, "console-invite-no-candidates"),
                dim(),
            ));
        }
        verdict.push(Line::raw(""));
    }
    match &c.verdict {
        None if c.invitee.is_some() => {
            verdict.push(Line::styled(app.l.text(app.lang, "console-loading"), dim()))
        }
        None => verdict.push(Line::styled(
            app.l.text(app.lang, "console-invite-pick"),
            dim(),
        )),
        Some(v) if v.breaches.is_empty() => {
            verdict.push(Line::styled(
                format!("✓ {}", app.l.text(app.lang, "console-invite-passes")),
                Style::default().fg(Color::Green),
            ));
            for flag in &v.flags {
                verdict.push(Line::styled(
                    format!("! {}", flag.message(&app.l, app.lang)),
                    Style::default().fg(Color::Yellow),
                ));
            }
        }
        Some(v) => {
            for breach in &v.breaches {
                verdict.push(Line::styled(
                    format!("✗ {}", breach.message(&app.l, app.lang)),
                    Style::default().fg(Color::Red),
                ));
            }
        }
    }
    frame.render_widget(
        framed(app.l.text(app.lang, "console-invite-verdict"), verdict),
        right,
    );

    let list = &c.sent;
    draw_list(
        frame,
        sent,
        app.l.text(app.lang, "console-invite-sent"),
        list.len(),
        Cursor {
            selected: usize::MAX,
        },
        &|i| {
            let inv = &list[i];
            Line::from(vec![
                Span::styled(
                    format!("{} ", app.l.date(app.lang, inv.sent_at.date())),
                    dim(),
                ),
                Span::raw(format!("{:<24} {:<24} ", inv.invitee_name, inv.group_name)),
                Span::styled(status_word(app, inv.status), Style::default().fg(ACCENT)),
            ])
        },
    );
}

fn status_word(app: &App, status: InvitationStatus) -> String {
    app.l.text(
        app.lang,
        match status {
            InvitationStatus::Sent => "console-status-delivered",
            InvitationStatus::Flagged => "console-status-flagged",
            InvitationStatus::Approved => "console-status-approved",
            InvitationStatus::Rejected => "console-status-rejected",
        },
    )
}

/// `text` with the words that also occur in `common` marked.
fn highlighted(text: &str, common: &dyn Fn(&str) -> bool) -> Line<'static> {
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

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

fn draw_review(app: &App, frame: &mut Frame, area: Rect) {
    let r = &app.review;
    if r.show_audit {
        let audit = &r.audit;
        draw_list(
            frame,
            area,
            app.l.text(app.lang, "console-audit-title"),
            audit.len(),
            r.cursor,
            &|i| {
                let e = &audit[i];
                Line::from(vec![
                    Span::styled(format!("{} ", when(app, e.at)), dim()),
                    Span::raw(format!(
                        "{:<18} {:<22} {} {}",
                        e.moderator.clone().unwrap_or_default(),
                        e.action,
                        e.target,
                        e.note
                    )),
                ])
            },
        );
        return;
    }
    let [left, right] = split(area, 50);
    let items = &r.items;
    let title = if items.is_empty() {
        app.l.text(app.lang, "console-review-empty")
    } else {
        fmt(
            app,
            "console-review-title",
            &[
                ("count", (items.len() as u64).into()),
                ("marked", (r.marked.len() as u64).into()),
            ],
        )
    };
    draw_list(frame, left, title, items.len(), r.cursor, &|i| {
        let f = &items[i];
        let tick = if r.marked.contains(&f.invitation.id) {
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
    if let Some(f) = items.get(r.cursor.selected) {
        for flag in &f.invitation.flags {
            let style = Style::default().fg(Color::Yellow);
            lines.push(Line::styled(
                format!("! {}", flag.message(&app.l, app.lang)),
                style,
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            f.invitation.subject.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        let others: Vec<String> = f.similar_texts.iter().flat_map(|(_, t)| words(t)).collect();
        lines.push(highlighted(&f.invitation.text, &|w| {
            others.iter().any(|o| o == w)
        }));
        if !f.similar_texts.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                app.l.text(app.lang, "console-review-similar"),
                dim(),
            ));
            let own = words(&f.invitation.text);
            for (_, text) in f.similar_texts.iter().take(3) {
                lines.push(highlighted(text, &|w| own.iter().any(|o| o == w)));
            }
        }
    }
    frame.render_widget(
        framed(app.l.text(app.lang, "console-review-detail"), lines),
        right,
    );
}

fn draw_events(app: &App, frame: &mut Frame, area: Rect) {
    let ambassador = app.ambassador_groups();
    let [list, side] = split(area, 60);
    let events = &app.events.events;
    draw_list(
        frame,
        list,
        app.l.text(app.lang, "console-events-title"),
        events.len(),
        app.events.cursor,
        &|i| {
            let e = &events[i];
            Line::from(vec![
                Span::styled(format!("{} ", when(app, e.starts_at)), dim()),
                Span::raw(format!("{} · {} · {}", e.title, e.place, e.focus)),
            ])
        },
    );
    let mut lines: Vec<Line> = Vec::new();
    if let Some(form) = &app.events.form {
        let group = ambassador
            .get(form.group)
            .map(|g| g.group.name.clone())
            .unwrap_or_default();
        let labels = [
            "console-event-group",
            "console-event-title",
            "console-event-when",
            "console-event-place",
            "console-event-focus",
        ];
        for (i, id) in labels.iter().enumerate() {
            let style = if form.focus == i { mark() } else { dim() };
            let value = if i == 0 {
                format!("‹ {group} ›")
            } else if form.focus == i {
                format!("{}▏", form.fields[i - 1])
            } else {
                form.fields[i - 1].clone()
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{:<14}", app.l.text(app.lang, id)), style),
                Span::raw(value),
            ]));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            app.l.text(app.lang, "console-event-form-hint"),
            dim(),
        ));
    } else if ambassador.is_empty() {
        lines.push(Line::raw(
            app.l.text(app.lang, "console-events-why-read-only"),
        ));
    } else {
        lines.push(Line::raw(app.l.text(app.lang, "console-events-may-edit")));
        if let Some(e) = events.get(app.events.cursor.selected) {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                e.title.clone(),
                Style::default().add_modifier(Modifier::BOLD),
            ));
            lines.push(Line::raw(format!(
                "{} · {}",
                when(app, e.starts_at),
                e.place
            )));
            lines.push(Line::raw(format!("{} · {}", e.group_name, e.created_by)));
        }
    }
    frame.render_widget(
        framed(app.l.text(app.lang, "console-events-side"), lines),
        side,
    );
}

fn draw_tickets(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.tickets;
    let [left, right] = split(area, 55);
    if t.show_unanswered {
        let list = &t.unanswered;
        draw_list(
            frame,
            left,
            app.l.text(app.lang, "console-unanswered-title"),
            list.len(),
            t.ucursor,
            &|i| {
                let q = &list[i];
                let linked = q
                    .linked_article
                    .as_ref()
                    .map(|a| format!(" → {a}"))
                    .unwrap_or_default();
                Line::raw(format!(
                    "{:>4}× [{}] {}{linked}",
                    q.count,
                    q.lang.code(),
                    q.question
                ))
            },
        );
        frame.render_widget(
            framed(
                app.l.text(app.lang, "console-tickets-side"),
                app.l.text(app.lang, "console-unanswered-hint"),
            ),
            right,
        );
        return;
    }
    let list = &t.tickets;
    draw_list(
        frame,
        left,
        app.l.text(app.lang, "console-tickets-title"),
        list.len(),
        t.cursor,
        &|i| {
            let k = &list[i];
            let state = app.l.text(
                app.lang,
                match k.status {
                    desk::store::TicketStatus::Open => "console-ticket-open",
                    desk::store::TicketStatus::Closed => "console-ticket-closed",
                },
            );
            Line::raw(format!(
                "#{:<4} {:<8} {:<14} {}",
                k.id.0,
                state,
                k.assignee.clone().unwrap_or_else(|| "–".into()),
                k.subject
            ))
        },
    );
    let mut lines: Vec<Line> = Vec::new();
    if let Some((id, messages)) = &t.open {
        lines.push(Line::styled(
            format!("#{}", id.0),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        for m in messages {
            lines.push(Line::from(vec![
                Span::styled(format!("{} {:?}: ", when(app, m.at), m.author), dim()),
                Span::raw(m.body.clone()),
            ]));
        }
    } else {
        lines.push(Line::styled(
            app.l.text(app.lang, "console-tickets-hint"),
            dim(),
        ));
    }
    frame.render_widget(
        framed(app.l.text(app.lang, "console-tickets-side"), lines),
        right,
    );
}

/// A framed search box on top of `area`; returns the room left for results
/// (where `App::list_top` expects the first row).
fn search_box(app: &App, frame: &mut Frame, area: Rect, title: &str, query: &str) -> Rect {
    let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    frame.render_widget(
        framed(app.l.text(app.lang, title), format!("{query}▏")),
        input,
    );
    list
}

fn draw_faq(app: &App, frame: &mut Frame, area: Rect) {
    let f = &app.faq;
    if let Some(id) = &f.open {
        let [en, de] = split(area, 50);
        let query = words(&f.query);
        for (lang, rect) in [(Lang::En, en), (Lang::De, de)] {
            let (title, body) = match app.knowledge.article(id, lang) {
                Some(a) => (
                    format!("{} · {}", lang.code().to_uppercase(), a.title),
                    knowledge::markdown::to_plain(&a.body),
                ),
                None => (
                    lang.code().to_uppercase(),
                    app.l.text(app.lang, "console-faq-missing"),
                ),
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
            frame.render_widget(framed(title, lines), rect);
        }
        return;
    }
    let list = search_box(app, frame, area, "console-faq-search", &f.query);
    let hits = &f.hits;
    draw_list(
        frame,
        list,
        app.l.text(app.lang, "console-faq-results"),
        hits.len(),
        f.cursor,
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
    );
}

fn draw_bonus(app: &App, frame: &mut Frame, area: Rect) {
    let b = &app.bonus;
    let Some((member, p)) = &b.progress else {
        let list = search_box(app, frame, area, "console-bonus-search", &b.query);
        let found = &b.found;
        draw_list(frame, list, String::new(), found.len(), b.cursor, &|i| {
            Line::raw(format!("{}  <{}>", found[i].name, found[i].email))
        });
        return;
    };
    let [top, bottom] = Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(area);
    let lines = vec![
        Line::styled(
            format!("{} <{}>", member.name, member.email),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Line::raw(fmt(
            app,
            "console-bonus-progress",
            &[
                ("credited", p.credited.into()),
                ("months", p.months_earned.into()),
                ("needed", p.needed_for_next.into()),
            ],
        )),
        Line::styled(app.l.text(app.lang, "console-bonus-rule"), dim()),
    ];
    frame.render_widget(
        framed(app.l.text(app.lang, "console-bonus-title"), lines),
        top,
    );
    let mut lines: Vec<Line> = Vec::new();
    match &b.comparison {
        None => lines.push(Line::styled(
            app.l.text(app.lang, "console-compare-hint"),
            dim(),
        )),
        Some((path, c)) => {
            lines.push(Line::raw(fmt(
                app,
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
                lines.push(Line::raw(format!("  ✉ {} <{}>", m.name, m.email)));
            }
            lines.push(Line::styled(
                app.l.text(app.lang, "console-compare-nothing-kept"),
                dim(),
            ));
        }
    }
    frame.render_widget(
        framed(app.l.text(app.lang, "console-compare-title"), lines),
        bottom,
    );
}
