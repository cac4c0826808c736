/**
 * A run's files in the notebook: each artifact with its size, SHA-256, the step and attempt that
 * made it and the run folder; downloaded (in pages) with the recorded hash; a file changed since
 * is marked and not offered. The evidence bundle of a run with two attempts verifies.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, type Host } from './fixtures.js';
import { exportAndVerifyBundle } from './bundle-helpers.js';
import { openRunbook, runStep, stepStatus, trustAndStart } from './notebook-helpers.js';
import { audit, cutOff } from './page-checks.js';

/** Starts a run of the files demo and runs `make` twice: it fails, then writes its files. */
async function makeTwice(page: Page, host: Host): Promise<string> {
  await openRunbook(page, host, 'ui-files', 'Files demo runbook');
  const runId = await trustAndStart(page);
  await runStep(page, 'make');
  await expect(stepStatus(page, 'make')).toHaveText('failed');
  await runStep(page, 'make');
  await expect(stepStatus(page, 'make')).toHaveText('passed');
  return runId;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test('the run’s files are listed with their hashes and download whole; a changed one is marked', async ({
  page,
  host,
}) => {
  const runId = await makeTwice(page, host);

  const folder = join(host.dataDir, 'runs', runId);
  const files = page.locator('[data-role="run-files"]');
  await expect(page.locator('[data-role="run-folder"]')).toHaveText(folder);
  const big = files.locator('li[data-artifact="out/big.txt"]').last();
  const bytes = readFileSync(join(folder, 'out', 'big.txt'));
  await expect(big).toContainText(`${bytes.length} bytes`);
  await expect(big).toContainText('make, attempt 2');
  await expect(big.locator('[data-role="sha256"]')).toHaveText(sha256(bytes));

  const downloading = page.waitForEvent('download');
  await big.getByRole('button', { name: 'Download out/big.txt' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('big.txt');
  expect(sha256(readFileSync(await download.path()))).toBe(sha256(bytes));

  // Changed on disk after it was recorded: marked, and no download is offered.
  writeFileSync(join(folder, 'out', 'small.txt'), 'tampered\n');
  await page.reload();
  const small = files.locator('li[data-artifact="out/small.txt"]').last();
  await expect(small.locator('[data-role="missing"]')).toBeVisible();
  await expect(small.getByRole('button', { name: /Download/ })).toHaveCount(0);

  // The list passes axe-core, and at 800 px nothing of it lies outside the window.
  await small.scrollIntoViewIfNeeded();
  expect(await audit(page, 'run files')).toEqual([]);
  await page.setViewportSize({ width: 800, height: 800 });
  await small.scrollIntoViewIfNeeded();
  expect(await cutOff(page)).toEqual([]);
});

test('the evidence bundle of a run with a step tried twice verifies', async ({ page, host }) => {
  const runId = await makeTwice(page, host);
  const printed = await exportAndVerifyBundle(page, host, runId);
  expect(printed).toMatch(/retried:.*make/);
});
