//! The exact Markov solve against a brute-force simulation (fixed seed) of the same
//! chains: random small path tables, orders 1–3, every channel removed in turn. The
//! simulated P(conversion | channel removed) and expected conversion value must agree
//! with the solve within 4.5 standard errors. Also: P(conversion) of the full chain is
//! the observed conversion rate (flow conservation), large components (Gauss–Seidel)
//! solve to a tiny residual, and the result does not change between runs.

use std::collections::HashMap;
use touchpoints::attribution::{attribute, AttributionInput, AttributionSettings};

mod common;
use common::Lcg;

struct Row {
    channels: Vec<u32>,
    conversions: f64,
    value: f64,
    nulls: f64,
}

fn random_rows(rng: &mut Lcg, channels: u32, rows: usize) -> Vec<Row> {
    (0..rows)
        .map(|_| {
            let len = 1 + rng.below(5) as usize;
            let mut path: Vec<u32> = Vec::new();
            while path.len() < len {
                // Repeats and returns on purpose: a > a, a > b > a.
                let c = if !path.is_empty() && rng.below(5) == 0 {
                    path[rng.below(path.len() as u64) as usize]
                } else {
                    rng.below(channels as u64) as u32
                };
                path.push(c);
            }
            let conversions = rng.below(6) as f64;
            let nulls = rng.below(8) as f64 + if conversions == 0.0 { 1.0 } else { 0.0 };
            let value = conversions * (10 + rng.below(90)) as f64;
            Row { channels: path, conversions, value, nulls }
        })
        .collect()
}

fn input_of(rows: &[Row], channels: u32) -> AttributionInput {
    let names = (0..channels).map(|c| format!("ch{c}")).collect();
    let mut input = AttributionInput::new(names, false);
    for (i, r) in rows.iter().enumerate() {
        input.push_path(&r.channels, None, r.conversions, r.value, r.nulls, i as u64 + 2);
    }
    input
}

/// The chain as the test builds it: state = window of `order` channels, consecutive
/// equal states collapsed; per state the outgoing weights to states, conversion, null,
/// and the mean value of its conversions.
struct TestChain {
    next: Vec<Vec<(usize, f64)>>,
    conv: Vec<f64>,
    null: Vec<f64>,
    mean_value: Vec<f64>,
    channels: Vec<Vec<u32>>,
}

fn test_chain(rows: &[Row], order: usize) -> TestChain {
    let mut id: HashMap<Vec<u32>, usize> = HashMap::new();
    let mut chain = TestChain {
        next: vec![Vec::new()],
        conv: vec![0.0],
        null: vec![0.0],
        mean_value: vec![0.0],
        channels: vec![Vec::new()],
    };
    let mut values = vec![0.0];
    for r in rows {
        let w = r.conversions + r.nulls;
        let windows: Vec<Vec<u32>> = if r.channels.len() <= order {
            vec![r.channels.clone()]
        } else {
            r.channels.windows(order).map(|w| w.to_vec()).collect()
        };
        let mut states: Vec<usize> = Vec::new();
        for win in windows {
            let n = chain.next.len();
            let s = *id.entry(win.clone()).or_insert(n);
            if s == n {
                chain.next.push(Vec::new());
                chain.conv.push(0.0);
                chain.null.push(0.0);
                chain.mean_value.push(0.0);
                chain.channels.push(win);
                values.push(0.0);
            }
            if states.last() != Some(&s) {
                states.push(s);
            }
        }
        let mut from = 0;
        for &s in &states {
            match chain.next[from].iter_mut().find(|(t, _)| *t == s) {
                Some(e) => e.1 += w,
                None => chain.next[from].push((s, w)),
            }
            from = s;
        }
        chain.conv[from] += r.conversions;
        chain.null[from] += r.nulls;
        values[from] += r.value;
    }
    for ((mean, value), conv) in chain.mean_value.iter_mut().zip(&values).zip(&chain.conv) {
        if *conv > 0.0 {
            *mean = value / conv;
        }
    }
    chain
}

/// Simulates `walks` walks from the start with the states holding `removed` sent to
/// null: (share converting, mean conversion value per walk, its standard error).
fn simulate(
    chain: &TestChain,
    removed: Option<u32>,
    walks: usize,
    rng: &mut Lcg,
) -> (f64, f64, f64) {
    let mut conversions = 0usize;
    let (mut sum, mut sum2) = (0.0, 0.0);
    for _ in 0..walks {
        let mut s = 0usize;
        loop {
            if s != 0 && removed.is_some_and(|c| chain.channels[s].contains(&c)) {
                break;
            }
            let out: f64 =
                chain.next[s].iter().map(|e| e.1).sum::<f64>() + chain.conv[s] + chain.null[s];
            let mut u = rng.unit() * out;
            let mut moved = false;
            for &(t, w) in &chain.next[s] {
                if u < w {
                    s = t;
                    moved = true;
                    break;
                }
                u -= w;
            }
            if moved {
                continue;
            }
            if u < chain.conv[s] {
                conversions += 1;
                sum += chain.mean_value[s];
                sum2 += chain.mean_value[s] * chain.mean_value[s];
            }
            break;
        }
    }
    let n = walks as f64;
    let mean = sum / n;
    (conversions as f64 / n, mean, ((sum2 / n - mean * mean).max(0.0) / n).sqrt())
}

#[test]
fn exact_solve_agrees_with_a_simulation() {
    let mut rng = Lcg(20261201);
    let mut compared = 0;
    for (case, (channels, rows, order)) in
        [(3, 12, 1), (4, 20, 1), (5, 25, 1), (3, 15, 2), (4, 25, 2), (4, 30, 3)]
            .into_iter()
            .enumerate()
    {
        let rows = random_rows(&mut rng, channels, rows);
        let input = input_of(&rows, channels);
        let settings = AttributionSettings { order, ..AttributionSettings::default() };
        let report = attribute(&input, &settings).unwrap();
        let markov = report.markov.as_ref().unwrap();
        let chain = test_chain(&rows, order);
        assert_eq!(markov.states, chain.next.len(), "case {case}: states");
        let walks = 120_000;
        let (p, v, v_se) = simulate(&chain, None, walks, &mut rng);
        let p_se = (p * (1.0 - p) / walks as f64).sqrt();
        assert!(
            (markov.conversion_probability - p).abs() < 4.5 * p_se,
            "case {case}: P(conv) {} vs {p}",
            markov.conversion_probability
        );
        assert!(
            (markov.value_per_path - v).abs() < 4.5 * v_se,
            "case {case}: value {} vs {v}",
            markov.value_per_path
        );
        for c in 0..channels {
            let name = format!("ch{c}");
            let Some(effect) = report.removal_effects.get(&name) else { continue };
            let exact_p = markov.conversion_probability * (1.0 - effect.conversions);
            let exact_v = markov.value_per_path * (1.0 - effect.value);
            let (sp, sv, sv_se) = simulate(&chain, Some(c), walks, &mut rng);
            let sp_se = (sp * (1.0 - sp) / walks as f64).sqrt().max(1e-9);
            assert!(
                (exact_p - sp).abs() < 4.5 * sp_se,
                "case {case} order {order}: without {name}: exact {exact_p}, simulated {sp} ± {sp_se}"
            );
            assert!(
                (exact_v - sv).abs() < 4.5 * sv_se.max(1e-9),
                "case {case} order {order}: value without {name}: exact {exact_v}, simulated {sv} ± {sv_se}"
            );
            compared += 1;
        }
    }
    assert!(compared >= 20, "{compared} removals compared");
}

#[test]
fn full_chain_converts_at_the_observed_rate() {
    let mut rng = Lcg(7);
    for order in 1..=4 {
        let rows = random_rows(&mut rng, 6, 60);
        let input = input_of(&rows, 6);
        let report =
            attribute(&input, &AttributionSettings { order, ..AttributionSettings::default() })
                .unwrap();
        let m = report.markov.unwrap();
        let rate = report.conversions / (report.conversions + report.nulls);
        assert!(
            (m.conversion_probability - rate).abs() < 1e-12,
            "order {order}: {} vs {rate}",
            m.conversion_probability
        );
        assert!(
            (m.value_per_path - report.value / (report.conversions + report.nulls)).abs() < 1e-9
        );
    }
}

#[test]
fn large_components_solve_iteratively_to_a_tiny_residual() {
    // 10 channels, long paths with returns: order 2 gives components far above the
    // dense limit, solved by Gauss–Seidel.
    let mut rng = Lcg(99);
    let rows: Vec<Row> = (0..600)
        .map(|_| {
            let len = 2 + rng.below(9) as usize;
            let channels: Vec<u32> = (0..len).map(|_| rng.below(10) as u32).collect();
            let conversions = rng.below(4) as f64;
            Row {
                channels,
                conversions,
                value: conversions * 25.0,
                nulls: 1.0 + rng.below(5) as f64,
            }
        })
        .collect();
    let input = input_of(&rows, 10);
    let report =
        attribute(&input, &AttributionSettings { order: 2, ..AttributionSettings::default() })
            .unwrap();
    let m = report.markov.as_ref().unwrap();
    assert!(
        m.solver.largest_component > touchpoints::attribution::markov::DENSE_LIMIT,
        "{:?}",
        m.solver
    );
    assert!(m.solver.sweeps > 0 && m.solver.converged, "{:?}", m.solver);
    assert!(m.solver.max_residual < 1e-11, "{:?}", m.solver);
    let rate = report.conversions / (report.conversions + report.nulls);
    assert!(
        (m.conversion_probability - rate).abs() < 1e-11,
        "{} vs {rate}",
        m.conversion_probability
    );
    // And against a simulation for two channels.
    let chain = test_chain(&rows, 2);
    for c in [0u32, 7] {
        let effect = report.removal_effects.get(&format!("ch{c}")).unwrap();
        let exact_p = m.conversion_probability * (1.0 - effect.conversions);
        let (sp, _, _) = simulate(&chain, Some(c), 100_000, &mut rng);
        let se = (sp * (1.0 - sp) / 100_000.0).sqrt();
        assert!((exact_p - sp).abs() < 4.5 * se, "without ch{c}: {exact_p} vs {sp} ± {se}");
    }
}

#[test]
fn results_do_not_change_between_runs() {
    let mut rng = Lcg(3);
    let rows = random_rows(&mut rng, 18, 300);
    let input = input_of(&rows, 18);
    for order in [1, 3] {
        let settings = AttributionSettings { order, ..AttributionSettings::default() };
        let first = serde_json::to_string(&attribute(&input, &settings).unwrap()).unwrap();
        for _ in 0..3 {
            let again = serde_json::to_string(&attribute(&input, &settings).unwrap()).unwrap();
            assert_eq!(first, again, "order {order}");
        }
    }
}

#[test]
fn return_probabilities_give_the_same_removal_effects_as_one_solve_per_channel() {
    use touchpoints::attribution::markov::{markov_by, Removal};
    use touchpoints::attribution::Credit;
    let mut rng = Lcg(77);
    for (channels, rows) in [(3, 10), (6, 40), (12, 200), (90, 600)] {
        let rows = random_rows(&mut rng, channels, rows);
        let input = input_of(&rows, channels);
        let table = input.table();
        let (conversions, value, _) = input.totals();
        let totals = Credit { conversions, value };
        let n = channels as usize;
        let (_, returns) = markov_by(&table, n, 1, totals, Some(Removal::Returns));
        let (_, solves) = markov_by(&table, n, 1, totals, Some(Removal::Solves));
        assert!(returns.solver.method.contains("return probability"));
        assert!(solves.solver.method.contains("one solve per removed channel"));
        for (c, (a, b)) in returns.removal_effects.iter().zip(&solves.removal_effects).enumerate() {
            assert!(
                (a.conversions - b.conversions).abs() < 1e-10,
                "{channels} channels, ch{c}: {a:?} vs {b:?}"
            );
            assert!(
                (a.value - b.value).abs() < 1e-10,
                "{channels} channels, ch{c} value: {a:?} vs {b:?}"
            );
        }
    }
}
