//! Readable "if … then" classification rules (seed 003's decision rules):
//! *if the touch point (or channel) is like X then kind = …, owner = …*.
//!
//! Precedence, per dimension: a column in the data wins; otherwise the first
//! rule, in file order, that matches and sets that dimension decides; a
//! dimension no rule sets stays unclassified. A rule set that `extends`
//! another is its own rules followed by the other's.
//!
//! Matching is case-insensitive. A keyword without wildcards matches whole
//! words of the name (`review` matches "Online review", not "reviewer"), and
//! separators are interchangeable: a run of spaces, hyphens, underscores,
//! dots or slashes matches any other such run (`check in` matches "Check-in",
//! `sign-up` matches "Sign up"). With `*` (any characters) or `?` (one
//! character) a keyword must match the whole name as written (`*review*`
//! matches "reviewer").

use crate::error::{Error, Result};
use crate::model::Classes;
use serde::{Deserialize, Serialize};

/// When a rule applies: any touch point keyword AND any channel keyword
/// (a missing list is not checked).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub touchpoint: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channel: Vec<String>,
}

/// One decision rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    #[serde(rename = "if")]
    pub condition: Condition,
    pub then: Classes,
    /// Why this rule says so (shown beside it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub why: String,
}

/// A named, ordered list of rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Name of a preset whose rules follow these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// Reads a rule set from JSON; errors name the line and column, or the rule.
    pub fn from_json(text: &str) -> Result<RuleSet> {
        let set: RuleSet = serde_json::from_str(text).map_err(|e| {
            Error::at_column(e.line() as u64, e.column() as u64, format!("rules: {e}"))
        })?;
        for (i, rule) in set.rules.iter().enumerate() {
            if rule.condition.touchpoint.is_empty() && rule.condition.channel.is_empty() {
                return Err(Error::at(
                    0,
                    format!("rule {}: \"if\" needs touchpoint or channel keywords", i + 1),
                ));
            }
            if rule.then.is_empty() {
                return Err(Error::at(
                    0,
                    format!(
                        "rule {}: \"then\" sets no class (kind, owner, stage, media, direction)",
                        i + 1
                    ),
                ));
            }
        }
        Ok(set)
    }

    /// The rule set as pretty JSON (what the page offers for download).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Rule {
    /// The rule in words: `If the touch point is like "review" then kind = …`.
    pub fn describe(&self) -> String {
        let quote = |words: &[String]| {
            words.iter().map(|w| format!("“{w}”")).collect::<Vec<_>>().join(" or ")
        };
        let mut parts = Vec::new();
        if !self.condition.touchpoint.is_empty() {
            parts.push(format!("the touch point is like {}", quote(&self.condition.touchpoint)));
        }
        if !self.condition.channel.is_empty() {
            parts.push(format!("the channel is like {}", quote(&self.condition.channel)));
        }
        let c = &self.then;
        let mut then = Vec::new();
        if let Some(v) = c.kind {
            then.push(format!("kind = {v}"));
        }
        if let Some(v) = c.owner {
            then.push(format!("owner = {v}"));
        }
        if let Some(v) = c.stage {
            then.push(format!("stage = {v}"));
        }
        if let Some(v) = c.media {
            then.push(format!("media = {v}"));
        }
        if let Some(v) = c.direction {
            then.push(format!("direction = {v}"));
        }
        format!("If {} then {}", parts.join(" and "), then.join(", "))
    }
}

/// A keyword compiled for matching.
#[derive(Debug, Clone)]
enum Pattern {
    Words(Vec<char>),
    Glob(Vec<char>),
}

impl Pattern {
    fn new(keyword: &str) -> Pattern {
        let lower: Vec<char> = keyword.trim().to_lowercase().chars().collect();
        if lower.iter().any(|&c| c == '*' || c == '?') {
            Pattern::Glob(lower)
        } else {
            Pattern::Words(words(keyword))
        }
    }

    /// Matches `name` given as written (lower case) and as [`words`].
    fn matches(&self, name: &Name) -> bool {
        match self {
            Pattern::Words(word) => contains_words(&name.words, word),
            Pattern::Glob(glob) => glob_match(glob, &name.lower),
        }
    }
}

/// A touch point or channel name, lower case as written and as [`words`].
struct Name {
    lower: Vec<char>,
    words: Vec<char>,
}

impl Name {
    fn new(text: &str) -> Name {
        Name { lower: text.to_lowercase().chars().collect(), words: words(text) }
    }

    fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '_' | '.' | '/')
}

/// Lower case, each run of separators (white space, `-`, `_`, `.`, `/`)
/// one space, none at the ends: "Check-in  desk" → "check in desk".
fn words(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.trim().chars() {
        if is_separator(c) {
            if out.last().is_some_and(|&l| l != ' ') {
                out.push(' ');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    if out.last() == Some(&' ') {
        out.pop();
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when `word` occurs in `name` with non-word characters (or the ends) around it.
fn contains_words(name: &[char], word: &[char]) -> bool {
    if word.is_empty() || word.len() > name.len() {
        return false;
    }
    (0..=name.len() - word.len()).any(|start| {
        name[start..start + word.len()] == *word
            && (start == 0 || !is_word(name[start - 1]) || !is_word(word[0]))
            && (start + word.len() == name.len()
                || !is_word(name[start + word.len()])
                || !is_word(word[word.len() - 1]))
    })
}

/// Glob matching with `*` and `?`, iterative with backtracking (linear-ish, no recursion).
fn glob_match(glob: &[char], name: &[char]) -> bool {
    let (mut g, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if g < glob.len() && (glob[g] == '?' || glob[g] == name[n]) {
            g += 1;
            n += 1;
        } else if g < glob.len() && glob[g] == '*' {
            star = Some((g, n));
            g += 1;
        } else if let Some((sg, sn)) = star {
            g = sg + 1;
            n = sn + 1;
            star = Some((sg, sn + 1));
        } else {
            return false;
        }
    }
    glob[g..].iter().all(|&c| c == '*')
}

/// A rule's condition compiled for matching: the touch point keywords and
/// the channel keywords, each checkable on its own (so a caller can match
/// every distinct touch point name and every distinct channel name once).
#[derive(Debug, Clone)]
pub struct ConditionMatcher {
    touchpoint: Vec<Pattern>,
    channel: Vec<Pattern>,
}

impl ConditionMatcher {
    /// Compiles `condition`.
    pub fn new(condition: &Condition) -> ConditionMatcher {
        ConditionMatcher {
            touchpoint: condition.touchpoint.iter().map(|k| Pattern::new(k)).collect(),
            channel: condition.channel.iter().map(|k| Pattern::new(k)).collect(),
        }
    }

    /// True when the touch point `name` matches a touch point keyword (or there are none).
    pub fn touchpoint_matches(&self, name: &str) -> bool {
        self.touchpoint_matches_name(&Name::new(name))
    }

    /// True when `channel` matches a channel keyword (or there are none); an
    /// event without a channel matches only a condition without channel keywords.
    pub fn channel_matches(&self, channel: Option<&str>) -> bool {
        self.channel_matches_name(&Name::new(channel.unwrap_or("")))
    }

    fn touchpoint_matches_name(&self, name: &Name) -> bool {
        self.touchpoint.is_empty() || self.touchpoint.iter().any(|p| p.matches(name))
    }

    fn channel_matches_name(&self, channel: &Name) -> bool {
        self.channel.is_empty()
            || (!channel.is_empty() && self.channel.iter().any(|p| p.matches(channel)))
    }
}

/// Rules compiled for fast matching.
#[derive(Debug, Clone)]
pub struct Classifier {
    rules: Vec<(ConditionMatcher, Classes)>,
}

/// The classes a touch point gets, and which rule decided each dimension
/// (indexes into the expanded rule list; `None`: no rule).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Decision {
    pub classes: Classes,
    /// First matching rule (any dimension).
    pub first_rule: Option<usize>,
}

impl Classifier {
    /// Compiles `rules` (already expanded: own rules then the extended ones).
    pub fn new(rules: &[Rule]) -> Classifier {
        let rules = rules.iter().map(|r| (ConditionMatcher::new(&r.condition), r.then)).collect();
        Classifier { rules }
    }

    /// Classifies a touch point met on `channel`.
    pub fn classify(&self, touchpoint: &str, channel: Option<&str>) -> Decision {
        let name = Name::new(touchpoint);
        let channel = Name::new(channel.unwrap_or(""));
        let mut decision = Decision::default();
        for (i, (condition, then)) in self.rules.iter().enumerate() {
            if condition.touchpoint_matches_name(&name) && condition.channel_matches_name(&channel)
            {
                decision.first_rule.get_or_insert(i);
                decision.classes = decision.classes.or(*then);
                if decision.classes.is_complete() {
                    break;
                }
            }
        }
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn keywords_match_whole_words_and_globs_whole_names() {
        assert!(contains_words(&chars("online review"), &chars("review")));
        assert!(!contains_words(&chars("reviewer"), &chars("review")));
        assert!(contains_words(&chars("check-in desk"), &chars("check-in")));
        let name = |n: &str| Name::new(n);
        assert!(Pattern::new("check in").matches(&name("Check-in desk")));
        assert!(Pattern::new("sign-up").matches(&name("Newsletter sign up")));
        assert!(Pattern::new("booking.com").matches(&name("Booking.com")));
        assert!(!Pattern::new("sign").matches(&name("Signage")));
        assert!(Pattern::new("*-in*").matches(&name("Check-in")));
        assert!(!Pattern::new("*-in*").matches(&name("Check in")));
        assert!(!contains_words(&chars("download"), &chars("ad")));
        assert!(glob_match(&chars("*review*"), &chars("reviewer notes")));
        assert!(glob_match(&chars("e?mail"), &chars("e-mail")));
        assert!(!glob_match(&chars("e?mail"), &chars("email")));
    }
}
