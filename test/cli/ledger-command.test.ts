/** `runlog ledger`, `history --team` and `verify --ledger`, as a person types them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/runlog.js';
import { loadOrCreateKey } from '../../src-main/core/evidence/keys.js';
import { describeDocument, publishRun } from '../../src-main/core/ledger/index.js';
import { signedDocument, startLedger, type TestLedger } from '../core/ledger/helpers.js';
import { PG_MISSING } from '../core/ledger/pg-server.js';

let t: TestLedger;
let dataDir: string;
let out: string;

async function runlog(
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '--data-dir', dataDir], {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  if (PG_MISSING) return;
  t = await startLedger();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-ledger-cli-'));
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-ledger-cli-out-'));
});
afterAll(() => {
  t?.remove();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

describe.skipIf(PG_MISSING)('runlog ledger', () => {
  it('init refuses a URL holding a password and saves nothing', async () => {
    const r = await runlog('ledger', 'init', 'postgresql://ws1:hunter2@127.0.0.1/ledger');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/never stores one in clear/);
    expect(fs.existsSync(path.join(dataDir, 'settings.json'))).toBe(false);
  });

  it('init as the owner creates the schema; init as a workstation checks it and saves the URL', async () => {
    const db = await t.server.createDatabase('fresh');
    const owner = await runlog('ledger', 'init', t.server.socketUrl('postgres', db));
    expect(owner).toMatchObject({ code: 0, stdout: expect.stringMatching(/schema 0 → 1/) });
    const ws = await runlog('ledger', 'init', t.url('ws1'));
    expect(ws).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/schema 1, up to date. Saved/),
    });
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).ledgerUrl).toBe(
      t.url('ws1'),
    );
  });

  it('history --team marks the unknown signer; verify --ledger refuses it until a steward adds the key', async () => {
    const { document, fixture } = await signedDocument(dataDir, 'cli-run-1', {
      runbookId: 'evil\u001b[2Jid',
    });
    await t.ledger('ws1').use((c) => publishRun(c, document, []));
    fixture.cleanup();
    const fingerprint = loadOrCreateKey(dataDir).fingerprint;
    const team = await runlog('history', '--team');
    expect(team.stdout).toContain(`unknown signer (${fingerprint})`);
    expect(team.stdout).toContain('evil\\x1b[2Jid');
    expect(team.stdout).not.toContain('\u001b');
    expect((await runlog('history', '--operator', 'alice')).stderr).toMatch(/add --team/);

    await runlog('ledger', 'export', '--out', out);
    const file = path.join(out, 'cli-run-1', 'evidence.json');
    const refused = await runlog('verify', file, '--ledger');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/unknown signer/);

    const asPublisher = await runlog('ledger', 'signer', 'add', fingerprint, 'my laptop');
    expect(asPublisher.code).toBe(1);
    expect(asPublisher.stderr).toMatch(/runlog_steward role; pass it with --url/);
    const added = await runlog(
      'ledger',
      'signer',
      'add',
      fingerprint,
      'my laptop',
      '--from',
      '2020-01-01',
      '--url',
      t.url('steward'),
    );
    expect(added.code).toBe(0);
    const accepted = await runlog('verify', file, '--ledger');
    expect(accepted.stdout).toMatch(/^VALID/);
    expect(accepted.code).toBe(0);
    expect((await runlog('history', '--team', '--json')).stdout).toContain(
      '"signerName": "my laptop"',
    );
  });

  it('ledger verify prints a summary and names the record a superuser changed', async () => {
    const ok = await runlog('ledger', 'verify');
    expect(ok).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^VALID — 1 record\(s\) checked: 1 valid, 0 failed/),
    });
    await t.server.sql(
      "SET session_replication_role = replica; UPDATE runlog.runs SET host = 'elsewhere' WHERE run_id = 'cli-run-1'",
      t.database,
    );
    const bad = await runlog('ledger', 'verify', '--since', '2020-01-01');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/NOT VALID — 1 record\(s\) checked/);
    expect(bad.stdout).toMatch(
      /✘ entry 1, run cli-run-1:\n\s+its host as listed differs from the signed record/,
    );
  });

  it('ledger status says what waits and why while the ledger is down', async () => {
    const { document, fixture } = await signedDocument(dataDir, 'cli-run-queued');
    fixture.cleanup();
    const { HistoryStore } = await import('../../src-main/core/history/index.js');
    const { LedgerQueue } = await import('../../src-main/core/ledger/index.js');
    const store = HistoryStore.open(path.join(dataDir, 'history.sqlite'));
    new LedgerQueue(store.database).enqueue(describeDocument(document), []);
    store.close();
    t.server.stop('fast');
    try {
      expect((await runlog('ledger', 'publish')).code).toBe(1);
      const status = await runlog('ledger', 'status', '--check');
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(/NOT reachable/);
      expect(status.stdout).toMatch(/cli-run-queued\s+waiting\s+1 .*cannot be reached/);
    } finally {
      t.server.start();
    }
    const published = await runlog('ledger', 'publish');
    expect(published).toMatchObject({ code: 0, stdout: expect.stringMatching(/Published 1 run/) });
    expect((await runlog('ledger', 'status')).stdout).toMatch(/Nothing waits/);
  });
});
