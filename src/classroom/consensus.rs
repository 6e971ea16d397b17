//! The consensus timeline: how densely the students marked each part of the
//! video, with the key's marks to draw on it.

use serde::Serialize;

use super::matching::span;
use crate::model::Mark;

/// Most bins the timeline holds; wider bins are used beyond it.
pub const MAX_BINS: usize = 10_000;

/// One bin of the timeline: `[start, end)` seconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsensusBin {
    /// Start of the bin in seconds.
    pub start: f64,
    /// End of the bin in seconds.
    pub end: f64,
    /// Student marks in the bin (a point mark counts in the bin of its start,
    /// a state event in every bin its span overlaps).
    pub marks: u32,
    /// Students with at least one mark in the bin.
    pub students: u32,
    /// `students` / number of students (0 when there are none).
    pub share: f64,
}

/// A key mark drawn on the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyPosition {
    /// Start in seconds.
    pub time: f64,
    /// End in seconds for a state event.
    pub end: Option<f64>,
    /// The key's touch point name.
    pub touchpoint: String,
}

/// The consensus timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consensus {
    /// Bin width in seconds (the setting, widened if the video needs more
    /// than [`MAX_BINS`] bins).
    pub bin_width: f64,
    /// Length of the timeline in seconds.
    pub duration: f64,
    /// Number of students.
    pub students: usize,
    /// The bins, in time order, covering `[0, duration)`.
    pub bins: Vec<ConsensusBin>,
    /// The key's marks, in time order.
    pub key: Vec<KeyPosition>,
}

/// Bins the students' (usable) marks over `[0, duration)`.
pub fn consensus(key: &[Mark], students: &[Vec<Mark>], bin_width: f64, duration: f64) -> Consensus {
    let mut width = if bin_width.is_finite() && bin_width > 0.0 { bin_width } else { 1.0 };
    let duration = if duration.is_finite() && duration > 0.0 { duration } else { 0.0 };
    if duration / width > MAX_BINS as f64 {
        width = duration / MAX_BINS as f64;
    }
    let count = if duration > 0.0 { ((duration / width).ceil() as usize).max(1) } else { 0 };
    let bin_of = |t: f64| ((t / width).floor().max(0.0) as usize).min(count.saturating_sub(1));
    let mut marks = vec![0u32; count];
    let mut who = vec![0u32; count];
    if count > 0 {
        for student in students {
            let mut seen = vec![false; count];
            for m in student.iter().filter(|m| m.start.is_finite()) {
                let first = bin_of(m.start);
                let last = match span(m) {
                    Some((_, e)) => bin_of((e - 1e-9).max(m.start)).max(first),
                    None => first,
                };
                for b in first..=last {
                    marks[b] += 1;
                    seen[b] = true;
                }
            }
            for (b, s) in seen.into_iter().enumerate() {
                who[b] += s as u32;
            }
        }
    }
    let n = students.len();
    let bins = (0..count)
        .map(|b| ConsensusBin {
            start: b as f64 * width,
            end: (b + 1) as f64 * width,
            marks: marks[b],
            students: who[b],
            share: if n > 0 { who[b] as f64 / n as f64 } else { 0.0 },
        })
        .collect();
    Consensus {
        bin_width: width,
        duration,
        students: n,
        bins,
        key: key
            .iter()
            .filter(|m| m.start.is_finite())
            .map(|m| KeyPosition {
                time: m.start,
                end: span(m).map(|s| s.1),
                touchpoint: m.touchpoint.clone(),
            })
            .collect(),
    }
}
