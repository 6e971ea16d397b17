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
//! The optimum is exact: the Hungarian algorithm run on each connected
//! component of the compatibility graph, with costs that are tuples of
//! integers compared lexicographically (no "big M" constants, no rounding
//! between criteria). Inputs in the same order give the same matching.

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
pub fn match_marks(key: &[Mark], student: &[Mark], settings: &GradingSettings) -> Matching {
    let labels = NameLabels::new(&settings.names);
    let key_labels: Vec<String> = key.iter().map(|m| labels.label(&m.touchpoint)).collect();
    let student_labels: Vec<String> = student.iter().map(|m| labels.label(&m.touchpoint)).collect();
    let tolerance = if settings.tolerance.is_finite() { settings.tolerance.max(0.0) } else { 0.0 };
    let iou_threshold =
        if settings.iou_threshold.is_finite() { settings.iou_threshold } else { 0.5 };

    // Compatible pairs and their costs; union-find joins their ends.
    let nk = key.len();
    let mut parent: Vec<usize> = (0..nk + student.len()).collect();
    let mut edges: Vec<(usize, usize, Cost)> = Vec::new();
    for (i, k) in key.iter().enumerate() {
        for (j, s) in student.iter().enumerate() {
            let names_ok = if labels.class_only() {
                !classes_conflict(&k.classes, &s.classes)
            } else {
                key_labels[i] == student_labels[j]
            };
            if names_ok && times_compatible(k, s, tolerance, iou_threshold) {
                let offset = s.start - k.start;
                let cost = Cost([-1, micros(offset.abs()), -micros(offset), i as i64 + j as i64]);
                edges.push((i, j, cost));
                let (a, b) = (find(&mut parent, i), find(&mut parent, nk + j));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }

    // Solve each connected component exactly.
    let mut component_of_edge: Vec<(usize, usize, usize, Cost)> =
        edges.into_iter().map(|(i, j, c)| (find(&mut parent, i), i, j, c)).collect();
    component_of_edge.sort_by_key(|&(root, i, j, _)| (root, i, j));
    let mut pairs = Vec::new();
    let mut start = 0;
    while start < component_of_edge.len() {
        let root = component_of_edge[start].0;
        let mut end = start;
        while end < component_of_edge.len() && component_of_edge[end].0 == root {
            end += 1;
        }
        let group = &component_of_edge[start..end];
        let mut keys: Vec<usize> = group.iter().map(|e| e.1).collect();
        keys.dedup();
        let mut students: Vec<usize> = group.iter().map(|e| e.2).collect();
        students.sort_unstable();
        students.dedup();
        for (row, col) in solve_component(&keys, &students, group) {
            let (i, j) = (keys[row], students[col]);
            pairs.push(Pair { key: i, student: j, offset: student[j].start - key[i].start });
        }
        start = end;
    }
    pairs.sort_by_key(|p| p.key);

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
fn times_compatible(k: &Mark, s: &Mark, tolerance: f64, iou_threshold: f64) -> bool {
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

fn micros(seconds: f64) -> i64 {
    let us = (seconds * 1e6).round();
    if us.is_finite() {
        us.clamp(-1e15, 1e15) as i64
    } else {
        0
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// A cost compared lexicographically: (−pairs, Σ|Δt| µs, −ΣΔt µs, Σ positions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cost([i64; 4]);

impl Cost {
    const ZERO: Cost = Cost([0; 4]);
    /// A compatible-pair-free assignment: worse than leaving both unmatched.
    const FORBIDDEN: Cost = Cost([1, 0, 0, 0]);
    const INFINITE: Cost = Cost([i64::MAX / 4, 0, 0, 0]);

    fn add(self, o: Cost) -> Cost {
        Cost(std::array::from_fn(|k| self.0[k].saturating_add(o.0[k])))
    }

    fn sub(self, o: Cost) -> Cost {
        Cost(std::array::from_fn(|k| self.0[k].saturating_sub(o.0[k])))
    }
}

/// Exact optimum on one component: rows are its key marks, columns its
/// student marks followed by one "unmatched" column per key mark (cost 0).
/// Returns (row, student column) pairs that are compatible.
fn solve_component(
    keys: &[usize],
    students: &[usize],
    edges: &[(usize, usize, usize, Cost)],
) -> Vec<(usize, usize)> {
    let n = keys.len();
    let ns = students.len();
    let m = ns + n;
    let mut cost = vec![Cost::FORBIDDEN; n * m];
    for r in 0..n {
        for c in ns..m {
            cost[r * m + c] = Cost::ZERO;
        }
    }
    for &(_, i, j, c) in edges {
        // Both searches succeed: the component lists every end of its edges.
        if let (Ok(r), Ok(col)) = (keys.binary_search(&i), students.binary_search(&j)) {
            cost[r * m + col] = c;
        }
    }
    let assignment = hungarian(n, m, |r, c| cost[r * m + c]);
    assignment
        .into_iter()
        .enumerate()
        .filter_map(|(r, c)| (c < ns && cost[r * m + c].0[0] == -1).then_some((r, c)))
        .collect()
}

/// Minimum-cost assignment of `n` rows to distinct columns among `m ≥ n`
/// (Kuhn–Munkres with potentials, O(n²m)); works over any ordered group,
/// here lexicographic integer tuples. Returns each row's column.
fn hungarian(n: usize, m: usize, a: impl Fn(usize, usize) -> Cost) -> Vec<usize> {
    let mut u = vec![Cost::ZERO; n + 1];
    let mut v = vec![Cost::ZERO; m + 1];
    let mut p = vec![0usize; m + 1]; // column → row (1-based; 0 = free)
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![Cost::INFINITE; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = Cost::INFINITE;
            let mut j1 = 0;
            for j in 1..=m {
                if !used[j] {
                    let cur = a(i0 - 1, j - 1).sub(u[i0]).sub(v[j]);
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            if j1 == 0 {
                break; // unreachable with m ≥ n; guards against a loop
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] = u[p[j]].add(delta);
                    v[j] = v[j].sub(delta);
                } else {
                    minv[j] = minv[j].sub(delta);
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        while j0 != 0 {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        }
    }
    let mut row_to_col = vec![usize::MAX; n];
    for j in 1..=m {
        if p[j] != 0 {
            row_to_col[p[j] - 1] = j - 1;
        }
    }
    row_to_col
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(t: f64) -> Mark {
        Mark {
            start: t,
            end: None,
            touchpoint: "x".into(),
            classes: Classes::default(),
            note: String::new(),
        }
    }

    /// Brute force over all matchings, same objective.
    fn brute(key: &[Mark], student: &[Mark], tol: f64) -> (usize, i64) {
        fn go(
            i: usize,
            key: &[Mark],
            student: &[Mark],
            used: &mut Vec<bool>,
            tol: f64,
        ) -> (usize, i64) {
            if i == key.len() {
                return (0, 0);
            }
            let mut best = go(i + 1, key, student, used, tol);
            for j in 0..student.len() {
                let d = student[j].start - key[i].start;
                if !used[j] && d.abs() <= tol + TIME_SLACK {
                    used[j] = true;
                    let (c, t) = go(i + 1, key, student, used, tol);
                    used[j] = false;
                    let cand = (c + 1, t + micros(d.abs()));
                    if cand.0 > best.0 || (cand.0 == best.0 && cand.1 < best.1) {
                        best = cand;
                    }
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
            ((seed >> 33) % 200) as f64 / 10.0
        };
        for _ in 0..200 {
            let key: Vec<Mark> = (0..6).map(|_| mark(next())).collect();
            let student: Vec<Mark> = (0..5).map(|_| mark(next())).collect();
            let settings = GradingSettings::default();
            let m = match_marks(&key, &student, &settings);
            let total: i64 = m.pairs.iter().map(|p| micros(p.offset.abs())).sum();
            assert_eq!((m.pairs.len(), total), brute(&key, &student, 3.0));
        }
    }
}
