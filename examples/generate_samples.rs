//! Writes the committed sample files in `www/samples/` (deterministic: same bytes on every run).
//!
//! Run with `cargo run --example generate_samples` from the repository root.
//!
//! | file | content |
//! |---|---|
//! | `hotel-journeys.csv` | 8 hand-planned hotel guests, pre-stay / stay / post-stay, March 2026 |
//! | `retail-journeys.csv` | 2,000 fashion-store journeys, 2026-01-01 .. 2026-06-30, with `nps` |
//! | `bad-rows.csv` | 20 hotel-like rows, 7 of them deliberately bad (see README) |
//! | `transactions.csv` | `customer_id,date,amount`, 2,400 customers over 2024–2025 |
//! | `attribution-paths.csv` | 30 paths in the `path,total_conversions,total_conversion_value,total_null` format |
//!
//! # Retail mix (the model lives in `examples/common/mod.rs`)
//!
//! Each journey is one customer (id `R0001`..`R2000`), starting on a uniform day of the
//! window (repeat buyers start earlier so their purchases fit). Times are local
//! Europe/Amsterdam with offset (`+01:00`, `+02:00` from 2026-03-29); store touch points
//! fall in opening hours (10–19 h), TV in the evening, online ones 07–23 h.
//!
//! * **Awareness**: 1–4 events, drawn from Instagram ad 30 %, Store window 20 %,
//!   Influencer post 15 %, Search ad 15 %, TV commercial 10 %, Friend recommendation 10 %.
//! * **Consideration**: 2–5 events for converters, 1–4 otherwise, drawn from
//!   Website visit 55 %, Newsletter 25 %, Fitting room 20 %.
//! * **Conversion**: 35 % of journeys are drawn as converting (33.8 % have a purchase inside the
//!   window). Number of purchases (Pareto-like):
//!   1 → 55 %, 2 → 20 %, 3 → 10 %, 4 → 5 %, 5 → 4 %, 6 → 2 %, 8 → 2 %, 10 → 1 %, 14 → 1 %.
//!   Purchases are 5–30 days apart (at most 150/n days for a customer with n purchases, so
//!   heavy buyers fit the window), each repeat purchase preceded by 1–3 re-engagement events: Newsletter 30 %,
//!   Website visit 25 %, Loyalty app 20 %, Instagram ad 15 %, Store window 10 %.
//! * **Purchase**: in store 45 % (Fitting room first with p = 0.70, then Checkout) or online
//!   55 % (Online order, Order confirmation email a few minutes later, Delivery 1–4 days later
//!   with p = 0.95). Value 15–250 EUR, log-normal (median ≈ 60 EUR) times a per-customer
//!   taste factor (heavy buyers ×1.4); the purchase event carries `converted=true`.
//! * **Post-purchase** (per purchase): Loyalty app 40 %, Return 12 %, Customer service chat 10 %,
//!   Product review 25 %, Community post 5 %, Friend recommendation 6 %.
//! * **Non-converting** journeys end with an event carrying `converted=false`; other events leave
//!   `converted` empty.
//! * **Ratings**: 30 % of service touch points (Website visit, Fitting room, Checkout, Online order,
//!   Delivery, Loyalty app, Return, Customer service chat) carry `expectation` (3: 30 %, 4: 50 %,
//!   5: 20 %) and `rating` = expectation + delta (−2: 5 %, −1: 20 %, 0: 45 %, +1: 25 %, +2: 5 %;
//!   Return and chat skew lower), clamped to 1–5.
//! * **NPS**: on the first Product review of a journey with p = 0.60 (0–10, mostly 8–10).
//! * **Cost to serve** (EUR, uniform): ads 0.10–0.60; TV, store window, friend recommendation
//!   0.10–0.30; website, app, review, community 0.10–0.50; e-mails 0.10–0.20; Fitting room
//!   1–3; Checkout 1–2.50; Online order 0.50–1.50; Delivery 4–8; chat 3–12; Return 6–15.
//! * Rows are sorted by time (then journey), as an export would be; journeys interleave.

#[path = "common/mod.rs"]
mod common;

use common::*;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const OUT_DIR: &str = "www/samples";

fn main() {
    fs::create_dir_all(OUT_DIR).expect("create www/samples");
    let files = [
        ("hotel-journeys.csv", hotel()),
        ("retail-journeys.csv", retail()),
        ("bad-rows.csv", bad_rows()),
        ("transactions.csv", transactions()),
        ("attribution-paths.csv", attribution_paths()),
    ];
    for (name, body) in files {
        let path = Path::new(OUT_DIR).join(name);
        fs::write(&path, &body).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        let rows = body.lines().count() - 1;
        println!("{:<28} {:>9} bytes {:>7} data rows", path.display(), body.len(), rows);
    }
}

// ---------------------------------------------------------------- hotel

/// One guest's plan: arrival day in March 2026, nights, how they heard of the hotel,
/// how they booked, room rate, and one string of extras per night
/// (R = Restaurant, S = Room service, F = Fitness centre, B = Business centre).
struct Guest {
    id: &'static str,
    arrival: i64,
    source: &'static str,
    by_phone: bool,
    rate: f64,
    nights: &'static [&'static str],
    frequent_stay: bool,
    review: bool,
    newsletter: bool,
}

const GUESTS: &[Guest] = &[
    Guest {
        id: "G01",
        arrival: 2,
        source: "Online ad",
        by_phone: false,
        rate: 129.0,
        nights: &["RB", "FB", "S"],
        frequent_stay: true,
        review: true,
        newsletter: true,
    },
    Guest {
        id: "G02",
        arrival: 4,
        source: "Friend recommendation",
        by_phone: true,
        rate: 149.0,
        nights: &["R", "FR"],
        frequent_stay: false,
        review: true,
        newsletter: false,
    },
    Guest {
        id: "G03",
        arrival: 5,
        source: "Newsletter",
        by_phone: false,
        rate: 119.0,
        nights: &["S"],
        frequent_stay: false,
        review: false,
        newsletter: true,
    },
    Guest {
        id: "G04",
        arrival: 9,
        source: "Online ad",
        by_phone: false,
        rate: 189.0,
        nights: &["BR", "BS", "FB", "R"],
        frequent_stay: true,
        review: false,
        newsletter: true,
    },
    Guest {
        id: "G05",
        arrival: 11,
        source: "Online ad",
        by_phone: true,
        rate: 129.0,
        nights: &["R", "F"],
        frequent_stay: false,
        review: true,
        newsletter: false,
    },
    Guest {
        id: "G06",
        arrival: 13,
        source: "Friend recommendation",
        by_phone: false,
        rate: 149.0,
        nights: &["RS", "F", "R"],
        frequent_stay: true,
        review: true,
        newsletter: false,
    },
    Guest {
        id: "G07",
        arrival: 16,
        source: "Newsletter",
        by_phone: true,
        rate: 119.0,
        nights: &["", "R"],
        frequent_stay: false,
        review: false,
        newsletter: true,
    },
    Guest {
        id: "G08",
        arrival: 18,
        source: "Online ad",
        by_phone: false,
        rate: 189.0,
        nights: &["BS", "B"],
        frequent_stay: true,
        review: true,
        newsletter: true,
    },
];

fn hotel_channel(tp: &str) -> &'static str {
    match tp {
        "Online ad" => "display",
        "Booking website" => "web",
        "Reservation call" => "phone",
        "Confirmation email" | "Newsletter" => "email",
        "Check-in" | "Checkout" => "front desk",
        "Room service" => "in room",
        "Restaurant" => "restaurant",
        "Fitness centre" | "Business centre" => "on site",
        "Frequent-stay program" => "loyalty",
        "Online review" => "review site",
        "Friend recommendation" => "word of mouth",
        _ => "other",
    }
}

fn hotel_cost(tp: &str) -> f64 {
    match tp {
        "Online ad" => 1.20,
        "Booking website" => 2.50,
        "Reservation call" => 6.00,
        "Confirmation email" | "Newsletter" => 0.10,
        "Check-in" => 8.00,
        "Room service" => 12.00,
        "Restaurant" => 18.00,
        "Fitness centre" => 4.00,
        "Business centre" => 5.00,
        "Frequent-stay program" => 1.50,
        "Checkout" => 5.00,
        "Online review" => 0.20,
        _ => 0.00,
    }
}

fn hotel() -> String {
    let mut rng = Rng::new(0x407E_1001);
    let mut out = String::from(JOURNEY_HEADER);
    out.push('\n');
    // Local wall-clock time (Europe/Amsterdam) on day `day` of March 2026 to UTC seconds.
    let at = |day: i64, h: i64, m: i64| {
        let local = (days_from_civil(2026, 3, 1) + day - 1) * 86_400 + h * 3600 + m * 60;
        local - amsterdam_offset(local)
    };
    for g in GUESTS {
        let mood = rng.weighted(&[(-1i32, 0.25), (0, 0.5), (1, 0.25)]);
        // (time, touch point, value, asked for a rating?)
        let mut plan: Vec<(i64, &'static str, Option<f64>, bool)> = Vec::new();
        let nights = g.nights.len() as i64;
        // Pre-stay: 9–20 days before arrival.
        let lead = rng.range(9, 20);
        let d0 = g.arrival - lead;
        plan.push((at(d0, rng.range(8, 21), rng.range(0, 59)), g.source, None, false));
        let tb = plan[0].0 + rng.range(20, 3 * 24 * 60) * 60;
        let booking = if g.by_phone { "Reservation call" } else { "Booking website" };
        plan.push((tb, booking, Some(g.rate * nights as f64), g.by_phone));
        plan.push((tb + rng.range(1, 6) * 60, "Confirmation email", None, false));
        // Stay.
        plan.push((
            at(g.arrival, rng.range(13, 16), rng.range(0, 59)),
            "Check-in",
            None,
            rng.chance(0.75),
        ));
        for (n, extras) in g.nights.iter().enumerate() {
            let d = g.arrival + n as i64;
            for c in extras.chars() {
                match c {
                    'R' => {
                        let v = (rng.uniform(32.0, 95.0) * 2.0).round() / 2.0;
                        plan.push((
                            at(d, rng.range(19, 21), rng.range(0, 59)),
                            "Restaurant",
                            Some(v),
                            rng.chance(0.6),
                        ));
                    }
                    'S' => {
                        let v = (rng.uniform(14.0, 42.0) * 2.0).round() / 2.0;
                        plan.push((
                            at(d, 22, rng.range(0, 45)),
                            "Room service",
                            Some(v),
                            rng.chance(0.6),
                        ));
                    }
                    'F' => plan.push((
                        at(d + 1, rng.range(6, 7), rng.range(0, 59)),
                        "Fitness centre",
                        None,
                        rng.chance(0.5),
                    )),
                    'B' => plan.push((
                        at(d, if n == 0 { 17 } else { rng.range(9, 17) }, rng.range(0, 59)),
                        "Business centre",
                        None,
                        rng.chance(0.5),
                    )),
                    _ => unreachable!(),
                }
            }
        }
        let dc = g.arrival + nights;
        plan.push((at(dc, rng.range(8, 11), rng.range(0, 59)), "Checkout", None, rng.chance(0.8)));
        // Post-stay.
        if g.frequent_stay {
            plan.push((
                at(dc + rng.range(0, 2), rng.range(12, 20), rng.range(0, 59)),
                "Frequent-stay program",
                None,
                false,
            ));
        }
        if g.review {
            plan.push((
                at(dc + rng.range(1, 4), rng.range(18, 22), rng.range(0, 59)),
                "Online review",
                None,
                true,
            ));
        }
        if g.newsletter {
            plan.push((at(dc + rng.range(6, 9), 9, 30), "Newsletter", None, false));
        }
        plan.sort_by_key(|p| p.0);
        let mut ev: Vec<Event> = Vec::with_capacity(plan.len());
        for (t, tp, value, rated) in plan {
            let (rating, expectation) = if rated {
                let x = rng.weighted(&[(3i32, 0.3), (4, 0.5), (5, 0.2)]);
                let r = (x + mood + rng.weighted(&[(-1i32, 0.2), (0, 0.6), (1, 0.2)])).clamp(1, 5);
                (Some(r as u8), Some(x as u8))
            } else {
                (None, None)
            };
            ev.push(Event {
                journey: g.id.to_string(),
                t,
                touchpoint: tp,
                channel: hotel_channel(tp),
                value,
                cost: hotel_cost(tp),
                rating,
                expectation,
                converted: (tp == booking).then_some(true),
                nps: None,
            });
        }
        for e in &ev {
            out.push_str(&e.csv_row(false));
            out.push('\n');
        }
    }
    out
}

// ---------------------------------------------------------------- retail

fn retail() -> String {
    let mut rng = Rng::new(0x5EED_2026);
    let mut all: Vec<Event> = Vec::new();
    for i in 1..=2000 {
        all.extend(retail_journey(&mut rng, &format!("R{i:04}")));
    }
    all.sort_by(|a, b| a.t.cmp(&b.t).then_with(|| a.journey.cmp(&b.journey)));
    let mut out = String::with_capacity(all.len() * 80);
    out.push_str(JOURNEY_HEADER);
    out.push_str(",nps\n");
    for e in &all {
        out.push_str(&e.csv_row(true));
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------- bad rows

/// 20 data rows; the bad ones (line numbers count the header as line 1) are listed
/// in `www/samples/README.md` and in the comments below.
fn bad_rows() -> String {
    [
        "journey,time,touchpoint,channel,value,cost,rating,expectation,converted",
        "B01,2026-03-02T09:15:00+01:00,Online ad,display,,1.20,,,",
        "B01,2026-03-03T20:41:00+01:00,Booking website,web,258.00,2.50,,,true",
        "B01,yesterday,Confirmation email,email,,0.10,,,", // line 4: unknown time
        "B01,2026-03-10T15:02:00+01:00,Check-in,front desk,,8.00,4,4,",
        "B01,2026-03-10T20:12:00+01:00,Restaurant,restaurant,64.50,18.00,5,4,",
        "B01,2026-03-11T07:05:00+01:00,,on site,,4.00,,,", // line 7: empty touch point
        "B01,2026-03-12T09:48:00+01:00,Checkout,front desk,,5.00,4,3,",
        ",2026-03-13T19:30:00+01:00,Online review,review site,,0.20,5,4,", // line 9: missing journey
        "B02,2026-03-04T11:20:00+01:00,Friend recommendation,word of mouth,,0.00,,,",
        "B02,2026-03-05T10:02:00+01:00,Reservation call,phone,298.00,6.00,4,4,true",
        "B02,2026-03-05T10:05:00+01:00,Confirmation email", // line 12: too few fields
        "B02,2026-03-14T16:40:00+01:00,Check-in,front desk,,8.00,3,4,",
        "B02,2026-03-14T22:15:00+01:00,Room service,in room,28.00,12.00,,,",
        "B02,2026-03-15T20:05:00+01:00,Restaurant,restaurant,\"12,5 EUR\",18.00,,,", // line 15: value not a number
        "B02,2026-03-16T06:45:00+01:00,Fitness centre,on site,,4.00,4,4,",
        "B02,2026-03-16T10:10:00+01:00,Checkout,front desk,,5.00,4,4,",
        "B03,2026-03-06T08:30:00Z,Online ad,display,,1.20,good,4,", // line 18: rating is text
        "B03,2026-03-06T08:52:00Z,Booking website,web,119.00,2.50,,,true",
        "B03,2026-03-06T08:55:00Z,Confirmation email,email,,0.10,,,maybe", // line 20: converted "maybe"
        "B03,2026-03-20T15:30:00+01:00,Check-in,front desk,,8.00,5,4,",
        "",
    ]
    .join("\n")
}

// ---------------------------------------------------------------- transactions

/// 2,400 customers over 2024-01-01 .. 2025-12-31. Orders per customer follow a capped
/// Pareto (α = 1.25); a per-customer basket size is log-normal (median ≈ 40 EUR), each order
/// varies ±35 % around it. About 30 % of customers lapse: their activity stops
/// 1–9 months after their first purchase, at least 9 months before the end of the data.
fn transactions() -> String {
    let mut rng = Rng::new(0x7A5C_0002);
    let d0 = days_from_civil(2024, 1, 1);
    let d1 = days_from_civil(2025, 12, 31);
    let mut rows: Vec<(i64, u32, f64)> = Vec::new();
    for c in 1..=2400u32 {
        let u = rng.f64().max(1e-9);
        let n = ((1.0 / u.powf(1.0 / 1.25)).floor() as i64).clamp(1, 60);
        let basket = (3.7 + 0.6 * rng.normal()).exp();
        let lapsed = rng.chance(0.30);
        let (start, end) = if lapsed {
            let s = rng.range(d0, d1 - 300);
            (s, (s + rng.range(30, 270)).min(d1 - 270))
        } else {
            let s = rng.range(d0, d1 - 14);
            (s, d1)
        };
        let end = end.max(start);
        rows.push((start, c, basket));
        for _ in 1..n {
            rows.push((rng.range(start, end), c, basket));
        }
    }
    for r in rows.iter_mut() {
        r.2 = ((r.2 * (0.35 * rng.normal()).exp()).clamp(3.0, 900.0) * 100.0).round() / 100.0;
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.total_cmp(&b.2)));
    let mut out = String::from("customer_id,date,amount\n");
    for (d, c, a) in rows {
        let _ = writeln!(out, "C{c:05},{},{a:.2}", ymd(d));
    }
    out
}

// ---------------------------------------------------------------- attribution paths

fn attribution_paths() -> String {
    // (path, rough conversion rate, rough volume)
    const PATHS: &[(&str, f64, f64)] = &[
        ("Instagram ad > Website visit > Checkout", 0.80, 120.0),
        ("Instagram ad > Website visit > Online order", 0.85, 160.0),
        ("Instagram ad > Website visit", 0.10, 900.0),
        ("Instagram ad", 0.02, 2400.0),
        ("Influencer post > Website visit", 0.12, 500.0),
        ("Influencer post > Instagram ad > Website visit", 0.18, 260.0),
        ("Influencer post", 0.03, 1100.0),
        ("Search ad > Website visit", 0.20, 700.0),
        ("Search ad > Website visit > Newsletter", 0.25, 180.0),
        ("Search ad", 0.05, 800.0),
        ("TV commercial > Search ad > Website visit", 0.22, 210.0),
        ("TV commercial > Store window", 0.15, 240.0),
        ("TV commercial", 0.01, 1500.0),
        ("Store window > Fitting room", 0.55, 420.0),
        ("Store window > Fitting room > Checkout", 0.95, 150.0),
        ("Store window", 0.06, 1300.0),
        ("Friend recommendation > Store window > Fitting room", 0.60, 140.0),
        ("Friend recommendation > Website visit", 0.30, 220.0),
        ("Friend recommendation", 0.10, 300.0),
        ("Newsletter > Website visit", 0.28, 640.0),
        ("Newsletter", 0.04, 2100.0),
        ("Newsletter > Loyalty app > Website visit", 0.35, 190.0),
        ("Instagram ad > Store window > Fitting room", 0.50, 170.0),
        ("Instagram ad > Newsletter > Website visit", 0.30, 230.0),
        ("Search ad > Instagram ad > Website visit > Newsletter", 0.32, 90.0),
        ("Influencer post > Store window > Fitting room > Checkout", 0.92, 60.0),
        ("TV commercial > Instagram ad > Website visit > Online order", 0.88, 45.0),
        ("Website visit", 0.08, 1800.0),
        ("Website visit > Fitting room", 0.45, 260.0),
        ("Loyalty app > Website visit", 0.40, 330.0),
    ];
    let mut rng = Rng::new(0xA77B_0003);
    let mut out = String::from("path,total_conversions,total_conversion_value,total_null\n");
    for (path, rate, volume) in PATHS {
        let n = (volume * rng.uniform(0.85, 1.15)).round();
        let conv = (n * rate * rng.uniform(0.9, 1.1)).round().min(n);
        let null = n - conv;
        let aov = rng.uniform(55.0, 95.0);
        let value = (conv * aov * 100.0).round() / 100.0;
        let _ = writeln!(out, "{path},{conv},{value:.2},{null}");
    }
    out
}
