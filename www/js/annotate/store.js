// Storage of the annotator: every change is written at once to the browser's
// storage (../storage.js), so a reload or a crashed tab loses nothing. One record
// per observation, keyed by observer + video (name, size, duration; a YouTube or
// Vimeo video by its id alone, "youtube:ID"); the observer name and the palette
// are kept on their own. Schema version in every key and record.
//
// Two tabs on one video: each save first reads what is stored; when another tab
// wrote since this tab last read or wrote (its "base"), the three versions are
// merged mark by mark (mergeMarks) instead of the last writer winning. The page
// does the same when the `storage` event says another tab wrote (onOtherTab).
import * as storage from "../storage.js";

export const SCHEMA = 1;
const PREFIX = `touchpoints.annotate.v${SCHEMA}`;
const MARKS = `${PREFIX}.marks:`;

/** What this tab last read or wrote per observation key (the base of a merge). */
const base = new Map();

/**
 * The key of one observation: observer and video name, size and duration
 * (0.1 s). A provider's video (`video.provider`) is keyed by its id alone:
 * its player may state the duration only once it plays, rounded differently.
 */
export function observationKey(observer, video) {
  const duration = !video.provider && Number.isFinite(video.duration) ? Math.round(video.duration * 10) / 10 : 0;
  return `${MARKS}${JSON.stringify([observer, video.name, video.size ?? 0, duration])}`;
}

function marksOf(record) {
  return record && record.schema === SCHEMA && Array.isArray(record.marks) ? record.marks : null;
}

/** The stored marks of `observer` on `video`, or null. */
export function loadMarks(observer, video) {
  const key = observationKey(observer, video);
  const marks = marksOf(storage.readJSON(key));
  base.set(key, structuredClone(marks ?? [])); // a copy: the page changes the marks it gets
  return marks;
}

/** A mark's content (what two tabs compare), whatever its id. */
function contentKey(m) {
  const classes = Object.entries(m.classes ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([m.start, m.end ?? null, m.touchpoint, classes, m.note ?? "", !!m.open]);
}

function counts(marks) {
  const out = new Map();
  for (const m of marks) out.set(contentKey(m), (out.get(contentKey(m)) ?? 0) + 1);
  return out;
}

/**
 * Three-way merge of marks: `mine` (this tab), `theirs` (what another tab stored)
 * and `common` (what both started from). A mark either side added is kept, a mark
 * either side deleted goes; a mark both edited differently is kept in both
 * versions (nothing is lost). Returns {kept: the marks of `mine` that stay,
 * added: the marks of `theirs` that join, removed: how many of `mine` went}.
 */
export function mergeMarks(common, mine, theirs) {
  const c = counts(common);
  const m = counts(mine);
  const o = counts(theirs);
  const want = new Map();
  for (const k of new Set([...m.keys(), ...o.keys()])) {
    want.set(k, Math.max(0, (m.get(k) ?? 0) + (o.get(k) ?? 0) - (c.get(k) ?? 0)));
  }
  const kept = [];
  let removed = 0;
  for (const mark of mine) {
    const k = contentKey(mark);
    if ((want.get(k) ?? 0) > 0) {
      kept.push(mark);
      want.set(k, want.get(k) - 1);
    } else {
      removed++;
    }
  }
  const added = [];
  for (const mark of theirs) {
    const k = contentKey(mark);
    if ((want.get(k) ?? 0) > 0) {
      added.push(mark);
      want.set(k, want.get(k) - 1);
    }
  }
  return { kept, added, removed };
}

function sameContent(a, b) {
  if (a.length !== b.length) return false;
  const x = a.map(contentKey).sort();
  const y = b.map(contentKey).sort();
  return x.every((k, i) => k === y[i]);
}

/**
 * Saves the marks. When another tab stored other marks for this observation since
 * this tab's base, they are merged first: `merged` is then {kept, added, removed}
 * (the page shows kept + added and tells the user), else null. `ok` is false with
 * `reason` "full" or "unavailable" when the browser refused: the marks are kept in
 * this tab's memory and the page offers a download.
 */
export function saveMarks(observer, video, marks) {
  const key = observationKey(observer, video);
  const stored = marksOf(storage.readJSON(key)) ?? [];
  const common = base.get(key) ?? [];
  let merged = null;
  let result = marks;
  if (!sameContent(stored, common) && !sameContent(stored, marks)) {
    merged = mergeMarks(common, marks, stored);
    result = [...merged.kept, ...merged.added];
    if (!merged.added.length && !merged.removed) merged = null;
  }
  if (sameContent(stored, result) && storage.status() !== "full") {
    base.set(key, stored);
    return { ok: storage.status() !== "unavailable", reason: storage.status() === "unavailable" ? "unavailable" : null, merged };
  }
  const written = storage.writeJSON(key, {
    schema: SCHEMA,
    observer,
    video: { name: video.name, size: video.size ?? 0, duration: video.duration, ...(video.provider ? { provider: video.provider, url: video.media } : {}) },
    saved: new Date().toISOString(),
    marks: result,
  });
  base.set(key, structuredClone(result)); // a copy: the page goes on changing its marks
  return { ok: written.ok, reason: written.reason ?? null, merged };
}

/** Calls `fn(key)` when another tab changed the marks of an observation. */
export function onOtherTab(fn) {
  storage.onOtherTab(MARKS, (key) => fn(key));
}

/** Forgets the marks of `observer` on `video`. */
export function clearMarks(observer, video) {
  storage.remove(observationKey(observer, video));
}

/** Every stored observation of this browser: [{observer, video, saved, count}]. */
export function listObservations() {
  const out = [];
  for (const key of storage.keys(MARKS)) {
    const r = storage.readJSON(key);
    if (marksOf(r)) out.push({ observer: r.observer, video: r.video, saved: r.saved, count: r.marks.length });
  }
  return out.sort((a, b) => String(b.saved).localeCompare(String(a.saved)));
}

/** The observer name entered once (or ""). */
export function loadObserver() {
  return storage.readJSON(`${PREFIX}.observer`) ?? "";
}

export function saveObserver(name) {
  return storage.writeJSON(`${PREFIX}.observer`, name);
}

/** The palette for a preset (null: not edited yet). */
export function loadPalette(preset) {
  const p = storage.readJSON(`${PREFIX}.palette:${preset}`);
  return Array.isArray(p) ? p : null;
}

export function savePalette(preset, palette) {
  return storage.writeJSON(`${PREFIX}.palette:${preset}`, palette);
}

/** Small settings (preset, speed …). */
export function loadSettings() {
  return storage.readJSON(`${PREFIX}.settings`) ?? {};
}

export function saveSettings(settings) {
  return storage.writeJSON(`${PREFIX}.settings`, settings);
}
