//! The Markov model: an order-k chain estimated from the path table, solved
//! exactly as an absorbing chain.
//!
//! States follow ChannelAttribution: `(start)`, one state per window of k
//! consecutive channels of a path (a path shorter than k is one state), and the
//! absorbing `(conversion)` and `(null)`; consecutive equal states are collapsed
//! (for k = 1: a > a > b is a > b). A path seen w = conversions + nulls times adds
//! w to start → first state, to each step, and its conversions to last →
//! conversion, its nulls to last → null. P(s → t) = count(s → t) / count(s → ·).
//!
//! a(s), the probability of reaching conversion from s, solves a = Q a + b with
//! b(s) = P(s → conversion). Removing channel c sends every state holding c to
//! null: a(s) = 0 there. The removal effect is RE(c) = 1 − a_c(start) / a(start),
//! the share of conversions that go through c; attributed conversions are
//! RE(c) / Σ RE × total. For value, b(s) = P(s → conversion) × the mean value of
//! conversions from s, so a(s) is the expected conversion value and RE is value
//! weighted (the limit of ChannelAttribution's simulation, which draws each
//! conversion's value from those of the paths ending in the same state).
//!
//! The solve is sparse: the transient states are split into strongly connected
//! components (Tarjan), solved sinks first by substitution; a component of up to
//! [`DENSE_LIMIT`] states by Gaussian elimination with partial pivoting, a larger
//! one by Gauss–Seidel until the estimated error is below [`TOLERANCE`] (relative
//! to the largest reward). No matrix is inverted, nothing is simulated.

use super::input::PathTable;
use super::{ChannelMap, Credit};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// The highest order offered.
pub const MAX_ORDER: usize = 4;
/// Components up to this size are solved by Gaussian elimination.
pub const DENSE_LIMIT: usize = 64;
/// Gauss–Seidel stops when the estimated error is below this (relative to the largest reward).
pub const TOLERANCE: f64 = 1e-13;
/// Gauss–Seidel gives up after this many sweeps (and says so).
pub const MAX_SWEEPS: usize = 200_000;

/// An order-k chain estimated from a path table.
#[derive(Debug, Clone)]
pub struct Chain {
    /// k.
    pub order: usize,
    /// The channels of each state; state 0 is `(start)` (no channels).
    pub states: Vec<Vec<u32>>,
    row_start: Vec<usize>,
    targets: Vec<u32>,
    counts: Vec<f64>,
    /// Per state: weight to conversion, to null, conversion value, all outgoing weight.
    conv: Vec<f64>,
    null: Vec<f64>,
    conv_value: Vec<f64>,
    out: Vec<f64>,
}

/// The states a path visits: windows of `order` channels (key, start), consecutive
/// equal ones collapsed; a path of at most `order` channels is one state.
fn windows(channels: &[u32], order: usize, out: &mut Vec<(u128, usize)>) {
    out.clear();
    let key = |w: &[u32]| w.iter().fold(0u128, |k, &c| (k << 32) | (c as u128 + 1));
    if channels.len() <= order {
        out.push((key(channels), 0));
        return;
    }
    for (i, w) in channels.windows(order).enumerate() {
        let k = key(w);
        if out.last().map(|l| l.0) != Some(k) {
            out.push((k, i));
        }
    }
}

impl Chain {
    /// Estimates the chain of `order` (1–[`MAX_ORDER`]) from `table`.
    pub fn build(table: &PathTable, order: usize) -> Chain {
        let order = order.clamp(1, MAX_ORDER);
        let mut ids: FxHashMap<u128, u32> = FxHashMap::default();
        let mut states: Vec<Vec<u32>> = vec![Vec::new()];
        let mut edges: FxHashMap<u64, f64> = FxHashMap::default();
        let mut conv = vec![0.0];
        let mut null = vec![0.0];
        let mut conv_value = vec![0.0];
        let mut keys = Vec::new();
        for row in &table.rows {
            let w = row.conversions + row.nulls;
            if w <= 0.0 || row.channels.is_empty() {
                continue;
            }
            windows(row.channels, order, &mut keys);
            let mut from = 0u32;
            for &(k, start) in &keys {
                let next = states.len() as u32;
                let id = *ids.entry(k).or_insert(next);
                if id == next {
                    let len = order.min(row.channels.len());
                    states.push(row.channels[start..start + len].to_vec());
                    conv.push(0.0);
                    null.push(0.0);
                    conv_value.push(0.0);
                }
                *edges.entry(((from as u64) << 32) | id as u64).or_insert(0.0) += w;
                from = id;
            }
            conv[from as usize] += row.conversions;
            null[from as usize] += row.nulls;
            if row.conversions > 0.0 {
                conv_value[from as usize] += row.value;
            }
        }
        let mut list: Vec<(u64, f64)> = edges.into_iter().collect();
        crate::sort::sort_by(&mut list, |a, b| a.0.cmp(&b.0));
        let n = states.len();
        let mut row_start = vec![0usize; n + 1];
        let mut targets = Vec::with_capacity(list.len());
        let mut counts = Vec::with_capacity(list.len());
        for &(key, count) in &list {
            row_start[(key >> 32) as usize + 1] += 1;
            targets.push((key & 0xFFFF_FFFF) as u32);
            counts.push(count);
        }
        for i in 0..n {
            row_start[i + 1] += row_start[i];
        }
        let mut out = vec![0.0; n];
        for s in 0..n {
            out[s] = counts[row_start[s]..row_start[s + 1]].iter().sum::<f64>() + conv[s] + null[s];
        }
        Chain { order, states, row_start, targets, counts, conv, null, conv_value, out }
    }

    /// Number of states, `(start)` included (not the two absorbing ones).
    pub fn state_count(&self) -> usize {
        self.states.len()
    }

    /// Number of transitions with a count above 0, to conversion and null included.
    pub fn transition_count(&self) -> usize {
        self.targets.len()
            + self.conv.iter().filter(|&&c| c > 0.0).count()
            + self.null.iter().filter(|&&c| c > 0.0).count()
    }

    /// The state's name: `(start)`, or its channels joined by " > ".
    pub fn state_name(&self, s: usize, channel_names: &[String]) -> String {
        if s == 0 {
            return "(start)".into();
        }
        let names: Vec<&str> = self.states[s]
            .iter()
            .map(|&c| channel_names.get(c as usize).map(String::as_str).unwrap_or(""))
            .collect();
        names.join(" > ")
    }

    /// The transition matrix as CSV: `from,to,transitions,probability`, one row per
    /// transition with a count, by state (in order of first appearance), then target.
    pub fn matrix_csv(&self, channel_names: &[String]) -> String {
        use crate::csv_cell::guarded;
        let mut out = String::from("from,to,transitions,probability\n");
        let mut row = |from: &str, to: &str, count: f64, total: f64| {
            out.push_str(&guarded(from));
            out.push(',');
            out.push_str(&guarded(to));
            out.push_str(&format!(",{},{}\n", count, count / total));
        };
        for s in 0..self.states.len() {
            let total = self.out[s];
            if total <= 0.0 {
                continue;
            }
            let from = self.state_name(s, channel_names);
            for e in self.row_start[s]..self.row_start[s + 1] {
                let to = self.state_name(self.targets[e] as usize, channel_names);
                row(&from, &to, self.counts[e], total);
            }
            if self.conv[s] > 0.0 {
                row(&from, "(conversion)", self.conv[s], total);
            }
            if self.null[s] > 0.0 {
                row(&from, "(null)", self.null[s], total);
            }
        }
        out
    }
}

/// How the linear system was solved.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SolverSummary {
    /// In words (in the page's language).
    pub method: String,
    /// Strongly connected components of the transient states.
    pub components: usize,
    /// The largest component.
    pub largest_component: usize,
    /// Solves: the whole chain and one per removed channel.
    pub solves: usize,
    /// Gauss–Seidel sweeps over all solves (0 when every component was small).
    pub sweeps: usize,
    /// The tolerance of the iterative part.
    pub tolerance: f64,
    /// Largest residual |a − Q a − b| of any solve, relative to the largest reward.
    pub max_residual: f64,
    /// False when a Gauss–Seidel solve hit the sweep limit.
    pub converged: bool,
}

/// The Markov model's results.
#[derive(Debug, Clone, Serialize)]
pub struct MarkovResult {
    pub order: usize,
    /// States, `(start)` included.
    pub states: usize,
    pub transitions: usize,
    /// P(conversion) from `(start)`: equals conversions / (conversions + nulls).
    pub conversion_probability: f64,
    /// Expected conversion value per path from `(start)`.
    pub value_per_path: f64,
    #[serde(skip)]
    pub removal_effects: Vec<Credit>,
    #[serde(skip)]
    pub attributed: Vec<Credit>,
    pub solver: SolverSummary,
}

/// Two values per state: conversion probability and expected conversion value.
type Pair = [f64; 2];

/// The linear system a = Q a + b of a chain, for both reward vectors.
struct System<'a> {
    chain: &'a Chain,
    /// P(s → t) per transition, aligned with the chain's CSR.
    prob: Vec<f64>,
    /// Per state: P(s → conversion), and that times the mean conversion value.
    b: Vec<Pair>,
    /// Components, sinks first; each a list of states.
    components: Vec<Vec<u32>>,
    /// Largest reward per vector (scale of the tolerance).
    scale: Pair,
}

impl<'a> System<'a> {
    fn new(chain: &'a Chain) -> System<'a> {
        let n = chain.states.len();
        let mut prob = vec![0.0; chain.counts.len()];
        let mut b = vec![[0.0; 2]; n];
        for (s, reward) in b.iter_mut().enumerate() {
            let total = chain.out[s];
            if total <= 0.0 {
                continue;
            }
            let row = chain.row_start[s]..chain.row_start[s + 1];
            for (p, count) in prob[row.clone()].iter_mut().zip(&chain.counts[row]) {
                *p = count / total;
            }
            *reward = [chain.conv[s] / total, chain.conv_value[s] / total];
        }
        let max = |v: usize| b.iter().map(|r| r[v]).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
        let scale = [max(0), max(1)];
        let components = tarjan(n, &chain.row_start, &chain.targets);
        System { chain, prob, b, components, scale }
    }

    /// The transitions of state `s`: (target, probability).
    fn edges(&self, s: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let row = self.chain.row_start[s]..self.chain.row_start[s + 1];
        self.chain.targets[row.clone()]
            .iter()
            .map(|&t| t as usize)
            .zip(self.prob[row].iter().copied())
    }

    /// Solves a = Q a + b for both reward vectors with the states in `removed` at 0.
    fn solve(&self, removed: &[bool], summary: &mut SolverSummary) -> Vec<Pair> {
        let n = self.chain.states.len();
        let mut x = vec![[0.0; 2]; n];
        let mut local = vec![usize::MAX; n];
        for comp in &self.components {
            let members: Vec<usize> =
                comp.iter().map(|&s| s as usize).filter(|&s| !removed[s]).collect();
            if members.is_empty() {
                continue;
            }
            for (i, &s) in members.iter().enumerate() {
                local[s] = i;
            }
            // Right-hand side: rewards plus what flows to states already solved.
            let rhs: Vec<Pair> = members
                .iter()
                .map(|&s| {
                    let mut r = self.b[s];
                    for (t, p) in self.edges(s) {
                        if local[t] == usize::MAX && !removed[t] {
                            r[0] += p * x[t][0];
                            r[1] += p * x[t][1];
                        }
                    }
                    r
                })
                .collect();
            let solution = if members.len() == 1 {
                let s = members[0];
                let self_loop: f64 = self.edges(s).filter(|&(t, _)| t == s).map(|(_, p)| p).sum();
                let d = if self_loop < 1.0 { 1.0 - self_loop } else { 1.0 };
                vec![[rhs[0][0] / d, rhs[0][1] / d]]
            } else if members.len() <= DENSE_LIMIT {
                self.dense(&members, &local, &rhs)
            } else {
                self.gauss_seidel(&members, &local, &rhs, summary)
            };
            for (&s, value) in members.iter().zip(solution) {
                x[s] = value;
                local[s] = usize::MAX;
            }
        }
        summary.solves += 1;
        summary.max_residual = summary.max_residual.max(self.residual(&x, removed));
        x
    }

    /// Gaussian elimination with partial pivoting on (I − Q) restricted to `members`.
    fn dense(&self, members: &[usize], local: &[usize], rhs: &[Pair]) -> Vec<Pair> {
        let m = members.len();
        let w = m + 2;
        // Row i: the m coefficients, then the two right-hand sides.
        let mut a = vec![0.0; m * w];
        for (i, (&s, r)) in members.iter().zip(rhs).enumerate() {
            let row = &mut a[i * w..(i + 1) * w];
            row[i] = 1.0;
            for (t, p) in self.edges(s) {
                if local[t] != usize::MAX {
                    row[local[t]] -= p;
                }
            }
            row[m] = r[0];
            row[m + 1] = r[1];
        }
        for col in 0..m {
            let pivot = (col..m)
                .max_by(|&p, &q| a[p * w + col].abs().total_cmp(&a[q * w + col].abs()))
                .unwrap_or(col);
            if pivot != col {
                for k in 0..w {
                    a.swap(col * w + k, pivot * w + k);
                }
            }
            let d = a[col * w + col];
            if d.abs() < 1e-300 {
                continue; // only for a state that can never leave: it stays at 0.
            }
            let (upper, lower) = a.split_at_mut((col + 1) * w);
            let pivot_row = &upper[col * w..];
            for row in lower.chunks_mut(w) {
                let f = row[col] / d;
                if f != 0.0 {
                    for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                        *x -= f * p;
                    }
                }
            }
        }
        let mut x = vec![[0.0; 2]; m];
        for row in (0..m).rev() {
            let r = &a[row * w..(row + 1) * w];
            let d = r[row];
            let mut sum = [r[m], r[m + 1]];
            for (k, value) in x.iter().enumerate().skip(row + 1) {
                sum[0] -= r[k] * value[0];
                sum[1] -= r[k] * value[1];
            }
            x[row] = if d.abs() < 1e-300 { [0.0; 2] } else { [sum[0] / d, sum[1] / d] };
        }
        x
    }

    /// Gauss–Seidel on a large component; stops when the error estimated from the
    /// contraction of successive sweeps is below the tolerance.
    fn gauss_seidel(
        &self,
        members: &[usize],
        local: &[usize],
        rhs: &[Pair],
        summary: &mut SolverSummary,
    ) -> Vec<Pair> {
        let mut x = vec![[0.0; 2]; members.len()];
        let diag: Vec<f64> = members
            .iter()
            .map(|&s| {
                let self_loop: f64 = self.edges(s).filter(|&(t, _)| t == s).map(|(_, p)| p).sum();
                if self_loop < 1.0 {
                    1.0 - self_loop
                } else {
                    1.0
                }
            })
            .collect();
        let mut previous = f64::INFINITY;
        for sweep in 0..MAX_SWEEPS {
            let mut change: f64 = 0.0;
            for (i, &s) in members.iter().enumerate() {
                let mut sum = rhs[i];
                for (t, p) in self.edges(s) {
                    let j = local[t];
                    if j != usize::MAX && t != s {
                        sum[0] += p * x[j][0];
                        sum[1] += p * x[j][1];
                    }
                }
                let new = [sum[0] / diag[i], sum[1] / diag[i]];
                for v in [0, 1] {
                    change = change.max((new[v] - x[i][v]).abs() / self.scale[v]);
                }
                x[i] = new;
            }
            summary.sweeps += 1;
            if change == 0.0 {
                return x;
            }
            let rate = (change / previous).min(0.999_999);
            previous = change;
            if sweep > 2 && change * rate / (1.0 - rate) < TOLERANCE {
                return x;
            }
        }
        summary.converged = false;
        x
    }

    /// G(s, s) for every state: the expected number of visits to s starting from s,
    /// 1 / (1 − P(return to s)). A return stays inside the state's component, so each
    /// component's block (I − Q) is factorised once (LU with partial pivoting) and solved
    /// for the unit vector of each of its states; a state alone (no self-loop) gives 1.
    fn visits_back(&self, summary: &mut SolverSummary) -> Vec<f64> {
        let n = self.chain.states.len();
        let mut g = vec![1.0; n];
        let mut local = vec![usize::MAX; n];
        for comp in &self.components {
            let members: Vec<usize> = comp.iter().map(|&s| s as usize).collect();
            let m = members.len();
            if m == 1 {
                let s = members[0];
                let self_loop: f64 = self.edges(s).filter(|&(t, _)| t == s).map(|(_, p)| p).sum();
                g[s] = if self_loop < 1.0 { 1.0 / (1.0 - self_loop) } else { 1.0 };
                continue;
            }
            for (i, &s) in members.iter().enumerate() {
                local[s] = i;
            }
            let mut a = vec![0.0; m * m];
            for (i, &s) in members.iter().enumerate() {
                a[i * m + i] = 1.0;
                for (t, p) in self.edges(s) {
                    if local[t] != usize::MAX {
                        a[i * m + local[t]] -= p;
                    }
                }
            }
            let lu = Lu::factor(a, m);
            let mut e = vec![0.0; m];
            for (i, &s) in members.iter().enumerate() {
                e.iter_mut().for_each(|x| *x = 0.0);
                e[i] = 1.0;
                lu.solve(&mut e);
                g[s] = if e[i] > 0.0 { e[i] } else { 1.0 };
            }
            summary.solves += m;
            for &s in &members {
                local[s] = usize::MAX;
            }
        }
        g
    }

    /// The largest |x − Q x − b| over kept states, relative to the largest reward.
    fn residual(&self, x: &[Pair], removed: &[bool]) -> f64 {
        let mut worst: f64 = 0.0;
        for (s, value) in x.iter().enumerate() {
            if removed[s] {
                continue;
            }
            let mut r = [value[0] - self.b[s][0], value[1] - self.b[s][1]];
            for (t, p) in self.edges(s) {
                if !removed[t] {
                    r[0] -= p * x[t][0];
                    r[1] -= p * x[t][1];
                }
            }
            worst = worst.max(r[0].abs() / self.scale[0]).max(r[1].abs() / self.scale[1]);
        }
        worst
    }
}

/// An LU factorisation with partial pivoting of a dense m × m matrix (row-major).
struct Lu {
    m: usize,
    a: Vec<f64>,
    /// Row `i` of the factors is row `perm[i]` of the matrix.
    perm: Vec<usize>,
}

impl Lu {
    fn factor(mut a: Vec<f64>, m: usize) -> Lu {
        let mut perm: Vec<usize> = (0..m).collect();
        for col in 0..m {
            let pivot = (col..m)
                .max_by(|&p, &q| a[p * m + col].abs().total_cmp(&a[q * m + col].abs()))
                .unwrap_or(col);
            if pivot != col {
                for k in 0..m {
                    a.swap(col * m + k, pivot * m + k);
                }
                perm.swap(col, pivot);
            }
            let d = a[col * m + col];
            if d.abs() < 1e-300 {
                continue;
            }
            let (upper, lower) = a.split_at_mut((col + 1) * m);
            let pivot_row = &upper[col * m..];
            for row in lower.chunks_mut(m) {
                let f = row[col] / d;
                row[col] = f;
                if f != 0.0 {
                    for (x, p) in row[col + 1..].iter_mut().zip(&pivot_row[col + 1..]) {
                        *x -= f * p;
                    }
                }
            }
        }
        Lu { m, a, perm }
    }

    /// Solves A x = b in place (`b` becomes x).
    fn solve(&self, b: &mut [f64]) {
        let m = self.m;
        let mut y: Vec<f64> = self.perm.iter().map(|&i| b[i]).collect();
        for i in 0..m {
            let row = &self.a[i * m..i * m + i];
            let sum: f64 = row.iter().zip(&y[..i]).map(|(l, y)| l * y).sum();
            y[i] -= sum;
        }
        for i in (0..m).rev() {
            let row = &self.a[i * m..(i + 1) * m];
            let sum: f64 = row[i + 1..].iter().zip(&y[i + 1..]).map(|(u, y)| u * y).sum();
            let d = row[i];
            y[i] = if d.abs() < 1e-300 { 0.0 } else { (y[i] - sum) / d };
        }
        b.copy_from_slice(&y);
    }
}

/// Strongly connected components (Tarjan, iterative), sinks first.
fn tarjan(n: usize, row_start: &[usize], targets: &[u32]) -> Vec<Vec<u32>> {
    const NONE: usize = usize::MAX;
    let mut index = vec![NONE; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut components = Vec::new();
    let mut next = 0;
    // (state, next edge to look at)
    let mut call: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        call.push((root, row_start[root]));
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root as u32);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut e)) = call.last_mut() {
            if *e < row_start[v + 1] {
                let w = targets[*e] as usize;
                *e += 1;
                if index[w] == NONE {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w as u32);
                    on_stack[w] = true;
                    call.push((w, row_start[w]));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        comp.push(w);
                        if w as usize == v {
                            break;
                        }
                    }
                    components.push(comp);
                }
            }
        }
    }
    components
}

/// How the removal effects are found (the same numbers either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// One solve of the chain per channel, with the states holding it sent to null (any order).
    Solves,
    /// Order 1 (one state per channel): a_c(start) = a(start) − P(reach c) × a(c), where
    /// P(reach c) = G(start, c) / G(c, c). G(start, c) is the expected number of visits to
    /// c, the flow through c over the flow out of the start (every path that enters a state
    /// leaves it); G(c, c) = 1 / (1 − P(return to c)) comes from one LU factorisation of
    /// c's component and a solve per state with it. Far fewer operations for many channels.
    Returns,
}

/// Components up to this size use [`Removal::Returns`] (a dense LU of m² numbers).
pub const RETURNS_LIMIT: usize = 2000;

/// Removal effects and attributed conversions and value of every channel; order 1 uses
/// [`Removal::Returns`] when every component fits [`RETURNS_LIMIT`], else [`Removal::Solves`].
pub fn markov(
    table: &PathTable,
    channel_count: usize,
    order: usize,
    totals: Credit,
) -> (Chain, MarkovResult) {
    markov_by(table, channel_count, order, totals, None)
}

/// [`markov`] with the removal method chosen (`None`: the default choice); for tests.
pub fn markov_by(
    table: &PathTable,
    channel_count: usize,
    order: usize,
    totals: Credit,
    removal: Option<Removal>,
) -> (Chain, MarkovResult) {
    let chain = Chain::build(table, order);
    let system = System::new(&chain);
    let largest = system.components.iter().map(Vec::len).max().unwrap_or(0);
    let removal = removal.unwrap_or(if chain.order == 1 && largest <= RETURNS_LIMIT {
        Removal::Returns
    } else {
        Removal::Solves
    });
    let removal = if chain.order == 1 { removal } else { Removal::Solves };
    let mut summary = SolverSummary {
        method: match removal {
            Removal::Returns => crate::text::t(
                "core.attr.note.solveReturns",
                "absorbing chain: strongly connected components solved sinks first (small ones by Gaussian elimination with partial pivoting, large ones by Gauss–Seidel); removal effects from each state's probability of being reached, by the flow through it and its return probability (one LU factorisation per component)",
                &[],
            ),
            Removal::Solves => crate::text::t(
                "core.attr.note.solveEach",
                "absorbing chain: strongly connected components solved sinks first (small ones by Gaussian elimination with partial pivoting, large ones by Gauss–Seidel); one solve per removed channel",
                &[],
            ),
        },
        components: system.components.len(),
        largest_component: largest,
        tolerance: TOLERANCE,
        converged: true,
        ..SolverSummary::default()
    };
    let n = chain.states.len();
    let mut removed = vec![false; n];
    let full = system.solve(&removed, &mut summary);
    let [p, v] = full[0];
    let effect = |full: f64, without: f64| {
        if full > 0.0 {
            (1.0 - without / full).clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let mut effects = vec![Credit::default(); channel_count];
    if removal == Removal::Returns {
        let visits = system.visits_back(&mut summary);
        let start_flow = chain.out[0];
        for s in 1..n {
            let Some(&c) = chain.states[s].first() else { continue };
            // P(reach s) = G(start, s) / G(s, s).
            let reach = if start_flow > 0.0 { chain.out[s] / start_flow / visits[s] } else { 0.0 };
            if let Some(e) = effects.get_mut(c as usize) {
                *e = Credit {
                    conversions: effect(p, p - reach * full[s][0]),
                    value: effect(v, v - reach * full[s][1]),
                };
            }
        }
    } else {
        // States holding each channel.
        let mut holding: Vec<Vec<u32>> = vec![Vec::new(); channel_count];
        for (s, channels) in chain.states.iter().enumerate().skip(1) {
            for (i, &c) in channels.iter().enumerate() {
                if !channels[..i].contains(&c) {
                    if let Some(list) = holding.get_mut(c as usize) {
                        list.push(s as u32);
                    }
                }
            }
        }
        for (c, states) in holding.iter().enumerate() {
            if states.is_empty() {
                continue;
            }
            for &s in states {
                removed[s as usize] = true;
            }
            let without = system.solve(&removed, &mut summary);
            for &s in states {
                removed[s as usize] = false;
            }
            effects[c] =
                Credit { conversions: effect(p, without[0][0]), value: effect(v, without[0][1]) };
        }
    }
    let sum = effects.iter().fold((0.0, 0.0), |a, e| (a.0 + e.conversions, a.1 + e.value));
    let attributed = effects
        .iter()
        .map(|e| Credit {
            conversions: if sum.0 > 0.0 { e.conversions / sum.0 * totals.conversions } else { 0.0 },
            value: if sum.1 > 0.0 { e.value / sum.1 * totals.value } else { 0.0 },
        })
        .collect();
    let result = MarkovResult {
        order: chain.order,
        states: chain.state_count(),
        transitions: chain.transition_count(),
        conversion_probability: p,
        value_per_path: v,
        removal_effects: effects,
        attributed,
        solver: summary,
    };
    (chain, result)
}

/// Removal effects as a channel map in the report's order.
pub fn removal_map(result: &MarkovResult, names: &[String], order: &[u32]) -> ChannelMap {
    ChannelMap::from_ids(names, order, &result.removal_effects)
}
