//! The report's overview charts: counts by each class dimension and the top
//! touch points, coloured by the kind each event got.

use super::bars::{horizontal_bars, stacked_bars, Bar, Segment, StackedBar};
pub use super::palette::kind_colour;
use super::palette::{series_colour, UNCLASSIFIED};
use super::svg::label_number;
use crate::model::Kind;
use crate::report::{ClassCount, Report};

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
            label: c.label.to_string(),
            value: c.events as f64,
            colour: class_colour(c.class, i),
        })
        .collect();
    let parts: Vec<String> = counts
        .iter()
        .map(|c| {
            format!("{} {} ({:.0}%)", c.label, label_number(c.events as f64, 0), c.share * 100.0)
        })
        .collect();
    let title = format!("Touch points by {dimension}");
    let description =
        format!("{} events by {dimension}: {}.", label_number(total as f64, 0), parts.join("; "));
    horizontal_bars(id, &title, &description, &bars, "events", 0)
}

/// The `limit` most frequent touch points, each bar split by the kind its
/// events got (a `kind` column in the data over the rules), so the bars
/// count exactly what the by-kind chart counts.
pub fn top_touchpoints_chart(id: &str, report: &Report, limit: usize) -> String {
    let shown = &report.by_touchpoint[..report.by_touchpoint.len().min(limit)];
    let kinds: Vec<(Option<Kind>, &str, &str)> = Kind::ALL
        .iter()
        .map(|k| (Some(*k), k.key(), k.label()))
        .chain(std::iter::once((None, "unclassified", "unclassified")))
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
    let title = if report.unique_touchpoints > shown.len() as u64 {
        format!("Top {} of {} touch points", shown.len(), report.unique_touchpoints)
    } else {
        "Touch points".to_string()
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
    let description = format!(
        "Events per touch point, most frequent first, coloured by the kind each event got: {}.",
        parts.join("; ")
    );
    stacked_bars(id, &title, &description, &bars, "events")
}
