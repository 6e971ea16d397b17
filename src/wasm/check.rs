//! "Check my marks" on the annotator: one student's marks against the
//! teacher's key, graded by [`crate::classroom::check_against_key`] (the
//! classroom page's [`crate::classroom::grade`] with a class of one).

use super::classroom::settings_of;
use super::{from_js, to_js};
use crate::classroom::check_against_key;
use crate::model::Observation;
use wasm_bindgen::prelude::*;

/// Checks `student` against `key`, both observations
/// `{observer, media?, duration?, marks: [{start, end?, touchpoint, classes?}]}`;
/// `settings`: a `GradingSettings` object (missing fields, `undefined` or
/// `null` take the defaults: tolerance 3 s, moment threshold 1 s; the
/// exercise link's `settings`). Returns `{settings, notes,
/// grade_formula, key, student, terms}` where `student` is the student's row
/// of the class report (hits, misses, extras, F1, grade, `missed`, `extra`,
/// `hit_list` …) and `terms` the grade formula's terms with their values.
#[wasm_bindgen(js_name = checkAgainstKey)]
pub fn check_against_key_js(
    student: JsValue,
    key: JsValue,
    settings: JsValue,
) -> Result<JsValue, JsError> {
    let student: Observation = from_js(&student, "your marks")?;
    let key: Observation = from_js(&key, "answer key")?;
    let settings = settings_of(&settings)?;
    to_js(&check_against_key(&key, &student, &settings))
}
