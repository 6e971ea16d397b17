//! The journeys charts (funnel, time histogram, Sankeys, transition heat map,
//! journey map): a title and a text alternative that states the numbers,
//! labels escaped, no inline styles (CSP-safe), and no panic on empty data.

use touchpoints::analysis::Analysis;
use touchpoints::charts::{funnel as funnel_charts, heatmap, journey_map as map_chart, sankey};
use touchpoints::ingest::IngestOptions;
use touchpoints::journeys::{
    funnel, journey_map, paths, FunnelSpec, MapSettings, PathSettings, Source,
};
use touchpoints::taxonomy;

const HOSTILE: &str = "journey,time,touchpoint,rating,expectation\n\
    J1,2026-01-01T00:00:00Z,<b>Ad</b> & co,,\n\
    J1,2026-01-01T00:05:00Z,\"Visit \"\"now\"\"\",4,3\n\
    J2,2026-01-01T00:00:00Z,<b>Ad</b> & co,,\n\
    J2,2026-01-01T01:00:00Z,Leave,1,4\n";

fn analysis(csv: &str) -> Analysis {
    Analysis::from_bytes(
        csv.as_bytes(),
        &IngestOptions::default(),
        taxonomy::preset("retail").unwrap(),
    )
    .unwrap()
}

fn check(svg: &str, contains: &[&str]) {
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
    assert!(svg.contains("<title id=") && svg.contains("<desc id="), "title and text alternative");
    assert!(!svg.contains("style="), "no inline style");
    assert!(!svg.contains("<b>"), "labels escaped");
    for c in contains {
        assert!(svg.contains(c), "expected {c:?} in {svg}");
    }
}

#[test]
fn every_journeys_chart_has_a_title_a_text_alternative_and_escaped_labels() {
    let a = analysis(HOSTILE);
    let source = Source::new(&a.dataset, &a.classification);
    let spec = FunnelSpec::from_json(
        r#"{"steps": [{"touchpoint": "<b>Ad</b> & co"}, {"touchpoint": "Visit \"now\""}]}"#,
    )
    .unwrap();
    let f = funnel(source, &spec).unwrap();
    check(
        &funnel_charts::funnel_chart("f", &f),
        &[
            "&lt;b&gt;Ad&lt;/b&gt; &amp; co",
            "step 2 Visit &quot;now&quot;: 1 journeys (50% of the start",
        ],
    );
    check(
        &funnel_charts::time_histogram("t", &f, 2),
        &[
            "Time from step 1 to step 2: median 5 minutes",
            "to step 2 (Visit &quot;now&quot;)",
            "1–10 min: 1",
        ],
    );
    check(
        &sankey::funnel_sankey("s", &f),
        &["&lt;b&gt;Ad&lt;/b&gt; &amp; co → Visit &quot;now&quot; 1", "then Leave"],
    );
    let p = paths(source, &PathSettings::default()).unwrap();
    check(
        &sankey::paths_sankey("p", &p),
        &[
            "Paths of 2 journeys, from the start of each journey",
            "Step 1: &lt;b&gt;Ad&lt;/b&gt; &amp; co 2",
        ],
    );
    check(
        &heatmap::transition_heatmap("h", "Transitions", &p.matrix),
        &["from &lt;b&gt;Ad&lt;/b&gt; &amp; co (2 journeys)"],
    );
    let m = journey_map(
        source,
        &MapSettings::default(),
        &a.settings.satisfaction,
        &a.settings.engagement,
    )
    .unwrap();
    check(
        &map_chart::journey_map_chart("m", &m),
        &["Customer journey map: all journeys (2 journeys)", "Pain points: Leave", "pain: Leave"],
    );
}

#[test]
fn charts_of_a_funnel_nobody_enters_and_of_empty_paths_do_not_panic() {
    let a = analysis("journey,time,touchpoint\nJ1,2026-01-01T00:00:00Z,A\n");
    let source = Source::new(&a.dataset, &a.classification);
    let f = funnel(source, &FunnelSpec::from_step_list("X, Y").unwrap()).unwrap();
    check(&funnel_charts::funnel_chart("f", &f), &["0 of 0 journeys complete"]);
    check(&sankey::funnel_sankey("s", &f), &["no journeys"]);
    let p =
        paths(source, &PathSettings { from: Some("X".into()), ..PathSettings::default() }).unwrap();
    check(&sankey::paths_sankey("p", &p), &["no journeys"]);
    let m = journey_map(
        source,
        &MapSettings::default(),
        &a.settings.satisfaction,
        &a.settings.engagement,
    )
    .unwrap();
    check(&map_chart::journey_map_chart("m", &m), &["Customer journey map"]);
}
