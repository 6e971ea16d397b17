//! Classroom facade: grade a class from files, and per-student feedback.
//! The computing is [`crate::classroom::grade_files`], the same call as
//! `touchpoints grade`.

use super::{from_js, from_js_or_default, js_error, to_js};
use crate::charts::classroom as charts;
use crate::classroom::{
    feedback_text, grade_files, grades_csv, moments, ClassReport, GradingSettings,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The charts of a class report, as SVG strings.
#[derive(Serialize)]
struct Charts {
    consensus: String,
    found: String,
    totals: String,
    grades: String,
    /// The journey map of the class's consensus marks (src/journeys/consensus.rs).
    journey_map: Option<String>,
}

/// What `grade_class` returns.
#[derive(Serialize)]
struct Graded<'a> {
    report: &'a ClassReport,
    files: &'a [crate::classroom::files::FileNote],
    charts: Charts,
    csv: String,
    feedback: Vec<String>,
}

/// `GradingSettings` from a JS object; `undefined` or `null` give the defaults.
pub(super) fn settings_of(value: &JsValue) -> Result<GradingSettings, JsError> {
    from_js_or_default(value, "settings")
}

fn bytes_of(value: &JsValue) -> Option<Vec<u8>> {
    if let Some(a) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Some(a.to_vec());
    }
    if let Some(b) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Some(js_sys::Uint8Array::new(b).to_vec());
    }
    value.as_string().map(String::into_bytes)
}

/// Grades a class. `key_bytes`: the key file's bytes (any supported
/// annotation format); `students`: an Array of `{name, bytes}` (bytes a
/// Uint8Array, ArrayBuffer or string); `settings`: a `GradingSettings`
/// object (missing fields take the defaults). Returns `{report, files,
/// charts: {consensus, found, totals, grades}, csv, feedback: [text…]}`.
/// A student file that cannot be read is listed in `files` with its
/// problem and left out; only an unreadable key throws.
#[wasm_bindgen(js_name = gradeClass)]
pub fn grade_class(
    key_file_name: &str,
    key_bytes: &[u8],
    students: &js_sys::Array,
    settings: JsValue,
) -> Result<JsValue, JsError> {
    let settings = settings_of(&settings)?;
    let mut files = Vec::with_capacity(students.length() as usize);
    for (i, item) in students.iter().enumerate() {
        let name = js_sys::Reflect::get(&item, &JsValue::from_str("name"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| format!("student {}", i + 1));
        let bytes = js_sys::Reflect::get(&item, &JsValue::from_str("bytes"))
            .ok()
            .and_then(|v| bytes_of(&v))
            .unwrap_or_default();
        files.push((name, bytes));
    }
    let graded = grade_files(key_file_name, key_bytes, &files, &settings).map_err(js_error)?;
    let report = &graded.report;
    let out = Graded {
        report,
        files: &graded.files,
        charts: Charts {
            consensus: charts::consensus_timeline(report),
            found: charts::found_share_bars(report),
            totals: charts::totals_distribution(report),
            grades: charts::grades_chart(report),
            journey_map: crate::journeys::consensus::consensus_journey_map(report).ok().map(|m| {
                crate::charts::journey_map::journey_map_chart("classroom-journey-map", &m)
            }),
        },
        csv: grades_csv(report),
        feedback: (0..report.students.len()).map(|i| feedback_text(report, i)).collect(),
    };
    to_js(&out)
}

/// Reads one observation from an annotation file, as the grader does (the
/// first with marks): `{observation, problems}`. Used by the page to build
/// the exercise link from the key's marks and classes.
#[wasm_bindgen(js_name = readObservation)]
pub fn read_observation(file_name: &str, bytes: &[u8]) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Read {
        observation: crate::model::Observation,
        problems: Vec<String>,
    }
    let (observation, problems) = crate::classroom::files::observation_from_file(file_name, bytes)
        .map_err(|e| JsError::new(&format!("{file_name}: {e}")))?;
    to_js(&Read { observation, problems })
}

/// How the grader reads each mark of `observation` (`{marks, point_event_seconds?}`,
/// as `readObservation` gives it) under `settings`: one of `"no-end"`,
/// `"all-moments"`, `"short"`, `"file-point"` (moments) or `"state"`, in the
/// marks' order. The exercise link uses it so the annotator's keys follow
/// the same rule as the grades ([`crate::classroom::moments`]).
#[wasm_bindgen(js_name = markShapes)]
pub fn mark_shapes(observation: JsValue, settings: JsValue) -> Result<JsValue, JsError> {
    let observation: crate::model::Observation = from_js(&observation, "observation")?;
    let settings = settings_of(&settings)?.sanitized().0;
    to_js(&moments::shapes(&observation.marks, observation.point_event_seconds, &settings))
}
