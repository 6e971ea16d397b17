//! Bar charts: horizontal bars (counts by class, top touch points) and
//! vertical stacked bars (counts per period by series).

use super::svg::{label_number, nice_max, Svg, GRID, MUTED, TEXT};

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// CSS colour (use [`super::svg::series_colour`] or a constant).
    pub colour: String,
}

/// A horizontal bar chart, one row per bar, value printed at the bar's end.
/// `unit` is appended to tooltips (e.g. "events").
pub fn horizontal_bars(
    id: &str,
    title: &str,
    description: &str,
    bars: &[Bar],
    unit: &str,
    decimals: usize,
) -> String {
    let width = 560.0;
    let row = 26.0;
    let top = 34.0;
    let left = 190.0;
    let right = 70.0;
    let height = top + row * bars.len().max(1) as f64 + 24.0;
    let mut svg = Svg::new(id, width, height, title, description);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    let max = nice_max(bars.iter().map(|b| b.value).fold(0.0, f64::max));
    let plot = width - left - right;
    for tick in 0..=4 {
        let x = left + plot * tick as f64 / 4.0;
        svg.line(x, top - 4.0, x, top + row * bars.len().max(1) as f64, GRID, 1.0);
        svg.text(
            x,
            height - 6.0,
            &label_number(max * tick as f64 / 4.0, decimals.max(tick_decimals(max))),
            "middle",
            MUTED,
            11.0,
        );
    }
    if bars.is_empty() {
        svg.text(left + plot / 2.0, top + row / 2.0 + 4.0, "no data", "middle", MUTED, 12.0);
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let w = if max > 0.0 { plot * bar.value.max(0.0) / max } else { 0.0 };
        svg.label(left - 8.0, y + row / 2.0 + 4.0, &bar.label, "end", 28);
        let tip = format!("{}: {} {}", bar.label, label_number(bar.value, decimals), unit);
        svg.rect(left, y + 4.0, w, row - 8.0, &bar.colour, Some(tip.trim_end()));
        svg.text(
            left + w + 6.0,
            y + row / 2.0 + 4.0,
            &label_number(bar.value, decimals),
            "start",
            TEXT,
            12.0,
        );
    }
    svg.finish()
}

/// Horizontal grid lines and labels at quarters of `max` for a plot from
/// `left` to `right`, `top` to `top + plot_h` (shared by the column charts).
pub fn y_axis(svg: &mut Svg, left: f64, right: f64, top: f64, plot_h: f64, max: f64) {
    for tick in 0..=4 {
        let y = top + plot_h - plot_h * tick as f64 / 4.0;
        svg.line(left, y, right, y, GRID, 1.0);
        let label = label_number(max * tick as f64 / 4.0, tick_decimals(max));
        svg.text(left - 6.0, y + 4.0, &label, "end", MUTED, 11.0);
    }
}

/// Decimals needed to print quarter ticks of an axis ending at `max`.
fn tick_decimals(max: f64) -> usize {
    let quarter = max / 4.0;
    if (quarter - quarter.round()).abs() < 1e-9 {
        0
    } else if (quarter * 10.0 - (quarter * 10.0).round()).abs() < 1e-9 {
        1
    } else {
        2
    }
}

/// One series of a stacked bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub colour: String,
    /// One value per category (same length as the categories).
    pub values: Vec<f64>,
}

/// Vertical stacked bars: one column per category (e.g. a week), one stacked
/// segment per series, with a legend. Negative values are drawn as zero.
pub fn stacked_columns(
    id: &str,
    title: &str,
    description: &str,
    categories: &[String],
    series: &[Series],
) -> String {
    let width = 640.0;
    let height = 320.0;
    let (left, right, top, bottom) = (48.0, 12.0, 52.0, 48.0);
    let mut svg = Svg::new(id, width, height, title, description);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    // Legend.
    let mut lx = 0.0;
    for s in series {
        svg.rect(lx, 28.0, 10.0, 10.0, &s.colour, None);
        svg.text(lx + 14.0, 37.0, &s.name, "start", TEXT, 11.0);
        lx += 24.0 + 7.0 * s.name.chars().count() as f64;
    }
    let totals: Vec<f64> = (0..categories.len())
        .map(|i| series.iter().map(|s| s.values.get(i).copied().unwrap_or(0.0).max(0.0)).sum())
        .collect();
    let max = nice_max(totals.iter().copied().fold(0.0, f64::max));
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    y_axis(&mut svg, left, width - right, top, plot_h, max);
    let n = categories.len().max(1) as f64;
    let slot = plot_w / n;
    let bar_w = (slot * 0.7).max(1.0);
    let label_every = (categories.len() as f64 / 12.0).ceil().max(1.0) as usize;
    for (i, category) in categories.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
        let mut y = top + plot_h;
        for s in series {
            let v = s.values.get(i).copied().unwrap_or(0.0).max(0.0);
            let h = if max > 0.0 { plot_h * v / max } else { 0.0 };
            y -= h;
            let tip = format!("{category} · {}: {}", s.name, label_number(v, 0));
            svg.rect(x, y, bar_w, h, &s.colour, Some(&tip));
        }
        if i % label_every == 0 {
            svg.text(x + bar_w / 2.0, height - bottom + 16.0, category, "middle", MUTED, 10.0);
        }
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_escape_labels_and_print_values() {
        let svg = horizontal_bars(
            "t",
            "Touch points",
            "Counts",
            &[Bar { label: "<b>x".into(), value: 1234.0, colour: "red".into() }],
            "events",
            0,
        );
        assert!(svg.contains("&lt;b&gt;x"));
        assert!(svg.contains("1,234"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
