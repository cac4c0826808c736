import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HistoryStore,
  MIGRATIONS,
  NewerSchemaError,
  SCHEMA_VERSION,
  applyMigrations,
} from '../../../src-main/core/history/index.js';
import { LedgerQueue } from '../../../src-main/core/ledger/queue.js';
import type { Publication } from '../../../src-main/core/ledger/publication.js';
import { FIXTURES, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** Rows as a Runlog at schema `version` would have written them. */
function insertRowsAt(db: Database.Database, version: number): void {
  if (version >= 1) {
    db.exec(`
      INSERT INTO runbook_sources VALUES ('${'a'.repeat(64)}', '# Old runbook');
      INSERT INTO runbook_versions (id, path, runbook_id, title, sha256, first_seen)
        VALUES (1, '/rb/old.md', 'old', 'Old runbook', '${'a'.repeat(64)}', '2024-01-01T00:00:00Z');
      INSERT INTO runs (id, runbook_version_id, status, started_at, ended_at, operator, hostname,
        platform, os_release, arch, app_version, params_json, folder, owner_host, owner_pid,
        owner_token, owner_boot) VALUES ('old-run', 1, 'passed', '2024-01-01T00:00:00Z',
        '2024-01-01T00:01:00Z', 'carol', 'h', 'linux', '6.1', 'x64', '0.0.9', '{"HOST":"db01"}',
        '/runs/old-run', 'h', 1, 'tok', 'boot');
      INSERT INTO planned_steps (run_id, position, name, kind, text, status, reason)
        VALUES ('old-run', 0, 'ping', 'command', 'ping -c1 "$HOST"', 'pending', NULL);
      INSERT INTO executions (id, run_id, step_name, kind, text, status, exit_code, started_at, ended_at,
        output_bytes, output_sha256) VALUES (7, 'old-run', 'ping', 'command', 'ping -c1 "$HOST"', 'passed', 0,
        '2024-01-01T00:00:01Z', '2024-01-01T00:00:02Z', 17, 'x');
      INSERT INTO output_chunks VALUES (7, 0, CAST('1 packets received' AS BLOB));
      INSERT INTO output_text VALUES (7, '1 packets received', 0);
      INSERT INTO events (run_id, at, type) VALUES ('old-run', '2024-01-01T00:01:00Z', 'run-finished');
    `);
  }
  if (version >= 2) {
    db.exec(
      `INSERT INTO trusted_runbooks VALUES ('/rb/old.md', '${'a'.repeat(64)}', '2024-01-01T00:00:00Z')`,
    );
  }
  if (version >= 3) {
    // A Runlog at schema 3 indexes what it records as it goes.
    db.exec(`
      INSERT INTO search_docs (doc, run_id, execution_id) VALUES (1, 'old-run', NULL), (2, 'old-run', 7);
      INSERT INTO search_fts (rowid, body) VALUES (1, 'old-run old Old runbook carol HOST=db01'),
        (2, '1 packets received');
    `);
  }
  if (version >= 4) {
    // A Runlog at schema 4 numbers each attempt and names the runbook version it ran.
    db.exec(`
      UPDATE executions SET attempt = 1, runbook_sha256 = '${'a'.repeat(64)}' WHERE id = 7;
      INSERT INTO run_versions (run_id, position, sha256, accepted_at)
        VALUES ('old-run', 0, '${'a'.repeat(64)}', '2024-01-01T00:00:00Z');
    `);
  }
}

describe('migrations', () => {
  it('numbers migrations 1, 2, 3… without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('creates the latest schema in an empty file', () => {
    const file = path.join(dir, 'new.sqlite');
    const store = HistoryStore.open(file);
    store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  // Every version a released file can be at: the empty file, then each migration but the last.
  for (const from of [0, ...MIGRATIONS.slice(0, -1).map((m) => m.version)]) {
    it(`upgrades a file at version ${from} keeping its data`, () => {
      const file = path.join(dir, `v${from}.sqlite`);
      const db = new Database(file);
      applyMigrations(db, from);
      expect(db.pragma('user_version', { simple: true })).toBe(from);
      insertRowsAt(db, from);
      db.close();

      const store = HistoryStore.open(file);
      try {
        if (from === 0) {
          expect(store.listRuns({}).total).toBe(0);
          return;
        }
        const run = store.getRun('old-run')!;
        expect(run).toMatchObject({ status: 'passed', runbookId: 'old', params: { HOST: 'db01' } });
        expect(run.steps[0]).toMatchObject({ id: 7, status: 'passed', exitCode: 0 });
        expect(Buffer.from(store.readOutput(7).bytes.subarray(0, 9)).toString()).toBe('1 packets');
        expect(store.readOutputText(7)).toBe('1 packets received');
        // Rows from before the search index (migration 3) become searchable when it is made;
        // from 3 on, the store indexes what it writes (these rows were written by hand).
        if (from < 3) {
          expect(store.listRuns({ text: 'packets received' }).runs.map((r) => r.id)).toEqual([
            'old-run',
          ]);
          expect(store.listRuns({ text: 'db01' }).total).toBe(1);
        }
        expect(store.isTrusted('/rb/old.md', 'a'.repeat(64))).toBe(from >= 2);
      } finally {
        store.close();
      }
    });
  }

  it('upgrades a history written at schema 3 through 4 (attempts), 5 (ledger queue) and 6 (cell ids), in that order', () => {
    const file = path.join(dir, 'released-3.sqlite');
    copyFileSync(path.join(FIXTURES, 'schema-3.sqlite'), file);
    const seen: number[] = [];
    const db = new Database(file);
    for (const m of MIGRATIONS.filter((x) => x.version > 3)) {
      applyMigrations(db, m.version);
      seen.push(db.pragma('user_version', { simple: true }) as number);
    }
    db.close();
    expect(seen).toEqual([4, 5, 6]);

    const store = HistoryStore.open(file);
    try {
      const runs = store.listRuns({}).runs;
      expect(runs.length).toBeGreaterThan(0);
      const run = store.getRun(runs[0]!.id)!;
      const attempts = run.steps.flatMap((s) => s.attempts);
      expect(attempts.length).toBeGreaterThan(0);
      expect(attempts.every((a) => a.attempt >= 1 && a.runbookSha256 === run.runbookSha256)).toBe(
        true,
      );
      // The ledger queue of migration 5 works on the upgraded file.
      const queue = new LedgerQueue(store.database);
      const waiting = { runId: run.id, recordHash: 'c'.repeat(64), document: '{}' };
      expect(queue.enqueue(waiting as Publication, [])).toBe(true);
      expect(queue.list().map((e) => e.runId)).toEqual([run.id]);
      // Steps planned before migration 6 have no cell id; the column is there for new plans.
      const ids = store.database.prepare('SELECT step_id FROM planned_steps').all();
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((r) => (r as { step_id: string | null }).step_id === null)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('refuses a file from a newer Runlog and leaves it byte for byte as it was', () => {
    const file = path.join(dir, 'future.sqlite');
    const db = new Database(file);
    applyMigrations(db);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const before = readFileSync(file);
    const names = readdirSync(dir).sort();
    let error: unknown;
    try {
      HistoryStore.open(file).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NewerSchemaError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toContain(`version ${SCHEMA_VERSION + 5}`);
    expect(message).toContain(`up to ${SCHEMA_VERSION}`);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(names);
  });
});

describe('damaged files', () => {
  it('sets a file that is not a database aside, unchanged, and starts a new history', () => {
    const file = path.join(dir, 'history.sqlite');
    const garbage = Buffer.from('this is not a database\n'.repeat(500));
    writeFileSync(file, garbage);
    writeFileSync(`${file}-wal`, 'stale wal');
    const store = HistoryStore.open(file);
    try {
      const aside = readdirSync(dir).find(
        (n) => /^history\.sqlite\.corrupt-[^-]/.test(n) && !n.endsWith('-wal'),
      )!;
      expect(aside).toBeDefined();
      expect(readFileSync(path.join(dir, aside)).equals(garbage)).toBe(true);
      expect(readFileSync(path.join(dir, `${aside}-wal`), 'utf8')).toBe('stale wal');
      expect(store.notices).toHaveLength(1);
      expect(store.notices[0]).toContain(file);
      expect(store.notices[0]).toContain(path.join(dir, aside));
      expect(store.listRuns({}).total).toBe(0);
    } finally {
      store.close();
    }
  });

  it('sets aside a database whose pages are damaged', () => {
    const file = path.join(dir, 'history.sqlite');
    const first = HistoryStore.open(file);
    const db = first.database;
    db.exec('CREATE TABLE filler (x TEXT)');
    const add = db.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 2000; i++) add.run(`row ${i} ${'y'.repeat(200)}`);
    first.close();
    const bytes = readFileSync(file);
    // Overwrite the middle pages (keeping the header) with noise.
    for (let i = 8192; i < bytes.length - 4096; i++) bytes[i] = (i * 7919) & 0xff;
    writeFileSync(file, bytes);
    const store = HistoryStore.open(file);
    try {
      expect(store.notices[0]).toMatch(/damaged/);
      const aside = readdirSync(dir).find((n) => n.startsWith('history.sqlite.corrupt-'))!;
      expect(readFileSync(path.join(dir, aside)).equals(bytes)).toBe(true);
      expect(existsSync(file)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('refuses a damaged file in read-only mode without moving it', () => {
    const file = path.join(dir, 'history.sqlite');
    writeFileSync(file, 'not a database at all, not even close'.repeat(200));
    expect(() => HistoryStore.open(file, { readonly: true })).toThrow();
    expect(readdirSync(dir)).toEqual(['history.sqlite']);
  });
});
