/** Steps the notebook specs share: open a runbook, trust it, start a run, find a cell. */
import type { Locator, Page } from '@playwright/test';
import { expect, type Host } from './fixtures.js';

/** Opens a runbook by id and waits for its title. */
export async function openRunbook(
  page: Page,
  host: Host,
  id: string,
  title: string,
): Promise<void> {
  await page.goto(`${host.url}#/runbook/${id}`);
  await expect(page.locator('rl-run-header h1')).toHaveText(title);
}

/** Trusts the runbook on screen and starts a run with the default values; returns the run id. */
export async function trustAndStart(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Trust this runbook' }).click();
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.locator('[data-role="run-status"]')).toHaveText('open');
  await expect(page).toHaveURL(/#\/run\//);
  return decodeURIComponent(new URL(page.url()).hash.replace(/^#\/run\//, ''));
}

/** Opens the e2e demo runbook (untrusted: it lives outside the bundled folder). */
export async function openDemo(page: Page, host: Host): Promise<void> {
  await openRunbook(page, host, 'ui-demo', 'UI demo runbook');
}

/** Trusts the demo runbook and starts a run with the default values; returns the run id. */
export async function startDemoRun(page: Page, host: Host): Promise<string> {
  await openDemo(page, host);
  return trustAndStart(page);
}

/** The cell of one step. */
export function cell(page: Page, step: string): Locator {
  return page.locator(`section.cell[data-step="${step}"]`);
}

/** The text on a step's terminal screen. */
export function screen(page: Page, step: string): Locator {
  return cell(page, step).locator('.xterm-rows');
}

/** A step's status badge. */
export function stepStatus(page: Page, step: string): Locator {
  return cell(page, step).locator('[data-role="status"]');
}

/** Clicks a step's Run button. */
export async function runStep(page: Page, step: string): Promise<void> {
  await cell(page, step).getByRole('button', { name: /Run/ }).click();
}

/** Runs the demo's `greet` (it passes) and then `broken` (it fails), waiting for each. */
export async function runPassingAndFailing(page: Page): Promise<void> {
  await runStep(page, 'greet');
  await expect(stepStatus(page, 'greet')).toHaveText('passed');
  await runStep(page, 'broken');
  await expect(stepStatus(page, 'broken')).toHaveText('failed');
}
