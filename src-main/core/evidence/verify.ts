/**
 * Verification of an exported run: the signature, the signer key (pinned or not), the
 * statement's subjects against the record, the hash chain step by step, the readable page of an
 * HTML export, and the artifact files when they are at hand. Every check runs even after one
 * fails, so a tampered file says both that the signature broke and which record changed.
 */
import { createHash, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalize } from './canonical-json.js';
import {
  EVIDENCE_FORMAT_V1,
  chainGenesis,
  chainLabel,
  chainedRecords,
  checkChain,
} from './chain.js';
import { recordArtifacts, retriedSteps } from './record.js';
import { HTML_GENERATOR, renderHtml } from './html.js';
import { fingerprintOf, toPublicKey } from './keys.js';
import { pae, subjectsOf, type Subject } from './sign.js';
import { parseEvidence, type ParsedEvidence } from './verify-input.js';

/** What a caller may add to a verification. */
export interface VerifyOptions {
  /** Folder where artifact files are looked for (by their recorded relative path, then by base name). */
  artifactsDir?: string;
  /** The expected signer: a fingerprint (`SHA256:…`), a PEM public key or base64 SPKI. */
  trustedKey?: string;
  /** Path the input was read from: its folder is the default artifacts folder, its name prefixes messages. */
  file?: string;
}

/** The outcome of checking one artifact file. */
export interface ArtifactCheck {
  path: string;
  status: 'ok' | 'mismatch' | 'missing' | 'not-checked';
  detail?: string;
}

/** The verdict and everything found on the way. */
export interface VerifyResult {
  status: 'valid' | 'invalid' | 'unusable';
  /** What makes the evidence invalid or unusable; empty when valid. */
  problems: string[];
  /** Facts a reader should know that do not make it invalid (key not pinned, files not found). */
  notes: string[];
  /** The first step record that does not match the chain, as `step N (name)`. */
  firstBadRecord?: string;
  /** 1-based position of that record. */
  firstBadIndex?: number;
  signatureValid?: boolean;
  keyFingerprint?: string;
  keyPinned: boolean;
  runId?: string;
  runbookTitle?: string;
  stepCount?: number;
  chainHead?: string;
  /** Steps with more than one attempt, one line each, so a retry is seen at once. */
  retried?: string[];
  artifacts: ArtifactCheck[];
}

/** Exit status for the CLI: 0 valid, 1 not valid, 2 unusable input. */
export function exitCodeFor(result: VerifyResult): 0 | 1 | 2 {
  return result.status === 'valid' ? 0 : result.status === 'invalid' ? 1 : 2;
}

/** Verifies an evidence file's content (JSON document or HTML page). */
export function verifyEvidence(
  input: string | Uint8Array,
  options: VerifyOptions = {},
): VerifyResult {
  const artifactsDir =
    options.artifactsDir ?? (options.file ? path.dirname(path.resolve(options.file)) : undefined);
  let result: VerifyResult;
  try {
    result = check(input, { ...options, artifactsDir });
  } catch (err) {
    // Hostile shapes (absurd nesting, wrong types deep inside) end here, never as a crash.
    const why = `the evidence cannot be checked (${(err as Error).message})`;
    result = { ...emptyResult(), status: 'unusable', problems: [why] };
  }
  if (result.status === 'unusable' && options.file) {
    result.problems = result.problems.map((p) => `${options.file}: ${p}`);
  }
  return result;
}

/** Verifies an evidence file on disk; artifact files are looked for beside it unless told otherwise. */
export function verifyEvidenceFile(file: string, options: VerifyOptions = {}): VerifyResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    return {
      ...emptyResult(),
      status: 'unusable',
      problems: [`${file}: cannot be read (${(err as Error).message})`],
    };
  }
  return verifyEvidence(bytes, { ...options, file });
}

function emptyResult(): VerifyResult {
  return { status: 'valid', problems: [], notes: [], keyPinned: false, artifacts: [] };
}

function check(input: string | Uint8Array, options: VerifyOptions): VerifyResult {
  const result = emptyResult();
  const parsed = parseEvidence(input);
  if (!parsed.ok) return { ...result, status: 'unusable', problems: [parsed.reason] };
  const ev = parsed.value;
  let key: KeyObject;
  try {
    key = toPublicKey(ev.doc.publicKey);
    result.keyFingerprint = fingerprintOf(key);
  } catch (err) {
    const why = `publicKey is not an Ed25519 public key (${(err as Error).message})`;
    return { ...result, status: 'unusable', problems: [why] };
  }
  result.runId = String(ev.record.run.id);
  result.runbookTitle = String(ev.record.runbook.title);
  result.stepCount = chainedRecords(ev.record).length;
  result.chainHead = String(ev.record.chain.head);
  result.retried = retriedSteps(ev.record);
  checkSignature(ev, key, result);
  checkPinnedKey(result.keyFingerprint, options.trustedKey, result);
  checkCanonicalPayload(ev, result);
  checkSubjects(ev, result);
  checkRecordChain(ev, result);
  checkPage(ev, result);
  checkArtifacts(ev, options.artifactsDir, result);
  if (result.problems.length > 0) result.status = 'invalid';
  return result;
}

function checkSignature(ev: ParsedEvidence, key: KeyObject, result: VerifyResult): void {
  const message = pae(ev.doc.envelope.payloadType, ev.payload);
  const fingerprint = result.keyFingerprint;
  const sigs = ev.doc.envelope.signatures;
  const good = sigs.some((s) => {
    try {
      return cryptoVerify(null, message, key, Buffer.from(s.sig, 'base64'));
    } catch {
      return false;
    }
  });
  result.signatureValid = good;
  if (!good) {
    result.problems.push(
      'the signature does not verify with the embedded public key: the signed content was changed, or another key signed it',
    );
    const others = sigs.map((s) => s.keyid).filter((id) => id && id !== fingerprint);
    if (others.length > 0) {
      result.problems.push(
        `signed by a different key: the signature names key ${others.join(', ')}, but the embedded public key is ${fingerprint}`,
      );
    }
  }
  if (ev.doc.keyFingerprint !== fingerprint) {
    result.problems.push(
      `the stated key fingerprint ${ev.doc.keyFingerprint} is not that of the embedded public key (${fingerprint})`,
    );
  }
}

function checkPinnedKey(
  actual: string | undefined,
  trusted: string | undefined,
  result: VerifyResult,
): void {
  if (!trusted) {
    result.notes.push(
      `the signer key was not pinned: the file is consistent with its own key ${actual}. Compare that fingerprint with the one recorded for the installation that made the run (or pass it as the trusted key).`,
    );
    return;
  }
  let expected: string;
  try {
    expected = normalizeTrusted(trusted);
  } catch (err) {
    result.problems.push(`the trusted key given cannot be read (${(err as Error).message})`);
    return;
  }
  result.keyPinned = true;
  if (expected !== actual) {
    result.problems.push(
      `signed by a different key: expected ${expected}, the evidence was signed by ${actual}`,
    );
  }
}

/** Turns a fingerprint (with or without `SHA256:`, base64 or hex) or a public key into a fingerprint. */
function normalizeTrusted(trusted: string): string {
  const t = trusted.trim();
  if (/^[0-9a-f]{64}$/i.test(t))
    return 'SHA256:' + Buffer.from(t, 'hex').toString('base64').replace(/=+$/, '');
  if (/^SHA256:[A-Za-z0-9+/]{43}$/.test(t)) return t;
  if (/^[A-Za-z0-9+/]{43}$/.test(t)) return `SHA256:${t}`;
  return fingerprintOf(t);
}

function checkCanonicalPayload(ev: ParsedEvidence, result: VerifyResult): void {
  try {
    if (canonicalize(ev.statement) === ev.payload.toString('utf8')) return;
  } catch {
    // fall through: a payload that cannot be canonicalized is not canonical either
  }
  result.problems.push(
    'the payload is not in canonical JSON form (RFC 8785): it was not written by Runlog as signed',
  );
}

function checkSubjects(ev: ParsedEvidence, result: VerifyResult): void {
  let expected: Subject[];
  try {
    expected = subjectsOf(ev.record);
  } catch {
    result.problems.push(
      "the record's artifacts cannot be read to compare with the statement's subjects",
    );
    return;
  }
  const actual = ev.statement.subject as unknown[];
  const key = (s: unknown): string => {
    const o = s as { name?: unknown; digest?: { sha256?: unknown } } | null;
    return `${String(o?.name)} sha256:${String(o?.digest?.sha256)}`;
  };
  const want = expected.map(key);
  const have = actual.map(key);
  for (const w of want) {
    if (!have.includes(w))
      result.problems.push(`the statement has no subject matching the record's ${w}`);
  }
  for (const h of have) {
    if (!want.includes(h))
      result.problems.push(`the statement's subject ${h} is not in the record`);
  }
}

function checkRecordChain(ev: ParsedEvidence, result: VerifyResult): void {
  const records = chainedRecords(ev.record);
  const format = String(ev.record.format);
  const chain = checkChain(records, ev.record.chain.head, format);
  if (chain.firstBad !== undefined) {
    const label = chainLabel(ev.record, chain.firstBad);
    result.firstBadRecord = label;
    result.firstBadIndex = chain.firstBad + 1;
    const item = records[chain.firstBad] as { index?: unknown; seq?: unknown };
    const recorded = format === EVIDENCE_FORMAT_V1 ? item.index : item.seq;
    const moved = typeof recorded === 'number' && recorded !== chain.firstBad + 1;
    const what = format === EVIDENCE_FORMAT_V1 ? 'step' : 'attempt';
    result.problems.push(
      `${label} does not match the chain` +
        (moved
          ? ` (it says it is ${what} ${recorded}: records were removed, added or reordered)`
          : ': it was changed, or a record before it was removed or reordered'),
    );
  } else if (chain.headMismatch) {
    result.problems.push(
      `the chain head does not match the last chained record: a record was removed from the end, or the head was changed`,
    );
  } else if (result.signatureValid === false) {
    result.notes.push(
      'every chained record matches the chain, so the change is outside them (run header, steps, parameters, events, subjects) or in the signature itself',
    );
  }
  const genesis = ev.record.chain.genesis;
  if (genesis !== undefined && genesis !== chainGenesis(format)) {
    result.problems.push(
      `the recorded chain genesis ${String(genesis)} is not the one ${format} defines`,
    );
  }
}

function checkPage(ev: ParsedEvidence, result: VerifyResult): void {
  if (ev.html === undefined) return;
  const generator = /<meta name="generator" content="([^"]*)">/.exec(ev.html)?.[1];
  if (generator !== HTML_GENERATOR) {
    result.notes.push(
      `the page was made by ${generator ?? 'an unknown renderer'}; only its embedded data was checked`,
    );
    return;
  }
  let page: string;
  try {
    page = renderHtml(ev.doc);
  } catch (err) {
    result.problems.push(`the page cannot be made again from its data (${(err as Error).message})`);
    return;
  }
  const expected = page.replace(/\r\n/g, '\n').split('\n');
  const actual = ev.html.replace(/\r\n/g, '\n').split('\n');
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i]) {
      result.problems.push(
        `the readable page was edited after export (line ${i + 1} differs from the page made from the signed data); trust the signed data, not the page`,
      );
      return;
    }
  }
}

function checkArtifacts(ev: ParsedEvidence, dir: string | undefined, result: VerifyResult): void {
  const all = recordArtifacts(ev.record);
  if (all.length === 0) return;
  if (!dir) {
    result.artifacts = all.map((a) => ({ path: String(a.path), status: 'not-checked' }));
    result.notes.push('artifact files were not checked (no folder given)');
    return;
  }
  for (const a of all) result.artifacts.push(checkArtifact(a, dir));
  for (const a of result.artifacts) {
    if (a.status === 'mismatch') result.problems.push(`artifact ${a.path}: ${a.detail}`);
  }
  const missing = result.artifacts.filter((a) => a.status !== 'ok' && a.status !== 'mismatch');
  if (missing.length > 0) {
    result.notes.push(
      `${missing.length} artifact file(s) not found in ${dir}, so not checked: ${missing.map((a) => a.path).join(', ')}`,
    );
  }
}

function checkArtifact(
  a: { path: unknown; size: unknown; sha256: unknown },
  dir: string,
): ArtifactCheck {
  const rel = String(a.path);
  const parts = rel.split(/[\\/]+/);
  if (path.isAbsolute(rel) || parts.includes('..')) {
    return { path: rel, status: 'not-checked', detail: 'path leaves the folder; not opened' };
  }
  const candidates = [path.join(dir, ...parts), path.join(dir, parts[parts.length - 1])];
  const file = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (!file) return { path: rel, status: 'missing' };
  const { size, sha } = hashFile(file);
  if (size !== a.size || sha !== a.sha256) {
    return {
      path: rel,
      status: 'mismatch',
      detail: `${file} has ${size} bytes and SHA-256 ${sha}; the record says ${String(a.size)} bytes and ${String(a.sha256)}`,
    };
  }
  return { path: rel, status: 'ok' };
}

/** Read size for hashing artifact files: captures can be large, so never read one whole. */
const HASH_CHUNK = 1 << 20;

function hashFile(file: string): { size: number; sha: string } {
  const hash = createHash('sha256');
  const buf = Buffer.alloc(HASH_CHUNK);
  const fd = fs.openSync(file, 'r');
  let size = 0;
  try {
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) {
      hash.update(buf.subarray(0, n));
      size += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { size, sha: hash.digest('hex') };
}
