//! Stable sorting with one small merge sort for the whole crate.
//!
//! `slice::sort_by` builds a fresh copy of the standard library's sort for
//! every call site (about 4 KB of wasm each, 170 KB over the crate). These
//! helpers sort a list of indices with one non-generic merge sort, then move
//! the elements into place: the same stable order, O(n log n), a few hundred
//! bytes per element type. The hot sort of the ingest (every event) keeps the
//! standard one.

use std::cmp::Ordering;

/// Sorts `v` stably by `compare`, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = sorted_order(v.len(), &mut |i, j| compare(&v[i], &v[j]));
    permute(v, order);
}

/// Sorts `v` stably by the key `key`, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order, like `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The indices 0..n in the stable order of `compare` (a bottom-up merge sort).
fn sorted_order(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut buffer = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut buffer[start..end] {
                // Left first on ties: stable.
                let take_left =
                    j >= end || (i < mid && compare(order[i], order[j]) != Ordering::Greater);
                if take_left {
                    *slot = order[i];
                    i += 1;
                } else {
                    *slot = order[j];
                    j += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut buffer);
        width *= 2;
    }
    order
}

/// Moves the element at `order[k]` to position `k`, following each cycle with swaps.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut j = start;
        loop {
            let k = order[j];
            order[j] = j;
            if k == start {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut seed = 12345u64;
        for n in [0, 1, 2, 3, 7, 16, 33, 100, 1000] {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            let mut std = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|x| x.0);
            assert_eq!(ours, std, "n = {n}");
            let mut keyed = v.clone();
            sort_by_key(&mut keyed, |x| std::cmp::Reverse(x.0));
            std.sort_by_key(|x| std::cmp::Reverse(x.0));
            assert_eq!(keyed, std, "n = {n}");
            let mut plain = v.clone();
            sort(&mut plain);
            let mut std_plain = v;
            std_plain.sort();
            assert_eq!(plain, std_plain);
        }
    }
}
