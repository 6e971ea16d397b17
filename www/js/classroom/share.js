// "Share the exercise": builds the exercise payload from the key's marks and
// the link to the annotator (format: docs/exercise-link.md).
import { decodeExercise, encodeExercise, exerciseLink, providerName, videoField, videoLinkLabel } from "../exercise-link.js";
import { t } from "../i18n.js";

export { decodeExercise, encodeExercise, videoField };

/** Default video of the demo key. */
export const DEMO_VIDEO = "samples/demo-journey.webm";

/**
 * What the teacher typed in the Video field, read as the annotator will read
 * it (`videoLink`: the core's reader of YouTube and Vimeo links):
 * `{kind, text, link?, error?}` with kind "none", "youtube"/"vimeo" (then
 * `link`, and `video` the link written one way), "path", "file", "link"
 * (another site's address) or "bad" (a YouTube or Vimeo link that names no
 * video: `error`). `text` says it in a sentence for the page.
 */
export function describeVideo(typed, videoLink, base = location.href) {
  const v = String(typed ?? "").trim();
  if (!v) return { kind: "none", text: "" };
  let link = null;
  try {
    link = videoLink(v);
  } catch (e) {
    return { kind: "bad", error: e.message, text: t("classroom.share.video.bad", { message: e.message }) };
  }
  if (link) {
    const provider = providerName(link.provider);
    return { kind: link.provider, link, video: link.url, text: t("classroom.share.video.provider", { video: videoLinkLabel(link), provider }) };
  }
  const field = videoField(v, base);
  if (field.video) return { kind: "path", video: v, text: t("classroom.share.video.path", { video: field.video }) };
  const address = /^[a-z][a-z0-9+.-]*:/i.test(v);
  return { kind: address ? "link" : "file", video: v, text: t(address ? "classroom.share.video.link" : "classroom.share.video.file", { video: v }) };
}

function cleanClasses(classes) {
  const out = {};
  for (const [k, v] of Object.entries(classes || {})) if (typeof v === "string" && v) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

/**
 * The payload for `marks` (the key's marks: {start, end?, touchpoint,
 * classes?}) and `shapes` (the core's `markShapes` of those marks: "state" or
 * a moment reason, in the same order — the grader's moment rule,
 * src/classroom/moments.rs). The palette lists the key's names once each, in
 * time order of their first mark, with that mark's classes; a name whose
 * first mark is a state event is a state key. `video` is what the teacher
 * typed (see `videoField`). `withAnswers` adds the marks as `key` (moments
 * without an end, as graded); `settings` ({tolerance, moment_seconds,
 * all_moments}) go along for "Check my marks".
 */
export function exercisePayload({ title, video, marks, shapes, withAnswers, settings }, base = location.href) {
  if (!Array.isArray(shapes) || shapes.length !== marks.length) throw new Error("exercisePayload: shapes must be the core's markShapes of the marks");
  const order = marks.map((m, i) => i).sort((a, b) => marks[a].start - marks[b].start || a - b);
  const isState = (i) => shapes[i] === "state";
  const seen = new Set();
  const palette = [];
  for (const i of order) {
    const m = marks[i];
    if (seen.has(m.touchpoint)) continue;
    seen.add(m.touchpoint);
    const entry = { name: m.touchpoint };
    if (isState(i)) entry.state = true;
    const classes = cleanClasses(m.classes);
    if (classes) entry.classes = classes;
    palette.push(entry);
  }
  const payload = { title: title || "", ...videoField(video, base), palette };
  if (withAnswers) {
    payload.key = order.map((i) => {
      const m = marks[i];
      const mark = { start: m.start, touchpoint: m.touchpoint };
      if (typeof m.end === "number" && isState(i)) mark.end = m.end;
      const classes = cleanClasses(m.classes);
      if (classes) mark.classes = classes;
      if (m.note) mark.note = m.note;
      return mark;
    });
  }
  if (settings) {
    const out = {};
    for (const k of ["tolerance", "moment_seconds"]) if (Number.isFinite(settings[k])) out[k] = settings[k];
    if (settings.all_moments) out.all_moments = true;
    if (Object.keys(out).length) payload.settings = out;
  }
  return payload;
}

/** The link to the annotator for this exercise. */
export function shareLink(options, base = location.href) {
  return exerciseLink(exercisePayload(options, base), "annotate.html", base);
}
