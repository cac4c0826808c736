/**
 * The thread that writes step output to the database (output-worker.ts), seen from the engine's
 * main thread. Messages go one way and are numbered; the worker counts the ones it has handled in
 * shared memory, so the main thread can wait for it synchronously (Atomics.wait) where the history
 * must be complete: before a step's end is recorded, before output is read back, at close. Its
 * answers and errors are taken off the port synchronously too (receiveMessageOnPort).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';

/** A message to the worker. */
export type ToWorker =
  | { seq: number; kind: 'begin' | 'finish' | 'drop'; id: number }
  | { seq: number; kind: 'write'; id: number; bytes: Uint8Array }
  | { seq: number; kind: 'sync' | 'close' };

/** An answer of the worker to a message that is waited for. */
export type Answer =
  | { kind: 'result'; seq: number; value: unknown }
  | { kind: 'error'; seq: number; message: string; code?: string };

/**
 * What the worker says unasked: a write it could not do yet, an execution whose run is gone, a
 * buffer it has written and gives back to be filled again.
 */
export type Notice =
  | { kind: 'failed'; message: string; code?: string }
  | { kind: 'gone'; id: number }
  | { kind: 'free'; bytes: Uint8Array };

export type FromWorker = Answer | Notice;

/** What the worker is started with. */
export interface WorkerData {
  file: string;
  /** Int32Array over a SharedArrayBuffer: [0] the number of the last message handled. */
  state: SharedArrayBuffer;
  port: MessagePort;
}

/**
 * The longest wait for the worker. It answers in milliseconds; a wait this long means it is stuck
 * (a database locked by another process for longer than the busy retries, or a dead thread).
 */
export const RECORDER_WAIT_MS = 30_000;
/** The longest wait for the worker to start (a loaded machine); past it output is written inline. */
export const RECORDER_START_MS = 20_000;

const here = fileURLToPath(import.meta.url);

/** The worker's entry: built beside this module, or the TypeScript source (tests) through tsx. */
function workerEntry(): { entry: string; evalCode?: string } {
  if (!here.endsWith('.ts')) return { entry: join(dirname(here), 'output-worker.js') };
  const source = pathToFileURL(join(dirname(here), 'output-worker.ts')).href;
  return {
    entry: source,
    evalCode: `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(source)}); });`,
  };
}

/** The main thread's end of the output worker. */
export class RecorderThread {
  private seq = 0;
  private readonly answers = new Map<number, Answer>();
  /** The worker could not start, or ended. */
  private failed = false;
  /** The first message, answered once the worker runs. */
  private readonly started: number;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly done: Int32Array,
    /** Called with what the worker says unasked. */
    private readonly onNotice: (notice: Notice) => void,
  ) {
    worker.once('error', () => (this.failed = true));
    worker.once('exit', () => (this.failed = true));
    this.started = this.post({ kind: 'sync' });
  }

  /**
   * Starts the worker on the history `file`, without waiting for it; undefined when this build has
   * no worker entry.
   */
  static start(file: string, onNotice: (notice: Notice) => void): RecorderThread | undefined {
    const { entry, evalCode } = workerEntry();
    if (!evalCode && !existsSync(entry)) return undefined;
    const state = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const data: WorkerData = { file, state, port: port2 };
    const worker = new Worker(evalCode ?? entry, {
      eval: evalCode !== undefined,
      workerData: data,
      transferList: [port2],
    });
    worker.unref();
    return new RecorderThread(worker, port1, new Int32Array(state), onNotice);
  }

  /** Calls `then` once, when the worker runs or could not start. */
  onSettled(then: () => void): void {
    let called = false;
    const once = () => {
      if (called) return;
      called = true;
      then();
    };
    this.worker.once('message', once);
    this.worker.once('error', once);
    this.worker.once('exit', once);
  }

  /** Whether the worker has started (without waiting). */
  get running(): boolean {
    return !this.failed && this.handled >= this.started;
  }

  /**
   * Waits until the worker runs, at most `waitMs`; false when it could not start by then (it is
   * then ended).
   */
  ready(waitMs: number = RECORDER_START_MS): boolean {
    if (!this.failed && this.handled < this.started) {
      Atomics.wait(this.done, 0, 0, waitMs);
    }
    if (!this.failed && this.handled >= this.started) return true;
    this.end();
    return false;
  }

  /** Sends a message (the bytes of a write are moved, not copied); returns its number. */
  post(msg: DistributiveOmit<ToWorker, 'seq'>): number {
    const seq = ++this.seq;
    const transfer = msg.kind === 'write' ? [msg.bytes.buffer as ArrayBuffer] : [];
    this.port.postMessage({ ...msg, seq }, transfer);
    return seq;
  }

  /** Number of the last message the worker has handled. */
  get handled(): number {
    return Atomics.load(this.done, 0);
  }

  /** Waits until message `seq` is handled; returns its answer, throws its error. */
  waitFor(seq: number): unknown {
    const deadline = Date.now() + RECORDER_WAIT_MS;
    for (let done = this.handled; done < seq; done = this.handled) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error('The history writer did not answer: the output of this step is not saved.');
      }
      Atomics.wait(this.done, 0, done, left);
    }
    this.drain();
    const answer = this.answers.get(seq);
    this.answers.delete(seq);
    if (answer?.kind === 'error') {
      throw Object.assign(new Error(answer.message), { code: answer.code });
    }
    return answer?.value;
  }

  /** Takes whatever the worker has sent, without waiting. */
  drain(): void {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const msg = m.message as FromWorker;
      if (msg.kind === 'result' || msg.kind === 'error') this.answers.set(msg.seq, msg);
      else this.onNotice(msg);
    }
  }

  /** Posts a message and waits for its answer. */
  call(msg: DistributiveOmit<ToWorker, 'seq'>): unknown {
    return this.waitFor(this.post(msg));
  }

  /** Closes the worker's connection and ends the thread. */
  close(): void {
    try {
      this.call({ kind: 'close' });
    } finally {
      this.end();
    }
  }

  /** Ends the thread without a word (it has nothing to write). */
  end(): void {
    this.port.close();
    void this.worker.terminate();
  }
}

/** Omit over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
