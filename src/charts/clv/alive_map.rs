//! The P(alive) heat map: the probability that a customer observed for the
//! longest T is still active, by frequency (rows) and recency (columns).
//! Colours run from light (0) to dark blue (1) on a fixed ramp, written as
//! presentation attributes (no inline styles).

use crate::charts::svg::{label_number, Svg, MUTED, TEXT};
use crate::clv::report::AliveMatrix;

/// A blue ramp colour for `v` in 0–1.
fn ramp(v: f64) -> String {
    let v = if v.is_finite() { v.clamp(0.0, 1.0) } else { 0.0 };
    let (a, b) = ((247.0, 251.0, 255.0), (8.0, 48.0, 107.0));
    let mix = |x: f64, y: f64| (x + (y - x) * v).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Draws the heat map of `m` (times in `unit`).
pub fn alive_map(id: &str, m: &AliveMatrix, unit: &str) -> String {
    let unit = super::unit_text(unit);
    let title = crate::text::t(
        "core.clv.alive.title",
        "Probability a customer is still active, by frequency and recency",
        &[],
    );
    let rows = m.frequencies.len().max(1);
    let cols = m.recencies.len().max(1);
    let low = m.values.iter().flatten().copied().fold(1.0, f64::min);
    let desc = crate::text::t(
        "core.clv.alive.desc",
        "P(alive) for customers observed {t} {unit}: {rows} frequencies × {cols} recencies. It is highest for recent buyers and falls as the last purchase gets older, faster for frequent buyers; lowest {low}.",
        &[
            ("t", &label_number(m.t, 1)),
            ("unit", &unit),
            ("rows", &rows),
            ("cols", &cols),
            ("low", &label_number(low, 2)),
        ],
    );
    let (width, height) = (560.0, 400.0);
    let (left, right, top, bottom) = (56.0, 80.0, 56.0, 48.0);
    let (pw, ph) = (width - left - right, height - top - bottom);
    let (cw, chh) = (pw / cols as f64, ph / rows as f64);
    let mut svg = Svg::new(id, width, height, &title, &desc);
    let heading =
        crate::text::t("core.clv.alive.heading", "P(alive) by frequency and recency", &[]);
    svg.bold_text(0.0, 18.0, &heading, "start", 14.0);
    for (i, &x) in m.frequencies.iter().enumerate() {
        // Highest frequency at the top.
        let y = top + (rows - 1 - i) as f64 * chh;
        for (j, &r) in m.recencies.iter().enumerate() {
            let v = m.values.get(i).and_then(|row| row.get(j)).copied().unwrap_or(0.0);
            let tip = crate::text::t(
                "core.clv.alive.tip",
                "{x} repeat purchases, last at {r} {unit}: P(alive) {p}",
                &[
                    ("x", &x),
                    ("r", &label_number(r, 1)),
                    ("unit", &unit),
                    ("p", &label_number(v, 3)),
                ],
            );
            svg.rect(left + j as f64 * cw, y, cw + 0.5, chh + 0.5, &ramp(v), Some(&tip));
        }
        let every = (rows / 10).max(1);
        if i % every == 0 {
            svg.text(left - 6.0, y + chh / 2.0 + 4.0, &x.to_string(), "end", MUTED, 11.0);
        }
    }
    for j in [0, cols / 2, cols - 1] {
        if let Some(r) = m.recencies.get(j) {
            svg.text(
                left + (j as f64 + 0.5) * cw,
                top + ph + 16.0,
                &label_number(*r, 0),
                "middle",
                MUTED,
                11.0,
            );
        }
    }
    svg.text(
        left + pw / 2.0,
        height - 10.0,
        &crate::text::t(
            "core.clv.alive.axisX",
            "recency ({unit} from first to last purchase) →",
            &[("unit", &unit)],
        ),
        "middle",
        MUTED,
        12.0,
    );
    let axis = crate::text::t("core.clv.alive.axisY", "↑ frequency (repeat purchases)", &[]);
    svg.text(8.0, top - 12.0, &axis, "start", MUTED, 12.0);
    // Legend: the ramp with 0 and 1.
    let lx = left + pw + 24.0;
    for k in 0..10 {
        let v = 1.0 - k as f64 / 9.0;
        svg.rect(lx, top + k as f64 * ph / 10.0, 16.0, ph / 10.0 + 0.5, &ramp(v), None);
    }
    svg.text(lx + 20.0, top + 10.0, "1", "start", TEXT, 11.0);
    svg.text(lx + 20.0, top + ph, "0", "start", TEXT, 11.0);
    svg.finish()
}
