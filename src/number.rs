//! Numbers as text for people, shared by the charts (labels, text
//! alternatives) and the analyses' own sentences (definitions, warnings,
//! the command line's tables), so they read the same everywhere.

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
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign =
        if value < 0.0 && value.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) { "-" } else { "" };
    match frac {
        Some(f) if !f.is_empty() => format!("{sign}{grouped}.{f}"),
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
    }
}
