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

use super::optimize::Objective;
use super::special::{ln_beta, log_sum_exp, Real};
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
    /// Per row: the indexes of (x, n−x) and (x, tₓ−x) in `pairs`.
    index: Vec<(u32, u32)>,
    /// The largest n over the rows.
    longest: u32,
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
        let index = rows
            .iter()
            .map(|r| (slot(r.x, r.n.saturating_sub(r.x)), slot(r.x, r.t_x.saturating_sub(r.x))))
            .collect();
        let longest = rows.iter().map(|r| r.n).max().unwrap_or(0);
        BgBbObjective { rows, pairs, index, longest }
    }
}

fn row_log_likelihood<R: Real>(
    alpha: R,
    beta: R,
    gamma: R,
    delta: R,
    x: f64,
    t_x: f64,
    n: f64,
) -> (R, R) {
    let alive = ln_beta(alpha + x, beta + (n - x)) + ln_beta(gamma, delta + n);
    let count = (n - t_x) as usize;
    if count == 0 {
        return (alive, alive);
    }
    let first = ln_beta(alpha + x, beta + (t_x - x)) + ln_beta(gamma + 1.0, delta + t_x);
    let mut term = R::cst(1.0);
    let mut sum = R::cst(1.0);
    for i in 0..count - 1 {
        let i = i as f64;
        term = term * (beta + (t_x - x + i)) / (alpha + beta + (t_x + i)) * (delta + (t_x + i))
            / (gamma + delta + (1.0 + t_x + i));
        sum = sum + term;
    }
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
        // B(γ, δ+n) and B(γ+1, δ+tₓ) per whole number of units.
        let units = 0..=self.longest;
        let gd: Vec<R> = units.clone().map(|n| ln_beta(gamma, delta + n as f64)).collect();
        let gd1: Vec<R> = units.map(|t| ln_beta(gamma + 1.0, delta + t as f64)).collect();
        let mut total = R::cst(0.0);
        // The running sum over i of the current (x, tₓ): (x, tₓ, i done, term, sum).
        let mut run: Option<(u32, u32, usize, R, R)> = None;
        for (row, &(i_alive, i_first)) in self.rows.iter().zip(&self.index) {
            let (x, t_x, n) = (row.x as f64, row.t_x as f64, row.n as f64);
            let alive = ab[i_alive as usize] + gd[row.n as usize];
            let count = (n - t_x) as usize;
            let ll = if count == 0 {
                alive
            } else {
                let first = ab[i_first as usize] + gd1[row.t_x as usize];
                let (mut done, mut term, mut sum) = match run {
                    Some((rx, rt, done, term, sum))
                        if rx == row.x && rt == row.t_x && done < count =>
                    {
                        (done, term, sum)
                    }
                    _ => (0, R::cst(1.0), R::cst(1.0)),
                };
                // Terms 0…count−2 (the partial sums of a longer run are the same numbers).
                while done + 1 < count {
                    let i = done as f64;
                    term = term * (beta + (t_x - x + i)) / (alpha + beta + (t_x + i))
                        * (delta + (t_x + i))
                        / (gamma + delta + (1.0 + t_x + i));
                    sum = sum + term;
                    done += 1;
                }
                run = Some((row.x, row.t_x, done, term, sum));
                log_sum_exp(alive, first + sum.ln())
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
        row_log_likelihood(self.alpha, self.beta, self.gamma, self.delta, x, t_x, n)
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
    /// (`None` for no units): it depends on n only.
    pub fn survival_factor(&self, units: f64, n: f64) -> Option<f64> {
        if units.is_nan() || units <= 0.0 {
            return None;
        }
        let whole = units.floor() as usize;
        let frac = units - whole as f64;
        let mut term = 1.0;
        let mut sum = 0.0;
        let mut last = 0.0;
        for k in 1..=whole + 1 {
            // B(γ, δ+n+k) = B(γ, δ+n+k−1) · (δ+n+k−1)/(γ+δ+n+k−1)
            let m = self.delta + n + k as f64 - 1.0;
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
        let ln_bab = ln_beta(a, b);
        let ln_bgd = ln_beta(g, d);
        let beta_binomial = |y: usize, k: usize| -> f64 {
            if y > k {
                return 0.0;
            }
            let (y, k) = (y as f64, k as f64);
            (super::special::ln_gamma(k + 1.0)
                - super::special::ln_gamma(y + 1.0)
                - super::special::ln_gamma(k - y + 1.0)
                + ln_beta(a + y, b + k - y)
                - ln_bab)
                .exp()
        };
        let units = units as usize;
        let mut out = vec![0.0; max + 1];
        for k in 0..=units {
            let weight = if k < units {
                (ln_beta(g + 1.0, d + k as f64) - ln_bgd).exp()
            } else {
                (ln_beta(g, d + k as f64) - ln_bgd).exp()
            };
            for (y, slot) in out.iter_mut().enumerate() {
                *slot += weight * beta_binomial(y, k);
            }
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
