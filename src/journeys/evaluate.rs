//! Evaluating a funnel on one journey: which steps it reaches, by which way,
//! and when. Works on plain input — per event, the mask of steps it matches
//! and its time, in journey order — so it is tested without a dataset.
//!
//! Definitions (see `docs/journeys.md`):
//! - A *chain* is a sequence of distinct events, one per step it includes, in
//!   step order, that skips only optional steps, starts at step 1 (closed
//!   funnel) or at any step (open funnel), and keeps every constraint: the
//!   order (sequential: each later in the journey; strict: each the next event
//!   after the one before, repeats of the step before allowed between; any:
//!   no order), each step's min/max gap from the chain's step before it, the
//!   window (last − first ≤ window), no excluded event strictly between two
//!   steps an exclusion covers, and (entry "first") a start at the journey's
//!   first event of an entry step.
//! - A journey *reaches* step k when some chain ends at step k; it reaches k
//!   *through* the step before it (the nearest earlier required step) when
//!   such a chain includes that step.
//! - Times: of all chains ending at the earliest event that reaches step k,
//!   the one that starts latest (the shortest way).
//! - Events at the same time are put in step order (an event of an earlier
//!   step first; events of no step last), so a tie never breaks a funnel.
//!
//! Sequential and strict funnels are one pass over the events with, per link
//! between steps, a sliding-window maximum of chain starts (work per event
//! proportional to the number of steps). Any-order funnels check distinct
//! representatives in time windows.

use super::spec::{Order, Plan};
use std::collections::VecDeque;

/// One event of a journey as the funnel sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Input {
    /// Bit k: the event matches step k; bit `steps + j`: exclusion j.
    pub mask: u64,
    pub time: f64,
}

/// The first time a journey reaches a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    /// Index of the event (into the journey, in the input's order).
    pub event: usize,
    /// Time of that event.
    pub time: f64,
    /// Start of the latest-starting chain ending there.
    pub start: f64,
    /// Time of the chain's step before (None for a chain of one event).
    pub previous: Option<f64>,
}

/// What one journey did in the funnel (counting journeys).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Bit k: the journey reaches step k.
    pub reached: u32,
    /// Bit k: it reaches step k through the required step before it (bit 0 = reached step 1).
    pub through: u32,
    /// Per step: the first reach (any chain).
    pub first: Vec<Option<Reach>>,
    /// Per step: the first reach through the step before.
    pub first_through: Vec<Option<Reach>>,
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    time: f64,
    value: f64,
}

#[derive(Debug, Default, Clone)]
struct Window {
    pending: VecDeque<Cand>,
    best: VecDeque<Cand>,
}

impl Window {
    fn clear(&mut self) {
        self.pending.clear();
        self.best.clear();
    }

    fn push(&mut self, c: Cand) {
        self.pending.push_back(c);
    }

    /// The candidate with the latest start among those with time in [lo, hi].
    fn max(&mut self, lo: f64, hi: f64) -> Option<Cand> {
        while let Some(c) = self.pending.front().copied() {
            if c.time > hi {
                break;
            }
            self.pending.pop_front();
            while self.best.back().is_some_and(|b| b.value <= c.value) {
                self.best.pop_back();
            }
            self.best.push_back(c);
        }
        while self.best.front().is_some_and(|c| c.time < lo) {
            self.best.pop_front();
        }
        self.best.front().copied()
    }
}

/// At one event, for one step: the latest chain start (any chain) and the
/// time of its step before, the same through the step before.
type StepValues = (Option<f64>, Option<f64>, Option<f64>, Option<f64>);

/// Reusable working memory (kept between journeys to avoid allocations).
#[derive(Debug, Default)]
pub struct Scratch {
    events: Vec<Input>,
    original: Vec<usize>,
    any: Vec<Window>,
    through: Vec<Window>,
    excl_last: Vec<f64>,
    excl_before: Vec<f64>,
    values: Vec<StepValues>,
}

/// A funnel ready to run on journeys.
pub struct Evaluator<'p> {
    plan: &'p Plan,
}

/// A completion's end and times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Completion {
    /// Index into the arranged events (the next run starts after it).
    pub end: usize,
    pub reach: Reach,
}

impl<'p> Evaluator<'p> {
    pub(crate) fn new(plan: &'p Plan) -> Evaluator<'p> {
        Evaluator { plan }
    }

    fn step_bits(&self) -> u64 {
        (1u64 << self.plan.n) - 1
    }

    /// Puts the journey's events in evaluation order: ties in time by first matching step.
    fn arrange(&self, input: &[Input], s: &mut Scratch) {
        s.events.clear();
        s.original.clear();
        s.events.extend_from_slice(input);
        s.original.extend(0..input.len());
        let steps = self.step_bits();
        let has_ties = input.windows(2).any(|w| w[0].time == w[1].time);
        if has_ties {
            let key = |m: u64| {
                let m = m & steps;
                if m == 0 {
                    64
                } else {
                    m.trailing_zeros()
                }
            };
            let mut i = 0;
            while i < input.len() {
                let mut j = i + 1;
                while j < input.len() && input[j].time == input[i].time {
                    j += 1;
                }
                if j - i > 1 {
                    crate::sort::sort_by_key(&mut s.original[i..j], |&o| key(input[o].mask));
                    for x in i..j {
                        s.events[x] = input[s.original[x]];
                    }
                }
                i = j;
            }
        }
    }

    /// The journey's outcome when counting journeys.
    pub fn journey(&self, input: &[Input], s: &mut Scratch) -> Outcome {
        let mut out = Outcome::default();
        self.journey_into(input, s, &mut out);
        out
    }

    /// [`Evaluator::journey`] into `out` (its memory reused between journeys).
    pub fn journey_into(&self, input: &[Input], s: &mut Scratch, out: &mut Outcome) {
        self.arrange(input, s);
        let n = self.plan.n;
        out.reached = 0;
        out.through = 0;
        out.first.clear();
        out.first.resize(n, None);
        out.first_through.clear();
        out.first_through.resize(n, None);
        if self.plan.order == Order::Any {
            self.any_order_journey(s, out);
        } else {
            self.run(s, 0, None, out);
        }
        for r in out.first.iter_mut().chain(out.first_through.iter_mut()).flatten() {
            r.event = s.original[r.event];
        }
    }

    /// Completions of step `k` (`through`: only chains through the step
    /// before), each run after the previous one ends: their reaches.
    pub fn completions(
        &self,
        input: &[Input],
        k: usize,
        through: bool,
        s: &mut Scratch,
    ) -> Vec<Reach> {
        self.arrange(input, s);
        let n = self.plan.n;
        let mut found = Vec::new();
        let mut from = 0;
        let mut out =
            Outcome { first: vec![None; n], first_through: vec![None; n], ..Outcome::default() };
        while from < s.events.len() {
            let c = if self.plan.order == Order::Any {
                self.any_order_completion(s, from, k, through)
            } else {
                self.run(s, from, Some((k, through)), &mut out)
            };
            let Some(c) = c else { break };
            let mut reach = c.reach;
            reach.event = s.original[reach.event];
            found.push(reach);
            from = c.end + 1;
        }
        found
    }

    /// One pass of the sequential/strict chain search from event `from`.
    /// With a target (step, through) it stops at the first event reaching it.
    fn run(
        &self,
        s: &mut Scratch,
        from: usize,
        target: Option<(usize, bool)>,
        out: &mut Outcome,
    ) -> Option<Completion> {
        let plan = self.plan;
        let n = plan.n;
        let links = plan.links.len();
        s.any.resize_with(links, Window::default);
        s.through.resize_with(links, Window::default);
        for w in s.any.iter_mut().chain(s.through.iter_mut()) {
            w.clear();
        }
        let exclusions = (plan.exclusion_bits >> n).count_ones() as usize;
        s.excl_last.clear();
        s.excl_last.resize(exclusions, f64::NEG_INFINITY);
        s.excl_before.clear();
        s.excl_before.resize(exclusions, f64::NEG_INFINITY);
        s.values.clear();
        s.values.resize(n, (None, None, None, None));
        let strict = plan.order == Order::Strict;
        let mut entry_used = false;
        let mut group_time = f64::NAN;
        for e in from..s.events.len() {
            let Input { mask, time: t } = s.events[e];
            if t != group_time {
                group_time = t;
                s.excl_before.copy_from_slice(&s.excl_last);
            }
            let mut any_entry = false;
            for k in 0..n {
                s.values[k] = (None, None, None, None);
                if mask & (1 << k) == 0 {
                    continue;
                }
                let (mut any, mut any_prev, mut thr, mut thr_prev) = (None, None, None, None);
                for &l in &plan.into[k] {
                    let link = &plan.links[l];
                    let mut lo = t - link.max_gap;
                    for j in 0..exclusions {
                        if link.exclusions & (1u64 << (n + j)) != 0 {
                            lo = lo.max(s.excl_before[j]);
                        }
                    }
                    let hi = t - link.min_gap;
                    if let Some(c) = s.any[l].max(lo, hi) {
                        if any.is_none_or(|a| c.value > a) {
                            any = Some(c.value);
                            any_prev = Some(c.time);
                        }
                    }
                    if let Some(c) = s.through[l].max(lo, hi) {
                        if thr.is_none_or(|a| c.value > a) {
                            thr = Some(c.value);
                            thr_prev = Some(c.time);
                        }
                    }
                }
                if plan.starts_at(k) {
                    any_entry = true;
                    if !(plan.entry_first && entry_used) && any.is_none_or(|a| t > a) {
                        any = Some(t);
                        any_prev = None;
                    }
                }
                if any.is_some_and(|a| t - a > plan.window) {
                    any = None;
                }
                if thr.is_some_and(|a| t - a > plan.window) {
                    thr = None;
                }
                if k == 0 {
                    thr = any;
                    thr_prev = None;
                }
                s.values[k] = (any, any_prev, thr, thr_prev);
            }
            if any_entry {
                entry_used = true;
            }
            for k in 0..n {
                let (any, any_prev, thr, thr_prev) = s.values[k];
                if let Some(a) = any {
                    out.reached |= 1 << k;
                    if out.first[k].is_none() {
                        out.first[k] =
                            Some(Reach { event: e, time: t, start: a, previous: any_prev });
                    }
                }
                if let Some(a) = thr {
                    out.through |= 1 << k;
                    if out.first_through[k].is_none() {
                        out.first_through[k] =
                            Some(Reach { event: e, time: t, start: a, previous: thr_prev });
                    }
                }
                if let Some((target, through)) = target {
                    if target == k {
                        let hit = if through {
                            thr.map(|a| (a, thr_prev))
                        } else {
                            any.map(|a| (a, any_prev))
                        };
                        if let Some((start, previous)) = hit {
                            return Some(Completion {
                                end: e,
                                reach: Reach { event: e, time: t, start, previous },
                            });
                        }
                    }
                }
            }
            // Offer this event's chains to the links out of its steps.
            for (l, link) in plan.links.iter().enumerate() {
                let q = link.from;
                if mask & (1 << q) != 0 {
                    let (any, _, thr, _) = s.values[q];
                    if let Some(a) = any {
                        s.any[l].push(Cand { time: t, value: a });
                    }
                    let through_value =
                        if plan.previous_required[link.to] == Some(q) { any } else { thr };
                    if let Some(a) = through_value {
                        s.through[l].push(Cand { time: t, value: a });
                    }
                } else if strict {
                    // Strict: any other event breaks the run of the step before.
                    s.any[l].clear();
                    s.through[l].clear();
                }
            }
            for j in 0..exclusions {
                if mask & (1u64 << (n + j)) != 0 {
                    s.excl_last[j] = t;
                }
            }
        }
        None
    }

    /// The steps a journey must have done (distinct events) to reach step `k`
    /// in any order: through the step before, that step and `k`; otherwise
    /// every required step up to `k` and `k` (closed), or `k` alone (open).
    fn any_order_set(&self, k: usize, through: bool) -> u64 {
        let plan = self.plan;
        if plan.open {
            return match (through, plan.previous_required[k]) {
                (true, Some(p)) => (1 << p) | (1 << k),
                _ => 1 << k,
            };
        }
        let mut set = 1u64 << k;
        for j in 0..k {
            if plan.required[j] {
                set |= 1 << j;
            }
        }
        set
    }

    fn any_order_journey(&self, s: &mut Scratch, out: &mut Outcome) {
        for k in 0..self.plan.n {
            let any = self.any_order_completion(s, 0, k, false);
            if let Some(c) = any {
                out.reached |= 1 << k;
                out.first[k] = Some(c.reach);
            }
            let through = if k > 0 && self.plan.open {
                self.any_order_completion(s, 0, k, true)
            } else {
                any
            };
            if let Some(c) = through {
                out.through |= 1 << k;
                out.first_through[k] = Some(c.reach);
            }
        }
    }

    /// The earliest event from `from` at which the journey has distinct
    /// events for every step of the set, all within the window.
    fn any_order_completion(
        &self,
        s: &Scratch,
        from: usize,
        k: usize,
        through: bool,
    ) -> Option<Completion> {
        let set = self.any_order_set(k, through);
        let ev = &s.events[from..];
        // Per step of the set, its events inside the window [lo, end]: a cover
        // is only looked for once every step has one (work per event, not per window).
        let mut counts = [0u32; 64];
        let mut missing = set.count_ones();
        let mut lo = 0;
        for end in 0..ev.len() {
            let m = ev[end].mask & set;
            let mut bits = m;
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if counts[b] == 0 {
                    missing -= 1;
                }
                counts[b] += 1;
            }
            let t = ev[end].time;
            while ev[lo].time < t - self.plan.window {
                let mut bits = ev[lo].mask & set;
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    counts[b] -= 1;
                    if counts[b] == 0 {
                        missing += 1;
                    }
                }
                lo += 1;
            }
            if m == 0 || missing > 0 || !distinct_cover(&ev[lo..=end], set) {
                continue;
            }
            // The latest start keeping a cover.
            let mut start = lo;
            while start < end && distinct_cover(&ev[start + 1..=end], set) {
                start += 1;
            }
            let reach = Reach { event: from + end, time: t, start: ev[start].time, previous: None };
            return Some(Completion { end: from + end, reach });
        }
        None
    }
}

/// True when distinct events of `events` can stand for every step of `set`
/// (a system of distinct representatives, found by augmenting paths).
fn distinct_cover(events: &[Input], set: u64) -> bool {
    let steps: Vec<u32> = (0..64).filter(|b| set & (1u64 << b) != 0).collect();
    // Quick checks: every step has an event; no event matches two steps of the set.
    let mut overlap = false;
    for &b in &steps {
        if !events.iter().any(|e| e.mask & (1u64 << b) != 0) {
            return false;
        }
    }
    for e in events {
        if (e.mask & set).count_ones() > 1 {
            overlap = true;
            break;
        }
    }
    if !overlap {
        return true;
    }
    let mut owner: Vec<Option<usize>> = vec![None; events.len()];
    fn augment(
        step: u32,
        events: &[Input],
        steps: &[u32],
        owner: &mut [Option<usize>],
        seen: &mut [bool],
    ) -> bool {
        for (i, e) in events.iter().enumerate() {
            if e.mask & (1u64 << step) == 0 || seen[i] {
                continue;
            }
            seen[i] = true;
            let free = match owner[i] {
                None => true,
                Some(other) => augment(steps[other], events, steps, owner, seen),
            };
            if free {
                owner[i] = steps.iter().position(|&s| s == step);
                return true;
            }
        }
        false
    }
    for &b in &steps {
        let mut seen = vec![false; events.len()];
        if !augment(b, events, &steps, &mut owner, &mut seen) {
            return false;
        }
    }
    true
}
