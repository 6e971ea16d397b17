//! Opening a file by name, in chunks: journey files stream through the
//! incremental ingest; annotation files (WebVTT, SRT, ELAN, BORIS …) are
//! gathered and handed to their importer at the end.

use crate::analysis::Analysis;
use crate::error::Result;
use crate::ingest::{Ingest, IngestOptions};
use crate::model::Dataset;
use crate::taxonomy::RuleSet;

/// A file being read, chunk by chunk.
pub struct FileReader {
    inner: Inner,
    bytes: u64,
}

enum Inner {
    Journeys(Box<Ingest>),
    Annotations { file_name: String, buffer: Vec<u8> },
}

/// True when `file_name` is read by an annotation importer rather than the journey ingest.
pub fn is_annotation_file(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    [".vtt", ".srt", ".eaf", ".boris", ".via.json", ".ls.json"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

impl FileReader {
    /// Starts reading a file called `file_name`.
    pub fn new(file_name: &str, options: IngestOptions) -> FileReader {
        let inner = if is_annotation_file(file_name) {
            Inner::Annotations { file_name: file_name.to_string(), buffer: Vec::new() }
        } else {
            Inner::Journeys(Box::new(Ingest::new(options)))
        };
        FileReader { inner, bytes: 0 }
    }

    /// Feeds the next chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.bytes += chunk.len() as u64;
        match &mut self.inner {
            Inner::Journeys(ingest) => ingest.push(chunk),
            Inner::Annotations { buffer, .. } => {
                buffer.extend_from_slice(chunk);
                Ok(())
            }
        }
    }

    /// Bytes pushed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// Ends the input and returns the dataset.
    pub fn finish(self) -> Result<Dataset> {
        let mut dataset = match self.inner {
            Inner::Journeys(ingest) => ingest.finish()?,
            Inner::Annotations { file_name, buffer } => annotations_dataset(&file_name, &buffer)?,
        };
        dataset.bytes = self.bytes;
        Ok(dataset)
    }
}

fn annotations_dataset(file_name: &str, bytes: &[u8]) -> Result<Dataset> {
    let _ = (file_name, bytes);
    Err(crate::Error::at(0, format!("{file_name}: annotation files are not supported yet")))
}

/// Reads a whole file into a dataset.
pub fn read_dataset(file_name: &str, bytes: &[u8], options: &IngestOptions) -> Result<Dataset> {
    let mut reader = FileReader::new(file_name, options.clone());
    reader.push(bytes)?;
    reader.finish()
}

/// Reads and analyses a whole file.
pub fn analyse_file(
    file_name: &str,
    bytes: &[u8],
    options: &IngestOptions,
    rule_set: RuleSet,
) -> Result<Analysis> {
    Analysis::new(read_dataset(file_name, bytes, options)?, rule_set)
}
