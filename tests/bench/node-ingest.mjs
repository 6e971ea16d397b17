// The wasm core, single-threaded, in Node: a Session over the same buffer as the native
// benchmark (push 1 MiB chunks, then finish), alternating with nothing else. Prints each
// run, the median in ms, MB/s and events/s. Speed is measured here, never asserted.
//
//   make bench-node                                   (builds www/pkg first)
//   node tests/bench/node-ingest.mjs [FILE] [RUNS]    (default bench-data/events-1m.csv, 3)
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const file = path.resolve(root, process.argv[2] || 'bench-data/events-1m.csv');
const runs = Math.max(1, Number(process.argv[3] || 3));
const CHUNK = 1 << 20;

// www/pkg/touchpoints.js is an ES module in a package Node reads as CommonJS: load a .mjs copy.
const copy = path.join(mkdtempSync(path.join(tmpdir(), 'tp-bench-')), 'touchpoints.mjs');
copyFileSync(path.join(root, 'www/pkg/touchpoints.js'), copy);
const m = await import(pathToFileURL(copy).href);
m.initSync({ module: readFileSync(path.join(root, 'www/pkg/touchpoints_bg.wasm')) });

const bytes = readFileSync(file);
const mb = bytes.length / (1024 * 1024);
console.log(`node wasm ingest bench: ${path.relative(root, file)} (${mb.toFixed(1)} MiB), ${runs} runs`);
const times = [];
let events = 0;
for (let i = 1; i <= runs; i++) {
  const t0 = performance.now();
  const session = new m.Session(path.basename(file), { preset: 'retail' });
  for (let o = 0; o < bytes.length; o += CHUNK) session.push(bytes.subarray(o, o + CHUNK));
  const tCore = performance.now();
  const report = session.finish();
  const ms = performance.now() - t0;
  events = report.events;
  session.free();
  times.push(ms);
  console.log(
    `  run ${i}: ${ms.toFixed(0)} ms (push ${(tCore - t0).toFixed(0)} ms, finish ${(ms - (tCore - t0)).toFixed(0)} ms)  ` +
      `${(mb / (ms / 1000)).toFixed(1)} MB/s  ${Math.round(events / (ms / 1000))} events/s`,
  );
}
times.sort((a, b) => a - b);
const med = times[Math.floor(times.length / 2)];
console.log(
  `median: ${med.toFixed(0)} ms, ${(mb / (med / 1000)).toFixed(1)} MB/s, ${Math.round(events / (med / 1000))} events/s (${events} events)`,
);
