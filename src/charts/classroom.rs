//! Classroom charts, drawn from a [`ClassReport`]: the consensus timeline
//! (where along the video the class pressed, with the key's touch points
//! drawn on it), the share of the class that found each key touch point
//! (most missed first), the distribution of the students' totals against
//! the key's total, and the grades sorted best first. Every chart has a
//! title and a text alternative holding its key numbers.

use super::bars::{horizontal_bars, Bar};
use super::svg::{label_number, nice_max, series_colour, Svg, GRID, MUTED, TEXT};
use crate::classroom::report::clock;
use crate::classroom::ClassReport;

/// Colour of the key's marks (themable).
pub const KEY_COLOUR: &str = "var(--tp-key, #D55E00)";
/// Colour of the students' density bars.
fn density_colour() -> String {
    series_colour(0)
}

/// Colour of a share or score from 0 (bad) to 1 (good): red, amber, green
/// (themable), the same thresholds as the page's grade bars.
pub fn quality_colour(share: f64) -> &'static str {
    if share >= 0.75 {
        "var(--tp-good, #009E73)"
    } else if share >= 0.5 {
        "var(--tp-fair, #E69F00)"
    } else {
        "var(--tp-poor, #D55E00)"
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
    let title = "Consensus timeline: when the class marked a touch point";
    let peaks: Vec<String> = {
        let mut bins: Vec<_> = c.bins.iter().filter(|b| b.students > 0).collect();
        crate::sort::sort_by(&mut bins, |a, b| {
            b.students.cmp(&a.students).then(a.start.total_cmp(&b.start))
        });
        bins.iter()
            .take(3)
            .map(|b| format!("{} ({} of {} students)", clock(b.start), b.students, c.students))
            .collect()
    };
    let keys: Vec<String> =
        c.key.iter().map(|k| format!("{} at {}", k.touchpoint, clock(k.time))).collect();
    let description = format!(
        "Share of the {} students with a mark in each {} s bin of the {} video. Busiest bins: {}. The key's {} touch points: {}.",
        c.students,
        label_number(c.bin_width, 2),
        clock(c.duration),
        if peaks.is_empty() { "none".to_string() } else { peaks.join(", ") },
        c.key.len(),
        if keys.is_empty() { "none".to_string() } else { keys.join("; ") },
    );
    let mut svg = Svg::new("classroom-consensus", width, height, title, &description);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    svg.rect(0.0, 29.0, 10.0, 10.0, &density_colour(), None);
    svg.text(14.0, 38.0, "share of students who marked", "start", TEXT, 11.0);
    svg.line(200.0, 34.0, 214.0, 34.0, KEY_COLOUR, 2.0);
    svg.text(218.0, 38.0, "touch point in the key (numbered)", "start", TEXT, 11.0);

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
            format!(
                "{} at {}: {} of {} ({})",
                t.key.touchpoint,
                clock(t.key.time),
                t.found_by,
                n,
                pct(t.share.unwrap_or(0.0))
            )
        })
        .collect();
    let description = format!(
        "Share of the {n} students who found each of the key's touch points, most missed first: {}.",
        if parts.is_empty() { "no touch points".to_string() } else { parts.join("; ") }
    );
    horizontal_bars(
        "classroom-found",
        "Found by the class (% of students), most missed first",
        &description,
        &bars,
        "% of students",
        0,
    )
}

/// The students' totals (their answer to "how many touch points?") as a
/// histogram, with the key's total marked.
pub fn totals_distribution(report: &ClassReport) -> String {
    let d = &report.totals;
    let width = 560.0;
    let height = 260.0;
    let (left, right, top, bottom) = (40.0, 12.0, 48.0, 40.0);
    let title = format!("How many touch points? Students' totals (key: {})", d.key_total);
    let description = format!(
        "Histogram of the {} students' totals against the key's {}: {} counted fewer, {} the same, {} more. {}",
        d.totals.len(),
        d.key_total,
        d.under,
        d.exact,
        d.over,
        match (d.min, d.max, d.mean, d.median) {
            (Some(lo), Some(hi), Some(mean), Some(median)) => format!(
                "Min {lo}, max {hi}, mean {}, median {}.",
                label_number(mean, 1),
                label_number(median, 1)
            ),
            _ => "No students.".to_string(),
        }
    );
    let mut svg = Svg::new("classroom-totals", width, height, &title, &description);
    svg.bold_text(0.0, 18.0, &title, "start", 14.0);
    svg.text(
        0.0,
        36.0,
        &format!("{} fewer · {} same · {} more than the key", d.under, d.exact, d.over),
        "start",
        MUTED,
        11.0,
    );
    let lo = d.min.unwrap_or(d.key_total).min(d.key_total).saturating_sub(1);
    let hi = d.max.unwrap_or(d.key_total).max(d.key_total) + 1;
    let slots = hi - lo + 1;
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let slot = plot_w / slots as f64;
    let max_count = d.histogram.iter().map(|h| h.students).max().unwrap_or(0);
    let max = nice_max(max_count as f64).max(1.0);
    let step = if max <= 5.0 { 1.0 } else { max / 4.0 };
    let mut v = 0.0;
    while v <= max + 1e-9 {
        let y = top + plot_h - plot_h * v / max;
        svg.line(left, y, width - right, y, GRID, 1.0);
        svg.text(left - 6.0, y + 4.0, &label_number(v, 0), "end", MUTED, 10.0);
        v += step;
    }
    let label_every = slots.div_ceil(20).max(1);
    for (i, total) in (lo..=hi).enumerate() {
        let x = left + slot * i as f64;
        let count = d.histogram.iter().find(|h| h.total == total).map_or(0, |h| h.students);
        let h = plot_h * count as f64 / max;
        let colour = if total == d.key_total { KEY_COLOUR.to_string() } else { density_colour() };
        if count > 0 {
            let tip = format!(
                "{} student{} marked {} touch point{}",
                count,
                if count == 1 { "" } else { "s" },
                total,
                if total == 1 { "" } else { "s" }
            );
            svg.rect(x + slot * 0.15, top + plot_h - h, slot * 0.7, h, &colour, Some(&tip));
            svg.text(
                x + slot / 2.0,
                top + plot_h - h - 4.0,
                &count.to_string(),
                "middle",
                TEXT,
                11.0,
            );
        }
        if i % label_every == 0 || total == d.key_total {
            svg.text(
                x + slot / 2.0,
                height - bottom + 16.0,
                &total.to_string(),
                "middle",
                MUTED,
                10.0,
            );
        }
    }
    let kx = left + slot * ((d.key_total - lo) as f64 + 0.5);
    svg.dashed_line(kx, top - 4.0, kx, top + plot_h, KEY_COLOUR);
    svg.text(kx + 4.0, top + 6.0, &format!("key: {}", d.key_total), "start", KEY_COLOUR, 11.0);
    svg.text(left + plot_w / 2.0, height - 4.0, "touch points marked", "middle", MUTED, 11.0);
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
                    format!("student {}", i + 1)
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
    let description = format!(
        "Grades of the {} students on the {}–{} scale, best first: {}. Formula: {}.",
        bars.len(),
        label_number(scale.min, 2),
        label_number(scale.max, 2),
        if parts.is_empty() { "no students".to_string() } else { parts.join(", ") },
        report.grade_formula
    );
    horizontal_bars(
        "classroom-grades",
        &format!(
            "Grades ({}–{}), best first",
            label_number(scale.min, 2),
            label_number(scale.max, 2)
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
