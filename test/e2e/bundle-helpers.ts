/** Exporting a run's evidence bundle from the run bar and checking it with `runlog verify`. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, CLI, type Host } from './fixtures.js';

/**
 * Exports the bundle of the run on screen, checks it is a zip named after the run, and returns
 * what `runlog verify` printed with this installation's key (its exit status must be 0).
 */
export async function exportAndVerifyBundle(page: Page, host: Host, runId: string) {
  await page.getByRole('button', { name: 'Export' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: /Evidence bundle/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`${runId}\\.zip$`));
  const dir = mkdtempSync(join(tmpdir(), 'runlog-e2e-bundle-'));
  try {
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    // A zip (local file header), not base64 text or an error page.
    expect(readFileSync(file).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const key = JSON.parse(
      execFileSync(process.execPath, [CLI, 'key', 'show', '--json', '--data-dir', host.dataDir], {
        encoding: 'utf8',
      }),
    ) as { fingerprint: string };
    const verified = spawnSync(
      process.execPath,
      [CLI, 'verify', file, '--key', key.fingerprint, '--data-dir', host.dataDir],
      { encoding: 'utf8' },
    );
    expect(verified.stdout + verified.stderr).toMatch(/VALID/);
    expect(verified.status).toBe(0);
    return verified.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
