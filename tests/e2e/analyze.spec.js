// analyze() (www/js/analyze.js): a file read by 1…4 workers gives the same report, charts and
// JSON export as one Session, wherever the cuts fall (quoted line ends, CRLF, a BOM, bad rows and
// a stray quote near the cuts); non-delimited files are read by one worker; cancel ends the
// workers; progress is reported; a file above what the tab holds is refused before reading.
const { test, expect } = require('./fixtures');

test.use({ allowConsoleErrors: [] });

/** Opens index.html (it loads the core) and waits until it is ready. */
async function openPage(page) {
  await page.goto('/');
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
}

/**
 * Reads the CSV text `text` with 1…4 workers; returns the report of one worker and for 2…4 workers
 * {n, workers, parallel, same}, where `same` says the report, the charts, the JSON export and the
 * events table equal those of one worker.
 */
async function readWithWorkers(page, text) {
  return page.evaluate(
    async (text) => {
      const { analyze } = await import('/js/analyze.js');
      const blob = new Blob([text], { type: 'text/csv' });
      const read = async (workers) => {
        const result = await analyze(blob, { name: 'cuts.csv', preset: 'retail', workers });
        const json = await result.exportText('json');
        const page = await result.eventsPage({ offset: 0, limit: 1000, sort: 'line' });
        result.close();
        return { workers: result.workers, parallel: result.parallel, text: JSON.stringify([result.report, result.charts]), json, page: JSON.stringify(page) };
      };
      const one = await read(1);
      const out = [];
      for (const n of [2, 3, 4]) {
        const r = await read(n);
        out.push({ n, workers: r.workers, parallel: r.parallel, same: r.text === one.text && r.json === one.json && r.page === one.page });
      }
      return { one: JSON.parse(one.text)[0], out };
    },
    text,
  );
}

// Rows chosen so that every few bytes hold something a cut must respect.
function awkward(arg) {
  const eol = '\r\n';
  const rows = ['\ufeffjourney,time,touchpoint,channel'];
  const tps = ['Search ad', '"Store visit, ""big"" day"', '"Call centre\r\nsecond line"', 'Newsletter', '"E-mail\nreply"'];
  for (let i = 0; i < arg.rows; i++) {
    if (i % 17 === 5) rows.push(`j${i % 23},not a time,Newsletter,mail`); // a bad row
    else if (i % 29 === 7) rows.push(`j${i % 23},2026-03-01T10:00:00Z`); // too few fields: kept or listed as the core says
    else rows.push(`j${i % 23},2026-03-${String(1 + (i % 27)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15:00Z,${tps[i % tps.length]},${i % 3 ? 'web' : '"shop\r\nfloor"'}`);
  }
  return rows.join(eol) + (arg.pad ? eol : '');
}

test('1…4 workers give the report, charts and export of one Session, wherever the cuts fall', async ({ page }) => {
  test.setTimeout(180_000);
  await openPage(page);
  for (const rows of [60, 61, 97, 150]) {
    for (const pad of [0, 1]) {
      const { one, out } = await readWithWorkers(page, awkward({ rows, pad }));
      expect(one.events).toBeGreaterThan(0);
      expect(one.problems.count).toBeGreaterThan(0);
      for (const r of out) {
        expect(r.same, `${rows} rows, pad ${pad}, ${r.n} workers`).toBe(true);
        expect(r.parallel, `${rows} rows, ${r.n} workers read in parallel`).toBe(true);
        expect(r.workers).toBe(r.n);
      }
    }
  }
});

test('workers started ahead (the page starts one at load) read the next file: the same report as new ones', async ({ page }) => {
  await openPage(page);
  const r = await page.evaluate(async () => {
    const { analyze, prewarm, spareWorkers } = await import('/js/analyze.js');
    const atLoad = spareWorkers();
    const ready = await prewarm(2);
    const spares = spareWorkers();
    const text = await (await fetch('/samples/retail-journeys.csv')).text();
    const blob = new Blob([text], { type: 'text/csv' });
    const read = async () => {
      const result = await analyze(blob, { name: 'retail.csv', preset: 'retail', workers: 2 });
      result.close();
      return JSON.stringify([result.report, result.charts]);
    };
    const warm = await read();
    const left = spareWorkers();
    const cold = await read();
    return { atLoad, ready, spares, left, same: warm === cold, events: JSON.parse(warm)[0].events };
  });
  expect(r.atLoad).toBe(1);
  expect(r.ready).toEqual([true, true]);
  expect(r.spares).toBe(2);
  expect(r.left).toBe(0);
  expect(r.events).toBeGreaterThan(1000);
  expect(r.same).toBe(true);
});

test('a stray quote that fools the cut falls back to one Session: the same report', async ({ page }) => {
  await openPage(page);
  const rows = ['journey,time,touchpoint,channel'];
  for (let i = 0; i < 80; i++) rows.push(`j${i % 7},2026-03-0${1 + (i % 9)},${i % 11 === 3 ? '27" screen' : 'Search ad'},web`);
  const { one, out } = await readWithWorkers(page, rows.join('\n') + '\n');
  expect(one.events).toBeGreaterThan(0);
  for (const r of out) expect(r.same, `${r.n} workers`).toBe(true);
});

test('a big file gets one worker fewer than the machine has cores, at least 1, at most 8', async ({ page }) => {
  await openPage(page);
  const counts = await page.evaluate(async () => {
    const { defaultWorkers } = await import('/js/analyze.js');
    return [undefined, 0, 1, 2, 3, 4, 8, 9, 64].map((cores) => defaultWorkers(cores));
  });
  expect(counts).toEqual([1, 1, 1, 1, 2, 3, 7, 8, 8]);
});

test('JSON and annotation files are read by one worker, whatever was asked', async ({ page }) => {
  await openPage(page);
  const result = await page.evaluate(async () => {
    const { analyze } = await import('/js/analyze.js');
    const json = JSON.stringify([
      { journey: 'a', time: '2026-03-01T10:00:00Z', touchpoint: 'Newsletter' },
      { journey: 'b', time: '2026-03-02T10:00:00Z', touchpoint: 'Search ad' },
    ]);
    const r = await analyze(new Blob([json]), { name: 'events.json', workers: 4 });
    r.close();
    const buffer = new TextEncoder().encode('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nNewsletter\n').buffer;
    const v = await analyze(buffer, { name: 'key.vtt', workers: 3 });
    v.close();
    return { events: r.report.events, workers: r.workers, vtt: v.workers };
  });
  expect(result).toEqual({ events: 2, workers: 1, vtt: 1 });
});

test('analyze() reports progress and is cancelled by its AbortSignal', async ({ page }) => {
  await openPage(page);
  const result = await page.evaluate(async () => {
    const { analyze } = await import('/js/analyze.js');
    const rows = ['journey,time,touchpoint'];
    for (let i = 0; i < 400000; i++) rows.push(`c${i % 5000},2026-03-01T10:00:00Z,Newsletter`);
    const blob = new Blob([rows.join('\n')]);
    const seen = [];
    const r = await analyze(blob, { workers: 2, onProgress: (p) => seen.push(p) });
    r.close();
    const controller = new AbortController();
    const running = analyze(blob, { workers: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await running.then(() => null, (e) => e.name);
    return {
      events: r.report.events,
      stages: [...new Set(seen.map((p) => p.stage))],
      last: seen.filter((p) => p.stage === 'read').pop(),
      error,
    };
  });
  expect(result.events).toBe(400000);
  expect(result.stages).toEqual(expect.arrayContaining(['read', 'merge']));
  expect(result.last.total).toBeGreaterThan(0);
  expect(result.last.totalEvents).toBeGreaterThan(390000);
  expect(result.last.workers).toBe(2);
  expect(result.error).toBe('AbortError');
});

test('the page reads with workers, and refuses a file above what the tab holds before reading', async ({ page }) => {
  await openPage(page);
  const events = await page.evaluate(async () => {
    const rows = ['journey,time,touchpoint'];
    for (let i = 0; i < 2000; i++) rows.push(`c${i % 50},2026-03-01T10:00:00Z,Newsletter`);
    const blob = new Blob([rows.join('\n')]);
    const result = await window.touchpoints.analyseResult(new File([blob], 'w.csv'), 'w.csv', { workers: 3 });
    return { events: result.report.events, workers: result.workers };
  });
  expect(events).toEqual({ events: 2000, workers: 3 });
  await expect(page.locator('[data-card="events"] .value')).toHaveText('2,000');
  await page.evaluate(async () => {
    window.touchpoints.options.maxEvents = 100;
    const rows = ['journey,time,touchpoint'];
    for (let i = 0; i < 2000; i++) rows.push(`c${i},2026-03-01,Newsletter`);
    await window.touchpoints.analyseFile(new File([rows.join('\n')], 'huge.csv')).catch(() => {});
  });
  await expect(page.locator('#too-big')).toBeVisible();
  await expect(page.locator('#too-big')).toContainText('more than a browser tab can hold');
  await expect(page.locator('#too-big')).toContainText('touchpoints merge');
  await expect(page.locator('#progress')).toBeHidden();
});

test("the page's report lists the first 100 customers; the table pages, sorts and finds all of them in the worker", async ({ page }) => {
  await openPage(page);
  const rows = ['journey,time,touchpoint'];
  for (let i = 0; i < 5200; i++) rows.push(`c${i},2026-03-0${1 + (i % 9)}T10:00:00Z,${i % 3 ? 'Newsletter' : 'Store visit'}`);
  const text = rows.join('\n');
  const seen = await page.evaluate(async (text) => {
    const { analyze } = await import('/js/analyze.js');
    const r = await analyze(new Blob([text]), { name: 'many.csv', preset: 'retail' });
    const csv = await r.exportText('customers');
    const json = JSON.parse(await r.exportText('json'));
    const last = await r.customersPage({ table: 'engagement', sort: 'customer', descending: true, filter: 'C519', limit: 5 });
    r.close();
    const e = r.report.engagement;
    return {
      listed: e.customers.length,
      total: r.report.listed.totals['engagement.customers'],
      bands: e.bands.reduce((n, b) => n + b.customers, 0),
      csvRows: csv.trim().split('\n').length - 1,
      jsonCustomers: json.engagement.customers.length,
      page: { total: last.total, matched: last.matched, first: last.rows.map((c) => c.customer) },
    };
  }, text);
  expect(seen).toEqual({
    listed: 100,
    total: 5200,
    bands: 5200,
    csvRows: 5200,
    jsonCustomers: 5200,
    page: { total: 5200, matched: 11, first: ['c5199', 'c5198', 'c5197', 'c5196', 'c5195'] },
  });
  await page.evaluate((text) => window.touchpoints.analyseFile(new File([text], 'many.csv')), text);
  const table = page.locator('#engagement .customer-table');
  // Every customer is in the table, a page at a time; none is left out.
  await expect(table.locator('.pager')).toContainText('of 5200');
  await expect(page.locator('#engagement .listed-note')).toHaveCount(0);
  await table.getByRole('searchbox').fill('c5123');
  await expect(table.locator('tr.customer-row')).toHaveCount(1);
  await expect(table.locator('tr.customer-row')).toHaveAttribute('data-customer', 'c5123');
  // Its score explains itself, from the worker's full row.
  await table.locator('tr.customer-row').click();
  await expect(table.locator('.explain-row .component[data-component="base"]')).toBeVisible();
  await table.getByRole('searchbox').fill('');
  await table.getByRole('button', { name: /^Customer/ }).click();
  await expect(table.locator('tr.customer-row').first()).toHaveAttribute('data-customer', 'c0');
  await table.getByRole('button', { name: /^Customer/ }).click();
  await expect(table.locator('tr.customer-row').first()).toHaveAttribute('data-customer', 'c999');
  await table.getByRole('button', { name: /^Next/ }).click();
  await expect(table.locator('.pager')).toContainText('51–100 of 5200');
});
