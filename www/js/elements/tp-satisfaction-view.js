// <tp-satisfaction-view>: satisfaction per touch point (perceived performance
// against expectation, seed 002): the diverging bars chart, pain points and
// moments of delight, the per-stage roll-up, and NPS / CSAT / CES cards with
// their definitions and the rating scale stated.
//
//   view.data = { report, charts }
import { classLabel, t } from "../i18n.js";
import { TpChart } from "./tp-chart.js";
import { el } from "../dom.js";
import { card, chart, fmt, how, pct, section, table } from "./view-helpers.js";

TpChart.define();

export class TpSatisfactionView extends HTMLElement {
  static define(tag = "tp-satisfaction-view") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  set data(value) {
    this._data = value;
    this.render();
  }

  get data() {
    return this._data;
  }

  render() {
    this.replaceChildren();
    const report = this._data?.report;
    if (!report) return;
    this.classList.add("tp-view");
    const s = report.satisfaction;
    if (!s) {
      this.append(section(t("sat.heading"), "sat-heading", el("p", { class: "muted", text: t("sat.none") })));
      return;
    }
    const o = s.overall;
    const cards = el(
      "div",
      { class: "cards" },
      card(t("sat.delighted"), pct(o.share_delighted), t("sat.delighted.hint", { n: o.delighted })),
      card(t("sat.satisfied"), pct(o.share_satisfied), t("sat.satisfied.hint", { n: o.satisfied })),
      card(t("sat.dissatisfied"), pct(o.share_dissatisfied), t("sat.dissatisfied.hint", { n: o.dissatisfied })),
      card(t("sat.net"), fmt(o.net * 100, 1), t("sat.net.hint")),
    );
    const survey = el("div", { class: "cards survey" });
    if (s.nps) survey.append(card(t("sat.nps"), fmt(s.nps.score, 1), `${s.nps.definition}. ${t("sat.responses", { n: s.nps.responses })}`, { "data-metric": "nps" }));
    if (s.csat) survey.append(card(t("sat.csat"), pct(s.csat.share), `${s.csat.definition}. ${t("sat.responses", { n: s.csat.responses })}`, { "data-metric": "csat" }));
    if (s.ces) survey.append(card(t("sat.ces"), fmt(s.ces.score, 2), `${s.ces.definition}. ${t("sat.responses", { n: s.ces.responses })}`, { "data-metric": "ces" }));
    const list = (items, kind) =>
      items.length
        ? el(
            "ol",
            { class: `moments ${kind}` },
            ...items.map((m) =>
              el("li", {}, el("strong", { text: m.touchpoint }), el("span", { class: "small muted", text: ` — ${t(`sat.${kind}.item`, { events: m.events, rated: m.rated, gap: fmt(Math.abs(m.mean_gap), 2), score: pct(m.score) })}` })),
            ),
          )
        : el("p", { class: "small muted", text: t("sat.list.none") });
    const stages = table(
      [{ label: t("sat.col.stage") }, { label: t("sat.col.events"), num: true }, { label: t("sat.dissatisfied"), num: true }, { label: t("sat.satisfied"), num: true }, { label: t("sat.delighted"), num: true }, { label: t("sat.col.rating"), num: true }, { label: t("sat.col.expectation"), num: true }, { label: t("sat.col.verdict") }],
      s.stages.map((g) => [classLabel(g.name, g.name), String(g.events), pct(g.share_dissatisfied), pct(g.share_satisfied), pct(g.share_delighted), fmt(g.mean_rating), fmt(g.mean_expectation), g.verdict]),
      t("sat.stages"),
    );
    this.append(
      section(
        t("sat.heading"),
        "sat-heading",
        el("p", { class: "small muted scale", text: t("sat.lead", { scale: s.scale.statement, tolerance: fmt(s.tolerance) }) }),
        cards,
        survey.children.length ? survey : el("p", { class: "small muted", text: t("sat.survey.none") }),
        el("div", { class: "grid two" }, el("div", {}, chart(this._data.charts?.satisfaction, "satisfaction")), el("div", {}, el("h3", { text: t("sat.pain") }), list(s.pain_points, "pain"), el("h3", { text: t("sat.delight") }), list(s.delights, "delight"))),
        el("h3", { text: t("sat.stages") }),
        stages,
        el("p", { class: "small muted", text: t("sat.journeys", { d: s.journeys_dissatisfied, s: s.journeys_satisfied, e: s.journeys_delighted, n: s.journey_count }) }),
        s.problem_count ? el("p", { class: "notice small", text: t("sat.problems", { n: s.problem_count }) }) : null,
        how(t("sat.how"), t("sat.how.1"), t("sat.how.2"), t("sat.how.3"), t("sat.how.4")),
      ),
    );
  }
}
