// A very big journey file dropped on index.html, as a user would (make bench-big; not part of
// make test): 20 million events (bench-data/events-20m-4col.csv, about 1.1 GB, made by
// `generate_bench -- … --events 20000000 --four-columns`). Prints the seconds to the summary,
// the progress texts seen, the longest main-thread task (long-task observer) and the browser's
// peak resident memory (the sum over Chromium's processes, sampled every 250 ms, less what they
// held before the drop). Asserts only that the page counts every event: speed is never a test.
//
//   make bench-big
//   BENCH_BIG=path/to/file.csv BENCH_BIG_EVENTS=20000000 npx playwright test --config tests/bench/playwright.config.js big-file
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { test, expect } = require('../e2e/fixtures');

const ROOT = path.join(__dirname, '..', '..');
const FILE = process.env.BENCH_BIG ? path.resolve(ROOT, process.env.BENCH_BIG) : null;
const EVENTS = Number(process.env.BENCH_BIG_EVENTS || 20_000_000);

test.skip(!FILE, 'set BENCH_BIG=file.csv (make bench-big)');

/** Resident kilobytes of every Chromium process now. */
function chromiumKb() {
  const out = execFileSync('ps', ['-eo', 'rss=,comm='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => /chrom/i.test(l))
    .reduce((kb, l) => kb + (Number(l.trim().split(/\s+/)[0]) || 0), 0);
}

test('a 20-million-event file dropped on index.html: progress, a responsive page, every event counted', async ({ page }) => {
  const bytes = fs.statSync(FILE).size;
  await page.addInitScript(() => {
    window.__maxTask = 0;
    window.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__maxTask = Math.max(window.__maxTask, e.duration);
        window.__tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
      }
    }).observe({ type: 'longtask', buffered: false });
  });
  await page.goto('/index.html');
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  const dropAt = await page.evaluate(() => {
    window.__maxTask = 0;
    window.__tasks = [];
    return performance.now();
  });
  const before = chromiumKb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, chromiumKb())), 250);
  const progress = new Set();
  const watcher = setInterval(async () => {
    const text = await page.locator('#progress-text').textContent().catch(() => '');
    if (text) progress.add(text);
  }, 2000);
  const t0 = Date.now();
  await page.locator('#file-input').setInputFiles(FILE);
  const events = page.locator('[data-card="events"] .value');
  await expect(events).toHaveText(EVENTS.toLocaleString('en'), { timeout: 14 * 60_000 });
  const seconds = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  clearInterval(watcher);
  const maxTask = await page.evaluate(() => window.__maxTask);
  const tasks = await page.evaluate(() => window.__tasks);
  const shown = [...progress];
  console.log(`big file: ${path.relative(ROOT, FILE)} (${(bytes / 1e6).toFixed(0)} MB, ${EVENTS.toLocaleString('en')} events)`);
  console.log(`  summary shown after ${seconds.toFixed(1)} s; longest main-thread task ${maxTask.toFixed(0)} ms (0: none of 50 ms or more)`);
  if (tasks.length) console.log(`  long tasks (ms after the drop: duration): ${tasks.map(([at, d]) => `${((at - dropAt) / 1000).toFixed(1)} s: ${d} ms`).join(', ')}`);
  console.log(`  browser memory: ${(before / 1024).toFixed(0)} MB before, peak ${(peak / 1024).toFixed(0)} MB (+${((peak - before) / 1024).toFixed(0)} MB, ${(((peak - before) * 1024) / EVENTS).toFixed(0)} B/event)`);
  console.log(`  progress seen (${shown.length}): ${shown.slice(0, 3).join(' | ')} … ${shown.slice(-2).join(' | ')}`);
  expect(shown.length).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(ROOT, 'screenshots', 'big-file-index.png') });
});
