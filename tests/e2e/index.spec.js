// The journey analysis page, used as a marketer or a student would: samples,
// an uploaded file, bad rows, hand mapping, rules, the table, exports, a big
// file with progress, and the keyboard.
const { test, expect } = require('./fixtures');

const card = (page, id) => page.locator(`[data-card="${id}"] .value`);

/** Opens the page and waits until it is ready (presets loaded, listeners set). */
async function openPage(page) {
  await page.goto('/');
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
}

async function loadSample(page, sample) {
  await page.goto(`/?sample=${sample}`);
  await expect(page.locator('#results')).toBeVisible();
  await expect(page.locator('#progress')).toBeHidden();
}

test('the hotel sample: hand-counted numbers, charts, table', async ({ page }) => {
  await loadSample(page, 'hotel');
  await expect(card(page, 'events')).toHaveText('80');
  await expect(card(page, 'journeys')).toHaveText('8');
  await expect(card(page, 'unique')).toHaveText('14');
  await expect(card(page, 'per-journey')).toHaveText('10');
  await expect(card(page, 'problems')).toHaveText('0');
  for (const chart of ['by_kind', 'by_owner', 'by_stage', 'by_media', 'by_direction', 'top_touchpoints', 'timeline']) {
    await expect(page.locator(`#chart-${chart} svg title`).first()).not.toBeEmpty();
  }
  await expect(page.locator('#chart-by_kind svg desc')).toContainText('actual experience 51');
  await expect(page.locator('#chart-top_touchpoints svg desc')).toContainText('Restaurant 9');
  await expect(page.locator('#events-body tr')).toHaveCount(50);
  await expect(page.locator('#page-info')).toHaveText('1–50 of 80');
  await page.locator('#filter').fill('room service');
  await expect(page.locator('#page-info')).toHaveText('1–5 of 5');
  await page.screenshot({ path: 'screenshots/index-hotel.png', fullPage: true });
});

test('bad rows are listed with their lines and the good rows counted', async ({ page }) => {
  await loadSample(page, 'bad-rows');
  await expect(card(page, 'events')).toHaveText('13');
  await expect(card(page, 'problems')).toHaveText('7');
  const items = page.locator('#problem-list li');
  await expect(items).toHaveCount(7);
  await expect(items.nth(0)).toContainText('line 4, column 2: time "yesterday" is not a time');
  await expect(items.nth(3)).toContainText('line 12: this row has 3 fields, the header has 9');
  await expect(items.nth(6)).toContainText('line 20, column 9: converted "maybe"');
  await page.locator('#problems').screenshot({ path: 'screenshots/index-bad-rows.png' });
});

test('an uploaded file with a hostile label shows it as text', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    d.dismiss();
  });
  await openPage(page);
  await page.locator('#file-input').setInputFiles({
    name: 'mine.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('user_id,date,event\nu1,2026-01-01,<img src=x onerror=alert(1)>\nu1,2026-01-02,Newsletter\n'),
  });
  await expect(card(page, 'events')).toHaveText('2');
  await expect(page.locator('#events-body')).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('#unclassified-rows')).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('#main img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('a header we cannot read is mapped by hand', async ({ page }) => {
  await openPage(page);
  await page.locator('#file-input').setInputFiles({
    name: 'odd.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('who,when,what\nA,2026-01-01,Store window\nA,2026-01-03,Checkout\nB,2026-01-02,Checkout\n'),
  });
  await expect(page.locator('#load-error')).toContainText('line 1: no column for the journey or customer');
  await expect(page.locator('#mapping')).toBeVisible();
  await page.locator('#mapping select[name="journey"]').selectOption('who');
  await page.locator('#mapping select[name="time"]').selectOption('when');
  await page.locator('#mapping select[name="touchpoint"]').selectOption('what');
  await page.locator('#mapping button[type="submit"]').click();
  await expect(card(page, 'events')).toHaveText('3');
  await expect(card(page, 'journeys')).toHaveText('2');
  await expect(page.locator('#load-error')).toBeHidden();
});

test('rules: a preset change and an edited rule reclassify; exports download', async ({ page }) => {
  await openPage(page);
  await page.locator('#file-input').setInputFiles({
    name: 'mine.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('journey,time,touchpoint\nc1,2026-01-01,Zorblax\nc1,2026-01-02,Newsletter\n'),
  });
  await expect(card(page, 'unclassified')).toHaveText('1');
  await page.locator('.rule-editor summary').click();
  const rules = JSON.parse(await page.locator('#rules-text').inputValue());
  rules.rules.unshift({ if: { touchpoint: ['zorblax'] }, then: { kind: 'casual-observation', owner: 'brand', stage: 'pre-purchase', media: 'owned', direction: 'one-way' } });
  await page.locator('#rules-text').fill(JSON.stringify(rules, null, 2));
  await page.locator('#rules-apply').click();
  await expect(card(page, 'unclassified')).toHaveText('0');
  await expect(page.locator('#rule-list li').first()).toContainText('If the touch point is like “zorblax” then kind = casual observation');
  await page.locator('#rules-text').fill('{"name": "broken",\n "rules": [ }');
  await page.locator('#rules-apply').click();
  await expect(page.locator('#rules-error')).toContainText('line 2, column');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const text = require('node:fs').readFileSync(await csv.path(), 'utf8');
  expect(text.split('\n')[0]).toBe('line,journey,time,touchpoint,channel,kind,owner,stage,media,direction,value,cost,rating,expectation,converted');
  expect(text).toContain('2,c1,2026-01-01T00:00:00Z,Zorblax,,casual-observation,brand,pre-purchase,owned,one-way');
  const [json] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  const report = JSON.parse(require('node:fs').readFileSync(await json.path(), 'utf8'));
  expect(report.events).toBe(2);
  expect(Object.keys(report)).toEqual(expect.arrayContaining(['events', 'journeys', 'unique_touchpoints', 'per_journey', 'by_touchpoint', 'by_kind', 'by_owner', 'by_stage', 'by_media', 'by_direction', 'unclassified', 'problems']));
});

test('the retail sample sorts and pages; the video key opens as one observation', async ({ page }) => {
  await loadSample(page, 'retail');
  await expect(card(page, 'journeys')).toHaveText('2,000');
  await expect(page.locator('#chart-timeline svg title').first()).toContainText('30 of 2,000 journeys');
  await page.locator('#events-head button', { hasText: 'Touch point' }).click();
  await expect(page.locator('#events-body tr').first().locator('td').nth(3)).toHaveText('Checkout');
  await page.locator('#next').click();
  await expect(page.locator('#page-info')).toContainText('51–100 of');
  await page.screenshot({ path: 'screenshots/index-retail.png', fullPage: true });
  await loadSample(page, 'video-key');
  await expect(card(page, 'events')).toHaveText('8');
  await expect(card(page, 'per-minute')).toHaveText('8.14');
});

test('a big file is read in the worker with progress, and can be cancelled', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.touchpoints);
  // About 25 MB of events, built in the page.
  const result = await page.evaluate(async () => {
    const rows = ['journey,time,touchpoint,channel'];
    const names = ['Instagram ad', 'Website visit', 'Newsletter', 'Checkout', 'Product review'];
    for (let i = 0; i < 400000; i++) {
      rows.push(`customer-${i % 20000},2026-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z,${names[i % 5]},web shop and other channels`);
    }
    const blob = new Blob([rows.join('\n') + '\n'], { type: 'text/csv' });
    const seen = [];
    const observer = new MutationObserver(() => seen.push(document.getElementById('progress-text').textContent));
    observer.observe(document.getElementById('progress-text'), { childList: true, characterData: true, subtree: true });
    const report = await window.touchpoints.analyseFile(new File([blob], 'big.csv'));
    observer.disconnect();
    return { events: report.events, journeys: report.journeys, size: blob.size, seen };
  });
  expect(result.size).toBeGreaterThan(20e6);
  expect(result.events).toBe(400000);
  expect(result.journeys).toBe(20000);
  expect(result.seen.some((t) => /Reading \d+ of \d+ MB/.test(t))).toBe(true);
  await expect(card(page, 'events')).toHaveText('400,000');
  // Cancel: start again and cancel at once.
  await page.evaluate(() => {
    const rows = ['journey,time,touchpoint'];
    for (let i = 0; i < 300000; i++) rows.push(`c${i},2026-03-01,Newsletter`);
    window.touchpoints.analyseFile(new File([rows.join('\n')], 'again.csv')).catch(() => {});
  });
  await page.locator('#cancel').click();
  await expect(page.locator('#load-error')).toContainText('cancelled');
});

test('everything works from the keyboard', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  // Enter on the drop zone opens the file chooser (recorded here: a native
  // chooser cannot be driven reliably in headless Chromium).
  await page.evaluate(() => {
    const input = document.getElementById('file-input');
    input.click = () => {
      window.chooserOpened = true;
    };
  });
  await page.locator('#dropzone').focus();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => window.chooserOpened)).toBe(true);
  await page.locator('#file-input').setInputFiles({ name: 'k.csv', mimeType: 'text/csv', buffer: Buffer.from('journey,time,touchpoint\nA,2026-01-01,Checkout\n') });
  await expect(card(page, 'events')).toHaveText('1');
  await page.locator('[data-sample="hotel"]').focus();
  await page.keyboard.press('Enter');
  await expect(card(page, 'events')).toHaveText('80');
  await page.locator('#events-head button').nth(2).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#events-head th').nth(2)).toHaveAttribute('aria-sort', 'ascending');
});
