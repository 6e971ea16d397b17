//! The value sheet as the page edits it (`value::draft`): the core says which
//! cells are bad, by position, and a sheet with a bad cell gives no ranking.

use touchpoints::value::draft::{Column, SheetDraft};
use touchpoints::value::{perceived_value, read_value_sheet};

fn draft(json: &str) -> SheetDraft {
    serde_json::from_str(json).expect("draft JSON")
}

/// The problems of `json` as (row, column, code).
fn check(json: &str, expected: &[(i64, Column, &str)]) {
    let got: Vec<(i64, Column, &str)> = match draft(json).check() {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(|p| (p.row, p.col, p.code)).collect(),
    };
    assert_eq!(got, expected, "{json}");
}

#[test]
fn bad_cells_are_named_by_position() {
    use Column::{Field, Offer};
    let ok = r#"{"offers": ["Ours", "Rival"], "criteria": [
        {"name": "Room", "side": "benefit", "weight": "2", "ratings": ["4", ""]},
        {"name": "Rate", "side": "cost", "weight": "1,5", "ratings": ["3", "2.5"]}]}"#;
    check(ok, &[]);
    let sheet = draft(ok).check().unwrap();
    assert_eq!(sheet.criteria[1].weight, 1.5);
    assert_eq!(sheet.criteria[0].ratings, [Some(4.0), None]);
    check(
        r#"{"offers": ["Ours", " ", "Ours"], "criteria": [
            {"name": "Room", "side": "benefit", "weight": "x", "ratings": ["4", "x", "5"]},
            {"name": "room", "side": "gain", "weight": "-1", "ratings": ["", "", "abc"]},
            {"name": " ", "side": "cost", "weight": "", "ratings": []}]}"#,
        &[
            (-1, Offer(1), "offer-empty"),
            (-1, Offer(2), "offer-twice"),
            (0, Field("weight"), "not-a-number"),
            (0, Offer(1), "not-a-number"),
            (1, Field("name"), "name-twice"),
            (1, Field("side"), "side"),
            (1, Field("weight"), "weight-negative"),
            (1, Offer(2), "not-a-number"),
            (2, Field("name"), "name-empty"),
            (2, Field("weight"), "weight-missing"),
        ],
    );
}

#[test]
fn a_rating_that_is_not_a_number_gives_no_ranking() {
    // Were "x" counted as 0 (no cost), ours would rank first with 10 − 0.
    let json = r#"{"offers": ["Ours", "Rival"], "criteria": [
        {"name": "Quality", "side": "benefit", "weight": "1", "ratings": ["10", "10"]},
        {"name": "Price", "side": "cost", "weight": "1", "ratings": ["x", "2"]}]}"#;
    let problems = draft(json).check().unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].row, problems[0].col), (1, Column::Offer(0)));
    assert_eq!(problems[0].message, "\"x\" is not a number");
    // Fixed, the sheet ranks.
    let fixed = json.replace("\"x\"", "\"9\"");
    let report = perceived_value(&draft(&fixed).check().unwrap());
    assert_eq!(report.ranking, ["Rival", "Ours"]);
}

#[test]
fn a_read_sheet_round_trips_through_its_draft() {
    let path = format!("{}/www/samples/value-hotels.csv", env!("CARGO_MANIFEST_DIR"));
    let sheet = read_value_sheet("value-hotels.csv", &std::fs::read(path).unwrap()).unwrap();
    assert_eq!(SheetDraft::from_sheet(&sheet).check().unwrap(), sheet);
}
