//! The CLV charts, one file per chart family: the tracking plot
//! ([`tracking`]), calibration against holdout ([`holdout`]), the P(alive)
//! heat map ([`alive_map`]) and the CLV distribution ([`distribution`]).
//! Each takes the CLV report's data and returns SVG.

pub mod alive_map;
pub mod distribution;
pub mod holdout;
pub mod tracking;

use crate::clv::ClvReport;
use serde::Serialize;

/// The time unit (`weeks`, `days`) in the page's language, as the charts write it.
pub(crate) fn unit_text(unit: &str) -> String {
    match unit {
        "days" | "weeks" => crate::clv::Unit::parse(unit).map_or_else(String::new, |u| u.text()),
        other => other.to_string(),
    }
}

/// The CLV charts of a report, as SVG strings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClvCharts {
    pub tracking: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holdout: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alive: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution: Option<String>,
}

/// Every CLV chart of `report` (the model shown is the report's chosen model).
pub fn charts(report: &ClvReport) -> ClvCharts {
    ClvCharts {
        tracking: tracking::tracking_chart("clv-tracking", report),
        holdout: (!report.calibration_holdout.is_empty())
            .then(|| holdout::holdout_chart("clv-holdout", report)),
        alive: report
            .alive_matrix
            .as_ref()
            .map(|m| alive_map::alive_map("clv-alive", m, report.unit.key())),
        distribution: report
            .clv_distribution
            .as_ref()
            .map(|d| distribution::distribution_chart("clv-distribution", d, report.months)),
    }
}
