// Browser benchmark configuration (not part of `make test`): the main config with
// testDir tests/bench and a long timeout. Run: make bench-browser
// (= BENCH=1 npx playwright test --config tests/bench/playwright.config.js).
const path = require('node:path');
const { defineConfig } = require('@playwright/test');
const main = require('../../playwright.config.js');

module.exports = defineConfig({
  ...main,
  testDir: __dirname,
  testMatch: '**/*.spec.js',
  outputDir: path.join(__dirname, '..', '..', 'screenshots', 'bench-results'),
  timeout: 15 * 60_000,
  workers: 1,
  // Our server, also serving node_modules/ (PapaParse, DuckDB-Wasm): never a CDN.
  webServer: {
    ...main.webServer,
    command: `${main.webServer.command} --node-modules`,
    url: main.webServer.url.replace('/samples/README.md', '/node_modules/papaparse/package.json'),
    cwd: path.join(__dirname, '..', '..'),
  },
});
