//! The lifecycle's options, apart from the lifecycle itself: both the
//! lifecycle (`lifecycle.rs`) and the loyalty classes (`loyalty.rs`) read
//! them, and neither file imports the other's settings (no cycle).

use super::{AnalysisDate, PurchaseRule};
use serde::{Deserialize, Serialize};

/// Period of the lifecycle bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// Weeks starting Monday (UTC), labelled by their Monday.
    Week,
    /// Calendar months (UTC), labelled `YYYY-MM`.
    #[default]
    Month,
}

/// Lifecycle options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LifecycleSettings {
    /// Analysis date (default: the day after the last event).
    pub analysis_date: Option<AnalysisDate>,
    /// Which events are purchases (default auto).
    pub purchases: PurchaseRule,
    /// A repeat customer lapses after `lapse_k` × their usual gap (default 2).
    pub lapse_k: f64,
    /// A one-time buyer lapses after this many days (default 180).
    pub one_time_lapse_days: f64,
    /// A first purchase this recent makes an active customer "acquisition" (default 90).
    pub new_window_days: f64,
    /// Period of the per-period counts (default month).
    pub period: Period,
    /// Longest at-risk list (default 100; the total is reported).
    pub at_risk_limit: usize,
}

impl Default for LifecycleSettings {
    fn default() -> Self {
        LifecycleSettings {
            analysis_date: None,
            purchases: PurchaseRule::Auto,
            lapse_k: 2.0,
            one_time_lapse_days: 180.0,
            new_window_days: 90.0,
            period: Period::Month,
            at_risk_limit: 100,
        }
    }
}
