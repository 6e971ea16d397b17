//! The journey map of a class's consensus (the video exercise): the key's
//! marks that at least half of the students found, in video order, form one
//! journey, classified with the retail rules (which include the generic
//! ones) and drawn as a journey map — what the class as a whole saw.

use super::journey_map::{journey_map, JourneyMap, MapSettings, Segment};
use super::Source;
use crate::classroom::ClassReport;
use crate::dataset::{DatasetBuilder, EventRecord};
use crate::error::Result;
use crate::model::TimeBase;
use crate::taxonomy;
use crate::text;

/// Share of the students who must have found a key mark for it to be a consensus mark.
pub const CONSENSUS_SHARE: f64 = 0.5;

const JOURNEY: &str = "class consensus";

/// The consensus journey map of a graded class (with no students: the key's marks).
pub fn consensus_journey_map(report: &ClassReport) -> Result<JourneyMap> {
    let mut marks: Vec<&crate::classroom::metrics::TouchpointScore> = report
        .touchpoints
        .iter()
        .filter(|t| t.share.is_none_or(|s| s >= CONSENSUS_SHARE))
        .collect();
    crate::sort::sort_by(&mut marks, |a, b| {
        a.key.time.total_cmp(&b.key.time).then(a.key.index.cmp(&b.key.index))
    });
    let mut builder = DatasetBuilder::new(TimeBase::VideoOffset);
    for (i, t) in marks.iter().enumerate() {
        builder.push(&EventRecord {
            journey: JOURNEY,
            touchpoint: &t.key.touchpoint,
            time: t.key.time,
            end: t.key.end,
            line: i as u64 + 1,
            ..EventRecord::default()
        });
    }
    let dataset = builder.finish();
    let rules = taxonomy::expand(&taxonomy::preset("retail")?)?;
    let classification = taxonomy::classify(&dataset, &rules);
    let settings = MapSettings {
        segment: Segment::Journey(JOURNEY.into()),
        top: 12,
        ..MapSettings::default()
    };
    let mut map = if dataset.is_empty() {
        journey_map(
            Source::new(&dataset, &classification),
            &MapSettings { top: 12, ..MapSettings::default() },
            &Default::default(),
            &Default::default(),
        )?
    } else {
        journey_map(
            Source::new(&dataset, &classification),
            &settings,
            &Default::default(),
            &Default::default(),
        )?
    };
    let students = report.students.len();
    map.segment = if students == 0 {
        text::t("core.journeys.consensus.keyMarks", "the key's marks", &[])
    } else {
        text::t(
            "core.journeys.consensus.segment",
            "the class's consensus ({n} key marks found by at least half of the {students} students)",
            &[("n", &marks.len()), ("students", &students)],
        )
    };
    let share = crate::number::label_number(CONSENSUS_SHARE * 100.0, 6);
    map.notes.insert(
        0,
        text::t(
            "core.journeys.consensus.note",
            "Consensus marks: the key's marks found by at least {share}% of the students, at the key's times, classified with the retail rules.",
            &[("share", &share)],
        ),
    );
    Ok(map)
}
