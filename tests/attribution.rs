//! Attribution models on hand-computed cases (tests/data/attribution/hand/*.case),
//! through one `check` helper; bad input; exports.
//!
//! A case file holds cases separated by `---`; each case has lines
//!
//! ```text
//! settings {"order": 2}                  # AttributionSettings as JSON (optional)
//! timed                                  # touches carry ages: channel@days
//! path a > b > c | 3 | 30 | 1            # channels | conversions | value | nulls
//! expect linear a 4 28                   # model channel conversions value
//! expect removal_effects a 17/27 1/2     # numbers may be expressions: + - * / ( )
//! ```
//! Every expectation must hold to 1e-9; every computed model must also split exactly
//! the total conversions and value.

use touchpoints::attribution::report::report_csv;
use touchpoints::attribution::{attribute, AttributionInput, AttributionSettings, Model};

/// Evaluates `+ - * /` and parentheses over decimal numbers.
fn eval(text: &str) -> f64 {
    fn expr(s: &[u8], i: &mut usize) -> f64 {
        let mut v = term(s, i);
        while *i < s.len() && (s[*i] == b'+' || s[*i] == b'-') {
            let op = s[*i];
            *i += 1;
            let t = term(s, i);
            v = if op == b'+' { v + t } else { v - t };
        }
        v
    }
    fn term(s: &[u8], i: &mut usize) -> f64 {
        let mut v = atom(s, i);
        while *i < s.len() && (s[*i] == b'*' || s[*i] == b'/') {
            let op = s[*i];
            *i += 1;
            let a = atom(s, i);
            v = if op == b'*' { v * a } else { v / a };
        }
        v
    }
    fn atom(s: &[u8], i: &mut usize) -> f64 {
        if s[*i] == b'(' {
            *i += 1;
            let v = expr(s, i);
            *i += 1; // ')'
            return v;
        }
        if s[*i] == b'-' {
            *i += 1;
            return -atom(s, i);
        }
        let start = *i;
        while *i < s.len() && (s[*i].is_ascii_digit() || s[*i] == b'.' || s[*i] == b'e') {
            *i += 1;
        }
        std::str::from_utf8(&s[start..*i]).unwrap().parse().unwrap()
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut i = 0;
    let v = expr(compact.as_bytes(), &mut i);
    assert_eq!(i, compact.len(), "cannot read {text:?}");
    v
}

/// Builds the input of one case: channel names in order of first appearance.
fn input_of(lines: &[&str]) -> (AttributionInput, AttributionSettings) {
    let timed = lines.iter().any(|l| l.trim() == "timed");
    let mut settings = AttributionSettings::default();
    let mut names: Vec<String> = Vec::new();
    let mut paths = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let line = line.trim();
        if let Some(json) = line.strip_prefix("settings ") {
            settings = serde_json::from_str(json).expect("settings JSON");
        } else if let Some(rest) = line.strip_prefix("path ") {
            let cells: Vec<&str> = rest.split('|').map(str::trim).collect();
            let mut channels = Vec::new();
            let mut ages = Vec::new();
            for step in cells[0].split('>').map(str::trim).filter(|s| !s.is_empty()) {
                let (name, age) = match step.split_once('@') {
                    Some((n, a)) => (n, eval(a)),
                    None => (step, 0.0),
                };
                let id = match names.iter().position(|x| x == name) {
                    Some(i) => i,
                    None => {
                        names.push(name.to_string());
                        names.len() - 1
                    }
                };
                channels.push(id as u32);
                ages.push(age);
            }
            paths.push((channels, ages, eval(cells[1]), eval(cells[2]), eval(cells[3]), n + 1));
        }
    }
    let mut input = AttributionInput::new(names, timed);
    for (channels, ages, c, v, nulls, line) in paths {
        input.push_path(&channels, timed.then_some(&ages[..]), c, v, nulls, line as u64);
    }
    (input, settings)
}

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-9 * want.abs().max(1.0)
}

/// Runs every case of `file` and compares each expectation.
fn check(file: &str) {
    let path = format!("{}/tests/data/attribution/hand/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for (k, case) in text.split("\n---\n").enumerate() {
        let lines: Vec<&str> = case
            .lines()
            .map(|l| l.split('#').next().unwrap_or(""))
            .filter(|l| !l.trim().is_empty())
            .collect();
        let (input, settings) = input_of(&lines);
        assert!(input.problems.is_empty(), "{file} case {k}: {:?}", input.problems);
        let report =
            attribute(&input, &settings).unwrap_or_else(|e| panic!("{file} case {k}: {e}"));
        for (model, credits) in report.models.computed() {
            let total = credits.total();
            assert!(
                close(total.conversions, report.conversions) && close(total.value, report.value),
                "{file} case {k}: {} splits {total:?}, not the totals {} / {}",
                model.key(),
                report.conversions,
                report.value
            );
        }
        for line in lines.iter().filter_map(|l| l.trim().strip_prefix("expect ")) {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [what, channel, conversions, value] = parts[..] else {
                panic!("{file}: bad expect line {line:?}")
            };
            let credits = if what == "removal_effects" {
                Some(&report.removal_effects)
            } else {
                Model::ALL.into_iter().find(|m| m.key() == what).and_then(|m| report.models.get(m))
            };
            let got = credits
                .and_then(|c| c.get(channel))
                .unwrap_or_else(|| panic!("{file} case {k}: no {what} for {channel}"));
            let (wc, wv) = (eval(conversions), eval(value));
            checked += 1;
            if !close(got.conversions, wc) || !close(got.value, wv) {
                failures.push(format!(
                    "case {k}: {what} {channel}: got {} / {}, expected {wc} / {wv}",
                    got.conversions, got.value
                ));
            }
        }
    }
    assert!(checked > 0, "{file}: no expectations");
    assert!(failures.is_empty(), "{file}:\n  {}", failures.join("\n  "));
}

#[test]
fn three_paths_every_model_by_hand() {
    check("three-paths.case");
}

#[test]
fn markov_order_remembers_where_a_path_came_from() {
    check("memory.case");
}

#[test]
fn position_based_weights() {
    check("position.case");
}

#[test]
fn time_decay_by_days_and_by_steps() {
    check("time-decay.case");
}

#[test]
fn repeats_count_per_occurrence_but_collapse_in_markov() {
    check("repeats.case");
}

#[test]
fn bad_paths_are_positioned_problems() {
    let mut input = AttributionInput::new(vec!["a".into(), "b".into()], false);
    assert!(input.push_path(&[0, 1], None, 2.0, 10.0, 1.0, 2));
    assert!(!input.push_path(&[], None, 1.0, 0.0, 0.0, 3));
    assert!(!input.push_path(&[0], None, -1.0, 0.0, 0.0, 4));
    assert!(!input.push_path(&[1], None, 1.0, f64::NAN, 0.0, 5));
    assert!(!input.push_path(&[1], None, 1.0, 0.0, -2.0, 6));
    assert!(!input.push_path(&[7], None, 1.0, 0.0, 0.0, 7));
    let lines: Vec<u64> = input.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7]);
    assert!(input.problems[0].message.contains("no touch points"), "{}", input.problems[0]);
    assert!(input.problems[1].message.contains("total_conversions -1"), "{}", input.problems[1]);
    assert!(input.problems[3].message.contains("total_null -2"), "{}", input.problems[3]);
    let report = attribute(&input, &AttributionSettings::default()).unwrap();
    assert_eq!(report.problems.len(), 5);
    assert_eq!(report.conversions, 2.0);
    assert!(report.notes.iter().any(|n| n.contains("5 paths were left out")), "{:?}", report.notes);
}

#[test]
fn bad_settings_name_the_setting() {
    let input = AttributionInput::new(vec!["a".into()], false);
    for (json, needle) in [
        (r#"{"order": 5}"#, "order 5: expected 1 to 4"),
        (r#"{"order": 0}"#, "order 0"),
        (r#"{"half_life_days": 0}"#, "half-life (days) 0"),
        (r#"{"position": {"first": -1}}"#, "position weights"),
        (r#"{"position": {"first": 0, "middle": 0, "last": 0}}"#, "not all 0"),
        (r#"{"shapley_exact_limit": 21}"#, "at most 20"),
    ] {
        let settings: AttributionSettings = serde_json::from_str(json).unwrap();
        let err = attribute(&input, &settings).unwrap_err();
        assert!(err.contains(needle), "{json}: {err}");
    }
}

#[test]
fn the_json_has_the_issue_shape() {
    let lines = ["path a > a > b | 3 | 30 | 1", "path b > c | 1 | 5 | 4", "path a | 2 | 8 | 2"];
    let (input, settings) = input_of(&lines);
    let report = attribute(&input, &settings).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["conversions"], 6.0);
    assert_eq!(json["value"], 43.0);
    assert_eq!(json["nulls"], 7.0);
    // Channels by the conversions they touch: a (5), b (4), c (1).
    assert_eq!(json["channels"], serde_json::json!(["a", "b", "c"]));
    for model in Model::ALL {
        let m = &json["models"][model.key()];
        for channel in ["a", "b", "c"] {
            assert!(m[channel]["conversions"].is_number(), "{} {channel}", model.key());
            assert!(m[channel]["value"].is_number(), "{} {channel}", model.key());
        }
    }
    assert!(
        (json["removal_effects"]["b"]["conversions"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12
    );
    // Channel order is kept in the JSON object.
    let text = serde_json::to_string(&json["models"]["linear"]).unwrap();
    assert!(text.find("\"a\"").unwrap() < text.find("\"b\"").unwrap(), "{text}");
    assert!(text.find("\"b\"").unwrap() < text.find("\"c\"").unwrap(), "{text}");
}

#[test]
fn models_can_be_chosen() {
    let (input, _) = input_of(&["path a > b | 1 | 1 | 1"]);
    let settings: AttributionSettings = serde_json::from_str(r#"{"models": ["markov"]}"#).unwrap();
    let report = attribute(&input, &settings).unwrap();
    assert!(report.models.markov.is_some());
    assert!(report.models.linear.is_none() && report.models.shapley.is_none());
    assert!(report.shapley.is_none());
}

#[test]
fn table_csv_has_a_row_per_channel() {
    let (input, settings) = input_of(&[
        "path =cmd > b | 3 | 30 | 1",
        "path b > c | 1 | 5 | 4",
        "path =cmd | 2 | 8 | 2",
    ]);
    let report = attribute(&input, &settings).unwrap();
    let csv = report_csv(&report);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with(
            "channel,first_touch_conversions,first_touch_value,last_touch_conversions"
        ),
        "{header}"
    );
    assert!(
        header.ends_with(
            "shapley_conversions,shapley_value,removal_effect_conversions,removal_effect_value"
        ),
        "{header}"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3);
    // A formula-like channel name is neutralised for spreadsheets.
    assert!(rows[0].starts_with("'=cmd,5,38,"), "{}", rows[0]);
}

#[test]
fn no_conversions_gives_zeros_and_a_note() {
    let (input, settings) = input_of(&["path a > b | 0 | 0 | 5", "path b | 0 | 0 | 2"]);
    let report = attribute(&input, &settings).unwrap();
    for (_, credits) in report.models.computed() {
        for (_, c) in &credits.0 {
            assert_eq!((c.conversions, c.value), (0.0, 0.0));
        }
    }
    assert!(report.notes.iter().any(|n| n.contains("No conversions")));
}

#[test]
fn chart_compares_models_per_channel() {
    use touchpoints::charts::attribution::{attribution_chart, Metric, CHANNELS_SHOWN};
    let lines = ["path x<y&a > b | 3 | 30 | 1", "path b > c | 1 | 5 | 4", "path x<y&a | 2 | 8 | 2"];
    let (input, mut settings) = input_of(&lines);
    settings.shapley_game = touchpoints::attribution::ShapleyGame::Rate;
    let report = attribute(&input, &settings).unwrap();
    let svg = attribution_chart("attr", &report, Metric::Conversions);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(
        svg.contains(
            r#"<title id="attr-title">Attributed conversions by channel and model</title>"#
        ),
        "{svg}"
    );
    assert!(!svg.contains("style="), "no inline styles");
    assert!(svg.contains("x&lt;y&amp;a") && !svg.contains("x<y"), "labels escaped");
    // The text alternative lists every model's figure per channel.
    let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
    assert!(desc.contains("c: first touch 0, last touch 1, linear 0.5"), "{desc}");
    assert!(desc.contains("Shapley -0.3"), "{desc}");
    // One bar (with a tooltip) per channel and model.
    assert_eq!(svg.matches("<rect").count() - 7, 3 * 7, "7 legend swatches + 21 bars");
    assert!(svg.contains("c · Shapley: -0.3 conversions (-4.6%)"), "{svg}");
    let value = attribution_chart("attr-v", &report, Metric::Value);
    assert!(value.contains("Attributed conversion value by channel and model"));

    // Beyond the shown channels, one "other" row keeps the totals.
    let many: Vec<String> =
        (0..CHANNELS_SHOWN + 3).map(|i| format!("path ch{i} | {} | 1 | 1", i + 1)).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let (input, settings) = input_of(&refs);
    let report = attribute(&input, &settings).unwrap();
    let svg = attribution_chart("many", &report, Metric::Conversions);
    assert!(svg.contains("other (3 channels)"), "{svg}");
    assert!(svg.contains("other (3 channels): first touch 6,"), "ch0–ch2 (1 + 2 + 3 conversions)");
}

#[test]
fn markov_is_left_out_above_its_channel_limit_and_says_so() {
    let (input, mut settings) = input_of(&["path a > b > c | 2 | 2 | 1", "path c > d | 1 | 1 | 1"]);
    settings.markov_channel_limit = 3;
    let report = attribute(&input, &settings).unwrap();
    assert!(report.models.markov.is_none() && report.markov.is_none());
    assert!(report.models.linear.is_some());
    assert!(
        report.notes.iter().any(|n| n.contains("4 channels are more than its limit of 3")),
        "{:?}",
        report.notes
    );
    settings.markov_channel_limit = 0;
    assert!(attribute(&input, &settings).unwrap().models.markov.is_some());
}
