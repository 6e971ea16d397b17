//! The attribution input: paths of channels with their conversions, conversion
//! value and nulls (journeys that did not convert), stored flat. Bad paths (no
//! touch points, negative or non-finite counts) are positioned problems, never
//! silently dropped. [`AttributionInput::table`] aggregates equal paths: the path
//! table holds the sufficient statistics of every model but time decay on timed
//! data, and tables of parts merge by summing.

use crate::dataset::{Dataset, Measure};
use crate::model::{Direction, Kind, Media, Owner, Problem, Stage, TimeBase};
use crate::taxonomy::Classification;
use crate::text;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// What counts as a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChannelDimension {
    /// The touch point's name (attribution paths: the path's steps).
    #[default]
    Touchpoint,
    /// The `channel` column (events without one: "(no channel)").
    Channel,
    /// A class dimension of the rules (undecided: "unclassified").
    Kind,
    Owner,
    Stage,
    Media,
    Direction,
}

impl ChannelDimension {
    /// The setting's key (`"touchpoint"`, `"channel"`, `"kind"` …).
    pub fn key(self) -> &'static str {
        match self {
            ChannelDimension::Touchpoint => "touchpoint",
            ChannelDimension::Channel => "channel",
            ChannelDimension::Kind => "kind",
            ChannelDimension::Owner => "owner",
            ChannelDimension::Stage => "stage",
            ChannelDimension::Media => "media",
            ChannelDimension::Direction => "direction",
        }
    }

    /// Reads a key (as [`key`](Self::key)).
    pub fn parse(text: &str) -> Option<ChannelDimension> {
        [
            ChannelDimension::Touchpoint,
            ChannelDimension::Channel,
            ChannelDimension::Kind,
            ChannelDimension::Owner,
            ChannelDimension::Stage,
            ChannelDimension::Media,
            ChannelDimension::Direction,
        ]
        .into_iter()
        .find(|d| d.key() == text.trim().to_ascii_lowercase())
    }
}

/// How event journeys become paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConversionPaths {
    /// One path per journey: its touch points up to and including its first
    /// converting event (one conversion, that event's value); a journey that never
    /// converts is one null path. Touch points after the conversion do not count.
    #[default]
    First,
    /// One path per conversion: the touch points since the previous conversion, up
    /// to and including the converting event; touch points after the last
    /// conversion form a null path.
    Each,
}

/// One path's place in the flat storage and its counts.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PathMeta {
    start: usize,
    end: usize,
    conversions: f64,
    value: f64,
    nulls: f64,
    line: u64,
}

/// A view of one path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathRef<'a> {
    /// Channel ids in order (repeats kept).
    pub channels: &'a [u32],
    /// Age of each touch in days before the conversion (or the path's end), when timed.
    pub ages: Option<&'a [f64]>,
    pub conversions: f64,
    pub value: f64,
    pub nulls: f64,
    /// Source line (0 when unknown).
    pub line: u64,
}

/// Paths of channels with their counts; see the module documentation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttributionInput {
    /// Channel names by id.
    pub channel_names: Vec<String>,
    /// True when the paths carry touch times (time decay by days, else by steps).
    pub timed: bool,
    /// Paths refused, with their line and why.
    pub problems: Vec<Problem>,
    /// Notes on how the input was read (e.g. which events count as conversions).
    pub notes: Vec<String>,
    touches: Vec<u32>,
    ages: Vec<f64>,
    paths: Vec<PathMeta>,
}

impl AttributionInput {
    /// An empty input over `channel_names`; `timed` says whether paths carry ages.
    pub fn new(channel_names: Vec<String>, timed: bool) -> AttributionInput {
        AttributionInput { channel_names, timed, ..AttributionInput::default() }
    }

    /// Adds a path, or records a problem at `line` and skips it when it has no touch
    /// points (but counts), a count that is negative or not a number, an unknown
    /// channel id, or ages that do not match. A path with nothing to count
    /// (0 conversions, 0 nulls, 0 value) is skipped without a problem. Returns true when added.
    pub fn push_path(
        &mut self,
        channels: &[u32],
        ages: Option<&[f64]>,
        conversions: f64,
        value: f64,
        nulls: f64,
        line: u64,
    ) -> bool {
        for (name, v) in [
            ("total_conversions", conversions),
            ("total_conversion_value", value),
            ("total_null", nulls),
        ] {
            if !v.is_finite() || v < 0.0 {
                self.problems.push(Problem::new(
                    line,
                    text::t(
                        "core.attr.input.notCount",
                        "{name} {value} is not a number of 0 or more; the path is left out",
                        &[("name", &name), ("value", &v)],
                    ),
                ));
                return false;
            }
        }
        if channels.is_empty() {
            self.problems.push(Problem::new(
                line,
                text::t(
                    "core.attr.input.noTouchpoints",
                    "the path has no touch points (expected e.g. \"Search ad > Website > Checkout\"); it is left out",
                    &[],
                ),
            ));
            return false;
        }
        if conversions == 0.0 && nulls == 0.0 && value == 0.0 {
            return false;
        }
        if let Some(&bad) = channels.iter().find(|&&c| c as usize >= self.channel_names.len()) {
            self.problems.push(Problem::new(
                line,
                text::t(
                    "core.attr.input.unknownChannel",
                    "unknown channel id {id}; the path is left out",
                    &[("id", &bad)],
                ),
            ));
            return false;
        }
        if self.timed {
            match ages {
                Some(a) if a.len() == channels.len() && a.iter().all(|x| x.is_finite()) => {
                    self.ages.extend_from_slice(a)
                }
                _ => {
                    self.problems.push(Problem::new(
                        line,
                        text::t(
                            "core.attr.input.badTimes",
                            "the path's times are missing or not numbers; the path is left out",
                            &[],
                        ),
                    ));
                    return false;
                }
            }
        }
        let start = self.touches.len();
        self.touches.extend_from_slice(channels);
        self.paths.push(PathMeta {
            start,
            end: self.touches.len(),
            conversions,
            value,
            nulls,
            line,
        });
        true
    }

    /// Number of paths kept.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// True when no path was kept.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Path `i`.
    pub fn path(&self, i: usize) -> PathRef<'_> {
        let m = self.paths[i];
        PathRef {
            channels: &self.touches[m.start..m.end],
            ages: self.timed.then(|| &self.ages[m.start..m.end]),
            conversions: m.conversions,
            value: m.value,
            nulls: m.nulls,
            line: m.line,
        }
    }

    /// Every path, in input order.
    pub fn paths(&self) -> impl ExactSizeIterator<Item = PathRef<'_>> + '_ {
        (0..self.paths.len()).map(|i| self.path(i))
    }

    /// Totals over all paths: conversions, value, nulls.
    pub fn totals(&self) -> (f64, f64, f64) {
        self.paths
            .iter()
            .fold((0.0, 0.0, 0.0), |(c, v, n), p| (c + p.conversions, v + p.value, n + p.nulls))
    }

    /// Equal channel sequences aggregated (counts summed), in order of first appearance.
    pub fn table(&self) -> PathTable<'_> {
        let mut index: FxHashMap<&[u32], usize> = FxHashMap::default();
        let mut rows: Vec<TableRow> = Vec::new();
        for p in self.paths() {
            match index.get(p.channels) {
                Some(&row) => {
                    let r = &mut rows[row];
                    r.conversions += p.conversions;
                    r.value += p.value;
                    r.nulls += p.nulls;
                }
                None => {
                    index.insert(p.channels, rows.len());
                    rows.push(TableRow {
                        channels: p.channels,
                        conversions: p.conversions,
                        value: p.value,
                        nulls: p.nulls,
                    });
                }
            }
        }
        PathTable { rows }
    }
}

/// One distinct path and its summed counts.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow<'a> {
    pub channels: &'a [u32],
    pub conversions: f64,
    pub value: f64,
    pub nulls: f64,
}

/// Distinct paths with summed counts (the channels borrowed from the input).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathTable<'a> {
    pub rows: Vec<TableRow<'a>>,
}

/// Which events of a dataset are conversions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConversionRule {
    Converted,
    Value,
    None,
}

/// The channel of every event, by the chosen dimension, with the channel names.
struct ChannelOf<'a> {
    dataset: &'a Dataset,
    classification: &'a Classification,
    dimension: ChannelDimension,
}

impl ChannelOf<'_> {
    fn names(&self) -> Vec<String> {
        fn keys<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> Vec<String> {
            all.iter().map(|v| label(*v).to_string()).chain(["unclassified".to_string()]).collect()
        }
        let d = self.dataset;
        match self.dimension {
            ChannelDimension::Touchpoint => d.touchpoint_names().iter().map(String::from).collect(),
            ChannelDimension::Channel => {
                d.channel_names().iter().map(String::from).chain(["(no channel)".into()]).collect()
            }
            ChannelDimension::Kind => keys(Kind::ALL, Kind::label),
            ChannelDimension::Owner => keys(Owner::ALL, Owner::label),
            ChannelDimension::Stage => keys(Stage::ALL, Stage::label),
            ChannelDimension::Media => keys(Media::ALL, Media::label),
            ChannelDimension::Direction => keys(Direction::ALL, Direction::label),
        }
    }

    fn of(&self, i: usize) -> u32 {
        fn slot<T: PartialEq + Copy>(value: Option<T>, all: &[T]) -> u32 {
            value.and_then(|v| all.iter().position(|a| *a == v)).unwrap_or(all.len()) as u32
        }
        let d = self.dataset;
        match self.dimension {
            ChannelDimension::Touchpoint => d.touchpoint(i),
            ChannelDimension::Channel => d.channel(i).unwrap_or(d.channel_names().len() as u32),
            dimension => {
                let c = self.classification.classes_of(d, i);
                match dimension {
                    ChannelDimension::Kind => slot(c.kind, Kind::ALL),
                    ChannelDimension::Owner => slot(c.owner, Owner::ALL),
                    ChannelDimension::Stage => slot(c.stage, Stage::ALL),
                    ChannelDimension::Media => slot(c.media, Media::ALL),
                    _ => slot(c.direction, Direction::ALL),
                }
            }
        }
    }
}

const SECONDS_PER_DAY: f64 = 86_400.0;

/// The attribution input of a dataset, read through its accessors.
///
/// - Attribution path rows (`path`, `total_conversions`, …): one path per row, with
///   the row's totals; no times (time decay by steps).
/// - Event journeys: a conversion is an event with `converted` = true (or, when the
///   data has no converted column, a value above 0); its value is the event's value.
///   With [`ConversionPaths::First`] a journey gives one path, up to and including
///   its first conversion (touch points after it do not count), or one null path
///   when it never converts; with [`ConversionPaths::Each`] every conversion closes
///   a path and what follows the last one is a null path. Ages are days before the
///   conversion (before the path's last touch for a null path).
///
/// The dataset's bad rows are listed as the input's problems.
pub fn from_dataset(
    dataset: &Dataset,
    classification: &Classification,
    dimension: ChannelDimension,
    conversion_paths: ConversionPaths,
) -> AttributionInput {
    let channel = ChannelOf { dataset, classification, dimension };
    let timed = dataset.time_base() != TimeBase::Step;
    let mut input = AttributionInput::new(channel.names(), timed);
    input.problems = dataset.problems().to_vec();
    let rule = if dataset.has_column("converted") || dataset.has_converted_values() {
        ConversionRule::Converted
    } else if dataset.has_measure_values(Measure::Value) {
        ConversionRule::Value
    } else {
        ConversionRule::None
    };
    let mut path_rows = 0usize;
    let mut channels: Vec<u32> = Vec::new();
    let mut ages: Vec<f64> = Vec::new();
    let times = dataset.times();
    for journey in dataset.journeys() {
        let range = journey.range();
        if let Some(t) = dataset.path_totals(journey.id()) {
            path_rows += 1;
            channels.clear();
            channels.extend(range.clone().map(|i| channel.of(i)));
            let line = range.clone().next().map(|i| dataset.line(i)).unwrap_or(0);
            let ages = timed.then(|| vec![0.0; channels.len()]);
            input.push_path(&channels, ages.as_deref(), t.conversions, t.value, t.nulls, line);
            continue;
        }
        let mut start = range.start;
        for i in range.clone() {
            let converts = match rule {
                ConversionRule::Converted => dataset.converted(i) == Some(true),
                ConversionRule::Value => {
                    dataset.measure(Measure::Value, i).is_some_and(|v| v > 0.0)
                }
                ConversionRule::None => false,
            };
            if !converts {
                continue;
            }
            let value = dataset.measure(Measure::Value, i).unwrap_or(0.0).max(0.0);
            segment(&channel, times, start..i + 1, &mut channels, &mut ages);
            input.push_path(
                &channels,
                timed.then_some(&ages[..]),
                1.0,
                value,
                0.0,
                dataset.line(i),
            );
            start = i + 1;
            if conversion_paths == ConversionPaths::First {
                start = range.end;
                break;
            }
        }
        if start < range.end {
            segment(&channel, times, start..range.end, &mut channels, &mut ages);
            let line = dataset.line(range.end - 1);
            input.push_path(&channels, timed.then_some(&ages[..]), 0.0, 0.0, 1.0, line);
        }
    }
    if path_rows == 0 {
        input.notes.push(match rule {
            ConversionRule::Converted => text::t(
                "core.attr.note.converted",
                "A conversion is an event with converted = true; its value is the event's value.",
                &[],
            ),
            ConversionRule::Value => text::t(
                "core.attr.note.byValue",
                "The data has no converted column: a conversion is an event with a value above 0.",
                &[],
            ),
            ConversionRule::None => text::t(
                "core.attr.note.noConversionColumn",
                "The data has neither a converted nor a value column: no journey converts.",
                &[],
            ),
        });
        input.notes.push(match conversion_paths {
            ConversionPaths::First => text::t(
                "core.attr.note.pathsFirst",
                "Each journey is one path up to and including its first conversion; touch points after it do not count; a journey without one is a null path.",
                &[],
            ),
            ConversionPaths::Each => text::t(
                "core.attr.note.pathsEach",
                "Each conversion closes a path of the touch points since the previous one; touch points after a journey's last conversion form a null path.",
                &[],
            ),
        });
    }
    input
}

/// The channels of events `range` into `channels`, and their ages in days before the last one.
fn segment(
    channel: &ChannelOf,
    times: &[f64],
    range: std::ops::Range<usize>,
    channels: &mut Vec<u32>,
    ages: &mut Vec<f64>,
) {
    channels.clear();
    ages.clear();
    let end = times[range.end - 1];
    for i in range {
        channels.push(channel.of(i));
        ages.push((end - times[i]) / SECONDS_PER_DAY);
    }
}
