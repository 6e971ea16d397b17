// The analysis worker: reads a file in chunks (File.stream()), feeds the
// core's Session, reports progress, and answers questions about the result
// (table pages, exports, new rules) so the page never freezes.
import init, { Session, ClvSession, setTexts } from "../pkg/touchpoints.js";

const ready = init({ module_or_path: new URL("../pkg/touchpoints_bg.wasm", import.meta.url) });
let session = null;
let clvSession = null;

const post = (message) => self.postMessage(message);
const message = (error) => (error && error.message) || String(error);

/** Streams `file` into `target.push` chunk by chunk, posting `progressType` messages. */
async function pushFile(file, target, progressType) {
  const total = file.size;
  let bytes = 0;
  let lastPost = 0;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    target.push(value);
    bytes += value.length;
    const now = performance.now();
    if (now - lastPost > 100) {
      lastPost = now;
      post({ type: progressType, bytes, total });
    }
  }
  return total;
}

async function open({ file, name, options }) {
  await ready;
  session?.free();
  session = null;
  const current = new Session(name, options);
  const total = await pushFile(file, current, "progress");
  post({ type: "progress", bytes: total, total, stage: "classify" });
  const started = performance.now();
  const report = current.finish();
  session = current;
  post({ type: "done", report, charts: session.charts(), seconds: (performance.now() - started) / 1000 });
}

// The CLV page (clv.html): read a transactions file into a ClvSession, fit, re-fit, page, export.
async function clvOpen({ file, name, settings }) {
  await ready;
  clvSession?.free();
  clvSession = null;
  const current = new ClvSession(name);
  const total = await pushFile(file, current, "clv-progress");
  post({ type: "clv-progress", bytes: total, total, stage: "fit" });
  const started = performance.now();
  const result = current.finish(settings);
  clvSession = current;
  post({ type: "clv-done", ...result, seconds: (performance.now() - started) / 1000 });
}

const handlers = {
  open,
  clvOpen,
  async clvAnalyse({ settings }) {
    const started = performance.now();
    const result = clvSession.analyse(settings);
    post({ type: "clv-done", ...result, seconds: (performance.now() - started) / 1000 });
  },
  async clvPage({ id, query }) {
    post({ type: "clv-page", id, page: clvSession.page(query) });
  },
  async clvExport({ what }) {
    post({ type: "clv-export", what, text: what === "csv" ? clvSession.csv() : clvSession.reportJson() });
  },
  /** The page's language for the charts' text (sent first, before any file). */
  async texts({ templates }) {
    await ready;
    setTexts(templates);
  },
  async rules({ preset, rules }) {
    const report = session.setRules(preset ?? null, rules ?? null);
    post({ type: "done", report, charts: session.charts(), rulesChanged: true });
  },
  async settings({ settings }) {
    const report = session.setSettings(settings);
    post({ type: "done", report, charts: session.charts(), settingsChanged: true });
  },
  async settingsValue({ id }) {
    post({ type: "answer", id, value: session.settings() });
  },
  async touches({ id, customer }) {
    post({ type: "answer", id, value: session.engagementTouches(customer) });
  },
  // The Journeys page (funnels, paths, journey map): each answers {type: "answer", id, value}.
  async funnel({ id, spec }) {
    post({ type: "answer", id, value: session.funnel(spec ?? null) });
  },
  async funnelFromSteps({ id, text }) {
    post({ type: "answer", id, value: session.funnelFromSteps(text) });
  },
  async funnelTime({ id, step }) {
    post({ type: "answer", id, value: session.funnelTime(step) });
  },
  async paths({ id, settings }) {
    post({ type: "answer", id, value: session.paths(settings ?? null) });
  },
  async journeyMap({ id, settings }) {
    post({ type: "answer", id, value: session.journeyMap(settings ?? null) });
  },
  async stepChoices({ id }) {
    post({ type: "answer", id, value: session.stepChoices() });
  },
  async journeyNames({ id, filter, limit }) {
    post({ type: "answer", id, value: session.journeyNames(filter ?? "", limit ?? 50) });
  },
  async journeysCsv({ id, what, step }) {
    const text = {
      funnel: () => session.funnelCsv(),
      dropoffs: () => session.funnelDropoffCsv(step ?? undefined),
      paths: () => session.pathsCsv(),
      transitions: () => session.transitionsCsv(),
      map: () => session.journeyMapCsv(),
    }[what]();
    post({ type: "answer", id, value: text });
  },
  async page({ id, query }) {
    post({ type: "page", id, page: session.eventsPage(query) });
  },
  // The attribution view (tp-attribution-view): the models with other settings, and its CSV exports.
  async attribution({ id, settings }) {
    post({ type: "answer", id, value: session.attribution(settings ?? null) });
  },
  async attributionCsv({ id, what, settings }) {
    post({ type: "answer", id, value: session.attributionCsv(what, settings ?? null) });
  },
  async export({ what }) {
    const text =
      what === "csv" ? session.classifiedCsv() : what === "customers" ? session.customersCsv() : session.reportJson();
    post({ type: "export", what, text });
  },
};

self.onmessage = async (event) => {
  const request = event.data;
  try {
    await handlers[request.type](request);
  } catch (error) {
    post({ type: "error", id: request.id, request: request.type, message: message(error), kind: error?.kind });
  }
};
