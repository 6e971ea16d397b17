//! The CLV page's inputs: a settings JSON and a transactions or journey file,
//! as `settings\n--8<--\nfile` (a lone file runs with the default settings).
//! Bad settings are refused with a message; settings that read fit the models
//! without a panic (a fit that fails says why), and the customer table, its
//! CSV, the report JSON and the charts are written.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::charts::clv::charts;
use touchpoints::clv::{analyse, purchases_of, ClvQuery, ClvSettings};
use touchpoints::ingest::IngestOptions;
use touchpoints::open::FileReader;

fuzz_target!(|data: &[u8]| {
    let Some((settings, file)) = touchpoints_fuzz::settings_and_file::<ClvSettings>(data) else { return };
    let mut reader = FileReader::new("transactions.csv", IngestOptions::default());
    if reader.push(file).is_err() {
        return;
    }
    let Ok(dataset) = reader.finish() else { return };
    let Some(purchases) = purchases_of(&dataset, settings.purchase_rule) else { return };
    let Ok(clv) = analyse(&purchases, &settings) else { return };
    let _ = clv.page(&ClvQuery::default());
    let _ = clv.csv();
    let _ = serde_json::to_string(&clv.report).expect("the report serialises");
    let _ = charts(&clv.report);
});
