//! The customer's value to the firm (seeds 001, 003, 004): revenue, cost to
//! serve and margin per customer (a journey is a customer), Pareto's 80/20,
//! marginal customers, a simple customer lifetime value and share of wallet.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::typed_number;
use crate::dataset::Measure;
use crate::model::{Dataset, Problem, TimeBase};
use crate::text;

/// Options of [`customer_value`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerValueSettings {
    /// Retention rate per period (0–1). `None` (default): estimated from the
    /// data (calendar time and at least two periods), else no CLV.
    pub retention: Option<f64>,
    /// Discount rate per period (≥ 0). Default 0.10.
    pub discount: f64,
    /// Margin per customer per period. `None` (default): total margin ÷
    /// customers ÷ periods observed.
    pub margin_per_period: Option<f64>,
    /// Length of a period in days (calendar data). Default 365.
    pub period_days: f64,
    /// The "top" share of customers for the Pareto figures. Default 0.2.
    pub top_share: f64,
    /// How many customers to list (highest revenue first). Default 1000.
    pub max_customers: usize,
    /// How many marginal customers to list (most negative margin first). Default 100.
    pub max_marginal: usize,
}

impl Default for CustomerValueSettings {
    fn default() -> Self {
        CustomerValueSettings {
            retention: None,
            discount: 0.10,
            margin_per_period: None,
            period_days: 365.0,
            top_share: 0.2,
            max_customers: 1000,
            max_marginal: 100,
        }
    }
}

/// One customer's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerFigures {
    /// Journey (customer) name.
    pub customer: String,
    /// Σ value of its events.
    pub revenue: f64,
    /// Σ cost of its events.
    pub cost: f64,
    /// revenue − cost.
    pub margin: f64,
    /// The customer's total spend in the category (`category_spend`, the
    /// latest value in time order), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_spend: Option<f64>,
    /// revenue / category spend, when the spend is > 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_of_wallet: Option<f64>,
    /// This customer's CLV: its margin per period × the CLV factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clv: Option<f64>,
}

/// The Pareto reading of one measure (revenue or margin).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pareto {
    /// The total of the measure over all customers.
    pub total: f64,
    /// Share of the total from the top `top_share` of customers (ranked by
    /// this measure, interpolated on the curve); `None` when the total ≤ 0.
    pub top_share_of_total: Option<f64>,
    /// Smallest share of customers (interpolated) bringing 80% of the total.
    pub customers_for_80_percent: Option<f64>,
    /// The curve: 101 points (customer share 0, 0.01 … 1; cumulative share of the total).
    pub curve: Vec<[f64; 2]>,
}

/// Inputs and result of the simple CLV = m × r / (1 + d − r).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clv {
    /// m: margin per customer per period.
    pub margin_per_period: f64,
    /// Where m came from: `"settings"` or `"data"`.
    pub margin_source: &'static str,
    /// Number of periods observed (m = total margin ÷ customers ÷ periods).
    pub periods: u64,
    /// r: retention per period; `None` when neither given nor estimable.
    pub retention: Option<f64>,
    /// Where r came from: `"settings"`, `"data"` or `"none"`.
    pub retention_source: &'static str,
    /// d: discount per period.
    pub discount: f64,
    /// r / (1 + d − r).
    pub factor: Option<f64>,
    /// m × factor.
    pub clv: Option<f64>,
    /// Why `clv` is `None`, or how r was estimated.
    pub note: String,
}

/// Share of wallet over the customers with a category spend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareOfWallet {
    /// Customers with a category spend > 0.
    pub customers: u64,
    /// Their revenue with us.
    pub revenue: f64,
    /// Their total spend in the category.
    pub category_spend: f64,
    /// revenue / category spend (aggregate share).
    pub share: f64,
    /// Mean of the customers' own shares.
    pub mean_share: f64,
}

/// The customer value report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerValueReport {
    /// Customers (journeys with at least one event).
    pub customers: u64,
    /// Σ revenue.
    pub revenue: f64,
    /// Σ cost to serve.
    pub cost: f64,
    /// Σ margin.
    pub margin: f64,
    /// Revenue per customer.
    pub revenue_per_customer: f64,
    /// Margin per customer.
    pub margin_per_customer: f64,
    /// The share of customers called "top" (settings, default 0.2).
    pub top_share: f64,
    /// Pareto of revenue (customers ranked by revenue).
    pub revenue_pareto: Pareto,
    /// Pareto of margin (customers ranked by margin; can exceed 100% when
    /// some customers lose money).
    pub margin_pareto: Pareto,
    /// Customers with margin < 0.
    pub marginal_count: u64,
    /// Σ margin of marginal customers (≤ 0).
    pub marginal_margin: f64,
    /// Marginal customers, most negative margin first, ties by name.
    pub marginal: Vec<CustomerFigures>,
    /// Customers, highest revenue first, ties by name; at most `max_customers`.
    pub list: Vec<CustomerFigures>,
    /// Simple customer lifetime value.
    pub clv: Clv,
    /// Share of wallet, when a `category_spend` column gives a spend > 0.
    pub share_of_wallet: Option<ShareOfWallet>,
    /// Plain-language statements (no cost column, …).
    pub notes: Vec<String>,
    /// Values skipped (not finite), at most 100 listed.
    pub problems: Vec<Problem>,
}

#[derive(Default)]
struct Acc {
    revenue: f64,
    cost: f64,
    spend: Option<(f64, f64)>, // (time, spend)
    periods: Vec<i64>,
}

fn pareto(mut values: Vec<f64>, top: f64) -> Pareto {
    crate::sort::sort_by(&mut values, |a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
    let total: f64 = values.iter().sum();
    if values.is_empty() || total <= 0.0 || !total.is_finite() {
        return Pareto {
            total,
            top_share_of_total: None,
            customers_for_80_percent: None,
            curve: Vec::new(),
        };
    }
    // One pass for the curve at 101 points.
    let n = values.len();
    let mut cum = Vec::with_capacity(n + 1);
    cum.push(0.0);
    for v in &values {
        cum.push(cum.last().copied().unwrap_or(0.0) + v);
    }
    let at = |x: f64| {
        let pos = (x * n as f64).clamp(0.0, n as f64);
        let whole = (pos.floor() as usize).min(n);
        let part = if whole < n { values[whole] * (pos - whole as f64) } else { 0.0 };
        (cum[whole] + part) / total
    };
    let curve: Vec<[f64; 2]> =
        (0..=100).map(|i| [i as f64 / 100.0, at(i as f64 / 100.0)]).collect();
    // Smallest customer share reaching 80%.
    let target = 0.8 * total;
    let mut customers_for_80 = None;
    for i in 0..n {
        if cum[i + 1] >= target - 1e-9 * total.abs() {
            let need = target - cum[i];
            let frac = if values[i] > 0.0 { (need / values[i]).clamp(0.0, 1.0) } else { 0.0 };
            customers_for_80 = Some((i as f64 + frac) / n as f64);
            break;
        }
    }
    Pareto {
        total,
        top_share_of_total: Some(at(top)),
        customers_for_80_percent: customers_for_80,
        curve,
    }
}

/// Revenue, cost and margin per customer, Pareto figures, marginal
/// customers, CLV and share of wallet. `None` when no event has a value.
pub fn customer_value(
    dataset: &Dataset,
    settings: &CustomerValueSettings,
) -> Option<CustomerValueReport> {
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
    let value = |i: usize| dataset.measure(Measure::Value, i);
    if !(0..dataset.len()).any(|i| finite(value(i)).is_some()) {
        return None;
    }
    let calendar = dataset.time_base() == TimeBase::Calendar;
    let period_seconds = if settings.period_days.is_finite() && settings.period_days > 0.0 {
        settings.period_days * 86_400.0
    } else {
        notes.push(text::t(
            "core.value.periodDays",
            "period_days {days} must be > 0; 365 used",
            &[("days", &typed_number(settings.period_days))],
        ));
        365.0 * 86_400.0
    };
    let t0 =
        dataset.times().iter().copied().filter(|t| t.is_finite()).fold(f64::INFINITY, f64::min);
    let period_of = |t: f64| -> Option<i64> {
        (calendar && t.is_finite() && t0.is_finite())
            .then(|| ((t - t0) / period_seconds).floor() as i64)
    };
    let mut by: BTreeMap<u32, Acc> = BTreeMap::new();
    let mut any_cost = false;
    for journey in dataset.journeys() {
        let acc = by.entry(journey.id()).or_default();
        for i in journey.range() {
            let (line, time) = (dataset.line(i), dataset.time(i));
            match value(i) {
                Some(v) if v.is_finite() => acc.revenue += v,
                Some(v) => problems.push(Problem::new(
                    line,
                    text::t(
                        "core.value.valueNaN",
                        "value {value} is not a number; skipped",
                        &[("value", &v)],
                    ),
                )),
                None => {}
            }
            match dataset.measure(Measure::Cost, i) {
                Some(v) if v.is_finite() => {
                    acc.cost += v;
                    any_cost = true;
                }
                Some(v) => problems.push(Problem::new(
                    line,
                    text::t(
                        "core.value.costNaN",
                        "cost {value} is not a number; skipped",
                        &[("value", &v)],
                    ),
                )),
                None => {}
            }
            if let Some(s) = finite(dataset.measure(Measure::CategorySpend, i)) {
                if acc.spend.is_none_or(|(t, _)| time >= t) {
                    acc.spend = Some((time, s));
                }
            }
            if let Some(p) = period_of(time) {
                acc.periods.push(p);
            }
        }
    }
    problems.truncate(100);
    if !any_cost {
        notes.push(text::t(
            "core.value.noCost",
            "no cost to serve in the data: margin equals revenue",
            &[],
        ));
    }

    // Periods and retention.
    let mut periods = 1u64;
    let mut estimated_retention = None;
    let mut retention_note = String::new();
    if calendar {
        let max_p = by.values().flat_map(|a| a.periods.iter().copied()).max().unwrap_or(0);
        periods = (max_p.max(0) + 1) as u64;
        if periods >= 2 {
            // Pooled: Σ_t |active in t and t+1| / Σ_t |active in t|, t = first … second-to-last period.
            let (mut kept, mut base) = (0u64, 0u64);
            for acc in by.values_mut() {
                crate::sort::sort(&mut acc.periods);
                acc.periods.dedup();
                for (k, &p) in acc.periods.iter().enumerate() {
                    if p < max_p {
                        base += 1;
                        if acc.periods.get(k + 1) == Some(&(p + 1)) {
                            kept += 1;
                        }
                    }
                }
            }
            if base > 0 {
                let r = kept as f64 / base as f64;
                estimated_retention = Some(r);
                retention_note = text::t(
                    "core.value.retentionEstimated",
                    "retention estimated from the data: {kept} of {base} customer-periods were followed by activity in the next period ({periods} periods of {days} days)",
                    &[
                        ("kept", &kept),
                        ("base", &base),
                        ("periods", &periods),
                        ("days", &crate::number::label_number(period_seconds / 86_400.0, 1)),
                    ],
                );
            }
        } else {
            retention_note = text::t(
                "core.value.onePeriod",
                "the data span one period only: retention cannot be estimated; give it in the settings",
                &[],
            );
        }
    } else {
        retention_note = text::t(
            "core.value.notCalendar",
            "times are not calendar dates: retention cannot be estimated; give it in the settings",
            &[],
        );
    }

    let customers = by.len() as u64;
    let mut figures: Vec<CustomerFigures> = by
        .iter()
        .map(|(j, a)| {
            let spend = a.spend.map(|(_, s)| s);
            CustomerFigures {
                customer: dataset.journey_names().name(*j).to_string(),
                revenue: a.revenue,
                cost: a.cost,
                margin: a.revenue - a.cost,
                category_spend: spend,
                share_of_wallet: spend.filter(|s| *s > 0.0).map(|s| a.revenue / s),
                clv: None,
            }
        })
        .collect();
    let revenue: f64 = figures.iter().map(|f| f.revenue).sum();
    let cost: f64 = figures.iter().map(|f| f.cost).sum();
    let margin = revenue - cost;
    let per = |v: f64| if customers > 0 { v / customers as f64 } else { 0.0 };

    // CLV.
    let (m, margin_source) = match settings.margin_per_period.filter(|m| m.is_finite()) {
        Some(m) => (m, "settings"),
        None => (per(margin) / periods as f64, "data"),
    };
    let (retention, retention_source) = match settings.retention {
        Some(r) => (Some(r), "settings"),
        None => match estimated_retention {
            Some(r) => (Some(r), "data"),
            None => (None, "none"),
        },
    };
    let d = settings.discount;
    let (factor, note) = match retention {
        None => (None, retention_note.clone()),
        Some(r) if !(r.is_finite() && (0.0..=1.0).contains(&r)) => {
            let note = text::t(
                "core.value.retentionRange",
                "retention {retention} must be between 0 and 1",
                &[("retention", &typed_number(r))],
            );
            (None, note)
        }
        Some(_) if !(d.is_finite() && d >= 0.0) => {
            let note = text::t(
                "core.value.discountNegative",
                "discount {discount} must be ≥ 0",
                &[("discount", &typed_number(d))],
            );
            (None, note)
        }
        Some(r) if 1.0 + d - r <= 0.0 => {
            let note = text::t(
                "core.value.clvUnbounded",
                "1 + discount − retention is 0: the CLV is unbounded",
                &[],
            );
            (None, note)
        }
        Some(r) => (
            Some(r / (1.0 + d - r)),
            if retention_source == "data" {
                retention_note.clone()
            } else {
                text::t("core.value.retentionSettings", "retention from the settings", &[])
            },
        ),
    };
    for f in &mut figures {
        f.clv = factor.map(|k| k * f.margin / periods as f64);
    }
    let clv = Clv {
        margin_per_period: m,
        margin_source,
        periods,
        retention,
        retention_source,
        discount: d,
        factor,
        clv: factor.map(|k| m * k),
        note,
    };

    // Share of wallet.
    let wallet: Vec<&CustomerFigures> =
        figures.iter().filter(|f| f.share_of_wallet.is_some()).collect();
    let share_of_wallet = (!wallet.is_empty()).then(|| {
        let rev: f64 = wallet.iter().map(|f| f.revenue).sum();
        let spend: f64 = wallet.iter().map(|f| f.category_spend.unwrap_or(0.0)).sum();
        ShareOfWallet {
            customers: wallet.len() as u64,
            revenue: rev,
            category_spend: spend,
            share: rev / spend,
            mean_share: wallet.iter().map(|f| f.share_of_wallet.unwrap_or(0.0)).sum::<f64>()
                / wallet.len() as f64,
        }
    });
    if figures.iter().any(|f| f.share_of_wallet.is_some_and(|s| s > 1.0)) {
        notes.push(text::t(
            "core.value.walletOver",
            "some customers' revenue exceeds their category spend (share of wallet above 100%)",
            &[],
        ));
    }

    let top = if settings.top_share.is_finite() && (0.0..=1.0).contains(&settings.top_share) {
        settings.top_share
    } else {
        notes.push(text::t(
            "core.value.topShare",
            "top_share {share} must be between 0 and 1; {used} used",
            &[
                ("share", &typed_number(settings.top_share)),
                ("used", &crate::number::decimal(0.2, 1)),
            ],
        ));
        0.2
    };
    let revenue_pareto = pareto(figures.iter().map(|f| f.revenue).collect(), top);
    let margin_pareto = pareto(figures.iter().map(|f| f.margin).collect(), top);
    if revenue_pareto.top_share_of_total.is_none() {
        notes.push(text::t(
            "core.value.noPareto",
            "total revenue is not above 0: no Pareto shares",
            &[],
        ));
    }

    let mut marginal: Vec<CustomerFigures> =
        figures.iter().filter(|f| f.margin < 0.0).cloned().collect();
    crate::sort::sort_by(&mut marginal, |a, b| {
        a.margin
            .partial_cmp(&b.margin)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.customer.cmp(&b.customer))
    });
    let marginal_count = marginal.len() as u64;
    let marginal_margin = marginal.iter().map(|f| f.margin).sum();
    marginal.truncate(settings.max_marginal);

    crate::sort::sort_by(&mut figures, |a, b| {
        b.revenue
            .partial_cmp(&a.revenue)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.customer.cmp(&b.customer))
    });
    figures.truncate(settings.max_customers);

    Some(CustomerValueReport {
        customers,
        revenue,
        cost,
        margin,
        revenue_per_customer: per(revenue),
        margin_per_customer: per(margin),
        top_share: top,
        revenue_pareto,
        margin_pareto,
        marginal_count,
        marginal_margin,
        marginal,
        list: figures,
        clv,
        share_of_wallet,
        notes,
        problems,
    })
}
