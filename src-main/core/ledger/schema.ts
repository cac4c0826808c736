/**
 * The ledger's numbered schema migrations, as the local history has them: a released migration
 * is never edited; a change is a new entry. The versions applied are rows of
 * `runlog.schema_version`. `runlog ledger init` applies what is missing in one transaction (a
 * failure leaves the database as it was); a ledger newer than this Runlog is refused untouched.
 */
import type pg from 'pg';
import { LEDGER_SCHEMA, PUBLISHER_ROLE, SCHEMA_V1, STEWARD_ROLE } from './schema-sql.js';

/** One schema step. */
export interface LedgerMigration {
  version: number;
  description: string;
  sql: string;
}

/** Every migration, in order. Append only. */
export const LEDGER_MIGRATIONS: readonly LedgerMigration[] = [
  { version: 1, description: 'runs, artifacts, signers, runbook trust', sql: SCHEMA_V1 },
];

/** The schema version this code reads and writes. */
export const LEDGER_SCHEMA_VERSION = LEDGER_MIGRATIONS[LEDGER_MIGRATIONS.length - 1]!.version;

/** Serialises migrations from several workstations: one constant advisory-lock key. */
const MIGRATION_LOCK = 7213514093000;

/** Raised when the ledger's schema does not match this Runlog; the message says what to do. */
export class LedgerSchemaError extends Error {
  readonly code = 'ledger-schema';
  constructor(
    message: string,
    readonly found: number,
  ) {
    super(message);
    this.name = 'LedgerSchemaError';
  }
}

/** The schema version of the ledger: 0 when it has no Runlog schema yet. */
export async function ledgerSchemaVersion(client: pg.Client): Promise<number> {
  const exists = await client.query<{ t: string | null }>(
    `SELECT to_regclass('${LEDGER_SCHEMA}.schema_version')::text AS t`,
  );
  if (!exists.rows[0]?.t) return 0;
  const r = await client.query<{ v: number | null }>(
    `SELECT max(version) AS v FROM ${LEDGER_SCHEMA}.schema_version`,
  );
  return r.rows[0]?.v ?? 0;
}

function newerError(found: number): LedgerSchemaError {
  return new LedgerSchemaError(
    `the ledger's schema is version ${found}, newer than this Runlog knows (${LEDGER_SCHEMA_VERSION}); ` +
      'it was left untouched: upgrade Runlog on this workstation',
    found,
  );
}

/** Checks that the ledger has exactly the schema this code speaks; throws LedgerSchemaError. */
export async function checkLedgerSchema(client: pg.Client, label: string): Promise<void> {
  const found = await ledgerSchemaVersion(client);
  if (found === LEDGER_SCHEMA_VERSION) return;
  if (found > LEDGER_SCHEMA_VERSION) throw newerError(found);
  throw new LedgerSchemaError(
    found === 0
      ? `${label} holds no Runlog ledger yet: run "runlog ledger init URL" as its owner`
      : `${label} holds ledger schema ${found}; this Runlog needs ${LEDGER_SCHEMA_VERSION}: run "runlog ledger init URL" as its owner to upgrade`,
    found,
  );
}

async function ensureRoles(client: pg.Client): Promise<void> {
  for (const role of [PUBLISHER_ROLE, STEWARD_ROLE]) {
    const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (found.rowCount) continue;
    try {
      await client.query(`CREATE ROLE ${role} NOLOGIN`);
    } catch (err) {
      throw new LedgerSchemaError(
        `role ${role} does not exist and this login may not create it (${(err as Error).message}): ` +
          `ask a database administrator to run CREATE ROLE ${PUBLISHER_ROLE} NOLOGIN; CREATE ROLE ${STEWARD_ROLE} NOLOGIN; then run init again`,
        0,
      );
    }
  }
}

/** What init did. */
export interface MigrationOutcome {
  from: number;
  to: number;
  applied: number[];
}

/**
 * Creates or upgrades the ledger schema. Everything, the group roles excepted (roles are not
 * transactional across databases), happens in one transaction.
 */
export async function migrateLedger(client: pg.Client): Promise<MigrationOutcome> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const from = await ledgerSchemaVersion(client);
    if (from > LEDGER_SCHEMA_VERSION) throw newerError(from);
    const pending = LEDGER_MIGRATIONS.filter((m) => m.version > from);
    if (pending.length === 0) {
      // Up to date: touch nothing (a publishing login may run init to check and save its URL).
      await client.query('COMMIT');
      return { from, to: from, applied: [] };
    }
    await client.query('COMMIT');
    await ensureRoles(client);
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if ((await ledgerSchemaVersion(client)) !== from) {
      // Another workstation migrated meanwhile: start over from what it left.
      await client.query('ROLLBACK');
      return migrateLedger(client);
    }
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${LEDGER_SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${LEDGER_SCHEMA}.schema_version (
      version integer PRIMARY KEY,
      description text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      applied_by text NOT NULL DEFAULT session_user)`);
    for (const m of pending) {
      await client.query(m.sql);
      await client.query(
        `INSERT INTO ${LEDGER_SCHEMA}.schema_version (version, description) VALUES ($1, $2)`,
        [m.version, m.description],
      );
    }
    await client.query(
      `GRANT USAGE ON SCHEMA ${LEDGER_SCHEMA} TO ${PUBLISHER_ROLE}, ${STEWARD_ROLE}`,
    );
    await client.query(
      `GRANT SELECT ON ${LEDGER_SCHEMA}.schema_version TO ${PUBLISHER_ROLE}, ${STEWARD_ROLE}`,
    );
    await client.query('COMMIT');
    return { from, to: LEDGER_SCHEMA_VERSION, applied: pending.map((m) => m.version) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
