// <tp-customer-value-view>: what customers are worth to the firm: Pareto
// curve, top-share revenue and margin, marginal customers, and customer
// lifetime value with its inputs shown and editable.
//
//   view.data = { report, charts }
//   view.settings = analysisSettings   // AnalysisSettings (for the CLV form)
//
// Event (bubbling): `settings-change` (detail: the full AnalysisSettings).
import { positioned, t } from "../i18n.js";
import { TpChart } from "./tp-chart.js";
import { el } from "../dom.js";
import { card, chart, clone, fmt, how, numberField, pct, readNumber, section, table } from "./view-helpers.js";
import { percent } from "../format.js";

TpChart.define();

export class TpCustomerValueView extends HTMLElement {
  static define(tag = "tp-customer-value-view") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  set data(value) {
    this._data = value;
    this.render();
  }

  get data() {
    return this._data;
  }

  set settings(value) {
    this._settings = clone(value);
    if (this._data) this.render();
  }

  get settings() {
    return this._settings;
  }

  render() {
    this.replaceChildren();
    const report = this._data?.report;
    if (!report) return;
    this.classList.add("tp-view");
    const v = report.customer_value;
    if (!v) {
      this.append(section(t("cv.heading"), "cv-heading", el("p", { class: "muted", text: t("cv.none") })));
      return;
    }
    const top = percent(v.top_share, 0);
    const cards = el(
      "div",
      { class: "cards" },
      card(t("cv.customers"), fmt(v.customers, 0), t("cv.customers.hint", { revenue: fmt(v.revenue), margin: fmt(v.margin) })),
      card(t("cv.top.revenue", { top }), pct(v.revenue_pareto?.top_share_of_total), t("cv.top.revenue.hint", { top }), { "data-figure": "top-revenue" }),
      card(t("cv.top.margin", { top }), pct(v.margin_pareto?.top_share_of_total), t("cv.top.margin.hint", { top }), { "data-figure": "top-margin" }),
      card(t("cv.eighty"), pct(v.revenue_pareto?.customers_for_80_percent), t("cv.eighty.hint")),
      card(t("cv.marginal"), fmt(v.marginal_count, 0), t("cv.marginal.hint", { margin: fmt(v.marginal_margin) })),
    );
    const marginal = v.marginal.length
      ? table(
          [{ label: t("cv.col.customer") }, { label: t("cv.col.revenue"), num: true }, { label: t("cv.col.cost"), num: true }, { label: t("cv.col.margin"), num: true }],
          v.marginal.map((m) => [m.customer, fmt(m.revenue), fmt(m.cost), fmt(m.margin)]),
          t("cv.marginal.list"),
        )
      : el("p", { class: "marginal-none muted", text: t("cv.marginal.empty") });
    marginal.classList.add("scroll");
    const sow = v.share_of_wallet
      ? el("p", { class: "small", text: t("cv.sow", { share: pct(v.share_of_wallet.share), n: v.share_of_wallet.customers }) })
      : null;
    this.append(
      section(
        t("cv.heading"),
        "cv-heading",
        el("p", { class: "small muted", text: t("cv.lead") }),
        cards,
        el(
          "div",
          { class: "grid two" },
          el("div", {}, chart(this._data.charts?.pareto, "pareto")),
          el("div", {}, el("h3", { text: t("cv.marginal.list") }), v.marginal.length ? el("p", { class: "small muted", text: t("cv.marginal.lead", { shown: v.marginal.length, total: v.marginal_count }) }) : null, marginal),
        ),
        sow,
        this.clvBlock(v.clv),
        ...v.notes.map((n) => el("p", { class: "small muted", text: n })),
        v.problems.length ? el("ul", { class: "notice small" }, ...v.problems.map((p) => el("li", { text: positioned(p) }))) : null,
        how(t("cv.how"), t("cv.how.1"), t("cv.how.2"), t("cv.how.3")),
      ),
    );
  }

  clvBlock(clv) {
    const box = el("div", { class: "clv" }, el("h3", { text: t("cv.clv.heading") }));
    if (clv) {
      box.append(
        el("p", { class: "formula" }, el("code", { text: t("cv.clv.formula") })),
        el(
          "p",
          { class: "clv-result" },
          el("span", { text: t("cv.clv.inputs", { m: fmt(clv.margin_per_period), msrc: t(`cv.src.${clv.margin_source}`), r: clv.retention == null ? "?" : fmt(clv.retention, 3), rsrc: t(`cv.src.${clv.retention_source}`), d: fmt(clv.discount, 3) }) }),
          " → ",
          el("strong", { class: "clv-value", text: clv.clv == null ? t("cv.clv.none") : t("cv.clv.value", { clv: fmt(clv.clv), factor: fmt(clv.factor, 3) }) }),
        ),
        el("p", { class: "small muted", text: clv.note }),
      );
    }
    const s = this._settings?.customer_value;
    if (!s) return box;
    const form = el(
      "form",
      { class: "settings-form clv-form", novalidate: true },
      numberField(t("cv.set.margin"), "margin", s.margin_per_period, { placeholder: t("cv.set.fromdata") }),
      numberField(t("cv.set.retention"), "retention", s.retention, { min: 0, max: 1, step: "0.01", placeholder: t("cv.set.estimated") }),
      numberField(t("cv.set.discount"), "discount", s.discount, { min: 0, step: "0.01" }),
      numberField(t("cv.set.period"), "period", s.period_days, { min: 1 }),
      numberField(t("cv.set.top"), "top", s.top_share, { min: 0.01, max: 1, step: "0.05" }),
    );
    const error = el("p", { class: "error", role: "alert", hidden: true });
    form.append(el("div", { class: "toolbar" }, el("button", { type: "submit", class: "primary", text: t("set.apply") }), el("span", { class: "small muted", text: t("cv.set.hint") })), error);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const next = clone(this._settings);
      const c = next.customer_value;
      const bad = [];
      const read = (name, ok, nullable) => {
        const v = readNumber(form, name);
        const good = v === null ? nullable : !Number.isNaN(v) && ok(v);
        form.elements[name].toggleAttribute("aria-invalid", !good);
        if (!good) bad.push(form.elements[name].labels[0].textContent);
        return v;
      };
      c.margin_per_period = read("margin", () => true, true);
      c.retention = read("retention", (x) => x >= 0 && x < 1, true);
      c.discount = read("discount", (x) => x >= 0, false);
      c.period_days = read("period", (x) => x > 0, false);
      c.top_share = read("top", (x) => x > 0 && x <= 1, false);
      error.hidden = !bad.length;
      error.textContent = bad.length ? t("set.invalid", { fields: bad.join(", ") }) : "";
      if (!bad.length) this.dispatchEvent(new CustomEvent("settings-change", { bubbles: true, composed: true, detail: next }));
    });
    box.append(el("details", { class: "clv-settings", open: true }, el("summary", { text: t("cv.set.heading") }), form));
    return box;
  }
}
