/**
 * Screenshots for the documentation, in light and dark: the library, a runbook mid-run, a failed
 * step and the history, at 1400×900. Quick enough to run with every `npm test` (@screenshots).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, ROOT } from './fixtures.js';
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

test('saves screenshots of the library, a run, a failed step and the history @screenshots', async ({
  page,
  host,
}) => {
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
  await cell(page, 'greet').scrollIntoViewIfNeeded();
  await page.locator('main').evaluate((m) => (m.scrollTop = 180));
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
});
