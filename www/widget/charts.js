// Generated from src/analysis.rs (`Charts::NAMES`) by `cargo run --example charts_js`;
// do not edit (tests/charts.rs fails while they differ). The chart names, as in the
// widget's `chart` attribute, with the key of the core's `charts()`.
export const CHARTS = {
  "by-kind": "by_kind",
  "by-owner": "by_owner",
  "by-stage": "by_stage",
  "by-media": "by_media",
  "by-direction": "by_direction",
  "top-touchpoints": "top_touchpoints",
  "timeline": "timeline",
  "engagement": "engagement",
  "rfm": "rfm",
  "lifecycle": "lifecycle",
  "satisfaction": "satisfaction",
  "pareto": "pareto",
  "funnel": "funnel",
  "funnel-flow": "funnel_flow",
  "funnel-time": "funnel_time",
  "paths": "paths",
  "transitions": "transitions",
  "journey-map": "journey_map",
  "attribution": "attribution",
  "attribution-value": "attribution_value",
};
// The charts only the journeys core draws (the basic core leaves them out).
export const JOURNEY_CHARTS = new Set(["funnel", "funnel-flow", "funnel-time", "paths", "transitions", "journey-map", "attribution", "attribution-value"]);
// The charts of a funnel, which take the widget's `steps`.
export const FUNNEL_CHARTS = new Set(["funnel", "funnel-flow", "funnel-time"]);
