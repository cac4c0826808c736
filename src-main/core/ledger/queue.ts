/**
 * The local queue of runs waiting for the ledger, in the history database (migration
 * `ledger_queue`). A finished run is queued in the same breath as it is exported, with its
 * artifact contents, so that nothing depends on the ledger being up; a row leaves only when the
 * ledger holds the run. Failed attempts back off exponentially with jitter.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ArtifactRef, Publication } from './publication.js';

/** First retry after a failure: long enough for a restarting server. */
export const RETRY_BASE_MS = 5_000;
/** Longest wait between attempts: a ledger back after a night is caught within this. */
export const RETRY_MAX_MS = 15 * 60_000;
/** Default size above which an artifact is published by its hash only. */
export const DEFAULT_ARTIFACT_MAX_BYTES = 16 * 1024 * 1024;

/** An artifact as queued: its content, or why only its hash goes. */
export interface QueuedArtifact extends ArtifactRef {
  content?: Buffer;
  note?: string;
}

/** One waiting run, as `runlog ledger status` shows it. */
export interface QueueEntry {
  runId: string;
  recordHash: string;
  queuedAt: string;
  state: 'waiting' | 'conflict';
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
}

/** A waiting run with what is published. */
export interface QueueItem extends QueueEntry {
  document: string;
  artifacts: QueuedArtifact[];
}

/** Delay before attempt number `attempts + 1`, with ±20 % jitter so workstations spread out. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Reads the artifact files a record names from the run folder: content when the file is there,
 * unchanged (its hash still matches) and within the size limit; otherwise the hash only, and why.
 */
export function collectArtifacts(
  runFolder: string,
  refs: readonly ArtifactRef[],
  maxBytes: number,
): QueuedArtifact[] {
  return refs.map((ref) => {
    const parts = ref.path.split(/[\\/]+/);
    if (path.isAbsolute(ref.path) || parts.includes('..')) {
      return { ...ref, note: 'path leaves the run folder; hash only' };
    }
    if (ref.size > maxBytes) return { ...ref, note: `larger than ${maxBytes} bytes; hash only` };
    const file = path.join(runFolder, ...parts);
    let content: Buffer;
    try {
      content = fs.readFileSync(file);
    } catch {
      return { ...ref, note: 'file not found at publication; hash only' };
    }
    const sha = createHash('sha256').update(content).digest('hex');
    if (sha !== ref.sha256 || content.length !== ref.size) {
      return { ...ref, note: 'file changed since the run; hash only' };
    }
    return { ...ref, content };
  });
}

type Row = {
  run_id: string;
  record_hash: string;
  queued_at: string;
  state: 'waiting' | 'conflict';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
};

function entry(r: Row): QueueEntry {
  return {
    runId: r.run_id,
    recordHash: r.record_hash,
    queuedAt: r.queued_at,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error ?? undefined,
  };
}

const COLUMNS = 'run_id, record_hash, queued_at, state, attempts, next_attempt_at, last_error';

/** The queue over the history database's connection. */
export class LedgerQueue {
  constructor(private readonly db: Database.Database) {}

  /** Queues a run; a run already queued keeps its first record (one record per run). */
  enqueue(p: Publication, artifacts: QueuedArtifact[], now = new Date()): boolean {
    const at = now.toISOString();
    return this.db
      .transaction(() => {
        const added = this.db
          .prepare(
            `INSERT OR IGNORE INTO ledger_queue (run_id, record_hash, document, queued_at, next_attempt_at)
             VALUES (?, ?, ?, ?, ?)`,
          )
          .run(p.runId, p.recordHash, p.document, at, at).changes;
        if (!added) return false;
        const put = this.db.prepare(
          'INSERT OR IGNORE INTO ledger_queue_artifacts (run_id, path, size, sha256, content, note) VALUES (?, ?, ?, ?, ?, ?)',
        );
        for (const a of artifacts) {
          put.run(p.runId, a.path, a.size, a.sha256, a.content ?? null, a.note ?? null);
        }
        return true;
      })
      .immediate();
  }

  /** Every queued run, oldest first. */
  list(): QueueEntry[] {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM ledger_queue ORDER BY queued_at, run_id`)
      .all() as Row[];
    return rows.map(entry);
  }

  /** Ids of the runs whose next attempt is due. */
  due(now = new Date()): string[] {
    return (
      this.db
        .prepare(
          `SELECT run_id FROM ledger_queue WHERE state = 'waiting' AND next_attempt_at <= ?
           ORDER BY queued_at, run_id`,
        )
        .all(now.toISOString()) as Array<{ run_id: string }>
    ).map((r) => r.run_id);
  }

  /** When the next attempt is due, if anything waits. */
  nextDue(): string | undefined {
    const row = this.db
      .prepare(`SELECT min(next_attempt_at) AS at FROM ledger_queue WHERE state = 'waiting'`)
      .get() as { at: string | null };
    return row.at ?? undefined;
  }

  /** One queued run with its document and artifacts. */
  load(runId: string): QueueItem | undefined {
    const row = this.db
      .prepare(`SELECT ${COLUMNS}, document FROM ledger_queue WHERE run_id = ?`)
      .get(runId) as (Row & { document: string }) | undefined;
    if (!row) return undefined;
    const artifacts = this.db
      .prepare(
        'SELECT path, size, sha256, content, note FROM ledger_queue_artifacts WHERE run_id = ?',
      )
      .all(runId) as Array<ArtifactRef & { content: Buffer | null; note: string | null }>;
    return {
      ...entry(row),
      document: row.document,
      artifacts: artifacts.map((a) => ({
        path: a.path,
        size: a.size,
        sha256: a.sha256,
        content: a.content ?? undefined,
        note: a.note ?? undefined,
      })),
    };
  }

  /** The ledger holds the run: it leaves the queue. */
  done(runId: string): void {
    this.db.prepare('DELETE FROM ledger_queue WHERE run_id = ?').run(runId);
  }

  /** An attempt failed: count it, keep why, and wait before the next one. */
  failed(runId: string, error: string, now = new Date()): void {
    const row = this.db.prepare('SELECT attempts FROM ledger_queue WHERE run_id = ?').get(runId) as
      { attempts: number } | undefined;
    if (!row) return;
    const next = new Date(now.getTime() + backoffMs(row.attempts + 1)).toISOString();
    this.db
      .prepare(
        'UPDATE ledger_queue SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE run_id = ?',
      )
      .run(next, error, runId);
  }

  /** The ledger holds another record for this run: kept, not retried, shown until resolved. */
  conflict(runId: string, error: string): void {
    this.db
      .prepare(
        `UPDATE ledger_queue SET state = 'conflict', attempts = attempts + 1, last_error = ? WHERE run_id = ?`,
      )
      .run(error, runId);
  }

  /** Makes every waiting run due now (an explicit "publish now"). */
  retryNow(now = new Date()): void {
    this.db
      .prepare(`UPDATE ledger_queue SET next_attempt_at = ? WHERE state = 'waiting'`)
      .run(now.toISOString());
  }
}
