//! `touchpoints grade`: the CSV equals the page's path (the same core call,
//! `classroom::grade_files`, that the wasm facade makes), and rows of the
//! demo class match hand-computed values.
//!
//! Demo class: key `www/samples/demo-journey.key.vtt` (8 touch points,
//! unclassified, so grade = 1 + 9 × (0.6·F1 + 0.2·count accuracy) / 0.8),
//! students `www/samples/students/*.vtt`.

use touchpoints::classroom::{grade_files, grades_csv, GradingSettings};

const KEY: &str = "www/samples/demo-journey.key.vtt";
const STUDENTS: [&str; 5] = ["anna", "bram", "chloe", "daan", "eva"];

fn path(p: &str) -> String {
    format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))
}

fn student_paths() -> Vec<String> {
    STUDENTS.iter().map(|s| path(&format!("www/samples/students/{s}.vtt"))).collect()
}

fn cli(extra: &[&str]) -> Result<String, String> {
    let mut args: Vec<String> = vec!["grade".into(), "--key".into(), path(KEY)];
    args.extend(student_paths());
    args.extend(extra.iter().map(|s| s.to_string()));
    touchpoints::cli::run(&args)
}

/// The page's path: file names and bytes into `grade_files`, then the CSV.
fn page_csv(tolerance: f64) -> String {
    let key = std::fs::read(path(KEY)).unwrap();
    let students: Vec<(String, Vec<u8>)> =
        student_paths().into_iter().map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect();
    let settings = GradingSettings { tolerance, ..GradingSettings::default() };
    grades_csv(&grade_files(KEY, &key, &students, &settings).unwrap().report)
}

/// Checks that the CSV row of `student` is `expected` (without the name).
fn check(csv: &str, student: &str, expected: &str) {
    let row = csv
        .lines()
        .find(|l| l.starts_with(&format!("{student},")))
        .unwrap_or_else(|| panic!("no row for {student} in\n{csv}"));
    assert_eq!(&row[student.len() + 1..], expected, "row of {student}");
}

#[test]
fn cli_equals_page_path() {
    assert_eq!(cli(&[]).unwrap(), page_csv(3.0));
    assert_eq!(cli(&["--tolerance", "5"]).unwrap(), page_csv(5.0));
    assert_ne!(page_csv(3.0), page_csv(5.0));
}

#[test]
fn hand_computed_rows() {
    let csv = cli(&[]).unwrap();
    assert!(csv.starts_with("\u{FEFF}student,grade,score,f1,"));
    assert_eq!(csv.split("\r\n").filter(|l| !l.is_empty()).count(), 6);
    // Anna finds all 8, 0.4–0.9 s late: mean |Δt| = (0.6+0.7+0.5+0.8+0.5+0.8+0.9+0.4)/8 = 0.65.
    check(&csv, "Anna", "10.0,1.000,1.000,1.000,1.000,8,0,0,8,8,0,1.000,0.65,0.65,");
    // Bram: 6 marks, all hits; F1 = 12/14 = 0.857, count accuracy 1 − 2/8 = 0.75,
    // score = (0.6·0.857143 + 0.2·0.75)/0.8 = 0.830, grade 1 + 9·0.830 = 8.47 → 8.5.
    check(&csv, "Bram", "8.5,0.830,0.857,1.000,0.750,6,2,0,6,8,-2,0.750,1.53,1.53,");
    // Chloé's Checkout is 4 s late: a miss and an extra at 3 s. F1 = 14/16.
    check(&csv, "Chloé", "9.2,0.906,0.875,0.875,0.875,7,1,1,8,8,0,1.000,2.66,2.66,");
    // Eva: 5 of 8; F1 = 10/13 = 0.769, count 0.625, score 0.733, grade 7.6.
    check(&csv, "Eva", "7.6,0.733,0.769,1.000,0.625,5,3,0,5,8,-3,0.625,1.40,1.40,");
    // At 5 s Chloé's late Checkout counts.
    let wide = cli(&["--tolerance", "5"]).unwrap();
    check(&wide, "Chloé", "10.0,1.000,1.000,1.000,1.000,8,0,0,8,8,0,1.000,2.82,2.82,");
}

#[test]
fn json_and_errors() {
    let json = cli(&["--format", "json"]).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["report"]["students"].as_array().unwrap().len(), 5);
    assert_eq!(v["report"]["key"]["marks"], 8);
    assert!(cli(&["--format", "xml"]).unwrap_err().contains("expected csv or json"));
    assert!(cli(&["--tolerance", "soon"]).unwrap_err().contains("--tolerance"));
    let no_key = touchpoints::cli::run(&["grade".into(), path("www/samples/students/anna.vtt")]);
    assert!(no_key.unwrap_err().contains("--key"));
    // A missing student file is left out; the others are graded.
    let mut args = vec!["grade".to_string(), "--key".into(), path(KEY)];
    args.push(path("www/samples/students/nobody.vtt"));
    args.push(path("www/samples/students/anna.vtt"));
    let csv = touchpoints::cli::run(&args).unwrap();
    assert_eq!(csv.split("\r\n").filter(|l| !l.is_empty()).count(), 2);
}

/// Issue 10: the demo key's one-second cues against a student whose plain
/// one-second cues are all 2 s late. The cues are moments (≤ 1 s), so the
/// student finds all 8: grade 10.0 (graded as spans it was 0 hits, 3.3).
/// `--moment-seconds 0` makes the cues state events again (no overlap: F1 0,
/// count accuracy 1, grade 1 + 9 × 0.25 = 3.25 → 3.3); `--moments` treats
/// every mark as a moment whatever the threshold.
#[test]
fn one_second_cues_two_seconds_late() {
    let run = |extra: &[&str]| {
        let mut args: Vec<String> = vec!["grade".into(), "--key".into(), path(KEY)];
        args.push(path("tests/data/classroom/files/late-2s.vtt"));
        args.extend(extra.iter().map(|s| s.to_string()));
        touchpoints::cli::run(&args).unwrap()
    };
    let row = "10.0,1.000,1.000,1.000,1.000,8,0,0,8,8,0,1.000,2.00,2.00,";
    check(&run(&[]), "late-2s", row);
    check(
        &run(&["--tolerance", "1.5"]),
        "late-2s",
        "3.3,0.250,0.000,0.000,0.000,0,8,8,8,8,0,1.000,,,",
    );
    check(
        &run(&["--moment-seconds", "0"]),
        "late-2s",
        "3.3,0.250,0.000,0.000,0.000,0,8,8,8,8,0,1.000,,,",
    );
    check(&run(&["--moment-seconds", "0", "--moments"]), "late-2s", row);
    check(&run(&["--moments", "--moment-seconds=0"]), "late-2s", row);
    let json = run(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["report"]["key"]["shapes"]["short"], 8);
    let mut args: Vec<String> = vec!["grade".into(), "--key".into(), path(KEY), path(KEY)];
    args.extend(["--moment-seconds".to_string(), "-1".to_string()]);
    assert!(touchpoints::cli::run(&args).unwrap_err().contains("--moment-seconds"));
}
