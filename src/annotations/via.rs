//! VIA3 (VGG Image Annotator 3, video mode) project JSON.
//!
//! Mapping: one [`Observation`] per annotated file; the observer is the
//! project name (`project.pname`, else `"via"`), the media the file name.
//! Each `metadata` entry is one mark: `z: [t]` is a point event at `t`,
//! `z: [start, end]` a state event. The `av` attribute values give the
//! touch point: an attribute whose name is a class dimension (`kind`,
//! `owner`, `stage`, `media`, `direction`) or `note` fills that field; the
//! other values (option ids resolved to option names) are joined with
//! `" / "` in attribute-id order. Entries without a time are problems.

use serde_json::Value;

use super::quoted;
use super::text::{json_key_lines, mark_time};
use crate::model::{Annotations, Dimension, Mark, Observation, Problem};
use crate::{Error, Result};

/// True when the JSON looks like a VIA3 project.
pub fn looks_like(json: &Value) -> bool {
    json.get("metadata").is_some_and(Value::is_object)
        && (json.get("attribute").is_some() || json.get("project").is_some())
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// Imports a VIA3 project (`text` is used for line numbers).
pub fn import(text: &str, json: &Value) -> Result<Annotations> {
    let metadata = json.get("metadata").and_then(Value::as_object).ok_or_else(|| {
        Error::at(
            1,
            crate::text::t(
                "core.import.via.notProject",
                "expected a VIA3 project with a \"metadata\" object",
                &[],
            ),
        )
    })?;
    let empty = serde_json::Map::new();
    let attributes = json.get("attribute").and_then(Value::as_object).unwrap_or(&empty);
    let files = json.get("file").and_then(Value::as_object).unwrap_or(&empty);
    let views = json.get("view").and_then(Value::as_object).unwrap_or(&empty);
    let observer = json
        .get("project")
        .and_then(|p| p.get("pname"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or("via")
        .to_string();
    let mut out = Annotations { format: "via".into(), ..Annotations::default() };
    let mut attr_ids: Vec<&String> = attributes.keys().collect();
    crate::sort::sort_by_key(&mut attr_ids, |k| {
        (k.parse::<u64>().unwrap_or(u64::MAX), k.to_string())
    });
    let lines = json_key_lines(text, 0);
    for (mid, m) in metadata {
        let key = serde_json::to_string(mid).unwrap_or_default();
        let line = lines.get(key.as_str()).copied().unwrap_or(0);
        let vid = text_of(m.get("vid").unwrap_or(&Value::Null));
        let fname = views
            .get(&vid)
            .and_then(|v| v.get("fid_list"))
            .and_then(Value::as_array)
            .and_then(|l| l.first())
            .map(text_of)
            .and_then(|fid| files.get(&fid).and_then(|f| f.get("fname")).map(text_of))
            .unwrap_or(vid);
        let z: Vec<f64> = m
            .get("z")
            .and_then(Value::as_array)
            .map(|z| {
                z.iter()
                    .filter_map(|t| match t {
                        Value::Number(n) => n.as_f64(),
                        Value::String(s) => s.parse().ok(),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (start, end) = match z.as_slice() {
            [t] => (*t, None),
            [s, e, ..] => (*s, Some(*e)),
            [] => {
                out.problems.push(Problem::new(
                    line,
                    crate::text::t(
                        "core.import.via.noTime",
                        "metadata {id} has no time (\"z\" is empty); skipped",
                        &[("id", &quoted(mid))],
                    ),
                ));
                continue;
            }
        };
        let checked = mark_time(start).and_then(|s| end.map(mark_time).transpose().map(|e| (s, e)));
        let (start, end) = match checked {
            Ok(times) => times,
            Err(reason) => {
                out.problems.push(Problem::new(
                    line,
                    crate::text::t(
                        "core.import.via.badTime",
                        "metadata {id}: a time in \"z\" {reason}; skipped",
                        &[("id", &quoted(mid)), ("reason", &reason)],
                    ),
                ));
                continue;
            }
        };
        let mut mark = Mark {
            start,
            end,
            touchpoint: String::new(),
            classes: Default::default(),
            note: String::new(),
        };
        let av = m.get("av").and_then(Value::as_object);
        let mut names = Vec::new();
        let mut keys: Vec<&String> = av.map(|a| a.keys().collect()).unwrap_or_default();
        crate::sort::sort_by_key(&mut keys, |k| {
            attr_ids.iter().position(|a| a == k).unwrap_or(usize::MAX)
        });
        for aid in keys {
            let raw = av.and_then(|a| a.get(aid)).map(text_of).unwrap_or_default();
            let attribute = attributes.get(aid);
            let aname = attribute.and_then(|a| a.get("aname")).map(text_of).unwrap_or_default();
            let options = attribute.and_then(|a| a.get("options")).and_then(Value::as_object);
            let value = raw
                .split(',')
                .map(|v| {
                    options
                        .and_then(|o| o.get(v.trim()))
                        .map(text_of)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect::<Vec<_>>()
                .join(",");
            if value.is_empty() {
                continue;
            }
            let aname = aname.trim().to_lowercase();
            if let Some(dimension) = Dimension::parse(&aname) {
                mark.classes.set(dimension, &value);
                continue;
            }
            match aname.as_str() {
                "note" | "comment" => mark.note = value,
                _ => names.push(value),
            }
        }
        mark.touchpoint = names.join(" / ");
        match out.observations.iter_mut().find(|o| o.media == fname) {
            Some(o) => o.marks.push(mark),
            None => out.observations.push(Observation {
                observer: observer.clone(),
                media: fname,
                duration: None,
                marks: vec![mark],
                ..Observation::default()
            }),
        }
    }
    for o in &mut out.observations {
        crate::sort::sort_by(&mut o.marks, |a, b| a.start.total_cmp(&b.start));
    }
    Ok(out)
}
