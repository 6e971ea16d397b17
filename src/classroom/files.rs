//! Grading from files: the one path shared by the classroom page (through
//! the wasm facade) and `touchpoints grade`, so both give the same numbers.
//!
//! Every file is read by [`crate::annotations::import`] (any supported
//! annotation format). A file holds one observation: the first with marks is
//! used, and a file with several says so. A student file that cannot be read
//! is listed in [`GradedClass::files`] and left out of the class; it never
//! stops the others. Only an unreadable key is an error.

use serde::Serialize;

use std::collections::HashMap;

use super::report::{grade, ClassReport};
use super::settings::{normalize_name, GradingSettings};
use crate::annotations;
use crate::model::Observation;
use crate::text;

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
    /// True when another student file gives the same student name (after
    /// lower-casing and trimming): the page then shows the file name too.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub same_name: bool,
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
            problems.push(text::t("core.classroom.noMarks", "the file holds no marks", &[]));
            Observation::default()
        }
    };
    if count > 1 {
        let used = pick + 1;
        problems.push(text::t(
            "core.classroom.observations",
            "the file holds {count} observations; observation {used} (\"{observer}\") was used",
            &[("count", &count), ("used", &used), ("observer", &obs.observer)],
        ));
    }
    if obs.marks.is_empty() && count > 0 {
        problems.push(text::t("core.classroom.noMarks", "the file holds no marks", &[]));
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
        same_name: false,
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
                    same_name: false,
                });
                observations.push(obs);
            }
            Err(e) => files.push(FileNote {
                file: name.clone(),
                role: "student".into(),
                used: false,
                student: None,
                problems: vec![text::t(
                    "core.classroom.leftOut",
                    "{problem}; this student is left out",
                    &[("problem", &e)],
                )],
                same_name: false,
            }),
        }
    }
    warn_same_names(&mut files, &observations);
    Ok(GradedClass { report: grade(&key, &observations, settings), files })
}

/// Marks the student files whose student name another file gives too, with a
/// problem naming the other files: two hand-ins of one student, or two
/// students a teacher must tell apart by file.
fn warn_same_names(files: &mut [FileNote], observations: &[Observation]) {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (f, note) in files.iter().enumerate() {
        if let Some(i) = note.student {
            let name = normalize_name(&observations[i].observer);
            by_name.entry(name).or_default().push(f);
        }
    }
    for group in by_name.values().filter(|g| g.len() > 1) {
        for &f in group {
            let name = note_name(&files[f], observations);
            let others: Vec<String> =
                group.iter().filter(|&&o| o != f).map(|&o| files[o].file.clone()).collect();
            let note = &mut files[f];
            note.same_name = true;
            let args: [(&str, &dyn std::fmt::Display); 3] =
                [("n", &others.len()), ("files", &others.join(", ")), ("name", &name)];
            note.problems.push(if others.len() == 1 {
                text::t(
                    "core.classroom.sameName.one",
                    "1 other file ({files}) also names the student “{name}”: check that no one handed in twice; the grades list shows the file name beside the name",
                    &args,
                )
            } else {
                text::t(
                    "core.classroom.sameName.many",
                    "{n} other files ({files}) also name the student “{name}”: check that no one handed in twice; the grades list shows the file name beside the name",
                    &args,
                )
            });
        }
    }
}

fn note_name(note: &FileNote, observations: &[Observation]) -> String {
    note.student.and_then(|i| observations.get(i)).map(|o| o.observer.clone()).unwrap_or_default()
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

    #[test]
    fn two_students_with_one_name_are_warned() {
        let key = b"WEBVTT\n\n00:00:10.000 --> 00:00:11.000\nLogo\n".to_vec();
        let file = |who: &str| {
            format!("WEBVTT\n\nNOTE\nobserver: {who}\n\n00:00:10.000 --> 00:00:11.000\nLogo\n")
                .into_bytes()
        };
        let students = vec![
            ("anna.vtt".to_string(), file("Anna")),
            ("bram.vtt".to_string(), file("Bram")),
            ("anna (1).vtt".to_string(), file(" anna ")),
        ];
        let g = grade_files("key.vtt", &key, &students, &GradingSettings::default()).unwrap();
        assert_eq!(
            g.files.iter().map(|f| f.same_name).collect::<Vec<_>>(),
            [false, true, false, true]
        );
        assert!(
            g.files[1].problems[0]
                .starts_with("1 other file (anna (1).vtt) also names the student “Anna”"),
            "{:?}",
            g.files[1]
        );
        assert!(g.files[3].problems[0].contains("(anna.vtt)"));
        assert!(g.files[2].problems.is_empty());
    }
}
