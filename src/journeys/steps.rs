//! Steps of funnels, path anchors and journey-map stages: what an event must
//! be to count as the step. A step is a touch point name (or several), a
//! class (`stage = purchase`), a channel (`channel = email`), or a rule
//! condition in the rule editor's matching (`touchpoint ~ order & channel ~ web`).
//!
//! Matching is compiled once per distinct touch point name and channel name
//! ([`StepMatcher`]); only class steps look at each event's classes. Each
//! step is one bit of a `u64` mask, so one pass gives every step an event
//! matches.
//!
//! Text form of one step (the command line's `--steps`, the page's step box):
//!
//! ```text
//! Checkout                      the touch point named "Checkout" (case and spaces around ignored)
//! Online order | Checkout       either touch point
//! stage = purchase              a class: kind, owner, stage, media or direction = a value or "unclassified"
//! channel = email               the channel named "email"
//! touchpoint ~ review | rating  rule keywords: whole words, or * and ? wildcards over the whole name
//! touchpoint ~ order & channel ~ web   both parts of a rule condition
//! ```
//! In a list, `?` after a step makes it optional and `!` before a step makes
//! it an exclusion between its neighbours (see `docs/journeys.md`).

use crate::error::{Error, Result};
use crate::model::{Classes, Names};
use crate::taxonomy::rules::ConditionMatcher;
use crate::taxonomy::Condition;
use crate::text;
use serde::{Deserialize, Serialize};

/// The most steps (funnel steps, exclusions and anchors together) one matcher holds.
pub const MAX_MATCHERS: usize = 64;

/// A class dimension a step can test (the model's one list of dimensions).
pub use crate::model::Dimension;

/// What an event must be to count as a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Matcher {
    /// One of these touch point names (compared without case and outer spaces).
    Touchpoint(Vec<String>),
    /// One of these channel names (compared without case and outer spaces).
    Channel(Vec<String>),
    /// A class value; `value` is the value's key, `None` for "unclassified".
    Class { dimension: Dimension, value: Option<String> },
    /// A rule condition: any touch point keyword and any channel keyword.
    Rule(Condition),
}

impl Matcher {
    /// The matcher in the step text form (`stage = purchase`).
    pub fn describe(&self) -> String {
        match self {
            Matcher::Touchpoint(names) => names.join(" | "),
            Matcher::Channel(names) => format!("channel = {}", names.join(" | ")),
            Matcher::Class { dimension, value } => {
                format!("{} = {}", dimension.name(), value.as_deref().unwrap_or("unclassified"))
            }
            Matcher::Rule(c) => {
                let mut parts = Vec::new();
                if !c.touchpoint.is_empty() {
                    parts.push(format!("touchpoint ~ {}", c.touchpoint.join(" | ")));
                }
                if !c.channel.is_empty() {
                    parts.push(format!("channel ~ {}", c.channel.join(" | ")));
                }
                parts.join(" & ")
            }
        }
    }

    /// True when the step tests classes (so events' classes are needed).
    pub fn needs_classes(&self) -> bool {
        matches!(self, Matcher::Class { .. })
    }
}

/// One step as written in a list: its matcher and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedStep {
    pub matcher: Matcher,
    /// `?` after the step: optional.
    pub optional: bool,
    /// `!` before the step: an exclusion.
    pub exclusion: bool,
    /// 1-based character position of the step in the list text.
    pub column: usize,
    /// The step's text, trimmed.
    pub text: String,
}

/// Reads one step in the text form. `column` (1-based) positions errors.
pub fn parse_step(text: &str, column: usize) -> Result<Matcher> {
    let at = |message: String| {
        Error::at(
            0,
            text::t(
                "core.steps.at",
                "step at character {column}: {message}",
                &[("column", &column), ("message", &message)],
            ),
        )
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(at(text::t(
            "core.steps.empty",
            "the step is empty (expected a touch point name, a class such as \"stage = purchase\", or \"touchpoint ~ keyword\")",
            &[],
        )));
    }
    let alternatives = |s: &str| -> Vec<String> {
        s.split('|').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
    };
    // A rule condition: "touchpoint ~ a | b & channel ~ c".
    if text.contains('~') {
        let mut condition = Condition::default();
        for part in text.split('&') {
            let Some((field, words)) = part.split_once('~') else {
                return Err(at(text::t(
                    "core.steps.rule.form",
                    "{part} is not \"touchpoint ~ keywords\" or \"channel ~ keywords\"",
                    &[("part", &format!("{:?}", part.trim()))],
                )));
            };
            let words = alternatives(words);
            if words.is_empty() {
                return Err(at(text::t(
                    "core.steps.rule.noWords",
                    "{part} has no keywords after ~",
                    &[("part", &format!("{:?}", part.trim()))],
                )));
            }
            match field.trim().to_lowercase().as_str() {
                "touchpoint" | "touch point" | "tp" => condition.touchpoint.extend(words),
                "channel" => condition.channel.extend(words),
                other => {
                    return Err(at(text::t(
                        "core.steps.rule.field",
                        "{field} ~ …: a rule step tests \"touchpoint\" or \"channel\"",
                        &[("field", &format!("{other:?}"))],
                    )))
                }
            }
        }
        return Ok(Matcher::Rule(condition));
    }
    if let Some((field, value)) = text.split_once('=') {
        let field = field.trim();
        if field.eq_ignore_ascii_case("channel") {
            let names = alternatives(value);
            if names.is_empty() {
                return Err(at(text::t(
                    "core.steps.channel.empty",
                    "\"channel =\" needs a channel name",
                    &[],
                )));
            }
            return Ok(Matcher::Channel(names));
        }
        if field.eq_ignore_ascii_case("touchpoint") || field.eq_ignore_ascii_case("touch point") {
            let names = alternatives(value);
            if names.is_empty() {
                return Err(at(text::t(
                    "core.steps.touchpoint.empty",
                    "\"touchpoint =\" needs a touch point name",
                    &[],
                )));
            }
            return Ok(Matcher::Touchpoint(names));
        }
        if let Some(dimension) = Dimension::parse(field) {
            let value = value.trim();
            return match dimension.parse_value(value) {
                Some(key) => Ok(Matcher::Class { dimension, value: key.map(str::to_string) }),
                None => Err(at(text::t(
                    "core.steps.class.value",
                    "{value} is not a {dimension} (expected {values} or unclassified)",
                    &[
                        ("value", &format!("{value:?}")),
                        ("dimension", &dimension.name()),
                        ("values", &dimension.keys().join(", ")),
                    ],
                ))),
            };
        }
        // Not a dimension: a touch point whose name holds "=".
    }
    let names = alternatives(text);
    if names.is_empty() {
        return Err(at(text::t("core.steps.noName", "the step names no touch point", &[])));
    }
    Ok(Matcher::Touchpoint(names))
}

/// Reads a comma-separated list of steps (`"Instagram ad, Website visit?, !Return, Online order"`).
/// A step with a comma in its name is written in double quotes.
pub fn parse_step_list(text: &str) -> Result<Vec<ParsedStep>> {
    let mut out = Vec::new();
    for (column, raw) in split_list(text)? {
        let mut t = raw.trim();
        let lead = raw.len() - raw.trim_start().len();
        let mut exclusion = false;
        let mut optional = false;
        if let Some(rest) = t.strip_prefix('!') {
            exclusion = true;
            t = rest.trim_start();
        }
        if let Some(rest) = t.strip_suffix('?') {
            optional = true;
            t = rest.trim_end();
        }
        let unquoted = t.strip_prefix('"').and_then(|s| s.strip_suffix('"'));
        let matcher = match unquoted {
            Some(name) => Matcher::Touchpoint(vec![name.replace("\"\"", "\"")]),
            None => parse_step(t, column + lead)?,
        };
        if exclusion && optional {
            let message = text::t(
                "core.steps.exclusionOptional",
                "a step is either an exclusion (!) or optional (?), not both",
                &[],
            );
            return Err(Error::at(
                0,
                text::t(
                    "core.steps.at",
                    "step at character {column}: {message}",
                    &[("column", &(column + lead)), ("message", &message)],
                ),
            ));
        }
        out.push(ParsedStep {
            matcher,
            optional,
            exclusion,
            column: column + lead,
            text: t.into(),
        });
    }
    if out.is_empty() {
        return Err(Error::at(
            0,
            text::t(
                "core.steps.none",
                "no steps: expected a comma-separated list such as \"Website visit, Online order\"",
                &[],
            ),
        ));
    }
    Ok(out)
}

/// Splits `text` at commas outside double quotes: (1-based character column, part).
fn split_list(text: &str) -> Result<Vec<(usize, String)>> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    let mut quoted = false;
    let mut quote_at = 0;
    for (i, c) in text.chars().enumerate() {
        match c {
            '"' => {
                quoted = !quoted;
                quote_at = i + 1;
                current.push(c);
            }
            ',' if !quoted => {
                parts.push((start, std::mem::take(&mut current)));
                start = i + 2;
            }
            c => current.push(c),
        }
    }
    if quoted {
        return Err(Error::at(
            0,
            text::t(
                "core.steps.quote",
                "steps: the quote at character {column} is not closed",
                &[("column", &quote_at)],
            ),
        ));
    }
    parts.push((start, current));
    Ok(parts)
}

/// Reads a duration: a number of seconds, or a number with a unit
/// (`90s`, `30m` or `30min`, `2h`, `7d`, `2w`; for path rows a plain number of steps).
pub fn parse_duration(text: &str) -> std::result::Result<f64, String> {
    let t = text.trim().to_lowercase();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let value: f64 = number.parse().map_err(|_| {
        text::t(
            "core.steps.duration.invalid",
            "{value} is not a duration (expected e.g. 30m, 2h, 7d or seconds)",
            &[("value", &format!("{text:?}"))],
        )
    })?;
    let factor = match unit.trim() {
        "" | "s" | "sec" | "second" | "seconds" => 1.0,
        "m" | "min" | "minute" | "minutes" => 60.0,
        "h" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86400.0,
        "w" | "week" | "weeks" => 7.0 * 86400.0,
        other => {
            return Err(text::t(
                "core.steps.duration.unit",
                "{value}: unknown unit {unit} (expected s, m, h, d or w)",
                &[("value", &format!("{text:?}")), ("unit", &format!("{other:?}"))],
            ))
        }
    };
    if !value.is_finite() || value < 0.0 {
        return Err(text::t(
            "core.steps.duration.negative",
            "{value} is not a duration ≥ 0",
            &[("value", &format!("{text:?}"))],
        ));
    }
    Ok(value * factor)
}

/// Steps compiled against a dataset's name tables: the mask of an event is
/// `by_touchpoint[tp] & by_channel[ch] & class bits`.
#[derive(Debug, Clone)]
pub struct StepMatcher {
    by_touchpoint: Vec<u64>,
    by_channel: Vec<u64>,
    no_channel: u64,
    /// (bit, dimension, value key) of class steps.
    class_tests: Vec<(u64, Dimension, Option<&'static str>)>,
    class_bits: u64,
    count: usize,
}

fn normalized(name: &str) -> String {
    name.trim().to_lowercase()
}

impl StepMatcher {
    /// Compiles `matchers` (at most [`MAX_MATCHERS`]) for the names of a dataset.
    pub fn new(
        matchers: &[&Matcher],
        touchpoints: &Names,
        channels: &Names,
    ) -> Result<StepMatcher> {
        if matchers.len() > MAX_MATCHERS {
            return Err(Error::at(
                0,
                text::t(
                    "core.steps.tooMany",
                    "{n} steps in all; at most {max} can be matched at once",
                    &[("n", &matchers.len()), ("max", &MAX_MATCHERS)],
                ),
            ));
        }
        let tp_names: Vec<String> = touchpoints.iter().map(normalized).collect();
        let mut by_touchpoint = vec![0u64; tp_names.len()];
        let mut by_channel = vec![0u64; channels.len()];
        let mut no_channel = 0u64;
        let mut class_tests = Vec::new();
        let mut class_bits = 0u64;
        for (i, m) in matchers.iter().enumerate() {
            let bit = 1u64 << i;
            // Each part (touch point, channel) matches everything unless the step restricts it.
            let mut tp_all = true;
            let mut ch_all = true;
            match m {
                Matcher::Touchpoint(names) => {
                    tp_all = false;
                    let wanted: Vec<String> = names.iter().map(|n| normalized(n)).collect();
                    for (t, name) in tp_names.iter().enumerate() {
                        if wanted.contains(name) {
                            by_touchpoint[t] |= bit;
                        }
                    }
                }
                Matcher::Channel(names) => {
                    ch_all = false;
                    let wanted: Vec<String> = names.iter().map(|n| normalized(n)).collect();
                    for (c, name) in channels.iter().enumerate() {
                        if wanted.contains(&normalized(name)) {
                            by_channel[c] |= bit;
                        }
                    }
                }
                Matcher::Class { dimension, value } => {
                    let key = match value {
                        None => None,
                        Some(v) => dimension.parse_value(v).ok_or_else(|| {
                            Error::at(
                                0,
                                text::t(
                                    "core.steps.class.unknown",
                                    "step {step}: {value} is not a {dimension}",
                                    &[
                                        ("step", &(i + 1)),
                                        ("value", &format!("{v:?}")),
                                        ("dimension", &dimension.name()),
                                    ],
                                ),
                            )
                        })?,
                    };
                    class_tests.push((bit, *dimension, key));
                    class_bits |= bit;
                }
                Matcher::Rule(condition) => {
                    if condition.touchpoint.is_empty() && condition.channel.is_empty() {
                        return Err(Error::at(
                            0,
                            text::t(
                                "core.steps.rule.empty",
                                "step {step}: a rule step needs touch point or channel keywords",
                                &[("step", &(i + 1))],
                            ),
                        ));
                    }
                    let c = ConditionMatcher::new(condition);
                    tp_all = false;
                    ch_all = false;
                    for (t, name) in touchpoints.iter().enumerate() {
                        if c.touchpoint_matches(name) {
                            by_touchpoint[t] |= bit;
                        }
                    }
                    for (x, name) in channels.iter().enumerate() {
                        if c.channel_matches(Some(name)) {
                            by_channel[x] |= bit;
                        }
                    }
                    if c.channel_matches(None) {
                        no_channel |= bit;
                    }
                }
            }
            if tp_all {
                by_touchpoint.iter_mut().for_each(|m| *m |= bit);
            }
            if ch_all {
                by_channel.iter_mut().for_each(|m| *m |= bit);
                no_channel |= bit;
            }
        }
        Ok(StepMatcher {
            by_touchpoint,
            by_channel,
            no_channel,
            class_tests,
            class_bits,
            count: matchers.len(),
        })
    }

    /// Number of matchers (bits).
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when there is no matcher.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// True when some step tests classes (the caller must pass each event's classes).
    pub fn needs_classes(&self) -> bool {
        !self.class_tests.is_empty()
    }

    /// The steps an event matches, from its touch point id, channel id and
    /// (when [`needs_classes`](Self::needs_classes)) its classes.
    pub fn mask(&self, touchpoint: u32, channel: Option<u32>, classes: Option<&Classes>) -> u64 {
        let tp = self.by_touchpoint.get(touchpoint as usize).copied().unwrap_or(0);
        let ch = match channel {
            Some(c) => self.by_channel.get(c as usize).copied().unwrap_or(0),
            None => self.no_channel,
        };
        let mut mask = tp & ch;
        if self.class_bits != 0 {
            mask &= !self.class_bits;
            if let Some(classes) = classes {
                for (bit, dimension, key) in &self.class_tests {
                    if dimension.key_of(classes) == *key {
                        mask |= bit & tp & ch;
                    }
                }
            }
        }
        mask
    }

    /// The steps touch point `touchpoint` can match at all (class and channel tests aside).
    pub fn touchpoint_mask(&self, touchpoint: u32) -> u64 {
        self.by_touchpoint.get(touchpoint as usize).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_text_forms() {
        assert_eq!(
            parse_step("Checkout", 1).unwrap(),
            Matcher::Touchpoint(vec!["Checkout".into()])
        );
        assert_eq!(
            parse_step("stage = purchase", 1).unwrap(),
            Matcher::Class { dimension: Dimension::Stage, value: Some("purchase".into()) }
        );
        assert_eq!(
            parse_step("kind=unclassified", 1).unwrap(),
            Matcher::Class { dimension: Dimension::Kind, value: None }
        );
        assert_eq!(
            parse_step("channel = email", 1).unwrap(),
            Matcher::Channel(vec!["email".into()])
        );
        let rule = parse_step("touchpoint ~ order | buy & channel ~ web", 1).unwrap();
        assert_eq!(
            rule,
            Matcher::Rule(Condition {
                touchpoint: vec!["order".into(), "buy".into()],
                channel: vec!["web".into()]
            })
        );
        let e = parse_step("stage = purchse", 7).unwrap_err().to_string();
        assert!(
            e.contains("character 7") && e.contains("pre-purchase, purchase, post-purchase"),
            "{e}"
        );
    }

    #[test]
    fn lists_mark_optional_and_exclusions_and_position_errors() {
        let steps = parse_step_list("A, B?, !X, \"C, D\"").unwrap();
        assert_eq!(steps.len(), 4);
        assert!(steps[1].optional && steps[2].exclusion);
        assert_eq!(steps[3].matcher, Matcher::Touchpoint(vec!["C, D".into()]));
        assert_eq!(steps[2].column, 8);
        let e = parse_step_list("A,,B").unwrap_err().to_string();
        assert!(e.contains("character 3") && e.contains("empty"), "{e}");
        assert!(parse_step_list("A, \"B").unwrap_err().to_string().contains("character 4"));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90").unwrap(), 90.0);
        assert_eq!(parse_duration("30m").unwrap(), 1800.0);
        assert_eq!(parse_duration("2 h").unwrap(), 7200.0);
        assert_eq!(parse_duration("7d").unwrap(), 604800.0);
        assert!(parse_duration("7 fortnights").is_err());
        assert!(parse_duration("-1").is_err());
    }
}
