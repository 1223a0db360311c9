//! The group-invitation composer: route, group, invitee, subject and text,
//! with the policy's live verdict beside it and my sent invitations below.

use super::{Ctx, Out, Screen};
use crate::keymap::Action;
use crate::widgets::{ACCENT, ListArea, cell, dim, draw_list, edit, framed, mark, selected, split};
use crate::worker::{Done, Job};
use desk::invitations::advice::Advice;
use desk::invitations::policy::Verdict;
use desk::records::{InvitationId, Member};
use desk::store::MailState;
use desk::{Draft, GroupInvitation, InvitationStatus, Route, SendOutcome};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

/// The composer's fields, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Group page or profile.
    Route,
    /// Which group.
    Group,
    /// Who.
    Invitee,
    /// The subject.
    Subject,
    /// The text.
    Text,
    /// The send button.
    Send,
}

impl Field {
    const ORDER: [Field; 6] = [
        Field::Route,
        Field::Group,
        Field::Invitee,
        Field::Subject,
        Field::Text,
        Field::Send,
    ];

    fn step(self, by: isize) -> Field {
        let i = Field::ORDER.iter().position(|f| *f == self).unwrap_or(0) as isize + by;
        Field::ORDER[i.clamp(0, Field::ORDER.len() as isize - 1) as usize]
    }

    /// Whether it is a text field.
    pub fn is_text(self) -> bool {
        matches!(self, Field::Invitee | Field::Subject | Field::Text)
    }
}

/// The group-invitation composer.
#[derive(Debug, Clone)]
pub struct Composer {
    /// The focused field.
    pub field: Field,
    /// Group page (direct contacts only) or profile.
    pub route: Route,
    /// Index into my groups.
    pub group: usize,
    /// The invitee search.
    pub query: String,
    /// People matching it.
    pub candidates: Vec<Member>,
    /// The highlighted candidate.
    pub candidate: usize,
    /// The chosen invitee.
    pub invitee: Option<Member>,
    /// The subject; blank means the default.
    pub subject: String,
    /// What the invitee gets when the subject is blank.
    pub default_subject: String,
    /// The text.
    pub text: String,
    /// The number of the latest edit.
    pub seq: u64,
    /// The verdict on the latest edit, when it has come back.
    pub verdict: Option<Verdict>,
    /// Advice on the latest edit; it never blocks sending.
    pub advice: Vec<Advice>,
    /// The outcome of the last send.
    pub outcome: Option<SendOutcome>,
    /// The invitations I sent.
    pub sent: Vec<GroupInvitation>,
    /// Where their e-mails stand.
    pub mails: HashMap<InvitationId, MailState>,
    /// The database's change counter when `sent` was loaded.
    pub version: Option<i64>,
    /// A send is on its way to the worker.
    pub sending: bool,
}

impl Default for Composer {
    fn default() -> Composer {
        Composer {
            field: Field::Group,
            route: Route::Group,
            group: 0,
            query: String::new(),
            candidates: Vec::new(),
            candidate: 0,
            invitee: None,
            subject: String::new(),
            default_subject: String::new(),
            text: String::new(),
            seq: 0,
            verdict: None,
            advice: Vec::new(),
            outcome: None,
            sent: Vec::new(),
            mails: HashMap::new(),
            version: None,
            sending: false,
        }
    }
}

impl Composer {
    /// Whether the send button works: an invitee and a current, passing verdict.
    pub fn can_send(&self) -> bool {
        self.invitee.is_some() && self.verdict.as_ref().is_some_and(|v| v.breaches.is_empty())
    }

    /// The draft as `desk` checks it.
    pub fn draft(&self, ctx: &Ctx) -> Option<Draft> {
        let me = ctx.me()?;
        let invitee = self.invitee.as_ref()?;
        let group = ctx.groups.get(self.group)?;
        Some(Draft {
            inviter: me,
            invitee: invitee.id,
            group: group.group.id,
            route: self.route,
            subject: self.subject.clone(),
            text: self.text.clone(),
            at: ctx.now,
        })
    }

    fn check(&mut self, ctx: &Ctx, out: &mut Out) {
        self.seq += 1;
        self.verdict = None;
        if let Some(draft) = self.draft(ctx) {
            out.job(Job::Check {
                seq: self.seq,
                draft,
            });
        }
    }

    fn search(&self, ctx: &Ctx, out: &mut Out) {
        if let Some(me) = ctx.me() {
            out.job(Job::Invitees {
                me,
                route: self.route,
                query: self.query.clone(),
            });
        }
    }

    fn send(&mut self, ctx: &Ctx, out: &mut Out) {
        // A second Ctrl-S while the worker is busy would send the same draft
        // again: refused by the six-month rule, its "Refused" hid that the
        // first one went out.
        if self.sending {
            return;
        }
        if !self.can_send() {
            // Without a person there is no verdict yet: say what is missing,
            // not that a rule is broken.
            out.error(ctx.text(match (&self.invitee, &self.verdict) {
                (None, _) => "console-invite-pick",
                (Some(_), None) => "console-loading",
                (Some(_), Some(_)) => "console-invite-cannot-send",
            }));
            return;
        }
        if let Some(draft) = self.draft(ctx) {
            self.sending = true;
            out.job(Job::Send(draft));
        }
    }

    fn clear(&mut self) {
        self.text.clear();
        self.subject.clear();
        self.invitee = None;
        self.query.clear();
        self.candidates.clear();
        self.verdict = None;
        self.default_subject.clear();
        self.field = Field::Invitee;
    }
}

impl Screen for Composer {
    fn id(&self) -> &'static str {
        "invite"
    }

    fn load(&mut self, ctx: &Ctx) -> Vec<Job> {
        // The change counter before the list, so that the courier's writes
        // after the list are seen at the first tick.
        let mut jobs = vec![Job::DataVersion(self.id())];
        jobs.extend(ctx.me().map(Job::Sent));
        jobs
    }

    fn shown(&mut self, ctx: &Ctx) -> Vec<Job> {
        let mut out = Out::default();
        if let Some(me) = ctx.me() {
            out.job(Job::DataVersion(self.id()));
            out.job(Job::Sent(me));
        }
        if self.candidates.is_empty() {
            self.search(ctx, &mut out);
        }
        out.jobs
    }

    fn typing(&self) -> bool {
        self.field.is_text()
    }

    fn tick(&mut self, _ctx: &Ctx, out: &mut Out) {
        out.job(Job::DataVersion(self.id()));
    }

    fn has_draft(&self) -> bool {
        !self.text.trim().is_empty()
    }

    fn act(&mut self, ctx: &Ctx, action: Action, out: &mut Out) {
        let groups = ctx.groups.len();
        match (action, self.field) {
            (Action::Up, _) => self.field = self.field.step(-1),
            (Action::Down, _) => self.field = self.field.step(1),
            (Action::Send, _) => self.send(ctx, out),
            // Esc leaves a text field for the send button, where letters are keys again.
            (Action::Back, _) => self.field = Field::Send,
            (Action::Left | Action::Right | Action::Open, Field::Route) => {
                self.route = match self.route {
                    Route::Group => Route::Profile,
                    Route::Profile => Route::Group,
                };
                self.candidates.clear();
                self.search(ctx, out);
                self.check(ctx, out);
            }
            (Action::Left, Field::Group) if groups > 0 => {
                self.group = (self.group + groups - 1) % groups;
                self.check(ctx, out);
            }
            (Action::Right | Action::Open, Field::Group) if groups > 0 => {
                self.group = (self.group + 1) % groups;
                self.check(ctx, out);
            }
            (Action::Left, Field::Invitee) => self.candidate = self.candidate.saturating_sub(1),
            (Action::Right, Field::Invitee) if self.candidate + 1 < self.candidates.len() => {
                self.candidate += 1;
            }
            (Action::Open, Field::Invitee) => {
                if let Some(chosen) = self.candidates.get(self.candidate).cloned() {
                    self.query = chosen.name.clone();
                    self.invitee = Some(chosen);
                    self.field = Field::Text;
                    self.check(ctx, out);
                }
            }
            (Action::Open, Field::Subject | Field::Text) => self.field = self.field.step(1),
            (Action::Open, Field::Send) => self.send(ctx, out),
            _ => {}
        }
    }

    fn type_key(&mut self, ctx: &Ctx, key: &KeyEvent, out: &mut Out) {
        let changed = match self.field {
            Field::Invitee => edit(&mut self.query, key),
            Field::Subject => edit(&mut self.subject, key),
            Field::Text => edit(&mut self.text, key),
            _ => false,
        };
        if !changed {
            return;
        }
        if self.field == Field::Invitee {
            // A new search text un-chooses the person chosen before.
            self.invitee = None;
            self.search(ctx, out);
        }
        self.check(ctx, out);
    }

    fn failed(&mut self, job: &Job) {
        // The send failed: the moderator can try again. Any other job's
        // failure leaves the guard, since the send is still on its way.
        if matches!(job, Job::Send(_)) {
            self.sending = false;
        }
    }

    fn done(&mut self, ctx: &Ctx, done: Done, out: &mut Out) -> Option<Done> {
        match done {
            Done::Invitees(query, found) => {
                if query == self.query {
                    self.candidates = found;
                    self.candidate = 0;
                }
            }
            Done::Checked {
                seq,
                verdict,
                advice,
                default_subject,
            } => {
                if seq == self.seq {
                    self.verdict = Some(verdict);
                    self.advice = advice;
                    self.default_subject = default_subject;
                }
            }
            Done::Sent(outcome) => {
                self.sending = false;
                let id = match &outcome {
                    SendOutcome::Sent(_) => Some("console-invite-delivered"),
                    SendOutcome::Held(..) => Some("console-invite-held"),
                    SendOutcome::Recorded(_) => Some("console-invite-recorded"),
                    SendOutcome::Refused(_) => None,
                };
                if let Some(id) = id {
                    out.info(ctx.text(id));
                    self.clear();
                }
                self.outcome = Some(outcome);
                if let Some(me) = ctx.me() {
                    out.job(Job::Sent(me));
                    out.job(Job::Review(me));
                    self.search(ctx, out);
                }
            }
            Done::SentList(list, mails) => {
                self.sent = list;
                self.mails = mails;
            }
            Done::DataVersion("invite", version) => {
                // The mail courier runs in another process: "queued for
                // e-mail" turns into "sent" without a key.
                if self.version.is_some_and(|v| v != version)
                    && let Some(me) = ctx.me()
                {
                    out.job(Job::Sent(me));
                }
                self.version = Some(version);
            }
            Done::Groups(groups) => {
                self.group = self.group.min(groups.len().saturating_sub(1));
                return Some(Done::Groups(groups));
            }
            other => return Some(other),
        }
        None
    }

    fn view(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) -> Option<ListArea> {
        let c = self;
        let [form, sent] =
            Layout::vertical([Constraint::Min(14), Constraint::Length(area.height / 3)])
                .areas(area);
        let [left, right] = split(form, 58);
        let label = |field: Field, id: &str| {
            let style = if field == c.field { mark() } else { dim() };
            Span::styled(format!("{:<10}", ctx.text(id)), style)
        };
        let group = ctx
            .groups
            .get(c.group)
            .map(|g| g.group.name.clone())
            .unwrap_or_else(|| ctx.text("console-invite-no-groups"));
        let route = ctx.text(match c.route {
            Route::Group => "console-route-group",
            Route::Profile => "console-route-profile",
        });
        let invitee = match &c.invitee {
            Some(m) => format!("{} <{}>", m.name, m.email),
            None if c.field == Field::Invitee => format!("{}▏", c.query),
            None => c.query.clone(),
        };
        let subject = if c.subject.is_empty() && c.field != Field::Subject {
            Span::styled(c.default_subject.clone(), dim())
        } else {
            Span::raw(c.subject.clone())
        };
        // Counted as the desk counts it, so the counter and the verdict agree.
        let count = desk::invitations::characters(desk::invitations::text_as_sent(&c.text));
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
            format!("[ {} ]", ctx.text("console-invite-send"))
        } else {
            format!("  {}  ", ctx.text("console-invite-send"))
        };
        let text = if c.field == Field::Text {
            format!("{}▏", c.text)
        } else {
            c.text.clone()
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
        ];
        if let Some(outcome) = &c.outcome {
            let (id, style) = match outcome {
                SendOutcome::Sent(_) => (
                    "console-invite-delivered",
                    Style::default().fg(Color::Green),
                ),
                SendOutcome::Held(..) => {
                    ("console-invite-held", Style::default().fg(Color::Yellow))
                }
                SendOutcome::Recorded(_) => {
                    ("console-invite-recorded", Style::default().fg(Color::Green))
                }
                SendOutcome::Refused(_) => {
                    ("console-invite-refused", Style::default().fg(Color::Red))
                }
            };
            lines.insert(4, Line::styled(ctx.text(id), style));
        }
        // The fields on top, the text below them in the room that is left;
        // while it is typed, a text longer than that room shows its end,
        // where the caret is (500 characters fill 12 lines at 80 columns).
        let block = Block::default()
            .borders(Borders::ALL)
            .title(ctx.text("console-invite-title"));
        let inner = block.inner(left);
        frame.render_widget(block, left);
        let fields = Paragraph::new(lines).wrap(Wrap { trim: false });
        let height = u16::try_from(fields.line_count(inner.width)).unwrap_or(u16::MAX);
        let [fields_area, text_area] =
            Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(inner);
        frame.render_widget(fields, fields_area);
        let text = Paragraph::new(text).wrap(Wrap { trim: false });
        let overflow = text
            .line_count(text_area.width)
            .saturating_sub(usize::from(text_area.height));
        let scroll = if c.field == Field::Text { overflow } else { 0 };
        frame.render_widget(
            text.scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
            text_area,
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
                    ctx.text("console-invite-no-candidates"),
                    dim(),
                ));
            }
            verdict.push(Line::raw(""));
        }
        match &c.verdict {
            None if c.invitee.is_some() => {
                verdict.push(Line::styled(ctx.text("console-loading"), dim()))
            }
            None => verdict.push(Line::styled(ctx.text("console-invite-pick"), dim())),
            Some(v) if v.breaches.is_empty() => {
                verdict.push(Line::styled(
                    format!("✓ {}", ctx.text("console-invite-passes")),
                    Style::default().fg(Color::Green),
                ));
                for flag in &v.flags {
                    verdict.push(Line::styled(
                        format!("! {}", flag.message(&ctx.l, ctx.lang)),
                        Style::default().fg(Color::Yellow),
                    ));
                }
            }
            Some(v) => {
                for breach in &v.breaches {
                    verdict.push(Line::styled(
                        format!("✗ {}", breach.message_in(&ctx.l, ctx.lang, &ctx.zone)),
                        Style::default().fg(Color::Red),
                    ));
                }
            }
        }
        if c.verdict.is_some() {
            for advice in &c.advice {
                verdict.push(Line::styled(
                    format!("ℹ {}", advice.message(&ctx.l, ctx.lang)),
                    Style::default().fg(Color::Cyan),
                ));
            }
        }
        // The rules ask for a personal invitation that follows the invitee's
        // "I seek" and "I offer": show them where the text is written.
        if let Some(m) = &c.invitee
            && (!m.seeks.is_empty() || !m.offers.is_empty())
        {
            verdict.push(Line::raw(""));
            if !m.seeks.is_empty() {
                verdict.push(Line::from(vec![
                    Span::styled(format!("{} ", ctx.text("console-invitee-seeks")), mark()),
                    Span::raw(m.seeks.clone()),
                ]));
            }
            if !m.offers.is_empty() {
                verdict.push(Line::from(vec![
                    Span::styled(format!("{} ", ctx.text("console-invitee-offers")), mark()),
                    Span::raw(m.offers.clone()),
                ]));
            }
        }
        frame.render_widget(framed(ctx.text("console-invite-verdict"), verdict), right);

        let list = &c.sent;
        let day_width = day_column(ctx, list);
        draw_list(
            frame,
            sent,
            ctx.text("console-invite-sent"),
            list.len(),
            None,
            &|i| sent_line(ctx, c, &list[i], day_width),
        );
        None
    }
}

/// The width of the date column of my sent invitations: the longest date
/// among them ("November 22, 2026" is longer than "May 1, 2026").
fn day_column(ctx: &Ctx, list: &[GroupInvitation]) -> usize {
    list.iter()
        .map(|inv| ctx.day(inv.sent_at).width())
        .max()
        .unwrap_or(0)
}

/// One of my sent invitations, its date padded to `day_width` so that the
/// names, groups and states stand in columns whatever the month.
fn sent_line(ctx: &Ctx, c: &Composer, inv: &GroupInvitation, day_width: usize) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!("{} ", cell(&ctx.day(inv.sent_at), day_width)),
            dim(),
        ),
        Span::raw(format!(
            "{} {} ",
            cell(&inv.invitee_name, 24),
            cell(&inv.group_name, 24)
        )),
        Span::styled(
            match c.mails.get(&inv.id) {
                Some(mail) => mail_word(ctx, mail),
                None => status_word(ctx, inv.status),
            },
            Style::default().fg(ACCENT),
        ),
    ])
}

/// Where an invitation's e-mail stands: queued, retrying (why), sent, failed (why),
/// not sent after an opt-out.
fn mail_word(ctx: &Ctx, mail: &MailState) -> String {
    // Said in the console's language; the server's own words stay marked as its.
    let reason = mail
        .problem()
        .map(|problem| problem.message(&ctx.l, ctx.lang))
        .unwrap_or_default();
    ctx.fmt(mail.message_id(), &[("reason", reason.into())])
}

fn status_word(ctx: &Ctx, status: InvitationStatus) -> String {
    ctx.text(match status {
        InvitationStatus::Sent => "console-status-delivered",
        InvitationStatus::Flagged => "console-status-flagged",
        InvitationStatus::Approved => "console-status-approved",
        InvitationStatus::Rejected => "console-status-rejected",
        InvitationStatus::OptedOut => "console-status-opted-out",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screens::tests::{ctx, key};
    use locales::Lang;

    #[test]
    fn why_a_mail_did_not_go_out_is_said_in_the_consoles_language() {
        let mut ctx = ctx();
        let failed = MailState::Failed {
            reason: "refused 550 5.1.1 No such user here".into(),
        };
        let retrying = MailState::Queued {
            attempts: 2,
            last_error: Some("tls invalid peer certificate: UnknownIssuer".into()),
        };
        ctx.lang = Lang::De;
        assert_eq!(
            mail_word(&ctx, &failed),
            "E-Mail nicht zugestellt: Der Mailserver hat sie endgültig abgelehnt (550); seine Antwort: 5.1.1 No such user here"
        );
        let de = mail_word(&ctx, &retrying);
        assert!(
            de.contains("Die verschlüsselte Verbindung (TLS) zum Mailserver kam nicht zustande")
                && de.contains("(auf Englisch): invalid peer certificate"),
            "{de}"
        );
        assert!(!de.contains("tls "), "{de}");
        ctx.lang = Lang::En;
        assert_eq!(
            mail_word(&ctx, &failed),
            "e-mail failed: the mail server refused it for good (550); its reply: 5.1.1 No such user here"
        );
        // A reason stored before the kinds were kept stays as it was.
        let old = MailState::Failed {
            reason: "permanent error (550): gone".into(),
        };
        assert_eq!(
            mail_word(&ctx, &old),
            "e-mail failed: permanent error (550): gone"
        );
    }

    #[test]
    fn the_sent_list_keeps_its_columns_whatever_the_dates_length() {
        let ctx = ctx();
        let c = Composer::default();
        let sent = |id: i64, at: &str, name: &str| GroupInvitation {
            id: InvitationId(id),
            inviter: desk::records::MemberId(1),
            invitee: desk::records::MemberId(id + 1),
            invitee_name: name.into(),
            group: desk::records::GroupId(1),
            group_name: "Berlin Networking".into(),
            subject: String::new(),
            text: String::new(),
            route: Route::Profile,
            status: InvitationStatus::Sent,
            flags: Vec::new(),
            sent_at: desk::clock::parse_rfc3339(at).expect("time"),
            review_note: None,
        };
        let list = [
            sent(1, "2026-05-01T12:00:00Z", "Ben Carter"),
            sent(2, "2026-11-22T12:00:00Z", "Dora Frank"),
        ];
        let width = day_column(&ctx, &list);
        let rows: Vec<String> = list
            .iter()
            .map(|inv| sent_line(&ctx, &c, inv, width).to_string())
            .collect();
        let at = |row: &str, name: &str| row.find(name).map(|b| row[..b].width());
        assert_eq!(at(&rows[0], "Ben"), at(&rows[1], "Dora"), "{rows:?}");
        assert_eq!(at(&rows[0], "Berlin"), at(&rows[1], "Berlin"), "{rows:?}");
    }

    #[test]
    fn the_sent_list_reloads_when_the_courier_wrote() {
        let ctx = ctx();
        let mut c = Composer::default();
        let mut out = Out::default();
        c.tick(&ctx, &mut out);
        assert!(
            matches!(&out.jobs[..], [Job::DataVersion("invite")]),
            "{:?}",
            out.jobs
        );
        let mut out = Out::default();
        c.done(&ctx, Done::DataVersion("invite", 1), &mut out);
        c.done(&ctx, Done::DataVersion("invite", 1), &mut out);
        assert!(out.jobs.is_empty());
        c.done(&ctx, Done::DataVersion("invite", 2), &mut out);
        assert!(matches!(&out.jobs[..], [Job::Sent(_)]), "{:?}", out.jobs);
    }

    #[test]
    fn a_six_month_refusal_names_its_days_on_the_moderators_calendar() {
        let mut ctx = ctx();
        ctx.zone = desk::clock::Zone::named("Europe/Berlin").expect("zone");
        // 23:30 UTC on 1 September 2026 and on 1 March 2027: the next day in Berlin.
        let c = Composer {
            verdict: Some(Verdict {
                breaches: vec![desk::Breach::InvitedWithin6Months {
                    previous: desk::clock::from_unix(1_788_305_400),
                    next_allowed: desk::clock::from_unix(1_803_943_800),
                }],
                flags: Vec::new(),
            }),
            ..Composer::default()
        };
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 40)).expect("terminal");
        terminal
            .draw(|frame| {
                c.view(&ctx, frame, frame.area());
            })
            .expect("draw");
        let shown: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|cell| cell.symbol())
            .collect();
        let shown = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            shown.contains("You invited this person on September 2, 2026.")
                && shown.contains("March 2, 2027."),
            "{shown}"
        );
    }

    #[test]
    fn esc_leaves_a_text_field_for_the_send_button() {
        let ctx = ctx();
        let mut c = Composer {
            field: Field::Text,
            ..Composer::default()
        };
        let mut out = Out::default();
        c.type_key(&ctx, &key('q'), &mut out);
        assert_eq!(c.text, "q");
        c.act(&ctx, Action::Back, &mut out);
        assert!(!c.typing());
        assert!(c.has_draft(), "the text stays");
    }
}
