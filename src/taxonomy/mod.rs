//! Classification of touch points: readable rules ([`rules`]), the presets
//! shipped with the crate (generic, hotel, retail), and the classification
//! of a dataset's events.

pub mod rules;

use crate::error::{Error, Result};
use crate::model::{Classes, Dataset};
use crate::text;
pub use rules::{Classifier, Condition, Decision, Rule, RuleSet};
use std::collections::HashMap;

/// The shipped presets: name and JSON text.
pub const PRESETS: &[(&str, &str)] = &[
    ("generic", include_str!("presets/generic.json")),
    ("hotel", include_str!("presets/hotel.json")),
    ("retail", include_str!("presets/retail.json")),
];

/// The preset called `name`.
pub fn preset(name: &str) -> Result<RuleSet> {
    let text = PRESETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).ok_or_else(|| {
        let names: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
        Error::at(
            0,
            text::t(
                "core.rules.noPreset",
                "no preset {name} (expected one of: {names})",
                &[("name", &format!("{name:?}")), ("names", &names.join(", "))],
            ),
        )
    })?;
    RuleSet::from_json(text)
}

/// The rules of `set` followed by those of the presets it extends.
pub fn expand(set: &RuleSet) -> Result<Vec<Rule>> {
    let mut rules = set.rules.clone();
    let mut next = set.extends.clone();
    let mut seen = vec![set.name.clone()];
    while let Some(name) = next {
        if seen.contains(&name) {
            return Err(Error::at(
                0,
                text::t(
                    "core.rules.extendsLoop",
                    "rules: \"extends\" loops back to {name}",
                    &[("name", &format!("{name:?}"))],
                ),
            ));
        }
        let parent = preset(&name)?;
        rules.extend(parent.rules.iter().cloned());
        seen.push(name);
        next = parent.extends.clone();
    }
    Ok(rules)
}

/// The classes of every event, without a vector per event: the rules'
/// decision per touch point (and per touch point and channel pair when a rule
/// tests the channel), under the classes given by the data's columns.
#[derive(Debug, Clone, Default)]
pub struct Classification {
    /// The rules' decision per touch point (channel ignored), by touch point id.
    pub by_touchpoint: Vec<Decision>,
    /// Rules that test channels: the rules' classes per (touch point, channel) met.
    by_pair: Option<HashMap<(u32, u32), Classes>>,
}

impl Classification {
    /// The rules' classes for `touchpoint` met on `channel`.
    pub fn rule_classes(&self, touchpoint: u32, channel: Option<u32>) -> Classes {
        if let (Some(pairs), Some(channel)) = (&self.by_pair, channel) {
            if let Some(c) = pairs.get(&(touchpoint, channel)) {
                return *c;
            }
        }
        self.by_touchpoint.get(touchpoint as usize).map(|d| d.classes).unwrap_or_default()
    }

    /// The final classes of event `i` of `dataset` (the dataset that was
    /// classified): a class column of the data over the rules.
    pub fn classes_of(&self, dataset: &Dataset, i: usize) -> Classes {
        let rules = self.rule_classes(dataset.touchpoint(i), dataset.channel(i));
        dataset.given(i).or(rules)
    }
}

/// Classifies every event of `dataset` with `rules` (expanded). With no
/// rules, every event keeps the classes its data gave.
pub fn classify(dataset: &Dataset, rules: &[Rule]) -> Classification {
    let classifier = Classifier::new(rules);
    let touchpoints = dataset.touchpoint_names();
    let by_touchpoint: Vec<Decision> =
        touchpoints.iter().map(|name| classifier.classify(name, None)).collect();
    let tests_channels = rules.iter().any(|r| !r.condition.channel.is_empty());
    let by_pair = (tests_channels && dataset.has_channels()).then(|| {
        let channels = dataset.channel_names();
        let mut pairs: HashMap<(u32, u32), Classes> = HashMap::new();
        for i in 0..dataset.len() {
            let Some(channel) = dataset.channel(i) else { continue };
            let tp = dataset.touchpoint(i);
            pairs.entry((tp, channel)).or_insert_with(|| {
                classifier.classify(touchpoints.name(tp), Some(channels.name(channel))).classes
            });
        }
        pairs
    });
    Classification { by_touchpoint, by_pair }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_load_and_extend() {
        for (name, _) in PRESETS {
            let set = preset(name).expect("shipped presets are valid");
            assert!(!expand(&set).expect("extends resolves").is_empty());
        }
    }
}
