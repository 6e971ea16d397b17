//! Customer satisfaction (seed 002): "the extent to which a product's
//! perceived performance matches a buyer's expectations". Per event,
//! performance (`rating`) − `expectation` on a normalised scale gives
//! dissatisfied / satisfied / delighted, rolled up per touch point, stage
//! and journey; plus NPS, CSAT and CES when those columns exist.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dataset::Measure;
use crate::model::{Dataset, Problem, Stage};
use crate::taxonomy::Classification;
use crate::text;

/// A rating scale (inclusive bounds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RatingScale {
    /// Lowest possible rating.
    pub min: f64,
    /// Highest possible rating.
    pub max: f64,
}

/// Options of [`satisfaction`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SatisfactionSettings {
    /// The scale of `rating` and `expectation`; `None` (default): inferred
    /// from the data (the smallest of 1–5, 1–7, 0–10, 0–100 holding every
    /// value; 0–1 for fractions; else the observed range).
    pub scale: Option<RatingScale>,
    /// Half-width of the "satisfied" band, as a share of the scale's range
    /// (0.1 = a tenth of the range). Default 0: only an exact match is satisfied.
    pub tolerance: f64,
    /// How many pain points and moments of delight to list. Default 5.
    pub top: usize,
    /// How many journeys to list (most dissatisfied first). Default 1000.
    pub max_journeys: usize,
}

impl Default for SatisfactionSettings {
    fn default() -> Self {
        SatisfactionSettings { scale: None, tolerance: 0.0, top: 5, max_journeys: 1000 }
    }
}

/// The scale used, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleUsed {
    /// Lowest rating.
    pub min: f64,
    /// Highest rating.
    pub max: f64,
    /// `"settings"`, `"inferred"` (a common scale) or `"observed"` (the data's range).
    pub source: &'static str,
    /// Human statement, e.g. "1–5 (inferred from the data: values 2 to 5)".
    pub statement: String,
}

/// Counts and shares of one group of rated events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatisfactionGroup {
    /// Touch point, stage or journey name.
    pub name: String,
    /// Rated events (both rating and expectation).
    pub events: u64,
    /// Events below expectation (gap < −tolerance).
    pub dissatisfied: u64,
    /// Events within the band.
    pub satisfied: u64,
    /// Events above expectation (gap > tolerance).
    pub delighted: u64,
    /// dissatisfied / events.
    pub share_dissatisfied: f64,
    /// satisfied / events.
    pub share_satisfied: f64,
    /// delighted / events.
    pub share_delighted: f64,
    /// share delighted − share dissatisfied.
    pub net: f64,
    /// Mean normalised gap (performance − expectation), −1 … 1.
    pub mean_gap: f64,
    /// Mean rating (original scale).
    pub mean_rating: f64,
    /// Mean expectation (original scale).
    pub mean_expectation: f64,
    /// The group's verdict from its mean gap: dissatisfied, satisfied or delighted.
    pub verdict: Verdict,
}

/// The seed's three outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Performance falls short of expectations.
    Dissatisfied,
    /// Performance matches expectations (within the tolerance band).
    Satisfied,
    /// Performance exceeds expectations.
    Delighted,
}

/// A pain point or a moment of delight: a touch point, weighted by how often it occurs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moment {
    /// Touch point.
    pub touchpoint: String,
    /// Pain: Σ shortfall (−gap) over its dissatisfied events ÷ all rated events.
    /// Delight: Σ excess (gap) over its delighted events ÷ all rated events.
    pub score: f64,
    /// Its dissatisfied (pain) or delighted (delight) events.
    pub events: u64,
    /// Its rated events.
    pub rated: u64,
    /// Mean normalised gap of those dissatisfied (delighted) events.
    pub mean_gap: f64,
}

/// Net Promoter Score from the `nps` column (0–10).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Nps {
    /// Answers 0–10 counted (each event with an `nps` value is one answer).
    pub responses: u64,
    /// Answers 9–10.
    pub promoters: u64,
    /// Answers 7–8.
    pub passives: u64,
    /// Answers 0–6.
    pub detractors: u64,
    /// 100 × (promoters − detractors) / responses, −100 … 100.
    pub score: f64,
    /// The definition, stated.
    pub definition: String,
}

/// CSAT from the `csat` column (1–5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Csat {
    /// Answers 1–5 counted.
    pub responses: u64,
    /// Answers 4 or 5.
    pub satisfied: u64,
    /// 100 × satisfied / responses (a percentage).
    pub score: f64,
    /// satisfied / responses (0–1): the score as a share, for percent formatting.
    pub share: f64,
    /// The definition, stated.
    pub definition: String,
}

/// CES from the `ces` column (1–7).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ces {
    /// Answers 1–7 counted.
    pub responses: u64,
    /// Mean answer, 1 … 7.
    pub score: f64,
    /// The definition, stated.
    pub definition: String,
}

/// Satisfaction of a dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatisfactionReport {
    /// The scale of rating and expectation (`None` when no event has both).
    pub scale: Option<ScaleUsed>,
    /// The tolerance used (share of the scale's range).
    pub tolerance: f64,
    /// All rated events together.
    pub overall: Option<SatisfactionGroup>,
    /// Per touch point, by name.
    pub touchpoints: Vec<SatisfactionGroup>,
    /// Per stage: pre-purchase, purchase, post-purchase, then "unclassified".
    pub stages: Vec<SatisfactionGroup>,
    /// Number of journeys with rated events, by verdict (from each journey's mean gap).
    pub journeys_dissatisfied: u64,
    /// See `journeys_dissatisfied`.
    pub journeys_satisfied: u64,
    /// See `journeys_dissatisfied`.
    pub journeys_delighted: u64,
    /// Per journey, lowest mean gap first, ties by name; at most `max_journeys`.
    pub journeys: Vec<SatisfactionGroup>,
    /// Journeys with rated events (the list may be shorter).
    pub journey_count: u64,
    /// Most dissatisfying touch points (score > 0), highest score first, ties by name.
    pub pain_points: Vec<Moment>,
    /// Most delighting touch points (score > 0), highest score first, ties by name.
    pub delights: Vec<Moment>,
    /// Events with only one of rating and expectation (not classified).
    pub events_missing_one: u64,
    /// NPS when the `nps` column has answers.
    pub nps: Option<Nps>,
    /// CSAT when the `csat` column has answers.
    pub csat: Option<Csat>,
    /// CES when the `ces` column has answers.
    pub ces: Option<Ces>,
    /// Values skipped (outside their scale, not finite); at most 100 listed.
    pub problems: Vec<Problem>,
    /// Total number of problems.
    pub problem_count: u64,
}

const MAX_PROBLEMS: usize = 100;

#[derive(Default, Clone)]
struct Acc {
    events: u64,
    counts: [u64; 3],
    gap: f64,
    rating: f64,
    expectation: f64,
    pain: f64,
    delight: f64,
}

impl Acc {
    fn add(&mut self, verdict: Verdict, gap: f64, rating: f64, expectation: f64) {
        self.events += 1;
        self.counts[verdict as usize] += 1;
        self.gap += gap;
        self.rating += rating;
        self.expectation += expectation;
        match verdict {
            Verdict::Dissatisfied => self.pain += -gap,
            Verdict::Delighted => self.delight += gap,
            Verdict::Satisfied => {}
        }
    }

    fn group(&self, name: &str, tolerance: f64) -> SatisfactionGroup {
        let n = self.events.max(1) as f64;
        let mean_gap = self.gap / n;
        SatisfactionGroup {
            name: name.to_string(),
            events: self.events,
            dissatisfied: self.counts[0],
            satisfied: self.counts[1],
            delighted: self.counts[2],
            share_dissatisfied: self.counts[0] as f64 / n,
            share_satisfied: self.counts[1] as f64 / n,
            share_delighted: self.counts[2] as f64 / n,
            net: (self.counts[2] as f64 - self.counts[0] as f64) / n,
            mean_gap,
            mean_rating: self.rating / n,
            mean_expectation: self.expectation / n,
            verdict: classify(mean_gap, tolerance),
        }
    }
}

/// Classifies a normalised gap: below −tolerance dissatisfied, above
/// +tolerance delighted, otherwise (band inclusive) satisfied.
pub fn classify(gap: f64, tolerance: f64) -> Verdict {
    let band = tolerance.max(0.0) + 1e-9;
    if gap < -band {
        Verdict::Dissatisfied
    } else if gap > band {
        Verdict::Delighted
    } else {
        Verdict::Satisfied
    }
}

/// Infers the scale from the smallest and largest value seen.
pub fn infer_scale(min: f64, max: f64, all_integers: bool) -> ScaleUsed {
    let observed = text::t(
        "core.value.scale.values",
        "values {min} to {max}",
        &[("min", &fmt(min)), ("max", &fmt(max))],
    );
    let inferred = |lo: f64, hi: f64| ScaleUsed {
        min: lo,
        max: hi,
        source: "inferred",
        statement: text::t(
            "core.value.scale.inferred",
            "{min}–{max} (inferred from the data: {observed})",
            &[("min", &fmt(lo)), ("max", &fmt(hi)), ("observed", &observed)],
        ),
    };
    if min >= 0.0 && max <= 1.0 && !all_integers {
        return inferred(0.0, 1.0);
    }
    for (lo, hi) in [(1.0, 5.0), (1.0, 7.0), (0.0, 10.0), (0.0, 100.0)] {
        if min >= lo && max <= hi {
            return inferred(lo, hi);
        }
    }
    ScaleUsed {
        min,
        max,
        source: "observed",
        statement: text::t(
            "core.value.scale.observed",
            "{min}–{max} (the observed range: no common scale holds {observed})",
            &[("min", &fmt(min)), ("max", &fmt(max)), ("observed", &observed)],
        ),
    }
}

fn fmt(v: f64) -> String {
    crate::number::label_number(v, 2)
}

fn stage_name(stage: Option<Stage>) -> &'static str {
    stage.map(|s| s.key()).unwrap_or("unclassified")
}

/// Satisfaction per event, touch point, stage and journey, with pain points,
/// moments of delight, NPS, CSAT and CES; stages from `classification`.
/// `None` when no event has both rating and expectation and no NPS, CSAT
/// or CES answer exists.
pub fn satisfaction(
    dataset: &Dataset,
    classification: &Classification,
    settings: &SatisfactionSettings,
) -> Option<SatisfactionReport> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut problem_count = 0u64;
    let mut problem = |line: u64, message: String| {
        problem_count += 1;
        if problems.len() < MAX_PROBLEMS {
            problems.push(Problem::new(line, message));
        }
    };
    let finite = |v: Option<f64>| v.filter(|x| x.is_finite());

    // Scale.
    let rating = |i: usize| dataset.measure(Measure::Rating, i);
    let expectation = |i: usize| dataset.measure(Measure::Expectation, i);
    let pairs = || {
        (0..dataset.len()).filter_map(|i| Some((i, finite(rating(i))?, finite(expectation(i))?)))
    };
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut integers = true;
    let mut any_pair = false;
    for (_, r, x) in pairs() {
        any_pair = true;
        lo = lo.min(r).min(x);
        hi = hi.max(r).max(x);
        integers &= r.fract() == 0.0 && x.fract() == 0.0;
    }
    let scale = if !any_pair {
        None
    } else {
        match settings.scale {
            Some(s) if s.min.is_finite() && s.max.is_finite() && s.min < s.max => Some(ScaleUsed {
                min: s.min,
                max: s.max,
                source: "settings",
                statement: text::t(
                    "core.value.scale.settings",
                    "{min}–{max} (from the settings)",
                    &[("min", &fmt(s.min)), ("max", &fmt(s.max))],
                ),
            }),
            Some(s) => {
                problem(
                    0,
                    text::t(
                        "core.value.scale.unusable",
                        "the scale {min}–{max} is not usable (min must be below max); inferred instead",
                        &[("min", &fmt(s.min)), ("max", &fmt(s.max))],
                    ),
                );
                Some(infer_scale(lo, hi, integers))
            }
            None => Some(infer_scale(lo, hi, integers)),
        }
    };
    let tolerance = if settings.tolerance.is_finite() && settings.tolerance >= 0.0 {
        settings.tolerance
    } else {
        problem(
            0,
            text::t(
                "core.value.tolerance",
                "tolerance {tolerance} must be a number ≥ 0; 0 used",
                &[("tolerance", &super::typed_number(settings.tolerance))],
            ),
        );
        0.0
    };

    let mut overall = Acc::default();
    let mut by_tp: BTreeMap<u32, Acc> = BTreeMap::new();
    let mut by_stage: BTreeMap<Option<Stage>, Acc> = BTreeMap::new();
    let mut by_journey: BTreeMap<u32, Acc> = BTreeMap::new();
    let mut missing_one = 0u64;
    if let Some(scale) = &scale {
        // An observed range of one value (every rating equal) would divide by 0.
        let range = if scale.max > scale.min { scale.max - scale.min } else { 1.0 };
        for journey in dataset.journeys() {
            for i in journey.range() {
                let line = dataset.line(i);
                let (r, x) = match (finite(rating(i)), finite(expectation(i))) {
                    (Some(r), Some(x)) => (r, x),
                    (None, None) => continue,
                    _ => {
                        missing_one += 1;
                        continue;
                    }
                };
                let outside = |v: f64| v < scale.min - 1e-9 || v > scale.max + 1e-9;
                if outside(r) || outside(x) {
                    let (column, v) = if outside(r) { ("rating", r) } else { ("expectation", x) };
                    problem(
                        line,
                        text::t(
                            "core.value.outsideScale",
                            "{column} {value} is outside the scale {min}–{max}; event skipped",
                            &[
                                ("column", &column),
                                ("value", &fmt(v)),
                                ("min", &fmt(scale.min)),
                                ("max", &fmt(scale.max)),
                            ],
                        ),
                    );
                    continue;
                }
                let gap = (r - x) / range;
                let verdict = classify(gap, tolerance);
                overall.add(verdict, gap, r, x);
                by_tp.entry(dataset.touchpoint(i)).or_default().add(verdict, gap, r, x);
                let stage = classification.classes_of(dataset, i).stage;
                by_stage.entry(stage).or_default().add(verdict, gap, r, x);
                by_journey.entry(journey.id()).or_default().add(verdict, gap, r, x);
            }
        }
    }

    // NPS, CSAT, CES.
    let mut nps = (0u64, 0u64, 0u64, 0u64);
    let mut csat = (0u64, 0u64);
    let mut ces = (0u64, 0.0f64);
    for i in 0..dataset.len() {
        let line = dataset.line(i);
        if let Some(v) = dataset.measure(Measure::Nps, i) {
            if v.is_finite() && (0.0..=10.0).contains(&v) {
                nps.0 += 1;
                if v >= 9.0 {
                    nps.1 += 1;
                } else if v >= 7.0 {
                    nps.2 += 1;
                } else {
                    nps.3 += 1;
                }
            } else {
                problem(
                    line,
                    text::t(
                        "core.value.npsOutside",
                        "nps {value} is outside 0–10; skipped",
                        &[("value", &fmt(v))],
                    ),
                );
            }
        }
        if let Some(v) = dataset.measure(Measure::Csat, i) {
            if v.is_finite() && (1.0..=5.0).contains(&v) {
                csat.0 += 1;
                if v >= 4.0 {
                    csat.1 += 1;
                }
            } else {
                problem(
                    line,
                    text::t(
                        "core.value.csatOutside",
                        "csat {value} is outside 1–5; skipped",
                        &[("value", &fmt(v))],
                    ),
                );
            }
        }
        if let Some(v) = dataset.measure(Measure::Ces, i) {
            if v.is_finite() && (1.0..=7.0).contains(&v) {
                ces.0 += 1;
                ces.1 += v;
            } else {
                problem(
                    line,
                    text::t(
                        "core.value.cesOutside",
                        "ces {value} is outside 1–7; skipped",
                        &[("value", &fmt(v))],
                    ),
                );
            }
        }
    }
    let nps = (nps.0 > 0).then(|| Nps {
        responses: nps.0,
        promoters: nps.1,
        passives: nps.2,
        detractors: nps.3,
        score: 100.0 * (nps.1 as f64 - nps.3 as f64) / nps.0 as f64,
        definition: text::t(
            "core.value.def.nps",
            "Net Promoter Score: answers 0–10; promoters 9–10, passives 7–8, detractors 0–6; NPS = % promoters − % detractors (−100 … 100)",
            &[],
        ),
    });
    let csat = (csat.0 > 0).then(|| Csat {
        responses: csat.0,
        satisfied: csat.1,
        score: 100.0 * csat.1 as f64 / csat.0 as f64,
        share: csat.1 as f64 / csat.0 as f64,
        definition: text::t(
            "core.value.def.csat",
            "CSAT on a 5-point scale (1–5): the percentage of answers that are 4 or 5",
            &[],
        ),
    });
    let ces = (ces.0 > 0).then(|| Ces {
        responses: ces.0,
        score: ces.1 / ces.0 as f64,
        definition: text::t(
            "core.value.def.ces",
            "Customer Effort Score on a 7-point scale (1–7): the mean answer",
            &[],
        ),
    });

    if scale.is_none() && nps.is_none() && csat.is_none() && ces.is_none() {
        return None;
    }

    let total = overall.events.max(1) as f64;
    let touchpoints: Vec<SatisfactionGroup> = {
        let mut v: Vec<SatisfactionGroup> = by_tp
            .iter()
            .map(|(tp, acc)| acc.group(dataset.touchpoint_names().name(*tp), tolerance))
            .collect();
        crate::sort::sort_by(&mut v, |a, b| a.name.cmp(&b.name));
        v
    };
    let moments = |pain: bool| -> Vec<Moment> {
        let mut v: Vec<Moment> = by_tp
            .iter()
            .filter_map(|(tp, acc)| {
                let (sum, count) =
                    if pain { (acc.pain, acc.counts[0]) } else { (acc.delight, acc.counts[2]) };
                (count > 0).then(|| Moment {
                    touchpoint: dataset.touchpoint_names().name(*tp).to_string(),
                    score: sum / total,
                    events: count,
                    rated: acc.events,
                    mean_gap: if pain { -sum } else { sum } / count as f64,
                })
            })
            .collect();
        crate::sort::sort_by(&mut v, |a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| a.touchpoint.cmp(&b.touchpoint))
        });
        v.truncate(settings.top);
        v
    };
    let pain_points = moments(true);
    let delights = moments(false);
    let stages: Vec<SatisfactionGroup> = {
        let order =
            [Some(Stage::PrePurchase), Some(Stage::Purchase), Some(Stage::PostPurchase), None];
        order
            .iter()
            .filter_map(|s| by_stage.get(s).map(|acc| acc.group(stage_name(*s), tolerance)))
            .collect()
    };
    let mut journeys: Vec<SatisfactionGroup> = by_journey
        .iter()
        .map(|(j, acc)| acc.group(dataset.journey_names().name(*j), tolerance))
        .collect();
    let count = |v: Verdict| journeys.iter().filter(|g| g.verdict == v).count() as u64;
    let (jd, js, jl) =
        (count(Verdict::Dissatisfied), count(Verdict::Satisfied), count(Verdict::Delighted));
    let journey_count = journeys.len() as u64;
    crate::sort::sort_by(&mut journeys, |a, b| {
        a.mean_gap
            .partial_cmp(&b.mean_gap)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.name.cmp(&b.name))
    });
    journeys.truncate(settings.max_journeys);

    Some(SatisfactionReport {
        scale,
        tolerance,
        overall: (overall.events > 0).then(|| overall.group("all", tolerance)),
        touchpoints,
        stages,
        journeys_dissatisfied: jd,
        journeys_satisfied: js,
        journeys_delighted: jl,
        journeys,
        journey_count,
        pain_points,
        delights,
        events_missing_one: missing_one,
        nps,
        csat,
        ces,
        problems,
        problem_count,
    })
}
