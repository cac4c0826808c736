/**
 * The checks every form of evidence shares, and the shapes of a verification: the record checks
 * and the page check of a parsed document (checkParsed), the artifact files beside it, and the
 * verdict (settle). verify.ts picks the form; verify-pdf.ts and verify-bundle.ts add their own
 * checks on top of these.
 */
import path from 'node:path';
import {
  checkArtifactInFolder,
  heldAtPath,
  replacedArtifact,
  type ArtifactCheck,
  type RecordedArtifact,
} from './artifact-check.js';
import { fingerprintOf, toPublicKey } from './key-fingerprint.js';
import { chainedRecords } from './chain.js';
import { checkPage } from './page-check.js';
import { recordArtifacts, retriedSteps } from './record.js';
import type { TrustedSigners } from './signer-trust.js';
import type { ParsedEvidence } from './verify-input.js';
import { checkRecord } from './verify-record.js';

export type { ArtifactCheck } from './artifact-check.js';

/** The forms evidence comes in. */
export type EvidenceKind = 'json' | 'html' | 'pdf' | 'bundle';

/** What a caller may add to a verification. */
export interface VerifyOptions {
  /** Folder where artifact files are looked for (by their recorded relative path, then by base name). */
  artifactsDir?: string;
  /** The signers the verifier trusts; without them no evidence is valid. */
  trust?: TrustedSigners;
  /** Path the input was read from: its folder is the default artifacts folder, its name prefixes messages. */
  file?: string;
}

/** The verdict and everything found on the way. */
export interface VerifyResult {
  status: 'valid' | 'invalid' | 'unusable';
  kind?: EvidenceKind;
  /** What makes the evidence invalid or unusable; empty when valid. */
  problems: string[];
  /** Facts a reader should know that do not change the verdict (artifact files not found). */
  notes: string[];
  /**
   * The first chained record that does not match the chain: `attempt N (step, attempt M of the
   * step)` for format /2, `step N (name)` for format /1.
   */
  firstBadRecord?: string;
  /** 1-based position of that record. */
  firstBadIndex?: number;
  signatureValid?: boolean;
  keyFingerprint?: string;
  /** True when the key is one of the trusted signers, valid when the record was signed. */
  signerTrusted: boolean;
  /** The trusted signer's name and where the entry came from. */
  signerName?: string;
  signerOrigin?: string;
  runId?: string;
  runbookTitle?: string;
  /** How many records the chain runs over: attempts (format /2) or steps (format /1). */
  stepCount?: number;
  chainHead?: string;
  /** Steps with more than one attempt, one line each, so a retry is seen at once. */
  retried?: string[];
  /** The readable page (HTML, PDF, the bundle's page): its renderer and whether it shows the record. */
  page?: { renderer?: string; matches: boolean };
  artifacts: ArtifactCheck[];
}

/** Findings that make a result unusable rather than invalid, kept apart until the verdict. */
export interface Checking {
  result: VerifyResult;
  uncheckable: string[];
}

/** Exit status for the CLI: 0 valid, 1 not valid, 2 unusable input. */
export function exitCodeFor(result: VerifyResult): 0 | 1 | 2 {
  return result.status === 'valid' ? 0 : result.status === 'invalid' ? 1 : 2;
}

/** A result for input that cannot be checked at all. */
export function unusable(reason: string, kind?: EvidenceKind): VerifyResult {
  return { ...emptyResult(kind), status: 'unusable', problems: [reason] };
}

function emptyResult(kind?: EvidenceKind): VerifyResult {
  return { status: 'valid', kind, problems: [], notes: [], signerTrusted: false, artifacts: [] };
}

/** The folder artifact files are looked for in: the one given, else the evidence file's. */
export function artifactsFolder(options: VerifyOptions): string | undefined {
  return (
    options.artifactsDir ?? (options.file ? path.dirname(path.resolve(options.file)) : undefined)
  );
}

/**
 * Runs the record checks and, for a page, the page check. The result is not settled yet: the
 * caller adds what its form needs (artifacts, a PDF's text) and then calls settle().
 */
export function checkParsed(
  ev: ParsedEvidence,
  options: VerifyOptions,
  kind: EvidenceKind,
  page: string | undefined = ev.html,
): Checking {
  const result = emptyResult(kind);
  const checking: Checking = { result, uncheckable: [] };
  let key;
  try {
    key = toPublicKey(ev.doc.publicKey);
    result.keyFingerprint = fingerprintOf(key);
  } catch (err) {
    const why = `publicKey is not an Ed25519 public key (${(err as Error).message})`;
    return { result: unusable(why, kind), uncheckable: [] };
  }
  result.runId = String(ev.record.run.id);
  result.runbookTitle = String(ev.record.runbook.title);
  result.stepCount = chainedRecords(ev.record).length;
  result.chainHead = String(ev.record.chain.head);
  result.retried = retriedSteps(ev.record);
  checkRecord(ev, key, options.trust, result);
  if (page !== undefined) {
    const pageCheck = checkPage(page, ev.doc, String(ev.record.format));
    result.page = { renderer: pageCheck.renderer, matches: pageCheck.matches };
    result.problems.push(...pageCheck.problems);
    checking.uncheckable.push(...pageCheck.uncheckable);
  }
  return checking;
}

/** The verdict: invalid when anything is wrong, unusable when only something could not be checked. */
export function settle({ result, uncheckable }: Checking): VerifyResult {
  if (result.problems.length > 0) result.status = 'invalid';
  else if (uncheckable.length > 0) {
    result.status = 'unusable';
    result.problems.push(...uncheckable);
  } else result.status = 'valid';
  return result;
}

/** Every artifact the record lists, in chain order. */
export function recordedArtifacts(ev: ParsedEvidence): RecordedArtifact[] {
  return recordArtifacts(ev.record);
}

/** Checks the recorded artifacts against the files of a folder (the JSON, HTML and PDF case). */
export function checkArtifactsInFolder(
  ev: ParsedEvidence,
  dir: string | undefined,
  result: VerifyResult,
): void {
  const all = recordedArtifacts(ev);
  if (all.length === 0) return;
  if (!dir) {
    result.artifacts = all.map((a) => ({ path: String(a.path), status: 'not-checked' }));
    result.notes.push('artifact files were not checked (no folder given)');
    return;
  }
  const held = heldAtPath(all);
  all.forEach((a, i) => {
    result.artifacts.push(held[i] ? checkArtifactInFolder(a, dir) : replacedArtifact(a));
  });
  for (const a of result.artifacts) {
    if (a.status === 'mismatch') result.problems.push(`artifact ${a.path}: ${a.detail}`);
  }
  noteReplaced(all, held, result);
  const missing = result.artifacts.filter(
    (a, i) => held[i] && a.status !== 'ok' && a.status !== 'mismatch',
  );
  if (missing.length > 0) {
    result.notes.push(
      `${missing.length} artifact file(s) not found in ${dir}, so not checked: ${missing.map((a) => a.path).join(', ')}`,
    );
  }
}

/** Says which recorded files a later attempt replaced, so a reader knows why they were not checked. */
export function noteReplaced(
  all: readonly RecordedArtifact[],
  held: readonly boolean[],
  result: VerifyResult,
): void {
  const replaced = all.filter((_, i) => !held[i]).map((a) => String(a.path));
  if (replaced.length === 0) return;
  result.notes.push(
    `${replaced.length} artifact file(s) recorded by an earlier attempt were replaced when the step ran again; their recorded hashes stay in the signed record, and the files now present are checked against the latest: ${[...new Set(replaced)].join(', ')}`,
  );
}
