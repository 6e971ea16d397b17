//! Scores: per student, per key touch point, and the class's totals.
//!
//! With H hits (matched pairs), M usable student marks and K key marks:
//! - misses = K − H, extras = M − H;
//! - precision = H / M (undefined when M = 0), recall = H / K (undefined
//!   when K = 0);
//! - F1 = 2H / (M + K), which equals the harmonic mean of precision and
//!   recall when both are defined, is 0 when only one side is empty and is
//!   1 when both are empty;
//! - count accuracy = max(0, 1 − |M − K| / K) (K = 0: 1 when M = 0, else 0);
//! - class agreement = agreeing dimensions / compared dimensions over the
//!   hits, comparing each of the five class dimensions the key decided (an
//!   undecided student class counts as a disagreement);
//! - score = (w_f1·F1 + w_count·count accuracy + w_class·class agreement) /
//!   (w_f1 + w_count + w_class), where the class term is left out for
//!   everyone when the key decides no class, and counts 0 for a student with
//!   no compared dimension otherwise;
//! - grade = min + (max − min) × score, rounded.

use serde::{Deserialize, Serialize};

use super::matching::{match_marks, span};
use super::moments::ShapeCounts;
use super::settings::GradingSettings;
use crate::model::{Classes, Mark};

/// A mark as shown in a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkRef {
    /// Position among the observer's usable marks, in time order.
    pub index: usize,
    /// Start in seconds.
    pub time: f64,
    /// End in seconds for a state event.
    pub end: Option<f64>,
    /// The touch point name as the observer wrote it.
    pub touchpoint: String,
}

impl MarkRef {
    fn of(index: usize, m: &Mark) -> MarkRef {
        MarkRef {
            index,
            time: m.start,
            end: span(m).map(|s| s.1),
            touchpoint: m.touchpoint.clone(),
        }
    }
}

/// One class dimension on which a student's hit disagrees with the key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassMistake {
    /// Dimension name (`"kind"`, `"owner"`, `"stage"`, `"media"`, `"direction"`).
    pub dimension: String,
    /// The key's value (label).
    pub key: String,
    /// The student's value (label), `None` when the student left it open.
    pub student: Option<String>,
}

/// One hit: a key mark and the student mark matched to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The key's mark.
    pub key: MarkRef,
    /// The student's mark.
    pub student: MarkRef,
    /// Student start − key start, seconds.
    pub offset: f64,
    /// Class dimensions the student got wrong on this hit.
    pub class_mistakes: Vec<ClassMistake>,
}

/// The scores of one student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudentScore {
    /// The student's name or id.
    pub observer: String,
    /// Usable marks (the student's total; M).
    pub marks: usize,
    /// The key's usable marks (K).
    pub key_total: usize,
    /// Matched pairs (H).
    pub hits: usize,
    /// Key marks not found: K − H.
    pub misses: usize,
    /// Student marks matching no key mark: M − H.
    pub extras: usize,
    /// H / M; `None` when M = 0.
    pub precision: Option<f64>,
    /// H / K; `None` when K = 0.
    pub recall: Option<f64>,
    /// 2H / (M + K); 1 when both are 0.
    pub f1: f64,
    /// Mean |Δt| over hits, seconds; `None` without hits.
    pub mean_abs_offset: Option<f64>,
    /// Mean signed Δt (student − key) over hits, seconds; `None` without hits.
    pub mean_offset: Option<f64>,
    /// Share of compared class dimensions that agree with the key on hits;
    /// `None` when nothing was compared.
    pub class_agreement: Option<f64>,
    /// Class dimensions compared on hits.
    pub class_compared: usize,
    /// M − K: positive when the student counted too many.
    pub count_difference: i64,
    /// max(0, 1 − |M − K| / K).
    pub count_accuracy: f64,
    /// The weighted score in [0, 1] before scaling.
    pub score: f64,
    /// The grade on the settings' scale, rounded.
    pub grade: f64,
    /// Hits, by key time.
    pub hit_list: Vec<Hit>,
    /// Key marks missed, by time.
    pub missed: Vec<MarkRef>,
    /// Student marks matching nothing, by time.
    pub extra: Vec<MarkRef>,
    /// Marks of this student that could not be used, and why.
    pub problems: Vec<String>,
    /// How this student's usable marks were graded: moments (and why) and
    /// state events ([`crate::classroom::moments`]).
    #[serde(default)]
    pub shapes: ShapeCounts,
    /// How good the score is (the colour of its grade bar).
    #[serde(default)]
    pub quality: Quality,
    /// Place by grade, best first; equal grades share the place (1, 1, 3).
    /// Set by [`crate::classroom::grade`] (0 until then).
    #[serde(default)]
    pub rank: usize,
}

/// How good a share or score from 0 to 1 is: the one set of thresholds of
/// the classroom's bars and charts (page and core alike).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quality {
    /// At least 0.75.
    Good,
    /// At least 0.5.
    Fair,
    /// Below 0.5 (or not a number).
    #[default]
    Poor,
}

impl Quality {
    /// The quality of `share` (0–1): good from 0.75, fair from 0.5, else poor.
    pub fn of(share: f64) -> Quality {
        if share >= 0.75 {
            Quality::Good
        } else if share >= 0.5 {
            Quality::Fair
        } else {
            Quality::Poor
        }
    }
}

/// The places of `grades` (in their order), best first: equal grades share
/// the place, the next grade takes its position (1, 1, 3).
pub fn ranks(grades: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..grades.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| grades[b].total_cmp(&grades[a]));
    let mut rank = vec![0; grades.len()];
    for (k, &i) in order.iter().enumerate() {
        rank[i] =
            if k > 0 && grades[order[k - 1]] == grades[i] { rank[order[k - 1]] } else { k + 1 };
    }
    rank
}

/// The class's grades at a glance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GradeSummary {
    /// Mean grade (`None` without students).
    pub mean: Option<f64>,
    /// Median grade (mean of the two middle grades when even).
    pub median: Option<f64>,
    /// Mean F1 of the students.
    pub mean_f1: Option<f64>,
}

/// The mean and median grade and the mean F1 of `students`.
pub fn grade_summary(students: &[StudentScore]) -> GradeSummary {
    let n = students.len();
    if n == 0 {
        return GradeSummary::default();
    }
    let mut grades: Vec<f64> = students.iter().map(|s| s.grade).collect();
    crate::sort::sort_by(&mut grades, |a, b| a.total_cmp(b));
    let median =
        if n % 2 == 1 { grades[(n - 1) / 2] } else { (grades[n / 2 - 1] + grades[n / 2]) / 2.0 };
    GradeSummary {
        mean: Some(grades.iter().sum::<f64>() / n as f64),
        median: Some(median),
        mean_f1: Some(students.iter().map(|s| s.f1).sum::<f64>() / n as f64),
    }
}

/// Scores one student. `key` and `student` are usable marks in time order
/// (as [`crate::classroom::grade`] prepares them); `settings` sanitized.
pub fn score_student(
    observer: &str,
    key: &[Mark],
    student: &[Mark],
    settings: &GradingSettings,
) -> StudentScore {
    let matching = match_marks(key, student, settings);
    let (k, m, h) = (key.len(), student.len(), matching.pairs.len());
    let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
    let f1 = if m + k == 0 { 1.0 } else { 2.0 * h as f64 / (m + k) as f64 };
    let count_accuracy = if k == 0 {
        if m == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        (1.0 - (m as f64 - k as f64).abs() / k as f64).max(0.0)
    };

    let mut compared = 0usize;
    let mut agreed = 0usize;
    let mut hit_list = Vec::with_capacity(h);
    for p in &matching.pairs {
        let mistakes = class_mistakes(&key[p.key].classes, &student[p.student].classes);
        let decided = decided_dimensions(&key[p.key].classes);
        compared += decided;
        agreed += decided - mistakes.len();
        hit_list.push(Hit {
            key: MarkRef::of(p.key, &key[p.key]),
            student: MarkRef::of(p.student, &student[p.student]),
            offset: p.offset,
            class_mistakes: mistakes,
        });
    }
    let class_agreement = ratio(agreed, compared);
    let key_classifies = key.iter().any(|m| !m.classes.is_empty());

    let w = settings.weights;
    let mut num = w.f1 * f1 + w.count * count_accuracy;
    let mut den = w.f1 + w.count;
    if key_classifies {
        num += w.class * class_agreement.unwrap_or(0.0);
        den += w.class;
    }
    let score = if den > 0.0 { (num / den).clamp(0.0, 1.0) } else { f1 };
    let scale = settings.scale;
    let raw = scale.min + (scale.max - scale.min) * score;
    let factor = 10f64.powi(scale.decimals.min(6) as i32);
    let grade = (raw * factor).round() / factor;

    let mean = |f: &dyn Fn(f64) -> f64| {
        (h > 0).then(|| matching.pairs.iter().map(|p| f(p.offset)).sum::<f64>() / h as f64)
    };
    StudentScore {
        observer: observer.to_string(),
        marks: m,
        key_total: k,
        hits: h,
        misses: k - h,
        extras: m - h,
        precision: ratio(h, m),
        recall: ratio(h, k),
        f1,
        mean_abs_offset: mean(&|d: f64| d.abs()),
        mean_offset: mean(&|d: f64| d),
        class_agreement,
        class_compared: compared,
        count_difference: m as i64 - k as i64,
        count_accuracy,
        score,
        quality: Quality::of(score),
        rank: 0,
        grade,
        hit_list,
        missed: matching.missed.iter().map(|&i| MarkRef::of(i, &key[i])).collect(),
        extra: matching.extra.iter().map(|&j| MarkRef::of(j, &student[j])).collect(),
        problems: Vec::new(),
        shapes: ShapeCounts::default(),
    }
}

fn decided_dimensions(c: &Classes) -> usize {
    [
        c.kind.is_some(),
        c.owner.is_some(),
        c.stage.is_some(),
        c.media.is_some(),
        c.direction.is_some(),
    ]
    .iter()
    .filter(|&&d| d)
    .count()
}

/// The dimensions the key decided on which the student differs or is silent.
fn class_mistakes(key: &Classes, student: &Classes) -> Vec<ClassMistake> {
    let mut out = Vec::new();
    macro_rules! dim {
        ($field:ident, $name:literal) => {
            if let Some(k) = key.$field {
                if student.$field != Some(k) {
                    out.push(ClassMistake {
                        dimension: $name.to_string(),
                        key: crate::text::class_label(k.key(), k.label()),
                        student: student
                            .$field
                            .map(|s| crate::text::class_label(s.key(), s.label())),
                    });
                }
            }
        };
    }
    dim!(kind, "kind");
    dim!(owner, "owner");
    dim!(stage, "stage");
    dim!(media, "media");
    dim!(direction, "direction");
    out
}

/// How the class did on one key touch point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TouchpointScore {
    /// The key's mark.
    pub key: MarkRef,
    /// Students who found it (a hit on this key mark).
    pub found_by: usize,
    /// found_by / students; `None` when there are no students.
    pub share: Option<f64>,
    /// Mean signed offset (student − key) of those who found it, seconds.
    pub mean_offset: Option<f64>,
    /// Mean |offset| of those who found it, seconds.
    pub mean_abs_offset: Option<f64>,
    /// Positions (in the students list) of those who missed it.
    pub missed_by: Vec<usize>,
    /// How good `share` is (no students: poor).
    #[serde(default)]
    pub quality: Quality,
}

/// One row per key mark, most missed first (lowest share; ties by time).
pub fn touchpoint_scores(key: &[Mark], students: &[StudentScore]) -> Vec<TouchpointScore> {
    let n = students.len();
    let mut rows: Vec<TouchpointScore> = key
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let offsets: Vec<f64> = students
                .iter()
                .filter_map(|s| s.hit_list.iter().find(|h| h.key.index == i).map(|h| h.offset))
                .collect();
            let found = offsets.len();
            let mean = |f: fn(f64) -> f64| {
                (found > 0).then(|| offsets.iter().map(|&d| f(d)).sum::<f64>() / found as f64)
            };
            TouchpointScore {
                key: MarkRef::of(i, m),
                found_by: found,
                share: (n > 0).then(|| found as f64 / n as f64),
                quality: Quality::of(if n > 0 { found as f64 / n as f64 } else { 0.0 }),
                mean_offset: mean(|d| d),
                mean_abs_offset: mean(f64::abs),
                missed_by: students
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.missed.iter().any(|r| r.index == i))
                    .map(|(j, _)| j)
                    .collect(),
            }
        })
        .collect();
    crate::sort::sort_by(&mut rows, |a, b| {
        a.found_by.cmp(&b.found_by).then(a.key.index.cmp(&b.key.index))
    });
    rows
}

/// Number of students who gave one total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TotalCount {
    /// A total (number of usable marks).
    pub total: usize,
    /// Students with that total.
    pub students: usize,
}

/// The students' answers to "how many touch points?" against the key's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TotalsDistribution {
    /// The key's total.
    pub key_total: usize,
    /// Each student's total, in the students' order.
    pub totals: Vec<usize>,
    /// Histogram: one entry per distinct total, ascending.
    pub histogram: Vec<TotalCount>,
    /// Smallest total (`None` without students).
    pub min: Option<usize>,
    /// Largest total.
    pub max: Option<usize>,
    /// Mean total.
    pub mean: Option<f64>,
    /// Median total (mean of the two middle totals when even).
    pub median: Option<f64>,
    /// Students whose total is below the key's.
    pub under: usize,
    /// Students whose total equals the key's.
    pub exact: usize,
    /// Students whose total is above the key's.
    pub over: usize,
}

/// Summarises the students' totals against `key_total`.
pub fn totals_distribution(key_total: usize, totals: &[usize]) -> TotalsDistribution {
    let mut sorted = totals.to_vec();
    crate::sort::sort(&mut sorted);
    let mut histogram: Vec<TotalCount> = Vec::new();
    for &t in &sorted {
        match histogram.last_mut() {
            Some(last) if last.total == t => last.students += 1,
            _ => histogram.push(TotalCount { total: t, students: 1 }),
        }
    }
    let n = sorted.len();
    let median = (n > 0).then(|| {
        if n % 2 == 1 {
            sorted[n / 2] as f64
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
        }
    });
    TotalsDistribution {
        key_total,
        totals: totals.to_vec(),
        histogram,
        min: sorted.first().copied(),
        max: sorted.last().copied(),
        mean: (n > 0).then(|| sorted.iter().sum::<usize>() as f64 / n as f64),
        median,
        under: sorted.iter().filter(|&&t| t < key_total).count(),
        exact: sorted.iter().filter(|&&t| t == key_total).count(),
        over: sorted.iter().filter(|&&t| t > key_total).count(),
    }
}
