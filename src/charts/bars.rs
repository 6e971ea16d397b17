//! Bar charts: horizontal bars (counts by class, top touch points) and
//! vertical stacked bars (counts per period by series).

use super::svg::{count_ticks, label_number, nice_max, text_width, Svg, GRID, MUTED, TEXT};

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// CSS colour (use [`super::svg::series_colour`] or a constant).
    pub colour: String,
}

/// One coloured part of a stacked horizontal bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// What the part counts (shown in its tooltip), e.g. a kind.
    pub name: String,
    pub value: f64,
    pub colour: String,
}

/// One bar made of parts, drawn end to end in order.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBar {
    pub label: String,
    pub segments: Vec<Segment>,
}

/// A horizontal bar chart, one row per bar, value printed at the bar's end.
/// `unit` is appended to tooltips (e.g. "events"). With `decimals` 0 the
/// values are whole numbers (counts) and the axis has whole-number ticks.
pub fn horizontal_bars(
    id: &str,
    title: &str,
    description: &str,
    bars: &[Bar],
    unit: &str,
    decimals: usize,
) -> String {
    let stacked: Vec<StackedBar> = bars
        .iter()
        .map(|b| StackedBar {
            label: b.label.clone(),
            segments: vec![Segment {
                name: String::new(),
                value: b.value,
                colour: b.colour.clone(),
            }],
        })
        .collect();
    bar_rows(id, title, description, &stacked, unit, decimals)
}

/// Horizontal bars of counts split into coloured parts (e.g. each touch
/// point's events by the kind they got), the total printed at the end, with
/// a legend of the parts' names and colours, in order of first appearance.
pub fn stacked_bars(
    id: &str,
    title: &str,
    description: &str,
    bars: &[StackedBar],
    unit: &str,
) -> String {
    bar_rows(id, title, description, bars, unit, 0)
}

/// Where each legend entry (a swatch and its name at 11 px) goes: left to
/// right from `y`, wrapping to a new row of 16 units before `width`.
pub(crate) fn legend_layout(legend: &[(&str, &str)], width: f64, y: f64) -> Vec<(f64, f64)> {
    let (mut x, mut y) = (0.0, y);
    legend
        .iter()
        .map(|(name, _)| {
            let w = 14.0 + text_width(name, 11.0, false);
            if x > 0.0 && x + w > width {
                x = 0.0;
                y += 16.0;
            }
            let at = (x, y);
            x += w + 12.0;
            at
        })
        .collect()
}

/// The distinct (name, colour) of the parts, in order of first appearance.
fn legend_of(bars: &[StackedBar]) -> Vec<(&str, &str)> {
    let mut legend: Vec<(&str, &str)> = Vec::new();
    for part in bars.iter().flat_map(|b| &b.segments) {
        if !part.name.is_empty() && !legend.iter().any(|(n, _)| *n == part.name) {
            legend.push((&part.name, &part.colour));
        }
    }
    legend
}

/// Where the value axis of a bar chart ends, and its tick values.
fn value_axis(max: f64, decimals: usize) -> (f64, Vec<f64>) {
    if decimals == 0 {
        let ticks = count_ticks(max, 5);
        (ticks.max(), ticks.values().collect())
    } else {
        let top = nice_max(max);
        (top, (0..=4).map(|t| top * t as f64 / 4.0).collect())
    }
}

fn bar_rows(
    id: &str,
    title: &str,
    description: &str,
    bars: &[StackedBar],
    unit: &str,
    decimals: usize,
) -> String {
    let width = 560.0;
    let row = 26.0;
    let legend = legend_of(bars);
    let items: Vec<(f64, f64)> = legend_layout(&legend, width, 28.0);
    let top = items.last().map_or(34.0, |(_, y)| y + 24.0);
    let left = 190.0;
    let right = 70.0;
    let height = top + row * bars.len().max(1) as f64 + 24.0;
    let mut svg = Svg::new(id, width, height, title, description);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    for ((name, colour), (lx, ly)) in legend.iter().zip(&items) {
        svg.rect(*lx, *ly, 10.0, 10.0, colour, None);
        svg.text(lx + 14.0, ly + 9.0, name, "start", TEXT, 11.0);
    }
    let total = |b: &StackedBar| b.segments.iter().map(|s| s.value.max(0.0)).sum::<f64>();
    let (max, ticks) = value_axis(bars.iter().map(total).fold(0.0, f64::max), decimals);
    let plot = width - left - right;
    let tick_decimals = if decimals == 0 { 0 } else { decimals.max(tick_decimals(max)) };
    for tick in &ticks {
        let x = left + plot * tick / max;
        svg.line(x, top - 4.0, x, top + row * bars.len().max(1) as f64, GRID, 1.0);
        svg.text(x, height - 6.0, &label_number(*tick, tick_decimals), "middle", MUTED, 11.0);
    }
    if bars.is_empty() {
        let none = crate::text::t("core.chart.noData", "no data", &[]);
        svg.text(left + plot / 2.0, top + row / 2.0 + 4.0, &none, "middle", MUTED, 12.0);
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let sum = total(bar);
        svg.label_fit(left - 8.0, y + row / 2.0 + 4.0, &bar.label, "end", left - 12.0);
        let mut x = left;
        for part in &bar.segments {
            let w = if max > 0.0 { plot * part.value.max(0.0) / max } else { 0.0 };
            let tip = if bar.segments.len() == 1 {
                format!("{}: {} {}", bar.label, label_number(part.value, decimals), unit)
            } else {
                format!(
                    "{} · {}: {} of {} {}",
                    bar.label,
                    part.name,
                    label_number(part.value, decimals),
                    label_number(sum, decimals),
                    unit
                )
            };
            svg.rect(x, y + 4.0, w, row - 8.0, &part.colour, Some(tip.trim_end()));
            x += w;
        }
        svg.text(x + 6.0, y + row / 2.0 + 4.0, &label_number(sum, decimals), "start", TEXT, 12.0);
    }
    svg.finish()
}

/// Horizontal grid lines and labels at quarters of `max` for a plot from
/// `left` to `right`, `top` to `top + plot_h` (shared by the column charts
/// of measures; counts use [`count_axis`]).
pub fn y_axis(svg: &mut Svg, left: f64, right: f64, top: f64, plot_h: f64, max: f64) {
    for tick in 0..=4 {
        let y = top + plot_h - plot_h * tick as f64 / 4.0;
        svg.line(left, y, right, y, GRID, 1.0);
        let label = label_number(max * tick as f64 / 4.0, tick_decimals(max));
        svg.text(left - 6.0, y + 4.0, &label, "end", MUTED, 11.0);
    }
}

/// A vertical count axis for counts up to `max_count`: whole-number ticks
/// ([`count_ticks`]), grid lines and labels; returns where the axis ends.
pub fn count_axis(
    svg: &mut Svg,
    left: f64,
    right: f64,
    top: f64,
    plot_h: f64,
    max_count: f64,
) -> f64 {
    let ticks = count_ticks(max_count, 5);
    let max = ticks.max();
    for v in ticks.values() {
        let y = top + plot_h - plot_h * v / max;
        svg.line(left, y, right, y, GRID, 1.0);
        svg.text(left - 6.0, y + 4.0, &label_number(v, 0), "end", MUTED, 11.0);
    }
    max
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

/// Vertical stacked bars of counts: one column per category (e.g. a week),
/// one stacked segment per series, with a legend. Negative values are drawn
/// as zero.
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
    let legend: Vec<(&str, &str)> =
        series.iter().map(|s| (s.name.as_str(), s.colour.as_str())).collect();
    for ((name, colour), (lx, ly)) in legend.iter().zip(legend_layout(&legend, width, 28.0)) {
        svg.rect(lx, ly, 10.0, 10.0, colour, None);
        svg.text(lx + 14.0, ly + 9.0, name, "start", TEXT, 11.0);
    }
    let totals: Vec<f64> = (0..categories.len())
        .map(|i| series.iter().map(|s| s.values.get(i).copied().unwrap_or(0.0).max(0.0)).sum())
        .collect();
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let max = count_axis(
        &mut svg,
        left,
        width - right,
        top,
        plot_h,
        totals.iter().copied().fold(0.0, f64::max),
    );
    let n = categories.len().max(1) as f64;
    let slot = plot_w / n;
    let bar_w = (slot * 0.7).max(1.0);
    // Every `label_every`th category is labelled, so labels keep a gap between them.
    let widest = categories.iter().map(|c| text_width(c, 10.0, false)).fold(0.0, f64::max);
    let label_every = ((widest + 8.0) / slot).ceil().max(1.0) as usize;
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
