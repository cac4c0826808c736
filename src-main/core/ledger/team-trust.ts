/**
 * Runbook versions the team trusts: a steward who reviewed a runbook marks its exact SHA-256 in
 * the ledger, and every workstation connected to the ledger trusts that version, shown as
 * "trusted by NAME on DATE". The name and date are stamped by the database, never by the client.
 */
import type pg from 'pg';

/** One team trust of a runbook version. */
export interface TeamTrust {
  id: number;
  sha256: string;
  runbookId: string;
  title: string;
  note?: string;
  trustedBy: string;
  trustedAt: string;
}

type Row = {
  id: string;
  sha256: string;
  runbook_id: string;
  title: string;
  note: string | null;
  trusted_by: string;
  trusted_at: Date;
};

function trust(r: Row): TeamTrust {
  return {
    id: Number(r.id),
    sha256: r.sha256,
    runbookId: r.runbook_id,
    title: r.title,
    note: r.note ?? undefined,
    trustedBy: r.trusted_by,
    trustedAt: r.trusted_at.toISOString(),
  };
}

/** The standing (not revoked) trusts of these versions, the earliest per SHA-256. */
export async function teamTrustOf(
  client: pg.Client,
  sha256s: readonly string[],
): Promise<Map<string, TeamTrust>> {
  const out = new Map<string, TeamTrust>();
  if (sha256s.length === 0) return out;
  const r = await client.query<Row>(
    `SELECT DISTINCT ON (sha256) * FROM runlog.runbook_trust
     WHERE sha256 = ANY($1::text[]) AND revoked_at IS NULL ORDER BY sha256, trusted_at, id`,
    [[...new Set(sha256s)]],
  );
  for (const row of r.rows) out.set(row.sha256, trust(row));
  return out;
}

/** Marks a runbook version trusted for the team (steward role). */
export async function trustForTeam(
  client: pg.Client,
  version: { sha256: string; runbookId: string; title: string; note?: string },
): Promise<TeamTrust> {
  const r = await client.query<Row>(
    `INSERT INTO runlog.runbook_trust (sha256, runbook_id, title, note) VALUES ($1, $2, $3, $4) RETURNING *`,
    [version.sha256, version.runbookId, version.title, version.note ?? null],
  );
  return trust(r.rows[0]!);
}

/** Withdraws the team's trust of a version (steward role); returns how many trusts ended. */
export async function revokeTeamTrust(client: pg.Client, sha256: string): Promise<number> {
  const r = await client.query(
    'UPDATE runlog.runbook_trust SET revoked_at = now() WHERE sha256 = $1 AND revoked_at IS NULL',
    [sha256],
  );
  return r.rowCount ?? 0;
}
