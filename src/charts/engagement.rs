//! Charts of the engagement module: the score histogram with band
//! thresholds, the RFM recency × frequency grid, and lifecycle bars.

use super::bars::{count_axis, stacked_columns, Series};
use super::svg::{
    escape, label_number, num, paint, series_colour, text_box, text_width, Svg, MUTED, TEXT,
};
use crate::engagement::rfm::Segment;
use crate::engagement::{EngagementReport, LifecycleReport, RfmReport};
use crate::text;

/// An RFM segment's name in the page's language (`core.rfm.*`).
fn segment_label(segment: Segment) -> String {
    match segment {
        Segment::Champions => text::t("core.rfm.champions", "Champions", &[]),
        Segment::Loyal => text::t("core.rfm.loyal", "Loyal", &[]),
        Segment::PotentialLoyalist => {
            text::t("core.rfm.potentialLoyalist", "Potential loyalist", &[])
        }
        Segment::New => text::t("core.rfm.new", "New", &[]),
        Segment::Promising => text::t("core.rfm.promising", "Promising", &[]),
        Segment::NeedAttention => text::t("core.rfm.needAttention", "Need attention", &[]),
        Segment::AboutToSleep => text::t("core.rfm.aboutToSleep", "About to sleep", &[]),
        Segment::AtRisk => text::t("core.rfm.atRisk", "At risk", &[]),
        Segment::CantLoseThem => text::t("core.rfm.cantLoseThem", "Can't lose them", &[]),
        Segment::Hibernating => text::t("core.rfm.hibernating", "Hibernating", &[]),
        Segment::Lost => text::t("core.rfm.lost", "Lost", &[]),
    }
}

/// Histogram of engagement scores in bins of 10, band thresholds marked by
/// dashed lines with the band names. The description states the number of
/// customers, mean and median, and the customers per band.
pub fn engagement_histogram(report: &EngagementReport) -> String {
    let n: u64 = report.histogram.iter().sum();
    let bands: Vec<String> = report
        .bands
        .iter()
        .map(|b| {
            format!(
                "{} ({}–{}): {}",
                b.name,
                label_number(b.min, 1),
                label_number(b.max, 1),
                b.customers
            )
        })
        .collect();
    let description = text::t(
        "core.chart.engagement.desc",
        "Engagement scores of {n} customers in bins of 10 points; mean {mean}, median {median}. Customers per band: {bands}.",
        &[
            ("n", &n),
            ("mean", &label_number(report.mean_score, 1)),
            ("median", &label_number(report.median_score, 1)),
            ("bands", &if bands.is_empty() { text::t("core.chart.none", "none", &[]) } else { bands.join("; ") }),
        ],
    );
    let title = &text::t("core.chart.engagement.title", "Engagement score", &[]);
    let (width, height) = (640.0, 320.0);
    let (left, right, top, bottom) = (48.0, 12.0, 52.0, 44.0);
    let mut svg = Svg::new("tp-engagement-histogram", width, height, title, &description);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let max_count = report.histogram.iter().copied().max().unwrap_or(0) as f64;
    let max = count_axis(&mut svg, left, width - right, top, plot_h, max_count);
    let slot = plot_w / 10.0;
    for t in 0..=10 {
        let x = left + slot * t as f64;
        svg.text(x, height - bottom + 16.0, &(t * 10).to_string(), "middle", MUTED, 10.0);
    }
    let axis = text::t("core.chart.engagement.axis", "score (0–100)", &[]);
    svg.text(left + plot_w / 2.0, height - 6.0, &axis, "middle", MUTED, 11.0);
    for (i, &count) in report.histogram.iter().enumerate().take(10) {
        let h = plot_h * count as f64 / max;
        let x = left + slot * i as f64;
        let range =
            if i == 9 { "90–100".to_string() } else { format!("{}–{}", i * 10, i * 10 + 10) };
        let tip = text::t(
            "core.chart.engagement.tip",
            "score {range}: {count} customers",
            &[("range", &range), ("count", &count)],
        );
        svg.rect(x + 2.0, top + plot_h - h, slot - 4.0, h, &series_colour(0), Some(&tip));
        if count > 0 {
            // Above the bar, or inside its top when the bar reaches the top of the plot
            // (where the band names are).
            let text = label_number(count as f64, 0);
            let above = top + plot_h - h - 4.0;
            if above - 10.0 >= top {
                svg.text(x + slot / 2.0, above, &text, "middle", TEXT, 10.0);
            } else {
                svg.text(x + slot / 2.0, top + plot_h - h + 12.0, &text, "middle", "#ffffff", 10.0);
            }
        }
    }
    // Band names above the plot, each on the first of two rows where it meets no other text.
    let rows = [top - 6.0, top - 18.0];
    for b in &report.bands {
        let (x, text) = if b.min <= 0.0 {
            (left + 4.0, b.name.clone())
        } else if b.min <= 100.0 {
            let x = left + plot_w * b.min / 100.0;
            svg.dashed_line(x, top - 4.0, x, top + plot_h, MUTED);
            (x + 4.0, format!("{} ≥ {}", b.name, label_number(b.min, 1)))
        } else {
            continue;
        };
        let y = rows
            .iter()
            .copied()
            .find(|y| svg.is_free(&text_box(x, *y, "start", 10.0, false, &text).grown(2.0)))
            .unwrap_or(rows[0]);
        svg.text(x, y, &text, "start", MUTED, 10.0);
    }
    svg.finish()
}

/// Blends from a pale grey to the first series colour by `t` in 0..1.
fn shade(t: f64) -> String {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let (a, b) = ((0xf1, 0xf5, 0xf9), (0x00, 0x72, 0xb2));
    let mix = |x: i32, y: i32| (x as f64 + (y - x) as f64 * t).round() as i32;
    format!("#{:02x}{:02x}{:02x}", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The RFM grid: recency score (rows, 5 at the top) × frequency score
/// (columns), each cell coloured by its customers' mean monetary value and
/// showing the count and segment. The description names the biggest cells.
pub fn rfm_grid(report: &RfmReport) -> String {
    let total: u64 = report.grid.iter().map(|c| c.customers).sum();
    let max_m =
        report.grid.iter().map(|c| c.mean_monetary).filter(|m| m.is_finite()).fold(0.0, f64::max);
    let mut largest: Vec<_> = report.grid.iter().filter(|c| c.customers > 0).collect();
    crate::sort::sort_by(&mut largest, |a, b| {
        b.customers.cmp(&a.customers).then((b.r, b.f).cmp(&(a.r, a.f)))
    });
    let cells: Vec<String> = largest
        .iter()
        .take(3)
        .map(|c| {
            text::t(
                "core.rfm.cell.desc",
                "R{r} F{f} ({segment}): {n} customers, mean monetary {m}",
                &[
                    ("r", &c.r),
                    ("f", &c.f),
                    ("segment", &segment_label(c.segment)),
                    ("n", &c.customers),
                    ("m", &label_number(c.mean_monetary, 2)),
                ],
            )
        })
        .collect();
    let segments: Vec<String> = report
        .segments
        .iter()
        .filter(|s| s.customers > 0)
        .map(|s| format!("{} {}", segment_label(s.segment), s.customers))
        .collect();
    let none = || text::t("core.chart.none", "none", &[]);
    let description = text::t(
        "core.rfm.desc",
        "RFM grid of {n} customers, recency score 1–5 against frequency score 1–5, darker cells spend more on average (highest mean {max}). Largest cells: {cells}. Segments: {segments}.",
        &[
            ("n", &total),
            ("max", &label_number(max_m, 2)),
            ("cells", &if cells.is_empty() { none() } else { cells.join("; ") }),
            ("segments", &if segments.is_empty() { none() } else { segments.join(", ") }),
        ],
    );
    let title = &text::t("core.chart.rfm.title", "RFM grid: recency × frequency", &[]);
    let (left, top, cell) = (70.0, 50.0, 90.0);
    let (width, height) = (560.0, top + cell * 5.0 + 48.0);
    let mut svg = Svg::new("tp-rfm-grid", width, height, title, &description);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    let key = text::t("core.chart.rfm.key", "colour: mean monetary value; number: customers", &[]);
    svg.text(0.0, 36.0, &key, "start", MUTED, 11.0);
    for c in &report.grid {
        if !(1..=5).contains(&c.r) || !(1..=5).contains(&c.f) {
            continue;
        }
        let x = left + cell * f64::from(c.f - 1);
        let y = top + cell * f64::from(5 - c.r);
        let t = if max_m > 0.0 && c.customers > 0 { c.mean_monetary / max_m } else { 0.0 };
        let tip = text::t(
            "core.rfm.cell.tip",
            "R {r} · F {f} · {segment}: {n} customers, mean monetary {m}",
            &[
                ("r", &c.r),
                ("f", &c.f),
                ("segment", &segment_label(c.segment)),
                ("n", &c.customers),
                ("m", &label_number(c.mean_monetary, 2)),
            ],
        );
        svg.rect(x + 1.0, y + 1.0, cell - 2.0, cell - 2.0, &shade(t), Some(&tip));
        let ink = if t > 0.55 { "#ffffff" } else { TEXT };
        svg.text(
            x + cell / 2.0,
            y + cell / 2.0 + 2.0,
            &label_number(c.customers as f64, 0),
            "middle",
            ink,
            18.0,
        );
        // The segment's name, on two lines when one would spill into the next cell.
        let name = segment_label(c.segment);
        let name = name.as_str();
        match name.split_once(' ').filter(|_| text_width(name, 9.0, false) > cell - 8.0) {
            Some((first, rest)) => {
                svg.text(x + cell / 2.0, y + cell - 20.0, first, "middle", ink, 9.0);
                svg.text(x + cell / 2.0, y + cell - 9.0, rest, "middle", ink, 9.0);
            }
            None => svg.text(x + cell / 2.0, y + cell - 10.0, name, "middle", ink, 9.0),
        }
    }
    for i in 1..=5u8 {
        let fx = left + cell * f64::from(i - 1) + cell / 2.0;
        svg.text(fx, top + cell * 5.0 + 18.0, &format!("F {i}"), "middle", MUTED, 11.0);
        let ry = top + cell * f64::from(5 - i) + cell / 2.0 + 4.0;
        svg.text(left - 10.0, ry, &format!("R {i}"), "end", MUTED, 11.0);
    }
    svg.text(
        left + cell * 2.5,
        top + cell * 5.0 + 38.0,
        &text::t("core.chart.rfm.axisF", "frequency score (5 = most purchases)", &[]),
        "middle",
        MUTED,
        11.0,
    );
    svg.raw(&format!(
        r#"<text x="14" y="{}" text-anchor="middle" transform="rotate(-90 14 {})" {} font-size="11">{}</text>"#,
        num(top + cell * 2.5),
        num(top + cell * 2.5),
        paint("fill", MUTED),
        escape(&text::t("core.chart.rfm.axisR", "recency score (5 = most recent)", &[]))
    ));
    svg.finish()
}

/// Lifecycle per period as stacked columns: new, returning, resurrecting and
/// dormant customers. The description states the totals and the stage counts.
pub fn lifecycle_bars(report: &LifecycleReport) -> String {
    let categories: Vec<String> = report.periods.iter().map(|p| p.period.clone()).collect();
    let pick = |f: fn(&crate::engagement::PeriodCounts) -> u64| -> Vec<f64> {
        report.periods.iter().map(|p| f(p) as f64).collect()
    };
    let series = vec![
        Series {
            name: text::t("core.chart.lifecycle.new", "new", &[]),
            colour: series_colour(0),
            values: pick(|p| p.new),
        },
        Series {
            name: text::t("core.chart.lifecycle.returning", "returning", &[]),
            colour: series_colour(2),
            values: pick(|p| p.returning),
        },
        Series {
            name: text::t("core.chart.lifecycle.resurrecting", "resurrecting", &[]),
            colour: series_colour(1),
            values: pick(|p| p.resurrecting),
        },
        Series {
            name: text::t("core.chart.lifecycle.dormant", "dormant", &[]),
            colour: series_colour(7),
            values: pick(|p| p.dormant),
        },
    ];
    let sum = |f: fn(&crate::engagement::PeriodCounts) -> u64| -> u64 {
        report.periods.iter().map(f).sum()
    };
    let unit = match report.period {
        crate::engagement::Period::Week => text::t("core.chart.lifecycle.week", "week", &[]),
        crate::engagement::Period::Month => text::t("core.chart.lifecycle.month", "month", &[]),
    };
    let description = text::t(
        "core.chart.lifecycle.desc",
        "Customers per {unit} over {periods} periods: new {new}, returning {returning}, resurrecting {resurrecting}, dormant {dormant} in total. At {date}: acquisition {acquisition}, retention {retention}, reacquisition {reacquisition}.",
        &[
            ("unit", &unit),
            ("periods", &report.periods.len()),
            ("new", &sum(|p| p.new)),
            ("returning", &sum(|p| p.returning)),
            ("resurrecting", &sum(|p| p.resurrecting)),
            ("dormant", &sum(|p| p.dormant)),
            ("date", &report.analysis_date),
            ("acquisition", &report.stages.acquisition),
            ("retention", &report.stages.retention),
            ("reacquisition", &report.stages.reacquisition),
        ],
    );
    stacked_columns(
        "tp-lifecycle",
        &text::t("core.chart.lifecycle.title", "Customers per {unit}", &[("unit", &unit)]),
        &description,
        &categories,
        &series,
    )
}
