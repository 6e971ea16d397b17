// Talking to the analysis worker (js/worker.js) from a page: the file is read,
// classified and analysed there, so the page never freezes on a big file.
// index.html and insights.html both use it.

import { coreTemplates } from "./i18n.js";

/** Workers started ahead (`prewarm`), their wasm compiling while the user picks a file. */
const spare = [];

function newWorker() {
  return new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
}

/**
 * An analysis worker speaking the page's language (its charts' text): a spare one when
 * `prewarm` started one, else a new one.
 */
export function startWorker() {
  const worker = spare.pop() ?? newWorker();
  worker.postMessage({ type: "texts", templates: coreTemplates() });
  return worker;
}

/**
 * Keeps `n` spare workers started, so the next analysis does not wait for a worker and its wasm
 * (about a tenth of a second each). Resolves when they are ready.
 */
export function prewarm(n = 1) {
  while (spare.length < n) spare.push(newWorker());
  return Promise.all(spare.slice(0, n).map((w) => ask(w, "ping")));
}

/** Spare workers waiting (started by `prewarm`, not yet taken). */
export function spareWorkers() {
  return spare.length;
}

let lastId = 0;

/** Asks the worker a question answered with one `answer` (or `error`) message carrying its id. */
export function ask(worker, type, payload = {}, transfer = []) {
  return new Promise((resolve, reject) => {
    const id = `${type}-${++lastId}`;
    const listener = (event) => {
      if (event.data.id !== id) return;
      worker.removeEventListener("message", listener);
      if (event.data.type === "error") reject(Object.assign(new Error(event.data.message), { kind: event.data.kind }));
      else resolve(event.data.value);
    };
    worker.addEventListener("message", listener);
    worker.postMessage({ type, id, ...payload }, transfer);
  });
}

/**
 * Sends `message` (transferring `transfer`) and resolves with the next `done` ({report, charts})
 * or `export` message; rejects on an error. `onProgress(bytes, total, stage)` sees progress.
 */
export function request(worker, message, onProgress, transfer = []) {
  return new Promise((resolve, reject) => {
    const listener = (event) => {
      const m = event.data;
      if (m.type === "progress") onProgress?.(m.bytes, m.total, m.stage);
      else if (m.type === "done" || (m.type === "export" && message.type === "export")) finish(() => resolve(m));
      else if (m.type === "error" && !m.id) finish(() => reject(Object.assign(new Error(m.message), { kind: m.kind })));
    };
    const failed = (event) => finish(() => reject(new Error(event.message || "the analysis worker stopped")));
    const finish = (then) => {
      worker.removeEventListener("message", listener);
      worker.removeEventListener("error", failed);
      then();
    };
    worker.addEventListener("message", listener);
    worker.addEventListener("error", failed);
    worker.postMessage(message, transfer);
  });
}
