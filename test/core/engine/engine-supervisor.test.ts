import { afterEach, describe, expect, it } from 'vitest';
import { connectEngine } from '../../../src-main/core/engine/engine-client.js';
import type { EngineTransport } from '../../../src-main/core/engine/engine-protocol.js';
import { serveEngine } from '../../../src-main/core/engine/engine-server.js';
import { superviseEngine } from '../../../src-main/core/engine/engine-supervisor.js';
import type { Engine } from '../../../src-main/core/engine/engine.js';
import { CONTEXT, makeEngine, runbook, step, tempDir } from './helpers.js';

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
});

/** An engine in this process behind a channel whose "process" the test can end. */
function startable() {
  const started: Array<{ engine: Engine; die: () => void }> = [];
  const start = () => {
    const { engine } = makeEngine();
    engines.push(engine);
    const toClient: Array<(m: unknown) => void> = [];
    const toServer: Array<(m: unknown) => void> = [];
    const exits: Array<(code: number | null) => void> = [];
    const clientEnd: EngineTransport = {
      send: (m) => setImmediate(() => toServer.forEach((cb) => cb(structuredClone(m)))),
      onMessage: (cb) => void toClient.push(cb),
      onExit: (cb) => void exits.push(cb),
    };
    serveEngine(engine, {
      send: (m) => setImmediate(() => toClient.forEach((cb) => cb(structuredClone(m)))),
      onMessage: (cb) => void toServer.push(cb),
      onExit: () => {},
    });
    started.push({ engine, die: () => exits.forEach((cb) => cb(137)) });
    return connectEngine(clientEnd);
  };
  return { start, started };
}

/** A supervisor over `startable` engines; `recovered` lists the owner tokens it recovered. */
function supervised() {
  const { start, started } = startable();
  const recovered: Array<string | undefined> = [];
  const engine = superviseEngine({
    dataDir: tempDir(),
    context: CONTEXT,
    store: { recoverInterrupted: (token) => (recovered.push(token), []) },
    start,
    door: 'cli',
  });
  return { engine, started, recovered };
}

describe('the engine supervisor', () => {
  it('passes the engine’s methods on, starting an engine only for a call that needs one', async () => {
    const { engine, started } = supervised();
    // Notifications and forgetting a run never start an engine process.
    engine.input('r', 'x');
    engine.resize('r', 80, 24);
    engine.requestScreen('r');
    await engine.forgetRun('r');
    expect(started).toHaveLength(0);
    const rb = runbook(tempDir(), [step('hello', 'echo hello')]);
    const { runId } = await engine.startRun({ runbook: rb, params: {} });
    expect(started).toHaveLength(1);
    expect((await engine.runStep({ runId, step: 'hello' })).status).toBe('passed');
    expect(await engine.openRuns()).toEqual([runId]);
  });

  it('when the engine dies, its runs are reported interrupted and the next call starts a new one', async () => {
    const { engine, started, recovered } = supervised();
    const states: string[] = [];
    engine.on('run:state', (p) => states.push(`${p.runId}:${p.status}`));
    const notices: string[] = [];
    engine.on('run:notice', (p) => notices.push(p.message));
    const rb = runbook(tempDir(), [step('hello', 'echo hello')]);
    const { runId } = await engine.startRun({ runbook: rb, params: {} });
    started[0]!.die();
    expect(recovered).toHaveLength(1);
    expect(states).toContain(`${runId}:interrupted`);
    expect(notices.join('\n')).toMatch(/engine stopped unexpectedly/);
    const second = await engine.startRun({ runbook: rb, params: {} });
    expect(started).toHaveLength(2);
    expect(second.runId).not.toBe(runId);
    // A run finished in the new engine is no longer held: its death would not touch it.
    await engine.finishRun(second.runId);
    started[1]!.die();
    expect(states.filter((s) => s.endsWith(':interrupted'))).toEqual([`${runId}:interrupted`]);
  });
});
