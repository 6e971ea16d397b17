// analyze(source, options): the one entry for reading a journey file in the browser, for pages and
// the widget alike. The file is read in Web Workers (js/worker.js), in parallel for big delimited
// files: the workers scan their chunks for record starts, the core cuts the file into parts
// (cutParts), each worker reads one part into a partial dataset (Session `part` + finishPart), and
// one worker merges the parts (Session.fromParts) and keeps the result to serve pages of tables,
// exports and new rules. Only the summary report and the charts cross to the page.
// Same report, byte for byte, as one Session (docs/analyze.md).
//
//   import { analyze } from "./analyze.js";
//   const result = await analyze(file, { preset: "retail", onProgress, signal });
//   result.report; result.charts;              // the summary report and the charts (SVG text)
//   await result.eventsPage({ offset: 0, limit: 50 });
//   await result.customersPage({ table: "engagement" | "rfm", filter, sort, descending, offset, limit });
//   await result.exportText("csv" | "customers" | "json");
//   await result.setRules(preset, rulesJson);  // -> {report, charts}
//   result.ask("funnel", { spec });             // any question js/worker.js answers
//   result.close();                             // ends the workers
//   prewarm(n);                                 // starts n workers ahead (e.g. at page load)
import { ask, request, startWorker } from "./worker-client.js";

export { prewarm, spareWorkers } from "./worker-client.js";

/** Below this size a file is read by one worker: starting more costs more than it saves. */
export const PARALLEL_FROM_BYTES = 8 * 1024 * 1024;
/** At most this many workers, whatever the machine has. */
export const MAX_WORKERS = 8;

/**
 * The workers for a big delimited file on a machine with `cores` cores: one fewer, at most
 * MAX_WORKERS, at least 1. The browser's own process reads the file for the workers and needs a
 * core: on 2 cores one worker reads the 1M-event file in 0.51 s, two in 0.63 s (make bench-browser).
 */
export function defaultWorkers(cores) {
  return Math.min(MAX_WORKERS, Math.max(1, Math.floor(cores || 1) - 1));
}
/** The scan reads a chunk in slices of this size (bounded memory per worker). */
const SCAN_SLICE = 16 * 1024 * 1024;
/** Bytes of the file's start read to estimate its events (line ends per byte). */
const PREFIX_BYTES = 64 * 1024;
/**
 * Resident bytes per event while the merging worker holds the parts, the merged dataset and its
 * analysis (measured by make bench-browser: 112 on the 1M-event file (145 before the columnar merge), kept at 150 for room; docs/analyze.md), and the most one worker's wasm memory (4 GiB, wasm32) may
 * hold with room to spare. Together: the most events a tab reads.
 */
export const PEAK_BYTES_PER_EVENT = 150;
export const WORKER_MEMORY_BUDGET = 3 * 1024 ** 3;
export const MAX_EVENTS = Math.floor(WORKER_MEMORY_BUDGET / PEAK_BYTES_PER_EVENT);

/** The error of a file above what a tab can hold (`events`: the estimate); nothing was read. */
export class TooBigError extends Error {
  constructor(events, limit) {
    super(`about ${Math.round(events)} events: more than a browser tab can hold (about ${limit})`);
    this.name = "TooBigError";
    this.events = events;
    this.limit = limit;
  }
}

function abortError() {
  return new DOMException("the analysis was cancelled", "AbortError");
}

/** Whether the core reads `name` (with its first bytes `prefix`) as delimited text (CSV/TSV). */
export function isDelimited(name, prefix) {
  const lower = name.toLowerCase();
  if (/\.(json|jsonl|ndjson|vtt|srt|eaf|boris)$/.test(lower)) return false;
  let i = prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf ? 3 : 0;
  while (i < prefix.length && (prefix[i] === 0x20 || prefix[i] === 0x09 || prefix[i] === 0x0a || prefix[i] === 0x0d)) i++;
  if (i < prefix.length && (prefix[i] === 0x7b || prefix[i] === 0x5b || prefix[i] === 0x3c)) return false; // { [ <
  return !/^webvtt/i.test(new TextDecoder().decode(prefix.subarray(i, i + 6)));
}

/** Line ends in `bytes`. */
function lineEnds(bytes) {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) n++;
  return n;
}

/** Consecutive parts [{start, end, firstLine}] grouped into at most `n` ranges of about equal bytes. */
export function groupParts(parts, n, size) {
  const groups = [];
  for (const p of parts) {
    const last = groups[groups.length - 1];
    // A new range once the last one reached its share (range k ends near size × (k + 1) / n).
    if (!last || (groups.length < n && last.end >= (size * groups.length) / n)) groups.push({ ...p });
    else last.end = p.end;
  }
  return groups;
}

/**
 * Reads `source` (a File, Blob or ArrayBuffer) and resolves with
 * `{report, charts, workers, parallel, handle methods…}` (see the top of this file).
 * `options`: {preset, rules, mapping, name, workers (a count; default: `defaultWorkers` of the
 * machine's cores, 1 for small or non-delimited files), maxEvents (default MAX_EVENTS), onProgress(progress),
 * signal (an AbortSignal: cancels and ends the workers)}.
 * `progress`: {stage: "scan" | "read" | "merge" | "classify", bytes, total, events (an estimate
 * from the line ends), totalEvents (estimate), seconds, remaining (seconds, estimate or null),
 * workers}.
 */
export async function analyze(source, options = {}) {
  const blob = source instanceof Blob ? source : new Blob([source]);
  const name = options.name ?? source.name ?? "data.csv";
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortError();
  const started = performance.now();
  const prefix = new Uint8Array(await blob.slice(0, PREFIX_BYTES).arrayBuffer());
  const perByte = prefix.length ? lineEnds(prefix) / prefix.length : 0;
  const estimated = Math.max(0, blob.size * perByte - 1);
  const maxEvents = options.maxEvents ?? MAX_EVENTS;
  if (estimated > maxEvents) throw new TooBigError(estimated, maxEvents);

  const delimited = isDelimited(name, prefix);
  const machine = defaultWorkers(navigator.hardwareConcurrency);
  const wanted = options.workers ?? (blob.size < PARALLEL_FROM_BYTES ? 1 : machine);
  const n = delimited ? Math.max(1, Math.min(MAX_WORKERS, Math.floor(wanted))) : 1;
  const sessionOptions = { preset: options.preset || "generic", rules: options.rules ?? undefined, mapping: options.mapping ?? {} };

  const workers = [startWorker()];
  const close = () => workers.forEach((w) => w.terminate());
  const cancelled = new Promise((_, reject) => {
    signal?.addEventListener("abort", () => {
      close();
      reject(abortError());
    });
  });
  cancelled.catch(() => {});
  const guard = (promise) => Promise.race([promise, cancelled]);

  const progress = (stage, bytes, totalEvents = estimated) => {
    if (!onProgress) return;
    const seconds = (performance.now() - started) / 1000;
    const fraction = blob.size ? bytes / blob.size : 1;
    onProgress({
      stage,
      bytes,
      total: blob.size,
      events: Math.round(totalEvents * fraction),
      totalEvents: Math.round(totalEvents),
      seconds,
      remaining: stage === "read" && fraction > 0.02 ? (seconds / fraction) * (1 - fraction) : null,
      workers: n,
    });
  };
  progress("read", 0);

  const single = async () => {
    const done = await guard(
      request(workers[0], { type: "open", file: blob, name, options: sessionOptions }, (bytes, _total, stage) =>
        progress(stage === "classify" ? "classify" : "read", bytes),
      ),
    );
    return done;
  };

  let done;
  let parallel = false;
  try {
    if (n === 1) done = await single();
    else {
      for (let i = 1; i < n; i++) workers.push(startWorker());
      done = await guard(readInParts(blob, name, sessionOptions, workers, progress));
      parallel = done !== null;
      // A stray quote fooled the cut (or a part failed): one Session, the same report or error.
      if (!done) {
        for (const w of workers.splice(1)) w.terminate();
        done = await single();
      }
    }
  } catch (error) {
    close();
    throw error;
  }
  for (const w of workers.splice(1)) w.terminate();
  const worker = workers[0];
  return {
    report: done.report,
    charts: done.charts,
    /** Workers that read the file (1 when read by one Session, also after a fallback). */
    workers: parallel ? n : 1,
    parallel,
    seconds: (performance.now() - started) / 1000,
    /** Milliseconds from the worker posting the report to the page holding it. */
    transferMs: done.sentAt ? performance.timeOrigin + performance.now() - done.sentAt : null,
    worker,
    ask: (type, payload) => ask(worker, type, payload),
    eventsPage: (query) => askPage(worker, query),
    customersPage: (query) => ask(worker, "customersPage", { query }),
    exportText: (what) => request(worker, { type: "export", what }).then((m) => m.text),
    setRules: (preset, rules) => request(worker, { type: "rules", preset, rules }),
    setSettings: (settings) => request(worker, { type: "settings", settings }),
    close,
  };
}

let pageId = 0;
function askPage(worker, query) {
  return new Promise((resolve, reject) => {
    const id = `analyze-page-${++pageId}`;
    const listener = (event) => {
      if (event.data.id !== id) return;
      worker.removeEventListener("message", listener);
      if (event.data.type === "error") reject(Object.assign(new Error(event.data.message), { kind: event.data.kind }));
      else resolve(event.data.page);
    };
    worker.addEventListener("message", listener);
    worker.postMessage({ type: "page", id, query });
  });
}

/**
 * The parallel read: scan, cut, read the parts, merge in workers[0]. Resolves with the `done`
 * message, or null when the file must be read by one Session (a failed cut or part).
 */
async function readInParts(blob, name, options, workers, progress) {
  const n = workers.length;
  const size = blob.size;
  progress("scan", 0);
  const bounds = Array.from({ length: n + 1 }, (_, i) => Math.round((size * i) / n));
  const scans = await Promise.all(workers.map((w, i) => ask(w, "scan", { blob: blob.slice(bounds[i], bounds[i + 1]), slice: SCAN_SLICE })));
  const flat = scans.flat();
  const lines = flat.reduce((sum, s) => sum + s.newlines, 0);
  const { parts, header } = await ask(workers[0], "cut", { scans: flat, prefix: blob.slice(0, PREFIX_BYTES) });
  if (header === undefined || header === null) return null;
  const groups = groupParts(parts, n, size);
  const read = new Array(groups.length).fill(0);
  const onPart = (k) => (event) => {
    const m = event.data;
    if (m.type === "part-progress" && m.part === k) {
      read[k] = m.bytes;
      progress("read", read.reduce((a, b) => a + b, 0), lines);
    }
  };
  const listeners = groups.map((_, k) => onPart(k));
  groups.forEach((_, k) => workers[k].addEventListener("message", listeners[k]));
  let bytes;
  try {
    bytes = await Promise.all(
      groups.map((g, k) =>
        ask(workers[k], "part", {
          part: k,
          file: blob.slice(g.start, g.end),
          name,
          options: { ...options, part: { header, firstLine: g.firstLine } },
        }),
      ),
    );
  } catch {
    return null;
  } finally {
    groups.forEach((_, k) => workers[k].removeEventListener("message", listeners[k]));
  }
  // The part workers are done: each ends itself now (its wasm memory is freed during the merge,
  // on its own thread, not in a terminate() on the page's).
  for (const w of workers.slice(1)) w.postMessage({ type: "close" });
  progress("merge", size, lines);
  const buffers = bytes.map((b) => b.buffer);
  try {
    return await request(workers[0], { type: "merge", name, options: { preset: options.preset, rules: options.rules }, parts: buffers }, null, buffers);
  } catch {
    return null;
  }
}
