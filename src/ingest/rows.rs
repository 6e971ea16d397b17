//! Turns one row (its fields, by canonical column) into an event, or into a
//! problem that names the row's line and what was expected.
//!
//! The hot path of the ingest: fields arrive as byte slices at fixed
//! positions ([`col`]), valid UTF-8 (the readers decode a row that is not);
//! names are interned by their bytes, the common time and number shapes are
//! read straight from bytes, and nothing is allocated for a good row.

use super::columns::{col, COLUMNS};
use crate::dataset::{
    same_bytes, Dataset, DatasetBuilder, EventRecord, NameCache, Optional, PathTotals,
};
use crate::model::{Classes, Dimension, TimeBase};
use crate::text;
use crate::time::{parse_time, parse_time_fast, ParsedTime};

/// Number of canonical columns.
pub const COLUMN_COUNT: usize = COLUMNS.len();

/// The fields of one row, by canonical column ([`COLUMNS`] order); `None`
/// when the file has no such column. Empty fields count as missing values.
pub type Fields<'a> = [Option<&'a [u8]>; COLUMN_COUNT];

/// Positions (1-based field numbers) of each canonical column, for messages.
pub type FieldNumbers = [Option<u64>];

/// Collects events and problems into a [`Dataset`].
pub struct Builder {
    pub data: DatasetBuilder,
    time_base: Option<TimeBase>,
    /// Attribution path rows: path number for journey names.
    paths: u64,
    /// The journey of the last good row (files are usually grouped by journey).
    last_journey: Vec<u8>,
    last_journey_id: Option<u32>,
    touchpoint_cache: NameCache,
    channel_cache: NameCache,
    /// Class values met, per dimension: text → position in the dimension's
    /// `ALL` (or `None`: not a value).
    class_values: [ClassMemo; 5],
}

/// Texts of one class column met so far, each with its position in the
/// dimension's values (`None`: not a value).
type ClassMemo = Vec<(Box<[u8]>, Option<u8>)>;

/// How many distinct texts per class column are remembered.
const CLASS_MEMO: usize = 64;

/// White space as `char::is_whitespace` has it, for ASCII bytes.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// `str::trim` on the bytes of a UTF-8 field.
#[inline]
pub fn trim(mut b: &[u8]) -> &[u8] {
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if f > b' ' && f < 0x80 && l > b' ' && l < 0x80 => return b,
        _ => {}
    }
    while let [first, rest @ ..] = b {
        if !is_space(*first) {
            break;
        }
        b = rest;
    }
    while let [rest @ .., last] = b {
        if !is_space(*last) {
            break;
        }
        b = rest;
    }
    match (b.first(), b.last()) {
        // Other Unicode white space (U+00A0 …) at either end.
        (Some(&f), Some(&l)) if f >= 0x80 || l >= 0x80 => match std::str::from_utf8(b) {
            Ok(text) => text.trim().as_bytes(),
            Err(_) => b,
        },
        _ => b,
    }
}

/// The text of a field's bytes (fields are UTF-8; anything else reads as empty).
fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or("")
}

#[inline]
fn get<'a>(fields: &Fields<'a>, column: usize) -> Option<&'a [u8]> {
    fields[column].map(trim).filter(|s| !s.is_empty())
}

/// Reads a time: the fast shapes from bytes, the rest through the full parser.
fn read_time(b: &[u8]) -> Result<ParsedTime, String> {
    match parse_time_fast(b) {
        Some(t) => Ok(t),
        None => parse_time(text(b)),
    }
}

impl Builder {
    /// A builder keeping at most `max_problems` problems in the list (all are counted).
    pub fn new(max_problems: usize) -> Builder {
        let mut data = DatasetBuilder::new(TimeBase::Calendar);
        data.set_max_problems(max_problems);
        Builder {
            data,
            time_base: None,
            paths: 0,
            last_journey: Vec::new(),
            last_journey_id: None,
            touchpoint_cache: NameCache::default(),
            channel_cache: NameCache::default(),
            class_values: Default::default(),
        }
    }

    /// Records a bad row.
    pub fn problem(&mut self, line: u64, column: Option<u64>, message: String) {
        self.data.problem(line, column, message);
    }

    /// Records a note about the input that is not a bad row.
    pub fn warning(&mut self, line: u64, column: Option<u64>, message: String) {
        self.data.warning(line, column, message);
    }

    /// Marks which canonical columns the input has.
    pub fn set_columns(&mut self, present: impl Iterator<Item = &'static str>) {
        for name in present {
            self.data.add_column(name);
        }
    }

    /// The time base decided by the rows read so far.
    pub fn time_base(&self) -> Option<TimeBase> {
        self.time_base
    }

    /// True when an event or name did not fit in the dataset.
    pub fn overflowed(&self) -> bool {
        self.data.overflowed()
    }

    /// Finishes: orders events by journey then time (input order breaks
    /// ties) and returns the dataset.
    pub fn finish(mut self) -> Dataset {
        self.data.set_time_base(self.time_base.unwrap_or(TimeBase::Calendar));
        self.data.finish()
    }

    /// Reads one row. `numbers` gives each column's field number for messages.
    pub fn add_row(&mut self, line: u64, fields: &Fields, numbers: &FieldNumbers) {
        self.data.add_rows(1);
        let at = |c: usize| numbers.get(c).copied().flatten();
        if fields[col::PATH].is_some() {
            return self.add_path_row(line, fields, numbers);
        }
        let Some(journey) = get(fields, col::JOURNEY) else {
            return self.problem(
                line,
                at(col::JOURNEY),
                text::t("core.row.noJourney", "the journey (customer) is empty", &[]),
            );
        };
        // No touch point column at all: a plain transactions export, one purchase per row.
        let transactions = fields[col::TOUCHPOINT].is_none();
        let touchpoint: &[u8] = match get(fields, col::TOUCHPOINT) {
            Some(t) => t,
            None if transactions => b"Purchase",
            None => {
                return self.problem(
                    line,
                    at(col::TOUCHPOINT),
                    text::t("core.row.noTouchpoint", "the touch point is empty", &[]),
                )
            }
        };
        let Some(time_text) = get(fields, col::TIME) else {
            return self.problem(
                line,
                at(col::TIME),
                text::t("core.row.noTime", "the time is empty", &[]),
            );
        };
        let time = match read_time(time_text) {
            Ok(t) => t,
            Err(e) => return self.problem(line, at(col::TIME), e),
        };
        if let Err(message) = self.check_base(time.base, time_text) {
            return self.problem(line, at(col::TIME), message);
        }
        let end = match get(fields, col::END).map(read_time) {
            None => None,
            Some(Ok(t)) if t.base == time.base && t.seconds >= time.seconds => Some(t.seconds),
            Some(Ok(_)) => {
                return self.problem(
                    line,
                    at(col::END),
                    text::t(
                        "core.row.endBeforeStart",
                        "the end is before the start, or of another kind of time",
                        &[],
                    ),
                )
            }
            Some(Err(e)) => {
                return self.problem(
                    line,
                    at(col::END),
                    text::t("core.row.end", "end: {message}", &[("message", &e)]),
                )
            }
        };
        let mut optional = Optional { end, ..Optional::default() };
        for (slot, &c) in optional.measures.iter_mut().zip(&col::MEASURES) {
            let Some(field) = get(fields, c) else { continue };
            match parse_number_bytes(field) {
                Some(v) => *slot = Some(v),
                None => {
                    let name = COLUMNS[c].name;
                    let t = text(field);
                    let value = format!("{t:?}");
                    let message = text::t(
                        "core.row.notANumber",
                        "{name} {value} is not a number (expected e.g. 12.5)",
                        &[("name", &name), ("value", &value)],
                    );
                    return self.problem(line, at(c), message);
                }
            }
        }
        // A transactions export has no converted column: its rows are purchases by
        // their amount (the analyses' rule "a value above 0"), not marked here.
        optional.converted = match get(fields, col::CONVERTED) {
            None => None,
            Some(field) => match parse_bool_bytes(field) {
                Some(b) => Some(b),
                None => {
                    let t = text(field);
                    let value = format!("{t:?}");
                    let message = text::t(
                        "core.row.notYesNo",
                        "converted {value} is not yes or no (expected true/false, yes/no or 1/0)",
                        &[("value", &value)],
                    );
                    return self.problem(line, at(col::CONVERTED), message);
                }
            },
        };
        if col::CLASSES.iter().any(|&c| fields[c].is_some()) {
            optional.given = match self.read_classes(fields) {
                Ok(c) => c,
                Err((c, message)) => return self.problem(line, at(c), message),
            };
        }
        let journey = self.journey_id(journey);
        let [_, touchpoints, channels] = self.data.names_mut();
        let touchpoint = self.touchpoint_cache.intern(touchpoints, touchpoint);
        if let Some(c) = get(fields, col::CHANNEL) {
            optional.channel = Some(self.channel_cache.intern(channels, c));
        }
        self.data.push_interned(journey, touchpoint, time.seconds, line, &optional);
    }

    /// The id of journey `name`: the last row's when it is the same journey.
    fn journey_id(&mut self, name: &[u8]) -> u32 {
        if let Some(id) = self.last_journey_id.filter(|_| same_bytes(&self.last_journey, name)) {
            return id;
        }
        let [journeys, ..] = self.data.names_mut();
        let id = journeys.intern_bytes(name);
        self.last_journey.clear();
        self.last_journey.extend_from_slice(name);
        self.last_journey_id = Some(id);
        id
    }

    fn check_base(&mut self, base: TimeBase, field: &[u8]) -> Result<(), String> {
        match self.time_base {
            None => {
                self.time_base = Some(base);
                Ok(())
            }
            Some(b) if b == base => Ok(()),
            Some(TimeBase::Calendar) => Err(text::t(
                "core.row.offsetAmongDates",
                "time {time} reads as a video offset, but this file's times are dates",
                &[("time", &format!("{:?}", text(field)))],
            )),
            Some(_) => Err(text::t(
                "core.row.dateAmongOffsets",
                "time {time} reads as a date, but this file's times are video offsets",
                &[("time", &format!("{:?}", text(field)))],
            )),
        }
    }

    /// An attribution path row: `A > B > C` with conversion totals becomes
    /// one journey whose events are the path's steps (times 1, 2, 3 …); the
    /// last step carries the conversions and their value.
    fn add_path_row(&mut self, line: u64, fields: &Fields, numbers: &FieldNumbers) {
        let at = |c: usize| numbers.get(c).copied().flatten();
        let path = get(fields, col::PATH).map(text).unwrap_or("");
        let steps: Vec<&str> = path.split('>').map(str::trim).collect();
        if steps.iter().any(|s| s.is_empty()) {
            return self.problem(
                line,
                at(col::PATH),
                text::t(
                    "core.row.emptyStep",
                    "path {path} has an empty step (expected e.g. \"Search ad > Website > Checkout\")",
                    &[("path", &format!("{path:?}"))],
                ),
            );
        }
        let mut totals = [0.0; 3];
        for (slot, &c) in totals.iter_mut().zip(&col::PATH_TOTALS) {
            match get(fields, c).map(parse_number_bytes) {
                None => {}
                Some(Some(v)) if v >= 0.0 => *slot = v,
                _ => {
                    let name = COLUMNS[c].name;
                    return self.problem(
                        line,
                        at(c),
                        text::t(
                            "core.row.notCount",
                            "{name} is not a number of 0 or more",
                            &[("name", &name)],
                        ),
                    );
                }
            }
        }
        if self.time_base.is_none() {
            self.time_base = Some(TimeBase::Step);
        } else if self.time_base != Some(TimeBase::Step) {
            return self.problem(
                line,
                None,
                text::t("core.row.pathAmongTimed", "a path row in a file of timed events", &[]),
            );
        }
        self.paths += 1;
        let journey = format!("path {}", self.paths);
        let last = steps.len().saturating_sub(1);
        for (i, step) in steps.iter().enumerate() {
            let is_last = i == last;
            self.data.push(&EventRecord {
                journey: &journey,
                time: (i + 1) as f64,
                touchpoint: step,
                value: (is_last && totals[1] > 0.0).then_some(totals[1]),
                converted: is_last.then_some(totals[0] > 0.0),
                line,
                ..EventRecord::default()
            });
        }
        let totals = PathTotals { conversions: totals[0], value: totals[1], nulls: totals[2] };
        self.data.add_path_totals(&journey, totals);
    }

    /// The classes given by the row's class columns, or the first bad one.
    fn read_classes(&mut self, fields: &Fields) -> Result<Classes, (usize, String)> {
        let mut classes = Classes::default();
        for (&dimension, &c) in Dimension::ALL.iter().zip(col::CLASSES.iter()) {
            let Some(field) = get(fields, c) else { continue };
            let index = self.class_position(dimension, field).ok_or_else(|| {
                let keys = dimension.keys().join(", ");
                let name = COLUMNS[c].name;
                (c, format!("{name} {:?} is not one of: {keys}", text(field)))
            })?;
            classes.set_index(dimension, Some(index));
        }
        Ok(classes)
    }

    /// Position of `field` among `dimension`'s values (`None`: not a value),
    /// parsed once per distinct text ([`Classes::value_index`]) and
    /// remembered for the texts met first.
    fn class_position(&mut self, dimension: Dimension, field: &[u8]) -> Option<u8> {
        let memo = &mut self.class_values[dimension as usize];
        if let Some((_, found)) = memo.iter().find(|(t, _)| **t == *field) {
            return *found;
        }
        let found = Classes::value_index(dimension, text(field));
        if memo.len() < CLASS_MEMO {
            memo.push((field.into(), found));
        }
        found
    }
}

/// A plain number: `12`, `-3.5`, `1e3`, or `None`. Currency signs, units and decimal
/// commas are refused (they are ambiguous), so "12,5 EUR" is a bad row.
pub fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// [`parse_number`] on the bytes of a trimmed field: `-?digits(.digits)?`
/// with at most 15 digits read directly (one exact division, correctly
/// rounded like `str::parse`), anything else through [`parse_number`].
pub fn parse_number_bytes(b: &[u8]) -> Option<f64> {
    let (negative, body) = match b {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    let (whole, fraction, dot) = match body.iter().position(|&c| c == b'.') {
        Some(at) => (&body[..at], &body[at + 1..], true),
        None => (body, &body[body.len()..], false),
    };
    let simple = !whole.is_empty()
        && (!dot || !fraction.is_empty())
        && whole.len() + fraction.len() <= 15
        && whole.iter().chain(fraction).all(u8::is_ascii_digit);
    if !simple {
        return parse_number(text(b));
    }
    let mantissa = whole.iter().chain(fraction).fold(0u64, |m, &c| m * 10 + (c - b'0') as u64);
    // Both operands are exact (< 2^53 and a power of ten ≤ 10^15): the
    // quotient is the correctly rounded value, as str::parse gives.
    let v = mantissa as f64 / POWERS_OF_TEN[fraction.len()];
    Some(if negative { -v } else { v })
}

const POWERS_OF_TEN: [f64; 16] =
    [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/// `true/false`, `yes/no`, `ja/nee` (Dutch), `y/n`, `1/0` (any case).
pub fn parse_bool(text: &str) -> Option<bool> {
    parse_bool_bytes(text.trim().as_bytes())
}

/// [`parse_bool`] on the bytes of a trimmed field.
pub fn parse_bool_bytes(b: &[u8]) -> Option<bool> {
    const TRUE: [&[u8]; 6] = [b"true", b"yes", b"y", b"1", b"t", b"ja"];
    const FALSE: [&[u8]; 6] = [b"false", b"no", b"n", b"0", b"f", b"nee"];
    if TRUE.iter().any(|w| w.eq_ignore_ascii_case(b)) {
        Some(true)
    } else if FALSE.iter().any(|w| w.eq_ignore_ascii_case(b)) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_bytes_equal_str_parse() {
        for t in [
            "0",
            "12",
            "-3.5",
            "0.20",
            "4",
            "123456789012345",
            "1234567890.12345",
            "-0",
            "0.1",
            "0.3",
            "99.99",
            "1e3",
            "+5",
            "1.",
            ".5",
            "1.2.3",
            "12,5",
            "",
            "-",
            "nan",
            "inf",
            "1234567890123456",
            "0.000000000000001",
            "17.000",
        ] {
            let want = parse_number(t);
            let got = parse_number_bytes(t.as_bytes());
            assert_eq!(got.map(f64::to_bits), want.map(f64::to_bits), "{t:?}");
        }
    }

    #[test]
    fn trim_is_str_trim() {
        for t in [" a ", "\u{a0}b\u{3000}", "\u{b}c\u{c}", "d", "", "  ", "é ", " ü"] {
            assert_eq!(trim(t.as_bytes()), t.trim().as_bytes(), "{t:?}");
        }
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool(" YES "), Some(true));
        assert_eq!(parse_bool("F"), Some(false));
        assert_eq!((parse_bool("Ja"), parse_bool("nee")), (Some(true), Some(false)));
        assert_eq!(parse_bool("maybe"), None);
    }
}
