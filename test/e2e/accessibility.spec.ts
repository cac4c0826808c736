/**
 * axe-core over every view, in light and in dark, on a wide and a narrow window: the library,
 * a runbook (untrusted, with its parameters), a run with output and a failed step, the history
 * (local, and the Team scope without a ledger), the settings, a runbook whose steps hide
 * characters, and the open menu, outline and drawer. No critical or serious violation is allowed,
 * and every view has its level-one heading. The views of a connected ledger are audited in
 * team-views.spec.ts.
 */
import type { Page } from '@playwright/test';
import { test, expect, type Host } from './fixtures.js';
import { cell, openDemo, runPassingAndFailing } from './notebook-helpers.js';
import { audit } from './page-checks.js';

/** Walks every view once, collecting what blocks. */
async function walkViews(page: Page, host: Host): Promise<string[]> {
  const problems: string[] = [];
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  problems.push(...(await audit(page, 'library')));

  // A bundled runbook with long scripts and wide lines, every fold opened.
  await page.goto(`${host.url}#/runbook/postfix-greylisting`);
  await expect(page.locator('rl-run-header h1')).toContainText('Postgrey');
  const folded = page.locator('[data-role="fold"][aria-expanded="false"]');
  for (let left = await folded.count(); left > 0; left--) await folded.first().click();
  await expect(folded).toHaveCount(0);
  problems.push(...(await audit(page, 'bundled runbook, code unfolded')));

  await openDemo(page, host);
  await page.locator('[data-param="TARGET_HOST"] input').fill('not a host!');
  problems.push(...(await audit(page, 'untrusted runbook with a bad value')));
  await page.locator('[data-param="TARGET_HOST"] input').fill('localhost');
  await page.getByRole('button', { name: 'Trust this runbook' }).click();
  await page.getByRole('button', { name: 'Start run' }).click();
  await runPassingAndFailing(page);
  await cell(page, 'greet').locator('.xterm-rows').waitFor();
  problems.push(...(await audit(page, 'run')));

  await page.getByRole('button', { name: 'Export' }).click();
  problems.push(...(await audit(page, 'export menu')));
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.locator('rl-history tbody tr')).toHaveCount(1);
  problems.push(...(await audit(page, 'history')));

  await page.getByRole('link', { name: 'Team', exact: true }).click();
  await expect(page.locator('[data-role="team-not-configured"]')).toBeVisible();
  problems.push(...(await audit(page, 'team history without a ledger')));

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Runbook folders' })).toBeVisible();
  await expect(page.locator('[data-role="ledger-state"]')).toBeVisible();
  problems.push(...(await audit(page, 'settings')));

  await page.goto(`${host.url}#/runbook/ui-hidden-text`);
  await expect(page.locator('[data-role="hidden-steps"]')).toBeVisible();
  problems.push(...(await audit(page, 'runbook with hidden characters')));
  return problems;
}

test('axe finds no critical or serious violation in any view at 1280x800, light and dark', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await walkViews(page, host)).toEqual([]);
});

test('axe finds no critical or serious violation at 800 px, with the outline and the drawer open', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 800, height: 800 });
  const problems = await walkViews(page, host);
  await page.getByRole('link', { name: 'History' }).click();
  await page.getByRole('link', { name: /UI demo runbook/ }).click();
  await page.getByRole('button', { name: 'Outline' }).click();
  problems.push(...(await audit(page, 'outline panel')));
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Library' })).toBeVisible();
  problems.push(...(await audit(page, 'library drawer')));
  expect(problems).toEqual([]);
});
