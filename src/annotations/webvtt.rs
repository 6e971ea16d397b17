//! WebVTT, parsed with the W3C "WebVTT parser algorithm"
//! (<https://w3c.github.io/webvtt/#file-parsing>): signature, header,
//! cue identifiers, timings, cue settings, `NOTE`, `STYLE` and `REGION`
//! blocks, and the "-->" rules.
//!
//! The only departure from the spec is that blocks the spec drops silently
//! (a cue whose timing line does not parse, text with no timing line) are
//! reported as [`Problem`]s with their line. `NOTE` blocks are kept in
//! [`WebVtt::notes`] because our own exports store the observer there.
//!
//! `nulls` convention: every U+0000 becomes U+FFFD (the spec's
//! preprocessing); no other control character is changed, so a U+0003 in a
//! cue stays U+0003.

use std::collections::HashMap;

use crate::model::Problem;
use crate::{Error, Result};

/// A WebVTT region (`REGION` block).
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Region identifier (`id:`), empty when absent.
    pub id: String,
    /// Width in percent (default 100).
    pub width: f64,
    /// Number of lines (default 3).
    pub lines: f64,
    /// Region anchor X, Y in percent (default 0, 100).
    pub region_anchor: (f64, f64),
    /// Viewport anchor X, Y in percent (default 0, 100).
    pub viewport_anchor: (f64, f64),
    /// `"up"` or `""`.
    pub scroll: String,
}

impl Default for Region {
    fn default() -> Region {
        Region {
            id: String::new(),
            width: 100.0,
            lines: 3.0,
            region_anchor: (0.0, 100.0),
            viewport_anchor: (0.0, 100.0),
            scroll: String::new(),
        }
    }
}

/// The settings of one cue, with the VTTCue defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct CueSettings {
    /// Index into [`WebVtt::regions`], or `None`.
    pub region: Option<usize>,
    /// `""` (horizontal), `"rl"` or `"lr"`.
    pub vertical: String,
    /// Line position; `None` is `auto`.
    pub line: Option<f64>,
    /// Whether `line` counts lines (true) or percent (false).
    pub snap_to_lines: bool,
    /// `"start"`, `"center"` or `"end"`.
    pub line_align: String,
    /// Position in percent; `None` is `auto`.
    pub position: Option<f64>,
    /// `"auto"`, `"line-left"`, `"center"` or `"line-right"`.
    pub position_align: String,
    /// Size in percent.
    pub size: f64,
    /// `"start"`, `"center"`, `"end"`, `"left"` or `"right"`.
    pub align: String,
}

impl Default for CueSettings {
    fn default() -> CueSettings {
        CueSettings {
            region: None,
            vertical: String::new(),
            line: None,
            snap_to_lines: true,
            line_align: "start".into(),
            position: None,
            position_align: "auto".into(),
            size: 100.0,
            align: "center".into(),
        }
    }
}

/// One cue.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// Cue identifier, `""` when absent.
    pub id: String,
    /// Start in seconds.
    pub start: f64,
    /// End in seconds.
    pub end: f64,
    /// Raw cue text (tags and character references kept), lines joined by `\n`.
    pub text: String,
    /// Settings.
    pub settings: CueSettings,
    /// 1-based line of the timing line.
    pub line: u64,
}

/// A parsed WebVTT file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WebVtt {
    /// Cues in file order.
    pub cues: Vec<Cue>,
    /// Every region defined (cues refer to them by index).
    pub regions: Vec<Region>,
    /// `STYLE` block contents.
    pub stylesheets: Vec<String>,
    /// `NOTE` blocks: 1-based first line and the text after `NOTE`.
    pub notes: Vec<(u64, String)>,
    /// Blocks that were ignored, with their line.
    pub problems: Vec<Problem>,
}

enum Block {
    Cue(Box<Cue>),
    Other,
}

struct Parser<'a> {
    input: &'a str,
    pos: usize,
    line: u64,
    out: WebVtt,
    /// Region id → index into `out.regions` of the region visible by that id
    /// (the latest defined; one look-up per cue, not a scan).
    visible: HashMap<String, usize>,
    seen_cue: bool,
}

/// Parses WebVTT text (already decoded). Fails only when the signature is
/// wrong, as the spec requires.
pub fn parse(text: &str) -> Result<WebVtt> {
    let text = text.replace('\0', "\u{FFFD}");
    let text = super::text::normalize_newlines(&text);
    check_signature(&text)?;
    let mut p = Parser {
        input: &text,
        pos: 0,
        line: 1,
        out: WebVtt::default(),
        visible: HashMap::new(),
        seen_cue: false,
    };
    // Rest of the signature line.
    p.collect_line();
    if p.at_end() {
        return Ok(p.out);
    }
    p.advance_lf();
    if p.at_end() {
        return Ok(p.out);
    }
    if p.peek() != Some('\n') {
        p.collect_block(true);
    } else {
        p.advance_lf();
    }
    p.skip_lfs();
    while !p.at_end() {
        if let Block::Cue(cue) = p.collect_block(false) {
            p.out.cues.push(*cue);
        }
        p.skip_lfs();
    }
    Ok(p.out)
}

fn check_signature(text: &str) -> Result<()> {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(6).collect();
    if head != "WEBVTT" {
        let shown: String = text.chars().take(12).collect();
        let message = if text.is_empty() {
            crate::text::t(
                "core.import.vtt.empty",
                "the file is empty; a WebVTT file starts with the line \"WEBVTT\"",
                &[],
            )
        } else {
            let found = format!("{shown:?}");
            crate::text::t(
                "core.import.vtt.signature",
                "expected the signature \"WEBVTT\" at the start of the file, found {found}",
                &[("found", &found)],
            )
        };
        return Err(Error::at_column(if text.is_empty() { 0 } else { 1 }, 1, message));
    }
    match chars.next() {
        None | Some(' ') | Some('\t') | Some('\n') => Ok(()),
        Some(c) => {
            let found = format!("{c:?}");
            Err(Error::at_column(
                1,
                7,
                crate::text::t(
                    "core.import.vtt.afterSignature",
                    "expected a space, a tab or the end of the line after \"WEBVTT\", found {found}",
                    &[("found", &found)],
                ),
            ))
        }
    }
}

impl Parser<'_> {
    fn at_end(&self) -> bool {
        self.pos >= self.input.len()
    }

    fn peek(&self) -> Option<char> {
        self.input.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn advance_lf(&mut self) {
        if self.peek() == Some('\n') {
            self.pos += 1;
            self.line += 1;
        }
    }

    fn skip_lfs(&mut self) {
        while self.peek() == Some('\n') {
            self.advance_lf();
        }
    }

    /// Collects the characters up to (not including) the next LF.
    fn collect_line(&mut self) -> &str {
        let rest = self.input.get(self.pos..).unwrap_or("");
        let len = rest.find('\n').unwrap_or(rest.len());
        self.pos += len;
        rest.get(..len).unwrap_or("")
    }

    fn collect_block(&mut self, in_header: bool) -> Block {
        let mut line_count = 0u32;
        let mut previous = (self.pos, self.line);
        let block_line = self.line;
        let mut buffer = String::new();
        let mut seen_eof = false;
        let mut seen_arrow = false;
        let mut cue: Option<Cue> = None;
        let mut stylesheet: Option<String> = None;
        let mut region: Option<Region> = None;
        let mut failed_timing: Option<(u64, String)> = None;
        // Start (position, line, buffer length) of the last text line of a cue.
        let mut last_text_line: Option<(usize, u64, usize)> = None;
        loop {
            let line_no = self.line;
            let line_start = self.pos;
            let line = self.collect_line().to_string();
            line_count += 1;
            if self.at_end() {
                seen_eof = true;
            } else {
                self.advance_lf();
            }
            if line.contains("-->") {
                if !in_header && (line_count == 1 || (line_count == 2 && !seen_arrow)) {
                    seen_arrow = true;
                    previous = (self.pos, self.line);
                    match self.timings_and_settings(&line) {
                        Ok((start, end, settings)) => {
                            cue = Some(Cue {
                                id: std::mem::take(&mut buffer),
                                start,
                                end,
                                text: String::new(),
                                settings,
                                line: line_no,
                            });
                            self.seen_cue = true;
                        }
                        Err(message) => {
                            cue = None;
                            failed_timing = Some((line_no, message));
                        }
                    }
                } else {
                    // A timing line inside cue text starts the next cue, and
                    // the text line before it is that cue's identifier (the
                    // W3C `newlines` test).
                    match last_text_line.filter(|_| cue.is_some()) {
                        Some((pos, line, len)) => {
                            buffer.truncate(len.min(buffer.len()));
                            self.pos = pos;
                            self.line = line;
                        }
                        None => {
                            self.pos = previous.0;
                            self.line = previous.1;
                        }
                    }
                    break;
                }
            } else if line.is_empty() {
                break;
            } else {
                if !in_header && line_count == 2 {
                    if !self.seen_cue && is_keyword_line(&buffer, "STYLE") {
                        stylesheet = Some(String::new());
                        buffer.clear();
                    } else if !self.seen_cue && is_keyword_line(&buffer, "REGION") {
                        region = Some(Region::default());
                        buffer.clear();
                    }
                }
                if cue.is_some() {
                    last_text_line = Some((line_start, line_no, buffer.len()));
                }
                if !buffer.is_empty() {
                    buffer.push('\n');
                }
                buffer.push_str(&line);
                previous = (self.pos, self.line);
            }
            if seen_eof {
                break;
            }
        }
        if let Some(mut cue) = cue {
            cue.text = buffer;
            return Block::Cue(Box::new(cue));
        }
        if let Some(mut sheet) = stylesheet {
            sheet.push_str(&buffer);
            self.out.stylesheets.push(sheet);
            return Block::Other;
        }
        if let Some(mut region) = region {
            region_settings(&buffer, &mut region);
            let index = self.out.regions.len();
            self.visible.insert(region.id.clone(), index);
            self.out.regions.push(region);
            return Block::Other;
        }
        if in_header {
            return Block::Other;
        }
        if let Some((line, message)) = failed_timing {
            self.out.problems.push(Problem::new(
                line,
                crate::text::t(
                    "core.import.vtt.cueIgnored",
                    "cue ignored: {message}",
                    &[("message", &message)],
                ),
            ));
        } else if is_keyword_line(buffer.lines().next().unwrap_or(""), "NOTE") {
            let body = buffer.get(4..).unwrap_or("").trim_start_matches([' ', '\t', '\n']);
            self.out.notes.push((block_line, body.to_string()));
        } else if is_keyword_line(buffer.lines().next().unwrap_or(""), "STYLE")
            || is_keyword_line(buffer.lines().next().unwrap_or(""), "REGION")
        {
            self.out.problems.push(Problem::new(
                block_line,
                crate::text::t(
                    "core.import.vtt.lateStyle",
                    "STYLE or REGION block ignored: such blocks must come before the first cue and have content",
                    &[],
                ),
            ));
        } else if !buffer.is_empty() {
            self.out.problems.push(Problem::new(
                block_line,
                crate::text::t(
                    "core.import.vtt.noTiming",
                    "block ignored: expected a cue timing line like \"00:00:01.000 --> 00:00:02.000\"",
                    &[],
                ),
            ));
        }
        Block::Other
    }

    fn timings_and_settings(
        &self,
        line: &str,
    ) -> std::result::Result<(f64, f64, CueSettings), String> {
        let mut s = Scanner { s: line, i: 0 };
        s.skip_ws();
        let start = s.timestamp().map_err(|e| {
            crate::text::t("core.import.vtt.startTime", "start time: {message}", &[("message", &e)])
        })?;
        s.skip_ws();
        for expected in ['-', '-', '>'] {
            if s.peek() != Some(expected) {
                return Err(expected_at(&"\"-->\"", s.column()));
            }
            s.i += 1;
        }
        s.skip_ws();
        let end = s.timestamp().map_err(|e| {
            crate::text::t("core.import.vtt.endTime", "end time: {message}", &[("message", &e)])
        })?;
        let rest = line.get(s.i..).unwrap_or("");
        Ok((start, end, self.cue_settings(rest)))
    }

    fn cue_settings(&self, input: &str) -> CueSettings {
        let mut cue = CueSettings::default();
        for setting in input.split(is_ascii_ws).filter(|s| !s.is_empty()) {
            let Some((name, value)) = setting.split_once(':') else { continue };
            if name.is_empty() || value.is_empty() {
                continue;
            }
            match name {
                "region" => {
                    cue.region = self.visible.get(value).copied();
                }
                "vertical" if value == "rl" || value == "lr" => cue.vertical = value.to_string(),
                "line" => {
                    let (linepos, linealign) = match value.split_once(',') {
                        Some((a, b)) => (a, Some(b)),
                        None => (value, None),
                    };
                    if !linepos.bytes().any(|b| b.is_ascii_digit()) {
                        continue;
                    }
                    let (number, snap) = if linepos.ends_with('%') {
                        match percentage(linepos) {
                            Some(n) => (n, false),
                            None => continue,
                        }
                    } else {
                        if linepos.bytes().any(|b| !(b.is_ascii_digit() || b == b'-' || b == b'.'))
                        {
                            continue;
                        }
                        if linepos.bytes().skip(1).any(|b| b == b'-') {
                            continue;
                        }
                        let dots: Vec<usize> = linepos
                            .bytes()
                            .enumerate()
                            .filter(|(_, b)| *b == b'.')
                            .map(|(i, _)| i)
                            .collect();
                        if dots.len() > 1 {
                            continue;
                        }
                        if let Some(&d) = dots.first() {
                            let bytes = linepos.as_bytes();
                            let before = d.checked_sub(1).and_then(|j| bytes.get(j));
                            let after = bytes.get(d + 1);
                            if !before.is_some_and(u8::is_ascii_digit)
                                || !after.is_some_and(u8::is_ascii_digit)
                            {
                                continue;
                            }
                        }
                        match linepos.parse::<f64>() {
                            Ok(n) => (n, true),
                            Err(_) => continue,
                        }
                    };
                    cue.line = Some(number);
                    cue.snap_to_lines = snap;
                    // An unknown alignment leaves the line set and the
                    // alignment at its default (as the W3C tests expect).
                    cue.line_align = linealign
                        .filter(|a| matches!(*a, "start" | "center" | "end"))
                        .unwrap_or("start")
                        .to_string();
                }
                "position" => {
                    let (colpos, colalign) = match value.split_once(',') {
                        Some((a, b)) => (a, Some(b)),
                        None => (value, None),
                    };
                    let Some(number) = percentage(colpos) else { continue };
                    cue.position = Some(number);
                    cue.position_align = colalign
                        .filter(|a| matches!(*a, "line-left" | "center" | "line-right"))
                        .unwrap_or("auto")
                        .to_string();
                }
                "size" => {
                    if let Some(n) = percentage(value) {
                        cue.size = n;
                    }
                }
                "align" => {
                    if matches!(value, "start" | "center" | "end" | "left" | "right") {
                        cue.align = value.to_string();
                    }
                }
                _ => {}
            }
        }
        cue
    }
}

fn is_ascii_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{000C}' | '\r')
}

/// True when `line` is `keyword` optionally followed by whitespace and more.
fn is_keyword_line(line: &str, keyword: &str) -> bool {
    match line.strip_prefix(keyword) {
        Some(rest) => {
            if keyword == "NOTE" {
                rest.is_empty() || rest.starts_with([' ', '\t', '\n'])
            } else {
                rest.chars().all(is_ascii_ws)
            }
        }
        None => false,
    }
}

/// The spec's "parse a percentage string": `\d+(\.\d+)?%`, 0..=100.
fn percentage(text: &str) -> Option<f64> {
    let number = text.strip_suffix('%')?;
    let (int, frac) = match number.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (number, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let n: f64 = number.parse().ok()?;
    (0.0..=100.0).contains(&n).then_some(n)
}

fn region_settings(input: &str, region: &mut Region) {
    for setting in input.split(is_ascii_ws).filter(|s| !s.is_empty()) {
        let Some((name, value)) = setting.split_once(':') else { continue };
        if name.is_empty() || value.is_empty() {
            continue;
        }
        match name {
            "id" => region.id = value.to_string(),
            "width" => {
                if let Some(n) = percentage(value) {
                    region.width = n;
                }
            }
            "lines" if value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(n) = value.parse::<f64>() {
                    region.lines = n;
                }
            }
            "regionanchor" | "viewportanchor" => {
                let Some((x, y)) = value.split_once(',') else { continue };
                let (Some(x), Some(y)) = (percentage(x), percentage(y)) else { continue };
                if name == "regionanchor" {
                    region.region_anchor = (x, y);
                } else {
                    region.viewport_anchor = (x, y);
                }
            }
            "scroll" if value == "up" => region.scroll = "up".into(),
            _ => {}
        }
    }
}

/// `expected {what} at column {column}`, in the page's language (`what` as given:
/// already translated, or a technical token such as `"-->"`).
fn expected_at(what: &dyn std::fmt::Display, column: usize) -> String {
    crate::text::t(
        "core.import.vtt.expectedAt",
        "expected {what} at column {column}",
        &[("what", what), ("column", &column)],
    )
}

/// A cursor over one line, for timestamps.
struct Scanner<'a> {
    s: &'a str,
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i..).and_then(|s| s.chars().next())
    }

    fn column(&self) -> usize {
        self.s.get(..self.i).map(|s| s.chars().count()).unwrap_or(0) + 1
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek().filter(|&c| is_ascii_ws(c)) {
            self.i += c.len_utf8();
        }
    }

    fn digits(&mut self) -> &str {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.s.get(start..self.i).unwrap_or("")
    }

    /// The spec's "collect a WebVTT timestamp".
    fn timestamp(&mut self) -> std::result::Result<f64, String> {
        let bad = |what: &str, col: usize| expected_at(&what, col);
        let mut hours_first = false;
        if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
            let what =
                crate::text::t("core.import.vtt.aTimestamp", "a timestamp like 00:01.000", &[]);
            return Err(bad(&what, self.column()));
        }
        let d1 = self.digits().to_string();
        let mut v1: f64 = d1.parse().unwrap_or(f64::INFINITY);
        if d1.len() != 2 || v1 > 59.0 {
            hours_first = true;
        }
        if self.peek() != Some(':') {
            return Err(bad("\":\"", self.column()));
        }
        self.i += 1;
        let d2 = self.digits().to_string();
        if d2.len() != 2 {
            let what = crate::text::t("core.import.vtt.twoDigits", "two digits", &[]);
            return Err(bad(&what, self.column()));
        }
        let mut v2: f64 = d2.parse().unwrap_or(0.0);
        let v3: f64;
        if hours_first || self.peek() == Some(':') {
            if self.peek() != Some(':') {
                return Err(bad("\":\"", self.column()));
            }
            self.i += 1;
            let d3 = self.digits().to_string();
            if d3.len() != 2 {
                let what =
                    crate::text::t("core.import.vtt.secondsDigits", "two digits of seconds", &[]);
                return Err(bad(&what, self.column()));
            }
            v3 = d3.parse().unwrap_or(0.0);
        } else {
            v3 = v2;
            v2 = v1;
            v1 = 0.0;
        }
        if self.peek() != Some('.') {
            let what = crate::text::t(
                "core.import.vtt.dotMilliseconds",
                "\".\" and three digits of milliseconds",
                &[],
            );
            return Err(bad(&what, self.column()));
        }
        self.i += 1;
        let d4 = self.digits().to_string();
        if d4.len() != 3 {
            let what = crate::text::t(
                "core.import.vtt.millisecondsDigits",
                "three digits of milliseconds",
                &[],
            );
            return Err(bad(&what, self.column()));
        }
        let v4: f64 = d4.parse().unwrap_or(0.0);
        if v2 > 59.0 || v3 > 59.0 {
            return Err(crate::text::t(
                "core.import.vtt.at59",
                "minutes and seconds must be at most 59",
                &[],
            ));
        }
        crate::time::check_offset(v1 * 3600.0 + v2 * 60.0 + v3 + v4 / 1000.0).map_err(|reason| {
            crate::text::t(
                "core.import.vtt.timestampRange",
                "the timestamp ending at column {column} {reason}",
                &[("column", &self.column()), ("reason", &reason)],
            )
        })
    }
}
