//! The customer value map: perceived cost (x) against perceived benefit (y)
//! per offer, with the fair-value line through the origin. Offers above the
//! line give more benefit per unit of cost than the market: better value.
//!
//! The line's slope is the market's mean benefit ÷ mean cost (Σ benefit ÷
//! Σ cost over all offers), so it works on any rating scale: an offer on
//! the line has exactly the market's benefit/cost ratio.

use super::svg::{
    label_number, nice_max, series_colour, text_box, Svg, TextBox, GRID, MUTED, TEXT,
};

/// One offer on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Offer name.
    pub label: String,
    /// Total perceived cost (x).
    pub cost: f64,
    /// Total perceived benefit (y).
    pub benefit: f64,
    /// Drawn larger and in the first series colour (our offer).
    pub highlight: bool,
}

/// Draws the value map. `slope` is the fair-value line's (benefit = slope ×
/// cost); `None` draws no line. Non-finite coordinates are drawn at 0.
pub fn value_map(id: &str, title: &str, points: &[Point], slope: Option<f64>) -> String {
    let clean = |v: f64| if v.is_finite() { v } else { 0.0 };
    let mut desc = String::new();
    for p in points {
        let ratio = if p.cost > 0.0 {
            crate::text::t(
                "core.chart.valueMap.ratio",
                ", ratio {ratio}",
                &[("ratio", &label_number(p.benefit / p.cost, 2))],
            )
        } else {
            String::new()
        };
        let side = match slope {
            Some(s) if p.benefit > s * p.cost + 1e-9 * s.abs().max(1.0) => {
                crate::text::t("core.chart.valueMap.above", ", above the line (better value)", &[])
            }
            Some(s) if p.benefit < s * p.cost - 1e-9 * s.abs().max(1.0) => {
                crate::text::t("core.chart.valueMap.below", ", below the line (worse value)", &[])
            }
            Some(_) => crate::text::t("core.chart.valueMap.on", ", on the line", &[]),
            None => String::new(),
        };
        desc.push_str(&crate::text::t(
            "core.chart.valueMap.offer",
            "{name}: benefit {benefit}, cost {cost}{ratio}{side}. ",
            &[
                ("name", &p.label),
                ("benefit", &label_number(p.benefit, 2)),
                ("cost", &label_number(p.cost, 2)),
                ("ratio", &ratio),
                ("side", &side),
            ],
        ));
    }
    match slope {
        Some(s) => desc.push_str(&crate::text::t(
            "core.chart.valueMap.line",
            "Fair-value line: benefit = {slope} × cost (the market's mean benefit per unit of cost).",
            &[("slope", &label_number(s, 2))],
        )),
        None => desc.push_str(&crate::text::t(
            "core.chart.valueMap.noLine",
            "No fair-value line (total cost is 0).",
            &[],
        )),
    }
    if points.is_empty() {
        desc = crate::text::t("core.chart.noOffers", "No offers.", &[]);
    }
    let (width, height) = (560.0, 420.0);
    let (left, right, top, bottom) = (56.0, 24.0, 50.0, 48.0);
    let mut svg = Svg::new(id, width, height, title, desc.trim_end());
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    let x_max = nice_max(points.iter().map(|p| clean(p.cost)).fold(0.0, f64::max));
    let y_max = nice_max(points.iter().map(|p| clean(p.benefit)).fold(0.0, f64::max));
    let x_min = points.iter().map(|p| clean(p.cost)).fold(0.0, f64::min);
    let y_min = points.iter().map(|p| clean(p.benefit)).fold(0.0, f64::min);
    let (pw, ph) = (width - left - right, height - top - bottom);
    let sx = |x: f64| left + pw * (clean(x) - x_min) / (x_max - x_min);
    let sy = |y: f64| top + ph - ph * (clean(y) - y_min) / (y_max - y_min);
    for tick in 0..=4 {
        let f = tick as f64 / 4.0;
        let (xv, yv) = (x_min + (x_max - x_min) * f, y_min + (y_max - y_min) * f);
        svg.line(sx(xv), top, sx(xv), top + ph, GRID, 1.0);
        svg.line(left, sy(yv), left + pw, sy(yv), GRID, 1.0);
        svg.text(sx(xv), top + ph + 16.0, &label_number(xv, 1), "middle", MUTED, 11.0);
        svg.text(left - 6.0, sy(yv) + 4.0, &label_number(yv, 1), "end", MUTED, 11.0);
    }
    svg.text(left + pw / 2.0, height - 8.0, "perceived cost →", "middle", MUTED, 12.0);
    svg.text(12.0, top - 10.0, "↑ perceived benefit", "start", MUTED, 12.0);
    let line = slope.filter(|s| s.is_finite() && *s > 0.0).map(|s| (s, x_max.min(y_max / s)));
    if let Some((s, x_end)) = line {
        // From the origin to where the line leaves the plot.
        svg.dashed_line(sx(0.0), sy(0.0), sx(x_end), sy(s * x_end), MUTED);
    }
    if points.is_empty() {
        svg.text(left + pw / 2.0, top + ph / 2.0, "no offers", "middle", MUTED, 12.0);
    }
    // The points first (their dots are obstacles for every label), then each
    // offer's name at the first free place around its dot, then the line's
    // and the corners' notes where they meet no name.
    let plot = TextBox { x0: left, y0: top, x1: left + pw, y1: top + ph };
    let inside = |b: &TextBox| b.x0 >= plot.x0 && b.x1 <= plot.x1 + right && b.y0 >= 0.0;
    let mut dots: Vec<TextBox> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let (x, y) = (sx(p.cost), sy(p.benefit));
        let colour = if p.highlight { series_colour(0) } else { series_colour(i.max(1)) };
        let tip = format!(
            "{}: benefit {}, cost {}",
            p.label,
            label_number(p.benefit, 2),
            label_number(p.cost, 2)
        );
        let r = if p.highlight { 7.0 } else { 5.0 };
        svg.circle(x, y, r, &colour, Some(&tip));
        dots.push(TextBox { x0: x - r, y0: y - r, x1: x + r, y1: y + r });
    }
    let free = |svg: &Svg, b: &TextBox| {
        svg.is_free(&b.grown(2.0)) && !dots.iter().any(|d| d.intersects(b))
    };
    for p in points {
        let (x, y) = (sx(p.cost), sy(p.benefit));
        let candidates = [
            (x + 9.0, y - 7.0, "start"),
            (x - 9.0, y - 7.0, "end"),
            (x + 9.0, y + 16.0, "start"),
            (x - 9.0, y + 16.0, "end"),
            (x, y - 11.0, "middle"),
            (x, y + 20.0, "middle"),
        ];
        let boxes =
            candidates.map(|(cx, cy, a)| (cx, cy, a, text_box(cx, cy, a, 12.0, false, &p.label)));
        let chosen = boxes
            .iter()
            .find(|(_, _, _, b)| inside(b) && free(&svg, b))
            .or_else(|| boxes.iter().find(|(_, _, _, b)| inside(b)))
            .unwrap_or(&boxes[0]);
        svg.text(chosen.0, chosen.1, &p.label, chosen.2, TEXT, 12.0);
    }
    if let Some((s, x_end)) = line {
        let spots = [1.0, 0.85, 0.7, 0.55, 0.4].into_iter().flat_map(|f: f64| {
            let (x, y) = (sx(x_end * f), sy(s * x_end * f));
            [(x - 4.0, y + 14.0, "end"), (x + 6.0, y - 4.0, "start")]
        });
        place_note(&mut svg, &free, &inside, spots, "fair value");
        let better = [(left + 8.0, top + 14.0, "start"), (left + 8.0, top + 30.0, "start")];
        place_note(&mut svg, &free, &inside, better.into_iter(), "better value (above the line)");
        let worse =
            [(left + pw - 8.0, top + ph - 8.0, "end"), (left + pw - 8.0, top + ph - 24.0, "end")];
        place_note(&mut svg, &free, &inside, worse.into_iter(), "worse value (below the line)");
    }
    svg.finish()
}

/// Writes a muted note at the first of `spots` where it is inside and
/// free; where none is, leaves it out (the description says the same).
fn place_note(
    svg: &mut Svg,
    free: &dyn Fn(&Svg, &TextBox) -> bool,
    inside: &dyn Fn(&TextBox) -> bool,
    spots: impl Iterator<Item = (f64, f64, &'static str)>,
    text: &str,
) {
    for (x, y, anchor) in spots {
        let b = text_box(x, y, anchor, 11.0, false, text);
        if inside(&b) && free(svg, &b) {
            svg.text(x, y, text, anchor, MUTED, 11.0);
            return;
        }
    }
}

/// The perceived-value report's customer value map: one point per offer
/// (ours highlighted) and the fair-value line.
pub fn value_map_chart(report: &crate::value::ValueReport) -> String {
    let points: Vec<Point> = report
        .offers
        .iter()
        .map(|o| Point {
            label: o.name.clone(),
            cost: o.cost,
            benefit: o.benefit,
            highlight: o.ours,
        })
        .collect();
    value_map(
        "tp-value-map",
        &crate::text::t("core.chart.valueMap.title", "Customer value map", &[]),
        &points,
        report.fair_value_slope,
    )
}
