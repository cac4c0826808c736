/**
 * The output writer's thread: writes the pieces of output the engine hands over into the history
 * and hashes them (output-sink.ts), on a database connection of its own.
 * A write the database refuses (a full disk) is kept, with those after it, and tried again; the
 * engine is told at once, and whoever waits for the history is answered with the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { OutputSink } from './output-sink.js';
import type { Answer, Notice, ToWorker, WorkerData } from './recorder-thread.js';
import { openConnection } from './sqlite-open.js';

/** How often a refused write is tried again: a disk that was full may have room again. */
const RETRY_MS = 250;

const { file, state, port } = workerData as WorkerData;
const done = new Int32Array(state);
const db = openConnection(file);
const sink = new OutputSink(db);
/** Writes refused by the database, oldest first, with every write that came after them. */
let blocked: Array<Extract<ToWorker, { kind: 'write' }>> = [];
let retry: NodeJS.Timeout | undefined;
/** Why the oldest blocked write was refused, the last time it was tried. */
let refusal: unknown;

function say(msg: Answer | Notice): void {
  port.postMessage(msg);
}

function codeOf(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}

/**
 * Gives a written buffer back to the engine's thread, which fills it again: a flood then moves
 * the same few buffers back and forth instead of leaving hundreds for the collector.
 */
function giveBack(bytes: Uint8Array): void {
  port.postMessage({ kind: 'free', bytes } satisfies Notice, [bytes.buffer as ArrayBuffer]);
}

/** Writes what waits, in order; true when nothing is left waiting. */
function writeBlocked(): boolean {
  while (blocked.length > 0) {
    const next = blocked[0]!;
    try {
      if (!sink.write(next.id, next.bytes)) say({ kind: 'gone', id: next.id });
    } catch (err) {
      refusal = err;
      return false;
    }
    blocked.shift();
    giveBack(next.bytes);
  }
  clearInterval(retry);
  retry = undefined;
  return true;
}

function write(msg: Extract<ToWorker, { kind: 'write' }>): void {
  blocked.push(msg);
  if (blocked.length > 1 || writeBlocked()) return;
  say({ kind: 'failed', message: (refusal as Error).message, code: codeOf(refusal) });
  retry ??= setInterval(() => writeBlocked(), RETRY_MS);
}

/** What needs every earlier write done first: the end of an execution, a sync. */
const NEEDS_WRITES = new Set(['sync', 'finish']);

/** Answers a message that is waited for. */
function answer(msg: Exclude<ToWorker, { kind: 'write' }>): void {
  try {
    if (NEEDS_WRITES.has(msg.kind) && !writeBlocked()) throw refusal;
    say({ kind: 'result', seq: msg.seq, value: perform(msg) });
  } catch (err) {
    say({ kind: 'error', seq: msg.seq, message: (err as Error).message, code: codeOf(err) });
  }
}

function perform(msg: Exclude<ToWorker, { kind: 'write' }>): unknown {
  switch (msg.kind) {
    case 'begin':
      return sink.begin(msg.id);
    case 'finish':
      return sink.finish(msg.id);
    case 'drop':
      blocked = blocked.filter((w) => w.id !== msg.id);
      return sink.drop(msg.id);
    case 'sync':
      return undefined;
    case 'close':
      clearInterval(retry);
      sink.close();
      db.close();
      return undefined;
  }
}

port.on('message', (msg: ToWorker) => {
  try {
    if (msg.kind === 'write') write(msg);
    else answer(msg);
  } finally {
    Atomics.store(done, 0, msg.seq);
    Atomics.notify(done, 0);
  }
});

// Tells the engine's thread it runs, so what waited for it while it started is handed over now.
parentPort?.postMessage('running');
