/**
 * Writes the output of the executions a process records into the database, each piece in a
 * transaction of its own, and keeps their running SHA-256. Synchronous; the output writer runs it
 * on a thread of its own (output-worker.ts), so the engine goes on reading the pty while the disk
 * works.
 */
import type Database from 'better-sqlite3';
import { createHash, type Hash } from 'node:crypto';
import { withBusyRetry } from './sqlite-open.js';

/** Largest stored chunk, so a byte-range read never loads much more than it asked for. */
export const OUTPUT_CHUNK_MAX_BYTES = 256 * 1024;

/** What was written of one execution's output: its size and SHA-256. */
export interface WrittenOutput {
  bytes: number;
  sha256: string;
}

interface LiveExecution {
  hash: Hash;
  /** Bytes written to the database so far. */
  written: number;
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
    this.live.set(executionId, { hash: createHash('sha256'), written: 0 });
  }

  /**
   * Writes the next bytes of an execution in one transaction, then hashes them.
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
    exec.written += data.length;
    return true;
  }

  /** Stops recording an execution; returns its size and hash. */
  finish(executionId: number): WrittenOutput | undefined {
    const exec = this.live.get(executionId);
    if (!exec) return undefined;
    this.live.delete(executionId);
    return { bytes: exec.written, sha256: exec.hash.digest('hex') };
  }

  /** Forgets an execution (its run was deleted). */
  drop(executionId: number): void {
    this.live.delete(executionId);
  }

  /** Forgets every execution. */
  close(): void {
    for (const id of [...this.live.keys()]) this.drop(id);
  }
}
