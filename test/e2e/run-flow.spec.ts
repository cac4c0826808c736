/**
 * The run-wide controls driven like an operator would, in Chromium against the real browser host:
 * Run all with its gate and its stop at a failure, Finish, Export (the evidence bundle verified by
 * the CLI). A runbook edited on disk during its run: run-change.spec.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, startServe, stopServe } from './fixtures.js';
import { exportAndVerifyBundle } from './bundle-helpers.js';
import {
  cell,
  finishRun,
  openRunbook,
  runStep,
  screen,
  startDemoRun,
  stepStatus,
  trustAndStart,
} from './notebook-helpers.js';

test('Run all stops at the sudo gate, continues once confirmed, and stops at the failing step', async ({
  page,
  host,
}) => {
  await openRunbook(page, host, 'ui-run-all', 'Run all demo');
  await trustAndStart(page);
  await page.getByRole('button', { name: /Run all/ }).click();
  await expect(stepStatus(page, 'first')).toHaveText('passed');
  const dialog = page.locator('rl-confirm-dialog dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-role="confirm-text"]')).toHaveText('echo "gated-ok"');
  await expect(stepStatus(page, 'gated')).toHaveText('pending');
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(stepStatus(page, 'gated')).toHaveText('passed');
  await expect(stepStatus(page, 'fails')).toHaveText('failed');
  await expect(cell(page, 'fails')).toContainText('exit 4');
  await expect(page.locator('rl-toast')).toContainText('Run all stopped: fails failed.');
  await expect(stepStatus(page, 'after')).toHaveText('pending');
  // A failed step is not done: two of the four steps are.
  await expect(page.locator('[data-role="progress"]')).toContainText('2 / 4');
});

test('Run all stops before a gated step the operator declines', async ({ page, host }) => {
  await openRunbook(page, host, 'ui-run-all', 'Run all demo');
  await trustAndStart(page);
  await page.getByRole('button', { name: /Run all/ }).click();
  const dialog = page.locator('rl-confirm-dialog dialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('rl-toast')).toContainText('Run all stopped before gated');
  await expect(stepStatus(page, 'first')).toHaveText('passed');
  await expect(stepStatus(page, 'gated')).toHaveText('pending');
  await expect(stepStatus(page, 'fails')).toHaveText('pending');
});

test('Finish closes the run with its status and the run becomes read-only', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await runStep(page, 'broken');
  await expect(stepStatus(page, 'broken')).toHaveText('failed');
  await finishRun(page);
  await expect(page.locator('[data-role="run-status"]')).toHaveText('failed');
  await expect(page.locator('[role="note"]', { hasText: 'read-only' })).toBeVisible();
  await expect(cell(page, 'greet').getByRole('button', { name: /Run/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start a new run' })).toBeEnabled();
});

for (const format of ['html', 'json'] as const) {
  test(`Export as ${format} downloads signed evidence naming the run`, async ({ page, host }) => {
    const runId = await startDemoRun(page, host);
    await runStep(page, 'greet');
    await expect(stepStatus(page, 'greet')).toHaveText('passed');
    await page.getByRole('button', { name: 'Export' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: format === 'html' ? /HTML/ : /JSON/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
    expect(download.suggestedFilename()).toContain(runId);
    let content = readFileSync(await download.path(), 'utf8');
    if (format === 'json') {
      // The record is the signed payload of the DSSE envelope.
      const signed = JSON.parse(content) as { envelope: { payload: string } };
      content = Buffer.from(signed.envelope.payload, 'base64').toString('utf8');
    }
    expect(content).toContain(runId);
    expect(content).toContain('runlog-evidence');
    expect(content).toContain('hello from localhost on port 22');
  });
}

test('Export as an evidence bundle downloads a zip that verifies with this installation’s key', async ({
  page,
  host,
}) => {
  const runId = await startDemoRun(page, host);
  await runStep(page, 'greet');
  await expect(stepStatus(page, 'greet')).toHaveText('passed');
  await finishRun(page);
  await expect(page.locator('[data-role="run-status"]')).not.toHaveText('open');
  await exportAndVerifyBundle(page, host, runId);
});

test('a step written wrongly shows its problem and no Run button; the rest of the runbook runs', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'runlog-e2e-books-'));
  writeFileSync(
    join(dir, 'ui-step-error.md'),
    [
      '---',
      'title: Step error demo',
      'id: ui-step-error',
      '---',
      '# Step error demo',
      '```sh {"name":"first"}',
      'echo "first-ok"',
      '```',
      '```sh {"name":"gated","sudo":"maybe"}',
      'echo "gated-ran"',
      '```',
      '```sh {"name":"after"}',
      'echo "after-ok"',
      '```',
      '',
    ].join('\n'),
  );
  const host = await startServe(['--runbooks', dir], undefined, { e2eRunbooks: false });
  try {
    await openRunbook(page, host, 'ui-step-error', 'Step error demo');
    // The error belongs to one step: the runbook can still be started.
    await trustAndStart(page);
    const problems = cell(page, 'gated').locator('[data-role="step-problems"]');
    await expect(problems).toContainText('This step cannot run until the runbook is fixed');
    await expect(problems).toContainText('line 9');
    await expect(problems).toContainText('"maybe" is not true or false');
    await expect(cell(page, 'gated').getByRole('button', { name: /Run/ })).toHaveCount(0);
    await expect(cell(page, 'first').locator('[data-role="step-problems"]')).toHaveCount(0);

    // Run all runs what comes before it and stops there, naming it.
    await page.getByRole('button', { name: /Run all/ }).click();
    await expect(stepStatus(page, 'first')).toHaveText('passed');
    await expect(page.locator('rl-toast')).toContainText(
      'Run all stopped: gated cannot run until the runbook is fixed.',
    );
    await expect(stepStatus(page, 'gated')).toHaveText('pending');
    // The step after it still runs on its own.
    await runStep(page, 'after');
    await expect(screen(page, 'after')).toContainText('after-ok');
    await expect(stepStatus(page, 'after')).toHaveText('passed');
    await expect(screen(page, 'gated')).toHaveCount(0);

    // Finishing never calls the run passed while a required step could not run.
    await finishRun(page);
    await expect(page.locator('[data-role="run-status"]')).toHaveText('incomplete');
  } finally {
    await stopServe(host);
    rmSync(dir, { recursive: true, force: true });
  }
});
