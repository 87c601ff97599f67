import { defineConfig, devices } from '@playwright/test';

import { E2E_PASSWORD, E2E_TOKEN } from './e2e/auth-secrets';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const AUTH_PORT = PORT + 1;
const DATABASE_URL = process.env.E2E_DATABASE_URL ?? 'file:./data/e2e.db';
// Debian's chromium by default (Playwright's own browser download is not reachable here); set
// PLAYWRIGHT_CHROMIUM_PATH to another binary, or to "bundled" to use Playwright's own browser.
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium';

function browserUse() {
  return {
    ...devices['Desktop Chrome'],
    viewport: { width: 1366, height: 900 },
    launchOptions:
      chromiumPath === 'bundled'
        ? {}
        : {
            executablePath: chromiumPath,
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
          },
  };
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    acceptDownloads: true,
  },
  // `setup` starts from the empty database: it imports a small generated demo data set through
  // the Data tab and trains through the Performance tab; every tab's spec depends on it.
  projects: [
    { name: 'setup', testMatch: /setup\.spec\.ts/, use: { ...browserUse() } },
    // Access control, against a second server started with DASHBOARD_PASSWORD and API_TOKEN.
    { name: 'auth', testMatch: /auth\.spec\.ts/, use: { ...browserUse(), baseURL: `http://127.0.0.1:${AUTH_PORT}` } },
    {
      name: 'chromium',
      dependencies: ['setup'],
      testIgnore: /(setup|auth)\.spec\.ts/,
      use: { ...browserUse() },
    },
  ],
  webServer: [
    {
      // A fresh, empty database for every run; `exec` so stopping the server stops it (npm start's
      // wrapper, lib/server/start.ts, passes the signal on to its serving child).
      command: `rm -f data/e2e.db data/e2e.db-wal data/e2e.db-shm && node_modules/.bin/tsx lib/cli/migrate.ts && node_modules/.bin/next build && exec node --import tsx lib/server/start.ts -p ${PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${PORT}/data`,
      timeout: 300_000,
      reuseExistingServer: false,
      env: { DATABASE_URL, NODE_ENV: 'production' },
      stdout: 'pipe',
    },
    {
      // The same build, served with secrets set (started after the first server is up).
      command: `exec node --import tsx lib/server/start.ts -p ${AUTH_PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${AUTH_PORT}/login`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { DATABASE_URL, NODE_ENV: 'production', DASHBOARD_PASSWORD: E2E_PASSWORD, API_TOKEN: E2E_TOKEN },
    },
  ],
});
