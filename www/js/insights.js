// The "Engagement & value" page: reads a sample (?sample=retail|transactions|hotel)
// or a dropped file through the core's Session and shows the engagement,
// satisfaction and customer value views. Settings changes re-run the analyses.
import { loadCore } from "./core.js";
import { t, translatePage } from "./i18n.js";
import { downloadText } from "./download.js";
import { TpEngagementView } from "./elements/tp-engagement-view.js";
import { TpSatisfactionView } from "./elements/tp-satisfaction-view.js";
import { TpCustomerValueView } from "./elements/tp-customer-value-view.js";

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
let core;
let session;
let fileName = "";

function status(text) {
  $("status").textContent = text;
}

function showError(message) {
  $("error").textContent = message || "";
  $("error").hidden = !message;
}

function show(report) {
  const data = { report, charts: session.charts() };
  const settings = session.settings();
  for (const v of views()) {
    if ("settings" in v) v.settings = settings;
    v.data = data;
  }
  $("engagement").explain = (customer) => session.engagementTouches(customer);
  status(t("insights.status", { name: fileName, events: report.events.toLocaleString("en"), journeys: report.journeys.toLocaleString("en") }));
  document.body.dataset.ready = "true";
}

async function open(name, bytes, preset) {
  document.body.dataset.ready = "false";
  showError("");
  status(t("insights.reading", { name }));
  try {
    session?.free();
    session = new core.Session(name, { preset });
    const step = 1 << 20;
    for (let i = 0; i < bytes.length; i += step) session.push(bytes.subarray(i, i + step));
    fileName = name;
    show(session.finish());
  } catch (e) {
    session = null;
    status("");
    showError(t("insights.error", { name, message: e.message }));
  }
}

async function openSample(key) {
  const sample = SAMPLES[key] ?? SAMPLES.retail;
  const response = await fetch(`samples/${sample.file}`);
  await open(sample.file, new Uint8Array(await response.arrayBuffer()), sample.preset);
}

async function openFile(file) {
  await open(file.name, new Uint8Array(await file.arrayBuffer()), "generic");
}

function main() {
  const params = new URLSearchParams(location.search);
  const key = SAMPLES[params.get("sample")] ? params.get("sample") : "retail";
  $("sample").value = key;
  $("sample").addEventListener("change", () => {
    const url = new URL(location.href);
    url.searchParams.set("sample", $("sample").value);
    history.replaceState(null, "", url);
    openSample($("sample").value);
  });
  $("open-file").addEventListener("click", () => $("file-input").click());
  $("file-input").addEventListener("change", (e) => {
    const file = e.target.files?.[0];
    if (file) openFile(file);
    e.target.value = "";
  });
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    const file = e.dataTransfer?.files?.[0];
    if (file) openFile(file);
  });
  document.addEventListener("settings-change", (e) => {
    if (!session) return;
    try {
      showError("");
      show(session.setSettings(e.detail));
      status(t("insights.applied", { name: fileName }));
    } catch (err) {
      showError(err.message);
    }
  });
  document.addEventListener("customers-csv", () => {
    if (!session) return;
    const base = fileName.replace(/\.[^.]+$/, "") || "customers";
    downloadText(`${base}-customers.csv`, session.customersCsv(), "text/csv");
  });
  loadCore()
    .then((c) => {
      core = c;
      return openSample(key);
    })
    .catch((e) => showError(e.message));
}

main();
