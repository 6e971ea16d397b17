// Issue 10 on the annotator, as a student met each defect: Space right after
// "Use the demo video" plays; an edit cannot end a mark before its start;
// marks opened before the video are never dropped; times past one hour;
// marks after the video's end; the CSV export guards formula cells; no
// sideways scrolling on a 390 px phone.
const fs = require('node:fs');
const { test, expect } = require('./fixtures');
const { seek } = require('./annotator-helpers');

const rows = (page) => page.locator('tp-mark-list tbody tr');
const vtt = (name, text) => ({ name, mimeType: 'text/vtt', buffer: Buffer.from(`WEBVTT\n\n${text}`) });

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('touchpoints.annotate.v1.observer', JSON.stringify('Dana')));
  await page.setViewportSize({ width: 1280, height: 900 });
});

async function openDemo(page) {
  await page.goto('/annotate.html');
  await page.click('#use-demo');
  await expect(page.locator('#length')).toHaveText('1:08.0');
}

test('Space right after "Use the demo video" plays the video', async ({ page }) => {
  await openDemo(page);
  await expect(page.locator('#play')).toBeFocused();
  await page.keyboard.press('Space');
  await expect.poll(() => page.evaluate(() => !document.getElementById('video').paused)).toBe(true);
  await expect(page.locator('#video-name')).toHaveText('demo-journey.webm'); // not opened a second time
  await page.keyboard.press('Space');
  await expect.poll(() => page.evaluate(() => document.getElementById('video').paused)).toBe(true);
});

test('an edit checks start and end together and says what is wrong beside the field', async ({ page }) => {
  await openDemo(page);
  await page.locator('#video').focus();
  await seek(page, 10);
  await page.keyboard.press('1');
  await expect(rows(page)).toHaveCount(1);
  await page.keyboard.press('e');
  const editor = page.locator('tp-mark-list tr.editing');
  await editor.locator('input[name=start]').fill('20');
  await editor.locator('input[name=end]').fill('15');
  await editor.locator('input[name=end]').press('Enter');
  // Not saved: the end field says why and keeps the focus.
  await expect(editor).toBeVisible();
  const endError = editor.locator('input[name=end] + .field-error');
  await expect(endError).toHaveText('The end (0:15.0) is before the start (0:20.0).');
  await expect(editor.locator('input[name=end]')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.locator('input[name=end]')).toBeFocused();
  // An empty start is not silently replaced by the old one.
  await editor.locator('input[name=start]').fill('');
  await editor.locator('input[name=start]').press('Enter');
  await expect(editor.locator('input[name=start] + .field-error')).toHaveText('Enter the start as seconds, 0 or more.');
  await expect(editor.locator('input[name=start]')).toBeFocused();
  // Fixed: saved, with the end after the start.
  await editor.locator('input[name=start]').fill('12');
  await editor.locator('input[name=end]').fill('15');
  await editor.locator('input[name=end]').press('Enter');
  await expect(editor).toHaveCount(0);
  await expect(rows(page).first()).toContainText('0:12.0');
  await expect(rows(page).first()).toContainText('0:15.0 (3.0 s)');
});

test('marks opened before the video are merged with the saved ones (or kept), never dropped; undo brings the others back', async ({ page }) => {
  // A first visit saves two marks on the demo video.
  await openDemo(page);
  await page.locator('#video').focus();
  for (const [time, key] of [[8, '1'], [15.5, '2']]) {
    await seek(page, time);
    await page.keyboard.press(key);
  }
  await expect(rows(page)).toHaveCount(2);
  // Next visit: no video reopened; the student opens a file of 3 marks first.
  await page.evaluate(() => localStorage.setItem('touchpoints.annotate.v1.settings', JSON.stringify({ preset: 'retail' })));
  await page.reload();
  const file = vtt('mine.vtt', '00:00:21.500 --> 00:00:22.500\nFitting room\n[event: point]\n\n00:00:30.000 --> 00:00:31.000\nCheckout\n[event: point]\n\n00:00:08.000 --> 00:00:09.000\nInstagram ad\n[event: point]\n');
  await page.setInputFiles('#marks-file', file);
  await expect(rows(page)).toHaveCount(3);
  await page.click('#use-demo');
  const dialog = page.locator('#restore-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Dana has 2 marks saved on demo-journey.webm, and 3 marks are open from the file you opened.');
  await page.click('#restore-merge');
  // Merged: the saved Instagram ad and the opened one are the same mark, kept once.
  await expect(rows(page)).toHaveCount(4);
  await expect(page.locator('#status')).toContainText('Merged: 4 marks');
  await expect(page.locator('#undo')).toBeEnabled();
  await page.locator('#video').focus();
  await page.keyboard.press('Control+z');
  await expect(rows(page)).toHaveCount(2); // the saved marks
  await page.keyboard.press('Control+y');
  await expect(rows(page)).toHaveCount(4);

  // "Keep the opened marks": the saved ones are one undo away.
  await page.evaluate(() => localStorage.setItem('touchpoints.annotate.v1.settings', JSON.stringify({ preset: 'retail' })));
  await page.reload();
  await page.setInputFiles('#marks-file', file);
  await expect(rows(page)).toHaveCount(3);
  await page.click('#use-demo');
  await page.click('#restore-opened');
  await expect(rows(page)).toHaveCount(3);
  await page.locator('#video').focus();
  await page.keyboard.press('Control+z');
  await expect(rows(page)).toHaveCount(4);
});

test('times past one hour read h:mm:ss.s, and marks after the end of the video are flagged', async ({ page }) => {
  await openDemo(page);
  const clocks = await page.evaluate(async () => {
    const { formatTime } = await import('/js/format.js');
    return [formatTime(4200), formatTime(3599.96), formatTime(59.96), formatTime(75.25, false), formatTime(8, false, true), formatTime(4200, false, true)];
  });
  expect(clocks).toEqual(['1:10:00.0', '1:00:00.0', '1:00.0', '1:15', '00:08', '1:10:00']);
  await page.setInputFiles('#marks-file', vtt('long.vtt', '00:00:08.000 --> 00:00:09.000\nInstagram ad\n[event: point]\n\n01:10:00.000 --> 01:10:01.000\nCheckout\n[event: point]\n\n01:12:30.500 --> 01:12:31.500\nLoyalty app\n[event: point]\n'));
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).nth(1).locator('button.time')).toHaveText('1:10:00.0');
  await expect(rows(page).nth(2).locator('button.time')).toHaveText('1:12:30.5');
  await expect(page.locator('#after-end')).toHaveText('2 marks are after the end of the video (1:08.0), the first at 1:10:00.0: is this the right video?');
  await expect(page.locator('tp-mark-list tr.after-end')).toHaveCount(2);
  await expect(rows(page).nth(1)).toContainText('after the end of the video');
  await expect(rows(page).first()).not.toHaveClass(/after-end/);
  // Deleting them clears the warning.
  await rows(page).nth(2).locator('button.danger').click();
  await rows(page).nth(1).locator('button.danger').click();
  await expect(page.locator('#after-end')).toBeHidden();
});

test('the CSV export guards formula cells, as the grades CSV does, and opens back unchanged', async ({ page }) => {
  await openDemo(page);
  const name = '=HYPERLINK("http://x.test","click")';
  await page.setInputFiles('#marks-file', vtt('formula.vtt', `00:00:08.000 --> 00:00:09.000\n${name}\n[event: point; note: +31 6 1234]\n`));
  await expect(rows(page)).toHaveCount(1);
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('.export button[data-format="csv"]')]);
  const text = fs.readFileSync(await file.path(), 'utf8');
  const line = text.split('\n')[1];
  expect(line).toBe(`Dana,8.000,,"'=HYPERLINK(""http://x.test"",""click"")",mass-communication,,,,,'+31 6 1234`.replace(',mass-communication,', ',,'));
  // Opened again, the names are as typed.
  await page.setInputFiles('#marks-file', { name: 'back.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await expect(rows(page).first().locator('.tp-name')).toHaveText(name);
});

test('no sideways scrolling on a 390 px phone, with marks, the key check and the editor open', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const key = [8, 15.5, 21.5, 30].map((start, i) => ({ start, touchpoint: ['Instagram ad', 'Store window', 'Fitting room', 'Checkout'][i] }));
  const exercise = { title: 'Exercise 1: count the touch points in the fashion journey', video: 'samples/demo-journey.webm', palette: key.map((m) => m.touchpoint), key };
  await page.goto(`/annotate.html#exercise=${Buffer.from(JSON.stringify(exercise)).toString('base64url')}`);
  await expect(page.locator('#length')).toHaveText('1:08.0');
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(await fits()).toBe(true);
  await page.locator('#video').focus();
  for (const [time, k] of [[8.5, '1'], [16, '2'], [62, '3']]) {
    await seek(page, time);
    await page.keyboard.press(k);
  }
  await page.keyboard.press('k');
  await expect(page.locator('#key-check')).toBeVisible();
  await page.locator('tp-key-check .check-how summary').click();
  expect(await fits()).toBe(true);
  await page.locator('tp-mark-list tbody tr').first().locator('button', { hasText: 'Edit' }).click();
  expect(await fits()).toBe(true);
  await page.screenshot({ path: 'screenshots/annotate-390.png', fullPage: true });
});
