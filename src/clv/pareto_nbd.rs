//! Pareto/NBD (Schmittlein, Morrison & Colombo 1987; Fader & Hardie's
//! derivations note, 2005): while alive a customer buys at Poisson rate
//! λ ~ Gamma(r, α) and lives an exponential time with rate μ ~ Gamma(s, β).
//!
//! L(x, tₓ, T) = Γ(r+x)αʳβˢ/Γ(r) · [1/((α+T)^(r+x)(β+T)ˢ) + s/(r+s+x) · A₀], with
//! A₀ = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+tₓ))/(α+tₓ)^(r+s+x) − (the same at T) when α ≥ β,
//! and with (β−α)/(β+t), r+x for s+1 and β for α when α < β. Each ₂F₁ is
//! evaluated after Euler's transformation, ₂F₁(a, b; a+1; z) =
//! (1−z)^(1−b) ₂F₁(1, a+1−b; a+1; z), whose series has positive terms below
//! zⁿ, and A₀ is kept in log space (heavy buyers would overflow otherwise).

use super::optimize::Objective;
use super::special::{gauss_legendre, hyp2f1, ln_gamma, log_diff_exp, log_sum_exp, Real};
use super::summary::{DistinctTimes, HistogramRow};

/// Fitted Pareto/NBD parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParetoNbd {
    pub r: f64,
    pub alpha: f64,
    pub s: f64,
    pub beta: f64,
}

/// The (x, tₓ, T) histogram as a Pareto/NBD likelihood. Each A₀ term depends
/// on (x, t) only, so it is computed once per distinct (x, tₓ) and (x, T);
/// ln(α + t) and ln(β + t) once per distinct time; the terms of x once per x.
pub struct ParetoObjective<'a> {
    rows: &'a [HistogramRow],
    /// Distinct scaled times and each row's indexes into them.
    times: DistinctTimes,
    /// Distinct (x, t, index of t in `times`) of the A₀ terms.
    pairs: Vec<(f64, f64, u32)>,
    /// Per row: the indexes of its (x, tₓ) and (x, T) in `pairs`.
    index: Vec<(u32, u32)>,
}

impl<'a> ParetoObjective<'a> {
    /// The likelihood of `rows` (sorted by x, as [`super::summary::Summary::histogram`]
    /// gives them), times multiplied by `scale`.
    pub fn new(rows: &'a [HistogramRow], scale: f64) -> ParetoObjective<'a> {
        let times = DistinctTimes::new(rows, scale);
        let mut pairs = Vec::new();
        let mut seen: std::collections::HashMap<(u64, u32), u32> = std::collections::HashMap::new();
        let mut slot = |x: f64, i: u32| -> u32 {
            *seen.entry((x.to_bits(), i)).or_insert_with(|| {
                pairs.push((x, times.times[i as usize], i));
                (pairs.len() - 1) as u32
            })
        };
        let index = rows
            .iter()
            .zip(&times.index)
            .map(|(r, &(i_tx, i_t))| (slot(r.x, i_tx), slot(r.x, i_t)))
            .collect();
        ParetoObjective { rows, times, pairs, index }
    }
}

/// ln of ₂F₁(r+s+x, b; r+s+x+1; z)/m^(r+s+x) at time t, with z = |α−β|/m,
/// m = max(α,β)+t; `ln_alpha_t` and `ln_beta_t` are ln(α+t) and ln(β+t).
#[allow(clippy::too_many_arguments)]
fn log_a0_term<R: Real>(
    r: R,
    alpha: R,
    s: R,
    beta: R,
    x: f64,
    t: f64,
    ln_alpha_t: R,
    ln_beta_t: R,
) -> Option<R> {
    let a_big = alpha.val() >= beta.val();
    let (low, high, b) = if a_big { (beta, alpha, s + 1.0) } else { (alpha, beta, r + x) };
    let (ln_low_t, ln_m) = if a_big { (ln_beta_t, ln_alpha_t) } else { (ln_alpha_t, ln_beta_t) };
    let m = high + t;
    let z = (high - low) / m;
    let a = r + s + x;
    // ₂F₁(a, b; a+1; z) = (1−z)^(1−b) G, G = ₂F₁(1, a+1−b; a+1; z); 1 − z = (low+t)/m.
    let g = hyp2f1(R::cst(1.0), a - b + 1.0, a + 1.0, z)?;
    let ln_one_minus_z = ln_low_t - ln_m;
    Some((-b + 1.0) * ln_one_minus_z + g.ln() - a * ln_m)
}

/// ln L of one (x, tₓ, T), without the terms that depend on parameters only.
fn row_log_likelihood<R: Real>(
    r: R,
    alpha: R,
    s: R,
    beta: R,
    x: f64,
    t_x: f64,
    t: f64,
) -> Option<(R, R)> {
    let (ln_alpha_t, ln_beta_t) = ((alpha + t).ln(), (beta + t).ln());
    let alive = -(r + x) * ln_alpha_t - s * ln_beta_t;
    let at_tx = log_a0_term(r, alpha, s, beta, x, t_x, (alpha + t_x).ln(), (beta + t_x).ln())?;
    let at_t = log_a0_term(r, alpha, s, beta, x, t, ln_alpha_t, ln_beta_t)?;
    let log_a0 = log_diff_exp(at_tx, at_t);
    let dead = s.ln() - (r + s + x).ln() + log_a0;
    Some((log_sum_exp(alive, dead), alive))
}

impl Objective for ParetoObjective<'_> {
    fn dim(&self) -> usize {
        4
    }
    fn weight(&self) -> f64 {
        self.rows.iter().map(|r| r.weight).sum::<f64>().max(1.0)
    }
    fn log_likelihood<R: Real>(&self, p: &[R]) -> Option<R> {
        let (r, alpha, s, beta) = (p[0], p[1], p[2], p[3]);
        let ln_alpha = self.times.ln_plus(alpha);
        let ln_beta = self.times.ln_plus(beta);
        let terms: Vec<R> = self
            .pairs
            .iter()
            .map(|&(x, t, i)| {
                let i = i as usize;
                log_a0_term(r, alpha, s, beta, x, t, ln_alpha[i], ln_beta[i])
            })
            .collect::<Option<Vec<R>>>()?;
        let ln_s = s.ln();
        let mut total = R::cst(0.0);
        let mut current_x = f64::NAN;
        let mut x_term = R::cst(0.0);
        let mut dead_x = R::cst(0.0);
        for ((row, &(i_tx, i_t)), &(_, i_time)) in
            self.rows.iter().zip(&self.index).zip(&self.times.index)
        {
            let x = row.x;
            if x != current_x {
                current_x = x;
                x_term = (r + x).ln_gamma();
                dead_x = ln_s - (r + s + x).ln();
            }
            let i_time = i_time as usize;
            let alive = -(r + x) * ln_alpha[i_time] - s * ln_beta[i_time];
            let dead = dead_x + log_diff_exp(terms[i_tx as usize], terms[i_t as usize]);
            total = total + (x_term + log_sum_exp(alive, dead)) * row.weight;
        }
        let w: f64 = self.rows.iter().map(|r| r.weight).sum();
        let out = total + (-r.ln_gamma() + r * alpha.ln() + s * beta.ln()) * w;
        out.is_finite().then_some(out)
    }
}

/// Gauss–Legendre nodes for the pmf's integral over the death time.
const QUADRATURE_POINTS: usize = 48;

impl ParetoNbd {
    /// P(alive at T | x, tₓ, T) = [1/((α+T)^(r+x)(β+T)ˢ)] / [the bracket of L].
    pub fn p_alive(&self, x: f64, t_x: f64, t: f64) -> Option<f64> {
        let (ll, alive) = row_log_likelihood(self.r, self.alpha, self.s, self.beta, x, t_x, t)?;
        let p = (alive - ll).exp();
        p.is_finite().then(|| p.clamp(0.0, 1.0))
    }

    /// E[purchases in (T, T+h] | x, tₓ, T] = P(alive) · (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+h))^(s−1)]
    /// (the limit (r+x)(β+T)/(α+T) · ln((β+T+h)/(β+T)) at s = 1).
    pub fn expected_purchases(&self, h: f64, x: f64, t_x: f64, t: f64) -> Option<f64> {
        let p_alive = self.p_alive(x, t_x, t)?;
        let out = p_alive * self.alive_expectation(h, x, t);
        out.is_finite().then_some(out.max(0.0))
    }

    /// E[purchases in (T, T+h]] for a customer alive at T with x purchases
    /// (it depends on (x, T) only).
    pub fn alive_expectation(&self, h: f64, x: f64, t: f64) -> f64 {
        let ln_q = (self.beta + t).ln() - (self.beta + t + h).ln();
        let e = self.s - 1.0;
        let integral = if e.abs() < 1e-10 { -ln_q } else { -(e * ln_q).exp_m1() / e };
        (self.r + x) * (self.beta + t) / (self.alpha + t) * integral
    }

    /// E[X(t)] for a customer just acquired: rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)].
    pub fn expected_purchases_new(&self, t: f64) -> Option<f64> {
        let out = self.alive_expectation(t, 0.0, 0.0);
        out.is_finite().then_some(out)
    }

    /// P(exactly y purchases in (T, T+h] | x, tₓ, T), y = 0…`max`. Given alive
    /// at T, λ ~ Gamma(r+x, α+T) and μ ~ Gamma(s, β+T) independently; the
    /// customer either lives through h (probability ((β+T)/(β+T+h))ˢ, count
    /// negative binomial over h) or dies at τ ∈ (0, h) (count negative
    /// binomial over τ), the τ-integral by 48-point Gauss–Legendre quadrature.
    pub fn pmf(&self, h: f64, x: f64, t_x: f64, t: f64, max: usize) -> Vec<f64> {
        let Some(p_alive) = self.p_alive(x, t_x, t) else { return vec![0.0; max + 1] };
        let (k, a, s, b) = (self.r + x, self.alpha + t, self.s, self.beta + t);
        let ln_nb = |y: f64, tau: f64| -> f64 {
            let q = tau / (a + tau);
            ln_gamma(k + y) - ln_gamma(k) - ln_gamma(y + 1.0)
                + k * (a / (a + tau)).ln()
                + if y > 0.0 { y * q.ln() } else { 0.0 }
        };
        let rule = gauss_legendre(QUADRATURE_POINTS);
        (0..=max)
            .map(|y| {
                let y = y as f64;
                let survive = (s * (b / (b + h)).ln() + ln_nb(y, h)).exp();
                let die: f64 = rule
                    .iter()
                    .map(|(node, weight)| {
                        let tau = 0.5 * h * (node + 1.0);
                        let density = s / b * (b / (b + tau)).powf(s + 1.0);
                        0.5 * h * weight * density * ln_nb(y, tau).exp()
                    })
                    .sum();
                let p = p_alive * (survive + die) + if y == 0.0 { 1.0 - p_alive } else { 0.0 };
                if p.is_finite() {
                    p.clamp(0.0, 1.0)
                } else {
                    0.0
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: ParetoNbd = ParetoNbd { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

    #[test]
    fn pmf_sums_to_one_and_its_mean_is_the_expectation() {
        for (x, t_x, t) in
            [(0.0, 0.0, 38.86), (2.0, 30.43, 38.86), (7.0, 35.0, 38.0), (1.0, 2.0, 32.0)]
        {
            let p = P.pmf(39.0, x, t_x, t, 300);
            let total: f64 = p.iter().sum();
            let mean: f64 = p.iter().enumerate().map(|(y, p)| y as f64 * p).sum();
            let e = P.expected_purchases(39.0, x, t_x, t).unwrap();
            assert!((total - 1.0).abs() < 1e-8, "{x} {t_x} {t}: sum {total}");
            assert!((mean - e).abs() < 1e-6, "{x} {t_x} {t}: mean {mean} vs {e}");
        }
    }

    #[test]
    fn heavy_buyers_have_a_finite_p_alive() {
        let p = ParetoNbd { r: 0.5, alpha: 0.01, s: 0.6, beta: 500.0 };
        let v = p.p_alive(400.0, 10.0, 700.0).unwrap();
        assert!(v.is_finite() && (0.0..=1.0).contains(&v));
    }
}
