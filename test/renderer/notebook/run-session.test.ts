// @vitest-environment happy-dom
/**
 * RunSession: the notebook's state of the runbook and run on screen, driven through an in-memory
 * service. What the operator would notice: the right run and steps on screen, progress that
 * counts what is done, notices for long steps and refusals, and Run all pausing where it must.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ReactiveController } from 'lit';
import {
  RunSession,
  runbookFromRun,
  LONG_STEP_MS,
} from '../../../src-renderer/notebook/run-session.js';
import { ClientError } from '../../../src-renderer/api/client.js';
import { FakeClient, demoRunbook, recordedRun, settle } from '../fake-client.js';
import type { RunDetail } from '../../../src-main/core/run-model.js';

/** A stand-in for the notebook element: counts updates and keeps the notices. */
class Host {
  controllers: ReactiveController[] = [];
  updates = 0;
  notices: Array<{ message: string; kind?: string }> = [];
  readonly updateComplete = Promise.resolve(true);
  addController(c: ReactiveController): void {
    this.controllers.push(c);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates += 1;
  }
  notify(message: string, kind?: 'info' | 'ok' | 'error'): void {
    this.notices.push({ message, kind });
  }
}

function setup() {
  const runbook = demoRunbook();
  const client = new FakeClient();
  let run: RunDetail = recordedRun(runbook);
  client
    .handle('library:get', () => ({ runbook, trusted: true }))
    .handle('history:get', () => ({ run }))
    .handle('run:start', () => ({ runId: run.id }))
    .handle('run:step', () => ({ status: 'passed', artifacts: [] }));
  const host = new Host();
  const session = new RunSession(host);
  session.platform = 'linux';
  session.listen(client);
  return { runbook, client, host, session, setRun: (r: RunDetail) => (run = r) };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('RunSession', () => {
  it('shows a runbook, then the run started from it with the values typed', async () => {
    const { session, client, runbook } = setup();
    await session.openRunbook('demo');
    expect(session.runbook?.id).toBe('demo');
    expect(session.runId).toBe('');
    session.values = { HOST: 'db1.example.org' };
    const runId = await session.start();
    expect(runId).toBe('run-1');
    expect(client.requests('run:start')).toEqual([
      { runbookId: runbook.id, params: { HOST: 'db1.example.org' } },
    ]);
    expect(session.status).toBe('open');
    expect(session.values).toEqual({ HOST: 'db1.example.org' });
    expect(session.readonly).toBe(false);
  });

  it('counts progress over applicable steps only, and only passed or done ones', async () => {
    const { session, client } = setup();
    await session.openRun('run-1');
    // greet, gated, the checklist and last apply on Linux; the Windows step does not.
    expect(session.progress).toEqual({ done: 0, applicable: 4 });
    client.emit('step:state', { runId: 'run-1', step: 'greet', executionId: 7, status: 'passed' });
    client.emit('step:state', { runId: 'run-1', step: 'last', executionId: 8, status: 'failed' });
    expect(session.progress).toEqual({ done: 1, applicable: 4 });
    expect(session.views.greet?.executionId).toBe(7);
  });

  it('ignores the events of another run and stops listening once its element is gone', async () => {
    const { session, client, host } = setup();
    await session.openRun('run-1');
    const before = host.updates;
    client.emit('step:state', { runId: 'other', step: 'greet', executionId: 3, status: 'running' });
    client.emit('run:state', { runId: 'other', status: 'failed' });
    expect(session.views.greet?.status).toBe('pending');
    expect(session.status).toBe('open');
    expect(host.updates).toBe(before);
    for (const c of host.controllers) c.hostDisconnected?.();
    expect(client.listenerCount('step:state')).toBe(0);
    for (const c of host.controllers) c.hostConnected?.();
    expect(client.listenerCount('step:state')).toBe(1);
  });

  it('tells the operator when a long step ends, and says nothing for a quick one', async () => {
    const { session, client, host } = setup();
    await session.openRun('run-1');
    const start = '2024-05-01T10:00:00.000Z';
    const quick = new Date(Date.parse(start) + 500).toISOString();
    const slow = new Date(Date.parse(start) + LONG_STEP_MS + 1).toISOString();
    client.emit('step:state', {
      runId: 'run-1',
      step: 'greet',
      executionId: 1,
      status: 'passed',
      startedAt: start,
      endedAt: quick,
    });
    expect(host.notices).toEqual([]);
    client.emit('step:state', {
      runId: 'run-1',
      step: 'last',
      executionId: 2,
      status: 'failed',
      startedAt: start,
      endedAt: slow,
    });
    expect(host.notices).toEqual([{ message: 'Step last failed after 10 s.', kind: 'error' }]);
  });

  it('keeps a refusal as a notice, and a changed runbook as the banner that stops the run', async () => {
    const { session, client, host } = setup();
    await session.openRun('run-1');
    client.handle('run:step', () => {
      throw new ClientError('runbook-changed', '/books/demo.md changed on disk.');
    });
    await session.runStep('greet');
    expect(host.notices.at(-1)).toEqual({
      message: '/books/demo.md changed on disk.',
      kind: 'error',
    });
    expect(session.changed).toBe('/books/demo.md changed on disk.');
    client.emit('run:notice', {
      runId: 'run-1',
      message: 'The file is gone.',
      runbookChanged: true,
    });
    expect(session.changed).toBe('The file is gone.');
  });

  it('tells a notice about one step without blocking the others', async () => {
    const { session, client, host } = setup();
    await session.openRun('run-1');
    const message = 'the runbook\'s shell "fish" is not installed; /bin/sh runs the step instead';
    client.emit('run:notice', { runId: 'run-1', message });
    expect(host.notices.at(-1)).toEqual({ message, kind: 'error' });
    expect(session.changed).toBe('');
  });

  it('shows a past run of a runbook that has changed since as the steps that ran', async () => {
    const { session, client, runbook, setRun } = setup();
    const run = { ...recordedRun(runbook), status: 'passed' as const, runbookSha256: 'old' };
    setRun(run);
    client.handle('library:get', () => ({ runbook, trusted: true }));
    await session.openRun('run-1');
    expect(session.readonly).toBe(true);
    expect(session.runbook?.steps.map((s) => s.name)).toEqual(run.steps.map((s) => s.stepName));
    expect(session.runbook?.segments[0]).toMatchObject({ kind: 'prose' });
    expect(runbookFromRun(run).sha256).toBe('old');
  });

  it('an open run whose runbook changed keeps the new text and says so', async () => {
    const { session, runbook, setRun } = setup();
    setRun({ ...recordedRun(runbook), runbookSha256: 'old' });
    await session.openRun('run-1');
    expect(session.runbook?.sha256).toBe(runbook.sha256);
    expect(session.changed).toContain('changed since this run started');
  });

  it('Run all asks at a gate, goes on once confirmed, and stops at a failure', async () => {
    const { session, client, host } = setup();
    await session.openRun('run-1');
    const answers = [
      { stoppedAt: { step: 'gated', reason: 'needs-confirmation' as const } },
      { stoppedAt: { step: 'last', reason: 'failed' as const } },
    ];
    client.handle('run:all', () => answers.shift() ?? {});
    const walking = session.runAll();
    await settle();
    expect(session.walking).toBe(true);
    expect(session.busy).toBe(true);
    expect(session.confirmStep?.name).toBe('gated');
    session.answered(true);
    await walking;
    expect(client.requests('run:all')).toEqual([
      { runId: 'run-1', confirmed: [] },
      { runId: 'run-1', confirmed: ['gated'] },
    ]);
    expect(session.confirmStep).toBeUndefined();
    expect(session.walking).toBe(false);
    expect(host.notices.at(-1)).toEqual({
      message: 'Run all stopped: last failed.',
      kind: 'error',
    });
  });

  it('Run all stops before a gate the operator declines, and pauses at a manual step', async () => {
    const { session, client, host } = setup();
    await session.openRun('run-1');
    client.handle('run:all', () => ({
      stoppedAt: { step: 'gated', reason: 'needs-confirmation' },
    }));
    const walking = session.runAll();
    await settle();
    session.answered(false);
    await walking;
    expect(client.requests('run:all')).toHaveLength(1);
    expect(host.notices.at(-1)?.message).toBe('Run all stopped before gated: not confirmed.');
    client.handle('run:all', () => ({
      stoppedAt: { step: 'the-window-is-approved', reason: 'pending-manual' },
    }));
    await session.runAll();
    expect(host.notices.at(-1)?.message).toContain('paused at the-window-is-approved');
  });

  it('a second question replaces the first, which counts as declined', async () => {
    const { session, runbook } = setup();
    await session.openRun('run-1');
    const first = session.ask(runbook.steps[1]!);
    const second = session.ask(runbook.steps[0]!);
    await expect(first).resolves.toBe(false);
    session.answered(true);
    await expect(second).resolves.toBe(true);
  });

  it('accepting a changed runbook names the version reviewed, clears the banner and shows it', async () => {
    const { session, client, runbook } = setup();
    await session.openRun('run-1');
    session.changed = 'changed';
    client.handle('run:accept-change', ({ sha256 }) => ({ ok: true, sha256 }));
    await session.acceptChange();
    expect(client.requests('run:accept-change')).toEqual([
      { runId: 'run-1', sha256: runbook.sha256 },
    ]);
    expect(session.changed).toBe('');
  });

  it('does not accept a changed runbook that is not trusted yet: the operator reviews it first', async () => {
    const { session, client, host, runbook } = setup();
    await session.openRun('run-1');
    session.changed = 'changed';
    client.handle('library:get', () => ({ runbook, trusted: false }));
    client.handle('run:accept-change', ({ sha256 }) => ({ ok: true, sha256 }));
    await session.acceptChange();
    expect(client.requests('run:accept-change')).toEqual([]);
    expect(session.trusted).toBe(false);
    expect(session.changed).toBe('changed');
    expect(host.notices.at(-1)).toMatchObject({ kind: 'error' });
  });
});
