/**
 * One run in full, as the API and the evidence read it: the plan in order, each step with every
 * attempt (executions, answers, skips) and its current result (the last attempt), the runbook
 * versions the run used, its events, and what finishing it now would record.
 */
import type Database from 'better-sqlite3';
import type { StepKind, StepRules } from '../runbook/model.js';
import type {
  Artifact,
  Attestation,
  AttemptAction,
  RunDetail,
  RunEvent,
  RunEventType,
  RunOutcome,
  StepAttempt,
  StepExecution,
  StepFlag,
  StepStatus,
} from '../run-model.js';
import { runOutcome } from '../run-outcome.js';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './queries.js';
import { versionsOf } from './run-plan.js';

interface ExecutionRow {
  id: number;
  run_id: string;
  step_name: string;
  kind: string;
  text: string;
  status: string;
  exit_code: number | null;
  signal: string | null;
  started_at: string;
  ended_at: string | null;
  output_bytes: number;
  output_sha256: string | null;
  attempt: number;
  runbook_sha256: string | null;
  flag: string | null;
  reason: string | null;
}

function actionOf(row: ExecutionRow, attested: boolean): AttemptAction {
  if (attested) return 'attest';
  return row.status === 'skipped' ? 'skip' : 'run';
}

/** Loads executions (attempts) with their artifacts and attestations, oldest first. */
function loadExecutions(db: Database.Database, where: string, args: unknown[]): StepAttempt[] {
  const rows = db
    .prepare(`SELECT * FROM executions WHERE ${where} ORDER BY id`)
    .all(...args) as ExecutionRow[];
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const idList = `(${ids.map(() => '?').join(',')})`;
  const artifacts = new Map<number, Artifact[]>();
  const artifactRows = db
    .prepare(`SELECT * FROM artifacts WHERE execution_id IN ${idList} ORDER BY path`)
    .all(...ids) as Array<Artifact & { execution_id: number }>;
  for (const a of artifactRows) {
    const list = artifacts.get(a.execution_id) ?? [];
    list.push({ path: a.path, size: a.size, sha256: a.sha256 });
    artifacts.set(a.execution_id, list);
  }
  const attestations = new Map<number, Attestation>();
  const attestRows = db
    .prepare(`SELECT * FROM attestations WHERE execution_id IN ${idList}`)
    .all(...ids) as Array<{
    execution_id: number;
    done: number;
    note: string | null;
    device: string | null;
    at: string;
  }>;
  for (const a of attestRows) {
    attestations.set(a.execution_id, {
      done: a.done === 1,
      ...(a.note !== null ? { note: a.note } : {}),
      ...(a.device !== null ? { device: a.device } : {}),
      at: a.at,
    });
  }
  return rows.map((r) => ({
    id: r.id,
    runId: r.run_id,
    stepName: r.step_name,
    kind: r.kind as StepKind,
    attempt: r.attempt,
    action: actionOf(r, attestations.has(r.id)),
    text: r.text,
    ...(r.runbook_sha256 !== null ? { runbookSha256: r.runbook_sha256 } : {}),
    status: r.status as StepStatus,
    ...(r.flag !== null ? { flag: r.flag as StepFlag } : {}),
    ...(r.exit_code !== null ? { exitCode: r.exit_code } : {}),
    ...(r.signal !== null ? { signal: r.signal } : {}),
    startedAt: r.started_at,
    ...(r.ended_at !== null ? { endedAt: r.ended_at } : {}),
    ...(r.reason !== null ? { reason: r.reason } : {}),
    outputBytes: r.output_bytes,
    ...(r.output_sha256 !== null ? { outputSha256: r.output_sha256 } : {}),
    artifacts: artifacts.get(r.id) ?? [],
    ...(attestations.has(r.id) ? { attestation: attestations.get(r.id)! } : {}),
  }));
}

interface PlannedRow {
  name: string;
  kind: string;
  text: string;
  status: string;
  reason: string | null;
  rules_json: string;
  step_id: string | null;
}

/** Every attempt of one step of a run, oldest first (retries, answers and skips included). */
export function getExecutions(
  db: Database.Database,
  runId: string,
  stepName: string,
): StepAttempt[] {
  return loadExecutions(db, 'run_id = ? AND step_name = ?', [runId, stepName]);
}

function parseRules(json: string): StepRules {
  try {
    const value = JSON.parse(json) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as StepRules;
  } catch {
    // A damaged value counts as the default rules (required).
  }
  return {};
}

/** A planned step merged with its attempts: the latest one's fields, and all of them. */
function stepOf(
  runId: string,
  p: PlannedRow,
  attempts: StepAttempt[],
  currentSha: string | undefined,
): StepExecution {
  const rules = parseRules(p.rules_json);
  const stepId = p.step_id !== null ? { stepId: p.step_id } : {};
  const latest = attempts[attempts.length - 1];
  // Not applicable (other platform, dropped by an accepted version) is the plan's reason to show.
  const planReason = p.status === 'not-applicable' && p.reason !== null ? { reason: p.reason } : {};
  // A step whose text changed in a version accepted after its last attempt must be done again.
  const current =
    latest &&
    (p.status === 'not-applicable' ||
      latest.text === p.text ||
      latest.runbookSha256 === currentSha);
  if (latest && current) return { ...latest, ...planReason, ...stepId, attempts, rules };
  return {
    id: 0,
    runId,
    stepName: p.name,
    kind: p.kind as StepKind,
    attempt: 0,
    action: 'run',
    text: p.text,
    status: p.status as StepStatus,
    ...(p.reason !== null ? { reason: p.reason } : {}),
    outputBytes: 0,
    artifacts: [],
    ...stepId,
    attempts,
    rules,
  };
}

/**
 * What finishing now would record, from the plan's steps: those not applicable (or shown only)
 * count for nothing, and a pending step the plan gives a reason cannot run as written.
 */
function outcomeOf(planned: PlannedRow[], steps: StepExecution[]): RunOutcome {
  return runOutcome(
    steps.slice(0, planned.length).map((s, i) => {
      const plan = planned[i]!;
      const counted = plan.status !== 'not-applicable' && s.kind !== 'display';
      const blocked = plan.status === 'pending' && plan.reason !== null ? plan.reason : undefined;
      return {
        name: s.stepName,
        rules: s.rules,
        status: counted ? s.status : 'not-applicable',
        flag: s.flag,
        reason: s.reason,
        attempted: s.attempts.length > 0,
        ...(blocked ? { blocked } : {}),
      };
    }),
  );
}

function eventsOf(db: Database.Database, id: string): RunEvent[] {
  const rows = db
    .prepare('SELECT at, type, step_name, detail FROM events WHERE run_id = ? ORDER BY id')
    .all(id) as Array<{
    at: string;
    type: string;
    step_name: string | null;
    detail: string | null;
  }>;
  return rows.map((e) => ({
    at: e.at,
    type: e.type as RunEventType,
    ...(e.step_name !== null ? { stepName: e.step_name } : {}),
    ...(e.detail !== null ? { detail: e.detail } : {}),
  }));
}

/** One run in full: planned steps in order, each with its attempts and current result. */
export function getRun(db: Database.Database, id: string): RunDetail | undefined {
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, s.source FROM runs r
       JOIN runbook_versions v ON v.id = r.runbook_version_id
       JOIN runbook_sources s ON s.sha256 = v.sha256 WHERE r.id = ?`,
    )
    .get(id) as (SummaryRow & { source: string }) | undefined;
  if (!row) return undefined;
  const byStep = new Map<string, StepAttempt[]>();
  for (const e of loadExecutions(db, 'run_id = ?', [id])) {
    const list = byStep.get(e.stepName) ?? [];
    list.push(e);
    byStep.set(e.stepName, list);
  }
  const planned = db
    .prepare(
      `SELECT name, kind, text, status, reason, rules_json, step_id FROM planned_steps
       WHERE run_id = ? ORDER BY position`,
    )
    .all(id) as PlannedRow[];
  const versions = versionsOf(db, id);
  const currentSha = versions[versions.length - 1]?.sha256;
  const steps = planned.map((p) => {
    const attempts = byStep.get(p.name) ?? [];
    byStep.delete(p.name);
    return stepOf(id, p, attempts, currentSha);
  });
  // Attempts of steps outside the plan are still evidence: they follow the plan.
  for (const attempts of byStep.values()) {
    const last = attempts[attempts.length - 1]!;
    steps.push({ ...last, attempts, rules: {} });
  }
  return {
    ...toSummary(row),
    runbookSource: row.source,
    versions,
    steps,
    events: eventsOf(db, id),
    folder: row.folder,
    outcome: outcomeOf(planned, steps),
  };
}
