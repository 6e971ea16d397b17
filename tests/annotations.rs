//! Importers and exporters through the public API: round trips of our own
//! formats, malformed inputs (message and line), and no panics on damaged
//! fixtures.

use std::path::{Path, PathBuf};

use touchpoints::annotations::{export, import, to_dataset, ExportFormat};
use touchpoints::model::{
    Annotations, Classes, Direction, Kind, Mark, Observation, Owner, Stage, TimeBase,
};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(path)
}

fn sample() -> Annotations {
    let mark = |start: f64, end: Option<f64>, name: &str, classes: Classes, note: &str| Mark {
        start,
        end,
        touchpoint: name.to_string(),
        classes,
        note: note.to_string(),
    };
    let mass = Classes {
        kind: Some(Kind::MassCommunication),
        owner: Some(Owner::Brand),
        ..Classes::default()
    };
    let all = Classes {
        stage: Some(Stage::Purchase),
        direction: Some(Direction::TwoWay),
        media: Some(touchpoints::model::Media::Earned),
        ..mass
    };
    Annotations {
        format: "json".into(),
        observations: vec![
            Observation {
                observer: "Anna, \"A\"".into(),
                media: "store walk.mp4".into(),
                duration: Some(95.25),
                point_event_seconds: None,
                marks: vec![
                    mark(1.0, None, "Poster", mass, ""),
                    mark(2.5, Some(7.125), "Check-out, desk \"3\"", all, "queue; long]"),
                    mark(
                        8.0,
                        None,
                        "two\nlines --> <b>&amp;</b>",
                        Classes::default(),
                        "note\nwith newline",
                    ),
                    mark(9.999, Some(10.0), " café ☕ [x] ", Classes::default(), ""),
                    mark(12.0, None, "", mass, ""),
                ],
            },
            Observation {
                observer: "Bob".into(),
                media: String::new(),
                duration: None,
                point_event_seconds: None,
                marks: vec![mark(3661.001, Some(3700.0), "Website", Classes::default(), "n")],
            },
        ],
        problems: vec![],
    }
}

/// Imports `format`'s export of `a` and checks the observers and marks.
fn check_round_trip(format: ExportFormat, a: &Annotations) {
    let text = export(format, a);
    let back = import(&format!("export.{}", format.extension()), text.as_bytes())
        .unwrap_or_else(|e| panic!("{format:?}: {e}\n{text}"));
    assert!(back.problems.is_empty(), "{format:?}: {:?}", back.problems);
    assert_eq!(back.observations.len(), a.observations.len(), "{format:?}\n{text}");
    for (got, want) in back.observations.iter().zip(&a.observations) {
        assert_eq!(got.observer, want.observer, "{format:?}");
        assert_eq!(got.marks, want.marks, "{format:?}\n{text}");
        if matches!(format, ExportFormat::WebVtt | ExportFormat::Json) {
            assert_eq!((&got.media, got.duration), (&want.media, want.duration), "{format:?}");
        }
    }
}

#[test]
fn our_exports_round_trip() {
    for &format in ExportFormat::ALL {
        check_round_trip(format, &sample());
        check_round_trip(
            format,
            &Annotations { observations: vec![sample().observations[1].clone()], ..sample() },
        );
    }
}

#[test]
fn exports_round_marks_to_milliseconds() {
    let mut a = sample();
    a.observations[0].marks[0].start = 1.23456;
    let back = import("x.csv", export(ExportFormat::Csv, &a).as_bytes()).expect("csv");
    assert_eq!(back.observations[0].marks[0].start, 1.235);
    assert!(export(ExportFormat::Csv, &a)
        .contains("\"Anna, \"\"A\"\"\",1.235,,Poster,mass-communication,brand,,,,"));
    let vtt = export(ExportFormat::WebVtt, &a);
    assert!(vtt.contains("00:00:01.235 --> 00:00:02.235\nPoster\n[event: point; kind: mass-communication; owner: brand]"));
    assert!(vtt.contains("point event is shown for 1 second"));
    // The exporter states its point-event duration for the graders.
    assert!(vtt.contains("\npoint-event-seconds: 1\n"));
    let back = import("x.vtt", vtt.as_bytes()).expect("vtt");
    assert!(back.observations.iter().all(|o| o.point_event_seconds == Some(1.0)));
}

/// Issue 10: the annotator's CSV export goes through the one CSV cell
/// writer, so text a spreadsheet would run (`=HYPERLINK(…)`, `+`, `-`, `@`)
/// gets a leading `'`, as in the grades CSV; the import takes it off again.
#[test]
fn csv_export_guards_formulas_and_round_trips() {
    let mut a = sample();
    a.observations[1].observer = "@bob".into();
    a.observations[1].marks[0].touchpoint = "=HYPERLINK(\"http://x.test\",\"click\")".into();
    a.observations[1].marks[0].note = "-1 star".into();
    let csv = export(ExportFormat::Csv, &a);
    assert!(
        csv.contains("'@bob,3661.001,3700.000,\"'=HYPERLINK(\"\"http://x.test\"\",\"\"click\"\")\",,,,,,'-1 star"),
        "{csv}"
    );
    assert!(!csv.lines().any(|l| l.starts_with(['=', '+', '-', '@'])), "{csv}");
    check_round_trip(ExportFormat::Csv, &a);
}

#[test]
fn dataset_has_one_journey_per_observation() {
    let d = to_dataset(&sample());
    assert_eq!(d.time_base(), TimeBase::VideoOffset);
    assert_eq!(d.journey_count(), 2);
    assert_eq!(d.len(), 6);
    assert_eq!(d.end(1), Some(7.125));
    assert_eq!(d.line(1), 2);
    assert_eq!(d.given(0).kind, Some(Kind::MassCommunication));
    assert_eq!(d.touchpoint_names().name(d.touchpoint(5)), "Website");
    assert_eq!(d.journey_names().name(d.journey_of(5)), "Bob");
}

/// `file` must be rejected with `message` on `line`, or, when `problem` is
/// set, imported with that problem.
fn check(file: &str, line: u64, message: &str, problem: bool) {
    let bytes = std::fs::read(data(&format!("annotations/{file}"))).expect("fixture");
    match (import(file, &bytes), problem) {
        (Ok(a), true) => assert!(
            a.problems.iter().any(|p| p.line == line && p.message.contains(message)),
            "{file}: {:?}",
            a.problems
        ),
        (Err(e), false) => {
            assert_eq!(e.line, line, "{file}: {e}");
            assert!(e.message.contains(message), "{file}: {e}");
        }
        (other, _) => panic!("{file}: {other:?}"),
    }
}

#[test]
fn malformed_files() {
    check("bad_signature.vtt", 1, "expected the signature \"WEBVTT\"", false);
    check("bad_timing.vtt", 3, "block ignored: expected a cue timing line", true);
    check("bad_time.srt", 6, "bad start time \"00:00:xx,000\"", true);
    check("bad_row.csv", 3, "expected a time in seconds, found \"abc\"", true);
    check("bad_row.csv", 4, "unknown class value \"nonsense\"", true);
    check("dangling.eaf", 7, "annotation a1 on tier \"t\" has no time", true);
    check("broken.eaf", 4, "not well-formed XML", false);
    let empty = import("x.vtt", b"").expect_err("empty");
    assert!(empty.message.contains("empty"));
    let srt = import("x.srt", b"some text\n00:00:00,500 --> 00:00:07,000\n").expect_err("format4");
    assert_eq!(srt.line, 1);
    assert!(srt.message.contains("expected a cue number or a timing line"), "{srt}");
}

#[test]
fn formats_are_sniffed_without_extension() {
    let a = sample();
    for &format in ExportFormat::ALL {
        let back = import("export", export(format, &a).as_bytes())
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(back.observations[1].marks, a.observations[1].marks, "{format:?}");
    }
    let eaf = std::fs::read(data("conformance/elan/poio_turkish.eaf")).expect("eaf");
    assert_eq!(import("noext", &eaf).expect("eaf").format, "elan");
}

#[test]
fn encodings() {
    let text = "1\n00:00:01,000 --> 00:00:02,000\nCafé\n";
    let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let a = import("x.srt", &utf16).expect("utf-16");
    assert_eq!(a.observations[0].marks[0].touchpoint, "Café");
    let latin: Vec<u8> = text.chars().map(|c| if c == 'é' { 0xE9 } else { c as u8 }).collect();
    let a = import("x.srt", &latin).expect("1252");
    assert_eq!(a.observations[0].marks[0].touchpoint, "Café");
    assert_eq!(a.problems[0].message, "the file is not valid UTF-8; it was read as Windows-1252");
}

#[test]
fn via_and_label_studio() {
    let via = r#"{"project":{"pname":"walk"},"attribute":{"1":{"aname":"touchpoint","options":{"0":"Poster","1":"Desk"}},"2":{"aname":"kind","options":{}}},
      "file":{"1":{"fid":"1","fname":"v.mp4"}},"view":{"1":{"fid_list":["1"]}},
      "metadata":{"1_a":{"vid":"1","z":[2.5,4],"av":{"1":"1","2":"actual experience"}},"1_b":{"vid":"1","z":[1],"av":{"1":"0"}},"1_c":{"vid":"1","z":[],"av":{}}}}"#;
    let a = import("p.json", via.as_bytes()).expect("via");
    assert_eq!(a.format, "via");
    let m = &a.observations[0].marks;
    assert_eq!((m[0].start, m[0].end, m[0].touchpoint.as_str()), (1.0, None, "Poster"));
    assert_eq!(
        (m[1].start, m[1].end, m[1].classes.kind),
        (2.5, Some(4.0), Some(Kind::ActualExperience))
    );
    assert_eq!(a.problems.len(), 1);
    assert!(a.problems[0].message.contains("\"1_c\" has no time"));
    let ls = r#"[{"id":7,"video":"/data/v.mp4","annotator":3,"frameRate":25,"videoLabels":[{"ranges":[{"start":50,"end":75}],"timelinelabels":["Ad"]},{"ranges":[{"start":100,"end":100}],"timelinelabels":["Sign"]}]}]"#;
    let a = import("ls.json", ls.as_bytes()).expect("label studio");
    assert_eq!(a.format, "label-studio");
    assert_eq!(a.observations[0].observer, "3");
    let m = &a.observations[0].marks;
    assert_eq!((m[0].start, m[0].end), (2.0, Some(3.0)));
    assert_eq!((m[1].start, m[1].end, m[1].touchpoint.as_str()), (4.0, None, "Sign"));
    assert!(a.problems.is_empty());
    let a = import("ls.json", ls.replace("\"frameRate\":25,", "").as_bytes()).expect("default fps");
    assert_eq!(a.observations[0].marks[0].start, round3(50.0 / 24.0));
    assert!(a.problems[0].message.contains("24 frames per second"));
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixtures(&path, out);
        } else if !path.to_string_lossy().ends_with(".events.json")
            && path
                .extension()
                .is_some_and(|e| e != "json" || path.to_string_lossy().contains("annotations"))
        {
            out.push(path);
        }
    }
}

/// Damaged inputs never panic: every fixture truncated at several points
/// and with bytes flipped by a small deterministic LCG.
#[test]
fn damaged_fixtures_do_not_panic() {
    let mut files = Vec::new();
    fixtures(&data(""), &mut files);
    assert!(files.len() > 80, "{}", files.len());
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("x").to_string();
        // Big files: a prefix is enough to exercise every path.
        let bytes = &bytes[..bytes.len().min(40_000)];
        for cut in [0, 1, 3, 7, bytes.len() / 3, bytes.len() / 2, bytes.len().saturating_sub(1)] {
            let _ = import(&name, &bytes[..cut.min(bytes.len())]);
        }
        for _ in 0..4 {
            let mut damaged = bytes.to_vec();
            for _ in 0..(1 + damaged.len() / 200) {
                if damaged.is_empty() {
                    break;
                }
                let i = next() as usize % damaged.len();
                damaged[i] = (next() & 0xFF) as u8;
            }
            let _ = import(&name, &damaged);
            let _ = import("noext", &damaged);
        }
    }
}
