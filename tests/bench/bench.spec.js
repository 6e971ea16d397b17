// Browser ingest benchmark: bench-data/events-1m.csv through the wasm Session (and,
// when the page offers it, through window.touchpoints.analyseFile, i.e. the worker).
// Prints MB/s and events/s; asserts nothing about speed.
//
//   make bench-browser        (generates the CSV when missing)
//   BENCH=1 BENCH_FILE=other.csv BENCH_RUNS=5 npx playwright test --config tests/bench/playwright.config.js
//
// The file is handed to the page from disk by a route on the local origin, so the
// no-network guard of the fixtures still holds.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect } = require('../e2e/fixtures');

const ROOT = path.join(__dirname, '..', '..');
const FILE = path.resolve(ROOT, process.env.BENCH_FILE || 'bench-data/events-1m.csv');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS || 3));
const CHUNK = 1 << 20;

test.skip(!process.env.BENCH, 'set BENCH=1 (make bench-browser)');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function summary(label, mb, runs) {
  const ms = median(runs.map((r) => r.ms));
  const events = runs[0].events;
  for (const [i, r] of runs.entries()) {
    console.log(
      `  ${label} run ${i + 1}: ${r.ms.toFixed(0)} ms  ${(mb / (r.ms / 1000)).toFixed(1)} MB/s  ` +
        `${Math.round(r.events / (r.ms / 1000))} events/s`,
    );
  }
  console.log(
    `${label} median: ${ms.toFixed(0)} ms, ${(mb / (ms / 1000)).toFixed(1)} MB/s, ` +
      `${Math.round(events / (ms / 1000))} events/s (${events} events)`,
  );
}

test('ingest + classify + count in the browser', async ({ page, request }) => {
  test.setTimeout(15 * 60_000);
  expect(fs.existsSync(FILE), `${FILE} missing: cargo run --release --example generate_bench`).toBe(true);
  const size = fs.statSync(FILE).size;
  const mb = size / (1024 * 1024);
  console.log(`browser ingest bench: ${path.relative(ROOT, FILE)} (${mb.toFixed(1)} MiB), ${RUNS} runs`);

  await page.route('**/__bench__/events.csv', (route) =>
    route.fulfill({ path: FILE, headers: { 'Content-Type': 'text/csv' } }),
  );
  // The page itself when there is one (its worker path), else a blank local document.
  const hasPage = (await request.get('/index.html')).ok();
  await page.goto(hasPage ? '/' : '/samples/README.md');
  await page.evaluate(async () => {
    const blob = await (await fetch('/__bench__/events.csv')).blob();
    window.__benchFile = new File([blob], 'events-1m.csv', { type: 'text/csv' });
  });

  // 1. The wasm Session directly, on the main thread, 1 MiB chunks from File.stream().
  const direct = [];
  for (let i = 0; i < RUNS; i++) {
    direct.push(
      await page.evaluate(async (chunkSize) => {
        const m = await import('/pkg/touchpoints.js');
        await m.default();
        const file = window.__benchFile;
        const t0 = performance.now();
        const session = new m.Session(file.name, { preset: 'retail' });
        const reader = file.stream().getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (let o = 0; o < value.length; o += chunkSize) session.push(value.subarray(o, o + chunkSize));
        }
        const report = session.finish();
        const ms = performance.now() - t0;
        session.free();
        return { ms, events: report.events };
      }, CHUNK),
    );
  }
  expect(direct[0].events).toBeGreaterThan(0);
  summary('Session (main thread)', mb, direct);

  // 2. The page's own path (worker, progress), when the page exposes it.
  const hasApi = await page.evaluate(() => typeof window.touchpoints?.analyseFile === 'function');
  if (!hasApi) {
    console.log('page path: window.touchpoints.analyseFile not available; measured the Session only');
    return;
  }
  const viaPage = [];
  for (let i = 0; i < RUNS; i++) {
    viaPage.push(
      await page.evaluate(async () => {
        const t0 = performance.now();
        const report = await window.touchpoints.analyseFile(window.__benchFile);
        return { ms: performance.now() - t0, events: report.events };
      }),
    );
  }
  expect(viaPage[0].events).toBe(direct[0].events);
  summary('analyseFile (page/worker)', mb, viaPage);
});
