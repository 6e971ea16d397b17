//! The shipped presets against the touch point names people use: every
//! name of `tests/data/taxonomy/common-touchpoints.csv` gets the classes the
//! file says, with its preset (and the presets it extends).

use touchpoints::model::{Classes, Direction, Kind, Media, Owner, Stage};
use touchpoints::taxonomy::{self, Classifier};

/// Reads `preset,touchpoint,kind,owner,stage,media,direction` rows (empty = unclassified).
fn fixture() -> Vec<(String, String, Classes)> {
    let path = format!("{}/tests/data/taxonomy/common-touchpoints.csv", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .skip(1)
        .enumerate()
        .map(|(i, line)| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 7, "line {}: {line}", i + 2);
            let read = |v: &str, parse: &dyn Fn(&str) -> bool| {
                assert!(v.is_empty() || parse(v), "line {}: unknown class {v:?}", i + 2);
            };
            read(f[2], &|v| Kind::parse(v).is_some());
            read(f[3], &|v| Owner::parse(v).is_some());
            read(f[4], &|v| Stage::parse(v).is_some());
            read(f[5], &|v| Media::parse(v).is_some());
            read(f[6], &|v| Direction::parse(v).is_some());
            let classes = Classes {
                kind: Kind::parse(f[2]),
                owner: Owner::parse(f[3]),
                stage: Stage::parse(f[4]),
                media: Media::parse(f[5]),
                direction: Direction::parse(f[6]),
            };
            (f[0].to_string(), f[1].to_string(), classes)
        })
        .collect()
}

fn check(classifier: &Classifier, preset: &str, name: &str, expected: Classes) {
    let got = classifier.classify(name, None).classes;
    assert_eq!(got, expected, "{preset}: {name:?}");
}

#[test]
fn every_preset_classifies_the_common_names_as_the_fixture_says() {
    let rows = fixture();
    for (preset, _) in taxonomy::PRESETS {
        let rules = taxonomy::expand(&taxonomy::preset(preset).expect("preset")).expect("extends");
        let classifier = Classifier::new(&rules);
        let mine: Vec<_> = rows.iter().filter(|(p, _, _)| p == preset).collect();
        assert!(mine.len() >= 30, "{preset}: only {} names in the fixture", mine.len());
        for (_, name, expected) in mine {
            check(&classifier, preset, name, *expected);
        }
    }
}

#[test]
fn the_names_that_misfired_get_their_classes() {
    let rows = fixture();
    let find = |preset: &str, name: &str| {
        rows.iter()
            .find(|(p, n, _)| p == preset && n == name)
            .map(|r| r.2)
            .unwrap_or_else(|| panic!("{preset}: {name} is in the fixture"))
    };
    // "sign" made a sign-up a casual observation; "booking" made a confirmation customer-initiated.
    let signup = find("generic", "Frequent-stay program sign-up");
    assert_eq!(signup.kind, Some(Kind::ActualExperience));
    assert_eq!(find("hotel", "Frequent-stay program sign-up").kind, Some(Kind::ActualExperience));
    let confirmation = find("hotel", "Booking confirmation email");
    assert_eq!(confirmation.kind, Some(Kind::PersonalCommunication));
    assert_eq!(confirmation.direction, Some(Direction::OneWay));
    assert_eq!(find("hotel", "Booking.com").owner, Some(Owner::Partner));
    assert_eq!(find("generic", "Newsletter sign-up").kind, Some(Kind::ActualExperience));
}
