// The classroom page: a key and many student files in, grades, feedback,
// what the class missed, agreement and charts out. Rust computes (gradeClass
// in src/wasm/classroom.rs); this file reads files, keeps the settings and
// renders. Every label from a file is set with textContent.
import { loadCore } from "./core.js";
import { card, el } from "./dom.js";
import { downloadText } from "./download.js";
import { t, translatePage } from "./i18n.js";
import { TpChart } from "./elements/tp-chart.js";
import { DEMO_VIDEO, describeVideo, exercisePayload, shareLink } from "./classroom/share.js";
import { ruleText, shapesText } from "./classroom/moments.js";
import { fixed, formatTime, percent, signedSeconds } from "./format.js";
import { providerName, videoLinkLabel } from "./exercise-link.js";

TpChart.define();
translatePage();

const $ = (id) => document.getElementById(id);
const DEMO_KEY = "samples/demo-journey.key.vtt";
const DEMO_STUDENTS = ["anna", "bram", "chloe", "daan", "eva"].map((n) => `samples/students/${n}.vtt`);

const state = {
  key: null, // {name, bytes, demo}
  keyMarks: [], // the key's marks, for the share link
  keyObservation: null, // the key as the core reads it (marks, media, point_event_seconds)
  names: [], // the students' names as shown (the file name beside a name two files share)
  students: [], // [{name, bytes}]
  graded: null, // {report, files, charts, csv, feedback}
  sort: { col: "grade", dir: -1 },
  selected: null, // student index
  video: null, // the Video field as the annotator reads it (describeVideo)
};


// ---------- formatting ----------
const pct = (x) => percent(x, 0);
// mm:ss (h:mm:ss from one hour), as the core's feedback and charts write times.
const clock = (s) => formatTime(s, false, true);
const signed = (x) => signedSeconds(x, 1);
const nameOf = (s) => (s.observer.trim() ? s.observer : t("classroom.unnamed"));
/** The name shown for student `i`: with the file name when another file gives the same name (the core's `same_name`). */
const studentName = (i) => state.names[i] ?? nameOf(state.graded.report.students[i]);
const safeFile = (name) => name.replace(/[^\p{L}\p{N}._-]+/gu, "_").slice(0, 60) || "student";

// ---------- loading ----------
async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function readFile(file) {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

function showError(message) {
  $("load-error").textContent = message;
  $("load-error").hidden = !message;
}

async function setKey(key) {
  const core = await loadCore();
  try {
    const read = core.readObservation(key.name, key.bytes);
    state.key = key;
    state.keyMarks = read.observation.marks;
    state.keyObservation = read.observation;
    $("share-video").value = key.demo ? DEMO_VIDEO : read.observation.media || "";
    $("share-video-error").hidden = true;
    showVideo(core);
    showError("");
  } catch (e) {
    showError(t("classroom.error.key", { message: e.message }));
    return;
  }
  regrade();
}

async function addStudents(files) {
  for (const f of files) {
    const i = state.students.findIndex((s) => s.name === f.name);
    if (i >= 0) state.students[i] = f;
    else state.students.push(f);
  }
  regrade();
}

function wireDrop(zone, input, onFiles) {
  zone.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      input.click();
    }
  });
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    onFiles(await Promise.all([...e.dataTransfer.files].map(readFile)));
  });
  input.addEventListener("change", async () => {
    onFiles(await Promise.all([...input.files].map(readFile)));
    input.value = "";
  });
}

// ---------- settings ----------
function readSettings() {
  const form = $("settings");
  const num = (name, fallback) => {
    const v = parseFloat(form.elements[name].value);
    return Number.isFinite(v) ? v : fallback;
  };
  const mode = form.elements.names.value;
  let names = "exact";
  if (mode === "class-only") names = "class-only";
  if (mode === "aliases") {
    const groups = $("aliases")
      .value.split(/\r?\n/)
      .map((line) => line.split(",").map((n) => n.trim()).filter(Boolean))
      .filter((g) => g.length > 0);
    names = { aliases: groups };
  }
  return {
    tolerance: num("tolerance", 3),
    moment_seconds: num("moment-seconds", 1),
    all_moments: form.elements["all-moments"].checked,
    names,
    weights: { f1: num("w-f1", 0.6), count: num("w-count", 0.2), class: num("w-class", 0.2) },
  };
}

// ---------- grading ----------
let pending = 0;
async function regrade() {
  const ticket = ++pending;
  renderStatus();
  if (!state.key) return;
  const core = await loadCore();
  if (ticket !== pending) return;
  const started = performance.now();
  try {
    state.graded = core.gradeClass(state.key.name, state.key.bytes, state.students, readSettings());
  } catch (e) {
    showError(t("classroom.error.key", { message: e.message }));
    return;
  }
  const ms = Math.round(performance.now() - started);
  document.body.dataset.gradedMs = String(ms);
  if (state.selected !== null && state.selected >= state.graded.report.students.length) state.selected = null;
  render();
}

// ---------- rendering ----------
function renderStatus() {
  const video = state.video?.link ? state.video.link : null;
  $("key-status").textContent = state.key
    ? t("classroom.key.loaded", { name: state.key.name, count: state.keyMarks.length }) +
      (state.video && state.video.kind !== "none" && state.video.kind !== "bad" ? ` · ${t("classroom.key.video", { video: video ? videoLinkLabel(video) : state.video.video })}` : "")
    : t("classroom.key.none");
  $("students-status").textContent = state.students.length
    ? state.key
      ? t("classroom.students.count", { count: state.students.length })
      : t("classroom.students.waiting", { count: state.students.length })
    : t("classroom.students.none");
}

function render() {
  const g = state.graded;
  const r = g.report;
  $("results").hidden = false;
  state.names = r.students.map(nameOf);
  for (const f of g.files) {
    if (f.same_name && f.student != null) state.names[f.student] = t("classroom.sameName", { name: nameOf(r.students[f.student]), file: f.file.split(/[\\/]/).pop() });
  }
  renderProblems(g.files, r);
  renderMomentRule(r);
  renderCards(r);
  renderGrades(r);
  renderTouchpoints(r);
  renderAgreement(r);
  $("formula").textContent = t("classroom.settings.formula", { formula: r.grade_formula });
  $("how").textContent = t("classroom.how.body", { formula: r.grade_formula, method: r.agreement.method });
  $("chart-consensus").svg = g.charts.consensus;
  $("chart-found").svg = g.charts.found;
  $("chart-totals").svg = g.charts.totals;
  $("chart-grades").svg = g.charts.grades;
  if (g.charts.journey_map) $("chart-journey-map").svg = g.charts.journey_map;
  if (!$("share-title-input").value) $("share-title-input").value = t("classroom.share.defaultTitle");
  renderDetail();
}

function renderProblems(files, report) {
  const list = $("problem-list");
  list.replaceChildren();
  for (const f of files) {
    for (const p of f.problems) {
      const li = el("li", {}, el("strong", { text: f.file }), `: ${p}`);
      if (!f.used) li.classList.add("left-out");
      list.append(li);
    }
  }
  for (const n of report.notes) list.append(el("li", { text: n }));
  $("file-problems").hidden = list.children.length === 0;
}

/** Which rule made the marks moments, with the core's counts. */
function renderMomentRule(r) {
  const box = $("moment-rule");
  box.replaceChildren(
    el("strong", { text: t("classroom.moments.title") }),
    " ",
    t("classroom.moments.body", {
      key: shapesText(r.key.shapes, r.settings, r.key.point_event_seconds),
      students: shapesText(r.student_shapes, r.settings),
    }),
    " ",
    ruleText(r.settings),
  );
}

function renderCards(r) {
  const n = r.students.length;
  const { mean, median, mean_f1: meanF1 } = r.grades;
  const d = r.settings.scale.decimals;
  const worst = r.touchpoints[0];
  $("cards").replaceChildren(
    ...[
    card(t("classroom.card.students"), String(n), t("classroom.card.students.hint")),
    card(t("classroom.card.mean"), fixed(mean, d), t("classroom.card.mean.hint", { median: fixed(median, d), min: r.settings.scale.min, max: r.settings.scale.max })),
    card(t("classroom.card.key"), String(r.key.marks), t("classroom.card.key.hint", { median: fixed(r.totals.median, 1), lo: r.totals.min ?? "–", hi: r.totals.max ?? "–" })),
    card(t("classroom.card.f1"), fixed(meanF1, 2), t("classroom.card.f1.hint")),
    worst && n
      ? card(t("classroom.card.missed"), worst.key.touchpoint, t("classroom.card.missed.hint", { found: worst.found_by, n }), { class: "text-value" })
      : null,
    ].filter(Boolean),
  );
}

const COLUMNS = [
  { id: "rank", num: true },
  { id: "student", get: (s, i) => studentName(i).toLowerCase() },
  { id: "grade", num: true, get: (s) => s.grade, tip: "grade" },
  { id: "marks", num: true, get: (s) => s.marks, tip: "marks" },
  { id: "hits", num: true, get: (s) => s.hits, tip: "hits" },
  { id: "misses", num: true, get: (s) => s.misses, tip: "misses" },
  { id: "extras", num: true, get: (s) => s.extras, tip: "extras" },
  { id: "precision", num: true, get: (s) => s.precision ?? -1, tip: "precision" },
  { id: "recall", num: true, get: (s) => s.recall ?? -1, tip: "recall" },
  { id: "f1", num: true, get: (s) => s.f1, tip: "f1" },
  { id: "offset", num: true, get: (s) => s.mean_abs_offset ?? Infinity, tip: "offset" },
  { id: "class", num: true, get: (s) => s.class_agreement ?? -1, tip: "class" },
];

function renderGrades(r) {
  const table = $("grades");
  const head = el("tr");
  for (const c of COLUMNS) {
    const th = el("th", { scope: "col", class: c.num ? "num" : "" });
    if (c.tip) th.title = t(`classroom.tip.${c.tip}`);
    if (c.get) {
      const active = state.sort.col === c.id;
      th.setAttribute("aria-sort", active ? (state.sort.dir > 0 ? "ascending" : "descending") : "none");
      const b = el("button", { type: "button", text: t(`classroom.col.${c.id}`) + (active ? (state.sort.dir > 0 ? " ▲" : " ▼") : "") });
      b.setAttribute("aria-label", t("classroom.sort", { col: t(`classroom.col.${c.id}`) }));
      b.dataset.sort = c.id;
      b.addEventListener("click", () => {
        state.sort = state.sort.col === c.id ? { col: c.id, dir: -state.sort.dir } : { col: c.id, dir: c.id === "student" || c.id === "offset" ? 1 : -1 };
        renderGrades(state.graded.report);
        table.querySelector(`th button[data-sort="${c.id}"]`)?.focus();
      });
      th.append(b);
    } else th.textContent = t(`classroom.col.${c.id}`);
    head.append(th);
  }
  const col = COLUMNS.find((c) => c.id === state.sort.col) ?? COLUMNS[2];
  const order = r.students
    .map((s, i) => i)
    .sort((a, b) => {
      const x = col.get(r.students[a], a);
      const y = col.get(r.students[b], b);
      return (x < y ? -1 : x > y ? 1 : 0) * state.sort.dir || r.students[a].rank - r.students[b].rank || a - b;
    });
  const scale = r.settings.scale;
  const d = scale.decimals;
  const body = el("tbody");
  for (const i of order) {
    const s = r.students[i];
    const q = s.quality;
    const name = el("button", { type: "button", class: "link", text: studentName(i) });
    name.addEventListener("click", () => select(i));
    const bar = el("span", { class: `grade-bar ${q}`, "aria-hidden": "true" }, el("span", { class: "fill" }));
    bar.firstChild.style.width = `${Math.round(s.score * 100)}%`;
    const tr = el(
      "tr",
      { class: `${q}${state.selected === i ? " selected" : ""}`, "data-student": String(i) },
      el("td", { class: "num rank", text: String(s.rank) }),
      el("td", { class: "student" }, name),
      el("td", { class: "num grade" }, el("span", { class: "grade-cell" }, el("span", { class: "grade-value", text: fixed(s.grade, d) }), bar)),
      el("td", { class: "num", text: `${s.marks} / ${s.key_total}` }),
      el("td", { class: "num", text: String(s.hits) }),
      el("td", { class: `num${s.misses ? " warn" : ""}`, text: String(s.misses) }),
      el("td", { class: `num${s.extras ? " warn" : ""}`, text: String(s.extras) }),
      el("td", { class: "num", text: fixed(s.precision, 2) }),
      el("td", { class: "num", text: fixed(s.recall, 2) }),
      el("td", { class: "num f1", text: fixed(s.f1, 2) }),
      el("td", { class: "num", text: s.mean_abs_offset === null ? "–" : `${fixed(s.mean_abs_offset, 2)} s` }),
      el("td", { class: "num", text: fixed(s.class_agreement, 2) }),
    );
    body.append(tr);
  }
  table.replaceChildren(el("thead", {}, head), body);
}

function markList(title, items, render) {
  const box = el("div", { class: "mark-list" }, el("h3", { text: title }));
  const ul = el("ul");
  if (!items.length) ul.append(el("li", { class: "muted", text: t("classroom.detail.none") }));
  for (const item of items) ul.append(render(item));
  box.append(ul);
  return box;
}

function select(i) {
  state.selected = i;
  renderGrades(state.graded.report);
  renderDetail();
  $("detail").focus();
}

function renderDetail() {
  const r = state.graded.report;
  const i = state.selected;
  $("detail").hidden = i === null;
  if (i === null) return;
  const s = r.students[i];
  $("detail-title").textContent = t("classroom.detail.title", { name: studentName(i), grade: fixed(s.grade, r.settings.scale.decimals) });
  const time = (m) => (m.end !== undefined && m.end !== null ? `${clock(m.time)}–${clock(m.end)}` : clock(m.time));
  const row = (m, extra) => el("li", {}, el("span", { class: "time", text: time(m) }), " ", el("span", { class: "tp", text: m.touchpoint }), extra ? el("span", { class: "muted small", text: ` ${extra}` }) : null);
  const hits = [...s.hit_list].sort((a, b) => a.key.time - b.key.time);
  $("detail-body").replaceChildren(
    ...[
    markList(t("classroom.detail.hits", { count: s.hits }), hits, (h) => row(h.key, `(${signed(h.offset)})`)),
    markList(t("classroom.detail.missed", { count: s.misses }), s.missed, (m) => row(m)),
    markList(t("classroom.detail.extra", { count: s.extras }), s.extra, (m) => row(m)),
    s.problems.length ? markList(t("classroom.detail.problems"), s.problems, (p) => el("li", { text: p })) : null,
    ].filter(Boolean),
  );
  $("detail-body").querySelectorAll(".mark-list")[1]?.classList.add("missed");
  $("detail-body").querySelectorAll(".mark-list")[2]?.classList.add("extra");
  $("feedback-preview").textContent = state.graded.feedback[i];
}

function renderTouchpoints(r) {
  const n = r.students.length;
  const head = el(
    "tr",
    {},
    el("th", { scope: "col", text: t("classroom.tp.time") }),
    el("th", { scope: "col", text: t("classroom.tp.name") }),
    el("th", { scope: "col", class: "num", text: t("classroom.tp.found") }),
    el("th", { scope: "col", class: "num", text: t("classroom.tp.offset") }),
    el("th", { scope: "col", text: t("classroom.tp.missedBy") }),
  );
  const body = el("tbody");
  for (const tp of r.touchpoints) {
    const share = tp.share ?? 0;
    const bar = el("span", { class: `grade-bar ${tp.quality}`, "aria-hidden": "true" }, el("span", { class: "fill" }));
    bar.firstChild.style.width = `${Math.round(share * 100)}%`;
    body.append(
      el(
        "tr",
        {},
        el("td", { class: "time", text: clock(tp.key.time) }),
        el("td", { text: tp.key.touchpoint }),
        el("td", { class: "num found" }, el("span", { class: "found-cell" }, el("span", { text: `${tp.found_by} / ${n} (${pct(tp.share)})` }), bar)),
        el("td", { class: "num", text: signed(tp.mean_offset) }),
        el("td", { class: "small missed-by" }, missedBy(tp.missed_by)),
      ),
    );
  }
  $("touchpoints").replaceChildren(el("thead", {}, head), body);
}

/** The students who missed a touch point: their names, folded behind a count when there are many. */
function missedBy(indices) {
  if (!indices.length) return el("span", { class: "muted", text: t("classroom.tp.nobody") });
  const names = el("span", { class: "names", text: indices.map(studentName).join(", ") });
  if (indices.length <= 4) return names;
  return el("details", {}, el("summary", { text: t("classroom.tp.students", { n: indices.length }) }), names);
}

function renderAgreement(r) {
  const a = r.agreement;
  const v = (x) => (x === null || x === undefined ? t("classroom.agreement.undefined") : fixed(x, 3));
  const hint = (x) => (x === null || x === undefined ? t("classroom.agreement.undefined.hint") : "");
  $("agreement").replaceChildren(
    card(t("classroom.agreement.kappa"), v(a.fleiss_kappa), hint(a.fleiss_kappa)),
    card(t("classroom.agreement.alpha"), v(a.krippendorff_alpha), hint(a.krippendorff_alpha)),
    card(t("classroom.agreement.slices"), String(a.slices), t("classroom.agreement.slices.hint", { count: a.slices, width: a.slice_width, raters: a.raters })),
  );
  $("agreement-method").textContent = a.method;
}

// ---------- downloads ----------
function feedbackName(i) {
  return `feedback-${safeFile(studentName(i))}.txt`;
}

function allFeedback() {
  const line = "=".repeat(64);
  return state.graded.feedback.join(`\n${line}\n\n`);
}

// ---------- share ----------

/** Reads the Video field as the annotator will (a YouTube or Vimeo video by its id) and says so beside it and the key. */
function showVideo(core) {
  state.video = describeVideo($("share-video").value, core.videoLink);
  $("share-video-info").textContent = state.video.kind === "bad" ? "" : state.video.text;
  const error = $("share-video-error");
  if (state.video.kind === "bad") {
    error.textContent = state.video.text;
    error.hidden = false;
  } else if (state.video.kind !== "none") error.hidden = true;
  $("share-video").setAttribute("aria-invalid", String(state.video.kind === "bad"));
  renderStatus();
}

async function buildShare() {
  if (!state.key) return;
  const core = await loadCore();
  showVideo(core);
  const error = $("share-video-error");
  if (state.video.kind === "none" || state.video.kind === "bad") {
    if (state.video.kind === "none") error.textContent = t("classroom.share.video.missing");
    error.hidden = false;
    $("share-video").setAttribute("aria-invalid", "true");
    $("share-out").hidden = true;
    $("share-video").focus();
    return;
  }
  // A YouTube or Vimeo link travels written one way (no share tracking parameters).
  const video = state.video.video;
  const settings = readSettings();
  const options = {
    title: $("share-title-input").value.trim(),
    video,
    marks: state.keyMarks,
    // The grader's moment rule decides which key names are state keys.
    shapes: core.markShapes(state.keyObservation, settings),
    withAnswers: $("share-answers").checked,
    settings,
  };
  const link = shareLink(options);
  const payload = exercisePayload(options);
  $("share-link").value = link;
  $("share-open").href = link;
  $("share-out").hidden = false;
  $("share-status").textContent = t("classroom.share.made", {
    count: payload.palette.length,
    answers: payload.key ? t("classroom.share.withAnswers") : "",
    chars: link.length,
  }) + " " + (payload.video ? t("classroom.share.videoOpens", { video: payload.video }) : state.video.link ? t("classroom.share.videoStreams", { video: videoLinkLabel(state.video.link), provider: providerName(state.video.link.provider) }) : t("classroom.share.videoNamed", { video: payload.video_name }));
}

// ---------- wiring ----------
wireDrop($("key-drop"), $("key-input"), (files) => files[0] && setKey(files[0]));
wireDrop($("students-drop"), $("students-input"), addStudents);

$("demo-key").addEventListener("click", async () => {
  try {
    await setKey({ name: "demo-journey.key.vtt", bytes: await fetchBytes(DEMO_KEY), demo: true });
  } catch (e) {
    showError(t("classroom.error.load", { name: DEMO_KEY, message: e.message }));
  }
});
$("demo-students").addEventListener("click", async () => {
  try {
    const files = await Promise.all(DEMO_STUDENTS.map(async (url) => ({ name: url.split("/").pop(), bytes: await fetchBytes(url) })));
    await addStudents(files);
  } catch (e) {
    showError(t("classroom.error.load", { name: "samples/students", message: e.message }));
  }
});
$("clear-students").addEventListener("click", () => {
  state.students = [];
  state.selected = null;
  regrade();
});

let debounce;
$("settings").addEventListener("input", (e) => {
  if (e.target.id === "aliases" && $("settings").elements.names.value !== "aliases") {
    $("settings").querySelector('input[name="names"][value="aliases"]').checked = true;
  }
  clearTimeout(debounce);
  debounce = setTimeout(regrade, 150);
});
$("settings").addEventListener("submit", (e) => e.preventDefault());
$("reset-settings").addEventListener("click", () => {
  $("settings").reset();
  regrade();
});

$("download-csv").addEventListener("click", () => downloadText("grades.csv", state.graded.csv, "text/csv;charset=utf-8"));
$("download-json").addEventListener("click", () =>
  downloadText("class-report.json", JSON.stringify({ report: state.graded.report, files: state.graded.files }, null, 2), "application/json"),
);
$("download-feedback-all").addEventListener("click", () => downloadText("feedback-all.txt", allFeedback()));
$("download-feedback").addEventListener("click", () => state.selected !== null && downloadText(feedbackName(state.selected), state.graded.feedback[state.selected]));
$("close-detail").addEventListener("click", () => {
  const i = state.selected;
  state.selected = null;
  renderGrades(state.graded.report);
  renderDetail();
  document.querySelector(`#grades tr[data-student="${i}"] button`)?.focus();
});
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && state.selected !== null) $("close-detail").click();
});

$("share-build").addEventListener("click", buildShare);
$("share-video").addEventListener("input", async () => showVideo(await loadCore()));
$("share-answers").addEventListener("change", () => !$("share-out").hidden && buildShare());
$("share-copy").addEventListener("click", async () => {
  $("share-link").select();
  try {
    await navigator.clipboard.writeText($("share-link").value);
    $("share-status").textContent = t("classroom.share.copied");
  } catch {
    document.execCommand?.("copy");
  }
});

renderStatus();
// Ready (for tests and scripts) once the core is loaded, or failed to load.
loadCore()
  .catch(() => {})
  .finally(() => (document.body.dataset.ready = "true"));
