//! `touchpoints value SHEET [--format json|text]`: the perceived value of
//! each offer of a value sheet (CSV or JSON, see `docs/value.md`).

use super::{parse, read_file, USAGE};
use crate::value::{perceived_value, read_value_sheet, ValueReport};

/// Runs `value` with its arguments (after the subcommand name).
pub fn run(args: &[String]) -> Result<String, String> {
    let args = parse(args, &["format"])?;
    let [path] = args.positional.as_slice() else {
        return Err(format!("value needs one SHEET (CSV or JSON)\n\n{USAGE}"));
    };
    let bytes = read_file(path)?;
    let sheet = read_value_sheet(path, &bytes).map_err(|e| format!("{path}: {e}"))?;
    let report = perceived_value(&sheet);
    match args.flag("format").unwrap_or("text") {
        "json" => {
            serde_json::to_string_pretty(&report).map(|s| s + "\n").map_err(|e| e.to_string())
        }
        "text" => Ok(text(&report)),
        other => Err(format!("--format {other:?}: expected json or text")),
    }
}

/// A number with at most `decimals` decimals, without trailing zeros.
pub(super) fn num(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// The value report as plain text for a terminal.
pub fn text(r: &ValueReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Perceived value (benefit = Σ weight × rating over benefits; cost = the same over costs)"
    );
    let width = r.offers.iter().map(|o| o.name.chars().count()).max().unwrap_or(5).max(5);
    let _ = writeln!(
        out,
        "  {:>4}  {:<width$}  {:>9}  {:>9}  {:>9}  {:>7}  {:>10}",
        "rank", "offer", "benefit", "cost", "value", "ratio", "vs rival"
    );
    let mut offers: Vec<_> = r.offers.iter().collect();
    crate::sort::sort_by_key(&mut offers, |o| o.rank);
    for o in &offers {
        let ratio = o.ratio.map(|x| num(x, 2)).unwrap_or_else(|| "–".into());
        let gap =
            o.gap_to_rival.map(|g| format!("{}{}", if g > 0.0 { "+" } else { "" }, num(g, 2)));
        let mark = if o.ours { " (ours)" } else { "" };
        let _ = writeln!(
            out,
            "  {:>4}  {:<width$}  {:>9}  {:>9}  {:>9}  {:>7}  {:>10}{mark}",
            o.rank,
            o.name,
            num(o.benefit, 2),
            num(o.cost, 2),
            num(o.value, 2),
            ratio,
            gap.unwrap_or_else(|| "–".into()),
        );
    }
    if let Some(slope) = r.fair_value_slope {
        let _ = writeln!(out, "\nFair-value line: benefit = {} × cost", num(slope, 3));
        for o in &offers {
            let side = match o.above_fair_value {
                Some(true) => "above the line (better value)",
                _ => "on or below the line",
            };
            let _ = writeln!(out, "  {:<width$}  {side}", o.name);
        }
    }
    if let (Some(ours), Some(best), Some(gap)) =
        (&r.ours, &r.best_competitor, r.gap_to_best_competitor)
    {
        let _ = writeln!(out, "\n{ours} vs the best competitor {best}: value gap {}", num(gap, 2));
    }
    for o in &offers {
        let Some(rival) = &o.rival else { continue };
        let _ = writeln!(
            out,
            "\nDrivers of {} vs {rival} (weight × rating difference; + helps {}):",
            o.name, o.name
        );
        for d in o.drivers.iter().take(5) {
            let _ = writeln!(
                out,
                "  {:>+8}  {} ({} {}, weight {}: {} vs {})",
                num(d.contribution, 2),
                d.criterion,
                d.side.key(),
                if d.category.is_empty() { "-" } else { &d.category },
                num(d.weight, 2),
                num(d.rating, 2),
                num(d.rival_rating, 2)
            );
        }
    }
    for n in &r.notes {
        let _ = writeln!(out, "\nNote: {n}");
    }
    if !r.problems.is_empty() {
        let _ = writeln!(out, "\nProblems:");
        for p in &r.problems {
            let _ = writeln!(out, "  {p}");
        }
    }
    out
}
