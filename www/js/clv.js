// The customer lifetime value page: reads a transactions file (or a sample,
// ?sample=cdnow|transactions) in the worker's ClvSession with progress, fits
// the models with the settings of the form, and shows what the core returns:
// fits, charts, top and at-risk customers, and the customer table a page at a time.
import { card } from "./dom.js";
import { coreTemplates, positioned, t, translatePage } from "./i18n.js";
import { number as formatNumber, integer, fixed, percent } from "./format.js";
import { downloadText } from "./download.js";
import { TpChart } from "./elements/tp-chart.js";
import { wireFileChoice } from "./file-choice.js";

TpChart.define();
translatePage();

const SAMPLES = {
  cdnow: { file: "cdnow-transactions.csv", settings: { calibration_end: "1997-09-30", unit: "weeks" } },
  transactions: { file: "transactions.csv", settings: { calibration_end: "2025-06-30", unit: "weeks" } },
};
const PAGE = 25;
const COLUMNS = [
  ["customer", "clv.col.customer", null, false],
  ["frequency", "clv.col.frequency", "clv.tip.frequency", true],
  ["recency", "clv.col.recency", "clv.tip.recency", true],
  ["T", "clv.col.T", "clv.tip.T", true],
  ["monetary_value", "clv.col.monetary", "clv.tip.monetary", true],
  ["holdout_purchases", "clv.col.holdout_purchases", "clv.tip.holdout_purchases", true],
  ["p_alive", "clv.col.p_alive", "clv.tip.p_alive", true],
  ["expected_purchases", "clv.col.expected", "clv.tip.expected", true],
  ["p0", "clv.col.p0", "clv.tip.pn", true, false],
  ["p1", "clv.col.p1", "clv.tip.pn", true, false],
  ["p2", "clv.col.p2", "clv.tip.pn", true, false],
  ["expected_avg_spend", "clv.col.spend", "clv.tip.spend", true],
  ["clv", "clv.col.clv", "clv.tip.clv", true],
];
const $ = (id) => document.getElementById(id);
const state = { worker: null, name: "", report: null, query: { sort: "clv", descending: true, offset: 0, limit: PAGE, filter: "" }, pageId: 0 };

const fmt = (v, digits = 2) => (v === undefined || v === null || !Number.isFinite(v) ? t("clv.none") : formatNumber(v, digits));
const money = (v) => fmt(v, 2);

function showError(message) {
  $("error").textContent = message || "";
  $("error").hidden = !message;
}

function status(text) {
  $("status").textContent = text;
}

// ---- worker -------------------------------------------------------------

function worker() {
  if (state.worker) return state.worker;
  state.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  state.worker.postMessage({ type: "texts", templates: coreTemplates() }); // the charts in the page's language
  state.worker.onmessage = (event) => onMessage(event.data);
  state.worker.onerror = (event) => {
    showError(event.message || t("clv.error.worker"));
    state.worker = null;
  };
  return state.worker;
}

function onMessage(m) {
  switch (m.type) {
    case "clv-progress":
      progress(m.bytes, m.total, m.stage);
      break;
    case "clv-done":
      $("progress").hidden = true;
      show(m);
      break;
    case "clv-page":
      if (m.id === state.pageId) renderPage(m.page);
      break;
    case "clv-export": {
      const base = state.name.replace(/\.[^.]+$/, "") || "clv";
      if (m.what === "csv") downloadText(`${base}-clv.csv`, m.text, "text/csv");
      else downloadText(`${base}-clv.json`, m.text, "application/json");
      break;
    }
    case "error":
      if (!m.request?.startsWith("clv")) break;
      $("progress").hidden = true;
      document.body.dataset.ready = "true";
      showError(m.request === "clvOpen" ? t("clv.error", { name: state.name, message: m.message }) : m.message);
      break;
  }
}

function progress(bytes, total, stage) {
  $("progress").hidden = false;
  $("progress-bar").max = total || 1;
  $("progress-bar").value = bytes;
  const mb = (b) => fixed(b / 1048576, 1);
  $("progress-text").textContent =
    stage === "fit" ? t("clv.progress.fit") : t("clv.progress.read", { read: mb(bytes), total: mb(total), percent: percent(total ? bytes / total : 0, 0) });
}

// ---- settings -----------------------------------------------------------

function readSettings() {
  const f = $("settings").elements;
  const number = (el) => (el.value.trim() === "" ? null : Number(el.value));
  const settings = {
    model: f.model.value,
    unit: f.unit.value,
    calibration_end: f.calibration_end.value || null,
    horizon: number(f.horizon),
    months: Math.max(0, Math.round(number(f.months) ?? 12)),
    discount: (number(f.discount) ?? 1) / 100,
    at_risk_below: number(f.at_risk_below) ?? 0.5,
    penalty: number(f.penalty) ?? 0,
  };
  if (settings.horizon !== null && !(settings.horizon > 0)) settings.horizon = null;
  return settings;
}

function writeSettings(settings) {
  const f = $("settings").elements;
  if (settings.unit) f.unit.value = settings.unit;
  f.calibration_end.value = settings.calibration_end ?? "";
}

function open(file, name) {
  document.body.dataset.ready = "false";
  showError("");
  state.name = name;
  status(t("clv.reading", { name }));
  progress(0, file.size);
  worker().postMessage({ type: "clvOpen", file, name, settings: readSettings() });
}

async function openSample(key) {
  const sample = SAMPLES[key] ?? SAMPLES.cdnow;
  writeSettings(sample.settings);
  const response = await fetch(`samples/${sample.file}`);
  open(await response.blob(), sample.file);
}

// ---- rendering ----------------------------------------------------------

function show({ report, charts, input, seconds }) {
  state.report = report;
  $("results").hidden = false;
  const unit = t(`clv.unit.${report.unit}`);
  const model = report.models[report.model]?.label ?? report.model;
  status(
    t("clv.status", {
      name: state.name,
      purchases: integer(report.purchases),
      customers: integer(report.customer_count),
      repeat: integer(report.repeat_customers),
      calibration: report.calibration_end,
      end: report.observation_end,
      seconds: fixed(seconds, 2),
    }),
  );
  // Notes: bad rows and warnings of the input, then of the fits.
  const notes = [
    ...input.warnings.map(positioned),
    ...input.problems.slice(0, 5).map(positioned),
    ...report.warnings,
  ];
  $("warnings").replaceChildren(...notes.map((n) => Object.assign(document.createElement("li"), { textContent: n })));

  const cards = [card(t("clv.card.customers"), integer(report.customer_count), t("clv.card.customers.hint", { repeat: integer(report.repeat_customers) }))];
  if (report.holdout) {
    cards.push(
      card(
        t("clv.card.holdout"),
        integer(report.holdout.actual),
        t("clv.card.holdout.hint", { duration: fmt(report.holdout.duration, 1), unit, calibration: report.calibration_end, model, predicted: fmt(report.holdout.predicted[report.model], 0) }),
      ),
    );
  }
  if (report.expected_purchases !== undefined) {
    cards.push(card(t("clv.card.expected"), fmt(report.expected_purchases, 0), t("clv.card.expected.hint", { horizon: fmt(report.horizon, 1), unit, model })));
  }
  if (report.clv_distribution) {
    const d = report.clv_distribution;
    cards.push(card(t("clv.card.clv"), money(d.total), t("clv.card.clv.hint", { months: report.months, discount: percent(report.discount, 2), mean: money(d.mean) })));
  }
  $("cards").replaceChildren(...cards);

  renderModels(report);
  $("chart-tracking").svg = charts.tracking;
  $("chart-holdout").hidden = !charts.holdout;
  $("holdout-none").hidden = !!charts.holdout;
  if (charts.holdout) $("chart-holdout").svg = charts.holdout;
  if (charts.alive) $("chart-alive").svg = charts.alive;
  if (charts.distribution) $("chart-distribution").svg = charts.distribution;
  renderList($("top"), report.top);
  renderList($("risk"), report.at_risk);
  requestPage();
  document.body.dataset.ready = "true";
}

/** Models and their parameters in the order of the literature. */
const MODEL_ORDER = ["bg_nbd", "mbg_nbd", "pareto_nbd", "bg_bb", "gamma_gamma"];
const PARAMS = {
  bg_nbd: ["r", "alpha", "a", "b"],
  mbg_nbd: ["r", "alpha", "a", "b"],
  pareto_nbd: ["r", "alpha", "s", "beta"],
  bg_bb: ["alpha", "beta", "gamma", "delta"],
  gamma_gamma: ["p", "q", "v"],
};

function renderModels(report) {
  const entries = MODEL_ORDER.filter((k) => report.models[k]).map((k) => [k, report.models[k]]);
  const rows = entries.map(([key, fit]) => {
    const tr = document.createElement("tr");
    tr.dataset.model = key;
    if (!fit.converged) tr.className = "failed";
    if (key === report.model) tr.classList.add("chosen");
    const name = document.createElement("td");
    name.textContent = key === report.model ? `${fit.label} ${t("clv.model.chosen")}` : fit.label;
    const params = document.createElement("td");
    params.className = "params";
    if (fit.converged) {
      for (const p of PARAMS[key].filter((name) => typeof fit[name] === "number")) {
        const span = document.createElement("span");
        span.className = "param";
        const b = document.createElement("b");
        b.textContent = `${p} = ${fmt(fit[p], 4)}`;
        span.append(b);
        const se = fit.standard_errors?.[p];
        if (se !== undefined) span.append(Object.assign(document.createElement("span"), { className: "se", textContent: ` ± ${fmt(se, 4)}` }));
        params.append(span);
      }
    } else {
      params.textContent = t("clv.model.failed");
    }
    const ll = document.createElement("td");
    ll.className = "num";
    ll.textContent = fit.log_likelihood !== undefined ? fmt(fit.log_likelihood, 2) : t("clv.none");
    const holdout = document.createElement("td");
    holdout.className = "num";
    holdout.textContent = report.holdout?.predicted?.[key] !== undefined ? fmt(report.holdout.predicted[key], 1) : t("clv.none");
    const note = document.createElement("td");
    note.className = "small";
    const parts = [];
    if (fit.message) parts.push(fit.message);
    if (fit.converged) parts.push(t("clv.model.iterations", { iterations: fit.iterations, rows: integer(fit.rows), customers: integer(fit.customers) }));
    if (key === "gamma_gamma" && report.spend.correlation !== undefined) parts.push(t("clv.model.correlation", { r: fmt(report.spend.correlation, 3) }));
    note.textContent = parts.join(" · ");
    tr.append(name, params, ll, holdout, note);
    return tr;
  });
  $("models").tBodies[0].replaceChildren(...rows);
}

function cell(row, key) {
  switch (key) {
    case "customer":
      return row.customer;
    case "frequency":
      return String(row.frequency);
    case "holdout_purchases":
      return row.holdout_purchases === undefined ? t("clv.none") : String(row.holdout_purchases);
    case "recency":
    case "T":
      return fmt(row[key], 2);
    case "p_alive":
      return fmt(row.p_alive, 3);
    case "expected_purchases":
      return fmt(row.expected_purchases, 2);
    case "p0":
    case "p1":
    case "p2":
      return fmt(row.p_purchases?.[Number(key[1])], 3);
    default:
      return money(row[key]);
  }
}

function header(table, columns, sortable) {
  const tr = document.createElement("tr");
  for (const [key, label, tip, numeric, canSort = true] of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    if (numeric) th.className = "num";
    if (tip) th.title = t(tip);
    if (sortable && canSort) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = t(label);
      button.setAttribute("aria-label", t("clv.sort", { column: t(label) }));
      button.addEventListener("click", () => sortBy(key));
      th.setAttribute("aria-sort", state.query.sort === key ? (state.query.descending ? "descending" : "ascending") : "none");
      th.append(button);
    } else {
      th.textContent = t(label);
    }
    tr.append(th);
  }
  table.tHead.replaceChildren(tr);
}

function body(table, rows, columns) {
  if (!rows.length) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = columns.length;
    td.className = "muted";
    td.textContent = t(table.id === "customers" ? "clv.page.empty" : "clv.list.empty");
    tr.append(td);
    table.tBodies[0].replaceChildren(tr);
    return;
  }
  const threshold = readSettings().at_risk_below;
  table.tBodies[0].replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement("tr");
      for (const [key, , , numeric] of columns) {
        const td = document.createElement("td");
        if (numeric) td.className = "num";
        td.textContent = cell(row, key);
        if (key === "p_alive" && row.frequency > 0 && row.p_alive < threshold) td.classList.add("risk");
        if (key.startsWith("p") && key.length === 2 && row.p_purchases) {
          td.title = t("clv.pmf.title", { list: row.p_purchases.map((p, n) => `${n}: ${fmt(p, 3)}`).join(", ") });
        }
        tr.append(td);
      }
      return tr;
    }),
  );
}

const LIST_COLUMNS = COLUMNS.filter(([k]) => ["customer", "frequency", "p_alive", "expected_purchases", "expected_avg_spend", "clv"].includes(k));

function renderList(table, rows) {
  header(table, LIST_COLUMNS, false);
  body(table, rows, LIST_COLUMNS);
}

function tableColumns() {
  return COLUMNS.filter(([k]) => k !== "holdout_purchases" || state.report?.holdout);
}

function requestPage() {
  state.pageId += 1;
  worker().postMessage({ type: "clvPage", id: state.pageId, query: state.query });
}

function renderPage(page) {
  const columns = tableColumns();
  header($("customers"), columns, true);
  body($("customers"), page.rows, columns);
  const from = page.total ? page.offset + 1 : 0;
  const to = page.offset + page.rows.length;
  $("page-info").textContent = t("clv.page.info", { from: integer(from), to: integer(to), total: integer(page.total) });
  $("prev").disabled = page.offset === 0;
  $("next").disabled = to >= page.total;
}

function sortBy(key) {
  if (state.query.sort === key) state.query.descending = !state.query.descending;
  else {
    state.query.sort = key;
    state.query.descending = key !== "customer";
  }
  state.query.offset = 0;
  requestPage();
}

// ---- events -------------------------------------------------------------

function main() {
  const key = wireFileChoice({
    samples: SAMPLES,
    fallback: "cdnow",
    onSample: (sample) => openSample(sample),
    onFile: (file) => open(file, file.name),
  });
  $("settings").addEventListener("submit", (e) => {
    e.preventDefault();
    if (!state.report) return;
    document.body.dataset.ready = "false";
    showError("");
    state.query.offset = 0;
    worker().postMessage({ type: "clvAnalyse", settings: readSettings() });
  });
  $("settings").elements.model.addEventListener("change", () => $("settings").requestSubmit());
  let timer;
  $("filter").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.query.filter = $("filter").value;
      state.query.offset = 0;
      requestPage();
    }, 150);
  });
  $("prev").addEventListener("click", () => {
    state.query.offset = Math.max(0, state.query.offset - PAGE);
    requestPage();
  });
  $("next").addEventListener("click", () => {
    state.query.offset += PAGE;
    requestPage();
  });
  $("export-csv").addEventListener("click", () => worker().postMessage({ type: "clvExport", what: "csv" }));
  $("export-json").addEventListener("click", () => worker().postMessage({ type: "clvExport", what: "json" }));
  openSample(key).catch((e) => showError(e.message));
}

main();
