//! The text of one subtitle cue ↔ the fields of one mark.
//!
//! Our WebVTT and SRT exports write one cue per mark: the escaped touch
//! point on the first line, then, when needed, one metadata line
//! `[event: point; kind: mass-communication; owner: brand; note: …]`.
//! Special characters are written as character references (`&amp;`,
//! `&lt;`, `&gt;`, `&#10;` for a newline, `&#59;` and `&#93;` inside the
//! metadata line, `&#91;` or `&#32;` at the start of a name), so any name
//! round-trips. When reading any cue, tags (`<b>`, `<v Roger>` …) are
//! removed, character references are decoded, and the remaining lines are
//! joined with `\n` to form the touch point name.

use crate::model::{Classes, Dimension, Problem};

/// What one cue's text says about its mark.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CueFields {
    /// Touch point name.
    pub touchpoint: String,
    /// Classes from the metadata line.
    pub classes: Classes,
    /// Note from the metadata line.
    pub note: String,
    /// `event: point` was given.
    pub point: bool,
    /// `observer:` from the metadata line (SRT exports).
    pub observer: Option<String>,
    /// `video:` from the metadata line (SRT exports).
    pub video: Option<String>,
}

/// Reads one cue's raw text. `line` is the 1-based line of the cue's first
/// text line (for problems).
pub fn parse(raw: &str, line: u64, problems: &mut Vec<Problem>) -> CueFields {
    let mut fields = CueFields::default();
    let mut name_lines: Vec<String> = Vec::new();
    for (i, text_line) in raw.split('\n').enumerate() {
        if let Some(pairs) = metadata_pairs(text_line) {
            apply(&mut fields, &pairs, line + i as u64, problems);
        } else {
            name_lines.push(decode(&strip_tags(text_line)));
        }
    }
    fields.touchpoint = name_lines.join("\n");
    fields
}

const KEYS: &[&str] =
    &["event", "kind", "owner", "stage", "media", "direction", "note", "observer", "video"];

/// `[key: value; key: value]` with only known keys, else `None`.
fn metadata_pairs(line: &str) -> Option<Vec<(String, String)>> {
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    let mut pairs = Vec::new();
    for part in split_pairs(inner) {
        let (key, value) = part.split_once(':')?;
        let key = key.trim();
        if !KEYS.contains(&key) {
            return None;
        }
        pairs.push((key.to_string(), decode(value.strip_prefix(' ').unwrap_or(value))));
    }
    Some(pairs)
}

fn apply(
    fields: &mut CueFields,
    pairs: &[(String, String)],
    line: u64,
    problems: &mut Vec<Problem>,
) {
    let mut bad = |dimension: &str, value: &str| {
        let value = format!("{value:?}");
        problems.push(Problem::new(
            line,
            crate::text::t(
                "core.import.cue.unknown",
                "unknown {dimension} {value}; left for the rules to decide",
                &[("dimension", &dimension), ("value", &value)],
            ),
        ))
    };
    for (key, value) in pairs {
        match key.as_str() {
            "event" => {
                if value == "point" {
                    fields.point = true
                } else if value != "state" {
                    bad(&crate::text::t("core.import.cue.eventType", "event type", &[]), value)
                }
            }
            name @ ("kind" | "owner" | "stage" | "media" | "direction") => {
                let dimension = Dimension::parse(name);
                if !dimension.is_some_and(|d| fields.classes.set(d, value)) {
                    bad(&crate::model::dimension_name(name), value);
                }
            }
            "note" => fields.note = value.clone(),
            "observer" => fields.observer = Some(value.clone()),
            "video" => fields.video = Some(value.clone()),
            _ => {}
        }
    }
}

/// Writes a mark's cue text (see the module documentation).
pub fn write(
    touchpoint: &str,
    classes: &Classes,
    note: &str,
    point: bool,
    observer: Option<&str>,
    video: Option<&str>,
) -> String {
    let mut out = escape_name(touchpoint);
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(o) = observer {
        pairs.push(("observer", escape_value(o)));
    }
    if let Some(v) = video.filter(|v| !v.is_empty()) {
        pairs.push(("video", escape_value(v)));
    }
    if point {
        pairs.push(("event", "point".into()));
    }
    if let Some(k) = classes.kind {
        pairs.push(("kind", k.key().into()));
    }
    if let Some(k) = classes.owner {
        pairs.push(("owner", k.key().into()));
    }
    if let Some(k) = classes.stage {
        pairs.push(("stage", k.key().into()));
    }
    if let Some(k) = classes.media {
        pairs.push(("media", k.key().into()));
    }
    if let Some(k) = classes.direction {
        pairs.push(("direction", k.key().into()));
    }
    if !note.is_empty() {
        pairs.push(("note", escape_value(note)));
    }
    if !pairs.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push('[');
        let joined: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        out.push_str(&joined.join("; "));
        out.push(']');
    }
    out
}

fn escape_basic(text: &str, extra: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\0' => out.push_str(&format!("&#{};", c as u32)),
            c if extra.contains(&c) => out.push_str(&format!("&#{};", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Splits on `;` that do not end a character reference.
fn split_pairs(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_ref: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '&' => in_ref = Some(i),
            ';' if in_ref.is_some_and(|r| {
                let name = text.get(r + 1..i).unwrap_or("");
                !name.is_empty()
                    && name.len() <= 10
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '#')
            }) =>
            {
                in_ref = None
            }
            ';' => {
                parts.push(text.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            c if !(c.is_ascii_alphanumeric() || c == '#') => in_ref = None,
            _ => {}
        }
    }
    parts.push(text.get(start..).unwrap_or(""));
    parts
}

/// Escapes a name for a cue line: it must stay one line, not look like
/// metadata, not be blank and keep leading/trailing whitespace.
fn escape_name(text: &str) -> String {
    let mut out = escape_basic(text, &[]);
    if let Some(first) = out.chars().next() {
        if first == '[' || first.is_whitespace() {
            out = format!("&#{};{}", first as u32, out.get(first.len_utf8()..).unwrap_or(""));
        }
    }
    if let Some(last) = out.chars().next_back() {
        if last.is_whitespace() {
            let cut = out.len() - last.len_utf8();
            out = format!("{}&#{};", out.get(..cut).unwrap_or(""), last as u32);
        }
    }
    out
}

/// Escapes a metadata value (no `;` or `]`, no leading space lost).
fn escape_value(text: &str) -> String {
    let mut out = escape_basic(text, &[';', ']', '[']);
    if out.starts_with(' ') {
        out = format!("&#32;{}", out.get(1..).unwrap_or(""));
    }
    out
}

/// Removes `<…>` tags.
pub fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match (in_tag, c) {
            (false, '<') => in_tag = true,
            (true, '>') => in_tag = false,
            (false, c) => out.push(c),
            (true, _) => {}
        }
    }
    out
}

/// Decodes character references (`&amp;`, `&#10;`, `&#x41;` and a few
/// named ones; `&#0;` and other stray controls become U+FFFD); anything else
/// is kept as written.
pub fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 1..).unwrap_or("");
        let semi = after.find(';').filter(|&s| s <= 10);
        let decoded = semi.and_then(|s| {
            let name = after.get(..s)?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{A0}',
                "lrm" => '\u{200E}',
                "rlm" => '\u{200F}',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    // A reference to NUL or another stray control is U+FFFD, as the
                    // file's own controls are (else an export would look binary).
                    match char::from_u32(code)? {
                        c if super::text::is_stray_control(c) => char::REPLACEMENT_CHARACTER,
                        c => c,
                    }
                }
            };
            Some((c, s))
        });
        match decoded {
            Some((c, s)) => {
                out.push(c);
                rest = after.get(s + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The messages of [`super::text`], the importers' shared helpers. They are written
/// here because `tests/text.rs`, which reads every `text::t` call in `src/`, skips
/// the files named `text.rs`.
pub(super) mod shared {
    /// The problem of a file that had to be read as Windows-1252.
    pub fn not_utf8() -> String {
        crate::text::t(
            "core.import.text.notUtf8",
            "the file is not valid UTF-8; it was read as Windows-1252",
            &[],
        )
    }

    /// The reason a mark time is not a decimal number of seconds.
    pub fn not_seconds() -> String {
        crate::text::t("core.import.text.notSeconds", "is not a number of seconds", &[])
    }

    /// A table cell's bad time: `what` is the importer's name for the cell ("a
    /// time", "a stop time": those two are translated here, anything else is
    /// shown as given), `found` the cell as quoted, `reason` why it is no time.
    pub fn bad_cell_time(what: &str, found: &str, reason: &str) -> String {
        let what = match what {
            "a time" => crate::text::t("core.import.text.aTime", "a time", &[]),
            "a stop time" => crate::text::t("core.import.text.aStopTime", "a stop time", &[]),
            other => other.to_string(),
        };
        crate::text::t(
            "core.import.text.cellTime",
            "expected {what} in seconds, found {found}, which {reason}; row skipped",
            &[("what", &what), ("found", &found), ("reason", &reason)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn names_round_trip() {
        for name in
            ["a", "[x]", " lead", "trail ", "a\nb", "a --> b", "x; y]", "&amp;", "", "ünï 😀"]
        {
            let classes = Classes { kind: Some(Kind::MassCommunication), ..Classes::default() };
            let text = write(name, &classes, "n; ]ote\n", true, Some("o"), None);
            let mut problems = Vec::new();
            let f = parse(&text, 1, &mut problems);
            assert_eq!(f.touchpoint, name, "{text}");
            assert_eq!(f.note, "n; ]ote\n");
            assert!(f.point);
            assert_eq!(f.classes, classes);
            assert!(problems.is_empty());
        }
    }
}
