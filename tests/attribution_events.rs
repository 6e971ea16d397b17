//! Attribution of event journeys read through the ingest and the dataset adapter:
//! the `converted` convention (a journey converts at its converting event; touch
//! points after it do not count), one path per conversion, the value rule without a
//! converted column, channel dimensions, time decay in days; bad path rows become
//! positioned problems.

use touchpoints::attribution::{
    self, AttributionReport, AttributionSettings, ChannelDimension, ConversionPaths, Model,
};
use touchpoints::ingest::{self, IngestOptions};
use touchpoints::taxonomy;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/data/attribution/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn run(text: &str, dimension: ChannelDimension, paths: ConversionPaths) -> AttributionReport {
    let dataset = ingest::read(text.as_bytes(), &IngestOptions::default()).unwrap();
    let rules = taxonomy::expand(&taxonomy::preset("generic").unwrap()).unwrap();
    let classification = taxonomy::classify(&dataset, &rules);
    let settings = AttributionSettings {
        dimension,
        conversion_paths: paths,
        ..AttributionSettings::default()
    };
    attribution::analyse(&dataset, &classification, &settings).unwrap()
}

fn credit(r: &AttributionReport, model: Model, channel: &str) -> (f64, f64) {
    let c = r.models.get(model).unwrap().get(channel).unwrap_or_default();
    (c.conversions, c.value)
}

fn near(got: (f64, f64), want: (f64, f64)) -> bool {
    (got.0 - want.0).abs() < 1e-9 && (got.1 - want.1).abs() < 1e-9
}

#[test]
fn a_journey_converts_at_its_first_converting_event() {
    let r = run(&fixture("events.csv"), ChannelDimension::Touchpoint, ConversionPaths::First);
    // j1 and j3 convert (values 50 and 20), j2 does not; j1's Review and second
    // Checkout come after its conversion and do not count.
    assert_eq!((r.conversions, r.value, r.nulls), (2.0, 70.0, 1.0));
    assert!(!r.channels.iter().any(|c| c == "Review"), "{:?}", r.channels);
    assert_eq!(r.paths, 3);
    assert!(near(credit(&r, Model::FirstTouch, "Search ad"), (1.0, 50.0)));
    assert!(near(credit(&r, Model::FirstTouch, "Newsletter"), (1.0, 20.0)));
    assert!(near(credit(&r, Model::LastTouch, "Checkout"), (2.0, 70.0)));
    assert!(near(credit(&r, Model::Linear, "Website"), (2.0 / 3.0, 70.0 / 3.0)));
    assert!(near(credit(&r, Model::Linear, "Display"), (0.0, 0.0)));
    // Time decay, half-life 7 days: 7, 5 and 0 days before the conversion.
    let w = [0.5, (-5.0f64 / 7.0).exp2(), 1.0];
    let sum: f64 = w.iter().sum();
    assert!(near(credit(&r, Model::TimeDecay, "Search ad"), (w[0] / sum, 50.0 * w[0] / sum)));
    assert!(near(credit(&r, Model::TimeDecay, "Website"), (2.0 * w[1] / sum, 70.0 * w[1] / sum)));
    assert_eq!(r.time_decay.basis, "days");
    assert!(r.notes.iter().any(|n| n.contains("converted = true")), "{:?}", r.notes);
    assert!(r.notes.iter().any(|n| n.contains("touch points after it do not count")));
}

#[test]
fn every_conversion_can_close_a_path() {
    let r = run(&fixture("events.csv"), ChannelDimension::Touchpoint, ConversionPaths::Each);
    assert_eq!((r.conversions, r.value, r.nulls), (3.0, 100.0, 1.0));
    assert!(near(credit(&r, Model::FirstTouch, "Review"), (1.0, 30.0)));
    assert!(near(credit(&r, Model::LastTouch, "Checkout"), (3.0, 100.0)));
    assert!(near(credit(&r, Model::Linear, "Review"), (0.5, 15.0)));
}

#[test]
fn without_a_converted_column_a_value_is_a_conversion() {
    let text: String = fixture("events.csv")
        .lines()
        .map(|l| format!("{}\n", l.rsplit_once(',').unwrap().0))
        .collect();
    let r = run(&text, ChannelDimension::Touchpoint, ConversionPaths::First);
    // The same purchases carry the values: the same result.
    assert_eq!((r.conversions, r.value), (2.0, 70.0));
    assert_eq!(r.nulls, 1.0);
    assert!(r.notes.iter().any(|n| n.contains("value above 0")), "{:?}", r.notes);
}

#[test]
fn channels_can_be_the_channel_column_or_a_class() {
    let r = run(&fixture("events.csv"), ChannelDimension::Channel, ConversionPaths::First);
    assert!(near(credit(&r, Model::FirstTouch, "search"), (1.0, 50.0)));
    assert!(near(credit(&r, Model::LastTouch, "web"), (2.0, 70.0)));
    assert!(near(credit(&r, Model::Linear, "web"), (4.0 / 3.0, 2.0 * 70.0 / 3.0)));
    let r = run(&fixture("events.csv"), ChannelDimension::Kind, ConversionPaths::First);
    let total: f64 = r.models.linear.as_ref().unwrap().0.iter().map(|(_, c)| c.conversions).sum();
    assert!((total - 2.0).abs() < 1e-12);
    assert!(
        r.channels.iter().all(|c| [
            "actual experience",
            "personal communication",
            "mass communication",
            "casual observation",
            "unclassified"
        ]
        .contains(&c.as_str())),
        "{:?}",
        r.channels
    );
}

#[test]
fn bad_path_rows_are_listed_with_line_and_column() {
    let r = run(&fixture("bad-paths.csv"), ChannelDimension::Touchpoint, ConversionPaths::First);
    let lines: Vec<(u64, Option<u64>)> = r.problems.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(lines, [(3, Some(1)), (4, Some(2)), (6, Some(4))], "{:?}", r.problems);
    assert!(r.problems[0].message.contains("empty step"), "{}", r.problems[0]);
    assert!(r.problems[1].message.contains("total_conversions"), "{}", r.problems[1]);
    // The good rows still count.
    assert_eq!((r.conversions, r.value, r.nulls), (14.0, 580.0, 26.0));
    assert_eq!(r.time_decay.basis, "steps");
}

#[test]
fn data_without_conversions_has_no_attribution_in_the_report() {
    use touchpoints::analysis::Analysis;
    let plain = "journey,time,touchpoint\nA,2026-01-01,Newsletter\nA,2026-01-02,Website\n";
    let a = Analysis::from_bytes(
        plain.as_bytes(),
        &IngestOptions::default(),
        taxonomy::preset("generic").unwrap(),
    )
    .unwrap();
    assert!(a.report.attribution.is_none());
    assert!(a.charts().attribution.is_none());
    let with = Analysis::from_bytes(
        fixture("events.csv").as_bytes(),
        &IngestOptions::default(),
        taxonomy::preset("generic").unwrap(),
    )
    .unwrap();
    let r = with.report.attribution.as_ref().unwrap();
    assert_eq!(r.conversions, 2.0);
    assert!(with.charts().attribution.unwrap().contains("Attributed conversions"));
}
