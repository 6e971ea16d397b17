//! Funnel charts: one column per step (how many reach it) with the drop
//! from the step before drawn above it, and the time-to-convert histogram.

use super::bars::{stacked_columns, y_axis, Series};
use super::svg::{label_number, nice_max, series_colour, Svg, MUTED, TEXT, UNCLASSIFIED};
use crate::journeys::FunnelReport;

fn pct(v: f64) -> String {
    format!("{}%", label_number(100.0 * v, 1))
}

/// The funnel as columns: each step's count, the part lost since the
/// previous step in grey above it, conversion from the start on top and
/// from the step before between the columns.
pub fn funnel_chart(id: &str, report: &FunnelReport) -> String {
    let steps = &report.steps;
    let n = steps.len().max(1);
    let unit = if report.spec.count == crate::journeys::spec::Counting::Completions {
        crate::text::t("core.funnel.completions", "completions", &[])
    } else {
        crate::text::t("core.funnel.journeys", "journeys", &[])
    };
    let title = crate::text::t(
        "core.funnel.title",
        "Funnel: {steps} steps, {completed} of {started} {unit} complete",
        &[
            ("steps", &steps.len()),
            ("completed", &label_number(report.completed as f64, 0)),
            ("started", &label_number(steps.first().map(|s| s.count).unwrap_or(0) as f64, 0)),
            ("unit", &unit),
        ],
    );
    let parts: Vec<String> = steps
        .iter()
        .map(|s| {
            let prev = s
                .conversion_from_previous
                .map(|c| {
                    crate::text::t(
                        "core.funnel.ofPrevious",
                        ", {share} of the step before",
                        &[("share", &pct(c))],
                    )
                })
                .unwrap_or_default();
            let drop = s
                .dropped
                .map(|d| {
                    let n = label_number(d as f64, 0);
                    crate::text::t(
                        "core.funnel.droppedAfter",
                        ", {n} dropped after it",
                        &[("n", &n)],
                    )
                })
                .unwrap_or_default();
            crate::text::t(
                "core.funnel.step.desc",
                "step {step} {label}: {count} {unit} ({share} of the start{previous}{dropped})",
                &[
                    ("step", &s.step),
                    ("label", &s.label),
                    ("count", &label_number(s.count as f64, 0)),
                    ("unit", &unit),
                    ("share", &pct(s.conversion_from_start)),
                    ("previous", &prev),
                    ("dropped", &drop),
                ],
            )
        })
        .collect();
    let description = format!("{}.", parts.join("; "));
    let width = 760.0;
    let (left, right, top, bottom) = (56.0, 12.0, 82.0, 64.0);
    let height = 380.0;
    let mut svg = Svg::new(id, width, height, &title, &description);
    svg.bold_text(0.0, 18.0, &title, "start", 14.0);
    svg.rect(0.0, 30.0, 10.0, 10.0, &series_colour(0), None);
    let reached =
        crate::text::t("core.funnel.reached", "reached the step ({unit})", &[("unit", &unit)]);
    svg.text(14.0, 39.0, &reached, "start", TEXT, 11.0);
    svg.rect(190.0, 30.0, 10.0, 10.0, UNCLASSIFIED, None);
    let lost = crate::text::t("core.funnel.lost", "lost since the step before", &[]);
    svg.text(204.0, 39.0, &lost, "start", TEXT, 11.0);
    let max = nice_max(steps.iter().map(|s| s.count).max().unwrap_or(0) as f64);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    y_axis(&mut svg, left, width - right, top, plot_h, max);
    let slot = plot_w / n as f64;
    let bar_w = (slot * 0.56).min(110.0);
    let y_of = |v: f64| top + plot_h - plot_h * v / max;
    let mut previous: Option<u64> = None;
    for (i, s) in steps.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
        if let Some(p) = previous.filter(|p| *p > s.count) {
            let tip = crate::text::t(
                "core.funnel.fewer",
                "{label}: {n} fewer than the step before",
                &[("label", &s.label), ("n", &label_number((p - s.count) as f64, 0))],
            );
            svg.rect(
                x,
                y_of(p as f64),
                bar_w,
                y_of(s.count as f64) - y_of(p as f64),
                UNCLASSIFIED,
                Some(&tip),
            );
        }
        let colour = if s.optional { series_colour(4) } else { series_colour(0) };
        let tip = crate::text::t(
            "core.funnel.step.tip",
            "step {step} {label}: {count} {unit}, {share} of the start",
            &[
                ("step", &s.step),
                ("label", &s.label),
                ("count", &label_number(s.count as f64, 0)),
                ("unit", &unit),
                ("share", &pct(s.conversion_from_start)),
            ],
        );
        svg.rect(
            x,
            y_of(s.count as f64),
            bar_w,
            top + plot_h - y_of(s.count as f64),
            &colour,
            Some(&tip),
        );
        let label_y = y_of(previous.unwrap_or(s.count).max(s.count) as f64) - 6.0;
        svg.bold_text(x + bar_w / 2.0, label_y, &label_number(s.count as f64, 0), "middle", 12.0);
        svg.text(
            x + bar_w / 2.0,
            label_y - 14.0,
            &pct(s.conversion_from_start),
            "middle",
            MUTED,
            11.0,
        );
        // Step name under the column (two lines when long).
        let name = format!("{}. {}", s.step, s.label);
        let (a, b) = split_label(&name, 20);
        // The step as written (`stage = purchase` is the step syntax): never translated.
        svg.raw(r#"<g translate="no">"#);
        svg.label(x + bar_w / 2.0, height - bottom + 16.0, &a, "middle", 22);
        if !b.is_empty() {
            svg.label(x + bar_w / 2.0, height - bottom + 30.0, &b, "middle", 22);
        }
        svg.raw("</g>");
        if s.optional {
            let optional = crate::text::t("core.funnel.optional", "(optional)", &[]);
            svg.text(x + bar_w / 2.0, height - bottom + 44.0, &optional, "middle", MUTED, 10.0);
        }
        if let (Some(c), true) = (s.conversion_from_previous, i > 0) {
            let gx = x - (slot - bar_w) / 2.0;
            svg.text(gx, top + plot_h - 8.0, &format!("→ {}", pct(c)), "middle", MUTED, 10.0);
        }
        if !s.optional {
            previous = Some(s.count);
        }
    }
    svg.finish()
}

/// Splits a label into two lines of about `width` characters at a space.
fn split_label(text: &str, width: usize) -> (String, String) {
    if text.chars().count() <= width {
        return (text.to_string(), String::new());
    }
    let cut =
        text.char_indices().filter(|(i, c)| *c == ' ' && *i <= width).map(|(i, _)| i).next_back();
    match cut {
        Some(i) => (text[..i].to_string(), text[i + 1..].to_string()),
        None => (text.to_string(), String::new()),
    }
}

/// The time-to-convert histogram of step `step` (1-based): time from the
/// first step (the chain's start) to this one.
pub fn time_histogram(id: &str, report: &FunnelReport, step: usize) -> String {
    let Some(s) = report.steps.get(step.saturating_sub(1)) else {
        let none = crate::text::t("core.funnel.noStep", "No such step", &[]);
        return Svg::new(id, 10.0, 10.0, &none, &format!("{none}.")).finish();
    };
    let categories: Vec<String> = report.time_bins.iter().map(|(l, _)| l.clone()).collect();
    let values: Vec<f64> = s.time_histogram.iter().map(|v| *v as f64).collect();
    let median = s
        .median_from_start
        .map(|m| {
            crate::journeys::duration_text(
                m,
                if report.time_unit == "steps" {
                    crate::model::TimeBase::Step
                } else {
                    crate::model::TimeBase::Calendar
                },
            )
        })
        .unwrap_or_else(|| "–".into());
    let title = crate::text::t(
        "core.funnel.time.title",
        "Time from step 1 to step {step}: median {median}",
        &[("step", &s.step), ("median", &median)],
    );
    let parts: Vec<String> = categories
        .iter()
        .zip(&values)
        .map(|(c, v)| format!("{c}: {}", label_number(*v, 0)))
        .collect();
    let description = crate::text::t(
        "core.funnel.time.desc",
        "How long journeys took from the funnel's first step to step {step} ({label}): {parts}.",
        &[("step", &s.step), ("label", &s.label), ("parts", &parts.join("; "))],
    );
    stacked_columns(
        id,
        &title,
        &description,
        &categories,
        &[Series {
            name: crate::text::t("core.funnel.journeys", "journeys", &[]),
            colour: series_colour(0),
            values,
        }],
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_split_at_a_space() {
        assert_eq!(
            super::split_label("1. Order confirmation email", 20),
            ("1. Order".to_string(), "confirmation email".to_string())
        );
        assert_eq!(super::split_label("1. Checkout", 20).1, "");
    }
}
