//! Value sheets (CSV or JSON by name): read, write as CSV, read again (the
//! same sheet); its draft checks back to the same sheet; the report is built.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::value::draft::SheetDraft;
use touchpoints::value::sheet::{read_value_sheet, write_value_sheet_csv};

fuzz_target!(|data: &[u8]| {
    let Some((selector, input)) = touchpoints_fuzz::split_first(data) else { return };
    let name = if selector % 2 == 0 { "sheet.csv" } else { "sheet.json" };
    let Ok(sheet) = read_value_sheet(name, input) else { return };
    let csv = write_value_sheet_csv(&sheet);
    let again = read_value_sheet("again.csv", csv.as_bytes())
        .unwrap_or_else(|e| panic!("our CSV does not re-read: {e}\n{csv}"));
    assert_eq!(write_value_sheet_csv(&again), csv, "CSV not a fixed point");
    let draft = SheetDraft::from_sheet(&sheet);
    let checked = draft.check().unwrap_or_else(|p| panic!("draft of a good sheet fails: {p:?}"));
    assert_eq!(write_value_sheet_csv(&checked), csv, "draft round trip");
    let _ = touchpoints::charts::value_map::value_map_chart(
        &touchpoints::value::perceived::perceived_value(&sheet),
    );
});
