//! Facade of the Journeys page: funnels, paths and the journey map, each
//! run with the page's settings; the report keeps the result (so the JSON
//! export holds what the page shows); drop-off lists and tables as CSV.

use super::{from_js_opt, js_error, to_js, Session};
use crate::charts::{funnel as funnel_charts, sankey};
use crate::journeys::FunnelSpec;
use serde::Serialize;
use wasm_bindgen::prelude::*;
#[cfg(feature = "pages")]
use {
    super::from_js_or_default,
    crate::charts::{heatmap, journey_map as map_chart},
    crate::journeys::{MapSettings, PathSettings},
};

#[derive(Serialize)]
struct Answer<'a, T: Serialize> {
    report: &'a T,
    charts: std::collections::BTreeMap<&'static str, String>,
}

#[wasm_bindgen]
impl Session {
    /// Runs a funnel ({steps, exclusions, order, window, mode, count, entry, breakdown, top_next});
    /// returns {report, charts: {funnel, flow, time}}. `null` clears the funnel.
    pub fn funnel(&mut self, spec: JsValue) -> Result<JsValue, JsError> {
        let spec: Option<FunnelSpec> = from_js_opt(&spec, "funnel")?;
        let a = self.analysis.as_mut().ok_or_else(|| JsError::new("the file is not read yet"))?;
        a.set_funnel(spec).map_err(js_error)?;
        let Some(r) = a.report.funnel.as_ref() else { return Ok(JsValue::NULL) };
        let mut charts = std::collections::BTreeMap::new();
        charts.insert("funnel", funnel_charts::funnel_chart("funnel", r));
        charts.insert("flow", sankey::funnel_sankey("funnel-flow", r));
        charts.insert("time", funnel_charts::time_histogram("funnel-time", r, r.steps.len()));
        to_js(&Answer { report: r, charts })
    }

    /// A funnel spec from a step list ("A, B?, !X, C"); errors name the character.
    #[wasm_bindgen(js_name = funnelFromSteps)]
    pub fn funnel_from_steps(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(&FunnelSpec::from_step_list(text).map_err(js_error)?)
    }
}

/// The Journeys page's own part (feature `pages`): drop-off and tables as CSV,
/// paths and the journey map with settings, step choices and journey names.
#[cfg(feature = "pages")]
#[wasm_bindgen]
impl Session {
    /// The time-to-convert histogram of step `step` (1-based) of the current funnel.
    #[wasm_bindgen(js_name = funnelTime)]
    pub fn funnel_time(&self, step: usize) -> Result<String, JsError> {
        let r =
            self.analysis()?.report.funnel.as_ref().ok_or_else(|| JsError::new("no funnel yet"))?;
        Ok(funnel_charts::time_histogram("funnel-time", r, step))
    }

    /// The journeys that dropped at `step` (1-based; `undefined`: every step) as CSV.
    #[wasm_bindgen(js_name = funnelDropoffCsv)]
    pub fn funnel_dropoff_csv(&self, step: Option<usize>) -> Result<String, JsError> {
        let r =
            self.analysis()?.report.funnel.as_ref().ok_or_else(|| JsError::new("no funnel yet"))?;
        Ok(r.dropoff_csv(step))
    }

    /// The funnel's step table as CSV.
    #[wasm_bindgen(js_name = funnelCsv)]
    pub fn funnel_csv(&self) -> Result<String, JsError> {
        let r =
            self.analysis()?.report.funnel.as_ref().ok_or_else(|| JsError::new("no funnel yet"))?;
        Ok(r.steps_csv())
    }

    /// Computes the paths ({dimension, anchor, from, to, steps, top, collapse_repeats, end_node,
    /// cleaning, matrix_top}); returns {report, charts: {paths, transitions}}.
    pub fn paths(&mut self, settings: JsValue) -> Result<JsValue, JsError> {
        let settings: PathSettings = from_js_or_default(&settings, "paths")?;
        let a = self.analysis.as_mut().ok_or_else(|| JsError::new("the file is not read yet"))?;
        a.set_paths(settings).map_err(js_error)?;
        let Some(r) = a.report.paths.as_ref() else { return Ok(JsValue::NULL) };
        let mut charts = std::collections::BTreeMap::new();
        charts.insert("paths", sankey::paths_sankey("paths", r));
        let title = heatmap::transitions_title(r.settings.dimension);
        charts.insert("transitions", heatmap::transition_heatmap("transitions", &title, &r.matrix));
        to_js(&Answer { report: r, charts })
    }

    /// The paths' links as CSV.
    #[wasm_bindgen(js_name = pathsCsv)]
    pub fn paths_csv(&self) -> Result<String, JsError> {
        let r =
            self.analysis()?.report.paths.as_ref().ok_or_else(|| JsError::new("no paths yet"))?;
        Ok(r.links_csv())
    }

    /// The transition matrix as CSV.
    #[wasm_bindgen(js_name = transitionsCsv)]
    pub fn transitions_csv(&self) -> Result<String, JsError> {
        let r =
            self.analysis()?.report.paths.as_ref().ok_or_else(|| JsError::new("no paths yet"))?;
        Ok(r.matrix_csv())
    }

    /// Draws the journey map ({stages, segment, experience, top, moments}); returns {report, charts: {map}}.
    #[wasm_bindgen(js_name = journeyMap)]
    pub fn journey_map(&mut self, settings: JsValue) -> Result<JsValue, JsError> {
        let settings: MapSettings = from_js_or_default(&settings, "journey map")?;
        let a = self.analysis.as_mut().ok_or_else(|| JsError::new("the file is not read yet"))?;
        a.set_journey_map(settings).map_err(js_error)?;
        let Some(r) = a.report.journey_map.as_ref() else { return Ok(JsValue::NULL) };
        let mut charts = std::collections::BTreeMap::new();
        charts.insert("map", map_chart::journey_map_chart("journey-map", r));
        to_js(&Answer { report: r, charts })
    }

    /// The journey map as CSV.
    #[wasm_bindgen(js_name = journeyMapCsv)]
    pub fn journey_map_csv(&self) -> Result<String, JsError> {
        let r = self
            .analysis()?
            .report
            .journey_map
            .as_ref()
            .ok_or_else(|| JsError::new("no journey map yet"))?;
        Ok(r.csv())
    }

    /// What a funnel step can be: {touchpoints, channels, classes, has_conversions, has_ratings}.
    #[wasm_bindgen(js_name = stepChoices)]
    pub fn step_choices(&self) -> Result<JsValue, JsError> {
        to_js(&self.analysis()?.step_choices())
    }

    /// Journey names containing `filter`, at most `limit`.
    #[wasm_bindgen(js_name = journeyNames)]
    pub fn journey_names(&self, filter: &str, limit: usize) -> Result<JsValue, JsError> {
        to_js(&self.analysis()?.journey_names(filter, limit))
    }
}
