//! Writes a large retail-like journey CSV for benchmarks and the browser stress test.
//!
//! ```text
//! cargo run --example generate_bench                          # 1,000,000 events -> bench-data/events-1m.csv
//! cargo run --example generate_bench -- out.csv               # 1,000,000 events -> out.csv
//! cargo run --example generate_bench -- out.csv --size-mb 100 # about 100 MB instead
//! cargo run --example generate_bench -- --four-columns         # journey,time,touchpoint,channel only
//!                                                             #   -> bench-data/events-1m-4col.csv
//! cargo run --example generate_bench -- out.csv --events 500000 # 500,000 events (the Spark test)
//! ```
//!
//! Same columns and the same journey model as `www/samples/retail-journeys.csv`
//! (see `examples/generate_samples.rs`), without the `nps` column. Journeys are written
//! one after another (rows grouped by journey, time-ordered within a journey), streamed
//! through a `BufWriter`, so memory stays flat. Deterministic: fixed seed, same bytes on
//! every run. The event target is exact (the last journey may be cut short); the
//! `--size-mb` target (MiB, 1,048,576 bytes) stops at the first journey boundary past it,
//! so the file is at most one journey (about 1 kB) larger.
//! `bench-data/` is git-ignored.

#[path = "common/mod.rs"]
mod common;

use common::*;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

enum Target {
    Events(u64),
    Bytes(u64),
}

fn main() -> ExitCode {
    let mut path = PathBuf::from("bench-data/events-1m.csv");
    let mut target = Target::Events(1_000_000);
    let mut four = false;
    let mut named = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--size-mb" => match args.next().and_then(|v| v.parse::<f64>().ok()) {
                Some(mb) if mb > 0.0 => target = Target::Bytes((mb * 1024.0 * 1024.0) as u64),
                _ => {
                    eprintln!("--size-mb needs a positive number");
                    return ExitCode::from(2);
                }
            },
            "--four-columns" => four = true,
            "--events" => match args.next().and_then(|v| v.parse::<u64>().ok()) {
                Some(n) if n > 0 => target = Target::Events(n),
                _ => {
                    eprintln!("--events needs a positive whole number");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                println!(
                    "usage: generate_bench [OUT.csv] [--size-mb N | --events N] [--four-columns]"
                );
                return ExitCode::SUCCESS;
            }
            _ => {
                path = PathBuf::from(a);
                named = true;
            }
        }
    }
    if four && !named {
        path = PathBuf::from("bench-data/events-1m-4col.csv");
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = fs::create_dir_all(dir) {
            eprintln!("cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    match write(&path, &target, four) {
        Ok((events, journeys, bytes)) => {
            println!("{}: {events} events, {journeys} journeys, {bytes} bytes", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}

fn write(path: &PathBuf, target: &Target, four: bool) -> std::io::Result<(u64, u64, u64)> {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let mut rng = Rng::new(0xBE9C_0001);
    let header = if four {
        "journey,time,touchpoint,channel\n".to_string()
    } else {
        format!("{JOURNEY_HEADER}\n")
    };
    w.write_all(header.as_bytes())?;
    let (mut events, mut journeys, mut bytes) = (0u64, 0u64, header.len() as u64);
    let done = |events: u64, bytes: u64| match *target {
        Target::Events(n) => events >= n,
        Target::Bytes(n) => bytes >= n,
    };
    let mut line = String::with_capacity(128);
    while !done(events, bytes) {
        journeys += 1;
        let id = format!("J{journeys:08}");
        for e in retail_journey(&mut rng, &id) {
            if let Target::Events(n) = *target {
                if events >= n {
                    break;
                }
            }
            line.clear();
            if four {
                let row = e.csv_row(false);
                let cells: Vec<&str> = row.splitn(5, ',').take(4).collect();
                line.push_str(&cells.join(","));
            } else {
                line.push_str(&e.csv_row(false));
            }
            line.push('\n');
            w.write_all(line.as_bytes())?;
            events += 1;
            bytes += line.len() as u64;
        }
    }
    w.flush()?;
    Ok((events, journeys, bytes))
}
