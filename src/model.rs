//! The domain model: touch points, their classes, problems and annotation
//! marks. Plain data; everything else computes on these types. The event
//! store is [`crate::dataset`] (re-exported here as [`Dataset`]).

pub use crate::dataset::{Dataset, Names};
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

/// One of the five class dimensions (what a step, a column or a cue field names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    Kind,
    Owner,
    Stage,
    Media,
    Direction,
}

impl Dimension {
    /// Every dimension, in the report's order.
    pub const ALL: [Dimension; 5] = [
        Dimension::Kind,
        Dimension::Owner,
        Dimension::Stage,
        Dimension::Media,
        Dimension::Direction,
    ];

    /// The dimension's name (`"stage"`).
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Kind => "kind",
            Dimension::Owner => "owner",
            Dimension::Stage => "stage",
            Dimension::Media => "media",
            Dimension::Direction => "direction",
        }
    }

    /// Reads a dimension name (case-insensitive).
    pub fn parse(text: &str) -> Option<Dimension> {
        let t = text.trim().to_lowercase();
        Dimension::ALL.iter().copied().find(|d| d.name() == t)
    }

    /// Keys of the dimension's values, in display order.
    pub fn keys(self) -> Vec<&'static str> {
        match self {
            Dimension::Kind => Kind::ALL.iter().map(|v| v.key()).collect(),
            Dimension::Owner => Owner::ALL.iter().map(|v| v.key()).collect(),
            Dimension::Stage => Stage::ALL.iter().map(|v| v.key()).collect(),
            Dimension::Media => Media::ALL.iter().map(|v| v.key()).collect(),
            Dimension::Direction => Direction::ALL.iter().map(|v| v.key()).collect(),
        }
    }

    /// Reads a value of this dimension: its key (`"purchase"`), label or a
    /// synonym, or `unclassified`. `Some(None)` is "unclassified".
    pub fn parse_value(self, text: &str) -> Option<Option<&'static str>> {
        if text.trim().eq_ignore_ascii_case("unclassified") {
            return Some(None);
        }
        let key = match self {
            Dimension::Kind => Kind::parse(text).map(Kind::key),
            Dimension::Owner => Owner::parse(text).map(Owner::key),
            Dimension::Stage => Stage::parse(text).map(Stage::key),
            Dimension::Media => Media::parse(text).map(Media::key),
            Dimension::Direction => Direction::parse(text).map(Direction::key),
        }?;
        Some(Some(key))
    }

    /// The key of `classes` on this dimension (`None`: unclassified).
    pub fn key_of(self, classes: &Classes) -> Option<&'static str> {
        match self {
            Dimension::Kind => classes.kind.map(Kind::key),
            Dimension::Owner => classes.owner.map(Owner::key),
            Dimension::Stage => classes.stage.map(Stage::key),
            Dimension::Media => classes.media.map(Media::key),
            Dimension::Direction => classes.direction.map(Direction::key),
        }
    }

    /// The human label of a value key (`"pre-purchase"`, `"mass communication"`).
    pub fn label_of(self, key: Option<&str>) -> &'static str {
        let Some(key) = key else { return "unclassified" };
        let found = match self {
            Dimension::Kind => Kind::ALL.iter().find(|v| v.key() == key).map(|v| v.label()),
            Dimension::Owner => Owner::ALL.iter().find(|v| v.key() == key).map(|v| v.label()),
            Dimension::Stage => Stage::ALL.iter().find(|v| v.key() == key).map(|v| v.label()),
            Dimension::Media => Media::ALL.iter().find(|v| v.key() == key).map(|v| v.label()),
            Dimension::Direction => {
                Direction::ALL.iter().find(|v| v.key() == key).map(|v| v.label())
            }
        };
        found.unwrap_or("unclassified")
    }
}

impl Classes {
    /// Sets `dimension` from `text` (a key, label or synonym, see
    /// [`Kind::parse`]): `true` when the text names a value; otherwise the
    /// dimension is left undecided (`None`) and `false` is returned. The one
    /// per-dimension parse of the readers (journey rows, cue text, VIA,
    /// our CSV).
    pub fn set(&mut self, dimension: Dimension, text: &str) -> bool {
        let index = Classes::value_index(dimension, text);
        self.set_index(dimension, index);
        index.is_some()
    }

    /// The position in the dimension's `ALL` list of the value `text` names.
    /// A reader that meets the same text on many rows parses it once with
    /// this and keeps the index ([`Classes::set_index`]).
    pub fn value_index(dimension: Dimension, text: &str) -> Option<u8> {
        fn position<T: PartialEq>(all: &[T], value: Option<T>) -> Option<u8> {
            let value = value?;
            all.iter().position(|v| *v == value).and_then(|i| u8::try_from(i).ok())
        }
        match dimension {
            Dimension::Kind => position(Kind::ALL, Kind::parse(text)),
            Dimension::Owner => position(Owner::ALL, Owner::parse(text)),
            Dimension::Stage => position(Stage::ALL, Stage::parse(text)),
            Dimension::Media => position(Media::ALL, Media::parse(text)),
            Dimension::Direction => position(Direction::ALL, Direction::parse(text)),
        }
    }

    /// Sets `dimension` to the value at `index` of its `ALL` list (`None`,
    /// or an index past the list: undecided).
    pub fn set_index(&mut self, dimension: Dimension, index: Option<u8>) {
        let i = index.map(usize::from);
        match dimension {
            Dimension::Kind => self.kind = i.and_then(|i| Kind::ALL.get(i).copied()),
            Dimension::Owner => self.owner = i.and_then(|i| Owner::ALL.get(i).copied()),
            Dimension::Stage => self.stage = i.and_then(|i| Stage::ALL.get(i).copied()),
            Dimension::Media => self.media = i.and_then(|i| Media::ALL.get(i).copied()),
            Dimension::Direction => self.direction = i.and_then(|i| Direction::ALL.get(i).copied()),
        }
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
        // Line 0: about the input as a whole (a Parquet schema's field, say), no line to name.
        f.write_str(&crate::error::positioned(self.line, self.column, &self.message))
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

/// A class dimension's name in the page's language ("kind", "soort").
pub fn dimension_name(dimension: &str) -> String {
    match dimension {
        "kind" => crate::text::t("core.dimension.kind", "kind", &[]),
        "owner" => crate::text::t("core.dimension.owner", "owner", &[]),
        "stage" => crate::text::t("core.dimension.stage", "stage", &[]),
        "media" => crate::text::t("core.dimension.media", "media", &[]),
        "direction" => crate::text::t("core.dimension.direction", "direction", &[]),
        other => other.to_string(),
    }
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
    fn classes_set_one_dimension_from_text() {
        let mut c = Classes::default();
        assert!(c.set(Dimension::Stage, "Post Purchase"));
        assert!(c.set(Dimension::Owner, "social/external"));
        assert!(!c.set(Dimension::Kind, "nonsense"));
        assert_eq!(
            c,
            Classes {
                stage: Some(Stage::PostPurchase),
                owner: Some(Owner::SocialExternal),
                ..Classes::default()
            }
        );
        // An unknown text leaves the dimension undecided, also over a value.
        assert!(!c.set(Dimension::Stage, "later"));
        assert_eq!(c.stage, None);
        assert_eq!(Classes::value_index(Dimension::Direction, "inbound"), Some(2));
        c.set_index(Dimension::Media, Some(9));
        assert_eq!(c.media, None);
    }
}
