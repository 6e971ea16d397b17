//! The report's overview charts: counts by each class dimension and the top
//! touch points, coloured by kind.

use super::bars::{horizontal_bars, Bar};
use super::svg::{label_number, series_colour, UNCLASSIFIED};
use crate::model::Kind;
use crate::report::{ClassCount, Report};

/// Colour of a class at position `index` of its dimension (grey for unclassified).
pub fn class_colour(class: &str, index: usize) -> String {
    if class == "unclassified" {
        UNCLASSIFIED.to_string()
    } else {
        series_colour(index)
    }
}

/// Colour of a kind (the timeline and the top touch points use it).
pub fn kind_colour(kind: Option<Kind>) -> String {
    match kind {
        Some(k) => series_colour(Kind::ALL.iter().position(|v| *v == k).unwrap_or(0)),
        None => UNCLASSIFIED.to_string(),
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

/// The `limit` most frequent touch points, coloured by kind.
pub fn top_touchpoints_chart(id: &str, report: &Report, limit: usize) -> String {
    let shown = &report.by_touchpoint[..report.by_touchpoint.len().min(limit)];
    let bars: Vec<Bar> = shown
        .iter()
        .map(|t| Bar {
            label: t.touchpoint.clone(),
            value: t.events as f64,
            colour: kind_colour(t.classes.kind),
        })
        .collect();
    let title = if report.by_touchpoint.len() > limit {
        format!("Top {limit} of {} touch points", report.by_touchpoint.len())
    } else {
        "Touch points".to_string()
    };
    let parts: Vec<String> = shown
        .iter()
        .map(|t| format!("{} {}", t.touchpoint, label_number(t.events as f64, 0)))
        .collect();
    let description = format!(
        "Events per touch point, most frequent first, coloured by kind: {}.",
        parts.join("; ")
    );
    horizontal_bars(id, &title, &description, &bars, "events", 0)
}
