//! The count rows of a report: the events of one class of a dimension, and
//! of one touch point. Plain values below both the report (`report.rs` fills
//! them) and the charts (`charts/overview.rs` draws them), so neither arrow
//! runs back up.

use crate::model::Classes;
use serde::Serialize;
use std::collections::BTreeMap;

/// One touch point's count and classes.
#[derive(Debug, Clone, Serialize)]
pub struct TouchpointCount {
    pub touchpoint: String,
    pub events: u64,
    /// Journeys that met it at least once.
    pub journeys: u64,
    /// Share of all events.
    pub share: f64,
    /// Classes from the rules (a data column may override them per event).
    pub classes: Classes,
    /// Its events by the kind each one got (a `kind` column over the rules;
    /// `unclassified` when neither decided), as the by-kind counts count them.
    pub by_kind: BTreeMap<&'static str, u64>,
    /// The first rule that matched, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// Events of one class of a dimension (or `unclassified`).
#[derive(Debug, Clone, Serialize)]
pub struct ClassCount {
    /// Stable key, e.g. `mass-communication`, or `unclassified`.
    pub class: &'static str,
    pub label: &'static str,
    pub events: u64,
    /// Share of all events (0–1).
    pub share: f64,
    /// Journeys with at least one such event.
    pub journeys: u64,
}
