//! The customer journey map, drawn from the data: stages across (the stage
//! classes pre-purchase, purchase, post-purchase — or stages defined by
//! steps, such as "Awareness = touchpoint ~ ad | influencer"), the touch
//! points met in each stage (by how many journeys, with their kind), and the
//! customer's experience as a curve: satisfaction (perceived performance −
//! expectation, on the rating scale normalised to −1 … 1) where ratings
//! exist, otherwise engagement (the engagement score's points per touch),
//! with pain points and moments of delight marked. For the whole dataset, a
//! segment (converted or not) or one journey.

use super::source::Source;
use super::steps::{parse_step, Dimension, Matcher, StepMatcher};
use crate::engagement::EngagementSettings;
use crate::error::{Error, Result};
use crate::model::Stage;
use crate::text;
use crate::value::satisfaction::{classify, infer_scale, Verdict};
use crate::value::SatisfactionSettings;
use serde::{Deserialize, Serialize};

/// A stage defined by a step (`{"name": "Awareness", "step": "touchpoint ~ ad | influencer"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    pub name: String,
    /// The step, in the text form (see [`super::steps`]).
    pub step: String,
}

/// Which journeys the map shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Segment {
    /// Every journey.
    #[default]
    All,
    /// Journeys with an event whose converted is true.
    Converted,
    /// The other journeys.
    NotConverted,
    /// One journey, by name.
    Journey(String),
}

/// What the experience curve shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Experience {
    /// Satisfaction where the data has ratings with expectations, else engagement.
    #[default]
    Auto,
    Satisfaction,
    Engagement,
}

/// Options of the journey map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MapSettings {
    /// Stages defined by steps, in order (the first matching stage takes an
    /// event); empty: the stage classes.
    pub stages: Vec<StageSpec>,
    pub segment: Segment,
    pub experience: Experience,
    /// Touch points listed per stage (default 6).
    pub top: usize,
    /// Pain points and moments of delight marked (each, default 3).
    pub moments: usize,
}

impl Default for MapSettings {
    fn default() -> MapSettings {
        MapSettings {
            stages: Vec::new(),
            segment: Segment::All,
            experience: Experience::Auto,
            top: 6,
            moments: 3,
        }
    }
}

/// A touch point in a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapTouchpoint {
    pub touchpoint: String,
    /// Journeys of the segment that met it in this stage.
    pub journeys: u64,
    /// journeys ÷ journeys of the segment.
    pub share: f64,
    pub events: u64,
    /// Its kind key (colour), from the rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// Mean satisfaction gap (−1 … 1) or mean engagement points, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experience: Option<f64>,
    /// Rated events behind a satisfaction value.
    pub rated: u64,
    /// Mean position in the journey, 0 (first event) … 1 (last): the order within the stage.
    pub position: f64,
    /// For one journey: the time of the event (text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
}

/// A stage column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapStage {
    pub name: String,
    /// Journeys of the segment with an event in the stage.
    pub journeys: u64,
    pub share: f64,
    pub events: u64,
    /// The stage's experience (mean over its rated events, or its events' mean points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experience: Option<f64>,
    /// The most met touch points, in journey order.
    pub touchpoints: Vec<MapTouchpoint>,
    /// Touch points of the stage not listed.
    pub more: usize,
}

/// A pain point or a moment of delight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapMoment {
    pub touchpoint: String,
    /// 0-based stage.
    pub stage: usize,
    /// Mean gap of the touch point in the stage.
    pub experience: f64,
    /// Σ shortfall (pain) or excess (delight) over its dissatisfied (delighted) events ÷ all rated events.
    pub score: f64,
}

/// The map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyMap {
    pub settings: MapSettings,
    /// The segment in words.
    pub segment: String,
    /// Journeys of the segment.
    pub journeys: u64,
    /// `"satisfaction"` or `"engagement"`.
    pub experience: &'static str,
    /// How the curve is computed, in words.
    pub experience_statement: String,
    pub stages: Vec<MapStage>,
    pub pain_points: Vec<MapMoment>,
    pub delights: Vec<MapMoment>,
    pub notes: Vec<String>,
}

#[derive(Default, Clone)]
struct Acc {
    journeys: u64,
    events: u64,
    last_journey: u32,
    gap: f64,
    rated: u64,
    points: f64,
    position: f64,
    pain: f64,
    delight: f64,
    dissatisfied: u64,
    delighted: u64,
    first_time: f64,
}

impl Acc {
    fn add_journey(&mut self, journey: u32) {
        if self.journeys == 0 || self.last_journey != journey {
            self.journeys += 1;
            self.last_journey = journey;
        }
    }
}

/// Draws the journey map of a classified dataset.
pub fn journey_map(
    source: Source<'_>,
    settings: &MapSettings,
    satisfaction: &SatisfactionSettings,
    engagement: &EngagementSettings,
) -> Result<JourneyMap> {
    // Stages: the stage classes, or steps.
    let custom: Vec<Matcher> = settings
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            parse_step(&s.step, 1).map_err(|e| {
                Error::at(
                    0,
                    text::t(
                        "core.journeys.map.stage",
                        "stage {n} ({name}): {message}",
                        &[
                            ("n", &(i + 1)),
                            ("name", &format!("{:?}", s.name)),
                            ("message", &e.message),
                        ],
                    ),
                )
            })
        })
        .collect::<Result<_>>()?;
    if settings.stages.len() > 12 {
        return Err(Error::at(
            0,
            text::t(
                "core.journeys.map.tooManyStages",
                "{n} stages: a map has at most 12",
                &[("n", &settings.stages.len())],
            ),
        ));
    }
    let refs: Vec<&Matcher> = custom.iter().collect();
    let matcher = StepMatcher::new(&refs, source.touchpoint_names(), source.channel_names())?;
    let mut stage_names: Vec<String> = if custom.is_empty() {
        Stage::ALL.iter().map(|s| text::class_label(s.key(), s.label())).collect()
    } else {
        settings.stages.iter().map(|s| s.name.clone()).collect()
    };
    let unclassified_slot = stage_names.len();
    stage_names.push(if custom.is_empty() {
        text::class_label("unclassified", "unclassified")
    } else {
        text::t("core.journeys.map.noStage", "(no stage)", &[])
    });
    let stage_of = |i: usize| -> usize {
        if custom.is_empty() {
            let c = source.classes(i);
            match Dimension::Stage.key_of(&c) {
                Some(key) => {
                    Stage::ALL.iter().position(|s| s.key() == key).unwrap_or(unclassified_slot)
                }
                None => unclassified_slot,
            }
        } else {
            let classes = matcher.needs_classes().then(|| source.classes(i));
            let m = matcher.mask(source.touchpoint(i), source.channel(i), classes.as_ref());
            if m == 0 {
                unclassified_slot
            } else {
                m.trailing_zeros() as usize
            }
        }
    };

    // The rating scale, over every rated event (as the satisfaction report).
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut integers = true;
    let mut rated_events = 0u64;
    for j in source.journeys() {
        for i in j.range() {
            if let (Some(r), Some(x)) = source.rating(i) {
                if r.is_finite() && x.is_finite() {
                    rated_events += 1;
                    lo = lo.min(r).min(x);
                    hi = hi.max(r).max(x);
                    integers &= r.fract() == 0.0 && x.fract() == 0.0;
                }
            }
        }
    }
    let use_satisfaction = match settings.experience {
        Experience::Auto => rated_events > 0,
        Experience::Satisfaction => true,
        Experience::Engagement => false,
    };
    let scale = match satisfaction.scale {
        Some(s) if s.min.is_finite() && s.max.is_finite() && s.min < s.max => Some((
            s.min,
            s.max,
            text::t(
                "core.map.statement.scale.settings",
                "the scale {min}–{max} from the settings",
                &[("min", &plain_number(s.min)), ("max", &plain_number(s.max))],
            ),
        )),
        _ if rated_events > 0 => {
            let used = infer_scale(lo, hi, integers);
            Some((
                used.min,
                used.max,
                text::t(
                    "core.map.statement.scale.inferred",
                    "the scale {scale}",
                    &[("scale", &used.statement)],
                ),
            ))
        }
        _ => None,
    };
    let tolerance = if satisfaction.tolerance.is_finite() && satisfaction.tolerance >= 0.0 {
        satisfaction.tolerance
    } else {
        0.0
    };
    let advocacy_tp: Vec<bool> =
        source.touchpoint_names().iter().map(|n| engagement.is_advocacy(n)).collect();
    let advocacy_ch: Vec<bool> =
        source.channel_names().iter().map(|n| engagement.is_advocacy(n)).collect();
    let point_table = engagement.point_table();

    // One pass over the segment's journeys.
    let n_stages = stage_names.len();
    let n_tp = source.touchpoint_names().len();
    let mut by_tp: Vec<Vec<Acc>> = vec![vec![Acc::default(); n_tp]; n_stages];
    let mut stages: Vec<Acc> = vec![Acc::default(); n_stages];
    let mut single: Vec<Vec<MapTouchpoint>> = vec![Vec::new(); n_stages];
    let mut journeys = 0u64;
    let one = match &settings.segment {
        Segment::Journey(name) => Some(name.as_str()),
        _ => None,
    };
    for j in source.journeys() {
        let range = j.range();
        if let Some(name) = one {
            if j.name() != name {
                continue;
            }
        }
        let converted = range.clone().any(|i| source.converted(i) == Some(true));
        match settings.segment {
            Segment::Converted if !converted => continue,
            Segment::NotConverted if converted => continue,
            _ => {}
        }
        journeys += 1;
        let len = range.len();
        for (o, i) in range.clone().enumerate() {
            let s = stage_of(i);
            let tp = source.touchpoint(i);
            let position = if len > 1 { o as f64 / (len - 1) as f64 } else { 0.0 };
            let gap = match (scale.as_ref(), source.rating(i)) {
                (Some((min, max, _)), (Some(r), Some(x)))
                    if r.is_finite()
                        && x.is_finite()
                        && r >= *min - 1e-9
                        && r <= *max + 1e-9
                        && x >= *min - 1e-9
                        && x <= *max + 1e-9 =>
                {
                    let range = if max > min { max - min } else { 1.0 };
                    Some((r - x) / range)
                }
                _ => None,
            };
            let advocacy = advocacy_tp.get(tp as usize).copied().unwrap_or(false)
                || source
                    .channel(i)
                    .is_some_and(|c| advocacy_ch.get(c as usize).copied().unwrap_or(false));
            let points = point_table.points(&source.classes(i), advocacy).total();
            let Some(tp_acc) = by_tp[s].get_mut(tp as usize) else { continue };
            for acc in [&mut stages[s], tp_acc] {
                acc.add_journey(j.id());
                acc.events += 1;
                acc.position += position;
                acc.points += points;
                if acc.events == 1 {
                    acc.first_time = source.time(i);
                }
                if let Some(g) = gap {
                    acc.rated += 1;
                    acc.gap += g;
                    match classify(g, tolerance) {
                        Verdict::Dissatisfied => {
                            acc.pain += -g;
                            acc.dissatisfied += 1;
                        }
                        Verdict::Delighted => {
                            acc.delight += g;
                            acc.delighted += 1;
                        }
                        Verdict::Satisfied => {}
                    }
                }
            }
            if one.is_some() {
                let experience = if use_satisfaction { gap } else { Some(points) };
                single[s].push(MapTouchpoint {
                    touchpoint: source.touchpoint_names().name(tp).to_string(),
                    journeys: 1,
                    share: 1.0,
                    events: 1,
                    kind: source.classes(i).kind.map(|k| k.key()),
                    experience,
                    rated: u64::from(gap.is_some()),
                    position,
                    time: Some(crate::time::format_time(source.time_base(), source.time(i))),
                });
            }
        }
    }
    if let Some(name) = one {
        if journeys == 0 {
            return Err(Error::at(
                0,
                text::t(
                    "core.journeys.map.noJourney",
                    "the journey map: no journey named {name}",
                    &[("name", &format!("{name:?}"))],
                ),
            ));
        }
    }
    let share = |n: u64| if journeys == 0 { 0.0 } else { n as f64 / journeys as f64 };
    let experience_of = |a: &Acc| -> Option<f64> {
        if use_satisfaction {
            (a.rated > 0).then(|| a.gap / a.rated as f64)
        } else {
            (a.events > 0).then(|| a.points / a.events as f64)
        }
    };
    let top = settings.top.clamp(1, 30);
    let mut out_stages = Vec::new();
    let total_rated: u64 = stages.iter().map(|a| a.rated).sum();
    let mut pains: Vec<MapMoment> = Vec::new();
    let mut delights: Vec<MapMoment> = Vec::new();
    for s in 0..n_stages {
        if s == unclassified_slot && stages[s].events == 0 {
            continue;
        }
        let stage_index = out_stages.len();
        let mut tps: Vec<(u32, &Acc)> = by_tp[s]
            .iter()
            .enumerate()
            .filter(|(_, a)| a.events > 0)
            .map(|(t, a)| (t as u32, a))
            .collect();
        let name = |t: u32| source.touchpoint_names().name(t).to_string();
        for (t, a) in &tps {
            if use_satisfaction && a.rated > 0 {
                let mean = a.gap / a.rated as f64;
                let total = total_rated.max(1) as f64;
                if a.dissatisfied > 0 && classify(mean, tolerance) == Verdict::Dissatisfied {
                    pains.push(MapMoment {
                        touchpoint: name(*t),
                        stage: stage_index,
                        experience: mean,
                        score: a.pain / total,
                    });
                }
                if a.delighted > 0 && classify(mean, tolerance) == Verdict::Delighted {
                    delights.push(MapMoment {
                        touchpoint: name(*t),
                        stage: stage_index,
                        experience: mean,
                        score: a.delight / total,
                    });
                }
            }
        }
        crate::sort::sort_by(&mut tps, |a, b| {
            let names = source.touchpoint_names();
            b.1.journeys.cmp(&a.1.journeys).then_with(|| names.name(a.0).cmp(names.name(b.0)))
        });
        let more = tps.len().saturating_sub(top);
        let mut listed: Vec<MapTouchpoint> = if one.is_some() {
            std::mem::take(&mut single[s])
        } else {
            tps.iter()
                .take(top)
                .map(|(t, a)| MapTouchpoint {
                    touchpoint: name(*t),
                    journeys: a.journeys,
                    share: share(a.journeys),
                    events: a.events,
                    kind: source.touchpoint_classes(*t).kind.map(|k| k.key()),
                    experience: experience_of(a),
                    rated: a.rated,
                    position: a.position / a.events.max(1) as f64,
                    time: None,
                })
                .collect()
        };
        let more = if one.is_some() { listed.len().saturating_sub(top) } else { more };
        if one.is_none() {
            crate::sort::sort_by(&mut listed, |a, b| {
                a.position.total_cmp(&b.position).then_with(|| a.touchpoint.cmp(&b.touchpoint))
            });
        } else {
            listed.truncate(top);
        }
        out_stages.push(MapStage {
            name: stage_names[s].clone(),
            journeys: stages[s].journeys,
            share: share(stages[s].journeys),
            events: stages[s].events,
            experience: experience_of(&stages[s]),
            touchpoints: listed,
            more,
        });
    }
    let order = |v: &mut Vec<MapMoment>| {
        crate::sort::sort_by(v, |a, b| {
            b.score.total_cmp(&a.score).then_with(|| a.touchpoint.cmp(&b.touchpoint))
        });
        v.truncate(settings.moments);
    };
    order(&mut pains);
    order(&mut delights);
    let segment = match &settings.segment {
        Segment::All => text::t("core.map.segment.all", "all journeys", &[]),
        Segment::Converted => text::t(
            "core.map.segment.converted",
            "journeys that converted (an event with converted = true)",
            &[],
        ),
        Segment::NotConverted => {
            text::t("core.map.segment.notConverted", "journeys that did not convert", &[])
        }
        Segment::Journey(name) => {
            text::t("core.journeys.map.segment.journey", "the journey {name}", &[("name", name)])
        }
    };
    let experience_statement = if use_satisfaction {
        let scale_text = scale.as_ref().map(|s| s.2.clone()).unwrap_or_else(|| {
            text::t("core.map.statement.scale.none", "no rating scale (no rated events)", &[])
        });
        text::t(
            "core.map.statement.satisfaction",
            "Satisfaction = (perceived performance − expectation) ÷ the scale's range, from −1 to 1, averaged over the rated events ({scale}); below 0 the customer is dissatisfied, above 0 delighted. Pain points: the touch points whose mean is dissatisfied, weighted by how often they disappoint (Σ shortfall ÷ all rated events); moments of delight likewise.",
            &[("scale", &scale_text)],
        )
    } else {
        text::t(
            "core.map.statement.engagement",
            "Engagement = the engagement score's points per touch (base + kind + direction + owner + media + advocacy weights, before decay), averaged over the events: the data has no ratings with expectations, so there are no pain points or moments of delight to mark.",
            &[],
        )
    };
    let mut notes = Vec::new();
    if custom.is_empty() {
        notes.push(text::t(
            "core.map.statement.stages.classes",
            "Stages are the stage class of each event (a stage column of the data, or the rules).",
            &[],
        ));
    } else {
        notes.push(text::t(
            "core.map.statement.stages.steps",
            "Each event goes to the first stage whose step it matches; events of no stage are shown under \"{none}\".",
            &[("none", &text::t("core.journeys.map.noStage", "(no stage)", &[]))],
        ));
    }
    notes.push(text::t(
        "core.map.statement.touchpoints",
        "Touch points per stage: the most met (by journeys), in the order journeys meet them (mean position in the journey).",
        &[],
    ));
    Ok(JourneyMap {
        settings: settings.clone(),
        segment,
        journeys,
        experience: if use_satisfaction { "satisfaction" } else { "engagement" },
        experience_statement,
        stages: out_stages,
        pain_points: pains,
        delights,
        notes,
    })
}

/// `value` as Rust writes it (`1`, `4.5`), with the page's decimal separator.
fn plain_number(value: f64) -> String {
    let written = value.to_string();
    let digits = written.split_once('.').map_or(0, |(_, f)| f.len());
    crate::number::decimal(value, digits)
}

impl JourneyMap {
    /// The map as CSV: stage, touch point, journeys, share, events, kind, experience.
    pub fn csv(&self) -> String {
        use crate::csv_cell::guarded;
        let mut out =
            String::from("stage,touchpoint,journeys,share,events,kind,experience,rated\n");
        for s in &self.stages {
            for t in &s.touchpoints {
                out.push_str(&format!(
                    "{},{},{},{},{},{},{},{}\n",
                    guarded(&s.name),
                    guarded(&t.touchpoint),
                    t.journeys,
                    t.share,
                    t.events,
                    t.kind.unwrap_or(""),
                    t.experience.map(|e| e.to_string()).unwrap_or_default(),
                    t.rated
                ));
            }
        }
        out
    }
}
