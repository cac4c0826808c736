/**
 * Verifying evidence against a list of allowed signers (the team ledger's): the usual checks of
 * verify.ts, with the signer judged at the record's signing time. A record whose key is not a
 * signer valid then is not valid, and says why the signer did not count.
 */
import { verifyEvidence, type VerifyOptions, type VerifyResult } from '../evidence/verify.js';
import { parseEvidence } from '../evidence/verify-input.js';
import type { AllowedSigner } from '../evidence/signers.js';
import { signingTime } from './publication.js';
import { LEDGER_SIGNERS, signerAt } from './signers.js';

/** The verdict, with the signer that vouched for the record when one did. */
export interface SignedVerifyResult extends VerifyResult {
  signer?: AllowedSigner;
  signedAt?: string;
}

/** Verifies evidence trusting exactly `signers`, each at the record's signing time. */
export function verifyWithSigners(
  input: string | Uint8Array,
  signers: readonly AllowedSigner[],
  options: Omit<VerifyOptions, 'trust'> = {},
): SignedVerifyResult {
  const result: SignedVerifyResult = verifyEvidence(input, {
    ...options,
    trust: { signers, source: LEDGER_SIGNERS },
  });
  if (result.status === 'unusable') return result;
  const parsed = parseEvidence(input);
  if (parsed.ok) result.signedAt = signingTime(parsed.value.record);
  if (result.signerTrusted && result.keyFingerprint && result.signedAt) {
    result.signer = signerAt(signers, result.keyFingerprint, result.signedAt);
  }
  return result;
}
