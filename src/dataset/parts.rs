//! Datasets of parts of one input, merged into the dataset of the whole:
//! name tables remapped (ids stay in order of first appearance), events in
//! the order one reader gives. Also the compact binary form of a part that
//! crosses between workers and threads, and is the payload of a partial
//! report (`docs/partials.md`).

use super::{Columns, Dataset, DatasetBuilder, Names, Notes, PathTotals};
use crate::error::{Error, Result};
use crate::ingest::Part;
use crate::model::{Classes, Direction, Kind, Media, Owner, Problem, Stage, TimeBase};

/// Merges the parts of one input, given in input order, into its dataset.
/// `max_problems` bounds the lists of problems and warnings (all problems
/// are counted). Fails when a part but the last ended inside a record (the
/// cut was not at a record start) or when the parts' times are of
/// different kinds (then read the input in one part).
pub fn merge_parts(parts: &[Part], max_problems: usize) -> Result<Dataset> {
    let mut base: Option<TimeBase> = None;
    for (k, part) in parts.iter().enumerate() {
        if !part.ends_clean && k + 1 < parts.len() {
            return Err(Error::at(
                0,
                crate::text::t(
                    "core.parts.endsInRecord",
                    "part {n} ends inside a record (a quoted field?): read the file in one part",
                    &[("n", &(k + 1))],
                ),
            ));
        }
        if part.base_decided {
            match base {
                None => base = Some(part.dataset.time_base()),
                Some(b) if b != part.dataset.time_base() => {
                    return Err(Error::at(
                        0,
                        crate::text::t(
                            "core.parts.timeKinds",
                            "the parts hold times of different kinds (dates and video offsets): read the file in one part",
                            &[],
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    let base = base.unwrap_or(TimeBase::Calendar);
    let mut out = DatasetBuilder::new(base);
    out.set_max_problems(max_problems);
    let mut paths = 0usize;
    for part in parts {
        let d = &part.dataset;
        let [journeys, touchpoints, channels] = out.names_mut();
        // Ids by first appearance: each part's names in its own id order.
        let journey_ids: Vec<u32> = if base == TimeBase::Step {
            // Path rows are numbered through the whole file.
            let ids = (0..d.journey_count())
                .map(|k| journeys.intern(&format!("path {}", paths + k + 1)))
                .collect();
            paths += d.journey_count();
            ids
        } else {
            d.journey_names().iter().map(|n| journeys.intern(n)).collect()
        };
        let tp_ids: Vec<u32> = d.touchpoint_names().iter().map(|n| touchpoints.intern(n)).collect();
        let ch_ids: Vec<u32> = d.channel_names().iter().map(|n| channels.intern(n)).collect();
        out.append_events(d, &journey_ids, &tp_ids, &ch_ids);
        out.add_notes(&d.notes, &journey_ids);
    }
    if out.overflowed() {
        // As one reader of the whole would say.
        return Err(Error::at(0, crate::ingest::overflow()));
    }
    Ok(out.finish())
}

// ---------------------------------------------------------------- binary form

/// First bytes of an encoded part.
pub const MAGIC: &[u8; 4] = b"TPDS";
/// Version of the encoding; readers refuse others.
pub const VERSION: u32 = 1;

/// The part as bytes: little-endian, versioned (see `docs/partials.md`).
pub fn encode_part(part: &Part) -> Vec<u8> {
    let d = &part.dataset;
    let c = &d.columns;
    let mut w = Writer(Vec::with_capacity(d.heap_bytes() + 1024));
    w.0.extend_from_slice(MAGIC);
    w.u32(VERSION);
    w.u8(base_code(d.time_base));
    w.u8(part.base_decided as u8);
    w.u8(part.ends_clean as u8);
    for names in [&d.journey_names, &d.touchpoint_names, &d.channel_names] {
        w.u32(names.len() as u32);
        for name in names.iter() {
            w.str(name);
        }
    }
    w.u32s(&d.offsets);
    w.u32(d.len() as u32);
    w.u32s(&c.touchpoint);
    w.f64s(&c.time);
    w.u32s(&c.line);
    let mut present = 0u16;
    let flags = [c.channel.is_some(), c.end.is_some(), c.given.is_some(), c.converted.is_some()];
    let measures = c.measures.iter().map(Option::is_some);
    for (k, on) in flags.into_iter().chain(measures).enumerate() {
        present |= (on as u16) << k;
    }
    w.0.extend_from_slice(&present.to_le_bytes());
    if let Some(v) = &c.channel {
        w.u32s(v);
    }
    if let Some(v) = &c.end {
        w.f64s(v);
    }
    if let Some(v) = &c.given {
        for g in v {
            w.0.extend_from_slice(&classes_code(g));
        }
    }
    if let Some(v) = &c.converted {
        w.0.extend_from_slice(v);
    }
    for v in c.measures.iter().flatten() {
        w.f64s(v);
    }
    let n = &d.notes;
    w.u64(n.problem_count);
    w.u64(n.rows);
    w.u64(n.bytes);
    w.f64(n.path_conversions);
    w.f64(n.path_nulls);
    w.u32(n.path_totals.len() as u32);
    for t in &n.path_totals {
        w.0.push(u8::from(t.is_some()));
        let t = t.unwrap_or_default();
        for v in [t.conversions, t.value, t.nulls] {
            w.f64(v);
        }
    }
    w.u32(n.columns.len() as u32);
    for column in &n.columns {
        w.str(column);
    }
    for list in [&n.problems, &n.warnings] {
        w.u32(list.len() as u32);
        for p in list {
            w.u64(p.line);
            w.u64(p.column.map_or(0, |c| c + 1));
            w.str(&p.message);
        }
    }
    w.0
}

/// Reads an encoded part; an `Err` names what is wrong (never a panic).
pub fn decode_part(bytes: &[u8]) -> Result<Part> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(4)? != MAGIC {
        return Err(Error::at(
            0,
            crate::text::t(
                "core.parts.notPart",
                "not a Touchpoints part (expected it to start with TPDS)",
                &[],
            ),
        ));
    }
    let version = r.u32()?;
    if version != VERSION {
        return Err(Error::at(
            0,
            crate::text::t(
                "core.parts.version",
                "part format version {version}; this build reads version {reads}",
                &[("version", &version), ("reads", &VERSION)],
            ),
        ));
    }
    let time_base = match r.u8()? {
        0 => TimeBase::Calendar,
        1 => TimeBase::VideoOffset,
        2 => TimeBase::Step,
        other => return Err(r.bad(&format!("time base {other}"))),
    };
    let base_decided = r.u8()? != 0;
    let ends_clean = r.u8()? != 0;
    let mut names: [Names; 3] = Default::default();
    for table in &mut names {
        let count = r.u32()?;
        for _ in 0..count {
            let name = r.str()?;
            if table.intern(&name) as usize != table.len() - 1 {
                return Err(r.bad("a repeated name"));
            }
        }
    }
    let offsets = r.u32s()?;
    let n = r.u32()? as usize;
    let touchpoint = r.u32s()?;
    let time = r.f64s()?;
    let line = r.u32s()?;
    if touchpoint.len() != n || time.len() != n || line.len() != n {
        return Err(r.bad("column lengths"));
    }
    let present = u16::from_le_bytes([r.u8()?, r.u8()?]);
    let on = |k: u32| present & (1 << k) != 0;
    let mut columns = Columns { touchpoint, time, line, ..Columns::default() };
    if on(0) {
        columns.channel = Some(r.u32s_exact(n)?);
    }
    if on(1) {
        columns.end = Some(r.f64s_exact(n)?);
    }
    if on(2) {
        let raw = r.take(n * 5)?;
        columns.given = Some(raw.chunks_exact(5).map(classes_of_code).collect());
    }
    if on(3) {
        columns.converted = Some(r.take(n)?.to_vec());
    }
    for (k, m) in columns.measures.iter_mut().enumerate() {
        if on(4 + k as u32) {
            *m = Some(r.f64s_exact(n)?);
        }
    }
    let mut notes = Notes {
        problem_count: r.u64()?,
        rows: r.u64()?,
        bytes: r.u64()?,
        path_conversions: r.f64()?,
        path_nulls: r.f64()?,
        ..Notes::default()
    };
    for _ in 0..r.u32()? {
        let present = r.u8()? != 0;
        let totals = PathTotals { conversions: r.f64()?, value: r.f64()?, nulls: r.f64()? };
        notes.path_totals.push(present.then_some(totals));
    }
    for _ in 0..r.u32()? {
        notes.columns.push(r.str()?);
    }
    for list in [&mut notes.problems, &mut notes.warnings] {
        for _ in 0..r.u32()? {
            let line = r.u64()?;
            let column = r.u64()?.checked_sub(1);
            list.push(Problem { line, column, message: r.str()? });
        }
    }
    if r.at != bytes.len() {
        return Err(r.bad("bytes after the end"));
    }
    // The columns must fit the tables and offsets (a corrupt part must not panic later).
    let journeys = names[0].len();
    let ok = offsets.len() == journeys + 1
        && offsets.first() == Some(&0)
        && offsets.last().map(|&o| o as usize) == Some(n)
        && offsets.windows(2).all(|w| w[0] <= w[1])
        && columns.touchpoint.iter().all(|&t| (t as usize) < names[1].len())
        && columns.channel.as_ref().is_none_or(|c| {
            c.iter().all(|&ch| ch == super::NO_CHANNEL || (ch as usize) < names[2].len())
        })
        && columns.converted.as_ref().is_none_or(|c| c.iter().all(|&v| v <= 2));
    if !ok {
        return Err(r.bad("ids or offsets out of range"));
    }
    let dataset = Dataset::from_parts(time_base, names, offsets, columns, notes);
    Ok(Part { dataset, base_decided, ends_clean })
}

fn base_code(base: TimeBase) -> u8 {
    match base {
        TimeBase::Calendar => 0,
        TimeBase::VideoOffset => 1,
        TimeBase::Step => 2,
    }
}

/// Each dimension as 0 (none) or 1 + its position in `ALL`.
fn classes_code(c: &Classes) -> [u8; 5] {
    fn code<T: PartialEq + Copy>(v: Option<T>, all: &[T]) -> u8 {
        v.and_then(|v| all.iter().position(|a| *a == v)).map_or(0, |p| p as u8 + 1)
    }
    [
        code(c.kind, Kind::ALL),
        code(c.owner, Owner::ALL),
        code(c.stage, Stage::ALL),
        code(c.media, Media::ALL),
        code(c.direction, Direction::ALL),
    ]
}

fn classes_of_code(b: &[u8]) -> Classes {
    fn value<T: Copy>(code: u8, all: &[T]) -> Option<T> {
        code.checked_sub(1).and_then(|p| all.get(p as usize).copied())
    }
    Classes {
        kind: value(b[0], Kind::ALL),
        owner: value(b[1], Owner::ALL),
        stage: value(b[2], Stage::ALL),
        media: value(b[3], Media::ALL),
        direction: value(b[4], Direction::ALL),
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn u32s(&mut self, v: &[u32]) {
        self.u32(v.len() as u32);
        v.iter().for_each(|x| self.0.extend_from_slice(&x.to_le_bytes()));
    }
    fn f64s(&mut self, v: &[f64]) {
        self.u32(v.len() as u32);
        v.iter().for_each(|x| self.0.extend_from_slice(&x.to_le_bytes()));
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn bad(&self, what: &str) -> Error {
        Error::at(
            0,
            crate::text::t(
                "core.parts.damaged",
                "the part is damaged at byte {at}: {what}",
                &[("at", &self.at), ("what", &what)],
            ),
        )
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else { return Err(self.bad("it ends too early")) };
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
    fn f64(&mut self) -> Result<f64> {
        Ok(f64::from_bits(self.u64()?))
    }
    fn str(&mut self) -> Result<String> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| self.bad("a name that is not UTF-8"))
    }
    fn u32s(&mut self) -> Result<Vec<u32>> {
        let n = self.u32()? as usize;
        let b = self.take(n.checked_mul(4).ok_or_else(|| self.bad("a length"))?)?;
        Ok(b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
    fn u32s_exact(&mut self, n: usize) -> Result<Vec<u32>> {
        let v = self.u32s()?;
        if v.len() != n {
            return Err(self.bad("column lengths"));
        }
        Ok(v)
    }
    fn f64s(&mut self) -> Result<Vec<f64>> {
        let n = self.u32()? as usize;
        let b = self.take(n.checked_mul(8).ok_or_else(|| self.bad("a length"))?)?;
        Ok(b.chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                f64::from_le_bytes(a)
            })
            .collect())
    }
    fn f64s_exact(&mut self, n: usize) -> Result<Vec<f64>> {
        let v = self.f64s()?;
        if v.len() != n {
            return Err(self.bad("column lengths"));
        }
        Ok(v)
    }
}
