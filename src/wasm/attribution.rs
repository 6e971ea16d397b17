//! Facade of the attribution view (www/js/elements/tp-attribution-view.js): the
//! seven models with other settings, their two charts, and the CSV exports
//! (the table and the Markov transition matrix).

use super::{from_js_opt, js_error, to_js, Session};
use crate::attribution::report::{chain, report_csv};
use crate::attribution::{self, AttributionReport, AttributionSettings};
use crate::charts::attribution::{attribution_chart, Metric};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn settings_of(settings: &JsValue) -> Result<AttributionSettings, JsError> {
    let Some(s) = from_js_opt::<AttributionSettings>(settings, "attribution settings")? else {
        return Ok(AttributionSettings::default());
    };
    s.validate().map_err(js_error)?;
    Ok(s)
}

#[derive(Serialize)]
struct Charts {
    conversions: String,
    value: String,
}

#[derive(Serialize)]
struct Answer<'a> {
    report: &'a AttributionReport,
    charts: Charts,
}

#[wasm_bindgen]
impl Session {
    /// Attribution with `settings` (an AttributionSettings object; missing keys take
    /// their defaults): `{report, charts: {conversions, value}}` (SVG strings).
    pub fn attribution(&self, settings: JsValue) -> Result<JsValue, JsError> {
        let a = self.analysis()?;
        let settings = settings_of(&settings)?;
        let report =
            attribution::analyse(&a.dataset, &a.classification, &settings).map_err(js_error)?;
        let charts = Charts {
            conversions: attribution_chart("attribution", &report, Metric::Conversions),
            value: attribution_chart("attribution-value", &report, Metric::Value),
        };
        to_js(&Answer { report: &report, charts })
    }

    /// An attribution export as CSV text: `what` is `"table"` (one row per channel,
    /// every model for conversions and value) or `"matrix"` (the Markov transition
    /// matrix of the settings' order).
    #[wasm_bindgen(js_name = attributionCsv)]
    pub fn attribution_csv(&self, what: &str, settings: JsValue) -> Result<String, JsError> {
        let a = self.analysis()?;
        let settings = settings_of(&settings)?;
        match what {
            "table" => {
                let report = attribution::analyse(&a.dataset, &a.classification, &settings)
                    .map_err(js_error)?;
                Ok(report_csv(&report))
            }
            "matrix" => {
                let input = attribution::input::from_dataset(
                    &a.dataset,
                    &a.classification,
                    settings.dimension,
                    settings.conversion_paths,
                );
                Ok(chain(&input, settings.order).matrix_csv(&input.channel_names))
            }
            other => Err(JsError::new(&format!("export {other:?}: expected table or matrix"))),
        }
    }
}

/// The default attribution settings (every key; see docs/attribution.md).
#[wasm_bindgen(js_name = defaultAttributionSettings)]
pub fn default_attribution_settings() -> Result<JsValue, JsError> {
    to_js(&AttributionSettings::default())
}
