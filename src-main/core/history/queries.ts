/**
 * Reading the history: the run list with filters and text search, and output by byte range
 * (one run in full is run-detail.ts). Plain functions over a connection so the store stays a thin coordinator.
 */
import type Database from 'better-sqlite3';
import type { RunStatus, RunSummary } from '../run-model.js';

/** Page size when the caller gives none: one screen of the history list. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page served: keeps one request from loading the whole history. */
export const MAX_PAGE_SIZE = 1_000;
/** Shortest term the trigram index can answer; shorter ones are scanned. */
const TRIGRAM_MIN_LENGTH = 3;

/** Filters of the run list. */
export interface RunFilter {
  runbookId?: string;
  status?: RunStatus;
  text?: string;
  limit?: number;
  offset?: number;
}

export const SUMMARY_COLUMNS = `
  r.id, r.status, r.started_at, r.ended_at, r.operator, r.hostname, r.platform, r.os_release,
  r.arch, r.app_version, r.params_json, r.folder,
  v.runbook_id, v.title, v.path, v.sha256,
  (SELECT count(*) FROM planned_steps p WHERE p.run_id = r.id
     AND p.status != 'not-applicable' AND p.kind != 'display') AS applicable,
  (SELECT count(*) FROM planned_steps p WHERE p.run_id = r.id
     AND p.status != 'not-applicable' AND p.kind != 'display'
     AND (SELECT e.status FROM executions e WHERE e.run_id = p.run_id AND e.step_name = p.name
          ORDER BY e.id DESC LIMIT 1) IN ('passed', 'done', 'skipped')) AS done`;

export interface SummaryRow {
  id: string;
  status: string;
  started_at: string;
  ended_at: string | null;
  operator: string;
  hostname: string;
  platform: string;
  os_release: string;
  arch: string;
  app_version: string;
  params_json: string;
  folder: string;
  runbook_id: string;
  title: string;
  path: string;
  sha256: string;
  applicable: number;
  done: number;
}

function parseParams(json: string): Record<string, string> {
  try {
    const value = JSON.parse(json) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
    }
  } catch {
    // A damaged value is shown as empty rather than failing the whole list.
  }
  return {};
}

/** A run list row as the contract's RunSummary. */
export function toSummary(row: SummaryRow): RunSummary {
  return {
    id: row.id,
    runbookId: row.runbook_id,
    runbookTitle: row.title,
    runbookPath: row.path,
    runbookSha256: row.sha256,
    status: row.status as RunStatus,
    startedAt: row.started_at,
    ...(row.ended_at ? { endedAt: row.ended_at } : {}),
    context: {
      operator: row.operator,
      hostname: row.hostname,
      platform: row.platform,
      osRelease: row.os_release,
      arch: row.arch,
      appVersion: row.app_version,
    },
    params: parseParams(row.params_json),
    stepsDone: row.done,
    stepsApplicable: row.applicable,
  };
}

/** Escapes LIKE wildcards so a term matches literally. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One condition per whitespace-separated term: every term must occur somewhere in the run. */
function textConditions(text: string, args: unknown[]): string[] {
  const terms = text.split(/\s+/).filter((t) => t !== '');
  return terms.map((term) => {
    if ([...term].length >= TRIGRAM_MIN_LENGTH) {
      args.push(`"${term.replace(/"/g, '""')}"`);
      return `r.id IN (SELECT d.run_id FROM search_docs d WHERE d.doc IN
                (SELECT rowid FROM search_fts WHERE search_fts MATCH ?))`;
    }
    args.push(likePattern(term));
    return `r.id IN (SELECT d.run_id FROM search_docs d WHERE d.doc IN
              (SELECT rowid FROM search_fts WHERE body LIKE ? ESCAPE '\\'))`;
  });
}

function clampInt(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** Runs matching the filter, newest first, and how many match in all. */
export function listRuns(
  db: Database.Database,
  filter: RunFilter = {},
): { runs: RunSummary[]; total: number } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.runbookId !== undefined) {
    where.push('v.runbook_id = ?');
    args.push(filter.runbookId);
  }
  if (filter.status !== undefined) {
    where.push('r.status = ?');
    args.push(filter.status);
  }
  if (filter.text !== undefined) where.push(...textConditions(filter.text, args));
  const from = `FROM runs r JOIN runbook_versions v ON v.id = r.runbook_version_id
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
  const limit = clampInt(filter.limit, DEFAULT_PAGE_SIZE, 0, MAX_PAGE_SIZE);
  const offset = clampInt(filter.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  const total = (db.prepare(`SELECT count(*) AS n ${from}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} ${from} ORDER BY r.started_at DESC, r.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, limit, offset) as SummaryRow[];
  return { runs: rows.map(toSummary), total };
}

/** Chunks covering [start, end) of an execution's raw output, in order. */
export function* chunksInRange(
  db: Database.Database,
  executionId: number,
  start = 0,
  end = Number.MAX_SAFE_INTEGER,
): Generator<{ offset: number; bytes: Uint8Array }> {
  const first = db
    .prepare(
      `SELECT coalesce(max(byte_offset), 0) AS o FROM output_chunks
       WHERE execution_id = ? AND byte_offset <= ?`,
    )
    .get(executionId, start) as { o: number };
  const rows = db
    .prepare(
      `SELECT byte_offset, bytes FROM output_chunks
       WHERE execution_id = ? AND byte_offset >= ? AND byte_offset < ? ORDER BY byte_offset`,
    )
    .iterate(executionId, first.o, end) as IterableIterator<{ byte_offset: number; bytes: Buffer }>;
  for (const row of rows) yield { offset: row.byte_offset, bytes: row.bytes };
}

/** A byte range of an execution's raw output (the whole when no range is given). */
export function readOutput(
  db: Database.Database,
  executionId: number,
  offset = 0,
  length?: number,
): { bytes: Uint8Array; total: number } {
  const row = db.prepare('SELECT output_bytes FROM executions WHERE id = ?').get(executionId) as
    { output_bytes: number } | undefined;
  const total = row?.output_bytes ?? 0;
  const start = clampInt(offset, 0, 0, total);
  const end = length === undefined ? total : clampInt(start + length, total, start, total);
  const out = new Uint8Array(end - start);
  if (out.length === 0) return { bytes: out, total };
  for (const chunk of chunksInRange(db, executionId, start, end)) {
    const from = Math.max(start, chunk.offset);
    const to = Math.min(end, chunk.offset + chunk.bytes.length);
    if (to > from)
      out.set(chunk.bytes.subarray(from - chunk.offset, to - chunk.offset), from - start);
  }
  return { bytes: out, total };
}
