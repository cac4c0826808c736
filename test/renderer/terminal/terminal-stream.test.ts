// @vitest-environment happy-dom
/**
 * TerminalStream: a step's output reaching a real (headless) xterm.js terminal. Output from a
 * step's start is written and acknowledged one way, in batches of characters; a terminal that
 * joins part-way, or learns late that its step runs, asks for the step's screen and writes it
 * before the live tail (no history re-read, no wait, nothing written twice); a finished execution
 * comes from the history page by page.
 */
import { describe, expect, it } from 'vitest';
import type { ReactiveController } from 'lit';
import xtermHeadless from '@xterm/headless';
import {
  ACK_CHARS,
  TerminalStream,
  type TerminalStreamHost,
} from '../../../src-renderer/terminal/terminal-stream.js';
import type { Events } from '../../../src-main/api/contract.js';
import { FakeClient, settle } from '../fake-client.js';

const { Terminal } = xtermHeadless;
type HeadlessTerminal = InstanceType<typeof Terminal>;

/** The terminal element as the stream sees it: its properties and its controllers. */
class Host implements TerminalStreamHost {
  controllers: ReactiveController[] = [];
  readonly updateComplete = Promise.resolve(true);
  runId = 'run-1';
  step = 'greet';
  executionId = 0;
  live = false;
  constructor(public client?: FakeClient) {}
  addController(c: ReactiveController): void {
    this.controllers.push(c);
  }
  removeController(): void {}
  requestUpdate(): void {}
  /** What Lit does after a render: every controller hears hostUpdated. */
  rendered(): void {
    for (const c of this.controllers) c.hostUpdated?.();
  }
  connect(): void {
    for (const c of this.controllers) c.hostConnected?.();
  }
  disconnect(): void {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
}

/** The terminal's text, trailing blanks removed. */
function screenText(term: HeadlessTerminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++)
    lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
  return lines.join('\n').trimEnd();
}

function chunk(at: number, data: string, executionId = 5, step = 'greet') {
  return { runId: 'run-1', step, executionId, at, data } as Events['step:output'];
}

function screen(at: number, data: string, extra: Partial<Events['step:screen']> = {}) {
  return {
    runId: 'run-1',
    step: 'greet',
    executionId: 5,
    at,
    data,
    complete: true,
    ...extra,
  } as Events['step:screen'];
}

function running(executionId = 5) {
  return { runId: 'run-1', step: 'greet', executionId, status: 'running' as const };
}

/** The characters acknowledged so far, over every one-way acknowledgement. */
function acked(client: FakeClient): number {
  return client.notified('run:ack').reduce((sum, r) => sum + r.chars, 0);
}

/** A stream on a mounted terminal for a step this page is showing. */
function mounted(client: FakeClient, executionId: number, live: boolean) {
  const host = new Host(client);
  const stream = new TerminalStream(host);
  host.connect();
  const term = new Terminal({ cols: 80, rows: 24, allowProposedApi: true });
  stream.attach(term);
  host.executionId = executionId;
  host.live = live;
  host.rendered();
  return { host, stream, term };
}

describe('TerminalStream', () => {
  it('writes output from the step’s start and acknowledges it one way, in batches', async () => {
    const client = new FakeClient();
    const { term } = mounted(client, 0, false);
    client.emit('step:state', running());
    const big = 'x'.repeat(ACK_CHARS);
    client.emit('step:output', chunk(0, 'hello\r\n'));
    client.emit('step:output', chunk(7, big));
    client.emit('step:output', chunk(0, 'not mine\r\n', 9, 'other'));
    await settle();
    expect(screenText(term).startsWith('hello\nxxxx')).toBe(true);
    expect(client.notified('run:screen')).toEqual([]);
    expect(acked(client)).toBe(7 + ACK_CHARS);
    expect(client.notified('run:ack').length).toBeLessThanOrEqual(2);
    expect(client.calls).toEqual([]);
  });

  it('joining part-way, asks for the screen, drops what it covers, then writes the tail', async () => {
    const client = new FakeClient();
    const { term } = mounted(client, 5, true);
    expect(client.notified('run:screen')).toEqual([{ runId: 'run-1' }]);
    client.emit('step:output', chunk(100, 'covered'));
    client.emit('step:screen', screen(107, 'SCREEN\r\n', { complete: false, skipped: 2_500_000 }));
    client.emit('step:output', chunk(107, 'tail'));
    await settle();
    const text = screenText(term);
    expect(text).not.toContain('covered');
    expect(text).toBe('[… 2.5 MB of output shown only in the history]\nSCREEN\ntail');
    // Only the tail is output this terminal acknowledges; the screen stands in for the rest.
    expect(acked(client)).toBe(4);
    expect(client.requests('history:output')).toEqual([]);
  });

  it('a terminal that showed the record and then learns its step runs switches to the screen', async () => {
    const client = new FakeClient();
    client.handle('history:output', ({ offset = 0 }) => ({
      text: offset ? '' : 'RECORDED',
      offset,
      length: offset ? 0 : 8,
      total: 8,
    }));
    const { host, term } = mounted(client, 5, false);
    await settle();
    expect(screenText(term)).toBe('RECORDED');
    host.live = true;
    host.rendered();
    expect(client.notified('run:screen')).toEqual([{ runId: 'run-1' }]);
    client.emit('step:screen', screen(8, 'NOW\r\n'));
    client.emit('step:output', chunk(8, 'more'));
    await settle();
    expect(screenText(term)).toBe('NOW\nmore');
  });

  it('shows a finished execution from the history, page after page', async () => {
    const client = new FakeClient();
    const pages = ['first page\r\n', 'second page\r\n'];
    client.handle('history:output', ({ offset = 0 }) => {
      const text = pages[offset === 0 ? 0 : 1] ?? '';
      return { text, offset, length: offset >= 24 ? 0 : 12, total: 24 };
    });
    const { term } = mounted(client, 3, false);
    await settle();
    expect(screenText(term)).toBe('first page\nsecond page');
    expect(client.requests('history:output').map((r) => r.offset)).toEqual([0, 12]);
    expect(client.notes).toEqual([]);
  });

  it('a new execution of the step starts on a clean screen', async () => {
    const client = new FakeClient();
    const { host, term } = mounted(client, 0, false);
    client.emit('step:state', running(5));
    client.emit('step:output', chunk(0, 'first run\r\n', 5));
    await settle();
    client.emit('step:state', running(6));
    client.emit('step:output', chunk(0, 'second run\r\n', 6));
    await settle();
    expect(screenText(term)).toBe('second run');
    host.executionId = 6;
    host.live = true;
    host.rendered();
    await settle();
    expect(screenText(term)).toBe('second run');
    expect(client.notified('run:screen')).toEqual([]);
  });

  it('a terminal made again while its step waits for input asks for the screen', async () => {
    const client = new FakeClient();
    const { host, stream } = mounted(client, 0, false);
    client.emit('step:state', running());
    host.executionId = 5;
    host.live = true;
    host.rendered();
    client.emit('step:output', chunk(0, 'Your name: '));
    await settle();
    // The element is moved in the page: its terminal goes and a new, empty one is made.
    stream.detach();
    host.disconnect();
    host.connect();
    const term = new Terminal({ cols: 80, rows: 24, allowProposedApi: true });
    stream.attach(term);
    host.rendered();
    expect(client.notified('run:screen')).toEqual([{ runId: 'run-1' }]);
    client.emit('step:screen', screen(11, 'Your name: '));
    await settle();
    expect(screenText(term)).toBe('Your name:');
  });

  it('output that came before its terminal existed is not lost: the screen stands in', async () => {
    const client = new FakeClient();
    const host = new Host(client);
    const stream = new TerminalStream(host);
    host.connect();
    client.emit('step:state', running());
    client.emit('step:output', chunk(0, 'Your name: '));
    const term = new Terminal({ cols: 80, rows: 24, allowProposedApi: true });
    stream.attach(term);
    host.executionId = 5;
    host.live = true;
    host.rendered();
    expect(client.notified('run:screen')).toEqual([{ runId: 'run-1' }]);
    client.emit('step:screen', screen(11, 'Your name: '));
    await settle();
    expect(screenText(term)).toBe('Your name:');
  });

  it('waiting for the screen, takes the execution’s first batch when that comes instead', async () => {
    const client = new FakeClient();
    const { term } = mounted(client, 5, true);
    expect(client.notified('run:screen')).toEqual([{ runId: 'run-1' }]);
    // The service saw the first batch only after the request: it sends output from the start.
    client.emit('step:output', chunk(0, 'Your name: '));
    await settle();
    expect(screenText(term)).toBe('Your name:');
    expect(acked(client)).toBe(11);
  });

  it('sends typed input and size changes one way, only while the step runs here', () => {
    const client = new FakeClient();
    const { host, stream } = mounted(client, 5, false);
    stream.input('secret\r');
    stream.resize(100, 30);
    expect(client.notes).toEqual([]);
    host.live = true;
    stream.input('yes\r');
    stream.resize(100, 30);
    expect(client.notified('run:input')).toEqual([{ runId: 'run-1', data: 'yes\r' }]);
    expect(client.notified('run:resize')).toEqual([{ runId: 'run-1', cols: 100, rows: 30 }]);
    // The only call is the record the terminal showed before the step ran here.
    expect(client.calls.map((c) => c.command)).toEqual(['history:output']);
  });

  it('stops listening once its element is gone', () => {
    const client = new FakeClient();
    const { host, stream } = mounted(client, 5, true);
    stream.detach();
    host.disconnect();
    expect(client.listenerCount('step:output')).toBe(0);
    expect(client.listenerCount('step:screen')).toBe(0);
    expect(client.listenerCount('step:state')).toBe(0);
  });
});
