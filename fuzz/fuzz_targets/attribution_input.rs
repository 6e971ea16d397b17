//! The Attribution page's inputs: a settings JSON and a journey or path file
//! (`path,total_conversions,…`), as `settings\n--8<--\nfile` (a lone file runs
//! with the default settings). Bad settings are refused with a message; settings
//! that read run every model without a panic, every credit is a finite number,
//! and the CSV, the transition matrix and both charts are written.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::attribution::report::{chain, report_csv};
use touchpoints::attribution::{self, input, AttributionSettings};
use touchpoints::charts::attribution::{attribution_chart, Metric};
use touchpoints::ingest::{read, IngestOptions};

fuzz_target!(|data: &[u8]| {
    let Some((settings, file)) = touchpoints_fuzz::settings_and_file::<AttributionSettings>(data) else { return };
    let mut settings = settings;
    // Valid but slow settings are lowered (the limits are the user's to raise; a
    // fuzz input must run in milliseconds). Invalid ones still reach validation.
    if (1..=1_000_000).contains(&settings.shapley_permutations) {
        settings.shapley_permutations = settings.shapley_permutations.min(200);
    }
    settings.shapley_exact_limit = settings.shapley_exact_limit.min(10);
    let Ok(dataset) = read(file, &IngestOptions::default()) else { return };
    let rules = &touchpoints_fuzz::preset("generic").0;
    let classification = touchpoints::taxonomy::classify(&dataset, rules);
    if !attribution::applies(&dataset) {
        return;
    }
    let Ok(report) = attribution::analyse(&dataset, &classification, &settings) else { return };
    for (model, map) in report.models.computed() {
        for (channel, credit) in &map.0 {
            assert!(
                credit.conversions.is_finite() && credit.value.is_finite(),
                "{model:?} gives {channel} {credit:?}"
            );
        }
    }
    let _ = report_csv(&report);
    let _ = attribution_chart("a", &report, Metric::Conversions);
    let _ = attribution_chart("b", &report, Metric::Value);
    let paths = input::from_dataset(
        &dataset,
        &classification,
        settings.dimension,
        settings.conversion_paths,
    );
    let _ = chain(&paths, settings.order).matrix_csv(&paths.channel_names);
});
