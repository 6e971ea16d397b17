// CLV fitting speed in the built wasm (www/pkg, `bash scripts/build-wasm.sh`), in Node:
// node benches/clv-wasm.mjs
// Reads the CDNOW sample, then a synthetic file of 100,000 customers drawn from the
// BG/NBD model with the CDNOW estimates, and times each fit (ClvSession.analyse: fit +
// every customer's predictions + charts; the file is read once, before the timing).
import { readFileSync } from "node:fs";

// www/pkg is an ES module, but the repository's package.json does not say so: load its text.
const source = readFileSync(new URL("../www/pkg/touchpoints.js", import.meta.url), "utf8");
const { initSync, ClvSession } = await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);

initSync({ module: readFileSync(new URL("../www/pkg/touchpoints_bg.wasm", import.meta.url)) });

function session(name, bytes, settings) {
  const s = new ClvSession(name);
  for (let i = 0; i < bytes.length; i += 1 << 20) s.push(bytes.subarray(i, i + (1 << 20)));
  s.finish(settings);
  return s;
}

function time(label, s, settings, runs = 5) {
  if (runs > 1) s.analyse(settings); // warm up
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = s.analyse(settings);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const fit = result.report.models[settings.model ?? "bg_nbd"];
  const rows = `${fit.converged ? "converged" : "NOT converged"}, ${fit.rows} histogram rows`;
  console.log(`${label.padEnd(58)} ${times[Math.floor(runs / 2)].toFixed(0).padStart(6)} ms (median of ${runs}; ${rows})`);
}

// SplitMix64-style PRNG (deterministic).
let seed = 0x9e3779b97f4a7c15n;
function random() {
  seed = (seed + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
  let z = seed;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
  return Number((z ^ (z >> 31n)) >> 11n) / 2 ** 53;
}
function gamma(shape) {
  // Marsaglia–Tsang (shape < 1 boosted).
  if (shape < 1) return gamma(shape + 1) * random() ** (1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x, v;
    do {
      const u1 = random(), u2 = random();
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
function beta(a, b) {
  const x = gamma(a);
  return x / (x + gamma(b));
}

function synthetic(customers) {
  const [r, alpha, a, b] = [0.243, 4.414, 0.793, 2.426];
  const start = Date.UTC(2024, 0, 1);
  const lines = ["customer_id,date,amount"];
  for (let c = 0; c < customers; c++) {
    const lambda = gamma(r) / alpha; // per week
    const p = beta(a, b);
    let week = random() * 12;
    const end = 78;
    for (;;) {
      const day = new Date(start + Math.floor(week * 7) * 86400000).toISOString().slice(0, 10);
      lines.push(`C${c},${day},${(10 + 40 * random()).toFixed(2)}`);
      if (lines.length > 1 && random() < p && week > 0) break;
      week += -Math.log(random()) / lambda;
      if (week >= end) break;
    }
  }
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

const cdnow = readFileSync(new URL("../www/samples/cdnow-transactions.csv", import.meta.url));
const base = { unit: "weeks", calibration_end: "1997-09-30" };
const s = session("cdnow.csv", cdnow, base);
time("CDNOW 2,357 customers: BG/NBD + Gamma-Gamma", s, { ...base, model: "bg_nbd", models: ["bg_nbd"] });
time("CDNOW 2,357 customers: Pareto/NBD + Gamma-Gamma", s, { ...base, model: "pareto_nbd", models: ["pareto_nbd"] });
time("CDNOW 2,357 customers: MBG/NBD + Gamma-Gamma", s, { ...base, model: "mbg_nbd", models: ["mbg_nbd"] });
time("CDNOW 2,357 customers: BG/BB + Gamma-Gamma", s, { ...base, model: "bg_bb", models: ["bg_bb"] });
time("CDNOW 2,357 customers: all five models (the page)", s, { ...base });
const big = synthetic(100_000);
const settings = { unit: "weeks", calibration_end: "2024-09-30" };
const t0 = performance.now();
const s2 = session("synthetic.csv", big, { ...settings, model: "bg_nbd", models: ["bg_nbd"] });
console.log(`${("100,000 customers: read " + (big.length / 1048576).toFixed(1) + " MB + BG/NBD + Gamma-Gamma").padEnd(58)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms (once)`);
time("100,000 customers: BG/NBD + Gamma-Gamma", s2, { ...settings, model: "bg_nbd", models: ["bg_nbd"] }, 1);
time("100,000 customers: Pareto/NBD + Gamma-Gamma", s2, { ...settings, model: "pareto_nbd", models: ["pareto_nbd"] }, 1);
