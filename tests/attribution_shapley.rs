//! Shapley: the axioms (efficiency, symmetry, null player) on random games and on
//! data, for both games; the conversions game's closed form against the enumeration
//! of every coalition; the sampled rate game against its exact value within its
//! standard error.

use touchpoints::attribution::shapley::exact;
use touchpoints::attribution::{attribute, AttributionInput, AttributionSettings, ShapleyGame};

mod common;
use common::Lcg;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn axioms_hold_on_random_games() {
    let mut rng = Lcg(11);
    for n in 1..=8usize {
        let size = 1 << n;
        // A random game with v(∅) = 0.
        let mut v: Vec<f64> = (0..size).map(|_| rng.unit() * 10.0).collect();
        v[0] = 0.0;
        let phi = exact(n, &v);
        assert!(close(phi.iter().sum(), v[size - 1]), "efficiency, n = {n}");
        if n >= 2 {
            // Players 0 and 1 symmetric: v depends on S only through |S ∩ {0, 1}| and the rest.
            let base: Vec<f64> = (0..size).map(|_| rng.unit()).collect();
            let sym: Vec<f64> = (0..size)
                .map(|m| {
                    let pair = (m & 1) + ((m >> 1) & 1);
                    let rest = m & !3;
                    if m == 0 {
                        0.0
                    } else {
                        base[rest | [0, 1, 3][pair]]
                    }
                })
                .collect();
            let p = exact(n, &sym);
            assert!(close(p[0], p[1]), "symmetry, n = {n}: {} vs {}", p[0], p[1]);
            // Player n−1 null: v(S ∪ {n−1}) = v(S).
            let top = 1 << (n - 1);
            let null: Vec<f64> = (0..size).map(|m| v[m & !top]).collect();
            let p = exact(n, &null);
            assert!(p[n - 1].abs() < 1e-12, "null player, n = {n}: {}", p[n - 1]);
            assert!(close(p.iter().sum(), null[size - 1]));
        }
    }
}

/// Paths over `channels` channels: (channels, conversions, value, nulls).
fn random_paths(rng: &mut Lcg, channels: u32, rows: usize) -> Vec<(Vec<u32>, f64, f64, f64)> {
    (0..rows)
        .map(|_| {
            let len = 1 + rng.below(4) as usize;
            let path: Vec<u32> = (0..len).map(|_| rng.below(channels as u64) as u32).collect();
            let c = rng.below(5) as f64;
            (path, c, c * (5 + rng.below(50)) as f64, rng.below(6) as f64 + 1.0)
        })
        .collect()
}

fn input_of(paths: &[(Vec<u32>, f64, f64, f64)], channels: u32) -> AttributionInput {
    let mut input = AttributionInput::new((0..channels).map(|c| format!("ch{c}")).collect(), false);
    for (i, (p, c, v, n)) in paths.iter().enumerate() {
        input.push_path(p, None, *c, *v, *n, i as u64 + 2);
    }
    input
}

fn settings(game: ShapleyGame, exact_limit: usize) -> AttributionSettings {
    AttributionSettings {
        shapley_game: game,
        shapley_exact_limit: exact_limit,
        shapley_permutations: 4000,
        ..AttributionSettings::default()
    }
}

#[test]
fn conversions_game_closed_form_equals_every_coalition() {
    let mut rng = Lcg(5);
    for channels in [3u32, 6, 9] {
        let paths = random_paths(&mut rng, channels, 40);
        let report =
            attribute(&input_of(&paths, channels), &settings(ShapleyGame::Conversions, 15))
                .unwrap();
        let shapley = report.models.shapley.as_ref().unwrap();
        // v(S) = conversions (value) of the paths whose channels all lie in S.
        let n = channels as usize;
        let mut v = vec![0.0; 1 << n];
        let mut w = vec![0.0; 1 << n];
        for (mask, (vc, vv)) in v.iter_mut().zip(w.iter_mut()).enumerate() {
            for (p, c, val, _) in &paths {
                if p.iter().all(|&ch| mask & (1 << ch) != 0) {
                    *vc += c;
                    *vv += val;
                }
            }
        }
        let (phi_c, phi_v) = (exact(n, &v), exact(n, &w));
        for ch in 0..n {
            let got = shapley.get(&format!("ch{ch}")).unwrap_or_default();
            assert!(
                close(got.conversions, phi_c[ch]),
                "{channels} channels, ch{ch}: {} vs {}",
                got.conversions,
                phi_c[ch]
            );
            assert!(close(got.value, phi_v[ch]), "{channels} channels, ch{ch} value");
        }
    }
}

#[test]
fn axioms_hold_on_data_for_both_games() {
    // x and y play the same part; z only on journeys that never convert; w on no path.
    let names = ["a", "x", "y", "z", "w"].map(String::from).to_vec();
    let mut input = AttributionInput::new(names, false);
    for (path, c, v, n) in [
        (vec![1, 0], 4.0, 40.0, 3.0),
        (vec![2, 0], 4.0, 40.0, 3.0),
        (vec![1, 2], 2.0, 10.0, 1.0),
        (vec![2, 1], 2.0, 10.0, 1.0),
        (vec![0], 3.0, 15.0, 9.0),
        (vec![1, 3], 0.0, 0.0, 5.0),
        (vec![2, 3], 0.0, 0.0, 5.0),
    ] {
        input.push_path(&path, None, c, v, n, 0);
    }
    for game in [ShapleyGame::Conversions, ShapleyGame::Rate] {
        let report = attribute(&input, &settings(game, 15)).unwrap();
        let s = report.models.shapley.as_ref().unwrap();
        let total = s.total();
        assert!(
            close(total.conversions, 15.0) && close(total.value, 115.0),
            "{game:?}: efficiency {total:?}"
        );
        let (x, y) = (s.get("x").unwrap(), s.get("y").unwrap());
        assert!(
            close(x.conversions, y.conversions) && close(x.value, y.value),
            "{game:?}: symmetry {x:?} {y:?}"
        );
        assert!(s.get("w").is_none(), "a channel on no path is not listed");
        if game == ShapleyGame::Conversions {
            assert_eq!(s.get("z").unwrap().conversions, 0.0, "null player");
        } else {
            // In the rate game z is not null: its journeys lower the rate.
            assert!(s.get("z").unwrap().conversions < 0.0);
        }
    }
}

#[test]
fn sampled_rate_game_agrees_with_the_exact_value() {
    let mut rng = Lcg(21);
    let paths = random_paths(&mut rng, 8, 80);
    let input = input_of(&paths, 8);
    let exact_report = attribute(&input, &settings(ShapleyGame::Rate, 15)).unwrap();
    let sampled_report = attribute(&input, &settings(ShapleyGame::Rate, 0)).unwrap();
    let summary = sampled_report.shapley.as_ref().unwrap();
    assert_eq!(summary.result.method, "monte-carlo");
    assert_eq!(summary.result.permutations, Some(4000));
    let errors = summary.standard_errors.as_ref().unwrap();
    let exact_s = exact_report.models.shapley.as_ref().unwrap();
    let sampled = sampled_report.models.shapley.as_ref().unwrap();
    // Efficiency holds for every sampled order, so exactly for the estimate.
    assert!(close(sampled.total().conversions, sampled_report.conversions));
    assert!(close(sampled.total().value, sampled_report.value));
    for (channel, e) in &exact_s.0 {
        let s = sampled.get(channel).unwrap();
        let se = errors.get(channel).unwrap();
        assert!(se.conversions > 0.0, "{channel}: SE");
        assert!(
            (s.conversions - e.conversions).abs() < 4.5 * se.conversions,
            "{channel}: {} vs {} ± {}",
            s.conversions,
            e.conversions,
            se.conversions
        );
        assert!(
            (s.value - e.value).abs() < 4.5 * se.value,
            "{channel}: value {} vs {} ± {}",
            s.value,
            e.value,
            se.value
        );
    }
}

#[test]
fn more_than_fifteen_channels_are_sampled_with_standard_errors() {
    let mut rng = Lcg(8);
    let paths = random_paths(&mut rng, 20, 300);
    let input = input_of(&paths, 20);
    let s = settings(ShapleyGame::Rate, 15);
    let report = attribute(&input, &s).unwrap();
    let summary = report.shapley.as_ref().unwrap();
    assert_eq!(summary.result.method, "monte-carlo");
    assert_eq!(summary.result.channels, 20);
    assert_eq!(summary.standard_errors.as_ref().unwrap().0.len(), 20);
    assert!(
        report.notes.iter().any(|n| n.contains("20 channels are more than the exact limit of 15")),
        "{:?}",
        report.notes
    );
    // A fixed seed: the same numbers every run.
    let again = attribute(&input, &s).unwrap();
    assert_eq!(report.models.shapley, again.models.shapley);
    // The default game stays exact.
    let default = attribute(&input, &AttributionSettings::default()).unwrap();
    assert_eq!(default.shapley.unwrap().result.method, "closed-form");
}
