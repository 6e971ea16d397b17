//! Turns one row (its fields, by canonical column) into events, or into a
//! problem that names the row's line and what was expected.

use super::columns::column_index;
use crate::dataset::{Dataset, DatasetBuilder, EventRecord, PathTotals};
use crate::model::{Classes, Direction, Kind, Media, Owner, Stage, TimeBase};
use crate::time::parse_time;

/// The fields of one row, indexed like [`super::columns::COLUMNS`]; `None` when the file
/// has no such column. Empty strings count as missing values.
pub type Fields<'a> = [Option<&'a str>];

/// Positions (1-based field numbers) of each canonical column, for messages.
pub type FieldNumbers = [Option<u64>];

/// Collects events and problems into a [`Dataset`].
pub struct Builder {
    pub data: DatasetBuilder,
    time_base: Option<TimeBase>,
    /// Attribution path rows: path number for journey names.
    paths: u64,
}

fn idx(name: &str) -> usize {
    // The names used below are all in COLUMNS; a miss would only read a missing field.
    column_index(name).unwrap_or(usize::MAX)
}

fn get<'a>(fields: &Fields<'a>, name: &str) -> Option<&'a str> {
    fields.get(idx(name)).copied().flatten().map(str::trim).filter(|s| !s.is_empty())
}

impl Builder {
    /// A builder keeping at most `max_problems` problems in the list (all are counted).
    pub fn new(max_problems: usize) -> Builder {
        let mut data = DatasetBuilder::new(TimeBase::Calendar);
        data.set_max_problems(max_problems);
        Builder { data, time_base: None, paths: 0 }
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

    /// Finishes: sorts events by journey then time (stable, so input order
    /// breaks ties) and returns the dataset.
    pub fn finish(mut self) -> Dataset {
        self.data.set_time_base(self.time_base.unwrap_or(TimeBase::Calendar));
        self.data.finish()
    }

    /// Reads one row. `numbers` gives each column's field number for messages.
    pub fn add_row(&mut self, line: u64, fields: &Fields, numbers: &FieldNumbers) {
        self.data.add_rows(1);
        let col = |name: &str| numbers.get(idx(name)).copied().flatten();
        if fields.get(idx("path")).is_some_and(Option::is_some) {
            return self.add_path_row(line, fields, numbers);
        }
        let Some(journey) = get(fields, "journey") else {
            return self.problem(line, col("journey"), "the journey (customer) is empty".into());
        };
        // No touch point column at all: a plain transactions export, one purchase per row.
        let transactions = fields.get(idx("touchpoint")).is_none_or(Option::is_none);
        let touchpoint = match get(fields, "touchpoint") {
            Some(t) => t,
            None if transactions => "Purchase",
            None => {
                return self.problem(line, col("touchpoint"), "the touch point is empty".into())
            }
        };
        let Some(time_text) = get(fields, "time") else {
            return self.problem(line, col("time"), "the time is empty".into());
        };
        let time = match parse_time(time_text) {
            Ok(t) => t,
            Err(e) => return self.problem(line, col("time"), e),
        };
        if let Err(message) = self.check_base(time.base, time_text) {
            return self.problem(line, col("time"), message);
        }
        let end = match get(fields, "end").map(parse_time) {
            None => None,
            Some(Ok(t)) if t.base == time.base && t.seconds >= time.seconds => Some(t.seconds),
            Some(Ok(_)) => {
                return self.problem(
                    line,
                    col("end"),
                    "the end is before the start, or of another kind of time".into(),
                )
            }
            Some(Err(e)) => return self.problem(line, col("end"), format!("end: {e}")),
        };
        let mut numbers_read = [None; 9];
        for (slot, name) in
            ["value", "cost", "rating", "expectation", "category_spend", "nps", "csat", "ces"]
                .iter()
                .enumerate()
        {
            match get(fields, name).map(parse_number) {
                None => {}
                Some(Some(v)) => numbers_read[slot] = Some(v),
                Some(None) => {
                    let text = get(fields, name).unwrap_or("");
                    return self.problem(
                        line,
                        col(name),
                        format!("{name} {text:?} is not a number (expected e.g. 12.5)"),
                    );
                }
            }
        }
        // A transactions export has no converted column: its rows are purchases by
        // their amount (the analyses' rule "a value above 0"), not marked here.
        let converted = match get(fields, "converted") {
            None => None,
            Some(text) => match parse_bool(text) {
                Some(b) => Some(b),
                None => {
                    return self.problem(
                        line,
                        col("converted"),
                        format!(
                        "converted {text:?} is not yes or no (expected true/false, yes/no or 1/0)"
                    ),
                    )
                }
            },
        };
        let given = match read_classes(fields) {
            Ok(c) => c,
            Err((name, message)) => return self.problem(line, col(name), message),
        };
        self.data.push(&EventRecord {
            journey,
            time: time.seconds,
            end,
            touchpoint,
            channel: get(fields, "channel"),
            given,
            value: numbers_read[0],
            cost: numbers_read[1],
            rating: numbers_read[2],
            expectation: numbers_read[3],
            converted,
            category_spend: numbers_read[4],
            nps: numbers_read[5],
            csat: numbers_read[6],
            ces: numbers_read[7],
            line,
        });
    }

    fn check_base(&mut self, base: TimeBase, text: &str) -> Result<(), String> {
        match self.time_base {
            None => {
                self.time_base = Some(base);
                Ok(())
            }
            Some(b) if b == base => Ok(()),
            Some(TimeBase::Calendar) => Err(format!(
                "time {text:?} reads as a video offset, but this file's times are dates"
            )),
            Some(_) => Err(format!(
                "time {text:?} reads as a date, but this file's times are video offsets"
            )),
        }
    }

    /// An attribution path row: `A > B > C` with conversion totals becomes
    /// one journey whose events are the path's steps (times 1, 2, 3 …); the
    /// last step carries the conversions and their value.
    fn add_path_row(&mut self, line: u64, fields: &Fields, numbers: &FieldNumbers) {
        let col = |name: &str| numbers.get(idx(name)).copied().flatten();
        let path = get(fields, "path").unwrap_or("");
        let steps: Vec<&str> = path.split('>').map(str::trim).collect();
        if steps.iter().any(|s| s.is_empty()) {
            return self.problem(
                line,
                col("path"),
                format!("path {path:?} has an empty step (expected e.g. \"Search ad > Website > Checkout\")"),
            );
        }
        let mut totals = [0.0; 3];
        for (slot, name) in
            ["total_conversions", "total_conversion_value", "total_null"].iter().enumerate()
        {
            match get(fields, name).map(parse_number) {
                None => {}
                Some(Some(v)) if v >= 0.0 => totals[slot] = v,
                _ => {
                    return self.problem(
                        line,
                        col(name),
                        format!("{name} is not a number of 0 or more"),
                    )
                }
            }
        }
        if self.time_base.is_none() {
            self.time_base = Some(TimeBase::Step);
        } else if self.time_base != Some(TimeBase::Step) {
            return self.problem(line, None, "a path row in a file of timed events".into());
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
}

/// A plain number: `12`, `-3.5`, `1e3`, or `None`. Currency signs, units and decimal
/// commas are refused (they are ambiguous), so "12,5 EUR" is a bad row.
pub fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `true/false`, `yes/no`, `y/n`, `1/0` (any case).
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "t" => Some(true),
        "false" | "no" | "n" | "0" | "f" => Some(false),
        _ => None,
    }
}

fn read_classes(fields: &Fields) -> Result<Classes, (&'static str, String)> {
    fn one<T: Copy>(
        fields: &Fields,
        name: &'static str,
        parse: fn(&str) -> Option<T>,
        all: &[T],
        key: fn(T) -> &'static str,
    ) -> Result<Option<T>, (&'static str, String)> {
        match get(fields, name) {
            None => Ok(None),
            Some(text) => parse(text).map(Some).ok_or_else(|| {
                let keys: Vec<&str> = all.iter().map(|v| key(*v)).collect();
                (name, format!("{name} {text:?} is not one of: {}", keys.join(", ")))
            }),
        }
    }
    Ok(Classes {
        kind: one(fields, "kind", Kind::parse, Kind::ALL, Kind::key)?,
        owner: one(fields, "owner", Owner::parse, Owner::ALL, Owner::key)?,
        stage: one(fields, "stage", Stage::parse, Stage::ALL, Stage::key)?,
        media: one(fields, "media", Media::parse, Media::ALL, Media::key)?,
        direction: one(fields, "direction", Direction::parse, Direction::ALL, Direction::key)?,
    })
}
