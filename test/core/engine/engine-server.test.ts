import { afterEach, describe, expect, it } from 'vitest';
import { connectEngine } from '../../../src-main/core/engine/engine-client.js';
import type { EngineTransport } from '../../../src-main/core/engine/engine-protocol.js';
import { serveEngine } from '../../../src-main/core/engine/engine-server.js';
import type { EngineEvents } from '../../../src-main/core/engine/engine-types.js';
import type { Engine } from '../../../src-main/core/engine/engine.js';
import { CHANNEL_LIMITS } from '../../../src-main/core/engine/viewer-pace.js';
import { makeEngine, runbook, step, tempDir, until } from './helpers.js';

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
});

/** Two ends of an in-memory channel; each message is cloned and arrives on a later turn, as IPC. */
function channel(): [EngineTransport, EngineTransport] {
  const inbox: Array<Array<(msg: unknown) => void>> = [[], []];
  const end = (self: number): EngineTransport => ({
    send: (msg) => {
      const copy = structuredClone(msg);
      setImmediate(() => inbox[1 - self]!.forEach((cb) => cb(copy)));
    },
    onMessage: (cb) => void inbox[self]!.push(cb),
    onExit: () => {},
  });
  return [end(0), end(1)];
}

function served() {
  const { engine, recorder } = makeEngine();
  engines.push(engine);
  const [serverEnd, clientEnd] = channel();
  serveEngine(engine, serverEnd);
  return { engine, recorder, clientEnd };
}

describe('the engine served over a channel', () => {
  it('takes calls and one-way notifications from the method list, and nothing else', async () => {
    const { engine, clientEnd } = served();
    const client = connectEngine(clientEnd);
    const rb = runbook(tempDir(), [step('ask', 'read -r X; echo "got [$X]"')]);
    const { runId } = await client.startRun({ runbook: rb, params: {} });
    let shown = '';
    client.on('step:output', (p) => (shown += p.data));
    const running = client.runStep({ runId, step: 'ask' });
    // A method sent the wrong way, or one not in the list, is dropped without an answer.
    clientEnd.send({ kind: 'notify', method: 'finishRun', args: [runId] });
    clientEnd.send({ kind: 'request', id: 99, method: 'constructor', args: [] });
    await new Promise((r) => setTimeout(r, 300));
    expect(client.input(runId, 'typed\r')).toBeUndefined();
    expect((await running).status).toBe('passed');
    expect(shown).toContain('got [typed]');
    expect(engine.openRuns()).toEqual([runId]);
    await expect(client.runStep({ runId, step: 'nope' })).rejects.toMatchObject({
      code: 'unknown-step',
    });
  });

  it('leaves out output the other end has not taken, then sends the screen in its place; the step never waits', async () => {
    const { engine, recorder, clientEnd } = served();
    const rb = runbook(tempDir(), [
      step('flood', 'yes 0123456789abcdef | head -c 16000000; echo; echo LAST-LINE'),
    ]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    // A receiver that takes messages but acknowledges nothing.
    const outputs: Array<EngineEvents['step:output']> = [];
    const screens: Array<EngineEvents['step:screen']> = [];
    clientEnd.onMessage((raw) => {
      const msg = raw as { kind: string; name: string; payload: never };
      if (msg.kind !== 'event') return;
      if (msg.name === 'step:output') outputs.push(msg.payload);
      if (msg.name === 'step:screen') screens.push(msg.payload);
    });
    const started = Date.now();
    const outcome = await engine.runStep({ runId, step: 'flood' });
    expect(outcome.status).toBe('passed');
    expect(Date.now() - started).toBeLessThan(60_000);
    const recorded = recorder.output(recorder.latest(runId, 'flood')!.id).length;
    await new Promise((r) => setTimeout(r, 100));
    const sent = outputs.reduce((n, p) => n + p.data.length, 0);
    expect(sent).toBeLessThan(recorded);
    expect(sent).toBeLessThanOrEqual(CHANNEL_LIMITS.high);
    expect(screens).toEqual([]);
    // It catches up: the screen of the step as it ended comes in place of what it missed.
    clientEnd.send({ kind: 'ack', runId, chars: sent });
    await until(() => screens.length === 1);
    expect(screens[0]).toMatchObject({ at: recorded, skipped: recorded - sent, complete: false });
    expect(screens[0]!.data).toContain('LAST-LINE');
  });
});
