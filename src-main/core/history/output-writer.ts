/**
 * Batches step output into the database: a running step may print megabytes per second, and one
 * SQLite transaction per pty read would be far too slow, while holding everything until the step
 * ends would lose it all in a crash. Bytes are written in chunks at a steady rhythm instead.
 */
import type Database from 'better-sqlite3';
import { createHash, type Hash } from 'node:crypto';
import { PlainTextDeriver, type PlainText } from './plain-text.js';

/** Longest time output waits in memory: keeps what a crash can lose to well under a second. */
export const OUTPUT_FLUSH_INTERVAL_MS = 250;
/** Pending bytes that trigger an immediate write: bounds memory during a flood of output. */
export const OUTPUT_FLUSH_BYTES = 256 * 1024;
/** Largest stored chunk, so a byte-range read never loads much more than it asked for. */
export const OUTPUT_CHUNK_MAX_BYTES = 256 * 1024;

interface LiveExecution {
  hash: Hash;
  /** Bytes written to the database so far. */
  written: number;
  pending: Uint8Array[];
  pendingBytes: number;
  deriver: PlainTextDeriver;
}

/** The final figures of one execution's output. */
export interface FinishedOutput {
  bytes: number;
  sha256: string;
  text: PlainText;
}

/** Owns the in-memory state of the executions this process is recording. */
export class OutputWriter {
  private readonly live = new Map<number, LiveExecution>();
  /** Executions whose run was deleted while they were recorded here. */
  private readonly deleted = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private pendingTotal = 0;
  private readonly insertChunk: Database.Statement;
  private readonly updateProgress: Database.Statement;
  /** Last error of a background write; the next explicit flush throws it. */
  private backgroundError: unknown;

  constructor(
    private readonly db: Database.Database,
    private readonly inTransaction: <T>(work: () => T) => T,
  ) {
    this.insertChunk = db.prepare(
      'INSERT INTO output_chunks (execution_id, byte_offset, bytes) VALUES (?, ?, ?)',
    );
    this.updateProgress = db.prepare(
      'UPDATE executions SET output_bytes = ?, last_output_at = ? WHERE id = ?',
    );
  }

  /** Starts tracking a new execution (its row already exists); `secrets` are kept out of its text. */
  begin(executionId: number, secrets: readonly string[] = []): void {
    this.live.set(executionId, {
      hash: createHash('sha256'),
      written: 0,
      pending: [],
      pendingBytes: 0,
      deriver: new PlainTextDeriver(undefined, secrets),
    });
  }

  /** True when this process is recording the execution. */
  has(executionId: number): boolean {
    return this.live.has(executionId);
  }

  /** Queues bytes; copies them because the caller may reuse its buffer. */
  append(executionId: number, bytes: Uint8Array): void {
    const exec = this.live.get(executionId);
    if (!exec) {
      // The run was deleted while the step streamed: its output has nowhere to go.
      if (this.deleted.has(executionId)) return;
      throw new Error(`Output for execution ${executionId}, which this process is not recording.`);
    }
    if (bytes.length === 0) return;
    exec.pending.push(Uint8Array.from(bytes));
    exec.pendingBytes += bytes.length;
    this.pendingTotal += bytes.length;
    if (this.pendingTotal >= OUTPUT_FLUSH_BYTES) this.flush();
    else this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.flush();
      } catch (err) {
        // Keep the bytes and try again later; an explicit flush reports the error.
        this.backgroundError = err;
        this.schedule();
      }
    }, OUTPUT_FLUSH_INTERVAL_MS);
  }

  /** Writes every pending byte in one transaction. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const ids = [...this.live.entries()].filter(([, e]) => e.pendingBytes > 0).map(([id]) => id);
    const gone: number[] = [];
    if (ids.length > 0) {
      this.inTransaction(() => ids.forEach((id) => this.writePending(id) || gone.push(id)));
    }
    for (const id of ids) this.commitPending(id);
    gone.forEach((id) => this.drop(id, true));
    this.backgroundError = undefined;
  }

  /** Writes the pending bytes of one execution (inside the caller's transaction); false if gone. */
  private writePending(executionId: number): boolean {
    const exec = this.live.get(executionId)!;
    const data = concat(exec.pending, exec.pendingBytes);
    const at = new Date().toISOString();
    const total = exec.written + data.length;
    if (this.updateProgress.run(total, at, executionId).changes === 0) return false; // deleted
    for (let start = 0; start < data.length; start += OUTPUT_CHUNK_MAX_BYTES) {
      const piece = data.subarray(start, Math.min(start + OUTPUT_CHUNK_MAX_BYTES, data.length));
      this.insertChunk.run(executionId, exec.written + start, piece);
    }
    return true;
  }

  /** After the transaction committed: hash and interpret what was written, clear the queue. */
  private commitPending(executionId: number): void {
    const exec = this.live.get(executionId)!;
    for (const piece of exec.pending) {
      exec.hash.update(piece);
      exec.deriver.feed(piece);
    }
    this.pendingTotal -= exec.pendingBytes;
    exec.written += exec.pendingBytes;
    exec.pending = [];
    exec.pendingBytes = 0;
  }

  /** The plain text so far of an execution this process records. */
  currentText(executionId: number): PlainText | undefined {
    return this.live.get(executionId)?.deriver.read();
  }

  /** Stops tracking an execution whose pending bytes were flushed; returns its final figures. */
  finish(executionId: number): FinishedOutput | undefined {
    const exec = this.live.get(executionId);
    if (!exec) return undefined;
    if (exec.pendingBytes > 0)
      throw new Error(`Execution ${executionId} still has output pending.`);
    const result = {
      bytes: exec.written,
      sha256: exec.hash.digest('hex'),
      text: exec.deriver.read(),
    };
    this.drop(executionId);
    return result;
  }

  /** Forgets an execution (finished, or its run was deleted). */
  drop(executionId: number, deleted = false): void {
    const exec = this.live.get(executionId);
    if (!exec) return;
    if (deleted) this.deleted.add(executionId);
    this.pendingTotal -= exec.pendingBytes;
    exec.deriver.dispose();
    this.live.delete(executionId);
  }

  /** The error of the last failed background write, if it has not been retried successfully. */
  get lastError(): unknown {
    return this.backgroundError;
  }

  /** Stops the timer; pending bytes must have been flushed by the caller. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const id of [...this.live.keys()]) this.drop(id);
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
