//! The core's user-visible text (chart titles, axis labels, text alternatives) in
//! the page's language.
//!
//! Every such string is written at its call site as a message key of the pages'
//! tables (`www/js/i18n/en.js`, `nl.js`) with its English text:
//! `text::t("core.chart.timeline.title", "Journey timeline: {n} journeys", &[("n", &n)])`.
//! Natively (the command line, the tests) the English is used. In the browser the
//! facade hands the core the templates of the page's language once at start
//! ([`set_templates`], from the `core.` and `class.` keys of its table), so a Dutch
//! page gets Dutch charts; the wasm carries only the keys beside the English it had.
//! A test (`tests/text.rs`) reads every call in `src/` and checks that `en.js` holds
//! the same key with the same English, so the two never drift.
//!
//! The templates are per thread (one per wasm instance: page, worker, widget), so
//! native tests running in parallel never see each other's language.

use std::cell::RefCell;
use std::collections::BTreeMap;

thread_local! {
    static TEMPLATES: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
}

/// Uses `templates` (key → text with `{name}` placeholders) for the core's messages
/// from now on; keys other than `core.…` and `class.…` are ignored. An empty map
/// goes back to English.
pub fn set_templates(templates: BTreeMap<String, String>) {
    let mut kept = templates;
    kept.retain(|k, _| k.starts_with("core.") || k.starts_with("class."));
    TEMPLATES.with(|t| *t.borrow_mut() = kept);
}

/// The message `key` in the language set by [`set_templates`] (else `english`),
/// with each `{name}` replaced by its argument. A placeholder without an argument
/// stays as written.
pub fn t(key: &str, english: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    TEMPLATES.with(|t| match t.borrow().get(key) {
        Some(template) => fill(template, args),
        None => fill(english, args),
    })
}

/// A class's label (`class.KEY` of the tables, as the pages show it), else `english`.
pub fn class_label(key: &str, english: &str) -> String {
    TEMPLATES
        .with(|t| t.borrow().get(&format!("class.{key}")).cloned())
        .unwrap_or_else(|| english.to_string())
}

/// `template` with every `{name}` replaced by the argument of that name.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    // Byte searches: `{`, `}` and the names' characters are ASCII, so every byte index
    // found is a character boundary.
    while let Some(open) = rest.bytes().position(|b| b == b'{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        match (after[name_len..].starts_with('}'), args.iter().find(|(n, _)| *n == name)) {
            (true, Some((_, value))) if !name.is_empty() => {
                // Written straight into `out`: no string per argument.
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{value}"));
                rest = &after[name_len + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(template: &str, args: &[(&str, &dyn std::fmt::Display)], want: &str) {
        assert_eq!(fill(template, args), want, "{template}");
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        check(
            "Top {n} of {total} touch points",
            &[("n", &15), ("total", &"1,234")],
            "Top 15 of 1,234 touch points",
        );
        check("{a}{a} {b}", &[("a", &"x"), ("b", &2.5)], "xx 2.5");
        check("no {missing} here", &[], "no {missing} here");
        check("braces { alone } and {", &[], "braces { alone } and {");
        check("ünïcode {n}€", &[("n", &3)], "ünïcode 3€");
    }

    #[test]
    fn templates_of_another_language_replace_the_english() {
        assert_eq!(
            t("core.test", "Touch points by {d}", &[("d", &"kind")]),
            "Touch points by kind"
        );
        let nl: BTreeMap<String, String> = [
            ("core.test".to_string(), "Contactmomenten naar {d}".to_string()),
            ("class.brand".to_string(), "merkgebonden".to_string()),
            ("index.title".to_string(), "ignored".to_string()),
        ]
        .into();
        set_templates(nl);
        assert_eq!(
            t("core.test", "Touch points by {d}", &[("d", &"soort")]),
            "Contactmomenten naar soort"
        );
        assert_eq!(class_label("brand", "brand-owned"), "merkgebonden");
        assert_eq!(class_label("paid", "paid"), "paid");
        assert_eq!(t("index.title", "English", &[]), "English");
        set_templates(BTreeMap::new());
        assert_eq!(
            t("core.test", "Touch points by {d}", &[("d", &"kind")]),
            "Touch points by kind"
        );
    }
}
