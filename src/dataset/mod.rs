//! The columnar event store: one vector per column the input has, journeys
//! as contiguous ranges, names interned once.
//!
//! Everything outside this module reads a [`Dataset`] through its accessors
//! (`len`, `journeys`, `touchpoint_ids`, `times`, `channel(i)`, `measure(m, i)`
//! …), never its storage, so the layout can change without touching the
//! analyses. A dataset is made by a [`DatasetBuilder`] (the ingest, the
//! annotation importers, tests) and never changes afterwards.
//!
//! Layout (see `docs/dataset.md`): events are ordered by journey id, then
//! time, then input order; journey `j`'s events are `offsets[j]..offsets[j+1]`.
//! Required columns: touch point id (`u32`), time (`f64`), source line
//! (`u32`). Optional columns exist only when a value was given: channel id
//! (`u32::MAX` for none), end (`NaN` for none), the given classes, each
//! measure (`NaN` for none), converted (0 none, 1 no, 2 yes).

pub mod builder;
mod names;
pub mod parts;
pub(crate) use names::{same as same_bytes, NameCache};

pub(crate) use builder::Optional;
pub use builder::{DatasetBuilder, EventRecord};
pub use names::Names;
pub use parts::{decode_part, encode_part, merge_parts};

use crate::model::{Classes, Problem, TimeBase};
use std::ops::Range;

/// The optional numeric columns of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    /// Revenue of the event (a purchase amount).
    Value,
    /// Cost to serve the event.
    Cost,
    /// Perceived performance rating (any scale).
    Rating,
    /// Expected performance (same scale as the rating).
    Expectation,
    /// The customer's total spend in the category (share of wallet).
    CategorySpend,
    /// Net Promoter answer, 0–10.
    Nps,
    /// Customer satisfaction answer, 1–5.
    Csat,
    /// Customer effort answer, 1–7.
    Ces,
}

impl Measure {
    /// Every measure, in column order.
    pub const ALL: [Measure; 8] = [
        Measure::Value,
        Measure::Cost,
        Measure::Rating,
        Measure::Expectation,
        Measure::CategorySpend,
        Measure::Nps,
        Measure::Csat,
        Measure::Ces,
    ];

    /// The canonical column name (`"value"`, `"category_spend"` …).
    pub fn column(self) -> &'static str {
        match self {
            Measure::Value => "value",
            Measure::Cost => "cost",
            Measure::Rating => "rating",
            Measure::Expectation => "expectation",
            Measure::CategorySpend => "category_spend",
            Measure::Nps => "nps",
            Measure::Csat => "csat",
            Measure::Ces => "ces",
        }
    }

    /// Position in [`Measure::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Channel id stored for "no channel".
pub(crate) const NO_CHANNEL: u32 = u32::MAX;
/// Converted codes: none, no, yes.
pub(crate) const CONVERTED_NONE: u8 = 0;

/// What the reader noted beside the events: bad rows, warnings, totals.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Notes {
    /// Bad rows skipped while reading, in input order (maybe truncated).
    pub problems: Vec<Problem>,
    /// Notes on the input that are not bad rows.
    pub warnings: Vec<Problem>,
    /// Total number of problems (the list may be truncated).
    pub problem_count: u64,
    /// Data rows read (good and bad).
    pub rows: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Canonical columns the input had.
    pub columns: Vec<String>,
    /// Attribution path rows: sums of `total_conversions` and `total_null`.
    pub path_conversions: f64,
    pub path_nulls: f64,
    /// Attribution path rows: each path journey's totals, by journey id (empty without path rows).
    pub path_totals: Vec<Option<PathTotals>>,
}

/// The totals of one attribution path row (`total_conversions`,
/// `total_conversion_value`, `total_null`), kept per journey.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PathTotals {
    pub conversions: f64,
    pub value: f64,
    pub nulls: f64,
}

/// The per-event columns (one entry per event, in the same order).
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns {
    pub touchpoint: Vec<u32>,
    pub time: Vec<f64>,
    pub line: Vec<u32>,
    pub channel: Option<Vec<u32>>,
    pub end: Option<Vec<f64>>,
    pub given: Option<Vec<Classes>>,
    pub measures: [Option<Vec<f64>>; 8],
    pub converted: Option<Vec<u8>>,
}

impl Columns {
    /// Every column reordered so that entry `k` is the old entry `order[k]`.
    pub fn permuted(self, order: &[u32]) -> Columns {
        fn apply<T: Copy>(order: &[u32], v: Vec<T>) -> Vec<T> {
            order.iter().map(|&i| v[i as usize]).collect()
        }
        Columns {
            touchpoint: apply(order, self.touchpoint),
            time: apply(order, self.time),
            line: apply(order, self.line),
            channel: self.channel.map(|c| apply(order, c)),
            end: self.end.map(|c| apply(order, c)),
            given: self.given.map(|c| apply(order, c)),
            measures: self.measures.map(|m| m.map(|c| apply(order, c))),
            converted: self.converted.map(|c| apply(order, c)),
        }
    }

    /// Gives back spare capacity.
    pub fn shrink_to_fit(&mut self) {
        fn opt<T>(v: &mut Option<Vec<T>>) {
            if let Some(v) = v {
                v.shrink_to_fit();
            }
        }
        self.touchpoint.shrink_to_fit();
        self.time.shrink_to_fit();
        self.line.shrink_to_fit();
        opt(&mut self.channel);
        opt(&mut self.end);
        opt(&mut self.given);
        self.measures.iter_mut().for_each(opt);
        opt(&mut self.converted);
    }

    /// Bytes of memory the columns hold.
    pub fn heap_bytes(&self) -> usize {
        fn vec<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        fn opt<T>(v: &Option<Vec<T>>) -> usize {
            v.as_ref().map_or(0, vec)
        }
        vec(&self.touchpoint)
            + vec(&self.time)
            + vec(&self.line)
            + opt(&self.channel)
            + opt(&self.end)
            + opt(&self.given)
            + self.measures.iter().map(opt).sum::<usize>()
            + opt(&self.converted)
    }
}

/// Floats compare by bits, so that "no value" (`NaN`) equals itself.
fn same_f64(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

fn same_opt_f64(a: &Option<Vec<f64>>, b: &Option<Vec<f64>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same_f64(a, b),
        _ => false,
    }
}

impl PartialEq for Columns {
    fn eq(&self, other: &Columns) -> bool {
        self.touchpoint == other.touchpoint
            && same_f64(&self.time, &other.time)
            && self.line == other.line
            && self.channel == other.channel
            && same_opt_f64(&self.end, &other.end)
            && self.given == other.given
            && self.measures.iter().zip(&other.measures).all(|(a, b)| same_opt_f64(a, b))
            && self.converted == other.converted
    }
}

/// Events of many journeys, with interned names and the problems met reading them.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    time_base: TimeBase,
    journey_names: Names,
    touchpoint_names: Names,
    channel_names: Names,
    /// Journey `j`'s events are `offsets[j]..offsets[j + 1]`.
    offsets: Vec<u32>,
    columns: Columns,
    notes: Notes,
}

/// One journey: its id and the contiguous range of its events.
#[derive(Debug, Clone, Copy)]
pub struct Journey<'a> {
    dataset: &'a Dataset,
    id: u32,
    start: usize,
    end: usize,
}

impl<'a> Journey<'a> {
    /// The journey id (0.. in order of first appearance in the input).
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The journey's name as written in the input.
    pub fn name(&self) -> &'a str {
        self.dataset.journey_names.name(self.id)
    }

    /// Its events' indexes (contiguous, in time order).
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the journey has no event (never for a built dataset).
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// Touch point ids of its events, in time order.
    pub fn touchpoints(&self) -> &'a [u32] {
        &self.dataset.columns.touchpoint[self.start..self.end]
    }

    /// Times of its events, ascending.
    pub fn times(&self) -> &'a [f64] {
        &self.dataset.columns.time[self.start..self.end]
    }
}

fn some_f64(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

impl Dataset {
    /// Number of events.
    pub fn len(&self) -> usize {
        self.columns.time.len()
    }

    /// True when there are no events.
    pub fn is_empty(&self) -> bool {
        self.columns.time.is_empty()
    }

    /// How the times are measured.
    pub fn time_base(&self) -> TimeBase {
        self.time_base
    }

    /// Number of journeys (every journey has at least one event).
    pub fn journey_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Every journey, in id order.
    pub fn journeys(
        &self,
    ) -> impl ExactSizeIterator<Item = Journey<'_>> + DoubleEndedIterator + Clone + '_ {
        (0..self.journey_count() as u32).map(move |id| self.journey(id))
    }

    /// The journey `id` (an empty journey for an unknown id).
    pub fn journey(&self, id: u32) -> Journey<'_> {
        let at = |k: usize| self.offsets.get(k).map_or(self.len(), |&o| o as usize);
        let start = at(id as usize);
        let end = at(id as usize + 1).max(start);
        Journey { dataset: self, id, start, end }
    }

    /// Journey names by id.
    pub fn journey_names(&self) -> &Names {
        &self.journey_names
    }

    /// Touch point names by id.
    pub fn touchpoint_names(&self) -> &Names {
        &self.touchpoint_names
    }

    /// Channel names by id.
    pub fn channel_names(&self) -> &Names {
        &self.channel_names
    }

    /// Touch point id of every event.
    pub fn touchpoint_ids(&self) -> &[u32] {
        &self.columns.touchpoint
    }

    /// Time of every event, in seconds (see [`Dataset::time_base`]).
    pub fn times(&self) -> &[f64] {
        &self.columns.time
    }

    /// Touch point id of event `i`.
    pub fn touchpoint(&self, i: usize) -> u32 {
        self.columns.touchpoint[i]
    }

    /// Time of event `i`.
    pub fn time(&self, i: usize) -> f64 {
        self.columns.time[i]
    }

    /// 1-based input line where event `i`'s record starts.
    pub fn line(&self, i: usize) -> u64 {
        self.columns.line[i] as u64
    }

    /// The journey of event `i` (a binary search: walk [`Dataset::journeys`] in loops).
    pub fn journey_of(&self, i: usize) -> u32 {
        let after = self.offsets.partition_point(|&o| o as usize <= i);
        after.saturating_sub(1).min(self.journey_count().saturating_sub(1)) as u32
    }

    /// Channel id of event `i`, when given.
    pub fn channel(&self, i: usize) -> Option<u32> {
        self.columns.channel.as_ref().map(|c| c[i]).filter(|&c| c != NO_CHANNEL)
    }

    /// True when some event has a channel.
    pub fn has_channels(&self) -> bool {
        self.columns.channel.is_some()
    }

    /// End of state event `i` (seconds), when it lasts.
    pub fn end(&self, i: usize) -> Option<f64> {
        self.columns.end.as_ref().and_then(|c| some_f64(c[i]))
    }

    /// The later of event `i`'s time and end.
    pub fn end_or_time(&self, i: usize) -> f64 {
        self.end(i).unwrap_or(self.columns.time[i])
    }

    /// True when the input had the column of measure `m`.
    pub fn has_measure(&self, m: Measure) -> bool {
        self.has_column(m.column())
    }

    /// Measure `m` of event `i`, when given.
    pub fn measure(&self, m: Measure, i: usize) -> Option<f64> {
        self.columns.measures[m.index()].as_ref().and_then(|c| some_f64(c[i]))
    }

    /// True when some event has a value of measure `m`.
    pub fn has_measure_values(&self, m: Measure) -> bool {
        self.columns.measures[m.index()].is_some()
    }

    /// Whether event `i` is (or ends in) a purchase, when given.
    pub fn converted(&self, i: usize) -> Option<bool> {
        match self.columns.converted.as_ref().map_or(CONVERTED_NONE, |c| c[i]) {
            CONVERTED_NONE => None,
            code => Some(code == 2),
        }
    }

    /// True when some event has a converted value.
    pub fn has_converted_values(&self) -> bool {
        self.columns.converted.is_some()
    }

    /// Classes given by the data's columns for event `i` (empty when none).
    pub fn given(&self, i: usize) -> Classes {
        self.columns.given.as_ref().map(|c| c[i]).unwrap_or_default()
    }

    /// True when some event has a given class.
    pub fn has_given(&self) -> bool {
        self.columns.given.is_some()
    }

    /// True when the input had the canonical column `name`.
    pub fn has_column(&self, name: &str) -> bool {
        self.notes.columns.iter().any(|c| c == name)
    }

    /// Canonical columns the input had, in the order met.
    pub fn columns(&self) -> &[String] {
        &self.notes.columns
    }

    /// Bad rows skipped while reading, in input order (the first ones, up to the limit).
    pub fn problems(&self) -> &[Problem] {
        &self.notes.problems
    }

    /// Notes on the input that are not bad rows (a duplicate header, text read
    /// as Windows-1252, a transactions export read as purchases).
    pub fn warnings(&self) -> &[Problem] {
        &self.notes.warnings
    }

    /// Total number of bad rows (the list may be truncated).
    pub fn problem_count(&self) -> u64 {
        self.notes.problem_count
    }

    /// Data rows read, good and bad.
    pub fn rows(&self) -> u64 {
        self.notes.rows
    }

    /// Bytes read.
    pub fn bytes(&self) -> u64 {
        self.notes.bytes
    }

    /// Attribution path rows: the sum of `total_conversions`.
    pub fn path_conversions(&self) -> f64 {
        self.notes.path_conversions
    }

    /// Attribution path rows: the sum of `total_null`.
    pub fn path_nulls(&self) -> f64 {
        self.notes.path_nulls
    }

    /// The totals of journey `journey` when it is an attribution path row.
    pub fn path_totals(&self, journey: u32) -> Option<PathTotals> {
        self.notes.path_totals.get(journey as usize).copied().flatten()
    }

    /// Sets the bytes read (the file reader counts them).
    pub(crate) fn set_bytes(&mut self, bytes: u64) {
        self.notes.bytes = bytes;
    }

    /// Adds a warning before the others.
    pub(crate) fn insert_warning(&mut self, warning: Problem) {
        self.notes.warnings.insert(0, warning);
    }

    /// Bytes of memory the dataset holds (columns, offsets and name tables).
    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * 4
            + self.columns.heap_bytes()
            + self.journey_names.heap_bytes()
            + self.touchpoint_names.heap_bytes()
            + self.channel_names.heap_bytes()
    }

    /// Assembles a dataset (the builder and the merge of parts).
    pub(crate) fn from_parts(
        time_base: TimeBase,
        names: [Names; 3],
        offsets: Vec<u32>,
        columns: Columns,
        notes: Notes,
    ) -> Dataset {
        let [journey_names, touchpoint_names, channel_names] = names;
        Dataset {
            time_base,
            journey_names,
            touchpoint_names,
            channel_names,
            offsets,
            columns,
            notes,
        }
    }
}
