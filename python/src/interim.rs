//! INTERIM, until the core's partial format lands (docs/partials.md, branch
//! `columnar`): a partial is the partition's record batches as an Arrow IPC
//! stream, and a merge reads every partial's batches in order. This file is
//! replaced by three calls into the core (encode a part, decode, merge parts).

use arrow_array::RecordBatch;
use touchpoints::ingest::arrow::ArrowIngest;
use touchpoints::ingest::IngestOptions;
use touchpoints::model::Dataset;

/// The batches of one partition as bytes (mapped columns renamed to their canonical names).
pub fn encode(
    batches: &[RecordBatch],
    mapping: &touchpoints::ingest::ColumnMapping,
) -> Result<Vec<u8>, String> {
    let Some(first) = batches.first() else { return Ok(Vec::new()) };
    let names: Vec<String> = first.schema().fields().iter().map(|f| f.name().clone()).collect();
    let resolved =
        touchpoints::ingest::arrow::resolve_columns(names, mapping).map_err(|e| e.to_string())?;
    let fields: Vec<arrow_schema::Field> = first
        .schema()
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let canonical = resolved.iter().find(|(_, n)| *n == f.name()).map(|(c, _)| c.clone());
            f.as_ref().clone().with_name(canonical.unwrap_or_else(|| format!("unused column {i}")))
        })
        .collect();
    let schema = std::sync::Arc::new(arrow_schema::Schema::new(fields));
    let mut out = Vec::new();
    let mut w =
        arrow_ipc::writer::StreamWriter::try_new(&mut out, &schema).map_err(|e| e.to_string())?;
    for b in batches {
        let b = RecordBatch::try_new(schema.clone(), b.columns().to_vec())
            .map_err(|e| e.to_string())?;
        w.write(&b).map_err(|e| e.to_string())?;
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
