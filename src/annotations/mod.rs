//! Annotation importers and exporters: marks made on a video, in the
//! formats of the tools people use (WebVTT, SRT, ELAN, BORIS, VIA,
//! Label Studio) and in our own exports (WebVTT, SRT, CSV, JSON).
//!
//! ```
//! use touchpoints::annotations::{export, import, ExportFormat};
//!
//! let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.500\nShop window\n";
//! let a = import("walk.vtt", vtt.as_bytes()).unwrap();
//! assert_eq!(a.observations[0].marks[0].touchpoint, "Shop window");
//! let csv = export(ExportFormat::Csv, &a);
//! assert!(csv.contains("walk,1.000,3.500,Shop window"));
//! ```
//!
//! See `docs/annotation-formats.md` for the mapping of every format.

pub mod boris;
mod cuetext;
pub mod elan;
pub mod export;
pub mod label_studio;
pub mod srt;
mod table;
pub mod text;
pub mod via;
pub mod video_link;
pub mod webvtt;

use serde_json::Value;

use crate::csv_cell::unguard;
use crate::dataset::{DatasetBuilder, EventRecord};
use crate::formats::{self, Family, Importer};
use crate::model::{Annotations, Dataset, Dimension, Mark, Observation, Problem, TimeBase};
use crate::{Error, Result};
use std::collections::HashMap;

use text::{mark_time, parse_mark_time};

/// Our export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// WebVTT (`.vtt`).
    WebVtt,
    /// SubRip (`.srt`).
    Srt,
    /// CSV with the canonical columns ([`export::CSV_HEADER`]).
    Csv,
    /// JSON: the [`Annotations`] value.
    Json,
}

impl ExportFormat {
    /// Every export format.
    pub const ALL: &'static [ExportFormat] =
        &[ExportFormat::WebVtt, ExportFormat::Srt, ExportFormat::Csv, ExportFormat::Json];

    /// The file extension, without dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::WebVtt => "vtt",
            ExportFormat::Srt => "srt",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    /// The MIME type for a download.
    pub fn mime_type(self) -> &'static str {
        match self {
            ExportFormat::WebVtt => "text/vtt",
            ExportFormat::Srt => "application/x-subrip",
            ExportFormat::Csv => "text/csv",
            ExportFormat::Json => "application/json",
        }
    }

    /// Reads a format name or extension (`"vtt"`, `"webvtt"`, `"srt"`, `"csv"`, `"json"`).
    pub fn parse(name: &str) -> Option<ExportFormat> {
        match name.trim().trim_start_matches('.').to_ascii_lowercase().as_str() {
            "vtt" | "webvtt" => Some(ExportFormat::WebVtt),
            "srt" => Some(ExportFormat::Srt),
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }
}

/// Writes `a` in `format`.
pub fn export(format: ExportFormat, a: &Annotations) -> String {
    match format {
        ExportFormat::WebVtt => export::webvtt(a),
        ExportFormat::Srt => export::srt(a),
        ExportFormat::Csv => export::csv(a),
        ExportFormat::Json => export::json(a),
    }
}

/// The file name without directories and extension (the default observer).
fn stem(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_string(),
        _ => base.to_string(),
    }
}

/// Reads annotations from a file's bytes. The format is chosen by the file
/// name's ending, and failing that by the content, both from the one format
/// table ([`crate::formats`]). Unusable input is an
/// [`Error`] naming the line; bad parts of a usable file are listed in
/// [`Annotations::problems`].
pub fn import(file_name: &str, bytes: &[u8]) -> Result<Annotations> {
    // A binary file (an image, a video, an archive …) is named, not parsed.
    crate::sniff::check_text(bytes, crate::sniff::EXPECTED_ANNOTATIONS)?;
    let mut decoded = text::decode(bytes);
    // NUL and the other control characters no text format uses become U+FFFD
    // (as WebVTT's parser does for NUL), so no name or note carries them into
    // an export that would then look binary (found by the fuzzer).
    text::replace_controls(&mut decoded.text);
    if decoded.text.trim().is_empty() && decoded.encoding.starts_with("utf-16") {
        let expected = expected_annotations();
        let message = if bytes.len() > 2 {
            crate::text::t(
                "core.import.bomAndSpaces",
                "the file holds no text, only a UTF-16 byte order mark and spaces; expected {expected}",
                &[("expected", &expected)],
            )
        } else {
            crate::text::t(
                "core.import.bomOnly",
                "the file holds no text, only a UTF-16 byte order mark; expected {expected}",
                &[("expected", &expected)],
            )
        };
        return Err(Error::at(0, message));
    }
    let mut out = import_text(file_name, &decoded.text)?;
    if let Some(p) = decoded.problem() {
        out.problems.insert(0, p);
    }
    Ok(out)
}

/// What an annotation file should be, in the page's language: the text of
/// [`crate::sniff::EXPECTED_ANNOTATIONS`] behind a key.
fn expected_annotations() -> String {
    crate::text::t(
        "core.import.expected",
        "an annotation file (WebVTT, SRT, ELAN, BORIS, VIA, Label Studio, or our CSV or JSON) saved as text",
        &[],
    )
}

/// "The file is empty", in the page's language.
fn empty_file() -> Error {
    Error::at(0, crate::text::t("core.import.empty", "the file is empty", &[]))
        .of_kind(crate::ErrorKind::Empty)
}

/// A number as [`text::shown`] writes it, with the page's decimal separator
/// (`12.5` in English, `12,5` in Dutch; no thousands separator, as today).
fn shown_number(v: f64) -> String {
    localized(text::shown(v))
}

/// A number written by Rust (`12.5`, `1e308`) with the page's decimal separator.
fn localized(number: String) -> String {
    crate::number::decimal_point(&number)
}

/// An importer's quoted name or value, as the messages show it (`"obs 1"`).
fn quoted(v: &str) -> String {
    format!("{v:?}")
}

fn import_text(file_name: &str, text: &str) -> Result<Annotations> {
    let observer = stem(file_name);
    // The format table: by the file's name, else by its content.
    let importer = match formats::by_name(file_name, Family::Annotations) {
        Some(format) => format.importer,
        None if text.trim().is_empty() => return Err(empty_file()),
        None => formats::sniff_annotations(text),
    };
    match importer {
        Importer::WebVtt => import_webvtt(text, &observer),
        Importer::Srt => import_srt(text, &observer),
        Importer::Elan => elan::import(text),
        Importer::Json => import_json(text),
        Importer::Table | Importer::Journeys => import_table(text),
    }
}

/// Marks from one cue; `point` cues get no end.
fn cue_mark(
    start: f64,
    end: f64,
    raw: &str,
    line: u64,
    problems: &mut Vec<Problem>,
) -> (Mark, cuetext::CueFields) {
    let fields = cuetext::parse(raw, line + 1, problems);
    // The cue parsers checked both times (`check_offset`); this only rounds.
    let mark = Mark {
        start: text::round_ms(start),
        end: (!fields.point).then_some(text::round_ms(end)),
        touchpoint: fields.touchpoint.clone(),
        classes: fields.classes,
        note: fields.note.clone(),
    };
    (mark, fields)
}

fn import_webvtt(text: &str, observer: &str) -> Result<Annotations> {
    let vtt = webvtt::parse(text)?;
    let mut out = Annotations {
        format: "webvtt".into(),
        problems: vtt.problems.clone(),
        ..Annotations::default()
    };
    // Observation boundaries from `NOTE observer:` blocks, by line; the
    // point-event duration the exporter states holds for the whole file.
    let mut starts: Vec<(u64, Observation)> = Vec::new();
    let mut point_event_seconds = None;
    for (line, body) in &vtt.notes {
        let mut obs: Option<Observation> = None;
        for (i, l) in body.lines().enumerate() {
            if let Some(v) = l.strip_prefix("point-event-seconds:") {
                // The range every mark time has (what our JSON checks too).
                match parse_mark_time(v) {
                    Ok(p) if p > 0.0 => point_event_seconds = Some(p),
                    _ => out.problems.push(Problem::new(
                        line + 1 + i as u64,
                        crate::text::t(
                            "core.import.pointEventSeconds",
                            "point-event-seconds: expected a number of seconds > 0, found {found}; ignored",
                            &[("found", &quoted(v.trim()))],
                        ),
                    )),
                }
            } else if let Some(v) =
                l.strip_prefix("observer: ").or_else(|| (l == "observer:").then_some(""))
            {
                obs = Some(Observation { observer: cuetext::decode(v), ..Observation::default() });
            } else if let (Some(o), Some(v)) = (obs.as_mut(), l.strip_prefix("video: ")) {
                o.media = cuetext::decode(v);
            } else if let (Some(o), Some(v)) = (obs.as_mut(), l.strip_prefix("duration: ")) {
                o.duration = v.trim().parse().ok().and_then(|d| mark_time(d).ok());
            }
        }
        if let Some(o) = obs {
            starts.push((*line, o));
        }
    }
    let mut current: Option<usize> = None;
    let mut next_start = 0;
    for cue in &vtt.cues {
        while let Some((line, obs)) = starts.get(next_start) {
            if *line > cue.line {
                break;
            }
            out.observations.push(obs.clone());
            current = Some(out.observations.len() - 1);
            next_start += 1;
        }
        let index = match current {
            Some(i) => i,
            None => {
                out.observations
                    .push(Observation { observer: observer.to_string(), ..Observation::default() });
                out.observations.len() - 1
            }
        };
        current = Some(index);
        let (mark, _) = cue_mark(cue.start, cue.end, &cue.text, cue.line, &mut out.problems);
        if let Some(o) = out.observations.get_mut(index) {
            o.marks.push(mark);
        }
    }
    for (_, obs) in starts.into_iter().skip(next_start) {
        out.observations.push(obs);
    }
    if out.observations.is_empty() {
        out.observations
            .push(Observation { observer: observer.to_string(), ..Observation::default() });
    }
    for o in &mut out.observations {
        o.point_event_seconds = point_event_seconds;
    }
    Ok(out)
}

fn import_srt(text: &str, observer: &str) -> Result<Annotations> {
    let parsed = srt::parse(text)?;
    let mut out = Annotations {
        format: "srt".into(),
        problems: parsed.problems.clone(),
        ..Annotations::default()
    };
    // Observer → index in `out.observations` (one look-up per cue, not a scan).
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for cue in &parsed.cues {
        let (mark, fields) = cue_mark(cue.start, cue.end, &cue.text, cue.line, &mut out.problems);
        let who = fields.observer.unwrap_or_else(|| observer.to_string());
        let index = match index_of.get(&who) {
            Some(&i) => i,
            None => {
                index_of.insert(who.clone(), out.observations.len());
                out.observations.push(Observation {
                    observer: who,
                    media: fields.video.unwrap_or_default(),
                    ..Observation::default()
                });
                out.observations.len() - 1
            }
        };
        if let Some(o) = out.observations.get_mut(index) {
            o.marks.push(mark);
        }
    }
    if out.observations.is_empty() {
        out.observations
            .push(Observation { observer: observer.to_string(), ..Observation::default() });
    }
    Ok(out)
}

fn import_json(text: &str) -> Result<Annotations> {
    let json: Value = serde_json::from_str(text).map_err(|e| {
        Error::at_column(
            e.line() as u64,
            e.column() as u64,
            crate::text::t("core.import.json.invalid", "not valid JSON: {error}", &[("error", &e)]),
        )
    })?;
    if json.get("observations").is_some_and(Value::is_array) {
        let mut a: Annotations = serde_json::from_value(json).map_err(|e| {
            Error::at(
                1,
                crate::text::t(
                    "core.import.json.notOurs",
                    "expected Touchpoints annotations JSON: {error}",
                    &[("error", &e)],
                ),
            )
        })?;
        check_json_times(&mut a, text);
        a.format = "json".into();
        return Ok(a);
    }
    if json.get("observations").is_some_and(Value::is_object) {
        return boris::import_project(text, &json);
    }
    if via::looks_like(&json) {
        return via::import(text, &json);
    }
    if label_studio::looks_like(&json) || json.as_array().is_some_and(Vec::is_empty) {
        return label_studio::import(text, &json);
    }
    Err(Error::at(
        1,
        crate::text::t(
            "core.import.json.unrecognised",
            "unrecognised JSON: expected Touchpoints annotations, a BORIS project, a VIA3 project or a Label Studio export",
            &[],
        ),
    ))
}

/// Checks and rounds the times of our own JSON ([`mark_time`]): a mark with
/// a time out of range is dropped with a problem naming its observation and
/// number (and the line of its observation's first mark key), a bad
/// duration or point-event duration is dropped with a problem.
fn check_json_times(a: &mut Annotations, text: &str) {
    let line = text::json_key_lines(text, 0).get("\"marks\"").copied().unwrap_or(1);
    let mut problems = Vec::new();
    for o in &mut a.observations {
        let mut number = 0;
        o.marks.retain_mut(|m| {
            number += 1;
            match mark_time(m.start).and_then(|s| m.end.map(mark_time).transpose().map(|e| (s, e)))
            {
                Ok((s, e)) => {
                    (m.start, m.end) = (s, e);
                    true
                }
                Err(reason) => {
                    problems.push(Problem::new(
                        line,
                        crate::text::t(
                            "core.import.json.markTime",
                            "observation {observation}, mark {number}: a time {reason}; skipped",
                            &[
                                ("observation", &quoted(&o.observer)),
                                ("number", &number),
                                ("reason", &reason),
                            ],
                        ),
                    ));
                    false
                }
            }
        });
        if let Some(Err(reason)) = o.duration.map(mark_time) {
            problems.push(Problem::new(
                line,
                crate::text::t(
                    "core.import.json.duration",
                    "observation {observation}: the duration {reason}; ignored",
                    &[("observation", &quoted(&o.observer)), ("reason", &reason)],
                ),
            ));
            o.duration = None;
        }
        if o.point_event_seconds.is_some_and(|p| !(p > 0.0 && mark_time(p).is_ok())) {
            problems.push(Problem::new(
                line,
                crate::text::t(
                    "core.import.json.pointEventSeconds",
                    "observation {observation}: point_event_seconds must be a number of seconds > 0; ignored",
                    &[("observation", &quoted(&o.observer))],
                ),
            ));
            o.point_event_seconds = None;
        }
    }
    a.problems.extend(problems);
}

fn import_table(text: &str) -> Result<Annotations> {
    let records = table::records(text, table::sniff_delimiter(text));
    let Some((_, header)) = records.first() else {
        return Err(empty_file());
    };
    if boris::is_tabular_header(header) {
        return boris::import_tabular(text);
    }
    let col = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(time), Some(touchpoint)) = (col("time"), col("touchpoint")) else {
        return Err(Error::at(
            1,
            crate::text::t(
                "core.import.table.unrecognised",
                "unrecognised table: expected the columns {columns} or a BORIS export (Behavior, Start (s))",
                &[("columns", &export::CSV_HEADER)],
            ),
        ));
    };
    let journey = col("journey").or_else(|| col("observer"));
    let end = col("end");
    let note = col("note");
    let class_cols = [col("kind"), col("owner"), col("stage"), col("media"), col("direction")];
    let mut out = Annotations { format: "csv".into(), ..Annotations::default() };
    let a_time = crate::text::t("core.import.table.time", "a time", &[]);
    // Observer → index in `out.observations` (one look-up per row, not a scan).
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for (line, row) in records.iter().skip(1) {
        let line = *line;
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).map(String::as_str).unwrap_or("");
        let start = match text::cell_time(get(Some(time)), line, Some(time), &a_time) {
            Ok(start) => start,
            Err(p) => {
                out.problems.push(p);
                continue;
            }
        };
        let end_text = get(end).trim();
        let end_value = if end_text.is_empty() {
            None
        } else {
            match parse_mark_time(end_text) {
                Ok(e) => Some(e),
                Err(reason) => {
                    out.problems.push(Problem {
                        line,
                        column: end.map(|c| c as u64 + 1),
                        message: crate::text::t(
                            "core.import.table.end",
                            "expected an end time in seconds or nothing, found {found}, which {reason}; row skipped",
                            &[("found", &quoted(end_text)), ("reason", &reason)],
                        ),
                    });
                    continue;
                }
            }
        };
        // Text cells written by our export carry the formula guard's `'`.
        let mut mark = Mark {
            start,
            end: end_value,
            touchpoint: unguard(get(Some(touchpoint))),
            classes: Default::default(),
            note: unguard(get(note)),
        };
        for (&dimension, c) in Dimension::ALL.iter().zip(&class_cols) {
            let v = get(*c).trim();
            if v.is_empty() {
                continue;
            }
            let known = mark.classes.set(dimension, v);
            if !known {
                out.problems.push(Problem {
                    line,
                    column: c.map(|c| c as u64 + 1),
                    message: crate::text::t(
                        "core.import.table.unknownClass",
                        "unknown class value {value}; left for the rules to decide",
                        &[("value", &quoted(v))],
                    ),
                });
            }
        }
        let who = unguard(get(journey));
        match index_of.get(&who).and_then(|&i| out.observations.get_mut(i)) {
            Some(o) => o.marks.push(mark),
            None => {
                index_of.insert(who.clone(), out.observations.len());
                out.observations.push(Observation {
                    observer: who,
                    marks: vec![mark],
                    ..Observation::default()
                });
            }
        }
    }
    Ok(out)
}

/// Turns annotations into a dataset: one journey per observation (named by
/// its observer), [`TimeBase::VideoOffset`], one event per mark with the
/// mark's classes as given classes, its end, and `line` = the mark's
/// 1-based index in its observation.
pub fn to_dataset(a: &Annotations) -> Dataset {
    let mut d = DatasetBuilder::new(TimeBase::VideoOffset);
    for obs in &a.observations {
        for (i, mark) in obs.marks.iter().enumerate() {
            d.push(&EventRecord {
                journey: &obs.observer,
                time: mark.start,
                end: mark.end,
                touchpoint: &mark.touchpoint,
                given: mark.classes,
                line: i as u64 + 1,
                ..EventRecord::default()
            });
            d.add_rows(1);
        }
    }
    for p in &a.problems {
        d.problem(p.line, p.column, p.message.clone());
    }
    // Each journey's events together, in time order (ties keep mark order).
    d.finish()
}
