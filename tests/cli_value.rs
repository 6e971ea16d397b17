//! `touchpoints value SHEET`: text and JSON output on the shipped hotel sheet
//! (hand-computed: Harbour 78 − 27 = 51, Grand Palace 82 − 39 = 43,
//! City Inn 51 − 25 = 26), and errors with positions.

use touchpoints::cli::run;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn check(args: &[&str], expected: Result<&[&str], &str>) {
    let args: Vec<String> = args.iter().map(|a| a.replace("$ROOT", ROOT)).collect();
    match (run(&args), expected) {
        (Ok(out), Ok(parts)) => {
            for p in parts {
                assert!(out.contains(p), "{args:?}: expected {p:?} in\n{out}");
            }
        }
        (Err(e), Err(part)) => assert!(e.contains(part), "{args:?}: expected {part:?} in {e}"),
        (got, want) => panic!("{args:?}: expected {want:?}, got {got:?}"),
    }
}

#[test]
fn text_output() {
    check(
        &["value", "$ROOT/www/samples/value-hotels.csv"],
        Ok(&[
            "rank  offer",
            "     1  Harbour Hotel         78         27         51     2.89          +8 (ours)",
            "     2  Grand Palace          82         39         43      2.1          -8",
            "     3  City Inn              51         25         26     2.04         -25",
            "Harbour Hotel  above the line (better value)",
            "Fair-value line: benefit = 2.319 × cost",
            "Harbour Hotel vs the best competitor Grand Palace: value gap 8",
            "Drivers of Harbour Hotel vs Grand Palace",
            "        10  Room rate (cost monetary, weight 5: 3 vs 5)",
        ]),
    );
}

#[test]
fn json_output_is_the_value_report() {
    let out = run(&[
        "value".into(),
        format!("{ROOT}/www/samples/value-hotels.csv"),
        "--format".into(),
        "json".into(),
    ])
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ranking"], serde_json::json!(["Harbour Hotel", "Grand Palace", "City Inn"]));
    assert_eq!(v["offers"][0]["value"], 51.0);
    assert_eq!(v["gap_to_best_competitor"], 8.0);
    assert_eq!(v["best_competitor"], "Grand Palace");
}

#[test]
fn errors() {
    check(&["value"], Err("value needs one SHEET"));
    check(&["value", "$ROOT/tests/data/value/bad-rating.csv"], Err("bad-rating.csv: line "));
    check(
        &["value", "$ROOT/www/samples/value-hotels.csv", "--format", "xml"],
        Err("expected json or text"),
    );
    check(&["value", "$ROOT/nope.csv"], Err("nope.csv"));
}
