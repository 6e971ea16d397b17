//! `touchpoints grade --key KEY STUDENT_FILE... [--tolerance SECONDS]
//! [--moment-seconds SECONDS] [--moments] [--format csv|json]`
//!
//! `--moment-seconds`: a mark lasting at most this long is a moment
//! (default 1 s); `--moments`: every mark is a moment (the classroom page's
//! "treat every mark as a moment"). See [`crate::classroom::moments`].
//!
//! Grades every student file against the key with
//! [`crate::classroom::grade_files`], the same call the classroom page
//! makes, and prints the grades CSV (default) or the report as JSON.
//! Files that cannot be read are reported on standard error through the
//! returned text's companion, [`run_with_notes`], and left out.

use super::{parse_with_switches, read_file, USAGE};
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
    let args = parse_with_switches(
        args,
        &["key", "tolerance", "moment-seconds", "moments", "format"],
        &["moments"],
    )?;
    let key_path = args.flag("key").ok_or_else(|| format!("grade needs --key KEY\n\n{USAGE}"))?;
    if args.positional.is_empty() {
        return Err(format!("grade needs at least one STUDENT_FILE\n\n{USAGE}"));
    }
    let mut settings = GradingSettings::default();
    let seconds = |name: &str| -> Result<Option<f64>, String> {
        args.flag(name)
            .map(|t| {
                t.trim()
                    .parse()
                    .ok()
                    .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                    .ok_or_else(|| format!("--{name} {t:?}: expected seconds, a number ≥ 0"))
            })
            .transpose()
    };
    if let Some(value) = seconds("tolerance")? {
        settings.tolerance = value;
    }
    if let Some(value) = seconds("moment-seconds")? {
        settings.moment_seconds = value;
    }
    settings.all_moments = match args.flag("moments") {
        None => false,
        Some("true" | "yes" | "1") => true,
        Some("false" | "no" | "0") => false,
        Some(other) => return Err(format!("--moments={other:?}: expected true or false")),
    };
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
