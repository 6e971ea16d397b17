//! `touchpoints attribution FILE`: the JSON shape of the issue, CSV and text, the
//! transition matrix and chart files, options and their errors.

use touchpoints::cli::run;

fn data(name: &str) -> String {
    format!("{}/tests/data/attribution/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tp-cli-attribution-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn json_has_the_issue_shape() {
    let out = run(&args(&["attribution", &data("paths-8.csv"), "--format", "json"])).unwrap();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["conversions"], 21322.0);
    assert_eq!(json["nulls"], 60399.0);
    assert!(json["value"].as_f64().unwrap() > 0.0);
    let channels: Vec<&str> =
        json["channels"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!(channels.len(), 8);
    for model in
        ["first_touch", "last_touch", "linear", "time_decay", "position_based", "markov", "shapley"]
    {
        for ch in &channels {
            let credit = &json["models"][model][ch];
            assert!(
                credit["conversions"].is_number() && credit["value"].is_number(),
                "{model} {ch}"
            );
        }
        let sum: f64 = channels
            .iter()
            .map(|ch| json["models"][model][ch]["conversions"].as_f64().unwrap())
            .sum();
        assert!((sum - 21322.0).abs() < 1e-6, "{model}: {sum}");
    }
    for ch in &channels {
        let e = &json["removal_effects"][ch];
        let (c, v) = (e["conversions"].as_f64().unwrap(), e["value"].as_f64().unwrap());
        assert!((0.0..=1.0).contains(&c) && (0.0..=1.0).contains(&v), "{ch}: {e}");
    }
    // Channels come in the order of the conversions they touch.
    let touched: Vec<f64> =
        channels.iter().map(|ch| json["touched"][ch]["conversions"].as_f64().unwrap()).collect();
    assert!(touched.windows(2).all(|w| w[0] >= w[1]), "{touched:?}");
}

#[test]
fn order_and_half_life_change_the_models() {
    let base = run(&args(&["attribution", &data("events.csv"), "--format", "json"])).unwrap();
    let more = run(&args(&[
        "attribution",
        &data("events.csv"),
        "--format",
        "json",
        "--order",
        "2",
        "--half-life",
        "1",
    ]))
    .unwrap();
    let (a, b): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&base).unwrap(), serde_json::from_str(&more).unwrap());
    assert_eq!(a["markov"]["order"], 1);
    assert_eq!(b["markov"]["order"], 2);
    assert_eq!(b["time_decay"]["half_life"], 1.0);
    assert_ne!(a["models"]["time_decay"], b["models"]["time_decay"]);
    assert_eq!(a["models"]["linear"], b["models"]["linear"]);
}

#[test]
fn csv_text_matrix_and_charts() {
    let csv = run(&args(&["attribution", &data("paths-8.csv"), "--format", "csv"])).unwrap();
    assert!(csv.starts_with("channel,first_touch_conversions,first_touch_value,"), "{csv}");
    assert_eq!(csv.lines().count(), 9);
    let matrix = tmp("matrix.csv");
    let charts = tmp("charts");
    let text = run(&args(&[
        "attribution",
        &data("paths-8.csv"),
        "--matrix",
        matrix.to_str().unwrap(),
        "--charts",
        charts.to_str().unwrap(),
    ]))
    .unwrap();
    assert!(text.contains("Attribution: 21,322 conversions"), "{text}");
    assert!(text.contains("Markov: order 1"), "{text}");
    let m = std::fs::read_to_string(&matrix).unwrap();
    assert!(m.starts_with("from,to,transitions,probability\n(start),"), "{m}");
    assert!(m.contains(",(conversion),") && m.contains(",(null),"));
    // Each state's probabilities sum to 1.
    let mut sums: std::collections::HashMap<String, f64> = Default::default();
    for line in m.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        *sums.entry(cells[0].to_string()).or_default() += cells[3].parse::<f64>().unwrap();
    }
    assert!(sums.values().all(|s| (s - 1.0).abs() < 1e-12), "{sums:?}");
    for name in ["attribution.svg", "attribution-value.svg"] {
        let svg = std::fs::read_to_string(charts.join(name)).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<title"), "{name}");
    }
}

#[test]
fn problems_and_errors_name_what_is_wrong() {
    let out = run(&args(&["attribution", &data("bad-paths.csv"), "--format", "json"])).unwrap();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let lines: Vec<u64> =
        json["problems"].as_array().unwrap().iter().map(|p| p["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [3, 4, 6]);
    let text = run(&args(&["attribution", &data("bad-paths.csv")])).unwrap();
    assert!(text.contains("line 3, column 1: path"), "{text}");
    for (extra, needle) in [
        (vec!["--order", "7"], "order 7: expected 1 to 4"),
        (vec!["--order", "x"], "--order \"x\": expected a whole number"),
        (vec!["--half-life", "-3"], "half-life (days) -3"),
        (vec!["--position", "40,60"], "expected three shares"),
        (vec!["--dimension", "colour"], "--dimension \"colour\""),
        (vec!["--format", "xml"], "--format \"xml\""),
        (vec!["--models", "linear,magic"], "\"magic\" is not one of"),
        (vec!["--shapley", "fair"], "expected conversions or rate"),
    ] {
        let mut a = vec!["attribution", data("events.csv").leak() as &str];
        a.extend(extra);
        let err = run(&args(&a)).unwrap_err();
        assert!(err.contains(needle), "{a:?}: {err}");
    }
    let err = run(&args(&["attribution"])).unwrap_err();
    assert!(err.contains("--half-life DAYS"), "{err}");
}
