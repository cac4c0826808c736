/**
 * Reading an evidence file for verification: JSON or HTML in, the document and its decoded
 * statement out — or the reason the input is not usable evidence at all. Nothing here trusts
 * the input: every field is checked for presence and type before use.
 */
import { EVIDENCE_BLOCK_ID } from './html.js';
import { EVIDENCE_FORMAT_V1 } from './chain.js';
import { HTML_RENDERERS } from './html-renderers.js';
import type { AnyEvidenceRecord } from './record.js';
import type { EvidenceDocument, EvidenceStatement } from './sign.js';

/** A parsed evidence file, not yet checked. */
export interface ParsedEvidence {
  doc: EvidenceDocument;
  payload: Buffer;
  statement: EvidenceStatement;
  record: AnyEvidenceRecord;
  /** The page text when the input was HTML. */
  html?: string;
}

/** Either the parsed evidence or why the input cannot be used. */
export type ParseOutcome = { ok: true; value: ParsedEvidence } | { ok: false; reason: string };

/** Matches the embedded data block (attributes exactly as html.ts writes them). */
const BLOCK_PATTERN = new RegExp(
  `<script type="application/json" id="${EVIDENCE_BLOCK_ID}">([\\s\\S]*?)</script>`,
  'g',
);
/** Every record format some released renderer reads: the formats this verifier can check. */
const READABLE_FORMATS = [...new Set(HTML_RENDERERS.flatMap((r) => r.recordFormats))];
/** Standard base64, as DSSE uses. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses an evidence file's bytes (JSON document or HTML page). */
export function parseEvidence(input: string | Uint8Array): ParseOutcome {
  const text = (typeof input === 'string' ? input : Buffer.from(input).toString('utf8')).replace(
    /^\uFEFF/,
    '',
  );
  if (text.trim() === '') return fail('the file is empty');
  let json = text;
  let html: string | undefined;
  if (/^\s*</.test(text)) {
    const blocks = [...text.matchAll(BLOCK_PATTERN)];
    if (blocks.length === 0) {
      return fail(
        `an HTML file without a <script type="application/json" id="${EVIDENCE_BLOCK_ID}"> block`,
      );
    }
    if (blocks.length > 1)
      return fail(`the page holds ${blocks.length} evidence blocks; expected one`);
    json = blocks[0][1];
    html = text;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    return fail(`not JSON (${(err as Error).message})`);
  }
  const doc = checkDocument(raw);
  if (typeof doc === 'string') return fail(doc);
  const payload = Buffer.from(doc.envelope.payload, 'base64');
  let statement: unknown;
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return fail(`the envelope's payload is not JSON (${(err as Error).message})`);
  }
  const shapeProblem = checkStatement(statement);
  if (shapeProblem) return fail(shapeProblem);
  const st = statement as EvidenceStatement;
  const record = st.predicate as AnyEvidenceRecord;
  return { ok: true, value: { doc, payload, statement: st, record, html } };
}

function fail(reason: string): ParseOutcome {
  return { ok: false, reason };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Returns the document, or what is missing from it. */
function checkDocument(raw: unknown): EvidenceDocument | string {
  if (!isObject(raw)) return 'not an evidence file: expected a JSON object';
  const env = raw.envelope;
  if (!isObject(env)) return 'not an evidence file: no "envelope" object';
  if (typeof env.payloadType !== 'string') return 'envelope.payloadType is missing';
  if (env.payloadType !== 'application/vnd.in-toto+json') {
    return `envelope.payloadType is "${env.payloadType}", not an in-toto statement`;
  }
  if (typeof env.payload !== 'string' || !BASE64.test(env.payload)) {
    return 'envelope.payload is missing or not base64';
  }
  if (!Array.isArray(env.signatures) || env.signatures.length === 0) {
    return 'envelope.signatures is missing or empty';
  }
  for (const [i, s] of env.signatures.entries()) {
    if (!isObject(s) || typeof s.sig !== 'string')
      return `envelope.signatures[${i}].sig is missing`;
  }
  if (typeof raw.publicKey !== 'string') return 'publicKey is missing';
  if (typeof raw.keyFingerprint !== 'string') return 'keyFingerprint is missing';
  return raw as unknown as EvidenceDocument;
}

/** Returns what is wrong with the statement's shape, or undefined when it can be checked. */
function checkStatement(st: unknown): string | undefined {
  if (!isObject(st)) return 'the payload is not a JSON object';
  if (st._type !== 'https://in-toto.io/Statement/v1')
    return 'the payload is not an in-toto Statement v1';
  if (!Array.isArray(st.subject)) return 'statement.subject is missing';
  const rec = st.predicate;
  if (!isObject(rec)) return 'statement.predicate (the run record) is missing';
  if (!READABLE_FORMATS.includes(rec.format as string)) {
    return `the run record's format is ${JSON.stringify(rec.format)}; this verifier reads ${READABLE_FORMATS.join(', ')}`;
  }
  if (!isObject(rec.run) || typeof rec.run.id !== 'string') return 'record.run.id is missing';
  if (!isObject(rec.runbook) || typeof rec.runbook.sha256 !== 'string') {
    return 'record.runbook.sha256 is missing';
  }
  if (!Array.isArray(rec.steps)) return 'record.steps is missing';
  const chained =
    rec.format === EVIDENCE_FORMAT_V1
      ? checkChainedShape(rec.steps, 'steps', 'name')
      : checkChainedShape(rec.attempts, 'attempts', 'step');
  return chained ?? checkHead(rec);
}

/** The chained records (steps of /1, attempts of /2) have a name and well-formed artifacts. */
function checkChainedShape(list: unknown, field: string, nameField: string): string | undefined {
  if (!Array.isArray(list)) return `record.${field} is missing`;
  for (const [i, item] of list.entries()) {
    if (!isObject(item) || typeof item[nameField] !== 'string' || !Array.isArray(item.artifacts)) {
      return `record.${field}[${i}] is not a ${field === 'steps' ? 'step' : 'attempt'} record (${nameField} and artifacts are required)`;
    }
    for (const [j, a] of (item.artifacts as unknown[]).entries()) {
      if (!isObject(a) || typeof a.path !== 'string' || typeof a.sha256 !== 'string') {
        return `record.${field}[${i}].artifacts[${j}] is not an artifact (path, size and sha256 are required)`;
      }
    }
  }
  return undefined;
}

/** The run record's chain head is there. */
function checkHead(rec: Record<string, unknown>): string | undefined {
  if (!isObject(rec.chain) || typeof rec.chain.head !== 'string')
    return 'record.chain.head is missing';
  return undefined;
}
