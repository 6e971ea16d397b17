//! Every chart of the report: an SVG with a title and a text alternative,
//! no inline style (a strict Content-Security-Policy refuses them), labels
//! escaped, and well-formed XML.

use touchpoints::ingest::IngestOptions;
use touchpoints::open::analyse_file;
use touchpoints::taxonomy;

fn check(name: &str, svg: &str) {
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{name}: not an svg");
    assert!(svg.contains("<title") && svg.contains("<desc"), "{name}: no title or description");
    assert!(!svg.contains("style="), "{name}: inline style");
    let mut reader = quick_xml::Reader::from_str(svg);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name}: not well-formed: {e}"),
        }
    }
}

#[test]
fn every_chart_is_accessible_csp_safe_and_well_formed() {
    for (file, preset) in [
        ("retail-journeys.csv", "retail"),
        ("transactions.csv", "generic"),
        ("demo-journey.key.vtt", "retail"),
    ] {
        let path = format!("{}/www/samples/{file}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).expect("sample");
        let a = analyse_file(
            &path,
            &bytes,
            &IngestOptions::default(),
            taxonomy::preset(preset).unwrap(),
        )
        .unwrap();
        let charts = serde_json::to_value(a.charts()).unwrap();
        for (name, svg) in charts.as_object().unwrap() {
            check(&format!("{file}/{name}"), svg.as_str().unwrap());
        }
    }
}

#[test]
fn hostile_labels_are_text() {
    let bytes = b"journey,time,touchpoint\n<b>j</b>,2026-01-01,<img src=x onerror=alert(1)>\n";
    let a = analyse_file(
        "x.csv",
        bytes,
        &IngestOptions::default(),
        taxonomy::preset("generic").unwrap(),
    )
    .unwrap();
    let charts = a.charts();
    for svg in [&charts.top_touchpoints, &charts.timeline] {
        check("hostile", svg);
        assert!(svg.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!svg.contains("<img"));
    }
}
