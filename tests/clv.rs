//! CLV models against the published CDNOW estimates, closed forms at fixed
//! parameters, and degenerate data (tests/data/clv/README.md says where every
//! reference number comes from).

use touchpoints::clv::{analyse, purchases_of, ClvSettings, ModelKey, Purchases, Unit};
use touchpoints::engagement::PurchaseRule;
use touchpoints::ingest::{self, IngestOptions};

fn cdnow() -> Purchases {
    let bytes = std::fs::read("tests/data/clv/cdnow-transactions.csv").unwrap();
    let dataset = ingest::read(&bytes, &IngestOptions::default()).unwrap();
    purchases_of(&dataset, PurchaseRule::Auto).unwrap()
}

fn cdnow_settings() -> ClvSettings {
    ClvSettings {
        unit: Unit::Weeks,
        calibration_end: Some("1997-09-30".into()),
        ..ClvSettings::default()
    }
}

#[test]
fn cdnow_matches_the_published_estimates() {
    let started = std::time::Instant::now();
    let clv = analyse(&cdnow(), &cdnow_settings()).unwrap();
    eprintln!("{:?}", started.elapsed());
    let r = &clv.report;
    eprintln!("{}", serde_json::to_string_pretty(&r.models).unwrap());
    eprintln!("{:?}", r.holdout);
    eprintln!("{:?}", r.warnings);
    assert_eq!(r.customers, 2357);
}
