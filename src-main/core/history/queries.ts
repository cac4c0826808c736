/**
 * Reading the history: the run list with filters and text search, one run in full, output by
 * byte range. Plain functions over a connection so the store stays a thin coordinator.
 */
import type Database from 'better-sqlite3';
import type { StepKind } from '../runbook/model.js';
import type {
  Artifact,
  Attestation,
  RunDetail,
  RunEvent,
  RunEventType,
  RunStatus,
  RunSummary,
  StepExecution,
  StepStatus,
} from '../run-model.js';

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

const SUMMARY_COLUMNS = `
  r.id, r.status, r.started_at, r.ended_at, r.operator, r.hostname, r.platform, r.os_release,
  r.arch, r.app_version, r.params_json, r.folder,
  v.runbook_id, v.title, v.path, v.sha256,
  (SELECT count(*) FROM planned_steps p WHERE p.run_id = r.id
     AND p.status != 'not-applicable' AND p.kind != 'display') AS applicable,
  (SELECT count(*) FROM planned_steps p WHERE p.run_id = r.id
     AND p.status != 'not-applicable' AND p.kind != 'display'
     AND (SELECT e.status FROM executions e WHERE e.run_id = p.run_id AND e.step_name = p.name
          ORDER BY e.id DESC LIMIT 1) IN ('passed', 'done')) AS done`;

interface SummaryRow {
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

function toSummary(row: SummaryRow): RunSummary {
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

interface ExecutionRow {
  id: number;
  run_id: string;
  step_name: string;
  kind: string;
  text: string;
  status: string;
  exit_code: number | null;
  signal: string | null;
  started_at: string;
  ended_at: string | null;
  output_bytes: number;
  output_sha256: string | null;
}

/** Loads executions with their artifacts and attestations. */
function loadExecutions(db: Database.Database, where: string, args: unknown[]): StepExecution[] {
  const rows = db
    .prepare(`SELECT * FROM executions WHERE ${where} ORDER BY id`)
    .all(...args) as ExecutionRow[];
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const idList = `(${ids.map(() => '?').join(',')})`;
  const artifacts = new Map<number, Artifact[]>();
  const artifactRows = db
    .prepare(`SELECT * FROM artifacts WHERE execution_id IN ${idList} ORDER BY path`)
    .all(...ids) as Array<Artifact & { execution_id: number }>;
  for (const a of artifactRows) {
    const list = artifacts.get(a.execution_id) ?? [];
    list.push({ path: a.path, size: a.size, sha256: a.sha256 });
    artifacts.set(a.execution_id, list);
  }
  const attestations = new Map<number, Attestation>();
  const attestRows = db
    .prepare(`SELECT * FROM attestations WHERE execution_id IN ${idList}`)
    .all(...ids) as Array<{
    execution_id: number;
    done: number;
    note: string | null;
    device: string | null;
    at: string;
  }>;
  for (const a of attestRows) {
    attestations.set(a.execution_id, {
      done: a.done === 1,
      ...(a.note !== null ? { note: a.note } : {}),
      ...(a.device !== null ? { device: a.device } : {}),
      at: a.at,
    });
  }
  return rows.map((r) => ({
    id: r.id,
    runId: r.run_id,
    stepName: r.step_name,
    kind: r.kind as StepKind,
    text: r.text,
    status: r.status as StepStatus,
    ...(r.exit_code !== null ? { exitCode: r.exit_code } : {}),
    ...(r.signal !== null ? { signal: r.signal } : {}),
    startedAt: r.started_at,
    ...(r.ended_at !== null ? { endedAt: r.ended_at } : {}),
    outputBytes: r.output_bytes,
    ...(r.output_sha256 !== null ? { outputSha256: r.output_sha256 } : {}),
    artifacts: artifacts.get(r.id) ?? [],
    ...(attestations.has(r.id) ? { attestation: attestations.get(r.id)! } : {}),
  }));
}

interface PlannedRow {
  name: string;
  kind: string;
  text: string;
  status: string;
  reason: string | null;
}

/** Every execution of one step of a run, oldest first (retries included). */
export function getExecutions(
  db: Database.Database,
  runId: string,
  stepName: string,
): StepExecution[] {
  const planned = db
    .prepare('SELECT reason FROM planned_steps WHERE run_id = ? AND name = ?')
    .get(runId, stepName) as { reason: string | null } | undefined;
  const list = loadExecutions(db, 'run_id = ? AND step_name = ?', [runId, stepName]);
  return planned?.reason ? list.map((e) => ({ ...e, reason: planned.reason! })) : list;
}

/** One run in full: planned steps in order, each merged with its latest execution. */
export function getRun(db: Database.Database, id: string): RunDetail | undefined {
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, s.source FROM runs r
       JOIN runbook_versions v ON v.id = r.runbook_version_id
       JOIN runbook_sources s ON s.sha256 = v.sha256 WHERE r.id = ?`,
    )
    .get(id) as (SummaryRow & { source: string }) | undefined;
  if (!row) return undefined;
  const latest = new Map<string, StepExecution>();
  for (const e of loadExecutions(db, 'run_id = ?', [id])) latest.set(e.stepName, e);
  const planned = db
    .prepare(
      'SELECT name, kind, text, status, reason FROM planned_steps WHERE run_id = ? ORDER BY position',
    )
    .all(id) as PlannedRow[];
  const steps: StepExecution[] = planned.map((p) => {
    const e = latest.get(p.name);
    latest.delete(p.name);
    const reason = p.reason !== null ? { reason: p.reason } : {};
    if (e) return { ...e, ...reason };
    return {
      id: 0,
      runId: id,
      stepName: p.name,
      kind: p.kind as StepKind,
      text: p.text,
      status: p.status as StepStatus,
      ...reason,
      outputBytes: 0,
      artifacts: [],
    };
  });
  // Executions of steps outside the plan are still evidence: they follow the plan.
  steps.push(...latest.values());
  const events = (
    db
      .prepare('SELECT at, type, step_name, detail FROM events WHERE run_id = ? ORDER BY id')
      .all(id) as Array<{
      at: string;
      type: string;
      step_name: string | null;
      detail: string | null;
    }>
  ).map((e): RunEvent => ({
    at: e.at,
    type: e.type as RunEventType,
    ...(e.step_name !== null ? { stepName: e.step_name } : {}),
    ...(e.detail !== null ? { detail: e.detail } : {}),
  }));
  return { ...toSummary(row), runbookSource: row.source, steps, events, folder: row.folder };
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
