// The analysis worker: reads a file in chunks (File.stream()), feeds the
// core's Session, reports progress, and answers questions about the result
// (table pages, exports, new rules) so the page never freezes.
import init, { Session, setTexts } from "../pkg/touchpoints.js";

const ready = init({ module_or_path: new URL("../pkg/touchpoints_bg.wasm", import.meta.url) });
let session = null;

const post = (message) => self.postMessage(message);
const message = (error) => (error && error.message) || String(error);

async function open({ file, name, options }) {
  await ready;
  session?.free();
  session = null;
  const current = new Session(name, options);
  const total = file.size;
  let bytes = 0;
  let lastPost = 0;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    current.push(value);
    bytes += value.length;
    const now = performance.now();
    if (now - lastPost > 100) {
      lastPost = now;
      post({ type: "progress", bytes, total });
    }
  }
  post({ type: "progress", bytes: total, total, stage: "classify" });
  const started = performance.now();
  const report = current.finish();
  session = current;
  post({ type: "done", report, charts: session.charts(), seconds: (performance.now() - started) / 1000 });
}

const handlers = {
  open,
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
    post({ type: "error", id: request.id, request: request.type, message: message(error) });
  }
};
