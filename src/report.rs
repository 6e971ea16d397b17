//! The report: counts of events, journeys and touch points, by touch point
//! and by every class dimension, overall and per journey. A plain
//! serializable value: the page, the widget and the command line show the
//! same numbers.

use crate::dataset::Measure;
use crate::model::{Dataset, Direction, Kind, Media, Owner, Problem, Stage, TimeBase};
use crate::taxonomy::{Classification, Rule};
use crate::text;
use crate::time::{format_duration, format_time};
use serde::Serialize;
use std::collections::BTreeMap;

pub use crate::counts::{ClassCount, TouchpointCount};

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
    /// The [`TOUCHPOINTS_LISTED`] most frequent touch points, most frequent
    /// first (ties by name); the rest are counted in `touchpoints_not_listed`.
    pub by_touchpoint: Vec<TouchpointCount>,
    /// The touch points beyond the list, counted together ("others").
    pub touchpoints_not_listed: NotListed,
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
    /// Customer lifetime value models fitted on the purchases (see docs/clv.md).
    #[cfg(feature = "clv")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clv: Option<crate::clv::ClvReport>,
    /// The funnel asked for in the settings (see docs/journeys.md).
    #[cfg(feature = "journeys")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funnel: Option<crate::journeys::FunnelReport>,
    /// Paths from an anchor and the transition matrix (see docs/journeys.md).
    #[cfg(feature = "journeys")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<crate::journeys::PathsReport>,
    /// The customer journey map (see docs/journeys.md).
    #[cfg(feature = "journeys")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey_map: Option<crate::journeys::JourneyMap>,
    /// Attribution of conversions and value to channels by seven models (see docs/attribution.md).
    #[cfg(feature = "journeys")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<crate::attribution::AttributionReport>,
    /// How each figure is computed, in words.
    pub definitions: BTreeMap<&'static str, String>,
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

/// How many touch points a report lists by name (most events first). A file
/// with more distinct names is counted in full, the rest as "others"
/// ([`NotListed`]); see `docs/limits.md`.
pub const TOUCHPOINTS_LISTED: usize = 1000;

/// Touch points counted but not listed by name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct NotListed {
    /// Distinct touch points left out of the list.
    pub touchpoints: u64,
    /// Their events.
    pub events: u64,
    /// Their share of all events.
    pub share: f64,
}

/// The indexes of the `limit` first items of `0..n` in the order `cmp`
/// (a total order), sorted: a selection then a sort of the few kept, so a
/// million names cost O(n + limit log limit), not a sort of them all.
fn top(n: usize, limit: usize, cmp: impl Fn(&usize, &usize) -> std::cmp::Ordering) -> Vec<usize> {
    let mut ids: Vec<usize> = (0..n).collect();
    if ids.len() > limit && limit > 0 {
        ids.select_nth_unstable_by(limit - 1, &cmp);
        ids.truncate(limit);
    } else if limit == 0 {
        ids.clear();
    }
    crate::sort::sort_by(&mut ids, cmp);
    ids
}

/// What the rules left undecided.
#[derive(Debug, Clone, Serialize)]
pub struct Unclassified {
    /// Events with at least one undecided dimension.
    pub events: u64,
    /// Touch points with at least one undecided dimension, most events
    /// first: the first [`TOUCHPOINTS_LISTED`].
    pub touchpoints: Vec<UnclassifiedTouchpoint>,
    /// Such touch points beyond the list (counted, not named).
    pub not_listed: u64,
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

/// How each figure is computed, in words (in the page's language).
fn definitions() -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        (
            "events",
            text::t(
                "core.notes.def.events",
                "Rows read as touch point events (bad rows are not counted).",
                &[],
            ),
        ),
        (
            "journeys",
            text::t(
                "core.notes.def.journeys",
                "Distinct journey (customer or observation) identifiers.",
                &[],
            ),
        ),
        (
            "unique_touchpoints",
            text::t(
                "core.notes.def.uniqueTouchpoints",
                "Distinct touch point names, compared exactly.",
                &[],
            ),
        ),
        (
            "per_journey",
            text::t(
                "core.notes.def.perJourney",
                "Events per journey; the median of an even number of journeys is the mean of the two middle ones.",
                &[],
            ),
        ),
        (
            "share",
            text::t("core.notes.def.share", "Events of the class divided by all events.", &[]),
        ),
        (
            "unclassified",
            text::t(
                "core.notes.def.unclassified",
                "Events for which neither a column of the data nor any rule gave a class on a dimension; they are counted as 'unclassified' on that dimension, never guessed.",
                &[],
            ),
        ),
        (
            "touchpoints_per_minute",
            text::t(
                "core.notes.def.touchpointsPerMinute",
                "Video observations: events divided by observed minutes, where an observation lasts until its last mark.",
                &[],
            ),
        ),
        (
            "classes",
            text::t(
                "core.notes.def.classes",
                "A column in the data (kind, owner, stage, media, direction) overrides the rules; otherwise the first rule, in order, that matches and sets the dimension decides.",
                &[],
            ),
        ),
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

/// Builds the whole report of a classified dataset: the [`summary`] with the
/// rows of the first [`JOURNEYS_LISTED`] journeys.
pub fn build(
    dataset: &Dataset,
    classification: &Classification,
    rules: &[Rule],
    rules_name: &str,
) -> Report {
    let mut report = summary(dataset, classification, rules, rules_name);
    let listed = dataset.journey_count().min(JOURNEYS_LISTED);
    report.per_journey.journeys = journey_rows(dataset, classification, 0..listed);
    report.per_journey.truncated = listed < dataset.journey_count();
    report
}

/// The rows of the journeys with ids in `ids` (clamped to the dataset), in id order.
pub fn journey_rows(
    dataset: &Dataset,
    classification: &Classification,
    ids: std::ops::Range<usize>,
) -> Vec<JourneyRow> {
    let ids = ids.start.min(dataset.journey_count())..ids.end.min(dataset.journey_count());
    let mut seen = vec![u32::MAX; dataset.touchpoint_names().len()];
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let j = dataset.journey(id as u32);
        if j.is_empty() {
            continue;
        }
        let range = j.range();
        let first = dataset.time(range.start);
        let mut row = JourneyRow {
            journey: j.name().to_string(),
            events: j.len() as u64,
            unique_touchpoints: 0,
            first,
            last: first,
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
        for i in range {
            let c = classification.classes_of(dataset, i);
            if let Some(mark) = seen.get_mut(dataset.touchpoint(i) as usize) {
                if *mark != j.id() {
                    *mark = j.id();
                    row.unique_touchpoints += 1;
                }
            }
            row.last = row.last.max(dataset.end_or_time(i));
            row.converted |= dataset.converted(i) == Some(true);
            row.value += dataset.measure(Measure::Value, i).unwrap_or(0.0);
            *row.by_kind.entry(key(c.kind.map(Kind::key))).or_default() += 1;
            *row.by_owner.entry(key(c.owner.map(Owner::key))).or_default() += 1;
            *row.by_stage.entry(key(c.stage.map(Stage::key))).or_default() += 1;
            *row.by_media.entry(key(c.media.map(Media::key))).or_default() += 1;
            *row.by_direction.entry(key(c.direction.map(Direction::key))).or_default() += 1;
        }
        row.duration_seconds = row.last - row.first;
        if dataset.time_base() == TimeBase::VideoOffset && row.last > 0.0 {
            row.touchpoints_per_minute = Some(row.events as f64 / (row.last / 60.0));
        }
        rows.push(row);
    }
    rows
}

/// The summary report of a classified dataset: counts, shares, the span,
/// problems; the per-journey rows are left out (see [`journey_rows`]).
pub fn summary(
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
    let mut per_journey_counts: Vec<u64> = Vec::with_capacity(dataset.journey_count());
    let mut observed_seconds = 0.0;
    let video = dataset.time_base() == TimeBase::VideoOffset;

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
        let mut last = dataset.time(range.start);
        for i in range {
            let c = classification.classes_of(dataset, i);
            let tp = dataset.touchpoint(i) as usize;
            if let Some(n) = tp_events.get_mut(tp) {
                *n += 1;
                if tp_last_journey[tp] != journey {
                    tp_last_journey[tp] = journey;
                    tp_journeys[tp] += 1;
                }
            }
            if video {
                last = last.max(dataset.end_or_time(i));
            }
            let kind_slot = slot(c.kind, Kind::ALL);
            if let Some(k) = tp_kinds.get_mut(tp) {
                k[kind_slot] += 1;
            }
            kind.add(kind_slot);
            owner.add(slot(c.owner, Owner::ALL));
            stage.add(slot(c.stage, Stage::ALL));
            media.add(slot(c.media, Media::ALL));
            direction.add(slot(c.direction, Direction::ALL));
            if !c.is_complete() {
                unclassified_events += 1;
                if let Some(m) = tp_missing.get_mut(tp) {
                    m[0] |= c.kind.is_none();
                    m[1] |= c.owner.is_none();
                    m[2] |= c.stage.is_none();
                    m[3] |= c.media.is_none();
                    m[4] |= c.direction.is_none();
                }
            }
        }
        if video {
            // An observation starts at the start of the video.
            observed_seconds += last;
        }
        per_journey_counts.push(j.len() as u64);
    }

    let journeys = per_journey_counts.len() as u64;
    // Journey lengths are small numbers: a counting sort (longer ones sorted among themselves).
    let buckets = per_journey_counts.iter().max().map_or(0, |&n| n.min(1 << 16) as usize) + 1;
    crate::sort::sort_by_bucket(&mut per_journey_counts, buckets, |&n| n as usize, u64::cmp);
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
        truncated: !per_journey_counts.is_empty(),
        journeys: Vec::new(),
    };

    // Only the most frequent names are listed (and described); all are counted.
    let names = dataset.touchpoint_names();
    let seen: Vec<usize> = (0..tp_count).filter(|&i| tp_events[i] > 0).collect();
    let by_events = |a: &usize, b: &usize| {
        tp_events[*b]
            .cmp(&tp_events[*a])
            .then_with(|| names.name(*a as u32).cmp(names.name(*b as u32)))
    };
    let listed = top(seen.len(), TOUCHPOINTS_LISTED, |x, y| by_events(&seen[*x], &seen[*y]));
    let by_touchpoint: Vec<TouchpointCount> = listed
        .iter()
        .map(|&x| {
            let i = seen[x];
            let decision = classification.by_touchpoint.get(i).copied().unwrap_or_default();
            TouchpointCount {
                touchpoint: names.name(i as u32).to_string(),
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
    let listed_events: u64 = by_touchpoint.iter().map(|t| t.events).sum();
    let touchpoints_not_listed = NotListed {
        touchpoints: (seen.len() - by_touchpoint.len()) as u64,
        events: total.saturating_sub(listed_events),
        share: share(total.saturating_sub(listed_events)),
    };

    const DIMENSIONS: [&str; 5] = ["kind", "owner", "stage", "media", "direction"];
    let missing: Vec<usize> = (0..tp_count).filter(|&i| tp_missing[i].iter().any(|m| *m)).collect();
    let listed =
        top(missing.len(), TOUCHPOINTS_LISTED, |x, y| by_events(&missing[*x], &missing[*y]));
    let unclassified_tps: Vec<UnclassifiedTouchpoint> = listed
        .iter()
        .map(|&x| {
            let i = missing[x];
            UnclassifiedTouchpoint {
                touchpoint: names.name(i as u32).to_string(),
                events: tp_events[i],
                missing: (0..5).filter(|&d| tp_missing[i][d]).map(|d| DIMENSIONS[d]).collect(),
            }
        })
        .collect();
    let unclassified_not_listed = (missing.len() - unclassified_tps.len()) as u64;

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
            TimeBase::Step => {
                text::t("core.duration.steps", "{n} steps", &[("n", &((last - first) as i64 + 1))])
            }
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
        unique_touchpoints: seen.len() as u64,
        rows: dataset.rows(),
        bytes: dataset.bytes(),
        span,
        per_journey,
        by_touchpoint,
        touchpoints_not_listed,
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
        unclassified: Unclassified {
            events: unclassified_events,
            touchpoints: unclassified_tps,
            not_listed: unclassified_not_listed,
        },
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
        #[cfg(feature = "clv")]
        clv: None,
        #[cfg(feature = "journeys")]
        funnel: None,
        #[cfg(feature = "journeys")]
        paths: None,
        #[cfg(feature = "journeys")]
        journey_map: None,
        #[cfg(feature = "journeys")]
        attribution: None,
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
