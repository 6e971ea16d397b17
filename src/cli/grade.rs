//! `touchpoints grade --key KEY STUDENT_FILE... [--tolerance SECONDS] [--format csv|json]`
//!
//! Grades every student file against the key with
//! [`crate::classroom::grade_files`], the same call the classroom page
//! makes, and prints the grades CSV (default) or the report as JSON.
//! Files that cannot be read are reported on standard error through the
//! returned text's companion, [`run_with_notes`], and left out.

use super::{parse, read_file, USAGE};
use crate::classroom::{grade_files, grades_csv, GradingSettings};

/// Runs `grade` with `args` (after the word `grade`); returns the text to print.
pub fn run(args: &[String]) -> Result<String, String> {
    let (out, notes) = run_with_notes(args)?;
    for n in notes {
        eprintln!("touchpoints: {n}");
    }
    Ok(out)
}

/// Like [`run`], but returns the per-file problems instead of printing them.
pub fn run_with_notes(args: &[String]) -> Result<(String, Vec<String>), String> {
    let args = parse(args, &["key", "tolerance", "format"])?;
    let key_path = args.flag("key").ok_or_else(|| format!("grade needs --key KEY\n\n{USAGE}"))?;
    if args.positional.is_empty() {
        return Err(format!("grade needs at least one STUDENT_FILE\n\n{USAGE}"));
    }
    let mut settings = GradingSettings::default();
    if let Some(t) = args.flag("tolerance") {
        let value: f64 = t
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| format!("--tolerance {t:?}: expected seconds, a number ≥ 0"))?;
        settings.tolerance = value;
    }
    let key_bytes = read_file(key_path)?;
    let mut students = Vec::with_capacity(args.positional.len());
    let mut notes = Vec::new();
    for path in &args.positional {
        match read_file(path) {
            Ok(bytes) => students.push((path.clone(), bytes)),
            Err(e) => notes.push(format!("{e}; this student is left out")),
        }
    }
    let graded = grade_files(key_path, &key_bytes, &students, &settings)?;
    for f in &graded.files {
        for p in &f.problems {
            notes.push(format!("{}: {p}", f.file));
        }
    }
    notes.extend(graded.report.notes.iter().cloned());
    let out = match args.flag("format").unwrap_or("csv") {
        "csv" => grades_csv(&graded.report),
        "json" => {
            serde_json::to_string_pretty(&graded).map(|s| s + "\n").map_err(|e| e.to_string())?
        }
        other => return Err(format!("--format {other:?}: expected csv or json")),
    };
    Ok((out, notes))
}
