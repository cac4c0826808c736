/**
 * Fills a history with many realistic runs quickly, for the large-history test and the
 * benchmark: one transaction and prepared statements, bypassing the per-call API.
 */
import { createHash } from 'node:crypto';
import type { HistoryStore } from '../../../src-main/core/history/index.js';
import { runSearchBody } from '../../../src-main/core/history/migrations.js';

/** The runbooks the seeded runs cycle through. */
export const SEED_RUNBOOKS = [
  'capture',
  'bogons',
  'tnsnames',
  'disk-usage',
  'dns-check',
  'ntp-sync',
];
/** Statuses cycled through so that filters have something to find. */
const SEED_STATUSES = ['passed', 'failed', 'incomplete', 'passed', 'interrupted'] as const;

/** The id of the i-th seeded run: sortable like the engine's ids. */
export function seededRunId(i: number): string {
  return `seed-${String(i).padStart(7, '0')}`;
}

/** The output line of step `s` of run `i`; unique per execution so searches can target one. */
export function seededOutput(i: number, s: number): string {
  return `host-${i} step ${s}: ${s % 3 === 0 ? 'link up' : 'ok'} token${i}x${s}\r\n`;
}

/** Inserts `runs` runs of `stepsPerRun` executed steps each, newest last by start time. */
export function seedHistory(
  store: HistoryStore,
  options: { runs: number; stepsPerRun: number },
): { runIds: string[] } {
  const db = store.database;
  const put = {
    source: db.prepare('INSERT OR IGNORE INTO runbook_sources (sha256, source) VALUES (?, ?)'),
    version: db.prepare(
      `INSERT INTO runbook_versions (path, runbook_id, title, sha256, first_seen) VALUES (?, ?, ?, ?, ?)`,
    ),
    run: db.prepare(
      `INSERT INTO runs (id, runbook_version_id, status, started_at, ended_at, operator, hostname,
         platform, os_release, arch, app_version, params_json, folder, owner_host, owner_pid,
         owner_token, owner_boot)
       VALUES (?, ?, ?, ?, ?, 'seed-operator', 'seed-host', 'linux', '6.1', 'x64', '0.1.0', ?, ?,
         'seed-host', 0, 'seed', 'seed')`,
    ),
    plan: db.prepare(
      `INSERT INTO planned_steps (run_id, position, name, kind, text, status) VALUES (?, ?, ?, 'command', ?, 'pending')`,
    ),
    exec: db.prepare(
      `INSERT INTO executions (run_id, step_name, kind, text, status, exit_code, started_at, ended_at,
         output_bytes, output_sha256) VALUES (?, ?, 'command', ?, ?, ?, ?, ?, ?, ?)`,
    ),
    chunk: db.prepare(
      'INSERT INTO output_chunks (execution_id, byte_offset, bytes) VALUES (?, 0, ?)',
    ),
    text: db.prepare(
      'INSERT INTO output_text (execution_id, text, omitted_lines) VALUES (?, ?, 0)',
    ),
    doc: db.prepare('INSERT INTO search_docs (run_id, execution_id) VALUES (?, ?)'),
    fts: db.prepare('INSERT INTO search_fts (rowid, body) VALUES (?, ?)'),
  };
  const runIds: string[] = [];
  const base = Date.parse('2024-01-01T00:00:00Z');
  db.transaction(() => {
    const versions = SEED_RUNBOOKS.map((rb) => {
      const source = `# ${rb}\n\nSeeded runbook.\n`;
      const sha = createHash('sha256').update(source).digest('hex');
      put.source.run(sha, source);
      const at = new Date(base).toISOString();
      return Number(
        put.version.run(`/runbooks/${rb}.md`, rb, `Runbook ${rb}`, sha, at).lastInsertRowid,
      );
    });
    for (let i = 0; i < options.runs; i++) {
      const id = seededRunId(i);
      const rb = i % SEED_RUNBOOKS.length;
      const status = SEED_STATUSES[i % SEED_STATUSES.length]!;
      const startedAt = new Date(base + i * 60_000).toISOString();
      const endedAt = new Date(base + i * 60_000 + 30_000).toISOString();
      const params = JSON.stringify({ HOST: `host-${i}` });
      put.run.run(id, versions[rb], status, startedAt, endedAt, params, `/runs/${id}`);
      const runDoc = put.doc.run(id, null).lastInsertRowid;
      put.fts.run(
        runDoc,
        runSearchBody(
          id,
          SEED_RUNBOOKS[rb]!,
          `Runbook ${SEED_RUNBOOKS[rb]}`,
          'seed-operator',
          params,
        ),
      );
      for (let s = 0; s < options.stepsPerRun; s++) {
        const name = `step-${s}`;
        const text = `echo step ${s}`;
        put.plan.run(id, s, name, text);
        const out = Buffer.from(seededOutput(i, s));
        const sha = createHash('sha256').update(out).digest('hex');
        const execId = put.exec.run(
          id,
          name,
          text,
          'passed',
          0,
          startedAt,
          endedAt,
          out.length,
          sha,
        ).lastInsertRowid;
        put.chunk.run(execId, out);
        const plain = out.toString().trimEnd();
        put.text.run(execId, plain);
        put.fts.run(put.doc.run(id, execId).lastInsertRowid, plain);
      }
      runIds.push(id);
    }
  }).immediate();
  return { runIds };
}
