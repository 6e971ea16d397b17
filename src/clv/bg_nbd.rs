//! BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy
//! way"): while alive a customer buys at Poisson rate λ ~ Gamma(r, α); after
//! each repeat purchase they drop out with probability p ~ Beta(a, b).
//! The MBG/NBD variant (Batislam, Denizel & Filiztekin 2007) also lets them
//! drop out right after the first purchase; both share the code here, with
//! `modified` choosing the variant.
//!
//! Log-likelihood of one customer (x repeat purchases, last at tₓ, observed for T):
//! BG/NBD: L = B(a, b+x)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+T)^(r+x))
//!           + [x > 0] B(a+1, b+x−1)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+tₓ)^(r+x));
//! MBG/NBD: L = B(a, b+x+1)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+T)^(r+x))
//!           + B(a+1, b+x)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+tₓ)^(r+x)).

use super::optimize::Objective;
use super::special::{hyp2f1, ln_beta, ln_gamma, log_sum_exp, Real};
use super::summary::{DistinctTimes, HistogramRow};

/// Above this a, p's Beta distribution is so narrow (relative spread below 1/√a ≈ 3 %)
/// that the conditional expectation uses its delta-method form (no ₂F₁ with huge parameters).
pub const CONCENTRATED: f64 = 1_000.0;

/// Fitted BG/NBD or MBG/NBD parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    /// MBG/NBD (drop-out possible right after the first purchase) when true.
    pub modified: bool,
}

/// The (x, tₓ, T) histogram as a BG/NBD or MBG/NBD likelihood. Rows share
/// few distinct times (whole days), so ln(α + t) is taken once per distinct
/// time and evaluation, and the terms that depend on x only once per x.
pub struct BgObjective<'a> {
    rows: &'a [HistogramRow],
    modified: bool,
    /// Distinct scaled times of the rows (tₓ and T).
    times: DistinctTimes,
}

impl<'a> BgObjective<'a> {
    /// The likelihood of `rows` (sorted by x, as [`super::summary::Summary::histogram`]
    /// gives them), times multiplied by `scale` (α scales with it); MBG/NBD when `modified`.
    pub fn new(rows: &'a [HistogramRow], modified: bool, scale: f64) -> BgObjective<'a> {
        BgObjective { rows, modified, times: DistinctTimes::new(rows, scale) }
    }
}

impl Objective for BgObjective<'_> {
    fn dim(&self) -> usize {
        4
    }
    fn weight(&self) -> f64 {
        self.rows.iter().map(|r| r.weight).sum::<f64>().max(1.0)
    }
    fn log_likelihood<R: Real>(&self, p: &[R]) -> Option<R> {
        let (r, alpha, a, b) = (p[0], p[1], p[2], p[3]);
        let o = if self.modified { 1.0 } else { 0.0 };
        let base = -r.ln_gamma() + r * alpha.ln() - ln_beta(a, b);
        // ln(α + t) per distinct time.
        let ln_times = self.times.ln_plus(alpha);
        let ln_a = a.ln();
        let mut total = R::cst(0.0);
        let mut current_x = f64::NAN;
        let mut x_terms = R::cst(0.0);
        let mut dead_x = R::cst(0.0);
        for (row, &(i_tx, i_t)) in self.rows.iter().zip(&self.times.index) {
            let x = row.x;
            if x != current_x {
                current_x = x;
                // Terms depending on x only: ln Γ(r+x) + ln B(a, b+x+o), and
                // the relative weight of "dropped out after the last purchase":
                // B(a+1, b+x+o−1)/B(a, b+x+o) = a/(b+x+o−1).
                x_terms = (r + x).ln_gamma() + ln_beta(a, b + (x + o));
                dead_x = ln_a - (b + (x + o - 1.0)).ln();
            }
            let alive = -(r + x) * ln_times[i_t as usize];
            let ll = if x > 0.0 || self.modified {
                let dead = dead_x - (r + x) * ln_times[i_tx as usize];
                log_sum_exp(alive, dead)
            } else {
                alive
            };
            total = total + (x_terms + ll) * row.weight;
        }
        let w: f64 = self.rows.iter().map(|r| r.weight).sum();
        let out = total + base * w;
        out.is_finite().then_some(out)
    }
}

impl BgNbd {
    fn o(&self) -> f64 {
        if self.modified {
            1.0
        } else {
            0.0
        }
    }

    /// ln L of one customer.
    pub fn log_likelihood(&self, x: f64, t_x: f64, t: f64) -> f64 {
        let rows = [HistogramRow { x, t_x, t, weight: 1.0 }];
        BgObjective::new(&rows, self.modified, 1.0)
            .log_likelihood(&[self.r, self.alpha, self.a, self.b])
            .unwrap_or(f64::NEG_INFINITY)
    }

    /// P(alive at T | x, tₓ, T) = 1 / (1 + [x>0 or MBG] a/(b+x+o−1) · ((α+T)/(α+tₓ))^(r+x)).
    pub fn p_alive(&self, x: f64, t_x: f64, t: f64) -> f64 {
        if x == 0.0 && !self.modified {
            return 1.0;
        }
        let o = self.o();
        let log_ratio = self.a.ln() - (self.b + x + o - 1.0).ln()
            + (self.r + x) * ((self.alpha + t).ln() - (self.alpha + t_x).ln());
        1.0 / (1.0 + log_ratio.exp())
    }

    /// E[purchases in (T, T+h] | x, tₓ, T]:
    /// (a+b+x+o−1)/(a−1) · [1 − (1−z)^(a−1) ₂F₁(a+b+o−r−1, a−1; a+b+x+o−1; z)] · P(alive),
    /// z = h/(α+T+h) (the ₂F₁ of FHL's eq. 10 after Euler's transformation,
    /// so heavy buyers do not overflow); the limit a → 1 by symmetric
    /// interpolation. `None` when ₂F₁ does not converge.
    pub fn expected_purchases(&self, h: f64, x: f64, t_x: f64, t: f64) -> Option<f64> {
        if h <= 0.0 {
            return Some(0.0);
        }
        let p_alive = self.p_alive(x, t_x, t);
        let out = self.alive_factor(h, x, t)? * p_alive;
        out.is_finite().then_some(out.max(0.0))
    }

    /// The factor of [`BgNbd::expected_purchases`] besides P(alive), for h > 0:
    /// it depends on (x, T) only, so customers who differ in tₓ share it.
    pub fn alive_factor(&self, h: f64, x: f64, t: f64) -> Option<f64> {
        let core = |a: f64| -> Option<f64> {
            let o = self.o();
            let z = h / (self.alpha + t + h);
            let f = hyp2f1(a + self.b + o - self.r - 1.0, a - 1.0, a + self.b + x + o - 1.0, z)?;
            let bracket =
                -((a - 1.0) * (-z).ln_1p()).exp_m1() - (1.0 - z).powf(a - 1.0) * (f - 1.0);
            Some((a + self.b + x + o - 1.0) / (a - 1.0) * bracket)
        };
        let exact = if self.a > CONCENTRATED {
            None
        } else if (self.a - 1.0).abs() < 1e-6 {
            core(1.0 + 1e-6).zip(core(1.0 - 1e-6)).map(|(u, d)| 0.5 * (u + d))
        } else {
            core(self.a)
        };
        match exact {
            Some(v) if v.is_finite() => Some(v),
            _ => self.concentrated_alive_factor(h, x, t),
        }
    }

    /// [`BgNbd::alive_factor`] when the drop-out probability p is nearly the same for every
    /// customer (a above [`CONCENTRATED`], or the ₂F₁ of the exact form overflows, which
    /// happens when a·z is large): given alive, λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x+o),
    /// E[Y | λ, p] = (1 − e^(−λph))/p, so E[Y | p] = g(p) = (1 − ((α+T)/(α+T+ph))^(r+x))/p,
    /// averaged over p by the second-order delta method, E[g] ≈ g(μ) + ½ g″(μ) Var p
    /// (relative error of order Var(p)²/μ⁴ ≤ 1/a², below 1e-6 here).
    fn concentrated_alive_factor(&self, h: f64, x: f64, t: f64) -> Option<f64> {
        let (a, b) = (self.a, self.b + x + self.o());
        let mean = a / (a + b);
        let var = a * b / ((a + b) * (a + b) * (a + b + 1.0));
        let shape = self.r + x;
        let g = |p: f64| -(-shape * (p * h / (self.alpha + t)).ln_1p()).exp_m1() / p;
        let d = var.sqrt().min(0.5 * mean);
        let second =
            if d > 0.0 { (g(mean + d) - 2.0 * g(mean) + g(mean - d)) / (d * d) } else { 0.0 };
        let out = g(mean) + 0.5 * second * var;
        out.is_finite().then_some(out)
    }

    /// E[X(t)] for a customer just acquired (x = tₓ = T = 0; for MBG/NBD
    /// this counts the drop-out after the first purchase).
    pub fn expected_purchases_new(&self, t: f64) -> Option<f64> {
        // BG/NBD: (a+b−1)/(a−1) [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))];
        // MBG/NBD: b/(a−1) [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))]. Both are the
        // conditional form at x = tₓ = T = 0 (for MBG/NBD times P(alive) = b/(a+b)).
        self.expected_purchases(t, 0.0, 0.0, 0.0)
    }

    /// P(exactly y purchases in (T, T+h] | x, tₓ, T) for y = 0…`max`.
    /// Derived by integrating the individual-level probabilities over the
    /// posterior of (λ, p): docs/clv.md.
    pub fn pmf(&self, h: f64, x: f64, t_x: f64, t: f64, max: usize) -> Vec<f64> {
        let (r, alpha, a, b, o) = (self.r, self.alpha, self.a, self.b, self.o());
        let ll = self.log_likelihood(x, t_x, t);
        let base = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        // Dropped out before T: Y = 0.
        let dead = if x > 0.0 || self.modified {
            (ln_beta(a + 1.0, b + x + o - 1.0) - ln_beta(a, b) + base
                - (r + x) * (alpha + t_x).ln()
                - ll)
                .exp()
        } else {
            0.0
        };
        let q = h / (alpha + t + h);
        let mut out = Vec::with_capacity(max + 1);
        // Negative binomial pmf of Poisson counts given the alive posterior of λ.
        let mut nb_cdf: f64 = 0.0;
        for y in 0..=max {
            let yf = y as f64;
            let ln_nb = ln_gamma(r + x + yf) - ln_gamma(r + x) - ln_gamma(yf + 1.0)
                + (r + x) * (1.0 - q).ln()
                + if y > 0 { yf * q.ln() } else { 0.0 };
            let alive_here = (ln_beta(a, b + x + o + yf) - ln_beta(a, b) + base
                - (r + x) * (alpha + t).ln()
                + ln_nb
                - ll)
                .exp();
            let dropped = if y > 0 {
                let survival = (1.0 - nb_cdf).max(0.0);
                (ln_beta(a + 1.0, b + x + o + yf - 1.0) - ln_beta(a, b) + base
                    - (r + x) * (alpha + t).ln()
                    - ll)
                    .exp()
                    * survival
            } else {
                0.0
            };
            nb_cdf += ln_nb.exp();
            let p = alive_here + dropped + if y == 0 { dead } else { 0.0 };
            out.push(if p.is_finite() { p.clamp(0.0, 1.0) } else { 0.0 });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: BgNbd = BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, modified: false };

    #[test]
    fn pmf_sums_to_one_and_its_mean_is_the_expectation() {
        for (x, t_x, t) in
            [(0.0, 0.0, 38.86), (2.0, 30.43, 38.86), (7.0, 35.0, 38.0), (1.0, 2.0, 32.0)]
        {
            for model in [P, BgNbd { modified: true, ..P }] {
                let p = model.pmf(39.0, x, t_x, t, 400);
                let total: f64 = p.iter().sum();
                let mean: f64 = p.iter().enumerate().map(|(y, p)| y as f64 * p).sum();
                let e = model.expected_purchases(39.0, x, t_x, t).unwrap();
                assert!((total - 1.0).abs() < 1e-9, "{x} {t_x} {t}: sum {total}");
                assert!((mean - e).abs() < 1e-7, "{x} {t_x} {t}: mean {mean} vs {e}");
            }
        }
    }

    #[test]
    fn the_concentrated_form_continues_the_exact_one() {
        // Just below CONCENTRATED the exact ₂F₁ form, just above it the delta method.
        for modified in [false, true] {
            for (x, t) in [(0.0, 38.0), (3.0, 30.0), (12.0, 52.0)] {
                let at = |a: f64| {
                    let m = BgNbd { r: 2.7, alpha: 23.5, a, b: 1.5e6, modified };
                    m.alive_factor(39.0, x, t).unwrap()
                };
                let (below, above) =
                    (at(CONCENTRATED * (1.0 - 1e-9)), at(CONCENTRATED * (1.0 + 1e-9)));
                assert!(
                    (below - above).abs() <= 1e-6 * below,
                    "{modified} {x} {t}: {below} vs {above}"
                );
            }
        }
    }
}
