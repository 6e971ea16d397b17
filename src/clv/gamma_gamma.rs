//! Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; the
//! Gamma-Gamma note, 2013): a customer's transaction values are Gamma(p, ν)
//! with ν ~ Gamma(q, v) across customers, independent of how often they buy.
//!
//! For x repeat transactions with mean value m:
//! f(m | x) = Γ(px+q)/(Γ(px)Γ(q)) · v^q m^(px−1) x^(px) / (v + m x)^(px+q);
//! E[M | m, x] = p (v + m x)/(px + q − 1).

use super::optimize::Objective;
use super::special::Real;

/// Fitted Gamma-Gamma parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub v: f64,
}

/// Repeat customers' (x, mean spend) as a Gamma-Gamma likelihood.
pub struct SpendObjective {
    /// Per distinct x: (x, customers, Σ ln m).
    groups: Vec<(f64, f64, f64)>,
    /// (x, m) per customer.
    values: Vec<(f64, f64)>,
    /// Spend is divided by this while fitting (v scales with it).
    scale: f64,
}

impl SpendObjective {
    /// From (x, mean spend) pairs with x ≥ 1 and spend > 0 (others are skipped), spend multiplied by `scale`.
    pub fn new(pairs: &[(f64, f64)], scale: f64) -> SpendObjective {
        let mut values: Vec<(f64, f64)> = pairs
            .iter()
            .filter(|(x, m)| *x >= 1.0 && *m > 0.0 && m.is_finite())
            .map(|(x, m)| (*x, m * scale))
            .collect();
        values.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut groups: Vec<(f64, f64, f64)> = Vec::new();
        for &(x, m) in &values {
            match groups.last_mut() {
                Some(g) if g.0 == x => {
                    g.1 += 1.0;
                    g.2 += m.ln();
                }
                _ => groups.push((x, 1.0, m.ln())),
            }
        }
        SpendObjective { groups, values, scale }
    }

    /// Number of customers in the fit.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when nobody can be fitted.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The scale spend was multiplied by.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Objective for SpendObjective {
    fn dim(&self) -> usize {
        3
    }
    fn weight(&self) -> f64 {
        (self.values.len() as f64).max(1.0)
    }
    fn log_likelihood<R: Real>(&self, params: &[R]) -> Option<R> {
        // Per customer: lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + px ln x + (px−1) ln m
        // − (px+q) ln(v + mx), rearranged so that no two large terms cancel: with
        // ln(v + mx) = ln v + ln(1 + mx/v) it is D(q, px) + px ln(q/v) − lnΓ(px) + px ln x
        // + (px−1) ln m − (px+q) ln(1 + mx/v), where D(q, a) = lnΓ(q+a) − lnΓ(q) − a ln q.
        // When spend hardly differs between customers the maximum lies far out on the ridge
        // q, v → ∞ (q/v fixed), where the direct form loses ~10 digits to cancellation and
        // the optimiser wanders in rounding noise.
        let (p, q, v) = (params[0], params[1], params[2]);
        let ln_q_over_v = q.ln() - v.ln();
        let mut total = R::cst(0.0);
        for &(x, count, sum_ln_m) in &self.groups {
            let px = p * x;
            let per = ln_gamma_excess(q, px) + px * ln_q_over_v - px.ln_gamma() + px * x.ln();
            total = total + per * count + (px - 1.0) * sum_ln_m;
        }
        for &(x, m) in &self.values {
            total = total - (p * x + q) * (R::cst(m * x) / v).ln_1p();
        }
        total.is_finite().then_some(total)
    }
}

/// D(q, a) = lnΓ(q + a) − lnΓ(q) − a ln q, without cancellation for large q: directly
/// below q = 1,000, else from Stirling's series,
/// D = (q + a − ½) ln(1 + a/q) − a + S(q + a) − S(q), S(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵)
/// (truncation error below 1e-24 there).
fn ln_gamma_excess<R: Real>(q: R, a: R) -> R {
    if q.val() < 1_000.0 {
        return (q + a).ln_gamma() - q.ln_gamma() - a * q.ln();
    }
    let stirling = |z: R| {
        let w = R::cst(1.0) / z;
        let w2 = w * w;
        w * (R::cst(1.0 / 12.0) - w2 * (R::cst(1.0 / 360.0) - w2 * (1.0 / 1260.0)))
    };
    (q + a - 0.5) * (a / q).ln_1p() - a + (stirling(q + a) - stirling(q))
}

impl GammaGamma {
    /// E[average spend | m, x] = p(v + m x)/(px + q − 1); for x = 0 the
    /// population mean pv/(q − 1). `None` when px + q ≤ 1 (no finite mean).
    pub fn expected_spend(&self, x: f64, m: f64) -> Option<f64> {
        let (x, m) = if m > 0.0 && x > 0.0 { (x, m) } else { (0.0, 0.0) };
        let denominator = self.p * x + self.q - 1.0;
        (denominator > 0.0).then(|| self.p * (self.v + m * x) / denominator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The per-customer log-likelihood as written in the literature (the direct form).
    fn direct(pairs: &[(f64, f64)], p: f64, q: f64, v: f64) -> f64 {
        use super::super::special::ln_gamma;
        pairs
            .iter()
            .map(|&(x, m)| {
                ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q)
                    + q * v.ln()
                    + (p * x - 1.0) * m.ln()
                    + p * x * x.ln()
                    - (p * x + q) * (v + m * x).ln()
            })
            .sum()
    }

    #[test]
    fn the_rearranged_likelihood_equals_the_direct_form() {
        let pairs = [(1.0, 12.5), (2.0, 40.0), (2.0, 7.25), (5.0, 31.0), (11.0, 18.0)];
        let o = SpendObjective::new(&pairs, 1.0);
        // Both branches of D(q, a): q below and above 1,000, and across the threshold.
        for (p, q, v) in [
            (6.25, 3.74, 15.44),
            (0.8, 0.3, 2.0),
            (4.0, 999.9, 2_500.0),
            (4.0, 1_000.1, 2_500.0),
            (3.0, 5e3, 1.2e4),
        ] {
            let ours = o.log_likelihood(&[p, q, v]).unwrap();
            let theirs = direct(&pairs, p, q, v);
            assert!(
                (ours - theirs).abs() <= 1e-9 * theirs.abs(),
                "{p} {q} {v}: {ours} vs {theirs}"
            );
        }
    }

    #[test]
    fn far_out_on_the_ridge_the_likelihood_is_smooth() {
        // q and v 1e9: the direct form is noise at the 1e-7 level here; ours changes smoothly.
        let pairs = [(1.0, 12.5), (2.0, 40.0), (5.0, 31.0)];
        let o = SpendObjective::new(&pairs, 1.0);
        let at = |q: f64| o.log_likelihood(&[4.0, q, 2.0 * q]).unwrap();
        let (a, b, c) = (at(1e9), at(1e9 * (1.0 + 1e-6)), at(1e9 * (1.0 + 2e-6)));
        // Second differences of a smooth function at this step are ~1e-21.
        assert!((a - 2.0 * b + c).abs() < 1e-12, "{a} {b} {c}");
    }
}
