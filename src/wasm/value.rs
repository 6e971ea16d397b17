//! Facade of the perceived-value sheet (www/value.html): read a sheet, compute
//! the value report with its two charts, write the sheet back as CSV.

use super::{from_js, js_error, to_js};
use crate::value::{self, ValueSheet};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn sheet_of(sheet: JsValue) -> Result<ValueSheet, JsError> {
    from_js(&sheet, "value sheet")
}

/// Reads a value sheet (CSV, or JSON when `name` ends in `.json`) into
/// `{offers, criteria: [{name, side, category, weight, ratings}]}`; errors
/// name the line and column.
#[wasm_bindgen(js_name = readValueSheet)]
pub fn read_value_sheet(name: &str, bytes: &[u8]) -> Result<JsValue, JsError> {
    to_js(&value::read_value_sheet(name, bytes).map_err(js_error)?)
}

/// The perceived value of a sheet: `{report, value_map_svg, benefit_cost_svg}`.
#[wasm_bindgen(js_name = perceivedValue)]
pub fn perceived_value(sheet: JsValue) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Out {
        report: value::ValueReport,
        value_map_svg: String,
        benefit_cost_svg: String,
    }
    let report = value::perceived_value(&sheet_of(sheet)?);
    let value_map_svg = report.value_map_svg();
    let benefit_cost_svg = report.benefit_cost_svg();
    to_js(&Out { report, value_map_svg, benefit_cost_svg })
}

/// The sheet as CSV text that `readValueSheet` reads back as the same sheet.
#[wasm_bindgen(js_name = valueSheetCsv)]
pub fn value_sheet_csv(sheet: JsValue) -> Result<String, JsError> {
    Ok(value::write_value_sheet_csv(&sheet_of(sheet)?))
}
