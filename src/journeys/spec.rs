//! What a funnel asks for ([`FunnelSpec`]): its steps, exclusions and
//! options, read from JSON (the page, `--funnel FILE`) or from a step list
//! (`--steps "A, B?, !X, C"`), and checked into a [`Plan`] the evaluator runs.

use super::steps::{parse_duration, parse_step, parse_step_list, Matcher};
use crate::error::{Error, Result};
use crate::text;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

/// The most steps of a funnel.
pub const MAX_STEPS: usize = 20;
/// The most exclusion steps of a funnel.
pub const MAX_EXCLUSIONS: usize = 10;

/// The order in which a journey must meet the steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// Each step after the one before; other events may come between.
    #[default]
    Sequential,
    /// Each step directly after the one before (repeats of the step before may come between).
    Strict,
    /// The steps in any order.
    Any,
}

/// Whether a journey must enter at step 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A journey counts at a step only after doing step 1 (and every required step before).
    #[default]
    Closed,
    /// A journey may enter at any step.
    Open,
}

/// What a step counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Counting {
    /// Each journey once per step.
    #[default]
    Journeys,
    /// Each time a journey goes through, each later run after the previous one ends.
    Completions,
}

/// Which events may start a journey's way through the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Entry {
    /// Any event of the entry step (a journey that stalls may start again later).
    #[default]
    Any,
    /// Only the journey's first event of an entry step (as a path anchored at a step).
    First,
}

/// The dimension of a breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BreakdownBy {
    Touchpoint,
    Channel,
    Kind,
    Owner,
    Stage,
    Media,
    Direction,
    /// Whether the journey has a converting event (converted = true).
    Converted,
}

/// Which event of a journey gives its breakdown value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BreakdownValue {
    /// The journey's first event.
    #[default]
    First,
    /// The journey's last event.
    Last,
    /// The event at which the journey first reaches step `step`.
    Step,
}

/// A breakdown of the funnel by a dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    pub by: BreakdownBy,
    #[serde(default)]
    pub value: BreakdownValue,
    /// 1-based step for `value = "step"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    /// How many values are shown (the rest are "Other"); default 8.
    #[serde(default = "default_breakdown_top")]
    pub top: usize,
}

fn default_breakdown_top() -> usize {
    8
}

/// One step of a funnel.
#[derive(Debug, Clone, PartialEq)]
pub struct StepSpec {
    pub matcher: Matcher,
    /// Shown instead of the matcher's text.
    pub label: Option<String>,
    pub optional: bool,
    /// Seconds at least since the previous step the journey did.
    pub min_gap: Option<f64>,
    /// Seconds at most since the previous step the journey did.
    pub max_gap: Option<f64>,
}

impl StepSpec {
    /// A required step without gaps.
    pub fn new(matcher: Matcher) -> StepSpec {
        StepSpec { matcher, label: None, optional: false, min_gap: None, max_gap: None }
    }

    /// The label shown for the step.
    pub fn label(&self) -> String {
        self.label
            .clone()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| self.matcher.describe())
    }
}

/// An exclusion: a journey with such an event strictly between two steps
/// (in time) does not count past them.
#[derive(Debug, Clone, PartialEq)]
pub struct ExclusionSpec {
    pub matcher: Matcher,
    /// 1-based step after which the exclusion starts (default 1).
    pub from: Option<usize>,
    /// 1-based step at which it ends (default the last step).
    pub to: Option<usize>,
}

/// A funnel: steps and options. Defaults: sequential, no window, closed,
/// journeys, any entry, no breakdown, top 5 next touch points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FunnelSpec {
    pub steps: Vec<StepSpec>,
    pub exclusions: Vec<ExclusionSpec>,
    pub order: Order,
    /// Conversion window in seconds: the last step at most this long after the first.
    #[serde(deserialize_with = "de_duration", serialize_with = "ser_duration")]
    pub window: Option<f64>,
    pub mode: Mode,
    pub count: Counting,
    pub entry: Entry,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<Breakdown>,
    /// How many next touch points after a drop are listed (default 5).
    pub top_next: usize,
}

impl Default for FunnelSpec {
    fn default() -> FunnelSpec {
        FunnelSpec {
            steps: Vec::new(),
            exclusions: Vec::new(),
            order: Order::default(),
            window: None,
            mode: Mode::default(),
            count: Counting::default(),
            entry: Entry::default(),
            breakdown: None,
            top_next: 5,
        }
    }
}

fn ser_duration<S: serde::Serializer>(
    v: &Option<f64>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    v.serialize(s)
}

/// A duration from a number of seconds or a text such as "7d".
fn duration_value(v: &serde_json::Value) -> std::result::Result<Option<f64>, String> {
    match v {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Number(n) => match n.as_f64() {
            Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
            _ => Err(text::t(
                "core.steps.duration.negative",
                "{value} is not a duration ≥ 0",
                &[("value", n)],
            )),
        },
        serde_json::Value::String(s) if s.trim().is_empty() => Ok(None),
        serde_json::Value::String(s) => parse_duration(s).map(Some),
        other => Err(text::t(
            "core.spec.duration.invalid",
            "{value} is not a duration (expected seconds or text such as \"7d\")",
            &[("value", other)],
        )),
    }
}

fn de_duration<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<f64>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    duration_value(&v).map_err(|e| de::Error::custom(format!("window: {e}")))
}

/// Reads a step from a string (the text form) or an object
/// (`{"step": "…"}` or `{"touchpoint": …}`, `{"channel": …}`, `{"class": "stage = purchase"}`,
/// `{"if": {"touchpoint": […], "channel": […]}}`, plus `label`, `optional`, `min_gap`, `max_gap`).
fn matcher_value(
    v: &serde_json::Value,
    what: &str,
) -> std::result::Result<(Matcher, &'static [&'static str]), String> {
    use serde_json::Value;
    let names = |v: &Value, field: &str| -> std::result::Result<Vec<String>, String> {
        let list: Vec<String> = match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .map(|x| {
                    x.as_str().map(str::to_string).ok_or_else(|| {
                        text::t(
                            "core.spec.names.item",
                            "{what}: \"{field}\" holds {value}, not a name",
                            &[("what", &what), ("field", &field), ("value", x)],
                        )
                    })
                })
                .collect::<std::result::Result<_, _>>()?,
            other => {
                return Err(text::t(
                    "core.spec.names.type",
                    "{what}: \"{field}\" is {value}, not a name or a list of names",
                    &[("what", &what), ("field", &field), ("value", other)],
                ))
            }
        };
        let list: Vec<String> =
            list.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        if list.is_empty() {
            return Err(text::t(
                "core.spec.names.empty",
                "{what}: \"{field}\" names nothing",
                &[("what", &what), ("field", &field)],
            ));
        }
        Ok(list)
    };
    const OBJECT_KEYS: &[&str] = &["label", "optional", "min_gap", "max_gap", "from", "to"];
    match v {
        Value::String(s) => {
            let m = parse_step(s, 1).map_err(|e| format!("{what}: {}", e.message))?;
            Ok((m, OBJECT_KEYS))
        }
        Value::Object(map) => {
            let kinds: Vec<&str> = ["step", "touchpoint", "channel", "class", "if"]
                .into_iter()
                .filter(|k| map.contains_key(*k))
                .collect();
            let matcher = match kinds.as_slice() {
                ["step"] | ["class"] => {
                    let key = kinds[0];
                    let text = map[key].as_str().ok_or_else(|| {
                        text::t(
                            "core.spec.step.notText",
                            "{what}: \"{field}\" must be text",
                            &[("what", &what), ("field", &key)],
                        )
                    })?;
                    let m = parse_step(text, 1).map_err(|e| format!("{what}: {}", e.message))?;
                    if key == "class" && !matches!(m, Matcher::Class { .. }) {
                        return Err(text::t(
                            "core.spec.class.form",
                            "{what}: \"class\" expects \"dimension = value\", such as \"stage = purchase\"",
                            &[("what", &what)],
                        ));
                    }
                    m
                }
                ["touchpoint"] => Matcher::Touchpoint(names(&map["touchpoint"], "touchpoint")?),
                ["channel"] => Matcher::Channel(names(&map["channel"], "channel")?),
                ["if"] => {
                    let c: crate::taxonomy::Condition =
                        serde_json::from_value(map["if"].clone())
                            .map_err(|e| format!("{what}: \"if\": {e}"))?;
                    if c.touchpoint.is_empty() && c.channel.is_empty() {
                        return Err(text::t(
                            "core.spec.if.empty",
                            "{what}: \"if\" needs touchpoint or channel keywords",
                            &[("what", &what)],
                        ));
                    }
                    Matcher::Rule(c)
                }
                [] => return Err(text::t(
                    "core.spec.step.noKind",
                    "{what}: expected \"step\", \"touchpoint\", \"channel\", \"class\" or \"if\"",
                    &[("what", &what)],
                )),
                several => {
                    return Err(text::t(
                        "core.spec.step.several",
                        "{what}: give one of {fields} (not several)",
                        &[("what", &what), ("fields", &several.join(", "))],
                    ))
                }
            };
            Ok((matcher, OBJECT_KEYS))
        }
        other => Err(text::t(
            "core.spec.step.type",
            "{what}: {value} is not a step (expected text or an object)",
            &[("what", &what), ("value", other)],
        )),
    }
}

fn step_value(v: &serde_json::Value) -> std::result::Result<StepSpec, String> {
    let what = match v {
        serde_json::Value::String(s) => {
            text::t("core.spec.step.named", "step {name}", &[("name", &format!("{s:?}"))])
        }
        _ => text::t("core.spec.step", "step", &[]),
    };
    let (matcher, _) = matcher_value(v, &what)?;
    let mut step = StepSpec::new(matcher);
    if let serde_json::Value::Object(map) = v {
        for (key, value) in map {
            match key.as_str() {
                "step" | "touchpoint" | "channel" | "class" | "if" => {}
                "label" => step.label = value.as_str().map(str::to_string),
                "optional" => {
                    step.optional = value.as_bool().ok_or_else(|| {
                        text::t(
                            "core.spec.optional.bool",
                            "{what}: \"optional\" must be true or false",
                            &[("what", &what)],
                        )
                    })?
                }
                "min_gap" => step.min_gap = duration_value(value).map_err(|e| format!("{what}: min_gap: {e}"))?,
                "max_gap" => step.max_gap = duration_value(value).map_err(|e| format!("{what}: max_gap: {e}"))?,
                other => {
                    return Err(text::t(
                        "core.spec.step.unknownField",
                        "{what}: unknown field \"{field}\" (expected label, optional, min_gap, max_gap)",
                        &[("what", &what), ("field", &other)],
                    ))
                }
            }
        }
    }
    Ok(step)
}

impl<'de> Deserialize<'de> for StepSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<StepSpec, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        step_value(&v).map_err(de::Error::custom)
    }
}

/// Writes a matcher as the object key that reads it back (`touchpoint`, `channel`, `class`, `if`).
fn serialize_matcher<M: serde::ser::SerializeMap>(
    m: &mut M,
    matcher: &Matcher,
) -> std::result::Result<(), M::Error> {
    match matcher {
        Matcher::Touchpoint(names) => m.serialize_entry("touchpoint", names),
        Matcher::Channel(names) => m.serialize_entry("channel", names),
        Matcher::Class { .. } => m.serialize_entry("class", &matcher.describe()),
        Matcher::Rule(c) => m.serialize_entry("if", c),
    }
}

impl Serialize for StepSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        serialize_matcher(&mut m, &self.matcher)?;
        if let Some(l) = &self.label {
            m.serialize_entry("label", l)?;
        }
        if self.optional {
            m.serialize_entry("optional", &true)?;
        }
        if let Some(g) = self.min_gap {
            m.serialize_entry("min_gap", &g)?;
        }
        if let Some(g) = self.max_gap {
            m.serialize_entry("max_gap", &g)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for ExclusionSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<ExclusionSpec, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let what = text::t("core.spec.exclusion", "exclusion", &[]);
        let (matcher, _) = matcher_value(&v, &what).map_err(de::Error::custom)?;
        let mut ex = ExclusionSpec { matcher, from: None, to: None };
        if let serde_json::Value::Object(map) = &v {
            for (key, value) in map {
                let step_no = || {
                    value.as_u64().filter(|n| *n >= 1).map(|n| n as usize).ok_or_else(|| {
                        de::Error::custom(text::t(
                            "core.spec.exclusion.stepNumber",
                            "{what}: \"{field}\" must be a step number ≥ 1",
                            &[("what", &what), ("field", key)],
                        ))
                    })
                };
                match key.as_str() {
                    "step" | "touchpoint" | "channel" | "class" | "if" => {}
                    "from" => ex.from = Some(step_no()?),
                    "to" => ex.to = Some(step_no()?),
                    other => {
                        return Err(de::Error::custom(text::t(
                            "core.spec.exclusion.unknownField",
                            "{what}: unknown field \"{field}\" (expected from, to)",
                            &[("what", &what), ("field", &other)],
                        )))
                    }
                }
            }
        }
        Ok(ex)
    }
}

impl Serialize for ExclusionSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        serialize_matcher(&mut m, &self.matcher)?;
        if let Some(f) = self.from {
            m.serialize_entry("from", &f)?;
        }
        if let Some(t) = self.to {
            m.serialize_entry("to", &t)?;
        }
        m.end()
    }
}

impl FunnelSpec {
    /// A funnel from a step list (`"A, B?, !X, C"`): `?` marks an optional
    /// step, `!` an exclusion between the steps around it.
    pub fn from_step_list(text: &str) -> Result<FunnelSpec> {
        let mut spec = FunnelSpec::default();
        let parsed = parse_step_list(text)?;
        for p in parsed {
            if p.exclusion {
                let before = spec.steps.len();
                if before == 0 {
                    let message = text::t(
                        "core.spec.exclusion.first",
                        "an exclusion (!{step}) needs a step before it",
                        &[("step", &p.text)],
                    );
                    return Err(Error::at(
                        0,
                        text::t(
                            "core.steps.at",
                            "step at character {column}: {message}",
                            &[("column", &p.column), ("message", &message)],
                        ),
                    ));
                }
                spec.exclusions.push(ExclusionSpec {
                    matcher: p.matcher,
                    from: Some(before),
                    to: Some(before + 1),
                });
            } else {
                let mut s = StepSpec::new(p.matcher);
                s.optional = p.optional;
                spec.steps.push(s);
            }
        }
        let n = spec.steps.len();
        if let Some(last) = spec.exclusions.last() {
            if last.to.unwrap_or(0) > n {
                return Err(Error::at(
                    0,
                    text::t(
                        "core.spec.exclusion.last",
                        "an exclusion (!…) at the end of the list needs a step after it",
                        &[],
                    ),
                ));
            }
        }
        Ok(spec)
    }

    /// Checks that the funnel can be evaluated (the same checks as running it).
    pub fn check(&self) -> Result<()> {
        Plan::new(self).map(|_| ())
    }

    /// Reads a funnel from JSON text; errors name the line and column.
    pub fn from_json(text: &str) -> Result<FunnelSpec> {
        serde_json::from_str(text).map_err(|e| {
            // serde_json's text ends in " at line L column C": said in the page's language.
            let full = e.to_string();
            let at = format!(" at line {} column {}", e.line(), e.column());
            let message = match full.strip_suffix(&at) {
                Some(message) if e.line() > 0 => text::t(
                    "core.spec.funnel.at",
                    "funnel: {message} at line {line} column {column}",
                    &[("message", &message), ("line", &e.line()), ("column", &e.column())],
                ),
                _ => text::t("core.spec.funnel", "funnel: {message}", &[("message", &full)]),
            };
            Error::at_column(e.line() as u64, e.column() as u64, message)
        })
    }
}

/// A link into a step: from step `from`, with the target step's gaps and the
/// exclusions that cover it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    pub from: usize,
    pub to: usize,
    pub min_gap: f64,
    pub max_gap: f64,
    /// Exclusion bits (bit `steps + j` of an event mask is exclusion `j`).
    pub exclusions: u64,
}

/// A checked funnel, ready to evaluate.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub n: usize,
    pub required: Vec<bool>,
    pub order: Order,
    pub open: bool,
    pub entry_first: bool,
    pub window: f64,
    /// Links into each step.
    pub into: Vec<Vec<usize>>,
    pub links: Vec<Link>,
    /// Nearest earlier required step.
    pub previous_required: Vec<Option<usize>>,
    /// Next later required step.
    pub next_required: Vec<Option<usize>>,
    /// The exclusion bits of events (all of them).
    pub exclusion_bits: u64,
}

impl Plan {
    /// Checks `spec` (positions in messages are 1-based step numbers).
    pub fn new(spec: &FunnelSpec) -> Result<Plan> {
        let n = spec.steps.len();
        let err = |m: String| Err(Error::at(0, m));
        if n == 0 {
            return err(text::t("core.spec.noSteps", "a funnel needs at least one step", &[]));
        }
        if n > MAX_STEPS {
            return err(text::t(
                "core.spec.tooManySteps",
                "{n} steps: a funnel has at most {max}",
                &[("n", &n), ("max", &MAX_STEPS)],
            ));
        }
        if spec.exclusions.len() > MAX_EXCLUSIONS {
            return err(text::t(
                "core.spec.tooManyExclusions",
                "{n} exclusions: at most {max}",
                &[("n", &spec.exclusions.len()), ("max", &MAX_EXCLUSIONS)],
            ));
        }
        let required: Vec<bool> = spec.steps.iter().map(|s| !s.optional).collect();
        if !required[0] {
            return err(text::t(
                "core.spec.firstOptional",
                "step 1 cannot be optional: a journey enters the funnel there",
                &[],
            ));
        }
        if !required[n - 1] {
            return err(text::t(
                "core.spec.lastOptional",
                "step {n} (the last) cannot be optional: it is the funnel's goal",
                &[("n", &n)],
            ));
        }
        for (i, s) in spec.steps.iter().enumerate() {
            for (name, g) in [("min_gap", s.min_gap), ("max_gap", s.max_gap)] {
                if let Some(g) = g {
                    if !g.is_finite() || g < 0.0 {
                        return err(text::t(
                            "core.spec.gap.negative",
                            "step {step}: {field} must be a duration ≥ 0",
                            &[("step", &(i + 1)), ("field", &name)],
                        ));
                    }
                    if i == 0 {
                        return err(text::t(
                            "core.spec.gap.first",
                            "step 1: {field} has no step before it to measure from",
                            &[("field", &name)],
                        ));
                    }
                    if spec.order == Order::Any {
                        return err(text::t(
                            "core.spec.gap.anyOrder",
                            "step {step}: {field} needs an order; in any order only the window applies",
                            &[("step", &(i + 1)), ("field", &name)],
                        ));
                    }
                }
            }
            if let (Some(lo), Some(hi)) = (s.min_gap, s.max_gap) {
                if lo > hi {
                    return err(text::t(
                        "core.spec.gap.order",
                        "step {step}: min_gap is larger than max_gap",
                        &[("step", &(i + 1))],
                    ));
                }
            }
        }
        if let Some(w) = spec.window {
            if !w.is_finite() || w < 0.0 {
                return err(text::t(
                    "core.spec.window.negative",
                    "window must be a duration ≥ 0",
                    &[],
                ));
            }
        }
        if spec.order == Order::Any && !spec.exclusions.is_empty() {
            return err(text::t(
                "core.spec.exclusion.anyOrder",
                "exclusion steps need an order (sequential or strict): in any order there is no \"between\"",
                &[],
            ));
        }
        if spec.order == Order::Any && spec.entry == Entry::First {
            return err(text::t(
                "core.spec.entry.anyOrder",
                "entry \"first\" needs an order (sequential or strict)",
                &[],
            ));
        }
        let mut exclusion_ranges = Vec::new();
        for (j, e) in spec.exclusions.iter().enumerate() {
            let from = e.from.unwrap_or(1);
            let to = e.to.unwrap_or(n);
            if from < 1 || to > n || from >= to {
                return err(text::t(
                    "core.spec.exclusion.range",
                    "exclusion {j} ({step}): from step {from} to step {to} is not a range of this {n}-step funnel",
                    &[
                        ("j", &(j + 1)),
                        ("step", &e.matcher.describe()),
                        ("from", &from),
                        ("to", &to),
                        ("n", &n),
                    ],
                ));
            }
            for bound in [from, to] {
                if !required[bound - 1] {
                    return err(text::t(
                        "core.spec.exclusion.optionalBound",
                        "exclusion {j}: step {step} is optional; an exclusion starts and ends at required steps",
                        &[("j", &(j + 1)), ("step", &bound)],
                    ));
                }
            }
            exclusion_ranges.push((from - 1, to - 1));
        }
        let mut previous_required = vec![None; n];
        let mut last = None;
        for k in 0..n {
            previous_required[k] = last;
            if required[k] {
                last = Some(k);
            }
        }
        let mut next_required = vec![None; n];
        let mut next = None;
        for k in (0..n).rev() {
            next_required[k] = next;
            if required[k] {
                next = Some(k);
            }
        }
        let mut links = Vec::new();
        let mut into = vec![Vec::new(); n];
        for k in 1..n {
            let Some(p) = previous_required[k] else { continue };
            for q in p..k {
                let mut bits = 0u64;
                for (j, (a, b)) in exclusion_ranges.iter().enumerate() {
                    if *a <= q && k <= *b {
                        bits |= 1u64 << (n + j);
                    }
                }
                let s = &spec.steps[k];
                let id = links.len();
                links.push(Link {
                    from: q,
                    to: k,
                    min_gap: s.min_gap.unwrap_or(0.0),
                    max_gap: s.max_gap.unwrap_or(f64::INFINITY),
                    exclusions: bits,
                });
                into[k].push(id);
            }
        }
        let exclusion_bits =
            if spec.exclusions.is_empty() { 0 } else { ((1u64 << spec.exclusions.len()) - 1) << n };
        Ok(Plan {
            n,
            required,
            order: spec.order,
            open: spec.mode == Mode::Open,
            entry_first: spec.entry == Entry::First,
            window: spec.window.unwrap_or(f64::INFINITY),
            into,
            links,
            previous_required,
            next_required,
            exclusion_bits,
        })
    }

    /// May a chain start at step `k`?
    pub fn starts_at(&self, k: usize) -> bool {
        k == 0 || self.open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_steps_take_text_or_objects() {
        let spec = FunnelSpec::from_json(
            r#"{"steps": ["Instagram ad", {"touchpoint": ["Website visit"], "optional": true, "max_gap": "7d"},
                         {"class": "stage = purchase", "min_gap": 60}, "Delivery"],
                "exclusions": [{"step": "Return", "from": 1, "to": 3}],
                "order": "strict", "window": "30d", "mode": "open", "count": "completions"}"#,
        )
        .unwrap();
        assert_eq!(spec.steps.len(), 4);
        assert!(spec.steps[1].optional);
        assert_eq!(spec.steps[1].max_gap, Some(7.0 * 86400.0));
        assert_eq!(spec.steps[2].min_gap, Some(60.0));
        assert_eq!(spec.window, Some(30.0 * 86400.0));
        assert_eq!(spec.exclusions[0].to, Some(3));
        let e = FunnelSpec::from_json(
            "{\"steps\": [\"A\", {\"touchpoint\": \"B\", \"optinal\": true}]}",
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown field \"optinal\""), "{e}");
        assert_eq!(e.line, 1);
    }

    #[test]
    fn specs_round_trip_through_json() {
        let spec = FunnelSpec::from_step_list(
            "A | B, stage = purchase?, !channel = email, touchpoint ~ order & channel ~ web",
        )
        .unwrap();
        let json = serde_json::to_string(&spec).unwrap();
        assert_eq!(FunnelSpec::from_json(&json).unwrap(), spec, "{json}");
    }

    #[test]
    fn step_lists_place_exclusions_between_their_neighbours() {
        let spec = FunnelSpec::from_step_list("A, !X, B?, C").unwrap();
        assert_eq!(spec.steps.len(), 3);
        assert_eq!((spec.exclusions[0].from, spec.exclusions[0].to), (Some(1), Some(2)));
        assert!(FunnelSpec::from_step_list("!X, A").is_err());
        assert!(FunnelSpec::from_step_list("A, !X").is_err());
    }

    #[test]
    fn plans_reject_what_cannot_be_evaluated() {
        let plan = |text: &str, f: &dyn Fn(&mut FunnelSpec)| {
            let mut s = FunnelSpec::from_step_list(text).unwrap();
            f(&mut s);
            Plan::new(&s).map(|_| ()).map_err(|e| e.to_string())
        };
        assert!(plan("A?, B", &|_| {}).unwrap_err().contains("step 1 cannot be optional"));
        assert!(plan("A, B?", &|_| {}).unwrap_err().contains("cannot be optional"));
        assert!(plan("A, B", &|s| s.steps[0].max_gap = Some(1.0)).unwrap_err().contains("step 1"));
        assert!(plan("A, B", &|s| s.order = Order::Any).is_ok());
        assert!(plan("A, !X, B", &|s| s.order = Order::Any).unwrap_err().contains("exclusion"));
        assert!(plan("A, B?, C", &|s| s.exclusions.push(ExclusionSpec {
            matcher: Matcher::Touchpoint(vec!["X".into()]),
            from: Some(2),
            to: Some(3)
        }))
        .unwrap_err()
        .contains("optional"));
        let p = Plan::new(&FunnelSpec::from_step_list("A, B?, C?, D").unwrap()).unwrap();
        // Links into D come from A (skipping B and C), B (skipping C) and C.
        let from: Vec<usize> = p.into[3].iter().map(|&l| p.links[l].from).collect();
        assert_eq!(from, vec![0, 1, 2]);
    }
}
