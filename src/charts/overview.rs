//! The report's overview charts: counts by each class dimension and the top
//! touch points, coloured by the kind each event got.

use super::bars::{horizontal_bars, stacked_bars, Bar, Segment, StackedBar};
pub use super::palette::kind_colour;
use super::palette::{series_colour, UNCLASSIFIED};
use super::svg::label_number;
use crate::counts::{ClassCount, TouchpointCount};
use crate::model::Kind;
use crate::text;

pub use crate::model::dimension_name;

/// The unit of count tooltips ("events").
pub fn events_unit() -> String {
    text::t("core.chart.events", "events", &[])
}

/// Colour of a class at position `index` of its dimension (grey for
/// unclassified; the kinds have their own colours, see [`kind_colour`]).
pub fn class_colour(class: &str, index: usize) -> String {
    if class == "unclassified" {
        UNCLASSIFIED.to_string()
    } else if let Some(kind) = Kind::ALL.iter().find(|k| k.key() == class) {
        kind_colour(Some(*kind))
    } else {
        series_colour(index)
    }
}

/// Bars of one dimension's class counts.
pub fn dimension_chart(id: &str, dimension: &str, counts: &[ClassCount], total: u64) -> String {
    let bars: Vec<Bar> = counts
        .iter()
        .enumerate()
        .map(|(i, c)| Bar {
            label: text::class_label(c.class, c.label),
            value: c.events as f64,
            colour: class_colour(c.class, i),
        })
        .collect();
    let parts: Vec<String> = counts
        .iter()
        .map(|c| {
            format!(
                "{} {} ({:.0}%)",
                text::class_label(c.class, c.label),
                label_number(c.events as f64, 0),
                c.share * 100.0
            )
        })
        .collect();
    let dimension = dimension_name(dimension);
    let title = text::t(
        "core.chart.byDimension.title",
        "Touch points by {dimension}",
        &[("dimension", &dimension)],
    );
    let description = text::t(
        "core.chart.byDimension.desc",
        "{n} events by {dimension}: {parts}.",
        &[
            ("n", &label_number(total as f64, 0)),
            ("dimension", &dimension),
            ("parts", &parts.join("; ")),
        ],
    );
    horizontal_bars(id, &title, &description, &bars, &events_unit(), 0)
}

/// The `limit` most frequent of `touchpoints` (most frequent first, of
/// `unique_touchpoints` distinct names in all), each bar split by the kind its
/// events got (a `kind` column in the data over the rules), so the bars
/// count exactly what the by-kind chart counts.
pub fn top_touchpoints_chart(
    id: &str,
    touchpoints: &[TouchpointCount],
    unique_touchpoints: u64,
    limit: usize,
) -> String {
    let shown = &touchpoints[..touchpoints.len().min(limit)];
    let kinds: Vec<(Option<Kind>, &str, String)> = Kind::ALL
        .iter()
        .map(|k| (Some(*k), k.key(), text::class_label(k.key(), k.label())))
        .chain(std::iter::once((
            None,
            "unclassified",
            text::class_label("unclassified", "unclassified"),
        )))
        .collect();
    let bars: Vec<StackedBar> = shown
        .iter()
        .map(|t| StackedBar {
            label: t.touchpoint.clone(),
            segments: kinds
                .iter()
                .filter_map(|(kind, key, label)| {
                    let n = t.by_kind.get(key).copied().unwrap_or(0);
                    (n > 0).then(|| Segment {
                        name: label.to_string(),
                        value: n as f64,
                        colour: kind_colour(*kind),
                    })
                })
                .collect(),
        })
        .collect();
    // All distinct names count, listed or not (the report lists at most
    // `report::TOUCHPOINTS_LISTED`).
    let title = if unique_touchpoints > shown.len() as u64 {
        text::t(
            "core.chart.top.title",
            "Top {limit} of {total} touch points",
            &[("limit", &shown.len()), ("total", &unique_touchpoints)],
        )
    } else {
        text::t("core.chart.top.titleAll", "Touch points", &[])
    };
    let parts: Vec<String> = shown
        .iter()
        .map(|t| {
            let mut text = format!("{} {}", t.touchpoint, label_number(t.events as f64, 0));
            if t.by_kind.len() > 1 {
                let split: Vec<String> = kinds
                    .iter()
                    .filter_map(|(_, key, label)| {
                        t.by_kind
                            .get(key)
                            .map(|n| format!("{} {label}", label_number(*n as f64, 0)))
                    })
                    .collect();
                text.push_str(&format!(" ({})", split.join(", ")));
            }
            text
        })
        .collect();
    let description = text::t(
        "core.chart.top.desc",
        "Events per touch point, most frequent first, coloured by the kind each event got: {parts}.",
        &[("parts", &parts.join("; "))],
    );
    stacked_bars(id, &title, &description, &bars, &events_unit())
}
