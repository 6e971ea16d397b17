//! Value sheet drafts as the page edits them (JSON): checked cell by cell;
//! a draft that checks is a sheet whose own draft checks to the same sheet.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::value::draft::SheetDraft;
use touchpoints::value::sheet::write_value_sheet_csv;

fuzz_target!(|data: &[u8]| {
    let Ok(draft) = serde_json::from_slice::<SheetDraft>(data) else { return };
    let Ok(sheet) = draft.check() else { return };
    let again = SheetDraft::from_sheet(&sheet).check().expect("a sheet's draft checks");
    assert_eq!(write_value_sheet_csv(&again), write_value_sheet_csv(&sheet));
});
