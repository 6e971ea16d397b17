//! Calibration against holdout: customers grouped by their calibration
//! frequency; the mean number of holdout purchases they made (actual)
//! against the mean each model predicted for them.

use super::tracking::{label_of, order_of};
use crate::charts::bars::y_axis;
use crate::charts::svg::{label_number, nice_max, series_colour, Svg, MUTED, TEXT};
use crate::clv::ClvReport;

/// Draws the calibration-vs-holdout chart of `report`.
pub fn holdout_chart(id: &str, report: &ClvReport) -> String {
    let bins = &report.calibration_holdout;
    let main = report.model.key();
    let duration = report.holdout.as_ref().map(|h| h.duration).unwrap_or(0.0);
    let unit = super::unit_text(report.unit.key());
    let title = crate::text::t(
        "core.clv.holdout.title",
        "Holdout purchases by calibration frequency: actual and predicted",
        &[],
    );
    let pairs: Vec<String> = bins
        .iter()
        .map(|b| {
            crate::text::t(
                "core.clv.holdout.pair",
                "{frequency} repeat purchases: {actual} actual, {predicted} predicted",
                &[
                    ("frequency", &b.frequency),
                    ("actual", &label_number(b.actual, 2)),
                    (
                        "predicted",
                        &b.predicted
                            .get(main)
                            .map(|p| label_number(*p, 2))
                            .unwrap_or_else(|| "–".into()),
                    ),
                ],
            )
        })
        .collect();
    let desc = crate::text::t(
        "core.clv.holdout.desc",
        "Mean purchases per customer in the {duration} {unit} after the calibration end, by purchases in the calibration period ({model}): {pairs}.",
        &[
            ("duration", &label_number(duration, 0)),
            ("unit", &unit),
            ("model", &report.model.label()),
            ("pairs", &pairs.join("; ")),
        ],
    );
    let (width, height) = (560.0, 340.0);
    let (left, right, top, bottom) = (52.0, 130.0, 56.0, 48.0);
    let (pw, ph) = (width - left - right, height - top - bottom);
    let y_top = bins
        .iter()
        .flat_map(|b| b.predicted.values().copied().chain([b.actual]))
        .fold(0.0, f64::max);
    let y_max = nice_max(y_top);
    let n = bins.len().max(1) as f64;
    let sx = |i: usize| left + pw * (i as f64 + 0.5) / n;
    let sy = |y: f64| top + ph - ph * (y / y_max).clamp(0.0, 1.0);
    let mut svg = Svg::new(id, width, height, &title, &desc);
    let heading = crate::text::t("core.clv.holdout.heading", "Calibration vs holdout", &[]);
    svg.bold_text(0.0, 18.0, &heading, "start", 14.0);
    y_axis(&mut svg, left, left + pw, top, ph, y_max);
    for (i, b) in bins.iter().enumerate() {
        svg.text(sx(i), top + ph + 16.0, &b.frequency, "middle", MUTED, 11.0);
    }
    svg.text(
        left + pw / 2.0,
        height - 10.0,
        &crate::text::t(
            "core.clv.holdout.axisX",
            "repeat purchases in the calibration period →",
            &[],
        ),
        "middle",
        MUTED,
        12.0,
    );
    svg.text(
        8.0,
        top - 12.0,
        &crate::text::t(
            "core.clv.holdout.axisY",
            "↑ mean purchases in the holdout ({duration} {unit})",
            &[("duration", &label_number(duration, 0)), ("unit", &unit)],
        ),
        "start",
        MUTED,
        12.0,
    );
    let mut keys: Vec<&&str> =
        bins.first().map(|b| b.predicted.keys().collect()).unwrap_or_default();
    keys.sort_by_key(|k| (**k != main, order_of(k)));
    let mut legend = vec![(crate::text::t("core.clv.actual", "actual", &[]), series_colour(0))];
    for (k, key) in keys.iter().enumerate() {
        let colour = series_colour(k + 1);
        let pts: Vec<(f64, f64)> = bins
            .iter()
            .enumerate()
            .map(|(i, b)| (sx(i), sy(b.predicted.get(**key).copied().unwrap_or(0.0))))
            .collect();
        svg.polyline(&pts, &colour, if **key == main { 2.0 } else { 1.2 });
        for (i, b) in bins.iter().enumerate() {
            let v = b.predicted.get(**key).copied().unwrap_or(0.0);
            let tip = crate::text::t(
                "core.clv.holdout.tipPredicted",
                "{model}: {n} customers with {frequency} calibration purchases are predicted {v} purchases each",
                &[
                    ("model", &label_of(key)),
                    ("n", &b.customers),
                    ("frequency", &b.frequency),
                    ("v", &label_number(v, 2)),
                ],
            );
            svg.circle(sx(i), sy(v), 3.5, &colour, Some(&tip));
        }
        legend.push((label_of(key).to_string(), colour));
    }
    let pts: Vec<(f64, f64)> =
        bins.iter().enumerate().map(|(i, b)| (sx(i), sy(b.actual))).collect();
    svg.polyline(&pts, &series_colour(0), 2.5);
    for (i, b) in bins.iter().enumerate() {
        let tip = crate::text::t(
            "core.clv.holdout.tipActual",
            "{n} customers with {frequency} calibration purchases made {v} purchases each in the holdout",
            &[("n", &b.customers), ("frequency", &b.frequency), ("v", &label_number(b.actual, 2))],
        );
        svg.circle(sx(i), sy(b.actual), 4.5, &series_colour(0), Some(&tip));
    }
    for (i, (name, colour)) in legend.iter().enumerate() {
        let y = top + 8.0 + i as f64 * 20.0;
        let x = left + pw + 16.0;
        svg.line(x, y, x + 22.0, y, colour, 2.5);
        svg.text(x + 28.0, y + 4.0, name, "start", TEXT, 11.0);
    }
    svg.finish()
}
