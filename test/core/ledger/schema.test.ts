import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LEDGER_SCHEMA_VERSION,
  Ledger,
  LedgerSchemaError,
  ledgerSchemaVersion,
  publishRun,
} from '../../../src-main/core/ledger/index.js';
import { signedDocument, startLedger, workstation, type TestLedger } from './helpers.js';
import { PG_MISSING } from './pg-server.js';

let t: TestLedger;
let ws: ReturnType<typeof workstation>;

beforeAll(async () => {
  if (PG_MISSING) return;
  t = await startLedger();
  ws = workstation();
});
afterAll(() => {
  t?.remove();
  ws?.cleanup();
});

describe.skipIf(PG_MISSING)('ledger schema on a real PostgreSQL', () => {
  it('init creates the schema at the current version; running it again changes nothing', async () => {
    const owner = t.ledger('postgres');
    expect(await owner.init()).toMatchObject({ from: LEDGER_SCHEMA_VERSION, applied: [] });
    const c = await t.server.client('postgres', t.database);
    try {
      expect(await ledgerSchemaVersion(c)).toBe(LEDGER_SCHEMA_VERSION);
    } finally {
      await c.end();
    }
  });

  it('a newer schema is refused untouched, by init and by every connection', async () => {
    const db = await t.server.createDatabase('newer');
    await new Ledger(t.server.socketUrl('postgres', db)).init();
    await t.server.sql(
      `INSERT INTO runlog.schema_version (version, description) VALUES (${LEDGER_SCHEMA_VERSION + 1}, 'from the future')`,
      db,
    );
    const before = await t.server.sql(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'runlog'",
      db,
    );
    const err = await new Ledger(t.server.socketUrl('postgres', db)).init().catch((e) => e);
    expect(err).toBeInstanceOf(LedgerSchemaError);
    expect(err.message).toContain(`version ${LEDGER_SCHEMA_VERSION + 1}, newer`);
    await expect(new Ledger(t.server.socketUrl('postgres', db)).connect()).rejects.toThrow(/newer/);
    const after = await t.server.sql(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'runlog'",
      db,
    );
    expect(after.rows).toEqual(before.rows);
  });

  it('a database without the schema says to run init', async () => {
    const db = await t.server.createDatabase('empty');
    await expect(new Ledger(t.server.socketUrl('postgres', db)).connect()).rejects.toThrow(
      /runlog ledger init/,
    );
  });

  it('attack: the publishing role cannot UPDATE, DELETE or TRUNCATE what was published, nor manage signers or trust', async () => {
    const { document } = await signedDocument(ws.dataDir, 'run-append-only');
    await t.ledger('ws1').use((c) => publishRun(c, document, []));
    const c = await t.server.client('ws1', t.database);
    try {
      for (const sql of [
        "UPDATE runlog.runs SET status = 'passed'",
        'DELETE FROM runlog.runs',
        'TRUNCATE runlog.runs CASCADE',
        'DELETE FROM runlog.artifacts',
        "UPDATE runlog.blobs SET content = 'x'",
        "INSERT INTO runlog.signers (fingerprint, name) VALUES ('SHA256:" +
          'A'.repeat(43) +
          "', 'me')",
        "INSERT INTO runlog.runbook_trust (sha256, runbook_id, title) VALUES ('" +
          'a'.repeat(64) +
          "', 'x', 'x')",
        'DROP TABLE runlog.runs',
        'ALTER TABLE runlog.runs DISABLE TRIGGER runs_append_only',
      ]) {
        await expect(c.query(sql), sql).rejects.toThrow(
          /permission denied|must be owner|append-only/,
        );
      }
    } finally {
      await c.end();
    }
    const rows = await t.server.sql(
      "SELECT status FROM runlog.runs WHERE run_id = 'run-append-only'",
      t.database,
    );
    expect(rows.rows).toEqual([{ status: 'failed' }]);
  });

  it('attack: a blob whose content does not hash to its key is refused by the database', async () => {
    const c = await t.server.client('ws1', t.database);
    try {
      await expect(
        c.query('INSERT INTO runlog.blobs (sha256, content) VALUES ($1, $2)', [
          'a'.repeat(64),
          Buffer.from('x'),
        ]),
      ).rejects.toThrow(/check constraint/);
    } finally {
      await c.end();
    }
  });

  it('attack: even the schema owner is refused UPDATE and DELETE by the trigger', async () => {
    const c = await t.server.client('postgres', t.database);
    try {
      await expect(c.query("UPDATE runlog.runs SET status = 'passed'")).rejects.toThrow(
        /append-only: UPDATE on runlog.runs/,
      );
      await expect(c.query('DELETE FROM runlog.runs')).rejects.toThrow(/append-only: DELETE/);
    } finally {
      await c.end();
    }
  });

  it('attack: a publisher cannot forge who published, the sequence or the chain', async () => {
    const { document } = await signedDocument(ws.dataDir, 'run-forge');
    const p = (await import('../../../src-main/core/ledger/index.js')).describeDocument(document);
    const c = await t.server.client('ws2', t.database);
    try {
      await c.query(
        `INSERT INTO runlog.runs (seq, run_id, record_hash, format, runbook_id, runbook_title, runbook_sha256,
          operator, host, status, started_at, signed_at, signer_fingerprint, step_count, search_text,
          document, published_by, published_at, prev_hash, entry_hash)
         VALUES (999, $1, $2, 'f', 'r', 't', 's', 'o', 'h', 'passed', now(), now(), 'fp', 0, '', $3,
          'someone-else', '2000-01-01', $4, $4)`,
        [p.runId, p.recordHash, document, 'f'.repeat(64)],
      );
    } finally {
      await c.end();
    }
    const row = await t.server.sql(
      "SELECT seq, published_by, prev_hash <> repeat('f', 64) AS chained FROM runlog.runs WHERE run_id = 'run-forge'",
      t.database,
    );
    expect(row.rows[0]).toMatchObject({ published_by: 'ws2', chained: true });
    expect(Number(row.rows[0].seq)).toBeLessThan(999);
  });
});
