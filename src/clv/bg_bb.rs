//! BG/BB (Fader, Hardie & Shang 2010), the discrete-time model: each unit
//! (day or week) after the first purchase is one purchase opportunity.
//! While alive a customer buys in a unit with probability p ~ Beta(α, β) and
//! drops out before the next unit with probability θ ~ Beta(γ, δ).
//!
//! For x repeat units, the last at tₓ, out of n units:
//! L = B(α+x, β+n−x)/B(α, β) · B(γ, δ+n)/B(γ, δ)
//!   + Σ_{i=0}^{n−tₓ−1} B(α+x, β+tₓ−x+i)/B(α, β) · B(γ+1, δ+tₓ+i)/B(γ, δ).
//!
//! The sum runs by the ratio of consecutive terms, so no term is a new Γ.
//! Its first [`EXACT_TERMS`] terms are added one by one; a longer sum (a span
//! of decades in days) adds the rest as an integral ([`rest_of_sum`]), so the
//! work per row is bounded whatever the span.
//!
//! With j = tₓ+i the terms B(α+x, β+j−x) B(γ+1, δ+j) depend on x and j only, so
//! the likelihood walks j once per distinct x ([`Walk`]) and every row of
//! that x reads its sum from the walk: the work per evaluation is the span
//! of each x's rows, not the sum of every row's n − tₓ.

use super::optimize::Objective;
use super::special::{gauss_legendre, ln_beta, log_sum_exp, Real};
use super::summary::PeriodRow;

/// Fitted BG/BB parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgBb {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub delta: f64,
}

/// The discrete (x, tₓ, n) histogram as a BG/BB likelihood. The beta
/// functions are taken once per distinct argument, and rows that share
/// (x, tₓ) share the sum over i (its partial sums, in the same order).
pub struct BgBbObjective<'a> {
    rows: &'a [PeriodRow],
    /// Distinct (x, k) of the B(α+x, β+k) terms.
    pairs: Vec<(f64, f64)>,
    /// Per row: the indexes of (x, n−x) and (x, tₓ−x) in `pairs`, of n in
    /// `lengths` and of tₓ in `lasts`.
    index: Vec<[u32; 4]>,
    /// Distinct n of the rows (for B(γ, δ+n)).
    lengths: Vec<f64>,
    /// Distinct tₓ of the rows (for B(γ+1, δ+tₓ)).
    lasts: Vec<f64>,
    /// One walk over j per distinct x with rows of 1 ≤ n − tₓ ≤ [`EXACT_TERMS`].
    walks: Vec<Walk>,
    /// Per row: how its sum over i is taken.
    plans: Vec<Plan>,
}

/// The j (units) one x's rows sum over: its rows' tₓ and n, sorted and
/// distinct, cut the axis into gaps; a gap inside some row's [tₓ, n) is walked.
struct Walk {
    x: f64,
    /// The distinct tₓ and n, ascending.
    points: Vec<u32>,
    /// Per gap `points[k]..points[k+1]`: whether a row's range covers it.
    covered: Vec<bool>,
    /// Where this walk's values start in the evaluation's flat arrays.
    offset: usize,
}

/// How a row's sum over i is taken.
#[derive(Clone, Copy)]
enum Plan {
    /// n = tₓ: no sum.
    Alive,
    /// From the walk `walk`: its points `from` (tₓ) and `to` (n).
    Walk { walk: u32, from: u32, to: u32 },
    /// More than [`EXACT_TERMS`] terms: its own running sum and [`rest_of_sum`].
    Long,
}

/// Builds the walks of rows sorted by x, and each row's plan.
fn plan_walks(rows: &[PeriodRow]) -> (Vec<Walk>, Vec<Plan>) {
    let mut walks = Vec::new();
    let mut plans = vec![Plan::Alive; rows.len()];
    let mut offset = 0;
    let mut start = 0;
    while start < rows.len() {
        let x = rows[start].x;
        let end = start + rows[start..].iter().take_while(|r| r.x == x).count();
        let short =
            |r: &PeriodRow| (1..=EXACT_TERMS).contains(&(r.n.saturating_sub(r.t_x) as usize));
        let mut points: Vec<u32> =
            rows[start..end].iter().filter(|r| short(r)).flat_map(|r| [r.t_x, r.n]).collect();
        points.sort_unstable();
        points.dedup();
        let at = |p: u32| points.binary_search(&p).unwrap_or(0) as u32;
        let mut cover = vec![0i32; points.len()];
        for (row, plan) in rows[start..end].iter().zip(&mut plans[start..end]) {
            if short(row) {
                let (from, to) = (at(row.t_x), at(row.n));
                cover[from as usize] += 1;
                cover[to as usize] -= 1;
                *plan = Plan::Walk { walk: walks.len() as u32, from, to };
            } else if row.n > row.t_x {
                *plan = Plan::Long;
            }
        }
        if !points.is_empty() {
            // Running count of the ranges open over each gap.
            let mut open = 0;
            let covered = cover[..points.len() - 1]
                .iter()
                .map(|c| {
                    open += c;
                    open > 0
                })
                .collect();
            let len = points.len();
            walks.push(Walk { x: x as f64, points, covered, offset });
            offset += len;
        }
        start = end;
    }
    (walks, plans)
}

impl Walk {
    /// Fills, per point k, the sum from k to the end of its stretch of
    /// covered gaps (term at k = 1) and the log of the term at k relative to
    /// that end's term, walking every covered gap once from its left point.
    fn fill<R: Real>(&self, of: SumOf<R>, tails: &mut [R], levels: &mut [R]) {
        let last = self.points.len() - 1;
        tails[last] = R::cst(0.0);
        levels[last] = R::cst(0.0);
        for k in (0..last).rev() {
            if !self.covered[k] {
                tails[k] = R::cst(0.0);
                levels[k] = R::cst(0.0);
                continue;
            }
            let (a, b) = (self.points[k], self.points[k + 1]);
            // Σ_{j=a}^{b−1} term_j / term_a and term_b / term_a.
            let (mut term, mut sum) = (R::cst(1.0), R::cst(1.0));
            for j in a..b {
                term = of.step(term, j as f64);
                if j + 1 < b {
                    sum = sum + term;
                }
            }
            // A ratio below 1e-300 leaves the rest of the stretch at nothing
            // beside this gap; keep its log finite.
            let ratio = if term.val() > 1e-300 { term } else { R::cst(1e-300) };
            tails[k] = sum + ratio * tails[k + 1];
            levels[k] = levels[k + 1] - ratio.ln();
        }
    }

    /// Σ_{j=tₓ}^{n−1} term_j / term_tₓ for the points `from` (tₓ) and `to` (n).
    fn sum<R: Real>(&self, tails: &[R], levels: &[R], from: u32, to: u32) -> R {
        let (from, to) = (self.offset + from as usize, self.offset + to as usize);
        tails[from] - (levels[to] - levels[from]).exp() * tails[to]
    }
}

/// Gives each distinct value a slot in `values`, in the order first seen.
fn slot_of(values: &mut Vec<f64>, seen: &mut std::collections::HashMap<u32, u32>, v: u32) -> u32 {
    *seen.entry(v).or_insert_with(|| {
        values.push(v as f64);
        (values.len() - 1) as u32
    })
}

impl<'a> BgBbObjective<'a> {
    /// The likelihood of `rows`, sorted by (x, tₓ, n) as [`super::summary::Summary::period_histogram`] gives them.
    pub fn new(rows: &'a [PeriodRow]) -> BgBbObjective<'a> {
        let mut pairs = Vec::new();
        let mut seen: std::collections::HashMap<(u32, u32), u32> = std::collections::HashMap::new();
        let mut slot = |x: u32, k: u32| -> u32 {
            *seen.entry((x, k)).or_insert_with(|| {
                pairs.push((x as f64, k as f64));
                (pairs.len() - 1) as u32
            })
        };
        let (mut lengths, mut lasts) = (Vec::new(), Vec::new());
        let (mut seen_n, mut seen_t) = Default::default();
        let index = rows
            .iter()
            .map(|r| {
                [
                    slot(r.x, r.n.saturating_sub(r.x)),
                    slot(r.x, r.t_x.saturating_sub(r.x)),
                    slot_of(&mut lengths, &mut seen_n, r.n),
                    slot_of(&mut lasts, &mut seen_t, r.t_x),
                ]
            })
            .collect();
        let (walks, plans) = plan_walks(rows);
        BgBbObjective { rows, pairs, index, lengths, lasts, walks, plans }
    }

    /// The most terms of the sum over i that one evaluation of the
    /// log-likelihood adds one by one: bounded by [`EXACT_TERMS`] per distinct
    /// (x, tₓ) whatever the span (its rows share one running sum).
    pub fn terms_per_evaluation(&self) -> usize {
        let mut longest: std::collections::HashMap<(u32, u32), usize> = Default::default();
        for (r, plan) in self.rows.iter().zip(&self.plans) {
            if let Plan::Long = plan {
                let slot = longest.entry((r.x, r.t_x)).or_default();
                *slot = (*slot).max(EXACT_TERMS);
            }
        }
        let walked: usize = self
            .walks
            .iter()
            .map(|w| {
                let gaps = w.points.windows(2).zip(&w.covered);
                gaps.filter(|(_, &c)| c).map(|(p, _)| (p[1] - p[0]) as usize).sum::<usize>()
            })
            .sum();
        walked + longest.values().sum::<usize>()
    }
}

/// Terms of the sum over i added one by one; the rest of a longer sum is
/// [`rest_of_sum`]. 2,048 units is over five years of days: ordinary data
/// never reaches it, so its sums are exact.
pub const EXACT_TERMS: usize = 2048;

/// The parameters and the row a sum over i belongs to.
#[derive(Clone, Copy)]
struct SumOf<R> {
    alpha: R,
    beta: R,
    gamma: R,
    delta: R,
    x: f64,
    t_x: f64,
}

impl<R: Real> SumOf<R> {
    /// term_{i+1} / term_i = (β+tₓ−x+i)(δ+tₓ+i) / ((α+β+tₓ+i)(γ+δ+1+tₓ+i)).
    #[inline(always)]
    fn step(&self, term: R, i: f64) -> R {
        let (x, t_x) = (self.x, self.t_x);
        term * ((self.beta + (t_x - x + i)) * (self.delta + (t_x + i)))
            / ((self.alpha + self.beta + (t_x + i)) * (self.gamma + self.delta + (1.0 + t_x + i)))
    }

    /// ln term_u up to a constant, for real u:
    /// ln Γ(β+tₓ−x+u) + ln Γ(δ+tₓ+u) − ln Γ(α+β+tₓ+u) − ln Γ(γ+δ+1+tₓ+u).
    fn level(&self, u: f64) -> R {
        let (x, t_x) = (self.x, self.t_x);
        (self.beta + (t_x - x + u)).ln_gamma() + (self.delta + (t_x + u)).ln_gamma()
            - (self.alpha + self.beta + (t_x + u)).ln_gamma()
            - (self.gamma + self.delta + (1.0 + t_x + u)).ln_gamma()
    }

    /// Σ_{i=0}^{count−1} term_i (term_0 = 1), going on from `run` (the terms
    /// 0…done summed, `term` the last), which it leaves at the last exact term.
    fn sum(&self, run: &mut Run<R>, count: usize) -> R {
        let exact = count.min(EXACT_TERMS);
        while run.done + 1 < exact {
            run.term = self.step(run.term, run.done as f64);
            run.sum = run.sum + run.term;
            run.done += 1;
        }
        if count <= EXACT_TERMS {
            run.sum
        } else {
            run.sum + rest_of_sum(self, run.done, run.term, count - 1, run.sum)
        }
    }
}

/// A running sum over i: terms 0…`done` summed, `term` the last of them.
#[derive(Clone, Copy)]
struct Run<R> {
    done: usize,
    term: R,
    sum: R,
}

impl<R: Real> Run<R> {
    fn start() -> Run<R> {
        Run { done: 0, term: R::cst(1.0), sum: R::cst(1.0) }
    }
}

/// Whole units of [`BgBb::survival_factor`] summed term by term; longer ones in closed form.
pub const SURVIVAL_STEPS: usize = 64;

/// ln of r_k = (d)_k / (d+g)_k = Π_{j<k} (d+j)/(d+g+j) = B(g, d+k)/B(g, d).
fn ratio_ln(d: f64, g: f64, k: f64) -> f64 {
    use super::special::ln_gamma;
    ln_gamma(d + k) - ln_gamma(d) - ln_gamma(d + g + k) + ln_gamma(d + g)
}

/// Σ_{k=1}^{w} r_k in closed form: the terms telescope,
/// r_k (d+g+k−1) − r_{k+1} (d+g+k) = r_k (g − 1), so
/// Σ_{k=0}^{w} r_k = ((d+g−1) − r_{w+1} (d+g+w)) / (g − 1). Within 1e-3 of g = 1
/// (where that is 0/0) it is interpolated linearly in g between g = 1 ± 1e-3.
fn survival_closed(g: f64, d: f64, w: f64) -> f64 {
    const GUARD: f64 = 1e-3;
    let at = |g: f64| {
        let tail = (ratio_ln(d, g, w + 1.0) + (d + g + w).ln()).exp();
        ((d + g - 1.0) - tail) / (g - 1.0) - 1.0
    };
    if (g - 1.0).abs() >= GUARD {
        return at(g);
    }
    let (below, above) = (at(1.0 - GUARD), at(1.0 + GUARD));
    below + (above - below) * (g - (1.0 - GUARD)) / (2.0 * GUARD)
}

/// Gauss–Legendre nodes of [`rest_of_sum`]'s integral.
const REST_NODES: usize = 32;

/// Σ_{j=first+1}^{last} term_j, given term_first, by Euler–Maclaurin:
/// Σ_{j=p}^{m} f(j) = ∫ₚᵐ f + (f(p) + f(m))/2 + (f′(m) − f′(p))/12 + …, with
/// f(u) = term_p · exp(level(u) − level(p)). The terms fall about as
/// (u + c)^−s, s = α+γ+x+1; in t = ((p+c)/(u+c))^(s−1) the integrand is
/// nearly flat, so 32 Gauss–Legendre nodes give it to about 1e-9 (the test
/// below compares with the term-by-term sum). The terms decrease (each ratio
/// is below one), so a rest below 1e-17 of the sum is left out.
fn rest_of_sum<R: Real>(of: &SumOf<R>, first: usize, term_p: R, last: usize, sum: R) -> R {
    let (p, m) = (first as f64, last as f64);
    if m <= p || term_p.val() * (m - p) <= 1e-17 * sum.val().abs() {
        return R::cst(0.0);
    }
    let (alpha, beta, gamma, delta) =
        (of.alpha.val(), of.beta.val(), of.gamma.val(), of.delta.val());
    let x = of.x;
    let e = (alpha + gamma + x).max(1e-9);
    // The shift c: where the four Γ arguments sit, weighted by their exponents.
    let c = of.t_x
        + ((alpha + x) * (beta - x + (alpha + x) / 2.0)
            + (gamma + 1.0) * (delta + (gamma + 1.0) / 2.0))
            / (e + 1.0);
    let c = c.max(-p / 2.0);
    let base = of.level(p);
    let f = |u: f64| term_p * (of.level(u) - base).exp();
    let slope = |u: f64, fu: R| fu * (of.level(u + 0.5) - of.level(u - 0.5));
    let t_lo = (e * ((p + c) / (m + c)).ln()).exp();
    let width = 1.0 - t_lo;
    let mut integral = R::cst(0.0);
    for &(node, weight) in nodes() {
        let t = t_lo + width * (node + 1.0) / 2.0;
        // u + c = (p + c) t^(−1/e); |du/dt| = (u + c) / (e t).
        let uc = (p + c) * (-t.ln() / e).exp();
        let u = (uc - c).clamp(p, m);
        integral = integral + f(u) * (weight * width / 2.0 * uc / (e * t));
    }
    let f_m = f(m);
    integral + (term_p + f_m) * 0.5 + (slope(m, f_m) - slope(p, term_p)) * (1.0 / 12.0) - term_p
}

/// [`REST_NODES`] Gauss–Legendre nodes, computed once.
fn nodes() -> &'static [(f64, f64)] {
    static NODES: std::sync::OnceLock<Vec<(f64, f64)>> = std::sync::OnceLock::new();
    NODES.get_or_init(|| gauss_legendre(REST_NODES))
}

/// ln L of one row (x, tₓ) with n units, and its first ("alive") term.
fn row_log_likelihood<R: Real>(of: SumOf<R>, n: f64) -> (R, R) {
    let SumOf { alpha, beta, gamma, delta, x, t_x } = of;
    let alive = ln_beta(alpha + x, beta + (n - x)) + ln_beta(gamma, delta + n);
    let count = (n - t_x) as usize;
    if count == 0 {
        return (alive, alive);
    }
    let first = ln_beta(alpha + x, beta + (t_x - x)) + ln_beta(gamma + 1.0, delta + t_x);
    let sum = of.sum(&mut Run::start(), count);
    (log_sum_exp(alive, first + sum.ln()), alive)
}

impl Objective for BgBbObjective<'_> {
    fn dim(&self) -> usize {
        4
    }
    fn weight(&self) -> f64 {
        self.rows.iter().map(|r| r.weight).sum::<f64>().max(1.0)
    }
    fn log_likelihood<R: Real>(&self, p: &[R]) -> Option<R> {
        let (alpha, beta, gamma, delta) = (p[0], p[1], p[2], p[3]);
        let ab: Vec<R> = self.pairs.iter().map(|&(x, k)| ln_beta(alpha + x, beta + k)).collect();
        // B(γ, δ+n) and B(γ+1, δ+tₓ) per distinct n and tₓ.
        let gd: Vec<R> = self.lengths.iter().map(|&n| ln_beta(gamma, delta + n)).collect();
        let gd1: Vec<R> = self.lasts.iter().map(|&t| ln_beta(gamma + 1.0, delta + t)).collect();
        // Each walk's tails and levels, at its points.
        let points = self.walks.last().map_or(0, |w| w.offset + w.points.len());
        let (mut tails, mut levels) = (vec![R::cst(0.0); points], vec![R::cst(0.0); points]);
        for w in &self.walks {
            let range = w.offset..w.offset + w.points.len();
            let of = SumOf { alpha, beta, gamma, delta, x: w.x, t_x: 0.0 };
            w.fill(of, &mut tails[range.clone()], &mut levels[range]);
        }
        let mut total = R::cst(0.0);
        // The running sum over i of the current (x, tₓ) of long rows.
        let mut run: Option<(u32, u32, Run<R>)> = None;
        for ((row, &[i_alive, i_first, i_n, i_t]), plan) in
            self.rows.iter().zip(&self.index).zip(&self.plans)
        {
            let (x, t_x, n) = (row.x as f64, row.t_x as f64, row.n as f64);
            let alive = ab[i_alive as usize] + gd[i_n as usize];
            let count = (n - t_x) as usize;
            let sum = match *plan {
                Plan::Alive => None,
                Plan::Walk { walk, from, to } => {
                    Some(self.walks[walk as usize].sum(&tails, &levels, from, to))
                }
                Plan::Long => {
                    // The partial sums of a longer run are the same numbers.
                    let mut current = match run {
                        Some((rx, rt, r)) if rx == row.x && rt == row.t_x && r.done < count => r,
                        _ => Run::start(),
                    };
                    let sum = SumOf { alpha, beta, gamma, delta, x, t_x }.sum(&mut current, count);
                    run = Some((row.x, row.t_x, current));
                    Some(sum)
                }
            };
            let ll = match sum {
                None => alive,
                Some(sum) => {
                    log_sum_exp(alive, ab[i_first as usize] + gd1[i_t as usize] + sum.ln())
                }
            };
            total = total + ll * row.weight;
        }
        let w: f64 = self.rows.iter().map(|r| r.weight).sum();
        let out = total - (ln_beta(alpha, beta) + ln_beta(gamma, delta)) * w;
        out.is_finite().then_some(out)
    }
}

impl BgBb {
    fn ll(&self, x: f64, t_x: f64, n: f64) -> (f64, f64) {
        let (alpha, beta, gamma, delta) = (self.alpha, self.beta, self.gamma, self.delta);
        row_log_likelihood(SumOf { alpha, beta, gamma, delta, x, t_x }, n)
    }

    /// P(alive in unit n+1 | x, tₓ, n) = B(α+x, β+n−x) B(γ, δ+n+1) / (B(α,β) B(γ,δ) L).
    pub fn p_alive(&self, x: u32, t_x: u32, n: u32) -> f64 {
        let (x, t_x, n) = (x as f64, t_x as f64, n as f64);
        let (ll, alive) = self.ll(x, t_x, n);
        // alive carries B(γ, δ+n); one more unit multiplies by (δ+n)/(γ+δ+n).
        let p = (alive - ll).exp() * (self.delta + n) / (self.gamma + self.delta + n);
        p.clamp(0.0, 1.0)
    }

    /// E[purchases in the next `units` units | x, tₓ, n] =
    /// Σ_{k=1}^{units} B(α+x+1, β+n−x) B(γ, δ+n+k) / (B(α,β) B(γ,δ) L); a
    /// fractional horizon interpolates linearly between whole units.
    pub fn expected_purchases(&self, units: f64, x: u32, t_x: u32, n: u32) -> f64 {
        self.survival_sum(units, n as f64, self.lead(x, t_x, n).1)
    }

    /// P(alive) as [`BgBb::p_alive`] and the log of the factor of
    /// [`BgBb::expected_purchases`] that depends on the customer's history:
    /// ln[B(α+x+1, β+n−x) B(γ, δ+n) / (B(α,β) B(γ,δ) L)].
    pub fn lead(&self, x: u32, t_x: u32, n: u32) -> (f64, f64) {
        let (xf, n_f) = (x as f64, n as f64);
        let (ll, alive) = self.ll(xf, t_x as f64, n_f);
        let p = (alive - ll).exp() * (self.delta + n_f) / (self.gamma + self.delta + n_f);
        let lead = ln_beta(self.alpha + xf + 1.0, self.beta + n_f - xf)
            + ln_beta(self.gamma, self.delta + n_f)
            - ll;
        (p.clamp(0.0, 1.0), lead)
    }

    /// E[X(n)] for a customer just acquired: α/(α+β) · Σ_{k=1}^{n} B(γ, δ+k)/B(γ, δ).
    pub fn expected_purchases_new(&self, units: f64) -> f64 {
        let lead = (self.alpha / (self.alpha + self.beta)).ln();
        self.survival_sum(units, 0.0, lead)
    }

    /// exp(lead) · Σ_{k=1}^{units} B(γ, δ+n+k) / B(γ, δ+n), fractional units interpolated.
    fn survival_sum(&self, units: f64, n: f64, lead: f64) -> f64 {
        self.survival_factor(units, n).map_or(0.0, |sum| Self::times_lead(sum, lead))
    }

    /// exp(lead) · `sum`, 0 when that is not finite.
    pub fn times_lead(sum: f64, lead: f64) -> f64 {
        let out = lead.exp() * sum;
        if out.is_finite() {
            out.max(0.0)
        } else {
            0.0
        }
    }

    /// Σ_{k=1}^{units} B(γ, δ+n+k) / B(γ, δ+n), fractional units interpolated
    /// (`None` for no units): it depends on n only. Up to [`SURVIVAL_STEPS`]
    /// units term by term, beyond in closed form ([`survival_closed`]), so a
    /// long horizon or a CLV of many months costs the same as a short one.
    pub fn survival_factor(&self, units: f64, n: f64) -> Option<f64> {
        if units.is_nan() || units <= 0.0 {
            return None;
        }
        let whole = units.floor();
        let frac = units - whole;
        let d = self.delta + n;
        if whole >= SURVIVAL_STEPS as f64 {
            let sum = survival_closed(self.gamma, d, whole);
            let last = (ratio_ln(d, self.gamma, whole + 1.0)).exp();
            return Some(sum + frac * last);
        }
        let whole = whole as usize;
        let mut term = 1.0;
        let mut sum = 0.0;
        let mut last = 0.0;
        for k in 1..=whole + 1 {
            // B(γ, δ+n+k) = B(γ, δ+n+k−1) · (δ+n+k−1)/(γ+δ+n+k−1)
            let m = d + k as f64 - 1.0;
            term *= m / (self.gamma + m);
            if k <= whole {
                sum += term;
            } else {
                last = term;
            }
        }
        Some(sum + frac * last)
    }

    /// P(exactly y purchases in the next `units` units | x, tₓ, n), y = 0…`max`.
    /// Given alive after n, p ~ Beta(α+x, β+n−x), θ ~ Beta(γ, δ+n); the customer
    /// stays alive K = k more units with probability E[(1−θ)ᵏθ] (k < units) or
    /// all of them, and buys Binomial(K, p) times.
    pub fn pmf(&self, units: u32, x: u32, t_x: u32, n: u32, max: usize) -> Vec<f64> {
        let (xf, n_f) = (x as f64, n as f64);
        let (ll, alive) = self.ll(xf, t_x as f64, n_f);
        let p_alive_branch = (alive - ll).exp().clamp(0.0, 1.0);
        let (a, b) = (self.alpha + xf, self.beta + n_f - xf);
        let (g, d) = (self.gamma, self.delta + n_f);
        let units = units as usize;
        let mut out = vec![0.0; max + 1];
        // Every factor by the ratio of its neighbours (no Γ in the loop, a step
        // per unit and count): survive = B(γ, d+k)/B(γ, d), none = B(a, b+k)/B(a, b),
        // the beta-binomial probability of 0 purchases in k units.
        let (mut survive, mut none) = (1.0, 1.0);
        for k in 0..=units {
            let kf = k as f64;
            // Alive k more units, then gone (k < units), or alive all of them.
            let weight = if k < units { survive * g / (g + d + kf) } else { survive };
            // C(k, y) B(a+y, b+k−y)/B(a, b), y = 0…min(k, max).
            let mut binomial = none;
            for (y, slot) in out.iter_mut().enumerate().take(max.min(k) + 1) {
                *slot += weight * binomial;
                let yf = y as f64;
                binomial *= (kf - yf) / (yf + 1.0) * (a + yf) / (b + kf - yf - 1.0);
            }
            survive *= (d + kf) / (g + d + kf);
            none *= (b + kf) / (a + b + kf);
        }
        for (y, slot) in out.iter_mut().enumerate() {
            let p = p_alive_branch * *slot + if y == 0 { 1.0 - p_alive_branch } else { 0.0 };
            *slot = if p.is_finite() { p.clamp(0.0, 1.0) } else { 0.0 };
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Fader, Hardie & Shang (2010), donations data: α = 1.204, β = 0.750, γ = 0.657, δ = 2.783.
    const P: BgBb = BgBb { alpha: 1.204, beta: 0.750, gamma: 0.657, delta: 2.783 };

    /// Parameter sets from the fitted range out to the optimizer's probes.
    const SETS: [(f64, f64, f64, f64); 6] = [
        (1.204, 0.750, 0.657, 2.783),
        (0.05, 0.05, 0.05, 0.05),
        (0.4979, 14.86, 1.153, 29.12),
        (3.0, 40.0, 0.3, 12.0),
        (40.0, 3.0, 40.0, 3.0),
        (0.01, 200.0, 0.02, 500.0),
    ];

    /// Σ_{i<count} term_i one term at a time, as the sum was before [`rest_of_sum`].
    fn term_by_term(of: &SumOf<f64>, count: usize) -> f64 {
        let (mut term, mut sum) = (1.0, 1.0);
        for i in 0..count - 1 {
            term = of.step(term, i as f64);
            sum += term;
        }
        sum
    }

    #[test]
    fn a_long_sum_matches_the_sum_term_by_term() {
        let mut worst: f64 = 0.0;
        for (alpha, beta, gamma, delta) in SETS {
            for (x, t_x) in
                [(0.0, 0.0), (1.0, 10.0), (5.0, 1000.0), (300.0, 50000.0), (0.0, 50000.0)]
            {
                for count in [EXACT_TERMS - 1, EXACT_TERMS + 1, 3000, 20_000, 200_000] {
                    let of = SumOf { alpha, beta, gamma, delta, x, t_x };
                    let fast = of.sum(&mut Run::start(), count);
                    let slow = term_by_term(&of, count);
                    let error = ((fast - slow) / slow).abs();
                    worst = worst.max(error);
                    assert!(
                        error < 1e-9,
                        "{alpha} {beta} {gamma} {delta} x {x} tx {t_x} count {count}: {fast} vs {slow}"
                    );
                }
            }
        }
        // The exact part is the same arithmetic, so a short sum is equal.
        let of = SumOf { alpha: 0.5, beta: 2.0, gamma: 0.7, delta: 3.0, x: 2.0, t_x: 9.0 };
        assert_eq!(of.sum(&mut Run::start(), 500), term_by_term(&of, 500));
        assert!(worst > 0.0, "no sum went past the exact terms");
    }

    #[test]
    fn a_long_sum_has_the_gradient_of_its_value() {
        use crate::clv::special::Dual;
        let count = 100_000;
        for (alpha, beta, gamma, delta) in SETS.into_iter().take(4) {
            let (x, t_x) = (3.0, 40.0);
            let value = |p: [f64; 4]| {
                let of = SumOf { alpha: p[0], beta: p[1], gamma: p[2], delta: p[3], x, t_x };
                of.sum(&mut Run::start(), count).ln()
            };
            let p = [alpha, beta, gamma, delta];
            let dual = SumOf {
                alpha: Dual::var(alpha, 0),
                beta: Dual::var(beta, 1),
                gamma: Dual::var(gamma, 2),
                delta: Dual::var(delta, 3),
                x,
                t_x,
            };
            let g = dual.sum(&mut Run::start(), count).ln();
            assert!((g.v - value(p)).abs() < 1e-12);
            for i in 0..4 {
                let h = 1e-6 * p[i];
                let (mut up, mut down) = (p, p);
                up[i] += h;
                down[i] -= h;
                let numeric = (value(up) - value(down)) / (2.0 * h);
                assert!(
                    (g.d[i] - numeric).abs() < 1e-5 * (1.0 + numeric.abs()),
                    "{p:?} ∂{i}: {} vs {numeric}",
                    g.d[i]
                );
            }
        }
    }

    #[test]
    fn the_terms_added_one_by_one_are_bounded_whatever_the_span() {
        // Ten customers, each with a different (x, tₓ), over a span of 100,000 units.
        let rows: Vec<PeriodRow> =
            (0..10).map(|k| PeriodRow { x: k, t_x: 10 * k, n: 100_000, weight: 1.0 }).collect();
        let objective = BgBbObjective::new(&rows);
        assert_eq!(objective.terms_per_evaluation(), 10 * EXACT_TERMS);
        // Long rows that share (x, tₓ) share the running sum; the short ones
        // (995 and 1,995 terms) share one walk over j = 5…1,999.
        let shared: Vec<PeriodRow> =
            (1..=5).map(|k| PeriodRow { x: 2, t_x: 5, n: 1000 * k, weight: 1.0 }).collect();
        assert_eq!(BgBbObjective::new(&shared).terms_per_evaluation(), 1995 + EXACT_TERMS);
        assert!(objective.log_likelihood(&[1.0, 1.0, 1.0, 1.0]).is_some());
        // 500 customers of one x with tₓ = 3…502 and n = 600: one walk over
        // j = 3…599 (597 terms), not Σ (n − tₓ) = 174,750.
        let daily: Vec<PeriodRow> =
            (3..503).map(|t_x| PeriodRow { x: 3, t_x, n: 600, weight: 1.0 }).collect();
        assert_eq!(BgBbObjective::new(&daily).terms_per_evaluation(), 597);
    }

    /// Rows of every kind: shared x with overlapping, nested and disjoint
    /// ranges, n = tₓ, long rows, repeated (x, tₓ).
    fn mixed_rows() -> Vec<PeriodRow> {
        let mut rows = Vec::new();
        for x in [0u32, 1, 2, 7, 40] {
            for (t_x, n) in [
                (x, x),
                (x, x + 1),
                (x, x + 30),
                (x + 3, x + 30),
                (x + 3, x + 12),
                (x + 10, x + 400),
                (x + 500, x + 520),
                (x + 500, x + 500 + EXACT_TERMS as u32),
                (x + 501, x + 501 + EXACT_TERMS as u32 + 40),
                (x + 900, x + 5000),
            ] {
                rows.push(PeriodRow { x, t_x, n, weight: 1.0 + (t_x % 3) as f64 });
            }
        }
        rows.sort_by_key(|r| (r.x, r.t_x, r.n));
        rows
    }

    #[test]
    fn the_walked_likelihood_is_the_sum_of_the_rows_likelihoods() {
        use crate::clv::special::Dual;
        let rows = mixed_rows();
        let objective = BgBbObjective::new(&rows);
        for (alpha, beta, gamma, delta) in SETS {
            let p = [alpha, beta, gamma, delta];
            let want: f64 = rows
                .iter()
                .map(|r| {
                    let of = SumOf { alpha, beta, gamma, delta, x: r.x as f64, t_x: r.t_x as f64 };
                    row_log_likelihood(of, r.n as f64).0 * r.weight
                })
                .sum::<f64>()
                - (ln_beta(alpha, beta) + ln_beta(gamma, delta)) * objective.weight();
            let got = objective.log_likelihood(&p).unwrap();
            assert!((got - want).abs() < 1e-9 * want.abs(), "{p:?}: {got} vs {want}");
            // The gradient is the derivative of that value.
            let dual: Vec<Dual> = (0..4).map(|i| Dual::var(p[i], i)).collect();
            let g = objective.log_likelihood(&dual).unwrap();
            assert!((g.v - got).abs() < 1e-9 * got.abs());
            for i in 0..4 {
                let h = 1e-6 * p[i];
                let (mut up, mut down) = (p, p);
                up[i] += h;
                down[i] -= h;
                let at = |q: [f64; 4]| objective.log_likelihood(&q).unwrap();
                let numeric = (at(up) - at(down)) / (2.0 * h);
                assert!(
                    (g.d[i] - numeric).abs() < 1e-4 * (1.0 + numeric.abs()),
                    "{p:?} ∂{i}: {} vs {numeric}",
                    g.d[i]
                );
            }
        }
    }

    #[test]
    fn a_long_horizon_in_closed_form_is_the_sum_term_by_term() {
        for (alpha, beta, gamma, delta) in SETS {
            let m = BgBb { alpha, beta, gamma, delta };
            for n in [0.0, 7.0, 400.0] {
                for units in [SURVIVAL_STEPS as f64, 65.5, 1000.0, 36_525.0] {
                    let d = delta + n;
                    let (mut term, mut sum) = (1.0, 0.0);
                    for k in 1..=units.floor() as usize {
                        term *= (d + k as f64 - 1.0) / (gamma + d + k as f64 - 1.0);
                        sum += term;
                    }
                    let next = term * (d + units.floor()) / (gamma + d + units.floor());
                    let want = sum + units.fract() * next;
                    let got = m.survival_factor(units, n).unwrap();
                    let error = ((got - want) / want).abs();
                    assert!(error < 1e-9, "{gamma} {delta} n {n} units {units}: {got} vs {want}");
                }
            }
        }
        // Beside γ = 1 the closed form is interpolated: still close.
        for gamma in [0.9995, 1.0, 1.0004] {
            let m = BgBb { alpha: 1.0, beta: 2.0, gamma, delta: 3.0 };
            let (mut term, mut sum) = (1.0, 0.0);
            for k in 1..=5000 {
                term *= (3.0 + k as f64 - 1.0) / (gamma + 3.0 + k as f64 - 1.0);
                sum += term;
            }
            let got = m.survival_factor(5000.0, 0.0).unwrap();
            assert!(((got - sum) / sum).abs() < 1e-5, "γ {gamma}: {got} vs {sum}");
        }
    }

    #[test]
    fn pmf_sums_to_one_and_its_mean_is_the_expectation() {
        for (x, t_x, n) in [(0, 0, 6), (3, 5, 6), (6, 6, 6), (1, 1, 6)] {
            let p = P.pmf(5, x, t_x, n, 5);
            let total: f64 = p.iter().sum();
            let mean: f64 = p.iter().enumerate().map(|(y, p)| y as f64 * p).sum();
            let e = P.expected_purchases(5.0, x, t_x, n);
            assert!((total - 1.0).abs() < 1e-12, "sum {total}");
            assert!((mean - e).abs() < 1e-12, "mean {mean} vs {e}");
        }
    }
}
