import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../../src-main/core/engine/engine-client.js';
import { spawnEngine } from '../../../src-main/core/engine/spawn-engine.js';
import { HistoryStore, OUTPUT_FLUSH_INTERVAL_MS } from '../../../src-main/core/history/index.js';
import { CONTEXT, runbook, step, tempDir, until as waitFor } from './helpers.js';

const ENTRY = fileURLToPath(
  new URL('../../../src-main/core/engine/child-main.ts', import.meta.url),
);
const clients: EngineClient[] = [];
const stores: HistoryStore[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) if (!c.exited) await c.shutdown().catch(() => {});
  for (const s of stores.splice(0)) s.close();
});

function start(dataDir: string): EngineClient {
  const client = spawnEngine({ dataDir, context: CONTEXT, entry: ENTRY });
  clients.push(client);
  return client;
}

function sleepers(arg: string): number {
  let n = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8') === `sleep\0${arg}\0`) n++;
    } catch {
      // gone
    }
  }
  return n;
}

describe('engine in a forked process', () => {
  it('runs steps through the client; a killed engine rejects pending calls and its run becomes interrupted with output kept', async () => {
    const dataDir = tempDir();
    const store = HistoryStore.open(join(dataDir, 'history.sqlite'));
    stores.push(store);
    const client = start(dataDir);
    const rb = runbook(tempDir(), [
      step('hello', 'echo hello-from-child'),
      step('hang', 'echo before-crash; sleep 1004'),
    ]);
    const { runId } = await client.startRun({ runbook: rb, params: {} });
    let shown = '';
    client.on('step:output', (e) => (shown += e.data));
    expect((await client.runStep({ runId, step: 'hello' })).status).toBe('passed');
    expect(shown).toContain('hello-from-child');
    await expect(client.runStep({ runId, step: 'nope' })).rejects.toMatchObject({
      code: 'unknown-step',
    });

    const hanging = client.runStep({ runId, step: 'hang' });
    await waitFor(() => shown.includes('before-crash') && sleepers('1004') > 0);
    // Let the store's batched output reach the disk, as it would on any running step.
    await new Promise((r) => setTimeout(r, OUTPUT_FLUSH_INTERVAL_MS * 3));
    const exited = new Promise<number | null>((resolve) => client.once('exit', resolve));
    process.kill(client.pid!, 'SIGKILL');
    await exited;
    await expect(hanging).rejects.toMatchObject({ code: 'engine-exited' });
    await expect(client.stop(runId)).rejects.toMatchObject({ code: 'engine-exited' });

    expect(store.recoverInterrupted(client.ownerToken)).toContain(runId);
    const run = store.getRun(runId)!;
    expect(run.status).toBe('interrupted');
    const hang = run.steps.find((s) => s.stepName === 'hang')!;
    expect(hang.status).toBe('interrupted');
    expect(store.readOutputText(hang.id)).toContain('before-crash');
    // The pty closed with its engine: the step's process got SIGHUP.
    await waitFor(() => sleepers('1004') === 0);

    const second = start(dataDir);
    const next = await second.startRun({ runbook: rb, params: {} });
    expect((await second.runStep({ runId: next.runId, step: 'hello' })).status).toBe('passed');
    expect(await second.finishRun(next.runId)).toBe('incomplete');
    const exit = new Promise<number | null>((resolve) => second.once('exit', resolve));
    await second.shutdown();
    expect(await exit).toBe(0);
    expect(store.getRun(next.runId)!.status).toBe('incomplete');
  }, 120_000);
});
