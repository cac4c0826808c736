/**
 * Screenshots of every view in light and dark, at 1280x800 ("wide") and 800x800 ("narrow"): the
 * library, a runbook, a run in progress, a failed step with the run bar collapsed, the history
 * and the settings, and on the narrow window the outline and the library drawer.
 *
 * `npm test` runs this too (it proves every view renders), writing the pictures into the test
 * run's own output folder; `npm run screenshots` writes them to docs/screenshots/ instead, through
 * RUNLOG_SCREENSHOTS_DIR. So a test run never touches the tracked pictures.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, E2E_RUNBOOKS, startServe, stopServe, type Host } from './fixtures.js';
import { cell, runStep, screen, startDemoRun, stepStatus } from './notebook-helpers.js';
import { twoFrames } from './page-checks.js';

const SIZES = {
  wide: { width: 1280, height: 800 },
  narrow: { width: 800, height: 800 },
} as const;
type SizeName = keyof typeof SIZES;

/**
 * A host whose library is the six bundled runbooks and the demo alone: the other e2e fixtures
 * (hostile Markdown among them) have no place in pictures for the documentation.
 */
async function documentationHost(): Promise<{ host: Host; books: string }> {
  const books = mkdtempSync(join(tmpdir(), 'runlog-shots-'));
  copyFileSync(join(E2E_RUNBOOKS, 'ui-demo.md'), join(books, 'ui-demo.md'));
  const host = await startServe(['--runbooks', books], undefined, { e2eRunbooks: false });
  return { host, books };
}

class Camera {
  constructor(
    private readonly page: Page,
    private readonly dir: string,
    private readonly size: SizeName,
  ) {}

  /** Saves the page as it is, in light and in dark. */
  async shoot(name: string): Promise<void> {
    // Notices fade by themselves; closing them keeps them out of the pictures.
    for (const close of await this.page.locator('rl-toast button').all()) await close.click();
    for (const scheme of ['light', 'dark'] as const) {
      await this.page.emulateMedia({ colorScheme: scheme });
      await twoFrames(this.page);
      await this.page.screenshot({ path: join(this.dir, `${name}-${this.size}-${scheme}.png`) });
    }
    await this.page.emulateMedia({ colorScheme: 'light' });
  }
}

for (const size of Object.keys(SIZES) as SizeName[]) {
  test(`screenshots of every view, light and dark, ${size} @screenshots`, async ({
    page,
  }, testInfo) => {
    const dir = process.env.RUNLOG_SCREENSHOTS_DIR
      ? resolve(process.env.RUNLOG_SCREENSHOTS_DIR)
      : testInfo.outputPath('screenshots');
    mkdirSync(dir, { recursive: true });
    const { host, books } = await documentationHost();
    try {
      await page.setViewportSize(SIZES[size]);
      await takeScreenshots(page, host, new Camera(page, dir, size), size);
    } finally {
      await stopServe(host);
      rmSync(books, { recursive: true, force: true });
    }
  });
}

async function takeScreenshots(page: Page, host: Host, camera: Camera, size: SizeName) {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await camera.shoot('library');

  await page.goto(`${host.url}#/runbook/wireless-capture`);
  await expect(page.locator('rl-run-header h1')).toContainText('Wi-Fi');
  await camera.shoot('runbook');

  await startDemoRun(page, host);
  await runStep(page, 'greet');
  await expect(stepStatus(page, 'greet')).toHaveText('passed');
  await runStep(page, 'ask');
  await expect(screen(page, 'ask')).toContainText('Your name:');
  await page.locator('rl-notebook').evaluate((n) => n.scrollTo(0, 0));
  await camera.shoot('run');

  await cell(page, 'ask').locator('rl-terminal').click();
  await page.keyboard.type('alice');
  await page.keyboard.press('Enter');
  await expect(stepStatus(page, 'ask')).toHaveText('passed');
  await runStep(page, 'broken');
  await expect(stepStatus(page, 'broken')).toHaveText('failed');
  await cell(page, 'broken').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await camera.shoot('failed-step');

  if (size === 'narrow') {
    await page.getByRole('button', { name: 'Outline' }).click();
    await camera.shoot('outline');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Library' })).toBeVisible();
    await camera.shoot('drawer');
    await page.keyboard.press('Escape');
  }

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.locator('rl-history tbody tr')).toHaveCount(1);
  await camera.shoot('history');

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Runbook folders' })).toBeVisible();
  await camera.shoot('settings');
}
