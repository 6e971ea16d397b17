//! Native journeys benchmark: funnels (each option family), paths and the
//! journey map on the 1M-event benchmark file. The wasm figures (what the page
//! runs) come from `node tests/bench/journeys.mjs`. Speed is measured here,
//! never asserted in tests.
//!
//! ```text
//! cargo run --example generate_bench      # writes bench-data/events-1m.csv once
//! cargo bench --bench journeys            # or: cargo bench --bench journeys -- other.csv
//! ```

use std::time::Instant;
use touchpoints::analysis::Analysis;
use touchpoints::ingest::IngestOptions;
use touchpoints::journeys::{
    funnel, journey_map, paths, FunnelSpec, MapSettings, PathSettings, Source,
};
use touchpoints::taxonomy;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let path = args.first().cloned().unwrap_or_else(|| "bench-data/events-1m.csv".into());
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("cannot read {path}: generate it with cargo run --example generate_bench");
        std::process::exit(1);
    };
    let started = Instant::now();
    let Ok(a) = Analysis::from_bytes(
        &bytes,
        &IngestOptions::default(),
        taxonomy::preset("retail").unwrap_or_else(|_| unreachable!()),
    ) else {
        eprintln!("{path}: not readable");
        std::process::exit(1);
    };
    println!(
        "{path}: {} events, {} journeys; analysis {:.0} ms",
        a.dataset.len(),
        a.dataset.journey_count(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let source = Source::new(&a.dataset, &a.classification);
    let steps = "Instagram ad, Website visit, Online order, Delivery";
    let spec = |json: &str| FunnelSpec::from_json(json).unwrap_or_else(|e| panic!("{e}"));
    let base = FunnelSpec::from_step_list(steps).unwrap_or_else(|e| panic!("{e}"));
    let quoted: Vec<String> =
        steps.split(", ").map(|s| format!("{{\"touchpoint\": \"{s}\"}}")).collect();
    let list = quoted.join(", ");
    let cases: Vec<(&str, FunnelSpec)> = vec![
        ("funnel, sequential", base.clone()),
        ("funnel, strict", spec(&format!("{{\"steps\": [{list}], \"order\": \"strict\"}}"))),
        ("funnel, any order", spec(&format!("{{\"steps\": [{list}], \"order\": \"any\"}}"))),
        (
            "funnel, completions",
            spec(&format!("{{\"steps\": [{list}], \"count\": \"completions\"}}")),
        ),
        ("funnel, open", spec(&format!("{{\"steps\": [{list}], \"mode\": \"open\"}}"))),
        (
            "funnel, class steps + breakdown",
            spec(
                r#"{"steps": ["stage = pre-purchase", "stage = purchase", "stage = post-purchase"], "breakdown": {"by": "channel"}}"#,
            ),
        ),
    ];
    let time = |name: &str, run: &mut dyn FnMut()| {
        run();
        let mut times: Vec<f64> = (0..3)
            .map(|_| {
                let t = Instant::now();
                run();
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!("  {name:<40} {:>7.1} ms (median of 3)", times[1]);
    };
    for (name, s) in &cases {
        time(name, &mut || {
            let _ = funnel(source, s);
        });
    }
    time("paths, 5 steps from the start", &mut || {
        let _ = paths(source, &PathSettings::default());
    });
    time("journey map", &mut || {
        let _ = journey_map(
            source,
            &MapSettings::default(),
            &a.settings.satisfaction,
            &a.settings.engagement,
        );
    });
}
