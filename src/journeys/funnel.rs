//! Funnels over a classified dataset: per step the journeys (or completions)
//! that reach it, enter there, drop after it, the conversion from the start
//! and from the step before, times to convert, the journeys that drop and
//! what they did next, a breakdown by a dimension, and the journeys' flow
//! through the steps (for the Sankey). Definitions: `docs/journeys.md` and
//! [`super::evaluate`].

use super::evaluate::{Evaluator, Input, Outcome, Reach, Scratch};
use super::source::Source;
use super::spec::{BreakdownBy, BreakdownValue, Counting, FunnelSpec, Mode, Order, Plan};
use super::steps::{Dimension, Matcher, StepMatcher};
use super::{median, TimeBins};
use crate::error::{Error, Result};
use crate::model::{Classes, TimeBase};
use crate::text;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One step's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelStep {
    /// 1-based.
    pub step: usize,
    pub label: String,
    /// The step in the text form (`stage = purchase`).
    pub matcher: String,
    pub optional: bool,
    /// Journeys (or completions) that reach the step.
    pub count: u64,
    /// Distinct journeys that reach the step (= `count` when counting journeys).
    pub journeys: u64,
    /// Of `count`, those not reaching it through the step before (open funnels; step 1: all).
    pub entered: u64,
    /// Reached this step but not the next required one (`None` for the last step and optional steps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped: Option<u64>,
    /// count ÷ count at step 1 (closed), or ÷ all entries (open).
    pub conversion_from_start: f64,
    /// Reached through the step before ÷ count at the step before (the nearest required one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversion_from_previous: Option<f64>,
    /// Median time from the step before (seconds; steps for path rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_from_previous: Option<f64>,
    /// Median time from the chain's first step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_from_start: Option<f64>,
    /// Times from the first step, counted in [`FunnelReport::time_bins`].
    pub time_histogram: Vec<u64>,
    /// The touch points right after the step, for journeys that dropped here: the most frequent first.
    pub next: Vec<NextCount>,
    /// Dropped journeys whose next touch point is not listed.
    pub next_other: u64,
    /// Dropped journeys with no event after the step.
    pub next_end: u64,
}

/// A touch point met right after dropping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextCount {
    pub touchpoint: String,
    pub journeys: u64,
    /// Share of the journeys that dropped at the step.
    pub share: f64,
}

/// A breakdown of the funnel: per value, the count at each step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownResult {
    pub by: BreakdownBy,
    pub value: BreakdownValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    /// In words: which value a journey gets.
    pub statement: String,
    pub rows: Vec<BreakdownRow>,
}

/// One value of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownRow {
    pub value: String,
    /// Per step, the count (journeys or completions).
    pub counts: Vec<u64>,
    /// Last step ÷ step 1.
    pub conversion: f64,
}

/// A link of the funnel's flow: journeys going from one node to the next.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum FlowNode {
    /// A funnel step (0-based).
    Step(usize),
    /// After dropping at a step (0-based): the touch point next (`None`: the end of the journey; `Some(u32::MAX)`: other).
    Next(usize, Option<u32>),
    /// Entering at a step (0-based) without coming from the step before (open funnels).
    Entry(usize),
}

/// The funnel's flow: one way per journey through the steps it reached.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FunnelFlow {
    pub links: Vec<(FlowNode, FlowNode, u64)>,
}

/// The funnel's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelReport {
    /// What was asked.
    pub spec: FunnelSpec,
    pub steps: Vec<FunnelStep>,
    /// Journeys in the dataset.
    pub journeys: u64,
    /// Journeys (completions) that entered the funnel at any step.
    pub entered: u64,
    /// Count at the last step.
    pub completed: u64,
    /// completed ÷ step 1 (closed) or ÷ entered (open).
    pub conversion: f64,
    /// `"seconds"`, or `"steps"` for attribution path rows.
    pub time_unit: &'static str,
    /// Bins of the time histograms: label and upper bound (exclusive).
    pub time_bins: Vec<(String, f64)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<BreakdownResult>,
    /// Statements about the options in use, and steps that match nothing.
    pub notes: Vec<String>,
    /// Journeys that reach each step through the steps before, and the drops,
    /// as one way per journey (always counting journeys); drawn by the flow chart.
    #[serde(skip)]
    pub flow: FunnelFlow,
    /// Names of the touch points in `flow` (`Next` nodes).
    #[serde(skip)]
    pub flow_names: BTreeMap<u32, String>,
    /// Per step: the journeys that dropped there (ids), for the drop-off list.
    #[serde(skip)]
    pub dropped_journeys: Vec<Vec<(u32, Option<u32>)>>,
    #[serde(skip)]
    journey_names: std::collections::HashMap<u32, String>,
    #[serde(skip)]
    touchpoint_names: Vec<String>,
}

const OTHER: u32 = u32::MAX;

/// Runs `spec` on a classified dataset.
pub fn funnel(source: Source<'_>, spec: &FunnelSpec) -> Result<FunnelReport> {
    let plan = Plan::new(spec)?;
    let n = plan.n;
    let mut matchers: Vec<&Matcher> = spec.steps.iter().map(|s| &s.matcher).collect();
    matchers.extend(spec.exclusions.iter().map(|e| &e.matcher));
    let matcher = StepMatcher::new(&matchers, source.touchpoint_names(), source.channel_names())?;
    if let Some(b) = &spec.breakdown {
        if b.value == BreakdownValue::Step && !b.step.is_some_and(|k| k >= 1 && k <= n) {
            return Err(Error::at(
                0,
                text::t(
                    "core.journeys.breakdown.step",
                    "breakdown: \"value\": \"step\" needs \"step\" between 1 and {n}",
                    &[("n", &n)],
                ),
            ));
        }
    }
    let evaluator = Evaluator::new(&plan);
    let mut scratch = Scratch::default();
    let mut input: Vec<Input> = Vec::new();
    let mut matched_events = vec![0u64; matchers.len()];
    let completions = spec.count == Counting::Completions;

    let mut reached = vec![0u64; n];
    let mut through = vec![0u64; n];
    let mut unique = vec![0u64; n];
    let mut entered = vec![0u64; n];
    let mut dropped = vec![0u64; n];
    let mut dropped_journeys: Vec<Vec<(u32, Option<u32>)>> = vec![Vec::new(); n];
    let mut from_start: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut from_previous: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut next_counts: Vec<HashMap<Option<u32>, u64>> = vec![HashMap::new(); n];
    let mut flow: HashMap<(FlowNode, FlowNode), u64> = HashMap::new();
    let mut any_entry = 0u64;
    let mut breakdown_counts: HashMap<String, Vec<u64>> = HashMap::new();
    let mut journey_count = 0u64;
    let mut outcome = Outcome::default();

    for journey in source.journeys() {
        let (id, range) = (journey.id(), journey.range());
        journey_count += 1;
        input.clear();
        for i in range.clone() {
            let classes = matcher.needs_classes().then(|| source.classes(i));
            let mask = matcher.mask(source.touchpoint(i), source.channel(i), classes.as_ref());
            for (b, count) in matched_events.iter_mut().enumerate() {
                if mask & (1u64 << b) != 0 {
                    *count += 1;
                }
            }
            input.push(Input { mask, time: source.time(i) });
        }
        evaluator.journey_into(&input, &mut scratch, &mut outcome);
        if outcome.reached == 0 {
            continue;
        }
        any_entry += 1;
        // Counts: per journey 0/1, or its number of completions.
        let mut c_reached = [0u64; super::spec::MAX_STEPS];
        let mut c_through = [0u64; super::spec::MAX_STEPS];
        for k in 0..n {
            unique[k] += (outcome.reached >> k & 1) as u64;
            if completions {
                if outcome.reached >> k & 1 == 1 {
                    let runs = evaluator.completions(&input, k, false, &mut scratch);
                    c_reached[k] = runs.len() as u64;
                    let runs_through = if k > 0 && plan.open {
                        evaluator.completions(&input, k, true, &mut scratch)
                    } else {
                        runs
                    };
                    c_through[k] = runs_through.len() as u64;
                    if k > 0 {
                        for r in &runs_through {
                            times_of(r, &mut from_start[k], &mut from_previous[k]);
                        }
                    }
                }
            } else {
                c_reached[k] = (outcome.reached >> k & 1) as u64;
                c_through[k] = (outcome.through >> k & 1) as u64;
                if k > 0 {
                    if let Some(r) = &outcome.first_through[k] {
                        times_of(r, &mut from_start[k], &mut from_previous[k]);
                    }
                }
            }
        }
        for k in 0..n {
            reached[k] += c_reached[k];
            through[k] += c_through[k];
            entered[k] +=
                if k == 0 { c_reached[0] } else { c_reached[k].saturating_sub(c_through[k]) };
            if let Some(r) = plan.next_required[k] {
                if plan.required[k] {
                    dropped[k] += c_reached[k].saturating_sub(c_through[r]);
                }
            }
        }
        // Drop-off lists and next touch points: journeys (once each).
        for k in 0..n {
            let Some(r) = plan.next_required[k] else { continue };
            if !plan.required[k] || outcome.reached >> k & 1 == 0 || outcome.through >> r & 1 == 1 {
                continue;
            }
            let next = next_after(&outcome, k, &range, &source);
            *next_counts[k].entry(next).or_default() += 1;
            dropped_journeys[k].push((id, next));
        }
        add_flow(&plan, &outcome, &range, &source, &mut flow);
        if let Some(b) = &spec.breakdown {
            let value = breakdown_value(b.by, b.value, b.step, &outcome, &range, &source);
            let row = breakdown_counts.entry(value).or_insert_with(|| vec![0; n]);
            for k in 0..n {
                row[k] += c_reached[k];
            }
        }
    }

    // Names of the journeys in the drop-off lists (the others are not needed).
    let mut names: std::collections::HashMap<u32, String> = std::collections::HashMap::new();
    for list in &dropped_journeys {
        for (j, _) in list {
            names.entry(*j).or_insert_with(|| source.journey_name(*j).to_string());
        }
    }
    let bins = TimeBins::for_base(source.time_base());
    let entries: u64 = if completions { entered.iter().sum() } else { any_entry };
    let start_count = if plan.open { entries } else { reached[0] };
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let tp_names = source.touchpoint_names();
    let mut steps = Vec::with_capacity(n);
    for k in 0..n {
        let s = &spec.steps[k];
        let drops = dropped[k];
        let mut next: Vec<NextCount> = next_counts[k]
            .iter()
            .filter_map(|(tp, count)| {
                tp.map(|tp| NextCount {
                    touchpoint: tp_names.name(tp).to_string(),
                    journeys: *count,
                    share: ratio(*count, dropped_journeys[k].len() as u64),
                })
            })
            .collect();
        crate::sort::sort_by(&mut next, |a, b| {
            b.journeys.cmp(&a.journeys).then(a.touchpoint.cmp(&b.touchpoint))
        });
        let listed: u64 = next.iter().take(spec.top_next).map(|x| x.journeys).sum();
        let next_end = next_counts[k].get(&None).copied().unwrap_or(0);
        let next_other = (dropped_journeys[k].len() as u64).saturating_sub(listed + next_end);
        next.truncate(spec.top_next);
        steps.push(FunnelStep {
            step: k + 1,
            label: s.label(),
            matcher: s.matcher.describe(),
            optional: s.optional,
            count: reached[k],
            journeys: unique[k],
            entered: entered[k],
            dropped: (plan.required[k] && plan.next_required[k].is_some()).then_some(drops),
            conversion_from_start: ratio(reached[k], start_count),
            conversion_from_previous: plan.previous_required[k]
                .map(|p| ratio(through[k], reached[p])),
            median_from_previous: median(&mut from_previous[k]),
            median_from_start: median(&mut from_start[k]),
            time_histogram: bins.count(&from_start[k]),
            next,
            next_other,
            next_end,
        });
    }

    let mut notes = statements(spec, source.time_base());
    for (b, count) in matched_events.iter().enumerate() {
        if *count == 0 {
            notes.push(if b < n {
                let m = &spec.steps[b].matcher;
                text::t(
                    "core.funnel.note.noMatch.step",
                    "step {n} ({step}) matches no event of this data{suggestion}",
                    &[
                        ("n", &(b + 1)),
                        ("step", &m.describe()),
                        ("suggestion", &suggestion(m, tp_names)),
                    ],
                )
            } else {
                let m = &spec.exclusions[b - n].matcher;
                text::t(
                    "core.funnel.note.noMatch.exclusion",
                    "exclusion {n} ({step}) matches no event of this data{suggestion}",
                    &[
                        ("n", &(b - n + 1)),
                        ("step", &m.describe()),
                        ("suggestion", &suggestion(m, tp_names)),
                    ],
                )
            });
        }
    }
    let breakdown = spec.breakdown.as_ref().map(|b| {
        let mut rows: Vec<BreakdownRow> = breakdown_counts
            .into_iter()
            .map(|(value, counts)| BreakdownRow {
                conversion: ratio(counts[n - 1], counts[0]),
                value,
                counts,
            })
            .collect();
        crate::sort::sort_by(&mut rows, |a, b| {
            b.counts[0].cmp(&a.counts[0]).then(a.value.cmp(&b.value))
        });
        if rows.len() > b.top.max(1) {
            let rest = rows.split_off(b.top.max(1));
            let mut counts = vec![0u64; n];
            for r in &rest {
                for (c, x) in counts.iter_mut().zip(&r.counts) {
                    *c += x;
                }
            }
            rows.push(BreakdownRow {
                value: text::t(
                    "core.journeys.breakdown.other",
                    "Other ({n} values)",
                    &[("n", &rest.len())],
                ),
                conversion: ratio(counts[n - 1], counts[0]),
                counts,
            });
        }
        BreakdownResult {
            by: b.by,
            value: b.value,
            step: b.step,
            statement: breakdown_statement(b.by, b.value, b.step),
            rows,
        }
    });
    let mut links: Vec<(FlowNode, FlowNode, u64)> =
        flow.into_iter().map(|((a, b), c)| (a, b, c)).collect();
    collapse_next(&mut links, spec.top_next);
    crate::sort::sort_by(&mut links, |a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    // Inserted one by one: `collect()` into a BTreeMap would add a sort to the wasm.
    let mut flow_names = BTreeMap::new();
    for (_, b, _) in &links {
        if let FlowNode::Next(_, Some(tp)) = b {
            if *tp != OTHER {
                flow_names.insert(*tp, tp_names.name(*tp).to_string());
            }
        }
    }
    Ok(FunnelReport {
        spec: spec.clone(),
        completed: reached[n - 1],
        conversion: ratio(reached[n - 1], start_count),
        steps,
        journeys: journey_count,
        entered: entries,
        time_unit: if source.time_base() == TimeBase::Step { "steps" } else { "seconds" },
        time_bins: bins.labels(),
        breakdown,
        notes,
        flow: FunnelFlow { links },
        flow_names,
        dropped_journeys,
        journey_names: names,
        touchpoint_names: tp_names.iter().map(str::to_string).collect(),
    })
}

fn times_of(r: &Reach, from_start: &mut Vec<f64>, from_previous: &mut Vec<f64>) {
    from_start.push(r.time - r.start);
    if let Some(p) = r.previous {
        from_previous.push(r.time - p);
    }
}

/// The touch point of the event after the journey's first reach of step `k` (`None`: none).
fn next_after(
    outcome: &Outcome,
    k: usize,
    range: &std::ops::Range<usize>,
    source: &Source<'_>,
) -> Option<u32> {
    let r = outcome.first[k]?;
    let i = range.start + r.event + 1;
    (i < range.end).then(|| source.touchpoint(i))
}

/// Adds the journey's way through the funnel: its reached steps in order,
/// each reached through the one before it or entered fresh; after the last
/// step of each run, the touch point it did next.
fn add_flow(
    plan: &Plan,
    outcome: &Outcome,
    range: &std::ops::Range<usize>,
    source: &Source<'_>,
    flow: &mut HashMap<(FlowNode, FlowNode), u64>,
) {
    let n = plan.n;
    let mut buffer = [0usize; super::spec::MAX_STEPS];
    let mut count = 0;
    for k in (0..n).filter(|k| outcome.reached >> k & 1 == 1) {
        buffer[count] = k;
        count += 1;
    }
    let steps = &buffer[..count];
    for (i, &k) in steps.iter().enumerate() {
        let continues = steps.get(i + 1).is_some_and(|&next| outcome.through >> next & 1 == 1);
        if i > 0 && outcome.through >> k & 1 == 0 && k > 0 {
            *flow.entry((FlowNode::Entry(k), FlowNode::Step(k))).or_default() += 1;
        }
        if continues {
            *flow.entry((FlowNode::Step(k), FlowNode::Step(steps[i + 1]))).or_default() += 1;
        } else if k + 1 < n {
            let next = next_after(outcome, k, range, source);
            *flow.entry((FlowNode::Step(k), FlowNode::Next(k, next))).or_default() += 1;
        }
    }
}

/// Keeps the `top` most frequent next touch points after each step; the rest become "Other".
fn collapse_next(links: &mut Vec<(FlowNode, FlowNode, u64)>, top: usize) {
    let mut by_step: BTreeMap<usize, Vec<(Option<u32>, u64)>> = BTreeMap::new();
    for (_, b, c) in links.iter() {
        if let FlowNode::Next(k, Some(tp)) = b {
            by_step.entry(*k).or_default().push((Some(*tp), *c));
        }
    }
    let mut keep: std::collections::HashSet<(usize, u32)> = Default::default();
    for (k, mut v) in by_step {
        crate::sort::sort_by(&mut v, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (tp, _) in v.into_iter().take(top) {
            if let Some(tp) = tp {
                keep.insert((k, tp));
            }
        }
    }
    let mut merged: HashMap<(FlowNode, FlowNode), u64> = HashMap::new();
    for (a, b, c) in links.drain(..) {
        let b = match b {
            FlowNode::Next(k, Some(tp)) if !keep.contains(&(k, tp)) => {
                FlowNode::Next(k, Some(OTHER))
            }
            other => other,
        };
        *merged.entry((a, b)).or_default() += c;
    }
    links.extend(merged.into_iter().map(|((a, b), c)| (a, b, c)));
}

/// The class's label in the page's language (`class.KEY` of the tables).
fn class_label(d: Dimension, c: &Classes) -> String {
    let key = d.key_of(c);
    text::class_label(key.unwrap_or("unclassified"), d.label_of(key))
}

fn breakdown_value(
    by: BreakdownBy,
    value: BreakdownValue,
    step: Option<usize>,
    outcome: &Outcome,
    range: &std::ops::Range<usize>,
    source: &Source<'_>,
) -> String {
    if by == BreakdownBy::Converted {
        let converted = range.clone().any(|i| source.converted(i) == Some(true));
        return if converted {
            text::t("core.journeys.breakdown.converted", "converted", &[])
        } else {
            text::t("core.journeys.breakdown.notConverted", "not converted", &[])
        };
    }
    let event = match value {
        BreakdownValue::First => Some(range.start),
        BreakdownValue::Last => Some(range.end - 1),
        BreakdownValue::Step => {
            let k = step.unwrap_or(1).saturating_sub(1);
            outcome.first.get(k).copied().flatten().map(|r| range.start + r.event)
        }
    };
    let Some(i) = event else {
        return text::t(
            "core.journeys.breakdown.notReached",
            "(did not reach step {step})",
            &[("step", &step.unwrap_or(1))],
        );
    };
    match by {
        BreakdownBy::Touchpoint => source.touchpoint_names().name(source.touchpoint(i)).to_string(),
        BreakdownBy::Channel => source
            .channel(i)
            .map(|c| source.channel_names().name(c).to_string())
            .unwrap_or_else(|| text::t("core.journeys.noChannel", "(no channel)", &[])),
        BreakdownBy::Kind => class_label(Dimension::Kind, &source.classes(i)),
        BreakdownBy::Owner => class_label(Dimension::Owner, &source.classes(i)),
        BreakdownBy::Stage => class_label(Dimension::Stage, &source.classes(i)),
        BreakdownBy::Media => class_label(Dimension::Media, &source.classes(i)),
        BreakdownBy::Direction => class_label(Dimension::Direction, &source.classes(i)),
        BreakdownBy::Converted => String::new(),
    }
}

/// The dimension in words, for the breakdown's statement (in Dutch with its article).
fn by_name(by: BreakdownBy) -> String {
    match by {
        BreakdownBy::Touchpoint => text::t("core.journeys.by.touchpoint", "touch point", &[]),
        BreakdownBy::Channel => text::t("core.journeys.by.channel", "channel", &[]),
        BreakdownBy::Kind => text::t("core.journeys.by.kind", "kind", &[]),
        BreakdownBy::Owner => text::t("core.journeys.by.owner", "owner", &[]),
        BreakdownBy::Stage => text::t("core.journeys.by.stage", "stage", &[]),
        BreakdownBy::Media => text::t("core.journeys.by.media", "media", &[]),
        BreakdownBy::Direction => text::t("core.journeys.by.direction", "direction", &[]),
        BreakdownBy::Converted => text::t("core.journeys.by.converted", "converted", &[]),
    }
}

fn breakdown_statement(by: BreakdownBy, value: BreakdownValue, step: Option<usize>) -> String {
    if by == BreakdownBy::Converted {
        return text::t(
            "core.journeys.breakdown.statement.converted",
            "Each journey is converted when one of its events has converted = true.",
            &[],
        );
    }
    let which = match value {
        BreakdownValue::First => {
            text::t("core.journeys.breakdown.first", "of its first event (first touch)", &[])
        }
        BreakdownValue::Last => {
            text::t("core.journeys.breakdown.last", "of its last event (last touch)", &[])
        }
        BreakdownValue::Step => text::t(
            "core.journeys.breakdown.atStep",
            "of the event at which it first reaches step {step}",
            &[("step", &step.unwrap_or(1))],
        ),
    };
    text::t(
        "core.journeys.breakdown.statement",
        "Each journey gets the {by} {which}.",
        &[("by", &by_name(by)), ("which", &which)],
    )
}

/// The options in words.
fn statements(spec: &FunnelSpec, base: TimeBase) -> Vec<String> {
    let mut out = Vec::new();
    out.push(match spec.order {
        Order::Sequential => text::t(
            "core.funnel.note.sequential",
            "Sequential: each step after the one before; other events may come between.",
            &[],
        ),
        Order::Strict => text::t(
            "core.funnel.note.strict",
            "Strict: each step the very next event after the one before (repeats of the step before may come between).",
            &[],
        ),
        Order::Any => text::t(
            "core.funnel.note.anyOrder",
            "Any order: the steps may be done in any order.",
            &[],
        ),
    });
    out.push(match spec.mode {
        Mode::Closed => text::t(
            "core.funnel.note.closed",
            "Closed: a journey counts at a step only after step 1 and every required step before it.",
            &[],
        ),
        Mode::Open => {
            text::t("core.funnel.note.open", "Open: a journey may enter at any step.", &[])
        }
    });
    out.push(match spec.count {
        Counting::Journeys => text::t(
            "core.funnel.note.journeys",
            "Counting journeys: each journey once per step.",
            &[],
        ),
        Counting::Completions => text::t(
            "core.funnel.note.completions",
            "Counting completions: each time a journey goes through; a new run starts after the event that ended the last one.",
            &[],
        ),
    });
    if spec.entry == super::spec::Entry::First {
        out.push(text::t(
            "core.funnel.note.entryFirst",
            "Entry at the first event only: a journey's way starts at its first event of an entry step.",
            &[],
        ));
    }
    if let Some(w) = spec.window {
        out.push(text::t(
            "core.funnel.note.window",
            "Window: the last step at most {duration} after the first.",
            &[("duration", &super::duration_text(w, base))],
        ));
    }
    for (i, s) in spec.steps.iter().enumerate() {
        let step = i + 1;
        let lo = s.min_gap.map(|g| super::duration_text(g, base));
        let hi = s.max_gap.map(|g| super::duration_text(g, base));
        match (lo, hi) {
            (Some(min), Some(max)) => out.push(text::t(
                "core.funnel.note.gap.both",
                "Step {step}: at least {min} and at most {max} after the step before.",
                &[("step", &step), ("min", &min), ("max", &max)],
            )),
            (Some(min), None) => out.push(text::t(
                "core.funnel.note.gap.min",
                "Step {step}: at least {min} after the step before.",
                &[("step", &step), ("min", &min)],
            )),
            (None, Some(max)) => out.push(text::t(
                "core.funnel.note.gap.max",
                "Step {step}: at most {max} after the step before.",
                &[("step", &step), ("max", &max)],
            )),
            (None, None) => {}
        }
    }
    for e in &spec.exclusions {
        let n = spec.steps.len();
        out.push(text::t(
            "core.funnel.note.exclusion",
            "Exclusion: a journey with {step} strictly between step {from} and step {to} does not count past them.",
            &[
                ("step", &e.matcher.describe()),
                ("from", &e.from.unwrap_or(1)),
                ("to", &e.to.unwrap_or(n)),
            ],
        ));
    }
    out
}

/// " (did you mean …?)" for a touch point step whose name is close to a real one.
fn suggestion(m: &Matcher, names: &crate::model::Names) -> String {
    let Matcher::Touchpoint(wanted) = m else { return String::new() };
    let Some(w) = wanted.first() else { return String::new() };
    let w = w.trim().to_lowercase();
    let best = names
        .iter()
        .map(|n| (edit_distance(&w, &n.to_lowercase()), n))
        .filter(|(d, _)| *d <= 3)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    match best {
        Some((_, n)) => text::t(
            "core.funnel.note.didYouMean",
            " (did you mean {name}?)",
            &[("name", &format!("{n:?}"))],
        ),
        None => String::new(),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = row;
    }
    prev[b.len()]
}

impl FunnelReport {
    /// The drop-off list as CSV: step, label, journey, next touch point.
    pub fn dropoff_csv(&self, step: Option<usize>) -> String {
        use crate::csv_cell::guarded;
        let mut out = String::from("step,step_label,journey,next_touchpoint\n");
        for (k, list) in self.dropped_journeys.iter().enumerate() {
            if step.is_some_and(|s| s != k + 1) {
                continue;
            }
            let label = self.steps.get(k).map(|s| s.label.as_str()).unwrap_or("");
            for (j, next) in list {
                let name = self.journey_names.get(j).map(String::as_str).unwrap_or("");
                let next = match next {
                    Some(tp) => {
                        self.touchpoint_names.get(*tp as usize).cloned().unwrap_or_default()
                    }
                    None => "(end of journey)".into(),
                };
                out.push_str(&format!(
                    "{},{},{},{}\n",
                    k + 1,
                    guarded(label),
                    guarded(name),
                    guarded(&next)
                ));
            }
        }
        out
    }

    /// The step table as CSV.
    pub fn steps_csv(&self) -> String {
        use crate::csv_cell::guarded;
        let opt = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
        let mut out = String::from("step,label,optional,count,journeys,entered,dropped,conversion_from_start,conversion_from_previous,median_from_previous,median_from_start\n");
        for s in &self.steps {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{}\n",
                s.step,
                guarded(&s.label),
                s.optional,
                s.count,
                s.journeys,
                s.entered,
                s.dropped.map(|d| d.to_string()).unwrap_or_default(),
                s.conversion_from_start,
                opt(s.conversion_from_previous),
                opt(s.median_from_previous),
                opt(s.median_from_start),
            ));
        }
        out
    }
}
