//! Native ingest benchmark: read + classify + report of a large journey CSV.
//!
//! ```text
//! cargo run --release --example generate_bench   # writes bench-data/events-1m.csv once
//! cargo bench --bench ingest                     # or: make bench
//! cargo bench --bench ingest -- other.csv 5      # another file, 5 iterations
//! ```
//!
//! Three timed iterations (std::time::Instant, no criterion); prints each phase, MB/s
//! and events/s per iteration and the median. Speed is measured here, never asserted
//! in tests.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use touchpoints::ingest::{self, IngestOptions};
use touchpoints::{report, taxonomy};

const DEFAULT_FILE: &str = "bench-data/events-1m.csv";
const PRESET: &str = "retail";

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; ignore flags, take an optional path and count.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let path = PathBuf::from(args.first().map(String::as_str).unwrap_or(DEFAULT_FILE));
    let iterations: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(3).max(1);

    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            eprintln!("generate it first: cargo run --release --example generate_bench");
            return ExitCode::FAILURE;
        }
    };
    let rule_set = match taxonomy::preset(PRESET) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("preset {PRESET}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mb = bytes.len() as f64 / (1024.0 * 1024.0);
    println!(
        "ingest bench: {} ({mb:.1} MiB), preset {PRESET}, {iterations} iterations",
        path.display()
    );

    let mut totals = Vec::with_capacity(iterations);
    let mut events = 0u64;
    for i in 1..=iterations {
        let start = Instant::now();
        let dataset = match ingest::read(&bytes, &IngestOptions::default()) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("read failed: {e}");
                return ExitCode::FAILURE;
            }
        };
        let read = start.elapsed();
        let rules = match taxonomy::expand(&rule_set) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("rules: {e}");
                return ExitCode::FAILURE;
            }
        };
        let classification = taxonomy::classify(&dataset, &rules);
        let classify = start.elapsed() - read;
        let report = report::build(&dataset, &classification, &rules, &rule_set.name);
        let total = start.elapsed();
        let build = total - read - classify;
        events = report.events;
        println!(
            "  run {i}: read {:>7.1} ms  classify {:>7.1} ms  report {:>7.1} ms  total {:>7.1} ms  \
             {:>6.1} MB/s  {:>10.0} events/s",
            ms(read),
            ms(classify),
            ms(build),
            ms(total),
            mb / total.as_secs_f64(),
            report.events as f64 / total.as_secs_f64(),
        );
        std::hint::black_box(&report);
        totals.push(total);
    }
    totals.sort();
    let median = totals[totals.len() / 2];
    println!(
        "median: {:.1} ms, {:.1} MB/s, {:.0} events/s ({events} events)",
        ms(median),
        mb / median.as_secs_f64(),
        events as f64 / median.as_secs_f64(),
    );
    ExitCode::SUCCESS
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
