//! Classroom charts, drawn from a [`ClassReport`]: the consensus timeline
//! (where along the video the class pressed, with the key's touch points
//! drawn on it), the share of the class that found each key touch point
//! (most missed first), the distribution of the students' totals against
//! the key's total, and the grades sorted best first. Every chart has a
//! title and a text alternative holding its key numbers.

use super::bars::{horizontal_bars, Bar};
use super::svg::{label_number, series_colour, Svg, GRID, MUTED, TEXT};
use crate::classroom::report::clock;
use crate::classroom::{ClassReport, Quality};
use crate::text;

/// Colour of the key's marks (themable).
pub const KEY_COLOUR: &str = "var(--tp-key, #D55E00)";
/// Colour of the students' density bars.
fn density_colour() -> String {
    series_colour(0)
}

/// Colour of a share or score from 0 (bad) to 1 (good): red, amber, green
/// (themable), by [`Quality::of`], the thresholds of the page's grade bars.
pub fn quality_colour(share: f64) -> &'static str {
    match Quality::of(share) {
        Quality::Good => "var(--tp-good, #009E73)",
        Quality::Fair => "var(--tp-fair, #B87800)",
        Quality::Poor => "var(--tp-poor, #D55E00)",
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The consensus timeline: one bar per bin whose height is the share of
/// students with a mark in it, and the key's touch points as labelled
/// vertical lines (numbered; the legend under the chart names them).
pub fn consensus_timeline(report: &ClassReport) -> String {
    let c = &report.consensus;
    let width = 760.0;
    let (left, right, top) = (44.0, 16.0, 52.0);
    let plot_h = 180.0;
    let legend_rows = c.key.len().div_ceil(3);
    let height = top + plot_h + 40.0 + 18.0 * legend_rows as f64 + 8.0;
    let title = &text::t(
        "core.chart.consensus.title",
        "Consensus timeline: when the class marked a touch point",
        &[],
    );
    let peaks: Vec<String> = {
        let mut bins: Vec<_> = c.bins.iter().filter(|b| b.students > 0).collect();
        crate::sort::sort_by(&mut bins, |a, b| {
            b.students.cmp(&a.students).then(a.start.total_cmp(&b.start))
        });
        bins.iter()
            .take(3)
            .map(|b| {
                text::t(
                    "core.chart.consensus.peak",
                    "{time} ({n} of {total} students)",
                    &[("time", &clock(b.start)), ("n", &b.students), ("total", &c.students)],
                )
            })
            .collect()
    };
    let keys: Vec<String> = c
        .key
        .iter()
        .map(|k| {
            text::t(
                "core.chart.at",
                "{name} at {time}",
                &[("name", &k.touchpoint), ("time", &clock(k.time))],
            )
        })
        .collect();
    let none = || text::t("core.chart.none", "none", &[]);
    let description = text::t(
        "core.chart.consensus.desc",
        "Share of the {n} students with a mark in each {bin} s bin of the {duration} video. Busiest bins: {peaks}. The key's {k} touch points: {keys}.",
        &[
            ("n", &c.students),
            ("bin", &label_number(c.bin_width, 2)),
            ("duration", &clock(c.duration)),
            ("peaks", &if peaks.is_empty() { none() } else { peaks.join(", ") }),
            ("k", &c.key.len()),
            ("keys", &if keys.is_empty() { none() } else { keys.join("; ") }),
        ],
    );
    let mut svg = Svg::new("classroom-consensus", width, height, title, &description);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    svg.rect(0.0, 29.0, 10.0, 10.0, &density_colour(), None);
    let marked = text::t("core.chart.consensus.marked", "share of students who marked", &[]);
    svg.text(14.0, 38.0, &marked, "start", TEXT, 11.0);
    svg.line(200.0, 34.0, 214.0, 34.0, KEY_COLOUR, 2.0);
    let in_key = text::t("core.chart.consensus.inKey", "touch point in the key (numbered)", &[]);
    svg.text(218.0, 38.0, &in_key, "start", TEXT, 11.0);

    let plot_w = width - left - right;
    let duration = if c.duration > 0.0 { c.duration } else { 1.0 };
    let x_of = |t: f64| left + plot_w * (t / duration).clamp(0.0, 1.0);
    let base = top + plot_h;
    for tick in 0..=4 {
        let y = base - plot_h * tick as f64 / 4.0;
        svg.line(left, y, width - right, y, GRID, 1.0);
        svg.text(left - 6.0, y + 4.0, &format!("{}%", tick * 25), "end", MUTED, 10.0);
    }
    for b in &c.bins {
        if b.students == 0 {
            continue;
        }
        let x = x_of(b.start);
        let w = (x_of(b.end) - x - 0.5).max(0.8);
        let h = plot_h * b.share.clamp(0.0, 1.0);
        let tip = format!(
            "{}–{}: {} of {} students ({}), {} marks",
            clock(b.start),
            clock(b.end),
            b.students,
            c.students,
            pct(b.share),
            b.marks
        );
        svg.rect(x, base - h, w, h, &density_colour(), Some(&tip));
    }
    for (i, k) in c.key.iter().enumerate() {
        let x = x_of(k.time);
        svg.line(x, top - 2.0, x, base, KEY_COLOUR, 1.5);
        if let Some(end) = k.end {
            let x2 = x_of(end);
            svg.rect(x, top - 2.0, (x2 - x).max(0.0), 3.0, KEY_COLOUR, None);
        }
        svg.circle(
            x,
            top - 2.0,
            7.0,
            KEY_COLOUR,
            Some(&format!("{} at {}", k.touchpoint, clock(k.time))),
        );
        svg.text(x, top + 1.5, &(i + 1).to_string(), "middle", "#fff", 9.0);
    }
    // Time axis.
    for tick in 0..=6 {
        let t = duration * tick as f64 / 6.0;
        svg.text(x_of(t), base + 16.0, &clock(t), "middle", MUTED, 10.0);
    }
    // Legend of the key's touch points.
    let col_w = width / 3.0;
    for (i, k) in c.key.iter().enumerate() {
        let x = col_w * (i % 3) as f64;
        let y = base + 40.0 + 18.0 * (i / 3) as f64;
        svg.circle(x + 7.0, y - 4.0, 7.0, KEY_COLOUR, None);
        svg.text(x + 7.0, y - 0.5, &(i + 1).to_string(), "middle", "#fff", 9.0);
        svg.text(x + 18.0, y, &clock(k.time), "start", MUTED, 11.0);
        svg.label(x + 56.0, y, &k.touchpoint, "start", 26);
    }
    svg.finish()
}

/// Per key touch point, the share of students who found it, most missed
/// first (the order of [`ClassReport::touchpoints`]); bars coloured by share.
pub fn found_share_bars(report: &ClassReport) -> String {
    let bars: Vec<Bar> = report
        .touchpoints
        .iter()
        .map(|t| {
            let share = t.share.unwrap_or(0.0);
            Bar {
                label: format!("{} {}", clock(t.key.time), t.key.touchpoint),
                value: share * 100.0,
                colour: quality_colour(share).to_string(),
            }
        })
        .collect();
    let n = report.students.len();
    let parts: Vec<String> = report
        .touchpoints
        .iter()
        .map(|t| {
            text::t(
                "core.chart.found.part",
                "{name} at {time}: {found} of {n} ({share})",
                &[
                    ("name", &t.key.touchpoint),
                    ("time", &clock(t.key.time)),
                    ("found", &t.found_by),
                    ("n", &n),
                    ("share", &pct(t.share.unwrap_or(0.0))),
                ],
            )
        })
        .collect();
    let description = text::t(
        "core.chart.found.desc",
        "Share of the {n} students who found each of the key's touch points, most missed first: {parts}.",
        &[
            ("n", &n),
            ("parts", &if parts.is_empty() { text::t("core.chart.found.none", "no touch points", &[]) } else { parts.join("; ") }),
        ],
    );
    horizontal_bars(
        "classroom-found",
        &text::t(
            "core.chart.found.title",
            "Found by the class (% of students), most missed first",
            &[],
        ),
        &description,
        &bars,
        &text::t("core.chart.found.unit", "% of students", &[]),
        0,
    )
}

/// A text's box in the chart's user units, estimated from its length
/// (0.6 em per character, 0.8 em above the baseline and 0.2 em below).
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The text.
    pub text: String,
}

impl TextBox {
    /// The box of `text` at (`x`, baseline `y`) with `anchor` `start`,
    /// `middle` or `end`, in a font of `size`.
    pub fn new(x: f64, y: f64, text: &str, anchor: &str, size: f64) -> TextBox {
        let width = text.chars().count() as f64 * size * 0.6;
        let left = match anchor {
            "middle" => x - width / 2.0,
            "end" => x - width,
            _ => x,
        };
        TextBox { x: left, y: y - 0.8 * size, width, height: size, text: text.to_string() }
    }

    /// True when the two boxes share some area.
    pub fn overlaps(&self, o: &TextBox) -> bool {
        self.x < o.x + o.width
            && o.x < self.x + self.width
            && self.y < o.y + o.height
            && o.y < self.y + self.height
    }

    fn baseline(&self) -> f64 {
        self.y + 0.8 * self.height
    }

    fn centre(&self) -> f64 {
        self.x + self.width / 2.0
    }
}

/// One bar of the totals histogram.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalsBar {
    /// The total (number of marks).
    pub total: usize,
    /// Students with that total.
    pub students: usize,
    /// The bar's rectangle: left, top, width, height.
    pub rect: (f64, f64, f64, f64),
    /// Its count above it.
    pub label: TextBox,
}

/// Where everything of the totals chart goes (tested for overlaps).
#[derive(Debug, Clone, PartialEq)]
pub struct TotalsLayout {
    /// Chart width and height.
    pub size: (f64, f64),
    /// The title and the line under it.
    pub title: TextBox,
    /// "n fewer · n same · n more than the key".
    pub subtitle: TextBox,
    /// Grid lines: (y, label).
    pub grid: Vec<(f64, TextBox)>,
    /// One bar per total that some student gave.
    pub bars: Vec<TotalsBar>,
    /// The totals under the axis.
    pub ticks: Vec<TextBox>,
    /// The key's dashed line: x, top, bottom (above the key's bar and its count).
    pub key_line: (f64, f64, f64),
    /// "key: n", in its own band above the bars' counts.
    pub key_label: TextBox,
    /// The axis title.
    pub axis_title: TextBox,
}

const TOTALS_FONT: f64 = 11.0;

/// The layout of [`totals_distribution`]: the key's label sits centred on
/// its dashed line in a band between the subtitle and the tallest bar's
/// count, so it never covers a bar or a count; the count axis has whole
/// steps.
pub fn totals_layout(report: &ClassReport) -> TotalsLayout {
    let d = &report.totals;
    let (width, height) = (560.0, 280.0);
    let (left, right, top, bottom) = (40.0, 12.0, 72.0, 40.0);
    let title = text::t(
        "core.chart.totals.title",
        "How many touch points? Students' totals (key: {key})",
        &[("key", &d.key_total)],
    );
    let subtitle = text::t(
        "core.chart.totals.subtitle",
        "{under} fewer · {exact} same · {over} more than the key",
        &[("under", &d.under), ("exact", &d.exact), ("over", &d.over)],
    );
    let lo = d.min.unwrap_or(d.key_total).min(d.key_total).saturating_sub(1);
    let hi = d.max.unwrap_or(d.key_total).max(d.key_total) + 1;
    let slots = hi - lo + 1;
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let slot = plot_w / slots as f64;
    let max_count = d.histogram.iter().map(|h| h.students).max().unwrap_or(0);
    // Whole steps: at most 5 grid lines above 0.
    let step = (max_count as f64 / 5.0).ceil().max(1.0);
    let max = step * (max_count as f64 / step).ceil().max(1.0);
    let grid = (0..)
        .map(|k| k as f64 * step)
        .take_while(|v| *v <= max + 1e-9)
        .map(|v| {
            let y = top + plot_h - plot_h * v / max;
            (y, TextBox::new(left - 6.0, y + 4.0, &label_number(v, 0), "end", 10.0))
        })
        .collect();
    let label_every = slots.div_ceil(20).max(1);
    let mut bars = Vec::new();
    let mut ticks = Vec::new();
    for (i, total) in (lo..=hi).enumerate() {
        let x = left + slot * i as f64;
        let count = d.histogram.iter().find(|h| h.total == total).map_or(0, |h| h.students);
        if count > 0 {
            let h = plot_h * count as f64 / max;
            let y = top + plot_h - h;
            bars.push(TotalsBar {
                total,
                students: count,
                rect: (x + slot * 0.15, y, slot * 0.7, h),
                label: TextBox::new(
                    x + slot / 2.0,
                    y - 4.0,
                    &count.to_string(),
                    "middle",
                    TOTALS_FONT,
                ),
            });
        }
        if i % label_every == 0 || total == d.key_total {
            let y = height - bottom + 16.0;
            ticks.push(TextBox::new(x + slot / 2.0, y, &total.to_string(), "middle", 10.0));
        }
    }
    let kx = left + slot * ((d.key_total - lo) as f64 + 0.5);
    // The dashed line stops above the key's own bar and its count.
    let key_bottom =
        bars.iter().find(|b| b.total == d.key_total).map_or(top + plot_h, |b| b.label.y - 2.0);
    // The band: below the subtitle, above the highest count (top − 4 − 0.8 em).
    let mut key_label = TextBox::new(
        kx,
        top - 22.0,
        &text::t("core.chart.totals.key", "key: {key}", &[("key", &d.key_total)]),
        "middle",
        TOTALS_FONT,
    );
    key_label.x = key_label.x.clamp(0.0, width - key_label.width);
    TotalsLayout {
        size: (width, height),
        title: TextBox::new(0.0, 18.0, &title, "start", 14.0),
        subtitle: TextBox::new(0.0, 36.0, &subtitle, "start", TOTALS_FONT),
        grid,
        bars,
        ticks,
        key_line: (kx, top - 16.0, key_bottom.max(top - 16.0)),
        key_label,
        axis_title: TextBox::new(
            left + plot_w / 2.0,
            height - 4.0,
            &text::t("core.chart.totals.axis", "touch points marked", &[]),
            "middle",
            TOTALS_FONT,
        ),
    }
}

/// The students' totals (their answer to "how many touch points?") as a
/// histogram, with the key's total marked. Layout: [`totals_layout`].
pub fn totals_distribution(report: &ClassReport) -> String {
    let d = &report.totals;
    let l = totals_layout(report);
    let spread = match (d.min, d.max, d.mean, d.median) {
        (Some(lo), Some(hi), Some(mean), Some(median)) => text::t(
            "core.chart.totals.spread",
            "Min {lo}, max {hi}, mean {mean}, median {median}.",
            &[
                ("lo", &lo),
                ("hi", &hi),
                ("mean", &label_number(mean, 1)),
                ("median", &label_number(median, 1)),
            ],
        ),
        _ => text::t("core.chart.totals.empty", "No students.", &[]),
    };
    let description = text::t(
        "core.chart.totals.desc",
        "Histogram of the {n} students' totals against the key's {key}: {under} counted fewer, {exact} the same, {over} more. {spread}",
        &[
            ("n", &d.totals.len()),
            ("key", &d.key_total),
            ("under", &d.under),
            ("exact", &d.exact),
            ("over", &d.over),
            ("spread", &spread),
        ],
    );
    let (width, height) = l.size;
    let mut svg = Svg::new("classroom-totals", width, height, &l.title.text, &description);
    svg.bold_text(l.title.x, l.title.baseline(), &l.title.text, "start", 14.0);
    svg.text(l.subtitle.x, l.subtitle.baseline(), &l.subtitle.text, "start", MUTED, TOTALS_FONT);
    let plot_right = width - 12.0;
    for (y, label) in &l.grid {
        svg.line(label.x + label.width + 6.0, *y, plot_right, *y, GRID, 1.0);
        svg.text(label.x + label.width, label.baseline(), &label.text, "end", MUTED, 10.0);
    }
    for b in &l.bars {
        let colour = if b.total == d.key_total { KEY_COLOUR.to_string() } else { density_colour() };
        let tip = format!(
            "{} student{} marked {} touch point{}",
            b.students,
            if b.students == 1 { "" } else { "s" },
            b.total,
            if b.total == 1 { "" } else { "s" }
        );
        let (x, y, w, h) = b.rect;
        svg.rect(x, y, w, h, &colour, Some(&tip));
        svg.text(b.label.centre(), b.label.baseline(), &b.label.text, "middle", TEXT, TOTALS_FONT);
    }
    for t in &l.ticks {
        svg.text(t.centre(), t.baseline(), &t.text, "middle", MUTED, 10.0);
    }
    let (kx, k_top, k_bottom) = l.key_line;
    svg.dashed_line(kx, k_top, kx, k_bottom, KEY_COLOUR);
    let k = &l.key_label;
    svg.text(k.centre(), k.baseline(), &k.text, "middle", KEY_COLOUR, TOTALS_FONT);
    let a = &l.axis_title;
    svg.text(a.centre(), a.baseline(), &a.text, "middle", MUTED, TOTALS_FONT);
    svg.finish()
}

/// The grade of every student, best first, bars coloured by score.
pub fn grades_chart(report: &ClassReport) -> String {
    let mut order: Vec<usize> = (0..report.students.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        let (sa, sb) = (&report.students[a], &report.students[b]);
        sb.grade.total_cmp(&sa.grade).then(a.cmp(&b))
    });
    let decimals = report.settings.scale.decimals as usize;
    let bars: Vec<Bar> = order
        .iter()
        .map(|&i| {
            let s = &report.students[i];
            Bar {
                label: if s.observer.trim().is_empty() {
                    text::t("core.chart.grades.student", "student {n}", &[("n", &(i + 1))])
                } else {
                    s.observer.clone()
                },
                value: s.grade,
                colour: quality_colour(s.score).to_string(),
            }
        })
        .collect();
    let parts: Vec<String> =
        bars.iter().map(|b| format!("{} {}", b.label, label_number(b.value, decimals))).collect();
    let scale = &report.settings.scale;
    let (min, max) = (label_number(scale.min, 2), label_number(scale.max, 2));
    let description = text::t(
        "core.chart.grades.desc",
        "Grades of the {n} students on the {min}–{max} scale, best first: {parts}. Formula: {formula}.",
        &[
            ("n", &bars.len()),
            ("min", &min),
            ("max", &max),
            ("parts", &if parts.is_empty() { text::t("core.chart.grades.none", "no students", &[]) } else { parts.join(", ") }),
            ("formula", &report.grade_formula),
        ],
    );
    horizontal_bars(
        "classroom-grades",
        &text::t(
            "core.chart.grades.title",
            "Grades ({min}–{max}), best first",
            &[("min", &min), ("max", &max)],
        ),
        &description,
        &bars,
        "",
        decimals,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classroom::{grade, GradingSettings};
    use crate::model::{Mark, Observation};

    fn mark(t: f64, name: &str) -> Mark {
        Mark {
            start: t,
            end: None,
            touchpoint: name.into(),
            classes: Default::default(),
            note: String::new(),
        }
    }

    fn obs(name: &str, marks: &[(f64, &str)]) -> Observation {
        Observation {
            observer: name.into(),
            marks: marks.iter().map(|&(t, n)| mark(t, n)).collect(),
            ..Default::default()
        }
    }

    fn report() -> ClassReport {
        let key = obs("key", &[(10.0, "Logo"), (40.0, "<b>Till")]);
        let students = [
            obs("Anna", &[(11.0, "logo"), (41.0, "<b>till")]),
            obs("<img src=x onerror=alert(1)>", &[(12.0, "logo")]),
            obs("Cas", &[(25.0, "door"), (12.0, "Logo"), (50.0, "x")]),
        ];
        grade(&key, &students, &GradingSettings::default())
    }

    /// Runs `chart` and checks it is one escaped SVG containing `expected`.
    fn check(chart: &str, expected: &[&str]) {
        assert!(chart.starts_with("<svg") && chart.ends_with("</svg>"), "{chart}");
        assert!(!chart.contains("<img"), "unescaped label: {chart}");
        assert!(!chart.contains("<b>"), "unescaped label: {chart}");
        for e in expected {
            assert!(chart.contains(e), "missing {e:?} in {chart}");
        }
    }

    #[test]
    fn consensus_timeline_draws_bins_and_key() {
        let r = report();
        check(
            &consensus_timeline(&r),
            &[
                "Consensus timeline",
                "Logo at 00:10",
                "&lt;b&gt;Till at 00:40",
                // The 12 s bin holds 2 of 3 students.
                "00:12–00:13: 2 of 3 students (67%), 2 marks",
                "Busiest bins: 00:12 (2 of 3 students)",
            ],
        );
    }

    #[test]
    fn found_share_most_missed_first() {
        let r = report();
        let svg = found_share_bars(&r);
        check(&svg, &["&lt;b&gt;Till at 00:40: 1 of 3 (33%); Logo at 00:10: 3 of 3 (100%)"]);
        // Bars in the same order: Till before Logo.
        assert!(svg.find("00:40 &lt;b&gt;Till").unwrap() < svg.find("00:10 Logo").unwrap());
    }

    #[test]
    fn totals_marks_the_key() {
        let r = report();
        // Totals: 2, 1, 3 against key 2.
        check(
            &totals_distribution(&r),
            &[
                "Students&#39; totals (key: 2)",
                "1 counted fewer, 1 the same, 1 more",
                "Min 1, max 3, mean 2, median 2.",
                "key: 2",
                "1 student marked 3 touch points",
            ],
        );
    }

    /// Issue 10: "key: 8" overlapped a bar's count. With the key's total
    /// and its neighbours the tallest bars (a class of 30: 12 counted the
    /// key's 8, 11 counted 9), no text box of the layout overlaps another,
    /// the key's label covers no bar, and every box is inside the chart.
    #[test]
    fn totals_layout_has_no_overlaps() {
        let key = obs("key", &(0..8).map(|i| (i as f64 * 7.0, "x")).collect::<Vec<_>>());
        let class: Vec<Observation> = (0..30)
            .map(|s| {
                let n = [8, 9, 8, 9, 7, 8, 9, 10, 8, 9, 6, 8, 9, 8, 9][s % 15];
                obs(&format!("s{s}"), &(0..n).map(|i| (i as f64 * 6.0, "x")).collect::<Vec<_>>())
            })
            .collect();
        for students in [&class[..], &class[..1], &class[..5], &[]] {
            let r = grade(&key, students, &GradingSettings::default());
            let l = totals_layout(&r);
            let mut boxes = vec![&l.title, &l.subtitle, &l.key_label, &l.axis_title];
            boxes.extend(l.bars.iter().map(|b| &b.label));
            boxes.extend(l.ticks.iter());
            boxes.extend(l.grid.iter().map(|(_, b)| b));
            for (i, a) in boxes.iter().enumerate() {
                assert!(a.x >= 0.0 && a.x + a.width <= l.size.0, "{a:?} outside");
                assert!(a.y >= 0.0 && a.y + a.height <= l.size.1, "{a:?} outside");
                for b in &boxes[i + 1..] {
                    assert!(!a.overlaps(b), "{} students: {a:?} overlaps {b:?}", students.len());
                }
            }
            let (kx, k_top, k_bottom) = l.key_line;
            let line = TextBox {
                x: kx - 1.0,
                y: k_top,
                width: 2.0,
                height: k_bottom - k_top,
                text: String::new(),
            };
            for b in &l.bars {
                let (x, y, w, h) = b.rect;
                let bar = TextBox { x, y, width: w, height: h, text: String::new() };
                assert!(!l.key_label.overlaps(&bar), "key label on the bar of {}", b.total);
                assert!(!line.overlaps(&b.label), "key line through the count of {}", b.total);
            }
            // Whole steps on the count axis.
            assert!(l.grid.iter().all(|(_, b)| !b.text.contains('.')), "{:?}", l.grid);
        }
        let r = grade(&key, &class, &GradingSettings::default());
        let l = totals_layout(&r);
        assert_eq!(
            l.bars.iter().map(|b| (b.total, b.students)).collect::<Vec<_>>(),
            [(6, 2), (7, 2), (8, 12), (9, 12), (10, 2)]
        );
    }

    #[test]
    fn grades_best_first() {
        let r = report();
        let svg = grades_chart(&r);
        check(&svg, &["best first: Anna 10, ", "&lt;img src=x onerror=alert(1)&gt;"]);
        let anna = svg.find("Anna: 10").unwrap();
        let cas = svg.find("Cas: ").unwrap();
        assert!(anna < cas);
    }

    #[test]
    fn empty_class_draws() {
        let key = obs("key", &[]);
        let r = grade(&key, &[], &GradingSettings::default());
        check(&consensus_timeline(&r), &["0 students"]);
        check(&found_share_bars(&r), &["no touch points"]);
        check(&totals_distribution(&r), &["No students."]);
        check(&grades_chart(&r), &["no students"]);
    }
}
