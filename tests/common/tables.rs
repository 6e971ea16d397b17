//! The pages' message tables (`www/js/i18n/en.js`, `nl.js`) as the native tests
//! read them: `#[path = "common/tables.rs"] mod tables;` in a test file.
#![allow(dead_code)]

use std::collections::BTreeMap;

/// A Rust string literal at the start of `s` (after whitespace): its value and the rest.
pub fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start();
    let body = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &body[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '\'' => out.push('\''),
                '\n' => {
                    // A line continuation: skip the next line's leading whitespace.
                    while chars.clone().next().is_some_and(|(_, c)| c.is_whitespace()) {
                        chars.next();
                    }
                }
                other => panic!("unexpected escape \\{other} in a message"),
            },
            c => out.push(c),
        }
    }
    None
}

/// The `"key": "text"` entries of a message table whose key starts with `prefix`.
pub fn table(lang: &str, prefix: &str) -> BTreeMap<String, String> {
    let path = format!("{}/www/js/i18n/{lang}.js", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(path).expect("table");
    let mut out = BTreeMap::new();
    for line in source.lines() {
        let Some((key, rest)) = literal(line) else { continue };
        if !key.starts_with(prefix) {
            continue;
        }
        let rest = rest.trim_start().strip_prefix(':').expect("key: value");
        let (value, _) = literal(rest).expect("a one-line string value");
        out.insert(key, value);
    }
    out
}

/// Uses the Dutch `core.` and `class.` templates in this test's thread, as a Dutch
/// page does (`setTexts`); [`english`] goes back.
pub fn dutch() {
    let mut templates = table("nl", "core.");
    templates.extend(table("nl", "class."));
    touchpoints::text::set_templates(templates);
}

/// Back to the core's English in this thread.
pub fn english() {
    touchpoints::text::set_templates(BTreeMap::new());
}
