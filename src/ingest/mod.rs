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
pub mod split;
pub mod text;

pub use columns::ColumnMapping;

use crate::error::{Error, ErrorKind, Result};
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
            Layout::Delimited(b'\t') => {
                crate::text::t("core.ingest.layout.tsv", "TSV (tab-separated);", &[])
            }
            Layout::Delimited(b';') => {
                crate::text::t("core.ingest.layout.semicolon", "CSV (semicolon-separated);", &[])
            }
            Layout::Delimited(b'|') => {
                crate::text::t("core.ingest.layout.pipe", "CSV (pipe-separated);", &[])
            }
            Layout::Delimited(_) => {
                crate::text::t("core.ingest.layout.comma", "CSV (comma-separated);", &[])
            }
            Layout::Json => "JSON;".to_string(),
            Layout::Columns => {
                crate::text::t("core.ingest.layout.columns", "Parquet/Arrow columns;", &[])
            }
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
                let old = buffer.len();
                buffer.extend_from_slice(chunk);
                // The sniff reads a fixed prefix (sniff::LOOK bytes): decide once
                // that much and the header line are here (or at the end), so the
                // decision is the same however the input is cut into chunks. Only
                // new bytes are searched for the newline (linear for tiny chunks).
                let look = crate::sniff::LOOK;
                let has_line = buffer.len() >= look
                    && if old >= look { chunk.contains(&b'\n') } else { buffer.contains(&b'\n') };
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
                    crate::text::t(
                        "core.ingest.utf16",
                        "the file is UTF-16; save it as UTF-8 (or CSV UTF-8 in a spreadsheet) and try again",
                        &[],
                    ),
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
                    crate::text::t(
                        "core.ingest.emptyFile",
                        "the file is empty (expected a header row such as journey,time,touchpoint, or JSON events)",
                        &[],
                    ),
                )
                .of_kind(ErrorKind::Empty));
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

    /// A reader of one part of a CSV or TSV file cut at a record start:
    /// `header` is the file's header line (without its line end), and the
    /// part's first byte is on line `first_line` (1-based) of the file. The
    /// part's dataset carries the file's line numbers; merge the parts with
    /// [`crate::dataset::merge_parts`] (in file order) for the dataset of
    /// the whole file. The first part of a file is read with [`Ingest::new`]
    /// (it holds the header itself).
    pub fn part(options: IngestOptions, header: &str, first_line: u64) -> Result<Ingest> {
        let mut ingest = Ingest::new(options);
        let head = header.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with('[') || head.starts_with('{') {
            return Err(Error::at(
                1,
                crate::text::t(
                    "core.ingest.partJson",
                    "only CSV or TSV files are read in parts; read a JSON file whole",
                    &[],
                ),
            ));
        }
        let mut line = header.trim_end_matches(['\r', '\n']).as_bytes().to_vec();
        line.push(b'\n');
        ingest.feed(&line)?;
        // The header line is all there is to sniff (the first part had the
        // rest): decide on it now, as the first part's reader did.
        ingest.start(false)?;
        let State::Delimited(reader) = &mut ingest.state else {
            return Err(Error::at(
                1,
                crate::text::t(
                    "core.ingest.partHeaderEmpty",
                    "the header line of a part is empty",
                    &[],
                ),
            ));
        };
        reader.set_next_line(first_line.max(1));
        // The header's notes (a duplicate column …) belong to the first part.
        ingest.builder.data.clear_warnings();
        Ok(ingest)
    }

    /// Ends the input: flushes the last record. True when the input ended
    /// between records (not inside a quoted field or a JSON object).
    fn end(&mut self) -> Result<bool> {
        if matches!(self.state, State::Sniffing(_)) {
            self.start(true)?;
        }
        let (header_seen, clean) = match &mut self.state {
            State::Delimited(reader) => {
                let clean = !reader.in_record();
                reader.push(&[], &mut self.builder)?;
                (reader.header().is_some(), clean)
            }
            State::Json(reader) => {
                reader.push(&[], &mut self.builder)?;
                (true, true)
            }
            State::Sniffing(_) => (false, true),
        };
        if !header_seen {
            return Err(Error::at(
                0,
                crate::text::t(
                    "core.ingest.empty",
                    "the file is empty (expected a header row)",
                    &[],
                ),
            )
            .of_kind(ErrorKind::Empty));
        }
        if self.builder.overflowed() {
            return Err(Error::at(0, overflow()));
        }
        Ok(clean)
    }

    /// Ends the input and returns the dataset (events sorted by journey and
    /// time), or an error when nothing usable was found.
    pub fn finish(mut self) -> Result<Dataset> {
        self.end()?;
        finish_rows(self.builder, self.bytes)
    }

    /// Ends a part (see [`Ingest::part`]) and returns its dataset, unchecked:
    /// an empty part is fine; the merged dataset is checked.
    pub fn finish_part(mut self) -> Result<Part> {
        let ends_clean = self.end()?;
        let base_decided = self.builder.time_base().is_some();
        let mut dataset = self.builder.finish();
        dataset.set_bytes(self.bytes);
        Ok(Part { dataset, base_decided, ends_clean })
    }
}

/// One part of a file, read on its own (see [`Ingest::part`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub dataset: Dataset,
    /// True when a row of the part decided the time base.
    pub base_decided: bool,
    /// True when the part ended between records (so the next part starts at one).
    pub ends_clean: bool,
}

/// The checks of a whole file's dataset: rows were read, some became events;
/// a file without a touch point column gets its transactions warning.
pub fn check(mut dataset: Dataset) -> Result<Dataset> {
    if dataset.rows() == 0 {
        return Err(Error::at(
            1,
            crate::text::t(
                "core.ingest.noRows",
                "no rows after the header (expected one event per row: journey, time, touch point)",
                &[],
            ),
        )
        .of_kind(ErrorKind::Empty));
    }
    if dataset.is_empty() {
        // The error stands on the first bad row, so it names a line like every other.
        let rows = dataset.rows();
        let first = dataset.problems().first();
        return Err(Error {
            line: first.map_or(0, |p| p.line),
            column: first.and_then(|p| p.column),
            message: crate::text::t(
                "core.ingest.noneRead",
                "none of the {rows} rows could be read; the first problem is here: {problem}",
                &[("rows", &rows), ("problem", &first.map_or("", |p| p.message.as_str()))],
            ),
            kind: ErrorKind::Invalid,
        });
    }
    if !dataset.has_column("touchpoint") && !dataset.has_column("path") {
        dataset.insert_warning(crate::model::Problem::new(
            1,
            crate::text::t(
                "core.ingest.transactions",
                "no touch point column: read as a transactions export, one purchase per row",
                &[],
            ),
        ));
    }
    Ok(dataset)
}

/// The header line of a delimited file (its first record, without the line
/// end; a BOM and blank lines before it skipped), decoded like a row.
pub fn header_line(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    let start = bytes.iter().position(|&b| b != b'\n' && b != b'\r')?;
    let rest = &bytes[start..];
    // The header is the first record as the CSV reader reads it (with the delimiter
    // the whole file's reader picks): it may end at a bare `\r`, and a quote inside an
    // unquoted field is a character, not the start of a quoted field (fuzz findings).
    let first_line = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len());
    let delimiter = detect_delimiter(&bytes[..first_line]);
    let (end, out, ends) = first_record(rest, delimiter);
    let line = &rest[..end];
    if let Ok(text) = std::str::from_utf8(line) {
        return Some(text.to_string());
    }
    if matches!(line.trim_ascii_start().first(), Some(b'{' | b'[')) {
        // JSON, which a part's reader refuses by its first character: kept as it is.
        return Some(text::decode_windows_1252(line));
    }
    // Not UTF-8: decoded field by field, as the reader decodes a row (a field
    // that is UTF-8 stays UTF-8, the others are read as Windows-1252), and
    // written again as a CSV line, so a part's reader gets the same header.
    let mut header = String::new();
    let (fields, _) = text::split_fields(&out, &ends);
    for (k, field) in fields.iter().enumerate() {
        if k > 0 {
            header.push(char::from(delimiter));
        }
        // Quoted for this file's delimiter (`csv_cell::quote` knows no `|`).
        if field.contains(['"', '\n', '\r', char::from(delimiter)]) {
            header.push('"');
            header.push_str(&field.replace('"', "\"\""));
            header.push('"');
        } else {
            header.push_str(field);
        }
    }
    Some(header)
}

/// The first CSV record of `bytes`: where it ends (before its line break), and
/// its fields as csv-core gives them (the unquoted bytes and each field's end).
fn first_record(bytes: &[u8], delimiter: u8) -> (usize, Vec<u8>, Vec<usize>) {
    use csv_core::ReadRecordResult as R;
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let (mut out, mut ends) = (vec![0u8; 1024], vec![0usize; 64]);
    let (mut at, mut out_len, mut ends_len) = (0, 0, 0);
    loop {
        let input = bytes.get(at..).unwrap_or(&[]);
        let (result, nin, nout, nend) =
            reader.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
        at += nin;
        out_len += nout;
        ends_len += nend;
        match result {
            R::OutputFull => out.resize(out.len() * 2, 0),
            R::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            // More input, or (with none left) the call that ends the last field.
            R::InputEmpty => {}
            R::Record | R::End => break,
        }
    }
    out.truncate(out_len);
    ends.truncate(ends_len);
    // `at` is past the record's terminator (`\n`, `\r` or `\r\n`), or at the end
    // when the input ends inside the first record (then all of it is the header).
    let mut end = at.min(bytes.len());
    while end > 0 && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    (end, out, ends)
}

/// Reads one part of `bytes` (see [`split::split`]): the first with its
/// header, the others with `header`.
pub fn read_part(
    bytes: &[u8],
    cut: &split::Cut,
    header: &str,
    options: &IngestOptions,
) -> Result<Part> {
    let mut ingest = if cut.start == 0 {
        Ingest::new(options.clone())
    } else {
        Ingest::part(options.clone(), header, cut.first_line)?
    };
    ingest.push(bytes.get(cut.start..cut.end).unwrap_or(&[]))?;
    ingest.finish_part()
}

/// Reads a delimited input in the parts `cuts` (one after another) and
/// merges them: the same dataset as [`read`]. The command line reads the
/// parts on threads ([`crate::cli`]), the page in Web Workers.
pub fn read_in_parts(
    bytes: &[u8],
    cuts: &[split::Cut],
    options: &IngestOptions,
) -> Result<Dataset> {
    let header = header_line(bytes).unwrap_or_default();
    let parts =
        cuts.iter().map(|c| read_part(bytes, c, &header, options)).collect::<Result<Vec<_>>>()?;
    check(crate::dataset::merge_parts(&parts, options.max_problems)?)
}

/// What a file too big for one dataset is told.
pub(crate) fn overflow() -> String {
    crate::text::t(
        "core.ingest.overflow",
        "the file holds more than 4,294,967,294 events or 4 GiB of names; split it and merge the partial reports (touchpoints report --partial, touchpoints merge)",
        &[],
    )
}

/// The dataset of rows read (any reader): an error when there are no rows or
/// none could be read; a note when there is no touch point column.
pub(crate) fn finish_rows(builder: rows::Builder, bytes: u64) -> Result<Dataset> {
    if builder.overflowed() {
        return Err(Error::at(0, overflow()));
    }
    let mut dataset = builder.finish();
    dataset.set_bytes(bytes);
    check(dataset)
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
