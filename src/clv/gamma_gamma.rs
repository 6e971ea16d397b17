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
        let (p, q, v) = (params[0], params[1], params[2]);
        let mut total = R::cst(0.0);
        for &(x, count, sum_ln_m) in &self.groups {
            let px = p * x;
            let per = (px + q).ln_gamma() - px.ln_gamma() - q.ln_gamma() + q * v.ln() + px * x.ln();
            total = total + per * count + (px - 1.0) * sum_ln_m;
        }
        for &(x, m) in &self.values {
            total = total - (p * x + q) * (v + m * x).ln();
        }
        total.is_finite().then_some(total)
    }
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
