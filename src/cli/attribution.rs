//! `touchpoints attribution FILE [--order K] [--half-life DAYS] [--format json|csv|text]`
//! and more options (see [`OPTIONS`]): the seven attribution models side by side
//! for a journey file or an attribution paths file (see `docs/attribution.md`).
//! JSON is the [`AttributionReport`]; CSV is its table; `--matrix FILE` writes the
//! Markov transition matrix, `--charts DIR` the two charts as SVG.

use super::{parse, read_file, rule_set, USAGE};
use crate::attribution::report::{chain, report_csv};
use crate::attribution::{self, AttributionReport, AttributionSettings, ChannelDimension};
use crate::attribution::{ConversionPaths, Model, PositionWeights, ShapleyGame};
use crate::charts::attribution::{attribution_chart, Metric};
use crate::ingest::IngestOptions;

/// The options `attribution` accepts.
pub const OPTIONS: &str = "  --order K             Markov chain order, 1-4 (default 1)
  --half-life DAYS      time decay half-life on timed journeys (default 7)
  --half-life-steps N   time decay half-life in steps on paths without times (default 1)
  --position F,M,L      position-based shares of first, middle, last (default 40,20,40)
  --dimension D         touchpoint (default), channel, kind, owner, stage, media or direction
  --conversions first|each   a journey's path ends at its first conversion (default), or every conversion closes a path
  --models LIST         comma-separated models (default all seven)
  --shapley conversions|rate   the Shapley game: a coalition is worth its journeys' conversions (default) or conversion rate
  --shapley-exact N     rate game: exact up to N channels (default 15, at most 20)
  --permutations N      rate game: random permutations above that (default 2000)
  --markov-limit N      leave Markov out above N channels (default 2000; 0: no limit)
  --preset NAME, --rules RULES.json   rules for a class dimension
  --matrix FILE.csv     also write the Markov transition matrix
  --charts DIR          also write attribution.svg and attribution-value.svg
  --format json|csv|text   (default text)
";

fn number(name: &str, text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("--{name} {text:?}: expected a number"))
}

fn count(name: &str, text: &str) -> Result<usize, String> {
    text.trim().parse::<usize>().map_err(|_| format!("--{name} {text:?}: expected a whole number"))
}

/// The settings given by the options.
fn settings(args: &super::Args) -> Result<AttributionSettings, String> {
    let mut s = AttributionSettings::default();
    if let Some(v) = args.flag("order") {
        s.order = count("order", v)?;
    }
    if let Some(v) = args.flag("half-life") {
        s.half_life_days = number("half-life", v)?;
    }
    if let Some(v) = args.flag("half-life-steps") {
        s.half_life_steps = number("half-life-steps", v)?;
    }
    if let Some(v) = args.flag("position") {
        let parts: Vec<&str> = v.split([',', '/']).collect();
        let [f, m, l] = parts[..] else {
            return Err(format!("--position {v:?}: expected three shares, e.g. 40,20,40"));
        };
        s.position = PositionWeights {
            first: number("position", f)?,
            middle: number("position", m)?,
            last: number("position", l)?,
        };
    }
    if let Some(v) = args.flag("dimension") {
        s.dimension = ChannelDimension::parse(v).ok_or_else(|| {
            format!("--dimension {v:?}: expected touchpoint, channel, kind, owner, stage, media or direction")
        })?;
    }
    if let Some(v) = args.flag("conversions") {
        s.conversion_paths = match v {
            "first" => ConversionPaths::First,
            "each" => ConversionPaths::Each,
            _ => return Err(format!("--conversions {v:?}: expected first or each")),
        };
    }
    if let Some(v) = args.flag("models") {
        s.models = v
            .split(',')
            .map(|name| {
                let name = name.trim();
                Model::ALL.into_iter().find(|m| m.key() == name).ok_or_else(|| {
                    let keys: Vec<&str> = Model::ALL.iter().map(|m| m.key()).collect();
                    format!("--models: {name:?} is not one of {}", keys.join(", "))
                })
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(v) = args.flag("shapley") {
        s.shapley_game = match v {
            "conversions" => ShapleyGame::Conversions,
            "rate" => ShapleyGame::Rate,
            _ => return Err(format!("--shapley {v:?}: expected conversions or rate")),
        };
    }
    if let Some(v) = args.flag("markov-limit") {
        s.markov_channel_limit = count("markov-limit", v)?;
    }
    if let Some(v) = args.flag("shapley-exact") {
        s.shapley_exact_limit = count("shapley-exact", v)?;
    }
    if let Some(v) = args.flag("permutations") {
        s.shapley_permutations = count("permutations", v)?;
    }
    s.validate().map_err(|e| format!("{e}\n\nattribution options:\n{OPTIONS}"))?;
    Ok(s)
}

/// Runs `attribution` with its arguments (after the subcommand name).
pub fn run(args: &[String]) -> Result<String, String> {
    let args = parse(
        args,
        &[
            "order",
            "half-life",
            "half-life-steps",
            "position",
            "dimension",
            "conversions",
            "models",
            "shapley",
            "shapley-exact",
            "permutations",
            "markov-limit",
            "preset",
            "rules",
            "matrix",
            "charts",
            "format",
        ],
    )?;
    let [path] = args.positional.as_slice() else {
        return Err(format!(
            "attribution needs one FILE\n\n{USAGE}\nattribution options:\n{OPTIONS}"
        ));
    };
    let settings = settings(&args)?;
    let format = args.flag("format").unwrap_or("text");
    if !["json", "csv", "text"].contains(&format) {
        return Err(format!("--format {format:?}: expected json, csv or text"));
    }
    let bytes = read_file(path)?;
    let dataset = crate::open::read_dataset(path, &bytes, &IngestOptions::default())
        .map_err(|e| format!("{path}: {e}"))?;
    let rules = crate::taxonomy::expand(&rule_set(&args)?).map_err(|e| e.to_string())?;
    let classification = crate::taxonomy::classify(&dataset, &rules);
    let input = attribution::input::from_dataset(
        &dataset,
        &classification,
        settings.dimension,
        settings.conversion_paths,
    );
    let report = attribution::attribute(&input, &settings)?;
    if let Some(file) = args.flag("matrix") {
        let csv = chain(&input, settings.order).matrix_csv(&input.channel_names);
        std::fs::write(file, csv).map_err(|e| format!("{file}: {e}"))?;
    }
    if let Some(dir) = args.flag("charts") {
        std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
        for (name, metric) in
            [("attribution", Metric::Conversions), ("attribution-value", Metric::Value)]
        {
            let file = format!("{dir}/{name}.svg");
            std::fs::write(&file, attribution_chart(name, &report, metric))
                .map_err(|e| format!("{file}: {e}"))?;
        }
    }
    match format {
        "json" => {
            serde_json::to_string_pretty(&report).map(|s| s + "\n").map_err(|e| e.to_string())
        }
        "csv" => Ok(report_csv(&report)),
        _ => Ok(text(&report)),
    }
}

/// A number for the terminal: thousands separated, `decimals` decimals.
fn num(v: f64, decimals: usize) -> String {
    crate::number::label_number(v, decimals)
}

/// The report as plain text: one table for conversions, one for value, the
/// removal effects, and notes.
pub fn text(r: &AttributionReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Attribution: {} conversions, {} value, {} nulls, {} paths ({} distinct), channels by {}",
        num(r.conversions, 2),
        num(r.value, 2),
        num(r.nulls, 2),
        r.paths,
        r.distinct_paths,
        r.dimension.key()
    );
    let models: Vec<_> = r.models.computed().collect();
    let width = r.channels.iter().map(|c| c.chars().count()).max().unwrap_or(7).max(7);
    for (title, decimals, value) in [("Conversions", 1, false), ("Value", 2, true)] {
        let _ = writeln!(out, "\n{title}:");
        let _ = write!(out, "  {:<width$}", "channel");
        for (m, _) in &models {
            let _ = write!(out, " {:>14}", m.label());
        }
        if !r.removal_effects.0.is_empty() {
            let _ = write!(out, " {:>14}", "removal effect");
        }
        out.push('\n');
        for ch in &r.channels {
            let _ = write!(out, "  {ch:<width$}");
            for (_, credits) in &models {
                let c = credits.get(ch).unwrap_or_default();
                let _ = write!(
                    out,
                    " {:>14}",
                    num(if value { c.value } else { c.conversions }, decimals)
                );
            }
            if let Some(e) = r.removal_effects.get(ch) {
                let effect = if value { e.value } else { e.conversions };
                let _ = write!(out, " {:>13.1}%", effect * 100.0);
            }
            out.push('\n');
        }
    }
    if let Some(m) = &r.markov {
        let _ = writeln!(
            out,
            "\nMarkov: order {}, {} states, {} transitions, P(conversion) {:.4}; solved exactly ({} components, largest {}, residual {:.1e})",
            m.order,
            m.states,
            m.transitions,
            m.conversion_probability,
            m.solver.components,
            m.solver.largest_component,
            m.solver.max_residual
        );
    }
    if let Some(s) = &r.shapley {
        match s.result.method {
            "closed-form" => {
                let _ = writeln!(
                    out,
                    "Shapley (conversions game): exact for {} channels; each path's conversions split equally over its distinct channels",
                    s.result.channels
                );
            }
            "exact" => {
                let _ = writeln!(
                    out,
                    "Shapley (conversion-rate game): exact over {} coalitions of {} channels",
                    s.result.coalitions.unwrap_or(0),
                    s.result.channels
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "Shapley (conversion-rate game): {} channels, estimated from {} permutations (seed {}); standard errors:",
                    s.result.channels,
                    s.result.permutations.unwrap_or(0),
                    s.result.seed.unwrap_or(0)
                );
                if let Some(errors) = &s.standard_errors {
                    for (ch, e) in &errors.0 {
                        let _ = writeln!(
                            out,
                            "  {ch:<width$} ± {} conversions, ± {} value",
                            num(e.conversions, 2),
                            num(e.value, 2)
                        );
                    }
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "Time decay: half-life {} {}; position based: {:.0}/{:.0}/{:.0}",
        num(r.time_decay.half_life, 2),
        r.time_decay.basis,
        r.position.first * 100.0,
        r.position.middle * 100.0,
        r.position.last * 100.0
    );
    for n in &r.notes {
        let _ = writeln!(out, "Note: {n}");
    }
    if !r.problems.is_empty() {
        let _ = writeln!(out, "\nLeft out:");
        for p in &r.problems {
            let _ = writeln!(out, "  {p}");
        }
    }
    out
}
