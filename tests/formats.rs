//! The one format table (`src/formats.rs`): the pages' accept lists are
//! generated from it, no page lists endings itself, and the command line
//! prints it.

use touchpoints::formats::{self, Family};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn the_pages_accept_lists_are_the_table() {
    let path = format!("{ROOT}/www/js/formats.js");
    let module = std::fs::read_to_string(&path).expect("www/js/formats.js");
    assert_eq!(
        module,
        formats::accept_module(),
        "www/js/formats.js differs from src/formats.rs: run `cargo run --example formats_js`"
    );
    assert!(
        module.contains(&format!("annotations: \"{}\"", formats::accept(&[Family::Annotations])))
    );
}

/// Every file input that takes journeys or annotations names what it takes
/// (`data-accept`) and loads the generated list; none spells the endings.
#[test]
fn no_page_lists_file_endings_itself() {
    let mut inputs = 0;
    for entry in std::fs::read_dir(format!("{ROOT}/www")).expect("www") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).expect("html");
        let name = path.display();
        for line in html.lines().filter(|l| l.contains("type=\"file\"")) {
            assert!(
                !line.contains(".vtt") && !line.contains(".jsonl"),
                "{name}: a file input lists the table's endings: {line}"
            );
            if let Some(at) = line.find("data-accept=\"") {
                let what = &line[at + 13..];
                let what = &what[..what.find('"').unwrap_or(0)];
                assert!(
                    formats::ACCEPT_NAMES.iter().any(|(n, _)| *n == what),
                    "{name}: data-accept={what:?}"
                );
                assert!(
                    html.contains("src=\"js/formats.js\""),
                    "{name} does not load js/formats.js"
                );
                inputs += 1;
            }
        }
    }
    // index, journeys, insights, clv: one each; annotate and classroom: two each.
    assert_eq!(inputs, 8);
}

#[test]
fn the_command_line_prints_the_table() {
    let args = vec!["formats".to_string()];
    let text = touchpoints::cli::run(&args).expect("formats");
    assert_eq!(text.lines().count(), formats::FORMATS.len());
    let vtt = text.lines().find(|l| l.contains(".vtt")).expect("WebVTT row");
    assert!(vtt.starts_with("annotations") && vtt.ends_with("WebVTT"), "{vtt}");
}
