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

/// Sorts `v` stably by `bucket`, a small key below `buckets` (a counting sort,
/// O(n + buckets)), then the elements of each bucket by `tie`: the order of
/// `sort_by(v, |a, b| bucket(a).cmp(&bucket(b)).then_with(|| tie(a, b)))`, with
/// the comparisons only inside a bucket.
pub fn sort_by_bucket<T>(
    v: &mut [T],
    buckets: usize,
    mut bucket: impl FnMut(&T) -> usize,
    mut tie: impl FnMut(&T, &T) -> Ordering,
) {
    if v.len() < 2 {
        return;
    }
    let last = buckets.max(1) - 1;
    let keys: Vec<usize> = v.iter().map(|x| bucket(x).min(last)).collect();
    let mut start = vec![0usize; last + 2];
    for &k in &keys {
        start[k + 1] += 1;
    }
    for b in 0..=last {
        start[b + 1] += start[b];
    }
    let mut next = start.clone();
    let mut order = vec![0usize; v.len()];
    for (i, &k) in keys.iter().enumerate() {
        order[next[k]] = i;
        next[k] += 1;
    }
    for b in 0..=last {
        let range = start[b]..start[b + 1];
        if range.len() < 2 {
            continue;
        }
        let members = &order[range.clone()];
        let sub = sorted_order(members.len(), &mut |i, j| tie(&v[members[i]], &v[members[j]]));
        let sorted: Vec<usize> = sub.iter().map(|&s| members[s]).collect();
        order[range].copy_from_slice(&sorted);
    }
    permute(v, order);
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

    #[test]
    fn bucket_sort_orders_like_the_full_comparison() {
        let mut seed = 99u64;
        for (n, buckets) in [(0, 4), (1, 4), (2, 1), (50, 3), (1000, 7), (1000, 0), (300, 1000)] {
            let v: Vec<(usize, u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    // Keys past the last bucket share the last one.
                    ((seed >> 58) as usize % (buckets + 2), (seed >> 40) as u8 % 5, i)
                })
                .collect();
            let last = buckets.max(1) - 1;
            let mut ours = v.clone();
            sort_by_bucket(&mut ours, buckets, |x| x.0, |a, b| a.1.cmp(&b.1));
            let mut want = v;
            want.sort_by_key(|x| (x.0.min(last), x.1));
            assert_eq!(ours, want, "n = {n}, buckets = {buckets}");
        }
    }
}
