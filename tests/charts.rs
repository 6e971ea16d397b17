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

#[test]
fn the_stylesheet_is_the_core_palette_and_no_page_redefines_it() {
    use touchpoints::charts::palette;
    let css_dir = format!("{}/www/css", env!("CARGO_MANIFEST_DIR"));
    let charts_css = std::fs::read_to_string(format!("{css_dir}/charts.css")).expect("charts.css");
    assert_eq!(
        charts_css,
        palette::stylesheet(),
        "www/css/charts.css differs from src/charts/palette.rs: run `cargo run --example palette_css`"
    );
    // Every other stylesheet (pages and widget) uses the palette's properties and never sets them.
    let names: Vec<String> = palette::all().map(|s| format!("--tp-{}:", s.name)).collect();
    for dir in [css_dir.clone(), format!("{}/www/widget", env!("CARGO_MANIFEST_DIR"))] {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "css") || path.ends_with("charts.css") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("css");
            let no_space: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            for name in &names {
                // The widget's themes (dark, auto, print) may set text, muted, grid and unclassified.
                let theme = (path.ends_with("widget.css") || path.ends_with("print.css"))
                    && ["--tp-text:", "--tp-muted:", "--tp-grid:", "--tp-unclassified:"]
                        .contains(&name.as_str());
                assert!(theme || !no_space.contains(name.as_str()), "{path:?} sets {name}");
            }
        }
    }
    // The annotator's kind colours (pills, counts, the strip) are the charts' kind colours.
    let annotate = std::fs::read_to_string(format!("{css_dir}/annotate.css")).expect("css");
    for kind in touchpoints::model::Kind::ALL {
        let want = format!("--k-{k}: var(--tp-kind-{k});", k = kind.key());
        assert!(annotate.contains(&want), "annotate.css lacks {want}");
    }
}

#[test]
fn bars_are_coloured_by_the_kind_each_event_got() {
    // No generic rule names "Concierge"; the data's kind column says what it is.
    let csv = b"journey,time,touchpoint,kind\n\
        A,2026-03-02,Concierge,actual experience\n\
        B,2026-03-02,Concierge,actual experience\n\
        C,2026-03-02,Concierge,\n\
        A,2026-03-03,Newsletter,\n";
    let a =
        analyse_file("k.csv", csv, &IngestOptions::default(), taxonomy::preset("generic").unwrap())
            .unwrap();
    let concierge = a.report.by_touchpoint.iter().find(|t| t.touchpoint == "Concierge").unwrap();
    assert_eq!(concierge.classes.kind, None, "no rule decides it");
    assert_eq!(concierge.by_kind.get("actual-experience"), Some(&2));
    assert_eq!(concierge.by_kind.get("unclassified"), Some(&1));
    // What the top touch points split by kind sums to what the by-kind chart counts.
    for k in &a.report.by_kind {
        let sum: u64 = a.report.by_touchpoint.iter().filter_map(|t| t.by_kind.get(k.class)).sum();
        assert_eq!(sum, k.events, "{}", k.class);
    }
    let svg = a.charts().top_touchpoints;
    assert!(
        svg.contains(r#"class="fill-tp-kind-actual-experience"><title>Concierge · actual experience: 2 of 3 events</title>"#),
        "{svg}"
    );
    assert!(a.charts().by_kind.contains("fill-tp-kind-actual-experience"));
}

/// The colours that carry a class (the four kinds, the first four series, which colour
/// the classes of owner, stage, media and direction, and "unclassified") keep a WCAG
/// non-text contrast of at least 3:1 (1.4.11) on the light and on the dark theme; the
/// dark theme's own overrides in widget.css count for it.
#[test]
fn class_colours_keep_a_three_to_one_contrast_on_light_and_dark_themes() {
    use touchpoints::charts::palette;
    let widget =
        std::fs::read_to_string(format!("{}/www/widget/widget.css", env!("CARGO_MANIFEST_DIR")))
            .expect("widget.css");
    let dark_block = widget
        .split(":host([theme=\"dark\"])")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .expect("widget.css has a dark theme");
    let dark_override = |name: &str| -> Option<String> {
        let prop = format!("--tp-{name}:");
        let at = dark_block.find(&prop)? + prop.len();
        Some(dark_block[at..].split(';').next()?.trim().to_string())
    };
    let carriers: Vec<&palette::Swatch> = palette::KINDS
        .iter()
        .chain(palette::SERIES.iter().take(4))
        .chain(palette::NAMED.iter().filter(|s| s.name == "unclassified"))
        .collect();
    let mut low = Vec::new();
    for (theme, background) in palette::BACKGROUNDS {
        for s in &carriers {
            let colour = if theme == "dark" {
                dark_override(s.name).unwrap_or_else(|| s.hex.to_string())
            } else {
                s.hex.to_string()
            };
            let ratio = palette::contrast(&colour, background).expect("#rrggbb colours");
            if ratio < 3.0 {
                low.push(format!(
                    "{theme}: --tp-{} {colour} on {background} is {ratio:.2}:1",
                    s.name
                ));
            }
        }
    }
    assert!(low.is_empty(), "class colours below 3:1: {low:#?}");
    // The formula itself, on known pairs: black on white is 21:1, a colour on itself 1:1.
    assert!((palette::contrast("#000000", "#ffffff").expect("hex") - 21.0).abs() < 1e-9);
    assert!((palette::contrast("#0072B2", "#0072B2").expect("hex") - 1.0).abs() < 1e-9);
    assert!((palette::contrast("#0072B2", "#ffffff").expect("hex") - 5.19).abs() < 0.01);
    assert_eq!(palette::contrast("red", "#ffffff"), None);
}

/// `Charts::NAMES` is the one list of charts: it names every field of
/// `Charts` in order (a field added without a name fails here; the literal
/// below stops compiling when a field is added), and the widget's
/// `www/widget/charts.js` is generated from it.
#[test]
fn the_chart_names_are_the_charts_and_the_widget_reads_them() {
    use touchpoints::analysis::Charts;
    let some = || Some(String::new());
    let every = Charts {
        by_kind: String::new(),
        by_owner: String::new(),
        by_stage: String::new(),
        by_media: String::new(),
        by_direction: String::new(),
        top_touchpoints: String::new(),
        timeline: String::new(),
        engagement: some(),
        rfm: some(),
        lifecycle: some(),
        satisfaction: some(),
        pareto: some(),
        funnel: some(),
        funnel_flow: some(),
        funnel_time: some(),
        paths: some(),
        transitions: some(),
        journey_map: some(),
        attribution: some(),
        attribution_value: some(),
    };
    let keys: Vec<String> =
        serde_json::to_value(&every).unwrap().as_object().unwrap().keys().cloned().collect();
    let named: Vec<String> = Charts::NAMES.iter().map(|n| Charts::key(n)).collect();
    let (mut keys_sorted, mut named_sorted) = (keys.clone(), named.clone());
    keys_sorted.sort();
    named_sorted.sort();
    assert_eq!(keys_sorted, named_sorted, "Charts::NAMES and the fields of Charts differ");
    assert_eq!(Charts::key("funnel-flow"), "funnel_flow");
    // The charts the widget loads the journeys core for, and those that take `steps`.
    let journeys = ["funnel", "funnel-flow", "funnel-time", "paths", "transitions"];
    let journeys = [&journeys[..], &["journey-map", "attribution", "attribution-value"]].concat();
    assert_eq!(Charts::JOURNEY_NAMES, journeys);
    assert_eq!(Charts::FUNNEL_NAMES, ["funnel", "funnel-flow", "funnel-time"]);

    let path = format!("{}/www/widget/charts.js", env!("CARGO_MANIFEST_DIR"));
    let module = std::fs::read_to_string(&path).expect("www/widget/charts.js");
    assert_eq!(
        module,
        Charts::module_js(),
        "www/widget/charts.js differs from Charts::NAMES: run `cargo run --example charts_js`"
    );
    assert!(module.contains("  \"by-kind\": \"by_kind\",\n"));
    // The widget's TypeScript declaration names the same charts.
    let dts =
        std::fs::read_to_string(format!("{}/www/widget/index.d.ts", env!("CARGO_MANIFEST_DIR")))
            .expect("index.d.ts");
    let union = dts.split("type TouchpointsChartName =").nth(1).and_then(|t| t.split(';').next());
    let mut declared: Vec<&str> =
        union.expect("TouchpointsChartName").split('"').skip(1).step_by(2).collect();
    let mut names = Charts::NAMES.to_vec();
    declared.sort();
    names.sort();
    assert_eq!(
        declared, names,
        "www/widget/index.d.ts's TouchpointsChartName is not Charts::NAMES"
    );
    // No page or widget file keeps its own list.
    for dir in ["www/widget", "www/js"] {
        for entry in std::fs::read_dir(format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"))).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "js") || path.ends_with("charts.js") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(!text.contains("\"by-kind\": \"by_kind\""), "{path:?} lists the charts itself");
        }
    }
}

/// Every chart a rich sample draws has a name in the list.
#[test]
fn every_drawn_chart_has_a_name() {
    use touchpoints::analysis::Charts;
    let path = format!("{}/www/samples/retail-journeys.csv", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("sample");
    let a =
        analyse_file(&path, &bytes, &IngestOptions::default(), taxonomy::preset("retail").unwrap())
            .unwrap();
    let charts = serde_json::to_value(a.charts()).unwrap();
    let named: Vec<String> = Charts::NAMES.iter().map(|n| Charts::key(n)).collect();
    assert!(charts.as_object().unwrap().len() > 7);
    for key in charts.as_object().unwrap().keys() {
        assert!(named.contains(key), "{key} is drawn but has no name in Charts::NAMES");
    }
}

/// Only `src/charts/` draws, and the arrows run one way: no analysis imports
/// the charts, and no chart imports the report or the analysis session above it.
#[test]
fn only_the_charts_draw_and_they_import_nothing_above_them() {
    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (dir, forbidden) in [
        ("value", &["crate::charts", "<svg"][..]),
        ("engagement", &["crate::charts", "<svg"][..]),
        ("journeys", &["crate::charts", "<svg"][..]),
        ("attribution", &["crate::charts", "<svg"][..]),
        ("classroom", &["crate::charts", "<svg"][..]),
        ("clv", &["crate::charts", "<svg"][..]),
        ("charts", &["crate::report", "crate::analysis", "crate::wasm", "crate::cli"][..]),
    ] {
        let mut files = Vec::new();
        rust_files(&src.join(dir), &mut files);
        assert!(!files.is_empty(), "{dir}");
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            for word in forbidden {
                assert!(!text.contains(word), "{path:?} uses {word}");
            }
        }
    }
}
