/**
 * Shared pieces of the ledger tests: a ledger on a fresh PostgreSQL with a publishing login
 * (`ws1`, `ws2`) and a steward login (`steward`), and signed evidence documents made by the real
 * exporter from the evidence tests' realistic run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportRun } from '../../../src-main/core/evidence/export.js';
import { loadOrCreateKey } from '../../../src-main/core/evidence/keys.js';
import type { RunDetail } from '../../../src-main/core/run-model.js';
import { Ledger } from '../../../src-main/core/ledger/index.js';
import { makeFixture, SECRET_VALUE, type Fixture } from '../evidence/helpers.js';
import { startPostgres, type PgServer } from './pg-server.js';

/** A running ledger and its logins. */
export interface TestLedger {
  server: PgServer;
  database: string;
  /** The connection string of a login over the socket. */
  url(role: string): string;
  ledger(role: string): Ledger;
  remove(): void;
}

/** The logins every ledger test has: two workstations and a steward. */
const LOGINS = `
CREATE ROLE ws1 LOGIN IN ROLE runlog_publisher;
CREATE ROLE ws2 LOGIN IN ROLE runlog_publisher;
CREATE ROLE steward LOGIN IN ROLE runlog_steward;
`;

/** Starts PostgreSQL, creates database `ledger`, runs init as the superuser, adds the logins. */
export async function startLedger(options: { tls?: boolean } = {}): Promise<TestLedger> {
  const server = await startPostgres(options);
  try {
    const database = await server.createDatabase('ledger');
    await new Ledger(server.socketUrl('postgres', database)).init();
    await server.sql(LOGINS, database);
    return {
      server,
      database,
      url: (role) => server.socketUrl(role, database),
      ledger: (role) => new Ledger(server.socketUrl(role, database)),
      remove: () => server.remove(),
    };
  } catch (err) {
    server.remove();
    throw err;
  }
}

/** A data folder (with its signing key) for one workstation. */
export function workstation(): { dataDir: string; fingerprint: string; cleanup(): void } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-ws-'));
  return {
    dataDir,
    fingerprint: loadOrCreateKey(dataDir).fingerprint,
    cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** The realistic fixture run under another id (and other fields when given). */
export function fixtureRun(runId: string, change: Partial<RunDetail> = {}): Fixture {
  const fixture = makeFixture();
  Object.assign(fixture.run, { id: runId, ...change });
  return fixture;
}

/** A run exported as JSON evidence by a workstation: the document exactly as published. */
export async function signedDocument(
  dataDir: string,
  runId: string,
  change: Partial<RunDetail> = {},
): Promise<{ document: string; fixture: Fixture }> {
  const fixture = fixtureRun(runId, change);
  const result = await exportRun(fixture.source, {
    format: 'json',
    dataDir,
    secretParams: ['DB_PASSWORD'],
    redactValues: [SECRET_VALUE],
  });
  return { document: String(result.content), fixture };
}
