// The "Engagement & value" page: the engagement, satisfaction and customer
// value views on the retail sample and on a plain transactions export;
// explaining a score; settings that change the scores; CSV export.
const { test, expect } = require('./fixtures');
const fs = require('node:fs');

async function open(page, sample = '') {
  await page.goto(`/insights.html${sample ? `?sample=${sample}` : ''}`);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 30_000 });
}

const chart = (page, name) => page.locator(`tp-chart[name="${name}"] svg`);
const num = (text) => Number(text.replace(/[,%]/g, ''));

test('retail sample: every view is there and a score explains itself', async ({ page }) => {
  await open(page);
  await expect(page.locator('#status')).toContainText('retail-journeys.csv');
  for (const name of ['engagement-histogram', 'rfm-grid', 'lifecycle', 'satisfaction', 'pareto']) {
    await expect(chart(page, name), name).toBeVisible();
  }
  // Band cards add up to the customers in the table.
  const bands = await page.locator('.band-cards .card.band .value').allTextContents();
  const total = bands.map(num).reduce((a, b) => a + b, 0);
  await expect(page.locator('.customer-table .pager')).toContainText(`of ${total.toLocaleString('en').replace(/,/g, '')} `);
  await expect(page.locator('table.customers tbody tr.customer-row')).toHaveCount(50);

  // At-risk rows in the core's order: lapsed first, then overdue, each by value at stake.
  const risks = await page.locator('.at-risk tbody tr td:nth-child(2)').allTextContents();
  const stakes = (await page.locator('.at-risk tbody tr td:nth-child(5)').allTextContents()).map(num);
  expect(stakes.length).toBeGreaterThan(10);
  const firstOverdue = risks.indexOf('overdue');
  const lapsed = firstOverdue < 0 ? risks.length : firstOverdue;
  expect(risks.slice(lapsed).every((r) => r === 'overdue')).toBe(true);
  for (const group of [stakes.slice(0, lapsed), stakes.slice(lapsed)]) expect([...group].sort((a, b) => b - a)).toEqual(group);
  // Loyalty figures are shown.
  await expect(page.locator('[data-figure="repeat"] .value')).toHaveText(/%$/);
  await expect(page.locator('[data-figure="top"] .value')).toHaveText(/%$/);
  // Satisfaction: the scale is stated, NPS has its definition.
  await expect(page.locator('tp-satisfaction-view .scale')).toContainText('1–5');
  await expect(page.locator('[data-metric="nps"]')).toContainText('promoters 9–10');
  await expect(page.locator('tp-satisfaction-view ol.moments.pain li').first()).toBeVisible();
  // Customer value: top-20% shares.
  await expect(page.locator('[data-figure="top-revenue"] .value')).toHaveText(/%$/);

  // Explain a warm customer's score with the keyboard.
  await page.getByRole('searchbox', { name: 'Filter customers' }).fill('warm');
  // The table pages through the worker (more customers than the report lists): wait for its answer.
  await expect(page.locator('.customer-table')).not.toHaveAttribute('aria-busy', 'true');
  const row = page.locator('tr.customer-row').first();
  await expect(row.locator('.pill')).toHaveText('warm');
  const customer = await row.getAttribute('data-customer');
  const shownScore = num(await row.locator('td').nth(1).textContent());
  await row.locator('button.disclose').focus();
  await page.keyboard.press('Enter');
  const box = page.locator(`.explain[data-customer="${customer}"]`);
  await expect(box).toBeVisible();
  await expect(row.locator('button.disclose')).toHaveAttribute('aria-expanded', 'true');
  const value = async (sel) => Number(await box.locator(sel).first().getAttribute('data-value'));
  const components = await box.locator('.component').evaluateAll((els) => els.map((e) => Number(e.dataset.value)));
  expect(components).toHaveLength(6);
  const raw = await value('.raw');
  expect(Math.abs(components.reduce((a, b) => a + b, 0) - raw)).toBeLessThan(0.01);
  const decayed = await value('.decayed');
  const cuts = await box.locator('.cut').evaluateAll((els) => els.map((e) => Number(e.dataset.value)));
  const capped = await value('.capped');
  expect(Math.abs(decayed - cuts.reduce((a, b) => a + b, 0) - capped)).toBeLessThan(0.01);
  const score = await value('.score');
  expect(score).toBe(shownScore);
  expect(score).toBeCloseTo(Math.min(100, Math.round(capped * 10) / 10), 5);
  await expect(box.locator('.formula')).toContainText(`score = min(100,`);
  // Touch by touch from the core: the "after decay" column adds up to the decayed points.
  await box.locator('details.touch-list summary').click();
  const touches = (await box.locator('details.touch-list tbody tr td:nth-child(8)').allTextContents()).map(num);
  const touchCount = num(await row.locator('td').nth(3).textContent());
  expect(touches).toHaveLength(touchCount);
  expect(Math.abs(touches.reduce((a, b) => a + b, 0) - decayed)).toBeLessThan(0.01 * touchCount + 0.01);
  await page.screenshot({ path: 'screenshots/insights.png', fullPage: true });
  await box.screenshot({ path: 'screenshots/insights-explain.png' });
});

test('a plain transactions export (customer, date, amount) works', async ({ page }) => {
  await open(page, 'transactions');
  await expect(page.locator('#status')).toContainText('transactions.csv');
  for (const name of ['engagement-histogram', 'rfm-grid', 'lifecycle', 'pareto']) {
    await expect(chart(page, name), name).toBeVisible();
  }
  await expect(page.locator('tp-engagement-view #rfm-heading')).toBeVisible();
  expect(await page.locator('.rfm-segments tbody tr').count()).toBeGreaterThan(5);
  expect(await page.locator('.at-risk tbody tr').count()).toBeGreaterThan(0);
  await expect(page.locator('tp-satisfaction-view')).toContainText('No satisfaction figures');
  // Retention is estimated from the data, so CLV has a value.
  await expect(page.locator('tp-customer-value-view .clv-value')).toContainText('CLV = ');
  await page.screenshot({ path: 'screenshots/insights-transactions.png', fullPage: true });
});

test('settings change the scores; CLV inputs are editable; scores export as CSV', async ({ page }, testInfo) => {
  await open(page);
  const mean = page.locator('.band-cards .card:not(.band) .value');
  const before = num(await mean.textContent());
  await page.getByLabel('Half-life (days)').fill('15');
  await page.getByLabel('Half-life (days)').press('Enter');
  await expect(page.locator('#status')).toContainText('settings applied');
  const after = num(await mean.textContent());
  expect(after).toBeLessThan(before); // faster decay: lower scores
  await expect(page.getByLabel('Half-life (days)')).toHaveValue('15');
  // An invalid field is named, nothing changes.
  await page.getByLabel('Lapse k').fill('-1');
  await page.getByRole('button', { name: 'Apply' }).first().click();
  await expect(page.locator('tp-engagement-view .settings-form .error')).toHaveText('Check these fields: Lapse k.');
  await expect(page.getByLabel('Lapse k')).toHaveAttribute('aria-invalid', 'true');

  // CLV = m × r ÷ (1 + d − r) with r = 0.5, d = 0.1 and m from the data.
  const m = await page.locator('tp-customer-value-view .clv-result').textContent();
  const margin = num(/m = ([\d,.]+)/.exec(m)[1]);
  await page.getByLabel('r: retention per period (0–1)').fill('0.5');
  await page.getByLabel('r: retention per period (0–1)').press('Enter');
  const clv = (margin * 0.5) / (1 + 0.1 - 0.5);
  await expect(page.locator('tp-customer-value-view .clv-value')).toContainText('factor 0.833'); // 0.5 ÷ 0.6
  const shown = num(/CLV = ([\d,.]+)/.exec(await page.locator('tp-customer-value-view .clv-value').textContent())[1]);
  expect(Math.abs(shown - clv)).toBeLessThan(0.01); // m is shown rounded to 2 decimals
  await expect(page.locator('tp-customer-value-view .clv-result')).toContainText('from the settings');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download per-customer scores (CSV)' }).click()]);
  expect(download.suggestedFilename()).toBe('retail-journeys-customers.csv');
  const file = testInfo.outputPath('customers.csv');
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^customer,/);
  expect(lines.length).toBeGreaterThan(100);
});

test('hostile customer and touch point names show as text and run nothing', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    d.dismiss();
  });
  await open(page);
  const hostile = '<img src=x onerror=alert(1)>';
  const rows = ['customer,time,touchpoint,value,converted,rating,expectation'];
  for (let i = 0; i < 6; i++) {
    rows.push(`"${hostile}",2026-03-0${i + 1}T10:00:00Z,"${hostile}",${10 + i},true,2,4`);
    rows.push(`c${i},2026-03-0${i + 1}T11:00:00Z,Checkout,${20 + i},true,5,3`);
  }
  await page.locator('#file-input').setInputFiles({ name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  await expect(page.locator('#status')).toContainText('hostile.csv');
  await expect(page.locator('tp-engagement-view')).toContainText(hostile);
  await expect(page.locator('tp-satisfaction-view')).toContainText(hostile);
  await expect(page.locator('main img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

/** The report of a sample as the core makes it (the page's numbers come from the same Session). */
async function coreReport(page, file, preset) {
  return page.evaluate(
    async ([file, preset]) => {
      const m = await import('/pkg/touchpoints.js');
      await m.default();
      const s = new m.Session(file, { preset });
      s.push(new Uint8Array(await (await fetch(`samples/${file}`)).arrayBuffer()));
      const report = s.finish();
      s.free();
      return report;
    },
    [file, preset],
  );
}

test('the analysis runs in the worker, not on the page', async ({ page }) => {
  // Count what the page's main thread starts: workers, and wasm instantiated here.
  await page.addInitScript(() => {
    window.__workers = [];
    const W = window.Worker;
    window.Worker = class extends W {
      constructor(url, options) {
        super(url, options);
        window.__workers.push(String(url));
      }
    };
    window.__wasm = 0;
    for (const name of ['instantiate', 'instantiateStreaming']) {
      const original = WebAssembly[name];
      WebAssembly[name] = (...args) => {
        window.__wasm += 1;
        return original.apply(WebAssembly, args);
      };
    }
  });
  await open(page, 'transactions');
  await expect(page.locator('#status')).toContainText('transactions.csv');
  const seen = await page.evaluate(() => ({ workers: window.__workers, wasm: window.__wasm }));
  expect(seen.workers.some((u) => u.endsWith('/js/worker.js'))).toBe(true);
  expect(seen.wasm, 'no wasm instantiated on the main thread').toBe(0);
  // Settings are applied in the worker too; explaining a score asks it.
  await page.getByLabel('Half-life (days)').fill('30');
  await page.getByLabel('Half-life (days)').press('Enter');
  await expect(page.locator('#status')).toContainText('settings applied');
  await page.locator('tr.customer-row').first().click();
  await expect(page.locator('details.touch-list')).toBeVisible();
  expect(await page.evaluate(() => window.__wasm)).toBe(0);
});

test('at risk, RFM per customer and marginal customers as the core says', async ({ page }) => {
  await open(page, 'transactions');
  const report = await coreReport(page, 'transactions.csv', 'generic');
  // The at-risk table is the core's list, in the core's order.
  const shown = await page.locator('.at-risk tbody tr td:nth-child(1)').allTextContents();
  expect(shown).toEqual(report.lifecycle.at_risk.map((r) => r.customer));
  // Every buyer's R, F, M values and scores are in the RFM table (the CSV's figures).
  const table = page.locator('.rfm-customers');
  // The core's report lists only the first 100 buyers: the table pages through all of them in the worker.
  const buyers = report.listed.totals['rfm.customers'];
  expect(buyers).toBeGreaterThan(report.rfm.customers.length);
  await expect(table.locator('.pager')).toContainText(`of ${buyers}`);
  const one = report.rfm.customers.find((c) => c.frequency === 1);
  await table.getByRole('searchbox').fill(one.customer);
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText(one.customer);
  const cells = await table.locator('tbody tr').first().locator('td').allTextContents();
  expect(cells).toEqual([one.customer, one.last_purchase, String(one.recency_days), String(one.r), '1', '1', expect.any(String), String(one.m), one.score, expect.any(String)]);
  expect(one.f).toBe(1); // a one-time buyer is F 1, whatever the share of one-time buyers
  // Sorting by F puts the most frequent buyers first.
  await table.getByRole('searchbox').fill('');
  await table.getByRole('button', { name: 'F', exact: true }).click();
  await expect(table.locator('tbody tr').first().locator('td').nth(5)).toHaveText('5');
  await page.locator('.rfm-customers').screenshot({ path: 'screenshots/insights-rfm-table.png' });

  // A file where every customer earns more than they cost: the marginal list says so.
  const csv = 'customer,date,amount,cost\na,2026-03-01,50,10\nb,2026-03-02,40,5\nc,2026-03-03,20,1\n';
  await page.locator('#file-input').setInputFiles({ name: 'no-loss.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.locator('#status')).toContainText('no-loss.csv');
  await expect(page.locator('tp-customer-value-view')).toContainText('No customer has a negative margin');
  await expect(page.locator('tp-customer-value-view table')).toHaveCount(0);
});

test('printed, the page shows the figures and whole tables, not the controls', async ({ page }) => {
  await page.setViewportSize({ width: 794, height: 1123 });
  await open(page, 'transactions');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#sample')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Download per-customer scores (CSV)' })).toBeHidden();
  await expect(page.locator('.settings-form').first()).toBeHidden();
  const layout = await page.evaluate(() => ({
    sideways: document.documentElement.scrollWidth - innerWidth,
    clipped: [...document.querySelectorAll('.table-wrap, .scroll')].filter((w) => w.scrollHeight > w.clientHeight + 1 || w.scrollWidth > w.clientWidth + 1).length,
  }));
  expect(layout).toEqual({ sideways: 0, clipped: 0 });
});
