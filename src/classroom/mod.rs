//! Classroom scoring: many students' annotations of one video scored against
//! a teacher's answer key.
//!
//! The entry point is [`grade`]: it decides which marks are moments and
//! which are state events ([`moments`], one rule for every grader), matches each student's marks one-to-one
//! to the key's ([`matching`]), scores every student ([`metrics`]), ranks the
//! key's touch points by how often the class missed them, measures agreement
//! among the students ([`agreement`]), draws the consensus timeline as numbers
//! ([`consensus`]) and returns one serializable [`ClassReport`]. The report
//! feeds [`grades_csv`] (one row per student) and [`feedback_text`] (a note a
//! teacher hands back). Every definition is in `docs/classroom.md`.
//!
//! ```
//! use touchpoints::classroom::{grade, GradingSettings};
//! use touchpoints::model::{Mark, Observation};
//!
//! let mark = |t: f64, name: &str| Mark {
//!     start: t, end: None, touchpoint: name.into(), classes: Default::default(), note: String::new(),
//! };
//! let key = Observation { observer: "teacher".into(), marks: vec![mark(10.0, "Logo"), mark(40.0, "Till")], ..Default::default() };
//! let anna = Observation { observer: "Anna".into(), marks: vec![mark(11.5, "logo")], ..Default::default() };
//! let report = grade(&key, &[anna], &GradingSettings::default());
//! assert_eq!(report.students[0].hits, 1);
//! assert_eq!(report.touchpoints[0].key.touchpoint, "Till"); // most missed first
//! ```

pub mod agreement;
pub mod check;
pub mod consensus;
pub mod files;
pub mod matching;
#[cfg(test)]
mod matching_reference;
pub mod metrics;
pub mod moments;
pub mod report;
pub mod settings;

pub use agreement::Agreement;
pub use check::{check_against_key, GradeTerm, KeyCheck};
pub use consensus::Consensus;
pub use files::{grade_files, GradedClass};
pub use matching::{match_marks, Matching, Pair};
pub use metrics::{GradeSummary, Quality, StudentScore, TotalsDistribution, TouchpointScore};
pub use moments::{MarkShape, MomentRule, ShapeCounts};
pub use report::{feedback_text, grade, grades_csv, ClassReport};
pub use settings::{GradeScale, GradeWeights, GradingSettings, NameMatching};
