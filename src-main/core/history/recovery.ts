/**
 * After a crash: runs left `open` and executions left `running` by a process that no longer
 * exists become `interrupted`, with their output up to the crash kept, hashed and made readable.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { ownerIsDead, type Owner } from './owner.js';
import { PlainTextDeriver, type PlainText } from './plain-text.js';
import { chunksInRange } from './queries.js';

interface OwnedRun {
  id: string;
  status: string;
  owner_host: string;
  owner_pid: number;
  owner_token: string;
  owner_boot: string;
}

/**
 * Size, hash and plain text of the output that reached the database, read chunk by chunk so a
 * huge output never sits in memory whole.
 */
export function storedOutput(
  db: Database.Database,
  executionId: number,
): { bytes: number; sha256: string; text: PlainText } {
  const hash = createHash('sha256');
  const deriver = new PlainTextDeriver();
  let bytes = 0;
  try {
    for (const chunk of chunksInRange(db, executionId)) {
      hash.update(chunk.bytes);
      deriver.feed(chunk.bytes);
      bytes += chunk.bytes.length;
    }
    return { bytes, sha256: hash.digest('hex'), text: deriver.read() };
  } finally {
    deriver.dispose();
  }
}

/** Finishes one interrupted execution from what reached the database. */
function closeExecution(db: Database.Database, executionId: number, now: string): void {
  const out = storedOutput(db, executionId);
  db.prepare(
    `UPDATE executions SET status = 'interrupted', output_bytes = ?, output_sha256 = ?,
       ended_at = coalesce(last_output_at, started_at, ?) WHERE id = ?`,
  ).run(out.bytes, out.sha256, now, executionId);
  storeText(db, executionId, out.text.text, out.text.omittedLines);
}

/** Saves an execution's plain text and indexes it for search. */
/**
 * How much of a step's plain text goes into the search index: its beginning and its end. The
 * whole text is still stored; indexing megabytes of one step's output (base64, hex dumps) cost
 * about a second per step and made the index large for little use.
 */
export const SEARCH_HEAD_CHARS = 16 * 1024;
export const SEARCH_TAIL_CHARS = 48 * 1024;

function searchableText(text: string): string {
  if (text.length <= SEARCH_HEAD_CHARS + SEARCH_TAIL_CHARS) return text;
  return `${text.slice(0, SEARCH_HEAD_CHARS)}\n${text.slice(-SEARCH_TAIL_CHARS)}`;
}

export function storeText(
  db: Database.Database,
  executionId: number,
  text: string,
  omittedLines: number,
): void {
  db.prepare(
    'INSERT OR REPLACE INTO output_text (execution_id, text, omitted_lines) VALUES (?, ?, ?)',
  ).run(executionId, text, omittedLines);
  const existing = db
    .prepare('SELECT doc FROM search_docs WHERE execution_id = ?')
    .get(executionId) as { doc: number } | undefined;
  if (existing) db.prepare('DELETE FROM search_fts WHERE rowid = ?').run(existing.doc);
  const doc = existing
    ? existing.doc
    : db
        .prepare(
          'INSERT INTO search_docs (run_id, execution_id) SELECT run_id, id FROM executions WHERE id = ?',
        )
        .run(executionId).lastInsertRowid;
  db.prepare('INSERT INTO search_fts (rowid, body) VALUES (?, ?)').run(doc, searchableText(text));
}

/** Marks one run and its running executions interrupted, in one transaction. */
function interruptRun(db: Database.Database, run: OwnedRun, reason: string): void {
  const now = new Date().toISOString();
  const running = db
    .prepare(`SELECT id, step_name FROM executions WHERE run_id = ? AND status = 'running'`)
    .all(run.id) as Array<{ id: number; step_name: string }>;
  const addEvent = db.prepare(
    `INSERT INTO events (run_id, at, type, step_name, detail) VALUES (?, ?, 'interrupted', ?, ?)`,
  );
  for (const e of running) {
    closeExecution(db, e.id, now);
    addEvent.run(run.id, now, e.step_name, reason);
  }
  if (run.status === 'open') {
    db.prepare(
      `UPDATE runs SET status = 'interrupted', ended_at = coalesce(
         (SELECT max(coalesce(e.ended_at, e.last_output_at, e.started_at)) FROM executions e
          WHERE e.run_id = runs.id), started_at) WHERE id = ?`,
    ).run(run.id);
    if (running.length === 0) addEvent.run(run.id, now, null, reason);
  }
}

function describe(run: OwnedRun): string {
  return (
    `The process that held this run (pid ${run.owner_pid} on ${run.owner_host}) stopped ` +
    'before finishing it; output recorded up to that moment is kept.'
  );
}

/**
 * Interrupts the unfinished runs of dead owners. With `token`, only that owner's runs, and its
 * death is taken as given (the caller saw its child process exit). Returns the run ids changed.
 */
export function recoverInterrupted(
  db: Database.Database,
  self: Owner,
  inTransaction: <T>(work: () => T) => T,
  token?: string,
): string[] {
  const candidates = db
    .prepare(
      `SELECT DISTINCT r.id, r.status, r.owner_host, r.owner_pid, r.owner_token, r.owner_boot
       FROM runs r WHERE ((r.status = 'open' AND r.owner_token != '') OR r.id IN
         (SELECT run_id FROM executions WHERE status = 'running'))
       ${token !== undefined ? 'AND r.owner_token = ?' : ''}`,
    )
    .all(...(token !== undefined ? [token] : [])) as OwnedRun[];
  const changed: string[] = [];
  for (const run of candidates) {
    const owner: Owner = {
      host: run.owner_host,
      pid: run.owner_pid,
      token: run.owner_token,
      boot: run.owner_boot,
    };
    if (token === undefined && !ownerIsDead(owner, self)) continue;
    inTransaction(() => {
      // Re-check inside the write lock: another process may have recovered it meanwhile.
      const fresh = db
        .prepare(
          'SELECT id, status, owner_host, owner_pid, owner_token, owner_boot FROM runs WHERE id = ?',
        )
        .get(run.id) as OwnedRun | undefined;
      if (fresh && fresh.owner_token === run.owner_token) interruptRun(db, fresh, describe(fresh));
    });
    changed.push(run.id);
  }
  return changed;
}
