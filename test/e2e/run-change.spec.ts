/**
 * A runbook edited on disk during its run: the banner says which steps the new version changes
 * and names its SHA-256; without trust it is not accepted and nothing runs; trusted from the
 * banner (that exact version) and accepted, the run goes on, and the finished run lists both
 * versions with their hashes.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, E2E_RUNBOOKS, startServe, stopServe } from './fixtures.js';
import {
  cell,
  finishRun,
  openRunbook,
  runStep,
  screen,
  stepStatus,
  trustAndStart,
} from './notebook-helpers.js';

test('the change banner names the changed steps and the new SHA-256; accepted only once trusted', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'runlog-e2e-books-'));
  const file = join(dir, 'ui-run-all.md');
  copyFileSync(join(E2E_RUNBOOKS, 'ui-run-all.md'), file);
  const host = await startServe(['--runbooks', dir], undefined, { e2eRunbooks: false });
  try {
    await openRunbook(page, host, 'ui-run-all', 'Run all demo');
    const first = createHash('sha256').update(readFileSync(file)).digest('hex');
    await trustAndStart(page);
    await runStep(page, 'first');
    await expect(stepStatus(page, 'first')).toHaveText('passed');

    const edited = readFileSync(file, 'utf8').replace('echo "after-ok"', 'echo "after-new"');
    writeFileSync(file, edited);
    const sha = createHash('sha256').update(edited).digest('hex');
    const banner = page.locator('.banner[role="alert"]');
    await expect(async () => {
      if (await banner.isVisible()) return;
      const run = cell(page, 'after').getByRole('button', { name: /Run/ });
      if (await run.isEnabled()) await run.click();
      await expect(banner).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await expect(banner.locator('[data-role="changed-steps"]')).toHaveText('Changed: after.');
    await expect(banner.locator('[data-role="new-sha"]')).toHaveText(`New version SHA-256 ${sha}`);

    // Not trusted: Accept shows the new text but does not accept it; nothing can run.
    await banner.getByRole('button', { name: 'Accept new version' }).click();
    await expect(page.locator('rl-toast')).toContainText('trust it, then accept it');
    await expect(cell(page, 'after')).toContainText('echo "after-new"');
    await expect(banner).toContainText('No further step runs');
    await expect(stepStatus(page, 'after')).toHaveText('pending');
    await expect(cell(page, 'after').getByRole('button', { name: /Run/ })).toBeDisabled();

    // Trusted from the banner, in exactly the version it names, then accepted.
    await banner.getByRole('button', { name: `Trust version ${sha.slice(0, 12)}…` }).click();
    await expect(banner.locator('[data-role="trust-new"]')).toHaveCount(0);
    await banner.getByRole('button', { name: 'Accept new version' }).click();
    await expect(banner).toBeHidden();
    await runStep(page, 'after');
    await expect(screen(page, 'after')).toContainText('after-new');
    await expect(stepStatus(page, 'after')).toHaveText('passed');

    // The run's details name both versions by their SHA-256.
    await page.locator('rl-run-bar').getByRole('button', { name: 'Details' }).click();
    await expect(page.locator('rl-run-bar [data-role="versions"] li')).toHaveText([first, sha]);
    await page.locator('rl-run-bar').getByRole('button', { name: 'Details' }).click();
    await finishRun(page);
    const versions = page.locator('[data-role="run-summary"] [data-role="versions"]');
    await expect(versions.locator(`[title="${first}"]`)).toContainText(first.slice(0, 12));
    await expect(versions.locator(`[title="${sha}"]`)).toContainText(sha.slice(0, 12));
  } finally {
    await stopServe(host);
    rmSync(dir, { recursive: true, force: true });
  }
});
