//! Native CLV benchmark: the CDNOW sample (2,357 customers) and 100,000
//! synthetic customers drawn from the BG/NBD process with the CDNOW estimates
//! (the generator of benches/clv-wasm.mjs, written again here), 20,000 of them
//! again in days (546 daily purchase opportunities: BG/BB's long sums), each model with
//! Gamma-Gamma, and all five (what the page fits), split into the analysis
//! (fits + every customer's predictions + aggregates) and the charts.
//!
//! ```text
//! cargo bench --bench clv            # the wasm figures: node benches/clv-wasm.mjs
//! ```
//!
//! Timed runs with std::time::Instant, the median printed. Speed is measured
//! here, never asserted in tests.

use std::time::{Duration, Instant};
use touchpoints::charts::clv::charts;
use touchpoints::clv::{analyse, ClvSettings, ModelKey, Purchases, Unit};
use touchpoints::engagement::dates::days_from_civil;

/// SplitMix64, as benches/clv-wasm.mjs.
struct Random(u64);

impl Random {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Marsaglia–Tsang (shape < 1 boosted).
    fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            return self.gamma(shape + 1.0) * self.next().powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let (mut x, mut v);
            loop {
                let (u1, u2) = (self.next(), self.next());
                x = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
                v = 1.0 + c * x;
                if v > 0.0 {
                    break;
                }
            }
            v = v * v * v;
            if self.next().ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }

    fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a);
        x / (x + self.gamma(b))
    }
}

/// `customers` BG/NBD customers (r = 0.243, α = 4.414, a = 0.793, b = 2.426 per week),
/// first purchases in the first 12 weeks of 2024, observed for 78 weeks.
fn synthetic(customers: usize) -> Purchases {
    let (r, alpha, a, b) = (0.243, 4.414, 0.793, 2.426);
    let start = days_from_civil(2024, 1, 1);
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut purchases = Purchases::new();
    for c in 0..customers {
        let name = format!("C{c}");
        let lambda = random.gamma(r) / alpha;
        let p = random.beta(a, b);
        let mut week = random.next() * 12.0;
        loop {
            purchases.add(&name, start + (week * 7.0).floor() as i64, amount(&mut random));
            if random.next() < p && week > 0.0 {
                break;
            }
            week += -random.next().ln() / lambda;
            if week >= 78.0 {
                break;
            }
        }
    }
    purchases.finish()
}

/// A purchase amount: 10 to 50, in cents (as the wasm benchmark's `toFixed(2)`).
fn amount(random: &mut Random) -> f64 {
    ((10.0 + 40.0 * random.next()) * 100.0).round() / 100.0
}

/// A `customer_id,date,amount` file (the CDNOW sample of the page).
fn read_csv(path: &str) -> Purchases {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut purchases = Purchases::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let [customer, date, amount] = cells[..] else { continue };
        let parts: Vec<i64> = date.split('-').filter_map(|p| p.parse().ok()).collect();
        let [y, m, d] = parts[..] else { continue };
        purchases.add(
            customer,
            days_from_civil(y, m as u32, d as u32),
            amount.parse().unwrap_or(0.0),
        );
    }
    purchases.finish()
}

fn median(mut runs: Vec<Duration>) -> f64 {
    runs.sort();
    runs[runs.len() / 2].as_secs_f64() * 1000.0
}

fn time(label: &str, runs: usize, purchases: &Purchases, settings: &ClvSettings) {
    // `cargo bench --bench clv -- TEXT` runs only the cases whose label contains TEXT.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-')).unwrap_or_default();
    if !label.contains(&filter) {
        return;
    }
    let mut fits = Vec::new();
    let mut chart_times = Vec::new();
    let mut note = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        let clv = analyse(purchases, settings).expect("the analysis runs");
        fits.push(start.elapsed());
        let start = Instant::now();
        let drawn = charts(&clv.report);
        chart_times.push(start.elapsed());
        std::hint::black_box(drawn);
        let fit = &clv.report.models[settings.model.key()];
        if std::env::var_os("CLV_DIGEST").is_some() {
            // Same numbers before and after a change: a hash of the report and the CSV.
            let text = serde_json::to_string(&clv.report).unwrap_or_default() + &clv.csv();
            let digest = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
            });
            println!("    digest {digest:016x} ({} bytes)", text.len());
        }
        let spend = &clv.report.models["gamma_gamma"];
        note = format!(
            "{}, {} rows, {} iterations; Gamma-Gamma {}, {} iterations",
            if fit.converged { "converged" } else { "NOT converged" },
            fit.rows,
            fit.iterations,
            if spend.converged { "converged" } else { "NOT converged" },
            spend.iterations
        );
    }
    println!(
        "  {label:<52} analysis {:>8.1} ms, charts {:>6.1} ms (median of {runs}; {note})",
        median(fits),
        median(chart_times)
    );
}

fn main() {
    let only = |key: ModelKey, base: &ClvSettings| ClvSettings {
        model: key,
        models: vec![key],
        ..base.clone()
    };
    let cdnow = concat!(env!("CARGO_MANIFEST_DIR"), "/www/samples/cdnow-transactions.csv");
    let weeks = Unit::Weeks;
    let mut cases = vec![
        ("CDNOW 2,357 customers".to_string(), read_csv(cdnow), "1997-09-30".to_string(), weeks, 5),
        ("100,000 synthetic customers".into(), synthetic(100_000), "2024-09-30".into(), weeks, 3),
        (
            "20,000 synthetic customers in days".into(),
            synthetic(20_000),
            "2024-09-30".into(),
            Unit::Days,
            3,
        ),
    ];
    // CLV_FILE=path CLV_END=YYYY-MM-DD: also a file of your own (customer_id,date,amount).
    if let (Ok(path), Ok(end)) = (std::env::var("CLV_FILE"), std::env::var("CLV_END")) {
        cases.push((path.clone(), read_csv(&path), end, weeks, 3));
    }
    println!("CLV bench (native, release)");
    for (name, purchases, end, unit, runs) in &cases {
        let base = ClvSettings {
            calibration_end: Some(end.clone()),
            unit: *unit,
            ..ClvSettings::default()
        };
        for key in ModelKey::ALL {
            time(
                &format!("{name}: {} + Gamma-Gamma", key.label()),
                *runs,
                purchases,
                &only(key, &base),
            );
        }
        time(&format!("{name}: all five (the page)"), *runs, purchases, &base);
    }
}
