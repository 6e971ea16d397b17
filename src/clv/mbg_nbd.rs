//! MBG/NBD (Batislam, Denizel & Filiztekin 2007): the BG/NBD in which a
//! customer can also drop out right after the first purchase, so a customer
//! with no repeat purchase is not certainly alive. The likelihood and every
//! prediction are those of [`super::bg_nbd`] with `modified = true`:
//!
//! L = B(a, b+x+1)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+T)^(r+x)) + B(a+1, b+x)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+tₓ)^(r+x));
//! P(alive) = 1 / (1 + a/(b+x) · ((α+T)/(α+tₓ))^(r+x)).

use super::bg_nbd::{BgNbd, BgObjective};
use super::summary::HistogramRow;

/// The MBG/NBD likelihood of the histogram, times multiplied by `scale`.
pub fn objective(rows: &[HistogramRow], scale: f64) -> BgObjective<'_> {
    BgObjective::new(rows, true, scale)
}

/// MBG/NBD parameters.
pub fn model(r: f64, alpha: f64, a: f64, b: f64) -> BgNbd {
    BgNbd { r, alpha, a, b, modified: true }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_without_repeats_may_be_gone() {
        let m = model(0.5, 5.0, 0.8, 2.5);
        let p = m.p_alive(0.0, 0.0, 30.0);
        // 1 / (1 + a/b) at x = 0 (tₓ = 0 makes the ratio (α+T)/α)^r... < 1.
        assert!(p < 1.0 && p > 0.0);
        let want = 1.0 / (1.0 + 0.8 / 2.5 * ((5.0f64 + 30.0) / 5.0).powf(0.5));
        assert!((p - want).abs() < 1e-12);
    }
}
