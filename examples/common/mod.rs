//! Shared helpers for the sample and benchmark generators (std only):
//! a deterministic PRNG, civil-date arithmetic, ISO 8601 formatting with the
//! Europe/Amsterdam offset, and the retail journey model used by both
//! `generate_samples` (2,000 journeys) and `generate_bench` (1M events).
//!
//! The retail model and its probabilities are documented at the top of
//! `examples/generate_samples.rs` and in `www/samples/README.md`; keep the
//! three in step.

#![allow(dead_code)]

/// SplitMix64: tiny, fast, deterministic, good enough for sample data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform integer in [lo, hi] (inclusive).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(hi >= lo);
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }
    /// Uniform real in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.f64().max(1e-12);
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
    /// Pick from `(item, weight)` pairs.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.f64() * total;
        for (item, w) in items {
            if x < *w {
                return *item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }
}

// Calendar arithmetic comes from the crate (one implementation, tested there).
pub use touchpoints::time::{civil_from_days, days_from_civil};

pub fn ymd(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Europe/Amsterdam UTC offset in seconds for a UTC instant (EU rule:
/// summer time from the last Sunday of March 01:00 UTC to the last Sunday
/// of October 01:00 UTC).
pub fn amsterdam_offset(utc_secs: i64) -> i64 {
    let (y, _, _) = civil_from_days(utc_secs.div_euclid(86_400));
    let last_sunday = |month: i64| {
        let last = days_from_civil(y, month, 31);
        // 1970-01-01 was a Thursday: weekday 0 = Sunday when (days + 4) % 7 == 0.
        last - (last + 4).rem_euclid(7)
    };
    let start = last_sunday(3) * 86_400 + 3_600;
    let end = last_sunday(10) * 86_400 + 3_600;
    if utc_secs >= start && utc_secs < end {
        7_200
    } else {
        3_600
    }
}

/// ISO 8601 local date-time with offset, e.g. `2026-03-02T09:15:00+01:00`.
pub fn iso_with_offset(utc_secs: i64, offset_secs: i64) -> String {
    let local = utc_secs + offset_secs;
    let days = local.div_euclid(86_400);
    let sod = local.rem_euclid(86_400);
    let sign = if offset_secs < 0 { '-' } else { '+' };
    let off = offset_secs.abs();
    format!(
        "{}T{:02}:{:02}:{:02}{}{:02}:{:02}",
        ymd(days),
        sod / 3600,
        (sod / 60) % 60,
        sod % 60,
        sign,
        off / 3600,
        (off / 60) % 60
    )
}

pub fn iso_amsterdam(utc_secs: i64) -> String {
    iso_with_offset(utc_secs, amsterdam_offset(utc_secs))
}

/// One journey event, ready to be written as a CSV row.
#[derive(Clone, Debug)]
pub struct Event {
    pub journey: String,
    /// Seconds since the Unix epoch (UTC).
    pub t: i64,
    pub touchpoint: &'static str,
    pub channel: &'static str,
    pub value: Option<f64>,
    pub cost: f64,
    pub rating: Option<u8>,
    pub expectation: Option<u8>,
    pub converted: Option<bool>,
    pub nps: Option<u8>,
}

pub const JOURNEY_HEADER: &str =
    "journey,time,touchpoint,channel,value,cost,rating,expectation,converted";

fn opt_num<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

impl Event {
    /// The canonical columns (and `nps` when `with_nps`), no trailing newline.
    /// None of our values contain commas, quotes or newlines, so no quoting is needed.
    pub fn csv_row(&self, with_nps: bool) -> String {
        let mut s = format!(
            "{},{},{},{},{},{:.2},{},{},{}",
            self.journey,
            iso_amsterdam(self.t),
            self.touchpoint,
            self.channel,
            self.value.map(|v| format!("{v:.2}")).unwrap_or_default(),
            self.cost,
            opt_num(self.rating),
            opt_num(self.expectation),
            self.converted.map(|b| b.to_string()).unwrap_or_default(),
        );
        if with_nps {
            s.push(',');
            s.push_str(&opt_num(self.nps));
        }
        s
    }
}

// ---------------------------------------------------------------- retail model

/// 2026-01-01T00:00:00Z and 2026-07-01T00:00:00Z: the retail data window.
pub fn retail_window() -> (i64, i64) {
    (days_from_civil(2026, 1, 1) * 86_400, days_from_civil(2026, 7, 1) * 86_400)
}

pub const AWARENESS: &[(&str, f64)] = &[
    ("Instagram ad", 0.30),
    ("Store window", 0.20),
    ("Influencer post", 0.15),
    ("Search ad", 0.15),
    ("TV commercial", 0.10),
    ("Friend recommendation", 0.10),
];

pub const CONSIDERATION: &[(&str, f64)] =
    &[("Website visit", 0.55), ("Newsletter", 0.25), ("Fitting room", 0.20)];

/// Between two purchases of a repeat buyer.
pub const REENGAGEMENT: &[(&str, f64)] = &[
    ("Newsletter", 0.30),
    ("Website visit", 0.25),
    ("Loyalty app", 0.20),
    ("Instagram ad", 0.15),
    ("Store window", 0.10),
];

/// Number of purchases of a converting journey (Pareto-like: a few heavy buyers).
pub const PURCHASES: &[(u32, f64)] = &[
    (1, 0.55),
    (2, 0.20),
    (3, 0.10),
    (4, 0.05),
    (5, 0.04),
    (6, 0.02),
    (8, 0.02),
    (10, 0.01),
    (14, 0.01),
];

pub const CONVERSION_RATE: f64 = 0.35;
pub const STORE_PURCHASE_SHARE: f64 = 0.45;
pub const RATED_SHARE: f64 = 0.30;

fn channel_of(tp: &str) -> &'static str {
    match tp {
        "Instagram ad" | "Influencer post" | "Community post" => "social",
        "Search ad" => "search",
        "TV commercial" => "tv",
        "Store window" | "Fitting room" | "Checkout" => "store",
        "Website visit" | "Online order" | "Product review" => "web",
        "Newsletter" | "Order confirmation email" => "email",
        "Delivery" => "courier",
        "Loyalty app" => "app",
        "Customer service chat" => "chat",
        "Friend recommendation" => "word of mouth",
        "Return" => "store",
        _ => "other",
    }
}

fn is_service(tp: &str) -> bool {
    matches!(
        tp,
        "Website visit"
            | "Fitting room"
            | "Checkout"
            | "Online order"
            | "Delivery"
            | "Loyalty app"
            | "Return"
            | "Customer service chat"
    )
}

/// Cost to serve (EUR) of one event.
fn cost_of(rng: &mut Rng, tp: &str) -> f64 {
    let (lo, hi) = match tp {
        "Instagram ad" | "Influencer post" | "Search ad" => (0.10, 0.60),
        "TV commercial" | "Store window" | "Friend recommendation" => (0.10, 0.30),
        "Website visit" | "Loyalty app" | "Product review" | "Community post" => (0.10, 0.50),
        "Newsletter" | "Order confirmation email" => (0.10, 0.20),
        "Fitting room" => (1.00, 3.00),
        "Checkout" => (1.00, 2.50),
        "Online order" => (0.50, 1.50),
        "Delivery" => (4.00, 8.00),
        "Customer service chat" => (3.00, 12.00),
        "Return" => (6.00, 15.00),
        _ => (0.10, 1.00),
    };
    (rng.uniform(lo, hi) * 100.0).round() / 100.0
}

/// Expectation and performance on 1–5 (performance = expectation + delta).
fn rate(rng: &mut Rng, tp: &str) -> (u8, u8) {
    let expectation = rng.weighted(&[(3i32, 0.30), (4, 0.50), (5, 0.20)]);
    let mut deltas = [(-2i32, 0.05), (-1, 0.20), (0, 0.45), (1, 0.25), (2, 0.05)];
    if matches!(tp, "Return" | "Customer service chat") {
        deltas = [(-2, 0.15), (-1, 0.30), (0, 0.35), (1, 0.15), (2, 0.05)];
    }
    let rating = (expectation + rng.weighted(&deltas)).clamp(1, 5);
    (rating as u8, expectation as u8)
}

/// A purchase amount in EUR, 15–250, log-normal-ish; `taste` > 1 for big spenders.
fn amount(rng: &mut Rng, taste: f64) -> f64 {
    let v = (4.1 + 0.55 * rng.normal()).exp() * taste;
    (v.clamp(15.0, 250.0) * 100.0).round() / 100.0
}

/// Local hour of day (Amsterdam) for a touch point: store hours or online hours.
fn hour_for(rng: &mut Rng, tp: &str) -> i64 {
    match channel_of(tp) {
        "store" => rng.range(10, 18),
        "tv" => rng.range(19, 22),
        "courier" => rng.range(9, 17),
        "email" => rng.weighted(&[(7i64, 0.3), (9, 0.3), (12, 0.2), (18, 0.2)]),
        _ => rng.range(7, 22),
    }
}

/// UTC seconds for `day` (days since epoch) at a local hour chosen for `tp`.
fn at_local(rng: &mut Rng, day: i64, tp: &str) -> i64 {
    let local = day * 86_400 + hour_for(rng, tp) * 3600 + rng.range(0, 59) * 60 + rng.range(0, 59);
    // Offset of that local time, approximated with the offset at local-as-UTC (exact except
    // within an hour of a switch, where it is still a valid instant).
    local - amsterdam_offset(local)
}

/// Generate one retail journey (events sorted by time, all inside the window).
pub fn retail_journey(rng: &mut Rng, id: &str) -> Vec<Event> {
    let (w0, w1) = retail_window();
    let day0 = w0 / 86_400;
    let ndays = (w1 - w0) / 86_400; // 181
    let converts = rng.chance(CONVERSION_RATE);
    let purchases = if converts { rng.weighted(PURCHASES) } else { 0 };
    // Heavy buyers start early so their purchases fit in the window.
    let latest_start = (ndays - 10 - 15 * purchases as i64).max(5);
    let mut day = day0 + rng.range(0, latest_start);
    let taste = (0.35 * rng.normal()).exp() * if purchases >= 5 { 1.4 } else { 1.0 };
    let mut out: Vec<(i64, &'static str)> = Vec::new();
    let push = |rng: &mut Rng, out: &mut Vec<(i64, &'static str)>, day: i64, tp: &'static str| {
        let t = at_local(rng, day, tp);
        out.push((t, tp));
    };

    // Awareness: 1–4 events over a few days.
    for _ in 0..rng.range(1, 4) {
        let tp = rng.weighted(AWARENESS);
        push(rng, &mut out, day, tp);
        day += rng.range(0, 4);
    }
    // Consideration: 1–4 (non-converters), 2–5 (converters).
    let n_consider = if converts { rng.range(2, 5) } else { rng.range(1, 4) };
    for _ in 0..n_consider {
        let tp = rng.weighted(CONSIDERATION);
        push(rng, &mut out, day, tp);
        day += rng.range(0, 3);
    }
    let mut reviewed = false;
    let mut values: Vec<Option<f64>> = Vec::new();
    let mut purchase_idx: Vec<usize> = Vec::new();
    for p in 0..purchases {
        if p > 0 {
            // 7–30 days apart; heavy buyers come back faster so their purchases fit the window.
            day += rng.range(5, (150 / purchases as i64).clamp(8, 30));
            for _ in 0..rng.range(1, 3) {
                let tp = rng.weighted(REENGAGEMENT);
                push(rng, &mut out, day, tp);
                day += rng.range(0, 3);
            }
        }
        let in_store = rng.chance(STORE_PURCHASE_SHARE);
        if in_store {
            if rng.chance(0.70) {
                push(rng, &mut out, day, "Fitting room");
            }
            // Checkout the same day, later than the fitting room.
            let t = out.last().map(|e| e.0).filter(|_| out.last().unwrap().1 == "Fitting room");
            let tc = match t {
                Some(t) => t + rng.range(10, 40) * 60,
                None => at_local(rng, day, "Checkout"),
            };
            out.push((tc, "Checkout"));
        } else {
            push(rng, &mut out, day, "Online order");
            let t = out.last().unwrap().0 + rng.range(1, 5) * 60;
            out.push((t, "Order confirmation email"));
            if rng.chance(0.95) {
                day += rng.range(1, 4);
                push(rng, &mut out, day, "Delivery");
            }
        }
        purchase_idx
            .push(out.iter().rposition(|e| e.1 == "Checkout" || e.1 == "Online order").unwrap());
        values.push(Some(amount(rng, taste)));
        // Post-purchase.
        if rng.chance(0.40) {
            day += rng.range(0, 2);
            push(rng, &mut out, day, "Loyalty app");
        }
        if rng.chance(0.12) {
            day += rng.range(2, 14);
            push(rng, &mut out, day, "Return");
        }
        if rng.chance(0.10) {
            day += rng.range(0, 7);
            push(rng, &mut out, day, "Customer service chat");
        }
        if rng.chance(0.25) {
            day += rng.range(3, 10);
            push(rng, &mut out, day, "Product review");
        }
        if rng.chance(0.05) {
            day += rng.range(1, 10);
            push(rng, &mut out, day, "Community post");
        }
        if rng.chance(0.06) {
            day += rng.range(1, 10);
            push(rng, &mut out, day, "Friend recommendation");
        }
    }

    let mut events: Vec<Event> = Vec::with_capacity(out.len());
    let mut pi = 0;
    for (i, (t, tp)) in out.iter().enumerate() {
        let mut e = Event {
            journey: id.to_string(),
            t: *t,
            touchpoint: tp,
            channel: channel_of(tp),
            value: None,
            cost: cost_of(rng, tp),
            rating: None,
            expectation: None,
            converted: None,
            nps: None,
        };
        if pi < purchase_idx.len() && purchase_idx[pi] == i {
            e.value = values[pi];
            e.converted = Some(true);
            pi += 1;
        }
        if is_service(tp) && rng.chance(RATED_SHARE) {
            let (r, x) = rate(rng, tp);
            e.rating = Some(r);
            e.expectation = Some(x);
        }
        if *tp == "Product review" && !reviewed && rng.chance(0.60) {
            reviewed = true;
            e.nps = Some(rng.weighted(&[
                (10u8, 0.22),
                (9, 0.23),
                (8, 0.20),
                (7, 0.12),
                (6, 0.08),
                (5, 0.05),
                (4, 0.04),
                (3, 0.03),
                (2, 0.01),
                (1, 0.01),
                (0, 0.01),
            ]));
        }
        events.push(e);
    }
    events.sort_by_key(|e| e.t);
    events.retain(|e| e.t >= w0 && e.t < w1);
    // A journey without a purchase in the window ends with converted=false.
    if !events.iter().any(|e| e.converted == Some(true)) {
        if let Some(last) = events.last_mut() {
            last.converted = Some(false);
        }
    }
    events
}
