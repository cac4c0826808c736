import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src-main/core/history/index.js';
import { sampleRun, sleep, tempDir, utf8 } from './helpers.js';

let dir: string;
let cleanup: () => void;
let store: HistoryStore;
let file: string;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  file = path.join(dir, 'history.sqlite');
  store = HistoryStore.open(file);
});
afterEach(() => {
  store.close();
  cleanup();
});

/** Records a run whose 'check' step printed `output` and ended with `status`. */
function recordRun(
  id: string,
  output: string,
  status: 'passed' | 'failed' = 'passed',
  startedAt?: string,
): number {
  store.createRun(sampleRun(id, startedAt ? { startedAt } : {}));
  const exec = store.stepStarted(id, {
    name: 'check',
    kind: 'command',
    text: 'ip link',
    startedAt: '2025-01-01T10:00:01Z',
  });
  store.appendOutput(exec, utf8(output));
  store.stepEnded(exec, {
    status,
    exitCode: status === 'passed' ? 0 : 1,
    endedAt: '2025-01-01T10:00:02Z',
    artifacts: [],
  });
  store.finishRun(id, status === 'passed' ? 'incomplete' : 'failed', '2025-01-01T10:00:03Z');
  return exec;
}

describe('recording a run', () => {
  it('merges every planned step with its latest execution, in runbook order', () => {
    store.createRun(sampleRun('r1'));
    const first = store.stepStarted('r1', {
      name: 'capture',
      kind: 'command',
      text: 'tcpdump',
      startedAt: '2025-01-01T10:00:01Z',
    });
    store.stepEnded(first, {
      status: 'failed',
      exitCode: 1,
      endedAt: '2025-01-01T10:00:02Z',
      artifacts: [],
    });
    const retry = store.stepStarted('r1', {
      name: 'capture',
      kind: 'command',
      text: 'tcpdump',
      startedAt: '2025-01-01T10:00:05Z',
    });
    store.appendOutput(retry, utf8('captured 3 packets\r\n'));
    store.stepEnded(retry, {
      status: 'passed',
      exitCode: 0,
      endedAt: '2025-01-01T10:00:09Z',
      artifacts: [{ path: 'capture.pcap', size: 24, sha256: 'b'.repeat(64) }],
    });
    const attestation = store.attest(
      'r1',
      { name: 'confirm-link', kind: 'checklist', text: 'Is the link up?' },
      {
        done: true,
        note: 'yes, 1G',
        device: 'sw-core-1',
        at: '2025-01-01T10:00:10Z',
      },
    );
    store.event('r1', { at: '2025-01-01T10:00:11Z', type: 'run-finished' });
    store.finishRun('r1', 'incomplete', '2025-01-01T10:00:11Z');

    const run = store.getRun('r1')!;
    expect(run.steps.map((s) => s.stepName)).toEqual([
      'check',
      'capture',
      'mac-only',
      'intro',
      'confirm-link',
    ]);
    expect(run.steps[0]).toMatchObject({ id: 0, status: 'pending', outputBytes: 0 });
    expect(run.steps[1]).toMatchObject({
      id: retry,
      status: 'passed',
      exitCode: 0,
      outputBytes: 20,
      outputSha256: createHash('sha256').update('captured 3 packets\r\n').digest('hex'),
      artifacts: [{ path: 'capture.pcap', size: 24, sha256: 'b'.repeat(64) }],
    });
    expect(run.steps[2]).toMatchObject({ id: 0, status: 'not-applicable', reason: 'darwin only' });
    expect(run.steps[4]).toMatchObject({
      id: attestation,
      status: 'done',
      attestation: { done: true, note: 'yes, 1G', device: 'sw-core-1' },
    });
    expect(run.status).toBe('incomplete');
    expect(run.runbookSource).toContain('tcpdump');
    expect(run.events.map((e) => e.type)).toEqual(['run-finished']);
    expect(run.params).toEqual({ IFACE: 'eth0' });
    // check is pending, capture passed, confirm-link done; mac-only and the display step do not count.
    expect(run.stepsApplicable).toBe(3);
    expect(run.stepsDone).toBe(2);
    expect(store.getExecutions('r1', 'capture').map((e) => e.status)).toEqual(['failed', 'passed']);
  });

  it('stores one copy of a runbook source seen by many runs', () => {
    recordRun('r1', 'a');
    recordRun('r2', 'b');
    const db = store.database;
    expect((db.prepare('SELECT count(*) AS n FROM runbook_sources').get() as { n: number }).n).toBe(
      1,
    );
    expect(store.runbookSource('a'.repeat(64))).toContain('tcpdump');
    expect(store.runbookSource('c'.repeat(64))).toBeUndefined();
  });

  it('refuses a second run with the same id, naming it', () => {
    recordRun('r1', 'a');
    expect(() => store.createRun(sampleRun('r1'))).toThrow(/"r1" is already in the history/);
    expect(store.listRuns({}).total).toBe(1);
  });

  it('writes streamed output to the file within a second, before the step ends', async () => {
    store.createRun(sampleRun('r1'));
    const exec = store.stepStarted('r1', {
      name: 'check',
      kind: 'command',
      text: 'x',
      startedAt: 'now',
    });
    store.appendOutput(exec, utf8('first part\r\n'));
    await sleep(800);
    const other = new Database(file, { readonly: true });
    try {
      const row = other.prepare('SELECT output_bytes FROM executions WHERE id = ?').get(exec) as {
        output_bytes: number;
      };
      expect(row.output_bytes).toBe(12);
      const chunk = other
        .prepare('SELECT bytes FROM output_chunks WHERE execution_id = ?')
        .get(exec) as { bytes: Buffer };
      expect(chunk.bytes.toString()).toBe('first part\r\n');
    } finally {
      other.close();
    }
    expect(store.readOutputText(exec)).toBe('first part');
  });

  it('keeps the raw bytes of a large output complete and in order', () => {
    store.createRun(sampleRun('r1'));
    const exec = store.stepStarted('r1', {
      name: 'check',
      kind: 'command',
      text: 'x',
      startedAt: 'now',
    });
    const hash = createHash('sha256');
    let total = 0;
    for (let i = 0; i < 400; i++) {
      const piece = utf8(`${String(i).padStart(5, '0')} ${'z'.repeat(4000)}\r\n`);
      hash.update(piece);
      total += piece.length;
      store.appendOutput(exec, piece);
    }
    store.stepEnded(exec, { status: 'passed', exitCode: 0, endedAt: 'now', artifacts: [] });
    const whole = store.readOutput(exec);
    expect(whole.total).toBe(total);
    expect(createHash('sha256').update(whole.bytes).digest('hex')).toBe(
      store.getRun('r1')!.steps[0]!.outputSha256,
    );
    expect(hash.digest('hex')).toBe(store.getRun('r1')!.steps[0]!.outputSha256);
  });
});

describe('queries', () => {
  it('pages runs newest first with the total of all matches', () => {
    for (let i = 0; i < 25; i++) {
      recordRun(
        `run-${String(i).padStart(2, '0')}`,
        `out ${i}`,
        'passed',
        `2025-01-01T10:${String(i).padStart(2, '0')}:00.000Z`,
      );
    }
    const page1 = store.listRuns({ limit: 10 });
    expect(page1.total).toBe(25);
    expect(page1.runs.map((r) => r.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `run-${24 - i}`),
    );
    const page3 = store.listRuns({ limit: 10, offset: 20 });
    expect(page3.runs.map((r) => r.id)).toEqual(['run-04', 'run-03', 'run-02', 'run-01', 'run-00']);
  });

  it('filters by runbook id and by status', () => {
    recordRun('r1', 'a', 'passed');
    recordRun('r2', 'b', 'failed');
    store.createRun(
      sampleRun('r3', {
        runbookId: 'bogons',
        runbookTitle: 'Bogon ACL',
        runbookSha256: 'd'.repeat(64),
      }),
    );
    expect(store.listRuns({ runbookId: 'bogons' }).runs.map((r) => r.id)).toEqual(['r3']);
    expect(store.listRuns({ status: 'failed' }).runs.map((r) => r.id)).toEqual(['r2']);
    expect(store.listRuns({ runbookId: 'capture', status: 'open' }).total).toBe(0);
  });

  it('finds runs by output text, params, operator, title and run id', () => {
    recordRun('r1', '\x1b[32meth0: link is UP\x1b[0m\r\n');
    recordRun('r2', 'permission denied\r\n');
    store.createRun(
      sampleRun('r3', {
        params: { IFACE: 'wlan7' },
        context: { ...sampleRun('x').context, operator: 'bob' },
      }),
    );
    const ids = (text: string): string[] =>
      store
        .listRuns({ text })
        .runs.map((r) => r.id)
        .sort();
    expect(ids('link is UP')).toEqual(['r1']);
    expect(ids('DENIED')).toEqual(['r2']);
    expect(ids('wlan7')).toEqual(['r3']);
    expect(ids('bob')).toEqual(['r3']);
    expect(ids('Packet capture')).toEqual(['r1', 'r2', 'r3']);
    expect(ids('r2')).toEqual(['r2']);
    expect(ids('nowhere-to-be-found')).toEqual([]);
    // Every word must occur in the run, not necessarily together.
    expect(ids('denied alice')).toEqual(['r2']);
    // Search syntax in the text is taken literally.
    expect(ids('"eth0: link')).toEqual([]);
    expect(ids('eth0: OR x')).toEqual([]);
    expect(ids('50%')).toEqual([]);
  });

  it('reads raw output by byte range', () => {
    const exec = recordRun('r1', '0123456789abcdef');
    expect(Buffer.from(store.readOutput(exec, 4, 6).bytes).toString()).toBe('456789');
    expect(store.readOutput(exec, 10).bytes.length).toBe(6);
    expect(store.readOutput(exec, 100, 5)).toEqual({ bytes: new Uint8Array(0), total: 16 });
    expect(store.readOutput(99999).total).toBe(0);
  });

  it('reads a byte range that spans stored chunks', () => {
    store.createRun(sampleRun('r1'));
    const exec = store.stepStarted('r1', {
      name: 'check',
      kind: 'command',
      text: 'x',
      startedAt: 'now',
    });
    const all = new Uint8Array(700 * 1024).map((_, i) => i % 251);
    store.appendOutput(exec, all);
    store.stepEnded(exec, { status: 'passed', endedAt: 'now', artifacts: [] });
    const chunks = store.database
      .prepare('SELECT count(*) AS n FROM output_chunks WHERE execution_id = ?')
      .get(exec) as { n: number };
    expect(chunks.n).toBeGreaterThan(2);
    const { bytes } = store.readOutput(exec, 250_000, 300_000);
    expect(Buffer.from(bytes).equals(Buffer.from(all.subarray(250_000, 550_000)))).toBe(true);
  });

  it('deletes a run and everything recorded about it, and nothing else', () => {
    const gone = recordRun('r1', 'secret output here');
    recordRun('r2', 'other output');
    expect(store.deleteRun('r1')).toBe(true);
    expect(store.deleteRun('r1')).toBe(false);
    expect(store.getRun('r1')).toBeUndefined();
    expect(store.readOutput(gone).total).toBe(0);
    expect(store.listRuns({ text: 'secret' }).total).toBe(0);
    const db = store.database;
    for (const table of [
      'executions',
      'output_chunks',
      'output_text',
      'planned_steps',
      'search_docs',
    ]) {
      const n = (
        db
          .prepare(
            `SELECT count(*) AS n FROM ${table} WHERE ${table === 'output_chunks' || table === 'output_text' ? 'execution_id = ' + gone : "run_id = 'r1'"}`,
          )
          .get() as { n: number }
      ).n;
      expect(n, table).toBe(0);
    }
    expect(store.getRun('r2')).toBeDefined();
    expect(store.listRuns({ text: 'other output' }).total).toBe(1);
  });

  it('ignores output of a step whose run was deleted while it streamed', () => {
    store.createRun(sampleRun('r1'));
    const exec = store.stepStarted('r1', {
      name: 'check',
      kind: 'command',
      text: 'x',
      startedAt: 'now',
    });
    store.appendOutput(exec, utf8('before'));
    expect(store.deleteRun('r1')).toBe(true);
    expect(() => store.appendOutput(exec, utf8('after'))).not.toThrow();
    expect(() =>
      store.stepEnded(exec, { status: 'passed', endedAt: 'now', artifacts: [] }),
    ).not.toThrow();
    expect(() => store.flush()).not.toThrow();
  });

  it('pins trust to the exact content of a runbook file', () => {
    expect(store.isTrusted('/rb/a.md', '1'.repeat(64))).toBe(false);
    store.trustRunbook('/rb/a.md', '1'.repeat(64));
    expect(store.isTrusted('/rb/a.md', '1'.repeat(64))).toBe(true);
    expect(store.isTrusted('/rb/a.md', '2'.repeat(64))).toBe(false);
    expect(store.isTrusted('/rb/b.md', '1'.repeat(64))).toBe(false);
  });
});

describe('interrupted runs', () => {
  it('interrupts the open runs of a dead owner token and keeps their output', () => {
    store.createRun(sampleRun('r1'));
    const exec = store.stepStarted('r1', {
      name: 'check',
      kind: 'command',
      text: 'x',
      startedAt: '2025-01-01T10:00:01Z',
    });
    store.appendOutput(exec, utf8('partial\r\n'));
    store.flush();
    const token = store.ownerToken;
    const reader = HistoryStore.open(file);
    try {
      // The writer's process is alive: its run is left alone.
      expect(reader.getRun('r1')!.status).toBe('open');
      expect(reader.recoverInterrupted(token)).toEqual(['r1']);
      const run = reader.getRun('r1')!;
      expect(run.status).toBe('interrupted');
      expect(run.steps[0]).toMatchObject({ id: exec, status: 'interrupted', outputBytes: 9 });
      expect(run.steps[0]!.outputSha256).toBe(
        createHash('sha256').update('partial\r\n').digest('hex'),
      );
      expect(run.events.map((e) => e.type)).toContain('interrupted');
      expect(reader.readOutputText(exec)).toBe('partial');
      expect(reader.listRuns({ text: 'partial' }).total).toBe(1);
    } finally {
      reader.close();
    }
  });

  it('interrupts at open the runs of a process that no longer exists', () => {
    store.createRun(sampleRun('r1'));
    store.close();
    const db = new Database(file);
    // A pid far above any pid_max: certainly not a running process.
    db.prepare('UPDATE runs SET owner_pid = 99999999').run();
    db.close();
    store = HistoryStore.open(file);
    expect(store.getRun('r1')!.status).toBe('interrupted');
  });

  it('leaves alone runs held by a live process on another host', () => {
    store.createRun(sampleRun('r1'));
    store.close();
    const db = new Database(file);
    db.prepare(`UPDATE runs SET owner_pid = 99999999, owner_host = 'elsewhere'`).run();
    db.close();
    store = HistoryStore.open(file);
    expect(store.getRun('r1')!.status).toBe('open');
  });
});
