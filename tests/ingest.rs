//! Journey file ingest: every fixture in tests/data/ingest/ through one
//! `check` helper, plus chunk independence and the samples' hand counts.

use touchpoints::dataset::Measure;
use touchpoints::ingest::{self, Ingest, IngestOptions};
use touchpoints::model::{Dataset, TimeBase};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/ingest/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What a file should give: counts and the bad rows (line, words in the message).
struct Expect<'a> {
    events: usize,
    journeys: usize,
    problems: &'a [(u64, &'a str)],
    warnings: &'a [(u64, &'a str)],
}

fn check(name: &str, expect: Expect) -> Dataset {
    let d = ingest::read(&fixture(name), &IngestOptions::default())
        .unwrap_or_else(|e| panic!("{name}: unexpected error {e}"));
    assert_eq!(d.len(), expect.events, "{name}: events");
    assert_eq!(d.journey_count(), expect.journeys, "{name}: journeys");
    let problems: Vec<(u64, String)> =
        d.problems().iter().map(|p| (p.line, p.message.clone())).collect();
    assert_eq!(problems.len(), expect.problems.len(), "{name}: problems {problems:?}");
    for ((line, message), (want_line, want_words)) in problems.iter().zip(expect.problems) {
        assert_eq!(line, want_line, "{name}: problem line ({message})");
        assert!(message.contains(want_words), "{name}: {message:?} lacks {want_words:?}");
    }
    for (want_line, want_words) in expect.warnings {
        assert!(
            d.warnings().iter().any(|w| w.line == *want_line && w.message.contains(want_words)),
            "{name}: no warning at line {want_line} with {want_words:?}: {:?}",
            d.warnings()
        );
    }
    d
}

/// What sort of error each unusable file is (the page acts on the kind).
#[test]
fn unusable_files_have_a_kind() {
    use touchpoints::ErrorKind;
    let kind =
        |bytes: &[u8]| ingest::read(bytes, &IngestOptions::default()).map(|_| ()).unwrap_err().kind;
    assert_eq!(kind(&fixture("no-columns.csv")), ErrorKind::MissingColumn);
    assert_eq!(kind(b""), ErrorKind::Empty);
    assert_eq!(kind(&fixture("header-only.csv")), ErrorKind::Empty);
    assert_eq!(kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), ErrorKind::NotText);
    assert_eq!(kind(b"journey,time,touchpoint\nc1,never,A\n"), ErrorKind::Invalid);
    assert_eq!(ErrorKind::MissingColumn.name(), "missing-column");
}

fn check_error(name: &str, bytes: &[u8], want: &str) {
    match ingest::read(bytes, &IngestOptions::default()) {
        Ok(d) => panic!("{name}: expected an error, got {} events", d.len()),
        Err(e) => assert!(e.to_string().contains(want), "{name}: {e} lacks {want:?}"),
    }
}

#[test]
fn unusable_files_are_errors_that_say_where_and_what() {
    check_error("empty.csv", &fixture("empty.csv"), "the file is empty");
    check_error("header-only.csv", &fixture("header-only.csv"), "line 1: no rows after the header");
    check_error(
        "no-columns.csv",
        &fixture("no-columns.csv"),
        "line 1: no column for the journey or customer (looked for journey, journey_id, customer",
    );
    check_error(
        "no touch point",
        b"customer,date,colour\nc1,2026-01-01,red\n",
        "line 1: no column for the touch point (looked for touchpoint, touch_point, touchpoints, touchpoint_name, event",
    );
    check_error("utf-16", b"\xff\xfej\x00o\x00", "UTF-16");
    check_error(
        "all bad",
        b"journey,time,touchpoint\nc1,never,A\n",
        "line 2, column 2: none of the 1 rows could be read; the first problem is here: time",
    );
    check_error("json garbage", b"{\"a\":1}\n", "line 1: no column for the journey");
}

#[test]
fn binary_files_are_named_not_dumped() {
    for (name, looks_like) in [
        ("photo.png", "a PNG image"),
        ("journeys.xlsx", "a ZIP archive"),
        ("report.pdf", "a PDF document"),
    ] {
        let bytes = fixture(&format!("binary/{name}"));
        let want = format!("this is not a text file (it looks like {looks_like}");
        check_error(name, &bytes, &want);
        // Through the file opener, under any name, and with the first chunk cut short.
        for file_name in [name.to_string(), "journeys.csv".into(), "marks.vtt".into()] {
            let e = touchpoints::open::read_dataset(&file_name, &bytes, &IngestOptions::default())
                .map(|d| d.len())
                .map_err(|e| e.to_string());
            assert!(e.as_ref().is_err_and(|e| e.starts_with(&want)), "{file_name}: {e:?}");
            let mut reader =
                touchpoints::open::FileReader::new(&file_name, IngestOptions::default());
            let pushed = reader.push(&bytes[..2]).and_then(|_| reader.push(&bytes[2..]));
            let e = pushed.and_then(|_| reader.finish()).map(|d| d.len());
            let e = e.map_err(|e| e.to_string());
            assert!(e.as_ref().is_err_and(|e| e.contains(&want)), "{file_name} in chunks: {e:?}");
        }
    }
}

#[test]
fn usable_files_count_good_rows_and_list_bad_ones() {
    let d = check("bom.csv", Expect { events: 2, journeys: 1, problems: &[], warnings: &[] });
    assert!(d.has_column("journey") && d.has_column("touchpoint"));
    let d = check("crlf.csv", Expect { events: 3, journeys: 2, problems: &[], warnings: &[] });
    assert_eq!((0..d.len()).map(|i| d.line(i)).collect::<Vec<_>>(), vec![2, 3, 5]);
    let d = check("quoted.csv", Expect { events: 3, journeys: 2, problems: &[], warnings: &[] });
    assert_eq!(d.touchpoint_names().name(0), "Store, window");
    assert_eq!(d.touchpoint_names().name(1), "Fitting\nroom");
    assert_eq!(d.channel_names().name(0), "in \"town\"");
    assert_eq!((0..d.len()).map(|i| d.line(i)).collect::<Vec<_>>(), vec![2, 3, 5]);
    let d = check(
        "latin1.csv",
        Expect { events: 2, journeys: 2, problems: &[], warnings: &[(2, "Windows-1252")] },
    );
    assert_eq!(d.touchpoint_names().name(0), "Café visit");
    check(
        "unknown-times.csv",
        Expect {
            events: 2,
            journeys: 2,
            problems: &[
                (3, "time \"yesterday\" is not a time; expected a date"),
                (4, "time \"soon\""),
            ],
            warnings: &[],
        },
    );
    let d = check(
        "duplicate-headers.csv",
        Expect {
            events: 2,
            journeys: 2,
            problems: &[],
            warnings: &[(1, "column 4 \"touchpoint\" is also read as touchpoint; column 3")],
        },
    );
    assert_eq!(d.touchpoint_names().name(0), "Newsletter");
    let d = check("tabs.tsv", Expect { events: 2, journeys: 1, problems: &[], warnings: &[] });
    assert_eq!(d.touchpoint_names().name(0), "Search ad");
    let d = check("array.json", Expect { events: 2, journeys: 1, problems: &[], warnings: &[] });
    assert_eq!(d.time_base(), TimeBase::Calendar);
    assert_eq!(d.time(0), 1767258000.0);
    assert_eq!(d.measure(Measure::Value, 1), Some(45.5));
    assert_eq!(d.converted(1), Some(true));
    let d = check(
        "lines.jsonl",
        Expect {
            events: 3,
            journeys: 2,
            problems: &[(3, "expected an event object")],
            warnings: &[],
        },
    );
    assert_eq!(d.time_base(), TimeBase::VideoOffset);
    assert_eq!(d.times().to_vec(), vec![12.5, 62.0, 3.0]);
    let d = check(
        "transactions.csv",
        Expect {
            events: 2,
            journeys: 1,
            problems: &[
                (4, "this row has 4 fields, the header has 3"),
                (5, "value \"abc\" is not a number"),
            ],
            warnings: &[(1, "transactions export")],
        },
    );
    assert!(
        (0..d.len())
            .all(|i| d.converted(i).is_none()
                && d.measure(Measure::Value, i).is_some_and(|v| v > 0.0))
    );
}

#[test]
fn a_one_megabyte_field_is_read() {
    let mut bytes = b"journey,time,touchpoint,channel\nc1,2026-03-02,Newsletter,\"".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 1 << 20));
    bytes.extend_from_slice(b"\"\nc1,2026-03-03,Checkout,store\n");
    let d = ingest::read(&bytes, &IngestOptions::default()).expect("usable");
    assert_eq!(d.len(), 2);
    assert_eq!(d.channel_names().name(0).len(), 1 << 20);
    assert_eq!(d.line(1), 3);
}

/// Reads `bytes` in chunks of `size` bytes.
fn read_in_chunks(bytes: &[u8], size: usize) -> Result<Dataset, String> {
    let mut ingest = Ingest::new(IngestOptions::default());
    for chunk in bytes.chunks(size.max(1)) {
        ingest.push(chunk).map_err(|e| e.to_string())?;
    }
    ingest.finish().map_err(|e| e.to_string())
}

#[test]
fn the_result_does_not_depend_on_where_chunks_are_cut() {
    let files = [
        "bom.csv",
        "crlf.csv",
        "quoted.csv",
        "latin1.csv",
        "unknown-times.csv",
        "duplicate-headers.csv",
        "tabs.tsv",
        "array.json",
        "lines.jsonl",
        "transactions.csv",
        "empty.csv",
        "header-only.csv",
        "no-columns.csv",
    ];
    for name in files {
        let bytes = fixture(name);
        let whole = read_in_chunks(&bytes, usize::MAX);
        for size in [1, 2, 3, 5, 7, 16, 64] {
            assert_eq!(read_in_chunks(&bytes, size), whole, "{name} in chunks of {size}");
        }
    }
    let retail =
        std::fs::read(format!("{}/www/samples/retail-journeys.csv", env!("CARGO_MANIFEST_DIR")))
            .expect("retail sample");
    let whole = read_in_chunks(&retail, usize::MAX).expect("retail reads");
    for size in [997, 65536] {
        assert_eq!(
            read_in_chunks(&retail, size).as_ref(),
            Ok(&whole),
            "retail in chunks of {size}"
        );
    }
}

#[test]
fn mangled_input_never_panics_and_every_error_names_a_line() {
    let mut errors = 0;
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for name in ["quoted.csv", "array.json", "lines.jsonl", "crlf.csv"] {
        let bytes = fixture(name);
        for _ in 0..200 {
            let mut mangled = bytes.clone();
            let cut = (next() as usize) % (mangled.len() + 1);
            mangled.truncate(cut.max(1));
            for _ in 0..3 {
                if mangled.is_empty() {
                    break;
                }
                let at = (next() as usize) % mangled.len();
                mangled[at] = next() as u8;
            }
            let size = 1 + (next() as usize) % 9;
            let mut ingest = Ingest::new(IngestOptions::default());
            let result = mangled
                .chunks(size)
                .try_for_each(|chunk| ingest.push(chunk))
                .and_then(|()| ingest.finish());
            match result {
                Ok(d) => {
                    for p in d.problems() {
                        assert!(p.line >= 1, "{name}: a problem without a line: {p:?}");
                    }
                }
                Err(e) => {
                    errors += 1;
                    // Only a judgement of the whole file (empty, binary) has no line.
                    let whole_file = e.message.starts_with("the file is empty")
                        || e.message.starts_with("this is not a text file");
                    assert!(
                        e.line >= 1 || whole_file,
                        "{name}: an error without a line: {e:?} for {:?}",
                        String::from_utf8_lossy(&mangled)
                    );
                    assert!(!e.message.is_empty(), "{name}: an error that says nothing");
                }
            }
        }
    }
    // The mangling is strong enough to break some files (else this test checks nothing).
    assert!(errors > 0);
}
