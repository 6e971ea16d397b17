// Talking to the analysis worker (js/worker.js) from a page: the file is read,
// classified and analysed there, so the page never freezes on a big file.
// index.html and insights.html both use it.

import { coreTemplates } from "./i18n.js";

/** Starts a new analysis worker, speaking the page's language (its charts' text). */
export function startWorker() {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.postMessage({ type: "texts", templates: coreTemplates() });
  return worker;
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
