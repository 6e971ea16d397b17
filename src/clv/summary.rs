//! The customer summary: from (customer, day, amount) purchases to each
//! customer's frequency, recency, T and monetary value in a calibration
//! period, and the repeat purchases in the holdout period after it.
//!
//! Conventions (docs/clv.md): purchases on the same calendar day (UTC) are
//! one purchase, their amounts summed. `frequency` counts the purchase days
//! after the first one up to and including the calibration end; `recency` is
//! last − first purchase day, `T` is calibration end − first purchase day,
//! both in the unit (days, or weeks of 7 days). `monetary_value` is the mean
//! amount of the repeat purchase days (the first excluded), 0 when frequency
//! is 0. Customers whose first purchase is after the calibration end are not
//! in the calibration cohort and are counted apart.

use super::special::Real;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Seconds in a day.
pub const DAY: f64 = 86_400.0;

/// The time unit of recency, T and the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Days,
    #[default]
    Weeks,
}

impl Unit {
    /// Days in one unit.
    pub fn days(self) -> f64 {
        match self {
            Unit::Days => 1.0,
            Unit::Weeks => 7.0,
        }
    }

    /// `"days"` or `"weeks"`.
    pub fn key(self) -> &'static str {
        match self {
            Unit::Days => "days",
            Unit::Weeks => "weeks",
        }
    }

    /// "days" or "weeks" in the page's language.
    pub fn text(self) -> String {
        match self {
            Unit::Days => crate::text::t("core.clv.unit.days", "days", &[]),
            Unit::Weeks => crate::text::t("core.clv.unit.weeks", "weeks", &[]),
        }
    }

    /// Reads `days` or `weeks` (also `d`, `w`, `day`, `week`).
    pub fn parse(text: &str) -> Option<Unit> {
        match text.trim().to_ascii_lowercase().as_str() {
            "days" | "day" | "d" => Some(Unit::Days),
            "weeks" | "week" | "w" => Some(Unit::Weeks),
            _ => None,
        }
    }
}

/// Every customer's purchases, merged per day: the input of the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Purchases {
    names: Vec<String>,
    index: HashMap<String, u32>,
    /// Per customer: (day, amount) sorted by day, one entry per day.
    days: Vec<Vec<(i64, f64)>>,
    /// Purchases read (before merging days).
    pub count: u64,
}

impl Purchases {
    /// No purchases.
    pub fn new() -> Purchases {
        Purchases::default()
    }

    /// Adds one purchase: `day` is days since 1970-01-01 (UTC); a missing or
    /// non-finite amount counts as 0.
    pub fn add(&mut self, customer: &str, day: i64, amount: f64) {
        let id = match self.index.get(customer) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as u32;
                self.names.push(customer.to_string());
                self.index.insert(customer.to_string(), id);
                self.days.push(Vec::new());
                id
            }
        };
        self.count += 1;
        let amount = if amount.is_finite() { amount } else { 0.0 };
        if let Some(list) = self.days.get_mut(id as usize) {
            list.push((day, amount));
        }
    }

    /// Adds a purchase at Unix seconds `time`.
    pub fn add_at(&mut self, customer: &str, time: f64, amount: f64) {
        if time.is_finite() {
            self.add(customer, (time / DAY).floor() as i64, amount);
        }
    }

    /// Sorts each customer's purchases by day and merges same-day ones (amounts summed).
    pub fn finish(mut self) -> Purchases {
        for list in &mut self.days {
            list.sort_by_key(|a| a.0);
            let mut merged: Vec<(i64, f64)> = Vec::with_capacity(list.len());
            for &(day, amount) in list.iter() {
                match merged.last_mut() {
                    Some(last) if last.0 == day => last.1 += amount,
                    _ => merged.push((day, amount)),
                }
            }
            *list = merged;
        }
        self
    }

    /// Number of customers.
    pub fn customers(&self) -> usize {
        self.names.len()
    }

    /// The name of customer `id`.
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map(String::as_str).unwrap_or("")
    }

    /// Customer `id`'s purchase days and amounts (after [`Purchases::finish`]).
    pub fn days_of(&self, id: u32) -> &[(i64, f64)] {
        self.days.get(id as usize).map(Vec::as_slice).unwrap_or(&[])
    }

    /// First and last purchase day over everybody.
    pub fn span(&self) -> Option<(i64, i64)> {
        let first = self.days.iter().filter_map(|d| d.first()).map(|d| d.0).min()?;
        let last = self.days.iter().filter_map(|d| d.last()).map(|d| d.0).max()?;
        Some((first, last))
    }
}

/// One customer of the calibration cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerSummary {
    /// Index into the purchases' customers.
    pub customer: u32,
    /// Repeat purchase days in the calibration period.
    pub frequency: u32,
    /// Last − first purchase day (unit).
    pub recency: f64,
    /// Calibration end − first purchase day (unit).
    pub t: f64,
    /// Mean amount of the repeat purchase days (0 when frequency is 0).
    pub monetary_value: f64,
    /// Amount of the first purchase day.
    pub first_amount: f64,
    /// First purchase day (days since 1970-01-01).
    pub first_day: i64,
    /// Last calibration purchase day.
    pub last_day: i64,
    /// Purchase days in the holdout period.
    pub holdout_frequency: u32,
    /// Amount spent in the holdout period.
    pub holdout_amount: f64,
    /// Discrete time for BG/BB: whole units since the first purchase up to the calibration end.
    pub periods: u32,
    /// Units 1…periods with at least one purchase.
    pub period_frequency: u32,
    /// The last such unit (0 when none).
    pub period_recency: u32,
}

/// Settings of the summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SummarySettings {
    pub unit: Unit,
    /// Last day of the calibration period (included); default the last purchase day.
    pub calibration_end: Option<i64>,
    /// Last day of the observation (holdout end); default the last purchase day.
    pub observation_end: Option<i64>,
}

/// The summary of every customer of the calibration cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub unit: Unit,
    pub calibration_end: i64,
    pub observation_end: i64,
    /// First purchase day over everybody.
    pub first_day: i64,
    pub customers: Vec<CustomerSummary>,
    /// Customers whose first purchase is after the calibration end (not in the cohort).
    pub later_customers: usize,
}

impl Summary {
    /// Holdout length in the unit (0 without a holdout).
    pub fn holdout_duration(&self) -> f64 {
        (self.observation_end - self.calibration_end).max(0) as f64 / self.unit.days()
    }

    /// True when the data runs past the calibration end.
    pub fn has_holdout(&self) -> bool {
        self.observation_end > self.calibration_end
    }

    /// The (x, tₓ, T) histogram: distinct rows with the number of customers on each.
    pub fn histogram(&self) -> Vec<HistogramRow> {
        self.histogram_index().0
    }

    /// The histogram of [`Summary::histogram`] and, per customer, the index of their row.
    pub fn histogram_index(&self) -> (Vec<HistogramRow>, Vec<u32>) {
        let unit = self.unit.days();
        let (cells, index) =
            collapse(self.customers.iter().map(|c| {
                (c.frequency, c.last_day - c.first_day, self.calibration_end - c.first_day)
            }));
        let rows = cells
            .into_iter()
            .map(|((x, r, t), weight)| HistogramRow {
                x: x as f64,
                t_x: r as f64 / unit,
                t: t as f64 / unit,
                weight,
            })
            .collect();
        (rows, index)
    }

    /// The discrete (x, tₓ, n) histogram for BG/BB, in whole units.
    pub fn period_histogram(&self) -> Vec<PeriodRow> {
        self.period_histogram_index().0
    }

    /// The histogram of [`Summary::period_histogram`] and, per customer, the index of their row.
    pub fn period_histogram_index(&self) -> (Vec<PeriodRow>, Vec<u32>) {
        let (cells, index) = collapse(
            self.customers.iter().map(|c| (c.period_frequency, c.period_recency, c.periods)),
        );
        let rows = cells.into_iter().map(|((x, t_x, n), weight)| PeriodRow { x, t_x, n, weight });
        (rows.collect(), index)
    }
}

/// Distinct keys in ascending order with how often each occurs, and the
/// index of each item's key in that list.
fn collapse<K: Ord + Copy + std::hash::Hash>(
    keys: impl Iterator<Item = K>,
) -> (Vec<(K, f64)>, Vec<u32>) {
    let mut slots: HashMap<K, u32> = HashMap::new();
    let mut cells: Vec<(K, f64)> = Vec::new();
    let index: Vec<u32> = keys
        .map(|k| {
            let slot = *slots.entry(k).or_insert_with(|| {
                cells.push((k, 0.0));
                (cells.len() - 1) as u32
            });
            cells[slot as usize].1 += 1.0;
            slot
        })
        .collect();
    // Sort the cells by key and renumber the items.
    let mut order: Vec<u32> = (0..cells.len() as u32).collect();
    order.sort_unstable_by_key(|&i| cells[i as usize].0);
    let mut rank = vec![0u32; cells.len()];
    for (new, &old) in order.iter().enumerate() {
        rank[old as usize] = new as u32;
    }
    let sorted = order.iter().map(|&i| cells[i as usize]).collect();
    (sorted, index.into_iter().map(|i| rank[i as usize]).collect())
}

/// One distinct (x, tₓ, T) of the calibration data and how many customers have it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistogramRow {
    pub x: f64,
    pub t_x: f64,
    pub t: f64,
    pub weight: f64,
}

/// The distinct times of histogram rows (tₓ and T, multiplied by a scale)
/// and each row's indexes into them, so that a likelihood's per-time terms
/// (ln(α + t), ln(β + t)) are computed once per distinct time, not per row:
/// times are whole days, so a large histogram has few of them.
#[derive(Debug, Clone, PartialEq)]
pub struct DistinctTimes {
    /// The distinct scaled times, in order of first appearance.
    pub times: Vec<f64>,
    /// Per row: the indexes of its scaled tₓ and T in `times`.
    pub index: Vec<(u32, u32)>,
}

impl DistinctTimes {
    /// The times of `rows`, multiplied by `scale`.
    pub fn new(rows: &[HistogramRow], scale: f64) -> DistinctTimes {
        let mut times = Vec::new();
        let mut seen: HashMap<u64, u32> = HashMap::new();
        let mut slot = |t: f64| -> u32 {
            *seen.entry(t.to_bits()).or_insert_with(|| {
                times.push(t);
                (times.len() - 1) as u32
            })
        };
        let index = rows.iter().map(|r| (slot(r.t_x * scale), slot(r.t * scale))).collect();
        DistinctTimes { times, index }
    }

    /// ln(c + t) for every distinct t.
    pub fn ln_plus<R: Real>(&self, c: R) -> Vec<R> {
        self.times.iter().map(|&t| (c + t).ln()).collect()
    }
}

/// One distinct discrete (x, tₓ, n) for BG/BB.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeriodRow {
    pub x: u32,
    pub t_x: u32,
    pub n: u32,
    pub weight: f64,
}

/// Builds the summary; `None` when there are no purchases.
pub fn summarize(purchases: &Purchases, settings: &SummarySettings) -> Option<Summary> {
    let (first_day, last_day) = purchases.span()?;
    let observation_end = settings.observation_end.unwrap_or(last_day);
    let calibration_end =
        settings.calibration_end.unwrap_or(observation_end).min(observation_end.max(first_day));
    let unit = settings.unit.days();
    let period = settings.unit.days() as i64;
    let mut customers = Vec::new();
    let mut later = 0;
    for id in 0..purchases.customers() as u32 {
        let days = purchases.days_of(id);
        let Some(&(first, first_amount)) = days.first() else { continue };
        if first > calibration_end {
            later += 1;
            continue;
        }
        let mut frequency = 0u32;
        let mut last = first;
        let mut repeat_sum = 0.0;
        let mut holdout_frequency = 0u32;
        let mut holdout_amount = 0.0;
        let periods = ((calibration_end - first) / period) as u32;
        let mut period_frequency = 0u32;
        let mut period_recency = 0u32;
        for &(day, amount) in &days[1..] {
            if day <= calibration_end {
                frequency += 1;
                last = day;
                repeat_sum += amount;
                let k = (((day - first) / period) as u32).min(periods);
                if k >= 1 && k != period_recency {
                    period_frequency += 1;
                    period_recency = k;
                }
            } else if day <= observation_end {
                holdout_frequency += 1;
                holdout_amount += amount;
            }
        }
        customers.push(CustomerSummary {
            customer: id,
            frequency,
            recency: (last - first) as f64 / unit,
            t: (calibration_end - first) as f64 / unit,
            monetary_value: if frequency > 0 { repeat_sum / frequency as f64 } else { 0.0 },
            first_amount,
            first_day: first,
            last_day: last,
            holdout_frequency,
            holdout_amount,
            periods,
            period_frequency,
            period_recency,
        });
    }
    Some(Summary {
        unit: settings.unit,
        calibration_end,
        observation_end,
        first_day,
        customers,
        later_customers: later,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_day_purchases_merge_and_the_first_is_not_a_repeat() {
        let mut p = Purchases::new();
        // Customer a: day 0 (two purchases), day 7, day 14 (two), day 30 (holdout).
        for (day, amount) in [(0, 10.0), (0, 5.0), (7, 20.0), (14, 1.0), (14, 3.0), (30, 8.0)] {
            p.add("a", day, amount);
        }
        p.add("b", 21, 9.0);
        p.add("c", 25, 9.0);
        let p = p.finish();
        let s = summarize(
            &p,
            &SummarySettings {
                unit: Unit::Weeks,
                calibration_end: Some(21),
                observation_end: None,
            },
        )
        .unwrap();
        assert_eq!(s.customers.len(), 2);
        assert_eq!(s.later_customers, 1);
        let a = &s.customers[0];
        assert_eq!(a.frequency, 2);
        assert_eq!(a.recency, 2.0);
        assert_eq!(a.t, 3.0);
        assert_eq!(a.monetary_value, 12.0);
        assert_eq!(a.first_amount, 15.0);
        assert_eq!(a.holdout_frequency, 1);
        assert_eq!((a.periods, a.period_frequency, a.period_recency), (3, 2, 2));
        let b = &s.customers[1];
        assert_eq!((b.frequency, b.recency, b.t, b.monetary_value), (0, 0.0, 0.0, 0.0));
        assert_eq!(s.holdout_duration(), 9.0 / 7.0);
    }
}
