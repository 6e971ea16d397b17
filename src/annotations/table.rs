//! CSV/TSV records with their line numbers, on top of csv-core.

use csv_core::{ReadRecordResult, ReaderBuilder};

/// One record: the 1-based line where it starts and its fields.
pub type Record = (u64, Vec<String>);

/// Counts lines incrementally: the line of a byte offset, given offsets in
/// increasing order, counting each byte once (linear in the text, not in
/// records × text).
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl LineCounter<'_> {
    /// The 1-based line of byte `offset` (not below the previous offset asked).
    fn line_at(&mut self, offset: usize) -> u64 {
        let end = offset.min(self.bytes.len());
        if end > self.offset {
            let span = self.bytes.get(self.offset..end).unwrap_or(&[]);
            self.line += span.iter().filter(|&&c| c == b'\n').count() as u64;
            self.offset = end;
        }
        self.line
    }
}

/// Splits `text` into records. Never fails: csv-core accepts any input.
/// Linear in the text: each byte is tokenized once and counted for line
/// numbers once.
pub fn records(text: &str, delimiter: u8) -> Vec<Record> {
    let mut lines = LineCounter { bytes: text.as_bytes(), offset: 0, line: 1 };
    let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
    let mut input = text.as_bytes();
    let mut out = Vec::new();
    let mut field_bytes = vec![0u8; 1024];
    let mut ends = vec![0usize; 64];
    let (mut nout, mut nend) = (0usize, 0usize);
    let mut consumed = 0usize;
    let mut start_offset: Option<usize> = None;
    loop {
        if start_offset.is_none() {
            // Skip blank lines so the record's line is where its text starts.
            let skip = input.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
            input = input.get(skip..).unwrap_or(&[]);
            consumed += skip;
            start_offset = Some(consumed);
        }
        let (result, nin, o, e) = reader.read_record(
            input,
            field_bytes.get_mut(nout..).unwrap_or(&mut []),
            ends.get_mut(nend..).unwrap_or(&mut []),
        );
        input = input.get(nin..).unwrap_or(&[]);
        consumed += nin;
        nout += o;
        nend += e;
        match result {
            ReadRecordResult::InputEmpty => {
                if input.is_empty() {
                    // Signal the end of input on the next call.
                    let (result, _, o, e) = reader.read_record(
                        &[],
                        field_bytes.get_mut(nout..).unwrap_or(&mut []),
                        ends.get_mut(nend..).unwrap_or(&mut []),
                    );
                    nout += o;
                    nend += e;
                    match result {
                        ReadRecordResult::Record => {
                            let line = lines.line_at(start_offset.unwrap_or(0));
                            push(&mut out, line, &field_bytes, &ends, nend);
                        }
                        ReadRecordResult::OutputFull => {
                            field_bytes.resize(field_bytes.len() * 2, 0);
                            continue;
                        }
                        ReadRecordResult::OutputEndsFull => {
                            ends.resize(ends.len() * 2, 0);
                            continue;
                        }
                        _ => {}
                    }
                    break;
                }
            }
            ReadRecordResult::OutputFull => field_bytes.resize(field_bytes.len() * 2, 0),
            ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            ReadRecordResult::Record => {
                let line = lines.line_at(start_offset.unwrap_or(0));
                push(&mut out, line, &field_bytes, &ends, nend);
                nout = 0;
                nend = 0;
                start_offset = None;
            }
            ReadRecordResult::End => break,
        }
    }
    out
}

fn push(out: &mut Vec<Record>, line: u64, bytes: &[u8], ends: &[usize], nend: usize) {
    let mut fields = Vec::with_capacity(nend);
    let mut start = 0;
    for &end in ends.iter().take(nend) {
        let field = bytes.get(start..end).unwrap_or(&[]);
        fields.push(String::from_utf8_lossy(field).into_owned());
        start = end;
    }
    out.push((line, fields));
}

/// The delimiter of a header line: tab when it has more tabs than commas.
pub fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.matches('\t').count() > header.matches(',').count() {
        b'\t'
    } else if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_lines() {
        let r = records("a,b\n\n\"x\ny\",2\nlast,3", b',');
        assert_eq!(r[0], (1, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(r[1], (3, vec!["x\ny".to_string(), "2".to_string()]));
        assert_eq!(r[2], (5, vec!["last".to_string(), "3".to_string()]));
    }
}
