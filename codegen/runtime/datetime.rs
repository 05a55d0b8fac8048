//! Timestamps in every shape servers write them.
//!
//! Java servers write `2020-12-16T09:41:43Z`, `2021-12-01T12:46:36.581Z[GMT]` (a zone id after the
//! offset, as `ZonedDateTime` prints it) and `2021-12-01T12:46:35.935` (no offset at all), even in
//! the same API; strict RFC 3339 parsers reject the last two. [`DateTime`] accepts all of them, keeps the text it was
//! decoded from so that it re-encodes byte for byte, and converts to a standard instant.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time as the server wrote it.
///
/// Accepted: `YYYY-MM-DDThh:mm[:ss[.f…]]` with 0–9 fraction digits, then an optional offset
/// (`Z`, `±hh:mm`, `±hhmm`, `±hh`), then an optional zone id in brackets (`[GMT]`,
/// `[Europe/Copenhagen]`). A value without an offset is taken as UTC; [`DateTime::offset`] tells
/// which it was.
///
/// Equality, ordering and hashing compare instants: `…43Z` equals `…43.000+00:00`.
#[derive(Clone)]
pub struct DateTime {
    text: Box<str>,
    unix_seconds: i64,
    nanos: u32,
    offset_seconds: Option<i32>,
}

/// Why a text is not a date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDateTimeError {
    text: String,
    reason: &'static str,
}

impl fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid date-time `{}`: {}", self.text, self.reason)
    }
}

impl std::error::Error for ParseDateTimeError {}

impl DateTime {
    /// Parses any of the accepted shapes.
    pub fn parse(text: &str) -> Result<Self, ParseDateTimeError> {
        parse(text).map_err(|reason| ParseDateTimeError {
            text: text.chars().take(64).collect(),
            reason,
        })
    }

    /// The instant `seconds` (and `nanos`) after 1970-01-01T00:00:00Z, written as RFC 3339 in UTC.
    ///
    /// # Panics
    /// If `nanos` is 1,000,000,000 or more, or the year falls outside 0000–9999.
    pub fn from_unix(seconds: i64, nanos: u32) -> Self {
        assert!(nanos < 1_000_000_000, "nanos must be below one second");
        let days = seconds.div_euclid(86_400);
        let secs_of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        assert!((0..=9999).contains(&year), "year {year} cannot be written as RFC 3339");
        let mut text = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            secs_of_day / 3600,
            secs_of_day % 3600 / 60,
            secs_of_day % 60
        );
        if nanos > 0 {
            let fraction = format!("{nanos:09}");
            let digits = if nanos % 1_000_000 == 0 {
                3
            } else if nanos % 1_000 == 0 {
                6
            } else {
                9
            };
            text.push('.');
            text.push_str(&fraction[..digits]);
        }
        text.push('Z');
        DateTime {
            text: text.into(),
            unix_seconds: seconds,
            nanos,
            offset_seconds: Some(0),
        }
    }

    /// The current time.
    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }

    /// The text as received (or as written by [`DateTime::from_unix`]).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whole seconds since 1970-01-01T00:00:00Z.
    pub fn unix_timestamp(&self) -> i64 {
        self.unix_seconds
    }

    /// Nanoseconds past [`DateTime::unix_timestamp`].
    pub fn nanosecond(&self) -> u32 {
        self.nanos
    }

    /// The UTC offset written in the text, in seconds east of UTC; `None` when the text had no
    /// offset (it is then read as UTC).
    pub fn offset(&self) -> Option<i32> {
        self.offset_seconds
    }

    /// The bracketed zone id after the offset, e.g. `GMT` in `…Z[GMT]`.
    pub fn zone(&self) -> Option<&str> {
        let start = self.text.find('[')?;
        self.text[start + 1..].strip_suffix(']')
    }

    /// The instant as a [`SystemTime`].
    pub fn to_system_time(&self) -> SystemTime {
        let since_epoch = Duration::new(self.unix_seconds.unsigned_abs(), 0);
        let base = if self.unix_seconds >= 0 {
            UNIX_EPOCH + since_epoch
        } else {
            UNIX_EPOCH - since_epoch
        };
        base + Duration::from_nanos(u64::from(self.nanos))
    }

    fn instant(&self) -> (i64, u32) {
        (self.unix_seconds, self.nanos)
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(d) => DateTime::from_unix(d.as_secs() as i64, d.subsec_nanos()),
            Err(before) => {
                let d = before.duration();
                let (secs, nanos) = (d.as_secs() as i64, d.subsec_nanos());
                if nanos == 0 {
                    DateTime::from_unix(-secs, 0)
                } else {
                    DateTime::from_unix(-secs - 1, 1_000_000_000 - nanos)
                }
            }
        }
    }
}

impl From<DateTime> for SystemTime {
    fn from(time: DateTime) -> Self {
        time.to_system_time()
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.instant() == other.instant()
    }
}

impl Eq for DateTime {}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant().cmp(&other.instant())
    }
}

impl std::hash::Hash for DateTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.instant().hash(state);
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({:?})", self.text)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for DateTime {
    type Err = ParseDateTimeError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse(text)
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date-time string")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<DateTime, E> {
                DateTime::parse(value).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Text)
    }
}

#[cfg(feature = "chrono")]
impl From<DateTime> for chrono::DateTime<chrono::Utc> {
    fn from(time: DateTime) -> Self {
        chrono::DateTime::from_timestamp(time.unix_seconds, time.nanos).expect("years 0000-9999 fit chrono")
    }
}

#[cfg(feature = "chrono")]
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(time: chrono::DateTime<Tz>) -> Self {
        DateTime::from_unix(time.timestamp(), time.timestamp_subsec_nanos())
    }
}

#[cfg(feature = "time")]
impl From<DateTime> for time::OffsetDateTime {
    fn from(value: DateTime) -> Self {
        let nanos = i128::from(value.unix_seconds) * 1_000_000_000 + i128::from(value.nanos);
        time::OffsetDateTime::from_unix_timestamp_nanos(nanos).expect("years 0000-9999 fit time")
    }
}

#[cfg(feature = "time")]
impl From<time::OffsetDateTime> for DateTime {
    fn from(value: time::OffsetDateTime) -> Self {
        DateTime::from_unix(value.unix_timestamp(), value.nanosecond())
    }
}

/// A cursor over the text being parsed.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, count: usize, what: &'static str) -> Result<u32, &'static str> {
        let end = self.at + count;
        let slice = self.bytes.get(self.at..end).ok_or(what)?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return Err(what);
        }
        self.at = end;
        Ok(slice.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    }

    fn expect(&mut self, byte: u8, what: &'static str) -> Result<(), &'static str> {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(what)
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }
}

fn parse(text: &str) -> Result<DateTime, &'static str> {
    let mut c = Cursor {
        bytes: text.as_bytes(),
        at: 0,
    };
    let year = c.digits(4, "expected a four-digit year")?;
    c.expect(b'-', "expected `-` after the year")?;
    let month = c.digits(2, "expected a two-digit month")?;
    c.expect(b'-', "expected `-` after the month")?;
    let day = c.digits(2, "expected a two-digit day")?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err("no such calendar date");
    }
    match c.peek() {
        Some(b'T' | b't' | b' ') => c.at += 1,
        _ => return Err("expected `T` between date and time"),
    }
    let hour = c.digits(2, "expected a two-digit hour")?;
    c.expect(b':', "expected `:` after the hour")?;
    let minute = c.digits(2, "expected two-digit minutes")?;
    let mut second = 0;
    let mut nanos = 0;
    if c.peek() == Some(b':') {
        c.at += 1;
        second = c.digits(2, "expected two-digit seconds")?;
        if c.peek() == Some(b'.') || c.peek() == Some(b',') {
            c.at += 1;
            let start = c.at;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.at += 1;
            }
            let digits = &text[start..c.at];
            if digits.is_empty() || digits.len() > 9 {
                return Err("a fraction of a second needs 1 to 9 digits");
            }
            nanos = digits.parse::<u32>().map_err(|_| "bad fraction")? * 10u32.pow(9 - digits.len() as u32);
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err("no such time of day");
    }
    let offset_seconds = match c.peek() {
        Some(b'Z' | b'z') => {
            c.at += 1;
            Some(0)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.at += 1;
            let hours = c.digits(2, "expected a two-digit offset hour")?;
            if c.peek() == Some(b':') {
                c.at += 1;
            }
            let minutes = if c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.digits(2, "expected two-digit offset minutes")?
            } else {
                0
            };
            if hours > 23 || minutes > 59 {
                return Err("offset out of range");
            }
            let offset = (hours * 3600 + minutes * 60) as i32;
            Some(if sign == b'-' { -offset } else { offset })
        }
        _ => None,
    };
    if c.peek() == Some(b'[') {
        let zone = text[c.at + 1..]
            .strip_suffix(']')
            .ok_or("a zone id must end with `]`")?;
        if zone.is_empty() || !zone.bytes().all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b)) {
            return Err("invalid zone id");
        }
        c.at = text.len();
    }
    if c.at != text.len() {
        return Err("unexpected text after the date-time");
    }
    let days = days_from_civil(i64::from(year), month, day);
    let local = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Ok(DateTime {
        text: text.into(),
        unix_seconds: local - i64::from(offset_seconds.unwrap_or(0)),
        nanos,
        offset_seconds,
    })
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::DateTime;

    #[test]
    fn every_wire_shape_parses_and_keeps_its_text() {
        for (text, seconds, nanos, offset) in [
            ("2020-12-16T09:41:43Z", 1_608_111_703, 0, Some(0)),
            ("2021-12-01T12:46:36.581Z[GMT]", 1_638_362_796, 581_000_000, Some(0)),
            ("2021-12-01T12:46:35.935", 1_638_362_795, 935_000_000, None),
            ("2023-02-01T09:01:52.2Z[GMT]", 1_675_242_112, 200_000_000, Some(0)),
            ("2017-09-27T14:27:54.371+00:00", 1_506_522_474, 371_000_000, Some(0)),
            (
                "2017-09-27T16:27:54.123456789+02:00[Europe/Copenhagen]",
                1_506_522_474,
                123_456_789,
                Some(7200),
            ),
        ] {
            let t = DateTime::parse(text).unwrap();
            assert_eq!(
                (t.unix_timestamp(), t.nanosecond(), t.offset()),
                (seconds, nanos, offset),
                "{text}"
            );
            assert_eq!(t.as_str(), text);
        }
    }

    #[test]
    fn bad_text_is_rejected() {
        for text in [
            "",
            "2021-02-30T00:00:00Z",
            "2021-12-01",
            "2021-12-01T25:00:00Z",
            "2021-12-01T12:00:00Zjunk",
            "2021-12-01T12:00:00.1234567890Z",
            "2021-12-01T12:00:00Z[GMT",
        ] {
            assert!(DateTime::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn unix_round_trip() {
        for (seconds, nanos) in [
            (0, 0),
            (1_638_362_796, 581_000_000),
            (-1, 5),
            (253_402_300_799, 999_999_999),
        ] {
            let t = DateTime::from_unix(seconds, nanos);
            let back = DateTime::parse(t.as_str()).unwrap();
            assert_eq!((back.unix_timestamp(), back.nanosecond()), (seconds, nanos));
        }
        assert_eq!(
            DateTime::from_unix(1_638_362_796, 581_000_000).as_str(),
            "2021-12-01T12:46:36.581Z"
        );
    }
}
