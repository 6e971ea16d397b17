//! BORIS: `.boris` project files (JSON) and BORIS tabular exports
//! (aggregated events CSV/TSV with `Start (s)`/`Stop (s)`, or event lists
//! with `Time` and `Status` POINT/START/STOP).
//!
//! Mapping: one [`Observation`] per BORIS observation × subject. Its observer
//! is the observation id, or `"<observation id> / <subject>"` when the
//! events have a focal subject (BORIS's "No focal subject" is no subject).
//! An observation without events still gives one empty observation. The
//! touch point is the behavior code; a point event is a point mark; a state
//! event is a START/STOP pair (paired per subject and behavior, in time
//! order) and becomes a state mark. The note holds the modifiers
//! (`modifiers: m1|n2`) and the comment, joined by `"; "`. The media is the
//! first media file of player 1 and the duration its length.
//!
//! Conventions: times are kept as BORIS records and exports them (seconds,
//! with the observation's time offset already applied by BORIS); an
//! unpaired START (or a STOP with no START) is reported as a problem and
//! gives no mark (BORIS itself gives no interval for it). A `.boris` file is
//! JSON, so problems point at the line of the observation's id.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::text::{cell_time, json_key_lines, mark_time, round_ms};
use super::{localized, quoted, shown_number, table};
use crate::model::{Annotations, Mark, Observation, Problem};
use crate::{Error, Result};

/// One coded event before pairing.
#[derive(Debug, Clone, PartialEq)]
struct Coded {
    time: f64,
    /// For aggregated rows: the stop time of a state.
    stop: Option<f64>,
    subject: String,
    behavior: String,
    status: Status,
    note: String,
    line: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Status {
    Point,
    Start,
    Stop,
    /// An already aggregated state interval.
    State,
}

fn observer_name(observation: &str, subject: &str) -> String {
    if subject.is_empty() {
        observation.to_string()
    } else {
        format!("{observation} / {subject}")
    }
}

fn note(modifiers: &str, comment: &str) -> String {
    let modifiers = modifiers.trim();
    let mut parts = Vec::new();
    if !modifiers.is_empty() && modifiers != "None" && modifiers != "NA" {
        parts.push(format!("modifiers: {modifiers}"));
    }
    if !comment.trim().is_empty() {
        parts.push(comment.trim().to_string());
    }
    parts.join("; ")
}

/// Pairs START/STOP per subject × behavior and builds observations (one per
/// subject, in order of first appearance; `subjects_if_empty` yields an
/// empty observation when nothing was coded).
fn build(
    observation: &str,
    media: &str,
    duration: Option<f64>,
    mut events: Vec<Coded>,
    problems: &mut Vec<Problem>,
) -> Vec<Observation> {
    crate::sort::sort_by(&mut events, |a, b| a.time.total_cmp(&b.time));
    let mut order: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut marks: BTreeMap<String, Vec<Mark>> = BTreeMap::new();
    let mut open: BTreeMap<(String, String), Coded> = BTreeMap::new();
    for e in events {
        if seen.insert(e.subject.clone()) {
            order.push(e.subject.clone());
        }
        let list = marks.entry(e.subject.clone()).or_default();
        let mark = |start: f64, end: Option<f64>, ev: &Coded| Mark {
            start: round_ms(start),
            end: end.map(round_ms),
            touchpoint: ev.behavior.clone(),
            classes: Default::default(),
            note: ev.note.clone(),
        };
        match e.status {
            Status::Point => list.push(mark(e.time, None, &e)),
            Status::State => list.push(mark(e.time, e.stop, &e)),
            Status::Start | Status::Stop => {
                let key = (e.subject.clone(), e.behavior.clone());
                match (open.remove(&key), e.status) {
                    (Some(start), _) => {
                        let mut m = mark(start.time, Some(e.time), &start);
                        if m.note.is_empty() {
                            m.note = e.note.clone();
                        }
                        list.push(m);
                    }
                    (None, Status::Start) => {
                        open.insert(key, e);
                    }
                    (None, _) => problems.push(Problem::new(
                        e.line,
                        crate::text::t(
                            "core.import.boris.noStart",
                            "observation {observation}: state event {behavior} stops at {time} s without a START; skipped",
                            &[
                                ("observation", &quoted(observation)),
                                ("behavior", &quoted(&e.behavior)),
                                ("time", &localized(e.time.to_string())),
                            ],
                        ),
                    )),
                }
            }
        }
    }
    for ((subject, behavior), e) in open {
        let args: [(&str, &dyn std::fmt::Display); 4] = [
            ("observation", &quoted(observation)),
            ("subject", &quoted(&subject)),
            ("behavior", &quoted(&behavior)),
            ("time", &localized(e.time.to_string())),
        ];
        let message = if subject.is_empty() {
            crate::text::t(
                "core.import.boris.noStop",
                "observation {observation}: state event {behavior} started at {time} s has no STOP (unpaired); skipped",
                &args,
            )
        } else {
            crate::text::t(
                "core.import.boris.noStopSubject",
                "observation {observation}, subject {subject}: state event {behavior} started at {time} s has no STOP (unpaired); skipped",
                &args,
            )
        };
        problems.push(Problem::new(e.line, message));
    }
    if order.is_empty() {
        order.push(String::new());
    }
    order
        .into_iter()
        .map(|subject| {
            let mut list = marks.remove(&subject).unwrap_or_default();
            crate::sort::sort_by(&mut list, |a, b| a.start.total_cmp(&b.start));
            Observation {
                observer: observer_name(observation, &subject),
                media: media.to_string(),
                duration,
                marks: list,
                ..Observation::default()
            }
        })
        .collect()
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn string(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Imports a `.boris` project (already parsed JSON; `text` is for lines).
pub fn import_project(text: &str, json: &Value) -> Result<Annotations> {
    let observations = json.get("observations").and_then(Value::as_object).ok_or_else(|| {
        Error::at(
            1,
            crate::text::t(
                "core.import.boris.notProject",
                "expected a BORIS project: an object with \"observations\"",
                &[],
            ),
        )
    })?;
    let mut point_codes = std::collections::HashSet::new();
    let mut state_codes = std::collections::HashSet::new();
    if let Some(conf) = json.get("behaviors_conf").and_then(Value::as_object) {
        for b in conf.values() {
            let code = string(b.get("code"));
            if string(b.get("type")).to_lowercase().contains("state") {
                state_codes.insert(code);
            } else {
                point_codes.insert(code);
            }
        }
    }
    let obs_start = text.find("\"observations\"").unwrap_or(0);
    let lines = json_key_lines(text, obs_start);
    let mut out = Annotations { format: "boris".into(), ..Annotations::default() };
    for (id, obs) in observations {
        let key = serde_json::to_string(id).unwrap_or_default();
        let line = lines.get(key.as_str()).copied().unwrap_or(0);
        let media = obs
            .get("file")
            .and_then(|f| f.get("1"))
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let duration = obs
            .get("media_info")
            .and_then(|m| m.get("length"))
            .and_then(|l| l.get(&media))
            .and_then(number)
            .and_then(|d| mark_time(d).ok());
        let mut coded = Vec::new();
        let events = obs.get("events").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        let mut open: BTreeMap<(String, String), bool> = BTreeMap::new();
        // In time order, each with its number in the file (for problems).
        let mut sorted: Vec<(usize, &Value)> = events.iter().enumerate().collect();
        crate::sort::sort_by(&mut sorted, |(_, a), (_, b)| {
            let ta = a.get(0).and_then(number).unwrap_or(f64::NAN);
            let tb = b.get(0).and_then(number).unwrap_or(f64::NAN);
            ta.total_cmp(&tb)
        });
        for (i, ev) in sorted {
            let Some(time) = ev.get(0).and_then(number) else {
                out.problems.push(Problem::new(
                    line,
                    crate::text::t(
                        "core.import.boris.noTime",
                        "observation {observation}: event {n} has no time in seconds; skipped",
                        &[("observation", &quoted(id)), ("n", &(i + 1))],
                    ),
                ));
                continue;
            };
            let time = match mark_time(time) {
                Ok(t) => t,
                Err(reason) => {
                    out.problems.push(Problem::new(
                        line,
                        crate::text::t(
                            "core.import.boris.badTime",
                            "observation {observation}: event {n}: time {time} s {reason}; skipped",
                            &[
                                ("observation", &quoted(id)),
                                ("n", &(i + 1)),
                                ("time", &shown_number(time)),
                                ("reason", &reason),
                            ],
                        ),
                    ));
                    continue;
                }
            };
            let subject = string(ev.get(1));
            let behavior = string(ev.get(2));
            let status = if state_codes.contains(&behavior) {
                let k = (subject.clone(), behavior.clone());
                let was_open = open.get(&k).copied().unwrap_or(false);
                open.insert(k, !was_open);
                if was_open {
                    Status::Stop
                } else {
                    Status::Start
                }
            } else {
                Status::Point
            };
            coded.push(Coded {
                time,
                stop: None,
                subject,
                behavior,
                status,
                note: note(&string(ev.get(3)), &string(ev.get(4))),
                line,
            });
        }
        out.observations.extend(build(id, &media, duration, coded, &mut out.problems));
    }
    Ok(out)
}

/// True when a header row looks like a BORIS tabular export.
pub fn is_tabular_header(header: &[String]) -> bool {
    let has = |name: &str| header.iter().any(|h| h.trim() == name);
    has("Behavior") && (has("Start (s)") || (has("Time") && has("Status")))
}

/// Imports a BORIS tabular export (CSV or TSV text).
pub fn import_tabular(text: &str) -> Result<Annotations> {
    let records = table::records(text, table::sniff_delimiter(text));
    let Some((_, header)) = records.first() else {
        return Err(Error::at(
            0,
            crate::text::t(
                "core.import.boris.empty",
                "the file is empty; expected a BORIS export with a header row",
                &[],
            ),
        )
        .of_kind(crate::ErrorKind::Empty));
    };
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let behavior = col("Behavior").ok_or_else(|| {
        Error::at(
            1,
            crate::text::t("core.import.boris.noBehavior", "expected a \"Behavior\" column", &[]),
        )
    })?;
    let start = col("Start (s)");
    let stop = col("Stop (s)");
    let time = col("Time");
    let status = col("Status").or_else(|| col("Behavior type"));
    if start.is_none() && time.is_none() {
        return Err(Error::at(
            1,
            crate::text::t(
                "core.import.boris.noStartColumn",
                "expected a \"Start (s)\" or a \"Time\" column",
                &[],
            ),
        ));
    }
    let observation = col("Observation id");
    let subject = col("Subject");
    let media = col("Media file name").or_else(|| col("Media file"));
    let duration = col("Media duration (s)").or_else(|| col("Total length"));
    let comment = col("Comment start").or_else(|| col("Comment"));
    let modifiers: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.starts_with("Modifier") || h.trim() == "Modifiers")
        .map(|(i, _)| i)
        .collect();
    let mut groups: Vec<(String, String, Option<f64>, Vec<Coded>)> = Vec::new();
    // Observation id → index in `groups` (one look-up per row, not a scan).
    let mut group_of: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    let a_time = crate::text::t("core.import.boris.time", "a time", &[]);
    let a_stop_time = crate::text::t("core.import.boris.stopTime", "a stop time", &[]);
    for (line, row) in records.iter().skip(1) {
        let line = *line;
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: Option<usize>| {
            i.and_then(|i| row.get(i)).map(|s| s.trim().to_string()).unwrap_or_default()
        };
        let obs_id = field(observation);
        let mut subj = field(subject);
        if subj == "No focal subject" {
            subj.clear();
        }
        let status_text = field(status).to_uppercase();
        let t_column = start.or(time);
        let t = match cell_time(&field(t_column), line, t_column, &a_time) {
            Ok(t) => t,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let st = match status_text.as_str() {
            "POINT" => Status::Point,
            "START" => Status::Start,
            "STOP" => Status::Stop,
            "STATE" => Status::State,
            other => {
                problems.push(Problem {
                    line,
                    column: status.map(|c| c as u64 + 1),
                    message: crate::text::t(
                        "core.import.boris.status",
                        "expected POINT, START, STOP or STATE, found {found}; row skipped",
                        &[("found", &quoted(other))],
                    ),
                });
                continue;
            }
        };
        let stop_time = if st == Status::State {
            match cell_time(&field(stop), line, stop, &a_stop_time) {
                Ok(s) => Some(s),
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            }
        } else {
            None
        };
        let mods: Vec<String> = modifiers
            .iter()
            .filter_map(|&i| row.get(i))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty() && s != "None")
            .collect();
        let coded = Coded {
            time: t,
            stop: stop_time,
            subject: subj,
            behavior: field(Some(behavior)),
            status: st,
            note: note(&mods.join("|"), &field(comment)),
            line,
        };
        let media_name = field(media);
        let dur = field(duration)
            .split('|')
            .next()
            .and_then(|d| d.trim().parse().ok())
            .and_then(|d| mark_time(d).ok());
        match group_of.get(&obs_id) {
            Some(&g) => {
                if let Some(group) = groups.get_mut(g) {
                    group.3.push(coded);
                }
            }
            None => {
                group_of.insert(obs_id.clone(), groups.len());
                groups.push((
                    obs_id,
                    if media_name == "NA" { String::new() } else { media_name },
                    dur,
                    vec![coded],
                ));
            }
        }
    }
    let mut out = Annotations { format: "boris-tabular".into(), ..Annotations::default() };
    for (obs_id, media_name, dur, events) in groups {
        out.observations.extend(build(&obs_id, &media_name, dur, events, &mut problems));
    }
    out.problems = problems;
    Ok(out)
}
