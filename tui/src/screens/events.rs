//! Official events: the upcoming list, and a form for ambassadors to create
//! or edit the events of their groups.

use super::{Ctx, Out, Screen};
use crate::keymap::Action;
use crate::widgets::{Cursor, ListArea, bold, dim, draw_list, edit, framed, mark, split};
use crate::worker::{Done, Job};
use desk::clock;
use desk::clock::local::{LocalTime, Zone};
use desk::records::EventId;
use desk::store::{Event, NewEvent};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The event form: create or edit.
#[derive(Debug, Clone, Default)]
pub struct EventForm {
    /// The event being edited, or none for a new one.
    pub id: Option<EventId>,
    /// Index into the groups where I am an ambassador.
    pub group: usize,
    /// Title, date and time (`YYYY-MM-DD HH:MM`), place, region or topic.
    pub fields: [String; 4],
    /// The focused field: 0 is the group, 1..=4 the texts.
    pub focus: usize,
}

/// The Events screen.
#[derive(Debug, Clone, Default)]
pub struct EventsScreen {
    /// Upcoming events.
    pub events: Vec<Event>,
    /// The highlighted one.
    pub cursor: Cursor,
    /// The open form.
    pub form: Option<EventForm>,
    /// The time taken and the other one, when the saved time happens twice:
    /// said with "Event saved.", which would otherwise replace the note.
    pub repeated: Option<(LocalTime, LocalTime)>,
}

impl EventsScreen {
    fn form_act(&mut self, ctx: &Ctx, action: Action, out: &mut Out) {
        let count = ctx.ambassador_groups().len().max(1);
        let Some(form) = &mut self.form else {
            return;
        };
        match action {
            // Esc leaves a text field first; on the group line it closes the form.
            Action::Back if form.focus > 0 => form.focus = 0,
            Action::Back => self.form = None,
            Action::Up => form.focus = form.focus.saturating_sub(1),
            Action::Down => form.focus = (form.focus + 1).min(4),
            Action::Left if form.focus == 0 => form.group = (form.group + count - 1) % count,
            Action::Right if form.focus == 0 => form.group = (form.group + 1) % count,
            Action::Open | Action::Edit if form.focus < 4 => form.focus += 1,
            Action::Open | Action::Edit => self.save(ctx, out),
            _ => {}
        }
    }

    fn edit_selected(&mut self, ctx: &Ctx, out: &mut Out) {
        let Some(event) = self.events.get(self.cursor.selected) else {
            return;
        };
        let group = ctx
            .ambassador_groups()
            .iter()
            .position(|g| g.group.id == event.group);
        match group {
            Some(group) => {
                self.form = Some(EventForm {
                    id: Some(event.id),
                    group,
                    fields: [
                        event.title.clone(),
                        // The wall clock in my zone, as it will be read back.
                        ctx.zone
                            .local(event.starts_at)
                            .to_string()
                            .get(..16)
                            .unwrap_or_default()
                            .to_string(),
                        event.place.clone(),
                        event.focus.clone(),
                    ],
                    focus: 1,
                })
            }
            None => out.error(ctx.text("console-event-not-yours")),
        }
    }

    fn save(&mut self, ctx: &Ctx, out: &mut Out) {
        let (Some(me), Some(form)) = (ctx.me(), self.form.as_ref()) else {
            return;
        };
        let Some(group) = ctx.ambassador_groups().get(form.group).map(|g| g.group.id) else {
            return;
        };
        // Typed in my zone, stored in UTC; a time the clocks skip is refused
        // with the reason, one they repeat is taken the first time and said so.
        let typed = match ctx.zone.read(&form.fields[1]) {
            Ok(typed) => typed,
            Err(why) => {
                out.error(why.message(&ctx.l, ctx.lang));
                return;
            }
        };
        let starts_at = typed.at;
        // The list starts today: the desk refuses an event before that (a
        // year typo), which would never be seen again; said here in the
        // moderator's zone.
        if is_before_the_list(starts_at, ctx.now, &ctx.zone) {
            out.error(ctx.fmt(
                "console-event-in-the-past",
                &[("when", ctx.when(starts_at).into())],
            ));
            return;
        }
        self.repeated = typed
            .repeated
            .map(|other| (ctx.zone.local(starts_at), other));
        if let Some((chosen, other)) = &self.repeated {
            out.info(clock::local::repeated_note(&ctx.l, ctx.lang, chosen, other));
        }
        out.job(Job::SaveEvent {
            id: form.id,
            by: me,
            event: NewEvent {
                group,
                title: form.fields[0].trim().to_string(),
                starts_at,
                place: form.fields[2].trim().to_string(),
                focus: form.fields[3].trim().to_string(),
            },
        });
    }
}

impl Screen for EventsScreen {
    fn id(&self) -> &'static str {
        "events"
    }

    fn load(&mut self, _ctx: &Ctx) -> Vec<Job> {
        vec![Job::Events]
    }

    fn shown(&mut self, _ctx: &Ctx) -> Vec<Job> {
        vec![Job::Events]
    }

    fn typing(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.focus > 0)
    }

    fn has_draft(&self) -> bool {
        self.form.is_some()
    }

    fn act(&mut self, ctx: &Ctx, action: Action, out: &mut Out) {
        if self.form.is_some() {
            return self.form_act(ctx, action, out);
        }
        let len = self.events.len();
        let page = ctx.page.max(1) as isize;
        let may_edit = !ctx.ambassador_groups().is_empty();
        match action {
            Action::Up => self.cursor.step(len, -1),
            Action::Down => self.cursor.step(len, 1),
            Action::PageUp => self.cursor.step(len, -page),
            Action::PageDown => self.cursor.step(len, page),
            Action::First => self.cursor.step(len, isize::MIN / 2),
            Action::Last => self.cursor.step(len, isize::MAX / 2),
            Action::New if may_edit => self.form = Some(EventForm::default()),
            Action::Edit | Action::Open if may_edit => self.edit_selected(ctx, out),
            Action::New | Action::Edit => out.error(ctx.text("console-events-read-only")),
            _ => {}
        }
    }

    fn type_key(&mut self, _ctx: &Ctx, key: &KeyEvent, _out: &mut Out) {
        if let Some(form) = &mut self.form
            && form.focus > 0
        {
            edit(&mut form.fields[form.focus - 1], key);
        }
    }

    fn click(&mut self, _ctx: &Ctx, row: usize, _out: &mut Out) {
        if self.form.is_none() {
            self.cursor.selected = row;
        }
    }

    fn done(&mut self, ctx: &Ctx, done: Done, out: &mut Out) -> Option<Done> {
        match done {
            Done::Events(mut events) => {
                // The worker knows no zone: the list starts at my today.
                let today = desk::store::events_listed_from(ctx.now, &ctx.zone);
                events.retain(|e| e.starts_at >= today);
                self.events = events;
                self.cursor.step(self.events.len(), 0);
            }
            Done::EventSaved => {
                self.form = None;
                let saved = ctx.text("console-event-saved");
                out.info(match self.repeated.take() {
                    Some((chosen, other)) => format!(
                        "{saved} {}",
                        clock::local::repeated_note(&ctx.l, ctx.lang, &chosen, &other)
                    ),
                    None => saved,
                });
                out.job(Job::Events);
            }
            other => return Some(other),
        }
        None
    }

    fn view(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) -> Option<ListArea> {
        let ambassador = ctx.ambassador_groups();
        let [list, side] = split(area, 60);
        let events = &self.events;
        let drawn = draw_list(
            frame,
            list,
            ctx.text("console-events-title"),
            events.len(),
            Some(self.cursor),
            &|i| {
                let e = &events[i];
                Line::from(vec![
                    Span::styled(format!("{} ", ctx.when(e.starts_at)), dim()),
                    Span::raw(format!("{} · {} · {}", e.title, e.place, e.focus)),
                ])
            },
        );
        let mut lines: Vec<Line> = Vec::new();
        if let Some(form) = &self.form {
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
                    Span::styled(format!("{:<14}", ctx.text(id)), style),
                    Span::raw(value),
                ]));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(ctx.text("console-event-form-hint"), dim()));
        } else if ambassador.is_empty() {
            lines.push(Line::raw(ctx.text("console-events-why-read-only")));
        } else {
            lines.push(Line::raw(ctx.text("console-events-may-edit")));
            if let Some(e) = events.get(self.cursor.selected) {
                lines.push(Line::raw(""));
                lines.push(Line::styled(e.title.clone(), bold()));
                lines.push(Line::raw(format!(
                    "{} · {}",
                    ctx.when(e.starts_at),
                    e.place
                )));
                lines.push(Line::raw(format!("{} · {}", e.group_name, e.created_by)));
            }
        }
        frame.render_widget(framed(ctx.text("console-events-side"), lines), side);
        Some(drawn)
    }
}

/// Whether an event at `starts_at` would not show in the list at `now` in
/// `zone`: it began before my today, so it is refused.
fn is_before_the_list(starts_at: clock::Timestamp, now: clock::Timestamp, zone: &Zone) -> bool {
    starts_at < desk::store::events_listed_from(now, zone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screens::tests::{NOW, ctx};
    use desk::clock::local::Zone;
    use desk::records::{AmbassadorKind, Group, GroupId, GroupKind, Role};
    use desk::store::community::MyGroup;

    fn berlin() -> Ctx {
        let mut ctx = ctx();
        ctx.zone = Zone::named("Europe/Berlin").expect("zone");
        ctx.groups = vec![MyGroup {
            group: Group {
                id: GroupId(1),
                name: "Berlin Networking".into(),
                description: String::new(),
                kind: GroupKind::Regional,
            },
            role: Role::Ambassador(AmbassadorKind::Regional),
            members: 10,
        }];
        ctx
    }

    /// Types a date into a fresh form and saves it.
    fn save(ctx: &Ctx, when: &str) -> Out {
        let mut s = EventsScreen::default();
        let mut out = Out::default();
        s.act(ctx, Action::New, &mut out);
        if let Some(form) = &mut s.form {
            form.fields = [
                "Meet-up".into(),
                when.into(),
                "Cafe".into(),
                "Berlin".into(),
            ];
            form.focus = 4;
        }
        s.act(ctx, Action::Open, &mut out);
        out
    }

    fn starts_at(out: &Out) -> Option<i64> {
        match &out.jobs[..] {
            [Job::SaveEvent { event, .. }] => Some(clock::to_unix(event.starts_at)),
            _ => None,
        }
    }

    #[test]
    fn a_typed_time_is_read_in_the_moderators_zone_across_both_dst_changes() {
        let ctx = berlin();
        // Winter: 19:00 in Berlin is 18:00 UTC.
        let winter = save(&ctx, "2026-12-10 19:00");
        assert_eq!(
            starts_at(&winter),
            Some(clock::to_unix(
                clock::parse_rfc3339("2026-12-10T18:00:00Z").expect("utc")
            ))
        );
        // Summer: 19:00 is 17:00 UTC.
        let summer = save(&ctx, "2027-06-10 19:00");
        assert_eq!(
            starts_at(&summer),
            Some(clock::to_unix(
                clock::parse_rfc3339("2027-06-10T17:00:00Z").expect("utc")
            ))
        );
        // March: 02:30 does not exist; nothing is saved and the reason is named.
        let skipped = save(&ctx, "2027-03-28 02:30");
        assert_eq!(starts_at(&skipped), None);
        assert!(
            matches!(&skipped.status, Some(crate::screens::Status::Error(e)) if e.contains("Europe/Berlin")),
            "{:?}",
            skipped.status
        );
        // October: 02:30 happens twice; the first (CEST, 00:30 UTC) is taken and said so.
        let repeated = save(&ctx, "2027-10-31 02:30");
        assert_eq!(
            starts_at(&repeated),
            Some(clock::to_unix(
                clock::parse_rfc3339("2027-10-31T00:30:00Z").expect("utc")
            ))
        );
        assert!(matches!(
            &repeated.status,
            Some(crate::screens::Status::Info(_))
        ));
    }

    #[test]
    fn a_time_in_the_past_is_refused_naming_it_so_no_event_is_lost() {
        let ctx = berlin();
        let past = save(&ctx, "2025-01-01 10:00");
        assert_eq!(starts_at(&past), None, "nothing is saved");
        assert!(
            matches!(&past.status, Some(crate::screens::Status::Error(e))
                if e.contains("January 1, 2025 10:00 CET")),
            "{:?}",
            past.status
        );
        assert!(starts_at(&save(&ctx, "2027-01-01 10:00")).is_some());
        // An event that began earlier today is still listed, so its place
        // can be mended without moving its time.
        let now = clock::from_unix(1_795_000_000);
        let hour = time::Duration::hours(1);
        let midnight = desk::store::events_listed_from(now, &ctx.zone);
        assert!(now - midnight > hour, "the test's instant is past 01:00");
        assert!(!is_before_the_list(now - hour, now, &ctx.zone));
        assert!(is_before_the_list(
            midnight - time::Duration::minutes(1),
            now,
            &ctx.zone
        ));
    }

    #[test]
    fn the_list_starts_at_the_moderators_today_not_the_utc_day() {
        let mut ctx = berlin();
        // 00:30 in Berlin, still yesterday in UTC.
        ctx.now = time::macros::datetime!(2026-11-22 23:30 UTC);
        let event = |id, starts_at| Event {
            id: EventId(id),
            group: GroupId(1),
            group_name: "Berlin Networking".into(),
            created_by: "Ada".into(),
            title: "Stammtisch".into(),
            starts_at,
            place: "Berlin".into(),
            kind: AmbassadorKind::Regional,
            focus: "Berlin".into(),
        };
        let mut s = EventsScreen::default();
        let listed = vec![
            event(1, time::macros::datetime!(2026-11-22 22:00 UTC)),
            event(2, time::macros::datetime!(2026-11-22 23:10 UTC)),
        ];
        s.done(&ctx, Done::Events(listed), &mut Out::default());
        let ids: Vec<_> = s.events.iter().map(|e| e.id).collect();
        assert_eq!(ids, [EventId(2)], "yesterday 23:00 in Berlin is not today");
    }

    #[test]
    fn event_saved_still_says_which_of_two_repeated_times_was_taken() {
        let ctx = berlin();
        let mut s = EventsScreen::default();
        let mut out = Out::default();
        s.act(&ctx, Action::New, &mut out);
        if let Some(form) = &mut s.form {
            form.fields = [
                "Meet-up".into(),
                "2027-10-31 02:30".into(),
                "Cafe".into(),
                "Berlin".into(),
            ];
            form.focus = 4;
        }
        s.act(&ctx, Action::Open, &mut out);
        assert!(starts_at(&out).is_some());
        let mut saved = Out::default();
        s.done(&ctx, Done::EventSaved, &mut saved);
        let Some(crate::screens::Status::Info(said)) = &saved.status else {
            panic!("{:?}", saved.status);
        };
        assert!(
            said.starts_with("Event saved.") && said.contains("happens twice"),
            "{said}"
        );
        // The next save of an ordinary time says nothing about it.
        s.act(&ctx, Action::New, &mut out);
        let mut again = Out::default();
        s.done(&ctx, Done::EventSaved, &mut again);
        assert!(
            matches!(&again.status, Some(crate::screens::Status::Info(t)) if t == "Event saved."),
            "{:?}",
            again.status
        );
    }

    #[test]
    fn times_show_in_the_zone_with_its_name() {
        let ctx = berlin();
        // NOW is 12:00 UTC on November 22: 13:00 in Berlin, winter time.
        assert!(
            ctx.when(clock::from_unix(NOW)).ends_with("13:00 CET"),
            "{}",
            ctx.when(clock::from_unix(NOW))
        );
    }

    #[test]
    fn esc_in_a_form_field_leaves_the_field_first_then_the_form() {
        let ctx = berlin();
        let mut s = EventsScreen::default();
        let mut out = Out::default();
        s.act(&ctx, Action::New, &mut out);
        s.act(&ctx, Action::Down, &mut out);
        assert!(s.typing());
        s.act(&ctx, Action::Back, &mut out);
        assert!(!s.typing() && s.form.is_some());
        s.act(&ctx, Action::Back, &mut out);
        assert!(s.form.is_none());
    }
}
