//! Instants as the desk stores them (UTC, whole seconds) and calendar
//! arithmetic; `local` shows and reads them in a moderator's time zone.

pub mod local;

pub use local::{LocalTime, LocalTimeError, TypedTime, Zone};

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, UtcOffset};

/// A point in time, always UTC, stored as whole seconds since 1970.
pub type Timestamp = OffsetDateTime;

/// Now, truncated to whole seconds so that what we store is what we compare.
pub fn now() -> Timestamp {
    from_unix(OffsetDateTime::now_utc().unix_timestamp())
}

/// Seconds since 1970 as an instant; out-of-range values clamp to the epoch.
pub fn from_unix(seconds: i64) -> Timestamp {
    OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The instant as seconds since 1970.
pub fn to_unix(at: Timestamp) -> i64 {
    at.unix_timestamp()
}

/// `at` plus `months` calendar months, at the same time of day.
///
/// The day is clamped to the end of a shorter month, as people count: six
/// months after 31 August is 28 (or 29) February.
pub fn add_months(at: Timestamp, months: i32) -> Timestamp {
    let at = at.to_offset(UtcOffset::UTC);
    let index = at.year() * 12 + (at.month() as i32 - 1) + months;
    let year = index.div_euclid(12);
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    let day = at.day().min(month.length(year));
    match Date::from_calendar_date(year, month, day) {
        Ok(date) => at.replace_date(date),
        Err(_) => at,
    }
}

/// RFC 3339 text, for JSON and the command line.
pub fn rfc3339(at: Timestamp) -> String {
    at.to_offset(UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

/// Parses RFC 3339 text such as `2026-11-22T10:00:00Z`.
pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .ok()
        .map(|at| from_unix(at.unix_timestamp()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn six_months_keep_the_day_and_time() {
        assert_eq!(
            add_months(datetime!(2026-03-15 10:30 UTC), 6),
            datetime!(2026-09-15 10:30 UTC)
        );
    }

    #[test]
    fn six_months_cross_the_year() {
        assert_eq!(
            add_months(datetime!(2026-11-22 08:00 UTC), 6),
            datetime!(2027-05-22 08:00 UTC)
        );
    }

    #[test]
    fn six_months_clamp_to_the_end_of_a_short_month() {
        assert_eq!(
            add_months(datetime!(2026-08-31 12:00 UTC), 6),
            datetime!(2027-02-28 12:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2027-08-31 12:00 UTC), 6),
            datetime!(2028-02-29 12:00 UTC)
        );
    }

    #[test]
    fn negative_months_go_back() {
        assert_eq!(
            add_months(datetime!(2027-01-31 00:00 UTC), -6),
            datetime!(2026-07-31 00:00 UTC)
        );
    }

    #[test]
    fn rfc3339_round_trips() {
        let at = datetime!(2026-11-22 10:00:05 UTC);
        assert_eq!(rfc3339(at), "2026-11-22T10:00:05Z");
        assert_eq!(parse_rfc3339("2026-11-22T10:00:05Z"), Some(at));
        assert_eq!(parse_rfc3339("2026-11-22T11:00:05+01:00"), Some(at));
        assert_eq!(parse_rfc3339("next tuesday"), None);
    }
}
