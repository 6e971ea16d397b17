// Playwright configuration: headless Debian chromium (never `npx playwright install`),
// the static server scripts/serve.mjs serving www/ with the strict CSP on port 8123.
// Run: npx playwright test   (or: make test). Benchmarks: tests/bench/ (make bench-browser).
const { defineConfig } = require('@playwright/test');
const { execSync } = require('node:child_process');

const PORT = Number(process.env.E2E_PORT || 8123);

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const path = execSync(`command -v ${name}`, { shell: '/bin/sh', encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // try the next name
    }
  }
  throw new Error('chromium not found: run scripts/setup.sh (apt-get install chromium chromium-driver)');
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const use = {
  baseURL: `http://127.0.0.1:${PORT}`,
  headless: true,
  launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  screenshot: 'only-on-failure',
  trace: 'off',
  video: 'off',
  serviceWorkers: 'block',
};

module.exports = defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'screenshots/test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 1 : 2,
  reporter: 'list',
  use,
  projects: [{ name: 'chromium', use }],
  webServer: {
    command: `node scripts/serve.mjs --port ${PORT} --csp --quiet`,
    url: `http://127.0.0.1:${PORT}/samples/README.md`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});

module.exports.CHROMIUM_ARGS = CHROMIUM_ARGS;
module.exports.chromiumPath = chromiumPath;
