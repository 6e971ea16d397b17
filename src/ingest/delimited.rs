//! CSV and TSV, read incrementally with `csv-core`: bytes go in chunk by
//! chunk, records come out with the line they start on.

use super::columns::{HeaderMap, COLUMNS};
use super::rows::{trim, Builder, Fields, COLUMN_COUNT};
use super::text::{decode_windows_1252, split_fields};
use super::Layout;
use crate::error::{Error, ErrorKind, Result};
use crate::text;

/// Picks the delimiter from the header line: the most frequent of tab,
/// comma, semicolon and pipe outside quotes (comma when none appears).
pub fn detect_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b'\t', b',', b';', b'|'];
    let mut quoted = false;
    for &b in first_line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = candidates.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let mut best = 1;
    for i in 0..4 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// An incremental reader of delimited text.
pub struct DelimitedReader {
    reader: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    out_len: usize,
    ends_len: usize,
    header: Option<HeaderMap>,
    /// Line where the record being read started.
    record_line: u64,
    /// Newlines skipped between records (csv-core counts those it reads).
    newlines: u64,
    /// True once the current record has a byte (blank lines between records are skipped here).
    in_record: bool,
    mapping: super::ColumnMapping,
    pub delimiter: u8,
    /// Per header: (canonical column, field index) of every column read.
    plan: Vec<(usize, usize)>,
    /// Per header: 1-based field number of each canonical column, for messages.
    numbers: [Option<u64>; COLUMN_COUNT],
    /// A row that is not UTF-8, decoded (Windows-1252 for the bad fields).
    decoded: Vec<String>,
}

impl DelimitedReader {
    /// A reader for `delimiter`, using the user's `mapping` for the header.
    pub fn new(delimiter: u8, mapping: super::ColumnMapping) -> DelimitedReader {
        let reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        DelimitedReader {
            reader,
            out: vec![0; 64 * 1024],
            ends: vec![0; 64],
            out_len: 0,
            ends_len: 0,
            header: None,
            record_line: 1,
            newlines: 0,
            in_record: false,
            mapping,
            delimiter,
            plan: Vec::new(),
            numbers: [None; COLUMN_COUNT],
            decoded: Vec::new(),
        }
    }

    /// True while a record has started and not ended.
    pub fn in_record(&self) -> bool {
        self.in_record
    }

    /// Numbers lines so that the next record read starts on `line`.
    pub fn set_next_line(&mut self, line: u64) {
        self.reader.set_line(line.saturating_sub(self.newlines).max(1));
    }

    /// The header, once read.
    pub fn header(&self) -> Option<&HeaderMap> {
        self.header.as_ref()
    }

    /// Feeds a chunk; `input` empty means the end of the input.
    pub fn push(&mut self, mut input: &[u8], builder: &mut Builder) -> Result<()> {
        let at_end = input.is_empty();
        loop {
            if !self.in_record {
                // Skip line ends between records ourselves, so each record's first line is known.
                let skip = input.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
                self.newlines += input[..skip].iter().filter(|&&b| b == b'\n').count() as u64;
                input = &input[skip..];
                if !input.is_empty() {
                    self.in_record = true;
                    // csv-core's line starts at 1 and counts the newlines it read.
                    self.record_line = self.newlines + self.reader.line();
                }
            }
            let (result, n_in, n_out, n_ends) = self.reader.read_record(
                input,
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            input = &input[n_in..];
            self.out_len += n_out;
            self.ends_len += n_ends;
            match result {
                csv_core::ReadRecordResult::InputEmpty => {
                    if !at_end {
                        return Ok(());
                    }
                }
                csv_core::ReadRecordResult::OutputFull => {
                    let len = self.out.len();
                    self.out.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::Record => {
                    self.in_record = false;
                    self.record(self.record_line, builder)?;
                    self.out_len = 0;
                    self.ends_len = 0;
                }
                csv_core::ReadRecordResult::End => return Ok(()),
            }
        }
    }

    fn record(&mut self, line: u64, builder: &mut Builder) -> Result<()> {
        if self.header.is_none() {
            return self.header_record(line, builder);
        }
        let bytes = &self.out[..self.out_len];
        let ends = &self.ends[..self.ends_len];
        // UTF-8 is checked once per row, and only when a byte is not ASCII.
        let decoded = !bytes.is_ascii() && std::str::from_utf8(bytes).is_err();
        if decoded {
            builder.warning(
                line,
                None,
                crate::text::t(
                    "core.ingest.windows1252",
                    "this row is not valid UTF-8; it was read as Windows-1252",
                    &[],
                ),
            );
            self.decoded.clear();
            let mut start = 0;
            for &end in ends {
                let field = bytes.get(start.min(end)..end).unwrap_or(&[]);
                self.decoded.push(match std::str::from_utf8(field) {
                    Ok(s) => s.to_string(),
                    Err(_) => decode_windows_1252(field),
                });
                start = end;
            }
        }
        let field = |k: usize| -> &[u8] {
            if decoded {
                return self.decoded.get(k).map_or(&[], |f| f.as_bytes());
            }
            let start = if k == 0 { 0 } else { ends[k - 1] };
            bytes.get(start.min(ends[k])..ends[k]).unwrap_or(&[])
        };
        if ends.len() == 1 && trim(field(0)).is_empty() {
            return Ok(()); // a blank line
        }
        let width = self.header.as_ref().map_or(0, |h| h.headers.len());
        if ends.len() != width {
            builder.data.add_rows(1);
            builder.problem(
                line,
                None,
                text::t(
                    "core.row.fieldCount",
                    "this row has {n} fields, the header has {header} (is a field with a delimiter missing its quotes?)",
                    &[("n", &ends.len()), ("header", &width)],
                ),
            );
            return Ok(());
        }
        let mut fields: Fields = [None; COLUMN_COUNT];
        for &(column, k) in &self.plan {
            fields[column] = Some(field(k));
        }
        builder.add_row(line, &fields, &self.numbers);
        Ok(())
    }

    /// The header row: the columns are resolved here, once.
    fn header_record(&mut self, line: u64, builder: &mut Builder) -> Result<()> {
        let (owned, decoded) = split_fields(&self.out[..self.out_len], &self.ends[..self.ends_len]);
        if decoded {
            builder.warning(
                line,
                None,
                crate::text::t(
                    "core.ingest.windows1252",
                    "this row is not valid UTF-8; it was read as Windows-1252",
                    &[],
                ),
            );
        }
        let headers: Vec<String> =
            owned.iter().map(|f| f.trim_start_matches('\u{feff}').to_string()).collect();
        let map = HeaderMap::new(headers, &self.mapping);
        check_required(&map, line, &Layout::Delimited(self.delimiter))?;
        for (column, note) in &map.notes {
            builder.warning(line, Some(*column), note.clone());
        }
        builder.set_columns(
            COLUMNS.iter().zip(&map.fields).filter(|(_, f)| f.is_some()).map(|(c, _)| c.name),
        );
        self.plan.clear();
        for (column, field) in map.fields.iter().enumerate() {
            if let Some(k) = *field {
                self.plan.push((column, k));
                self.numbers[column] = Some(k as u64 + 1);
            }
        }
        self.header = Some(map);
        Ok(())
    }
}

/// Checks that a header names the columns needed, or says which is missing.
pub fn check_required(map: &HeaderMap, line: u64, layout: &Layout) -> Result<()> {
    use super::columns::looked_for;
    if map.field("path").is_some() {
        return Ok(());
    }
    let found = || {
        let shown: Vec<String> = map.headers.iter().take(12).map(|h| format!("{h:?}")).collect();
        crate::text::t(
            "core.ingest.found",
            "{layout} found: {names}",
            &[("layout", &layout.describe()), ("names", &shown.join(", "))],
        )
    };
    for name in ["journey", "time"] {
        if map.field(name).is_none() {
            return Err(Error::at(
                line,
                if name == "journey" {
                    crate::text::t(
                        "core.error.ingest.noJourneyColumn",
                        "no column for the journey or customer (looked for {names}); {found}",
                        &[("names", &looked_for(name)), ("found", &found())],
                    )
                } else {
                    crate::text::t(
                        "core.error.ingest.noTimeColumn",
                        "no column for the time (looked for {names}); {found}",
                        &[("names", &looked_for(name)), ("found", &found())],
                    )
                },
            )
            .of_kind(ErrorKind::MissingColumn));
        }
    }
    if map.field("touchpoint").is_none() && map.field("value").is_none() {
        return Err(Error::at(
            line,
            crate::text::t(
                "core.ingest.noTouchpointColumn",
                "no column for the touch point (looked for {names}), and no amount column to read it as a transactions export; {found}",
                &[("names", &looked_for("touchpoint")), ("found", &found())],
            ),
        )
        .of_kind(ErrorKind::MissingColumn));
    }
    Ok(())
}
