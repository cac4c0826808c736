/** The history view: filtering past runs by text and status, and deleting one in the app's dialog. */
import { test, expect } from './fixtures.js';
import {
  finishRun,
  openRunbook,
  runStep,
  startDemoRun,
  stepStatus,
  trustAndStart,
} from './notebook-helpers.js';

test('the history filters runs by text and by status', async ({ page, host }) => {
  await startDemoRun(page, host);
  await openRunbook(page, host, 'ui-run-all', 'Run all demo');
  await trustAndStart(page);
  await runStep(page, 'fails');
  await expect(stepStatus(page, 'fails')).toHaveText('failed');
  await finishRun(page);
  await expect(page.locator('[data-role="run-status"]')).toHaveText('failed');

  await page.getByRole('link', { name: 'History' }).click();
  const rows = page.locator('rl-history tbody tr');
  await expect(rows).toHaveCount(2);
  // Every word must match: the runbook id names one run only.
  await page.getByRole('searchbox', { name: 'Filter runs' }).fill('ui-demo');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('UI demo runbook');
  await page.getByRole('searchbox', { name: 'Filter runs' }).fill('');
  await expect(rows).toHaveCount(2);
  await page.getByRole('combobox', { name: 'Status' }).selectOption('failed');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Run all demo');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('passed');
  await expect(rows).toHaveCount(0);
  await expect(page.locator('rl-history')).toContainText('No runs match.');
});

test('deleting a run asks in the app’s own dialog; Escape keeps it and focus returns', async ({
  page,
  host,
}) => {
  let nativeDialogs = 0;
  page.on('dialog', (d) => {
    nativeDialogs += 1;
    void d.dismiss();
  });
  const runId = await startDemoRun(page, host);
  await page.getByRole('link', { name: 'History' }).click();
  const rows = page.locator('rl-history tbody tr');
  await expect(rows).toHaveCount(1);
  const remove = page.getByRole('button', { name: `Delete run ${runId}` });
  await remove.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('rl-ask-dialog dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(runId);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
  await expect(rows).toHaveCount(1);

  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Delete run' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(0);
  await expect(page.locator('rl-toast')).toContainText('Run deleted from the history.');
  await expect(page.getByRole('searchbox', { name: 'Filter runs' })).toBeFocused();
  expect(nativeDialogs).toBe(0);
});
