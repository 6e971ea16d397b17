// The widget's attribution charts: <touchpoints-chart chart="attribution"> and
// chart="attribution-value" on the embed page (retail sample, default settings),
// drawn by the core with a title and a text alternative, under the strict CSP.
const { test, expect } = require('./fixtures');

test('chart="attribution" and chart="attribution-value" draw the models per channel', async ({ page }) => {
  await page.goto('/embed.html');
  const live = page.locator('#live-chart');
  await expect(live.locator('svg').first()).toBeAttached({ timeout: 30_000 });
  for (const [chart, title] of [
    ['attribution', 'Attributed conversions by channel and model'],
    ['attribution-value', 'Attributed conversion value by channel and model'],
  ]) {
    await page.selectOption('#chart-pick', chart);
    const svg = live.locator('svg');
    await expect(svg.locator('title').first()).toHaveText(title);
    const desc = await svg.locator('desc').textContent();
    expect(desc).toMatch(/seven models|7 models/);
    for (const model of ['first touch', 'Markov', 'Shapley']) expect(desc).toContain(model);
    // One bar per channel and model, each with a tooltip.
    expect(await svg.locator('rect > title').count()).toBeGreaterThan(7 * 5);
  }
});
