//! `touchpoints clv FILE [--calibration-end DATE] [--unit days|weeks] [--horizon N]
//! [--months 12] [--discount 0.01] [--model bg_nbd|mbg_nbd|pareto_nbd|bg_bb]
//! [--penalty L] [--format json|csv|text]`: the customer lifetime value models
//! fitted on a transactions file (customer, date, amount) or the purchases of
//! a journey file (docs/clv.md).

use super::value::num;
use super::{parse, read_file, USAGE};
use crate::clv::{analyse, purchases_of, Clv, ClvSettings, ModelKey, Unit};
use crate::ingest::IngestOptions;

/// Runs `clv` with its arguments (after the subcommand name).
pub fn run(args: &[String]) -> Result<String, String> {
    let args = parse(
        args,
        &["calibration-end", "unit", "horizon", "months", "discount", "model", "penalty", "format"],
    )?;
    let [path] = args.positional.as_slice() else {
        return Err(format!("clv needs one FILE (customer, date, amount)\n\n{USAGE}"));
    };
    let mut settings = ClvSettings::default();
    if let Some(unit) = args.flag("unit") {
        settings.unit =
            Unit::parse(unit).ok_or_else(|| format!("--unit {unit:?}: expected days or weeks"))?;
    }
    settings.calibration_end = args.flag("calibration-end").map(str::to_string);
    let number = |name: &str| -> Result<Option<f64>, String> {
        args.flag(name)
            .map(|v| {
                v.trim().parse::<f64>().map_err(|_| format!("--{name} {v:?}: expected a number"))
            })
            .transpose()
    };
    settings.horizon = number("horizon")?;
    if let Some(m) = number("months")? {
        if !(m >= 0.0 && m.fract() == 0.0 && m <= 1200.0) {
            return Err(format!("--months {m}: expected a whole number of months (0–1200)"));
        }
        settings.months = m as u32;
    }
    if let Some(d) = number("discount")? {
        settings.discount = d;
    }
    if let Some(p) = number("penalty")? {
        settings.penalty = p;
    }
    if let Some(model) = args.flag("model") {
        settings.model = ModelKey::parse(model).ok_or_else(|| {
            format!("--model {model:?}: expected bg_nbd, mbg_nbd, pareto_nbd or bg_bb")
        })?;
    }
    let bytes = read_file(path)?;
    let dataset = crate::open::read_dataset(path, &bytes, &IngestOptions::default())
        .map_err(|e| format!("{path}: {e}"))?;
    let purchases = purchases_of(&dataset, settings.purchase_rule)
        .ok_or_else(|| format!("{path}: the times are not dates; CLV needs purchase dates"))?;
    let clv = analyse(&purchases, &settings).map_err(|e| format!("{path}: {e}"))?;
    match args.flag("format").unwrap_or("text") {
        "json" => json(&clv),
        "csv" => Ok(clv.csv()),
        "text" => Ok(text(&clv)),
        other => Err(format!("--format {other:?}: expected json, csv or text")),
    }
}

/// The report with every customer's row under `customers`.
pub fn json(clv: &Clv) -> Result<String, String> {
    let mut value = serde_json::to_value(&clv.report).map_err(|e| e.to_string())?;
    if let Some(map) = value.as_object_mut() {
        let rows = serde_json::to_value(clv.rows()).map_err(|e| e.to_string())?;
        map.insert("customers".into(), rows);
        map.remove("definitions");
    }
    serde_json::to_string_pretty(&value).map(|s| s + "\n").map_err(|e| e.to_string())
}

/// The fits, the holdout check and the top customers as plain text.
pub fn text(clv: &Clv) -> String {
    use std::fmt::Write;
    let r = &clv.report;
    let mut out = String::new();
    let unit = r.unit.key();
    let _ = writeln!(
        out,
        "Customer lifetime value: {} customers ({} repeat), calibration to {}, data to {}",
        r.customer_count, r.repeat_customers, r.calibration_end, r.observation_end
    );
    let _ = writeln!(
        out,
        "  unit {unit}; horizon {} {unit}; CLV over {} months of {} {unit}, discount {} a month; model {}",
        num(r.horizon, 2),
        r.months,
        num(r.month_length, 3),
        r.discount,
        r.model.label()
    );
    for (key, fit) in &r.models {
        let _ = writeln!(out, "\n{} ({key}):", fit.label);
        if !fit.converged {
            let _ = writeln!(
                out,
                "  not fitted: {}",
                fit.message.as_deref().unwrap_or("did not converge")
            );
            continue;
        }
        for (name, v) in &fit.params {
            let se = fit.standard_errors.get(name).map(|s| format!("  (SE {})", num(*s, 4)));
            let _ = writeln!(out, "  {name:<6} {:>12}{}", num(*v, 4), se.unwrap_or_default());
        }
        if let Some(ll) = fit.log_likelihood {
            let _ = writeln!(
                out,
                "  log-likelihood {}  ({} customers, {} distinct rows, {} iterations)",
                num(ll, 2),
                fit.customers,
                fit.rows,
                fit.iterations
            );
        }
        if let Some(m) = &fit.message {
            let _ = writeln!(out, "  note: {m}");
        }
    }
    if let Some(c) = r.spend.correlation {
        let _ = writeln!(out, "  frequency–spend correlation {}", num(c, 3));
    }
    if let Some(h) = &r.holdout {
        let _ = writeln!(
            out,
            "\nHoldout ({} {unit}): actual {} repeat purchases",
            num(h.duration, 2),
            h.actual
        );
        for (key, p) in &h.predicted {
            let _ = writeln!(out, "  predicted by {key:<11} {}", num(*p, 1));
        }
    }
    if !r.top.is_empty() {
        let _ = writeln!(out, "\nTop customers by CLV:");
        let _ = writeln!(
            out,
            "  {:<12} {:>5} {:>8} {:>8} {:>8} {:>10}",
            "customer", "x", "P(alive)", "E[purch]", "spend", "CLV"
        );
        for c in r.top.iter().take(10) {
            let _ = writeln!(
                out,
                "  {:<12} {:>5} {:>8} {:>8} {:>8} {:>10}",
                c.customer,
                c.frequency,
                c.p_alive.map(|v| num(v, 3)).unwrap_or_default(),
                c.expected_purchases.map(|v| num(v, 2)).unwrap_or_default(),
                c.expected_avg_spend.map(|v| num(v, 2)).unwrap_or_default(),
                c.clv.map(|v| num(v, 2)).unwrap_or_default()
            );
        }
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(out, "\nNotes:");
        for w in &r.warnings {
            let _ = writeln!(out, "  {w}");
        }
    }
    out
}
