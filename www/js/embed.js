// Embed page: the attribute, event and theming tables, copy buttons, the chart
// picker (changes the live chart's `chart` attribute) and the `data` example.
import { t, translatePage } from "./i18n.js";
import { integer } from "./format.js";
import { CHARTS } from "../widget/charts.js";

translatePage();

// [attribute, element, values, default, description key]; words in the cells are keys too.
const BOTH = t("embed.on.both");
const ATTRIBUTES = [
  ["src", BOTH, t("embed.values.src"), "—", "embed.attr.src"],
  ["chart", "touchpoints-chart", Object.keys(CHARTS).join(" · "), "by-kind", "embed.attr.chart"],
  ["steps", "touchpoints-chart", t("embed.values.steps"), "—", "embed.attr.steps"],
  ["sections", "touchpoints-report", t("embed.values.sections"), "counts", "embed.attr.sections"],
  ["preset", BOTH, "generic · hotel · retail", "generic", "embed.attr.preset"],
  ["rules", BOTH, t("embed.values.rules"), "—", "embed.attr.rules"],
  ["theme", BOTH, "light · dark · auto", "light", "embed.attr.theme"],
  ["lang", BOTH, "en · nl", t("embed.values.langDefault"), "embed.attr.lang"],
  ["downloads", BOTH, "true · false", "true", "embed.attr.downloads"],
  [t("embed.values.property", { name: "data" }), BOTH, "[{journey, time, touchpoint, channel, value, cost, rating…}]", "—", "embed.attr.data"],
  [t("embed.values.property", { name: "report" }), BOTH, t("embed.values.readOnly"), "—", "embed.attr.report"],
];

const EVENTS = [
  ["touchpoints-ready", "{ report }", "embed.event.ready"],
  ["touchpoints-error", "{ message }", "embed.event.error"],
];

const THEME = [
  ["--tp-font", "system-ui, sans-serif", "embed.prop.font"],
  ["--tp-chart-max-width", "820px", "embed.prop.chartMaxWidth"],
  ["--tp-widget-bg", "#ffffff", "embed.prop.bg"],
  ["--tp-text", "#1f2937", "embed.prop.text"],
  ["--tp-muted", "#5b6472", "embed.prop.muted"],
  ["--tp-grid", "#e5e7eb", "embed.prop.grid"],
  ["--tp-border", "#d9dde6", "embed.prop.border"],
  ["--tp-accent", "#0b63c5", "embed.prop.accent"],
  ["--tp-kind-actual-experience, --tp-kind-personal-communication, --tp-kind-mass-communication, --tp-kind-casual-observation", "#0072B2, #B87800, #009E73, #CC79A7", "embed.prop.kinds"],
  ["--tp-series-1 … --tp-series-10", "#0072B2, #B87800, #009E73, …", "embed.prop.series"],
  ["--tp-unclassified", "#858e9c", "embed.prop.unclassified"],
  ["--tp-radius", "10px", "embed.prop.radius"],
];

function cell(text, code = false) {
  const td = document.createElement("td");
  if (code) {
    const c = document.createElement("code");
    c.textContent = text;
    td.append(c);
  } else {
    td.textContent = text;
  }
  return td;
}

function fill(tableId, rows) {
  const body = document.querySelector(`#${tableId} tbody`);
  for (const row of rows) {
    const tr = document.createElement("tr");
    row.forEach((value, i) => tr.append(cell(i === row.length - 1 ? t(value) : value, i === 0)));
    body.append(tr);
  }
}

fill("attr-table", ATTRIBUTES);
fill("event-table", EVENTS);
fill("theme-table", THEME);

for (const button of document.querySelectorAll("button.copy")) {
  button.addEventListener("click", async () => {
    const text = document.getElementById(button.dataset.copy).textContent;
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = t("embed.copied");
    } catch {
      // No clipboard permission: select the snippet so Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(button.dataset.copy));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      button.textContent = t("embed.selected");
    }
    setTimeout(() => (button.textContent = t("embed.copy")), 2000);
  });
}

const live = document.getElementById("live-chart");
const pick = document.getElementById("chart-pick");
for (const name of Object.keys(CHARTS)) pick.append(new Option(name, name, name === "by-kind", name === "by-kind"));
pick.addEventListener("change", () => {
  // The funnel charts need steps; the example funnel of the retail sample.
  if (pick.value.startsWith("funnel") && !live.getAttribute("steps")) live.setAttribute("steps", "Instagram ad, Website visit, Online order, Delivery");
  live.setAttribute("chart", pick.value);
});
const status = document.getElementById("chart-events");
live.addEventListener("touchpoints-ready", (e) =>
  (status.textContent = t("embed.quick.ready", { chart: live.getAttribute("chart"), events: integer(e.detail.report.events) })),
);
live.addEventListener("touchpoints-error", (e) => (status.textContent = e.detail.message));

// The `data` example, with a touch point named with markup: it must show as text. This
// script runs before the widgets' module (it sets <html lang> first, so the widgets speak
// the page's language): the property is set once the element is defined.
customElements.whenDefined("touchpoints-chart").then(() => {
  document.getElementById("data-chart").data = [
    { journey: "C1", time: "2026-03-01T10:00:00Z", touchpoint: "Newsletter", channel: "email" },
    { journey: "C1", time: "2026-03-02T12:30:00Z", touchpoint: "Store visit", channel: "store" },
    { journey: "C2", time: "2026-03-01T18:05:00Z", touchpoint: "<img src=x onerror=alert(1)>", channel: "web" },
    { journey: "C2", time: "2026-03-03T09:10:00Z", touchpoint: "Newsletter", channel: "email" },
    { journey: "C3", time: "2026-03-04T15:45:00Z", touchpoint: "Store visit", channel: "store" },
  ];
});

// Ready (for tests and scripts) once the first widget has drawn, or failed.
const firstWidget = document.querySelector("touchpoints-chart, touchpoints-report");
const markReady = () => (document.body.dataset.ready = "true");
firstWidget?.addEventListener("touchpoints-ready", markReady, { once: true });
firstWidget?.addEventListener("touchpoints-error", markReady, { once: true });
if (!firstWidget || firstWidget.report) markReady();
