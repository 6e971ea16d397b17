//! Native attribution benchmark: the Markov model (orders 1 and 4) on 10,000
//! generated paths over 12 channels, all seven models on them, and all seven models
//! on the 1M-event benchmark file (when generated).
//!
//! ```text
//! cargo bench --bench attribution                  # or: make bench-attribution (also the wasm figures)
//! cargo run --release --example generate_bench     # writes bench-data/events-1m.csv once
//! ```
//!
//! Five timed runs each (std::time::Instant), the median printed. The paths are made
//! by the same generator as tests/bench/attribution-wasm.mjs (an LCG with a fixed
//! seed), so the native and the wasm figures measure the same work. Speed is
//! measured here, never asserted in tests.

use std::time::{Duration, Instant};
use touchpoints::attribution::{self, AttributionInput, AttributionSettings, Model};
use touchpoints::ingest::{self, IngestOptions};
use touchpoints::taxonomy;

/// The generator shared with the wasm benchmark: `rows` paths of 1–8 touches over `channels` channels.
fn paths(rows: u64, channels: u32) -> AttributionInput {
    let mut state: u32 = 12345;
    let mut next = || {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (state >> 8) & 0xFFFF
    };
    let names = (0..channels).map(|c| format!("channel {c}")).collect();
    let mut input = AttributionInput::new(names, false);
    for line in 0..rows {
        let len = 1 + next() % 8;
        let path: Vec<u32> = (0..len).map(|_| next() % channels).collect();
        let conversions = (next() % 5) as f64;
        let nulls = (1 + next() % 20) as f64;
        let value = conversions * (10 + next() % 90) as f64;
        input.push_path(&path, None, conversions, value, nulls, line + 2);
    }
    input
}

fn median(mut runs: Vec<Duration>) -> f64 {
    runs.sort();
    runs[runs.len() / 2].as_secs_f64() * 1000.0
}

fn time(label: &str, mut f: impl FnMut()) {
    f(); // warm up
    let runs: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    println!("  {label:<48} median {:>8.1} ms", median(runs));
}

fn main() {
    let input = paths(10_000, 12);
    println!("attribution bench (native, release): {} paths over 12 channels", input.len());
    for order in [1, 4] {
        let settings = AttributionSettings {
            order,
            models: vec![Model::Markov],
            ..AttributionSettings::default()
        };
        let report = attribution::attribute(&input, &settings).unwrap_or_else(|e| panic!("{e}"));
        let m = report.markov.as_ref().map(|m| (m.states, m.solver.largest_component));
        time(&format!("Markov order {order} ({m:?} states, largest block)"), || {
            std::hint::black_box(attribution::attribute(&input, &settings).ok());
        });
    }
    let many = paths(20_000, 300);
    let markov =
        AttributionSettings { models: vec![Model::Markov], ..AttributionSettings::default() };
    time("Markov order 1, 20,000 paths over 300 channels", || {
        std::hint::black_box(attribution::attribute(&many, &markov).ok());
    });
    let all = AttributionSettings::default();
    time("all seven models", || {
        std::hint::black_box(attribution::attribute(&input, &all).ok());
    });

    let file = "bench-data/events-1m.csv";
    let Ok(bytes) = std::fs::read(file) else {
        println!("  ({file} missing: cargo run --release --example generate_bench)");
        return;
    };
    let dataset = ingest::read(&bytes, &IngestOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let rules = taxonomy::expand(&taxonomy::preset("retail").unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let classification = taxonomy::classify(&dataset, &rules);
    println!("{file}: {} events, {} journeys", dataset.len(), dataset.journey_count());
    time("all seven models (dataset → report)", || {
        std::hint::black_box(attribution::analyse(&dataset, &classification, &all).ok());
    });
}
