//! The customer journey map as one chart: stages across, the touch points
//! met in each stage (coloured by kind, with how many journeys met them),
//! and the experience curve under them with pain points and moments of
//! delight marked — the map marketing courses draw by hand, from the data.

use super::overview::kind_colour;
use super::svg::{label_number, num, series_colour, Svg, GRID, MUTED, NEGATIVE, POSITIVE, TEXT};
use crate::journeys::journey_map::Segment;
use crate::journeys::JourneyMap;
use crate::model::{Kind, Stage};
use crate::text::class_label;

/// A kind's label (or "unclassified") in the page's language.
fn kind_label(kind: Option<Kind>) -> String {
    match kind {
        Some(k) => class_label(k.key(), k.label()),
        None => class_label("unclassified", "unclassified"),
    }
}

/// A stage's name in the page's language when it is one of the stage classes'
/// (the default stages), else as the user named it.
fn stage_name(name: &str) -> String {
    Stage::ALL
        .iter()
        .find(|s| s.label() == name)
        .map_or_else(|| name.to_string(), |s| class_label(s.key(), s.label()))
}

/// "N journeys" in the page's language.
fn journeys_text(n: u64) -> String {
    let n = label_number(n as f64, 0);
    crate::text::t("core.map.journeys", "{n} journeys", &[("n", &n)])
}

fn signed(v: f64, satisfaction: bool) -> String {
    if satisfaction {
        let s = label_number(v, 2);
        if v > 0.0 {
            format!("+{s}")
        } else {
            s
        }
    } else {
        label_number(v, 1)
    }
}

fn pct(v: f64) -> String {
    format!("{}%", label_number(100.0 * v, 0))
}

/// Draws the journey map.
pub fn journey_map_chart(id: &str, map: &JourneyMap) -> String {
    let satisfaction = map.experience == "satisfaction";
    let stages = &map.stages;
    let n = stages.len().max(1);
    let left = 96.0;
    let col_w = ((980.0 - left) / n as f64).max(150.0);
    let width = left + col_w * n as f64;
    let rows = stages
        .iter()
        .map(|s| s.touchpoints.len() + usize::from(s.more > 0))
        .max()
        .unwrap_or(1)
        .max(1);
    let chip_h = 24.0;
    let head_y = 64.0;
    let chips_y = head_y + 48.0;
    let curve_top = chips_y + chip_h * rows as f64 + 40.0;
    let curve_h = 170.0;
    let height = curve_top + curve_h + 64.0;
    let count = if map.journeys == 1 {
        let n = label_number(1.0, 0);
        crate::text::t("core.map.count.one", "{n} journey", &[("n", &n)])
    } else {
        journeys_text(map.journeys)
    };
    // The segment in the page's language when it is the core's own words for the
    // setting (a caller such as the classroom may name its own).
    let own = |english: &str| map.segment == english;
    let title = match &map.settings.segment {
        Segment::Journey(name) if map.segment == format!("the journey {name}") => crate::text::t(
            "core.map.title.journey",
            "Customer journey map: the journey {name} ({count})",
            &[("name", name), ("count", &count)],
        ),
        segment => {
            let words = match segment {
                Segment::All if own("all journeys") => {
                    crate::text::t("core.map.segment.all", "all journeys", &[])
                }
                Segment::Converted
                    if own("journeys that converted (an event with converted = true)") =>
                {
                    crate::text::t(
                        "core.map.segment.converted",
                        "journeys that converted (an event with converted = true)",
                        &[],
                    )
                }
                Segment::NotConverted if own("journeys that did not convert") => crate::text::t(
                    "core.map.segment.notConverted",
                    "journeys that did not convert",
                    &[],
                ),
                _ => map.segment.clone(),
            };
            crate::text::t(
                "core.map.title",
                "Customer journey map: {segment} ({count})",
                &[("segment", &words), ("count", &count)],
            )
        }
    };
    let mut svg = Svg::new(id, width, height, &title, &describe(map));
    svg.bold_text(0.0, 18.0, &title, "start", 14.0);
    let curve_name = if satisfaction {
        crate::text::t(
            "core.map.curve.satisfaction",
            "Experience: satisfaction (performance − expectation, −1 … 1)",
            &[],
        )
    } else {
        crate::text::t("core.map.curve.engagement", "Experience: engagement points per touch", &[])
    };
    svg.text(0.0, 36.0, &curve_name, "start", MUTED, 11.0);
    // Kind legend.
    let mut lx = 0.0;
    for kind in Kind::ALL.iter().map(|k| Some(*k)).chain([None]) {
        let label = kind_label(kind);
        svg.rect(lx, 44.0, 10.0, 10.0, &kind_colour(kind), None);
        svg.text(lx + 14.0, 53.0, &label, "start", TEXT, 11.0);
        lx += 28.0 + 6.2 * label.chars().count() as f64;
    }
    // Row labels.
    let row_touchpoints = crate::text::t("core.map.row.touchpoints", "Touch points", &[]);
    svg.bold_text(0.0, chips_y + 14.0, &row_touchpoints, "start", 12.0);
    let row_experience = crate::text::t("core.map.row.experience", "Experience", &[]);
    svg.bold_text(0.0, curve_top - 10.0, &row_experience, "start", 12.0);
    // Stage headers: chevrons.
    for (i, s) in stages.iter().enumerate() {
        let x = left + col_w * i as f64;
        let name = stage_name(&s.name);
        let tip = 12.0;
        let d = format!(
            "M{} {}L{} {}L{} {}L{} {}L{} {}L{} {}Z",
            num(x),
            num(head_y),
            num(x + col_w - tip),
            num(head_y),
            num(x + col_w),
            num(head_y + 19.0),
            num(x + col_w - tip),
            num(head_y + 38.0),
            num(x),
            num(head_y + 38.0),
            num(x + if i == 0 { 0.0 } else { tip }),
            num(head_y + 19.0)
        );
        svg.path(
            &d,
            &series_colour(i),
            0.22,
            Some(&format!("{name}: {} ({})", journeys_text(s.journeys), pct(s.share))),
        );
        svg.bold_text(x + 16.0, head_y + 16.0, &name, "start", 12.5);
        svg.text(
            x + 16.0,
            head_y + 31.0,
            &format!("{} · {}", journeys_text(s.journeys), pct(s.share)),
            "start",
            TEXT,
            10.5,
        );
        // Touch point chips.
        for (r, t) in s.touchpoints.iter().enumerate() {
            let y = chips_y + chip_h * r as f64;
            let kind = t.kind.and_then(|k| Kind::ALL.iter().copied().find(|v| v.key() == k));
            let tipt = match &t.time {
                Some(time) => format!("{} · {time} · {}", t.touchpoint, kind_label(kind)),
                None => crate::text::t(
                    "core.map.chip",
                    "{touchpoint}: {journeys} journeys ({share}), {events} events · {kind}",
                    &[
                        ("touchpoint", &t.touchpoint),
                        ("journeys", &label_number(t.journeys as f64, 0)),
                        ("share", &pct(t.share)),
                        ("events", &label_number(t.events as f64, 0)),
                        ("kind", &kind_label(kind)),
                    ],
                ),
            };
            svg.rect(x + 6.0, y, col_w - 12.0, chip_h - 4.0, GRID, Some(&tipt));
            svg.rect(x + 6.0, y, 6.0, chip_h - 4.0, &kind_colour(kind), None);
            let chars = ((col_w - 70.0) / 6.4).max(8.0) as usize;
            svg.label(x + 17.0, y + 14.0, &t.touchpoint, "start", chars);
            let count = if t.time.is_some() { String::new() } else { pct(t.share) };
            svg.text(x + col_w - 10.0, y + 14.0, &count, "end", MUTED, 10.5);
        }
        if s.more > 0 {
            let y = chips_y + chip_h * s.touchpoints.len() as f64;
            let more = crate::text::t("core.map.more", "+ {n} more", &[("n", &s.more)]);
            svg.text(x + 10.0, y + 13.0, &more, "start", MUTED, 10.5);
        }
    }
    // The experience curve.
    let mut points: Vec<(f64, f64, usize, String)> = Vec::new();
    for (i, s) in stages.iter().enumerate() {
        let x0 = left + col_w * i as f64;
        let count = s.touchpoints.len().max(1) as f64;
        for (j, t) in s.touchpoints.iter().enumerate() {
            if let Some(v) = t.experience {
                points.push((x0 + col_w * (j as f64 + 0.5) / count, v, i, t.touchpoint.clone()));
            }
        }
    }
    let (lo, hi) = if satisfaction {
        let m = points.iter().map(|p| p.1.abs()).fold(0.0, f64::max);
        let m = if m <= 0.0 { 1.0 } else { super::svg::nice_max(m) };
        (-m, m)
    } else {
        (0.0, super::svg::nice_max(points.iter().map(|p| p.1).fold(0.0, f64::max)))
    };
    let y_of = |v: f64| curve_top + curve_h - curve_h * (v - lo) / (hi - lo).max(1e-9);
    for tick in 0..=4 {
        let v = lo + (hi - lo) * tick as f64 / 4.0;
        let y = y_of(v);
        svg.line(left, y, width, y, GRID, 1.0);
        svg.text(left - 6.0, y + 4.0, &signed(v, satisfaction), "end", MUTED, 10.0);
    }
    if satisfaction {
        svg.dashed_line(left, y_of(0.0), width, y_of(0.0), MUTED);
        let expected = crate::text::t("core.map.asExpected", "as expected", &[]);
        svg.text(width - 4.0, y_of(0.0) - 4.0, &expected, "end", MUTED, 10.0);
        let delighted = crate::text::t("core.map.delighted", "delighted ↑", &[]);
        svg.text(left + 4.0, curve_top + 10.0, &delighted, "start", MUTED, 10.0);
        let dissatisfied = crate::text::t("core.map.dissatisfied", "dissatisfied ↓", &[]);
        svg.text(left + 4.0, curve_top + curve_h - 4.0, &dissatisfied, "start", MUTED, 10.0);
    }
    for i in 1..n {
        let x = left + col_w * i as f64;
        svg.line(x, head_y + 40.0, x, curve_top + curve_h, GRID, 1.0);
    }
    let line: Vec<(f64, f64)> = points.iter().map(|p| (p.0, y_of(p.1))).collect();
    if line.len() > 1 {
        svg.polyline(&line, &series_colour(0), 2.5);
    }
    for (x, v, _, name) in &points {
        let colour = if !satisfaction {
            series_colour(0)
        } else if *v < 0.0 {
            NEGATIVE.to_string()
        } else if *v > 0.0 {
            POSITIVE.to_string()
        } else {
            MUTED.to_string()
        };
        svg.circle(
            *x,
            y_of(*v),
            4.5,
            &colour,
            Some(&format!("{name}: {}", signed(*v, satisfaction))),
        );
    }
    if points.is_empty() {
        svg.text(
            left + (width - left) / 2.0,
            curve_top + curve_h / 2.0,
            &crate::text::t(
                "core.map.noExperience",
                "no experience values (no rated events in these stages)",
                &[],
            ),
            "middle",
            MUTED,
            11.0,
        );
    }
    let find = |stage: usize, name: &str| {
        points.iter().find(|p| p.2 == stage && p.3 == name).map(|p| (p.0, y_of(p.1)))
    };
    // Markers; a label that would cover another moves further out.
    let place = |svg: &Svg, x: f64, y: f64, text: &str, step: f64| -> f64 {
        let mut y = y;
        for _ in 0..8 {
            if svg.is_free(&super::svg::text_box(x, y, "middle", 10.5, false, text)) {
                break;
            }
            y += step;
        }
        y
    };
    for m in &map.pain_points {
        if let Some((x, y)) = find(m.stage, &m.touchpoint) {
            let d = format!(
                "M{} {}L{} {}L{} {}Z",
                num(x - 7.0),
                num(y + 10.0),
                num(x + 7.0),
                num(y + 10.0),
                num(x),
                num(y + 20.0)
            );
            svg.path(
                &d,
                NEGATIVE,
                1.0,
                Some(&crate::text::t(
                    "core.map.pain.tip",
                    "Pain point: {touchpoint} ({v})",
                    &[("touchpoint", &m.touchpoint), ("v", &signed(m.experience, true))],
                )),
            );
            let text = crate::text::t(
                "core.map.pain",
                "pain: {touchpoint}",
                &[("touchpoint", &m.touchpoint)],
            );
            let ly = place(&svg, x, y + 33.0, &text, 13.0);
            svg.text(x, ly, &text, "middle", NEGATIVE, 10.5);
        }
    }
    for m in &map.delights {
        if let Some((x, y)) = find(m.stage, &m.touchpoint) {
            let d = format!(
                "M{} {}L{} {}L{} {}Z",
                num(x - 7.0),
                num(y - 10.0),
                num(x + 7.0),
                num(y - 10.0),
                num(x),
                num(y - 20.0)
            );
            svg.path(
                &d,
                POSITIVE,
                1.0,
                Some(&crate::text::t(
                    "core.map.delight.tip",
                    "Moment of delight: {touchpoint} ({v})",
                    &[("touchpoint", &m.touchpoint), ("v", &signed(m.experience, true))],
                )),
            );
            let text = crate::text::t(
                "core.map.delight",
                "delight: {touchpoint}",
                &[("touchpoint", &m.touchpoint)],
            );
            let ly = place(&svg, x, y - 25.0, &text, -13.0);
            svg.text(x, ly, &text, "middle", POSITIVE, 10.5);
        }
    }
    svg.finish()
}

/// The text alternative: every stage with its touch points and experience, then the moments.
fn describe(map: &JourneyMap) -> String {
    let satisfaction = map.experience == "satisfaction";
    let mut parts = Vec::new();
    for s in &map.stages {
        let tps: Vec<String> = s
            .touchpoints
            .iter()
            .map(|t| match (&t.time, t.experience) {
                (Some(time), Some(v)) => format!(
                    "{} ({})",
                    crate::text::t(
                        "core.chart.at",
                        "{name} at {time}",
                        &[("name", &t.touchpoint), ("time", time)],
                    ),
                    signed(v, satisfaction)
                ),
                (Some(time), None) => crate::text::t(
                    "core.chart.at",
                    "{name} at {time}",
                    &[("name", &t.touchpoint), ("time", time)],
                ),
                (None, Some(v)) => format!(
                    "{} {} ({}, {})",
                    t.touchpoint,
                    label_number(t.journeys as f64, 0),
                    pct(t.share),
                    signed(v, satisfaction)
                ),
                (None, None) => format!(
                    "{} {} ({})",
                    t.touchpoint,
                    label_number(t.journeys as f64, 0),
                    pct(t.share)
                ),
            })
            .collect();
        let experience = if satisfaction {
            crate::text::t("core.map.satisfaction", "satisfaction", &[])
        } else {
            crate::text::t("core.map.engagement", "engagement", &[])
        };
        let exp = s
            .experience
            .map(|v| format!("; {experience} {}", signed(v, satisfaction)))
            .unwrap_or_default();
        let list = if tps.is_empty() {
            crate::text::t("core.chart.none", "none", &[])
        } else {
            tps.join(", ")
        };
        parts.push(crate::text::t(
            "core.map.stage.desc",
            "{stage}: {journeys} ({share}){experience}; touch points: {list}",
            &[
                ("stage", &stage_name(&s.name)),
                ("journeys", &journeys_text(s.journeys)),
                ("share", &pct(s.share)),
                ("experience", &exp),
                ("list", &list),
            ],
        ));
    }
    let moments = |v: &[crate::journeys::journey_map::MapMoment]| {
        v.iter()
            .map(|m| format!("{} ({})", m.touchpoint, signed(m.experience, true)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = crate::text::t(
        "core.map.desc",
        "Stages from left to right. {stages}.",
        &[("stages", &parts.join(". "))],
    );
    if !map.pain_points.is_empty() {
        let list = moments(&map.pain_points);
        text.push(' ');
        text.push_str(&crate::text::t(
            "core.map.desc.pain",
            "Pain points: {list}.",
            &[("list", &list)],
        ));
    }
    if !map.delights.is_empty() {
        let list = moments(&map.delights);
        text.push(' ');
        text.push_str(&crate::text::t(
            "core.map.desc.delight",
            "Moments of delight: {list}.",
            &[("list", &list)],
        ));
    }
    text
}
