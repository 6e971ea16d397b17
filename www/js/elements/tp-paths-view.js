// <tp-paths-view>: what journeys do step by step from an anchor, as a Sankey
// (every node and link counts unique journeys) and the transition matrix as a
// heat map; by touch point, channel or class; top N per step plus "Other";
// repeats collapsed; cleaning rules (regular expression → alias).
//
//   view.ask = (type, params) => Promise
//   view.report = report
import { t } from "../i18n.js";
import { downloadText } from "../download.js";
import { TpChart } from "./tp-chart.js";
import { el } from "../dom.js";
import { chart, fmt, how, labelled } from "./view-helpers.js";

TpChart.define();
let uid = 0;

export class TpPathsView extends HTMLElement {
  static define(tag = "tp-paths-view") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  constructor() {
    super();
    this.settings = { dimension: "touchpoint", anchor: "start", from: "", to: "", steps: 5, top: 5, collapse_repeats: true, end_node: true, cleaning: [] };
  }

  set report(report) {
    this._report = report;
    this.start();
  }

  /** Starts the paths at a step (the funnel's first step, from the page). */
  startAt(step) {
    this.settings.anchor = "start";
    this.settings.from = step;
    this.start();
  }

  async start() {
    this.classList.add("tp-view");
    this.choices ??= await this.ask("stepChoices");
    this.form = this.renderForm();
    this.error = el("div", { class: "error", role: "alert", hidden: true });
    this.results = el("div", { class: "paths-results", "aria-live": "polite" });
    this.replaceChildren(el("p", { class: "small muted", text: t("pv.lead") }), this.form, this.error, this.results);
    await this.apply();
  }

  field(label, input, hint) {
    return labelled(label, input, hint);
  }

  renderForm() {
    const s = this.settings;
    const form = el("form", { class: "settings-form paths-form", "aria-label": t("pv.form") });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.apply();
    });
    const select = (key, values, prefix) => {
      const sel = el("select", {}, ...values.map((v) => el("option", { value: v, text: t(`${prefix}.${v}`) })));
      sel.value = s[key];
      sel.addEventListener("change", () => {
        s[key] = sel.value;
        if (key === "anchor") this.start();
      });
      return sel;
    };
    const tpList = el("datalist", { id: "paths-tps" }, ...(this.choices?.touchpoints ?? []).map((n) => el("option", { value: n })));
    const text = (key, attrs) => {
      const input = el("input", { type: "text", list: "paths-tps", ...attrs });
      input.value = s[key] ?? "";
      input.addEventListener("input", () => (s[key] = input.value));
      return input;
    };
    const number = (key, min, max) => {
      const input = el("input", { type: "number", min: String(min), max: String(max), step: "1" });
      input.value = String(s[key]);
      input.addEventListener("input", () => (s[key] = Number(input.value)));
      return input;
    };
    const check = (key, label) => {
      const id = `paths-c${++uid}`;
      const box = el("input", { type: "checkbox", id });
      box.checked = !!s[key];
      box.addEventListener("change", () => (s[key] = box.checked));
      return el("div", { class: "field check" }, box, el("label", { for: id, text: label }));
    };
    const fields = [
      this.field(t("pv.dimension"), select("dimension", ["touchpoint", "channel", "kind", "owner", "stage", "media", "direction"], "pv.dim")),
      this.field(t("pv.anchor"), select("anchor", ["start", "end", "between"], "pv.anchor"), t(`pv.anchor.${s.anchor}.help`)),
    ];
    if (s.anchor !== "end") fields.push(this.field(t("pv.from"), text("from", { placeholder: s.anchor === "start" ? t("pv.from.placeholder") : "" }), t("pv.step.help")));
    if (s.anchor !== "start") fields.push(this.field(t("pv.to"), text("to", { placeholder: s.anchor === "end" ? t("pv.to.placeholder") : "" }), t("pv.step.help")));
    fields.push(this.field(t("pv.steps"), number("steps", 2, 20)), this.field(t("pv.top"), number("top", 1, 50), t("pv.top.help")), check("collapse_repeats", t("pv.collapse")), check("end_node", t("pv.endNode")));
    // Cleaning rules.
    const rules = el("fieldset", { class: "cleaning" }, el("legend", { text: t("pv.cleaning") }), el("p", { class: "small muted", text: t("pv.cleaning.help") }));
    s.cleaning.forEach((rule, i) => {
      const pattern = el("input", { type: "text", class: "pattern", "aria-label": t("pv.cleaning.pattern", { n: i + 1 }), placeholder: t("pv.cleaning.pattern.placeholder") });
      const alias = el("input", { type: "text", class: "alias", "aria-label": t("pv.cleaning.alias", { n: i + 1 }), placeholder: t("pv.cleaning.alias.placeholder") });
      pattern.value = rule.pattern;
      alias.value = rule.alias;
      pattern.addEventListener("input", () => (rule.pattern = pattern.value));
      alias.addEventListener("input", () => (rule.alias = alias.value));
      const remove = el("button", { type: "button", class: "icon", text: "✕", "aria-label": t("pv.cleaning.remove", { n: i + 1 }) });
      remove.addEventListener("click", () => {
        s.cleaning.splice(i, 1);
        this.start();
      });
      rules.append(el("div", { class: "toolbar rule" }, pattern, el("span", { class: "muted", text: "→" }), alias, remove));
    });
    const add = el("button", { type: "button", text: t("pv.cleaning.add") });
    add.addEventListener("click", () => {
      s.cleaning.push({ pattern: "", alias: "" });
      this.start();
    });
    rules.append(add);
    form.append(tpList, ...fields, rules, el("div", { class: "toolbar" }, el("button", { type: "submit", class: "primary", text: t("pv.apply") })));
    return form;
  }

  async apply() {
    const s = this.settings;
    const settings = {
      dimension: s.dimension,
      anchor: s.anchor,
      steps: Number(s.steps) || 5,
      top: Number(s.top) || 5,
      collapse_repeats: s.collapse_repeats,
      end_node: s.end_node,
      cleaning: s.cleaning.filter((r) => r.pattern.trim()),
    };
    if (s.anchor !== "end" && s.from?.trim()) settings.from = s.from.trim();
    if (s.anchor !== "start" && s.to?.trim()) settings.to = s.to.trim();
    this.error.hidden = true;
    this.dataset.state = "busy";
    try {
      const { report: r, charts } = await this.ask("paths", { settings });
      const exports = el("div", { class: "toolbar exports" });
      for (const [what, label, name] of [
        ["paths", t("pv.export.links"), "paths.csv"],
        ["transitions", t("pv.export.matrix"), "transitions.csv"],
      ]) {
        const b = el("button", { type: "button", text: label });
        b.addEventListener("click", async () => downloadText(name, await this.ask("journeysCsv", { what }), "text/csv"));
        exports.append(b);
      }
      this.results.replaceChildren(
        ...[
        el("p", { class: "small", text: t("pv.summary", { n: fmt(r.journeys, 0), total: fmt(r.total_journeys, 0) }) }),
        chart(charts.paths, "paths-sankey"),
        el("h3", { text: t("pv.matrix") }),
        el("p", { class: "small muted", text: t("pv.matrix.lead") }),
        chart(charts.transitions, "transition-matrix"),
        exports,
        how(t("pv.how"), ...r.notes, t("pv.how.1"), t("pv.how.2"), t("pv.how.3")),
        ].filter(Boolean),
      );
      this.dataset.state = "ready";
    } catch (e) {
      this.error.textContent = t("pv.error", { message: e.message });
      this.error.hidden = false;
      this.dataset.state = "error";
    }
  }
}
