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
// (docs/video.md).
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
import { exerciseFromHash, providerName, videoLinkLabel as linkLabel } from "./exercise-link.js";
import { LocalPlayer } from "./annotate/player/local.js";
import { checkSection } from "./annotate/check.js";
import { listenForKeys, renderShortcuts } from "./annotate/keys.js";
import { renderLiveCounts } from "./annotate/live-counts.js";
import { marksFiles } from "./annotate/marks-files.js";
import { nearestRate, providerPlayer } from "./annotate/player/player.js";

TpChart.define();
TpPalette.define();
TpMarkList.define();
TpTimelineStrip.define();
TpKeyCheck.define();
translatePage();

const DEMO = "samples/demo-journey.webm";
const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3];
/** Suggested names per preset (their classes come from the preset's rules). */
const DEFAULT_NAMES = {
  retail: ["Instagram ad", "Store window", "Fitting room", "Checkout", "Order confirmation email", "Loyalty app", "Product review", "Friend recommendation", { name: "Website visit", state: true }],
  hotel: ["Online ad", "Booking website", "Confirmation email", "Check-in", "Hotel room", "Restaurant", "Check-out", "Review site", "Friend recommendation"],
};

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
  return ms(player.currentTime || 0);
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

// ---------- selection, editing, deleting

function select(id, seek) {
  state.selected = id;
  list.selected = strip.selected = id;
  const m = state.marks.find((x) => x.id === id);
  if (m && seek && mediaReady()) player.seek(m.start);
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
  if (mediaReady()) player.seek(m.start);
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
  if (mediaReady()) player.seek(e.detail.time);
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

// ---------- player: one interface (annotate/player/player.js) for the page's
// <video> and a YouTube or Vimeo player

const local = new LocalPlayer(video);
/** The player in use: `local`, or the provider's player of a YouTube or Vimeo link. */
let player = local;

/** The header's privacy badge: true as it stands, and naming the provider while its video is chosen. */
function setBadge(providerKey) {
  const header = document.querySelector("tp-header");
  if (!header) return;
  if (providerKey) header.setAttribute("privacy-provider", providerName(providerKey));
  else header.removeAttribute("privacy-provider");
}

/** The speeds the player allows in the speed menu, and what the provider allows beside it. */
function setSpeedOptions() {
  const rates = player.rates ?? SPEEDS;
  const select = $("speed");
  select.replaceChildren(...rates.map((r) => new Option(`${r}×`, String(r))));
  select.value = String(nearestRate(rates, player.playbackRate || state.speed));
  const note = $("speed-note");
  note.hidden = player === local;
  if (player === local) return;
  const range = rates.length > 1 ? `${rates[0]}×–${rates[rates.length - 1]}×` : `${rates[0]}×`;
  const provider = providerName(player.kind);
  note.textContent = rates.length < 2 ? t("annotate.speed.limited", { provider, rate: rates[0] }) : player.kind === "vimeo" ? t("annotate.speed.vimeo", { rates: range }) : t("annotate.speed.rates", { provider, rates: range });
}

/** Sets the speed (a provider's player takes the nearest it allows); resolves to the speed in use. */
function setSpeed(rate) {
  state.speed = rate;
  const p = player;
  return p.setPlaybackRate(rate).then((actual) => {
    if (p === player) $("speed").value = String(actual);
    return actual;
  });
}

function togglePlay() {
  if (!mediaReady()) return;
  if (player.paused) player.play();
  else player.pause();
}

function seekBy(seconds) {
  if (!mediaReady()) return;
  const end = Number.isFinite(player.duration) ? player.duration : Infinity;
  player.seek(Math.max(0, Math.min(end, player.currentTime + seconds)));
}

$("play").addEventListener("click", togglePlay);
$("back").addEventListener("click", () => seekBy(-5));
$("fwd").addEventListener("click", () => seekBy(5));
$("speed").addEventListener("change", () => setSpeed(Number($("speed").value)));
$("mark-free").addEventListener("click", askName);
video.addEventListener("click", togglePlay);
$("provider-shield").addEventListener("click", togglePlay);

function tick() {
  const time = player.currentTime || 0;
  $("clock").textContent = formatTime(time);
  strip.time = time;
  if (state.marks.some((m) => m.open)) strip.marks = state.view; // running bars grow
}
(function frame() {
  if (!player.paused) {
    $("clock").textContent = formatTime(player.currentTime);
    strip.time = player.currentTime;
  }
  requestAnimationFrame(frame);
})();

function setDuration(duration) {
  if (!state.media) return;
  state.media.duration = duration;
  $("length").textContent = formatTime(Number.isFinite(duration) ? duration : 0);
  strip.duration = duration;
  if (mediaReady()) renderAfterEnd();
}

/** The player can play: the marks of this video and observer come back. */
function playerReady(p, title) {
  if (!state.media) return;
  if (title && state.media.provider) {
    state.media.label = title;
    $("video-name").textContent = `${title} · ${providerName(state.media.provider)}`;
  }
  state.media.ready = true;
  setDuration(p.duration);
  tick();
  setSpeedOptions();
  if (p !== local && state.speed !== 1) setSpeed(state.speed);
  restore();
}

function playerError(p, code) {
  if (!state.media) return;
  if (p === local) showError(t("annotate.videoError", { name: state.media.label }));
  else {
    showError(t(`annotate.provider.error.${code}`, { provider: providerName(p.kind) }));
    status("");
  }
}

/** Listens to `p` (its events count only while it is the player in use). */
function wirePlayer(p) {
  const mine = (fn) => (detail) => p === player && fn(detail);
  p.on("play", mine(() => ($("play").textContent = "❚❚")));
  p.on("pause", mine(() => ($("play").textContent = "▶")));
  p.on("timeupdate", mine(tick));
  p.on("seeked", mine(tick));
  p.on("durationchange", mine((d) => setDuration(d.duration)));
  p.on("ratechange", mine((d) => ($("speed").value = String(nearestRate(p.rates ?? SPEEDS, d.rate)))));
  p.on("ratelimited", mine(() => {
    setSpeedOptions();
    status(t("annotate.speed.limited", { provider: providerName(p.kind), rate: p.playbackRate }));
  }));
  p.on("ready", mine((d) => playerReady(p, d.title)));
  p.on("error", mine((d) => playerError(p, d.code)));
}
wirePlayer(local);

/** Shows what the video box holds: the privacy note, the page's video, a provider's player or the hint. */
function showSurface() {
  const noting = !!state.pendingLink;
  const provider = !!state.media?.provider;
  $("provider-note").hidden = !noting;
  document.querySelector(".video-box").classList.toggle("noting", noting);
  video.hidden = noting || !state.media || provider;
  $("provider-frame").hidden = noting || !provider;
  $("provider-shield").hidden = noting || !provider || state.controlsOpen;
  $("video-empty").hidden = noting || !!state.media;
  const controls = $("provider-controls");
  controls.hidden = !provider || noting;
  if (provider) {
    const name = providerName(state.media.provider);
    controls.textContent = t("annotate.provider.controls", { provider: name });
    controls.title = t("annotate.provider.controlsTitle", { provider: name });
    controls.setAttribute("aria-pressed", String(state.controlsOpen));
  }
}

/**
 * Before another video opens: the marks of the video in use are saved under
 * it, so the next one starts from its own saved marks. (Marks opened from a
 * file before any video was ready stay, and are merged as restore() says.)
 */
function leaveVideo() {
  if (!mediaReady()) return;
  save();
  state.marks = [];
  state.selected = null;
  history.clear();
}

/** Stops and removes a provider's player: the page's <video> plays again. */
function closeProvider() {
  if (player !== local) player.destroy();
  player = local;
  state.controlsOpen = false;
  $("provider-frame").replaceChildren();
  setBadge(null);
}

function openMedia(src, info) {
  showError("");
  leaveVideo();
  closeProvider();
  state.pendingLink = null;
  state.media = { ...info, duration: NaN, ready: false };
  local.load(src);
  showSurface();
  $("video-name").textContent = info.label;
  $("play").textContent = "▶";
  setSpeedOptions();
  setSpeed(state.speed);
  status(t("annotate.status.loading", { name: info.label }));
}

/**
 * The privacy note for a YouTube or Vimeo link: nothing is loaded from the
 * provider until the student presses "Stream from …" (`resume`: the video
 * of the last visit).
 */
function offerProvider(link, { resume = false } = {}) {
  player.pause();
  const name = providerName(link.provider);
  state.pendingLink = link;
  $("provider-note-h").textContent = t(resume ? "annotate.provider.resume" : "annotate.provider.title", { provider: name });
  $("provider-note-video").textContent = linkLabel(link);
  $("provider-note-text").textContent = t(`annotate.provider.text.${link.provider}`);
  $("provider-note-marks").textContent = t("annotate.provider.marks", { provider: name });
  $("provider-ok").textContent = t("annotate.provider.ok", { provider: name });
  showSurface();
  setBadge(link.provider);
  if (!document.querySelector("dialog[open]")) $("provider-ok").focus();
}

/** Streams `link` in its provider's player (after the student's yes). */
async function openProvider(link) {
  showError("");
  leaveVideo();
  closeProvider();
  local.pause();
  const name = providerName(link.provider);
  const label = linkLabel(link);
  state.pendingLink = null;
  state.media = { name: link.key, size: 0, duration: NaN, label, media: link.url, provider: link.provider, ready: false };
  setBadge(link.provider);
  showSurface();
  $("video-name").textContent = label;
  $("play").textContent = "▶";
  $("length").textContent = formatTime(0);
  strip.duration = 0;
  status(t("annotate.provider.loading", { provider: name, video: label }));
  store.saveSettings({ ...store.loadSettings(), lastUrl: null, lastFile: null, lastLink: link.url });
  let p;
  try {
    p = await providerPlayer(link, $("provider-frame"), { frameTitle: t("annotate.provider.frame", { provider: name, video: label }) });
  } catch {
    showError(t("annotate.provider.error.api", { provider: name }));
    return;
  }
  if (state.media?.name !== link.key || state.media.provider !== link.provider) {
    p.destroy(); // another video was chosen meanwhile
    return;
  }
  player = p;
  wirePlayer(p);
  setSpeedOptions();
}

$("provider-ok").addEventListener("click", () => {
  const link = state.pendingLink;
  if (!link) return;
  openProvider(link);
  $("play").focus();
});
$("provider-cancel").addEventListener("click", () => {
  const link = state.pendingLink;
  state.pendingLink = null;
  if (!state.media?.provider) setBadge(null);
  showSurface();
  if (link) status(t("annotate.provider.cancelled", { provider: providerName(link.provider) }));
  $("video-url").focus();
});
$("provider-controls").addEventListener("click", () => {
  state.controlsOpen = !state.controlsOpen;
  showSurface();
  status(state.controlsOpen ? t("annotate.provider.controlsOn", { provider: providerName(state.media.provider) }) : "");
});
// A click into a provider's player gives it the keyboard: say how to get the keys back.
window.addEventListener("blur", () => {
  setTimeout(() => {
    if (player !== local && document.activeElement?.tagName === "IFRAME" && $("provider-frame").contains(document.activeElement)) {
      status(t("annotate.provider.focus", { provider: providerName(player.kind) }));
    }
  });
});

/** The same marks (times, names, ends, classes), whatever their ids. */
function sameMarks(a, b) {
  const key = (m) => JSON.stringify([m.start, m.end ?? null, m.touchpoint, m.classes ?? {}, m.note ?? ""]);
  const x = a.map(key).sort();
  const y = b.map(key).sort();
  return x.length === y.length && x.every((k, i) => k === y[i]);
}

/** One mark twice (when merging): same time, end, name and note, and the opened one adds no other class. */
function sameMark(saved, opened) {
  const classes = opened.classes ?? {};
  return (
    saved.start === opened.start &&
    (saved.end ?? null) === (opened.end ?? null) &&
    saved.touchpoint === opened.touchpoint &&
    (saved.note ?? "") === (opened.note ?? "") &&
    Object.entries(classes).every(([k, v]) => saved.classes?.[k] === v)
  );
}

/** `marks` with fresh ids from `state.nextId` on. */
function renumber(marks) {
  return marks.map((m) => ({ ...m, id: state.nextId++ }));
}

/**
 * Restores the saved marks of this observer on this video. Marks opened
 * before the video (an imported file) are never dropped: when the video has
 * saved marks too, the student chooses to merge, keep the opened marks or use
 * the saved ones, and Undo brings back the others.
 */
function restore() {
  const saved = store.loadMarks(state.observer, state.media) ?? [];
  const opened = state.marks;
  if (!saved.length) {
    status(t(opened.length ? "annotate.status.readyKept" : "annotate.status.ready", { name: state.media.label, n: opened.length }));
    afterChange();
    return;
  }
  state.nextId = Math.max(state.nextId, ...saved.map((m) => m.id + 1));
  if (!opened.length || sameMarks(saved, opened)) {
    state.marks = opened.length ? opened : saved;
    if (!opened.length) history.clear();
    status(t("annotate.status.restored", { n: saved.length, name: state.media.label, observer: state.observer }));
    afterChange();
    return;
  }
  const dialog = $("restore-dialog");
  $("restore-text").textContent = t("annotate.restore.text", { saved: saved.length, opened: opened.length, observer: state.observer, name: state.media.label });
  dialog.returnValue = "";
  dialog.addEventListener(
    "close",
    () => {
      const choice = dialog.returnValue || "merge"; // Esc merges: nothing is dropped
      if (choice === "saved") {
        history.record(opened, t("annotate.history.useSaved"));
        state.marks = saved;
      } else {
        history.record(saved, t(choice === "opened" ? "annotate.history.keepOpened" : "annotate.history.merge"));
        const fresh = renumber(opened);
        state.marks = choice === "opened" ? fresh : [...saved, ...fresh.filter((m) => !saved.some((x) => sameMark(x, m)))];
      }
      state.selected = null;
      status(t(`annotate.status.restore.${choice}`, { saved: saved.length, opened: opened.length, n: state.marks.length }));
      afterChange();
      $("play").focus();
    },
    { once: true },
  );
  dialog.showModal();
  $("restore-merge").focus();
}

function openUrl(url) {
  const label = decodeURIComponent(url.split(/[?#]/)[0].split("/").pop() || url);
  openMedia(url, { name: url, size: 0, label });
  store.saveSettings({ ...store.loadSettings(), lastUrl: url, lastFile: null, lastLink: null });
}

// After opening a video the focus goes to Play, so Space plays (it would
// otherwise press the button or open the file picker again).
$("use-demo").addEventListener("click", () => {
  openUrl(DEMO);
  $("play").focus();
});
$("video-file").addEventListener("change", (e) => {
  const file = e.target.files[0];
  if (!file) return;
  openMedia(URL.createObjectURL(file), { name: file.name, size: file.size, label: file.name });
  store.saveSettings({ ...store.loadSettings(), lastUrl: null, lastFile: file.name, lastLink: null });
  checkExerciseVideo(file.name);
  $("play").focus();
});
$("url-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const url = $("video-url").value.trim();
  if (!url || !state.core) return;
  showError("");
  let link;
  try {
    link = state.core.videoLink(url);
  } catch (err) {
    showError(t("annotate.link.error", { message: err.message }));
    $("video-url").focus();
    return;
  }
  if (link) {
    offerProvider(link);
    checkExerciseVideo(url, link);
    return;
  }
  openUrl(url);
  checkExerciseVideo(url);
  $("play").focus();
});

// ---------- import and export (annotate/marks-files.js)

/** The core, waiting for it when a file is chosen while it still loads (never ignored). */
async function readyCore() {
  return state.core ?? (await loadCore());
}

const { exportAs } = marksFiles({ state, readyCore, change, observations: annotations, status, showError });

// ---------- palette

function setPalette(entries, persist) {
  const names = entries.map((e) => (typeof e === "string" ? { name: e, state: false } : { name: String(e.name ?? ""), state: !!e.state })).filter((e) => e.name).slice(0, 9);
  const classes = classify(names.map((e) => e.name));
  state.palette = names.map((e) => ({ ...e, classes: classes.get(e.name) ?? {} }));
  palette.entries = state.palette.map((e) => ({ ...e, kind: e.classes.kind ?? "", kindLabel: state.kindLabel.get(e.classes.kind) ?? "" }));
  if (persist) store.savePalette(state.preset, names);
}

function defaultPalette() {
  return store.loadPalette(state.preset) ?? DEFAULT_NAMES[state.preset] ?? DEFAULT_NAMES.retail;
}

$("palette-edit").addEventListener("click", () => {
  palette.toggleAttribute("editing");
  $("palette-edit").textContent = t(palette.hasAttribute("editing") ? "annotate.palette.editing" : "annotate.palette.edit");
});
palette.addEventListener("palette-press", (e) => markFromPalette(e.detail.index, false));
palette.addEventListener("palette-change", (e) => {
  palette.removeAttribute("editing");
  $("palette-edit").textContent = t("annotate.palette.edit");
  setPalette(e.detail.entries, !state.paletteFromExercise);
  render();
});
palette.addEventListener("palette-cancel", () => {
  palette.removeAttribute("editing");
  $("palette-edit").textContent = t("annotate.palette.edit");
});
palette.addEventListener("palette-reset", () => {
  palette.removeAttribute("editing");
  $("palette-edit").textContent = t("annotate.palette.edit");
  setPalette(DEFAULT_NAMES[state.preset] ?? DEFAULT_NAMES.retail, true);
});

$("preset").addEventListener("change", () => {
  state.preset = $("preset").value;
  store.saveSettings({ ...store.loadSettings(), preset: state.preset });
  if (!state.paletteFromExercise) setPalette(defaultPalette(), false);
  else setPalette(state.palette, false);
  render();
});

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
  togglePlay,
  toggleCheck: () => toggleCheck(),
  toggleKeyOnStrip: () => toggleKeyOnStrip(),
  seekBy,
  speed(direction) {
    const rates = player.rates ?? SPEEDS;
    const i = rates.indexOf(nearestRate(rates, player.playbackRate));
    const next = rates[Math.max(0, Math.min(rates.length - 1, i + direction))];
    setSpeed(next).then((rate) => status(t("annotate.status.speed", { rate })));
  },
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
    player.pause();
    player.seek(time);
  },
  status,
  showError,
});

// ---------- classroom link: #exercise=<base64url JSON>

function readExercise() {
  try {
    return exerciseFromHash(location.hash.replace(/=+(?=&|$)/, ""));
  } catch (e) {
    showError(t("annotate.exerciseError", { message: e.message }));
    return null;
  }
}

function safeVideoPath(path) {
  if (typeof path !== "string" || !path) return null;
  try {
    const url = new URL(path, location.href);
    return url.origin === location.origin ? path : null;
  } catch {
    return null;
  }
}

/**
 * The exercise's video: a path of this site opens by itself; a file name or
 * a link to another site is named to the student, who opens it; an exercise
 * naming no video says so. The demo video is not offered (it is not this
 * exercise's video).
 */
function showExerciseVideo(exercise) {
  $("use-demo").hidden = true;
  const box = $("exercise-video");
  box.hidden = false;
  box.replaceChildren();
  const path = safeVideoPath(exercise.video);
  if (path) {
    box.textContent = t("annotate.exercise.videoOpens", { video: exercise.video });
    openUrl(path);
    return;
  }
  const named = exercise.video_name || exercise.video || "";
  if (!named) {
    box.textContent = t("annotate.exercise.noVideo");
    return;
  }
  let provider = null;
  try {
    provider = state.core.videoLink(named);
  } catch (e) {
    box.textContent = t("annotate.exercise.badLink", { video: named, message: e.message });
    return;
  }
  if (provider) {
    state.exerciseLink = provider;
    box.textContent = t("annotate.exercise.videoProvider", { video: linkLabel(provider), provider: providerName(provider.provider) });
    offerProvider(provider);
    return;
  }
  const link = /^[a-z][a-z0-9+.-]*:\/\//i.test(named);
  box.append(t(link ? "annotate.exercise.videoLink" : "annotate.exercise.videoFile", { video: named }));
  if (link) {
    const use = document.createElement("button");
    use.type = "button";
    use.textContent = t("annotate.exercise.useLink");
    use.addEventListener("click", () => {
      $("video-url").value = named;
      $("video-url").focus();
    });
    box.append(" ", use);
  }
}

/**
 * Says so when the student opens another video than the exercise names
 * (`link`: the opened YouTube or Vimeo video; such videos compare by id).
 */
function checkExerciseVideo(opened, link = null) {
  const named = state.exercise?.video_name;
  if (!named) return;
  const base = (x) => decodeURIComponent(String(x).split(/[?#]/)[0].split(/[\\/]/).pop() || "").toLowerCase();
  const box = $("exercise-video");
  box.querySelector(".exercise-other")?.remove();
  const wanted = state.exerciseLink;
  if (wanted || link ? wanted?.key === link?.key : base(named) === base(opened)) return;
  const warn = document.createElement("strong");
  warn.className = "exercise-other";
  warn.textContent = wanted || link ? t("annotate.exercise.otherProvider", { video: wanted ? linkLabel(wanted) : named }) : t("annotate.exercise.otherVideo", { opened: base(opened), video: named });
  box.append(" ", warn);
}

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

  const exercise = readExercise();
  if (exercise) {
    state.exercise = exercise;
    if (typeof exercise.title === "string" && exercise.title) {
      $("title").textContent = exercise.title;
      document.title = `${exercise.title} · Touchpoints`;
    }
    if (Array.isArray(exercise.palette) && exercise.palette.length) {
      state.paletteFromExercise = true;
      setPalette(exercise.palette, false);
    }
    if (Array.isArray(exercise.key) && exercise.key.length) {
      setKey({ observer: t("annotate.check.keyObserver"), marks: exercise.key }, t("annotate.check.fromExercise", { n: exercise.key.length }));
    }
  }
  if (!state.paletteFromExercise) setPalette(defaultPalette(), false);
  $("observer-name").textContent = state.observer || "–";
  if (storageStatus() === "unavailable") showStorageNotice("unavailable");
  render();
  if (!state.observer) askObserver(true);
  if (exercise) {
    showExerciseVideo(exercise);
  } else if (settings.lastUrl && safeVideoPath(settings.lastUrl)) {
    openUrl(settings.lastUrl); // a reload carries on where it was
  } else if (settings.lastLink) {
    // A YouTube or Vimeo video: offered again, streamed only after a new yes.
    let link = null;
    try {
      link = state.core.videoLink(settings.lastLink);
    } catch {
      link = null;
    }
    if (link) offerProvider(link, { resume: true });
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
