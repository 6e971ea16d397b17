// Nothing is lost in the browser's storage: a full quota, storage the browser refuses
// (private mode, blocked site data: touching localStorage throws), and two tabs editing
// the marks of one video. The annotator keeps working in memory, says so and offers the
// marks as a file at once; two tabs merge (never the last writer winning in silence).
// The value sheet and the language choice are checked the same way.
const { test, expect } = require('./fixtures');
const { seek } = require('./annotator-helpers');
const fs = require('node:fs');

const rows = (page) => page.locator('tp-mark-list tbody tr');

async function openDemo(page, observer = 'Ada') {
  await page.goto('/annotate.html');
  await expect(page.locator('#observer-dialog')).toBeVisible();
  await page.fill('#observer-input', observer);
  await page.keyboard.press('Enter');
  await page.click('#use-demo');
  await expect(page.locator('#length')).toHaveText('1:08.0');
}

async function mark(page, time, key) {
  await seek(page, time);
  await page.locator('#video').focus();
  await page.keyboard.press(key);
}

/** Fills localStorage to the last character (the quota reached), keeping the page's own keys. */
async function fillStorage(page) {
  return page.evaluate(() => {
    let size = 1 << 20;
    let i = 0;
    const block = (n) => 'x'.repeat(n);
    while (size >= 1) {
      try {
        localStorage.setItem(`filler-${i}`, block(size));
        i++;
      } catch {
        size = Math.floor(size / 2);
      }
    }
    return i;
  });
}

async function freeStorage(page) {
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('filler-')) localStorage.removeItem(k);
  });
}

const storedMarks = (page) =>
  page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('touchpoints.annotate.v1.marks:'));
    return key ? JSON.parse(localStorage.getItem(key)).marks.map((m) => `${m.start} ${m.touchpoint}`) : null;
  });

test('a full storage quota: the marks stay in the tab, the student is told and can download them at once', async ({ page }) => {
  await openDemo(page);
  await mark(page, 8, '1');
  await expect(page.locator('#saved')).toContainText('1');
  await expect(page.locator('#storage-notice')).toBeHidden();

  await fillStorage(page);
  await mark(page, 15.5, '2');
  await mark(page, 21.5, '3');
  await expect(rows(page)).toHaveCount(3);
  const notice = page.locator('#storage-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('role', 'alert');
  await expect(notice).toContainText('storage is full');
  await expect(notice).toContainText('3 marks');
  await expect(page.locator('#saved')).toHaveClass(/failed/);

  // The offered download holds every mark, in a file the annotator opens again.
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#storage-download')]);
  const json = JSON.parse(fs.readFileSync(await file.path(), 'utf8'));
  expect(json.observations[0].marks.map((m) => m.touchpoint)).toEqual(['Instagram ad', 'Store window', 'Fitting room']);

  // Working on in memory: another video and back, the marks are still there.
  await page.click('#use-demo');
  await expect(rows(page)).toHaveCount(3);

  // Room again: the next change saves everything, and the notice goes.
  await freeStorage(page);
  await mark(page, 30, '4');
  await expect(notice).toBeHidden();
  await expect(page.locator('#saved')).not.toHaveClass(/failed/);
  expect(await storedMarks(page)).toEqual(['8 Instagram ad', '15.5 Store window', '21.5 Fitting room', '30 Checkout']);
});

test.describe('storage the browser refuses', () => {
  test.beforeEach(async ({ context }) => {
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
  });

  test('the annotator works in memory, says so at once and offers the marks as a file', async ({ page }) => {
    await openDemo(page);
    const notice = page.locator('#storage-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('does not let the page save');
    await mark(page, 8, '1');
    await mark(page, 15.5, '2');
    await expect(rows(page)).toHaveCount(2);
    await expect(notice).toContainText('2 marks');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#storage-download')]);
    const json = JSON.parse(fs.readFileSync(await file.path(), 'utf8'));
    expect(json.observations[0].marks).toHaveLength(2);
    expect(json.observations[0].observer).toBe('Ada');
    // Undo, redo and the observer still work without storage.
    await page.keyboard.press('Control+z');
    await expect(rows(page)).toHaveCount(1);
    await page.keyboard.press('Control+y');
    await expect(rows(page)).toHaveCount(2);
  });

  test('the value sheet keeps working and says its edits are not kept', async ({ page }) => {
    await page.goto('/value.html');
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('#storage-notice')).toBeVisible();
    await expect(page.locator('#storage-notice')).toContainText('not kept');
    await expect(page.locator('#ranking tbody tr').first()).toBeVisible();
  });

  test('the language switch still switches (for this tab)', async ({ page }) => {
    await page.goto('/index.html');
    await page.selectOption('#tp-language', 'nl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  });
});

test('two tabs on one video: marks made in either are merged, deletions carry over, and each tab says so', async ({ context }) => {
  const a = await context.newPage();
  await openDemo(a);
  await mark(a, 8, '1');
  await expect(rows(a)).toHaveCount(1);

  const b = await context.newPage();
  await b.goto('/annotate.html');
  await b.click('#use-demo'); // the observer is remembered; the reload carries on
  await expect(rows(b)).toHaveCount(1);

  await mark(b, 15.5, '2');
  await expect(rows(b)).toHaveCount(2);
  // Tab A hears of it and merges: both marks, and it says so.
  await expect(rows(a)).toHaveCount(2);
  await expect(a.locator('#status')).toContainText('Another tab changed the marks');

  // Both tabs mark at once (before either hears of the other): nothing is lost.
  await Promise.all([mark(a, 21.5, '3'), mark(b, 30, '4')]);
  await expect(rows(a)).toHaveCount(4);
  await expect(rows(b)).toHaveCount(4);
  // Both tabs now know the same state and stop writing: the record stays as it is (two tabs
  // that wrote their states in their own order kept rewriting each other's record).
  const savedAt = () => a.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('touchpoints.annotate.v1.marks:'));
    return JSON.parse(localStorage.getItem(key)).saved;
  });
  await expect.poll(async () => { const first = await savedAt(); await a.waitForTimeout(400); return (await savedAt()) === first; }).toBe(true);
  const settled = await savedAt();
  await a.waitForTimeout(800);
  expect(await savedAt()).toBe(settled);

  // A deletion in tab B carries over to tab A. The tab in front gets its animation frames
  // (a click waits for the row to be stable over two frames; a tab behind may get none).
  await b.bringToFront();
  await b.locator('tp-mark-list tbody tr').first().click();
  await b.keyboard.press('Delete');
  await expect(rows(b)).toHaveCount(3);
  await expect(rows(a)).toHaveCount(3);
  const expected = ['15.5 Store window', '21.5 Fitting room', '30 Checkout'];
  expect(await storedMarks(a)).toEqual(expected);

  // Undo in tab A brings back its own marks as they were before the merge.
  await a.bringToFront();
  await a.locator('#video').focus();
  await a.keyboard.press('Control+z');
  await expect(rows(a)).toHaveCount(4);
  await expect(rows(b)).toHaveCount(4);
});

test('two tabs that save at the same moment, each before the other has heard: the merge keeps both, deletions and Undo carry over', async ({ page }) => {
  await page.goto('/annotate.html');
  const result = await page.evaluate(async () => {
    const { mergeMarks } = await import('/js/annotate/store.js');
    const m = (start, touchpoint) => ({ id: start, start, end: null, touchpoint, classes: {} });
    const key = (x) => JSON.stringify([x.start, null, x.touchpoint, [], '', false]);
    const state = (entries) => new Map(entries.map(([x, gen, alive]) => [key(x), [gen, alive]]));
    const names = (r) => [...r.kept, ...r.added].map((x) => x.touchpoint).sort().join(',');
    const [one, two, three, four] = [m(8, 'a'), m(15, 'b'), m(21, 'c'), m(30, 'd')];
    // Tab A wrote 1,2,3 (it knows them at generation 1); tab B, not having heard, stored 1,2,4.
    const race = mergeMarks(state([[one, 1, true], [two, 1, true], [three, 1, true]]), [one, two, three], [one, two, four],
      state([[one, 1, true], [two, 1, true], [four, 1, true]]));
    // Tab B deleted 2 (generation 2, deleted) while tab A, not having heard, added 3.
    const deletion = mergeMarks(state([[one, 1, true], [two, 1, true]]), [one, two, three], [one],
      state([[one, 1, true], [two, 2, false]]));
    // Tab A had taken B's deletion of 1, then Undo brought 1 back: it stays, in both tabs.
    const undo = mergeMarks(state([[one, 2, false], [two, 1, true]]), [one, two], [two], state([[one, 2, false], [two, 1, true]]));
    const heard = mergeMarks(state([[one, 2, false], [two, 1, true]]), [two], [one, two], undo.state);
    return { race: names(race), deletion: names(deletion), removed: deletion.removed, undo: names(undo), heard: names(heard) };
  });
  expect(result).toEqual({ race: 'a,b,c,d', deletion: 'a,c', removed: 1, undo: 'a,b', heard: 'a,b' });
});

test('two tabs on the value sheet: the other tab is told and chooses, nothing is overwritten in silence', async ({ context }) => {
  const a = await context.newPage();
  await a.goto('/value.html');
  await expect(a.locator('body')).toHaveAttribute('data-ready', 'true');
  const b = await context.newPage();
  await b.goto('/value.html');
  await expect(b.locator('body')).toHaveAttribute('data-ready', 'true');

  await b.click('#add-offer');
  const offersB = await b.locator('#sheet thead th').count();
  await expect(a.locator('#sheet-sync')).toBeVisible();
  await expect(a.locator('#sheet-sync')).toContainText('another tab');
  await a.click('#sheet-sync-load');
  await expect(a.locator('#sheet thead th')).toHaveCount(offersB);
  await expect(a.locator('#sheet-sync')).toBeHidden();
});
