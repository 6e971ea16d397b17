//! The engagement score: points per touch point by its classes, time decay
//! with a half-life, a cap per channel (or touch point), bands.
//!
//! For one customer:
//!
//! ```text
//! points(touch)  = base + kind[k] + direction[d] + owner[o] + media[m] + (advocacy if the name matches)
//! decay(touch)   = 0.5 ^ (age_days / half_life_days)        (1 when decay is off)
//! channel sum    = Σ points × decay over the channel's touches
//! score          = min(100, Σ over channels min(cap, channel sum)), rounded to 1 decimal
//! ```
//!
//! Weights below 0 count as 0, so a touch point never lowers a score.
//! Each touch's decayed points are counted in whole millionths of a point,
//! so sums are exact and the order of the input rows changes nothing.

use super::{analysis_instant, dates, is_calendar, round_to};
use crate::dataset::Names;
use crate::model::{Classes, Dataset, Direction, Kind, Media, Owner};
use crate::taxonomy::Classification;
use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the cap limits: the points of one channel, or of one touch point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CapScope {
    /// Per channel; events without a channel are capped by touch point.
    #[default]
    Channel,
    /// Per touch point.
    Touchpoint,
}

/// A named band: scores at or above `min` (and below the next band's `min`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// Band name (`"warm"`).
    pub name: String,
    /// Lowest score in the band.
    pub min: f64,
}

/// Editable weights and options of the engagement score. Defaults are in
/// `docs/engagement.md` with their grounding in the seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EngagementSettings {
    /// Points every touch point earns (default 1: every encounter counts).
    pub base_points: f64,
    /// Extra points by kind (default: actual experience 2, personal
    /// communication 2, mass communication 0, casual observation 0.5).
    pub kind_points: BTreeMap<Kind, f64>,
    /// Extra points by direction (default: one-way 0, two-way 3, customer-initiated 4).
    pub direction_points: BTreeMap<Direction, f64>,
    /// Extra points by owner (default: brand 0, partner 0, customer 2, social/external 1).
    pub owner_points: BTreeMap<Owner, f64>,
    /// Extra points by media (default: paid 0, owned 0.5, earned 2).
    pub media_points: BTreeMap<Media, f64>,
    /// Extra points when the touch point or channel name matches an advocacy keyword (default 5).
    pub advocacy_points: f64,
    /// Advocacy keywords, matched case-insensitively at the start of a word
    /// of the touch point or channel name (default: review, refer, share,
    /// recommend, community, forum, testimonial, word of mouth, advoca, ambassador).
    pub advocacy_keywords: Vec<String>,
    /// Half-life of a touch point's points in days (default 90); `null`
    /// turns decay off. Decay is always off for video-offset or step times.
    pub half_life_days: Option<f64>,
    /// Most points one channel (or touch point) can add (default 25); `null`: no cap.
    pub cap_points: Option<f64>,
    /// What the cap applies to (default channel).
    pub cap_per: CapScope,
    /// Bands by lowest score (default cold 0, warm 15, hot 40, advocate 70).
    pub bands: Vec<Band>,
    /// Analysis date (default: the day after the last event).
    pub analysis_date: Option<super::AnalysisDate>,
}

impl Default for EngagementSettings {
    fn default() -> Self {
        EngagementSettings {
            base_points: 1.0,
            kind_points: BTreeMap::from([
                (Kind::ActualExperience, 2.0),
                (Kind::PersonalCommunication, 2.0),
                (Kind::MassCommunication, 0.0),
                (Kind::CasualObservation, 0.5),
            ]),
            direction_points: BTreeMap::from([
                (Direction::OneWay, 0.0),
                (Direction::TwoWay, 3.0),
                (Direction::CustomerInitiated, 4.0),
            ]),
            owner_points: BTreeMap::from([
                (Owner::Brand, 0.0),
                (Owner::Partner, 0.0),
                (Owner::Customer, 2.0),
                (Owner::SocialExternal, 1.0),
            ]),
            media_points: BTreeMap::from([
                (Media::Paid, 0.0),
                (Media::Owned, 0.5),
                (Media::Earned, 2.0),
            ]),
            advocacy_points: 5.0,
            advocacy_keywords: [
                "review",
                "refer",
                "share",
                "recommend",
                "community",
                "forum",
                "testimonial",
                "word of mouth",
                "advoca",
                "ambassador",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            half_life_days: Some(90.0),
            cap_points: Some(25.0),
            cap_per: CapScope::Channel,
            // The default band names in the page's language (a user's own names stay as written).
            bands: vec![
                Band { name: crate::text::t("core.band.cold", "cold", &[]), min: 0.0 },
                Band { name: crate::text::t("core.band.warm", "warm", &[]), min: 15.0 },
                Band { name: crate::text::t("core.band.hot", "hot", &[]), min: 40.0 },
                Band { name: crate::text::t("core.band.advocate", "advocate", &[]), min: 70.0 },
            ],
            analysis_date: None,
        }
    }
}

impl EngagementSettings {
    /// True when `name` (a touch point or channel) matches an advocacy keyword.
    pub fn is_advocacy(&self, name: &str) -> bool {
        matches_keyword(name, &self.advocacy_keywords)
    }

    /// The weights as tables by class, for [`PointTable::points`] per event
    /// (no map look-up per event). Weights below 0 (or not numbers) count as 0.
    pub fn point_table(&self) -> PointTable {
        fn table<K: Ord + Copy>(map: &BTreeMap<K, f64>, all: &[K]) -> Vec<(f64, i64)> {
            // Slot 0: no class; then each value by its position in `all`.
            std::iter::once(0.0)
                .chain(all.iter().map(|&k| class_weight(map, Some(k))))
                .map(|w| (w, micros(w)))
                .collect()
        }
        let one = |w: f64| (weight(w), micros(weight(w)));
        PointTable {
            base: one(self.base_points),
            kind: table(&self.kind_points, Kind::ALL),
            direction: table(&self.direction_points, Direction::ALL),
            owner: table(&self.owner_points, Owner::ALL),
            media: table(&self.media_points, Media::ALL),
            advocacy: one(self.advocacy_points),
        }
    }
}

/// The engagement weights by class value ([`EngagementSettings::point_table`]),
/// each as points and as whole millionths of a point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointTable {
    base: (f64, i64),
    kind: Vec<(f64, i64)>,
    direction: Vec<(f64, i64)>,
    owner: Vec<(f64, i64)>,
    media: Vec<(f64, i64)>,
    advocacy: (f64, i64),
}

impl PointTable {
    /// The points one touch earns before decay and cap: base + the weights
    /// of its classes, + advocacy when its touch point or channel name
    /// matched an advocacy keyword (see [`EngagementSettings::is_advocacy`]).
    pub fn points(&self, classes: &Classes, advocacy: bool) -> ClassPoints {
        let [base, kind, direction, owner, media, advocacy] =
            self.lookup(classes, advocacy).map(|(w, _)| w);
        ClassPoints { base, kind, direction, owner, media, advocacy }
    }

    /// Base, kind, direction, owner, media and advocacy weights of a touch.
    fn lookup(&self, classes: &Classes, advocacy: bool) -> [(f64, i64); 6] {
        // The enums' values are declared in `ALL` order: discriminant + 1 is the slot.
        fn at(table: &[(f64, i64)], slot: Option<usize>) -> (f64, i64) {
            slot.and_then(|s| table.get(s + 1)).copied().unwrap_or((0.0, 0))
        }
        [
            self.base,
            at(&self.kind, classes.kind.map(|k| k as usize)),
            at(&self.direction, classes.direction.map(|k| k as usize)),
            at(&self.owner, classes.owner.map(|k| k as usize)),
            at(&self.media, classes.media.map(|k| k as usize)),
            if advocacy { self.advocacy } else { (0.0, 0) },
        ]
    }
}

/// 0.5^(age ÷ half-life): what is left of a touch's points after `age` days.
fn decay_factor(age: i64, half_life: f64) -> f64 {
    0.5f64.powf(age as f64 / half_life)
}

/// [`decay_factor`] by whole days of age, each age computed once.
struct Factors {
    half_life: f64,
    by_age: Vec<f64>,
}

impl Factors {
    /// Ages kept (older ones are computed each time).
    const KEPT: usize = 1 << 16;

    fn get(&mut self, age: i64) -> f64 {
        let slot = age.max(0) as usize;
        if slot >= Self::KEPT {
            return decay_factor(age, self.half_life);
        }
        if slot >= self.by_age.len() {
            self.by_age.resize(slot + 1, f64::NAN);
        }
        if self.by_age[slot].is_nan() {
            self.by_age[slot] = decay_factor(age, self.half_life);
        }
        self.by_age[slot]
    }
}

impl ClassPoints {
    /// All the points together.
    pub fn total(&self) -> f64 {
        self.base + self.kind + self.direction + self.owner + self.media + self.advocacy
    }
}

/// Points by class, before decay: the sum over the customer's touch points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ClassPoints {
    /// Base points (base × touches).
    pub base: f64,
    /// Points from the kind class.
    pub kind: f64,
    /// Points from the direction class.
    pub direction: f64,
    /// Points from the owner class.
    pub owner: f64,
    /// Points from the media class.
    pub media: f64,
    /// Advocacy keyword points.
    pub advocacy: f64,
}

/// A channel (or touch point) whose points were cut by the cap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapHit {
    /// Channel or touch point name.
    pub source: String,
    /// Its points after decay, before the cap.
    pub points: f64,
    /// What the cap kept (the cap).
    pub kept: f64,
}

/// One customer's score and how it was made. Its one-line formula is
/// written when asked for ([`CustomerEngagement::formula`]) and when the row is
/// serialized (as the field `formula`, last), not for every customer at scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerEngagement {
    /// Customer (journey) name.
    pub customer: String,
    /// Score 0–100, one decimal.
    pub score: f64,
    /// Band name.
    pub band: String,
    /// Touch points counted.
    pub touches: u64,
    /// Points by class before decay.
    pub points: ClassPoints,
    /// Sum of points before decay (= the sum of `points`).
    pub raw_points: f64,
    /// Sum after decay.
    pub decayed_points: f64,
    /// Share of the raw points kept by decay (decayed ÷ raw; 1 without decay).
    pub decay_kept: f64,
    /// Sum after the cap (before the 100 limit).
    pub capped_points: f64,
    /// Channels (or touch points) cut by the cap, by name.
    pub cap_hits: Vec<CapHit>,
    /// The settings the formula line states (the same for every customer of a report).
    terms: FormulaTerms,
}

/// What a formula line states besides the customer's own numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FormulaTerms {
    /// The half-life, when decay was applied.
    half_life: Option<f64>,
    /// The cap in millionths of a point.
    cap: Option<i64>,
    /// What the cap applies to.
    per: CapScope,
}

impl Serialize for CustomerEngagement {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// The row as it is written: the fields in order, then the formula.
        #[derive(Serialize)]
        struct Written<'a> {
            customer: &'a str,
            score: f64,
            band: &'a str,
            touches: u64,
            points: &'a ClassPoints,
            raw_points: f64,
            decayed_points: f64,
            decay_kept: f64,
            capped_points: f64,
            cap_hits: &'a [CapHit],
            formula: String,
        }
        Written {
            customer: &self.customer,
            score: self.score,
            band: &self.band,
            touches: self.touches,
            points: &self.points,
            raw_points: self.raw_points,
            decayed_points: self.decayed_points,
            decay_kept: self.decay_kept,
            capped_points: self.capped_points,
            cap_hits: &self.cap_hits,
            formula: self.formula(),
        }
        .serialize(serializer)
    }
}

impl CustomerEngagement {
    /// The computation as one line with this customer's numbers (in the
    /// language of [`crate::text`] at the time of asking).
    pub fn formula(&self) -> String {
        let points = &self.points;
        let mut formula = text::t(
            "core.engagement.formula.points",
            "points {raw} = base {base} + kind {kind} + direction {direction} + owner {owner} + media {media} + advocacy {advocacy}",
            &[
                ("raw", &fmt2(self.raw_points)),
                ("base", &fmt2(points.base)),
                ("kind", &fmt2(points.kind)),
                ("direction", &fmt2(points.direction)),
                ("owner", &fmt2(points.owner)),
                ("media", &fmt2(points.media)),
                ("advocacy", &fmt2(points.advocacy)),
            ],
        );
        formula.push_str(&match self.terms.half_life {
            Some(h) => text::t(
                "core.engagement.formula.decay",
                "; after decay (half-life {h} days) {decayed} ({kept}% kept)",
                &[
                    ("h", &crate::number::plain(round_to(h, 2), 2)),
                    ("decayed", &fmt2(self.decayed_points)),
                    ("kept", &crate::number::decimal(self.decay_kept * 100.0, 1)),
                ],
            ),
            None => text::t("core.engagement.formula.noDecay", "; no decay", &[]),
        });
        if let Some(c) = self.terms.cap {
            let (cap, per) = (fmt2(from_micro(c)), scope_word(self.terms.per));
            formula.push_str(&if self.cap_hits.is_empty() {
                text::t(
                    "core.engagement.formula.capNotReached",
                    "; cap {cap} per {per} not reached",
                    &[("cap", &cap), ("per", &per)],
                )
            } else {
                let cut: Vec<String> = self
                    .cap_hits
                    .iter()
                    .map(|h| format!("{} {}→{}", h.source, fmt2(h.points), fmt2(h.kept)))
                    .collect();
                text::t(
                    "core.engagement.formula.cap",
                    "; cap {cap} per {per}: {cut} → {kept}",
                    &[
                        ("cap", &cap),
                        ("per", &per),
                        ("cut", &cut.join(", ")),
                        ("kept", &fmt2(self.capped_points)),
                    ],
                )
            });
        }
        formula.push_str(&text::t(
            "core.engagement.formula.score",
            "; score = min(100, {sum}) = {score}",
            &[
                ("sum", &fmt2(self.capped_points)),
                ("score", &crate::number::decimal(self.score, 1)),
            ],
        ));
        formula
    }
}

/// Customers per band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandCount {
    /// Band name.
    pub name: String,
    /// Lowest score in the band.
    pub min: f64,
    /// Lowest score of the next band (100 for the last band, which includes 100).
    pub max: f64,
    /// Customers in the band.
    pub customers: u64,
}

/// The engagement report (report key `engagement`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngagementReport {
    /// One row per customer with at least one counted touch point; highest
    /// score first, ties by name.
    pub customers: Vec<CustomerEngagement>,
    /// Customers per band, bands by lowest score.
    pub bands: Vec<BandCount>,
    /// Customers per score bin of 10: `[0,10)`, `[10,20)` … `[90,100]`.
    pub histogram: Vec<u64>,
    /// Mean score (one decimal); 0 with no customers.
    pub mean_score: f64,
    /// Median score (mean of the middle two for an even count); 0 with no customers.
    pub median_score: f64,
    /// Analysis date (`YYYY-MM-DD` or a date-time), when times are calendar times.
    pub analysis_date: Option<String>,
    /// Whether time decay was applied.
    pub decay: bool,
    /// The half-life used, when decay was applied.
    pub half_life_days: Option<f64>,
    /// The cap used.
    pub cap_points: Option<f64>,
    /// What the cap applies to.
    pub cap_per: CapScope,
    /// The method in words, with the settings' numbers.
    pub method: String,
    /// Events skipped and settings that could not be used.
    pub warnings: Vec<String>,
}

/// One touch point's contribution (for a "how was this computed?" table).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TouchScore {
    /// 1-based input line of the event.
    pub line: u64,
    /// Time as `YYYY-MM-DD` (calendar data) or seconds.
    pub time: String,
    /// Touch point name.
    pub touchpoint: String,
    /// Channel name (empty when none).
    pub channel: String,
    /// The classes used.
    pub classes: Classes,
    /// Points by class before decay.
    pub points: ClassPoints,
    /// Total points before decay.
    pub total: f64,
    /// Age in whole days at the analysis date (0 without decay).
    pub age_days: i64,
    /// Decay factor 0.5^(age ÷ half-life) (1 without decay).
    pub decay: f64,
    /// total × decay.
    pub decayed: f64,
    /// The channel or touch point the cap groups it under.
    pub cap_group: String,
}

const MICRO: f64 = 1e6;

fn weight(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

fn class_weight<K: Ord>(map: &BTreeMap<K, f64>, key: Option<K>) -> f64 {
    key.and_then(|k| map.get(&k).copied()).map(weight).unwrap_or(0.0)
}

/// Lower-cases and turns punctuation into spaces, for keyword matching.
fn words(text: &str) -> String {
    let mut out = String::from(" ");
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

/// For each name of `names`: whether it matches an advocacy keyword.
fn names_matching(names: &crate::dataset::Names, keywords: &[String]) -> Vec<bool> {
    names.iter().map(|n| matches_keyword(n, keywords)).collect()
}

/// True when a keyword starts a word of `text`.
fn matches_keyword(text: &str, keywords: &[String]) -> bool {
    let hay = words(text);
    keywords.iter().any(|k| {
        let k = words(k);
        let k = k.trim_end();
        k.len() > 1 && hay.contains(k)
    })
}

/// Shared set-up of a scoring run.
struct Plan<'a> {
    dataset: &'a Dataset,
    classification: &'a Classification,
    settings: &'a EngagementSettings,
    /// Analysis instant and day, when times are calendar times.
    analysis: Option<(f64, i64)>,
    half_life: Option<f64>,
    advocacy_tp: Vec<bool>,
    advocacy_ch: Vec<bool>,
    table: PointTable,
}

impl<'a> Plan<'a> {
    fn new(
        dataset: &'a Dataset,
        classification: &'a Classification,
        settings: &'a EngagementSettings,
        warnings: &mut Vec<String>,
    ) -> Plan<'a> {
        let analysis = if is_calendar(dataset) {
            let t = analysis_instant(dataset, settings.analysis_date.as_ref(), warnings);
            Some((t, dates::day_of(t)))
        } else {
            None
        };
        let half_life = match settings.half_life_days {
            Some(h) if h.is_finite() && h > 0.0 && analysis.is_some() => Some(h),
            Some(h) if analysis.is_some() => {
                warnings.push(text::t(
                    "core.engagement.halfLife",
                    "half-life {h} days is not a positive number; decay is off",
                    &[("h", &h)],
                ));
                None
            }
            _ => None,
        };
        let keywords = &settings.advocacy_keywords;
        Plan {
            dataset,
            classification,
            settings,
            analysis,
            half_life,
            advocacy_tp: names_matching(dataset.touchpoint_names(), keywords),
            advocacy_ch: names_matching(dataset.channel_names(), keywords),
            table: settings.point_table(),
        }
    }

    /// The classes of event `i`.
    fn classes_of(&self, i: usize) -> Classes {
        self.classification.classes_of(self.dataset, i)
    }

    /// Whether event `i` counts: finite time, before the analysis instant.
    fn counts(&self, i: usize) -> bool {
        let time = self.dataset.time(i);
        time.is_finite() && self.analysis.is_none_or(|(t, _)| time < t)
    }

    fn is_advocacy(&self, i: usize) -> bool {
        let d = self.dataset;
        self.advocacy_tp.get(d.touchpoint(i) as usize).copied().unwrap_or(false)
            || d.channel(i)
                .is_some_and(|ch| self.advocacy_ch.get(ch as usize).copied().unwrap_or(false))
    }

    fn points(&self, i: usize) -> ClassPoints {
        self.table.points(&self.classes_of(i), self.is_advocacy(i))
    }

    /// Event `i`'s weights as (points, millionths) in [`ClassPoints`] order.
    fn weights(&self, i: usize) -> [(f64, i64); 6] {
        self.table.lookup(&self.classes_of(i), self.is_advocacy(i))
    }

    /// Event `i`'s age in whole days at the analysis date, when decay applies.
    fn age(&self, i: usize) -> Option<i64> {
        match (self.analysis, self.half_life) {
            (Some((_, day)), Some(_)) => Some((day - dates::day_of(self.dataset.time(i))).max(0)),
            _ => None,
        }
    }

    /// (age in days, decay factor) of event `i`.
    fn decay(&self, i: usize) -> (i64, f64) {
        match (self.age(i), self.half_life) {
            (Some(age), Some(h)) => (age, decay_factor(age, h)),
            _ => (0, 1.0),
        }
    }

    /// The cap group of event `i`: (0, channel id) or (1, touch point id).
    fn cap_group(&self, i: usize) -> (u8, u32) {
        match (self.settings.cap_per, self.dataset.channel(i)) {
            (CapScope::Channel, Some(ch)) => (0, ch),
            _ => (1, self.dataset.touchpoint(i)),
        }
    }

    fn group_name(&self, group: (u8, u32)) -> &'a str {
        match group {
            (0, ch) => self.dataset.channel_names().name(ch),
            (_, tp) => self.dataset.touchpoint_names().name(tp),
        }
    }

    fn cap_micros(&self) -> Option<i64> {
        match self.settings.cap_points {
            Some(c) if c.is_finite() && c >= 0.0 => Some((c.min(1e9) * MICRO).round() as i64),
            _ => None,
        }
    }
}

fn micros(v: f64) -> i64 {
    (v.min(1e9) * MICRO).round() as i64
}

fn from_micro(v: i64) -> f64 {
    v as f64 / MICRO
}

/// Running sums of one customer, in millionths of a point.
#[derive(Default)]
struct Acc {
    touches: u64,
    class: [i64; 6],
    decayed: i64,
    /// Decayed points per cap group, in the order first seen (a customer has a few: a list
    /// searched in turn costs less than a map per customer).
    groups: Vec<((u8, u32), i64)>,
}

/// One customer's sums after the cap, before their row is written.
#[derive(Debug, Clone)]
struct Scored {
    journey: u32,
    touches: u64,
    class: [i64; 6],
    decayed: i64,
    capped: i64,
    score: f64,
    hits: Vec<CapHit>,
}

impl Acc {
    fn clear(&mut self) {
        self.touches = 0;
        self.class = [0; 6];
        self.decayed = 0;
        self.groups.clear();
    }

    /// The customer's sums with the cap applied and the score.
    fn score(&self, journey: u32, cap: Option<i64>, plan: &Plan) -> Scored {
        let mut capped = 0i64;
        let mut hits = Vec::new();
        for &(group, sum) in &self.groups {
            match cap {
                Some(c) if sum > c => {
                    capped += c;
                    let source = plan.group_name(group).to_string();
                    hits.push((
                        group,
                        CapHit { source, points: from_micro(sum), kept: from_micro(c) },
                    ));
                }
                _ => capped += sum,
            }
        }
        // By source, then points; a channel and a touch point of one name by group.
        if hits.len() > 1 {
            crate::sort::sort_by(&mut hits, |(ga, a), (gb, b)| {
                a.source.cmp(&b.source).then(b.points.total_cmp(&a.points)).then(ga.cmp(gb))
            });
        }
        Scored {
            journey,
            touches: self.touches,
            class: self.class,
            decayed: self.decayed,
            capped,
            score: round_to(from_micro(capped.min(100 * MICRO as i64)), 1),
            hits: hits.into_iter().map(|(_, h)| h).collect(),
        }
    }

    fn add_to_group(&mut self, group: (u8, u32), points: i64) {
        match self.groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, sum)) => *sum += points,
            None => self.groups.push((group, points)),
        }
    }
}

/// The band of `score`: the highest whose minimum it reaches.
fn band_index(score: f64, bands: &[Band]) -> Option<usize> {
    bands.iter().rposition(|b| b.min.is_finite() && b.min <= score)
}

fn fmt2(v: f64) -> String {
    crate::number::decimal(round_to(v, 2), 2)
}

/// Every customer's engagement, compact, in the report's order (highest
/// score first, ties by name): the rows of [`EngagementReport::customers`] are
/// built from it on demand ([`EngagementRows::rows`]), so a session that shows
/// 100 of 118k customers builds 100 rows (a row is ~200 bytes and a name).
#[derive(Debug, Clone)]
pub struct EngagementRows {
    /// The customers' sums, by journey.
    scored: Vec<Scored>,
    /// `scored` indexes in the report's order.
    order: Vec<u32>,
    /// The bands, by lowest score.
    bands: Vec<Band>,
    terms: FormulaTerms,
}

impl EngagementRows {
    /// Customers scored.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether no customer was scored.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The rows `range` (clamped to the customers) of the report's list;
    /// `names` are the dataset's journey names.
    pub fn rows(&self, names: &Names, range: std::ops::Range<usize>) -> Vec<CustomerEngagement> {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        self.order[start..end]
            .iter()
            .map(|&k| {
                let s = &self.scored[k as usize];
                let raw: i64 = s.class.iter().sum();
                CustomerEngagement {
                    customer: names.name(s.journey).to_string(),
                    score: s.score,
                    band: band_index(s.score, &self.bands)
                        .map(|b| self.bands[b].name.clone())
                        .unwrap_or_default(),
                    touches: s.touches,
                    points: ClassPoints {
                        base: from_micro(s.class[0]),
                        kind: from_micro(s.class[1]),
                        direction: from_micro(s.class[2]),
                        owner: from_micro(s.class[3]),
                        media: from_micro(s.class[4]),
                        advocacy: from_micro(s.class[5]),
                    },
                    raw_points: from_micro(raw),
                    decayed_points: from_micro(s.decayed),
                    decay_kept: if raw > 0 { s.decayed as f64 / raw as f64 } else { 1.0 },
                    capped_points: from_micro(s.capped),
                    cap_hits: s.hits.clone(),
                    terms: self.terms,
                }
            })
            .collect()
    }
}

/// Scores every customer (journey) of `dataset` with the events' final
/// classes from `classification`. Events with a non-finite time or at/after
/// the analysis date are skipped. The report lists every customer.
pub fn engagement(
    dataset: &Dataset,
    classification: &Classification,
    settings: &EngagementSettings,
) -> EngagementReport {
    let (mut report, rows) = engagement_scores(dataset, classification, settings);
    report.customers = rows.rows(dataset.journey_names(), 0..rows.len());
    report
}

/// [`engagement`] with the per-customer rows kept compact: the report's
/// `customers` is empty and [`EngagementRows::rows`] gives them.
pub fn engagement_scores(
    dataset: &Dataset,
    classification: &Classification,
    settings: &EngagementSettings,
) -> (EngagementReport, EngagementRows) {
    let mut warnings = Vec::new();
    let plan = Plan::new(dataset, classification, settings, &mut warnings);
    let mut bands: Vec<Band> =
        settings.bands.iter().filter(|b| b.min.is_finite()).cloned().collect();
    crate::sort::sort_by(&mut bands, |a, b| {
        a.min.total_cmp(&b.min).then_with(|| a.name.cmp(&b.name))
    });

    let cap = plan.cap_micros();
    let terms = FormulaTerms { half_life: plan.half_life, cap, per: settings.cap_per };
    let mut skipped = 0u64;
    let mut factors = Factors { half_life: plan.half_life.unwrap_or(1.0), by_age: Vec::new() };
    // One customer at a time (a journey's events are contiguous): one accumulator, reused.
    let mut acc = Acc::default();
    let mut scored: Vec<Scored> = Vec::with_capacity(dataset.journey_count());
    for journey in dataset.journeys() {
        acc.clear();
        for i in journey.range() {
            if !plan.counts(i) {
                skipped += 1;
                continue;
            }
            let w = plan.weights(i);
            let factor = plan.age(i).map_or(1.0, |age| factors.get(age));
            // The same sum, in the same order, as `ClassPoints::total`.
            let total = w[0].0 + w[1].0 + w[2].0 + w[3].0 + w[4].0 + w[5].0;
            let decayed = micros(total * factor);
            acc.touches += 1;
            for (slot, (_, m)) in acc.class.iter_mut().zip(w) {
                *slot += m;
            }
            acc.decayed += decayed;
            acc.add_to_group(plan.cap_group(i), decayed);
        }
        if acc.touches > 0 {
            scored.push(acc.score(journey.id(), cap, &plan));
        }
    }
    if skipped > 0 {
        warnings.push(text::t(
"core.engagement.notScored",
            "{n} events not scored (time missing or not a number, unknown customer, or at/after the analysis date)",
            &[("n", &skipped)],
        ));
    }

    // Highest score first (scores have one decimal, 0–100: 1001 buckets), ties by name.
    let names = dataset.journey_names();
    let bucket = |s: &Scored| 1000 - (s.score * 10.0).round().clamp(0.0, 1000.0) as usize;
    // (bucket, customer, name): the sort reads no more than these.
    let mut order: Vec<(u16, u32, &str)> = scored
        .iter()
        .enumerate()
        .map(|(k, s)| (bucket(s) as u16, k as u32, names.name(s.journey)))
        .collect();
    crate::sort::sort_by_bucket(&mut order, 1001, |o| o.0 as usize, |a, b| a.2.cmp(b.2));
    let order: Vec<u32> = order.into_iter().map(|(_, k, _)| k).collect();
    let score = |k: usize| scored[order[k] as usize].score;

    let mut histogram = vec![0u64; 10];
    // Customers per band (index in `bands`; none below the lowest band's minimum).
    let mut in_band = vec![0u64; bands.len() + 1];
    for s in &scored {
        histogram[((s.score / 10.0).floor().max(0.0) as usize).min(9)] += 1;
        in_band[band_index(s.score, &bands).map_or(bands.len(), |k| k)] += 1;
    }
    let band_counts = bands
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let max = bands.get(k + 1).map(|n| n.min).unwrap_or(100.0);
            // A customer's band is the highest band it reaches; a band of the same
            // name lower down counts it too (as its name is the band's).
            let customers = (0..bands.len())
                .filter(|&j| bands[j].name == b.name && bands[j].min >= b.min)
                .map(|j| in_band[j])
                .sum();
            BandCount { name: b.name.clone(), min: b.min, max, customers }
        })
        .collect();
    let n = order.len();
    let mean_score = if n > 0 {
        // Summed in the list's order, as the rows are.
        round_to((0..n).map(score).sum::<f64>() / n as f64, 1)
    } else {
        0.0
    };
    let median_score = if n == 0 {
        0.0
    } else {
        // The list is sorted by descending score.
        let mid = n / 2;
        if n % 2 == 1 {
            score(mid)
        } else {
            round_to((score(mid - 1) + score(mid)) / 2.0, 2)
        }
    };
    let method = method_text(settings, &plan, cap);
    let report = EngagementReport {
        customers: Vec::new(),
        bands: band_counts,
        histogram,
        mean_score,
        median_score,
        analysis_date: plan.analysis.map(|(t, day)| date_text(t, day)),
        decay: plan.half_life.is_some(),
        half_life_days: plan.half_life,
        cap_points: cap.map(from_micro),
        cap_per: settings.cap_per,
        method,
        warnings,
    };
    (report, EngagementRows { scored, order, bands, terms })
}

fn scope_word(scope: CapScope) -> String {
    match scope {
        CapScope::Channel => text::t("core.engagement.scope.channel", "channel", &[]),
        CapScope::Touchpoint => text::t("core.engagement.scope.touchpoint", "touch point", &[]),
    }
}

pub(crate) fn date_text(t: f64, day: i64) -> String {
    if t == day as f64 * dates::DAY {
        dates::format_day(day)
    } else {
        let secs = (t - day as f64 * dates::DAY).floor() as i64;
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            dates::format_day(day),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

fn method_text(settings: &EngagementSettings, plan: &Plan, cap: Option<i64>) -> String {
    let num = |x: f64| crate::number::plain(round_to(x, 2), 2);
    let mut parts = vec![text::t(
"core.engagement.method.points",
        "Each touch point earns {base} base point(s) plus points for its kind, direction, owner and media classes, plus {advocacy} if its name matches an advocacy keyword.",
        &[("base", &num(weight(settings.base_points))), ("advocacy", &num(weight(settings.advocacy_points)))],
    )];
    parts.push(match plan.half_life {
        Some(h) => text::t(
"core.engagement.method.decay",
            "Its points are multiplied by 0.5^(age in days ÷ {halfLife}), the age counted in whole days to the analysis date.",
            &[("halfLife", &num(h))],
        ),
        None => text::t(
"core.engagement.method.noDecay", "No time decay.", &[]),
    });
    if let Some(c) = cap {
        let cap = num(from_micro(c));
        parts.push(match settings.cap_per {
            CapScope::Channel => text::t(
                "core.engagement.method.capChannel",
                "One channel adds at most {cap} points.",
                &[("cap", &cap)],
            ),
            CapScope::Touchpoint => text::t(
                "core.engagement.method.capTouchpoint",
                "One touch point adds at most {cap} points.",
                &[("cap", &cap)],
            ),
        });
    }
    parts.push(text::t(
        "core.engagement.method.score",
        "Score = min(100, sum), rounded to one decimal.",
        &[],
    ));
    parts.join(" ")
}

/// The touch-by-touch breakdown of one customer's score (time order), for
/// a "how was this computed?" table. Empty when the customer is unknown.
pub fn engagement_touches(
    dataset: &Dataset,
    classification: &Classification,
    settings: &EngagementSettings,
    customer: &str,
) -> Vec<TouchScore> {
    let Some(journey) = dataset.journey_names().get(customer) else { return Vec::new() };
    let mut warnings = Vec::new();
    let plan = Plan::new(dataset, classification, settings, &mut warnings);
    let mut out = Vec::new();
    let d = dataset;
    for i in d.journey(journey).range() {
        if !plan.counts(i) {
            continue;
        }
        let p = plan.points(i);
        let total = p.base + p.kind + p.direction + p.owner + p.media + p.advocacy;
        let (age_days, decay) = plan.decay(i);
        out.push(TouchScore {
            line: d.line(i),
            time: if plan.analysis.is_some() {
                dates::format_day(dates::day_of(d.time(i)))
            } else {
                format!("{}", d.time(i))
            },
            touchpoint: d.touchpoint_names().name(d.touchpoint(i)).to_string(),
            channel: d
                .channel(i)
                .map(|c| d.channel_names().name(c).to_string())
                .unwrap_or_default(),
            classes: plan.classes_of(i),
            points: p,
            total,
            age_days,
            decay,
            decayed: from_micro(micros(total * decay)),
            cap_group: plan.group_name(plan.cap_group(i)).to_string(),
        });
    }
    out
}
