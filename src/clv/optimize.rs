//! Maximum likelihood: Nelder–Mead to start, then BFGS (a quasi-Newton
//! method) with exact gradients from dual numbers, all in log-parameter
//! space so every parameter stays positive; standard errors from the
//! Hessian of the log-likelihood at the optimum.
//!
//! Tolerances (stated in docs/clv.md): the objective is the negative
//! log-likelihood per customer plus the optional L2 penalty. Nelder–Mead
//! starts from a simplex of side 0.5 (in log-parameters) and runs until the
//! simplex's values agree within 1e-6 (relative) or 150 iterations per
//! parameter, only to bring BFGS near the optimum; BFGS
//! (backtracking Armijo line search) stops when the largest log-parameter
//! gradient is below 1e-8 (converged), or when no step lowers the objective
//! and that gradient is below 1e-5 (converged to rounding), after at most
//! 1,000 iterations. A parameter whose logarithm leaves [−18, 18]
//! (below 1.5e-8 or above 6.6e7) runs off to a boundary: the fit has no
//! maximum inside and is reported as not converged.

// Small dense matrices: index loops read like the formulas.
#![allow(clippy::needless_range_loop)]

use super::special::{Dual, Real, PARTIALS};
use serde::Serialize;

/// A negative log-likelihood over positive parameters.
pub trait Objective {
    /// Number of parameters (at most [`PARTIALS`]).
    fn dim(&self) -> usize;
    /// Total weight of the data (customers): the objective is divided by it.
    fn weight(&self) -> f64;
    /// The log-likelihood at `params` (all > 0); `None` where it is undefined.
    fn log_likelihood<R: Real>(&self, params: &[R]) -> Option<R>;
}

/// Settings of a fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FitOptions {
    /// L2 penalty λ: the objective adds λ Σ pᵢ² over the parameters (0 = off).
    pub penalty: f64,
    /// Largest absolute log-parameter gradient at which BFGS has converged.
    pub gradient_tolerance: f64,
    /// Most BFGS iterations.
    pub max_iterations: usize,
}

impl Default for FitOptions {
    fn default() -> FitOptions {
        FitOptions { penalty: 0.0, gradient_tolerance: 1e-8, max_iterations: 1000 }
    }
}

/// Where a fit ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    /// Parameters (positive).
    pub params: Vec<f64>,
    /// Log-likelihood at `params` (without the penalty).
    pub log_likelihood: f64,
    /// Nelder–Mead plus BFGS iterations.
    pub iterations: usize,
    /// Largest absolute gradient of the per-customer objective in log-parameters.
    pub gradient: f64,
    /// Standard errors, filled by the caller with [`standard_errors`] on the unscaled data.
    pub standard_errors: Option<Vec<f64>>,
}

/// Why a fit failed, in words.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FitFailure {
    pub message: String,
    pub iterations: usize,
    /// When parameters ran off to a boundary: every parameter where the run was stopped
    /// (those beyond the bound are far out, e.g. above 6.6e7), so a caller that knows the
    /// model's limit there (Gamma-Gamma's q, v → ∞) can use it.
    pub boundary: Option<Vec<f64>>,
    /// When a parameter ran off to a boundary: its index and whether toward infinity
    /// (else 0), so the caller can name it ([`runs_off_text`]).
    pub runs_off: Option<(usize, bool)>,
}

/// Why a fit failed when parameter `parameter` (its number or name) runs off to
/// infinity or to 0.
pub fn runs_off_text(parameter: &dyn std::fmt::Display, to_infinity: bool) -> String {
    let toward = if to_infinity {
        crate::text::t("core.clv.note.infinity", "infinity", &[])
    } else {
        "0".to_string()
    };
    crate::text::t(
        "core.clv.note.runsOff",
        "no maximum inside the parameter space: parameter {parameter} runs off to {toward} (too little or too uniform data for this model)",
        &[("parameter", parameter), ("toward", &toward)],
    )
}

/// `value` in scientific notation with `digits` after the page's decimal separator
/// (`1.2e-5` in English, `1,2e-5` in Dutch), as `format!("{value:.digits$e}")`.
pub fn scientific(value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) if digits > 0 => match mantissa.parse::<f64>() {
            Ok(m) => format!("{}e{exponent}", crate::number::decimal(m, digits)),
            Err(_) => text,
        },
        _ => text,
    }
}

const LOG_BOUND: f64 = 18.0;
/// BFGS stops after this many steps in a row that leave the objective unchanged
/// (to 1e-15): a fit stuck short of the gradient tolerance reports so at once.
pub const FLAT_STEPS: usize = 20;
const HARD_BOUND: f64 = 30.0;

/// Objective value (per customer, with penalty) at log-parameters `theta`.
fn value<O: Objective>(o: &O, theta: &[f64], penalty: f64) -> f64 {
    if theta.iter().any(|t| !t.is_finite() || t.abs() > HARD_BOUND) {
        return f64::INFINITY;
    }
    let params: Vec<f64> = theta.iter().map(|t| t.exp()).collect();
    match o.log_likelihood(&params) {
        Some(ll) if ll.is_finite() => {
            -ll / o.weight() + penalty * params.iter().map(|p| p * p).sum::<f64>()
        }
        _ => f64::INFINITY,
    }
}

/// Objective value and gradient in log-parameters.
fn value_gradient<O: Objective>(o: &O, theta: &[f64], penalty: f64) -> Option<(f64, Vec<f64>)> {
    if theta.iter().any(|t| !t.is_finite() || t.abs() > HARD_BOUND) {
        return None;
    }
    let params: Vec<Dual> = theta.iter().enumerate().map(|(i, t)| Dual::var(*t, i).exp()).collect();
    let ll = o.log_likelihood(&params)?;
    if !ll.is_finite() {
        return None;
    }
    let w = o.weight();
    let n = theta.len();
    let mut grad = vec![0.0; n];
    let mut f = -ll.v / w;
    for (i, g) in grad.iter_mut().enumerate() {
        let p = params[i].v;
        *g = -ll.d[i] / w + penalty * 2.0 * p * p;
        f += penalty * p * p;
    }
    Some((f, grad))
}

/// Finds the maximum-likelihood parameters from `start` (positive values).
pub fn fit<O: Objective>(
    o: &O,
    start: &[f64],
    options: &FitOptions,
) -> Result<Optimum, FitFailure> {
    let n = o.dim().min(PARTIALS);
    let penalty = options.penalty.max(0.0);
    let theta0: Vec<f64> = start.iter().take(n).map(|p| p.max(1e-6).ln()).collect();
    let (mut theta, nm_iterations) = nelder_mead(o, &theta0, penalty);
    let mut iterations = nm_iterations;
    let Some((mut f, mut g)) = value_gradient(o, &theta, penalty) else {
        return Err(FitFailure {
            message: crate::text::t(
                "core.clv.note.notEvaluable",
                "the likelihood cannot be evaluated at any starting point",
                &[],
            ),
            iterations,
            ..Default::default()
        });
    };
    // BFGS with an inverse-Hessian approximation.
    let mut h = identity(n);
    let mut converged = max_abs(&g) <= options.gradient_tolerance;
    let mut flat_steps = 0;
    while !converged && iterations < nm_iterations + options.max_iterations {
        iterations += 1;
        let mut dir: Vec<f64> =
            (0..n).map(|i| -(0..n).map(|j| h[i][j] * g[j]).sum::<f64>()).collect();
        let mut slope: f64 = dir.iter().zip(&g).map(|(d, g)| d * g).sum();
        if slope >= 0.0 || !slope.is_finite() {
            // Not a descent direction: restart from steepest descent.
            h = identity(n);
            dir = g.iter().map(|g| -g).collect();
            slope = -g.iter().map(|g| g * g).sum::<f64>();
        }
        // Keep steps in log space at most 2 long.
        let longest = max_abs(&dir);
        let mut step = if longest > 2.0 { 2.0 / longest } else { 1.0 };
        let mut accepted = None;
        for _ in 0..60 {
            let trial: Vec<f64> = theta.iter().zip(&dir).map(|(t, d)| t + step * d).collect();
            if let Some((ft, gt)) = value_gradient(o, &trial, penalty) {
                if ft <= f + 1e-4 * step * slope {
                    accepted = Some((trial, ft, gt));
                    break;
                }
            }
            step *= 0.5;
        }
        let Some((trial, ft, gt)) = accepted else {
            // No step lowers the objective: converged to rounding if the gradient is small.
            converged = max_abs(&g) <= 1e-5;
            break;
        };
        let s: Vec<f64> = trial.iter().zip(&theta).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = gt.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-14 {
            bfgs_update(&mut h, &s, &y, sy);
        }
        let decrease = f - ft;
        if trial.iter().any(|t| t.abs() > LOG_BOUND + 2.0) {
            // Running off to a boundary: no need to follow it further.
            theta = trial;
            break;
        }
        theta = trial;
        f = ft;
        g = gt;
        let flat = decrease.abs() <= 1e-15 * f.abs().max(1.0);
        let stalled = flat && max_abs(&g) <= 1e-5;
        if max_abs(&g) <= options.gradient_tolerance || stalled {
            converged = true;
        }
        // Steps so small that the objective no longer changes, one after another:
        // the fit is stuck (its gradient is above the tolerance), so stop rather than
        // spin to the iteration limit, each step costing a pass over the data.
        flat_steps = if flat { flat_steps + 1 } else { 0 };
        if flat_steps >= FLAT_STEPS {
            break;
        }
    }
    if let Some(i) = theta.iter().position(|t| t.abs() > LOG_BOUND) {
        let to_infinity = theta[i] > 0.0;
        return Err(FitFailure {
            message: runs_off_text(&(i + 1), to_infinity),
            iterations,
            boundary: Some(theta.iter().map(|t| t.exp()).collect()),
            runs_off: Some((i, to_infinity)),
        });
    }
    if !converged {
        return Err(FitFailure {
            message: crate::text::t(
                "core.clv.note.notConverged",
                "did not converge after {iterations} iterations (largest gradient {gradient}, tolerance {tolerance})",
                &[
                    ("iterations", &iterations),
                    ("gradient", &scientific(max_abs(&g), 1)),
                    ("tolerance", &scientific(options.gradient_tolerance, 0)),
                ],
            ),
            iterations,
            ..Default::default()
        });
    }
    let params: Vec<f64> = theta.iter().map(|t| t.exp()).collect();
    let log_likelihood = o.log_likelihood(&params).unwrap_or(f64::NEG_INFINITY);
    Ok(Optimum { params, log_likelihood, iterations, gradient: max_abs(&g), standard_errors: None })
}

fn identity(n: usize) -> Vec<Vec<f64>> {
    (0..n).map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect()).collect()
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1/(yᵀs).
fn bfgs_update(h: &mut [Vec<f64>], s: &[f64], y: &[f64], sy: f64) {
    let n = s.len();
    let rho = 1.0 / sy;
    let hy: Vec<f64> = (0..n).map(|i| (0..n).map(|j| h[i][j] * y[j]).sum()).collect();
    let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
    for i in 0..n {
        for j in 0..n {
            h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
    }
}

/// Nelder–Mead in log-parameters; returns the best point and the iterations used.
fn nelder_mead<O: Objective>(o: &O, start: &[f64], penalty: f64) -> (Vec<f64>, usize) {
    let n = start.len();
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n + 1);
    simplex.push((start.to_vec(), value(o, start, penalty)));
    for i in 0..n {
        let mut p = start.to_vec();
        p[i] += 0.5;
        let f = value(o, &p, penalty);
        simplex.push((p, f));
    }
    let max_iterations = 150 * n;
    let mut iterations = 0;
    while iterations < max_iterations {
        iterations += 1;
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, worst) = (simplex[0].1, simplex[n].1);
        if best.is_finite() && (worst - best).abs() <= 1e-6 * best.abs().max(1e-3) {
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| simplex[..n].iter().map(|(p, _)| p[j]).sum::<f64>() / n as f64)
            .collect();
        let along = |t: f64| -> Vec<f64> {
            centroid.iter().zip(&simplex[n].0).map(|(c, w)| c + t * (w - c)).collect()
        };
        let reflected = along(-1.0);
        let fr = value(o, &reflected, penalty);
        if fr < simplex[0].1 {
            let expanded = along(-2.0);
            let fe = value(o, &expanded, penalty);
            simplex[n] = if fe < fr { (expanded, fe) } else { (reflected, fr) };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            let (contracted, fc) = if fr < simplex[n].1 {
                let c = along(-0.5);
                let f = value(o, &c, penalty);
                (c, f)
            } else {
                let c = along(0.5);
                let f = value(o, &c, penalty);
                (c, f)
            };
            if fc < simplex[n].1.min(fr) {
                simplex[n] = (contracted, fc);
            } else {
                let best = simplex[0].0.clone();
                for point in simplex.iter_mut().skip(1) {
                    for j in 0..n {
                        point.0[j] = best[j] + 0.5 * (point.0[j] - best[j]);
                    }
                    point.1 = value(o, &point.0, penalty);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    (simplex.swap_remove(0).0, iterations)
}

/// Standard errors: square roots of the diagonal of the inverse Hessian of
/// −log-likelihood in the parameters, the Hessian taken by central
/// differences (step 1e-5 relative) of the exact gradient.
pub fn standard_errors<O: Objective>(o: &O, params: &[f64]) -> Option<Vec<f64>> {
    let n = params.len();
    let gradient = |p: &[f64]| -> Option<Vec<f64>> {
        let duals: Vec<Dual> = p.iter().enumerate().map(|(i, v)| Dual::var(*v, i)).collect();
        let ll = o.log_likelihood(&duals)?;
        ll.is_finite().then(|| (0..n).map(|i| -ll.d[i]).collect())
    };
    let mut hessian = vec![vec![0.0; n]; n];
    for j in 0..n {
        let h = 1e-5 * params[j];
        let mut up = params.to_vec();
        let mut down = params.to_vec();
        up[j] += h;
        down[j] -= h;
        let (gu, gd) = (gradient(&up)?, gradient(&down)?);
        for i in 0..n {
            hessian[i][j] = (gu[i] - gd[i]) / (2.0 * h);
        }
    }
    for i in 0..n {
        for j in 0..i {
            let m = 0.5 * (hessian[i][j] + hessian[j][i]);
            hessian[i][j] = m;
            hessian[j][i] = m;
        }
    }
    let inverse = invert_positive_definite(&hessian)?;
    let se: Vec<f64> = (0..n).map(|i| inverse[i][i].sqrt()).collect();
    se.iter().all(|s| s.is_finite()).then_some(se)
}

/// The inverse of a symmetric positive definite matrix (Cholesky); `None` otherwise.
pub fn invert_positive_definite(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = m[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if s.is_nan() || s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    // Columns of L⁻¹, then (L⁻¹)ᵀ L⁻¹.
    let mut inv_l = vec![vec![0.0; n]; n];
    for c in 0..n {
        for i in c..n {
            let rhs = if i == c { 1.0 } else { 0.0 };
            let s: f64 = rhs - (c..i).map(|k| l[i][k] * inv_l[k][c]).sum::<f64>();
            inv_l[i][c] = s / l[i][i];
        }
    }
    let mut out = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..n {
            out[i][j] = (0..n).map(|k| inv_l[k][i] * inv_l[k][j]).sum();
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gamma(shape k, rate λ) sample log-likelihood with known MLE moments.
    struct Rosen;
    impl Objective for Rosen {
        fn dim(&self) -> usize {
            2
        }
        fn weight(&self) -> f64 {
            1.0
        }
        fn log_likelihood<R: Real>(&self, p: &[R]) -> Option<R> {
            // −((1 − x)² + 100 (y − x²)²) with x = p0, y = p1: maximum at (1, 1).
            let (x, y) = (p[0], p[1]);
            let a = -x + 1.0;
            let b = y - x * x;
            Some(-(a * a + b * b * 100.0))
        }
    }

    #[test]
    fn finds_the_rosenbrock_minimum_in_log_space() {
        let out = fit(&Rosen, &[0.3, 2.0], &FitOptions::default()).unwrap();
        assert!((out.params[0] - 1.0).abs() < 1e-6, "{:?}", out.params);
        assert!((out.params[1] - 1.0).abs() < 1e-6, "{:?}", out.params);
        let se = standard_errors(&Rosen, &out.params).unwrap();
        assert!(se.iter().all(|s| s.is_finite() && *s > 0.0));
    }

    #[test]
    fn inverts_a_positive_definite_matrix() {
        let m = vec![vec![4.0, 1.0], vec![1.0, 3.0]];
        let inv = invert_positive_definite(&m).unwrap();
        assert!((inv[0][0] - 3.0 / 11.0).abs() < 1e-12);
        assert!((inv[0][1] + 1.0 / 11.0).abs() < 1e-12);
        assert!(invert_positive_definite(&[vec![1.0, 2.0], vec![2.0, 1.0]]).is_none());
    }
}
