import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src-main/core/history/index.js';
import { BUSY_TIMEOUT_MS } from '../../../src-main/core/history/sqlite-open.js';
import { FIXTURES, sampleRun, tempDir } from './helpers.js';

/** Output appended this long before the kill must have reached the file. */
const DURABILITY_WINDOW_MS = 1_000;
/** How long the other process holds its lock: beyond SQLite's own busy timeout. */
const LOCK_HOLD_MS = 3_000;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function startChild(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(FIXTURES, script), ...args], {
    cwd: path.join(FIXTURES, '../../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Calls `onLine` for every stdout line; resolves with the exit code once the child has exited. */
function watch(
  child: ChildProcess,
  onLine: (line: string) => void = () => {},
): Promise<number | null> {
  let buffered = '';
  let errors = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    lines.forEach(onLine);
  });
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(errors);
      resolve(code);
    }),
  );
}

describe('several processes', () => {
  it('keeps the output of a writer killed with SIGKILL mid-stream and marks its run interrupted', async () => {
    const file = path.join(dir, 'history.sqlite');
    const child = startChild('stream-writer.ts', [file]);
    const appended: Array<{ n: number; at: number }> = [];
    let exec = 0;
    let killedAt = 0;
    const exited = watch(child, (line) => {
      const msg = JSON.parse(line) as { exec?: number; n?: number; at?: number };
      if (msg.exec !== undefined) exec = msg.exec;
      if (msg.n === undefined) return;
      appended.push({ n: msg.n, at: msg.at! });
      if (appended.length === 60 && killedAt === 0) {
        killedAt = Date.now();
        child.kill('SIGKILL');
      }
    });
    expect(await exited).toBeNull();

    const store = HistoryStore.open(file);
    try {
      const run = store.getRun('crash-run')!;
      expect(run.status).toBe('interrupted');
      expect(run.steps[0]).toMatchObject({ id: exec, status: 'interrupted' });
      expect(run.events.some((e) => e.type === 'interrupted')).toBe(true);
      const raw = Buffer.from(store.readOutput(exec).bytes).toString();
      const mustHave = appended.filter((a) => a.at <= killedAt - DURABILITY_WINDOW_MS);
      expect(mustHave.length).toBeGreaterThan(10);
      const stored = raw.split('\r\n').filter((l) => l !== '');
      // Everything stored is a prefix of what was appended, in order.
      stored.forEach((l, i) => expect(l).toBe(`piece ${String(i).padStart(6, '0')}`));
      expect(stored.length).toBeGreaterThanOrEqual(mustHave.length);
      console.log(
        `appended ${appended.length} pieces, ${stored.length} reached the file before the kill`,
      );
      expect(store.readOutputText(exec).split('\n')).toEqual(stored);
      expect(run.steps[0]!.outputBytes).toBe(Buffer.byteLength(raw));
    } finally {
      store.close();
    }
  });

  it('loses nothing when two processes record runs into one file at the same time', async () => {
    const file = path.join(dir, 'history.sqlite');
    HistoryStore.open(file).close();
    const perWriter = 200;
    const codes = await Promise.all(
      ['a', 'b'].map((prefix) =>
        watch(startChild('batch-writer.ts', [file, prefix, String(perWriter)])),
      ),
    );
    expect(codes).toEqual([0, 0]);
    const store = HistoryStore.open(file);
    try {
      expect(store.listRuns({}).total).toBe(2 * perWriter);
      for (const prefix of ['a', 'b']) {
        const { runs, total } = store.listRuns({ runbookId: prefix, limit: 1000 });
        expect(total).toBe(perWriter);
        expect(runs.every((r) => r.status === 'passed' && r.stepsDone === 1)).toBe(true);
        const sample = store.getRun(`${prefix}-0123`)!;
        expect(store.readOutputText(sample.steps[0]!.id)).toBe(
          `output of ${prefix}-0123\nsecond line of ${prefix}-0123`,
        );
      }
      expect(store.listRuns({ text: 'second line of b-0199' }).runs.map((r) => r.id)).toEqual([
        'b-0199',
      ]);
    } finally {
      store.close();
    }
  });

  it('waits for another process holding the write lock instead of failing', async () => {
    const file = path.join(dir, 'history.sqlite');
    const store = HistoryStore.open(file);
    try {
      const holder = startChild('hold-lock.ts', [file, String(LOCK_HOLD_MS)]);
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const exited = watch(holder, (line) => line === 'locked' && locked());
      await isLocked;
      const started = Date.now();
      store.createRun(sampleRun('after-lock'));
      const waited = Date.now() - started;
      console.log(`createRun waited ${waited} ms for the other process's lock`);
      // It really was blocked (the lock outlasts SQLite's own busy timeout) and then succeeded.
      expect(waited).toBeGreaterThan(BUSY_TIMEOUT_MS);
      expect(store.getRun('after-lock')).toBeDefined();
      expect(await exited).toBe(0);
    } finally {
      store.close();
    }
  });
});
