//! The classified events table (`Analysis::events_page`): the filter matches
//! what the pills show (labels) and the slugs (keys) alike, and calendar
//! times say they are UTC.

use touchpoints::analysis::{Analysis, EventsQuery};
use touchpoints::ingest::IngestOptions;
use touchpoints::open::analyse_file;
use touchpoints::taxonomy;

fn hotel() -> Analysis {
    let path = format!("{}/www/samples/hotel-journeys.csv", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("sample");
    analyse_file(&path, &bytes, &IngestOptions::default(), taxonomy::preset("hotel").unwrap())
        .expect("hotel sample")
}

/// How many rows the filter `text` keeps.
fn check(a: &Analysis, text: &str, expected: usize) {
    let page = a.events_page(&EventsQuery { filter: text.into(), ..EventsQuery::default() });
    assert_eq!(page.total, expected, "filter {text:?}");
}

#[test]
fn the_filter_matches_labels_and_slugs_alike() {
    let a = hotel();
    let r = &a.report;
    let count = |v: &[touchpoints::report::ClassCount], key: &str| {
        v.iter().find(|c| c.class == key).map_or(0, |c| c.events as usize)
    };
    let initiated = count(&r.by_direction, "customer-initiated");
    let pre = count(&r.by_stage, "pre-purchase");
    let actual = count(&r.by_kind, "actual-experience");
    let two_way = count(&r.by_direction, "two-way");
    assert!(initiated > 0 && pre > 0 && actual > 0 && two_way > 0);
    for text in
        ["customer initiated", "customer-initiated", "Customer_Initiated", " customer  initiated "]
    {
        check(&a, text, initiated);
    }
    for text in ["pre purchase", "pre-purchase", "PRE-PURCHASE"] {
        check(&a, text, pre);
    }
    for text in ["actual-experience", "actual experience"] {
        check(&a, text, actual);
    }
    // The label of two-way is "two-way dialogue", its key "two-way".
    for text in ["two-way", "two way", "two-way dialogue"] {
        check(&a, text, two_way);
    }
    check(&a, "social external", count(&r.by_owner, "social-external"));
    check(&a, "social / external", count(&r.by_owner, "social-external"));
    // Names keep matching as before; punctuation in the filter is not needed.
    check(&a, "Frequent-stay", 4);
    check(&a, "frequent stay", 4);
    check(&a, "", r.events as usize);
    check(&a, "no such thing", 0);
}

#[test]
fn calendar_times_say_utc() {
    let csv = b"journey,time,touchpoint\nA,2026-03-02T09:15:00+01:00,Newsletter\nA,2026-03-02T10:00:00Z,Web shop\n";
    let a =
        analyse_file("t.csv", csv, &IngestOptions::default(), taxonomy::preset("generic").unwrap())
            .unwrap();
    let page = a.events_page(&EventsQuery::default());
    let times: Vec<&str> = page.rows.iter().map(|r| r.time.as_str()).collect();
    // 09:15 at +01:00 is 08:15 UTC, and says so.
    assert_eq!(times, ["2026-03-02 08:15 UTC", "2026-03-02 10:00 UTC"]);
    assert_eq!(a.report.span.first_text, "2026-03-02 08:15 UTC");
    // Video offsets are not calendar times.
    let vtt = b"WEBVTT\n\n00:04.000 --> 00:05.000\nShop window\n";
    let v =
        analyse_file("k.vtt", vtt, &IngestOptions::default(), taxonomy::preset("retail").unwrap())
            .unwrap();
    assert!(!v.events_page(&EventsQuery::default()).rows[0].time.contains("UTC"));
}

#[test]
fn the_pills_labels_are_the_cores_labels() {
    use touchpoints::model::{Direction, Kind, Media, Owner, Stage};
    let path = format!("{}/www/js/i18n/en.js", env!("CARGO_MANIFEST_DIR"));
    let messages = std::fs::read_to_string(path).expect("en.js");
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    pairs.extend(Kind::ALL.iter().map(|v| (v.key(), v.label())));
    pairs.extend(Owner::ALL.iter().map(|v| (v.key(), v.label())));
    pairs.extend(Stage::ALL.iter().map(|v| (v.key(), v.label())));
    pairs.extend(Media::ALL.iter().map(|v| (v.key(), v.label())));
    pairs.extend(Direction::ALL.iter().map(|v| (v.key(), v.label())));
    for (key, label) in pairs {
        let line = format!("\"class.{key}\": \"{label}\",");
        assert!(messages.contains(&line), "en.js lacks {line}");
    }
}
