/**
 * Writes the output of the executions a process records into the database: each piece in a
 * transaction of its own, then into the running SHA-256 and the plain text. Synchronous; the
 * output writer runs it on a thread of its own (output-worker.ts), so the engine goes on reading
 * the pty while the disk works.
 */
import type Database from 'better-sqlite3';
import { createHash, type Hash } from 'node:crypto';
import { PlainTextDeriver, type PlainText } from './plain-text.js';
import { withBusyRetry } from './sqlite-open.js';

/** Largest stored chunk, so a byte-range read never loads much more than it asked for. */
export const OUTPUT_CHUNK_MAX_BYTES = 256 * 1024;

/** The final figures of one execution's output. */
export interface FinishedOutput {
  bytes: number;
  sha256: string;
  text: PlainText;
}

interface LiveExecution {
  hash: Hash;
  /** Bytes written to the database so far. */
  written: number;
  deriver: PlainTextDeriver;
}

/** The executions being recorded through one database connection. */
export class OutputSink {
  private readonly live = new Map<number, LiveExecution>();
  private readonly insertChunk: Database.Statement;
  private readonly updateProgress: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insertChunk = db.prepare(
      'INSERT INTO output_chunks (execution_id, byte_offset, bytes) VALUES (?, ?, ?)',
    );
    this.updateProgress = db.prepare(
      'UPDATE executions SET output_bytes = ?, last_output_at = ? WHERE id = ?',
    );
  }

  /** Starts recording an execution (its row already exists). */
  begin(executionId: number): void {
    this.live.set(executionId, {
      hash: createHash('sha256'),
      written: 0,
      deriver: new PlainTextDeriver(),
    });
  }

  /**
   * Writes the next bytes of an execution in one transaction, then hashes and interprets them.
   * False when the execution is gone (its run was deleted): nothing is written. Throws what
   * SQLite throws (a full disk); the bytes are then not counted and may be written again.
   */
  write(executionId: number, data: Uint8Array): boolean {
    const exec = this.live.get(executionId);
    if (!exec) return false;
    const at = new Date().toISOString();
    const written = withBusyRetry(() =>
      this.db
        .transaction(() => {
          const total = exec.written + data.length;
          if (this.updateProgress.run(total, at, executionId).changes === 0) return false;
          for (let start = 0; start < data.length; start += OUTPUT_CHUNK_MAX_BYTES) {
            const end = Math.min(start + OUTPUT_CHUNK_MAX_BYTES, data.length);
            this.insertChunk.run(executionId, exec.written + start, data.subarray(start, end));
          }
          return true;
        })
        .immediate(),
    );
    if (!written) {
      this.drop(executionId);
      return false;
    }
    exec.hash.update(data);
    exec.deriver.feed(data);
    exec.written += data.length;
    return true;
  }

  /** The plain text so far of an execution being recorded. */
  text(executionId: number): PlainText | undefined {
    return this.live.get(executionId)?.deriver.read();
  }

  /** Stops recording an execution; returns its final figures. */
  finish(executionId: number): FinishedOutput | undefined {
    const exec = this.live.get(executionId);
    if (!exec) return undefined;
    const result = {
      bytes: exec.written,
      sha256: exec.hash.digest('hex'),
      text: exec.deriver.read(),
    };
    this.drop(executionId);
    return result;
  }

  /** Forgets an execution (finished, or its run was deleted). */
  drop(executionId: number): void {
    this.live.get(executionId)?.deriver.dispose();
    this.live.delete(executionId);
  }

  /** Forgets every execution. */
  close(): void {
    for (const id of [...this.live.keys()]) this.drop(id);
  }
}
