//! Public-API tests of `touchpoints::value`: hand-computed figures, checked
//! through one `check(report, expected)` helper that compares JSON-pointer
//! paths of the serialized report.

use serde_json::{json, Value};
use touchpoints::charts::benefit_cost_bars::benefit_cost_chart;
use touchpoints::charts::diverging_bars::satisfaction_chart;
use touchpoints::charts::pareto_curve::pareto_chart;
use touchpoints::charts::value_map::value_map_chart;
use touchpoints::ingest::{self, IngestOptions};
use touchpoints::model::{Dataset, Stage};
use touchpoints::taxonomy::{classify, Classification};
use touchpoints::value::{
    customer_value, perceived_value, read_value_sheet, satisfaction, CustomerValueSettings,
    RatingScale, SatisfactionSettings, ValueReport,
};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/value/");

/// Compares each `(pointer, expected)` with the serialized `report`;
/// numbers within 1e-9 (relative), everything else exactly.
fn check(report: &impl serde::Serialize, expected: &[(&str, Value)]) {
    let actual = serde_json::to_value(report).unwrap();
    for (pointer, want) in expected {
        let got = actual.pointer(pointer).unwrap_or(&Value::Null);
        let same = match (got.as_f64(), want.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * b.abs().max(1.0),
            _ => got == want,
        };
        assert!(same, "{pointer}: expected {want}, got {got}");
    }
}

fn sheet_report(file: &str) -> ValueReport {
    let path = if file.starts_with("www/") {
        format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))
    } else {
        format!("{DATA}{file}")
    };
    let bytes = std::fs::read(&path).unwrap();
    perceived_value(&read_value_sheet(file, &bytes).unwrap())
}

// ---------------------------------------------------------------- value sheets

#[test]
fn hotels_sample_hand_computed() {
    // Harbour: benefit 5·4+3·4+4·5+4·5+2·3 = 78, cost 5·3+3·2+2·2+2·1 = 27.
    // City Inn: 15+6+12+12+6 = 51, 10+3+6+6 = 25. Grand: 25+15+16+16+10 = 82, 25+6+6+2 = 39.
    // Slope = (78+51+82)/(27+25+39) = 211/91.
    let r = sheet_report("www/samples/value-hotels.csv");
    check(
        &r,
        &[
            ("/ours", json!("Harbour Hotel")),
            ("/offers/0/benefit", json!(78.0)),
            ("/offers/0/cost", json!(27.0)),
            ("/offers/0/value", json!(51.0)),
            ("/offers/0/ratio", json!(78.0 / 27.0)),
            ("/offers/1/benefit", json!(51.0)),
            ("/offers/1/cost", json!(25.0)),
            ("/offers/1/value", json!(26.0)),
            ("/offers/2/benefit", json!(82.0)),
            ("/offers/2/cost", json!(39.0)),
            ("/offers/2/value", json!(43.0)),
            ("/offers/2/ratio", json!(82.0 / 39.0)),
            ("/ranking", json!(["Harbour Hotel", "Grand Palace", "City Inn"])),
            ("/best_competitor", json!("Grand Palace")),
            ("/gap_to_best_competitor", json!(8.0)),
            ("/offers/0/rival", json!("Grand Palace")),
            ("/offers/2/rival", json!("Harbour Hotel")),
            ("/offers/2/gap_to_rival", json!(-8.0)),
            ("/offers/1/rank", json!(3)),
            ("/fair_value_slope", json!(211.0 / 91.0)),
            ("/offers/0/above_fair_value", json!(true)),
            ("/offers/1/above_fair_value", json!(false)),
            ("/offers/2/above_fair_value", json!(false)),
            // Drivers of ours vs Grand: rate +10, comfort −5, three of |4| by name, …
            ("/offers/0/drivers/0/criterion", json!("Room rate")),
            ("/offers/0/drivers/0/contribution", json!(10.0)),
            ("/offers/0/drivers/1/criterion", json!("Room comfort")),
            ("/offers/0/drivers/1/contribution", json!(-5.0)),
            ("/offers/0/drivers/2/criterion", json!("Check-in and room service")),
            ("/offers/0/drivers/3/criterion", json!("Friendly and helpful staff")),
            ("/offers/0/drivers/4/criterion", json!("Reputation")),
            ("/offers/0/drivers/4/contribution", json!(-4.0)),
            ("/offers/0/drivers/5/contribution", json!(-3.0)),
            ("/offers/0/drivers/6/criterion", json!("Booking and check-in effort")),
            ("/offers/0/drivers/6/contribution", json!(2.0)),
            ("/offers/0/drivers/7/criterion", json!("Travel time to the centre")),
            ("/offers/0/drivers/8/criterion", json!("Worry about noise and safety")),
            ("/problems", json!([])),
            ("/notes", json!([])),
        ],
    );
    let sum: f64 = r.offers[0].drivers.iter().map(|d| d.contribution).sum();
    assert_eq!(sum, 8.0, "contributions sum to the gap");
}

#[test]
fn json_sheet_equals_csv_sheet() {
    let csv = sheet_report("www/samples/value-hotels.csv");
    let json = sheet_report("hotels.json");
    assert_eq!(csv, json);
    // The sheet round-trips through JSON (the page edits it as JSON).
    let bytes = std::fs::read(format!("{DATA}hotels.json")).unwrap();
    let sheet = read_value_sheet("hotels.json", &bytes).unwrap();
    let again = read_value_sheet("x.json", serde_json::to_string(&sheet).unwrap().as_bytes());
    assert_eq!(again.unwrap(), sheet);
}

#[test]
fn malformed_sheets_name_line_and_column() {
    let cases = [
        ("bad-rating.csv", "line 4, column 5: rating \"x\" is not a number"),
        ("bad-side.csv", "line 2, column 2: side \"gain\" must be benefit or cost"),
        ("negative-weight.csv", "line 3, column 4: weight -2 must be ≥ 0"),
        ("missing-weight.csv", "line 2, column 4: the weight is missing"),
        (
            "missing-side.csv",
            "line 1: missing column \"side\": expected criterion,side,category,weight, then one column per offer",
        ),
        (
            "no-offers.csv",
            "line 1: no offer columns: add one column per offer after weight (ours first)",
        ),
        ("ragged.csv", "line 3: 5 fields, but the header has 6"),
        (
            "duplicate-criterion.csv",
            "line 4, column 1: criterion \"quality\" appears twice (first on line 2)",
        ),
        ("duplicate-offer.csv", "line 1, column 6: offer \"Ours\" appears twice"),
        (
            "empty.csv",
            "the sheet is empty: expected a header criterion,side,category,weight, then one column per offer",
        ),
        ("bad-syntax.json", "line 4, column 75: trailing comma"),
        (
            "bad-side.json",
            "line 4, column 38: unknown variant `gain`, expected `benefit` or `cost`",
        ),
        (
            "ratings-length.json",
            "criterion 1 (\"Quality\"): 1 ratings for 2 offers (use null for a missing rating)",
        ),
        ("negative-weight.json", "criterion 1 (\"Quality\"): weight -1 must be ≥ 0"),
    ];
    for (file, want) in cases {
        let bytes = std::fs::read(format!("{DATA}{file}")).unwrap();
        let err = read_value_sheet(file, &bytes).expect_err(file);
        assert_eq!(err.to_string(), want, "{file}");
    }
}

#[test]
fn missing_ratings_add_nothing_and_are_listed() {
    let r = sheet_report("missing-ratings.csv");
    check(
        &r,
        &[
            ("/offers/0/value", json!(5.0)),
            ("/offers/1/benefit", json!(0.0)),
            ("/offers/1/cost", json!(2.0)),
            ("/offers/1/missing", json!(["Quality"])),
            ("/offers/2/value", json!(10.0)),
            ("/offers/2/ratio", Value::Null),
            (
                "/offers/2/ratio_note",
                json!("total cost is 0: the ratio benefit / cost is undefined"),
            ),
            ("/ranking", json!(["C", "Ours", "B"])),
            ("/gap_to_best_competitor", json!(-5.0)),
            // Only Quality is rated by both Ours and C.
            (
                "/offers/0/drivers",
                json!([{"criterion": "Quality", "side": "benefit", "category": "product", "weight": 2.0, "rating": 4.0, "rival_rating": 5.0, "contribution": -2.0}]),
            ),
            ("/fair_value_slope", json!(3.6)),
        ],
    );
    assert_eq!(r.problems.len(), 2);
    assert_eq!(r.problems[0].line, 2);
    assert!(r.problems[0].message.contains("\"B\" has no rating"));
}

#[test]
fn ties_are_ordered_by_name() {
    let r = sheet_report("ties.csv");
    check(
        &r,
        &[
            ("/ranking", json!(["Alpha", "Ours", "Zeta"])),
            ("/best_competitor", json!("Alpha")),
            ("/gap_to_best_competitor", json!(0.0)),
            ("/offers/0/drivers/0/criterion", json!("Quality")),
            ("/offers/0/drivers/1/criterion", json!("Speed")),
            ("/offers/0/drivers/2/criterion", json!("Price")),
            ("/offers/2/rank", json!(1)),
        ],
    );
}

#[test]
fn zero_cost_one_offer_no_criteria_wrong_category() {
    check(
        &sheet_report("zero-cost.csv"),
        &[
            ("/offers/0/ratio", Value::Null),
            ("/offers/1/ratio", json!(3.0)),
            ("/fair_value_slope", json!(7.0)),
            ("/offers/0/above_fair_value", json!(true)),
        ],
    );
    check(
        &sheet_report("one-offer.csv"),
        &[
            ("/offers/0/value", json!(3.0)),
            ("/offers/0/ratio", json!(1.6)),
            ("/offers/0/rival", Value::Null),
            ("/best_competitor", Value::Null),
            ("/gap_to_best_competitor", Value::Null),
            ("/offers/0/above_fair_value", json!(false)),
            (
                "/notes",
                json!(["only one offer: no competitor to compare with (add competitors' columns)"]),
            ),
        ],
    );
    check(
        &sheet_report("no-criteria.csv"),
        &[
            ("/offers/1/value", json!(0.0)),
            ("/fair_value_slope", Value::Null),
            (
                "/notes",
                json!([
                    "no fair-value line: the offers' total cost is 0",
                    "the sheet has no criteria: every total is 0"
                ]),
            ),
        ],
    );
    let r = sheet_report("wrong-category.csv");
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!(
        r.problems[0].to_string(),
        "line 2: criterion \"Quality\": category \"product\" is a benefit category, but the criterion is a cost; counted as a cost"
    );
    // An empty sheet (no offers) is a value too, and never panics.
    let empty = perceived_value(&Default::default());
    assert!(empty.offers.is_empty() && empty.best_competitor.is_none());
}

#[test]
fn edited_sheets_with_bad_numbers_do_not_panic() {
    let bytes = std::fs::read(format!("{DATA}hotels.json")).unwrap();
    let mut sheet = read_value_sheet("hotels.json", &bytes).unwrap();
    sheet.criteria[0].weight = f64::NAN;
    sheet.criteria[1].ratings[0] = Some(f64::INFINITY);
    sheet.criteria[2].ratings.truncate(1);
    let r = perceived_value(&sheet);
    // Room comfort left out; Breakfast missing for ours; Check-in missing for the others.
    check(
        &r,
        &[
            ("/offers/0/benefit", json!(20.0 + 20.0 + 6.0)),
            ("/offers/1/benefit", json!(6.0 + 12.0 + 6.0)),
        ],
    );
    assert_eq!(r.problems.len(), 4);
}

#[test]
fn value_charts_state_the_numbers() {
    let r = sheet_report("www/samples/value-hotels.csv");
    let map = value_map_chart(&r);
    assert!(map.contains("<title id=\"tp-value-map-title\">Customer value map</title>"));
    assert!(map.contains(
        "Harbour Hotel: benefit 78, cost 27, ratio 2.89, above the line (better value)."
    ));
    assert!(map.contains("Fair-value line: benefit = 2.32 × cost"));
    assert!(map.contains("better value (above the line)"));
    let bars = benefit_cost_chart(&r);
    assert!(bars.contains("Grand Palace: benefit 82, cost 39, value 43."));
    let one = value_map_chart(&sheet_report("no-criteria.csv"));
    assert!(one.contains("No fair-value line"));
}

// ---------------------------------------------------------------- datasets

/// One event for [`dataset`]: journey, touch point, time (days), then fields.
#[derive(Default, Clone)]
struct E {
    j: &'static str,
    tp: &'static str,
    day: f64,
    value: Option<f64>,
    cost: Option<f64>,
    rating: Option<f64>,
    expectation: Option<f64>,
    spend: Option<f64>,
    nps: Option<f64>,
    csat: Option<f64>,
    ces: Option<f64>,
    stage: Option<Stage>,
}

fn e(j: &'static str, tp: &'static str, day: f64) -> E {
    E { j, tp, day, ..E::default() }
}

impl E {
    fn rated(mut self, rating: f64, expectation: f64) -> E {
        self.rating = Some(rating);
        self.expectation = Some(expectation);
        self
    }
    fn money(mut self, value: f64, cost: f64) -> E {
        self.value = Some(value);
        self.cost = Some(cost);
        self
    }
    fn stage(mut self, stage: Stage) -> E {
        self.stage = Some(stage);
        self
    }
}

/// A calendar dataset (times in days since 1970-01-01) and its classes (the
/// stage is given as a column of the data; no rules): the events are written
/// as a journey CSV, with the columns some event fills, and read by the
/// ingest like any file.
fn dataset(events: &[E]) -> (Dataset, Classification) {
    fn number(v: Option<f64>) -> Option<String> {
        v.map(|v| v.to_string())
    }
    type Field = (&'static str, fn(&E) -> Option<String>);
    let fields: [Field; 9] = [
        ("stage", |x| x.stage.map(|s| s.label().to_string())),
        ("value", |x| number(x.value)),
        ("cost", |x| number(x.cost)),
        ("rating", |x| number(x.rating)),
        ("expectation", |x| number(x.expectation)),
        ("category_spend", |x| number(x.spend)),
        ("nps", |x| number(x.nps)),
        ("csat", |x| number(x.csat)),
        ("ces", |x| number(x.ces)),
    ];
    let used: Vec<&Field> =
        fields.iter().filter(|(_, f)| events.iter().any(|x| f(x).is_some())).collect();
    let mut text = String::from("journey,time,touchpoint");
    for (name, _) in &used {
        text += &format!(",{name}");
    }
    text.push('\n');
    for x in events {
        let seconds = (x.day * 86_400.0).round() as i64;
        let (y, m, d) = touchpoints::time::civil_from_days(seconds.div_euclid(86_400));
        let t = seconds.rem_euclid(86_400);
        text += &format!(
            "{},{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z,{}",
            x.j,
            t / 3600,
            t / 60 % 60,
            t % 60,
            x.tp
        );
        for (_, f) in &used {
            text += &format!(",{}", f(x).unwrap_or_default());
        }
        text.push('\n');
    }
    let d = ingest::read(text.as_bytes(), &IngestOptions::default())
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert!(d.problems().is_empty(), "{:?}", d.problems());
    let classes = classify(&d, &[]);
    (d, classes)
}

// ---------------------------------------------------------------- satisfaction

#[test]
fn satisfaction_on_a_1_to_5_scale() {
    use Stage::*;
    // Gaps on 1–5 (range 4): web (4−3)/4 = .25, (3−3) = 0, desk (2−4)/4 = −.5,
    // (1−5)/4 = −1, (5−5) = 0, room (5−4)/4 = .25.
    let (d, classes) = dataset(&[
        e("ann", "web", 0.0).rated(4.0, 3.0).stage(PrePurchase),
        e("bob", "web", 0.0).rated(3.0, 3.0).stage(PrePurchase),
        e("ann", "desk", 1.0).rated(2.0, 4.0).stage(Purchase),
        e("bob", "desk", 1.0).rated(1.0, 5.0).stage(Purchase),
        e("cat", "desk", 1.0).rated(5.0, 5.0).stage(Purchase),
        e("cat", "room", 2.0).rated(5.0, 4.0),
        e("cat", "bar", 2.0),
        E { rating: Some(3.0), ..e("dan", "bar", 2.0) },
    ]);
    let r = satisfaction(&d, &classes, &SatisfactionSettings::default()).unwrap();
    check(
        &r,
        &[
            ("/scale/min", json!(1.0)),
            ("/scale/max", json!(5.0)),
            ("/scale/source", json!("inferred")),
            ("/scale/statement", json!("1–5 (inferred from the data: values 1 to 5)")),
            ("/overall/events", json!(6)),
            ("/overall/dissatisfied", json!(2)),
            ("/overall/satisfied", json!(2)),
            ("/overall/delighted", json!(2)),
            ("/overall/mean_gap", json!(-1.0 / 6.0)),
            ("/events_missing_one", json!(1)),
            ("/touchpoints/0/name", json!("desk")),
            ("/touchpoints/0/share_dissatisfied", json!(2.0 / 3.0)),
            ("/touchpoints/0/mean_gap", json!(-0.5)),
            ("/touchpoints/0/mean_rating", json!(8.0 / 3.0)),
            ("/touchpoints/0/verdict", json!("dissatisfied")),
            ("/touchpoints/1/name", json!("room")),
            ("/touchpoints/2/name", json!("web")),
            ("/touchpoints/2/net", json!(0.5)),
            ("/stages/0/name", json!("pre-purchase")),
            ("/stages/0/events", json!(2)),
            ("/stages/1/name", json!("purchase")),
            ("/stages/1/dissatisfied", json!(2)),
            ("/stages/2/name", json!("unclassified")),
            ("/stages/2/delighted", json!(1)),
            // Pain: desk Σ shortfall (.5 + 1) / 6 rated events = .25.
            (
                "/pain_points",
                json!([{"touchpoint": "desk", "score": 0.25, "events": 2, "rated": 3, "mean_gap": -0.75}]),
            ),
            // Delight: room .25/6 and web .25/6 tie → by name.
            ("/delights/0/touchpoint", json!("room")),
            ("/delights/0/score", json!(0.25 / 6.0)),
            ("/delights/1/touchpoint", json!("web")),
            // Journeys: ann (.25 −.5)/2 = −.125, bob (0 − 1)/2 = −.5, cat (0 + .25)/2 = .125.
            ("/journey_count", json!(3)),
            ("/journeys/0/name", json!("bob")),
            ("/journeys/1/name", json!("ann")),
            ("/journeys/2/name", json!("cat")),
            ("/journeys_dissatisfied", json!(2)),
            ("/journeys_delighted", json!(1)),
            ("/nps", Value::Null),
        ],
    );
    assert!(satisfaction_chart(&r)
        .contains("desk: 67% dissatisfied, 33% satisfied, 0% delighted (3 events)."));
}

#[test]
fn tolerance_band_is_inclusive() {
    let (d, c) = dataset(&[
        e("a", "x", 0.0).rated(4.0, 3.0), // +.25
        e("a", "x", 0.0).rated(3.0, 4.0), // −.25
        e("a", "x", 0.0).rated(5.0, 3.0), // +.5
    ]);
    let s = SatisfactionSettings { tolerance: 0.25, ..Default::default() };
    check(
        &satisfaction(&d, &c, &s).unwrap(),
        &[
            ("/overall/satisfied", json!(2)),
            ("/overall/delighted", json!(1)),
            ("/tolerance", json!(0.25)),
        ],
    );
}

#[test]
fn scales_1_to_7_and_0_to_10_inferred_or_given() {
    let (d, c) = dataset(&[e("a", "x", 0.0).rated(7.0, 4.0), e("b", "x", 0.0).rated(2.0, 3.0)]);
    let r = satisfaction(&d, &c, &Default::default()).unwrap();
    check(
        &r,
        &[("/scale/max", json!(7.0)), ("/overall/mean_gap", json!((3.0 / 6.0 - 1.0 / 6.0) / 2.0))],
    );
    let (d, c) = dataset(&[e("a", "x", 0.0).rated(0.0, 8.0), e("b", "x", 0.0).rated(10.0, 5.0)]);
    let r = satisfaction(&d, &c, &Default::default()).unwrap();
    check(
        &r,
        &[
            ("/scale/min", json!(0.0)),
            ("/scale/max", json!(10.0)),
            ("/overall/mean_gap", json!((-0.8 + 0.5) / 2.0)),
        ],
    );
    // Given 1–5: an 8 is outside and skipped with a positioned problem.
    let (d, c) = dataset(&[e("a", "x", 0.0).rated(4.0, 2.0), e("b", "x", 0.0).rated(8.0, 3.0)]);
    let s = SatisfactionSettings {
        scale: Some(RatingScale { min: 1.0, max: 5.0 }),
        ..Default::default()
    };
    let r = satisfaction(&d, &c, &s).unwrap();
    check(
        &r,
        &[
            ("/scale/source", json!("settings")),
            ("/overall/events", json!(1)),
            ("/overall/mean_gap", json!(0.5)),
            ("/problems/0/line", json!(3)),
            ("/problems/0/message", json!("rating 8 is outside the scale 1–5; event skipped")),
        ],
    );
    // Fractions infer 0–1; a 250 falls back to the observed range.
    let (d, c) = dataset(&[e("a", "x", 0.0).rated(0.5, 0.75)]);
    check(
        &satisfaction(&d, &c, &Default::default()).unwrap(),
        &[("/scale/max", json!(1.0)), ("/overall/mean_gap", json!(-0.25))],
    );
    let (d, c) =
        dataset(&[e("a", "x", 0.0).rated(250.0, 150.0), e("a", "x", 0.0).rated(50.0, 50.0)]);
    check(
        &satisfaction(&d, &c, &Default::default()).unwrap(),
        &[("/scale/source", json!("observed")), ("/overall/mean_gap", json!(0.25))],
    );
}

#[test]
fn nps_csat_ces() {
    let mut events = Vec::new();
    for (i, v) in [10.0, 9.0, 8.0, 7.0, 6.0, 0.0, 11.0].into_iter().enumerate() {
        let mut x = e("a", "survey", i as f64);
        x.nps = Some(v);
        events.push(x);
    }
    for v in [5.0, 4.0, 3.0, 2.0, 1.0] {
        let mut x = e("b", "survey", 0.0);
        x.csat = Some(v);
        events.push(x);
    }
    for v in [1.0, 7.0, 4.0] {
        let mut x = e("c", "help", 0.0);
        x.ces = Some(v);
        events.push(x);
    }
    let (d, c) = dataset(&events);
    let r = satisfaction(&d, &c, &Default::default()).unwrap();
    check(
        &r,
        &[
            ("/scale", Value::Null),
            ("/overall", Value::Null),
            ("/nps/responses", json!(6)),
            ("/nps/promoters", json!(2)),
            ("/nps/passives", json!(2)),
            ("/nps/detractors", json!(2)),
            ("/nps/score", json!(0.0)),
            ("/csat/responses", json!(5)),
            ("/csat/satisfied", json!(2)),
            ("/csat/score", json!(40.0)),
            ("/csat/share", json!(0.4)),
            ("/ces/score", json!(4.0)),
            ("/problem_count", json!(1)),
            ("/problems/0/message", json!("nps 11 is outside 0–10; skipped")),
        ],
    );
    let (d, c) = dataset(&[
        {
            let mut x = e("a", "s", 0.0);
            x.nps = Some(3.0);
            x
        },
        {
            let mut x = e("b", "s", 0.0);
            x.nps = Some(9.0);
            x
        },
        {
            let mut x = e("c", "s", 0.0);
            x.nps = Some(10.0);
            x
        },
        {
            let mut x = e("d", "s", 0.0);
            x.nps = Some(10.0);
            x
        },
    ]);
    check(&satisfaction(&d, &c, &Default::default()).unwrap(), &[("/nps/score", json!(50.0))]);
}

#[test]
fn no_ratings_no_satisfaction() {
    let (d, c) = dataset(&[e("a", "x", 0.0).money(10.0, 2.0)]);
    assert!(satisfaction(&d, &c, &Default::default()).is_none());
    // Classes shorter than the events: the rest is unclassified, no panic.
    let (d, _) = dataset(&[e("a", "x", 0.0).rated(3.0, 3.0)]);
    check(
        &satisfaction(&d, &classify(&d, &[]), &Default::default()).unwrap(),
        &[("/stages/0/name", json!("unclassified"))],
    );
}

// ---------------------------------------------------------------- customer value

fn revenue_only(values: &[f64]) -> Dataset {
    const NAMES: [&str; 10] = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"];
    let events: Vec<E> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut x = e(NAMES[i], "shop", 0.0);
            x.value = Some(*v);
            x
        })
        .collect();
    dataset(&events).0
}

#[test]
fn revenue_cost_margin_marginal_customers() {
    let (d, _) = dataset(&[
        e("ann", "shop", 0.0).money(100.0, 20.0),
        e("ann", "shop", 10.0).money(50.0, 10.0),
        e("bob", "shop", 0.0).money(30.0, 45.0),
        e("cat", "call", 0.0).money(0.0, 15.0),
        e("dan", "shop", 0.0).money(20.0, 5.0),
        e("eve", "web", 0.0),
    ]);
    let r = customer_value(&d, &Default::default()).unwrap();
    check(
        &r,
        &[
            ("/customers", json!(5)),
            ("/revenue", json!(200.0)),
            ("/cost", json!(95.0)),
            ("/margin", json!(105.0)),
            ("/revenue_per_customer", json!(40.0)),
            ("/list/0/customer", json!("ann")),
            ("/list/0/margin", json!(120.0)),
            ("/list/3/customer", json!("cat")),
            ("/list/4/customer", json!("eve")),
            ("/marginal_count", json!(2)),
            ("/marginal_margin", json!(-30.0)),
            ("/marginal/0/customer", json!("bob")),
            ("/marginal/0/margin", json!(-15.0)),
            ("/marginal/1/customer", json!("cat")),
            // Revenue sorted 150, 30, 20, 0, 0: top 20% = 1 customer = 150/200.
            ("/revenue_pareto/top_share_of_total", json!(0.75)),
            // 80% = 160: 150 + 10/30 of the second → (1 + 1/3)/5.
            ("/revenue_pareto/customers_for_80_percent", json!((1.0 + 1.0 / 3.0) / 5.0)),
            // Margin sorted 120, 15, 0, −15, −15 (total 105): top 20% = 120/105 > 100%.
            ("/margin_pareto/top_share_of_total", json!(120.0 / 105.0)),
            ("/share_of_wallet", Value::Null),
        ],
    );
    assert_eq!(r.revenue_pareto.curve.len(), 101);
    assert!(pareto_chart(&r).contains("The top 20% of 5 customers bring 75% of the revenue"));
}

#[test]
fn pareto_edge_cases() {
    // One customer: the curve is the diagonal, so its top 20% brings 20%.
    check(
        &customer_value(&revenue_only(&[500.0]), &Default::default()).unwrap(),
        &[("/revenue_pareto/top_share_of_total", json!(0.2))],
    );
    // Equal customers: 20% for any count (interpolated), 5 or 3.
    for n in [5usize, 3, 10] {
        let r = customer_value(&revenue_only(&vec![7.0; n]), &Default::default()).unwrap();
        check(
            &r,
            &[
                ("/revenue_pareto/top_share_of_total", json!(0.2)),
                ("/revenue_pareto/customers_for_80_percent", json!(0.8)),
            ],
        );
    }
    // One very large customer among five.
    let r =
        customer_value(&revenue_only(&[1.0, 1.0, 1000.0, 1.0, 1.0]), &Default::default()).unwrap();
    check(
        &r,
        &[
            ("/revenue_pareto/top_share_of_total", json!(1000.0 / 1004.0)),
            ("/list/0/customer", json!("c2")),
        ],
    );
    // Three customers 60/30/10: 0.6 of the first = 36%.
    let r = customer_value(&revenue_only(&[10.0, 60.0, 30.0]), &Default::default()).unwrap();
    check(
        &r,
        &[
            ("/revenue_pareto/top_share_of_total", json!(0.36)),
            ("/revenue_pareto/customers_for_80_percent", json!((1.0 + 2.0 / 3.0) / 3.0)),
        ],
    );
    // No revenue at all: no shares, no panic.
    let r = customer_value(&revenue_only(&[0.0, 0.0]), &Default::default()).unwrap();
    check(&r, &[("/revenue_pareto/top_share_of_total", Value::Null)]);
    assert!(pareto_chart(&r).contains("No Pareto curve"));
}

#[test]
fn clv_matches_the_spreadsheet() {
    // =100*0.8/(1+0.1-0.8) → 266.666666666667
    let s = CustomerValueSettings {
        retention: Some(0.8),
        margin_per_period: Some(100.0),
        ..Default::default()
    };
    let r = customer_value(&revenue_only(&[10.0]), &s).unwrap();
    check(
        &r,
        &[
            ("/clv/clv", json!(266.666666666667)),
            ("/clv/factor", json!(0.8 / 0.3)),
            ("/clv/retention_source", json!("settings")),
        ],
    );
    // r = 1, d = 0: unbounded → None with a reason.
    let s = CustomerValueSettings { retention: Some(1.0), discount: 0.0, ..Default::default() };
    check(
        &customer_value(&revenue_only(&[10.0]), &s).unwrap(),
        &[
            ("/clv/clv", Value::Null),
            ("/clv/note", json!("1 + discount − retention is 0: the CLV is unbounded")),
        ],
    );
    // No retention and one period: no CLV, and the reason is stated.
    let r = customer_value(&revenue_only(&[10.0]), &Default::default()).unwrap();
    check(&r, &[("/clv/clv", Value::Null), ("/clv/retention_source", json!("none"))]);
}

#[test]
fn retention_estimated_from_calendar_data() {
    // Periods of 365 days: year 0 = ann, bob, cat; year 1 = ann, bob, dan; year 2 = ann.
    // Kept: ann 0→1, bob 0→1, ann 1→2 = 3 of base (3 in year 0 + 3 in year 1) = 6 → r = 0.5.
    let (d, _) = dataset(&[
        e("ann", "shop", 0.0).money(100.0, 40.0),
        e("bob", "shop", 10.0).money(100.0, 40.0),
        e("cat", "shop", 20.0).money(100.0, 40.0),
        e("ann", "shop", 400.0).money(100.0, 40.0),
        e("bob", "shop", 500.0).money(100.0, 40.0),
        e("dan", "shop", 600.0).money(100.0, 40.0),
        e("ann", "shop", 800.0).money(100.0, 40.0),
    ]);
    let r = customer_value(&d, &Default::default()).unwrap();
    // m = margin 420 / 4 customers / 3 periods = 35; CLV = 35 × .5 / (1.1 − .5).
    check(
        &r,
        &[
            ("/clv/periods", json!(3)),
            ("/clv/retention", json!(0.5)),
            ("/clv/retention_source", json!("data")),
            ("/clv/margin_per_period", json!(35.0)),
            ("/clv/clv", json!(35.0 * 0.5 / 0.6)),
            ("/list/0/customer", json!("ann")),
            ("/list/0/clv", json!(180.0 / 3.0 * 0.5 / 0.6)),
        ],
    );
}

#[test]
fn share_of_wallet_and_no_value() {
    let mut a = e("ann", "shop", 0.0).money(40.0, 0.0);
    a.spend = Some(100.0);
    let mut a2 = e("ann", "shop", 5.0).money(10.0, 0.0);
    a2.spend = Some(200.0); // the latest spend counts
    let mut b = e("bob", "shop", 0.0).money(30.0, 0.0);
    b.spend = Some(60.0);
    let c = e("cat", "shop", 0.0).money(5.0, 0.0);
    let (d, _) = dataset(&[a, a2, b, c]);
    check(
        &customer_value(&d, &Default::default()).unwrap(),
        &[
            ("/list/0/share_of_wallet", json!(0.25)),
            ("/share_of_wallet/customers", json!(2)),
            ("/share_of_wallet/share", json!(80.0 / 260.0)),
            ("/share_of_wallet/mean_share", json!((0.25 + 0.5) / 2.0)),
        ],
    );
    let (d, _) = dataset(&[e("a", "x", 0.0).rated(3.0, 3.0)]);
    assert!(customer_value(&d, &Default::default()).is_none());
}

#[test]
fn settings_deserialize_with_defaults() {
    let s: SatisfactionSettings = serde_json::from_str(r#"{"tolerance": 0.1}"#).unwrap();
    assert_eq!((s.tolerance, s.top, s.scale), (0.1, 5, None));
    let s: CustomerValueSettings = serde_json::from_str(r#"{"retention": 0.7}"#).unwrap();
    assert_eq!((s.retention, s.discount, s.top_share), (Some(0.7), 0.1, 0.2));
}

#[test]
fn odd_inputs_never_panic() {
    let inputs: [&[u8]; 7] = [
        b"\"unterminated",
        b"\xff\xfe\x00garbage",
        b"criterion,side,weight,\"A\nB\"\nx,benefit,1,2\n",
        b"criterion,side,weight,A\nx,benefit,1e400,2\n",
        b"{",
        b"{}",
        b"criterion;side;weight;A\nx;cost;1;NaN\n",
    ];
    for input in inputs {
        if let Ok(sheet) = read_value_sheet("x", input) {
            let _ = value_map_chart(&perceived_value(&sheet));
        }
    }
    // Non-finite money, a time that is none: the rows' problems, and the rest is analysed.
    let text =
        "journey,time,touchpoint,value,cost,rating\na,never,x,inf,-inf,NaN\nb,1970-01-01,y,1,0,\n";
    let d = ingest::read(text.as_bytes(), &IngestOptions::default()).unwrap();
    assert_eq!(d.problems().iter().map(|p| p.line).collect::<Vec<_>>(), [2]);
    let r = customer_value(&d, &Default::default()).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(satisfaction(&d, &classify(&d, &[]), &Default::default()).is_none());
}

#[test]
fn one_observed_value_is_satisfied_not_nan() {
    let (d, c) = dataset(&[e("a", "x", 0.0).rated(150.0, 150.0)]);
    check(
        &satisfaction(&d, &c, &Default::default()).unwrap(),
        &[("/overall/satisfied", json!(1)), ("/overall/mean_gap", json!(0.0))],
    );
}
