// The Journeys page: reads a sample (?sample=retail|hotel|paths; ?steps=A,B,C
// starts with that funnel) or a dropped
// file in the analysis worker, then shows the funnel builder, the paths, the
// customer journey map and the attribution view. Rust computes every number
// (in the worker); this file only loads data and hands the views what they need.
//
// Contract with the views on this page (tp-funnel-view, tp-paths-view,
// tp-journey-map-view, tp-attribution-view): after every load each view gets
//   view.ask = (type, params) => Promise   // a question to the worker (see worker.js handlers)
//   view.report = report                    // the analysis report (sets off the view's first render)
import { loadCore } from "./core.js";
import { coreTemplates, t, translatePage } from "./i18n.js";
import { integer, percent } from "./format.js";
import { TpFunnelView } from "./elements/tp-funnel-view.js";
import { TpPathsView } from "./elements/tp-paths-view.js";
import { TpJourneyMapView } from "./elements/tp-journey-map-view.js";
import { TpAttributionView } from "./elements/tp-attribution-view.js";
import { wireFileChoice } from "./file-choice.js";

TpFunnelView.define();
TpPathsView.define();
TpJourneyMapView.define();
TpAttributionView.define();
translatePage();

const SAMPLES = {
  retail: { file: "retail-journeys.csv", preset: "retail" },
  hotel: { file: "hotel-journeys.csv", preset: "hotel" },
  paths: { file: "attribution-paths.csv", preset: "retail" },
};
const VIEWS = ["funnel", "paths", "journey-map", "attribution"];
const $ = (id) => document.getElementById(id);

const state = { worker: null, name: "", file: null, asked: 0, waiting: new Map(), report: null };

function status(text) {
  $("status").textContent = text;
}

function showError(message) {
  $("error").textContent = message || "";
  $("error").hidden = !message;
}

function startWorker() {
  state.worker?.terminate();
  for (const { reject } of state.waiting.values()) reject(new Error(t("journeys.error.restarted")));
  state.waiting.clear();
  state.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  state.worker.postMessage({ type: "texts", templates: coreTemplates() }); // the charts in the page's language
  state.worker.onmessage = (event) => onMessage(event.data);
  state.worker.onerror = (event) => showError(event.message || t("journeys.error.worker"));
}

function onMessage(message) {
  if (message.id && state.waiting.has(message.id)) {
    const { resolve, reject } = state.waiting.get(message.id);
    state.waiting.delete(message.id);
    if (message.type === "error") reject(new Error(message.message));
    else resolve(message.value);
    return;
  }
  switch (message.type) {
    case "progress":
      $("progress").hidden = false;
      $("progress-bar").max = message.total || 1;
      $("progress-bar").value = message.bytes;
      status(message.stage === "classify" ? t("journeys.progress.classify") : t("journeys.progress.read", { name: state.name, percent: percent(message.total ? message.bytes / message.total : 0, 0) }));
      break;
    case "done":
      $("progress").hidden = true;
      loaded(message.report);
      break;
    case "error":
      $("progress").hidden = true;
      document.body.dataset.ready = "false";
      status("");
      showError(t("journeys.error.read", { name: state.name, message: message.message }));
      break;
  }
}

/** Asks the worker a question; resolves with its answer. */
export function ask(type, params = {}) {
  const id = `${type}-${++state.asked}`;
  return new Promise((resolve, reject) => {
    state.waiting.set(id, { resolve, reject });
    state.worker.postMessage({ ...params, type, id });
  });
}

function loaded(report) {
  state.report = report;
  status(t("journeys.status", { name: state.name, events: integer(report.events), journeys: integer(report.journeys), rules: report.rules }));
  for (const id of VIEWS) {
    const view = $(id);
    if (!view) continue;
    view.ask = ask;
    if (id === "funnel") view.initialSteps = new URLSearchParams(location.search).get("steps");
    view.report = report;
  }
  document.body.dataset.ready = "true";
}

function analyse(file, name) {
  document.body.dataset.ready = "false";
  showError("");
  state.file = file;
  state.name = name;
  startWorker();
  status(t("journeys.progress.read", { name, percent: percent(0, 0) }));
  state.worker.postMessage({ type: "open", file, name, options: { preset: $("preset").value || "generic" } });
}

async function openSample(key) {
  const sample = SAMPLES[key] ?? SAMPLES.retail;
  $("preset").value = sample.preset;
  const response = await fetch(`samples/${sample.file}`);
  if (!response.ok) return showError(t("journeys.error.sample", { file: sample.file }));
  analyse(await response.blob(), sample.file);
}

function main() {
  const key = wireFileChoice({
    samples: SAMPLES,
    fallback: "retail",
    onSample: (sample) => openSample(sample),
    onFile: (file) => analyse(file, file.name),
  });
  $("preset").addEventListener("change", () => {
    if (state.report && state.worker) state.worker.postMessage({ type: "rules", preset: $("preset").value });
  });
  loadCore()
    .then((core) => {
      for (const preset of core.presets()) $("preset").append(new Option(preset.name, preset.name));
      return openSample(key);
    })
    .catch((e) => showError(e.message));
}

main();
