//! The core behind the annotator page (src/wasm/annotate.rs): the classes of
//! the default keys, the report of marks, and the round trip of what the
//! page exports (classes, state events, an observer with markup).

use std::path::PathBuf;
use touchpoints::analysis::Analysis;
use touchpoints::annotations::{export, import, to_dataset, ExportFormat};
use touchpoints::model::{Annotations, Classes, Kind, Mark, Observation};
use touchpoints::taxonomy::{self, Classifier};

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/annotator").join(path)
}

fn retail() -> Classifier {
    Classifier::new(&taxonomy::expand(&taxonomy::preset("retail").unwrap()).unwrap())
}

fn check_kind(classifier: &Classifier, name: &str, kind: &str) {
    let got = classifier.classify(name, None).classes.kind.map(|k| k.key()).unwrap_or("");
    assert_eq!(got, kind, "kind of {name:?}");
}

#[test]
fn default_keys_are_classified_by_the_retail_rules() {
    let classifier = retail();
    let text = std::fs::read_to_string(data("palette-retail.txt")).unwrap();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (name, kind) = line.split_once('\t').unwrap();
        check_kind(&classifier, name, kind);
    }
}

fn page_export() -> Annotations {
    let classifier = retail();
    let mark = |start: f64, end: Option<f64>, name: &str| Mark {
        start,
        end,
        touchpoint: name.into(),
        classes: classifier.classify(name, None).classes,
        note: String::new(),
    };
    let mut own = mark(58.0, None, "Friend recommendation");
    own.classes = Classes { kind: Some(Kind::CasualObservation), ..own.classes };
    Annotations {
        format: "touchpoints".into(),
        observations: vec![Observation {
            observer: "Ada <img src=x onerror=alert(1)>".into(),
            media: "demo-journey.webm".into(),
            duration: Some(68.0),
            point_event_seconds: None,
            marks: vec![
                mark(1.234, None, "Order confirmation email"),
                mark(8.0, None, "Instagram ad"),
                mark(36.0, Some(40.0), "Website visit"),
                own,
            ],
        }],
        problems: vec![],
    }
}

#[test]
fn what_the_page_exports_comes_back_identical() {
    let a = page_export();
    for &format in ExportFormat::ALL {
        let text = export(format, &a);
        let back = import(&format!("x.{}", format.extension()), text.as_bytes()).unwrap();
        assert!(back.problems.is_empty(), "{format:?}: {:?}", back.problems);
        assert_eq!(back.observations.len(), 1, "{format:?}");
        assert_eq!(back.observations[0].observer, a.observations[0].observer, "{format:?}");
        assert_eq!(back.observations[0].marks, a.observations[0].marks, "{format:?}");
    }
}

#[test]
fn the_report_of_marks_counts_by_class_and_per_minute() {
    let a = page_export();
    let analysis = Analysis::new(to_dataset(&a), taxonomy::preset("retail").unwrap()).unwrap();
    let r = &analysis.report;
    assert_eq!(r.events, 4);
    assert_eq!(r.journeys, 1);
    let count = |key: &str| r.by_kind.iter().find(|c| c.class == key).map_or(0, |c| c.events);
    assert_eq!(count("personal-communication"), 1);
    assert_eq!(count("mass-communication"), 1);
    assert_eq!(count("actual-experience"), 1);
    assert_eq!(count("casual-observation"), 1, "the observer's own class wins");
    let video = r.video.as_ref().expect("video summary");
    assert!((video.touchpoints_per_minute - 4.0 / (video.duration_seconds / 60.0)).abs() < 1e-9);
    assert!(analysis.charts().timeline.starts_with("<svg"));
}
