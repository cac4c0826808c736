/**
 * The run history: what the engine records (it implements RunRecorder) and what the API and the
 * evidence exporter read back. One SQLite file in WAL mode, safe to share between the app and the
 * CLI running at the same time.
 */
import type Database from 'better-sqlite3';
import path from 'node:path';
import { sweepEngineState } from '../engine/engine-state.js';
import type {
  AttemptStep,
  Attestation,
  PlannedStep,
  RunDetail,
  RunEvent,
  RunRecorder,
  RunStatus,
  RunSummary,
  StepAttempt,
  StepStatus,
} from '../run-model.js';
import { OutputWriter } from './output-writer.js';
import { liveTokens, newOwner, type Owner } from './owner.js';
import * as queries from './queries.js';
import { recoverInterrupted, storedOutput, storeText } from './recovery.js';
import { checkClaimable, holderOf, releaseRun, takeRun, type HolderState } from './run-claims.js';
import { getExecutions, getRun } from './run-detail.js';
import { addVersion, insertRun, replacePlan } from './run-plan.js';
import { openDatabase, withBusyRetry } from './sqlite-open.js';

/** Options of HistoryStore.open. */
export interface OpenOptions {
  /** Reads only: no migration, no recovery, a corrupt file is an error. */
  readonly?: boolean;
  /** Identity of this process's runs; give it to let a parent recover them if this one dies. */
  ownerToken?: string;
  /** The door this process serves ('app', 'host', 'cli'), named when another is refused a run. */
  door?: string;
  /** This process records step output (the engine): its writer's thread starts at once. */
  recordsOutput?: boolean;
}

type CreateRunInput = Parameters<RunRecorder['createRun']>[0];
type StepEndedResult = Parameters<RunRecorder['stepEnded']>[1];

/** The history database; one instance per process and file. */
export class HistoryStore implements RunRecorder {
  private readonly output: OutputWriter;
  private readonly statements = new Map<string, Database.Statement>();
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    /** Path of the database file. */
    readonly file: string,
    /** Things the operator must be told about opening (a damaged file set aside). */
    readonly notices: string[],
    private readonly owner: Owner,
    private readonly door: string,
  ) {
    this.output = new OutputWriter(file);
    liveTokens.add(owner.token);
  }

  /**
   * Opens (creating and migrating as needed) the history file, then interrupts the runs left
   * unfinished by processes that have died.
   */
  static open(file: string, options: OpenOptions = {}): HistoryStore {
    const { db, notices } = openDatabase(file, options);
    const owner = newOwner(options.ownerToken);
    const store = new HistoryStore(db, file, notices, owner, options.door ?? '');
    if (!options.readonly) store.recoverInterrupted();
    if (options.recordsOutput) store.output.prepare();
    return store;
  }

  /** The token that marks this process's runs (see OpenOptions.ownerToken). */
  get ownerToken(): string {
    return this.owner.token;
  }

  /**
   * Interrupts unfinished runs whose process is gone. With a token: that process's runs, for a
   * parent that watched its engine child die. Returns the ids of the runs changed.
   */
  recoverInterrupted(ownerToken?: string): string[] {
    const changed = recoverInterrupted(
      this.db,
      this.owner,
      (work) => this.transaction(work),
      ownerToken,
    );
    // A dead engine's private files (an env dump may hold secret-derived values) go with it;
    // an interrupted run keeps only its exported variables, for a resume.
    sweepEngineState(path.dirname(this.file), (id) => {
      const row = this.stmt('SELECT status FROM runs WHERE id = ?').get(id) as
        { status: string } | undefined;
      if (row?.status === 'open') return 'open';
      return row?.status === 'interrupted' ? 'resumable' : 'gone';
    });
    return changed;
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** A write transaction that takes the lock up front and waits out other processes. */
  private transaction<T>(work: () => T): T {
    if (this.db.inTransaction) return work();
    return withBusyRetry(() => this.db.transaction(work).immediate());
  }

  /** Records a new run with its planned steps and the runbook version it pins. */
  createRun(run: CreateRunInput): void {
    this.transaction(() => {
      if (this.stmt('SELECT 1 FROM runs WHERE id = ?').get(run.id)) {
        throw new Error(`${this.file}: a run with id "${run.id}" is already in the history.`);
      }
      insertRun(this.db, run, this.owner, this.door);
    });
  }

  /** Records the start of a step execution and returns its id; this process now holds the run. */
  stepStarted(runId: string, step: Parameters<RunRecorder['stepStarted']>[1]): number {
    const id = this.transaction(() => {
      const claimed = this.stmt(
        `UPDATE runs SET owner_host = ?, owner_pid = ?, owner_token = ?, owner_boot = ?,
           owner_door = ? WHERE id = ?`,
      ).run(this.owner.host, this.owner.pid, this.owner.token, this.owner.boot, this.door, runId);
      if (claimed.changes === 0) throw new Error(`${this.file}: no run "${runId}" in the history.`);
      return this.insertAttempt(runId, step, { status: 'running', startedAt: step.startedAt });
    });
    this.output.begin(id, step.secrets);
    return id;
  }

  /** One execution row: numbered after the step's earlier attempts, naming the version it ran. */
  private insertAttempt(
    runId: string,
    step: AttemptStep,
    row: { status: StepStatus; startedAt: string; endedAt?: string; reason?: string },
  ): number {
    return Number(
      this.stmt(
        `INSERT INTO executions (run_id, step_name, kind, text, status, started_at, ended_at,
           runbook_sha256, reason, attempt)
         VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?, (SELECT sha256 FROM run_versions
           WHERE run_id = ? ORDER BY position DESC LIMIT 1)), ?, (SELECT count(*) + 1
           FROM executions WHERE run_id = ? AND step_name = ?))`,
      ).run(
        runId,
        step.name,
        step.kind,
        step.text,
        row.status,
        row.startedAt,
        row.endedAt ?? null,
        step.runbookSha256 ?? null,
        runId,
        row.reason ?? null,
        runId,
        step.name,
      ).lastInsertRowid,
    );
  }

  /** Queues raw pty bytes; they reach the database within OUTPUT_FLUSH_INTERVAL_MS. */
  appendOutput(executionId: number, bytes: Uint8Array): void {
    this.output.append(executionId, bytes);
  }

  /** Records how a step ended: its output is written out, hashed and turned into plain text. */
  stepEnded(executionId: number, result: StepEndedResult): void {
    const live = this.output.finish(executionId);
    const figures = live ?? storedOutput(this.db, executionId);
    this.transaction(() => {
      const updated = this.stmt(
        `UPDATE executions SET status = ?, flag = ?, exit_code = ?, signal = ?, ended_at = ?,
           output_bytes = ?, output_sha256 = ? WHERE id = ?`,
      ).run(
        result.status,
        result.flag ?? null,
        result.exitCode ?? null,
        result.signal ?? null,
        result.endedAt,
        figures.bytes,
        figures.sha256,
        executionId,
      );
      if (updated.changes === 0) return; // its run was deleted meanwhile
      const add = this.stmt(
        'INSERT OR REPLACE INTO artifacts (execution_id, path, size, sha256) VALUES (?, ?, ?, ?)',
      );
      for (const a of result.artifacts) add.run(executionId, a.path, a.size, a.sha256);
      storeText(this.db, executionId, figures.text.text, figures.text.omittedLines);
    });
  }

  /** Records an operator's attestation of a manual step as an execution; returns its id. */
  attest(runId: string, step: AttemptStep, attestation: Attestation): number {
    return this.transaction(() => {
      const status: StepStatus = attestation.done ? 'done' : 'not-done';
      const at = attestation.at;
      const id = this.insertAttempt(runId, step, { status, startedAt: at, endedAt: at });
      this.stmt(
        'INSERT INTO attestations (execution_id, done, note, device, at) VALUES (?, ?, ?, ?, ?)',
      ).run(
        id,
        attestation.done ? 1 : 0,
        attestation.note ?? null,
        attestation.device ?? null,
        attestation.at,
      );
      return id;
    });
  }

  /** Records the operator's skip of a step, with its reason, as an execution; returns its id. */
  skip(runId: string, step: AttemptStep, skip: { reason: string; at: string }): number {
    return this.transaction(() =>
      this.insertAttempt(runId, step, {
        status: 'skipped',
        startedAt: skip.at,
        endedAt: skip.at,
        reason: skip.reason,
      }),
    );
  }

  /** Records a version of the runbook the operator accepted during the run, and its plan. */
  versionAccepted(
    runId: string,
    version: { sha256: string; source: string; acceptedAt: string; trust?: string },
    steps: PlannedStep[],
  ): void {
    this.transaction(() => {
      addVersion(this.db, runId, version);
      replacePlan(this.db, runId, steps);
    });
  }

  /** Records something that happened to a run (cancel, runbook changed…). */
  event(runId: string, event: RunEvent): void {
    this.transaction(() => {
      this.stmt(
        'INSERT INTO events (run_id, at, type, step_name, detail) VALUES (?, ?, ?, ?, ?)',
      ).run(runId, event.at, event.type, event.stepName ?? null, event.detail ?? null);
    });
  }

  /** Closes a run with its final status. */
  finishRun(runId: string, status: RunStatus, endedAt: string): void {
    this.output.flush();
    this.transaction(() => {
      this.stmt('UPDATE runs SET status = ?, ended_at = ? WHERE id = ?').run(
        status,
        endedAt,
        runId,
      );
    });
  }

  /** Who holds a run, seen from this process (undefined for an unknown run). */
  holder(runId: string): HolderState | undefined {
    return holderOf(this.db, runId, this.owner);
  }

  /**
   * Takes an open or interrupted run for this process and returns it. A run whose holder died
   * is first recovered (its running step marked interrupted); one held by a live process, and a
   * finished one, are refused with a ClaimError naming the reason.
   */
  claimRun(runId: string): RunDetail {
    const before = checkClaimable(this.holder(runId), runId);
    if (before.status === 'open' && before.token !== '' && !before.alive && !before.ours)
      this.recoverInterrupted(before.token);
    this.transaction(() => {
      checkClaimable(this.holder(runId), runId);
      takeRun(this.db, runId, this.owner, this.door);
    });
    return this.getRun(runId)!;
  }

  /** Leaves an open run of this process held by nobody, to be resumed later. */
  releaseRun(runId: string): void {
    this.output.flush();
    this.transaction(() => releaseRun(this.db, runId, this.owner));
  }

  /** Writes buffered output now (on stop and before exit). */
  flush(): void {
    this.output.flush();
  }

  /** Runs newest first, filtered and paged, with the total number that match. */
  listRuns(filter: queries.RunFilter = {}): { runs: RunSummary[]; total: number } {
    return queries.listRuns(this.db, filter);
  }

  /** One run in full, or undefined when there is no such run. */
  getRun(id: string): RunDetail | undefined {
    return getRun(this.db, id);
  }

  /** Every attempt of one step of a run, oldest first. */
  getExecutions(runId: string, stepName: string): StepAttempt[] {
    return getExecutions(this.db, runId, stepName);
  }

  /** A byte range of an execution's raw output; `total` is the size recorded so far. */
  readOutput(
    executionId: number,
    offset?: number,
    length?: number,
  ): { bytes: Uint8Array; total: number } {
    if (this.output.has(executionId)) this.output.flush();
    return queries.readOutput(this.db, executionId, offset, length);
  }

  /** The plain text of an execution's output (so far, while it still runs). */
  readOutputText(executionId: number): string {
    if (this.output.has(executionId)) {
      this.output.flush();
      return this.output.currentText(executionId)?.text ?? '';
    }
    const row = this.stmt('SELECT text FROM output_text WHERE execution_id = ?').get(
      executionId,
    ) as { text: string } | undefined;
    return row ? row.text : storedOutput(this.db, executionId).text.text;
  }

  /** Removes a run and everything recorded about it; exported evidence files are not touched. */
  deleteRun(id: string): boolean {
    return this.transaction(() => {
      const executions = this.stmt('SELECT id FROM executions WHERE run_id = ?').all(id) as Array<{
        id: number;
      }>;
      executions.forEach((e) => this.output.drop(e.id, true));
      this.stmt(
        'DELETE FROM search_fts WHERE rowid IN (SELECT doc FROM search_docs WHERE run_id = ?)',
      ).run(id);
      return this.stmt('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
    });
  }

  /** The source text of a runbook version seen in a run. */
  runbookSource(sha256: string): string | undefined {
    const row = this.stmt('SELECT source FROM runbook_sources WHERE sha256 = ?').get(sha256) as
      { source: string } | undefined;
    return row?.source;
  }

  /** Trusts a runbook file in exactly this content. */
  trustRunbook(path: string, sha256: string): void {
    this.transaction(() => {
      this.stmt(
        'INSERT OR REPLACE INTO trusted_runbooks (path, sha256, trusted_at) VALUES (?, ?, ?)',
      ).run(path, sha256, new Date().toISOString());
    });
  }

  /** True when the operator trusted this file in this content. */
  isTrusted(path: string, sha256: string): boolean {
    return (
      this.stmt('SELECT 1 FROM trusted_runbooks WHERE path = ? AND sha256 = ?').get(
        path,
        sha256,
      ) !== undefined
    );
  }

  /** The connection, for tools that need raw access (the seeding helper, diagnostics). */
  get database(): Database.Database {
    return this.db;
  }

  /** Writes pending output and closes the file. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.output.flush();
    } finally {
      this.output.close();
      liveTokens.delete(this.owner.token);
      this.db.close();
    }
  }
}
