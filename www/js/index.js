// The journey analysis page: load a file (or a sample) in the worker, show
// cards, charts, bad rows, unclassified touch points, the events table and
// the rules. Rust computes everything; this file renders and handles events.
import { loadCore } from "./core.js";
import { downloadText } from "./download.js";
import { card as domCard } from "./dom.js";
import { ask as askWorker } from "./worker-client.js";
import { analyze, prewarm, TooBigError } from "./analyze.js";
import { t, translatePage } from "./i18n.js";
import { number, fixed, percent } from "./format.js";
import { TpChart } from "./elements/tp-chart.js";
import { TpEngagementView } from "./elements/tp-engagement-view.js";
import { TpSatisfactionView } from "./elements/tp-satisfaction-view.js";
import { TpCustomerValueView } from "./elements/tp-customer-value-view.js";

TpChart.define();
TpEngagementView.define();
TpSatisfactionView.define();
TpCustomerValueView.define();
translatePage();
// A worker and its wasm start now, while the user picks a file (js/worker-client.js).
prewarm();

const $ = (id) => document.getElementById(id);

const SAMPLES = {
  hotel: { file: "samples/hotel-journeys.csv", preset: "hotel" },
  retail: { file: "samples/retail-journeys.csv", preset: "retail" },
  "bad-rows": { file: "samples/bad-rows.csv", preset: "hotel" },
  transactions: { file: "samples/transactions.csv", preset: "generic" },
  paths: { file: "samples/attribution-paths.csv", preset: "retail" },
  "video-key": { file: "samples/demo-journey.key.vtt", preset: "retail" },
};

const state = {
  worker: null,
  /** The running read (an AbortController), and the options tests and benchmarks may set. */
  controller: null,
  analyzeOptions: {},
  file: null,
  name: "",
  mapping: {},
  report: null,
  query: { filter: "", sort: "line", descending: false, offset: 0, limit: 50 },
  pageRequest: 0,
  started: 0,
};

// ---- worker -------------------------------------------------------------

/** The worker that holds the result (analyze.js): it answers pages, exports and new rules. */
function useWorker(worker) {
  state.worker = worker;
  state.worker.onmessage = (event) => onWorkerMessage(event.data);
  state.worker.onerror = (event) => showError(event.message || t("index.error.worker"));
}

function stopWorker() {
  state.controller?.abort();
  state.controller = null;
  state.worker?.terminate();
  state.worker = null;
}

function onWorkerMessage(message) {
  switch (message.type) {
    case "done":
      hideProgress();
      showResults(message.report, message.charts);
      break;
    case "page":
      if (message.id === state.pageRequest) renderTable(message.page);
      break;
    case "export":
      saveExport(message.what, message.text);
      break;
    case "error":
      if (message.request === "settingsValue" || message.request === "touches") break; // answered by ask()
      hideProgress();
      if (message.request === "rules") {
        $("rules-error").textContent = message.message;
        $("rules-error").hidden = false;
      } else showError(message.message, message.kind);
      break;
  }
}

/**
 * Reads `file` (a File or Blob) called `name` in workers (analyze.js) and shows the result;
 * resolves with the result (null when cancelled or failed: the page says why).
 */
async function analyse(file, name, options = {}) {
  state.file = file;
  state.name = name;
  $("load-error").hidden = true;
  $("mapping").hidden = true;
  $("too-big").hidden = true;
  stopWorker();
  const controller = new AbortController();
  state.controller = controller;
  state.started = performance.now();
  showProgress({ stage: "read", bytes: 0, total: file.size });
  try {
    const result = await analyze(file, {
      name,
      preset: $("preset").value || "generic",
      mapping: state.mapping,
      signal: controller.signal,
      onProgress: (progress) => state.controller === controller && showProgress(progress),
      ...state.analyzeOptions,
      ...options,
    });
    if (state.controller !== controller) {
      result.close();
      return null;
    }
    state.controller = null;
    useWorker(result.worker);
    hideProgress();
    showResults(result.report, result.charts);
    prewarm(); // a worker ready for the next file
    return result;
  } catch (error) {
    if (state.controller !== controller) throw error;
    state.controller = null;
    hideProgress();
    if (error instanceof TooBigError) showTooBig(error);
    else showError(error.message, error.kind);
    throw error;
  }
}

/** analyse() for the page's own controls: what went wrong is shown on the page. */
function openFile(file, name) {
  analyse(file, name).catch(() => {});
}

// ---- loading ------------------------------------------------------------

function showProgress({ stage, bytes, total, events, totalEvents, remaining, workers }) {
  $("progress").hidden = false;
  $("progress-bar").max = total || 1;
  $("progress-bar").value = bytes;
  const mb = (n) => number(n / 1e6, n > 1e7 ? 0 : 1);
  if (stage === "classify" || stage === "merge") {
    $("progress-text").textContent = t("index.progress.classify");
    return;
  }
  const read = t("index.progress.read", { read: mb(bytes), total: mb(total), percent: percent(total ? bytes / total : 0, 0) });
  const parts = [read];
  if (events) parts.push(t("index.progress.events", { events: number(events), total: number(totalEvents) }));
  if (workers > 1) parts.push(t("index.progress.workers", { workers }));
  if (remaining != null) parts.push(t("index.progress.remaining", { seconds: number(Math.ceil(remaining)) }));
  $("progress-text").textContent = parts.join(" · ");
}

/** The file is more than the tab can hold: say so before reading, and show the other routes. */
function showTooBig(error) {
  $("too-big-text").textContent = t("index.tooBig", { events: number(Math.round(error.events / 1e6), 0), limit: number(Math.round(error.limit / 1e6), 0) });
  $("too-big").hidden = false;
}

function hideProgress() {
  $("progress").hidden = true;
}

async function showError(text, kind) {
  $("load-error").textContent = text;
  $("load-error").hidden = false;
  // A header we could not read: offer to map the columns by hand.
  if (kind === "missing-column" && state.file) await offerMapping();
}

async function offerMapping() {
  const core = await loadCore();
  const prefix = new Uint8Array(await state.file.slice(0, 65536).arrayBuffer());
  const inspection = core.inspect(prefix, state.mapping);
  const fields = $("mapping-fields");
  fields.replaceChildren();
  const wanted = ["journey", "time", "touchpoint", "channel", "value", "converted", "rating", "expectation", "cost"];
  for (const column of wanted) {
    const label = document.createElement("label");
    const caption = document.createElement("span");
    caption.textContent = t(`index.column.${column}`);
    const select = document.createElement("select");
    select.name = column;
    select.append(new Option(t("index.mapping.none"), ""));
    for (const header of inspection.headers) select.append(new Option(header, header));
    select.value = inspection.guessed[column] ?? "";
    label.append(caption, select);
    fields.append(label);
  }
  $("mapping").hidden = false;
  fields.querySelector("select")?.focus();
}

$("mapping").addEventListener("submit", (event) => {
  event.preventDefault();
  state.mapping = {};
  for (const select of $("mapping-fields").querySelectorAll("select")) if (select.value) state.mapping[select.name] = select.value;
  openFile(state.file, state.name);
});

async function loadSample(key) {
  const sample = SAMPLES[key];
  if (!sample) return;
  $("preset").value = sample.preset;
  state.mapping = {};
  const response = await fetch(sample.file);
  if (!response.ok) return showError(t("index.error.sample", { file: sample.file }));
  const blob = await response.blob();
  const name = sample.file.split("/").pop();
  openFile(blob, name);
  history.replaceState(null, "", `?sample=${encodeURIComponent(key)}`);
}

const dropzone = $("dropzone");
dropzone.addEventListener("click", (event) => {
  if (event.target.tagName !== "LABEL" && event.target.tagName !== "INPUT") $("file-input").click();
});
dropzone.addEventListener("keydown", (event) => {
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    $("file-input").click();
  }
});
dropzone.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropzone.classList.add("over");
});
dropzone.addEventListener("dragleave", () => dropzone.classList.remove("over"));
dropzone.addEventListener("drop", (event) => {
  event.preventDefault();
  dropzone.classList.remove("over");
  const file = event.dataTransfer.files[0];
  if (file) {
    state.mapping = {};
    openFile(file, file.name);
  }
});
$("file-input").addEventListener("change", (event) => {
  const file = event.target.files[0];
  if (file) {
    state.mapping = {};
    openFile(file, file.name);
    history.replaceState(null, "", location.pathname);
  }
});
for (const button of document.querySelectorAll("[data-sample]")) {
  button.addEventListener("click", () => loadSample(button.dataset.sample));
}
$("cancel").addEventListener("click", () => {
  stopWorker();
  hideProgress();
  showError(t("index.cancelled"));
});
$("preset").addEventListener("change", () => {
  // A preset replaces rules edited or loaded before: the list and the editor show the preset's rules.
  state.customRules = null;
  renderRules();
  if (state.report && state.worker) state.worker.postMessage({ type: "rules", preset: $("preset").value });
});

// ---- results ------------------------------------------------------------

/** A summary card (dom.js), `data-card` naming it for the tests and the print view. */
function card(label, value, hint, id) {
  return domCard(label, value, hint || null, id ? { "data-card": id } : {});
}

function showResults(report, charts) {
  state.report = report;
  $("results").hidden = false;
  $("results-title").textContent = t("index.results.title", { name: state.name, rules: report.rules });
  const seconds = (performance.now() - state.started) / 1000;
  const cards = [
    card(t("index.card.events"), number(report.events), t("index.card.events.hint", { rows: number(report.rows) }), "events"),
    card(t("index.card.journeys"), number(report.journeys), null, "journeys"),
    card(t("index.card.unique"), number(report.unique_touchpoints), null, "unique"),
    card(
      t("index.card.perJourney"),
      number(report.per_journey.median, 1),
      t("index.card.perJourney.hint", { min: report.per_journey.min, mean: number(report.per_journey.mean, 1), max: report.per_journey.max }),
      "per-journey",
    ),
  ];
  if (report.video) {
    cards.push(card(t("index.card.perMinute"), number(report.video.touchpoints_per_minute, 2), t("index.card.perMinute.hint"), "per-minute"));
  } else {
    cards.push(card(t("index.card.span"), report.span.text, `${report.span.first_text} → ${report.span.last_text}`, "span"));
  }
  cards.push(card(t("index.card.problems"), number(report.problems.count), t("index.card.problems.hint"), "problems"));
  cards.push(card(t("index.card.unclassified"), number(report.unclassified.events), t("index.card.unclassified.hint"), "unclassified"));
  $("cards").replaceChildren(...cards);
  $("cards").title = t("index.card.time", { seconds: fixed(seconds, 1) });

  renderProblems(report.problems);
  for (const name of ["by_kind", "by_owner", "by_stage", "by_media", "by_direction", "top_touchpoints", "timeline"]) {
    $(`chart-${name}`).svg = charts[name];
  }
  renderUnclassified(report.unclassified);
  renderRules();
  state.query.offset = 0;
  requestPage();
  renderEngagement(report, charts);
}

function renderProblems(problems) {
  const section = $("problems");
  section.hidden = problems.count === 0 && problems.warnings.length === 0;
  $("problems-title").textContent = t("index.problems.title", { count: number(problems.count) });
  const list = $("problem-list");
  list.replaceChildren(
    ...problems.rows.map((p) => {
      const li = document.createElement("li");
      const line = document.createElement("span");
      line.className = "line";
      line.textContent = p.column ? t("index.problem.lineColumn", { line: p.line, column: p.column }) : t("index.problem.line", { line: p.line });
      li.append(line, document.createTextNode(` ${p.message}`));
      return li;
    }),
  );
  if (problems.count > problems.rows.length) {
    const li = document.createElement("li");
    li.textContent = t("index.problems.more", { count: number(problems.count - problems.rows.length) });
    list.append(li);
  }
  const warnings = $("warnings");
  warnings.replaceChildren();
  if (problems.warnings.length) {
    const box = document.createElement("div");
    box.className = "notice small";
    const title = document.createElement("strong");
    title.textContent = t("index.warnings.title");
    const ul = document.createElement("ul");
    for (const w of problems.warnings) {
      const li = document.createElement("li");
      li.textContent = `${w.line ? t("index.problem.line", { line: w.line }) + " " : ""}${w.message}`;
      ul.append(li);
    }
    box.append(title, ul);
    warnings.append(box);
  }
}

function renderUnclassified(unclassified) {
  $("unclassified").hidden = unclassified.touchpoints.length === 0;
  $("unclassified-title").textContent = t("index.unclassified.title", { count: number(unclassified.events) });
  $("unclassified-rows").replaceChildren(
    ...unclassified.touchpoints.map((u) => {
      const tr = document.createElement("tr");
      for (const [text, cls] of [[u.touchpoint], [number(u.events), "num"], [u.missing.join(", ")]]) {
        const td = document.createElement("td");
        td.textContent = text;
        if (cls) td.className = cls;
        tr.append(td);
      }
      return tr;
    }),
  );
  // The report names the most frequent ones; the rest are counted, not listed.
  if (unclassified.not_listed > 0) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = 3;
    td.className = "more";
    td.textContent = t("index.unclassified.more", { count: number(unclassified.not_listed) });
    tr.append(td);
    $("unclassified-rows").append(tr);
  }
}

// ---- events table -------------------------------------------------------

const COLUMNS = ["line", "journey", "time", "touchpoint", "channel", "kind", "owner", "stage", "media", "direction"];

function renderHead() {
  const head = $("events-head");
  head.replaceChildren(
    ...COLUMNS.map((column) => {
      const th = document.createElement("th");
      th.scope = "col";
      if (column === "line") th.className = "num";
      const button = document.createElement("button");
      button.type = "button";
      const active = state.query.sort === column;
      button.textContent = t(`index.col.${column}`) + (active ? (state.query.descending ? " ▼" : " ▲") : "");
      th.setAttribute("aria-sort", active ? (state.query.descending ? "descending" : "ascending") : "none");
      button.addEventListener("click", () => {
        state.query.descending = state.query.sort === column ? !state.query.descending : false;
        state.query.sort = column;
        state.query.offset = 0;
        requestPage();
      });
      th.append(button);
      return th;
    }),
  );
}

function requestPage() {
  renderHead();
  state.pageRequest += 1;
  state.worker?.postMessage({ type: "page", id: state.pageRequest, query: state.query });
}

function renderTable(page) {
  const body = $("events-body");
  body.replaceChildren(
    ...page.rows.map((row) => {
      const tr = document.createElement("tr");
      const cells = [row.line, row.journey, row.time, row.touchpoint, row.channel];
      cells.forEach((text, i) => {
        const td = document.createElement("td");
        td.textContent = text;
        if (i === 0) td.className = "num";
        if (i === 2) timeCell(td, text);
        tr.append(td);
      });
      for (const dimension of ["kind", "owner", "stage", "media", "direction"]) {
        const td = document.createElement("td");
        const pill = document.createElement("span");
        const value = row.classes[dimension];
        // The class's label (as the charts and the filter know it); kinds in their palette colour.
        pill.className = value ? `pill${dimension === "kind" ? ` kind tp-kind-${value}` : ""}` : "pill unclassified";
        pill.textContent = value ? t(`class.${value}`) : t("index.unclassified");
        td.append(pill);
        tr.append(td);
      }
      return tr;
    }),
  );
  const from = page.total ? page.offset + 1 : 0;
  const to = page.offset + page.rows.length;
  $("page-info").textContent = t("index.table.page", { from: number(from), to: number(to), total: number(page.total) });
  $("prev").disabled = page.offset === 0;
  $("next").disabled = to >= page.total;
}

/** A time as the core wrote it ("2026-03-02 08:15 UTC"): the date, and the clock on a line of its own. */
function timeCell(td, text) {
  const [date, ...clock] = String(text).split(" ");
  if (!clock.length) return;
  const day = document.createElement("span");
  day.className = "date";
  day.textContent = date;
  const time = document.createElement("span");
  time.className = "clock";
  time.textContent = clock.join(" ");
  td.replaceChildren(day, " ", time);
}

let filterTimer = 0;
$("filter").addEventListener("input", (event) => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    state.query.filter = event.target.value;
    state.query.offset = 0;
    requestPage();
  }, 200);
});
$("prev").addEventListener("click", () => {
  state.query.offset = Math.max(0, state.query.offset - state.query.limit);
  requestPage();
});
$("next").addEventListener("click", () => {
  state.query.offset += state.query.limit;
  requestPage();
});

// ---- rules --------------------------------------------------------------

async function renderRules(text) {
  const core = await loadCore();
  const json = text ?? (state.customRules || core.presetJson($("preset").value));
  if (!text) $("rules-text").value = json;
  try {
    const words = core.describeRules(json);
    $("rule-list").replaceChildren(
      ...words.map((w) => {
        const li = document.createElement("li");
        li.textContent = w;
        return li;
      }),
    );
    $("rules-error").hidden = true;
    return true;
  } catch (error) {
    $("rules-error").textContent = error.message;
    $("rules-error").hidden = false;
    return false;
  }
}

$("rules-apply").addEventListener("click", async () => {
  const text = $("rules-text").value;
  if (!(await renderRules(text))) return;
  state.customRules = text;
  state.worker?.postMessage({ type: "rules", rules: text });
});
$("rules-download").addEventListener("click", () => downloadText("touchpoints-rules.json", $("rules-text").value, "application/json"));
$("rules-file").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  $("rules-text").value = await file.text();
  $("rules-apply").click();
});

// ---- engagement, satisfaction and customer value views ----------------

/** Asks the worker and resolves with its answer. */
const ask = (type, payload) => askWorker(state.worker, type, payload);

async function renderEngagement(report, charts) {
  const data = { report, charts };
  const views = [
    ["engagement", report.engagement],
    ["satisfaction", report.satisfaction],
    ["customer-value", report.customer_value],
  ];
  const settings = await ask("settingsValue", {}).catch(() => null);
  // The report lists only the first customers of each table: the rest come a page at a time.
  $("engagement").pages = (query) => ask("customersPage", { query });
  for (const [id, present] of views) {
    const view = $(id);
    $(`${id}-section`).hidden = !present;
    if (!present) continue;
    if (settings && "settings" in view) view.settings = settings;
    view.data = data;
  }
  $("engagement").explain = (customer) => ask("touches", { customer });
}

document.addEventListener("settings-change", (event) => state.worker?.postMessage({ type: "settings", settings: event.detail }));
document.addEventListener("customers-csv", () => state.worker?.postMessage({ type: "export", what: "customers" }));

// ---- exports ------------------------------------------------------------

function baseName() {
  return (state.name || "journeys").replace(/\.[^.]+$/, "");
}

function saveExport(what, text) {
  if (what === "csv") downloadText(`${baseName()}-classified.csv`, text, "text/csv");
  else if (what === "customers") downloadText(`${baseName()}-customers.csv`, text, "text/csv");
  else downloadText(`${baseName()}-report.json`, text, "application/json");
}

$("export-csv").addEventListener("click", () => state.worker?.postMessage({ type: "export", what: "csv" }));
$("export-json").addEventListener("click", () => state.worker?.postMessage({ type: "export", what: "json" }));
$("print").addEventListener("click", () => window.print());

// ---- start --------------------------------------------------------------

async function start() {
  const core = await loadCore();
  for (const preset of core.presets()) $("preset").append(new Option(preset.name, preset.name));
  const sample = new URLSearchParams(location.search).get("sample");
  if (sample) loadSample(sample);
  // For tests and benchmarks: analyse a File/Blob and resolve with the report; `options` (and
  // `window.touchpoints.options`) go to analyze() as well, e.g. {workers: 3} or {maxEvents: 100}.
  window.touchpoints = {
    options: state.analyzeOptions,
    async analyseFile(file, name = file.name ?? "data.csv", options = {}) {
      const result = await analyse(file, name, options);
      if (!result) throw new Error(t("index.cancelled"));
      return result.report;
    },
    async analyseResult(file, name = file.name ?? "data.csv", options = {}) {
      const result = await analyse(file, name, options);
      return { report: result.report, workers: result.workers, parallel: result.parallel, transferMs: result.transferMs };
    },
  };
  document.documentElement.dataset.ready = "true";
}

start().catch((error) => showError(error.message));
