//! The attribution report: every model's credit per channel for conversions and
//! value, the Markov removal effects, how each figure is made, and the exports
//! (the table as CSV, the transition matrix as CSV).

use super::input::{AttributionInput, ChannelDimension, ConversionPaths};
use super::markov::{self, Chain, MarkovResult};
use super::shapley::{self, ShapleyResult};
use super::{rules, AttributionSettings, ChannelMap, Credit, Model, PositionWeights};
use crate::model::Problem;
use crate::text;
use serde::Serialize;
use std::collections::BTreeMap;

/// Credits of each model (a model not asked for is absent).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Models {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_touch: Option<ChannelMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_touch: Option<ChannelMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linear: Option<ChannelMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_decay: Option<ChannelMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position_based: Option<ChannelMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markov: Option<ChannelMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shapley: Option<ChannelMap>,
}

impl Models {
    /// The credits of `model`, if computed.
    pub fn get(&self, model: Model) -> Option<&ChannelMap> {
        match model {
            Model::FirstTouch => self.first_touch.as_ref(),
            Model::LastTouch => self.last_touch.as_ref(),
            Model::Linear => self.linear.as_ref(),
            Model::TimeDecay => self.time_decay.as_ref(),
            Model::PositionBased => self.position_based.as_ref(),
            Model::Markov => self.markov.as_ref(),
            Model::Shapley => self.shapley.as_ref(),
        }
    }

    fn slot(&mut self, model: Model) -> &mut Option<ChannelMap> {
        match model {
            Model::FirstTouch => &mut self.first_touch,
            Model::LastTouch => &mut self.last_touch,
            Model::Linear => &mut self.linear,
            Model::TimeDecay => &mut self.time_decay,
            Model::PositionBased => &mut self.position_based,
            Model::Markov => &mut self.markov,
            Model::Shapley => &mut self.shapley,
        }
    }

    /// The computed models, in display order.
    pub fn computed(&self) -> impl Iterator<Item = (Model, &ChannelMap)> + '_ {
        Model::ALL.into_iter().filter_map(|m| self.get(m).map(|c| (m, c)))
    }
}

/// How time decay weighed the touch points.
#[derive(Debug, Clone, Serialize)]
pub struct TimeDecaySummary {
    /// `"days"` (timed journeys) or `"steps"` (paths without times).
    pub basis: &'static str,
    pub half_life: f64,
}

/// The Shapley model's method and, when sampled, the standard errors.
#[derive(Debug, Clone, Serialize)]
pub struct ShapleySummary {
    #[serde(flatten)]
    pub result: ShapleyResult,
    /// Monte-Carlo: standard error of each channel's attributed conversions and value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard_errors: Option<ChannelMap>,
}

/// Attribution of conversions and value to channels by seven models.
#[derive(Debug, Clone, Serialize)]
pub struct AttributionReport {
    /// Conversions over all paths.
    pub conversions: f64,
    /// Conversion value over all paths.
    pub value: f64,
    /// Journeys (or path counts) that did not convert.
    pub nulls: f64,
    /// Channels met on any path, most conversions touched first.
    pub channels: Vec<String>,
    pub models: Models,
    /// Markov removal effects (0–1) for conversions and for value.
    pub removal_effects: ChannelMap,
    /// Conversions and value of the paths each channel is on (its reach among conversions).
    pub touched: ChannelMap,
    /// Paths kept (before equal ones are aggregated) and distinct paths.
    pub paths: usize,
    pub distinct_paths: usize,
    pub dimension: ChannelDimension,
    pub conversion_paths: ConversionPaths,
    pub time_decay: TimeDecaySummary,
    /// Position-based weights, normalised to sum to 1.
    pub position: PositionWeights,
    /// The settings used (every key).
    pub settings: AttributionSettings,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markov: Option<MarkovResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shapley: Option<ShapleySummary>,
    /// How each figure is computed, in words.
    pub definitions: BTreeMap<&'static str, String>,
    /// Notes on the input and the results.
    pub notes: Vec<String>,
    /// Paths left out, with their line.
    pub problems: Vec<Problem>,
}

fn definitions() -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        (
            "conversions",
            text::t(
                "core.attr.note.def.conversions",
                "The sum of the paths' conversions; each model splits exactly this total over the channels (Shapley with a sampling error above 15 channels).",
                &[],
            ),
        ),
        (
            "value",
            text::t(
                "core.attr.note.def.value",
                "The sum of the paths' conversion value, split like the conversions.",
                &[],
            ),
        ),
        (
            "nulls",
            text::t(
                "core.attr.note.def.nulls",
                "Journeys (path counts) that ended without a conversion; only Markov and Shapley use them.",
                &[],
            ),
        ),
        (
            "first_touch",
            text::t(
                "core.attr.note.def.firstTouch",
                "Each path's conversions and value go to its first touch point's channel.",
                &[],
            ),
        ),
        (
            "last_touch",
            text::t(
                "core.attr.note.def.lastTouch",
                "Each path's conversions and value go to its last touch point's channel (for event journeys, the converting event).",
                &[],
            ),
        ),
        (
            "linear",
            text::t(
                "core.attr.note.def.linear",
                "Each touch point of a path gets an equal share, per occurrence: a > a > b gives a 2/3 and b 1/3 (ChannelAttribution's convention).",
                &[],
            ),
        ),
        (
            "time_decay",
            text::t(
                "core.attr.note.def.timeDecay",
                "Each touch point's share halves every half-life before the conversion (default 7 days); paths without times decay by steps before the last touch point (default half-life 1 step).",
                &[],
            ),
        ),
        (
            "position_based",
            text::t(
                "core.attr.note.def.positionBased",
                "The first touch point gets 40%, the last 40%, the ones between share 20% (settable); a single touch point gets all, two get 50/50.",
                &[],
            ),
        ),
        (
            "markov",
            text::t(
                "core.attr.note.def.markov",
                "Removal effects of an order-k Markov chain of the paths (consecutive repeats collapsed, start, conversion and null states), solved exactly as an absorbing chain; a channel's credit is its removal effect's share of the sum of removal effects, times the total.",
                &[],
            ),
        ),
        (
            "removal_effects",
            text::t(
                "core.attr.note.def.removalEffects",
                "1 − P(conversion with the channel removed) / P(conversion): the share of conversions that pass through the channel. For value, the same with the expected conversion value.",
                &[],
            ),
        ),
        (
            "shapley",
            text::t(
                "core.attr.note.def.shapley",
                "Shapley values of a game whose coalitions are worth the conversions of the journeys that met only their channels (the default; exact, closed form: each path's conversions split equally over its distinct channels), or their conversion rate (journeys without conversion count too; exact over every coalition up to 15 channels, estimated from random permutations with a standard error above; scaled to the total).",
                &[],
            ),
        ),
        (
            "touched",
            text::t(
                "core.attr.note.def.touched",
                "Conversions and value of the paths that meet the channel at least once.",
                &[],
            ),
        ),
    ])
}

/// Computes the models of `settings` on `input`; an `Err` names a bad setting.
pub fn attribute(
    input: &AttributionInput,
    settings: &AttributionSettings,
) -> Result<AttributionReport, String> {
    settings.validate()?;
    let (conversions, value, nulls) = input.totals();
    let totals = Credit { conversions, value };
    let n = input.channel_names.len();
    let table = input.table();

    // Channels on any path, by the conversions they touch.
    let mut touched = vec![Credit::default(); n];
    let mut present = vec![false; n];
    let mut seen = vec![usize::MAX; n];
    for (i, row) in table.rows.iter().enumerate() {
        for &c in row.channels {
            let c = c as usize;
            present[c] = true;
            if seen[c] != i {
                seen[c] = i;
                touched[c].conversions += row.conversions;
                touched[c].value += row.value;
            }
        }
    }
    let mut order: Vec<u32> = (0..n as u32).filter(|&c| present[c as usize]).collect();
    crate::sort::sort_by(&mut order, |a, b| {
        let (ta, tb) = (touched[*a as usize], touched[*b as usize]);
        tb.conversions
            .total_cmp(&ta.conversions)
            .then(tb.value.total_cmp(&ta.value))
            .then(input.channel_names[*a as usize].cmp(&input.channel_names[*b as usize]))
    });
    let names = &input.channel_names;
    let map = |credits: &[Credit]| ChannelMap::from_ids(names, &order, credits);

    let p = settings.position;
    let sum = p.first + p.middle + p.last;
    let position =
        PositionWeights { first: p.first / sum, middle: p.middle / sum, last: p.last / sum };
    let mut models = Models::default();
    let mut markov_result = None;
    let mut shapley_summary = None;
    let mut removal_effects = ChannelMap::default();
    let mut notes = input.notes.clone();
    let too_many = settings.markov_channel_limit > 0 && order.len() > settings.markov_channel_limit;
    if too_many && settings.wants(Model::Markov) {
        notes.push(text::t(
            "core.attr.note.markovLeftOut",
            "Markov is left out: {channels} channels are more than its limit of {limit} (the exact solve grows with the cube of the channels). Choose the channel column or a class as the channel, or raise the limit (markov_channel_limit).",
            &[("channels", &order.len()), ("limit", &settings.markov_channel_limit)],
        ));
    }
    for model in Model::ALL {
        if !settings.wants(model) || (model == Model::Markov && too_many) {
            continue;
        }
        let credits = match model {
            Model::FirstTouch => rules::first_touch(input),
            Model::LastTouch => rules::last_touch(input),
            Model::Linear => rules::linear(input),
            Model::TimeDecay => {
                rules::time_decay(input, settings.half_life_days, settings.half_life_steps)
            }
            Model::PositionBased => rules::position_based(input, position),
            Model::Markov => {
                let (_, result) = markov::markov(&table, n, settings.order, totals);
                removal_effects = markov::removal_map(&result, names, &order);
                let credits = result.attributed.clone();
                markov_result = Some(result);
                credits
            }
            Model::Shapley => {
                let result = shapley::shapley(
                    &table,
                    n,
                    totals,
                    settings.shapley_game,
                    settings.shapley_exact_limit,
                    settings.shapley_permutations,
                    settings.seed,
                );
                let credits = result.attributed.clone();
                let standard_errors = result.standard_errors.as_deref().map(map);
                shapley_summary = Some(ShapleySummary { result, standard_errors });
                credits
            }
        };
        *models.slot(model) = Some(map(&credits));
    }

    if conversions == 0.0 {
        notes.push(text::t(
            "core.attr.note.noConversions",
            "No conversions: every model gives 0.",
            &[],
        ));
    }
    if let Some(m) = &markov_result {
        if !m.solver.converged {
            notes.push(text::t(
                "core.attr.note.markovSweepLimit",
                "The Markov solve stopped at its sweep limit (largest relative residual {residual}); the removal effects may be inexact.",
                &[("residual", &crate::number::label_number(m.solver.max_residual, 12))],
            ));
        }
    }
    if let Some(s) = &shapley_summary {
        if s.result.method == "monte-carlo" {
            notes.push(text::t(
                "core.attr.note.shapleySampled",
                "Shapley: {channels} channels are more than the exact limit of {limit}; estimated from {permutations} random orders (fixed seed), with standard errors.",
                &[
                    ("channels", &s.result.channels),
                    ("limit", &settings.shapley_exact_limit),
                    ("permutations", &s.result.permutations.unwrap_or(0)),
                ],
            ));
        }
    }
    if !input.problems.is_empty() {
        notes.push(text::t(
            "core.attr.note.leftOut",
            "{n} paths were left out (see problems).",
            &[("n", &input.problems.len())],
        ));
    }
    Ok(AttributionReport {
        conversions,
        value,
        nulls,
        channels: order.iter().map(|&c| names[c as usize].clone()).collect(),
        models,
        removal_effects,
        touched: map(&touched),
        paths: input.len(),
        distinct_paths: table.rows.len(),
        dimension: settings.dimension,
        conversion_paths: settings.conversion_paths,
        time_decay: TimeDecaySummary {
            basis: if input.timed { "days" } else { "steps" },
            half_life: if input.timed { settings.half_life_days } else { settings.half_life_steps },
        },
        position,
        settings: settings.clone(),
        markov: markov_result,
        shapley: shapley_summary,
        definitions: definitions(),
        notes,
        problems: input.problems.clone(),
    })
}

/// The Markov chain of order `order` on `input` (for its transition matrix).
pub fn chain(input: &AttributionInput, order: usize) -> Chain {
    Chain::build(&input.table(), order)
}

/// The table as CSV: one row per channel; per model its conversions and value, then
/// the removal effects (and the Shapley standard errors when sampled).
pub fn report_csv(report: &AttributionReport) -> String {
    use crate::csv_cell::guarded;
    let mut header = vec!["channel".to_string()];
    for (model, _) in report.models.computed() {
        header.push(format!("{}_conversions", model.key()));
        header.push(format!("{}_value", model.key()));
    }
    let has_effects = !report.removal_effects.0.is_empty();
    if has_effects {
        header.push("removal_effect_conversions".into());
        header.push("removal_effect_value".into());
    }
    let errors = report.shapley.as_ref().and_then(|s| s.standard_errors.as_ref());
    if errors.is_some() {
        header.push("shapley_se_conversions".into());
        header.push("shapley_se_value".into());
    }
    let mut out = header.join(",");
    out.push('\n');
    for channel in &report.channels {
        let mut cells = vec![guarded(channel)];
        let mut push = |c: Option<Credit>| {
            let c = c.unwrap_or_default();
            cells.push(c.conversions.to_string());
            cells.push(c.value.to_string());
        };
        for (_, credits) in report.models.computed() {
            push(credits.get(channel));
        }
        if has_effects {
            push(report.removal_effects.get(channel));
        }
        if let Some(e) = errors {
            push(e.get(channel));
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}
