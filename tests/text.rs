//! The core's messages and the pages' tables agree: every `text::t("core.…", "English…")`
//! call in `src/` has its key in `www/js/i18n/en.js` with the same English (so a page
//! shows what the command line prints) and in `nl.js`; no `core.` key of the tables is
//! unused.

use std::collections::BTreeMap;
use std::path::Path;

#[path = "common/tables.rs"]
mod tables;
use tables::{literal, table};

/// Every (key, English) of `text::t(` calls under `dir`.
fn calls(dir: &Path, out: &mut BTreeMap<String, (String, String)>) {
    for entry in std::fs::read_dir(dir).expect("src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            calls(&path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("src/text.rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("source");
        for (at, _) in source.match_indices("text::t(") {
            let rest = &source[at + "text::t(".len()..];
            let (key, rest) =
                literal(rest).unwrap_or_else(|| panic!("{path:?}: text::t needs a literal key"));
            let rest = rest.trim_start().strip_prefix(',').expect("a comma after the key");
            let (english, _) = literal(rest)
                .unwrap_or_else(|| panic!("{path:?}: {key} needs a literal English text"));
            assert!(key.starts_with("core."), "{path:?}: {key} is not a core. key");
            if let Some((previous, file)) = out.get(&key) {
                assert_eq!(previous, &english, "{key} has two English texts ({file} and {path:?})");
            }
            out.insert(key, (english, format!("{path:?}")));
        }
    }
}

#[test]
fn every_core_message_is_in_both_tables_with_the_same_english() {
    let mut found = BTreeMap::new();
    calls(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut found);
    assert!(found.len() > 10, "the scan found the core's messages");
    let en = table("en", "core.");
    let nl = table("nl", "core.");
    let mut problems = Vec::new();
    for (key, (english, file)) in &found {
        match en.get(key) {
            None => problems
                .push(format!("{key} ({file}) is missing from en.js: \"{key}\": {english:?},")),
            Some(text) if text != english => {
                problems.push(format!("{key}: en.js says {text:?}, {file} says {english:?}"))
            }
            _ => {}
        }
        if !nl.contains_key(key) {
            problems.push(format!("{key} is missing from nl.js"));
        }
    }
    for key in en.keys().filter(|k| !found.contains_key(*k)) {
        problems.push(format!("{key} is in en.js but no core call uses it"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scanner_reads_rust_literals() {
    assert_eq!(literal(r#" "a \"b\" c", rest"#), Some(("a \"b\" c".to_string(), ", rest")));
    assert_eq!(literal("x"), None);
    let t = table("en", "core.chart.byDimension");
    assert_eq!(
        t.get("core.chart.byDimension.title").map(String::as_str),
        Some("Touch points by {dimension}")
    );
}
