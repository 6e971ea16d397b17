//! INTERIM, until the core's partial format lands (docs/partials.md, branch
//! `columnar`): a partial is the partition's record batches as an Arrow IPC
//! stream, and a merge reads every partial's batches in order. This file is
//! replaced by three calls into the core (encode a part, decode, merge parts).

use arrow_array::RecordBatch;
use touchpoints::ingest::arrow::ArrowIngest;
use touchpoints::ingest::IngestOptions;
use touchpoints::model::Dataset;

/// The batches of one partition as bytes.
pub fn encode(batches: &[RecordBatch]) -> Result<Vec<u8>, String> {
    let Some(first) = batches.first() else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    let mut w = arrow_ipc::writer::StreamWriter::try_new(&mut out, first.schema_ref())
        .map_err(|e| e.to_string())?;
    for b in batches {
        w.write(b).map_err(|e| e.to_string())?;
    }
    w.finish().map_err(|e| e.to_string())?;
    drop(w);
    Ok(out)
}

/// The dataset of all partials, in order.
pub fn merge(partials: &[Vec<u8>], options: IngestOptions) -> touchpoints::Result<Dataset> {
    let mut ingest = ArrowIngest::new(options);
    for p in partials.iter().filter(|p| !p.is_empty()) {
        let reader = arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(p), None)
            .map_err(|e| touchpoints::Error::at(0, e.to_string()))?;
        for batch in reader {
            let batch = batch.map_err(|e| touchpoints::Error::at(0, e.to_string()))?;
            ingest.push(&batch)?;
        }
    }
    ingest.finish()
}
