/**
 * What the app's dialogs tell before something irreversible: deleting a run says its run folder
 * goes too (a key may be in it) and the notice then says what became of it; the confirmation of a
 * sudo step lists the parameter values its environment will hold.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures.js';
import { cell, runStep, startDemoRun, stepStatus } from './notebook-helpers.js';

test('deleting a run says its folder goes too, then says what became of it; the folder is gone', async ({
  page,
  host,
}) => {
  const runId = await startDemoRun(page, host);
  await runStep(page, 'greet');
  await expect(stepStatus(page, 'greet')).toHaveText('passed');
  const folder = join(host.dataDir, 'runs', runId);
  writeFileSync(join(folder, 'server.key'), 'not a real key\n');
  expect(existsSync(folder)).toBe(true);

  await page.getByRole('link', { name: 'History' }).click();
  await page.getByRole('button', { name: `Delete run ${runId}` }).click();
  const dialog = page.locator('rl-history rl-ask-dialog dialog');
  await expect(dialog).toContainText('its run folder is deleted too');
  await expect(dialog).toContainText('perhaps a private key');
  await dialog.getByRole('button', { name: 'Delete run' }).click();
  await expect(page.locator('rl-history tbody tr')).toHaveCount(0);
  await expect(page.locator('rl-toast')).toContainText(`The run's folder ${folder} was deleted`);
  expect(existsSync(folder)).toBe(false);
});

test('the confirmation of a sudo step lists the parameter values of its environment', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await runStep(page, 'elevated');
  const dialog = page.locator('rl-confirm-dialog dialog');
  await expect(dialog).toBeVisible();
  const params = dialog.locator('[data-role="confirm-params"]');
  await expect(params.locator('tr')).toHaveText([/TARGET_HOST\s*localhost/, /PORT\s*22/]);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(stepStatus(page, 'elevated')).toHaveText('pending');
  await expect(cell(page, 'elevated').locator('rl-terminal')).toHaveCount(0);
});
