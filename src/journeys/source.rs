//! The one place the journey analyses read a dataset: through its accessors
//! (journeys as contiguous event ranges, columns by event index, classes
//! from the classification), never its storage.

use crate::dataset::{Journey, Measure};
use crate::model::{Classes, Dataset, Names, TimeBase};
use crate::taxonomy::Classification;

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
        self.dataset.time_base()
    }

    /// Every journey, in id order.
    pub fn journeys(&self) -> impl Iterator<Item = Journey<'a>> + 'a {
        self.dataset.journeys()
    }

    /// The name of journey `id`.
    pub fn journey_name(&self, id: u32) -> &'a str {
        self.dataset.journey_names().name(id)
    }

    /// Touch point names.
    pub fn touchpoint_names(&self) -> &'a Names {
        self.dataset.touchpoint_names()
    }

    /// Channel names.
    pub fn channel_names(&self) -> &'a Names {
        self.dataset.channel_names()
    }

    /// Touch point id of event `i`.
    pub fn touchpoint(&self, i: usize) -> u32 {
        self.dataset.touchpoint(i)
    }

    /// Time of event `i` (seconds, see [`Source::time_base`]).
    pub fn time(&self, i: usize) -> f64 {
        self.dataset.time(i)
    }

    /// Channel id of event `i`.
    pub fn channel(&self, i: usize) -> Option<u32> {
        self.dataset.channel(i)
    }

    /// Final classes of event `i`.
    pub fn classes(&self, i: usize) -> Classes {
        self.classification.classes_of(self.dataset, i)
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
        self.dataset.converted(i)
    }

    /// Rating and expectation of event `i`.
    pub fn rating(&self, i: usize) -> (Option<f64>, Option<f64>) {
        (self.dataset.measure(Measure::Rating, i), self.dataset.measure(Measure::Expectation, i))
    }
}
