/**
 * A team ledger for the end-to-end tests: a real PostgreSQL started by the ledger tests' own
 * helper (initdb in a temp folder), runs published into it by two other workstations (signed
 * evidence made by the real exporter, published by the real publisher), stewards' changes made
 * through the real CLI, and a browser host whose workstation is connected to the ledger with
 * `runlog ledger init`. With CI=true a missing PostgreSQL fails instead of skipping.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishRun, addSigner } from '../../src-main/core/ledger/index.js';
import type { RunDetail } from '../../src-main/core/run-model.js';
import { makeFixture } from '../core/evidence/helpers.js';
import {
  signedDocument,
  startLedger,
  workstation,
  type TestLedger,
} from '../core/ledger/helpers.js';
import { PG_MISSING } from '../core/ledger/pg-server.js';
import { CLI, E2E_RUNBOOKS, startServe, type Host, type ServeOptions } from './fixtures.js';

export { PG_MISSING };

/** A ledger address where no PostgreSQL answers, and the way to let go of it. */
export interface ClosedLedger {
  url: string;
  close(): Promise<void>;
}

/**
 * A ledger that cannot be reached: its port is held by a listener that drops every connection, for
 * as long as the test runs. A port merely free at the start could be taken meanwhile by another
 * test's PostgreSQL (same role and database names), which would then take the runs.
 */
export async function closedLedger(): Promise<ClosedLedger> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `postgresql://ws1@127.0.0.1:${port}/ledger?sslmode=disable`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** One run another workstation published. */
export interface TeamRunSpec {
  id: string;
  operator: string;
  host: string;
  status: RunDetail['status'];
  runbookId: string;
  title?: string;
  startedAt: string;
  /** Published by the workstation whose key is not a team signer. */
  unknownSigner?: boolean;
  /** Changes to the fixture's steps (a step text with hidden characters, say). */
  steps?: (steps: RunDetail['steps']) => RunDetail['steps'];
}

/** The ledger, two other workstations (one a team signer, one not) and cleanup. */
export interface TeamLedger {
  ledger: TestLedger;
  /** Connection string of the publishing login the host's workstation uses. */
  url: string;
  /** Connection string of the steward login. */
  stewardUrl: string;
  signer: ReturnType<typeof workstation>;
  stranger: ReturnType<typeof workstation>;
  /** Name of the team signer (the signer workstation's key). */
  signerName: string;
  cleanup(): void;
}

/** Starts PostgreSQL with a ledger, and makes the signer workstation's key a team signer. */
export async function startTeamLedger(): Promise<TeamLedger> {
  const ledger = await startLedger();
  const signer = workstation();
  const stranger = workstation();
  const signerName = "alice's workstation";
  await ledger
    .ledger('steward')
    .use((c) => addSigner(c, { fingerprint: signer.fingerprint, name: signerName }));
  return {
    ledger,
    url: ledger.url('ws1'),
    stewardUrl: ledger.url('steward'),
    signer,
    stranger,
    signerName,
    cleanup: () => {
      ledger.remove();
      signer.cleanup();
      stranger.cleanup();
    },
  };
}

/** Publishes each run as the other workstations would (login ws2), oldest first. */
export async function publishTeamRuns(team: TeamLedger, runs: readonly TeamRunSpec[]) {
  const base = makeFixture();
  try {
    for (const r of runs) {
      const ws = r.unknownSigner ? team.stranger : team.signer;
      const { document, fixture } = await signedDocument(ws.dataDir, r.id, {
        startedAt: r.startedAt,
        endedAt: new Date(Date.parse(r.startedAt) + 5 * 60_000).toISOString(),
        status: r.status,
        runbookId: r.runbookId,
        runbookTitle: r.title ?? base.run.runbookTitle,
        context: { ...base.run.context, operator: r.operator, hostname: r.host },
        ...(r.steps ? { steps: r.steps(base.run.steps) } : {}),
      });
      await team.ledger.ledger('ws2').use((c) => publishRun(c, document, []));
      fixture.cleanup();
    }
  } finally {
    base.cleanup();
  }
}

/** Runs the built CLI; throws with its output when it fails. */
export function runlog(args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

/** A browser host whose workstation is connected to the ledger (`runlog ledger init URL`). */
export async function serveWithLedger(
  url: string,
  extraArgs: string[] = [],
  options: ServeOptions = {},
): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'runlog-e2e-team-'));
  runlog(['ledger', 'init', url, '--data-dir', dataDir]);
  return startServe(extraArgs, dataDir, options);
}

/** `runlog ledger trust RUNBOOK` as the steward, for the e2e runbooks' current versions. */
export function trustForTeam(team: TeamLedger, runbookId: string): void {
  runlog([
    'ledger',
    'trust',
    runbookId,
    '--url',
    team.stewardUrl,
    '--runbooks',
    E2E_RUNBOOKS,
    '--data-dir',
    team.signer.dataDir,
  ]);
}
