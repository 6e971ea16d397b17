//! One analysis of one input: the dataset, the rules, every event's classes
//! and the report, kept together so rules can change without re-reading the
//! file. The wasm facade, the worker and the command line all use this.

#[cfg(feature = "journeys")]
use crate::attribution::{self, AttributionSettings};
#[cfg(feature = "journeys")]
use crate::charts::attribution::{attribution_chart, Metric};
use crate::charts::engagement::{engagement_histogram, lifecycle_bars, rfm_grid};
use crate::charts::overview::{dimension_chart, top_touchpoints_chart};
use crate::charts::timeline::timeline_chart;
use crate::dataset::Measure;
use crate::engagement::{
    self, CustomerEngagement, EngagementReport, EngagementRows, EngagementSettings,
    LifecycleSettings, RfmSettings,
};
use crate::error::Result;
use crate::ingest::{self, IngestOptions};
use crate::model::{Classes, Dataset};
use crate::report::{self, Report};
use crate::taxonomy::{self, Classification, Rule, RuleSet};
use crate::time::format_time;
use crate::value::{self, CustomerValueSettings, SatisfactionSettings};
use serde::{Deserialize, Serialize};

/// A dataset analysed with a rule set.
pub struct Analysis {
    pub dataset: Dataset,
    pub rule_set: RuleSet,
    pub rules: Vec<Rule>,
    pub classification: Classification,
    pub settings: AnalysisSettings,
    /// The report. Its engagement lists no customer: their rows are
    /// [`Analysis::engagement_rows`] (built on demand), as the per-journey rows
    /// are served apart ([`Analysis::full_report`] lists both).
    pub report: Report,
    /// Every customer's engagement, compact (see [`EngagementRows`]).
    pub engagement_rows: EngagementRows,
    /// Every engagement row, built on the first page of the customer table.
    all_engagement: std::sync::OnceLock<Vec<CustomerEngagement>>,
}

/// Settings of the analyses beyond counting, each with documented defaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalysisSettings {
    pub engagement: EngagementSettings,
    pub rfm: RfmSettings,
    pub lifecycle: LifecycleSettings,
    pub satisfaction: SatisfactionSettings,
    pub customer_value: CustomerValueSettings,
    /// Customer lifetime value (docs/clv.md): the report's `clv` key is filled
    /// when this is set (off by default, so reading a big journey file is not
    /// slowed by model fitting; the CLV page and `touchpoints clv` always fit).
    #[cfg(feature = "clv")]
    pub clv: Option<crate::clv::ClvSettings>,
    /// A funnel to run (none by default).
    #[cfg(feature = "journeys")]
    pub funnel: Option<crate::journeys::FunnelSpec>,
    #[cfg(feature = "journeys")]
    pub paths: crate::journeys::PathSettings,
    #[cfg(feature = "journeys")]
    pub journey_map: crate::journeys::MapSettings,
    #[cfg(feature = "journeys")]
    pub attribution: AttributionSettings,
}

/// Builds the full report: counts, then engagement, RFM, lifecycle,
/// satisfaction and customer value where the data allows. The per-journey and
/// per-customer engagement rows are served apart (see [`Analysis::full_report`]).
fn full_report(
    dataset: &Dataset,
    classification: &Classification,
    rules: &[Rule],
    name: &str,
    settings: &AnalysisSettings,
) -> (Report, EngagementRows) {
    let mut report = report::summary(dataset, classification, rules, name);
    let (scores, rows) =
        engagement::engagement_scores(dataset, classification, &settings.engagement);
    report.engagement = Some(scores);
    report.rfm = engagement::rfm(dataset, &settings.rfm);
    report.lifecycle = engagement::lifecycle(dataset, &settings.lifecycle);
    report.satisfaction = value::satisfaction(dataset, classification, &settings.satisfaction);
    report.customer_value = value::customer_value(dataset, &settings.customer_value);
    #[cfg(feature = "clv")]
    {
        report.clv = settings.clv.as_ref().and_then(|s| crate::clv::report_of(dataset, s));
    }
    #[cfg(feature = "journeys")]
    {
        crate::journeys::add_to_report(&mut report, dataset, classification, settings);
        report.attribution = attribution::applies(dataset)
            .then(|| attribution::analyse(dataset, classification, &settings.attribution).ok())
            .flatten();
    }
    (report, rows)
}

/// The charts of a report, as SVG strings keyed by name.
#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    pub by_kind: String,
    pub by_owner: String,
    pub by_stage: String,
    pub by_media: String,
    pub by_direction: String,
    pub top_touchpoints: String,
    pub timeline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engagement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rfm: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pareto: Option<String>,
    /// The funnel's columns, its flow (Sankey) and the time to its last step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funnel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funnel_flow: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funnel_time: Option<String>,
    /// The paths (Sankey) and the transition matrix (heat map).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transitions: Option<String>,
    /// The customer journey map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey_map: Option<String>,
    /// Attributed conversions and value by channel and model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution_value: Option<String>,
}

impl Charts {
    /// Every chart's name, as the widget's `chart` attribute spells it, in the
    /// order of [`Charts`]: the one list of charts. Its key in `Charts` (and in
    /// the facade's `charts()`) is [`Charts::key`]; the widget reads this list
    /// from `www/widget/charts.js`, written by [`Charts::module_js`].
    pub const NAMES: [&'static str; 20] = [
        "by-kind",
        "by-owner",
        "by-stage",
        "by-media",
        "by-direction",
        "top-touchpoints",
        "timeline",
        "engagement",
        "rfm",
        "lifecycle",
        "satisfaction",
        "pareto",
        "funnel",
        "funnel-flow",
        "funnel-time",
        "paths",
        "transitions",
        "journey-map",
        "attribution",
        "attribution-value",
    ];

    /// The charts only the `journeys` build draws (the widget's `pkg-journeys/`
    /// core; the basic core leaves them out): funnels, paths, the journey map
    /// and attribution, the last of [`Charts::NAMES`].
    pub const JOURNEY_NAMES: &'static [&'static str] = Charts::NAMES.split_at(12).1;

    /// The charts of a funnel, the first journey charts: the widget needs its `steps`.
    pub const FUNNEL_NAMES: &'static [&'static str] = Charts::JOURNEY_NAMES.split_at(3).0;

    /// The key of chart `name` in [`Charts`]: `by-kind` → `by_kind`.
    pub fn key(name: &str) -> String {
        name.replace('-', "_")
    }

    /// `www/widget/charts.js`, written from [`Charts::NAMES`] (`cargo run
    /// --example charts_js`; `tests/charts.rs` fails while they differ): the
    /// names the widget's `chart` attribute takes, each with its key.
    pub fn module_js() -> String {
        let mut out = String::from(
            "// Generated from src/analysis.rs (`Charts::NAMES`) by `cargo run --example charts_js`;\n\
             // do not edit (tests/charts.rs fails while they differ). The chart names, as in the\n\
             // widget's `chart` attribute, with the key of the core's `charts()`.\n\
             export const CHARTS = {\n",
        );
        for name in Charts::NAMES {
            out.push_str(&format!("  \"{name}\": \"{}\",\n", Charts::key(name)));
        }
        out.push_str("};\n");
        let set = |names: &[&str]| {
            names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
        };
        out.push_str(&format!(
            "// The charts only the journeys core draws (the basic core leaves them out).\n\
             export const JOURNEY_CHARTS = new Set([{}]);\n\
             // The charts of a funnel, which take the widget's `steps`.\n\
             export const FUNNEL_CHARTS = new Set([{}]);\n",
            set(Charts::JOURNEY_NAMES),
            set(Charts::FUNNEL_NAMES)
        ));
        out
    }
}

impl Analysis {
    /// Classifies `dataset` with `rule_set` and builds the report.
    pub fn new(dataset: Dataset, rule_set: RuleSet) -> Result<Analysis> {
        let rules = taxonomy::expand(&rule_set)?;
        let classification = taxonomy::classify(&dataset, &rules);
        let settings = AnalysisSettings::default();
        let (report, engagement_rows) =
            full_report(&dataset, &classification, &rules, &rule_set.name, &settings);
        Ok(Analysis {
            dataset,
            rule_set,
            rules,
            classification,
            settings,
            report,
            engagement_rows,
            all_engagement: Default::default(),
        })
    }

    /// Reads a journey file and analyses it with the preset `preset` (or `rules`).
    pub fn from_bytes(
        bytes: &[u8],
        options: &IngestOptions,
        rule_set: RuleSet,
    ) -> Result<Analysis> {
        Analysis::new(ingest::read(bytes, options)?, rule_set)
    }

    /// Re-classifies with other rules (the file is not read again).
    pub fn set_rules(&mut self, rule_set: RuleSet) -> Result<()> {
        let rules = taxonomy::expand(&rule_set)?;
        self.classification = taxonomy::classify(&self.dataset, &rules);
        (self.report, self.engagement_rows) = full_report(
            &self.dataset,
            &self.classification,
            &rules,
            &rule_set.name,
            &self.settings,
        );
        self.all_engagement = Default::default();
        self.rules = rules;
        self.rule_set = rule_set;
        Ok(())
    }

    /// Changes the settings of engagement, RFM, lifecycle, satisfaction and
    /// customer value, and rebuilds the report.
    pub fn set_settings(&mut self, settings: AnalysisSettings) {
        (self.report, self.engagement_rows) = full_report(
            &self.dataset,
            &self.classification,
            &self.rules,
            &self.rule_set.name,
            &settings,
        );
        self.all_engagement = Default::default();
        self.settings = settings;
    }

    /// The whole report: the summary with the rows of the first
    /// [`report::JOURNEYS_LISTED`] journeys (the command line, the JSON export).
    pub fn full_report(&self) -> Report {
        let mut r = self.report_with_customers();
        let listed = self.dataset.journey_count().min(report::JOURNEYS_LISTED);
        r.per_journey.journeys =
            report::journey_rows(&self.dataset, &self.classification, 0..listed);
        r.per_journey.truncated = listed < self.dataset.journey_count();
        r
    }

    /// Rows of the journeys `offset..offset + limit` (ids, at most 1000), for a paged table.
    pub fn journeys_page(&self, offset: usize, limit: usize) -> Vec<report::JourneyRow> {
        let end = offset.saturating_add(limit.clamp(1, 1000));
        report::journey_rows(&self.dataset, &self.classification, offset..end)
    }

    /// The report with every customer's engagement row (no per-journey rows).
    pub fn report_with_customers(&self) -> Report {
        let mut r = self.report.clone();
        r.engagement = self.engagement_with_customers();
        r
    }

    /// The engagement report with every customer's row.
    fn engagement_with_customers(&self) -> Option<EngagementReport> {
        let e = self.report.engagement.as_ref()?;
        let customers = match self.all_engagement.get() {
            Some(rows) => rows.clone(),
            None => self.engagement_page_rows(0..self.engagement_rows.len()),
        };
        Some(EngagementReport { customers, ..e.clone() })
    }

    /// The engagement rows `range` of the report's list (highest score first).
    pub fn engagement_page_rows(&self, range: std::ops::Range<usize>) -> Vec<CustomerEngagement> {
        self.engagement_rows.rows(self.dataset.journey_names(), range)
    }

    /// Every customer's engagement row, built once (for the paged, sorted and
    /// filtered customer table).
    pub fn engagement_customers(&self) -> &[CustomerEngagement] {
        self.all_engagement.get_or_init(|| self.engagement_page_rows(0..self.engagement_rows.len()))
    }

    /// Per-customer engagement, RFM and lifecycle as CSV.
    pub fn customers_csv(&self) -> String {
        engagement::customers_csv(
            self.engagement_with_customers().as_ref(),
            self.report.rfm.as_ref(),
            self.report.lifecycle.as_ref(),
        )
    }

    /// The final classes of event `i`.
    pub fn classes_of(&self, i: usize) -> Classes {
        self.classification.classes_of(&self.dataset, i)
    }

    /// The report's charts.
    pub fn charts(&self) -> Charts {
        let r = &self.report;
        #[allow(unused_mut)] // filled further only with the feature `journeys`
        let mut charts = Charts {
            by_kind: dimension_chart("by-kind", "kind", &r.by_kind, r.events),
            by_owner: dimension_chart("by-owner", "owner", &r.by_owner, r.events),
            by_stage: dimension_chart("by-stage", "stage", &r.by_stage, r.events),
            by_media: dimension_chart("by-media", "media", &r.by_media, r.events),
            by_direction: dimension_chart("by-direction", "direction", &r.by_direction, r.events),
            top_touchpoints: top_touchpoints_chart(
                "top-touchpoints",
                &r.by_touchpoint,
                r.unique_touchpoints,
                15,
            ),
            timeline: timeline_chart("timeline", &self.dataset, &self.classification),
            engagement: r.engagement.as_ref().map(engagement_histogram),
            rfm: r.rfm.as_ref().map(rfm_grid),
            lifecycle: r.lifecycle.as_ref().map(lifecycle_bars),
            satisfaction: r
                .satisfaction
                .as_ref()
                .map(crate::charts::diverging_bars::satisfaction_chart),
            pareto: r.customer_value.as_ref().map(crate::charts::pareto_curve::pareto_chart),
            funnel: None,
            funnel_flow: None,
            funnel_time: None,
            paths: None,
            transitions: None,
            journey_map: None,
            attribution: None,
            attribution_value: None,
        };
        #[cfg(feature = "journeys")]
        journey_charts(r, &mut charts);
        charts
    }

    /// Classified events as CSV (canonical columns, RFC 4180 quoting,
    /// spreadsheet formula characters neutralised).
    pub fn classified_csv(&self) -> String {
        let d = &self.dataset;
        let mut out = String::with_capacity(d.len() * 96);
        out.push_str("line,journey,time,touchpoint,channel,kind,owner,stage,media,direction,value,cost,rating,expectation,converted\n");
        let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        for j in d.journeys() {
            for i in j.range() {
                let c = self.classes_of(i);
                let time = match d.time_base() {
                    crate::model::TimeBase::Calendar => crate::time::format_iso(d.time(i)),
                    _ => format!("{:.3}", d.time(i)),
                };
                let fields = [
                    d.line(i).to_string(),
                    crate::csv_cell::guarded(j.name()),
                    time,
                    crate::csv_cell::guarded(d.touchpoint_names().name(d.touchpoint(i))),
                    crate::csv_cell::guarded(channel_name(d, i)),
                    c.kind.map(|v| v.key()).unwrap_or("").to_string(),
                    c.owner.map(|v| v.key()).unwrap_or("").to_string(),
                    c.stage.map(|v| v.key()).unwrap_or("").to_string(),
                    c.media.map(|v| v.key()).unwrap_or("").to_string(),
                    c.direction.map(|v| v.key()).unwrap_or("").to_string(),
                    num(d.measure(Measure::Value, i)),
                    num(d.measure(Measure::Cost, i)),
                    num(d.measure(Measure::Rating, i)),
                    num(d.measure(Measure::Expectation, i)),
                    d.converted(i).map(|b| b.to_string()).unwrap_or_default(),
                ];
                out.push_str(&fields.join(","));
                out.push('\n');
            }
        }
        out
    }

    /// A page of the classified events table.
    pub fn events_page(&self, query: &EventsQuery) -> EventsPage {
        let d = &self.dataset;
        let needle = filter_words(&query.filter);
        let journey_name = |i: usize| d.journey_names().name(d.journey_of(i));
        let touchpoint_name = |i: usize| d.touchpoint_names().name(d.touchpoint(i));
        let mut class_hits: std::collections::HashMap<Classes, bool> = Default::default();
        let mut rows: Vec<usize> = (0..d.len())
            .filter(|&i| {
                if needle.is_empty() {
                    return true;
                }
                let c = self.classes_of(i);
                filter_words(touchpoint_name(i)).contains(&needle)
                    || filter_words(journey_name(i)).contains(&needle)
                    || filter_words(channel_name(d, i)).contains(&needle)
                    || *class_hits.entry(c).or_insert_with(|| class_text(&c).contains(&needle))
            })
            .collect();
        let key = |i: &usize| -> (String, f64) {
            let i = *i;
            let c = self.classes_of(i);
            let time = d.time(i);
            match query.sort.as_str() {
                "journey" => (journey_name(i).to_lowercase(), time),
                "touchpoint" => (touchpoint_name(i).to_lowercase(), time),
                "channel" => (channel_name(d, i).to_lowercase(), time),
                "kind" => (c.kind.map(|v| v.key()).unwrap_or("~").to_string(), time),
                "owner" => (c.owner.map(|v| v.key()).unwrap_or("~").to_string(), time),
                "stage" => (c.stage.map(|v| v.key()).unwrap_or("~").to_string(), time),
                "media" => (c.media.map(|v| v.key()).unwrap_or("~").to_string(), time),
                "direction" => (c.direction.map(|v| v.key()).unwrap_or("~").to_string(), time),
                "time" => (String::new(), time),
                "value" => {
                    (String::new(), d.measure(Measure::Value, i).unwrap_or(f64::NEG_INFINITY))
                }
                _ => (String::new(), d.line(i) as f64),
            }
        };
        if query.sort != "line" && !query.sort.is_empty() {
            rows.sort_by(|a, b| {
                let (ka, kb) = (key(a), key(b));
                ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then(d.line(*a).cmp(&d.line(*b)))
            });
        } else {
            rows.sort_by_key(|i| d.line(*i));
        }
        if query.descending {
            rows.reverse();
        }
        let total = rows.len();
        let limit = query.limit.clamp(1, 1000);
        let page: Vec<EventRow> = rows
            .into_iter()
            .skip(query.offset)
            .take(limit)
            .map(|i| EventRow {
                line: d.line(i),
                journey: journey_name(i).to_string(),
                time: format_time(d.time_base(), d.time(i)),
                touchpoint: touchpoint_name(i).to_string(),
                channel: channel_name(d, i).to_string(),
                classes: self.classes_of(i),
                value: d.measure(Measure::Value, i),
            })
            .collect();
        EventsPage { total, offset: query.offset, rows: page }
    }
}

/// The channel name of event `i` (empty when it has none).
fn channel_name(d: &Dataset, i: usize) -> &str {
    d.channel(i).map(|c| d.channel_names().name(c)).unwrap_or("")
}

/// The events filter's view of a text: lower case, every run of other
/// characters than letters and digits one space. So "customer initiated",
/// "customer-initiated" and "Customer_Initiated" are the same words, and a
/// filter matches what the pills show (labels) and the slugs (keys) alike.
fn filter_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Every class of `c` as filter words: the five labels in dimension order
/// (what the pills show; "unclassified" when undecided), then the five keys.
fn class_text(c: &Classes) -> String {
    let classes = [
        c.kind.map(|v| (v.label(), v.key())),
        c.owner.map(|v| (v.label(), v.key())),
        c.stage.map(|v| (v.label(), v.key())),
        c.media.map(|v| (v.label(), v.key())),
        c.direction.map(|v| (v.label(), v.key())),
    ];
    let labels = classes.iter().map(|v| v.map_or("unclassified", |(label, _)| label));
    let keys = classes.iter().map(|v| v.map_or("unclassified", |(_, key)| key));
    filter_words(&labels.chain(keys).collect::<Vec<_>>().join(" "))
}

/// A request for a page of the events table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct EventsQuery {
    /// Text to find in journey, touch point, channel or class.
    pub filter: String,
    /// Column: line, journey, time, touchpoint, channel, kind, owner, stage, media, direction, value.
    pub sort: String,
    pub descending: bool,
    pub offset: usize,
    pub limit: usize,
}

impl Default for EventsQuery {
    fn default() -> EventsQuery {
        EventsQuery {
            filter: String::new(),
            sort: "line".into(),
            descending: false,
            offset: 0,
            limit: 50,
        }
    }
}

/// One row of the events table.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub line: u64,
    pub journey: String,
    pub time: String,
    pub touchpoint: String,
    pub channel: String,
    pub classes: Classes,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

/// A page of the events table.
#[derive(Debug, Clone, Serialize)]
pub struct EventsPage {
    /// Rows matching the filter.
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<EventRow>,
}

/// The funnel, paths, journey map and attribution charts of `r`, into `charts`.
#[cfg(feature = "journeys")]
fn journey_charts(r: &Report, charts: &mut Charts) {
    use crate::charts::{funnel, heatmap, journey_map, sankey};
    if let Some(f) = &r.funnel {
        charts.funnel = Some(funnel::funnel_chart("funnel", f));
        charts.funnel_flow = Some(sankey::funnel_sankey("funnel-flow", f));
        charts.funnel_time = Some(funnel::time_histogram("funnel-time", f, f.steps.len()));
    }
    if let Some(p) = &r.paths {
        charts.paths = Some(sankey::paths_sankey("paths", p));
        let title = heatmap::transitions_title(p.settings.dimension);
        charts.transitions = Some(heatmap::transition_heatmap("transitions", &title, &p.matrix));
    }
    charts.journey_map =
        r.journey_map.as_ref().map(|m| journey_map::journey_map_chart("journey-map", m));
    if let Some(a) = &r.attribution {
        charts.attribution = Some(attribution_chart("attribution", a, Metric::Conversions));
        charts.attribution_value = Some(attribution_chart("attribution-value", a, Metric::Value));
    }
}
