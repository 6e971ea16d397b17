//! Numbers as text for people, shared by the charts (labels, text
//! alternatives) and the analyses' own sentences (definitions, warnings,
//! the command line's tables), so they read the same everywhere. The decimal
//! and thousands separators are the page's language's (`core.number.decimal`,
//! `core.number.group` of the tables: `12.5` and `1,234` in English, `12,5` and
//! `1.234` in Dutch); natively they are English.

/// The decimal separator and the thousands separator of the page's language.
fn separators() -> (String, String) {
    (crate::text::t("core.number.decimal", ".", &[]), crate::text::t("core.number.group", ",", &[]))
}

/// `format!("{value:.decimals$}")`, the same text, by integer arithmetic where it gives the
/// same digits (up to 6 decimals, below 1e15 once scaled, not within rounding error of a tie):
/// Rust's exact float formatting works with big numbers and was the most of the time of a big
/// file's engagement table (a formula line with seven numbers per customer).
pub fn fixed(value: f64, decimals: usize) -> String {
    if value.is_finite() && decimals <= 6 {
        let x = value.abs() * 10f64.powi(decimals as i32);
        if x < 1e15 {
            let floor = x.floor();
            // Exact: x's fraction. x is within half an ulp of the true product, so away from
            // a tie (by more than that error) both round to the same integer.
            let frac = x - floor;
            if (frac - 0.5).abs() > x * 4.0 * f64::EPSILON + f64::MIN_POSITIVE {
                let mut n = if frac > 0.5 { floor as u64 + 1 } else { floor as u64 };
                // The digits from the last, a point after `decimals` of them, at least one
                // digit before it; then the sign. No formatter: this is the hot path.
                let mut buffer = [0u8; 32];
                let mut at = buffer.len();
                let mut written = 0;
                while n > 0 || written <= decimals {
                    if written == decimals && decimals > 0 {
                        at -= 1;
                        buffer[at] = b'.';
                    }
                    at -= 1;
                    buffer[at] = b'0' + (n % 10) as u8;
                    n /= 10;
                    written += 1;
                }
                if value.is_sign_negative() {
                    at -= 1;
                    buffer[at] = b'-';
                }
                return buffer[at..].iter().map(|&b| b as char).collect();
            }
        }
    }
    format!("{value:.decimals$}")
}

/// `value` with exactly `decimals` digits after the page's decimal separator, no
/// thousands separator (`10.0` in English, `10,0` in Dutch): for numbers inside
/// the core's sentences. Not finite: `–`.
pub fn decimal(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    decimal_point(&fixed(value, decimals))
}

/// `value` with at most `max_decimals` digits, trailing zeros trimmed, no
/// thousands separator, the page's decimal separator (`3`, `0.6`; `0,6` in
/// Dutch): settings and tolerances inside sentences. Not finite: `–`.
pub fn plain(value: f64, max_decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let text = fixed(value, max_decimals);
    let text =
        if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    let text = if text == "-0" { "0" } else { text };
    decimal_point(text)
}

/// `text` (a number as Rust writes it: `12.5`, `1e308`) with the page's
/// decimal separator (`12,5` in Dutch).
pub fn decimal_point(text: &str) -> String {
    let point = crate::text::t("core.number.decimal", ".", &[]);
    if point == "." {
        text.to_string()
    } else {
        text.replacen('.', &point, 1)
    }
}

/// Formats a count or measure for labels: thousands separated, up to `decimals`.
pub fn label_number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let text = fixed(value.abs(), decimals);
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.trim_end_matches('0').to_string())),
        None => (text.clone(), None),
    };
    let (point, group) = separators();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(&group);
        }
        grouped.push(c);
    }
    let sign =
        if value < 0.0 && value.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) { "-" } else { "" };
    match frac {
        Some(f) if !f.is_empty() => format!("{sign}{grouped}{point}{f}"),
        _ => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_and_trimmed_decimals() {
        assert_eq!(label_number(1234567.0, 0), "1,234,567");
        assert_eq!(label_number(2.50, 2), "2.5");
        assert_eq!(label_number(-0.001, 2), "0");
        assert_eq!(label_number(f64::NAN, 1), "–");
        assert_eq!(decimal(10.0, 1), "10.0");
        assert_eq!(decimal(-2.345, 2), "-2.35");
        assert_eq!(
            (plain(3.0, 6), plain(0.6, 6), plain(-0.0000001, 6)),
            ("3".into(), "0.6".into(), "0".into())
        );
    }

    /// `fixed` writes what `format!` writes, on random values of every size and sign, on
    /// exact ties and on the values next to them.
    #[test]
    fn fixed_is_formats_text() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut values = vec![0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1e15, 1e-7, 123.455];
        for _ in 0..200_000 {
            let r = next();
            let mantissa = (r >> 11) as f64 / (1u64 << 53) as f64;
            let exp = (r % 40) as i32 - 20;
            let sign = if r & 1 == 1 { -1.0 } else { 1.0 };
            values.push(sign * mantissa * 10f64.powi(exp));
            // Ties and near-ties at each number of decimals.
            let tie = ((r >> 20) % 100_000) as f64 + 0.5;
            let d = (r % 7) as i32;
            let t = tie / 10f64.powi(d);
            values.extend([t, f64::from_bits(t.to_bits() + 1), f64::from_bits(t.to_bits() - 1)]);
        }
        for v in values {
            for d in 0..=7 {
                assert_eq!(fixed(v, d), format!("{v:.d$}"), "{v:e} to {d} decimals");
            }
        }
    }

    #[test]
    fn dutch_separators() {
        let nl = [("core.number.decimal", ","), ("core.number.group", ".")];
        crate::text::set_templates(
            nl.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        );
        assert_eq!(label_number(1234567.5, 1), "1.234.567,5");
        assert_eq!(decimal(10.0, 1), "10,0");
        assert_eq!(plain(0.60, 6), "0,6");
        crate::text::set_templates(Default::default());
        assert_eq!(label_number(1234.5, 1), "1,234.5");
    }
}
