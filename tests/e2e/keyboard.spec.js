// Keyboard only: the main task of every page done with Tab, Enter, Space and the page's
// keys (no mouse), and a visible focus indicator on everything Tab reaches.
const { test, expect } = require('./fixtures');
const { ready } = require('./pages');

/** Presses Tab until the focused element matches `selector` (at most `limit` presses). */
async function tabTo(page, selector, limit = 80) {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The focused element's focus indicator: an outline or a box shadow of at least 2 px. */
function focusRing(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return { name: 'body', visible: false };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`;
    return { name, visible: outline || shadow };
  });
}

for (const file of ['index', 'annotate', 'classroom', 'value', 'insights', 'journeys', 'embed', 'print']) {
  test(`focus is visible on everything Tab reaches: ${file}.html`, async ({ page }) => {
    await page.goto(`/${file}.html${file === 'print' ? '?src=samples/hotel-journeys.csv&preset=hotel' : ''}`);
    await ready(page).catch(() => {});
    if (file === 'annotate') {
      await page.fill('#observer-input', 'Ada');
      await page.keyboard.press('Enter');
    }
    const hidden = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const ring = await focusRing(page);
      if (ring.name !== 'body' && !ring.visible) hidden.push(ring.name);
    }
    expect([...new Set(hidden)], 'focused elements without a visible focus indicator').toEqual([]);
  });
}

test('analyse journeys: a sample, its results and the events table by keyboard', async ({ page }) => {
  await page.goto('/index.html');
  await ready(page);
  await tabTo(page, 'button[data-sample="hotel"]');
  await page.keyboard.press('Enter');
  await expect(page.locator('#results')).toBeVisible();
  await expect(page.locator('[data-card="events"] .value')).toHaveText('80');
  await tabTo(page, '#next');
  await page.keyboard.press('Enter');
  await expect(page.locator('#page-info')).toContainText('51');
});

test('annotate: name, demo video, marks, undo, export — keyboard only', async ({ page }) => {
  await page.goto('/annotate.html');
  await expect(page.locator('#observer-dialog')).toBeVisible();
  await page.keyboard.type('Ada');
  await page.keyboard.press('Enter');
  await tabTo(page, '#use-demo');
  await page.keyboard.press('Enter');
  await expect(page.locator('#length')).toHaveText('1:08.0');
  await expect(page.locator('#play')).toBeFocused();
  await page.keyboard.press('Space'); // plays
  await page.waitForTimeout(600);
  await page.keyboard.press('1');
  await page.keyboard.press('2');
  await page.keyboard.press('Space'); // pauses
  await expect(page.locator('tp-mark-list tbody tr')).toHaveCount(2);
  await page.keyboard.press('Control+z');
  await expect(page.locator('tp-mark-list tbody tr')).toHaveCount(1);
  await page.keyboard.press('m');
  await expect(page.locator('#name-dialog')).toBeVisible();
  await page.keyboard.type('Shop assistant');
  await page.keyboard.press('Enter');
  await expect(page.locator('tp-mark-list tbody tr')).toHaveCount(2);
  await tabTo(page, '.export button[data-format="vtt"]');
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(file.suggestedFilename()).toMatch(/\.vtt$/);
});

test('classroom: the demo key and students graded, a student opened and closed — keyboard only', async ({ page }) => {
  await page.goto('/classroom.html');
  await tabTo(page, '#demo-key');
  await page.keyboard.press('Enter');
  await expect(page.locator('#key-status')).not.toBeEmpty();
  await tabTo(page, '#demo-students');
  await page.keyboard.press('Enter');
  await expect(page.locator('#grades tbody tr')).toHaveCount(5);
  await tabTo(page, '#grades tbody button');
  await page.keyboard.press('Enter');
  await expect(page.locator('#detail')).toBeVisible();
  await tabTo(page, '#close-detail');
  await page.keyboard.press('Enter');
  await expect(page.locator('#detail')).toBeHidden();
});

test('value sheet: a rating typed, an offer added with Alt+Shift+O — keyboard only', async ({ page }) => {
  await page.goto('/value.html');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const before = await page.locator('#sheet thead th').count();
  await tabTo(page, '#sheet tbody input[data-col="0"]');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Alt+Shift+O');
  await expect(page.locator('#sheet thead th')).toHaveCount(before + 1);
  await expect(page.locator('#ranking tbody tr').first()).toBeVisible();
});

test('insights: another sample chosen and a customer explained — keyboard only', async ({ page }) => {
  await page.goto('/insights.html?sample=hotel');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 30_000 });
  await tabTo(page, 'button.disclose');
  await page.keyboard.press('Enter');
  await expect(page.locator('.explain').first()).toBeVisible();
  await expect(page.locator('button.disclose').first()).toHaveAttribute('aria-expanded', 'true');
});

test('language switch by keyboard', async ({ page }) => {
  await page.goto('/index.html');
  await tabTo(page, '#tp-language');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
});
