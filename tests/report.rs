//! The report on the shipped samples, against hand counts, and the command
//! line against the library (the page uses the same `Analysis`).

use touchpoints::analysis::Analysis;
use touchpoints::ingest::IngestOptions;
use touchpoints::model::Kind;
use touchpoints::open::analyse_file;
use touchpoints::taxonomy;

fn sample(name: &str) -> (String, Vec<u8>) {
    let path = format!("{}/www/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    (path, bytes)
}

fn analyse(name: &str, preset: &str) -> Analysis {
    let (path, bytes) = sample(name);
    let rules = taxonomy::preset(preset).expect("preset");
    analyse_file(&path, &bytes, &IngestOptions::default(), rules).expect("usable sample")
}

/// Checks each touch point's count and kind.
fn check(analysis: &Analysis, expected: &[(&str, u64, Kind)]) {
    let got: Vec<(String, u64, Option<Kind>)> = analysis
        .report
        .by_touchpoint
        .iter()
        .map(|t| (t.touchpoint.clone(), t.events, t.classes.kind))
        .collect();
    let want: Vec<(String, u64, Option<Kind>)> =
        expected.iter().map(|(n, c, k)| (n.to_string(), *c, Some(*k))).collect();
    assert_eq!(got, want);
}

#[test]
fn hotel_sample_matches_a_hand_count_and_the_seed_classes() {
    use Kind::*;
    let a = analyse("hotel-journeys.csv", "hotel");
    let r = &a.report;
    assert_eq!((r.events, r.journeys, r.unique_touchpoints), (80, 8, 14));
    // Events per guest, sorted: 7 7 8 9 11 11 13 14.
    assert_eq!((r.per_journey.min, r.per_journey.median, r.per_journey.max), (7, 10.0, 14));
    assert_eq!(r.per_journey.mean, 10.0);
    check(
        &a,
        &[
            ("Restaurant", 9, ActualExperience),
            ("Check-in", 8, ActualExperience),
            ("Checkout", 8, ActualExperience),
            ("Confirmation email", 8, PersonalCommunication),
            ("Business centre", 7, ActualExperience),
            ("Newsletter", 7, MassCommunication),
            ("Booking website", 5, ActualExperience),
            ("Fitness centre", 5, ActualExperience),
            ("Online review", 5, PersonalCommunication),
            ("Room service", 5, ActualExperience),
            ("Frequent-stay program", 4, ActualExperience),
            ("Online ad", 4, MassCommunication),
            ("Reservation call", 3, PersonalCommunication),
            ("Friend recommendation", 2, PersonalCommunication),
        ],
    );
    let kinds: Vec<(&str, u64)> = r.by_kind.iter().map(|c| (c.class, c.events)).collect();
    assert_eq!(
        kinds,
        vec![
            ("actual-experience", 51),
            ("personal-communication", 18),
            ("mass-communication", 11),
            ("casual-observation", 0)
        ]
    );
    assert_eq!(r.unclassified.events, 0);
    assert_eq!(r.problems.count, 0);
}

#[test]
fn bad_rows_are_listed_with_their_lines_and_good_rows_counted() {
    let a = analyse("bad-rows.csv", "hotel");
    let lines: Vec<u64> = a.report.problems.rows.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![4, 7, 9, 12, 15, 18, 20]);
    assert_eq!(a.report.events, 13);
    assert_eq!(a.report.rows, 20);
}

#[test]
fn every_sample_analyses_and_unknown_names_stay_unclassified() {
    for (name, preset) in [
        ("retail-journeys.csv", "retail"),
        ("transactions.csv", "generic"),
        ("attribution-paths.csv", "retail"),
        ("demo-journey.key.vtt", "retail"),
    ] {
        let a = analyse(name, preset);
        assert!(a.report.events > 0, "{name}");
        assert_eq!(a.report.problems.count, 0, "{name}: {:?}", a.report.problems.rows);
    }
    let a = analyse("retail-journeys.csv", "retail");
    assert_eq!(a.report.journeys, 2000);
    assert_eq!(a.report.unclassified.events, 0, "{:?}", a.report.unclassified.touchpoints);
    assert!(a.report.rfm.is_some() && a.report.lifecycle.is_some());
    let bytes = b"journey,time,touchpoint\nc1,2026-01-01,Zorblax\nc1,2026-01-02,Newsletter\n";
    let a = analyse_file(
        "x.csv",
        bytes,
        &IngestOptions::default(),
        taxonomy::preset("generic").unwrap(),
    )
    .expect("usable");
    assert_eq!(a.report.unclassified.events, 1);
    assert_eq!(a.report.unclassified.touchpoints[0].touchpoint, "Zorblax");
    assert_eq!(
        a.report.unclassified.touchpoints[0].missing,
        vec!["kind", "owner", "stage", "media", "direction"]
    );
    assert_eq!(a.report.by_kind.last().map(|c| (c.class, c.events)), Some(("unclassified", 1)));
}

#[test]
fn the_command_line_gives_the_same_numbers_as_the_library() {
    let (path, _) = sample("retail-journeys.csv");
    let args: Vec<String> = ["report", path.as_str(), "--preset", "retail", "--format", "json"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let printed = touchpoints::cli::run(&args).expect("cli runs");
    // Compared as text: parsing floats back may move them by one unit in the last place.
    let from_lib =
        serde_json::to_string_pretty(&analyse("retail-journeys.csv", "retail").full_report())
            .expect("json");
    assert!(printed == from_lib + "\n", "the command line and the library differ");
    let text = touchpoints::cli::run(&["report".to_string(), path.clone()]).expect("text");
    assert!(text.contains("journeys            2000"), "{text}");
    let err = touchpoints::cli::run(&["report".to_string(), "/no/such/file.csv".to_string()])
        .unwrap_err();
    assert!(err.contains("/no/such/file.csv"));
    let err = touchpoints::cli::run(&["report".into(), path, "--preset".into(), "zoo".into()])
        .unwrap_err();
    assert!(err.contains("no preset \"zoo\""), "{err}");
}

#[test]
fn user_rules_override_presets_and_data_columns_override_rules() {
    let rules = r#"{"name":"mine","rules":[{"if":{"touchpoint":["zorblax"]},"then":{"kind":"casual-observation"}}]}"#;
    let set = taxonomy::RuleSet::from_json(rules).expect("valid");
    let bytes = b"journey,time,touchpoint,kind\nc1,2026-01-01,Zorblax,\nc1,2026-01-02,Zorblax,mass communication\n";
    let a = analyse_file("x.csv", bytes, &IngestOptions::default(), set).expect("usable");
    let kinds: Vec<Option<Kind>> = (0..a.dataset.len()).map(|i| a.classes_of(i).kind).collect();
    assert_eq!(kinds, vec![Some(Kind::CasualObservation), Some(Kind::MassCommunication)]);
    let bad = taxonomy::RuleSet::from_json(
        "{\"name\":\"x\",\n\"rules\":[{\"if\":{},\"then\":{\"kind\":\"nope\"}}]}",
    )
    .unwrap_err();
    assert!(bad.to_string().starts_with("line 2, column"), "{bad}");
}

#[test]
fn every_annotation_export_opens_as_a_journey_file() {
    use touchpoints::annotations::{self, ExportFormat};
    let (path, bytes) = sample("demo-journey.key.vtt");
    let mut marks = annotations::import(&path, &bytes).expect("the key imports");
    marks.observations[0].observer = "Ada".into();
    marks.observations[0].marks[2].end = Some(marks.observations[0].marks[2].start + 4.0);
    for (format, name) in [
        (ExportFormat::WebVtt, "ada.vtt"),
        (ExportFormat::Srt, "ada.srt"),
        (ExportFormat::Csv, "ada.csv"),
        (ExportFormat::Json, "ada.json"),
    ] {
        let text = annotations::export(format, &marks);
        let a = analyse_file(
            name,
            text.as_bytes(),
            &IngestOptions::default(),
            taxonomy::preset("retail").unwrap(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((a.report.events, a.report.journeys), (8, 1), "{name}");
        assert_eq!(a.report.time_base, touchpoints::model::TimeBase::VideoOffset, "{name}");
        assert_eq!(a.report.unclassified.events, 0, "{name}");
        let video = a.report.video.as_ref().expect("video summary");
        assert!(
            (video.touchpoints_per_minute - 8.0 / (59.0 / 60.0)).abs() < 1e-9,
            "{name}: {}",
            video.touchpoints_per_minute
        );
    }
}
