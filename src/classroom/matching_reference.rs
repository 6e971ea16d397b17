//! The matching as it was before issue 16 (every compatible pair stored, an
//! (n+1)(m+1) table): kept, for tests only, as the reference the banded,
//! linear-memory [`super::matching`] is compared with on random inputs.
#![allow(dead_code)]

use super::settings::{GradingSettings, NameLabels};
use crate::model::Mark;

use super::matching::{
    classes_conflict, find, is_interval_component, micros, solve_component, times_compatible, Cost,
    Matching, Pair, TIME_SLACK,
};

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
