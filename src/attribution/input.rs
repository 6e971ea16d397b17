//! The attribution input: paths of channels with their conversions, conversion
//! value and nulls (journeys that did not convert), stored flat. Bad paths (no
//! touch points, negative or non-finite counts) are positioned problems, never
//! silently dropped. [`AttributionInput::table`] aggregates equal paths: the path
//! table holds the sufficient statistics of every model but time decay on timed
//! data, and tables of parts merge by summing.

use crate::model::Problem;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
                    format!("{name} {v} is not a number of 0 or more; the path is left out"),
                ));
                return false;
            }
        }
        if channels.is_empty() {
            self.problems.push(Problem::new(
                line,
                "the path has no touch points (expected e.g. \"Search ad > Website > Checkout\"); it is left out",
            ));
            return false;
        }
        if conversions == 0.0 && nulls == 0.0 && value == 0.0 {
            return false;
        }
        if let Some(&bad) = channels.iter().find(|&&c| c as usize >= self.channel_names.len()) {
            self.problems
                .push(Problem::new(line, format!("unknown channel id {bad}; the path is left out")));
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
                        "the path's times are missing or not numbers; the path is left out",
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
        self.paths.iter().fold((0.0, 0.0, 0.0), |(c, v, n), p| {
            (c + p.conversions, v + p.value, n + p.nulls)
        })
    }

    /// Equal channel sequences aggregated (counts summed), in order of first appearance.
    pub fn table(&self) -> PathTable {
        let mut index: HashMap<&[u32], usize> = HashMap::new();
        let mut table = PathTable::default();
        for p in self.paths() {
            match index.get(p.channels) {
                Some(&row) => {
                    let r = &mut table.rows[row];
                    r.conversions += p.conversions;
                    r.value += p.value;
                    r.nulls += p.nulls;
                }
                None => {
                    index.insert(p.channels, table.rows.len());
                    table.rows.push(TableRow {
                        channels: p.channels.to_vec(),
                        conversions: p.conversions,
                        value: p.value,
                        nulls: p.nulls,
                    });
                }
            }
        }
        table
    }
}

/// One distinct path and its summed counts.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub channels: Vec<u32>,
    pub conversions: f64,
    pub value: f64,
    pub nulls: f64,
}

/// Distinct paths with summed counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathTable {
    pub rows: Vec<TableRow>,
}
