import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src-main/core/engine/engine.js';
import { HistoryStore } from '../../../src-main/core/history/index.js';
import { CONTEXT, param, runbook, step, tempDir } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('engine with the real history store', () => {
  it('records steps, output text and the finished run, with secrets redacted', async () => {
    const dataDir = tempDir();
    const store = HistoryStore.open(join(dataDir, 'history.sqlite'));
    const engine = new Engine({ recorder: store, dataDir, context: CONTEXT });
    cleanups.push(async () => {
      await engine.shutdown();
      store.close();
    });
    const rb = runbook(
      tempDir(),
      [
        step('greet', 'echo "hi $NAME"; echo "key=$KEY"'),
        step('check', 'Done?', { kind: 'checklist', language: '' }),
      ],
      { params: [param('NAME'), param('KEY', { secret: true })] },
    );
    const { runId } = engine.startRun({
      runbook: rb,
      params: { NAME: 'ops', KEY: 'very-secret-key' },
    });
    expect((await engine.runStep({ runId, step: 'greet' })).status).toBe('passed');
    engine.attest({ runId, step: 'check', done: true, note: 'checked' });
    expect(await engine.finishRun(runId)).toBe('passed');
    const run = store.getRun(runId)!;
    expect(run.status).toBe('passed');
    expect(run.params.KEY).toBe('[redacted]');
    const greet = run.steps.find((s) => s.stepName === 'greet')!;
    const text = store.readOutputText(greet.id);
    expect(text).toContain('hi ops');
    expect(text).toContain('key=[redacted]');
    expect(text).not.toContain('very-secret-key');
    expect(run.steps.find((s) => s.stepName === 'check')!.status).toBe('done');
  });
});
