/**
 * The service with a team ledger: a runbook trusted by the team runs on a workstation that never
 * trusted it, a finished run is published on run:finish (or waits in the queue while the ledger
 * is down), and the team commands list, open, export and verify it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openService, type OpenedService } from '../../src-main/api/open-service.js';
import { updateSettings } from '../../src-main/core/settings.js';
import { addSigner, trustForTeam } from '../../src-main/core/ledger/index.js';
import { loadOrCreateKey } from '../../src-main/core/evidence/keys.js';
import { startLedger, type TestLedger } from '../core/ledger/helpers.js';
import { PG_MISSING } from '../core/ledger/pg-server.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'service-runbooks');
let dir: string;
let t: TestLedger;
let opened: OpenedService;

beforeAll(async () => {
  if (PG_MISSING) return;
  t = await startLedger();
  dir = mkdtempSync(join(tmpdir(), 'runlog-ledger-service-'));
  await updateSettings(dir, { ledgerUrl: t.url('ws1') });
  opened = await openService({ dataDir: dir, runbookDirs: [FIXTURES], transport: 'cli' });
});
afterAll(async () => {
  await opened?.close();
  t?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function finishedRun(): Promise<string> {
  const { service } = opened;
  const { runId } = await service.commands['run:start']({
    runbookId: 'service-demo',
    params: { WHO: 'team' },
  });
  expect((await service.commands['run:step']({ runId, step: 'greet' })).status).toBe('passed');
  await service.commands['run:finish']({ runId });
  return runId;
}

describe.skipIf(PG_MISSING)('the service with a team ledger', () => {
  it('a runbook version trusted by the team is trusted here, "by NAME on DATE"; another version is not', async () => {
    const { service } = opened;
    const { runbook, trusted } = await service.commands['library:get']({ id: 'service-demo' });
    expect(trusted).toBe(false);
    await expect(
      service.call('run:start', { runbookId: 'service-demo', params: {} }),
    ).rejects.toMatchObject({ code: 'untrusted' });
    await t
      .ledger('steward')
      .use((c) =>
        trustForTeam(c, { sha256: 'a'.repeat(64), runbookId: 'service-demo', title: 'old' }),
      );
    await t
      .ledger('steward')
      .use((c) =>
        trustForTeam(c, { sha256: runbook.sha256, runbookId: runbook.id, title: runbook.title }),
      );
    // A fresh service (the trust cache of the first one is a minute long).
    await opened.close();
    opened = await openService({ dataDir: dir, runbookDirs: [FIXTURES], transport: 'cli' });
    const again = await opened.service.commands['library:get']({ id: 'service-demo' });
    expect(again).toMatchObject({ trusted: true, teamTrust: { by: 'steward' } });
    const listed = (await opened.service.commands['library:list']({})).runbooks.find(
      (r) => r.id === 'service-demo',
    );
    expect(listed?.teamTrust?.by).toBe('steward');
  });

  it('publishes a finished run on run:finish; the team history lists, opens, exports and verifies it', async () => {
    const { service } = opened;
    const runId = await finishedRun();
    await service.commands['ledger:publish']({});
    const status = await service.commands['ledger:status']({ check: true });
    expect(status).toMatchObject({ configured: true, reachable: true, waiting: [] });
    const list = await service.commands['team:list']({ text: 'hello, team' });
    expect(list.runs.map((r) => r.runId)).toEqual([runId]);
    expect(list.runs[0]).toMatchObject({
      runbookId: 'service-demo',
      publishedBy: 'ws1',
      signerName: undefined,
    });
    const { run, record } = await service.commands['team:get']({ runId });
    expect(record.run.id).toBe(runId);
    // Published as exported: format /2, every attempt with its output.
    expect(record.format).toBe('runlog-evidence/2');
    const attempts = record.format === 'runlog-evidence/2' ? record.attempts : [];
    expect(attempts.find((a) => a.step === 'greet')?.output).toContain('hello, team');
    const json = await service.commands['team:export']({ runId, format: 'json' });
    expect(json.content).toBe(run.document);
    const html = await service.commands['team:export']({ runId, format: 'html' });
    expect(html).toMatchObject({ mediaType: 'text/html', encoding: 'utf8' });
    expect(html.content).toContain('<script type="application/json" id="runlog-evidence">');

    const unknown = await service.commands['team:verify']({ runId });
    expect(unknown.status).toBe('invalid');
    expect(unknown.problems.join('\n')).toMatch(/unknown signer/);
    const fingerprint = loadOrCreateKey(dir).fingerprint;
    await t
      .ledger('steward')
      .use((c) => addSigner(c, { fingerprint, name: 'this workstation', validFrom: '2020-01-01' }));
    const known = await service.commands['team:verify']({ runId });
    expect(known).toMatchObject({ status: 'valid', signer: { name: 'this workstation' } });
  });

  it('fault: with the ledger down a finished run waits in the queue and says why; it is published once the ledger is back', async () => {
    const { service } = opened;
    t.server.stop('fast');
    try {
      const runId = await finishedRun();
      await service.commands['ledger:publish']({});
      const status = await service.commands['ledger:status']({ check: true });
      expect(status.reachable).toBe(false);
      expect(status.waiting).toMatchObject([
        { runId, state: 'waiting', attempts: expect.any(Number) },
      ]);
      expect(status.waiting[0]!.lastError).toMatch(/cannot be reached/);
    } finally {
      t.server.start();
    }
    const result = await service.commands['ledger:publish']({});
    expect(result).toMatchObject({ waiting: 0 });
    expect(result.published).toHaveLength(1);
  });

  it('publishes an older finished run on request, never an open one', async () => {
    const { service } = opened;
    const { runId: open } = await service.commands['run:start']({
      runbookId: 'service-demo',
      params: {},
    });
    await expect(service.call('ledger:publish', { runIds: [open] })).rejects.toMatchObject({
      code: 'run-open',
    });
    await service.commands['run:finish']({ runId: open });
    await service.commands['ledger:publish']({ runIds: [open] });
    expect(
      (await service.commands['team:list']({})).runs.filter((r) => r.runId === open),
    ).toHaveLength(1);
  });

  it('publishes a run left open, resumed by another process and finished there, with every attempt', async () => {
    const { runId } = await opened.service.commands['run:start']({
      runbookId: 'service-demo',
      params: { WHO: 'again' },
    });
    for (let i = 0; i < 2; i++) await opened.service.commands['run:step']({ runId, step: 'greet' });
    await opened.service.commands['run:leave-open']({ runId });
    await opened.close();
    opened = await openService({ dataDir: dir, runbookDirs: [FIXTURES], transport: 'cli' });
    const { service } = opened;
    await service.commands['run:resume']({ runId });
    await service.commands['run:finish']({ runId });
    await service.commands['ledger:publish']({});
    const { record } = await service.commands['team:get']({ runId });
    expect(record.format).toBe('runlog-evidence/2');
    if (record.format !== 'runlog-evidence/2') return;
    expect(record.attempts.map((a) => [a.step, a.attempt])).toEqual([
      ['greet', 1],
      ['greet', 2],
    ]);
    // Trusted through the team ledger, and the record says so.
    expect(record.versions[0]?.trust).toBe('team');
    expect((await service.commands['team:verify']({ runId })).status).toBe('valid');
  });

  it('attack: a ledger URL with a password is refused and never written to the settings', async () => {
    const { service } = opened;
    await expect(
      service.call('settings:set-ledger-url', {
        url: 'postgresql://ws1:hunter2@db.example/ledger',
      }),
    ).rejects.toThrow(/never stores one in clear/);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('hunter2');
    const view = await service.commands['settings:set-ledger-url']({ url: null });
    expect(view.ledgerUrl).toBeNull();
    await expect(service.call('team:list', {})).rejects.toMatchObject({
      code: 'ledger-not-configured',
    });
  });
});
