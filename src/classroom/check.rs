//! One student checking their own marks against a key ("Check my marks" on
//! the annotator): the student's row of the [`ClassReport`] that
//! [`grade`] makes for a class of one, with what a page needs to explain the
//! grade (the key's summary, the formula and its terms with this student's
//! values). No scoring of its own: every number comes from [`grade`].

use serde::{Deserialize, Serialize};

use super::metrics::{score_student, StudentScore};
use super::report::{grade, KeySummary};
use super::settings::GradingSettings;
use crate::model::Observation;

/// One term of the grade formula with this student's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradeTerm {
    /// `"f1"`, `"count"` (count accuracy) or `"class"` (class agreement).
    pub name: String,
    /// The term's weight.
    pub weight: f64,
    /// The student's value in [0, 1].
    pub value: f64,
}

/// A student's marks checked against a key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyCheck {
    /// The settings used (after [`GradingSettings::sanitized`]).
    pub settings: GradingSettings,
    /// Settings that were replaced, and why.
    pub notes: Vec<String>,
    /// The grade formula with the weights used.
    pub grade_formula: String,
    /// When a mark is a moment and when a state event, in one sentence (the
    /// key's and the student's `shapes` say how many marks each rule made
    /// moments).
    pub moment_rule: String,
    /// The key.
    pub key: KeySummary,
    /// The student's row of the class report.
    pub student: StudentScore,
    /// The terms of the grade formula that count (the class term only when
    /// the key classifies), with the student's values:
    /// score = Σ weight·value / Σ weight.
    pub terms: Vec<GradeTerm>,
}

/// Checks `student` against `key`: [`grade`] with a class of one. Never
/// panics (unusable marks and settings are listed, as in [`grade`]).
pub fn check_against_key(
    key: &Observation,
    student: &Observation,
    settings: &GradingSettings,
) -> KeyCheck {
    let report = grade(key, std::slice::from_ref(student), settings);
    // `grade` gives one row per student; the fallback (an empty row) only
    // keeps this free of panics.
    let row = report
        .students
        .into_iter()
        .next()
        .unwrap_or_else(|| score_student(&student.observer, &[], &[], &report.settings));
    let w = report.settings.weights;
    let mut terms = vec![
        GradeTerm { name: "f1".into(), weight: w.f1, value: row.f1 },
        GradeTerm { name: "count".into(), weight: w.count, value: row.count_accuracy },
    ];
    if report.key.classifies {
        terms.push(GradeTerm {
            name: "class".into(),
            weight: w.class,
            value: row.class_agreement.unwrap_or(0.0),
        });
    }
    KeyCheck {
        settings: report.settings,
        notes: report.notes,
        grade_formula: report.grade_formula,
        moment_rule: report.moment_rule,
        key: report.key,
        student: row,
        terms,
    }
}
