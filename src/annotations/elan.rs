//! ELAN annotation documents (`.eaf`, EAF 2.x–3.0), read with quick-xml.
//!
//! Mapping: each tier becomes one [`Observation`] whose observer is the tier
//! id (the tier's participant, when given, goes to the note of every mark as
//! `participant: …`), the media is the first `MEDIA_DESCRIPTOR`'s URL, and
//! each annotation becomes one state mark (start, end, value).
//!
//! Conventions:
//! - times are `TIME_VALUE` milliseconds; a time slot without a value
//!   (unaligned) gets a time interpolated linearly, by its position in
//!   `TIME_ORDER`, between the nearest aligned slots before and after it
//!   (the first or last aligned time when there is only one side);
//! - a `REF_ANNOTATION` takes the interval of the alignable annotation it
//!   refers to, following chains of references;
//! - an annotation whose value is empty and has a `CVE_REF` takes the
//!   controlled-vocabulary entry's value; a CV entry's description becomes
//!   the note;
//! - an annotation with no resolvable time (a dangling reference) is a
//!   problem on its line, not a mark.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::text::round_ms;
use crate::model::{Annotations, Mark, Observation, Problem};
use crate::{Error, Result};

/// One annotation as written in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct ElanAnnotation {
    /// `ANNOTATION_ID`.
    pub id: String,
    /// Time slot ids for an alignable annotation.
    pub slots: Option<(String, String)>,
    /// `ANNOTATION_REF` for a reference annotation.
    pub reference: Option<String>,
    /// `CVE_REF`, when present.
    pub cve_ref: Option<String>,
    /// `ANNOTATION_VALUE`.
    pub value: String,
    /// 1-based line of the annotation element.
    pub line: u64,
}

/// One tier as written in the file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ElanTier {
    /// `TIER_ID`.
    pub id: String,
    /// `PARTICIPANT`.
    pub participant: String,
    /// `PARENT_REF`.
    pub parent: String,
    /// Annotations in file order.
    pub annotations: Vec<ElanAnnotation>,
}

/// A parsed document, before times are resolved.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ElanDocument {
    /// Time slots in `TIME_ORDER` order: id and value in ms.
    pub time_slots: Vec<(String, Option<f64>)>,
    /// Tiers in file order.
    pub tiers: Vec<ElanTier>,
    /// First media URL.
    pub media: String,
    /// Controlled vocabulary entries: CVE id → (value, description).
    pub vocabulary: HashMap<String, (String, String)>,
    /// Time slots refused (a `TIME_VALUE` that is NaN, infinite, negative or
    /// too long), with their line; their annotations are skipped.
    pub problems: Vec<Problem>,
}

fn line_of(starts: &[usize], offset: u64) -> u64 {
    let offset = usize::try_from(offset).unwrap_or(usize::MAX);
    starts.partition_point(|&s| s <= offset) as u64
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| {
        a.unescape_value()
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// Reads the XML structure.
pub fn parse_document(text: &str) -> Result<ElanDocument> {
    let starts: Vec<usize> =
        std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let mut reader = Reader::from_str(text);
    let mut doc = ElanDocument::default();
    let mut seen_root = false;
    let mut current_annotation: Option<ElanAnnotation> = None;
    let mut in_value = false;
    let mut current_cve: Option<(String, String, String)> = None;
    let mut in_cve_value = false;
    loop {
        let offset = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            Error::at(
                line_of(&starts, reader.error_position()),
                crate::text::t(
                    "core.import.elan.xml",
                    "not well-formed XML: {error}",
                    &[("error", &e)],
                ),
            )
        })?;
        let line = line_of(&starts, offset + 1);
        let (e, is_empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = e {
            let name = e.name();
            match name.as_ref() {
                b"ANNOTATION_DOCUMENT" => seen_root = true,
                _ if !seen_root => {
                    return Err(Error::at(
                        line,
                        crate::text::t(
                            "core.import.elan.root",
                            "expected an ELAN document (root element ANNOTATION_DOCUMENT), found <{element}>",
                            &[("element", &String::from_utf8_lossy(name.as_ref()))],
                        ),
                    ))
                }
                b"MEDIA_DESCRIPTOR" if doc.media.is_empty() => {
                    doc.media = attr(e, b"MEDIA_URL").unwrap_or_default();
                }
                b"TIME_SLOT" => {
                    let id = attr(e, b"TIME_SLOT_ID").unwrap_or_default();
                    match attr(e, b"TIME_VALUE") {
                        None => doc.time_slots.push((id, None)),
                        Some(text) => match text
                            .trim()
                            .parse::<f64>()
                            .map_err(|_| {
                                crate::text::t("core.import.elan.notNumber", "is not a number", &[])
                            })
                            .and_then(|ms| crate::time::check_offset(ms / 1000.0).map(|_| ms))
                        {
                            Ok(ms) => doc.time_slots.push((id, Some(ms))),
                            Err(reason) => doc.problems.push(Problem::new(
                                line,
                                crate::text::t(
                                    "core.import.elan.timeValue",
                                    "time slot {id}: TIME_VALUE {value} (milliseconds) {reason}; its annotations are skipped",
                                    &[
                                        ("id", &format!("{id:?}")),
                                        ("value", &format!("{:?}", text.trim())),
                                        ("reason", &reason),
                                    ],
                                ),
                            )),
                        },
                    }
                }
                b"TIER" => doc.tiers.push(ElanTier {
                    id: attr(e, b"TIER_ID").unwrap_or_default(),
                    participant: attr(e, b"PARTICIPANT").unwrap_or_default(),
                    parent: attr(e, b"PARENT_REF").unwrap_or_default(),
                    annotations: Vec::new(),
                }),
                b"ALIGNABLE_ANNOTATION" | b"REF_ANNOTATION" => {
                    let alignable = name.as_ref() == b"ALIGNABLE_ANNOTATION";
                    let a = ElanAnnotation {
                        id: attr(e, b"ANNOTATION_ID").unwrap_or_default(),
                        slots: alignable.then(|| {
                            (
                                attr(e, b"TIME_SLOT_REF1").unwrap_or_default(),
                                attr(e, b"TIME_SLOT_REF2").unwrap_or_default(),
                            )
                        }),
                        reference: if alignable { None } else { attr(e, b"ANNOTATION_REF") },
                        cve_ref: attr(e, b"CVE_REF"),
                        value: String::new(),
                        line,
                    };
                    if is_empty {
                        push_annotation(&mut doc, a, line)?;
                    } else {
                        current_annotation = Some(a);
                    }
                }
                b"ANNOTATION_VALUE" => in_value = !is_empty,
                b"CV_ENTRY" | b"CV_ENTRY_ML" => {
                    let id = attr(e, b"CVE_ID").unwrap_or_default();
                    let description = attr(e, b"DESCRIPTION").unwrap_or_default();
                    current_cve = Some((id, String::new(), description));
                    in_cve_value = name.as_ref() == b"CV_ENTRY" && !is_empty;
                }
                b"CVE_VALUE" => {
                    if let Some(cve) = current_cve.as_mut() {
                        if cve.2.is_empty() {
                            cve.2 = attr(e, b"DESCRIPTION").unwrap_or_default();
                        }
                    }
                    in_cve_value = !is_empty;
                }
                _ => {}
            }
        }
        match &event {
            Event::Text(t) => {
                let value = t
                    .unescape()
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| String::from_utf8_lossy(t).into_owned());
                if in_value {
                    if let Some(a) = current_annotation.as_mut() {
                        a.value.push_str(&value);
                    }
                } else if in_cve_value {
                    if let Some(cve) = current_cve.as_mut() {
                        if cve.1.is_empty() {
                            cve.1.push_str(&value);
                        }
                    }
                }
            }
            Event::CData(t) if in_value => {
                if let Some(a) = current_annotation.as_mut() {
                    a.value.push_str(&String::from_utf8_lossy(t));
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"ANNOTATION_VALUE" => in_value = false,
                b"ALIGNABLE_ANNOTATION" | b"REF_ANNOTATION" => {
                    if let Some(a) = current_annotation.take() {
                        push_annotation(&mut doc, a, line)?;
                    }
                }
                b"CVE_VALUE" => in_cve_value = false,
                b"CV_ENTRY" | b"CV_ENTRY_ML" => {
                    in_cve_value = false;
                    if let Some((id, value, description)) = current_cve.take() {
                        doc.vocabulary.insert(id, (value, description));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err(Error::at(
            0,
            crate::text::t(
                "core.import.elan.noRoot",
                "expected an ELAN document (root element ANNOTATION_DOCUMENT); the file has none",
                &[],
            ),
        ));
    }
    Ok(doc)
}

fn push_annotation(doc: &mut ElanDocument, a: ElanAnnotation, line: u64) -> Result<()> {
    match doc.tiers.last_mut() {
        Some(tier) => {
            tier.annotations.push(a);
            Ok(())
        }
        None => Err(Error::at(
            line,
            crate::text::t(
                "core.import.elan.outsideTier",
                "annotation outside a TIER element",
                &[],
            ),
        )),
    }
}

/// Times of all slots in ms, unaligned ones interpolated.
pub fn slot_times(slots: &[(String, Option<f64>)]) -> HashMap<String, f64> {
    let mut out = HashMap::new();
    let aligned: Vec<(usize, f64)> =
        slots.iter().enumerate().filter_map(|(i, (_, v))| v.map(|v| (i, v))).collect();
    for (i, (id, value)) in slots.iter().enumerate() {
        let t = match value {
            Some(v) => Some(*v),
            None => {
                let k = aligned.partition_point(|&(j, _)| j < i);
                let before = k.checked_sub(1).and_then(|k| aligned.get(k));
                let after = aligned.get(k);
                match (before, after) {
                    (Some(&(i0, t0)), Some(&(i1, t1))) => {
                        Some(t0 + (t1 - t0) * (i - i0) as f64 / (i1 - i0).max(1) as f64)
                    }
                    (Some(&(_, t)), None) | (None, Some(&(_, t))) => Some(t),
                    (None, None) => None,
                }
            }
        };
        if let Some(t) = t {
            out.insert(id.clone(), t);
        }
    }
    out
}

/// Imports an `.eaf` document.
pub fn import(text: &str) -> Result<Annotations> {
    let doc = parse_document(text)?;
    let times = slot_times(&doc.time_slots);
    let mut alignable: HashMap<&str, (Option<f64>, Option<f64>)> = HashMap::new();
    let mut refs: HashMap<&str, &str> = HashMap::new();
    for tier in &doc.tiers {
        for a in &tier.annotations {
            if let Some((s1, s2)) = &a.slots {
                alignable.insert(&a.id, (times.get(s1).copied(), times.get(s2).copied()));
            } else if let Some(r) = &a.reference {
                refs.insert(&a.id, r);
            }
        }
    }
    let resolve = |id: &str| -> Option<(f64, f64)> {
        let mut id = id;
        for _ in 0..64 {
            if let Some(&(Some(s), Some(e))) = alignable.get(id) {
                return Some((s, e));
            }
            if alignable.contains_key(id) {
                return None;
            }
            id = refs.get(id)?;
        }
        None
    };
    let mut out = Annotations {
        format: "elan".into(),
        problems: doc.problems.clone(),
        ..Annotations::default()
    };
    for tier in &doc.tiers {
        let mut obs = Observation {
            observer: tier.id.clone(),
            media: doc.media.clone(),
            ..Observation::default()
        };
        for a in &tier.annotations {
            let Some((start, end)) = resolve(&a.id) else {
                out.problems.push(Problem::new(
                    a.line,
                    crate::text::t(
                        "core.import.elan.noTime",
                        "annotation {id} on tier {tier} has no time (unknown time slot or annotation reference); skipped",
                        &[("id", &a.id), ("tier", &format!("{:?}", tier.id))],
                    ),
                ));
                continue;
            };
            let (mut value, mut note) = (a.value.clone(), String::new());
            if let Some((cv_value, description)) =
                a.cve_ref.as_ref().and_then(|c| doc.vocabulary.get(c))
            {
                if value.is_empty() {
                    value = cv_value.clone();
                }
                note = description.clone();
            }
            if !tier.participant.is_empty() {
                note = if note.is_empty() {
                    format!("participant: {}", tier.participant)
                } else {
                    format!("participant: {}; {note}", tier.participant)
                };
            }
            obs.marks.push(Mark {
                start: round_ms(start / 1000.0),
                end: Some(round_ms(end / 1000.0)),
                touchpoint: value,
                classes: Default::default(),
                note,
            });
        }
        crate::sort::sort_by(&mut obs.marks, |a, b| a.start.total_cmp(&b.start));
        out.observations.push(obs);
    }
    Ok(out)
}
