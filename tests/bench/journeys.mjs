// Journeys benchmark in the built wasm (www/pkg, as the page runs it), in Node:
// reads bench-data/events-1m.csv (make bench-data) into a Session, then times a
// 4-step funnel (each option family), the paths and the journey map. Speed is
// measured here, never in a timed test. Run: node tests/bench/journeys.mjs
// Each figure is the median of 3 runs, as CPU time of this (single-threaded)
// process — what the figure would be on an idle machine — and as wall time.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { performance } from "node:perf_hooks";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The bindings are an ES module in a folder without "type": "module": load a copy as .mjs.
const copy = path.join(mkdtempSync(path.join(tmpdir(), "tp-bench-")), "touchpoints.mjs");
writeFileSync(copy, readFileSync(path.join(root, "www/pkg/touchpoints.js")));
const pkg = await import(pathToFileURL(copy).href);
pkg.initSync({ module: readFileSync(path.join(root, "www/pkg/touchpoints_bg.wasm")) });
const file = process.argv[2] ?? path.join(root, "bench-data/events-1m.csv");
const bytes = readFileSync(file);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let started = performance.now();
let startedCpu = cpu();
const session = new pkg.Session(path.basename(file), { preset: "retail" });
for (let i = 0; i < bytes.length; i += 1 << 20) session.push(bytes.subarray(i, i + (1 << 20)));
const report = session.finish();
const load = performance.now() - started;
const loadCpu = cpu() - startedCpu;
console.log(`${path.basename(file)}: ${report.events.toLocaleString("en")} events, ${report.journeys.toLocaleString("en")} journeys; read + classify + report ${loadCpu.toFixed(0)} ms CPU (${load.toFixed(0)} ms wall)`);

const steps = ["Instagram ad", "Website visit", "Online order", "Delivery"].map((s) => ({ touchpoint: [s] }));
const cases = [
  ["funnel, sequential", () => session.funnel({ steps })],
  ["funnel, strict", () => session.funnel({ steps, order: "strict" })],
  ["funnel, any order", () => session.funnel({ steps, order: "any" })],
  ["funnel, window 30d + gaps + optional + exclusion", () =>
    session.funnel({ steps: [steps[0], { ...steps[1], optional: true, max_gap: "7d" }, steps[2], steps[3]], window: "30d", exclusions: [{ touchpoint: ["Return"] }] })],
  ["funnel, completions", () => session.funnel({ steps, count: "completions" })],
  ["funnel, open", () => session.funnel({ steps, mode: "open" })],
  ["funnel, class steps + breakdown by channel", () =>
    session.funnel({ steps: [{ class: "stage = pre-purchase" }, { class: "stage = purchase" }, { class: "stage = post-purchase" }], breakdown: { by: "channel", value: "first" } })],
  ["paths, 5 steps from the start", () => session.paths({})],
  ["paths, 10 steps from a step, by channel", () => session.paths({ from: "Instagram ad", steps: 10, dimension: "channel" })],
  ["journey map", () => session.journeyMap({})],
];
console.log("  (each: the core's answer with its charts, converted to JS objects; median of 3)");
for (const [name, run] of cases) {
  run(); // warm up
  const times = [];
  const cpus = [];
  for (let i = 0; i < 3; i++) {
    started = performance.now();
    startedCpu = cpu();
    run();
    times.push(performance.now() - started);
    cpus.push(cpu() - startedCpu);
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  console.log(`  ${name.padEnd(52)} ${cpus[1].toFixed(0).padStart(6)} ms CPU ${`(${times[1].toFixed(0)} ms wall)`.padStart(16)}`);
}
session.free();
