// The annotator page, used as a student would: the demo video, number keys at
// known times, a state event, a free mark, editing, deleting, undo/redo, a
// reload, observers kept apart, and every export re-imported identically.
const { test, expect } = require('./fixtures');
const { seek } = require('./annotator-helpers');
const fs = require('node:fs');

const OBSERVER = 'Ada <img src=x onerror=alert(1)>';


const rows = (page) => page.locator('tp-mark-list tbody tr');
const count = (page, kind) => page.locator(`#counts .count-row[data-kind="${kind}"] .count-n`);

async function rowTexts(page) {
  return rows(page).evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].slice(1, 5).map((td) => td.textContent.trim()).join(' | ')),
  );
}

async function download(page, format) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`.export button[data-format="${format}"]`)]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, text: fs.readFileSync(path, 'utf8') };
}

async function clearAll(page) {
  await page.click('#clear');
  await expect(page.locator('#confirm-dialog')).toBeVisible();
  await page.click('#confirm-ok');
  await expect(rows(page)).toHaveCount(0);
}

test('annotate the demo video with the keyboard, reload, export and re-import', async ({ page }) => {
  await page.setViewportSize({ width: 1360, height: 1000 });
  await page.goto('/annotate.html');
  // The observer is asked once; the name shows literally.
  await expect(page.locator('#observer-dialog')).toBeVisible();
  await page.fill('#observer-input', OBSERVER);
  await page.keyboard.press('Enter');
  await expect(page.locator('#observer-name')).toHaveText(OBSERVER);

  await page.click('#use-demo');
  await expect(page.locator('#length')).toHaveText('1:08.0');
  await expect(page.locator('#palette li')).toHaveCount(9);
  await expect(page.locator('#palette li').first()).toContainText('Instagram ad');
  await expect(page.locator('#palette li').first()).toContainText('mass communication');

  // Point events on the number keys at the touch points' times.
  await page.locator('#video').focus();
  await seek(page, 8.0);
  await page.keyboard.press('1');
  await expect(rows(page)).toHaveCount(1);
  await expect(count(page, 'mass-communication')).toHaveText('1');
  for (const [time, key] of [[15.5, '2'], [21.5, '3'], [30.0, '4'], [43.5, '6'], [50.0, '7']]) {
    await seek(page, time);
    await page.keyboard.press(key);
  }
  await expect(rows(page)).toHaveCount(6);
  await expect(count(page, 'actual-experience')).toHaveText('3'); // fitting room, checkout, loyalty app
  await expect(count(page, 'casual-observation')).toHaveText('1'); // store window

  // A state event: key 9 (Website visit) starts at 36 s and ends at 40 s.
  await seek(page, 36.0);
  await page.keyboard.press('9');
  await expect(page.locator('#palette li').nth(8)).toHaveClass(/running/);
  await seek(page, 40.0);
  await page.keyboard.press('9');
  await expect(page.locator('#palette li').nth(8)).not.toHaveClass(/running/);
  // A free mark with a typed name.
  await seek(page, 58.0);
  await page.keyboard.press('m');
  await expect(page.locator('#name-dialog')).toBeVisible();
  await page.keyboard.type('Friend recommendation');
  await page.keyboard.press('Enter');
  await expect(rows(page)).toHaveCount(8);
  expect(await rowTexts(page)).toEqual([
    '0:08.0 | Instagram ad | mass communication | moment',
    '0:15.5 | Store window | casual observation | moment',
    '0:21.5 | Fitting room | actual experience | moment',
    '0:30.0 | Checkout | actual experience | moment',
    '0:36.0 | Website visit | ' + (await rows(page).nth(4).locator('.pill').textContent()) + ' | 0:40.0 (4.0 s)',
    '0:43.5 | Loyalty app | actual experience | moment',
    '0:50.0 | Product review | ' + (await rows(page).nth(6).locator('.pill').textContent()) + ' | moment',
    '0:58.0 | Friend recommendation | ' + (await rows(page).nth(7).locator('.pill').textContent()) + ' | moment',
  ]);
  const total = await page.locator('#counts .count-n').evaluateAll((els) => els.reduce((s, e) => s + Number(e.textContent), 0));
  expect(total).toBe(8);
  await expect(page.locator('#cards')).toContainText('Touch points per minute');

  // Edit a mark's name with the keyboard: P/N move between marks, E edits.
  await seek(page, 16.0);
  await page.keyboard.press('p'); // previous mark: Store window at 15.5
  await expect(rows(page).nth(1)).toHaveClass(/selected/);
  await page.keyboard.press('e');
  const name = page.locator('tp-mark-list tr.editing input[name=touchpoint]');
  await expect(name).toBeFocused();
  await name.fill('Shop window');
  await name.press('Enter');
  await expect(rows(page).nth(1)).toContainText('Shop window');
  // Nudge it 0.1 s later with "." then back with ",".
  await page.keyboard.press('.');
  await expect(rows(page).nth(1).locator('button.time')).toHaveText('0:15.6');
  await page.keyboard.press(',');
  await expect(rows(page).nth(1).locator('button.time')).toHaveText('0:15.5');

  // Delete the product review, undo, redo.
  await rows(page).nth(6).click();
  await page.keyboard.press('Delete');
  await expect(rows(page)).toHaveCount(7);
  await expect(page.locator('tp-mark-list')).not.toContainText('Product review');
  await page.keyboard.press('Control+z');
  await expect(rows(page)).toHaveCount(8);
  await page.keyboard.press('Control+y');
  await expect(rows(page)).toHaveCount(7);

  // Real playback: press 5 while the video plays; the playhead moves.
  await seek(page, 0);
  await page.evaluate(() => document.getElementById('video').play());
  await page.waitForFunction(() => document.getElementById('video').currentTime > 1.2);
  await page.keyboard.press('5');
  await expect(rows(page)).toHaveCount(8);
  await page.waitForFunction(() => document.getElementById('video').currentTime > 2.2);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'screenshots/annotate.png', fullPage: false });
  const left = await page.locator('.strip-playhead').evaluate((el) => parseFloat(el.style.left));
  expect(left).toBeGreaterThan(1);
  await page.evaluate(() => document.getElementById('video').pause());
  const confirmation = await rows(page).first().locator('button.time').textContent();
  expect(confirmation).toMatch(/^0:0[1-4]\.\d$/);
  await expect(rows(page).first()).toContainText('Order confirmation email');

  const before = await rowTexts(page);
  const baseline = await download(page, 'json');

  // A reload loses nothing (the demo video is reopened and its marks restored).
  await page.reload();
  await expect(page.locator('#observer-dialog')).toBeHidden();
  await expect(page.locator('#length')).toHaveText('1:08.0');
  await expect(rows(page)).toHaveCount(8);
  expect(await rowTexts(page)).toEqual(before);

  // Another observer on this machine starts empty; switching back restores.
  await page.click('#observer-change');
  await page.fill('#observer-input', 'Bob');
  await page.keyboard.press('Enter');
  await expect(page.locator('tp-mark-list .empty')).toBeVisible();
  await page.click('#observer-change');
  await page.fill('#observer-input', OBSERVER);
  await page.keyboard.press('Enter');
  await expect(rows(page)).toHaveCount(8);

  // Every export, re-imported, gives back exactly the same marks.
  for (const format of ['vtt', 'srt', 'csv', 'json']) {
    const file = await download(page, format);
    expect(file.name).toBe(`demo-journey-Ada-img-src-x-onerror-alert-1.${format}`);
    if (format === 'vtt') {
      expect(file.text).toContain(`observer: Ada &lt;img src=x onerror=alert(1)&gt;`);
      expect(file.text).toContain('00:00:36.000 --> 00:00:40.000');
      expect(file.text).toMatch(/point event is shown for 1 second/);
    }
    if (format === 'csv') expect(file.text.split('\n')[1]).toMatch(/^"?Ada <img src=x onerror=alert\(1\)>"?,/);
    await clearAll(page);
    await page.setInputFiles('#marks-file', file.path);
    await expect(rows(page)).toHaveCount(8);
    expect(await rowTexts(page), `${format} round trip`).toEqual(before);
    const again = await download(page, 'json');
    expect(JSON.parse(again.text), `${format} round trip`).toEqual(JSON.parse(baseline.text));
  }
});

test('the answer key opens for review, and an exercise link sets palette and video', async ({ page }) => {
  const exercise = {
    title: 'Exercise 1: a fashion journey',
    video: 'samples/demo-journey.webm',
    palette: ['Instagram ad', { name: 'Store visit', state: true }],
  };
  const hash = Buffer.from(JSON.stringify(exercise)).toString('base64url');
  await page.addInitScript(() => localStorage.setItem('touchpoints.annotate.v1.observer', JSON.stringify('Cleo')));
  await page.goto(`/annotate.html#exercise=${hash}`);
  await expect(page.locator('h1')).toHaveText(exercise.title);
  await expect(page.locator('#palette li')).toHaveCount(2);
  await expect(page.locator('#palette li').nth(1)).toContainText('Store visit');
  await expect(page.locator('#length')).toHaveText('1:08.0');
  await page.setInputFiles('#marks-file', 'www/samples/demo-journey.key.vtt');
  await expect(rows(page)).toHaveCount(8);
  await expect(rows(page).nth(4)).toContainText('Order confirmation email');
  await expect(page.locator('#status')).toContainText('Opened 8 marks');
  await expect(count(page, 'mass-communication')).toHaveText('1');
});
