// End-to-end tests: the built dashboard (`next build` + `next start`) in a real Chromium, against
// an embedded PostgreSQL with the demo fleet, all started here (DESIGN §10).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const root = import.meta.dirname;

/** Playwright cannot download browsers here: use the system's Chromium. Never skip without one. */
function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(
      `No Chromium found (looked at ${candidates.join(', ')}). The e2e tests need a real browser:\n` +
        `  apt-get install -y chromium\n` +
        `or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
  }
  return found;
}

function freePortSync(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

// Chosen once by the runner and inherited by its workers and the web server through the environment.
const env = process.env;
env.FM_E2E_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'fastmigrate-e2e-'));
env.FM_E2E_PG_PORT ??= freePortSync();
env.FM_E2E_WEB_PORT ??= freePortSync();
env.FM_E2E_PG_PASSWORD ??= crypto.randomBytes(12).toString('hex');
env.FM_E2E_AUTH_SECRET ??= crypto.randomBytes(32).toString('base64url');
env.FM_E2E_DATABASE_URL ??= `postgres://postgres:${env.FM_E2E_PG_PASSWORD}@127.0.0.1:${env.FM_E2E_PG_PORT}/fastmigrate_demo`;
/** The e2e build lives apart from `.next`, so it never disturbs a running demo's dashboard. */
env.FM_E2E_DIST_DIR ??= '.fastmigrate/next-e2e';

const chromium = findChromium();
const baseURL = `http://127.0.0.1:${env.FM_E2E_WEB_PORT}`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: /\.spec\.ts$/,
  outputDir: 'test-results',
  // The specs share one fleet and change it in order (migrate, then roll back): one worker, in file order.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  globalSetup: './e2e/support/global-setup.ts',
  use: {
    baseURL,
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // Builds when the e2e build is missing or older than the sources (FM_E2E_REBUILD=1 forces it), then `next start`.
    command: `node --import tsx e2e/support/web-server.ts`,
    cwd: root,
    url: `${baseURL}/login`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL: env.FM_E2E_DATABASE_URL,
      AUTH_SECRET: env.FM_E2E_AUTH_SECRET,
      FASTMIGRATE_NEXT_DIST_DIR: env.FM_E2E_DIST_DIR,
      FM_E2E_WEB_PORT: env.FM_E2E_WEB_PORT,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
