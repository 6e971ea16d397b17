//! Customer lifetime value models: the customer summary, maximum-likelihood
//! fits of BG/NBD, MBG/NBD, Pareto/NBD, BG/BB and Gamma-Gamma, and the
//! per-customer predictions and aggregate checks built on them. Every
//! convention and formula is in `docs/clv.md`.
//!
//! - [`summary`]: purchases → frequency, recency, T, monetary value; holdout counts.
//! - [`special`]: log-gamma, digamma, ₂F₁, dual numbers (exact gradients).
//! - [`optimize`]: Nelder–Mead then BFGS in log-parameters; standard errors.
//! - [`bg_nbd`], [`mbg_nbd`], [`pareto_nbd`], [`bg_bb`], [`gamma_gamma`]: the models.
//! - [`predict`]: predictions once per distinct history (histogram row).
//! - [`report`]: the analysis ([`Clv`]), its report, table pages, CSV.
//! - [`purchases_of`]: a dataset's purchases under the engagement purchase rule.

pub mod bg_bb;
pub mod bg_nbd;
pub mod gamma_gamma;
pub mod mbg_nbd;
pub mod optimize;
pub mod pareto_nbd;
pub mod predict;
pub mod report;
pub mod special;
pub mod summary;

pub use report::{
    analyse, Clv, ClvPage, ClvQuery, ClvReport, ClvSettings, CustomerRow, ModelFit, ModelKey,
};
pub use summary::{Purchases, Summary, Unit};

use crate::dataset::Measure;
use crate::engagement::PurchaseRule;
use crate::model::{Dataset, TimeBase};

/// The purchases of a dataset on calendar time: the events `rule` calls
/// purchases (the engagement rule: `converted`, else a value above 0), with
/// their value as the amount. A plain transactions export (no touch point
/// column) under `Auto` is one purchase per row, an amount of 0 included
/// (a free order is still an order). `None` when the times are not dates.
/// Reads the dataset through its accessors only.
pub fn purchases_of(dataset: &Dataset, rule: PurchaseRule) -> Option<Purchases> {
    if dataset.time_base() != TimeBase::Calendar {
        return None;
    }
    let transactions = !dataset.has_column("touchpoint") && !dataset.has_column("path");
    let rule = match rule {
        PurchaseRule::Auto if transactions => PurchaseRule::EveryEvent,
        rule => rule.resolve(dataset),
    };
    let mut purchases = Purchases::new();
    for journey in dataset.journeys() {
        let name = journey.name();
        for (i, time) in journey.range().zip(journey.times()) {
            if rule.is_purchase(dataset, i) {
                purchases.add_at(name, *time, dataset.measure(Measure::Value, i).unwrap_or(0.0));
            }
        }
    }
    Some(purchases.finish())
}

/// The `clv` section of the journey report: the chosen model and Gamma-Gamma
/// fitted on the dataset's purchases (the CLV page and `touchpoints clv` fit
/// all four models). `None` without purchases on calendar time.
pub fn report_of(dataset: &Dataset, settings: &ClvSettings) -> Option<ClvReport> {
    let purchases = purchases_of(dataset, settings.purchase_rule)?;
    if purchases.customers() == 0 {
        return None;
    }
    let settings = ClvSettings { models: vec![settings.model], ..settings.clone() };
    analyse(&purchases, &settings).ok().map(|clv| clv.report)
}
