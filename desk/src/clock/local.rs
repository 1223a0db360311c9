//! Times as a moderator reads and types them: in their own time zone, with
//! the zone named, and read back into UTC correctly across daylight saving.
//!
//! The zone comes from a config value, else `TZ`, else the system's zone.
//! The zone rules are the system's tz database when present and a copy
//! compiled into the binary otherwise, so a fresh machine works too.

use super::{Timestamp, from_unix, to_unix};
use jiff::tz::{AmbiguousOffset, TimeZone};
use locales::{Lang, Localizer};
use time::macros::format_description;
use time::{Date, PrimitiveDateTime, Time, UtcOffset};

/// A moderator's time zone.
#[derive(Debug, Clone)]
pub struct Zone {
    tz: TimeZone,
    name: String,
}

/// An instant as the wall clock in a zone shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTime {
    /// The date and time on the wall clock.
    pub wall: PrimitiveDateTime,
    /// The zone's offset from UTC at that instant.
    pub offset: UtcOffset,
    /// The zone's abbreviation at that instant (`CET`, `CEST`), or the
    /// offset (`+0530`) where the zone has none.
    pub abbreviation: String,
    /// The zone's name (`Europe/Berlin`).
    pub zone: String,
}

/// A typed date and time, read in a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedTime {
    /// The instant, in UTC.
    pub at: Timestamp,
    /// Set when the wall-clock time happened twice (clocks went back): the
    /// first one was taken, and this is the second, for saying so.
    pub repeated: Option<LocalTime>,
}

/// Why a zone or a typed time was not accepted, naming the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    /// The tz database has no zone by this name.
    #[error("unknown time zone \"{0}\"; use a name such as Europe/Berlin")]
    UnknownZone(String),
    /// The text is not a date and time we read.
    #[error("\"{0}\" is not a date and time; write it as 2026-11-22 19:00")]
    Unreadable(String),
    /// The wall-clock time never happened: the clocks jumped over it.
    #[error(
        "{wall} does not exist in {zone}: the clocks jump forward over it; did you mean {after}?"
    )]
    Skipped {
        /// The time as typed.
        wall: String,
        /// The zone.
        zone: String,
        /// The same instant counted in the old offset, after the jump.
        after: String,
    },
}

impl LocalTimeError {
    /// The reason in plain words, in `lang`.
    pub fn message(&self, l: &Localizer, lang: Lang) -> String {
        match self {
            LocalTimeError::UnknownZone(name) => {
                l.format(lang, "time-unknown-zone", &[("zone", name.as_str().into())])
            }
            LocalTimeError::Unreadable(text) => {
                l.format(lang, "time-unreadable", &[("value", text.as_str().into())])
            }
            LocalTimeError::Skipped { wall, zone, after } => l.format(
                lang,
                "time-skipped",
                &[
                    ("wall", wall.as_str().into()),
                    ("zone", zone.as_str().into()),
                    ("after", after.as_str().into()),
                ],
            ),
        }
    }
}

impl std::fmt::Display for LocalTime {
    /// `2026-10-25 02:30 CEST`: minutes, the abbreviation naming the zone.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self
            .wall
            .format(format_description!("[year]-[month]-[day] [hour]:[minute]"))
            .map_err(|_| std::fmt::Error)?;
        write!(f, "{text} {}", self.abbreviation)
    }
}

impl LocalTime {
    /// The wall-clock date, for `Localizer::date`.
    pub fn date(&self) -> Date {
        self.wall.date()
    }

    /// The wall-clock time of day.
    pub fn time(&self) -> Time {
        self.wall.time()
    }

    /// The instant with the local offset, for formatting with `time`.
    pub fn offset_date_time(&self) -> time::OffsetDateTime {
        self.wall.assume_offset(self.offset)
    }

    /// `19:00 CET`: the time of day with the zone named.
    pub fn clock_text(&self) -> String {
        format!(
            "{:02}:{:02} {}",
            self.wall.hour(),
            self.wall.minute(),
            self.abbreviation
        )
    }
}

impl Zone {
    /// Coordinated Universal Time.
    pub fn utc() -> Zone {
        Zone {
            tz: TimeZone::UTC,
            name: "UTC".into(),
        }
    }

    /// The zone with this tz database name (`Europe/Berlin`).
    pub fn named(name: &str) -> Result<Zone, LocalTimeError> {
        let name = name.trim();
        let tz = TimeZone::get(name).map_err(|_| LocalTimeError::UnknownZone(name.to_string()))?;
        let name = tz.iana_name().unwrap_or(name).to_string();
        Ok(Zone { tz, name })
    }

    /// The moderator's zone: `configured` when given (an unknown name is an
    /// error), else `TZ`, else the system's zone, else UTC.
    pub fn for_moderator(configured: Option<&str>) -> Result<Zone, LocalTimeError> {
        if let Some(name) = configured.filter(|n| !n.trim().is_empty()) {
            return Zone::named(name);
        }
        Ok(match TimeZone::try_system() {
            Ok(tz) => {
                let name = tz
                    .iana_name()
                    .map(str::to_string)
                    .or_else(|| std::env::var("TZ").ok().filter(|v| !v.is_empty()))
                    .unwrap_or_else(|| "local".into());
                Zone { tz, name }
            }
            Err(_) => Zone::utc(),
        })
    }

    /// The zone's name (`Europe/Berlin`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `at` on this zone's wall clock.
    pub fn local(&self, at: Timestamp) -> LocalTime {
        let seconds = to_unix(at);
        let info = jiff::Timestamp::from_second(seconds)
            .map(|ts| self.tz.to_offset_info(ts))
            .ok();
        let (offset_seconds, abbreviation) = match &info {
            Some(info) => (info.offset().seconds(), info.abbreviation().to_string()),
            None => (0, "UTC".to_string()),
        };
        let offset = UtcOffset::from_whole_seconds(offset_seconds).unwrap_or(UtcOffset::UTC);
        let shifted = at.to_offset(offset);
        LocalTime {
            wall: PrimitiveDateTime::new(shifted.date(), shifted.time()),
            offset,
            abbreviation: if abbreviation.is_empty() {
                offset_text(offset)
            } else {
                abbreviation
            },
            zone: self.name.clone(),
        }
    }

    /// When the day of `at` began on this zone's wall clock, also on the
    /// days the clocks change (and where a day skips its midnight).
    pub fn start_of_day(&self, at: Timestamp) -> Timestamp {
        let seconds = to_unix(at);
        jiff::Timestamp::from_second(seconds)
            .and_then(|ts| ts.to_zoned(self.tz.clone()).start_of_day())
            .map_or_else(
                // Beyond jiff's years: the wall clock's midnight, near enough.
                |_| at - (self.local(at).wall.time() - Time::MIDNIGHT),
                |start| from_unix(start.timestamp().as_second()),
            )
    }

    /// Reads a wall-clock date and time in this zone into UTC. A time the
    /// clocks skipped is an error saying so; a time that happened twice
    /// is read as the first and the second is returned for saying so.
    pub fn resolve(&self, wall: PrimitiveDateTime) -> Result<TypedTime, LocalTimeError> {
        let civil = jiff::civil::DateTime::new(
            wall.year() as i16,
            wall.month() as i8,
            wall.day() as i8,
            wall.hour() as i8,
            wall.minute() as i8,
            wall.second() as i8,
            0,
        )
        .map_err(|_| LocalTimeError::Unreadable(wall_text(wall)))?;
        let at = |offset: jiff::tz::Offset| {
            let offset = UtcOffset::from_whole_seconds(offset.seconds()).unwrap_or(UtcOffset::UTC);
            from_unix(wall.assume_offset(offset).unix_timestamp())
        };
        match self.tz.to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => Ok(TypedTime {
                at: at(offset),
                repeated: None,
            }),
            AmbiguousOffset::Gap { before, .. } => Err(LocalTimeError::Skipped {
                wall: wall_text(wall),
                zone: self.name.clone(),
                after: self.local(at(before)).to_string(),
            }),
            AmbiguousOffset::Fold { before, after } => Ok(TypedTime {
                at: at(before),
                repeated: Some(self.local(at(after))),
            }),
        }
    }

    /// Reads typed text in this zone: `2026-11-22 19:00` (or with `T`, with
    /// seconds). An explicit offset or `Z` at the end (`2026-10-25 02:30
    /// +01:00`) names the instant exactly, which is how the second of a
    /// repeated hour is typed.
    pub fn read(&self, text: &str) -> Result<TypedTime, LocalTimeError> {
        let unreadable = || LocalTimeError::Unreadable(text.trim().to_string());
        let trimmed = text.trim();
        if let Some(at) = super::parse_rfc3339(trimmed) {
            return Ok(TypedTime { at, repeated: None });
        }
        let (date, rest) = trimmed.split_once(['T', ' ']).ok_or_else(unreadable)?;
        let rest = rest.trim();
        let (clock, offset) = match rest.split_once(' ') {
            Some((clock, offset)) => (clock, Some(offset.trim())),
            None => (rest, None),
        };
        let date = Date::parse(date, format_description!("[year]-[month]-[day]"))
            .map_err(|_| unreadable())?;
        let time = Time::parse(clock, format_description!("[hour]:[minute]:[second]"))
            .or_else(|_| Time::parse(clock, format_description!("[hour]:[minute]")))
            .map_err(|_| unreadable())?;
        let wall = PrimitiveDateTime::new(date, time);
        match offset {
            None => self.resolve(wall),
            Some("Z" | "z" | "UTC") => Ok(TypedTime {
                at: from_unix(wall.assume_utc().unix_timestamp()),
                repeated: None,
            }),
            Some(offset) => {
                let offset = UtcOffset::parse(
                    offset,
                    format_description!("[offset_hour sign:mandatory]:[offset_minute]"),
                )
                .map_err(|_| unreadable())?;
                Ok(TypedTime {
                    at: from_unix(wall.assume_offset(offset).unix_timestamp()),
                    repeated: None,
                })
            }
        }
    }
}

/// `+01:00`.
fn offset_text(offset: UtcOffset) -> String {
    let (h, m, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
}

fn wall_text(wall: PrimitiveDateTime) -> String {
    wall.format(format_description!("[year]-[month]-[day] [hour]:[minute]"))
        .unwrap_or_default()
}

/// The sentence that says which of a repeated hour's two times was taken.
pub fn repeated_note(l: &Localizer, lang: Lang, chosen: &LocalTime, other: &LocalTime) -> String {
    l.format(
        lang,
        "time-repeated",
        &[
            ("chosen", chosen.to_string().into()),
            ("other", other.to_string().into()),
            (
                "other_offset",
                format!("{} {}", wall_text(other.wall), offset_text(other.offset)).into(),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, format_description};

    fn berlin() -> Zone {
        Zone::named("Europe/Berlin").expect("the bundled tz database has Berlin")
    }

    fn wall(text: &str) -> PrimitiveDateTime {
        PrimitiveDateTime::parse(
            text,
            format_description!("[year]-[month]-[day] [hour]:[minute]"),
        )
        .expect("wall time")
    }

    #[test]
    fn utc_instants_show_in_berlin_with_the_zone_named() {
        let z = berlin();
        let winter = z.local(datetime!(2026-11-22 18:00 UTC));
        assert_eq!(winter.to_string(), "2026-11-22 19:00 CET");
        assert_eq!(winter.zone, "Europe/Berlin");
        let summer = z.local(datetime!(2026-07-01 17:00 UTC));
        assert_eq!(summer.to_string(), "2026-07-01 19:00 CEST");
        assert_eq!(summer.clock_text(), "19:00 CEST");
        assert_eq!(summer.date(), time::macros::date!(2026 - 07 - 01));
    }

    #[test]
    fn the_march_change_is_crossed_correctly() {
        let z = berlin();
        // 29 March 2026: 02:00 CET becomes 03:00 CEST.
        assert_eq!(
            z.local(datetime!(2026-03-29 00:59 UTC)).to_string(),
            "2026-03-29 01:59 CET"
        );
        assert_eq!(
            z.local(datetime!(2026-03-29 01:00 UTC)).to_string(),
            "2026-03-29 03:00 CEST"
        );
        assert_eq!(
            z.resolve(wall("2026-03-29 01:30")).expect("before").at,
            datetime!(2026-03-29 00:30 UTC)
        );
        assert_eq!(
            z.resolve(wall("2026-03-29 03:30")).expect("after").at,
            datetime!(2026-03-29 01:30 UTC)
        );
    }

    #[test]
    fn the_skipped_hour_is_an_error_that_says_so() {
        let err = berlin().read("2026-03-29 02:30").expect_err("skipped");
        assert_eq!(
            err,
            LocalTimeError::Skipped {
                wall: "2026-03-29 02:30".into(),
                zone: "Europe/Berlin".into(),
                after: "2026-03-29 03:30 CEST".into(),
            }
        );
        let l = Localizer::embedded().expect("locales");
        let de = err.message(&l, Lang::De);
        assert!(de.contains("02:30") && de.contains("Europe/Berlin"), "{de}");
    }

    #[test]
    fn the_repeated_october_hour_takes_the_first_and_says_so() {
        let z = berlin();
        // 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        let typed = z.read("2026-10-25 02:30").expect("repeated");
        assert_eq!(typed.at, datetime!(2026-10-25 00:30 UTC));
        let second = typed.repeated.clone().expect("the second is named");
        assert_eq!(second.to_string(), "2026-10-25 02:30 CET");
        assert_eq!(z.local(typed.at).to_string(), "2026-10-25 02:30 CEST");
        let l = Localizer::embedded().expect("locales");
        let note = repeated_note(&l, Lang::En, &z.local(typed.at), &second);
        assert!(
            note.contains("02:30 CEST") && note.contains("+01:00"),
            "{note}"
        );
        // The second one, typed with its offset.
        assert_eq!(
            z.read("2026-10-25 02:30 +01:00").expect("exact").at,
            datetime!(2026-10-25 01:30 UTC)
        );
        // Outside the fold nothing is stated.
        let later = z.read("2026-10-25T19:00").expect("evening");
        assert_eq!(
            (later.at, later.repeated),
            (datetime!(2026-10-25 18:00 UTC), None)
        );
    }

    #[test]
    fn bad_text_and_zones_are_named() {
        let z = berlin();
        for text in [
            "tomorrow",
            "2026-13-01 10:00",
            "2026-11-22 25:00",
            "2026-11-22",
        ] {
            assert_eq!(
                z.read(text).expect_err(text),
                LocalTimeError::Unreadable(text.into())
            );
        }
        assert_eq!(
            Zone::named("Mars/Olympus")
                .expect_err("unknown")
                .to_string(),
            "unknown time zone \"Mars/Olympus\"; use a name such as Europe/Berlin"
        );
        assert_eq!(
            Zone::for_moderator(Some("Europe/Berlin"))
                .expect("configured")
                .name(),
            "Europe/Berlin"
        );
    }

    #[test]
    fn the_zone_rules_travel_with_the_binary() {
        // A machine without /usr/share/zoneinfo falls back to this copy.
        let bundled = jiff::tz::TimeZoneDatabase::bundled();
        assert!(bundled.get("Europe/Berlin").is_ok());
    }

    #[test]
    fn rfc3339_text_is_read_as_the_instant_it_names() {
        assert_eq!(
            berlin().read("2026-11-22T10:00:00Z").expect("rfc3339").at,
            datetime!(2026-11-22 10:00 UTC)
        );
    }

    #[test]
    fn a_day_starts_at_its_midnight_also_when_the_clocks_change() {
        let berlin = Zone::named("Europe/Berlin").expect("zone");
        // The day the clocks go back is 25 hours long.
        assert_eq!(
            berlin.start_of_day(time::macros::datetime!(2026-10-25 09:00 UTC)),
            time::macros::datetime!(2026-10-24 22:00 UTC)
        );
        // The day they go forward, 23.
        assert_eq!(
            berlin.start_of_day(time::macros::datetime!(2026-03-29 09:00 UTC)),
            time::macros::datetime!(2026-03-28 23:00 UTC)
        );
        assert_eq!(
            Zone::utc().start_of_day(time::macros::datetime!(2026-11-22 10:00 UTC)),
            time::macros::datetime!(2026-11-22 00:00 UTC)
        );
    }
}
