//! Building a [`Dataset`]: events are appended in input order (columns
//! created the first time a value appears), then [`DatasetBuilder::finish`]
//! orders them by journey with one counting sort and sorts each journey's
//! small slice by time.

use super::{Columns, Dataset, Names, Notes, PathTotals, CONVERTED_NONE, NO_CHANNEL};
use crate::model::{Classes, Problem, TimeBase};

/// One event to append, names as text. `Default` gives an event of journey
/// `""` at time 0 without optional values; set what you need:
///
/// ```
/// use touchpoints::dataset::{DatasetBuilder, EventRecord};
/// use touchpoints::model::TimeBase;
/// let mut b = DatasetBuilder::new(TimeBase::Calendar);
/// b.push(&EventRecord { journey: "c1", touchpoint: "Newsletter", time: 60.0, line: 2, ..EventRecord::default() });
/// b.push(&EventRecord { journey: "c1", touchpoint: "Checkout", time: 0.0, value: Some(9.5), line: 3, ..EventRecord::default() });
/// let d = b.finish();
/// assert_eq!(d.len(), 2);
/// assert_eq!(d.touchpoint_names().name(d.touchpoint(0)), "Checkout"); // time order
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventRecord<'a> {
    pub journey: &'a str,
    /// Seconds (see [`Dataset::time_base`]).
    pub time: f64,
    /// End of a state event (seconds), when it lasts.
    pub end: Option<f64>,
    pub touchpoint: &'a str,
    pub channel: Option<&'a str>,
    /// Classes given by columns of the input; they override the rules.
    pub given: Classes,
    pub value: Option<f64>,
    pub cost: Option<f64>,
    pub rating: Option<f64>,
    pub expectation: Option<f64>,
    pub converted: Option<bool>,
    pub category_spend: Option<f64>,
    pub nps: Option<f64>,
    pub csat: Option<f64>,
    pub ces: Option<f64>,
    /// 1-based line of the input where the event's record starts.
    pub line: u64,
}

impl EventRecord<'_> {
    /// The record's measures, in [`Measure::ALL`] order.
    pub fn measures(&self) -> [Option<f64>; 8] {
        [
            self.value,
            self.cost,
            self.rating,
            self.expectation,
            self.category_spend,
            self.nps,
            self.csat,
            self.ces,
        ]
    }
}

/// The optional values of one event whose names are interned already.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Optional {
    pub channel: Option<u32>,
    pub end: Option<f64>,
    pub given: Classes,
    /// In [`crate::dataset::Measure::ALL`] order.
    pub measures: [Option<f64>; 8],
    pub converted: Option<bool>,
}

/// Appends events in input order and makes the [`Dataset`].
#[derive(Debug, Clone)]
pub struct DatasetBuilder {
    time_base: TimeBase,
    journey_names: Names,
    touchpoint_names: Names,
    channel_names: Names,
    /// Journey id of every event, in input order (the sort key).
    journey: Vec<u32>,
    columns: Columns,
    notes: Notes,
    max_problems: usize,
    /// An event or name did not fit (more than `u32::MAX` events, 4 GiB of names).
    overflow: bool,
}

#[inline(always)]
/// Appends `value` (or `none`) to an optional column, creating it (filled
/// with `none` for the `len` earlier events) at its first value.
fn push_optional<T: Copy>(column: &mut Option<Vec<T>>, len: usize, value: Option<T>, none: T) {
    match (column, value) {
        (Some(c), v) => c.push(v.unwrap_or(none)),
        (column @ None, Some(v)) => {
            let mut c = Vec::with_capacity((len + 1).next_power_of_two());
            c.resize(len, none);
            c.push(v);
            *column = Some(c);
        }
        (None, None) => {}
    }
}

/// Lines are stored as `u32`; a larger line number saturates.
fn line_u32(line: u64) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

impl DatasetBuilder {
    /// An empty builder for times measured by `time_base` (keeps every problem).
    pub fn new(time_base: TimeBase) -> DatasetBuilder {
        DatasetBuilder {
            time_base,
            journey_names: Names::default(),
            touchpoint_names: Names::default(),
            channel_names: Names::default(),
            journey: Vec::new(),
            columns: Columns::default(),
            notes: Notes::default(),
            max_problems: usize::MAX,
            overflow: false,
        }
    }

    /// Keeps at most `max` problems and warnings in the lists (all problems are counted).
    pub fn set_max_problems(&mut self, max: usize) {
        self.max_problems = max;
    }

    /// Sets how times are measured.
    pub fn set_time_base(&mut self, time_base: TimeBase) {
        self.time_base = time_base;
    }

    /// Events appended so far.
    pub fn len(&self) -> usize {
        self.journey.len()
    }

    /// True when no event was appended.
    pub fn is_empty(&self) -> bool {
        self.journey.is_empty()
    }

    /// Data rows counted so far.
    pub fn rows(&self) -> u64 {
        self.notes.rows
    }

    /// Counts `n` data rows read (good or bad).
    pub fn add_rows(&mut self, n: u64) {
        self.notes.rows += n;
    }

    /// Records a bad row.
    pub fn problem(&mut self, line: u64, column: Option<u64>, message: String) {
        self.notes.problem_count += 1;
        if self.notes.problems.len() < self.max_problems {
            self.notes.problems.push(Problem { line, column, message });
        }
    }

    /// Records a note about the input that is not a bad row.
    pub fn warning(&mut self, line: u64, column: Option<u64>, message: String) {
        if self.notes.warnings.len() < self.max_problems {
            self.notes.warnings.push(Problem { line, column, message });
        }
    }

    /// Adds the notes of a part read before: problems and warnings (up to
    /// the limit), counts, columns, path totals.
    /// `journey_ids` maps the part's journey ids to this builder's.
    pub(crate) fn add_notes(&mut self, notes: &Notes, journey_ids: &[u32]) {
        let room = |list: &Vec<Problem>, max: usize| max.saturating_sub(list.len());
        let keep = room(&self.notes.problems, self.max_problems);
        self.notes.problems.extend(notes.problems.iter().take(keep).cloned());
        let keep = room(&self.notes.warnings, self.max_problems);
        self.notes.warnings.extend(notes.warnings.iter().take(keep).cloned());
        self.notes.problem_count += notes.problem_count;
        self.notes.rows += notes.rows;
        self.notes.bytes += notes.bytes;
        for column in &notes.columns {
            self.add_column(column);
        }
        for (old, totals) in notes.path_totals.iter().enumerate() {
            if let (Some(totals), Some(&id)) = (totals, journey_ids.get(old)) {
                self.set_path_totals(id, *totals);
            }
        }
        // The sums again in path order (one path row per journey), not the parts'
        // sums added: floating-point addition is not associative, and the parts
        // must give the very numbers one reader gives.
        let paths = self.notes.path_totals.iter().flatten();
        let (conversions, nulls) =
            paths.fold((0.0, 0.0), |(c, n), t| (c + t.conversions, n + t.nulls));
        self.notes.path_conversions = conversions;
        self.notes.path_nulls = nulls;
    }

    /// Forgets the warnings recorded so far.
    pub(crate) fn clear_warnings(&mut self) {
        self.notes.warnings.clear();
    }

    /// Marks the canonical column `name` as present in the input.
    pub fn add_column(&mut self, name: &str) {
        if !self.notes.columns.iter().any(|c| c == name) {
            self.notes.columns.push(name.to_string());
        }
    }

    /// Records the totals of the attribution path row read as journey `journey`
    /// (after its events are pushed) and adds them to the file's sums.
    pub fn add_path_totals(&mut self, journey: &str, totals: PathTotals) {
        self.notes.path_conversions += totals.conversions;
        self.notes.path_nulls += totals.nulls;
        if let Some(id) = self.journey_names.get(journey) {
            self.set_path_totals(id, totals);
        }
    }

    /// Keeps the totals of the path journey with id `id`.
    fn set_path_totals(&mut self, id: u32, totals: PathTotals) {
        let slots = &mut self.notes.path_totals;
        if slots.len() <= id as usize {
            slots.resize(id as usize + 1, None);
        }
        slots[id as usize] = Some(totals);
    }

    /// Appends one event.
    pub fn push(&mut self, e: &EventRecord<'_>) {
        let journey = self.journey_names.intern(e.journey);
        let touchpoint = self.touchpoint_names.intern(e.touchpoint);
        let channel = e.channel.map(|c| self.channel_names.intern(c));
        let optional = Optional {
            channel,
            end: e.end,
            given: e.given,
            measures: e.measures(),
            converted: e.converted,
        };
        self.push_interned(journey, touchpoint, e.time, e.line, &optional);
    }

    /// The journey, touch point and channel name tables, to intern into.
    pub(crate) fn names_mut(&mut self) -> [&mut Names; 3] {
        [&mut self.journey_names, &mut self.touchpoint_names, &mut self.channel_names]
    }

    /// True when an event or a name did not fit.
    pub(crate) fn overflowed(&self) -> bool {
        self.overflow || self.names_full()
    }

    fn names_full(&self) -> bool {
        self.journey_names.is_full()
            || self.touchpoint_names.is_full()
            || self.channel_names.is_full()
    }

    /// Appends one event whose names are interned already.
    pub(crate) fn push_interned(
        &mut self,
        journey: u32,
        touchpoint: u32,
        time: f64,
        line: u64,
        e: &Optional,
    ) {
        let n = self.len();
        if n >= u32::MAX as usize || journey == super::names::NO_ROOM {
            self.overflow = true;
            return;
        }
        self.journey.push(journey);
        let c = &mut self.columns;
        c.touchpoint.push(touchpoint);
        c.time.push(time);
        c.line.push(line_u32(line));
        push_optional(&mut c.channel, n, e.channel, NO_CHANNEL);
        push_optional(&mut c.end, n, e.end.filter(|v| !v.is_nan()), f64::NAN);
        let given = Some(e.given).filter(|g| !g.is_empty());
        push_optional(&mut c.given, n, given, Classes::default());
        for (column, value) in c.measures.iter_mut().zip(e.measures) {
            push_optional(column, n, value.filter(|v| !v.is_nan()), f64::NAN);
        }
        push_optional(&mut c.converted, n, e.converted.map(|b| 1 + b as u8), CONVERTED_NONE);
    }

    /// Appends every event of `d` (a part's dataset), in its order, column by
    /// column: what [`DatasetBuilder::push_interned`] gives event by event, with
    /// `d`'s journey, touch point and channel ids mapped through `journey_ids`,
    /// `tp_ids` and `ch_ids` (ids in this builder).
    pub(crate) fn append_events(
        &mut self,
        d: &Dataset,
        journey_ids: &[u32],
        tp_ids: &[u32],
        ch_ids: &[u32],
    ) {
        /// Appends `part` mapped by `map` (or `len` entries of `none` when the part has
        /// no such column) to `column`, creating the column (with `none` for the `n`
        /// earlier events) when the part holds a value (`is_value`), as `push_optional` does.
        fn optional<T: Copy>(
            column: &mut Option<Vec<T>>,
            (n, len): (usize, usize),
            part: Option<&[T]>,
            none: T,
            is_value: impl Fn(&T) -> bool,
            map: impl Fn(T) -> T,
        ) {
            let part = part.filter(|p| p.iter().any(&is_value));
            match (column.as_mut(), part) {
                (Some(c), Some(p)) => c.extend(p.iter().map(|&v| map(v))),
                (Some(c), None) => c.resize(n + len, none),
                (None, Some(p)) => {
                    let mut c = Vec::with_capacity(n + len);
                    c.resize(n, none);
                    c.extend(p.iter().map(|&v| map(v)));
                    *column = Some(c);
                }
                (None, None) => {}
            }
        }
        let n = self.len();
        let len = d.len();
        if n + len >= u32::MAX as usize || journey_ids.contains(&super::names::NO_ROOM) {
            self.overflow = true;
            return;
        }
        self.journey.reserve(len);
        for j in d.journeys() {
            let id = journey_ids.get(j.id() as usize).copied().unwrap_or(super::names::NO_ROOM);
            self.journey.extend(std::iter::repeat_n(id, j.len()));
        }
        let (c, p) = (&mut self.columns, &d.columns);
        let tp = |t: u32| tp_ids.get(t as usize).copied().unwrap_or(t);
        c.touchpoint.extend(p.touchpoint.iter().map(|&t| tp(t)));
        c.time.extend_from_slice(&p.time);
        c.line.extend_from_slice(&p.line);
        let at = (n, len);
        let ch =
            |v: u32| if v == NO_CHANNEL { v } else { ch_ids.get(v as usize).copied().unwrap_or(v) };
        optional(&mut c.channel, at, p.channel.as_deref(), NO_CHANNEL, |v| *v != NO_CHANNEL, ch);
        let number = |v: &f64| !v.is_nan();
        optional(&mut c.end, at, p.end.as_deref(), f64::NAN, number, |v| v);
        let given = |g: &Classes| !g.is_empty();
        optional(&mut c.given, at, p.given.as_deref(), Classes::default(), given, |v| v);
        for (column, part) in c.measures.iter_mut().zip(&p.measures) {
            optional(column, at, part.as_deref(), f64::NAN, number, |v| v);
        }
        let converted = |v: &u8| *v != CONVERTED_NONE;
        optional(&mut c.converted, at, p.converted.as_deref(), CONVERTED_NONE, converted, |v| v);
    }

    /// Orders the events by journey (ids in order of first appearance), then
    /// time, then input order, and returns the dataset.
    pub fn finish(self) -> Dataset {
        let journeys = self.journey_names.len();
        let mut offsets = vec![0u32; journeys + 1];
        for &j in &self.journey {
            offsets[j as usize + 1] += 1;
        }
        for k in 0..journeys {
            offsets[k + 1] += offsets[k];
        }
        let columns = match sorted_order(&self.journey, &self.columns.time, &offsets) {
            Some(order) => self.columns.permuted(&order),
            None => {
                let mut columns = self.columns;
                columns.shrink_to_fit();
                columns
            }
        };
        let mut names = [self.journey_names, self.touchpoint_names, self.channel_names];
        names.iter_mut().for_each(Names::shrink_to_fit);
        Dataset::from_parts(self.time_base, names, offsets, columns, self.notes)
    }
}

/// The permutation that orders events by journey, then time, then input
/// order (`None`: already in order). A counting sort by journey, then a
/// sort of each journey's slice by time where it is not in order already.
fn sorted_order(journey: &[u32], time: &[f64], offsets: &[u32]) -> Option<Vec<u32>> {
    let grouped = journey.windows(2).all(|w| w[0] <= w[1]);
    let mut order: Vec<u32> = if grouped {
        Vec::new()
    } else {
        let mut next = offsets.to_vec();
        let mut order = vec![0u32; journey.len()];
        for (i, &j) in journey.iter().enumerate() {
            let slot = &mut next[j as usize];
            order[*slot as usize] = i as u32;
            *slot += 1;
        }
        order
    };
    let at = |order: &[u32], k: usize| if order.is_empty() { k } else { order[k] as usize };
    let mut start = 0;
    while start < journey.len() {
        let j = journey[at(&order, start)];
        let mut end = start + 1;
        let mut sorted = true;
        while end < journey.len() && journey[at(&order, end)] == j {
            sorted &= time[at(&order, end - 1)].total_cmp(&time[at(&order, end)]).is_le();
            end += 1;
        }
        if !sorted {
            if order.is_empty() {
                order = (0..journey.len() as u32).collect();
            }
            // Ties keep input order: the index breaks them.
            order[start..end].sort_unstable_by(|&a, &b| {
                time[a as usize].total_cmp(&time[b as usize]).then(a.cmp(&b))
            });
        }
        start = end;
    }
    (!order.is_empty()).then_some(order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Measure;

    fn record<'a>(journey: &'a str, touchpoint: &'a str, time: f64, line: u64) -> EventRecord<'a> {
        EventRecord { journey, touchpoint, time, line, ..EventRecord::default() }
    }

    /// (journey, touch point, line) of every event, in dataset order.
    fn order(d: &Dataset) -> Vec<(String, String, u64)> {
        d.journeys()
            .flat_map(|j| {
                j.range().map(move |i| {
                    let tp = d.touchpoint_names().name(d.touchpoint(i)).to_string();
                    (j.name().to_string(), tp, d.line(i))
                })
            })
            .collect()
    }

    #[test]
    fn events_are_ordered_by_journey_then_time_then_input_order() {
        let mut b = DatasetBuilder::new(TimeBase::Calendar);
        for r in [
            record("b", "x", 5.0, 2),
            record("a", "y", 3.0, 3),
            record("b", "z", 1.0, 4),
            record("a", "w", 3.0, 5),
            record("b", "v", f64::NAN, 6),
            record("a", "u", 2.0, 7),
        ] {
            b.push(&r);
        }
        let d = b.finish();
        let want: Vec<(String, String, u64)> = [
            ("b", "z", 4),
            ("b", "x", 2),
            ("b", "v", 6),
            ("a", "u", 7),
            ("a", "y", 3),
            ("a", "w", 5),
        ]
        .iter()
        .map(|(j, t, l)| (j.to_string(), t.to_string(), *l))
        .collect();
        assert_eq!(order(&d), want);
        assert_eq!(d.journey_count(), 2);
        assert_eq!((d.journey(0).range(), d.journey(1).range()), (0..3, 3..6));
        assert_eq!((0..6).map(|i| d.journey_of(i)).collect::<Vec<_>>(), [0, 0, 0, 1, 1, 1]);
        assert_eq!(d.journey(1).times(), &[2.0, 3.0, 3.0]);
        assert!(d.journey(7).is_empty());
    }

    #[test]
    fn optional_columns_exist_only_with_a_value() {
        let mut b = DatasetBuilder::new(TimeBase::Calendar);
        b.push(&record("a", "x", 1.0, 2));
        b.push(&EventRecord {
            channel: Some("web"),
            value: Some(4.5),
            converted: Some(false),
            end: Some(2.0),
            ..record("a", "y", 2.0, 3)
        });
        b.push(&EventRecord { value: Some(f64::NAN), ..record("a", "z", 3.0, 4) });
        let d = b.finish();
        assert!(d.has_channels() && d.has_measure_values(Measure::Value));
        assert!(!d.has_measure_values(Measure::Cost) && !d.has_given());
        assert_eq!((d.channel(0), d.channel(1)), (None, Some(0)));
        assert_eq!(
            (0..3).map(|i| d.measure(Measure::Value, i)).collect::<Vec<_>>(),
            [None, Some(4.5), None]
        );
        assert_eq!((d.converted(0), d.converted(1)), (None, Some(false)));
        assert_eq!((d.end(0), d.end(1), d.end_or_time(0)), (None, Some(2.0), 1.0));
        let empty = DatasetBuilder::new(TimeBase::Step).finish();
        assert!(empty.is_empty() && empty.journeys().len() == 0);
    }
}
