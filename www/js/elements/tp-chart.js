// <tp-chart>: shows one SVG chart made by the core, with SVG and PNG download
// buttons. Set `.svg` to the markup (built and escaped by the core) and the
// `name` attribute to the download file name.
import { downloadPng, downloadSvg, reportFailure } from "../download.js";
import { t } from "../i18n.js";

export class TpChart extends HTMLElement {
  static define(tag = "tp-chart") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  set svg(markup) {
    this.replaceChildren();
    // No chart (e.g. a value sheet with bad cells): nothing to show. Parsing "" would make
    // a parser-error document, whose inline style a strict CSP reports.
    if (!markup) return;
    const figure = document.createElement("figure");
    figure.className = "chart";
    figure.style.margin = "0";
    // Parsed as SVG (an XML document): no script runs, labels were escaped by the core,
    // and the markup has no inline styles (CSP-safe; colours come from css/charts.css).
    const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
    const svg = doc.documentElement;
    if (svg.nodeName !== "svg") return;
    figure.append(document.importNode(svg, true));
    const actions = document.createElement("div");
    actions.className = "chart-actions";
    const name = this.getAttribute("name") || "chart";
    // A download that fails says so here (never an uncaught rejection).
    const status = document.createElement("p");
    status.className = "chart-status error small";
    status.setAttribute("role", "alert");
    status.hidden = true;
    for (const [label, save] of [
      [t("chart.svg"), () => downloadSvg(figure.querySelector("svg"), name)],
      [t("chart.png"), () => downloadPng(figure.querySelector("svg"), name)],
    ]) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.setAttribute("aria-label", `${label}: ${svg.querySelector("title")?.textContent ?? name}`);
      button.addEventListener("click", () => reportFailure(save, status, (e) => t("chart.failed", { format: label, message: e.message || String(e) })));
      actions.append(button);
    }
    figure.append(actions, status);
    this.append(figure);
  }
}
