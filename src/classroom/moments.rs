//! When a mark is a *moment* and when a *state event*: the one rule every
//! grader uses (the classroom report, "Check my marks" on the annotator,
//! `touchpoints grade` and the exercise link's palette).
//!
//! Many tools export a moment as a short cue (a plain WebVTT cue
//! `00:04.000 --> 00:05.000`, our own exports' 1-second cues). Graded as
//! spans, two such cues two seconds apart would not overlap and never match;
//! graded as moments they match when their starts are within the tolerance.
//! So a usable mark is a moment when
//!
//! 1. it has no end, or its end equals its start ([`MarkShape::NoEnd`]);
//! 2. the teacher chose "treat every mark as a moment"
//!    ([`MarkShape::AllMoments`], setting `all_moments`);
//! 3. it lasts at most the moment threshold, default 1 s
//!    ([`MarkShape::Short`], setting `moment_seconds`);
//! 4. its file states how long its exporter makes a point event's cue (a
//!    WebVTT `NOTE` line `point-event-seconds: 2`) and it lasts at most
//!    that ([`MarkShape::FilePoint`]);
//!
//! and otherwise a state event ([`MarkShape::State`]). Durations are
//! compared with a 1 µs slack, so a cue of exactly 1.000 s is a moment at
//! the default. The first rule that applies names the reason.

use serde::{Deserialize, Serialize};

use super::matching::TIME_SLACK;
use super::settings::{fmt_num, GradingSettings};
use crate::model::Mark;
use crate::text;

/// What a mark is graded as, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkShape {
    /// A moment: the mark has no end (or ends where it starts).
    NoEnd,
    /// A moment: the teacher treats every mark as a moment.
    AllMoments,
    /// A moment: it lasts at most the moment threshold.
    Short,
    /// A moment: it lasts at most the point-event duration its file states.
    FilePoint,
    /// A state event: a span, matched by overlap.
    State,
}

impl MarkShape {
    /// True for every shape but [`MarkShape::State`].
    pub fn is_moment(self) -> bool {
        self != MarkShape::State
    }
}

/// The rule for one observation: the settings' threshold and override, and
/// the point-event duration its file states (if any).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MomentRule {
    /// The moment threshold in seconds (setting `moment_seconds`).
    pub seconds: f64,
    /// The point-event duration stated by the observation's file.
    pub file_point_seconds: Option<f64>,
    /// Every mark is a moment (setting `all_moments`).
    pub all_moments: bool,
}

impl MomentRule {
    /// The rule of `settings` for an observation whose file states
    /// `file_point_seconds` (unusable values are ignored).
    pub fn new(settings: &GradingSettings, file_point_seconds: Option<f64>) -> MomentRule {
        let seconds = if settings.moment_seconds.is_finite() && settings.moment_seconds >= 0.0 {
            settings.moment_seconds
        } else {
            super::settings::DEFAULT_MOMENT_SECONDS
        };
        MomentRule {
            seconds,
            file_point_seconds: file_point_seconds.filter(|p| p.is_finite() && *p > 0.0),
            all_moments: settings.all_moments,
        }
    }

    /// The shape of a mark from `start` to `end` (see the module
    /// documentation). An end that is missing, not a number or not after the
    /// start gives [`MarkShape::NoEnd`].
    pub fn shape(&self, start: f64, end: Option<f64>) -> MarkShape {
        let Some(end) = end.filter(|e| e.is_finite() && *e > start) else {
            return MarkShape::NoEnd;
        };
        let duration = end - start;
        if self.all_moments {
            MarkShape::AllMoments
        } else if duration <= self.seconds + TIME_SLACK {
            MarkShape::Short
        } else if self.file_point_seconds.is_some_and(|p| duration <= p + TIME_SLACK) {
            MarkShape::FilePoint
        } else {
            MarkShape::State
        }
    }

    /// The shape of `mark`.
    pub fn shape_of(&self, mark: &Mark) -> MarkShape {
        self.shape(mark.start, mark.end)
    }
}

/// How many of an observation's usable marks were graded as what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ShapeCounts {
    /// Marks graded as moments (the sum of the four reasons below).
    pub moments: usize,
    /// Moments because they have no end.
    pub no_end: usize,
    /// Spans made moments by "treat every mark as a moment".
    pub all_moments: usize,
    /// Spans made moments by the moment threshold.
    pub short: usize,
    /// Spans made moments by the point-event duration their file states.
    pub file_point: usize,
    /// Marks graded as state events.
    pub states: usize,
}

impl ShapeCounts {
    /// Counts one mark of `shape`.
    pub fn add(&mut self, shape: MarkShape) {
        match shape {
            MarkShape::NoEnd => self.no_end += 1,
            MarkShape::AllMoments => self.all_moments += 1,
            MarkShape::Short => self.short += 1,
            MarkShape::FilePoint => self.file_point += 1,
            MarkShape::State => self.states += 1,
        }
        if shape.is_moment() {
            self.moments += 1;
        }
    }

    /// Adds `other`'s counts.
    pub fn merge(&mut self, other: &ShapeCounts) {
        self.moments += other.moments;
        self.no_end += other.no_end;
        self.all_moments += other.all_moments;
        self.short += other.short;
        self.file_point += other.file_point;
        self.states += other.states;
    }

    /// Spans the rule made moments (every reason but "no end").
    pub fn made_moments(&self) -> usize {
        self.all_moments + self.short + self.file_point
    }
}

/// The shape of every mark of `marks` under `settings`, in the given order
/// (for the exercise link: a key name whose first mark is a state event is a
/// state key on the annotator). `file_point_seconds`: what the marks' file
/// states, if anything.
pub fn shapes(
    marks: &[Mark],
    file_point_seconds: Option<f64>,
    settings: &GradingSettings,
) -> Vec<MarkShape> {
    let rule = MomentRule::new(settings, file_point_seconds);
    marks.iter().map(|m| rule.shape_of(m)).collect()
}

/// The rule in one sentence (for the feedback text, the command line and
/// the report's `moment_rule`).
pub fn describe(settings: &GradingSettings) -> String {
    let tolerance = fmt_num(settings.tolerance);
    if settings.all_moments {
        return text::t(
            "core.moments.rule.all",
            "Every mark is treated as a moment (the teacher's setting): a student's mark matches a key mark when their starts are at most {tolerance} s apart.",
            &[("tolerance", &tolerance)],
        );
    }
    let (seconds, iou) = (fmt_num(settings.moment_seconds), fmt_num(settings.iou_threshold));
    text::t(
        "core.moments.rule",
        "A mark with no end, or lasting at most {seconds} s (or at most the point-event duration its file states), is a moment: it matches when the starts are at most {tolerance} s apart. Longer marks are state events: two of them match when they overlap by at least {iou} (intersection over union); a state event and a moment compare as moments.",
        &[("seconds", &seconds), ("tolerance", &tolerance), ("iou", &iou)],
    )
}

/// How `counts` were graded, for the feedback text: "The key's 8 marks: 8
/// moments (8 lasting at most 1 s), no state event." `key`: the key's marks
/// (else the student's).
pub fn counts_sentence(key: bool, counts: &ShapeCounts, settings: &GradingSettings) -> String {
    let total = counts.moments + counts.states;
    let mut why = Vec::new();
    if counts.no_end > 0 {
        why.push(text::t("core.moments.why.noEnd", "{n} without an end", &[("n", &counts.no_end)]));
    }
    if counts.all_moments > 0 {
        why.push(text::t(
            "core.moments.why.all",
            "{n} by the setting \"every mark is a moment\"",
            &[("n", &counts.all_moments)],
        ));
    }
    if counts.short > 0 {
        let seconds = fmt_num(settings.moment_seconds);
        why.push(text::t(
            "core.moments.why.short",
            "{n} lasting at most {seconds} s",
            &[("n", &counts.short), ("seconds", &seconds)],
        ));
    }
    if counts.file_point > 0 {
        why.push(text::t(
            "core.moments.why.filePoint",
            "{n} as short as the file's point events",
            &[("n", &counts.file_point)],
        ));
    }
    let marks = if total == 1 {
        text::t("core.moments.marks.one", "1 mark", &[])
    } else {
        text::t("core.moments.marks.many", "{n} marks", &[("n", &total)])
    };
    let moments = if counts.moments == 1 {
        text::t("core.moments.moments.one", "1 moment", &[])
    } else {
        text::t("core.moments.moments.many", "{n} moments", &[("n", &counts.moments)])
    };
    let states = match counts.states {
        0 => text::t("core.moments.states.none", "no state event", &[]),
        1 => text::t("core.moments.states.one", "1 state event", &[]),
        n => text::t("core.moments.states.many", "{n} state events", &[("n", &n)]),
    };
    let why = if why.is_empty() { String::new() } else { format!(" ({})", why.join(", ")) };
    let args: [(&str, &dyn std::fmt::Display); 4] =
        [("marks", &marks), ("moments", &moments), ("why", &why), ("states", &states)];
    if key {
        text::t("core.moments.counts.key", "The key's {marks}: {moments}{why}, {states}.", &args)
    } else {
        text::t("core.moments.counts.yours", "Your {marks}: {moments}{why}, {states}.", &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_order_and_boundaries() {
        let s = GradingSettings::default();
        let r = MomentRule::new(&s, None);
        assert_eq!(r.shape(4.0, None), MarkShape::NoEnd);
        assert_eq!(r.shape(4.0, Some(4.0)), MarkShape::NoEnd);
        assert_eq!(r.shape(4.0, Some(3.0)), MarkShape::NoEnd);
        assert_eq!(r.shape(4.0, Some(f64::NAN)), MarkShape::NoEnd);
        assert_eq!(r.shape(4.0, Some(5.0)), MarkShape::Short);
        assert_eq!(r.shape(0.1, Some(1.1)), MarkShape::Short); // 1 s in floating point
        assert_eq!(r.shape(4.0, Some(5.001)), MarkShape::State);
        let r = MomentRule::new(&s, Some(2.0));
        assert_eq!(r.shape(4.0, Some(6.0)), MarkShape::FilePoint);
        assert_eq!(r.shape(4.0, Some(6.5)), MarkShape::State);
        let all = GradingSettings { all_moments: true, ..Default::default() };
        assert_eq!(MomentRule::new(&all, None).shape(4.0, Some(60.0)), MarkShape::AllMoments);
        let zero = GradingSettings { moment_seconds: 0.0, ..Default::default() };
        assert_eq!(MomentRule::new(&zero, None).shape(4.0, Some(5.0)), MarkShape::State);
    }

    #[test]
    fn counts_add_up() {
        let mut c = ShapeCounts::default();
        for s in [MarkShape::NoEnd, MarkShape::Short, MarkShape::Short, MarkShape::State] {
            c.add(s);
        }
        assert_eq!((c.moments, c.made_moments(), c.states), (3, 2, 1));
        assert_eq!(
            counts_sentence(true, &c, &GradingSettings::default()),
            "The key's 4 marks: 3 moments (1 without an end, 2 lasting at most 1 s), 1 state event."
        );
    }
}
