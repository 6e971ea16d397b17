//! The CLV analysis: summary, fits, per-customer predictions, aggregate
//! checks (tracking, calibration vs holdout, P(alive) matrix, CLV
//! distribution, top and at-risk customers), table pages and CSV. The
//! report crosses to JavaScript at once; the per-customer table stays here
//! and is served a page at a time.

use super::bg_bb::{BgBb, BgBbObjective};
use super::bg_nbd::{BgNbd, BgObjective};
use super::gamma_gamma::{GammaGamma, SpendObjective};
use super::optimize::{self, scientific, FitFailure, FitOptions, Objective, Optimum};
use super::pareto_nbd::{ParetoNbd, ParetoObjective};
use super::predict::{predict, RowPredictions};
use super::summary::{
    summarize, CustomerSummary, HistogramRow, PeriodRow, Purchases, Summary, SummarySettings, Unit,
};
use crate::engagement::dates::{format_day, parse_iso};
use crate::engagement::PurchaseRule;
use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A month in weeks, as in the lifetimes package (52.14 weeks / 12).
pub const WEEKS_PER_MONTH: f64 = 4.345;
/// Purchase counts 0…PMF_MAX get a probability per customer.
pub const PMF_MAX: usize = 10;
/// Customers listed in the top and at-risk tables.
pub const LISTED: usize = 20;
/// |correlation| between frequency and spend above which Gamma-Gamma warns.
pub const CORRELATION_WARNING: f64 = 0.3;

/// A purchase-count model.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ModelKey {
    #[default]
    BgNbd,
    MbgNbd,
    ParetoNbd,
    BgBb,
}

impl ModelKey {
    /// Every purchase-count model, in display order.
    pub const ALL: [ModelKey; 4] =
        [ModelKey::BgNbd, ModelKey::MbgNbd, ModelKey::ParetoNbd, ModelKey::BgBb];

    /// `bg_nbd`, `mbg_nbd`, `pareto_nbd`, `bg_bb`.
    pub fn key(self) -> &'static str {
        match self {
            ModelKey::BgNbd => "bg_nbd",
            ModelKey::MbgNbd => "mbg_nbd",
            ModelKey::ParetoNbd => "pareto_nbd",
            ModelKey::BgBb => "bg_bb",
        }
    }

    /// `BG/NBD`, `MBG/NBD`, `Pareto/NBD`, `BG/BB`.
    pub fn label(self) -> &'static str {
        match self {
            ModelKey::BgNbd => "BG/NBD",
            ModelKey::MbgNbd => "MBG/NBD",
            ModelKey::ParetoNbd => "Pareto/NBD",
            ModelKey::BgBb => "BG/BB",
        }
    }

    /// Reads a key or label (`bg-nbd`, `BG/NBD`, `pareto` …).
    pub fn parse(text: &str) -> Option<ModelKey> {
        let t: String = text
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        match t.as_str() {
            "bgnbd" => Some(ModelKey::BgNbd),
            "mbgnbd" => Some(ModelKey::MbgNbd),
            "paretonbd" | "pareto" => Some(ModelKey::ParetoNbd),
            "bgbb" => Some(ModelKey::BgBb),
            _ => None,
        }
    }

    fn parameter_names(self) -> [&'static str; 4] {
        match self {
            ModelKey::BgNbd | ModelKey::MbgNbd => ["r", "alpha", "a", "b"],
            ModelKey::ParetoNbd => ["r", "alpha", "s", "beta"],
            ModelKey::BgBb => ["alpha", "beta", "gamma", "delta"],
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The longest horizon and CLV period, in years: 100.
pub const MAX_YEARS: u32 = 100;

/// Settings of the CLV analysis, each with a documented default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClvSettings {
    /// Unit of recency, T and the horizon.
    pub unit: Unit,
    /// Last day of the calibration period (`YYYY-MM-DD`, included); default the last purchase day (no holdout).
    pub calibration_end: Option<String>,
    /// Horizon of `expected_purchases` in the unit; default the holdout length, or one year.
    pub horizon: Option<f64>,
    /// Months of the CLV.
    pub months: u32,
    /// Monthly discount rate of the CLV.
    pub discount: f64,
    /// The model behind P(alive), the table, the plots and the CLV.
    pub model: ModelKey,
    /// The models fitted (default all four).
    pub models: Vec<ModelKey>,
    /// L2 penalty on the parameters (0 = off).
    pub penalty: f64,
    /// A customer with at least one repeat purchase and P(alive) below this is "at risk".
    pub at_risk_below: f64,
    /// Which events are purchases (journey files; a transactions export: every row with an amount).
    pub purchase_rule: PurchaseRule,
}

impl Default for ClvSettings {
    fn default() -> ClvSettings {
        ClvSettings {
            unit: Unit::Weeks,
            calibration_end: None,
            horizon: None,
            months: 12,
            discount: 0.01,
            model: ModelKey::BgNbd,
            models: ModelKey::ALL.to_vec(),
            penalty: 0.0,
            at_risk_below: 0.5,
            purchase_rule: PurchaseRule::Auto,
        }
    }
}

/// One fitted model for the report: parameters, standard errors, log-likelihood,
/// or why it did not converge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelFit {
    pub label: &'static str,
    pub converged: bool,
    /// Parameter name → estimate (absent when the fit failed).
    #[serde(flatten)]
    pub params: BTreeMap<&'static str, f64>,
    /// Parameter name → standard error (absent where the Hessian is not positive definite).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub standard_errors: BTreeMap<&'static str, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_likelihood: Option<f64>,
    /// Customers the model was fitted on.
    pub customers: usize,
    /// Distinct data rows the likelihood was evaluated on (the collapsed histogram).
    pub rows: usize,
    pub iterations: usize,
    /// Why the fit failed, or a note on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The Gamma-Gamma assumption check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpendCheck {
    /// Repeat customers with a positive mean spend (the Gamma-Gamma data).
    pub customers: usize,
    /// Pearson correlation of frequency and monetary value over them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// Holdout check: actual and predicted repeat purchases after the calibration end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holdout {
    /// Holdout length in the unit.
    pub duration: f64,
    /// Repeat purchase days in the holdout, all customers of the cohort.
    pub actual: u64,
    /// Model → sum of the customers' conditional expectations over `duration`.
    pub predicted: BTreeMap<&'static str, f64>,
}

/// The tracking plot: cumulative repeat purchases over time, actual and expected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tracking {
    /// Time since the first purchase in the data (unit), one point per step.
    pub times: Vec<f64>,
    /// The date of each point.
    pub dates: Vec<String>,
    pub actual: Vec<f64>,
    /// Model → expected cumulative repeat purchases (unconditional, by first-purchase cohort).
    pub expected: BTreeMap<&'static str, Vec<f64>>,
    /// Where the calibration ends on the time axis.
    pub calibration_end: f64,
}

/// Calibration frequency bin of the holdout check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrequencyBin {
    /// `0`, `1`, … `7+`.
    pub frequency: String,
    pub customers: usize,
    /// Mean actual holdout repeat purchases.
    pub actual: f64,
    /// Model → mean predicted holdout purchases.
    pub predicted: BTreeMap<&'static str, f64>,
}

/// P(alive) over frequency × recency for customers observed for `t`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AliveMatrix {
    pub model: &'static str,
    pub t: f64,
    pub frequencies: Vec<u32>,
    pub recencies: Vec<f64>,
    /// values[i][j]: P(alive) at frequencies[i], recencies[j].
    pub values: Vec<Vec<f64>>,
}

/// Distribution of CLV over customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// Bin edges (len = counts + 1); the last bin also holds everything above.
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
    pub mean: f64,
    pub median: f64,
    pub total: f64,
}

/// One model's prediction for one customer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ModelPrediction {
    pub p_alive: f64,
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
}

/// One customer's row: summary, predictions, spend and CLV.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerRow {
    pub customer: String,
    pub frequency: u32,
    pub recency: f64,
    #[serde(rename = "T")]
    pub t: f64,
    pub monetary_value: f64,
    /// Repeat purchase days after the calibration end (with a holdout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holdout_purchases: Option<u32>,
    /// Model key → prediction, for every converged model.
    #[serde(flatten)]
    pub models: BTreeMap<&'static str, ModelPrediction>,
    /// The chosen model's P(alive) and expected purchases (for sorting and the table).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_alive: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_purchases: Option<f64>,
    /// P(exactly n purchases over the horizon), n = 0…10, chosen model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_purchases: Option<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_avg_spend: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clv: Option<f64>,
}

/// The CLV report (report key `clv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClvReport {
    pub unit: Unit,
    pub calibration_end: String,
    pub observation_end: String,
    pub horizon: f64,
    pub months: u32,
    pub discount: f64,
    /// A month in the unit (4.345 weeks).
    pub month_length: f64,
    /// The chosen model.
    pub model: ModelKey,
    /// Customers in the calibration cohort.
    pub customer_count: usize,
    pub repeat_customers: usize,
    /// Customers whose first purchase is after the calibration end (not modelled).
    pub later_customers: usize,
    /// Purchases read, and distinct purchase days after merging.
    pub purchases: u64,
    pub purchase_days: u64,
    pub models: BTreeMap<&'static str, ModelFit>,
    pub spend: SpendCheck,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holdout: Option<Holdout>,
    pub tracking: Tracking,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub calibration_holdout: Vec<FrequencyBin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alive_matrix: Option<AliveMatrix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clv_distribution: Option<Distribution>,
    /// Expected purchases over the horizon, all customers, chosen model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_purchases: Option<f64>,
    pub top: Vec<CustomerRow>,
    pub at_risk: Vec<CustomerRow>,
    pub warnings: Vec<String>,
    pub definitions: BTreeMap<&'static str, String>,
}

/// A fitted purchase-count model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fitted {
    Bg(BgNbd),
    Pareto(ParetoNbd),
    BgBb(BgBb),
}

impl Fitted {
    /// P(alive) of a summarised customer.
    pub fn p_alive(&self, c: &CustomerSummary) -> f64 {
        let x = c.frequency as f64;
        let v = match self {
            Fitted::Bg(m) => m.p_alive(x, c.recency, c.t),
            Fitted::Pareto(m) => m.p_alive(x, c.recency, c.t).unwrap_or(0.0),
            Fitted::BgBb(m) => m.p_alive(c.period_frequency, c.period_recency, c.periods),
        };
        if v.is_finite() {
            v
        } else {
            0.0
        }
    }

    /// Expected purchases over `h` units after the calibration end.
    pub fn expected(&self, h: f64, c: &CustomerSummary) -> f64 {
        let x = c.frequency as f64;
        let v = match self {
            Fitted::Bg(m) => m.expected_purchases(h, x, c.recency, c.t),
            Fitted::Pareto(m) => m.expected_purchases(h, x, c.recency, c.t),
            Fitted::BgBb(m) => {
                Some(m.expected_purchases(h, c.period_frequency, c.period_recency, c.periods))
            }
        };
        v.filter(|v| v.is_finite()).unwrap_or(0.0)
    }

    /// P(exactly n purchases in h units), n = 0…[`PMF_MAX`].
    pub fn pmf(&self, h: f64, c: &CustomerSummary) -> Vec<f64> {
        let x = c.frequency as f64;
        match self {
            Fitted::Bg(m) => m.pmf(h, x, c.recency, c.t, PMF_MAX),
            Fitted::Pareto(m) => m.pmf(h, x, c.recency, c.t, PMF_MAX),
            Fitted::BgBb(m) => m.pmf(
                h.round().max(0.0) as u32,
                c.period_frequency,
                c.period_recency,
                c.periods,
                PMF_MAX,
            ),
        }
    }

    /// E[X(t)] for a new customer, t units after the first purchase.
    pub fn expected_new(&self, t: f64) -> f64 {
        let v = match self {
            Fitted::Bg(m) => m.expected_purchases_new(t),
            Fitted::Pareto(m) => m.expected_purchases_new(t),
            Fitted::BgBb(m) => Some(m.expected_purchases_new(t)),
        };
        v.filter(|v| v.is_finite()).unwrap_or(0.0)
    }
}

/// The collapsed histograms the models are fitted on, and each customer's row in them.
struct Histograms {
    /// Distinct (x, tₓ, T).
    rows: Vec<HistogramRow>,
    /// Per customer: their row in `rows`.
    row_of: Vec<u32>,
    /// Distinct discrete (x, tₓ, n) (BG/BB only; empty otherwise).
    periods: Vec<PeriodRow>,
    /// Per customer: their row in `periods`.
    period_of: Vec<u32>,
}

impl Histograms {
    fn new(summary: &Summary, discrete: bool) -> Histograms {
        let (rows, row_of) = summary.histogram_index();
        let (periods, period_of) =
            if discrete { summary.period_histogram_index() } else { (Vec::new(), Vec::new()) };
        Histograms { rows, row_of, periods, period_of }
    }

    /// Customer `i`'s row in the histogram of `key`.
    fn row(&self, key: ModelKey, i: usize) -> usize {
        let of = if key == ModelKey::BgBb { &self.period_of } else { &self.row_of };
        of[i] as usize
    }
}

/// The whole analysis: summary, fits, predictions, report; the table is served from here.
#[derive(Debug, Clone)]
pub struct Clv {
    pub settings: ClvSettings,
    pub summary: Summary,
    names: Vec<String>,
    pub fitted: [Option<Fitted>; 4],
    pub spend: Option<GammaGamma>,
    /// Per customer (aligned with summary.customers): per model (p_alive, expected over horizon).
    predictions: Vec<[Option<ModelPrediction>; 4]>,
    expected_spend: Vec<Option<f64>>,
    clv: Vec<Option<f64>>,
    /// Per customer: their row in the chosen model's histogram (customers on one row share the pmf).
    main_row: Vec<u32>,
    pub report: ClvReport,
}

fn fit_failure_text(model: &str, message: &str) -> String {
    text::t(
        "core.clv.note.model",
        "{model}: {message}",
        &[("model", &model), ("message", &message)],
    )
}

/// Times multiplied by this make the longest T equal to 10 while fitting (α and β scale with it).
fn time_scale(rows: &[HistogramRow]) -> f64 {
    let longest = rows.iter().map(|r| r.t).fold(0.0, f64::max);
    if longest > 0.0 {
        10.0 / longest
    } else {
        1.0
    }
}

/// Fits on scaled data, then reports log-likelihood and standard errors on the unscaled data.
fn fit_scaled<O: Objective, U: Objective>(
    scaled: &O,
    unscaled: &U,
    start: &[f64],
    unscale: impl Fn(&[f64]) -> Vec<f64>,
    options: &FitOptions,
) -> Result<Optimum, FitFailure> {
    let mut optimum = optimize::fit(scaled, start, options)?;
    optimum.params = unscale(&optimum.params);
    optimum.log_likelihood = unscaled.log_likelihood(&optimum.params).unwrap_or(f64::NEG_INFINITY);
    if !optimum.log_likelihood.is_finite() {
        return Err(FitFailure {
            message: text::t(
                "core.clv.note.notFinite",
                "the log-likelihood is not finite at the optimum",
                &[],
            ),
            iterations: optimum.iterations,
            ..Default::default()
        });
    }
    optimum.standard_errors = optimize::standard_errors(unscaled, &optimum.params);
    Ok(optimum)
}

/// Why a model cannot be fitted on this summary, before trying.
fn data_problem(summary: &Summary, rows: &[HistogramRow]) -> Option<String> {
    let n = summary.customers.len();
    let repeat = summary.customers.iter().filter(|c| c.frequency > 0).count();
    if n == 0 {
        Some(text::t(
            "core.clv.note.noCustomer",
            "no customer made a first purchase by the calibration end",
            &[],
        ))
    } else if repeat == 0 {
        Some(text::t(
            "core.clv.note.noRepeat",
            "none of the {n} customers made a repeat purchase in the calibration period: the purchase rate and the drop-out cannot be told apart",
            &[("n", &n)],
        ))
    } else if summary.customers.iter().all(|c| c.t == 0.0) {
        Some(text::t(
            "core.clv.note.noTime",
            "every customer's first purchase is on the calibration end (T = 0): there is no time to observe",
            &[],
        ))
    } else if n > 1 && rows.len() == 1 {
        Some(text::t(
            "core.clv.note.sameHistory",
            "all {n} customers have the same history (frequency, recency and T): how customers differ cannot be estimated",
            &[("n", &n)],
        ))
    } else {
        None
    }
}

fn model_fit(
    key: ModelKey,
    result: &Result<Optimum, FitFailure>,
    customers: usize,
    rows: usize,
) -> ModelFit {
    fit_record(key.label(), &key.parameter_names(), result, customers, rows)
}

/// A fit for the report: the estimates by name, or the failure in words.
fn fit_record(
    label: &'static str,
    names: &[&'static str],
    result: &Result<Optimum, FitFailure>,
    customers: usize,
    rows: usize,
) -> ModelFit {
    let by_name = |values: &[f64]| -> BTreeMap<&'static str, f64> {
        names.iter().copied().zip(values.iter().copied()).collect()
    };
    match result {
        Ok(o) => ModelFit {
            label,
            converged: true,
            params: by_name(&o.params),
            standard_errors: o.standard_errors.as_deref().map(by_name).unwrap_or_default(),
            log_likelihood: Some(o.log_likelihood),
            customers,
            rows,
            iterations: o.iterations,
            message: o.standard_errors.is_none().then(|| {
                text::t(
                    "core.clv.note.noStandardErrors",
                    "standard errors unavailable: the Hessian is not positive definite (the likelihood is flat in some direction)",
                    &[],
                )
            }),
        },
        Err(f) => ModelFit {
            label,
            converged: false,
            params: BTreeMap::new(),
            standard_errors: BTreeMap::new(),
            log_likelihood: None,
            customers,
            rows,
            iterations: f.iterations,
            message: Some(named(f, names)),
        },
    }
}

fn fit_model(
    key: ModelKey,
    summary: &Summary,
    histograms: &Histograms,
    options: &FitOptions,
) -> (Result<Optimum, FitFailure>, usize) {
    if let Some(problem) = data_problem(summary, &histograms.rows) {
        return (Err(FitFailure { message: problem, iterations: 0, ..Default::default() }), 0);
    }
    let start = [1.0; 4];
    match key {
        ModelKey::BgNbd | ModelKey::MbgNbd => {
            let rows = &histograms.rows;
            let modified = key == ModelKey::MbgNbd;
            let k = time_scale(rows);
            let scaled = BgObjective::new(rows, modified, k);
            let unscaled = BgObjective::new(rows, modified, 1.0);
            let out = fit_scaled(
                &scaled,
                &unscaled,
                &start,
                |p| vec![p[0], p[1] / k, p[2], p[3]],
                options,
            );
            (out, rows.len())
        }
        ModelKey::ParetoNbd => {
            let rows = &histograms.rows;
            let k = time_scale(rows);
            let scaled = ParetoObjective::new(rows, k);
            let unscaled = ParetoObjective::new(rows, 1.0);
            let out = fit_scaled(
                &scaled,
                &unscaled,
                &start,
                |p| vec![p[0], p[1] / k, p[2], p[3] / k],
                options,
            );
            (out, rows.len())
        }
        ModelKey::BgBb => {
            let rows = &histograms.periods;
            if rows.iter().all(|r| r.n == 0) {
                return (
                    Err(FitFailure {
                        message: text::t(
                            "core.clv.note.bgBbNoUnit",
                            "no customer has a whole unit after the first purchase: BG/BB needs n ≥ 1",
                            &[],
                        ),
                        iterations: 0,
                        ..Default::default()
                    }),
                    rows.len(),
                );
            }
            let objective = BgBbObjective::new(rows);
            let out = fit_scaled(&objective, &objective, &start, |p| p.to_vec(), options);
            (out, rows.len())
        }
    }
}

fn fitted_of(key: ModelKey, params: &[f64]) -> Fitted {
    match key {
        ModelKey::BgNbd => Fitted::Bg(BgNbd {
            r: params[0],
            alpha: params[1],
            a: params[2],
            b: params[3],
            modified: false,
        }),
        ModelKey::MbgNbd => Fitted::Bg(BgNbd {
            r: params[0],
            alpha: params[1],
            a: params[2],
            b: params[3],
            modified: true,
        }),
        ModelKey::ParetoNbd => Fitted::Pareto(ParetoNbd {
            r: params[0],
            alpha: params[1],
            s: params[2],
            beta: params[3],
        }),
        ModelKey::BgBb => Fitted::BgBb(BgBb {
            alpha: params[0],
            beta: params[1],
            gamma: params[2],
            delta: params[3],
        }),
    }
}

fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 3 {
        return None;
    }
    let (mx, my) = pairs.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    let r = sxy / (sxx * syy).sqrt();
    r.is_finite().then_some(r)
}

fn fit_spend(
    summary: &Summary,
    options: &FitOptions,
) -> (ModelFit, Option<GammaGamma>, SpendCheck) {
    let pairs: Vec<(f64, f64)> = summary
        .customers
        .iter()
        .filter(|c| c.frequency > 0 && c.monetary_value > 0.0)
        .map(|c| (c.frequency as f64, c.monetary_value))
        .collect();
    let correlation = pearson(&pairs);
    let warning = correlation.filter(|r| r.abs() > CORRELATION_WARNING).map(|r| {
        text::t(
            "core.clv.note.spendCorrelation",
            "Gamma-Gamma assumes spend does not depend on how often a customer buys, but frequency and mean spend correlate at {r} (|r| > {limit}): its spend predictions may be biased",
            &[
                ("r", &crate::number::decimal(r, 2)),
                ("limit", &crate::number::label_number(CORRELATION_WARNING, 6)),
            ],
        )
    });
    let check = SpendCheck { customers: pairs.len(), correlation, warning };
    let n = pairs.len();
    let result = if n < 2 {
        Err(FitFailure {
            message: text::t(
                "core.clv.note.spendTooFew",
                "needs at least 2 repeat customers with a positive spend, found {n}",
                &[("n", &n)],
            ),
            iterations: 0,
            ..Default::default()
        })
    } else {
        let mean = pairs.iter().map(|p| p.1).sum::<f64>() / n as f64;
        let k = if mean > 0.0 { 10.0 / mean } else { 1.0 };
        let scaled = SpendObjective::new(&pairs, k);
        let unscaled = SpendObjective::new(&pairs, 1.0);
        fit_scaled(&scaled, &unscaled, &[1.0, 1.0, 1.0], |p| vec![p[0], p[1], p[2] / k], options)
            .or_else(|failure| homogeneous_spend(failure, &unscaled, k))
    };
    let mut fit = fit_record("Gamma-Gamma", &["p", "q", "v"], &result, n, n);
    if let Some(o) = result.as_ref().ok().filter(|o| o.params[1] > HOMOGENEOUS_Q) {
        fit.message = Some(text::t(
            "core.clv.note.spendHomogeneous",
            "spend does not differ between customers beyond chance: q and v grow without bound together (the fit stopped at q = {q}, v = {v}), the limit in which every customer's spend has the same distribution; each customer's expected spend is then about the cohort's mean transaction value, {mean} (p·v/q); no standard errors exist there",
            &[
                ("q", &scientific(o.params[1], 2)),
                ("v", &scientific(o.params[2], 2)),
                ("mean", &crate::number::decimal(o.params[0] * o.params[2] / o.params[1], 2)),
            ],
        ));
    }
    let model = result.ok().map(|o| GammaGamma { p: o.params[0], q: o.params[1], v: o.params[2] });
    if let Some(m) = model.filter(|m| m.q <= 1.0) {
        fit.message = Some(text::t(
            "core.clv.note.spendInfinite",
            "q = {q} ≤ 1: the population's mean spend is not finite, so customers without a repeat purchase get no expected spend",
            &[("q", &crate::number::decimal(m.q, 3))],
        ));
    }
    (fit, model, check)
}

/// Beyond this q a Gamma-Gamma fit is the model's no-heterogeneity limit.
const HOMOGENEOUS_Q: f64 = 1e7;

/// Gamma-Gamma's limit when spend hardly differs between customers: q and v run off to
/// infinity together (q/v, the common spend rate, fixed). The fit stopped there is a valid
/// model (every customer's expected spend is close to p·v/q, the population mean), so it is
/// kept, without standard errors; any other run-off stays a failure.
fn homogeneous_spend(
    failure: FitFailure,
    unscaled: &SpendObjective,
    k: f64,
) -> Result<Optimum, FitFailure> {
    let Some(b) = failure.boundary.as_deref() else { return Err(failure) };
    let (p, q, v) = (b[0], b[1], b[2] / k);
    let p_inside = p.is_finite() && (1e-6..1e6).contains(&p);
    if !(p_inside && q > HOMOGENEOUS_Q && b[2] > HOMOGENEOUS_Q && v.is_finite()) {
        return Err(failure);
    }
    match unscaled.log_likelihood(&[p, q, v]) {
        Some(log_likelihood) => Ok(Optimum {
            params: vec![p, q, v],
            log_likelihood,
            iterations: failure.iterations,
            gradient: 0.0,
            standard_errors: None,
        }),
        None => Err(failure),
    }
}

/// Runs the CLV analysis on `purchases`.
pub fn analyse(purchases: &Purchases, settings: &ClvSettings) -> Result<Clv, String> {
    let mut warnings = Vec::new();
    let calibration_end =
        match settings.calibration_end.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => match parse_iso(text) {
                Some(seconds) => Some(crate::engagement::dates::day_of(seconds)),
                None => {
                    return Err(text::t(
                        "core.clv.note.calibrationNotDate",
                        "calibration end {text} is not a date (expected YYYY-MM-DD)",
                        &[("text", &format!("{text:?}"))],
                    ))
                }
            },
        };
    let summary = summarize(
        purchases,
        &SummarySettings { unit: settings.unit, calibration_end, observation_end: None },
    )
    .ok_or_else(|| {
        text::t(
            "core.clv.note.noPurchases",
            "no purchases: the CLV models need customer, date and amount of each purchase",
            &[],
        )
    })?;
    if let Some(end) = calibration_end {
        if end < summary.first_day {
            return Err(text::t(
                "core.clv.note.calibrationBeforeFirst",
                "calibration end {end} is before the first purchase ({first})",
                &[("end", &format_day(end)), ("first", &format_day(summary.first_day))],
            ));
        }
        if end > summary.observation_end {
            warnings.push(text::t(
                "core.clv.note.calibrationAfterLast",
                "calibration end {end} is after the last purchase ({last}): there is no holdout",
                &[("end", &format_day(end)), ("last", &format_day(summary.observation_end))],
            ));
        }
    }
    if summary.later_customers > 0 {
        warnings.push(text::t(
            "core.clv.note.laterCustomers",
            "{n} customers made their first purchase after the calibration end; they are not in the calibration cohort and not modelled",
            &[("n", &summary.later_customers)],
        ));
    }
    let unit_days = settings.unit.days();
    // The longest horizon and CLV: 100 years (the predictions cost a step per unit of it).
    let longest = (MAX_YEARS as f64 * 365.25 / unit_days).floor();
    let horizon = match settings.horizon {
        Some(h) if h.is_finite() && h > 0.0 && h <= longest => h,
        Some(h) => {
            return Err(text::t(
                "core.clv.note.horizon",
                "horizon {h} must be a number above 0 and at most {max} (100 years in {unit})",
                &[("h", &h), ("max", &longest), ("unit", &settings.unit.text())],
            ))
        }
        None if summary.has_holdout() => summary.holdout_duration().min(longest),
        None => 365.0 / unit_days,
    };
    if settings.months > MAX_YEARS * 12 {
        return Err(text::t(
            "core.clv.note.months",
            "the CLV's months ({months}) must be at most {max} (100 years)",
            &[("months", &settings.months), ("max", &(MAX_YEARS * 12))],
        ));
    }
    if !(settings.discount.is_finite() && settings.discount > -1.0) {
        return Err(text::t(
            "core.clv.note.discount",
            "discount {discount} must be a rate above −1 (0.01 = 1% a month)",
            &[("discount", &settings.discount)],
        ));
    }
    let options = FitOptions { penalty: settings.penalty.max(0.0), ..FitOptions::default() };
    let mut models = BTreeMap::new();
    let mut fitted: [Option<Fitted>; 4] = [None; 4];
    let cohort = summary.customers.len();
    let wanted = |key: ModelKey| settings.models.contains(&key) || key == settings.model;
    let histograms = Histograms::new(&summary, wanted(ModelKey::BgBb));
    for key in ModelKey::ALL {
        if !wanted(key) {
            continue;
        }
        let (result, rows) = fit_model(key, &summary, &histograms, &options);
        if let Err(f) = &result {
            warnings.push(fit_failure_text(key.label(), &named(f, &key.parameter_names())));
        }
        if let Ok(o) = &result {
            fitted[key.index()] = Some(fitted_of(key, &o.params));
        }
        models.insert(key.key(), model_fit(key, &result, cohort, rows));
    }
    let (spend_fit, spend, spend_check) = fit_spend(&summary, &options);
    if !spend_fit.converged {
        if let Some(m) = &spend_fit.message {
            warnings.push(fit_failure_text("Gamma-Gamma", m));
        }
    }
    if let Some(w) = &spend_check.warning {
        warnings.push(w.clone());
    }
    models.insert("gamma_gamma", spend_fit);

    // Predictions once per distinct history (histogram row): over the horizon,
    // the holdout (when it differs) and, for the chosen model, months 1…N.
    let month = WEEKS_PER_MONTH * 7.0 / unit_days;
    let holdout_duration = summary.holdout_duration();
    let main = fitted[settings.model.index()];
    let separate_holdout = summary.has_holdout() && holdout_duration != horizon;
    let mut by_row: [Option<RowPredictions>; 4] = Default::default();
    for key in ModelKey::ALL {
        let Some(f) = &fitted[key.index()] else { continue };
        let mut horizons = vec![horizon];
        if separate_holdout {
            horizons.push(holdout_duration);
        }
        if key == settings.model {
            horizons.extend((1..=settings.months).map(|i| i as f64 * month));
        }
        by_row[key.index()] = Some(predict(f, &histograms.rows, &histograms.periods, &horizons));
    }
    let holdout_slot = usize::from(separate_holdout);
    let mut predictions = Vec::with_capacity(cohort);
    let mut holdout_expected: Vec<[Option<f64>; 4]> = Vec::with_capacity(cohort);
    for i in 0..cohort {
        let mut p = [None; 4];
        let mut h = [None; 4];
        for key in ModelKey::ALL {
            let Some(rows) = &by_row[key.index()] else { continue };
            let row = histograms.row(key, i);
            p[key.index()] = Some(ModelPrediction {
                p_alive: rows.p_alive[row],
                expected_purchases: rows.expected[0][row],
            });
            if summary.has_holdout() {
                // The default horizon is the holdout: computed once.
                h[key.index()] = Some(rows.expected[holdout_slot][row]);
            }
        }
        predictions.push(p);
        holdout_expected.push(h);
    }
    let expected_spend: Vec<Option<f64>> = summary
        .customers
        .iter()
        .map(|c| {
            spend
                .and_then(|g| g.expected_spend(c.frequency as f64, c.monetary_value))
                .filter(|v| v.is_finite())
        })
        .collect();
    // Expected purchases in month i = E[Y(i months)] − E[Y(i − 1 months)] (at least 0), discounted.
    let discounts: Vec<f64> =
        (0..settings.months).map(|i| (1.0 + settings.discount).powi(i as i32 + 1)).collect();
    let main_rows = by_row[settings.model.index()].as_ref();
    let clv: Vec<Option<f64>> = (0..cohort)
        .map(|i| {
            let (rows, s) = (main_rows?, expected_spend[i]?);
            let row = histograms.row(settings.model, i);
            let months = &rows.expected[1 + holdout_slot..];
            let mut previous = 0.0;
            let v: f64 = months
                .iter()
                .zip(&discounts)
                .map(|(e, discount)| {
                    let e = e[row];
                    let step = (e - previous).max(0.0);
                    previous = e;
                    s * step / discount
                })
                .sum();
            v.is_finite().then_some(v)
        })
        .collect();
    if main.is_none() {
        warnings.push(text::t(
            "core.clv.note.chosenFailed",
            "{model} did not converge: no P(alive), expected purchases or CLV from it; choose another model",
            &[("model", &settings.model.label())],
        ));
    }

    let holdout = summary.has_holdout().then(|| Holdout {
        duration: holdout_duration,
        actual: summary.customers.iter().map(|c| c.holdout_frequency as u64).sum(),
        predicted: ModelKey::ALL
            .iter()
            .filter(|k| fitted[k.index()].is_some())
            .map(|k| (k.key(), holdout_expected.iter().filter_map(|h| h[k.index()]).sum()))
            .collect(),
    });
    let calibration_holdout = if summary.has_holdout() {
        frequency_bins(&summary, &holdout_expected, &fitted)
    } else {
        Vec::new()
    };
    let tracking = tracking(&summary, purchases, &fitted);
    let alive_matrix = main.map(|f| alive_matrix(&summary, f, settings.model));
    let clv_values: Vec<f64> = clv.iter().flatten().copied().collect();
    let clv_distribution = (!clv_values.is_empty()).then(|| distribution(&clv_values));
    let purchase_days =
        (0..purchases.customers() as u32).map(|i| purchases.days_of(i).len() as u64).sum();

    let mut out = Clv {
        settings: settings.clone(),
        names: (0..purchases.customers() as u32).map(|i| purchases.name(i).to_string()).collect(),
        fitted,
        spend,
        predictions,
        expected_spend,
        clv,
        main_row: (0..cohort).map(|i| histograms.row(settings.model, i) as u32).collect(),
        report: ClvReport {
            unit: settings.unit,
            calibration_end: format_day(summary.calibration_end),
            observation_end: format_day(summary.observation_end),
            horizon,
            months: settings.months,
            discount: settings.discount,
            month_length: month,
            model: settings.model,
            customer_count: cohort,
            repeat_customers: summary.customers.iter().filter(|c| c.frequency > 0).count(),
            later_customers: summary.later_customers,
            purchases: purchases.count,
            purchase_days,
            models,
            spend: spend_check,
            holdout,
            tracking,
            calibration_holdout,
            alive_matrix,
            clv_distribution,
            expected_purchases: None,
            top: Vec::new(),
            at_risk: Vec::new(),
            warnings,
            definitions: definitions(),
        },
        summary,
    };
    out.report.expected_purchases = main.map(|_| {
        out.predictions
            .iter()
            .filter_map(|p| p[out.settings.model.index()])
            .map(|p| p.expected_purchases)
            .sum()
    });
    out.report.top = out.top_rows();
    out.report.at_risk = out.at_risk_rows();
    Ok(out)
}

fn frequency_bins(
    summary: &Summary,
    expected: &[[Option<f64>; 4]],
    fitted: &[Option<Fitted>; 4],
) -> Vec<FrequencyBin> {
    const TOP: usize = 7;
    let mut customers = [0usize; TOP + 1];
    let mut actual = [0f64; TOP + 1];
    let mut predicted = [[0f64; 4]; TOP + 1];
    for (c, e) in summary.customers.iter().zip(expected) {
        let bin = (c.frequency as usize).min(TOP);
        customers[bin] += 1;
        actual[bin] += c.holdout_frequency as f64;
        for k in 0..4 {
            predicted[bin][k] += e[k].unwrap_or(0.0);
        }
    }
    (0..=TOP)
        .filter(|&b| customers[b] > 0)
        .map(|b| {
            let n = customers[b] as f64;
            FrequencyBin {
                frequency: if b == TOP { format!("{TOP}+") } else { b.to_string() },
                customers: customers[b],
                actual: actual[b] / n,
                predicted: ModelKey::ALL
                    .iter()
                    .filter(|k| fitted[k.index()].is_some())
                    .map(|k| (k.key(), predicted[b][k.index()] / n))
                    .collect(),
            }
        })
        .collect()
}

/// Cumulative repeat purchases of the cohort, actual and expected, from the
/// first purchase day to the observation end in steps of one unit (at most 200 points).
fn tracking(summary: &Summary, purchases: &Purchases, fitted: &[Option<Fitted>; 4]) -> Tracking {
    let unit = summary.unit.days();
    let span_days = (summary.observation_end - summary.first_day).max(0);
    let units = (span_days as f64 / unit).ceil().max(1.0);
    let step = (units / 200.0).ceil().max(1.0);
    let points = (units / step).ceil() as usize;
    let times: Vec<f64> =
        (0..=points).map(|i| (i as f64 * step).min(span_days as f64 / unit)).collect();
    // Repeat purchase days per day offset.
    let mut per_day = vec![0u64; span_days as usize + 1];
    let mut cohorts: BTreeMap<i64, f64> = BTreeMap::new();
    for c in &summary.customers {
        *cohorts.entry(c.first_day - summary.first_day).or_default() += 1.0;
        for &(day, _) in purchases.days_of(c.customer).iter().skip(1) {
            if day <= summary.observation_end {
                if let Some(n) = per_day.get_mut((day - summary.first_day) as usize) {
                    *n += 1;
                }
            }
        }
    }
    let mut cumulative = Vec::with_capacity(per_day.len());
    let mut running = 0u64;
    for n in &per_day {
        running += n;
        cumulative.push(running as f64);
    }
    let actual: Vec<f64> = times
        .iter()
        .map(|t| cumulative.get((t * unit).floor() as usize).copied().unwrap_or(running as f64))
        .collect();
    let mut expected = BTreeMap::new();
    for key in ModelKey::ALL {
        let Some(f) = fitted[key.index()] else { continue };
        // E[X(lag)] per whole day of lag, computed once.
        let mut by_lag: HashMap<i64, f64> = HashMap::new();
        let series: Vec<f64> = times
            .iter()
            .map(|t| {
                let day = (t * unit).floor() as i64;
                cohorts
                    .iter()
                    .filter(|(start, _)| **start <= day)
                    .map(|(start, n)| {
                        let lag = day - start;
                        n * *by_lag.entry(lag).or_insert_with(|| f.expected_new(lag as f64 / unit))
                    })
                    .sum()
            })
            .collect();
        expected.insert(key.key(), series);
    }
    Tracking {
        dates: times
            .iter()
            .map(|t| format_day(summary.first_day + (t * unit).floor() as i64))
            .collect(),
        times,
        actual,
        expected,
        calibration_end: (summary.calibration_end - summary.first_day) as f64 / unit,
    }
}

/// P(alive) at T = the longest T, over frequency 0…F (F the 99th percentile, at most 30) × 16 recencies.
fn alive_matrix(summary: &Summary, f: Fitted, key: ModelKey) -> AliveMatrix {
    let t = summary.customers.iter().map(|c| c.t).fold(0.0, f64::max);
    let mut freq: Vec<u32> = summary.customers.iter().map(|c| c.frequency).collect();
    freq.sort_unstable();
    let top = freq
        .get(((freq.len() as f64 * 0.99) as usize).min(freq.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0)
        .clamp(1, 30);
    let frequencies: Vec<u32> = (0..=top).collect();
    let columns = 16;
    let recencies: Vec<f64> = (0..columns).map(|j| t * j as f64 / (columns - 1) as f64).collect();
    let unit = summary.unit.days();
    let periods = (t * unit / unit).floor() as u32;
    let values = frequencies
        .iter()
        .map(|&x| {
            recencies
                .iter()
                .map(|&r| {
                    let c = CustomerSummary {
                        customer: 0,
                        frequency: x,
                        recency: if x == 0 { 0.0 } else { r },
                        t,
                        monetary_value: 0.0,
                        first_amount: 0.0,
                        first_day: 0,
                        last_day: 0,
                        holdout_frequency: 0,
                        holdout_amount: 0.0,
                        periods,
                        period_frequency: x.min(periods),
                        period_recency: if x == 0 {
                            0
                        } else {
                            (r.floor() as u32).clamp(x.min(periods), periods)
                        },
                    };
                    f.p_alive(&c)
                })
                .collect()
        })
        .collect();
    AliveMatrix { model: key.key(), t, frequencies, recencies, values }
}

fn distribution(values: &[f64]) -> Distribution {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let total: f64 = sorted.iter().sum();
    let median = if n % 2 == 1 { sorted[n / 2] } else { 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]) };
    let low = sorted[0].min(0.0);
    let high = sorted[((n as f64 * 0.99) as usize).min(n - 1)].max(low + 1e-9);
    let bins = 20;
    let width = nice_step((high - low) / bins as f64);
    let count = (((high - low) / width).ceil() as usize).clamp(1, 40);
    let edges: Vec<f64> = (0..=count).map(|i| low + i as f64 * width).collect();
    let mut counts = vec![0u64; count];
    for v in &sorted {
        let i = (((v - low) / width).floor() as usize).min(count - 1);
        counts[i] += 1;
    }
    Distribution { edges, counts, mean: total / n as f64, median, total }
}

/// 1, 2 or 5 times a power of ten, at least `w` (bin widths, axis steps).
pub fn nice_step(w: f64) -> f64 {
    if w.is_nan() || w <= 0.0 || !w.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(w.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * p).find(|v| *v >= w).unwrap_or(10.0 * p)
}

fn definitions() -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        (
            "frequency",
            text::t(
                "core.clv.note.def.frequency",
                "Repeat purchase days in the calibration period: days with a purchase after the first purchase day (same-day purchases are one purchase, amounts summed).",
                &[],
            ),
        ),
        (
            "recency",
            text::t(
                "core.clv.note.def.recency",
                "Last purchase day − first purchase day in the calibration period, in the unit (0 without a repeat purchase).",
                &[],
            ),
        ),
        (
            "T",
            text::t(
                "core.clv.note.def.t",
                "Calibration end − first purchase day, in the unit: how long the customer has been observed.",
                &[],
            ),
        ),
        (
            "monetary_value",
            text::t(
                "core.clv.note.def.monetaryValue",
                "Mean amount of the repeat purchase days (the first purchase excluded); 0 when frequency is 0.",
                &[],
            ),
        ),
        (
            "holdout_purchases",
            text::t(
                "core.clv.note.def.holdoutPurchases",
                "Purchase days after the calibration end up to the last day of the data.",
                &[],
            ),
        ),
        (
            "p_alive",
            text::t(
                "core.clv.note.def.pAlive",
                "Probability that the customer is still active at the calibration end, given frequency, recency and T (the chosen model).",
                &[],
            ),
        ),
        (
            "expected_purchases",
            text::t(
                "core.clv.note.def.expectedPurchases",
                "Expected repeat purchases in the horizon after the calibration end (the chosen model).",
                &[],
            ),
        ),
        (
            "p_purchases",
            text::t(
                "core.clv.note.def.pPurchases",
                "Probability of exactly 0, 1, … 10 purchases in the horizon (the chosen model).",
                &[],
            ),
        ),
        (
            "expected_avg_spend",
            text::t(
                "core.clv.note.def.expectedAvgSpend",
                "Gamma-Gamma: the expected amount of a future purchase, a weighted mean of the customer's own mean spend and the population mean (p v / (q − 1)), more weight on their own with more purchases.",
                &[],
            ),
        ),
        (
            "clv",
            text::t(
                "core.clv.note.def.clv",
                "Σ over months i = 1…N of expected average spend × expected purchases in month i / (1 + discount)^i, a month = 4.345 weeks; the chosen model and Gamma-Gamma.",
                &[],
            ),
        ),
        (
            "tracking",
            text::t(
                "core.clv.note.def.tracking",
                "Cumulative repeat purchases of the calibration cohort by date: actual, and the model's expectation summed over customers from each one's first purchase.",
                &[],
            ),
        ),
        (
            "calibration_holdout",
            text::t(
                "core.clv.note.def.calibrationHoldout",
                "Customers grouped by calibration frequency: mean actual holdout purchases against the mean the model predicted for them.",
                &[],
            ),
        ),
        (
            "alive_matrix",
            text::t(
                "core.clv.note.def.aliveMatrix",
                "P(alive) of a customer observed for the longest T, by frequency and recency.",
                &[],
            ),
        ),
        (
            "at_risk",
            text::t(
                "core.clv.note.def.atRisk",
                "Customers with at least one repeat purchase and P(alive) below the threshold, highest expected average spend first: candidates for the reacquisition stage.",
                &[],
            ),
        ),
        (
            "log_likelihood",
            text::t(
                "core.clv.note.def.logLikelihood",
                "The maximised log-likelihood of the calibration data (higher is a better fit on the same data).",
                &[],
            ),
        ),
        (
            "standard_errors",
            text::t(
                "core.clv.note.def.standardErrors",
                "Square roots of the diagonal of the inverse Hessian of −log-likelihood at the estimate.",
                &[],
            ),
        ),
    ])
}

/// A request for a page of the customer table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClvQuery {
    /// Text to find in the customer id.
    pub filter: String,
    /// customer, frequency, recency, T, monetary_value, holdout_purchases, p_alive, expected_purchases, expected_avg_spend, clv.
    pub sort: String,
    pub descending: bool,
    pub offset: usize,
    pub limit: usize,
}

impl Default for ClvQuery {
    fn default() -> ClvQuery {
        ClvQuery {
            filter: String::new(),
            sort: "clv".into(),
            descending: true,
            offset: 0,
            limit: 50,
        }
    }
}

/// A page of the customer table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClvPage {
    /// Rows matching the filter.
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<CustomerRow>,
}

impl Clv {
    fn main_index(&self) -> usize {
        self.settings.model.index()
    }

    /// The table row of the i-th cohort customer; `with_pmf` adds P(exactly n purchases).
    pub fn row(&self, i: usize, with_pmf: bool) -> CustomerRow {
        self.row_with(i, if with_pmf { self.pmf(i) } else { None })
    }

    /// P(exactly n purchases over the horizon) of the i-th cohort customer, chosen model.
    fn pmf(&self, i: usize) -> Option<Vec<f64>> {
        let c = &self.summary.customers[i];
        self.fitted[self.main_index()].map(|f| f.pmf(self.report.horizon, c))
    }

    /// Every customer's row with P(exactly n purchases), computed once per histogram row.
    fn rows_with_pmf(&self, order: Vec<usize>) -> impl Iterator<Item = CustomerRow> + '_ {
        let mut cache: HashMap<u32, Option<Vec<f64>>> = HashMap::new();
        order.into_iter().map(move |i| {
            let key = self.main_row.get(i).copied().unwrap_or(u32::MAX);
            let pmf = cache.entry(key).or_insert_with(|| self.pmf(i)).clone();
            self.row_with(i, pmf)
        })
    }

    /// The table row of the i-th cohort customer with `p_purchases` given.
    fn row_with(&self, i: usize, p_purchases: Option<Vec<f64>>) -> CustomerRow {
        let c = &self.summary.customers[i];
        let preds = &self.predictions[i];
        let main = preds[self.main_index()];
        CustomerRow {
            customer: self.names.get(c.customer as usize).cloned().unwrap_or_default(),
            frequency: c.frequency,
            recency: c.recency,
            t: c.t,
            monetary_value: c.monetary_value,
            holdout_purchases: self.summary.has_holdout().then_some(c.holdout_frequency),
            models: ModelKey::ALL
                .iter()
                .filter_map(|k| preds[k.index()].map(|p| (k.key(), p)))
                .collect(),
            p_alive: main.map(|p| p.p_alive),
            expected_purchases: main.map(|p| p.expected_purchases),
            p_purchases,
            expected_avg_spend: self.expected_spend[i],
            clv: self.clv[i],
        }
    }

    fn sort_key(&self, i: usize, key: &str) -> f64 {
        let c = &self.summary.customers[i];
        let main = self.predictions[i][self.main_index()];
        let v = match key {
            "frequency" => Some(c.frequency as f64),
            "recency" => Some(c.recency),
            "T" | "t" => Some(c.t),
            "monetary_value" => Some(c.monetary_value),
            "holdout_purchases" => Some(c.holdout_frequency as f64),
            "p_alive" => main.map(|p| p.p_alive),
            "expected_purchases" => main.map(|p| p.expected_purchases),
            "expected_avg_spend" => self.expected_spend[i],
            _ => self.clv[i],
        };
        v.unwrap_or(f64::NEG_INFINITY)
    }

    /// Cohort indexes sorted by `key` (customer id for "customer"), ties by customer id.
    fn sorted(&self, key: &str, descending: bool, filter: &str) -> Vec<usize> {
        self.first_sorted(key, descending, filter, |_| true, usize::MAX)
    }

    /// The first `limit` cohort indexes that pass `keep`, in the order of
    /// [`Clv::sorted`], without sorting the others (the top and at-risk lists).
    fn first_sorted(
        &self,
        key: &str,
        descending: bool,
        filter: &str,
        keep: impl Fn(usize) -> bool,
        limit: usize,
    ) -> Vec<usize> {
        let needle = filter.trim().to_lowercase();
        let name = |i: usize| {
            self.names
                .get(self.summary.customers[i].customer as usize)
                .map(String::as_str)
                .unwrap_or("")
        };
        let mut rows: Vec<usize> = (0..self.summary.customers.len())
            .filter(|&i| needle.is_empty() || name(i).to_lowercase().contains(&needle))
            .filter(|&i| keep(i))
            .collect();
        if key == "customer" {
            rows.sort_by(|a, b| natural(name(*a), name(*b)));
            if descending {
                rows.reverse();
            }
            rows.truncate(limit);
        } else {
            let keys: Vec<f64> =
                (0..self.summary.customers.len()).map(|i| self.sort_key(i, key)).collect();
            // Ties by customer id, then by position: the order of a stable sort.
            let order = |a: &usize, b: &usize| {
                let o = keys[*a].total_cmp(&keys[*b]);
                let o = if descending { o.reverse() } else { o };
                o.then_with(|| natural(name(*a), name(*b))).then(a.cmp(b))
            };
            if limit < rows.len() {
                rows.select_nth_unstable_by(limit, order);
                rows.truncate(limit);
            }
            rows.sort_by(order);
        }
        rows
    }

    /// A page of the customer table (P(exactly n) included for the rows of the page).
    pub fn page(&self, query: &ClvQuery) -> ClvPage {
        let rows = self.sorted(&query.sort, query.descending, &query.filter);
        let limit = query.limit.clamp(1, 1000);
        ClvPage {
            total: rows.len(),
            offset: query.offset,
            rows: rows
                .into_iter()
                .skip(query.offset)
                .take(limit)
                .map(|i| self.row(i, true))
                .collect(),
        }
    }

    fn top_rows(&self) -> Vec<CustomerRow> {
        self.first_sorted("clv", true, "", |i| self.clv[i].is_some(), LISTED)
            .into_iter()
            .map(|i| self.row(i, false))
            .collect()
    }

    fn at_risk_rows(&self) -> Vec<CustomerRow> {
        let threshold = self.settings.at_risk_below;
        let at_risk = |i: usize| {
            self.summary.customers[i].frequency > 0
                && self.expected_spend[i].is_some()
                && self.predictions[i][self.main_index()].is_some_and(|p| p.p_alive < threshold)
        };
        self.first_sorted("expected_avg_spend", true, "", at_risk, LISTED)
            .into_iter()
            .map(|i| self.row(i, false))
            .collect()
    }

    /// Every customer of the cohort with P(exactly n purchases) (for the command line).
    pub fn rows(&self) -> Vec<CustomerRow> {
        self.rows_with_pmf((0..self.summary.customers.len()).collect()).collect()
    }

    /// The customer table as CSV (RFC 4180, formula characters guarded), sorted by customer id.
    pub fn csv(&self) -> String {
        use crate::csv_cell::guarded;
        let converged: Vec<ModelKey> =
            ModelKey::ALL.iter().copied().filter(|k| self.fitted[k.index()].is_some()).collect();
        let mut header: Vec<String> = ["customer", "frequency", "recency", "T", "monetary_value"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if self.summary.has_holdout() {
            header.push("holdout_purchases".into());
        }
        for k in &converged {
            header.push(format!("{}_p_alive", k.key()));
            header.push(format!("{}_expected_purchases", k.key()));
        }
        header.push("expected_avg_spend".into());
        header.push("clv".into());
        let with_pmf = self.fitted[self.main_index()].is_some();
        if with_pmf {
            header.extend((0..=PMF_MAX).map(|n| format!("p_{n}_purchases")));
        }
        let mut out = header.join(",");
        out.push_str("\r\n");
        let number = |v: f64| {
            if v.is_finite() {
                format!("{}", (v * 1e6).round() / 1e6)
            } else {
                String::new()
            }
        };
        let order = self.sorted("customer", false, "");
        let rows: Box<dyn Iterator<Item = CustomerRow>> = if with_pmf {
            Box::new(self.rows_with_pmf(order))
        } else {
            Box::new(order.into_iter().map(|i| self.row(i, false)))
        };
        for row in rows {
            let mut cells = vec![
                guarded(&row.customer),
                row.frequency.to_string(),
                number(row.recency),
                number(row.t),
                number(row.monetary_value),
            ];
            if let Some(h) = row.holdout_purchases {
                cells.push(h.to_string());
            }
            for k in &converged {
                let p = row.models.get(k.key());
                cells.push(p.map(|p| number(p.p_alive)).unwrap_or_default());
                cells.push(p.map(|p| number(p.expected_purchases)).unwrap_or_default());
            }
            cells.push(row.expected_avg_spend.map(number).unwrap_or_default());
            cells.push(row.clv.map(number).unwrap_or_default());
            if let Some(p) = &row.p_purchases {
                cells.extend(p.iter().map(|v| number(*v)));
            }
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

/// Compares ids so that "2" < "10" when both are numbers; numbers come before other names.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    // Names that are whole numbers first, by number (then text: "05" and "5"),
    // then every other name by text: a total order, as a sort needs (comparing a
    // number with a name by text made "1a" < "9" < "10" < "1a").
    let number =
        |s: &str| s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse::<u64>().ok()).flatten();
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// The failure message, a parameter that ran off named rather than numbered.
fn named(failure: &FitFailure, names: &[&str]) -> String {
    match failure.runs_off {
        Some((i, to_infinity)) => match names.get(i) {
            Some(name) => optimize::runs_off_text(name, to_infinity),
            None => optimize::runs_off_text(&(i + 1), to_infinity),
        },
        None => failure.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::natural;
    use std::cmp::Ordering;

    #[test]
    fn natural_order_is_a_total_order() {
        let names =
            ["1a", "9", "10", "05", "5", "", "+5", "C1", "64", "a", "99999999999999999999999"];
        for a in names {
            assert_eq!(natural(a, a), Ordering::Equal);
            for b in names {
                assert_eq!(natural(a, b), natural(b, a).reverse(), "{a:?} {b:?}");
                for c in names {
                    if natural(a, b) == Ordering::Less && natural(b, c) == Ordering::Less {
                        assert_eq!(natural(a, c), Ordering::Less, "{a:?} < {b:?} < {c:?}");
                    }
                }
            }
        }
        let mut sorted = names.to_vec();
        sorted.sort_by(|a, b| natural(a, b));
        assert_eq!(sorted[..5], ["05", "5", "9", "10", "64"]);
    }
}
