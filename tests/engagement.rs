//! Engagement score, RFM, lifecycle and loyalty through the public API:
//! hand-computed cases from fixtures, invariants by a deterministic LCG, and
//! a 7,000-row / 2,400-customer transactions run.

use touchpoints::charts::engagement::{engagement_histogram, lifecycle_bars, rfm_grid};
use touchpoints::dataset::DatasetBuilder;
use touchpoints::engagement::*;
use touchpoints::ingest::{self, IngestOptions};
use touchpoints::model::{Classes, Dataset, Direction, Kind, Media, Owner, TimeBase};
use touchpoints::taxonomy::{classify, Classification};

// ---------------------------------------------------------------- helpers

/// One generated event (names owned, so a test can change it before
/// [`build`] writes the file).
#[derive(Debug, Clone, Default)]
struct Row {
    journey: String,
    /// Unix seconds.
    time: f64,
    touchpoint: String,
    channel: Option<String>,
    given: Classes,
    value: Option<f64>,
    converted: bool,
}

/// The dataset of generated rows: written as a journey CSV and read by the
/// ingest, like any file (so no test depends on the dataset's storage).
fn build(rows: &[Row]) -> Dataset {
    let label = |l: Option<&'static str>| l.unwrap_or("");
    let mut text = String::from(
        "journey,time,touchpoint,channel,kind,owner,media,direction,value,converted\n",
    );
    for r in rows {
        let c = &r.given;
        text += &format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            r.journey,
            r.time,
            r.touchpoint,
            r.channel.as_deref().unwrap_or(""),
            label(c.kind.map(|k| k.label())),
            label(c.owner.map(|k| k.label())),
            label(c.media.map(|k| k.label())),
            label(c.direction.map(|k| k.label())),
            r.value.map(|v| v.to_string()).unwrap_or_default(),
            r.converted,
        );
    }
    dataset_from_csv(&text)
}

/// The dataset of a journey file's text, through the ingest (`customer`,
/// `date` and `amount` are aliases of journey, time and value; a file
/// without a touch point column is a transactions export).
fn dataset_from_csv(text: &str) -> Dataset {
    ingest::read(text.as_bytes(), &IngestOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/data/engagement/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// No rules: every event keeps the classes its data gave.
fn classes_of(ds: &Dataset) -> Classification {
    classify(ds, &[])
}

fn settings(json: &str) -> EngagementSettings {
    serde_json::from_str(json).expect("settings JSON")
}

/// Scores `fixture` with `settings_json` and checks (customer, score, band).
fn check(
    fixture_name: &str,
    settings_json: &str,
    expected: &[(&str, f64, &str)],
) -> EngagementReport {
    let ds = dataset_from_csv(&fixture(fixture_name));
    let report = engagement(&ds, &classes_of(&ds), &settings(settings_json));
    for (name, score, band) in expected {
        let c = report
            .customers
            .iter()
            .find(|c| c.customer == *name)
            .unwrap_or_else(|| panic!("{fixture_name}: no customer {name}"));
        assert_eq!(
            (c.score, c.band.as_str()),
            (*score, *band),
            "{fixture_name}/{name}: {}",
            c.formula()
        );
    }
    report
}

fn customer<'a>(report: &'a EngagementReport, name: &str) -> &'a CustomerEngagement {
    report.customers.iter().find(|c| c.customer == name).unwrap()
}

/// A small deterministic generator (Knuth's MMIX LCG).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        let i = self.below(items.len() as u64 + 1) as usize;
        items.get(i).copied()
    }
}

const DAY: f64 = 86_400.0;
const START: f64 = 1_704_067_200.0; // 2024-01-01

/// Random journey rows: `customers` customers, `events` events within 200 days.
fn random_rows(rng: &mut Lcg, customers: u64, events: usize) -> Vec<Row> {
    let touchpoints =
        ["Newsletter", "Product review", "Store visit", "Chat", "Referral", "TV ad", "Checkout"];
    let channels = ["email", "web", "store", "app", "forum"];
    let mut rows = Vec::new();
    for _ in 0..events {
        let tp = touchpoints[rng.below(touchpoints.len() as u64) as usize];
        let channel = rng.pick(&channels).map(str::to_string);
        let converted = rng.below(4) == 0;
        let journey = format!("cust{:03}", rng.below(customers));
        rows.push(Row {
            journey,
            time: START + rng.below(200 * 24) as f64 * 3600.0,
            touchpoint: tp.to_string(),
            channel,
            given: Classes {
                kind: rng.pick(Kind::ALL),
                owner: rng.pick(Owner::ALL),
                stage: None,
                media: rng.pick(Media::ALL),
                direction: rng.pick(Direction::ALL),
            },
            value: converted.then(|| rng.below(20_000) as f64 / 100.0),
            converted,
        });
    }
    rows
}

/// A random journey dataset (see [`random_rows`]).
fn random_dataset(rng: &mut Lcg, customers: u64, events: usize) -> Dataset {
    build(&random_rows(rng, customers, events))
}

fn fixed_date(ds: &Dataset) -> EngagementSettings {
    let _ = ds;
    EngagementSettings {
        analysis_date: Some(AnalysisDate::Unix(START + 201.0 * DAY)),
        ..EngagementSettings::default()
    }
}

// ---------------------------------------------------------------- engagement, by hand

#[test]
fn decay_halves_points_every_half_life() {
    // Analysis 2024-04-01; half-life 90 days.
    // Product review (2024-01-02, age 90): 1 + CI 4 + customer 2 + earned 2 + advocacy 5 = 14 × 0.5  = 7
    // TV ad          (2023-10-04, age 180): 1 + mass 0 + one-way 0 + brand 0 + paid 0 = 1 × 0.25 = 0.25
    // Store visit    (2024-01-02, age 90): 1 + experience 2 + two-way 3 + brand 0 + owned 0.5 = 6.5 × 0.5 = 3.25
    // Newsletter 2024-05-01 is after the analysis date: not counted.
    // Score = 7 + 0.25 + 3.25 = 10.5 → cold (< 15).
    let report = check("decay.csv", r#"{"analysis_date": "2024-04-01"}"#, &[("ann", 10.5, "cold")]);
    let ann = customer(&report, "ann");
    assert_eq!(ann.touches, 3);
    assert_eq!(
        (
            ann.points.base,
            ann.points.kind,
            ann.points.direction,
            ann.points.owner,
            ann.points.media,
            ann.points.advocacy
        ),
        (3.0, 2.0, 7.0, 2.0, 2.5, 5.0)
    );
    assert_eq!((ann.raw_points, ann.decayed_points, ann.capped_points), (21.5, 10.5, 10.5));
    assert!((ann.decay_kept - 10.5 / 21.5).abs() < 1e-12);
    assert!(ann.cap_hits.is_empty());
    assert_eq!(
        ann.formula(),
        "points 21.50 = base 3.00 + kind 2.00 + direction 7.00 + owner 2.00 + media 2.50 + advocacy 5.00; \
         after decay (half-life 90 days) 10.50 (48.8% kept); cap 25.00 per channel not reached; score = min(100, 10.50) = 10.5"
    );
    // The formula is written when the row is: the JSON of the row carries it, last.
    let row = serde_json::to_string(ann).expect("a row serializes");
    let value: serde_json::Value = serde_json::from_str(&row).expect("JSON");
    assert_eq!(value["formula"], serde_json::json!(ann.formula()));
    let at = |key: &str| row.find(&format!("\"{key}\":")).unwrap_or(usize::MAX);
    let keys = "customer score band touches points raw_points decayed_points decay_kept capped_points cap_hits formula";
    let places: Vec<usize> = keys.split(' ').map(at).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1] && w[1] < usize::MAX), "{row}");
    assert_eq!(report.analysis_date.as_deref(), Some("2024-04-01"));
    assert!(report.decay);
    assert_eq!(report.warnings, vec!["1 events not scored (time missing or not a number, unknown customer, or at/after the analysis date)"]);

    let ds = dataset_from_csv(&fixture("decay.csv"));
    let touches = engagement_touches(
        &ds,
        &classes_of(&ds),
        &settings(r#"{"analysis_date": "2024-04-01"}"#),
        "ann",
    );
    let rows: Vec<(&str, i64, f64, f64)> =
        touches.iter().map(|t| (t.touchpoint.as_str(), t.age_days, t.decay, t.decayed)).collect();
    assert_eq!(
        rows,
        // Time order; the two touches of 2024-01-02 in input order.
        vec![
            ("TV ad", 180, 0.25, 0.25),
            ("Product review", 90, 0.5, 7.0),
            ("Store visit", 90, 0.5, 3.25)
        ]
    );
}

#[test]
fn cap_limits_one_channel_and_score_stops_at_100() {
    // No decay. bob: 10 chats × (1 + personal 2 + two-way 3 + owned 0.5 = 6.5) = 65 → cap 25;
    //   referral 1 + CI 4 + customer 2 + earned 2 + advocacy 5 = 14 → 25 + 14 = 39 → warm.
    // cy: 5 channels × 3 referrals × 14 = 42 each → 5 × 25 = 125 → 100 → advocate.
    // dee: banner 1 + mass 0 + one-way 0 + brand 0 + paid 0 = 1 → cold.
    let report = check(
        "cap.csv",
        r#"{"half_life_days": null}"#,
        &[("bob", 39.0, "warm"), ("cy", 100.0, "advocate"), ("dee", 1.0, "cold")],
    );
    let bob = customer(&report, "bob");
    assert_eq!(bob.cap_hits.len(), 1);
    assert_eq!(
        (bob.cap_hits[0].source.as_str(), bob.cap_hits[0].points, bob.cap_hits[0].kept),
        ("chat", 65.0, 25.0)
    );
    assert!(bob.formula().ends_with("no decay; cap 25.00 per channel: chat 65.00→25.00 → 39.00; score = min(100, 39.00) = 39.0"), "{}", bob.formula());
    assert_eq!(customer(&report, "cy").capped_points, 125.0);
    // Order: score descending.
    let order: Vec<&str> = report.customers.iter().map(|c| c.customer.as_str()).collect();
    assert_eq!(order, ["cy", "bob", "dee"]);
    assert_eq!(report.histogram, vec![1, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    let bands: Vec<(&str, u64)> =
        report.bands.iter().map(|b| (b.name.as_str(), b.customers)).collect();
    assert_eq!(bands, [("cold", 1), ("warm", 1), ("hot", 0), ("advocate", 1)]);
    assert_eq!((report.mean_score, report.median_score), (46.7, 39.0));

    // Capping by touch point instead, with a cap of 30: bob's chats 65 → 30, + 14 = 44 → hot.
    check(
        "cap.csv",
        r#"{"half_life_days": null, "cap_points": 30, "cap_per": "touchpoint"}"#,
        &[("bob", 44.0, "hot")],
    );
    // No cap: bob 65 + 14 = 79.
    check(
        "cap.csv",
        r#"{"half_life_days": null, "cap_points": null}"#,
        &[("bob", 79.0, "advocate")],
    );
    // Edited weights: chats worth nothing extra, base 2 → bob 10 × 2 = 20 (cap 25 not hit) + referral 2 + 4 + 2 + 2 + 5 = 15 → 35.
    check(
        "cap.csv",
        r#"{"half_life_days": null, "base_points": 2, "kind_points": {}, "direction_points": {"customer-initiated": 4}, "media_points": {"earned": 2}}"#,
        &[("bob", 35.0, "warm")],
    );
}

#[test]
fn video_offsets_have_no_decay() {
    let text = "customer,date,touchpoint,channel,direction\nclip,12.5,Greeting,staff,two-way\nclip,400,Poster,store,one-way\n";
    let ds = dataset_from_csv(text);
    let report = engagement(&ds, &classes_of(&ds), &EngagementSettings::default());
    assert!(!report.decay && report.analysis_date.is_none());
    // Greeting 1 + two-way 3 = 4; poster 1 → 5.
    assert_eq!(report.customers[0].score, 5.0);
    // Video data has no RFM or lifecycle.
    assert!(rfm(&ds, &RfmSettings::default()).is_none());
    assert!(lifecycle(&ds, &LifecycleSettings::default()).is_none());
}

#[test]
fn default_settings_round_trip_through_json() {
    let json = serde_json::to_string(&EngagementSettings::default()).unwrap();
    assert!(json.contains(r#""customer-initiated":4.0"#), "{json}");
    let back: EngagementSettings = serde_json::from_str(&json).unwrap();
    assert_eq!(back, EngagementSettings::default());
    let empty: EngagementSettings = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, EngagementSettings::default());
    let r: RfmSettings =
        serde_json::from_str(r#"{"monetary": "mean", "analysis_date": 1700000000}"#).unwrap();
    assert_eq!((r.monetary, r.analysis_date), (Monetary::Mean, Some(AnalysisDate::Unix(1.7e9))));
    let l: LifecycleSettings = serde_json::from_str(r#"{"period": "week", "lapse_k": 3}"#).unwrap();
    assert_eq!((l.period, l.lapse_k, l.one_time_lapse_days), (Period::Week, 3.0, 180.0));
}

// ---------------------------------------------------------------- RFM, by hand

#[test]
fn rfm_matches_the_spreadsheet() {
    let ds = dataset_from_csv(&fixture("rfm20.csv"));
    let report = rfm(&ds, &RfmSettings::default()).expect("purchases");
    assert_eq!(report.analysis_date, "2024-07-01");
    assert_eq!(report.customers.len(), 20);
    let expected = fixture("rfm20_expected.csv");
    for (line, c) in expected.lines().skip(1).zip(&report.customers) {
        let got = format!(
            "{},{},{},{},{},{},{},{}",
            c.customer,
            c.recency_days,
            c.frequency,
            c.monetary,
            c.r,
            c.f,
            c.m,
            c.segment.label()
        );
        assert_eq!(got, line);
    }
    let seg = |s: Segment| report.segments.iter().find(|x| x.segment == s).unwrap().customers;
    assert_eq!((seg(Segment::AtRisk), seg(Segment::Loyal), seg(Segment::Lost)), (3, 3, 3));
    assert_eq!(report.segments.iter().map(|s| s.customers).sum::<u64>(), 20);
    let cell = report.grid.iter().find(|c| c.r == 5 && c.f == 5).unwrap();
    assert_eq!((cell.customers, cell.mean_monetary, cell.segment), (1, 400.0, Segment::Champions));

    // c04 bought twice on one day: 2 purchases, or 1 when same-day purchases count once.
    let once =
        rfm(&ds, &RfmSettings { count_same_day_once: true, ..RfmSettings::default() }).unwrap();
    let c04 = once.customers.iter().find(|c| c.customer == "c04").unwrap();
    assert_eq!((c04.frequency, c04.monetary), (1, 50.0));
    // Mean monetary: c01 8 × 50 → 50.
    let mean =
        rfm(&ds, &RfmSettings { monetary: Monetary::Mean, ..RfmSettings::default() }).unwrap();
    assert_eq!(mean.customers[0].monetary, 50.0);
    // Analysis date moved: recency counts from it, later purchases are ignored.
    let earlier =
        rfm(&ds, &serde_json::from_str(r#"{"analysis_date": "2024-06-29"}"#).unwrap()).unwrap();
    let c01 = &earlier.customers[0];
    assert_eq!((c01.recency_days, c01.frequency), (9, 7));
}

#[test]
fn one_time_buyers_keep_f_1_when_most_customers_buy_once() {
    // 10 customers, 6 of them (60%) one-time buyers; "new" bought once two days ago.
    let text = "customer,date,amount\n\
        new,2024-06-29,20\n\
        promising,2024-06-20,20\n\
        once1,2024-03-01,20\nonce2,2024-02-01,20\nonce3,2024-01-10,20\nonce4,2024-01-05,20\n\
        r2,2024-06-01,10\nr2,2024-06-15,10\n\
        r3,2024-05-01,10\nr3,2024-05-20,10\nr3,2024-06-10,10\n\
        r4,2024-04-01,10\nr4,2024-05-01,10\nr4,2024-06-01,10\nr4,2024-06-28,10\n\
        r5,2024-02-01,10\nr5,2024-03-01,10\nr5,2024-04-01,10\nr5,2024-05-01,10\nr5,2024-06-01,10\n";
    let report = rfm(&dataset_from_csv(text), &RfmSettings::default()).unwrap();
    assert_eq!(report.analysis_date, "2024-06-30");
    let get = |name: &str| report.customers.iter().find(|c| c.customer == name).unwrap();
    for name in ["new", "promising", "once1", "once2", "once3", "once4"] {
        assert_eq!(get(name).f, 1, "{name} bought once");
    }
    // Repeat buyers by quartile among the four of them: 2, 3, 4, 5.
    let f: Vec<u8> = ["r2", "r3", "r4", "r5"].iter().map(|n| get(n).f).collect();
    assert_eq!(f, [2, 3, 4, 5]);
    // Recency (days): new 1, r4 2, promising 10, r2 15, r3 20, r5 29, once1 121 … → R 5 5 4 4 3 3 2 …
    assert_eq!((get("new").r, get("new").segment), (5, Segment::New));
    assert_eq!((get("promising").r, get("promising").segment), (4, Segment::Promising));
    assert_ne!(get("new").segment, Segment::PotentialLoyalist);
    let seg = |s: Segment| report.segments.iter().find(|x| x.segment == s).unwrap().customers;
    assert_eq!((seg(Segment::New), seg(Segment::Promising)), (1, 1));
}

#[test]
fn rfm_edge_cases() {
    // No purchases.
    let journeys = "customer,date,touchpoint\na,2024-01-01,Visit\n";
    assert!(rfm(&dataset_from_csv(journeys), &RfmSettings::default()).is_none());
    // No events at all.
    let empty = DatasetBuilder::new(TimeBase::Calendar).finish();
    assert!(rfm(&empty, &RfmSettings::default()).is_none());
    assert!(lifecycle(&empty, &LifecycleSettings::default()).is_none());
    let e = engagement(&empty, &classes_of(&empty), &EngagementSettings::default());
    assert!(e.customers.is_empty() && e.mean_score == 0.0);
    // One customer, and all customers alike: R and M are 3 (mid-rank); one purchase is F 1.
    for text in [
        "customer,date,amount\nsolo,2024-01-01,10\n",
        "customer,date,amount\na,2024-01-01,10\nb,2024-01-01,10\nc,2024-01-01,10\n",
    ] {
        let report = rfm(&dataset_from_csv(text), &RfmSettings::default()).unwrap();
        assert!(report
            .customers
            .iter()
            .all(|c| c.score == "313" && c.segment == Segment::AboutToSleep));
    }
    // Repeat buyers all alike are all the least frequent repeat buyers: F 2.
    let alike = "customer,date,amount\na,2024-01-01,10\na,2024-01-02,10\nb,2024-01-01,10\nb,2024-01-02,10\n";
    let report = rfm(&dataset_from_csv(alike), &RfmSettings::default()).unwrap();
    assert!(report.customers.iter().all(|c| c.score == "323"), "{:?}", report.customers);
    // Converted column: only converted rows are purchases; a converted row with no value counts 0.
    let conv = "customer,date,touchpoint,amount,converted\na,2024-01-01,Visit,,0\na,2024-01-02,Buy,,1\nb,2024-01-03,Visit,,0\n";
    let report = rfm(&dataset_from_csv(conv), &RfmSettings::default()).unwrap();
    assert_eq!((report.customers.len(), report.customers_without_purchase), (1, 1));
    assert_eq!(
        (
            report.customers[0].frequency,
            report.customers[0].monetary,
            report.customers[0].recency_days
        ),
        (1, 0.0, 2)
    );
    // A value and a time that are not numbers are problems of their rows; a
    // bad analysis date falls back to the day after the data, with a warning.
    let ds =
        dataset_from_csv("customer,date,amount\na,2024-01-01,NaN\nb,2024-01-02,5\nb,never,5\n");
    let report =
        rfm(&ds, &serde_json::from_str(r#"{"analysis_date": "someday"}"#).unwrap()).unwrap();
    assert_eq!(report.analysis_date, "2024-01-03");
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let lines: Vec<u64> = ds.problems().iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 4], "{:?}", ds.problems());
    let e = engagement(
        &ds,
        &classes_of(&ds),
        &EngagementSettings { half_life_days: Some(f64::NAN), ..EngagementSettings::default() },
    );
    assert!(e.customers.iter().all(|c| (0.0..=100.0).contains(&c.score)));
    assert!(!e.decay);
}

// ---------------------------------------------------------------- lifecycle and loyalty, by hand

#[test]
fn lifecycle_stages_periods_and_loyalty() {
    let ds = dataset_from_csv(&fixture("lifecycle.csv"));
    let report = lifecycle(&ds, &LifecycleSettings::default()).expect("purchases");
    assert_eq!(report.analysis_date, "2024-07-01");
    let row = |name: &str| report.customers.iter().find(|c| c.customer == name).unwrap();
    // regular: 4 purchase days 2024-01-01 … 2024-06-25 = 176 days → gap 58.67, lapse 117.33; 6 days since → retention.
    let regular = row("regular");
    assert_eq!(
        (regular.stage, regular.days_since_last, regular.purchase_days),
        (CrmStage::Retention, 6, 4)
    );
    assert!((regular.usual_gap_days.unwrap() - 176.0 / 3.0).abs() < 1e-6);
    // lapsed: gap 30 → lapse 60; 366 days since → reacquisition.
    assert_eq!(
        (row("lapsed").stage, row("lapsed").days_since_last, row("lapsed").lapse_after_days),
        (CrmStage::Reacquisition, 366, 60.0)
    );
    // oneoff_old: one purchase 243 days ago > 180 → reacquisition.
    assert_eq!(
        (row("oneoff_old").stage, row("oneoff_old").days_since_last),
        (CrmStage::Reacquisition, 243)
    );
    // slipping: gap 30, 31 days since → active but overdue; first purchase 61 days ago → acquisition.
    assert_eq!((row("slipping").stage, row("slipping").overdue), (CrmStage::Acquisition, true));
    // newbie: one purchase 11 days ago (the 0-value row is not a purchase).
    assert_eq!(
        (row("newbie").stage, row("newbie").purchases, row("newbie").days_since_last),
        (CrmStage::Acquisition, 1, 11)
    );
    assert_eq!(
        (report.stages.acquisition, report.stages.retention, report.stages.reacquisition),
        (2, 1, 2)
    );
    let at_risk: Vec<(&str, &str, f64)> = report
        .at_risk
        .iter()
        .map(|a| (a.customer.as_str(), a.risk.as_str(), a.value_at_stake))
        .collect();
    assert_eq!(
        at_risk,
        [
            ("oneoff_old", "lapsed", 300.0),
            ("lapsed", "lapsed", 100.0),
            ("slipping", "overdue", 20.0)
        ]
    );

    let periods: Vec<String> = report
        .periods
        .iter()
        .map(|p| format!("{} {} {} {} {}", p.period, p.new, p.returning, p.resurrecting, p.dormant))
        .collect();
    assert_eq!(
        periods,
        [
            "2023-06 1 0 0 0",
            "2023-07 0 1 0 0",
            "2023-08 0 0 0 1",
            "2023-09 0 0 0 0",
            "2023-10 0 0 0 0",
            "2023-11 1 0 0 0",
            "2023-12 0 0 0 1",
            "2024-01 1 0 0 0",
            "2024-02 0 0 0 1",
            "2024-03 0 0 1 0",
            "2024-04 0 0 0 1",
            "2024-05 1 0 1 0",
            "2024-06 1 1 0 1",
        ]
    );
    // Loyalty: 3 of 5 repeat; revenue 560, repeat 240; top 20% = 1 customer (300).
    let l = &report.loyalty;
    assert_eq!((l.customers, l.repeat_customers, l.repeat_customer_share), (5, 3, 0.6));
    assert_eq!(
        (l.revenue, l.repeat_revenue, l.top_customers, l.top_revenue),
        (560.0, 240.0, 1, 300.0)
    );
    assert_eq!((l.repeat_revenue_share, l.top_revenue_share), (Some(0.428571), Some(0.535714)));
    assert_eq!(loyalty(&ds, &LifecycleSettings::default()).as_ref(), Some(l));

    // Weeks: the last period is the week of 2024-06-30 (Monday 2024-06-24).
    let weekly =
        lifecycle(&ds, &LifecycleSettings { period: Period::Week, ..LifecycleSettings::default() })
            .unwrap();
    let last = weekly.periods.last().unwrap();
    assert_eq!((last.period.as_str(), last.new, last.returning), ("2024-06-24", 0, 0));
    assert_eq!(weekly.periods.first().unwrap().period, "2023-05-29");
    // A larger k keeps "lapsed" active: 366 days ≤ 20 × 30.
    let patient =
        lifecycle(&ds, &LifecycleSettings { lapse_k: 20.0, ..LifecycleSettings::default() })
            .unwrap();
    assert_eq!(patient.stages.reacquisition, 1);
}

// ---------------------------------------------------------------- exports and charts

#[test]
fn csv_export_and_charts() {
    // A customer name that a spreadsheet would run as a formula.
    let text = fixture("lifecycle.csv");
    let first = text.lines().nth(1).unwrap();
    let evil =
        first.replacen(first.split(',').next().unwrap(), "\"=HYPERLINK(\"\"x\"\",\"\"y\"\")\"", 1);
    let ds = dataset_from_csv(&format!("{text}{evil}\n"));
    let e = engagement(&ds, &classes_of(&ds), &EngagementSettings::default());
    let r = rfm(&ds, &RfmSettings::default()).unwrap();
    let l = lifecycle(&ds, &LifecycleSettings::default()).unwrap();
    let csv = customers_csv(Some(&e), Some(&r), Some(&l));
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(lines[0].starts_with("customer,engagement_score,band,"));
    assert_eq!(lines.len(), 1 + 6 + 1); // header, 6 customers, trailing empty
    assert!(lines[1].starts_with("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\","), "{}", lines[1]);
    let regular = lines.iter().find(|l| l.starts_with("regular,")).unwrap();
    assert!(regular.contains(",retention,2024-01-01,2024-06-25,4,6,117.3333,120"), "{regular}");
    // Only some reports: empty cells, same columns.
    let partial = customers_csv(None, Some(&r), None);
    let cols = |line: &str| line.matches(',').count();
    assert_eq!(cols(partial.lines().last().unwrap()), cols(partial.lines().next().unwrap()));

    let h = engagement_histogram(&e);
    assert!(h.contains("<title id=\"tp-engagement-histogram-title\">Engagement score</title>"));
    assert!(h.contains("Engagement scores of 6 customers") && h.contains("warm ≥ 15"));
    let g = rfm_grid(&r);
    assert!(
        g.contains("RFM grid of 6 customers")
            && g.contains("Champions")
            && g.matches("<rect").count() == 25
    );
    let b = lifecycle_bars(&l);
    assert!(
        b.contains("acquisition 2, retention 1, reacquisition 3")
            && b.contains("Customers per month"),
        "{b}"
    );
    for svg in [h, g, b] {
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>") && svg.contains("<desc"));
    }
}

// ---------------------------------------------------------------- invariants (LCG properties)

#[test]
fn scores_stay_within_0_and_100_under_any_weights() {
    let mut rng = Lcg(7);
    let weights = [-5.0, 0.0, 0.5, 3.0, 40.0, 1e12, f64::NAN, f64::INFINITY];
    for round in 0..40 {
        let (n, m) = (1 + rng.below(12), rng.below(80) as usize);
        let ds = random_dataset(&mut rng, n, m);
        let mut w = || weights[rng.below(weights.len() as u64) as usize];
        let mut s = EngagementSettings {
            base_points: w(),
            advocacy_points: w(),
            half_life_days: Some(w()),
            cap_points: Some(w()),
            ..EngagementSettings::default()
        };
        s.direction_points.insert(Direction::OneWay, w());
        s.kind_points.insert(Kind::MassCommunication, w());
        let report = engagement(&ds, &classes_of(&ds), &s);
        for c in &report.customers {
            assert!((0.0..=100.0).contains(&c.score), "round {round}: {}", c.formula());
            assert!(!c.band.is_empty());
        }
        assert_eq!(report.histogram.iter().sum::<u64>(), report.customers.len() as u64);
    }
}

#[test]
fn a_more_recent_touch_never_scores_lower() {
    let mut rng = Lcg(11);
    for _ in 0..60 {
        let rows = random_rows(&mut rng, 3, 25);
        let ds = build(&rows);
        let s = fixed_date(&ds);
        let before = engagement(&ds, &classes_of(&ds), &s);
        let i = rng.below(rows.len() as u64) as usize;
        let mut later = rows.clone();
        let latest = START + 200.0 * DAY;
        let moved = &mut later[i];
        moved.time += (latest - moved.time) * rng.below(100) as f64 / 100.0;
        let later = build(&later);
        let after = engagement(&later, &classes_of(&later), &s);
        let name = &rows[i].journey;
        assert!(customer(&after, name).score >= customer(&before, name).score);
    }
}

#[test]
fn adding_a_touch_never_lowers_a_score() {
    let mut rng = Lcg(13);
    for _ in 0..60 {
        let rows = random_rows(&mut rng, 4, 30);
        let ds = build(&rows);
        let extra = random_rows(&mut rng, 4, 1);
        let mut more = rows.clone();
        more.push(extra[0].clone());
        for s in [fixed_date(&ds), EngagementSettings::default()] {
            if s.analysis_date.is_none() {
                // With the default date, keep the new touch inside the data's last day.
                let last = ds.times().iter().copied().fold(f64::MIN, f64::max);
                let added = more.last_mut().unwrap();
                added.time = added.time.min(last);
            }
            let more = build(&more);
            let a = engagement(&ds, &classes_of(&ds), &s);
            let b = engagement(&more, &classes_of(&more), &s);
            for c in &a.customers {
                assert!(customer(&b, &c.customer).score >= c.score, "{}", c.formula());
            }
        }
    }
}

#[test]
fn permuting_rows_changes_nothing() {
    let mut rng = Lcg(17);
    for _ in 0..20 {
        let rows = random_rows(&mut rng, 8, 120);
        let ds = build(&rows);
        let mut order: Vec<usize> = (0..rows.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let shuffled: Vec<Row> = order.iter().map(|&i| rows[i].clone()).collect();
        let shuffled = build(&shuffled);
        let s = EngagementSettings::default();
        assert_eq!(
            engagement(&ds, &classes_of(&ds), &s),
            engagement(&shuffled, &classes_of(&shuffled), &s)
        );
        assert_eq!(rfm(&ds, &RfmSettings::default()), rfm(&shuffled, &RfmSettings::default()));
        let l = LifecycleSettings { period: Period::Week, ..LifecycleSettings::default() };
        assert_eq!(lifecycle(&ds, &l), lifecycle(&shuffled, &l));
    }
}

// ---------------------------------------------------------------- a realistic size

#[test]
fn seven_thousand_transactions_of_2400_customers() {
    // Deterministic: 2,400 customers, 7,000 rows over 2023–2024; a few heavy buyers.
    let mut rng = Lcg(2024);
    let mut text = String::from("customer,date,amount\n");
    let base = 1_672_531_200.0; // 2023-01-01
    for row in 0..7000u64 {
        let c = if row < 2400 {
            row
        } else if rng.below(3) == 0 {
            rng.below(100)
        } else {
            rng.below(2400)
        };
        let day = rng.below(730) as f64;
        let amount = 5 + rng.below(200) + if c < 100 { 300 } else { 0 };
        let date = touchpoints::engagement::dates::format_day(((base / DAY) + day) as i64);
        text.push_str(&format!("C{c:04},{date},{amount}.{:02}\n", rng.below(100)));
    }
    let ds = dataset_from_csv(&text);
    assert_eq!((ds.len(), ds.journey_count()), (7000, 2400));
    let e = engagement(&ds, &classes_of(&ds), &EngagementSettings::default());
    let r = rfm(&ds, &RfmSettings::default()).unwrap();
    let l =
        lifecycle(&ds, &LifecycleSettings { period: Period::Week, ..LifecycleSettings::default() })
            .unwrap();
    assert_eq!((e.customers.len(), r.customers.len(), l.customers.len()), (2400, 2400, 2400));
    assert_eq!(r.grid.iter().map(|c| c.customers).sum::<u64>(), 2400);
    assert_eq!(r.customers.iter().map(|c| c.frequency).sum::<u64>(), 7000);
    let s = l.stages;
    assert_eq!(s.acquisition + s.retention + s.reacquisition, 2400);
    assert_eq!(l.periods.iter().map(|p| p.new).sum::<u64>(), 2400);
    assert!(
        l.loyalty.top_revenue_share.unwrap() > 0.2 && l.loyalty.top_revenue_share.unwrap() < 1.0
    );
    assert!(l.at_risk.len() <= 100 && l.at_risk_total >= l.at_risk.len() as u64);
    let csv = customers_csv(Some(&e), Some(&r), Some(&l));
    assert_eq!(csv.lines().count(), 2401);
    assert!(serde_json::to_string(&(&e, &r, &l)).is_ok());
}

// ---------------------------------------------------------------- rows on demand

/// The summary's numbers as the rows give them: band counts (a customer counts
/// for every band of its band's name whose minimum it reaches), histogram,
/// mean and median of the listed scores.
fn summary_of_rows(e: &EngagementReport) -> (Vec<u64>, Vec<u64>, f64, f64) {
    let bands = e
        .bands
        .iter()
        .map(|b| e.customers.iter().filter(|c| c.band == b.name && c.score >= b.min).count() as u64)
        .collect();
    let mut histogram = vec![0u64; 10];
    for c in &e.customers {
        histogram[((c.score / 10.0).floor().max(0.0) as usize).min(9)] += 1;
    }
    let n = e.customers.len();
    let scores: Vec<f64> = e.customers.iter().map(|c| c.score).collect();
    let mean =
        if n == 0 { 0.0 } else { (scores.iter().sum::<f64>() / n as f64 * 10.0).round() / 10.0 };
    let median = match n {
        0 => 0.0,
        _ if n % 2 == 1 => scores[n / 2],
        _ => ((scores[n / 2 - 1] + scores[n / 2]) / 2.0 * 100.0).round() / 100.0,
    };
    (bands, histogram, mean, median)
}

#[test]
fn the_session_builds_engagement_rows_on_demand_and_they_are_the_full_list() {
    use touchpoints::analysis::Analysis;
    let mut rng = Lcg(99);
    // Bands with a repeated name and one above every score: the counts follow the rows.
    let banded = settings(
        r#"{"bands": [{"name": "low", "min": 0}, {"name": "mid", "min": 4},
            {"name": "low", "min": 9}, {"name": "top", "min": 101}]}"#,
    );
    for (customers, events, s) in [
        (40, 600, EngagementSettings::default()),
        (7, 50, banded.clone()),
        (300, 900, banded),
        (1, 1, EngagementSettings::default()),
    ] {
        let ds = random_dataset(&mut rng, customers, events);
        let full = engagement(&ds, &classes_of(&ds), &s);
        assert!(!full.customers.is_empty());
        let (bands, histogram, mean, median) = summary_of_rows(&full);
        assert_eq!(full.bands.iter().map(|b| b.customers).collect::<Vec<_>>(), bands);
        assert_eq!(
            (&full.histogram, full.mean_score, full.median_score),
            (&histogram, mean, median)
        );

        let (scores, rows) = engagement_scores(&ds, &classes_of(&ds), &s);
        assert!(scores.customers.is_empty());
        assert_eq!(rows.len(), full.customers.len());
        assert_eq!(EngagementReport { customers: full.customers.clone(), ..scores }, full);
        let n = rows.len();
        for range in [0..n, 0..1, n / 2..n, n - 1..n + 5, n + 3..n + 9] {
            let want = &full.customers[range.start.min(n)..range.end.min(n)];
            assert_eq!(rows.rows(ds.journey_names(), range.clone()), want, "{range:?}");
        }

        // A session holds no row until asked; its exports and pages list them all.
        let mut a =
            Analysis::new(ds.clone(), touchpoints::taxonomy::preset("generic").unwrap()).unwrap();
        a.set_settings(touchpoints::analysis::AnalysisSettings {
            engagement: s.clone(),
            ..Default::default()
        });
        let want = engagement(&a.dataset, &a.classification, &s);
        assert!(a.report.engagement.as_ref().unwrap().customers.is_empty());
        assert_eq!(a.engagement_rows.len(), want.customers.len());
        assert_eq!(a.engagement_page_rows(0..3), want.customers[..3.min(n)]);
        assert_eq!(a.full_report().engagement.as_ref(), Some(&want));
        assert_eq!(a.report_with_customers().engagement.as_ref(), Some(&want));
        assert_eq!(a.engagement_customers(), want.customers);
        assert_eq!(a.customers_csv().lines().count(), n + 1);
    }
}
