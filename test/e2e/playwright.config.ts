/**
 * End-to-end tests: Debian's Chromium (never a downloaded browser) driving
 * the real browser host, which serves the same renderer as the desktop app.
 */
import { defineConfig } from '@playwright/test';

export const CHROMIUM = process.env.RUNLOG_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  // Each test starts its own host with its own data folder; two workers suit a 2-core machine.
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
  },
});
