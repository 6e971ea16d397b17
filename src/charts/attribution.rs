//! The attribution chart: per channel, one bar per model side by side, for
//! conversions or for conversion value. Channels beyond the first
//! [`CHANNELS_SHOWN`] are summed into one "other" row, so every model's bars still
//! add up to the total. Negative credit (Shapley) is drawn left of the zero line.

use super::svg::{label_number, nice_max, series_colour, Svg, GRID, MUTED, TEXT};
use crate::attribution::{AttributionReport, ChannelMap, Model};

/// Channels drawn one by one; the rest form one "other" row.
pub const CHANNELS_SHOWN: usize = 12;

/// What the bars measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Conversions,
    Value,
}

/// The colour of `model` (the series palette without its yellow and grey).
pub fn model_colour(model: Model) -> String {
    const SERIES: [usize; 7] = [0, 1, 2, 3, 4, 5, 8];
    let i = Model::ALL.iter().position(|m| *m == model).unwrap_or(0);
    series_colour(SERIES[i])
}

/// `model`'s label in the chart, in the page's language (`core.attr.model.*`).
fn model_label(model: Model) -> String {
    match model {
        Model::FirstTouch => crate::text::t("core.attr.model.first_touch", "first touch", &[]),
        Model::LastTouch => crate::text::t("core.attr.model.last_touch", "last touch", &[]),
        Model::Linear => crate::text::t("core.attr.model.linear", "linear", &[]),
        Model::TimeDecay => crate::text::t("core.attr.model.time_decay", "time decay", &[]),
        Model::PositionBased => {
            crate::text::t("core.attr.model.position_based", "position based", &[])
        }
        Model::Markov => crate::text::t("core.attr.model.markov", "Markov", &[]),
        Model::Shapley => crate::text::t("core.attr.model.shapley", "Shapley", &[]),
    }
}

fn pick(credits: &ChannelMap, channel: &str, metric: Metric) -> f64 {
    credits.get(channel).map_or(0.0, |c| match metric {
        Metric::Conversions => c.conversions,
        Metric::Value => c.value,
    })
}

/// The chart of `report`'s models per channel; `id` keys the title and text ids.
pub fn attribution_chart(id: &str, report: &AttributionReport, metric: Metric) -> String {
    let models: Vec<(Model, &ChannelMap)> = report.models.computed().collect();
    let labels: Vec<String> = models.iter().map(|(m, _)| model_label(*m)).collect();
    let (what, decimals, total) = match metric {
        Metric::Conversions => {
            (crate::text::t("core.attr.conversions", "conversions", &[]), 1, report.conversions)
        }
        Metric::Value => {
            (crate::text::t("core.attr.value", "conversion value", &[]), 2, report.value)
        }
    };
    let shown = report.channels.len().min(CHANNELS_SHOWN);
    let others = &report.channels[shown..];
    // Rows: (label, value per model).
    let mut rows: Vec<(String, Vec<f64>)> = report.channels[..shown]
        .iter()
        .map(|ch| (ch.clone(), models.iter().map(|(_, c)| pick(c, ch, metric)).collect()))
        .collect();
    if !others.is_empty() {
        let sums =
            models.iter().map(|(_, c)| others.iter().map(|ch| pick(c, ch, metric)).sum()).collect();
        rows.push((
            crate::text::t("core.attr.other", "other ({n} channels)", &[("n", &others.len())]),
            sums,
        ));
    }

    let title = crate::text::t(
        "core.attr.title",
        "Attributed {what} by channel and model",
        &[("what", &what)],
    );
    let mut desc = crate::text::t(
        "core.attr.desc",
        "For {channels} channels, the {what} each of {models} models gives them (total {total}).",
        &[
            ("channels", &report.channels.len()),
            ("what", &what),
            ("models", &models.len()),
            ("total", &label_number(total, decimals)),
        ],
    );
    for (label, values) in &rows {
        let parts: Vec<String> = labels
            .iter()
            .zip(values)
            .map(|(m, v)| format!("{m} {}", label_number(*v, decimals)))
            .collect();
        desc.push_str(&format!(" {label}: {}.", parts.join(", ")));
    }

    let width = 680.0;
    let (left, right, legend_top) = (170.0, 64.0, 30.0);
    let bar = 7.0;
    let group = bar * models.len().max(1) as f64 + 12.0;
    let legend_rows = if models.len() > 4 { 2.0 } else { 1.0 };
    let top = legend_top + 18.0 * legend_rows + 12.0;
    let plot_h = group * rows.len().max(1) as f64;
    let height = top + plot_h + 30.0;
    let mut svg = Svg::new(id, width, height, &title, &desc);
    svg.bold_text(0.0, 18.0, &title, "start", 14.0);
    // Legend: four models per row.
    for (k, ((model, _), label)) in models.iter().zip(&labels).enumerate() {
        let x = (k % 4) as f64 * 130.0;
        let y = legend_top + 18.0 * (k / 4) as f64;
        svg.rect(x, y - 9.0, 10.0, 10.0, &model_colour(*model), None);
        svg.text(x + 14.0, y, label, "start", TEXT, 11.0);
    }
    let low = rows.iter().flat_map(|(_, v)| v.iter().copied()).fold(0.0, f64::min);
    let high = rows.iter().flat_map(|(_, v)| v.iter().copied()).fold(0.0, f64::max);
    let span_max = nice_max(high);
    let span_min = if low < 0.0 { -nice_max(-low) } else { 0.0 };
    let plot_w = width - left - right;
    let x_of = |v: f64| left + plot_w * (v - span_min) / (span_max - span_min);
    for tick in 0..=4 {
        let v = span_min + (span_max - span_min) * tick as f64 / 4.0;
        let x = x_of(v);
        svg.line(x, top - 4.0, x, top + plot_h, GRID, 1.0);
        svg.text(
            x,
            height - 10.0,
            &label_number(v, if span_max < 10.0 { 1 } else { 0 }),
            "middle",
            MUTED,
            11.0,
        );
    }
    if rows.is_empty() {
        let none = crate::text::t("core.attr.none", "no conversions", &[]);
        svg.text(left + plot_w / 2.0, top + 20.0, &none, "middle", MUTED, 12.0);
    }
    let zero = x_of(0.0);
    for (r, (label, values)) in rows.iter().enumerate() {
        let y0 = top + group * r as f64 + 6.0;
        svg.label_fit(left - 8.0, y0 + group / 2.0 - 2.0, label, "end", left - 12.0);
        for (k, (((model, _), name), &v)) in models.iter().zip(&labels).zip(values).enumerate() {
            let y = y0 + bar * k as f64;
            let (x, w) = if v >= 0.0 { (zero, x_of(v) - zero) } else { (x_of(v), zero - x_of(v)) };
            let share =
                if total != 0.0 { format!(" ({:.1}%)", 100.0 * v / total) } else { String::new() };
            let tip = format!("{label} · {name}: {} {what}{share}", label_number(v, decimals));
            svg.rect(x, y, w, bar - 1.0, &model_colour(*model), Some(&tip));
        }
    }
    svg.line(zero, top - 4.0, zero, top + plot_h, MUTED, 1.0);
    svg.finish()
}
