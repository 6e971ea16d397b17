//! The tracking plot: cumulative repeat purchases of the calibration cohort
//! over time, actual (solid) against each fitted model's expectation
//! (dashed), with the calibration end marked.

use crate::charts::bars::y_axis;
use crate::charts::svg::{label_number, nice_max, series_colour, Svg, MUTED, TEXT};
use crate::clv::ClvReport;

/// Draws the tracking plot of `report` (the chosen model first, thicker).
pub fn tracking_chart(id: &str, report: &ClvReport) -> String {
    let t = &report.tracking;
    let unit = super::unit_text(report.unit.key());
    let title = crate::text::t(
        "core.clv.tracking.title",
        "Repeat purchases over time: actual and expected",
        &[],
    );
    let last_actual = t.actual.last().copied().unwrap_or(0.0);
    let main = report.model.key();
    let last_main = t.expected.get(main).and_then(|s| s.last().copied());
    let desc = match last_main {
        Some(e) => crate::text::t(
            "core.clv.tracking.desc",
            "Cumulative repeat purchases from {from} to {to}: {actual} actual, {expected} expected by {model}. The calibration period ends at {end} {unit}.",
            &[
                ("from", &t.dates.first().map(String::as_str).unwrap_or("")),
                ("to", &t.dates.last().map(String::as_str).unwrap_or("")),
                ("actual", &label_number(last_actual, 0)),
                ("expected", &label_number(e, 0)),
                ("model", &report.model.label()),
                ("end", &label_number(t.calibration_end, 1)),
                ("unit", &unit),
            ],
        ),
        None => crate::text::t(
            "core.clv.tracking.descNone",
            "Cumulative repeat purchases: {actual} actual; no model converged.",
            &[("actual", &label_number(last_actual, 0))],
        ),
    };
    let (width, height) = (720.0, 360.0);
    let (left, right, top, bottom) = (60.0, 130.0, 56.0, 48.0);
    let (pw, ph) = (width - left - right, height - top - bottom);
    let x_max = t.times.last().copied().unwrap_or(1.0).max(1e-9);
    let y_top = t
        .expected
        .values()
        .flat_map(|s| s.iter().copied())
        .chain(t.actual.iter().copied())
        .fold(0.0, f64::max);
    let y_max = nice_max(y_top);
    let sx = |x: f64| left + pw * (x / x_max).clamp(0.0, 1.0);
    let sy = |y: f64| top + ph - ph * (y / y_max).clamp(0.0, 1.0);
    let mut svg = Svg::new(id, width, height, &title, &desc);
    svg.bold_text(0.0, 18.0, &title, "start", 14.0);
    y_axis(&mut svg, left, left + pw, top, ph, y_max);
    let step = crate::clv::report::nice_step(x_max / 5.0);
    let mut x = 0.0;
    while x <= x_max + 1e-9 {
        svg.text(sx(x), top + ph + 16.0, &label_number(x, 0), "middle", MUTED, 11.0);
        x += step;
    }
    svg.text(
        left + pw / 2.0,
        height - 10.0,
        &crate::text::t(
            "core.clv.tracking.axisX",
            "{unit} since the first purchase →",
            &[("unit", &unit)],
        ),
        "middle",
        MUTED,
        12.0,
    );
    let axis = crate::text::t("core.clv.tracking.axisY", "↑ cumulative repeat purchases", &[]);
    svg.text(8.0, top - 12.0, &axis, "start", MUTED, 12.0);
    let cx = sx(t.calibration_end);
    svg.dashed_line(cx, top, cx, top + ph, MUTED);
    let end = crate::text::t("core.clv.tracking.end", "calibration end", &[]);
    svg.text(cx - 4.0, top + 12.0, &end, "end", MUTED, 11.0);
    let points = |s: &[f64]| -> Vec<(f64, f64)> {
        t.times.iter().zip(s).map(|(x, y)| (sx(*x), sy(*y))).collect()
    };
    // Solid: what happened; dashed: each model's expectation (named by the model).
    let mut legend: Vec<(String, String, bool)> =
        vec![(crate::text::t("core.clv.actual", "actual", &[]), series_colour(0), false)];
    let mut keys: Vec<&&str> = t.expected.keys().collect();
    keys.sort_by_key(|k| (**k != main, order_of(k)));
    for (i, key) in keys.iter().enumerate() {
        let colour = series_colour(i + 1);
        let line = points(&t.expected[**key]);
        let width = if **key == main { 2.5 } else { 1.5 };
        let pts: Vec<String> = line
            .iter()
            .map(|(x, y)| {
                format!("{},{}", crate::charts::svg::num(*x), crate::charts::svg::num(*y))
            })
            .collect();
        svg.raw(&format!(
            r#"<polyline points="{}" fill="none" {} stroke-width="{}" stroke-dasharray="6 4"/>"#,
            pts.join(" "),
            crate::charts::svg::paint("stroke", &colour),
            width
        ));
        legend.push((label_of(key).to_string(), colour, true));
    }
    svg.polyline(&points(&t.actual), &series_colour(0), 2.5);
    for (i, (name, colour, dashed)) in legend.iter().enumerate() {
        let y = top + 8.0 + i as f64 * 20.0;
        let x = left + pw + 16.0;
        if *dashed {
            svg.dashed_line(x, y, x + 22.0, y, colour);
        } else {
            svg.line(x, y, x + 22.0, y, colour, 2.5);
        }
        svg.text(x + 28.0, y + 4.0, name, "start", TEXT, 11.0);
    }
    svg.finish()
}

/// The position of a model key in the display order.
pub(crate) fn order_of(key: &str) -> usize {
    crate::clv::ModelKey::ALL.iter().position(|k| k.key() == key).unwrap_or(usize::MAX)
}

/// The label of a model key (`bg_nbd` → `BG/NBD`).
pub(crate) fn label_of(key: &str) -> &'static str {
    crate::clv::ModelKey::ALL.iter().find(|k| k.key() == key).map(|k| k.label()).unwrap_or("model")
}
