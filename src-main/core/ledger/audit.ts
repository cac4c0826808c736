/**
 * `runlog ledger verify`: every published record in range checked again from what the database
 * holds — the signature and the record's own hash chain, the signer valid when it signed, the
 * record hash and indexed fields against the document, the ledger's chain between entries (a
 * changed or removed entry breaks it), and stored artifact contents against their hashes.
 * Each failure is named by entry number and run id.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { AllowedSigner } from '../evidence/signers.js';
import { describeDocument, type Publication } from './publication.js';
import { CHAIN_START } from './schema-sql.js';
import { verifyWithSigners } from './signed-verify.js';
import { dateBound, type RunRow } from './team-history.js';

/** Entries read per query: bounds memory on a large ledger. */
const AUDIT_PAGE = 200;

/** One entry that failed, and every reason. */
export interface EntryFailure {
  seq: number;
  runId: string;
  problems: string[];
}

/** The auditor's summary. */
export interface LedgerAudit {
  checked: number;
  valid: number;
  failures: EntryFailure[];
  /** The last entry in the ledger: note it down to notice a later rewrite of the tail. */
  head?: { seq: number; entryHash: string };
  since?: string;
}

/** An entry with what its checks need: the published time as hashed, and the entry before it. */
const ENTRY_SELECT = `SELECT r.*,
  to_char(r.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS published_at_text,
  b.entry_hash AS before_hash, b.seq IS NOT NULL AS before_exists
  FROM runlog.runs r LEFT JOIN runlog.runs b ON b.seq = r.seq - 1`;

type EntryRow = RunRow & {
  document: string;
  published_at_text: string;
  prev_hash: string;
  entry_hash: string;
  before_hash: string | null;
  before_exists: boolean;
};

/** The entry hash the database computes (schema-sql.ts chain_run), recomputed here. */
export function entryHash(row: {
  seq: number | string;
  prev_hash: string;
  run_id: string;
  record_hash: string;
  published_by: string;
  published_at_text: string;
}): string {
  const text = [
    row.seq,
    row.prev_hash,
    row.run_id,
    row.record_hash,
    row.published_by,
    row.published_at_text,
  ].join('|');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function checkChain(row: EntryRow, problems: string[]): void {
  const seq = Number(row.seq);
  if (entryHash(row) !== row.entry_hash) {
    problems.push(
      'its entry hash does not match its contents: the row was changed in the database',
    );
  }
  if (seq === 1) {
    if (row.prev_hash !== CHAIN_START) problems.push('the first entry does not start the chain');
  } else if (!row.before_exists) {
    problems.push(`entry ${seq - 1} before it is missing: an entry was removed from the ledger`);
  } else if (row.before_hash !== row.prev_hash) {
    problems.push(
      `it does not follow entry ${seq - 1} in the chain: an entry was changed or replaced`,
    );
  }
}

function checkFields(row: EntryRow, p: Publication, problems: string[]): void {
  const same = (a: Date | null, b: string | undefined) =>
    (a ? a.getTime() : undefined) === (b ? Date.parse(b) : undefined);
  const fields: Array<[string, boolean]> = [
    ['record hash', p.recordHash === row.record_hash],
    ['run id', p.runId === row.run_id],
    ['runbook', p.runbookId === row.runbook_id && p.runbookSha256 === row.runbook_sha256],
    ['operator', p.operator === row.operator],
    ['host', p.host === row.host],
    ['status', p.status === row.status],
    [
      'dates',
      same(row.started_at, p.startedAt) &&
        same(row.ended_at, p.endedAt) &&
        same(row.signed_at, p.signedAt),
    ],
    ['signer fingerprint', p.signerFingerprint === row.signer_fingerprint],
  ];
  for (const [name, ok] of fields) {
    if (!ok)
      problems.push(
        `its ${name} as listed differs from the signed record: the row was changed in the database`,
      );
  }
}

async function artifactProblems(
  client: pg.Client,
  runId: string,
  p: Publication,
): Promise<string[]> {
  const r = await client.query<{
    path: string;
    sha256: string;
    stored: boolean;
    ok: boolean | null;
  }>(
    `SELECT a.path, a.sha256, a.stored, encode(sha256(b.content), 'hex') = a.sha256 AS ok
     FROM runlog.artifacts a LEFT JOIN runlog.blobs b ON b.sha256 = a.sha256 WHERE a.run_id = $1`,
    [runId],
  );
  const problems: string[] = [];
  for (const a of r.rows) {
    if (a.stored && a.ok !== true) {
      problems.push(
        `artifact ${a.path}: the stored content ${a.ok === null ? 'is missing' : 'no longer matches its SHA-256'}`,
      );
    }
  }
  const listed = new Set(r.rows.map((a) => `${a.path}\0${a.sha256}`));
  for (const a of p.artifacts) {
    if (!listed.has(`${a.path}\0${a.sha256}`))
      problems.push(`artifact ${a.path} of the record is not in the ledger`);
  }
  return problems;
}

async function checkEntry(
  client: pg.Client,
  row: EntryRow,
  signers: readonly AllowedSigner[],
): Promise<string[]> {
  const problems: string[] = [];
  checkChain(row, problems);
  let p: Publication;
  try {
    p = describeDocument(row.document);
  } catch (err) {
    return [...problems, `its document cannot be read: ${(err as Error).message}`];
  }
  checkFields(row, p, problems);
  const verdict = verifyWithSigners(row.document, signers);
  problems.push(...verdict.problems);
  problems.push(...(await artifactProblems(client, row.run_id, p)));
  return problems;
}

/** Checks every entry (or those of runs started since a date); never stops at the first failure. */
export async function auditLedger(
  client: pg.Client,
  signers: readonly AllowedSigner[],
  options: { since?: string } = {},
): Promise<LedgerAudit> {
  const since = options.since ? dateBound(options.since, 'since') : undefined;
  const audit: LedgerAudit = { checked: 0, valid: 0, failures: [], since };
  for (let after = 0; ;) {
    const r = await client.query<EntryRow>(
      `${ENTRY_SELECT} WHERE r.seq > $1 AND ($2::timestamptz IS NULL OR r.started_at >= $2)
       ORDER BY r.seq LIMIT ${AUDIT_PAGE}`,
      [after, since ?? null],
    );
    for (const row of r.rows) {
      audit.checked++;
      const problems = await checkEntry(client, row, signers);
      if (problems.length === 0) audit.valid++;
      else audit.failures.push({ seq: Number(row.seq), runId: row.run_id, problems });
    }
    if (r.rows.length < AUDIT_PAGE) break;
    after = Number(r.rows[r.rows.length - 1]!.seq);
  }
  const head = await client.query<{ seq: string; entry_hash: string }>(
    'SELECT seq, entry_hash FROM runlog.runs ORDER BY seq DESC LIMIT 1',
  );
  if (head.rows[0])
    audit.head = { seq: Number(head.rows[0].seq), entryHash: head.rows[0].entry_hash };
  return audit;
}

/** The summary as `runlog ledger verify` prints it: counts, the head, then each failure named. */
export function describeAudit(audit: LedgerAudit): string {
  const lines = [
    `${audit.failures.length === 0 ? 'VALID' : 'NOT VALID'} — ${audit.checked} record(s) checked` +
      `${audit.since ? ` (runs started since ${audit.since})` : ''}: ${audit.valid} valid, ${audit.failures.length} failed`,
  ];
  if (audit.head)
    lines.push(`  ledger head: entry ${audit.head.seq}, hash ${audit.head.entryHash}`);
  for (const f of audit.failures) {
    lines.push(`  ✘ entry ${f.seq}, run ${f.runId}:`);
    for (const p of f.problems) lines.push(`      ${p}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The checks of one published run (the team history's "verify"): its problems, none when valid. */
export async function auditRun(
  client: pg.Client,
  runId: string,
  signers: readonly AllowedSigner[],
): Promise<string[] | undefined> {
  const r = await client.query<EntryRow>(`${ENTRY_SELECT} WHERE r.run_id = $1`, [runId]);
  return r.rows[0] ? checkEntry(client, r.rows[0], signers) : undefined;
}
