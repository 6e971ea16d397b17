// The annotator with a YouTube or Vimeo link, offline: the providers' player
// APIs and frames are answered by local stubs (tests/e2e/stubs/, listed in
// provider-stubs.js), so the whole flow runs without the network — paste a
// link, read the privacy note, agree, mark with the keyboard, reload, restore,
// export, check my marks. And nothing is requested from a provider before the
// student agrees.
const { test, expect } = require('./fixtures');
const { PROVIDER_STUBS } = require('./provider-stubs');
const fs = require('node:fs');

test.use({ stubs: PROVIDER_STUBS });

const YT_ID = 'dQw4w9WgXcQ';
const rows = (page) => page.locator('tp-mark-list tbody tr');
const times = (page) => rows(page).evaluateAll((trs) => trs.map((tr) => tr.cells[1].textContent.trim()));

async function open(page, hash = '') {
  await page.goto(`/annotate.html${hash}`);
  await expect(page.locator('#observer-dialog')).toBeVisible();
  await page.fill('#observer-input', 'Noor');
  await page.keyboard.press('Enter');
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1');
}

async function paste(page, link) {
  await page.fill('#video-url', link);
  await page.press('#video-url', 'Enter');
}

/** The stub player's calls (window.__ytStub.calls). */
const ytCalls = (page) => page.evaluate(() => (window.__ytStub ? window.__ytStub.calls : []));

async function download(page, format) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`.export button[data-format="${format}"]`)]);
  return { name: file.suggestedFilename(), text: fs.readFileSync(await file.path(), 'utf8') };
}

test('with no link chosen the annotator asks nothing of YouTube or Vimeo, even with their stubs ready', async ({ page, stubbedRequests, requests }) => {
  await open(page);
  await page.click('#use-demo');
  await expect(page.locator('#length')).toHaveText('1:08.0');
  await page.keyboard.press('1');
  await expect(rows(page)).toHaveCount(1);
  // A YouTube link pasted, the note read, and Cancel: still nothing loaded.
  await paste(page, `https://youtu.be/${YT_ID}`);
  await expect(page.locator('#provider-note')).toBeVisible();
  await page.click('#provider-cancel');
  await expect(page.locator('#provider-note')).toBeHidden();
  await expect(page.locator('#status')).toHaveText('Nothing was loaded from YouTube.');
  await expect(page.locator('tp-header .privacy')).toHaveText('Your data never leaves this browser');
  await expect(page.locator('#video')).toBeVisible(); // the demo video is back
  await page.waitForTimeout(300);
  expect(stubbedRequests).toEqual([]);
  expect(requests.every((r) => new URL(r.url).hostname === '127.0.0.1' || r.url.startsWith('data:') || r.url.startsWith('blob:'))).toBe(true);
});

test('paste a YouTube link, read the privacy note, mark with the keyboard; a reload keeps the marks; export', async ({ page, stubbedRequests }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page);
  await paste(page, `https://youtu.be/${YT_ID}?t=1m30s`);
  // The note: plainly what is streamed from where, and that the marks stay.
  const note = page.locator('#provider-note');
  await expect(note).toBeVisible();
  await expect(note.locator('h3')).toHaveText('Play this video from YouTube?');
  await expect(note).toContainText(`YouTube video ${YT_ID}, from 1:30`);
  await expect(note).toContainText('streamed from YouTube');
  await expect(note).toContainText('youtube-nocookie.com');
  await expect(note).toContainText('Your marks never leave this browser');
  await expect(page.locator('#provider-ok')).toBeFocused();
  await expect(page.locator('tp-header .privacy')).toHaveText('Marks stay in this browser · video: YouTube');
  await page.waitForTimeout(300);
  expect(stubbedRequests, 'nothing is loaded before the student agrees').toEqual([]);

  await page.keyboard.press('Enter'); // "Stream from YouTube"
  const frame = page.locator('#provider-frame iframe');
  await expect(frame).toHaveAttribute('src', new RegExp(`^https://www\\.youtube-nocookie\\.com/embed/${YT_ID}\\?`));
  await expect(page.locator('#status')).toHaveText(/is ready\. Press Space to play\./);
  expect(stubbedRequests[0]).toBe('https://www.youtube.com/iframe_api');
  await expect(page.locator('#video-name')).toHaveText(`Stub video ${YT_ID} · YouTube`);
  await expect(page.locator('#length')).toHaveText('3:32.0');
  await expect(page.locator('#clock')).toHaveText('1:30.0');
  await expect(page.locator('#play')).toBeFocused();
  // The speeds YouTube allows, said so.
  expect(await page.locator('#speed option').allTextContents()).toEqual(['0.25×', '0.5×', '0.75×', '1×', '1.25×', '1.5×', '1.75×', '2×']);
  await expect(page.locator('#speed-note')).toHaveText('YouTube allows 0.25×–2×.');
  const players = await page.evaluate(() => window.__ytStub.players);
  expect(players[0]).toMatchObject({ videoId: YT_ID, host: 'https://www.youtube-nocookie.com', playerVars: { start: 90, disablekb: 1, playsinline: 1 } });

  // Marks with the keyboard at the player's time: → 1 s, Shift+→ 5 s.
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#clock')).toHaveText('1:31.0');
  await page.keyboard.press('1');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.locator('#clock')).toHaveText('1:36.0');
  await page.keyboard.press('2');
  expect(await times(page)).toEqual(['1:31.0', '1:36.0']);
  // Play for a moment: the clock and the strip follow the player; a mark lands at the time shown.
  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveText('❚❚');
  await page.waitForTimeout(700);
  await page.keyboard.press('Space');
  await expect(page.locator('#play')).toHaveText('▶');
  const shown = await page.locator('#clock').textContent();
  const secs = (text) => Number(text.split(':')[0]) * 60 + Number(text.split(':')[1]);
  expect(secs(shown)).toBeGreaterThan(96.3);
  expect(secs(shown)).toBeLessThan(98);
  const strip = await page.evaluate(() => document.getElementById('strip')._time);
  expect(Math.abs(strip - secs(shown))).toBeLessThan(0.15);
  await page.keyboard.press('3');
  await expect(rows(page)).toHaveCount(3);
  const third = (await times(page))[2];
  expect(Math.abs(secs(third) - secs(shown))).toBeLessThan(0.15);
  // Speed: ] asks the player for the next allowed rate.
  await page.keyboard.press(']');
  await expect(page.locator('#status')).toHaveText('Speed 1.25×');
  await expect(page.locator('#speed')).toHaveValue('1.25');
  expect(await ytCalls(page)).toContainEqual(['setPlaybackRate', 1.25]);
  // The timeline strip seeks the player.
  await page.evaluate(() => document.getElementById('strip').dispatchEvent(new CustomEvent('seek', { detail: { time: 150 } })));
  await expect(page.locator('#clock')).toHaveText('2:30.0');
  expect(await ytCalls(page)).toContainEqual(['seekTo', 150, true]);
  await expect(page.locator('#saved')).toContainText('3 marks saved in this browser');

  // Reload: the last video is offered again; nothing is loaded until the student agrees.
  const before = stubbedRequests.length;
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1');
  await expect(page.locator('#provider-note h3')).toHaveText('Carry on with your YouTube video?');
  await expect(page.locator('#provider-note')).toContainText(`YouTube video ${YT_ID}, from 1:30`);
  await page.waitForTimeout(300);
  expect(stubbedRequests.length).toBe(before);
  await page.click('#provider-ok');
  await expect(page.locator('#status')).toHaveText(`Welcome back: 3 marks of Noor on Stub video ${YT_ID} restored.`);
  expect(await times(page)).toEqual(['1:31.0', '1:36.0', third]);

  // Export: the video is named by its link; the file by the provider and id.
  const json = await download(page, 'json');
  expect(json.name).toBe(`youtube-${YT_ID}-Noor.json`);
  const obs = JSON.parse(json.text).observations[0];
  expect(obs.media).toBe(`https://www.youtube.com/watch?v=${YT_ID}&t=90s`);
  expect(obs.marks.map((m) => m.start)).toEqual([91, 96, secs(third)].map((x) => expect.closeTo(x, 1)));
  const vtt = await download(page, 'vtt');
  expect(vtt.text).toContain('00:01:31.000 --> 00:01:32.000');
  // A teacher's key made this way names its video on the classroom page.
  await page.goto('/classroom.html');
  await page.setInputFiles('#key-input', { name: vtt.name, mimeType: 'text/vtt', buffer: Buffer.from(vtt.text) });
  await expect(page.locator('#share-video')).toHaveValue(`https://www.youtube.com/watch?v=${YT_ID}&t=90s`);
  await expect(page.locator('#key-status')).toHaveText(`Key “${vtt.name}”: 3 touch points · video: YouTube video ${YT_ID}, from 1:30`);
});

test('an exercise link with a YouTube video opens it after the privacy note; check my marks grades marks made on it', async ({ page }) => {
  await page.goto('/annotate.html');
  const link = await page.evaluate(async (id) => {
    const { exerciseLink } = await import('/js/exercise-link.js');
    return exerciseLink({
      title: 'Exercise 3: the store video',
      video_name: `https://www.youtube.com/watch?v=${id}`,
      palette: ['Store window', 'Checkout'],
      key: [{ start: 10, touchpoint: 'Store window' }, { start: 40, touchpoint: 'Checkout' }],
    });
  }, YT_ID);
  await open(page, new URL(link).hash);
  await expect(page.locator('#title')).toHaveText('Exercise 3: the store video');
  await expect(page.locator('#exercise-video')).toHaveText(`This exercise's video: YouTube video ${YT_ID}, on YouTube.`);
  await expect(page.locator('#provider-note')).toBeVisible();
  await expect(page.locator('#provider-ok')).toBeFocused(); // after the observer dialog
  await page.keyboard.press('Enter');
  await expect(page.locator('#status')).toHaveText(/is ready/);
  // Mark the key's two moments, one of them 2 s late.
  for (const [time, key] of [[10, '1'], [42, '2']]) {
    await page.evaluate((t) => document.getElementById('strip').dispatchEvent(new CustomEvent('seek', { detail: { time: t } })), time);
    await page.keyboard.press(key);
  }
  expect(await times(page)).toEqual(['0:10.0', '0:42.0']);
  await page.keyboard.press('k');
  await expect(page.locator('#key-check')).toBeVisible();
  await expect(page.locator('#key-check')).toContainText('2 of 2');
});

test('Vimeo: an unlisted link plays in Vimeo\'s player with do-not-track; speeds it allows, and an owner who allows none', async ({ page, stubbedRequests }) => {
  await page.addInitScript(() => {
    window.__vimeoStub = { videos: { 22222222: { duration: 30, title: 'Fixed-speed walk', speed: false } } };
  });
  await open(page);
  await paste(page, 'https://vimeo.com/76979871/8272103f6e#t=12s');
  await expect(page.locator('#provider-note h3')).toHaveText('Play this video from Vimeo?');
  await expect(page.locator('#provider-note')).toContainText('do-not-track');
  await expect(page.locator('tp-header .privacy')).toHaveText('Marks stay in this browser · video: Vimeo');
  await page.click('#provider-ok');
  const frame = page.locator('#provider-frame iframe');
  await expect(frame).toHaveAttribute('src', /^https:\/\/player\.vimeo\.com\/video\/76979871\?h=8272103f6e&dnt=1&.*#t=12s$/);
  await expect(page.locator('#status')).toHaveText(/is ready/);
  expect(stubbedRequests).toContain('https://player.vimeo.com/api/player.js');
  await expect(page.locator('#video-name')).toHaveText('Stub Vimeo video 76979871 · Vimeo');
  await expect(page.locator('#length')).toHaveText('1:35.5');
  await expect(page.locator('#clock')).toHaveText('0:12.0');
  await expect(page.locator('#speed-note')).toHaveText("Vimeo allows 0.5×–2×, when the video's owner allows speed changes.");
  // A seek before the first play leaves the video paused (Vimeo would start it).
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.locator('#clock')).toHaveText('0:17.0');
  await page.waitForTimeout(400);
  await expect(page.locator('#play')).toHaveText('▶');
  await expect(page.locator('#clock')).toHaveText('0:17.0');
  await page.keyboard.press('4');
  expect(await times(page)).toEqual(['0:17.0']);
  await page.selectOption('#speed', '1.5');
  await expect.poll(() => page.evaluate(() => window.__vimeoStub.calls)).toContainEqual(['setPlaybackRate', 1.5]);

  // A video whose owner allows no speed change: the chosen 1.5× is asked for,
  // refused, and said so; only 1× is offered.
  await paste(page, 'https://player.vimeo.com/video/22222222');
  await page.click('#provider-ok');
  await expect(page.locator('#video-name')).toHaveText('Fixed-speed walk · Vimeo');
  await expect(page.locator('#speed-note')).toHaveText('This Vimeo video plays at 1× only: its owner does not allow other speeds.');
  expect(await page.locator('#speed option').allTextContents()).toEqual(['1×']);
  await expect(page.locator('#status')).toHaveText('This Vimeo video plays at 1× only: its owner does not allow other speeds.');
  // Each video keeps its own marks, saved under its id: the first one's mark stays with it
  // (the second has none, so nothing is written for it).
  await expect(rows(page)).toHaveCount(0);
  const saved = await page.evaluate(() =>
    Object.fromEntries(Object.keys(localStorage).filter((k) => k.includes('vimeo:')).map((k) => [k, JSON.parse(localStorage[k]).marks.length])),
  );
  expect(saved).toEqual({
    'touchpoints.annotate.v1.marks:["Noor","vimeo:76979871",0,0]': 1,
  });
});

test('links that name no video are refused with what was expected, and nothing is loaded', async ({ page, stubbedRequests }) => {
  await open(page);
  await paste(page, 'https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs');
  await expect(page.locator('#error')).toHaveText(/^That link cannot be played: this YouTube link is a playlist, not one video: open the video and copy its link \(youtube\.com\/watch\?v=ID, youtu\.be\/ID/);
  await expect(page.locator('#video-url')).toBeFocused();
  await paste(page, 'https://vimeo.com/channels/staffpicks');
  await expect(page.locator('#error')).toContainText('this Vimeo link is not one video');
  await expect(page.locator('#provider-note')).toBeHidden();
  await page.waitForTimeout(200);
  expect(stubbedRequests).toEqual([]);
});

test('a YouTube video its owner does not allow on other sites: the page says what to do', async ({ page }) => {
  await page.addInitScript(() => {
    window.__ytStub = { videos: { aqz_KE_bpKQ: { error: 150 } } };
  });
  await open(page);
  await paste(page, 'https://www.youtube.com/shorts/aqz_KE_bpKQ');
  await page.click('#provider-ok');
  await expect(page.locator('#error')).toHaveText('The owner of this YouTube video does not allow playing it on other sites: ask your teacher for the file and open it with “Open a video file…”.');
});

test('the classroom page: a YouTube link in the exercise is named with the key, travels without tracking parameters and opens the video for the student', async ({ page, stubbedRequests }) => {
  await page.goto('/classroom.html');
  await page.click('#demo-key');
  await expect(page.locator('#key-status')).toHaveText('Key “demo-journey.key.vtt”: 8 touch points · video: samples/demo-journey.webm');
  await page.fill('#share-video', `https://youtu.be/${YT_ID}?si=Tr4ck1ng&t=42`);
  await expect(page.locator('#share-video-info')).toHaveText(
    `YouTube video ${YT_ID}, from 0:42: the annotator plays it in YouTube's player, after telling the student that the video streams from YouTube (marks stay in the browser).`,
  );
  await expect(page.locator('#key-status')).toHaveText(`Key “demo-journey.key.vtt”: 8 touch points · video: YouTube video ${YT_ID}, from 0:42`);
  // A YouTube link that names no video: said at once, and no link is made.
  await page.fill('#share-video', 'https://www.youtube.com/@SomeStore');
  await expect(page.locator('#share-video-error')).toHaveText(/^This link cannot be played: this YouTube link is a channel, not one video/);
  await page.click('#share-build');
  await expect(page.locator('#share-out')).toBeHidden();
  await expect(page.locator('#share-video')).toBeFocused();
  // The good link: the payload carries it written one way.
  await page.fill('#share-video', `https://youtu.be/${YT_ID}?si=Tr4ck1ng&t=42`);
  await expect(page.locator('#share-video-error')).toBeHidden();
  await page.click('#share-build');
  await expect(page.locator('#share-status')).toContainText(`The annotator plays YouTube video ${YT_ID}, from 0:42 from YouTube, once the student agrees to stream it.`);
  const link = await page.locator('#share-link').inputValue();
  const payload = await page.evaluate(async (l) => (await import('/js/exercise-link.js')).exerciseFromHash(new URL(l).hash), link);
  expect(payload.video_name).toBe(`https://www.youtube.com/watch?v=${YT_ID}&t=42s`);
  expect(payload.video).toBeUndefined();
  expect(stubbedRequests).toEqual([]);

  // The student opens the link: the video is ready after the note.
  await open(page, new URL(link).hash);
  await expect(page.locator('#provider-note')).toContainText(`YouTube video ${YT_ID}, from 0:42`);
  await page.click('#provider-ok');
  await expect(page.locator('#status')).toHaveText(/is ready/);
  await expect(page.locator('#clock')).toHaveText('0:42.0');
  await expect(page.locator('#palette li')).toHaveCount(payload.palette.length);
});

test('on a 390 px phone the privacy note and the YouTube player fit without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  await paste(page, `https://youtu.be/${YT_ID}`);
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  await expect(page.locator('#provider-note')).toBeVisible();
  expect(await width()).toBeLessThanOrEqual(390);
  await page.click('#provider-ok');
  await expect(page.locator('#status')).toHaveText(/is ready/);
  await page.keyboard.press('1');
  await expect(rows(page)).toHaveCount(1);
  expect(await width()).toBeLessThanOrEqual(390);
  const box = await page.locator('#provider-frame iframe').boundingBox();
  expect(box.width).toBeGreaterThan(280);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
});
