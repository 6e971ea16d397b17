// <touchpoints-chart src="journeys.csv" chart="by-kind" preset="retail">
// One chart of a journey file (or of the `data` property, an array of events),
// drawn by the Touchpoints core in this browser. Attributes are the API (see
// www/embed.html); changes re-render once; `touchpoints-ready` ({report}) and
// `touchpoints-error` ({message}) bubble out.
import { CHARTS, TouchpointsBase, chartFigure } from "./shared.js";

export class TouchpointsChart extends TouchpointsBase {
  static observedAttributes = ["src", "chart", "preset", "rules", "downloads", "theme", "lang"];

  static define(tag = "touchpoints-chart") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  draw({ charts }) {
    const name = this.getAttribute("chart") || "by-kind";
    const key = CHARTS[name];
    if (!key) {
      throw new Error(this.t("widget.error.chart", { chart: name, charts: Object.keys(CHARTS).join(", ") }));
    }
    const markup = charts[key];
    if (!markup) {
      this.showStatus(this.t("widget.nochart", { chart: name }));
      return;
    }
    const downloads = this.getAttribute("downloads") !== "false";
    this.body.replaceChildren(chartFigure(markup, name, downloads, this.t));
  }
}
