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

// Issue 10: the check panel on the grading cases of tests/data/classroom/
// (moment_cues.json, span_key.json, mixed.json): a key of one-second cues
// against my marks shifted by 0, ±2, ±2.99 and ±3.01 s; a span key against
// span marks; mixed pairs. My marks are opened as plain WebVTT cues.
const fs = require('node:fs');
const path = require('node:path');

const fixture = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, `../data/classroom/${name}.json`), 'utf8'));

function stamp(s) {
  const ms = Math.round(s * 1000);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** My marks as a file of plain cues (a moment as a 1-s cue, as most tools write it). */
function cues(marks) {
  let out = 'WEBVTT\n\n';
  for (const m of marks) out += `${stamp(m.start)} --> ${stamp(m.end ?? m.start + 1)}\n${m.touchpoint}\n${m.end == null ? '[event: point]\n' : ''}\n`;
  return { name: 'mine.vtt', mimeType: 'text/vtt', buffer: Buffer.from(out) };
}

async function openExercise(page, key, settings) {
  const exercise = { title: 'Check', video: 'samples/demo-journey.webm', palette: [...new Set(key.map((m) => m.touchpoint))], key };
  if (settings) exercise.settings = settings;
  await page.goto('/samples/README.md'); // a new exercise is a new page load
  await page.goto(`/annotate.html#exercise=${Buffer.from(JSON.stringify(exercise)).toString('base64url')}`);
  await expect(page.locator('#length')).toHaveText('1:08.0');
  await page.locator('#video').focus();
  await page.keyboard.press('k');
  await expect(page.locator('#key-check')).toBeVisible();
}

async function openMine(page, marks) {
  await page.setInputFiles('#marks-file', cues(marks));
  await expect(rows(page)).toHaveCount(marks.length);
}

test('check my marks: a key of one-second cues and my marks up to 2.99 s off are found, 3.01 s off are not', async ({ page }) => {
  const f = fixture('moment_cues');
  await openExercise(page, f.key.marks);
  const expected = { 0: 8, 2: 8, '-2': 8, 2.99: 8, '-2.99': 8, 3.01: 0, '-3.01': 0 };
  for (const [i, student] of f.students.entries()) {
    const shift = [0, 2, -2, 2.99, -2.99, 3.01, -3.01][i];
    await openMine(page, student.marks);
    await expect(page.locator('tp-key-check .check-summary'), `shift ${shift}`).toHaveText(`You found ${expected[shift]} of 8 touch points in the answer key.`);
    await expect(card(page, 'grade'), `shift ${shift}`).toHaveText(expected[shift] ? '10.0' : '3.3');
  }
  // Which rule made the marks moments; moments show one time.
  await expect(page.locator('tp-key-check .check-rule')).toHaveText(
    "Moments or state events? The key's marks: 8 moments (8 lasting at most 1 s), 0 state events. Yours: 8 moments (8 lasting at most 1 s), 0 state events. A mark with no end, or lasting at most 1 s, is a moment: it matches when the starts are at most 3 s apart. Longer marks are state events: two of them match when they overlap by at least 0.5 (intersection over union); a state event and a moment compare as moments.",
  );
  expect(await listItems(page, 'missed').first().textContent()).toBe('0:08.0 Instagram ad');
  // No touch point is both missed and extra at matching times: the 3.01 s extra is 3.01 s after.
  expect(await listItems(page, 'extra').first().textContent()).toBe('0:05.0 Instagram ad'); // 4.99 s

  // The exercise's settings go into the check: at tolerance 2.5 s, 2.99 s off is a miss.
  await openExercise(page, f.key.marks, { tolerance: 2.5 });
  await openMine(page, f.students[3].marks);
  await expect(page.locator('tp-key-check .check-summary')).toHaveText('You found 0 of 8 touch points in the answer key.');
  await openMine(page, f.students[1].marks);
  await expect(page.locator('tp-key-check .check-summary')).toHaveText('You found 8 of 8 touch points in the answer key.');
});

test('check my marks: a span key against span marks, mixed pairs, and "every mark is a moment"', async ({ page }) => {
  // span_key.json, shifted into the 68 s demo video: Queue 10–20 s, Website visit 30–50 s.
  const key = [{ start: 10, end: 20, touchpoint: 'Queue' }, { start: 30, end: 50, touchpoint: 'Website visit' }];
  const shift = (d) => key.map((m) => ({ ...m, start: m.start + d, end: m.end + d }));
  await openExercise(page, key);
  await openMine(page, shift(2)); // IoU 8/12 and 18/22: both found
  await expect(page.locator('tp-key-check .check-summary')).toHaveText('You found 2 of 2 touch points in the answer key.');
  await expect(page.locator('tp-key-check .check-rule')).toContainText("The key's marks: 0 moments, 2 state events. Yours: 0 moments, 2 state events.");
  await expect(listItems(page, 'hits').first()).toContainText('0:12.0 Queue 2.0 s late');
  await openMine(page, shift(6)); // Queue IoU 4/16: missed; Website visit 14/26: found
  await expect(page.locator('tp-key-check .check-summary')).toHaveText('You found 1 of 2 touch points in the answer key.');
  expect(await listItems(page, 'missed').allTextContents()).toEqual(['0:10.0 Queue to 0:20.0']);

  // Every mark a moment (the teacher's setting in the link): starts 6 s apart do not match, 2 s apart do.
  await openExercise(page, key, { all_moments: true });
  await openMine(page, shift(6));
  await expect(page.locator('tp-key-check .check-summary')).toHaveText('You found 0 of 2 touch points in the answer key.');
  await expect(page.locator('tp-key-check .check-rule')).toContainText("The key's marks: 2 moments (2 by “treat every mark as a moment”), 0 state events.");
  await openMine(page, shift(2));
  await expect(page.locator('tp-key-check .check-summary')).toHaveText('You found 2 of 2 touch points in the answer key.');

  // mixed.json: a span and a moment against the other shape compare as moments.
  const m = fixture('mixed');
  await openExercise(page, m.key.marks);
  await openMine(page, m.students[0].marks); // Δt 1 s both: found
  await expect(page.locator('tp-key-check .check-summary')).toHaveText('You found 2 of 2 touch points in the answer key.');
  await expect(page.locator('tp-key-check .check-rule')).toContainText("The key's marks: 1 moment (1 without an end), 1 state event. Yours: 1 moment (1 without an end), 1 state event.");
  await openMine(page, m.students[1].marks); // Δt 4 s both: missed
  await expect(page.locator('tp-key-check .check-summary')).toHaveText('You found 0 of 2 touch points in the answer key.');
  await expect(card(page, 'extras')).toHaveText('2');
});
