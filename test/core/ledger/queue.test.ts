/** The local queue in the history database: what waits, how long it waits, what it keeps. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src-main/core/history/index.js';
import {
  backoffMs,
  collectArtifacts,
  LedgerQueue,
  RETRY_BASE_MS,
  RETRY_MAX_MS,
} from '../../../src-main/core/ledger/queue.js';
import type { Publication } from '../../../src-main/core/ledger/publication.js';

let dir: string;
let store: HistoryStore;
let queue: LedgerQueue;

const publication = (runId: string, recordHash = 'a'.repeat(64)) =>
  ({ runId, recordHash, document: `{"run":"${runId}"}` }) as Publication;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-queue-'));
  store = HistoryStore.open(path.join(dir, 'history.sqlite'));
  queue = new LedgerQueue(store.database);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the ledger queue', () => {
  it('backs off from 5 s, doubling, to 15 minutes, with jitter of at most a fifth', () => {
    expect(backoffMs(1, () => 0.5)).toBe(RETRY_BASE_MS);
    expect(backoffMs(2, () => 0.5)).toBe(2 * RETRY_BASE_MS);
    expect(backoffMs(30, () => 0.5)).toBe(RETRY_MAX_MS);
    expect(backoffMs(1, () => 0)).toBe(0.8 * RETRY_BASE_MS);
    expect(backoffMs(1, () => 1)).toBe(1.2 * RETRY_BASE_MS);
  });

  it('keeps the first record of a run, counts failures, and waits before the next attempt', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(queue.enqueue(publication('r1'), [], now)).toBe(true);
    expect(queue.enqueue(publication('r1', 'b'.repeat(64)), [], now)).toBe(false);
    expect(queue.load('r1')!.recordHash).toBe('a'.repeat(64));
    expect(queue.due(now)).toEqual(['r1']);
    queue.failed('r1', 'the ledger cannot be reached', now);
    expect(queue.due(now)).toEqual([]);
    expect(queue.due(new Date(now.getTime() + 1.2 * RETRY_BASE_MS))).toEqual(['r1']);
    expect(queue.list()).toMatchObject([
      { runId: 'r1', attempts: 1, lastError: 'the ledger cannot be reached' },
    ]);
    queue.retryNow(now);
    expect(queue.due(now)).toEqual(['r1']);
    queue.done('r1');
    expect(queue.list()).toEqual([]);
  });

  it('survives a restart: what waits is in the history file', () => {
    queue.enqueue(publication('r2'), [
      { path: 'a.pcap', size: 3, sha256: 'c'.repeat(64), content: Buffer.from('abc') },
    ]);
    store.close();
    store = HistoryStore.open(path.join(dir, 'history.sqlite'));
    const item = new LedgerQueue(store.database).load('r2')!;
    expect(item.artifacts[0]!.content!.toString()).toBe('abc');
  });

  it('attack: an artifact path that leaves the run folder is never read', () => {
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'private');
    const folder = path.join(dir, 'run');
    fs.mkdirSync(folder);
    const refs = [
      { path: '../secret.txt', size: 7, sha256: 'd'.repeat(64) },
      { path: path.join(dir, 'secret.txt'), size: 7, sha256: 'd'.repeat(64) },
    ];
    for (const a of collectArtifacts(folder, refs, 1 << 20)) {
      expect(a.content).toBeUndefined();
      expect(a.note).toMatch(/leaves the run folder/);
    }
  });
});
