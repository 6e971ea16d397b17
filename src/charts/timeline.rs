//! The journey timeline: one lane per journey, a dot per touch point along
//! time, coloured by kind. With many journeys a sample is drawn and the
//! title says so.

use super::bars::legend_layout;
use super::overview::kind_colour;
use super::svg::{label_number, text_box, Svg, TextBox, GRID, MUTED, TEXT};
use crate::dataset::Journey;
use crate::model::{Dataset, Kind, TimeBase};
use crate::taxonomy::Classification;
use crate::text;
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
    let (left, right) = (150.0, 16.0);
    let legend: Vec<(String, String)> = Kind::ALL
        .iter()
        .map(|k| (text::class_label(k.key(), k.label()), kind_colour(Some(*k))))
        .chain(std::iter::once((
            text::class_label("unclassified", "unclassified"),
            kind_colour(None),
        )))
        .collect();
    let legend_refs: Vec<(&str, &str)> =
        legend.iter().map(|(n, c)| (n.as_str(), c.as_str())).collect();
    let legend_at = legend_layout(&legend_refs, width, 30.0);
    let top = legend_at.last().map_or(58.0, |(_, y)| y + 28.0);
    let lane_h = 22.0;
    let height = top + lane_h * lanes.len().max(1) as f64 + 40.0;
    let title = if total > lanes.len() {
        text::t(
            "core.chart.timeline.titleSample",
            "Journey timeline: {n} of {total} journeys (every {step}th)",
            &[("n", &lanes.len()), ("total", &label_number(total as f64, 0)), ("step", &step)],
        )
    } else {
        text::t(
            "core.chart.timeline.title",
            "Journey timeline: {n} journeys",
            &[("n", &lanes.len())],
        )
    };
    let description = text::t(
        "core.chart.timeline.desc",
        "Each row is a journey; each dot a touch point at its time, coloured by kind, from {from} to {to}.",
        &[("from", &format_time(dataset.time_base(), lo)), ("to", &format_time(dataset.time_base(), hi))],
    ) + &if total > lanes.len() {
        text::t("core.chart.timeline.sampled", " A sample of the journeys is shown.", &[])
    } else {
        String::new()
    };
    let mut svg = Svg::new(id, width, height, &title, &description);
    svg.bold_text(0.0, 18.0, &title, "start", 14.0);
    for ((name, colour), (lx, ly)) in legend.iter().zip(&legend_at) {
        svg.circle(lx + 5.0, ly + 5.0, 5.0, colour, None);
        svg.text(lx + 14.0, ly + 9.0, name, "start", TEXT, 11.0);
    }

    let plot = width - left - right;
    let x_of = |t: f64| left + plot * (t - lo) / (hi - lo);
    let axis_y = top + lane_h * lanes.len().max(1) as f64;
    let ticks = time_ticks(dataset.time_base(), lo, hi, &x_of, axis_y + 16.0);
    for (t, label, anchor) in &ticks {
        let x = x_of(*t);
        svg.line(x, top - 6.0, x, axis_y, GRID, 1.0);
        svg.text(x, axis_y + 16.0, label, anchor, MUTED, 11.0);
    }
    if dataset.time_base() == TimeBase::Calendar {
        let utc = text::t("core.chart.utc", "times in UTC", &[]);
        svg.text(width - right, axis_y + 32.0, &utc, "end", MUTED, 10.0);
    }
    for (lane, journey) in lanes.iter().enumerate() {
        let y = top + lane_h * lane as f64 + lane_h / 2.0;
        let name = journey.name();
        svg.label_fit(left - 8.0, y + 4.0, name, "end", left - 12.0);
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
                c.kind.map_or_else(
                    || text::class_label("unclassified", "unclassified"),
                    |k| text::class_label(k.key(), k.label())
                )
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
        svg.text(
            left + plot / 2.0,
            top + 14.0,
            &text::t("core.chart.noEvents", "no events", &[]),
            "middle",
            MUTED,
            12.0,
        );
    }
    svg.finish()
}

/// The time axis: the most evenly spaced ticks (4, 3, 2 or 1 intervals of
/// the range) whose labels keep clear of each other at `baseline`. Calendar
/// ranges over three days are labelled by date; shorter ones by clock time
/// (UTC), with the date on the first tick and wherever the day changes.
fn time_ticks(
    base: TimeBase,
    lo: f64,
    hi: f64,
    x_of: &dyn Fn(f64) -> f64,
    baseline: f64,
) -> Vec<(f64, String, &'static str)> {
    let label = |t: f64, previous: Option<f64>| -> String {
        match base {
            TimeBase::Calendar if hi - lo > 3.0 * 86400.0 => format_date(t),
            TimeBase::Calendar => {
                let clock = crate::time::format_date_time(t);
                let (date, time) = clock.split_once(' ').unwrap_or(("", clock.as_str()));
                let new_day = previous.is_none_or(|p| format_date(p) != date);
                if new_day {
                    clock.clone()
                } else {
                    time.to_string()
                }
            }
            TimeBase::VideoOffset => format_offset(t),
            TimeBase::Step => format!("{}", t.round()),
        }
    };
    let mut best = Vec::new();
    for intervals in [4usize, 3, 2, 1] {
        let mut ticks = Vec::with_capacity(intervals + 1);
        let mut previous = None;
        for tick in 0..=intervals {
            let t = lo + (hi - lo) * tick as f64 / intervals as f64;
            let anchor = match tick {
                0 => "start",
                n if n == intervals => "end",
                _ => "middle",
            };
            ticks.push((t, label(t, previous), anchor));
            previous = Some(t);
        }
        let boxes: Vec<TextBox> = ticks
            .iter()
            .map(|(t, text, anchor)| text_box(x_of(*t), baseline, anchor, 11.0, false, text))
            .collect();
        let clear = boxes.windows(2).all(|w| !w[0].grown(4.0).intersects(&w[1]));
        best = ticks;
        if clear {
            break;
        }
    }
    best
}
