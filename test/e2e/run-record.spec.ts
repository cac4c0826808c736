/**
 * The whole record in the notebook: a step that failed and then passed on Run again shows both
 * attempts (the earlier one folded, openable to its output), live and reopened from History; the
 * outcome marks (expected failure, open-ended, alternatives, optional section, device required);
 * Skip with a reason; the Finish dialog listing what is pending; a finished run read-only.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.js';
import { askDialog, cell, finishRun, runStep, skipStep, stepStatus } from './notebook-helpers.js';
import { failThenPass, startRecordRun } from './record-helpers.js';

async function expectBothAttempts(page: Page): Promise<void> {
  const flaky = cell(page, 'flaky');
  await expect(flaky.locator('[data-role="attempt"]')).toHaveText('attempt 2 of 2');
  const earlier = flaky.locator('[data-role="earlier-attempt"]');
  await expect(earlier).toHaveCount(1);
  await expect(earlier.locator('summary')).toHaveText('Attempt 1 of 2: failed, exit 3');
  // Folded until opened; opened, it shows its times, version and recorded output.
  await expect(earlier.locator('rl-terminal')).toHaveCount(0);
  await earlier.locator('summary').click();
  await expect(earlier.locator('dl')).toContainText('exit 3');
  await expect(earlier.locator('dl')).toContainText('version 1 of 1');
  await expect(earlier.locator('.xterm-rows')).toContainText('first-try-fails');
  await expect(earlier.locator('.xterm-rows')).not.toContainText('second-try-ok');
  await expect(flaky.locator('rl-terminal[data-role="current"] .xterm-rows')).toContainText(
    'second-try-ok',
  );
}

test('a step failing then passing on Run again shows both attempts, live and from History', async ({
  page,
  host,
}) => {
  const runId = await startRecordRun(page, host);
  await failThenPass(page);
  await expectBothAttempts(page);

  await page.getByRole('link', { name: 'History' }).click();
  await page.locator(`rl-history tr[data-run="${runId}"] a`).click();
  await expect(page).toHaveURL(new RegExp(`#/run/${runId}`));
  await expectBothAttempts(page);
});

test('outcome marks: expected failure, open-ended Stop, alternatives, device required; an optional section left alone ends passed', async ({
  page,
  host,
}) => {
  await startRecordRun(page, host);
  const mark = (step: string, id: string) => cell(page, step).locator(`[data-mark="${id}"]`);
  await expect(mark('probe', 'expect-fail')).toHaveText('expected to fail');
  await expect(mark('capture', 'open-ended')).toHaveText('open-ended');
  await expect(mark('fallback', 'optional')).toHaveText('optional');
  await expect(mark('fw-nft', 'alternative')).toHaveText('one of firewall');

  await failThenPass(page);
  await runStep(page, 'probe');
  await expect(stepStatus(page, 'probe')).toHaveText('passed');
  await expect(cell(page, 'probe').locator('[data-role="flag"]')).toHaveText('failed as expected');

  await runStep(page, 'capture');
  await expect(cell(page, 'capture').locator('[data-role="open-ended-hint"]')).toHaveText(
    'Stop ends it normally',
  );
  await expect(cell(page, 'capture').locator('.xterm-rows')).toContainText('capturing');
  await cell(page, 'capture').getByRole('button', { name: 'Stop' }).click();
  await expect(stepStatus(page, 'capture')).toHaveText('passed');
  await expect(cell(page, 'capture').locator('[data-role="flag"]')).toHaveText(
    'stopped by the operator',
  );

  const check = cell(page, 'is-the-change-window-approved');
  await check.getByRole('button', { name: '✓ Done' }).click();
  await expect(stepStatus(page, 'is-the-change-window-approved')).toHaveText('done');

  // The configuration is shown with the parameter substituted, and needs the device's name.
  const apply = cell(page, 'apply');
  await expect(apply.locator('pre.code')).toContainText('interface Gi0/3');
  await expect(apply.getByRole('button', { name: '✓ Applied' })).toBeDisabled();
  await expect(apply.locator('[data-role="device-hint"]')).toBeVisible();
  await apply.getByLabel('Device').fill('edge-rtr-02');
  await apply.getByRole('button', { name: '✓ Applied' }).click();
  await expect(stepStatus(page, 'apply')).toHaveText('done');

  await runStep(page, 'fw-iptables');
  await expect(stepStatus(page, 'fw-iptables')).toHaveText('passed');
  await expect(mark('fw-nft', 'alternative')).toHaveText('firewall: done by fw-iptables');
  await expect(mark('fw-iptables', 'alternative')).toHaveText('firewall: done this way');

  // Nothing pending: the dialog says so, and the run ends passed with the optional step untouched.
  await page.locator('rl-run-bar').getByRole('button', { name: 'Details' }).click();
  await expect(page.locator('[data-role="would-be"]')).toHaveText('passed');
  await page.locator('rl-run-bar').getByRole('button', { name: 'Finish run' }).click();
  await expect(askDialog(page)).toContainText('Every required step is done.');
  await askDialog(page).getByRole('button', { name: 'Finish run' }).click();
  await expect(page.locator('[data-role="run-status"]')).toHaveText('passed');
  await expect(stepStatus(page, 'fallback')).toHaveText('pending');
});

test('Skip with a reason; Finish lists what is pending and skipped; the finished run is read-only everywhere', async ({
  page,
  host,
}) => {
  const runId = await startRecordRun(page, host);
  await skipStep(page, 'flaky', 'no lab switch today');
  await expect(cell(page, 'flaky').locator('[data-role="skip-reason"]')).toContainText(
    'no lab switch today',
  );
  await skipStep(page, 'is-the-change-window-approved', 'emergency change');

  // Finish asks first, listing what keeps the run from "passed"; Cancel keeps it open.
  await page.locator('rl-run-bar').getByRole('button', { name: 'Finish run' }).click();
  const items = askDialog(page).locator('[data-role="ask-items"] li');
  await expect(items).toContainText([
    'Skipped: flaky — no lab switch today',
    'Pending: probe',
    'Pending: capture',
    'Skipped: is-the-change-window-approved — emergency change',
    'Pending: apply',
    'Pending: fw-iptables or fw-nft — one of the alternatives "firewall"',
  ]);
  await expect(askDialog(page)).toContainText('records this run as "incomplete"');
  await askDialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('[data-role="run-status"]')).toHaveText('open');

  await finishRun(page);
  await expect(page.locator('[data-role="run-status"]')).toHaveText('incomplete');
  const summary = page.locator('[data-role="run-summary"]');
  await expect(summary).toContainText('Skipped: flaky — no lab switch today');
  await expect(summary).toContainText('Pending: apply');
  // Read-only everywhere: no Run, Skip, Stop or attest buttons, parameter fields locked.
  const doc = page.locator('rl-runbook-view');
  await expect(
    doc.getByRole('button', { name: /Run|Skip|Stop|Done|Applied|Not done/ }),
  ).toHaveCount(0);
  await expect(page.locator('rl-run-header').getByLabel('Interface')).toBeDisabled();
  await expect(page.locator('rl-run-bar').getByRole('button', { name: 'Finish run' })).toHaveCount(
    0,
  );

  await page.getByRole('link', { name: 'History' }).click();
  const row = page.locator(`rl-history tr[data-run="${runId}"]`);
  await expect(row.locator('[data-status="incomplete"]').first()).toHaveText('incomplete');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('incomplete');
  await expect(page.locator('rl-history tbody tr')).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Status' }).selectOption('passed-with-exceptions');
  await expect(page.locator('rl-history tbody tr')).toHaveCount(0);
});
