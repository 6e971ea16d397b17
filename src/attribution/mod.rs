//! Attribution: which channels get the credit for conversions and their value,
//! by seven models side by side (see `docs/attribution.md`).
//!
//! - [`rules`]: `first_touch`, `last_touch`, `linear` (ChannelAttribution's
//!   conventions: credit per occurrence), `time_decay` and `position_based`;
//! - [`markov`]: removal effects of an order-k Markov chain, solved exactly as an
//!   absorbing chain (sparse, block by block), never simulated;
//! - [`shapley`]: Shapley values of the journeys' conversions (closed form, exact for
//!   any number of channels) or of their conversion rate (exact over every coalition
//!   up to 15 channels, Monte-Carlo permutations with a standard error above).
//!
//! The input is an [`AttributionInput`] (a table of paths with their conversions,
//! value and nulls), built from a dataset by [`input::from_dataset`] or directly.
//!
//! ```
//! use touchpoints::attribution::{attribute, AttributionInput, AttributionSettings};
//! let mut input = AttributionInput::new(vec!["a".into(), "b".into()], false);
//! input.push_path(&[0, 0, 1], None, 3.0, 30.0, 1.0, 2);
//! let report = attribute(&input, &AttributionSettings::default()).unwrap();
//! let linear = report.models.linear.as_ref().unwrap();
//! assert!((linear.get("a").unwrap().conversions - 2.0).abs() < 1e-12);
//! ```

pub mod input;
pub mod markov;
pub mod report;
pub mod rules;
pub mod shapley;

pub use input::{AttributionInput, ChannelDimension, ConversionPaths, PathRef};
pub use report::{attribute, AttributionReport};
pub use shapley::ShapleyGame;

use crate::dataset::{Dataset, Measure};
use crate::model::TimeBase;
use crate::taxonomy::Classification;
use crate::text;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// The seven models, in the order the table and the chart show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Model {
    FirstTouch,
    LastTouch,
    Linear,
    TimeDecay,
    PositionBased,
    Markov,
    Shapley,
}

impl Model {
    /// Every model, in display order.
    pub const ALL: [Model; 7] = [
        Model::FirstTouch,
        Model::LastTouch,
        Model::Linear,
        Model::TimeDecay,
        Model::PositionBased,
        Model::Markov,
        Model::Shapley,
    ];

    /// The report's key (`"first_touch"` …).
    pub fn key(self) -> &'static str {
        match self {
            Model::FirstTouch => "first_touch",
            Model::LastTouch => "last_touch",
            Model::Linear => "linear",
            Model::TimeDecay => "time_decay",
            Model::PositionBased => "position_based",
            Model::Markov => "markov",
            Model::Shapley => "shapley",
        }
    }

    /// A short human label (`"first touch"` …).
    pub fn label(self) -> &'static str {
        match self {
            Model::FirstTouch => "first touch",
            Model::LastTouch => "last touch",
            Model::Linear => "linear",
            Model::TimeDecay => "time decay",
            Model::PositionBased => "position based",
            Model::Markov => "Markov",
            Model::Shapley => "Shapley",
        }
    }
}

/// The share of the credit for the first, middle and last touch points of the
/// position-based model (relative weights; normalised to sum to 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PositionWeights {
    pub first: f64,
    pub middle: f64,
    pub last: f64,
}

impl Default for PositionWeights {
    fn default() -> PositionWeights {
        PositionWeights { first: 0.4, middle: 0.2, last: 0.4 }
    }
}

/// Settings of the attribution, each with a documented default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttributionSettings {
    /// What a channel is: the touch point name (default), the `channel` column or a class dimension.
    pub dimension: ChannelDimension,
    /// Event journeys: whether a journey gives one path up to its first conversion
    /// (default) or one path per conversion.
    pub conversion_paths: ConversionPaths,
    /// Markov chain order k, 1–4 (default 1).
    pub order: usize,
    /// Time decay on timed data: a touch `half_life_days` days before the conversion
    /// gets half the weight of one at the conversion (default 7).
    pub half_life_days: f64,
    /// Time decay on paths without times: a touch this many steps before the last
    /// gets half the weight of the last (default 1).
    pub half_life_steps: f64,
    /// Position based: first / middle / last shares (default 40 / 20 / 40).
    pub position: PositionWeights,
    /// The Shapley game: a coalition is worth its journeys' conversions (default) or
    /// their conversion rate.
    pub shapley_game: shapley::ShapleyGame,
    /// The rate game is exact up to this many channels (default 15, at most 20), sampled above.
    pub shapley_exact_limit: usize,
    /// Random permutations of the Shapley estimate above the limit (default 2,000).
    pub shapley_permutations: usize,
    /// Seed of the Shapley permutations (fixed: the same data gives the same numbers).
    pub seed: u64,
    /// The models to compute (default: all seven).
    pub models: Vec<Model>,
    /// Markov is left out (with a note) above this many channels (default 2,000): its
    /// exact solve grows with the cube of the channels; choose a coarser channel
    /// dimension, or raise the limit (0: no limit).
    pub markov_channel_limit: usize,
}

impl Default for AttributionSettings {
    fn default() -> AttributionSettings {
        AttributionSettings {
            dimension: ChannelDimension::Touchpoint,
            conversion_paths: ConversionPaths::First,
            order: 1,
            half_life_days: 7.0,
            half_life_steps: 1.0,
            position: PositionWeights::default(),
            shapley_game: shapley::ShapleyGame::Conversions,
            shapley_exact_limit: shapley::EXACT_LIMIT,
            shapley_permutations: 2000,
            seed: 0x7031_5eed,
            models: Model::ALL.to_vec(),
            markov_channel_limit: markov::RETURNS_LIMIT,
        }
    }
}

impl AttributionSettings {
    /// Checks the settings; the message names the setting and what is expected.
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=markov::MAX_ORDER).contains(&self.order) {
            return Err(text::t(
                "core.attr.input.order",
                "order {order}: expected 1 to {max} (the Markov chain's memory in touch points)",
                &[("order", &self.order), ("max", &markov::MAX_ORDER)],
            ));
        }
        for (name, v) in [
            (text::t("core.attr.input.halfLifeDays", "half-life (days)", &[]), self.half_life_days),
            (
                text::t("core.attr.input.halfLifeSteps", "half-life (steps)", &[]),
                self.half_life_steps,
            ),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return Err(text::t(
                    "core.attr.input.halfLife",
                    "{name} {value}: expected a number above 0",
                    &[("name", &name), ("value", &v)],
                ));
            }
        }
        let p = self.position;
        if [p.first, p.middle, p.last].iter().any(|w| !(w.is_finite() && *w >= 0.0))
            || p.first + p.middle + p.last <= 0.0
        {
            return Err(text::t(
                "core.attr.input.position",
                "position weights {first}/{middle}/{last}: expected three numbers of 0 or more, not all 0 (e.g. 40/20/40)",
                &[("first", &p.first), ("middle", &p.middle), ("last", &p.last)],
            ));
        }
        if self.shapley_exact_limit > shapley::MAX_EXACT_LIMIT {
            return Err(text::t(
                "core.attr.input.shapleyLimit",
                "exact Shapley limit {limit}: expected at most {max} channels (2^n coalitions)",
                &[("limit", &self.shapley_exact_limit), ("max", &shapley::MAX_EXACT_LIMIT)],
            ));
        }
        if self.shapley_permutations == 0 || self.shapley_permutations > 1_000_000 {
            return Err(text::t(
                "core.attr.input.permutations",
                "Shapley permutations {n}: expected 1 to {max}",
                &[("n", &self.shapley_permutations), ("max", &crate::number::label_number(1e6, 0))],
            ));
        }
        Ok(())
    }

    /// True when `model` is to be computed.
    pub fn wants(&self, model: Model) -> bool {
        self.models.contains(&model)
    }
}

/// Conversions and value credited to one channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Credit {
    pub conversions: f64,
    pub value: f64,
}

/// Credits by channel, in the report's channel order; serialised as a JSON
/// object `{"alpha": {"conversions": …, "value": …}, …}` in that order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChannelMap(pub Vec<(String, Credit)>);

impl ChannelMap {
    /// The credit of `channel`, if listed.
    pub fn get(&self, channel: &str) -> Option<Credit> {
        self.0.iter().find(|(c, _)| c == channel).map(|(_, v)| *v)
    }

    /// The sum over channels.
    pub fn total(&self) -> Credit {
        self.0.iter().fold(Credit::default(), |a, (_, c)| Credit {
            conversions: a.conversions + c.conversions,
            value: a.value + c.value,
        })
    }

    /// Builds the map for `order` (channel ids) from per-channel-id credits.
    pub(crate) fn from_ids(names: &[String], order: &[u32], credits: &[Credit]) -> ChannelMap {
        ChannelMap(
            order
                .iter()
                .map(|&c| {
                    (
                        names.get(c as usize).cloned().unwrap_or_default(),
                        credits.get(c as usize).copied().unwrap_or_default(),
                    )
                })
                .collect(),
        )
    }
}

impl Serialize for ChannelMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// True when `dataset` can have conversions: attribution path rows, a `converted`
/// column, or values.
pub fn applies(dataset: &Dataset) -> bool {
    dataset.time_base() == TimeBase::Step
        || dataset.has_column("converted")
        || dataset.has_converted_values()
        || dataset.has_measure_values(Measure::Value)
}

/// The attribution report of a classified dataset; an `Err` names a bad setting.
pub fn analyse(
    dataset: &Dataset,
    classification: &Classification,
    settings: &AttributionSettings,
) -> Result<AttributionReport, String> {
    settings.validate()?;
    let input =
        input::from_dataset(dataset, classification, settings.dimension, settings.conversion_paths);
    attribute(&input, settings)
}
