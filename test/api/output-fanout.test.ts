import { describe, expect, it } from 'vitest';
import { OutputFanout, STALLED_AFTER_MS } from '../../src-main/api/output-fanout.js';

function output(data: string) {
  return { runId: 'r1', step: 's', executionId: 1, data };
}

describe('OutputFanout: flow control across subscribers', () => {
  it('acknowledges output to the engine at once when nobody is watching', () => {
    const acks: number[] = [];
    const fanout = new OutputFanout((_run, chars) => acks.push(chars));
    fanout.emit('step:output', output('abcdef'));
    expect(acks).toEqual([6]);
  });

  it('acknowledges only as far as the slowest subscriber has written', () => {
    const acks: number[] = [];
    const fanout = new OutputFanout((_run, chars) => acks.push(chars));
    const seen: string[] = [];
    const fast = fanout.subscribe((_e, p) => seen.push((p as { data: string }).data));
    const slow = fanout.subscribe(() => {});
    fanout.emit('step:output', output('0123456789'));
    expect(seen).toEqual(['0123456789']);
    fast.ack('r1', 10);
    expect(acks).toEqual([]);
    slow.ack('r1', 4);
    expect(acks).toEqual([4]);
    slow.ack('r1', 6);
    expect(acks).toEqual([4, 6]);
  });

  it('a subscriber that goes away no longer holds the engine back', () => {
    const acks: number[] = [];
    const fanout = new OutputFanout((_run, chars) => acks.push(chars));
    const stays = fanout.subscribe(() => {});
    const leaves = fanout.subscribe(() => {});
    fanout.emit('step:output', output('xxxx'));
    stays.ack('r1', 4);
    expect(acks).toEqual([]);
    leaves.unsubscribe();
    expect(acks).toEqual([4]);
  });

  it('a throwing subscriber does not stop delivery to the others', () => {
    const fanout = new OutputFanout(() => {});
    const got: string[] = [];
    fanout.subscribe(() => {
      throw new Error('broken view');
    });
    fanout.subscribe((event) => got.push(event));
    fanout.emit('run:state', { runId: 'r1', status: 'passed' });
    expect(got).toEqual(['run:state']);
  });
});

describe('OutputFanout: a subscriber that stops acknowledging', () => {
  it('holds the step back for STALLED_AFTER_MS at most, then no longer paces it', () => {
    let clock = 0;
    const acks: number[] = [];
    const fanout = new OutputFanout(
      (_run, chars) => acks.push(chars),
      () => clock,
    );
    const live = fanout.subscribe(() => {});
    fanout.subscribe(() => {}); // never acknowledges
    fanout.emit('step:output', output('abc'));
    live.ack('r1', 3);
    expect(acks).toEqual([]);
    clock += STALLED_AFTER_MS;
    fanout.emit('step:output', output('de'));
    live.ack('r1', 2);
    expect(acks).toEqual([3, 2]);
  });
});
