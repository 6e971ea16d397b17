//! Reading a big file on threads (cut at record starts, one part a thread,
//! merged: the same dataset as one reader), and partial reports: the
//! `--partial` file of `touchpoints report` and `touchpoints merge`
//! (`docs/partials.md`).

use crate::dataset::{decode_part, encode_part, merge_parts, Dataset};
use crate::error::{Error, Result};
use crate::ingest::split::{split, Cut};
use crate::ingest::{self, header_line, read_part, IngestOptions, Part};
use serde::{Deserialize, Serialize};

/// Files from this size up are read on several threads by default.
pub const THREADS_FROM_BYTES: usize = 8 << 20;

/// True when `bytes` (named `path`) is a journey file that can be read in
/// parts: delimited text, not JSON, not an annotation file.
pub fn splittable(path: &str, bytes: &[u8]) -> bool {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace() && **b != 0xEF).copied();
    // Only text is cut into parts: a Parquet (or any binary) file goes to its own reader.
    let text = matches!(
        crate::sniff::sniff(&bytes[..bytes.len().min(8192)]),
        crate::sniff::Content::Utf8 | crate::sniff::Content::Utf8Bom
    );
    text && !crate::open::is_annotation_file(path)
        && !crate::open::looks_like_annotations(&bytes[..bytes.len().min(8192)])
        && !matches!(first, Some(b'[') | Some(b'{') | None)
}

/// The threads to use by default for `bytes`: the machine's, up to 8, for big files.
pub fn default_threads(bytes: &[u8]) -> usize {
    if bytes.len() < THREADS_FROM_BYTES {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// Reads the parts `cuts` of `bytes`, each on its own thread.
fn read_parts_threaded(bytes: &[u8], cuts: &[Cut], options: &IngestOptions) -> Result<Vec<Part>> {
    let header = header_line(bytes).unwrap_or_default();
    std::thread::scope(|s| {
        let handles: Vec<_> = cuts
            .iter()
            .map(|cut| {
                let header = &header;
                s.spawn(move || read_part(bytes, cut, header, options))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(Error::at(0, "a reading thread stopped"))))
            .collect()
    })
}

/// Reads a delimited journey file on `threads` threads. Whenever the parts
/// cannot stand for the whole (a cut inside a quoted field, times of
/// different kinds, an error), the file is read again by one reader, so
/// the result and the errors are always those of one reader.
pub fn read_threaded(bytes: &[u8], options: &IngestOptions, threads: usize) -> Result<Dataset> {
    let cuts = split(bytes, threads);
    if cuts.len() > 1 {
        let merged = read_parts_threaded(bytes, &cuts, options)
            .and_then(|parts| merge_parts(&parts, options.max_problems))
            .and_then(ingest::check);
        if let Ok(dataset) = merged {
            return Ok(dataset);
        }
    }
    ingest::read(bytes, options)
}

// ---------------------------------------------------------------- partial reports

/// First bytes of a partial report file.
pub const MAGIC: &[u8; 4] = b"TPPR";
/// Version of the partial report file; `merge` refuses others.
pub const VERSION: u32 = 1;

/// The readable head of a partial report (JSON inside the file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartialHead {
    /// `"touchpoints-partial"`.
    pub format: String,
    pub version: u32,
    /// The file the partial was made from.
    pub source: String,
    /// `"K/N"` when it is part K of N of that file, else `"1/1"`.
    pub part: String,
    /// 1-based line of the part's first byte in the source file.
    pub first_line: u64,
    pub events: u64,
    pub journeys: u64,
    pub rows: u64,
    pub bytes: u64,
    pub problems: u64,
}

impl PartialHead {
    /// The head of `part`, part `part` ("K/N") of `source`, starting at line `first_line`.
    pub fn of(part: &Part, source: &str, which: &str, first_line: u64) -> PartialHead {
        let d = &part.dataset;
        PartialHead {
            format: "touchpoints-partial".into(),
            version: VERSION,
            source: source.to_string(),
            part: which.to_string(),
            first_line,
            events: d.len() as u64,
            journeys: d.journey_count() as u64,
            rows: d.rows(),
            bytes: d.bytes(),
            problems: d.problem_count(),
        }
    }
}

/// The partial report of `part`: a JSON head and the part's dataset.
pub fn write_partial(head: &PartialHead, part: &Part) -> Vec<u8> {
    let json = serde_json::to_vec(head).unwrap_or_default();
    let mut out = Vec::with_capacity(json.len() + part.dataset.heap_bytes() + 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&encode_part(part));
    out
}

/// Reads a partial report file.
pub fn read_partial(bytes: &[u8]) -> Result<(PartialHead, Part)> {
    let bad = |what: &str| Error::at(0, format!("not a Touchpoints partial report: {what}"));
    if bytes.get(..4) != Some(&MAGIC[..]) {
        return Err(bad("it does not start with TPPR (made by touchpoints report --partial)"));
    }
    let word = |at: usize| -> Result<u32> {
        let b = bytes.get(at..at + 4).ok_or_else(|| bad("it ends too early"))?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let version = word(4)?;
    if version != VERSION {
        return Err(Error::at(
            0,
            format!("partial report version {version}; this build reads version {VERSION}"),
        ));
    }
    let len = word(8)? as usize;
    let json = bytes.get(12..12 + len).ok_or_else(|| bad("it ends too early"))?;
    let head: PartialHead =
        serde_json::from_slice(json).map_err(|e| bad(&format!("its head: {e}")))?;
    let part = decode_part(&bytes[12 + len..])?;
    Ok((head, part))
}

/// The partial of part `k` (1-based) of `n` of `bytes`, or of the whole file.
pub fn partial_of(
    source: &str,
    bytes: &[u8],
    options: &IngestOptions,
    part: Option<(usize, usize)>,
) -> Result<Vec<u8>> {
    if crate::open::is_annotation_file(source)
        || crate::open::looks_like_annotations(&bytes[..bytes.len().min(8192)])
    {
        return Err(Error::at(
            0,
            "partial reports are made of journey files, not annotation files",
        ));
    }
    let (k, n) = part.unwrap_or((1, 1));
    let end = bytes.len();
    let lines = || 1 + bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    let cut = if n > 1 && splittable(source, bytes) {
        // A file too small for n parts has fewer: the missing parts are empty.
        split(bytes, n).get(k - 1).copied().unwrap_or(Cut { start: end, end, first_line: lines() })
    } else if k == 1 {
        Cut { start: 0, end, first_line: 1 }
    } else {
        Cut { start: end, end, first_line: lines() }
    };
    let mut part = if cut.start == 0 {
        // The first part or the whole file (CSV, TSV or JSON) reads its own header.
        let mut ingest = ingest::Ingest::new(options.clone());
        ingest.push(&bytes[..cut.end])?;
        ingest.finish_part()?
    } else {
        read_part(bytes, &cut, &header_line(bytes).unwrap_or_default(), options)?
    };
    if n == 1 || cut.end == end {
        // The end of the file: no record is cut there.
        part.ends_clean = true;
    }
    let head = PartialHead::of(&part, source, &format!("{k}/{n}"), cut.first_line);
    Ok(write_partial(&head, &part))
}

/// Merges partial report files (in the order given) into one part: its
/// dataset (check it with [`ingest::check`] for a report) or, written with
/// [`write_partial`], a partial again, for a tree of merges.
pub fn merge_partials(files: &[(String, Vec<u8>)], options: &IngestOptions) -> Result<Part> {
    let mut parts = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let (_, part) = read_partial(bytes).map_err(|e| Error::at(0, format!("{name}: {e}")))?;
        parts.push(part);
    }
    let base_decided = parts.iter().any(|p| p.base_decided);
    let ends_clean = parts.last().is_none_or(|p| p.ends_clean);
    let dataset = merge_parts(&parts, options.max_problems)?;
    Ok(Part { dataset, base_decided, ends_clean })
}
