//! Classroom scoring through the public API. Most cases are fixtures in
//! `tests/data/classroom/`: a key, students, optional settings and the
//! expected part of the report (every field given must match; numbers to
//! 1e-9). Agreement measures are checked against published worked examples.

use serde_json::Value;
use touchpoints::classroom::agreement::{fleiss_kappa, krippendorff_alpha_nominal};
use touchpoints::classroom::settings::normalize_name;
use touchpoints::classroom::{
    check_against_key, feedback_text, grade, grade_files, grades_csv, match_marks, ClassReport,
    GradingSettings, NameMatching,
};
use touchpoints::model::{Classes, Mark, Observation};

/// Grades the fixture `name` and checks its `expect` against the report;
/// then each of its `variants` (`{settings, expect}`: the same key and
/// students graded with other settings). Every report also passes
/// [`no_missed_mark_is_also_an_extra`].
fn check(name: &str) {
    let path = format!("{}/tests/data/classroom/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let case: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let key: Observation = serde_json::from_value(case["key"].clone()).expect("key");
    let students: Vec<Observation> =
        serde_json::from_value(case["students"].clone()).expect("students");
    let variants = case.get("variants").and_then(Value::as_array).cloned().unwrap_or_default();
    let runs = std::iter::once(&case).chain(&variants);
    for (n, run) in runs.enumerate() {
        let settings: GradingSettings = match run.get("settings") {
            Some(s) => serde_json::from_value(s.clone()).expect("settings"),
            None => GradingSettings::default(),
        };
        let report = grade(&key, &students, &settings);
        no_missed_mark_is_also_an_extra(&report, &format!("{name} run {n}"));
        let actual = serde_json::to_value(&report).expect("report serializes");
        let mut errors = Vec::new();
        subset(&run["expect"], &actual, "report", &mut errors);
        assert!(
            errors.is_empty(),
            "{name} (run {n}: {:?}):\n{}",
            run.get("settings"),
            errors.join("\n")
        );
    }
}

/// The matching is maximal: no key mark a student missed could have been
/// paired with one of that student's extra marks (same name, and times that
/// agree: starts within the tolerance when either is a moment, IoU ≥ the
/// threshold for two spans). Otherwise the feedback would list one touch
/// point as both missed and extra.
fn no_missed_mark_is_also_an_extra(report: &ClassReport, what: &str) {
    let s = &report.settings;
    for student in &report.students {
        for m in &student.missed {
            for x in &student.extra {
                if normalize_name(&m.touchpoint) != normalize_name(&x.touchpoint) {
                    continue;
                }
                let agree = match (m.end, x.end) {
                    (Some(a), Some(b)) => {
                        let inter = (a.min(b) - m.time.max(x.time)).max(0.0);
                        let union = a.max(b) - m.time.min(x.time);
                        inter > 0.0 && inter / union >= s.iou_threshold - 1e-9
                    }
                    _ => (x.time - m.time).abs() <= s.tolerance + 1e-6,
                };
                assert!(
                    !agree,
                    "{what}: {} missed {} at {} and has an extra at {} that matches it",
                    student.observer, m.touchpoint, m.time, x.time
                );
            }
        }
    }
}

/// Checks the fixture `check/<name>` (a key, one student, optional
/// settings) with [`check_against_key`] against its `expect`, and that the
/// student's row is the row [`grade`] gives for a class of one.
fn check_one(name: &str) {
    let path = format!("{}/tests/data/classroom/check/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let case: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let key: Observation = serde_json::from_value(case["key"].clone()).expect("key");
    let student: Observation = serde_json::from_value(case["student"].clone()).expect("student");
    let settings: GradingSettings = match case.get("settings") {
        Some(s) => serde_json::from_value(s.clone()).expect("settings"),
        None => GradingSettings::default(),
    };
    let checked = check_against_key(&key, &student, &settings);
    let actual = serde_json::to_value(&checked).expect("check serializes");
    let mut errors = Vec::new();
    subset(&case["expect"], &actual, "check", &mut errors);
    assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
    let report = grade(&key, std::slice::from_ref(&student), &settings);
    assert_eq!(checked.student, report.students[0], "{name}: same row as the class report");
    assert_eq!(checked.grade_formula, report.grade_formula);
    let (sum, weights) =
        checked.terms.iter().fold((0.0, 0.0), |(s, w), t| (s + t.weight * t.value, w + t.weight));
    assert!((sum / weights - checked.student.score).abs() < 1e-12, "{name}: terms give the score");
}

/// Records where `actual` differs from `expected` (objects: only the
/// expected keys; arrays: same length, element by element).
fn subset(expected: &Value, actual: &Value, at: &str, errors: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                match a.get(k) {
                    Some(x) => subset(v, x, &format!("{at}.{k}"), errors),
                    None => errors.push(format!("{at}.{k}: missing")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (v, x)) in e.iter().zip(a).enumerate() {
                subset(v, x, &format!("{at}[{i}]"), errors);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap(), a.as_f64().unwrap());
            if (e - a).abs() > 1e-9 {
                errors.push(format!("{at}: expected {e}, got {a}"));
            }
        }
        (e, a) if e == a => {}
        (e, a) => errors.push(format!("{at}: expected {e}, got {a}")),
    }
}

#[test]
fn check_against_the_demo_key() {
    check_one("demo_key");
}

#[test]
fn check_against_a_classifying_key_with_a_bad_setting() {
    check_one("classified_key");
}

#[test]
fn student_equal_to_key_gets_f1_one_and_top_grade() {
    check("identical");
}

#[test]
fn tolerance_boundary() {
    check("tolerance");
}

#[test]
fn ties_and_optimality() {
    check("ties");
}

#[test]
fn empty_student() {
    check("empty");
}

#[test]
fn empty_key() {
    check("empty_key");
}

#[test]
fn exact_names_ignore_case_and_whitespace() {
    check("names_exact");
}

#[test]
fn alias_groups() {
    check("names_aliases");
}

#[test]
fn class_only_matching() {
    check("names_class_only");
}

#[test]
fn state_events_match_by_overlap() {
    check("state_events");
}

/// Issue 10: one-second cues are moments; ±2.99 s hits, ±3.01 s misses;
/// the tolerance changes the result.
#[test]
fn one_second_cues_are_moments() {
    check("moment_cues");
}

#[test]
fn span_key_against_span_students() {
    check("span_key");
}

#[test]
fn mixed_spans_and_moments_compare_as_moments() {
    check("mixed");
}

/// The feedback of a student 2 s late on a key of 1-s cues: everything
/// found, nothing listed as missed or extra, and the rule that made the
/// marks moments stated.
#[test]
fn feedback_on_one_second_cues() {
    let path = format!("{}/tests/data/classroom/moment_cues.json", env!("CARGO_MANIFEST_DIR"));
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let key: Observation = serde_json::from_value(case["key"].clone()).unwrap();
    let students: Vec<Observation> = serde_json::from_value(case["students"].clone()).unwrap();
    let report = grade(&key, &students, &GradingSettings::default());
    let text = feedback_text(&report, 1);
    assert!(text.contains("Grade: 10.0 (scale 1–10)"), "{text}");
    assert!(text.contains("You found 8 of the key's 8 (recall 100%)"), "{text}");
    assert!(text.contains("within 3 s):\n  none\n"), "{text}");
    assert!(
        text.contains("The key's 8 marks: 8 moments (8 lasting at most 1 s), no state event."),
        "{text}"
    );
    let late = feedback_text(&report, 5);
    let missed =
        late.split("Missed touch points").nth(1).unwrap().split("Extra marks").next().unwrap();
    assert_eq!(missed.lines().filter(|l| l.starts_with("  ")).count(), 8, "{late}");
    assert!(missed.contains("  00:08  Instagram ad\n"), "moments show one time: {late}");
}

/// A WebVTT file that states its exporter's point-event duration
/// (`point-event-seconds: 2`): its 2-s cues are moments, so students 2 s
/// late are hits; without that line the same cues are state events that a
/// 2-s shift never overlaps.
#[test]
fn a_file_states_its_point_event_duration() {
    let cues = |offset: f64, length: f64| -> String {
        [(10.0, "Poster"), (30.0, "Till")]
            .iter()
            .map(|(t, n)| {
                let (a, b) = (t + offset, t + offset + length);
                format!("00:00:{a:06.3} --> 00:00:{b:06.3}\n{n}\n\n")
            })
            .collect()
    };
    let key = format!(
        "WEBVTT\n\nNOTE\nExported by another tool.\npoint-event-seconds: 2\n\n{}",
        cues(0.0, 2.0)
    );
    let student = format!("WEBVTT\n\n{}", cues(2.0, 2.0));
    let students = vec![("late.vtt".to_string(), student.into_bytes())];
    let settings = GradingSettings::default();
    let g = grade_files("key.vtt", key.as_bytes(), &students, &settings).unwrap();
    assert_eq!(g.report.key.point_event_seconds, Some(2.0));
    assert_eq!((g.report.key.shapes.file_point, g.report.key.shapes.states), (2, 0));
    // The student's 2-s cues state nothing: they stay spans, and a span and a
    // moment compare as moments.
    assert_eq!(g.report.students[0].shapes.states, 2);
    assert_eq!(g.report.students[0].hits, 2);
    let plain = key.replace("point-event-seconds: 2\n", "");
    let g = grade_files("key.vtt", plain.as_bytes(), &students, &settings).unwrap();
    assert_eq!((g.report.key.shapes.states, g.report.students[0].hits), (2, 0));
    let bad = key.replace("seconds: 2", "seconds: soon");
    let g = grade_files("key.vtt", bad.as_bytes(), &students, &settings).unwrap();
    assert!(g.files[0].problems[0].contains("point-event-seconds"), "{:?}", g.files[0]);
}

/// The page's class statistics (mean, median, mean F1, ranks, the quality of
/// each bar) come from the core.
#[test]
fn class_statistics_and_ranks_by_hand() {
    check("ranks");
}

#[test]
fn agreement_totals_consensus_by_hand() {
    check("agreement");
}

/// Fleiss (1971) as worked on Wikipedia ("Fleiss' kappa", worked example):
/// 10 subjects, 14 raters, 5 categories; P̄ = 0.378, P̄e = 0.213, κ = 0.210.
#[test]
fn fleiss_kappa_worked_example() {
    let table: Vec<Vec<u32>> = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    .iter()
    .map(|r| r.to_vec())
    .collect();
    let kappa = fleiss_kappa(&table).unwrap();
    // Exact: P̄ = 172/455 = 0.378022, P̄e = 417/1960 = 0.212755, κ = 4211/20059 = 0.209931.
    assert!((kappa - 0.20993).abs() < 0.00001, "κ = {kappa}");
    assert_eq!(format!("{kappa:.3}"), "0.210");
    assert!((kappa - 4211.0 / 20059.0).abs() < 1e-12);
    // Raters must be constant per unit.
    assert_eq!(fleiss_kappa(&[vec![2, 0], vec![1, 0]]), None);
}

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the
/// nominal example: 4 observers, 12 units, missing values; α = 0.743.
#[test]
fn krippendorff_alpha_worked_example() {
    let n = None;
    let s = Some;
    let observers: [[Option<u32>; 12]; 4] = [
        [s(1), s(2), s(3), s(3), s(2), s(1), s(4), s(1), s(2), n, n, n],
        [s(1), s(2), s(3), s(3), s(2), s(2), s(4), s(1), s(2), s(5), n, s(3)],
        [n, s(3), s(3), s(3), s(2), s(3), s(4), s(2), s(2), s(5), s(1), n],
        [s(1), s(2), s(3), s(3), s(2), s(4), s(4), s(1), s(2), s(5), s(1), n],
    ];
    let units: Vec<Vec<Option<u32>>> =
        (0..12).map(|u| observers.iter().map(|o| o[u]).collect()).collect();
    let alpha = krippendorff_alpha_nominal(&units).unwrap();
    assert_eq!(format!("{alpha:.3}"), "0.743", "α = {alpha}");
    // Exact value 113/152 = 0.743421… (derivation in docs/classroom.md).
    assert!((alpha - 0.7434).abs() < 0.0001, "α = {alpha}");
    assert!((alpha - 113.0 / 152.0).abs() < 1e-12);
}

fn mark(t: f64, name: &str) -> Mark {
    Mark {
        start: t,
        end: None,
        touchpoint: name.into(),
        classes: Classes::default(),
        note: String::new(),
    }
}

fn observation(name: &str, marks: Vec<Mark>) -> Observation {
    Observation { observer: name.into(), marks, ..Default::default() }
}

#[test]
fn shuffled_marks_give_identical_report() {
    let key = observation(
        "teacher",
        (0..40).map(|i| mark(i as f64 * 2.5, ["A", "B", "C"][i % 3])).collect(),
    );
    let students: Vec<Observation> = (0..5)
        .map(|s| {
            let marks = (0..35)
                .map(|i| mark(i as f64 * 2.7 + s as f64 * 0.3, ["A", "B", "C", "D"][(i + s) % 4]))
                .collect();
            observation(&format!("s{s}"), marks)
        })
        .collect();
    let settings = GradingSettings::default();
    let first = serde_json::to_string(&grade(&key, &students, &settings)).unwrap();
    let mut seed = 7u64;
    for _ in 0..5 {
        let mut shuffled = students.clone();
        for s in &mut shuffled {
            // Fisher–Yates with a fixed linear congruential generator.
            for i in (1..s.marks.len()).rev() {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                s.marks.swap(i, (seed >> 33) as usize % (i + 1));
            }
        }
        let mut shuffled_key = key.clone();
        shuffled_key.marks.reverse();
        let again = serde_json::to_string(&grade(&shuffled_key, &shuffled, &settings)).unwrap();
        assert_eq!(first, again);
    }
}

#[test]
fn unusable_times_are_problems_not_panics() {
    let mut bad_end = mark(5.0, "A");
    bad_end.end = Some(f64::NAN);
    let key =
        observation("teacher", vec![mark(f64::NAN, "A"), mark(5.0, "A"), mark(f64::INFINITY, "B")]);
    let student = observation("s", vec![mark(f64::NAN, "A"), bad_end, mark(-1.0, "A")]);
    let settings = GradingSettings {
        tolerance: f64::NAN,
        iou_threshold: -1.0,
        density_bin: 0.0,
        slice_width: Some(f64::INFINITY),
        ..Default::default()
    };
    let report = grade(&key, &[student, observation("empty", vec![])], &settings);
    assert_eq!(report.key.marks, 1);
    assert_eq!(report.key.problems.len(), 2);
    let s = &report.students[0];
    assert_eq!((s.marks, s.hits, s.problems.len()), (1, 1, 3));
    assert_eq!(report.settings.tolerance, 3.0);
    assert_eq!(report.notes.len(), 4);
    serde_json::to_string(&report).expect("no NaN in the report");
    // Nothing at all.
    let empty = grade(&Observation::default(), &[], &GradingSettings::default());
    assert!(empty.students.is_empty() && empty.consensus.bins.is_empty());
    assert_eq!(empty.agreement.fleiss_kappa, None);
    assert_eq!(feedback_text(&empty, 0), "No student number 1 in this class (there are 0).\n");
}

#[test]
fn matching_is_exact_not_greedy() {
    // Greedy by nearest pair would take 10–10.1 and lose two matches.
    let key = vec![mark(8.0, "x"), mark(10.0, "x"), mark(12.0, "x")];
    let student = vec![mark(10.1, "x"), mark(7.5, "x"), mark(12.6, "x")];
    let m = match_marks(&key, &student, &GradingSettings { tolerance: 2.5, ..Default::default() });
    assert_eq!(m.pairs.len(), 3);
    let pairs: Vec<(usize, usize)> = m.pairs.iter().map(|p| (p.key, p.student)).collect();
    assert_eq!(pairs, vec![(0, 1), (1, 0), (2, 2)]);
}

#[test]
fn csv_quotes_and_guards_against_formulas() {
    let key = observation("teacher", vec![mark(1.0, "A"), mark(4.0, "B")]);
    let students = vec![
        observation("=HYPERLINK(\"http://x\")", vec![mark(1.0, "A")]),
        observation("Smith, Jan", vec![mark(1.0, "A"), mark(4.0, "B")]),
        observation("-1+2", vec![]),
        observation("@SUM(A1)", vec![]),
        observation("Zoë \"Z\"\nvan Dijk", vec![]),
    ];
    let csv = grades_csv(&grade(&key, &students, &GradingSettings::default()));
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{FEFF}student,grade,score,f1,precision,recall,hits,misses,extras,marks,key_total,\
         count_difference,count_accuracy,mean_abs_offset_s,mean_offset_s,class_agreement"
    );
    assert_eq!(
        lines[1],
        "\"'=HYPERLINK(\"\"http://x\"\")\",6.6,0.625,0.667,1.000,0.500,1,1,0,1,2,-1,0.500,0.00,0.00,"
    );
    assert_eq!(
        lines[2],
        "\"Smith, Jan\",10.0,1.000,1.000,1.000,1.000,2,0,0,2,2,0,1.000,0.00,0.00,"
    );
    assert_eq!(lines[3], "'-1+2,1.0,0.000,0.000,,0.000,0,2,0,0,2,-2,0.000,,,");
    assert!(lines[4].starts_with("'@SUM(A1),"));
    // A line break inside a quoted field stays in the field.
    assert_eq!(
        lines[5],
        "\"Zoë \"\"Z\"\"\nvan Dijk\",1.0,0.000,0.000,,0.000,0,2,0,0,2,-2,0.000,,,"
    );
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[6], "");
}

#[test]
fn feedback_lists_misses_extras_and_class_mistakes() {
    let mut k1 = mark(83.7, "Reservation");
    k1.classes.kind = Some(touchpoints::model::Kind::PersonalCommunication);
    let key = observation("teacher", vec![k1, mark(125.0, "Checkout"), mark(3725.0, "Survey")]);
    let mut s1 = mark(84.0, "reservation");
    s1.classes.kind = Some(touchpoints::model::Kind::MassCommunication);
    let student = observation("Anna", vec![s1, mark(200.0, "Logo")]);
    let report = grade(&key, &[student], &GradingSettings::default());
    let text = feedback_text(&report, 0);
    for expected in [
        "Feedback for Anna",
        "You marked 2 touch points; the answer key has 3.",
        "  02:05  Checkout\n",
        "  1:02:05  Survey\n",
        "Extra marks (no touch point of the key within 3 s):\n  03:20  Logo\n",
        "  01:24  Reservation — kind: you said mass communication, the key says personal communication",
        "How the grade is computed: grade = 1 + (10 − 1) × (0.6·F1",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // F1 = 2·1/5 = 0.4; count 1 − 1/3; class 0 → (0.24 + 0.1333 + 0)/1 = 0.3733 → 1 + 9·0.3733 = 4.36.
    assert_eq!(report.students[0].grade, 4.4);
    let _ = NameMatching::ClassOnly;
}
