// Small DOM helpers shared by the engagement and value views (not an element).
// Text always goes in through textContent: labels from files never become markup.

/** Creates an element: props set attributes (class, text, aria-*, data-*, …), children appended. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k === "hidden") node.hidden = true;
    else if (k in node && !k.includes("-") && k !== "list") node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

const nf = {};
/** A number with at most `d` decimals ("–" when missing). */
export function fmt(v, d = 2) {
  if (v == null || Number.isNaN(v)) return "–";
  nf[d] ??= new Intl.NumberFormat("en", { maximumFractionDigits: d });
  return nf[d].format(Object.is(v, -0) ? 0 : v);
}

/** A share 0–1 as a percentage with one decimal. */
export function pct(v) {
  return v == null || Number.isNaN(v) ? "–" : `${fmt(v * 100, 1)}%`;
}

/** A summary card: label, big value, hint. */
export function card(label, value, hint, attrs = {}) {
  return el("div", { class: "card", ...attrs }, el("div", { class: "label", text: label }), el("div", { class: "value", text: value }), hint ? el("div", { class: "hint", text: hint }) : null);
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
  return el("div", { class: "table-wrap" }, el("table", { class: "data" }, caption ? el("caption", { class: "visually-hidden", text: caption }) : null, el("thead", {}, head), body));
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
