//! Official ambassador events: only an ambassador of the group creates or edits them.

use super::{Store, audit};
use crate::clock::{self, Timestamp, local::Zone};
use crate::records::{AmbassadorKind, EventId, GroupId, MemberId, Role};
use crate::{DeskError, Refusal};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// An event as the form describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// The hosting group.
    pub group: GroupId,
    /// Title.
    pub title: String,
    /// Start.
    pub starts_at: Timestamp,
    /// Venue or "online".
    pub place: String,
    /// The region (regional ambassadors) or the Xpert topic.
    pub focus: String,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Row id.
    pub id: EventId,
    /// The hosting group.
    pub group: GroupId,
    /// Its name.
    pub group_name: String,
    /// Who created it.
    pub created_by: String,
    /// Title.
    pub title: String,
    /// Start.
    pub starts_at: Timestamp,
    /// Venue.
    pub place: String,
    /// Regional or Xpert, from the creator's ambassador kind.
    pub kind: AmbassadorKind,
    /// Region or topic.
    pub focus: String,
}

fn event_from_row(row: &Row<'_>) -> rusqlite::Result<Event> {
    let kind: String = row.get(7)?;
    Ok(Event {
        id: EventId(row.get(0)?),
        group: GroupId(row.get(1)?),
        group_name: row.get(2)?,
        created_by: row.get(3)?,
        title: row.get(4)?,
        starts_at: clock::from_unix(row.get(5)?),
        place: row.get(6)?,
        kind: AmbassadorKind::parse(&kind).unwrap_or(AmbassadorKind::Regional),
        focus: row.get(8)?,
    })
}

const EVENT_SELECT: &str = "SELECT e.id, e.group_id, g.name, m.name, e.title, e.starts_at, e.place, \
     e.kind, e.focus FROM events e JOIN groups g ON g.id = e.group_id JOIN members m ON m.id = e.created_by";

/// Where the upcoming events start at `now` for a moderator in `zone`: the
/// start of their today, so an event that began earlier today is still
/// listed (and can be mended).
pub fn events_listed_from(now: Timestamp, zone: &Zone) -> Timestamp {
    zone.start_of_day(now)
}

/// The earliest start the desk saves an event at, at `now`: a day before,
/// as today began less than a day ago in every time zone, so no
/// moderator's today is refused; the console holds each moderator to
/// their own today ([`events_listed_from`]), since an event before it
/// would never be listed again.
pub fn events_kept_from(now: Timestamp) -> Timestamp {
    now - time::Duration::DAY
}

/// The first ambassador of a group, if it has one.
pub(crate) fn ambassador_of_in(
    conn: &Connection,
    group: GroupId,
) -> Result<Option<MemberId>, DeskError> {
    Ok(conn
        .prepare_cached(
            "SELECT member_id FROM memberships WHERE group_id = ?1 AND role = 'ambassador' \
             ORDER BY member_id LIMIT 1",
        )?
        .query_row([group.0], |row| row.get(0))
        .optional()?
        .map(MemberId))
}

/// Writes an event for an ambassador of its group, with their kind, in the
/// caller's transaction.
pub(crate) fn insert_event_in(
    conn: &Connection,
    by: MemberId,
    event: &NewEvent,
    at: Timestamp,
) -> Result<EventId, DeskError> {
    let kind = must_be_ambassador_in(conn, event.group, by)?;
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO events (group_id, created_by, title, starts_at, place, kind, focus, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        )?
        .query_row(
            params![
                event.group.0,
                by.0,
                event.title.trim(),
                clock::to_unix(event.starts_at),
                event.place.trim(),
                kind.as_str(),
                event.focus.trim(),
                clock::to_unix(at)
            ],
            |row| row.get(0),
        )?;
    Ok(EventId(id))
}

/// Refuses `member` unless they are an ambassador of `group`, in the
/// caller's transaction.
fn must_be_ambassador_in(
    conn: &Connection,
    group: GroupId,
    member: MemberId,
) -> Result<AmbassadorKind, DeskError> {
    match super::community::role_in(conn, group, member)? {
        Some(Role::Ambassador(kind)) => Ok(kind),
        _ => Err(Refusal::NotAnAmbassador { member, group }.into()),
    }
}

impl Store {
    /// Refuses an event without a title or a place, or one that starts
    /// more than a day before `at` ([`events_kept_from`]).
    fn validate(event: &NewEvent, at: Timestamp) -> Result<(), DeskError> {
        if event.title.trim().is_empty() || event.place.trim().is_empty() {
            return Err(Refusal::EventIncomplete.into());
        }
        if event.starts_at < events_kept_from(at) {
            return Err(Refusal::EventInThePast(event.starts_at).into());
        }
        Ok(())
    }

    /// Creates an event; only an ambassador of the group may, and not
    /// before the day of `at`. Logged.
    pub fn create_event(
        &mut self,
        by: MemberId,
        event: &NewEvent,
        at: Timestamp,
    ) -> Result<EventId, DeskError> {
        self.in_its_file_mut(|store| {
            Self::validate(event, at)?;
            let tx = store.write()?;
            let id = insert_event_in(&tx, by, event, at)?;
            audit(
                &tx,
                Some(by),
                "event-created",
                &format!("event:{id}"),
                event.title.trim(),
                at,
            )?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Edits an event; only an ambassador of its group may, and not to
    /// start before the day of `at`. Logged.
    pub fn update_event(
        &mut self,
        by: MemberId,
        id: EventId,
        event: &NewEvent,
        at: Timestamp,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            Self::validate(event, at)?;
            // The roles are read under the write lock: checked before it, an
            // ambassador removed meanwhile by another process could still edit.
            let tx = store.write()?;
            let current: GroupId = tx
                .prepare_cached("SELECT group_id FROM events WHERE id = ?1")?
                .query_row([id.0], |row| row.get(0).map(GroupId))
                .optional()?
                .ok_or_else(|| DeskError::not_found("event", id))?;
            must_be_ambassador_in(&tx, current, by)?;
            let kind = must_be_ambassador_in(&tx, event.group, by)?;
            // An event moved to another group is that group's kind of event
            // now, as its ambassador (the editor) runs it; within its group
            // it keeps the kind its creator gave it.
            tx.prepare_cached(
                "UPDATE events SET kind = CASE WHEN group_id = ?2 THEN kind ELSE ?8 END, \
             group_id = ?2, title = ?3, starts_at = ?4, place = ?5, focus = ?6, \
             updated_at = ?7 WHERE id = ?1",
            )?
            .execute(params![
                id.0,
                event.group.0,
                event.title.trim(),
                clock::to_unix(event.starts_at),
                event.place.trim(),
                event.focus.trim(),
                clock::to_unix(at),
                kind.as_str()
            ])?;
            audit(
                &tx,
                Some(by),
                "event-updated",
                &format!("event:{id}"),
                event.title.trim(),
                at,
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// One event.
    pub fn event(&self, id: EventId) -> Result<Event, DeskError> {
        self.in_its_file(|| {
            self.conn
                .prepare_cached(&format!("{EVENT_SELECT} WHERE e.id = ?1"))?
                .query_row([id.0], event_from_row)
                .optional()?
                .ok_or_else(|| DeskError::not_found("event", id))
        })
    }

    /// Events starting at or after `from`, soonest first.
    pub fn events(
        &self,
        from: Timestamp,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Event>, DeskError> {
        self.in_its_file(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
            "{EVENT_SELECT} WHERE e.starts_at >= ?1 ORDER BY e.starts_at, e.id LIMIT ?2 OFFSET ?3"
        ))?;
            let rows = stmt.query_map(
                params![clock::to_unix(from), limit as i64, offset as i64],
                event_from_row,
            )?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::GroupKind;
    use crate::store::community::{NewGroup, NewMember};
    use crate::store::tests::temp_store;
    use locales::Lang;
    use time::macros::datetime;

    #[test]
    fn only_ambassadors_create_and_edit_events() {
        let (_dir, mut store, group, ambassador) = with_an_ambassador("Hamburg", Lang::De);
        let moderator = store
            .upsert_member(&NewMember::new("mod@example.org", "Mo", Lang::De))
            .expect("mo");
        store
            .set_role(group, moderator, Role::Moderator)
            .expect("role");
        let at = datetime!(2026-11-22 10:00 UTC);
        let mut event = NewEvent {
            group,
            title: "Hafen-Stammtisch".into(),
            starts_at: datetime!(2026-12-03 19:00 UTC),
            place: "Hamburg".into(),
            focus: "Hamburg".into(),
        };
        assert!(matches!(
            store.create_event(moderator, &event, at),
            Err(DeskError::Refused(_))
        ));
        let id = store.create_event(ambassador, &event, at).expect("create");
        event.title = "Hafen-Stammtisch im Dezember".into();
        assert!(store.update_event(moderator, id, &event, at).is_err());
        store
            .update_event(ambassador, id, &event, at)
            .expect("update");
        let stored = store.event(id).expect("event");
        assert_eq!(stored.title, "Hafen-Stammtisch im Dezember");
        assert_eq!(stored.kind, AmbassadorKind::Regional);
        assert_eq!(store.events(at, 0, 10).expect("list").len(), 1);
        // Ada is the Xpert ambassador of an industry group too; moved there,
        // the event is an Xpert event.
        let logistik = store
            .upsert_group(&NewGroup {
                name: "Logistik".into(),
                description: String::new(),
                kind: GroupKind::Industry,
            })
            .expect("group");
        store
            .set_role(
                logistik,
                ambassador,
                Role::Ambassador(AmbassadorKind::Xpert),
            )
            .expect("role");
        event.group = logistik;
        store
            .update_event(ambassador, id, &event, at)
            .expect("move");
        let stored = store.event(id).expect("event");
        assert_eq!(
            (stored.group, stored.kind),
            (logistik, AmbassadorKind::Xpert)
        );
        event.group = group;
        event.title = "  ".into();
        assert!(store.create_event(ambassador, &event, at).is_err());
    }

    /// A store with one regional group and Ada, its ambassador.
    fn with_an_ambassador(
        group: &str,
        lang: Lang,
    ) -> (tempfile::TempDir, Store, GroupId, MemberId) {
        let (dir, mut store) = temp_store();
        let group = store
            .upsert_group(&NewGroup {
                name: group.into(),
                description: String::new(),
                kind: GroupKind::Regional,
            })
            .expect("group");
        let ada = store
            .upsert_member(&NewMember::new("amb@example.org", "Ada", lang))
            .expect("ada");
        store
            .set_role(group, ada, Role::Ambassador(AmbassadorKind::Regional))
            .expect("role");
        (dir, store, group, ada)
    }

    #[test]
    fn an_evening_event_west_of_utc_is_today_after_the_utc_day_changed() {
        let (_dir, mut store, group, ada) = with_an_ambassador("New York", Lang::En);
        // 20:00 in New York, 01:00 the next day in UTC; the event began at
        // 18:00 there, before the UTC day began, but on the moderator's today.
        let evening = datetime!(2026-11-23 01:00 UTC);
        let new_york = Zone::named("America/New_York").expect("zone");
        let today = events_listed_from(evening, &new_york);
        assert_eq!(today, datetime!(2026-11-22 05:00 UTC));
        let event = NewEvent {
            group,
            title: "After-work".into(),
            starts_at: datetime!(2026-11-22 23:00 UTC),
            place: "Brooklyn".into(),
            focus: "New York".into(),
        };
        let id = store.create_event(ada, &event, evening).expect("tonight");
        let listed = store.events(today, 0, 10).expect("list");
        assert_eq!(listed.iter().map(|e| e.id).collect::<Vec<_>>(), [id]);
        // In Berlin at 00:30, yesterday's 23:00 (22:00 UTC) is not today.
        let berlin = Zone::named("Europe/Berlin").expect("zone");
        let past_midnight = datetime!(2026-11-22 23:30 UTC);
        assert_eq!(
            events_listed_from(past_midnight, &berlin),
            datetime!(2026-11-22 23:00 UTC)
        );
    }

    #[test]
    fn an_event_more_than_a_day_back_is_refused_and_one_that_began_earlier_today_is_saved() {
        let (_dir, mut store, group, ada) = with_an_ambassador("Hamburg", Lang::De);
        // "Now" is the instant the caller gives.
        let at = datetime!(2026-11-22 10:00 UTC);
        let mut event = NewEvent {
            group,
            title: "Hafen-Stammtisch".into(),
            starts_at: datetime!(2025-11-22 09:00 UTC),
            place: "Hamburg".into(),
            focus: "Hamburg".into(),
        };
        let refused = store.create_event(ada, &event, at);
        assert!(
            matches!(
                refused,
                Err(DeskError::Refused(Refusal::EventInThePast(when))) if when == event.starts_at
            ),
            "{refused:?}"
        );
        event.starts_at = datetime!(2026-11-21 09:59 UTC);
        assert!(store.create_event(ada, &event, at).is_err(), "a day back");
        assert!(
            store
                .events(events_kept_from(at), 0, 10)
                .expect("list")
                .is_empty()
        );

        // Begun an hour ago, it is still listed today: saved, and mended.
        event.starts_at = datetime!(2026-11-22 09:00 UTC);
        let id = store.create_event(ada, &event, at).expect("earlier today");
        event.place = "Hamburg, Hafen".into();
        store.update_event(ada, id, &event, at).expect("mended");
        // Moved to last year, it is refused and kept as it was.
        event.starts_at = datetime!(2025-11-22 09:00 UTC);
        assert!(matches!(
            store.update_event(ada, id, &event, at),
            Err(DeskError::Refused(Refusal::EventInThePast(_)))
        ));
        let kept = store.event(id).expect("event");
        assert_eq!(
            (kept.starts_at, kept.place.as_str()),
            (datetime!(2026-11-22 09:00 UTC), "Hamburg, Hafen")
        );
        let l = locales::Localizer::embedded().expect("locales");
        let said = Refusal::EventInThePast(datetime!(2025-01-01 10:00 UTC)).message(&l, Lang::De);
        assert!(
            said.starts_with("1. Januar 2025 10:00 UTC liegt in der Vergangenheit"),
            "{said}"
        );
    }

    #[test]
    fn an_ambassador_removed_while_their_edit_waits_for_the_lock_cannot_edit() {
        let (dir, mut store, group, ada) = with_an_ambassador("Hamburg", Lang::De);
        let at = datetime!(2026-11-22 10:00 UTC);
        let mut event = NewEvent {
            group,
            title: "Hafen-Stammtisch".into(),
            starts_at: datetime!(2026-12-03 19:00 UTC),
            place: "Hamburg".into(),
            focus: "Hamburg".into(),
        };
        let id = store.create_event(ada, &event, at).expect("create");
        // Another process takes the write lock and makes Ada a plain member;
        // it commits while Ada's edit waits for the lock.
        let path = dir.path().join("desk.db");
        assert!(path.exists(), "the store's file");
        let (locked, release) = std::sync::mpsc::channel();
        let other = std::thread::spawn(move || {
            let mut conn = rusqlite::Connection::open(&path).expect("open");
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .expect("lock");
            tx.execute(
                "UPDATE memberships SET role = 'member', ambassador_kind = NULL \
                 WHERE group_id = ?1 AND member_id = ?2",
                [group.0, ada.0],
            )
            .expect("demote");
            locked.send(()).expect("signal");
            std::thread::sleep(std::time::Duration::from_millis(400));
            tx.commit().expect("commit");
        });
        release.recv().expect("locked");
        event.title = "Ada's edit".into();
        let edit = store.update_event(ada, id, &event, at);
        other.join().expect("other");
        assert!(
            matches!(edit, Err(DeskError::Refused(_))),
            "a member edited an official event: {edit:?}"
        );
        assert_eq!(store.event(id).expect("event").title, "Hafen-Stammtisch");
    }
}
