//! Charts as SVG strings, built by the core so the page, the widget and the
//! command line draw the same chart. `svg` holds the writer and palette;
//! each chart family has its own file.

pub mod bars;
pub mod benefit_cost_bars;
pub mod classroom;
pub mod diverging_bars;
pub mod engagement;
pub mod overview;
pub mod pareto_curve;
pub mod svg;
pub mod timeline;
pub mod value_map;
