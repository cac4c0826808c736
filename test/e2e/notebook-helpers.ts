/** Steps the notebook specs share: open the demo runbook, trust it, start a run, find a cell. */
import type { Locator, Page } from '@playwright/test';
import { expect, type Host } from './fixtures.js';

/** Opens the e2e demo runbook (untrusted: it lives outside the bundled folder). */
export async function openDemo(page: Page, host: Host): Promise<void> {
  await page.goto(`${host.url}#/runbook/ui-demo`);
  await expect(page.locator('rl-run-header h1')).toHaveText('UI demo runbook');
}

/** Trusts the demo runbook and starts a run with the default values. */
export async function startDemoRun(page: Page, host: Host): Promise<void> {
  await openDemo(page, host);
  await page.getByRole('button', { name: 'Trust this runbook' }).click();
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.locator('[data-role="run-status"]')).toHaveText('open');
}

/** The cell of one step. */
export function cell(page: Page, step: string): Locator {
  return page.locator(`section.cell[data-step="${step}"]`);
}

/** The text on a step's terminal screen. */
export function screen(page: Page, step: string): Locator {
  return cell(page, step).locator('.xterm-rows');
}

/** Clicks a step's Run button. */
export async function runStep(page: Page, step: string): Promise<void> {
  await cell(page, step).getByRole('button', { name: /Run/ }).click();
}
