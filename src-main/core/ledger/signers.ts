/**
 * The team's allowed signers, kept in the ledger and managed by the steward role (the publishing
 * role may only read them). They come out in the shape every verifier speaks (AllowedSigner), and
 * a record is trusted when its key belongs to a signer valid at the time it was signed.
 */
import type pg from 'pg';
import type { AllowedSigner } from '../evidence/signers.js';
import { judgeSigner } from '../evidence/signer-trust.js';

/** A signer row with who added and ended it. */
export interface LedgerSigner extends AllowedSigner {
  id: number;
  addedBy: string;
  addedAt: string;
  endedBy?: string;
}

const iso = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);

/** Every signer the ledger knows, oldest first. */
export async function listSigners(client: pg.Client): Promise<LedgerSigner[]> {
  const r = await client.query<{
    id: string;
    fingerprint: string;
    name: string;
    valid_from: Date;
    valid_until: Date | null;
    added_by: string;
    added_at: Date;
    ended_by: string | null;
  }>('SELECT * FROM runlog.signers ORDER BY id');
  return r.rows.map((s) => ({
    id: Number(s.id),
    fingerprint: s.fingerprint,
    name: s.name,
    validFrom: iso(s.valid_from),
    validUntil: iso(s.valid_until),
    origin: `team ledger, signer ${s.id}`,
    addedBy: s.added_by,
    addedAt: iso(s.added_at)!,
    endedBy: s.ended_by ?? undefined,
  }));
}

/** Adds a signer (steward role); returns its id. */
export async function addSigner(
  client: pg.Client,
  signer: { fingerprint: string; name: string; validFrom?: string; validUntil?: string },
): Promise<number> {
  const r = await client.query<{ id: string }>(
    `INSERT INTO runlog.signers (fingerprint, name, valid_from, valid_until)
     VALUES ($1, $2, COALESCE($3::timestamptz, now()), $4::timestamptz) RETURNING id`,
    [signer.fingerprint, signer.name, signer.validFrom ?? null, signer.validUntil ?? null],
  );
  return Number(r.rows[0]!.id);
}

/** Ends a signer's validity (steward role): records signed after `at` are no longer trusted. */
export async function endSigner(client: pg.Client, id: number, at?: string): Promise<boolean> {
  const r = await client.query(
    'UPDATE runlog.signers SET valid_until = COALESCE($2::timestamptz, now()) WHERE id = $1',
    [id, at ?? null],
  );
  return (r.rowCount ?? 0) > 0;
}

/** Where the trusted signers came from, as verify's messages name it. */
export const LEDGER_SIGNERS = "the team ledger's signers";

/** The signer that vouches for a key at a signing time, if any (verify's own judgement). */
export function signerAt(
  signers: readonly AllowedSigner[],
  fingerprint: string,
  signedAt: string,
): AllowedSigner | undefined {
  return judgeSigner(fingerprint, signedAt, { signers, source: LEDGER_SIGNERS }).signer;
}
