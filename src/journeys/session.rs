//! The journey analyses of an [`Analysis`]: run a funnel, paths or the
//! journey map with new settings (the report keeps the result, so exports
//! hold what the page shows), and the choices a funnel builder offers.

use super::steps::Dimension;
use super::{funnel, journey_map, paths, FunnelSpec, MapSettings, PathSettings, Source};
use crate::analysis::Analysis;
use crate::error::Result;
use serde::Serialize;

/// What a step can be: touch point names (most events first), channels,
/// and the values of each class dimension.
#[derive(Debug, Clone, Serialize)]
pub struct StepChoices {
    pub touchpoints: Vec<String>,
    pub channels: Vec<String>,
    /// (dimension, [(key, label)]) with "unclassified" last.
    pub classes: Vec<(&'static str, Vec<(&'static str, &'static str)>)>,
    /// True when some event has converted = true (the converted segment exists).
    pub has_conversions: bool,
    /// True when some event has both a rating and an expectation.
    pub has_ratings: bool,
}

impl Analysis {
    fn source(&self) -> Source<'_> {
        Source::new(&self.dataset, &self.classification)
    }

    /// Runs `spec` (or clears the funnel with `None`) and keeps it in the settings and the report.
    pub fn set_funnel(&mut self, spec: Option<FunnelSpec>) -> Result<()> {
        let result = match &spec {
            Some(s) => Some(funnel(self.source(), s)?),
            None => None,
        };
        self.report.funnel = result;
        self.settings.funnel = spec;
        Ok(())
    }

    /// Recomputes the paths with `settings`.
    pub fn set_paths(&mut self, settings: PathSettings) -> Result<()> {
        self.report.paths = Some(paths(self.source(), &settings)?);
        self.settings.paths = settings;
        Ok(())
    }

    /// Redraws the journey map with `settings`.
    pub fn set_journey_map(&mut self, settings: MapSettings) -> Result<()> {
        let s = &self.settings;
        self.report.journey_map =
            Some(journey_map(self.source(), &settings, &s.satisfaction, &s.engagement)?);
        self.settings.journey_map = settings;
        Ok(())
    }

    /// The choices of a step picker.
    pub fn step_choices(&self) -> StepChoices {
        let d = &self.dataset;
        let mut has_conversions = false;
        let mut has_ratings = false;
        let source = self.source();
        for j in d.journeys() {
            for i in j.range() {
                has_conversions |= source.converted(i) == Some(true);
                if !has_ratings {
                    has_ratings = matches!(source.rating(i), (Some(_), Some(_)));
                }
            }
        }
        StepChoices {
            touchpoints: self.report.by_touchpoint.iter().map(|t| t.touchpoint.clone()).collect(),
            channels: d.channel_names().iter().map(str::to_string).collect(),
            classes: Dimension::ALL
                .iter()
                .map(|dim| {
                    let mut values: Vec<(&'static str, &'static str)> =
                        dim.keys().into_iter().map(|k| (k, dim.label_of(Some(k)))).collect();
                    values.push(("unclassified", "unclassified"));
                    (dim.name(), values)
                })
                .collect(),
            has_conversions,
            has_ratings,
        }
    }

    /// Journey names containing `filter` (case-insensitive), at most `limit`, in id order.
    pub fn journey_names(&self, filter: &str, limit: usize) -> Vec<String> {
        let needle = filter.trim().to_lowercase();
        self.dataset
            .journey_names()
            .iter()
            .filter(|n| needle.is_empty() || n.to_lowercase().contains(&needle))
            .take(limit.clamp(1, 1000))
            .map(str::to_string)
            .collect()
    }
}
