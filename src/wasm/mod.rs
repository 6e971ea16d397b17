//! The JavaScript facade: the only module that knows wasm-bindgen (one file
//! per page's concern beside this one). Options
//! come in as plain JS objects (serde), reports go out the same way; errors
//! become JS `Error`s with the core's positioned message. Nothing here
//! panics: a panic would abort the module and lose the user's work.

#[cfg(feature = "annotations")]
mod annotate;
#[cfg(all(feature = "pages", feature = "journeys"))]
mod attribution;

use crate::analysis::Analysis;
use crate::ingest::{self, ColumnMapping, IngestOptions};
use crate::open::FileReader;
use crate::taxonomy::{self, RuleSet};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[cfg(feature = "classroom")]
mod check;
#[cfg(feature = "classroom")]
mod classroom;
#[cfg(feature = "clv")]
mod clv;
#[cfg(feature = "pages")]
mod engagement;
#[cfg(feature = "journeys")]
mod journeys;
#[cfg(feature = "pages")]
mod page;
#[cfg(feature = "pages")]
pub use page::{accept_list, describe_rules, inspect, is_annotation_file, preset_json, presets};
#[cfg(feature = "pages")]
mod parts;
#[cfg(feature = "pages")]
pub use parts::{cut_parts, header_line, scan_part};
mod summary;
use summary::summary_js;
#[cfg(feature = "value-sheet")]
mod value;
#[cfg(feature = "value-sheet")]
pub use value::value_categories;

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Unusable input as a thrown JS `Error` whose `kind` (`"missing-column"`,
/// `"empty"`, `"not-text"`, `"invalid"`), `line` and `column` a page reads
/// instead of matching the message's English.
fn input_error(e: crate::Error) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    // Setting a property on a fresh Error object cannot fail; nothing to report if it did.
    let _ = js_sys::Reflect::set(&error, &"kind".into(), &e.kind.name().into());
    let _ = js_sys::Reflect::set(&error, &"line".into(), &(e.line as f64).into());
    if let Some(column) = e.column {
        let _ = js_sys::Reflect::set(&error, &"column".into(), &(column as f64).into());
    }
    error.into()
}

/// A value as a plain JS object: JSON text from serde_json, parsed by the
/// engine's `JSON.parse`. One serializer and one deserializer (serde_json's)
/// in the wasm instead of two each, and quicker than building the object one
/// property at a time across the boundary. Non-finite numbers become `null`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    json_to_js(&serde_json::to_string(value).map_err(js_error)?)
}

/// JSON text (written by serde_json) as a JS value.
fn json_to_js(text: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(text).map_err(|_| JsError::new("internal: the core wrote invalid JSON"))
}

/// A plain JS object as a Rust value: `JSON.stringify`, then serde_json
/// (`undefined` properties are absent, as serde expects). `what` starts the
/// error message, which has no "at line 1 column …": the user wrote no text.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsError> {
    let text = if value.is_undefined() {
        String::from("null")
    } else {
        match js_sys::JSON::stringify(value) {
            Ok(text) => String::from(text),
            Err(e) => {
                let why = js_sys::Error::from(e).message();
                return Err(JsError::new(&format!(
                    "{what}: not plain data ({})",
                    String::from(why)
                )));
            }
        }
    };
    serde_json::from_str(&text).map_err(|e| {
        let message = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        JsError::new(&format!("{what}: {}", message.strip_suffix(&position).unwrap_or(&message)))
    })
}

/// An optional JS argument: `undefined` or `null` give `None`, anything else
/// is read by [`from_js`]. The one place the facade decides what "not given" is.
fn from_js_opt<T: serde::de::DeserializeOwned>(
    value: &JsValue,
    what: &str,
) -> Result<Option<T>, JsError> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        from_js(value, what).map(Some)
    }
}

/// An optional JS argument with defaults: `undefined` or `null` give
/// `T::default()` (see [`from_js_opt`]).
fn from_js_or_default<T: serde::de::DeserializeOwned + Default>(
    value: &JsValue,
    what: &str,
) -> Result<T, JsError> {
    Ok(from_js_opt(value, what)?.unwrap_or_default())
}

/// Options of a session, from JavaScript.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SessionOptions {
    /// A preset name (default "generic").
    preset: Option<String>,
    /// A rule set as JSON text (wins over `preset`).
    rules: Option<String>,
    /// Canonical column → header.
    mapping: ColumnMapping,
    /// Read one part of a file (a worker's share): `{header, firstLine}`.
    part: Option<PartOptions>,
}

/// A part session's place in its file.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct PartOptions {
    /// The file's header line (its first record, without the line end).
    header: String,
    /// 1-based line of the part's first byte (1: the part holds the header).
    first_line: u64,
}

fn rule_set_of(preset: Option<&str>, rules: Option<&str>) -> Result<RuleSet, JsError> {
    match rules {
        Some(text) if !text.trim().is_empty() => RuleSet::from_json(text).map_err(js_error),
        _ => taxonomy::preset(preset.unwrap_or("generic")).map_err(js_error),
    }
}

/// One file being read and then analysed.
#[wasm_bindgen]
pub struct Session {
    reader: Option<FileReader>,
    /// A part of a file (`options.part`): read, then `finishPart`.
    part: Option<ingest::Ingest>,
    rule_set: Option<RuleSet>,
    analysis: Option<Analysis>,
}

#[wasm_bindgen]
impl Session {
    /// Starts reading `file_name` with `options` ({preset, rules, mapping}).
    #[wasm_bindgen(constructor)]
    pub fn new(file_name: &str, options: JsValue) -> Result<Session, JsValue> {
        let options: SessionOptions = from_js_or_default(&options, "options")?;
        let rule_set = rule_set_of(options.preset.as_deref(), options.rules.as_deref())?;
        let ingest = IngestOptions { mapping: options.mapping, ..IngestOptions::default() };
        let (reader, part) = match options.part {
            Some(p) if p.first_line > 1 => {
                let part =
                    ingest::Ingest::part(ingest, &p.header, p.first_line).map_err(input_error)?;
                (None, Some(part))
            }
            Some(_) => (None, Some(ingest::Ingest::new(ingest))),
            None => (Some(FileReader::new(file_name, ingest)), None),
        };
        Ok(Session { reader, part, rule_set: Some(rule_set), analysis: None })
    }

    /// Feeds the next chunk of the file (or of the part). A file that cannot
    /// be used throws an `Error` with `kind`, `line` and `column`.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        if let Some(part) = &mut self.part {
            return part.push(chunk).map_err(input_error);
        }
        match &mut self.reader {
            Some(reader) => reader.push(chunk).map_err(input_error),
            None => Err(JsError::new("the file is already read").into()),
        }
    }

    /// Ends the file, classifies and returns the report (errors as [`Session::push`]).
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let reader = self.reader.take().ok_or_else(|| JsError::new("the file is already read"))?;
        let dataset = reader.finish().map_err(input_error)?;
        Ok(self.analyse(dataset)?)
    }

    /// Classifies `dataset` with the session's rules and returns the report.
    fn analyse(&mut self, dataset: crate::model::Dataset) -> Result<JsValue, JsError> {
        let rule_set = self.rule_set.take().unwrap_or_else(|| RuleSet {
            name: "none".into(),
            description: String::new(),
            extends: None,
            rules: Vec::new(),
        });
        let analysis = self.analysis.insert(Analysis::new(dataset, rule_set).map_err(js_error)?);
        summary_js(analysis)
    }

    fn analysis(&self) -> Result<&Analysis, JsError> {
        self.analysis.as_ref().ok_or_else(|| JsError::new("the file is not read yet"))
    }

    /// The report (after `finish`): the summary, per-customer lists cut to
    /// their first rows (`listed`; see `summary.rs`).
    pub fn report(&mut self) -> Result<JsValue, JsError> {
        let analysis =
            self.analysis.as_mut().ok_or_else(|| JsError::new("the file is not read yet"))?;
        summary_js(analysis)
    }

    /// The charts as SVG strings keyed by name.
    pub fn charts(&self) -> Result<JsValue, JsError> {
        to_js(&self.analysis()?.charts())
    }
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The templates of the page's language for the core's own text (chart titles,
/// axis labels, text alternatives): the `core.` and `class.` entries of its message
/// table, set once at start (`{}` or `undefined`: English). See [`crate::text`].
#[wasm_bindgen(js_name = setTexts)]
pub fn set_texts(templates: JsValue) -> Result<(), JsError> {
    let templates: std::collections::BTreeMap<String, String> =
        from_js_or_default(&templates, "texts")?;
    crate::text::set_templates(templates);
    Ok(())
}
