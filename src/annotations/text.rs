//! Byte decoding and line handling shared by the text formats.
//!
//! Convention: a UTF-8 byte-order mark is dropped; a UTF-16 LE or BE
//! byte-order mark selects UTF-16 (unpaired surrogates become U+FFFD); bytes
//! that are valid UTF-8 are read as UTF-8; anything else is read as
//! Windows-1252, and the importer reports that choice as a [`Problem`] on
//! line 0 so the user knows the file was not UTF-8.

use std::collections::HashMap;

use crate::model::Problem;

/// The text of a file and the encoding it was read with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text, without byte-order mark.
    pub text: String,
    /// `"utf-8"`, `"utf-16le"`, `"utf-16be"` or `"windows-1252"`.
    pub encoding: &'static str,
}

impl Decoded {
    /// The problem to report when the encoding had to be guessed.
    pub fn problem(&self) -> Option<Problem> {
        (self.encoding == "windows-1252")
            .then(|| Problem::new(0, super::cuetext::shared::not_utf8()))
    }
}

/// Windows-1252 code points for bytes 0x80..=0x9F (undefined bytes map to
/// the C1 control of the same value, as browsers do).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
];

/// Decodes `bytes` following the module's convention.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(rest) {
            Ok(s) => Decoded { text: s.to_string(), encoding: "utf-8" },
            Err(_) => {
                Decoded { text: String::from_utf8_lossy(rest).into_owned(), encoding: "utf-8" }
            }
        };
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Decoded { text: utf16(rest, false), encoding: "utf-16le" };
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Decoded { text: utf16(rest, true), encoding: "utf-16be" };
    }
    if let crate::sniff::Content::Utf16 { little_endian } = crate::sniff::sniff(bytes) {
        // UTF-16 without a byte order mark (sniff knows it by its NUL bytes).
        let (text, encoding) = if little_endian {
            (utf16(bytes, false), "utf-16le")
        } else {
            (utf16(bytes, true), "utf-16be")
        };
        return Decoded { text, encoding };
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded { text: s.to_string(), encoding: "utf-8" },
        Err(_) => Decoded { text: windows_1252(bytes), encoding: "windows-1252" },
    }
}

/// Decodes UTF-16 code units (a trailing odd byte becomes U+FFFD).
fn utf16(bytes: &[u8], big_endian: bool) -> String {
    let units = bytes.chunks(2).map(|pair| match pair {
        [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// Decodes Windows-1252.
pub fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => {
                char::from_u32(u32::from(CP1252_HIGH[usize::from(b - 0x80)])).unwrap_or('\u{FFFD}')
            }
            _ => char::from(b),
        })
        .collect()
}

/// A C0 control character no text format uses (all but tab, newline,
/// carriage return, form feed and escape): [`replace_controls`] turns it into U+FFFD.
pub fn is_stray_control(c: char) -> bool {
    c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}' | '\u{1B}')
}

/// Replaces the C0 control characters other than tab, newline, carriage
/// return, form feed and escape by U+FFFD (the replacement character), in place.
pub fn replace_controls(text: &mut String) {
    let bad = is_stray_control;
    if text.contains(bad) {
        *text =
            text.chars().map(|c| if bad(c) { char::REPLACEMENT_CHARACTER } else { c }).collect();
    }
}

/// Replaces CRLF and lone CR by LF (the WebVTT and HTML preprocessing).
pub fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// A mark's time in seconds, checked then rounded to whole milliseconds: the
/// one check of every importer. NaN, infinite, negative and too long times
/// (beyond [`crate::time::MAX_OFFSET_SECONDS`]) are an `Err` with the reason
/// (`"is not a number (NaN)"`), for the importer to report with its position.
/// Checked before rounding, so `1e308` never becomes infinity.
pub fn mark_time(seconds: f64) -> Result<f64, String> {
    crate::time::check_offset(seconds).map(round_ms)
}

/// Reads a mark time written as a decimal number of seconds (`12.5`):
/// `Err` with the reason for anything else or out of range.
pub fn parse_mark_time(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let value: f64 = t.parse().map_err(|_| super::cuetext::shared::not_seconds())?;
    mark_time(value)
}

/// The lines of a JSON text's object keys, found in one pass: every string
/// followed by `:` at or after byte `from`, by its raw text (quotes
/// included), with the line of its first occurrence. Linear in the text,
/// however many observations are looked up.
pub fn json_key_lines(text: &str, from: usize) -> HashMap<&str, u64> {
    let b = text.as_bytes();
    let mut out = HashMap::new();
    let mut line =
        1 + b.get(..from).map_or(0, |h| h.iter().filter(|&&c| c == b'\n').count()) as u64;
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\n' => line += 1,
            b'"' => {
                let (start, start_line) = (i, line);
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    match b[i] {
                        b'\\' => i += 1,
                        b'\n' => line += 1,
                        _ => {}
                    }
                    i += 1;
                }
                let end = (i + 1).min(b.len());
                let mut j = end;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if b.get(j) == Some(&b':') {
                    if let Some(key) = text.get(start..end) {
                        out.entry(key).or_insert(start_line);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A mark time from a table cell ([`parse_mark_time`]), or the problem to
/// list for its row: `expected {what} in seconds, found "x", which …; row
/// skipped`, at `line` and the 0-based `column`.
pub fn cell_time(text: &str, line: u64, column: Option<usize>, what: &str) -> Result<f64, Problem> {
    parse_mark_time(text).map_err(|reason| Problem {
        line,
        column: column.map(|c| c as u64 + 1),
        message: super::cuetext::shared::bad_cell_time(what, &format!("{text:?}"), &reason),
    })
}

/// A number for a message: as written when modest, in exponent form when
/// huge (`1e308`, not 309 digits); `NaN` and `inf` as such.
pub fn shown(v: f64) -> String {
    if v.is_finite() && v.abs() < 1e9 {
        v.to_string()
    } else {
        format!("{v:e}")
    }
}

/// Rounds seconds to whole milliseconds (marks are millisecond-precise).
pub fn round_ms(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// Formats seconds with exactly three decimals (`12.500`).
pub fn seconds_3(seconds: f64) -> String {
    format!("{:.3}", round_ms(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_fallback() {
        assert_eq!(decode(b"\xEF\xBB\xBFab").text, "ab");
        assert_eq!(decode(&[0xFF, 0xFE, b'a', 0]).text, "a");
        assert_eq!(decode(&[0xFE, 0xFF, 0, b'a']).text, "a");
        let d = decode(b"caf\xE9 \x80");
        assert_eq!(d.text, "café €");
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
    }
}
