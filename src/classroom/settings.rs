//! What a teacher can set: time tolerance, how names are compared, the
//! overlap threshold of state events, the slice width of the agreement
//! measures, and the grade formula.

use crate::text;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Default time tolerance in seconds.
pub const DEFAULT_TOLERANCE: f64 = 3.0;
/// Largest accepted tolerance (one day); larger values fall back to the default.
pub const MAX_TOLERANCE: f64 = 86_400.0;
/// Default moment threshold in seconds: a mark lasting at most this long is
/// graded as a moment (see [`crate::classroom::moments`]).
pub const DEFAULT_MOMENT_SECONDS: f64 = 1.0;

/// How a student's touch point name is compared with the key's.
///
/// JSON: `"exact"`, `{"aliases": [["check-in", "reception"], …]}` or `"class-only"`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameMatching {
    /// Same name, ignoring case and surplus whitespace (see [`normalize_name`]).
    #[default]
    Exact,
    /// Names in one group are the same touch point; other names compare as
    /// in `Exact`. A name listed in several groups belongs to the first.
    Aliases(Vec<Vec<String>>),
    /// Names are ignored: two marks may match when their times do and their
    /// classes do not contradict (a dimension decided in both must agree).
    ClassOnly,
}

/// Weights of the three parts of the grade (see [`GradingSettings::formula`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GradeWeights {
    /// Weight of F1 (finding the key's touch points at the right time).
    pub f1: f64,
    /// Weight of count accuracy (the answer to "how many touch points?").
    pub count: f64,
    /// Weight of class agreement on hits; dropped when the key classifies nothing.
    pub class: f64,
}

impl Default for GradeWeights {
    fn default() -> GradeWeights {
        GradeWeights { f1: 0.6, count: 0.2, class: 0.2 }
    }
}

/// The scale grades are reported on: `min` for a score of 0, `max` for 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GradeScale {
    /// Grade of a score of 0 (default 1, the Dutch 1–10 scale).
    pub min: f64,
    /// Grade of a score of 1 (default 10; use 0 and 100 for percentages).
    pub max: f64,
    /// Decimals the grade is rounded to (default 1, at most 6).
    pub decimals: u32,
}

impl Default for GradeScale {
    fn default() -> GradeScale {
        GradeScale { min: 1.0, max: 10.0, decimals: 1 }
    }
}

/// Every setting of classroom grading. Missing JSON fields take the defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GradingSettings {
    /// Largest |student time − key time| in seconds for two point marks to
    /// match (default 3 s). Compared with a 1 µs slack for decimal rounding.
    pub tolerance: f64,
    /// How names are compared (default exact).
    pub names: NameMatching,
    /// Least intersection over union for two state events to match
    /// (default 0.5).
    pub iou_threshold: f64,
    /// A mark lasting at most this many seconds is a moment, not a state
    /// event (default 1 s; see [`crate::classroom::moments`]).
    pub moment_seconds: f64,
    /// Treat every mark as a moment, whatever its length (default false).
    pub all_moments: bool,
    /// Width in seconds of the time slices Fleiss' κ and Krippendorff's α
    /// are computed on; `None` (default) uses the tolerance, so that two
    /// presses for one moment usually fall in one slice.
    pub slice_width: Option<f64>,
    /// Width in seconds of the consensus timeline's bins (default 1 s).
    pub density_bin: f64,
    /// Grade formula weights.
    pub weights: GradeWeights,
    /// Grade scale.
    pub scale: GradeScale,
}

impl Default for GradingSettings {
    fn default() -> GradingSettings {
        GradingSettings {
            tolerance: DEFAULT_TOLERANCE,
            names: NameMatching::Exact,
            iou_threshold: 0.5,
            moment_seconds: DEFAULT_MOMENT_SECONDS,
            all_moments: false,
            slice_width: None,
            density_bin: 1.0,
            weights: GradeWeights::default(),
            scale: GradeScale::default(),
        }
    }
}

impl GradingSettings {
    /// A copy with every unusable value (NaN, negative, out of range)
    /// replaced, and one sentence per replacement. [`crate::classroom::grade`]
    /// grades with the sanitized copy and reports the sentences.
    pub fn sanitized(&self) -> (GradingSettings, Vec<String>) {
        let mut s = self.clone();
        let mut notes = Vec::new();
        if !(s.tolerance.is_finite() && (0.0..=MAX_TOLERANCE).contains(&s.tolerance)) {
            notes.push(text::t(
                "core.settings.tolerance",
                "tolerance {value} is not a number of seconds between 0 and {max}; using {default} s",
                &[("value", &self.tolerance), ("max", &MAX_TOLERANCE), ("default", &DEFAULT_TOLERANCE)],
            ));
            s.tolerance = DEFAULT_TOLERANCE;
        }
        if !(s.iou_threshold.is_finite() && s.iou_threshold > 0.0 && s.iou_threshold <= 1.0) {
            notes.push(text::t(
                "core.settings.overlap",
                "overlap threshold {value} is not in (0, 1]; using 0.5",
                &[("value", &self.iou_threshold)],
            ));
            s.iou_threshold = 0.5;
        }
        if !(s.moment_seconds.is_finite() && (0.0..=MAX_TOLERANCE).contains(&s.moment_seconds)) {
            notes.push(text::t(
                "core.settings.moment",
                "moment threshold {value} is not a number of seconds between 0 and {max}; using {default} s",
                &[("value", &self.moment_seconds), ("max", &MAX_TOLERANCE), ("default", &DEFAULT_MOMENT_SECONDS)],
            ));
            s.moment_seconds = DEFAULT_MOMENT_SECONDS;
        }
        if let Some(w) = s.slice_width {
            if !(w.is_finite() && w > 0.0) {
                notes.push(text::t(
                    "core.settings.slice",
                    "slice width {value} is not a positive number of seconds; using the tolerance",
                    &[("value", &w)],
                ));
                s.slice_width = None;
            }
        }
        if !(s.density_bin.is_finite() && s.density_bin > 0.0) {
            notes.push(text::t(
                "core.settings.bin",
                "timeline bin {value} is not a positive number of seconds; using 1 s",
                &[("value", &self.density_bin)],
            ));
            s.density_bin = 1.0;
        }
        let weight_names = [
            text::t("core.settings.weight.f1", "F1", &[]),
            text::t("core.settings.weight.count", "count", &[]),
            text::t("core.settings.weight.class", "class", &[]),
        ];
        for (name, w) in
            weight_names.iter().zip([&mut s.weights.f1, &mut s.weights.count, &mut s.weights.class])
        {
            if !(w.is_finite() && *w >= 0.0) {
                notes.push(text::t(
                    "core.settings.weight",
                    "{name} weight {value} is not a number ≥ 0; using 0",
                    &[("name", name), ("value", w)],
                ));
                *w = 0.0;
            }
        }
        if s.weights.f1 + s.weights.count + s.weights.class <= 0.0 {
            notes.push(text::t(
                "core.settings.weightsZero",
                "all grade weights are 0; grading on F1 alone",
                &[],
            ));
            s.weights = GradeWeights { f1: 1.0, count: 0.0, class: 0.0 };
        }
        if !(s.scale.min.is_finite() && s.scale.max.is_finite() && s.scale.min < s.scale.max) {
            notes.push(text::t(
                "core.settings.scale",
                "grade scale {min}–{max} is not two numbers, lowest first; using 1–10",
                &[("min", &self.scale.min), ("max", &self.scale.max)],
            ));
            s.scale.min = 1.0;
            s.scale.max = 10.0;
        }
        if s.scale.decimals > 6 {
            notes.push(text::t(
                "core.settings.decimals",
                "{n} grade decimals is too many; using 6",
                &[("n", &s.scale.decimals)],
            ));
            s.scale.decimals = 6;
        }
        (s, notes)
    }

    /// The slice width actually used by the agreement measures: the setting,
    /// else the tolerance, else (tolerance 0) 1 s.
    pub fn effective_slice_width(&self) -> f64 {
        match self.slice_width {
            Some(w) if w.is_finite() && w > 0.0 => w,
            _ if self.tolerance.is_finite() && self.tolerance > 0.0 => self.tolerance,
            _ => 1.0,
        }
    }

    /// The grade formula in words and numbers, for the report and the page.
    pub fn formula(&self) -> String {
        let w = self.weights;
        let (min, max) = (fmt_num(self.scale.min), fmt_num(self.scale.max));
        let (f1, c, k) = (fmt_num(w.f1), fmt_num(w.count), fmt_num(w.class));
        text::t(
            "core.grade.formula",
            "grade = {min} + ({max} − {min}) × ({f1}·F1 + {c}·count accuracy + {k}·class agreement) / ({f1} + {c} + {k}), \
             rounded to {d} decimal(s); the class term and its weight are left out when the key classifies no touch point",
            &[("min", &min), ("max", &max), ("f1", &f1), ("c", &c), ("k", &k), ("d", &self.scale.decimals)],
        )
    }
}

/// Shortest plain rendering of a setting (`3`, `0.6`).
pub(crate) fn fmt_num(x: f64) -> String {
    crate::number::plain(x, 6)
}

/// Lower-cases a name, trims it and turns every run of whitespace into one
/// space: `"  Check   IN "` → `"check in"`.
pub fn normalize_name(name: &str) -> String {
    name.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// Turns touch point names into comparison labels under a [`NameMatching`]:
/// two marks have the same touch point when their labels are equal.
#[derive(Debug, Clone)]
pub struct NameLabels {
    aliases: HashMap<String, String>,
    class_only: bool,
}

impl NameLabels {
    /// The label table of `matching` (alias groups resolved once).
    pub fn new(matching: &NameMatching) -> NameLabels {
        let mut aliases = HashMap::new();
        if let NameMatching::Aliases(groups) = matching {
            for group in groups {
                let Some(first) = group.iter().map(|n| normalize_name(n)).find(|n| !n.is_empty())
                else {
                    continue;
                };
                for name in group {
                    aliases.entry(normalize_name(name)).or_insert_with(|| first.clone());
                }
            }
        }
        NameLabels { aliases, class_only: matches!(matching, NameMatching::ClassOnly) }
    }

    /// True when names are ignored ([`NameMatching::ClassOnly`]).
    pub fn class_only(&self) -> bool {
        self.class_only
    }

    /// The comparison label of `name`: its normalized form, the normalized
    /// first name of its alias group, or `"marked"` under class-only matching.
    pub fn label(&self, name: &str) -> String {
        if self.class_only {
            return "marked".to_string();
        }
        let n = normalize_name(name);
        match self.aliases.get(&n) {
            Some(canonical) => canonical.clone(),
            None => n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalize_and_alias() {
        assert_eq!(normalize_name("  Check   IN "), "check in");
        let labels = NameLabels::new(&NameMatching::Aliases(vec![vec![
            "Check-in".into(),
            "Reception desk".into(),
        ]]));
        assert_eq!(labels.label("reception  DESK"), "check-in");
        assert_eq!(labels.label("Logo"), "logo");
    }

    #[test]
    fn settings_sanitize() {
        let s = GradingSettings { tolerance: f64::NAN, ..Default::default() };
        let (clean, notes) = s.sanitized();
        assert_eq!(clean.tolerance, 3.0);
        assert_eq!(notes.len(), 1);
        assert_eq!(GradingSettings::default().effective_slice_width(), 3.0);
    }
}
