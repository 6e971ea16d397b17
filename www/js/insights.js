// The "Engagement & value" page: reads a sample (?sample=retail|transactions|hotel)
// or a dropped file in the analysis worker (the core's Session, off the main
// thread) and shows the engagement, satisfaction and customer value views.
// Settings changes re-run the analyses there.
import { t, translatePage } from "./i18n.js";
import { integer, percent } from "./format.js";
import { downloadText } from "./download.js";
import { ask, request, startWorker } from "./worker-client.js";
import { TpEngagementView } from "./elements/tp-engagement-view.js";
import { TpSatisfactionView } from "./elements/tp-satisfaction-view.js";
import { TpCustomerValueView } from "./elements/tp-customer-value-view.js";
import { wireFileChoice } from "./file-choice.js";

TpEngagementView.define();
TpSatisfactionView.define();
TpCustomerValueView.define();
translatePage();

const SAMPLES = {
  retail: { file: "retail-journeys.csv", preset: "retail" },
  transactions: { file: "transactions.csv", preset: "generic" },
  hotel: { file: "hotel-journeys.csv", preset: "hotel" },
};
const $ = (id) => document.getElementById(id);
const views = () => [$("engagement"), $("satisfaction"), $("customer-value")];
// The file is read and analysed in the worker (js/worker.js), as on index.html: the page stays responsive.
let worker = null;
let fileName = "";
let opened = 0;

function status(text) {
  $("status").textContent = text;
}

function showError(message) {
  $("error").textContent = message || "";
  $("error").hidden = !message;
}

async function show({ report, charts }) {
  const settings = await ask(worker, "settingsValue");
  const current = worker;
  // The report lists only the first customers of each table: the rest come a page at a time.
  $("engagement").pages = (query) => ask(current, "customersPage", { query });
  for (const v of views()) {
    if ("settings" in v) v.settings = settings;
    v.data = { report, charts };
  }
  $("engagement").explain = (customer) => ask(current, "touches", { customer });
  status(t("insights.status", { name: fileName, events: integer(report.events), journeys: integer(report.journeys) }));
  document.body.dataset.ready = "true";
}

/** Reads `file` (a File or Blob) called `name` in a new worker and shows its analyses. */
async function open(name, file, preset) {
  const mine = ++opened;
  document.body.dataset.ready = "false";
  showError("");
  status(t("insights.reading", { name }));
  worker?.terminate();
  worker = startWorker();
  try {
    const done = await request(worker, { type: "open", file, name, options: { preset } }, (bytes, total) => {
      if (mine === opened) status(t("insights.progress", { name, percent: percent(total ? bytes / total : 0, 0) }));
    });
    if (mine !== opened) return;
    fileName = name;
    await show(done);
  } catch (e) {
    if (mine !== opened) return;
    worker?.terminate();
    worker = null;
    status("");
    showError(t("insights.error", { name, message: e.message }));
  }
}

async function openSample(key) {
  const sample = SAMPLES[key] ?? SAMPLES.retail;
  const response = await fetch(`samples/${sample.file}`);
  await open(sample.file, await response.blob(), sample.preset);
}

async function openFile(file) {
  await open(file.name, file, "generic");
}

function main() {
  const key = wireFileChoice({
    samples: SAMPLES,
    fallback: "retail",
    onSample: (sample) => openSample(sample),
    onFile: (file) => openFile(file),
  });
  document.addEventListener("settings-change", async (e) => {
    if (!worker) return;
    try {
      showError("");
      await show(await request(worker, { type: "settings", settings: e.detail }));
      status(t("insights.applied", { name: fileName }));
    } catch (err) {
      showError(err.message);
    }
  });
  document.addEventListener("customers-csv", async () => {
    if (!worker) return;
    const base = fileName.replace(/\.[^.]+$/, "") || "customers";
    const { text } = await request(worker, { type: "export", what: "customers" });
    downloadText(`${base}-customers.csv`, text, "text/csv");
  });
  openSample(key).catch((e) => showError(e.message));
}

main();
