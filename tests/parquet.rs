//! Parquet in the command line: `touchpoints report FILE.parquet` gives the
//! report of the same events as a CSV (but the input size), and bad cells
//! are bad rows numbered by row.

#![cfg(all(feature = "parquet", not(target_arch = "wasm32")))]

use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, RecordBatch, StringArray, TimestampMillisecondArray,
};
use std::sync::Arc;
use touchpoints::cli;

fn report_json(path: &std::path::Path) -> serde_json::Value {
    report_json_with(path, &[])
}

/// The report with `more` arguments (e.g. `--threads 2`).
fn report_json_with(path: &std::path::Path, more: &[&str]) -> serde_json::Value {
    let mut args: Vec<String> =
        ["report", path.to_str().unwrap_or(""), "--preset", "retail", "--format", "json"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    args.extend(more.iter().map(|s| s.to_string()));
    let out = cli::run(&args).unwrap_or_else(|e| panic!("{e}"));
    let mut v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    // The input size differs (CSV bytes against a Parquet file's).
    v.as_object_mut().map(|m| m.remove("bytes"));
    v
}

fn write_parquet(path: &std::path::Path, columns: Vec<(&str, ArrayRef)>) {
    let batch = RecordBatch::try_from_iter(columns).unwrap_or_else(|e| panic!("{e}"));
    let file = std::fs::File::create(path).unwrap_or_else(|e| panic!("{e}"));
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    w.write(&batch).unwrap_or_else(|e| panic!("{e}"));
    w.close().unwrap_or_else(|e| panic!("{e}"));
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("touchpoints-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir.join(name)
}

/// 2026-03-02T09:15:00Z in milliseconds.
const T0: i64 = 1_772_442_900_000;

#[test]
fn a_parquet_file_reports_like_its_csv() {
    let csv = temp("events.csv");
    std::fs::write(
        &csv,
        "journey,time,touchpoint,channel,value,converted,colour\n\
         c1,2026-03-02T09:15:00Z,Newsletter,email,,,red\n\
         c1,2026-03-02T10:15:00Z,Checkout,web,12.5,true,red\n\
         c2,2026-03-02T11:15:00Z,Store visit,store,,false,blue\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let pq = temp("events.parquet");
    write_parquet(
        &pq,
        vec![
            ("journey", Arc::new(StringArray::from(vec!["c1", "c1", "c2"])) as ArrayRef),
            (
                "time",
                Arc::new(
                    TimestampMillisecondArray::from(vec![T0, T0 + 3_600_000, T0 + 7_200_000])
                        .with_timezone("UTC"),
                ),
            ),
            (
                "touchpoint",
                Arc::new(StringArray::from(vec!["Newsletter", "Checkout", "Store visit"])),
            ),
            ("channel", Arc::new(StringArray::from(vec!["email", "web", "store"]))),
            ("value", Arc::new(Float64Array::from(vec![None, Some(12.5), None]))),
            ("converted", Arc::new(BooleanArray::from(vec![None, Some(true), Some(false)]))),
            ("colour", Arc::new(StringArray::from(vec!["red", "red", "blue"]))),
        ],
    );
    assert_eq!(report_json(&pq), report_json(&csv));
    // On several threads (the default for files from 8 MB) a Parquet file is not cut like
    // text: it was refused as "not a text file" from that size up.
    assert_eq!(report_json_with(&pq, &["--threads", "2"]), report_json(&csv));
}

#[test]
fn bad_cells_are_bad_rows_by_row_and_field() {
    let pq = temp("bad.parquet");
    write_parquet(
        &pq,
        vec![
            (
                "customer_id",
                Arc::new(StringArray::from(vec![Some("c1"), None, Some("c2")])) as ArrayRef,
            ),
            ("event_time", Arc::new(StringArray::from(vec!["2026-03-02", "2026-03-03", "soon"]))),
            ("event", Arc::new(StringArray::from(vec!["Ad", "Ad", "Visit"]))),
        ],
    );
    let report = report_json(&pq);
    let rows: Vec<(u64, u64)> = report["problems"]["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|p| (p["line"].as_u64().unwrap_or(0), p["column"].as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(rows, vec![(2, 1), (3, 2)]);
    assert_eq!(report["events"], 1);
}

#[test]
fn a_parquet_file_without_a_journey_column_names_what_it_found() {
    let pq = temp("nojourney.parquet");
    write_parquet(&pq, vec![("colour", Arc::new(StringArray::from(vec!["red"])) as ArrayRef)]);
    let args: Vec<String> =
        ["report", pq.to_str().unwrap_or("")].iter().map(|s| s.to_string()).collect();
    let err = cli::run(&args).err().unwrap_or_default();
    assert!(err.contains("no column for the journey or customer"), "{err}");
    assert!(err.contains("Parquet/Arrow columns; found: \"colour\""), "{err}");
}

#[test]
fn a_broken_parquet_file_is_an_error_not_a_panic() {
    let pq = temp("broken.parquet");
    std::fs::write(&pq, b"PAR1 this is not really parquet").unwrap_or_else(|e| panic!("{e}"));
    let args: Vec<String> =
        ["report", pq.to_str().unwrap_or("")].iter().map(|s| s.to_string()).collect();
    let err = cli::run(&args).err().unwrap_or_default();
    assert!(err.contains("this Parquet file cannot be read"), "{err}");
}
