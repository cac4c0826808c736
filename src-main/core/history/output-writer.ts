/**
 * Batches step output into the database: a running step may print tens of megabytes per second,
 * and one SQLite transaction per pty read would be far too slow, while holding everything until
 * the step ends would lose it all in a crash. Bytes are collected per execution and handed over
 * in pieces of OUTPUT_FLUSH_BYTES (or after OUTPUT_FLUSH_INTERVAL_MS) to a thread of their own
 * (output-worker.ts), which writes and hashes them while the engine goes on reading the pty; the
 * plain text is derived here, once, at the end. Where the history must be complete (a step's
 * end, reading output back, closing) the caller waits for that thread. Where the thread cannot
 * run (a build without its entry), the output is written on the caller's thread.
 */
import { OutputSink, type WrittenOutput } from './output-sink.js';
import { PlainTextDeriver, type PlainText } from './plain-text.js';
import { RecorderThread, type Notice } from './recorder-thread.js';
import { openConnection } from './sqlite-open.js';

/** The final figures of one execution's output. */
export interface FinishedOutput extends WrittenOutput {
  text: PlainText;
}

/** Longest time output waits in memory: keeps what a crash can lose to well under a second. */
export const OUTPUT_FLUSH_INTERVAL_MS = 250;
/** Pending bytes of an execution that are handed over at once: bounds memory during a flood. */
export const OUTPUT_FLUSH_BYTES = 256 * 1024;
/**
 * Bytes handed over and not yet written past which the engine waits for the disk: a program
 * that writes faster than the disk takes is slowed to the disk's speed, never run unrecorded.
 */
export const OUTPUT_IN_FLIGHT_BYTES = 4 * 1024 * 1024;

/** Where the output goes: the writer's thread, or (a build without it) this thread. */
interface Destination {
  begin(executionId: number): void;
  write(executionId: number, bytes: Uint8Array): void;
  finish(executionId: number): WrittenOutput | undefined;
  drop(executionId: number): void;
  /** Returns once everything handed over is written; throws what the database refused. */
  sync(): void;
  close(): void;
}

/** The writer's thread, with a bound on what waits for it. */
function threadDestination(thread: RecorderThread): Destination {
  const inFlight: Array<{ seq: number; bytes: number }> = [];
  let inFlightBytes = 0;
  const settle = () => {
    while (inFlight.length > 0 && inFlight[0]!.seq <= thread.handled) {
      inFlightBytes -= inFlight.shift()!.bytes;
    }
  };
  return {
    begin: (id) => void thread.post({ kind: 'begin', id }),
    write: (id, bytes) => {
      inFlight.push({ seq: thread.post({ kind: 'write', id, bytes }), bytes: bytes.length });
      inFlightBytes += bytes.length;
      settle();
      while (inFlightBytes > OUTPUT_IN_FLIGHT_BYTES) {
        thread.waitFor(inFlight[0]!.seq);
        settle();
      }
    },
    finish: (id) => thread.call({ kind: 'finish', id }) as WrittenOutput | undefined,
    drop: (id) => void thread.post({ kind: 'drop', id }),
    sync: () => void thread.call({ kind: 'sync' }),
    close: () => thread.close(),
  };
}

/** This thread: the same work, done at once. */
function inlineDestination(file: string): Destination {
  const db = openConnection(file);
  const sink = new OutputSink(db);
  return {
    begin: (id) => sink.begin(id),
    write: (id, bytes) => void sink.write(id, bytes),
    finish: (id) => sink.finish(id),
    drop: (id) => sink.drop(id),
    sync: () => {},
    close: () => {
      sink.close();
      db.close();
    },
  };
}

/**
 * The writer's thread while it starts: what is handed over waits here (so nothing is lost if it
 * cannot start) and goes to it as soon as it runs; a call that needs an answer waits for it. The
 * first step does not wait for the thread to start, and output never waits for it longer than
 * OUTPUT_FLUSH_INTERVAL_MS: a thread that is not running by then (a machine too loaded to start
 * it) is ended, and everything is written on this thread instead.
 */
function startingDestination(
  thread: RecorderThread,
  file: string,
  decided: (destination: Destination) => void,
): Destination {
  const waiting: Array<(d: Destination) => void> = [];
  let waitingBytes = 0;
  let chosen: Destination | undefined;
  let overdue: NodeJS.Timeout | undefined;
  const choose = (block: boolean, patienceMs?: number): Destination | undefined => {
    if (chosen || (!block && !thread.running)) return chosen;
    clearTimeout(overdue);
    chosen = thread.ready(patienceMs) ? threadDestination(thread) : inlineDestination(file);
    for (const op of waiting.splice(0)) op(chosen);
    decided(chosen);
    return chosen;
  };
  thread.onSettled(() => {
    // Nothing else may come for a while (a program that prints a line and waits): hand it on now.
    if (waiting.length > 0) choose(true);
  });
  const later = (op: (d: Destination) => void, bytes = 0) => {
    waitingBytes += bytes;
    const d = choose(waitingBytes > OUTPUT_IN_FLIGHT_BYTES);
    if (d) return op(d);
    waiting.push(op);
    overdue ??= setTimeout(() => choose(true, 0), OUTPUT_FLUSH_INTERVAL_MS);
    overdue.unref();
  };
  return {
    begin: (id) => later((d) => d.begin(id)),
    write: (id, bytes) => later((d) => d.write(id, bytes), bytes.length),
    drop: (id) => later((d) => d.drop(id)),
    finish: (id) => choose(true)!.finish(id),
    sync: () => choose(true)!.sync(),
    close: () => choose(true)!.close(),
  };
}

/** One execution being recorded: its bytes not yet handed over, and its plain text. */
interface Staged {
  buffer: Uint8Array;
  used: number;
  deriver: PlainTextDeriver;
}

/** Owns the output of the executions this process is recording. */
export class OutputWriter {
  private destination: Destination | undefined;
  private thread: RecorderThread | undefined;
  private readonly live = new Map<number, Staged>();
  /** Executions whose run was deleted while they were recorded here. */
  private readonly deleted = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  /** A write the database refused, reported by the writer's thread and not yet thrown. */
  private refused: Error | undefined;
  /** Buffers the writer's thread has written and given back, to be filled again. */
  private readonly spare: Uint8Array[] = [];

  constructor(private readonly file: string) {}

  /** Starts the writer's thread now, without waiting for it (the engine does, at its start). */
  prepare(): void {
    this.thread ??= RecorderThread.start(this.file, (notice) => this.noticed(notice));
  }

  /** Starts tracking a new execution (its row already exists); `secrets` are kept out of its text. */
  begin(executionId: number, secrets: readonly string[] = []): void {
    this.to().begin(executionId);
    this.live.set(executionId, {
      buffer: this.freshBuffer(),
      used: 0,
      deriver: new PlainTextDeriver(undefined, secrets),
    });
  }

  /** True when this process is recording the execution. */
  has(executionId: number): boolean {
    return this.live.has(executionId);
  }

  /** Takes bytes (copied: the caller may reuse its buffer); throws a write the disk refused. */
  append(executionId: number, bytes: Uint8Array): void {
    this.checkRefused();
    const staged = this.live.get(executionId);
    if (!staged) {
      // The run was deleted while the step streamed: its output has nowhere to go.
      if (this.deleted.has(executionId)) return;
      throw new Error(`Output for execution ${executionId}, which this process is not recording.`);
    }
    for (let from = 0; from < bytes.length;) {
      const n = Math.min(bytes.length - from, staged.buffer.length - staged.used);
      staged.buffer.set(bytes.subarray(from, from + n), staged.used);
      staged.used += n;
      from += n;
      if (staged.used === staged.buffer.length) this.handOver(executionId, staged);
    }
    if (staged.used > 0) this.schedule();
  }

  /** Hands every pending byte over and waits until it is written; throws what was refused. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [id, staged] of this.live) if (staged.used > 0) this.handOver(id, staged);
    this.destination?.sync();
    this.checkRefused();
  }

  /** The plain text so far of an execution this process records. */
  currentText(executionId: number): PlainText | undefined {
    const staged = this.live.get(executionId);
    if (staged && staged.used > 0) this.handOver(executionId, staged);
    return staged?.deriver.read();
  }

  /**
   * Stops tracking an execution once all its output is written; returns its final figures. The
   * plain text is interpreted here while the writer's thread writes the last pieces.
   */
  finish(executionId: number): FinishedOutput | undefined {
    const staged = this.live.get(executionId);
    if (!staged) return undefined;
    if (staged.used > 0) this.handOver(executionId, staged);
    this.live.delete(executionId);
    try {
      const text = staged.deriver.read();
      const written = this.to().finish(executionId);
      this.checkRefused();
      return written && { ...written, text };
    } finally {
      staged.deriver.dispose();
    }
  }

  /** Forgets an execution (finished, or its run was deleted). */
  drop(executionId: number, deleted = false): void {
    const staged = this.live.get(executionId);
    if (!staged) return;
    if (deleted) this.deleted.add(executionId);
    staged.deriver.dispose();
    this.live.delete(executionId);
    this.destination?.drop(executionId);
  }

  /** Stops the timer and the writer's thread; pending bytes must have been flushed. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const staged of this.live.values()) staged.deriver.dispose();
    this.live.clear();
    if (this.destination) this.destination.close();
    else this.thread?.end();
    this.destination = undefined;
    this.thread = undefined;
  }

  private to(): Destination {
    if (!this.destination) {
      this.prepare();
      const thread = this.thread;
      this.destination = thread
        ? startingDestination(thread, this.file, (d) => {
            this.destination = d;
            if (!thread.running) this.thread = undefined;
          })
        : inlineDestination(this.file);
    }
    return this.destination;
  }

  private noticed(notice: Notice): void {
    if (notice.kind === 'gone') this.drop(notice.id, true);
    else if (notice.kind === 'free') {
      if (notice.bytes.byteLength === OUTPUT_FLUSH_BYTES) this.spare.push(notice.bytes);
    } else this.refused = Object.assign(new Error(notice.message), { code: notice.code });
  }

  /** An empty staging buffer: one given back by the writer's thread, or a new one. */
  private freshBuffer(): Uint8Array {
    this.thread?.drain();
    return this.spare.pop() ?? new Uint8Array(OUTPUT_FLUSH_BYTES);
  }

  private checkRefused(): void {
    const refused = this.refused;
    this.refused = undefined;
    if (refused) throw refused;
  }

  /**
   * Moves an execution's pending bytes to the plain text and to the destination; a full buffer
   * moves to the destination without a copy.
   */
  private handOver(executionId: number, staged: Staged): void {
    const full = staged.used === staged.buffer.length;
    const bytes = full ? staged.buffer : staged.buffer.slice(0, staged.used);
    staged.deriver.feed(bytes);
    if (full) staged.buffer = this.freshBuffer();
    staged.used = 0;
    this.to().write(executionId, bytes);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        for (const [id, staged] of this.live) if (staged.used > 0) this.handOver(id, staged);
      } catch (err) {
        // Written on this thread and refused: the next append or flush reports it.
        this.refused = err as Error;
      }
    }, OUTPUT_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }
}
