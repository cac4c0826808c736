/**
 * Faults the app must survive without losing what it recorded: a corrupt
 * history file, the engine process killed mid-step, the runbook deleted
 * mid-run, and a 50 MB runbook in the library. Real service, real engine
 * process, real SQLite files in temporary folders.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenedService } from '../../src-main/api/open-service.js';
import { BUILT, HOSTILE, openTracked, outputSeen, runCli, tempDir } from './helpers.js';

/** Well above the parser's 16 MB limit. */
const HUGE_RUNBOOK_BYTES = 50 * 1024 * 1024;

let dir: string;

beforeAll(() => {
  dir = tempDir('faults');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a service over a runbooks folder holding the given fixtures, trusted; records engine pids. */
async function openWith(name: string, fixtures: string[]) {
  const runbooks = join(dir, name, 'runbooks');
  mkdirSync(runbooks, { recursive: true });
  for (const f of fixtures) copyFileSync(join(HOSTILE, f), join(runbooks, f));
  const { opened, pids } = await openTracked(join(dir, name, 'data'), [runbooks]);
  for (const rb of opened.library.list().filter((r) => !r.bundled)) {
    await opened.service.commands['library:trust']({ id: rb.id, sha256: rb.sha256 });
  }
  return { opened, runbooks, pids };
}

function outputOf(
  opened: OpenedService,
  runDetail: { steps: Array<{ stepName: string; id: number }> },
  step: string,
) {
  const exec = runDetail.steps.find((s) => s.stepName === step);
  return exec ? opened.store.readOutputText(exec.id) : '';
}

describe.skipIf(!BUILT)('a corrupt history file', () => {
  it('attack: garbage in history.sqlite → set aside with its bytes kept, a notice on stderr, the CLI carries on', async () => {
    const data = join(dir, 'corrupt');
    mkdirSync(data);
    const garbage = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192, 0xa5)]);
    writeFileSync(join(data, 'history.sqlite'), garbage);
    const result = await runCli(['list', '--data-dir', data]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('wireless-capture');
    const aside = readdirSync(data).find((f) => f.startsWith('history.sqlite.corrupt-'));
    expect(aside, readdirSync(data).join(', ')).toBeDefined();
    expect(readFileSync(join(data, aside ?? '')).equals(garbage)).toBe(true);
    expect(result.stderr).toMatch(
      new RegExp(`runlog: .*${aside?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    const again = await runCli(['history', '--data-dir', data]);
    expect(again.code, again.stderr).toBe(0);
  });
});

describe('the engine killed mid-step', () => {
  it('attack: SIGKILL to the engine process while a step runs → run marked interrupted, output kept, a new run works', async () => {
    const { opened, pids } = await openWith('killed', ['slow-steps.md']);
    try {
      const { runId } = await opened.service.commands['run:start']({
        runbookId: 'slow-steps',
        params: {},
      });
      expect((await opened.service.commands['run:step']({ runId, step: 'first' })).status).toBe(
        'passed',
      );
      const waiting = outputSeen(opened, 'waiting now');
      const running = opened.service.commands['run:step']({ runId, step: 'waits' }).catch(
        (err: Error) => err,
      );
      await waiting;
      // Output reaches the history in batches; kill once the batch holding this line is stored.
      await vi.waitFor(
        async () => {
          const { run } = await opened.service.commands['history:get']({ runId });
          expect(outputOf(opened, run, 'waits')).toContain('waiting now');
        },
        { timeout: 15_000, interval: 100 },
      );
      const enginePid = pids.at(-1);
      expect(enginePid).toBeDefined();
      process.kill(enginePid ?? 0, 'SIGKILL');
      expect(await running).toBeInstanceOf(Error);
      const { run } = await opened.service.commands['history:get']({ runId });
      expect(run.status).toBe('interrupted');
      expect(run.steps.find((s) => s.stepName === 'waits')?.status).toBe('interrupted');
      expect(outputOf(opened, run, 'first')).toContain('first step output');
      expect(outputOf(opened, run, 'waits')).toContain('waiting now');
      const next = await opened.service.commands['run:start']({
        runbookId: 'slow-steps',
        params: {},
      });
      expect(
        (await opened.service.commands['run:step']({ runId: next.runId, step: 'last' })).status,
      ).toBe('passed');
      expect(pids.length).toBe(2);
    } finally {
      await opened.close();
    }
  });
});

describe('the runbook deleted mid-run', () => {
  it('attack: runbook file deleted between steps → next step refused with a clear message, history intact', async () => {
    const { opened, runbooks } = await openWith('deleted', ['slow-steps.md']);
    try {
      const { runId } = await opened.service.commands['run:start']({
        runbookId: 'slow-steps',
        params: {},
      });
      expect((await opened.service.commands['run:step']({ runId, step: 'first' })).status).toBe(
        'passed',
      );
      rmSync(join(runbooks, 'slow-steps.md'));
      const refused = await opened.service.call('run:step', { runId, step: 'last' }).then(
        () => undefined,
        (err: { code?: string; message?: string }) => err,
      );
      expect(refused?.code).toBe('runbook-missing');
      expect(refused?.message).toMatch(
        /slow-steps\.md: the runbook file was deleted during the run/,
      );
      const { run } = await opened.service.commands['history:get']({ runId });
      expect(run.steps.find((s) => s.stepName === 'first')?.status).toBe('passed');
      expect(run.steps.some((s) => s.stepName === 'last' && s.status === 'passed')).toBe(false);
      expect(outputOf(opened, run, 'first')).toContain('first step output');
      expect(
        run.events.some((e) => e.type === 'runbook-changed' && /deleted/.test(e.detail ?? '')),
      ).toBe(true);
    } finally {
      await opened.close();
    }
  });
});

describe('a 50 MB runbook', () => {
  it('attack: 50 MB runbook in the library → refused with a problem naming the file; the rest still load and run', async () => {
    const { opened, runbooks } = await openWith('huge', ['slow-steps.md']);
    const huge = join(runbooks, 'huge.md');
    const line = '| a | b | c |\n';
    writeFileSync(huge, `# Huge\n\n${line.repeat(Math.ceil(HUGE_RUNBOOK_BYTES / line.length))}`);
    try {
      await opened.library.reload(huge);
      const { runbooks: listed } = await opened.service.commands['library:list']({});
      const big = listed.find((r) => r.file === huge);
      expect(big?.problems[0]).toMatchObject({ severity: 'error', file: huge });
      expect(big?.problems[0]?.message).toMatch(/larger than 16 MB/);
      expect(listed.map((r) => r.id)).toEqual(
        expect.arrayContaining(['slow-steps', 'wireless-capture']),
      );
      const start = await opened.service
        .call('run:start', { runbookId: big?.id ?? 'huge', params: {} })
        .then(
          () => undefined,
          (err: { code?: string; message?: string }) => err,
        );
      expect(start?.code).toBe('runbook-invalid');
      expect(start?.message).toContain(huge);
      const { runId } = await opened.service.commands['run:start']({
        runbookId: 'slow-steps',
        params: {},
      });
      expect((await opened.service.commands['run:step']({ runId, step: 'first' })).status).toBe(
        'passed',
      );
    } finally {
      await opened.close();
    }
  });
});
