//! The annotator page's facade: import and export of marks, the report of
//! the marks being made, the classes of palette names and pasted video links.
//! Everything is computed by the core ([`crate::annotations`], [`crate::analysis`],
//! [`crate::taxonomy`]); undo, editing and keys stay in JavaScript.

use super::{from_js, js_error, rule_set_of, to_js};
use crate::analysis::{Analysis, Charts};
use crate::annotations::{self, ExportFormat};
use crate::model::{Annotations, Classes, Direction, Kind, Media, Owner, Stage};
use crate::report::Report;
use crate::taxonomy::{self, Classifier};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn annotations_of(value: JsValue) -> Result<Annotations, JsError> {
    from_js(&value, "annotations")
}

fn format_of(name: &str) -> Result<ExportFormat, JsError> {
    ExportFormat::parse(name).ok_or_else(|| {
        JsError::new(&format!("no export format {name:?} (expected one of: vtt, srt, csv, json)"))
    })
}

/// Reads an annotation file (WebVTT, SRT, ELAN, BORIS, VIA, Label Studio or
/// one of our exports): `{format, observations, problems}`.
#[wasm_bindgen(js_name = importAnnotations)]
pub fn import_annotations(file_name: &str, bytes: &[u8]) -> Result<JsValue, JsError> {
    to_js(&annotations::import(file_name, bytes).map_err(js_error)?)
}

/// Writes annotations (`{format, observations, problems}`) as `format`
/// (`"vtt"`, `"srt"`, `"csv"` or `"json"`).
#[wasm_bindgen(js_name = exportAnnotations)]
pub fn export_annotations(format: &str, annotations: JsValue) -> Result<String, JsError> {
    let format = format_of(format)?;
    Ok(annotations::export(format, &annotations_of(annotations)?))
}

/// The file extension and MIME type of an export format: `{extension, mime}`.
#[wasm_bindgen(js_name = exportFileType)]
pub fn export_file_type(format: &str) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct FileType {
        extension: &'static str,
        mime: &'static str,
        point_seconds: f64,
    }
    let format = format_of(format)?;
    to_js(&FileType {
        extension: format.extension(),
        mime: format.mime_type(),
        point_seconds: annotations::export::POINT_SECONDS,
    })
}

/// The report of marks, one journey per observation with video-offset
/// times, classified by `preset`: `{report, charts}`.
#[wasm_bindgen(js_name = marksReport)]
pub fn marks_report(annotations: JsValue, preset: Option<String>) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct MarksReport {
        report: Report,
        charts: Charts,
    }
    let a = annotations_of(annotations)?;
    let rule_set = rule_set_of(preset.as_deref(), None)?;
    let analysis = Analysis::new(annotations::to_dataset(&a), rule_set).map_err(js_error)?;
    let charts = analysis.charts();
    to_js(&MarksReport { report: analysis.report_with_customers(), charts })
}

/// The classes the rules of `preset` give each name: `[{touchpoint, classes}]`.
#[wasm_bindgen(js_name = classifyNames)]
pub fn classify_names(names: Vec<String>, preset: Option<String>) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Named {
        touchpoint: String,
        classes: Classes,
    }
    let rule_set = rule_set_of(preset.as_deref(), None)?;
    let rules = taxonomy::expand(&rule_set).map_err(js_error)?;
    let classifier = Classifier::new(&rules);
    let out: Vec<Named> = names
        .into_iter()
        .map(|name| {
            let classes = classifier.classify(&name, None).classes;
            Named { touchpoint: name, classes }
        })
        .collect();
    to_js(&out)
}

/// Reads a pasted video link ([`annotations::video_link::parse`]): `null`
/// when it is not a YouTube or Vimeo link (a file name, a path, another
/// site), `{provider, id, hash, start, key, url}` for a YouTube or Vimeo
/// video; throws an `Error` saying what was expected when it is a YouTube or
/// Vimeo link that names no video (a playlist, a channel, a bad id or start).
#[wasm_bindgen(js_name = videoLink)]
pub fn video_link(text: &str) -> Result<JsValue, JsError> {
    match annotations::video_link::parse(text).map_err(js_error)? {
        Some(link) => to_js(&link),
        None => Ok(JsValue::NULL),
    }
}

/// The class labels of each dimension: `{kind: [{key, label}], …}` (for the
/// class pickers).
#[wasm_bindgen(js_name = classLabels)]
pub fn class_labels() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Label {
        key: &'static str,
        label: &'static str,
    }
    fn labels<T: Copy>(
        all: &[T],
        key: fn(T) -> &'static str,
        label: fn(T) -> &'static str,
    ) -> Vec<Label> {
        all.iter().map(|&v| Label { key: key(v), label: label(v) }).collect()
    }
    #[derive(Serialize)]
    struct Labels {
        kind: Vec<Label>,
        owner: Vec<Label>,
        stage: Vec<Label>,
        media: Vec<Label>,
        direction: Vec<Label>,
    }
    to_js(&Labels {
        kind: labels(Kind::ALL, Kind::key, Kind::label),
        owner: labels(Owner::ALL, Owner::key, Owner::label),
        stage: labels(Stage::ALL, Stage::key, Stage::label),
        media: labels(Media::ALL, Media::key, Media::label),
        direction: labels(Direction::ALL, Direction::key, Direction::label),
    })
}
