//! Reading and writing times: ISO 8601 dates and date-times (with or without
//! an offset), Unix epoch seconds or milliseconds, and video offsets
//! (`12.5`, `mm:ss(.fff)`, `hh:mm:ss(.fff)`).
//!
//! Calendar times become seconds since 1970-01-01T00:00:00Z. A date-time
//! without an offset is read as UTC, so intervals stay right and the calendar
//! day is the one written. A plain number is a Unix time in milliseconds from
//! 10^11 up, in seconds from 10^8 up (March 1973), and a video offset in
//! seconds below that.
//!
//! Every time has a stated range ([`check_range`], used by every reader of
//! times, the ingest's fast path included): calendar times from
//! 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, video offsets from 0 up
//! to [`MAX_OFFSET_SECONDS`] (10,000 hours). A time outside is an error that
//! says the range, never a garbage date. See `docs/limits.md`.

use crate::model::TimeBase;

/// A time read from text, with the base it belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParsedTime {
    pub base: TimeBase,
    /// Seconds (since the Unix epoch, or from the start of the video).
    pub seconds: f64,
}

/// What a time may look like, for the message of one that cannot be read.
pub fn expected_time() -> String {
    crate::text::t(
        "core.time.expected",
        "expected a date (2026-03-02), a date-time (2026-03-02T09:15:00+01:00), a Unix time (1772442900) or a video offset (75.5, 01:15.5 or 00:01:15.5)",
        &[],
    )
}

/// Numbers from this value up are Unix seconds; below, video offsets.
const EPOCH_SECONDS_FROM: f64 = 1e8;
/// Numbers from this value up are Unix milliseconds.
const EPOCH_MILLIS_FROM: f64 = 1e11;

/// The earliest calendar time: 0001-01-01T00:00:00Z, in Unix seconds.
pub const MIN_CALENDAR_SECONDS: f64 = -62_135_596_800.0;
/// The end of the calendar range (exclusive): 10000-01-01T00:00:00Z, in Unix seconds.
pub const END_CALENDAR_SECONDS: f64 = 253_402_300_800.0;
/// The longest video offset: 10,000 hours (36,000,000 s, about 417 days).
pub const MAX_OFFSET_SECONDS: f64 = 36_000_000.0;

/// Checks that `t` lies in the stated range of its base (module docs):
/// `Err` with a short reason naming the range otherwise. NaN and infinite
/// seconds are always out of range. Steps (event order numbers) need only be
/// finite and not negative.
pub fn check_range(t: ParsedTime) -> Result<ParsedTime, String> {
    let s = t.seconds;
    let ok = match t.base {
        TimeBase::Calendar => (MIN_CALENDAR_SECONDS..END_CALENDAR_SECONDS).contains(&s),
        TimeBase::VideoOffset => (0.0..=MAX_OFFSET_SECONDS).contains(&s),
        TimeBase::Step => s.is_finite() && s >= 0.0,
    };
    if ok {
        Ok(t)
    } else {
        Err(match t.base {
            TimeBase::Calendar => crate::text::t(
                "core.time.calendarRange",
                "is outside the calendar range of years 1 to 9999 (a Unix time in milliseconds is at most 253402300799999)",
                &[],
            ),
            _ => offset_range_reason(s),
        })
    }
}

/// Checks a video offset in seconds (`0 ..= `[`MAX_OFFSET_SECONDS`], finite):
/// the one check every annotation importer applies to the times it reads.
pub fn check_offset(seconds: f64) -> Result<f64, String> {
    check_range(ParsedTime { base: TimeBase::VideoOffset, seconds }).map(|t| t.seconds)
}

fn offset_range_reason(s: f64) -> String {
    if s.is_nan() {
        crate::text::t("core.time.nan", "is not a number (NaN)", &[])
    } else if s.is_infinite() {
        crate::text::t("core.time.infinite", "is infinite", &[])
    } else if s < 0.0 {
        crate::text::t("core.time.negativeOffset", "is negative; video times start at 0", &[])
    } else {
        crate::text::t(
            "core.time.longOffset",
            "is longer than the longest video offset of 10000 hours (36000000 s)",
            &[],
        )
    }
}

/// Reads a time. Returns a short reason on failure.
pub fn parse_time(text: &str) -> Result<ParsedTime, String> {
    let t = text.trim();
    let parsed = parse_unchecked(t)?;
    check_range(parsed).map_err(|reason| {
        let time = format!("{t:?}");
        crate::text::t(
            "core.time.outOfRange",
            "time {time} {reason}",
            &[("time", &time), ("reason", &reason)],
        )
    })
}

/// [`parse_time`] without the range check.
fn parse_unchecked(text: &str) -> Result<ParsedTime, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(crate::text::t("core.time.empty", "time is empty", &[]));
    }
    if let Some(seconds) = parse_plain_number(t) {
        if seconds < 0.0 {
            let (time, expected) = (format!("{t:?}"), expected_time());
            return Err(crate::text::t(
                "core.time.negative",
                "time {time} is negative; {expected}",
                &[("time", &time), ("expected", &expected)],
            ));
        }
        let (base, seconds) = if seconds >= EPOCH_MILLIS_FROM {
            (TimeBase::Calendar, seconds / 1000.0)
        } else if seconds >= EPOCH_SECONDS_FROM {
            (TimeBase::Calendar, seconds)
        } else {
            (TimeBase::VideoOffset, seconds)
        };
        return Ok(ParsedTime { base, seconds });
    }
    if let Some(seconds) = parse_clock_offset(t) {
        return Ok(ParsedTime { base: TimeBase::VideoOffset, seconds });
    }
    if let Some(seconds) = parse_iso(t) {
        return Ok(ParsedTime { base: TimeBase::Calendar, seconds });
    }
    let (time, expected) = (format!("{t:?}"), expected_time());
    Err(crate::text::t(
        "core.time.notATime",
        "time {time} is not a time; {expected}",
        &[("time", &time), ("expected", &expected)],
    ))
}

/// The common shapes of [`parse_time`], read straight from bytes: whole
/// numbers (Unix seconds or milliseconds, video seconds), `YYYY-MM-DD`, and
/// `YYYY-MM-DD[T ]hh:mm[:ss]` with an optional `Z`, `±hh:mm`, `±hhmm` or
/// `±hh`. `None` for anything else (then [`parse_time`] decides, with its
/// message); when `Some`, the result is exactly what [`parse_time`] gives.
pub fn parse_time_fast(b: &[u8]) -> Option<ParsedTime> {
    fast_unchecked(b).filter(|t| check_range(*t).is_ok())
}

/// [`parse_time_fast`] without the range check.
fn fast_unchecked(b: &[u8]) -> Option<ParsedTime> {
    if b.first()?.is_ascii_digit() && b.len() <= 15 && b.iter().all(u8::is_ascii_digit) {
        let seconds = fixed_digits(b)? as f64;
        let (base, seconds) = if seconds >= EPOCH_MILLIS_FROM {
            (TimeBase::Calendar, seconds / 1000.0)
        } else if seconds >= EPOCH_SECONDS_FROM {
            (TimeBase::Calendar, seconds)
        } else {
            (TimeBase::VideoOffset, seconds)
        };
        return Some(ParsedTime { base, seconds });
    }
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) =
        (fixed_digits(&b[0..4])?, fixed_digits(&b[5..7])?, fixed_digits(&b[8..10])?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86400;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(ParsedTime { base: TimeBase::Calendar, seconds: seconds as f64 });
    }
    if rest.len() < 6 || (rest[0] != b'T' && rest[0] != b' ') || rest[3] != b':' {
        return None;
    }
    let (hour, minute) = (two(rest[1], rest[2])?, two(rest[4], rest[5])?);
    if hour > 24 || minute > 59 {
        return None;
    }
    seconds += hour * 3600 + minute * 60;
    let mut zone = &rest[6..];
    if let [b':', s1, s2, more @ ..] = zone {
        let sec = two(*s1, *s2)?;
        if sec > 60 || matches!(more.first(), Some(b'.') | Some(b',')) {
            return None;
        }
        seconds += sec;
        zone = more;
    }
    let offset = match zone {
        [] | [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), body @ ..] => {
            let (h, m) = match body {
                [h1, h2] => (fixed_digits(&[*h1, *h2])?, 0),
                [h1, h2, m1, m2] => (fixed_digits(&[*h1, *h2])?, fixed_digits(&[*m1, *m2])?),
                [h1, h2, b':', m1, m2] => (fixed_digits(&[*h1, *h2])?, fixed_digits(&[*m1, *m2])?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let magnitude = h * 3600 + m * 60;
            if *sign == b'+' {
                magnitude
            } else {
                -magnitude
            }
        }
        _ => return None,
    };
    // Whole seconds below 2^53: the same value as parse_time's float sums.
    Some(ParsedTime { base: TimeBase::Calendar, seconds: (seconds - offset) as f64 })
}

/// Two ASCII digits as a number.
#[inline]
fn two(a: u8, b: u8) -> Option<i64> {
    let (x, y) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
    // Lazily: a non-digit byte (x ≥ 10) must not be multiplied at all (u8 overflow).
    (x < 10 && y < 10).then(|| i64::from(x) * 10 + i64::from(y))
}

/// ASCII digits as a number (`None` if any byte is not a digit).
fn fixed_digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as i64))
}

/// A plain decimal number (`12`, `12.5`, `1772442900000`), or `None`.
fn parse_plain_number(t: &str) -> Option<f64> {
    let body = t.strip_prefix('-').unwrap_or(t);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    if body.bytes().filter(|&b| b == b'.').count() > 1 || body.starts_with('.') {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `mm:ss(.fff)` or `hh:mm:ss(.fff)`; a comma may stand for the decimal point.
fn parse_clock_offset(t: &str) -> Option<f64> {
    let parts: Vec<&str> = t.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let (hours, minutes, seconds) = match parts.as_slice() {
        [m, s] => ("0", *m, *s),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let whole = |p: &str| -> Option<f64> {
        (!p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<f64>().ok())
            .flatten()
    };
    let h = whole(hours)?;
    let m = whole(minutes)?;
    let s_text = seconds.replace(',', ".");
    let (s_int, s_frac) = s_text.split_once('.').unwrap_or((&s_text, ""));
    if s_int.len() != 2 || !s_frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let s = s_text.parse::<f64>().ok()?;
    if (parts.len() == 3 && m >= 60.0) || s >= 60.0 {
        return None;
    }
    Some(h * 3600.0 + m * 60.0 + s)
}

/// ISO 8601 as Unix seconds (UTC): `YYYY-MM-DD`, then optionally `T` or a
/// space, `hh:mm`, `:ss`, `.fraction`, and `Z` or `±hh:mm` / `±hhmm` / `±hh`.
/// `/` is accepted as the date separator (`2026/03/02`); spaces around the
/// text are ignored. `None` when the text is no such date. The one ISO
/// parser of the crate (journey times, analysis dates, settings).
pub fn parse_iso(t: &str) -> Option<f64> {
    let t = t.trim();
    let b = t.as_bytes();
    if b.len() < 10 || !t.is_char_boundary(10) {
        return None;
    }
    let sep = b[4];
    if (sep != b'-' && sep != b'/') || b[7] != sep {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) as f64 * 86400.0;
    let rest = &t[10..];
    if rest.is_empty() {
        return Some(seconds);
    }
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    let rb = rest.as_bytes();
    if rb.len() < 5 || rb[2] != b':' {
        return None;
    }
    let hour = digits(&rb[0..2])?;
    let minute = digits(&rb[3..5])?;
    if hour > 24 || minute > 59 {
        return None;
    }
    let mut i = 5;
    let mut sec = 0.0;
    if rb.get(i) == Some(&b':') {
        let s = digits(rb.get(i + 1..i + 3)?)?;
        if s > 60 {
            return None;
        }
        sec = s as f64;
        i += 3;
        if matches!(rb.get(i), Some(b'.') | Some(b',')) {
            let start = i + 1;
            let mut end = start;
            while rb.get(end).is_some_and(|c| c.is_ascii_digit()) {
                end += 1;
            }
            if end == start {
                return None;
            }
            let frac: f64 = format!("0.{}", &rest[start..end]).parse().ok()?;
            sec += frac;
            i = end;
        }
    }
    seconds += hour as f64 * 3600.0 + minute as f64 * 60.0 + sec;
    let zone = &rest[i..];
    let offset = match zone {
        "" | "Z" | "z" => 0.0,
        _ => {
            let zb = zone.as_bytes();
            let sign = match zb[0] {
                b'+' => 1.0,
                b'-' => -1.0,
                _ => return None,
            };
            let body = &zb[1..];
            let (h, m) = match body.len() {
                2 => (digits(body)?, 0),
                4 => (digits(&body[0..2])?, digits(&body[2..4])?),
                5 if body[2] == b':' => (digits(&body[0..2])?, digits(&body[3..5])?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h as f64 * 3600.0 + m as f64 * 60.0)
        }
    };
    Some(seconds - offset)
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(b.iter().fold(0i64, |acc, c| acc * 10 + (c - b'0') as i64))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1–12) of `year`.
pub fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Years beyond which the calendar arithmetic saturates (far outside the
/// stated range of years 1–9999, far inside i64 arithmetic: no overflow).
const YEAR_LIMIT: i64 = 1_000_000_000;
/// Days beyond which [`civil_from_days`] saturates (about [`YEAR_LIMIT`] years).
const DAY_LIMIT: i64 = 365_000_000_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
/// Years are clamped to ±10^9 and months to 1–12, so the arithmetic never overflows.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let (year, month) = (year.clamp(-YEAR_LIMIT, YEAR_LIMIT), month.clamp(1, 12));
    let day = day.clamp(-DAY_LIMIT, DAY_LIMIT);
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The date (year, month, day) of a day count since 1970-01-01. Day counts
/// are clamped to ±3.65·10^11 (about a billion years), so the arithmetic
/// never overflows; times in the stated range are far inside.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days.clamp(-DAY_LIMIT, DAY_LIMIT) + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

/// `2026-03-02` for Unix seconds (UTC).
pub fn format_date(seconds: f64) -> String {
    let (days, _, _) = calendar_parts(seconds);
    format_day(days)
}

/// `2026-03-02` for a day number (days since 1970-01-01).
pub fn format_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Unix `seconds` as (day number, second of the day, millisecond): rounded
/// once to the millisecond, then cut (not rounded) to the second, so
/// `23:59:59.6` stays 23:59:59 of its own day (never `24:00`) and every
/// formatter agrees on the date. Clamped to the stated calendar range (years
/// 1–9999; NaN is 1970), so a date shown is always a real one.
fn calendar_parts(seconds: f64) -> (i64, i64, i64) {
    // `as` saturates (NaN becomes 0): no overflow for any input.
    let ms = ((seconds * 1000.0).round() as i64)
        .clamp(MIN_CALENDAR_SECONDS as i64 * 1000, END_CALENDAR_SECONDS as i64 * 1000 - 1);
    let whole = ms.div_euclid(1000);
    (whole.div_euclid(86400), whole.rem_euclid(86400), ms.rem_euclid(1000))
}

/// `2026-03-02 09:15` (UTC) for Unix seconds; seconds shown when not zero.
pub fn format_date_time(seconds: f64) -> String {
    let (days, in_day, _) = calendar_parts(seconds);
    let (h, m, s) = (in_day / 3600, (in_day % 3600) / 60, in_day % 60);
    let date = format_day(days);
    if s == 0 {
        format!("{date} {h:02}:{m:02}")
    } else {
        format!("{date} {h:02}:{m:02}:{s:02}")
    }
}

/// `2026-03-02T09:15:00Z` (milliseconds when not zero: `…:00.250Z`) for Unix
/// seconds: the machine-readable form of exports.
pub fn format_iso(seconds: f64) -> String {
    let (days, in_day, millis) = calendar_parts(seconds);
    let (h, m, s) = (in_day / 3600, (in_day % 3600) / 60, in_day % 60);
    let date = format_day(days);
    if millis > 0 {
        format!("{date}T{h:02}:{m:02}:{s:02}.{millis:03}Z")
    } else {
        format!("{date}T{h:02}:{m:02}:{s:02}Z")
    }
}

/// `01:15.5` or `1:02:03.0` for a video offset in seconds (one decimal).
pub fn format_offset(seconds: f64) -> String {
    // Rounded once, in tenths, then split: 59.96 s is `01:00.0`, never `00:60.0`.
    // `max` before `min` (not `clamp`): NaN becomes 0 instead of staying NaN.
    #[allow(clippy::manual_clamp)]
    let tenths = (seconds.max(0.0).min(MAX_OFFSET_SECONDS * 100.0) * 10.0).round() as i64;
    let (h, rest) = (tenths / 36000, tenths % 36000);
    let (m, rest) = (rest / 600, rest % 600);
    let (s, t) = (rest / 10, rest % 10);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}.{t}")
    } else {
        format!("{m:02}:{s:02}.{t}")
    }
}

/// Formats a time of `base` for people. Calendar times say `UTC`
/// (`2026-03-02 08:15 UTC`): a file's `09:15+01:00` is that instant, and
/// the offset it was written with is not kept, so it is never shown as if
/// it were local time.
pub fn format_time(base: TimeBase, seconds: f64) -> String {
    match base {
        TimeBase::Calendar => format!("{} UTC", format_date_time(seconds)),
        TimeBase::VideoOffset => format_offset(seconds),
        TimeBase::Step => format!("step {}", seconds as i64),
    }
}

/// Formats a duration in seconds for people (`2 d 4 h`, `3 h 5 min`, `4 min 10 s`, `12.5 s`).
/// From a minute up the duration is first rounded to whole seconds, so no
/// unit carries over (119.6 s is `2 min 0 s`, never `1 min 60 s`). NaN and
/// negative durations read as 0; infinite ones say so.
pub fn format_duration(seconds: f64) -> String {
    let s = if seconds.is_nan() { 0.0 } else { seconds.max(0.0) };
    if s.is_infinite() {
        return crate::text::t("core.duration.infinite", "infinite", &[]);
    }
    if s < 59.95 {
        return crate::text::t("core.duration.s", "{s} s", &[("s", &((s * 10.0).round() / 10.0))]);
    }
    let whole = s.round();
    if whole >= 86400.0 {
        let (d, h) = ((whole / 86400.0).floor(), ((whole % 86400.0) / 3600.0).floor());
        crate::text::t("core.duration.dh", "{d} d {h} h", &[("d", &d), ("h", &h)])
    } else if whole >= 3600.0 {
        let (h, m) = ((whole / 3600.0).floor(), ((whole % 3600.0) / 60.0).floor());
        crate::text::t("core.duration.hmin", "{h} h {m} min", &[("h", &h), ("m", &m)])
    } else {
        let (m, sec) = ((whole / 60.0).floor(), whole % 60.0);
        crate::text::t("core.duration.mins", "{m} min {s} s", &[("m", &m), ("s", &sec)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<(TimeBase, f64)>) {
        let got = parse_time(text).ok().map(|p| (p.base, p.seconds));
        match (got, expected) {
            (Some((gb, gs)), Some((eb, es))) => {
                assert_eq!(gb, eb, "{text}");
                assert!((gs - es).abs() < 1e-6, "{text}: {gs} != {es}");
            }
            (g, e) => assert_eq!(g.is_some(), e.is_some(), "{text}: got {g:?}"),
        }
    }

    #[test]
    fn times() {
        use TimeBase::*;
        check("2026-03-02", Some((Calendar, 1772409600.0)));
        check("2026/03/02", Some((Calendar, 1772409600.0)));
        check("2026-03-02T09:15:00Z", Some((Calendar, 1772442900.0)));
        check("2026-03-02 09:15", Some((Calendar, 1772442900.0)));
        check("2026-03-02T10:15:00+01:00", Some((Calendar, 1772442900.0)));
        check("2026-03-02T10:15:00+0100", Some((Calendar, 1772442900.0)));
        check("2026-03-02T04:15:00.250-05", Some((Calendar, 1772442900.25)));
        check("1772442900", Some((Calendar, 1772442900.0)));
        check("1772442900000", Some((Calendar, 1772442900.0)));
        check("12.5", Some((VideoOffset, 12.5)));
        check("01:15.5", Some((VideoOffset, 75.5)));
        check("1:02:03,250", Some((VideoOffset, 3723.25)));
        check("0", Some((VideoOffset, 0.0)));
        check("yesterday", None);
        check("", None);
        check("2026-02-30", None);
        check("2026-13-01", None);
        check("12:75", None);
        check("-5", None);
        check("1.2.3", None);
        check("2026-03-02T09", None);
        check("ünïcødé-ü", None);
    }

    #[test]
    fn times_outside_the_stated_range_are_refused_with_the_range() {
        use TimeBase::*;
        // The largest calendar times still read; one step beyond is refused.
        check("99999999999", Some((Calendar, 99999999999.0)));
        check("253402300799999", Some((Calendar, 253402300799.999)));
        check("9999-12-31T23:59:59.999Z", Some((Calendar, 253402300799.999)));
        check("0001-01-01", Some((Calendar, MIN_CALENDAR_SECONDS)));
        check("253402300800000", None);
        check("0000-12-31", None);
        check("0001-01-01T00:30+01:00", None);
        check("9999-12-31T23:30-01:00", None);
        check("99999999999:00:00", None);
        check("10000:00:01", None);
        check("10000:00:00", Some((VideoOffset, MAX_OFFSET_SECONDS)));
        for digits in 15..40 {
            let t = "9".repeat(digits);
            let e = parse_time(&t).unwrap_err();
            assert!(e.contains("years 1 to 9999"), "{digits} digits: {e}");
        }
        assert_eq!(
            parse_time("1e308").unwrap_err(),
            "time \"1e308\" is not a time; ".to_string() + &expected_time()
        );
        assert!(check_offset(f64::NAN).unwrap_err().contains("NaN"));
        assert!(check_offset(f64::INFINITY).unwrap_err().contains("infinite"));
        assert!(check_offset(-0.5).unwrap_err().contains("negative"));
        assert!(check_offset(4e7).unwrap_err().contains("10000 hours"));
        assert_eq!(check_offset(12.5), Ok(12.5));
    }

    #[test]
    fn calendar_arithmetic_never_overflows() {
        for days in [i64::MIN, i64::MIN / 2, -DAY_LIMIT - 1, DAY_LIMIT + 1, i64::MAX] {
            let (y, m, d) = civil_from_days(days);
            assert!((1..=12).contains(&m) && (1..=31).contains(&d), "{days}: {y}-{m}-{d}");
        }
        for year in [i64::MIN, -YEAR_LIMIT * 2, YEAR_LIMIT * 2, i64::MAX] {
            let _ = days_from_civil(year, 14, i64::MAX);
        }
        for s in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, -1e300] {
            let shown = format_date_time(s);
            let year: i64 = shown[..4].parse().unwrap_or(0);
            assert!(shown.len() >= 16 && (1..=9999).contains(&year), "{shown}");
        }
    }

    #[test]
    fn formatters_never_carry_into_an_invalid_unit() {
        let noon = 1772409600.0; // 2026-03-02T00:00:00Z
        assert_eq!(format_date_time(noon + 86399.6), "2026-03-02 23:59:59");
        assert_eq!(format_date(noon + 86399.6), "2026-03-02");
        assert_eq!(format_date_time(noon - 0.4), "2026-03-01 23:59:59");
        assert_eq!(format_date_time(noon + 899.9999999), "2026-03-02 00:15");
        assert_eq!(
            format_time(TimeBase::Calendar, parse_time("2026-03-02T23:59:59.6Z").unwrap().seconds),
            "2026-03-02 23:59:59 UTC"
        );
        assert_eq!(format_offset(59.96), "01:00.0");
        assert_eq!(format_offset(3599.96), "1:00:00.0");
        assert_eq!(format_duration(59.96), "1 min 0 s");
        assert_eq!(format_duration(119.6), "2 min 0 s");
        assert_eq!(format_duration(3599.6), "1 h 0 min");
        assert_eq!(format_duration(59.9), "59.9 s");
        assert_eq!(format_duration(f64::NAN), "0 s");
        assert_eq!(format_duration(f64::INFINITY), "infinite");
    }

    #[test]
    fn the_fast_path_reads_its_shapes_exactly_like_the_full_parser() {
        let shapes = [
            "2026-03-02",
            "2026-03-02T09:15:00Z",
            "2026-03-02 09:15",
            "2026-03-02T10:15:00+01:00",
            "2026-02-08T14:37:39-05:30",
            "2026-03-02T10:15:00+0100",
            "2026-03-02T10:15-03",
            "2024-02-29T24:00:60z",
            "1969-12-31T23:59:59Z",
            "1772442900",
            "1772442900000",
            "000000099999",
            "0",
            "75",
        ];
        for text in shapes {
            let fast = parse_time_fast(text.as_bytes());
            assert!(fast.is_some(), "{text}: not on the fast path");
            assert_eq!(fast, parse_time(text).ok(), "{text}");
        }
        let others = [
            "2026/03/02",
            "2026-03-02T04:15:00.250-05",
            "2026-02-30",
            "2026-03-02T25:00",
            "2026-03-02T09:15:0",
            "2026-03-02T09:15:00+1",
            "2026-03-02T09:15:00+24:00",
            "0001-01-01T00:30+01:00",
            "253402300800000",
            "000099999999",
            "12.5",
            "1234567890123456",
            "01:15.5",
            "",
            "-5",
        ];
        for text in others {
            assert_eq!(parse_time_fast(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn civil_round_trip() {
        for days in [-1000, 0, 1, 365, 20513, 50000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(format_date(1772442900.0), "2026-03-02");
        assert_eq!(format_date_time(1772442900.0), "2026-03-02 09:15");
        // The export form shares the date and clock: milliseconds only when there are some,
        // and a rounding to the next second carries (never ".1000").
        assert_eq!(format_iso(1772442900.0), "2026-03-02T09:15:00Z");
        assert_eq!(format_iso(1772442900.25), "2026-03-02T09:15:00.250Z");
        assert_eq!(format_iso(86399.9996), "1970-01-02T00:00:00Z");
        assert_eq!(format_day(19_782), "2024-02-29");
        assert_eq!(parse_iso(" 2024-02-29T12:00+01:00 "), Some(19_782.0 * 86400.0 + 11.0 * 3600.0));
        assert_eq!(format_offset(75.5), "01:15.5");
        assert_eq!(format_offset(3723.25), "1:02:03.3");
    }
}
