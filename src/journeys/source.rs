//! The one place the journey analyses read a dataset: through its accessors
//! (journeys as contiguous event ranges, columns by event index, classes
//! from the classification), never its storage.

use crate::model::{Classes, Dataset, Names, TimeBase};
use crate::taxonomy::Classification;
use std::ops::Range;

/// A classified dataset as the funnel, paths and journey map read it.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub dataset: &'a Dataset,
    pub classification: &'a Classification,
}

impl<'a> Source<'a> {
    /// A classified dataset.
    pub fn new(dataset: &'a Dataset, classification: &'a Classification) -> Source<'a> {
        Source { dataset, classification }
    }

    /// How times are measured.
    pub fn time_base(&self) -> TimeBase {
        self.dataset.time_base
    }

    /// Every journey: (id, its events' index range), in id order.
    pub fn journeys(&self) -> Vec<(u32, Range<usize>)> {
        let events = &self.dataset.events;
        let mut out = Vec::new();
        let mut start = 0;
        while start < events.len() {
            let j = events[start].journey;
            let mut end = start + 1;
            while end < events.len() && events[end].journey == j {
                end += 1;
            }
            out.push((j, start..end));
            start = end;
        }
        out
    }

    /// The name of journey `id`.
    pub fn journey_name(&self, id: u32) -> &'a str {
        self.dataset.journeys.name(id)
    }

    /// Touch point names.
    pub fn touchpoint_names(&self) -> &'a Names {
        &self.dataset.touchpoints
    }

    /// Channel names.
    pub fn channel_names(&self) -> &'a Names {
        &self.dataset.channels
    }

    /// Touch point id of event `i`.
    pub fn touchpoint(&self, i: usize) -> u32 {
        self.dataset.events[i].touchpoint
    }

    /// Time of event `i` (seconds, see [`Source::time_base`]).
    pub fn time(&self, i: usize) -> f64 {
        self.dataset.events[i].time
    }

    /// Channel id of event `i`.
    pub fn channel(&self, i: usize) -> Option<u32> {
        self.dataset.events[i].channel
    }

    /// Final classes of event `i`.
    pub fn classes(&self, i: usize) -> Classes {
        self.classification.classes.get(i).copied().unwrap_or(self.dataset.events[i].given)
    }

    /// The classes the rules give a touch point (a data column may override them per event).
    pub fn touchpoint_classes(&self, touchpoint: u32) -> Classes {
        self.classification
            .by_touchpoint
            .get(touchpoint as usize)
            .map(|d| d.classes)
            .unwrap_or_default()
    }

    /// Whether event `i` converts.
    pub fn converted(&self, i: usize) -> Option<bool> {
        self.dataset.events[i].converted
    }

    /// Rating and expectation of event `i`.
    pub fn rating(&self, i: usize) -> (Option<f64>, Option<f64>) {
        let e = &self.dataset.events[i];
        (e.rating, e.expectation)
    }
}
