// Every page of the product in its main states, shared by the audits that must cover
// them all: accessibility (a11y.spec.js), small screens (small-screen.spec.js) and the
// Dutch interface (i18n.spec.js). Each state is {name, open(page)}: `open` brings the
// page into that state and waits until it is there, through element ids only (never
// English text), so the same steps run in every language. A new page adds its states
// here and every audit covers it.
const { expect } = require('@playwright/test');
const { seek } = require('./annotator-helpers');

const ready = (page) => page.waitForFunction(() => document.documentElement.dataset.ready === 'true' || document.body.dataset.ready === 'true' || document.body.dataset.ready === '1');

async function index(page, query = '') {
  await page.goto(`/index.html${query}`);
  await ready(page);
}

async function indexSample(page, sample = 'hotel') {
  await page.goto(`/index.html?sample=${sample}`);
  await expect(page.locator('#results')).toBeVisible();
  await expect(page.locator('#progress')).toBeHidden();
}

/** The annotator with an observer, the demo video and three marks. */
async function annotateWithMarks(page) {
  await page.goto('/annotate.html');
  await expect(page.locator('#observer-dialog')).toBeVisible();
  await page.fill('#observer-input', 'Ada');
  await page.keyboard.press('Enter');
  await page.click('#use-demo');
  await expect(page.locator('#video')).toHaveJSProperty('readyState', 4, { timeout: 15_000 }).catch(() => {});
  await expect(page.locator('#length')).not.toHaveText('0:00.0');
  for (const [time, key] of [[8, '1'], [15.5, '2'], [36, '9'], [40, '9']]) {
    await seek(page, time);
    await page.locator('#play').focus();
    await page.keyboard.press(key);
  }
  await expect(page.locator('tp-mark-list tbody tr')).toHaveCount(3);
}

/** An exercise link with the answer key (classes too), four marks made and checked (K). */
async function annotateChecked(page) {
  const key = [[8, 'Instagram ad', 'mass-communication'], [15.5, 'Store window', 'actual-experience'], [30, 'Checkout', 'actual-experience'], [50, 'Product review', 'casual-observation']]
    .map(([start, touchpoint, kind]) => ({ start, end: start + 1, touchpoint, classes: { kind } }));
  const exercise = { title: 'Exercise', video: 'samples/demo-journey.webm', palette: key.map((m) => ({ name: m.touchpoint, kind: m.classes.kind })), key };
  await page.addInitScript(() => localStorage.setItem('touchpoints.annotate.v1.observer', JSON.stringify('Dana')));
  await page.goto(`/annotate.html#exercise=${Buffer.from(JSON.stringify(exercise)).toString('base64url')}`);
  await expect(page.locator('#check-section')).toBeVisible();
  await expect(page.locator('#length')).not.toHaveText('0:00.0');
  for (const [time, k] of [[8.5, '1'], [16, '2'], [44, '3']]) {
    await seek(page, time);
    await page.locator('#video').focus();
    await page.keyboard.press(k);
  }
  await expect(page.locator('tp-mark-list tbody tr')).toHaveCount(3);
  await page.keyboard.press('k');
  await expect(page.locator('#key-check')).toBeVisible();
}

async function classroomGraded(page) {
  await page.goto('/classroom.html');
  await page.click('#demo-key');
  await expect(page.locator('#key-status')).not.toBeEmpty();
  await page.click('#demo-students');
  await expect(page.locator('#grades tbody tr')).toHaveCount(5);
}

async function value(page) {
  await page.goto('/value.html');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('#ranking tbody tr').first()).toBeVisible();
}

async function insights(page, sample = 'retail') {
  await page.goto(`/insights.html?sample=${sample}`);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 30_000 });
}

async function embed(page) {
  await page.goto('/embed.html');
  await expect(page.locator('touchpoints-chart').first()).toBeVisible();
  await page.waitForFunction(() => [...document.querySelectorAll('touchpoints-chart, touchpoints-report')].every((el) => el.shadowRoot && el.shadowRoot.querySelector('svg, table, .tp-error, .tp-status:not(:empty)')));
}

async function print(page) {
  await page.goto('/print.html?src=samples/retail-journeys.csv&preset=retail');
  await expect.poll(() => page.locator('#report figure svg').count()).toBeGreaterThanOrEqual(9);
}

/** The journeys page on the retail sample: the default funnel built, paths and map drawn. */
async function journeys(page, query = '') {
  await page.goto(`/journeys.html?sample=retail${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('#funnel')).toHaveAttribute('data-state', 'ready');
}

/** The Journeys page with its attribution view computed (`sample`: retail, hotel or paths). */
async function attribution(page, sample = 'paths') {
  await page.goto(`/journeys.html?sample=${sample}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('tp-attribution-view')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.locator('#attribution-section').scrollIntoViewIfNeeded();
}

/** The CLV page with a sample fitted (cdnow or transactions). */
async function clv(page, sample = 'cdnow') {
  await page.goto(`/clv.html?sample=${sample}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(page.locator('#results')).toBeVisible();
}

/** [page file, [{name, open}]]: every page and its main states. */
const PAGES = [
  [
    'index',
    [
      { name: 'empty', open: (p) => index(p) },
      { name: 'hotel sample', open: (p) => indexSample(p, 'hotel'), loaded: true },
      { name: 'retail sample with the rule editor open', open: async (p) => {
        await indexSample(p, 'retail');
        await p.locator('details.rule-editor summary').click();
        await expect(p.locator('#rules-text')).toBeVisible();
      } },
      { name: 'a file with bad rows', open: (p) => indexSample(p, 'bad-rows') },
    ],
  ],
  [
    'annotate',
    [
      { name: 'observer dialog', open: async (p) => {
        await p.goto('/annotate.html');
        await expect(p.locator('#observer-dialog')).toBeVisible();
      } },
      { name: 'with marks', open: annotateWithMarks, loaded: true },
      { name: 'naming a mark (dialog)', open: async (p) => {
        await annotateWithMarks(p);
        await p.locator('#play').focus();
        await p.keyboard.press('m');
        await expect(p.locator('#name-dialog')).toBeVisible();
      } },
      { name: 'clear dialog', open: async (p) => {
        await annotateWithMarks(p);
        await p.click('#clear');
        await expect(p.locator('#confirm-dialog')).toBeVisible();
      } },
      { name: 'palette editing', open: async (p) => {
        await annotateWithMarks(p);
        await p.click('#palette-edit');
      } },
      { name: 'my marks checked against the key of an exercise link', open: annotateChecked },
    ],
  ],
  [
    'classroom',
    [
      { name: 'empty', open: async (p) => {
        await p.goto('/classroom.html');
        await expect(p.locator('#demo-key')).toBeEnabled();
      } },
      { name: 'graded', open: classroomGraded, loaded: true },
      { name: 'a student in detail', open: async (p) => {
        await classroomGraded(p);
        await p.locator('#grades tbody tr').first().locator('button').first().click();
        await expect(p.locator('#detail')).toBeVisible();
      } },
    ],
  ],
  [
    'value',
    [
      { name: 'the hotel example', open: value, loaded: true },
      { name: 'a blank sheet', open: async (p) => {
        await value(p);
        await p.click('#new-sheet');
      } },
    ],
  ],
  [
    'insights',
    [
      { name: 'retail sample', open: (p) => insights(p, 'retail'), loaded: true },
      { name: 'transactions', open: (p) => insights(p, 'transactions') },
    ],
  ],
  [
    'journeys',
    [
      { name: 'a funnel built on the retail sample', open: (p) => journeys(p), loaded: true },
      { name: 'a 4-step funnel with its options open', open: async (p) => {
        await journeys(p, '&steps=' + encodeURIComponent('Instagram ad, Website visit, Online order, Delivery'));
        await expect(p.locator('#funnel .funnel-table tbody tr')).toHaveCount(4);
        await p.locator('#funnel details').first().locator('summary').click();
      } },
      { name: 'attribution of the paths sample, by value', open: async (p) => {
        await attribution(p, 'paths');
        await p.locator('tp-attribution-view input[name="attr-metric"][value="value"]').check();
        await expect(p.locator('tp-attribution-view tp-chart[name="attribution-value"] svg')).toBeVisible();
      } },
      { name: 'attribution of the retail events with a rejected setting', open: async (p) => {
        await attribution(p, 'retail');
        const form = p.locator('tp-attribution-view form.attr-settings');
        await form.locator('input[name="first"]').fill('-5');
        await form.locator('button[type="submit"]').click();
        await expect(form.locator('p.error')).toBeVisible();
      } },
    ],
  ],
  [
    'clv',
    [
      { name: 'the CDNOW sample fitted', open: (p) => clv(p, 'cdnow'), loaded: true },
      { name: 'transactions in days, a customer searched for in vain', open: async (p) => {
        await clv(p, 'transactions');
        await p.locator('#settings select[name="unit"]').selectOption('days');
        await p.locator('#apply').click();
        await expect(p.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
        await p.locator('#filter').fill('no such customer');
        await expect(p.locator('#customers tbody td')).toHaveCount(1);
      } },
    ],
  ],
  ['embed', [{ name: 'widgets', open: embed, loaded: true }]],
  ['print', [{ name: 'retail report', open: print, loaded: true }]],
];

module.exports = { PAGES, ready, annotateWithMarks, classroomGraded };
