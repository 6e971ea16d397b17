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
/// (The format table's own endings, [`crate::formats`].)
pub fn is_annotation_file(file_name: &str) -> bool {
    crate::formats::is_annotation_file(file_name)
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

    /// Feeds the next chunk. The first chunk of a CSV or JSON file is also
    /// looked at: an annotation tool's export (BORIS, VIA, Label Studio, our
    /// own annotation JSON) goes to the annotation importer, and so does a
    /// file whose header the journey ingest cannot use but an importer can.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        let first = self.bytes == 0;
        if first {
            // A binary file (an image, a PDF, a workbook) is named, not read as text.
            crate::sniff::check_text(chunk, crate::sniff::EXPECTED_ANY)?;
        }
        self.bytes += chunk.len() as u64;
        if first && looks_like_annotations(chunk) {
            self.inner = Inner::Annotations { file_name: String::new(), buffer: Vec::new() };
        }
        match &mut self.inner {
            Inner::Journeys(ingest) => match ingest.push(chunk) {
                Err(e) if first && imports_as_annotations(chunk) => {
                    let _ = e;
                    self.inner =
                        Inner::Annotations { file_name: String::new(), buffer: chunk.to_vec() };
                    Ok(())
                }
                other => other,
            },
            Inner::Annotations { file_name, buffer } => {
                if !cfg!(feature = "annotations") {
                    return Err(not_supported(file_name));
                }
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
        dataset.set_bytes(self.bytes);
        Ok(dataset)
    }
}

#[cfg(feature = "annotations")]
fn has_marks(a: &crate::model::Annotations) -> bool {
    a.observations.iter().any(|o| !o.marks.is_empty())
}

/// True when the first bytes of a CSV or JSON file are an annotation tool's
/// export (the format table's content test, [`crate::formats`]).
pub(crate) fn looks_like_annotations(prefix: &[u8]) -> bool {
    crate::formats::looks_like_annotations(prefix)
}

/// True when a first chunk the journey ingest refused is an annotation file with marks.
#[cfg(feature = "annotations")]
fn imports_as_annotations(chunk: &[u8]) -> bool {
    crate::annotations::import("", chunk).is_ok_and(|a| has_marks(&a))
}

#[cfg(not(feature = "annotations"))]
fn imports_as_annotations(_chunk: &[u8]) -> bool {
    false
}

/// The error of a build without the annotation importers (the embeddable widget).
fn not_supported(file_name: &str) -> crate::Error {
    let name = if file_name.is_empty() { "this file" } else { file_name };
    crate::Error::at(0, format!("{name}: annotation files are not supported in this build"))
}

#[cfg(feature = "annotations")]
fn annotations_dataset(file_name: &str, bytes: &[u8]) -> Result<Dataset> {
    crate::sniff::check_text(bytes, crate::sniff::EXPECTED_ANY)?;
    let annotations = crate::annotations::import(file_name, bytes)?;
    if !has_marks(&annotations) {
        return Err(crate::Error::at(0, format!("{file_name}: no marks found")));
    }
    Ok(crate::annotations::to_dataset(&annotations))
}

#[cfg(not(feature = "annotations"))]
fn annotations_dataset(file_name: &str, _bytes: &[u8]) -> Result<Dataset> {
    Err(not_supported(file_name))
}

/// True when `bytes` start like a Parquet file (`PAR1`).
pub fn is_parquet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PAR1")
}

/// Reads a whole file into a dataset: a Parquet file (native builds with the
/// `parquet` feature), a journey file or an annotation file.
pub fn read_dataset(file_name: &str, bytes: &[u8], options: &IngestOptions) -> Result<Dataset> {
    #[cfg(all(feature = "parquet", not(target_arch = "wasm32")))]
    if is_parquet(bytes) {
        let bytes = ::bytes::Bytes::copy_from_slice(bytes);
        return crate::ingest::arrow::read_parquet(bytes, options);
    }
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
