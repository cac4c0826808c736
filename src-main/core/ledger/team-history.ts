/**
 * The team history: published runs filtered by runbook, operator, host, status, dates and text,
 * newest first, a page at a time (keyset paging, so the 1000th page costs what the first does),
 * and one run opened read-only with its document and artifacts. Each run says who signed it, or
 * "unknown signer" when its key was not among the team's signers at its signing time.
 */
import type pg from 'pg';
import type { AllowedSigner } from '../evidence/signers.js';
import type { RunIndex } from './publication.js';
import { signerAt } from './signers.js';

/** The page size when none is asked for, and the most one page may hold. */
export const TEAM_PAGE_SIZE = 50;
export const TEAM_PAGE_MAX = 500;

/** What the team history can be filtered by; dates are ISO 8601 (a bare date is a whole day). */
export interface TeamFilter {
  runbookId?: string;
  operator?: string;
  host?: string;
  status?: string;
  /** Runs started at or after this. */
  from?: string;
  /** Runs started before the end of this (a date: through that day). */
  to?: string;
  /** Words found anywhere in the run: titles, parameters, step texts, output, notes. */
  text?: string;
  limit?: number;
  /** The `next` cursor of the previous page. */
  after?: string;
}

/** One published run as the team history lists it. */
export interface TeamRunSummary extends RunIndex {
  /** The entry's number in the ledger. */
  seq: number;
  /** The team signer the key belonged to when it signed; absent: "unknown signer". */
  signerName?: string;
  publishedBy: string;
  publishedAt: string;
}

/** An artifact of a published run. */
export interface TeamArtifact {
  path: string;
  size: number;
  sha256: string;
  /** The ledger holds the content (else the hash only). */
  stored: boolean;
}

/** One published run opened read-only. */
export interface TeamRunDetail extends TeamRunSummary {
  /** The evidence document exactly as published. */
  document: string;
  artifacts: TeamArtifact[];
  entryHash: string;
  prevHash: string;
}

/** Raised for a filter value that cannot be used; names the field. */
export class TeamFilterError extends Error {
  readonly code = 'bad-request';
  constructor(message: string) {
    super(message);
    this.name = 'TeamFilterError';
  }
}

/** A date bound as a timestamp; a bare YYYY-MM-DD `to` means through the end of that day. */
export function dateBound(value: string, field: string, endOfDay = false): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = Date.parse(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t))
    throw new TeamFilterError(`${field}: "${value}" is not a date (YYYY-MM-DD or ISO 8601)`);
  return new Date(day && endOfDay ? t + 86_400_000 : t).toISOString();
}

/** Escapes LIKE's wildcards so the text is matched as typed. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const SUMMARY_COLUMNS = `seq, run_id, record_hash, runbook_id, runbook_title, runbook_sha256, operator,
  host, status, started_at, ended_at, signed_at, signer_fingerprint, published_by, published_at`;

/** A row of runlog.runs as node-postgres returns it (bigint as text, timestamps as Date). */
export type RunRow = {
  seq: string;
  run_id: string;
  record_hash: string;
  runbook_id: string;
  runbook_title: string;
  runbook_sha256: string;
  operator: string;
  host: string;
  status: string;
  started_at: Date;
  ended_at: Date | null;
  signed_at: Date;
  signer_fingerprint: string;
  published_by: string;
  published_at: Date;
};

function summary(r: RunRow, signers: readonly AllowedSigner[]): TeamRunSummary {
  const signedAt = r.signed_at.toISOString();
  return {
    seq: Number(r.seq),
    runId: r.run_id,
    recordHash: r.record_hash,
    runbookId: r.runbook_id,
    runbookTitle: r.runbook_title,
    runbookSha256: r.runbook_sha256,
    operator: r.operator,
    host: r.host,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at?.toISOString(),
    signedAt,
    signerFingerprint: r.signer_fingerprint,
    signerName: signerAt(signers, r.signer_fingerprint, signedAt)?.name,
    publishedBy: r.published_by,
    publishedAt: r.published_at.toISOString(),
  };
}

function whereClause(filter: TeamFilter): { sql: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    conditions.push(sql.replace('?', `$${values.length}`));
  };
  if (filter.runbookId) add('runbook_id = ?', filter.runbookId);
  if (filter.operator) add('operator = ?', filter.operator);
  if (filter.host) add('host = ?', filter.host);
  if (filter.status) add('status = ?', filter.status);
  if (filter.from) add('started_at >= ?', dateBound(filter.from, 'from'));
  if (filter.to) add('started_at < ?', dateBound(filter.to, 'to', true));
  if (filter.text?.trim()) add(`search_text ILIKE ? ESCAPE '\\'`, likePattern(filter.text.trim()));
  if (filter.after) {
    const m = /^(.+)\|(\d+)$/.exec(filter.after);
    if (!m) throw new TeamFilterError(`after: "${filter.after}" is not a page cursor`);
    values.push(dateBound(m[1]!, 'after'), m[2]);
    conditions.push(`(started_at, seq) < ($${values.length - 1}, $${values.length})`);
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', values };
}

/** A page of the team history, newest first, and the cursor of the next page if there is one. */
export async function listTeamRuns(
  client: pg.Client,
  filter: TeamFilter,
  signers: readonly AllowedSigner[],
): Promise<{ runs: TeamRunSummary[]; next?: string }> {
  const limit = Math.min(TEAM_PAGE_MAX, Math.max(1, filter.limit ?? TEAM_PAGE_SIZE));
  const { sql, values } = whereClause(filter);
  const r = await client.query<RunRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM runlog.runs ${sql} ORDER BY started_at DESC, seq DESC LIMIT ${limit + 1}`,
    values,
  );
  const runs = r.rows.slice(0, limit).map((row) => summary(row, signers));
  const last = runs[runs.length - 1];
  return {
    runs,
    next: r.rows.length > limit && last ? `${last.startedAt}|${last.seq}` : undefined,
  };
}

/** One published run, read-only, or undefined. */
export async function getTeamRun(
  client: pg.Client,
  runId: string,
  signers: readonly AllowedSigner[],
): Promise<TeamRunDetail | undefined> {
  const r = await client.query<
    RunRow & { document: string; entry_hash: string; prev_hash: string }
  >(
    `SELECT ${SUMMARY_COLUMNS}, document, entry_hash, prev_hash FROM runlog.runs WHERE run_id = $1`,
    [runId],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  const a = await client.query<{ path: string; size: string; sha256: string; stored: boolean }>(
    'SELECT path, size, sha256, stored FROM runlog.artifacts WHERE run_id = $1 ORDER BY path, sha256',
    [runId],
  );
  return {
    ...summary(row, signers),
    document: row.document,
    entryHash: row.entry_hash,
    prevHash: row.prev_hash,
    artifacts: a.rows.map((x) => ({ ...x, size: Number(x.size) })),
  };
}

/** The stored content of an artifact, by its SHA-256. */
export async function artifactContent(
  client: pg.Client,
  sha256: string,
): Promise<Buffer | undefined> {
  const r = await client.query<{ content: Buffer }>(
    'SELECT content FROM runlog.blobs WHERE sha256 = $1',
    [sha256],
  );
  return r.rows[0]?.content;
}
