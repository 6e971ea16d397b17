//! Journey files in, a [`Dataset`] out: CSV or TSV (delimiter detected),
//! JSON (an array of objects, or JSON Lines), and the attribution path
//! format. Input arrives in chunks; the result does not depend on where the
//! chunks are cut.
//!
//! ```
//! use touchpoints::ingest::{Ingest, IngestOptions};
//! let mut ingest = Ingest::new(IngestOptions::default());
//! ingest.push(b"customer_id,timestamp,event\nc1,2026-03-02,Newsletter\n").unwrap();
//! let dataset = ingest.finish().unwrap();
//! assert_eq!(dataset.len(), 1);
//! ```

#[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
pub mod arrow;
pub mod columns;
mod delimited;
mod json;
pub mod rows;
pub mod text;

pub use columns::ColumnMapping;

use crate::error::{Error, Result};
use crate::model::Dataset;
use delimited::{detect_delimiter, DelimitedReader};
use json::JsonReader;
use serde::{Deserialize, Serialize};

/// Options for reading a journey file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct IngestOptions {
    /// Canonical column → the file's header name, for columns the guess misses.
    pub mapping: ColumnMapping,
    /// How many bad rows to list (all are counted).
    pub max_problems: usize,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions { mapping: ColumnMapping::new(), max_problems: 1000 }
    }
}

/// The layout of an input, as detected from its first bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Layout {
    /// Delimited text with this delimiter byte.
    Delimited(u8),
    /// JSON array or JSON Lines.
    Json,
    /// Typed columns: a Parquet file or Arrow record batches.
    Columns,
}

impl Layout {
    /// `"CSV (comma)"`, `"TSV (tab)"`, `"JSON"`.
    pub fn describe(&self) -> String {
        match self {
            Layout::Delimited(b'\t') => "TSV (tab-separated);".to_string(),
            Layout::Delimited(b';') => "CSV (semicolon-separated);".to_string(),
            Layout::Delimited(b'|') => "CSV (pipe-separated);".to_string(),
            Layout::Delimited(_) => "CSV (comma-separated);".to_string(),
            Layout::Json => "JSON;".to_string(),
            Layout::Columns => "Parquet/Arrow columns;".to_string(),
        }
    }
}

enum State {
    /// Waiting for the first line to pick the layout.
    Sniffing(Vec<u8>),
    Delimited(Box<DelimitedReader>),
    Json(Box<JsonReader>),
}

/// An incremental reader: [`push`](Ingest::push) chunks, then
/// [`finish`](Ingest::finish).
pub struct Ingest {
    options: IngestOptions,
    builder: rows::Builder,
    state: State,
    bytes: u64,
}

/// How much of the first line is gathered before the layout is picked.
const SNIFF_LIMIT: usize = 64 * 1024;

impl Ingest {
    /// A new reader.
    pub fn new(options: IngestOptions) -> Ingest {
        let builder = rows::Builder::new(options.max_problems);
        Ingest { options, builder, state: State::Sniffing(Vec::new()), bytes: 0 }
    }

    /// Feeds the next chunk of the input. An `Err` means the input is
    /// unusable (e.g. no touch point column); stop reading then.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        self.bytes += chunk.len() as u64;
        self.feed(chunk)
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        match &mut self.state {
            State::Sniffing(buffer) => {
                buffer.extend_from_slice(chunk);
                let has_line = buffer.contains(&b'\n');
                if has_line || buffer.len() >= SNIFF_LIMIT {
                    self.start(false)?;
                }
                Ok(())
            }
            State::Delimited(reader) => reader.push(chunk, &mut self.builder),
            State::Json(reader) => reader.push(chunk, &mut self.builder),
        }
    }

    /// Picks the layout from the gathered first bytes and replays them.
    fn start(&mut self, at_end: bool) -> Result<()> {
        let State::Sniffing(buffer) = &mut self.state else { return Ok(()) };
        let mut buffer = std::mem::take(buffer);
        match crate::sniff::sniff(&buffer) {
            crate::sniff::Content::Utf8Bom => {
                buffer.drain(..3);
            }
            crate::sniff::Content::Utf16 { .. } => {
                return Err(Error::at(
                    1,
                    "the file is UTF-16; save it as UTF-8 (or CSV UTF-8 in a spreadsheet) and try again",
                ));
            }
            crate::sniff::Content::Binary(what) => {
                return Err(crate::sniff::not_text(what, crate::sniff::EXPECTED_JOURNEYS));
            }
            crate::sniff::Content::Utf8 => {}
        }
        let first = buffer.iter().find(|b| !b.is_ascii_whitespace()).copied();
        let Some(first) = first else {
            if at_end {
                return Err(Error::at(
                    0,
                    "the file is empty (expected a header row such as journey,time,touchpoint, or JSON events)",
                ));
            }
            self.state = State::Sniffing(buffer);
            return Ok(());
        };
        if first == b'[' || first == b'{' {
            self.state = State::Json(Box::new(JsonReader::new(self.options.mapping.clone())));
        } else {
            let line_end = buffer.iter().position(|&b| b == b'\n').unwrap_or(buffer.len());
            let delimiter = detect_delimiter(&buffer[..line_end]);
            self.state = State::Delimited(Box::new(DelimitedReader::new(
                delimiter,
                self.options.mapping.clone(),
            )));
        }
        self.feed(&buffer)
    }

    /// Bytes pushed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// Rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.builder.data.rows()
    }

    /// Ends the input and returns the dataset (events sorted by journey and
    /// time), or an error when nothing usable was found.
    pub fn finish(mut self) -> Result<Dataset> {
        if matches!(self.state, State::Sniffing(_)) {
            self.start(true)?;
        }
        let header_seen = match &mut self.state {
            State::Delimited(reader) => {
                reader.push(&[], &mut self.builder)?;
                reader.header().is_some()
            }
            State::Json(reader) => {
                reader.push(&[], &mut self.builder)?;
                true
            }
            State::Sniffing(_) => false,
        };
        if !header_seen {
            return Err(Error::at(0, "the file is empty (expected a header row)"));
        }
        finish_rows(self.builder, self.bytes)
    }
}

/// The dataset of rows read (any reader): an error when there are no rows or
/// none could be read; a note when there is no touch point column.
pub(crate) fn finish_rows(builder: rows::Builder, bytes: u64) -> Result<Dataset> {
    let mut dataset = builder.finish();
    dataset.set_bytes(bytes);
    if dataset.rows() == 0 {
        return Err(Error::at(
            1,
            "no rows after the header (expected one event per row: journey, time, touch point)",
        ));
    }
    if dataset.is_empty() {
        let first = dataset.problems().first().map(|p| p.to_string()).unwrap_or_default();
        return Err(Error::at(
            0,
            format!(
                "none of the {} rows could be read; the first problem: {first}",
                dataset.rows()
            ),
        ));
    }
    if !dataset.has_column("touchpoint") && !dataset.has_column("path") {
        dataset.insert_warning(crate::model::Problem::new(
            1,
            "no touch point column: read as a transactions export, one purchase per row",
        ));
    }
    Ok(dataset)
}

/// Reads a whole input at once.
pub fn read(bytes: &[u8], options: &IngestOptions) -> Result<Dataset> {
    let mut ingest = Ingest::new(options.clone());
    ingest.push(bytes)?;
    ingest.finish()
}

/// What the page shows to let a user map columns by hand.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// `"csv"`, `"tsv"`, `"json"`.
    pub layout: String,
    /// The file's column names (JSON: the first object's keys).
    pub headers: Vec<String>,
    /// The guessed mapping, canonical column → header.
    pub guessed: ColumnMapping,
    /// Canonical column names a user can map to.
    pub columns: Vec<&'static str>,
}

/// Reads the header of `prefix` (the first kilobytes of a file).
pub fn inspect(prefix: &[u8], mapping: &ColumnMapping) -> Inspection {
    let prefix = prefix.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(prefix);
    let first = prefix.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let columns = columns::COLUMNS.iter().map(|c| c.name).collect();
    if matches!(first, Some(b'[') | Some(b'{')) {
        let start = prefix.iter().position(|&b| b == b'{').unwrap_or(0);
        let mut de = serde_json::Deserializer::from_slice(&prefix[start..])
            .into_iter::<serde_json::Map<String, serde_json::Value>>();
        let headers: Vec<String> =
            de.next().and_then(|r| r.ok()).map(|o| o.keys().cloned().collect()).unwrap_or_default();
        let guessed = columns::HeaderMap::new(headers.clone(), mapping).mapping();
        return Inspection { layout: "json".into(), headers, guessed, columns };
    }
    let line_end = prefix.iter().position(|&b| b == b'\n').unwrap_or(prefix.len());
    let delimiter = detect_delimiter(&prefix[..line_end]);
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; line_end * 2 + 16];
    let mut ends = vec![0usize; line_end + 2];
    let (result, _, mut n_out, mut n_ends) =
        reader.read_record(&prefix[..line_end], &mut out, &mut ends);
    if result == csv_core::ReadRecordResult::InputEmpty {
        let (_, _, more_out, more_ends) =
            reader.read_record(&[], &mut out[n_out..], &mut ends[n_ends..]);
        n_out += more_out;
        n_ends += more_ends;
    }
    let (fields, _) = text::split_fields(&out[..n_out], &ends[..n_ends]);
    let headers: Vec<String> = fields.iter().map(|f| f.trim().to_string()).collect();
    let guessed = columns::HeaderMap::new(headers.clone(), mapping).mapping();
    let layout = if delimiter == b'\t' { "tsv" } else { "csv" };
    Inspection { layout: layout.into(), headers, guessed, columns }
}
