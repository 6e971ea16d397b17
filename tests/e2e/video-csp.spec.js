// The Content-Security-Policy of each page (scripts/serve.mjs --csp, as
// documented in docs/video.md for deployers): the annotator allows exactly
// the YouTube and Vimeo player hosts, and only it; every other page keeps the
// strict policy, and a provider's script is refused there even when a stub
// would answer it.
const { test, expect } = require('./fixtures');
const { PROVIDER_STUBS } = require('./provider-stubs');
const fs = require('node:fs');
const path = require('node:path');

const STRICT =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data: blob:; media-src 'self' blob:; worker-src 'self' blob:; " +
  "connect-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const ANNOTATE =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' https://www.youtube.com https://player.vimeo.com; " +
  "frame-src https://www.youtube-nocookie.com https://player.vimeo.com; style-src 'self'; " +
  "img-src 'self' data: blob:; media-src 'self' blob:; worker-src 'self' blob:; " +
  "connect-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const PAGES = fs.readdirSync(path.join(__dirname, '..', '..', 'www')).filter((f) => f.endsWith('.html'));

test('the annotator allows exactly the player hosts; every other page keeps the strict policy', async ({ request }) => {
  expect(PAGES).toContain('annotate.html');
  expect(PAGES.length).toBeGreaterThan(5);
  for (const page of PAGES) {
    const csp = (await request.get(`/${page}`)).headers()['content-security-policy'];
    expect(csp, page).toBe(page === 'annotate.html' ? ANNOTATE : STRICT);
  }
  expect((await request.get('/')).headers()['content-security-policy']).toBe(STRICT);
  // The docs state the same two policies, word for word.
  const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'video.md'), 'utf8');
  expect(docs).toContain(ANNOTATE);
  expect(docs).toContain(STRICT);
});

test('the hosts the players use are the hosts the annotator policy allows', async ({ page }) => {
  await page.goto('/samples/README.md');
  const hosts = await page.evaluate(async () => {
    const m = await import('/js/annotate/player/providers.js');
    return { script: m.PLAYER_SCRIPT_HOSTS, frame: m.PLAYER_FRAME_HOSTS, api: Object.values(m.PROVIDERS).map((p) => p.api) };
  });
  expect(ANNOTATE).toContain(`script-src 'self' 'wasm-unsafe-eval' ${hosts.script.join(' ')};`);
  expect(ANNOTATE).toContain(`frame-src ${hosts.frame.join(' ')};`);
  // Each API script is on an allowed host, and is one the stubs answer in the tests.
  for (const api of hosts.api) {
    expect(hosts.script).toContain(new URL(api).origin);
    expect(Object.values(PROVIDER_STUBS).map((s) => s.url)).toContain(api);
  }
});

test.describe('without the stubs option', () => {
  test.use({ allowConsoleErrors: [/ERR_BLOCKED_BY_CLIENT/] });

  test('a provider URL is a foreign request: aborted and recorded (every other spec fails on it)', async ({ page, foreignRequests, stubbedRequests }) => {
    await page.goto('/annotate.html');
    const loaded = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const s = document.createElement('script');
          s.src = 'https://player.vimeo.com/api/player.js';
          s.onload = () => resolve(true);
          s.onerror = () => resolve(false);
          document.head.append(s);
        }),
    );
    expect(loaded).toBe(false);
    expect(stubbedRequests).toEqual([]);
    expect(foreignRequests).toEqual(['https://player.vimeo.com/api/player.js']);
    foreignRequests.length = 0; // made on purpose here; any other spec would fail on it
  });
});

test.describe('a provider script where the policy does not allow it', () => {
  test.use({ stubs: PROVIDER_STUBS, allowConsoleErrors: [/Content Security Policy/] });

  /** Adds a <script src> to the page; resolves to the CSP violation it caused, or null when it loaded. */
  const inject = (page, src) =>
    page.evaluate(
      (src) =>
        new Promise((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
          const s = document.createElement('script');
          s.src = src;
          s.onload = () => resolve(null);
          document.head.append(s);
        }),
      src,
    );

  /**
   * Requests the page's CSP refused in the browser (failure "csp": they never left it).
   * The fixture records every attempt to another host; these are made on purpose, so once
   * each is seen refused by the CSP it is taken off the fixture's lists.
   */
  function watchCsp(page) {
    const refused = [];
    page.on('requestfailed', (r) => r.failure()?.errorText === 'csp' && refused.push(r.url()));
    return refused;
  }
  async function forget(refused, urls, ...lists) {
    await expect.poll(() => urls.every((u) => refused.includes(u)), { message: `refused by the CSP: ${urls}` }).toBe(true);
    for (const list of lists) for (const u of urls) list.splice(list.indexOf(u), list.includes(u) ? 1 : 0);
  }

  test('is refused on every other page by the CSP, in the browser', async ({ page, stubbedRequests }) => {
    const refused = watchCsp(page);
    const apis = ['https://www.youtube.com/iframe_api', 'https://player.vimeo.com/api/player.js'];
    for (const name of ['index.html', 'classroom.html']) {
      await page.goto(`/${name}`);
      for (const api of apis) expect(await inject(page, api), name).toMatch(/^script-src/);
      await forget(refused, apis, stubbedRequests);
      refused.length = 0;
    }
    expect(stubbedRequests).toEqual([]);
  });

  test('the annotator loads the player APIs, and refuses any other host', async ({ page, stubbedRequests, foreignRequests }) => {
    const refused = watchCsp(page);
    await page.goto('/annotate.html');
    expect(await inject(page, 'https://player.vimeo.com/api/player.js')).toBeNull();
    expect(stubbedRequests).toEqual(['https://player.vimeo.com/api/player.js']);
    const others = ['https://cdn.example.com/tracker.js', 'https://www.youtube-nocookie.com/iframe_api'];
    for (const url of others) expect(await inject(page, url), url).toMatch(/^script-src/);
    await forget(refused, others, foreignRequests);
    expect(foreignRequests).toEqual([]);
  });
});
