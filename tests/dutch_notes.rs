//! The report's definitions, the CLV fit notes and the attribution notes and input
//! problems in Dutch: with the `core.` templates of `www/js/i18n/nl.js` set, the public
//! API gives Dutch text (numbers with a decimal comma), and English again after.

use std::collections::BTreeMap;
use touchpoints::attribution::{attribute, AttributionInput, AttributionSettings};
use touchpoints::clv::{analyse, ClvSettings, Purchases};
use touchpoints::ingest::IngestOptions;
use touchpoints::open::analyse_file;
use touchpoints::taxonomy;

/// A Rust (or JavaScript) string literal at the start of `s`: its value and the rest.
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

/// The `core.` entries of a message table.
fn table(lang: &str) -> BTreeMap<String, String> {
    let path = format!("{}/www/js/i18n/{lang}.js", env!("CARGO_MANIFEST_DIR"));
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

fn purchases(rows: &[(&str, i64, f64)]) -> Purchases {
    let mut p = Purchases::new();
    for (c, day, amount) in rows {
        p.add(c, *day, *amount);
    }
    p.finish()
}

/// Customers whose mean spend grows with how often they buy: Gamma-Gamma warns.
fn correlated() -> Purchases {
    let rows: Vec<(String, i64, f64)> = (0..40)
        .flat_map(|i| {
            let repeats = i % 5;
            let mut rows = vec![(format!("c{i}"), (i % 9) as i64, 10.0)];
            rows.extend(
                (1..=repeats)
                    .map(|k| (format!("c{i}"), (i % 9 + k * 11) as i64, 5.0 + 10.0 * k as f64)),
            );
            rows
        })
        .collect();
    let rows: Vec<(&str, i64, f64)> = rows.iter().map(|(c, d, a)| (c.as_str(), *d, *a)).collect();
    purchases(&rows)
}

struct English;

impl Drop for English {
    fn drop(&mut self) {
        touchpoints::text::set_templates(Default::default());
    }
}

#[test]
fn definitions_fit_notes_and_attribution_problems_in_dutch() {
    let path = format!("{}/www/samples/hotel-journeys.csv", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("sample");
    let open = || {
        let rules = taxonomy::preset("hotel").expect("preset");
        analyse_file(&path, &bytes, &IngestOptions::default(), rules).expect("sample")
    };
    let no_repeats = purchases(&[("a", 0, 10.0), ("b", 3, 20.0), ("c", 5, 15.0)]);
    let english_report = open().report;
    let english_fit = analyse(&no_repeats, &ClvSettings::default()).expect("clv");
    let english_discount =
        analyse(&no_repeats, &ClvSettings { discount: -2.0, ..Default::default() })
            .expect_err("a bad discount");
    assert!(english_discount.contains("0.01 = 1% a month"), "{english_discount}");

    let _english = English;
    touchpoints::text::set_templates(table("nl"));

    // The report's definitions.
    let report = open().report;
    let events = &report.definitions["events"];
    assert!(events.contains("foute rijen tellen niet mee"), "{events}");
    assert_ne!(events, &english_report.definitions["events"]);
    assert!(report.definitions["classes"].contains("gaat vóór de regels"));
    assert!(report.definitions.values().all(|d| !d.contains(" the ")), "{:?}", report.definitions);

    // A CLV fit note, a warning and the definitions.
    let clv = analyse(&no_repeats, &ClvSettings::default()).expect("clv");
    let bg = clv.report.models["bg_nbd"].message.as_deref().expect("why it failed");
    assert!(bg.contains("geen van de 3 klanten deed een herhaalaankoop"), "{bg}");
    assert!(!bg.contains("repeat purchase"), "{bg}");
    assert_ne!(Some(bg), english_fit.report.models["bg_nbd"].message.as_deref());
    assert!(
        clv.report.warnings.iter().any(|w| w.starts_with("BG/NBD: geen van de")),
        "{:?}",
        clv.report.warnings
    );
    assert!(
        clv.report.warnings.iter().any(|w| w.contains("convergeerde niet")),
        "{:?}",
        clv.report.warnings
    );
    assert!(clv.report.definitions["p_alive"].contains("nog actief"));
    assert!(clv.report.definitions["clv"].contains("4,345 weken"));
    let discount = analyse(&no_repeats, &ClvSettings { discount: -2.0, ..Default::default() })
        .expect_err("a bad discount");
    assert!(discount.contains("disconteringsvoet -2 moet boven −1 liggen"), "{discount}");
    assert!(!discount.contains("a month"), "{discount}");

    // A number inside a note takes the decimal comma.
    let correlated = analyse(&correlated(), &ClvSettings::default()).expect("clv");
    let w = correlated.report.spend.warning.as_deref().expect("a Gamma-Gamma warning");
    assert!(w.starts_with("Gamma-Gamma gaat ervan uit"), "{w}");
    assert!(w.contains("correlatie van 1,00 (|r| > 0,3)"), "{w}");

    // Attribution input problems, notes and definitions.
    let mut input = AttributionInput::new(vec!["a".into(), "b".into()], false);
    input.push_path(&[0, 1], None, 2.0, 20.0, 1.0, 2);
    assert!(!input.push_path(&[], None, 1.0, 0.0, 0.0, 3));
    assert!(!input.push_path(&[0], None, -1.0, 0.0, 0.0, 4));
    assert!(!input.push_path(&[7], None, 1.0, 0.0, 0.0, 5));
    let messages: Vec<&str> = input.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(messages[0].contains("het pad heeft geen contactmomenten"), "{messages:?}");
    assert!(
        messages[1].contains("total_conversions -1 is geen getal van 0 of meer"),
        "{messages:?}"
    );
    assert!(messages[2].contains("onbekend kanaal-id 7"), "{messages:?}");
    assert!(messages.iter().all(|m| !m.contains("left out")), "{messages:?}");
    let report = attribute(&input, &AttributionSettings::default()).expect("attribution");
    assert!(
        report.notes.iter().any(|n| n == "3 paden zijn weggelaten (zie de weggelaten paden)."),
        "{:?}",
        report.notes
    );
    assert!(report.definitions["removal_effects"].contains("via het kanaal"));
    assert!(report.definitions["first_touch"].starts_with("Eerste contact"));
    let markov = report.markov.as_ref().expect("markov");
    assert!(markov.solver.method.starts_with("absorberende keten"), "{}", markov.solver.method);
    let bad = AttributionSettings { half_life_days: 0.0, ..Default::default() };
    let error = attribute(&input, &bad).expect_err("a bad half-life");
    assert_eq!(error, "halveringstijd (dagen) 0: verwacht een getal boven 0");
    let bad = AttributionSettings { shapley_permutations: 0, ..Default::default() };
    let error = attribute(&input, &bad).expect_err("bad permutations");
    assert_eq!(error, "Shapley-permutaties 0: verwacht 1 tot en met 1.000.000");

    // English again.
    touchpoints::text::set_templates(Default::default());
    let report = open().report;
    assert_eq!(report.definitions, english_report.definitions);
    let clv = analyse(&no_repeats, &ClvSettings::default()).expect("clv");
    assert_eq!(clv.report.models["bg_nbd"].message, english_fit.report.models["bg_nbd"].message);
}
