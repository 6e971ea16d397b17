//! The Journeys page's inputs: a funnel spec (JSON or a step list), path
//! settings and journey-map settings, run on a small classified dataset. Bad
//! specs are refused with a message; a spec that reads runs without a panic, and
//! its CSV exports are written.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use touchpoints::analysis::Analysis;
use touchpoints::ingest::IngestOptions;
use touchpoints::journeys::{funnel, journey_map, paths, FunnelSpec, MapSettings, PathSettings, Source};

fn analysis() -> &'static Analysis {
    static A: OnceLock<Analysis> = OnceLock::new();
    A.get_or_init(|| {
        let csv = "journey,time,touchpoint,channel,rating,expectation\n\
                   J1,2026-01-01T00:00:00Z,Instagram ad,social,4,3\n\
                   J1,2026-01-01T00:05:00Z,Website visit,web,2,4\n\
                   J1,2026-01-01T02:00:00Z,Online order,web,5,4\n\
                   J1,2026-01-03T10:00:00Z,Delivery,post,4,4\n\
                   J2,2026-01-01T00:00:00Z,Instagram ad,social,3,3\n\
                   J2,2026-01-02T00:00:00Z,Store visit,store,5,3\n\
                   J3,2026-01-05T00:00:00Z,Search ad,search,,\n\
                   J3,2026-01-05T00:01:00Z,Website visit,web,3,3\n";
        Analysis::from_bytes(csv.as_bytes(), &IngestOptions::default(), touchpoints::taxonomy::preset("retail").expect("preset"))
            .expect("the fixed data reads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = touchpoints_fuzz::split_first(data) else { return };
    let text = String::from_utf8_lossy(rest);
    let a = analysis();
    let source = Source::new(&a.dataset, &a.classification);
    match selector % 4 {
        0 | 1 => {
            let spec = if selector % 4 == 0 { FunnelSpec::from_json(&text) } else { FunnelSpec::from_step_list(&text) };
            let Ok(spec) = spec else { return };
            if let Ok(report) = funnel(source, &spec) {
                let _ = report.steps_csv();
                let _ = report.dropoff_csv(None);
                let _ = report.dropoff_csv(Some(0));
            }
        }
        2 => {
            let Ok(settings) = serde_json::from_str::<PathSettings>(&text) else { return };
            if let Ok(report) = paths(source, &settings) {
                let _ = report.links_csv();
                let _ = report.matrix_csv();
            }
        }
        _ => {
            let Ok(settings) = serde_json::from_str::<MapSettings>(&text) else { return };
            if let Ok(map) = journey_map(source, &settings, &Default::default(), &Default::default()) {
                let _ = map.csv();
            }
        }
    }
});
