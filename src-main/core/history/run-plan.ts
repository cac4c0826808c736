/**
 * A new run's rows, a run's plan (every step of its runbook, in order, with its outcome rules) and its runbook
 * versions. The plan follows the version the run uses now: accepting another version rewrites
 * it, keeping at the end, as not applicable, the steps that version dropped but that have
 * attempts (their attempts stay evidence).
 */
import type Database from 'better-sqlite3';
import type { PlannedStep, RunbookVersion, RunRecorder } from '../run-model.js';
import { runSearchBody } from './migrations.js';
import type { Owner } from './owner.js';

/** The rows of a new run: its runbook version, the run held by `owner`, its plan, its search text. */
export function insertRun(
  db: Database.Database,
  run: Parameters<RunRecorder['createRun']>[0],
  owner: Owner,
  door: string,
): void {
  db.prepare('INSERT OR IGNORE INTO runbook_sources (sha256, source) VALUES (?, ?)').run(
    run.runbookSha256,
    run.runbookSource,
  );
  const versionKey = [run.runbookPath, run.runbookId, run.runbookTitle, run.runbookSha256];
  db.prepare(
    `INSERT OR IGNORE INTO runbook_versions (path, runbook_id, title, sha256, first_seen)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(...versionKey, run.startedAt);
  const version = db
    .prepare(
      'SELECT id FROM runbook_versions WHERE path = ? AND runbook_id = ? AND title = ? AND sha256 = ?',
    )
    .get(...versionKey) as { id: number };
  const paramsJson = JSON.stringify(run.params);
  const c = run.context;
  db.prepare(
    `INSERT INTO runs (id, runbook_version_id, status, started_at, operator, hostname, platform,
       os_release, arch, app_version, params_json, folder, owner_host, owner_pid, owner_token,
       owner_boot, owner_door) VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    run.id,
    version.id,
    run.startedAt,
    c.operator,
    c.hostname,
    String(c.platform),
    c.osRelease,
    c.arch,
    c.appVersion,
    paramsJson,
    run.folder,
    owner.host,
    owner.pid,
    owner.token,
    owner.boot,
    door,
  );
  addVersion(db, run.id, {
    sha256: run.runbookSha256,
    source: run.runbookSource,
    acceptedAt: run.startedAt,
    trust: run.trust,
  });
  insertPlan(db, run.id, run.steps);
  const doc = db.prepare('INSERT INTO search_docs (run_id) VALUES (?)').run(run.id).lastInsertRowid;
  const body = runSearchBody(run.id, run.runbookId, run.runbookTitle, c.operator, paramsJson);
  db.prepare('INSERT INTO search_fts (rowid, body) VALUES (?, ?)').run(doc, body);
}

/** Why a step of an earlier version is no longer counted. */
export const DROPPED_STEP_REASON = 'not in the runbook version the run uses now';

/** Writes the plan rows from `position` on. */
export function insertPlan(
  db: Database.Database,
  runId: string,
  steps: readonly PlannedStep[],
  position = 0,
): void {
  const plan = db.prepare(
    `INSERT INTO planned_steps (run_id, position, name, kind, text, status, reason, rules_json, step_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  steps.forEach((s, i) =>
    plan.run(
      runId,
      position + i,
      s.name,
      s.kind,
      s.text,
      s.status,
      s.reason ?? null,
      JSON.stringify(s.rules ?? {}),
      s.id ?? null,
    ),
  );
}

/** Records a version the run uses (the first at its start, later ones when accepted). */
export function addVersion(
  db: Database.Database,
  runId: string,
  version: { sha256: string; source: string; acceptedAt: string; trust?: string },
): void {
  db.prepare('INSERT OR IGNORE INTO runbook_sources (sha256, source) VALUES (?, ?)').run(
    version.sha256,
    version.source,
  );
  db.prepare(
    `INSERT INTO run_versions (run_id, position, sha256, accepted_at, trust)
     VALUES (?, (SELECT coalesce(max(position) + 1, 0) FROM run_versions WHERE run_id = ?), ?, ?, ?)`,
  ).run(runId, runId, version.sha256, version.acceptedAt, version.trust ?? null);
}

/** Replaces the plan with an accepted version's steps; dropped steps with attempts stay last. */
export function replacePlan(
  db: Database.Database,
  runId: string,
  steps: readonly PlannedStep[],
): void {
  const names = new Set(steps.map((s) => s.name));
  const kept = (
    db
      .prepare(
        `SELECT name, kind, text, rules_json, step_id FROM planned_steps p WHERE run_id = ?
         AND EXISTS (SELECT 1 FROM executions e WHERE e.run_id = p.run_id AND e.step_name = p.name)
         ORDER BY position`,
      )
      .all(runId) as Array<{
      name: string;
      kind: PlannedStep['kind'];
      text: string;
      rules_json: string;
      step_id: string | null;
    }>
  ).filter((row) => !names.has(row.name));
  db.prepare('DELETE FROM planned_steps WHERE run_id = ?').run(runId);
  insertPlan(db, runId, steps);
  insertPlan(
    db,
    runId,
    kept.map((row) => ({
      name: row.name,
      kind: row.kind,
      text: row.text,
      status: 'not-applicable',
      reason: DROPPED_STEP_REASON,
      rules: JSON.parse(row.rules_json) as PlannedStep['rules'],
      ...(row.step_id !== null ? { id: row.step_id } : {}),
    })),
    steps.length,
  );
}

/** The reasons a version could run, as stored (run-model.ts RunbookVersion.trust). */
const TRUST_KINDS = new Set<string>(['bundled', 'operator', 'team']);

/** Every version of a run's runbook, in order, with its source when it was kept. */
export function versionsOf(db: Database.Database, runId: string): RunbookVersion[] {
  const rows = db
    .prepare(
      `SELECT rv.sha256, rv.accepted_at, rv.trust, s.source FROM run_versions rv
       LEFT JOIN runbook_sources s ON s.sha256 = rv.sha256 WHERE rv.run_id = ? ORDER BY rv.position`,
    )
    .all(runId) as Array<{
    sha256: string;
    accepted_at: string;
    trust: string | null;
    source: string | null;
  }>;
  return rows.map((r) => ({
    sha256: r.sha256,
    acceptedAt: r.accepted_at,
    ...(r.source !== null ? { source: r.source } : {}),
    ...(TRUST_KINDS.has(r.trust ?? '') ? { trust: r.trust as RunbookVersion['trust'] } : {}),
  }));
}
