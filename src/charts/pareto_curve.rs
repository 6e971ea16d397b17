//! The Pareto curve: cumulative share of revenue (y) against cumulative
//! share of customers (x), customers ranked from the largest, with a marker
//! at the "top" share (20% by default) and the equality diagonal.

use super::svg::{label_number, series_colour, Svg, GRID, MUTED, TEXT};

/// Draws the curve through `curve` points `[customer share, revenue share]`
/// (both 0–1). `top` is the marked customer share and `top_value` the
/// revenue share there; `customers` is stated in the description.
pub fn pareto_curve(
    id: &str,
    title: &str,
    curve: &[[f64; 2]],
    top: f64,
    top_value: Option<f64>,
    customers: u64,
) -> String {
    let pct = |v: f64| format!("{}%", label_number(100.0 * v, 1));
    let desc = match top_value {
        Some(v) => format!(
            "The top {} of {} customers bring {} of the revenue (an even spread would give {}).",
            pct(top),
            customers,
            pct(v),
            pct(top)
        ),
        None => format!("No Pareto curve: total revenue of {customers} customers is not above 0."),
    };
    let (width, height) = (480.0, 400.0);
    let (left, right, top_m, bottom) = (56.0, 20.0, 50.0, 48.0);
    let mut svg = Svg::new(id, width, height, title, &desc);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    let (pw, ph) = (width - left - right, height - top_m - bottom);
    let sx = |x: f64| left + pw * if x.is_finite() { x.clamp(0.0, 1.0) } else { 0.0 };
    // Margin curves may exceed 100%; the revenue curve stays within 0–1.
    let sy = |y: f64| top_m + ph - ph * if y.is_finite() { y.clamp(0.0, 1.0) } else { 0.0 };
    for tick in 0..=4 {
        let f = tick as f64 / 4.0;
        svg.line(sx(f), top_m, sx(f), top_m + ph, GRID, 1.0);
        svg.line(left, sy(f), left + pw, sy(f), GRID, 1.0);
        svg.text(sx(f), top_m + ph + 16.0, &pct(f), "middle", MUTED, 11.0);
        svg.text(left - 6.0, sy(f) + 4.0, &pct(f), "end", MUTED, 11.0);
    }
    svg.text(
        left + pw / 2.0,
        height - 8.0,
        &crate::text::t("core.chart.pareto.axisX", "share of customers (largest first) →", &[]),
        "middle",
        MUTED,
        12.0,
    );
    let axis = crate::text::t("core.chart.pareto.axisY", "↑ share of revenue", &[]);
    svg.text(12.0, top_m - 10.0, &axis, "start", MUTED, 12.0);
    svg.dashed_line(sx(0.0), sy(0.0), sx(1.0), sy(1.0), MUTED);
    if curve.is_empty() {
        svg.text(left + pw / 2.0, top_m + ph / 2.0, "no revenue", "middle", MUTED, 12.0);
    } else {
        let pts: Vec<(f64, f64)> = curve.iter().map(|p| (sx(p[0]), sy(p[1]))).collect();
        svg.polyline(&pts, &series_colour(0), 2.5);
    }
    if let Some(v) = top_value {
        svg.dashed_line(sx(top), sy(0.0), sx(top), sy(v), TEXT);
        svg.dashed_line(sx(0.0), sy(v), sx(top), sy(v), TEXT);
        let tip = crate::text::t(
            "core.chart.pareto.tip",
            "top {top} of customers: {share} of revenue",
            &[("top", &pct(top)), ("share", &pct(v))],
        );
        svg.circle(sx(top), sy(v), 5.0, &series_colour(1), Some(&tip));
        svg.text(sx(top) + 8.0, sy(v) + 16.0, &tip, "start", TEXT, 12.0);
    }
    svg.finish()
}

/// The customer value report's revenue Pareto curve.
pub fn pareto_chart(report: &crate::value::CustomerValueReport) -> String {
    pareto_curve(
        "tp-pareto",
        &crate::text::t("core.chart.pareto.title", "Pareto curve of revenue", &[]),
        &report.revenue_pareto.curve,
        report.top_share,
        report.revenue_pareto.top_share_of_total,
        report.customers,
    )
}
