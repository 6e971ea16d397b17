// The perceived value page: the hotel example, live recompute as ratings
// change (the value map's point moves, the ranking follows), adding an offer,
// CSV download and re-open, per-cell errors, labels shown as text.
const { test, expect } = require('./fixtures');
const fs = require('node:fs');

async function open(page) {
  await page.goto('/value.html');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  // A fresh page shows the example already; start from a blank sheet to see it load.
  await page.getByRole('button', { name: 'New blank sheet' }).click();
  await expect(page.locator('#ranking tbody')).toContainText('Our offer');
  await page.getByRole('button', { name: 'Load the hotel example' }).click();
  await expect(page.locator('#ranking tbody')).toContainText('Harbour Hotel');
  await expect(page.locator('#ranking tbody tr')).toHaveCount(3);
}

/** The value map's circle for `offer` (its tooltip starts with the name). */
async function point(page, offer) {
  return page.locator('#value-map svg circle').evaluateAll(
    (circles, name) => {
      const c = circles.find((x) => (x.querySelector('title')?.textContent ?? '').startsWith(`${name}:`));
      return c ? { cx: Number(c.getAttribute('cx')), cy: Number(c.getAttribute('cy')) } : null;
    },
    offer,
  );
}

async function ranking(page) {
  return page.locator('#ranking tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.cells].slice(0, 7).map((c) => c.textContent.trim())),
  );
}

test('editing a rating moves the offer on the value map and re-ranks', async ({ page }) => {
  await open(page);
  // Hand-computed: Harbour 78 − 27 = 51, Grand Palace 82 − 39 = 43, City Inn 51 − 25 = 26.
  expect(await ranking(page)).toEqual([
    ['1', 'Harbour Hotel ours', '78', '27', '51', '2.89', '+8'],
    ['2', 'Grand Palace', '82', '39', '43', '2.1', '-8'],
    ['3', 'City Inn', '51', '25', '26', '2.04', '-25'],
  ]);
  await expect(page.locator('#summary')).toContainText('Harbour Hotel (ours) ranks 1 of 3');
  const before = await point(page, 'Grand Palace');
  expect(before).not.toBeNull();

  // Grand Palace's room rate 5 → 1: cost 39 − 5×4 = 19, value 82 − 19 = 63: now first.
  const cell = page.getByRole('textbox', { name: 'Rating of Grand Palace on Room rate' });
  await cell.fill('1');
  await expect(page.locator('#ranking tbody tr').first()).toContainText('Grand Palace');
  const after = await point(page, 'Grand Palace');
  expect(after.cx).toBeLessThan(before.cx); // lower cost: to the left
  expect(after.cy).toBe(before.cy); // same benefit
  expect((await ranking(page))[0]).toEqual(['1', 'Grand Palace', '82', '19', '63', '4.32', '+12']);
  await expect(page.locator('#summary')).toContainText('a gap of -12');
  // Drivers of ours against the new best competitor: room rate first (5 × (1 − 3) = −10).
  await expect(page.locator('#drivers tbody tr').first()).toContainText('Room rate');
  await expect(page.locator('#drivers tbody tr').first().locator('td').nth(5)).toHaveText('-10');

  // A weight change moves every offer: Room rate weight 5 → 0 removes it from costs.
  await page.getByRole('textbox', { name: 'Weight of Room rate' }).fill('0');
  await expect(page.locator('#ranking tbody tr').nth(0).locator('td').nth(4)).toHaveText('68');
  expect((await ranking(page))[0].slice(1, 5)).toEqual(['Grand Palace', '82', '14', '68']);
  await page.screenshot({ path: 'screenshots/value.png', fullPage: true });
});

test('a student adds an offer and rates it; the map and ranking include it', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: '+ Add an offer' }).click();
  const name = page.getByRole('textbox', { name: 'Offer 4 name (competitor)' });
  await expect(name).toBeFocused();
  await name.fill('Budget <b>Stay</b>');
  // Rate every criterion 1 with Enter moving down the column, like a spreadsheet.
  const first = page.getByRole('textbox', { name: 'Rating of Budget <b>Stay</b> on Room comfort' });
  await first.click();
  for (let i = 0; i < 9; i++) {
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
  }
  // Benefit 5+3+4+4+2 = 18, cost 5+3+2+2 = 12, value 6: last of four.
  await expect(page.locator('#ranking tbody tr')).toHaveCount(4);
  await expect(page.locator('#ranking tbody tr').nth(3)).toContainText('Budget <b>Stay</b>');
  await expect(page.locator('#ranking tbody tr').nth(3).locator('td').nth(4)).toHaveText('6');
  expect((await ranking(page))[3]).toEqual(['4', 'Budget <b>Stay</b>', '18', '12', '6', '1.5', '-45']);
  await expect(page.locator('#value-map svg circle')).toHaveCount(4);
  expect(await point(page, 'Budget <b>Stay</b>')).not.toBeNull();
  await expect(page.locator('#ranking b')).toHaveCount(0); // a label is text, never markup
});

test('download the edited sheet as CSV and open it again: same numbers', async ({ page }, testInfo) => {
  await open(page);
  await page.getByRole('textbox', { name: 'Rating of City Inn on Reputation' }).fill('4,5');
  await page.getByRole('button', { name: '+ Add a criterion' }).click();
  const criterion = page.getByRole('textbox', { name: 'Criterion 10 name' });
  await expect(criterion).toBeFocused();
  await criterion.fill('Parking, "free"');
  await page.getByRole('combobox', { name: 'Side of Parking, "free"' }).selectOption('cost');
  await page.getByRole('textbox', { name: 'Weight of Parking, "free"' }).fill('1.5');
  await page.getByRole('textbox', { name: 'Rating of Harbour Hotel on Parking, "free"' }).fill('2');
  await expect(page.locator('#ranking tbody tr').first()).toContainText('48'); // 51 − 1.5 × 2
  const expected = await ranking(page);
  expect(expected[2]).toEqual(['3', 'City Inn', '54', '25', '29', '2.16', '-19']); // 51 + 2 × 1.5

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('value-sheet.csv');
  const file = testInfo.outputPath('value-sheet.csv');
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  expect(text.split('\n')[0]).toBe('criterion,side,category,weight,Harbour Hotel,City Inn,Grand Palace');
  expect(text).toContain('Reputation,benefit,image,2,3,4.5,5');
  expect(text).toContain('"Parking, ""free""",cost,,1.5,2,,');

  await page.getByRole('button', { name: 'New blank sheet' }).click();
  await expect(page.locator('#ranking tbody')).toContainText('Our offer');
  await page.locator('#file-input').setInputFiles(file);
  await expect(page.locator('#sheet-hint')).toContainText('Opened value-sheet.csv: 3 offers, 10 criteria');
  expect(await ranking(page)).toEqual(expected);
});

test('a bad cell shows its error in place and blocks the download', async ({ page }) => {
  await open(page);
  const cell = page.getByRole('textbox', { name: 'Rating of Harbour Hotel on Reputation' });
  await cell.fill('lots');
  await expect(cell).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#err-4-0')).toHaveText('"lots" is not a number');
  // Not a number is not a missing rating (nor 0): no ranking, no charts, until it is fixed.
  await expect(page.locator('#ranking tbody tr')).toHaveCount(1);
  await expect(page.locator('#ranking tbody')).toHaveText('Fix the 1 marked cell(s) to see the ranking.');
  await expect(page.locator('#summary')).toContainText('No ranking until the sheet is fixed');
  await expect(page.locator('#value-map svg')).toHaveCount(0);
  await expect(page.locator('#cell-errors')).toContainText('1 cell(s) need attention');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  await expect(page.locator('#load-error')).toHaveText('Fix the 1 marked cell(s) before downloading.');
  await expect(cell).toBeFocused();
  await cell.fill('3');
  await expect(cell).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#ranking tbody tr')).toHaveCount(3);
  await expect(page.locator('#ranking tbody tr').first()).toContainText('78');
  await expect(page.locator('#value-map svg')).toHaveCount(1);
  // A broken file: the error names the line and column.
  await page.locator('#file-input').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('criterion,side,category,weight,A\nq,benefit,product,1,zz\n') });
  await expect(page.locator('#load-error')).toHaveText('bad.csv: line 2, column 5: rating "zz" is not a number');
});

test('a hostile offer or criterion name shows as text and runs nothing', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    d.dismiss();
  });
  await page.goto('/value.html');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  const hostile = '<img src=x onerror=alert(1)>';
  await page.locator('#file-input').setInputFiles({
    name: 'hostile.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`criterion,side,category,weight,"${hostile}",Rival\n"${hostile}",benefit,product,3,4,3\nPrice,cost,monetary,2,3,2\n`),
  });
  await expect(page.locator('#ranking tbody')).toContainText(hostile);
  await expect(page.locator('#value-map svg title', { hasText: hostile }).first()).toBeAttached();
  await expect(page.locator('main img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('a rating "x" that would have made an offer rank first gives no ranking; the core names the cells', async ({ page }) => {
  await open(page);
  // City Inn rates its room rate "x": counted as 0 it would cost nothing and could win.
  const rate = page.getByRole('textbox', { name: 'Rating of City Inn on Room rate' });
  await rate.fill('x');
  await expect(page.locator('#ranking tbody')).toHaveText('Fix the 1 marked cell(s) to see the ranking.');
  await expect(rate).toHaveAttribute('aria-invalid', 'true');
  // Several bad cells at once, each marked where it is: a weight, a name, an offer name.
  await page.getByRole('textbox', { name: 'Weight of Room comfort' }).fill('-2');
  await page.getByRole('textbox', { name: 'Offer 3' }).fill('City Inn');
  await expect(page.locator('#cell-errors')).toContainText('3 cell(s) need attention');
  await expect(page.locator('#err-0-weight')).toHaveText('A weight must be ≥ 0');
  await expect(page.locator('#err--1-2')).toHaveText('This offer name is used twice');
  await expect(page.locator('#ranking tbody')).toHaveText('Fix the 3 marked cell(s) to see the ranking.');
  // The page does not check cells itself: the marks are exactly the core's problems.
  const fromCore = await page.evaluate(async () => {
    const m = await import('/pkg/touchpoints.js');
    await m.default();
    const sheet = JSON.parse(localStorage.getItem('tp.value.sheet'));
    return m.checkValueSheet(sheet).problems.map((p) => `${p.row}:${p.col}`);
  });
  const marked = await page.locator('#sheet [aria-invalid="true"]').evaluateAll((els) => els.map((e) => `${e.dataset.row}:${e.dataset.col}`));
  expect(marked.sort()).toEqual(fromCore.sort());
  await page.screenshot({ path: 'screenshots/value-invalid.png', fullPage: true });
});

test('printed, the sheet is a plain table with every offer and no tools', async ({ page }) => {
  await page.setViewportSize({ width: 794, height: 1123 });
  await open(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Load the hotel example' })).toBeHidden();
  await expect(page.getByRole('button', { name: '+ Add a criterion' })).toBeHidden();
  const layout = await page.evaluate(() => {
    const wrap = document.querySelector('.sheet-wrap');
    const cut = [...document.querySelectorAll('#sheet input')].filter((i) => i.scrollWidth > i.clientWidth + 1).map((i) => i.value);
    return { sideways: Math.max(wrap.scrollWidth - wrap.clientWidth, document.documentElement.scrollWidth - innerWidth), cut };
  });
  expect(layout).toEqual({ sideways: 0, cut: [] });
});
