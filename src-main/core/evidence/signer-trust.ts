/**
 * The signer decision: a valid signature proves only which key signed. The record is trusted when
 * that key is one the verifier allows — from `--key`, an allowed-signers file, the installation's
 * key history or the team ledger — and the record was signed inside the key's validity.
 */
import type { AllowedSigner } from './signers.js';

/** The trusted signers and how to name where they came from in a message. */
export interface TrustedSigners {
  signers: readonly AllowedSigner[];
  /** E.g. "the keys given with --key", "the allowed signers in team.signers". */
  source: string;
}

/** Whether the signer is trusted, and by which entry or why not. */
export interface SignerVerdict {
  trusted: boolean;
  /** The entry that trusts it. */
  signer?: AllowedSigner;
  /** Why it is not trusted. */
  reason?: string;
}

/** Decides whether the key `fingerprint` may have signed a record at `signedAt`. */
export function judgeSigner(
  fingerprint: string,
  signedAt: unknown,
  trust: TrustedSigners | undefined,
): SignerVerdict {
  if (!trust || trust.signers.length === 0) {
    return {
      trusted: false,
      reason: `${trust ? `${trust.source} name no signer` : 'no trusted signer was given'}, so key ${fingerprint} is an unknown signer`,
    };
  }
  const entries = trust.signers.filter((s) => s.fingerprint === fingerprint);
  if (entries.length === 0) {
    return {
      trusted: false,
      reason: `key ${fingerprint} is not among ${trust.source}: an unknown signer`,
    };
  }
  const at = typeof signedAt === 'string' ? Date.parse(signedAt) : NaN;
  for (const entry of entries) {
    if (entry.validFrom === undefined && entry.validUntil === undefined) {
      return { trusted: true, signer: entry };
    }
    if (Number.isNaN(at)) continue;
    const from = entry.validFrom === undefined ? -Infinity : Date.parse(entry.validFrom);
    const until = entry.validUntil === undefined ? Infinity : Date.parse(entry.validUntil);
    if (at >= from && at <= until) return { trusted: true, signer: entry };
  }
  const first = entries[0]!;
  const window = `from ${first.validFrom ?? 'any time'} until ${first.validUntil ?? 'any time'}`;
  const when = Number.isNaN(at) ? 'at a time that cannot be read' : `at ${String(signedAt)}`;
  return {
    trusted: false,
    reason: `key ${fingerprint} (${first.name}) is trusted only ${window}, and this record was signed ${when}`,
  };
}

/** The advice printed with an untrusted signer: how to trust it, if the reader knows it. */
export function howToTrust(fingerprint: string): string {
  return (
    `if you know that key belongs to the installation that made the run, check again with ` +
    `--key ${fingerprint}, or add a line "NAME ${fingerprint}" to an allowed-signers file ` +
    `and pass --signers FILE`
  );
}
