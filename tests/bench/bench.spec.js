// Browser ingest benchmark (make bench-browser): one headless Chromium page, the same in-memory
// buffer (bench-data/events-1m-4col.csv: 1,000,000 events, journey,time,touchpoint,channel),
// alternating runs, medians:
//   - ours, 1 worker: the wasm Session on the page's thread, push 1 MiB chunks, finish()
//   - ours, analyze(): js/analyze.js with the machine's workers (defaultWorkers: one fewer than its cores)
//   - PapaParse + plain-JS counting (events, journeys, touch points, channels)
//   - DuckDB-Wasm: read_csv over the registered buffer + GROUP BY journey
// Prints MB/s, the ratios, the longest main-thread task during analyze() (long-task observer),
// the report's crossing time and the merging worker's wasm memory. Asserts only that every
// runner counts the same events: speed is never a test.
//
//   make bench-browser
//   BENCH=1 BENCH_FILE=other.csv BENCH_RUNS=5 BENCH_WORKERS=4 npx playwright test --config tests/bench/playwright.config.js
//
// PapaParse and DuckDB-Wasm are dev dependencies, served from node_modules/ by our own server
// (scripts/serve.mjs --node-modules); the page itself is answered by a route on the local origin
// (it needs an inline import map for DuckDB-Wasm's `apache-arrow` import, which the pages' CSP
// forbids). The no-network guard of the fixtures still holds.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect } = require('../e2e/fixtures');

const ROOT = path.join(__dirname, '..', '..');
const FILE = path.resolve(ROOT, process.env.BENCH_FILE || 'bench-data/events-1m-4col.csv');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS || 3));
const WORKERS = process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined;
const CHUNK = 1 << 20;

test.skip(!process.env.BENCH, 'set BENCH=1 (make bench-browser)');

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Touchpoints browser benchmark</title>
<script type="importmap">{"imports": {
  "apache-arrow": "/node_modules/apache-arrow/Arrow.dom.mjs",
  "tslib": "/node_modules/tslib/tslib.es6.mjs",
  "flatbuffers": "/node_modules/flatbuffers/mjs/flatbuffers.js"
}}</script>
<script src="/node_modules/papaparse/papaparse.min.js"></script></head><body><p>benchmark</p></body></html>`;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Each runner runs in the page and returns {ms, events, ...}.
const RUNNERS = {
  async session(chunkSize) {
    const m = await import('/pkg/touchpoints.js');
    await m.default();
    const buffer = window.__bench.bytes;
    const t0 = performance.now();
    const session = new m.Session('events.csv', { preset: 'retail' });
    for (let o = 0; o < buffer.length; o += chunkSize) session.push(buffer.subarray(o, o + chunkSize));
    const pushMs = performance.now() - t0;
    const report = session.finish();
    const ms = performance.now() - t0;
    session.free();
    return { ms, pushMs, events: report.events, journeys: report.journeys };
  },
  async analyze(workers) {
    const { analyze, prewarm, defaultWorkers } = await import('/js/analyze.js');
    const blob = window.__bench.blob;
    window.__bench.maxTask = 0;
    // Workers started ahead, as the pages do at load (DuckDB-Wasm's instantiate is not timed either).
    await prewarm(workers ?? defaultWorkers(navigator.hardwareConcurrency));
    const t0 = performance.now();
    // When each stage (scan, read, merge, classify) starts, in ms from the call.
    const stages = {};
    const onProgress = (p) => {
      stages[p.stage] ??= performance.now() - t0;
    };
    const result = await analyze(blob, { name: 'events.csv', preset: 'retail', workers: workers ?? undefined, onProgress });
    const ms = performance.now() - t0;
    const timing = await result.ask('reportTiming');
    const page = await result.eventsPage({ offset: 0, limit: 50 });
    result.close();
    return {
      ms,
      events: result.report.events,
      journeys: result.report.journeys,
      workers: result.workers,
      parallel: result.parallel,
      transferMs: result.transferMs,
      maxTask: window.__bench.maxTask,
      page: page.rows.length,
      stages,
      ...timing,
    };
  },
  async papaparse() {
    const Papa = window.Papa;
    const t0 = performance.now();
    const text = new TextDecoder().decode(window.__bench.bytes);
    const rows = Papa.parse(text, { skipEmptyLines: true }).data;
    const header = rows[0];
    const [j, tp, ch] = ['journey', 'touchpoint', 'channel'].map((c) => header.indexOf(c));
    const journeys = new Map();
    const touchpoints = new Map();
    const channels = new Map();
    for (let i = 1; i < rows.length; i++) {
      const r = rows[i];
      journeys.set(r[j], (journeys.get(r[j]) ?? 0) + 1);
      touchpoints.set(r[tp], (touchpoints.get(r[tp]) ?? 0) + 1);
      channels.set(r[ch], (channels.get(r[ch]) ?? 0) + 1);
    }
    return { ms: performance.now() - t0, events: rows.length - 1, journeys: journeys.size };
  },
  async duckdb() {
    const duckdb = await import('/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs');
    if (!window.__bench.db) {
      const dist = '/node_modules/@duckdb/duckdb-wasm/dist/';
      const worker = new Worker(`${dist}duckdb-browser-eh.worker.js`);
      const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
      await db.instantiate(`${dist}duckdb-eh.wasm`);
      window.__bench.db = db;
    }
    const db = window.__bench.db;
    const copy = window.__bench.bytes.slice(); // registerFileBuffer transfers (detaches) it
    const t0 = performance.now();
    await db.registerFileBuffer('events.csv', copy);
    const conn = await db.connect();
    const table = await conn.query(
      "SELECT count(*)::INTEGER AS journeys, sum(n)::INTEGER AS events FROM (SELECT journey, count(*) AS n FROM read_csv('events.csv') GROUP BY journey)",
    );
    const row = table.get(0).toJSON();
    const ms = performance.now() - t0;
    await conn.close();
    await db.dropFile('events.csv');
    return { ms, events: Number(row.events), journeys: Number(row.journeys) };
  },
};

test('ingest + classify + count in the browser: ours, PapaParse, DuckDB-Wasm', async ({ page }) => {
  test.setTimeout(30 * 60_000);
  expect(fs.existsSync(FILE), `${FILE} missing: cargo run --release --example generate_bench -- --four-columns`).toBe(true);
  const size = fs.statSync(FILE).size;
  const mb = size / 1e6;
  await page.route('**/__bench__/page.html', (route) => route.fulfill({ body: PAGE, headers: { 'Content-Type': 'text/html' } }));
  await page.route('**/__bench__/events.csv', (route) => route.fulfill({ path: FILE, headers: { 'Content-Type': 'text/csv' } }));
  await page.goto('/__bench__/page.html');
  const cores = await page.evaluate(async () => {
    const bytes = new Uint8Array(await (await fetch('/__bench__/events.csv')).arrayBuffer());
    window.__bench = { bytes, blob: new Blob([bytes], { type: 'text/csv' }), maxTask: 0 };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.maxTask = Math.max(window.__bench.maxTask, e.duration);
    }).observe({ type: 'longtask' });
    return navigator.hardwareConcurrency;
  });
  console.log(
    `browser ingest bench: ${path.relative(ROOT, FILE)} (${mb.toFixed(1)} MB), ${RUNS} alternating runs, ` +
      `navigator.hardwareConcurrency ${cores}`,
  );

  const plan = [
    ['Session, 1 worker (push 1 MiB + finish)', 'session', CHUNK],
    ['analyze(), machine workers', 'analyze', WORKERS ?? null],
    ['PapaParse + JS counting', 'papaparse', null],
    ['DuckDB-Wasm read_csv + GROUP BY', 'duckdb', null],
  ];
  const runs = Object.fromEntries(plan.map(([label]) => [label, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [label, name, arg] of plan) {
      const r = await page.evaluate(RUNNERS[name], arg);
      runs[label].push(r);
      console.log(`  run ${i + 1} ${label}: ${r.ms.toFixed(0)} ms, ${r.events} events`);
    }
  }
  const events = runs[plan[0][0]][0].events;
  for (const [label] of plan) {
    for (const r of runs[label]) expect(r.events, label).toBe(events);
  }
  const med = Object.fromEntries(plan.map(([label]) => [label, median(runs[label].map((r) => r.ms))]));
  console.log('\n| what | median | MB/s | events/s |\n|---|---|---|---|');
  for (const [label] of plan) {
    const s = med[label] / 1000;
    console.log(`| ${label} | ${s.toFixed(2)} s | ${(mb / s).toFixed(1)} | ${Math.round(events / s).toLocaleString('en')} |`);
  }
  const [session, analyzed, papa, duck] = plan.map(([label]) => med[label]);
  console.log(`\nSession vs PapaParse: ${(papa / session).toFixed(2)}x (target >= 10x)`);
  console.log(`Session vs DuckDB-Wasm: ${(duck / session).toFixed(2)}x (target >= 1x)`);
  console.log(`analyze() vs DuckDB-Wasm: ${(duck / analyzed).toFixed(2)}x (target >= 2x)`);
  console.log(`analyze() vs Session: ${(session / analyzed).toFixed(2)}x`);
  const a = runs[plan[1][0]];
  console.log(
    `analyze(): ${a[0].workers} workers (parallel: ${a[0].parallel}); longest main-thread task ` +
      `${Math.max(...a.map((r) => r.maxTask)).toFixed(0)} ms (0: none of 50 ms or more); ` +
      `report crossing to the page ${median(a.map((r) => r.transferMs)).toFixed(1)} ms ` +
      `(report() ${median(a.map((r) => r.reportMs)).toFixed(1)} ms + charts() ${median(a.map((r) => r.chartsMs)).toFixed(1)} ms in the worker); ` +
      `merging worker's wasm memory ${(a[0].memory / 1e6).toFixed(0)} MB (${(a[0].memory / events).toFixed(0)} B/event)`,
  );
  const sessions = runs[plan[0][0]];
  console.log(`Session: push ${median(sessions.map((r) => r.pushMs)).toFixed(0)} ms, finish ${median(sessions.map((r) => r.ms - r.pushMs)).toFixed(0)} ms (medians)`);
  const stages = Object.keys(a[0].stages);
  console.log(`analyze() stages start at (ms, median): ${stages.map((s) => `${s} ${median(a.map((r) => r.stages[s] ?? NaN)).toFixed(0)}`).join(', ')}; done ${med[plan[1][0]].toFixed(0)}`);
});
