//! Dates and times for the `Date*` operators, parsed without any dependency.
//!
//! Why: "IAM JSON policy elements: Condition operators", section "Date condition operators":
//! values are "W3C implementations of the ISO 8601 date formats" (for example
//! `2020-01-01T00:00:01Z`) or epoch (UNIX) time in seconds. Accepted here:
//! - `YYYY-MM` (the first of the month) and `YYYY-MM-DD` (midnight UTC), as in the W3C profile;
//!   a bare `YYYY` is read as epoch seconds, which is what four digits mean to the epoch form;
//! - `YYYY-MM-DDThh:mm`, `...Thh:mm:ss`, `...Thh:mm:ss.fraction`, each optionally followed by
//!   `Z` or an offset `+hh:mm` / `-hh:mm` / `+hhmm` (no offset means UTC);
//! - epoch seconds, optionally negative or with a fraction (`1735689600`, `1735689600.5`).
//!
//! Instants are compared exactly as (seconds, nanoseconds) since 1970-01-01T00:00:00Z.

use super::ValueError;

/// An instant: whole seconds since the UNIX epoch and nanoseconds within the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant {
    /// Seconds since 1970-01-01T00:00:00Z (negative before).
    pub seconds: i64,
    /// Nanoseconds, 0 to 999 999 999.
    pub nanos: u32,
}

/// Parses an ISO 8601 date or date-time, or epoch seconds.
///
/// # Errors
///
/// [`ValueError::NotADate`] when `text` is not a date.
pub fn parse_date(text: &str) -> Result<Instant, ValueError> {
    let t = text.trim();
    let err = || ValueError::NotADate(text.to_owned());
    if !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
        && !t.get(1..).unwrap_or_default().contains('-')
    {
        return parse_epoch(t).ok_or_else(err);
    }
    parse_iso(t).ok_or_else(err)
}

/// Reads an RFC 3339 date-time such as `2026-11-22T12:00:00Z` or
/// `2026-11-22T14:00:00.5+02:00`: the strict profile of what [`parse_date`] reads, with the
/// seconds and the offset (`Z` or `±hh:mm`) required. `None` if `text` is not one.
///
/// Why a stricter reader: a scenario's `now` becomes `aws:CurrentTime`, which AWS always sends
/// as a full date-time ("AWS global condition context keys"), so a `now` without seconds or
/// offset is reported rather than guessed.
///
/// # Examples
///
/// ```
/// use rolecall_core::value::{Instant, parse_rfc3339};
///
/// assert_eq!(parse_rfc3339("1970-01-01T00:01:00+00:00"), Some(Instant { seconds: 60, nanos: 0 }));
/// assert_eq!(parse_rfc3339("1970-01-01"), None);
/// ```
#[must_use]
pub fn parse_rfc3339(text: &str) -> Option<Instant> {
    let bytes = text.as_bytes();
    let date_time = matches!(bytes.get(10), Some(b'T' | b't')) && bytes.get(16) == Some(&b':');
    let offset = text.ends_with(['Z', 'z'])
        || (text.len() >= 25
            && matches!(bytes.get(text.len() - 6), Some(b'+' | b'-'))
            && bytes.get(text.len() - 3) == Some(&b':'));
    if date_time && offset {
        parse_iso(text)
    } else {
        None
    }
}

/// Epoch seconds with an optional sign and fraction.
fn parse_epoch(t: &str) -> Option<Instant> {
    let (negative, unsigned) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds: i64 = whole.parse().ok()?;
    let nanos = parse_fraction(fraction)?;
    Some(if !negative {
        Instant { seconds, nanos }
    } else if nanos == 0 {
        Instant {
            seconds: -seconds,
            nanos: 0,
        }
    } else {
        Instant {
            seconds: -seconds - 1,
            nanos: 1_000_000_000 - nanos,
        }
    })
}

/// Fraction digits as nanoseconds (digits beyond the ninth are ignored).
fn parse_fraction(fraction: &str) -> Option<u32> {
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut nanos: u32 = 0;
    for i in 0..9 {
        let digit = fraction
            .as_bytes()
            .get(i)
            .map_or(0, |b| u32::from(b - b'0'));
        nanos = nanos * 10 + digit;
    }
    Some(nanos)
}

/// A fixed-width run of ASCII digits as a number.
fn number(s: &str, start: usize, len: usize) -> Option<i64> {
    let part = s.get(start..start + len)?;
    if !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

/// `YYYY-MM`, or `YYYY-MM-DD[Thh:mm[:ss[.f]][Z|±hh:mm|±hhmm]]`.
fn parse_iso(t: &str) -> Option<Instant> {
    let bytes = t.as_bytes();
    if t.len() == 7 && bytes.get(4) == Some(&b'-') {
        let (year, month) = (number(t, 0, 4)?, number(t, 5, 2)?);
        if !(1..=12).contains(&month) {
            return None;
        }
        return Some(Instant {
            seconds: days_from_civil(year, month, 1) * 86_400,
            nanos: 0,
        });
    }
    let year = number(t, 0, 4)?;
    let month = number(t, 5, 2)?;
    let day = number(t, 8, 2)?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    if t.len() == 10 {
        return Some(Instant {
            seconds: days * 86_400,
            nanos: 0,
        });
    }
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = number(t, 11, 2)?;
    let minute = number(t, 14, 2)?;
    if bytes.get(13) != Some(&b':') || hour > 23 || minute > 59 {
        return None;
    }
    let mut at = 16;
    let mut second = 0;
    let mut nanos = 0;
    if bytes.get(at) == Some(&b':') {
        second = number(t, 17, 2)?;
        if second > 60 {
            return None;
        }
        at = 19;
        if bytes.get(at) == Some(&b'.') {
            let digits = t
                .get(at + 1..)?
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if digits == 0 {
                return None;
            }
            nanos = parse_fraction(t.get(at + 1..at + 1 + digits)?)?;
            at += 1 + digits;
        }
    }
    let offset = parse_offset(t.get(at..)?)?;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset;
    Some(Instant { seconds, nanos })
}

/// The UTC offset in seconds: empty or `Z` is 0.
fn parse_offset(s: &str) -> Option<i64> {
    if s.is_empty() || s == "Z" || s == "z" {
        return Some(0);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let rest = s.get(1..)?;
    let (h, m) = match rest.len() {
        5 if rest.as_bytes().get(2) == Some(&b':') => (number(rest, 0, 2)?, number(rest, 3, 2)?),
        4 => (number(rest, 0, 2)?, number(rest, 2, 2)?),
        2 => (number(rest, 0, 2)?, 0),
        _ => return None,
    };
    if h > 23 || m > 59 {
        return None;
    }
    Some(sign * (h * 3_600 + m * 60))
}

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days of `month` in `year`.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (the well-known era-based algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, seconds: i64, nanos: u32) {
        assert_eq!(
            parse_date(text),
            Ok(Instant { seconds, nanos }),
            "parse_date({text:?})"
        );
    }

    #[test]
    fn table() {
        check("1970-01-01", 0, 0);
        check("1970-01-01T00:00:00Z", 0, 0);
        check("2026-01-01T00:00:00Z", 1_767_225_600, 0);
        check("2026-01-01", 1_767_225_600, 0);
        check("2026-01-01T00:00Z", 1_767_225_600, 0);
        check("2026-01-01T01:00:00+01:00", 1_767_225_600, 0);
        check("2025-12-31T19:00:00-0500", 1_767_225_600, 0);
        check("2026-01-01T00:00:00.5Z", 1_767_225_600, 500_000_000);
        check(
            "2026-01-01T00:00:00.123456789123Z",
            1_767_225_600,
            123_456_789,
        );
        check("2026-01-01T00:00:00", 1_767_225_600, 0);
        check("2000-02-29T12:00:00Z", 951_825_600, 0);
        check("1767225600", 1_767_225_600, 0);
        check("1767225600.25", 1_767_225_600, 250_000_000);
        check("-1.5", -2, 500_000_000);
        check("1969-12-31T23:59:59Z", -1, 0);
        check("2026-01", 1_767_225_600, 0);
    }

    #[test]
    fn rfc_3339_needs_seconds_and_an_offset() {
        let check = |text: &str, expected: Option<i64>| {
            assert_eq!(parse_rfc3339(text).map(|i| i.seconds), expected, "{text}");
        };
        check("1970-01-01T00:00:00Z", Some(0));
        check("2026-11-22T12:00:00Z", Some(1_795_348_800));
        check("2000-02-29T00:00:00.123Z", Some(951_782_400));
        check("2026-11-22T14:00:00+02:00", Some(1_795_348_800));
        check("2026-11-22t12:00:00z", Some(1_795_348_800));
        check("2026-11-22", None);
        check("2026-11-22T12:00Z", None);
        check("2026-13-01T00:00:00Z", None);
        check("2026-02-30T00:00:00Z", None);
        check("2026-11-22T12:00:00", None);
        check("2026-11-22T12:00:00+0200", None);
        check("2026-11-22 12:00:00Z", None);
        check("yesterday", None);
        check("1795348800", None);
    }

    #[test]
    fn rejects_non_dates() {
        for text in [
            "",
            "tomorrow",
            "2026-13-01",
            "2026-02-30",
            "2025-02-29",
            "2026-1-1",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00+25:00",
            "2026-01-01T00:00:00.Z",
            "2026-01-01X",
            "--1",
            "1.2.3",
            "99999999999999999999",
        ] {
            assert!(parse_date(text).is_err(), "{text:?} should not parse");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,32}") {
            let _ = parse_date(&text);
        }

        #[test]
        fn iso_and_epoch_agree(days in 0i64..50_000, secs in 0i64..86_400) {
            let epoch = days * 86_400 + secs;
            // Civil date from days, by brute force from 1970.
            let (mut y, mut rest) = (1970i64, days);
            while rest >= if is_leap(y) { 366 } else { 365 } {
                rest -= if is_leap(y) { 366 } else { 365 };
                y += 1;
            }
            let mut m = 1;
            while rest >= days_in_month(y, m) {
                rest -= days_in_month(y, m);
                m += 1;
            }
            let iso = format!("{y:04}-{m:02}-{:02}T{:02}:{:02}:{:02}Z", rest + 1, secs / 3600, secs / 60 % 60, secs % 60);
            proptest::prop_assert_eq!(parse_date(&iso), parse_date(&epoch.to_string()));
        }
    }
}
