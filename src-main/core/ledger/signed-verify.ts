/**
 * Verifying evidence against a list of allowed signers (the team ledger's): the usual checks of
 * verify.ts, with the signer judged at the record's signing time. A record whose key is not a
 * signer valid then is not valid, and says "unknown signer" or why the signer did not count.
 */
import { verifyEvidence, type VerifyOptions, type VerifyResult } from '../evidence/verify.js';
import { parseEvidence } from '../evidence/verify-input.js';
import { fingerprintOf } from '../evidence/keys.js';
import type { AllowedSigner } from '../evidence/signers.js';
import { signingTime } from './publication.js';
import { signerAt, signerProblem } from './signers.js';

/** The verdict, with the signer that vouched for the record when one did. */
export interface SignedVerifyResult extends VerifyResult {
  signer?: AllowedSigner;
  signedAt?: string;
}

/** Verifies evidence trusting exactly `signers`, each at the record's signing time. */
export function verifyWithSigners(
  input: string | Uint8Array,
  signers: readonly AllowedSigner[],
  options: Omit<VerifyOptions, 'trustedKey'> = {},
): SignedVerifyResult {
  const parsed = parseEvidence(input);
  let fingerprint: string | undefined;
  let signedAt: string | undefined;
  if (parsed.ok) {
    signedAt = signingTime(parsed.value.record);
    try {
      fingerprint = fingerprintOf(parsed.value.doc.publicKey);
    } catch {
      // verifyEvidence reports the unreadable key
    }
  }
  const signer = fingerprint && signedAt ? signerAt(signers, fingerprint, signedAt) : undefined;
  const result: SignedVerifyResult = verifyEvidence(input, {
    ...options,
    trustedKey: signer?.fingerprint,
  });
  if (result.status === 'unusable') return result;
  result.signedAt = signedAt;
  if (signer) {
    result.signer = signer;
    result.notes.push(
      `signed by ${signer.name} (${signer.origin ?? 'allowed signers'}) at ${signedAt}`,
    );
    return result;
  }
  result.notes = result.notes.filter((n) => !n.startsWith('the signer key was not pinned'));
  result.problems.push(
    signedAt && fingerprint
      ? signerProblem(signers, fingerprint, signedAt)!
      : 'unknown signer: the record carries no signing time to judge its signer at',
  );
  result.status = 'invalid';
  return result;
}
