//! Tests of the JavaScript facade (`src/wasm/`), compiled to wasm and run in Node by
//! wasm-bindgen-test-runner:
//!
//! ```text
//! cargo test --target wasm32-unknown-unknown --test wasm_facade
//! ```
#![cfg(target_arch = "wasm32")]

use touchpoints::wasm::{self, Session};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const HOTEL: &str = "journey,time,touchpoint,channel,value,cost,rating,expectation,converted\n\
G01,2026-02-18T15:06:00+01:00,Online ad,display,,1.20,,,\n\
G01,2026-02-19T21:29:00+01:00,Booking website,web,387.00,2.50,,,true\n\
G02,2026-02-19T21:34:00+01:00,Confirmation email,email,,0.10,,,\n";

fn options(preset: &str) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"preset".into(), &preset.into()).unwrap();
    o.into()
}

fn field(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| js_sys::Reflect::get(&v, &(*key).into()).unwrap())
}

fn number(value: &JsValue, path: &[&str]) -> f64 {
    field(value, path).as_f64().unwrap_or_else(|| panic!("{path:?} is not a number"))
}

fn analyse(text: &str, chunk: usize) -> Session {
    let mut session =
        Session::new("hotel.csv", options("hotel")).unwrap_or_else(|_| panic!("session"));
    for piece in text.as_bytes().chunks(chunk.max(1)) {
        session.push(piece).unwrap_or_else(|_| panic!("push"));
    }
    session.finish().unwrap_or_else(|_| panic!("finish"));
    session
}

/// The value page's category menus are the sheet reader's categories.
#[wasm_bindgen_test]
fn value_categories_are_the_sheet_readers() {
    let c = wasm::value_categories().unwrap_or_else(|_| panic!("valueCategories"));
    let list = |side: &str| -> Vec<String> {
        js_sys::Array::from(&field(&c, &[side])).iter().filter_map(|v| v.as_string()).collect()
    };
    assert_eq!(list("benefit"), touchpoints::value::sheet::BENEFIT_CATEGORIES);
    assert_eq!(list("cost"), touchpoints::value::sheet::COST_CATEGORIES);
}

#[wasm_bindgen_test]
fn hotel_csv_counts_events_and_journeys() {
    let mut session =
        Session::new("hotel.csv", options("hotel")).unwrap_or_else(|_| panic!("session"));
    session.push(HOTEL.as_bytes()).unwrap_or_else(|_| panic!("push"));
    let report = session.finish().unwrap_or_else(|_| panic!("finish"));
    assert_eq!(number(&report, &["events"]), 3.0);
    assert_eq!(number(&report, &["journeys"]), 2.0);
    assert_eq!(number(&report, &["unique_touchpoints"]), 3.0);
    assert_eq!(number(&report, &["problems", "count"]), 0.0);
    let csv = session.classified_csv().unwrap_or_else(|_| panic!("csv"));
    assert!(csv.contains("Booking website"), "{csv}");
}

#[wasm_bindgen_test]
fn header_only_csv_is_an_error() {
    let mut session =
        Session::new("empty.csv", JsValue::UNDEFINED).unwrap_or_else(|_| panic!("session"));
    session.push(b"journey,time,touchpoint\n").unwrap_or_else(|_| panic!("push"));
    assert!(session.finish().is_err());
}

#[wasm_bindgen_test]
fn one_byte_chunks_give_the_same_report() {
    let whole = analyse(HOTEL, HOTEL.len()).report_json().unwrap_or_else(|_| panic!("json"));
    let bytewise = analyse(HOTEL, 1).report_json().unwrap_or_else(|_| panic!("json"));
    assert_eq!(whole, bytewise);
    assert!(whole.contains("\"events\": 3"), "{whole}");
}

#[wasm_bindgen_test]
fn session_refuses_use_out_of_order() {
    let mut session =
        Session::new("hotel.csv", JsValue::NULL).unwrap_or_else(|_| panic!("session"));
    assert!(session.report_json().is_err());
    session.push(HOTEL.as_bytes()).unwrap_or_else(|_| panic!("push"));
    session.finish().unwrap_or_else(|_| panic!("finish"));
    assert!(session.push(b"more").is_err());
    assert!(session.finish().is_err());
}

/// Unusable input throws an `Error` whose `kind`, `line` and `column` the page reads.
#[wasm_bindgen_test]
fn errors_have_a_kind_and_a_position() {
    let mut session =
        Session::new("who.csv", options("generic")).unwrap_or_else(|_| panic!("session"));
    let error = session
        .push(b"who,when\nA,2026-03-02\n")
        .and_then(|()| session.finish().map(|_| ()))
        .expect_err("no journey column");
    assert_eq!(field(&error, &["kind"]).as_string().as_deref(), Some("missing-column"));
    assert_eq!(number(&error, &["line"]), 1.0);
    let message = field(&error, &["message"]).as_string().unwrap_or_default();
    assert!(message.starts_with("line 1: no column for the journey"), "{message}");
    let mut empty = Session::new("e.csv", JsValue::UNDEFINED).unwrap_or_else(|_| panic!("session"));
    let error = empty.finish().expect_err("empty");
    assert_eq!(field(&error, &["kind"]).as_string().as_deref(), Some("empty"));
}

#[wasm_bindgen_test]
fn presets_and_rules() {
    let list = wasm::presets().unwrap_or_else(|_| panic!("presets"));
    let names: Vec<String> = js_sys::Array::from(&list)
        .iter()
        .map(|p| field(&p, &["name"]).as_string().unwrap())
        .collect();
    for name in ["generic", "hotel", "retail"] {
        assert!(names.iter().any(|n| n == name), "{names:?}");
    }
    let json = wasm::preset_json("hotel").unwrap_or_else(|_| panic!("preset json"));
    let words = wasm::describe_rules(&json).unwrap_or_else(|_| panic!("rules in words"));
    assert!(js_sys::Array::from(&words).length() > 0);
    assert!(wasm::preset_json("no-such-preset").is_err());
    assert!(wasm::describe_rules("{ not json").is_err());
    assert!(Session::new("x.csv", options("no-such-preset")).is_err());
}

#[wasm_bindgen_test]
fn inspect_and_version() {
    let inspection =
        wasm::inspect(HOTEL.as_bytes(), JsValue::UNDEFINED).unwrap_or_else(|_| panic!("inspect"));
    assert_eq!(field(&inspection, &["layout"]).as_string().as_deref(), Some("csv"));
    let headers: Vec<String> = js_sys::Array::from(&field(&inspection, &["headers"]))
        .iter()
        .filter_map(|h| h.as_string())
        .collect();
    assert_eq!(headers[..3], ["journey", "time", "touchpoint"], "{headers:?}");
    assert_eq!(headers.len(), 9, "{headers:?}");
    assert_eq!(field(&inspection, &["guessed", "journey"]).as_string().as_deref(), Some("journey"));
    assert_eq!(field(&inspection, &["guessed", "value"]).as_string().as_deref(), Some("value"));
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
    assert_eq!(
        wasm::accept_list("journeys").ok().as_deref(),
        Some(".csv,.tsv,.txt,.json,.jsonl,.ndjson")
    );
    assert!(wasm::accept_list("any").is_ok_and(|a| a.contains(".vtt") && a.contains(".jsonl")));
    assert!(wasm::accept_list("pictures").is_err());
    assert!(wasm::is_annotation_file("marks.eaf"));
    assert!(!wasm::is_annotation_file("journeys.csv"));
}

#[wasm_bindgen_test]
fn attribution_with_settings_charts_and_exports() {
    let paths = "path,total_conversions,total_conversion_value,total_null\n\
a > a > b,3,30,1\nb > c,1,5,4\na,2,8,2\n";
    let mut session =
        Session::new("paths.csv", options("generic")).unwrap_or_else(|_| panic!("session"));
    session.push(paths.as_bytes()).unwrap_or_else(|_| panic!("push"));
    let report = session.finish().unwrap_or_else(|_| panic!("finish"));
    assert_eq!(number(&report, &["attribution", "conversions"]), 6.0);
    let answer = session.attribution(JsValue::UNDEFINED).unwrap_or_else(|_| panic!("attribution"));
    // Hand-computed (tests/data/attribution/hand/three-paths.case): Markov removal effect of b is 2/3.
    let effect = number(&answer, &["report", "removal_effects", "b", "conversions"]);
    assert!((effect - 2.0 / 3.0).abs() < 1e-12, "{effect}");
    let svg = field(&answer, &["charts", "conversions"]).as_string().unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    let settings = js_sys::Object::new();
    js_sys::Reflect::set(&settings, &"order".into(), &2.into()).unwrap();
    let answer = session.attribution(settings.clone().into()).unwrap_or_else(|_| panic!("order 2"));
    assert_eq!(number(&answer, &["report", "markov", "order"]), 2.0);
    let matrix =
        session.attribution_csv("matrix", settings.into()).unwrap_or_else(|_| panic!("matrix"));
    assert!(matrix.starts_with("from,to,transitions,probability\n"), "{matrix}");
    let table =
        session.attribution_csv("table", JsValue::UNDEFINED).unwrap_or_else(|_| panic!("table"));
    assert_eq!(table.lines().count(), 4);
    assert!(session.attribution_csv("chart", JsValue::UNDEFINED).is_err());
    let bad = js_sys::Object::new();
    js_sys::Reflect::set(&bad, &"order".into(), &9.into()).unwrap();
    assert!(session.attribution(bad.into()).is_err());
}

#[wasm_bindgen_test]
fn funnel_paths_and_journey_map_through_the_facade() {
    let mut session = analyse(HOTEL, 64);
    let spec =
        session.funnel_from_steps("Online ad, Booking website").unwrap_or_else(|_| panic!("steps"));
    let answer = session.funnel(spec).unwrap_or_else(|_| panic!("funnel"));
    assert_eq!(number(&answer, &["report", "steps", "0", "count"]), 1.0);
    assert_eq!(number(&answer, &["report", "steps", "1", "count"]), 1.0);
    assert!(field(&answer, &["charts", "flow"]).as_string().unwrap().starts_with("<svg"));
    assert!(session
        .funnel_dropoff_csv(None)
        .unwrap_or_default()
        .starts_with("step,step_label,journey,next_touchpoint\n"));
    assert!(session.funnel_from_steps("A,,B").is_err(), "a positioned error, not a panic");
    let paths = session.paths(JsValue::NULL).unwrap_or_else(|_| panic!("paths"));
    assert_eq!(number(&paths, &["report", "journeys"]), 2.0);
    let map = session.journey_map(JsValue::NULL).unwrap_or_else(|_| panic!("map"));
    assert!(field(&map, &["charts", "map"]).as_string().unwrap().contains("Customer journey map"));
    // The report keeps them, for the JSON export.
    let report = session.report().unwrap_or_else(|_| panic!("report"));
    assert!(
        !field(&report, &["funnel"]).is_undefined()
            && !field(&report, &["journey_map"]).is_undefined()
    );
}

/// Options with a part: `{preset, part: {header, firstLine}}`.
fn part_options(header: &str, first_line: u64) -> JsValue {
    let o = js_sys::Object::new();
    let part = js_sys::Object::new();
    js_sys::Reflect::set(&part, &"header".into(), &header.into()).unwrap();
    js_sys::Reflect::set(&part, &"firstLine".into(), &(first_line as f64).into()).unwrap();
    js_sys::Reflect::set(&o, &"preset".into(), &"hotel".into()).unwrap();
    js_sys::Reflect::set(&o, &"part".into(), &part).unwrap();
    o.into()
}

#[wasm_bindgen_test]
fn parts_read_in_workers_merge_into_the_report_of_one_session() {
    let text = format!("{HOTEL}G03,\"2026-02-20\",\"Lobby,\nscreen\",app,,,,,\r\nG01,not a time,Spa,,,,,,\nG01,2026-02-21,Spa,,,,,,\n");
    let bytes = text.as_bytes();
    let whole = analyse(&text, 1 << 20).report_json().unwrap_or_else(|_| panic!("json"));
    let header = wasm::header_line(bytes).unwrap_or_default();
    for chunk in [7usize, 40, 90, 150] {
        // Scan the chunks (one per worker), cut, read each part, merge.
        let scans = js_sys::Array::new();
        for piece in bytes.chunks(chunk) {
            scans.push(&wasm::scan_part(piece).unwrap_or_else(|_| panic!("scan")));
        }
        let cuts = wasm::cut_parts(scans.into()).unwrap_or_else(|_| panic!("cuts"));
        let cuts: js_sys::Array = cuts.into();
        let parts = js_sys::Array::new();
        for cut in cuts.iter() {
            let (start, end) = (number(&cut, &["start"]) as usize, number(&cut, &["end"]) as usize);
            let first_line = number(&cut, &["firstLine"]) as u64;
            let mut s = Session::new("hotel.csv", part_options(&header, first_line))
                .unwrap_or_else(|_| panic!("part session"));
            s.push(&bytes[start..end]).unwrap_or_else(|_| panic!("push"));
            let part = s.finish_part().unwrap_or_else(|_| panic!("finishPart"));
            parts.push(&js_sys::Uint8Array::from(part.as_slice()));
        }
        let merged = Session::from_parts("hotel.csv", options("hotel"), parts)
            .unwrap_or_else(|_| panic!("fromParts"));
        assert_eq!(
            merged.report_json().unwrap_or_else(|_| panic!("json")),
            whole,
            "chunks of {chunk}"
        );
    }
}

/// The page's report lists the first 100 customers; `customersPage` serves every one of them,
/// filtered and sorted, and says which table is missing.
#[wasm_bindgen_test]
fn customers_page_serves_the_customers_the_summary_leaves_out() {
    let mut text = String::from("journey,time,touchpoint,value,converted\n");
    for i in 0..250 {
        text += &format!("c{i},2026-03-0{}T10:00:00Z,Store visit,{}.5,true\n", 1 + i % 9, i);
    }
    let mut session =
        Session::new("many.csv", options("retail")).unwrap_or_else(|_| panic!("session"));
    session.push(text.as_bytes()).unwrap_or_else(|_| panic!("push"));
    let report = session.finish().unwrap_or_else(|_| panic!("finish"));
    let listed = js_sys::Array::from(&field(&report, &["engagement", "customers"])).length();
    assert_eq!(listed, 100);
    assert_eq!(number(&report, &["listed", "totals", "engagement.customers"]), 250.0);
    let query = |json: &str| js_sys::JSON::parse(json).unwrap();
    let page = session
        .customers_page(query(
            r#"{"table": "rfm", "sort": "monetary", "descending": true, "limit": 3}"#,
        ))
        .unwrap_or_else(|_| panic!("customersPage"));
    assert_eq!((number(&page, &["total"]), number(&page, &["matched"])), (250.0, 250.0));
    let first = field(&page, &["rows"]);
    let first = js_sys::Reflect::get(&first, &0.into()).unwrap();
    assert_eq!(field(&first, &["customer"]).as_string().as_deref(), Some("c249"));
    let found = session
        .customers_page(query(r#"{"filter": "C24", "sort": "customer", "descending": false}"#))
        .unwrap_or_else(|_| panic!("customersPage"));
    assert_eq!(number(&found, &["matched"]), 11.0); // c24, c240 … c249
                                                    // A file without purchases has no RFM table: the question is refused, not answered empty.
    let mut plain =
        Session::new("plain.csv", options("retail")).unwrap_or_else(|_| panic!("session"));
    plain
        .push(b"journey,time,touchpoint\na,2026-03-01,Newsletter\n")
        .unwrap_or_else(|_| panic!("push"));
    plain.finish().unwrap_or_else(|_| panic!("finish"));
    assert!(plain.customers_page(query(r#"{"table": "rfm"}"#)).is_err());
    assert!(plain.customers_page(query(r#"{"table": "engagement"}"#)).is_ok());
}
