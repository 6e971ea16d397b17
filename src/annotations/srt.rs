//! SubRip (`.srt`) subtitles.
//!
//! Conventions, where the reference parsers (pysrt, srt, webvtt-py) differ:
//! - cue text is kept verbatim, trailing spaces included (as `srt` and
//!   webvtt-py do; pysrt strips them);
//! - a cue with no text is kept (as pysrt and `srt` do) and reported as a
//!   problem, because its touch point name is empty;
//! - the cue number is optional (a block may start with its timing line);
//! - milliseconds are optional and `.` is accepted for `,` (`00:00:01 -->
//!   00:00:10`, `00:00:11.890`), as `srt` does;
//! - a block with no timing line is reported as a problem on its first line
//!   and skipped (`srt` and webvtt-py glue it to the previous cue's text);
//! - a file in which no block is a cue is rejected with the position of
//!   the first bad block.

use crate::model::Problem;
use crate::{Error, Result};

/// One SRT cue.
#[derive(Debug, Clone, PartialEq)]
pub struct SrtCue {
    /// The cue number, when the block has one.
    pub index: Option<u64>,
    /// Start in seconds.
    pub start: f64,
    /// End in seconds.
    pub end: f64,
    /// Raw text, lines joined by `\n`.
    pub text: String,
    /// 1-based line of the timing line.
    pub line: u64,
}

/// A parsed SRT file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Srt {
    /// Cues in file order.
    pub cues: Vec<SrtCue>,
    /// Blocks skipped and empty cues, with their line.
    pub problems: Vec<Problem>,
}

/// Parses SRT text (already decoded).
pub fn parse(text: &str) -> Result<Srt> {
    let text = super::text::normalize_newlines(text);
    let mut out = Srt::default();
    let mut block: Vec<(u64, &str)> = Vec::new();
    let mut first_error: Option<Error> = None;
    for (i, line) in text.split('\n').enumerate() {
        let line_no = i as u64 + 1;
        if line.trim().is_empty() && !block.is_empty() {
            // A blank line right after the timing line is an empty cue text,
            // which the next line decides: keep going only if the block is
            // index + timing and the next block starts a new cue.
            finish_block(&block, &mut out, &mut first_error);
            block.clear();
        } else if !line.trim().is_empty() {
            block.push((line_no, line));
        }
    }
    if !block.is_empty() {
        finish_block(&block, &mut out, &mut first_error);
    }
    if out.cues.is_empty() {
        if let Some(e) = first_error {
            return Err(e);
        }
    }
    Ok(out)
}

fn finish_block(block: &[(u64, &str)], out: &mut Srt, first_error: &mut Option<Error>) {
    let Some(&(first_line, first)) = block.first() else { return };
    let mut rest = block;
    let mut index = None;
    if !first.trim().is_empty()
        && first.trim().bytes().all(|b| b.is_ascii_digit())
        && block.len() > 1
    {
        index = first.trim().parse::<u64>().ok();
        rest = block.get(1..).unwrap_or(&[]);
    }
    let Some(&(timing_line, timing)) = rest.first() else { return };
    match timings(timing) {
        Ok((start, end)) => {
            let text: Vec<&str> = rest.iter().skip(1).map(|(_, l)| *l).collect();
            let text = text.join("\n");
            if text.is_empty() {
                let n = out.cues.len() + 1;
                out.problems.push(Problem::new(
                    timing_line,
                    crate::text::t(
                        "core.import.srt.noText",
                        "cue {n} has no text; kept with an empty touch point name",
                        &[("n", &n)],
                    ),
                ));
            }
            out.cues.push(SrtCue { index, start, end, text, line: timing_line });
        }
        Err(message) => {
            let message = if index.is_some() || timing.contains("-->") {
                crate::text::t(
                    "core.import.srt.blockSkipped",
                    "block skipped: {message}",
                    &[("message", &message)],
                )
            } else {
                let found = format!("{:?}", first.trim());
                crate::text::t(
                    "core.import.srt.noCue",
                    "block skipped: expected a cue number or a timing line like \"00:00:01,000 --> 00:00:02,000\", found {found}",
                    &[("found", &found)],
                )
            };
            let line = if timing.contains("-->") { timing_line } else { first_line };
            if first_error.is_none() {
                *first_error = Some(Error::at(line, message.clone()));
            }
            out.problems.push(Problem::new(line, message));
        }
    }
}

fn timings(line: &str) -> std::result::Result<(f64, f64), String> {
    let Some((a, b)) = line.split_once("-->") else {
        let found = format!("{:?}", line.trim());
        return Err(crate::text::t(
            "core.import.srt.noTiming",
            "expected a timing line like \"00:00:01,000 --> 00:00:02,000\", found {found}",
            &[("found", &found)],
        ));
    };
    // The times as quoted in a message (only formatted for one).
    let start_text = || format!("{:?}", a.trim());
    let start = timestamp(a.trim()).ok_or_else(|| {
        crate::text::t(
            "core.import.srt.badStart",
            "bad start time {time}",
            &[("time", &start_text())],
        )
    })?;
    // Anything after the end time (SRT position extensions "X1:…") is ignored.
    let b = b.trim();
    let end_text = b.split_whitespace().next().unwrap_or("");
    let end_shown = || format!("{end_text:?}");
    let end = timestamp(end_text).ok_or_else(|| {
        crate::text::t("core.import.srt.badEnd", "bad end time {time}", &[("time", &end_shown())])
    })?;
    let start = crate::time::check_offset(start).map_err(|reason| {
        crate::text::t(
            "core.import.srt.startRange",
            "start time {time} {reason}",
            &[("time", &start_text()), ("reason", &reason)],
        )
    })?;
    let end = crate::time::check_offset(end).map_err(|reason| {
        crate::text::t(
            "core.import.srt.endRange",
            "end time {time} {reason}",
            &[("time", &end_shown()), ("reason", &reason)],
        )
    })?;
    Ok((start, end))
}

/// `h:mm:ss[,mmm]` (or `.` for `,`); hours and minutes may have 1–2+ digits.
fn timestamp(text: &str) -> Option<f64> {
    let (hms, frac) = match text.split_once([',', '.']) {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let [h, m, s] = parts.as_slice() else { return None };
    let num = |t: &str| -> Option<f64> {
        (!t.is_empty() && t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())?
    };
    let (h, m, s) = (num(h)?, num(m)?, num(s)?);
    if m > 59.0 || s > 59.0 {
        return None;
    }
    let ms = match frac {
        Some(f) if !f.is_empty() && f.len() <= 3 && f.bytes().all(|b| b.is_ascii_digit()) => {
            num(&format!("{f:0<3}"))?
        }
        Some(_) => return None,
        None => 0.0,
    };
    Some(h * 3600.0 + m * 60.0 + s + ms / 1000.0)
}
