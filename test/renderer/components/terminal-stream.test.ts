/**
 * The terminal stream against a fake terminal, element and client: output from a step's start
 * is written and acknowledged one way in batches; a terminal that joins part-way, or learns late
 * that its step runs, asks for the screen and writes it before the tail; nothing is written twice.
 */
import { describe, expect, it } from 'vitest';
import type { Terminal } from '@xterm/xterm';
import type { ApiClient } from '../../../src-renderer/api/client.js';
import {
  ACK_CHARS,
  TerminalStream,
  type TerminalStreamHost,
} from '../../../src-renderer/components/terminal-stream.js';
import type { EventName, Events } from '../../../src-main/api/contract.js';

/** A client that records one-way messages and lets the test push events. */
function fakeClient() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const notes: Array<{ name: string; request: Record<string, unknown> }> = [];
  const pages: number[] = [];
  const client = {
    transport: 'websocket',
    call: async (_command: string, request: { offset?: number }) => {
      pages.push(request.offset ?? 0);
      return { text: 'RECORDED', offset: 0, length: 8, total: 8 };
    },
    notify: (name: string, request: Record<string, unknown>) => void notes.push({ name, request }),
    on: (event: string, listener: (p: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    },
  } as unknown as ApiClient;
  const emit = <E extends EventName>(event: E, payload: Events[E]) =>
    listeners.get(event)?.forEach((l) => l(payload));
  return { client, emit, notes, pages };
}

/** A terminal that records what is written and runs each callback on the next turn. */
function fakeTerminal() {
  const written: string[] = [];
  const term = {
    write: (data: string, done?: () => void) => {
      written.push(data);
      if (done) setTimeout(done, 0);
    },
  } as unknown as Terminal;
  return { term, written };
}

function setup(host: Partial<TerminalStreamHost> = {}) {
  const { client, emit, notes, pages } = fakeClient();
  const element: TerminalStreamHost = {
    client,
    runId: 'r1',
    step: 's',
    executionId: 0,
    live: false,
    addController: () => {},
    removeController: () => {},
    requestUpdate: () => {},
    updateComplete: Promise.resolve(true),
    ...host,
  };
  const stream = new TerminalStream(element);
  stream.hostConnected();
  const { term, written } = fakeTerminal();
  stream.attach(term);
  const update = (changes: Partial<TerminalStreamHost>) => {
    Object.assign(element, changes);
    stream.hostUpdated();
  };
  return { stream, emit, notes, pages, written, update };
}

const output = (at: number, data: string, executionId = 7) =>
  ({ runId: 'r1', step: 's', executionId, at, data }) as Events['step:output'];
const screen = (at: number, data: string, extra: Partial<Events['step:screen']> = {}) =>
  ({
    runId: 'r1',
    step: 's',
    executionId: 7,
    at,
    data,
    complete: true,
    ...extra,
  }) as Events['step:screen'];
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('the terminal stream of a step', () => {
  it('writes a step’s output from its start and acknowledges it one way, in batches', async () => {
    const t = setup();
    t.emit('step:state', { runId: 'r1', step: 's', executionId: 7, status: 'running' });
    t.update({ executionId: 7, live: true });
    const big = 'x'.repeat(ACK_CHARS);
    t.emit('step:output', output(0, 'hello '));
    t.emit('step:output', output(6, big));
    await tick();
    expect(t.written.join('')).toBe(`\x1bchello ${big}`);
    expect(t.notes.filter((n) => n.name === 'run:screen')).toEqual([]);
    const acked = t.notes.filter((n) => n.name === 'run:ack').map((n) => n.request.chars);
    expect(acked.reduce((a, b) => (a as number) + (b as number), 0)).toBe(6 + ACK_CHARS);
    expect(acked.length).toBeLessThanOrEqual(2);
  });

  it('joining part-way, asks for the screen, drops what the screen covers, then writes the tail', async () => {
    const t = setup();
    t.update({ executionId: 7, live: true });
    expect(t.notes).toEqual([{ name: 'run:screen', request: { runId: 'r1' } }]);
    t.emit('step:output', output(100, 'covered'));
    t.emit('step:screen', screen(107, 'SCREEN', { complete: false, skipped: 2_500_000 }));
    t.emit('step:output', output(107, 'tail'));
    await tick();
    const shown = t.written.join('');
    expect(shown).not.toContain('covered');
    expect(shown).toMatch(/2\.5 MB of output shown only in the history.*SCREEN.*tail$/s);
  });

  it('a terminal that showed the record and then learns its step runs switches to the screen', async () => {
    const t = setup();
    t.update({ executionId: 7, live: false });
    await tick();
    expect(t.pages).toEqual([0]);
    t.update({ executionId: 7, live: true });
    expect(t.notes.map((n) => n.name)).toContain('run:screen');
    t.emit('step:screen', screen(8, 'NOW'));
    t.emit('step:output', output(8, 'more'));
    await tick();
    expect(t.written.join('')).toMatch(/NOW.*more$/s);
  });
});
