//! The report: counts of events, journeys and touch points, by touch point
//! and by every class dimension, overall and per journey. A plain
//! serializable value: the page, the widget and the command line show the
//! same numbers.

use crate::dataset::Measure;
use crate::model::{Classes, Dataset, Direction, Kind, Media, Owner, Problem, Stage, TimeBase};
use crate::taxonomy::{Classification, Rule};
use crate::time::{format_duration, format_time};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many journeys the report lists one by one (all are counted).
pub const JOURNEYS_LISTED: usize = 10_000;

/// Events, journeys and touch points, counted and classified.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Name of the rule set used.
    pub rules: String,
    pub time_base: TimeBase,
    /// Number of events read.
    pub events: u64,
    /// Number of journeys (customers, or video observations).
    pub journeys: u64,
    /// Number of distinct touch point names.
    pub unique_touchpoints: u64,
    /// Data rows read, good and bad.
    pub rows: u64,
    /// Input size in bytes.
    pub bytes: u64,
    /// When the events happen.
    pub span: Span,
    /// Touch points per journey, and each journey's counts.
    pub per_journey: PerJourney,
    /// Every touch point, most frequent first.
    pub by_touchpoint: Vec<TouchpointCount>,
    pub by_kind: Vec<ClassCount>,
    pub by_owner: Vec<ClassCount>,
    pub by_stage: Vec<ClassCount>,
    pub by_media: Vec<ClassCount>,
    pub by_direction: Vec<ClassCount>,
    /// Touch points that no rule (and no column) classified on some dimension.
    pub unclassified: Unclassified,
    /// Bad rows (skipped) and warnings (rows kept).
    pub problems: Problems,
    /// For video offsets: duration and touch points per minute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video: Option<VideoSummary>,
    /// For attribution path rows: the conversion totals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_rows: Option<PathSummary>,
    /// Engagement score per customer (see docs/engagement.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engagement: Option<crate::engagement::EngagementReport>,
    /// RFM scores and segments, when the data has purchases on calendar time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rfm: Option<crate::engagement::RfmReport>,
    /// CRM lifecycle: acquisition, retention, reacquisition; loyalty figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<crate::engagement::LifecycleReport>,
    /// Satisfaction per touch point (rating against expectation), NPS, CSAT, CES.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<crate::value::SatisfactionReport>,
    /// Revenue, cost, margin, Pareto and CLV per customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_value: Option<crate::value::CustomerValueReport>,
    /// The funnel asked for in the settings (see docs/journeys.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funnel: Option<crate::journeys::FunnelReport>,
    /// Paths from an anchor and the transition matrix (see docs/journeys.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<crate::journeys::PathsReport>,
    /// The customer journey map (see docs/journeys.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey_map: Option<crate::journeys::JourneyMap>,
    /// How each figure is computed, in words.
    pub definitions: BTreeMap<&'static str, &'static str>,
}

/// First and last event.
#[derive(Debug, Clone, Serialize)]
pub struct Span {
    pub first: f64,
    pub last: f64,
    pub first_text: String,
    pub last_text: String,
    pub seconds: f64,
    pub text: String,
}

/// Touch points per journey.
#[derive(Debug, Clone, Serialize)]
pub struct PerJourney {
    pub min: u64,
    pub median: f64,
    pub mean: f64,
    pub max: u64,
    /// Journeys listed (at most [`JOURNEYS_LISTED`]), in input order of first appearance.
    pub journeys: Vec<JourneyRow>,
    /// True when not every journey is listed.
    pub truncated: bool,
}

/// One journey's counts.
#[derive(Debug, Clone, Serialize)]
pub struct JourneyRow {
    pub journey: String,
    pub events: u64,
    pub unique_touchpoints: u64,
    pub first: f64,
    pub last: f64,
    pub duration_seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub touchpoints_per_minute: Option<f64>,
    pub converted: bool,
    pub value: f64,
    pub by_kind: BTreeMap<&'static str, u64>,
    pub by_owner: BTreeMap<&'static str, u64>,
    pub by_stage: BTreeMap<&'static str, u64>,
    pub by_media: BTreeMap<&'static str, u64>,
    pub by_direction: BTreeMap<&'static str, u64>,
}

/// One touch point's count and classes.
#[derive(Debug, Clone, Serialize)]
pub struct TouchpointCount {
    pub touchpoint: String,
    pub events: u64,
    /// Journeys that met it at least once.
    pub journeys: u64,
    /// Share of all events.
    pub share: f64,
    /// Classes from the rules (a data column may override them per event).
    pub classes: Classes,
    /// Its events by the kind each one got (a `kind` column over the rules;
    /// `unclassified` when neither decided), as the by-kind counts count them.
    pub by_kind: BTreeMap<&'static str, u64>,
    /// The first rule that matched, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// Events of one class of a dimension (or `unclassified`).
#[derive(Debug, Clone, Serialize)]
pub struct ClassCount {
    /// Stable key, e.g. `mass-communication`, or `unclassified`.
    pub class: &'static str,
    pub label: &'static str,
    pub events: u64,
    /// Share of all events (0–1).
    pub share: f64,
    /// Journeys with at least one such event.
    pub journeys: u64,
}

/// What the rules left undecided.
#[derive(Debug, Clone, Serialize)]
pub struct Unclassified {
    /// Events with at least one undecided dimension.
    pub events: u64,
    /// Touch points with at least one undecided dimension, most events first.
    pub touchpoints: Vec<UnclassifiedTouchpoint>,
}

/// A touch point some dimension of which no rule decided.
#[derive(Debug, Clone, Serialize)]
pub struct UnclassifiedTouchpoint {
    pub touchpoint: String,
    pub events: u64,
    /// The dimensions left undecided (`kind`, `owner` …).
    pub missing: Vec<&'static str>,
}

/// Bad rows and warnings.
#[derive(Debug, Clone, Serialize)]
pub struct Problems {
    /// Bad rows skipped, in all.
    pub count: u64,
    /// The bad rows listed (the first ones, up to the limit).
    pub rows: Vec<Problem>,
    /// Notes on rows that were kept, or on the header.
    pub warnings: Vec<Problem>,
}

/// Video observations: length and pace.
#[derive(Debug, Clone, Serialize)]
pub struct VideoSummary {
    /// Longest observation (its last mark), in seconds.
    pub duration_seconds: f64,
    /// All events divided by all observed minutes.
    pub touchpoints_per_minute: f64,
}

/// Attribution path rows.
#[derive(Debug, Clone, Serialize)]
pub struct PathSummary {
    pub paths: u64,
    pub conversions: f64,
    pub nulls: f64,
}

fn definitions() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("events", "Rows read as touch point events (bad rows are not counted)."),
        ("journeys", "Distinct journey (customer or observation) identifiers."),
        ("unique_touchpoints", "Distinct touch point names, compared exactly."),
        ("per_journey", "Events per journey; the median of an even number of journeys is the mean of the two middle ones."),
        ("share", "Events of the class divided by all events."),
        ("unclassified", "Events for which neither a column of the data nor any rule gave a class on a dimension; they are counted as 'unclassified' on that dimension, never guessed."),
        ("touchpoints_per_minute", "Video observations: events divided by observed minutes, where an observation lasts until its last mark."),
        ("classes", "A column in the data (kind, owner, stage, media, direction) overrides the rules; otherwise the first rule, in order, that matches and sets the dimension decides."),
    ])
}

/// Counts per class of one dimension, over events, and journeys touched.
struct DimensionCounter {
    events: Vec<u64>,
    journeys: Vec<u64>,
    seen_in_journey: Vec<bool>,
}

impl DimensionCounter {
    fn new(classes: usize) -> DimensionCounter {
        DimensionCounter {
            events: vec![0; classes + 1],
            journeys: vec![0; classes + 1],
            seen_in_journey: vec![false; classes + 1],
        }
    }
    fn add(&mut self, slot: usize) {
        self.events[slot] += 1;
        if !self.seen_in_journey[slot] {
            self.seen_in_journey[slot] = true;
            self.journeys[slot] += 1;
        }
    }
    fn next_journey(&mut self) {
        self.seen_in_journey.iter_mut().for_each(|s| *s = false);
    }
}

/// Builds the report of a classified dataset.
pub fn build(
    dataset: &Dataset,
    classification: &Classification,
    rules: &[Rule],
    rules_name: &str,
) -> Report {
    let total = dataset.len() as u64;
    let share = |n: u64| if total == 0 { 0.0 } else { n as f64 / total as f64 };

    let mut kind = DimensionCounter::new(Kind::ALL.len());
    let mut owner = DimensionCounter::new(Owner::ALL.len());
    let mut stage = DimensionCounter::new(Stage::ALL.len());
    let mut media = DimensionCounter::new(Media::ALL.len());
    let mut direction = DimensionCounter::new(Direction::ALL.len());
    let tp_count = dataset.touchpoint_names().len();
    let mut tp_events = vec![0u64; tp_count];
    let mut tp_journeys = vec![0u64; tp_count];
    let mut tp_last_journey = vec![u32::MAX; tp_count];
    let mut tp_missing = vec![[false; 5]; tp_count];
    let mut tp_kinds = vec![[0u64; Kind::ALL.len() + 1]; tp_count];
    let mut unclassified_events = 0;
    let mut journey_rows: Vec<JourneyRow> = Vec::new();
    let mut per_journey_counts: Vec<u64> = Vec::new();
    let mut observed_seconds = 0.0;

    // Journeys are contiguous ranges, events in time order: one pass, journey by journey.
    for j in dataset.journeys() {
        if j.is_empty() {
            continue;
        }
        let journey = j.id();
        let range = j.range();
        for counter in [&mut kind, &mut owner, &mut stage, &mut media, &mut direction] {
            counter.next_journey();
        }
        let mut row = JourneyRow {
            journey: j.name().to_string(),
            events: j.len() as u64,
            unique_touchpoints: 0,
            first: dataset.time(range.start),
            last: dataset.time(range.start),
            duration_seconds: 0.0,
            touchpoints_per_minute: None,
            converted: false,
            value: 0.0,
            by_kind: BTreeMap::new(),
            by_owner: BTreeMap::new(),
            by_stage: BTreeMap::new(),
            by_media: BTreeMap::new(),
            by_direction: BTreeMap::new(),
        };
        let mut unique = std::collections::HashSet::new();
        for i in range {
            let c = classification.classes_of(dataset, i);
            let touchpoint = dataset.touchpoint(i);
            let tp = touchpoint as usize;
            if let Some(n) = tp_events.get_mut(tp) {
                *n += 1;
                if tp_last_journey[tp] != journey {
                    tp_last_journey[tp] = journey;
                    tp_journeys[tp] += 1;
                }
            }
            unique.insert(touchpoint);
            row.last = row.last.max(dataset.end_or_time(i));
            row.converted |= dataset.converted(i) == Some(true);
            row.value += dataset.measure(Measure::Value, i).unwrap_or(0.0);
            let slots = [
                slot(c.kind, Kind::ALL),
                slot(c.owner, Owner::ALL),
                slot(c.stage, Stage::ALL),
                slot(c.media, Media::ALL),
                slot(c.direction, Direction::ALL),
            ];
            if let Some(k) = tp_kinds.get_mut(tp) {
                k[slots[0]] += 1;
            }
            kind.add(slots[0]);
            owner.add(slots[1]);
            stage.add(slots[2]);
            media.add(slots[3]);
            direction.add(slots[4]);
            *row.by_kind.entry(key(c.kind.map(Kind::key))).or_default() += 1;
            *row.by_owner.entry(key(c.owner.map(Owner::key))).or_default() += 1;
            *row.by_stage.entry(key(c.stage.map(Stage::key))).or_default() += 1;
            *row.by_media.entry(key(c.media.map(Media::key))).or_default() += 1;
            *row.by_direction.entry(key(c.direction.map(Direction::key))).or_default() += 1;
            let missing = [
                c.kind.is_none(),
                c.owner.is_none(),
                c.stage.is_none(),
                c.media.is_none(),
                c.direction.is_none(),
            ];
            if missing.iter().any(|m| *m) {
                unclassified_events += 1;
                if let Some(m) = tp_missing.get_mut(tp) {
                    for d in 0..5 {
                        m[d] |= missing[d];
                    }
                }
            }
        }
        row.unique_touchpoints = unique.len() as u64;
        row.duration_seconds = row.last - row.first;
        if dataset.time_base() == TimeBase::VideoOffset {
            // An observation starts at the start of the video.
            observed_seconds += row.last;
            if row.last > 0.0 {
                row.touchpoints_per_minute = Some(row.events as f64 / (row.last / 60.0));
            }
        }
        per_journey_counts.push(row.events);
        if journey_rows.len() < JOURNEYS_LISTED {
            journey_rows.push(row);
        }
    }

    let journeys = per_journey_counts.len() as u64;
    crate::sort::sort(&mut per_journey_counts);
    let median = match per_journey_counts.len() {
        0 => 0.0,
        n if n % 2 == 1 => per_journey_counts[n / 2] as f64,
        n => (per_journey_counts[n / 2 - 1] + per_journey_counts[n / 2]) as f64 / 2.0,
    };
    let per_journey = PerJourney {
        min: per_journey_counts.first().copied().unwrap_or(0),
        median,
        mean: if journeys == 0 { 0.0 } else { total as f64 / journeys as f64 },
        max: per_journey_counts.last().copied().unwrap_or(0),
        truncated: journey_rows.len() < per_journey_counts.len(),
        journeys: journey_rows,
    };

    let mut by_touchpoint: Vec<TouchpointCount> = (0..tp_count)
        .filter(|&i| tp_events[i] > 0)
        .map(|i| {
            let decision = classification.by_touchpoint.get(i).copied().unwrap_or_default();
            TouchpointCount {
                touchpoint: dataset.touchpoint_names().name(i as u32).to_string(),
                events: tp_events[i],
                journeys: tp_journeys[i],
                share: share(tp_events[i]),
                classes: decision.classes,
                by_kind: (0..=Kind::ALL.len())
                    .filter(|&k| tp_kinds[i][k] > 0)
                    .map(|k| (key(Kind::ALL.get(k).map(|v| v.key())), tp_kinds[i][k]))
                    .collect(),
                rule: decision.first_rule.and_then(|r| rules.get(r)).map(Rule::describe),
            }
        })
        .collect();
    crate::sort::sort_by(&mut by_touchpoint, |a, b| {
        b.events.cmp(&a.events).then(a.touchpoint.cmp(&b.touchpoint))
    });

    const DIMENSIONS: [&str; 5] = ["kind", "owner", "stage", "media", "direction"];
    let mut unclassified_tps: Vec<UnclassifiedTouchpoint> = (0..tp_count)
        .filter(|&i| tp_missing[i].iter().any(|m| *m))
        .map(|i| UnclassifiedTouchpoint {
            touchpoint: dataset.touchpoint_names().name(i as u32).to_string(),
            events: tp_events[i],
            missing: (0..5).filter(|&d| tp_missing[i][d]).map(|d| DIMENSIONS[d]).collect(),
        })
        .collect();
    crate::sort::sort_by(&mut unclassified_tps, |a, b| {
        b.events.cmp(&a.events).then(a.touchpoint.cmp(&b.touchpoint))
    });

    let (first, last) = (0..dataset.len())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), i| {
            (lo.min(dataset.time(i)), hi.max(dataset.end_or_time(i)))
        });
    let (first, last) = if first.is_finite() { (first, last) } else { (0.0, 0.0) };
    let span = Span {
        first,
        last,
        first_text: format_time(dataset.time_base(), first),
        last_text: format_time(dataset.time_base(), last),
        seconds: last - first,
        text: match dataset.time_base() {
            TimeBase::Step => format!("{} steps", (last - first) as i64 + 1),
            _ => format_duration(last - first),
        },
    };
    let video = (dataset.time_base() == TimeBase::VideoOffset).then(|| VideoSummary {
        duration_seconds: last,
        touchpoints_per_minute: if observed_seconds > 0.0 {
            total as f64 / (observed_seconds / 60.0)
        } else {
            0.0
        },
    });
    let paths = (dataset.time_base() == TimeBase::Step).then_some(PathSummary {
        paths: journeys,
        conversions: dataset.path_conversions(),
        nulls: dataset.path_nulls(),
    });

    Report {
        rules: rules_name.to_string(),
        time_base: dataset.time_base(),
        events: total,
        journeys,
        unique_touchpoints: by_touchpoint.len() as u64,
        rows: dataset.rows(),
        bytes: dataset.bytes(),
        span,
        per_journey,
        by_touchpoint,
        by_kind: class_counts(&kind, Kind::ALL, Kind::key, Kind::label, &share),
        by_owner: class_counts(&owner, Owner::ALL, Owner::key, Owner::label, &share),
        by_stage: class_counts(&stage, Stage::ALL, Stage::key, Stage::label, &share),
        by_media: class_counts(&media, Media::ALL, Media::key, Media::label, &share),
        by_direction: class_counts(
            &direction,
            Direction::ALL,
            Direction::key,
            Direction::label,
            &share,
        ),
        unclassified: Unclassified { events: unclassified_events, touchpoints: unclassified_tps },
        problems: Problems {
            count: dataset.problem_count(),
            rows: dataset.problems().to_vec(),
            warnings: dataset.warnings().to_vec(),
        },
        video,
        path_rows: paths,
        engagement: None,
        rfm: None,
        lifecycle: None,
        satisfaction: None,
        customer_value: None,
        funnel: None,
        paths: None,
        journey_map: None,
        definitions: definitions(),
    }
}

fn key(k: Option<&'static str>) -> &'static str {
    k.unwrap_or("unclassified")
}

fn slot<T: PartialEq + Copy>(value: Option<T>, all: &[T]) -> usize {
    value.and_then(|v| all.iter().position(|a| *a == v)).unwrap_or(all.len())
}

fn class_counts<T: Copy>(
    counter: &DimensionCounter,
    all: &[T],
    key: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    share: &dyn Fn(u64) -> f64,
) -> Vec<ClassCount> {
    let mut out: Vec<ClassCount> = all
        .iter()
        .enumerate()
        .map(|(i, v)| ClassCount {
            class: key(*v),
            label: label(*v),
            events: counter.events[i],
            share: share(counter.events[i]),
            journeys: counter.journeys[i],
        })
        .collect();
    let u = all.len();
    if counter.events[u] > 0 {
        out.push(ClassCount {
            class: "unclassified",
            label: "unclassified",
            events: counter.events[u],
            share: share(counter.events[u]),
            journeys: counter.journeys[u],
        });
    }
    out
}
