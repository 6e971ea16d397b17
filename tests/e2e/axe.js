// The accessibility audit: axe-core (npm @axe-core/playwright, from node_modules, never a
// CDN) on the whole page, shadow roots (the widget) included. `audit(page)` returns the
// serious and critical violations, one line per rule ("rule (impact) ×count: first
// targets — summary"), so a failing test names what to fix in a few lines.
const { AxeBuilder } = require('@axe-core/playwright');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function audit(page) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
      const summary = (v.nodes[0]?.failureSummary || '').split('\n').slice(0, 2).join(' ');
      return `${v.id} (${v.impact}) ×${v.nodes.length}: ${targets} — ${summary}`;
    });
}

module.exports = { audit };
