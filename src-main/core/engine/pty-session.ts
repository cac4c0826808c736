/**
 * One program running in a real pseudo-terminal, read as fast as it writes: raw output to the
 * record, batched text to the display (never paused for a viewer: see display-stream.ts), typed
 * input, resize, timeout, and a stop that escalates SIGINT → SIGTERM → SIGKILL over the whole
 * process group and leaves no descendant behind.
 */
import * as pty from '@lydell/node-pty';
import { readSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { OutputBatcher } from './output-batcher.js';
import { signalQuietly, StepProcesses } from './process-tree.js';

/** Time for a program to act on Ctrl-C (tcpdump writes out its capture file then). */
export const INTERRUPT_GRACE_MS = 2_000;
/** Time for a program to clean up on SIGTERM once it ignored SIGINT. */
export const TERMINATE_GRACE_MS = 2_000;
/** After SIGKILL the kernel needs only a moment; past this the stop reports anyway (hard bound). */
export const KILL_WAIT_MS = 2_000;
/** How often a running step's process tree is sampled, to catch children that call setsid. */
export const PROCESS_SAMPLE_MS = 1_000;
/** Poll interval while waiting for a stopped step's processes to go away. */
const SETTLE_POLL_MS = 50;
/** The size of a step's terminal until a viewer says its own. */
export const DEFAULT_SIZE = { cols: 120, rows: 30 } as const;

export type SessionEnd = 'exited' | 'stopped' | 'timed-out';

export interface SessionResult {
  end: SessionEnd;
  exitCode?: number;
  signal?: string;
  /** ISO 8601 UTC. */
  startedAt: string;
  endedAt: string;
}

export interface PtySessionOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols?: number;
  rows?: number;
  platform?: NodeJS.Platform;
  /** Seconds; the session is stopped with end 'timed-out' past it. */
  timeoutSeconds?: number;
  /** Raw bytes exactly as the pty produced them. */
  onBytes: (bytes: Buffer) => void;
  /** Display text in batches; whole characters only. */
  onText: (text: string) => void;
}

const SIGNAL_NAMES = new Map<number, string>(
  Object.entries(osConstants.signals).map(([name, num]) => [num, name]),
);

/** What node-pty keeps of the pty's master side (not public API; checked before use). */
interface PtyInternals {
  _socket?: {
    destroy: (...args: unknown[]) => unknown;
    read?: () => Buffer | string | null;
    _handle?: { fd?: number };
  };
}

/** Size of each read when draining the pty at its teardown. */
const DRAIN_CHUNK_BYTES = 64 * 1024;

/**
 * node-pty tears the pty down 200 ms after the program exits, whether or not its last output
 * has been read: on a busy event loop (a burst of history writes) the tail of the output was
 * lost. This makes the teardown read what is still buffered, in the stream and in the kernel,
 * and hand it on first.
 */
function drainBeforeTeardown(term: pty.IPty, onData: (bytes: Buffer) => void): void {
  const socket = (term as unknown as PtyInternals)._socket;
  if (!socket || typeof socket.destroy !== 'function') return;
  const destroy = socket.destroy.bind(socket);
  socket.destroy = (...args: unknown[]) => {
    try {
      for (let chunk = socket.read?.(); chunk; chunk = socket.read?.()) {
        onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      }
      const fd = socket._handle?.fd;
      if (typeof fd === 'number' && fd >= 0) {
        const buffer = Buffer.alloc(DRAIN_CHUNK_BYTES);
        for (;;) {
          const n = readSync(fd, buffer, 0, buffer.length, null);
          if (n <= 0) break;
          onData(Buffer.from(buffer.subarray(0, n)));
        }
      }
    } catch {
      // EAGAIN (nothing left) or EIO (the other side is closed and empty): all is read.
    }
    return destroy(...args);
  };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** A program in a pty, from spawn to a fully reported end. */
export class PtySession {
  readonly pid: number;
  readonly startedAt = new Date().toISOString();
  /** Resolves once the program ended, its output was flushed and nothing of it is left running. */
  readonly done: Promise<SessionResult>;
  private readonly term: pty.IPty;
  private readonly platform: NodeJS.Platform;
  private readonly batcher: OutputBatcher;
  private readonly procs: StepProcesses;
  private readonly timers: NodeJS.Timeout[] = [];
  private exitInfo: { exitCode: number; signal?: number } | undefined;
  private markExited!: () => void;
  private readonly exited = new Promise<void>((resolve) => (this.markExited = resolve));
  private stopReason: SessionEnd | undefined;
  private stopSequence: Promise<void> | undefined;
  private markStopFinished!: () => void;
  private readonly stopFinished = new Promise<void>((resolve) => (this.markStopFinished = resolve));

  constructor(private readonly options: PtySessionOptions) {
    this.platform = options.platform ?? process.platform;
    this.term = pty.spawn(options.file, options.args, {
      name: 'xterm-256color',
      cols: options.cols ?? DEFAULT_SIZE.cols,
      rows: options.rows ?? DEFAULT_SIZE.rows,
      cwd: options.cwd,
      env: options.env,
      encoding: null,
    });
    this.pid = this.term.pid;
    this.procs = new StepProcesses(this.pid, this.platform);
    this.batcher = new OutputBatcher(options.onText);
    const onData = (bytes: Buffer) => {
      options.onBytes(bytes);
      this.batcher.push(bytes);
    };
    this.term.onData((data) =>
      onData(typeof data === 'string' ? Buffer.from(data, 'utf8') : (data as Buffer)),
    );
    if (this.platform !== 'win32') drainBeforeTeardown(this.term, onData);
    this.term.onExit(({ exitCode, signal }) => {
      this.exitInfo = { exitCode, signal };
      this.markExited();
    });
    if (this.platform === 'linux') {
      const sampler = setInterval(() => this.procs.observe(), PROCESS_SAMPLE_MS);
      sampler.unref();
      this.timers.push(sampler);
    }
    if (options.timeoutSeconds && options.timeoutSeconds > 0) {
      const timer = setTimeout(() => void this.stop('timed-out'), options.timeoutSeconds * 1000);
      timer.unref();
      this.timers.push(timer);
    }
    this.done = this.lifecycle();
  }

  /** Passes typed input to the program; never stored anywhere. */
  write(data: string): void {
    if (!this.exitInfo) this.term.write(data);
  }

  /**
   * Changes the terminal size; false for nonsense sizes or after the end. The text read before
   * is sent first, so what follows the resize is what the program wrote at the new size.
   */
  resize(cols: number, rows: number): boolean {
    if (this.exitInfo || !Number.isInteger(cols) || !Number.isInteger(rows)) return false;
    if (cols < 1 || rows < 1 || cols > 10_000 || rows > 10_000) return false;
    this.batcher.flush();
    this.term.resize(cols, rows);
    return true;
  }

  /** Stops the program and everything it started; resolves with the final result. */
  stop(reason: 'stopped' | 'timed-out' = 'stopped'): Promise<SessionResult> {
    if (!this.stopReason && !this.exitInfo) {
      this.stopReason = reason;
      this.stopSequence = this.escalate().finally(() => this.markStopFinished());
    }
    return this.done;
  }

  private async escalate(): Promise<void> {
    if (this.platform === 'win32') {
      this.term.kill();
      await Promise.race([this.exited, delay(KILL_WAIT_MS)]);
      return;
    }
    this.procs.observe();
    const steps: Array<[NodeJS.Signals, number]> = [
      ['SIGINT', INTERRUPT_GRACE_MS],
      ['SIGTERM', TERMINATE_GRACE_MS],
      ['SIGKILL', KILL_WAIT_MS],
    ];
    for (const [signal, wait] of steps) {
      this.procs.signalAll(signal);
      if (await this.settle(wait)) return;
    }
    // Hard bound: whatever node-pty says, the stop is over after this.
    await Promise.race([this.exited, delay(KILL_WAIT_MS)]);
  }

  /** Waits until the program exited and none of its processes is left; false on time-out. */
  private async settle(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (this.exitInfo && this.procs.alive().length === 0) return true;
      await delay(SETTLE_POLL_MS);
    }
    return false;
  }

  private async lifecycle(): Promise<SessionResult> {
    await Promise.race([this.exited, this.stopFinished]);
    if (this.stopSequence) await this.stopSequence;
    for (const timer of this.timers) clearInterval(timer);
    if (this.stopReason) {
      for (const p of this.procs.alive()) signalQuietly(p.pid, 'SIGKILL');
    } else {
      this.procs.killSession();
    }
    this.batcher.end();
    const exit = this.exitInfo ?? { exitCode: -1 };
    const signal = exit.signal ? (SIGNAL_NAMES.get(exit.signal) ?? String(exit.signal)) : undefined;
    return {
      end: this.stopReason ?? 'exited',
      exitCode: signal ? undefined : exit.exitCode,
      signal,
      startedAt: this.startedAt,
      endedAt: new Date().toISOString(),
    };
  }
}
