//! Optimal one-to-one matching of a student's marks to the key's.
//!
//! A key mark and a student mark are *compatible* when their touch points
//! are the same under the name matching and their times agree:
//! - both are state events (an end after the start): intersection over union
//!   of the two spans ≥ the IoU threshold (and > 0);
//! - otherwise (two points, or a point and a span): |student start − key
//!   start| ≤ tolerance (with a 1 µs slack for decimal rounding).
//!
//! Marks whose start is not a finite number are compatible with nothing.
//!
//! Among all one-to-one matchings using only compatible pairs, the chosen one
//! is the best by these criteria, in order:
//! 1. the most pairs;
//! 2. the least total |Δt| (Δt = student start − key start, in whole µs);
//! 3. the largest total Δt: on a tie, students pressing *after* the key's
//!    moment win, since people press after they see;
//! 4. the least total of (key position + student position) in the given
//!    order: earlier marks first.
//!
//! The optimum is exact: a minimum-cost maximum matching (successive
//! shortest augmenting paths, the sparse form of the Hungarian method) on
//! each connected component of the compatibility graph, with costs that are
//! tuples of integers compared lexicographically (no "big M" constants, no
//! rounding between criteria). Inputs in the same order give the same
//! matching.

use std::collections::HashMap;

use serde::Serialize;

use super::settings::{GradingSettings, NameLabels};
use crate::model::{Classes, Mark};

/// Slack for comparing times with the tolerance, in seconds (1 µs).
pub const TIME_SLACK: f64 = 1e-6;

/// One matched pair: positions in the key's and the student's mark slices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// Position of the key mark.
    pub key: usize,
    /// Position of the student mark.
    pub student: usize,
    /// Student start − key start, in seconds (positive: the student was late).
    pub offset: f64,
}

/// The result of [`match_marks`].
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Matching {
    /// Matched pairs, by key position.
    pub pairs: Vec<Pair>,
    /// Key positions no student mark matched (misses), ascending.
    pub missed: Vec<usize>,
    /// Student positions that matched no key mark (extras), ascending.
    pub extra: Vec<usize>,
}

/// Matches `student` to `key` one-to-one (see the module documentation for
/// the objective and tie-break). `settings` should be sanitized
/// ([`GradingSettings::sanitized`]); unusable values are tolerated anyway.
///
/// Memory is linear in the marks whenever names are compared (exact or by
/// aliases) and a name's marks are all moments: their compatible pairs are
/// never listed (a sweep over the marks in time order finds each cluster),
/// and each cluster is solved by the time-order dynamic programme keeping
/// O(students) costs per row and re-computing rows instead of storing an
/// (n+1)(m+1) table. Only names with state events, and class-only
/// matching, list their compatible pairs (see `docs/limits.md`).
pub fn match_marks(key: &[Mark], student: &[Mark], settings: &GradingSettings) -> Matching {
    let labels = NameLabels::new(&settings.names);
    let tolerance = if settings.tolerance.is_finite() { settings.tolerance.max(0.0) } else { 0.0 };
    let iou_threshold =
        if settings.iou_threshold.is_finite() { settings.iou_threshold } else { 0.5 };
    let nk = key.len();
    let mut pairs = Vec::new();
    if labels.class_only() {
        let keys: Vec<usize> = (0..nk).collect();
        let students: Vec<usize> = (0..student.len()).collect();
        let compatible = |i: usize, j: usize| {
            !classes_conflict(&key[i].classes, &student[j].classes)
                && times_compatible(&key[i], &student[j], tolerance, iou_threshold)
        };
        solve_listing_pairs(&keys, &students, key, student, tolerance, compatible, &mut pairs);
    } else {
        // Marks of one name (label) only ever match each other.
        let mut groups: HashMap<String, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for (i, m) in key.iter().enumerate() {
            groups.entry(labels.label(&m.touchpoint)).or_default().0.push(i);
        }
        for (j, m) in student.iter().enumerate() {
            if let Some(g) = groups.get_mut(&labels.label(&m.touchpoint)) {
                g.1.push(j);
            }
        }
        for (keys, students) in groups.values() {
            if students.is_empty() {
                continue;
            }
            let spans = keys.iter().any(|&i| span(&key[i]).is_some())
                || students.iter().any(|&j| span(&student[j]).is_some());
            if spans {
                let compatible = |i: usize, j: usize| {
                    times_compatible(&key[i], &student[j], tolerance, iou_threshold)
                };
                solve_listing_pairs(
                    keys, students, key, student, tolerance, compatible, &mut pairs,
                );
            } else {
                solve_moments(keys, students, key, student, tolerance, &mut pairs);
            }
        }
    }
    crate::sort::sort_by_key(&mut pairs, |p| p.key);

    let mut key_used = vec![false; nk];
    let mut student_used = vec![false; student.len()];
    for p in &pairs {
        key_used[p.key] = true;
        student_used[p.student] = true;
    }
    Matching {
        pairs,
        missed: (0..nk).filter(|&i| !key_used[i]).collect(),
        extra: (0..student.len()).filter(|&j| !student_used[j]).collect(),
    }
}

/// Orders mark positions by start time, then position (the time order of
/// the dynamic programme).
fn time_order(list: &mut [usize], marks: &[Mark]) {
    crate::sort::sort_by(list, |a, b| marks[*a].start.total_cmp(&marks[*b].start).then(a.cmp(b)));
}

/// Moments of one name: clusters found by a sweep in time order (the
/// students within the tolerance of a key are a contiguous run, and runs of
/// consecutive keys that overlap form one cluster: a connected component of
/// the compatibility graph), each solved exactly by [`solve_in_time_order`].
/// Linear memory; no pair is listed.
fn solve_moments(
    keys: &[usize],
    students: &[usize],
    key: &[Mark],
    student: &[Mark],
    tolerance: f64,
    pairs: &mut Vec<Pair>,
) {
    let mut ks: Vec<usize> = keys.iter().copied().filter(|&i| key[i].start.is_finite()).collect();
    let mut ss: Vec<usize> =
        students.iter().copied().filter(|&j| student[j].start.is_finite()).collect();
    time_order(&mut ks, key);
    time_order(&mut ss, student);
    let limit = tolerance + TIME_SLACK;
    let (mut lo, mut hi) = (0usize, 0usize);
    // The cluster being gathered: its keys and its students' run [from, to).
    let mut cluster: Vec<usize> = Vec::new();
    let (mut from, mut to) = (0usize, 0usize);
    let flush = |cluster: &mut Vec<usize>, from: usize, to: usize, pairs: &mut Vec<Pair>| {
        if cluster.is_empty() {
            return;
        }
        let run = &ss[from..to];
        for (row, col) in solve_in_time_order(cluster, run, key, student, tolerance) {
            let (i, j) = (cluster[row], run[col]);
            pairs.push(Pair { key: i, student: j, offset: student[j].start - key[i].start });
        }
        cluster.clear();
    };
    for &i in &ks {
        let t = key[i].start;
        // The same test as `times_compatible`: |s − t| ≤ tolerance + slack.
        while lo < ss.len() && student[ss[lo]].start - t < -limit {
            lo += 1;
        }
        hi = hi.max(lo);
        while hi < ss.len() && student[ss[hi]].start - t <= limit {
            hi += 1;
        }
        if lo == hi {
            continue; // no student within the tolerance: no edge
        }
        if cluster.is_empty() || lo >= to {
            flush(&mut cluster, from, to, pairs);
            from = lo;
        }
        cluster.push(i);
        to = hi;
    }
    flush(&mut cluster, from, to, pairs);
}

/// Names with state events, or class-only matching: every compatible pair
/// of `keys` × `students` is listed, components are found by union-find and
/// each is solved exactly (interval components in time order, the others
/// by [`solve_component`]).
fn solve_listing_pairs(
    keys: &[usize],
    students: &[usize],
    key: &[Mark],
    student: &[Mark],
    tolerance: f64,
    compatible: impl Fn(usize, usize) -> bool,
    pairs: &mut Vec<Pair>,
) {
    let nk = keys.len();
    let mut parent: Vec<usize> = (0..nk + students.len()).collect();
    let mut edges: Vec<(usize, usize, Cost)> = Vec::new();
    for (a, &i) in keys.iter().enumerate() {
        for (b, &j) in students.iter().enumerate() {
            if compatible(i, j) {
                let offset = student[j].start - key[i].start;
                let cost = Cost([-1, micros(offset.abs()), -micros(offset), i as i64 + j as i64]);
                edges.push((a, b, cost));
                let (x, y) = (find(&mut parent, a), find(&mut parent, nk + b));
                if x != y {
                    parent[x.max(y)] = x.min(y);
                }
            }
        }
    }
    let mut component_of_edge: Vec<(usize, usize, usize, Cost)> = edges
        .into_iter()
        .map(|(a, b, c)| (find(&mut parent, a), keys[a], students[b], c))
        .collect();
    crate::sort::sort_by_key(&mut component_of_edge, |&(root, i, j, _)| (root, i, j));
    let mut start = 0;
    while start < component_of_edge.len() {
        let root = component_of_edge[start].0;
        let mut end = start;
        while end < component_of_edge.len() && component_of_edge[end].0 == root {
            end += 1;
        }
        let group = &component_of_edge[start..end];
        let mut keys: Vec<usize> = group.iter().map(|e| e.1).collect();
        crate::sort::sort(&mut keys);
        keys.dedup();
        let mut students: Vec<usize> = group.iter().map(|e| e.2).collect();
        crate::sort::sort(&mut students);
        students.dedup();
        let solved = if is_interval_component(&keys, &students, group, key, student, tolerance) {
            time_order(&mut keys, key);
            time_order(&mut students, student);
            solve_in_time_order(&keys, &students, key, student, tolerance)
        } else {
            solve_component(&keys, &students, group)
        };
        for (row, col) in solved {
            let (i, j) = (keys[row], students[col]);
            pairs.push(Pair { key: i, student: j, offset: student[j].start - key[i].start });
        }
        start = end;
    }
}

/// The span of a state event: `Some((start, end))` when the end is a finite
/// number after a finite start.
pub fn span(mark: &Mark) -> Option<(f64, f64)> {
    match mark.end {
        Some(end) if mark.start.is_finite() && end.is_finite() && end > mark.start => {
            Some((mark.start, end))
        }
        _ => None,
    }
}

/// Intersection over union of two spans (0 when disjoint).
pub fn iou(a: (f64, f64), b: (f64, f64)) -> f64 {
    let inter = (a.1.min(b.1) - a.0.max(b.0)).max(0.0);
    let union = a.1.max(b.1) - a.0.min(b.0);
    if union > 0.0 {
        inter / union
    } else {
        0.0
    }
}

/// True when the times of `k` and `s` agree (see the module documentation).
pub(super) fn times_compatible(k: &Mark, s: &Mark, tolerance: f64, iou_threshold: f64) -> bool {
    if !k.start.is_finite() || !s.start.is_finite() {
        return false;
    }
    match (span(k), span(s)) {
        (Some(a), Some(b)) => {
            let v = iou(a, b);
            v > 0.0 && v >= iou_threshold - 1e-9
        }
        _ => (s.start - k.start).abs() <= tolerance + TIME_SLACK,
    }
}

/// True when some class dimension is decided in both and differs.
pub fn classes_conflict(a: &Classes, b: &Classes) -> bool {
    fn differ<T: PartialEq>(x: Option<T>, y: Option<T>) -> bool {
        matches!((x, y), (Some(x), Some(y)) if x != y)
    }
    differ(a.kind, b.kind)
        || differ(a.owner, b.owner)
        || differ(a.stage, b.stage)
        || differ(a.media, b.media)
        || differ(a.direction, b.direction)
}

pub(super) fn micros(seconds: f64) -> i64 {
    let us = (seconds * 1e6).round();
    if us.is_finite() {
        us.clamp(-1e15, 1e15) as i64
    } else {
        0
    }
}

pub(super) fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// A cost compared lexicographically: (−pairs, Σ|Δt| µs, −ΣΔt µs, Σ positions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Cost(pub(super) [i64; 4]);

impl Cost {
    pub(super) const ZERO: Cost = Cost([0; 4]);

    pub(super) fn add(self, o: Cost) -> Cost {
        Cost(std::array::from_fn(|k| self.0[k].saturating_add(o.0[k])))
    }

    fn sub(self, o: Cost) -> Cost {
        Cost(std::array::from_fn(|k| self.0[k].saturating_sub(o.0[k])))
    }
}

/// True when, within the component, every point pair within the tolerance
/// is compatible and no mark is a state event: compatibility is then an
/// interval relation on time, and some lexicographically least matching
/// does not cross (uncrossing two pairs keeps the number of pairs, the
/// sums of offsets and of positions, and never increases Σ|Δt|).
pub(super) fn is_interval_component(
    keys: &[usize],
    students: &[usize],
    edges: &[(usize, usize, usize, Cost)],
    key: &[Mark],
    student: &[Mark],
    tolerance: f64,
) -> bool {
    if keys.iter().any(|&i| span(&key[i]).is_some())
        || students.iter().any(|&j| span(&student[j]).is_some())
    {
        return false;
    }
    let within = keys
        .iter()
        .flat_map(|&i| students.iter().map(move |&j| (i, j)))
        .filter(|&(i, j)| (student[j].start - key[i].start).abs() <= tolerance + TIME_SLACK)
        .count();
    within == edges.len()
}

/// Exact optimum of an interval component by dynamic programming over the
/// marks in time order, O(keys × students) time: best\[r\]\[c\] is the least
/// cost matching the first r keys with the first c students. Memory is
/// O(students + [`CHOICE_BUDGET`]): the walk back needs each row's choices,
/// so a block of rows small enough is stored, and a larger one is split at
/// its middle row (whose costs are computed forward, without storing), the
/// lower half walked back first to find where the path enters the middle
/// row (Hirschberg's idea, here keeping exactly the full table's choices:
/// the rows computed are the same rows).
fn solve_in_time_order(
    keys: &[usize],
    students: &[usize],
    key: &[Mark],
    student: &[Mark],
    tolerance: f64,
) -> Vec<(usize, usize)> {
    let dp = TimeOrderDp { keys, students, key, student, limit: tolerance + TIME_SLACK };
    let first = vec![Cost::ZERO; students.len() + 1];
    let mut out = Vec::new();
    dp.walk_back(0, &first, keys.len(), students.len(), &mut out);
    out
}

/// Choices stored at most at once by [`solve_in_time_order`] (1 MiB).
const CHOICE_BUDGET: usize = 1 << 20;

struct TimeOrderDp<'a> {
    keys: &'a [usize],
    students: &'a [usize],
    key: &'a [Mark],
    student: &'a [Mark],
    limit: f64,
}

impl TimeOrderDp<'_> {
    /// Row `r` (1-based) from row `r − 1`; the choices (0 = skip key,
    /// 1 = skip student, 2 = pair) into `choice` when given.
    fn row(
        &self,
        r: usize,
        previous: &[Cost],
        current: &mut [Cost],
        mut choice: Option<&mut [u8]>,
    ) {
        current[0] = Cost::ZERO;
        if let Some(ch) = choice.as_deref_mut() {
            ch[0] = 0;
        }
        let i = self.keys[r - 1];
        let k = &self.key[i];
        for c in 1..current.len() {
            let j = self.students[c - 1];
            let mut best = previous[c];
            let mut pick = 0u8;
            if current[c - 1] < best {
                best = current[c - 1];
                pick = 1;
            }
            let s = &self.student[j];
            if (s.start - k.start).abs() <= self.limit {
                let offset = micros(s.start) - micros(k.start);
                let pair = previous[c - 1].add(Cost([-1, offset.abs(), -offset, (i + j) as i64]));
                if pair < best {
                    best = pair;
                    pick = 2;
                }
            }
            current[c] = best;
            if let Some(ch) = choice.as_deref_mut() {
                ch[c] = pick;
            }
        }
    }

    /// Rows `a + 1 ..= b` from row `a`'s costs `start`; returns row `b`.
    fn forward(&self, a: usize, start: &[Cost], b: usize) -> Vec<Cost> {
        let mut previous = start.to_vec();
        let mut current = vec![Cost::ZERO; start.len()];
        for r in a + 1..=b {
            self.row(r, &previous, &mut current, None);
            std::mem::swap(&mut previous, &mut current);
        }
        previous
    }

    /// Walks back from cell (`b`, `c_end`) to row `a` (whose costs are
    /// `start`), pushing the pairs met onto `out`; returns the column at
    /// which the path reaches row `a` (0 once it reached column 0).
    fn walk_back(
        &self,
        a: usize,
        start: &[Cost],
        b: usize,
        c_end: usize,
        out: &mut Vec<(usize, usize)>,
    ) -> usize {
        let width = start.len();
        if b == a {
            return c_end;
        }
        if (b - a).saturating_mul(width) > CHOICE_BUDGET && b - a > 1 {
            let mid = a + (b - a) / 2;
            let middle = self.forward(a, start, mid);
            let c_mid = self.walk_back(mid, &middle, b, c_end, out);
            return self.walk_back(a, start, mid, c_mid, out);
        }
        // Rows a+1..=b with their choices stored.
        let rows = b - a;
        let mut choice = vec![0u8; rows * width];
        let mut previous = start.to_vec();
        let mut current = vec![Cost::ZERO; width];
        for (n, r) in (a + 1..=b).enumerate() {
            self.row(r, &previous, &mut current, Some(&mut choice[n * width..(n + 1) * width]));
            std::mem::swap(&mut previous, &mut current);
        }
        let (mut r, mut c) = (b, c_end);
        while r > a && c > 0 {
            match choice[(r - a - 1) * width + c] {
                2 => {
                    out.push((r - 1, c - 1));
                    r -= 1;
                    c -= 1;
                }
                1 => c -= 1,
                _ => r -= 1,
            }
        }
        c
    }
}

/// Exact optimum on one component by successive shortest augmenting paths
/// (Dijkstra with node potentials, so reduced costs stay ≥ 0) over the
/// lexicographic costs. Every augmenting path adds one pair, so augmenting
/// until no path is left gives the most pairs, and each step being a
/// shortest path keeps the total cost least for that number of pairs.
/// Cost O(pairs × E log V) on the component's E compatible pairs.
/// Returns (key row, student column) pairs.
pub(super) fn solve_component(
    keys: &[usize],
    students: &[usize],
    edges: &[(usize, usize, usize, Cost)],
) -> Vec<(usize, usize)> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    let n = keys.len();
    let ns = students.len();
    let mut adj: Vec<Vec<(usize, Cost)>> = vec![Vec::new(); n];
    let mut cost_of = std::collections::HashMap::new();
    for &(_, i, j, c) in edges {
        // Both searches succeed: the component lists every end of its edges.
        if let (Ok(r), Ok(col)) = (keys.binary_search(&i), students.binary_search(&j)) {
            adj[r].push((col, c));
            cost_of.insert((r, col), c);
        }
    }
    // Potentials: keys 0, students the least cost reaching them.
    let mut pi = vec![Cost::ZERO; n + ns];
    let mut seen = vec![false; ns];
    for list in &adj {
        for &(col, c) in list {
            if !seen[col] || c < pi[n + col] {
                pi[n + col] = c;
                seen[col] = true;
            }
        }
    }
    let mut student_of: Vec<Option<usize>> = vec![None; n];
    let mut key_of: Vec<Option<usize>> = vec![None; ns];
    loop {
        let mut dist: Vec<Option<Cost>> = vec![None; n + ns];
        let mut done = vec![false; n + ns];
        let mut came_from = vec![usize::MAX; ns];
        let mut heap = BinaryHeap::new();
        for r in 0..n {
            if student_of[r].is_none() {
                let d = Cost::ZERO.sub(pi[r]);
                dist[r] = Some(d);
                heap.push(Reverse((d, r)));
            }
        }
        while let Some(Reverse((d, u))) = heap.pop() {
            if done[u] || dist[u] != Some(d) {
                continue;
            }
            done[u] = true;
            if u < n {
                for &(col, c) in &adj[u] {
                    let v = n + col;
                    if student_of[u] == Some(col) || done[v] {
                        continue;
                    }
                    let nd = d.add(c).add(pi[u]).sub(pi[v]);
                    if dist[v].is_none_or(|old| nd < old) {
                        dist[v] = Some(nd);
                        came_from[col] = u;
                        heap.push(Reverse((nd, v)));
                    }
                }
            } else if let Some(r) = key_of[u - n] {
                let c = cost_of.get(&(r, u - n)).copied().unwrap_or(Cost::ZERO);
                let nd = d.sub(c).add(pi[u]).sub(pi[r]);
                if !done[r] && dist[r].is_none_or(|old| nd < old) {
                    dist[r] = Some(nd);
                    heap.push(Reverse((nd, r)));
                }
            }
        }
        // The free student at the least true distance, lowest position on ties.
        let best = (0..ns)
            .filter(|&col| key_of[col].is_none())
            .filter_map(|col| dist[n + col].map(|d| (d.add(pi[n + col]), col)))
            .min();
        let Some((_, mut col)) = best else {
            break;
        };
        for v in 0..n + ns {
            if let Some(d) = dist[v] {
                pi[v] = pi[v].add(d);
            }
        }
        loop {
            let r = came_from[col];
            let previous = student_of[r];
            student_of[r] = Some(col);
            key_of[col] = Some(r);
            match previous {
                Some(p) => col = p,
                None => break,
            }
        }
    }
    student_of.iter().enumerate().filter_map(|(r, c)| c.map(|c| (r, c))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classroom::settings::NameMatching;
    use crate::model::Kind;

    fn mark(t: f64) -> Mark {
        Mark {
            start: t,
            end: None,
            touchpoint: "x".into(),
            classes: Classes::default(),
            note: String::new(),
        }
    }

    /// Brute force over all matchings: the lexicographically least full
    /// cost (pairs, Σ|Δt|, −ΣΔt, Σ positions).
    fn brute(key: &[Mark], student: &[Mark], tol: f64) -> Cost {
        fn go(i: usize, key: &[Mark], student: &[Mark], used: &mut Vec<bool>, tol: f64) -> Cost {
            if i == key.len() {
                return Cost::ZERO;
            }
            let mut best = go(i + 1, key, student, used, tol);
            for j in 0..student.len() {
                let d = student[j].start - key[i].start;
                let ok = !classes_conflict(&key[i].classes, &student[j].classes);
                if !used[j] && ok && d.abs() <= tol + TIME_SLACK {
                    used[j] = true;
                    let rest = go(i + 1, key, student, used, tol);
                    used[j] = false;
                    let cand = rest.add(Cost([-1, micros(d.abs()), -micros(d), (i + j) as i64]));
                    best = best.min(cand);
                }
            }
            best
        }
        go(0, key, student, &mut vec![false; student.len()], tol)
    }

    #[test]
    fn agrees_with_brute_force() {
        // A small deterministic pseudo-random generator.
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) % 60) as f64 / 4.0
        };
        for round in 0..300 {
            let key: Vec<Mark> = (0..2 + round % 6).map(|_| mark(next())).collect();
            let student: Vec<Mark> = (0..1 + round % 7).map(|_| mark(next())).collect();
            let settings = GradingSettings::default();
            let m = match_marks(&key, &student, &settings);
            let total = m.pairs.iter().fold(Cost::ZERO, |acc, p| {
                acc.add(Cost([
                    -1,
                    micros(p.offset.abs()),
                    -micros(p.offset),
                    (p.key + p.student) as i64,
                ]))
            });
            assert_eq!(total, brute(&key, &student, 3.0));

            // Class-only with conflicting classes: the general solver.
            let kinds = [None, Some(Kind::MassCommunication), Some(Kind::CasualObservation)];
            let classify = |mut m: Mark, k: usize| {
                m.classes.kind = kinds[k % 3];
                m
            };
            let key: Vec<Mark> = key.into_iter().enumerate().map(|(i, m)| classify(m, i)).collect();
            let student: Vec<Mark> =
                student.into_iter().enumerate().map(|(j, m)| classify(m, j * 7 + round)).collect();
            let settings = GradingSettings { names: NameMatching::ClassOnly, ..Default::default() };
            let m = match_marks(&key, &student, &settings);
            let total = m.pairs.iter().fold(Cost::ZERO, |acc, p| {
                acc.add(Cost([
                    -1,
                    micros(p.offset.abs()),
                    -micros(p.offset),
                    (p.key + p.student) as i64,
                ]))
            });
            assert_eq!(total, brute(&key, &student, 3.0));
        }
    }

    /// The banded, linear-memory matching gives exactly the result of the
    /// algorithm it replaced (every compatible pair listed, a full table) on
    /// random small classes: names, aliases, class-only, moments, state
    /// events, ties, NaN starts, every tolerance.
    #[test]
    fn agrees_with_the_reference_algorithm() {
        let mut seed = 99u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let names = ["a", "b", "A ", "c"];
        for round in 0..3000 {
            let marks = |count: u64, next: &mut dyn FnMut(u64) -> u64| -> Vec<Mark> {
                (0..count)
                    .map(|_| {
                        let start = match next(40) {
                            0 => f64::NAN,
                            t => t as f64 / 4.0,
                        };
                        let end = match next(6) {
                            0 => Some(start + 0.5 + next(8) as f64),
                            1 => Some(start),
                            _ => None,
                        };
                        let mut m = mark(start);
                        m.end = end;
                        m.touchpoint = names[next(names.len() as u64) as usize].into();
                        m.classes.kind = [None, Some(Kind::MassCommunication)][next(2) as usize];
                        m
                    })
                    .collect()
            };
            let key = marks(next(9), &mut next);
            let student = marks(next(9), &mut next);
            let names_setting = match round % 3 {
                0 => NameMatching::Exact,
                1 => NameMatching::Aliases(vec![vec!["a".into(), "b".into()]]),
                _ => NameMatching::ClassOnly,
            };
            let settings = GradingSettings {
                tolerance: [0.0, 0.25, 1.0, 3.0][next(4) as usize],
                names: names_setting,
                ..Default::default()
            };
            let got = match_marks(&key, &student, &settings);
            let want = super::super::matching_reference::match_marks(&key, &student, &settings);
            assert_eq!(got, want, "round {round}: {key:?} / {student:?} / {settings:?}");
        }
    }

    /// Blocks of rows split at the middle walk back exactly as one stored
    /// table does (the budget is only a memory bound).
    #[test]
    fn a_split_walk_back_equals_the_stored_table() {
        let key: Vec<Mark> = (0..300).map(|i| mark((i % 7) as f64 * 0.5)).collect();
        let student: Vec<Mark> = (0..280).map(|i| mark((i % 5) as f64 * 0.7)).collect();
        let (mut ks, mut ss): (Vec<usize>, Vec<usize>) = ((0..300).collect(), (0..280).collect());
        time_order(&mut ks, &key);
        time_order(&mut ss, &student);
        let dp = TimeOrderDp { keys: &ks, students: &ss, key: &key, student: &student, limit: 3.0 };
        let first = vec![Cost::ZERO; ss.len() + 1];
        let mut stored = Vec::new();
        // One block: rows × width is below the budget here.
        assert!(ks.len() * (ss.len() + 1) < CHOICE_BUDGET);
        dp.walk_back(0, &first, ks.len(), ss.len(), &mut stored);
        // Forced splits: walk back in halves by hand.
        let mut split = Vec::new();
        let mid = ks.len() / 2;
        let middle = dp.forward(0, &first, mid);
        let c_mid = dp.walk_back(mid, &middle, ks.len(), ss.len(), &mut split);
        dp.walk_back(0, &first, mid, c_mid, &mut split);
        assert_eq!(split, stored);
        assert_eq!(stored.len(), 280);
    }
}
