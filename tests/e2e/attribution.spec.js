// The attribution view (<tp-attribution-view>) on the Journeys page, through the
// analysis worker under the strict CSP: the seven models side by side on the
// attribution-paths sample and on the retail and hotel events, every total equal to
// the conversions, the chart and its text alternative, explanations, settings, exports.
const { test, expect } = require('./fixtures');
const fs = require('node:fs');

const MODELS = ['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based', 'markov', 'shapley'];

async function open(page, sample) {
  await page.goto(`/journeys.html?sample=${sample}`);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 30_000 });
  await expect(page.locator('tp-attribution-view[data-state="ready"]')).toBeAttached({ timeout: 30_000 });
}

const view = (page) => page.locator('tp-attribution-view');
const result = (page) => view(page).evaluate((v) => v.result.report);

async function totals(page) {
  return view(page).locator('table.attribution-table tfoot td[data-model]').evaluateAll((cells) => Object.fromEntries(cells.map((c) => [c.dataset.model, Number(c.dataset.value)])));
}

test('attribution paths: seven models side by side, each splitting all conversions', async ({ page }) => {
  await open(page, 'paths');
  const report = await result(page);
  expect(report.conversions).toBe(2497);
  await expect(view(page).locator('[data-figure="conversions"] .value')).toHaveText('2,497');
  await expect(view(page).locator('[data-figure="nulls"] .value')).toHaveText('14,504');
  // Every model is a column; every channel a row; each column sums to the conversions.
  for (const m of MODELS) await expect(view(page).locator(`table.attribution-table thead th[data-model="${m}"]`)).toBeVisible();
  await expect(view(page).locator('table.attribution-table tbody tr')).toHaveCount(report.channels.length);
  const sums = await totals(page);
  for (const m of MODELS) expect(Math.abs(sums[m] - 2497), m).toBeLessThan(1e-6);
  // A cell shows the core's number.
  const cell = view(page).locator('tr[data-channel="Website visit"] td[data-model="linear"]');
  expect(Number(await cell.getAttribute('data-value'))).toBe(report.models.linear['Website visit'].conversions);
  await expect(cell).toHaveText(/^[\d,.]+$/);
  // Removal effects are percentages.
  await expect(view(page).locator('tr[data-channel="Website visit"] td[data-model="removal_effect"]')).toHaveText(/%$/);
  // The chart, from the core, with a title and a text alternative naming every model.
  const svg = view(page).locator('tp-chart[name="attribution"] svg');
  await expect(svg).toBeVisible();
  await expect(svg.locator('title').first()).toHaveText('Attributed conversions by channel and model');
  const desc = await svg.locator('desc').textContent();
  for (const label of ['first touch', 'last touch', 'linear', 'time decay', 'position based', 'Markov', 'Shapley']) expect(desc).toContain(label);
  await expect(svg.locator('rect title').first()).toContainText('conversions');
  // One explanation per model; paths have no times: time decay goes by steps.
  await expect(view(page).locator('dl.model-explanations dd')).toHaveCount(7);
  await expect(view(page).locator('dd[data-model="time_decay"]')).toContainText('half-life in steps: 1');
  await expect(view(page).locator('dd[data-model="position_based"]')).toContainText('40% to the first');
  await expect(view(page).locator('.markov-facts')).toContainText('order 1');
  await view(page).screenshot({ path: 'screenshots/attribution-paths.png' });
});

test('value, settings and exports', async ({ page }) => {
  await open(page, 'paths');
  const before = await result(page);
  // Value: the table and the chart switch.
  await view(page).getByLabel('Value', { exact: true }).check();
  await expect(view(page).locator('tp-chart[name="attribution-value"] svg title').first()).toHaveText('Attributed conversion value by channel and model');
  const sums = await totals(page);
  for (const m of MODELS) expect(Math.abs(sums[m] - before.value), m).toBeLessThan(1e-6);
  // Markov order 2: Markov changes, linear does not.
  await view(page).getByLabel('Markov order').selectOption('2');
  await expect(view(page).locator('.markov-facts')).toContainText('order 2');
  const after = await result(page);
  expect(after.settings.order).toBe(2);
  expect(after.models.linear).toEqual(before.models.linear);
  expect(after.models.markov).not.toEqual(before.models.markov);
  await expect(view(page).locator('dd[data-model="markov"]')).toContainText('the last 2 touch points');
  // Position based 30/40/30 and a half-life of 2 steps, applied with the button.
  await view(page).getByLabel('Position based: first (%)').fill('30');
  await view(page).getByLabel('Position based: middle (%)').fill('40');
  await view(page).getByLabel('Position based: last (%)').fill('30');
  await view(page).getByLabel('Time decay half-life (steps)').fill('2');
  await view(page).getByRole('button', { name: 'Apply' }).click();
  await expect(view(page).locator('dd[data-model="position_based"]')).toContainText('30% to the first');
  await expect(view(page).locator('dd[data-model="time_decay"]')).toContainText('half-life in steps: 2');
  // A bad value is refused with a message, nothing recomputed.
  await view(page).getByLabel('Time decay half-life (steps)').fill('0');
  await view(page).getByRole('button', { name: 'Apply' }).click();
  await expect(view(page).locator('form.attr-settings .error')).toContainText('Time decay half-life (steps)');
  // Defaults again.
  await view(page).getByRole('button', { name: 'Defaults' }).click();
  await expect(view(page).locator('.markov-facts')).toContainText('order 1');
  // Exports: the table and the transition matrix as CSV.
  const [table] = await Promise.all([page.waitForEvent('download'), view(page).getByRole('button', { name: 'Table (CSV)' }).click()]);
  expect(table.suggestedFilename()).toBe('attribution.csv');
  const csv = fs.readFileSync(await table.path(), 'utf8');
  expect(csv.split('\n')[0]).toBe('channel,first_touch_conversions,first_touch_value,last_touch_conversions,last_touch_value,linear_conversions,linear_value,time_decay_conversions,time_decay_value,position_based_conversions,position_based_value,markov_conversions,markov_value,shapley_conversions,shapley_value,removal_effect_conversions,removal_effect_value');
  const [matrix] = await Promise.all([page.waitForEvent('download'), view(page).getByRole('button', { name: 'Transition matrix (CSV)' }).click()]);
  expect(matrix.suggestedFilename()).toBe('attribution-transition-matrix-order-1.csv');
  const m = fs.readFileSync(await matrix.path(), 'utf8');
  expect(m.startsWith('from,to,transitions,probability\n(start),')).toBe(true);
  // The chart downloads as SVG (the value chart is still shown: the choice is kept).
  const [svg] = await Promise.all([page.waitForEvent('download'), view(page).locator('tp-chart[name="attribution-value"] button', { hasText: 'SVG' }).click()]);
  expect(svg.suggestedFilename()).toBe('attribution-value.svg');
  expect(fs.readFileSync(await svg.path(), 'utf8')).toContain('Attributed conversion value');
});

test('retail events: a journey converts at its first purchase, or every purchase closes a path', async ({ page }) => {
  await open(page, 'retail');
  // samples/README.md: 676 journeys buy within the window, 1,325 purchases in all.
  let report = await result(page);
  expect(report.conversions).toBe(676);
  expect(report.nulls).toBe(2000 - 676);
  await expect(view(page).locator('dd[data-model="time_decay"]')).toContainText('half-life in days: 7');
  await expect(view(page).locator('.attr-notes')).toContainText('touch points after it do not count');
  await view(page).getByLabel('Journeys with more purchases').selectOption('each');
  await expect(view(page).locator('[data-figure="conversions"] .value')).toHaveText('1,325');
  report = await result(page);
  expect(report.conversion_paths).toBe('each');
  // Channels by the channel column.
  await view(page).getByLabel('Channels are').selectOption('channel');
  await expect(view(page).locator('tr[data-channel="search"]')).toBeVisible();
  const sums = await totals(page);
  for (const m of MODELS) expect(Math.abs(sums[m] - 1325), m).toBeLessThan(1e-6);
  // With the keyboard: the metric toggle is a radio group.
  await view(page).getByLabel('Conversions', { exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(view(page).locator('tp-chart[name="attribution-value"]')).toBeAttached();
  await expect(view(page).getByLabel('Value', { exact: true })).toBeFocused();
  await view(page).screenshot({ path: 'screenshots/attribution-retail.png' });
});

test('hotel guests: every guest books, and the page links to the section', async ({ page }) => {
  await open(page, 'hotel');
  const report = await result(page);
  expect(report.conversions).toBe(8);
  expect(report.nulls).toBe(0);
  await page.locator('nav.jump a[href="#attribution-section"]').click();
  await expect(page.locator('#attribution-section')).toBeInViewport();
  await expect(view(page).locator('table.attribution-table tbody tr').first()).toBeVisible();
});
