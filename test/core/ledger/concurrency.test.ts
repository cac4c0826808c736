/**
 * Twenty workstations (processes) publishing fifty runs each at the same moment, plus ten runs
 * that every one of them sends: every run is in the ledger exactly once, numbered 1…N without a
 * gap, and the chain holds.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLedger } from '../../../src-main/core/ledger/index.js';
import { signedDocument, startLedger, workstation, type TestLedger } from './helpers.js';
import { PG_MISSING } from './pg-server.js';

const WORKERS = 20;
const RUNS_EACH = 50;
const SHARED = 10;
/** Time for every worker to start and prepare before they publish together. */
const START_DELAY_MS = 25_000;
const WORKER = path.join(
  import.meta.dirname,
  '..',
  '..',
  'fixtures',
  'ledger',
  'publish-worker.ts',
);

let t: TestLedger;
let shared: ReturnType<typeof workstation>;

beforeAll(async () => {
  if (PG_MISSING) return;
  t = await startLedger();
  shared = workstation();
});
afterAll(() => {
  t?.remove();
  shared?.cleanup();
});

function worker(
  name: string,
  startAt: number,
  sharedFile: string,
): Promise<{ fingerprint: string; published: number; already: number; failed: unknown[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        WORKER,
        t.url(name === 'w0' ? 'ws2' : 'ws1'),
        name,
        String(RUNS_EACH),
        String(startAt),
        sharedFile,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${name} exited ${code}: ${err}`)),
    );
  });
}

describe.skipIf(PG_MISSING)('many workstations publishing at once', () => {
  it(`${WORKERS} processes × ${RUNS_EACH} runs, and ${SHARED} runs all of them send: each exactly once`, async () => {
    const docs: string[] = [];
    for (let i = 0; i < SHARED; i++) {
      const { document, fixture } = await signedDocument(shared.dataDir, `shared-run-${i}`);
      docs.push(document);
      fixture.cleanup();
    }
    const sharedFile = path.join(shared.dataDir, 'shared.json');
    fs.writeFileSync(sharedFile, JSON.stringify(docs));
    const startAt = Date.now() + START_DELAY_MS;
    const results = await Promise.all(
      Array.from({ length: WORKERS }, (_, i) => worker(`w${i}`, startAt, sharedFile)),
    );
    for (const r of results) expect(r.failed).toEqual([]);
    const sent = results.reduce((n, r) => n + r.published + r.already, 0);
    expect(sent).toBe(WORKERS * (RUNS_EACH + SHARED));
    expect(results.reduce((n, r) => n + r.published, 0)).toBe(WORKERS * RUNS_EACH + SHARED);

    const [counts] = (
      await t.server.sql(
        'SELECT count(*)::int AS n, count(DISTINCT run_id)::int AS runs, min(seq)::int AS lo, max(seq)::int AS hi FROM runlog.runs',
        t.database,
      )
    ).rows;
    const total = WORKERS * RUNS_EACH + SHARED;
    expect(counts).toEqual({ n: total, runs: total, lo: 1, hi: total });
    // They did publish at the same time: in ledger order the workers' runs interleave.
    const order = (
      await t.server.sql('SELECT run_id FROM runlog.runs ORDER BY seq', t.database)
    ).rows.map((r) => String(r.run_id).split('-run-')[0]);
    const switches = order.filter((w, i) => i > 0 && w !== order[i - 1]).length;
    expect(switches).toBeGreaterThan(WORKERS * 2);
    const signers = [shared.fingerprint, ...results.map((r) => r.fingerprint)].map(
      (fingerprint) => ({ fingerprint, name: fingerprint }),
    );
    const audit = await t.ledger('ws1').use((c) => auditLedger(c, signers));
    expect(audit).toMatchObject({ checked: total, valid: total, failures: [] });
  }, 240_000);
});
