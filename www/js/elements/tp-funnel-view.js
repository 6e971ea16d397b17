// <tp-funnel-view>: the funnel builder and its results — key figures, the
// funnel chart, the step table, where journeys drop and what they did next
// (with the drop-off lists as CSV), the flow (Sankey), the time to convert and
// the breakdown. Every number comes from the core; "How is this computed?"
// states each definition.
//
//   view.ask = (type, params) => Promise   // the worker (journeys.js)
//   view.report = report                   // a new analysis: builds the default funnel
//   view.initialSteps = "A, B, C"          // (optional) the first funnel, as a step list (?steps=…)
import { t } from "../i18n.js";
import { downloadText } from "../download.js";
import { TpChart } from "./tp-chart.js";
import { TpFunnelBuilder } from "./tp-funnel-builder.js";
import { el } from "../dom.js";
import { card, chart, fmt, how, pct, table } from "./view-helpers.js";

TpChart.define();
TpFunnelBuilder.define();

/** A duration in seconds (or steps) as a short text. */
export function durationText(seconds, unit = "seconds") {
  if (seconds == null || Number.isNaN(seconds)) return "–";
  if (unit === "steps") return t("jn.steps", { n: fmt(seconds, 1) });
  const units = [
    [86400, "jn.days"],
    [3600, "jn.hours"],
    [60, "jn.minutes"],
  ];
  for (const [s, key] of units) if (seconds >= s) return t(key, { n: fmt(seconds / s, 1) });
  return t("jn.seconds", { n: fmt(seconds, 0) });
}

/** The default funnel of a report: its stages when the rules classify them, else its top touch points. */
function defaultSpec(report) {
  const stages = (report.by_stage ?? []).filter((c) => c.class !== "unclassified" && c.events > 0).map((c) => c.class);
  if (stages.length >= 2) return { steps: stages.map((s) => ({ class: `stage = ${s}` })) };
  const tps = (report.by_touchpoint ?? []).slice(0, 3).map((t) => ({ touchpoint: [t.touchpoint] }));
  return { steps: tps };
}

export class TpFunnelView extends HTMLElement {
  static define(tag = "tp-funnel-view") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  set report(report) {
    this._report = report;
    this.start();
  }

  get result() {
    return this._result;
  }

  async start() {
    this.classList.add("tp-view");
    const choices = await this.ask("stepChoices");
    this.builder = document.createElement("tp-funnel-builder");
    this.builder.parseSteps = (text) => this.ask("funnelFromSteps", { text });
    this.builder.choices = choices;
    let initial = this._spec ?? defaultSpec(this._report);
    if (!this._spec && this.initialSteps) initial = await this.ask("funnelFromSteps", { text: this.initialSteps }).catch(() => initial);
    this.builder.spec = initial;
    this.results = el("div", { class: "funnel-results", "aria-live": "polite" });
    this.error = el("div", { class: "error", role: "alert", hidden: true });
    this.builder.addEventListener("funnel-submit", (e) => this.build(e.detail));
    this.replaceChildren(
      el("p", { class: "small muted", text: t("fv.lead") }),
      el("div", { class: "funnel-layout" }, this.builder, el("div", { class: "funnel-main" }, this.error, this.results)),
    );
    await this.build(this.builder.spec);
  }

  async build(spec) {
    this.error.hidden = true;
    this.dataset.state = "busy";
    try {
      const answer = await this.ask("funnel", { spec });
      this._spec = spec;
      this._result = answer;
      this.render(answer);
      this.dataset.state = "ready";
      this.dispatchEvent(new CustomEvent("funnel-change", { bubbles: true, detail: answer.report }));
    } catch (e) {
      this.error.textContent = t("fv.error", { message: e.message });
      this.error.hidden = false;
      this.dataset.state = "error";
    }
  }

  async csv(what, step, name) {
    const text = await this.ask("journeysCsv", { what, step });
    downloadText(name, text, "text/csv");
  }

  render({ report: r, charts }) {
    const unit = r.spec.count === "completions" ? t("fv.completions") : t("fv.journeys");
    const first = r.steps[0];
    const last = r.steps[r.steps.length - 1];
    const cards = el(
      "div",
      { class: "cards" },
      card(t("fv.card.entered"), fmt(r.entered, 0), t("fv.card.entered.hint", { unit, total: fmt(r.journeys, 0) }), { "data-card": "entered", title: t("fv.def.entered") }),
      card(t("fv.card.completed"), fmt(r.completed, 0), last.label, { "data-card": "completed", title: t("fv.def.count") }),
      card(t("fv.card.conversion"), pct(r.conversion), t(r.spec.mode === "open" ? "fv.card.conversion.open" : "fv.card.conversion.hint"), { "data-card": "conversion", title: t("fv.def.fromStart") }),
      card(t("fv.card.time"), durationText(last.median_from_start, r.time_unit), t("fv.card.time.hint"), { "data-card": "time", title: t("fv.def.time") }),
    );
    const rows = r.steps.map((s) => [
      `${s.step}. ${s.label}${s.optional ? ` (${t("fb.optional")})` : ""}`,
      fmt(s.count, 0),
      pct(s.conversion_from_start),
      s.conversion_from_previous == null ? "–" : pct(s.conversion_from_previous),
      s.dropped == null ? "–" : fmt(s.dropped, 0),
      r.spec.mode === "open" ? fmt(s.entered, 0) : null,
      durationText(s.median_from_previous, r.time_unit),
      durationText(s.median_from_start, r.time_unit),
    ]);
    const columns = [
      { label: t("fv.col.step") },
      { label: unit, num: true },
      { label: t("fv.col.fromStart"), num: true },
      { label: t("fv.col.fromPrevious"), num: true },
      { label: t("fv.col.dropped"), num: true },
      r.spec.mode === "open" ? { label: t("fv.col.entered"), num: true } : null,
      { label: t("fv.col.timePrevious"), num: true },
      { label: t("fv.col.timeStart"), num: true },
    ];
    const keep = columns.map((c) => c !== null);
    const stepTable = table(
      columns.filter(Boolean),
      rows.map((row) => row.filter((_, i) => keep[i])),
      t("fv.table"),
    );
    stepTable.classList.add("funnel-table");

    // Where journeys drop, and what they did next.
    const drops = el("div", { class: "dropoffs" });
    for (const s of r.steps) {
      if (!s.dropped) continue;
      const next = s.next.map((n) => el("li", {}, el("strong", { text: n.touchpoint }), document.createTextNode(` — ${fmt(n.journeys, 0)} (${pct(n.share)})`)));
      if (s.next_other) next.push(el("li", { class: "muted", text: t("fv.next.other", { n: fmt(s.next_other, 0) }) }));
      if (s.next_end) next.push(el("li", { class: "muted", text: t("fv.next.end", { n: fmt(s.next_end, 0) }) }));
      const download = el("button", { type: "button", class: "small", text: t("fv.dropoff.csv", { n: fmt(s.dropped, 0) }) });
      download.addEventListener("click", () => this.csv("dropoffs", s.step, `dropped-after-step-${s.step}.csv`));
      drops.append(
        el(
          "section",
          { class: "dropoff", "data-step": String(s.step) },
          el("h4", { text: t("fv.dropoff.title", { step: s.step, label: s.label, n: fmt(s.dropped, 0), share: pct(s.count ? s.dropped / s.count : 0) }) }),
          el("p", { class: "small muted", text: t("fv.dropoff.next") }),
          el("ol", { class: "next-list" }, ...next),
          download,
        ),
      );
    }
    if (!drops.childElementCount) drops.append(el("p", { class: "muted small", text: t("fv.dropoff.none") }));

    // Time to convert, for a chosen step.
    const timeChart = chart(charts.time, "funnel-time-to-convert");
    const stepPick = el("select", { "aria-label": t("fv.time.step") }, ...r.steps.slice(1).map((s) => el("option", { value: String(s.step), text: `${s.step}. ${s.label}` })));
    stepPick.value = String(last.step);
    stepPick.addEventListener("change", async () => {
      timeChart.svg = await this.ask("funnelTime", { step: Number(stepPick.value) });
    });

    const breakdown = r.breakdown
      ? el(
          "div",
          { class: "breakdown" },
          el("h3", { text: t("fv.breakdown") }),
          el("p", { class: "small muted", text: r.breakdown.statement }),
          table(
            [{ label: t(`fb.breakdown.${r.breakdown.by}`) }, ...r.steps.map((s) => ({ label: `${s.step}. ${s.label}`, num: true })), { label: t("fv.col.conversion"), num: true }],
            r.breakdown.rows.map((row) => [row.value, ...row.counts.map((c) => fmt(c, 0)), pct(row.conversion)]),
            t("fv.breakdown"),
          ),
        )
      : null;

    const exports = el("div", { class: "toolbar exports" });
    for (const [what, label, name] of [
      ["funnel", t("fv.export.steps"), "funnel-steps.csv"],
      ["dropoffs", t("fv.export.dropoffs"), "funnel-dropoffs.csv"],
    ]) {
      const b = el("button", { type: "button", text: label });
      b.addEventListener("click", () => this.csv(what, undefined, name));
      exports.append(b);
    }
    this.results.replaceChildren(
      ...[
      cards,
      el("div", { class: "grid two" }, el("div", {}, chart(charts.funnel, "funnel")), el("div", {}, el("h3", { text: t("fv.table") }), stepTable, exports)),
      el("h3", { text: t("fv.dropoffs") }),
      drops,
      el("h3", { text: t("fv.flow") }),
      el("p", { class: "small muted", text: t("fv.flow.lead") }),
      chart(charts.flow, "funnel-flow"),
      el("h3", { text: t("fv.time") }),
      el("div", { class: "toolbar" }, el("span", { class: "small", text: t("fv.time.step") }), stepPick),
      el("div", { class: "narrow-chart" }, timeChart),
      breakdown,
      how(t("fv.how"), ...r.notes, t("fv.def.count"), t("fv.def.entered"), t("fv.def.dropped"), t("fv.def.fromStart"), t("fv.def.fromPrevious"), t("fv.def.time"), t("fv.def.next"), t("fv.def.flow")),
      ].filter(Boolean),
    );
    void first;
  }
}
