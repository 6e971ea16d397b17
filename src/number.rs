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
    let text = format!("{value:.decimals$}");
    let (point, _) = separators();
    if point == "." {
        text
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
    }

    #[test]
    fn dutch_separators() {
        let nl = [("core.number.decimal", ","), ("core.number.group", ".")];
        crate::text::set_templates(
            nl.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        );
        assert_eq!(label_number(1234567.5, 1), "1.234.567,5");
        assert_eq!(decimal(10.0, 1), "10,0");
        crate::text::set_templates(Default::default());
        assert_eq!(label_number(1234.5, 1), "1,234.5");
    }
}
