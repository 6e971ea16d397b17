// <tp-engagement-view>: the engagement score (bands, histogram, per-customer
// table with "how this score was made"), RFM (grid + segments), lifecycle
// (stacked bars, loyalty, at-risk table) and their settings.
//
//   view.data = { report, charts }        // the core's report and SVG charts
//   view.settings = analysisSettings      // AnalysisSettings (for the form)
//   view.explain = async (customer) => touches   // optional: Session.engagementTouches
//   view.pages = async (query) => page      // optional: Session.customersPage — the tables of a
//                                            // report that lists only its first customers page through it
//   view.onExportCustomers = () => …       // optional; a bubbling `customers-csv` event fires too
//
// Events (bubbling): `settings-change` (detail: the full AnalysisSettings
// object), `customers-csv` (the user asked for the per-customer CSV).
import { has, t } from "../i18n.js";
import { TpChart } from "./tp-chart.js";
import { el } from "../dom.js";
import { card, chart, clone, fmt, how, numberField, pagedTable, pct, readNumber, section, selectField, table } from "./view-helpers.js";

TpChart.define();

const PAGE = 50;
const KINDS = ["actual-experience", "personal-communication", "mass-communication", "casual-observation"];
const DIRECTIONS = ["one-way", "two-way", "customer-initiated"];
const OWNERS = ["brand", "partner", "customer", "social-external"];
const MEDIA = ["paid", "owned", "earned"];

function openHow(details) {
  details.open = true;
  return details;
}


/** An RFM segment's name in the page's language (the tables' rfm.segment.KEY), else the core's. */
function segmentLabel(s) {
  const key = `rfm.segment.${s.segment}`;
  return has(key) ? t(key) : s.label;
}

export class TpEngagementView extends HTMLElement {
  static define(tag = "tp-engagement-view") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  constructor() {
    super();
    this._data = null;
    this._settings = null;
    this.explain = null;
    this.pages = null;
    this.onExportCustomers = null;
    // Each table's latest page request: an older answer that arrives late is dropped.
    this._asked = { engagement: 0, rfm: 0 };
    this._table = { sort: "score", desc: true, filter: "", page: 0, open: new Set() };
  }

  set data(value) {
    this._data = value;
    this._table.page = 0;
    this.render();
  }

  get data() {
    return this._data;
  }

  set settings(value) {
    this._settings = clone(value);
    if (this._data) this.renderSettings();
  }

  get settings() {
    return this._settings;
  }

  render() {
    this.replaceChildren();
    const report = this._data?.report;
    const charts = this._data?.charts ?? {};
    if (!report) return;
    this.classList.add("tp-view");
    const e = report.engagement;
    if (e) this.append(this.engagementSection(e, charts));
    this.append(this.rfmSection(report.rfm, charts));
    this.append(this.lifecycleSection(report.lifecycle, charts));
    this.settingsHost = el("div");
    this.append(this.settingsHost);
    this.renderSettings();
  }

  // ------------------------------------------------------------ engagement

  engagementSection(e, charts) {
    const cards = el("div", { class: "cards band-cards" });
    // Every customer is in one band (the page's report lists only the first customers: `listed`).
    const total = e.bands.reduce((n, b) => n + b.customers, 0) || 1;
    for (const b of e.bands) {
      const last = b === e.bands[e.bands.length - 1];
      const range = last ? t("eng.band.range.last", { min: fmt(b.min, 1) }) : t("eng.band.range", { min: fmt(b.min, 1), max: fmt(b.max, 1) });
      cards.append(card(b.name, String(b.customers), `${pct(b.customers / total)} · ${range}`, { "data-band": b.name, class: `card band band-${cards.children.length}` }));
    }
    cards.append(card(t("eng.mean"), fmt(e.mean_score, 1), t("eng.median", { median: fmt(e.median_score, 1) })));
    const exportButton = el("button", { type: "button", class: "export", text: t("eng.export") });
    exportButton.addEventListener("click", () => {
      this.dispatchEvent(new CustomEvent("customers-csv", { bubbles: true, composed: true }));
      this.onExportCustomers?.();
    });
    const warnings = e.warnings.length ? el("ul", { class: "notice small" }, ...e.warnings.map((w) => el("li", { text: w }))) : null;
    this.tableHost = el("div", { class: "customer-table" });
    this.renderCustomers();
    return section(
      t("eng.heading"),
      "eng-heading",
      el("p", { class: "small muted", text: t("eng.lead", { date: e.analysis_date ?? t("eng.nodate") }) }),
      cards,
      warnings,
      el("div", { class: "grid two" }, el("div", {}, chart(charts.engagement, "engagement-histogram")), openHow(how(t("eng.how"), e.method, t("eng.how.bands"), t("eng.how.explain")))),
      el("div", { class: "toolbar table-head" }, el("h3", { text: t("eng.customers") }), exportButton),
      this.tableHost,
    );
  }

  filteredCustomers() {
    const { sort, desc, filter } = this._table;
    const needle = filter.trim().toLowerCase();
    let rows = this._data.report.engagement.customers;
    if (needle) rows = rows.filter((c) => c.customer.toLowerCase().includes(needle) || c.band.toLowerCase() === needle);
    const key = (c) => (sort === "customer" || sort === "band" ? c[sort] : c[sort] ?? 0);
    const dir = desc ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const c = typeof x === "string" ? x.localeCompare(y) : x - y;
      return c * dir || a.customer.localeCompare(b.customer);
    });
  }

  /**
   * Whether `table`'s rows come a page at a time from the core (`pages`): the report lists only
   * its first customers. Otherwise the view filters and sorts the listed rows itself.
   */
  remote(table) {
    const report = this._data?.report;
    const listed = table === "engagement" ? report?.engagement?.customers : report?.rfm?.customers;
    const total = report?.listed?.totals?.[`${table}.customers`] ?? 0;
    return Boolean(this.pages && listed && total > listed.length);
  }

  /** One page of `table` from the core, or null when a newer request was made meanwhile. */
  async askPage(table, state, extra = {}) {
    const mine = ++this._asked[table];
    const page = await this.pages({ table, filter: state.filter, sort: state.sort, descending: state.desc, offset: state.page * PAGE, limit: PAGE, ...extra });
    return mine === this._asked[table] ? page : null;
  }

  /** The customer table's current page: `{rows, matched, start}`. */
  async customersShown() {
    if (this.remote("engagement")) {
      const page = await this.askPage("engagement", this._table);
      if (!page) return null;
      this._table.page = Math.floor(page.offset / PAGE);
      return { rows: page.rows, matched: page.matched, start: page.offset };
    }
    const all = this.filteredCustomers();
    const pages = Math.max(1, Math.ceil(all.length / PAGE));
    this._table.page = Math.min(this._table.page, pages - 1);
    const start = this._table.page * PAGE;
    return { rows: all.slice(start, start + PAGE), matched: all.length, start };
  }

  async renderCustomers() {
    const host = this.tableHost;
    if (!host) return;
    let shown;
    // Busy while a page comes from the worker (screen readers wait; the tests too).
    host.setAttribute("aria-busy", "true");
    try {
      shown = await this.customersShown();
    } catch (error) {
      host.removeAttribute("aria-busy");
      host.replaceChildren(el("p", { class: "error", role: "alert", text: error.message || String(error) }));
      return;
    }
    if (!shown || host !== this.tableHost) return;
    host.removeAttribute("aria-busy");
    const { start, matched } = shown;
    const pages = Math.max(1, Math.ceil(matched / PAGE));
    const filter = el("input", { type: "search", class: "filter", value: this._table.filter, placeholder: t("eng.filter.placeholder"), "aria-label": t("eng.filter") });
    filter.addEventListener("input", async () => {
      this._table.filter = filter.value;
      this._table.page = 0;
      await this.renderCustomers();
      const again = this.tableHost.querySelector("input.filter");
      if (again && document.activeElement !== again) {
        again.focus();
        again.setSelectionRange(again.value.length, again.value.length);
      }
    });
    const columns = [
      ["customer", t("eng.col.customer"), false],
      ["score", t("eng.col.score"), true],
      ["band", t("eng.col.band"), false],
      ["touches", t("eng.col.touches"), true],
      ["raw_points", t("eng.col.raw"), true],
      ["decayed_points", t("eng.col.decayed"), true],
      ["capped_points", t("eng.col.capped"), true],
    ];
    const head = el("tr");
    for (const [key, label, num] of columns) {
      const sorted = this._table.sort === key;
      const button = el("button", { type: "button", text: `${label}${sorted ? (this._table.desc ? " ▼" : " ▲") : ""}` });
      button.addEventListener("click", async () => {
        this._table.desc = sorted ? !this._table.desc : num;
        this._table.sort = key;
        await this.renderCustomers();
        this.tableHost.querySelector(`th[data-key="${key}"] button`)?.focus();
      });
      head.append(el("th", { scope: "col", class: num ? "num" : "", "data-key": key, "aria-sort": sorted ? (this._table.desc ? "descending" : "ascending") : "none" }, button));
    }
    const body = el("tbody");
    for (const c of shown.rows) {
      const open = this._table.open.has(c.customer);
      // The customer's name is a disclosure button (keyboard, screen readers); a click anywhere on the row works too.
      const disclose = el("button", { type: "button", class: "disclose", "aria-expanded": String(open), title: t("eng.row.title") }, el("span", { class: "twisty", "aria-hidden": "true", text: open ? "▾ " : "▸ " }), c.customer);
      const tr = el(
        "tr",
        { class: "customer-row", "data-customer": c.customer },
        el("td", {}, disclose),
        el("td", { class: "num strong", text: fmt(c.score, 1) }),
        el("td", {}, el("span", { class: "pill", text: c.band })),
        el("td", { class: "num", text: String(c.touches) }),
        el("td", { class: "num", text: fmt(c.raw_points) }),
        el("td", { class: "num", text: fmt(c.decayed_points) }),
        el("td", { class: "num", text: fmt(c.capped_points) }),
      );
      const toggle = async () => {
        if (this._table.open.has(c.customer)) this._table.open.delete(c.customer);
        else this._table.open.add(c.customer);
        await this.renderCustomers();
        this.tableHost.querySelector(`tr.customer-row[data-customer="${CSS.escape(c.customer)}"] button.disclose`)?.focus();
      };
      tr.addEventListener("click", toggle);
      body.append(tr);
      if (open) body.append(el("tr", { class: "explain-row" }, el("td", { colSpan: columns.length }, this.explanation(c))));
    }
    if (!matched) body.append(el("tr", {}, el("td", { colSpan: columns.length, class: "muted", text: t("eng.none") })));
    const pager = el("div", { class: "toolbar pager" });
    const prev = el("button", { type: "button", text: t("eng.prev"), disabled: this._table.page === 0 });
    const next = el("button", { type: "button", text: t("eng.next"), disabled: this._table.page >= pages - 1 });
    prev.addEventListener("click", async () => {
      this._table.page--;
      await this.renderCustomers();
      this.tableHost.querySelector(".pager button")?.focus();
    });
    next.addEventListener("click", async () => {
      this._table.page++;
      await this.renderCustomers();
      this.tableHost.querySelectorAll(".pager button")[1]?.focus();
    });
    pager.append(prev, el("span", { class: "small muted", role: "status", text: t("eng.page", { from: matched ? start + 1 : 0, to: Math.min(matched, start + PAGE), total: matched, page: this._table.page + 1, pages }) }), next);
    // Without a page source, a report that lists only its first customers says so.
    const all = this._data.report.listed?.totals?.["engagement.customers"] ?? 0;
    const listed = this._data.report.engagement.customers.length;
    const note = all > listed && !this.pages ? el("p", { class: "small muted listed-note", text: t("eng.listed", { shown: fmt(listed, 0), total: fmt(all, 0) }) }) : null;
    // replaceChildren writes a null as the text "null": leave the note out when there is none.
    host.replaceChildren(
      ...[
        el("div", { class: "toolbar" }, filter, el("span", { class: "small muted", text: t("eng.table.hint") })),
        note,
        el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t("eng.customers") }, el("table", { class: "data customers" }, el("caption", { class: "visually-hidden", text: t("eng.customers") }), el("thead", {}, head), body)),
        pager,
      ].filter(Boolean),
    );
  }

  /** "How this score was made", from the report's components (and the touches when available). */
  explanation(c) {
    const e = this._data.report.engagement;
    const p = c.points;
    const parts = [
      ["base", p.base],
      ["kind", p.kind],
      ["direction", p.direction],
      ["owner", p.owner],
      ["media", p.media],
      ["advocacy", p.advocacy],
    ];
    const steps = el("ol", { class: "steps" });
    const classItems = el("span", { class: "components" });
    parts.forEach(([name, v], i) => {
      if (i) classItems.append(" + ");
      classItems.append(el("span", { class: "component", "data-component": name, "data-value": String(v) }, `${t(`eng.class.${name}`)} `, el("b", { text: fmt(v) })));
    });
    steps.append(el("li", {}, el("strong", { text: t("eng.step.points") }), " ", classItems, " = ", el("b", { class: "raw", "data-value": String(c.raw_points), text: fmt(c.raw_points) }), el("span", { class: "muted", text: ` ${t("eng.step.points.note", { touches: c.touches })}` })));
    const decay = e.decay
      ? t("eng.step.decay", { half: fmt(e.half_life_days), kept: pct(c.decay_kept) })
      : t("eng.step.nodecay");
    steps.append(el("li", {}, el("strong", { text: t("eng.step.decay.title") }), ` ${decay} → `, el("b", { class: "decayed", "data-value": String(c.decayed_points), text: fmt(c.decayed_points) })));
    const cap = el("li", {}, el("strong", { text: t("eng.step.cap.title") }), " ");
    if (e.cap_points == null) cap.append(t("eng.step.nocap"));
    else if (!c.cap_hits.length) cap.append(t("eng.step.cap.none", { cap: fmt(e.cap_points), per: t(`eng.per.${e.cap_per}`) }));
    else {
      cap.append(t("eng.step.cap", { cap: fmt(e.cap_points), per: t(`eng.per.${e.cap_per}`) }), " ", fmt(c.decayed_points));
      for (const h of c.cap_hits) cap.append(" − ", el("span", { class: "cut", "data-value": String(h.points - h.kept), title: t("eng.cut.title", { source: h.source, points: fmt(h.points), kept: fmt(h.kept) }), text: `${fmt(h.points - h.kept)} (${h.source} ${fmt(h.points)}→${fmt(h.kept)})` }));
    }
    cap.append(" → ", el("b", { class: "capped", "data-value": String(c.capped_points), text: fmt(c.capped_points) }));
    steps.append(cap);
    steps.append(el("li", {}, el("strong", { text: t("eng.step.score.title") }), ` min(100, ${fmt(c.capped_points)}) ${t("eng.step.score.round")} = `, el("b", { class: "score", "data-value": String(c.score), text: fmt(c.score, 1) }), ` → ${t("eng.step.band", { band: c.band })}`));
    const box = el("div", { class: "explain", "data-customer": c.customer }, el("h4", { text: t("eng.explain.title", { customer: c.customer }) }), steps, el("p", { class: "formula small" }, el("code", { text: c.formula })));
    if (this.explain) {
      const touches = el("div", { class: "touches small muted", text: t("eng.touches.loading") });
      box.append(touches);
      Promise.resolve()
        .then(() => this.explain(c.customer))
        .then((list) => touches.replaceWith(this.touchTable(list, c)))
        .catch((err) => {
          touches.textContent = err.message;
        });
    }
    return box;
  }

  touchTable(list, c) {
    const shown = list.slice(0, 200);
    const rows = shown.map((x) => [String(x.line), x.time, x.touchpoint, x.channel || "–", fmt(x.total), String(x.age_days), fmt(x.decay, 3), fmt(x.decayed), x.cap_group]);
    const wrap = el("details", { class: "touch-list" }, el("summary", { text: t("eng.touches.title", { n: list.length }) }));
    wrap.append(
      table(
        [
          { label: t("eng.t.line"), num: true },
          { label: t("eng.t.time") },
          { label: t("eng.t.touchpoint") },
          { label: t("eng.t.channel") },
          { label: t("eng.t.points"), num: true },
          { label: t("eng.t.age"), num: true },
          { label: t("eng.t.decay"), num: true },
          { label: t("eng.t.decayed"), num: true },
          { label: t("eng.t.group") },
        ],
        rows,
        t("eng.touches.title", { n: list.length }),
      ),
    );
    if (list.length > shown.length) wrap.append(el("p", { class: "small muted", text: t("eng.touches.more", { n: list.length - shown.length }) }));
    wrap.append(el("p", { class: "small muted", text: t("eng.touches.sum", { decayed: fmt(c.decayed_points) }) }));
    return wrap;
  }

  // ------------------------------------------------------------ RFM

  rfmSection(rfm, charts) {
    if (!rfm) return section(t("rfm.heading"), "rfm-heading", el("p", { class: "muted", text: t("rfm.none") }));
    // The page's report lists only the first customers (`listed`); the total is the report's.
    const rfmTotal = this._data.report.listed?.totals?.["rfm.customers"] ?? rfm.customers.length;
    const segments = table(
      [{ label: t("rfm.col.segment") }, { label: t("rfm.col.ranges") }, { label: t("rfm.col.customers"), num: true }, { label: t("rfm.col.share"), num: true }, { label: t("rfm.col.monetary"), num: true }],
      rfm.segments.filter((s) => s.customers > 0 || true).map((s) => [segmentLabel(s), s.ranges, String(s.customers), pct(s.customers / (rfmTotal || 1)), fmt(s.monetary)]),
      t("rfm.segments"),
    );
    segments.classList.add("rfm-segments");
    this.rfmHost = el("div", { class: "rfm-customers" });
    this.renderRfmCustomers();
    return section(
      t("rfm.heading"),
      "rfm-heading",
      el("p", { class: "small muted", text: t("rfm.lead", { rule: rfm.purchase_rule, date: rfm.analysis_date, customers: rfmTotal, without: rfm.customers_without_purchase, monetary: t(`rfm.monetary.${rfm.monetary}`) }) }),
      rfm.warnings.length ? el("ul", { class: "notice small" }, ...rfm.warnings.map((w) => el("li", { text: w }))) : null,
      el("div", { class: "grid two" }, el("div", {}, chart(charts.rfm, "rfm-grid")), el("div", {}, el("h3", { text: t("rfm.segments") }), segments)),
      el("h3", { text: t("rfm.customers") }),
      this.rfmHost,
      how(t("rfm.how"), t("rfm.how.1"), t("rfm.how.2"), t("rfm.how.2f"), t("rfm.how.3")),
    );
  }

  /** Every buying customer's R, F and M values and scores (the CSV's figures), sortable and paged. */
  async renderRfmCustomers() {
    const host = this.rfmHost;
    const rfm = this._data?.report?.rfm;
    if (!host || !rfm) return;
    const state = (this._rfmTable ??= { sort: "score", desc: true, filter: "", page: 0 });
    const columns = [
      { key: "customer", label: t("rfm.col.customer") },
      { key: "last_purchase", label: t("rfm.col.last") },
      { key: "recency_days", label: t("rfm.col.recency"), num: true },
      { key: "r", label: "R", num: true, title: t("rfm.col.r") },
      { key: "frequency", label: t("rfm.col.frequency"), num: true },
      { key: "f", label: "F", num: true, title: t("rfm.col.f") },
      { key: "monetary", label: t("rfm.col.m.value"), num: true, format: (v) => fmt(v) },
      { key: "m", label: "M", num: true, title: t("rfm.col.m") },
      { key: "score", label: t("rfm.col.score"), num: true },
      { key: "segment_label", label: t("rfm.col.segment") },
    ];
    const label = Object.fromEntries(rfm.segments.map((s) => [s.segment, segmentLabel(s)]));
    const labelled = (list) => list.map((c) => ({ ...c, segment_label: label[c.segment] ?? c.segment }));
    let shown = null;
    if (this.remote("rfm")) {
      host.setAttribute("aria-busy", "true");
      try {
        const page = await this.askPage("rfm", state, { labels: label });
        if (!page) return;
        host.removeAttribute("aria-busy");
        state.page = Math.floor(page.offset / PAGE);
        shown = { rows: labelled(page.rows), matched: page.matched };
      } catch (error) {
        host.removeAttribute("aria-busy");
        host.replaceChildren(el("p", { class: "error", role: "alert", text: error.message || String(error) }));
        return;
      }
      if (host !== this.rfmHost) return;
    }
    host.replaceChildren(
      pagedTable({
        columns,
        rows: shown ? null : labelled(rfm.customers),
        shown,
        state,
        page: PAGE,
        caption: t("rfm.customers"),
        filterLabel: t("rfm.filter"),
        filterPlaceholder: t("rfm.filter.placeholder"),
        matches: (c, needle) => c.customer.toLowerCase().includes(needle) || c.segment_label.toLowerCase().includes(needle),
        empty: t("eng.none"),
        pageText: (p) => t("eng.page", p),
        prev: t("eng.prev"),
        next: t("eng.next"),
        onChange: () => this.renderRfmCustomers(),
      }),
    );
  }

  // ------------------------------------------------------------ lifecycle

  lifecycleSection(lc, charts) {
    if (!lc) return section(t("lc.heading"), "lc-heading", el("p", { class: "muted", text: t("lc.none") }));
    const l = lc.loyalty;
    const cards = el(
      "div",
      { class: "cards" },
      card(t("lc.acquisition"), String(lc.stages.acquisition), t("lc.acquisition.hint")),
      card(t("lc.retention"), String(lc.stages.retention), t("lc.retention.hint")),
      card(t("lc.reacquisition"), String(lc.stages.reacquisition), t("lc.reacquisition.hint")),
      card(t("lc.repeat"), pct(l.repeat_customer_share), t("lc.repeat.hint", { n: l.repeat_customers, of: l.customers }), { "data-figure": "repeat" }),
      card(t("lc.top"), pct(l.top_revenue_share), t("lc.top.hint", { n: l.top_customers }), { "data-figure": "top" }),
    );
    // The core's order (lapsed, then overdue, each by value at stake): the docs' and the command line's.
    const atRisk = lc.at_risk;
    const riskTable = table(
      [{ label: t("lc.col.customer") }, { label: t("lc.col.risk") }, { label: t("lc.col.days"), num: true }, { label: t("lc.col.lapse"), num: true }, { label: t("lc.col.stake"), num: true }],
      atRisk.map((r) => [r.customer, r.risk, String(r.days_since_last), fmt(r.lapse_after_days, 1), fmt(r.value_at_stake)]),
      t("lc.atrisk"),
    );
    riskTable.classList.add("at-risk");
    return section(
      t("lc.heading"),
      "lc-heading",
      el("p", { class: "small muted", text: t("lc.lead", { rule: lc.purchase_rule, date: lc.analysis_date }) }),
      cards,
      el("p", { class: "small", text: l.summary }),
      lc.warnings.length ? el("ul", { class: "notice small" }, ...lc.warnings.map((w) => el("li", { text: w }))) : null,
      el(
        "div",
        { class: "grid two" },
        el("div", {}, chart(charts.lifecycle, "lifecycle")),
        el("div", {}, el("h3", { text: t("lc.atrisk") }), el("p", { class: "small muted", text: t("lc.atrisk.lead", { shown: atRisk.length, total: lc.at_risk_total }) }), el("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": t("lc.atrisk") }, riskTable)),
      ),
      how(t("lc.how"), t("lc.how.1"), t("lc.how.2"), t("lc.how.3"), t("lc.how.4")),
    );
  }

  // ------------------------------------------------------------ settings

  renderSettings() {
    if (!this.settingsHost) return;
    const s = this._settings;
    if (!s) {
      this.settingsHost.replaceChildren();
      return;
    }
    const e = s.engagement;
    const form = el("form", { class: "settings-form", novalidate: true });
    const bands = el("fieldset", {}, el("legend", { text: t("set.bands") }));
    e.bands.forEach((b, i) => {
      if (i === 0) return;
      bands.append(numberField(t("set.band.min", { band: b.name }), `band-${i}`, b.min, { min: 0, max: 100 }));
    });
    const weights = (legend, prefix, keys, map) => {
      const fs = el("fieldset", {}, el("legend", { text: legend }));
      for (const k of keys) fs.append(numberField(t(`set.class.${k}`), `${prefix}-${k}`, map[k] ?? 0, { min: 0 }));
      return fs;
    };
    form.append(
      el(
        "fieldset",
        {},
        el("legend", { text: t("set.score") }),
        numberField(t("set.half"), "half", e.half_life_days, { min: 0, placeholder: t("set.off"), hint: t("set.half.hint") }),
        numberField(t("set.cap"), "cap", e.cap_points, { min: 0, placeholder: t("set.none"), hint: t("set.cap.hint") }),
        numberField(t("set.base"), "base", e.base_points, { min: 0 }),
        numberField(t("set.advocacy"), "advocacy", e.advocacy_points, { min: 0 }),
      ),
      bands,
      weights(t("set.kind"), "kind", KINDS, e.kind_points),
      weights(t("set.direction"), "direction", DIRECTIONS, e.direction_points),
      weights(t("set.owner"), "owner", OWNERS, e.owner_points),
      weights(t("set.media"), "media", MEDIA, e.media_points),
      el(
        "fieldset",
        {},
        el("legend", { text: t("set.rfm.lifecycle") }),
        selectField(t("set.monetary"), "monetary", s.rfm.monetary, [["total", t("set.monetary.total")], ["mean", t("set.monetary.mean")]]),
        numberField(t("set.lapse"), "lapse", s.lifecycle.lapse_k, { min: 0, hint: t("set.lapse.hint") }),
        selectField(t("set.period"), "period", s.lifecycle.period, [["month", t("set.period.month")], ["week", t("set.period.week")]]),
      ),
    );
    const error = el("p", { class: "error", role: "alert", hidden: true });
    const apply = el("button", { type: "submit", class: "primary", text: t("set.apply") });
    const reset = el("button", { type: "button", text: t("set.reset") });
    form.append(el("div", { class: "toolbar" }, apply, reset, el("span", { class: "small muted", text: t("set.hint") })), error);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const next = this.readSettings(form, error);
      if (next) this.dispatchEvent(new CustomEvent("settings-change", { bubbles: true, composed: true, detail: next }));
    });
    form.addEventListener("change", (ev) => {
      if (ev.target.tagName === "SELECT") form.requestSubmit();
    });
    reset.addEventListener("click", () => this.dispatchEvent(new CustomEvent("settings-change", { bubbles: true, composed: true, detail: { ...clone(s), engagement: {}, rfm: {}, lifecycle: {} } })));
    this.settingsHost.replaceChildren(section(t("set.heading"), "set-heading", el("p", { class: "small muted", text: t("set.lead") }), form));
  }

  /** The form as a full AnalysisSettings object, or null (with a message) when a field is invalid. */
  readSettings(form, error) {
    const next = clone(this._settings);
    const e = next.engagement;
    const bad = [];
    const num = (name, { nullable = false } = {}) => {
      const v = readNumber(form, name);
      if ((v === null && !nullable) || Number.isNaN(v) || (v !== null && v < 0)) {
        bad.push(form.elements[name].labels[0].textContent);
        form.elements[name].setAttribute("aria-invalid", "true");
        return undefined;
      }
      form.elements[name].removeAttribute("aria-invalid");
      return v;
    };
    e.half_life_days = num("half", { nullable: true });
    e.cap_points = num("cap", { nullable: true });
    e.base_points = num("base");
    e.advocacy_points = num("advocacy");
    e.bands.forEach((b, i) => {
      if (i > 0) b.min = num(`band-${i}`);
    });
    for (const [prefix, keys, key] of [["kind", KINDS, "kind_points"], ["direction", DIRECTIONS, "direction_points"], ["owner", OWNERS, "owner_points"], ["media", MEDIA, "media_points"]]) {
      for (const k of keys) e[key][k] = num(`${prefix}-${k}`);
    }
    next.rfm.monetary = form.elements.monetary.value;
    next.lifecycle.lapse_k = num("lapse");
    next.lifecycle.period = form.elements.period.value;
    const mins = e.bands.map((b) => b.min);
    if (!bad.length && mins.some((m, i) => i > 0 && m <= mins[i - 1])) bad.push(t("set.bands.order"));
    error.hidden = !bad.length;
    error.textContent = bad.length ? t("set.invalid", { fields: bad.join(", ") }) : "";
    return bad.length ? null : next;
  }
}
