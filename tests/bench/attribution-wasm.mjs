// Attribution speed in WebAssembly (Node, the wasm the pages load: www/pkg):
//   - Markov order 1 and order 4 on 10,000 paths over 12 channels (the same generator
//     as benches/attribution.rs), through Session.attribution({models: ["markov"]});
//   - all seven models on the 1M-event benchmark file (bench-data/events-1m.csv).
// Five timed runs each after a warm-up; the median is printed. A benchmark, not a test.
//
//   bash scripts/build-wasm.sh && node tests/bench/attribution-wasm.mjs   (or: make bench-attribution)
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// www/pkg/touchpoints.js is an ES module in a folder Node reads as CommonJS: import a .mjs copy.
const copy = path.join(mkdtempSync(path.join(tmpdir(), "tp-bench-")), "touchpoints.mjs");
copyFileSync(path.join(root, "www/pkg/touchpoints.js"), copy);
const core = await import(copy);
core.initSync({ module: readFileSync(path.join(root, "www/pkg/touchpoints_bg.wasm")) });

function pathsCsv() {
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) & 0xffff;
  };
  const rows = ["path,total_conversions,total_conversion_value,total_null"];
  for (let i = 0; i < 10000; i++) {
    const len = 1 + (next() % 8);
    const channels = [];
    for (let k = 0; k < len; k++) channels.push(`channel ${next() % 12}`);
    const conversions = next() % 5;
    const nulls = 1 + (next() % 20);
    const value = conversions * (10 + (next() % 90));
    rows.push(`${channels.join(" > ")},${conversions},${value},${nulls}`);
  }
  return rows.join("\n") + "\n";
}

function session(name, bytes) {
  const s = new core.Session(name, { preset: "retail" });
  const step = 1 << 20;
  for (let i = 0; i < bytes.length; i += step) s.push(bytes.subarray(i, i + step));
  s.finish();
  return s;
}

function time(label, f) {
  f();
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    f();
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(48)} median ${runs[2].toFixed(1).padStart(8)} ms  (runs ${runs.map((r) => r.toFixed(0)).join(", ")})`);
}

console.log(`attribution bench (wasm in Node ${process.version})`);
const paths = session("paths.csv", new TextEncoder().encode(pathsCsv()));
for (const order of [1, 4]) {
  const r = paths.attribution({ order, models: ["markov"] }).report;
  time(`Markov order ${order} (${r.markov.states} states, ${r.paths} paths)`, () => paths.attribution({ order, models: ["markov"] }));
}
time("all seven models (10,000 paths)", () => paths.attribution(null));
paths.free();

const file = path.join(root, "bench-data/events-1m.csv");
if (!existsSync(file)) {
  console.log("  (bench-data/events-1m.csv missing: cargo run --release --example generate_bench)");
} else {
  const started = performance.now();
  const big = session("events-1m.csv", readFileSync(file));
  console.log(`bench-data/events-1m.csv read and analysed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  time("all seven models (1M events, 117,644 journeys)", () => big.attribution(null));
  big.free();
}
