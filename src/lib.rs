//! Touchpoints: customer-journey analytics that run entirely in the browser.
//!
//! Read input bytes into a [`model::Dataset`] (journey events) or
//! [`model::Annotations`] (video marks), classify every touch point with
//! readable rules, and build a serializable report with SVG charts. The same
//! core serves the web page (through `src/wasm.rs`, the only JavaScript
//! facade), the widget and the command line.

pub mod analysis;
#[cfg(feature = "annotations")]
pub mod annotations;
#[cfg(feature = "journeys")]
pub mod attribution;
pub mod charts;
#[cfg(feature = "classroom")]
pub mod classroom;
#[cfg(all(
    feature = "annotations",
    feature = "classroom",
    feature = "value-sheet",
    feature = "clv"
))]
pub mod cli;
#[cfg(feature = "clv")]
pub mod clv;
pub mod counts;
pub mod csv_cell;
pub mod dataset;
pub mod engagement;
pub mod error;
pub mod formats;
pub mod ingest;
#[cfg(feature = "journeys")]
pub mod journeys;
pub mod model;
pub mod number;
pub mod open;
pub mod report;
pub mod sniff;
pub mod sort;
pub mod taxonomy;
pub mod text;
pub mod time;
pub mod value;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, ErrorKind, Result};
