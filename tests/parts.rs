//! A file read in parts (cut at record starts, read one by one, merged) gives
//! the same dataset and the same report, byte for byte, as one reader:
//! N = 1…4 parts and every cut a chunk size can give, on the fixtures and
//! samples and on files made to be awkward (quotes with line ends at the
//! cut, CRLF, BOM, a bad row at the cut, a journey in every part).

use touchpoints::analysis::Analysis;
use touchpoints::dataset::{decode_part, encode_part, merge_parts};
use touchpoints::ingest::split::{cuts, scan, split, Cut};
use touchpoints::ingest::{self, header_line, read_part, IngestOptions};
use touchpoints::taxonomy;

fn file(path: &str) -> Vec<u8> {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The report JSON of `bytes` read whole, or the error.
fn whole(bytes: &[u8]) -> Result<String, String> {
    let d = ingest::read(bytes, &IngestOptions::default()).map_err(|e| e.to_string())?;
    report(d)
}

fn report(d: touchpoints::model::Dataset) -> Result<String, String> {
    let a =
        Analysis::new(d, taxonomy::preset("retail").expect("preset")).map_err(|e| e.to_string())?;
    Ok(serde_json::to_string(&a.full_report()).expect("report serializes"))
}

/// The dataset of `bytes` read in the parts `c`, the parts going through
/// their binary form as between workers.
fn dataset_in_parts(bytes: &[u8], c: &[Cut]) -> Result<touchpoints::model::Dataset, String> {
    let options = IngestOptions::default();
    let header = header_line(bytes).unwrap_or_default();
    let mut parts = Vec::new();
    for cut in c {
        let part = read_part(bytes, cut, &header, &options).map_err(|e| e.to_string())?;
        let decoded = decode_part(&encode_part(&part)).expect("a part decodes");
        assert_eq!(decoded, part, "binary round trip");
        parts.push(decoded);
    }
    let merged = merge_parts(&parts, options.max_problems).map_err(|e| e.to_string())?;
    ingest::check(merged).map_err(|e| e.to_string())
}

/// The report JSON of `bytes` read in the parts `c`.
fn in_parts(bytes: &[u8], c: &[Cut]) -> Result<String, String> {
    report(dataset_in_parts(bytes, c)?)
}

/// Checks `bytes` in 1…4 parts (the report), and in the parts of every
/// chunk size up to `sizes` (the dataset: all cuts a small file can have).
fn check(name: &str, bytes: &[u8], sizes: usize) {
    let want = whole(bytes);
    let want_dataset = ingest::read(bytes, &IngestOptions::default()).map_err(|e| e.to_string());
    for n in 1..=4 {
        let c = split(bytes, n);
        if n == 3 {
            assert_eq!(in_parts(bytes, &c), want, "{name} in {n} parts {c:?}");
        }
        assert_eq!(dataset_in_parts(bytes, &c), want_dataset, "{name} in {n} parts {c:?}");
        let read = ingest::read_in_parts(bytes, &c, &IngestOptions::default());
        assert_eq!(read.map_err(|e| e.to_string()), want_dataset);
    }
    for size in 1..=sizes.min(bytes.len()) {
        let scans: Vec<_> = bytes.chunks(size).map(scan).collect();
        let c = cuts(&scans);
        assert_eq!(dataset_in_parts(bytes, &c), want_dataset, "{name} in chunks of {size}: {c:?}");
    }
}

#[test]
fn fixtures_and_samples_in_parts_equal_one_reader() {
    for name in [
        "tests/data/ingest/bom.csv",
        "tests/data/ingest/crlf.csv",
        "tests/data/ingest/quoted.csv",
        "tests/data/ingest/latin1.csv",
        "tests/data/ingest/unknown-times.csv",
        "tests/data/ingest/duplicate-headers.csv",
        "tests/data/ingest/tabs.tsv",
        "tests/data/ingest/transactions.csv",
        "tests/data/ingest/header-only.csv",
        "www/samples/bad-rows.csv",
        "www/samples/attribution-paths.csv",
        "www/samples/transactions.csv",
    ] {
        let bytes = file(name);
        check(name, &bytes, 48);
    }
    for name in ["www/samples/retail-journeys.csv", "www/samples/hotel-journeys.csv"] {
        check(name, &file(name), 0);
    }
}

#[test]
fn awkward_cuts_equal_one_reader() {
    // BOM, CRLF, quoted line ends and doubled quotes, a bad row, a journey
    // (c1) in every part, a name first met late, blank lines.
    let mut text = String::from("\u{feff}journey,time,touchpoint,channel,value\r\n");
    for i in 0..40 {
        let row = match i % 8 {
            0 => format!("c1,2026-03-{:02}T10:00:00Z,\"Store,\r\nwindow\",web,\r\n", 1 + i % 27),
            1 => format!("c{},2026-03-02,Newsletter,\"in \"\"town\"\"\",3.5\r\n", i % 5),
            2 => format!("c{},not a time,Visit,web,\r\n", i % 3),
            3 => "\r\n".to_string(),
            4 => {
                format!("c{},2026-03-0{}T09:00:00+01:00,Caf\u{e9} {i},app,x\r\n", i % 4, 1 + i % 9)
            }
            5 => format!("c1,1772442900{},Checkout,store,12\r\n", i % 10),
            6 => format!("c{},2026-03-02,\"multi\nline\nname\",,1\n", i % 6),
            _ => format!("c{},2026-03-03,Visit,web,2.25,extra\r\n", i % 2),
        };
        text.push_str(&row);
    }
    check("awkward", text.as_bytes(), 160);
}

#[test]
fn stray_quotes_or_mixed_times_fall_back_to_one_part_errors() {
    // A quote inside an unquoted field fools the parity: the merge says so.
    let text = b"journey,time,touchpoint\nc1,2026-03-02,5\" screen\nc2,2026-03-02,\"multi\nline\"\nc3,2026-03-02,Visit\nc4,2026-03-02,Visit\n";
    let mut refused = 0;
    for size in 1..text.len() {
        let c = cuts(&text.chunks(size).map(scan).collect::<Vec<_>>());
        match in_parts(text, &c) {
            Ok(report) => assert_eq!(Ok(report), whole(text), "chunks of {size}"),
            Err(e) => {
                assert!(e.contains("ends inside a record"), "{e}");
                refused += 1;
            }
        }
    }
    assert!(refused > 0, "some cut lands after the stray quote");
    let mixed = b"journey,time,touchpoint\nc1,12.5,Visit\nc2,2026-03-02,Visit\n";
    let c = cuts(&[scan(&mixed[..30]), scan(&mixed[30..])]);
    assert_eq!(c.len(), 2);
    let e = in_parts(mixed, &c).unwrap_err();
    assert!(e.contains("times of different kinds"), "{e}");
    // A damaged part is an error, not a panic.
    let part =
        read_part(mixed, &c[1], "journey,time,touchpoint", &IngestOptions::default()).unwrap();
    let bytes = encode_part(&part);
    for cut in [0, 3, 7, bytes.len() / 2, bytes.len() - 1] {
        assert!(decode_part(&bytes[..cut]).is_err());
    }
    let mut wrong = bytes.clone();
    wrong[4] = 9;
    assert!(decode_part(&wrong).unwrap_err().to_string().contains("version 9"));
}
