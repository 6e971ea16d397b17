// Storage of the annotator: every change is written at once to localStorage,
// so a reload or a crashed tab loses nothing. One record per observation,
// keyed by observer + video (name, size, duration; a YouTube or Vimeo video
// by its id alone, "youtube:ID"); the observer name and the palette are kept
// on their own. Schema version in every key and record.
export const SCHEMA = 1;
const PREFIX = `touchpoints.annotate.v${SCHEMA}`;

function read(key) {
  try {
    const text = localStorage.getItem(key);
    return text == null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // full or disabled storage: the page says so
  }
}

/**
 * The key of one observation: observer and video name, size and duration
 * (0.1 s). A provider's video (`video.provider`) is keyed by its id alone:
 * its player may state the duration only once it plays, rounded differently.
 */
export function observationKey(observer, video) {
  const duration = !video.provider && Number.isFinite(video.duration) ? Math.round(video.duration * 10) / 10 : 0;
  return `${PREFIX}.marks:${JSON.stringify([observer, video.name, video.size ?? 0, duration])}`;
}

/** The stored marks of `observer` on `video`, or null. */
export function loadMarks(observer, video) {
  const record = read(observationKey(observer, video));
  return record && record.schema === SCHEMA && Array.isArray(record.marks) ? record.marks : null;
}

/** Saves the marks (returns false when the browser refused). */
export function saveMarks(observer, video, marks) {
  return write(observationKey(observer, video), {
    schema: SCHEMA,
    observer,
    video: { name: video.name, size: video.size ?? 0, duration: video.duration, ...(video.provider ? { provider: video.provider, url: video.media } : {}) },
    saved: new Date().toISOString(),
    marks,
  });
}

/** Forgets the marks of `observer` on `video`. */
export function clearMarks(observer, video) {
  localStorage.removeItem(observationKey(observer, video));
}

/** Every stored observation of this browser: [{observer, video, saved, count}]. */
export function listObservations() {
  const out = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key || !key.startsWith(`${PREFIX}.marks:`)) continue;
    const r = read(key);
    if (r && r.schema === SCHEMA) out.push({ observer: r.observer, video: r.video, saved: r.saved, count: r.marks.length });
  }
  return out.sort((a, b) => String(b.saved).localeCompare(String(a.saved)));
}

/** The observer name entered once (or ""). */
export function loadObserver() {
  return read(`${PREFIX}.observer`) ?? "";
}

export function saveObserver(name) {
  write(`${PREFIX}.observer`, name);
}

/** The palette for a preset (null: not edited yet). */
export function loadPalette(preset) {
  const p = read(`${PREFIX}.palette:${preset}`);
  return Array.isArray(p) ? p : null;
}

export function savePalette(preset, palette) {
  write(`${PREFIX}.palette:${preset}`, palette);
}

/** Small settings (preset, speed …). */
export function loadSettings() {
  return read(`${PREFIX}.settings`) ?? {};
}

export function saveSettings(settings) {
  write(`${PREFIX}.settings`, settings);
}
