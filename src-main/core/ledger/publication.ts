/**
 * What the ledger stores of one run, read from the signed evidence document exactly as exported:
 * the document itself, its record hash (SHA-256 of the signed payload), the fields the team
 * history filters on, the searchable text, and the artifacts the record names.
 *
 * The record's chained records (the attempts of format /2, the steps of format /1) are walked
 * generically (any object under them with a path, a size and a SHA-256 is an artifact; any string
 * of the record is text), so a record with every attempt publishes every attempt's files, and a
 * record of the first format publishes the way it always did.
 */
import { createHash } from 'node:crypto';
import { chainedRecords } from '../evidence/chain.js';
import { fingerprintOf } from '../evidence/keys.js';
import { parseEvidence } from '../evidence/verify-input.js';

/** Text indexed per string: one huge output must not crowd out the rest of the run. */
export const SEARCH_STRING_LIMIT = 16 * 1024;
/** Text indexed per run: keeps the trigram index small at a million runs. */
export const SEARCH_TEXT_LIMIT = 128 * 1024;
/** Fields that hold hashes, keys or the runbook's whole source: not worth searching. */
const UNSEARCHED_KEYS = new Set(['chain', 'sha256', 'outputSha256', 'genesis', 'head', 'source']);

/** An artifact named by a record. */
export interface ArtifactRef {
  path: string;
  size: number;
  sha256: string;
}

/** What the team history shows of every published run: read from its signed record. */
export interface RunIndex {
  runId: string;
  /** SHA-256 (hex) of the signed payload. */
  recordHash: string;
  runbookId: string;
  runbookTitle: string;
  runbookSha256: string;
  operator: string;
  host: string;
  status: string;
  startedAt: string;
  endedAt?: string;
  /** When the record was signed (its export time): signers are judged at this time. */
  signedAt: string;
  /** Of the embedded public key, computed, never taken from the document's own claim. */
  signerFingerprint: string;
}

/** Everything the ledger stores of one run. */
export interface Publication extends RunIndex {
  format: string;
  stepCount: number;
  searchText: string;
  artifacts: ArtifactRef[];
  /** The evidence document (JSON) exactly as exported. */
  document: string;
}

/** Raised for a document that cannot be published; nothing is stored. */
export class PublicationError extends Error {
  readonly code = 'ledger-publication';
  constructor(message: string) {
    super(message);
    this.name = 'PublicationError';
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every {path, size, sha256} object under a value, once per (path, sha256). */
export function artifactsIn(value: unknown): ArtifactRef[] {
  const found = new Map<string, ArtifactRef>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      const { path, size, sha256 } = v;
      if (typeof path === 'string' && typeof size === 'number' && typeof sha256 === 'string') {
        if (/^[0-9a-f]{64}$/.test(sha256)) found.set(`${path}\0${sha256}`, { path, size, sha256 });
        return;
      }
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return [...found.values()];
}

/** The searchable text of a record: its strings, each and all bounded. */
export function searchTextOf(record: unknown): string {
  const parts: string[] = [];
  let total = 0;
  const add = (s: string) => {
    if (total >= SEARCH_TEXT_LIMIT || s.trim() === '') return;
    const piece = s.slice(0, Math.min(SEARCH_STRING_LIMIT, SEARCH_TEXT_LIMIT - total));
    parts.push(piece);
    total += piece.length + 1;
  };
  const walk = (v: unknown, key?: string): void => {
    if (key !== undefined && UNSEARCHED_KEYS.has(key)) return;
    if (typeof v === 'string') add(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (key === 'parameters' && typeof x === 'string') add(`${k}=${x}`);
        else walk(x, k);
      }
    }
  };
  walk(record);
  // NUL cannot be stored in a PostgreSQL text value.
  return parts.join('\n').replace(/\0/g, ' ');
}

/** When a record was signed: its export time (what the signature covers), else its end. */
export function signingTime(record: unknown): string | undefined {
  const r = record as { export?: { exportedAt?: unknown }; run?: { endedAt?: unknown } };
  const at = r?.export?.exportedAt ?? r?.run?.endedAt;
  return typeof at === 'string' ? at : undefined;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new PublicationError(`the record has no ${what}`);
  return v;
}

/** Reads a document (as exported) into what the ledger stores; throws PublicationError. */
export function describeDocument(documentText: string): Publication {
  const parsed = parseEvidence(documentText);
  if (!parsed.ok) throw new PublicationError(`not publishable evidence: ${parsed.reason}`);
  const { doc, payload, record } = parsed.value;
  let fingerprint: string;
  try {
    fingerprint = fingerprintOf(doc.publicKey);
  } catch (err) {
    throw new PublicationError(
      `the document's public key cannot be read (${(err as Error).message})`,
    );
  }
  const r = record as unknown as Record<string, any>;
  return {
    runId: str(r.run?.id, 'run id'),
    recordHash: createHash('sha256').update(payload).digest('hex'),
    format: str(r.format, 'format'),
    runbookId: str(r.runbook?.id, 'runbook id'),
    runbookTitle: String(r.runbook?.title ?? ''),
    runbookSha256: str(r.runbook?.sha256, 'runbook SHA-256'),
    operator: String(r.operator ?? ''),
    host: String(r.host?.name ?? ''),
    status: str(r.run?.status, 'run status'),
    startedAt: str(r.run?.startedAt, 'start time'),
    endedAt: typeof r.run?.endedAt === 'string' ? r.run.endedAt : undefined,
    signedAt: str(signingTime(record), 'signing time'),
    signerFingerprint: fingerprint,
    stepCount: Array.isArray(r.steps) ? r.steps.length : 0,
    searchText: searchTextOf(record),
    artifacts: artifactsIn(chainedRecords(record)),
    document: documentText,
  };
}
