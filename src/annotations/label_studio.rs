//! Label Studio exports of video timeline labels: JSON-min (an array of
//! tasks whose label fields hold `[{"ranges": [{"start", "end"}],
//! "timelinelabels": [...]}]`) and the full JSON export (tasks with
//! `annotations[].result[]` of type `timelinelabels`).
//!
//! Mapping: one [`Observation`] per task × annotator; the observer is the
//! annotator (`annotator`, or `completed_by`), else `"task <id>"`; the
//! media is the task's `video` field. Each range × label is one mark;
//! `start == end` is a point event.
//!
//! Convention: ranges are frame numbers. They are converted to seconds with
//! the task's `frameRate`, `frame_rate` or `fps` field when present, else
//! at 24 frames per second (Label Studio's default `frameRate`), and that
//! assumption is reported as a problem on line 0.

use serde_json::Value;

use super::localized;
use super::shown_number;
use super::text::mark_time;
use crate::model::{Annotations, Mark, Observation, Problem};
use crate::{Error, Result};

/// Label Studio's default video frame rate.
pub const DEFAULT_FPS: f64 = 24.0;

fn has_ranges(v: &Value) -> bool {
    v.get("ranges").is_some_and(Value::is_array)
}

/// True when the JSON looks like a Label Studio export with timeline labels.
pub fn looks_like(json: &Value) -> bool {
    let Some(tasks) = json.as_array() else { return false };
    tasks.iter().any(|t| {
        t.as_object().is_some_and(|o| {
            o.values().any(|v| v.as_array().is_some_and(|a| a.iter().any(has_ranges)))
                || o.get("annotations").and_then(Value::as_array).is_some_and(|a| !a.is_empty())
        })
    })
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Object(o)) => {
            o.get("email").or_else(|| o.get("id")).map(|v| text_of(Some(v))).unwrap_or_default()
        }
        _ => String::new(),
    }
}

fn fps_of(task: &Value) -> Option<f64> {
    ["frameRate", "frame_rate", "fps"]
        .iter()
        .find_map(|k| {
            task.get(k).or_else(|| task.get("data").and_then(|d| d.get(k))).and_then(|v| match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.parse().ok(),
                _ => None,
            })
        })
        .filter(|f| f.is_finite() && *f > 0.0)
}

/// Marks of one result's ranges; a range whose frames give a time out of
/// range ([`mark_time`]) is a problem naming the task, not a mark.
fn push_ranges(
    value: &Value,
    fps: f64,
    marks: &mut Vec<Mark>,
    problems: &mut Vec<Problem>,
    task: &str,
) {
    let labels: Vec<String> = value
        .get("timelinelabels")
        .or_else(|| value.get("labels"))
        .and_then(Value::as_array)
        .map(|l| l.iter().map(|v| text_of(Some(v))).collect())
        .unwrap_or_default();
    for range in value.get("ranges").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
        let (Some(s), Some(e)) =
            (range.get("start").and_then(Value::as_f64), range.get("end").and_then(Value::as_f64))
        else {
            continue;
        };
        let (start, end) = match (mark_time(s / fps), mark_time(e / fps)) {
            (Ok(start), Ok(end)) => (start, end),
            (Err(reason), _) | (_, Err(reason)) => {
                problems.push(Problem::new(
                    0,
                    crate::text::t(
                        "core.import.ls.badRange",
                        "task {task}: a range from frame {from} to {to} at {fps} frames per second {reason}; skipped",
                        &[
                            ("task", &task),
                            ("from", &shown_number(s)),
                            ("to", &shown_number(e)),
                            ("fps", &shown_number(fps)),
                            ("reason", &reason),
                        ],
                    ),
                ));
                continue;
            }
        };
        for label in &labels {
            marks.push(Mark {
                start,
                end: (e != s).then_some(end),
                touchpoint: label.clone(),
                classes: Default::default(),
                note: String::new(),
            });
        }
    }
}

/// Imports a Label Studio export (`text` is used for line numbers).
pub fn import(_text: &str, json: &Value) -> Result<Annotations> {
    let tasks = json.as_array().ok_or_else(|| {
        Error::at(
            1,
            crate::text::t(
                "core.import.ls.notExport",
                "expected a Label Studio export: a JSON array of tasks",
                &[],
            ),
        )
    })?;
    let mut out = Annotations { format: "label-studio".into(), ..Annotations::default() };
    let mut assumed = false;
    for (i, task) in tasks.iter().enumerate() {
        let fps = fps_of(task).unwrap_or_else(|| {
            assumed = true;
            DEFAULT_FPS
        });
        let task_id = text_of(task.get("id")).if_empty(format!("{}", i + 1));
        let media =
            text_of(task.get("video").or_else(|| task.get("data").and_then(|d| d.get("video"))));
        let mut push = |observer: String, marks: Vec<Mark>| {
            let mut marks = marks;
            crate::sort::sort_by(&mut marks, |a, b| a.start.total_cmp(&b.start));
            out.observations.push(Observation {
                observer,
                media: media.clone(),
                duration: None,
                marks,
                ..Observation::default()
            });
        };
        if let Some(annotations) = task.get("annotations").and_then(Value::as_array) {
            for a in annotations {
                let mut marks = Vec::new();
                for r in a.get("result").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
                {
                    if let Some(v) = r.get("value") {
                        push_ranges(v, fps, &mut marks, &mut out.problems, &task_id);
                    }
                }
                let who = text_of(a.get("completed_by")).if_empty(format!("task {task_id}"));
                push(who, marks);
            }
        } else if let Some(o) = task.as_object() {
            let mut marks = Vec::new();
            for v in o.values() {
                for item in v.as_array().map(Vec::as_slice).unwrap_or(&[]) {
                    if has_ranges(item) {
                        push_ranges(item, fps, &mut marks, &mut out.problems, &task_id);
                    }
                }
            }
            let who = text_of(task.get("annotator")).if_empty(format!("task {task_id}"));
            push(who, marks);
        }
    }
    if assumed {
        out.problems.push(Problem::new(
            0,
            crate::text::t(
                "core.import.ls.assumedFps",
                "no frame rate in the export; frames were converted to seconds at {fps} frames per second",
                &[("fps", &localized(DEFAULT_FPS.to_string()))],
            ),
        ));
    }
    Ok(out)
}

trait IfEmpty {
    fn if_empty(self, other: String) -> String;
}

impl IfEmpty for String {
    fn if_empty(self, other: String) -> String {
        if self.is_empty() {
            other
        } else {
            self
        }
    }
}
