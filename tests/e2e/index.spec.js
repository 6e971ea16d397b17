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

test('choosing a preset after editing the rules shows the preset’s rules', async ({ page }) => {
  await loadSample(page, 'hotel');
  await page.locator('.rule-editor summary').click();
  const rules = JSON.parse(await page.locator('#rules-text').inputValue());
  rules.name = 'my-edit';
  rules.rules.unshift({ if: { touchpoint: ['zorblax'] }, then: { kind: 'casual-observation' } });
  await page.locator('#rules-text').fill(JSON.stringify(rules, null, 2));
  await page.locator('#rules-apply').click();
  await expect(page.locator('#rule-list li').first()).toContainText('“zorblax”');
  await expect(page.locator('#results-title')).toContainText('my-edit');
  await page.locator('#preset').selectOption('retail');
  // Counts, list and editor all follow the preset.
  await expect(page.locator('#results-title')).toContainText('the retail rules');
  await expect(page.locator('#rule-list li').first()).toContainText('“instagram ad”');
  await expect(page.locator('#rule-list')).not.toContainText('zorblax');
  expect(JSON.parse(await page.locator('#rules-text').inputValue()).name).toBe('retail');
});

test('the events filter matches what the pills show, and times say UTC', async ({ page }) => {
  await loadSample(page, 'hotel');
  // Hand counts of the hotel sample (the by-direction, by-stage and by-kind charts).
  for (const [filter, total] of [
    ['customer initiated', 39],
    ['customer-initiated', 39],
    ['pre purchase', 13],
    ['pre-purchase', 13],
    ['actual-experience', 51],
    ['actual experience', 51],
    ['two-way dialogue', 22],
  ]) {
    await page.locator('#filter').fill(filter);
    await expect(page.locator('#page-info'), filter).toHaveText(`1–${Math.min(50, total)} of ${total}`);
  }
  await page.locator('#filter').fill('');
  // Pills show the labels; kind pills carry the kind's palette colour.
  const first = page.locator('#events-body tr').first();
  await expect(first.locator('td').nth(2)).toHaveText('2026-02-18 14:06 UTC'); // written as 15:06+01:00
  await expect(first.locator('.pill').nth(2)).toHaveText('pre-purchase');
  const pill = first.locator('.pill.kind');
  await expect(pill).toHaveClass(/tp-kind-mass-communication/);
  const [pillColour, barColour] = await page.evaluate(() => [
    getComputedStyle(document.querySelector('#events-body .pill.kind.tp-kind-mass-communication'), '::before').backgroundColor,
    getComputedStyle(document.querySelector('#chart-by_kind rect.fill-tp-kind-mass-communication')).fill,
  ]);
  expect(pillColour).toBe(barColour);
});

for (const [width, height] of [[1366, 768], [1280, 900]]) {
  test(`every column of the events table fits at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    for (const sample of ['hotel', 'retail']) {
      await loadSample(page, sample);
      await expect(page.locator('#events-body tr')).toHaveCount(50);
      const fit = await page.evaluate(() => {
        const box = document.querySelector('.table-scroll');
        const right = box.getBoundingClientRect().right;
        const heads = [...document.querySelectorAll('#events-head th')].map((th) => [th.textContent, th.getBoundingClientRect().right]);
        return { overflow: box.scrollWidth - box.clientWidth, cut: heads.filter(([, r]) => r > right + 0.5).map(([t]) => t) };
      });
      expect(fit.cut, `${sample}: columns past the edge`).toEqual([]);
      expect(fit.overflow, `${sample}: sideways scroll`).toBeLessThanOrEqual(0);
    }
  });
}

test('bars are coloured by the kind each event got; count axes are whole', async ({ page }) => {
  await loadSample(page, 'hotel');
  // 2.5 and 7.5 were ticks of the top touch points' axis.
  const ticks = await page.locator('#chart-top_touchpoints svg text.fill-tp-muted').allTextContents();
  expect(ticks.length).toBeGreaterThan(2);
  expect(ticks.every((t) => /^\d[\d,]*$/.test(t))).toBe(true);
  await openPage(page);
  await page.locator('#file-input').setInputFiles({
    name: 'kinds.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('journey,time,touchpoint,kind\nA,2026-03-02,Concierge,actual experience\nB,2026-03-02,Concierge,actual experience\nA,2026-03-03,Newsletter,\n'),
  });
  await expect(card(page, 'events')).toHaveText('3');
  await expect(page.locator('#chart-by_kind svg desc')).toContainText('actual experience 2');
  const bar = page.locator('#chart-top_touchpoints svg rect', { has: page.locator('title', { hasText: 'Concierge' }) });
  await expect(bar).toHaveClass(/fill-tp-kind-actual-experience/);
});

test('a PNG export keeps the title off the edge and the labels whole', async ({ page }) => {
  await loadSample(page, 'hotel');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#chart-top_touchpoints').getByRole('button', { name: /^PNG/ }).click()]);
  expect(download.suggestedFilename()).toBe('top-touchpoints.png');
  // Decode the PNG in the page and look at its pixels: a white margin left of the title,
  // the title's ink after it, and the drawing as wide as the chart plus the margins.
  const bytes = require('node:fs').readFileSync(await download.path());
  const seen = await page.evaluate(async (data) => {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(data)], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const px = ctx.getImageData(0, 0, bitmap.width, 80).data;
    const ink = (x, y) => px[(y * bitmap.width + x) * 4] < 128;
    let firstInk = -1;
    for (let x = 0; x < bitmap.width && firstInk < 0; x++) for (let y = 0; y < 80; y++) if (ink(x, y)) { firstInk = x; break; }
    const svg = document.querySelector('#chart-top_touchpoints svg').viewBox.baseVal;
    return { width: bitmap.width, height: bitmap.height, firstInk, viewWidth: svg.width, viewHeight: svg.height };
  }, [...bytes]);
  expect(seen.width).toBeGreaterThanOrEqual(2 * (seen.viewWidth + 32));
  expect(seen.height).toBeGreaterThanOrEqual(2 * (seen.viewHeight + 32));
  expect(seen.firstInk).toBeGreaterThanOrEqual(2 * 16 - 2); // the margin
  expect(seen.firstInk).toBeLessThan(2 * 16 + 12); // the title right after it
});

test('a binary file says what it looks like instead of dumping its bytes', async ({ page }) => {
  await openPage(page);
  const png = require('node:fs').readFileSync('tests/data/ingest/binary/photo.png');
  await page.locator('#file-input').setInputFiles({ name: 'journeys.csv', mimeType: 'text/csv', buffer: png });
  await expect(page.locator('#load-error')).toContainText('this is not a text file (it looks like a PNG image)');
  await expect(page.locator('#load-error')).not.toContainText('\uFFFD');
  await expect(page.locator('#mapping')).toBeHidden();
  const xlsx = require('node:fs').readFileSync('tests/data/ingest/binary/journeys.xlsx');
  await page.locator('#file-input').setInputFiles({ name: 'journeys.xlsx', mimeType: 'application/octet-stream', buffer: xlsx });
  await expect(page.locator('#load-error')).toContainText('it looks like a ZIP archive (an Excel .xlsx');
});

test('Print / PDF prints the results: no drop zone, the whole table page, every column', async ({ page }) => {
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  await loadSample(page, 'retail');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#dropzone')).toBeHidden();
  await expect(page.locator('.samples')).toBeHidden();
  await expect(page.locator('#filter')).toBeHidden();
  await expect(page.locator('#export-csv')).toBeHidden();
  const layout = await page.evaluate(() => {
    const box = document.querySelector('.table-scroll');
    const rows = document.querySelectorAll('#events-body tr');
    const last = rows[rows.length - 1].getBoundingClientRect();
    const frame = box.getBoundingClientRect();
    const heads = [...document.querySelectorAll('#events-head th')];
    return {
      rows: rows.length,
      clippedRows: box.scrollHeight - box.clientHeight,
      lastInside: last.bottom <= frame.bottom + 1,
      sideways: box.scrollWidth - box.clientWidth,
      columns: heads.filter((th) => th.getBoundingClientRect().right <= frame.right + 1 && th.offsetWidth > 0).length,
    };
  });
  expect(layout).toEqual({ rows: 50, clippedRows: 0, lastInside: true, sideways: 0, columns: 10 });
  await page.screenshot({ path: 'screenshots/index-print.png', fullPage: true });
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});

test('every file input takes the endings of the core format table', async ({ page }) => {
  const any = '.csv,.tsv,.txt,.json,.jsonl,.ndjson,.vtt,.webvtt,.eaf,.boris,.srt';
  const annotations = '.vtt,.webvtt,.eaf,.boris,.json,.srt,.csv,.tsv,.txt';
  const journeys = '.csv,.tsv,.txt,.json,.jsonl,.ndjson';
  for (const [path, id, accept] of [
    ['/', 'file-input', any],
    ['/journeys.html', 'file-input', any],
    ['/insights.html', 'file-input', journeys],
    ['/clv.html', 'file-input', journeys],
    ['/annotate.html', 'marks-file', annotations],
    ['/classroom.html', 'students-input', annotations],
  ]) {
    await page.goto(path);
    await expect(page.locator(`#${id}`), path).toHaveAttribute('accept', accept);
  }
});
