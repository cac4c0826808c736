// @vitest-environment happy-dom
/**
 * TerminalStream and LiveOutput: a step's output reaching a real (headless) xterm.js terminal
 * exactly once, with every chunk acknowledged exactly once, whether the terminal was there from
 * the start, appeared later, or shows a finished execution from the history.
 */
import { describe, expect, it } from 'vitest';
import type { ReactiveController } from 'lit';
import xtermHeadless from '@xterm/headless';
import {
  HISTORY_SEAM_MARKER,
  RECORD_SETTLE_MS,
  TerminalStream,
  type TerminalStreamHost,
} from '../../../src-renderer/terminal/terminal-stream.js';
import { LiveOutput, LIVE_LOG_MAX_CHARS } from '../../../src-renderer/terminal/live-output.js';
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
  constructor(
    public client?: FakeClient,
    public output?: LiveOutput,
  ) {}
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

function newTerminal(): HeadlessTerminal {
  return new Terminal({ cols: 80, rows: 24, allowProposedApi: true });
}

/** The terminal's text, trailing blanks removed. */
function screenText(term: HeadlessTerminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++)
    lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
  return lines.join('\n').trimEnd();
}

/** A client with a live output (created first, as the shell does) and acks recorded. */
function service() {
  const client = new FakeClient();
  client.handle('run:ack', () => ({ ok: true }));
  client.handle('run:input', () => ({ ok: true }));
  client.handle('run:resize', () => ({ ok: true }));
  const output = new LiveOutput(client);
  const acked = () => client.requests('run:ack').reduce((sum, r) => sum + r.chars, 0);
  return { client, output, acked };
}

function chunk(data: string, executionId = 5, step = 'greet') {
  return { runId: 'run-1', step, executionId, data };
}

function running(executionId = 5, step = 'greet') {
  return { runId: 'run-1', step, executionId, status: 'running' as const };
}

/** A stream on a mounted terminal for a step this page is showing. */
function mounted(client: FakeClient, output: LiveOutput, executionId: number, live: boolean) {
  const host = new Host(client, output);
  const stream = new TerminalStream(host);
  host.executionId = executionId;
  host.live = live;
  host.connect();
  host.rendered();
  const term = newTerminal();
  stream.attach(term);
  return { host, stream, term };
}

describe('LiveOutput', () => {
  it('acknowledges the output of steps no terminal shows, and only those', () => {
    const { client, output, acked } = service();
    client.emit('step:output', chunk('abc'));
    expect(acked()).toBe(3);
    const release = output.attach('run-1', 'greet');
    client.emit('step:output', chunk('defg'));
    client.emit('step:output', chunk('xy', 5, 'other'));
    expect(acked()).toBe(5);
    release();
    release();
    client.emit('step:output', chunk('z'));
    expect(acked()).toBe(6);
  });

  it('keeps a step as shown while any of its terminals is there', () => {
    const { output } = service();
    const first = output.attach('run-1', 'greet');
    const second = output.attach('run-1', 'greet');
    first();
    expect(output.hasTerminal('run-1', 'greet')).toBe(true);
    second();
    expect(output.hasTerminal('run-1', 'greet')).toBe(false);
  });

  it('keeps a copy of a running execution seen from its start, within a size limit', () => {
    const { client, output } = service();
    client.emit('step:output', chunk('before it started'));
    client.emit('step:state', running());
    client.emit('step:output', chunk('one '));
    client.emit('step:output', chunk('two'));
    expect(output.log(5)).toEqual({ text: 'one two', complete: true });
    client.emit('step:output', chunk('x'.repeat(LIVE_LOG_MAX_CHARS)));
    expect(output.log(5)).toEqual({ text: '', complete: false });
    client.emit('step:state', { ...running(), status: 'passed' });
    expect(output.log(5)).toBeUndefined();
  });

  it('stops listening when closed', () => {
    const { client, output } = service();
    output.close();
    expect(client.listenerCount('step:output')).toBe(0);
    expect(client.listenerCount('step:state')).toBe(0);
  });
});

describe('TerminalStream', () => {
  it('writes live output and acknowledges each chunk once, after the terminal wrote it', async () => {
    const { client, output, acked } = service();
    client.emit('step:state', running());
    const { term } = mounted(client, output, 5, true);
    client.emit('step:output', chunk('hello\r\n'));
    client.emit('step:output', chunk('world\r\n'));
    client.emit('step:output', chunk('not mine\r\n', 9, 'other'));
    await settle();
    expect(screenText(term)).toBe('hello\nworld');
    // Seven, six, and the other step's ten (acknowledged by the live output, not this terminal).
    expect(acked()).toBe(7 + 7 + 10);
  });

  it('a terminal drawn after its step started shows everything printed so far, once', async () => {
    const { client, output, acked } = service();
    client.emit('step:state', running());
    client.emit('step:output', chunk('Your name: '));
    const { term } = mounted(client, output, 5, true);
    client.emit('step:output', chunk('bob\r\n'));
    await settle();
    expect(screenText(term)).toBe('Your name: bob');
    expect(acked()).toBe('Your name: bob\r\n'.length);
    expect(client.requests('history:output')).toEqual([]);
  });

  it('a terminal for a step this page did not see start loads the record, then the live output', async () => {
    const { client, output } = service();
    client.handle('history:output', ({ offset = 0 }) =>
      !offset
        ? { text: 'recorded line\r\n', offset: 0, length: 15, total: 15 }
        : { text: '', offset, length: 0, total: 15 },
    );
    const { term } = mounted(client, output, 5, true);
    client.emit('step:output', chunk('live line\r\n'));
    await new Promise((r) => setTimeout(r, RECORD_SETTLE_MS + 50));
    await settle();
    const text = screenText(term);
    expect(text.startsWith('recorded line\n')).toBe(true);
    expect(text).toContain('earlier output loaded from the history');
    expect(text.endsWith('live line')).toBe(true);
    expect(HISTORY_SEAM_MARKER).toContain('live output follows');
  });

  it('shows a finished execution from the history, page after page', async () => {
    const { client, output } = service();
    const pages = ['first page\r\n', 'second page\r\n'];
    client.handle('history:output', ({ offset = 0 }) => {
      const at = offset === 0 ? 0 : 1;
      const text = pages[at] ?? '';
      return { text, offset, length: offset >= 24 ? 0 : 12, total: 24 };
    });
    const { term } = mounted(client, output, 3, false);
    await settle();
    expect(screenText(term)).toBe('first page\nsecond page');
    expect(client.requests('history:output').map((r) => r.offset)).toEqual([0, 12]);
  });

  it('a new execution of the step starts on a clean screen', async () => {
    const { client, output } = service();
    client.emit('step:state', running(5));
    const { host, term } = mounted(client, output, 5, true);
    client.emit('step:output', chunk('first run\r\n', 5));
    await settle();
    client.emit('step:state', running(6));
    client.emit('step:output', chunk('second run\r\n', 6));
    await settle();
    expect(screenText(term)).toBe('second run');
    host.executionId = 6;
    host.rendered();
    await settle();
    expect(screenText(term)).toBe('second run');
  });

  it('sends typed input and size changes only while the step runs here', () => {
    const { client, output } = service();
    const { host, stream } = mounted(client, output, 5, false);
    stream.input('secret\r');
    stream.resize(100, 30);
    expect(client.requests('run:input')).toEqual([]);
    expect(client.requests('run:resize')).toEqual([]);
    host.live = true;
    stream.input('yes\r');
    stream.resize(100, 30);
    expect(client.requests('run:input')).toEqual([{ runId: 'run-1', data: 'yes\r' }]);
    expect(client.requests('run:resize')).toEqual([{ runId: 'run-1', cols: 100, rows: 30 }]);
  });

  it('once its element is gone, its step is acknowledged by the live output again', async () => {
    const { client, output, acked } = service();
    client.emit('step:state', running());
    const { host, stream } = mounted(client, output, 5, true);
    expect(output.hasTerminal('run-1', 'greet')).toBe(true);
    stream.detach();
    host.disconnect();
    expect(output.hasTerminal('run-1', 'greet')).toBe(false);
    client.emit('step:output', chunk('after\r\n'));
    await settle();
    expect(acked()).toBe(7);
    expect(client.listenerCount('step:output')).toBe(1);
  });
});
