// <tp-journey-map-view>: the customer journey map drawn from the data —
// stages across, touch points per stage (by journeys, coloured by kind), the
// experience curve with pain points and moments of delight — for all
// journeys, a segment (converted or not) or one journey; stages from the
// stage classes or defined by steps.
//
//   view.ask = (type, params) => Promise
//   view.report = report
//   view.fixed = true    // (classroom) no settings form: one map as given
import { t } from "../i18n.js";
import { downloadText } from "../download.js";
import { TpChart } from "./tp-chart.js";
import { el } from "../dom.js";
import { chart, how, labelled } from "./view-helpers.js";

TpChart.define();
let uid = 0;

export class TpJourneyMapView extends HTMLElement {
  static define(tag = "tp-journey-map-view") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  constructor() {
    super();
    this.settings = { segment: "all", journey: "", experience: "auto", top: 6, custom: false, stages: [] };
  }

  set report(report) {
    this._report = report;
    this.start();
  }

  async start() {
    this.classList.add("tp-view");
    this.choices = this.fixed ? null : await this.ask("stepChoices");
    this.error = el("div", { class: "error", role: "alert", hidden: true });
    this.results = el("div", { class: "map-results", "aria-live": "polite" });
    this.replaceChildren(this.fixed ? "" : el("p", { class: "small muted", text: t("mv.lead") }), this.fixed ? "" : this.renderForm(), this.error, this.results);
    await this.apply();
  }

  field(label, input, hint) {
    return labelled(label, input, hint);
  }

  renderForm() {
    const s = this.settings;
    const form = el("form", { class: "settings-form map-form", "aria-label": t("mv.form") });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.apply();
    });
    const segments = ["all", ...(this.choices?.has_conversions ? ["converted", "not-converted"] : []), "journey"];
    const segment = el("select", {}, ...segments.map((v) => el("option", { value: v, text: t(`mv.segment.${v}`) })));
    segment.value = s.segment;
    segment.addEventListener("change", () => {
      s.segment = segment.value;
      this.start();
    });
    const fields = [this.field(t("mv.segment"), segment)];
    if (s.segment === "journey") {
      const list = el("datalist", { id: "map-journeys" });
      const input = el("input", { type: "text", list: "map-journeys", placeholder: t("mv.journey.placeholder") });
      input.value = s.journey;
      const fill = async () => {
        const names = await this.ask("journeyNames", { filter: input.value, limit: 50 });
        list.replaceChildren(...names.map((n) => el("option", { value: n })));
      };
      input.addEventListener("input", () => {
        s.journey = input.value;
        fill();
      });
      fill();
      fields.push(el("div", {}, this.field(t("mv.journey"), input), list));
    }
    const experience = el("select", {}, ...["auto", "satisfaction", "engagement"].map((v) => el("option", { value: v, text: t(`mv.experience.${v}`) })));
    experience.value = s.experience;
    experience.addEventListener("change", () => (s.experience = experience.value));
    fields.push(this.field(t("mv.experience"), experience, t("mv.experience.help")));
    const top = el("input", { type: "number", min: "1", max: "30", step: "1" });
    top.value = String(s.top);
    top.addEventListener("input", () => (s.top = Number(top.value)));
    fields.push(this.field(t("mv.top"), top));
    // Stages: the stage classes, or stages defined by steps.
    const custom = el("input", { type: "checkbox", id: `map-custom-${++uid}` });
    custom.checked = s.custom;
    custom.addEventListener("change", () => {
      s.custom = custom.checked;
      if (s.custom && !s.stages.length) s.stages = [{ name: t("mv.stage.awareness"), step: "touchpoint ~ ad | commercial | influencer | window | recommendation" }, { name: t("mv.stage.consideration"), step: "touchpoint ~ website | newsletter | fitting" }, { name: t("mv.stage.purchase"), step: "stage = purchase" }, { name: t("mv.stage.loyalty"), step: "stage = post-purchase" }];
      this.start();
    });
    const stages = el("fieldset", { class: "stages" }, el("legend", { text: t("mv.stages") }), el("div", { class: "field check" }, custom, el("label", { for: custom.id, text: t("mv.custom") })));
    if (s.custom) {
      stages.append(el("p", { class: "small muted", text: t("mv.custom.help") }));
      s.stages.forEach((stage, i) => {
        const name = el("input", { type: "text", class: "stage-name", "aria-label": t("mv.stage.name", { n: i + 1 }) });
        const step = el("input", { type: "text", class: "stage-step", "aria-label": t("mv.stage.step", { n: i + 1 }) });
        name.value = stage.name;
        step.value = stage.step;
        name.addEventListener("input", () => (stage.name = name.value));
        step.addEventListener("input", () => (stage.step = step.value));
        const remove = el("button", { type: "button", class: "icon", text: "✕", "aria-label": t("mv.stage.remove", { n: i + 1 }) });
        remove.addEventListener("click", () => {
          s.stages.splice(i, 1);
          this.start();
        });
        stages.append(el("div", { class: "toolbar stage" }, name, el("span", { class: "muted", text: "=" }), step, remove));
      });
      const add = el("button", { type: "button", text: t("mv.stage.add") });
      add.addEventListener("click", () => {
        s.stages.push({ name: "", step: "" });
        this.start();
      });
      stages.append(add);
    }
    form.append(...fields, stages, el("div", { class: "toolbar" }, el("button", { type: "submit", class: "primary", text: t("mv.apply") })));
    return form;
  }

  /** The settings for the core. */
  coreSettings() {
    const s = this.settings;
    const segment = s.segment === "journey" ? { journey: s.journey.trim() } : s.segment;
    return { segment, experience: s.experience, top: Number(s.top) || 6, stages: s.custom ? s.stages.filter((x) => x.name.trim() && x.step.trim()) : [] };
  }

  async apply() {
    this.error.hidden = true;
    if (this.settings.segment === "journey" && !this.settings.journey.trim()) {
      this.results.replaceChildren(el("p", { class: "muted small", text: t("mv.journey.choose") }));
      return;
    }
    this.dataset.state = "busy";
    try {
      const { report: m, charts } = this.fixed ? this.fixed : await this.ask("journeyMap", { settings: this.coreSettings() });
      const csv = el("button", { type: "button", text: t("mv.export") });
      csv.addEventListener("click", async () => downloadText("journey-map.csv", this.fixed ? this.fixed.csv : await this.ask("journeysCsv", { what: "map" }), "text/csv"));
      const moments = (items, key) => (items.length ? el("p", { class: `small moments-line ${key}` }, el("strong", { text: t(`mv.${key}`) }), document.createTextNode(` ${items.map((p) => p.touchpoint).join(", ")}`)) : null);
      this.results.replaceChildren(...[chart(charts.map, "journey-map"), moments(m.pain_points, "pain"), moments(m.delights, "delight"), el("div", { class: "toolbar exports" }, csv), how(t("mv.how"), m.experience_statement, ...m.notes, t("mv.how.1"))].filter(Boolean));
      this.dataset.state = "ready";
    } catch (e) {
      this.error.textContent = t("mv.error", { message: e.message });
      this.error.hidden = false;
      this.dataset.state = "error";
    }
  }
}
