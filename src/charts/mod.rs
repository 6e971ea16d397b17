//! Charts as SVG strings, built by the core so the page, the widget and the
//! command line draw the same chart. `svg` holds the writer and palette;
//! each chart family has its own file.

pub mod bars;
#[cfg(feature = "value-sheet")]
pub mod benefit_cost_bars;
#[cfg(feature = "classroom")]
pub mod classroom;
pub mod diverging_bars;
pub mod engagement;
pub mod funnel;
pub mod heatmap;
pub mod journey_map;
pub mod overview;
pub mod palette;
pub mod pareto_curve;
pub mod sankey;
pub mod svg;
pub mod timeline;
#[cfg(feature = "value-sheet")]
pub mod value_map;
