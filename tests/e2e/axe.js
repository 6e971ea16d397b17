// The accessibility audit: axe-core (npm @axe-core/playwright, from node_modules, never a
// CDN) on the whole page, shadow roots (the widget) included. `audit(page)` returns the
// serious and critical violations as readable lines ("rule: target — summary"), so a
// failing test names what to fix.
const { AxeBuilder } = require('@axe-core/playwright');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function audit(page) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(0, 3).join(' ')}`));
}

module.exports = { audit };
