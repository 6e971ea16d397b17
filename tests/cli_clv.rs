//! `touchpoints clv`: the JSON shape of the issue, CSV and text, and clear errors.

use touchpoints::cli::run;

fn clv(args: &[&str]) -> Result<String, String> {
    let mut all = vec!["clv".to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    run(&all)
}

const CDNOW: &str = "tests/data/clv/cdnow-transactions.csv";

#[test]
fn json_has_the_documented_shape() {
    let out = clv(&[CDNOW, "--calibration-end", "1997-09-30", "--format", "json"]).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["unit"], "weeks");
    assert_eq!(v["calibration_end"], "1997-09-30");
    assert_eq!(v["horizon"], 39.0);
    for (model, keys) in [
        ("bg_nbd", &["r", "alpha", "a", "b", "log_likelihood"][..]),
        ("pareto_nbd", &["r", "alpha", "s", "beta", "log_likelihood"][..]),
        ("mbg_nbd", &["r", "alpha", "a", "b"][..]),
        ("gamma_gamma", &["p", "q", "v"][..]),
    ] {
        for key in keys {
            assert!(v["models"][model][key].is_f64(), "{model}.{key}");
        }
    }
    assert_eq!(v["holdout"]["duration"], 39.0);
    assert_eq!(v["holdout"]["actual"], 1882);
    assert!(v["holdout"]["predicted"]["bg_nbd"].is_f64());
    assert!(v["holdout"]["predicted"]["pareto_nbd"].is_f64());
    let customers = v["customers"].as_array().unwrap();
    assert_eq!(customers.len(), 2357);
    let first = customers.iter().find(|c| c["customer"] == "1").unwrap();
    assert_eq!(first["frequency"], 2);
    assert_eq!((first["recency"].as_f64().unwrap() * 100.0).round(), 3043.0);
    assert_eq!((first["T"].as_f64().unwrap() * 100.0).round(), 3886.0);
    assert_eq!((first["monetary_value"].as_f64().unwrap() * 1000.0).round(), 22345.0);
    for model in ["bg_nbd", "pareto_nbd"] {
        assert!(first[model]["p_alive"].is_f64(), "{model}");
        assert!(first[model]["expected_purchases"].is_f64(), "{model}");
    }
    assert!(first["expected_avg_spend"].is_f64());
    assert!(first["clv"].is_f64());
    assert_eq!(first["p_purchases"].as_array().unwrap().len(), 11);
    assert!(!out.contains("null") && !out.contains("NaN"));
}

#[test]
fn options_change_the_numbers_and_bad_options_say_what_was_expected() {
    let days =
        clv(&[CDNOW, "--calibration-end", "1997-09-30", "--unit", "days", "--format", "json"])
            .unwrap();
    let v: serde_json::Value = serde_json::from_str(&days).unwrap();
    assert_eq!(v["horizon"], 273.0);
    let alpha = v["models"]["bg_nbd"]["alpha"].as_f64().unwrap();
    assert_eq!((alpha / 7.0 * 1000.0).round(), 4414.0, "α in days is 7 × α in weeks");
    let csv =
        clv(&[CDNOW, "--calibration-end", "1997-09-30", "--format", "csv", "--model", "pareto"])
            .unwrap();
    assert_eq!(csv.lines().count(), 2358);
    let text =
        clv(&[CDNOW, "--calibration-end", "1997-09-30", "--months", "24", "--discount", "0.02"])
            .unwrap();
    assert!(text.contains("CLV over 24 months"), "{text}");
    assert!(text.contains("Pareto/NBD (pareto_nbd)"));
    for (args, expected) in [
        (&[CDNOW, "--unit", "months"][..], "expected days or weeks"),
        (&[CDNOW, "--model", "xyz"][..], "expected bg_nbd"),
        (&[CDNOW, "--calibration-end", "30/09/1997"][..], "not a date"),
        (&[CDNOW, "--horizon", "-3"][..], "must be a number above 0"),
        (&[CDNOW, "--horizon", "5218"][..], "at most 5217 (100 years in weeks)"),
        (&[CDNOW, "--horizon", "1e11", "--unit", "days"][..], "at most 36525 (100 years in days)"),
        (&[CDNOW, "--months", "1201"][..], "(0–1200)"),
        (&[CDNOW, "--format", "xml"][..], "expected json, csv or text"),
        (&[][..], "clv needs one FILE"),
    ] {
        let err = clv(args).unwrap_err();
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}
