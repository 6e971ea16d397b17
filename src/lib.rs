//! Touchpoints: customer-journey analytics that run entirely in the browser.
//!
//! Read input bytes into a [`model::Dataset`] (journey events) or
//! [`model::Annotations`] (video marks), classify every touch point with
//! readable rules, and build a serializable report with SVG charts. The same
//! core serves the web page (through `src/wasm.rs`, the only JavaScript
//! facade), the widget and the command line.

pub mod classroom;
pub mod error;
pub mod model;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, Result};
