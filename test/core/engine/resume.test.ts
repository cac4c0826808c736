/**
 * Resuming a run in another engine, over a real history file: a run left open on purpose, a run
 * whose process died, a run a live process holds, and a finished one. What the earlier steps
 * exported still reaches the later ones; secret values are asked for again, never read back.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/core/engine/engine.js';
import { enginesClosedAfterEach, param, runbook, step, tempDir } from './helpers.js';

const { engineOn, open } = enginesClosedAfterEach();

function capture(engine: Engine): () => string {
  let text = '';
  engine.on('step:output', (p) => (text += p.data));
  return () => text;
}

const STEPS = [
  step('find', 'export IP_ADDR=127.0.0.1; echo found', { language: 'bash' }),
  step('use', 'echo "ip=$IP_ADDR pw=${PW:+given}"', { language: 'bash' }),
  step('is-the-console-open', 'Is the console open?', { kind: 'checklist', language: '' }),
];

describe('resuming a run', () => {
  it('continues a run left open in another engine, with its exported variables and a new secret', async () => {
    const dataDir = tempDir();
    const rb = runbook(tempDir(), STEPS, {
      params: [param('PW', { secret: true, required: true })],
    });
    const first = engineOn(dataDir);
    const { runId } = first.engine.startRun({ runbook: rb, params: { PW: 'first-secret-9' } });
    await first.engine.runStep({ runId, step: 'find' });
    await first.engine.releaseRun(runId);
    expect(first.store.getRun(runId)!.status).toBe('open');

    const second = engineOn(dataDir);
    expect(await second.engine.resumeRun({ runId })).toMatchObject({
      runId,
      missingSecrets: ['PW'],
    });
    await expect(second.engine.runStep({ runId, step: 'use' })).rejects.toMatchObject({
      code: 'needs-params',
    });
    expect(await second.engine.runAll({ runId })).toEqual({
      stoppedAt: { step: 'use', reason: 'needs-params' },
    });
    await second.engine.resumeRun({ runId, params: { PW: 'second-secret-7' } });
    const output = capture(second.engine);
    expect((await second.engine.runStep({ runId, step: 'use' })).status).toBe('passed');
    expect(output()).toContain('ip=127.0.0.1 pw=given');
    second.engine.attest({ runId, step: 'is-the-console-open', done: true });
    expect(await second.engine.finishRun(runId)).toBe('passed');

    const run = second.store.getRun(runId)!;
    expect(run.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['run-left-open', 'run-resumed', 'run-finished']),
    );
    expect(run.params).toEqual({ PW: '[redacted]' });
    expect(JSON.stringify(run)).not.toMatch(/first-secret-9|second-secret-7/);
  });

  it('refuses a run a live process holds, naming it, and takes over one whose process is gone', async () => {
    const dataDir = tempDir();
    const rb = runbook(tempDir(), STEPS.slice(0, 1));
    const first = engineOn(dataDir);
    const { runId } = first.engine.startRun({ runbook: rb, params: {} });
    const second = engineOn(dataDir);
    await expect(second.engine.resumeRun({ runId })).rejects.toThrow(
      new RegExp(`open in a runlog command \\(pid ${process.pid} on `),
    );
    // The first process "dies": its store is gone without finishing or releasing the run.
    first.store.close();
    open.splice(0, 1);
    expect((await second.engine.resumeRun({ runId })).runId).toBe(runId);
    await second.engine.runStep({ runId, step: 'find' });
    expect(await second.engine.finishRun(runId)).toBe('passed');
  });

  it('refuses to resume a finished run: it is read-only', async () => {
    const dataDir = tempDir();
    const first = engineOn(dataDir);
    const { runId } = first.engine.startRun({
      runbook: runbook(tempDir(), STEPS.slice(0, 1)),
      params: {},
    });
    await first.engine.runStep({ runId, step: 'find' });
    await first.engine.finishRun(runId);
    const second = engineOn(dataDir);
    await expect(second.engine.resumeRun({ runId })).rejects.toThrow(
      /finished \(passed\); a finished run is read-only/,
    );
  });
});
