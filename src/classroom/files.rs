//! Grading from files: the one path shared by the classroom page (through
//! the wasm facade) and `touchpoints grade`, so both give the same numbers.
//!
//! Every file is read by [`crate::annotations::import`] (any supported
//! annotation format). A file holds one observation: the first with marks is
//! used, and a file with several says so. A student file that cannot be read
//! is listed in [`GradedClass::files`] and left out of the class; it never
//! stops the others. Only an unreadable key is an error.

use serde::Serialize;

use super::report::{grade, ClassReport};
use super::settings::GradingSettings;
use crate::annotations;
use crate::model::Observation;

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileNote {
    /// The file name as given.
    pub file: String,
    /// `"key"` or `"student"`.
    pub role: String,
    /// False when the file could not be read (a student then is left out).
    pub used: bool,
    /// Position in the report's students list when used as a student.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub student: Option<usize>,
    /// What was noticed: read errors, choices made, row-level problems.
    pub problems: Vec<String>,
}

/// A graded class: the report and one note per file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradedClass {
    /// The class report.
    pub report: ClassReport,
    /// One entry per file: the key first, then the students in the order given.
    pub files: Vec<FileNote>,
}

/// Reads one observation from an annotation file: the first with marks (or
/// the first at all), with a sentence when the file holds several. The
/// observer name falls back to the file name without extension.
pub fn observation_from_file(
    file_name: &str,
    bytes: &[u8],
) -> Result<(Observation, Vec<String>), String> {
    let a = annotations::import(file_name, bytes).map_err(|e| e.to_string())?;
    let mut problems: Vec<String> = a.problems.iter().map(|p| p.to_string()).collect();
    let count = a.observations.len();
    let pick = a.observations.iter().position(|o| !o.marks.is_empty()).unwrap_or(0);
    let mut obs = match a.observations.into_iter().nth(pick) {
        Some(o) => o,
        None => {
            problems.push("the file holds no marks".to_string());
            Observation::default()
        }
    };
    if count > 1 {
        problems.push(format!(
            "the file holds {count} observations; observation {} (\"{}\") was used",
            pick + 1,
            obs.observer
        ));
    }
    if obs.marks.is_empty() && count > 0 {
        problems.push("the file holds no marks".to_string());
    }
    if obs.observer.trim().is_empty() {
        obs.observer = stem(file_name);
    }
    Ok((obs, problems))
}

fn stem(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let base = base.strip_suffix(".key.vtt").unwrap_or(base);
    match base.rfind('.') {
        Some(i) if i > 0 => base[..i].to_string(),
        _ => base.to_string(),
    }
}

/// Reads the key and every student file and grades the class with
/// [`grade`]. `students` are (file name, bytes) pairs; unreadable ones are
/// listed in `files` and left out. Errors only when the key is unreadable
/// (the message names the file and the position).
pub fn grade_files(
    key_file: &str,
    key_bytes: &[u8],
    students: &[(String, Vec<u8>)],
    settings: &GradingSettings,
) -> Result<GradedClass, String> {
    let (key, key_problems) =
        observation_from_file(key_file, key_bytes).map_err(|e| format!("{key_file}: {e}"))?;
    let mut files = vec![FileNote {
        file: key_file.to_string(),
        role: "key".into(),
        used: true,
        student: None,
        problems: key_problems,
    }];
    let mut observations = Vec::with_capacity(students.len());
    for (name, bytes) in students {
        match observation_from_file(name, bytes) {
            Ok((obs, problems)) => {
                files.push(FileNote {
                    file: name.clone(),
                    role: "student".into(),
                    used: true,
                    student: Some(observations.len()),
                    problems,
                });
                observations.push(obs);
            }
            Err(e) => files.push(FileNote {
                file: name.clone(),
                role: "student".into(),
                used: false,
                student: None,
                problems: vec![format!("{e}; this student is left out")],
            }),
        }
    }
    Ok(GradedClass { report: grade(&key, &observations, settings), files })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(stem("dir/Anna.vtt"), "Anna");
        assert_eq!(stem("demo-journey.key.vtt"), "demo-journey");
        assert_eq!(stem(".vtt"), ".vtt");
    }

    #[test]
    fn bad_student_does_not_stop_the_class() {
        let key = b"WEBVTT\n\n00:00:10.000 --> 00:00:11.000\nLogo\n".to_vec();
        let students = vec![
            (
                "anna.vtt".to_string(),
                b"WEBVTT\n\n00:00:11.000 --> 00:00:12.000\nLogo\n[event: point]\n".to_vec(),
            ),
            ("broken.vtt".to_string(), b"not a webvtt file".to_vec()),
        ];
        let g = grade_files("key.vtt", &key, &students, &GradingSettings::default()).unwrap();
        assert_eq!(g.report.students.len(), 1);
        assert_eq!(g.report.students[0].observer, "anna");
        assert_eq!(g.report.students[0].hits, 1);
        assert!(!g.files[2].used);
        assert!(g.files[2].problems[0].contains("left out"), "{:?}", g.files[2]);
        assert!(grade_files("key.vtt", b"nope", &[], &GradingSettings::default()).is_err());
    }
}
