// The customer lifetime value page: the CDNOW sample gives the published
// estimates, the charts and the customer table; the model choice re-fits;
// exports; a file without purchase dates says why; the page is in the navigation.
const { test, expect } = require('./fixtures');
const fs = require('node:fs');

async function open(page, sample = 'cdnow') {
  await page.goto(`/clv.html?sample=${sample}`);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 60_000 });
}

const chart = (page, name) => page.locator(`tp-chart[name="${name}"] svg`);

test('CDNOW sample: published estimates, charts, tables and no NaN', async ({ page }) => {
  await open(page);
  await expect(page.locator('#status')).toContainText('6,919 purchases of 2,357 customers (946 bought again), calibration to 1997-09-30, data to 1998-06-30');
  const bg = page.locator('#models tr[data-model="bg_nbd"]');
  // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
  await expect(bg).toContainText('r = 0.2426');
  await expect(bg).toContainText('alpha = 4.4136');
  await expect(bg).toContainText('a = 0.7929');
  await expect(bg).toContainText('b = 2.4259');
  await expect(bg.locator('td').nth(2)).toHaveText('-9,582.43');
  const pareto = page.locator('#models tr[data-model="pareto_nbd"]');
  await expect(pareto).toContainText('r = 0.5533');
  await expect(pareto).toContainText('beta = 11.6687');
  await expect(pareto.locator('td').nth(2)).toHaveText('-9,594.98');
  const gg = page.locator('#models tr[data-model="gamma_gamma"]');
  await expect(gg).toContainText('p = 6.2496');
  await expect(gg).toContainText('q = 3.7442');
  await expect(gg).toContainText('v = 15.4435');
  await expect(gg).toContainText('frequency–spend correlation');
  // Standard errors beside every estimate.
  await expect(bg.locator('.se')).toHaveCount(4);
  // Holdout: 1,882 actual repeat purchases in the 39 weeks after the calibration.
  await expect(page.locator('#cards')).toContainText('1,882');
  for (const name of ['clv-tracking', 'clv-holdout', 'clv-alive', 'clv-distribution']) {
    await expect(chart(page, name), name).toBeVisible();
    await expect(chart(page, name).locator('desc')).not.toBeEmpty();
  }
  // The customer table: paged in the core, 25 rows, sorted by CLV (highest first).
  await expect(page.locator('#page-info')).toHaveText('1–25 of 2,357');
  await expect(page.locator('#customers tbody tr')).toHaveCount(25);
  await expect(page.locator('#top tbody tr')).toHaveCount(20);
  await expect(page.locator('#risk tbody tr').first()).toBeVisible();
  await expect(page.locator('a[href="insights.html#engagement"]')).toBeVisible();
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/NaN|undefined|null/);
});

test('sorting, filtering, paging and the CSV export come from the core', async ({ page }) => {
  await open(page);
  const header = page.locator('#customers th[aria-sort] button', { hasText: 'P(alive)' });
  await header.click();
  await expect(page.locator('#customers th[aria-sort="descending"]')).toContainText('P(alive)');
  await header.click();
  await expect(page.locator('#customers th[aria-sort="ascending"]')).toContainText('P(alive)');
  const column = await page.locator('#customers thead th').allTextContents();
  const at = column.findIndex((c) => c.startsWith('P(alive)'));
  const values = (await page.locator(`#customers tbody tr td:nth-child(${at + 1})`).allTextContents()).map(Number);
  expect([...values].sort((a, b) => a - b)).toEqual(values);
  await page.locator('#next').click();
  await expect(page.locator('#page-info')).toHaveText('26–50 of 2,357');
  await page.locator('#filter').fill('1000');
  await expect(page.locator('#page-info')).toHaveText(/of 1$/);
  await expect(page.locator('#customers tbody tr td').first()).toHaveText('1000');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2358);
  expect(csv).toMatch(/^customer,frequency,recency,T,monetary_value,holdout_purchases,bg_nbd_p_alive/);
  // Customer 1: 2 repeat purchases, recency 213/7 weeks, T 272/7 weeks, mean repeat spend 22.345.
  expect(csv).toContain('\r\n1,2,30.428571,38.857143,22.345,1,');
});

test('choosing another model re-fits without reading the file again', async ({ page }) => {
  test.setTimeout(120_000); // two re-fits of five models on a loaded machine
  await open(page);
  await page.locator('select[name="model"]').selectOption('pareto_nbd');
  await expect(page.locator('#models tr.chosen')).toHaveAttribute('data-model', 'pareto_nbd');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  await expect(page.locator('#cards')).toContainText('Pareto/NBD');
  // Days instead of weeks: the same estimates of the drop-out; the rate per day.
  await page.locator('select[name="unit"]').selectOption('days');
  await page.locator('#apply').click();
  await expect(page.locator('#models tr[data-model="bg_nbd"]')).toContainText('alpha = 30.8952', { timeout: 60_000 });
});

test('a file without purchase dates says what is wrong', async ({ page }) => {
  await open(page, 'transactions');
  await page.locator('#file-input').setInputFiles({
    name: 'video.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('journey,time,touchpoint\nS1,00:00:05,Shop window\nS1,00:00:09,Checkout\n'),
  });
  await expect(page.locator('#error')).toContainText('video.csv');
  await expect(page.locator('#error')).toContainText('dates');
});

test('every page links to the CLV page', async ({ page }) => {
  await page.goto('/index.html');
  const link = page.getByRole('link', { name: 'CLV', exact: true });
  await expect(link).toHaveAttribute('href', 'clv.html');
});
