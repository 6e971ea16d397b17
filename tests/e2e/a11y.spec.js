// Accessibility audit of every page in its main states (tests/e2e/pages.js): axe-core
// finds no serious or critical violation, in English and in Dutch.
const { test, expect } = require('./fixtures');
const { PAGES } = require('./pages');
const { audit } = require('./axe');

// axe-core adds its own inline styles while it audits, which the pages' strict CSP
// refuses (and logs): the audit runs with the CSP bypassed; the CSP itself is tested by
// video-csp.spec.js and every other spec.
test.use({ bypassCSP: true });
// axe takes its time on the big pages (thousands of rows) of a busy machine.
test.describe.configure({ timeout: 180_000 });

for (const lang of ['en', 'nl']) {
  for (const [file, states] of PAGES) {
    for (const state of states) {
      test(`axe (${lang}): ${file}.html, ${state.name}`, async ({ page, context }) => {
        await context.addInitScript((l) => {
          try {
            localStorage.setItem('touchpoints.lang', JSON.stringify(l));
          } catch {
            // a frame without storage (about:blank, a sandboxed player)
          }
        }, lang);
        await page.setViewportSize({ width: 1280, height: 900 });
        await state.open(page);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        expect(await audit(page)).toEqual([]);
      });
    }
  }
}
