//! The ELAN, BORIS, VIA, Label Studio and our own JSON/CSV importers' problems
//! in Dutch: with the `core.` templates of `www/js/i18n/nl.js` set, bad inputs
//! through the public API give Dutch messages (numbers with a decimal comma);
//! without them, the English of today.

use std::collections::BTreeMap;

use touchpoints::annotations::import;

/// A Rust/JS string literal at the start of `s` (after whitespace): its value and the rest.
fn literal(s: &str) -> Option<(String, &str)> {
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
                other => panic!("unexpected escape \\{other} in a message"),
            },
            c => out.push(c),
        }
    }
    None
}

/// The `"key": "text"` entries of a message table whose key starts with `prefix`.
fn table(lang: &str, prefix: &str) -> BTreeMap<String, String> {
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

fn error(name: &str, text: &str) -> String {
    import(name, text.as_bytes()).expect_err("an unusable file").message
}

fn problems(name: &str, text: &str) -> Vec<String> {
    import(name, text.as_bytes())
        .expect("a usable file")
        .problems
        .into_iter()
        .map(|p| p.message)
        .collect()
}

fn has(messages: &[String], fragment: &str) -> bool {
    messages.iter().any(|m| m.contains(fragment))
}

const NO_ROOT: &str = "<?xml version=\"1.0\"?>\n<FOO/>\n";
const DANGLING: &str = "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT>\n<TIER TIER_ID=\"A\">\n\
<ANNOTATION><REF_ANNOTATION ANNOTATION_ID=\"a1\" ANNOTATION_REF=\"nope\">\
<ANNOTATION_VALUE>x</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>\n</TIER>\n</ANNOTATION_DOCUMENT>\n";
const BORIS: &str = "Observation id,Subject,Behavior,Status,Time\n\
o1,No focal subject,walk,STOP,1.5\n\
o1,No focal subject,look,MAYBE,2\n";
const OUR_JSON: &str = "{\"format\": \"json\", \"observations\": [{\"observer\": \"Anna\", \"marks\": [\
{\"start\": -1, \"touchpoint\": \"Shop\"}]}], \"problems\": []}";
const CSV: &str = "journey,time,touchpoint,kind\nAnna,1.5,Shop,sometimes\n";

#[test]
fn importer_problems_come_out_dutch_with_the_dutch_templates() {
    let nl = table("nl", "core.");
    assert!(nl.contains_key("core.import.elan.root"), "nl.js has the importers' keys");
    touchpoints::text::set_templates(nl);

    let e = error("walk.eaf", NO_ROOT);
    assert!(e.contains("verwacht een ELAN-document"), "{e}");
    assert!(!e.contains("expected an ELAN document"), "{e}");

    let p = problems("walk.eaf", DANGLING);
    assert!(has(&p, "annotatie a1 op laag (tier) \"A\" heeft geen tijd"), "{p:?}");

    let p = problems("walk.csv", BORIS);
    assert!(has(&p, "toestand \"walk\" stopt op 1,5 s zonder START"), "{p:?}");
    assert!(has(&p, "verwacht POINT, START, STOP of STATE, niet \"MAYBE\""), "{p:?}");
    assert!(!has(&p, "without a START"), "{p:?}");

    let e = error("walk.json", "{\"something\": 1}");
    assert!(e.starts_with("onbekende JSON"), "{e}");
    let e = error("walk.json", "{");
    assert!(e.starts_with("geen geldige JSON"), "{e}");

    let p = problems("walk.json", OUR_JSON);
    assert!(has(&p, "waarneming \"Anna\", markering 1: een tijd is negatief"), "{p:?}");

    let p = problems("walk.csv", CSV);
    assert!(has(&p, "onbekende klassewaarde \"sometimes\""), "{p:?}");

    let e = error("walk.csv", "a,b\n1,2\n");
    assert!(e.starts_with("onbekende tabel: verwacht de kolommen journey,time"), "{e}");

    touchpoints::text::set_templates(Default::default());
}

#[test]
fn importer_problems_stay_english_natively() {
    let e = error("walk.eaf", NO_ROOT);
    assert_eq!(e, "expected an ELAN document (root element ANNOTATION_DOCUMENT), found <FOO>");
    let p = problems("walk.csv", BORIS);
    assert!(
        has(&p, "observation \"o1\": state event \"walk\" stops at 1.5 s without a START; skipped"),
        "{p:?}"
    );
    let e = error("walk.json", "{\"something\": 1}");
    assert!(e.starts_with("unrecognised JSON: expected Touchpoints annotations"), "{e}");
}

#[test]
fn the_expected_annotation_file_is_the_sniffers_text() {
    // A UTF-16 byte order mark and nothing else: the message ends with the
    // same "expected …" as the binary-file check's.
    let e = import("walk.vtt", &[0xFF, 0xFE]).expect_err("no text");
    assert_eq!(
        e.message,
        format!(
            "the file holds no text, only a UTF-16 byte order mark; expected {}",
            touchpoints::sniff::EXPECTED_ANNOTATIONS
        )
    );
}
