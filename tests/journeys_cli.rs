//! `touchpoints funnel` and `touchpoints paths` on the retail sample: the
//! numbers of the page (tests/e2e/journeys.spec.js), every format, and bad
//! input with its position.

use touchpoints::cli::run;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const RETAIL: &str = "$ROOT/www/samples/retail-journeys.csv";

fn check(args: &[&str], expected: Result<&[&str], &str>) {
    let args: Vec<String> = args.iter().map(|a| a.replace("$ROOT", ROOT)).collect();
    match (run(&args), expected) {
        (Ok(out), Ok(parts)) => {
            for p in parts {
                assert!(out.contains(p), "{args:?}: expected {p:?} in\n{out}");
            }
        }
        (Err(e), Err(part)) => assert!(e.contains(part), "{args:?}: expected {part:?} in {e}"),
        (got, want) => panic!("{args:?}: expected {want:?}, got {got:?}"),
    }
}

const STEPS: &str = "Instagram ad, Website visit, Online order, Delivery";

#[test]
fn funnel_as_text_csv_and_json() {
    check(
        &["funnel", RETAIL, "--preset", "retail", "--steps", STEPS],
        Ok(&[
            "Funnel (1141 of 2000 journeys entered; journeys)",
            "     1  Instagram ad        1141     100.0%          –       220",
            "     4  Delivery             255      22.3%      97.7%         –",
            "After step 2 (Website visit), 660 dropped; next: Website visit 255, Newsletter 110",
            "Note: Sequential: each step after the one before",
        ]),
    );
    check(
        &["funnel", RETAIL, "--preset", "retail", "--steps", STEPS, "--format", "csv"],
        Ok(&[
            "step,label,optional,count,journeys,entered,dropped,",
            "\n2,Website visit,false,921,921,0,660,",
        ]),
    );
    let args: Vec<String> =
        ["funnel", RETAIL, "--preset", "retail", "--steps", STEPS, "--format", "json"]
            .iter()
            .map(|a| a.replace("$ROOT", ROOT))
            .collect();
    let json: serde_json::Value = serde_json::from_str(&run(&args).unwrap()).unwrap();
    let counts: Vec<u64> =
        json["steps"].as_array().unwrap().iter().map(|s| s["count"].as_u64().unwrap()).collect();
    assert_eq!(counts, vec![1141, 921, 261, 255]);
    assert_eq!(json["spec"]["steps"][0]["touchpoint"][0], "Instagram ad");
}

#[test]
fn funnel_options_from_flags() {
    check(
        &[
            "funnel", RETAIL, "--preset", "retail", "--steps", STEPS, "--order", "strict", "--window", "30d", "--max-gap", "2=7d",
            "--exclude", "Return@1-3", "--count", "completions", "--entry", "first", "--breakdown", "channel:step=2",
        ],
        Ok(&[
            "completions",
            "Strict: each step the very next event",
            "Window: the last step at most 30 days after the first.",
            "Step 2: at most 7 days after the step before.",
            "Exclusion: a journey with Return strictly between step 1 and step 3",
            "Breakdown (Each journey gets the channel of the event at which it first reaches step 2.)",
            "(did not reach step 2)",
        ]),
    );
    let dir = std::env::temp_dir().join(format!("tp-funnel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dropoffs = dir.join("dropped.csv");
    let charts = dir.join("charts");
    check(
        &[
            "funnel",
            RETAIL,
            "--preset",
            "retail",
            "--steps",
            STEPS,
            "--dropoffs",
            dropoffs.to_str().unwrap(),
            "--charts",
            charts.to_str().unwrap(),
        ],
        Ok(&["Funnel"]),
    );
    let csv = std::fs::read_to_string(&dropoffs).unwrap();
    assert_eq!(csv.lines().count(), 1 + 220 + 660 + 6);
    for name in ["funnel", "funnel-flow", "funnel-time"] {
        assert!(std::fs::read_to_string(charts.join(format!("{name}.svg")))
            .unwrap()
            .starts_with("<svg"));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn funnel_errors_name_what_was_expected() {
    check(&["funnel", RETAIL], Err("funnel needs --steps"));
    check(
        &["funnel", RETAIL, "--steps", "A,,B"],
        Err("--steps: step at character 3: the step is empty"),
    );
    check(
        &["funnel", RETAIL, "--steps", "A, B", "--order", "sideways"],
        Err("--order \"sideways\": expected sequential, strict, any"),
    );
    check(
        &["funnel", RETAIL, "--steps", "A, B", "--max-gap", "1=7d"],
        Err("step 1 must be between 2 and 2"),
    );
    check(
        &["funnel", RETAIL, "--steps", "A, B", "--window", "7 fortnights"],
        Err("--window: \"7 fortnights\": unknown unit"),
    );
    check(&["funnel", RETAIL, "--steps", "A, B", "--exclude", "X@2"], Err("expected STEP@FROM-TO"));
    check(
        &["funnel", RETAIL, "--steps", "A, B", "--breakdown", "colour"],
        Err("--breakdown \"colour\": expected touchpoint, channel"),
    );
    check(&["funnel", RETAIL, "--steps", "A?, B"], Err("step 1 cannot be optional"));
    let dir = std::env::temp_dir().join(format!("tp-funnel-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("funnel.json");
    std::fs::write(&spec, "{\n  \"steps\": [\"A\", \"B\"],\n  \"ordr\": \"strict\"\n}\n").unwrap();
    check(
        &["funnel", RETAIL, "--funnel", spec.to_str().unwrap()],
        Err("funnel.json: line 3, column"),
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn paths_as_text_csv_and_json() {
    check(
        &[
            "paths",
            RETAIL,
            "--preset",
            "retail",
            "--from",
            "Instagram ad",
            "--steps",
            "2",
            "--top",
            "50",
        ],
        Ok(&[
            "Paths of 1141 of 2000 journeys",
            "Position 1:\n  Instagram ad",
            "Note: Paths start at each journey's first Instagram ad.",
        ]),
    );
    check(
        &["paths", RETAIL, "--preset", "retail", "--format", "csv"],
        Ok(&["from_position,from_label,to_position,to_label,journeys\n1,"]),
    );
    check(
        &["paths", RETAIL, "--preset", "retail", "--format", "csv", "--matrix", "yes"],
        Ok(&["from,Website visit,", ",End of journey,journeys\n"]),
    );
    check(
        &["paths", RETAIL, "--clean", " ad$=Ads", "--format", "json"],
        Ok(&["\"label\": \"Ads\""]),
    );
    check(&["paths", RETAIL, "--steps", "30"], Err("paths: 30 positions; choose 2 to 20"));
    check(
        &["paths", RETAIL, "--clean", "(x=Y"],
        Err("cleaning rule 1: \"(x\" is not a regular expression"),
    );
    check(
        &["paths", RETAIL, "--collapse", "maybe"],
        Err("--collapse \"maybe\": expected yes or no"),
    );
    check(&["paths", RETAIL, "--dimension", "colour"], Err("--dimension \"colour\""));
}
