//! RFM: recency, frequency and monetary value per customer, scored 1–5 and
//! named by segment.
//!
//! - recency = analysis day − day of the last purchase, in whole UTC days;
//! - frequency = number of purchases (each purchase event counts; with
//!   `count_same_day_once`, purchases on one day count once);
//! - monetary = total (default) or mean value of the purchases (a missing
//!   value counts as 0).
//!
//! R and M are scored by quintile with the mid-rank tie rule: with `n`
//! customers, `less` of them below this value and `equal` of them at it
//! (itself included), `score = min(5, 1 + floor(5 × (less + equal ÷ 2) ÷ n))`.
//! For recency, "below" means a longer time since the last purchase (more
//! recent scores higher). Tied values always get the same score; in a
//! spreadsheet: `=MIN(5, 1+INT(5*(COUNTIF(r,"<"&x)+COUNTIF(r,x)/2)/COUNT(r)))`.
//!
//! F is anchored at the bottom: a one-time buyer always has F = 1, and the
//! repeat buyers (two or more purchases) share F = 2–5 by quartile among
//! themselves, `F = 2 + floor(4 × fewer ÷ m)` where `fewer` of the `m`
//! repeat buyers made fewer purchases — so the least frequent repeat buyers
//! always have F = 2, and ties share a score. (Frequency is the most tied
//! measure: with the mid-rank rule over all customers every one-time buyer
//! got F = 2 as soon as more than 40% buy once, emptying the "New" and
//! "Promising" segments, which are exactly the recent one-time buyers; among
//! repeat buyers the same rule emptied F = 2 whenever most bought twice.)

use super::{analysis_instant, dates, from_micros, is_calendar, round_to, to_micros, PurchaseRule};
use crate::dataset::Measure;
use crate::model::Dataset;
use serde::{Deserialize, Serialize};

/// Total or mean purchase value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Monetary {
    /// Sum of the purchase values.
    #[default]
    Total,
    /// Sum ÷ frequency.
    Mean,
}

/// RFM options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RfmSettings {
    /// Analysis date (default: the day after the last event).
    pub analysis_date: Option<super::AnalysisDate>,
    /// Which events are purchases (default auto).
    pub purchases: PurchaseRule,
    /// Total or mean (default total).
    pub monetary: Monetary,
    /// Count purchases on the same day as one (default false: every purchase counts).
    pub count_same_day_once: bool,
}

impl Default for RfmSettings {
    fn default() -> Self {
        RfmSettings {
            analysis_date: None,
            purchases: PurchaseRule::Auto,
            monetary: Monetary::Total,
            count_same_day_once: false,
        }
    }
}

/// The named RFM segments, placed on the recency × frequency score grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Segment {
    /// R 5, F 4–5.
    Champions,
    /// R 3–4, F 4–5.
    Loyal,
    /// R 4–5, F 2–3.
    PotentialLoyalist,
    /// R 5, F 1.
    New,
    /// R 4, F 1.
    Promising,
    /// R 3, F 3.
    NeedAttention,
    /// R 3, F 1–2.
    AboutToSleep,
    /// R 1–2, F 3–4.
    AtRisk,
    /// R 1–2, F 5.
    CantLoseThem,
    /// R 2, F 1–2.
    Hibernating,
    /// R 1, F 1–2.
    Lost,
}

impl Segment {
    /// Every segment, best first.
    pub const ALL: &'static [Segment] = &[
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalist,
        Segment::New,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CantLoseThem,
        Segment::Hibernating,
        Segment::Lost,
    ];

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Segment::Champions => "Champions",
            Segment::Loyal => "Loyal",
            Segment::PotentialLoyalist => "Potential loyalist",
            Segment::New => "New",
            Segment::Promising => "Promising",
            Segment::NeedAttention => "Need attention",
            Segment::AboutToSleep => "About to sleep",
            Segment::AtRisk => "At risk",
            Segment::CantLoseThem => "Can't lose them",
            Segment::Hibernating => "Hibernating",
            Segment::Lost => "Lost",
        }
    }

    /// Score ranges as text (`"R 5, F 4–5"`).
    pub fn ranges(self) -> &'static str {
        match self {
            Segment::Champions => "R 5, F 4–5",
            Segment::Loyal => "R 3–4, F 4–5",
            Segment::PotentialLoyalist => "R 4–5, F 2–3",
            Segment::New => "R 5, F 1",
            Segment::Promising => "R 4, F 1",
            Segment::NeedAttention => "R 3, F 3",
            Segment::AboutToSleep => "R 3, F 1–2",
            Segment::AtRisk => "R 1–2, F 3–4",
            Segment::CantLoseThem => "R 1–2, F 5",
            Segment::Hibernating => "R 2, F 1–2",
            Segment::Lost => "R 1, F 1–2",
        }
    }
}

/// The segment of recency score `r` and frequency score `f` (each 1–5;
/// out-of-range values are clamped).
pub fn segment_for(r: u8, f: u8) -> Segment {
    let (r, f) = (r.clamp(1, 5), f.clamp(1, 5));
    match (r, f) {
        (5, 4..=5) => Segment::Champions,
        (3..=4, 4..=5) => Segment::Loyal,
        (4..=5, 2..=3) => Segment::PotentialLoyalist,
        (5, 1) => Segment::New,
        (4, 1) => Segment::Promising,
        (3, 3) => Segment::NeedAttention,
        (3, 1..=2) => Segment::AboutToSleep,
        (1..=2, 3..=4) => Segment::AtRisk,
        (1..=2, 5) => Segment::CantLoseThem,
        (2, 1..=2) => Segment::Hibernating,
        _ => Segment::Lost,
    }
}

/// One customer's RFM values and scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RfmCustomer {
    /// Customer (journey) name.
    pub customer: String,
    /// Day of the last purchase (`YYYY-MM-DD`).
    pub last_purchase: String,
    /// Whole days from the last purchase to the analysis date.
    pub recency_days: i64,
    /// Number of purchases.
    pub frequency: u64,
    /// Total or mean purchase value.
    pub monetary: f64,
    /// Recency score 1–5 (5 = most recent).
    pub r: u8,
    /// Frequency score 1–5: 1 for one purchase, 2–5 by quartile of the repeat buyers.
    pub f: u8,
    /// Monetary score 1–5.
    pub m: u8,
    /// The three scores as text (`"545"`).
    pub score: String,
    /// Segment from R and F.
    pub segment: Segment,
}

/// Customers and revenue per segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentCount {
    /// The segment.
    pub segment: Segment,
    /// Its label.
    pub label: String,
    /// Its score ranges.
    pub ranges: String,
    /// Customers in it.
    pub customers: u64,
    /// Their summed monetary values.
    pub monetary: f64,
}

/// One cell of the recency × frequency grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RfmCell {
    /// Recency score.
    pub r: u8,
    /// Frequency score.
    pub f: u8,
    /// The cell's segment.
    pub segment: Segment,
    /// Customers in the cell.
    pub customers: u64,
    /// Mean monetary value of those customers (0 when empty).
    pub mean_monetary: f64,
}

/// The RFM report (report key `rfm`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RfmReport {
    /// Analysis date (`YYYY-MM-DD`, or a date-time when given with a time).
    pub analysis_date: String,
    /// What counted as a purchase.
    pub purchase_rule: String,
    /// Total or mean.
    pub monetary: Monetary,
    /// Whether same-day purchases counted once.
    pub count_same_day_once: bool,
    /// Customers with a purchase, by name.
    pub customers: Vec<RfmCustomer>,
    /// Customers with events but no purchase before the analysis date (not scored).
    pub customers_without_purchase: u64,
    /// Per segment, in [`Segment::ALL`] order (empty segments included).
    pub segments: Vec<SegmentCount>,
    /// 25 cells, recency 5…1 then frequency 1…5.
    pub grid: Vec<RfmCell>,
    /// Warnings.
    pub warnings: Vec<String>,
}

/// Quintile scores of `values` by the mid-rank rule; `higher_is_better`
/// false reverses the order (recency).
pub(crate) fn quintile_scores<T: PartialOrd + Copy>(
    values: &[T],
    higher_is_better: bool,
) -> Vec<u8> {
    let n = values.len() as u64;
    let mut sorted: Vec<T> = values.to_vec();
    crate::sort::sort_by(&mut sorted, |a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values
        .iter()
        .map(|v| {
            let below = sorted.partition_point(|x| x < v) as u64;
            let upto = sorted.partition_point(|x| x <= v) as u64;
            let equal = upto - below;
            let less = if higher_is_better { below } else { n - upto };
            // 1 + floor(5 × (less + equal/2) / n), in integers.
            let s = 1 + (5 * (2 * less + equal)) / (2 * n.max(1));
            s.min(5) as u8
        })
        .collect()
}

/// Frequency scores anchored at the bottom: F = 1 for a one-time buyer;
/// repeat buyers 2 + floor(4 × fewer ÷ m) by quartile among the m repeat
/// buyers, so the least frequent of them always have F = 2.
pub(crate) fn frequency_scores(frequency: &[u64]) -> Vec<u8> {
    let mut repeat: Vec<u64> = frequency.iter().copied().filter(|&f| f >= 2).collect();
    crate::sort::sort(&mut repeat);
    let m = repeat.len() as u64;
    frequency
        .iter()
        .map(|&f| {
            if f < 2 {
                return 1;
            }
            let fewer = repeat.partition_point(|&x| x < f) as u64;
            // fewer < m, so this is at most 2 + 3 = 5.
            (2 + (4 * fewer) / m.max(1)).min(5) as u8
        })
        .collect()
}

/// Per-customer purchase summary, shared with the lifecycle and loyalty.
pub(crate) struct Purchases {
    /// Customer id, first day, last day, purchase events, distinct purchase
    /// days, value in micro-units; by customer name.
    pub rows: Vec<PurchaseRow>,
    /// Customers with counted events but no purchase.
    pub without_purchase: u64,
    /// Analysis instant and day.
    pub instant: f64,
    /// Analysis day.
    pub day: i64,
    /// The resolved rule.
    pub rule: PurchaseRule,
    /// Warnings.
    pub warnings: Vec<String>,
}

/// One customer's purchases.
pub(crate) struct PurchaseRow {
    pub customer: String,
    /// Distinct purchase days, ascending.
    pub days: Vec<i64>,
    pub events: u64,
    pub micros: i128,
}

/// Collects purchases before the analysis date per customer. `None` for
/// non-calendar data or when there is no purchase.
pub(crate) fn collect_purchases(
    dataset: &Dataset,
    rule: PurchaseRule,
    date: Option<&super::AnalysisDate>,
) -> Option<Purchases> {
    if !is_calendar(dataset) {
        return None;
    }
    let mut warnings = Vec::new();
    let instant = analysis_instant(dataset, date, &mut warnings);
    let day = dates::day_of(instant);
    let rule = rule.resolve(dataset);
    let mut active = 0u64;
    let mut items: Vec<(u32, i64, i128)> = Vec::new();
    let mut skipped = 0u64;
    for journey in dataset.journeys() {
        let mut seen = false;
        for i in journey.range() {
            let time = dataset.time(i);
            if !time.is_finite() {
                skipped += 1;
                continue;
            }
            if time >= instant {
                continue;
            }
            seen = true;
            if rule.is_purchase(dataset, i) {
                let value = to_micros(dataset.measure(Measure::Value, i));
                items.push((journey.id(), dates::day_of(time), value));
            }
        }
        active += seen as u64;
    }
    if skipped > 0 {
        warnings.push(crate::text::t(
            "core.rfm.skipped",
            "{n} events skipped (time missing or not a number, or unknown customer)",
            &[("n", &skipped)],
        ));
    }
    if items.is_empty() {
        return None;
    }
    crate::sort::sort(&mut items);
    let mut rows: Vec<PurchaseRow> = Vec::new();
    let mut current: Option<u32> = None;
    for (j, d, v) in items {
        if current != Some(j) {
            current = Some(j);
            rows.push(PurchaseRow {
                customer: dataset.journey_names().name(j).to_string(),
                days: Vec::new(),
                events: 0,
                micros: 0,
            });
        }
        // A row was pushed above for this customer; `else` cannot happen.
        let Some(row) = rows.last_mut() else { continue };
        row.events += 1;
        row.micros += v;
        if row.days.last() != Some(&d) {
            row.days.push(d);
        }
    }
    let buyers = rows.len() as u64;
    crate::sort::sort_by(&mut rows, |a, b| a.customer.cmp(&b.customer));
    Some(Purchases {
        rows,
        without_purchase: active.saturating_sub(buyers),
        instant,
        day,
        rule,
        warnings,
    })
}

/// RFM of every customer with a purchase before the analysis date. `None`
/// when there are no purchases or the times are not calendar times.
pub fn rfm(dataset: &Dataset, settings: &RfmSettings) -> Option<RfmReport> {
    let p = collect_purchases(dataset, settings.purchases, settings.analysis_date.as_ref())?;
    let recency: Vec<i64> =
        p.rows.iter().map(|r| p.day - r.days.last().copied().unwrap_or(p.day)).collect();
    let frequency: Vec<u64> = p
        .rows
        .iter()
        .map(|r| if settings.count_same_day_once { r.days.len() as u64 } else { r.events })
        .collect();
    // Monetary compared exactly: totals in micro-units; means as totals ÷ frequency.
    let monetary: Vec<f64> = p
        .rows
        .iter()
        .zip(&frequency)
        .map(|(r, &f)| match settings.monetary {
            Monetary::Total => from_micros(r.micros),
            Monetary::Mean => from_micros(r.micros) / f.max(1) as f64,
        })
        .collect();
    let rs = quintile_scores(&recency, false);
    let fs = frequency_scores(&frequency);
    let ms = quintile_scores(&monetary, true);
    let mut customers = Vec::with_capacity(p.rows.len());
    for (i, row) in p.rows.iter().enumerate() {
        customers.push(RfmCustomer {
            customer: row.customer.clone(),
            last_purchase: dates::format_day(row.days.last().copied().unwrap_or(p.day)),
            recency_days: recency[i],
            frequency: frequency[i],
            monetary: round_to(monetary[i], 6),
            r: rs[i],
            f: fs[i],
            m: ms[i],
            score: format!("{}{}{}", rs[i], fs[i], ms[i]),
            segment: segment_for(rs[i], fs[i]),
        });
    }
    let segments = Segment::ALL
        .iter()
        .map(|&s| {
            let members: Vec<&RfmCustomer> = customers.iter().filter(|c| c.segment == s).collect();
            SegmentCount {
                segment: s,
                label: s.label().to_string(),
                ranges: s.ranges().to_string(),
                customers: members.len() as u64,
                monetary: round_to(members.iter().map(|c| c.monetary).sum(), 6),
            }
        })
        .collect();
    let mut grid = Vec::with_capacity(25);
    for r in (1..=5u8).rev() {
        for f in 1..=5u8 {
            let members: Vec<&RfmCustomer> =
                customers.iter().filter(|c| c.r == r && c.f == f).collect();
            let n = members.len();
            grid.push(RfmCell {
                r,
                f,
                segment: segment_for(r, f),
                customers: n as u64,
                mean_monetary: if n > 0 {
                    round_to(members.iter().map(|c| c.monetary).sum::<f64>() / n as f64, 6)
                } else {
                    0.0
                },
            });
        }
    }
    Some(RfmReport {
        analysis_date: super::score::date_text(p.instant, p.day),
        purchase_rule: p.rule.describe().to_string(),
        monetary: settings.monetary,
        count_same_day_once: settings.count_same_day_once,
        customers,
        customers_without_purchase: p.without_purchase,
        segments,
        grid,
        warnings: p.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_with_ties() {
        assert_eq!(quintile_scores(&[1, 2, 3, 4, 5], true), vec![1, 2, 3, 4, 5]);
        assert_eq!(quintile_scores(&[5, 4, 3, 2, 1], false), vec![1, 2, 3, 4, 5]);
        assert_eq!(quintile_scores(&[7, 7, 7], true), vec![3, 3, 3]);
        assert_eq!(quintile_scores(&[1, 1, 1, 2], true), vec![2, 2, 2, 5]);
        assert_eq!(quintile_scores::<u64>(&[], true), Vec::<u8>::new());
    }

    #[test]
    fn one_time_buyers_stay_at_f_1() {
        assert_eq!(
            frequency_scores(&[1, 1, 1, 1, 1, 1, 2, 3, 4, 5]),
            [1, 1, 1, 1, 1, 1, 2, 3, 4, 5]
        );
        assert_eq!(frequency_scores(&[1, 1, 1]), [1, 1, 1]);
        assert_eq!(frequency_scores(&[2, 2, 1]), [2, 2, 1]);
        assert_eq!(frequency_scores(&[2, 3, 4, 5, 6, 7, 8, 9]), [2, 2, 3, 3, 4, 4, 5, 5]);
        // Most repeat buyers bought twice: they are F 2, not lifted by their number.
        assert_eq!(frequency_scores(&[2, 2, 2, 2, 2, 3, 3, 9]), [2, 2, 2, 2, 2, 4, 4, 5]);
        assert_eq!(frequency_scores(&[]), Vec::<u8>::new());
    }

    #[test]
    fn grid_has_every_segment() {
        let mut seen = std::collections::BTreeSet::new();
        for r in 1..=5 {
            for f in 1..=5 {
                seen.insert(segment_for(r, f));
            }
        }
        assert_eq!(seen.len(), Segment::ALL.len());
    }
}
