//! The command line reads big files on threads and merges partial reports:
//! `report --threads N` and `merge` of the partials of a file's parts give
//! the same report as one reader, byte for byte, journeys split across
//! parts included.

use std::path::PathBuf;
use touchpoints::cli::run;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tp-cli-parts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

fn cli(args: &[&str]) -> Result<String, String> {
    run(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
}

/// A file with a journey in every part, quoted line ends, CRLF and a bad row.
fn awkward() -> String {
    let mut text = String::from("journey,time,touchpoint,channel,value\r\n");
    for i in 0..300 {
        let line = match i % 5 {
            0 => format!(
                "everywhere,2026-03-{:02}T10:00:00Z,\"Store,\r\nwindow\",web,{}\r\n",
                1 + i % 28,
                i
            ),
            1 => format!("c{},2026-03-02,Newsletter,email,\r\n", i % 17),
            2 => format!("c{},yesterday,Visit,web,\r\n", i % 7),
            3 => format!(
                "c{},2026-03-0{}T09:00:00+01:00,Search ad,search,1.5\r\n",
                i % 23,
                1 + i % 9
            ),
            _ => format!("c{},2026-03-03,Checkout,store,12.25\r\n", i % 11),
        };
        text.push_str(&line);
    }
    text
}

#[test]
fn threads_give_the_report_of_one_reader() {
    let path = temp("awkward.csv");
    std::fs::write(&path, awkward()).unwrap();
    let file = path.to_str().unwrap();
    let retail = format!("{}/www/samples/retail-journeys.csv", env!("CARGO_MANIFEST_DIR"));
    for f in [file, retail.as_str()] {
        for format in ["json", "text"] {
            let one = cli(&["report", f, "--format", format, "--threads", "1"]).unwrap();
            for n in ["2", "3", "4", "7"] {
                let many = cli(&["report", f, "--format", format, "--threads", n]).unwrap();
                assert!(many == one, "{f} --threads {n} --format {format}");
            }
        }
    }
    let e = cli(&["report", file, "--threads", "0"]).unwrap_err();
    assert!(e.contains("--threads \"0\""), "{e}");
}

#[test]
fn merged_partials_give_the_report_of_the_whole_file() {
    let path = temp("whole.csv");
    std::fs::write(&path, awkward()).unwrap();
    let file = path.to_str().unwrap();
    let want = cli(&["report", file, "--format", "json", "--preset", "retail"]).unwrap();
    for n in 1..=4 {
        let mut partials = Vec::new();
        for k in 1..=n {
            let out = temp(&format!("p{k}of{n}.tpp"));
            let out = out.to_str().unwrap().to_string();
            cli(&["report", file, "--partial", &out, "--part", &format!("{k}/{n}")]).unwrap();
            partials.push(out);
        }
        let mut args = vec!["merge", "--format", "json", "--preset", "retail"];
        args.extend(partials.iter().map(String::as_str));
        assert_eq!(cli(&args).unwrap(), want, "{n} partials");
        if n == 4 {
            // A tree of merges: (1 + 2) and (3 + 4), then both.
            let (left, right) = (temp("left.tpp"), temp("right.tpp"));
            let (left, right) = (left.to_str().unwrap(), right.to_str().unwrap());
            cli(&["merge", &partials[0], &partials[1], "--partial", left]).unwrap();
            cli(&["merge", &partials[2], &partials[3], "--partial", right]).unwrap();
            let tree = cli(&["merge", left, right, "--format", "json", "--preset", "retail"]);
            assert_eq!(tree.unwrap(), want, "tree of merges");
        }
    }
    let e = cli(&["report", file, "--partial", "x", "--part", "5/4"]).unwrap_err();
    assert!(e.contains("1 ≤ K ≤ N"), "{e}");
    let not = temp("not.tpp");
    std::fs::write(&not, b"journey,time\n").unwrap();
    let e = cli(&["merge", not.to_str().unwrap()]).unwrap_err();
    assert!(e.contains("not a Touchpoints partial report"), "{e}");
}

#[test]
fn partials_of_separate_files_fold_journeys_by_name() {
    // Two exports (a partition each) with customer "ann" in both: the merge
    // equals the report of one file holding both (bytes count each header).
    let a = "journey,time,touchpoint\nann,2026-03-01,Newsletter\nbob,2026-03-02,Visit\n";
    let b = "journey,time,touchpoint\ncat,2026-03-01,Visit\nann,2026-02-27,Checkout\n";
    let both = "journey,time,touchpoint\nann,2026-03-01,Newsletter\nbob,2026-03-02,Visit\ncat,2026-03-01,Visit\nann,2026-02-27,Checkout\n";
    let mut partials = Vec::new();
    for (name, text) in [("a.csv", a), ("b.csv", b)] {
        let path = temp(name);
        std::fs::write(&path, text).unwrap();
        let out = temp(&format!("{name}.tpp")).to_str().unwrap().to_string();
        cli(&["report", path.to_str().unwrap(), "--partial", &out]).unwrap();
        partials.push(out);
    }
    let whole = temp("both.csv");
    std::fs::write(&whole, both).unwrap();
    let want: serde_json::Value = serde_json::from_str(
        &cli(&["report", whole.to_str().unwrap(), "--format", "json"]).unwrap(),
    )
    .unwrap();
    let got: serde_json::Value = serde_json::from_str(
        &cli(&["merge", &partials[0], &partials[1], "--format", "json"]).unwrap(),
    )
    .unwrap();
    let without_bytes = |mut v: serde_json::Value| {
        v.as_object_mut().map(|o| o.remove("bytes"));
        v
    };
    assert_eq!(without_bytes(got.clone()), without_bytes(want));
    assert_eq!(got["journeys"], 3);
    assert_eq!(got["per_journey"]["journeys"][0]["journey"], "ann");
    assert_eq!(got["per_journey"]["journeys"][0]["events"], 2);
}

#[test]
fn report_charts_are_written_only_for_what_the_data_allows() {
    // No funnel was asked for: no empty funnel.svg beside the real charts (every file a chart).
    let dir = temp("charts");
    let shown = dir.display().to_string();
    cli(&["report", "www/samples/hotel-journeys.csv", "--charts", &shown, "--format", "json"])
        .unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.contains(&"by_kind.svg".to_string()), "{names:?}");
    assert!(!names.contains(&"funnel.svg".to_string()), "{names:?}");
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(
            text.starts_with("<svg"),
            "{name} is not a chart: {:?}",
            &text[..text.len().min(40)]
        );
    }
}
