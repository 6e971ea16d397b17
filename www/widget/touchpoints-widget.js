// Touchpoints widget: one <script type="module" src=".../touchpoints-widget.js">
// defines <touchpoints-chart> and <touchpoints-report>. The wasm core is found
// relative to this module, loaded once and shared by every widget on the page.
// No request leaves the page's own files; the data never leaves the browser.
import { TouchpointsChart } from "./touchpoints-chart.js";
import { TouchpointsReport } from "./touchpoints-report.js";

export { TouchpointsChart, TouchpointsReport };
export { loadCore } from "./shared.js";

TouchpointsChart.define();
TouchpointsReport.define();
