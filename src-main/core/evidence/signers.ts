/**
 * Who may sign evidence. A signature proves only which key signed; a verifier trusts a record
 * when that key belongs to a signer it knows, and the signer was allowed at the time of signing.
 * The list comes from an allowed-signers file, the installation's own key history, `--key`, or
 * the team ledger; all of them speak this one shape.
 */

/** One key a verifier accepts, with the person or machine it stands for. */
export interface AllowedSigner {
  /** `SHA256:` and the unpadded base64 of the SHA-256 of the raw Ed25519 public key. */
  fingerprint: string;
  /** Who or what holds the key (a person, a workstation). */
  name: string;
  /** ISO 8601 UTC; the signer is not trusted for records signed before it. */
  validFrom?: string;
  /** ISO 8601 UTC; the signer is not trusted for records signed after it. */
  validUntil?: string;
  /** Where this entry came from (a file and line, `--key`, the key history, the ledger). */
  origin?: string;
}
