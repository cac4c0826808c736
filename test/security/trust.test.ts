/**
 * Runbooks from outside the bundled folder are untrusted until the operator
 * reviews and trusts them; the trust is pinned to the file's SHA-256 and
 * lapses when the file changes. Untrusted runbooks still render (library:get)
 * but nothing in them runs. Tested through the real service and engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openService, type OpenedService } from '../../src-main/api/open-service.js';
import { HOSTILE, tempDir } from './helpers.js';

let dir: string;
let file: string;
let opened: OpenedService;

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

beforeAll(async () => {
  dir = tempDir('trust');
  mkdirSync(join(dir, 'runbooks'));
  file = join(dir, 'runbooks', 'untrusted-tool.md');
  copyFileSync(join(HOSTILE, 'untrusted-tool.md'), file);
  opened = await openService({
    dataDir: join(dir, 'data'),
    runbookDirs: [join(dir, 'runbooks')],
    transport: 'cli',
  });
});

afterAll(async () => {
  await opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runbook trust', () => {
  it('attack: run:start of an untrusted runbook → refused with code untrusted, nothing ran', async () => {
    const code = await codeOf(
      opened.service.call('run:start', { runbookId: 'untrusted-tool', params: {} }),
    );
    expect(code).toBe('untrusted');
    const { runs } = await opened.service.commands['history:list']({});
    expect(runs).toEqual([]);
  });

  it('an untrusted runbook still renders: library:get returns it with its steps, marked untrusted', async () => {
    const { runbook, trusted } = await opened.service.commands['library:get']({
      id: 'untrusted-tool',
    });
    expect(trusted).toBe(false);
    expect(runbook.steps.map((s) => s.name)).toEqual(['mark']);
    const { runbooks } = await opened.service.commands['library:list']({});
    expect(runbooks.find((r) => r.id === 'untrusted-tool')).toMatchObject({
      trusted: false,
      bundled: false,
    });
    expect(runbooks.filter((r) => r.bundled).every((r) => r.trusted)).toBe(true);
  });

  it("attack: trusting with a hash other than the file's → refused, still untrusted", async () => {
    const code = await codeOf(
      opened.service.call('library:trust', { id: 'untrusted-tool', sha256: 'a'.repeat(64) }),
    );
    expect(code).toBe('runbook-changed');
    expect((await opened.service.commands['library:get']({ id: 'untrusted-tool' })).trusted).toBe(
      false,
    );
  });

  it('once trusted with its SHA-256 it runs', async () => {
    const { runbook } = await opened.service.commands['library:get']({ id: 'untrusted-tool' });
    await opened.service.call('library:trust', { id: 'untrusted-tool', sha256: runbook.sha256 });
    const { runId } = await opened.service.commands['run:start']({
      runbookId: 'untrusted-tool',
      params: {},
    });
    const outcome = await opened.service.commands['run:step']({ runId, step: 'mark' });
    expect(outcome.status).toBe('passed');
    expect(existsSync(join(opened.dataDir, 'runs', runId, 'ran.txt'))).toBe(true);
    await opened.service.commands['run:finish']({ runId });
  });

  it('attack: file edited after it was trusted → trust lapses, run:start refused again', async () => {
    const { runId } = await opened.service.commands['run:start']({
      runbookId: 'untrusted-tool',
      params: {},
    });
    const original = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      original.replace('echo "marker step ran"', 'echo "swapped in after review"'),
    );
    await opened.library.reload(file);
    expect((await opened.service.commands['library:get']({ id: 'untrusted-tool' })).trusted).toBe(
      false,
    );
    expect(
      await codeOf(opened.service.call('run:start', { runbookId: 'untrusted-tool', params: {} })),
    ).toBe('untrusted');
    // The run that pinned the reviewed version refuses to run the edited text too.
    expect(await codeOf(opened.service.call('run:step', { runId, step: 'mark' }))).toBe(
      'runbook-changed',
    );
    const { run } = await opened.service.commands['history:get']({ runId });
    expect(run.events.map((e) => e.type)).toContain('runbook-changed');
    await opened.service.commands['run:finish']({ runId });
  });

  it('restoring the exact reviewed bytes restores the trust (it is pinned to the content)', async () => {
    copyFileSync(join(HOSTILE, 'untrusted-tool.md'), file);
    await opened.library.reload(file);
    expect((await opened.service.commands['library:get']({ id: 'untrusted-tool' })).trusted).toBe(
      true,
    );
  });

  it('attack: the same reviewed bytes copied to another path are untrusted there', async () => {
    const copy = join(dir, 'elsewhere.md');
    copyFileSync(file, copy);
    const { runbook, trusted } = await opened.service.commands['library:get']({ id: copy });
    expect(runbook.file).toBe(copy);
    expect(trusted).toBe(false);
    expect(await codeOf(opened.service.call('run:start', { runbookId: copy, params: {} }))).toBe(
      'untrusted',
    );
  });
});
