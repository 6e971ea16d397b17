// The interface in English and Dutch: both message tables have the same keys and
// placeholders, the markup holds keys only (every data-i18n key is in the tables), every
// page has the language switch (remembered; the default follows the browser's language;
// <html lang> follows), numbers are formatted for the language, and no page in any of its
// main states shows an English message when Dutch is chosen.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect } = require('./fixtures');
const { TABLES, placeholders } = require('./tables');
const { PAGES } = require('./pages');

const { en, nl } = TABLES;
const WWW = path.join(__dirname, '..', '..', 'www');
const HTML = fs.readdirSync(WWW).filter((f) => f.endsWith('.html'));

test('both tables have the same keys, with the same placeholders', () => {
  expect(Object.keys(en).filter((k) => !(k in nl)), 'keys in en.js, not in nl.js').toEqual([]);
  expect(Object.keys(nl).filter((k) => !(k in en)), 'keys in nl.js, not in en.js').toEqual([]);
  const differ = Object.keys(en).filter((k) => k in nl && placeholders(en[k]).join() !== placeholders(nl[k]).join());
  expect(differ, 'messages whose {placeholders} differ').toEqual([]);
  for (const table of [en, nl]) for (const [k, v] of Object.entries(table)) expect(typeof v, k).toBe('string');
});

test('the markup holds keys only: every data-i18n key is in both tables, and no element repeats its text', () => {
  const missing = [];
  const repeated = [];
  for (const file of HTML) {
    const html = fs.readFileSync(path.join(WWW, file), 'utf8');
    for (const m of html.matchAll(/data-i18n(?:-title|-placeholder|-aria-label)?="([^"]+)"/g)) {
      if (!(m[1] in en) || !(m[1] in nl)) missing.push(`${file}: ${m[1]}`);
    }
    // An element with data-i18n is empty in the markup (the table fills it).
    for (const m of html.matchAll(/<(\w+)\b[^>]*\sdata-i18n="([^"]+)"[^>]*>([^<]*)<\/\1>/g)) {
      if (m[3].trim()) repeated.push(`${file}: ${m[2]} repeats “${m[3].trim()}”`);
    }
    // Translated attributes are not repeated in English beside their key.
    for (const m of html.matchAll(/<[a-z][^>]*data-i18n-(title|placeholder|aria-label)="[^"]*"[^>]*>/g)) {
      if (new RegExp(`\\s${m[1]}="`).test(m[0])) repeated.push(`${file}: ${m[0].slice(0, 80)}`);
    }
  }
  expect(missing, 'data-i18n keys missing from a table').toEqual([]);
  expect(repeated, 'English repeated in the markup').toEqual([]);
});

test('every page has the language switch; the choice is remembered and sets <html lang>', async ({ page }) => {
  for (const file of HTML) {
    await page.goto(`/${file}`);
    await expect(page.locator('#tp-language'), file).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  await page.goto('/index.html');
  await page.selectOption('#tp-language', 'nl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page.locator('h1')).toHaveText(nl['index.title']);
  await expect(page.locator('nav a[href="annotate.html"]')).toHaveText(nl['common.nav.annotate']);
  await page.goto('/value.html');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page).toHaveTitle(nl['value.pageTitle']);
  await expect(page.locator('#tp-language')).toHaveValue('nl');
  await page.selectOption('#tp-language', 'en');
  await expect(page.locator('h1')).toHaveText(en['value.title']);
});

test.describe('a Dutch browser', () => {
  test.use({ locale: 'nl-NL' });
  test('gets Dutch by default, with Dutch number formats', async ({ page }) => {
    await page.goto('/index.html?sample=retail');
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page.locator('h1')).toHaveText(nl['index.title']);
    await expect(page.locator('[data-card="events"] .value')).toHaveText(/^\d{1,3}(\.\d{3})+$/); // 1.234 (a Dutch thousands separator)
  });
});

test('?lang=nl in the address chooses Dutch (a teacher can send a Dutch link)', async ({ page }) => {
  await page.goto('/classroom.html?lang=nl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page.locator('h1')).toHaveText(nl['classroom.title']);
});

/** English messages that differ in Dutch, as exact texts and as patterns (placeholders as wildcards). */
function englishMatchers() {
  const exact = new Set();
  const patterns = [];
  // A text that is also a Dutch message is Dutch ("Open" is both an English button and a Dutch word).
  const dutch = new Set(Object.values(nl).map((v) => v.trim()));
  for (const [key, text] of Object.entries(en)) {
    if (text === nl[key] || dutch.has(text.trim())) continue;
    const literal = text.replace(/\{\w+\}/g, '').replace(/[^A-Za-z]+/g, ' ').trim();
    if (!/\{\w+\}/.test(text)) {
      if (/[A-Za-z]{3}/.test(text)) exact.add(text.trim());
    } else if (literal.split(' ').filter((w) => w.length > 2).length >= 2) {
      const source = text.trim().split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?');
      patterns.push([key, new RegExp(`^${source}$`, 's')]);
    }
  }
  return { exact, patterns };
}

/** Every visible text of the page (text nodes, shadow roots, SVG text) and the labels a screen reader reads. */
async function visibleTexts(page) {
  return page.evaluate(() => {
    const out = [];
    const shown = (el) => {
      if (!el) return true;
      if (el.closest('svg')) return true; // chart text: titles and descriptions included
      const style = getComputedStyle(el);
      return style.display !== 'none' && style.visibility !== 'hidden';
    };
    const walk = (root) => {
      const tw = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n = tw.currentNode; n; n = tw.nextNode()) {
        if (n.nodeType !== Node.TEXT_NODE && n.nodeType !== Node.ELEMENT_NODE) continue;
        if (n.nodeType === Node.TEXT_NODE) {
          const p = n.parentElement;
          if (!p || /^(SCRIPT|STYLE)$/.test(p.tagName)) continue;
          if (p.closest('code, pre, textarea, [translate="no"]')) continue;
          const text = n.textContent.trim();
          if (text && (p.closest('[hidden]') == null || p.closest('dialog[open]')) && shown(p)) out.push(text);
        } else {
          for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
            const v = n.getAttribute(attr);
            if (v && n.tagName !== 'TITLE' && !n.closest('[hidden]')) out.push(v.trim());
          }
          if (n.shadowRoot) walk(n.shadowRoot);
        }
      }
    };
    walk(document.body);
    out.push(document.title);
    return out;
  });
}

const { exact, patterns } = englishMatchers();

for (const [file, states] of PAGES) {
  for (const state of states) {
    test(`no English in Dutch: ${file}.html, ${state.name}`, async ({ page, context }) => {
      await context.addInitScript(() => localStorage.setItem('touchpoints.lang', '"nl"'));
      await page.setViewportSize({ width: 1280, height: 900 });
      await state.open(page);
      await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
      const english = [];
      const texts = await visibleTexts(page);
      // A JavaScript value written as text (a null child, an undefined message) is no message at all.
      expect(texts.filter((text) => /^(null|undefined|NaN|\[object Object\])$/.test(text)), 'values shown as text').toEqual([]);
      for (const text of texts) {
        // Where a problem is, written by hand in English ("line 3: …"), whatever follows.
        if (/^line \d+(, column \d+)?:/.test(text)) english.push(text);
        else if (exact.has(text)) english.push(text);
        else {
          const hit = patterns.find(([, re]) => re.test(text));
          if (hit) english.push(`${text}  (${hit[0]})`);
        }
      }
      expect([...new Set(english)], 'English messages on the Dutch page').toEqual([]);
    });
  }
}

test('the classroom feedback and the grade formula are Dutch for a Dutch teacher: every line, none of the core\'s English', async ({ page }) => {
  await page.goto('/classroom.html?lang=nl');
  await page.click('#demo-key');
  await expect(page.locator('#key-status')).not.toBeEmpty();
  await page.click('#demo-students');
  await expect(page.locator('#grades tbody tr')).toHaveCount(5);
  await page.locator('#grades tbody tr').first().locator('button').first().click();
  const feedback = await page.locator('#feedback-preview').textContent();
  const start = (key) => nl[key].split('{')[0];
  for (const key of ['core.feedback.for', 'core.feedback.grade', 'core.feedback.missed', 'core.feedback.extra', 'core.feedback.moments', 'core.feedback.formula']) {
    expect(feedback, key).toContain(start(key));
  }
  expect(feedback).toContain(nl['core.moments.rule'].split('{')[0]);
  const english = Object.entries(en)
    .filter(([key]) => /^core\.(feedback|moments|grade)\./.test(key))
    .map(([key, text]) => [key, text.split(/\{\w+\}/).filter((part) => part.replace(/[^A-Za-z]/g, '').length > 6)])
    .flatMap(([key, parts]) => parts.filter((part) => feedback.includes(part)).map((part) => `${key}: ${part}`));
  expect(english, 'English of the core in the Dutch feedback').toEqual([]);
  await expect(page.locator('#formula')).toContainText('nauwkeurigheid van het aantal');
});

test('the bad rows of a file are listed in Dutch for a Dutch page: what is wrong and what was expected', async ({ page }) => {
  await page.goto('/index.html?lang=nl&sample=bad-rows');
  const items = page.locator('#problem-list li');
  await expect(items).toHaveCount(7);
  await expect(items.nth(0)).toContainText('tijd "yesterday" is geen tijd; verwacht een datum (2026-03-02)');
  await expect(items.nth(1)).toContainText(nl['core.row.noTouchpoint']);
  await expect(items.nth(2)).toContainText(nl['core.row.noJourney']);
  await expect(items.nth(3)).toContainText('deze regel heeft 3 velden, de kopregel heeft er 9');
  await expect(items.nth(4)).toContainText('value "12,5 EUR" is geen getal');
  await expect(items.nth(6)).toContainText('converted "maybe" is geen ja of nee');
  const text = await page.locator('#problem-list').textContent();
  const english = Object.entries(en)
    .filter(([key]) => /^core\.(row|time)\./.test(key))
    .flatMap(([key, message]) => message.split(/\{\w+\}/).filter((part) => part.replace(/[^A-Za-z]/g, '').length > 6 && text.includes(part) && !nl[key].includes(part)).map((part) => `${key}: ${part}`));
  expect(english, 'English of the core in the Dutch problem list').toEqual([]);
});

test('a link that names no video is refused in Dutch for a Dutch student, with what was expected', async ({ page }) => {
  await page.goto('/annotate.html?lang=nl');
  await expect(page.locator('#observer-dialog')).toBeVisible();
  await page.fill('#observer-input', 'Noor');
  await page.keyboard.press('Enter');
  await page.fill('#video-url', 'https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs');
  await page.press('#video-url', 'Enter');
  await expect(page.locator('#error')).toContainText('deze YouTube-link is een afspeellijst, geen losse video: open de video en kopieer de link ervan (youtube.com/watch?v=ID');
  await page.fill('#video-url', 'https://vimeo.com/channels/staffpicks');
  await page.press('#video-url', 'Enter');
  await expect(page.locator('#error')).toContainText('deze Vimeo-link');
  await expect(page.locator('#error')).not.toContainText('this Vimeo link');
});

test('the core draws its charts in Dutch for a Dutch page: titles, class labels, text alternatives', async ({ page }) => {
  await page.goto('/index.html?lang=nl&sample=hotel');
  await expect(page.locator('#results')).toBeVisible();
  const byKind = page.locator('#chart-by_kind svg');
  await expect(byKind.locator('title').first()).toHaveText(nl['core.chart.byDimension.title'].replace('{dimension}', nl['core.dimension.kind']));
  await expect(byKind.locator('desc').first()).toContainText(`${nl['class.actual-experience']} 51`);
  await expect(byKind).toContainText(nl['class.mass-communication']);
  await expect(page.locator('#chart-timeline svg title').first()).toContainText('Tijdlijn van klantreizen');
  // The same file in English: the core's own English.
  await page.goto('/index.html?lang=en&sample=hotel');
  await expect(page.locator('#chart-by_kind svg title').first()).toHaveText('Touch points by kind');
});

test('a widget speaks its lang attribute: Dutch figures and charts on an English page', async ({ page }) => {
  await page.goto('/embed.html?lang=en');
  await page.evaluate(() => {
    const w = document.createElement('touchpoints-report');
    w.id = 'dutch-report';
    w.setAttribute('lang', 'nl');
    w.setAttribute('src', 'samples/retail-journeys.csv');
    w.setAttribute('preset', 'retail');
    document.querySelector('main').append(w);
  });
  const report = page.locator('#dutch-report');
  await expect(report.locator('.tp-label').first()).toHaveText(nl['widget.fig.events']);
  await expect(report.locator('.tp-value').first()).toHaveText(/^\d{1,3}(\.\d{3})+$/);
  await expect(report.locator('figure svg title').first()).toContainText('Contactmomenten');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en'); // the host page keeps its language
  await expect(page.locator('h1')).toHaveText(en['embed.title']);
});

test('a Dutch teacher reads what is wrong with a student file in Dutch: the importer\'s problem and that the student is left out', async ({ page }) => {
  await page.goto('/classroom.html?lang=nl');
  await page.click('#demo-key');
  await expect(page.locator('#key-status')).not.toBeEmpty();
  await page.click('#demo-students');
  await expect(page.locator('#grades tbody tr')).toHaveCount(5);
  const late = 'WEBVTT\n\nNOTE\nobserver: Sem\n\n00:00:09.000 --> 00:00:08.000\nLogo\n[event: point]\n\nnot a cue\n00:00:xx --> 00:00:12.000\nWinkel\n';
  await page.locator('#students-input').setInputFiles([
    { name: 'kapot.vtt', mimeType: 'text/vtt', buffer: Buffer.from('dit is geen annotatiebestand') },
    { name: 'kapot.srt', mimeType: 'text/plain', buffer: Buffer.from('1\n00:00:01,000 --> nooit\nLogo\n') },
    { name: 'sem.vtt', mimeType: 'text/vtt', buffer: Buffer.from(late) },
  ]);
  await expect(page.locator('#file-problems')).toBeVisible();
  const list = page.locator('#problem-list');
  await expect(list).toContainText('kapot.vtt');
  await expect(list).toContainText(nl['core.classroom.leftOut'].replace('{problem}; ', ''));
  const text = await list.textContent();
  const english = Object.entries(en)
    .filter(([key]) => /^core\.(import|classroom|time|cue)\./.test(key))
    .flatMap(([key, message]) => message.split(/\{\w+\}/).filter((part) => part.replace(/[^A-Za-z]/g, '').length > 6 && text.includes(part) && !nl[key].includes(part)).map((part) => `${key}: ${part}`));
  expect(english, 'English of the core in the Dutch file problems').toEqual([]);
  expect(text).not.toMatch(/left out|expected|line \d/);
});
