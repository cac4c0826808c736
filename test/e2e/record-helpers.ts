/** Steps the specs of the run record share: a run of the record demo and its states to check. */
import type { Page } from '@playwright/test';
import { expect, type Host } from './fixtures.js';
import {
  askDialog,
  cell,
  openRunbook,
  runStep,
  skipStep,
  stepStatus,
  trustAndStart,
} from './notebook-helpers.js';

/** Opens the record demo, trusts it and starts a run; returns the run id. */
export async function startRecordRun(page: Page, host: Pick<Host, 'url'>): Promise<string> {
  await openRunbook(page, host as Host, 'ui-record', 'Record demo runbook');
  return trustAndStart(page);
}

/** Runs `flaky` twice: it fails with exit 3, then passes. */
export async function failThenPass(page: Page): Promise<void> {
  await runStep(page, 'flaky');
  await expect(stepStatus(page, 'flaky')).toHaveText('failed');
  await runStep(page, 'flaky');
  await expect(stepStatus(page, 'flaky')).toHaveText('passed');
}

/**
 * Walks the record's states, calling `check` in each: a run with an earlier attempt opened, the
 * run bar's details open, the Skip dialog, the Finish dialog, and the finished run.
 */
/**
 * Starts a run of the record demo, fails and then passes its flaky step, runs the probe that is
 * expected to fail, and opens the flaky step's first attempt to its recorded output.
 */
export async function openAttemptsRun(page: Page, host: Pick<Host, 'url'>): Promise<void> {
  await startRecordRun(page, host);
  await failThenPass(page);
  await runStep(page, 'probe');
  await expect(stepStatus(page, 'probe')).toHaveText('passed');
  const earlier = cell(page, 'flaky').locator('[data-role="earlier-attempt"]');
  await earlier.locator('summary').click();
  await expect(earlier.locator('.xterm-rows')).toContainText('first-try-fails');
}

export async function walkRecordStates(
  page: Page,
  host: Pick<Host, 'url'>,
  check: (state: string) => Promise<void>,
): Promise<void> {
  await openAttemptsRun(page, host);
  await check('run with attempts');

  await page.locator('rl-run-bar').getByRole('button', { name: 'Details' }).click();
  await expect(page.locator('[data-role="why-panel"]')).toBeVisible();
  await check('run bar details');
  await page.locator('rl-run-bar').getByRole('button', { name: 'Details' }).click();

  await cell(page, 'capture').getByRole('button', { name: 'Skip…' }).click();
  await askDialog(page).getByLabel('Reason').fill('no capture card');
  await check('skip dialog');
  await askDialog(page).getByRole('button', { name: 'Cancel' }).click();
  await skipStep(page, 'capture', 'no capture card');

  await page.locator('rl-run-bar').getByRole('button', { name: 'Finish run' }).click();
  await expect(askDialog(page).locator('[data-role="ask-items"] li').first()).toBeVisible();
  await check('finish dialog');
  await askDialog(page).getByRole('button', { name: 'Finish run' }).click();
  await expect(page.locator('[data-role="run-summary"]')).toBeVisible();
  await check('finished run');
}
