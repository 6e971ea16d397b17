// Storage of the annotator: every change is written at once to the browser's
// storage (../storage.js), so a reload or a crashed tab loses nothing. One record
// per observation, keyed by observer + video (name, size, duration; a YouTube or
// Vimeo video by its id alone, "youtube:ID"); the observer name and the palette
// are kept on their own. Schema version in every key and record.
//
// Two tabs on one video: every save merges with what is stored, mark by mark,
// instead of the last writer winning. Each record keeps, beside its marks, the
// state of every mark version it has seen (its content → generation, alive or
// deleted): a tab that adds, deletes or brings back a mark (Undo) raises that
// version's generation, and a merge keeps the higher generation of each version
// (alive when both are equal). So two tabs that save at the same moment, each
// before the other's write has reached it, lose neither mark, and a deletion
// carries over however late it arrives. The page saves again when the `storage`
// event says another tab wrote (onOtherTab).
import * as storage from "../storage.js";

export const SCHEMA = 1;
const PREFIX = `touchpoints.annotate.v${SCHEMA}`;
const MARKS = `${PREFIX}.marks:`;

/**
 * What this tab knows per observation key: mark content → [generation, alive].
 * Deleted versions are tombstones; at most MAX_DELETED of them are kept.
 */
const known = new Map();
const MAX_DELETED = 2000;

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
  const record = storage.readJSON(key);
  const marks = marksOf(record);
  known.set(key, stateOf(record, marks ?? []));
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
 * The version state of a record: [content, generation, alive] triples. A record
 * written before states were kept counts its marks alive at generation 1.
 */
function stateOf(record, marks) {
  const out = new Map();
  if (record && Array.isArray(record.state)) {
    for (const e of record.state) {
      if (Array.isArray(e) && typeof e[0] === "string" && Number.isFinite(e[1])) out.set(e[0], [e[1], !!e[2]]);
    }
  }
  for (const m of marks) if (!out.has(contentKey(m))) out.set(contentKey(m), [1, true]);
  return out;
}

/** `state` after this tab's marks are `marks`: what they gained or lost raises its generation. */
function withMine(state, mineCounts) {
  const out = new Map(state);
  for (const k of mineCounts.keys()) {
    const e = out.get(k);
    if (!e || !e[1]) out.set(k, [(e?.[0] ?? 0) + 1, true]);
  }
  for (const [k, [gen, alive]] of out) if (alive && !mineCounts.has(k)) out.set(k, [gen + 1, false]);
  return out;
}

/** Both states in one: the higher generation of each version wins, alive when equal. */
function joined(mine, theirs) {
  const out = new Map(mine);
  for (const [k, e] of theirs) {
    const s = out.get(k);
    if (!s || e[0] > s[0] || (e[0] === s[0] && e[1] && !s[1])) out.set(k, e);
  }
  let deleted = [...out].filter(([, [, alive]]) => !alive);
  if (deleted.length > MAX_DELETED) {
    deleted.sort(([, a], [, b]) => a[0] - b[0]);
    for (const [k] of deleted.slice(0, deleted.length - MAX_DELETED)) out.delete(k);
  }
  return out;
}

/**
 * Merges this tab's marks with another tab's (`theirs`, stored with `theirState`),
 * given what this tab knew (`state`). Returns {kept: the marks of `mine` that
 * stay, added: the marks of `theirs` that join, removed: how many of `mine` went,
 * state: the joined state}. A mark both tabs edited differently is kept in both
 * versions: nothing is lost.
 */
export function mergeMarks(state, mine, theirs, theirState) {
  const m = counts(mine);
  const o = counts(theirs);
  const joinedState = joined(withMine(state, m), theirState);
  const want = new Map();
  for (const [k, [, alive]] of joinedState) if (alive) want.set(k, Math.max(m.get(k) ?? 0, o.get(k) ?? 0));
  const take = (mark) => {
    const k = contentKey(mark);
    if (!((want.get(k) ?? 0) > 0)) return false;
    want.set(k, want.get(k) - 1);
    return true;
  };
  const kept = [];
  let removed = 0;
  for (const mark of mine) {
    if (take(mark)) kept.push(mark);
    else removed++;
  }
  const added = theirs.filter(take);
  return { kept, added, removed, state: joinedState };
}

function sameContent(a, b) {
  if (a.length !== b.length) return false;
  const x = a.map(contentKey).sort();
  const y = b.map(contentKey).sort();
  return x.every((k, i) => k === y[i]);
}

/**
 * A state as stored: [content, generation, 1 alive / 0 deleted] triples, in content order.
 * The order must not depend on the tab: two tabs that know the same state write the same
 * record, so neither sees a change and writes again (in insertion order two tabs that marked
 * at once kept rewriting each other's record, each hearing the other's write).
 */
function stateRecord(state) {
  return [...state].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, [gen, alive]]) => [k, gen, alive ? 1 : 0]);
}

/**
 * Saves the marks. When another tab stored other marks for this observation,
 * they are merged first: `merged` is then {kept, added, removed} (the page shows
 * kept + added and tells the user), else null. `ok` is false with `reason`
 * "full" or "unavailable" when the browser refused: the marks are kept in this
 * tab's memory and the page offers a download.
 */
export function saveMarks(observer, video, marks) {
  const key = observationKey(observer, video);
  const record = storage.readJSON(key);
  const stored = marksOf(record) ?? [];
  const { kept, added, removed, state } = mergeMarks(known.get(key) ?? new Map(), marks, stored, stateOf(record, stored));
  known.set(key, state);
  const result = [...kept, ...added];
  const merged = added.length || removed ? { kept, added, removed } : null;
  const states = stateRecord(state);
  const storedStates = record ? JSON.stringify(record.state ?? null) : "[]"; // no record: nothing to write for no marks
  if (sameContent(stored, result) && storedStates === JSON.stringify(states) && storage.status() !== "full") {
    return { ok: storage.status() !== "unavailable", reason: storage.status() === "unavailable" ? "unavailable" : null, merged };
  }
  const written = storage.writeJSON(key, {
    schema: SCHEMA,
    observer,
    video: { name: video.name, size: video.size ?? 0, duration: video.duration, ...(video.provider ? { provider: video.provider, url: video.media } : {}) },
    saved: new Date().toISOString(),
    marks: result,
    state: states,
  });
  return { ok: written.ok, reason: written.reason ?? null, merged };
}

/** Calls `fn(key)` when another tab changed the marks of an observation. */
export function onOtherTab(fn) {
  storage.onOtherTab(MARKS, (key) => fn(key));
}

/** Forgets the marks of `observer` on `video`. */
export function clearMarks(observer, video) {
  known.delete(observationKey(observer, video));
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
