/**
 * The desktop app itself, driven by Playwright's Electron support: it opens its window, lists the
 * bundled runbooks, runs a step and exports signed evidence, all through the preload's IPC bridge
 * as the window does. It needs the Electron binary, which cannot be downloaded on the build
 * machines: there it reports "skipped: Electron binary not installed" — the one skip allowed even
 * under CI=true (README, "Tests").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { electronBinary, ensureElectronSqlite } from '../../build/app-launch.mjs';
import type { EvidenceDocument } from '../../src-main/core/evidence/sign.js';
import { built, unmet } from '../needs.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BINARY = electronBinary(ROOT);
const SKIPPED = BINARY ? '' : ' (skipped: Electron binary not installed)';
// Said aloud, not only in a title the default reporter hides: this is the one skip CI allows.
if (!BINARY)
  console.warn('skipped: Electron binary not installed (test/electron/app-smoke.test.ts)');
/** The window, its preload and the engine's utility process start in well under this. */
const LAUNCH_TIMEOUT_MS = 60_000;

const SMOKE_RUNBOOK = [
  '---',
  'id: electron-smoke',
  'title: Electron smoke',
  '---',
  '# Electron smoke',
  '',
  '```sh {"name":"answer"}',
  'echo "smoke $((6 * 7))"',
  '```',
  '',
].join('\n');

describe.skipIf(!BINARY)(`the desktop app (Electron)${SKIPPED}`, () => {
  let app: ElectronApplication;
  let window: Page;
  let dir: string;

  beforeAll(async () => {
    const missing = unmet(built());
    if (missing) throw new Error(missing);
    ensureElectronSqlite(ROOT);
    dir = mkdtempSync(join(tmpdir(), 'runlog-electron-'));
    writeFileSync(join(dir, 'electron-smoke.md'), SMOKE_RUNBOOK);
    app = await _electron.launch({
      executablePath: BINARY as string,
      args: [ROOT],
      env: { ...process.env, RUNLOG_DATA_DIR: join(dir, 'data') },
      timeout: LAUNCH_TIMEOUT_MS,
    });
    window = await app.firstWindow({ timeout: LAUNCH_TIMEOUT_MS });
  }, LAUNCH_TIMEOUT_MS * 2);

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens its window and lists every bundled runbook', async () => {
    const bundled = readdirSync(join(ROOT, 'runbooks')).filter((f) => f.endsWith('.md'));
    for (const file of bundled) {
      await window.locator(`[data-file="${file}"]`).first().waitFor({ timeout: 15_000 });
    }
    expect(await window.evaluate(() => typeof (window as { runlog?: unknown }).runlog)).toBe(
      'object',
    );
  });

  it('runs a step and exports signed evidence through IPC', async () => {
    const result = await window.evaluate(async (folder) => {
      type Bridge = { call: (command: string, request: unknown) => Promise<any> };
      const api = (window as unknown as { runlog: Bridge }).runlog;
      await api.call('settings:set-runbook-folders', { folders: [folder] });
      const { runbook } = await api.call('library:get', { id: 'electron-smoke' });
      await api.call('library:trust', { id: runbook.id, sha256: runbook.sha256 });
      const { runId } = await api.call('run:start', { runbookId: runbook.id, params: {} });
      const outcome = await api.call('run:step', { runId, step: 'answer' });
      const finished = await api.call('run:finish', { runId });
      const exported = await api.call('evidence:export', { runId, format: 'json' });
      return { outcome, finished, exported };
    }, dir);
    expect(result.outcome.status).toBe('passed');
    expect(result.finished.status).toBe('passed');
    const evidence = JSON.parse(result.exported.content) as EvidenceDocument;
    expect(evidence.envelope.signatures).toHaveLength(1);
    const statement = Buffer.from(evidence.envelope.payload, 'base64').toString('utf8');
    expect(statement).toContain('smoke 42');
  });
});
