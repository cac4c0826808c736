/**
 * The notebook driven like an operator would, in Chromium against the real browser host:
 * parameters, running, typing into, stopping and confirming steps, attesting, and history.
 */
import { test, expect } from './fixtures.js';
import { cell, openDemo, runStep, screen, startDemoRun } from './notebook-helpers.js';

test('a bad parameter value shows the rule under the field and marks it invalid', async ({
  page,
  host,
}) => {
  await openDemo(page, host);
  const field = page.locator('[data-param="TARGET_HOST"]');
  const input = field.locator('input');
  await input.fill('not a host!');
  await expect(field.locator('.error')).toContainText('TARGET_HOST');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(input).toHaveAttribute('aria-describedby', /param-TARGET_HOST-error/);
  await input.fill('db1.example.org');
  await expect(field.locator('.error')).toHaveCount(0);
  await expect(input).toHaveAttribute('aria-invalid', 'false');
});

test('an untrusted runbook cannot be run until it is trusted', async ({ page, host }) => {
  await openDemo(page, host);
  await expect(page.getByRole('button', { name: 'Start run' })).toBeDisabled();
  await expect(
    page.locator('[data-runbook="ui-demo"] .badge', { hasText: 'untrusted' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Trust this runbook' }).click();
  await expect(page.getByRole('button', { name: 'Start run' })).toBeEnabled();
  await expect(
    page.locator('[data-runbook="ui-demo"] .badge', { hasText: 'untrusted' }),
  ).toHaveCount(0);
});

test('running a step streams its output into the terminal and marks it passed', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await runStep(page, 'greet');
  await expect(screen(page, 'greet')).toContainText('hello from localhost on port 22');
  await expect(cell(page, 'greet').locator('[data-role="status"]')).toHaveText('passed');
  await expect(cell(page, 'greet')).toContainText('exit 0');
  await expect(page.locator('[data-role="progress"]')).toContainText('1 / 7');
});

test('input typed into a waiting step reaches it and the step finishes with it', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await runStep(page, 'ask');
  await expect(screen(page, 'ask')).toContainText('Your name:');
  await cell(page, 'ask').locator('rl-terminal').click();
  await page.keyboard.type('alice');
  await page.keyboard.press('Enter');
  await expect(screen(page, 'ask')).toContainText('got:alice');
  await expect(cell(page, 'ask').locator('[data-role="status"]')).toHaveText('passed');
});

test('Stop ends a long step and its status is stopped', async ({ page, host }) => {
  await startDemoRun(page, host);
  await runStep(page, 'long-sleep');
  await expect(screen(page, 'long-sleep')).toContainText('sleeping');
  await expect(cell(page, 'long-sleep').locator('[data-role="status"]')).toHaveText('running');
  await cell(page, 'long-sleep').getByRole('button', { name: /Stop/ }).click();
  await expect(cell(page, 'long-sleep').locator('[data-role="status"]')).toHaveText('stopped');
});

test('a sudo step asks first, showing the exact text, and runs only when confirmed', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await runStep(page, 'elevated');
  const dialog = page.locator('rl-confirm-dialog dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-role="confirm-text"]')).toHaveText('echo "elevated-ok"');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(cell(page, 'elevated').locator('[data-role="status"]')).toHaveText('pending');
  await runStep(page, 'elevated');
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(screen(page, 'elevated')).toContainText('elevated-ok');
  await expect(cell(page, 'elevated').locator('[data-role="status"]')).toHaveText('passed');
});

test('a checklist item is attested done with a note that is kept', async ({ page, host }) => {
  await startDemoRun(page, host);
  const item = cell(page, 'the-change-window-is-approved');
  await item.locator('textarea').fill('CAB-1234 approved by J. Doe');
  await item.getByRole('button', { name: /Done/ }).click();
  await expect(item.locator('[data-role="status"]')).toHaveText('done');
  await expect(item.locator('[data-role="attestation"]')).toContainText(
    'CAB-1234 approved by J. Doe',
  );
});

test('a run opened from the history after a reload shows its recorded output', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await runStep(page, 'greet');
  await expect(cell(page, 'greet').locator('[data-role="status"]')).toHaveText('passed');
  await page.reload();
  await page.getByRole('link', { name: 'History' }).click();
  const row = page.locator('rl-history tbody tr').first();
  await expect(row).toContainText('UI demo runbook');
  await row.getByRole('link', { name: 'UI demo runbook' }).click();
  await expect(page).toHaveURL(/#\/run\//);
  await expect(screen(page, 'greet')).toContainText('hello from localhost on port 22');
});

test('Shift+Enter in a focused cell runs it and moves focus to the next cell', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await cell(page, 'greet').focus();
  await page.keyboard.press('Shift+Enter');
  await expect(cell(page, 'greet').locator('[data-role="status"]')).toHaveText('passed');
  await expect(cell(page, 'ask')).toBeFocused();
});

test('runbook prose cannot smuggle script or unsafe links into the page', async ({
  page,
  host,
}) => {
  await page.goto(`${host.url}#/runbook/ui-hostile`);
  await expect(page.locator('rl-run-header h1')).toHaveText('Hostile prose');
  const prose = page.locator('rl-runbook-view .prose');
  await expect(prose.first()).toContainText('Harmless text');
  await expect(
    page.locator('rl-runbook-view script, rl-runbook-view iframe, rl-runbook-view form'),
  ).toHaveCount(0);
  await expect(page.locator('rl-runbook-view [onerror], rl-runbook-view [onclick]')).toHaveCount(0);
  const safe = page.locator('rl-runbook-view a', { hasText: 'safe link' });
  await expect(safe).toHaveAttribute('target', '_blank');
  await expect(safe).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(page.locator('rl-runbook-view a', { hasText: 'script link' })).not.toHaveAttribute(
    'href',
    /.*/,
  );
  expect(
    await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned),
  ).toBeUndefined();
});
