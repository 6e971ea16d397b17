//! Agreement among students: Fleiss' κ and Krippendorff's α (nominal), both
//! over the same units — time slices of the video.
//!
//! The video (from 0 to its duration, or to the last mark when longer) is cut
//! into slices of the stated width. In each slice each student gives one
//! label: the touch point of their earliest mark in that slice (a point mark
//! lies in the slice containing its start; a state event lies in every slice
//! its span overlaps), or `"none"` when they marked nothing there. Labels
//! are compared after name matching (aliases resolved; under class-only
//! matching every mark is labelled `"marked"`). Raters are the students; the
//! key is not a rater. Every student rates every slice, so Fleiss' κ applies;
//! α is computed on the same table.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::settings::{fmt_num, NameLabels};
use crate::model::Mark;
use crate::text;

/// Most slices the agreement table holds; wider slices are used beyond it.
pub const MAX_SLICES: usize = 20_000;

/// Agreement among the students, with the method in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// Fleiss' κ, or `None` when undefined (fewer than two students, no
    /// slice, or every label the same so chance agreement is 1).
    pub fleiss_kappa: Option<f64>,
    /// Krippendorff's α (nominal), or `None` when undefined.
    pub krippendorff_alpha: Option<f64>,
    /// Width of a slice in seconds.
    pub slice_width: f64,
    /// Number of slices (units).
    pub slices: usize,
    /// Number of students (raters).
    pub raters: usize,
    /// Labels used, `"none"` first.
    pub categories: Vec<String>,
    /// The method in one or two sentences, to show beside the numbers.
    pub method: String,
}

/// Fleiss' κ from a table of counts: `table[i][j]` = number of raters who
/// put unit `i` in category `j`. Every unit must have the same number of
/// raters n ≥ 2; otherwise, or when chance agreement P̄e is 1, `None`.
///
/// Pᵢ = (Σⱼ nᵢⱼ² − n) / (n(n − 1)), P̄ = mean Pᵢ, pⱼ = Σᵢ nᵢⱼ / (N n),
/// P̄e = Σⱼ pⱼ², κ = (P̄ − P̄e) / (1 − P̄e).
pub fn fleiss_kappa(table: &[Vec<u32>]) -> Option<f64> {
    let n = table.first()?.iter().map(|&c| c as u64).sum::<u64>();
    if n < 2 {
        return None;
    }
    let categories = table.iter().map(Vec::len).max().unwrap_or(0);
    let mut totals = vec![0u64; categories];
    let mut p_sum = 0.0;
    for row in table {
        if row.iter().map(|&c| c as u64).sum::<u64>() != n {
            return None;
        }
        let sq: u64 = row.iter().map(|&c| c as u64 * c as u64).sum();
        p_sum += (sq - n) as f64 / (n * (n - 1)) as f64;
        for (j, &c) in row.iter().enumerate() {
            totals[j] += c as u64;
        }
    }
    let units = table.len() as f64;
    let p_bar = p_sum / units;
    let all = units * n as f64;
    let p_e: f64 = totals.iter().map(|&t| (t as f64 / all).powi(2)).sum();
    if p_e >= 1.0 - 1e-12 {
        return None;
    }
    Some((p_bar - p_e) / (1.0 - p_e))
}

/// Krippendorff's α for nominal data: `units[u][r]` is rater `r`'s value for
/// unit `u`, `None` when missing. Units with fewer than two values are not
/// pairable and are left out. `None` when no pairable value or no expected
/// disagreement (a single value throughout).
///
/// Coincidences o_ck = Σᵤ (number of c–k pairs of values in u) / (mᵤ − 1);
/// n_c = Σₖ o_ck; n = Σ n_c; α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k.
pub fn krippendorff_alpha_nominal(units: &[Vec<Option<u32>>]) -> Option<f64> {
    // Per unit, value counts; coincidences accumulate per value.
    let mut n_c: BTreeMap<u32, f64> = BTreeMap::new();
    let mut observed_disagreement = 0.0; // Σ_{c≠k} o_ck
    for unit in units {
        let mut counts: BTreeMap<u32, u64> = BTreeMap::new();
        for v in unit.iter().flatten() {
            *counts.entry(*v).or_default() += 1;
        }
        let m: u64 = counts.values().sum();
        if m < 2 {
            continue;
        }
        let denom = (m - 1) as f64;
        for (&c, &k) in &counts {
            // Pairs (c, other value): k × (m − k), ordered.
            observed_disagreement += (k * (m - k)) as f64 / denom;
            *n_c.entry(c).or_default() += k as f64;
        }
    }
    let n: f64 = n_c.values().sum();
    if n < 2.0 {
        return None;
    }
    let sum_sq: f64 = n_c.values().map(|x| x * x).sum();
    let expected = n * n - sum_sq; // Σ_{c≠k} n_c n_k
    if expected <= 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed_disagreement / expected)
}

/// Fleiss' κ and Krippendorff's α (nominal) of `ratings` (one row of
/// category ids per slice, one entry per rater), counted sparsely: each
/// row's categories are sorted and counted in runs, so memory is linear in
/// slices × raters plus the categories, never slices × categories. The same
/// sums, in the same order, as [`fleiss_kappa`] and
/// [`krippendorff_alpha_nominal`] on the dense tables (tested).
fn sparse_agreement(ratings: &[Vec<u32>], categories: usize) -> (Option<f64>, Option<f64>) {
    let n = ratings.first().map_or(0, Vec::len) as u64;
    let mut totals = vec![0u64; categories];
    let mut p_sum = 0.0;
    let mut observed_disagreement = 0.0;
    let mut row = Vec::new();
    for r in ratings {
        row.clone_from(r);
        row.sort_unstable();
        let mut sq = 0u64;
        let m = row.len() as u64;
        let mut i = 0;
        while i < row.len() {
            let c = row[i];
            let mut j = i;
            while j < row.len() && row[j] == c {
                j += 1;
            }
            let k = (j - i) as u64;
            sq += k * k;
            if let Some(t) = totals.get_mut(c as usize) {
                *t += k;
            }
            if m >= 2 {
                observed_disagreement += (k * (m - k)) as f64 / (m - 1) as f64;
            }
            i = j;
        }
        if n >= 2 {
            p_sum += (sq - n) as f64 / (n * (n - 1)) as f64;
        }
    }
    let kappa = (n >= 2)
        .then(|| {
            let units = ratings.len() as f64;
            let p_bar = p_sum / units;
            let all = units * n as f64;
            let p_e: f64 = totals.iter().map(|&t| (t as f64 / all).powi(2)).sum();
            (p_e < 1.0 - 1e-12).then(|| (p_bar - p_e) / (1.0 - p_e))
        })
        .flatten();
    let alpha = {
        let counted: Vec<f64> =
            if n >= 2 { totals.iter().map(|&t| t as f64).collect() } else { Vec::new() };
        let total: f64 = counted.iter().sum();
        let sum_sq: f64 = counted.iter().map(|x| x * x).sum();
        let expected = total * total - sum_sq;
        (total >= 2.0 && expected > 0.0)
            .then(|| 1.0 - (total - 1.0) * observed_disagreement / expected)
    };
    (kappa, alpha)
}

/// Builds the slice table of the students' marks and computes both
/// measures. `duration` is the video length used (seconds).
pub fn class_agreement(
    students: &[Vec<Mark>],
    labels: &NameLabels,
    slice_width: f64,
    duration: f64,
) -> Agreement {
    let mut width = if slice_width.is_finite() && slice_width > 0.0 { slice_width } else { 1.0 };
    let duration = if duration.is_finite() && duration > 0.0 { duration } else { 0.0 };
    let mut widened = false;
    if duration / width > MAX_SLICES as f64 {
        width = duration / MAX_SLICES as f64;
        widened = true;
    }
    let slices = if duration > 0.0 { ((duration / width).ceil() as usize).max(1) } else { 0 };
    let slice_of = |t: f64| ((t / width).floor().max(0.0) as usize).min(slices.saturating_sub(1));

    // Category ids: "none" = 0, then labels in sorted order.
    let mut names: BTreeMap<String, u32> = BTreeMap::new();
    for marks in students {
        for m in marks {
            names.entry(labels.label(&m.touchpoint)).or_insert(0);
        }
    }
    names.remove("none");
    let mut categories = vec!["none".to_string()];
    for (i, (name, id)) in names.iter_mut().enumerate() {
        *id = i as u32 + 1;
        categories.push(name.clone());
    }

    // ratings[slice][student] = category.
    let raters = students.len();
    let mut ratings = vec![vec![0u32; raters]; slices];
    if slices > 0 {
        for (r, marks) in students.iter().enumerate() {
            let mut sorted: Vec<&Mark> = marks.iter().filter(|m| m.start.is_finite()).collect();
            crate::sort::sort_by(&mut sorted, |a, b| a.start.total_cmp(&b.start));
            let mut filled: Option<usize> = None;
            for m in sorted {
                let cat = names.get(&labels.label(&m.touchpoint)).copied().unwrap_or(0);
                let first = slice_of(m.start);
                let last = match super::matching::span(m) {
                    // A span [s, e) covers the slices up to the one holding e − 1 ns.
                    Some((_, e)) => slice_of((e - 1e-9).max(m.start)),
                    None => first,
                };
                // Marks come in start order, so every slice up to `filled`
                // already has this student's label: each slice is written
                // once (linear in slices, however long the marks).
                let from = first.max(filled.map_or(0, |f| f + 1));
                for row in ratings.iter_mut().take(last.max(first) + 1).skip(from) {
                    if row[r] == 0 {
                        row[r] = cat;
                    }
                }
                filled = Some(filled.map_or(last.max(first), |f: usize| f.max(last.max(first))));
            }
        }
    }

    let (kappa, alpha) = if raters >= 2 && slices > 0 {
        sparse_agreement(&ratings, categories.len())
    } else {
        (None, None)
    };

    let width_text = fmt_num((width * 1000.0).round() / 1000.0);
    let mut method = text::t(
        "core.classroom.agreement.method",
        "Agreement among the {raters} students (the key is not counted): the video is cut into {slices} slices of {width} s; \
         in each slice each student's label is the touch point of their earliest mark there, or \"none\". \
         Fleiss' κ and Krippendorff's α (nominal) are computed on these labels; 1 is perfect agreement, 0 is chance level.",
        &[("raters", &raters), ("slices", &slices), ("width", &width_text)],
    );
    if widened {
        method.push(' ');
        method.push_str(&text::t(
            "core.classroom.agreement.widened",
            "The slices were widened to keep their number at most {max}.",
            &[("max", &MAX_SLICES)],
        ));
    }
    if raters < 2 {
        method.push(' ');
        method.push_str(&text::t(
            "core.classroom.agreement.fewRaters",
            "Agreement needs at least two students.",
            &[],
        ));
    } else if kappa.is_none() && slices > 0 {
        method.push(' ');
        method.push_str(&text::t(
            "core.classroom.agreement.undefined",
            "κ and α are undefined here: every student gave the same label in every slice.",
            &[],
        ));
    }
    Agreement {
        fleiss_kappa: kappa,
        krippendorff_alpha: alpha,
        slice_width: width,
        slices,
        raters,
        categories,
        method,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_is_one_for_perfect_agreement() {
        let units = vec![vec![Some(1), Some(1)], vec![Some(2), Some(2)]];
        assert_eq!(krippendorff_alpha_nominal(&units), Some(1.0));
        assert_eq!(krippendorff_alpha_nominal(&[vec![Some(1), Some(1)]]), None);
    }

    /// The sparse counts give exactly the dense tables' κ and α.
    #[test]
    fn sparse_counts_equal_the_dense_tables() {
        let mut seed = 5u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for round in 0..500 {
            let (slices, raters, cats) = (1 + next(30) as usize, 1 + next(6) as usize, 1 + next(5));
            let ratings: Vec<Vec<u32>> = (0..slices)
                .map(|_| (0..raters).map(|_| next(cats.min(1 + round % 5)) as u32).collect())
                .collect();
            let table: Vec<Vec<u32>> = ratings
                .iter()
                .map(|row| {
                    let mut counts = vec![0u32; cats as usize];
                    for &c in row {
                        counts[c as usize] += 1;
                    }
                    counts
                })
                .collect();
            let units: Vec<Vec<Option<u32>>> =
                ratings.iter().map(|row| row.iter().map(|&c| Some(c)).collect()).collect();
            let dense = (fleiss_kappa(&table), krippendorff_alpha_nominal(&units));
            assert_eq!(sparse_agreement(&ratings, cats as usize), dense, "{ratings:?}");
        }
    }
}
