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

/// `value` with exactly `decimals` digits after the page's decimal separator, no
/// thousands separator (`10.0` in English, `10,0` in Dutch): for numbers inside
/// the core's sentences. Not finite: `–`.
pub fn decimal(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    decimal_point(&format!("{value:.decimals$}"))
}

/// `value` with at most `max_decimals` digits, trailing zeros trimmed, no
/// thousands separator, the page's decimal separator (`3`, `0.6`; `0,6` in
/// Dutch): settings and tolerances inside sentences. Not finite: `–`.
pub fn plain(value: f64, max_decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let text = format!("{value:.max_decimals$}");
    let text =
        if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    let text = if text == "-0" { "0" } else { text };
    decimal_point(text)
}

/// `text` (a number as Rust writes it: `12.5`, `1e308`) with the page's
/// decimal separator (`12,5` in Dutch).
pub fn decimal_point(text: &str) -> String {
    let (point, _) = separators();
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
    let text = format!("{:.*}", decimals, value.abs());
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
