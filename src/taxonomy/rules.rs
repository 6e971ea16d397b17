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

use std::collections::HashMap;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::noncontiguous::NFA;
use aho_corasick::{Input, MatchKind};

use crate::error::{Error, Result};
use crate::model::Classes;
use crate::text;
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
            // serde_json's own message (English) after our "rules:".
            Error::at_column(
                e.line() as u64,
                e.column() as u64,
                text::t("core.rules.json", "rules: {error}", &[("error", &e)]),
            )
        })?;
        for (i, rule) in set.rules.iter().enumerate() {
            if rule.condition.touchpoint.is_empty() && rule.condition.channel.is_empty() {
                return Err(Error::at(
                    0,
                    text::t(
                        "core.rules.ifEmpty",
                        "rule {n}: \"if\" needs touchpoint or channel keywords",
                        &[("n", &(i + 1))],
                    ),
                ));
            }
            if rule.then.is_empty() {
                return Err(Error::at(
                    0,
                    text::t(
                        "core.rules.thenEmpty",
                        "rule {n}: \"then\" sets no class (kind, owner, stage, media, direction)",
                        &[("n", &(i + 1))],
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
    /// The rule in words: `If the touch point is like "review" then kind = …`
    /// (in the language of the core's texts, class values by their labels).
    pub fn describe(&self) -> String {
        let quote = |words: &[String]| {
            let mut quoted =
                words.iter().map(|w| text::t("core.rules.quote", "“{word}”", &[("word", w)]));
            let first = quoted.next().unwrap_or_default();
            quoted.fold(first, |list, item| {
                text::t("core.rules.or", "{list} or {item}", &[("list", &list), ("item", &item)])
            })
        };
        let mut parts = Vec::new();
        if !self.condition.touchpoint.is_empty() {
            parts.push(text::t(
                "core.rules.touchpointLike",
                "the touch point is like {words}",
                &[("words", &quote(&self.condition.touchpoint))],
            ));
        }
        if !self.condition.channel.is_empty() {
            parts.push(text::t(
                "core.rules.channelLike",
                "the channel is like {words}",
                &[("words", &quote(&self.condition.channel))],
            ));
        }
        let c = &self.then;
        let label = |key: &str, english: &str| text::class_label(key, english);
        let mut then = Vec::new();
        if let Some(v) = c.kind {
            let value = label(v.key(), v.label());
            then.push(text::t("core.rules.then.kind", "kind = {value}", &[("value", &value)]));
        }
        if let Some(v) = c.owner {
            let value = label(v.key(), v.label());
            then.push(text::t("core.rules.then.owner", "owner = {value}", &[("value", &value)]));
        }
        if let Some(v) = c.stage {
            let value = label(v.key(), v.label());
            then.push(text::t("core.rules.then.stage", "stage = {value}", &[("value", &value)]));
        }
        if let Some(v) = c.media {
            let value = label(v.key(), v.label());
            then.push(text::t("core.rules.then.media", "media = {value}", &[("value", &value)]));
        }
        if let Some(v) = c.direction {
            let value = label(v.key(), v.label());
            then.push(text::t(
                "core.rules.then.direction",
                "direction = {value}",
                &[("value", &value)],
            ));
        }
        let mut parts = parts.into_iter();
        let first = parts.next().unwrap_or_default();
        let condition = parts.fold(first, |list, item| {
            text::t("core.rules.and", "{list} and {item}", &[("list", &list), ("item", &item)])
        });
        text::t(
            "core.rules.describe",
            "If {condition} then {classes}",
            &[("condition", &condition), ("classes", &then.join(", "))],
        )
    }
}

/// A keyword compiled for matching: a word keyword is an index into the
/// classifier's [`WordMatcher`]; a glob is matched against the whole name.
#[derive(Debug, Clone)]
enum Pattern {
    Word(usize),
    Glob(Vec<char>),
    /// An empty keyword: matches nothing.
    Never,
}

impl Pattern {
    /// Matches a name whose word keywords found are `found` and whose lower
    /// case text is `lower` (only computed when the rules have globs).
    fn matches(&self, found: &[bool], lower: &[char]) -> bool {
        match self {
            Pattern::Word(i) => found.get(*i).copied().unwrap_or(false),
            Pattern::Glob(glob) => glob_match(glob, lower),
            Pattern::Never => false,
        }
    }
}

/// Every word keyword of a rule set, found in one pass over a name: one
/// Aho–Corasick automaton over the keywords in [`words`] form, each match
/// kept when it stands at word boundaries ([`at_word_boundaries`]). Linear
/// in the name plus the matches, however many keywords there are.
#[derive(Debug, Clone)]
struct WordMatcher {
    words: Vec<String>,
    /// The noncontiguous NFA alone (not the `AhoCorasick` front, which links
    /// every automaton kind): the smallest code for the wasm.
    automaton: Option<NFA>,
}

impl WordMatcher {
    fn new(words: Vec<String>) -> WordMatcher {
        let automaton = (!words.is_empty())
            .then(|| NFA::builder().match_kind(MatchKind::Standard).build(&words).ok())
            .flatten();
        WordMatcher { words, automaton }
    }

    /// Marks in `found` (one entry per keyword) the keywords that occur in
    /// `name` (already in [`words`] form) at word boundaries.
    fn find(&self, name: &str, found: &mut [bool]) {
        // Overlapping search needs the standard match kind and an unanchored
        // input, both set here, so it cannot fail (the library checks once).
        let matches = self
            .automaton
            .as_ref()
            .and_then(|nfa| nfa.try_find_overlapping_iter(Input::new(name)).ok());
        match matches {
            Some(matches) => {
                for m in matches {
                    let i = m.pattern().as_usize();
                    if found.get(i) == Some(&false) && at_word_boundaries(name, m.start(), m.end())
                    {
                        found[i] = true;
                    }
                }
            }
            // The automaton could not be built (an enormous rule set): one
            // scan per keyword, still correct.
            None => {
                for (i, w) in self.words.iter().enumerate() {
                    found[i] = contains_words(name, w);
                }
            }
        }
    }
}

/// True when `name[start..end]` (a keyword found in it) has non-word
/// characters, or the ends, around it; a keyword that itself starts (ends)
/// with a non-word character needs no boundary on that side.
fn at_word_boundaries(name: &str, start: usize, end: usize) -> bool {
    let Some(found) = name.get(start..end) else { return false };
    let before = name.get(..start).and_then(|h| h.chars().next_back());
    let after = name.get(end..).and_then(|t| t.chars().next());
    let first = found.chars().next();
    let last = found.chars().next_back();
    (before.is_none_or(|c| !is_word(c)) || first.is_some_and(|c| !is_word(c)))
        && (after.is_none_or(|c| !is_word(c)) || last.is_some_and(|c| !is_word(c)))
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '_' | '.' | '/')
}

/// Lower case, each run of separators (white space, `-`, `_`, `.`, `/`)
/// one space, none at the ends: "Check-in  desk" → "check in desk".
fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_word = false;
    for c in text.trim().chars() {
        if is_separator(c) {
            if after_word {
                out.push(' ');
            }
            after_word = false;
        } else {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            after_word = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when `word` occurs in `name` at word boundaries (the fallback of
/// [`WordMatcher`], one scan per keyword).
fn contains_words(name: &str, word: &str) -> bool {
    !word.is_empty()
        && name.match_indices(word).any(|(i, w)| at_word_boundaries(name, i, i + w.len()))
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
/// The same matching as [`Classifier`], which it is built from.
#[derive(Debug, Clone)]
pub struct ConditionMatcher {
    touchpoint: Classifier,
    channel: Classifier,
}

impl ConditionMatcher {
    /// Compiles `condition`.
    pub fn new(condition: &Condition) -> ConditionMatcher {
        let one = |touchpoint: &[String], channel: &[String]| {
            Classifier::new(&[Rule {
                condition: Condition { touchpoint: touchpoint.to_vec(), channel: channel.to_vec() },
                then: Classes::default(),
                why: String::new(),
            }])
        };
        ConditionMatcher {
            touchpoint: one(&condition.touchpoint, &[]),
            channel: one(&[], &condition.channel),
        }
    }

    /// True when the touch point `name` matches a touch point keyword (or there are none).
    pub fn touchpoint_matches(&self, name: &str) -> bool {
        self.touchpoint.classify(name, None).first_rule.is_some()
    }

    /// True when `channel` matches a channel keyword (or there are none); an
    /// event without a channel matches only a condition without channel keywords.
    pub fn channel_matches(&self, channel: Option<&str>) -> bool {
        self.channel.classify("", channel).first_rule.is_some()
    }
}

/// Rules compiled for fast matching.
#[derive(Debug, Clone)]
pub struct Classifier {
    rules: Vec<(Vec<Pattern>, Vec<Pattern>, Classes)>,
    matcher: WordMatcher,
    has_globs: bool,
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
        let mut words: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut has_globs = false;
        let mut compile = |keyword: &str| -> Pattern {
            let lower: Vec<char> = keyword.trim().to_lowercase().chars().collect();
            if lower.iter().any(|&c| c == '*' || c == '?') {
                has_globs = true;
                return Pattern::Glob(lower);
            }
            let w = words_of(keyword);
            if w.is_empty() {
                return Pattern::Never;
            }
            let next = words.len();
            let i = *index.entry(w.clone()).or_insert(next);
            if i == next {
                words.push(w);
            }
            Pattern::Word(i)
        };
        let rules = rules
            .iter()
            .map(|r| {
                (
                    r.condition.touchpoint.iter().map(|k| compile(k)).collect(),
                    r.condition.channel.iter().map(|k| compile(k)).collect(),
                    r.then,
                )
            })
            .collect();
        Classifier { rules, matcher: WordMatcher::new(words), has_globs }
    }

    /// The word keywords found in `text` and its lower case characters
    /// (empty unless the rules have globs).
    fn scan(&self, text: &str) -> (Vec<bool>, Vec<char>) {
        let mut found = vec![false; self.matcher.words.len()];
        self.matcher.find(&words(text), &mut found);
        let lower = if self.has_globs { text.to_lowercase().chars().collect() } else { Vec::new() };
        (found, lower)
    }

    /// Classifies a touch point met on `channel`. Linear in the names' length
    /// (one pass finds every keyword), whatever the number of rules.
    pub fn classify(&self, touchpoint: &str, channel: Option<&str>) -> Decision {
        let (tp_found, tp_lower) = self.scan(touchpoint);
        let channel = channel.unwrap_or("");
        let (ch_found, ch_lower) = self.scan(channel);
        let channel_empty = channel.is_empty();
        let mut decision = Decision::default();
        for (i, (tp, ch, then)) in self.rules.iter().enumerate() {
            let tp_ok = tp.is_empty() || tp.iter().any(|p| p.matches(&tp_found, &tp_lower));
            let ch_ok = ch.is_empty()
                || (!channel_empty && ch.iter().any(|p| p.matches(&ch_found, &ch_lower)));
            if tp_ok && ch_ok {
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

/// [`words`] of a keyword.
fn words_of(keyword: &str) -> String {
    words(keyword)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(keyword: &str, name: &str) -> bool {
        let rule = Rule {
            condition: Condition { touchpoint: vec![keyword.to_string()], channel: vec![] },
            then: Classes {
                kind: Some(crate::model::Kind::MassCommunication),
                ..Classes::default()
            },
            why: String::new(),
        };
        Classifier::new(&[rule]).classify(name, None).first_rule.is_some()
    }

    #[test]
    fn keywords_match_whole_words_and_globs_whole_names() {
        assert!(contains_words("online review", "review"));
        assert!(!contains_words("reviewer", "review"));
        assert!(contains_words("check-in desk", "check-in"));
        assert!(matches("check in", "Check-in desk"));
        assert!(matches("sign-up", "Newsletter sign up"));
        assert!(matches("booking.com", "Booking.com"));
        assert!(!matches("sign", "Signage"));
        assert!(matches("*-in*", "Check-in"));
        assert!(!matches("*-in*", "Check in"));
        assert!(!contains_words("download", "ad"));
        assert!(!matches("ad", "download"));
        assert!(matches("ad", "download ad"));
        assert!(matches("review", "reviewer, review"));
        assert!(!matches("", "anything"));
        assert!(glob_match(&chars("*review*"), &chars("reviewer notes")));
        assert!(glob_match(&chars("e?mail"), &chars("e-mail")));
        assert!(!glob_match(&chars("e?mail"), &chars("email")));
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The automaton finds exactly what one scan per keyword finds, on
    /// names built from keyword fragments (overlaps, repeats, boundaries).
    #[test]
    fn one_pass_matching_agrees_with_a_scan_per_keyword() {
        let keywords = ["ad", "ads", "a", "d a", "check in", "in", "é", "e-mail", "mail", "x."];
        let words: Vec<String> = keywords.iter().map(|k| words_of(k)).collect();
        let matcher = WordMatcher::new(words.clone());
        let pieces = ["a", "d", "s", " ", "-", "é", "in", "check", "mail", "e", ".", "x"];
        let mut state = 7u64;
        for _ in 0..3000 {
            let mut name = String::new();
            for _ in 0..(state % 9) {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                name.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            state = state.wrapping_add(0x9E37_79B9);
            let normalized = super::words(&name);
            let mut found = vec![false; words.len()];
            matcher.find(&normalized, &mut found);
            for (i, w) in words.iter().enumerate() {
                assert_eq!(found[i], contains_words(&normalized, w), "{w:?} in {normalized:?}");
            }
        }
    }

    /// A 4 MB name is classified with one pass per name: the automaton's
    /// matches are counted, not timed (a scan per keyword would report one
    /// pass per keyword).
    #[test]
    fn a_long_name_is_scanned_once() {
        let rules = crate::taxonomy::expand(&crate::taxonomy::preset("generic").unwrap()).unwrap();
        let classifier = Classifier::new(&rules);
        assert!(classifier.matcher.automaton.is_some(), "the preset's keywords form one automaton");
        assert!(classifier.matcher.words.len() > 50, "{}", classifier.matcher.words.len());
        let name = "newsletter ".repeat(400_000);
        let d = classifier.classify(&name, None);
        assert!(d.first_rule.is_some());
    }
}
