//! The funnel spec's problems, the funnel's notes and time bins, and the journey
//! map's experience statement in Dutch: with the `core.` templates of `nl.js`
//! set, a bad funnel through the public API says what is wrong in Dutch.

use std::collections::BTreeMap;
use touchpoints::analysis::Analysis;
use touchpoints::ingest::IngestOptions;
use touchpoints::journeys::{funnel, journey_map, FunnelSpec, MapSettings, Source};
use touchpoints::taxonomy;

/// A Rust (and JavaScript) string literal at the start of `s`: its value and the rest.
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

/// The `core.` entries of the Dutch table.
fn dutch() -> BTreeMap<String, String> {
    let path = format!("{}/www/js/i18n/nl.js", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(path).expect("table");
    let mut out = BTreeMap::new();
    for line in source.lines() {
        let Some((key, rest)) = literal(line) else { continue };
        if !key.starts_with("core.") {
            continue;
        }
        let rest = rest.trim_start().strip_prefix(':').expect("key: value");
        let (value, _) = literal(rest).expect("a one-line string value");
        out.insert(key, value);
    }
    out
}

fn analysis() -> Analysis {
    let csv = "journey,time,touchpoint,rating,expectation\n\
               J1,2026-01-01T00:00:00Z,Instagram ad,4,3\n\
               J1,2026-01-01T00:05:00Z,Website visit,2,4\n\
               J1,2026-01-01T02:00:00Z,Online order,5,4\n\
               J2,2026-01-01T00:00:00Z,Instagram ad,3,3\n";
    Analysis::from_bytes(
        csv.as_bytes(),
        &IngestOptions::default(),
        taxonomy::preset("retail").unwrap(),
    )
    .expect("the test data reads")
}

#[test]
fn a_bad_funnel_and_the_notes_speak_dutch() {
    let a = analysis();
    let source = Source::new(&a.dataset, &a.classification);
    touchpoints::text::set_templates(dutch());

    // A step list with an exclusion first.
    let e = FunnelSpec::from_step_list("!Return, Website visit").unwrap_err().to_string();
    assert!(e.contains("stap bij teken 1") && e.contains("heeft een stap ervoor nodig"), "{e}");
    assert!(!e.contains("needs a step before it"), "{e}");

    // A JSON spec with a misspelt field: our message and serde's position in Dutch.
    let e = FunnelSpec::from_json(r#"{"steps": ["A", {"touchpoint": "B", "optinal": true}]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("regel 1, kolom"), "{e}");
    assert!(e.contains("trechter: stap: onbekend veld \"optinal\""), "{e}");
    assert!(e.contains("op regel 1, kolom"), "{e}");
    assert!(!e.contains("unknown field") && !e.contains("at line"), "{e}");

    // A funnel that cannot be run: the last step optional.
    let spec = FunnelSpec::from_step_list("Instagram ad, Website visit?").unwrap();
    let e = funnel(source, &spec).unwrap_err().to_string();
    assert!(e.contains("stap 2 (de laatste) kan niet optioneel zijn"), "{e}");
    assert!(!e.contains("cannot be optional"), "{e}");

    // A funnel that runs: its notes and time bins in Dutch.
    let mut spec = FunnelSpec::from_step_list("Instagram ad, Webste visit").unwrap();
    spec.window = Some(7.0 * 86400.0);
    let r = funnel(source, &spec).unwrap();
    let notes = r.notes.join("\n");
    assert!(notes.contains("Opeenvolgend: elke stap na de vorige"), "{notes}");
    assert!(notes.contains("Venster: de laatste stap hoogstens 7 dagen na de eerste."), "{notes}");
    assert!(notes.contains("(bedoel je \"Website visit\"?)"), "{notes}");
    assert!(!notes.contains("Sequential") && !notes.contains("did you mean"), "{notes}");
    let bins: Vec<&str> = r.time_bins.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(bins[0], "minder dan 1 min");
    assert_eq!(bins[3], "1–6 uur");
    assert_eq!(bins.last(), Some(&"30 dagen of meer"));

    // The journey map's experience statement and its scale.
    let map =
        journey_map(source, &MapSettings::default(), &Default::default(), &Default::default())
            .unwrap();
    let s = &map.experience_statement;
    assert!(s.starts_with("Tevredenheid = (waargenomen prestatie − verwachting)"), "{s}");
    assert!(s.contains("de schaal "), "{s}");
    assert!(!s.contains("Satisfaction ="), "{s}");
    assert_eq!(map.segment, "alle klantreizen");

    touchpoints::text::set_templates(Default::default());
    let e = FunnelSpec::from_step_list("!Return, Website visit").unwrap_err().to_string();
    assert!(e.contains("needs a step before it"), "{e}");
    let spec = FunnelSpec::from_step_list("Instagram ad, Website visit").unwrap();
    assert_eq!(funnel(source, &spec).unwrap().time_bins[0].0, "under 1 min");
}
