// Shared Playwright fixtures: every spec imports `test` and `expect` from here.
//
//   const { test, expect } = require('./fixtures');
//
// The guard is automatic. For each test it
//   - records every request of the browser context (pages, iframes, workers) in
//     `requests` and FAILS the test if any goes to a host other than 127.0.0.1 or
//     localhost (data: and blob: are allowed); such requests are also aborted, so
//     nothing ever leaves the machine ("no network" invariant);
//   - collects console errors (pages and workers) and uncaught page errors, and FAILS
//     the test when any were seen.
// A spec that provokes an error on purpose allows it by pattern:
//   test.use({ allowConsoleErrors: [/expected message/] });
// A spec of a page that may load a video provider's player (annotate.html with a
// YouTube or Vimeo link) lists the exact URLs that are answered by local stubs:
//   test.use({ stubs: PROVIDER_STUBS });   // tests/e2e/provider-stubs.js
// `stubs` is an object of named stubs (not a list: Playwright would read a list as a
// fixture tuple), each {url: exact string or RegExp, file: path under tests/e2e/, type}. A request
// matching a stub is answered with that file and recorded in `stubbedRequests` (not
// foreign); any other request to another host is still aborted and fails the test.
// Without `stubs` (every other spec) nothing is answered for another host.
// Other fixtures: `requests` (array of {url, method, resourceType}) and `consoleErrors`.
const base = require('@playwright/test');
const fs = require('node:fs');
const path = require('node:path');

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isLocal(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'ws:') return false;
  return LOCAL_HOSTS.has(u.hostname);
}

function where(msg) {
  const loc = msg.location && msg.location();
  return loc && loc.url ? ` (${loc.url}:${loc.lineNumber}:${loc.columnNumber})` : '';
}

/** The stub answering `url`, if any. */
function stubFor(stubs, url) {
  return Object.values(stubs).find((s) => (s.url instanceof RegExp ? s.url.test(url) : s.url === url));
}

const test = base.test.extend({
  allowConsoleErrors: [[], { option: true }],
  stubs: [{}, { option: true }],
  requests: async ({}, use) => use([]),
  consoleErrors: async ({}, use) => use([]),
  foreignRequests: async ({}, use) => use([]),
  stubbedRequests: async ({}, use) => use([]),

  context: async ({ context, requests, consoleErrors, foreignRequests, stubbedRequests, stubs, allowConsoleErrors }, use) => {
    const allowed = (text) => allowConsoleErrors.some((re) => (re instanceof RegExp ? re.test(text) : text.includes(re)));
    // The context's console event covers pages and their dedicated workers.
    const onConsole = (origin) => (msg) => {
      if (msg.type() !== 'error') return;
      const text = `${origin}console.error: ${msg.text()}${where(msg)}`;
      if (!allowed(text) && !consoleErrors.includes(text)) consoleErrors.push(text);
    };
    const onPage = (page) => {
      page.on('pageerror', (err) => {
        const text = `page error: ${err.stack || err.message || String(err)}`;
        if (!allowed(text)) consoleErrors.push(text);
      });
      page.on('crash', () => consoleErrors.push('page crashed'));
    };
    context.on('console', onConsole(''));
    context.on('page', onPage);
    context.pages().forEach(onPage);
    context.on('request', (req) => {
      requests.push({ url: req.url(), method: req.method(), resourceType: req.resourceType() });
      if (isLocal(req.url())) return;
      if (stubFor(stubs, req.url())) stubbedRequests.push(req.url());
      else foreignRequests.push(req.url());
    });
    // Answer the listed stubs from local files; abort anything else that would leave the
    // machine (recorded above, so the test still fails).
    await context.route(
      (url) => !isLocal(url.href),
      (route) => {
        const url = route.request().url();
        const stub = stubFor(stubs, url);
        if (stub) return route.fulfill({ status: 200, contentType: stub.type, body: fs.readFileSync(path.join(__dirname, stub.file)) });
        if (!foreignRequests.includes(url)) foreignRequests.push(url);
        return route.abort('blockedbyclient');
      },
    );
    await use(context);
  },

  // Automatic: asserts at the end of every test, after the test body ran.
  _guard: [
    async ({ context, consoleErrors, foreignRequests }, use) => {
      void context;
      await use();
      base.expect.soft(foreignRequests, 'requests to hosts other than 127.0.0.1/localhost').toEqual([]);
      base.expect.soft(consoleErrors, 'console errors and uncaught page errors').toEqual([]);
    },
    { auto: true },
  ],
});

module.exports = { test, expect: base.expect, isLocal };
