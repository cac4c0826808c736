// @vitest-environment happy-dom
/**
 * The team history's controller against an in-memory service: pages follow the ledger's cursor
 * forward and come back, new filters start again at the first page, and each failure shows the
 * operator why there is no list (no ledger; ledger unreachable, with the local queue; a filter
 * refused). An answer that arrives after a newer request is dropped.
 */
import { describe, expect, it } from 'vitest';
import type { ReactiveController } from 'lit';
import { ClientError } from '../../../src-renderer/api/client.js';
import { TeamHistory } from '../../../src-renderer/history/team-history.js';
import { NO_TEAM_FILTER } from '../../../src-renderer/history/team-filter.js';
import type { TeamRunSummary } from '../../../src-main/core/ledger/index.js';
import { FakeClient } from '../fake-client.js';

class Host {
  controllers: ReactiveController[] = [];
  updates = 0;
  addController(c: ReactiveController): void {
    this.controllers.push(c);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates += 1;
  }
  readonly updateComplete = Promise.resolve(true);
}

function summary(runId: string): TeamRunSummary {
  return {
    seq: 1,
    runId,
    recordHash: 'h',
    runbookId: 'rb',
    runbookTitle: 'Runbook',
    runbookSha256: 's',
    operator: 'alice',
    host: 'ws-a',
    status: 'passed',
    startedAt: '2026-03-01T08:00:00.000Z',
    signedAt: '2026-03-01T08:10:00.000Z',
    signerFingerprint: 'SHA256:x',
    publishedBy: 'ws1',
    publishedAt: '2026-03-01T08:11:00.000Z',
  };
}

/** A ledger of three pages: p1 → cursor c1 → p2 → cursor c2 → p3. */
function pagedClient(): FakeClient {
  const pages: Record<string, { runs: TeamRunSummary[]; next?: string }> = {
    '': { runs: [summary('p1')], next: 'c1' },
    c1: { runs: [summary('p2')], next: 'c2' },
    c2: { runs: [summary('p3')] },
  };
  return new FakeClient().handle('team:list', (req) => pages[req.after ?? '']!);
}

function controller(client: FakeClient): TeamHistory {
  const history = new TeamHistory(new Host() as never);
  history.client = client;
  return history;
}

describe('TeamHistory', () => {
  it('follows the cursor to older pages and back to newer ones', async () => {
    const client = pagedClient();
    const h = controller(client);
    await h.setFilter({ ...NO_TEAM_FILTER });
    expect(h.runs.map((r) => r.runId)).toEqual(['p1']);
    await h.older();
    await h.older();
    expect([h.page, h.runs[0]?.runId, h.next]).toEqual([2, 'p3', undefined]);
    await h.older();
    expect(h.page).toBe(2);
    await h.newer();
    expect([h.page, h.runs[0]?.runId]).toEqual([1, 'p2']);
    await h.newer();
    await h.newer();
    expect([h.page, h.runs[0]?.runId]).toEqual([0, 'p1']);
    expect(client.requests('team:list').map((r) => r.after)).toEqual([
      undefined,
      'c1',
      'c2',
      'c1',
      undefined,
    ]);
  });

  it('starts again at the first page when the filters change, sending them', async () => {
    const client = pagedClient();
    const h = controller(client);
    await h.setFilter({ ...NO_TEAM_FILTER });
    await h.older();
    await h.setFilter({ ...NO_TEAM_FILTER, operator: 'bob' });
    expect(h.page).toBe(0);
    expect(client.requests('team:list').at(-1)).toEqual({ limit: 50, operator: 'bob' });
  });

  it('says no ledger is set, or that it cannot be reached with what waits, or that a filter was refused', async () => {
    const client = new FakeClient()
      .handle('team:list', () => {
        throw new ClientError('ledger-not-configured', 'No team ledger is set');
      })
      .handle('ledger:status', () => ({ configured: true, waiting: [] }));
    const h = controller(client);
    await h.load();
    expect(h.state).toBe('not-configured');
    expect(client.requests('ledger:status')).toHaveLength(0);

    client.handle('team:list', () => {
      throw new ClientError('ledger-unreachable', 'the ledger db:5432 cannot be reached');
    });
    await h.load();
    expect([h.state, h.message]).toEqual(['unreachable', 'the ledger db:5432 cannot be reached']);
    expect(h.waiting).toEqual({ configured: true, waiting: [] });

    client.handle('team:list', () => {
      throw new ClientError('ledger-schema', 'the ledger has schema 9, newer than this Runlog');
    });
    await h.load();
    expect(h.state).toBe('unreachable');

    client.handle('team:list', () => {
      throw new ClientError('bad-request', 'from: "x" is not a date');
    });
    await h.load();
    expect([h.state, h.runs]).toEqual(['refused', []]);
  });

  it('drops an answer that arrives after a newer request', async () => {
    let release: (v: { runs: TeamRunSummary[] }) => void = () => {};
    const client = new FakeClient().handle('team:list', (req) =>
      req.operator === 'slow'
        ? new Promise((resolve) => (release = resolve))
        : { runs: [summary('fresh')] },
    );
    const h = controller(client);
    const slow = h.setFilter({ ...NO_TEAM_FILTER, operator: 'slow' });
    await h.setFilter({ ...NO_TEAM_FILTER, operator: 'fast' });
    release({ runs: [summary('stale')] });
    await slow;
    expect(h.runs.map((r) => r.runId)).toEqual(['fresh']);
    expect(h.state).toBe('ready');
  });
});
