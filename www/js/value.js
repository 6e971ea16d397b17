// The perceived value page: an editable value sheet (offers × criteria); the
// core checks every cell as typed, says which are bad (by position), and
// computes benefit, cost, value, ratio, ranking, drivers and both charts on
// every change (debounced). A sheet with a bad cell has no ranking until it is
// fixed. JS only edits the sheet (cells as text) and renders what the core says.
import { loadCore } from "./core.js";
import { el } from "./dom.js";
import { t, translatePage } from "./i18n.js";
import { downloadText } from "./download.js";
import { amount } from "./format.js";
import { TpChart } from "./elements/tp-chart.js";
import { onOtherTab, readJSON, status as storageStatus, writeJSON } from "./storage.js";

TpChart.define();
translatePage();

const STORE = "tp.value.sheet";
const $ = (id) => document.getElementById(id);
const fmt = (v) => amount(v, 2);
const signed = (v) => (v == null ? "–" : (v > 0 ? "+" : "") + fmt(v));

let core;
/** The categories of each side, from the core's sheet reader (`valueCategories`). */
let categories = { benefit: [], cost: [] };
/** The sheet as typed: {offers: [text], criteria: [{name, side, category, weight: text, ratings: [text]}]}. */
let sheet = { offers: [], criteria: [] };
/** The core's bad cells: key `${row}:${col}` (row -1 = offer names) → message. */
const errors = new Map();
let lastResult = null;
let timer = 0;

function categoriesOf(side) {
  return side === "cost" ? categories.cost : categories.benefit;
}

// ---------------------------------------------------------------- table

function cellInput(row, col, value, label) {
  const input = el("input", { type: "text", value, "aria-label": label, "data-row": row, "data-col": col, autocomplete: "off", spellcheck: false });
  return input;
}

function cell(input, row, col) {
  const td = el(row === -1 ? "th" : "td", { class: typeof col === "number" || col === "weight" ? "num" : "" }, input);
  const msg = el("span", { class: "cell-error", id: `err-${row}-${col}` });
  msg.hidden = true;
  td.append(msg);
  return td;
}

function sideSelect(row, side, name) {
  const select = el("select", { "aria-label": t("value.aria.side", { name }), "data-row": row, "data-col": "side" });
  for (const s of ["benefit", "cost"]) select.append(el("option", { value: s, text: t(`value.side.${s}`) }));
  select.value = side;
  return select;
}

function categorySelect(row, side, category, name) {
  const select = el("select", { "aria-label": t("value.aria.category", { name }), "data-row": row, "data-col": "category" });
  fillCategories(select, side, category);
  return select;
}

function fillCategories(select, side, category) {
  select.replaceChildren(el("option", { value: "", text: t("value.category.none") }));
  for (const c of categoriesOf(side)) select.append(el("option", { value: c, text: t(`value.category.${c}`) }));
  if (category && !categoriesOf(side).includes(category)) select.append(el("option", { value: category, text: category }));
  select.value = category || "";
}

/** Rebuilds the whole table (after a structural change or a load). */
function renderTable() {
  const head = $("sheet").tHead;
  const body = $("sheet").tBodies[0];
  const tr = el("tr");
  tr.append(
    el("th", { scope: "col", text: t("value.col.criterion") }),
    el("th", { scope: "col", text: t("value.col.side") }),
    el("th", { scope: "col", text: t("value.col.category") }),
    el("th", { scope: "col", class: "num", text: t("value.col.weight") }),
  );
  sheet.offers.forEach((offer, oi) => {
    const input = cellInput(-1, oi, offer, oi === 0 ? t("value.aria.offer.ours", { n: oi + 1 }) : t("value.aria.offer", { n: oi + 1 }));
    input.className = "offer-name";
    const th = cell(input, -1, oi);
    th.setAttribute("scope", "col");
    th.classList.add("offer");
    const tools = el("div", { class: "offer-tools" });
    tools.append(el("span", { class: oi === 0 ? "pill" : "pill unclassified", text: oi === 0 ? t("value.ours") : t("value.competitor") }));
    const remove = el("button", { type: "button", class: "icon", text: "×", title: t("value.remove.offer", { name: offer }), "aria-label": t("value.remove.offer", { name: offer }), "data-remove-offer": oi });
    remove.disabled = sheet.offers.length <= 1;
    tools.append(remove);
    th.prepend(tools);
    tr.append(th);
  });
  tr.append(el("th", { scope: "col" }, el("span", { class: "visually-hidden", text: t("value.col.actions") })));
  head.replaceChildren(tr);

  body.replaceChildren();
  sheet.criteria.forEach((c, ci) => {
    const row = el("tr", { class: c.side === "cost" ? "cost" : "benefit" });
    const name = c.name || t("value.criterion.unnamed", { n: ci + 1 });
    row.append(
      cell(cellInput(ci, "name", c.name, t("value.aria.name", { n: ci + 1 })), ci, "name"),
      el("td", {}, sideSelect(ci, c.side, name)),
      el("td", {}, categorySelect(ci, c.side, c.category, name)),
      cell(cellInput(ci, "weight", c.weight, t("value.aria.weight", { name })), ci, "weight"),
    );
    sheet.offers.forEach((offer, oi) => {
      const input = cellInput(ci, oi, c.ratings[oi] ?? "", t("value.aria.rating", { name, offer }));
      input.inputMode = "decimal";
      row.append(cell(input, ci, oi));
    });
    const remove = el("button", { type: "button", class: "icon", text: "×", title: t("value.remove.criterion", { name }), "aria-label": t("value.remove.criterion", { name }), "data-remove-criterion": ci });
    row.append(el("td", {}, remove));
    body.append(row);
  });
  showProblems(lastResult?.problems ?? []);
}

/** Keeps the accessible names of the cells in step with edited offer and criterion names. */
function relabel() {
  const table = $("sheet");
  sheet.offers.forEach((offer, oi) => {
    const remove = table.querySelector(`[data-remove-offer="${oi}"]`);
    if (remove) remove.title = remove.ariaLabel = t("value.remove.offer", { name: offer });
  });
  sheet.criteria.forEach((c, ci) => {
    const name = c.name || t("value.criterion.unnamed", { n: ci + 1 });
    const at = (col) => table.querySelector(`[data-row="${ci}"][data-col="${col}"]`);
    at("side")?.setAttribute("aria-label", t("value.aria.side", { name }));
    at("category")?.setAttribute("aria-label", t("value.aria.category", { name }));
    at("weight")?.setAttribute("aria-label", t("value.aria.weight", { name }));
    sheet.offers.forEach((offer, oi) => at(oi)?.setAttribute("aria-label", t("value.aria.rating", { name, offer })));
    const remove = table.querySelector(`[data-remove-criterion="${ci}"]`);
    if (remove) remove.title = remove.ariaLabel = t("value.remove.criterion", { name });
  });
}

function setError(row, col, message) {
  const key = `${row}:${col}`;
  if (message) errors.set(key, message);
  else errors.delete(key);
  const msg = $(`err-${row}-${col}`);
  const input = document.querySelector(`#sheet [data-row="${row}"][data-col="${col}"]`);
  if (msg) {
    msg.textContent = message || "";
    msg.hidden = !message;
  }
  if (input) {
    if (message) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", `err-${row}-${col}`);
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }
}

/** Marks the cells the core found bad ({row, col, code, text, message}) and clears the others. */
function showProblems(problems) {
  for (const key of [...errors.keys()]) {
    const [row, col] = key.split(":");
    setError(row, col, "");
  }
  for (const p of problems) {
    const key = `value.err.${p.code}`;
    const text = t(key, { text: p.text });
    setError(p.row, p.col, text === key ? p.message : text);
  }
  $("cell-errors").textContent = errors.size ? t("value.err.count", { n: errors.size }) : "";
}

function onInput(event) {
  const target = event.target;
  if (!target.dataset || target.dataset.row === undefined) return;
  const row = Number(target.dataset.row);
  const col = target.dataset.col;
  if (row === -1) {
    sheet.offers[Number(col)] = target.value;
    relabel();
  } else if (col === "name") {
    sheet.criteria[row].name = target.value;
    relabel();
  } else if (col === "side") {
    const c = sheet.criteria[row];
    c.side = target.value;
    if (c.category && !categoriesOf(c.side).includes(c.category)) c.category = categoriesOf(c.side)[0];
    fillCategories(target.closest("tr").querySelector('[data-col="category"]'), c.side, c.category);
    target.closest("tr").className = c.side;
  } else if (col === "category") {
    sheet.criteria[row].category = target.value;
  } else if (col === "weight") {
    sheet.criteria[row].weight = target.value;
  } else {
    sheet.criteria[row].ratings[Number(col)] = target.value;
  }
  schedule();
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(recompute, 100);
}

// ---------------------------------------------------------------- results

function recompute() {
  clearTimeout(timer);
  if (!core) return;
  keep();
  let result;
  try {
    result = core.perceivedValue(sheet);
  } catch (e) {
    showLoadError(e.message);
    return;
  }
  lastResult = result;
  showProblems(result.problems);
  if (result.problems.length) renderInvalid(result.problems.length);
  else renderResults(result);
}

/** A sheet with bad cells: no ranking, no charts, until they are fixed. */
function renderInvalid(n) {
  $("results").dataset.state = "invalid";
  $("value-map").svg = "";
  $("benefit-cost").svg = "";
  $("summary").textContent = t("value.invalid", { n });
  $("ranking").tBodies[0].replaceChildren(el("tr", {}, el("td", { colSpan: 8, class: "muted", text: t("value.invalid.ranking", { n }) })));
  $("drivers").tBodies[0].replaceChildren();
  $("drivers-offer").replaceChildren();
  $("drivers-rival").textContent = "";
  $("notes").replaceChildren();
}

function renderResults({ report, value_map_svg, benefit_cost_svg }) {
  $("results").dataset.state = "ranked";
  $("value-map").svg = value_map_svg;
  $("benefit-cost").svg = benefit_cost_svg;
  const body = $("ranking").tBodies[0];
  body.replaceChildren();
  const offers = [...report.offers].sort((a, b) => a.rank - b.rank);
  for (const o of offers) {
    const tr = el("tr", { class: o.ours ? "ours" : "", "data-offer": o.name });
    const nameCell = el("td", {}, el("span", { class: "offer-label", text: o.name }));
    if (o.ours) nameCell.append(" ", el("span", { class: "pill", text: t("value.ours") }));
    const ratio = o.ratio == null ? el("span", { text: "–", title: o.ratio_note || "" }) : document.createTextNode(fmt(o.ratio));
    const fair = o.above_fair_value == null ? "–" : o.above_fair_value ? t("value.fair.above") : t("value.fair.below");
    const gap = el("td", { class: "num", text: signed(o.gap_to_rival) });
    if (o.rival) gap.title = t("value.gap.title", { rival: o.rival });
    tr.append(
      el("td", { class: "num", text: String(o.rank) }),
      nameCell,
      el("td", { class: "num", text: fmt(o.benefit) }),
      el("td", { class: "num", text: fmt(o.cost) }),
      el("td", { class: "num strong", text: fmt(o.value) }),
      el("td", { class: "num" }, ratio),
      gap,
      el("td", { class: o.above_fair_value ? "good" : "", text: fair }),
    );
    body.append(tr);
  }
  // Summary in words.
  const ours = report.offers.find((o) => o.ours);
  const summary = $("summary");
  if (ours && report.best_competitor != null) {
    const best = report.offers.find((o) => o.name === report.best_competitor);
    summary.textContent = t(report.gap_to_best_competitor >= 0 ? "value.summary.ahead" : "value.summary.behind", {
      ours: ours.name,
      rank: ours.rank,
      n: report.offers.length,
      value: fmt(ours.value),
      best: best.name,
      bestValue: fmt(best.value),
      gap: signed(report.gap_to_best_competitor),
      driver: ours.drivers[0] ? ours.drivers[0].criterion : "–",
    });
  } else if (ours) {
    summary.textContent = t("value.summary.alone", { ours: ours.name, value: fmt(ours.value) });
  } else {
    summary.textContent = "";
  }
  const notes = $("notes");
  notes.replaceChildren();
  for (const n of report.notes) notes.append(el("li", { text: n }));
  for (const p of report.problems) notes.append(el("li", { class: "problem", text: t("value.problem", { line: p.line, message: p.message }) }));
  renderDrivers(report);
}

function renderDrivers(report) {
  const select = $("drivers-offer");
  const previous = select.value;
  select.replaceChildren(...report.offers.map((o) => el("option", { value: o.name, text: o.ours ? `${o.name} (${t("value.ours")})` : o.name })));
  select.value = report.offers.some((o) => o.name === previous) ? previous : report.ours ?? "";
  const offer = report.offers.find((o) => o.name === select.value);
  const body = $("drivers").tBodies[0];
  body.replaceChildren();
  $("drivers-rival").textContent = offer && offer.rival ? t("value.drivers.rival", { offer: offer.name, rival: offer.rival, gap: signed(offer.gap_to_rival) }) : t("value.drivers.none");
  if (!offer) return;
  const max = Math.max(1e-9, ...offer.drivers.map((d) => Math.abs(d.contribution)));
  for (const d of offer.drivers) {
    const bar = el("span", { class: `bar ${d.contribution >= 0 ? "plus" : "minus"}` });
    bar.style.width = `${(50 * Math.abs(d.contribution)) / max}%`;
    body.append(
      el(
        "tr",
        {},
        el("td", { text: d.criterion }),
        el("td", { text: `${t(`value.side.${d.side}`)}${d.category ? ` · ${d.category}` : ""}` }),
        el("td", { class: "num", text: fmt(d.weight) }),
        el("td", { class: "num", text: fmt(d.rating) }),
        el("td", { class: "num", text: fmt(d.rival_rating) }),
        el("td", { class: `num ${d.contribution > 0 ? "good" : d.contribution < 0 ? "bad" : ""}`, text: signed(d.contribution) }),
        el("td", { class: "bar-cell" }, el("span", { class: "axis" }), bar),
      ),
    );
  }
}

// ---------------------------------------------------------------- structure

function uniqueName(base, taken) {
  for (let i = 1; ; i++) {
    const name = `${base} ${i}`;
    if (!taken.some((x) => x.trim().toLowerCase() === name.toLowerCase())) return name;
  }
}

function addCriterion() {
  sheet.criteria.push({ name: uniqueName(t("value.new.criterion"), sheet.criteria.map((c) => c.name)), side: "benefit", category: "", weight: "1", ratings: sheet.offers.map(() => "") });
  renderTable();
  recompute();
  const input = document.querySelector(`#sheet [data-row="${sheet.criteria.length - 1}"][data-col="name"]`);
  input?.focus();
  input?.select();
}

function addOffer() {
  sheet.offers.push(uniqueName(t("value.new.offer"), sheet.offers));
  for (const c of sheet.criteria) c.ratings.push("");
  renderTable();
  recompute();
  const input = document.querySelector(`#sheet [data-row="-1"][data-col="${sheet.offers.length - 1}"]`);
  input?.focus();
  input?.select();
}

function onClick(event) {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.removeOffer !== undefined) {
    const oi = Number(button.dataset.removeOffer);
    if (sheet.offers.length <= 1) return;
    sheet.offers.splice(oi, 1);
    for (const c of sheet.criteria) c.ratings.splice(oi, 1);
    renderTable();
    recompute();
    document.querySelector(`#sheet [data-remove-offer="${Math.min(oi, sheet.offers.length - 1)}"]`)?.focus();
  } else if (button.dataset.removeCriterion !== undefined) {
    const ci = Number(button.dataset.removeCriterion);
    sheet.criteria.splice(ci, 1);
    renderTable();
    recompute();
    (document.querySelector(`#sheet [data-remove-criterion="${Math.min(ci, sheet.criteria.length - 1)}"]`) ?? $("add-criterion")).focus();
  }
}

/** Enter / Shift+Enter: the same column, next / previous row (like a spreadsheet). */
function onKeydown(event) {
  const target = event.target;
  if (event.key !== "Enter" || target.tagName !== "INPUT" || target.dataset.row === undefined) return;
  event.preventDefault();
  const row = Number(target.dataset.row) + (event.shiftKey ? -1 : 1);
  const next = document.querySelector(`#sheet [data-row="${row}"][data-col="${target.dataset.col}"]`);
  if (next) {
    next.focus();
    next.select?.();
  }
}

// ---------------------------------------------------------------- files

function showLoadError(message) {
  const box = $("load-error");
  box.textContent = message || "";
  box.hidden = !message;
}

/** A cell as text: numbers (an older saved sheet) written out, missing or not-a-number empty. */
const cellText = (v) => (v == null || (typeof v === "number" && !Number.isFinite(v)) || v === "NaN" ? "" : String(v));

function setSheet(next) {
  sheet = {
    offers: next.offers.map(cellText),
    criteria: next.criteria.map((c) => ({
      name: cellText(c.name),
      side: c.side === "cost" ? "cost" : "benefit",
      category: c.category ?? "",
      weight: cellText(c.weight),
      ratings: Array.from({ length: next.offers.length }, (_, i) => cellText(c.ratings?.[i])),
    })),
  };
  lastResult = null;
  renderTable();
  recompute();
}

async function openBytes(name, bytes) {
  try {
    const next = core.readValueSheet(name, bytes);
    showLoadError("");
    setSheet(next);
    $("sheet-hint").textContent = t("value.opened", { name, offers: next.offers.length, criteria: next.criteria.length });
  } catch (e) {
    showLoadError(t("value.err.open", { name, message: e.message }));
  }
}

async function openFile(file) {
  await openBytes(file.name, new Uint8Array(await file.arrayBuffer()));
}

async function loadExample() {
  const response = await fetch("samples/value-hotels.csv");
  await openBytes("value-hotels.csv", new Uint8Array(await response.arrayBuffer()));
}

function blankSheet() {
  const offers = [t("value.blank.ours"), t("value.blank.a"), t("value.blank.b")];
  const criteria = [...categories.benefit.map((c) => [c, "benefit"]), ...categories.cost.map((c) => [c, "cost"])].map(([category, side]) => ({
    name: t(`value.blank.${category}`),
    side,
    category,
    weight: "1",
    ratings: offers.map(() => ""),
  }));
  showLoadError("");
  setSheet({ offers, criteria });
  document.querySelector('#sheet [data-row="0"][data-col="0"]')?.focus();
}

function download(kind) {
  const checked = core.checkValueSheet(sheet);
  if (checked.problems.length) {
    showProblems(checked.problems);
    showLoadError(t("value.err.download", { n: errors.size }));
    document.querySelector('#sheet [aria-invalid="true"]')?.focus();
    return;
  }
  showLoadError("");
  if (kind === "csv") downloadText("value-sheet.csv", core.valueSheetCsv(sheet), "text/csv");
  else downloadText("value-sheet.json", `${JSON.stringify(checked.sheet, null, 2)}\n`, "application/json");
}

function setupDrop() {
  const overlay = $("drop-overlay");
  let depth = 0;
  document.addEventListener("dragenter", (e) => {
    if (!e.dataTransfer?.types.includes("Files")) return;
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const file = e.dataTransfer?.files?.[0];
    if (file) openFile(file);
  });
}

// ---------------------------------------------------------------- storage

/** The sheet as this tab last stored or read it (JSON), to tell another tab's change from ours. */
let storedText = null;

function usable(saved) {
  return saved && Array.isArray(saved.offers) && Array.isArray(saved.criteria) && saved.offers.length > 0;
}

/**
 * Keeps the sheet in the browser's storage. When the browser refuses (full, or
 * storage unavailable) the sheet stays in this tab and the notice says so, with a
 * download at once.
 */
function keep() {
  const text = JSON.stringify(sheet);
  if (text === storedText && storageStatus() === "ok") return;
  const result = writeJSON(STORE, sheet);
  storedText = text;
  showStorageNotice(result.ok ? null : result.reason);
}

function showStorageNotice(reason) {
  const box = $("storage-notice");
  box.hidden = !reason;
  if (reason) $("storage-notice-text").textContent = t(`value.storage.${reason}`);
}

/**
 * Another tab changed the stored sheet: this tab says so and lets the user load that
 * version or keep this one (which is then stored); neither is overwritten in silence.
 */
function onOtherSheet(saved) {
  if (!usable(saved) || JSON.stringify(saved) === JSON.stringify(sheet)) {
    $("sheet-sync").hidden = true;
    return;
  }
  pendingOther = saved;
  $("sheet-sync").hidden = false;
}

let pendingOther = null;

function restore() {
  const saved = readJSON(STORE);
  if (!usable(saved)) return false;
  setSheet(saved);
  storedText = JSON.stringify(saved);
  return true;
}

async function main() {
  const table = $("sheet");
  table.addEventListener("input", onInput);
  table.addEventListener("change", (e) => e.target.tagName === "SELECT" && onInput(e));
  table.addEventListener("click", onClick);
  table.addEventListener("keydown", onKeydown);
  $("add-criterion").addEventListener("click", addCriterion);
  $("add-offer").addEventListener("click", addOffer);
  $("load-example").addEventListener("click", loadExample);
  $("new-sheet").addEventListener("click", blankSheet);
  $("download-csv").addEventListener("click", () => download("csv"));
  $("download-json").addEventListener("click", () => download("json"));
  $("drivers-offer").addEventListener("change", () => lastResult?.report && renderDrivers(lastResult.report));
  $("open-file").addEventListener("click", () => $("file-input").click());
  $("file-input").addEventListener("change", (e) => {
    const file = e.target.files?.[0];
    if (file) openFile(file);
    e.target.value = "";
  });
  document.addEventListener("keydown", (e) => {
    if (!e.altKey || !e.shiftKey) return;
    if (e.code === "KeyC") {
      e.preventDefault();
      addCriterion();
    } else if (e.code === "KeyO") {
      e.preventDefault();
      addOffer();
    }
  });
  setupDrop();
  $("storage-download").addEventListener("click", () => download("json"));
  onOtherTab(STORE, (_key, saved) => onOtherSheet(saved));
  $("sheet-sync-load").addEventListener("click", () => {
    $("sheet-sync").hidden = true;
    if (!pendingOther) return;
    setSheet(pendingOther);
    storedText = JSON.stringify(pendingOther);
    pendingOther = null;
  });
  $("sheet-sync-keep").addEventListener("click", () => {
    $("sheet-sync").hidden = true;
    pendingOther = null;
    storedText = null;
    keep();
  });
  if (storageStatus() === "unavailable") showStorageNotice("unavailable");
  core = await loadCore();
  categories = core.valueCategories();
  if (!restore()) await loadExample();
  document.body.dataset.ready = "true";
}

main().catch((e) => showLoadError(e.message));
