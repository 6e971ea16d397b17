// <tp-attribution-view>: which channels get the credit for conversions and their
// value, by seven models side by side (first touch, last touch, linear, time decay,
// position based, Markov, Shapley): summary cards, the table for conversions or
// value, the comparison chart built by the core, a plain-words paragraph per model,
// the settings, and exports (table CSV, Markov transition matrix CSV; the chart as
// SVG/PNG). Every number comes from the core (Session.attribution in the worker).
//
// Contract with the page (www/js/journeys.js):
//   view.ask = (type, params) => Promise   // a question to the worker: "attribution"
//                                          // ({settings}) → {report, charts},
//                                          // "attributionCsv" ({what, settings}) → text
//   view.report = report                   // the analysis report; starts a render
// Events (bubbling): `attribution-change` (detail: {report, settings}) after each result.
// State for tests and styles: data-state = loading | ready | none | error.
import { downloadText } from "../download.js";
import { t } from "../i18n.js";
import { TpChart } from "./tp-chart.js";
import { el } from "../dom.js";
import { card, chart, clone, fmt, numberField, pct, readNumber, selectField } from "./view-helpers.js";

TpChart.define();

const MODELS = ["first_touch", "last_touch", "linear", "time_decay", "position_based", "markov", "shapley"];
const DIMENSIONS = ["touchpoint", "channel", "kind", "owner", "stage", "media", "direction"];

export class TpAttributionView extends HTMLElement {
  static define(tag = "tp-attribution-view") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  constructor() {
    super();
    this.ask = null;
    this._report = null;
    this._result = null;
    this._settings = null; // null: the core's defaults
    this._metric = "conversions";
    this._generation = 0;
  }

  /** The analysis report (its `attribution` key tells whether there is anything to attribute). */
  set report(value) {
    this._report = value;
    this.refresh();
  }

  get report() {
    return this._report;
  }

  /** The last attribution result: {report, charts: {conversions, value}}. */
  get result() {
    return this._result;
  }

  /** The settings in use (an AttributionSettings object), after the first result. */
  get settings() {
    return this._result?.report.settings ?? null;
  }

  /** Computes the attribution with `settings` (null: defaults) and renders it. */
  async refresh(settings = this._settings) {
    const generation = ++this._generation;
    const report = this._report;
    if (!report) return;
    this.classList.add("tp-view", "attribution-view");
    if (!report.attribution) {
      this.dataset.state = "none";
      this.replaceChildren(el("p", { class: "muted", text: t("attr.none") }));
      return;
    }
    this.dataset.state = "loading";
    this.setAttribute("aria-busy", "true");
    this.status(t("attr.loading"));
    try {
      const result = this.ask ? await this.ask("attribution", { settings }) : { report: report.attribution, charts: {} };
      if (generation !== this._generation) return;
      this._settings = settings;
      this._result = result;
      this.render();
      this.dataset.state = "ready";
      this.dispatchEvent(new CustomEvent("attribution-change", { bubbles: true, composed: true, detail: { report: result.report, settings: result.report.settings } }));
    } catch (e) {
      if (generation !== this._generation) return;
      this.dataset.state = "error";
      this.showError(e.message || String(e));
    } finally {
      if (generation === this._generation) this.removeAttribute("aria-busy");
    }
  }

  status(text) {
    let line = this.querySelector(":scope > .attr-status");
    if (!line) {
      line = el("p", { class: "attr-status small muted", role: "status" });
      this.prepend(line);
    }
    line.textContent = text;
  }

  showError(message) {
    this.status("");
    let box = this.querySelector(":scope > .error");
    if (!box) {
      box = el("p", { class: "error", role: "alert" });
      this.querySelector(":scope > .attr-status")?.after(box);
    }
    box.textContent = message;
  }

  // ------------------------------------------------------------ rendering

  render() {
    const r = this._result.report;
    const value = this._metric === "value";
    const status = el("p", { class: "attr-status small muted", role: "status", text: t("attr.status", { paths: fmt(r.paths, 0), channels: r.channels.length, conversions: fmt(r.conversions, 2) }) });
    const parts = [
      status,
      el("p", { class: "small muted", text: t("attr.lead") }),
      this.cards(r),
      this.toolbar(),
      this.table(r, value),
      el("div", { class: "attr-chart" }, chart(value ? this._result.charts?.value : this._result.charts?.conversions, value ? "attribution-value" : "attribution")),
      r.markov ? el("p", { class: "small muted markov-facts", text: this.markovFacts(r.markov) }) : null,
      this.explanations(r),
      this.settingsForm(r),
      this.notes(r),
    ];
    this.replaceChildren(...parts.filter(Boolean));
  }

  cards(r) {
    return el(
      "div",
      { class: "cards attr-cards" },
      card(t("attr.card.conversions"), fmt(r.conversions, 2), null, { "data-figure": "conversions" }),
      card(t("attr.card.value"), fmt(r.value, 2), null, { "data-figure": "value" }),
      card(t("attr.card.nulls"), fmt(r.nulls, 2), t("attr.card.nulls.hint"), { "data-figure": "nulls" }),
      card(t("attr.card.channels"), String(r.channels.length), t("attr.card.channels.hint", { dimension: t(`attr.set.dimension.${r.dimension}`) }), { "data-figure": "channels" }),
      card(t("attr.card.paths"), fmt(r.paths, 0), t("attr.card.paths.hint", { distinct: fmt(r.distinct_paths, 0) }), { "data-figure": "paths" }),
    );
  }

  toolbar() {
    const group = el("fieldset", { class: "metric-toggle" }, el("legend", { class: "small", text: t("attr.metric") }));
    for (const metric of ["conversions", "value"]) {
      const id = `attr-metric-${metric}-${Math.random().toString(36).slice(2, 7)}`;
      const input = el("input", { type: "radio", name: "attr-metric", id, value: metric, checked: this._metric === metric });
      input.addEventListener("change", () => {
        this._metric = metric;
        this.render();
        this.querySelector(`.metric-toggle input[value="${metric}"]`)?.focus();
      });
      group.append(el("label", { for: id }, input, ` ${t(`attr.metric.${metric}`)}`));
    }
    const table = el("button", { type: "button", class: "export-table", text: t("attr.export.table") });
    table.addEventListener("click", () => this.export("table", "attribution.csv"));
    const matrix = el("button", { type: "button", class: "export-matrix", text: t("attr.export.matrix") });
    matrix.addEventListener("click", () => this.export("matrix", `attribution-transition-matrix-order-${this.settings?.order ?? 1}.csv`));
    return el("div", { class: "toolbar attr-toolbar" }, group, el("span", { class: "spacer" }), table, matrix);
  }

  async export(what, name) {
    try {
      const text = await this.ask("attributionCsv", { what, settings: this._settings });
      downloadText(name, text, "text/csv");
    } catch (e) {
      this.showError(e.message || String(e));
    }
  }

  table(r, value) {
    const key = value ? "value" : "conversions";
    const decimals = value ? 2 : 1;
    const models = MODELS.filter((m) => r.models[m]);
    const errors = r.shapley?.standard_errors;
    const head = el(
      "tr",
      {},
      el("th", { scope: "col", text: t("attr.col.channel") }),
      el("th", { scope: "col", class: "num", title: t("attr.col.touched.title"), text: t("attr.col.touched") }),
      ...models.map((m) => el("th", { scope: "col", class: "num", "data-model": m, text: t(`attr.model.${m}`) })),
      r.markov ? el("th", { scope: "col", class: "num", title: t("attr.col.effect.title"), text: t("attr.col.effect") }) : null,
    );
    const body = el("tbody");
    for (const channel of r.channels) {
      const row = el("tr", { "data-channel": channel }, el("th", { scope: "row", text: channel }), el("td", { class: "num muted", text: fmt(r.touched[channel]?.[key], decimals) }));
      for (const m of models) {
        const v = r.models[m][channel]?.[key] ?? 0;
        const cell = el("td", { class: `num${v < 0 ? " negative" : ""}`, "data-model": m, "data-value": String(v), text: fmt(v, decimals) });
        const se = m === "shapley" ? errors?.[channel]?.[key] : null;
        if (se != null) cell.append(" ", el("span", { class: "se small muted", title: t("attr.se.title"), text: t("attr.se", { se: fmt(se, decimals) }) }));
        row.append(cell);
      }
      if (r.markov) {
        const effect = r.removal_effects[channel]?.[key] ?? 0;
        row.append(el("td", { class: "num", "data-model": "removal_effect", "data-value": String(effect), text: pct(effect) }));
      }
      body.append(row);
    }
    const total = value ? r.value : r.conversions;
    const foot = el(
      "tr",
      { class: "total" },
      el("th", { scope: "row", text: t("attr.total") }),
      el("td", {}),
      ...models.map((m) => {
        const sum = r.channels.reduce((s, c) => s + (r.models[m][c]?.[key] ?? 0), 0);
        return el("td", { class: "num", "data-model": m, "data-value": String(sum), text: fmt(Math.abs(sum - total) < 1e-6 * Math.max(1, Math.abs(total)) ? total : sum, decimals) });
      }),
      r.markov ? el("td", {}) : null,
    );
    const metric = t(value ? "attr.metric.value" : "attr.metric.conversions").toLowerCase();
    const caption = t("attr.table.caption", { metric });
    // A scroll box the keyboard can reach (a named region), as every wide table.
    return el(
      "div",
      { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption },
      el("table", { class: "data attribution-table" }, el("caption", { class: "visually-hidden", text: caption }), el("thead", {}, head), body, el("tfoot", {}, foot)),
    );
  }

  markovFacts(m) {
    return t("attr.markov.facts", {
      order: m.order,
      states: fmt(m.states, 0),
      transitions: fmt(m.transitions, 0),
      p: fmt(m.conversion_probability, 4),
      components: fmt(m.solver.components, 0),
      largest: fmt(m.solver.largest_component, 0),
      residual: m.solver.max_residual.toExponential(1),
    });
  }

  /** One plain-words paragraph per model, with the settings in use. */
  explanations(r) {
    const s = r.settings;
    const p = r.position;
    const text = {
      first_touch: t("attr.explain.first_touch"),
      last_touch: t("attr.explain.last_touch"),
      linear: t("attr.explain.linear"),
      time_decay: t(`attr.explain.time_decay.${r.time_decay.basis}`, { half: fmt(r.time_decay.half_life, 2) }),
      position_based: t("attr.explain.position_based", { first: fmt(p.first * 100, 1), middle: fmt(p.middle * 100, 1), last: fmt(p.last * 100, 1) }),
      markov: s.order === 1 ? t("attr.explain.markov.one") : t("attr.explain.markov", { order: s.order }),
      shapley: this.shapleyText(r),
    };
    const list = el("dl", { class: "model-explanations" });
    for (const m of MODELS.filter((k) => r.models[k])) {
      list.append(el("dt", { "data-model": m, text: t(`attr.model.${m}`) }), el("dd", { "data-model": m, text: text[m] }));
    }
    return el("section", { class: "attr-explain", "aria-labelledby": "attr-explain-heading" }, el("h3", { id: "attr-explain-heading", text: t("attr.explain.heading") }), list);
  }

  shapleyText(r) {
    const sh = r.shapley;
    if (!sh) return "";
    if (sh.game === "conversions") return t("attr.explain.shapley.conversions");
    const how =
      sh.method === "exact"
        ? t("attr.explain.shapley.exact", { coalitions: fmt(sh.coalitions, 0), channels: sh.channels })
        : t("attr.explain.shapley.sampled", { channels: sh.channels, limit: r.settings.shapley_exact_limit, permutations: fmt(sh.permutations, 0) });
    return `${t("attr.explain.shapley.rate")} ${how}`;
  }

  // ------------------------------------------------------------ settings

  settingsForm(r) {
    const s = r.settings;
    const timed = r.time_decay.basis === "days";
    const pc = (v) => Math.round(v * 1000) / 10;
    const p = r.position;
    const form = el("form", { class: "settings-form attr-settings", novalidate: true });
    form.append(
      el(
        "fieldset",
        {},
        el("legend", { text: t("attr.settings") }),
        selectField(t("attr.set.dimension"), "dimension", s.dimension, DIMENSIONS.map((d) => [d, t(`attr.set.dimension.${d}`)])),
        timed ? selectField(t("attr.set.paths"), "conversion_paths", s.conversion_paths, ["first", "each"].map((v) => [v, t(`attr.set.paths.${v}`)])) : null,
        selectField(t("attr.set.order"), "order", String(s.order), ["1", "2", "3", "4"].map((v) => [v, v])),
        el("p", { class: "hint small muted", text: t("attr.set.order.hint") }),
        selectField(t("attr.set.game"), "shapley_game", s.shapley_game, ["conversions", "rate"].map((v) => [v, t(`attr.set.game.${v}`)])),
      ),
      el(
        "fieldset",
        {},
        el("legend", { text: t("attr.model.time_decay") + " · " + t("attr.model.position_based") }),
        timed
          ? numberField(t("attr.set.half"), "half_life_days", s.half_life_days, { min: 0 })
          : numberField(t("attr.set.half.steps"), "half_life_steps", s.half_life_steps, { min: 0 }),
        numberField(t("attr.set.first"), "first", pc(p.first), { min: 0, max: 100 }),
        numberField(t("attr.set.middle"), "middle", pc(p.middle), { min: 0, max: 100 }),
        numberField(t("attr.set.last"), "last", pc(p.last), { min: 0, max: 100 }),
      ),
    );
    const error = el("p", { class: "error", role: "alert", hidden: true });
    const apply = el("button", { type: "submit", class: "primary", text: t("attr.set.apply") });
    const reset = el("button", { type: "button", text: t("attr.set.reset") });
    form.append(el("div", { class: "toolbar" }, apply, reset), error);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const next = this.readSettings(form, error, s);
      if (next) this.refresh(next);
    });
    form.addEventListener("change", (ev) => {
      if (ev.target.tagName === "SELECT") form.requestSubmit();
    });
    reset.addEventListener("click", () => this.refresh(null));
    return form;
  }

  /** The form as AttributionSettings, or null (with a message) when a field is invalid. */
  readSettings(form, error, current) {
    const next = clone(current);
    const bad = [];
    const num = (name, { positive = false } = {}) => {
      const input = form.elements[name];
      if (!input) return undefined;
      const v = readNumber(form, name);
      const ok = v !== null && !Number.isNaN(v) && (positive ? v > 0 : v >= 0);
      input.toggleAttribute("aria-invalid", !ok);
      if (!ok) bad.push(input.labels[0].textContent);
      return ok ? v : undefined;
    };
    next.dimension = form.elements.dimension.value;
    if (form.elements.conversion_paths) next.conversion_paths = form.elements.conversion_paths.value;
    next.order = Number(form.elements.order.value);
    next.shapley_game = form.elements.shapley_game.value;
    if (form.elements.half_life_days) next.half_life_days = num("half_life_days", { positive: true });
    if (form.elements.half_life_steps) next.half_life_steps = num("half_life_steps", { positive: true });
    const position = { first: num("first"), middle: num("middle"), last: num("last") };
    if (!bad.length && position.first + position.middle + position.last <= 0) bad.push(t("attr.set.first"));
    next.position = { first: position.first / 100, middle: position.middle / 100, last: position.last / 100 };
    error.hidden = !bad.length;
    error.textContent = bad.length ? t("attr.set.invalid", { fields: bad.join(", ") }) : "";
    return bad.length ? null : next;
  }

  notes(r) {
    const parts = [];
    if (r.notes.length) parts.push(el("h3", { text: t("attr.notes") }), el("ul", { class: "notice small attr-notes" }, ...r.notes.map((n) => el("li", { text: n }))));
    if (r.problems.length) {
      const items = r.problems.slice(0, 50).map((p) => el("li", { text: `${t("attr.line", { line: p.line })}${p.column ? `, ${t("attr.column", { column: p.column })}` : ""}: ${p.message}` }));
      parts.push(el("h3", { text: t("attr.problems", { n: r.problems.length }) }), el("ul", { class: "notice small attr-problems" }, ...items));
    }
    return parts.length ? el("div", { class: "attr-notes-wrap" }, ...parts) : null;
  }
}
