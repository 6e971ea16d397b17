//! Writing CSV cells: RFC 4180 quoting, and a guard against spreadsheet
//! formula injection. Every CSV the crate writes goes through here.

/// Quotes `text` when it holds a delimiter (`,` `;` tab), a quote, a line
/// break, or leading/trailing spaces; doubles the quotes inside.
pub fn quote(text: &str) -> String {
    if text.contains([',', ';', '\t', '"', '\n', '\r']) || text.trim() != text {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A text cell a spreadsheet will not run as a formula: text starting with
/// `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`
/// (reversible with [`unguard`]), then [`quote`]. Write numbers as they are.
pub fn guarded(text: &str) -> String {
    if needs_guard(text) {
        quote(&format!("'{text}"))
    } else {
        quote(text)
    }
}

/// True for text [`guarded`] prefixes: it starts with a formula character, or
/// with `'` followed by such text (so the guard can always be undone exactly).
pub fn needs_guard(text: &str) -> bool {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => true,
        Some('\'') => needs_guard(&text[1..]),
        _ => false,
    }
}

/// Removes the `'` that [`guarded`] added.
pub fn unguard(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest.to_string(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote(" pad"), "\" pad\"");
        assert_eq!(guarded("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(guarded("-1,5"), "\"'-1,5\"");
        for text in ["=x", "'=x", "''=x", "plain", "'quoted", "@a"] {
            assert_eq!(unguard(&guarded(text).trim_matches('"').replace("\"\"", "\"")), text);
        }
    }
}
