//! The value sheet's CSV writer: what it writes reads back as the same
//! sheet (names with commas, quotes, line breaks and formula characters,
//! decimals, missing ratings), checked through one `check` helper.

use touchpoints::value::{read_value_sheet, write_value_sheet_csv, ValueSheet};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Reads `path`, writes it as CSV, reads that back: the same sheet, and
/// writing again gives the same text.
fn check(path: &str) -> (ValueSheet, String) {
    let bytes = std::fs::read(format!("{ROOT}/{path}")).unwrap();
    let sheet = read_value_sheet(path, &bytes).unwrap();
    let csv = write_value_sheet_csv(&sheet);
    let back = read_value_sheet("back.csv", csv.as_bytes())
        .unwrap_or_else(|e| panic!("{path}: the written CSV does not read back: {e}\n{csv}"));
    assert_eq!(back, sheet, "{path}: round trip changed the sheet\n{csv}");
    assert_eq!(write_value_sheet_csv(&back), csv, "{path}: second write differs");
    (sheet, csv)
}

#[test]
fn shipped_example_round_trips() {
    let (sheet, csv) = check("www/samples/value-hotels.csv");
    assert_eq!(sheet.offers.len(), 3);
    assert!(csv.starts_with("criterion,side,category,weight,Harbour Hotel,"));
}

#[test]
fn fixtures_round_trip() {
    for path in ["tests/data/value/hotels.json", "tests/data/value/missing-ratings.csv"] {
        check(path);
    }
}

#[test]
fn tricky_text_and_numbers_round_trip() {
    let (sheet, csv) = check("tests/data/value_csv/tricky.json");
    assert_eq!(sheet.criteria[0].weight, 0.30000000000000004);
    assert_eq!(sheet.criteria[0].ratings[3], Some(1e-7));
    // Formula characters are guarded for spreadsheets, quotes doubled.
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    assert!(csv.contains("'-Noise,cost,'@psychological,2,-1,0,5,,12345.678"), "{csv}");
    assert!(csv.contains("\"Ours, \"\"the best\"\"\""), "{csv}");
    assert!(csv.contains("\"Line\nbreak\",cost,,0,,,,,\n"), "{csv}");
}

#[test]
fn exact_text_of_a_small_sheet() {
    let sheet = read_value_sheet(
        "s.csv",
        b"criterion;side;category;weight;A;B\nq;benefit;product;1,5;3;4,5\nt;cost;time;2;;1\n",
    )
    .unwrap();
    assert_eq!(
        write_value_sheet_csv(&sheet),
        "criterion,side,category,weight,A,B\nq,benefit,product,1.5,3,4.5\nt,cost,time,2,,1\n"
    );
}
