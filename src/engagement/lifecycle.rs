//! The CRM process per customer (seed 001): acquisition, retention and
//! reacquisition at the analysis date, an at-risk list, and per-period
//! counts of new, returning, resurrecting and dormant customers.
//!
//! Per customer, on distinct purchase days before the analysis date:
//! - usual gap = (last day − first day) ÷ (purchase days − 1), for repeat
//!   customers (two or more purchase days);
//! - lapse after = `lapse_k` × usual gap, or `one_time_lapse_days` for a
//!   one-time buyer;
//! - **reacquisition** when days since the last purchase > lapse after
//!   ("in jeopardy of being lost");
//! - otherwise **acquisition** when the first purchase is within
//!   `new_window_days` of the analysis date or the customer bought on one day only;
//! - otherwise **retention** (repeat and active).

use super::loyalty::{loyalty_of, Loyalty};
use super::rfm::collect_purchases;
use super::{dates, from_micros, round_to};
use crate::model::Dataset;
use serde::{Deserialize, Serialize};

pub use super::lifecycle_settings::{LifecycleSettings, Period};

/// The CRM stage of a customer at the analysis date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrmStage {
    /// New and active.
    Acquisition,
    /// Repeat and active.
    Retention,
    /// Lapsed: to be won back.
    Reacquisition,
}

impl CrmStage {
    /// Stable key (`"reacquisition"`).
    pub fn key(self) -> &'static str {
        match self {
            CrmStage::Acquisition => "acquisition",
            CrmStage::Retention => "retention",
            CrmStage::Reacquisition => "reacquisition",
        }
    }
}

/// One customer's lifecycle figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerLifecycle {
    /// Customer (journey) name.
    pub customer: String,
    /// Stage at the analysis date.
    pub stage: CrmStage,
    /// First purchase day.
    pub first_purchase: String,
    /// Last purchase day.
    pub last_purchase: String,
    /// Distinct purchase days.
    pub purchase_days: u64,
    /// Purchase events.
    pub purchases: u64,
    /// Sum of purchase values.
    pub revenue: f64,
    /// Whole days from the last purchase to the analysis date.
    pub days_since_last: i64,
    /// Mean days between purchase days (repeat customers).
    pub usual_gap_days: Option<f64>,
    /// Days without a purchase after which the customer counts as lapsed.
    pub lapse_after_days: f64,
    /// Active but past their usual gap (or past half the one-time window).
    pub overdue: bool,
}

/// A customer on the at-risk list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AtRisk {
    /// Customer name.
    pub customer: String,
    /// `"lapsed"` (reacquisition) or `"overdue"` (active, past the usual gap).
    pub risk: String,
    /// Days since the last purchase.
    pub days_since_last: i64,
    /// The customer's lapse threshold in days.
    pub lapse_after_days: f64,
    /// Value at stake: the customer's revenue to date.
    pub value_at_stake: f64,
}

/// Customers per stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct StageCounts {
    /// New and active.
    pub acquisition: u64,
    /// Repeat and active.
    pub retention: u64,
    /// Lapsed.
    pub reacquisition: u64,
}

/// Counts of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodCounts {
    /// Label: `YYYY-MM`, or the Monday `YYYY-MM-DD` of a week.
    pub period: String,
    /// First purchase in this period.
    pub new: u64,
    /// Bought in this period and in the previous one.
    pub returning: u64,
    /// Bought in this period, not in the previous one, but earlier.
    pub resurrecting: u64,
    /// Bought in the previous period, not in this one.
    pub dormant: u64,
}

/// The lifecycle report (report key `lifecycle`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LifecycleReport {
    /// Analysis date.
    pub analysis_date: String,
    /// What counted as a purchase.
    pub purchase_rule: String,
    /// Period of `periods`.
    pub period: Period,
    /// Customers with a purchase, by name.
    pub customers: Vec<CustomerLifecycle>,
    /// Customers per stage.
    pub stages: StageCounts,
    /// Lapsed then overdue customers, by value at stake (descending), ties by
    /// name; at most `at_risk_limit`.
    pub at_risk: Vec<AtRisk>,
    /// Length of the full at-risk list.
    pub at_risk_total: u64,
    /// Per period from the first purchase to the analysis date.
    pub periods: Vec<PeriodCounts>,
    /// Loyalty figures.
    pub loyalty: Loyalty,
    /// Warnings.
    pub warnings: Vec<String>,
}

/// Longest run of periods reported (the latest ones are kept).
const MAX_PERIODS: i64 = 2000;

fn finite_or(v: f64, default: f64) -> f64 {
    if v.is_finite() && v >= 0.0 {
        v
    } else {
        default
    }
}

/// Lifecycle of every customer with a purchase before the analysis date.
/// `None` when there are no purchases or times are not calendar times.
pub fn lifecycle(dataset: &Dataset, settings: &LifecycleSettings) -> Option<LifecycleReport> {
    let p = collect_purchases(dataset, settings.purchases, settings.analysis_date.as_ref())?;
    let mut warnings = p.warnings.clone();
    let k = finite_or(settings.lapse_k, 2.0);
    let one_time = finite_or(settings.one_time_lapse_days, 180.0);
    let new_window = finite_or(settings.new_window_days, 90.0);
    if k != settings.lapse_k
        || one_time != settings.one_time_lapse_days
        || new_window != settings.new_window_days
    {
        warnings.push(crate::text::t(
            "core.lifecycle.setting",
            "a lifecycle setting was not a number ≥ 0; its default was used",
            &[],
        ));
    }
    let mut customers = Vec::with_capacity(p.rows.len());
    let mut stages = StageCounts::default();
    let mut at_risk = Vec::new();
    for row in &p.rows {
        let (Some(&first), Some(&last)) = (row.days.first(), row.days.last()) else { continue };
        let since = p.day - last;
        let since_first = p.day - first;
        let n_days = row.days.len() as u64;
        let usual_gap = (n_days >= 2).then(|| (last - first) as f64 / (n_days - 1) as f64);
        let lapse_after = round_to(usual_gap.map(|g| k * g).unwrap_or(one_time), 6);
        let stage = if since as f64 > lapse_after {
            stages.reacquisition += 1;
            CrmStage::Reacquisition
        } else if since_first as f64 <= new_window || n_days < 2 {
            stages.acquisition += 1;
            CrmStage::Acquisition
        } else {
            stages.retention += 1;
            CrmStage::Retention
        };
        let overdue = stage != CrmStage::Reacquisition
            && match usual_gap {
                Some(g) => since as f64 > g,
                None => since as f64 > one_time / 2.0,
            };
        let revenue = round_to(from_micros(row.micros), 6);
        if stage == CrmStage::Reacquisition || overdue {
            at_risk.push(AtRisk {
                customer: row.customer.clone(),
                risk: if overdue { "overdue" } else { "lapsed" }.to_string(),
                days_since_last: since,
                lapse_after_days: lapse_after,
                value_at_stake: revenue,
            });
        }
        customers.push(CustomerLifecycle {
            customer: row.customer.clone(),
            stage,
            first_purchase: dates::format_day(first),
            last_purchase: dates::format_day(last),
            purchase_days: n_days,
            purchases: row.events,
            revenue,
            days_since_last: since,
            usual_gap_days: usual_gap.map(|g| round_to(g, 6)),
            lapse_after_days: lapse_after,
            overdue,
        });
    }
    crate::sort::sort_by(&mut at_risk, |a, b| {
        (a.risk != "lapsed")
            .cmp(&(b.risk != "lapsed"))
            .then(b.value_at_stake.total_cmp(&a.value_at_stake))
            .then_with(|| a.customer.cmp(&b.customer))
    });
    let at_risk_total = at_risk.len() as u64;
    at_risk.truncate(settings.at_risk_limit);

    // Per-period counts.
    let index = |day: i64| match settings.period {
        Period::Week => dates::week_index(day),
        Period::Month => dates::month_index(day),
    };
    let last_data_day = (p.instant / dates::DAY).ceil() as i64 - 1;
    let end = index(last_data_day.min(p.day));
    let start_all =
        p.rows.iter().filter_map(|r| r.days.first()).map(|&d| index(d)).min().unwrap_or(end);
    let start = if end - start_all + 1 > MAX_PERIODS {
        warnings.push(crate::text::t(
            "core.lifecycle.periods",
            "more than {max} periods; only the latest {max} are counted",
            &[("max", &MAX_PERIODS)],
        ));
        end - MAX_PERIODS + 1
    } else {
        start_all
    };
    let len = (end - start + 1).max(0) as usize;
    let mut counts = vec![[0u64; 4]; len];
    let slot = |i: i64| (i >= start && i <= end).then(|| (i - start) as usize);
    for row in &p.rows {
        let mut ps: Vec<i64> = row.days.iter().map(|&d| index(d)).collect();
        ps.dedup();
        for (j, &pi) in ps.iter().enumerate() {
            if let Some(s) = slot(pi) {
                let c = if j == 0 {
                    0
                } else if ps[j - 1] == pi - 1 {
                    1
                } else {
                    2
                };
                counts[s][c] += 1;
            }
            if ps.get(j + 1) != Some(&(pi + 1)) {
                if let Some(s) = slot(pi + 1) {
                    counts[s][3] += 1;
                }
            }
        }
    }
    let periods = counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let pi = start + i as i64;
            PeriodCounts {
                period: match settings.period {
                    Period::Week => dates::format_day(dates::week_first_day(pi)),
                    Period::Month => dates::format_month(dates::month_first_day(pi)),
                },
                new: c[0],
                returning: c[1],
                resurrecting: c[2],
                dormant: c[3],
            }
        })
        .collect();
    Some(LifecycleReport {
        analysis_date: super::score::date_text(p.instant, p.day),
        purchase_rule: p.rule.describe().to_string(),
        period: settings.period,
        customers,
        stages,
        at_risk,
        at_risk_total,
        periods,
        loyalty: loyalty_of(&p.rows),
        warnings,
    })
}
