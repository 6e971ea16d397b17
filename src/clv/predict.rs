//! Predictions per distinct history, not per customer: customers who share
//! (x, tₓ, T) — or BG/BB's (x, tₓ, n) — share P(alive) and every conditional
//! expectation, so they are computed once per row of the histogram the model
//! was fitted on. The part of an expectation that does not depend on tₓ (the
//! horizon factor of BG/NBD, MBG/NBD and Pareto/NBD given (x, T), BG/BB's
//! survival sum given n) is computed once per distinct (x, T) or n and horizon.
//! The numbers are those of [`Fitted::p_alive`] and [`Fitted::expected`].

use super::bg_bb::BgBb;
use super::report::Fitted;
use super::summary::{HistogramRow, PeriodRow};
use std::collections::HashMap;

/// One model's predictions per histogram row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowPredictions {
    /// P(alive) per row (0 where it cannot be computed).
    pub p_alive: Vec<f64>,
    /// `expected[h][row]`: expected purchases over `horizons[h]` (0 where it cannot be computed).
    pub expected: Vec<Vec<f64>>,
}

/// Distinct keys of `items` in order of first appearance, and each item's index among them.
fn distinct<K: std::hash::Hash + Eq + Copy>(items: impl Iterator<Item = K>) -> (Vec<K>, Vec<u32>) {
    let mut seen: HashMap<K, u32> = HashMap::new();
    let mut keys = Vec::new();
    let index = items
        .map(|k| {
            *seen.entry(k).or_insert_with(|| {
                keys.push(k);
                (keys.len() - 1) as u32
            })
        })
        .collect();
    (keys, index)
}

fn finite_or_zero(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// P(alive) and the expected purchases over each of `horizons` for every row of
/// `rows` (BG/NBD, MBG/NBD, Pareto/NBD) or `periods` (BG/BB).
pub fn predict(
    f: &Fitted,
    rows: &[HistogramRow],
    periods: &[PeriodRow],
    horizons: &[f64],
) -> RowPredictions {
    match f {
        Fitted::Bg(m) => {
            let (keys, index) = distinct(rows.iter().map(|r| (r.x.to_bits(), r.t.to_bits())));
            let raw: Vec<f64> = rows.iter().map(|r| m.p_alive(r.x, r.t_x, r.t)).collect();
            let expected = horizons
                .iter()
                .map(|&h| {
                    if h <= 0.0 {
                        return vec![0.0; rows.len()];
                    }
                    let factors: Vec<Option<f64>> = keys
                        .iter()
                        .map(|&(x, t)| m.alive_factor(h, f64::from_bits(x), f64::from_bits(t)))
                        .collect();
                    index
                        .iter()
                        .zip(&raw)
                        .map(|(&k, &p)| {
                            factors[k as usize]
                                .map(|v| v * p)
                                .filter(|v| v.is_finite())
                                .map_or(0.0, |v| v.max(0.0))
                        })
                        .collect()
                })
                .collect();
            RowPredictions { p_alive: raw.into_iter().map(finite_or_zero).collect(), expected }
        }
        Fitted::Pareto(m) => {
            let (keys, index) = distinct(rows.iter().map(|r| (r.x.to_bits(), r.t.to_bits())));
            let alive: Vec<Option<f64>> = rows.iter().map(|r| m.p_alive(r.x, r.t_x, r.t)).collect();
            let expected = horizons
                .iter()
                .map(|&h| {
                    let factors: Vec<f64> = keys
                        .iter()
                        .map(|&(x, t)| m.alive_expectation(h, f64::from_bits(x), f64::from_bits(t)))
                        .collect();
                    index
                        .iter()
                        .zip(&alive)
                        .map(|(&k, p)| {
                            p.map(|p| p * factors[k as usize])
                                .filter(|v| v.is_finite())
                                .map_or(0.0, |v| v.max(0.0))
                        })
                        .collect()
                })
                .collect();
            let p_alive = alive.into_iter().map(|p| finite_or_zero(p.unwrap_or(0.0))).collect();
            RowPredictions { p_alive, expected }
        }
        Fitted::BgBb(m) => {
            let (keys, index) = distinct(periods.iter().map(|r| r.n));
            let leads: Vec<(f64, f64)> = periods.iter().map(|r| m.lead(r.x, r.t_x, r.n)).collect();
            let expected = horizons
                .iter()
                .map(|&h| {
                    let sums: Vec<Option<f64>> =
                        keys.iter().map(|&n| m.survival_factor(h, n as f64)).collect();
                    index
                        .iter()
                        .zip(&leads)
                        .map(|(&k, &(_, lead))| {
                            sums[k as usize].map_or(0.0, |sum| BgBb::times_lead(sum, lead))
                        })
                        .collect()
                })
                .collect();
            let p_alive = leads.into_iter().map(|(p, _)| finite_or_zero(p)).collect();
            RowPredictions { p_alive, expected }
        }
    }
}
