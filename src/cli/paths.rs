//! `touchpoints paths FILE [options]`: the paths of a journey file from an
//! anchor, and the transition matrix (see `docs/journeys.md`).

use super::{parse, read_file, rule_set, USAGE};
use crate::ingest::IngestOptions;
use crate::journeys::paths::{Anchor, CleaningRule, PathDimension};
use crate::journeys::{paths, PathSettings, PathsReport, Source};

const FLAGS: &[&str] = &[
    "dimension",
    "anchor",
    "from",
    "to",
    "steps",
    "top",
    "collapse",
    "end-node",
    "clean",
    "matrix-top",
    "preset",
    "rules",
    "format",
    "matrix",
    "charts",
];

fn yes_no(flag: &str, v: &str) -> Result<bool, String> {
    match v.to_lowercase().as_str() {
        "yes" | "true" | "on" | "1" => Ok(true),
        "no" | "false" | "off" | "0" => Ok(false),
        _ => Err(format!("--{flag} {v:?}: expected yes or no")),
    }
}

fn number(flag: &str, v: &str) -> Result<usize, String> {
    v.parse().map_err(|_| format!("--{flag} {v:?}: expected a number"))
}

/// The path settings asked for on the command line.
pub fn settings_of(args: &super::Args) -> Result<PathSettings, String> {
    let mut s = PathSettings::default();
    if let Some(v) = args.flag("dimension") {
        s.dimension = serde_json::from_value(serde_json::Value::String(v.to_lowercase()))
            .map_err(|_| format!("--dimension {v:?}: expected touchpoint, channel, kind, owner, stage, media or direction"))?;
    }
    s.from = args.flag("from").map(str::to_string);
    s.to = args.flag("to").map(str::to_string);
    s.anchor = match args.flag("anchor") {
        Some(v) => match v.to_lowercase().as_str() {
            "start" => Anchor::Start,
            "end" => Anchor::End,
            "between" => Anchor::Between,
            _ => return Err(format!("--anchor {v:?}: expected start, end or between")),
        },
        None if s.from.is_some() && s.to.is_some() => Anchor::Between,
        None if s.to.is_some() => Anchor::End,
        None => Anchor::Start,
    };
    if let Some(v) = args.flag("steps") {
        s.steps = number("steps", v)?;
    }
    if let Some(v) = args.flag("top") {
        s.top = number("top", v)?;
    }
    if let Some(v) = args.flag("matrix-top") {
        s.matrix_top = number("matrix-top", v)?;
    }
    if let Some(v) = args.flag("collapse") {
        s.collapse_repeats = yes_no("collapse", v)?;
    }
    if let Some(v) = args.flag("end-node") {
        s.end_node = yes_no("end-node", v)?;
    }
    for (name, value) in &args.flags {
        if name == "clean" {
            let (pattern, alias) = value.rsplit_once('=').ok_or_else(|| {
                format!("--clean {value:?}: expected REGEX=ALIAS, e.g. ' ad$=Ads'")
            })?;
            s.cleaning
                .push(CleaningRule { pattern: pattern.to_string(), alias: alias.to_string() });
        }
    }
    let _ = PathDimension::Touchpoint;
    Ok(s)
}

/// Runs `paths` with its arguments (after the subcommand name).
pub fn run(args: &[String]) -> Result<String, String> {
    let args = parse(args, FLAGS)?;
    let [path] = args.positional.as_slice() else {
        return Err(format!("paths needs one FILE\n\n{USAGE}"));
    };
    let settings = settings_of(&args)?;
    let bytes = read_file(path)?;
    let analysis =
        crate::open::analyse_file(path, &bytes, &IngestOptions::default(), rule_set(&args)?)
            .map_err(|e| format!("{path}: {e}"))?;
    let report = paths(Source::new(&analysis.dataset, &analysis.classification), &settings)
        .map_err(|e| e.to_string())?;
    if let Some(dir) = args.flag("charts") {
        std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
        let title = crate::charts::heatmap::transitions_title(report.settings.dimension);
        for (name, svg) in [
            ("paths", crate::charts::sankey::paths_sankey("paths", &report)),
            (
                "transitions",
                crate::charts::heatmap::transition_heatmap("transitions", &title, &report.matrix),
            ),
        ] {
            let file = format!("{dir}/{name}.svg");
            std::fs::write(&file, svg).map_err(|e| format!("{file}: {e}"))?;
        }
    }
    let matrix = args.flag("matrix").map(|v| yes_no("matrix", v)).transpose()?.unwrap_or(false);
    match args.flag("format").unwrap_or("text") {
        "json" => {
            serde_json::to_string_pretty(&report).map(|s| s + "\n").map_err(|e| e.to_string())
        }
        "csv" if matrix => Ok(report.matrix_csv()),
        "csv" => Ok(report.links_csv()),
        "text" => Ok(text(&report)),
        other => Err(format!("--format {other:?}: expected json, csv or text")),
    }
}

/// The paths as plain text: per position the nodes, then the links.
pub fn text(r: &PathsReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Paths of {} of {} journeys (unique journeys per node and link)",
        r.journeys, r.total_journeys
    );
    let mut position = 0;
    for n in &r.nodes {
        if n.position != position {
            position = n.position;
            let _ = writeln!(out, "\nPosition {position}:");
        }
        let _ = writeln!(out, "  {:<30} {:>8}", n.label, n.journeys);
    }
    let _ = writeln!(out, "\nLinks:");
    for l in &r.links {
        let (a, b) = (&r.nodes[l.from], &r.nodes[l.to]);
        let _ = writeln!(
            out,
            "  {} {} → {} {}: {}",
            a.position, a.label, b.position, b.label, l.journeys
        );
    }
    let _ = writeln!(out);
    for n in &r.notes {
        let _ = writeln!(out, "Note: {n}");
    }
    out
}
