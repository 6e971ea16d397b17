// "Share the exercise": builds the exercise payload from the key's marks and
// the link to the annotator (format: docs/exercise-link.md).
import { decodeExercise, encodeExercise, exerciseLink } from "../exercise-link.js";

export { decodeExercise, encodeExercise };

/** Default video of the demo key. */
export const DEMO_VIDEO = "samples/demo-journey.webm";

function cleanClasses(classes) {
  const out = {};
  for (const [k, v] of Object.entries(classes || {})) if (typeof v === "string" && v) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

/** A key mark longer than this (seconds) makes its palette entry a state event. */
export const STATE_SECONDS = 1;

/**
 * The payload for `marks` (the key's marks: {start, end?, touchpoint, classes?}).
 * The palette lists the key's names once each, in time order of their first
 * mark, with that mark's classes; a name whose first mark lasts more than
 * STATE_SECONDS is a state event (cues of point events last 1 s in WebVTT).
 * `withAnswers` adds the marks themselves as `key`.
 */
export function exercisePayload({ title, video, marks, withAnswers }) {
  const sorted = [...marks].sort((a, b) => a.start - b.start);
  const seen = new Set();
  const palette = [];
  for (const m of sorted) {
    if (seen.has(m.touchpoint)) continue;
    seen.add(m.touchpoint);
    const entry = { name: m.touchpoint };
    if (typeof m.end === "number" && m.end - m.start > STATE_SECONDS + 1e-9) entry.state = true;
    const classes = cleanClasses(m.classes);
    if (classes) entry.classes = classes;
    palette.push(entry);
  }
  const payload = { title: title || "", video: video || "", palette };
  if (withAnswers) {
    payload.key = sorted.map((m) => {
      const mark = { start: m.start, touchpoint: m.touchpoint };
      if (typeof m.end === "number") mark.end = m.end;
      const classes = cleanClasses(m.classes);
      if (classes) mark.classes = classes;
      if (m.note) mark.note = m.note;
      return mark;
    });
  }
  return payload;
}

/** The link to the annotator for this exercise. */
export function shareLink(options, base = location.href) {
  return exerciseLink(exercisePayload(options), "annotate.html", base);
}
