//! The rule-based models: each path's conversions and value are split over its
//! touch points by fixed weights that sum to 1, and each touch point's share goes
//! to its channel. Touch points are counted per occurrence, as ChannelAttribution
//! does (a > a > b gives a 2/3 and b 1/3 under linear); repeats are not collapsed.
//!
//! | model | weight of touch i of n |
//! |---|---|
//! | first touch | 1 for i = 1 |
//! | last touch | 1 for i = n |
//! | linear | 1/n |
//! | time decay | 2^(−age/half-life), normalised; age in days before the conversion, or (no times) in steps before the last touch |
//! | position based | first f, last l, each middle touch m/(n−2); one touch: 1; two: f/(f+l), l/(f+l) |

use super::input::{AttributionInput, PathRef};
use super::{Credit, PositionWeights};

/// Splits every path by `weights` (filled for the path, summing to 1) into credits per channel id.
fn split(
    input: &AttributionInput,
    mut weights: impl FnMut(&PathRef, &mut Vec<f64>),
) -> Vec<Credit> {
    let mut credits = vec![Credit::default(); input.channel_names.len()];
    let mut w = Vec::new();
    for path in input.paths() {
        if path.conversions == 0.0 && path.value == 0.0 {
            continue;
        }
        w.clear();
        weights(&path, &mut w);
        for (&c, &share) in path.channels.iter().zip(&w) {
            if share == 0.0 {
                continue;
            }
            let credit = &mut credits[c as usize];
            credit.conversions += share * path.conversions;
            credit.value += share * path.value;
        }
    }
    credits
}

/// All credit to the first touch point.
pub fn first_touch(input: &AttributionInput) -> Vec<Credit> {
    split(input, |p, w| {
        w.resize(p.channels.len(), 0.0);
        w[0] = 1.0;
    })
}

/// All credit to the last touch point.
pub fn last_touch(input: &AttributionInput) -> Vec<Credit> {
    split(input, |p, w| {
        w.resize(p.channels.len(), 0.0);
        if let Some(last) = w.last_mut() {
            *last = 1.0;
        }
    })
}

/// Equal credit to every touch point (per occurrence).
pub fn linear(input: &AttributionInput) -> Vec<Credit> {
    split(input, |p, w| w.resize(p.channels.len(), 1.0 / p.channels.len() as f64))
}

/// Credit halving every half-life before the conversion: by days when the input is
/// timed, else by steps before the last touch point.
pub fn time_decay(
    input: &AttributionInput,
    half_life_days: f64,
    half_life_steps: f64,
) -> Vec<Credit> {
    split(input, |p, w| {
        let n = p.channels.len();
        match p.ages {
            Some(ages) => {
                w.extend(ages.iter().map(|a| (-a.max(0.0) / half_life_days).exp2()));
            }
            None => {
                w.extend((0..n).map(|i| (-((n - 1 - i) as f64) / half_life_steps).exp2()));
            }
        }
        normalise(w);
    })
}

/// The first and last touch points get fixed shares, the middle ones split the rest.
pub fn position_based(input: &AttributionInput, weights: PositionWeights) -> Vec<Credit> {
    split(input, |p, w| {
        position_weights(p.channels.len(), weights, w);
    })
}

/// The position-based weights of `n` touch points into `w` (sums to 1).
pub fn position_weights(n: usize, p: PositionWeights, w: &mut Vec<f64>) {
    w.clear();
    match n {
        0 => {}
        1 => w.push(1.0),
        2 => {
            let ends = p.first + p.last;
            if ends > 0.0 {
                w.extend([p.first / ends, p.last / ends]);
            } else {
                w.extend([0.5, 0.5]);
            }
        }
        _ => {
            w.push(p.first);
            w.extend(std::iter::repeat_n(p.middle / (n - 2) as f64, n - 2));
            w.push(p.last);
            normalise(w);
        }
    }
}

/// Scales `w` to sum to 1 (equal weights when it sums to 0).
fn normalise(w: &mut [f64]) {
    let sum: f64 = w.iter().sum();
    if sum > 0.0 && sum.is_finite() {
        w.iter_mut().for_each(|x| *x /= sum);
    } else {
        let n = w.len().max(1) as f64;
        w.iter_mut().for_each(|x| *x = 1.0 / n);
    }
}
