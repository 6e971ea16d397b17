//! The command line's logic, kept in the library so it is tested natively:
//! parse arguments, run, and return the text to print.

use crate::ingest::IngestOptions;
use crate::report::Report;
use crate::taxonomy::{self, RuleSet};
use crate::time::format_duration;

mod attribution;
mod clv;
mod funnel;
mod grade;
pub mod parts;
mod paths;
mod value;

/// Usage text.
pub const USAGE: &str = "usage:
  touchpoints report FILE [--preset generic|hotel|retail] [--rules RULES.json] [--format json|text] [--charts DIR] [--threads N]
  touchpoints report FILE --partial OUT [--part K/N]
  touchpoints merge PARTIAL... [--preset NAME] [--rules RULES.json] [--format json|text] [--charts DIR] [--partial OUT]
  touchpoints grade --key KEY STUDENT_FILE... [--tolerance SECONDS] [--moment-seconds SECONDS] [--moments] [--format csv|json]
  touchpoints value SHEET [--format json|text]
  touchpoints clv FILE [--calibration-end DATE] [--unit days|weeks] [--horizon N] [--months 12] [--discount 0.01] [--model bg_nbd|mbg_nbd|pareto_nbd|bg_bb] [--penalty L] [--format json|csv|text]
  touchpoints funnel FILE --steps \"A, B?, !X, C\" [--funnel SPEC.json] [--order sequential|strict|any]
      [--window 30d] [--min-gap K=DUR] [--max-gap K=DUR] [--exclude STEP[@FROM-TO]] [--mode closed|open]
      [--count journeys|completions] [--entry any|first] [--breakdown DIM[:first|last|step=K]] [--next N]
      [--dropoffs FILE.csv] [--charts DIR] [--format json|csv|text]
  touchpoints paths FILE [--dimension touchpoint|channel|kind|owner|stage|media|direction] [--anchor start|end|between]
      [--from STEP] [--to STEP] [--steps 2-20] [--top N] [--collapse yes|no] [--end-node yes|no]
      [--clean REGEX=ALIAS]... [--matrix yes] [--charts DIR] [--format json|csv|text]
  touchpoints attribution FILE [--order K] [--half-life DAYS] [--format json|csv|text] (more: docs/attribution.md)
  touchpoints formats      the file formats read, by their endings

Reads a journey file (CSV, TSV, JSON, JSON Lines, attribution paths) or an
annotation file (`touchpoints formats` lists them), classifies every touch point and prints the report; a big
CSV or TSV file is read on several threads (--threads 1 for one).
`--partial OUT` writes a partial report instead (of part K of N of the file
with --part); `merge` gives the report of the partials together, the same as
the report of the whole (docs/partials.md).
`value` reads a perceived-value sheet (CSV or JSON) and prints each offer's
benefit, cost, value, ratio, rank and the criteria that drive the difference.
`clv` fits BG/NBD, MBG/NBD, Pareto/NBD, BG/BB and Gamma-Gamma to the purchases
(customer, date, amount) and prints P(alive), expected purchases and CLV per customer.
`grade` treats a mark lasting at most --moment-seconds (default 1) as a
moment; --moments treats every mark as a moment.
`funnel` counts the journeys reaching each step (`?` optional, `!` excluded between
its neighbours; steps are touch points, classes such as \"stage = purchase\" or
\"touchpoint ~ keyword\"); `paths` shows what journeys do next, step by step.
";

/// Options shared by the subcommands.
struct Args {
    positional: Vec<String>,
    flags: Vec<(String, String)>,
}

fn parse(args: &[String], known: &[&str]) -> Result<Args, String> {
    parse_with_switches(args, known, &[])
}

/// Like [`parse`]; `switches` are options without a value (recorded with
/// the value `"true"`).
fn parse_with_switches(args: &[String], known: &[&str], switches: &[&str]) -> Result<Args, String> {
    let mut positional = Vec::new();
    let mut flags = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if let Some(name) = a.strip_prefix("--") {
            let (name, value) = match name.split_once('=') {
                Some((n, v)) => (n.to_string(), v.to_string()),
                None if switches.contains(&name) => (name.to_string(), "true".to_string()),
                None => {
                    i += 1;
                    let v =
                        args.get(i).ok_or_else(|| format!("--{name} needs a value\n\n{USAGE}"))?;
                    (name.to_string(), v.clone())
                }
            };
            if !known.contains(&name.as_str()) {
                return Err(format!("unknown option --{name}\n\n{USAGE}"));
            }
            flags.push((name, value));
        } else {
            positional.push(a.clone());
        }
        i += 1;
    }
    Ok(Args { positional, flags })
}

impl Args {
    fn flag(&self, name: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn read_file(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

/// Loads the rule set named by `--rules FILE` or `--preset NAME` (default generic).
fn rule_set(args: &Args) -> Result<RuleSet, String> {
    if let Some(path) = args.flag("rules") {
        let bytes = read_file(path)?;
        let text = String::from_utf8_lossy(&bytes);
        return RuleSet::from_json(&text).map_err(|e| format!("{path}: {e}"));
    }
    taxonomy::preset(args.flag("preset").unwrap_or("generic")).map_err(|e| e.to_string())
}

/// Runs the command line with `args` (without the program name).
pub fn run(args: &[String]) -> Result<String, String> {
    match args.first().map(String::as_str) {
        Some("report") => report(&args[1..]),
        Some("merge") => merge(&args[1..]),
        Some("grade") => grade::run(&args[1..]),
        Some("value") => value::run(&args[1..]),
        Some("clv") => clv::run(&args[1..]),
        Some("funnel") => funnel::run(&args[1..]),
        Some("paths") => paths::run(&args[1..]),
        Some("attribution") => attribution::run(&args[1..]),
        Some("formats") => Ok(crate::formats::describe()),
        Some("help") | Some("--help") | Some("-h") | None => Ok(USAGE.to_string()),
        Some(other) => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    }
}

fn report(args: &[String]) -> Result<String, String> {
    let args = parse(args, &["preset", "rules", "format", "charts", "threads", "partial", "part"])?;
    let [path] = args.positional.as_slice() else {
        return Err(format!("report needs one FILE\n\n{USAGE}"));
    };
    let bytes = read_file(path)?;
    let options = IngestOptions::default();
    if let Some(out) = args.flag("partial") {
        let part = args.flag("part").map(part_of).transpose()?;
        let partial =
            parts::partial_of(path, &bytes, &options, part).map_err(|e| format!("{path}: {e}"))?;
        std::fs::write(out, partial).map_err(|e| format!("{out}: {e}"))?;
        return Ok(String::new());
    }
    let threads = match args.flag("threads") {
        Some(n) => n
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("--threads {n:?}: expected a whole number of 1 or more"))?,
        None => parts::default_threads(&bytes),
    };
    let rules = rule_set(&args)?;
    let analysis = if threads > 1 && parts::splittable(path, &bytes) {
        parts::read_threaded(&bytes, &options, threads)
            .and_then(|dataset| crate::analysis::Analysis::new(dataset, rules))
    } else {
        crate::open::analyse_file(path, &bytes, &options, rules)
    }
    .map_err(|e| format!("{path}: {e}"))?;
    output(&analysis, &args)
}

/// `K/N` of `--part`.
fn part_of(text: &str) -> Result<(usize, usize), String> {
    let parsed = text.split_once('/').and_then(|(k, n)| Some((k.parse().ok()?, n.parse().ok()?)));
    match parsed {
        Some((k, n)) if k >= 1 && k <= n => Ok((k, n)),
        _ => Err(format!("--part {text:?}: expected K/N with 1 ≤ K ≤ N, e.g. 2/4")),
    }
}

fn merge(args: &[String]) -> Result<String, String> {
    let args = parse(args, &["preset", "rules", "format", "charts", "partial"])?;
    if args.positional.is_empty() {
        return Err(format!("merge needs one or more PARTIAL files\n\n{USAGE}"));
    }
    let mut files = Vec::new();
    for path in &args.positional {
        files.push((path.clone(), read_file(path)?));
    }
    let options = IngestOptions::default();
    let part = parts::merge_partials(&files, &options).map_err(|e| e.to_string())?;
    if let Some(out) = args.flag("partial") {
        let head = parts::PartialHead::of(&part, &args.positional.join(" + "), "1/1", 1);
        std::fs::write(out, parts::write_partial(&head, &part))
            .map_err(|e| format!("{out}: {e}"))?;
        return Ok(String::new());
    }
    let dataset = crate::ingest::check(part.dataset).map_err(|e| e.to_string())?;
    let analysis =
        crate::analysis::Analysis::new(dataset, rule_set(&args)?).map_err(|e| e.to_string())?;
    output(&analysis, &args)
}

/// Writes the charts (with `--charts DIR`) and returns the report in `--format`.
fn output(analysis: &crate::analysis::Analysis, args: &Args) -> Result<String, String> {
    if let Some(dir) = args.flag("charts") {
        write_charts(analysis, std::path::Path::new(dir))?;
    }
    match args.flag("format").unwrap_or("text") {
        "json" => serde_json::to_string_pretty(&analysis.full_report())
            .map(|s| s + "\n")
            .map_err(|e| e.to_string()),
        "text" => Ok(text_report(&analysis.full_report())),
        other => Err(format!("--format {other:?}: expected json or text")),
    }
}

/// Writes the analysis's charts into `dir` (created when missing), one
/// `NAME.svg` per chart; returns the files written.
pub fn write_charts(
    analysis: &crate::analysis::Analysis,
    dir: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, String> {
    let shown = dir.display();
    std::fs::create_dir_all(dir).map_err(|e| format!("{shown}: {e}"))?;
    let charts = serde_json::to_value(analysis.charts()).map_err(|e| e.to_string())?;
    let mut written = Vec::new();
    if let Some(map) = charts.as_object() {
        // A chart the data does not allow (no satisfaction column, no funnel) is null: no file.
        for (name, svg) in map.iter().filter_map(|(n, v)| Some((n, v.as_str()?))) {
            let file = dir.join(format!("{name}.svg"));
            std::fs::write(&file, svg).map_err(|e| format!("{}: {e}", file.display()))?;
            written.push(file);
        }
    }
    Ok(written)
}

/// The report as plain text for a terminal.
pub fn text_report(r: &Report) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "Touch points report (rules: {})", r.rules);
    let _ = writeln!(out, "  events              {}", r.events);
    let _ = writeln!(out, "  journeys            {}", r.journeys);
    let _ = writeln!(out, "  unique touch points {}", r.unique_touchpoints);
    let _ = writeln!(
        out,
        "  per journey         min {}, median {}, mean {:.2}, max {}",
        r.per_journey.min, r.per_journey.median, r.per_journey.mean, r.per_journey.max
    );
    let _ = writeln!(
        out,
        "  span                {} to {} ({})",
        r.span.first_text, r.span.last_text, r.span.text
    );
    if let Some(v) = &r.video {
        let _ = writeln!(
            out,
            "  video               {} long, {:.2} touch points per minute",
            format_duration(v.duration_seconds),
            v.touchpoints_per_minute
        );
    }
    for (name, counts) in [
        ("kind", &r.by_kind),
        ("owner", &r.by_owner),
        ("stage", &r.by_stage),
        ("media", &r.by_media),
        ("direction", &r.by_direction),
    ] {
        let _ = writeln!(out, "\nBy {name}:");
        for c in counts {
            let _ = writeln!(out, "  {:<26} {:>8}  {:>5.1}%", c.label, c.events, c.share * 100.0);
        }
    }
    let _ = writeln!(out, "\nTouch points:");
    for t in &r.by_touchpoint {
        // The kinds its events got (a kind column over the rules), as the by-kind counts count them.
        let kinds: Vec<String> = r
            .by_kind
            .iter()
            .filter_map(|k| t.by_kind.get(k.class).map(|n| (k.label, *n)))
            .map(
                |(label, n)| {
                    if t.by_kind.len() == 1 {
                        label.to_string()
                    } else {
                        format!("{label} {n}")
                    }
                },
            )
            .collect();
        let _ = writeln!(out, "  {:<30} {:>8}  {}", t.touchpoint, t.events, kinds.join(", "));
    }
    let others = &r.touchpoints_not_listed;
    if others.touchpoints > 0 {
        let _ = writeln!(
            out,
            "  … and {} more touch points ({} events, {:.1}%): the report lists the {} most frequent",
            others.touchpoints,
            others.events,
            others.share * 100.0,
            r.by_touchpoint.len()
        );
    }
    if let Some(l) = r.lifecycle.as_ref().filter(|l| !l.at_risk.is_empty()) {
        // The core's order: lapsed, then overdue, each by value at stake.
        let _ = writeln!(out, "\nAt risk ({} of {}):", l.at_risk.len().min(10), l.at_risk_total);
        for a in l.at_risk.iter().take(10) {
            let _ = writeln!(
                out,
                "  {:<20} {:<8} {:>5} days since the last purchase (lapse after {:.1}), value at stake {:.2}",
                a.customer, a.risk, a.days_since_last, a.lapse_after_days, a.value_at_stake
            );
        }
    }
    if !r.unclassified.touchpoints.is_empty() {
        let _ = writeln!(out, "\nUnclassified ({} events):", r.unclassified.events);
        for u in &r.unclassified.touchpoints {
            let _ = writeln!(
                out,
                "  {:<30} {:>8}  no {}",
                u.touchpoint,
                u.events,
                u.missing.join(", ")
            );
        }
    }
    if r.problems.count > 0 {
        let _ = writeln!(out, "\nBad rows ({}):", r.problems.count);
        for p in &r.problems.rows {
            let _ = writeln!(out, "  {p}");
        }
    }
    if !r.problems.warnings.is_empty() {
        let _ = writeln!(out, "\nNotes:");
        for p in &r.problems.warnings {
            let _ = writeln!(out, "  {p}");
        }
    }
    out
}
