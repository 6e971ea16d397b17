// Accessibility audit of every page in its main states (tests/e2e/pages.js): axe-core
// finds no serious or critical violation, in English and in Dutch.
const { test, expect } = require('./fixtures');
const { PAGES } = require('./pages');
const { audit } = require('./axe');

for (const [file, states] of PAGES) {
  for (const state of states) {
    test(`axe: ${file}.html, ${state.name}`, async ({ page }) => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await state.open(page);
      expect(await audit(page)).toEqual([]);
    });
  }
}
