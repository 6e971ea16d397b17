//! The file opener: any bytes under any of our file names, in random
//! chunks; the dataset (when there is one) is classified and reported.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::ingest::IngestOptions;
use touchpoints::open::FileReader;

fuzz_target!(|data: &[u8]| {
    let Some((selector, input)) = touchpoints_fuzz::split_first(data) else { return };
    let name = touchpoints_fuzz::name(selector);
    let mut reader = FileReader::new(name, IngestOptions::default());
    for piece in touchpoints_fuzz::pieces(input, u64::from(selector)) {
        if reader.push(piece).is_err() {
            return;
        }
    }
    let Ok(dataset) = reader.finish() else { return };
    let rules = &touchpoints_fuzz::preset("generic").0;
    let classification = touchpoints::taxonomy::classify(&dataset, &rules);
    let report = touchpoints::report::build(&dataset, &classification, rules, "generic");
    let _ = serde_json::to_string(&report).unwrap();
});
