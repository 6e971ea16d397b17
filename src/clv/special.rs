//! Special functions for the CLV models, written once for plain numbers and
//! for dual numbers (value plus exact first derivatives), so every
//! log-likelihood gives its gradient by forward-mode differentiation.
//!
//! - [`Real`]: the arithmetic the models use (`f64` and [`Dual`]).
//! - [`ln_gamma`], [`digamma`], [`ln_beta`]: log-gamma with its sign, the
//!   digamma function (the derivative of log-gamma).
//! - [`hyp2f1`]: the Gaussian hypergeometric function ₂F₁(a, b; c; z) for
//!   real parameters and z < 1 (see its documentation for the ranges).
//! - [`log_sum_exp`], [`log_diff_exp`]: sums and differences of exponentials
//!   in log space.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// Number of partial derivatives a [`Dual`] carries: the most parameters a
/// model has (BG/NBD, MBG/NBD, Pareto/NBD and BG/BB have four).
pub const PARTIALS: usize = 4;

/// The arithmetic of the log-likelihoods: plain `f64`, or [`Dual`] for the gradient.
pub trait Real:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
{
    /// A constant (all derivatives 0).
    fn cst(value: f64) -> Self;
    /// The value.
    fn val(self) -> f64;
    /// Natural logarithm.
    fn ln(self) -> Self;
    /// ln(1 + x), accurate for small x.
    fn ln_1p(self) -> Self;
    /// Exponential.
    fn exp(self) -> Self;
    /// exp(x) − 1, accurate for small x.
    fn exp_m1(self) -> Self;
    /// ln |Γ(x)| (the sign of Γ(x) is [`gamma_sign`]).
    fn ln_gamma(self) -> Self;
    /// x^y = exp(y ln x) for x > 0.
    fn pow(self, y: Self) -> Self {
        (y * self.ln()).exp()
    }
    /// x^n for a constant exponent.
    fn powf(self, n: f64) -> Self {
        (self.ln() * n).exp()
    }
    /// True when the value and every derivative are finite.
    fn is_finite(self) -> bool;
}

impl Real for f64 {
    #[inline(always)]
    fn cst(value: f64) -> f64 {
        value
    }
    #[inline(always)]
    fn val(self) -> f64 {
        self
    }
    #[inline(always)]
    fn ln(self) -> f64 {
        f64::ln(self)
    }
    #[inline(always)]
    fn ln_1p(self) -> f64 {
        f64::ln_1p(self)
    }
    #[inline(always)]
    fn exp(self) -> f64 {
        f64::exp(self)
    }
    #[inline(always)]
    fn exp_m1(self) -> f64 {
        f64::exp_m1(self)
    }
    #[inline(always)]
    fn ln_gamma(self) -> f64 {
        ln_gamma(self)
    }
    #[inline(always)]
    fn pow(self, y: f64) -> f64 {
        self.powf(y)
    }
    #[inline(always)]
    fn powf(self, n: f64) -> f64 {
        f64::powf(self, n)
    }
    #[inline(always)]
    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }
}

/// A dual number: a value and its partial derivatives with respect to up to
/// [`PARTIALS`] parameters. Arithmetic on duals applies the chain rule, so a
/// function written over [`Real`] gives its exact gradient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dual {
    /// The value.
    pub v: f64,
    /// ∂value/∂parameterᵢ.
    pub d: [f64; PARTIALS],
}

impl Dual {
    /// The `i`-th parameter with value `v` (derivative 1 with respect to itself).
    #[inline(always)]
    pub fn var(v: f64, i: usize) -> Dual {
        let mut d = [0.0; PARTIALS];
        if let Some(slot) = d.get_mut(i) {
            *slot = 1.0;
        }
        Dual { v, d }
    }

    /// Applies a function with value `f` and derivative `df` at `self.v`.
    #[inline(always)]
    fn chain(self, f: f64, df: f64) -> Dual {
        let mut d = self.d;
        for x in d.iter_mut() {
            *x *= df;
        }
        Dual { v: f, d }
    }
}

impl Add for Dual {
    type Output = Dual;
    #[inline(always)]
    fn add(self, o: Dual) -> Dual {
        let mut d = self.d;
        for (x, y) in d.iter_mut().zip(o.d) {
            *x += y;
        }
        Dual { v: self.v + o.v, d }
    }
}

impl Sub for Dual {
    type Output = Dual;
    #[inline(always)]
    fn sub(self, o: Dual) -> Dual {
        let mut d = self.d;
        for (x, y) in d.iter_mut().zip(o.d) {
            *x -= y;
        }
        Dual { v: self.v - o.v, d }
    }
}

impl Mul for Dual {
    type Output = Dual;
    #[inline(always)]
    fn mul(self, o: Dual) -> Dual {
        let mut d = [0.0; PARTIALS];
        for (i, x) in d.iter_mut().enumerate() {
            *x = self.d[i] * o.v + self.v * o.d[i];
        }
        Dual { v: self.v * o.v, d }
    }
}

impl Div for Dual {
    type Output = Dual;
    #[inline(always)]
    fn div(self, o: Dual) -> Dual {
        let inv = 1.0 / o.v;
        let v = self.v * inv;
        let mut d = [0.0; PARTIALS];
        for (i, x) in d.iter_mut().enumerate() {
            *x = (self.d[i] - v * o.d[i]) * inv;
        }
        Dual { v, d }
    }
}

impl Neg for Dual {
    type Output = Dual;
    #[inline(always)]
    fn neg(self) -> Dual {
        self.chain(-self.v, -1.0)
    }
}

impl Add<f64> for Dual {
    type Output = Dual;
    #[inline(always)]
    fn add(self, o: f64) -> Dual {
        Dual { v: self.v + o, d: self.d }
    }
}

impl Sub<f64> for Dual {
    type Output = Dual;
    #[inline(always)]
    fn sub(self, o: f64) -> Dual {
        Dual { v: self.v - o, d: self.d }
    }
}

impl Mul<f64> for Dual {
    type Output = Dual;
    #[inline(always)]
    fn mul(self, o: f64) -> Dual {
        self.chain(self.v * o, o)
    }
}

impl Div<f64> for Dual {
    type Output = Dual;
    #[inline(always)]
    fn div(self, o: f64) -> Dual {
        self.chain(self.v / o, 1.0 / o)
    }
}

impl Real for Dual {
    #[inline(always)]
    fn cst(value: f64) -> Dual {
        Dual { v: value, d: [0.0; PARTIALS] }
    }
    #[inline(always)]
    fn val(self) -> f64 {
        self.v
    }
    #[inline(always)]
    fn ln(self) -> Dual {
        self.chain(self.v.ln(), 1.0 / self.v)
    }
    #[inline(always)]
    fn ln_1p(self) -> Dual {
        self.chain(self.v.ln_1p(), 1.0 / (1.0 + self.v))
    }
    #[inline(always)]
    fn exp(self) -> Dual {
        let e = self.v.exp();
        self.chain(e, e)
    }
    #[inline(always)]
    fn exp_m1(self) -> Dual {
        self.chain(self.v.exp_m1(), self.v.exp())
    }
    #[inline(always)]
    fn ln_gamma(self) -> Dual {
        self.chain(ln_gamma(self.v), digamma(self.v))
    }
    #[inline(always)]
    fn powf(self, n: f64) -> Dual {
        let p = self.v.powf(n);
        self.chain(p, n * self.v.powf(n - 1.0))
    }
    #[inline(always)]
    fn is_finite(self) -> bool {
        self.v.is_finite() && self.d.iter().all(|x| x.is_finite())
    }
}

/// ln |Γ(x)| (infinite at 0 and the negative integers).
pub fn ln_gamma(x: f64) -> f64 {
    libm::lgamma_r(x).0
}

/// The sign of Γ(x): 1 or −1 (1 at the poles, where Γ is infinite).
pub fn gamma_sign(x: f64) -> f64 {
    if libm::lgamma_r(x).1 < 0 {
        -1.0
    } else {
        1.0
    }
}

/// The digamma function ψ(x) = d/dx ln Γ(x): recurrence up to x ≥ 10, then the
/// asymptotic series (error below 1e-15); reflection for x < 0.
pub fn digamma(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    if x <= 0.0 {
        if x == x.floor() {
            return f64::NAN;
        }
        // ψ(x) = ψ(1 − x) − π / tan(πx)
        return digamma(1.0 - x) - std::f64::consts::PI / (std::f64::consts::PI * x).tan();
    }
    let mut x = x;
    let mut acc = 0.0;
    while x < 10.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    let series = f
        * (-1.0 / 12.0
            + f * (1.0 / 120.0
                + f * (-1.0 / 252.0
                    + f * (1.0 / 240.0 + f * (-1.0 / 132.0 + f * (691.0 / 32760.0))))));
    acc + x.ln() - 0.5 / x + series
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0.
#[inline(always)]
pub fn ln_beta<R: Real>(a: R, b: R) -> R {
    a.ln_gamma() + b.ln_gamma() - (a + b).ln_gamma()
}

/// ln(eˣ + eʸ) without overflow.
#[inline(always)]
pub fn log_sum_exp<R: Real>(x: R, y: R) -> R {
    if x.val() == f64::NEG_INFINITY {
        return y;
    }
    if y.val() == f64::NEG_INFINITY {
        return x;
    }
    if x.val() >= y.val() {
        x + (y - x).exp().ln_1p()
    } else {
        y + (x - y).exp().ln_1p()
    }
}

/// ln(eˣ − eʸ) for x ≥ y (−∞ when they are equal).
#[inline(always)]
pub fn log_diff_exp<R: Real>(x: R, y: R) -> R {
    if y.val() == f64::NEG_INFINITY {
        return x;
    }
    if y.val() >= x.val() {
        return R::cst(f64::NEG_INFINITY);
    }
    x + (-(y - x).exp_m1()).ln()
}

/// Most terms a hypergeometric series may take before it is declared not to converge.
const MAX_TERMS: usize = 5_000;
/// Relative size of the last term at which a series stops.
const SERIES_TOLERANCE: f64 = 1e-16;
/// Above this z the series is replaced by the 1 − z transformation.
const DIRECT_LIMIT: f64 = 0.75;
/// c − a − b closer than this to an integer takes the limit by interpolation.
const INTEGER_GUARD: f64 = 1e-5;

/// The Gaussian hypergeometric function ₂F₁(a, b; c; z) for real a, b, c
/// (c not 0 or a negative integer) and z < 1; `None` when it does not
/// converge (no NaN is ever returned).
///
/// Ranges: 0 ≤ z ≤ 0.75 sums the Gauss series directly; z < 0 uses Pfaff's
/// transformation ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z/(z − 1)),
/// which maps it into [0, 1); 0.75 < z < 1 uses the 1 − z connection formula
/// (Abramowitz & Stegun 15.3.6), whose two series converge at rate 1 − z < 0.25.
/// When c − a − b is within 1e-5 of an integer (where that formula has
/// cancelling poles) the value is interpolated linearly in c between the two
/// points at distance 1e-5 on either side of the integer (relative error below
/// about 1e-9).
pub fn hyp2f1<R: Real>(a: R, b: R, c: R, z: R) -> Option<R> {
    let zv = z.val();
    if zv.is_nan() || zv >= 1.0 || !zv.is_finite() {
        return None;
    }
    let out = if zv < 0.0 {
        let w = z / (z - 1.0);
        let scale = (-z).ln_1p() * (-a);
        hyp2f1_unit(a, c - b, c, w).map(|f| f * scale.exp())
    } else {
        hyp2f1_unit(a, b, c, z)
    }?;
    out.is_finite().then_some(out)
}

/// ₂F₁ for 0 ≤ z < 1.
fn hyp2f1_unit<R: Real>(a: R, b: R, c: R, z: R) -> Option<R> {
    if z.val() <= DIRECT_LIMIT {
        return series(a, b, c, z);
    }
    let m = (c - a - b).val();
    let nearest = m.round();
    if (m - nearest).abs() < INTEGER_GUARD {
        let d = m - nearest;
        let c1 = c + (INTEGER_GUARD - d);
        let c2 = c - (INTEGER_GUARD + d);
        let f1 = one_minus_z(a, b, c1, z)?;
        let f2 = one_minus_z(a, b, c2, z)?;
        // c lies between c1 and c2 at the fraction (c − c1)/(c2 − c1).
        let t = (d - INTEGER_GUARD) / (-2.0 * INTEGER_GUARD);
        return Some(f1 + (f2 - f1) * t);
    }
    one_minus_z(a, b, c, z)
}

/// Γ(p)Γ(q) / (Γ(s)Γ(u)) with signs, as a [`Real`] (0 when s or u is a pole).
fn gamma_ratio<R: Real>(p: R, q: R, s: R, u: R) -> R {
    let sign =
        gamma_sign(p.val()) * gamma_sign(q.val()) * gamma_sign(s.val()) * gamma_sign(u.val());
    let pole = |x: f64| x <= 0.0 && x == x.floor();
    if pole(s.val()) || pole(u.val()) {
        return R::cst(0.0);
    }
    (p.ln_gamma() + q.ln_gamma() - s.ln_gamma() - u.ln_gamma()).exp() * sign
}

/// A&S 15.3.6: ₂F₁(a,b;c;z) = A ₂F₁(a,b;a+b−c+1;1−z) + B (1−z)^(c−a−b) ₂F₁(c−a,c−b;c−a−b+1;1−z).
fn one_minus_z<R: Real>(a: R, b: R, c: R, z: R) -> Option<R> {
    let w = -z + 1.0;
    let m = c - a - b;
    let first = gamma_ratio(c, m, c - a, c - b) * series(a, b, -m + 1.0, w)?;
    let second = gamma_ratio(c, -m, a, b) * (m * w.ln()).exp() * series(c - a, c - b, m + 1.0, w)?;
    Some(first + second)
}

/// The Gauss series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ.
fn series<R: Real>(a: R, b: R, c: R, z: R) -> Option<R> {
    let mut term = R::cst(1.0);
    let mut sum = R::cst(1.0);
    for n in 0..MAX_TERMS {
        let k = n as f64;
        term = term * (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        sum = sum + term;
        if term.val() == 0.0 {
            return Some(sum);
        }
        if term.val().abs() <= SERIES_TOLERANCE * sum.val().abs() && n > 2 {
            // Terms decrease from here on once the ratio is below one.
            let ratio = ((a.val() + k + 1.0) * (b.val() + k + 1.0)
                / ((c.val() + k + 1.0) * (k + 2.0))
                * z.val())
            .abs();
            if ratio < 1.0 {
                return Some(sum);
            }
        }
        if !sum.val().is_finite() || term.val().abs() > 1e250 {
            return None;
        }
    }
    None
}

/// Nodes and weights of n-point Gauss–Legendre quadrature on [−1, 1]
/// (Newton's method on the Legendre polynomial, to machine precision).
pub fn gauss_legendre(n: usize) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut x = (std::f64::consts::PI * (i as f64 + 0.75) / (n as f64 + 0.5)).cos();
        let mut dp = 1.0;
        for _ in 0..100 {
            let (mut p0, mut p1) = (1.0, x);
            for k in 2..=n {
                let k = k as f64;
                let p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            dp = n as f64 * (x * p1 - p0) / (x * x - 1.0);
            let step = p1 / dp;
            x -= step;
            if step.abs() < 1e-16 {
                break;
            }
        }
        out.push((x, 2.0 / ((1.0 - x * x) * dp * dp)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digamma_matches_known_values() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2
        let euler = 0.577_215_664_901_532_9;
        assert!((digamma(1.0) + euler).abs() < 1e-13);
        assert!((digamma(0.5) + euler + 2.0 * 2f64.ln()).abs() < 1e-13);
        assert!(
            (digamma(-0.5)
                - (digamma(1.5) - std::f64::consts::PI / (-0.5 * std::f64::consts::PI).tan()))
            .abs()
                < 1e-12
        );
    }

    #[test]
    fn hyp2f1_closed_forms() {
        // ₂F₁(1,1;2;z) = −ln(1−z)/z ; ₂F₁(a,b;b;z) = (1−z)^(−a)
        for z in [-5.0, -0.9, -0.3, 0.1, 0.5, 0.74, 0.76, 0.9, 0.999] {
            let f: f64 = hyp2f1(1.0, 1.0, 2.0, z).unwrap();
            let want = -(1.0f64 - z).ln() / z;
            assert!((f - want).abs() < 1e-9 * want.abs(), "z={z}: {f} vs {want}");
            let g: f64 = hyp2f1(0.7, 2.3, 2.3, z).unwrap();
            let want = (1.0f64 - z).powf(-0.7);
            assert!((g - want).abs() < 1e-9 * want, "z={z}: {g} vs {want}");
        }
    }

    #[test]
    fn dual_gradient_matches_differences() {
        let f = |x: Dual, y: Dual| {
            hyp2f1(x, y, x + y + 0.5, Dual::cst(0.9)).unwrap().ln() + x.ln_gamma()
        };
        let (x, y) = (0.8, 1.7);
        let g = f(Dual::var(x, 0), Dual::var(y, 1));
        let h = 1e-6;
        let fx = |x: f64, y: f64| f(Dual::cst(x), Dual::cst(y)).v;
        let dx = (fx(x + h, y) - fx(x - h, y)) / (2.0 * h);
        let dy = (fx(x, y + h) - fx(x, y - h)) / (2.0 * h);
        assert!((g.d[0] - dx).abs() < 1e-6, "{} vs {dx}", g.d[0]);
        assert!((g.d[1] - dy).abs() < 1e-6, "{} vs {dy}", g.d[1]);
    }

    #[test]
    fn gauss_legendre_integrates_polynomials() {
        let rule = gauss_legendre(16);
        let s: f64 = rule.iter().map(|(x, w)| w * x.powi(10)).sum();
        assert!((s - 2.0 / 11.0).abs() < 1e-14);
    }
}
