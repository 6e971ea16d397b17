//! Native ingest benchmark: ours (read + classify + summary report) against a
//! plain `csv`-crate loop (`ByteRecord` + `HashMap` counting events per touch
//! point and distinct journeys) on the same file, alternating runs.
//!
//! ```text
//! cargo run --release --example generate_bench                  # bench-data/events-1m.csv
//! cargo run --release --example generate_bench -- --four-columns # bench-data/events-1m-4col.csv
//! cargo bench --bench ingest                      # or: make bench (both files)
//! cargo bench --bench ingest -- other.csv 5       # another file, 5 iterations
//! ```
//!
//! Prints each phase, MB/s, events/s, the dataset's resident bytes per event
//! (counted by the allocator, and by the dataset itself), the medians and the
//! ratio ours / plain loop. Speed is measured here, never asserted in tests.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};
use touchpoints::ingest::{self, IngestOptions};
use touchpoints::{analysis::Analysis, report, taxonomy};

const DEFAULT_FILE: &str = "bench-data/events-1m.csv";
const PRESET: &str = "retail";

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only a
// counter is updated beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same layout as given to us.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// The peer: what a user would write with the `csv` crate.
fn plain_csv_loop(bytes: &[u8]) -> (u64, usize, usize) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let headers = reader.byte_headers().cloned().unwrap_or_default();
    let column = |name: &[u8]| headers.iter().position(|h| h == name).unwrap_or(0);
    let (journey, touchpoint) = (column(b"journey"), column(b"touchpoint"));
    let mut by_touchpoint: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut journeys: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    let mut events = 0u64;
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        events += 1;
        for (field, map) in [(touchpoint, &mut by_touchpoint), (journey, &mut journeys)] {
            let key = record.get(field).unwrap_or_default();
            match map.get_mut(key) {
                Some(n) => *n += 1,
                None => {
                    map.insert(key.to_vec(), 1);
                }
            }
        }
    }
    (events, by_touchpoint.len(), journeys.len())
}

struct Ours {
    read: Duration,
    classify: Duration,
    report: Duration,
    events: u64,
    resident: isize,
    heap: usize,
}

fn ours(bytes: &[u8], rule_set: &taxonomy::RuleSet) -> Result<Ours, String> {
    let before = live();
    let start = Instant::now();
    let dataset = ingest::read(bytes, &IngestOptions::default()).map_err(|e| e.to_string())?;
    let read = start.elapsed();
    let resident = live() - before;
    let rules = taxonomy::expand(rule_set).map_err(|e| e.to_string())?;
    let classification = taxonomy::classify(&dataset, &rules);
    let classify = start.elapsed() - read;
    let report = report::summary(&dataset, &classification, &rules, &rule_set.name);
    let total = start.elapsed();
    std::hint::black_box(&report);
    Ok(Ours {
        read,
        classify,
        report: total - read - classify,
        events: report.events,
        resident,
        heap: dataset.heap_bytes(),
    })
}

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
        "ingest bench: {} ({mb:.1} MiB), preset {PRESET}, {iterations} iterations, alternating",
        path.display()
    );

    let (mut our_totals, mut peer_totals, mut full_totals) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    for i in 1..=iterations {
        let start = Instant::now();
        let (peer_events, touchpoints, journeys) = plain_csv_loop(&bytes);
        let peer = start.elapsed();
        peer_totals.push(peer);
        println!(
            "  run {i}: csv crate loop {:>7.1} ms  {:>6.1} MB/s  ({peer_events} events, {touchpoints} touch points, {journeys} journeys)",
            ms(peer),
            mb / peer.as_secs_f64(),
        );
        let o = match ours(&bytes, &rule_set) {
            Ok(o) => o,
            Err(e) => {
                eprintln!("read failed: {e}");
                return ExitCode::FAILURE;
            }
        };
        let total = o.read + o.classify + o.report;
        println!(
            "  run {i}: ours: read {:>7.1} ms  classify {:>5.1} ms  report {:>6.1} ms  total {:>7.1} ms  \
             {:>6.1} MB/s  {:>9.0} events/s",
            ms(o.read),
            ms(o.classify),
            ms(o.report),
            ms(total),
            mb / total.as_secs_f64(),
            o.events as f64 / total.as_secs_f64(),
        );
        our_totals.push(total);
        last = Some(o);
        // Read, classify and every analysis: what the wasm `Session` (push + finish) builds.
        let start = Instant::now();
        let full = Analysis::from_bytes(&bytes, &IngestOptions::default(), rule_set.clone());
        let full_time = start.elapsed();
        std::hint::black_box(&full.map(|a| a.report.events).unwrap_or(0));
        println!(
            "  run {i}: ours, every analysis (a wasm Session's work): {:>7.1} ms",
            ms(full_time)
        );
        full_totals.push(full_time);
    }
    let Some(o) = last else { return ExitCode::FAILURE };
    let ours_median = median(&mut our_totals);
    let peer_median = median(&mut peer_totals);
    let events = o.events.max(1) as f64;
    println!(
        "median ours:      {:>7.1} ms, {:>6.1} MB/s, {:>9.0} events/s ({} events)",
        ms(ours_median),
        mb / ours_median.as_secs_f64(),
        events / ours_median.as_secs_f64(),
        o.events
    );
    println!(
        "median csv crate: {:>7.1} ms, {:>6.1} MB/s, {:>9.0} events/s",
        ms(peer_median),
        mb / peer_median.as_secs_f64(),
        events / peer_median.as_secs_f64(),
    );
    println!(
        "median ours, every analysis: {:>7.1} ms (compare the wasm Session: make bench-node)",
        ms(median(&mut full_totals))
    );
    println!(
        "ratio ours / csv crate loop (speed): {:.2}",
        peer_median.as_secs_f64() / ours_median.as_secs_f64()
    );
    println!(
        "resident: {:.1} bytes/event (allocator), {:.1} bytes/event (dataset.heap_bytes)",
        o.resident as f64 / events,
        o.heap as f64 / events
    );
    ExitCode::SUCCESS
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
