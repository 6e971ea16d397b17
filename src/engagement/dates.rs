//! Calendar helpers without a date library: days from the civil date and
//! back (Howard Hinnant's algorithms, proleptic Gregorian, UTC; the
//! arithmetic and the ISO parser are [`crate::time`]'s), day formatting,
//! weeks (Monday first) and months.

/// Seconds in a day.
pub const DAY: f64 = 86_400.0;

/// Largest day number handled (about year 2.7 million); times beyond it are clamped.
const MAX_DAYS: i64 = 1_000_000_000;

/// Days since 1970-01-01 of the civil date `year`-`month`-`day` (see [`crate::time`]).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    crate::time::days_from_civil(year, i64::from(month), i64::from(day))
}

/// The civil date (year, month, day) of `days` since 1970-01-01; huge values are clamped.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let (y, m, d) = crate::time::civil_from_days(days.clamp(-MAX_DAYS, MAX_DAYS));
    (y, m as u32, d as u32)
}

/// The UTC day number (days since 1970-01-01) of Unix `seconds`; non-finite
/// input gives day 0 and huge values are clamped.
pub fn day_of(seconds: f64) -> i64 {
    if !seconds.is_finite() {
        return 0;
    }
    ((seconds / DAY).floor() as i64).clamp(-MAX_DAYS, MAX_DAYS)
}

/// `YYYY-MM-DD` of a day number ([`crate::time::format_day`]).
pub use crate::time::format_day;

/// `YYYY-MM` of a day number.
pub fn format_month(days: i64) -> String {
    let (y, m, _) = civil_from_days(days);
    format!("{y:04}-{m:02}")
}

/// Reads an ISO 8601 date or date-time (`2024-03-01`, `2024-03-01T09:15:00+01:00`)
/// as Unix seconds: the one ISO parser, [`crate::time::parse_iso`].
pub use crate::time::parse_iso;

/// Day number of the Monday that starts the week of `days`.
pub fn week_start(days: i64) -> i64 {
    // 1970-01-01 was a Thursday: (0 + 3) mod 7 = 3 days after Monday.
    days - (days + 3).rem_euclid(7)
}

/// Index of the (Monday-first) week holding `days`.
pub fn week_index(days: i64) -> i64 {
    (week_start(days) + 3).div_euclid(7)
}

/// First day of the week with index `index`.
pub fn week_first_day(index: i64) -> i64 {
    index * 7 - 3
}

/// Index of the month holding `days` (year × 12 + month − 1).
pub fn month_index(days: i64) -> i64 {
    let (y, m, _) = civil_from_days(days);
    y * 12 + i64::from(m) - 1
}

/// First day of the month with index `index`.
pub fn month_first_day(index: i64) -> i64 {
    days_from_civil(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        for d in [-800_000, -1, 0, 59, 11_016, 19_782, 2_000_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(format_day(19_782), "2024-02-29");
    }

    #[test]
    fn parses_dates() {
        assert_eq!(parse_iso("2024-02-29"), Some(19_782.0 * DAY));
        assert_eq!(parse_iso("2024-02-29T12:00:00Z"), Some(19_782.5 * DAY));
        assert_eq!(parse_iso("2023-02-29"), None);
        assert_eq!(parse_iso("soon"), None);
        assert_eq!(parse_iso("2024-13-01"), None);
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2024-01-03 is a Wednesday; its week starts Monday 2024-01-01.
        let wed = days_from_civil(2024, 1, 3);
        assert_eq!(format_day(week_start(wed)), "2024-01-01");
        assert_eq!(week_first_day(week_index(wed)), week_start(wed));
        assert_eq!(week_index(wed - 3), week_index(wed) - 1);
        assert_eq!(format_day(month_first_day(month_index(wed))), "2024-01-01");
    }
}
