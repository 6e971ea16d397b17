//! Funnels, paths and the journey map through the public API, on small
//! journeys computed by hand (`tests/data/journeys/`).

use touchpoints::analysis::Analysis;
use touchpoints::ingest::IngestOptions;
use touchpoints::journeys::{funnel, FunnelReport, FunnelSpec, Source};
use touchpoints::taxonomy;

// ---------------------------------------------------------------- helpers

/// A dataset from "J1: A@0 B@5; J2: C@0" (touch point @ minutes after
/// 2026-01-01T00:00Z), classified with the retail rules.
fn analysis(journeys: &str) -> Analysis {
    let mut csv = String::from("journey,time,touchpoint\n");
    for journey in journeys.split(';') {
        let (name, events) = journey.split_once(':').expect("J: events");
        for (touchpoint, minutes) in events_of(events) {
            let seconds = (minutes * 60.0).round() as i64;
            csv.push_str(&format!(
                "{},2026-01-01T{:02}:{:02}:{:02}Z,{}\n",
                name.trim(),
                seconds / 3600,
                seconds % 3600 / 60,
                seconds % 60,
                touchpoint
            ));
        }
    }
    Analysis::from_bytes(
        csv.as_bytes(),
        &IngestOptions::default(),
        taxonomy::preset("retail").unwrap(),
    )
    .expect("the test data reads")
}

/// "Instagram ad@0 Website visit@5" → [("Instagram ad", 0.0), ("Website visit", 5.0)].
fn events_of(text: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let at = rest.find('@').expect("touch point@minutes");
        let name = rest[..at].trim().to_string();
        let after = &rest[at + 1..];
        let end = after.find(' ').unwrap_or(after.len());
        out.push((name, after[..end].parse().expect("minutes")));
        rest = after[end..].trim();
    }
    out
}

fn run_funnel(a: &Analysis, spec: &FunnelSpec) -> FunnelReport {
    funnel(Source::new(&a.dataset, &a.classification), spec).expect("the funnel runs")
}

/// Figures of a line "key: 1 2 -" ("-" is none).
fn figures(line: &str) -> Vec<Option<f64>> {
    line.split_whitespace()
        .map(|x| if x == "-" { None } else { Some(x.parse().expect("a number")) })
        .collect()
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() < 1e-3,
        _ => false,
    }
}

/// Runs every case of `tests/data/journeys/funnels.txt`.
fn check_funnel_cases(text: &str) -> usize {
    let mut ran = 0;
    for block in text.split("\ncase: ").skip(1) {
        let mut lines = block.lines();
        let name = lines.next().unwrap_or("").trim().to_string();
        let fields: Vec<(&str, &str)> = lines
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| l.split_once(':').map(|(k, v)| (k.trim(), v.trim())).expect("key: value"))
            .collect();
        let get = |key: &str| fields.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let a = analysis(get("journeys").expect("journeys"));
        let spec = match (get("funnel"), get("steps")) {
            (Some(json), _) => {
                FunnelSpec::from_json(json).unwrap_or_else(|e| panic!("{name}: {e}"))
            }
            (None, Some(list)) => {
                FunnelSpec::from_step_list(list).unwrap_or_else(|e| panic!("{name}: {e}"))
            }
            _ => panic!("{name}: no funnel"),
        };
        let r = run_funnel(&a, &spec);
        let per_step =
            |f: &dyn Fn(&touchpoints::journeys::FunnelStep) -> Option<f64>| -> Vec<Option<f64>> {
                r.steps.iter().map(f).collect()
            };
        for (key, value) in &fields {
            let actual = match *key {
                "journeys" | "funnel" | "steps" => continue,
                "count" => per_step(&|s| Some(s.count as f64)),
                "unique" => per_step(&|s| Some(s.journeys as f64)),
                "entered" => per_step(&|s| Some(s.entered as f64)),
                "dropped" => per_step(&|s| s.dropped.map(|d| d as f64)),
                "conversion" => per_step(&|s| s.conversion_from_previous.map(|c| c * 100.0)),
                "median_from_previous" => per_step(&|s| s.median_from_previous.map(|m| m / 60.0)),
                "median_from_start" => per_step(&|s| s.median_from_start.map(|m| m / 60.0)),
                "completed" => vec![Some(r.completed as f64)],
                other => panic!("{name}: unknown key {other}"),
            };
            let expected = figures(value);
            assert!(
                actual.len() == expected.len()
                    && actual.iter().zip(&expected).all(|(a, b)| close(*a, *b)),
                "{name}: {key} is {actual:?}, expected {expected:?}"
            );
        }
        ran += 1;
    }
    ran
}

// ---------------------------------------------------------------- funnels

#[test]
fn funnel_cases_computed_by_hand() {
    let text = std::fs::read_to_string("tests/data/journeys/funnels.txt").unwrap();
    let cases = check_funnel_cases(&text);
    assert!(cases >= 19, "only {cases} cases ran");
}
