/** The team history and the team's trust of runbook versions, on a real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSigner,
  getTeamRun,
  listSigners,
  listTeamRuns,
  publishRun,
  revokeTeamTrust,
  teamTrustOf,
  trustForTeam,
  type TeamFilter,
} from '../../../src-main/core/ledger/index.js';
import { signedDocument, startLedger, workstation, type TestLedger } from './helpers.js';
import { PG_MISSING } from './pg-server.js';

let t: TestLedger;
let ws: ReturnType<typeof workstation>;

const RUNS = [
  {
    id: 'h-1',
    startedAt: '2025-03-01T08:00:00.000Z',
    operator: 'alice',
    host: 'ws-a',
    status: 'passed',
    runbookId: 'capture',
  },
  {
    id: 'h-2',
    startedAt: '2025-03-02T08:00:00.000Z',
    operator: 'bob',
    host: 'ws-b',
    status: 'failed',
    runbookId: 'capture',
  },
  {
    id: 'h-3',
    startedAt: '2025-03-03T08:00:00.000Z',
    operator: 'alice',
    host: 'ws-b',
    status: 'passed',
    runbookId: 'bogons',
  },
  {
    id: 'h-4',
    startedAt: '2025-03-04T23:59:00.000Z',
    operator: 'carol',
    host: 'ws-c',
    status: 'incomplete',
    runbookId: 'bogons',
  },
] as const;

beforeAll(async () => {
  if (PG_MISSING) return;
  t = await startLedger();
  ws = workstation();
  for (const r of RUNS) {
    const { document, fixture } = await signedDocument(ws.dataDir, r.id, {
      startedAt: r.startedAt,
      status: r.status,
      runbookId: r.runbookId,
      params: { IFACE: `if-${r.id}`, NOTE: r.id === 'h-3' ? '100% done_ok' : 'plain' },
      context: { ...fixture0().context, operator: r.operator, hostname: r.host },
    });
    await t.ledger('ws1').use((c) => publishRun(c, document, []));
    fixture.cleanup();
  }
});
afterAll(() => {
  t?.remove();
  ws?.cleanup();
});

function fixture0() {
  return {
    context: {
      operator: '',
      hostname: '',
      platform: 'linux',
      osRelease: '6.1',
      arch: 'x64',
      appVersion: '0.1.0',
    },
  };
}

async function ids(filter: TeamFilter): Promise<string[]> {
  const page = await t
    .ledger('ws2')
    .use(async (c) => listTeamRuns(c, filter, await listSigners(c)));
  return page.runs.map((r) => r.runId);
}

describe.skipIf(PG_MISSING)('team history', () => {
  it('lists newest first and filters by runbook, operator, host, status and dates', async () => {
    expect(await ids({})).toEqual(['h-4', 'h-3', 'h-2', 'h-1']);
    expect(await ids({ runbookId: 'capture' })).toEqual(['h-2', 'h-1']);
    expect(await ids({ operator: 'alice' })).toEqual(['h-3', 'h-1']);
    expect(await ids({ host: 'ws-b', status: 'passed' })).toEqual(['h-3']);
    expect(await ids({ from: '2025-03-02', to: '2025-03-03' })).toEqual(['h-3', 'h-2']);
    expect(await ids({ to: '2025-03-04' })).toEqual(['h-4', 'h-3', 'h-2', 'h-1']); // through that day
  });

  it('searches text anywhere in the run, taking % and _ literally', async () => {
    expect(await ids({ text: 'if-h-2' })).toEqual(['h-2']);
    expect(await ids({ text: '42 PACKETS captured' })).toHaveLength(4);
    expect(await ids({ text: '100% done_ok' })).toEqual(['h-3']);
    expect(await ids({ text: 'don%ok' })).toEqual([]);
    expect(await ids({ text: 'done-ok' })).toEqual([]); // _ is not a wildcard
    expect(await ids({ text: 'no such words anywhere' })).toEqual([]);
  });

  it('pages with a cursor, and refuses a bad date or cursor by name', async () => {
    const page1 = await t.ledger('ws2').use((c) => listTeamRuns(c, { limit: 3 }, []));
    expect(page1.runs.map((r) => r.runId)).toEqual(['h-4', 'h-3', 'h-2']);
    expect(await ids({ limit: 3, after: page1.next })).toEqual(['h-1']);
    await expect(ids({ from: 'yesterday' })).rejects.toThrow(/from: "yesterday" is not a date/);
    await expect(ids({ after: 'x' })).rejects.toThrow(/after: "x" is not a page cursor/);
  });

  it('marks "unknown signer" until the key is a team signer, and opens a run read-only', async () => {
    const before = await t.ledger('ws2').use((c) => getTeamRun(c, 'h-1', []));
    expect(before!.signerName).toBeUndefined();
    await t
      .ledger('steward')
      .use((c) =>
        addSigner(c, { fingerprint: ws.fingerprint, name: 'ops laptop', validFrom: '2020-01-01' }),
      );
    const after = await t
      .ledger('ws2')
      .use(async (c) => getTeamRun(c, 'h-1', await listSigners(c)));
    expect(after).toMatchObject({
      signerName: 'ops laptop',
      operator: 'alice',
      artifacts: [{ path: 'capture/eth0.pcap', stored: false }],
    });
    expect(JSON.parse(after!.document).keyFingerprint).toBe(ws.fingerprint);
    expect(await t.ledger('ws2').use((c) => getTeamRun(c, 'nope', []))).toBeUndefined();
  });
});

describe.skipIf(PG_MISSING)('team trust of runbook versions', () => {
  const sha = 'c'.repeat(64);

  it('a steward trusts a version: stamped with the steward login and the time by the database', async () => {
    const trust = await t.ledger('steward').use((c) =>
      trustForTeam(c, {
        sha256: sha,
        runbookId: 'nightly-backup',
        title: 'Nightly backup',
        note: 'reviewed',
      }),
    );
    expect(trust).toMatchObject({ sha256: sha, trustedBy: 'steward', runbookId: 'nightly-backup' });
    expect(Date.now() - Date.parse(trust.trustedAt)).toBeLessThan(60_000);
    const found = await t.ledger('ws1').use((c) => teamTrustOf(c, [sha, 'd'.repeat(64)]));
    expect([...found.keys()]).toEqual([sha]);
  });

  it('attack: a steward cannot claim another name or date; a publisher cannot trust at all', async () => {
    const c = await t.server.client('steward', t.database);
    try {
      const r = await c.query(
        `INSERT INTO runlog.runbook_trust (sha256, runbook_id, title, trusted_by, trusted_at)
         VALUES ($1, 'x', 'x', 'the-ciso', '2001-01-01') RETURNING trusted_by, trusted_at`,
        ['e'.repeat(64)],
      );
      expect(r.rows[0].trusted_by).toBe('steward');
      expect(r.rows[0].trusted_at.getFullYear()).toBeGreaterThan(2001);
      await expect(
        c.query(`UPDATE runlog.runbook_trust SET sha256 = $1`, ['f'.repeat(64)]),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await c.end();
    }
    await expect(
      t
        .ledger('ws1')
        .use((c2) => trustForTeam(c2, { sha256: 'f'.repeat(64), runbookId: 'x', title: 'x' })),
    ).rejects.toThrow(/permission denied/);
  });

  it('a revoked trust no longer counts, and cannot be revoked twice', async () => {
    expect(await t.ledger('steward').use((c) => revokeTeamTrust(c, sha))).toBe(1);
    expect((await t.ledger('ws1').use((c) => teamTrustOf(c, [sha]))).size).toBe(0);
    expect(await t.ledger('steward').use((c) => revokeTeamTrust(c, sha))).toBe(0);
  });
});
