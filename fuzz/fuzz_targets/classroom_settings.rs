//! Grading settings as JSON (the exercise link, the page): sanitized, then
//! used to grade a small fixed class.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::classroom::{grade, GradingSettings};
use touchpoints::model::{Mark, Observation};

fn obs(name: &str, marks: &[(f64, Option<f64>, &str)]) -> Observation {
    Observation {
        observer: name.into(),
        marks: marks
            .iter()
            .map(|&(start, end, tp)| Mark {
                start,
                end,
                touchpoint: tp.into(),
                classes: Default::default(),
                note: String::new(),
            })
            .collect(),
        ..Observation::default()
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(settings) = serde_json::from_slice::<GradingSettings>(data) else { return };
    let (clean, _) = settings.sanitized();
    assert_eq!(clean.sanitized().1, Vec::<String>::new(), "sanitized settings are clean");
    let key = obs("key", &[(1.0, None, "Poster"), (5.0, Some(9.0), "Desk"), (20.0, None, "App")]);
    let students = [
        obs("a", &[(1.5, None, "poster"), (5.5, Some(8.0), "Desk")]),
        obs("b", &[(30.0, None, "Other"), (20.2, None, "App"), (20.4, None, "App")]),
        obs("c", &[]),
    ];
    let report = grade(&key, &students, &settings);
    for s in &report.students {
        assert!(s.grade.is_finite(), "grade {}", s.grade);
    }
});
