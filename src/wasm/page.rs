//! The main page's own facade, beyond the widget's `Session` (feature
//! `pages`): re-classification and the rules editor, paged tables, exports,
//! the presets and header inspection.

use super::{
    from_js, from_js_or_default, js_error, rule_set_of, summary::summary_js, to_js, Session,
};
use crate::analysis::EventsQuery;
use crate::ingest::{self, ColumnMapping};
use crate::taxonomy::{self, RuleSet};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Session {
    /// The report as pretty JSON text.
    #[wasm_bindgen(js_name = reportJson)]
    pub fn report_json(&self) -> Result<String, JsError> {
        serde_json::to_string_pretty(&self.analysis()?.full_report()).map_err(js_error)
    }

    /// Re-classifies with a preset or a rule set (JSON text); returns the new report.
    #[wasm_bindgen(js_name = setRules)]
    pub fn set_rules(
        &mut self,
        preset: Option<String>,
        rules: Option<String>,
    ) -> Result<JsValue, JsError> {
        let rule_set = rule_set_of(preset.as_deref(), rules.as_deref())?;
        let analysis =
            self.analysis.as_mut().ok_or_else(|| JsError::new("the file is not read yet"))?;
        analysis.set_rules(rule_set).map_err(js_error)?;
        summary_js(analysis)
    }

    /// The rules in use as JSON text.
    #[wasm_bindgen(js_name = rulesJson)]
    pub fn rules_json(&self) -> Result<String, JsError> {
        Ok(self.analysis()?.rule_set.to_json())
    }

    /// Rows of the journeys with ids `offset..offset + limit` (at most 1000),
    /// for a paged table: the summary report lists none.
    #[wasm_bindgen(js_name = journeysPage)]
    pub fn journeys_page(&self, offset: usize, limit: usize) -> Result<JsValue, JsError> {
        to_js(&self.analysis()?.journeys_page(offset, limit))
    }

    /// A page of the classified events table ({filter, sort, descending, offset, limit}).
    #[wasm_bindgen(js_name = eventsPage)]
    pub fn events_page(&self, query: JsValue) -> Result<JsValue, JsError> {
        let query: EventsQuery = from_js(&query, "query")?;
        to_js(&self.analysis()?.events_page(&query))
    }

    /// Classified events as CSV text.
    #[wasm_bindgen(js_name = classifiedCsv)]
    pub fn classified_csv(&self) -> Result<String, JsError> {
        Ok(self.analysis()?.classified_csv())
    }
}

/// The shipped presets: [{name, description}].
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Preset {
        name: String,
        description: String,
    }
    let list: Vec<Preset> = taxonomy::PRESETS
        .iter()
        .filter_map(|(name, _)| taxonomy::preset(name).ok())
        .map(|set| Preset { name: set.name, description: set.description })
        .collect();
    to_js(&list)
}

/// A preset's rules as JSON text (a starting point for the rule editor).
#[wasm_bindgen(js_name = presetJson)]
pub fn preset_json(name: &str) -> Result<String, JsError> {
    Ok(taxonomy::preset(name).map_err(js_error)?.to_json())
}

/// Checks a rule set (JSON text) and returns each rule in words, or a positioned error.
#[wasm_bindgen(js_name = describeRules)]
pub fn describe_rules(text: &str) -> Result<JsValue, JsError> {
    let set = RuleSet::from_json(text).map_err(js_error)?;
    let words: Vec<String> = set.rules.iter().map(|r| r.describe()).collect();
    to_js(&words)
}

/// The header of a file's first bytes and the guessed column mapping.
#[wasm_bindgen]
pub fn inspect(prefix: &[u8], mapping: JsValue) -> Result<JsValue, JsError> {
    let mapping: ColumnMapping = from_js_or_default(&mapping, "mapping")?;
    to_js(&ingest::inspect(prefix, &mapping))
}

/// The `accept=` list of a file input, from the one format table
/// ([`crate::formats`]): `what` is `"journeys"`, `"annotations"` or `"any"`.
#[wasm_bindgen(js_name = acceptList)]
pub fn accept_list(what: &str) -> Result<String, JsError> {
    use crate::formats::{accept, ACCEPT_NAMES};
    let Some((_, families)) = ACCEPT_NAMES.iter().find(|(name, _)| *name == what) else {
        return Err(JsError::new(&format!(
            "acceptList: {what:?} is not one of journeys, annotations, any"
        )));
    };
    Ok(accept(families))
}

/// True when the file is read by an annotation importer.
#[wasm_bindgen(js_name = isAnnotationFile)]
pub fn is_annotation_file(file_name: &str) -> bool {
    crate::open::is_annotation_file(file_name)
}
