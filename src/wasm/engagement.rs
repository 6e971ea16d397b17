//! Facade of the engagement and value views: change the analysis settings
//! (engagement, RFM, lifecycle, satisfaction, customer value), export the
//! per-customer scores, explain one customer's score touch by touch.

use super::{from_js_or_default, to_js, Session};
use crate::analysis::AnalysisSettings;
use crate::engagement::{
    engagement_page, engagement_touches, rfm_page, CustomerQuery, CustomerTable,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Session {
    /// Re-runs engagement, RFM, lifecycle, satisfaction and customer value
    /// with `settings` (an AnalysisSettings object; missing keys take their
    /// defaults); returns the new report.
    #[wasm_bindgen(js_name = setSettings)]
    pub fn set_settings(&mut self, settings: JsValue) -> Result<JsValue, JsError> {
        let settings: AnalysisSettings = from_js_or_default(&settings, "settings")?;
        let analysis =
            self.analysis.as_mut().ok_or_else(|| JsError::new("the file is not read yet"))?;
        analysis.set_settings(settings);
        super::summary_js(analysis)
    }

    /// The settings in use (an AnalysisSettings object with every key).
    pub fn settings(&self) -> Result<JsValue, JsError> {
        to_js(&self.analysis()?.settings)
    }

    /// Per-customer engagement, RFM and lifecycle as CSV text.
    #[wasm_bindgen(js_name = customersCsv)]
    pub fn customers_csv(&self) -> Result<String, JsError> {
        Ok(self.analysis()?.customers_csv())
    }

    /// One page of a per-customer table (a CustomerQuery: `{table: "engagement" | "rfm",
    /// filter, sort, descending, offset, limit, labels}`), filtered and sorted over every
    /// customer: `{total, matched, offset, rows}`. The page's report lists only the first
    /// customers of each table; this serves the rest.
    #[wasm_bindgen(js_name = customersPage)]
    pub fn customers_page(&self, query: JsValue) -> Result<JsValue, JsError> {
        let query: CustomerQuery = from_js_or_default(&query, "query")?;
        let analysis = self.analysis()?;
        let report = &analysis.report;
        let none = || JsError::new("this file has no such table");
        match query.table {
            CustomerTable::Engagement => {
                report.engagement.as_ref().ok_or_else(none)?;
                to_js(&engagement_page(analysis.engagement_customers(), &query))
            }
            CustomerTable::Rfm => {
                let rows = &report.rfm.as_ref().ok_or_else(none)?.customers;
                to_js(&rfm_page(rows, &query))
            }
        }
    }

    /// One customer's score touch by touch: [{line, time, touchpoint,
    /// channel, classes, points, total, age_days, decay, decayed, cap_group}].
    #[wasm_bindgen(js_name = engagementTouches)]
    pub fn engagement_touches(&self, customer: &str) -> Result<JsValue, JsError> {
        let a = self.analysis()?;
        to_js(&engagement_touches(&a.dataset, &a.classification, &a.settings.engagement, customer))
    }
}
