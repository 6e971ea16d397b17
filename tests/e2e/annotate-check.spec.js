// "Check my marks": a student opens an exercise link that carries the answer
// key, marks 6 of its 8 touch points with the keyboard, presses K and sees
// the classroom grading of their marks (found, missed with times, extras,
// F1, grade and its formula), live as marks change; a key file opened with
// "Compare with a key…" works the same way.
const { test, expect } = require('./fixtures');
const { seek } = require('./annotator-helpers');

// The demo key (www/samples/demo-journey.key.vtt) as the classroom page puts it in the link.
const KEY = [
  [8, 'Instagram ad'],
  [15.5, 'Store window'],
  [21.5, 'Fitting room'],
  [30, 'Checkout'],
  [36, 'Order confirmation email'],
  [43.5, 'Loyalty app'],
  [50, 'Product review'],
  [58, 'Friend recommendation'],
].map(([start, touchpoint]) => ({ start, end: start + 1, touchpoint }));


const rows = (page) => page.locator('tp-mark-list tbody tr');
const card = (page, name) => page.locator(`tp-key-check .card[data-card="${name}"] .value`);
const listItems = (page, name) => page.locator(`tp-key-check [data-list="${name}"] li`);

/** Keys 1, 2, 3, 4, 6, 7 shortly after the key's moments: Order confirmation email and Friend recommendation are left out. */
async function markSix(page) {
  await page.locator('#video').focus();
  for (const [time, key] of [[8.5, '1'], [16, '2'], [22, '3'], [30.5, '4'], [44, '6'], [50.5, '7']]) {
    await seek(page, time);
    await page.keyboard.press(key);
  }
  await expect(rows(page)).toHaveCount(6);
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('touchpoints.annotate.v1.observer', JSON.stringify('Dana')));
  await page.setViewportSize({ width: 1360, height: 1000 });
});

test('an exercise with the answers: K checks my marks against the key, live', async ({ page }) => {
  const exercise = {
    title: 'Exercise 1: count the touch points',
    video: 'samples/demo-journey.webm',
    palette: KEY.map((m) => ({ name: m.touchpoint })),
    key: KEY,
  };
  await page.goto(`/annotate.html#exercise=${Buffer.from(JSON.stringify(exercise)).toString('base64url')}`);
  await expect(page.locator('#length')).toHaveText('1:08.0');
  await expect(page.locator('#check-section')).toBeVisible();
  await expect(page.locator('#check-source')).toContainText('includes the answer key (8 touch points)');
  await expect(page.locator('#key-check')).toBeHidden(); // nothing is revealed before K
  await expect(page.locator('#shortcuts')).toContainText('Check my marks against the answer key');

  await markSix(page);
  await page.keyboard.press('k');
  await expect(page.locator('#key-check')).toBeVisible();
  await expect(page.locator('#check-toggle')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('tp-key-check .check-summary')).toHaveText('You found 6 of 8 touch points in the answer key.');
  await expect(page.locator('tp-key-check .check-summary')).toBeFocused();
  await expect(page.locator('tp-key-check .check-counted')).toHaveText('You marked 6 touch points; the key has 8 (2 more than you).');
  await expect(card(page, 'found')).toHaveText('6 / 8');
  await expect(card(page, 'extras')).toHaveText('0');
  // F1 = 2·6 / (6 + 8) = 0.857; count accuracy = 1 − 2/8 = 0.75; the key classifies nothing:
  // grade = 1 + 9 × (0.6·0.857 + 0.2·0.75) / 0.8 = 8.47 → 8.5.
  await expect(card(page, 'f1')).toHaveText('0.86');
  await expect(card(page, 'grade')).toHaveText('8.5');
  expect(await listItems(page, 'missed').allTextContents()).toEqual([
    '0:36.0 Order confirmation email',
    '0:58.0 Friend recommendation',
  ]);
  await expect(listItems(page, 'hits')).toHaveCount(6);
  await expect(listItems(page, 'hits').first()).toContainText('0:08.5 Instagram ad 0.5 s late');
  await expect(page.locator('tp-key-check [data-list="extra"] .check-none')).toHaveText('None');
  await page.locator('tp-key-check .check-how summary').click();
  await expect(page.locator('tp-key-check .check-worked')).toHaveText('grade = 1 + (10 − 1) × (0.6 × 0.857 + 0.2 × 0.750) ÷ (0.6 + 0.2) = 1 + (10 − 1) × 0.830 = 8.5');
  await expect(page.locator('tp-key-check .check-terms tbody tr')).toHaveCount(2);
  await expect(page.locator('tp-key-check .check-how')).toContainText('2 × 6 ÷ (6 + 8) = 0.857');

  // Clicking a missed touch point's time goes there in the video.
  await listItems(page, 'missed').first().locator('button.time').click();
  await expect.poll(() => page.evaluate(() => document.getElementById('video').currentTime)).toBe(36);
  await expect(page.locator('#clock')).toHaveText('0:36.0');

  // The key on the timeline (Shift+K): 8 dashed outlines, the 2 missed in red.
  await page.locator('#video').focus();
  await page.keyboard.press('Shift+K');
  await expect(page.locator('#check-strip')).toBeChecked();
  await expect(page.locator('.strip-key-mark')).toHaveCount(8);
  await expect(page.locator('.strip-key-mark.missed')).toHaveCount(2);
  await expect(page.locator('.strip-key-mark.missed').first()).toHaveAttribute('title', 'Key, missed: 0:36.0 Order confirmation email');
  await expect(page.locator('#strip-legend')).toBeVisible();

  // Live: a mark at the missed moment is found at once; an extra one is listed.
  await page.keyboard.press('5');
  await expect(page.locator('tp-key-check .check-summary')).toHaveText('You found 7 of 8 touch points in the answer key.');
  await expect(page.locator('.strip-key-mark.missed')).toHaveCount(1);
  await seek(page, 64);
  await page.keyboard.press('m');
  await page.keyboard.type('Website visit');
  await page.keyboard.press('Enter');
  await expect(card(page, 'extras')).toHaveText('1');
  expect(await listItems(page, 'extra').allTextContents()).toEqual(['1:04.0 Website visit']);
  await expect(page.locator('tp-key-check .check-counted')).toHaveText('You marked 8 touch points; the key has 8 too.');
  await page.keyboard.press('Control+z');
  await expect(card(page, 'extras')).toHaveText('0');

  await expect(page.locator('tp-key-check .check-how')).toHaveAttribute('open', ''); // stays open across live updates
  await page.locator('#check-section').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'screenshots/annotate-check.png', fullPage: false });
  await page.locator('#check-section').screenshot({ path: 'screenshots/annotate-check-panel.png' });

  // K again hides the check.
  await page.locator('#video').focus();
  await page.keyboard.press('k');
  await expect(page.locator('#key-check')).toBeHidden();
  await expect(page.locator('#check-toggle')).toHaveText('K · Check my marks');
});

test('without a key, K says how to get one; "Compare with a key…" opens a key file', async ({ page }) => {
  await page.goto('/annotate.html');
  await page.click('#use-demo');
  await expect(page.locator('#length')).toHaveText('1:08.0');
  await expect(page.locator('#check-section')).toBeHidden();
  await page.locator('#video').focus();
  await page.keyboard.press('k');
  await expect(page.locator('#status')).toHaveText('There is no answer key to check against: open one with “Compare with a key…”.');

  // The default retail keys: 1 Instagram ad, 2 Store window, 3 Fitting room, 4 Checkout, 6 Loyalty app, 7 Product review.
  await markSix(page);
  await page.setInputFiles('#key-file', 'www/samples/demo-journey.key.vtt');
  await expect(page.locator('#status')).toHaveText('Answer key demo-journey.key.vtt opened: 8 touch points. Press K to check your marks.');
  await expect(page.locator('#check-source')).toContainText('demo-journey.key.vtt');
  await expect(rows(page)).toHaveCount(6); // my marks are untouched
  await page.locator('#video').focus();
  await page.keyboard.press('k');
  await expect(page.locator('tp-key-check .check-summary')).toHaveText('You found 6 of 8 touch points in the answer key.');
  await expect(card(page, 'grade')).toHaveText('8.5');
  await expect(listItems(page, 'missed')).toHaveCount(2);
  await expect(listItems(page, 'missed').nth(1)).toContainText('0:58.0 Friend recommendation');
  // The button works like K.
  await page.click('#check-toggle');
  await expect(page.locator('#key-check')).toBeHidden();
  await page.click('#check-toggle');
  await expect(page.locator('#key-check')).toBeVisible();
});

test.describe('a key file that cannot be read', () => {
  test('is refused with its name and position', async ({ page }) => {
    await page.goto('/annotate.html');
    await page.setInputFiles('#key-file', { name: 'key.json', mimeType: 'application/json', buffer: Buffer.from('{"observations": [') });
    await expect(page.locator('#error')).toContainText('Cannot read the key key.json:');
    await expect(page.locator('#check-section')).toBeHidden();
  });
});
