// The embeddable widget (<touchpoints-chart>, <touchpoints-report>), the embed
// page, the print view and the dist folder, all under the strict CSP the test
// server sends. The fixtures fail any test with a console error or a request to
// another host.
const { test, expect } = require('./fixtures');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
// The strict policy of scripts/serve.mjs --csp: no 'unsafe-inline', no 'unsafe-eval'.
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data: blob:; connect-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const HOSTILE = '<img src=x onerror=alert(1)>';

// Records every widget event of the page (installed before any page script).
async function recordEvents(page) {
  await page.addInitScript(() => {
    window.__tp = [];
    for (const type of ['touchpoints-ready', 'touchpoints-error']) {
      document.addEventListener(type, (e) =>
        window.__tp.push({ type, id: e.target.id, events: e.detail.report?.events, message: e.detail.message }),
      );
    }
  });
}

function noDialogs(page) {
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  return dialogs;
}

const svgTitle = (page, id) =>
  page.evaluate((id) => document.getElementById(id).shadowRoot.querySelector('svg title')?.textContent ?? null, id);

test('embed.html: every element renders its chart, events fire, one wasm for all', async ({ page, requests }) => {
  await recordEvents(page);
  const dialogs = noDialogs(page);
  const response = await page.goto('/embed.html');
  expect(response.headers()['content-security-policy']).toContain("style-src 'self'");
  for (const id of ['live-chart', 'live-report', 'data-chart', 'dark-chart']) {
    await expect(page.locator(`#${id}`).locator('svg').first()).toBeVisible();
  }
  await expect.poll(() => page.evaluate(() => window.__tp.filter((e) => e.type === 'touchpoints-ready').length)).toBe(4);
  const ready = await page.evaluate(() => window.__tp);
  const byId = Object.fromEntries(ready.map((e) => [e.id, e]));
  // retail-journeys.csv has 16,276 event rows; hotel 80; the data array 5.
  expect(byId['live-chart'].events).toBeGreaterThan(16000);
  expect(byId['dark-chart'].events).toBe(byId['live-chart'].events);
  expect(byId['live-report'].events).toBeGreaterThan(0);
  expect(byId['data-chart'].events).toBe(5);
  await expect(page.locator('#chart-events')).toContainText('touchpoints-ready');

  // The report: figures, charts of three sections, the top touch points table.
  const report = page.locator('#live-report');
  await expect(report.locator('.tp-card').first()).toBeVisible();
  await expect(report.locator('[data-section]')).toHaveCount(3);
  expect(await report.locator('.tp-value').first().textContent()).toBe(String(byId['live-report'].events));
  await expect(report.locator('.tp-table tbody tr').first()).toBeVisible();

  // Styles apply inside the shadow root under the CSP (the <link>), and the
  // core's chart colours (theme classes from css/charts.css) apply there too.
  const styles = await page.evaluate(() => {
    const root = document.getElementById('dark-chart').shadowRoot;
    const body = root.querySelector('.tp-widget');
    const rect = root.querySelector('svg rect[class^="fill-tp-series"]');
    return { bg: getComputedStyle(body).backgroundColor, fill: rect ? getComputedStyle(rect).fill : null };
  });
  expect(styles.bg).toBe('rgb(17, 24, 39)');
  expect(styles.fill).toMatch(/^rgb\(/);
  expect(styles.fill).not.toBe('rgb(0, 0, 0)');

  // One wasm instance for the page; one fetch of the retail file for two widgets.
  expect(requests.filter((r) => r.url.endsWith('/touchpoints_bg.wasm'))).toHaveLength(1);
  expect(requests.filter((r) => r.url.endsWith('/samples/retail-journeys.csv'))).toHaveLength(1);
  // Every request stays on the page's own origin.
  const origin = new URL(page.url()).origin;
  expect(requests.filter((r) => !r.url.startsWith(origin) && !r.url.startsWith('data:') && !r.url.startsWith('blob:'))).toEqual([]);
  expect(dialogs).toEqual([]);

  await expect(page.locator('#privacy-note')).toContainText('never leaves this browser');
  await expect(page.locator('#attr-table tbody tr')).toHaveCount(11);
  fs.mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: 'screenshots/embed.png', fullPage: true });
});

test('changing attributes re-renders, once per batch of changes', async ({ page }) => {
  await recordEvents(page);
  await page.goto('/embed.html');
  await expect.poll(() => svgTitle(page, 'live-chart')).toMatch(/kind/i);
  const before = await page.evaluate(() => window.__tp.filter((e) => e.id === 'live-chart').length);

  await page.selectOption('#chart-pick', 'top-touchpoints');
  await expect.poll(() => svgTitle(page, 'live-chart')).toMatch(/touch ?points/i);
  await expect(page.locator('#chart-events')).toContainText('top-touchpoints');

  // Three changes in one task: one render, one event, the last values win.
  await page.evaluate(() => {
    const el = document.getElementById('live-chart');
    el.setAttribute('chart', 'by-owner');
    el.setAttribute('preset', 'generic');
    el.setAttribute('chart', 'by-stage');
  });
  await expect.poll(() => svgTitle(page, 'live-chart')).toMatch(/stage/i);
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => window.__tp.filter((e) => e.id === 'live-chart'));
  expect(after.length - before).toBe(2);
  expect(after.every((e) => e.type === 'touchpoints-ready')).toBe(true);

  // Download buttons: SVG and PNG of the chart shown.
  const chart = page.locator('#live-chart');
  const [svg] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /^Download SVG/ }).click()]);
  expect(svg.suggestedFilename()).toBe('by-stage.svg');
  const text = fs.readFileSync(await svg.path(), 'utf8');
  expect(text).toContain('<svg');
  expect(text).not.toContain('var(--');
  const [png] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /^Download PNG/ }).click()]);
  expect(png.suggestedFilename()).toBe('by-stage.png');
  expect(fs.readFileSync(await png.path()).subarray(1, 4).toString()).toBe('PNG');
});

test.describe('errors', () => {
  // Chromium logs the 404 of a missing file itself; that one is expected.
  test.use({ allowConsoleErrors: [/404/] });

  test('a missing src fires touchpoints-error with the message, and shows it', async ({ page }) => {
    await recordEvents(page);
    await page.goto('/embed.html');
    await page.evaluate(() => {
      const el = document.createElement('touchpoints-chart');
      el.id = 'missing';
      el.setAttribute('src', 'samples/no-such-file.csv');
      document.querySelector('main').append(el);
    });
    await expect.poll(() => page.evaluate(() => window.__tp.find((e) => e.id === 'missing'))).toMatchObject({
      type: 'touchpoints-error',
      message: expect.stringContaining('404'),
    });
    await expect(page.locator('#missing').getByRole('alert')).toContainText('no-such-file.csv');

    // A chart name that does not exist says which ones do.
    await page.evaluate(() => document.getElementById('live-chart').setAttribute('chart', 'pie'));
    await expect(page.locator('#live-chart').getByRole('alert')).toContainText('by-kind, by-owner');
  });
});

test('a hostile label shows as text in the chart and in the report, and runs nothing', async ({ page }) => {
  const dialogs = noDialogs(page);
  await page.goto('/embed.html');
  const chart = page.locator('#data-chart');
  await expect(chart.locator('svg').first()).toBeVisible();
  const inChart = await page.evaluate(() => {
    const root = document.getElementById('data-chart').shadowRoot;
    return {
      text: [...root.querySelectorAll('svg text, svg title')].map((n) => n.textContent).join('\n'),
      imgs: root.querySelectorAll('img').length,
    };
  });
  expect(inChart.text).toContain(HOSTILE);
  expect(inChart.imgs).toBe(0);

  await page.evaluate((label) => {
    const el = document.createElement('touchpoints-report');
    el.id = 'hostile-report';
    el.setAttribute('sections', 'all');
    el.data = [
      { journey: 'A', time: '2026-01-01T10:00:00Z', touchpoint: label, channel: 'web' },
      { journey: 'B', time: '2026-01-02T10:00:00Z', touchpoint: label, channel: 'web' },
      { journey: 'B', time: '2026-01-03T10:00:00Z', touchpoint: 'Newsletter', channel: 'email' },
    ];
    document.querySelector('main').append(el);
  }, HOSTILE);
  const report = page.locator('#hostile-report');
  await expect(report.locator('.tp-table tbody tr').first()).toBeVisible();
  await expect(report.locator('.tp-label-cell').first()).toHaveText(HOSTILE);
  expect(await page.evaluate(() => document.getElementById('hostile-report').shadowRoot.querySelectorAll('img').length)).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
  expect(dialogs).toEqual([]);
});

test('print.html renders the full report and prints it to PDF', async ({ page }) => {
  await page.goto('/print.html?src=samples/retail-journeys.csv&preset=retail');
  const report = page.locator('#report');
  await expect(report.locator('[data-section]')).toHaveCount(4);
  await expect(report.locator('.tp-notes dt').first()).toBeVisible();
  // Counts (7 charts) + engagement + value charts of the retail sample.
  await expect.poll(() => report.locator('figure svg').count()).toBeGreaterThanOrEqual(9);
  await expect(page.locator('#source')).toContainText('samples/retail-journeys.csv');
  await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeVisible();
  await expect(report.locator('.tp-notes')).toContainText('Distinct journey');

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeHidden();
  await expect(report.getByRole('button', { name: /^Download SVG/ }).first()).toBeHidden();
  await page.screenshot({ path: 'screenshots/print.png', fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  fs.writeFileSync('screenshots/print.pdf', pdf);
});

// A server like a marketer's: a folder, a strict CSP, nothing else.
function serveFolder(root, policy = CSP) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.csv': 'text/csv' };
  const server = http.createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': policy });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the dist folder, copied next to a blank page, shows the chart under a strict CSP', async ({ page }) => {
  execFileSync('scripts/build-dist.sh', ['--no-wasm'], { stdio: 'pipe', env: { ...process.env, NO_WASM_OPT: '1' } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-dist-'));
  fs.cpSync('dist/touchpoints-widget', path.join(dir, 'touchpoints-widget'), { recursive: true });
  fs.copyFileSync('www/samples/retail-journeys.csv', path.join(dir, 'journeys.csv'));
  const snippet = fs.readFileSync('www/embed.html', 'utf8').match(/<code id="snippet-chart">([^]*?)<\/code>/)[1]
    .replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><title>Blank</title></head><body>\n${snippet}\n</body></html>\n`);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'touchpoints-widget/package.json'), 'utf8'));
  expect(pkg.name).toBe('touchpoints-widget');
  expect(fs.existsSync(path.join(dir, 'touchpoints-widget', pkg.types))).toBe(true);

  const server = await serveFolder(dir);
  try {
    await recordEvents(page);
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await expect(page.locator('touchpoints-chart').locator('svg').first()).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.__tp[0]?.events)).toBeGreaterThan(16000);
    await page.screenshot({ path: 'screenshots/embed-dist.png' });
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the dist folder loads the small core for counts charts, the journeys core when the page shows a journey chart', async ({ page }) => {
  execFileSync('scripts/build-dist.sh', ['--no-wasm'], { stdio: 'pipe', env: { ...process.env, NO_WASM_OPT: '1' } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-cores-'));
  fs.cpSync('dist/touchpoints-widget', path.join(dir, 'touchpoints-widget'), { recursive: true });
  fs.copyFileSync('www/samples/retail-journeys.csv', path.join(dir, 'journeys.csv'));
  const blank = (body) => `<!doctype html><html><head><meta charset="utf-8"><title>Blank</title></head><body>
<script type="module" src="touchpoints-widget/touchpoints-widget.js"></script>
${body}
</body></html>
`;
  fs.writeFileSync(path.join(dir, 'counts.html'), blank('<touchpoints-chart src="journeys.csv" chart="by-kind" preset="retail"></touchpoints-chart>\n<touchpoints-report src="journeys.csv" preset="retail" sections="all"></touchpoints-report>'));
  fs.writeFileSync(path.join(dir, 'paths.html'), blank('<touchpoints-chart src="journeys.csv" chart="paths" preset="retail"></touchpoints-chart>'));
  fs.writeFileSync(path.join(dir, 'both.html'), blank('<touchpoints-chart src="journeys.csv" chart="by-kind" preset="retail"></touchpoints-chart>\n<touchpoints-chart src="journeys.csv" chart="journey-map" preset="retail"></touchpoints-chart>'));
  const server = await serveFolder(dir);
  const wasm = [];
  const csv = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname);
    if (r.url().endsWith('.csv')) csv.push(new URL(r.url()).pathname);
  });
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    await page.goto(`${base}/counts.html`);
    await expect(page.locator('touchpoints-chart').locator('svg').first()).toBeVisible();
    await expect(page.locator('touchpoints-report').locator('figure svg').first()).toBeVisible();
    expect(wasm).toEqual(['/touchpoints-widget/pkg/touchpoints_bg.wasm']);

    wasm.length = 0;
    await page.goto(`${base}/paths.html`);
    const chart = page.locator('touchpoints-chart');
    await expect(chart.locator('svg').first()).toBeVisible();
    await expect(chart.locator('svg title').first()).toContainText(/path/i);
    expect(wasm).toEqual(['/touchpoints-widget/pkg-journeys/touchpoints_bg.wasm']);

    // A counts chart beside a journey chart: one core (the journeys one), the file read once.
    wasm.length = 0;
    csv.length = 0;
    await page.goto(`${base}/both.html`);
    await expect(page.locator('touchpoints-chart').nth(0).locator('svg').first()).toBeVisible();
    await expect(page.locator('touchpoints-chart').nth(1).locator('svg').first()).toBeVisible();
    expect(wasm).toEqual(['/touchpoints-widget/pkg-journeys/touchpoints_bg.wasm']);
    expect(csv).toEqual(['/journeys.csv']);
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The policy the widget's README (scripts/build-dist.sh) tells a marketer to send: nothing else.
function documentedCsp() {
  const script = fs.readFileSync('scripts/build-dist.sh', 'utf8');
  const policy = /needs exactly\s+`([^`]+)`/.exec(script);
  if (!policy) throw new Error('the README in build-dist.sh no longer states the policy');
  return policy[1];
}

test('PNG export works under the documented CSP and says so when it cannot', async ({ page }) => {
  const policy = documentedCsp();
  expect(policy).not.toContain('img-src');
  execFileSync('scripts/build-dist.sh', ['--no-wasm'], { stdio: 'pipe', env: { ...process.env, NO_WASM_OPT: '1' } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-csp-'));
  fs.cpSync('dist/touchpoints-widget', path.join(dir, 'touchpoints-widget'), { recursive: true });
  fs.copyFileSync('www/samples/hotel-journeys.csv', path.join(dir, 'journeys.csv'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>Blank</title></head><body>\n' +
      '<script type="module" src="touchpoints-widget/touchpoints-widget.js"></script>\n' +
      '<touchpoints-chart id="c" src="journeys.csv" chart="top-touchpoints" preset="hotel"></touchpoints-chart>\n</body></html>\n',
  );
  const server = await serveFolder(dir, policy);
  try {
    const url = `http://127.0.0.1:${server.address().port}/index.html`;
    const response = await page.goto(url);
    expect(response.headers()['content-security-policy']).toBe(policy);
    const chart = page.locator('#c');
    await expect(chart.locator('svg').first()).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /PNG/ }).click()]);
    expect(download.suggestedFilename()).toBe('top-touchpoints.png');
    const png = fs.readFileSync(await download.path());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000); // 2× the chart and its margins
    await expect(chart.getByRole('alert')).toBeHidden();

    // When the browser cannot make it (here: no canvas blob), the widget says so; no uncaught rejection.
    await page.addInitScript(() => {
      HTMLCanvasElement.prototype.toBlob = function (callback) {
        callback(null);
      };
    });
    await page.goto(url);
    await expect(chart.locator('svg').first()).toBeVisible();
    await chart.getByRole('button', { name: /PNG/ }).click();
    await expect(chart.getByRole('alert')).toContainText('The PNG file could not be made (the canvas gave no PNG)');
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('print.html on paper: a readable full-width timeline, cards as tall as their text', async ({ page }) => {
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.goto('/print.html?src=samples/hotel-journeys.csv&preset=hotel');
  const report = page.locator('#report');
  await expect.poll(() => report.locator('figure svg').count()).toBeGreaterThanOrEqual(9);
  await page.emulateMedia({ media: 'print' });
  const layout = await page.evaluate(() => {
    const root = document.getElementById('report').shadowRoot;
    const charts = root.querySelector('.tp-charts').getBoundingClientRect();
    const timeline = [...root.querySelectorAll('figure svg')].find((s) => s.querySelector('title').textContent.startsWith('Journey timeline'));
    const slack = [...root.querySelectorAll('.tp-card')].map((card) => {
      const kids = [...card.children].map((c) => c.getBoundingClientRect());
      const style = getComputedStyle(card);
      const content = kids[kids.length - 1].bottom - kids[0].top + parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
      return card.getBoundingClientRect().height - content;
    });
    return { share: timeline.getBoundingClientRect().width / charts.width, slack: Math.max(...slack) };
  });
  expect(layout.share).toBeGreaterThan(0.9);
  expect(layout.slack).toBeLessThan(4);
  await page.screenshot({ path: 'screenshots/print-paper.png', fullPage: true });
});
