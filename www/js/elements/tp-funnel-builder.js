// <tp-funnel-builder>: the form of a funnel. Steps are touch points, classes
// (stage = purchase), channels or rule keywords; each can be optional and have
// a minimum and maximum gap from the step before; exclusion steps hold between
// two steps; options: order, window, open/closed, journeys/completions, entry,
// breakdown. Everything works from the keyboard (native controls, Enter builds).
//
//   builder.choices = {touchpoints, channels, classes}   // from the core (stepChoices)
//   builder.spec = {...}                                  // fills the form
//   builder.parseSteps = (text) => Promise<spec>          // the core reads "A, B?, !X, C"
//   "funnel-submit" (detail: spec) bubbles when the user builds the funnel.
import { classLabel, t } from "../i18n.js";
import { el } from "../dom.js";
import { labelled } from "./view-helpers.js";

const KINDS = ["touchpoint", "class", "channel", "rule"];
let uid = 0;

/** A step object of a spec → a row of the form. */
function rowOf(step) {
  const row = { type: "touchpoint", names: "", dimension: "stage", value: "purchase", words: "", channelWords: "", optional: !!step.optional, min_gap: step.min_gap ?? "", max_gap: step.max_gap ?? "", from: step.from, to: step.to };
  if (step.touchpoint) row.names = [].concat(step.touchpoint).join(" | ");
  else if (step.channel) Object.assign(row, { type: "channel", names: [].concat(step.channel).join(" | ") });
  else if (step.class) {
    const [d, v] = step.class.split("=").map((s) => s.trim());
    Object.assign(row, { type: "class", dimension: d, value: v });
  } else if (step.if) Object.assign(row, { type: "rule", words: (step.if.touchpoint ?? []).join(" | "), channelWords: (step.if.channel ?? []).join(" | ") });
  return row;
}

const list = (text) =>
  String(text ?? "")
    .split("|")
    .map((s) => s.trim())
    .filter(Boolean);

/** A row → a step object of a spec. */
function stepOf(row) {
  const step = {};
  if (row.type === "touchpoint") step.touchpoint = list(row.names);
  else if (row.type === "channel") step.channel = list(row.names);
  else if (row.type === "class") step.class = `${row.dimension} = ${row.value}`;
  else step.if = { touchpoint: list(row.words), channel: list(row.channelWords) };
  return step;
}

/** A duration field: seconds as a number, or text such as "7d" (the core reads it). */
function duration(v) {
  const text = String(v ?? "").trim();
  if (!text) return undefined;
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/** Seconds → a short text for a duration field. */
function durationText(v) {
  if (v === "" || v == null) return "";
  if (typeof v === "string") return v;
  for (const [unit, s] of [["w", 604800], ["d", 86400], ["h", 3600], ["m", 60]]) if (v >= s && v % s === 0) return `${v / s}${unit}`;
  return String(v);
}

export class TpFunnelBuilder extends HTMLElement {
  static define(tag = "tp-funnel-builder") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  constructor() {
    super();
    this.rows = [];
    this.exclusions = [];
    this.options = { order: "sequential", window: "", mode: "closed", count: "journeys", entry: "any", top_next: 5, breakdown: "", breakdownValue: "first", breakdownStep: 1 };
    this._choices = { touchpoints: [], channels: [], classes: [] };
    this.uidPrefix = `funnel-builder-${++uid}`;
  }

  set choices(c) {
    this._choices = c ?? this._choices;
    this.render();
  }

  set spec(spec) {
    this.rows = (spec.steps ?? []).map(rowOf);
    this.exclusions = (spec.exclusions ?? []).map(rowOf);
    const b = spec.breakdown;
    this.options = {
      order: spec.order ?? "sequential",
      window: durationText(spec.window),
      mode: spec.mode ?? "closed",
      count: spec.count ?? "journeys",
      entry: spec.entry ?? "any",
      top_next: spec.top_next ?? 5,
      breakdown: b?.by ?? "",
      breakdownValue: b?.value ?? "first",
      breakdownStep: b?.step ?? 1,
    };
    this.render();
  }

  /** The spec the form holds. */
  get spec() {
    const o = this.options;
    const spec = {
      steps: this.rows.map((r) => {
        const s = stepOf(r);
        if (r.optional) s.optional = true;
        if (duration(r.min_gap) !== undefined) s.min_gap = duration(r.min_gap);
        if (duration(r.max_gap) !== undefined) s.max_gap = duration(r.max_gap);
        return s;
      }),
      exclusions: this.exclusions.map((r) => ({ ...stepOf(r), from: Number(r.from) || 1, to: Number(r.to) || this.rows.length })),
      order: o.order,
      window: duration(o.window) ?? null,
      mode: o.mode,
      count: o.count,
      entry: o.entry,
      top_next: Number(o.top_next) || 5,
    };
    if (o.breakdown) spec.breakdown = { by: o.breakdown, value: o.breakdownValue, ...(o.breakdownValue === "step" ? { step: Number(o.breakdownStep) || 1 } : {}) };
    return spec;
  }

  submit() {
    this.dispatchEvent(new CustomEvent("funnel-submit", { bubbles: true, detail: this.spec }));
  }

  // ---- rendering -------------------------------------------------------

  render() {
    const id = this.uidPrefix;
    const form = el("form", { class: "funnel-form", "aria-label": t("fb.form") });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    this.open ??= { quick: false, exclusions: false, options: false };
    const details = (key, summary, ...children) => {
      const d = el("details", { class: `builder-part ${key}` }, el("summary", { text: summary }), ...children);
      d.open = this.open[key];
      d.addEventListener("toggle", () => (this.open[key] = d.open));
      return d;
    };
    // Data lists for names.
    const tpList = el("datalist", { id: `${id}-tps` }, ...this._choices.touchpoints.map((n) => el("option", { value: n })));
    const chList = el("datalist", { id: `${id}-chs` }, ...this._choices.channels.map((n) => el("option", { value: n })));
    form.append(tpList, chList);

    const steps = el("ol", { class: "funnel-steps", "aria-label": t("fb.steps") });
    this.rows.forEach((row, i) => steps.append(this.stepRow(row, i, false)));
    const addStep = el("button", { type: "button", text: t("fb.add"), class: "add-step" });
    addStep.addEventListener("click", () => {
      this.rows.push(rowOf({ touchpoint: "" }));
      this.render();
      this.querySelector(".funnel-steps > li:last-child input, .funnel-steps > li:last-child select")?.focus();
    });
    form.append(el("h3", { text: t("fb.steps") }), steps, el("div", { class: "toolbar submit-row" }, addStep, el("button", { type: "submit", class: "primary build", text: t("fb.build") })));

    // The step list as text (quick entry).
    const quickId = `${id}-quick`;
    const quick = el("input", { id: quickId, type: "text", class: "quick", placeholder: t("fb.quick.placeholder"), "aria-describedby": `${quickId}-help` });
    const quickApply = el("button", { type: "button", text: t("fb.quick.apply") });
    const quickError = el("p", { class: "error small", role: "alert", hidden: true });
    const applyQuick = async () => {
      quickError.hidden = true;
      try {
        const spec = await this.parseSteps(quick.value);
        const keep = this.spec;
        this.spec = { ...spec, order: keep.order, mode: keep.mode, count: keep.count, entry: keep.entry, window: keep.window, top_next: keep.top_next, breakdown: keep.breakdown };
        this.submit();
      } catch (e) {
        quickError.textContent = e.message;
        quickError.hidden = false;
        this.querySelector("input.quick")?.focus();
      }
    };
    quickApply.addEventListener("click", applyQuick);
    quick.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        applyQuick();
      }
    });
    form.append(
      details(
        "quick",
        t("fb.quick.summary"),
        el("div", { class: "quick-row toolbar" }, el("label", { for: quickId, text: t("fb.quick") }), quick, quickApply),
        el("p", { id: `${quickId}-help`, class: "small muted", text: t("fb.quick.help") }),
        quickError,
      ),
    );

    const excl = el("ul", { class: "funnel-exclusions", "aria-label": t("fb.exclusions") });
    this.exclusions.forEach((row, i) => excl.append(this.stepRow(row, i, true)));
    const addExcl = el("button", { type: "button", text: t("fb.addExclusion") });
    addExcl.addEventListener("click", () => {
      this.exclusions.push(rowOf({ touchpoint: "", from: 1, to: Math.max(2, this.rows.length) }));
      this.open.exclusions = true;
      this.render();
      this.querySelector(".funnel-exclusions > li:last-child input")?.focus();
    });
    form.append(details("exclusions", t("fb.exclusions.summary", { n: this.exclusions.length }), el("p", { class: "small muted", text: t("fb.exclusions.help") }), excl, el("div", { class: "toolbar" }, addExcl)));

    form.append(details("options", t("fb.options.summary", { summary: this.optionsSummary() }), this.optionsFieldset()));
    this.replaceChildren(form);
  }

  control(label, input, hint) {
    return labelled(label, input, hint);
  }

  stepRow(row, i, exclusion) {
    const rows = exclusion ? this.exclusions : this.rows;
    const n = i + 1;
    const li = el("li", { class: exclusion ? "exclusion-row" : "step-row" });
    const what = exclusion ? t("fb.exclusion.n", { n }) : t("fb.step.n", { n });
    const type = el("select", { "aria-label": t("fb.type.of", { what }) }, ...KINDS.map((k) => el("option", { value: k, text: t(`fb.type.${k}`) })));
    type.value = row.type;
    type.addEventListener("change", () => {
      row.type = type.value;
      this.render();
      this.querySelectorAll(exclusion ? ".exclusion-row" : ".step-row")[i]?.querySelector("select")?.focus();
    });
    const parts = [el("span", { class: "step-no", text: exclusion ? "≠" : String(n), "aria-hidden": "true" }), type];
    const bind = (input, key) => {
      input.value = row[key] ?? "";
      input.addEventListener("input", () => (row[key] = input.value));
      return input;
    };
    if (row.type === "touchpoint" || row.type === "channel") {
      const input = bind(el("input", { type: "text", list: `${this.uidPrefix}-${row.type === "channel" ? "chs" : "tps"}`, class: "names", "aria-label": t(`fb.names.${row.type}`, { what }), placeholder: t(`fb.names.${row.type}.placeholder`) }), "names");
      parts.push(input);
    } else if (row.type === "class") {
      const dims = this._choices.classes ?? [];
      const dim = el("select", { "aria-label": t("fb.dimension", { what }) }, ...dims.map(([d]) => el("option", { value: d, text: t(`fb.dim.${d}`) })));
      dim.value = row.dimension;
      const values = dims.find(([d]) => d === row.dimension)?.[1] ?? [];
      const value = el("select", { "aria-label": t("fb.value", { what }) }, ...values.map(([k, l]) => el("option", { value: k, text: classLabel(k, l) })));
      value.value = row.value;
      if (value.value !== row.value) row.value = value.value;
      dim.addEventListener("change", () => {
        row.dimension = dim.value;
        row.value = (dims.find(([d]) => d === dim.value)?.[1] ?? [])[0]?.[0] ?? "";
        this.render();
      });
      value.addEventListener("change", () => (row.value = value.value));
      parts.push(dim, el("span", { class: "muted", text: "=" }), value);
    } else {
      parts.push(
        bind(el("input", { type: "text", class: "names", "aria-label": t("fb.words", { what }), placeholder: t("fb.words.placeholder") }), "words"),
        bind(el("input", { type: "text", class: "names short", "aria-label": t("fb.channelWords", { what }), placeholder: t("fb.channelWords.placeholder") }), "channelWords"),
      );
    }
    if (!exclusion) {
      const optional = el("input", { type: "checkbox" });
      optional.checked = row.optional;
      optional.addEventListener("change", () => (row.optional = optional.checked));
      const optId = `${this.uidPrefix}-opt-${++uid}`;
      optional.id = optId;
      parts.push(el("span", { class: "check" }, optional, el("label", { for: optId, text: t("fb.optional") })));
      if (i > 0) {
        parts.push(
          bind(el("input", { type: "text", class: "gap", "aria-label": t("fb.minGap", { what }), placeholder: t("fb.minGap.placeholder"), title: t("fb.gap.help") }), "min_gap"),
          bind(el("input", { type: "text", class: "gap", "aria-label": t("fb.maxGap", { what }), placeholder: t("fb.maxGap.placeholder"), title: t("fb.gap.help") }), "max_gap"),
        );
      }
    } else {
      const numbers = this.rows.map((_, k) => el("option", { value: String(k + 1), text: String(k + 1) }));
      const from = el("select", { "aria-label": t("fb.exclusion.from", { what }) }, ...numbers.map((o) => o.cloneNode(true)));
      const to = el("select", { "aria-label": t("fb.exclusion.to", { what }) }, ...numbers.map((o) => o.cloneNode(true)));
      from.value = String(row.from ?? 1);
      to.value = String(row.to ?? this.rows.length);
      from.addEventListener("change", () => (row.from = Number(from.value)));
      to.addEventListener("change", () => (row.to = Number(to.value)));
      parts.push(el("span", { class: "muted small", text: t("fb.between") }), from, el("span", { class: "muted small", text: t("fb.and") }), to);
    }
    const move = (delta) => {
      const j = i + delta;
      if (j < 0 || j >= rows.length) return;
      [rows[i], rows[j]] = [rows[j], rows[i]];
      this.render();
      this.querySelectorAll(exclusion ? ".exclusion-row" : ".step-row")[j]?.querySelector(`button[data-move="${delta}"]`)?.focus();
    };
    const buttons = [];
    if (!exclusion) {
      const up = el("button", { type: "button", class: "icon", text: "↑", "aria-label": t("fb.up", { what }), "data-move": "-1", disabled: i === 0 });
      const down = el("button", { type: "button", class: "icon", text: "↓", "aria-label": t("fb.down", { what }), "data-move": "1", disabled: i === rows.length - 1 });
      up.addEventListener("click", () => move(-1));
      down.addEventListener("click", () => move(1));
      buttons.push(up, down);
    }
    const remove = el("button", { type: "button", class: "icon", text: "✕", "aria-label": t("fb.remove", { what }) });
    remove.addEventListener("click", () => {
      rows.splice(i, 1);
      this.render();
      this.querySelector(".add-step")?.focus();
    });
    buttons.push(remove);
    li.append(...parts, el("span", { class: "row-buttons" }, ...buttons));
    return li;
  }

  /** The options in a few words, for the collapsed options' summary. */
  optionsSummary() {
    const o = this.options;
    const parts = [t(`fb.order.${o.order}`), String(o.window ?? "").trim() ? t("fb.summary.window", { window: o.window }) : t("fb.summary.noWindow"), t(`fb.mode.${o.mode}`), t(`fb.count.${o.count}`)];
    if (o.entry === "first") parts.push(t("fb.entry.first"));
    if (o.breakdown) parts.push(t("fb.summary.breakdown", { by: t(`fb.breakdown.${o.breakdown}`) }));
    return parts.join(" · ");
  }

  optionsFieldset() {
    const o = this.options;
    const select = (key, values, label, hint) => {
      const s = el("select", {}, ...values.map((v) => el("option", { value: v, text: t(`fb.${key}.${v}`) })));
      s.value = o[key];
      s.addEventListener("change", () => {
        o[key] = s.value;
        if (key === "breakdownValue" || key === "breakdown") this.render();
      });
      return this.control(label, s, hint);
    };
    const text = (key, label, hint, attrs = {}) => {
      const input = el("input", { type: "text", ...attrs });
      input.value = o[key] ?? "";
      input.addEventListener("input", () => (o[key] = input.value));
      return this.control(label, input, hint);
    };
    const fields = [
      select("order", ["sequential", "strict", "any"], t("fb.order"), t(`fb.order.${o.order}.help`)),
      text("window", t("fb.window"), t("fb.window.help"), { placeholder: t("fb.window.placeholder") }),
      select("mode", ["closed", "open"], t("fb.mode"), t(`fb.mode.${o.mode}.help`)),
      select("count", ["journeys", "completions"], t("fb.count"), t(`fb.count.${o.count}.help`)),
      select("entry", ["any", "first"], t("fb.entry"), t(`fb.entry.${o.entry}.help`)),
      text("top_next", t("fb.next"), t("fb.next.help"), { inputmode: "numeric" }),
      select("breakdown", ["", "channel", "touchpoint", "kind", "owner", "stage", "media", "direction", "converted"], t("fb.breakdown"), t("fb.breakdown.help")),
    ];
    if (o.breakdown && o.breakdown !== "converted") {
      fields.push(select("breakdownValue", ["first", "last", "step"], t("fb.breakdownValue"), t("fb.breakdownValue.help")));
      if (o.breakdownValue === "step") fields.push(text("breakdownStep", t("fb.breakdownStep"), "", { inputmode: "numeric" }));
    }
    return el("fieldset", { class: "funnel-options settings-form" }, el("legend", { class: "visually-hidden", text: t("fb.options") }), ...fields);
  }
}
