// Print view: ?src=samples/…&preset=… renders <touchpoints-report sections="all">
// (every chart, the figures and the method notes) and prints it on request.
import { t, translatePage } from "./i18n.js";

translatePage();
const params = new URLSearchParams(location.search);
const src = params.get("src");
const preset = params.get("preset") || "generic";
const report = document.getElementById("report");
document.getElementById("print").addEventListener("click", () => window.print());

// Only files of this site: the report never fetches from elsewhere.
if (src && new URL(src, location.href).origin === location.origin) {
  document.getElementById("source").textContent = t("print.source", { src, preset });
  report.setAttribute("preset", preset);
  report.setAttribute("src", src);
  // Ready (for tests and scripts) once the report is drawn, or failed.
  const done = () => (document.body.dataset.ready = "true");
  report.addEventListener("touchpoints-ready", done, { once: true });
  report.addEventListener("touchpoints-error", done, { once: true });
} else {
  const note = document.getElementById("nosrc");
  note.textContent = t("print.nosrc");
  note.hidden = false;
  document.body.dataset.ready = "true";
}
