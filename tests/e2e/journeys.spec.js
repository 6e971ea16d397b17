// The Journeys page as a student uses it: load the retail sample, build a
// 4-step funnel, see where journeys drop and what they did next, download the
// drop-off list, check that the flow's numbers equal the funnel's, look at the
// paths and the journey map — with the keyboard where a student would.
const { test, expect } = require('./fixtures');
const fs = require('node:fs');

async function openRetail(page) {
  await page.goto('/journeys.html?sample=retail');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('#funnel')).toHaveAttribute('data-state', 'ready');
}

const cells = (row) => row.locator('td').allTextContents();

test('a student builds a 4-step funnel and sees where journeys drop and what they did next', async ({ page }) => {
  await openRetail(page);
  // The default funnel is the three stages.
  await expect(page.locator('#funnel .funnel-table tbody tr')).toHaveCount(3);
  await page.getByText('Type the steps as text').click();
  const quick = page.getByLabel('Steps as text');
  await quick.fill('Instagram ad, Website visit, Online order, Delivery');
  await quick.press('Enter');
  const rows = page.locator('#funnel .funnel-table tbody tr');
  await expect(rows).toHaveCount(4);
  // The same numbers as `touchpoints funnel … --steps "Instagram ad, Website visit, Online order, Delivery"`.
  expect((await cells(rows.nth(0))).slice(0, 5)).toEqual(['1. Instagram ad', '1,141', '100%', '–', '220']);
  expect((await cells(rows.nth(1))).slice(0, 5)).toEqual(['2. Website visit', '921', '80.7%', '80.7%', '660']);
  expect((await cells(rows.nth(2))).slice(0, 5)).toEqual(['3. Online order', '261', '22.9%', '28.3%', '6']);
  expect((await cells(rows.nth(3))).slice(0, 5)).toEqual(['4. Delivery', '255', '22.3%', '97.7%', '–']);
  await expect(page.locator('#funnel [data-card="completed"] .value')).toHaveText('255');
  // The form shows the four steps, so they can be edited.
  await expect(page.locator('#funnel .step-row')).toHaveCount(4);

  // Where they drop and what they did next.
  const drop = page.locator('#funnel .dropoff[data-step="2"]');
  await expect(drop.locator('h4')).toHaveText('After step 2 (Website visit): 660 dropped (71.7%)');
  await expect(drop.locator('.next-list li').first()).toHaveText('Website visit — 255 (38.6%)');
  await expect(drop.locator('.next-list')).toContainText('end of the journey — 162');
  const [download] = await Promise.all([page.waitForEvent('download'), drop.getByRole('button', { name: 'Download the 660 journeys (CSV)' }).click()]);
  const csv = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toBe('step,step_label,journey,next_touchpoint');
  expect(csv).toHaveLength(661);
  expect(csv[1]).toMatch(/^2,Website visit,R\d{4},/);

  // The flow's numbers equal the funnel's.
  const flow = page.locator('#funnel tp-chart[name="funnel-flow"] svg desc');
  await expect(flow).toContainText('Instagram ad → Website visit 921');
  await expect(flow).toContainText('Website visit → Online order 261');
  await expect(flow).toContainText('Online order → Delivery 255');
  // Every chart can be saved as SVG and PNG.
  const funnelChart = page.locator('#funnel tp-chart[name="funnel"]');
  await expect(funnelChart.getByRole('button', { name: /^SVG/ })).toBeVisible();
  await expect(funnelChart.getByRole('button', { name: /^PNG/ })).toBeVisible();
  const [svg] = await Promise.all([page.waitForEvent('download'), funnelChart.getByRole('button', { name: /^SVG/ }).click()]);
  expect(svg.suggestedFilename()).toBe('funnel.svg');
  // "How is this computed?" states the definitions.
  await page.locator('#funnel details.how summary').click();
  await expect(page.locator('#funnel details.how')).toContainText('Dropped: reached this step but not the next required one.');
});

test('the funnel builder works from the keyboard: add a step, choose a class, make it optional, build', async ({ page }) => {
  await openRetail(page);
  const add = page.locator('#funnel').getByRole('button', { name: 'Add a step' });
  await add.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#funnel .step-row')).toHaveCount(4);
  // Focus moved to the new step's first control (its type).
  await expect(page.locator('#funnel .step-row').nth(3).locator('select').first()).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Product review');
  // Step 2 (stage = purchase) becomes optional, and step 4 moves up: review before post-purchase.
  await page.getByRole('checkbox', { name: 'optional' }).nth(1).check();
  await page.getByRole('button', { name: 'Move step 4 up' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Move step 3 up' })).toBeFocused();
  await page.getByRole('button', { name: 'Build the funnel' }).focus();
  await page.keyboard.press('Enter');
  const rows = page.locator('#funnel .funnel-table tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1).locator('td').first()).toHaveText('2. stage = purchase (optional)');
  await expect(rows.nth(2).locator('td').first()).toHaveText('3. Product review');
  // Options (collapsed, their summary says the defaults): strict order and a window, then a breakdown by first-touch channel.
  const options = page.locator('#funnel details.options > summary');
  await expect(options).toHaveText('Options: Sequential · no window · Closed · Journeys');
  await options.focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Order', { exact: true }).selectOption('strict');
  await page.getByLabel('Conversion window', { exact: true }).fill('30d');
  await page.getByLabel('Break down by', { exact: true }).selectOption('channel');
  await page.getByRole('button', { name: 'Build the funnel' }).click();
  await expect(page.locator('#funnel .breakdown table tbody tr').first()).toBeVisible();
  await expect(page.locator('#funnel details.how')).toContainText('Strict: each step the very next event');
  await expect(page.locator('#funnel details.how')).toContainText('Window: the last step at most 30 days after the first.');
});

test('a step that cannot be read is shown with its position, and the last funnel stays', async ({ page }) => {
  await openRetail(page);
  await page.getByText('Type the steps as text').click();
  const quick = page.getByLabel('Steps as text');
  await quick.fill('Instagram ad,, Delivery');
  await quick.press('Enter');
  await expect(page.locator('#funnel .funnel-form .error')).toContainText('step at character 14: the step is empty');
  await expect(page.locator('#funnel .funnel-table tbody tr')).toHaveCount(3);
});

test('paths from a step equal the funnel; the transition matrix and cleaning rules', async ({ page }) => {
  await openRetail(page);
  const paths = page.locator('#paths');
  await expect(paths).toHaveAttribute('data-state', 'ready');
  await paths.getByLabel('Starting step').fill('Instagram ad');
  await paths.getByLabel('Steps shown (2–20)').fill('3');
  await paths.getByRole('button', { name: 'Show the paths' }).click();
  const desc = paths.locator('tp-chart[name="paths-sankey"] svg desc');
  await expect(desc).toContainText('Step 1: Instagram ad 1,141');
  await expect(paths.locator('tp-chart[name="transition-matrix"] svg')).toBeVisible();
  // A cleaning rule folds every ad into "Ads".
  await paths.getByRole('button', { name: 'Add a cleaning rule' }).click();
  await paths.getByLabel('Pattern of rule 1').fill(' ad$|commercial');
  await paths.getByLabel('Alias of rule 1').fill('Ads');
  await paths.getByLabel('Starting step').fill('');
  await paths.getByRole('button', { name: 'Show the paths' }).click();
  await expect(desc).toContainText('Ads');
  await expect(desc).not.toContainText('Instagram ad');
  // A bad pattern is named.
  await paths.getByLabel('Pattern of rule 1').fill('(ad');
  await paths.getByRole('button', { name: 'Show the paths' }).click();
  await expect(paths.locator(':scope > .error')).toContainText('cleaning rule 1: "(ad" is not a regular expression');
});

test('the journey map of all journeys, of the converted ones and of one journey', async ({ page }) => {
  await openRetail(page);
  const map = page.locator('#journey-map');
  await expect(map).toHaveAttribute('data-state', 'ready');
  const svg = map.locator('tp-chart[name="journey-map"] svg');
  await expect(svg.locator(':scope > title')).toHaveText('Customer journey map: all journeys (2,000 journeys)');
  const desc = svg.locator('desc');
  await expect(desc).toContainText('pre-purchase: 2,000 journeys (100%)');
  await expect(desc).toContainText('Pain points:');
  await expect(map.locator('.moments-line.pain')).toBeVisible();
  await map.getByLabel('Journeys', { exact: true }).selectOption('converted');
  await map.getByRole('button', { name: 'Draw the map' }).click();
  await expect(svg.locator(':scope > title')).toHaveText(/journeys that converted .*\(676 journeys\)/);
  await map.getByLabel('Journeys', { exact: true }).selectOption('journey');
  await map.getByLabel('Journey', { exact: true }).fill('R0001');
  await map.getByRole('button', { name: 'Draw the map' }).click();
  await expect(svg.locator(':scope > title')).toHaveText('Customer journey map: the journey R0001 (1 journey)');
  // Stages defined by steps.
  await map.getByLabel('Journeys', { exact: true }).selectOption('all');
  await map.getByLabel('Define the stages by steps').check();
  await expect(map.getByLabel('Name of stage 1')).toHaveValue('Awareness');
  await map.getByRole('button', { name: 'Draw the map' }).click();
  await expect(desc).toContainText('Awareness:');
  const [download] = await Promise.all([page.waitForEvent('download'), map.getByRole('button', { name: 'Journey map (CSV)' }).click()]);
  expect(fs.readFileSync(await download.path(), 'utf8')).toMatch(/^stage,touchpoint,journeys,share,events,kind,experience,rated\nAwareness,/);
});

test('the page is linked from every page and leaves a slot for attribution', async ({ page }) => {
  await page.goto('/index.html');
  await page.locator('tp-header nav').getByRole('link', { name: 'Journeys', exact: true }).click();
  await expect(page).toHaveURL(/journeys\.html$/);
  await expect(page.locator('tp-header nav a[aria-current="page"]')).toHaveText('Journeys');
  await expect(page.locator('#attribution-section h2')).toHaveText('Attribution');
  await expect(page.locator('#attribution-section tp-attribution-view')).toHaveCount(1);
});

test('the classroom shows the journey map of the class consensus', async ({ page }) => {
  await page.goto('/classroom.html');
  await page.getByRole('button', { name: 'Use the demo key' }).click();
  await page.getByRole('button', { name: 'Load 5 demo students' }).click();
  const svg = page.locator('#chart-journey-map svg');
  await expect(svg.locator(':scope > title')).toHaveText(/^Customer journey map: the class's consensus \(\d key marks found by at least half of the 5 students\) \(1 journey\)$/);
  // Friend recommendation is missed by two of five students: still a consensus mark.
  await expect(svg.locator(':scope > desc')).toContainText('Friend recommendation at 00:58');
  await expect(svg.locator(':scope > desc')).toContainText('Instagram ad at 00:08');
});

test('the widget draws chart="funnel" (with steps), "paths" and "journey-map"', async ({ page }) => {
  await page.goto('/embed.html');
  const live = page.locator('#live-chart');
  await expect(live.locator('svg').first()).toBeVisible();
  const title = () => page.evaluate(() => document.getElementById('live-chart').shadowRoot.querySelector('svg > title')?.textContent ?? '');
  await page.selectOption('#chart-pick', 'funnel');
  await expect.poll(title).toBe('Funnel: 4 steps, 255 of 1,141 journeys complete');
  await page.selectOption('#chart-pick', 'paths');
  await expect.poll(title).toBe('Paths of 2,000 journeys, from the start of each journey');
  await page.selectOption('#chart-pick', 'journey-map');
  await expect.poll(title).toBe('Customer journey map: all journeys (2,000 journeys)');
  // Without steps a funnel chart says what it needs.
  await page.evaluate(() => {
    const el = document.getElementById('live-chart');
    el.removeAttribute('steps');
    el.setAttribute('chart', 'funnel');
  });
  await expect(live.locator('.tp-error')).toContainText('chart="funnel" needs steps="…"');
});
