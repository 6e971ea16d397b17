//! `touchpoints funnel FILE --steps "A, B, C" [options]`: a funnel of a
//! journey file (see `docs/journeys.md`), as text, JSON or CSV.

use super::{parse, read_file, rule_set, USAGE};
use crate::ingest::IngestOptions;
use crate::journeys::spec::{
    Breakdown, BreakdownBy, BreakdownValue, Counting, Entry, ExclusionSpec, Mode, Order,
};
use crate::journeys::steps::{parse_duration, parse_step};
use crate::journeys::{funnel, FunnelReport, FunnelSpec, Source};

const FLAGS: &[&str] = &[
    "steps",
    "funnel",
    "order",
    "window",
    "mode",
    "count",
    "entry",
    "min-gap",
    "max-gap",
    "exclude",
    "breakdown",
    "next",
    "preset",
    "rules",
    "format",
    "dropoffs",
    "charts",
];

fn choice<T: Copy>(flag: &str, value: &str, options: &[(&str, T)]) -> Result<T, String> {
    options.iter().find(|(n, _)| n.eq_ignore_ascii_case(value)).map(|(_, v)| *v).ok_or_else(|| {
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        format!("--{flag} {value:?}: expected {}", names.join(", "))
    })
}

/// `K=DURATION` (step number and duration) of --min-gap / --max-gap.
fn gap(flag: &str, value: &str, steps: usize) -> Result<(usize, f64), String> {
    let (k, d) = value
        .split_once('=')
        .ok_or_else(|| format!("--{flag} {value:?}: expected STEP=DURATION, e.g. 3=7d"))?;
    let k: usize =
        k.trim().parse().map_err(|_| format!("--{flag} {value:?}: {k:?} is not a step number"))?;
    if k < 2 || k > steps {
        return Err(format!("--{flag} {value:?}: step {k} must be between 2 and {steps}"));
    }
    let d = parse_duration(d).map_err(|e| format!("--{flag}: {e}"))?;
    Ok((k, d))
}

/// The funnel asked for on the command line.
pub fn spec_of(flags: &super::Args) -> Result<FunnelSpec, String> {
    let mut spec = match (flags.flag("funnel"), flags.flag("steps")) {
        (Some(path), _) => {
            let bytes = read_file(path)?;
            FunnelSpec::from_json(&String::from_utf8_lossy(&bytes))
                .map_err(|e| format!("{path}: {e}"))?
        }
        (None, Some(list)) => {
            FunnelSpec::from_step_list(list).map_err(|e| format!("--steps: {e}"))?
        }
        (None, None) => {
            return Err(format!(
                "funnel needs --steps \"A, B, C\" or --funnel SPEC.json\n\n{USAGE}"
            ))
        }
    };
    let n = spec.steps.len();
    if let Some(v) = flags.flag("order") {
        spec.order = choice(
            "order",
            v,
            &[("sequential", Order::Sequential), ("strict", Order::Strict), ("any", Order::Any)],
        )?;
    }
    if let Some(v) = flags.flag("window") {
        spec.window = Some(parse_duration(v).map_err(|e| format!("--window: {e}"))?);
    }
    if let Some(v) = flags.flag("mode") {
        spec.mode = choice("mode", v, &[("closed", Mode::Closed), ("open", Mode::Open)])?;
    }
    if let Some(v) = flags.flag("count") {
        spec.count = choice(
            "count",
            v,
            &[("journeys", Counting::Journeys), ("completions", Counting::Completions)],
        )?;
    }
    if let Some(v) = flags.flag("entry") {
        spec.entry = choice("entry", v, &[("any", Entry::Any), ("first", Entry::First)])?;
    }
    if let Some(v) = flags.flag("next") {
        spec.top_next = v.parse().map_err(|_| format!("--next {v:?}: expected a number"))?;
    }
    for (name, value) in &flags.flags {
        match name.as_str() {
            "min-gap" => {
                let (k, d) = gap(name, value, n)?;
                spec.steps[k - 1].min_gap = Some(d);
            }
            "max-gap" => {
                let (k, d) = gap(name, value, n)?;
                spec.steps[k - 1].max_gap = Some(d);
            }
            "exclude" => {
                // STEP or STEP@FROM-TO.
                let (step, range) = match value.rsplit_once('@') {
                    Some((s, r)) => (s, Some(r)),
                    None => (value.as_str(), None),
                };
                let matcher = parse_step(step, 1)
                    .map_err(|e| format!("--exclude {value:?}: {}", e.message))?;
                let (from, to) = match range {
                    None => (None, None),
                    Some(r) => {
                        let (a, b) = r.split_once('-').ok_or_else(|| {
                            format!("--exclude {value:?}: expected STEP@FROM-TO, e.g. Return@1-3")
                        })?;
                        let num = |x: &str| {
                            x.trim().parse::<usize>().map_err(|_| {
                                format!("--exclude {value:?}: {x:?} is not a step number")
                            })
                        };
                        (Some(num(a)?), Some(num(b)?))
                    }
                };
                spec.exclusions.push(ExclusionSpec { matcher, from, to });
            }
            _ => {}
        }
    }
    if let Some(v) = flags.flag("breakdown") {
        // DIMENSION[:first|last|step=K]
        let (by, which) = v.split_once(':').unwrap_or((v, "first"));
        let by = choice(
            "breakdown",
            by,
            &[
                ("touchpoint", BreakdownBy::Touchpoint),
                ("channel", BreakdownBy::Channel),
                ("kind", BreakdownBy::Kind),
                ("owner", BreakdownBy::Owner),
                ("stage", BreakdownBy::Stage),
                ("media", BreakdownBy::Media),
                ("direction", BreakdownBy::Direction),
                ("converted", BreakdownBy::Converted),
            ],
        )?;
        let (value, step) = match which.split_once('=') {
            Some((w, k)) if w.eq_ignore_ascii_case("step") => (
                BreakdownValue::Step,
                Some(
                    k.parse::<usize>()
                        .map_err(|_| format!("--breakdown {v:?}: {k:?} is not a step number"))?,
                ),
            ),
            _ => (
                choice(
                    "breakdown",
                    which,
                    &[("first", BreakdownValue::First), ("last", BreakdownValue::Last)],
                )?,
                None,
            ),
        };
        spec.breakdown = Some(Breakdown { by, value, step, top: 8 });
    }
    spec.check().map_err(|e| e.to_string())?;
    Ok(spec)
}

/// Runs `funnel` with its arguments (after the subcommand name).
pub fn run(args: &[String]) -> Result<String, String> {
    let args = parse(args, FLAGS)?;
    let [path] = args.positional.as_slice() else {
        return Err(format!("funnel needs one FILE\n\n{USAGE}"));
    };
    let spec = spec_of(&args)?;
    let bytes = read_file(path)?;
    let analysis =
        crate::open::analyse_file(path, &bytes, &IngestOptions::default(), rule_set(&args)?)
            .map_err(|e| format!("{path}: {e}"))?;
    let report = funnel(Source::new(&analysis.dataset, &analysis.classification), &spec)
        .map_err(|e| e.to_string())?;
    if let Some(file) = args.flag("dropoffs") {
        std::fs::write(file, report.dropoff_csv(None)).map_err(|e| format!("{file}: {e}"))?;
    }
    if let Some(dir) = args.flag("charts") {
        std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
        for (name, svg) in [
            ("funnel", crate::charts::funnel::funnel_chart("funnel", &report)),
            ("funnel-flow", crate::charts::sankey::funnel_sankey("funnel-flow", &report)),
            (
                "funnel-time",
                crate::charts::funnel::time_histogram("funnel-time", &report, report.steps.len()),
            ),
        ] {
            let file = format!("{dir}/{name}.svg");
            std::fs::write(&file, svg).map_err(|e| format!("{file}: {e}"))?;
        }
    }
    match args.flag("format").unwrap_or("text") {
        "json" => {
            serde_json::to_string_pretty(&report).map(|s| s + "\n").map_err(|e| e.to_string())
        }
        "csv" => Ok(report.steps_csv()),
        "text" => Ok(text(&report)),
        other => Err(format!("--format {other:?}: expected json, csv or text")),
    }
}

fn pct(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// The funnel as plain text for a terminal.
pub fn text(r: &FunnelReport) -> String {
    use std::fmt::Write;
    let unit = if r.spec.count == Counting::Completions { "completions" } else { "journeys" };
    let mut out = String::new();
    let _ = writeln!(out, "Funnel ({} of {} journeys entered; {unit})", r.entered, r.journeys);
    let width = r.steps.iter().map(|s| s.label.chars().count()).max().unwrap_or(4).max(4);
    let _ = writeln!(
        out,
        "  {:>4}  {:<width$}  {:>9}  {:>9}  {:>9}  {:>8}  {:>14}",
        "step", "label", unit, "of start", "of prev", "dropped", "median time"
    );
    let base = if r.time_unit == "steps" {
        crate::model::TimeBase::Step
    } else {
        crate::model::TimeBase::Calendar
    };
    for s in &r.steps {
        let _ = writeln!(
            out,
            "  {:>4}  {:<width$}  {:>9}  {:>9}  {:>9}  {:>8}  {:>14}{}",
            s.step,
            s.label,
            s.count,
            pct(s.conversion_from_start),
            s.conversion_from_previous.map(pct).unwrap_or_else(|| "–".into()),
            s.dropped.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
            s.median_from_previous
                .map(|m| crate::journeys::duration_text(m, base))
                .unwrap_or_else(|| "–".into()),
            if s.optional { "  (optional)" } else { "" }
        );
    }
    for s in &r.steps {
        if s.dropped.unwrap_or(0) == 0 {
            continue;
        }
        let next: Vec<String> =
            s.next.iter().map(|n| format!("{} {}", n.touchpoint, n.journeys)).collect();
        let _ = writeln!(
            out,
            "\nAfter step {} ({}), {} dropped; next: {}{}{}",
            s.step,
            s.label,
            s.dropped.unwrap_or(0),
            next.join(", "),
            if s.next_other > 0 { format!(", other {}", s.next_other) } else { String::new() },
            if s.next_end > 0 { format!(", end of journey {}", s.next_end) } else { String::new() }
        );
    }
    if let Some(b) = &r.breakdown {
        let _ = writeln!(out, "\nBreakdown ({})", b.statement);
        for row in &b.rows {
            let counts: Vec<String> = row.counts.iter().map(|c| c.to_string()).collect();
            let _ = writeln!(
                out,
                "  {:<28} {}  ({})",
                row.value,
                counts.join(" → "),
                pct(row.conversion)
            );
        }
    }
    let _ = writeln!(out);
    for n in &r.notes {
        let _ = writeln!(out, "Note: {n}");
    }
    out
}
