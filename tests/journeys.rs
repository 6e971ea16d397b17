//! Funnels, paths and the journey map through the public API, on small
//! journeys computed by hand (`tests/data/journeys/`).

use touchpoints::analysis::Analysis;
use touchpoints::ingest::IngestOptions;
use touchpoints::journeys::{funnel, FunnelReport, FunnelSpec, PathSettings, PathsReport, Source};
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

#[test]
fn next_touch_points_after_a_drop_and_the_dropoff_list() {
    // Funnel A → B: J1 drops (A then X), J2 drops (A then Y), J3 drops at the end, J4 goes on.
    let a = analysis("J1: A@0 X@1; J2: A@0 Y@1 X@2; J3: A@0; J4: A@0 B@1; J5: A@0 X@3");
    let r = run_funnel(&a, &FunnelSpec::from_step_list("A, B").unwrap());
    let s = &r.steps[0];
    assert_eq!(s.dropped, Some(4));
    let next: Vec<(&str, u64)> =
        s.next.iter().map(|n| (n.touchpoint.as_str(), n.journeys)).collect();
    assert_eq!(next, vec![("X", 2), ("Y", 1)]);
    assert_eq!((s.next_end, s.next_other), (1, 0));
    assert!((s.next[0].share - 0.5).abs() < 1e-12);
    let csv = r.dropoff_csv(Some(1));
    assert_eq!(
        csv,
        "step,step_label,journey,next_touchpoint\n1,A,J1,X\n1,A,J2,Y\n1,A,J3,(end of journey)\n1,A,J5,X\n"
    );
}

#[test]
fn breakdown_by_first_touch_channel_and_by_converted() {
    let csv = "journey,time,touchpoint,channel,converted\n\
        J1,2026-01-01T00:00:00Z,Ad,social,\nJ1,2026-01-01T00:01:00Z,Visit,web,\nJ1,2026-01-01T00:02:00Z,Order,web,true\n\
        J2,2026-01-01T00:00:00Z,Ad,social,\nJ2,2026-01-01T00:01:00Z,Visit,web,false\n\
        J3,2026-01-01T00:00:00Z,Mail,email,\nJ3,2026-01-01T00:01:00Z,Visit,web,\nJ3,2026-01-01T00:02:00Z,Order,web,true\n";
    let a = Analysis::from_bytes(
        csv.as_bytes(),
        &IngestOptions::default(),
        taxonomy::preset("generic").unwrap(),
    )
    .unwrap();
    let spec = FunnelSpec::from_json(
        r#"{"steps": ["Visit", "Order"], "breakdown": {"by": "channel", "value": "first"}}"#,
    )
    .unwrap();
    let r = run_funnel(&a, &spec);
    let b = r.breakdown.as_ref().unwrap();
    let rows: Vec<(&str, Vec<u64>)> =
        b.rows.iter().map(|r| (r.value.as_str(), r.counts.clone())).collect();
    assert_eq!(rows, vec![("social", vec![2, 1]), ("email", vec![1, 1])]);
    assert!(b.statement.contains("first event"));
    let spec = FunnelSpec::from_json(r#"{"steps": ["Visit", "Order"], "breakdown": {"by": "channel", "value": "step", "step": 2}}"#).unwrap();
    let rows: Vec<(String, Vec<u64>)> = run_funnel(&a, &spec)
        .breakdown
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.value, r.counts))
        .collect();
    assert_eq!(
        rows,
        vec![("web".to_string(), vec![2, 2]), ("(did not reach step 2)".to_string(), vec![1, 0])]
    );
    let spec =
        FunnelSpec::from_json(r#"{"steps": ["Ad", "Visit"], "breakdown": {"by": "converted"}}"#)
            .unwrap();
    let rows: Vec<(String, Vec<u64>)> = run_funnel(&a, &spec)
        .breakdown
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.value, r.counts))
        .collect();
    assert_eq!(
        rows,
        vec![("converted".to_string(), vec![1, 1]), ("not converted".to_string(), vec![1, 1])]
    );
}

#[test]
fn a_step_that_matches_nothing_is_named_with_a_suggestion() {
    let a = analysis("J1: Checkout@0 Delivery@5");
    let r = run_funnel(&a, &FunnelSpec::from_step_list("Chekout, Delivery").unwrap());
    assert!(
        r.notes.iter().any(|n| n.contains("step 1 (Chekout) matches no event")
            && n.contains("did you mean \"Checkout\"")),
        "{:?}",
        r.notes
    );
}

#[test]
fn bad_funnels_are_positioned_errors() {
    for (input, expected) in [
        ("A,,B", "step at character 3: the step is empty"),
        ("A, stage = purchse", "step at character 4: \"purchse\" is not a stage"),
        ("A, \"B", "the quote at character 4 is not closed"),
        ("!X, A", "needs a step before it"),
        ("A?, B", "step 1 cannot be optional"),
    ] {
        let e = FunnelSpec::from_step_list(input)
            .and_then(|s| s.check().map(|_| s))
            .unwrap_err()
            .to_string();
        assert!(e.contains(expected), "{input}: {e}");
    }
    let e = FunnelSpec::from_json("{\n  \"steps\": [\"A\", \"B\"],\n  \"order\": \"sideways\"\n}")
        .unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.to_string().contains("unknown variant `sideways`"), "{e}");
}

// ---------------------------------------------------------------- paths

use touchpoints::journeys::paths::{Anchor, NodeKind};

fn node_list(r: &PathsReport) -> Vec<(usize, String, u64)> {
    r.nodes.iter().map(|n| (n.position, n.label.clone(), n.journeys)).collect()
}

#[test]
fn paths_from_the_start_collapse_repeats_and_end_journeys() {
    let a = analysis("J1: A@0 B@1 B@2 C@3; J2: A@0 C@1; J3: B@0 A@1; J4: A@0 B@1 C@2 D@3");
    let settings = PathSettings { steps: 3, ..PathSettings::default() };
    let r = touchpoints::journeys::paths(Source::new(&a.dataset, &a.classification), &settings)
        .unwrap();
    let n = |p: usize, l: &str, c: u64| (p, l.to_string(), c);
    assert_eq!(
        node_list(&r),
        vec![
            n(1, "A", 3),
            n(1, "B", 1),
            n(2, "B", 2),
            n(2, "A", 1),
            n(2, "C", 1),
            n(3, "C", 2),
            n(3, "End of journey", 2)
        ]
    );
    let link =
        |a: usize, b: usize| r.links.iter().find(|l| l.from == a && l.to == b).map(|l| l.journeys);
    assert_eq!(link(0, 2), Some(2)); // A → B
    assert_eq!(link(0, 4), Some(1)); // A → C
    assert_eq!(link(4, 6), Some(1)); // C → end (J2)
    assert_eq!(r.journeys, 4);
    // Without collapsing, J1 is A, B, B.
    let raw = PathSettings { steps: 3, collapse_repeats: false, ..PathSettings::default() };
    let r = touchpoints::journeys::paths(Source::new(&a.dataset, &a.classification), &raw).unwrap();
    assert!(node_list(&r).contains(&n(3, "B", 1)));
}

#[test]
fn paths_keep_the_top_labels_and_fold_the_rest_into_other() {
    let a = analysis("J1: S@0 A@1; J2: S@0 A@1; J3: S@0 B@1; J4: S@0 C@1; J5: S@0 D@1");
    let settings = PathSettings { steps: 2, top: 2, end_node: false, ..PathSettings::default() };
    let r = touchpoints::journeys::paths(Source::new(&a.dataset, &a.classification), &settings)
        .unwrap();
    let n = |p: usize, l: &str, c: u64| (p, l.to_string(), c);
    assert_eq!(node_list(&r), vec![n(1, "S", 5), n(2, "A", 2), n(2, "B", 1), n(2, "Other", 2)]);
    assert_eq!(r.nodes[3].kind, NodeKind::Other);
}

#[test]
fn paths_back_from_the_end_and_between_two_steps() {
    let a = analysis("J1: A@0 B@1 C@2; J2: B@0 C@1; J3: C@0 A@1");
    let end = PathSettings {
        anchor: Anchor::End,
        to: Some("C".into()),
        steps: 3,
        ..PathSettings::default()
    };
    let r = touchpoints::journeys::paths(Source::new(&a.dataset, &a.classification), &end).unwrap();
    let n = |p: usize, l: &str, c: u64| (p, l.to_string(), c);
    assert_eq!(
        node_list(&r),
        vec![
            n(1, "C", 3),
            n(2, "B", 2),
            n(2, "Start of journey", 1),
            n(3, "A", 1),
            n(3, "Start of journey", 1)
        ]
    );
    let between = PathSettings {
        anchor: Anchor::Between,
        from: Some("A".into()),
        to: Some("C".into()),
        steps: 4,
        ..PathSettings::default()
    };
    let r =
        touchpoints::journeys::paths(Source::new(&a.dataset, &a.classification), &between).unwrap();
    assert_eq!(node_list(&r), vec![n(1, "A", 1), n(2, "B", 1), n(3, "C", 1)]);
    assert_eq!(r.journeys, 1, "J3 has no C after its A");
}

#[test]
fn the_transition_matrix_counts_journeys_per_transition() {
    let a = analysis("J1: A@0 B@1 A@2 B@3; J2: A@0 B@1; J3: B@0");
    let r = touchpoints::journeys::paths(
        Source::new(&a.dataset, &a.classification),
        &PathSettings::default(),
    )
    .unwrap();
    let m = &r.matrix;
    assert_eq!(m.labels, vec!["B", "A", "End of journey"]);
    // B → A: J1; A → B: J1, J2; B → end: J1, J2, J3.
    assert_eq!(m.cells, vec![vec![0, 1, 3], vec![2, 0, 0]]);
    assert_eq!(m.rows, vec![3, 2]);
}

#[test]
fn cleaning_rules_alias_names_and_bad_patterns_are_positioned() {
    let a = analysis("J1: Instagram ad@0 Checkout@1; J2: Search ad@0 Checkout@1; J3: Newsletter@0");
    let settings = PathSettings {
        steps: 2,
        cleaning: vec![touchpoints::journeys::paths::CleaningRule {
            pattern: " ad$".into(),
            alias: "Ads".into(),
        }],
        ..PathSettings::default()
    };
    let r = touchpoints::journeys::paths(Source::new(&a.dataset, &a.classification), &settings)
        .unwrap();
    assert_eq!(r.nodes[0].label, "Ads");
    assert_eq!(r.nodes[0].journeys, 2);
    let bad = PathSettings {
        cleaning: vec![
            touchpoints::journeys::paths::CleaningRule { pattern: "ok".into(), alias: "x".into() },
            touchpoints::journeys::paths::CleaningRule {
                pattern: "(unclosed".into(),
                alias: "x".into(),
            },
        ],
        ..PathSettings::default()
    };
    let e =
        touchpoints::journeys::paths(Source::new(&a.dataset, &a.classification), &bad).unwrap_err();
    assert!(
        e.to_string().contains("cleaning rule 2: \"(unclosed\" is not a regular expression"),
        "{e}"
    );
    let e = touchpoints::journeys::paths(
        Source::new(&a.dataset, &a.classification),
        &PathSettings { steps: 1, ..PathSettings::default() },
    )
    .unwrap_err();
    assert!(e.to_string().contains("choose 2 to 20"));
}

fn retail() -> Analysis {
    let bytes = std::fs::read("www/samples/retail-journeys.csv").unwrap();
    Analysis::from_bytes(&bytes, &IngestOptions::default(), taxonomy::preset("retail").unwrap())
        .unwrap()
}

#[test]
fn a_two_step_path_equals_the_matching_two_step_funnel() {
    let a = retail();
    let source = Source::new(&a.dataset, &a.classification);
    let names: Vec<String> = a.dataset.touchpoint_names().iter().map(str::to_string).collect();
    let mut compared = 0;
    for first in &names {
        let settings = PathSettings {
            from: Some(first.clone()),
            steps: 2,
            top: 50,
            ..PathSettings::default()
        };
        let p = touchpoints::journeys::paths(source, &settings).unwrap();
        let start = p.nodes.iter().find(|n| n.position == 1).unwrap();
        for node in p.nodes.iter().filter(|n| n.position == 2 && n.kind == NodeKind::Label) {
            let spec = FunnelSpec::from_json(&format!(
                r#"{{"steps": [{{"touchpoint": {first:?}}}, {{"touchpoint": {:?}}}], "order": "strict", "entry": "first"}}"#,
                node.label
            ))
            .unwrap();
            let f = run_funnel(&a, &spec);
            assert_eq!(f.steps[0].count, start.journeys, "{first}");
            assert_eq!(f.steps[1].count, node.journeys, "{first} → {}", node.label);
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared} pairs compared");
}

#[test]
fn the_funnel_flow_equals_the_funnel() {
    let a = retail();
    let spec = FunnelSpec::from_step_list(
        "Instagram ad, Website visit, Fitting room | Online order, Checkout | Delivery",
    )
    .unwrap();
    let r = run_funnel(&a, &spec);
    use touchpoints::journeys::funnel::FlowNode;
    for k in 0..3 {
        let onward: u64 = r
            .flow
            .links
            .iter()
            .filter(|(f, t, _)| *f == FlowNode::Step(k) && *t == FlowNode::Step(k + 1))
            .map(|l| l.2)
            .sum();
        let drops: u64 = r
            .flow
            .links
            .iter()
            .filter(|(f, t, _)| *f == FlowNode::Step(k) && matches!(t, FlowNode::Next(..)))
            .map(|l| l.2)
            .sum();
        assert_eq!(onward, r.steps[k + 1].count, "step {}", k + 2);
        assert_eq!(drops, r.steps[k].dropped.unwrap(), "dropped at step {}", k + 1);
    }
    assert!(r.steps[3].count > 0 && r.steps[3].count < r.steps[0].count);
}

// ---------------------------------------------------------------- journey map

use touchpoints::journeys::journey_map::{Segment, StageSpec};
use touchpoints::journeys::{journey_map, MapSettings};

const RATED: &str = "journey,time,touchpoint,stage,kind,rating,expectation,converted\n\
    J1,2026-01-01T00:00:00Z,Ad,pre-purchase,mass communication,,,\n\
    J1,2026-01-01T00:01:00Z,Visit,pre-purchase,actual experience,4,3,\n\
    J1,2026-01-01T00:02:00Z,Order,purchase,actual experience,5,4,true\n\
    J1,2026-01-02T00:00:00Z,Delivery,post-purchase,actual experience,2,4,\n\
    J2,2026-01-01T00:00:00Z,Ad,pre-purchase,mass communication,,,\n\
    J2,2026-01-01T00:05:00Z,Visit,pre-purchase,actual experience,3,3,false\n";

fn map_of(csv: &str, settings: &MapSettings) -> touchpoints::journeys::JourneyMap {
    let a = Analysis::from_bytes(
        csv.as_bytes(),
        &IngestOptions::default(),
        taxonomy::preset("generic").unwrap(),
    )
    .unwrap();
    journey_map(
        Source::new(&a.dataset, &a.classification),
        settings,
        &a.settings.satisfaction,
        &a.settings.engagement,
    )
    .unwrap()
}

#[test]
fn the_journey_map_has_stages_touch_points_and_the_satisfaction_curve() {
    let m = map_of(RATED, &MapSettings::default());
    assert_eq!(m.experience, "satisfaction");
    assert_eq!(m.journeys, 2);
    let stages: Vec<(&str, u64, Option<f64>)> =
        m.stages.iter().map(|s| (s.name.as_str(), s.journeys, s.experience)).collect();
    // Scale 1–5 (range 4): Visit +0.25 and 0; Order +0.25; Delivery (2 − 4) / 4 = −0.5.
    assert_eq!(
        stages,
        vec![
            ("pre-purchase", 2, Some(0.125)),
            ("purchase", 1, Some(0.25)),
            ("post-purchase", 1, Some(-0.5))
        ]
    );
    let pre: Vec<(&str, u64, Option<f64>)> = m.stages[0]
        .touchpoints
        .iter()
        .map(|t| (t.touchpoint.as_str(), t.journeys, t.experience))
        .collect();
    assert_eq!(pre, vec![("Ad", 2, None), ("Visit", 2, Some(0.125))], "in journey order");
    assert_eq!(m.stages[0].touchpoints[0].kind, Some("mass-communication"));
    assert_eq!(m.pain_points.len(), 1);
    assert_eq!((m.pain_points[0].touchpoint.as_str(), m.pain_points[0].stage), ("Delivery", 2));
    assert!((m.pain_points[0].score - 0.125).abs() < 1e-12, "0.5 shortfall over 4 rated events");
    let delights: Vec<&str> = m.delights.iter().map(|d| d.touchpoint.as_str()).collect();
    assert_eq!(delights, vec!["Order", "Visit"]);
    assert!(m.experience_statement.contains("performance − expectation"));
}

#[test]
fn the_journey_map_of_a_segment_and_of_one_journey() {
    let m = map_of(RATED, &MapSettings { segment: Segment::Converted, ..MapSettings::default() });
    assert_eq!(m.journeys, 1);
    assert_eq!(m.stages[0].experience, Some(0.25));
    let m =
        map_of(RATED, &MapSettings { segment: Segment::NotConverted, ..MapSettings::default() });
    let per_stage: Vec<u64> = m.stages.iter().map(|s| s.journeys).collect();
    assert_eq!(
        (m.journeys, per_stage),
        (1, vec![1, 0, 0]),
        "every stage is a column, empty or not"
    );
    let m = map_of(
        RATED,
        &MapSettings { segment: Segment::Journey("J1".into()), ..MapSettings::default() },
    );
    let events: Vec<usize> = m.stages.iter().map(|s| s.touchpoints.len()).collect();
    assert_eq!(events, vec![2, 1, 1]);
    assert!(m.stages[2].touchpoints[0].time.as_deref().unwrap_or("").starts_with("2026-01-02"));
    let a = Analysis::from_bytes(
        RATED.as_bytes(),
        &IngestOptions::default(),
        taxonomy::preset("generic").unwrap(),
    )
    .unwrap();
    let e = journey_map(
        Source::new(&a.dataset, &a.classification),
        &MapSettings { segment: Segment::Journey("J9".into()), ..MapSettings::default() },
        &a.settings.satisfaction,
        &a.settings.engagement,
    )
    .unwrap_err();
    assert!(e.to_string().contains("no journey named \"J9\""));
}

#[test]
fn the_journey_map_uses_engagement_without_ratings_and_stages_from_steps() {
    let csv = "journey,time,touchpoint,kind,owner,direction,media\n\
        J1,2026-01-01T00:00:00Z,Ad,mass communication,brand,one-way,paid\n\
        J1,2026-01-01T00:01:00Z,Visit,actual experience,brand,one-way,paid\n";
    let settings = MapSettings {
        stages: vec![
            StageSpec { name: "Awareness".into(), step: "Ad".into() },
            StageSpec { name: "Consideration".into(), step: "kind = actual experience".into() },
        ],
        ..MapSettings::default()
    };
    let m = map_of(csv, &settings);
    assert_eq!(m.experience, "engagement");
    let names: Vec<&str> = m.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["Awareness", "Consideration"]);
    // Default weights: base 1 + mass communication 0 = 1; base 1 + actual experience 2 = 3 (brand, one-way, paid: 0).
    assert_eq!(m.stages[0].experience, Some(1.0));
    assert_eq!(m.stages[1].experience, Some(3.0));
    assert!(m.pain_points.is_empty());
}

#[test]
fn the_classroom_consensus_forms_a_journey_map() {
    use touchpoints::classroom::{grade_files, GradingSettings};
    let key = std::fs::read("www/samples/demo-journey.key.vtt").unwrap();
    let students: Vec<(String, Vec<u8>)> = std::fs::read_dir("www/samples/students")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "vtt"))
        .map(|p| {
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())
        })
        .collect();
    let graded = grade_files("key.vtt", &key, &students, &GradingSettings::default()).unwrap();
    let report = &graded.report;
    let map = touchpoints::journeys::consensus::consensus_journey_map(report).unwrap();
    let consensus: Vec<&str> = {
        let mut v: Vec<&touchpoints::classroom::metrics::TouchpointScore> =
            report.touchpoints.iter().filter(|t| t.share.unwrap_or(1.0) >= 0.5).collect();
        v.sort_by(|a, b| a.key.time.total_cmp(&b.key.time));
        v.into_iter().map(|t| t.key.touchpoint.as_str()).collect()
    };
    assert!(!consensus.is_empty() && consensus.len() <= report.touchpoints.len());
    let drawn: Vec<&str> = map
        .stages
        .iter()
        .flat_map(|s| s.touchpoints.iter().map(|t| t.touchpoint.as_str()))
        .collect();
    let mut sorted_drawn = drawn.clone();
    sorted_drawn.sort_unstable();
    let mut sorted_consensus = consensus.clone();
    sorted_consensus.sort_unstable();
    assert_eq!(sorted_drawn, sorted_consensus, "every consensus mark, each once");
    assert!(map
        .segment
        .contains(&format!("found by at least half of the {} students", students.len())));
    assert_eq!(map.experience, "engagement");
    // The retail rules put the store's touch points in their stages: the Instagram ad before the checkout.
    let stage_of = |name: &str| {
        map.stages.iter().position(|s| s.touchpoints.iter().any(|t| t.touchpoint == name))
    };
    if let (Some(ad), Some(checkout)) = (stage_of("Instagram ad"), stage_of("Checkout")) {
        assert!(ad < checkout);
    }
}
