// <touchpoints-report src="journeys.csv" preset="retail" sections="counts,engagement,value">
// A report of a journey file (or of the `data` property): key figures with
// their definitions, every chart of the chosen sections, the top touch points,
// and the method notes. Attributes are the API (see www/embed.html); changes
// re-render once; `touchpoints-ready` ({report}) and `touchpoints-error`
// ({message}) bubble out. Labels from the data are always set as text.
import { el } from "../js/dom.js";
import { CHARTS } from "./charts.js";
import { TouchpointsBase, chartFigure } from "./shared.js";
import { default as TABLE_KEYS } from "../js/i18n/en.js";

/** The sections, in the order they are shown. */
export const SECTIONS = ["counts", "engagement", "value", "notes"];

/**
 * One key figure: label, value, and how it is computed (as a tooltip, and under the value
 * unless a shorter `hint` is given — a long method goes to the method notes instead).
 */
function figure(label, value, definition, hint = definition) {
  const card = el("div", { class: "tp-card" });
  card.append(el("div", { class: "tp-label", text: label }), el("div", { class: "tp-value", text: value }));
  if (definition) card.title = definition;
  if (hint) card.append(el("div", { class: "tp-hint", text: hint }));
  return card;
}

/** Charts drawn across the whole width of the report. */
const WIDE = new Set(["timeline"]);

/** The kinds a touch point's events got (a kind column over the rules), as the by-kind chart counts them. */
function kindText(row, labels, f) {
  const kinds = Object.entries(row.by_kind ?? {});
  if (kinds.length === 1) return labels[kinds[0][0]] ?? kinds[0][0];
  return kinds.map(([k, n]) => `${labels[k] ?? k} ${f.number(n, 1)}`).join(" · ") || "—";
}

export class TouchpointsReport extends TouchpointsBase {
  static observedAttributes = ["src", "preset", "rules", "sections", "downloads", "theme", "lang"];

  static define(tag = "touchpoints-report") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  /** The sections asked for, in display order. */
  get sections() {
    const asked = (this.getAttribute("sections") || "counts")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    if (asked.includes("all")) return SECTIONS;
    const unknown = asked.filter((s) => !SECTIONS.includes(s));
    if (unknown.length) throw new Error(this.t("widget.error.sections", { sections: unknown.join(", "), known: `${SECTIONS.join(", ")}, all` }));
    return SECTIONS.filter((s) => asked.includes(s));
  }

  draw({ report, charts }) {
    const sections = this.sections;
    this.downloads = this.getAttribute("downloads") !== "false";
    const parts = [];
    for (const name of sections) {
      const section = el("section", { class: `tp-section tp-section-${name}` });
      section.dataset.section = name;
      section.append(el("h3", { class: "tp-heading", text: this.t(`widget.section.${name}`) }));
      this[`${name}Section`](section, report, charts);
      parts.push(section);
    }
    this.body.replaceChildren(...parts);
  }

  /** Draws the charts `names` (as in CHARTS) that the report has; returns how many. */
  charts(section, charts, names) {
    const grid = el("div", { class: "tp-charts" });
    for (const name of names) {
      const key = CHARTS[name];
      if (!charts[key]) continue;
      const figure = chartFigure(charts[key], name, this.downloads, this.t);
      // The timeline has a lane per journey and a long time axis: it takes the whole width.
      if (WIDE.has(key)) figure.classList.add("tp-wide");
      grid.append(figure);
    }
    if (grid.childElementCount) section.append(grid);
    return grid.childElementCount;
  }

  countsSection(section, r, charts) {
    const d = r.definitions || {};
    const cards = el("div", { class: "tp-cards" });
    cards.append(
      figure(this.t("widget.fig.events"), this.f.number1(r.events), d.events),
      figure(this.t("widget.fig.journeys"), this.f.number1(r.journeys), d.journeys),
      figure(this.t("widget.fig.unique"), this.f.number1(r.unique_touchpoints), d.unique_touchpoints),
      figure(
        this.t("widget.fig.perJourney"),
        this.f.number1(r.per_journey.median),
        this.t("widget.fig.perJourneyHint", { min: r.per_journey.min, mean: this.f.number1(r.per_journey.mean), max: r.per_journey.max }) + " " + (d.per_journey || ""),
      ),
      figure(this.t("widget.fig.span"), r.span.text || "—", r.span.first_text ? `${r.span.first_text} → ${r.span.last_text}` : ""),
      figure(this.t("widget.fig.unclassified"), this.f.number1(r.unclassified.events), d.unclassified),
    );
    section.append(cards);
    if (r.problems && r.problems.count) {
      section.append(el("p", { class: "tp-notice", text: this.t("widget.badRows", { count: r.problems.count }) }));
    }
    this.charts(section, charts, ["by-kind", "by-owner", "by-stage", "by-media", "by-direction", "top-touchpoints", "timeline"]);
    // The numbers behind the top touch points chart.
    const table = el("table", { class: "tp-table" });
    table.append(el("caption", { text: this.t("widget.table.caption", { shown: Math.min(15, r.by_touchpoint.length), total: r.unique_touchpoints }) }));
    const head = el("tr");
    for (const [key, num] of [["touchpoint"], ["events", true], ["journeys", true], ["share", true], ["kind"]]) {
      const th = el("th", { class: num ? "num" : "", text: this.t(`widget.table.${key}`) });
      th.scope = "col";
      head.append(th);
    }
    const thead = el("thead");
    thead.append(head);
    table.append(thead);
    const body = el("tbody");
    const kindLabels = Object.fromEntries(r.by_kind.map((k) => [k.class, `class.${k.class}` in TABLE_KEYS ? this.t(`class.${k.class}`) : k.label]));
    for (const row of r.by_touchpoint.slice(0, 15)) {
      const tr = el("tr");
      tr.append(
        el("td", { class: "tp-label-cell", text: row.touchpoint }),
        el("td", { class: "num", text: this.f.number1(row.events) }),
        el("td", { class: "num", text: this.f.number1(row.journeys) }),
        el("td", { class: "num", text: this.f.percent1(row.share) }),
        el("td", { text: kindText(row, kindLabels, this.f) }),
      );
      body.append(tr);
    }
    table.append(body);
    // A narrow screen scrolls the table in its own box (a keyboard-reachable region).
    const wrap = el("div", { class: "tp-table-wrap" });
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", table.caption?.textContent ?? "");
    wrap.append(table);
    section.append(wrap);
  }

  engagementSection(section, r, charts) {
    const cards = el("div", { class: "tp-cards" });
    if (r.engagement) {
      cards.append(
        figure(this.t("widget.fig.engagementMedian"), this.f.number1(r.engagement.median_score), r.engagement.method, this.t("widget.fig.engagementHint")),
        figure(this.t("widget.fig.engagementMean"), this.f.number1(r.engagement.mean_score), ""),
      );
    }
    if (r.lifecycle) {
      const s = r.lifecycle.stages;
      cards.append(
        figure(this.t("widget.fig.acquisition"), this.f.number1(s.acquisition), ""),
        figure(this.t("widget.fig.retention"), this.f.number1(s.retention), ""),
        figure(this.t("widget.fig.reacquisition"), this.f.number1(s.reacquisition), ""),
        figure(this.t("widget.fig.repeat"), this.f.percent1(r.lifecycle.loyalty.repeat_customer_share), ""),
      );
    }
    if (cards.childElementCount) section.append(cards);
    const shown = this.charts(section, charts, ["engagement", "rfm", "lifecycle"]);
    if (!shown && !cards.childElementCount) section.append(el("p", { class: "tp-status", text: this.t("widget.none.engagement") }));
  }

  valueSection(section, r, charts) {
    const cards = el("div", { class: "tp-cards" });
    const cv = r.customer_value;
    if (cv) {
      cards.append(
        figure(this.t("widget.fig.revenue"), this.f.money(cv.revenue), ""),
        figure(this.t("widget.fig.margin"), this.f.money(cv.margin), ""),
        figure(this.t("widget.fig.revenuePerCustomer"), this.f.money(cv.revenue_per_customer), ""),
      );
      if (cv.revenue_pareto?.top_share_of_total != null) {
        cards.append(figure(this.t("widget.fig.pareto"), this.f.percent1(cv.revenue_pareto.top_share_of_total), this.t("widget.fig.paretoHint")));
      }
    }
    const s = r.satisfaction;
    if (s?.nps) cards.append(figure(this.t("widget.fig.nps"), this.f.number1(s.nps.score), s.nps.definition));
    if (s?.csat) cards.append(figure(this.t("widget.fig.csat"), this.f.percent1(s.csat.share), s.csat.definition));
    if (cards.childElementCount) section.append(cards);
    const shown = this.charts(section, charts, ["satisfaction", "pareto"]);
    if (!shown && !cards.childElementCount) section.append(el("p", { class: "tp-status", text: this.t("widget.none.value") }));
  }

  notesSection(section, r) {
    const list = el("dl", { class: "tp-notes" });
    const add = (term, text) => {
      if (!text) return;
      list.append(el("dt", { text: term }), el("dd", { text: text }));
    };
    for (const [key, text] of Object.entries(r.definitions || {})) add(this.t(`widget.def.${key}`) === `widget.def.${key}` ? key : this.t(`widget.def.${key}`), text);
    add(this.t("widget.fig.engagementMedian"), r.engagement?.method);
    add(this.t("widget.fig.nps"), r.satisfaction?.nps?.definition);
    add(this.t("widget.fig.csat"), r.satisfaction?.csat?.definition);
    add(this.t("widget.def.rules"), this.t("widget.def.rulesText", { rules: r.rules }));
    section.append(list, el("p", { class: "tp-privacy", text: this.t("widget.privacy") }));
  }
}
