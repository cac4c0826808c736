/**
 * The checks of the signed record itself, whatever file carried it: the signature and its key id,
 * the signer's trust, the canonical payload, the statement's subjects and the hash chain. Every
 * check runs even after one fails, so a tampered file says both that the signature broke and
 * which record changed. The chain runs over the attempts (format /2) or the steps (format /1).
 */
import { verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { canonicalize } from './canonical-json.js';
import {
  EVIDENCE_FORMAT_V1,
  chainGenesis,
  chainLabel,
  chainedRecords,
  checkChain,
} from './chain.js';
import { howToTrust, judgeSigner, type TrustedSigners } from './signer-trust.js';
import { pae, subjectsOf, type Subject } from './sign.js';
import type { ParsedEvidence } from './verify-input.js';
import type { VerifyResult } from './verify-checks.js';

/** Runs every record check, adding to `result`. */
export function checkRecord(
  ev: ParsedEvidence,
  key: KeyObject,
  trust: TrustedSigners | undefined,
  result: VerifyResult,
): void {
  checkSignature(ev, key, result);
  checkSigner(ev, trust, result);
  checkCanonicalPayload(ev, result);
  checkSubjects(ev, result);
  checkRecordChain(ev, result);
}

function checkSignature(ev: ParsedEvidence, key: KeyObject, result: VerifyResult): void {
  const message = pae(ev.doc.envelope.payloadType, ev.payload);
  const fingerprint = result.keyFingerprint;
  const sigs = ev.doc.envelope.signatures;
  if (sigs.length !== 1) {
    result.problems.push(
      `the envelope holds ${sigs.length} signatures; Runlog writes exactly one, by the embedded key`,
    );
  }
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
  }
  for (const s of sigs) {
    if (s.keyid !== fingerprint) {
      result.problems.push(
        `the signature names key ${JSON.stringify(s.keyid ?? '')}, but the embedded public key is ${fingerprint}: the key was swapped`,
      );
    }
  }
  if (ev.doc.keyFingerprint !== fingerprint) {
    result.problems.push(
      `the stated key fingerprint ${ev.doc.keyFingerprint} is not that of the embedded public key (${fingerprint})`,
    );
  }
}

function checkSigner(
  ev: ParsedEvidence,
  trust: TrustedSigners | undefined,
  result: VerifyResult,
): void {
  const fingerprint = result.keyFingerprint ?? '';
  const verdict = judgeSigner(fingerprint, ev.record.export?.exportedAt, trust);
  result.signerTrusted = verdict.trusted;
  if (verdict.signer) {
    result.signerName = verdict.signer.name;
    result.signerOrigin = verdict.signer.origin;
    return;
  }
  result.problems.push(`signer not trusted: ${verdict.reason}; ${howToTrust(fingerprint)}`);
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
  // The genesis of the record's own format: records of every format this verifier reads are
  // checked as they were written.
  const genesis = chainGenesis(format);
  const chain = checkChain(records, ev.record.chain.head, genesis);
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
  const recorded = ev.record.chain.genesis;
  if (recorded !== undefined && recorded !== genesis) {
    result.problems.push(
      `the recorded chain genesis ${String(recorded)} is not the one ${format} defines`,
    );
  }
}
