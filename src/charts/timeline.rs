//! The journey timeline: one lane per journey, a dot per touch point along
//! time, coloured by kind. With many journeys a sample is drawn and the
//! title says so.

use super::overview::kind_colour;
use super::svg::{label_number, Svg, GRID, MUTED, TEXT};
use crate::dataset::Journey;
use crate::model::{Dataset, Kind, TimeBase};
use crate::taxonomy::Classification;
use crate::time::{format_date, format_offset, format_time};

/// Most lanes drawn.
pub const MAX_LANES: usize = 30;

/// Draws the timeline of `dataset` with its events' classes from `classification`.
pub fn timeline_chart(id: &str, dataset: &Dataset, classification: &Classification) -> String {
    let total = dataset.journeys().filter(|j| !j.is_empty()).count();
    let step = total.div_ceil(MAX_LANES).max(1);
    let lanes: Vec<Journey> =
        dataset.journeys().filter(|j| !j.is_empty()).step_by(step).take(MAX_LANES).collect();

    let (lo, hi) = lanes.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), j| {
        j.range()
            .fold((lo, hi), |(lo, hi), i| (lo.min(dataset.time(i)), hi.max(dataset.end_or_time(i))))
    });
    let (lo, hi) = if lo.is_finite() { (lo, hi.max(lo + 1.0)) } else { (0.0, 1.0) };
    let lo = if dataset.time_base() == TimeBase::VideoOffset { 0.0 } else { lo };

    let width = 760.0;
    let (left, right, top) = (150.0, 16.0, 58.0);
    let lane_h = 22.0;
    let height = top + lane_h * lanes.len().max(1) as f64 + 34.0;
    let title = if total > lanes.len() {
        format!(
            "Journey timeline: {} of {} journeys (every {step}th)",
            lanes.len(),
            label_number(total as f64, 0)
        )
    } else {
        format!("Journey timeline: {} journeys", lanes.len())
    };
    let description = format!(
        "Each row is a journey; each dot a touch point at its time, coloured by kind, from {} to {}.{}",
        format_time(dataset.time_base(), lo),
        format_time(dataset.time_base(), hi),
        if total > lanes.len() { " A sample of the journeys is shown." } else { "" }
    );
    let mut svg = Svg::new(id, width, height, &title, &description);
    svg.bold_text(0.0, 18.0, &title, "start", 14.0);
    // Legend.
    let mut lx = 0.0;
    for (i, kind) in Kind::ALL.iter().enumerate() {
        svg.circle(lx + 5.0, 36.0, 5.0, &kind_colour(Some(*kind)), None);
        svg.text(lx + 14.0, 40.0, kind.label(), "start", TEXT, 11.0);
        lx += 30.0 + 6.5 * kind.label().len() as f64;
        let _ = i;
    }
    svg.circle(lx + 5.0, 36.0, 5.0, &kind_colour(None), None);
    svg.text(lx + 14.0, 40.0, "unclassified", "start", TEXT, 11.0);

    let plot = width - left - right;
    let x_of = |t: f64| left + plot * (t - lo) / (hi - lo);
    let axis_y = top + lane_h * lanes.len().max(1) as f64;
    for tick in 0..=4 {
        let t = lo + (hi - lo) * tick as f64 / 4.0;
        let x = x_of(t);
        svg.line(x, top - 6.0, x, axis_y, GRID, 1.0);
        let label = match dataset.time_base() {
            TimeBase::Calendar if hi - lo > 3.0 * 86400.0 => format_date(t),
            TimeBase::Calendar => format_time(TimeBase::Calendar, t),
            TimeBase::VideoOffset => format_offset(t),
            TimeBase::Step => format!("{}", t.round()),
        };
        let anchor = match tick {
            0 => "start",
            4 => "end",
            _ => "middle",
        };
        svg.text(x, axis_y + 16.0, &label, anchor, MUTED, 11.0);
    }
    for (lane, journey) in lanes.iter().enumerate() {
        let y = top + lane_h * lane as f64 + lane_h / 2.0;
        let name = journey.name();
        svg.label(left - 8.0, y + 4.0, name, "end", 20);
        let first = dataset.time(journey.range().start);
        let last = journey.range().map(|i| dataset.end_or_time(i)).fold(first, f64::max);
        svg.line(x_of(first), y, x_of(last), y, GRID, 2.0);
        for i in journey.range() {
            let time = dataset.time(i);
            let c = classification.classes_of(dataset, i);
            let tip = format!(
                "{name} · {} · {} · {}",
                dataset.touchpoint_names().name(dataset.touchpoint(i)),
                format_time(dataset.time_base(), time),
                c.kind.map(|k| k.label()).unwrap_or("unclassified")
            );
            if let Some(end) = dataset.end(i).filter(|end| *end > time) {
                svg.rect(
                    x_of(time),
                    y - 4.0,
                    x_of(end) - x_of(time),
                    8.0,
                    &kind_colour(c.kind),
                    Some(&tip),
                );
            } else {
                svg.circle(x_of(time), y, 4.5, &kind_colour(c.kind), Some(&tip));
            }
        }
    }
    if lanes.is_empty() {
        svg.text(left + plot / 2.0, top + 14.0, "no events", "middle", MUTED, 12.0);
    }
    svg.finish()
}
