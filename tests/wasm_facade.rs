//! Tests of the JavaScript facade (`src/wasm.rs`), compiled to wasm and run in Node by
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
    assert!(inspection.is_object());
    assert!(!wasm::version().is_empty());
    assert!(wasm::is_annotation_file("marks.eaf") || !wasm::is_annotation_file("journeys.csv"));
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
