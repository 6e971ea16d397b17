//! The report as it crosses to the page: the summary, with each per-customer
//! (or per-journey) list cut to its first [`LISTED`] rows, and
//! `listed: {rows, totals}` giving each cut list's full length. A 1M-event
//! file's engagement table alone is ~58 MB of JSON: converting it to JS
//! objects took seconds. The full lists stay in the session, for the CSV
//! exports (`customersCsv`, `reportJson`) and the command line; the engagement
//! rows are built for the listed customers only ([`Analysis::engagement_rows`]).

use super::{js_error, json_to_js};
use crate::analysis::Analysis;
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

/// Rows of each per-customer list in the page's report (the lists are ranked:
/// highest engagement first, RFM by score; the page says when it shows fewer).
pub const LISTED: usize = 100;

/// The summary of `analysis`'s report for the page (see the module doc). The
/// lists' tails are moved out and back, so nothing is copied but the shown rows.
pub(super) fn summary_js(analysis: &mut Analysis) -> Result<JsValue, JsError> {
    let mut totals = Map::new();
    let listed = analysis.engagement_page_rows(0..LISTED);
    let report = &mut analysis.report;
    if let Some(e) = report.engagement.as_mut() {
        totals.insert("engagement.customers".into(), json!(analysis.engagement_rows.len()));
        e.customers = listed;
    }
    let rfm = cut(report.rfm.as_mut().map(|r| &mut r.customers), "rfm.customers", &mut totals);
    let lifecycle = cut(
        report.lifecycle.as_mut().map(|l| &mut l.customers),
        "lifecycle.customers",
        &mut totals,
    );
    let journeys = cut(
        report.satisfaction.as_mut().map(|s| &mut s.journeys),
        "satisfaction.journeys",
        &mut totals,
    );
    let text = serde_json::to_string(&*report).map_err(js_error);
    // The tails go back before anything can fail: the session keeps every row.
    if let Some(e) = report.engagement.as_mut() {
        e.customers = Vec::new();
    }
    restore(report.rfm.as_mut().map(|r| &mut r.customers), rfm);
    restore(report.lifecycle.as_mut().map(|l| &mut l.customers), lifecycle);
    restore(report.satisfaction.as_mut().map(|s| &mut s.journeys), journeys);
    let mut text = text?;
    // The report is a JSON object: `listed` goes in before its closing brace.
    if text.ends_with('}') {
        text.pop();
        let listed = json!({ "rows": LISTED, "totals": totals });
        text.push_str(if text.ends_with('{') { "\"listed\":" } else { ",\"listed\":" });
        text.push_str(&listed.to_string());
        text.push('}');
    }
    json_to_js(&text)
}

/// Moves the rows after the first [`LISTED`] out of `list`; notes its length in `totals`.
fn cut<T>(
    list: Option<&mut Vec<T>>,
    name: &str,
    totals: &mut Map<String, Value>,
) -> Option<Vec<T>> {
    let list = list?;
    totals.insert(name.to_string(), json!(list.len()));
    Some(list.split_off(list.len().min(LISTED)))
}

/// Puts the rows moved out by [`cut`] back at the end of `list`.
fn restore<T>(list: Option<&mut Vec<T>>, tail: Option<Vec<T>>) {
    if let (Some(list), Some(tail)) = (list, tail) {
        list.extend(tail);
    }
}
