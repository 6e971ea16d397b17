//! The Shapley model: channels are players of a cooperative game whose value is
//! read from the observed journeys; a channel's credit is its Shapley value
//! φ_j = Σ_{S ∌ j} |S|! (n − |S| − 1)! / n! · (v(S ∪ {j}) − v(S)), which splits
//! v(all channels) fairly (efficiency, symmetry, null player). Two games:
//!
//! - [`ShapleyGame::Conversions`] (default; Zhao, Mahboobi & Bagheri 2018): a
//!   coalition S is worth C(S), the conversions (or value) of the paths whose set of
//!   channels is a subset of S. This game is a sum of unanimity games, so its
//!   Shapley value has a closed form, exact for any number of channels: each path's
//!   conversions are split equally over its distinct channels (a channel met twice
//!   counts once). Journeys that did not convert play no part.
//! - [`ShapleyGame::Rate`]: S is worth C(S) / J(S), the conversion rate (value per
//!   journey) of the journeys that met only channels of S (J: conversions + nulls;
//!   0 when no journey fits). Journeys that did not convert count, so a channel met
//!   mostly on journeys that do not convert can get less than nothing. The φ sum to
//!   the overall rate and are scaled to the total. Up to [`EXACT_LIMIT`] channels
//!   (settable to [`MAX_EXACT_LIMIT`]) every coalition is evaluated (a subset-sum
//!   transform over the 2^n coalitions); above, φ is estimated from random
//!   permutations in antithetic pairs (a permutation and its reverse) with a fixed
//!   seed, and each channel's standard error is reported.

use super::input::PathTable;
use super::Credit;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Exact over all coalitions up to this many channels by default.
pub const EXACT_LIMIT: usize = 15;
/// The most channels the exact method accepts (2^20 coalitions).
pub const MAX_EXACT_LIMIT: usize = 20;

/// The game whose Shapley value is the credit (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShapleyGame {
    /// A coalition is worth the conversions of the journeys that met only its channels.
    #[default]
    Conversions,
    /// A coalition is worth the conversion rate of the journeys that met only its channels.
    Rate,
}

/// The Shapley model's results.
#[derive(Debug, Clone, Serialize)]
pub struct ShapleyResult {
    pub game: ShapleyGame,
    /// `"closed-form"` (conversions game), `"exact"` or `"monte-carlo"` (rate game).
    pub method: &'static str,
    /// Players: the channels met on at least one journey.
    pub channels: usize,
    /// Coalitions evaluated (exact).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coalitions: Option<u64>,
    /// Permutations drawn (Monte-Carlo).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permutations: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    #[serde(skip)]
    pub attributed: Vec<Credit>,
    /// Standard errors of the attributed conversions and value (Monte-Carlo), by channel id.
    #[serde(skip)]
    pub standard_errors: Option<Vec<Credit>>,
}

/// A channel set and its counts.
struct Group {
    channels: Vec<u32>,
    conversions: f64,
    value: f64,
    journeys: f64,
}

/// The distinct channel sets of the table and the players (channel ids, ascending).
fn groups(table: &PathTable) -> (Vec<Group>, Vec<u32>) {
    let mut index: FxHashMap<Vec<u32>, usize> = FxHashMap::default();
    let mut out: Vec<Group> = Vec::new();
    let mut players: Vec<u32> = Vec::new();
    let mut set: Vec<u32> = Vec::new();
    for row in &table.rows {
        let journeys = row.conversions + row.nulls;
        if journeys <= 0.0 || row.channels.is_empty() {
            continue;
        }
        set.clear();
        set.extend_from_slice(row.channels);
        crate::sort::sort(&mut set);
        set.dedup();
        match index.get(&set[..]) {
            Some(&g) => {
                out[g].conversions += row.conversions;
                out[g].value += row.value;
                out[g].journeys += journeys;
            }
            None => {
                players.extend_from_slice(&set);
                index.insert(set.clone(), out.len());
                out.push(Group {
                    channels: set.clone(),
                    conversions: row.conversions,
                    value: row.value,
                    journeys,
                });
            }
        }
    }
    crate::sort::sort(&mut players);
    players.dedup();
    (out, players)
}

/// Exact Shapley values of a game of `n` players given by `value(mask)` for every
/// coalition `mask` in 0..2^n (bit i = player i). Used by [`shapley`] and tests.
pub fn exact(n: usize, value: &[f64]) -> Vec<f64> {
    let mut phi = vec![0.0; n];
    if n == 0 || value.len() < 1 << n {
        return phi;
    }
    // weight[s] = s! (n − s − 1)! / n!
    let mut weight = vec![0.0; n];
    weight[0] = 1.0 / n as f64;
    for s in 0..n - 1 {
        weight[s + 1] = weight[s] * (s + 1) as f64 / (n - s - 1) as f64;
    }
    for mask in 0..(1usize << n) {
        let w = weight.get(mask.count_ones() as usize).copied().unwrap_or(0.0);
        let base = value[mask];
        for (j, p) in phi.iter_mut().enumerate() {
            let bit = 1 << j;
            if mask & bit == 0 {
                *p += w * (value[mask | bit] - base);
            }
        }
    }
    phi
}

/// SplitMix64: a small, fast, well-mixed generator for a fixed-seed sample.
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0), by Lemire's multiply-shift (bias below 2^-32 for small n).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
}

/// Shapley values of `game` (see the module documentation).
pub fn shapley(
    table: &PathTable,
    channel_count: usize,
    totals: Credit,
    game: ShapleyGame,
    exact_limit: usize,
    permutations: usize,
    seed: u64,
) -> ShapleyResult {
    let (groups, players) = groups(table);
    let n = players.len();
    let journeys: f64 = groups.iter().map(|g| g.journeys).sum();
    let mut attributed = vec![Credit::default(); channel_count];
    if game == ShapleyGame::Conversions {
        // φ_j = Σ over channel sets T holding j of C(T) / |T|.
        for g in &groups {
            let k = g.channels.len() as f64;
            for &c in &g.channels {
                attributed[c as usize].conversions += g.conversions / k;
                attributed[c as usize].value += g.value / k;
            }
        }
        return ShapleyResult {
            game,
            method: "closed-form",
            channels: n,
            coalitions: None,
            permutations: None,
            seed: None,
            attributed,
            standard_errors: None,
        };
    }
    // Attributed = φ_j / v(all) × total, v(all) being the rate over every journey.
    let all_c: f64 = groups.iter().map(|g| g.conversions).sum::<f64>() / journeys;
    let all_v: f64 = groups.iter().map(|g| g.value).sum::<f64>() / journeys;
    let scale_c = |phi: f64| if all_c > 0.0 { phi / all_c * totals.conversions } else { 0.0 };
    let scale_v = |phi: f64| if all_v > 0.0 { phi / all_v * totals.value } else { 0.0 };
    if n <= exact_limit.min(MAX_EXACT_LIMIT) {
        let slot: FxHashMap<u32, usize> =
            players.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let size = 1usize << n;
        let (mut c, mut v, mut j) = (vec![0.0; size], vec![0.0; size], vec![0.0; size]);
        for g in &groups {
            let mask = g.channels.iter().fold(0usize, |m, ch| m | 1 << slot[ch]);
            c[mask] += g.conversions;
            v[mask] += g.value;
            j[mask] += g.journeys;
        }
        // Subset sums: every coalition gets the paths whose sets it contains.
        for bit in 0..n {
            for mask in 0..size {
                if mask & (1 << bit) != 0 {
                    let from = mask ^ (1 << bit);
                    c[mask] += c[from];
                    v[mask] += v[from];
                    j[mask] += j[from];
                }
            }
        }
        let rate: Vec<f64> =
            (0..size).map(|m| if j[m] > 0.0 { c[m] / j[m] } else { 0.0 }).collect();
        let per: Vec<f64> = (0..size).map(|m| if j[m] > 0.0 { v[m] / j[m] } else { 0.0 }).collect();
        let phi_c = exact(n, &rate);
        let phi_v = exact(n, &per);
        for (i, &ch) in players.iter().enumerate() {
            attributed[ch as usize] =
                Credit { conversions: scale_c(phi_c[i]), value: scale_v(phi_v[i]) };
        }
        return ShapleyResult {
            game,
            method: "exact",
            channels: n,
            coalitions: Some(size as u64),
            permutations: None,
            seed: None,
            attributed,
            standard_errors: None,
        };
    }

    // Monte-Carlo: the marginal contributions along random orders of the players.
    let slot: FxHashMap<u32, usize> = players.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let sets: Vec<Vec<usize>> =
        groups.iter().map(|g| g.channels.iter().map(|c| slot[c]).collect()).collect();
    let pairs = permutations.div_ceil(2).max(2);
    let mut rng = SplitMix64::new(seed);
    let mut order: Vec<usize> = (0..n).collect();
    let mut pos = vec![0usize; n];
    let mut at = vec![[0.0f64; 3]; n];
    let mut marginal = [vec![0.0; n], vec![0.0; n]];
    let mut pair = [vec![0.0; n], vec![0.0; n]];
    // Welford running mean and sum of squares of the pair means, per player.
    let mut mean = [vec![0.0; n], vec![0.0; n]];
    let mut m2 = [vec![0.0; n], vec![0.0; n]];
    for k in 0..pairs {
        for i in (1..n).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for pass in 0..2 {
            for (p, &player) in order.iter().enumerate() {
                pos[player] = if pass == 0 { p } else { n - 1 - p };
            }
            at.iter_mut().for_each(|a| *a = [0.0; 3]);
            for (g, set) in groups.iter().zip(&sets) {
                let complete = set.iter().map(|&s| pos[s]).max().unwrap_or(0);
                at[complete][0] += g.conversions;
                at[complete][1] += g.value;
                at[complete][2] += g.journeys;
            }
            let (mut cc, mut cv, mut cj) = (0.0, 0.0, 0.0);
            let (mut last_c, mut last_v) = (0.0, 0.0);
            // Walk the positions in order; player at position p is order[p] (or reversed).
            for p in 0..n {
                cc += at[p][0];
                cv += at[p][1];
                cj += at[p][2];
                let (rc, rv) = if cj > 0.0 { (cc / cj, cv / cj) } else { (0.0, 0.0) };
                let player = if pass == 0 { order[p] } else { order[n - 1 - p] };
                marginal[0][player] = rc - last_c;
                marginal[1][player] = rv - last_v;
                last_c = rc;
                last_v = rv;
            }
            for v in 0..2 {
                for i in 0..n {
                    if pass == 0 {
                        pair[v][i] = marginal[v][i];
                    } else {
                        pair[v][i] = (pair[v][i] + marginal[v][i]) / 2.0;
                    }
                }
            }
        }
        let count = (k + 1) as f64;
        for v in 0..2 {
            for i in 0..n {
                let x = pair[v][i];
                let delta = x - mean[v][i];
                mean[v][i] += delta / count;
                m2[v][i] += delta * (x - mean[v][i]);
            }
        }
    }
    let mut errors = vec![Credit::default(); channel_count];
    // Pairs are independent: the standard error of their mean.
    let se = |m2: f64| (m2 / (pairs - 1) as f64 / pairs as f64).sqrt();
    for (i, &ch) in players.iter().enumerate() {
        attributed[ch as usize] =
            Credit { conversions: scale_c(mean[0][i]), value: scale_v(mean[1][i]) };
        errors[ch as usize] =
            Credit { conversions: scale_c(se(m2[0][i])), value: scale_v(se(m2[1][i])) };
    }
    ShapleyResult {
        game,
        method: "monte-carlo",
        channels: n,
        coalitions: None,
        permutations: Some(pairs * 2),
        seed: Some(seed),
        attributed,
        standard_errors: Some(errors),
    }
}
