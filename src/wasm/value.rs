//! Facade of the perceived-value sheet (www/value.html): read a sheet, check
//! the page's draft (every cell as typed) and say which cells are bad,
//! compute the value report with its two charts, write the sheet back.

use super::{from_js, js_error, to_js};
use crate::value::draft::{CellProblem, SheetDraft};
use crate::value::{self, ValueSheet};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn draft_of(draft: JsValue) -> Result<SheetDraft, JsError> {
    from_js(&draft, "value sheet")
}

/// The categories of each side, as the sheet reader takes them:
/// `{benefit: ["product", …], cost: ["monetary", …]}` (the page's category
/// menus; [`crate::value::sheet::BENEFIT_CATEGORIES`] and `COST_CATEGORIES`).
#[wasm_bindgen(js_name = valueCategories)]
pub fn value_categories() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Out {
        benefit: &'static [&'static str],
        cost: &'static [&'static str],
    }
    use crate::value::sheet::{BENEFIT_CATEGORIES, COST_CATEGORIES};
    to_js(&Out { benefit: BENEFIT_CATEGORIES, cost: COST_CATEGORIES })
}

/// Reads a value sheet (CSV, or JSON when `name` ends in `.json`) into the
/// page's draft `{offers, criteria: [{name, side, category, weight, ratings}]}`
/// (every cell as text); errors name the line and column.
#[wasm_bindgen(js_name = readValueSheet)]
pub fn read_value_sheet(name: &str, bytes: &[u8]) -> Result<JsValue, JsError> {
    let sheet = value::read_value_sheet(name, bytes).map_err(js_error)?;
    to_js(&SheetDraft::from_sheet(&sheet))
}

/// Checks a draft: `{sheet, problems}` — the sheet (numbers) when every cell
/// is usable, else `null` and the bad cells `[{row, col, code, text, message}]`
/// (`row` −1 is the offer names; `col` an offer's index or `name`/`side`/`weight`).
#[wasm_bindgen(js_name = checkValueSheet)]
pub fn check_value_sheet(draft: JsValue) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Out {
        sheet: Option<ValueSheet>,
        problems: Vec<CellProblem>,
    }
    let out = match draft_of(draft)?.check() {
        Ok(sheet) => Out { sheet: Some(sheet), problems: Vec::new() },
        Err(problems) => Out { sheet: None, problems },
    };
    to_js(&out)
}

/// The perceived value of a draft: `{problems, report, value_map_svg,
/// benefit_cost_svg}`; with bad cells only `problems` (no ranking until fixed).
#[wasm_bindgen(js_name = perceivedValue)]
pub fn perceived_value(draft: JsValue) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Out {
        problems: Vec<CellProblem>,
        #[serde(skip_serializing_if = "Option::is_none")]
        report: Option<value::ValueReport>,
        #[serde(skip_serializing_if = "Option::is_none")]
        value_map_svg: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        benefit_cost_svg: Option<String>,
    }
    let out = match draft_of(draft)?.check() {
        Ok(sheet) => {
            let report = value::perceived_value(&sheet);
            Out {
                problems: Vec::new(),
                value_map_svg: Some(crate::charts::value_map::value_map_chart(&report)),
                benefit_cost_svg: Some(crate::charts::benefit_cost_bars::benefit_cost_chart(
                    &report,
                )),
                report: Some(report),
            }
        }
        Err(problems) => {
            Out { problems, report: None, value_map_svg: None, benefit_cost_svg: None }
        }
    };
    to_js(&out)
}

/// The draft as CSV text that `readValueSheet` reads back as the same
/// sheet; an error naming the first bad cell when it has any.
#[wasm_bindgen(js_name = valueSheetCsv)]
pub fn value_sheet_csv(draft: JsValue) -> Result<String, JsError> {
    match draft_of(draft)?.check() {
        Ok(sheet) => Ok(value::write_value_sheet_csv(&sheet)),
        Err(problems) => {
            Err(JsError::new(&problems.first().map(|p| p.message.clone()).unwrap_or_default()))
        }
    }
}
