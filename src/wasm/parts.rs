//! The facade for parallel reading in Web Workers: find record starts in
//! parallel (`scanPart`, then `cutParts` on the scans in order), read each
//! part in its own worker (`new Session(name, {part: {header, firstLine}})`,
//! `push`, `finishPart` → bytes to transfer), and merge them in one session
//! (`Session.fromParts`): the same dataset and report as one reader.

use super::{from_js, input_error, to_js, Session};
use crate::dataset::{decode_part, encode_part, merge_parts};
use crate::ingest::{self, split};
use wasm_bindgen::prelude::*;

/// Quotes and line ends of one chunk of a file: `{len, quotes, newlines,
/// firstNewlineEven, firstNewlineOdd, linesBeforeEven, linesBeforeOdd}`
/// (offsets `null` when the chunk has no such line end).
#[wasm_bindgen(js_name = scanPart)]
pub fn scan_part(bytes: &[u8]) -> Result<JsValue, JsError> {
    to_js(&split::scan(bytes))
}

/// The parts of a file from the scans of its consecutive chunks, in order:
/// `[{start, end, firstLine}]` (the first part starts at 0 and holds the
/// header; a chunk without a record start joins the part before).
#[wasm_bindgen(js_name = cutParts)]
pub fn cut_parts(scans: JsValue) -> Result<JsValue, JsError> {
    let scans: Vec<split::Scan> = from_js(&scans, "scans")?;
    to_js(&split::cuts(&scans))
}

/// The header line of a delimited file's first bytes (for the parts' `header`).
#[wasm_bindgen(js_name = headerLine)]
pub fn header_line(prefix: &[u8]) -> Option<String> {
    ingest::header_line(prefix)
}

#[wasm_bindgen]
impl Session {
    /// Ends a part session (`options.part`) and returns the part as bytes
    /// (a versioned binary dataset, transferable to the merging worker).
    #[wasm_bindgen(js_name = finishPart)]
    pub fn finish_part(&mut self) -> Result<Vec<u8>, JsValue> {
        let part = self.part.take().ok_or_else(|| {
            JsError::new("not a part session (give options.part), or the part is already read")
        })?;
        Ok(encode_part(&part.finish_part().map_err(input_error)?))
    }

    /// A session over the parts (from `finishPart`, in file order) merged:
    /// analysed with `options` ({preset, rules}); `report()` gives the report.
    #[wasm_bindgen(js_name = fromParts)]
    pub fn from_parts(
        file_name: &str,
        options: JsValue,
        parts: js_sys::Array,
    ) -> Result<Session, JsValue> {
        let mut decoded = Vec::with_capacity(parts.length() as usize);
        for (k, bytes) in parts.iter().enumerate() {
            let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
            let part =
                decode_part(&bytes).map_err(|e| JsError::new(&format!("part {}: {e}", k + 1)))?;
            decoded.push(part);
        }
        let mut session = Session::new(file_name, options)?;
        session.reader = None;
        let max = ingest::IngestOptions::default().max_problems;
        let dataset = merge_parts(&decoded, max).and_then(ingest::check).map_err(input_error)?;
        session.analyse(dataset)?;
        Ok(session)
    }
}
