/**
 * Publishing one run into the ledger, in one transaction: the artifact contents (stored once per
 * SHA-256), the run row (numbered and chained by the database), the artifact rows. Idempotent by
 * run id and record hash: publishing a run the ledger already holds, with the same record, is a
 * success that changes nothing; the ledger holding another record for the run id is a conflict.
 */
import type pg from 'pg';
import { describeDocument, type Publication } from './publication.js';
import type { QueuedArtifact } from './queue.js';

/** The ledger holds a different record for this run id (or this record under another run id). */
export class LedgerConflictError extends Error {
  readonly code = 'ledger-conflict';
  constructor(message: string) {
    super(message);
    this.name = 'LedgerConflictError';
  }
}

/** What publishing did. */
export type PublishOutcome =
  { state: 'published'; seq: number } | { state: 'already'; seq: number };

const INSERT_RUN = `INSERT INTO runlog.runs (run_id, record_hash, format, runbook_id, runbook_title,
  runbook_sha256, operator, host, status, started_at, ended_at, signed_at, signer_fingerprint,
  step_count, search_text, document)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
  ON CONFLICT DO NOTHING RETURNING seq`;

function runValues(p: Publication): unknown[] {
  return [
    p.runId,
    p.recordHash,
    p.format,
    p.runbookId,
    p.runbookTitle,
    p.runbookSha256,
    p.operator,
    p.host,
    p.status,
    p.startedAt,
    p.endedAt ?? null,
    p.signedAt,
    p.signerFingerprint,
    p.stepCount,
    p.searchText,
    p.document,
  ];
}

async function existing(client: pg.Client, p: Publication): Promise<PublishOutcome> {
  const found = await client.query<{ seq: string; run_id: string; record_hash: string }>(
    'SELECT seq, run_id, record_hash FROM runlog.runs WHERE run_id = $1 OR record_hash = $2',
    [p.runId, p.recordHash],
  );
  const same = found.rows.find((r) => r.run_id === p.runId && r.record_hash === p.recordHash);
  if (same) return { state: 'already', seq: Number(same.seq) };
  const other = found.rows[0];
  throw new LedgerConflictError(
    other
      ? `the ledger already holds run ${other.run_id} with record ${other.record_hash} (entry ${other.seq}); this workstation's record of run ${p.runId} is ${p.recordHash}`
      : `run ${p.runId} could not be added to the ledger and is not there either`,
  );
}

/**
 * The record's artifacts, each with the content given for it (matched by path and SHA-256);
 * content for anything the record does not name is ignored, never stored.
 */
function artifactsOf(p: Publication, given: readonly QueuedArtifact[]): QueuedArtifact[] {
  return p.artifacts.map((ref) => {
    const match = given.find((a) => a.path === ref.path && a.sha256 === ref.sha256 && a.content);
    return { ...ref, content: match?.content };
  });
}

/** Publishes one run (its document as exported and its artifacts); safe to repeat. */
export async function publishRun(
  client: pg.Client,
  document: string,
  given: readonly QueuedArtifact[],
): Promise<PublishOutcome> {
  const p = describeDocument(document);
  const artifacts = artifactsOf(p, given);
  await client.query('BEGIN');
  try {
    for (const a of artifacts) {
      if (!a.content) continue;
      await client.query(
        'INSERT INTO runlog.blobs (sha256, content) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [a.sha256, a.content],
      );
    }
    const inserted = await client.query<{ seq: string }>(INSERT_RUN, runValues(p));
    if (inserted.rowCount === 0) {
      const outcome = await existing(client, p);
      await client.query('ROLLBACK');
      return outcome;
    }
    for (const a of artifacts) {
      await client.query(
        'INSERT INTO runlog.artifacts (run_id, path, size, sha256, stored) VALUES ($1, $2, $3, $4, $5)',
        [p.runId, a.path, a.size, a.sha256, a.content !== undefined],
      );
    }
    await client.query('COMMIT');
    return { state: 'published', seq: Number(inserted.rows[0]!.seq) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
