// The annotator page: a video, number keys for touch points, a list of
// marks, live counts by class and the report. Marks are saved in this
// browser on every change (annotate/store.js); undo and redo keep snapshots
// (annotate/history.js). Files are read and written, and marks counted and
// classified, by the core (src/wasm/annotate.rs). "Check my marks" grades
// the marks against an answer key (from the exercise link or a file) with
// the classroom page's core (src/wasm/check.rs) and shows <tp-key-check>.
// The video plays through one player interface (annotate/player/): the
// page's <video>, or a YouTube or Vimeo link in the provider's own player,
// loaded only after the student read the privacy note and agreed
// (docs/video.md); annotate/video.js chooses and loads it, annotate/restore.js
// brings its saved marks back, annotate/palette.js holds the number keys'
// touch points and annotate/exercise.js reads the classroom link. This file
// keeps the marks and wires the sections together.
import { loadCore } from "./core.js";
import { classLabel, t, translatePage } from "./i18n.js";
import { History } from "./annotate/history.js";
import * as store from "./annotate/store.js";
import { status as storageStatus } from "./storage.js";
import { formatTime, clockTime as formatClockTime } from "./format.js";
import { TpChart } from "./elements/tp-chart.js";
import { TpPalette } from "./elements/tp-palette.js";
import { TpMarkList } from "./elements/tp-mark-list.js";
import { TpTimelineStrip } from "./elements/tp-timeline-strip.js";
import { TpKeyCheck } from "./elements/tp-key-check.js";
import { checkSection } from "./annotate/check.js";
import { exerciseSection, safeVideoPath } from "./annotate/exercise.js";
import { listenForKeys, renderShortcuts } from "./annotate/keys.js";
import { renderLiveCounts } from "./annotate/live-counts.js";
import { marksFiles } from "./annotate/marks-files.js";
import { paletteSection } from "./annotate/palette.js";
import { restoreSection } from "./annotate/restore.js";
import { videoSection } from "./annotate/video.js";

TpChart.define();
TpPalette.define();
TpMarkList.define();
TpTimelineStrip.define();
TpKeyCheck.define();
translatePage();

const $ = (id) => document.getElementById(id);
const video = $("video");
const palette = $("palette");
const list = $("marks");
const strip = $("strip");
const keyCheck = $("key-check");

const state = {
  core: null,
  preset: "retail",
  kinds: [],
  kindLabel: new Map(),
  observer: store.loadObserver(),
  media: null, // {name, size, duration, label}
  marks: [],
  nextId: 1,
  selected: null,
  palette: [], // [{name, state, classes}]
  paletteFromExercise: false,
  exercise: null,
  ruleKinds: new Map(), // name → kind by the rules
  view: [],
  key: null, // the answer key: {observation, source} (from the exercise link or a file)
  checkOpen: false,
  pendingLink: null, // a YouTube or Vimeo link waiting for the student's yes (the privacy note)
  exerciseLink: null, // the exercise's YouTube or Vimeo video
  controlsOpen: false, // clicks on a provider's video go to its own player
  speed: 1, // the speed the student chose (a provider may allow another)
  revision: 0, // counts changes of the marks
  exportedAt: -1, // the revision last exported
  unsaved: false, // the browser refused the last save (the marks are only in this tab)
};
const history = new History();

// ---------- helpers

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

function status(message) {
  $("status").textContent = message;
}

function ms(seconds) {
  return Math.round(seconds * 1000) / 1000;
}

function now() {
  return ms(videoBox.currentTime() || 0);
}

function kindOf(mark) {
  return mark.classes?.kind || state.ruleKinds.get(mark.touchpoint) || "";
}

function classify(names) {
  const unique = [...new Set(names.filter(Boolean))];
  if (!unique.length) return new Map();
  try {
    return new Map(state.core.classifyNames(unique, state.preset).map((r) => [r.touchpoint, r.classes]));
  } catch (e) {
    showError(e.message);
    return new Map();
  }
}

function cleanMark(m) {
  const out = { start: m.start, touchpoint: m.touchpoint };
  if (m.end != null) out.end = m.end;
  else if (m.open) out.end = Math.max(m.start, now());
  if (m.classes && Object.keys(m.classes).length) out.classes = m.classes;
  if (m.note) out.note = m.note;
  return out;
}

function annotations() {
  const obs = { observer: state.observer || "observer", marks: state.marks.map(cleanMark) };
  if (state.media) {
    obs.media = state.media.media ?? state.media.label; // a provider's video: its link
    if (Number.isFinite(state.media.duration)) obs.duration = ms(state.media.duration);
  }
  return { format: "touchpoints", observations: [obs], problems: [] };
}

// ---------- changes, saving, rendering

function change(label, fn) {
  history.record(state.marks, label);
  fn();
  afterChange();
}

function afterChange() {
  state.revision++;
  state.marks.sort((a, b) => a.start - b.start || a.id - b.id);
  save();
  render();
}

/** The video can be marked and its marks saved (its metadata, or the provider's player, is ready). */
function mediaReady() {
  return !!state.media?.ready;
}

/**
 * Saves the marks. When another tab changed them since (the same video and
 * observer), its marks are merged with these, never overwritten, and the
 * student is told; Undo goes back to this tab's marks. When the browser refuses
 * (full or unavailable storage), the marks stay in this tab and the storage
 * notice offers them as a file at once.
 */
function save() {
  if (!mediaReady() || !state.observer) return;
  const result = store.saveMarks(state.observer, state.media, state.marks);
  if (result.merged) {
    const { kept, added, removed } = result.merged;
    history.record(state.marks, t("annotate.history.otherTab"));
    state.revision++;
    state.marks = [...kept, ...renumber(added)].sort((a, b) => a.start - b.start || a.id - b.id);
    if (!state.marks.some((m) => m.id === state.selected)) state.selected = null;
    status(t("annotate.sync.merged", { added: added.length, removed, n: state.marks.length }));
  }
  state.unsaved = !result.ok;
  $("saved").textContent = result.ok ? t("annotate.saved", { n: state.marks.length, time: formatClockTime(new Date()) }) : t("annotate.saveFailed");
  $("saved").classList.toggle("failed", !result.ok);
  showStorageNotice(result.ok ? null : result.reason);
}

/**
 * The storage notice: the browser refused to save ("full" or "unavailable"), the
 * marks are kept in this tab, and a button downloads them at once (JSON, the
 * annotator's own format, which it opens again). Hidden again once a save works.
 */
function showStorageNotice(reason) {
  const box = $("storage-notice");
  if (!reason) {
    if (!box.hidden) status(t("annotate.storage.back"));
    box.hidden = true;
    return;
  }
  $("storage-notice-text").textContent = t(`annotate.storage.${reason}`, { n: state.marks.length });
  $("storage-download").disabled = !state.marks.length;
  box.hidden = false;
}

$("storage-download").addEventListener("click", () => exportAs("json"));

// Another tab wrote marks: those of this video and observer are merged at once.
store.onOtherTab((key) => {
  if (!mediaReady() || !state.observer || key !== store.observationKey(state.observer, state.media)) return;
  save();
  render();
});

// Marks the browser could not save are only in this tab: closing it asks first.
window.addEventListener("beforeunload", (e) => {
  if (state.unsaved && state.exportedAt !== state.revision && state.marks.length) e.preventDefault();
});

function render() {
  state.ruleKinds = new Map([...classify(state.marks.map((m) => m.touchpoint))].map(([n, c]) => [n, c.kind || ""]));
  const view = state.marks.map((m) => {
    const kind = kindOf(m);
    return { ...m, kind, givenKind: m.classes?.kind ?? "", kindLabel: state.kindLabel.get(kind) ?? "" };
  });
  list.names = [...new Set([...state.palette.map((p) => p.name), ...state.marks.map((m) => m.touchpoint)])];
  renderAfterEnd();
  state.view = view;
  list.marks = view;
  list.selected = state.selected;
  strip.marks = view;
  strip.selected = state.selected;
  palette.active = state.marks.filter((m) => m.open).map((m) => m.touchpoint);
  $("mark-count").textContent = String(state.marks.length);
  $("undo").disabled = !history.canUndo;
  $("redo").disabled = !history.canRedo;
  $("prev").disabled = $("next").disabled = !state.marks.length;
  for (const b of document.querySelectorAll(".export button")) b.disabled = !state.marks.length;
  analyse();
  updateCheck();
}

/** Warns when marks lie after the end of the video (a wrong video, or marks of another one). */
function renderAfterEnd() {
  const duration = state.media?.duration;
  const known = Number.isFinite(duration) && duration > 0;
  list.duration = known ? duration : null;
  const late = known ? state.marks.filter((m) => m.start > duration + 0.05) : [];
  const box = $("after-end");
  box.hidden = !late.length;
  box.textContent = late.length
    ? t(late.length === 1 ? "annotate.afterEnd.one" : "annotate.afterEnd.many", { n: late.length, end: formatTime(duration), first: formatTime(late[0].start) })
    : "";
}

function analyse() {
  let result;
  try {
    result = state.core.marksReport(annotations(), state.preset);
  } catch (e) {
    showError(e.message);
    return;
  }
  const { report, charts } = result;
  renderLiveCounts({ counts: $("counts"), cards: $("cards") }, report, state.kinds, state.kindLabel);
  $("chart-kind").svg = charts.by_kind;
  $("chart-timeline").svg = charts.timeline;
}

// ---------- marking

function flash(text, kind) {
  const el = $("flash");
  el.textContent = text;
  el.className = `flash show k-${kind || "unclassified"}`;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => (el.className = "flash"), 900);
}

function needVideo() {
  if (mediaReady()) return true;
  status(state.media ? t("annotate.status.loading", { name: state.media.label }) : t("annotate.needVideo"));
  return false;
}

/** A point mark, or starts/ends a state event, for `name` at the current time. */
function mark(name, classes, asState) {
  if (!needVideo() || !name) return;
  const time = now();
  const open = state.marks.find((m) => m.open && m.touchpoint === name);
  if (open) {
    change(t("annotate.history.end"), () => {
      open.end = Math.max(open.start, time);
      delete open.open;
    });
    state.selected = open.id;
    list.selected = strip.selected = open.id;
    flash(t("annotate.flash.end", { name }), kindOf(open));
    status(t("annotate.status.ended", { name, time: formatTime(time) }));
    return;
  }
  const m = { id: state.nextId++, start: time, end: null, touchpoint: name, classes: { ...(classes ?? {}) } };
  if (asState) m.open = true;
  change(t("annotate.history.add"), () => state.marks.push(m));
  state.selected = m.id;
  list.selected = strip.selected = m.id;
  flash(asState ? t("annotate.flash.start", { name }) : name, kindOf(m));
  status(t(asState ? "annotate.status.started" : "annotate.status.marked", { name, time: formatTime(time) }));
}

function markFromPalette(index, forceState) {
  const entry = state.palette[index];
  if (!entry) return;
  mark(entry.name, entry.classes, forceState || entry.state);
}

function askName() {
  if (!needVideo()) return;
  const time = now();
  const dialog = $("name-dialog");
  $("name-time").textContent = formatTime(time);
  const input = $("name-input");
  input.value = "";
  $("name-state").checked = false;
  const suggestions = $("name-suggestions");
  suggestions.replaceChildren();
  for (const n of new Set([...state.palette.map((p) => p.name), ...state.marks.map((m) => m.touchpoint)])) {
    const o = document.createElement("option");
    o.value = n;
    suggestions.append(o);
  }
  dialog.dataset.time = String(time);
  dialog.showModal();
  input.focus();
}

$("name-form").addEventListener("submit", () => {
  const dialog = $("name-dialog");
  const name = $("name-input").value.trim();
  if (!name) return;
  const time = Number(dialog.dataset.time);
  const classes = classify([name]).get(name) ?? {};
  const asState = $("name-state").checked;
  const open = state.marks.find((m) => m.open && m.touchpoint === name);
  if (open) return mark(name, classes, true);
  const m = { id: state.nextId++, start: time, end: null, touchpoint: name, classes };
  if (asState) m.open = true;
  change(t("annotate.history.add"), () => state.marks.push(m));
  state.selected = m.id;
  list.selected = strip.selected = m.id;
  status(t("annotate.status.marked", { name, time: formatTime(time) }));
});
$("name-cancel").addEventListener("click", () => $("name-dialog").close());
$("mark-free").addEventListener("click", askName);

// ---------- selection, editing, deleting

function select(id, seek) {
  state.selected = id;
  list.selected = strip.selected = id;
  const m = state.marks.find((x) => x.id === id);
  if (m && seek && mediaReady()) videoBox.seek(m.start);
}

function step(direction) {
  if (!state.marks.length) return;
  const t0 = now();
  const eps = 0.05;
  const target =
    direction > 0
      ? state.marks.find((m) => m.start > t0 + eps) ?? state.marks[state.marks.length - 1]
      : [...state.marks].reverse().find((m) => m.start < t0 - eps) ?? state.marks[0];
  select(target.id, true);
}

function nudge(delta) {
  const m = state.marks.find((x) => x.id === state.selected);
  if (!m) return;
  change(t("annotate.history.nudge"), () => {
    const start = ms(Math.max(0, m.start + delta));
    if (m.end != null) m.end = ms(Math.max(start, m.end + (start - m.start)));
    m.start = start;
  });
  if (mediaReady()) videoBox.seek(m.start);
}

function remove(id) {
  const i = state.marks.findIndex((x) => x.id === id);
  if (i < 0) return;
  const name = state.marks[i].touchpoint;
  change(t("annotate.history.delete"), () => state.marks.splice(i, 1));
  const next = state.marks[Math.min(i, state.marks.length - 1)];
  state.selected = next ? next.id : null;
  list.selected = strip.selected = state.selected;
  status(t("annotate.status.deleted", { name }));
}

list.addEventListener("mark-select", (e) => select(e.detail.id, e.detail.seek));
strip.addEventListener("mark-select", (e) => select(e.detail.id, e.detail.seek));
list.addEventListener("mark-delete", (e) => remove(e.detail.id));
list.addEventListener("mark-edit", (e) => {
  const m = state.marks.find((x) => x.id === e.detail.id);
  if (!m) return;
  const c = e.detail.changes;
  change(t("annotate.history.edit"), () => {
    const renamed = c.touchpoint !== m.touchpoint;
    m.start = ms(c.start);
    m.end = c.end == null ? null : ms(c.end);
    if (c.end != null) delete m.open;
    m.touchpoint = c.touchpoint;
    let classes = { ...(m.classes ?? {}) };
    if (renamed) classes = { ...(classify([c.touchpoint]).get(c.touchpoint) ?? {}) };
    if (c.kind) classes.kind = c.kind;
    else if (!renamed) classes = {};
    m.classes = classes;
  });
});
list.addEventListener("mark-edit-done", () => document.activeElement?.blur?.());
strip.addEventListener("seek", (e) => {
  if (mediaReady()) videoBox.seek(e.detail.time);
});

function undo() {
  const step = history.undo(state.marks);
  if (!step) return;
  state.marks = step.state;
  afterChange();
  status(t("annotate.status.undone", { what: step.label }));
}

function redo() {
  const step = history.redo(state.marks);
  if (!step) return;
  state.marks = step.state;
  afterChange();
  status(t("annotate.status.redone", { what: step.label }));
}

$("undo").addEventListener("click", undo);
$("redo").addEventListener("click", redo);
$("prev").addEventListener("click", () => step(-1));
$("next").addEventListener("click", () => step(1));
$("clear").addEventListener("click", () => {
  const dialog = $("confirm-dialog");
  $("confirm-text").textContent = t("annotate.clear.text", { n: state.marks.length, observer: state.observer });
  dialog.returnValue = "";
  dialog.showModal();
  dialog.addEventListener(
    "close",
    () => {
      if (dialog.returnValue !== "ok") return;
      change(t("annotate.history.clear"), () => (state.marks = []));
      state.selected = null;
      status(t("annotate.status.cleared"));
    },
    { once: true },
  );
});

// ---------- the saved marks of a video (annotate/restore.js)

const { restore, renumber } = restoreSection({ state, history, afterChange, status });

// ---------- the video: choosing it, the privacy note, the player (annotate/video.js)

const videoBox = videoSection({
  state,
  video,
  strip,
  history,
  mediaReady,
  save,
  restore,
  renderAfterEnd,
  checkExerciseVideo: (opened, link) => exercise.checkExerciseVideo(opened, link),
  status,
  showError,
});

// ---------- import and export (annotate/marks-files.js)

/** The core, waiting for it when a file is chosen while it still loads (never ignored). */
async function readyCore() {
  return state.core ?? (await loadCore());
}

const { exportAs } = marksFiles({ state, readyCore, change, observations: annotations, status, showError });

// ---------- palette and preset (annotate/palette.js)

const { setPalette, defaultPalette } = paletteSection({ state, palette, classify, markFromPalette, render });

// ---------- observer

function askObserver(required) {
  const dialog = $("observer-dialog");
  $("observer-input").value = state.observer;
  dialog.dataset.required = required ? "1" : "";
  dialog.showModal();
  $("observer-input").focus();
}

$("observer-dialog").addEventListener("cancel", (e) => {
  if ($("observer-dialog").dataset.required) e.preventDefault();
});
$("observer-form").addEventListener("submit", () => {
  const name = $("observer-input").value.trim();
  if (!name || name === state.observer) return;
  save();
  state.observer = name;
  store.saveObserver(name);
  $("observer-name").textContent = name;
  if (mediaReady()) {
    state.marks = [];
    history.clear();
    restore();
  }
});
$("observer-change").addEventListener("click", () => askObserver(false));
// The privacy note waits under the observer dialog: its button gets the focus after.
$("observer-dialog").addEventListener("close", () => state.pendingLink && $("provider-ok").focus());

// ---------- keys (annotate/keys.js maps them to these actions)

listenForKeys({
  editing: () => list.editing,
  undo,
  redo,
  markFromPalette,
  nudge,
  askName,
  togglePlay: videoBox.togglePlay,
  toggleCheck: () => toggleCheck(),
  toggleKeyOnStrip: () => toggleKeyOnStrip(),
  seekBy: videoBox.seekBy,
  speed: videoBox.speedBy,
  step,
  edit() {
    if (state.selected == null) return false;
    list.edit(state.selected);
    return true;
  },
  remove() {
    if (state.selected != null) remove(state.selected);
  },
  deselect: () => select(null, false),
});

// ---------- check my marks against the answer key (annotate/check.js)

const { setKey, updateCheck, toggleCheck, toggleKeyOnStrip } = checkSection({
  state,
  keyCheck,
  strip,
  studentObservation: () => annotations().observations[0],
  readyCore,
  seek(time) {
    if (!mediaReady()) return;
    videoBox.pause();
    videoBox.seek(time);
  },
  status,
  showError,
});

// ---------- classroom link: #exercise=<base64url JSON> (annotate/exercise.js)

const exercise = exerciseSection({ state, openUrl: videoBox.openUrl, offerProvider: videoBox.offerProvider, showError });

// ---------- start

async function start() {
  renderShortcuts($("shortcuts"));
  try {
    state.core = await loadCore();
  } catch (e) {
    showError(t("annotate.coreError", { message: e.message }));
    return;
  }
  const labels = state.core.classLabels();
  state.kinds = labels.kind.map((k) => ({ ...k, label: classLabel(k.key, k.label) }));
  state.kindLabel = new Map(state.kinds.map((k) => [k.key, k.label]));
  list.kinds = state.kinds;
  const presets = state.core.presets();
  const settings = store.loadSettings();
  state.preset = presets.some((p) => p.name === settings.preset) ? settings.preset : "retail";
  for (const p of presets) {
    const o = document.createElement("option");
    o.value = p.name;
    o.textContent = p.name;
    o.title = p.description;
    $("preset").append(o);
  }
  $("preset").value = state.preset;

  const given = exercise.readExercise();
  if (given) {
    state.exercise = given;
    if (typeof given.title === "string" && given.title) {
      $("title").textContent = given.title;
      document.title = `${given.title} · Touchpoints`;
    }
    if (Array.isArray(given.palette) && given.palette.length) {
      state.paletteFromExercise = true;
      setPalette(given.palette, false);
    }
    if (Array.isArray(given.key) && given.key.length) {
      setKey({ observer: t("annotate.check.keyObserver"), marks: given.key }, t("annotate.check.fromExercise", { n: given.key.length }));
    }
  }
  if (!state.paletteFromExercise) setPalette(defaultPalette(), false);
  $("observer-name").textContent = state.observer || "–";
  if (storageStatus() === "unavailable") showStorageNotice("unavailable");
  render();
  if (!state.observer) askObserver(true);
  if (given) {
    exercise.showExerciseVideo(given);
  } else if (settings.lastUrl && safeVideoPath(settings.lastUrl)) {
    videoBox.openUrl(settings.lastUrl); // a reload carries on where it was
  } else if (settings.lastLink) {
    // A YouTube or Vimeo video: offered again, streamed only after a new yes.
    let link = null;
    try {
      link = state.core.videoLink(settings.lastLink);
    } catch {
      link = null;
    }
    if (link) videoBox.offerProvider(link, { resume: true });
  } else if (settings.lastFile) {
    status(t("annotate.status.reopen", { name: settings.lastFile }));
  }
  document.body.dataset.ready = "1";
}

// Another exercise link opened in this tab (only the # part changed): load it.
window.addEventListener("hashchange", () => {
  if (new URLSearchParams(location.hash.slice(1)).has("exercise")) location.reload();
});

start();
