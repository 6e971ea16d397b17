// The exercise link: a classroom exercise carried in a URL fragment, so a
// teacher can share it without a server. Shared by the classroom page (which
// encodes) and the annotator (which decodes). Format: docs/exercise-link.md.
// A YouTube or Vimeo link travels in `video_name`; both pages read it with
// the core's `videoLink` and name it with `videoLinkLabel`.
//
//   annotate.html#exercise=<base64url of the UTF-8 JSON payload>
//   payload = {title?, video?, video_name?, palette?: ["name" | {name, state?, classes?}],
//              key?: [{start, end?, touchpoint, classes?, note?}], settings?: {tolerance?, moment_seconds?, all_moments?}, v?: 1}

import { t } from "./i18n.js";
import { formatTime } from "./format.js";
import { PROVIDERS } from "./annotate/player/providers.js";

/** Version of the payload format; a payload without `v` is version 1. */
export const EXERCISE_VERSION = 1;
/** The fragment parameter name. */
export const EXERCISE_PARAM = "exercise";

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("exercise link: the payload is not base64url (A–Z, a–z, 0–9, - and _ only)");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const CLASS_KEYS = ["kind", "owner", "stage", "media", "direction"];
/** The grading settings an exercise may carry (for "Check my marks"). */
const SETTING_KEYS = ["tolerance", "moment_seconds", "all_moments"];

/**
 * Where the exercise's video is, from what the teacher typed: a path of this
 * site ("samples/demo-journey.webm", or a link to this site) opens by itself
 * (`video`); a file name ("store-walk.mp4") or a link to another site is
 * named to the student, who opens it (`video_name`). Returns {video} or
 * {video_name} (empty object for empty text).
 */
export function videoField(text, base = location.href) {
  const v = String(text ?? "").trim();
  if (!v) return {};
  if (/^[a-z][a-z0-9+.-]*:/i.test(v)) {
    try {
      const url = new URL(v);
      const here = new URL(base);
      if (url.origin === here.origin) {
        const dir = here.pathname.replace(/[^/]*$/, "");
        return { video: url.pathname.startsWith(dir) ? url.pathname.slice(dir.length) + url.search : url.pathname + url.search };
      }
    } catch {
      // not a URL: a name
    }
    return { video_name: v };
  }
  return v.includes("/") ? { video: v } : { video_name: v };
}

/** "YouTube", "Vimeo": the name of a provider key. */
export function providerName(key) {
  return PROVIDERS[key]?.name ?? key;
}

/**
 * A YouTube or Vimeo video (the core's `videoLink`) as both pages name it:
 * "YouTube video dQw4w9WgXcQ", with ", from 1:30" when the link starts later.
 */
export function videoLinkLabel(link) {
  const video = t("common.video.label", { provider: providerName(link.provider), id: link.id });
  return link.start ? t("common.video.from", { video, time: formatTime(link.start, false) }) : video;
}

function checkClasses(classes, where) {
  if (classes === undefined) return;
  if (classes === null || typeof classes !== "object" || Array.isArray(classes)) throw new Error(`exercise link: ${where}.classes must be an object`);
  for (const [k, v] of Object.entries(classes)) {
    if (!CLASS_KEYS.includes(k)) throw new Error(`exercise link: ${where}.classes has an unknown dimension "${k}"`);
    if (typeof v !== "string") throw new Error(`exercise link: ${where}.classes.${k} must be text`);
  }
}

/** Checks a payload; throws an Error naming the first wrong field. Returns it. */
export function validateExercise(x) {
  if (x === null || typeof x !== "object" || Array.isArray(x)) throw new Error("exercise link: the payload must be a JSON object");
  if (x.v !== undefined && x.v !== EXERCISE_VERSION) throw new Error(`exercise link: version ${JSON.stringify(x.v)} is not supported (expected ${EXERCISE_VERSION})`);
  if (x.title !== undefined && typeof x.title !== "string") throw new Error("exercise link: title must be text");
  if (x.video !== undefined && typeof x.video !== "string") throw new Error("exercise link: video must be text");
  if (x.video_name !== undefined && typeof x.video_name !== "string") throw new Error("exercise link: video_name must be text");
  if (x.settings !== undefined) {
    const st = x.settings;
    if (st === null || typeof st !== "object" || Array.isArray(st)) throw new Error("exercise link: settings must be an object");
    for (const k of Object.keys(st)) if (!SETTING_KEYS.includes(k)) throw new Error(`exercise link: settings has an unknown field "${k}"`);
    for (const k of ["tolerance", "moment_seconds"]) {
      if (st[k] !== undefined && !(typeof st[k] === "number" && Number.isFinite(st[k]) && st[k] >= 0)) throw new Error(`exercise link: settings.${k} must be seconds ≥ 0`);
    }
    if (st.all_moments !== undefined && typeof st.all_moments !== "boolean") throw new Error("exercise link: settings.all_moments must be true or false");
  }
  if (x.palette !== undefined) {
    if (!Array.isArray(x.palette)) throw new Error("exercise link: palette must be a list");
    x.palette.forEach((p, i) => {
      if (typeof p === "string") return;
      if (!p || typeof p !== "object" || typeof p.name !== "string") throw new Error(`exercise link: palette[${i}] must be a name or {name, state?, classes?}`);
      if (p.state !== undefined && typeof p.state !== "boolean") throw new Error(`exercise link: palette[${i}].state must be true or false`);
      checkClasses(p.classes, `palette[${i}]`);
    });
  }
  if (x.key !== undefined) {
    if (!Array.isArray(x.key)) throw new Error("exercise link: key must be a list of marks");
    x.key.forEach((m, i) => {
      if (!m || typeof m.start !== "number" || !Number.isFinite(m.start) || m.start < 0) throw new Error(`exercise link: key[${i}].start must be seconds ≥ 0`);
      if (m.end !== undefined && (typeof m.end !== "number" || !(m.end >= m.start))) throw new Error(`exercise link: key[${i}].end must be seconds ≥ start`);
      if (typeof m.touchpoint !== "string") throw new Error(`exercise link: key[${i}].touchpoint must be text`);
      checkClasses(m.classes, `key[${i}]`);
    });
  }
  return x;
}

/** The fragment value (base64url of the UTF-8 JSON) for a payload. */
export function encodeExercise(payload) {
  const x = validateExercise(payload);
  return toBase64Url(new TextEncoder().encode(JSON.stringify(x)));
}

/** The payload of a fragment value made by `encodeExercise`; throws a clear Error when unreadable. */
export function decodeExercise(text) {
  let json;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(text));
  } catch (e) {
    throw new Error(e.message.startsWith("exercise link") ? e.message : "exercise link: the payload is not valid base64url UTF-8 text");
  }
  let x;
  try {
    x = JSON.parse(json);
  } catch (e) {
    throw new Error(`exercise link: the payload is not JSON (${e.message})`);
  }
  return validateExercise(x);
}

/** The exercise in a location hash (`#exercise=…`, possibly among other `&`-separated parameters), or null. */
export function exerciseFromHash(hash) {
  const params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
  const value = params.get(EXERCISE_PARAM);
  return value === null ? null : decodeExercise(value);
}

/** A link to `page` (absolute URL or relative to `base`) carrying the exercise. */
export function exerciseLink(payload, page = "annotate.html", base = location.href) {
  const url = new URL(page, base);
  url.hash = `${EXERCISE_PARAM}=${encodeExercise(payload)}`;
  return url.href;
}
