// The analysis worker: reads a file in chunks (File.stream()), feeds the
// core's Session, reports progress, and answers questions about the result
// (table pages, exports, new rules) so the page never freezes. For js/analyze.js it
// also scans chunks for record starts, reads one part of a file (finishPart) and
// merges parts (Session.fromParts).
import init, { Session, ClvSession, setTexts, scanPart, cutParts, headerLine } from "../pkg/touchpoints.js";

const ready = init({ module_or_path: new URL("../pkg/touchpoints_bg.wasm", import.meta.url) });
/** The wasm memory's size now (bytes): it only grows, so after a read it is the peak. */
const memoryBytes = async () => (await ready).memory.buffer.byteLength;
let session = null;
let clvSession = null;

const post = (message) => self.postMessage(message);
const message = (error) => (error && error.message) || String(error);

/** Streams `file` into `target.push` chunk by chunk, posting `progressType` messages (with `extra`). */
async function pushFile(file, target, progressType, extra = {}) {
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
      post({ type: progressType, bytes, total, ...extra });
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
  await postDone(report, started);
}

/** Posts the summary report and the charts; `sentAt` lets the page time the crossing. */
async function postDone(report, started) {
  const charts = session.charts();
  const seconds = (performance.now() - started) / 1000;
  post({ type: "done", report, charts, seconds, memory: await memoryBytes(), sentAt: performance.timeOrigin + performance.now() });
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
  // analyze.js, parallel read: 1. the scans of a chunk (in slices of `slice` bytes), in order.
  async scan({ id, blob, slice }) {
    await ready;
    const scans = [];
    for (let o = 0; o < blob.size; o += slice) {
      scans.push(scanPart(new Uint8Array(await blob.slice(o, Math.min(o + slice, blob.size)).arrayBuffer())));
    }
    post({ type: "answer", id, value: scans });
  },
  // 2. The parts of the file from all scans in order, and its header line.
  async cut({ id, scans, prefix }) {
    await ready;
    const header = headerLine(new Uint8Array(await prefix.arrayBuffer()));
    post({ type: "answer", id, value: { parts: cutParts(scans), header } });
  },
  // 3. One part read into a partial dataset; its bytes are transferred, not copied.
  async part({ id, part, file, name, options }) {
    await ready;
    const current = new Session(name, options);
    try {
      await pushFile(file, current, "part-progress", { part });
      const bytes = current.finishPart();
      self.postMessage({ type: "answer", id, value: bytes, memory: await memoryBytes() }, [bytes.buffer]);
    } finally {
      current.free();
    }
  },
  // After its part: this worker ends itself (analyze.js), freeing its memory on its own thread.
  async close() {
    self.close();
  },
  /** Answers once the wasm is ready (a spare worker started ahead: js/worker-client.js prewarm). */
  async ping({ id }) {
    await ready;
    post({ type: "answer", id, value: true });
  },
  // 4. The parts merged (in file order) into this worker's session: the same report as one Session.
  async merge({ name, options, parts }) {
    await ready;
    session?.free();
    session = null;
    const started = performance.now();
    const merged = Session.fromParts(name, options, parts.map((buffer) => new Uint8Array(buffer)));
    session = merged;
    await postDone(merged.report(), started);
  },
  // The cost of the summary report and the charts crossing from the core (benchmarks).
  async reportTiming({ id }) {
    const t0 = performance.now();
    session.report();
    const t1 = performance.now();
    session.charts();
    post({ type: "answer", id, value: { reportMs: t1 - t0, chartsMs: performance.now() - t1, memory: await memoryBytes() } });
  },
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
  async customersPage({ id, query }) {
    post({ type: "answer", id, value: session.customersPage(query) });
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
