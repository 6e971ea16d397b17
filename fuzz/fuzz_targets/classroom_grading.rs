//! Grading a class from files: the input is a key and students' files
//! separated by `\n--8<--\n`, each read under a name chosen by a byte.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::classroom::{feedback_text, grade_files, grades_csv, GradingSettings};

fuzz_target!(|data: &[u8]| {
    let Some((selector, input)) = touchpoints_fuzz::split_first(data) else { return };
    let files = touchpoints_fuzz::files(input);
    let Some((key, students)) = files.split_first() else { return };
    let students: Vec<(String, Vec<u8>)> = students
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let name = touchpoints_fuzz::name(selector.wrapping_add(i as u8 + 1));
            (format!("s{i}-{name}"), b.to_vec())
        })
        .collect();
    let settings = GradingSettings { tolerance: f64::from(selector % 8), ..Default::default() };
    let Ok(class) = grade_files(touchpoints_fuzz::name(selector), key, &students, &settings) else {
        return;
    };
    let _ = grades_csv(&class.report);
    for i in 0..class.report.students.len() {
        let _ = feedback_text(&class.report, i);
    }
    let _ = serde_json::to_string(&class).unwrap();
});
