// Toolchain smoke test: the wasm built by scripts/build-wasm.sh loads in headless
// chromium from the static server (under the strict CSP) and answers.
const { test, expect } = require('./fixtures');

test('the wasm module loads and answers in the browser', async ({ page, requests }) => {
  await page.goto('/samples/README.md');
  const result = await page.evaluate(async () => {
    const m = await import('/pkg/touchpoints.js');
    await m.default();
    const session = new m.Session('hotel.csv', { preset: 'hotel' });
    session.push(
      new TextEncoder().encode(
        'journey,time,touchpoint,channel\n' +
          'G01,2026-02-18T15:06:00+01:00,Online ad,display\n' +
          'G01,2026-02-19T21:29:00+01:00,Booking website,web\n' +
          'G02,2026-02-19T21:34:00+01:00,Check-in,front desk\n',
      ),
    );
    const report = session.finish();
    return {
      version: m.version(),
      presets: m.presets().map((p) => p.name),
      events: report.events,
      journeys: report.journeys,
    };
  });
  expect(result.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(result.presets).toEqual(expect.arrayContaining(['generic', 'hotel', 'retail']));
  expect(result.events).toBe(3);
  expect(result.journeys).toBe(2);
  const wasm = requests.find((r) => r.url.endsWith('/pkg/touchpoints_bg.wasm'));
  expect(wasm, 'the wasm was fetched from the local server').toBeTruthy();
});

test('the server sends the wasm, media and CSP headers the page relies on', async ({ request }) => {
  const wasm = await request.get('/pkg/touchpoints_bg.wasm');
  expect(wasm.status()).toBe(200);
  expect(wasm.headers()['content-type']).toBe('application/wasm');
  expect(wasm.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  const js = await request.get('/pkg/touchpoints.js');
  expect(js.headers()['content-type']).toMatch(/^text\/javascript/);
  const part = await request.get('/samples/demo-journey.webm', { headers: { Range: 'bytes=0-99' } });
  expect(part.status()).toBe(206);
  expect(part.headers()['content-type']).toBe('video/webm');
  expect((await part.body()).length).toBe(100);
  const vtt = await request.get('/samples/demo-journey.key.vtt');
  expect(vtt.headers()['content-type']).toMatch(/^text\/vtt/);
  expect((await request.get('/../Cargo.toml')).status()).toBe(404);
});

test('every page has an icon and asks for nothing that is not there', async ({ page, request }) => {
  for (const icon of ['/favicon.ico', '/favicon.svg']) {
    const response = await request.get(icon);
    expect(response.status(), icon).toBe(200);
  }
  for (const path of ['/index.html', '/annotate.html', '/classroom.html', '/value.html', '/insights.html', '/embed.html', '/print.html?src=samples/hotel-journeys.csv']) {
    const missing = [];
    const onResponse = (r) => r.status() >= 400 && missing.push(`${r.status()} ${r.url()}`);
    page.on('response', onResponse);
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const icons = await page.locator('link[rel="icon"]').evaluateAll((links) => links.map((l) => l.href));
    expect(icons.length, `${path}: an icon link`).toBeGreaterThan(0);
    for (const href of icons) expect((await request.get(href)).status(), href).toBe(200);
    page.off('response', onResponse);
    expect(missing, path).toEqual([]);
  }
});
