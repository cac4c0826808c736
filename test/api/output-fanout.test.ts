import { describe, expect, it } from 'vitest';
import { OutputFanout } from '../../src-main/api/output-fanout.js';
import type { EventName, Events } from '../../src-main/api/contract.js';
import { VIEWER_LIMITS } from '../../src-main/core/engine/viewer-pace.js';

const BATCH = 64 * 1024;

/** A subscriber that records what it is sent. */
function viewer(fanout: OutputFanout) {
  const got: Array<{ event: EventName; payload: unknown }> = [];
  const sub = fanout.subscribe((event, payload) => got.push({ event, payload }));
  const outputs = () =>
    got.filter((g) => g.event === 'step:output').map((g) => g.payload as Events['step:output']);
  const screens = () =>
    got.filter((g) => g.event === 'step:screen').map((g) => g.payload as Events['step:screen']);
  return { sub, got, outputs, screens };
}

/** A stream of batches of one execution, numbered by offset as the engine numbers them. */
function stream(fanout: OutputFanout, executionId = 1) {
  let at = 0;
  return {
    batch(chars = BATCH) {
      fanout.emit('step:output', {
        runId: 'r1',
        step: 's',
        executionId,
        at,
        data: 'x'.repeat(chars),
      });
      at += chars;
    },
    screen(skipped?: number) {
      const screen = { runId: 'r1', step: 's', executionId, at, data: 'SCREEN', complete: false };
      fanout.emit('step:screen', skipped === undefined ? screen : { ...screen, skipped });
    },
    get at() {
      return at;
    },
  };
}

describe('OutputFanout: each subscriber at its own pace', () => {
  it('sends everything to a subscriber that keeps up, and never asks the engine for anything', () => {
    const asked: string[] = [];
    const fanout = new OutputFanout((runId) => asked.push(runId));
    const v = viewer(fanout);
    const s = stream(fanout);
    for (let i = 0; i < 40; i++) {
      s.batch();
      v.sub.ack('r1', BATCH);
    }
    expect(v.outputs()).toHaveLength(40);
    expect(asked).toEqual([]);
  });

  it('leaves a slow subscriber out past the high watermark, then resynchronises it with a screen', () => {
    const asked: string[] = [];
    const fanout = new OutputFanout((runId) => asked.push(runId));
    const fast = viewer(fanout);
    const slow = viewer(fanout);
    const s = stream(fanout);
    for (let i = 0; i < 40; i++) {
      s.batch();
      fast.sub.ack('r1', BATCH);
    }
    const sent = Math.floor(VIEWER_LIMITS.high / BATCH);
    expect(fast.outputs()).toHaveLength(40);
    expect(slow.outputs()).toHaveLength(sent);
    expect(asked).toEqual([]);
    // It writes what it was sent: once nearly drained it needs the screen, asked of the engine.
    slow.sub.ack('r1', sent * BATCH);
    expect(asked).toEqual(['r1']);
    s.batch(); // still left out until the screen comes
    expect(slow.outputs()).toHaveLength(sent);
    s.screen();
    const [screen] = slow.screens();
    expect(screen).toMatchObject({ at: s.at, data: 'SCREEN', skipped: s.at - sent * BATCH });
    // The subscriber that kept up is not sent a screen it did not ask for.
    expect(fast.screens()).toEqual([]);
    s.batch();
    expect(slow.outputs().at(-1)?.at).toBe(s.at - BATCH);
  });

  it('a terminal that appears part-way asks for the screen and gets it, then the tail', () => {
    const asked: string[] = [];
    const fanout = new OutputFanout((runId) => asked.push(runId));
    const s = stream(fanout);
    s.batch();
    const late = viewer(fanout);
    late.sub.attach('r1');
    expect(asked).toEqual(['r1']);
    s.batch(); // before the screen: covered by it, not sent
    s.screen();
    s.batch();
    expect(late.screens()).toEqual([
      expect.objectContaining({ at: 2 * BATCH, skipped: 2 * BATCH }),
    ]);
    expect(late.outputs().map((o) => o.at)).toEqual([2 * BATCH]);
  });

  it('a screen for output the engine channel left out goes to every subscriber that keeps up', () => {
    const fanout = new OutputFanout(() => {});
    const a = viewer(fanout);
    const b = viewer(fanout);
    const s = stream(fanout);
    s.batch();
    s.screen(5_000_000);
    expect(a.screens()).toEqual([expect.objectContaining({ skipped: 5_000_000 })]);
    expect(b.screens()).toHaveLength(1);
  });

  it('a new execution starts every subscriber afresh, even one that was left behind', () => {
    const fanout = new OutputFanout(() => {});
    const slow = viewer(fanout);
    const s = stream(fanout);
    for (let i = 0; i < 20; i++) s.batch();
    const before = slow.outputs().length;
    slow.sub.ack('r1', before * BATCH);
    const next = stream(fanout, 2);
    next.batch(10);
    expect(slow.outputs().at(-1)).toMatchObject({ executionId: 2, at: 0 });
  });

  it('a subscriber that goes away, or throws, does not stop delivery to the others', () => {
    const fanout = new OutputFanout(() => {});
    const got: string[] = [];
    fanout.subscribe(() => {
      throw new Error('broken view');
    });
    const leaving = fanout.subscribe(() => got.push('leaving'));
    fanout.subscribe((event) => got.push(event));
    leaving.unsubscribe();
    fanout.emit('run:state', { runId: 'r1', status: 'passed' });
    expect(got).toEqual(['run:state']);
  });
});
