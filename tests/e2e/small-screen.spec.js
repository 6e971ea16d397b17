// Small screens: every page, in each of its main states (tests/e2e/pages.js), in English
// and in Dutch (longer words), at 390 px wide (a phone) scrolls only up and down: the
// document is no wider than the window. Wide tables and charts scroll inside their own
// box or shrink. A failure names the elements that stick out.
const { test, expect } = require('./fixtures');
const { PAGES } = require('./pages');

const WIDTH = 390;

/** The widest elements that stick out of the window (not inside their own scroll box). */
function overflowing(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const out = [];
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (/(auto|scroll|hidden|clip)/.test(s.overflowX)) return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > width + 1 && !clipped(el)) {
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
        out.push(`${name} (right ${Math.round(r.right)} px)`);
      }
    }
    return out.slice(0, 12);
  });
}

for (const lang of ['en', 'nl']) {
  for (const [file, states] of PAGES) {
    for (const state of states) {
      test(`390 px (${lang}): ${file}.html, ${state.name}`, async ({ page, context }) => {
        await context.addInitScript((l) => {
          try {
            localStorage.setItem('touchpoints.lang', JSON.stringify(l));
          } catch {
            // a frame without storage (about:blank, a sandboxed player)
          }
        }, lang);
        await page.setViewportSize({ width: WIDTH, height: 844 });
        await state.open(page);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        const sizes = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth }));
        expect(sizes.scroll <= sizes.inner ? [] : await overflowing(page), `sideways scroll: ${sizes.scroll} px in ${sizes.inner} px`).toEqual([]);
        expect(sizes.scroll).toBeLessThanOrEqual(sizes.inner);
      });
    }
  }
}
