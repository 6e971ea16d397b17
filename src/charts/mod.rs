//! Charts as SVG strings, built by the core so the page, the widget and the
//! command line draw the same chart. `svg` holds the writer and palette;
//! each chart family has its own file.

#[cfg(feature = "journeys")]
pub mod attribution;
pub mod bars;
#[cfg(feature = "value-sheet")]
pub mod benefit_cost_bars;
#[cfg(feature = "classroom")]
pub mod classroom;
#[cfg(feature = "clv")]
pub mod clv;
pub mod diverging_bars;
pub mod engagement;
#[cfg(feature = "journeys")]
pub mod funnel;
#[cfg(feature = "journeys")]
pub mod heatmap;
#[cfg(feature = "journeys")]
pub mod journey_map;
pub mod overview;
pub mod palette;
pub mod pareto_curve;
#[cfg(feature = "journeys")]
pub mod sankey;
pub mod svg;
pub mod timeline;
#[cfg(feature = "value-sheet")]
pub mod value_map;
