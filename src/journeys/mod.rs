//! Journey analytics: funnels ([`funnel`]), paths ([`paths`]) and the
//! customer journey map ([`journey_map`]), over a classified dataset read
//! through [`source::Source`]. Steps (touch points, classes, rule
//! conditions) are matched by [`steps`]; a funnel's options are checked by
//! [`spec`] and run per journey by [`evaluate`]. Definitions and formulas:
//! `docs/journeys.md`.

#[cfg(feature = "classroom")]
pub mod consensus;
pub mod evaluate;
pub mod funnel;
pub mod journey_map;
pub mod paths;
pub mod session;
pub mod source;
pub mod spec;
pub mod steps;

pub use funnel::{funnel, FunnelReport, FunnelStep};
pub use journey_map::{journey_map, JourneyMap, MapSettings};
pub use paths::{paths, PathSettings, PathsReport};
pub use source::Source;
pub use spec::{FunnelSpec, Order};

use crate::analysis::AnalysisSettings;
use crate::model::{Dataset, TimeBase};
use crate::report::Report;
use crate::taxonomy::Classification;

/// Adds the funnel (when asked for), the paths and the journey map to a
/// report, with the settings of `settings`. A setting that cannot be run
/// leaves its key out (the page checks settings before storing them).
pub fn add_to_report(
    report: &mut Report,
    dataset: &Dataset,
    classification: &Classification,
    settings: &AnalysisSettings,
) {
    let source = Source::new(dataset, classification);
    report.funnel = settings.funnel.as_ref().and_then(|spec| funnel(source, spec).ok());
    report.paths = paths(source, &settings.paths).ok();
    report.journey_map =
        journey_map(source, &settings.journey_map, &settings.satisfaction, &settings.engagement)
            .ok();
}

/// The median of `values` (sorted in place); `None` when empty. An even
/// count gives the mean of the two middle values.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    crate::sort::sort_by(values, |a, b| a.total_cmp(b));
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

/// A duration in words for notes: a whole number of its largest unit as "30 days", "2 hours",
/// "2 minutes", "45 seconds"; others as the crate's duration text; path
/// rows in steps.
pub fn duration_text(seconds: f64, base: TimeBase) -> String {
    use crate::text;
    if base == TimeBase::Step {
        let n = crate::number::label_number(seconds, 2);
        return text::t("core.duration.steps", "{n} steps", &[("n", &n)]);
    }
    // The largest unit that fits; in words when the duration is a whole number of it.
    let largest = [86400.0, 3600.0, 60.0].into_iter().find(|&unit| seconds >= unit);
    if seconds.is_nan() || largest.is_some_and(|unit| (seconds / unit).fract() != 0.0) {
        return crate::time::format_duration(seconds);
    }
    let n = |unit: f64| seconds / unit;
    let one = |unit: f64| n(unit) == 1.0;
    if seconds >= 86400.0 {
        return if one(86400.0) {
            text::t("core.duration.day", "1 day", &[])
        } else {
            text::t("core.duration.days", "{n} days", &[("n", &n(86400.0))])
        };
    }
    if seconds >= 3600.0 {
        return if one(3600.0) {
            text::t("core.duration.hour", "1 hour", &[])
        } else {
            text::t("core.duration.hours", "{n} hours", &[("n", &n(3600.0))])
        };
    }
    if seconds >= 60.0 {
        return if one(60.0) {
            text::t("core.duration.minute", "1 minute", &[])
        } else {
            text::t("core.duration.minutes", "{n} minutes", &[("n", &n(60.0))])
        };
    }
    if seconds == 1.0 {
        text::t("core.duration.second", "1 second", &[])
    } else {
        text::t("core.duration.seconds", "{n} seconds", &[("n", &seconds)])
    }
}

/// Bins of a time-to-convert histogram: upper bounds (exclusive) and labels.
pub struct TimeBins {
    bounds: Vec<(f64, String)>,
}

impl TimeBins {
    /// Calendar and video times: minutes to weeks; path rows: steps.
    pub fn for_base(base: TimeBase) -> TimeBins {
        use crate::text;
        const MIN: f64 = 60.0;
        const HOUR: f64 = 3600.0;
        const DAY: f64 = 86400.0;
        let bounds = if base == TimeBase::Step {
            vec![
                (1.0, text::t("core.funnel.bin.steps0", "0 steps", &[])),
                (2.0, text::t("core.funnel.bin.steps1", "1 step", &[])),
                (3.0, text::t("core.funnel.bin.steps2", "2 steps", &[])),
                (5.0, text::t("core.funnel.bin.steps3to4", "3–4 steps", &[])),
                (10.0, text::t("core.funnel.bin.steps5to9", "5–9 steps", &[])),
                (f64::INFINITY, text::t("core.funnel.bin.steps10", "10 steps or more", &[])),
            ]
        } else {
            vec![
                (MIN, text::t("core.funnel.bin.min1", "under 1 min", &[])),
                (10.0 * MIN, text::t("core.funnel.bin.min1to10", "1–10 min", &[])),
                (HOUR, text::t("core.funnel.bin.min10to60", "10–60 min", &[])),
                (6.0 * HOUR, text::t("core.funnel.bin.hours1to6", "1–6 hours", &[])),
                (DAY, text::t("core.funnel.bin.hours6to24", "6–24 hours", &[])),
                (3.0 * DAY, text::t("core.funnel.bin.days1to3", "1–3 days", &[])),
                (7.0 * DAY, text::t("core.funnel.bin.days3to7", "3–7 days", &[])),
                (30.0 * DAY, text::t("core.funnel.bin.days7to30", "7–30 days", &[])),
                (f64::INFINITY, text::t("core.funnel.bin.days30", "30 days or more", &[])),
            ]
        };
        TimeBins { bounds }
    }

    /// How many of `values` fall in each bin.
    pub fn count(&self, values: &[f64]) -> Vec<u64> {
        let mut out = vec![0u64; self.bounds.len()];
        for v in values {
            let i =
                self.bounds.iter().position(|(hi, _)| *v < *hi).unwrap_or(self.bounds.len() - 1);
            out[i] += 1;
        }
        out
    }

    /// (label, upper bound) of each bin.
    pub fn labels(&self) -> Vec<(String, f64)> {
        self.bounds.iter().map(|(hi, l)| (l.clone(), *hi)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_words_and_medians() {
        assert_eq!(duration_text(30.0 * 86400.0, TimeBase::Calendar), "30 days");
        assert_eq!(duration_text(3600.0, TimeBase::Calendar), "1 hour");
        assert_eq!(duration_text(5400.0, TimeBase::Calendar), crate::time::format_duration(5400.0));
        assert_eq!(duration_text(120.0, TimeBase::Calendar), "2 minutes");
        assert_eq!(duration_text(3.0, TimeBase::Step), "3 steps");
        assert_eq!(duration_text(45.0, TimeBase::Calendar), "45 seconds");
        assert_eq!(
            duration_text(23657.0 * 60.0, TimeBase::Calendar),
            crate::time::format_duration(23657.0 * 60.0)
        );
        assert_eq!(
            duration_text(1145202.0, TimeBase::Calendar),
            crate::time::format_duration(1145202.0)
        );
        assert_eq!(median(&mut [3.0, 1.0, 2.0, 10.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
        let bins = TimeBins::for_base(TimeBase::Calendar);
        assert_eq!(bins.count(&[0.0, 59.0, 60.0, 1e9]), vec![2, 1, 0, 0, 0, 0, 0, 0, 1]);
    }
}
