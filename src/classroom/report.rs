//! The class report, the grades CSV and the per-student feedback.

use crate::text;
use std::cmp::Ordering;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::agreement::{class_agreement, Agreement};
use super::consensus::{consensus, Consensus};
use super::metrics::{
    grade_summary, ranks, score_student, totals_distribution, GradeSummary, StudentScore,
    TotalsDistribution, TouchpointScore,
};
use super::moments::{counts_sentence, describe, MomentRule, ShapeCounts};
use super::settings::{fmt_num, GradingSettings, NameLabels};
use crate::model::{Mark, Observation};

/// The key as graded against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeySummary {
    /// The key's author.
    pub observer: String,
    /// The video the key refers to, when known.
    pub media: String,
    /// Usable key marks (the answer to "how many touch points?").
    pub marks: usize,
    /// True when the key decides a class on some mark (the class term of the
    /// grade is used).
    pub classifies: bool,
    /// How the key's usable marks were graded: moments (and why) and state
    /// events ([`crate::classroom::moments`]).
    #[serde(default)]
    pub shapes: ShapeCounts,
    /// The point-event duration the key's file states, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point_event_seconds: Option<f64>,
    /// Key marks that could not be used, and why.
    pub problems: Vec<String>,
}

/// Everything the classroom page shows, as one serializable value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassReport {
    /// The settings used (after [`GradingSettings::sanitized`]).
    pub settings: GradingSettings,
    /// Settings that were replaced, and why.
    pub notes: Vec<String>,
    /// The grade formula with the weights used.
    pub grade_formula: String,
    /// When a mark is a moment and when a state event, in one sentence.
    #[serde(default)]
    pub moment_rule: String,
    /// The key.
    pub key: KeySummary,
    /// How the students' usable marks were graded, all students together.
    #[serde(default)]
    pub student_shapes: ShapeCounts,
    /// Length of the video in seconds used by the timeline and agreement.
    pub duration: f64,
    /// One entry per student, in the order given.
    pub students: Vec<StudentScore>,
    /// Mean and median grade, mean F1.
    #[serde(default)]
    pub grades: GradeSummary,
    /// One entry per key mark, most missed first.
    pub touchpoints: Vec<TouchpointScore>,
    /// Agreement among the students.
    pub agreement: Agreement,
    /// Students' totals against the key's.
    pub totals: TotalsDistribution,
    /// The consensus timeline.
    pub consensus: Consensus,
}

/// Scores every student against the key. Never panics: marks whose start is
/// not a finite number ≥ 0 are left out (listed in `problems`), an end that
/// is not after its start makes the mark a point (listed too), and unusable
/// settings are replaced (listed in `notes`). Which marks are moments and
/// which state events is decided once, here, by
/// [`crate::classroom::moments`]: a moment loses its end before matching.
///
/// Marks are put in a canonical order first (start, end, name, classes,
/// note), so the order of marks in the input files does not change the
/// report.
pub fn grade(
    key: &Observation,
    students: &[Observation],
    settings: &GradingSettings,
) -> ClassReport {
    let (settings, notes) = settings.sanitized();
    let (key_marks, key_problems, key_shapes) = usable_marks(key, &settings);
    let prepared: Vec<(Vec<Mark>, Vec<String>, ShapeCounts)> =
        students.iter().map(|s| usable_marks(s, &settings)).collect();

    let mut student_shapes = ShapeCounts::default();
    let mut scores: Vec<StudentScore> = students
        .iter()
        .zip(&prepared)
        .map(|(obs, (marks, problems, shapes))| {
            let mut s = score_student(&obs.observer, &key_marks, marks, &settings);
            s.problems = problems.clone();
            s.shapes = *shapes;
            student_shapes.merge(shapes);
            s
        })
        .collect();
    let places = ranks(&scores.iter().map(|s| s.grade).collect::<Vec<_>>());
    for (s, rank) in scores.iter_mut().zip(places) {
        s.rank = rank;
    }
    let touchpoints = super::metrics::touchpoint_scores(&key_marks, &scores);
    let totals =
        totals_distribution(key_marks.len(), &scores.iter().map(|s| s.marks).collect::<Vec<_>>());

    let student_marks: Vec<Vec<Mark>> = prepared.into_iter().map(|(m, _, _)| m).collect();
    let duration = video_duration(key, students, &key_marks, &student_marks);
    let labels = NameLabels::new(&settings.names);
    let agreement =
        class_agreement(&student_marks, &labels, settings.effective_slice_width(), duration);
    let consensus = consensus(&key_marks, &student_marks, settings.density_bin, duration);

    ClassReport {
        grade_formula: settings.formula(),
        moment_rule: describe(&settings),
        notes,
        key: KeySummary {
            observer: key.observer.clone(),
            media: key.media.clone(),
            marks: key_marks.len(),
            classifies: key_marks.iter().any(|m| !m.classes.is_empty()),
            shapes: key_shapes,
            point_event_seconds: key.point_event_seconds,
            problems: key_problems,
        },
        student_shapes,
        duration,
        grades: grade_summary(&scores),
        students: scores,
        touchpoints,
        agreement,
        totals,
        consensus,
        settings,
    }
}

/// The usable marks of `obs` in canonical order (moments without an end),
/// the problems met, and how many marks are moments and state events.
fn usable_marks(
    obs: &Observation,
    settings: &GradingSettings,
) -> (Vec<Mark>, Vec<String>, ShapeCounts) {
    let rule = MomentRule::new(settings, obs.point_event_seconds);
    let mut shapes = ShapeCounts::default();
    let mut marks = Vec::with_capacity(obs.marks.len());
    let mut problems = Vec::new();
    for (i, m) in obs.marks.iter().enumerate() {
        let n = i + 1;
        if !m.start.is_finite() {
            problems.push(text::t(
                "core.classroom.mark.nan",
                "mark {n} (\"{name}\"): its time is not a number; left out",
                &[("n", &n), ("name", &m.touchpoint)],
            ));
            continue;
        }
        if m.start < 0.0 {
            problems.push(text::t(
                "core.classroom.mark.negative",
                "mark {n} (\"{name}\"): its time {start} s is before the video starts; left out",
                &[("n", &n), ("name", &m.touchpoint), ("start", &m.start)],
            ));
            continue;
        }
        let mut m = m.clone();
        match m.end {
            Some(e) if e.is_finite() && e > m.start => {}
            Some(e) if e == m.start => m.end = None,
            Some(e) => {
                problems.push(text::t(
                    "core.classroom.mark.endBeforeStart",
                    "mark {n} (\"{name}\"): its end {end} s is not after its start {start} s; treated as a moment",
                    &[("n", &n), ("name", &m.touchpoint), ("end", &e), ("start", &m.start)],
                ));
                m.end = None;
            }
            None => {}
        }
        let shape = rule.shape_of(&m);
        if shape.is_moment() {
            m.end = None;
        }
        shapes.add(shape);
        marks.push(m);
    }
    crate::sort::sort_by(&mut marks, canonical_order);
    (marks, problems, shapes)
}

fn canonical_order(a: &Mark, b: &Mark) -> Ordering {
    let classes = |m: &Mark| {
        let c = m.classes;
        (c.kind, c.owner, c.stage, c.media, c.direction)
    };
    a.start
        .total_cmp(&b.start)
        .then_with(|| match (a.end, b.end) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => x.total_cmp(&y),
        })
        .then_with(|| a.touchpoint.cmp(&b.touchpoint))
        .then_with(|| classes(a).cmp(&classes(b)))
        .then_with(|| a.note.cmp(&b.note))
}

/// The key's duration if usable, else the longest student duration, then
/// extended to the end of the last usable mark of anyone.
fn video_duration(
    key: &Observation,
    students: &[Observation],
    key_marks: &[Mark],
    student_marks: &[Vec<Mark>],
) -> f64 {
    let valid = |d: Option<f64>| d.filter(|d| d.is_finite() && *d > 0.0);
    let mut duration = valid(key.duration)
        .or_else(|| students.iter().filter_map(|s| valid(s.duration)).reduce(f64::max))
        .unwrap_or(0.0);
    for m in key_marks.iter().chain(student_marks.iter().flatten()) {
        duration = duration.max(m.end.unwrap_or(m.start));
    }
    duration
}

/// The grades as CSV (RFC 4180): a header, then one row per student in the
/// report's order; CRLF line ends; fields quoted when they hold a comma, a
/// quote, a line break or surrounding spaces. The text starts with a UTF-8
/// byte order mark so spreadsheet programs read accented names correctly.
/// A student name starting with `=`, `+`, `-`, `@`, tab or carriage return
/// is prefixed with `'` so a spreadsheet shows it as text and never runs it
/// as a formula. Numbers use a decimal point and fixed decimals (ratios 3,
/// seconds 2, the grade as set); an undefined value is an empty cell.
pub fn grades_csv(report: &ClassReport) -> String {
    const HEADER: [&str; 16] = [
        "student",
        "grade",
        "score",
        "f1",
        "precision",
        "recall",
        "hits",
        "misses",
        "extras",
        "marks",
        "key_total",
        "count_difference",
        "count_accuracy",
        "mean_abs_offset_s",
        "mean_offset_s",
        "class_agreement",
    ];
    let decimals = report.settings.scale.decimals as usize;
    let fixed = |x: Option<f64>, d: usize| x.map(|x| format!("{x:.d$}")).unwrap_or_default();
    let mut out = String::from("\u{FEFF}");
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for s in &report.students {
        let row = [
            crate::csv_cell::guarded(&s.observer),
            fixed(Some(s.grade), decimals),
            fixed(Some(s.score), 3),
            fixed(Some(s.f1), 3),
            fixed(s.precision, 3),
            fixed(s.recall, 3),
            s.hits.to_string(),
            s.misses.to_string(),
            s.extras.to_string(),
            s.marks.to_string(),
            s.key_total.to_string(),
            s.count_difference.to_string(),
            fixed(Some(s.count_accuracy), 3),
            fixed(s.mean_abs_offset, 2),
            fixed(s.mean_offset, 2),
            fixed(s.class_agreement, 3),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A time as `mm:ss` (`h:mm:ss` from one hour), whole seconds rounded down.
pub fn clock(seconds: f64) -> String {
    let s = if seconds.is_finite() && seconds > 0.0 { seconds.floor() as u64 } else { 0 };
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

/// Plain-text feedback for the student at `student_index` (in the report's
/// students list): grade and how it was computed, the count against the
/// key's, missed touch points and extra marks with times (mm:ss), and class
/// mistakes on the touch points found. An index out of range gives a
/// one-line message instead.
pub fn feedback_text(report: &ClassReport, student_index: usize) -> String {
    let Some(s) = report.students.get(student_index) else {
        let (n, total) = (student_index + 1, report.students.len());
        let line = text::t(
            "core.feedback.noStudent",
            "No student number {n} in this class (there are {total}).",
            &[("n", &n), ("total", &total)],
        );
        return format!("{line}\n");
    };
    let pct = |x: Option<f64>| x.map(|x| format!("{:.0}%", x * 100.0)).unwrap_or("–".into());
    let tol = fmt_num(report.settings.tolerance);
    let mut t = String::new();
    let no_name = text::t("core.feedback.noName", "(no name)", &[]);
    let name = if s.observer.trim().is_empty() { no_name.as_str() } else { s.observer.as_str() };
    let _ =
        writeln!(t, "{}", text::t("core.feedback.for", "Feedback for {name}", &[("name", &name)]));
    if !report.key.media.is_empty() {
        let media = &report.key.media;
        let _ = writeln!(
            t,
            "{}",
            text::t("core.feedback.video", "Video: {media}", &[("media", media)])
        );
    }
    let grade = crate::number::decimal(s.grade, report.settings.scale.decimals.min(6) as usize);
    let (min, max) = (fmt_num(report.settings.scale.min), fmt_num(report.settings.scale.max));
    let _ = writeln!(
        t,
        "\n{}",
        text::t(
            "core.feedback.grade",
            "Grade: {grade} (scale {min}–{max})",
            &[("grade", &grade), ("min", &min), ("max", &max)]
        )
    );
    let counted: [(&str, &dyn std::fmt::Display); 2] = [("n", &s.marks), ("key", &s.key_total)];
    let _ = writeln!(
        t,
        "{}",
        if s.marks == 1 {
            text::t(
                "core.feedback.count.one",
                "You marked 1 touch point; the answer key has {key}.",
                &counted,
            )
        } else {
            text::t(
                "core.feedback.count.many",
                "You marked {n} touch points; the answer key has {key}.",
                &counted,
            )
        }
    );
    let (recall, precision, f1) =
        (pct(s.recall), pct(s.precision), crate::number::decimal(s.f1, 2));
    let _ = writeln!(
        t,
        "{}",
        text::t(
            "core.feedback.found",
            "You found {hits} of the key's {key} (recall {recall}); {hits} of your {marks} marks matched the key (precision {precision}); F1 = {f1}.",
            &[
                ("hits", &s.hits),
                ("key", &s.key_total),
                ("recall", &recall),
                ("marks", &s.marks),
                ("precision", &precision),
                ("f1", &f1)
            ]
        )
    );
    if let (Some(abs), Some(signed)) = (s.mean_abs_offset, s.mean_offset) {
        let (abs, by) = (crate::number::decimal(abs, 1), crate::number::decimal(signed.abs(), 1));
        let args: [(&str, &dyn std::fmt::Display); 2] = [("abs", &abs), ("by", &by)];
        let line = if signed > 0.0 {
            text::t(
                "core.feedback.offset.after",
                "On the touch points you found, your marks were {abs} s from the key's on average ({by} s after the key's moment on balance).",
                &args,
            )
        } else if signed < 0.0 {
            text::t(
                "core.feedback.offset.before",
                "On the touch points you found, your marks were {abs} s from the key's on average ({by} s before the key's moment on balance).",
                &args,
            )
        } else {
            text::t(
                "core.feedback.offset.at",
                "On the touch points you found, your marks were {abs} s from the key's on average ({by} s at the key's moment on balance).",
                &args,
            )
        };
        let _ = writeln!(t, "{line}");
    }
    if let Some(c) = s.class_agreement {
        let pct = pct(Some(c));
        let _ = writeln!(
            t,
            "{}",
            text::t(
                "core.feedback.classes",
                "Your classes agreed with the key's {pct} of the time.",
                &[("pct", &pct)]
            )
        );
    }

    mark_list(
        &mut t,
        text::t(
            "core.feedback.missed",
            "Missed touch points (in the key, none of your marks within {tol} s):",
            &[("tol", &tol)],
        ),
        &s.missed,
    );
    mark_list(
        &mut t,
        text::t(
            "core.feedback.extra",
            "Extra marks (no touch point of the key within {tol} s):",
            &[("tol", &tol)],
        ),
        &s.extra,
    );
    let with_mistakes: Vec<_> =
        s.hit_list.iter().filter(|h| !h.class_mistakes.is_empty()).collect();
    if report.key.classifies {
        let _ = writeln!(
            t,
            "\n{}",
            text::t(
                "core.feedback.classMistakes",
                "Class mistakes on touch points you found:",
                &[]
            )
        );
        if with_mistakes.is_empty() {
            let _ = writeln!(t, "  {}", text::t("core.feedback.none", "none", &[]));
        }
        for h in with_mistakes {
            let parts: Vec<String> = h
                .class_mistakes
                .iter()
                .map(|c| {
                    let dimension = crate::model::dimension_name(&c.dimension);
                    match &c.student {
                        Some(v) => text::t(
                            "core.feedback.mistake.said",
                            "{dimension}: you said {given}, the key says {key}",
                            &[("dimension", &dimension), ("given", v), ("key", &c.key)],
                        ),
                        None => text::t(
                            "core.feedback.mistake.open",
                            "{dimension}: you left it open, the key says {key}",
                            &[("dimension", &dimension), ("key", &c.key)],
                        ),
                    }
                })
                .collect();
            let _ = writeln!(
                t,
                "  {}  {} — {}",
                clock(h.student.time),
                h.key.touchpoint,
                parts.join("; ")
            );
        }
    }
    if !s.problems.is_empty() {
        let _ = writeln!(
            t,
            "\n{}",
            text::t("core.feedback.unreadable", "Marks that could not be read:", &[])
        );
        for p in &s.problems {
            let _ = writeln!(t, "  {p}");
        }
    }
    let rule = &report.moment_rule;
    let _ = writeln!(
        t,
        "\n{}",
        text::t("core.feedback.moments", "Moments and state events: {rule}", &[("rule", rule)])
    );
    let _ = writeln!(
        t,
        "{} {}",
        counts_sentence(true, &report.key.shapes, &report.settings),
        counts_sentence(false, &s.shapes, &report.settings)
    );
    let formula = &report.grade_formula;
    let _ = writeln!(
        t,
        "\n{}",
        text::t(
            "core.feedback.formula",
            "How the grade is computed: {formula}.",
            &[("formula", formula)]
        )
    );
    let three = |x: f64| crate::number::decimal(x, 3);
    let (f1, count, score) = (three(s.f1), three(s.count_accuracy), three(s.score));
    let parts = if report.key.classifies {
        let class = three(s.class_agreement.unwrap_or(0.0));
        text::t(
            "core.feedback.parts.classes",
            "Your parts: F1 {f1}, count accuracy {count}, class agreement {class}; score {score}.",
            &[("f1", &f1), ("count", &count), ("class", &class), ("score", &score)],
        )
    } else {
        text::t(
            "core.feedback.parts",
            "Your parts: F1 {f1}, count accuracy {count}; score {score}.",
            &[("f1", &f1), ("count", &count), ("score", &score)],
        )
    };
    let _ = writeln!(t, "{parts}");
    t
}

/// A feedback section: its heading, then one line per mark (time and name), or "none".
fn mark_list(t: &mut String, heading: String, marks: &[super::metrics::MarkRef]) {
    let _ = writeln!(t, "\n{heading}");
    if marks.is_empty() {
        let _ = writeln!(t, "  {}", text::t("core.feedback.none", "none", &[]));
    }
    for m in marks {
        let _ = writeln!(t, "  {}  {}", span_clock(m.time, m.end), m.touchpoint);
    }
}

fn span_clock(start: f64, end: Option<f64>) -> String {
    match end {
        Some(e) => format!("{}–{}", clock(start), clock(e)),
        None => clock(start),
    }
}
