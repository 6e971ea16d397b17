//! Diverging bars: per row (a touch point), the share dissatisfied drawn to
//! the left of a centre line and the share delighted to the right.

use super::svg::{
    label_number, text_width, Svg, GRID, MUTED, NEGATIVE, POSITIVE, TEXT, UNCLASSIFIED,
};

/// One row of a diverging bar chart (shares 0–1).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Row label (touch point).
    pub label: String,
    /// Share drawn to the left (dissatisfied).
    pub left: f64,
    /// Share in neither direction (satisfied); shown in the tooltip and text.
    pub middle: f64,
    /// Share drawn to the right (delighted).
    pub right: f64,
    /// Number of events behind the shares.
    pub count: u64,
}

fn pct(v: f64) -> String {
    format!("{}%", label_number(100.0 * v, 0))
}

/// Draws the rows in the given order; the axis runs from 100% on the left to
/// 100% on the right.
pub fn diverging_bars(id: &str, title: &str, rows: &[Row]) -> String {
    let clean = |v: f64| if v.is_finite() { v.clamp(0.0, 1.0) } else { 0.0 };
    let desc = if rows.is_empty() {
        crate::text::t("core.chart.satisfaction.none", "No rated touch points.", &[])
    } else {
        rows.iter()
            .map(|r| {
                crate::text::t(
                    "core.chart.satisfaction.row",
                    "{name}: {left} dissatisfied, {middle} satisfied, {right} delighted ({n} events).",
                    &[
                        ("name", &r.label),
                        ("left", &pct(r.left)),
                        ("middle", &pct(r.middle)),
                        ("right", &pct(r.right)),
                        ("n", &r.count),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (width, row) = (600.0, 26.0);
    let (top, left, right) = (52.0, 180.0, 20.0);
    let height = top + row * rows.len().max(1) as f64 + 28.0;
    let mut svg = Svg::new(id, width, height, title, &desc);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    let (bad, good) = (NEGATIVE, POSITIVE);
    svg.rect(0.0, 28.0, 10.0, 10.0, bad, None);
    let dissatisfied = crate::text::t("core.chart.satisfaction.left", "dissatisfied ←", &[]);
    svg.text(14.0, 37.0, &dissatisfied, "start", TEXT, 11.0);
    svg.rect(120.0, 28.0, 10.0, 10.0, good, None);
    let delighted = crate::text::t("core.chart.satisfaction.right", "→ delighted", &[]);
    svg.text(134.0, 37.0, &delighted, "start", TEXT, 11.0);
    let pw = width - left - right;
    let centre = left + pw / 2.0;
    let bottom = top + row * rows.len().max(1) as f64;
    for tick in 0..=4 {
        let x = left + pw * tick as f64 / 4.0;
        svg.line(x, top - 4.0, x, bottom, GRID, 1.0);
        let share = (tick as f64 - 2.0).abs() / 2.0;
        svg.text(x, height - 8.0, &pct(share), "middle", MUTED, 11.0);
    }
    if rows.is_empty() {
        let none = crate::text::t("core.chart.satisfaction.empty", "no rated touch points", &[]);
        svg.text(centre, top + row / 2.0 + 4.0, &none, "middle", MUTED, 12.0);
    }
    for (i, r) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        svg.label_fit(left - 8.0, y + row / 2.0 + 4.0, &r.label, "end", left - 12.0);
        let tip = format!(
            "{}: {} dissatisfied, {} satisfied, {} delighted ({} events)",
            r.label,
            pct(r.left),
            pct(r.middle),
            pct(r.right),
            r.count
        );
        let wl = pw / 2.0 * clean(r.left);
        let wr = pw / 2.0 * clean(r.right);
        svg.rect(centre - wl, y + 4.0, wl, row - 8.0, bad, Some(&tip));
        svg.rect(centre, y + 4.0, wr, row - 8.0, good, Some(&tip));
        // Shares beside their bar's end, or inside it when the end is near the plot's edge.
        let baseline = y + row / 2.0 + 4.0;
        if r.left > 0.0 {
            let text = pct(r.left);
            if centre - wl - 6.0 - text_width(&text, 11.0, false) >= left {
                svg.text(centre - wl - 4.0, baseline, &text, "end", TEXT, 11.0);
            } else {
                svg.text(centre - wl + 4.0, baseline, &text, "start", "#ffffff", 11.0);
            }
        }
        if r.right > 0.0 {
            let text = pct(r.right);
            if centre + wr + 6.0 + text_width(&text, 11.0, false) <= width {
                svg.text(centre + wr + 4.0, baseline, &text, "start", TEXT, 11.0);
            } else {
                svg.text(centre + wr - 4.0, baseline, &text, "end", "#ffffff", 11.0);
            }
        }
    }
    svg.line(centre, top - 4.0, centre, bottom, UNCLASSIFIED, 1.5);
    svg.finish()
}

/// The satisfaction report's chart: one row per touch point, those with the
/// most delighted over dissatisfied last (ties by name).
pub fn satisfaction_chart(report: &crate::value::SatisfactionReport) -> String {
    let mut rows: Vec<Row> = report
        .touchpoints
        .iter()
        .map(|g| Row {
            label: g.name.clone(),
            left: g.share_dissatisfied,
            middle: g.share_satisfied,
            right: g.share_delighted,
            count: g.events,
        })
        .collect();
    crate::sort::sort_by(&mut rows, |a, b| {
        (a.right - a.left)
            .partial_cmp(&(b.right - b.left))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.label.cmp(&b.label))
    });
    diverging_bars(
        "tp-satisfaction",
        &crate::text::t("core.chart.satisfaction.title", "Satisfaction per touch point", &[]),
        &rows,
    )
}
