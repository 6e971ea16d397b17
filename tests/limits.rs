//! Hostile inputs of issue 16, each at a size where the earlier quadratic
//! code would take minutes or gigabytes: memory is measured with a counting
//! allocator (peak bytes live in this test's thread), lists are counted.
//! Nothing is timed; a return to quadratic work shows as a test that runs
//! for minutes (CI's limit) or a peak far above the bound. See docs/limits.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Write as _;

use touchpoints::annotations::import;
use touchpoints::classroom::{grade, match_marks, GradingSettings};
use touchpoints::model::{Mark, Observation};

/// Counts the bytes live and their peak, per thread (tests run in parallel).
struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator unchanged; the
// thread-local counters are const-initialized `Cell`s (no allocation).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = LIVE.try_with(|l| {
            l.set(l.get() + layout.size());
            let _ = PEAK.try_with(|p| p.set(p.get().max(l.get())));
        });
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = LIVE.try_with(|l| l.set(l.get().saturating_sub(layout.size())));
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = LIVE.try_with(|l| {
            l.set(l.get().saturating_sub(layout.size()) + new_size);
            let _ = PEAK.try_with(|p| p.set(p.get().max(l.get())));
        });
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The peak of bytes allocated while `f` runs, above what was live before.
fn peak_bytes<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let out = f();
    (out, PEAK.with(Cell::get) - base)
}

const MB: usize = 1 << 20;

fn moment(t: f64, name: &str) -> Mark {
    Mark {
        start: t,
        end: None,
        touchpoint: name.into(),
        classes: Default::default(),
        note: String::new(),
    }
}

fn observation(name: &str, marks: Vec<Mark>) -> Observation {
    Observation { observer: name.into(), marks, ..Observation::default() }
}

#[test]
fn grading_identical_marks_takes_linear_memory() {
    // 1,500 marks keep the unoptimized test build quick; the bound does not
    // grow with them (4,000 marks used 1.6 GB before).
    let n = 1500;
    let key: Vec<Mark> = (0..n).map(|_| moment(10.0, "Poster")).collect();
    let student = key.clone();
    let settings = GradingSettings::default();
    let (m, peak) = peak_bytes(|| match_marks(&key, &student, &settings));
    assert_eq!(m.pairs.len(), n);
    assert!(m.missed.is_empty() && m.extra.is_empty());
    // Every pair listed took 56 bytes × n² (126 MB), the (n+1)(m+1) table n² bytes.
    assert!(peak < 4 * MB, "peak {} MB", peak / MB);

    // Spread over 3 s with a 3 s tolerance: one cluster where every pair is
    // compatible, still solved without listing them.
    let key: Vec<Mark> = (0..n).map(|i| moment(i as f64 / 500.0, "Poster")).collect();
    let (m, peak) = peak_bytes(|| match_marks(&key, &key, &settings));
    assert_eq!(m.pairs.len(), n);
    assert!(m.pairs.iter().all(|p| p.offset == 0.0), "each mark pairs with its twin");
    assert!(peak < 4 * MB, "peak {} MB", peak / MB);

    // The whole class report.
    let obs = observation("student", key.clone());
    let (report, peak) = peak_bytes(|| grade(&observation("key", key.clone()), &[obs], &settings));
    assert_eq!(report.students[0].hits, n);
    assert!(peak < 32 * MB, "peak {} MB", peak / MB);
}

#[test]
fn agreement_of_two_students_with_10k_distinct_names_is_counted_sparsely() {
    let a: Vec<Mark> = (0..10_000).map(|i| moment(i as f64 * 2.0, &format!("a{i}"))).collect();
    let b: Vec<Mark> =
        (0..10_000).map(|i| moment(i as f64 * 2.0 + 0.5, &format!("b{i}"))).collect();
    let key = observation("key", vec![moment(1.0, "x")]);
    let students = [observation("a", a), observation("b", b)];
    let (report, peak) = peak_bytes(|| grade(&key, &students, &GradingSettings::default()));
    assert_eq!(report.agreement.categories.len(), 20_001);
    // slices × names was 20,000 × 20,001 counts: 1.6 GB.
    assert!(peak < 64 * MB, "peak {} MB", peak / MB);
}

#[test]
fn our_annotation_csv_with_200k_rows_reads_in_one_pass() {
    let mut csv = String::from("journey,time,end,touchpoint\n");
    for i in 0..200_000 {
        let _ = writeln!(csv, "s{},{}.5,,Mark {}", i % 500, i, i % 97);
    }
    let a = import("marks.csv", csv.as_bytes()).expect("reads");
    assert_eq!(a.observations.len(), 500);
    assert_eq!(a.observations.iter().map(|o| o.marks.len()).sum::<usize>(), 200_000);
    // A bad row at the end still names its line.
    csv.push_str("s1,soon,,Late\n");
    let a = import("marks.csv", csv.as_bytes()).expect("reads");
    assert_eq!(a.problems.last().map(|p| p.line), Some(200_002));
}

#[test]
fn boris_event_list_and_project_with_40k_observations_read_in_one_pass() {
    let mut tsv = String::from("Observation id\tSubject\tBehavior\tTime\tStatus\n");
    for i in 0..100_000 {
        let _ = writeln!(tsv, "obs{}\tNo focal subject\tlook\t{}.0\tPOINT", i % 40_000, i);
    }
    let a = import("events.tsv", tsv.as_bytes()).expect("reads");
    assert_eq!(a.observations.len(), 40_000);

    let mut project = String::from("{\"observations\": {\n");
    for i in 0..40_000 {
        if i > 0 {
            project.push_str(",\n");
        }
        let _ = write!(project, "\"o{i}\": {{\"events\": [[{i}.5, \"\", \"look\", \"\", \"\"]]}}");
    }
    project.push_str("\n}, \"behaviors_conf\": {}}\n");
    let a = import("p.boris", project.as_bytes()).expect("reads");
    assert_eq!(a.observations.len(), 40_000);
    // A bad time names the line of its observation.
    let bad = project.replacen("[[7.5,", "[[\"NaN\",", 1);
    let a = import("p.boris", bad.as_bytes()).expect("reads");
    assert_eq!(a.problems.len(), 1, "{:?}", a.problems);
    assert_eq!(a.problems[0].line, 9, "{}", a.problems[0].message);
}

#[test]
fn srt_with_100k_observers_and_webvtt_with_100k_regions_read_in_one_pass() {
    let mut srt = String::new();
    for i in 0..100_000 {
        let _ = write!(
            srt,
            "{}\n00:00:{:02},000 --> 00:00:{:02},500\nMark\n[observer: o{i}]\n\n",
            i + 1,
            i % 60,
            i % 60
        );
    }
    let a = import("many.srt", srt.as_bytes()).expect("reads");
    assert_eq!(a.observations.len(), 100_000);

    let mut vtt = String::from("WEBVTT\n\n");
    for i in 0..100_000 {
        let _ = write!(vtt, "REGION\nid:r{i}\nwidth:40%\n\n");
    }
    for i in 0..100_000 {
        let _ = write!(vtt, "00:00.000 --> 00:01.000 region:r{}\nMark {i}\n\n", 99_999 - i);
    }
    let parsed = touchpoints::annotations::webvtt::parse(&vtt).expect("parses");
    assert_eq!(parsed.regions.len(), 100_000);
    assert_eq!(parsed.cues.len(), 100_000);
    assert!(parsed.cues.iter().all(|c| c.settings.region.is_some()));
}

#[test]
fn value_sheets_and_drafts_with_100k_offers_are_checked_in_one_pass() {
    let offers: Vec<String> = (0..100_000).map(|i| format!("Offer {i}")).collect();
    let mut csv = format!("criterion,side,category,weight,{}\n", offers.join(","));
    for c in 0..3 {
        let ratings = vec!["3"; offers.len()].join(",");
        let _ = writeln!(csv, "Criterion {c},benefit,,1,{ratings}");
    }
    let sheet =
        touchpoints::value::sheet::read_value_sheet("big.csv", csv.as_bytes()).expect("reads");
    assert_eq!(sheet.offers.len(), 100_000);
    let draft = touchpoints::value::draft::SheetDraft::from_sheet(&sheet);
    assert!(draft.check().is_ok());
    let twice = csv.replacen("Offer 99999", "Offer 0", 1);
    let e = touchpoints::value::sheet::read_value_sheet("big.csv", twice.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("appears twice"), "{e}");
}

#[test]
fn an_8_mb_touch_point_name_is_classified_in_one_pass() {
    let rules =
        touchpoints::taxonomy::expand(&touchpoints::taxonomy::preset("hotel").unwrap()).unwrap();
    let classifier = touchpoints::taxonomy::rules::Classifier::new(&rules);
    let name = "x".repeat(8 << 20) + " newsletter";
    let decision = classifier.classify(&name, None);
    assert!(decision.first_rule.is_some());
}

#[test]
fn distinct_touch_points_are_all_counted_and_1000_listed() {
    let mut csv = String::from("journey,time,touchpoint\n");
    for i in 0..100_000u64 {
        let _ = writeln!(csv, "c{},{},tp {i}", i % 1000, 1_772_442_900 + i);
    }
    // A few frequent ones lead the list.
    for i in 0..50 {
        let _ = writeln!(csv, "c1,{},Frequent", 1_772_442_900 + i);
    }
    let data = touchpoints::ingest::read(csv.as_bytes(), &Default::default()).expect("reads");
    let rules =
        touchpoints::taxonomy::expand(&touchpoints::taxonomy::preset("generic").unwrap()).unwrap();
    let classification = touchpoints::taxonomy::classify(&data, &rules);
    let report = touchpoints::report::build(&data, &classification, &rules, "generic");
    assert_eq!(report.unique_touchpoints, 100_001);
    assert_eq!(report.by_touchpoint.len(), touchpoints::report::TOUCHPOINTS_LISTED);
    assert_eq!(report.by_touchpoint[0].touchpoint, "Frequent");
    assert_eq!(report.by_touchpoint[1].touchpoint, "tp 0");
    let others = report.touchpoints_not_listed;
    assert_eq!(others.touchpoints, 100_001 - 1000);
    assert_eq!(others.events, 100_050 - 50 - 999);
    assert!(report.unclassified.touchpoints.len() <= 1000);
    let undecided =
        classification.by_touchpoint.iter().filter(|d| !d.classes.is_complete()).count();
    assert_eq!(
        report.unclassified.touchpoints.len() as u64 + report.unclassified.not_listed,
        undecided as u64
    );
}
