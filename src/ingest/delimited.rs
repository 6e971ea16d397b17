//! CSV and TSV, read incrementally with `csv-core`: bytes go in chunk by
//! chunk, records come out with the line they start on.

use super::columns::{HeaderMap, COLUMNS};
use super::rows::Builder;
use super::text::split_fields;
use super::Layout;
use crate::error::{Error, Result};

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
    /// Newlines consumed so far.
    newlines: u64,
    /// True once the current record has a byte (blank lines between records are skipped here).
    in_record: bool,
    mapping: super::ColumnMapping,
    pub delimiter: u8,
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
        }
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
                    self.record_line = self.newlines + 1;
                }
            }
            let (result, n_in, n_out, n_ends) = self.reader.read_record(
                input,
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            self.newlines += input[..n_in].iter().filter(|&&b| b == b'\n').count() as u64;
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
        let (owned, decoded) = split_fields(&self.out[..self.out_len], &self.ends[..self.ends_len]);
        if decoded {
            builder.warning(
                line,
                None,
                "this row is not valid UTF-8; it was read as Windows-1252".into(),
            );
        }
        let fields: Vec<&str> = owned.iter().map(|f| f.as_ref()).collect();
        let Some(header) = &self.header else {
            let headers: Vec<String> =
                fields.iter().map(|f| f.trim_start_matches('\u{feff}').to_string()).collect();
            let map = HeaderMap::new(headers, &self.mapping);
            check_required(&map, line, &Layout::Delimited(self.delimiter))?;
            for (column, note) in &map.notes {
                builder.warning(line, Some(*column), note.clone());
            }
            builder.set_columns(
                COLUMNS.iter().zip(&map.fields).filter(|(_, f)| f.is_some()).map(|(c, _)| c.name),
            );
            self.header = Some(map);
            return Ok(());
        };
        if fields.len() == 1 && fields[0].trim().is_empty() {
            return Ok(()); // a blank line
        }
        if fields.len() != header.headers.len() {
            builder.data.add_rows(1);
            builder.problem(
                line,
                None,
                format!(
                    "this row has {} fields, the header has {} (is a field with a delimiter missing its quotes?)",
                    fields.len(),
                    header.headers.len()
                ),
            );
            return Ok(());
        }
        let mut by_column: [Option<&str>; COLUMNS.len()] = [None; COLUMNS.len()];
        let mut numbers: [Option<u64>; COLUMNS.len()] = [None; COLUMNS.len()];
        for (ci, field) in header.fields.iter().enumerate() {
            if let Some(fi) = field {
                by_column[ci] = fields.get(*fi).copied();
                numbers[ci] = Some(*fi as u64 + 1);
            }
        }
        builder.add_row(line, &by_column, &numbers);
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
        format!("{} found: {}", layout.describe(), shown.join(", "))
    };
    for name in ["journey", "time"] {
        if map.field(name).is_none() {
            return Err(Error::at(
                line,
                format!(
                    "no column for the {} (looked for {}); {}",
                    if name == "journey" { "journey or customer" } else { "time" },
                    looked_for(name),
                    found()
                ),
            ));
        }
    }
    if map.field("touchpoint").is_none() && map.field("value").is_none() {
        return Err(Error::at(
            line,
            format!(
                "no column for the touch point (looked for {}), and no amount column to read it as a transactions export; {}",
                looked_for("touchpoint"),
                found()
            ),
        ));
    }
    Ok(())
}
