//! The domain model: touch points, their classes, events, journeys and
//! annotation marks. Plain data; everything else computes on these types.

use serde::{Deserialize, Serialize};

/// Declares a class dimension: an enum with a stable kebab-case name (the
/// report's and the files' spelling), a human label, and a lenient parser.
macro_rules! class_dimension {
    (
        $(#[$meta:meta])*
        $name:ident, $dimension:literal {
            $( $variant:ident => $key:literal, $label:literal, [$($alias:literal),*] ; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $( #[serde(rename = $key)] $variant, )+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The dimension's name as used in reports and columns.
            pub const DIMENSION: &'static str = $dimension;

            /// The stable kebab-case key (`"mass-communication"`).
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key,)+ }
            }

            /// The human label (`"mass communication"`).
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Reads a value case-insensitively, accepting the key, the label,
            /// underscores or spaces for hyphens, and a few common synonyms.
            pub fn parse(text: &str) -> Option<$name> {
                let wanted = normalize_class_text(text);
                $(
                    if wanted == $key $(|| wanted == $alias)* {
                        return Some($name::$variant);
                    }
                )+
                None
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

/// Lower-cases and turns spaces, underscores and slashes into hyphens.
fn normalize_class_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            ' ' | '_' | '/' => {
                if !out.ends_with('-') {
                    out.push('-')
                }
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

class_dimension! {
    /// What sort of encounter a touch point is (seed 000: "from actual
    /// experience to personal or mass communications to casual observation").
    Kind, "kind" {
        ActualExperience => "actual-experience", "actual experience", ["experience", "actual"];
        PersonalCommunication => "personal-communication", "personal communication", ["personal"];
        MassCommunication => "mass-communication", "mass communication", ["mass"];
        CasualObservation => "casual-observation", "casual observation", ["observation", "casual"];
    }
}

class_dimension! {
    /// Who owns the touch point (Lemon & Verhoef 2016).
    Owner, "owner" {
        Brand => "brand", "brand-owned", ["brand-owned"];
        Partner => "partner", "partner-owned", ["partner-owned"];
        Customer => "customer", "customer-owned", ["customer-owned"];
        SocialExternal => "social-external", "social / external", ["social", "external", "social-external-owned"];
    }
}

class_dimension! {
    /// Where in the purchase the touch point falls.
    Stage, "stage" {
        PrePurchase => "pre-purchase", "pre-purchase", ["prepurchase", "pre", "awareness", "consideration"];
        Purchase => "purchase", "purchase", ["conversion", "buy"];
        PostPurchase => "post-purchase", "post-purchase", ["postpurchase", "post", "retention", "loyalty", "service"];
    }
}

class_dimension! {
    /// Paid, owned or earned media.
    Media, "media" {
        Paid => "paid", "paid", [];
        Owned => "owned", "owned", [];
        Earned => "earned", "earned", [];
    }
}

class_dimension! {
    /// Who speaks: one-way push ("marketing by intrusion"), two-way dialogue,
    /// or a contact the customer sought ("marketing by attraction").
    Direction, "direction" {
        OneWay => "one-way", "one-way", ["push", "oneway", "outbound"];
        TwoWay => "two-way", "two-way dialogue", ["dialogue", "twoway", "two-way-dialogue", "interactive"];
        CustomerInitiated => "customer-initiated", "customer-initiated", ["inbound", "pull", "attraction"];
    }
}

/// The five class dimensions of one touch point. `None` means "not decided":
/// neither a column nor a rule gave a value (the report counts it as
/// unclassified on that dimension).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Classes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<Media>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

impl Classes {
    /// Fills every dimension still `None` from `other`.
    pub fn or(self, other: Classes) -> Classes {
        Classes {
            kind: self.kind.or(other.kind),
            owner: self.owner.or(other.owner),
            stage: self.stage.or(other.stage),
            media: self.media.or(other.media),
            direction: self.direction.or(other.direction),
        }
    }

    /// True when no dimension is decided.
    pub fn is_empty(&self) -> bool {
        *self == Classes::default()
    }

    /// True when every dimension is decided.
    pub fn is_complete(&self) -> bool {
        self.kind.is_some()
            && self.owner.is_some()
            && self.stage.is_some()
            && self.media.is_some()
            && self.direction.is_some()
    }
}

/// How the times of a dataset are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeBase {
    /// Calendar time: seconds since 1970-01-01T00:00:00Z (UTC).
    Calendar,
    /// Seconds from the start of a video (annotation marks).
    VideoOffset,
    /// Position in a path (attribution path rows): 1, 2, 3 …
    Step,
}

/// One touch point met by one journey at one time.
///
/// Strings are interned in the [`Dataset`]: `journey`, `touchpoint` and
/// `channel` are indexes into its name tables, so a million events stay small.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Index into [`Dataset::journeys`].
    pub journey: u32,
    /// Seconds (see [`Dataset::time_base`]).
    pub time: f64,
    /// End of a state event (seconds), when it lasts.
    pub end: Option<f64>,
    /// Index into [`Dataset::touchpoints`].
    pub touchpoint: u32,
    /// Index into [`Dataset::channels`].
    pub channel: Option<u32>,
    /// Classes given by columns of the input; they override the rules.
    pub given: Classes,
    /// Revenue of this event (a purchase amount).
    pub value: Option<f64>,
    /// Cost to serve this event.
    pub cost: Option<f64>,
    /// Perceived performance rating (any scale).
    pub rating: Option<f64>,
    /// Expected performance (same scale as `rating`).
    pub expectation: Option<f64>,
    /// Whether this event is (or ends in) a purchase.
    pub converted: Option<bool>,
    /// The customer's total spend in the category (share of wallet).
    pub category_spend: Option<f64>,
    /// Net Promoter answer, 0–10 ("how likely are you to recommend us?").
    pub nps: Option<f64>,
    /// Customer satisfaction answer on a 5-point scale (1–5).
    pub csat: Option<f64>,
    /// Customer effort answer on a 7-point scale (1–7).
    pub ces: Option<f64>,
    /// 1-based line of the input where the event's record starts.
    pub line: u64,
}

/// A table of distinct names, each stored once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    names: Vec<String>,
    index: std::collections::HashMap<String, u32>,
}

impl Names {
    /// The id of `name`, adding it if new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), id);
        id
    }

    /// The id of `name`, if present.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// The name of `id` (empty for an unknown id).
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map(String::as_str).unwrap_or("")
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there are no names.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// All names, by id.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }
}

/// A bad row in a usable input: kept beside the results, never dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// 1-based line where the row starts (0 when the input has no lines).
    pub line: u64,
    /// 1-based column (field) when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// What was wrong and what was expected.
    pub message: String,
}

impl Problem {
    /// A problem on `line`.
    pub fn new(line: u64, message: impl Into<String>) -> Problem {
        Problem { line, column: None, message: message.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.column {
            Some(c) => write!(f, "line {}, column {}: {}", self.line, c, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// Events of many journeys, with interned names and the problems met reading them.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub time_base: TimeBase,
    pub events: Vec<Event>,
    pub journeys: Names,
    pub touchpoints: Names,
    pub channels: Names,
    /// Bad rows skipped while reading, in input order.
    pub problems: Vec<Problem>,
    /// Notes on the input that are not bad rows (a duplicate header, text
    /// read as Windows-1252, a transactions export read as purchases).
    pub warnings: Vec<Problem>,
    /// Attribution path rows: the sum of `total_conversions`.
    pub path_conversions: f64,
    /// Attribution path rows: the sum of `total_null`.
    pub path_nulls: f64,
    /// Total number of problems (the list may be truncated to keep memory bounded).
    pub problem_count: u64,
    /// Data rows read (good and bad).
    pub rows: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Which optional columns the input had (canonical names).
    pub columns: Vec<String>,
}

impl Dataset {
    /// An empty dataset.
    pub fn new(time_base: TimeBase) -> Dataset {
        Dataset {
            time_base,
            events: Vec::new(),
            journeys: Names::default(),
            touchpoints: Names::default(),
            channels: Names::default(),
            problems: Vec::new(),
            warnings: Vec::new(),
            path_conversions: 0.0,
            path_nulls: 0.0,
            problem_count: 0,
            rows: 0,
            bytes: 0,
            columns: Vec::new(),
        }
    }

    /// True when the input had the canonical column `name`.
    pub fn has_column(&self, name: &str) -> bool {
        self.columns.iter().any(|c| c == name)
    }
}

/// One mark made while watching a video (or one annotation imported from
/// another tool): a moment, or a span for a state event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    /// Seconds from the start of the video.
    pub start: f64,
    /// End in seconds for a state event; `None` for a point event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
    /// The touch point's name.
    pub touchpoint: String,
    /// Classes given by the observer (empty: the rules decide).
    #[serde(default, skip_serializing_if = "Classes::is_empty")]
    pub classes: Classes,
    /// Free comment.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The marks one observer made on one video.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Observation {
    /// Observer name or id (a student, a tier, a BORIS subject …).
    pub observer: String,
    /// The video or media file the marks refer to, when known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub media: String,
    /// Duration of the media in seconds, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// How long the file's exporter makes the cue of a point event, when the
    /// file states it (WebVTT `NOTE` line `point-event-seconds: 1`); the
    /// graders read cues that short as moments (`classroom::moments`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point_event_seconds: Option<f64>,
    /// Marks in time order.
    pub marks: Vec<Mark>,
}

/// What an annotation importer gives back: observations, plus the problems
/// met in a usable file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Annotations {
    /// The format that was read (`"webvtt"`, `"srt"`, `"elan"`, `"boris"` …).
    pub format: String,
    pub observations: Vec<Observation>,
    pub problems: Vec<Problem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_values_parse_leniently() {
        assert_eq!(Kind::parse("Mass Communication"), Some(Kind::MassCommunication));
        assert_eq!(Kind::parse("mass_communication"), Some(Kind::MassCommunication));
        assert_eq!(Owner::parse("Social/External"), Some(Owner::SocialExternal));
        assert_eq!(Direction::parse("two-way dialogue"), Some(Direction::TwoWay));
        assert_eq!(Stage::parse("nonsense"), None);
    }

    #[test]
    fn names_intern_once() {
        let mut names = Names::default();
        assert_eq!(names.intern("a"), 0);
        assert_eq!(names.intern("b"), 1);
        assert_eq!(names.intern("a"), 0);
        assert_eq!(names.name(1), "b");
        assert_eq!(names.len(), 2);
    }
}
