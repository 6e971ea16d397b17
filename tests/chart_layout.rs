//! Chart layout: count axes have whole-number ticks, and no two labels of a
//! chart overlap or leave the drawing. Text extents come from the core's
//! own layout (`charts::svg::text_box`), read back from every `<text>` of the
//! SVG the page, the widget and the PNG export show.

use touchpoints::analysis::Analysis;
use touchpoints::charts::benefit_cost_bars::benefit_cost_chart;
use touchpoints::charts::svg::{count_ticks, text_box, TextBox, Ticks};
use touchpoints::charts::value_map::value_map_chart;
use touchpoints::ingest::IngestOptions;
use touchpoints::open::analyse_file;
use touchpoints::taxonomy;

/// One `<text>` of an SVG: its content and its box.
#[derive(Debug)]
struct Label {
    text: String,
    area: TextBox,
}

/// The viewBox size and every unrotated text of `svg`.
fn labels(svg: &str) -> ((f64, f64), Vec<Label>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name.as_bytes())
            .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
    };
    let mut size = (0.0, 0.0);
    let mut out = Vec::new();
    // (x, y, anchor, font size, bold, text so far, inside a <title>)
    let mut open: Option<(f64, f64, String, f64, bool, String)> = None;
    let mut in_title = false;
    loop {
        match reader.read_event().expect("well-formed SVG") {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"svg" => {
                let view = attr(&e, "viewBox").unwrap_or_default();
                let v: Vec<f64> = view.split(' ').filter_map(|n| n.parse().ok()).collect();
                size = (v[2], v[3]);
            }
            Event::Start(e) if e.name().as_ref() == b"text" => {
                if attr(&e, "transform").is_some() {
                    continue; // a rotated axis caption
                }
                let num = |n: &str| attr(&e, n).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
                open = Some((
                    num("x"),
                    num("y"),
                    attr(&e, "text-anchor").unwrap_or_else(|| "start".into()),
                    attr(&e, "font-size").and_then(|v| v.parse().ok()).unwrap_or(12.0),
                    attr(&e, "font-weight").is_some(),
                    String::new(),
                ));
            }
            Event::Start(e) if e.name().as_ref() == b"title" => in_title = true,
            Event::End(e) if e.name().as_ref() == b"title" => in_title = false,
            Event::Text(t) if !in_title => {
                if let Some(o) = open.as_mut() {
                    o.5.push_str(&t.unescape().expect("text"));
                }
            }
            Event::End(e) if e.name().as_ref() == b"text" => {
                if let Some((x, y, anchor, size, bold, text)) = open.take() {
                    let area = text_box(x, y, &anchor, size, bold, &text);
                    out.push(Label { text, area });
                }
            }
            _ => {}
        }
    }
    (size, out)
}

/// No two labels of `svg` overlap, and every label is inside the drawing.
fn check_layout(name: &str, svg: &str) {
    let ((w, h), labels) = labels(svg);
    assert!(!labels.is_empty(), "{name}: no labels");
    for (i, a) in labels.iter().enumerate() {
        let b = &a.area;
        assert!(
            b.x0 >= -0.5 && b.x1 <= w + 0.5 && b.y0 >= -0.5 && b.y1 <= h + 0.5,
            "{name}: {:?} leaves the {w}×{h} drawing: {b:?}",
            a.text
        );
        for other in &labels[i + 1..] {
            assert!(
                !a.area.intersects(&other.area),
                "{name}: {:?} {:?} overlaps {:?} {:?}",
                a.text,
                a.area,
                other.text,
                other.area
            );
        }
    }
}

/// The numbers written on the axes and bars of a count chart are whole.
fn check_whole_numbers(name: &str, svg: &str) {
    let (_, labels) = labels(svg);
    for l in labels {
        let t = l.text.replace(',', "");
        if t.parse::<f64>().is_ok() {
            assert!(!t.contains('.'), "{name}: fractional count {:?}", l.text);
        }
    }
}

fn analyse(name: &str, bytes: &[u8], preset: &str) -> Analysis {
    analyse_file(name, bytes, &IngestOptions::default(), taxonomy::preset(preset).expect("preset"))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn sample(name: &str, preset: &str) -> Analysis {
    let path = format!("{}/www/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    analyse(name, &std::fs::read(&path).expect("sample"), preset)
}

fn check_ticks(max: f64, want: Ticks) {
    assert_eq!(count_ticks(max, 5), want, "ticks for {max}");
}

#[test]
fn count_axes_take_whole_steps() {
    let t = |step: f64, intervals: usize| Ticks { step, intervals };
    check_ticks(0.0, t(1.0, 1));
    check_ticks(1.0, t(1.0, 1));
    check_ticks(3.0, t(1.0, 3)); // not 0, 0.75, 1.5, 2.25, 3
    check_ticks(5.0, t(1.0, 5));
    check_ticks(6.0, t(2.0, 3));
    check_ticks(7.0, t(2.0, 4));
    check_ticks(9.0, t(2.0, 5)); // not 0, 2.5, 5, 7.5, 10
    check_ticks(11.0, t(5.0, 3));
    check_ticks(15.0, t(5.0, 3)); // not 3.75
    check_ticks(51.0, t(20.0, 3));
    check_ticks(99.0, t(20.0, 5));
    check_ticks(180.0, t(50.0, 4));
    check_ticks(1234.0, t(250.0, 5));
    check_ticks(f64::NAN, t(1.0, 1));
    for max in 1..=2000 {
        let ticks = count_ticks(max as f64, 5);
        assert!(ticks.step.fract() == 0.0 && ticks.max() >= max as f64 && ticks.intervals <= 5);
    }
}

#[test]
fn count_charts_show_whole_numbers() {
    for (file, preset) in [("hotel-journeys.csv", "hotel"), ("retail-journeys.csv", "retail")] {
        let c = sample(file, preset).charts();
        for (name, svg) in [
            ("by_kind", &c.by_kind),
            ("by_owner", &c.by_owner),
            ("by_stage", &c.by_stage),
            ("top_touchpoints", &c.top_touchpoints),
        ] {
            check_whole_numbers(&format!("{file}/{name}"), svg);
        }
        for (name, svg) in [("engagement", &c.engagement), ("lifecycle", &c.lifecycle)] {
            check_whole_numbers(&format!("{file}/{name}"), svg.as_deref().expect(name));
        }
    }
}

#[test]
fn no_label_overlaps_another_on_the_samples() {
    for (file, preset) in [
        ("hotel-journeys.csv", "hotel"),
        ("retail-journeys.csv", "retail"),
        ("transactions.csv", "generic"),
        ("attribution-paths.csv", "retail"),
        ("demo-journey.key.vtt", "retail"),
        ("bad-rows.csv", "hotel"),
    ] {
        let charts = serde_json::to_value(sample(file, preset).charts()).expect("charts");
        for (name, svg) in charts.as_object().expect("map") {
            check_layout(&format!("{file}/{name}"), svg.as_str().expect("svg"));
        }
    }
}

#[test]
fn a_short_range_timeline_keeps_its_time_labels_apart() {
    // Two hours, then ten minutes, then a few seconds: the end labels used to run into the next.
    for csv in [
        "journey,time,touchpoint\nA,2026-03-02T09:15:00+01:00,Newsletter\nA,2026-03-02T10:40:00+01:00,Web shop\nB,2026-03-02T11:15:30+01:00,Checkout\n",
        "journey,time,touchpoint\nA,2026-03-02T09:15:00Z,Newsletter\nB,2026-03-02T09:25:10Z,Checkout\n",
        "journey,time,touchpoint\nA,2026-03-02T23:59:58Z,Newsletter\nB,2026-03-03T00:00:03Z,Checkout\n",
        "journey,time,touchpoint\nA,2026-03-02T09:15:00Z,Newsletter\n",
    ] {
        let c = analyse("short.csv", csv.as_bytes(), "generic").charts();
        check_layout(csv, &c.timeline);
        assert!(c.timeline.contains("UTC"), "{csv}: the axis says its times are UTC");
    }
}

#[test]
fn band_names_keep_clear_of_the_bar_counts() {
    // Twelve customers scoring 40–50: their bar reaches the top of the plot, under "hot ≥ 40".
    let mut csv = String::from("journey,time,touchpoint,channel\n");
    for c in 0..12 {
        let touches = ["Online review", "Store visit", "Service chat", "Web shop", "Checkout"];
        for (i, tp) in touches.iter().enumerate() {
            csv.push_str(&format!("C{c:02},2026-03-0{}T10:00:00Z,{tp},ch{i}\n", i + 1));
        }
    }
    csv.push_str("D1,2026-03-01T10:00:00Z,Newsletter,email\n");
    let a = analyse("bands.csv", csv.as_bytes(), "generic");
    assert_eq!(a.report.engagement.as_ref().map(|e| e.histogram[4]), Some(12));
    let svg = a.charts().engagement.expect("engagement chart");
    assert!(svg.contains("hot ≥ 40"), "{svg}");
    check_layout("engagement", &svg);
}

#[test]
fn the_fair_value_note_keeps_clear_of_offer_names() {
    let path = format!("{}/www/samples/value-hotels.csv", env!("CARGO_MANIFEST_DIR"));
    let sheets = [
        std::fs::read_to_string(path).expect("sample"),
        // The market's ratio is 1, and an offer sits where the line leaves the plot.
        "criterion,side,category,weight,Ours,Long-named competitor at the line's end,C\nQ,benefit,product,1,5,10,2\nP,cost,monetary,1,5,10,2\n".into(),
        // Offers on top of each other.
        "criterion,side,category,weight,Alpha,Beta,Gamma,Delta\nQ,benefit,product,1,4,4,4.1,2\nP,cost,monetary,1,3,3,3.1,1\n".into(),
    ];
    for text in &sheets {
        let sheet = touchpoints::value::read_value_sheet("s.csv", text.as_bytes()).expect("sheet");
        let report = touchpoints::value::perceived_value(&sheet);
        check_layout("value map", &value_map_chart(&report));
        check_layout("benefit and cost", &benefit_cost_chart(&report));
    }
}

#[test]
fn long_names_are_cut_to_fit_with_the_whole_name_as_tooltip() {
    let name = "Personal shopping appointment with a stylist in the flagship store";
    let journey = "Customer 4711 (loyalty member since 2019 in Amsterdam)";
    let csv = format!(
        "journey,time,touchpoint\n{journey},2026-03-02,{name}\n{journey},2026-03-03,Newsletter\n"
    );
    let c = analyse("long.csv", csv.as_bytes(), "retail").charts();
    for (svg, long) in [(&c.top_touchpoints, name), (&c.timeline, journey)] {
        check_layout("long names", svg);
        assert!(svg.contains(&format!("<title>{long}</title>")), "{svg}");
        assert!(!svg.contains(&format!("{long}</text>")), "{svg}");
    }
}

#[test]
fn the_funnel_charts_keep_their_labels_apart() {
    for (file, preset, steps) in [
        ("retail-journeys.csv", "retail", "Instagram ad, Website visit, Online order, Delivery"),
        (
            "retail-journeys.csv",
            "retail",
            "stage = pre-purchase, stage = purchase, stage = post-purchase",
        ),
        (
            "hotel-journeys.csv",
            "hotel",
            "stage = pre-purchase, stage = purchase, stage = post-purchase",
        ),
        ("demo-journey.key.vtt", "retail", "Instagram ad, Store window?, Checkout"),
    ] {
        let mut a = sample(file, preset);
        a.set_funnel(Some(
            touchpoints::journeys::FunnelSpec::from_step_list(steps).expect("steps"),
        ))
        .expect("funnel");
        let c = a.charts();
        for (name, svg) in
            [("funnel", c.funnel), ("funnel_flow", c.funnel_flow), ("funnel_time", c.funnel_time)]
        {
            check_layout(&format!("{file}: {steps}/{name}"), &svg.expect(name));
        }
    }
}
