// <touchpoints-chart src="journeys.csv" chart="by-kind" preset="retail">
// One chart of a journey file (or of the `data` property, an array of events),
// drawn by the Touchpoints core in this browser. Attributes are the API (see
// www/embed.html); changes re-render once; `touchpoints-ready` ({report}) and
// `touchpoints-error` ({message}) bubble out.
import { CHARTS, FUNNEL_CHARTS } from "./charts.js";
import { TouchpointsBase, chartFigure } from "./shared.js";

export class TouchpointsChart extends TouchpointsBase {
  static observedAttributes = ["src", "chart", "preset", "rules", "downloads", "theme", "lang", "steps"];

  static define(tag = "touchpoints-chart") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  /** The funnel's steps (chart="funnel", "funnel-flow" or "funnel-time"): a step list such as "Website visit, Online order". */
  journeyOptions() {
    const name = this.getAttribute("chart") || "";
    return FUNNEL_CHARTS.has(name) ? { steps: this.getAttribute("steps") || "" } : {};
  }

  chartNames() {
    return [this.getAttribute("chart") || "by-kind"];
  }

  draw({ charts }) {
    const name = this.getAttribute("chart") || "by-kind";
    if (FUNNEL_CHARTS.has(name) && !this.getAttribute("steps")) throw new Error(this.t("widget.error.steps", { chart: name }));
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
