//! Our export formats: WebVTT, SRT, CSV and JSON. Importing any of them
//! gives back the same observers and marks (times rounded to milliseconds).
//!
//! - WebVTT: a header `NOTE` explains the conventions; each observation
//!   starts with a `NOTE` block holding `observer:`, `video:` and
//!   `duration:` lines; each mark is one cue whose text is written by
//!   [`super::cuetext`] (touch point, then `[event: point; kind: …]`). A
//!   point event's cue lasts [`POINT_SECONDS`].
//! - SRT: the same cues; SRT has no comments, so the metadata line also
//!   holds `observer:` (and `video:`). The media duration is not kept.
//! - CSV: `journey,time,end,touchpoint,kind,owner,stage,media,direction,note`
//!   (journey = observer, times in seconds with three decimals, `end`
//!   empty for a point event, classes as keys such as `mass-communication`).
//!   Text cells go through [`crate::csv_cell::guarded`], the one CSV cell
//!   writer: text a spreadsheet would run as a formula (`=HYPERLINK(…)`,
//!   `+`, `-`, `@` …) gets a leading `'`, which the import removes again.
//!   The video file and duration are not kept.
//! - JSON: the [`Annotations`] value as serde writes it.

use super::cuetext;
use super::text::{round_ms, seconds_3};
use crate::csv_cell::guarded;
use crate::model::{Annotations, Dimension, Mark, Observation};

/// How long the cue of a point event lasts in WebVTT and SRT exports.
pub const POINT_SECONDS: f64 = 1.0;

/// The CSV header of our CSV export.
pub const CSV_HEADER: &str = "journey,time,end,touchpoint,kind,owner,stage,media,direction,note";

fn timestamp(seconds: f64, separator: char) -> String {
    let ms = (round_ms(seconds.max(0.0)) * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}{separator}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn cue_end(mark: &Mark) -> f64 {
    mark.end.unwrap_or(mark.start + POINT_SECONDS)
}

/// Writes cue `n` of `mark`: its number, its timing line (milliseconds after
/// `separator`: `.` in WebVTT, `,` in SRT), its text ([`cuetext::write`]) and
/// the blank line that ends it. SRT has no comments, so its cues also name
/// the observation (`Some(obs)`: observer and video).
fn write_cue(out: &mut String, n: usize, mark: &Mark, separator: char, obs: Option<&Observation>) {
    out.push_str(&format!(
        "{n}\n{} --> {}\n",
        timestamp(mark.start, separator),
        timestamp(cue_end(mark), separator)
    ));
    let text = cuetext::write(
        &mark.touchpoint,
        &mark.classes,
        &mark.note,
        mark.end.is_none(),
        obs.map(|o| o.observer.as_str()),
        obs.map(|o| o.media.as_str()),
    );
    if !text.is_empty() {
        out.push_str(&text);
        out.push('\n');
    }
    out.push('\n');
}

/// Escapes a value for a `NOTE` line (no "-->", no newline).
fn note_value(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '>' => out.push_str("&gt;"),
            '<' => out.push_str("&lt;"),
            '\n' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// WebVTT export.
pub fn webvtt(a: &Annotations) -> String {
    let mut out = String::from("WEBVTT\n\nNOTE\nExported by Touchpoints. One cue per mark: the cue text is the touch\npoint; an optional last line in square brackets holds \"event: point\",\nthe classes (kind, owner, stage, media, direction) and the note.\nA point event is shown for 1 second: its cue ends 1 s after the mark.\nEach observation starts with a NOTE naming its observer.\npoint-event-seconds: 1\n\n");
    let mut n = 0;
    for obs in &a.observations {
        out.push_str("NOTE\n");
        out.push_str(&format!("observer: {}\n", note_value(&obs.observer)));
        if !obs.media.is_empty() {
            out.push_str(&format!("video: {}\n", note_value(&obs.media)));
        }
        if let Some(d) = obs.duration {
            out.push_str(&format!("duration: {}\n", seconds_3(d)));
        }
        out.push('\n');
        for mark in &obs.marks {
            n += 1;
            write_cue(&mut out, n, mark, '.', None);
        }
    }
    out
}

/// SRT export.
pub fn srt(a: &Annotations) -> String {
    let mut out = String::new();
    let mut n = 0;
    for obs in &a.observations {
        for mark in &obs.marks {
            n += 1;
            write_cue(&mut out, n, mark, ',', Some(obs));
        }
    }
    out
}

/// CSV export.
pub fn csv(a: &Annotations) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push('\n');
    for obs in &a.observations {
        for mark in &obs.marks {
            let mut fields = vec![
                guarded(&obs.observer),
                seconds_3(mark.start),
                mark.end.map(seconds_3).unwrap_or_default(),
                guarded(&mark.touchpoint),
            ];
            fields
                .extend(Dimension::ALL.map(|d| d.key_of(&mark.classes).unwrap_or("").to_string()));
            fields.push(guarded(&mark.note));
            out.push_str(&fields.join(","));
            out.push('\n');
        }
    }
    out
}

/// JSON export (pretty-printed [`Annotations`]).
pub fn json(a: &Annotations) -> String {
    serde_json::to_string_pretty(a).unwrap_or_else(|_| "{}".into())
}
