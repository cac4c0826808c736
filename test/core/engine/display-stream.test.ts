import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisplayStream, SCREEN_INTERVAL_MS } from '../../../src-main/core/engine/display-stream.js';
import type { EngineEvents } from '../../../src-main/core/engine/engine-types.js';

const streams: DisplayStream[] = [];
afterEach(() => {
  for (const s of streams.splice(0)) s.dispose();
  vi.useRealTimers();
});

function stream() {
  const events: Array<{ name: string; payload: EngineEvents['step:output' | 'step:screen'] }> = [];
  const s = new DisplayStream(
    { runId: 'r1', step: 's', executionId: 7 },
    { cols: 80, rows: 24 },
    (name, payload) => events.push({ name, payload }),
  );
  streams.push(s);
  const screens = () =>
    events
      .filter((e) => e.name === 'step:screen')
      .map((e) => e.payload as EngineEvents['step:screen']);
  return { s, events, screens };
}

describe('the display stream of one execution', () => {
  it('numbers every batch by its offset in the execution’s text', () => {
    const { s, events } = stream();
    s.push('abc');
    s.push('');
    s.push('defg');
    expect(events.map((e) => [e.name, (e.payload as EngineEvents['step:output']).at])).toEqual([
      ['step:output', 0],
      ['step:output', 3],
    ]);
    expect(s.position).toBe(7);
  });

  it('answers a request for the screen at once, with the offset the screen stands for', () => {
    const { s, screens } = stream();
    s.push('hello\r\n$ ');
    s.requestScreen();
    expect(screens()).toEqual([
      expect.objectContaining({ runId: 'r1', executionId: 7, at: 9, complete: true }),
    ]);
    expect(screens()[0]!.data).toContain('hello');
  });

  it('gives at most one screen per interval: requests in between are answered by the next one', () => {
    vi.useFakeTimers();
    const { s, screens } = stream();
    s.push('one\r\n');
    s.requestScreen();
    s.push('two\r\n');
    s.requestScreen();
    s.requestScreen();
    expect(screens()).toHaveLength(1);
    vi.advanceTimersByTime(SCREEN_INTERVAL_MS);
    expect(screens()).toHaveLength(2);
    expect(screens()[1]).toMatchObject({ at: 10 });
    expect(screens()[1]!.data).toContain('two');
  });
});
