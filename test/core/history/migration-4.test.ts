/**
 * Migration 4 on real data: a history file written by the Runlog before it (schema 3), where a
 * step exited 3 and passed when run again and a checklist answer was given twice. Both attempts
 * of each must come back, numbered, naming the version they ran; and runbook versions accepted
 * during a run (known then only from their events) must be attached to the attempts after them.
 */
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HistoryStore,
  SCHEMA_VERSION,
  applyMigrations,
} from '../../../src-main/core/history/index.js';
import { FIXTURES, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const LEGACY_RUN = '20261128T064556189Z-4e97e35c';

describe('migration 4: every attempt kept', () => {
  it('turns the executions of a schema-3 file into numbered attempts of the version they ran', () => {
    const file = path.join(dir, 'history.sqlite');
    copyFileSync(path.join(FIXTURES, 'schema-3.sqlite'), file);
    const before = new Database(file, { readonly: true });
    expect(before.pragma('user_version', { simple: true })).toBe(3);
    before.close();

    const store = HistoryStore.open(file);
    try {
      const run = store.getRun(LEGACY_RUN)!;
      expect(run.status).toBe('passed');
      const flaky = run.steps.find((s) => s.stepName === 'flaky')!;
      expect(flaky.attempts.map((a) => [a.attempt, a.action, a.status, a.exitCode])).toEqual([
        [1, 'run', 'failed', 3],
        [2, 'run', 'passed', 0],
      ]);
      expect(flaky).toMatchObject({ status: 'passed', attempt: 2 });
      expect(store.readOutputText(flaky.attempts[0]!.id)).toContain('first try fails');
      const question = run.steps.find((s) => s.stepName === 'was-the-change-window-approved')!;
      expect(question.attempts.map((a) => [a.attempt, a.attestation?.note])).toEqual([
        [1, 'first'],
        [2, 'second'],
      ]);
      expect(run.versions).toHaveLength(1);
      expect(run.versions[0]!.source).toContain('# Legacy demo');
      const every = run.steps.flatMap((s) => s.attempts);
      expect(every.every((a) => a.runbookSha256 === run.runbookSha256)).toBe(true);
      expect(run.steps.every((s) => Object.keys(s.rules).length === 0)).toBe(true);
      expect(run.outcome.status).toBe('passed');
    } finally {
      store.close();
    }
  });

  it('attaches the versions accepted during an old run to the attempts that followed them', () => {
    const file = path.join(dir, 'accepted.sqlite');
    const db = new Database(file);
    applyMigrations(db, 3);
    const [v1, v2] = ['1'.repeat(64), '2'.repeat(64)];
    db.exec(`
      INSERT INTO runbook_sources VALUES ('${v1}', '# One');
      INSERT INTO runbook_versions VALUES (1, '/rb/a.md', 'a', 'A', '${v1}', '2024-01-01T00:00:00Z');
      INSERT INTO runs VALUES ('r', 1, 'passed', '2024-01-01T00:00:00Z', '2024-01-01T00:09:00Z',
        'o', 'h', 'linux', '6', 'x64', '0.1.0', '{}', '/runs/r', 'h', 1, 'tok', 'boot');
      INSERT INTO planned_steps VALUES ('r', 0, 'go', 'command', 'echo one', 'pending', NULL);
      INSERT INTO executions (id, run_id, step_name, kind, text, status, started_at)
        VALUES (1, 'r', 'go', 'command', 'echo one', 'failed', '2024-01-01T00:01:00Z');
      INSERT INTO events (run_id, at, type, detail)
        VALUES ('r', '2024-01-01T00:02:00Z', 'runbook-accepted', '${v2}');
      INSERT INTO executions (id, run_id, step_name, kind, text, status, started_at)
        VALUES (2, 'r', 'go', 'command', 'echo two', 'passed', '2024-01-01T00:03:00Z');
    `);
    db.close();
    const store = HistoryStore.open(file);
    try {
      const run = store.getRun('r')!;
      expect(run.versions.map((v) => [v.sha256, v.source])).toEqual([
        [v1, '# One'],
        [v2, undefined],
      ]);
      const go = run.steps[0]!;
      expect(go.attempts.map((a) => [a.attempt, a.runbookSha256, a.text])).toEqual([
        [1, v1, 'echo one'],
        [2, v2, 'echo two'],
      ]);
      // The plan takes the text its step last ran, so the current result is the last attempt.
      expect(go).toMatchObject({ status: 'passed', text: 'echo two' });
      expect(store.database.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      store.close();
    }
  });
});
