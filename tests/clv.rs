//! CLV models against the published CDNOW estimates, closed forms at fixed
//! parameters against the lifetimes package, and degenerate data.
//! tests/data/clv/README.md says where every reference number comes from.

use touchpoints::clv::bg_bb::BgBb;
use touchpoints::clv::bg_nbd::BgNbd;
use touchpoints::clv::gamma_gamma::GammaGamma;
use touchpoints::clv::pareto_nbd::ParetoNbd;
use touchpoints::clv::report::{Fitted, WEEKS_PER_MONTH};
use touchpoints::clv::{analyse, purchases_of, Clv, ClvSettings, ModelKey, Purchases, Unit};
use touchpoints::engagement::PurchaseRule;
use touchpoints::ingest::{self, IngestOptions};

fn cdnow() -> Purchases {
    let bytes = std::fs::read("tests/data/clv/cdnow-transactions.csv").unwrap();
    let dataset = ingest::read(&bytes, &IngestOptions::default()).unwrap();
    purchases_of(&dataset, PurchaseRule::Auto).unwrap()
}

fn cdnow_clv() -> Clv {
    let settings = ClvSettings {
        unit: Unit::Weeks,
        calibration_end: Some("1997-09-30".into()),
        ..ClvSettings::default()
    };
    analyse(&cdnow(), &settings).unwrap()
}

/// Rounds to `digits` decimals.
fn round(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

/// Asserts `got` equals `want` to the number of decimals `want` was published with.
fn check(what: &str, got: f64, want: f64, digits: i32) {
    assert_eq!(round(got, digits), want, "{what}: got {got}, published {want}");
}

/// Asserts relative agreement within `tolerance`.
fn close(what: &str, got: f64, want: f64, tolerance: f64) {
    let scale = want.abs().max(1e-12);
    assert!((got - want).abs() <= tolerance * scale, "{what}: got {got}, want {want}");
}

#[test]
fn the_cdnow_file_is_the_lifetimes_sample_converted() {
    // customer = the sample id (2nd column), date YYYYMMDD → YYYY-MM-DD, amount = 5th column.
    let raw = std::fs::read_to_string("tests/data/clv/CDNOW_sample.txt").unwrap();
    let csv = std::fs::read_to_string("tests/data/clv/cdnow-transactions.csv").unwrap();
    let converted: Vec<String> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let id = f[1].trim_start_matches('0');
            format!("{id},{}-{}-{},{}", &f[2][..4], &f[2][4..6], &f[2][6..], f[4])
        })
        .collect();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 6919);
    assert_eq!(rows, converted);
    let page_copy = std::fs::read_to_string("www/samples/cdnow-transactions.csv").unwrap();
    assert_eq!(page_copy, csv, "the page sample is the same file");
}

#[test]
fn cdnow_summary_follows_the_conventions() {
    let clv = cdnow_clv();
    let r = &clv.report;
    assert_eq!(r.customer_count, 2357);
    assert_eq!(r.repeat_customers, 946);
    assert_eq!(r.purchases, 6919);
    let holdout = r.holdout.as_ref().unwrap();
    assert_eq!(holdout.duration, 39.0);
    assert_eq!(holdout.actual, 1882);
    // Customer 1: 1997-01-01 29.33, 01-18 29.73, 08-02 14.96 | holdout 12-12 26.48.
    let first = clv.rows().into_iter().find(|c| c.customer == "1").unwrap();
    assert_eq!(first.frequency, 2);
    check("recency", first.recency, 30.43, 2); // 213 days / 7
    check("T", first.t, 38.86, 2); // 272 days / 7
    check("monetary_value", first.monetary_value, 22.345, 3); // (29.73 + 14.96) / 2
    assert_eq!(first.holdout_purchases, Some(1));
}

#[test]
fn cdnow_matches_the_published_estimates() {
    let clv = cdnow_clv();
    let m = &clv.report.models;
    let bg = &m["bg_nbd"];
    assert!(bg.converged, "{:?}", bg.message);
    // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
    check("BG/NBD r", bg.params["r"], 0.243, 3);
    check("BG/NBD alpha", bg.params["alpha"], 4.414, 3);
    check("BG/NBD a", bg.params["a"], 0.793, 3);
    check("BG/NBD b", bg.params["b"], 2.426, 3);
    check("BG/NBD LL", bg.log_likelihood.unwrap(), -9582.4, 1);
    // Pareto/NBD: r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9595.0.
    let pn = &m["pareto_nbd"];
    assert!(pn.converged, "{:?}", pn.message);
    check("Pareto r", pn.params["r"], 0.553, 3);
    check("Pareto alpha", pn.params["alpha"], 10.578, 3);
    check("Pareto s", pn.params["s"], 0.606, 3);
    check("Pareto beta", pn.params["beta"], 11.669, 3);
    check("Pareto LL", pn.log_likelihood.unwrap(), -9595.0, 1);
    // Gamma-Gamma on the 946 repeat customers: p = 6.25, q = 3.74, v = 15.44.
    let gg = &m["gamma_gamma"];
    assert_eq!(gg.customers, 946);
    check("GG p", gg.params["p"], 6.25, 2);
    check("GG q", gg.params["q"], 3.74, 2);
    check("GG v", gg.params["v"], 15.44, 2);
    // Every model has standard errors and the other two converge.
    for (key, fit) in m {
        assert!(fit.converged, "{key}: {:?}", fit.message);
        assert_eq!(fit.standard_errors.len(), fit.params.len(), "{key}");
    }
    // Histogram collapse: 2,357 customers on 1,016 distinct (x, tₓ, T).
    assert_eq!(bg.rows, 1016);
}

const BG: BgNbd = BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, modified: false };
const MBG: BgNbd = BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, modified: true };
const PARETO: ParetoNbd = ParetoNbd { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const CUSTOMERS: [(f64, f64, f64); 4] =
    [(0.0, 0.0, 38.86), (2.0, 30.43, 38.86), (7.0, 35.0, 38.0), (1.0, 2.0, 32.0)];

#[test]
fn closed_forms_match_lifetimes_at_fixed_parameters() {
    // (model, customer index, p_alive, expected purchases in 39 weeks), lifetimes 0.11.3.
    let bg = [
        (1.0, 0.195098052011),
        (0.726578570081, 1.22602817477),
        (0.861991065093, 4.55618527659),
        (0.261100484044, 0.290171617419),
    ];
    let mbg = [
        (0.637253337965, 0.127461382546),
        (0.774419242624, 1.34049742849),
        (0.874799267423, 4.70424571425),
        (0.332897955862, 0.381366606194),
    ];
    let pareto = [
        (0.295286604617, 0.107081468215),
        (0.869167559153, 1.45512319326),
        (0.952839625688, 4.79055424926),
        (0.230410817547, 0.266298841956),
    ];
    for (i, &(x, t_x, t)) in CUSTOMERS.iter().enumerate() {
        close("BG p_alive", BG.p_alive(x, t_x, t), bg[i].0, 1e-10);
        close("BG expected", BG.expected_purchases(39.0, x, t_x, t).unwrap(), bg[i].1, 1e-9);
        close("MBG p_alive", MBG.p_alive(x, t_x, t), mbg[i].0, 1e-10);
        close("MBG expected", MBG.expected_purchases(39.0, x, t_x, t).unwrap(), mbg[i].1, 1e-9);
        close("Pareto p_alive", PARETO.p_alive(x, t_x, t).unwrap(), pareto[i].0, 1e-9);
        close(
            "Pareto expected",
            PARETO.expected_purchases(39.0, x, t_x, t).unwrap(),
            pareto[i].1,
            1e-9,
        );
    }
    // E[X(t)] of a new customer at t = 39 and 78 weeks.
    for (t, bg_new, mbg_new, pareto_new) in [
        (39.0, 1.19672319332, 0.991126533584, 1.21300284428),
        (78.0, 1.86051905794, 1.5804734554, 1.90939812931),
    ] {
        close("BG new", BG.expected_purchases_new(t).unwrap(), bg_new, 1e-9);
        close("MBG new", MBG.expected_purchases_new(t).unwrap(), mbg_new, 1e-9);
        close("Pareto new", PARETO.expected_purchases_new(t).unwrap(), pareto_new, 1e-9);
    }
}

#[test]
fn purchase_probabilities_match_independent_closed_forms() {
    // Pareto/NBD conditional pmf (lifetimes: Fader & Hardie's closed form with ₂F₁;
    // ours integrates over the death time numerically), n = 0…3 over 39 weeks.
    let pareto = [
        [0.930714815946, 0.0458981241258, 0.0146771447105, 0.00531444300719],
        [0.408062723606, 0.219287497901, 0.151756520757, 0.0956553462964],
        [0.123891076723, 0.0815877183939, 0.0938036392824, 0.104722375963],
        [0.874576229135, 0.0580419497632, 0.0318007272611, 0.0170531287977],
    ];
    for (i, &(x, t_x, t)) in CUSTOMERS.iter().enumerate() {
        let p = PARETO.pmf(39.0, x, t_x, t, 3);
        for n in 0..4 {
            close("Pareto pmf", p[n], pareto[i][n], 1e-8);
        }
    }
    // A customer just acquired (x = tₓ = T = 0): the conditional pmf is the
    // unconditional P(X(t) = n) of FHL (2005) eq. 8 (lifetimes).
    for (model, want) in [
        (BG, [0.573786352096, 0.199395280836, 0.0854297595391, 0.045860353848]),
        (MBG, [0.678783998194, 0.137030240826, 0.0642804195501, 0.0365581305484]),
    ] {
        let p = model.pmf(39.0, 0.0, 0.0, 0.0, 3);
        for n in 0..4 {
            close("BG-family pmf", p[n], want[n], 1e-9);
        }
    }
}

#[test]
fn bg_bb_and_gamma_gamma_match_lifetimes() {
    // Fader, Hardie & Shang (2010) donation parameters; lifetimes 0.11.3.
    let m = BgBb { alpha: 1.204, beta: 0.750, gamma: 0.657, delta: 2.783 };
    for (x, t_x, n, expected5, alive_next) in [
        (0, 0, 6, 0.072802877475, 0.108016584169),
        (3, 5, 6, 1.80442599979, 0.766734049995),
        (6, 6, 6, 3.7521156076, 0.930402542373),
        (1, 1, 6, 0.0856353983379, 0.0694080932065),
    ] {
        close("BG/BB expected", m.expected_purchases(5.0, x, t_x, n), expected5, 1e-9);
        close("BG/BB p_alive", m.p_alive(x, t_x, n), alive_next, 1e-9);
    }
    let gg = GammaGamma { p: 6.25, q: 3.74, v: 15.44 };
    for (x, mean, want) in
        [(1.0, 20.0, 24.638487208), (5.0, 35.5, 35.4773462783), (0.0, 0.0, 35.2189781022)]
    {
        close("Gamma-Gamma spend", gg.expected_spend(x, mean).unwrap(), want, 1e-9);
    }
}

#[test]
fn clv_is_the_discounted_sum_of_monthly_purchases_times_spend() {
    let clv = cdnow_clv();
    let Some(Fitted::Bg(bg)) = clv.fitted[ModelKey::BgNbd as usize] else { panic!("BG/NBD") };
    let gg = clv.spend.unwrap();
    let row = clv.rows().into_iter().find(|c| c.customer == "1").unwrap();
    let (x, t_x, t) = (row.frequency as f64, row.recency, row.t);
    let spend = gg.expected_spend(x, row.monetary_value).unwrap();
    let mut want = 0.0;
    for i in 1..=12 {
        let e = |m: f64| bg.expected_purchases(m * WEEKS_PER_MONTH, x, t_x, t).unwrap();
        want += spend * (e(i as f64) - e(i as f64 - 1.0)) / 1.01f64.powi(i);
    }
    close("clv", row.clv.unwrap(), want, 1e-12);
    close("expected spend", row.expected_avg_spend.unwrap(), spend, 1e-12);
    let pmf = row.p_purchases.as_ref().unwrap();
    assert_eq!(pmf.len(), 11);
    assert!(pmf.iter().sum::<f64>() <= 1.0 + 1e-9);
}

/// Serialises the report and every row and fails on NaN (serde writes null).
fn assert_no_nan(clv: &Clv, what: &str) {
    let report = serde_json::to_string(&clv.report).unwrap();
    let rows = serde_json::to_string(&clv.rows()).unwrap();
    for (name, text) in [("report", &report), ("rows", &rows)] {
        assert!(
            !text.contains("null") && !text.contains("NaN"),
            "{what}: {name} has a NaN: {text}"
        );
    }
    assert!(!clv.csv().contains("NaN"), "{what}: csv");
}

fn purchases(rows: &[(&str, i64, f64)]) -> Purchases {
    let mut p = Purchases::new();
    for (c, day, amount) in rows {
        p.add(c, *day, *amount);
    }
    p.finish()
}

#[test]
fn degenerate_data_converges_or_says_why_and_never_gives_nan() {
    let identical: Vec<(String, i64, f64)> = (0..50)
        .flat_map(|i| {
            [(format!("c{i}"), 0, 10.0), (format!("c{i}"), 30, 12.0), (format!("c{i}"), 60, 14.0)]
        })
        .collect();
    let identical: Vec<(&str, i64, f64)> =
        identical.iter().map(|(c, d, a)| (c.as_str(), *d, *a)).collect();
    let everybody: Vec<(String, i64, f64)> = (0..40)
        .flat_map(|i| {
            [(format!("e{i}"), i % 7, 5.0 + i as f64), (format!("e{i}"), 20 + i * 3, 7.0)]
        })
        .chain([("e0".to_string(), 200, 9.0)])
        .collect();
    let everybody: Vec<(&str, i64, f64)> =
        everybody.iter().map(|(c, d, a)| (c.as_str(), *d, *a)).collect();
    let nobody: Vec<(String, i64, f64)> = (0..30).map(|i| (format!("n{i}"), i * 5, 20.0)).collect();
    let nobody: Vec<(&str, i64, f64)> =
        nobody.iter().map(|(c, d, a)| (c.as_str(), *d, *a)).collect();
    type Rows<'a> = Vec<(&'a str, i64, f64)>;
    let cases: Vec<(&str, Rows)> = vec![
        ("one customer", vec![("a", 0, 10.0), ("a", 14, 20.0), ("a", 50, 5.0)]),
        ("one purchase", vec![("a", 0, 10.0)]),
        ("nobody repeats", nobody),
        ("everybody repeats", everybody),
        ("identical customers", identical),
    ];
    for (what, rows) in cases {
        for unit in [Unit::Weeks, Unit::Days] {
            let settings = ClvSettings { unit, ..ClvSettings::default() };
            let clv = analyse(&purchases(&rows), &settings).unwrap();
            assert_no_nan(&clv, what);
            for (key, fit) in &clv.report.models {
                if fit.converged {
                    assert!(fit.params.values().all(|v| v.is_finite() && *v > 0.0), "{what} {key}");
                    assert!(fit.log_likelihood.unwrap().is_finite(), "{what} {key}");
                } else {
                    let message = fit.message.as_deref().unwrap_or("");
                    assert!(message.len() > 20, "{what} {key}: {message:?}");
                }
            }
            if what == "nobody repeats" || what == "one purchase" {
                assert!(
                    clv.report.models["bg_nbd"]
                        .message
                        .as_deref()
                        .unwrap()
                        .contains("repeat purchase"),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn cdnow_report_and_table_have_no_nan_and_page_sorts() {
    let clv = cdnow_clv();
    assert_no_nan(&clv, "cdnow");
    let page = clv.page(&touchpoints::clv::ClvQuery {
        sort: "p_alive".into(),
        descending: false,
        offset: 0,
        limit: 5,
        filter: String::new(),
    });
    assert_eq!(page.total, 2357);
    let p: Vec<f64> = page.rows.iter().map(|r| r.p_alive.unwrap()).collect();
    assert!(p.windows(2).all(|w| w[0] <= w[1]), "{p:?}");
    assert_eq!(clv.report.top.len(), 20);
    assert!(clv.report.top.windows(2).all(|w| w[0].clv >= w[1].clv));
    assert!(clv.report.at_risk.iter().all(|r| r.p_alive.unwrap() < 0.5 && r.frequency > 0));
    let csv = clv.csv();
    assert_eq!(csv.lines().count(), 2358);
    assert!(csv.starts_with(
        "customer,frequency,recency,T,monetary_value,holdout_purchases,bg_nbd_p_alive"
    ));
    // Calibration vs holdout: bins 0…6 and 7+ with the customers of each.
    let bins = &clv.report.calibration_holdout;
    assert_eq!(bins.iter().map(|b| b.customers).sum::<usize>(), 2357);
    assert_eq!(bins[0].frequency, "0");
    assert_eq!(bins.last().unwrap().frequency, "7+");
    // Tracking: 78 weeks of cumulative repeat purchases, ending at all of them.
    let t = &clv.report.tracking;
    assert_eq!(t.times.len(), t.actual.len());
    assert_eq!(t.calibration_end, 272.0 / 7.0);
}

#[test]
fn the_journey_report_carries_clv_when_asked() {
    use touchpoints::analysis::{Analysis, AnalysisSettings};
    let bytes = std::fs::read("tests/data/clv/cdnow-transactions.csv").unwrap();
    let rules = touchpoints::taxonomy::preset("generic").unwrap();
    let mut analysis = Analysis::from_bytes(&bytes, &IngestOptions::default(), rules).unwrap();
    assert!(analysis.report.clv.is_none(), "off by default");
    let clv = ClvSettings { calibration_end: Some("1997-09-30".into()), ..ClvSettings::default() };
    analysis.set_settings(AnalysisSettings { clv: Some(clv), ..AnalysisSettings::default() });
    let report = analysis.report.clv.as_ref().unwrap();
    assert_eq!(report.customer_count, 2357);
    check("report BG/NBD r", report.models["bg_nbd"].params["r"], 0.243, 3);
    assert!(report.models.contains_key("gamma_gamma"));
    assert!(!report.models.contains_key("pareto_nbd"), "the report fits the chosen model only");
    let json = serde_json::to_value(&analysis.report).unwrap();
    assert_eq!(json["clv"]["holdout"]["actual"], 1882);
}

/// tests/data/clv/homogeneous-spend.csv: 1,200 customers who buy at one of four rates all
/// year (nobody drops out) and spend uniformly 10–50 on every purchase, whoever they are.
fn homogeneous() -> Clv {
    let bytes = std::fs::read("tests/data/clv/homogeneous-spend.csv").unwrap();
    let dataset = ingest::read(&bytes, &IngestOptions::default()).unwrap();
    let purchases = purchases_of(&dataset, PurchaseRule::Auto).unwrap();
    let settings = ClvSettings {
        unit: Unit::Weeks,
        calibration_end: Some("2024-09-30".into()),
        ..ClvSettings::default()
    };
    analyse(&purchases, &settings).unwrap()
}

#[test]
fn spend_that_does_not_differ_between_customers_is_the_gamma_gamma_limit() {
    let clv = homogeneous();
    let gg = &clv.report.models["gamma_gamma"];
    // The maximum is the model's limit q, v → ∞: reached quickly and kept, in words.
    assert!(gg.converged, "{:?}", gg.message);
    assert!(gg.iterations < 300, "{} iterations", gg.iterations);
    assert!(gg.message.as_deref().unwrap_or("").contains("does not differ between customers"));
    assert!(gg.params["q"] > 1e7 && gg.params["v"] > 1e7, "{:?}", gg.params);
    // Every customer's expected spend is then the cohort's mean transaction value.
    let mean = gg.params["p"] * gg.params["v"] / gg.params["q"];
    close("mean transaction value", mean, 30.0, 0.02);
    let rows = clv.rows();
    assert_eq!(rows.len(), 1200);
    for row in &rows {
        let spend = row.expected_avg_spend.unwrap();
        close(&format!("{} expected spend", row.customer), spend, mean, 1e-3);
        assert!(row.clv.unwrap().is_finite());
    }
}

#[test]
fn nobody_dropping_out_gives_finite_expected_purchases_in_every_model() {
    // The drop-out parameters run far out (MBG/NBD: a ≈ 4e4, b ≈ 6e7), where the ₂F₁ of the
    // exact conditional expectation overflows: the expectation must still be the purchase
    // rate's (it was 0 for every customer), as BG/NBD's, which sees the same histories.
    let clv = homogeneous();
    let mbg = &clv.report.models["mbg_nbd"];
    assert!(mbg.params["a"] > 1e3, "{:?}", mbg.params);
    for row in clv.rows().iter().filter(|r| r.frequency > 0) {
        let bg = row.models["bg_nbd"].expected_purchases;
        assert!(bg > 0.0, "{}", row.customer);
        close(
            &format!("{} mbg_nbd", row.customer),
            row.models["mbg_nbd"].expected_purchases,
            bg,
            0.05,
        );
        let pareto = row.models["pareto_nbd"].expected_purchases;
        assert!(pareto.is_finite() && pareto > 0.0, "{} pareto_nbd {pareto}", row.customer);
    }
}
