// Small view helpers shared by the engagement and value views (not an element),
// built with the one `el` of www/js/dom.js.
import { card as domCard, el } from "../dom.js";
import { amount, percent } from "../format.js";


/** A number with at most `d` decimals, in the page's language ("–" when missing; −0 as 0). */
export const fmt = amount;

/** A share 0–1 as a percentage with one decimal ("12.5%", "12,5%"). */
export function pct(v) {
  return percent(v, 1);
}

/** A summary card: label, big value, hint (none when empty); `attrs` as for `el`. */
export function card(label, value, hint, attrs = {}) {
  return domCard(label, value, hint || null, attrs);
}

/** A section panel with a heading. */
export function section(title, id, ...children) {
  return el("section", { class: "panel", "aria-labelledby": id }, el("h2", { id, text: title }), ...children);
}

/** A simple data table: columns [{label, num}], rows of cell values (strings or nodes). */
export function table(columns, rows, caption) {
  const head = el("tr", {}, ...columns.map((c) => el("th", { scope: "col", class: c.num ? "num" : "", text: c.label })));
  const body = el("tbody");
  for (const row of rows) {
    body.append(el("tr", {}, ...row.map((v, i) => el("td", { class: columns[i].num ? "num" : "" }, v instanceof Node ? v : document.createTextNode(String(v))))));
  }
  // A scroll box is reachable by the keyboard (a region named by the caption).
  return el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption || null }, el("table", { class: "data" }, caption ? el("caption", { class: "visually-hidden", text: caption }) : null, el("thead", {}, head), body));
}

/** A "How is this computed?" disclosure with paragraphs. */
export function how(summary, ...lines) {
  return el("details", { class: "how" }, el("summary", { text: summary }), ...lines.filter(Boolean).map((l) => el("p", { class: "small", text: l })));
}

/** A chart element showing `svg` (nothing when the chart is missing). */
export function chart(svg, name) {
  if (!svg) return null;
  const c = document.createElement("tp-chart");
  c.setAttribute("name", name);
  c.svg = svg;
  return c;
}

let fieldId = 0;
/** A labelled control: `.field` with the label, the control (given an id) and an optional hint. */
export function labelled(label, control, hint) {
  control.id ||= `f-${++fieldId}`;
  return el("div", { class: "field" }, el("label", { for: control.id, text: label }), control, hint ? el("span", { class: "hint small muted", text: hint }) : null);
}

/** A number input bound to a form field. */
export function numberField(label, name, value, { step = "any", min, max, placeholder, hint } = {}) {
  const id = `f-${name}-${Math.random().toString(36).slice(2, 8)}`;
  const input = el("input", { id, name, type: "number", step, min, max, placeholder, value: value == null ? "" : String(value) });
  return el("div", { class: "field" }, el("label", { for: id, text: label }), input, hint ? el("span", { class: "hint small muted", text: hint }) : null);
}

/** A select bound to a form field: options [[value, label]]. */
export function selectField(label, name, value, options) {
  const id = `f-${name}-${Math.random().toString(36).slice(2, 8)}`;
  const select = el("select", { id, name }, ...options.map(([v, l]) => el("option", { value: v, text: l })));
  select.value = value;
  return el("div", { class: "field" }, el("label", { for: id, text: label }), select);
}

/** A number from an input: "" → null, else a finite number or NaN. */
export function readNumber(form, name) {
  const text = form.elements[name]?.value?.trim() ?? "";
  if (text === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : NaN;
}

/** Deep copy of a JSON value. */
export const clone = (v) => (v == null ? v : JSON.parse(JSON.stringify(v)));

/** `rows` filtered by `matches(row, needle)` and sorted as `state` says (ties by the first column). */
function filterAndSort(rows, columns, state, matches) {
  const needle = state.filter.trim().toLowerCase();
  const kept = needle ? rows.filter((r) => matches(r, needle)) : rows;
  const dir = state.desc ? -1 : 1;
  return [...kept].sort((a, b) => {
    const x = a[state.sort];
    const y = b[state.sort];
    const c = typeof x === "string" && typeof y === "string" ? x.localeCompare(y) : (x ?? 0) - (y ?? 0);
    return c * dir || String(a[columns[0].key]).localeCompare(String(b[columns[0].key]));
  });
}

/**
 * A sortable, filterable table shown a page at a time. `columns`: [{key, label, num, title, format}];
 * `rows`: objects; `state`: {sort, desc, filter, page} (kept by the caller and changed here);
 * `matches(row, needle)`: the filter; `onChange()` re-renders (focus returns to the control used).
 * `shown` ({rows, matched}: the page's rows, already filtered and sorted by the core, and how many
 * rows match) takes the place of `rows` for a table served a page at a time.
 */
export function pagedTable({ columns, rows, shown, state, page, caption, filterLabel, filterPlaceholder, matches, empty, pageText, prev, next, onChange }) {
  const sorted = shown ? null : filterAndSort(rows, columns, state, matches);
  const matched = shown ? shown.matched : sorted.length;
  const pages = Math.max(1, Math.ceil(matched / page));
  state.page = Math.min(state.page, pages - 1);
  const start = state.page * page;
  const pageRows = shown ? shown.rows : sorted.slice(start, start + page);
  const wrap = el("div", { class: "paged-table" });
  // After the re-render, the same control of the new table gets the focus back.
  const refocus = async (selector) => {
    await onChange();
    document.querySelector(`[data-paged="${CSS.escape(caption)}"] ${selector}`)?.focus();
  };
  wrap.dataset.paged = caption;
  const filter = el("input", { type: "search", class: "filter", value: state.filter, placeholder: filterPlaceholder, "aria-label": filterLabel });
  filter.addEventListener("input", () => {
    state.filter = filter.value;
    state.page = 0;
    refocus("input.filter");
  });
  const head = el("tr");
  for (const c of columns) {
    const active = state.sort === c.key;
    const button = el("button", { type: "button", text: `${c.label}${active ? (state.desc ? " ▼" : " ▲") : ""}`, title: c.title });
    button.addEventListener("click", () => {
      state.desc = active ? !state.desc : Boolean(c.num);
      state.sort = c.key;
      refocus(`th[data-key="${c.key}"] button`);
    });
    head.append(el("th", { scope: "col", class: c.num ? "num" : "", "data-key": c.key, "aria-sort": active ? (state.desc ? "descending" : "ascending") : "none" }, button));
  }
  const body = el("tbody");
  for (const r of pageRows) {
    body.append(el("tr", {}, ...columns.map((c) => el("td", { class: c.num ? "num" : "", text: c.format ? c.format(r[c.key]) : String(r[c.key] ?? "–") }))));
  }
  if (!matched) body.append(el("tr", {}, el("td", { colSpan: columns.length, class: "muted", text: empty })));
  const pager = el("div", { class: "toolbar pager" });
  const back = el("button", { type: "button", text: prev, disabled: state.page === 0 });
  const forward = el("button", { type: "button", text: next, disabled: state.page >= pages - 1 });
  back.addEventListener("click", () => {
    state.page--;
    refocus(".pager button");
  });
  forward.addEventListener("click", () => {
    state.page++;
    refocus(".pager button:last-child");
  });
  pager.append(back, el("span", { class: "small muted", role: "status", text: pageText({ from: matched ? start + 1 : 0, to: Math.min(matched, start + page), total: matched, page: state.page + 1, pages }) }), forward);
  wrap.append(
    el("div", { class: "toolbar" }, filter),
    el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption }, el("table", { class: "data" }, el("caption", { class: "visually-hidden", text: caption }), el("thead", {}, head), body)),
    pager,
  );
  return wrap;
}
