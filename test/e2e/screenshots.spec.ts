/**
 * Screenshots for the documentation, in light and dark: the library, a runbook mid-run, a failed
 * step and the history, at 1400×900. Quick enough to run with every `npm test` (@screenshots).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, E2E_RUNBOOKS, ROOT, startServe, stopServe, type Host } from './fixtures.js';
import { cell, runStep, screen, startDemoRun } from './notebook-helpers.js';

const OUT = join(ROOT, 'docs', 'screenshots');

async function shoot(page: Page, name: string): Promise<void> {
  // Notices fade by themselves; closing them keeps them out of the pictures.
  for (const close of await page.locator('rl-toast button').all()) await close.click();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Let the theme settle (tokens switch through prefers-color-scheme).
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    await page.screenshot({ path: join(OUT, `${name}-${scheme}.png`) });
  }
}

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

test('saves screenshots of the library, a run, a failed step and the history @screenshots', async ({
  page,
}) => {
  const { host, books } = await documentationHost();
  try {
    await takeScreenshots(page, host);
  } finally {
    await stopServe(host);
    rmSync(books, { recursive: true, force: true });
  }
});

async function takeScreenshots(page: Page, host: Host): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`${host.url}#/runbook/wireless-capture`);
  await expect(page.locator('rl-run-header h1')).toContainText('Wi-Fi');
  await shoot(page, 'library');

  await startDemoRun(page, host);
  await runStep(page, 'greet');
  await expect(cell(page, 'greet').locator('[data-role="status"]')).toHaveText('passed');
  await runStep(page, 'ask');
  await expect(screen(page, 'ask')).toContainText('Your name:');
  // The greet cell just under the sticky run header, the waiting prompt below it.
  await cell(page, 'greet').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shoot(page, 'run-in-progress');

  await cell(page, 'ask').locator('rl-terminal').click();
  await page.keyboard.type('alice');
  await page.keyboard.press('Enter');
  await expect(cell(page, 'ask').locator('[data-role="status"]')).toHaveText('passed');
  await runStep(page, 'broken');
  await expect(cell(page, 'broken').locator('[data-role="status"]')).toHaveText('failed');
  await cell(page, 'broken').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shoot(page, 'failed-step');

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.locator('rl-history tbody tr')).toHaveCount(1);
  await shoot(page, 'history');
}
