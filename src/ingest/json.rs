//! JSON events: an array of objects, or JSON Lines (one object per line).
//! Read incrementally: a small scanner cuts the top-level objects out of the
//! byte stream (whatever the chunk boundaries), and `serde_json` reads each.

use super::columns::{canonical_for, column_index, normalize_header, ColumnMapping, COLUMNS};
use super::rows::Builder;
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// An incremental reader of JSON events.
pub struct JsonReader {
    /// Depth at which event objects sit: 1 inside an array, 0 for JSON Lines.
    base: i32,
    depth: i32,
    in_string: bool,
    escaped: bool,
    started: bool,
    closed: bool,
    line: u64,
    object: Vec<u8>,
    object_line: u64,
    skipping_junk: bool,
    keys: HashMap<String, Option<usize>>,
    mapping: ColumnMapping,
    objects: u64,
}

impl JsonReader {
    /// A reader using the user's `mapping` for keys.
    pub fn new(mapping: ColumnMapping) -> JsonReader {
        JsonReader {
            base: 0,
            depth: 0,
            in_string: false,
            escaped: false,
            started: false,
            closed: false,
            line: 1,
            object: Vec::new(),
            object_line: 1,
            skipping_junk: false,
            keys: HashMap::new(),
            mapping,
            objects: 0,
        }
    }

    /// Feeds a chunk; an empty chunk ends the input.
    pub fn push(&mut self, input: &[u8], builder: &mut Builder) -> Result<()> {
        if input.is_empty() {
            return self.finish(builder);
        }
        for &b in input {
            self.byte(b, builder)?;
            if b == b'\n' {
                self.line += 1;
            }
        }
        Ok(())
    }

    fn byte(&mut self, b: u8, builder: &mut Builder) -> Result<()> {
        if !self.started {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => return Ok(()),
                b'[' => {
                    self.started = true;
                    self.base = 1;
                    self.depth = 1;
                    return Ok(());
                }
                b'{' => {
                    self.started = true;
                    self.base = 0;
                }
                _ => return Err(Error::at(
                    self.line,
                    crate::text::t(
                        "core.ingest.json.expected",
                        "expected JSON events: an array of objects [ {…}, … ] or one object per line",
                        &[],
                    ),
                )),
            }
        }
        let inside = self.depth > self.base;
        if inside {
            self.object.push(b);
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                return Ok(());
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    self.depth -= 1;
                    if self.depth == self.base {
                        self.object_done(builder)?;
                    }
                }
                _ => {}
            }
            return Ok(());
        }
        // Between objects.
        match b {
            b'{' => {
                self.skipping_junk = false;
                self.depth += 1;
                self.object.clear();
                self.object.push(b);
                self.object_line = self.line;
            }
            b']' if self.base == 1 && !self.closed => {
                self.closed = true;
                self.depth = 0;
            }
            b' ' | b'\t' | b'\r' | b'\n' => {
                if b == b'\n' {
                    self.skipping_junk = false;
                }
            }
            b',' if self.base == 1 => self.skipping_junk = false,
            _ => {
                if !self.skipping_junk {
                    self.skipping_junk = true;
                    builder.data.add_rows(1);
                    builder.problem(
                        self.line,
                        None,
                        crate::text::t(
                            "core.ingest.json.junk",
                            "expected an event object {…} here, found {found}",
                            &[("found", &format!("{:?}", char::from(b)))],
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    fn object_done(&mut self, builder: &mut Builder) -> Result<()> {
        let line = self.object_line;
        let parsed: std::result::Result<Map<String, Value>, _> =
            serde_json::from_slice(&self.object);
        self.object.clear();
        let object = match parsed {
            Ok(o) => o,
            Err(e) => {
                builder.data.add_rows(1);
                let at = line + e.line().saturating_sub(1) as u64;
                let message = crate::text::t(
                    "core.ingest.json.notObject",
                    "not a JSON object: {error}",
                    &[("error", &e)],
                );
                builder.problem(at, Some(e.column() as u64), message);
                return Ok(());
            }
        };
        self.objects += 1;
        let mut texts: Vec<Option<String>> = vec![None; COLUMNS.len()];
        let mut present = vec![false; COLUMNS.len()];
        for (key, value) in &object {
            let Some(ci) = self.column_of(key) else { continue };
            present[ci] = true;
            if texts[ci].is_some() {
                continue;
            }
            texts[ci] = match value {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                Value::Bool(b) => Some(b.to_string()),
                Value::Number(n) => Some(n.to_string()),
                Value::Array(items) => Some(
                    items
                        .iter()
                        .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
                        .collect::<Vec<_>>()
                        .join(" > "),
                ),
                Value::Object(_) => Some(value.to_string()),
            };
        }
        if self.objects == 1 {
            let headers: Vec<String> = object.keys().cloned().collect();
            let map = super::columns::HeaderMap::new(headers, &self.mapping);
            super::delimited::check_required(&map, line, &super::Layout::Json)?;
        }
        builder.set_columns(COLUMNS.iter().zip(&present).filter(|(_, p)| **p).map(|(c, _)| c.name));
        let mut fields: super::rows::Fields = [None; super::rows::COLUMN_COUNT];
        for (ci, slot) in fields.iter_mut().enumerate() {
            if present[ci] {
                *slot = Some(texts[ci].as_deref().unwrap_or("").as_bytes());
            }
        }
        builder.add_row(line, &fields, &[]);
        Ok(())
    }

    fn column_of(&mut self, key: &str) -> Option<usize> {
        if let Some(found) = self.keys.get(key) {
            return *found;
        }
        let normalized = normalize_header(key);
        let by_user = self
            .mapping
            .iter()
            .find(|(_, header)| normalize_header(header) == normalized)
            .and_then(|(canonical, _)| column_index(canonical));
        let found = by_user.or_else(|| canonical_for(key).and_then(column_index));
        self.keys.insert(key.to_string(), found);
        found
    }

    fn finish(&mut self, builder: &mut Builder) -> Result<()> {
        if self.depth > self.base {
            builder.data.add_rows(1);
            builder.problem(
                self.object_line,
                None,
                crate::text::t(
                    "core.ingest.json.unclosedObject",
                    "this object is not closed before the end of the file",
                    &[],
                ),
            );
        } else if self.base == 1 && !self.closed && self.started {
            let message = crate::text::t(
                "core.ingest.json.unclosedArray",
                "the JSON array is not closed with ]",
                &[],
            );
            builder.warning(self.line, None, message);
        }
        Ok(())
    }
}
