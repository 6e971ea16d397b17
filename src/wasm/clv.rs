//! Facade of the CLV page: a file read in chunks into purchases, the CLV
//! models fitted on them, re-fitted when the settings change (the file is
//! not read again), the customer table served a page at a time, CSV and
//! JSON exports.

use super::{from_js_or_default, js_error, to_js};
use crate::charts::clv::charts;
use crate::clv::{analyse, purchases_of, Clv, ClvQuery, ClvSettings, Purchases};
use crate::ingest::IngestOptions;
use crate::model::Problem;
use crate::open::FileReader;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What the file gave: rows, bad rows and notes (shown beside the results).
#[derive(Serialize, Clone, Default)]
struct InputSummary {
    file: String,
    rows: u64,
    problem_count: u64,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

/// One transactions (or journey) file and its CLV analysis.
#[wasm_bindgen]
pub struct ClvSession {
    reader: Option<FileReader>,
    purchases: Option<Purchases>,
    input: InputSummary,
    clv: Option<Clv>,
}

fn settings_of(value: &JsValue) -> Result<ClvSettings, JsError> {
    from_js_or_default(value, "settings")
}

#[wasm_bindgen]
impl ClvSession {
    /// Starts reading `file_name`.
    #[wasm_bindgen(constructor)]
    pub fn new(file_name: &str) -> ClvSession {
        ClvSession {
            reader: Some(FileReader::new(file_name, IngestOptions::default())),
            purchases: None,
            input: InputSummary { file: file_name.to_string(), ..InputSummary::default() },
            clv: None,
        }
    }

    /// Feeds the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        match &mut self.reader {
            Some(reader) => reader.push(chunk).map_err(js_error),
            None => Err(JsError::new("the file is already read")),
        }
    }

    /// Ends the file, fits the models with `settings` (a ClvSettings object)
    /// and returns {report, charts, input}.
    pub fn finish(&mut self, settings: JsValue) -> Result<JsValue, JsError> {
        let reader = self.reader.take().ok_or_else(|| JsError::new("the file is already read"))?;
        let dataset = reader.finish().map_err(js_error)?;
        let settings = settings_of(&settings)?;
        self.input.rows = dataset.rows();
        self.input.problem_count = dataset.problem_count();
        self.input.problems = dataset.problems().to_vec();
        self.input.warnings = dataset.warnings().to_vec();
        let purchases = purchases_of(&dataset, settings.purchase_rule).ok_or_else(|| {
            JsError::new("the times are not dates: the CLV models need the date of each purchase")
        })?;
        drop(dataset);
        self.purchases = Some(purchases);
        self.run(settings)
    }

    /// Re-fits with new `settings` (the file is not read again); returns {report, charts, input}.
    pub fn analyse(&mut self, settings: JsValue) -> Result<JsValue, JsError> {
        let settings = settings_of(&settings)?;
        self.run(settings)
    }

    fn run(&mut self, settings: ClvSettings) -> Result<JsValue, JsError> {
        let purchases =
            self.purchases.as_ref().ok_or_else(|| JsError::new("the file is not read yet"))?;
        let clv = analyse(purchases, &settings).map_err(|e| JsError::new(&e))?;
        #[derive(Serialize)]
        struct Result<'a> {
            report: &'a crate::clv::ClvReport,
            charts: crate::charts::clv::ClvCharts,
            input: &'a InputSummary,
        }
        let out =
            to_js(&Result { report: &clv.report, charts: charts(&clv.report), input: &self.input });
        self.clv = Some(clv);
        out
    }

    fn clv(&self) -> Result<&Clv, JsError> {
        self.clv.as_ref().ok_or_else(|| JsError::new("no CLV analysis yet"))
    }

    /// A page of the customer table ({filter, sort, descending, offset, limit}).
    pub fn page(&self, query: JsValue) -> Result<JsValue, JsError> {
        let query: ClvQuery = from_js_or_default(&query, "query")?;
        to_js(&self.clv()?.page(&query))
    }

    /// Every customer as CSV text.
    pub fn csv(&self) -> Result<String, JsError> {
        Ok(self.clv()?.csv())
    }

    /// The report as pretty JSON text.
    #[wasm_bindgen(js_name = reportJson)]
    pub fn report_json(&self) -> Result<String, JsError> {
        serde_json::to_string_pretty(&self.clv()?.report).map_err(js_error)
    }
}

/// The default CLV settings (every key, documented in docs/clv.md).
#[wasm_bindgen(js_name = defaultClvSettings)]
pub fn default_clv_settings() -> Result<JsValue, JsError> {
    to_js(&ClvSettings::default())
}
