// Shared by every Touchpoints widget on a page: the wasm core is loaded once
// (one instance for all widgets), and each data source is read and analysed
// once per preset/rules, whatever the number of widgets showing it.
// Nothing is sent anywhere: `src` is fetched like any other file of the page,
// and the analysis runs in this browser.
import { downloadPng, downloadSvg, reportFailure } from "../js/download.js";
import { coreTemplates, resolveLanguage, t as pageT, translator } from "../js/i18n.js";
import { el } from "../js/dom.js";
import { formats } from "../js/format.js";
import { CORES } from "./cores.js";
import { JOURNEY_CHARTS } from "./charts.js";

const ready = new Map();

/**
 * Resolves to the initialised core (found relative to this module), loaded once per page:
 * `kind` "journeys" (the default: every chart) or "basic" (the counts, engagement and value
 * charts only; a smaller download).
 */
export function loadCore(kind = "journeys") {
  const dir = CORES[kind] ?? CORES.journeys;
  if (!ready.has(dir)) {
    const job = import(new URL(`${dir}touchpoints.js`, import.meta.url).href).then(async (core) => {
      await core.default({ module_or_path: new URL(`${dir}touchpoints_bg.wasm`, import.meta.url) });
      return core;
    });
    job.catch(() => ready.delete(dir));
    ready.set(dir, job);
  }
  return ready.get(dir);
}

/** The widgets on the page (connected), whose charts choose the core. */
const connected = new Set();

/**
 * The core a widget showing `charts` (names as in CHARTS) needs: "journeys" when it, or any
 * other widget on the page, shows a journey chart (then the page loads one core and reads each
 * file once for all its widgets), else the smaller "basic".
 */
export function coreFor(charts) {
  const all = [charts, ...[...connected].map((w) => w.chartNames())];
  return all.some((names) => names.some((name) => JOURNEY_CHARTS.has(name))) ? "journeys" : "basic";
}

const bySrc = new Map();
const byData = new WeakMap();

/** The file name the core uses to pick a reader (by extension); `data.csv` when there is none. */
export function fileNameOf(src) {
  const path = new URL(src, document.baseURI).pathname;
  const last = decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
  return /\.[a-z0-9]+$/i.test(last) ? last : `${last || "data"}.csv`;
}

async function fetchText(url, what) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`${what} ${url}: could not be fetched (${e.message})`);
  }
  if (!response.ok) throw new Error(`${what} ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  return response;
}

async function options(preset, rulesSrc) {
  const opts = { preset: preset || "generic" };
  if (rulesSrc) opts.rules = await (await fetchText(new URL(rulesSrc, document.baseURI), "rules")).text();
  return opts;
}

// Runs one Session to the end; the report and the chart SVGs are plain values,
// the Session's wasm memory is freed at once. `journeys.steps` (a step list such
// as "Website visit, Online order") adds the funnel.
function analyse(core, fileName, opts, feed, journeys = {}) {
  // The core's text (problems, default band names, charts) in the widget's language, set
  // again before each step that writes text: widgets of other languages share the core.
  const texts = () => core.setTexts(coreTemplates(journeys.lang));
  texts();
  const session = new core.Session(fileName, opts);
  return feed(session)
    .then(() => {
      texts();
      let report = session.finish();
      if (journeys.steps) {
        session.funnel(session.funnelFromSteps(journeys.steps));
        report = session.report();
      }
      const charts = session.charts();
      return { report, charts };
    })
    .finally(() => session.free());
}

/**
 * The analysis ({report, charts}) of the file at `src` (a URL, relative to the page),
 * shared by every widget asking for the same src, preset and rules.
 */
export function analyseSrc(src, preset, rulesSrc, journeys = {}) {
  const url = new URL(src, document.baseURI).href;
  const key = JSON.stringify([url, preset || "generic", rulesSrc || "", journeys.steps || "", journeys.lang || "en", journeys.core || "journeys"]);
  if (!bySrc.has(key)) {
    const job = (async () => {
      const [c, opts, response] = await Promise.all([loadCore(journeys.core), options(preset, rulesSrc), fetchText(url, "src")]);
      return analyse(c, fileNameOf(src), opts, async (session) => {
        if (!response.body) {
          session.push(new Uint8Array(await response.arrayBuffer()));
          return;
        }
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          session.push(value);
        }
      }, journeys);
    })();
    // A failure is not cached: the next render tries again.
    job.catch(() => bySrc.delete(key));
    bySrc.set(key, job);
  }
  return bySrc.get(key);
}

/**
 * The analysis of `events` (an array of objects such as
 * {journey, time, touchpoint, channel}), read by the core's JSON reader.
 */
export function analyseData(events, preset, rulesSrc, journeys = {}) {
  if (!Array.isArray(events)) return Promise.reject(new Error("data: expected an array of events"));
  const key = JSON.stringify([preset || "generic", rulesSrc || "", journeys.steps || "", journeys.lang || "en", journeys.core || "journeys"]);
  let perData = byData.get(events);
  if (!perData) byData.set(events, (perData = new Map()));
  if (!perData.has(key)) {
    const job = (async () => {
      const [c, opts] = await Promise.all([loadCore(journeys.core), options(preset, rulesSrc)]);
      const bytes = new TextEncoder().encode(JSON.stringify(events));
      return analyse(c, "data.json", opts, async (session) => session.push(bytes), journeys);
    })();
    job.catch(() => perData.delete(key));
    perData.set(key, job);
  }
  return perData.get(key);
}

/**
 * Parses SVG markup built (and escaped) by the core into a node of this document;
 * never innerHTML. The markup has no inline styles (a strict CSP would refuse
 * them): colours are presentation attributes plus theme classes that
 * css/charts.css (imported by widget.css) maps to the custom properties.
 */
export function svgNode(markup) {
  const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
  const svg = doc.documentElement;
  if (!svg || svg.nodeName !== "svg") return null;
  return document.importNode(svg, true);
}

/**
 * A <figure> with the chart and its SVG/PNG download buttons (unless `downloads` is false).
 * `name` is the download file name.
 */
export function chartFigure(markup, name, downloads = true, t = pageT) {
  const figure = document.createElement("figure");
  figure.className = "tp-chart";
  const svg = svgNode(markup);
  if (!svg) return figure;
  figure.append(svg);
  if (downloads) {
    const title = svg.querySelector("title")?.textContent ?? name;
    const actions = document.createElement("div");
    actions.className = "tp-actions";
    // A download that fails says so under the chart (never an uncaught rejection).
    const status = document.createElement("p");
    status.className = "tp-error tp-download-error";
    status.setAttribute("role", "alert");
    status.hidden = true;
    for (const [label, save] of [
      [t("chart.svg"), () => downloadSvg(svg, name)],
      [t("chart.png"), () => downloadPng(svg, name)],
    ]) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.setAttribute("aria-label", t("widget.download", { format: label, title }));
      button.addEventListener("click", () => reportFailure(save, status, (e) => t("chart.failed", { format: label, message: e.message || String(e) })));
      actions.append(button);
    }
    figure.append(actions, status);
  }
  return figure;
}

/** The widget stylesheet, as a <link> (allowed by a strict CSP's style-src 'self'). */
export function styleLink() {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("./widget.css", import.meta.url).href;
  return link;
}

/**
 * Base of both elements: attributes are the API; any change re-renders once
 * (batched in a microtask); a newer render wins over a slower older one.
 */
export class TouchpointsBase extends HTMLElement {
  #data;
  #pending = false;
  #generation = 0;

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.shadowRoot.append(styleLink());
    this.body = document.createElement("div");
    this.body.className = "tp-widget";
    this.body.setAttribute("part", "body");
    this.shadowRoot.append(this.body);
  }

  /** The charts this widget shows (names as in CHARTS): they choose the core it loads. */
  chartNames() {
    return [];
  }

  /** Events as an array of objects, instead of `src`. */
  get data() {
    return this.#data;
  }

  set data(events) {
    this.#data = events;
    this.invalidate();
  }

  /**
   * The widget's language: its `lang` attribute, else the nearest `lang` around it (a
   * host page's <html lang>), when it is one of the tables (en, nl); else English.
   */
  get language() {
    return resolveLanguage(this.getAttribute("lang") || this.parentElement?.closest("[lang]")?.getAttribute("lang")) ?? "en";
  }

  /** The messages in the widget's language. */
  get t() {
    return translator(this.language);
  }

  /** Numbers in the widget's language (number1/percent1: one decimal; money: whole). */
  get f() {
    const f = formats(this.language);
    return { ...f, number1: (x) => f.number(x, 1), percent1: (x) => f.percent(x, 1), money: (x) => f.number(x, 0) };
  }

  /** The last report (after `touchpoints-ready`). */
  get report() {
    return this.lastReport;
  }

  connectedCallback() {
    connected.add(this);
    this.invalidate();
  }

  disconnectedCallback() {
    connected.delete(this);
  }

  attributeChangedCallback(_name, oldValue, newValue) {
    if (oldValue !== newValue) this.invalidate();
  }

  /** Schedules one render for all the changes made in the current task. */
  invalidate() {
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      if (this.isConnected) this.#render();
    });
  }

  async #render() {
    const generation = ++this.#generation;
    const preset = this.getAttribute("preset");
    const rules = this.getAttribute("rules");
    const src = this.getAttribute("src");
    if (!src && this.#data === undefined) return;
    this.setAttribute("aria-busy", "true");
    this.showStatus(this.t("widget.loading"));
    try {
      // The funnel's steps (touchpoints-chart), the widget's language and the core its charts need.
      const journeys = { ...(this.journeyOptions?.() ?? {}), lang: this.language, core: coreFor(this.chartNames()) };
      const result = this.#data !== undefined ? await analyseData(this.#data, preset, rules, journeys) : await analyseSrc(src, preset, rules, journeys);
      if (generation !== this.#generation) return;
      this.lastReport = result.report;
      this.draw(result);
      this.removeAttribute("aria-busy");
      this.dispatchEvent(new CustomEvent("touchpoints-ready", { bubbles: true, composed: true, detail: { report: result.report } }));
    } catch (e) {
      if (generation !== this.#generation) return;
      const message = e instanceof Error ? e.message : String(e);
      this.removeAttribute("aria-busy");
      this.showError(message);
      this.dispatchEvent(new CustomEvent("touchpoints-error", { bubbles: true, composed: true, detail: { message } }));
    }
  }

  showStatus(text) {
    this.body.replaceChildren(el("p", { class: "tp-status", role: "status", text }));
  }

  showError(message) {
    this.body.replaceChildren(el("p", { class: "tp-error", role: "alert", text: message }));
  }
}
