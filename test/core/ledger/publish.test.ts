/**
 * Publishing into a real PostgreSQL: the record exactly as exported, artifacts by content or by
 * hash, idempotence, conflicts, and the local queue through a server that dies mid-publish.
 */
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src-main/core/history/index.js';
import {
  auditLedger,
  collectArtifacts,
  describeDocument,
  LedgerConflictError,
  LedgerPublisher,
  LedgerQueue,
  publishRun,
} from '../../../src-main/core/ledger/index.js';
import { SECRET_VALUE } from '../evidence/helpers.js';
import { signedDocument, startLedger, workstation, type TestLedger } from './helpers.js';
import { PG_MISSING } from './pg-server.js';

let t: TestLedger;
let ws: ReturnType<typeof workstation>;
let store: HistoryStore;

beforeAll(async () => {
  if (PG_MISSING) return;
  t = await startLedger();
  ws = workstation();
  store = HistoryStore.open(path.join(ws.dataDir, 'history.sqlite'));
});
afterAll(() => {
  store?.close();
  t?.remove();
  ws?.cleanup();
});

async function rows(sql: string, values: unknown[] = []): Promise<any[]> {
  const c = await t.server.client('postgres', t.database);
  try {
    return (await c.query(sql, values)).rows;
  } finally {
    await c.end();
  }
}

/** A queued run: its document exported now, its artifacts read from its folder. */
async function queued(queue: LedgerQueue, runId: string, artifactBytes?: Buffer) {
  const { document, fixture } = await signedDocument(ws.dataDir, runId);
  if (artifactBytes) fs.writeFileSync(fixture.artifactFile, artifactBytes);
  const p = describeDocument(document);
  queue.enqueue(p, collectArtifacts(fixture.runFolder, p.artifacts, 16 << 20));
  fixture.cleanup(); // the run folder may go: the queue holds what is published
  return p;
}

describe.skipIf(PG_MISSING)('publishing runs', () => {
  it('stores the record exactly as exported, with its artifact, once however often it is sent', async () => {
    const { document, fixture } = await signedDocument(ws.dataDir, 'run-exact');
    const p = describeDocument(document);
    const artifacts = collectArtifacts(fixture.runFolder, p.artifacts, 1 << 20);
    expect(artifacts[0]).toMatchObject({ path: 'capture/eth0.pcap' });
    const ledger = t.ledger('ws1');
    expect(await ledger.use((c) => publishRun(c, document, artifacts))).toMatchObject({
      state: 'published',
    });
    expect(await ledger.use((c) => publishRun(c, document, artifacts))).toMatchObject({
      state: 'already',
    });
    expect(await t.ledger('ws2').use((c) => publishRun(c, document, artifacts))).toMatchObject({
      state: 'already',
    });
    const [run] = await rows('SELECT * FROM runlog.runs WHERE run_id = $1', ['run-exact']);
    expect(run.document).toBe(document);
    expect(run).toMatchObject({
      record_hash: p.recordHash,
      runbook_id: 'capture-traffic',
      operator: 'alice',
      host: 'ops-ws-07',
      status: 'failed',
      signer_fingerprint: ws.fingerprint,
      published_by: 'ws1',
    });
    expect(run.search_text).toContain('42 packets captured');
    expect(`${run.search_text}${run.document}`).not.toContain(SECRET_VALUE);
    const [blob] = await rows(
      `SELECT b.content FROM runlog.artifacts a JOIN runlog.blobs b USING (sha256) WHERE a.run_id = 'run-exact'`,
    );
    expect(Buffer.compare(blob.content, fs.readFileSync(fixture.artifactFile))).toBe(0);
    fixture.cleanup();
  });

  it('publishes an artifact by its hash only when it is over the limit, gone, or changed since the run', async () => {
    const { document, fixture } = await signedDocument(ws.dataDir, 'run-hash-only');
    const p = describeDocument(document);
    expect(collectArtifacts(fixture.runFolder, p.artifacts, 4)[0]!.note).toMatch(
      /larger than 4 bytes/,
    );
    fs.appendFileSync(fixture.artifactFile, 'edited later');
    const changed = collectArtifacts(fixture.runFolder, p.artifacts, 1 << 20);
    expect(changed[0]).toMatchObject({ note: 'file changed since the run; hash only' });
    expect(changed[0]!.content).toBeUndefined();
    fs.rmSync(fixture.artifactFile);
    expect(collectArtifacts(fixture.runFolder, p.artifacts, 1 << 20)[0]!.note).toMatch(/not found/);
    await t.ledger('ws1').use((c) => publishRun(c, document, changed));
    expect(
      await rows(`SELECT stored FROM runlog.artifacts WHERE run_id = 'run-hash-only'`),
    ).toEqual([{ stored: false }]);
    fixture.cleanup();
  });

  it('attack: another record under a published run id is a conflict, never a replacement', async () => {
    const first = await signedDocument(ws.dataDir, 'run-twice');
    await t.ledger('ws1').use((c) => publishRun(c, first.document, []));
    const second = await signedDocument(ws.dataDir, 'run-twice', { status: 'passed' });
    const err = await t
      .ledger('ws1')
      .use((c) => publishRun(c, second.document, []))
      .catch((e) => e);
    expect(err).toBeInstanceOf(LedgerConflictError);
    expect(await rows(`SELECT status FROM runlog.runs WHERE run_id = 'run-twice'`)).toEqual([
      { status: 'failed' },
    ]);
    const queue = new LedgerQueue(store.database);
    queue.enqueue(describeDocument(second.document), []);
    const publisher = new LedgerPublisher({ queue, connect: () => t.ledger('ws1').connect() });
    const result = await publisher.drain();
    expect(result.failed[0]!.error).toMatch(/already holds run run-twice/);
    expect(queue.list()).toMatchObject([{ runId: 'run-twice', state: 'conflict' }]);
    expect(queue.due()).toEqual([]); // not retried
    first.fixture.cleanup();
    second.fixture.cleanup();
    store.database.exec('DELETE FROM ledger_queue');
  });

  it('fault: the server stopped mid-publish, then started → the queue drains, nothing lost or doubled', async () => {
    const queue = new LedgerQueue(store.database);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = `run-fault-${String(i).padStart(2, '0')}`;
      ids.push(id);
      await queued(queue, id, Buffer.from(`capture ${i} `.repeat(5000)));
    }
    // Stop the server (immediate: like a crash) inside the transaction of the 5th run, after its
    // row went in and before its commit.
    let inserts = 0;
    const connect = async (): Promise<pg.Client> => {
      const client = await t.ledger('ws1').connect();
      const query = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
      (client as unknown as { query: unknown }).query = async (...args: unknown[]) => {
        const result = await query(...args);
        if (String(args[0]).startsWith('INSERT INTO runlog.runs') && ++inserts === 5)
          t.server.stop('immediate');
        return result;
      };
      return client;
    };
    const publisher = new LedgerPublisher({ queue, connect });
    const first = await publisher.drain();
    expect(first.published).toEqual(ids.slice(0, 4));
    expect(first.failed.map((f) => f.runId)).toEqual([ids[4]]);
    expect(queue.list().map((e) => e.runId)).toEqual(ids.slice(4));
    expect(queue.list()[0]).toMatchObject({ attempts: 1, state: 'waiting' });

    // While the server is down, a drain fails to connect and backs off; nothing is dropped.
    queue.retryNow();
    const down = await new LedgerPublisher({
      queue,
      connect: () => t.ledger('ws1').connect(),
    }).drain();
    expect(down.published).toEqual([]);
    expect(down.failed[0]!.error).toMatch(/cannot be reached/);
    expect(queue.due()).toEqual([]); // backing off
    expect(queue.list()).toHaveLength(8);

    t.server.start();
    queue.retryNow();
    const after = await new LedgerPublisher({
      queue,
      connect: () => t.ledger('ws1').connect(),
    }).drain();
    expect(after.published).toEqual(ids.slice(4));
    expect(queue.list()).toEqual([]);
    const published = await rows(
      `SELECT run_id, count(*)::int AS n FROM runlog.runs WHERE run_id LIKE 'run-fault-%' GROUP BY run_id ORDER BY run_id`,
    );
    expect(published).toEqual(ids.map((run_id) => ({ run_id, n: 1 })));
    const blobs = await rows(
      `SELECT count(*)::int AS n FROM runlog.artifacts a JOIN runlog.blobs b USING (sha256) WHERE a.run_id LIKE 'run-fault-%'`,
    );
    expect(blobs).toEqual([{ n: 12 }]);

    // An answer lost after the commit: the same run sent again is recognised, not doubled.
    await queued(queue, 'run-fault-lost-ack');
    const item = queue.load('run-fault-lost-ack')!;
    await t.ledger('ws1').use((c) => publishRun(c, item.document, item.artifacts));
    const again = await new LedgerPublisher({
      queue,
      connect: () => t.ledger('ws1').connect(),
    }).drain();
    expect(again).toMatchObject({ published: [], already: ['run-fault-lost-ack'], waiting: 0 });

    const audit = await t
      .ledger('postgres')
      .use((c) => auditLedger(c, [{ fingerprint: ws.fingerprint, name: 'ws' }]));
    expect(audit.failures).toEqual([]);
    expect(audit.head!.seq).toBe(audit.checked);
  });
});
