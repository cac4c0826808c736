/**
 * The engine: starts and resumes runs, runs their steps in real pseudo-terminals, gates what
 * needs the operator's word, records every attempt (runs, answers, skips) and every runbook
 * version, and finishes runs with the status the outcome model gives. It knows nothing of
 * Electron or any UI; it runs in a process of its own (child-main.ts), driven through its client.
 * A finished run is read-only: every command that would change it is refused. The checks before
 * anything runs are the plan's (run-plan.ts); one step's execution is step-execution.ts; the way
 * its output reaches a screen is in README.md beside this file.
 */
import { EventEmitter } from 'node:events';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findStep, type Step } from '../runbook/model.js';
import { REDACTED, type RunContext, type RunRecorder, type RunStatus } from '../run-model.js';
import type {
  AcceptChangeRequest,
  AttestRequest,
  EngineEvents,
  ListenerArgs,
  ResumeRunRequest,
  ResumeRunResult,
  RunAllRequest,
  RunAllResult,
  RunStepRequest,
  SkipRequest,
  StartRunRequest,
  StartRunResult,
  StepOutcome,
} from './engine-types.js';
import { EngineError } from './errors.js';
import { prepareInput } from './env-prompts.js';
import { checkAnswer, recordAnswer, recordSkip } from './manual-answers.js';
import { checkGate, planOf, planRun, shownText } from './run-plan.js';
import {
  checkRunbookUnchanged,
  CATEGORIES_DETAIL,
  checkRunnable,
  now,
  outcomeOfRun,
  readPinnedSource,
  newRunId,
  type RunState,
} from './run-state.js';
import { runStateDir } from './engine-state.js';
import { executeStep, type ExecutionContext } from './step-execution.js';
import { PRIVATE_DIR_MODE } from './step-process.js';
import { STOPPED_BY_OPERATOR, stopBackgroundSteps, stopExecution } from './run-stop.js';
import { walkRun } from './run-walk.js';
import { gateEventDetail, needsGate } from './step-gate.js';

export { newRunId, notApplicableReason } from './run-state.js';

export interface EngineOptions {
  recorder: RunRecorder;
  dataDir: string;
  context: RunContext;
  platform?: NodeJS.Platform;
}

/**
 * The modules that read a runbook file again (a resumed run, an accepted change), loaded the first
 * time one is needed: they bring the Markdown and YAML parsers, which the engine otherwise never
 * uses, so it starts sooner and smaller.
 */
function loadRunbookReaders() {
  return { resume: import('./resume-run.js'), accept: import('./accept-change.js') };
}

/** Runs runbooks: one instance per process, any number of runs, one running step per run. */
export class Engine extends EventEmitter<ListenerArgs<EngineEvents>> {
  private readonly runs = new Map<string, RunState>();
  private readonly platform: NodeJS.Platform;
  private readonly execution: ExecutionContext;

  constructor(private readonly options: EngineOptions) {
    super();
    this.platform = options.platform ?? process.platform;
    this.execution = {
      recorder: options.recorder,
      platform: this.platform,
      emit: (name, payload) => void this.emit(name, ...([payload] as never)),
    };
  }

  /** Opens a run: checks the runbook and parameters, pins the source and records the plan. */
  startRun(req: StartRunRequest): StartRunResult {
    const { runbook } = req;
    const resolved = planRun(runbook, req.params ?? {}, this.platform, req.categories);
    const { plan, categories } = resolved;
    const source = readPinnedSource(runbook);
    const id = newRunId();
    const folder = join(this.options.dataDir, 'runs', id);
    mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
    chmodSync(folder, PRIVATE_DIR_MODE);
    const secretNames = new Set(runbook.params.filter((p) => p.secret).map((p) => p.name));
    const run: RunState = {
      id,
      folder,
      stateDir: runStateDir(this.options.dataDir, id),
      runbook,
      pinnedSha: runbook.sha256,
      trust: req.trust,
      params: resolved.values,
      secrets: [...secretNames].map((n) => resolved.values[n] ?? '').filter((v) => v !== ''),
      missingSecrets: [],
      open: true,
      changed: undefined,
      steps: new Map(
        plan.map((p) => [p.name, { status: p.status, reason: p.reason, attempts: 0 }]),
      ),
      carried: { set: {}, unset: [] },
      sequence: 0,
      background: new Map(),
      stopRequested: false,
      ...(categories ? { categories } : {}),
    };
    this.options.recorder.createRun({
      id,
      runbookId: runbook.id,
      runbookTitle: runbook.title,
      runbookPath: runbook.file,
      runbookSha256: runbook.sha256,
      runbookSource: source,
      trust: req.trust,
      context: this.options.context,
      params: Object.fromEntries(
        Object.entries(resolved.values).map(([k, v]) => [k, secretNames.has(k) ? REDACTED : v]),
      ),
      folder,
      startedAt: now(),
      steps: plan,
    });
    this.runs.set(id, run);
    this.options.recorder.event(id, {
      at: now(),
      type: 'run-started',
      ...(categories ? { detail: `${CATEGORIES_DETAIL}${categories.join(',')}` } : {}),
    });
    this.emit('run:state', { runId: id, status: 'open' });
    return { runId: id, folder };
  }

  /**
   * Takes over an open or interrupted run from the history (after a restart, or from the door
   * that did not start it). Refused for a finished run and for one a live process holds.
   */
  async resumeRun(req: ResumeRunRequest): Promise<ResumeRunResult> {
    const { applySecrets, resumeState } = await loadRunbookReaders().resume;
    const held = this.runs.get(req.runId);
    if (held?.open) {
      held.missingSecrets = applySecrets(held.runbook, held.params, held.secrets, req.params);
      return { runId: held.id, folder: held.folder, missingSecrets: held.missingSecrets };
    }
    const run = resumeState(this.options.recorder, req, {
      stateDir: runStateDir(this.options.dataDir, req.runId),
      platform: this.platform,
    });
    this.runs.set(run.id, run);
    this.options.recorder.event(run.id, { at: now(), type: 'run-resumed' });
    this.emit('run:state', { runId: run.id, status: 'open' });
    return { runId: run.id, folder: run.folder, missingSecrets: run.missingSecrets };
  }

  /** Runs one command step and resolves when it has ended and been recorded. */
  async runStep(req: RunStepRequest): Promise<StepOutcome> {
    const run = this.openRun(req.runId);
    const step = this.findStep(run, req.step);
    checkRunnable(run, step);
    checkGate(run, step, req.confirmed);
    const gated = needsGate(step);
    this.checkUnchanged(run);
    const input = prepareInput(this.execution, run, step, req.env);
    if (gated) {
      this.options.recorder.event(run.id, {
        at: now(),
        type: 'gate-confirmed',
        stepName: step.name,
        detail: gateEventDetail(step),
      });
    }
    return executeStep(this.execution, run, step, input);
  }

  /** Runs the run's steps in order, pausing where the operator must act (see run-walk.ts). */
  async runAll(req: RunAllRequest): Promise<RunAllResult> {
    const run = this.openRun(req.runId);
    if (run.running)
      throw new EngineError('step-running', `Step "${run.running.step}" is still running.`);
    run.stopRequested = false;
    return walkRun(run, req, (step) => this.runStep(step));
  }

  /**
   * Stops the run's running step (SIGINT, SIGTERM, SIGKILL) and ends a "run all" in progress; with
   * `step`, stops that background step instead (its normal end).
   */
  async stop(runId: string, step?: string): Promise<boolean> {
    const run = this.getRun(runId);
    if (step === undefined || step === run.running?.step) return this.stopRunning(run, true);
    const background = run.background.get(findStep(run.runbook.steps, step)?.name ?? step);
    if (!background) return false;
    await stopExecution(this.options.recorder, run, background, STOPPED_BY_OPERATOR);
    return true;
  }

  private async stopRunning(run: RunState, byOperator: boolean): Promise<boolean> {
    run.stopRequested = true;
    const running = run.running;
    if (!running) return false;
    await stopExecution(this.options.recorder, run, running, { byOperator, type: 'step-stopped' });
    return true;
  }

  /** Passes typed input to the running step; never recorded. False when nothing can take it. */
  input(runId: string, data: string): boolean {
    const running = this.getRun(runId).running;
    if (!running || !running.interactive || typeof data !== 'string') return false;
    running.session.write(data);
    return true;
  }

  /** Resizes the running step's terminal (and the next steps'). */
  resize(runId: string, cols: number, rows: number): void {
    const run = this.getRun(runId);
    if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1) return;
    run.size = { cols, rows };
    const running = run.running;
    if (!running) return;
    // A step with terminalRows keeps its rows; only the width follows the viewer.
    const fixed = run.runbook.steps.find((s) => s.name === running.step)?.terminalRows;
    if (running.session.resize(cols, fixed ?? rows)) run.display?.resize(cols, fixed ?? rows);
  }

  /**
   * Asks for a 'step:screen' event of the run's latest execution (for a viewer that appeared
   * late or fell behind); nothing when the run has not run a step in this engine.
   */
  requestScreen(runId: string): void {
    this.runs.get(runId)?.display?.requestScreen();
  }

  /** Records the operator's answer for a checklist or device-configuration step. */
  attest(req: AttestRequest): number {
    const run = this.openRun(req.runId);
    const step = this.findStep(run, req.step);
    checkAnswer(run, step, req);
    this.checkUnchanged(run);
    return recordAnswer(this.execution, run, step, shownText(run.runbook, step, run.params), req);
  }

  /** Records the operator's skip of a step, with the reason, as the step's latest attempt. */
  skip(req: SkipRequest): number {
    const run = this.openRun(req.runId);
    const step = this.findStep(run, req.step);
    this.checkUnchanged(run);
    return recordSkip(this.execution, run, step, shownText(run.runbook, step, run.params), req);
  }

  /**
   * Closes the run with the status the outcome model gives; the run is read-only from then on.
   * Background steps still running are stopped and recorded first (their normal end).
   */
  async finishRun(runId: string): Promise<RunStatus> {
    const run = this.openRun(runId);
    if (run.running)
      throw new EngineError(
        'step-running',
        `Step "${run.running.step}" is still running; stop it first.`,
      );
    await stopBackgroundSteps(this.options.recorder, run, true);
    if (!run.open)
      throw new EngineError('run-not-open', `Run "${runId}" is finished; it is read-only.`);
    const { status } = outcomeOfRun(run);
    const at = now();
    this.options.recorder.event(runId, { at, type: 'run-finished', detail: status });
    this.options.recorder.finishRun(runId, status, at);
    run.open = false;
    run.display?.dispose();
    rmSync(run.stateDir, { recursive: true, force: true });
    this.emit('run:state', { runId, status });
    return status;
  }

  /**
   * Continues the run with the runbook file as it is now. The caller names the SHA-256 the
   * operator reviewed and says why that version may run (bundled, or trusted); the file must
   * have exactly that hash when it is read here, so a later edit is never accepted unseen.
   */
  async acceptRunbookChange(req: AcceptChangeRequest): Promise<{ sha256: string }> {
    const { acceptVersion, readAcceptedVersion } = await loadRunbookReaders().accept;
    const run = this.openRun(req.runId);
    if (run.running)
      throw new EngineError('step-running', `Step "${run.running.step}" is still running.`);
    const version = readAcceptedVersion(run, req);
    const plan = planOf(version.runbook, run.params, this.platform, run.categories);
    acceptVersion(this.execution, run, version, plan);
    return { sha256: version.sha256 };
  }

  /**
   * Leaves the run open for a later resume (the CLI's second Ctrl-C): its running step is stopped,
   * and the run is held by no process, so any door may resume it.
   */
  async releaseRun(runId: string): Promise<void> {
    const run = this.openRun(runId);
    await this.stopRunning(run, false);
    await stopBackgroundSteps(this.options.recorder, run, false);
    this.options.recorder.event(runId, { at: now(), type: 'run-left-open' });
    this.options.recorder.releaseRun(runId);
    run.display?.dispose();
    this.runs.delete(runId);
  }

  /** Drops a run this engine holds without recording more (it is about to be deleted). */
  async forgetRun(runId: string): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) return;
    await this.stopRunning(run, false);
    await stopBackgroundSteps(this.options.recorder, run, false);
    run.display?.dispose();
    this.runs.delete(runId);
    rmSync(run.stateDir, { recursive: true, force: true });
  }

  /**
   * The process is about to exit: every running step is stopped, and every open run is left open
   * for any door to resume (a process that closes properly did not die; its runs are not
   * "interrupted"). With `leaveOpen` false (the door vanished without closing its runs), the runs
   * are not released: the caller marks them interrupted. Then the recorder is flushed.
   */
  async shutdown(leaveOpen = true): Promise<void> {
    const running = [...this.runs.values()].flatMap((r) => [
      this.stopRunning(r, false),
      stopBackgroundSteps(this.options.recorder, r, false),
    ]);
    await Promise.allSettled(running);
    for (const run of this.runs.values()) {
      if (!run.open || !leaveOpen) continue;
      try {
        const detail = 'the Runlog process holding it closed';
        this.options.recorder.event(run.id, { at: now(), type: 'run-left-open', detail });
        this.options.recorder.releaseRun(run.id);
      } catch {
        // A history that refuses the write: the next start marks the run interrupted instead.
      }
    }
    this.options.recorder.flush();
  }

  /** Ids of the runs this engine holds open. */
  openRuns(): string[] {
    return [...this.runs.values()].filter((r) => r.open).map((r) => r.id);
  }

  private checkUnchanged(run: RunState): void {
    checkRunbookUnchanged(run, this.options.recorder, (message) =>
      this.emit('run:notice', { runId: run.id, message, runbookChanged: true }),
    );
  }

  private getRun(runId: string): RunState {
    const run = this.runs.get(runId);
    if (!run) throw new EngineError('unknown-run', `No run "${runId}" in this engine.`);
    return run;
  }

  private openRun(runId: string): RunState {
    const run = this.getRun(runId);
    if (!run.open)
      throw new EngineError('run-not-open', `Run "${runId}" is finished; it is read-only.`);
    return run;
  }

  private findStep(run: RunState, name: string): Step {
    const step = findStep(run.runbook.steps, name);
    if (!step)
      throw new EngineError('unknown-step', `Runbook "${run.runbook.id}" has no step "${name}".`);
    return step;
  }
}
