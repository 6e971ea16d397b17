//! Paths: what journeys do step by step from an anchor — the start of the
//! journey or its first event of a step, back from its end (or its last
//! event of a step), or between a step and the next event of another — by
//! touch point, channel or class. Every node and every link counts unique
//! journeys: each journey is in at most one node per position, so the first
//! two positions from step A equal the two-step funnel A → B counted in
//! strict order from the journey's first A (tested).
//!
//! Labels are cleaned first (regular expression → alias, first matching rule
//! wins; per distinct name, not per event), then consecutive repeats are
//! collapsed (on by default). Per position the `top` labels with the most
//! journeys are kept, the others become "Other"; a journey that ends before
//! the last position goes to "End of journey" (from the start) or comes from
//! "Start of journey" (back from the end).

use super::source::Source;
use super::steps::{parse_step, Dimension, StepMatcher};
use crate::error::{Error, Result};
use crate::model::Classes;
use crate::text;
use serde::{Deserialize, Serialize};
// The fast hash of the attribution tables: the path tables are counted per event.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// What a path position shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PathDimension {
    #[default]
    Touchpoint,
    Channel,
    Kind,
    Owner,
    Stage,
    Media,
    Direction,
}

impl PathDimension {
    /// The dimension in words, plural ("touch points", "channels").
    pub fn plural(self) -> &'static str {
        match self {
            PathDimension::Touchpoint => "touch points",
            PathDimension::Channel => "channels",
            PathDimension::Kind => "kinds",
            PathDimension::Owner => "owners",
            PathDimension::Stage => "stages",
            PathDimension::Media => "media",
            PathDimension::Direction => "directions",
        }
    }

    fn class(self) -> Option<Dimension> {
        match self {
            PathDimension::Touchpoint | PathDimension::Channel => None,
            PathDimension::Kind => Some(Dimension::Kind),
            PathDimension::Owner => Some(Dimension::Owner),
            PathDimension::Stage => Some(Dimension::Stage),
            PathDimension::Media => Some(Dimension::Media),
            PathDimension::Direction => Some(Dimension::Direction),
        }
    }
}

/// Where paths are anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Anchor {
    /// From the journey's first event, or its first event of step `from`.
    #[default]
    Start,
    /// Back from the journey's last event, or its last event of step `to`.
    End,
    /// From the journey's first event of step `from` to the next event of step `to`.
    Between,
}

/// A cleaning rule: names matching `pattern` (a regular expression,
/// case-insensitive) are shown as `alias`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CleaningRule {
    pub pattern: String,
    pub alias: String,
}

/// Options of the paths (defaults: touch points from the start of each
/// journey, 5 positions, top 5 per position, repeats collapsed, end node shown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PathSettings {
    pub dimension: PathDimension,
    pub anchor: Anchor,
    /// Step (text form) the paths start at (anchor start or between).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Step (text form) the paths end at (anchor end or between).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Positions, 2–20.
    pub steps: usize,
    /// Labels kept per position (the rest are "Other"), 1–50.
    pub top: usize,
    pub collapse_repeats: bool,
    /// Show where journeys end (or start) as a node.
    pub end_node: bool,
    pub cleaning: Vec<CleaningRule>,
    /// Labels in the transition matrix (the rest are "Other").
    pub matrix_top: usize,
}

impl Default for PathSettings {
    fn default() -> PathSettings {
        PathSettings {
            dimension: PathDimension::Touchpoint,
            anchor: Anchor::Start,
            from: None,
            to: None,
            steps: 5,
            top: 5,
            collapse_repeats: true,
            end_node: true,
            cleaning: Vec::new(),
            matrix_top: 12,
        }
    }
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A label (touch point, channel or class).
    Label,
    /// The labels not among the top ones at the position.
    Other,
    /// The journey ends here (from the start) …
    End,
    /// … or starts here (back from the end).
    Start,
}

/// A node: journeys at a position with a label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathNode {
    /// 1-based position from the anchor (back from the end for `anchor: end`).
    pub position: usize,
    pub label: String,
    pub kind: NodeKind,
    /// Unique journeys at this node.
    pub journeys: u64,
    /// The kind (class) key of a touch point label, for its colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<&'static str>,
}

/// A link: journeys going from one node to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathLink {
    /// Index into `nodes`.
    pub from: usize,
    pub to: usize,
    pub journeys: u64,
}

/// The transition matrix: journeys with at least one transition from a row label to a column label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransitionMatrix {
    /// Row and column labels (the last column is "End of journey").
    pub labels: Vec<String>,
    /// cells[row][column], the last column counting journeys whose last label is the row's.
    pub cells: Vec<Vec<u64>>,
    /// Journeys with the row's label at all.
    pub rows: Vec<u64>,
}

/// The paths of a dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathsReport {
    pub settings: PathSettings,
    /// Journeys in the paths (those with the anchor).
    pub journeys: u64,
    /// Journeys of the dataset.
    pub total_journeys: u64,
    /// Nodes by position, then journeys (most first).
    pub nodes: Vec<PathNode>,
    pub links: Vec<PathLink>,
    pub matrix: TransitionMatrix,
    /// Statements about the options.
    pub notes: Vec<String>,
}

/// Names → cleaned labels (per distinct name).
struct Labels {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Labels {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }
}

#[cfg(feature = "path-cleaning")]
fn compile_cleaning(rules: &[CleaningRule]) -> Result<Vec<(regex_lite::Regex, String)>> {
    rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let re = regex_lite::RegexBuilder::new(&r.pattern)
                .case_insensitive(true)
                .build()
                .map_err(|e| {
                    Error::at(
                        0,
                        text::t(
                            "core.journeys.paths.cleaning.regex",
                            "cleaning rule {n}: {pattern} is not a regular expression: {error}",
                            &[
                                ("n", &(i + 1)),
                                ("pattern", &format!("{:?}", r.pattern)),
                                ("error", &e),
                            ],
                        ),
                    )
                })?;
            Ok((re, r.alias.clone()))
        })
        .collect()
}

/// Applies the first matching cleaning rule to `name`.
struct Cleaner {
    #[cfg(feature = "path-cleaning")]
    rules: Vec<(regex_lite::Regex, String)>,
}

impl Cleaner {
    fn new(rules: &[CleaningRule]) -> Result<Cleaner> {
        #[cfg(feature = "path-cleaning")]
        {
            Ok(Cleaner { rules: compile_cleaning(rules)? })
        }
        #[cfg(not(feature = "path-cleaning"))]
        {
            if rules.is_empty() {
                Ok(Cleaner {})
            } else {
                Err(Error::at(
                    0,
                    text::t(
                        "core.journeys.paths.cleaning.unavailable",
                        "cleaning rules are not in this build (the widget's); use the full page",
                        &[],
                    ),
                ))
            }
        }
    }

    fn clean<'n>(&self, name: &'n str) -> std::borrow::Cow<'n, str> {
        #[cfg(feature = "path-cleaning")]
        for (re, alias) in &self.rules {
            if re.is_match(name) {
                return std::borrow::Cow::Owned(alias.clone());
            }
        }
        std::borrow::Cow::Borrowed(name)
    }
}

const OTHER: u32 = u32::MAX - 1;
const END: u32 = u32::MAX;

/// The label of every event, per distinct name where the dimension allows.
struct EventLabels {
    labels: Labels,
    by_touchpoint: Vec<u32>,
    by_channel: Vec<u32>,
    no_channel: u32,
    by_class: HashMap<Option<&'static str>, u32>,
    class_of_label: HashMap<u32, &'static str>,
}

impl EventLabels {
    fn new(source: &Source<'_>, dimension: PathDimension, cleaner: &Cleaner) -> EventLabels {
        let mut labels = Labels { names: Vec::new(), index: HashMap::default() };
        let mut class_of_label = HashMap::default();
        let by_touchpoint = source
            .touchpoint_names()
            .iter()
            .enumerate()
            .map(|(t, n)| {
                let id = labels.id(&cleaner.clean(n));
                if let Some(k) = source.touchpoint_classes(t as u32).kind {
                    class_of_label.entry(id).or_insert(k.key());
                }
                id
            })
            .collect();
        let (by_channel, no_channel) = if dimension == PathDimension::Channel {
            let by = source.channel_names().iter().map(|n| labels.id(&cleaner.clean(n))).collect();
            let none = text::t("core.journeys.noChannel", "(no channel)", &[]);
            (by, labels.id(&cleaner.clean(&none)))
        } else {
            (Vec::new(), 0)
        };
        let mut by_class = HashMap::default();
        if let Some(d) = dimension.class() {
            for key in d.keys().into_iter().map(Some).chain([None]) {
                let label = text::class_label(key.unwrap_or("unclassified"), d.label_of(key));
                by_class.insert(key, labels.id(&cleaner.clean(&label)));
            }
        }
        EventLabels { labels, by_touchpoint, by_channel, no_channel, by_class, class_of_label }
    }

    fn of(&self, source: &Source<'_>, dimension: PathDimension, i: usize) -> u32 {
        match dimension {
            PathDimension::Touchpoint => {
                self.by_touchpoint.get(source.touchpoint(i) as usize).copied().unwrap_or(0)
            }
            PathDimension::Channel => match source.channel(i) {
                Some(c) => self.by_channel.get(c as usize).copied().unwrap_or(self.no_channel),
                None => self.no_channel,
            },
            _ => {
                let d = dimension.class().unwrap_or(Dimension::Kind);
                let c: Classes = source.classes(i);
                self.by_class.get(&d.key_of(&c)).copied().unwrap_or(0)
            }
        }
    }
}

/// Computes the paths of a classified dataset.
pub fn paths(source: Source<'_>, settings: &PathSettings) -> Result<PathsReport> {
    let s = settings;
    if !(2..=20).contains(&s.steps) {
        return Err(Error::at(
            0,
            text::t(
                "core.journeys.paths.positions",
                "paths: {n} positions; choose 2 to 20",
                &[("n", &s.steps)],
            ),
        ));
    }
    if !(1..=50).contains(&s.top) {
        return Err(Error::at(
            0,
            text::t(
                "core.journeys.paths.top",
                "paths: top {n} per position; choose 1 to 50",
                &[("n", &s.top)],
            ),
        ));
    }
    let parse = |text: &Option<String>, what: &str| -> Result<Option<super::steps::Matcher>> {
        match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => parse_step(t, 1).map(Some).map_err(|e| {
                Error::at(
                    0,
                    text::t(
                        "core.journeys.paths.step",
                        "paths, {field}: {message}",
                        &[("field", &what), ("message", &e.message)],
                    ),
                )
            }),
        }
    };
    let from = parse(&s.from, "from")?;
    let to = parse(&s.to, "to")?;
    if s.anchor == Anchor::Between && (from.is_none() || to.is_none()) {
        return Err(Error::at(
            0,
            text::t(
                "core.journeys.paths.between",
                "paths between two steps need both \"from\" and \"to\"",
                &[],
            ),
        ));
    }
    let cleaner = Cleaner::new(&s.cleaning)?;
    let matchers: Vec<&super::steps::Matcher> =
        [from.as_ref(), to.as_ref()].into_iter().flatten().collect();
    let matcher = StepMatcher::new(&matchers, source.touchpoint_names(), source.channel_names())?;
    let (from_bit, to_bit) = match (&from, &to) {
        (Some(_), Some(_)) => (1u64, 2u64),
        (Some(_), None) => (1, 0),
        (None, Some(_)) => (0, 1),
        (None, None) => (0, 0),
    };
    let labels = EventLabels::new(&source, s.dimension, &cleaner);

    // Pass 1: each journey's sequence of label ids from its anchor (and
    // whether it ran out), kept flat: sequence k is seq_labels[seq_ends[k-1]..seq_ends[k]].
    let mut seq_labels: Vec<u32> = Vec::new();
    let mut seq_ends: Vec<(usize, bool)> = Vec::new();
    let mut whole: Vec<u32> = Vec::new();
    let mut whole_ends: Vec<usize> = Vec::new();
    // Journeys per label, and the last journey (its number, from 1) each label was counted in.
    let label_count = labels.labels.names.len();
    let mut label_journeys: Vec<u64> = vec![0; label_count];
    let mut label_seen: Vec<u32> = vec![0; label_count];
    let mut total = 0u64;
    for journey in source.journeys() {
        let range = journey.range();
        total += 1;
        let mask_of = |i: usize| -> u64 {
            if matchers.is_empty() {
                return 0;
            }
            let classes = matcher.needs_classes().then(|| source.classes(i));
            matcher.mask(source.touchpoint(i), source.channel(i), classes.as_ref())
        };
        let label_of = |i: usize| labels.of(&source, s.dimension, i);
        // The whole journey, for the transition matrix.
        let begin = whole.len();
        for i in range.clone() {
            let l = label_of(i);
            if !(s.collapse_repeats && whole.len() > begin && whole.last() == Some(&l)) {
                whole.push(l);
            }
        }
        whole_ends.push(whole.len());
        // Each label once per journey: a label seen in this journey carries its number.
        let stamp = whole_ends.len() as u32;
        for &l in &whole[begin..] {
            if let Some(seen) = label_seen.get_mut(l as usize) {
                if *seen != stamp {
                    *seen = stamp;
                    label_journeys[l as usize] += 1;
                }
            }
        }
        // The anchored part: events first..=last, read backwards for the end anchor.
        let (first, last, backwards) = match s.anchor {
            Anchor::Start => {
                let start = if from_bit != 0 {
                    range.clone().find(|&i| mask_of(i) & from_bit != 0)
                } else {
                    Some(range.start)
                };
                match start {
                    Some(a) => (a, range.end - 1, false),
                    None => continue,
                }
            }
            Anchor::End => {
                let end = if to_bit != 0 {
                    range.clone().rev().find(|&i| mask_of(i) & to_bit != 0)
                } else {
                    Some(range.end - 1)
                };
                match end {
                    Some(b) => (range.start, b, true),
                    None => continue,
                }
            }
            Anchor::Between => {
                let Some(a) = range.clone().find(|&i| mask_of(i) & from_bit != 0) else { continue };
                let Some(b) = (a + 1..range.end).find(|&i| mask_of(i) & to_bit != 0) else {
                    continue;
                };
                (a, b, false)
            }
        };
        let begin = seq_labels.len();
        let mut ran_out = true;
        for o in 0..=(last - first) {
            let i = if backwards { last - o } else { first + o };
            let l = label_of(i);
            if s.collapse_repeats && seq_labels.len() > begin && seq_labels.last() == Some(&l) {
                continue;
            }
            if seq_labels.len() - begin == s.steps {
                ran_out = false;
                break;
            }
            seq_labels.push(l);
        }
        seq_ends.push((seq_labels.len(), ran_out && s.anchor != Anchor::Between));
    }
    let (seq_labels, seq_ends) = (&seq_labels, &seq_ends);
    let sequences = || {
        let mut begin = 0;
        seq_ends.iter().map(move |&(end, ran_out)| {
            let seq = &seq_labels[begin..end];
            begin = end;
            (seq, ran_out)
        })
    };

    // Pass 2: the top labels per position.
    let mut per_position: Vec<HashMap<u32, u64>> = vec![HashMap::default(); s.steps];
    for (seq, _) in sequences() {
        for (p, l) in seq.iter().enumerate() {
            *per_position[p].entry(*l).or_default() += 1;
        }
    }
    // A label's name: borrowed for the sorts' comparisons, owned where a report keeps it.
    let label = |l: u32| labels.labels.names.get(l as usize).map_or("", String::as_str);
    let name = |l: u32| label(l).to_string();
    let kept: Vec<HashSet<u32>> = per_position
        .iter()
        .map(|counts| {
            let mut v: Vec<(u32, u64)> = counts.iter().map(|(l, c)| (*l, *c)).collect();
            crate::sort::sort_by(&mut v, |a, b| {
                b.1.cmp(&a.1).then_with(|| label(a.0).cmp(label(b.0)))
            });
            v.into_iter().take(s.top).map(|(l, _)| l).collect()
        })
        .collect();

    // Pass 3: nodes and links.
    let mut node_counts: HashMap<(usize, u32), u64> = HashMap::default();
    type Node = (usize, u32);
    let mut link_counts: HashMap<(Node, Node), u64> = HashMap::default();
    for (seq, ran_out) in sequences() {
        let mut prev: Option<(usize, u32)> = None;
        let end = (ran_out && s.end_node && seq.len() < s.steps).then_some((seq.len(), END));
        let nodes = seq
            .iter()
            .enumerate()
            .map(|(p, l)| (p, if kept[p].contains(l) { *l } else { OTHER }))
            .chain(end);
        for node in nodes {
            *node_counts.entry(node).or_default() += 1;
            if let Some(p) = prev {
                *link_counts.entry((p, node)).or_default() += 1;
            }
            prev = Some(node);
        }
    }
    let end_label = if s.anchor == Anchor::End {
        text::t("core.paths.start", "Start of journey", &[])
    } else {
        text::t("core.flow.end", "End of journey", &[])
    };
    let other_label = text::t("core.flow.other", "Other", &[]);
    let mut nodes: Vec<((usize, u32), PathNode)> = node_counts
        .iter()
        .map(|(&(p, l), &c)| {
            let (label, kind) = match l {
                OTHER => (other_label.clone(), NodeKind::Other),
                END => (
                    end_label.clone(),
                    if s.anchor == Anchor::End { NodeKind::Start } else { NodeKind::End },
                ),
                l => (name(l), NodeKind::Label),
            };
            let class = if s.dimension == PathDimension::Touchpoint {
                labels.class_of_label.get(&l).copied()
            } else {
                None
            };
            ((p, l), PathNode { position: p + 1, label, kind, journeys: c, class })
        })
        .collect();
    let rank = |k: NodeKind| match k {
        NodeKind::Label => 0,
        NodeKind::Other => 1,
        _ => 2,
    };
    crate::sort::sort_by(&mut nodes, |a, b| {
        a.1.position
            .cmp(&b.1.position)
            .then(rank(a.1.kind).cmp(&rank(b.1.kind)))
            .then(b.1.journeys.cmp(&a.1.journeys))
            .then_with(|| a.1.label.cmp(&b.1.label))
    });
    let index: HashMap<(usize, u32), usize> =
        nodes.iter().enumerate().map(|(i, (k, _))| (*k, i)).collect();
    let mut links: Vec<PathLink> = link_counts
        .iter()
        .filter_map(|(&(a, b), &c)| {
            Some(PathLink { from: *index.get(&a)?, to: *index.get(&b)?, journeys: c })
        })
        .collect();
    crate::sort::sort_by(&mut links, |a, b| a.from.cmp(&b.from).then(a.to.cmp(&b.to)));

    // The transition matrix.
    let mut by_journeys: Vec<(u32, u64)> = (0..label_count as u32)
        .zip(label_journeys.iter().copied())
        .filter(|&(_, c)| c > 0)
        .collect();
    crate::sort::sort_by(&mut by_journeys, |a, b| {
        b.1.cmp(&a.1).then_with(|| label(a.0).cmp(label(b.0)))
    });
    let shown: Vec<u32> = by_journeys.iter().take(s.matrix_top.max(1)).map(|(l, _)| *l).collect();
    let has_other = by_journeys.len() > shown.len();
    // The matrix row of each label: its place among the shown, else "other".
    let mut slot_of = vec![shown.len(); label_count];
    for (k, &l) in shown.iter().enumerate() {
        if let Some(s) = slot_of.get_mut(l as usize) {
            *s = k;
        }
    }
    let slot = |l: u32| -> usize { slot_of.get(l as usize).copied().unwrap_or(shown.len()) };
    let rows_n = shown.len() + usize::from(has_other);
    let mut cells = vec![vec![0u64; rows_n + 1]; rows_n];
    let mut rows = vec![0u64; rows_n];
    // Each cell and row once per journey: the last journey (from 1) that counted it.
    let mut cell_seen = vec![vec![0u32; rows_n + 1]; rows_n];
    let mut row_seen = vec![0u32; rows_n];
    let mut begin = 0;
    for (k, &end) in whole_ends.iter().enumerate() {
        let journey = &whole[begin..end];
        begin = end;
        let stamp = k as u32 + 1;
        let mut count = |r: usize, c: usize| {
            if cell_seen[r][c] != stamp {
                cell_seen[r][c] = stamp;
                cells[r][c] += 1;
            }
        };
        for w in journey.windows(2) {
            count(slot(w[0]), slot(w[1]));
        }
        if let Some(last) = journey.last() {
            count(slot(*last), rows_n);
        }
        for &l in journey {
            let r = slot(l);
            if row_seen[r] != stamp {
                row_seen[r] = stamp;
                rows[r] += 1;
            }
        }
    }
    let mut matrix_labels: Vec<String> = shown.iter().map(|l| name(*l)).collect();
    if has_other {
        matrix_labels.push(other_label.clone());
    }
    matrix_labels.push(text::t("core.flow.end", "End of journey", &[]));

    let mut notes = Vec::new();
    notes.push(text::t(
        "core.paths.note.unique",
        "Every node and link counts unique journeys; each journey is at one node per position.",
        &[],
    ));
    if s.collapse_repeats {
        notes.push(text::t(
            "core.paths.note.collapse",
            "Consecutive repeats are collapsed: A, A, B is read as A, B.",
            &[],
        ));
    }
    notes.push(match s.anchor {
        Anchor::Start if from.is_some() => text::t(
            "core.paths.note.startAt",
            "Paths start at each journey's first {step}.",
            &[("step", &matchers[0].describe())],
        ),
        Anchor::Start => text::t(
            "core.paths.note.start",
            "Paths start at each journey's first event.",
            &[],
        ),
        Anchor::End if to.is_some() => text::t(
            "core.paths.note.endAt",
            "Paths end at each journey's last {step} and are read backwards.",
            &[("step", &matchers[0].describe())],
        ),
        Anchor::End => text::t(
            "core.paths.note.end",
            "Paths end at each journey's last event and are read backwards.",
            &[],
        ),
        Anchor::Between => text::t(
            "core.paths.note.between",
            "Paths from each journey's first {from} to its next {to}; journeys without both are left out.",
            &[("from", &matchers[0].describe()), ("to", &matchers[1].describe())],
        ),
    });
    Ok(PathsReport {
        settings: s.clone(),
        journeys: seq_ends.len() as u64,
        total_journeys: total,
        nodes: nodes.into_iter().map(|(_, n)| n).collect(),
        links,
        matrix: TransitionMatrix { labels: matrix_labels, cells, rows },
        notes,
    })
}

impl PathsReport {
    /// Nodes and links as CSV: from position and label, to position and label, journeys.
    pub fn links_csv(&self) -> String {
        use crate::csv_cell::guarded;
        let mut out = String::from("from_position,from_label,to_position,to_label,journeys\n");
        for l in &self.links {
            let (a, b) = (&self.nodes[l.from], &self.nodes[l.to]);
            out.push_str(&format!(
                "{},{},{},{},{}\n",
                a.position,
                guarded(&a.label),
                b.position,
                guarded(&b.label),
                l.journeys
            ));
        }
        out
    }

    /// The transition matrix as CSV (rows: from; columns: to).
    pub fn matrix_csv(&self) -> String {
        use crate::csv_cell::guarded;
        let m = &self.matrix;
        let mut out = String::from("from");
        for l in &m.labels {
            out.push(',');
            out.push_str(&guarded(l));
        }
        out.push_str(",journeys\n");
        for (r, row) in m.cells.iter().enumerate() {
            out.push_str(&guarded(&m.labels[r]));
            for c in row {
                out.push_str(&format!(",{c}"));
            }
            out.push_str(&format!(",{}\n", m.rows[r]));
        }
        out
    }
}
