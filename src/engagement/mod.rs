//! Engagement score, RFM segments and the CRM lifecycle (acquisition,
//! retention, reacquisition), with loyalty figures — the customer side of a
//! dataset, where a journey is one customer.
//!
//! Every number here shows how it was made: scores carry their components
//! and a one-line formula, and `docs/engagement.md` states every default and
//! its grounding in the seeds.
//!
//! - [`engagement`]: 0–100 points score with classes, decay, cap and bands.
//! - [`rfm`]: recency, frequency, monetary; 1–5 scores; named segments.
//! - [`lifecycle`]: CRM stage per customer, at-risk list, per-period counts,
//!   and [`Loyalty`] (repeat share, the 80/20 check).
//! - [`customers_csv`]: one row per customer with all of the above.

pub mod dates;
pub mod lifecycle;
mod lifecycle_settings;
pub mod loyalty;
pub mod pages;
pub mod rfm;
pub mod score;

pub use lifecycle::{
    lifecycle, AtRisk, CrmStage, CustomerLifecycle, LifecycleReport, LifecycleSettings, Period,
    PeriodCounts, StageCounts,
};
pub use loyalty::{loyalty, Loyalty};
pub use pages::{engagement_page, rfm_page, CustomerPage, CustomerQuery, CustomerTable};
pub use rfm::{
    rfm, segment_for, Monetary, RfmCell, RfmCustomer, RfmReport, RfmSettings, Segment, SegmentCount,
};
pub use score::{
    engagement, engagement_scores, engagement_touches, Band, BandCount, CapHit, CapScope,
    ClassPoints, CustomerEngagement, EngagementReport, EngagementRows, EngagementSettings,
    TouchScore,
};

use crate::dataset::Measure;
use crate::model::{Dataset, TimeBase};
use serde::{Deserialize, Serialize};

/// The analysis date: an ISO date (`"2024-03-01"`, meaning 00:00 UTC of that
/// day; a time may follow) or Unix seconds. Data at or after it is ignored.
/// When absent, the default is 00:00 UTC of the day after the last event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnalysisDate {
    /// Unix seconds (UTC).
    Unix(f64),
    /// `YYYY-MM-DD` with an optional `THH:MM[:SS][Z]`.
    Iso(String),
}

/// Which events are purchases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PurchaseRule {
    /// `converted` when the data has that column (or any event has a
    /// converted value); otherwise `value`; with neither there are no purchases.
    #[default]
    Auto,
    /// Events with `converted == true`.
    Converted,
    /// Events with a `value` above 0.
    Value,
    /// Every event (a plain transactions export: one purchase per row).
    EveryEvent,
}

impl PurchaseRule {
    /// The rule `Auto` stands for on `dataset` (other rules return themselves).
    pub fn resolve(self, dataset: &Dataset) -> PurchaseRule {
        match self {
            PurchaseRule::Auto => {
                if dataset.has_column("converted") || dataset.has_converted_values() {
                    PurchaseRule::Converted
                } else {
                    PurchaseRule::Value
                }
            }
            rule => rule,
        }
    }

    /// True when event `i` of `dataset` is a purchase under this (resolved) rule.
    pub fn is_purchase(self, dataset: &Dataset, i: usize) -> bool {
        match self {
            PurchaseRule::Auto | PurchaseRule::Converted => dataset.converted(i) == Some(true),
            PurchaseRule::Value => dataset.measure(Measure::Value, i).is_some_and(|v| v > 0.0),
            PurchaseRule::EveryEvent => true,
        }
    }

    /// A sentence stating the rule, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            PurchaseRule::Auto | PurchaseRule::Converted => {
                "a purchase is an event with converted = true"
            }
            PurchaseRule::Value => {
                "a purchase is an event with a value above 0 (the data has no converted column)"
            }
            PurchaseRule::EveryEvent => "every event is a purchase (one purchase per row)",
        }
    }
}

/// The analysis instant in Unix seconds for `dataset`, and warnings.
/// Explicit dates that cannot be read fall back to the default with a warning.
pub(crate) fn analysis_instant(
    dataset: &Dataset,
    date: Option<&AnalysisDate>,
    warnings: &mut Vec<String>,
) -> f64 {
    let explicit = match date {
        Some(AnalysisDate::Unix(s)) if s.is_finite() => Some(*s),
        Some(AnalysisDate::Iso(text)) => match dates::parse_iso(text) {
            Some(s) => Some(s),
            None => {
                warnings.push(crate::text::t(
                    "core.engagement.analysisDate",
                    "analysis date {date} is not a date (YYYY-MM-DD); using the day after the last event",
                    &[("date", &format!("{text:?}"))],
                ));
                None
            }
        },
        Some(AnalysisDate::Unix(_)) => {
            warnings.push(crate::text::t(
                "core.engagement.analysisDateNumber",
                "analysis date is not a finite number; using the day after the last event",
                &[],
            ));
            None
        }
        None => None,
    };
    explicit.unwrap_or_else(|| {
        let last = dataset
            .times()
            .iter()
            .copied()
            .filter(|t| t.is_finite())
            .fold(f64::NEG_INFINITY, f64::max);
        if last.is_finite() {
            (dates::day_of(last) + 1) as f64 * dates::DAY
        } else {
            0.0
        }
    })
}

/// True when the dataset's times are calendar times.
pub(crate) fn is_calendar(dataset: &Dataset) -> bool {
    dataset.time_base() == TimeBase::Calendar
}

/// Money as whole micro-units, so sums are exact and independent of row order.
pub(crate) fn to_micros(value: Option<f64>) -> i128 {
    match value {
        Some(v) if v.is_finite() => (v.clamp(-1e15, 1e15) * 1e6).round() as i128,
        _ => 0,
    }
}

/// Micro-units back to a number.
pub(crate) fn from_micros(micros: i128) -> f64 {
    micros as f64 / 1e6
}

/// Rounds to `decimals` places (for display strings and reports).
pub(crate) fn round_to(value: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    let r = (value * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A number for CSV: up to 4 decimals, no trailing zeros, empty when not finite.
fn csv_number(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{:.4}", round_to(value, 4));
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// One row per customer with the engagement score and its components, the
/// RFM values, scores and segment, and the CRM stage — whichever reports are
/// given. Customers are sorted by name; missing parts are empty cells.
/// RFC 4180 (CRLF line ends, quoting); text cells starting with `= + - @`
/// get a leading `'` against formula injection.
pub fn customers_csv(
    engagement: Option<&EngagementReport>,
    rfm: Option<&RfmReport>,
    lifecycle: Option<&LifecycleReport>,
) -> String {
    use std::collections::BTreeMap;
    type Row<'a> =
        (Option<&'a CustomerEngagement>, Option<&'a RfmCustomer>, Option<&'a CustomerLifecycle>);
    let mut rows: BTreeMap<&str, Row> = BTreeMap::new();
    for c in engagement.map(|r| r.customers.as_slice()).unwrap_or(&[]) {
        rows.entry(&c.customer).or_default().0 = Some(c);
    }
    for c in rfm.map(|r| r.customers.as_slice()).unwrap_or(&[]) {
        rows.entry(&c.customer).or_default().1 = Some(c);
    }
    for c in lifecycle.map(|r| r.customers.as_slice()).unwrap_or(&[]) {
        rows.entry(&c.customer).or_default().2 = Some(c);
    }
    let header = [
        "customer",
        "engagement_score",
        "band",
        "touches",
        "points_base",
        "points_kind",
        "points_direction",
        "points_owner",
        "points_media",
        "points_advocacy",
        "raw_points",
        "decayed_points",
        "capped_points",
        "cap_hits",
        "formula",
        "recency_days",
        "frequency",
        "monetary",
        "r",
        "f",
        "m",
        "rfm",
        "segment",
        "stage",
        "first_purchase",
        "last_purchase",
        "purchase_days",
        "days_since_last",
        "lapse_after_days",
        "revenue",
    ];
    let mut out = header.join(",");
    out.push_str("\r\n");
    for (name, (e, r, l)) in rows {
        let mut cells: Vec<String> = vec![crate::csv_cell::guarded(name)];
        match e {
            Some(e) => {
                cells.push(csv_number(e.score));
                cells.push(crate::csv_cell::guarded(&e.band));
                cells.push(e.touches.to_string());
                for v in [
                    e.points.base,
                    e.points.kind,
                    e.points.direction,
                    e.points.owner,
                    e.points.media,
                    e.points.advocacy,
                    e.raw_points,
                    e.decayed_points,
                    e.capped_points,
                ] {
                    cells.push(csv_number(v));
                }
                let hits: Vec<String> = e
                    .cap_hits
                    .iter()
                    .map(|h| {
                        format!("{} {}→{}", h.source, csv_number(h.points), csv_number(h.kept))
                    })
                    .collect();
                cells.push(crate::csv_cell::guarded(&hits.join("; ")));
                cells.push(crate::csv_cell::guarded(&e.formula()));
            }
            None => cells.extend(std::iter::repeat_n(String::new(), 14)),
        }
        match r {
            Some(r) => {
                cells.push(r.recency_days.to_string());
                cells.push(r.frequency.to_string());
                cells.push(csv_number(r.monetary));
                cells.push(r.r.to_string());
                cells.push(r.f.to_string());
                cells.push(r.m.to_string());
                cells.push(crate::csv_cell::guarded(&r.score));
                cells.push(crate::csv_cell::guarded(r.segment.label()));
            }
            None => cells.extend(std::iter::repeat_n(String::new(), 8)),
        }
        match l {
            Some(l) => {
                cells.push(crate::csv_cell::guarded(l.stage.key()));
                cells.push(crate::csv_cell::guarded(&l.first_purchase));
                cells.push(crate::csv_cell::guarded(&l.last_purchase));
                cells.push(l.purchase_days.to_string());
                cells.push(l.days_since_last.to_string());
                cells.push(csv_number(l.lapse_after_days));
                cells.push(csv_number(l.revenue));
            }
            None => cells.extend(std::iter::repeat_n(String::new(), 7)),
        }
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_guarded() {
        assert_eq!(crate::csv_cell::guarded("plain"), "plain");
        assert_eq!(crate::csv_cell::guarded("a,b"), "\"a,b\"");
        assert_eq!(crate::csv_cell::guarded("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(crate::csv_cell::guarded("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(crate::csv_cell::guarded("@x,y"), "\"'@x,y\"");
        assert_eq!(csv_number(2.50), "2.5");
        assert_eq!(csv_number(-0.00001), "0");
        assert_eq!(csv_number(f64::NAN), "");
    }
}
