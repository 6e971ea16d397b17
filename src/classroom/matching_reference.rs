//! The matching as it was before issue 16 (every compatible pair stored, an
//! (n+1)(m+1) table): kept, for tests only, as the reference the banded,
//! linear-memory [`super::matching`] is compared with on random inputs.
#![allow(dead_code)]

use super::settings::{GradingSettings, NameLabels};
use crate::model::Mark;

use super::matching::{classes_conflict, iou, span, Matching, Pair, TIME_SLACK};

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
    crate::sort::sort_by_key(&mut component_of_edge, |&(root, i, j, _)| (root, i, j));
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
        crate::sort::sort(&mut keys);
        keys.dedup();
        let mut students: Vec<usize> = group.iter().map(|e| e.2).collect();
        crate::sort::sort(&mut students);
        students.dedup();
        let in_time_order = |a: &usize, b: &usize, marks: &[Mark]| {
            marks[*a].start.total_cmp(&marks[*b].start).then(a.cmp(b))
        };
        let solved = if is_interval_component(&keys, &students, group, key, student, tolerance) {
            crate::sort::sort_by(&mut keys, |a, b| in_time_order(a, b, key));
            crate::sort::sort_by(&mut students, |a, b| in_time_order(a, b, student));
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

    fn add(self, o: Cost) -> Cost {
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
fn is_interval_component(
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
/// marks in time order, O(keys × students): best[i][j] is the least cost
/// matching the first i keys with the first j students.
fn solve_in_time_order(
    keys: &[usize],
    students: &[usize],
    key: &[Mark],
    student: &[Mark],
    tolerance: f64,
) -> Vec<(usize, usize)> {
    let (n, m) = (keys.len(), students.len());
    // choice: 0 = skip key, 1 = skip student, 2 = pair.
    let mut choice = vec![0u8; (n + 1) * (m + 1)];
    let mut previous = vec![Cost::ZERO; m + 1];
    let mut current = vec![Cost::ZERO; m + 1];
    choice[1..=m].fill(1);
    for r in 1..=n {
        current[0] = Cost::ZERO;
        choice[r * (m + 1)] = 0;
        let (i, k) = (keys[r - 1], &key[keys[r - 1]]);
        for c in 1..=m {
            let j = students[c - 1];
            let mut best = previous[c];
            let mut pick = 0u8;
            if current[c - 1] < best {
                best = current[c - 1];
                pick = 1;
            }
            let s = &student[j];
            if (s.start - k.start).abs() <= tolerance + TIME_SLACK {
                let offset = micros(s.start) - micros(k.start);
                let pair = previous[c - 1].add(Cost([-1, offset.abs(), -offset, (i + j) as i64]));
                if pair < best {
                    best = pair;
                    pick = 2;
                }
            }
            current[c] = best;
            choice[r * (m + 1) + c] = pick;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    // Walk back; rows and columns index the (time-sorted) lists.
    let (mut r, mut c) = (n, m);
    let mut out = Vec::new();
    while r > 0 && c > 0 {
        match choice[r * (m + 1) + c] {
            2 => {
                out.push((r - 1, c - 1));
                r -= 1;
                c -= 1;
            }
            1 => c -= 1,
            _ => r -= 1,
        }
    }
    out
}

/// Exact optimum on one component by successive shortest augmenting paths
/// (Dijkstra with node potentials, so reduced costs stay ≥ 0) over the
/// lexicographic costs. Every augmenting path adds one pair, so augmenting
/// until no path is left gives the most pairs, and each step being a
/// shortest path keeps the total cost least for that number of pairs.
/// Cost O(pairs × E log V) on the component's E compatible pairs.
/// Returns (key row, student column) pairs.
fn solve_component(
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
