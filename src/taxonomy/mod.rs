//! Classification of touch points: readable rules ([`rules`]), the presets
//! shipped with the crate (generic, hotel, retail), and the classification
//! of a dataset's events.

pub mod rules;

use crate::error::{Error, Result};
use crate::model::{Classes, Dataset};
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
        Error::at(0, format!("no preset {name:?} (expected one of: {})", names.join(", ")))
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
            return Err(Error::at(0, format!("rules: \"extends\" loops back to {name:?}")));
        }
        let parent = preset(&name)?;
        rules.extend(parent.rules.iter().cloned());
        seen.push(name);
        next = parent.extends.clone();
    }
    Ok(rules)
}

/// Every event's final classes, aligned with `dataset.events`, plus the
/// decision for every (touch point, channel) pair met.
#[derive(Debug, Clone)]
pub struct Classification {
    /// Final classes per event: the data's columns over the rules.
    pub classes: Vec<Classes>,
    /// The rules' decision per touch point (channel ignored), by touch point id.
    pub by_touchpoint: Vec<Decision>,
}

/// Classifies every event of `dataset` with `rules` (expanded).
pub fn classify(dataset: &Dataset, rules: &[Rule]) -> Classification {
    let classifier = Classifier::new(rules);
    let by_touchpoint: Vec<Decision> =
        dataset.touchpoints.iter().map(|name| classifier.classify(name, None)).collect();
    let mut with_channel: HashMap<(u32, u32), Classes> = HashMap::new();
    let classes = dataset
        .events
        .iter()
        .map(|event| {
            let from_rules = match event.channel {
                None => by_touchpoint
                    .get(event.touchpoint as usize)
                    .map(|d| d.classes)
                    .unwrap_or_default(),
                Some(channel) => {
                    *with_channel.entry((event.touchpoint, channel)).or_insert_with(|| {
                        classifier
                            .classify(
                                dataset.touchpoints.name(event.touchpoint),
                                Some(dataset.channels.name(channel)),
                            )
                            .classes
                    })
                }
            };
            event.given.or(from_rules)
        })
        .collect();
    Classification { classes, by_touchpoint }
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
